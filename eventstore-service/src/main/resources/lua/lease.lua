-- Takes or renews a partition's forwarder lease. KEYS: 1 lease, 2 epoch counter.
-- ARGV: 1 owner, 2 duration in ms. Returns the holder's fencing token (the lease's epoch), 0 when another holds it.
-- Every new holder gets a higher token, so a holder that stalled past its lease cannot ack for the next one.
local held = redis.call('GET', KEYS[1])
if held then
  local owner, token = string.match(held, '^(.*)/(%d+)$')
  if owner == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(token)
  end
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '/' .. token, 'PX', ARGV[2])
return token
