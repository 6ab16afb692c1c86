#!/bin/sh
# Compiler time of a sample of sources under the flags scripts/build used
# before (-O2 -g everywhere) and uses now (-O2 -g1, the tests' own sources
# -O1 -g1): user CPU seconds per file, each compiled alone, RUNS times
# alternately (the median is reported). Needs build/compile_commands.json
# (any configured build).
#   bench/build/compile-flags.sh [RUNS]
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-3}
python3 - "$runs" <<'PY'
import json, re, shlex, statistics, subprocess, sys, resource
runs = int(sys.argv[1])
commands = {e["file"]: e for e in json.load(open("build/compile_commands.json"))}
sample = ["src/store/record_table_test.cc", "tests/api/api_test.cc",
          "src/import/import_test.cc", "src/store/record_table.cc",
          "src/api/http_server.cc", "src/import/customer_import.cc"]
def cpu(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    subprocess.run(argv, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
total = {"before": 0.0, "after": 0.0}
for file in sample:
    entry = next(v for k, v in commands.items() if k.endswith(file))
    argv = shlex.split(entry["command"])
    argv = [a for a in argv if a not in ("ccache",) and not re.fullmatch(r"-O\d|-g\d?", a)]
    out = argv.index("-o")
    argv[out + 1] = "/tmp/vafa-compile-flags.o"
    test = file.endswith("_test.cc")
    flags = {"before": ["-O2", "-g"], "after": ["-O1" if test else "-O2", "-g1"]}
    times = {k: [] for k in flags}
    for _ in range(runs):
        for k, f in flags.items():
            times[k].append(cpu(argv[:1] + f + argv[1:]))
    med = {k: statistics.median(v) for k, v in times.items()}
    for k in med: total[k] += med[k]
    print(f"{file:40s} before {med['before']:6.2f} s  after {med['after']:6.2f} s  ratio {med['after']/med['before']:.2f}")
print(f"{'all':40s} before {total['before']:6.2f} s  after {total['after']:6.2f} s  ratio {total['after']/total['before']:.2f}")
PY
