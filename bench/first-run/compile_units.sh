#!/bin/sh
# Compiler time of the vafa program's units under three sets of flags: the
# development build's (-O2 -g), the demo build's (-O2) and -O1. Takes every
# STEP-th unit of the `vafa` target of a configured build folder, compiles
# it without ccache into a scratch file, and prints one line per unit and
# flags: "source|flags|user system elapsed" (seconds), then the sums.
#   bench/first-run/compile_units.sh [BUILD_DIR] [STEP]     (default: build 8)
set -eu
build=${1:-build}
step=${2:-8}
out=$(mktemp -d "${TMPDIR:-/tmp}/vafa_compile_units.XXXXXX")
trap 'rm -rf "$out"' EXIT
cd "$build"
ninja -t commands vafa | grep -e ' -c /' | sed 's/^ccache //' |
  awk -v step="$step" 'NR % step == 1' >"$out/sample"
while IFS= read -r command; do
  source=${command##* -c }
  base=$(echo "$command" | sed -e 's/ -MD -MT [^ ]* -MF [^ ]*//' \
    -e "s| -o [^ ]* | -o $out/unit.o |")
  for flags in "-O2 -g" "-O2" "-O1"; do
    with_flags=$(echo "$base" | sed "s/ -O2 -g / $flags /")
    /usr/bin/time -o "$out/time" -f "%U %S %e" sh -c "$with_flags" \
      >/dev/null 2>&1
    echo "$source|$flags|$(tail -n 1 "$out/time")"
  done
done <"$out/sample" | tee "$out/times"
echo "units: $(wc -l <"$out/sample") of $(ninja -t commands vafa | grep -c -e ' -c /')"
for flags in "-O2 -g" "-O2" "-O1"; do
  awk -F'|' -v flags="$flags" '$2 == flags { split($3, t, " "); cpu += t[1] + t[2] }
    END { printf "%s: %.1f s of CPU\n", flags, cpu }' "$out/times"
done
