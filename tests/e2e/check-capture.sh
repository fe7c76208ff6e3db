#!/bin/bash
# Checks the plugin's labels on one capture, end to end, with the real tshark:
#  1. the apple.* fields of every frame equal the expected file;
#  2. a plain run (no tree built) tags exactly the labelled frames in Info
#     (but for an Info column already at Wireshark's length limit);
#  3. -Y apple selects exactly those frames;
#  4. -V shows an Apple Services tree on exactly those frames;
#  5. a custom column of apple.service agrees with -T fields on every frame.
#
#   check-capture.sh BUILD_DIR CAPTURE EXPECTED [--update]
#
# --update rewrites EXPECTED from the current plugin (review the diff!).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

build=$1 capture=$2 expected=$3 update=${4:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tshark() { "$here/tools/tshark-with-plugin" --build "$build" -r "$capture" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t fields < <(echo frame.number; grep -v -e '^#' -e '^$' "$here/tests/apple-fields.txt")
field_args=()
for f in "${fields[@]}"; do field_args+=(-e "$f"); done

# run OUT ARGS...: tshark's output into OUT; a failing tshark fails the test
# (and the checks that would read its output are not run).
run() {
  local out=$1 status=0; shift
  tshark "$@" > "$out" 2> "$work/stderr" || status=$?
  if [ $status != 0 ]; then
    echo "FAIL: tshark $* exited with status $status:"; cat "$work/stderr"
    exit 1
  fi
}

# Tab-separated, one line per frame; several values of a field joined by '|'.
# A boolean prints as 1 up to Wireshark 4.2 and as True from 4.4: the
# expected files hold 1 (apple.verified is the only boolean compared).
run "$work/raw.tsv" -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator='|' \
    "${field_args[@]}"
awk -F'\t' -v OFS='\t' '
  NR == 1 { for (i = 1; i <= NF; i++) if ($i == "apple.verified") col = i }
  NR > 1 && col && $col == "True" { $col = 1 }
  { print }' "$work/raw.tsv" > "$work/fields.tsv"

if [ "$update" = "--update" ]; then
  cp "$work/fields.tsv" "$expected"
  echo "updated $expected"
  exit 0
fi

failed=0
fail() { echo "FAIL: $*"; failed=1; }

if ! diff -u "$expected" "$work/fields.tsv" > "$work/fields.diff"; then
  fail "apple.* fields differ from $(basename "$expected") (first lines of the diff):"
  head -n 40 "$work/fields.diff"
fi

# Frames with a label, by frame number.
awk -F'\t' 'NR > 1 && $4 != "" { print $1 }' "$work/fields.tsv" > "$work/labelled"

run "$work/plain.txt"
# Wireshark cuts the Info column at 4095 characters: where a packet's Info
# is that long already, the tag falls off the end (its fields stay).
awk '/ \[Apple[? ]/ || length($0) > 4095 { print $1 }' "$work/plain.txt" > "$work/tagged"
diff -q "$work/labelled" "$work/tagged" > /dev/null ||
  fail "plain run (no tree) tags $(wc -l < "$work/tagged") frames, fields label $(wc -l < "$work/labelled")"

run "$work/filtered" -Y apple -T fields -e frame.number
diff -q "$work/labelled" "$work/filtered" > /dev/null ||
  fail "-Y apple selects $(wc -l < "$work/filtered") frames, fields label $(wc -l < "$work/labelled")"

run "$work/verbose.txt" -V
awk '/^Frame [0-9]+:/ { n = $2 + 0 } /^\[?Apple Services: / { print n }' "$work/verbose.txt" > "$work/verbose"
diff -q "$work/labelled" "$work/verbose" > /dev/null ||
  fail "-V shows an Apple Services tree on $(wc -l < "$work/verbose") frames, fields label $(wc -l < "$work/labelled")"

run "$work/column.txt" -o 'gui.column.format:"No.","%m","Apple service","%Cus:apple.service:0:R"'
awk '{ print $1 "\t" $2 }' "$work/column.txt" > "$work/column"
awk -F'\t' 'NR > 1 { s = $4; gsub(/\|/, ",", s); print $1 "\t" s }' "$work/fields.tsv" > "$work/by-fields"
diff -q "$work/by-fields" "$work/column" > /dev/null || {
  fail "custom column apple.service disagrees with -T fields:"
  diff "$work/by-fields" "$work/column" | head -n 10
}

if [ $failed = 0 ]; then
  echo "ok: $(basename "$capture"): $(($(wc -l < "$work/fields.tsv") - 1)) frames, $(wc -l < "$work/labelled") labelled"
fi
exit $failed
