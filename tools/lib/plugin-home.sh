# shellcheck shell=bash
# plugin-home.sh: the one way the project's scripts run a Wireshark program
# (tshark, sharkd, wireshark) with a plugin that was just built.
#
# Wireshark ignores personal plugin folders when run as root, so as root the
# program runs as the unprivileged user 65534, from a HOME made for the run
# that holds the plugin in ~/.local/lib/wireshark/plugins/X.Y/epan. That HOME
# is owned by whoever made it and is readable, not writable, by others: no
# one else on the machine can swap the plugin that gets loaded.
#
#   . tools/lib/plugin-home.sh
#   plugin_home_make HOME [--build BUILD_DIR] [--plugin FILE] [--lua FILE]
#                         [--config DIR] [--writable-config]
#   plugin_home_run HOME [ENV=VALUE...] PROGRAM ARGS...
#   plugin_home_empty DIR         an empty HOME of the user programs run as
#   plugin_built BUILD_DIR        the path of BUILD_DIR's plugin, or an error
#
# SPDX-License-Identifier: GPL-2.0-or-later

plugin_home_user=()
if [ "$(id -u)" = 0 ]; then
  plugin_home_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi

# plugin_built BUILD_DIR: prints the exact path of the plugin that build made
# (written by CMake at configure time, see CMakeLists.txt); fails if it has
# not been built.
plugin_built() {
  local record=$1/plugin-path.txt path
  if [ ! -r "$record" ]; then
    echo "no $record: configure the build first (tools/build.sh)" >&2
    return 2
  fi
  path=$(cat "$record")
  if [ ! -f "$path" ]; then
    echo "no plugin at $path: build first (tools/build.sh)" >&2
    return 2
  fi
  printf '%s\n' "$path"
}

# plugin_home_empty DIR: makes DIR, an empty HOME that belongs to the user
# plugin_home_run runs programs as (65534 when run as root, else the
# caller), for tests of what installs into a fresh HOME. Sets
# plugin_home_uid to that user's id.
plugin_home_empty() {
  mkdir "$1" || return 2
  plugin_home_uid=$(id -u)
  if [ ${#plugin_home_user[@]} -gt 0 ]; then
    chown 65534:65534 "$1"
    plugin_home_uid=65534
  fi
}

# plugin_home_make HOME [OPTIONS]: makes HOME (which must not exist yet, or be
# empty) with a plugin and a Wireshark configuration.
#   --build DIR        the plugin DIR built (plugin_built)
#   --plugin FILE      this plugin file (its folder names the version: X.Y/epan/apple.so)
#   --lua FILE         a Lua plugin instead
#   --config DIR       a copy of this Wireshark configuration folder (profiles, apple_ports...)
#   --writable-config  the configuration folder belongs to the user the program runs as (the GUI writes there)
plugin_home_make() {
  local home=$1 plugin='' lua='' config='' writable='' version_dir
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --build)           plugin=$(plugin_built "$2") || return 2; shift 2 ;;
      --plugin)          plugin=$2; shift 2 ;;
      --lua)             lua=$2; shift 2 ;;
      --config)          config=$2; shift 2 ;;
      --writable-config) writable=yes; shift ;;
      *) echo "plugin_home_make: unknown option $1" >&2; return 2 ;;
    esac
  done
  mkdir -p "$home/.local/lib/wireshark/plugins" "$home/.config"
  if [ -n "$plugin" ]; then
    version_dir=$(basename "$(dirname "$(dirname "$plugin")")")     # e.g. 4.0
    mkdir -p "$home/.local/lib/wireshark/plugins/$version_dir/epan"
    cp "$plugin" "$home/.local/lib/wireshark/plugins/$version_dir/epan/apple.so"
  fi
  [ -z "$lua" ] || cp "$lua" "$home/.local/lib/wireshark/plugins/"
  if [ -n "$config" ]; then
    cp -R "$config" "$home/.config/wireshark"
  else
    mkdir -p "$home/.config/wireshark"
  fi
  chmod -R u+rwX,go+rX,go-w "$home"
  if [ -n "$writable" ] && [ ${#plugin_home_user[@]} -gt 0 ]; then
    chown -R 65534:65534 "$home/.config"
  fi
}

# plugin_home_run HOME [ENV=VALUE...] PROGRAM ARGS...: runs PROGRAM with HOME
# as its home, as the user 65534 when run as root. ENV=VALUE words before
# PROGRAM go into its environment.
plugin_home_run() {
  local home=$1 envs=()
  shift
  while [[ "${1:-}" == *=* ]]; do envs+=("$1"); shift; done
  "${plugin_home_user[@]}" env HOME="$home" XDG_CONFIG_HOME="$home/.config" "${envs[@]}" "$@"
}

# plugin_home_readable FILE: true if the user programs run as can read FILE.
plugin_home_readable() {
  "${plugin_home_user[@]}" test -r "$1"
}
