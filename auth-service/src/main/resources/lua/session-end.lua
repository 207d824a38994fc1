-- Ends a session on behalf of its client (revocation of one of its refresh tokens, RFC 7009).
-- KEYS: 1 session hash, 2 the presented refresh token, 3 the session's revocation marker (one slot)
-- ARGV: 1 the presenting client, 2 how long the revocation marker is kept (ms)
-- Returns 'ended' | 'unknown' (no such token or session: nothing to do) | 'foreign' (another client's)
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 0 then
  return 'unknown'
end
if redis.call('HGET', KEYS[1], 'clientId') ~= ARGV[1] then
  return 'foreign'
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
return 'ended'
