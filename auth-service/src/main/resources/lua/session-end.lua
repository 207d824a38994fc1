-- Ends a session on behalf of its client (revocation of one of its refresh tokens, RFC 7009).
-- KEYS: 1 session hash, 2 the presented refresh token, 3 the session's revocation marker (one slot;
--       its value is the client the session belonged to)
-- ARGV: 1 the presenting client, 2 how long the revocation marker is kept (ms)
-- Returns 'ended' | 'unknown' (no such token or session: nothing to do) | 'foreign' (another client's).
-- A session that ended before is 'ended' again for its own client, so that a revocation whose
-- publication failed can be sent again.
if redis.call('EXISTS', KEYS[2]) == 0 then
  return 'unknown'
end
local client = redis.call('HGET', KEYS[1], 'clientId')
if not client then
  if redis.call('GET', KEYS[3]) == ARGV[1] then
    return 'ended'
  end
  return 'unknown'
end
if client ~= ARGV[1] then
  return 'foreign'
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[3], client, 'PX', ARGV[2])
return 'ended'
