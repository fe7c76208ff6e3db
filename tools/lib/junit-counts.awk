# junit-counts.awk: "PASSED FAILED TOTAL" over CTest JUnit reports
# (--output-junit); a skipped test counts as failed. CMake writes the
# <testsuite> tag's attributes on lines of their own, so the tag is read up
# to its closing '>' before its attributes are.
#
#   awk -f tools/lib/junit-counts.awk REPORT.xml...
#
# SPDX-License-Identifier: GPL-2.0-or-later

function attribute(tag, name,    value) {
  if (!match(tag, "[ \t]" name "=\"[0-9]+\""))
    return 0
  value = substr(tag, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
  return value + 0
}

/<testsuite([ \t]|$)/ { tag = ""; in_tag = 1 }
in_tag {
  tag = tag " " $0
  if (index($0, ">")) {
    in_tag = 0
    total += attribute(tag, "tests")
    failed += attribute(tag, "failures") + attribute(tag, "skipped")
  }
}
END { printf "%d %d %d\n", total - failed, failed, total }
