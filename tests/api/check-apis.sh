#!/bin/bash
# Runs Wireshark's own API checker, tools/checkAPIs.pl, over the plugin's
# sources (plugin/ and plugin/core/), the way Wireshark checks its
# dissectors: the default groups (prohibited and deprecated APIs, shadowed
# variables, hf and ett definitions...) and the dissector groups (functions
# that exit the program or print to the terminal). Any finding fails,
# warnings too.
#
#   check-apis.sh SOURCE_DIR CACHE_DIR [FALLBACK_CHECKER]
#
# checkAPIs.pl is not installed with Wireshark: it is taken from the Debian
# source package of the tshark installed here (the version the plugin is
# built against), fetched once with apt into CACHE_DIR, and never copied
# into the project. The fetch uses apt lists of its own, made from the
# machine's "deb" sources turned into "deb-src", so the machine's apt
# configuration is not changed. Where that source cannot be had (a mirror
# without source packages, as the version matrix's chroots may have), the
# FALLBACK_CHECKER given is used instead, another version's checkAPIs.pl
# (tools/version-matrix.sh passes the host's), and the report says so.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

source_dir=$1 cache=$2 fallback=${3:-}
version=$(dpkg-query -W -f='${source:Version}' tshark 2>/dev/null || true)
[ -n "$version" ] || { echo "FAIL: tshark is not installed as a Debian package"; exit 1; }
checker=$cache/$version/checkAPIs.pl

fetch() {
  local apt=$cache/apt f
  rm -rf "$apt" && mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d"
  : > "$apt/sources.list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^deb \(.*\)/deb-src \1/p' "$f" >> "$apt/sources.list"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types:.*/Types: deb-src/' "$f" > "$apt/sources.list.d/$(basename "$f")"
  done
  local options=(-o Dir::Etc::SourceList="$apt/sources.list"
                 -o Dir::Etc::SourceParts="$apt/sources.list.d"
                 -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
                 -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)"
                 -o Acquire::Check-Valid-Until=false -qq)
  echo "fetching the source package wireshark=$version for tools/checkAPIs.pl"
  apt-get "${options[@]}" update > "$apt/update.log" 2>&1 || {
    cat "$apt/update.log"; echo "FAIL: apt-get update of the deb-src lists failed"; exit 1; }
  mkdir -p "$cache/download"
  (cd "$cache/download" && apt-get "${options[@]}" source --download-only "wireshark=$version") \
    > "$apt/source.log" 2>&1 || {
    cat "$apt/source.log"
    if [ -n "$fallback" ] && [ -f "$fallback" ]; then
      echo "apt-get source wireshark=$version failed: using $fallback instead"
      checker=$fallback version="$version (checked with $fallback)"
      rm -rf "$cache/download" "$apt"
      return
    fi
    echo "FAIL: apt-get source wireshark=$version failed"; exit 1; }
  local tarball
  tarball=$(ls "$cache"/download/wireshark_*.orig.tar.* | head -n 1)
  mkdir -p "$cache/$version"
  tar -xf "$tarball" -C "$cache/$version" --wildcards --strip-components=2 '*/tools/checkAPIs.pl'
  rm -rf "$cache/download" "$apt"
  [ -f "$checker" ] || { echo "FAIL: no tools/checkAPIs.pl in $tarball"; exit 1; }
}

[ -f "$checker" ] || fetch

mapfile -t files < <(cd "$source_dir" && ls plugin/*.c plugin/*.h plugin/core/*.c plugin/core/*.h)
status=0
(cd "$source_dir" &&
  perl "$checker" --group dissectors-prohibited --group dissectors-restricted "${files[@]}") \
  > "$cache/report.txt" 2>&1 || status=$?
if [ "$status" != 0 ] || [ -s "$cache/report.txt" ]; then
  cat "$cache/report.txt"
  echo "FAIL: checkAPIs.pl of Wireshark $version finds the above (exit status $status)"
  exit 1
fi
echo "ok: checkAPIs.pl of Wireshark $version finds nothing in ${#files[@]} files"
