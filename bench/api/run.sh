#!/bin/sh
# HTTP API throughput and latency with wrk on loopback, against a workspace
# of CUSTOMERS customers (1,000,000 by default) on SQLite:
#   - GET /api/v1/health (the peer: the same server with no store work),
#   - GET /api/v1/workspaces/bench/customers/{random id},
#   - GET /api/v1/workspaces/bench/customers?q=<a full name or a phone>,
# each for SECONDS at CONNECTIONS keep-alive connections, RUNS times; prints
# requests/s and p99 of each run, the server's CPU (user + system) per
# answer in each run (a figure a loaded machine changes less), the medians,
# and the ratio to health.
# Then a MEMORY_SECONDS run of the customer route, with the server's RSS
# before and after.
#   bench/api/run.sh [CUSTOMERS] [SECONDS] [RUNS] [MEMORY_SECONDS]
#   ROUTES=search bench/api/run.sh 1000000 20 5 0   # the search bar alone
#   SERVE_ARGS="--threads 8" ...                    # options for vafa serve
# Needs a built tree (scripts/build); installs wrk from Debian if missing.
set -eu
cd "$(dirname "$0")/../.."
customers=${1:-1000000}
seconds=${2:-20}
runs=${3:-3}
memory_seconds=${4:-300}
connections=${CONNECTIONS:-256}
threads=${WRK_THREADS:-2}
port=${PORT:-18180}
vafa=${VAFA:-$PWD/build/src/cli/vafa}
out=$PWD/bench/out/api
mkdir -p "$out"
if ! command -v wrk >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends wrk >/dev/null
fi

db=$out/bench-$customers.db
if [ ! -f "$db" ]; then
  python3 bench/api/customers.py "$customers" "$out/customers-$customers.csv" \
    "$out/queries-$customers.txt"
  "$vafa" --db "$db" workspace create bench >/dev/null
  /usr/bin/time -f "import: %e s, %M KiB" "$vafa" --db "$db" -w bench \
    import customers "$out/customers-$customers.csv" --currency IRR
fi
printf 'bench password 1\n' > "$out/password"
"$vafa" --db "$db" user list | grep -q bench@vafa.bench ||
  "$vafa" --db "$db" -w bench user add bench@vafa.bench --role owner \
    --password-file "$out/password" >/dev/null

"$vafa" --db "$db" -w bench serve --port "$port" ${SERVE_ARGS:-} \
  > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 1
base=http://127.0.0.1:$port
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"email":"bench@vafa.bench","password":"bench password 1"}' \
  "$base/api/v1/auth/sign-in" | sed -n 's/^Set-Cookie: vafa_session=\([^;]*\);.*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }
auth="Authorization: Bearer $cookie"

# Resident memory: all of it (VmRSS, which counts the store's pages mapped
# with mmap) and the anonymous part (RssAnon: heap and stacks).
rss() { awk '/VmRSS/ {r = $2} /RssAnon/ {a = $2} END {print r " KiB (anonymous " a " KiB)"}' /proc/$server/status; }
# One wrk run: prints "requests/s p99_ms errors".
measure() {
  wrk -t"$threads" -c"$connections" -d"${1}s" --latency -H "$auth" \
    -s bench/api/paths.lua "$base$2" -- "$3" "$customers" \
    "$out/queries-$customers.txt" > "$out/wrk.txt" 2>&1
  awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { p = $2; if (p ~ /us$/) { sub(/us/, "", p); p /= 1000 }
               else if (p ~ /ms$/) { sub(/ms/, "", p) }
               else if (p ~ /s$/) { sub(/s/, "", p); p *= 1000 } p99 = p }
    /Socket errors|Non-2xx/ { errors = errors " " $0 }
    END { printf "%.0f %.2f%s\n", rps, p99, errors }' "$out/wrk.txt"
}
# The server's CPU time so far, in clock ticks (user + system).
cpu_ticks() { awk '{print $14 + $15}' /proc/$server/stat; }
# Microseconds of server CPU per answer between two tick counts.
cpu_per_answer() {
  awk -v t="$(($2 - $1))" -v hz="$(getconf CLK_TCK)" \
    '/requests in/ { n = $1 } END { if (n > 0) printf "%.0f", t * 1e6 / hz / n }' \
    "$out/wrk.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure 10 /api/v1/workspaces/bench/customers id >/dev/null  # warm up
echo "customers: $customers, $connections connections, $threads wrk threads, ${seconds}s x $runs"
echo "RSS at start: $(rss)"
routes=${ROUTES:-health id search}
for route in $routes; do
  path=/api/v1/health
  [ "$route" = health ] || path=/api/v1/workspaces/bench/customers
  : > "$out/$route.runs"
  for run in $(seq "$runs"); do
    ticks=$(cpu_ticks)
    line=$(measure "$seconds" "$path" "$route")
    echo "$route run $run: $line (server CPU $(cpu_per_answer "$ticks" "$(cpu_ticks)") us an answer)"
    echo "$line" >> "$out/$route.runs"
  done
done
for route in $routes; do
  rps=$(cut -d' ' -f1 "$out/$route.runs" | median)
  p99=$(cut -d' ' -f2 "$out/$route.runs" | median)
  eval "${route}_rps=$rps"
  echo "median $route: $rps requests/s, p99 $p99 ms"
done
[ "$routes" = "health id search" ] &&
  echo "ratio to health: id $(echo "$id_rps $health_rps" | awk '{printf "%.2f", $1/$2}'), search $(echo "$search_rps $health_rps" | awk '{printf "%.2f", $1/$2}')"
if [ "$memory_seconds" -gt 0 ]; then
  before=$(rss)
  line=$(measure "$memory_seconds" /api/v1/workspaces/bench/customers id)
  echo "memory run (${memory_seconds}s of customer reads: $line): RSS $before before, $(rss) after"
fi
