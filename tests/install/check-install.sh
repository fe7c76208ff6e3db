#!/bin/bash
# Install and packaging checks (ctest "install-*"), one per mode:
#
#   check-install.sh destdir   BUILD PREFIX RELDIR     DESTDIR=... cmake --install
#   check-install.sh prefix    BUILD RELDIR            --prefix HOME/.local, then
#                                                      tshark loads it from there
#   check-install.sh global    SOURCE GLOBALDIR        -DAPPLE_INSTALL_GLOBAL=ON build
#   check-install.sh package   BUILD ARCHIVE           package-plugin target
#   check-install.sh contents  ARCHIVE PLUGIN SOURCE   what the archive holds, and
#                                                      that its README names only that
#   check-install.sh refuse    ARCHIVE                 install.sh vs a fake 9.9.1
#   check-install.sh accept    ARCHIVE                 install.sh vs a fake X.Y.Z:
#                                                      plugin and profile; --no-profile
#   check-install.sh accept-global ARCHIVE             ... --global: no profile
#   check-install.sh real      ARCHIVE SAMPLE          an unprivileged user unpacks and
#                                                      runs install.sh in a fresh HOME;
#                                                      tshark as that user loads the
#                                                      plugin and "-C Apple" works
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
  chmod 755 "$work/pkg"
  tar -C "$work/pkg" -xzf "$1" --no-same-owner
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
  members=(apple.so install.sh README.md LICENSE tools/install-profile.sh)
  for f in $(cd "$src/profiles/Apple" && find . -type f | sed 's,^\./,,' | sort); do
    members+=("profiles/Apple/$f")
  done
  printf "$top/%s\n" "${members[@]}" | sort > "$work/want"
  diff "$work/want" "$work/list" > /dev/null || {
    diff "$work/want" "$work/list" || true
    fail "the archive does not hold exactly ${members[*]} (< wanted, > in the archive)"; }
  dir=$(extract "$archive")
  [ "$(basename "$dir")" = "$top" ] || fail "top folder $(basename "$dir"), expected $top"
  [ -x "$dir/install.sh" ] || fail "install.sh is not executable"
  [ -x "$dir/tools/install-profile.sh" ] || fail "tools/install-profile.sh is not executable"
  cmp -s "$dir/apple.so" "$plugin" || fail "the archive's apple.so differs from $plugin"
  cmp -s "$dir/tools/install-profile.sh" "$src/tools/install-profile.sh" ||
    fail "the archive's tools/install-profile.sh differs from the source tree's"
  diff -r "$dir/profiles/Apple" "$src/profiles/Apple" > /dev/null ||
    fail "the archive's profiles/Apple differs from the source tree's"
  grep -q "Wireshark $xy" "$dir/README.md" || fail "README.md does not name Wireshark $xy"
  if grep -n '@[A-Z_]*@' "$dir/README.md" "$dir/install.sh"; then
    fail "a template variable was left unfilled (above)"
  fi
  # Every relative path README.md names (a word with a slash, or a file
  # name with an extension) is in the package; absolute ones (/..., ~/...)
  # and addresses (https://...) are the user's or the web's.
  grep -o '[~./A-Za-z0-9_<>-]*[A-Za-z0-9_>-]/[A-Za-z0-9_./<>-]*\|[A-Za-z0-9_-]*\.\(so\|sh\|md\|txt\|tsv\|py\|pcap\|pcapng\|lua\)\b' \
      "$dir/README.md" | grep -v '^[/~]' | grep -v '://' | sed 's,^\./,,; s,[.]*$,,; s,/$,,' | sort -u > "$work/named"
  echo "README.md names: $(tr '\n' ' ' < "$work/named")"
  missing=
  while IFS= read -r f; do
    [ -e "$dir/$f" ] || missing="$missing $f"
  done < "$work/named"
  [ -z "$missing" ] || fail "README.md names what the package does not hold:$missing"
  grep -q 'profiles/Apple' "$work/named" && grep -q 'install.sh' "$work/named" ||
    fail "README.md does not say how to install the plugin and the profile"
  echo "ok: $top.tar.gz holds ${members[*]}; README.md names only those"
  ;;

refuse)
  dir=$(extract "$1")
  fake_tshark 9.9.1
  mkdir -p "$work/home"
  set +e
  env -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME PATH="$work/bin:$PATH" HOME="$work/home" \
      "$dir/install.sh" > "$work/out" 2>&1
  status=$?
  set -e
  cat "$work/out"
  [ $status != 0 ] || fail "install.sh accepted Wireshark 9.9.1 for a $xy plugin"
  grep -q "9\.9" "$work/out" && grep -q "$xy" "$work/out" ||
    fail "install.sh's message does not name both versions (9.9 and $xy)"
  [ -z "$(find "$work/home" -mindepth 1)" ] || fail "install.sh installed despite refusing: $(find "$work/home" -mindepth 1 | head -n 3)"
  echo "ok: refused with a message, installed nothing"
  ;;

