#!/bin/bash
# tools/lib/junit-counts.awk, which gives tools/test.sh and
# tools/version-matrix.sh their "passed failed" lines, over reports as
# CMake writes them (the <testsuite> attributes on lines of their own) and
# on one line, with failures and skipped tests, one report and several.
#
#   check-junit-counts.sh JUNIT-COUNTS.AWK
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
counts=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<testsuite name="Linux-cc"' \
  '	tests="223"' '	failures="2"' '	disabled="0"' '	skipped="1"' '	hostname="vm"' '	>' \
  '	<testcase name="a" status="run"/>' '</testsuite>' > "$work/cmake.xml"
printf '%s\n' '<testsuite name="x" tests="5" failures="0">' '<testcase name="b"/>' \
  '</testsuite>' > "$work/one-line.xml"

status=0
check() {   # WHAT EXPECTED FILE...
  local what=$1 expected=$2 actual
  shift 2
  actual=$(awk -f "$counts" "$@")
  if [ "$actual" = "$expected" ]; then
    echo "ok: $what: $actual"
  else
    echo "FAIL: $what: expected '$expected', got '$actual'"
    status=1
  fi
}
check "CMake's layout" "220 3 223" "$work/cmake.xml"
check "one line" "5 0 5" "$work/one-line.xml"
check "two reports" "225 3 228" "$work/cmake.xml" "$work/one-line.xml"
exit $status
