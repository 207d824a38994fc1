-- wrk script: appends to one of 10,000 streams (expectedVersion any), each event with a new eventId.
-- EVENTS (environment) events per append, default 1.
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
end

local events_per_append = tonumber(os.getenv("EVENTS") or "1")
local random = math.random

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    return string.format("%x", c == "x" and random(0, 15) or random(8, 11))
  end))
end

function init(args)
  math.randomseed(os.time() * 100 + (id or 0))
end

-- TOKEN (environment): a bearer token with EVENTSTORE_APPEND or role ADMIN; the event store verifies it.
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "") }

function request()
  local events = {}
  for i = 1, events_per_append do
    events[i] = '{"eventId":"' .. uuid() .. '","type":"HorseEntered","data":{"horse":"Bella","class":"A","n":' .. i .. '}}'
  end
  local body = '{"expectedVersion":"any","events":[' .. table.concat(events, ",") .. ']}'
  return wrk.format("POST", "/streams/bench-" .. random(1, 10000) .. "/events", headers, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("append answered " .. status .. ": " .. body .. "\n")
  end
end
