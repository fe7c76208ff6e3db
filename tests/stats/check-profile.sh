#!/bin/bash
# Checks profiles/Apple and tools/install-profile.sh with throw-away homes:
#  1. it installs into ~/.config/wireshark/profiles/Apple and creates nothing
#     else (the Default profile stays as it was), and a second run is a no-op;
#  2. it finds the folder the way Wireshark does: WIRESHARK_CONFIG_DIR,
#     XDG_CONFIG_HOME, an existing ~/.wireshark;
#  3. it refuses to overwrite a different Apple profile, and --force moves
#     that one aside;
#  4. "tshark -C Apple" over CAPTURE, with the plugin of BUILD_DIR, prints
#     the profile's columns with the Apple service and products filled in
#     (in the summary lines, and column by column with -T tabs),
#     colours packets with the profile's Apple rules (--color), and every
#     display filter of the buttons and the Apple colouring rules compiles.
#
#   check-profile.sh BUILD_DIR CAPTURE
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

build=$1 capture=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
install=$here/tools/install-profile.sh
profile=$here/profiles/Apple
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=0
fail() { echo "FAIL: $*"; failed=1; }
inst() {   # inst [VAR=value...] [install-profile.sh arguments...]
  local vars=()
  while [ $# -gt 0 ] && [[ $1 == *=* ]]; do vars+=("$1"); shift; done
  env -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME "${vars[@]}" "$install" "$@" > "$work/log" 2>&1
}

# 1. a fresh home, with an existing Default profile file
h=$work/home1
mkdir -p "$h/.config/wireshark"
echo "gui.column.format: \"No.\", \"%m\"" > "$h/.config/wireshark/preferences"
cp "$h/.config/wireshark/preferences" "$work/default-before"
inst HOME="$h" || { fail "install into a fresh home failed:"; cat "$work/log"; }
diff -r "$profile" "$h/.config/wireshark/profiles/Apple" > /dev/null ||
  fail "installed profile differs from profiles/Apple"
(cd "$h" && find . -mindepth 1 | sort) > "$work/created"
printf '%s\n' ./.config ./.config/wireshark ./.config/wireshark/preferences \
    ./.config/wireshark/profiles ./.config/wireshark/profiles/Apple \
    $(cd "$profile" && find . -type f | sort | sed 's|^\.|./.config/wireshark/profiles/Apple|') |
  sort > "$work/wanted"
diff "$work/wanted" "$work/created" > /dev/null || {
  fail "install created or removed other files:"; diff "$work/wanted" "$work/created"; }
cmp -s "$work/default-before" "$h/.config/wireshark/preferences" ||
  fail "the Default profile's preferences changed"
inst HOME="$h" && grep -q "already up to date" "$work/log" ||
  { fail "a second install is not a no-op:"; cat "$work/log"; }
# files Wireshark adds while the profile is in use are no difference
echo "# recent" > "$h/.config/wireshark/profiles/Apple/recent"
inst HOME="$h" && grep -q "already up to date" "$work/log" ||
  { fail "a profile with a 'recent' file counts as different:"; cat "$work/log"; }

# 2. where it goes
h=$work/home2; mkdir -p "$h"
inst HOME="$h" WIRESHARK_CONFIG_DIR="$work/wscd" &&
  [ -f "$work/wscd/profiles/Apple/preferences" ] || fail "WIRESHARK_CONFIG_DIR not honoured"
inst HOME="$h" XDG_CONFIG_HOME="$work/xdg" &&
  [ -f "$work/xdg/wireshark/profiles/Apple/preferences" ] || fail "XDG_CONFIG_HOME not honoured"
h=$work/home3; mkdir -p "$h/.wireshark"
inst HOME="$h" && [ -f "$h/.wireshark/profiles/Apple/preferences" ] && [ ! -e "$h/.config" ] ||
  fail "an existing ~/.wireshark is not used"

# 3. an Apple profile of the user's own
h=$work/home1
echo "# mine" >> "$h/.config/wireshark/profiles/Apple/preferences"
cp "$h/.config/wireshark/profiles/Apple/preferences" "$work/mine"
if inst HOME="$h"; then fail "overwrote a different Apple profile without --force"; fi
cmp -s "$work/mine" "$h/.config/wireshark/profiles/Apple/preferences" ||
  fail "a refused install changed the existing profile"
inst HOME="$h" --force || { fail "--force failed:"; cat "$work/log"; }
diff -r -x recent "$profile" "$h/.config/wireshark/profiles/Apple" > /dev/null ||
  fail "--force did not install a fresh copy"
backup=$(ls -d "$h"/.config/wireshark/profiles/Apple.bak-* 2>/dev/null | head -n 1 || true)
[ -n "$backup" ] && cmp -s "$work/mine" "$backup/preferences" ||
  fail "--force did not keep the old profile as Apple.bak-<date>"

# 4. tshark -C Apple, with the configuration folder installed above
conf=$work/home4/.config/wireshark
mkdir -p "$conf"
inst HOME="$work/home4" || fail "install for tshark failed"
tshark() { "$here/tools/tshark-with-plugin" --build "$build" --config "$conf" -r "$capture" "$@"; }

tshark -C Apple -Y 'apple.service == "https"' -c 200 > "$work/summary" 2> "$work/err" ||
  { fail "tshark -C Apple failed:"; cat "$work/err"; }
[ -s "$work/err" ] && { fail "tshark -C Apple wrote to stderr:"; cat "$work/err"; }
# a TLS line: "... TCP|TLSv1.2 <len> https TLS websites,iTunes Store,... <info> [Apple https: ...]"
grep -Eq ' (TCP|TLSv1\.[0-3]) +[0-9]+ https TLS websites,iTunes Store,' "$work/summary" ||
  { fail "no Apple service and product columns in tshark -C Apple:"; head -n 3 "$work/summary"; }
# without the profile those columns are not there
"$here/tools/tshark-with-plugin" --build "$build" -r "$capture" -Y 'apple.service == "https"' -c 1 \
    > "$work/plain" 2>/dev/null
grep -q ' https TLS websites,' "$work/plain" && fail "the default columns already show the products?"

# the profile's columns hold the labels of every frame. -T tabs prints the
# summary columns tab-separated (No., Time, Source, the arrow, Destination,
# Protocol, Length, Apple service, Apple product, Info); columns cannot be
# picked by title with -e from 4.4 on.
tshark -C Apple -T tabs 2> "$work/err" |
  awk -F'\t' '{ n = $1; gsub(/ /, "", n); print n "\t" $8 "\t" $9 }' > "$work/cols" ||
  { fail "tshark -C Apple -T tabs failed:"; cat "$work/err"; }
tshark -T fields -E occurrence=a -E aggregator=, -e frame.number -e apple.service -e apple.product \
    > "$work/fields" 2>/dev/null || true
grep -q 'https' "$work/cols" || fail "no https in the \"Apple service\" column"
diff -q "$work/fields" "$work/cols" > /dev/null || {
  fail "the profile's columns differ from apple.service/apple.product:"
  diff "$work/fields" "$work/cols" | head -n 6; }

# Apple colours: the profile's background for https, 24-bit escape "48;2;R;G;B"
rgb() {   # the background of rule $1 in the profile, as R;G;B (8 bits)
  sed -n "s/^@$1@.*@\[\([0-9]*\),\([0-9]*\),\([0-9]*\)\]\[.*/\1 \2 \3/p" "$profile/colorfilters" |
    awk '{ printf "%d;%d;%d", $1 / 257, $2 / 257, $3 / 257 }'
}
bg=$(rgb "Apple iCloud \/ HTTPS")
[ -n "$bg" ] || fail "no 'Apple iCloud / HTTPS' rule in colorfilters"
# tshark colours only a terminal that says it has 24-bit colour: give it one
cmd=$(printf '%q ' "$here/tools/tshark-with-plugin" --build "$build" --config "$conf" -r "$capture" \
      -C Apple --color -Y 'apple.service == "https"')
COLORTERM=truecolor script -qec "$cmd" /dev/null < /dev/null > "$work/color" 2> "$work/err" || true
grep -q "48;2;$bg" "$work/color" ||
  { fail "tshark -C Apple --color does not use the Apple https colour ($bg)"; cat "$work/err"; }

# every filter of the buttons and Apple colouring rules compiles (with the plugin)
{
  sed -n 's/^"TRUE","[^"]*","\(.*\)","[^"]*"$/\1/p' "$profile/dfilter_buttons" | sed 's/\\x22/"/g'
  sed -n 's/^@Apple[^@]*@\(.*\)@\[.*/\1/p' "$profile/colorfilters"
} > "$work/filters"
[ "$(wc -l < "$work/filters")" -ge 11 ] || fail "expected 5 buttons and 6 Apple colour rules"
while IFS= read -r f; do
  tshark -Y "$f" -c 1 > /dev/null 2> "$work/err" || { fail "filter does not compile: $f"; cat "$work/err"; }
done < "$work/filters"

if [ $failed = 0 ]; then
  echo "ok: install-profile.sh and tshark -C Apple ($(wc -l < "$work/filters") filters compile)"
fi
exit $failed