accept|accept-global)
  dir=$(extract "$1")
  args=()
  profile_dir=$work/home/.config/wireshark/profiles/Apple
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
  env -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME PATH="$work/bin:$PATH" HOME="$work/home" \
      "$dir/install.sh" "${args[@]}" || fail "install.sh refused Wireshark $xy.3"
  [ -f "$want" ] || fail "no $want"
  cmp -s "$want" "$dir/apple.so" || fail "$want differs from the package's apple.so"
  if [ "$mode" = accept-global ]; then
    [ ! -e "$work/home/.config" ] || fail "install.sh --global installed a profile for the one who ran it"
    echo "ok: installed $want, and no profile"
    exit 0
  fi
  diff -r "$dir/profiles/Apple" "$profile_dir" > /dev/null ||
    fail "install.sh did not install the package's profile in $profile_dir"
  # --no-profile: the plugin alone
  rm -rf "${work:?}/home"; mkdir -p "$work/home"
  env -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME PATH="$work/bin:$PATH" HOME="$work/home" \
      "$dir/install.sh" --no-profile > /dev/null || fail "install.sh --no-profile failed"
  [ -f "$want" ] && [ ! -e "$work/home/.config" ] ||
    fail "install.sh --no-profile did not install the plugin alone"
  echo "ok: installed $want and $profile_dir; --no-profile installs the plugin alone"
  ;;

real)
  archive=$1 sample=$2
  dir=$(extract "$archive")
  # A fresh, empty HOME that belongs to the user who installs: 65534 when we
  # are root (root's Wireshark ignores personal plugins), else ourselves.
  home=$work/home
  plugin_home_empty "$home"
  user=$plugin_home_uid
  "${plugin_home_user[@]}" env -i PATH="$PATH" HOME="$home" "$dir/install.sh" > "$work/out" 2>&1 ||
    { cat "$work/out"; fail "install.sh as user $user in a fresh HOME failed"; }
  cat "$work/out"
  (cd "$home" && find . -type f | sort) > "$work/installed"
  { echo "./.local/lib/wireshark/plugins/$xy/epan/apple.so"
    (cd "$dir/profiles/Apple" && find . -type f | sed 's,^\.,./.config/wireshark/profiles/Apple,'); } |
    sort > "$work/want"
  diff "$work/want" "$work/installed" > /dev/null || {
    diff "$work/want" "$work/installed" || true
    fail "install.sh did not install exactly the plugin and the profile (< wanted, > installed)"; }
  # tshark as that user, with nothing but that HOME
  as_user() { "${plugin_home_user[@]}" env -i PATH="$PATH" HOME="$home" tshark "$@"; }
  listed=$(as_user -G plugins 2>/dev/null | awk -F'\t' '$1 ~ /^apple\.so *$/')
  echo "$listed"
  case "$listed" in
    *"$home/.local/lib/wireshark/plugins/"*/epan/apple.so*) ;;
    *) fail "tshark as user $user with HOME=$home does not load the plugin install.sh installed" ;;
  esac
  capture=$sample
  if ! plugin_home_readable "$capture"; then
    cp "$sample" "$work/sample.pcap"; chmod 644 "$work/sample.pcap"; capture=$work/sample.pcap
  fi
  as_user -C Apple -r "$capture" -Y 'apple.evidence == "tls-sni"' -T tabs \
      > "$work/tabs" 2> "$work/err" || { cat "$work/err"; fail "tshark -C Apple failed"; }
  [ ! -s "$work/err" ] || { cat "$work/err"; fail "tshark -C Apple wrote to stderr"; }
  head -n 2 "$work/tabs"
  # the profile's "Verified by" column (apple.evidence) holds tls-sni
  awk -F'\t' '{ for (i = 1; i <= NF; i++) if ($i ~ /(^|,)tls-sni(,|$)/) found = 1 }
               END { exit !found }' "$work/tabs" ||
    fail "tshark -C Apple does not show the profile's apple.evidence column"
  echo "ok: user $user installed the package into an empty HOME; tshark loads the plugin and -C Apple works"
  ;;

*)
  echo "usage: see the top of $0" >&2
  exit 2
  ;;
esac
