# shellcheck shell=bash
# common.sh: sourced by tools/fuzz.sh and tools/fuzz/fuzz-one.sh.
# Runs the real tshark with one build's plugin from a throw-away HOME, as
# the unprivileged user 65534 when run as root (tshark ignores personal
# plugins as root), with a sanitized plugin's runtime preloaded.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck source=SCRIPTDIR/../lib/plugin-home.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/plugin-home.sh"

# fuzz_setup BUILD_DIR WORK_DIR: puts BUILD_DIR's plugin in WORK_DIR/home and
# exports what fuzz_tshark needs.
fuzz_setup() {
  local build=$1 work=$2 plugin runtime
  plugin=$(plugin_built "$build") || return 2
  chmod 755 "$work"
  plugin_home_make "$work/home" --plugin "$plugin"

  # An ASan plugin names its runtime; it must be loaded before everything else.
  runtime=$(ldd "$plugin" | awk '$1 ~ /^lib(asan|clang_rt\.asan)/ { print $3 }')
  FUZZ_PRELOAD=${runtime:+LD_PRELOAD=$runtime}
  FUZZ_SANITIZED=${runtime:+yes}
  FUZZ_HOME=$work/home
  # the same set-up without the plugin, to tell Wireshark's own bugs apart
  FUZZ_HOME_WITHOUT=$work/home-without-plugin
  plugin_home_make "$FUZZ_HOME_WITHOUT"
  export FUZZ_PRELOAD FUZZ_SANITIZED FUZZ_HOME FUZZ_HOME_WITHOUT
}

fuzz_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# fuzz_tshark [--valgrind] TSHARK-ARGS...: tshark with the plugin, in
# Wireshark's fuzzing environment; stops a run after 300 s of CPU or 600 s.
fuzz_tshark() {
  fuzz_program tshark "$@"
}

# fuzz_program PROGRAM [--valgrind] ARGS...: the same for another Wireshark
# program (sharkd).
fuzz_program() {
  local program=$1 tool=() slice=debug-blocks
  shift
  if [ "${1:-}" = --valgrind ]; then
    shift
    tool=(valgrind --quiet --error-exitcode=99 --leak-check=no
          "--suppressions=$fuzz_dir/valgrind.supp")
  fi
  [ -n "$FUZZ_SANITIZED" ] && slice=always-malloc
  # shellcheck disable=SC2086  # FUZZ_PRELOAD is empty or one word
  (ulimit -t 300 -s 8192
   exec timeout -k 10 600 "${plugin_home_user[@]}" env HOME="$FUZZ_HOME" XDG_CONFIG_HOME="$FUZZ_HOME/.config" \
     WIRESHARK_DEBUG_WMEM_OVERRIDE=strict WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 \
     G_SLICE=$slice ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $FUZZ_PRELOAD \
     "${tool[@]}" "$program" "$@")
}

# fuzz_report_lines LOG: the lines of a tshark log that report a bug.
fuzz_report_lines() {
  grep -E -e 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|==[0-9]+== [A-Z]' \
          -e 'DISSECTOR_ASSERT|Dissector bug|\*\* \(tshark:[0-9]+\): (ERROR|CRITICAL)' \
          "$1" || true
}
