#!/bin/sh
# API throughput with 1, 2 and 4 `vafa serve` processes on one PostgreSQL
# (docs/scale.md, docs/BENCHMARKS.md). A throwaway PostgreSQL on loopback
# TCP holds a demo workspace of CUSTOMERS customers, analysed; for each
# count N the shipped binary is started N times on it (ports PORT..), and
# wrk drives a CRM's mix of requests (mix.lua: list pages, customer 360s,
# searches, reads by id, the dashboard's reports, interaction writes) for
# SECONDS: one wrk process per server, CONNECTIONS keep-alive connections
# in all, one sign-in per wrk process. Prints, per N: requests/s, p50 and
# p99 latency, non-2xx answers, and the CPU the vafa processes, the
# PostgreSQL processes and wrk used (from /proc: utime + stime over the
# run, in cores), and how busy the whole machine was.
#   bench/multi-server/run.sh [CUSTOMERS] [SECONDS] [CONNECTIONS]
#   COUNTS="1 2" bench/multi-server/run.sh 20000 10 32
# Needs a built tree (scripts/build), Debian's postgresql and wrk.
set -eu
cd "$(dirname "$0")/../.."
customers=${1:-20000}
seconds=${2:-20}
connections=${3:-64}
counts=${COUNTS:-1 2 4}
first_port=${PORT:-18280}
pg_port=${PG_PORT:-55512}
vafa=${VAFA:-$PWD/build/src/cli/vafa}
out=$PWD/bench/out/multi-server
mkdir -p "$out"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "needs PostgreSQL (apt-get install postgresql)" >&2; exit 1; }

dir=$(mktemp -d /tmp/vafa-multi.XXXXXX)
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" != 0 ] || chown postgres "$dir"
servers=""
cleanup() {
  for pid in $servers; do kill "$pid" 2>/dev/null || true; done
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
as_owner "$bin/initdb" -D "$dir/data" -U vafa --auth=trust -E UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# Durable as in production (fsync and synchronous_commit on); room for the
# worker connections of four servers and their job threads.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -o \
  "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null || { cat "$dir/postgres.log" >&2; exit 1; }
url="postgresql://vafa@127.0.0.1:$pg_port/postgres"
postmaster=$(head -n 1 "$dir/data/postmaster.pid")

/usr/bin/time -f "demo $customers: %e s" "$vafa" --db "$url" -w demo demo \
  --customers "$customers" --seed 11 >/dev/null
/usr/bin/time -f "analyze: %e s" "$vafa" --db "$url" -w demo analyze >/dev/null
printf 'bench multi password\n' > "$out/password"
"$vafa" --db "$url" -w demo user add owner@multi.bench --role owner \
  --language en --password-file "$out/password" >/dev/null
# Vacuumed and analysed now, so that autovacuum does not run on the freshly
# loaded tables during the first count (it did, and took PostgreSQL's CPU
# per request of one server from about 1.5 to 4 ms).
"$bin/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U vafa postgres -c "VACUUM ANALYZE"
# Search queries: whole names and phones of existing customers.
"$bin/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U vafa postgres -c \
  "SELECT first_name || ' ' || last_name FROM customers WHERE first_name <> ''
   ORDER BY id LIMIT 300; SELECT phone FROM customers WHERE phone <> ''
   ORDER BY id DESC LIMIT 100" |
  python3 -c 'import sys, urllib.parse
for line in sys.stdin:
    line = line.strip()
    if line: print(urllib.parse.quote(line))' > "$out/queries.txt"

# utime + stime of processes (clock ticks), summed.
ticks() { for pid in "$@"; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s + 0}'; }
postgres_pids() { echo "$postmaster"; ps -o pid= --ppid "$postmaster"; }
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
hz=$(getconf CLK_TCK)
cores=$(nproc)
# wrk's line "    50%   12.34ms" as milliseconds.
percentile() { # file percent
  awk -v p="$2%" '$1 == p { v = $2
    if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 }
    else if (v ~ /ms$/) { sub(/ms/, "", v) }
    else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
    print v }' "$1"
}

