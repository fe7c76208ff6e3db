#!/bin/bash
# Takes the screenshots in docs/screenshots/ with the real Wireshark GUI, on a
# virtual X display, with the plugin built in this tree and the Apple profile
# installed fresh by tools/install-profile.sh (its own columns, widths,
# colours and buttons; nothing added):
#   packet-list.png     the packet list of a real capture (nDPI__iphone):
#                       verified and port-only labels in their colours, the
#                       hosts and what Apple says they are for
#   packet-list-whatsapp.png  Apple's and others' traffic (nDPI__wa_voice): a
#                       WhatsApp call on FaceTime's ports stays port-only
#   packet-details.png  the Apple Services subtree of a verified flow, expanded
#                       (nDPI__iphone: TLS to iCloud, with its evidence)
#   stats-menu.png      where the statistics are: Statistics > Apple Services
#   stats-tree.png      Statistics > Apple Services > Labelled Packets (nDPI__iphone)
#   stats-flows.png     Statistics > Apple Services Flows (nDPI__iphone)
#   stats-devices.png   Statistics > Apple Services Devices (nDPI__iphone)
#
#   tools/screenshots.sh [--build DIR] [--out DIR]
#
# Needs wireshark (the Qt GUI), Xvfb, xdotool, ImageMagick and pgrep (procps); as root it
# installs the missing ones with apt-get (wireshark-qt xvfb xdotool
# imagemagick), otherwise it says what to install. They are for this script
# only, not for the test suite. Wireshark runs from a throw-away HOME made by
# tools/lib/plugin-home.sh (as the unprivileged user 65534 when run as root,
# because Wireshark ignores personal plugins for root). Nothing outside that
# temporary folder and --out is written.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/lib/plugin-home.sh
. "$here/tools/lib/plugin-home.sh"
build=${APPLE_BUILD_DIR:-$here/build}
out=$here/docs/screenshots
shared=${APPLE_SHARED_DIR:-$here/../shared}
list_capture=$shared/captures/nDPI__wa_voice.pcap
iphone_capture=$shared/captures/nDPI__iphone.pcap
width=1900 height=1000 screen_height=1100 list_bottom=525

while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --out)   out=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--out DIR]" >&2; exit 2 ;;
  esac
done

# --- the programs ------------------------------------------------------------
missing=()
command -v wireshark > /dev/null || missing+=(wireshark-qt)
command -v Xvfb > /dev/null || missing+=(xvfb)
command -v xdotool > /dev/null || missing+=(xdotool)
command -v import > /dev/null && command -v identify > /dev/null || missing+=(imagemagick)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "The screenshots need ${missing[*]} (not the test suite); installing them with apt-get."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        > /dev/null || { echo "$0: could not install ${missing[*]}" >&2; exit 2; }
  else
    echo "$0: the screenshots need ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
