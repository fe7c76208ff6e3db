#!/bin/bash
# Install and packaging checks (ctest "install-*"), one per mode:
#
#   check-install.sh destdir   BUILD PREFIX RELDIR     DESTDIR=... cmake --install
#   check-install.sh prefix    BUILD RELDIR            --prefix HOME/.local, then
#                                                      tshark loads it from there
#   check-install.sh global    SOURCE GLOBALDIR        -DAPPLE_INSTALL_GLOBAL=ON build
#   check-install.sh package   BUILD ARCHIVE           package-plugin target
#   check-install.sh contents  ARCHIVE PLUGIN SOURCE   what the archive holds
#   check-install.sh refuse    ARCHIVE                 install.sh vs a fake 9.9.1
#   check-install.sh accept    ARCHIVE                 install.sh vs a fake X.Y.Z
#   check-install.sh accept-global ARCHIVE             ... --global
#   check-install.sh real      ARCHIVE                 install.sh vs the real tshark
#
# X.Y always comes from the real "tshark --version", never from the build.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

mode=$1; shift
work=$(mktemp -d "${TMPDIR:-/tmp}/apple-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

fail() { echo "FAIL: $*"; exit 1; }
ws_version() {   # major.minor of the Wireshark a user would run
  tshark --version 2>/dev/null | head -n 1 |
    awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+/) {
             split($i, v, "."); print v[1] "." v[2]; exit } }'
}
xy=$(ws_version)
[ -n "$xy" ] || fail "cannot read the version of the installed tshark"

# shellcheck source=SCRIPTDIR/../../tools/lib/plugin-home.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib/plugin-home.sh"

# tshark as a normal user (root ignores personal plugin folders), HOME=$1,
# which an install has filled.
tshark_as_user() {   # HOME ARGS...
  local home=$1; shift
  chmod -R u+rwX,go+rX,go-w "$home"
  plugin_home_run "$home" tshark "$@"
}

# The one apple.so under DIR, or a failure.
only_plugin_under() {   # DIR
  local found
  found=$(find "$1" -name apple.so -type f)
  [ -n "$found" ] || fail "no apple.so under $1"
  [ "$(printf '%s\n' "$found" | wc -l)" = 1 ] || fail "more than one apple.so: $found"
  printf '%s\n' "$found"
}

extract() {   # ARCHIVE -> prints the package folder
  mkdir -p "$work/pkg"
  tar -C "$work/pkg" -xzf "$1"
  local top
  top=$(ls "$work/pkg")
  [ "$(echo "$top" | wc -l)" = 1 ] || fail "the archive has more than one top folder: $top"
  echo "$work/pkg/$top"
}

fake_tshark() {   # VERSION [GLOBAL_PLUGINS_DIR]
  mkdir -p "$work/bin"
  cat > "$work/bin/tshark" <<FAKE
#!/bin/sh
case "\$*" in
  *"-G folders"*) [ -z "${2:-}" ] || printf 'Global Plugins:      \t%s\n' "${2:-}" ;;
  *) echo "TShark (Wireshark) $1 (Git v$1 packaged as fake)" ;;
esac
FAKE
  chmod 755 "$work/bin/tshark"
}

case "$mode" in
destdir)
  build=$1 prefix=$2 reldir=$3
  DESTDIR="$work/stage" cmake --install "$build" > "$work/log" 2>&1 ||
    { cat "$work/log"; fail "cmake --install with DESTDIR failed"; }
  cat "$work/log"
  got=$(only_plugin_under "$work/stage")
  want="$work/stage$prefix/$reldir/apple.so"
  [ "$got" = "$want" ] || fail "installed as $got, expected $want"
  case "$reldir" in
    */"$xy"/epan|*/"${xy/./-}"/epan) ;;
    *) fail "$reldir is not the folder of the installed Wireshark $xy" ;;
  esac
  grep -q "installed in $work/stage$prefix/$reldir" "$work/log" ||
    fail "cmake --install does not say where the plugin went"
  cmp -s "$got" "$(ls "$build"/plugins/*/epan/apple.so)" || fail "installed file differs from the build"
  echo "ok: $got"
  ;;

prefix)
  build=$1 reldir=$2
  home=$work/home
  mkdir -p "$home"
  cmake --install "$build" --prefix "$home/.local" > "$work/log" 2>&1 ||
    { cat "$work/log"; fail "cmake --install --prefix failed"; }
  want="$home/.local/$reldir/apple.so"
  [ -f "$want" ] || fail "no $want"
  # The real test: tshark finds it there, as the user whose HOME that is.
  listed=$(tshark_as_user "$home" -G plugins 2>/dev/null | awk -F'\t' '$1 ~ /^apple\.so *$/')
  echo "$listed"
  case "$listed" in
    *"$home/.local/lib/wireshark/plugins/"*/epan/apple.so*) ;;
    *) fail "tshark with HOME=$home does not load $want" ;;
  esac
  echo "ok: tshark loads $want"
  ;;

