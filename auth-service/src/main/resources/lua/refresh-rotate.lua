-- Rotates a refresh token: the presented one is marked used, a new one is stored, the session lives on.
-- A refresh token presented a second time means it was stolen (or the client is broken), and one
-- presented by another client than its session's was stolen: either ends the whole session, and the
-- session's access tokens are revoked in the same step.
-- KEYS: 1 session hash, 2 presented refresh token, 3 new refresh token, 4 the session's revocation
--       marker, holding the session's client (all of one session: one slot)
-- ARGV: 1 lifetime of session and tokens (ms), 2 the presenting client, 3 how long the revocation
--       marker is kept (ms: the access token lifetime and clock skew)
-- Returns {'ok', userId, clientId} | {'unknown'} | {'ended', 'now' | 'before'}: the session is over
--       (each presentation of one of its tokens by its client after its end says so again, so that
--       its revocation is published again)
if redis.call('EXISTS', KEYS[1]) == 0 then
  -- Ended before: said again only for a real token of the session, presented by the session's client.
  if redis.call('EXISTS', KEYS[2]) == 1 and redis.call('GET', KEYS[4]) == ARGV[2] then
    return {'ended', 'before'}
  end
  return {'unknown'}
end
local used = redis.call('HGET', KEYS[2], 'used')
if not used then
  return {'unknown'}
end
local client = redis.call('HGET', KEYS[1], 'clientId')
if used == '1' or client ~= ARGV[2] then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[4], client, 'PX', ARGV[3])
  return {'ended', 'now'}
end
redis.call('HSET', KEYS[2], 'used', '1')
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], 'used', '0')
redis.call('PEXPIRE', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local session = redis.call('HMGET', KEYS[1], 'userId', 'clientId')
return {'ok', session[1], session[2]}
