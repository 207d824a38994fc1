-- Settles forwarded outbox entries, only for the lease holder named by owner/token: acknowledges and
-- deletes the published ones, and moves the refused ones to the parked stream with their reason.
-- Ack and delete happen together, so no crash can leave an acknowledged entry behind.
-- KEYS: 1 lease, 2 outbox, 3 parked.
-- ARGV: 1 owner/token, 2 consumer group, 3 reason field, 4 outbox id field, 5 published count p,
--       then p entry ids, then pairs of refused entry id and reason.
-- Returns -1 when the lease is no longer this holder's, else the number of entries settled.
local lease, outbox, parked = KEYS[1], KEYS[2], KEYS[3]
if redis.call('GET', lease) ~= ARGV[1] then
  return -1
end
local p = tonumber(ARGV[5])
local ids = {}
for i = 1, p do
  ids[i] = ARGV[5 + i]
end
for i = 6 + p, #ARGV, 2 do
  local id = ARGV[i]
  local entry = redis.call('XRANGE', outbox, id, id)
  if entry[1] then
    local fields = entry[1][2]
    fields[#fields + 1] = ARGV[3]
    fields[#fields + 1] = ARGV[i + 1]
    fields[#fields + 1] = ARGV[4]
    fields[#fields + 1] = id
    redis.call('XADD', parked, '*', unpack(fields))
  end
  ids[#ids + 1] = id
end
if #ids > 0 then
  redis.call('XACK', outbox, ARGV[2], unpack(ids))
  redis.call('XDEL', outbox, unpack(ids))
end
return #ids