echo "$customers customers, $connections connections, ${seconds}s per count, $cores cores (vafa, PostgreSQL and wrk share them)"
for n in $counts; do
  servers=""
  bases=""
  i=0
  while [ "$i" -lt "$n" ]; do
    port=$((first_port + i))
    "$vafa" --db "$url" serve --port "$port" --send-every 0 \
      > "$out/serve-$n-$i.log" 2>&1 &
    servers="$servers $!"
    bases="$bases http://127.0.0.1:$port"
    i=$((i + 1))
  done
  for base in $bases; do
    for attempt in $(seq 50); do
      curl -sf "$base/api/v1/health" >/dev/null 2>&1 && break
      sleep 0.2
    done
  done
  # One sign-in per wrk process; a short warm-up on each server.
  i=0
  for base in $bases; do
    token=$(curl -s -i -H 'Content-Type: application/json' \
      -d "{\"email\":\"owner@multi.bench\",\"password\":\"$(cat "$out/password")\"}" \
      "$base/api/v1/auth/sign-in" | sed -n 's/^Set-Cookie: vafa_session=\([^;]*\);.*/\1/p')
    [ -n "$token" ] || { echo "sign-in failed on $base" >&2; exit 1; }
    echo "$token" > "$out/token-$i"
    wrk -t1 -c4 -d2s -H "Authorization: Bearer $token" -s bench/multi-server/mix.lua \
      "$base" -- "$customers" "$out/queries.txt" >/dev/null 2>&1
    i=$((i + 1))
  done
  per=$((connections / n))
  pg_before=$(ticks $(postgres_pids))
  vafa_before=$(ticks $servers)
  set -- $(busy)
  busy_before=$1 total_before=$2
  wrks=""
  i=0
  for base in $bases; do
    wrk -t1 -c"$per" -d"${seconds}s" --timeout 10s --latency \
      -H "Authorization: Bearer $(cat "$out/token-$i")" -s bench/multi-server/mix.lua \
      "$base" -- "$customers" "$out/queries.txt" > "$out/wrk-$n-$i.txt" 2>&1 &
    wrks="$wrks $!"
    i=$((i + 1))
  done
  # wrk's own CPU, read just before it ends.
  sleep $((seconds - 1))
  wrk_ticks=$(ticks $wrks)
  wait $wrks
  pg_after=$(ticks $(postgres_pids))
  vafa_after=$(ticks $servers)
  set -- $(busy)
  busy_after=$1 total_after=$2
  rps=0 p50=0 p99=0 errors=0
  i=0
  while [ "$i" -lt "$n" ]; do
    f=$out/wrk-$n-$i.txt
    rps=$(awk -v s="$rps" '/Requests\/sec/ {s += $2} END {print s}' "$f")
    p50=$(echo "$p50 $(percentile "$f" 50)" | awk '{print $1 + $2}')
    p99=$(echo "$p99 $(percentile "$f" 99)" | awk '{print ($2 > $1) ? $2 : $1}')
    errors=$(awk -v s="$errors" '/Non-2xx/ {s += $NF} END {print s}' "$f")
    i=$((i + 1))
  done
  echo "$n $rps $p50 $p99 $errors $((vafa_after - vafa_before)) $((pg_after - pg_before)) $wrk_ticks $((busy_after - busy_before)) $((total_after - total_before))" |
    awk -v hz="$hz" -v s="$seconds" -v n="$n" -v cores="$cores" '{
      printf "%d server(s): %.0f requests/s, p50 %.1f ms (mean of the servers), p99 %.1f ms (worst server), non-2xx %d; CPU in cores: vafa %.2f, PostgreSQL %.2f, wrk %.2f; machine busy %.0f%% of %d cores\n",
        $1, $2, $3 / n, $4, $5, $6 / hz / s, $7 / hz / s, $8 / hz / (s - 1), 100 * $9 / $10, cores }'
  for pid in $servers; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  servers=""
done
