-- Appends a batch of events to one stream and to its partition's outbox, atomically.
-- KEYS: 1 events, 2 meta, 3 ids, 4 partition outbox, 5 partition position counter, 6 the partition's
--       index of the stream's category
-- ARGV: 1 expected version (any | no_stream | stream_exists | N), 2 stream name, 3 partition,
--       4 event count n, 5 encoded fields per event (w, names and values),
--       6..12 field names: eventId, hash, recordedAt, position, stream, version, chain hash,
--       13 the head the caller computed the events' chain hashes from: '<version>:<chain hash>' ('0:' for none),
--       14 outbox-only item count x, then x items (names and values: trace context),
--       then per event: eventId, content hash, w encoded field items (its chain hash among them).
-- Returns {'ok', first, last} | {'duplicate', first, last} | {'wrong_version', current, deleted}
--       | {'partial', current} | {'id_conflict', current, index} | {'tombstoned', current}
--       | {'chain_stale', current, head}: the chain hashes were computed from another head; compute
--         them from this one and call again.
-- Redis does not roll a script back when a command in it fails, so every check comes before the
-- first write, and the one write that can still fail (an events XADD whose id is not above the
-- stream's last, which only a lost meta key causes) is the first. Outbox entries get ids from Redis
-- ('*') and carry their position as a field, so their XADD cannot fail.
local events, meta, ids, outbox, positions, category = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local expected, stream, partition = ARGV[1], ARGV[2], ARGV[3]
local n, width = tonumber(ARGV[4]), tonumber(ARGV[5])
local ID, HASH, AT, POS, STREAM, VER, CH = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
local chained_from = ARGV[13]
local extra = tonumber(ARGV[14])
local FIRST = 15 + extra
local STRIDE = 2 + width

local state = redis.call('HMGET', meta, VERSION, DELETED, TOMBSTONE, CHAIN)
local current = tonumber(state[1] or '0')
if state[3] then
  return {'tombstoned', current}
end
local deleted = state[2] == '1'

-- Idempotency: a batch whose eventIds were all appended before, in the same order and with the same
-- content, returns the original versions and writes nothing.
local event_ids = {}
for i = 0, n - 1 do
  event_ids[i + 1] = ARGV[FIRST + i * STRIDE]
end
local known = redis.call('HMGET', ids, unpack(event_ids))
local any_known, all_known = false, true
for i = 1, n do
  if known[i] then
    any_known = true
    local at = '0-' .. known[i]
    local stored = redis.call('XRANGE', events, at, at)
    if not stored[1] or field(stored[1][2], HASH) ~= ARGV[FIRST + (i - 1) * STRIDE + 1] then
      return {'id_conflict', current, i - 1}
    end
  else
    all_known = false
  end
end
if any_known then
  local first = tonumber(known[1])
  if not all_known then
    return {'partial', current}
  end
  for i = 2, n do
    if tonumber(known[i]) ~= first + i - 1 then
      return {'partial', current}
    end
  end
  return {'duplicate', first, first + n - 1}
end

local fits
if expected == 'any' then
  fits = true
elseif expected == 'no_stream' then
  fits = current == 0 or deleted
elseif expected == 'stream_exists' then
  fits = current > 0 and not deleted
else
  fits = tonumber(expected) == current
end
if not fits then
  return {'wrong_version', current, deleted and 1 or 0}
end
-- The chain hashes are computed by the caller (Lua has no fast SHA-256); they must follow on from the head.
local head = state[4] or ''
if current .. ':' .. head ~= chained_from then
  return {'chain_stale', current, head}
end

local now = now_ms()
local recorded_at = tostring(now)
local position = tonumber(redis.call('GET', positions) or '0')
local indexed = redis.call('XREVRANGE', category, '+', '-', 'COUNT', 1)
if indexed[1] and version_of(indexed[1][1]) > position then
  return redis.error_reply('ES_LOST_KEYS the category index is ahead of the position counter ' .. positions)
end
local outbox_head = {STREAM, stream, VER, '0'}
local tail = {AT, recorded_at}
for i = FIRST - extra, FIRST - 1 do
  tail[#tail + 1] = ARGV[i]
end
for i = 0, n - 1 do
  local base = FIRST + i * STRIDE + 2
  local version = tostring(current + i + 1)
  local pos = position + i + 1
  local fields = {}
  for j = 0, width - 1 do
    fields[j + 1] = ARGV[base + j]
  end
  head = field(fields, CH)
  local stored = {unpack(fields)}
  stored[#stored + 1] = AT
  stored[#stored + 1] = recorded_at
  stored[#stored + 1] = POS
  stored[#stored + 1] = partition .. '/' .. pos
  redis.call('XADD', events, '0-' .. version, unpack(stored))
  redis.call('XADD', category, '0-' .. pos, STREAM, stream, VER, version)
  outbox_head[4] = version
  local queued = {unpack(outbox_head)}
  queued[#queued + 1] = POS
  queued[#queued + 1] = partition .. '/' .. pos
  for j = 1, width do
    queued[#queued + 1] = fields[j]
  end
  for j = 1, #tail do
    queued[#queued + 1] = tail[j]
  end
  redis.call('XADD', outbox, '*', unpack(queued))
end
local pairs_ = {}
for i = 1, n do
  pairs_[#pairs_ + 1] = event_ids[i]
  pairs_[#pairs_ + 1] = tostring(current + i)
end
redis.call('HSET', ids, unpack(pairs_))
redis.call('SET', positions, tostring(position + n))
redis.call('HSET', meta, VERSION, tostring(current + n), CHAIN, head)
if deleted then
  redis.call('HDEL', meta, DELETED)
end
trim(events, meta, ids, ID, AT, CH, now, n + 100)
return {'ok', current + 1, current + n}
