-- Counts a failed login of one user name or one address and, beyond the free failures, refuses
-- logins for a delay that doubles with each further failure, up to a maximum. Redis's clock, so
-- that all instances agree.
-- KEYS: 1 the failure record (hash: count, blockedUntil in ms)
-- ARGV: 1 free failures, 2 first delay (ms), 3 maximum delay (ms), 4 forget after (ms)
-- Returns the delay now in force (ms, 0 while failures are free).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local beyond = count - tonumber(ARGV[1])
local delay = 0
if beyond > 0 then
  -- 2^30 first delays is beyond any maximum: the exponent is capped so the number stays finite.
  delay = math.floor(math.min(tonumber(ARGV[2]) * 2 ^ math.min(beyond - 1, 30), tonumber(ARGV[3])))
  redis.call('HSET', KEYS[1], 'blockedUntil', now + delay)
end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[4]), delay))
return delay
