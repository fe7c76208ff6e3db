#!/bin/bash
# Runs one of the benchmark scripts against the Wireshark of a
# version-matrix chroot (tools/version-matrix.sh: trixie has 4.4, sid 4.6):
# copies the working tree and the shared captures in, builds the plugin
# there (and, with --baseline, the plugin of another source tree, for
# before/after figures), runs the script, and copies its result files out.
#
#   tools/benchmark/chroot.sh SUITE [--baseline SRC_DIR] [--out DIR] SCRIPT [ARGS...]
#
#   SCRIPT     instructions.sh, memory.sh or run.sh (tools/benchmark/); it gets
#              --build with the chroot's build of this tree, then ARGS, in which
#              the word BASELINE stands for the chroot's build of SRC_DIR
#   --out DIR  where the result files go (default build-bench/benchmark-cache/SUITE/)
#
#   tools/benchmark/chroot.sh trixie --baseline /work/baseline instructions.sh \
#       --captures synthetic,real,mdns,dns base=BASELINE
#
# Needs root (chroot, mount) and a chroot made by tools/version-matrix.sh.
# The chroot's lock is held throughout, so a matrix run waits for it, and
# the tree is copied to /apple-bench in the chroot, away from the matrix's
# /apple-matrix. /proc is mounted for the run if it is not already, and
# unmounted after.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
umask 022

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${APPLE_CHROOT_CACHE:-/var/cache/apple-services-chroots}
shared=${APPLE_SHARED_DIR:-$here/../shared}

[ $# -ge 2 ] || { sed -n '2,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }
suite=$1 baseline='' out=''
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
    --out)      out=$2; shift 2 ;;
    *)          break ;;
  esac
done
script=$1
shift
root=$cache/$suite
out=${out:-$here/build-bench/benchmark-cache/$suite}
if [ "$(id -u)" != 0 ]; then
  echo "$0: must run as root (chroot, mount)" >&2
  exit 2
fi
if [ ! -x "$root/usr/bin/tshark" ]; then
  echo "$0: no chroot with tshark at $root: run tools/version-matrix.sh $suite first" >&2
  exit 2
fi
[ -f "$here/tools/benchmark/$script" ] || { echo "$0: no tools/benchmark/$script" >&2; exit 2; }

exec 9>"$cache/$suite.lock"
if ! flock -n 9; then
  echo "== waiting for $cache/$suite.lock (a matrix or benchmark run has it)" >&2
  flock 9
fi
work=$root/apple-bench
mounted=''
cleanup() {
  [ -z "$mounted" ] || umount "$root/proc" 2>/dev/null || umount -l "$root/proc" || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! mountpoint -q "$root/proc"; then
  mount -t proc proc "$root/proc"
  mounted=yes
fi

copy_tree() {   # SRC DEST: the files, without builds or .git
  mkdir -p "$2"
  tar -C "$1" --exclude=./.git --exclude=./build --exclude='./build-*' -cf - . |
    tar -C "$2" --no-same-owner -xf -
}
rm -rf --one-file-system "$work"
mkdir -p "$work"
copy_tree "$here" "$work/src"
[ ! -d "$shared/captures" ] || copy_tree "$shared/captures" "$work/shared/captures"
[ -z "$baseline" ] || copy_tree "$baseline" "$work/baseline-src"
chmod -R a+rX "$work"

args=()
for a in "$@"; do args+=("${a//BASELINE//apple-bench/baseline-build}"); done
# shellcheck disable=SC2016  # expanded inside the chroot
chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 TMPDIR=/tmp bash -c '
set -euo pipefail
script=$1; baseline=$2; shift 2
cd /apple-bench
for tree in src ${baseline:+baseline-src}; do
  build=build; [ "$tree" = src ] || build=baseline-build
  cmake -S "$tree" -B "$build" > "$build.log" 2>&1 &&
    cmake --build "$build" -j "$(nproc)" --target apple >> "$build.log" 2>&1 ||
    { echo "building $tree failed:" >&2; tail -n 30 "$build.log" >&2; exit 12; }
  if [ ! -f "$build/plugin-path.txt" ]; then
    # an older tree (a baseline) that does not record where its plugin is
    mapfile -t so < <(find "$build" -path "*/epan/apple.so")
    [ ${#so[@]} = 1 ] || { echo "$tree: expected one epan/apple.so, found ${#so[@]}" >&2; exit 12; }
    echo "$(realpath "${so[0]}")" > "$build/plugin-path.txt"
  fi
  chmod -R a+rX "$build"
done
tshark -v | head -n 1
src/tools/benchmark/"$script" --build /apple-bench/build "$@"
' chroot-bench "$script" "$baseline" "${args[@]}"

mkdir -p "$out"
find "$work/build/benchmark-cache" -maxdepth 2 -name '*.tsv' -exec cp {} "$out/" \;
echo "== result files copied to $out"
