-- Sets a stream's metadata and retention, then trims at most `budget` events (the caller repeats
-- with trim.lua until nothing is left to trim). A stream that does not exist yet gets version 0.
-- KEYS: 1 events, 2 meta, 3 ids. ARGV: 1 metadata JSON, 2 maxCount or '', 3 maxAge seconds or '',
--       4 eventId field, 5 recordedAt field, 6 chain field, 7 budget.
-- Returns {'tombstoned'} | {'ok', trimmed}
local events, meta, ids = KEYS[1], KEYS[2], KEYS[3]
if redis.call('HEXISTS', meta, TOMBSTONE) == 1 then
  return {'tombstoned'}
end
redis.call('HSETNX', meta, VERSION, '0')
redis.call('HSET', meta, METADATA, ARGV[1])
for i, name in ipairs({MAX_COUNT, MAX_AGE}) do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', meta, name)
  else
    redis.call('HSET', meta, name, ARGV[i + 1])
  end
end
return {'ok', trim(events, meta, ids, ARGV[4], ARGV[5], ARGV[6], now_ms(), tonumber(ARGV[7]))}
