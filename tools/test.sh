#!/bin/bash
# The whole test suite: installs what is missing, builds, runs every unit and
# end-to-end test with CTest against this machine's Wireshark, then the same
# suite against Wireshark 4.4 (Debian trixie) and 4.6 (Debian sid) in cached
# debootstrap chroots (tools/version-matrix.sh; needs root, skipped with a
# notice otherwise, or with APPLE_MATRIX=0).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${APPLE_BUILD_DIR:-$here/build}

"$here/tools/install-deps.sh"
"$here/tools/build.sh"

status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
(cd "$build" && ctest --output-on-failure -j "$(nproc)") 2>&1 | tee "$log" || status=1
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
total=$(sed -nE 's/.* out of ([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*passed, ([0-9]+) tests? failed.*/\1/p' <<<"$summary")
passed=$(( ${total:-0} - ${failed:-0} ))
failed=${failed:-0}
[ -n "$total" ] || { echo "no CTest summary"; status=1; }

if [ "${APPLE_MATRIX:-1}" = 0 ]; then
  echo "Skipping the Wireshark 4.4/4.6 matrix (APPLE_MATRIX=0)."
elif [ "$(id -u)" != 0 ]; then
  echo "Skipping the Wireshark 4.4/4.6 matrix: it needs root (sudo tools/version-matrix.sh trixie sid)."
else
  "$here/tools/version-matrix.sh" trixie sid 2>&1 | tee "$log" || status=1
  line=$(grep -E '^matrix: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
  [ -n "$line" ] || { echo "no matrix summary"; status=1; }
  matrix_passed=$(sed -nE 's/^matrix: ([0-9]+) passed.*/\1/p' <<<"$line")
  matrix_failed=$(sed -nE 's/.* ([0-9]+) failed$/\1/p' <<<"$line")
  passed=$((passed + ${matrix_passed:-0}))
  failed=$((failed + ${matrix_failed:-0}))
fi

echo
echo "all: $passed passed, $failed failed"
exit $status
