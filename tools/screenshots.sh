#!/bin/bash
# Takes the screenshots in docs/screenshots/ with the real Wireshark GUI, on a
# virtual X display, with the plugin built in this tree and the Apple profile:
#   packet-list.png     the packet list: Apple service and product columns,
#                       [Apple ...] tags in Info, the profile's colours and
#                       filter buttons (a real Mac's capture, nDPI__wa_voice)
#   packet-details.png  a packet's Apple Services subtree, expanded (the
#                       sample's FaceTime call: two overlapping table rows)
#   stats-menu.png      where it is: the Statistics menu
#   stats-tree.png      Statistics > Apple Services over the real capture,
#                       sorted by count
#
#   tools/screenshots.sh [--build DIR] [--out DIR]
#
# Needs: wireshark (the Qt GUI, wireshark-qt), Xvfb, xdotool, ImageMagick
#   apt-get install wireshark-qt xvfb xdotool imagemagick
# Wireshark runs with a throw-away HOME holding the plugin (~/.local) and the
# profile (installed by tools/install-profile.sh); as root it runs as the
# unprivileged user 65534, because Wireshark ignores personal plugins for root.
# Nothing outside that temporary folder and --out is written.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${APPLE_BUILD_DIR:-$here/build}
out=$here/docs/screenshots
shared=${APPLE_SHARED_DIR:-$here/../shared}
list_capture=$shared/captures/nDPI__wa_voice.pcap
sample=$here/samples/apple-flows.pcap
display=:${SCREENSHOT_DISPLAY:-97}
width=1600 height=1000

while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --out)   out=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--out DIR]" >&2; exit 2 ;;
  esac
done

for tool in wireshark Xvfb xdotool import convert; do
  command -v "$tool" > /dev/null ||
    { echo "$0: $tool is missing (apt-get install wireshark-qt xvfb xdotool imagemagick)" >&2; exit 2; }
done
plugin=$(ls "$build"/plugins/*/epan/apple.so 2>/dev/null | head -n 1 || true)
[ -n "$plugin" ] || { echo "$0: no plugin under $build/plugins/*/epan: build first" >&2; exit 2; }
for f in "$list_capture" "$sample"; do
  [ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }
done
version_dir=$(basename "$(dirname "$(dirname "$plugin")")")

work=$(mktemp -d "${TMPDIR:-/tmp}/apple-shots.XXXXXX")
chmod 755 "$work"   # Wireshark may run as another user
xvfb_pid= ws_pid=
cleanup() {
  [ -n "$ws_pid" ] && kill "$ws_pid" 2> /dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2> /dev/null || true
  wait 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- a throw-away home: plugin, profile, window layout ----------------------
home=$work/home
mkdir -p "$home/.local/lib/wireshark/plugins/$version_dir/epan" "$home/run"
cp "$plugin" "$home/.local/lib/wireshark/plugins/$version_dir/epan/"
env -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME HOME="$home" "$here/tools/install-profile.sh" > /dev/null
conf=$home/.config/wireshark
# Column widths and panes, as Wireshark itself saves them ("recent" files);
# not part of the shipped profile, which stays as installed.
cat > "$conf/profiles/Apple/recent" <<'EOF'
gui.byte_view_show: FALSE
gui.packet_diagram_show: FALSE
gui.geometry_main_upper_pane: 520
column.width:
	%m, 75,
	%t, 80,
	%s, 135,
	%d, 135,
	%p, 62,
	%L, 52,
	"%Cus:apple.service", 120,
	"%Cus:apple.product", 260,
	%i, 650
EOF
cat > "$conf/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $width
gui.geometry_main_height: $height
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
EOF
cp "$list_capture" "$sample" "$home/"
chmod -R a+rwX "$home"
chmod 700 "$home/run"

run_as=()
if [ "$(id -u)" = 0 ]; then
  chown 65534:65534 "$home/run"
  run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi

# --- the display -----------------------------------------------------------
Xvfb "$display" -screen 0 "${width}x${height}x24" -ac -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry > /dev/null 2>&1 && break; sleep 0.2; done

wait_window() {   # wait_window TITLE: the id of the first visible window with TITLE
  local id
  for _ in $(seq 150); do
    id=$(xdotool search --onlyvisible --name "$1" 2> /dev/null | head -n 1 || true)
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.2
  done
  echo "$0: no window '$1' appeared; Wireshark said:" >&2
  cat "$work/wireshark.log" >&2
  return 1
}

# Starts Wireshark with the Apple profile on a capture (and more arguments),
# full screen; there is no window manager to do it.
start_wireshark() {
  local capture=$1; shift
  "${run_as[@]}" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$home" \
      XDG_RUNTIME_DIR="$home/run" DISPLAY="$display" \
      wireshark -C Apple -r "$home/$(basename "$capture")" "$@" > "$work/wireshark.log" 2>&1 &
  ws_pid=$!
  main_window=$(wait_window "$(basename "$capture")")
  xdotool windowmove "$main_window" 0 0 windowsize "$main_window" "$width" "$height"
  sleep 4   # read, dissect, colour
}

stop_wireshark() {
  kill "$ws_pid" 2> /dev/null || true
  wait "$ws_pid" 2> /dev/null || true
  ws_pid=
}

# shot NAME [CROP]: the screen (cropped to WxH+X+Y) as NAME.png, made small
shot() {
  local png=$out/$1.png
  mkdir -p "$out"
  import -window root "$work/screen.png"
  convert "$work/screen.png" ${2:+-crop "$2" +repage} -strip "$png"
  if [ "$(stat -c %s "$png")" -gt 300000 ]; then
    convert "$png" -colors 256 -strip "PNG8:$png"
  fi
  echo "wrote $png ($(identify -format '%wx%h' "$png"), $(($(stat -c %s "$png") / 1024)) KB)"
}

# --- 1. the packet list ------------------------------------------------------
# Labelled packets only, up to frame 222: HTTPS, Bonjour (SSDP, mDNS)
# and STUN on FaceTime's ports meet.
start_wireshark "$list_capture" -Y apple -g 222
xdotool mousemove "$width" "$height"   # no hover highlight
shot packet-list "${width}x610+0+0"
stop_wireshark

# --- 2. a packet's Apple Services subtree ---------------------------------------
# Frame 435 of the sample: UDP 16393, in two rows of Apple's table.
start_wireshark "$sample" -g 435
# Apple Services is the last item of the details pane: click the pane, go to
# the end, expand its subtrees (View > Expand Subtrees is Shift+Right).
xdotool mousemove 300 700 click 1
sleep 0.5
xdotool key End
sleep 0.3
xdotool key shift+Right
xdotool mousemove "$width" "$height"
sleep 1
shot packet-details "1000x370+0+614"
stop_wireshark

# --- 3. Statistics > Apple Services --------------------------------------------
start_wireshark "$list_capture"
xdotool mousemove 800 300 click 1
sleep 0.5
# The Statistics menu (Alt+S); plugin statistics come last, in name order:
# Apple Services, F5, IPv4 Statistics, IPv6 Statistics.
xdotool key alt+s
sleep 1
xdotool key Up Up Up Up
sleep 0.5
shot stats-menu "720x790+0+0"
xdotool key Return
dialog=$(wait_window "Apple Services")
xdotool windowmove "$dialog" 0 0 windowsize "$dialog" 1200 900
sleep 2
# sort by Count, largest first: click its header twice
xdotool mousemove 318 22 click 1
sleep 0.5
xdotool click 1
xdotool mousemove "$width" "$height"
sleep 1
shot stats-tree "1200x900+0+0"
stop_wireshark
