-- wrk: each request registers a fresh random hash (one signed REGISTERED event).
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- an officer token: TOKEN=$(java -jar target/custody-ledger.jar token --role officer --subject load) wrk ...
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
local hex = "0123456789abcdef"
request = function()
  local t = {}
  for i = 1, 64 do local k = math.random(1, 16); t[i] = hex:sub(k, k) end
  local body = '{"sha256":"' .. table.concat(t) .. '","size":1000000,"filename":"load.mp4","incident":"LOAD-TEST"}'
  return wrk.format(nil, "/api/v1/footage/by-hash", nil, body)
end
response = function(status, headers, body)
  if status ~= 201 then print("status " .. status) end
end
