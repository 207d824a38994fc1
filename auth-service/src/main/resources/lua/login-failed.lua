-- Counts a failed login from one address (one address trying many names) and, beyond the free
-- failures, refuses logins from it for a delay that doubles with each further failure, up to a
-- maximum. Only failures count and only they renew the record's life.
-- KEYS: 1 the address's record (hash: count, blockedUntil in ms)
-- ARGV: 1 free failures, 2 first delay (ms), 3 maximum delay (ms), 4 forget after (ms)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local beyond = count - tonumber(ARGV[1])
local delay = 0
if beyond > 0 then
  delay = math.floor(math.min(tonumber(ARGV[2]) * 2 ^ math.min(beyond - 1, 30), tonumber(ARGV[3])))
  redis.call('HSET', KEYS[1], 'blockedUntil', now + delay)
end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[4]), delay))
return delay
