-- wrk script: random inclusion (PROOF_KIND=inclusion, default) or consistency (PROOF_KIND=consistency)
-- proofs in the tree of TREE_SIZE entries (default 1000000). Any non-200 answer is counted by wrk.
local kind = os.getenv("PROOF_KIND") or "inclusion"
local size = tonumber(os.getenv("TREE_SIZE") or "1000000")
math.randomseed(os.time())

request = function()
  local r = math.random(1, size - 1)
  if kind == "consistency" then
    return wrk.format("GET", "/api/v1/ledger/proof/consistency?from=" .. r .. "&to=" .. size)
  end
  return wrk.format("GET", "/api/v1/ledger/proof/inclusion?index=" .. r .. "&treeSize=" .. size)
end
