#!/usr/bin/env bash
# The shipped binary against Borgelt's eclat, whole process each time:
# `vafa basket --fimi retail.dat --min-support N --itemsets-only` (with and
# without writing the itemsets to a file) and `eclat -s-N retail.dat OUT`,
# interleaved run by run so that both see the same load, RUNS times each
# (median wall seconds; user+system CPU seconds beside it, which a shared
# machine inflates less). Prints one Markdown row per program and support,
# and the load average before and after.
#
#   ECLAT=/path/to/eclat bench/basket/cli_vs_eclat.sh [VAFA] [FIMI_FILE]
#
# ECLAT is Borgelt's eclat built from its source with its own makefile
# (version 5.5 was used for docs/BENCHMARKS.md); it is not in Debian.
# MINE_FIMI, when set, adds the bench-only program bench/basket/mine_fimi.cc
# as an extra row (labelled as such). Needs /usr/bin/time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VAFA=${1:-$ROOT/build/src/cli/vafa}
FILE=${2:-$ROOT/tests/data/fimi/retail.dat}
ECLAT=${ECLAT:?set ECLAT to Borgelt\'s eclat binary}
RUNS=${RUNS:-5}
SUPPORTS=${SUPPORTS:-89 44}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run NAME COMMAND...: one timed run; appends "wall cpu" to $WORK/NAME.
run() {
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$@" >"$WORK/out" 2>&1
  awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$WORK/time" >>"$WORK/$name"
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| min support | program | seconds (median of $RUNS) | CPU seconds (median) |"
echo "| --- | --- | --- | --- |"
for support in $SUPPORTS; do
  programs=(vafa_out vafa eclat)
  [[ -n ${MINE_FIMI:-} ]] && programs+=(mine_fimi)
  for ((i = 1; i <= RUNS; i++)); do
    run vafa_out "$VAFA" basket --fimi "$FILE" --min-support "$support" \
      --itemsets-only --out "$WORK/vafa-out"
    run vafa "$VAFA" basket --fimi "$FILE" --min-support "$support" \
      --itemsets-only
    run eclat "$ECLAT" "-s-$support" "$FILE" "$WORK/eclat.txt"
    [[ -n ${MINE_FIMI:-} ]] && run mine_fimi "$MINE_FIMI" "$FILE" "$support"
  done
  label() {
    case $1 in
      vafa_out) echo "vafa basket --itemsets-only --out DIR (writes itemsets.csv)" ;;
      vafa) echo "vafa basket --itemsets-only (prints the counts)" ;;
      eclat) echo "Borgelt eclat (writes the itemsets)" ;;
      mine_fimi) echo "bench program mine_fimi (library alone, not shipped)" ;;
    esac
  }
  for name in "${programs[@]}"; do
    echo "| $support | $(label "$name") | $(cut -d' ' -f1 "$WORK/$name" | median) | $(cut -d' ' -f2 "$WORK/$name" | median) |"
    rm -f "$WORK/$name"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
