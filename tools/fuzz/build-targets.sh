#!/bin/bash
# Configures and builds the in-process fuzz targets (tests/fuzz/targets/, a
# CMake project of its own) with clang into TARGETS_BUILD.
#
#   build-targets.sh SOURCE_DIR TARGETS_BUILD [APPLE_WERROR]
#
# The instrumented core must build. Each target is then built on its own, so
# that one that does not compile leaves the others usable: its binary is
# removed, its log kept as TARGETS_BUILD/logs/fuzz-NAME.log (run-target.sh
# shows it), and it is named here; only a core that fails to build fails
# this script.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '/^#   build-targets/p' "$0" >&2
  exit 2
fi
source=$1 build=$2 werror=${3:-ON}

mkdir -p "$build/logs"
if ! CC=${APPLE_FUZZ_CC:-clang} cmake -S "$source/tests/fuzz/targets" -B "$build" \
       -DAPPLE_WERROR="$werror" \
       > "$build/logs/configure.log" 2>&1; then
  cat "$build/logs/configure.log" >&2
  echo "build-targets: configuring $source/tests/fuzz/targets failed" >&2
  exit 1
fi
grep -E '^-- Fuzz targets:' "$build/logs/configure.log" || true

if ! cmake --build "$build" -j "$(nproc)" --target apple-core-fuzz > "$build/logs/core.log" 2>&1; then
  cat "$build/logs/core.log" >&2
  echo "build-targets: the instrumented core (plugin/core/*.c) does not build" >&2
  exit 1
fi

built=0 failed=()
for target in "$source"/tests/fuzz/targets/fuzz-*.c; do
  [ -f "$target" ] || continue
  program=$(basename "$target" .c)
  if cmake --build "$build" --target "$program" > "$build/logs/$program.log" 2>&1; then
    built=$((built + 1))
  else
    rm -f "$build/$program"    # never run an old binary of a broken source
    failed+=("$program")
    echo "build-targets: $program does not build:" >&2
    grep -m 5 -E 'error|No rule' "$build/logs/$program.log" >&2 || true
  fi
done
echo "build-targets: $built fuzz targets built in $build${failed[*]:+; not built: ${failed[*]}}"
