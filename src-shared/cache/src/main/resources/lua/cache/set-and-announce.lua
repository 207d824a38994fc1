-- Stores values and tells every node to drop their keys from L1, as one step: a node never misses
-- the news of a write that happened. Also ends any load of those keys under way (its lease goes),
-- so that a loader that read before this write cannot store its older result after it.
-- KEYS[1..n]: the entries' Redis keys, KEYS[n+1..2n]: their load leases
-- ARGV[1]: the invalidation channel, ARGV[2]: the announcement
-- ARGV[2i+1], ARGV[2i+2]: TTL in milliseconds and value of KEYS[i]
local n = #KEYS / 2
for i = 1, n do
  redis.call('SET', KEYS[i], ARGV[2 * i + 2], 'PX', ARGV[2 * i + 1])
  redis.call('DEL', KEYS[n + i])
end
redis.call('PUBLISH', ARGV[1], ARGV[2])
return n
