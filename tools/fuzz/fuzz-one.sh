#!/bin/bash
# One fuzzing round (see tools/fuzz.sh): makes a damaged capture from INPUT,
# runs tshark over it with details and hex (-nVxr) and as a plain summary
# (-nr), and keeps the capture and the logs in FAILURES/ if tshark exits
# non-zero, dies of a signal or a sanitizer or valgrind reports an error.
#
#   fuzz-one.sh ROUND VARIANT SEED INPUT WORK FAILURES [--valgrind]
#
# INPUT is a capture, mutated with editcap -E 0.02, or randpkt:TYPE for a
# fresh random capture of that type. VARIANT (0-3) picks the options: odd
# ones add editcap -o 34, which keeps an Ethernet+IPv4 header intact; 2 and 3
# run both tshark runs in two passes (-2). fuzz_setup must have been run.
#
# A failure is then run again without the plugin. If tshark fails the same
# way without it (the same exit status or signal and the same first report,
# process ids and addresses aside), the bug is Wireshark's own: the round is
# kept in FAILURES/wireshark/ and exits 3 instead of 1.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/common.sh
. "$here/common.sh"

round=$1 variant=$2 seed=$3 input=$4 work=$5 failures=$6 tool=()
[ "${7:-}" = --valgrind ] && tool=(--valgrind)
base=$(basename "${input/:/-}")
name=$round-${base%%.*}
capture=$work/$name.pcap
case "$input" in
  *.pcapng|*.pcapng.gz) capture=$work/$name.pcapng ;;
esac

offset=0
[ $((variant % 2)) = 1 ] && offset=34
passes=()
[ $((variant / 2 % 2)) = 1 ] && passes=(-2)
case "$input" in
  randpkt:*) randpkt -b 1500 -c 300 -t "${input#randpkt:}" "$capture" >/dev/null
             what="randpkt -b 1500 -c 300 -t ${input#randpkt:}" ;;
  *)         editcap -E 0.02 -o "$offset" --seed "$((seed * 100000 + round))" \
               "$input" "$capture" 2>/dev/null
             what="editcap -E 0.02 -o $offset --seed $((seed * 100000 + round)) $(basename "$input")" ;;
esac
chmod a+r "$capture"

# fails LOG STATUS: the reason a run failed, or nothing if it did not
fails() {
  local log=$1 status=$2 reports reason where
  reports=$(fuzz_report_lines "$log")
  [ "$status" = 0 ] && [ -z "$reports" ] && return 0
  reason="exit status $status"
  [ "$status" -gt 128 ] && reason="signal $((status - 128))"
  [ -n "$reports" ] && reason="$reason; $(head -n 1 <<< "$reports")"
  # where it happened: valgrind's first frame, or the sanitizer's
  where=$(grep -m 1 -E '^(==[0-9]+== +at |    #0 )' "$log" | sed -E 's/^(==[0-9]+==)? +//' || true)
  [ -n "$where" ] && reason="$reason ($where)"
  echo "$reason"
}

# same_shape REASON: the reason without process ids and addresses, which
# differ between two runs of the same bug
same_shape() {
  sed -E 's/==[0-9]+==//g; s/0x[0-9a-fA-F]+//g' <<< "$1"
}

verdict=0
for args in -nVxr -nr; do
  log=$work/$name$args.log
  status=0
  command="tshark ${passes[*]:+${passes[*]} }$args"
  fuzz_tshark "${tool[@]}" "${passes[@]}" "$args" "$capture" > /dev/null 2> "$log" || status=$?
  reason=$(fails "$log" "$status")
  if [ -n "$reason" ]; then
    base_log=$work/$name$args-without-plugin.log
    base_status=0
    FUZZ_HOME=$FUZZ_HOME_WITHOUT fuzz_tshark "${tool[@]}" "${passes[@]}" "$args" "$capture" \
      > /dev/null 2> "$base_log" || base_status=$?
    if [ "$(same_shape "$(fails "$base_log" "$base_status")")" = "$(same_shape "$reason")" ]; then
      echo "WIRESHARK BUG round $round: $command ($what): $reason; the same without the plugin"
      keep=$failures/wireshark
      [ "$verdict" = 1 ] || verdict=3
    else
      echo "FAIL round $round: $command ($what): $reason"
      keep=$failures
      verdict=1
    fi
    mkdir -p "$keep"
    cp "$capture" "$log" "$keep/"
    echo "$what; $command: $reason" >> "$keep/$name.txt"
    rm -f "$base_log"
  fi
  rm -f "$log"
done
rm -f "$capture"
exit "$verdict"
