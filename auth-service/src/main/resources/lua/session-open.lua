-- Opens a session with its first refresh token, both expiring together.
-- KEYS: 1 session hash, 2 refresh token (one slot)
-- ARGV: 1 lifetime (ms), 2 user id, 3 client id, 4 created at
redis.call('HSET', KEYS[1], 'userId', ARGV[2], 'clientId', ARGV[3], 'createdAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'used', '0')
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1
