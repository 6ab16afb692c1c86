#!/usr/bin/env bash
# Analytics benchmark: vafa's summary + RFM + Pareto + profitability + KPIs +
# cohorts straight from a transactions CSV, against DuckDB computing RFM
# quintiles alone over the same CSV with SQL, in the same run.
#
#   bench/analytics/run.sh                    # 10M lines, 1M customers
#   LINES=100000000 CUSTOMERS=10000000 bench/analytics/run.sh   # memory check
#
# Environment: LINES, CUSTOMERS, RUNS (3), THREADS (2), DATA_DIR
# (/tmp/vafa-bench), AS_OF (2024-12-31), SKIP_DUCKDB=1 to run vafa alone.
# Prints every run and the medians; both sides print the same RFM checksum,
# so a mismatch in the definitions shows.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lines="${LINES:-10000000}"
customers="${CUSTOMERS:-1000000}"
runs="${RUNS:-3}"
threads="${THREADS:-2}"
as_of="${AS_OF:-2024-12-31}"
data_dir="${DATA_DIR:-/tmp/vafa-bench}"
bin="$data_dir/bin"
csv="$data_dir/transactions-${lines}-${customers}.csv"
mkdir -p "$bin"

# Build the two programs against the library sources (no test files); of
# core, the analytics need Status and the calendar (which needs the Persian
# digit folding).
sources=("$root"/src/core/{status,dates,persian_text}.cc)
for file in "$root"/src/analytics/*.cc; do
  [[ "$file" == *_test.cc ]] || sources+=("$file")
done
g++ -O2 -std=c++20 -o "$bin/generate_transactions" \
  "$here/generate_transactions.cc"
g++ -O2 -std=c++20 -I "$root/src" -o "$bin/analyze_csv" \
  "$here/analyze_csv.cc" "${sources[@]}" -pthread

if [[ ! -s "$csv" ]]; then
  echo "generating $csv" >&2
  "$bin/generate_transactions" "$lines" "$customers" 1 > "$csv.tmp"
  mv "$csv.tmp" "$csv"
fi
if [[ -z "${SKIP_DUCKDB:-}" && ! -d "$here/node_modules/@duckdb/node-api" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() { sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' | head -1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $csv ($(du -h "$csv" | cut -f1)), as_of $as_of, threads $threads"
vafa_times=()
duck_times=()
for run in $(seq "$runs"); do
  if [[ -z "${SKIP_DUCKDB:-}" ]]; then
    out="$(cd "$here" && node duckdb_rfm.mjs "$csv" "$as_of")"
    echo "run $run: $out"
    duck_times+=("$(seconds <<< "$out")")
  fi
  out="$("$bin/analyze_csv" "$csv" "$as_of" "$threads")"
  echo "run $run: $out"
  vafa_times+=("$(seconds <<< "$out")")
done
echo "median vafa analyze (summary+RFM+Pareto+profit+KPIs+cohorts): $(printf '%s\n' "${vafa_times[@]}" | median) s"
if [[ -z "${SKIP_DUCKDB:-}" ]]; then
  echo "median DuckDB RFM only: $(printf '%s\n' "${duck_times[@]}" | median) s"
fi
