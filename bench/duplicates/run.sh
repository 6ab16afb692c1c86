#!/bin/sh
# Duplicate scan through the shipped binary: `vafa duplicates measure`
# plants duplicates of eight kinds into a population (no store), scans it
# and prints the scan's time, the process's peak memory, and precision and
# recall by kind against the planted truth.
#   bench/duplicates/run.sh [CUSTOMERS...]    # default: 100000 1000000
# Needs a built tree (cmake --build build --target vafa).
set -eu
cd "$(dirname "$0")/../.."
vafa=${VAFA:-$PWD/build/src/cli/vafa}
sizes=${*:-100000 1000000}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vafa: $vafa (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
for customers in $sizes; do
  /usr/bin/time -f "whole process: %e s, %M KiB" \
    "$vafa" duplicates measure --customers "$customers" --share 0.05 --seed 11
done
