#!/bin/sh
# Import throughput: `vafa import transactions` against the plainest peer on
# the same file in the same run: sqlite3's .import into a bare table (no
# parsing of dates or amounts, no orders, no validation) and PostgreSQL COPY
# into a bare table. Prints the median of RUNS runs of each, in seconds and
# lines per second, and the ratio to the peer.
#   bench/import/run.sh [LINES] [RUNS]
# Needs a built tree (scripts/build) and, for PostgreSQL, runs itself under
# scripts/with-postgres.
set -eu
cd "$(dirname "$0")/../.."
lines=${1:-1000000}
runs=${2:-3}
vafa=build/src/cli/vafa
out=bench/out/import
mkdir -p "$out"
if [ -z "${VAFA_TEST_POSTGRES_URL:-}" ]; then
  exec scripts/with-postgres "$0" "$@"
fi
customers=$((lines / 20))
python3 bench/import/generate.py "$lines" "$out/customers.csv" "$out/transactions.csv"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
time_it() {  # command... -> seconds
  start=$(now); "$@" >/dev/null; end=$(now)
  echo "$end - $start" | bc -l
}
pg=$VAFA_TEST_POSTGRES_URL
vafa_sqlite="" ; peer_sqlite="" ; vafa_pg="" ; peer_pg=""
for r in $(seq "$runs"); do
  rm -f "$out"/v.db* "$out"/p.db*
  $vafa --db "$out/v.db" import customers "$out/customers.csv" >/dev/null
  vafa_sqlite="$vafa_sqlite $(time_it $vafa --db "$out/v.db" import transactions "$out/transactions.csv")"
  peer_sqlite="$peer_sqlite $(time_it sqlite3 "$out/p.db" -cmd '.mode csv' '.import '"$out"'/transactions.csv lines')"
  psql -q "$pg" -c 'DROP DATABASE IF EXISTS bench_v' -c 'CREATE DATABASE bench_v' -c 'DROP DATABASE IF EXISTS bench_p' -c 'CREATE DATABASE bench_p' >/dev/null
  vpg=$(echo "$pg" | sed 's#/postgres?#/bench_v?#'); ppg=$(echo "$pg" | sed 's#/postgres?#/bench_p?#')
  $vafa --db "$vpg" import customers "$out/customers.csv" >/dev/null
  vafa_pg="$vafa_pg $(time_it $vafa --db "$vpg" import transactions "$out/transactions.csv")"
  psql -q "$ppg" -c 'CREATE TABLE lines (customer_id text, date text, order_id text, product text, quantity text, amount text, channel text)' >/dev/null
  peer_pg="$peer_pg $(time_it psql -q "$ppg" -c "\\copy lines FROM '$out/transactions.csv' CSV HEADER")"
done
# Peak resident memory of one more vafa import into SQLite (GNU time).
rm -f "$out"/m.db*
$vafa --db "$out/m.db" import customers "$out/customers.csv" >/dev/null
peak_kb=$(/usr/bin/time -f %M $vafa --db "$out/m.db" import transactions "$out/transactions.csv" 2>&1 >/dev/null | tail -n 1)
report() {  # name vafa_times peer_times
  v=$(echo $2 | tr ' ' '\n' | median); p=$(echo $3 | tr ' ' '\n' | median)
  printf '%s: vafa %.2f s (%.0f lines/s), peer %.2f s (%.0f lines/s), ratio %.2f\n' \
    "$1" "$v" "$(echo "$lines / $v" | bc -l)" "$p" "$(echo "$lines / $p" | bc -l)" "$(echo "$v / $p" | bc -l)"
}
echo "lines=$lines customers=$customers runs=$runs (median)"
report "sqlite (peer: sqlite3 .import)" "$vafa_sqlite" "$peer_sqlite"
report "postgresql (peer: psql \\copy)" "$vafa_pg" "$peer_pg"
echo "peak RSS of vafa import transactions (sqlite): $((peak_kb / 1024)) MiB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
