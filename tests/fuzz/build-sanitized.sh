#!/bin/bash
# Builds the plugin and the unit tests a second time, with ASan and UBSan
# (-DAPPLE_SANITIZE=ON), for the fuzzing tests and sanitized-unit-tests: a
# build tree of its own, inside the tested one.
#
#   build-sanitized.sh SOURCE_DIR BUILD_DIR C_COMPILER APPLE_WERROR
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source=$1 build=$2 compiler=$3 werror=$4
cmake -S "$source" -B "$build" -DAPPLE_SANITIZE=ON -DBUILD_TESTING=ON \
      -DCMAKE_C_COMPILER="$compiler" -DAPPLE_WERROR="$werror" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target apple unit-tests
