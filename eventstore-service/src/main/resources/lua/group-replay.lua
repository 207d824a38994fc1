-- Makes up to `count` parked entries of a persistent subscription deliverable again, with their
-- delivery count reset: they go to the replay consumer as if its ack timeout had passed.
-- KEYS: 1 the category index, 2 the group's parking reasons.
-- ARGV: 1 group, 2 parked consumer, 3 replay consumer, 4 ack timeout ms, 5 count. Returns how many.
local index, reasons = KEYS[1], KEYS[2]
local group, PARKED, REPLAY, timeout, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local parked = redis.call('XPENDING', index, group, '-', '+', count, PARKED)
for _, pending in ipairs(parked) do
  redis.call('XCLAIM', index, group, REPLAY, 0, pending[1], 'IDLE', timeout, 'RETRYCOUNT', 0, 'JUSTID')
  redis.call('HDEL', reasons, pending[1])
end
return #parked
