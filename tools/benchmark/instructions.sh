#!/bin/bash
# Counts the instructions tshark executes per packet (valgrind callgrind),
# without the plugin and with it, side by side in one run: the counts do not
# depend on the machine's load, so they show differences of 1% that CPU
# time cannot. They do not see cache misses. tshark's start-up (a run over
# one packet, per variant and mode) is subtracted. For each plugin it also
# gives the instructions spent inside its postdissector (dissect_apple,
# with everything it calls).
#
#   tools/benchmark/instructions.sh [--packets N] [--captures LIST] [--modes LIST]
#                                   [--build DIR] [--jobs N] [--no-noev] [--rep-strings]
#                                   [NAME=BUILD_DIR...]
#
#   --packets N      packets of each capture counted (default 10000)
#   --captures LIST  comma-separated: synthetic, real, mdns, dns (default synthetic,real)
#   --modes LIST     comma-separated: plain, filter, tree, verbose, fields, twopass
#                    (default plain,filter,verbose,fields,twopass; see common.sh)
#   --build DIR      the plugin's build (default build-bench/, configured and built here)
#   --jobs N         runs at once (default: the number of processors)
#   --no-noev        leave out the variant "noev" (the plugin, -o apple.check_evidence:FALSE)
#   --rep-strings    glibc's default memset/memcpy (see below)
#   NAME=BUILD_DIR   the plugin of another build as one more variant (base=/work/baseline/build)
#
# Variants: none (tshark alone), c (the plugin), noev, and the extra builds.
#
# glibc's memset and memcpy use "rep stosb" / "rep movsb" for blocks of a
# few KB and more, which callgrind counts as one instruction per byte (a
# 17 KB memset: 17,000), though a CPU does it at 32 bytes or more a cycle.
# So every run gets GLIBC_TUNABLES that make glibc use its vector loops for
# all sizes instead (17 KB: about 1,100 instructions); --rep-strings keeps
# glibc's default, for the raw count.
# Each run takes a minute or more under callgrind (-V about five). The
# callgrind files and a TSV of the counts are kept in
# BUILD/benchmark-cache/callgrind/ for callgrind_annotate --inclusive=yes.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

packets=10000 captures=synthetic,real modes=plain,filter,verbose,fields,twopass
build=$bench_repo/build-bench jobs=$(nproc) noev=yes extra=()
tunables=GLIBC_TUNABLES=glibc.cpu.x86_rep_stosb_threshold=0x7fffffffffffffff:glibc.cpu.x86_rep_movsb_threshold=0x7fffffffffffffff
while [ $# -gt 0 ]; do
  case "$1" in
    --packets)  packets=$2; shift 2 ;;
    --captures) captures=$2; shift 2 ;;
    --modes)    modes=$2; shift 2 ;;
    --build)    build=$2; shift 2 ;;
    --jobs)     jobs=$2; shift 2 ;;
    --no-noev)  noev=no; shift ;;
    --rep-strings) tunables=GLIBC_TUNABLES=; shift ;;
    *=*)        extra+=("$1"); shift ;;
    *) echo "usage: $0 [--packets N] [--captures LIST] [--modes LIST] [--build DIR] [--jobs N]" \
            "[--no-noev] [--rep-strings] [NAME=BUILD_DIR...]" >&2
       exit 2 ;;
  esac
done
IFS=, read -r -a capture_list <<< "$captures"
IFS=, read -r -a mode_list <<< "$modes"
for mode in "${mode_list[@]}"; do bench_mode_args "$mode" none > /dev/null; done

