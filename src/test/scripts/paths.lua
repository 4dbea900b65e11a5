-- wrk script: GET a random line of PATHS_FILE (one request path a line) as bearer TOKEN. Any
-- non-2xx answer is counted by wrk. Used by footage-reads.sh for search by hash and history.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("TOKEN") }
math.randomseed(os.time())

request = function()
  return wrk.format("GET", paths[math.random(1, #paths)], headers)
end
