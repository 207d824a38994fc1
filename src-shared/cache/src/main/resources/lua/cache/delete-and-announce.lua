-- Removes an entry, ends any load of it under way (see set-and-announce.lua) and tells every node
-- to drop it from L1, as one step.
-- KEYS[1]: the entry's Redis key, KEYS[2]: its load lease
-- ARGV[1]: the invalidation channel, ARGV[2]: the announcement
local removed = redis.call('UNLINK', KEYS[1])
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return removed
