#!/bin/bash
# Fuzzes the plugin the way Wireshark's tools/fuzz-test.sh and
# randpkt-test.sh fuzz tshark: damaged copies of the sample and shared
# captures (editcap -E 0.02, half of them with -o 34), a slice of the
# benchmark's generated capture, and fresh randpkt TCP and UDP captures, each
# run through the real tshark (-nVxr and -nr, half of them with -2) with
# WIRESHARK_DEBUG_WMEM_OVERRIDE=strict and WIRESHARK_ABORT_ON_DISSECTOR_BUG=1.
#
# By default the plugin is built with AddressSanitizer and UBSan (build-asan/,
# -DAPPLE_SANITIZE=ON) and their runtime is preloaded into tshark; with
# --valgrind a plain build (build-valgrind/) runs under valgrind instead.
# A round fails on a non-zero exit, a signal, or any sanitizer, valgrind or
# dissector-bug report; its capture and logs are kept in the failures folder.
# A failure that tshark shows without the plugin too is Wireshark's own bug:
# it is reported and kept apart (failures/wireshark/), and does not fail
# the run.
#
# With --targets it runs the in-process fuzz targets instead
# (tests/fuzz/targets/fuzz-NAME.c: the core's parsers under libFuzzer, ASan
# and UBSan, built with clang by tools/fuzz/build-targets.sh into
# build-fuzz-targets/), each for SECONDS, one after another (or --jobs N at
# once), each from its seeds plus the corpus its earlier runs grew
# (BUILD/corpus/NAME/). A crash, leak, sanitizer report or timeout fails
# the run; the input, the log and the command that reproduces it are kept
# in the failures folder (tools/fuzz/run-target.sh).
#
#   tools/fuzz.sh [--count N] [--seed N] [--jobs N] [--build DIR]
#                 [--failures DIR] [--valgrind] [INPUT...]
#   tools/fuzz.sh --targets [SECONDS] [--seed N] [--jobs N] [--build DIR]
#                 [--failures DIR] [NAME...]
#
#   --count N     rounds (default 200; 10000 or more for a long run)
#   --seed N      editcap seeds are derived from it (default 1); randpkt
#                 captures are random on every run, and kept when they fail;
#                 with --targets, libFuzzer's -seed
#   --build DIR   use that build's plugin as it is (no configuring or building);
#                 with --targets, the fuzz targets built in DIR
#   --targets [SECONDS]  the in-process targets, SECONDS each (default 600)
#   INPUT...      captures to mutate instead of the default set
#   NAME...       with --targets: only these targets (cells for fuzz-cells)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/fuzz/common.sh
. "$here/fuzz/common.sh"

count=200 seed=1 jobs='' build='' failures='' valgrind='' targets='' inputs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --count)    count=$2; shift 2 ;;
    --seed)     seed=$2; shift 2 ;;
    --jobs)     jobs=$2; shift 2 ;;
    --build)    build=$2; shift 2 ;;
    --failures) failures=$2; shift 2 ;;
    --valgrind) valgrind=--valgrind; shift ;;
    --targets)  targets=600
                if [[ ${2:-} =~ ^[0-9]+$ ]]; then targets=$2; shift; fi
                shift ;;
    -*) sed -n '/^#   tools/,/^#   NAME/p' "$0" >&2; exit 2 ;;
    *)  inputs+=("$1"); shift ;;
  esac
done

