-- wrk script for bench/multi-server/run.sh: what a CRM's users do all day,
-- on workspace "demo". Arguments: the number of customers (ids 1..N) and a
-- file of URL-encoded search queries (one a line). Per 100 requests:
--   30 customer list pages (20 a page; about a quarter of them the next
--      page of the last list this connection read, by its cursor),
--   20 customer 360s, 15 searches, 10 customer reads by id,
--   15 dashboard reads (KPIs, Pareto, cohorts, matrix, segment sums: the
--      analysis run's kept reports),
--   10 writes: an interaction on a random customer.
-- The bearer token (one sign-in per wrk process) comes as a header.
local customers, queries = 1, {}
local base = "/api/v1/workspaces/demo"
local serial = 0
local cursor = nil  -- next_cursor of the last list page read
local reports = {"kpis?calendar=gregorian", "pareto", "cohorts?calendar=gregorian",
                 "matrix", "segments"}

function init(args)
  customers = tonumber(args[1] or "1")
  for line in io.lines(args[2]) do queries[#queries + 1] = line end
  wrk.headers["Content-Type"] = "application/json"
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local pick = math.random(100)
  if pick <= 30 then
    if pick <= 8 and cursor then
      return wrk.format("GET", base .. "/customers?limit=20&cursor=" .. cursor)
    end
    return wrk.format("GET", base .. "/customers?limit=20")
  elseif pick <= 50 then
    return wrk.format("GET", base .. "/customers/" .. math.random(customers) .. "/360")
  elseif pick <= 65 then
    return wrk.format("GET", base .. "/customers?limit=20&q=" ..
      queries[math.random(#queries)])
  elseif pick <= 75 then
    return wrk.format("GET", base .. "/customers/" .. math.random(customers))
  elseif pick <= 90 then
    return wrk.format("GET", base .. "/analytics/reports/" ..
      reports[math.random(#reports)])
  end
  serial = serial + 1
  return wrk.format("POST", base .. "/interactions", nil,
    string.format('{"customer_id":%d,"occurred_at":"2026-11-21T09:30:00",' ..
      '"type":"call","direction":"inbound","subject":"bench %d"}',
      math.random(customers), serial))
end

-- Keeps the list's cursor for the next page (base64url: no escaping).
function response(status, headers, body)
  local next_cursor = body:match('"next_cursor":"([%w_%-]+)"')
  if next_cursor then cursor = next_cursor end
end
