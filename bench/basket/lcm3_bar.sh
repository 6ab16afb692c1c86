#!/usr/bin/env bash
# vafa's miner alone against the published LCM3 bar (retail.dat at 89 and 44
# baskets: 0.10 s and 0.15 s on a 2-core machine), and on T10I4D100K: the
# median of RUNS runs of bench/basket/mine_fimi (reading the file and
# mining, all threads; then one thread). Run on a quiet machine.
#   bench/basket/lcm3_bar.sh [FIMI_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIMI=${1:-$ROOT/../shared/data/fimi}
RUNS=${RUNS:-7}
WORK=${TMPDIR:-/tmp}/vafa-basket-bench
mkdir -p "$WORK"
SOURCES=$(ls "$ROOT"/src/analytics/basket/*.cc | grep -v _test.cc)
g++ -std=c++20 -O3 -DNDEBUG -I"$ROOT/src" -pthread \
  "$ROOT/bench/basket/mine_fimi.cc" $SOURCES "$ROOT/src/core/status.cc" \
  -o "$WORK/mine_fimi"
median() { # file support threads
  for _ in $(seq "$RUNS"); do
    "$WORK/mine_fimi" "$1" "$2" auto "$3" | sed 's/.*total_s=//'
  done | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| file | min support | all threads (s) | 1 thread (s) |\n|---|---|---|---|\n'
for setting in "retail.dat 89" "retail.dat 44" "retail.dat 9" \
               "T10I4D100K.dat 100" "T10I4D100K.dat 50" "T10I4D100K.dat 10"; do
  set -- $setting
  printf '| %s | %s | %s | %s |\n' "$1" "$2" \
    "$(median "$FIMI/$1" "$2" 0)" "$(median "$FIMI/$1" "$2" 1)"
done
