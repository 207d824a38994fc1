-- wrk script: refresh token rotation. Each wrk thread has one connection and one session: it presents
-- its refresh token and takes the new one from the answer (a token used twice would end the session).
-- REFRESH_TOKENS (environment): one refresh token per thread, separated by spaces. CLIENT and SECRET as
-- in token.lua.
local client = os.getenv("CLIENT") or "platform-admin"
local secret = os.getenv("SECRET") or "local-dev-secret"
local tokens = {}
for token in string.gmatch(os.getenv("REFRESH_TOKENS") or "", "%S+") do
  table.insert(tokens, token)
end
local next_thread = 1

function setup(thread)
  thread:set("token", tokens[next_thread])
  next_thread = next_thread + 1
end

local function base64(s)
  local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((s:gsub(".", function(x)
    local r, b = "", x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return alphabet:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#s % 3 + 1])
end

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. base64(client .. ":" .. secret),
}

function request()
  return wrk.format("POST", nil, headers, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local rotated = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if rotated then
    token = rotated
  else
    io.stderr:write("refresh answered " .. status .. ": " .. body .. "\n")
  end
end
