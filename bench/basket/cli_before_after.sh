#!/usr/bin/env bash
# Two builds of `vafa basket` on the same FIMI file, run alternately so that
# both see the same load: `--itemsets-only` with and without `--out` (the
# itemsets written as CSV, or only counted) and the rules written too, at
# one support. Prints the median of RUNS runs of each: wall seconds, CPU
# seconds (user + system, which a shared machine inflates less) and peak
# RSS; and the load average before and after. Needs /usr/bin/time.
#
#   bench/basket/cli_before_after.sh BEFORE_VAFA AFTER_VAFA [FIMI_FILE]
#
# RUNS (default 5) and SUPPORT (default 44) may be set.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BEFORE=${1:?give the binary before}
AFTER=${2:?give the binary after}
FILE=${3:-$ROOT/tests/data/fimi/retail.dat}
RUNS=${RUNS:-5}
SUPPORT=${SUPPORT:-44}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run NAME COMMAND...: one timed run; appends "wall cpu rss_kb" to $WORK/NAME.
run() {
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" >/dev/null 2>&1
  awk '{ printf "%.2f %.3f %d\n", $1, $2 + $3, $4 }' "$WORK/time" >>"$WORK/$name"
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= RUNS; i++)); do
  for build in before after; do
    vafa=$BEFORE
    [[ $build == after ]] && vafa=$AFTER
    run "$build-out" "$vafa" basket --fimi "$FILE" --min-support "$SUPPORT" \
      --itemsets-only --out "$WORK/itemsets-$build"
    run "$build-count" "$vafa" basket --fimi "$FILE" \
      --min-support "$SUPPORT" --itemsets-only
    run "$build-rules" "$vafa" basket --fimi "$FILE" \
      --min-support "$SUPPORT" --out "$WORK/rules-$build"
  done
done
cmp "$WORK/itemsets-before/itemsets.csv" "$WORK/itemsets-after/itemsets.csv"
cmp "$WORK/rules-before/rules.csv" "$WORK/rules-after/rules.csv"
echo "| command (support $SUPPORT) | build | seconds | CPU seconds | peak RSS MB |"
echo "| --- | --- | --- | --- | --- |"
for case in out count rules; do
  case $case in
    out) label="--itemsets-only --out DIR (writes itemsets.csv)" ;;
    count) label="--itemsets-only (prints the counts)" ;;
    rules) label="--out DIR (writes itemsets.csv and rules.csv)" ;;
  esac
  for build in before after; do
    f=$WORK/$build-$case
    echo "| \`$label\` | $build | $(cut -d' ' -f1 "$f" | median) |" \
      "$(cut -d' ' -f2 "$f" | median) |" \
      "$(cut -d' ' -f3 "$f" | median | awk '{ printf "%.0f", $1 / 1024 }') |"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
