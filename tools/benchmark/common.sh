# shellcheck shell=bash
# common.sh: sourced by the scripts of tools/benchmark/. Builds the plugin,
# makes the captures, and runs the real tshark from a throw-away HOME per
# variant (tools/lib/plugin-home.sh): "none" (no plugin), "lua"
# (apple_ports.lua), or a plugin build, with tshark options of its own
# ("noev": the plugin with -o apple.check_evidence:FALSE).
#
# The captures (never committed) go to BUILD/benchmark-cache/:
#   synthetic  gen-capture.c: interleaved TCP and UDP flows, random payloads
#   real       the shared captures (../shared/captures, or
#              $APPLE_SHARED_DIR/captures) joined one after the other
#              (mergecap -a), that whole repeated
#   mdns, dns  gen-chatter.c: Bonjour chatter from 4096 devices, or DNS
#              lookups whose answers overflow the plugin's DNS facts
#
# SPDX-License-Identifier: GPL-2.0-or-later

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_repo=$(cd "$bench_dir/../.." && pwd)

# shellcheck source=SCRIPTDIR/../lib/plugin-home.sh
. "$bench_repo/tools/lib/plugin-home.sh"

# bench_build BUILD_DIR: configures (if needed) and builds the plugin.
bench_build() {
  [ -f "$1/CMakeCache.txt" ] || cmake -S "$bench_repo" -B "$1" >/dev/null
  cmake --build "$1" -j "$(nproc)" --target apple >/dev/null
}

# bench_compile CACHE NAME: the generator NAME.c, compiled into CACHE.
bench_compile() {
  local binary=$1/$2
  if [ ! -x "$binary" ] || [ "$bench_dir/$2.c" -nt "$binary" ] ||
     [ "$bench_dir/gen-common.h" -nt "$binary" ]; then
    cc -O2 -Wall -Wextra -o "$binary" "$bench_dir/$2.c"
  fi
  printf '%s\n' "$binary"
}

# bench_capture CACHE PACKETS SEED: prints the path of the synthetic
# capture, writing it (and PATH.txt, the generator's summary) if it is not
# there yet.
bench_capture() {
  local cache=$1 packets=$2 seed=$3 file generator
  file=$cache/flows-$packets-$seed.pcap
  mkdir -p "$cache"
  if [ ! -s "$file" ] || [ ! -s "$file.txt" ]; then
    generator=$(bench_compile "$cache" gen-capture)
    echo "== generating $(basename "$file")" >&2
    "$generator" "$file.tmp" "$packets" "$seed" > "$file.txt"
    cat "$file.txt" >&2
    mv "$file.tmp" "$file"
  fi
  echo "$file"
}

# bench_chatter CACHE mdns|dns PACKETS SEED: the same for gen-chatter.c.
bench_chatter() {
  local cache=$1 kind=$2 packets=$3 seed=$4 file generator
  file=$cache/$kind-$packets-$seed.pcap
  mkdir -p "$cache"
  if [ ! -s "$file" ] || [ ! -s "$file.txt" ] || [ "$bench_dir/gen-chatter.c" -nt "$file" ]; then
    generator=$(bench_compile "$cache" gen-chatter)
    echo "== generating $(basename "$file")" >&2
    "$generator" "$kind" "$file.tmp" "$packets" "$seed" > "$file.txt"
    cat "$file.txt" >&2
    mv "$file.tmp" "$file"
  fi
  echo "$file"
}

bench_shared_captures() {
  local shared=${APPLE_SHARED_DIR:-$bench_repo/../shared}
  printf '%s\n' "$shared/captures"
}

