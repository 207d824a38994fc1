-- Reads a partition's events of one category after a position, through the category index.
-- KEYS: 1 the category index of the partition (entry id 0-<position>, fields stream and version).
-- ARGV: 1 position to read after, 2 most index entries, 3 byte budget (at least one event),
--       4 events key prefix, 5 meta key prefix, 6 stream field name, 7 version field name,
--       8 recordedAt field name.
-- The stream keys come from the index, not from KEYS: they share the index's hash tag, so they are
-- in its Redis Cluster slot.
-- Returns {last position read (or the one read after), 1 when the page was cut (more may follow) else 0,
--          item, item, ...}, an item being {position, stream, version, fields},
-- fields false when the event is gone (its stream trimmed, deleted or past its maxAge): the position
-- still counts as read.
local index = KEYS[1]
local after, count, budget = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local events_prefix, meta_prefix, S, V, AT = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]

local CHUNK = 16
local result = {tonumber(after), 0}
local used, taken = 0, 0
local oldest_kept = {}
local now = now_ms()
local cursor = '(0-' .. after
while taken < count do
  local chunk = redis.call('XRANGE', index, cursor, '+', 'COUNT', math.min(CHUNK, count - taken))
  local full = false
  for _, pointer in ipairs(chunk) do
    local stream, version = field(pointer[2], S), field(pointer[2], V)
    local at = '0-' .. version
    local entry = redis.call('XRANGE', events_prefix .. stream, at, at)[1]
    local fields = false
    if entry then
      if oldest_kept[stream] == nil then
        local max_age = redis.call('HGET', meta_prefix .. stream, MAX_AGE)
        oldest_kept[stream] = max_age and (now - tonumber(max_age) * 1000) or false
      end
      if not oldest_kept[stream] or tonumber(field(entry[2], AT)) >= oldest_kept[stream] then
        fields = entry[2]
      end
    end
    local size = 0
    if fields then
      for j = 2, #fields, 2 do
        size = size + #fields[j]
      end
    end
    if used > 0 and used + size > budget then
      full = true
      result[2] = 1
      break
    end
    used = used + size
    taken = taken + 1
    local position = version_of(pointer[1])
    result[1] = position
    result[#result + 1] = {position, stream, tonumber(version), fields}
    cursor = '(' .. pointer[1]
  end
  if full or #chunk < CHUNK then
    break
  end
end
if taken >= count then
  result[2] = 1
end
return result
