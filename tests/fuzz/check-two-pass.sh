#!/bin/bash
# Two passes (tshark -2) give every frame the same apple.* fields as one
# pass, over each capture given.
#
#   check-two-pass.sh BUILD_DIR CAPTURE...
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/fields.sh
. "$here/fields.sh"

build=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
apple_fields_setup "$build" "$work"
failed=0

for capture in "$@"; do
  name=$(basename "$capture")
  if ! apple_fields "$capture" "$work/one.err" > "$work/one.tsv" ||
     ! apple_fields "$capture" "$work/two.err" -2 > "$work/two.tsv"; then
    echo "FAIL $name: tshark failed"; cat "$work/one.err" "$work/two.err"; failed=1; continue
  fi
  reports=$(fuzz_report_lines "$work/one.err"; fuzz_report_lines "$work/two.err")
  if [ -n "$reports" ]; then
    echo "FAIL $name: $(head -n 1 <<< "$reports")"; failed=1; continue
  fi
  labelled=$(awk -F'\t' '$4 != ""' "$work/one.tsv" | wc -l)
  if diff "$work/one.tsv" "$work/two.tsv" > "$work/diff"; then
    echo "ok   $name: $(wc -l < "$work/one.tsv") frames, $labelled labelled, the same in two passes"
  else
    echo "FAIL $name: one pass (<) and two passes (>) differ:"; head -n 10 "$work/diff"; failed=1
  fi
done
exit $failed
