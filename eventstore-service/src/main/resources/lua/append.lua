-- Appends a batch of events to one stream and to its partition's outbox, atomically.
-- KEYS: 1 events stream, 2 stream meta hash, 3 eventId -> version hash, 4 partition outbox
-- ARGV: 1 expected version (any | no_stream | stream_exists | N), 2 stream name, 3 partition,
--       4 traceparent, 5 correlation id, 6 event count, then per event:
--       eventId, type, schemaVersion, data, metadata
-- Returns {'ok', first, last} | {'duplicate', first, last} | {'wrong_version', current} | {'partial', current}
--       | {'inconsistent', current, last generated id}
-- Redis does not roll a script back when a command in it fails, so everything that could make a
-- write fail is checked before the first write.
local FIELDS = 5
local FIRST = 7
local n = tonumber(ARGV[6])
local current = tonumber(redis.call('HGET', KEYS[2], 'version') or '0')

-- Idempotency: a batch whose eventIds were all appended before, in the same order, returns the
-- original versions and writes nothing. A batch that overlaps an earlier one only in part is refused.
local known = redis.call('HGET', KEYS[3], ARGV[FIRST])
if known then
  local first = tonumber(known)
  for i = 1, n - 1 do
    if tonumber(redis.call('HGET', KEYS[3], ARGV[FIRST + i * FIELDS]) or '-1') ~= first + i then
      return {'partial', current}
    end
  end
  return {'duplicate', first, first + n - 1}
end
for i = 1, n - 1 do
  if redis.call('HEXISTS', KEYS[3], ARGV[FIRST + i * FIELDS]) == 1 then
    return {'partial', current}
  end
end

local expected = ARGV[1]
if (expected == 'no_stream' and current ~= 0)
    or (expected == 'stream_exists' and current == 0)
    or (expected ~= 'any' and expected ~= 'no_stream' and expected ~= 'stream_exists' and tonumber(expected) ~= current) then
  return {'wrong_version', current}
end

-- An XADD with an id at or below the stream's last generated id fails. That id must be 0-<current>
-- (it is not if the meta hash was lost, e.g. to eviction): refuse rather than fail half way.
if redis.call('EXISTS', KEYS[1]) == 1 then
  local info = redis.call('XINFO', 'STREAM', KEYS[1])
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' and info[i + 1] ~= '0-' .. tostring(current) then
      return {'inconsistent', current, info[i + 1]}
    end
  end
end

local now = redis.call('TIME')
local recordedAt = tostring(now[1] * 1000 + math.floor(now[2] / 1000))
for i = 0, n - 1 do
  local at = FIRST + i * FIELDS
  local version = tostring(current + i + 1)
  local position = redis.call('XADD', KEYS[4], '*',
    'stream', ARGV[2], 'version', version, 'eventId', ARGV[at], 'type', ARGV[at + 1],
    'schemaVersion', ARGV[at + 2], 'data', ARGV[at + 3], 'metadata', ARGV[at + 4],
    'recordedAt', recordedAt, 'traceparent', ARGV[4], 'correlationId', ARGV[5])
  -- Entry ids 0-<version> make versions the stream's own index: XRANGE by version, trimming keeps them.
  redis.call('XADD', KEYS[1], '0-' .. version,
    'eventId', ARGV[at], 'type', ARGV[at + 1], 'schemaVersion', ARGV[at + 2],
    'data', ARGV[at + 3], 'metadata', ARGV[at + 4], 'recordedAt', recordedAt,
    'position', ARGV[3] .. '/' .. position)
  redis.call('HSET', KEYS[3], ARGV[at], version)
end
redis.call('HSET', KEYS[2], 'version', tostring(current + n))
return {'ok', current + 1, current + n}
