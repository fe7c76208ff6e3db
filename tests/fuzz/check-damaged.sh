#!/bin/bash
# Damaged captures: tshark must report the damage and not crash (nor report
# a sanitizer error, with a sanitized plugin), and every
# frame before the damage must carry the same apple.* fields as in the run
# over the undamaged capture.
#
#   check-damaged.sh BUILD_DIR KIND CAPTURE...
#
# KIND:
#   truncated         cut in the middle of the middle packet (head -c)
#   bad-length        the middle packet's record says it is 4 GiB long (pcap
#                     only; at least the 4th packet: wiretap tells pcap variants
#                     apart by the first two records, so damage there would
#                     change how the whole file is read)
#   trailing-garbage  text after the last packet (pcap only)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/fields.sh
. "$here/fields.sh"

build=$1 kind=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
apple_fields_setup "$build" "$work"
failed=0 checked=0

is_pcap() {   # classic pcap, 16-byte record headers
  case "$(od -An -tx1 -N4 "$1" | tr -d ' \n')" in
    d4c3b2a1|a1b2c3d4|4d3cb2a1|a1b23c4d) return 0 ;;
  esac
  return 1
}

for capture in "$@"; do
  name=$(basename "$capture")
  if [ "$kind" != truncated ] && ! is_pcap "$capture"; then
    continue
  fi
  apple_fields "$capture" "$work/full.err" -e frame.cap_len > "$work/full.tsv" || {
    echo "FAIL $name: tshark fails on the undamaged capture"; failed=1; continue; }
  frames=$(wc -l < "$work/full.tsv")
  middle=$(( (frames + 1) / 2 ))
  if [ "$kind" = bad-length ]; then
    [ "$frames" -ge 4 ] || { echo "skip $name: fewer than 4 frames"; continue; }
    [ "$middle" -ge 4 ] || middle=4
  fi
  # Offset of the middle packet's record in a pcap: the file header, then
  # a 16-byte header and cap_len bytes per packet.
  record=$(awk -F'\t' -v k="$middle" 'NR < k { o += 16 + $NF } END { print 24 + o }' "$work/full.tsv")
  cap_len=$(awk -F'\t' -v k="$middle" 'NR == k { print $NF }' "$work/full.tsv")
  if is_pcap "$capture" &&
     [ "$(awk -F'\t' '{ o += 16 + $NF } END { print 24 + o }' "$work/full.tsv")" != "$(wc -c < "$capture")" ]; then
    # Not 16-byte records (a pcap variant): the offsets above would be wrong.
    [ "$kind" = truncated ] || { echo "skip $name: not plain pcap records"; continue; }
    record=0 cap_len=$(( $(wc -c < "$capture") - 16 ))
  fi
  damaged=$work/$name
  case "$kind" in
    truncated)
      if is_pcap "$capture"; then
        cut=$((record + 16 + cap_len / 2))
      else
        cut=$(( $(wc -c < "$capture") / 2 + 1 ))
      fi
      head -c "$cut" "$capture" > "$damaged"
      message='cut short in the middle of a packet' ;;
    bad-length)
      cp "$capture" "$damaged"
      printf '\377\377\377\377' | dd of="$damaged" bs=1 seek=$((record + 8)) conv=notrunc 2>/dev/null
      message='damaged or corrupt' ;;
    trailing-garbage)
      cp "$capture" "$damaged"
      printf 'garbage after the last packet, garbage after the last packet' >> "$damaged"
      message='damaged or corrupt' ;;
    *) echo "unknown kind $kind" >&2; exit 2 ;;
  esac

  status=0
  apple_fields "$damaged" "$work/damaged.err" -e frame.cap_len \
    > "$work/damaged.tsv" || status=$?
  kept=$(wc -l < "$work/damaged.tsv")
  labelled=$(awk -F'\t' '$4 != ""' "$work/damaged.tsv" | wc -l)
  checked=$((checked + 1))
  reports=$(fuzz_report_lines "$work/damaged.err")
  if status_is_signal "$status"; then
    echo "FAIL $name: tshark died of signal $((status - 128))"; failed=1
  elif [ -n "$reports" ]; then
    echo "FAIL $name: $(head -n 1 <<< "$reports")"; failed=1
  elif [ "$status" = 0 ] || ! grep -q "$message" "$work/damaged.err"; then
    echo "FAIL $name: tshark did not report the damage ('$message'; exit status $status)"
    failed=1
  elif ! head -n "$kept" "$work/full.tsv" | cmp -s - "$work/damaged.tsv"; then
    echo "FAIL $name: the $kept frames before the damage differ from the undamaged run:"
    diff <(head -n "$kept" "$work/full.tsv") "$work/damaged.tsv" | head -n 10
    failed=1
  elif [ "$kind" != trailing-garbage ] && [ "$kept" -ge "$frames" ]; then
    echo "FAIL $name: all $frames frames read although packet $middle is damaged"; failed=1
  else
    echo "ok   $name: $kept of $frames frames before the damage, $labelled labelled as before"
  fi
done

[ "$checked" -gt 0 ] || { echo "FAIL: no capture to check"; exit 1; }
exit $failed