global)
  src=$1 globaldir=$2
  # Wireshark's own idea of its global folder must be the one we install to.
  ws_global=$(tshark -G folders 2>/dev/null | awk -F'\t' '$1 ~ /^Global Plugins:/ { print $2 }')
  [ "$ws_global" = "$globaldir" ] ||
    fail "Wireshark_PLUGIN_INSTALL_DIR $globaldir is not tshark's global folder '$ws_global'"
  cmake -S "$src" -B "$work/build" -DAPPLE_INSTALL_GLOBAL=ON -DBUILD_TESTING=OFF \
      > "$work/log" 2>&1 || { cat "$work/log"; fail "configure with APPLE_INSTALL_GLOBAL=ON failed"; }
  cmake --build "$work/build" --target apple -j "$(nproc)" >> "$work/log" 2>&1 ||
    { cat "$work/log"; fail "build failed"; }
  DESTDIR="$work/stage" cmake --install "$work/build" > "$work/install.log" 2>&1 ||
    { cat "$work/install.log"; fail "cmake --install failed"; }
  cat "$work/install.log"
  got=$(only_plugin_under "$work/stage")
  [ "$got" = "$work/stage$globaldir/epan/apple.so" ] ||
    fail "installed as $got, expected $work/stage$globaldir/epan/apple.so"
  echo "ok: $got"
  ;;

package)
  build=$1 archive=$2
  rm -f "$archive"
  cmake --build "$build" --target package-plugin || fail "the package-plugin target failed"
  [ -f "$archive" ] || fail "no $archive"
  case "$(basename "$archive")" in
    apple-services-*-wireshark-"$xy"-"$(uname -m)".tar.gz) ;;
    *) fail "$(basename "$archive") does not name Wireshark $xy and $(uname -m)" ;;
  esac
  echo "ok: $archive"
  ;;

contents)
  archive=$1 plugin=$2 src=$3
  top=$(basename "$archive" .tar.gz)
  tar -tzf "$archive" | sed 's,/$,,' | sort > "$work/list"
  cat "$work/list"
  want=(apple.so install.sh README.txt)
  [ ! -f "$src/LICENSE" ] && [ ! -f "$src/COPYING" ] || want+=(LICENSE)
  [ ! -f "$src/README.md" ] || want+=(README.md)
  for f in "${want[@]}"; do
    grep -qx "$top/$f" "$work/list" || fail "$top/$f is missing from the archive"
  done
  extra=$(grep -v -x -e "$top" $(printf -- "-e $top/%s " "${want[@]}") "$work/list" || true)
  [ -z "$extra" ] || fail "unexpected files in the archive: $extra"
  dir=$(extract "$archive")
  [ "$(basename "$dir")" = "$top" ] || fail "top folder $(basename "$dir"), expected $top"
  [ -x "$dir/install.sh" ] || fail "install.sh is not executable"
  cmp -s "$dir/apple.so" "$plugin" || fail "the archive's apple.so differs from $plugin"
  grep -q "Wireshark $xy" "$dir/README.txt" || fail "README.txt does not name Wireshark $xy"
  echo "ok: $top.tar.gz holds ${want[*]}"
  ;;

refuse)
  dir=$(extract "$1")
  fake_tshark 9.9.1
  mkdir -p "$work/home"
  set +e
  PATH="$work/bin:$PATH" HOME="$work/home" "$dir/install.sh" > "$work/out" 2>&1
  status=$?
  set -e
  cat "$work/out"
  [ $status != 0 ] || fail "install.sh accepted Wireshark 9.9.1 for a $xy plugin"
  grep -q "9\.9" "$work/out" && grep -q "$xy" "$work/out" ||
    fail "install.sh's message does not name both versions (9.9 and $xy)"
  [ -z "$(find "$work/home" -name apple.so)" ] || fail "install.sh installed despite refusing"
  echo "ok: refused with a message"
  ;;

accept|accept-global)
  dir=$(extract "$1")
  args=()
  if [ "$mode" = accept-global ]; then
    fake_tshark "$xy.3" "$work/global/plugins/$xy"
    args=(--global)
    want=$work/global/plugins/$xy/epan/apple.so
  else
    fake_tshark "$xy.3"
    want=$work/home/.local/lib/wireshark/plugins/$xy/epan/apple.so
    [ "$(uname -s)" != Darwin ] ||
      want=$work/home/.local/lib/wireshark/plugins/${xy/./-}/epan/apple.so
  fi
  mkdir -p "$work/home"
  PATH="$work/bin:$PATH" HOME="$work/home" "$dir/install.sh" "${args[@]}" ||
    fail "install.sh refused Wireshark $xy.3"
  [ -f "$want" ] || fail "no $want"
  cmp -s "$want" "$dir/apple.so" || fail "$want differs from the package's apple.so"
  echo "ok: installed $want"
  ;;

real)
  dir=$(extract "$1")
  home=$work/home
  mkdir -p "$home"
  HOME="$home" XDG_CONFIG_HOME="$home/.config" "$dir/install.sh" ||
    fail "install.sh refused the installed Wireshark"
  listed=$(tshark_as_user "$home" -G plugins 2>/dev/null | awk -F'\t' '$1 ~ /^apple\.so *$/')
  echo "$listed"
  case "$listed" in
    *"$home/.local/lib/wireshark/plugins/"*/epan/apple.so*) ;;
    *) fail "tshark with HOME=$home does not load the plugin install.sh installed" ;;
  esac
  echo "ok: tshark loads what install.sh installed"
  ;;

*)
  echo "usage: see the top of $0" >&2
  exit 2
  ;;
esac
