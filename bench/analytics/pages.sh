#!/usr/bin/env bash
# The core reports' command of run.sh, whole process, for binaries taken in
# turn: wall, user and system seconds, peak RSS, the huge (order 9) and small
# (order 0) pages the kernel allocated (and cleared) for the process, and
# --timings' parts. Needs perf with the kmem tracepoints (run as root).
#
#   bench/analytics/pages.sh /work/main/build/src/cli/vafa build/src/cli/vafa
#
# Environment: ROUNDS (3), CSV (run.sh's 10M-line file), AS_OF (2024-12-31);
# MALLOC_CONF passes through to each run.
set -euo pipefail
rounds="${ROUNDS:-3}"
csv="${CSV:-/tmp/vafa-bench/transactions-10000000-1000000.csv}"
as_of="${AS_OF:-2024-12-31}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for vafa in "$@"; do
    rm -rf "$scratch/out"
    perf stat -x, -o "$scratch/pages" \
      -e kmem:mm_page_alloc --filter 'order==9' \
      -e kmem:mm_page_alloc --filter 'order==0' \
      /usr/bin/time -f "wall=%e user=%U sys=%S rss_kb=%M" -o "$scratch/time" \
      "$vafa" analyze --csv "$csv" --currency IRR --as-of "$as_of" \
      --threads 0 --report summary --report rfm --report pareto --report abc \
      --report matrix --report kpis --report cohorts --out "$scratch/out" \
      --timings > /dev/null 2> "$scratch/err"
    pages=($(grep mm_page_alloc "$scratch/pages" | cut -d, -f1))
    echo "round $round: $vafa $(cat "$scratch/time") huge_pages=${pages[0]}" \
      "small_pages=${pages[1]}" \
      "$(awk '/^timing/ { printf "%s=%s ", $2, $3 }' "$scratch/err")"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
