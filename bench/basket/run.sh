#!/usr/bin/env bash
# Frequent-itemset mining speed and memory: vafa's miners against the miners
# Debian ships (ELKI 0.7 and Weka 3.6, both FP-Growth, both Java), on the
# FIMI files retail.dat and T10I4D100K.dat at 0.1%, 0.05% and 0.01%, plus
# vafa alone on a 10-million-line order log at 0.1%. Each setting is run
# RUNS times (median wall time reported, peak RSS from /usr/bin/time -v); a
# setting whose first run takes more than SLOW seconds is run once, and one
# that exceeds LIMIT seconds is reported as skipped. Results go to
# bench/out/basket/BENCHMARKS.md (merge figures into docs/BENCHMARKS.md).
#
#   bench/basket/run.sh [FIMI_DIR]
#
# Needs: g++ (build-essential), elki, weka, default-jre (Java 17), time,
# python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIMI=${1:-$ROOT/../shared/data/fimi}
OUT=$ROOT/bench/out/basket/BENCHMARKS.md
mkdir -p "$(dirname "$OUT")"
WORK=${TMPDIR:-/tmp}/vafa-basket-bench
RUNS=${RUNS:-3}
SLOW=${SLOW:-60}
LIMIT=${LIMIT:-240}
JAVA_HEAP=${JAVA_HEAP:-8g}
mkdir -p "$WORK"

SOURCES=$(ls "$ROOT"/src/analytics/basket/*.cc | grep -v _test.cc)
CXX_FLAGS="-std=c++20 -O3 -DNDEBUG -I$ROOT/src -pthread"
g++ $CXX_FLAGS "$ROOT/bench/basket/mine_fimi.cc" $SOURCES \
  "$ROOT/src/core/status.cc" -o "$WORK/mine_fimi"
g++ $CXX_FLAGS "$ROOT/bench/basket/mine_order_log.cc" $SOURCES \
  "$ROOT/src/core/status.cc" -o "$WORK/mine_order_log"
g++ -std=c++20 -O2 "$ROOT/bench/basket/make_order_log.cc" \
  -o "$WORK/make_order_log"

# ELKI recurses deeply at low support: a 1 GB thread stack avoids its
# StackOverflowError on retail.dat at 9.
ELKI="java -Xss1g -Xmx$JAVA_HEAP -cp /usr/share/java/elki.jar \
  de.lmu.ifi.dbs.elki.application.KDDCLIApplication"
WEKA="java -Xmx$JAVA_HEAP -cp /usr/share/java/weka.jar \
  weka.associations.FPGrowth"

# Runs one command up to RUNS times; prints "median_seconds peak_rss_mb
# itemsets runs", or "skipped".
measure() {
  local times=() rss=() count="" run elapsed
  for ((run = 1; run <= RUNS; run++)); do
    if ! timeout "$LIMIT" /usr/bin/time -v -o "$WORK/time.txt" "$@" \
      >"$WORK/out.txt" 2>&1; then
      echo "skipped"
      return
    fi
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0;
      for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/time.txt")
    times+=("$elapsed")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' \
      "$WORK/time.txt")")
    count=$(grep -oE '(itemsets=|frequent-itemsets: )[0-9]+' "$WORK/out.txt" |
      grep -oE '[0-9]+$' | tail -1 || true)
    if awk -v t="$elapsed" -v s="$SLOW" 'BEGIN { exit !(t > s) }'; then
      break
    fi
  done
  local median max_rss
  median=$(printf '%s\n' "${times[@]}" | sort -g |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  max_rss=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
  echo "$median $((max_rss / 1024)) ${count:--} ${#times[@]}"
}

row() {  # data support program result...
  local data=$1 support=$2 program=$3
  shift 3
  if [[ $1 == skipped ]]; then
    echo "| $data | $support | $program | - | skipped (> ${LIMIT} s or failed) | - | - |" >>"$OUT"
  else
    echo "| $data | $support | $program | $3 | $1 | $2 | $4 |" >>"$OUT"
  fi
}

{
  echo "# Market-basket mining benchmarks"
  echo
  echo "Produced by \`bench/basket/run.sh\` on $(date -u +%Y-%m-%d)."
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')," \
    "$(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr)."
  echo "Compilers: $(g++ --version | head -1); $(java -version 2>&1 | head -1)."
  echo "Peers: ELKI $(dpkg-query -W -f='${Version}' elki 2>/dev/null)" \
    "(itemsetmining.FPGrowth), Weka $(dpkg-query -W -f='${Version}' weka \
    2>/dev/null) (associations.FPGrowth -S, fed a sparse ARFF; it always runs"
  echo "rule generation, kept empty with -C 1.1), both with -Xmx$JAVA_HEAP."
  echo "The itemsets column is each program's own count where it prints one."
  echo "Times are wall-clock seconds for the whole process (start-up, reading" \
    "the file, mining), median of $RUNS runs"
  echo "(1 run where a run took over ${SLOW} s); memory is peak RSS. vafa" \
    "uses both cores unless marked 1 thread."
  echo "Load average when the run started: $(cut -d' ' -f1-3 /proc/loadavg)" \
    "(other work on the machine inflates every figure alike)."
  echo
  echo "| data | min support | program | itemsets | seconds | peak RSS MB | runs |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} >"$OUT"

# Absolute supports, as the published figures give them: 0.1%, 0.05% and
# 0.01% of 88,162 (retail) and 100,000 (T10I4D100K) baskets.
for setting in retail:0.1%:89 retail:0.05%:44 retail:0.01%:9 \
  T10I4D100K:0.1%:100 T10I4D100K:0.05%:50 T10I4D100K:0.01%:10; do
  IFS=: read -r data percent count <<<"$setting"
  file=$FIMI/$data.dat
  [[ -f $WORK/$data.arff ]] ||
    python3 "$ROOT/bench/basket/fimi_to_arff.py" "$file" "$WORK/$data.arff"
  label="$percent ($count)"
  row "$data" "$label" "vafa eclat" \
    $(measure "$WORK/mine_fimi" "$file" "$count" eclat)
  row "$data" "$label" "vafa eclat, 1 thread" \
    $(measure "$WORK/mine_fimi" "$file" "$count" eclat 1)
  row "$data" "$label" "vafa fpgrowth" \
    $(measure "$WORK/mine_fimi" "$file" "$count" fpgrowth)
  row "$data" "$label" "ELKI 0.7 FPGrowth" \
    $(measure $ELKI -algorithm itemsetmining.FPGrowth -dbc.in "$file" \
      -dbc.parser SimpleTransactionParser -itemsetmining.minsupp "$count" \
      -resulthandler DiscardResultHandler -time)
  row "$data" "$label" "Weka 3.6 FPGrowth" \
    $(measure $WEKA -t "$WORK/$data.arff" -S -M "$count" -C 1.1 -N 1)
done

"$WORK/make_order_log" 10000000 >"$WORK/orders.csv"
row "order log, 10M lines" "0.1%" "vafa eclat (read CSV + mine)" \
  $(measure "$WORK/mine_order_log" "$WORK/orders.csv" 0.1%)

echo >>"$OUT"
echo "Load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$OUT"
echo "Command: \`bench/basket/run.sh\` (RUNS=$RUNS SLOW=$SLOW LIMIT=$LIMIT)." >>"$OUT"
echo "wrote $OUT"
