-- Takes back an attempt login-count.lua counted whose password was never checked (the password
-- pool was full, Redis failed): it was no guess.
-- KEYS: 1 the pair's record
-- ARGV: 1 free failures
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local count = redis.call('HINCRBY', KEYS[1], 'count', -1)
if count <= tonumber(ARGV[1]) then
  -- Within the free failures again: a delay this attempt's count set is void.
  redis.call('HDEL', KEYS[1], 'blockedUntil')
end
return 1
