#!/usr/bin/env bash
# A missing subsystem is a configure error (CMakeLists.txt,
# cmake/part_links.cmake): configures scratch builds that lack a part and
# checks that CMake stops with the message naming it.
#   tests/scripts/configure_parts_test.sh SOURCE_DIR
set -uo pipefail
source_dir=$(cd "${1:?usage: configure_parts_test.sh SOURCE_DIR}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0

# expect_failure NAME EXPECTED_TEXT CMAKE_ARGS...
expect_failure() {
  local name=$1 expected=$2
  shift 2
  local log="$scratch/$name.log"
  if cmake "$@" -B "$scratch/$name" -G Ninja -DVAFA_BUILD_TESTS=OFF \
      > "$log" 2>&1; then
    echo "FAIL $name: configure succeeded" >&2
    status=1
  elif ! tr -s ' \n' ' ' < "$log" | grep -qF "$expected"; then
    echo "FAIL $name: the error does not say: $expected" >&2
    cat "$log" >&2
    status=1
  else
    echo "ok $name"
  fi
}

# A part whose library another selected part links.
expect_failure needed_part_left_out \
  "vafa_pipeline (src/pipeline) links vafa_import, which no selected part builds: add 'import' to VAFA_PARTS" \
  -S "$source_dir" -DVAFA_PARTS="core;analytics;pipeline"
# A part whose folder is missing from the tree.
mkdir -p "$scratch/tree/src"
cp -r "$source_dir/CMakeLists.txt" "$source_dir/cmake" "$scratch/tree/"
cp -r "$source_dir/src/core" "$scratch/tree/src/"
expect_failure missing_folder \
  "src/store/CMakeLists.txt is missing: the store part cannot be built" \
  -S "$scratch/tree" -DVAFA_PARTS="core;store"
# A part that does not exist.
expect_failure unknown_part "VAFA_PARTS names 'stores', which is not one of" \
  -S "$scratch/tree" -DVAFA_PARTS="core;stores"
exit "$status"
