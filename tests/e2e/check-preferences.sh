#!/bin/bash
# Preferences, the user port table and the heuristic handlers, through the
# real tshark and its -o / --enable-heuristic options.
#
#   check-preferences.sh BUILD_DIR CAPTURES_DIR CHECK
#
# CHECK is one of: language info-tag wide-ranges user-table bad-rows heuristics
#                  evidence user-hosts
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

build=$1 captures=$2 check=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tshark() {   # [--config DIR] CAPTURE [ARGS...]: a name in CAPTURES_DIR, or a path
  local config=()
  if [ "$1" = --config ]; then config=(--config "$2"); shift 2; fi
  local capture=$1; shift
  [[ "$capture" == */* ]] || capture=$captures/$capture
  "$here/tools/tshark-with-plugin" --build "$build" "${config[@]}" -r "$capture" "$@"
}
count() {    # CAPTURE-NAME FILTER [ARGS...]: frames the filter selects
  local capture=$1 filter=$2; shift 2
  tshark "$capture" -Y "$filter" "$@" -T fields -e frame.number | wc -l
}

failed=0
expect() {   # WHAT GOT WANT
  if [ "$2" != "$3" ]; then echo "FAIL: $1: got '$2', expected '$3'"; failed=1
  else echo "ok: $1 ($2)"; fi
}
expect_in() {  # WHAT TEXT NEEDLE
  if [[ "$2" != *"$3"* ]]; then echo "FAIL: $1: '$3' not in: $2"; failed=1
  else echo "ok: $1"; fi
}

apns=nDPI__wa_voice.pcap   # APNs on TCP 5223, joined mid-stream

case "$check" in
language)
  en=$(tshark $apns -Y 'tcp.port == 5223' -c 200 -T fields -e apple.service -e apple.protocol \
         -e apple.product | head -n 1)
  da=$(tshark $apns -o apple.language:da -Y 'tcp.port == 5223' -c 200 -T fields \
         -e apple.service -e apple.protocol -e apple.product | head -n 1)
  expect "English label" "$en" \
    $'apns\tApple Push Notification Service (APNS)\tiCloud,Push notifications,FaceTime,iMessage,Game Center,Photo Stream'
  expect "Danish label, same apple.service" "$da" \
    $'apns\tAPNS (Apple Push Notification Service)\tiCloud,Push-notifikationer,FaceTime,iMessage,Game Center,Fotostream'
  tag=$(tshark $apns -o apple.language:Danish -o apple.check_evidence:FALSE -Y 'tcp.port == 5223' -c 200 |
        head -n 1)
  expect_in "Danish Info tag" "$tag" "[Apple apns: iCloud, Push-notifikationer, FaceTime, +3]"
  qualifier=$(tshark nDPI__smtp.pcap -o apple.language:da -Y apple -T fields -e apple.qualifier | head -n 1)
  expect "Danish qualifier" "$qualifier" "afsendelse af e-mail,afsendelse af e-mail"
  ;;
info-tag)
  # verified: " [Apple apns ✓ ...]"; port-only: " [Apple? https]"
  expect "tagged frames, tag on" "$(tshark $apns | grep -c -E ' \[Apple\??  ?[a-z]' || true)" \
    "$(count $apns apple)"
  expect "verified frames' tag" "$(tshark $apns | grep -c ' \[Apple [a-z-]* ✓' || true)" \
    "$(count $apns apple.verified)"
  expect "port-only frames' tag" "$(tshark $apns | grep -c ' \[Apple? [a-z-]*\]' || true)" \
    "$(count $apns 'apple && !apple.verified')"
  expect "port-only tags off" "$(tshark $apns -o apple.port_only_tag:FALSE | grep -c ' \[Apple' || true)" \
    "$(count $apns apple.verified)"
  expect "tagged frames, tag off" "$(tshark $apns -o apple.info_tag:FALSE | grep -c ' \[Apple' || true)" 0
  expect "labelled frames, tag off" "$(count $apns apple -o apple.info_tag:FALSE)" "$(count $apns apple)"
  ;;
evidence)
  # apple.check_evidence:FALSE is the port labels alone, with their old tag
  off=(-o apple.check_evidence:FALSE)
  expect "no evidence when off" "$(count nDPI__iphone.pcap 'apple.verified || apple.evidence || apple.host' "${off[@]}")" 0
  expect "the same port labels when off" "$(count nDPI__iphone.pcap apple "${off[@]}")" "$(count nDPI__iphone.pcap apple)"
  expect "the port tag when off" "$(tshark nDPI__iphone.pcap "${off[@]}" | grep -c ' \[Apple https: TLS websites, iTunes Store, Software Update, +12\]' || true)" \
    "$(count nDPI__iphone.pcap 'tcp.port == 443')"
  expect "no label by name when off" "$(count nDPI__tls_2_reasms.pcapng 'apple.server_name' "${off[@]}")" 0
  expect "-2: every packet of a verified flow" "$(count nDPI__iphone.pcap 'tcp.stream == 0 && apple.verified' -2)" \
    "$(count nDPI__iphone.pcap 'tcp.stream == 0')"
  ;;
user-hosts)
  ig='uat:apple_hosts:"*.instagram.com","Lab host"'
  expect "without the user host table" "$(count nDPI__tls_2_reasms.pcapng apple.verified)" 0
  expect "a user host verifies by its name" \
    "$(count nDPI__tls_2_reasms.pcapng 'apple.verified && apple.host_service == "Lab host" && apple.evidence == "tls-sni"' -o "$ig")" \
    "$(count nDPI__tls_2_reasms.pcapng 'tcp.port == 443 && frame.number >= 2')"
  mkdir -p "$work/config"
  printf '%s\n' '# a profile host table' '"*.com","bad"' '"*.instagram.com","Lab host"' > "$work/config/apple_hosts"
  err=$(tshark --config "$work/config" nDPI__tls_2_reasms.pcapng -c 1 2>&1 >/dev/null || true)
  expect_in "profile file: bad row named by line and value" "$err" "'*.com'"
  expect "profile file: the good row after the bad one loads" \
    "$(tshark --config "$work/config" nDPI__tls_2_reasms.pcapng -Y 'apple.host_service == "Lab host"' -T fields -e frame.number 2>/dev/null | wc -l)" \
    "$(count nDPI__tls_2_reasms.pcapng 'tcp.port == 443 && frame.number >= 2')"
  for bad in '"","x"|host is empty' '"Foo.Example.com","x"|lower case' '"*foo.example.com","x"|wildcard' \
             '"mdm.example.com",""|service is empty'; do
    row=${bad%|*} needle=${bad#*|}
    set +e
    out=$(tshark nDPI__tls_2_reasms.pcapng -c 1 -o "uat:apple_hosts:$row" 2>&1)
    status=$?
    set -e
    expect "-o with $row refused" "$([ $status != 0 ] && echo refused || echo accepted)" refused
    expect_in "message names the bad value" "$out" "$needle"
  done
  ;;
wide-ranges)
  expect "Xsan, wide ranges on" "$(count $apns 'apple.service == "xsan"')" 2
  expect "Xsan, wide ranges off" "$(count $apns 'apple.service == "xsan"' -o apple.wide_ranges:FALSE)" 0
  expect "8000-8999 off" "$(count nDPI__rtsp.pcap apple -o apple.wide_ranges:FALSE)" 0
  expect "42000-42999 off" \
    "$(count nDPI__stun.pcap 'apple.service == "itunes-radio"' -o apple.wide_ranges:FALSE)" 0
  expect "other rows unchanged" "$(count $apns 'apple.service == "apns"' -o apple.wide_ranges:FALSE)" \
    "$(count $apns 'tcp.port == 5223')"
  ;;
user-table)
  sample=$here/samples/apple-flows.pcap      # has one TCP 7000 flow, unlabelled
  airplay='uat:apple_ports:"7000","tcp","airplay","AirPlay","AirPlay, macOS"'
  expect "TCP 7000 unlabelled without the user table" "$(count "$sample" 'tcp.port == 7000 && apple')" 0
  expect "README example: TCP 7000 labelled airplay" \
    "$(count "$sample" 'apple.service == "airplay" && apple.product == "macOS" && apple.port == 7000' -o "$airplay")" \
    "$(count "$sample" 'tcp.port == 7000')"
  hp='uat:apple_ports:"5223","tcp","hpvg","HP Virtual Group","HP, Printers"'
  expect "user row replaces the table's on TCP 5223" \
    "$(count nDPI__hpvirtgrp.pcap 'apple.service == "hpvg" && apple.user_row == 1 && !apple.row' -o "$hp")" \
    "$(count nDPI__hpvirtgrp.pcap 'tcp.port == 5223')"
  expect "no apns left on 5223" "$(count nDPI__hpvirtgrp.pcap 'apple.service == "apns"' -o "$hp")" 0
  expect "user products" "$(tshark nDPI__hpvirtgrp.pcap -o "$hp" -c 1 -T fields -e apple.product)" "HP,Printers"
  tree=$(tshark nDPI__hpvirtgrp.pcap -o "$hp" -c 1 -V)
  expect_in "marked as a user row in the tree" "$tree" "[User table row: 1: hpvg (TCP 5223, user table)]"
  my='uat:apple_ports:"3306-3310","tcp+udp","mysql","MySQL",""'
  expect "user row adds a port range" "$(count zeek__mysql__mysql.pcap 'apple.service == "mysql" && apple.port == 3306' -o "$my")" \
    "$(count zeek__mysql__mysql.pcap 'tcp.port == 3306')"
  expect "the rest of the table still labels" \
    "$(count nDPI__iphone.pcap 'apple.service == "https"' -o "$hp" -o "$my")" \
    "$(count nDPI__iphone.pcap 'tcp.port == 443')"
  mkdir -p "$work/config"
  printf '%s\n' '# a profile table' \
    '"5223","tcp","hpvg","HP Virtual Group","HP"' \
    '"5228","tcp","gcm","Google push","Android"' > "$work/config/apple_ports"
  expect "profile file apple_ports" \
    "$(tshark --config "$work/config" nDPI__android.pcap -Y 'apple.service == "gcm"' -T fields -e frame.number | wc -l)" \
    "$(count nDPI__android.pcap 'tcp.port == 5228')"
  ;;
bad-rows)
  for bad in '"70000","tcp","x","",""|70000' '"7010-7000","tcp","x","",""|reversed' \
             '"7000","tcpz","x","",""|tcpz' '"7000","tcp","","",""|service name is empty' \
             '"7000","tcp","Air Play","",""|Air Play'; do
    row=${bad%|*} needle=${bad#*|}
    set +e
    out=$(tshark nDPI__iphone.pcap -c 1 -o "uat:apple_ports:$row" 2>&1)
    status=$?
    set -e
    expect "-o with $row refused" "$([ $status != 0 ] && echo refused || echo accepted)" refused
    expect_in "message names the bad value" "$out" "$needle"
  done
  mkdir -p "$work/config"
  printf '%s\n' '"5223","tcp","hpvg","HP Virtual Group","HP"' \
    '"70000","tcp","bad","",""' \
    '"5228","tcp","gcm","Google push","Android"' > "$work/config/apple_ports"
  err=$(tshark --config "$work/config" nDPI__android.pcap -c 1 2>&1 >/dev/null || true)
  expect_in "profile file: bad row named by line and value" "$err" "apple_ports:2: port '70000' is above 65535"
  expect "profile file: good row after the bad one loads" \
    "$(tshark --config "$work/config" nDPI__android.pcap -Y 'apple.service == "gcm"' -T fields -e frame.number 2>/dev/null | wc -l)" \
    "$(count nDPI__android.pcap 'tcp.port == 5228')"
  expect "profile file: good row before the bad one loads" \
    "$(tshark --config "$work/config" nDPI__hpvirtgrp.pcap -Y 'apple.service == "hpvg"' -T fields -e frame.number 2>/dev/null | wc -l)" \
    "$(count nDPI__hpvirtgrp.pcap 'tcp.port == 5223')"
  # Wireshark itself parses bool and enum values (it takes anything but TRUE
  # as FALSE, and an unknown enum value as no change); a misspelt name it refuses.
  set +e
  out=$(tshark nDPI__iphone.pcap -c 1 -o apple.langauge:da 2>&1); status=$?
  set -e
  expect "misspelt preference refused" "$([ $status != 0 ] && echo refused || echo accepted)" refused
  expect_in "message names it" "$out" "apple.langauge"
  ;;
heuristics)
  listed=$("$here/tools/tshark-with-plugin" --build "$build" -G heuristic-decodes)
  expect_in "apple_tcp listed, disabled" "$listed" $'tcp\tapple\tF'
  expect_in "apple_udp listed, disabled" "$listed" $'udp\tapple\tF'
  on=(--enable-heuristic apple_tcp --enable-heuristic apple_udp)
  expect "disabled by default" "$(count nDPI__hpvirtgrp.pcap apple.payload)" 0
  expect "unclaimed 5223 payload shown as apns" \
    "$(tshark nDPI__hpvirtgrp.pcap "${on[@]}" -Y apple.payload -T fields -e _ws.col.Protocol | grep -cx apns)" \
    "$(count nDPI__hpvirtgrp.pcap 'tcp.len > 0 && !tcp.analysis.retransmission && !tcp.analysis.spurious_retransmission')"
  expect_in "Info says '<service> data'" \
    "$(tshark nDPI__hpvirtgrp.pcap "${on[@]}" -Y apple.payload | head -n 1)" "apns data, "
  for capture in nDPI__iphone.pcap nDPI__android.pcap zeek__ntp__ntp.pcap zeek__dns__mdns.pcap \
                 tcpdump__dns_tcp.pcap nDPI__netbios.pcap nDPI__stun.pcap; do
    # Payload that ends as bare "data" without the handlers is theirs to take.
    tshark $capture -T fields -e frame.protocols > "$work/off"
    tshark $capture "${on[@]}" -T fields -e frame.protocols > "$work/on"
    expect "$capture: no real dissector's packet taken" \
      "$(paste "$work/off" "$work/on" | awk -F'\t' '$1 != $2 && $1 !~ /:data$/' | wc -l)" 0
  done
  ;;
*)
  echo "unknown check '$check'" >&2; exit 2 ;;
esac
exit $failed
