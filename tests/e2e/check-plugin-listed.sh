#!/bin/bash
# tshark loads the freshly built plugin: "-G plugins" lists it as a dissector
# from the build, "-G protocols" has "apple", and every apple.* field has a
# description in "-G fields".
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run() { "$here/tools/tshark-with-plugin" --build "$build" -G "$@"; }
failed=0

listed=$(run plugins | awk -F'\t' '$1 ~ /^apple\.so/')
echo "$listed"
case "$listed" in
  *dissector*apple-tshark.*/apple.so*) ;;
  *) echo "FAIL: -G plugins does not list the built apple.so as a dissector"; failed=1 ;;
esac
run protocols | grep -qP '^Apple Services\tApple Services\tapple(\t|$)' ||
  { echo "FAIL: -G protocols has no 'Apple Services' (name and short name), filter 'apple'"; failed=1; }

fields=$(run fields | awk -F'\t' '$1 == "F" && $3 ~ /^apple\./')
echo "$fields" | cut -f3
[ "$(echo "$fields" | wc -l)" -ge 9 ] || { echo "FAIL: fewer than 9 apple.* fields"; failed=1; }
if echo "$fields" | awk -F'\t' '$8 == "" { bad = 1 } END { exit !bad }'; then
  echo "FAIL: an apple.* field has no description"; failed=1
fi
exit $failed
