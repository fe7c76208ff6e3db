#!/bin/bash
# The whole test suite: installs what is missing, builds, and runs every unit
# and end-to-end test with CTest.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${APPLE_BUILD_DIR:-$here/build}

"$here/tools/install-deps.sh"
"$here/tools/build.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
