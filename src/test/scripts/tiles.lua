-- wrk script: random full level-0 tiles (or entry bundles) of a ledger of TILES_FULL full tiles.
-- wrk -t1 -c1 -d30s --latency -s src/test/scripts/tiles.lua http://localhost:18091
-- Environment: TILES_FULL (default 1171, a 300,000-entry ledger), TILES_KIND (tile/0 or tile/entries),
-- TILES_TOKEN (a bearer token, needed for entry bundles).
local full = tonumber(os.getenv("TILES_FULL") or "1171")
local kind = os.getenv("TILES_KIND") or "tile/0"
local token = os.getenv("TILES_TOKEN")

local function encode(n)
  local s = string.format("%03d", n % 1000)
  n = math.floor(n / 1000)
  while n > 0 do
    s = string.format("x%03d/", n % 1000) .. s
    n = math.floor(n / 1000)
  end
  return s
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local headers = {}
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", "/tlog/" .. kind .. "/" .. encode(math.random(0, full - 1)), headers)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. "\n")
  end
end
