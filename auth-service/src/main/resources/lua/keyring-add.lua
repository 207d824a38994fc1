-- Adds a signing key to the keyring unless another instance got there first.
-- KEYS: 1 the keyring hash (key id -> JSON with activatesAt in epoch ms)
-- ARGV: 1 key id, 2 stored key (JSON), 3 now (epoch ms),
--       4 'first': only into an empty keyring | 'next': only while no key is pending (activates after now)
-- Returns 1 when added, 0 when refused.
local stored = redis.call('HVALS', KEYS[1])
if ARGV[4] == 'first' and #stored > 0 then
  return 0
end
local now = tonumber(ARGV[3])
for _, value in ipairs(stored) do
  if tonumber(cjson.decode(value).activatesAt) > now then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
