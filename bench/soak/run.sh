#!/bin/sh
# Soak: `vafa serve` on a workspace of CUSTOMERS customers (1,000,000 by
# default) on SQLite, under wrk on loopback at CONNECTIONS (256) keep-alive
# connections for MINUTES (5) one-minute rounds back to back, each request
# a read by id, a search (SEARCH_SHARE %, 20) or a write (WRITE_SHARE %,
# 10: a new customer or a new interaction). After each minute it prints the
# requests, socket errors, non-2xx answers, p50 and p99, and the server's
# resident memory (VmRSS, and its anonymous part RssAnon, from
# /proc/PID/status). Ends with PASS when there was no error and no non-2xx
# answer and the anonymous resident memory (heap and stacks, where a leak
# shows) grew less than 10% from minute 1 to the last minute, else FAIL
# (exit status 1). VmRSS is printed but not judged: most of it is the
# SQLite file mapped with mmap, which the kernel pages in and out with the
# machine's memory pressure, whatever the server does.
#   bench/soak/run.sh [CUSTOMERS] [MINUTES]
# Needs a built tree (scripts/build) and wrk (Debian's package; installed
# when missing). The store is built once from bench/api's generator and
# copied afresh for each run, so every run starts from the same data.
set -eu
cd "$(dirname "$0")/../.."
customers=${1:-1000000}
minutes=${2:-5}
connections=${CONNECTIONS:-256}
threads=${WRK_THREADS:-2}
search_share=${SEARCH_SHARE:-20}
write_share=${WRITE_SHARE:-10}
# A client that waits 10 s before giving up (wrk's default is 2 s).
timeout=${WRK_TIMEOUT:-10s}
port=${PORT:-18190}
vafa=${VAFA:-$PWD/build/src/cli/vafa}
out=$PWD/bench/out/soak
mkdir -p "$out"
for tool in wrk curl python3 awk; do
  command -v "$tool" >/dev/null && continue
  [ "$tool" = wrk ] || { echo "soak: $tool is needed" >&2; exit 1; }
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends wrk >/dev/null
done

pristine=$out/pristine-$customers.db
if [ ! -f "$pristine" ]; then
  python3 bench/api/customers.py "$customers" "$out/customers-$customers.csv" \
    "$out/queries-$customers.txt"
  rm -f "$pristine.tmp"
  "$vafa" --db "$pristine.tmp" workspace create soak >/dev/null
  /usr/bin/time -f "import: %e s, %M KiB" "$vafa" --db "$pristine.tmp" \
    -w soak import customers "$out/customers-$customers.csv" --currency IRR
  printf 'soak password 1\n' > "$out/password"
  "$vafa" --db "$pristine.tmp" -w soak user add soak@vafa.bench \
    --role owner --password-file "$out/password" >/dev/null
  mv "$pristine.tmp" "$pristine"
fi
db=$out/soak.db
rm -f "$db" "$db-wal" "$db-shm"
cp "$pristine" "$db"

"$vafa" --db "$db" -w soak serve --address 127.0.0.1 --port "$port" \
  > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do
  curl -sf "$base/api/v1/health" >/dev/null && break
  sleep 0.2
done
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"email":"soak@vafa.bench","password":"soak password 1"}' \
  "$base/api/v1/auth/sign-in" | sed -n 's/^Set-Cookie: vafa_session=\([^;]*\);.*/\1/p')
[ -n "$cookie" ] || { echo "soak: sign-in failed" >&2; exit 1; }

# "VmRSS RssAnon" in KiB.
rss() { awk '/^VmRSS/ {r = $2} /^RssAnon/ {a = $2} END {print r, a}' /proc/$server/status; }
# wrk's latency figures in milliseconds.
to_ms='function ms(v) { if (v ~ /us$/) { sub(/us/, "", v); return v / 1000 }
                     if (v ~ /ms$/) { sub(/ms/, "", v); return v + 0 }
                     if (v ~ /m$/) { sub(/m/, "", v); return v * 60000 }
                     sub(/s/, "", v); return v * 1000 }'

echo "soak: $customers customers, $connections connections, $threads wrk threads," \
  "$minutes x 60 s; ${search_share}% searches, ${write_share}% writes, the rest" \
  "reads by id; wrk timeout $timeout; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RSS at start: $(rss | awk '{print $1 " KiB (anonymous " $2 " KiB)"}')"
printf '%-6s %9s %7s %7s %9s %9s %11s %11s\n' minute requests errors non2xx \
  p50_ms p99_ms VmRSS_KiB RssAnon_KiB
: > "$out/minutes.txt"
for minute in $(seq "$minutes"); do
  wrk -t"$threads" -c"$connections" -d60s --timeout "$timeout" --latency \
    -H "Authorization: Bearer $cookie" -s bench/soak/mix.lua "$base" -- \
    "$customers" "$out/queries-$customers.txt" "$search_share" "$write_share" \
    > "$out/wrk-$minute.txt" 2>&1
  line=$(awk "$to_ms"'
    / requests in / { requests = $1 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    /Non-2xx/ { non2xx = $5 }
    END { printf "%d %d %d %.2f %.2f", requests, errors, non2xx, p50, p99 }' \
    "$out/wrk-$minute.txt")
  row="$minute $line $(rss)"
  echo "$row" >> "$out/minutes.txt"
  echo "$row" |
    awk '{printf "%-6s %9s %7s %7s %9s %9s %11s %11s\n", $1, $2, $3, $4, $5, $6, $7, $8}'
done
kill $server 2>/dev/null || true
awk -v last="$minutes" '
  { requests += $2; errors += $3; non2xx += $4 }
  $1 == 1 { first_rss = $7; first_anon = $8 }
  $1 == last { last_rss = $7; last_anon = $8 }
  END {
    growth = 100 * (last_anon - first_anon) / first_anon
    printf "total: %d requests, %d errors, %d non-2xx; from minute 1 to %d: anonymous RSS %d -> %d KiB (%+.1f%%), VmRSS %d -> %d KiB (%+.1f%%)\n",
      requests, errors, non2xx, last, first_anon, last_anon, growth,
      first_rss, last_rss, 100 * (last_rss - first_rss) / first_rss
    if (errors == 0 && non2xx == 0 && growth < 10) { print "PASS"; exit 0 }
    print "FAIL"; exit 1
  }' "$out/minutes.txt"