# --- The in-process targets (--targets) ------------------------------------
if [ -n "$targets" ]; then
  if [ -n "$valgrind" ]; then
    echo "fuzz: --valgrind is for tshark; the targets have ASan and UBSan built in" >&2
    exit 2
  fi
  jobs=${jobs:-1}
  if [ -z "$build" ]; then
    build=$repo/build-fuzz-targets
    "$here/fuzz/build-targets.sh" "$repo" "$build"
  fi
  failures=${failures:-$build/fuzz-failures}
  names=("${inputs[@]}")
  if [ ${#names[@]} = 0 ]; then
    for source in "$repo"/tests/fuzz/targets/fuzz-*.c; do
      [ -f "$source" ] || continue
      name=$(basename "$source" .c)
      names+=("${name#fuzz-}")
    done
  fi
  if [ ${#names[@]} = 0 ]; then
    echo "fuzz: no fuzz targets in $repo/tests/fuzz/targets" >&2
    exit 1
  fi
  echo "fuzz: ${#names[@]} targets (${names[*]}), $targets s each, seed $seed, $jobs at once," \
       "from $build"
  work=$(mktemp -d "${TMPDIR:-/tmp}/apple-fuzz.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  start=$SECONDS
  for name in "${names[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    ( status=0
      # its output at once when it ends, so that parallel runs do not mix
      out=$("$here/fuzz/run-target.sh" "$build/fuzz-$name" "$targets" "$seed" "$failures" \
              --corpus "$build/corpus/$name" 2>&1) || status=$?
      echo "$out"
      [ "$status" = 0 ] && touch "$work/$name.pass" ) &
  done
  wait
  passed=$(find "$work" -name '*.pass' | wc -l)
  echo "fuzz: $passed of ${#names[@]} targets passed, $(( ${#names[@]} - passed )) failed," \
       "$((SECONDS - start)) s (seed $seed)"
  if [ "$passed" != ${#names[@]} ]; then
    echo "fuzz: failing inputs, logs and commands in $failures" >&2
    exit 1
  fi
  exit 0
fi

# --- tshark over damaged captures (the default) -----------------------------
jobs=${jobs:-$(nproc)}

if [ -z "$build" ]; then
  if [ -n "$valgrind" ]; then
    build=$repo/build-valgrind
    cmake -S "$repo" -B "$build" -DBUILD_TESTING=OFF >/dev/null
  else
    build=$repo/build-asan
    cmake -S "$repo" -B "$build" -DAPPLE_SANITIZE=ON -DBUILD_TESTING=OFF >/dev/null
  fi
  cmake --build "$build" -j "$(nproc)" --target apple >/dev/null
fi
failures=${failures:-$build/fuzz-failures}

work=$(mktemp -d "${TMPDIR:-/tmp}/apple-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
fuzz_setup "$build" "$work"
if [ -z "$valgrind" ] && [ -z "$FUZZ_SANITIZED" ]; then
  echo "fuzz: note: $build's plugin has no sanitizer (configure with -DAPPLE_SANITIZE=ON)" >&2
fi
# (not -G plugins: it runs the extcap helpers, and androiddump hangs with ASan preloaded)
if ! fuzz_tshark -G protocols 2>/dev/null | grep -q -P '\tapple(\t|$)'; then
  echo "fuzz: tshark does not load $build's plugin" >&2
  exit 1
fi

if [ ${#inputs[@]} = 0 ]; then
  shared=${APPLE_SHARED_DIR:-$repo/../shared}
  cc -O2 -o "$work/gen-capture" "$repo/tools/benchmark/gen-capture.c"
  "$work/gen-capture" "$work/generated-flows.pcap" 3000 "$seed" >/dev/null
  for f in "$repo"/samples/*.pcap* "$shared"/captures/*.pcap* "$work/generated-flows.pcap"; do
    [ -f "$f" ] && inputs+=("$f")
  done
  inputs+=(randpkt:tcp randpkt:udp)
fi

echo "fuzz: $count rounds over ${#inputs[@]} inputs, seed $seed, $jobs jobs," \
     "${valgrind:+valgrind}${FUZZ_SANITIZED:+ASan+UBSan}, plugin from $build"
start=$SECONDS
mkdir -p "$work/verdicts"
for ((round = 1; round <= count; round++)); do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  input=${inputs[(round - 1) % ${#inputs[@]}]}
  # Each pass over the inputs takes the next variant (options), so that every
  # input meets all four combinations, whatever the number of inputs.
  variant=$(( ((round - 1) / ${#inputs[@]} + (round - 1) % ${#inputs[@]}) % 4 ))
  ( status=0
    "$here/fuzz/fuzz-one.sh" "$round" "$variant" "$seed" "$input" "$work" "$failures" \
      $valgrind || status=$?
    case $status in
      0) touch "$work/verdicts/$round.pass" ;;
      3) touch "$work/verdicts/$round.wireshark" ;;
      *) touch "$work/verdicts/$round.fail" ;;
    esac ) &
  if [ $((round % 100)) = 0 ]; then
    echo "fuzz: $round rounds started, $((SECONDS - start)) s"
  fi
done
wait

passed=$(find "$work/verdicts" -name '*.pass' | wc -l)
failed=$(find "$work/verdicts" -name '*.fail' | wc -l)
wireshark=$(find "$work/verdicts" -name '*.wireshark' | wc -l)
echo "fuzz: $passed of $count rounds passed, $failed failed, $((SECONDS - start)) s" \
     "(${#inputs[@]} inputs, seed $seed)"
if [ "$wireshark" != 0 ]; then
  echo "fuzz: $wireshark more rounds hit a bug of Wireshark's that the same tshark" \
       "shows without the plugin; kept in $failures/wireshark"
fi
if [ "$failed" != 0 ] || [ $((passed + wireshark)) != "$count" ]; then
  echo "fuzz: failing captures and logs in $failures" >&2
  exit 1
fi
