-- Takes or renews a lease. KEYS: 1 lease key. ARGV: 1 owner, 2 duration in ms. Returns 1 when owned.
local owner = redis.call('GET', KEYS[1])
if owner == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
