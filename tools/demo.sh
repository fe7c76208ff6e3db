#!/bin/bash
# The main job: installs what is missing, builds the plugin, and reports the
# flows the plugin labels in a capture (tools/flow-report.py): one aligned
# line per flow (transport, client, server, service, products, packets,
# bytes), then the flows, packets and bytes by service.
#
#   tools/demo.sh [CAPTURE [REPORT-OPTION...]]
#
# CAPTURE defaults to samples/apple-flows.pcap. REPORT-OPTIONs go to
# tools/flow-report.py, e.g. -o apple.language:da for Danish products, or
# --width 200. The build is build/, or $APPLE_BUILD_DIR.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
capture=${1:-$here/samples/apple-flows.pcap}
shift $(( $# > 0 ? 1 : 0 ))

"$here/tools/install-deps.sh"
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
echo "Building..."
if ! "$here/tools/build.sh" > "$build_log" 2>&1; then
  cat "$build_log"
  exit 1
fi

echo
exec "$here/tools/flow-report.py" "$capture" "$@"
