#!/bin/bash
# Installs what the build, the tests and the demo need, if anything is
# missing.
#  - Debian and Ubuntu (and their derivatives, wherever apt and dpkg are):
#    installs the missing packages with apt, with sudo when not run as root.
#  - Anywhere else: checks what is present and names what is missing, with
#    its package for Fedora (dnf) and Homebrew, then exits 1. It installs
#    nothing there.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

# One requirement a line:  Debian package | check | Fedora package | Homebrew formula | what for
# check: cmd:NAME (a program on PATH), pc:NAME (a pkg-config module),
# py:NAME (a Python 3 module), or - (none that works outside Debian).
requirements='
tshark            | cmd:tshark      | wireshark-cli       | wireshark  | the Wireshark the plugin is loaded into
wireshark-dev     | pc:wireshark    | wireshark-devel     | wireshark  | WiresharkConfig.cmake, the plugin headers
libwireshark-dev  | -               | wireshark-devel     | wireshark  | libwireshark
libwiretap-dev    | -               | wireshark-devel     | wireshark  | libwiretap
libglib2.0-dev    | pc:glib-2.0     | glib2-devel         | glib       | GLib
libgcrypt20-dev   | pc:libgcrypt    | libgcrypt-devel     | libgcrypt  | the core decrypts QUIC Initials
libcmocka-dev     | pc:cmocka       | libcmocka-devel     | cmocka     | the unit tests
cmake             | cmd:cmake       | cmake               | cmake      | the build
make              | cmd:make        | make                | make       | the build
gcc               | cmd:gcc         | gcc                 | gcc        | the build
libc6-dev         | -               | glibc-devel         | -          | the build
pkg-config        | cmd:pkg-config  | pkgconf-pkg-config  | pkgconf    | the build
python3           | cmd:python3     | python3             | python     | the sample maker and some tests
python3-scapy     | py:scapy        | python3-scapy       | -          | the sample maker (samples/)
python3-cryptography | py:cryptography | python3-cryptography | -    | the sample maker (QUIC Initials)
util-linux        | cmd:setpriv     | util-linux          | -          | tshark as an unprivileged user in tests
valgrind          | cmd:valgrind    | valgrind            | -          | a fuzz test runs tshark under it
clang             | cmd:clang       | clang               | llvm       | the in-process fuzz targets
libclang-rt-dev   | -               | compiler-rt         | llvm       | libFuzzer, ASan and UBSan (clang only recommends them)
llvm              | cmd:llvm-symbolizer | llvm            | llvm       | sanitizer reports with file and line
libndpi-bin       | cmd:ndpiReader  | ndpi                | ndpi       | the peer comparison with nDPI (tests/peer)
perl              | cmd:perl        | perl                | perl       | checkAPIs.pl of Wireshark (tests/api: perl-base lacks Encode)
'

field() { awk -F'|' -v n="$2" '{ gsub(/^ +| +$/, "", $n); print $n }' <<< "$1"; }

if command -v apt-get > /dev/null && command -v dpkg-query > /dev/null; then
  missing=()
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    p=$(field "$line" 1)
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done <<< "$requirements"
  [ ${#missing[@]} -eq 0 ] && exit 0

  echo "Installing: ${missing[*]}"
  sudo=
  if [ "$(id -u)" != 0 ]; then
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi

# Not Debian: check, and name what is missing.
present() {
  case "$1" in
    cmd:*) command -v "${1#cmd:}" > /dev/null ;;
    pc:*)  command -v pkg-config > /dev/null && pkg-config --exists "${1#pc:}" ;;
    py:*)  command -v python3 > /dev/null && python3 -c "import ${1#py:}" 2> /dev/null ;;
    *)     return 0 ;;
  esac
}
missing=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  check=$(field "$line" 2)
  present "$check" && continue
  missing=1
  printf 'missing: %-22s (%s): Fedora: %s, Homebrew: %s\n' "${check#*:}" "$(field "$line" 5)" \
    "$(field "$line" 3)" "$(field "$line" 4)"
done <<< "$requirements"
if [ $missing = 1 ]; then
  echo "This is not a Debian or Ubuntu system: install the above with its package manager" \
       "(dnf install ..., brew install ...), then run this again." >&2
  exit 1
fi
