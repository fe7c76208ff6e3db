#!/bin/bash
# Dissecting a frame again gives it the same apple.* fields as the first,
# single pass, over each capture given:
#   * two passes (tshark -2);
#   * random order, as the GUI re-dissects the frame a user clicks: sharkd
#     (the GUI's dissection engine, without the GUI) loads the capture, which
#     is the first pass, then dissects every frame once more, in a shuffled
#     order with a full tree.
#
#   check-redissection.sh BUILD_DIR CAPTURE...
#
# The shuffle is the same on every run (shuf with a fixed random source).
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

# same_fields NAME WHAT FILE: compares FILE with the single pass's one.tsv
same_fields() {
  if diff "$work/one.tsv" "$3" > "$work/diff"; then
    return 0
  fi
  echo "FAIL $1: one pass (<) and $2 (>) differ:"; head -n 10 "$work/diff"
  return 1
}

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
  same_fields "$name" "two passes" "$work/two.tsv" || { failed=1; continue; }

  # sharkd reads the capture as the user running it, from its own HOME
  cp "$capture" "$FUZZ_HOME/capture"
  chmod a+r "$FUZZ_HOME/capture"
  frames=$(wc -l < "$work/one.tsv")
  {
    printf '{"jsonrpc":"2.0","id":1,"method":"load","params":{"file":"%s"}}\n' \
      "$FUZZ_HOME/capture"
    seq 1 "$frames" | shuf --random-source=<(yes) |
      awk '{ printf "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"frame\",\"params\":{\"frame\":%d,\"proto\":true}}\n", $1 + 1, $1 }'
  } > "$work/requests"
  status=0
  fuzz_program sharkd - < "$work/requests" > "$work/sharkd.out" 2> "$work/sharkd.err" ||
    status=$?
  reports=$(fuzz_report_lines "$work/sharkd.err")
  if [ "$status" != 0 ] || [ -n "$reports" ] ||
     ! python3 "$here/sharkd-fields.py" "${apple_field_names[@]}" < "$work/sharkd.out" \
       > "$work/random.tsv"; then
    echo "FAIL $name: sharkd failed (exit status $status)"
    head -n 5 "$work/sharkd.err"; failed=1; continue
  fi
  same_fields "$name" "random-order re-dissection" "$work/random.tsv" || { failed=1; continue; }
  rm -f "$FUZZ_HOME/capture"

  labelled=$(awk -F'\t' '$4 != ""' "$work/one.tsv" | wc -l)
  echo "ok   $name: $frames frames, $labelled labelled, the same in two passes and in random order"
done
exit $failed
