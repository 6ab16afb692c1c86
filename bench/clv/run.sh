#!/bin/sh
# Builds and runs the CLV benchmark (RelWithDebInfo: -O2, the project default)
# in build-clv-bench/ and prints
# medians; run from anywhere. Usage: bench/clv/run.sh [runs]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-clv-bench"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVAFA_PARTS="core;analytics" -DVAFA_CLV_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target clv_bench >/dev/null
uname -m; nproc; grep -m1 "model name" /proc/cpuinfo || true
"$build/bench/clv/clv_bench" "$root" "${1:-21}"
