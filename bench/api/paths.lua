-- wrk script for bench/api/run.sh: arguments are the route kind (health,
-- id or search), the number of customers and a file of search queries (one
-- URL-encoded query a line). Each request picks a random customer or query.
local kind, customers, queries = "health", 1, {}

function init(args)
  kind = args[1] or "health"
  customers = tonumber(args[2] or "1")
  if kind == "search" then
    for line in io.lines(args[3]) do queries[#queries + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local path = wrk.path
  if kind == "id" then
    path = path .. "/" .. math.random(customers)
  elseif kind == "search" then
    path = path .. "?limit=20&q=" .. queries[math.random(#queries)]
  end
  return wrk.format(nil, path)
end
