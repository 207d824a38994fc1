-- Stores values and tells every node to drop their keys from L1, as one step: a node never misses
-- the news of a write that happened.
-- KEYS: the entries' Redis keys
-- ARGV[1]: the invalidation channel, ARGV[2]: the announcement
-- ARGV[2i+1], ARGV[2i+2]: TTL in milliseconds and value of KEYS[i]
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[2 * i + 2], 'PX', ARGV[2 * i + 1])
end
redis.call('PUBLISH', ARGV[1], ARGV[2])
return #KEYS
