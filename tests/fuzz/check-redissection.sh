#!/bin/bash
# Dissecting again, in any order, gives every frame the same apple.* fields,
# over each capture given:
#   * random order, as the GUI re-dissects the frame a user clicks: sharkd
#     (the GUI's dissection engine, without the GUI) loads the capture, which
#     is the first pass, then dissects every frame once more, in a shuffled
#     order with a full tree: the same fields as tshark's second pass (-2);
#   * against a single pass, which sees a flow's evidence only from the
#     packet that carries it on (README.md, "Passes"): every frame the single
#     pass verifies is verified in the second pass with at least the same
#     evidence, unless the second pass knows the flow's server name and it is
#     not Apple's (a name outweighs an address or a DNS answer), and every frame a table row labels in both has the same
#     port label.
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

# same_fields NAME WHAT FILE: compares FILE with the second pass's two.tsv
same_fields() {
  if diff "$work/two.tsv" "$3" > "$work/diff"; then
    return 0
  fi
  echo "FAIL $1: two passes (<) and $2 (>) differ:"; head -n 10 "$work/diff"
  return 1
}

# single_pass_agrees NAME: one.tsv against two.tsv, frame by frame, as above
single_pass_agrees() {
  python3 - "$work/one.tsv" "$work/two.tsv" "${apple_field_names[@]}" <<'PYTHON'
import sys
one, two, names = sys.argv[1], sys.argv[2], sys.argv[3:]
col = {n: i + 1 for i, n in enumerate(names)}
port_fields = ["apple.port", "apple.server_by", "apple.service", "apple.row", "apple.user_row",
               "apple.range", "apple.rfc", "apple.protocol", "apple.product", "apple.qualifier"]
bad = 0
for a, b in zip(open(one), open(two)):
    a, b = a.rstrip("\n").split("\t"), b.rstrip("\n").split("\t")
    named_elsewhere = b[col["apple.server_name"]] and not b[col["apple.host"]]
    if a[col["apple.verified"]] and not named_elsewhere and (not b[col["apple.verified"]] or
            not set(a[col["apple.evidence"]].split("|")) <= set(b[col["apple.evidence"]].split("|"))):
        print(f"frame {a[0]}: verified ({a[col['apple.evidence']]}) in one pass, "
              f"not so in two ({b[col['apple.evidence']]})"); bad += 1
    if a[col["apple.server_by"]] in ("1", "2") and b[col["apple.server_by"]] in ("1", "2") and \
            [a[col[f]] for f in port_fields] != [b[col[f]] for f in port_fields]:
        print(f"frame {a[0]}: the port label differs between one pass and two"); bad += 1
    if bad >= 10:
        break
sys.exit(1 if bad else 0)
PYTHON
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
  single_pass_agrees "$name" || { echo "FAIL $name: a single pass and two passes disagree"; failed=1; continue; }

  # sharkd reads the capture as the user running it, from its own HOME
  cp "$capture" "$FUZZ_HOME/capture"
  chmod a+r "$FUZZ_HOME/capture"
  frames=$(wc -l < "$work/two.tsv")
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

  labelled=$(awk -F'\t' '$4 != ""' "$work/two.tsv" | wc -l)
  echo "ok   $name: $frames frames, $labelled labelled, the same in two passes and in random order"
done
exit $failed
