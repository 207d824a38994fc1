-- How long logins from one address are still refused (ms, 0 when they are not).
-- KEYS: 1 the address's record of login-count.lua
local blockedUntil = redis.call('HGET', KEYS[1], 'blockedUntil')
if not blockedUntil then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return math.max(tonumber(blockedUntil) - now, 0)
