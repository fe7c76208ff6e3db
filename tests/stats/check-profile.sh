#!/bin/bash
# Checks profiles/Apple and tools/install-profile.sh, with throw-away homes and
# the real tshark (the plugin of BUILD_DIR, through tools/tshark-with-plugin):
#  1. a fresh install into an empty HOME, as an unprivileged user, gives
#     exactly the shipped files and nothing else; with a Default profile
#     there, that stays as it was; a second run is a no-op, and a "recent"
#     that Wireshark rewrote is no difference;
#  2. it finds the folder the way Wireshark does: WIRESHARK_CONFIG_DIR,
#     XDG_CONFIG_HOME, an existing ~/.wireshark;
#  3. it refuses to overwrite a different Apple profile, and --force moves
#     that one aside;
#  4. the colouring rules against the running Wireshark's default rules
#     (check-profile-colours.py: CIEDE2000 distances, only verified traffic
#     in Apple colours but for one neutral port-only rule, defaults unchanged);
#  5. every filter of the colouring rules and the buttons compiles;
#  6. the columns: every custom column's field exists, "recent" gives a width
#     for every column of gui.column.format in the same order, wide enough for
#     the longest value the field takes in the captures, and "tshark -C Apple"
#     fills the columns with the apple.* fields of every frame;
#  7. "tshark -C Apple --color" over every CAPTURE and the samples: a packet
#     in a verified Apple colour is apple.verified, one in the neutral colour
#     is labelled and not verified, and every Apple rule colours some packet.
#
#   check-profile.sh BUILD_DIR CAPTURE [CAPTURE...]
#
# The first CAPTURE is the one for the column checks (6).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

