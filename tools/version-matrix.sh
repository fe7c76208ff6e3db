#!/bin/bash
# Builds the plugin with -Werror and runs the whole test suite (ctest) against
# every Wireshark the project supports: the host's, and Debian trixie's (4.4)
# and sid's (4.6) in debootstrap chroots. Prints one line per version and
# exits non-zero if any build or test fails.
#
#   tools/version-matrix.sh [--refresh] [host] [trixie] [sid] ...
#
# Arguments name the versions to run (default: host trixie sid; any Debian
# suite name works). --refresh upgrades the chroots' packages first, to pick
# up a new Wireshark point release.
#
# Environment:
#   APPLE_CHROOT_CACHE  where the chroots live, reused between runs
#                       (default /var/cache/apple-services-chroots)
#   APPLE_MIRROR        Debian mirror (default http://deb.debian.org/debian)
#   APPLE_SHARED_DIR    the shared test material (default: ../shared next to
#                       the source tree, as the tests expect)
#   APPLE_MATRIX_DIR    logs and the host build (default build-matrix/)
#   APPLE_MATRIX_RESULTS  a folder to copy each version's CTest JUnit report
#                       to, as VERSION.xml (tools/test.sh counts them)
#
# Needs root (debootstrap, chroot, mount), debootstrap and util-linux. The
# first run takes a few minutes per chroot (~1 GB each); later runs only copy
# the tree, build and test. A chroot's packages are installed by the tree's
# own tools/install-deps.sh, which calls apt only when one is missing.
# Every chroot is locked while in use, so concurrent runs wait for each other.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
umask 022

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${APPLE_CHROOT_CACHE:-/var/cache/apple-services-chroots}
mirror=${APPLE_MIRROR:-http://deb.debian.org/debian}
shared=${APPLE_SHARED_DIR:-$here/../shared}
out=${APPLE_MATRIX_DIR:-$here/build-matrix}
jobs=$(nproc 2>/dev/null || echo 2)

refresh=0
versions=()
for a in "$@"; do
  case "$a" in
    --refresh) refresh=1 ;;
    -h|--help) sed -n '2,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    -*) echo "$0: unknown option $a" >&2; exit 2 ;;
    *) versions+=("$a") ;;
  esac
done
[ ${#versions[@]} -gt 0 ] || versions=(host trixie sid)

if [ "$(id -u)" != 0 ]; then
  echo "$0: must run as root (debootstrap, chroot, mount)" >&2
  exit 2
fi
for v in "${versions[@]}"; do
  if [ "$v" != host ] && ! command -v debootstrap >/dev/null; then
    echo "Installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null || {
        echo "$0: debootstrap is missing and could not be installed" >&2; exit 2; }
    break
  fi
done
if [ -d "$shared" ]; then
  shared=$(cd "$shared" && pwd)
else
  echo "warning: no shared test material at $shared; tests that need it will fail" >&2
  shared=
fi

mkdir -p "$cache" "$out"
out=$(cd "$out" && pwd)

# --- Cleanup: every mount this run made, undone on exit -----------------------
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  mounts=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# mount_once WHAT TARGET ARGS...: mounts unless something is mounted there
# already (left by a killed run: then it is adopted and unmounted at exit,
# which is safe because the suite's lock is held).
mount_once() {
  local target=$2
  if ! mountpoint -q "$target"; then
    mount "${@:3}" "$1" "$target" || return 1
  fi
  mounts+=("$target")
}

# "TShark (Wireshark) 4.4.19." -> 4.4.19
ws_version() { sed -n '1s/^[^0-9]*\([0-9][0-9.]*[0-9]\).*/\1/p'; }

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

# The files of the working tree (uncommitted ones too), without builds or .git.
copy_tree() {   # SRC DEST
  mkdir -p "$2"
  tar -C "$1" --exclude=./.git --exclude=./build --exclude='./build-*' -cf - . |
    tar -C "$2" --no-same-owner -xf -
  chmod -R a+rX "$2"
}

# --- The chroot of one Debian suite, created or brought up to date ----------
prepare_chroot() {   # SUITE ROOT LOG
  local suite=$1 root=$2 log=$3
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    log "$suite: debootstrap into $root (first run only)"
    # A killed debootstrap may have left /proc or /sys mounted in there.
    awk -v p="$root.partial/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r |
      while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
    rm -rf --one-file-system "$root.partial"
    debootstrap --variant=minbase "$suite" "$root.partial" "$mirror" >>"$log" 2>&1 || {
      echo "debootstrap $suite failed; see $log" >&2; return 1; }
    mv "$root.partial" "$root" || return 1
  fi
  # sid's Release file is often past its Valid-Until on the mirrors.
  echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99apple-valid-until"
  # Never start services from package scripts inside the chroot.
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

  mount_once proc "$root/proc" -t proc || {
    echo "cannot mount /proc in $root" >&2; return 1; }
  mount_once devpts "$root/dev/pts" -t devpts -o newinstance,ptmxmode=0666 2>/dev/null ||
    true   # only apt's terminal log wants it

  if [ $refresh = 1 ]; then
    log "$suite: apt-get update and upgrade"
    in_chroot "$root" apt-get update -qq >>"$log" 2>&1 || return 1
    in_chroot "$root" apt-get -y -qq dist-upgrade >>"$log" 2>&1 || return 1
  fi
}

# Runs a command in ROOT with a clean environment (plus proxies and CI).
in_chroot() {   # ROOT COMMAND...
  local root=$1; shift
  local envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
              HOME=/root LANG=C.UTF-8 TMPDIR=/tmp DEBIAN_FRONTEND=noninteractive
              CI="${CI:-}")
  local v
  for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [ -z "${!v:-}" ] || envs+=("$v=${!v}")
  done
  chroot "$root" /usr/bin/env -i "${envs[@]}" "$@"
}

