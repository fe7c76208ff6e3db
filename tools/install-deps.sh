#!/bin/bash
# Installs the Debian packages the build, the tests and the demo need, if any
# is missing. Uses sudo when not run as root.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

packages=(
  tshark                 # the Wireshark the plugin is loaded into
  wireshark-dev          # WiresharkConfig.cmake
  libwireshark-dev libwiretap-dev libglib2.0-dev
  libcmocka-dev          # unit tests
  cmake make gcc libc6-dev pkg-config
  python3 python3-scapy  # the sample-capture maker (samples/)
  util-linux             # setpriv: tshark as an unprivileged user in tests
  valgrind               # one fuzz test runs tshark under it (tests/fuzz)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=
if [ "$(id -u)" != 0 ]; then
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
