#!/bin/bash
# Counts the instructions tshark executes per packet (valgrind callgrind)
# without and with the plugin, in the three modes of run.sh, over the first
# packets of the generated capture. Unlike CPU time this does not depend on
# the machine's load, so it shows small differences run.sh cannot; it does
# not count cache misses. tshark's start-up (a run over one packet) is
# subtracted. For the plugin it also gives the instructions spent inside
# its postdissector (dissect_apple, with everything it calls).
#
#   tools/benchmark/instructions.sh [--packets N] [--build DIR] [NAME=BUILD_DIR...]
#
# NAME=BUILD_DIR adds the plugin of another build (a patched copy, say) as a
# variant. Default: 40000 packets, build-bench/. Runs take about a minute each.
# The callgrind files are kept in BUILD/benchmark-cache/callgrind/ for
# callgrind_annotate --inclusive=yes --tree=calling.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

packets=40000 build=$bench_repo/build-bench extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --packets) packets=$2; shift 2 ;;
    --build)   build=$2; shift 2 ;;
    *=*)       extra+=("$1"); shift ;;
    *) echo "usage: $0 [--packets N] [--build DIR] [NAME=BUILD_DIR...]" >&2; exit 2 ;;
  esac
done

bench_build "$build"
cache=$build/benchmark-cache
source_capture=$(bench_capture "$cache" 250000 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/apple-instr.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_homes "$work" none "c=$build" "${extra[@]}"
editcap -r "$source_capture" "$work/slice.pcap" "1-$packets"
editcap -r "$source_capture" "$work/one.pcap" 1
chmod a+r "$work"/*.pcap
variants=(none c)
for e in "${extra[@]}"; do variants+=("${e%%=*}"); done

# Every run in the background (counts do not depend on the load), at most
# as many at once as there are processors.
runs=()
for v in "${variants[@]}"; do
  for mode in start plain filter tree fields; do
    capture=$work/slice.pcap
    [ "$mode" = start ] && capture=$work/one.pcap
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
    # shellcheck disable=SC2046  # bench_mode_args is a list of words
    bench_tshark "$v" valgrind --tool=callgrind --callgrind-out-file="$work/$v-$mode.out" -- \
      -r "$capture" $(bench_mode_args "$mode" "$v") > /dev/null 2> "$work/$v-$mode.err" &
    runs+=("$v-$mode")
  done
done
wait
mkdir -p "$cache/callgrind"
cp "$work"/*.out "$cache/callgrind/"

totals() { awk '/^totals:/ { print $2 }' "$work/$1.out"; }
echo "Instructions per packet, $(bench_wireshark_version), first $packets packets of" \
     "$(basename "$source_capture") (callgrind, start-up subtracted)"
printf '%-8s' mode
for v in "${variants[@]}"; do printf ' %12s' "$v"; done
for v in "${variants[@]:1}"; do printf ' %12s %14s' "$v ratio" "$v postdiss."; done
printf '\n'
for mode in plain filter tree fields; do
  printf '%-8s' "$mode"
  declare -A per_packet=()
  for v in "${variants[@]}"; do
    per_packet[$v]=$(( ($(totals "$v-$mode") - $(totals "$v-start")) / (packets - 1) ))
    printf ' %12d' "${per_packet[$v]}"
  done
  for v in "${variants[@]:1}"; do
    inside=$(callgrind_annotate --inclusive=yes --threshold=100 "$work/$v-$mode.out" 2>/dev/null |
             awk '/:dissect_apple( |$)/ { gsub(",", "", $1); if ($1 + 0 > max) max = $1 + 0 } END { print max + 0 }')
    printf ' %12s %14d' "$(awk -v a="${per_packet[$v]}" -v b="${per_packet[none]}" \
                             'BEGIN { printf "%.4f", a / b }')" \
           $(( ${inside:-0} / packets ))
  done
  printf '\n'
  unset per_packet
done
