-- Counts a login failure in a record (hash: count, blockedUntil in ms) and, beyond the free
-- failures, refuses further attempts for a delay that doubles with each further failure, up to a
-- maximum. Each count renews the record's life. Redis's clock, so that all instances agree.
-- Two uses (bruteforce.LoginThrottle):
--   per (user name, address), ARGV 5 = 'refuse-while-blocked': the attempt is counted before the
--     password is checked (login-uncount.lua takes it back when the check did not happen; a right
--     password deletes the record), so concurrent guesses of one name cannot all slip through
--     before the first failure is counted; a blocked pair is refused without being counted;
--   per address, ARGV 5 = 'count': a failure, counted after the check.
-- KEYS: 1 the record
-- ARGV: 1 free failures, 2 first delay (ms), 3 maximum delay (ms), 4 forget after (ms), 5 mode
-- Returns 0 when counted, else how long attempts are still refused (ms; not counted).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if ARGV[5] == 'refuse-while-blocked' then
  local blockedUntil = tonumber(redis.call('HGET', KEYS[1], 'blockedUntil') or '0')
  if blockedUntil > now then
    return blockedUntil - now
  end
end
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local beyond = count - tonumber(ARGV[1])
local delay = 0
if beyond > 0 then
  -- The exponent is capped so that the number stays finite; the maximum caps the delay anyway.
  delay = math.floor(math.min(tonumber(ARGV[2]) * 2 ^ math.min(beyond - 1, 30), tonumber(ARGV[3])))
  redis.call('HSET', KEYS[1], 'blockedUntil', now + delay)
end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[4]), delay))
return 0
