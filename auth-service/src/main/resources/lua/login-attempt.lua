-- A login attempt of one (user name, address) pair, counted as a failure before the password is
-- checked (login-uncount.lua takes it back when the check did not happen; a right password deletes
-- the record): concurrent guesses of one name cannot all slip through before the first failure is
-- counted. Beyond the free failures, each further attempt refuses the next ones for a delay that
-- doubles up to a maximum. Redis's clock, so that all instances agree.
-- KEYS: 1 the pair's record (hash: count, blockedUntil in ms)
-- ARGV: 1 free failures, 2 first delay (ms), 3 maximum delay (ms), 4 forget after (ms)
-- Returns 0 when the attempt may go on, else how long attempts are still refused (ms; not counted).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local blockedUntil = tonumber(redis.call('HGET', KEYS[1], 'blockedUntil') or '0')
if blockedUntil > now then
  return blockedUntil - now
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
