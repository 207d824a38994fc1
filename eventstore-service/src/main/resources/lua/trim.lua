-- Trims at most `budget` events beyond a stream's retention. KEYS: 1 events, 2 meta, 3 ids.
-- ARGV: 1 eventId field, 2 recordedAt field, 3 chain field, 4 budget. Returns how many events were removed.
return trim(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], now_ms(), tonumber(ARGV[4]))
