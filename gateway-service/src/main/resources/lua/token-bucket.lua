-- A token bucket: takes one token if there is one. Time is Redis's own (TIME), so gateways with
-- skewed clocks share one bucket correctly.
-- KEYS[1] the bucket; ARGV[1] capacity, ARGV[2] tokens added per second.
-- Answers {allowed (1/0), tokens left (floor), ms until one token is back, ms until the bucket is full}.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
end

local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now))
local untilFull = math.ceil((capacity - tokens) * 1000 / rate)
-- A full bucket is the same as none: let it go once it would be full again.
redis.call('PEXPIRE', KEYS[1], untilFull + 1000)

local untilToken = 0
if allowed == 0 then
  untilToken = math.ceil((1 - tokens) * 1000 / rate)
end
return {allowed, math.floor(tokens), untilToken, untilFull}