# bench_real CACHE COPIES: the shared captures, each whole, one after the
# other in the order of their names, that COPIES times over (so the later
# copies repeat the first one's flows, with the same addresses and ports).
# The shared files are read where they are, not copied.
bench_real() {
  local cache=$1 copies=$2 shared once file list=() i n
  shared=$(bench_shared_captures)
  once=$cache/real-1.pcapng file=$cache/real-$copies.pcapng
  mkdir -p "$cache"
  if [ ! -s "$once" ] || [ ! -s "$once.txt" ]; then
    shopt -s nullglob
    list=("$shared"/*.pcap "$shared"/*.pcapng)
    shopt -u nullglob
    if [ ${#list[@]} = 0 ]; then
      echo "bench_real: no captures in $shared (set APPLE_SHARED_DIR)" >&2
      return 2
    fi
    mapfile -t list < <(printf '%s\n' "${list[@]}" | LC_ALL=C sort)
    mergecap -a -w "$once.tmp" "${list[@]}"
    mv "$once.tmp" "$once"
    n=$(capinfos -c -M "$once" | awk '/^Number of packets/ { print $NF }')
    echo "$n packets: the ${#list[@]} shared captures of $shared, one after the other" > "$once.txt"
  fi
  if [ ! -s "$file" ] || [ ! -s "$file.txt" ]; then
    list=()
    for ((i = 0; i < copies; i++)); do list+=("$once"); done
    mergecap -a -w "$file.tmp" "${list[@]}"
    mv "$file.tmp" "$file"
    n=$(capinfos -c -M "$file" | awk '/^Number of packets/ { print $NF }')
    echo "$n packets: $copies copies of $(sed 's/^[0-9]* packets: //' "$once.txt")" > "$file.txt"
  fi
  echo "$file"
}

# bench_packets CAPTURE: the number of packets in it.
bench_packets() {
  capinfos -c -M "$1" | awk '/^Number of packets/ { print $NF }'
}

# --- Variants ----------------------------------------------------------------

declare -A bench_home_of=() bench_args_of=()
bench_variants=()

# bench_work WORK: where the variants' HOMEs go, and WORK/out, the one folder
# the programs write to (callgrind files, measurements): it belongs to the
# user they run as.
bench_work() {
  BENCH_WORK=$1
  chmod 755 "$BENCH_WORK"
  mkdir -p "$BENCH_WORK/out"
  if [ ${#plugin_home_user[@]} -gt 0 ]; then
    chown 65534:65534 "$BENCH_WORK/out"
  fi
  BENCH_OUT=$BENCH_WORK/out
}

# bench_variant NAME none|lua|BUILD_DIR [TSHARK-ARGS...]: a variant, with a
# HOME of its own, and the arguments its tshark always gets.
bench_variant() {
  local name=$1 what=$2 home=$BENCH_WORK/home-$1
  shift 2
  case "$what" in
    none) plugin_home_make "$home" ;;
    lua)  plugin_home_make "$home" --lua "$bench_dir/apple_ports.lua" ;;
    *)    plugin_home_make "$home" --build "$what" || return 2 ;;
  esac
  bench_home_of[$name]=$home
  bench_args_of[$name]="$*"
  bench_variants+=("$name")
}

# bench_standard_variants BUILD_DIR EVIDENCE_OFF(yes|no) [NAME=BUILD_DIR...]:
# none, c (the plugin of BUILD_DIR), noev (the same, evidence off) and the
# extra builds.
bench_standard_variants() {
  local build=$1 noev=$2 spec
  shift 2
  bench_variant none none
  bench_variant c "$build"
  [ "$noev" = no ] || bench_variant noev "$build" -o apple.check_evidence:FALSE
  for spec in "$@"; do
    bench_variant "${spec%%=*}" "${spec#*=}"
  done
}

# bench_tshark VARIANT [TOOL...] -- TSHARK-ARGS...: tshark from VARIANT's HOME.
bench_tshark() {
  local v=$1 tool=()
  shift
  while [ "$1" != -- ]; do tool+=("$1"); shift; done
  shift
  # shellcheck disable=SC2086  # the variant's arguments are a list of words
  plugin_home_run "${bench_home_of[$v]}" "${tool[@]}" tshark ${bench_args_of[$v]} "$@"
}

# bench_check_variants SMALL_CAPTURE: each variant loads its plugin (and
# only it) and labels the capture; the counts go to stderr.
bench_check_variants() {
  local v loaded want fields n
  for v in "${bench_variants[@]}"; do
    # -G must come first: without the variant's own arguments
    loaded=$(plugin_home_run "${bench_home_of[$v]}" tshark -G protocols |
             grep -c -P '\tapple(\t|$)' || true)
    [ "$v" = none ] && want=0 || want=1
    if [ "$loaded" != "$want" ]; then
      echo "variant $v: expected $want Apple protocol(s), tshark has $loaded" >&2
      return 1
    fi
    [ "$v" = none ] && continue
    fields=$(bench_tshark "$v" -- -r "$1" -T fields -e apple.service) || {
      echo "variant $v: tshark failed on $1" >&2; return 1; }
    n=$(printf '%s\n' "$fields" | grep -c . || true)
    echo "== $v labels $n frames of $(basename "$1")" >&2
  done
}

# bench_readable WORK FILE: FILE, or a copy in WORK that the user tshark
# runs as can read.
bench_readable() {
  if plugin_home_readable "$2"; then
    printf '%s\n' "$2"
  else
    cp "$2" "$1/"
    chmod 644 "$1/$(basename "$2")"
    printf '%s\n' "$1/$(basename "$2")"
  fi
}

# --- Modes -------------------------------------------------------------------


# bench_mode_args MODE VARIANT: the tshark arguments after -r CAPTURE.
bench_mode_args() {
  case "$1:$2" in
    plain:*)       ;;
    filter:none)   echo "-q -Y frame" ;;
    filter:*)      echo "-q -Y apple" ;;
    tree:*)        echo "-q -Y frame" ;;
    verbose:*)     echo "-V" ;;
    fields:none)   echo "-T fields -e frame.number" ;;
    fields:*)      echo "-T fields -e apple.service" ;;
    twopass:*)     echo "-2 -Y frame" ;;
    *) echo "bench_mode_args: unknown mode $1" >&2; return 2 ;;
  esac
}

# bench_mode_label MODE: what the table calls it.
bench_mode_label() {
  case "$1" in
    plain)   echo "tshark -r (no tree)" ;;
    filter)  echo "-q -Y apple (without: -Y frame)" ;;
    tree)    echo "-q -Y frame" ;;
    verbose) echo "-V" ;;
    fields)  echo "-T fields -e apple.service (frame.number)" ;;
    twopass) echo "-2 -Y frame (two passes)" ;;
  esac
}

bench_wireshark_version() {
  tshark -v 2>/dev/null | head -n 1 | sed 's/ (Git.*//; s/\.$//'
}

# bench_wireshark_number: "4.0.17"
bench_wireshark_number() {
  tshark -v 2>/dev/null | sed -n '1s/^[^0-9]*\([0-9][0-9.]*[0-9]\).*/\1/p'
}
