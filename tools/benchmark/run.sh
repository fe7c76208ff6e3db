#!/bin/bash
# Benchmarks the plugin by CPU time (user+sys) and peak RSS of the real
# tshark over a capture of about a million packets: without the plugin,
# with it, with it and -o apple.check_evidence:FALSE ("noev"), and with the
# same port labels as a Lua postdissector (apple_ports.lua), in the modes of
# common.sh (plain, filter, verbose, fields, twopass; tree on request). The
# variants of a mode run one after the other, in turned order every other
# pair, and the table gives medians over the pairs. A capture a quarter the
# size shows whether memory grows with the packet count.
#
#   tools/benchmark/run.sh [--pairs N] [--packets N] [--seed N] [--capture synthetic|real]
#                          [--modes LIST] [--build DIR] [--no-lua] [--no-noev] [NAME=BUILD_DIR...]
#
# --capture real: the shared captures joined and repeated to about PACKETS
# packets (common.sh). NAME=BUILD_DIR adds the plugin of another build.
#
# The captures and the raw measurements go to BUILD/benchmark-cache/
# (default BUILD: build-bench/, configured and built here). CPU time is
# noisy on a shared machine; tools/benchmark/instructions.sh counts
# instructions instead, which do not depend on the load.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

pairs=5 packets=1000000 seed=1 kind=synthetic modes=plain,filter,verbose,fields,twopass
build=$bench_repo/build-bench lua=yes noev=yes extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs)   pairs=$2; shift 2 ;;
    --packets) packets=$2; shift 2 ;;
    --seed)    seed=$2; shift 2 ;;
    --capture) kind=$2; shift 2 ;;
    --modes)   modes=$2; shift 2 ;;
    --build)   build=$2; shift 2 ;;
    --no-lua)  lua=no; shift ;;
    --no-noev) noev=no; shift ;;
    *=*)       extra+=("$1"); shift ;;
    *) echo "usage: $0 [--pairs N] [--packets N] [--seed N] [--capture synthetic|real] [--modes LIST]" \
            "[--build DIR] [--no-lua] [--no-noev] [NAME=BUILD_DIR...]" >&2
       exit 2 ;;
  esac
done
IFS=, read -r -a mode_list <<< "$modes"
for mode in "${mode_list[@]}"; do bench_mode_args "$mode" none > /dev/null; done

echo "== building the plugin in $build"
bench_build "$build"
cache=$build/benchmark-cache
case "$kind" in
  synthetic)
    capture=$(bench_capture "$cache" "$packets" "$seed")
    small=$(bench_capture "$cache" $((packets / 4)) "$seed") ;;
  real)
    capture=$(bench_real "$cache" $(( (packets + 7553) / 7554 )))
    small=$(bench_real "$cache" $(( (packets / 4 + 7553) / 7554 ))) ;;
  *) echo "$0: unknown capture $kind" >&2; exit 2 ;;
esac
capture_info=$(cat "$capture.txt")

# The Lua script must hold the same rows as the table.
awk -F'\t' '!/^#/ && $1 != "ports" { print $1, $2, $3 }' "$bench_repo/data/apple-ports.tsv" \
  > "$cache/rows.table"
sed -n 's/^  { "\([^"]*\)", "\([^"]*\)", "\([^"]*\)" },$/\1 \2 \3/p' "$bench_dir/apple_ports.lua" \
  > "$cache/rows.lua"
if [ "$lua" = yes ] && ! diff -q "$cache/rows.table" "$cache/rows.lua" >/dev/null; then
  echo "$0: tools/benchmark/apple_ports.lua no longer has the rows of data/apple-ports.tsv" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/apple-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_work "$work"
bench_standard_variants "$build" "$noev" "${extra[@]}"
[ "$lua" = no ] || bench_variant lua lua
capture=$(bench_readable "$work" "$capture")
small=$(bench_readable "$work" "$small")
big_n=$(bench_packets "$capture")
small_n=$(bench_packets "$small")
bench_check_variants "$small"

results=$cache/results-$(date +%Y%m%d-%H%M%S).tsv
printf 'pair\tmode\tvariant\tuser_s\tsys_s\tmax_rss_kb\n' > "$results"
for pair in $(seq 1 "$pairs"); do
  order=("${bench_variants[@]}")
  if [ $((pair % 2)) = 0 ]; then
    order=()
    for ((i = ${#bench_variants[@]} - 1; i >= 0; i--)); do order+=("${bench_variants[i]}"); done
  fi
  for mode in "${mode_list[@]}" small; do
    file=$capture args_mode=$mode
    [ "$mode" = small ] && file=$small args_mode=plain
    for v in "${order[@]}"; do
      # shellcheck disable=SC2046  # bench_mode_args is a list of words
      bench_tshark "$v" python3 "$bench_dir/measure.py" "$BENCH_OUT/usage" -- \
        -r "$file" $(bench_mode_args "$args_mode" "$v") > /dev/null 2> "$work/stderr" || {
          echo "$0: tshark failed ($mode, $v):" >&2; cat "$work/stderr" >&2; exit 1; }
      printf '%s\t%s\t%s\t%s\n' "$pair" "$mode" "$v" "$(cat "$BENCH_OUT/usage")" >> "$results"
    done
  done
  echo "== pair $pair of $pairs done"
done

echo
echo "Apple Services benchmark, $(bench_wireshark_version)"
echo "capture: $capture_info"
echo "small capture: $small_n packets; pairs: $pairs; raw results: $results"
labels=""
for mode in "${mode_list[@]}"; do labels="$labels$mode=$(bench_mode_label "$mode");"; done
awk -v big="$big_n" -v small="$small_n" -v modes="${mode_list[*]}" -v labels="$labels" \
  -f "$bench_dir/summarize.awk" "$results"
