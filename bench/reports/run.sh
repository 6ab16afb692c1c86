#!/usr/bin/env bash
# Keeping a large report: the CSV text a run kept before migration 0025
# against the typed table kept since (docs/BENCHMARKS.md, "Kept reports").
# Builds bench/reports/report_store.cc against the built libraries and runs
# it on a fresh SQLite store, and on PostgreSQL when VAFA_TEST_POSTGRES_URL
# is set (scripts/with-postgres bench/reports/run.sh).
#
#   cmake --build build --target vafa_pipeline && bench/reports/run.sh
#
# Environment: BUILD (build), CUSTOMERS (1000000), DATA_DIR (/tmp/vafa-bench).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD:-$root/build}"
customers="${CUSTOMERS:-1000000}"
data_dir="${DATA_DIR:-/tmp/vafa-bench}"
mkdir -p "$data_dir/bin"
program="$data_dir/bin/report_store"

mapfile -t libraries < <(find "$build/src" -name 'libvafa_*.a' | sort)
g++ -O2 -std=c++20 -I "$root/src" -isystem /usr/include/postgresql \
  -o "$program" "$here/report_store.cc" \
  -Wl,--start-group "${libraries[@]}" \
  /usr/lib/x86_64-linux-gnu/libsoci_postgresql.a -lsoci_core -lsoci_sqlite3 \
  -Wl,--end-group -lsqlite3 -lpq -lsodium -licuuc -licui18n -l:libtbb.so.12 \
  -lnlopt -lzip -lexpat -lxgboost -ldl -pthread

store="$data_dir/report_store.sqlite"
rm -f "$store" "$store-wal" "$store-shm"
echo "SQLite:"
"$program" "$store" "$customers"
if [[ -n "${VAFA_TEST_POSTGRES_URL:-}" ]]; then
  echo "PostgreSQL:"
  "$program" "$VAFA_TEST_POSTGRES_URL" "$customers"
fi
