#!/bin/sh
# The bank at scale: a bank demo of CUSTOMERS customers over three years of
# month-end balances, written once as CSV by the shipped binary (`vafa demo
# --kind bank --csv-only`), then loaded and analysed by the shipped binary on
# SQLite and on PostgreSQL, RUNS times each into a fresh store: `vafa import`
# customers, holdings, balances and interactions, `vafa retention
# --holdings`, `vafa churn --contracts` and `vafa next-product`, and the
# three straight from the files. Prints what
# the files hold (rows per customer), each step's median wall time and peak
# resident memory (GNU time) and CPU seconds (user + system: on a shared
# machine the wall time says as much about the others' load), the medians
# of loading, of analysing and of both, and the load average.
#   bench/holdings/run.sh [CUSTOMERS] [RUNS] [BACKENDS] [SHAPE]
# CUSTOMERS defaults to 1000000, RUNS to 3, BACKENDS to "sqlite postgres"
# ("files": only the steps straight from the files). SHAPE is "demo" (the
# demo's book: products opened and closed over the three years) or "bar"
# (issue 28's bar: every customer holds 3 products with 36 month-end
# balances each until closing everything; `vafa demo --products-each 3
# --months 36`).
# Needs a built tree (scripts/build); PostgreSQL runs under
# scripts/with-postgres (on VAFA_TEST_POSTGRES_PORT when set). BANK_DATA
# names a folder of files generated before (else bench/out/holdings/...).
set -eu
cd "$(dirname "$0")/../.."
customers=${1:-1000000}
runs=${2:-3}
backends=${3:-sqlite postgres}
[ "$backends" = files ] && backends=
shape=${4:-demo}
vafa=${VAFA_BIN:-build/src/cli/vafa}
case "$shape" in
  demo) shape_args="--years 3"; data_name="bank-$customers" ;;
  bar) shape_args="--products-each 3 --months 36"; data_name="bank-bar-$customers" ;;
  *) echo "SHAPE is demo or bar" >&2; exit 2 ;;
esac
case "$backends" in
  *postgres*)
    if [ -z "${VAFA_TEST_POSTGRES_URL:-}" ]; then exec scripts/with-postgres "$0" "$@"; fi ;;
esac
out=bench/out/holdings
data=${BANK_DATA:-$out/$data_name}  # or files made before
mkdir -p "$out"
if [ ! -f "$data/balances.csv" ]; then
  /usr/bin/time -f "generated in %e s, peak %M KB" \
    "$vafa" demo --kind bank --customers "$customers" --seed 1 $shape_args \
    --end 2026-11-30 --csv-only --out "$data"
fi
rows() { echo $(($(wc -l <"$data/$1") - 1)); }
holdings=$(rows holdings.csv); balances=$(rows balances.csv)
interactions=$(rows interactions.csv)
echo "data: $customers customers, $holdings holdings ($(echo "scale=2; $holdings / $customers" | bc) each), $balances month-end balances ($(echo "scale=1; $balances / $customers" | bc) each), $interactions interactions"
uname -m; nproc; grep -m1 "model name" /proc/cpuinfo || true
times=$(mktemp)
step() {  # backend name command... ; appends "backend name seconds kb cpu"
  b=$1; n=$2; shift 2
  measured=$(/usr/bin/time -f "%e %M %U %S" "$@" 2>&1 >/dev/null | tail -n 1 |
    awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }')
  echo "$b $n $measured" >>"$times"
}
for run in $(seq "$runs"); do
  step files churn-contracts-files "$vafa" churn --contracts --threads 2 --top 0 \
    --customers "$data/customers.csv" --holdings "$data/holdings.csv" \
    --balances "$data/balances.csv" --interactions "$data/interactions.csv"
  step files retention-files "$vafa" retention --holdings-file \
    "$data/holdings.csv" --customers-file "$data/customers.csv"
  step files next-product-files "$vafa" next-product --holdings-file \
    "$data/holdings.csv" --customers-file "$data/customers.csv"
  for b in $backends; do
    if [ "$b" = sqlite ]; then
      rm -f "$out"/bank.db*; db="$out/bank.db"
    else
      psql -q "$VAFA_TEST_POSTGRES_URL" -c 'DROP DATABASE IF EXISTS bench_bank' -c 'CREATE DATABASE bench_bank' >/dev/null
      db=$(echo "$VAFA_TEST_POSTGRES_URL" | sed 's#/postgres?#/bench_bank?#')
    fi
    "$vafa" --db "$db" migrate >/dev/null
    for kind in customers holdings balances interactions; do
      step "$b" "import-$kind" "$vafa" --db "$db" import "$kind" "$data/$kind.csv"
    done
    step "$b" retention "$vafa" --db "$db" retention --holdings
    step "$b" churn-contracts "$vafa" --db "$db" churn --contracts --threads 2 --top 0
    step "$b" next-product "$vafa" --db "$db" next-product
  done
  echo "run $run done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "== from the files, no store (median of $runs)"
for n in churn-contracts-files retention-files next-product-files; do
  s=$(awk -v n="$n" '$1=="files" && $2==n {print $3}' "$times" | median)
  kb=$(awk -v n="$n" '$1=="files" && $2==n {print $4}' "$times" | sort -n | tail -n 1)
  cpu=$(awk -v n="$n" '$1=="files" && $2==n {print $5}' "$times" | median)
  printf '%-20s %8.2f s  %6d MiB  (cpu %.2f s)\n' "$n" "$s" "$((kb / 1024))" "$cpu"
done
for b in $backends; do
  echo "== $b (median of $runs; peak RSS the largest of the runs)"
  for n in import-customers import-holdings import-balances import-interactions retention churn-contracts next-product; do
    s=$(awk -v b="$b" -v n="$n" '$1==b && $2==n {print $3}' "$times" | median)
    kb=$(awk -v b="$b" -v n="$n" '$1==b && $2==n {print $4}' "$times" | sort -n | tail -n 1)
    cpu=$(awk -v b="$b" -v n="$n" '$1==b && $2==n {print $5}' "$times" | median)
    printf '%-20s %8.2f s  %6d MiB  (cpu %.2f s)\n' "$n" "$s" "$((kb / 1024))" "$cpu"
  done
  # Per run sums, then their medians.
  for part in load analyse total; do
    v=$(awk -v b="$b" -v part="$part" '
      $1 != b { next }
      { isload = ($2 ~ /^import-/) }
      (part == "total") || (part == "load" && isload) || (part == "analyse" && !isload) { sum[int(k[$2]++)] += $3 }
      END { for (i in sum) print sum[i] }' "$times" | median)
    printf '%-20s %8.2f s\n' "$part" "$v"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$times"
