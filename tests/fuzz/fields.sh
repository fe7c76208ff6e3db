# shellcheck shell=bash
# fields.sh: sourced by the tests in tests/fuzz/. They run the real tshark
# the way tools/fuzz.sh does (tools/fuzz/common.sh), so a sanitized plugin
# (-DAPPLE_SANITIZE=ON) works too.
#
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck source=SCRIPTDIR/../../tools/fuzz/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/fuzz/common.sh"

# apple_fields_setup BUILD WORK: a HOME with BUILD's plugin in WORK, which
# must be readable by everyone (tshark may run as the user 65534).
apple_fields_setup() {
  chmod a+rx "$2"
  fuzz_setup "$1" "$2"
}

# The apple.* fields compared, in the order they are printed (after
# frame.number): tests/apple-fields.txt; tests/fuzz/sharkd-fields.py is given
# the same list.
mapfile -t apple_field_names < <(grep -v -e '^#' -e '^$' "$(dirname "${BASH_SOURCE[0]}")/../apple-fields.txt")

# apple_fields CAPTURE STDERR [TSHARK ARGS...]: every frame's number and
# apple.* fields (then any -e FIELD of ARGS), tab-separated, several values
# joined by '|'. tshark's messages go to STDERR; returns its exit status.
apple_fields() {
  local capture=$1 stderr=$2 args=(-e frame.number) f
  shift 2
  for f in "${apple_field_names[@]}"; do
    args+=(-e "$f")
  done
  fuzz_tshark -r "$capture" -T fields -E separator=/t -E occurrence=a -E aggregator='|' \
    "${args[@]}" "$@" 2> "$stderr"
}

# status_is_signal STATUS: true if a shell exit status means killed by a signal.
status_is_signal() {
  [ "$1" -gt 128 ]
}
