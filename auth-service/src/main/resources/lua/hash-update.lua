-- Sets fields of a hash that exists; a record deleted meanwhile is not brought back as a fragment.
-- KEYS: 1 the hash
-- ARGV: field, value, field, value, ...
-- Returns 1 when it existed (and was updated), else 0.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