build=$1; shift
captures=("$@")
[ ${#captures[@]} -gt 0 ] || { echo "usage: $0 BUILD_DIR CAPTURE [CAPTURE...]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
install=$here/tools/install-profile.sh
profile=$here/profiles/Apple
captures+=("$here/samples/apple-evidence.pcap" "$here/samples/apple-bonjour.pcap"
           "$here/samples/apple-flows.pcap")
# shellcheck source=SCRIPTDIR/../../tools/lib/plugin-home.sh
. "$here/tools/lib/plugin-home.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"   # the unprivileged user works in here too

failed=0
fail() { echo "FAIL: $*"; failed=1; }
inst() {   # inst [VAR=value...] [install-profile.sh arguments...]
  local vars=()
  while [ $# -gt 0 ] && [[ $1 == *=* ]]; do vars+=("$1"); shift; done
  env -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME "${vars[@]}" "$install" "$@" > "$work/log" 2>&1
}
shipped_files() { (cd "$profile" && find . -type f | sort); }

# 1a. an empty HOME that belongs to an unprivileged user, who installs
h=$work/fresh
plugin_home_empty "$h"
user=$plugin_home_uid
"${plugin_home_user[@]}" env -i PATH="$PATH" HOME="$h" "$install" > "$work/log" 2>&1 ||
  { fail "install into an empty HOME as user $user failed:"; cat "$work/log"; }
(cd "$h" && find . -mindepth 1 | sort) > "$work/created"
{ printf '%s\n' ./.config ./.config/wireshark ./.config/wireshark/profiles \
      ./.config/wireshark/profiles/Apple
  shipped_files | sed 's|^\.|./.config/wireshark/profiles/Apple|'; } | sort > "$work/wanted"
diff "$work/wanted" "$work/created" > /dev/null || {
  fail "a fresh install made other files than the shipped ones (< shipped, > made):"
  diff "$work/wanted" "$work/created" || true; }
for f in $(shipped_files); do
  cmp -s "$profile/$f" "$h/.config/wireshark/profiles/Apple/$f" ||
    fail "installed $f differs from profiles/Apple/$f"
done
others=$(find "$h" ! -user "$user" | head -n 3)
[ -z "$others" ] || fail "installed files that user $user does not own: $others"

# 1b. a home with a Default profile file, as the user running the test
h=$work/home1
mkdir -p "$h/.config/wireshark"
echo "gui.column.format: \"No.\", \"%m\"" > "$h/.config/wireshark/preferences"
cp "$h/.config/wireshark/preferences" "$work/default-before"
inst HOME="$h" || { fail "install into a home with a Default profile failed:"; cat "$work/log"; }
diff -r "$profile" "$h/.config/wireshark/profiles/Apple" > /dev/null ||
  fail "installed profile differs from profiles/Apple"
cmp -s "$work/default-before" "$h/.config/wireshark/preferences" ||
  fail "the Default profile's preferences changed"
inst HOME="$h" && grep -q "already up to date" "$work/log" ||
  { fail "a second install is not a no-op:"; cat "$work/log"; }
# Wireshark rewrites "recent" when columns are resized: no difference
echo "# recent, as Wireshark writes it" > "$h/.config/wireshark/profiles/Apple/recent"
inst HOME="$h" && grep -q "already up to date" "$work/log" ||
  { fail "a profile whose 'recent' Wireshark rewrote counts as different:"; cat "$work/log"; }
grep -q "as Wireshark writes it" "$h/.config/wireshark/profiles/Apple/recent" ||
  fail "an up-to-date install replaced the user's 'recent'"
rm "$h/.config/wireshark/profiles/Apple/recent"
inst HOME="$h" && cmp -s "$profile/recent" "$h/.config/wireshark/profiles/Apple/recent" ||
  { fail "an up-to-date profile without 'recent' did not get the shipped one:"; cat "$work/log"; }

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
diff -r "$profile" "$h/.config/wireshark/profiles/Apple" > /dev/null ||
  fail "--force did not install a fresh copy"
backup=$(ls -d "$h"/.config/wireshark/profiles/Apple.bak-* 2>/dev/null | head -n 1 || true)
[ -n "$backup" ] && cmp -s "$work/mine" "$backup/preferences" ||
  fail "--force did not keep the old profile as Apple.bak-<date>"

# The rest runs tshark -C Apple, with a configuration folder installed here.
conf=$work/home4/.config/wireshark
mkdir -p "$conf"
inst HOME="$work/home4" || fail "install for tshark failed"
tshark() {   # tshark CAPTURE ARGS...
  local capture=$1; shift
  "$here/tools/tshark-with-plugin" --build "$build" --config "$conf" -r "$capture" "$@"
}

# 4. colours, against the defaults of the Wireshark that runs
global=$("$here/tools/tshark-with-plugin" --build "$build" -G folders 2>/dev/null |
         awk -F'\t' '$1 ~ /^Global configuration:/ { print $2 }')
if [ -r "$global/colorfilters" ]; then
  "$here/tests/stats/check-profile-colours.py" "$profile/colorfilters" "$global/colorfilters" ||
    fail "the colouring rules (above)"
else
  fail "no default colorfilters in Wireshark's global configuration folder '$global'"
fi

# 5. every filter compiles
{
  sed -n 's/^"TRUE","[^"]*","\(.*\)","[^"]*"$/\1/p' "$profile/dfilter_buttons" | sed 's/\\x22/"/g'
  sed -n 's/^!\{0,1\}@[^@]*@\(.*\)@\[[0-9,]*\]\[[0-9,]*\]$/\1/p' "$profile/colorfilters"
} > "$work/filters"
want=$(( $(grep -c '^"TRUE"' "$profile/dfilter_buttons") + $(grep -c '^!\{0,1\}@' "$profile/colorfilters") ))
[ "$(wc -l < "$work/filters")" = "$want" ] || fail "read $(wc -l < "$work/filters") filters, want $want"
while IFS= read -r f; do
  tshark "${captures[0]}" -Y "$f" -c 1 > /dev/null 2> "$work/err" ||
    { fail "filter does not compile: $f"; cat "$work/err"; }
done < "$work/filters"

# 6. columns
sed -n '/^gui.column.format:/,/^[^[:space:]]/p' "$profile/preferences" |
  grep -o '"[^"]*", *"[^"]*"' | sed 's/^"\([^"]*\)", *"\([^"]*\)"$/\1\t\2/' > "$work/columns"
[ -s "$work/columns" ] || fail "no gui.column.format in preferences"
cut -f2 "$work/columns" | sed -n 's/^%Cus:\([^:]*\):.*/\1/p' > "$work/custom"
"$here/tools/tshark-with-plugin" --build "$build" -G fields 2>/dev/null | cut -f3 > "$work/all-fields"
custom_args=()   # -e FIELD for each custom column
while IFS= read -r field; do custom_args+=(-e "$field"); done < "$work/custom"
while IFS= read -r field; do
  grep -qx "$field" "$work/all-fields" || fail "column field $field does not exist"
done < "$work/custom"
# recent: "FORMAT, WIDTH" for each column, in order (4.0 reads the format, 4.4 the position)
sed -n '/^column.width:/,/^[^[:space:]]/p' "$profile/recent" | tail -n +2 |
  sed 's/^[[:space:]]*//; s/,$//; s/"//g' > "$work/widths"
cut -f2 "$work/columns" | sed 's/^\(%Cus:[^:]*\):.*/\1/' > "$work/formats"
diff <(sed 's/, *[0-9]*$//' "$work/widths") "$work/formats" > /dev/null || {
  fail "recent's column.width does not list the columns of gui.column.format in order:"
  diff <(sed 's/, *[0-9]*$//' "$work/widths") "$work/formats" || true; }
# Readable: a custom column holds its field's longest single value in the
# captures, at 7.5 pixels a character and 12 pixels of padding (measured in
# tools/screenshots.sh's pictures: Qt's default DejaVu Sans elides a 30-letter
# host name at 225 pixels and shows a 24-letter one).
for capture in "${captures[@]}"; do
  tshark "$capture" -Y apple -T fields -E occurrence=a -E aggregator='|' "${custom_args[@]}" \
      2> /dev/null
done > "$work/values"
n=0
while IFS= read -r field; do
  n=$((n + 1))
  longest=$(cut -f"$n" "$work/values" | tr '|' '\n' | awk '{ if (length($0) > m) { m = length($0); v = $0 } }
                                                        END { print m + 0 "\t" v }')
  width=$(grep -F "%Cus:$field, " "$work/widths" | sed 's/.*, *//')
  need=$(( (${longest%%$'\t'*} * 15 + 1) / 2 + 12 ))
  [ "${width:-0}" -ge "$need" ] ||
    fail "column $field: width ${width:-none}, but '${longest#*$'\t'}' needs $need pixels"
done < "$work/custom"

# tshark -C Apple fills those columns: -T tabs prints the summary columns
# tab-separated (No., Time, Source, the arrow, Destination, then the rest);
# compare the custom ones with the fields of every frame.
first=$(awk -F'\t' '$2 ~ /^%Cus:/ { print NR + 1; exit }' "$work/columns")  # +1: the arrow
last=$((first + $(wc -l < "$work/custom") - 1))
tshark "${captures[0]}" -C Apple -T tabs 2> "$work/err" |
  awk -F'\t' -v first="$first" -v last="$last" '{
    n = $1; gsub(/ /, "", n); line = n
    for (i = first; i <= last; i++) line = line "\t" $i
    print line }' > "$work/cols" || { fail "tshark -C Apple -T tabs failed:"; cat "$work/err"; }
[ -s "$work/err" ] && { fail "tshark -C Apple wrote to stderr:"; cat "$work/err"; }
tshark "${captures[0]}" -T fields -E occurrence=a -E aggregator=, -e frame.number \
    "${custom_args[@]}" > "$work/fields" 2> /dev/null || true
grep -q 'tls-sni' "$work/cols" || fail "no tls-sni in the \"Verified by\" column of ${captures[0]}"
diff -q "$work/fields" "$work/cols" > /dev/null || {
  fail "the profile's columns differ from $(tr '\n' ' ' < "$work/custom")(< fields, > columns):"
  diff "$work/fields" "$work/cols" | head -n 6; }
# without the profile, none of those columns
tshark "${captures[0]}" -T tabs -c 20 2> /dev/null | grep -q 'tls-sni' &&
  fail "the default columns show apple.evidence already?"

# 7. colours in tshark --color (a terminal that says it has 24-bit colour)
rgb() {   # the background of an Apple rule: R;G;B (8 bits), as tshark prints it
  sed -n 's/^@\([^@]*\)@.*@\[\([0-9]*\),\([0-9]*\),\([0-9]*\)\]\[.*/\1\t\2 \3 \4/p' \
      "$profile/colorfilters" | awk -F'\t' -v name="$1" '$1 == name {
        split($2, c, " "); printf "%d;%d;%d", c[1] / 257, c[2] / 257, c[3] / 257 }'
}
neutral=$(sed -n 's/^@\([^@]*\)@apple \&\& !apple.verified@.*/\1/p' "$profile/colorfilters")
sed -n 's/^@\(Apple[^@]*\)@.*/\1/p' "$profile/colorfilters" > "$work/apple-rules"
: > "$work/coloured"
for capture in "${captures[@]}"; do
  name=$(basename "$capture")
  cmd=$(printf '%q ' "$here/tools/tshark-with-plugin" --build "$build" --config "$conf" \
        -r "$capture" -C Apple --color)
  COLORTERM=truecolor script -qec "$cmd" /dev/null < /dev/null 2> "$work/err" |
    grep -ao '48;2;[0-9]*;[0-9]*;[0-9]*m *[0-9]*' | sed 's/^48;2;\([0-9;]*\)m */\1\t/' \
    > "$work/color" || true
  [ -s "$work/color" ] || { fail "tshark -C Apple --color printed no colours for $name"; cat "$work/err"; continue; }
  tshark "$capture" -T fields -e frame.number -e apple.service -e apple.verified \
      > "$work/labels" 2> /dev/null
  while IFS= read -r rule; do
    bg=$(rgb "$rule")
    awk -F'\t' -v bg="$bg" -v rule="$rule" -v neutral="$neutral" -v capture="$name" '
      NR == FNR { labelled[$1] = $2 != ""; verified[$1] = $3 != ""; next }
      $1 == bg {
        n++
        if (rule == neutral && (!labelled[$2] || verified[$2]))
          bad = bad " " $2
        if (rule != neutral && !verified[$2])
          bad = bad " " $2
      }
      END {
        if (bad != "") print "FAIL: " capture ": frames in the colour of \"" rule "\" that it must not match:" bad
        if (n) print rule "\t" n > "/dev/stderr"
      }' "$work/labels" "$work/color" 2>> "$work/coloured"
  done < "$work/apple-rules" > "$work/bad"
  if [ -s "$work/bad" ]; then failed=1; cut -c1-300 "$work/bad"; fi
done
while IFS= read -r rule; do
  grep -q "^$rule"$'\t' "$work/coloured" ||
    fail "no packet of the captures is in the colour of \"$rule\""
done < "$work/apple-rules"
awk -F'\t' '{ n[$1] += $2 } END { for (r in n) printf "  %6d packets: %s\n", n[r], r }' \
  "$work/coloured" | sort -k3

if [ $failed = 0 ]; then
  echo "ok: install-profile.sh, $(wc -l < "$work/filters") filters compile, colours, columns," \
       "tshark -C Apple --color over ${#captures[@]} captures"
fi
exit $failed
