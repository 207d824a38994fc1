-- Prepended to every event store script that touches a stream (LuaScript.fromResources).
-- A stream's keys: events (entry id 0-<version>), meta (hash below), ids (eventId -> version).
-- Meta fields: the last version ever appended, soft-delete and tombstone flags, retention, metadata JSON,
-- the hash chain's head (the chain hash of the last event appended) and base (that of the event
-- before the oldest kept one, where a verification starts).
local VERSION, DELETED, TOMBSTONE = 'version', 'deleted', 'tomb'
local MAX_COUNT, MAX_AGE, METADATA = 'maxCount', 'maxAge', 'metadata'
local CHAIN, CHAIN_BASE = 'chain', 'chainBase'

local function now_ms()
  local t = redis.call('TIME')
  return t[1] * 1000 + math.floor(t[2] / 1000)
end

local function version_of(entry_id)
  return tonumber(string.sub(entry_id, 3))
end

local function field(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then
      return fields[i + 1]
    end
  end
  return nil
end

-- Removes up to `budget` of the oldest events that retention (maxCount, maxAge in seconds) no longer
-- keeps, and their eventIds from the index. Versions never change: the entry ids are the versions.
-- The chain base moves to the last removed event's chain hash, so the rest stays verifiable.
-- Returns how many events were removed.
local function trim(events, meta, ids, id_field, at_field, chain_field, now, budget)
  local limits = redis.call('HMGET', meta, MAX_COUNT, MAX_AGE)
  local max_count, max_age = tonumber(limits[1]), tonumber(limits[2])
  if not max_count and not max_age then
    return 0
  end
  local excess = 0
  if max_count then
    excess = math.max(0, redis.call('XLEN', events) - max_count)
  end
  if excess == 0 and not max_age then
    return 0
  end
  local expired_before = max_age and (now - max_age * 1000) or nil
  -- Small chunks, stopping at the first event retention keeps: nothing more is copied than trimmed.
  local doomed = {}
  local last, last_chain
  local cursor = '-'
  local chunk_size = 1
  while #doomed < budget do
    local chunk = redis.call('XRANGE', events, cursor, '+', 'COUNT', math.min(chunk_size, budget - #doomed))
    chunk_size = 16
    local kept = false
    for _, entry in ipairs(chunk) do
      local expired = expired_before and tonumber(field(entry[2], at_field)) < expired_before
      if #doomed >= excess and not expired then
        kept = true
        break
      end
      doomed[#doomed + 1] = field(entry[2], id_field)
      last = version_of(entry[1])
      last_chain = field(entry[2], chain_field)
      cursor = '(' .. entry[1]
    end
    if kept or #chunk == 0 then
      break
    end
  end
  if last then
    redis.call('HDEL', ids, unpack(doomed))
    redis.call('XTRIM', events, 'MINID', '0-' .. (last + 1))
    if last_chain then
      redis.call('HSET', meta, CHAIN_BASE, last_chain)
    end
  end
  return #doomed
end
