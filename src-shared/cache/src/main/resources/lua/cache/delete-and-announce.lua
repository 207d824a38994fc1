-- Removes an entry and tells every node to drop it from L1, as one step.
-- KEYS[1]: the entry's Redis key; ARGV[1]: the invalidation channel, ARGV[2]: the announcement
local removed = redis.call('UNLINK', KEYS[1])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return removed