bench_build "$build"
cache=$build/benchmark-cache
work=$(mktemp -d "${TMPDIR:-/tmp}/apple-instr.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_work "$work"
bench_standard_variants "$build" "$noev" "${extra[@]}"

# Each capture's first PACKETS packets; the start-up runs read one packet.
declare -A slice_of=() about=()
for name in "${capture_list[@]}"; do
  case "$name" in
    synthetic) source=$(bench_capture "$cache" 250000 1) ;;
    real)      source=$(bench_real "$cache" $(( (packets + 7553) / 7554 ))) ;;
    mdns|dns)  source=$(bench_chatter "$cache" "$name" "$packets" 1) ;;
    *) echo "$0: unknown capture $name" >&2; exit 2 ;;
  esac
  editcap -r "$source" "$work/$name.pcapng" "1-$packets"
  slice_of[$name]=$work/$name.pcapng
  about[$name]=$(cat "$source.txt")
done
synthetic=$(bench_capture "$cache" 250000 1)
editcap -r "$synthetic" "$work/one.pcap" 1
chmod a+r "$work"/*.pcap*
bench_check_variants "${slice_of[${capture_list[0]}]}"

# The runs, in the background, at most JOBS at once (the counts do not
# depend on the load). A failed run leaves NAME.failed with its status.
run_callgrind() {   # NAME VARIANT MODE CAPTURE
  local status=0
  # shellcheck disable=SC2046  # bench_mode_args is a list of words
  bench_tshark "$2" "$tunables" valgrind --tool=callgrind --callgrind-out-file="$BENCH_OUT/$1.out" -- \
    -r "$4" $(bench_mode_args "$3" "$2") > /dev/null 2> "$work/$1.err" || status=$?
  [ "$status" = 0 ] || echo "$status" > "$work/$1.failed"
}
start_run() {
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_callgrind "$@" &
}
runs=()
for v in "${bench_variants[@]}"; do
  for mode in "${mode_list[@]}"; do
    start_run "start-$v-$mode" "$v" "$mode" "$work/one.pcap"
    runs+=("start-$v-$mode")
    for name in "${capture_list[@]}"; do
      start_run "$name-$v-$mode" "$v" "$mode" "${slice_of[$name]}"
      runs+=("$name-$v-$mode")
    done
  done
done
wait || true
failed=0
for run in "${runs[@]}"; do
  if [ -e "$work/$run.failed" ] || [ ! -s "$BENCH_OUT/$run.out" ]; then
    echo "$0: run $run failed (exit $(cat "$work/$run.failed" 2>/dev/null || echo '?')):" >&2
    tail -n 20 "$work/$run.err" >&2
    failed=1
  fi
done
[ $failed = 0 ] || exit 1

mkdir -p "$cache/callgrind"
cp "$BENCH_OUT"/*.out "$cache/callgrind/"
totals() { awk '/^totals:/ { print $2 }' "$BENCH_OUT/$1.out"; }
# dissect_apple's inclusive count (0 for tshark alone)
inside() {
  callgrind_annotate --inclusive=yes --threshold=100 "$BENCH_OUT/$1.out" 2>/dev/null |
    awk '/:dissect_apple( |$)/ { gsub(",", "", $1); if ($1 + 0 > max) max = $1 + 0 }
         END { print max + 0 }'
}
version=$(bench_wireshark_number)
tsv=$cache/callgrind/instructions-$(date +%Y%m%d-%H%M%S).tsv
printf 'wireshark\tcapture\tmode\tvariant\tpackets\ttotal\tstart\tpostdissector\n' > "$tsv"
for name in "${capture_list[@]}"; do
  for mode in "${mode_list[@]}"; do
    for v in "${bench_variants[@]}"; do
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$version" "$name" "$mode" "$v" "$packets" \
        "$(totals "$name-$v-$mode")" "$(totals "start-$v-$mode")" "$(inside "$name-$v-$mode")" >> "$tsv"
    done
  done
done

echo "Instructions per packet, $(bench_wireshark_version), callgrind, start-up subtracted; raw counts: $tsv"
for name in "${capture_list[@]}"; do
  echo "  $name: first $packets packets of: ${about[$name]}"
done
awk -f "$bench_dir/instructions.awk" "$tsv"
