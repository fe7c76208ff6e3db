#!/bin/bash
# The main job: installs what is missing, builds the plugin, and runs tshark
# with it over a bundled sample capture, printing one line per labelled flow:
# transport, client -> server, the Apple service(s) and products.
#
#   tools/demo.sh [CAPTURE]      (default: samples/apple-flows.pcap)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
capture=${1:-$here/samples/apple-flows.pcap}

"$here/tools/install-deps.sh"
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
echo "Building..."
if ! "$here/tools/build.sh" > "$build_log" 2>&1; then
  cat "$build_log"
  exit 1
fi

echo
echo "Labelled flows in $capture:"
"$here/tools/tshark-with-plugin" "$capture" -Y apple -T fields -E separator='|' \
    -e tcp.stream -e udp.stream -e ip.src -e ipv6.src -e tcp.srcport -e udp.srcport \
    -e ip.dst -e ipv6.dst -e tcp.dstport -e udp.dstport \
    -e apple.port -e apple.service -e apple.product |
awk -F'|' '
  {
    proto = ($1 != "") ? "tcp" : "udp"
    flow  = proto "/" $1 $2
    if (flow in seen) next
    seen[flow] = 1
    src = $3 $4; sport = $5 $6; dst = $7 $8; dport = $9 $10
    if (sport == $11) { t = src; src = dst; dst = t; t = sport; sport = dport; dport = t }
    gsub(/,/, ", ", $12); gsub(/,/, ", ", $13)
    printf "%-4s %-44s %-16s %s\n", toupper(proto), src ":" sport " -> " dst ":" dport, $12, $13
  }'
