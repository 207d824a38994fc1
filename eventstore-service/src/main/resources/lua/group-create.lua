-- Stores a persistent subscription's settings unless one of that name exists.
-- KEYS: 1 the settings hash. ARGV: field, value, field, value, ...
-- Returns {} when it stored them, else the existing settings (field, value, ...).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('HGETALL', KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return {}
