#!/bin/bash
# Installs the Wireshark configuration profile "Apple" (profiles/Apple next to
# this script's folder: columns for the Apple service, what verified it, the
# Apple host and its service, with their widths; coloring rules; display
# filter buttons) into your personal profiles folder. Nothing else is touched:
# not the Default profile, not other profiles.
#
#   tools/install-profile.sh [--force] [--config-dir DIR]
#
# The personal configuration folder is found the way Wireshark finds it on
# Linux and other Unix systems:
#   $WIRESHARK_CONFIG_DIR if set; else $XDG_CONFIG_HOME/wireshark (by default
#   ~/.config/wireshark) if that folder exists; else ~/.wireshark if that
#   exists; else $XDG_CONFIG_HOME/wireshark, created.
# --config-dir DIR uses DIR instead (macOS: ~/.config/wireshark as well;
# Windows: %APPDATA%\Wireshark).
#
# An Apple profile that is already there is left alone unless its files are
# the same as the shipped ones (then there is nothing to do). --force moves
# it aside to "Apple.bak-<date>" (a profile of its own, so nothing is lost)
# and installs a fresh copy. "recent" (the column widths, which Wireshark
# rewrites as you resize columns) and files Wireshark adds to a profile while
# you use it do not count as differences; a missing "recent" is added.
#
# Then: Edit > Configuration Profiles (or click "Profile" in the status bar)
# and choose "Apple", or start "wireshark -C Apple" / "tshark -C Apple".
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source_dir=$here/profiles/Apple
profile=Apple
force=0
config_dir=

usage() { sed -n '2,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "$0"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1; shift ;;
    --config-dir) [ $# -ge 2 ] || { echo "$0: --config-dir needs a folder" >&2; exit 2; }
                  config_dir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$0: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

if [ ! -f "$source_dir/preferences" ]; then
  echo "$0: no profile at $source_dir" >&2
  exit 1
fi

# The personal configuration folder, as wsutil/filesystem.c chooses it.
if [ -z "$config_dir" ]; then
  if [ -n "${WIRESHARK_CONFIG_DIR:-}" ]; then
    config_dir=$WIRESHARK_CONFIG_DIR
  else
    home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
    xdg=${XDG_CONFIG_HOME:-}
    case $xdg in /*) ;; *) xdg=$home/.config ;; esac   # GLib ignores a relative one
    if [ -d "$xdg/wireshark" ]; then
      config_dir=$xdg/wireshark
    elif [ -d "$home/.wireshark" ]; then
      config_dir=$home/.wireshark
    else
      config_dir=$xdg/wireshark
    fi
  fi
fi

target=$config_dir/profiles/$profile
# The shipped files Wireshark leaves alone; "recent" it rewrites.
compared=$(cd "$source_dir" && find . -type f ! -name recent | sort)

same_as_shipped() {
  local f
  for f in $compared; do
    cmp -s "$source_dir/$f" "$target/$f" || return 1
  done
}

if [ -e "$target" ]; then
  if [ -d "$target" ] && same_as_shipped; then
    if [ -f "$source_dir/recent" ] && [ ! -e "$target/recent" ]; then
      cp "$source_dir/recent" "$target/recent"
      echo "The $profile profile in $target is up to date; added its column widths (recent)."
    else
      echo "The $profile profile in $target is already up to date."
    fi
    exit 0
  fi
  if [ $force = 0 ]; then
    echo "$0: $target already exists and differs from $source_dir." >&2
    echo "Not overwriting it; run again with --force to move it aside (to $profile.bak-<date>)" >&2
    echo "and install a fresh copy." >&2
    exit 1
  fi
  backup=$target.bak-$(date +%Y%m%d-%H%M%S)
  mv "$target" "$backup"
  echo "Moved the existing profile to $backup"
fi

mkdir -p "$config_dir/profiles"
tmp=$(mktemp -d "$config_dir/profiles/.$profile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -R "$source_dir/." "$tmp/"
chmod 755 "$tmp"
mv "$tmp" "$target"
trap - EXIT
echo "Installed the $profile profile in $target"
echo "Choose it in Wireshark's status bar (Profile: $profile), or run \"wireshark -C $profile\"."
