#!/bin/sh
# Churn at scale: a demo of N customers (default one million) as CSV, then
# `vafa churn` on it, `runs` times (default 3); prints the machine and each
# run's stage times (features of the training snapshots, training of the
# logistic baseline and the trees, features + scoring now) and the medians.
# Usage: bench/churn/run.sh [customers] [runs]   (needs build/ from scripts/build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
customers=${1:-1000000}
runs=${2:-3}
vafa=${VAFA_BIN:-$root/build/src/cli/vafa}
data="$root/bench/out/churn/demo-$customers"
if [ ! -f "$data/transactions.csv" ]; then
  "$vafa" demo --customers "$customers" --seed 1 --csv-only --out "$data"
fi
uname -m; nproc; grep -m1 "model name" /proc/cpuinfo || true
out=$(mktemp)
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "wall %e s, peak %M KB" "$vafa" churn \
    --csv "$data/transactions.csv" --interactions "$data/interactions.csv" \
    --top 0 --no-scores >"$out" 2>&1
  grep -E "^  (rules|logistic|trees)|^features|^wall" "$out"
  grep -E "^features" "$out" >>"$out.times"
done
# Each line: "features A s, training B s, scoring C s, lifetime model now D s".
median() { cut -d' ' -f"$1" "$out.times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "median of $runs: training features $(median 2) s, training $(median 5) s, scoring $(median 8) s, lifetime model now $(median 13) s"
rm -f "$out" "$out.times"
