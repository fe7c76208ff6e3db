#!/bin/bash
# The whole test suite: installs what is missing, builds, runs every unit and
# end-to-end test with CTest against this machine's Wireshark, then the same
# suite against Wireshark 4.4 (Debian trixie) and 4.6 (Debian sid) in cached
# debootstrap chroots (tools/version-matrix.sh; needs root, skipped with a
# notice otherwise, or with APPLE_MATRIX=0).
#
#   tools/test.sh            everything (what CI runs)
#   tools/test.sh --quick    this machine's Wireshark only, without the long
#                            fuzzing and valgrind runs (CTest label "slow"):
#                            a few minutes, for running often
#
# The last line counts every test: "all: N passed, N failed". The exit
# status is 0 only if every run passed.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${APPLE_BUILD_DIR:-$here/build}
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) sed -n '/^#   tools\/test.sh/,/^#$/p' "$0" >&2; exit 2 ;;
esac

"$here/tools/install-deps.sh"
"$here/tools/build.sh"

# junit_counts FILE...: "passed failed" over CTest's JUnit reports
junit_counts() {
  awk -f "$here/tools/lib/junit-counts.awk" "$@" | awk '{ print $1, $2 }'
}

status=0
ctest_args=(--output-on-failure -j "$(nproc)" --output-junit "$build/ctest-results.xml")
[ $quick = 1 ] && ctest_args+=(-LE slow)
(cd "$build" && ctest "${ctest_args[@]}") || status=1
read -r passed failed <<< "$(junit_counts "$build/ctest-results.xml")"

if [ $quick = 1 ]; then
  echo "Quick run: no 4.4/4.6 matrix, no tests labelled slow."
elif [ "${APPLE_MATRIX:-1}" = 0 ]; then
  echo "Skipping the Wireshark 4.4/4.6 matrix (APPLE_MATRIX=0)."
elif [ "$(id -u)" != 0 ]; then
  echo "Skipping the Wireshark 4.4/4.6 matrix: it needs root (sudo tools/version-matrix.sh trixie sid)."
else
  matrix=$build/matrix
  rm -rf "$matrix" && mkdir -p "$matrix"
  APPLE_MATRIX_RESULTS=$matrix "$here/tools/version-matrix.sh" trixie sid || status=1
  if ls "$matrix"/*.xml > /dev/null 2>&1; then
    read -r p f <<< "$(junit_counts "$matrix"/*.xml)"
    passed=$((passed + p)) failed=$((failed + f))
  else
    echo "no test results from the matrix"; status=1
  fi
fi

echo
echo "all: $passed passed, $failed failed"
exit $status