# --- Build and test, the same steps on the host and in a chroot ---------------
# The script that runs inside: install what is missing, configure with
# -Werror, build, ctest. Exit status 10 = deps, 11 = configure, 12 = build;
# otherwise ctest's.
build_and_test_script='
set -u
src=$1 build=$2 jobs=$3; shift 3
"$src/tools/install-deps.sh" || exit 10
rm -rf "$build"
echo "+ cmake -S $src -B $build -DAPPLE_WERROR=ON $*"
cmake -S "$src" -B "$build" -DAPPLE_WERROR=ON "$@" || exit 11
cmake --build "$build" -j "$jobs" || exit 12
chmod -R a+rX "$build"
cd "$build"
ctest --output-on-failure -j "$jobs" --output-junit "$build/ctest-results.xml"
'

results=()   # "version|wireshark|build|passed/total|seconds"
failure_logs=()   # "version|log" of the runs with failing tests
failed=0
all_passed=0 all_failed=0   # tests, over every version

# junit_counts FILE: "passed total" of a CTest JUnit report
junit_counts() {
  awk -f "$here/tools/lib/junit-counts.awk" "$1" | awk '{ print $1, $3 }'
}

# summarize NAME WIRESHARK STATUS LOG SECONDS REPORT: REPORT is ctest's
# JUnit report, copied to APPLE_MATRIX_RESULTS if set.
summarize() {
  local name=$1 ws=$2 status=$3 log=$4 secs=$5 report=$6 build tests passed total
  case $status in
    10) build="FAIL (dependencies)" ;;
    11) build="FAIL (configure)" ;;
    12) build="FAIL (compile)" ;;
    13) build="FAIL (chroot setup)" ;;
    *)  build=ok ;;
  esac
  tests=-
  if [ "$build" = ok ] && [ -s "$report" ]; then
    read -r passed total <<< "$(junit_counts "$report")"
    tests="$passed/$total"
    all_passed=$((all_passed + passed)) all_failed=$((all_failed + total - passed))
    if [ -n "${APPLE_MATRIX_RESULTS:-}" ]; then
      cp "$report" "$APPLE_MATRIX_RESULTS/${name%% *}.xml"
    fi
    [ "$status" = 0 ] || { failed=1; failure_logs+=("$name|$log"); }
  elif [ "$build" = ok ]; then
    tests="? (ctest exit $status, no report)"; failed=1; failure_logs+=("$name|$log")
  else
    failed=1; failure_logs+=("$name|$log")
  fi
  results+=("$name|$ws|$build|$tests|${secs}s")
}

