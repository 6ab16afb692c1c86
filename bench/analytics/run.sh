#!/usr/bin/env bash
# Analytics benchmark: the shipped `vafa analyze --csv` computing summary,
# RFM, Pareto + ABC, profitability, monthly KPIs and cohorts from a
# transactions CSV, against DuckDB computing RFM quintiles alone over the
# same CSV with SQL, in the same run, alternating.
#
#   cmake --build build --target vafa && bench/analytics/run.sh
#   LINES=100000000 CUSTOMERS=10000000 bench/analytics/run.sh   # memory check
#
# Environment: VAFA (build/vafa), LINES, CUSTOMERS, RUNS (3), THREADS (0:
# every core), DATA_DIR (/tmp/vafa-bench), AS_OF (2024-12-31), SKIP_DUCKDB=1
# to run vafa alone, SKIP_BENCH_PROGRAM=1 to leave out the extra row of
# analyze_csv, the bench-only loader (not what users run), ALL_REPORTS=1 to
# add a row for every report (lifetime value and basket rules included).
# Prints every run and the medians; vafa's rfm.csv and DuckDB give the same
# RFM checksum, so a mismatch in the definitions shows.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
vafa="${VAFA:-$root/build/vafa}"
lines="${LINES:-10000000}"
customers="${CUSTOMERS:-1000000}"
runs="${RUNS:-3}"
threads="${THREADS:-0}"
as_of="${AS_OF:-2024-12-31}"
data_dir="${DATA_DIR:-/tmp/vafa-bench}"
bin="$data_dir/bin"
out="$data_dir/out"
csv="$data_dir/transactions-${lines}-${customers}.csv"
mkdir -p "$bin" "$out"
if [[ ! -x "$vafa" ]]; then
  echo "no vafa binary at $vafa: build it (cmake --build build --target vafa) or set VAFA" >&2
  exit 1
fi

# The generator, and the bench-only program (built against the library
# sources, no test files; of core, the analytics need Status, the
# calendar, which needs the Persian digit folding, and the CSV cells).
g++ -O2 -std=c++20 -o "$bin/generate_transactions" \
  "$here/generate_transactions.cc"
if [[ -z "${SKIP_BENCH_PROGRAM:-}" ]]; then
  sources=("$root"/src/core/{status,dates,persian_text,csv_cell}.cc)
  for file in "$root"/src/analytics/*.cc; do
    [[ "$file" == *_test.cc ]] || sources+=("$file")
  done
  g++ -O2 -std=c++20 -I "$root/src" -o "$bin/analyze_csv" \
    "$here/analyze_csv.cc" "${sources[@]}" -pthread
fi

if [[ ! -s "$csv" ]]; then
  echo "generating $csv" >&2
  "$bin/generate_transactions" "$lines" "$customers" 1 > "$csv.tmp"
  mv "$csv.tmp" "$csv"
fi
# DuckDB's node client goes to the scratch folder, not the repository.
peer="$data_dir/duckdb"
if [[ -z "${SKIP_DUCKDB:-}" ]]; then
  mkdir -p "$peer"
  cp "$here"/{package.json,package-lock.json,duckdb_rfm.mjs} "$peer/"
  if [[ ! -d "$peer/node_modules/@duckdb/node-api" ]]; then
    (cd "$peer" && npm ci --no-audit --no-fund)
  fi
fi

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() { sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' | head -1; }
# Runs a command, printing its wall time in seconds with three decimals.
wall() {
  local start end
  start=$(date +%s.%N)
  "$@" > "$out/last.log" 2>&1 || { cat "$out/last.log" >&2; return 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}
# The RFM checksum of an rfm.csv: customers and the sum of r*100+f*10+m.
rfm_checksum() {
  awk -F, 'NR > 1 { n++; s += $2 * 100 + $3 * 10 + $4 }
           END { printf "customers=%d checksum=%d\n", n, s }' "$1"
}

core=(--report summary --report rfm --report pareto --report abc
      --report matrix --report kpis --report cohorts)
analyze=("$vafa" analyze --csv "$csv" --currency IRR --as-of "$as_of"
         --threads "$threads")
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $csv ($(du -h "$csv" | cut -f1)), as_of $as_of, threads $threads"
echo "vafa: $vafa (commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown))"
core_times=() rfm_times=() all_times=() duck_times=() bench_times=()
for run in $(seq "$runs"); do
  if [[ -z "${SKIP_DUCKDB:-}" ]]; then
    line="$(cd "$peer" && node duckdb_rfm.mjs "$csv" "$as_of")"
    echo "run $run: $line"
    duck_times+=("$(seconds <<< "$line")")
  fi
  rm -rf "$out/core"
  t="$(wall "${analyze[@]}" "${core[@]}" --out "$out/core")"
  echo "run $run: vafa analyze (core reports) seconds=$t $(rfm_checksum "$out/core/rfm.csv")"
  core_times+=("$t")
  rm -rf "$out/rfm"
  t="$(wall "${analyze[@]}" --report rfm --out "$out/rfm")"
  echo "run $run: vafa analyze --report rfm seconds=$t"
  rfm_times+=("$t")
  if [[ -n "${ALL_REPORTS:-}" ]]; then
    rm -rf "$out/all"
    t="$(wall "${analyze[@]}" --out "$out/all")"
    echo "run $run: vafa analyze (every report) seconds=$t"
    all_times+=("$t")
  fi
  if [[ -z "${SKIP_BENCH_PROGRAM:-}" ]]; then
    line="$("$bin/analyze_csv" "$csv" "$as_of" "$(nproc)")"
    echo "run $run: bench-only program: $line"
    bench_times+=("$(seconds <<< "$line")")
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median vafa analyze, core reports (summary+RFM+Pareto+ABC+profit+KPIs+cohorts): $(printf '%s\n' "${core_times[@]}" | median) s"
echo "median vafa analyze --report rfm: $(printf '%s\n' "${rfm_times[@]}" | median) s"
if [[ -n "${ALL_REPORTS:-}" ]]; then
  echo "median vafa analyze, every report (with CLV and basket rules): $(printf '%s\n' "${all_times[@]}" | median) s"
fi
if [[ -z "${SKIP_DUCKDB:-}" ]]; then
  echo "median DuckDB RFM only: $(printf '%s\n' "${duck_times[@]}" | median) s"
fi
if [[ -z "${SKIP_BENCH_PROGRAM:-}" ]]; then
  echo "median bench-only program (analyze_csv, not shipped): $(printf '%s\n' "${bench_times[@]}" | median) s"
fi
