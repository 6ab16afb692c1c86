#!/bin/sh
# A schema change measured in pairs: the same lines imported and analysed
# (in-process, summary report) by two builds, one after the other, on one
# throwaway PostgreSQL; each on a fresh database. Prints each step's wall
# time and vafa's peak RSS, and the plan of the loader's read of the lines.
#   bench/analyze-pg/before-after.sh BEFORE_VAFA [AFTER_VAFA] [LINES]
# AFTER_VAFA defaults to this tree's build; LINES to 10,000,000 (the file
# bench/analyze-pg/run.sh generates, which must exist).
set -eu
cd "$(dirname "$0")/../.."
before=$1
after=${2:-$PWD/build/src/cli/vafa}
lines=${3:-10000000}
out=bench/out/analyze-pg
if [ -z "${VAFA_TEST_POSTGRES_URL:-}" ]; then
  exec scripts/with-postgres "$0" "$@"
fi
pg=$(echo "$VAFA_TEST_POSTGRES_URL" | sed 's#/postgres?#/bench_pair?#')
for which in before after; do
  if [ "$which" = before ]; then vafa=$before; else vafa=$after; fi
  psql -q "$VAFA_TEST_POSTGRES_URL" -c 'DROP DATABASE IF EXISTS bench_pair' \
    -c 'CREATE DATABASE bench_pair' >/dev/null
  echo "== $which $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$vafa" --db "$pg" import customers "$out/customers-$lines.csv" >/dev/null
  /usr/bin/time -f "$which: import of the lines %e s" \
    "$vafa" --db "$pg" import transactions "$out/transactions-$lines.csv" >/dev/null
  psql -q "$pg" -c 'VACUUM ANALYZE' >/dev/null
  /usr/bin/time -f "$which: analysis in-process %e s, peak RSS %M KiB" \
    "$vafa" --db "$pg" analyze --no-scores --report summary \
    --out "$out/pair-$which" >/dev/null
  psql -At "$pg" -c "EXPLAIN SELECT order_id, product_id FROM order_lines
    WHERE workspace_id = 1 ORDER BY line_key" | head -n 2
done
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
