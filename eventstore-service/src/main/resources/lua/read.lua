-- Reads a page of a stream's events, stopping at a count or a byte budget (at least one event).
-- KEYS: 1 events, 2 meta. ARGV: 1 from version, 2 'forward' | 'backward', 3 count, 4 byte budget,
--       5 recordedAt field name, 6 'visible' | 'all' (with events past maxAge that no append has trimmed yet).
-- Returns {'missing'} | {'tombstoned', version} | {'deleted', version}
--       | {'ok', version, next version or -1, entry, entry, ...} where an entry is {id, fields}.
local events, meta = KEYS[1], KEYS[2]
-- from stays text: a Lua number would print a large version in floating point.
local from, direction, count, budget, AT = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]

local state = redis.call('HMGET', meta, VERSION, DELETED, TOMBSTONE, MAX_AGE)
if not state[1] then
  return {'missing'}
end
local version = tonumber(state[1])
if state[3] then
  return {'tombstoned', version}
end
if state[2] then
  return {'deleted', version}
end
-- Events past maxAge that no append has trimmed yet are not returned.
local oldest_kept = state[4] and ARGV[6] == 'visible' and (now_ms() - tonumber(state[4]) * 1000) or nil

-- Read in small chunks: a page's byte budget must stop the read before large events are copied.
local CHUNK = 16
local result = {'ok', version, -1}
local used, taken = 0, 0
local cursor = '0-' .. from
local done = false
while not done do
  local chunk
  if direction == 'forward' then
    chunk = redis.call('XRANGE', events, cursor, '+', 'COUNT', CHUNK)
  else
    chunk = redis.call('XREVRANGE', events, cursor, '-', 'COUNT', CHUNK)
  end
  for _, entry in ipairs(chunk) do
    local size = 0
    for j = 2, #entry[2], 2 do
      size = size + #entry[2][j]
    end
    if taken >= count or (taken > 0 and used + size > budget) then
      result[3] = version_of(entry[1])
      done = true
      break
    end
    if not oldest_kept or tonumber(field(entry[2], AT)) >= oldest_kept then
      result[#result + 1] = entry
      used = used + size
      taken = taken + 1
    end
    cursor = '(' .. entry[1]
  end
  if #chunk < CHUNK then
    done = true
  end
end
return result
