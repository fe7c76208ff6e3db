#!/bin/bash
# Configures and builds the plugin, the table generator and the tests into
# BUILD_DIR (default: build/).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${APPLE_BUILD_DIR:-$here/build}

cmake -S "$here" -B "$build" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
