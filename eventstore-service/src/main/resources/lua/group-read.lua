-- Delivers up to `count` events of a partition's category to one consumer of a persistent
-- subscription (a Redis consumer group on the category index): first entries whose consumer let
-- the ack timeout pass, then new ones. An entry delivered max-deliveries times without an ack is
-- parked instead: it moves to the parked consumer, where it waits for a replay.
-- KEYS: 1 the category index, 2 the group's parking reasons (hash: entry id -> reason).
-- ARGV: 1 group, 2 consumer, 3 count, 4 ack timeout ms, 5 max deliveries, 6 parked consumer name,
--       7 events key prefix, 8 stream field, 9 version field.
-- Returns {'nogroup'} | {'ok', item, ...}, an item being {entry id, stream, version, deliveries, fields}.
-- An entry whose event is gone (trimmed or deleted) is acknowledged and not returned.
local index, reasons = KEYS[1], KEYS[2]
local group, consumer, count = ARGV[1], ARGV[2], tonumber(ARGV[3])
local timeout, max_deliveries, PARKED = ARGV[4], tonumber(ARGV[5]), ARGV[6]
local events_prefix, S, V = ARGV[7], ARGV[8], ARGV[9]

local ok, expired = pcall(redis.call, 'XPENDING', index, group, 'IDLE', timeout, '-', '+', count)
if not ok then
  return {'nogroup'}
end
local claimed = {}
for _, pending in ipairs(expired) do
  local id, owner, deliveries = pending[1], pending[2], pending[4]
  if owner == PARKED then
    -- Parked entries stay pending; touching them keeps them out of the next reads' idle window.
    redis.call('XCLAIM', index, group, PARKED, 0, id, 'IDLE', 0, 'JUSTID')
  else
    if deliveries >= max_deliveries then
      redis.call('XCLAIM', index, group, PARKED, timeout, id, 'JUSTID')
      redis.call('HSET', reasons, id, 'delivered ' .. deliveries .. ' times without an ack')
    else
      local entry = redis.call('XCLAIM', index, group, consumer, timeout, id)[1]
      if entry then
        claimed[#claimed + 1] = {entry, deliveries + 1}
      end
    end
  end
end
if #claimed < count then
  local fresh = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count - #claimed, 'STREAMS', index, '>')
  if fresh and fresh[1] then
    for _, entry in ipairs(fresh[1][2]) do
      claimed[#claimed + 1] = {entry, 1}
    end
  end
end
local result = {'ok'}
for _, item in ipairs(claimed) do
  local entry, deliveries = item[1], item[2]
  local stream, version = field(entry[2], S), field(entry[2], V)
  local at = '0-' .. version
  local event = redis.call('XRANGE', events_prefix .. stream, at, at)[1]
  if event then
    result[#result + 1] = {entry[1], stream, tonumber(version), deliveries, event[2]}
  else
    redis.call('XACK', index, group, entry[1])
  end
end
return result
