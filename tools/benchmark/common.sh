# shellcheck shell=bash
# common.sh: sourced by run.sh and instructions.sh in tools/benchmark/.
# Builds the plugin, generates the captures, and runs the real tshark from a
# throw-away HOME per variant: "none" (no plugin), "c" (the plugin of a
# build), "lua" (apple_ports.lua), or any other name given a build of its own.
#
# SPDX-License-Identifier: GPL-2.0-or-later

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_repo=$(cd "$bench_dir/../.." && pwd)

# bench_build BUILD_DIR: configures (if needed) and builds the plugin.
bench_build() {
  [ -f "$1/CMakeCache.txt" ] || cmake -S "$bench_repo" -B "$1" >/dev/null
  cmake --build "$1" -j "$(nproc)" --target apple >/dev/null
}

# bench_capture CACHE PACKETS SEED: prints the path of the generated capture,
# writing it (and PATH.txt, the generator's summary) if it is not there yet.
bench_capture() {
  local cache=$1 packets=$2 seed=$3 file
  file=$cache/flows-$packets-$seed.pcap
  mkdir -p "$cache"
  if [ ! -s "$file" ] || [ ! -s "$file.txt" ]; then
    cc -O2 -Wall -Wextra -o "$cache/gen-capture" "$bench_dir/gen-capture.c"
    echo "== generating $(basename "$file")" >&2
    "$cache/gen-capture" "$file.tmp" "$packets" "$seed" > "$file.txt"
    cat "$file.txt" >&2
    mv "$file.tmp" "$file"
  fi
  echo "$file"
}

# shellcheck source=SCRIPTDIR/../lib/plugin-home.sh
. "$bench_repo/tools/lib/plugin-home.sh"

# bench_homes WORK VARIANT[=BUILD_DIR]...: one HOME per variant under WORK.
bench_homes() {
  local work=$1 spec v build
  shift
  chmod 755 "$work"
  for spec in "$@"; do
    v=${spec%%=*} build=${spec#*=}
    case "$v" in
      none) plugin_home_make "$work/$v" ;;
      lua)  plugin_home_make "$work/$v" --lua "$bench_dir/apple_ports.lua" ;;
      *)    plugin_home_make "$work/$v" --build "$build" ;;
    esac
  done
  BENCH_WORK=$work
}

# bench_tshark VARIANT [TOOL...] -- TSHARK-ARGS...: tshark from VARIANT's HOME.
bench_tshark() {
  local v=$1 tool=()
  shift
  while [ "$1" != -- ]; do tool+=("$1"); shift; done
  shift
  plugin_home_run "$BENCH_WORK/$v" "${tool[@]}" tshark "$@"
}

# bench_mode_args MODE VARIANT: the tshark arguments after -r CAPTURE.
bench_mode_args() {
  case "$1:$2" in
    plain*|small*) ;;
    tree:*)        echo "-q -Y frame" ;;
    filter:none)   echo "-q -Y frame" ;;
    filter:*)      echo "-q -Y apple.port" ;;
    fields:none)   echo "-T fields -e frame.number" ;;
    fields:*)      echo "-T fields -e apple.service" ;;
  esac
}

bench_wireshark_version() {
  tshark -v 2>/dev/null | head -n 1 | sed 's/ (Git.*//; s/\.$//'
}
