#!/bin/bash
# One fuzzing round (see tools/fuzz.sh): makes a damaged capture from INPUT,
# runs tshark over it with details and hex (-nVxr) and as a plain summary
# (-nr), both in two passes (-2) on every other pair of rounds, and keeps the
# capture and the logs in FAILURES/ if tshark exits non-zero, dies of a
# signal or a sanitizer or valgrind reports an error.
#
#   fuzz-one.sh ROUND SEED INPUT WORK FAILURES [--valgrind]
#
# INPUT is a capture, mutated with editcap -E 0.02 (every other round with
# -o 34, which keeps an Ethernet+IPv4 header intact), or randpkt:TYPE for a
# fresh random capture of that type. fuzz_setup must have been run.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/common.sh
. "$here/common.sh"

round=$1 seed=$2 input=$3 work=$4 failures=$5 tool=()
[ "${6:-}" = --valgrind ] && tool=(--valgrind)
base=$(basename "${input/:/-}")
name=$round-${base%%.*}
capture=$work/$name.pcap
case "$input" in
  *.pcapng|*.pcapng.gz) capture=$work/$name.pcapng ;;
esac

offset=0
[ $((round % 2)) = 1 ] && offset=34
passes=()
[ $((round / 2 % 2)) = 1 ] && passes=(-2)
case "$input" in
  randpkt:*) randpkt -b 1500 -c 300 -t "${input#randpkt:}" "$capture" >/dev/null
             what="randpkt -b 1500 -c 300 -t ${input#randpkt:}" ;;
  *)         editcap -E 0.02 -o "$offset" --seed "$((seed * 100000 + round))" \
               "$input" "$capture" 2>/dev/null
             what="editcap -E 0.02 -o $offset --seed $((seed * 100000 + round)) $(basename "$input")" ;;
esac
chmod a+r "$capture"

failed=
for args in -nVxr -nr; do
  log=$work/$name$args.log
  status=0
  command="tshark ${passes[*]:+${passes[*]} }$args"
  fuzz_tshark "${tool[@]}" "${passes[@]}" "$args" "$capture" > /dev/null 2> "$log" || status=$?
  reports=$(fuzz_report_lines "$log")
  if [ "$status" != 0 ] || [ -n "$reports" ]; then
    reason="exit status $status"
    [ "$status" -gt 128 ] && reason="signal $((status - 128))"
    [ -n "$reports" ] && reason="$reason; $(head -n 1 <<< "$reports")"
    echo "FAIL round $round: $command ($what): $reason"
    failed=yes
    mkdir -p "$failures"
    cp "$capture" "$log" "$failures/"
    echo "$what; $command: $reason" >> "$failures/$name.txt"
  fi
  rm -f "$log"
done
rm -f "$capture"
[ -z "$failed" ]
