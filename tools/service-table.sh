#!/bin/bash
# Prints the README's service table (row, ports, transport, apple.service,
# English products) from data/apple-ports.tsv. The test docs-service-table
# checks that README.md holds exactly this between its service-table markers.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

echo '| row | ports | transport | `apple.service` | products (`apple.product`) |'
echo '|---:|---|---|---|---|'
awk -F'\t' '
  /^#/ || $1 == "ports" || NF == 0 { next }
  {
    products = $10
    gsub(/ \[[^]]*\]/, "", products)        # qualifiers are not products
    n = split(products, list, / \| /)
    out = ""; delete seen
    for (i = 1; i <= n; i++)
      if (!(list[i] in seen)) { seen[list[i]] = 1; out = out (out == "" ? "" : ", ") list[i] }
    if (out == "-") out = "(none listed)"
    printf "| %d | %s | %s | `%s` | %s |\n", ++row, $1, $2, $3, out
  }' "$here/data/apple-ports.tsv"
