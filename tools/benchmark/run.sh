#!/bin/bash
# Benchmarks the plugin: CPU time (user+sys) and peak RSS of the real tshark
# over a generated capture of about a million packets, without the plugin,
# with the C plugin and with the same labels as a Lua postdissector
# (apple_ports.lua), in three modes:
#   plain   tshark -r CAPTURE                       (no tree)
#   filter  -q -Y apple.port     (without: -Y frame)
#   fields  -T fields -e apple.service  (without: -e frame.number)
#   tree    -q -Y frame, with and without (a tree, but no apple field wanted)
# The variants of a mode run one after the other, in turned order every
# other pair, and the table gives medians over the pairs. A capture a quarter
# the size shows whether memory grows with the packet count.
#
#   tools/benchmark/run.sh [--pairs N] [--packets N] [--seed N] [--build DIR] [--no-lua]
#                          [NAME=BUILD_DIR...]
#
# NAME=BUILD_DIR adds the plugin of another build (a patched copy, say).
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

pairs=5 packets=1000000 seed=1 build=$bench_repo/build-bench lua=yes extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs)   pairs=$2; shift 2 ;;
    --packets) packets=$2; shift 2 ;;
    --seed)    seed=$2; shift 2 ;;
    --build)   build=$2; shift 2 ;;
    --no-lua)  lua=no; shift ;;
    *=*)       extra+=("$1"); shift ;;
    *) echo "usage: $0 [--pairs N] [--packets N] [--seed N] [--build DIR] [--no-lua] [NAME=BUILD_DIR...]" >&2
       exit 2 ;;
  esac
done

echo "== building the plugin in $build"
bench_build "$build"
cache=$build/benchmark-cache
capture=$(bench_capture "$cache" "$packets" "$seed")
small=$(bench_capture "$cache" $((packets / 4)) "$seed")
big_n=$(cut -d' ' -f1 "$capture.txt")
small_n=$(cut -d' ' -f1 "$small.txt")
capture_info=$(cat "$capture.txt")

# The Lua script must hold the same rows as the table.
awk -F'\t' '!/^#/ && $1 != "ports" { print $1, $2, $3 }' "$bench_repo/data/apple-ports.tsv" \
  > "$cache/rows.table"
sed -n 's/^  { "\([^"]*\)", "\([^"]*\)", "\([^"]*\)" },$/\1 \2 \3/p' "$bench_dir/apple_ports.lua" \
  > "$cache/rows.lua"
if ! diff -q "$cache/rows.table" "$cache/rows.lua" >/dev/null; then
  echo "$0: tools/benchmark/apple_ports.lua no longer has the rows of data/apple-ports.tsv" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/apple-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
variants=(none c) homes=(none "c=$build")
[ "$lua" = yes ] && variants+=(lua) homes+=(lua)
for e in "${extra[@]}"; do variants+=("${e%%=*}") homes+=("$e"); done
bench_homes "$work" "${homes[@]}"
if ! plugin_home_readable "$capture"; then
  cp "$capture" "$small" "$work/"
  capture=$work/$(basename "$capture") small=$work/$(basename "$small")
fi

# Each variant loads its plugin (and only it), and the plugins label alike.
for v in "${variants[@]}"; do
  loaded=$(bench_tshark "$v" -- -G protocols | grep -c -P '\tapple(\t|$)' || true)
  [ "$v" = none ] && want=0 || want=1
  if [ "$loaded" != "$want" ]; then
    echo "$0: variant $v: expected $want Apple protocol(s), tshark has $loaded" >&2
    exit 1
  fi
  [ "$v" = none ] && continue
  n=$(bench_tshark "$v" -- -r "$small" -T fields -e apple.service | grep -c . || true)
  echo "== $v labels $n of the small capture's $small_n frames"
done

results=$cache/results-$(date +%Y%m%d-%H%M%S).tsv
printf 'pair\tmode\tvariant\tuser_s\tsys_s\tmax_rss_kb\n' > "$results"
for pair in $(seq 1 "$pairs"); do
  order=("${variants[@]}")
  if [ $((pair % 2)) = 0 ]; then
    order=(); for ((i = ${#variants[@]} - 1; i >= 0; i--)); do order+=("${variants[i]}"); done
  fi
  for mode in plain filter tree fields small; do
    file=$capture
    [ "$mode" = small ] && file=$small
    for v in "${order[@]}"; do
      # shellcheck disable=SC2046  # bench_mode_args is a list of words
      bench_tshark "$v" /usr/bin/time -f '%U\t%S\t%M' -o "$work/time" -- \
        -r "$file" $(bench_mode_args "$mode" "$v") > /dev/null 2> "$work/stderr" || {
          echo "$0: tshark failed ($mode, $v):" >&2; cat "$work/stderr" >&2; exit 1; }
      printf '%s\t%s\t%s\t%s\n' "$pair" "$mode" "$v" "$(tail -n 1 "$work/time")" >> "$results"
    done
  done
  echo "== pair $pair of $pairs done"
done

echo
echo "Apple Services benchmark, $(bench_wireshark_version)"
echo "capture: $capture_info"
echo "small capture: $small_n packets; pairs: $pairs; raw results: $results"
awk -v big="$big_n" -v small="$small_n" -f "$bench_dir/summarize.awk" "$results"
