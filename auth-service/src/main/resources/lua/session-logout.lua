-- Ends a session by its id (logout with one of its access tokens).
-- KEYS: 1 session hash, 2 the session's revocation marker (one slot; its value is the session's client)
-- ARGV: 1 how long the revocation marker is kept (ms)
-- Returns 1 when the session was still open, 0 when it had ended already.
local client = redis.call('HGET', KEYS[1], 'clientId')
if not client then
  if redis.call('EXISTS', KEYS[2]) == 0 then
    redis.call('SET', KEYS[2], '', 'PX', ARGV[1])
  end
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], client, 'PX', ARGV[1])
return 1
