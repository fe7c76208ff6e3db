#!/bin/bash
# Checks hand-written facts about the public captures: for each line of the
# facts file, the number of frames a display filter selects must equal a
# number, or the number another filter (usually one of Wireshark's own
# fields, independent of this plugin) selects.
#
#   check-facts.sh BUILD_DIR CAPTURES_DIR FACTS.tsv
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

build=$1 captures=$2 facts=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

count() {   # CAPTURE FILTER -> frames selected
  "$here/tools/tshark-with-plugin" --build "$build" "$captures/$1" -Y "$2" \
      -T fields -e frame.number | wc -l
}

failed=0 checked=0
while IFS=$'\t' read -r capture filter expected why; do
  case "$capture" in ''|'#'*|capture) continue ;; esac
  got=$(count "$capture" "$filter")
  if [[ "$expected" =~ ^[0-9]+$ ]]; then
    want=$expected
  else
    want=$(count "$capture" "$expected")
  fi
  checked=$((checked + 1))
  if [ "$got" != "$want" ]; then
    echo "FAIL: $capture: '$filter' selects $got frames, expected $want ($expected): $why"
    failed=1
  fi
done < "$facts"
[ $failed = 0 ] && echo "ok: $checked facts"
exit $failed
