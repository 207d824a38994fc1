-- A stream's state. KEYS: 1 meta. Returns {} when it never existed, else
-- {version, deleted, tombstoned, metadata JSON or false, chain head or false, chain base or false}.
local state = redis.call('HMGET', KEYS[1], VERSION, DELETED, TOMBSTONE, METADATA, CHAIN, CHAIN_BASE)
if not state[1] then
  return {}
end
return {tonumber(state[1]), state[2] and 1 or 0, state[3] and 1 or 0, state[4], state[5], state[6]}
