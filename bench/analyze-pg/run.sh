#!/bin/sh
# `vafa analyze` on PostgreSQL, in-process (every order line streamed to
# vafa) against --aggregate-in-db (the per-customer summary computed by the
# database, one row per customer sent), on the same workspace in the same
# run. Both write the same reports from the summary (summary, rfm, pareto,
# value) and store no scores, so the difference is the loading and the
# summary alone.
# Prints the median of RUNS runs of each: wall time, vafa's peak RSS and
# CPU (GNU time), and the CPU the database spent (its backends' and
# parallel workers' time, from the postmaster's reaped-children counters).
#   bench/analyze-pg/run.sh [LINES] [RUNS]
# VAFA=path/to/vafa runs another build (e.g. one from before a schema change).
# Needs a built tree; runs itself under scripts/with-postgres. The lines are
# bench/import's generator (same seed, same shape: 1-5 lines an order, a
# customer per 20 lines, 2,000 products, one year).
set -eu
cd "$(dirname "$0")/../.."
lines=${1:-10000000}
runs=${2:-3}
vafa=${VAFA:-$PWD/build/src/cli/vafa}
out=bench/out/analyze-pg
mkdir -p "$out"
if [ -z "${VAFA_TEST_POSTGRES_URL:-}" ]; then
  exec scripts/with-postgres "$0" "$@"
fi
customers=$((lines / 20))
if [ ! -s "$out/transactions-$lines.csv" ]; then
  nice python3 bench/import/generate.py "$lines" "$out/customers-$lines.csv" \
    "$out/transactions-$lines.csv"
fi
pg=$(echo "$VAFA_TEST_POSTGRES_URL" | sed 's#/postgres?#/bench_analyze?#')
psql -q "$VAFA_TEST_POSTGRES_URL" -c 'DROP DATABASE IF EXISTS bench_analyze' \
  -c 'CREATE DATABASE bench_analyze' >/dev/null
start=$(date +%s.%N)
nice $vafa --db "$pg" import customers "$out/customers-$lines.csv" >/dev/null
nice $vafa --db "$pg" import transactions "$out/transactions-$lines.csv" >/dev/null
echo "import of $lines lines: $(echo "$(date +%s.%N) - $start" | bc -l | cut -c1-6) s"
psql -q "$pg" -c 'VACUUM ANALYZE' >/dev/null
psql -At "$pg" -c "SELECT 'order_lines: ' || COUNT(*) || ' rows in ' ||
  COUNT(DISTINCT tableoid) || ' table(s) or partition(s)' FROM order_lines"
# The database's CPU: the postmaster's cutime + cstime (fields 16 and 17 of
# /proc/PID/stat, in clock ticks) grow by what each ended backend and
# parallel worker spent.
host=$(echo "$VAFA_TEST_POSTGRES_URL" | sed 's#.*host=\([^&]*\).*#\1#')
pm_pid=$(head -n 1 "$host/data/postmaster.pid")
tick=$(getconf CLK_TCK)
db_cpu() { awk -v t="$tick" '{print ($16 + $17) / t}' "/proc/$pm_pid/stat"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run_one() {  # label flags... -> "wall rss_kb vafa_cpu db_cpu"
  label=$1; shift
  before=$(db_cpu)
  nice /usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" \
    $vafa --db "$pg" analyze --no-scores --report summary --report rfm \
    --report pareto --report value --out "$out/reports-$label" "$@" \
    >"$out/$label.out"
  after=$(db_cpu)
  read -r wall rss user sys <"$out/time.txt"
  echo "$wall $rss $(echo "$user + $sys" | bc -l) $(echo "$after - $before" | bc -l)"
}
: >"$out/results.txt"
for r in $(seq "$runs"); do
  echo "in_process $(run_one in_process)" >>"$out/results.txt"
  echo "aggregate_in_db $(run_one aggregate --aggregate-in-db)" >>"$out/results.txt"
done
show() {  # label
  w=$(awk -v l="$1" '$1 == l {print $2}' "$out/results.txt" | median)
  m=$(awk -v l="$1" '$1 == l {print $3}' "$out/results.txt" | median)
  v=$(awk -v l="$1" '$1 == l {print $4}' "$out/results.txt" | median)
  d=$(awk -v l="$1" '$1 == l {print $5}' "$out/results.txt" | median)
  printf '%s: %.1f s wall, vafa peak RSS %d MiB, vafa CPU %.1f s, database CPU %.1f s\n' \
    "$1" "$w" "$((m / 1024))" "$v" "$d"
}
echo "lines=$lines customers=$customers runs=$runs (median)"
show in_process
show aggregate_in_db
head -n 1 "$out/in_process.out"
head -n 1 "$out/aggregate.out"
for report in summary rfm pareto value; do
  cmp -s "$out/reports-in_process/$report.csv" "$out/reports-aggregate/$report.csv" &&
    echo "$report.csv: the same bytes" || echo "$report.csv: DIFFERS"
done
psql -At "$pg" -c 'SHOW max_parallel_workers_per_gather' \
  | sed 's/^/max_parallel_workers_per_gather=/'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
