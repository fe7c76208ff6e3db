#!/bin/bash
# README.md lists every service of data/apple-ports.tsv: the text between its
# service-table markers is exactly what tools/service-table.sh prints.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

diff -u <("$here/tools/service-table.sh") \
        <(sed -n '/^<!-- service-table/,/^<!-- \/service-table/p' "$here/README.md" | sed '1d;$d') &&
  echo "ok: README lists all $(grep -c . <("$here/tools/service-table.sh" | tail -n +3)) rows"
