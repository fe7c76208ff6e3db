#!/bin/bash
# Runs one in-process fuzz target (tests/fuzz/targets/fuzz-NAME.c, built by
# tools/fuzz/build-targets.sh) with libFuzzer for SECONDS, starting from its
# seed corpus tests/fuzz/corpus/NAME/, which it never writes to: the fuzzer
# works on a temporary copy, or on a corpus folder of its own (--corpus DIR,
# the seeds are added to it) that a long run keeps between runs.
#
#   run-target.sh BINARY SECONDS SEED FAILURES [--corpus DIR]
#
# The run fails on a non-zero exit (a crash, an abort, a leak, an input that
# takes over 10 s or 2 GiB: libFuzzer exits 77 or 70, ASan's LeakSanitizer 23),
# on any sanitizer report in the log, and on a run that did not finish. The
# inputs libFuzzer saves then (crash-*, leak-*, timeout-*, oom-*) go to
# FAILURES/NAME/ with the log and, in NAME-INPUT.txt, the command that
# reproduces each of them.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ $# -lt 4 ]; then
  sed -n '/^#   run-target/p' "$0" >&2
  exit 2
fi
binary=$1 seconds=$2 seed=$3 failures=$4 corpus=''
shift 4
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus=$2; shift 2 ;;
    *) sed -n '/^#   run-target/p' "$0" >&2; exit 2 ;;
  esac
done
# absolute, for libFuzzer runs in a folder of its own
binary=$(realpath -m "$binary") failures=$(realpath -m "$failures")
[ -n "$corpus" ] && corpus=$(realpath -m "$corpus")
program=$(basename "$binary")          # fuzz-NAME
name=${program#fuzz-}
seeds=$repo/tests/fuzz/corpus/$name
dict=$repo/tests/fuzz/targets/$program.dict

if [ ! -x "$binary" ]; then
  echo "fuzz-target $name: $binary was not built" >&2
  log=$(dirname "$binary")/logs/$program.log     # build-targets.sh's, if it failed
  [ -f "$log" ] && tail -n 40 "$log" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/apple-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -z "$corpus" ]; then
  corpus=$work/corpus
fi
mkdir -p "$corpus" "$work/artifacts"
if [ -d "$seeds" ]; then
  find "$seeds" -maxdepth 1 -type f -exec cp -f {} "$corpus/" \;
else
  echo "fuzz-target $name: note: no seed corpus in $seeds, starting from nothing" >&2
fi
chmod -R u+w "$corpus"                 # a copy of read-only seeds may be reduced

options=(-max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048
         -error_exitcode=77 -print_final_stats=1 -artifact_prefix="$work/artifacts/")
[ -f "$dict" ] && options+=(-dict="$dict")
# The user's own options come last, so they win.
asan_options=detect_leaks=1:abort_on_error=0:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}
ubsan_options=print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}
environment=(ASAN_OPTIONS="$asan_options" UBSAN_OPTIONS="$ubsan_options"
             G_SLICE=always-malloc G_DEBUG=gc-friendly)

log=$work/$name.log
status=0
# libFuzzer stops itself after SECONDS; the timeout is for a hung process.
(cd "$work" && exec timeout -k 10 $((seconds + 120)) env "${environment[@]}" \
   "$binary" "${options[@]}" "$corpus" > "$log" 2>&1) || status=$?

reports=$(grep -E -e 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)' \
                  -e 'runtime error:|^SUMMARY: ' -e '==[0-9]+==.*(deadly signal|ERROR)' \
                  "$log" || true)
done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)
reason=
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
  reason="hung: still running after $((seconds + 120)) s"
elif [ "$status" != 0 ]; then
  reason="exit status $status"
elif [ -n "$reports" ]; then
  reason="a sanitizer report"
elif [ -z "$done_line" ]; then
  reason="libFuzzer did not finish its run"
fi
stat() {   # stat NAME: one of libFuzzer's final statistics
  sed -nE "s/^stat::$1: *([0-9]+)/\1/p" "$log" | tail -n 1
}

if [ -z "$reason" ]; then
  coverage=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
  echo "fuzz-target $name: passed: ${done_line#Done }, $(stat average_exec_per_sec) exec/s," \
       "${coverage:+$coverage, }$(find "$corpus" -type f | wc -l) inputs in the corpus," \
       "peak RSS $(stat peak_rss_mb) MB (seed $seed)"
  exit 0
fi

keep=$failures/$name
mkdir -p "$keep"
stamp=$(date +%Y%m%d-%H%M%S)
cp "$log" "$keep/$name-$stamp-seed$seed.log"
echo "FAIL fuzz-target $name: $reason; log in $keep/$name-$stamp-seed$seed.log"
found=0
for input in "$work"/artifacts/*; do
  [ -f "$input" ] || continue
  found=$((found + 1))
  base=$(basename "$input")
  cp "$input" "$keep/"
  {
    echo "# $name: $reason (libFuzzer -seed=$seed, $stamp)"
    echo "# reproduce (runs the one input and prints the report):"
    printf '%q ' "${environment[@]}" "$binary" "$keep/$base"
    echo
  } > "$keep/$name-$base.txt"
  echo "  input $keep/$base; to reproduce: $(tail -n 1 "$keep/$name-$base.txt")"
done
[ "$found" = 0 ] && echo "  libFuzzer saved no input"
# the report itself, for ctest --output-on-failure
first=$(grep -n -m 1 -E -e 'ERROR: |runtime error:|deadly signal|fuzz-[a-z0-9-]+: ' "$log" \
        | cut -d: -f1 || true)
sed -n "${first:-1},+60p" "$log"
exit 1
