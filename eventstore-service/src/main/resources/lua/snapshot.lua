-- Stores a snapshot unless a newer one is stored. KEYS: 1 meta, 2 snapshot.
-- ARGV: 1 version, 2 data JSON, 3..5 snapshot field names: version, data, recordedAt.
-- Returns {'missing'} | {'tombstoned'} | {'deleted'} | {'ahead', current} | {'stale', stored} | {'ok'}
local meta, snapshot = KEYS[1], KEYS[2]
local state = redis.call('HMGET', meta, VERSION, DELETED, TOMBSTONE)
if not state[1] or tonumber(state[1]) == 0 then
  return {'missing'}
end
if state[3] then
  return {'tombstoned'}
end
if state[2] then
  return {'deleted'}
end
local version = tonumber(ARGV[1])
if version > tonumber(state[1]) then
  return {'ahead', tonumber(state[1])}
end
local stored = tonumber(redis.call('HGET', snapshot, ARGV[3]) or '0')
if stored > version then
  return {'stale', stored}
end
redis.call('HSET', snapshot, ARGV[3], ARGV[1], ARGV[4], ARGV[2], ARGV[5], tostring(now_ms()))
return {'ok'}
