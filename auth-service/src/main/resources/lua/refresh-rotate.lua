-- Rotates a refresh token: the presented one is marked used, a new one is stored, the session lives on.
-- A refresh token presented a second time means it was stolen (or the client is broken): the whole
-- session ends.
-- KEYS: 1 session hash, 2 presented refresh token, 3 new refresh token (all of one session: one slot)
-- ARGV: 1 lifetime of session and tokens (ms)
-- Returns {'ok', userId, clientId} | {'unknown'} | {'reused'}
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'unknown'}
end
local used = redis.call('HGET', KEYS[2], 'used')
if not used then
  return {'unknown'}
end
if used == '1' then
  redis.call('DEL', KEYS[1])
  return {'reused'}
end
redis.call('HSET', KEYS[2], 'used', '1')
redis.call('HSET', KEYS[3], 'used', '0')
redis.call('PEXPIRE', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local session = redis.call('HMGET', KEYS[1], 'userId', 'clientId')
return {'ok', session[1], session[2]}
