-- Parks entries of a persistent subscription at a consumer's request (nack with park): they move to
-- the parked consumer with a reason, and are delivered again only after a replay.
-- KEYS: 1 the category index, 2 the group's parking reasons. ARGV: 1 group, 2 parked consumer name,
--       3 reason, 4.. entry ids. Returns how many were parked (ids not pending in the group are skipped).
local index, reasons = KEYS[1], KEYS[2]
local group, PARKED, reason = ARGV[1], ARGV[2], ARGV[3]
local parked = 0
for i = 4, #ARGV do
  local moved = redis.call('XCLAIM', index, group, PARKED, 0, ARGV[i], 'JUSTID')
  if moved[1] then
    redis.call('HSET', reasons, ARGV[i], reason)
    parked = parked + 1
  end
end
return parked
