#!/bin/bash
# Peak memory (max RSS) of tshark without and with the plugin on growing
# sizes of the generated lookup-heavy captures (gen-chatter.c): the
# plugin's extra memory must stop growing once its stores are at their
# bounds (APPLE_BONJOUR_* in plugin/core/apple-bonjour.h, the DNS facts'
# APPLE_LEARN_DNS_ADDRESSES_MAX in plugin/apple-learn.h), however long the
# capture. Peak RSS hardly depends on the machine's load; each size is run
# RUNS times and the median kept.
#
#   tools/benchmark/memory.sh [--sizes LIST] [--captures LIST] [--modes LIST] [--runs N]
#                             [--build DIR] [NAME=BUILD_DIR...]
#
#   --sizes LIST     packets, comma-separated (default 10000,100000,1000000)
#   --captures LIST  mdns, dns, synthetic (default mdns,dns)
#   --modes LIST     modes of common.sh (default plain)
#   --runs N         runs of each (default 1)
#   --build DIR      the plugin's build (default build-bench/)
#   NAME=BUILD_DIR   the plugin of another build as one more variant
#
# The captures are written to BUILD/benchmark-cache/ (1M packets of mdns is
# about 450 MB) and the measurements to BUILD/benchmark-cache/memory-*.tsv.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

sizes=10000,100000,1000000 captures=mdns,dns modes=plain runs=1
build=$bench_repo/build-bench extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes)    sizes=$2; shift 2 ;;
    --captures) captures=$2; shift 2 ;;
    --modes)    modes=$2; shift 2 ;;
    --runs)     runs=$2; shift 2 ;;
    --build)    build=$2; shift 2 ;;
    *=*)        extra+=("$1"); shift ;;
    *) echo "usage: $0 [--sizes LIST] [--captures LIST] [--modes LIST] [--runs N] [--build DIR]" \
            "[NAME=BUILD_DIR...]" >&2
       exit 2 ;;
  esac
done
IFS=, read -r -a size_list <<< "$sizes"
IFS=, read -r -a capture_list <<< "$captures"
IFS=, read -r -a mode_list <<< "$modes"
for mode in "${mode_list[@]}"; do bench_mode_args "$mode" none > /dev/null; done

bench_build "$build"
cache=$build/benchmark-cache
work=$(mktemp -d "${TMPDIR:-/tmp}/apple-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_work "$work"
bench_standard_variants "$build" no "${extra[@]}"

tsv=$cache/memory-$(date +%Y%m%d-%H%M%S).tsv
printf 'wireshark\tcapture\tmode\tpackets\tvariant\trun\tuser_s\tsys_s\tmax_rss_kb\n' > "$tsv"
version=$(bench_wireshark_number)
checked=no
for name in "${capture_list[@]}"; do
  for size in "${size_list[@]}"; do
    case "$name" in
      mdns|dns)  capture=$(bench_chatter "$cache" "$name" "$size" 1) ;;
      synthetic) capture=$(bench_capture "$cache" "$size" 1) ;;
      *) echo "$0: unknown capture $name" >&2; exit 2 ;;
    esac
    capture=$(bench_readable "$work" "$capture")
    [ $checked = yes ] || { bench_check_variants "$capture"; checked=yes; }
    n=$(bench_packets "$capture")
    for mode in "${mode_list[@]}"; do
      for run in $(seq 1 "$runs"); do
        for v in "${bench_variants[@]}"; do
          # shellcheck disable=SC2046  # bench_mode_args is a list of words
          bench_tshark "$v" python3 "$bench_dir/measure.py" "$BENCH_OUT/usage" -- \
            -r "$capture" $(bench_mode_args "$mode" "$v") > /dev/null 2> "$work/stderr" || {
              echo "$0: tshark failed ($name $size $mode, $v):" >&2; cat "$work/stderr" >&2; exit 1; }
          printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$version" "$name" "$mode" "$n" "$v" "$run" \
            "$(cat "$BENCH_OUT/usage")" >> "$tsv"
        done
      done
      echo "== $name, $n packets, $mode: done" >&2
    done
    [ "$work/$(basename "$capture")" != "$capture" ] || rm -f "$capture"
  done
done

echo "Peak RSS (max resident set), $(bench_wireshark_version); raw results: $tsv"
awk -f "$bench_dir/memory.awk" "$tsv"