plugin_built "$build" > /dev/null || exit 2
for f in "$list_capture" "$iphone_capture"; do
  [ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/apple-shots.XXXXXX")
chmod 755 "$work"   # Wireshark runs as another user when we are root
xvfb_pid='' ws_pid=''
cleanup() {
  if [ -n "$ws_pid" ]; then stop_wireshark; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2> /dev/null || true; fi
  wait 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- a throw-away home: the plugin, the profile as a user installs it ---------
home=$work/home
plugin_home_make "$home" --build "$build" --writable-config
plugin_home_run "$home" "$here/tools/install-profile.sh" > /dev/null
# Only the window's place and size, which a window manager would choose; the
# profile stays as installed. Written as the user Wireshark runs as.
plugin_home_run "$home" sh -c 'umask 077; mkdir "$1/runtime"; cat > "$1/recent_common"' sh \
    "$home/.config/wireshark" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $width
gui.geometry_main_height: $height
gui.geometry_main_maximized: FALSE
EOF
readable() {   # a copy in the home if Wireshark's user cannot read it
  if plugin_home_readable "$1"; then echo "$1"; else cp "$1" "$home/"; echo "$home/$(basename "$1")"; fi
}
list_capture=$(readable "$list_capture")
iphone_capture=$(readable "$iphone_capture")

# --- the display -----------------------------------------------------------
# A display number no other X server has: Xvfb picks it and writes it to fd 3.
Xvfb -displayfd 3 -screen 0 "${width}x${screen_height}x24" -nolisten tcp \
    3> "$work/display" > "$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.2; done
[ -s "$work/display" ] || { echo "$0: Xvfb did not start:" >&2; cat "$work/xvfb.log" >&2; exit 2; }
display=:$(cat "$work/display")
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
  kill -0 "$xvfb_pid" 2> /dev/null || { echo "and Xvfb is gone:" >&2; cat "$work/xvfb.log" >&2; }
  return 1
}

# place TITLE W H: the window TITLE at the top left, W x H. A dialog may be
# replaced by another of the same title while it opens: try again then.
place() {
  local id
  for _ in $(seq 10); do
    id=$(wait_window "$1")
    sleep 1
    xdotool windowmove "$id" 0 0 windowsize "$id" "$2" "$3" 2> /dev/null && return 0
  done
  echo "$0: could not place the window '$1'" >&2
  return 1
}

# start_wireshark CAPTURE [ARGS...]: Wireshark with the Apple profile, full
# screen (there is no window manager to do it).
start_wireshark() {
  local capture=$1; shift
  plugin_home_run "$home" DISPLAY="$display" XDG_RUNTIME_DIR="$home/.config/wireshark/runtime" \
      LANG=C.UTF-8 wireshark -C Apple -r "$capture" "$@" > "$work/wireshark.log" 2>&1 &
  ws_pid=$!
  place "$(basename "$capture")" "$width" "$height"
  sleep 5   # read, dissect twice, colour
}

# The background job is a subshell running plugin_home_run: its child is
# Wireshark itself (setpriv and env exec it).
stop_wireshark() {
  local child
  for child in $(pgrep -P "$ws_pid" || true); do kill "$child" 2> /dev/null || true; done
  kill "$ws_pid" 2> /dev/null || true
  wait "$ws_pid" 2> /dev/null || true
  ws_pid=
}

# shot NAME [CROP [keep-mouse]]: the screen (cropped to WxH+X+Y) as
# NAME.png; the mouse goes to a corner first (no hover highlight) unless
# keep-mouse.
shot() {
  local png=$out/$1.png
  mkdir -p "$out"
  if [ "${3:-}" != keep-mouse ]; then
    xdotool mousemove "$width" "$screen_height"
    sleep 0.5
  fi
  import -window root ${2:+-crop "$2"} +repage -strip "$png"
  if [ "$(stat -c %s "$png")" -gt 300000 ]; then
    import -window root ${2:+-crop "$2"} +repage -strip -colors 256 "PNG8:$png"
  fi
  echo "wrote $png ($(identify -format '%wx%h' "$png"), $(($(stat -c %s "$png") / 1024)) KB)"
}

# --- 1. the packet list ------------------------------------------------------
# packet-list.png: nDPI__iphone's labelled packets (-Y apple), frames 10-62:
# the router's NAT-PMP and SSDP (port only), the iMac's Bonjour, the
# iPhone's DNS lookups of Apple hosts and its first iCloud connection
# (verified). -g selects the frame at the bottom of the list.
start_wireshark "$iphone_capture" -Y apple -g 62
shot packet-list "${width}x${list_bottom}+0+0"
stop_wireshark
# packet-list-whatsapp.png: nDPI__wa_voice, frames 203-226: the Mac's mDNS
# queries for AirPlay (verified), WhatsApp's XMPP on 5222 (no label) and
# the WhatsApp call's STUN on FaceTime's ports (port only: no FaceTime
# colour or name).
start_wireshark "$list_capture" -g 226
shot packet-list-whatsapp "${width}x${list_bottom}+0+0"
stop_wireshark

# --- 2. the Apple Services subtree of a verified flow ------------------------
# Frame 68 of nDPI__iphone: the ClientHello to p26-fmfmobile.icloud.com.
start_wireshark "$iphone_capture" -g 68
# Apple Services is the last item of the details pane: click the pane, go to
# the end, expand its subtrees (View > Expand Subtrees is Shift+Right), then
# fold the table row (the fifth child) to keep the evidence in view.
xdotool mousemove 300 "$((list_bottom + 120))" click 1
sleep 0.5
xdotool key End
sleep 0.3
xdotool key shift+Right
sleep 0.5
xdotool key Down Down Down Down Down Left Down   # and select "Verified"
sleep 1
shot packet-details "945x370+0+$((list_bottom + 12))"
stop_wireshark

# --- 3. the Statistics menu, and the three views -----------------------------
start_wireshark "$iphone_capture"
xdotool mousemove 1200 40 click 1   # an empty spot of the toolbar: focus, select nothing
sleep 0.5
# Statistics (Alt+S), then clicks: without a window manager neither the
# keyboard nor hovering gets into submenus. The stats trees of plugins come last, in name
# order (Apple Services, F5, IPv4 Statistics, IPv6 Statistics); the places
# are those of Xvfb's default fonts (stats-menu.png shows them).
xdotool mousemove "$width" "$screen_height"
sleep 0.3
xdotool key alt+s
sleep 1
xdotool mousemove 400 738 click 1   # Statistics > Apple Services: its submenu opens
sleep 1
shot stats-menu "820x$((height - 140))+0+0" keep-mouse
xdotool mousemove 740 738 click 1   # > Labelled Packets
place "Wireshark · Labelled Packets · " 1200 "$screen_height"   # a stats tree window is titled by its leaf
sleep 2
# sort by Count, largest first: click its header twice
xdotool mousemove 560 22 click 1
sleep 0.5
xdotool click 1
shot stats-tree "1200x${screen_height}+0+0"
stop_wireshark

# view_shot NAME TITLE Z-ARGUMENT: a statistics window, opened with -z as the
# menu would open it, alone on the screen.
view_shot() {
  local name=$1 title=$2 z=$3
  start_wireshark "$iphone_capture" -z "$z"
  place "$title" "$4" "$5"
  sleep 3
  shot "$name" "${4}x${5}+0+0"
  stop_wireshark
}
view_shot stats-flows "Wireshark · Apple Services Flows" apple,flows 1900 420
view_shot stats-devices "Wireshark · Apple Services Devices" apple,devices 1900 200
