-- wrk script for bench/soak/run.sh: a mix of reads by id, searches and
-- writes on workspace "soak". Arguments: the number of customers (ids 1..N),
-- a file of URL-encoded search queries (one a line), and the shares in
-- percent of searches and of writes (the rest are reads by id). Writes
-- alternate between a new customer and a new interaction on a random
-- customer.
local customers, queries = 1, {}
local search_share, write_share = 20, 10
local base = "/api/v1/workspaces/soak"
local serial = 0

function init(args)
  customers = tonumber(args[1] or "1")
  for line in io.lines(args[2]) do queries[#queries + 1] = line end
  search_share = tonumber(args[3] or "20")
  write_share = tonumber(args[4] or "10")
  wrk.headers["Content-Type"] = "application/json"
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local pick = math.random(100)
  if pick <= write_share then
    serial = serial + 1
    if serial % 2 == 0 then
      return wrk.format("POST", base .. "/customers", nil,
        string.format('{"first_name":"soak","last_name":"w%d-%d"}',
          math.random(1000000000), serial))
    end
    return wrk.format("POST", base .. "/interactions", nil,
      string.format('{"customer_id":%d,"occurred_at":"2026-11-21T09:30:00",' ..
        '"type":"call","direction":"inbound","subject":"soak %d"}',
        math.random(customers), serial))
  elseif pick <= write_share + search_share then
    return wrk.format("GET", base .. "/customers?limit=20&q=" ..
      queries[math.random(#queries)])
  end
  return wrk.format("GET", base .. "/customers/" .. math.random(customers))
end