run_host() {
  local log=$out/host.log start=$SECONDS status=0 ws extra=()
  log "host: building and testing in $out/host-build (log: $log)"
  [ -z "$shared" ] || extra=(-DAPPLE_SHARED_DIR="$shared")
  bash -c "$build_and_test_script" matrix "$here" "$out/host-build" "$jobs" "${extra[@]}" \
    >"$log" 2>&1 || status=$?
  ws=$(tshark --version 2>/dev/null | ws_version || true)
  summarize "host ($(. /etc/os-release && echo "${VERSION_CODENAME:-$ID}"))" "${ws:-?}" \
    "$status" "$log" $((SECONDS - start)) "$out/host-build/ctest-results.xml"
}

run_suite() {   # SUITE
  local suite=$1 root=$cache/$1 log=$out/$1.log start=$SECONDS status=0 ws work
  : >"$log"
  exec 9>"$cache/$suite.lock"
  if ! flock -n 9; then
    log "$suite: waiting for another run to release $cache/$suite.lock"
    flock 9
  fi
  if ! prepare_chroot "$suite" "$root" "$log"; then
    cleanup; exec 9>&-
    summarize "$suite" "?" 13 "$log" $((SECONDS - start)) ""
    return
  fi

  # The tree at /apple-matrix/<name> and the shared material next to it, as in
  # the repository's own layout (the tests look for ../shared).
  work=$root/apple-matrix
  rm -rf --one-file-system "$work"
  mkdir -p "$work"
  chmod 755 "$work"
  copy_tree "$here" "$work/src"
  if [ -n "$shared" ]; then
    copy_tree "$shared" "$work/shared"
  fi

  # The host's checkAPIs.pl (from a build here that ran api-checkapis), for
  # a chroot whose mirror has no source of its own Wireshark.
  local checker fallback_args=()
  checker=$(ls -1 "${APPLE_BUILD_DIR:-$here/build}"/wireshark-source/*/checkAPIs.pl 2>/dev/null |
            tail -n 1 || true)
  if [ -n "$checker" ]; then
    mkdir -p "$work/checkapis"
    cp "$checker" "$work/checkapis/checkAPIs.pl"
    fallback_args=(-DAPPLE_CHECKAPIS_FALLBACK=/apple-matrix/checkapis/checkAPIs.pl)
  fi

  log "$suite: building and testing in the chroot (log: $log)"
  in_chroot "$root" bash -c "$build_and_test_script" matrix /apple-matrix/src \
    /apple-matrix/build "$jobs" "${fallback_args[@]}" >>"$log" 2>&1 || status=$?
  ws=$(in_chroot "$root" tshark --version 2>/dev/null | ws_version || true)
  cp "$work/build/ctest-results.xml" "$out/$suite-results.xml" 2>/dev/null || rm -f "$out/$suite-results.xml"
  cleanup
  exec 9>&-
  summarize "$suite" "${ws:-?}" "$status" "$log" $((SECONDS - start)) "$out/$suite-results.xml"
}

total_start=$SECONDS
for v in "${versions[@]}"; do
  if [ "$v" = host ]; then run_host; else run_suite "$v"; fi
done

echo
printf '%-16s %-10s %-20s %-14s %s\n' version wireshark build tests time
printf '%-16s %-10s %-20s %-14s %s\n' ------- --------- ----- ----- ----
for r in "${results[@]}"; do
  IFS='|' read -r name ws build tests secs <<<"$r"
  printf '%-16s %-10s %-20s %-14s %s\n' "$name" "$ws" "$build" "$tests" "$secs"
done
echo "total $((SECONDS - total_start))s; logs in $out/"
echo "matrix: $all_passed passed, $all_failed failed"

# CI shows only this output: name each failing test and what it printed.
for f in "${failure_logs[@]}"; do
  IFS='|' read -r name log <<<"$f"
  echo
  if ! grep -q '^The following tests FAILED:' "$log"; then
    echo "=== $name: the last lines of $log"
    tail -n 30 "$log"
    continue
  fi
  echo "=== $name: failing tests (full log: $log)"
  sed -n '/^The following tests FAILED:/,/^Errors while running CTest/p' "$log" | sed '1d;$d'
  # ctest --output-on-failure prints a failing test's output after its
  # result line, up to the next "Start"/result line; 40 lines each at most.
  awk '/\*\*\*(Failed|Timeout|Exception)/ { p = 1; n = 0; print; next }
       p && /^ *(Start +[0-9]+:|[0-9]+\/[0-9]+ Test +#)/ { p = 0 }
       p && n++ < 40 { print }' "$log"
done
if [ $failed != 0 ]; then
  echo "FAILED: see the logs above for the failing versions" >&2
fi
exit $failed
