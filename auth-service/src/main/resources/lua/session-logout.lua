-- Ends a session by its id (logout with one of its access tokens).
-- KEYS: 1 session hash, 2 the session's revocation marker (one slot)
-- ARGV: 1 how long the revocation marker is kept (ms)
-- Returns 1 when the session was still open, 0 when it had ended already.
local open = redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return open
