-- Takes back the failure login-attempt.lua counted for an attempt that succeeded.
-- KEYS: 1 the record
-- ARGV: 1 free failures, 2 'forget' (the pair's record: a right password forgets it) or 'uncount'
--       (the address's: one right password does not vouch for the other attempts from there)
if ARGV[2] == 'forget' then
  return redis.call('DEL', KEYS[1])
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local count = redis.call('HINCRBY', KEYS[1], 'count', -1)
if count <= tonumber(ARGV[1]) then
  -- Within the free failures again: a delay set by this attempt's own count is void.
  redis.call('HDEL', KEYS[1], 'blockedUntil')
end
return 1
