-- wrk script: token requests, client authentication by HTTP Basic.
-- CLIENT and SECRET (environment) default to bin/platform's bootstrap client; BODY (environment) is
-- the form, by default grant_type=client_credentials. SPREAD_ADDRESSES=1 (environment) sends each
-- request with X-Forwarded-For of an address of its own (auth-service trusts loopback as its proxy),
-- as logins of many people are: parallel logins of one name from one address are throttled by design.
local client = os.getenv("CLIENT") or "platform-admin"
local secret = os.getenv("SECRET") or "local-dev-secret"

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

wrk.method = "POST"
wrk.body = os.getenv("BODY") or "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. base64(client .. ":" .. secret)

if os.getenv("SPREAD_ADDRESSES") == "1" then
  local n = 0
  function request()
    n = n + 1
    wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.floor(n / 256) % 256 .. "." .. n % 256
    return wrk.format()
  end
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("token answered " .. status .. ": " .. body .. "\n")
  end
end
