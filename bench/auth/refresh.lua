-- wrk script: refresh token rotation. Each wrk thread has one connection and one session: it presents
-- its refresh token and takes the new one from the answer (a token used twice would end the session).
-- REFRESH_TOKENS (environment): one refresh token per thread, separated by spaces. CLIENT and SECRET as
-- in token.lua.
-- token.lua sets the method, Content-Type and HTTP Basic headers (one base64 in one place).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "token.lua")
local tokens = {}
for token in string.gmatch(os.getenv("REFRESH_TOKENS") or "", "%S+") do
  table.insert(tokens, token)
end
local next_thread = 1

function setup(thread)
  thread:set("token", tokens[next_thread])
  next_thread = next_thread + 1
end

function request()
  return wrk.format(nil, nil, nil, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local rotated = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if rotated then
    token = rotated
  else
    io.stderr:write("refresh answered " .. status .. ": " .. body .. "\n")
  end
end
