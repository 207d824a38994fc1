-- Stores a loader's result only if its lease still stands: a write, delete or invalidation of the
-- key since the lease was taken removed the lease, and the (possibly older) result is dropped.
-- KEYS[1]: the entry's Redis key, KEYS[2]: its load lease
-- ARGV[1]: the invalidation channel, ARGV[2]: the announcement, ARGV[3]: the lease holder,
-- ARGV[4]: TTL in milliseconds, ARGV[5]: the value
if redis.call('GET', KEYS[2]) ~= ARGV[3] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[4])
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1
