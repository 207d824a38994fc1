-- Delivers up to `count` events of a partition's category to one consumer of a persistent
-- subscription (a Redis consumer group on the category index): first entries whose consumer let
-- the ack timeout pass, then new ones. An entry delivered max-deliveries times without an ack is
-- parked instead: it moves to the parked consumer, where it waits for a replay.
-- KEYS: 1 the category index, 2 the group's parking reasons (hash: entry id -> reason).
-- ARGV: 1 group, 2 consumer, 3 count, 4 ack timeout ms, 5 max deliveries, 6 parked consumer name,
--       7 events key prefix, 8 stream field, 9 version field, 10 ms after which an idle consumer
--       with nothing pending is deleted.
-- Returns {'nogroup'} | {'ok', item, ...}, an item being {entry id, stream, version, deliveries, fields}.
-- An entry whose event is gone (trimmed or deleted) is acknowledged and not returned.
local index, reasons = KEYS[1], KEYS[2]
local group, consumer, count = ARGV[1], ARGV[2], tonumber(ARGV[3])
local timeout, max_deliveries, PARKED = ARGV[4], tonumber(ARGV[5]), ARGV[6]
local events_prefix, S, V, forget_after = ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10])

local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', index, group)
if not ok then
  return {'nogroup'}
end
-- Expired deliveries are looked up per consumer, the parked one left out: however many are parked,
-- they never crowd the others out of a read.
local claimed = {}
for _, info in ipairs(consumers) do
  local name, pending, idle = field(info, 'name'), field(info, 'pending'), field(info, 'idle')
  if name ~= PARKED and #claimed < count then
    if pending > 0 then
      local expired = redis.call('XPENDING', index, group, 'IDLE', timeout, '-', '+', count - #claimed, name)
      for _, entry in ipairs(expired) do
        local id, deliveries = entry[1], entry[4]
        if deliveries >= max_deliveries then
          redis.call('XCLAIM', index, group, PARKED, timeout, id, 'JUSTID')
          redis.call('HSET', reasons, id, 'delivered ' .. deliveries .. ' times without an ack')
        else
          local claimed_entry = redis.call('XCLAIM', index, group, consumer, timeout, id)[1]
          if claimed_entry then
            claimed[#claimed + 1] = {claimed_entry, deliveries + 1}
          end
        end
      end
    elseif idle > forget_after and name ~= consumer then
      -- Consumers come and go with their names; an idle one with nothing pending is forgotten.
      redis.call('XGROUP', 'DELCONSUMER', index, group, name)
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
