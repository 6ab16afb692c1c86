#!/usr/bin/env bash
# CPU per search query in process (bench/api/search_cpu.cc) on the API
# benchmark's store and queries (bench/api/run.sh makes them): the total and
# the slowest queries, each the best of REPEAT runs.
#
#   cmake --build build --target vafa && bench/api/search_cpu.sh [CUSTOMERS]
#
# Environment: BUILD (build), REPEAT (3), SLOWEST (10), OUT (bench/out/api),
# QUERIES (the benchmark's queries; bench/api/hard-queries.txt holds
# searches of common words that the benchmark's names do not reach),
# PROGRAM (where the program is built, /tmp/vafa-bench/bin/search_cpu).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD:-$root/build}"
customers="${1:-1000000}"
out="${OUT:-$root/bench/out/api}"
program="${PROGRAM:-/tmp/vafa-bench/bin/search_cpu}"
mkdir -p "$(dirname "$program")"

libraries=("$build/src/store/libvafa_store.a" "$build/src/core/libvafa_core.a")
g++ -O2 -std=c++20 -I "$root/src" -isystem /usr/include/postgresql \
  -o "$program" "$here/search_cpu.cc" \
  -Wl,--start-group "${libraries[@]}" \
  /usr/lib/x86_64-linux-gnu/libsoci_postgresql.a -lsoci_core -lsoci_sqlite3 \
  -Wl,--end-group -lsqlite3 -lpq -lsodium -licuuc -licui18n -ldl -pthread

"$program" "$out/bench-$customers.db" bench \
  "${QUERIES:-$out/queries-$customers.txt}" \
  "${REPEAT:-3}" "${SLOWEST:-10}"
