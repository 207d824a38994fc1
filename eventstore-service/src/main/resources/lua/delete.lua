-- Deletes a stream's events, its eventId index and its snapshot, keeping its version and chain head
-- so a recreated stream continues both; the chain base moves to the head. Hard: leaves a tombstone, later appends and reads get 410.
-- A hard deletion also puts a marker (version 0) in the category index at a position of its own, so
-- that live subscribers of the stream hear of it.
-- KEYS: 1 events, 2 meta, 3 ids, 4 snapshot, 5 partition position counter, 6 category index.
-- ARGV: 1 'soft' | 'hard', 2 expected version (any | N), 3 stream name, 4 stream field, 5 version field.
-- Returns {'missing'} | {'tombstoned'} | {'wrong_version', current} | {'ok', version}
local events, meta, ids, snapshot, positions, category = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local state = redis.call('HMGET', meta, VERSION, TOMBSTONE, CHAIN)
if not state[1] then
  return {'missing'}
end
if state[2] then
  return {'tombstoned'}
end
local current = tonumber(state[1])
if ARGV[2] ~= 'any' and tonumber(ARGV[2]) ~= current then
  return {'wrong_version', current}
end
-- UNLINK frees a large stream's memory off the main thread.
redis.call('UNLINK', events, ids, snapshot)
if ARGV[1] == 'hard' then
  redis.call('HSET', meta, TOMBSTONE, '1')
  redis.call('HDEL', meta, DELETED, MAX_COUNT, MAX_AGE, METADATA)
  local position = redis.call('INCR', positions)
  redis.call('XADD', category, '0-' .. position, ARGV[4], ARGV[3], ARGV[5], '0')
else
  redis.call('HSET', meta, DELETED, '1')
  if state[3] then
    redis.call('HSET', meta, CHAIN_BASE, state[3])
  end
end
return {'ok', current}
