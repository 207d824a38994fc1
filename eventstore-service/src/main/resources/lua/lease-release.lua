-- Gives a partition's forwarder lease back if this owner holds it, so that another instance can take
-- the partition at once instead of after the lease runs out. KEYS: 1 lease. ARGV: 1 owner.
-- Returns 1 when released, 0 when another holds it or nobody does.
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, #ARGV[1] + 1) == ARGV[1] .. '/' then
  return redis.call('DEL', KEYS[1])
end
return 0
