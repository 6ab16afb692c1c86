#!/usr/bin/env bash
# CPU time of two builds of `vafa basket --itemsets-only` and of Borgelt's
# eclat on the same FIMI file, whole process each time, run in turn (before,
# after, eclat) ROUNDS times so that all three see the same load. CPU time is
# `perf stat -e task-clock` (nanoseconds; all threads), which a loaded
# machine inflates far less than wall time; wall time is printed beside it.
# Prints one Markdown row per program and support: the medians.
#
#   ECLAT=/path/to/eclat bench/basket/cli_cpu_vs_eclat.sh BEFORE_VAFA AFTER_VAFA [FIMI_FILE]
#
# ROUNDS (default 15) and SUPPORTS (default "89 44 9") may be set. Needs perf.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BEFORE=${1:?give the binary before}
AFTER=${2:?give the binary after}
FILE=${3:-$ROOT/tests/data/fimi/retail.dat}
ECLAT=${ECLAT:?set ECLAT to Borgelt\'s eclat binary}
ROUNDS=${ROUNDS:-15}
SUPPORTS=${SUPPORTS:-89 44 9}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run NAME COMMAND...: one run; appends "cpu_ms wall_ms" to $WORK/NAME.
run() {
  local name=$1
  shift
  local start end
  start=$(date +%s%N)
  perf stat -x, -e task-clock -o "$WORK/stat" "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo "$(grep task-clock "$WORK/stat" | cut -d, -f1) $(((end - start) / 1000000))" \
    >>"$WORK/$name"
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| min support | program | CPU ms (median of $ROUNDS) | wall ms (median) |"
echo "| --- | --- | --- | --- |"
for support in $SUPPORTS; do
  for ((i = 1; i <= ROUNDS; i++)); do
    run before "$BEFORE" basket --fimi "$FILE" --min-support "$support" \
      --itemsets-only
    run after "$AFTER" basket --fimi "$FILE" --min-support "$support" \
      --itemsets-only
    run eclat "$ECLAT" "-s-$support" "$FILE" "$WORK/eclat.txt"
  done
  for name in before after eclat; do
    cpu=$(cut -d' ' -f1 "$WORK/$name" | median)
    wall=$(cut -d' ' -f2 "$WORK/$name" | median)
    printf '| %s | %s | %.1f | %s |\n' "$support" "$name" "$cpu" "$wall"
    rm -f "$WORK/$name"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
