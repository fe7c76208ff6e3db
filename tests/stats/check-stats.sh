#!/bin/bash
# Checks the statistics of one capture with the real tshark and the plugin
# built in BUILD_DIR.
#
#   check-stats.sh tree   BUILD_DIR CAPTURE EXPECTED [--update]
#   check-stats.sh flows  BUILD_DIR CAPTURE EXPECTED [--update]
#   check-stats.sh counts BUILD_DIR CAPTURE
#
# tree:   "tshark -q -z apple,tree" equals EXPECTED, byte for byte (rates and
#         percentages included: they are fixed for a given capture).
# flows:  "tshark -q -z apple,flows" equals EXPECTED.
# counts: recounts both with display filters, independently of the tap:
#         - "Packets" = frames matching -Y apple, "Bytes" = their frame.len sum;
#         - each leaf under "Packets/Bytes by service" = frames (bytes) matching
#           -Y 'apple.service=="X"', the same for products (apple.product) and
#           for "TCP 443 (https)" (-Y 'tcp && apple.port==443', whose services
#           are the ones in brackets);
#         - each flow row = frames with that server address and port, with the
#           same services, and the rows add up to every labelled frame.
# --update rewrites EXPECTED from the current plugin (review the diff!).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

mode=$1 build=$2 capture=$3 expected=${4:-} update=${5:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tshark() { "$here/tools/tshark-with-plugin" --build "$build" "$capture" "$@"; }

failed=0
fail() { echo "FAIL: $*"; failed=1; }

# tshark with the arguments given; stdout to $1, and stderr must stay empty.
run() {
  local out=$1; shift
  if ! tshark "$@" > "$out" 2> "$work/stderr"; then
    fail "tshark $* exited with an error:"; cat "$work/stderr"; exit 1
  fi
  if [ -s "$work/stderr" ]; then
    fail "tshark $* wrote to stderr:"; cat "$work/stderr"; exit 1
  fi
}

compare() {   # compare OUTPUT: against EXPECTED, or --update it
  if [ "$update" = "--update" ]; then
    cp "$1" "$expected"; echo "updated $expected"; exit 0
  fi
  if ! diff -u "$expected" "$1" > "$work/diff"; then
    fail "output differs from $(basename "$expected") (first lines of the diff):"
    head -n 40 "$work/diff"
  fi
}

case $mode in
  tree)
    run "$work/out" -q -z apple,tree
    compare "$work/out" ;;
  flows)
    run "$work/out" -q -z apple,flows
    compare "$work/out" ;;
  counts) ;;
  *) echo "usage: $0 tree|flows|counts BUILD_DIR CAPTURE [EXPECTED [--update]]" >&2; exit 2 ;;
esac
if [ "$mode" != counts ]; then
  [ $failed = 0 ] && echo "ok: $mode of $(basename "$capture") as expected"
  exit $failed
fi

# ---- counts ----------------------------------------------------------------
run "$work/tree" -q -z apple,tree
run "$work/flows" -q -z apple,flows

# The tree as "top<TAB>section<TAB>name<TAB>count": the name column ends
# where the header's "Count" starts; one space of indent per level.
awk -v OFS='\t' '
  /^Topic \/ Item/ { col = index($0, "Count"); getline; next }   # and its rule
  col && /^-+$/ { exit }
  col && NF {
    name = substr($0, 1, col - 1); rest = substr($0, col)
    match(name, /^ */); depth = RLENGTH
    sub(/^ +/, "", name); sub(/ +$/, "", name)
    split(rest, f, " ")
    if (depth == 0) { top = name; section = "" }
    else if (depth == 1) section = ""
    print top, section, name, f[1]
    if (depth == 1) section = name
  }' "$work/tree" > "$work/tree.tsv"

node() {   # node TOP SECTION NAME: its count, empty if absent
  awk -F'\t' -v t="$1" -v s="$2" -v n="$3" '$1 == t && $2 == s && $3 == n { print $4 }' \
      "$work/tree.tsv"
}

# frames and bytes matching a display filter: "N B"; their apple.service
# values (joined by ';') are left in $work/svc
frames_bytes() {
  run "$work/fb" -Y "$1" -T fields -E occurrence=a -E aggregator=';' \
      -e frame.len -e apple.service
  cut -f2 "$work/fb" > "$work/svc"
  awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }' "$work/fb"
}

# per line, the distinct SEP-separated values in order; then the distinct lines
distinct() {
  awk -F"$1" -v OFS="$1" '{ o = ""; delete seen
    for (i = 1; i <= NF; i++) if (!($i in seen)) { seen[$i]; o = o (o == "" ? "" : OFS) $i }
    print o }' | sort -u | paste -sd'|'
}

quote() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

checks=0
expect() {   # expect WHAT GOT WANT
  checks=$((checks + 1))
  [ "$2" = "$3" ] || fail "$1: statistics say '$2', display filter says '$3'"
}

read -r all_n all_b <<< "$(frames_bytes apple)"
expect "Packets" "$(node Packets "" Packets)" "$all_n"
expect "Bytes" "$(node Bytes "" Bytes)" "$all_b"
for s in "by transport and server port" "by service" "by product"; do
  expect "Packets $s" "$(node Packets "" "Packets $s")" "$all_n"
  expect "Bytes $s" "$(node Bytes "" "Bytes $s")" "$all_b"
done

# services: one display filter each
awk -F'\t' '$1 == "Packets" && $2 == "Packets by service" { print $3 }' "$work/tree.tsv" \
    > "$work/services"
[ -s "$work/services" ] || [ "$all_n" = 0 ] || fail "no services in the tree"
while IFS= read -r name; do
  read -r n b <<< "$(frames_bytes "apple.service == $(quote "$name")")"
  expect "Packets by service/$name" "$(node Packets "Packets by service" "$name")" "$n"
  expect "Bytes by service/$name" "$(node Bytes "Bytes by service" "$name")" "$b"
done < "$work/services"

# "TCP 443 (https)": the frames of that transport and server port
sum=0
awk -F'\t' '$1 == "Packets" && $2 == "Packets by transport and server port" { print $3 }' \
    "$work/tree.tsv" > "$work/ports"
while IFS= read -r name; do
  read -r t port services <<< "$name"
  services=${services#(}; services=${services%)}
  read -r n b <<< "$(frames_bytes "${t,,} && apple.port == $port")"
  expect "Packets by transport and server port/$name" \
         "$(node Packets "Packets by transport and server port" "$name")" "$n"
  expect "Bytes by transport and server port/$name" \
         "$(node Bytes "Bytes by transport and server port" "$name")" "$b"
  expect "services of $name" "$services" "$(distinct ';' < "$work/svc" | tr ';' /)"
  sum=$((sum + n))
done < "$work/ports"
expect "sum of the transport and server port nodes" "$sum" "$all_n"

# Products and flow rows are many: one pass over the labelled frames' fields,
# then each is the display filter written out in awk (a field "== X" when any
# of its occurrences is X, as in display filters).
run "$work/frames" -Y apple -T fields -E occurrence=a -E aggregator=';' \
    -e frame.len -e apple.service -e apple.product -e apple.port \
    -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport \
    -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst

# products: apple.product == "X"
awk -F'\t' '$1 == "Packets" && $2 == "Packets by product" { print $3 }' "$work/tree.tsv" \
    > "$work/products"
awk -F'\t' -v OFS='\t' '
  { n = split($3, p, ";"); delete seen
    for (i = 1; i <= n; i++) if (!(p[i] in seen)) { seen[p[i]]; c[p[i]]++; b[p[i]] += $1 } }
  END { for (x in c) print x, c[x], b[x] }' "$work/frames" | sort > "$work/by-product"
cut -f1 "$work/by-product" > "$work/products-in-frames"
sort "$work/products" | diff - "$work/products-in-frames" > /dev/null ||
  fail "the tree's products are not those of the labelled frames"
while IFS=$'\t' read -r name n b; do
  expect "Packets by product/$name" "$(node Packets "Packets by product" "$name")" "$n"
  expect "Bytes by product/$name" "$(node Bytes "Bytes by product" "$name")" "$b"
done < "$work/by-product"

# flow rows: transport,server_address,server_port,services,products,packets,bytes
# against  T && apple.port == P && ((ADDR.src == A && T.srcport == P) ||
#                                   (ADDR.dst == A && T.dstport == P))
sed -n '/^transport,server_address,/,/^Total: /p' "$work/flows" | sed '1d;$d' > "$work/rows"
awk -F'\t' -v OFS='\t' '
  function has(list, x,   n, i, v) { n = split(list, v, ";")
    for (i = 1; i <= n; i++) if (v[i] == x) return 1
    return 0 }
  FNR == NR { split($0, f, ","); rows++; t[rows] = f[1]; a[rows] = f[2]; p[rows] = f[3]; next }
  { for (r = 1; r <= rows; r++) {
      tcp = t[r] == "TCP"; v6 = index(a[r], ":") > 0
      if ((tcp ? $5 : $7) == "" || !has($4, p[r])) continue
      if (!((has(v6 ? $11 : $9, a[r]) && has(tcp ? $5 : $7, p[r])) ||
            (has(v6 ? $12 : $10, a[r]) && has(tcp ? $6 : $8, p[r])))) continue
      n[r]++; b[r] += $1
      k = split($2, s, ";"); o = ""; delete seen
      for (i = 1; i <= k; i++) if (!(s[i] in seen)) { seen[s[i]]; o = o (o == "" ? "" : ";") s[i] }
      if (!((r, o) in svc)) { svc[r, o]; services[r] = services[r] (services[r] == "" ? "" : "|") o }
    } }
  END { for (r = 1; r <= rows; r++) print t[r] " " a[r] " " p[r], n[r] + 0, b[r] + 0, services[r] }
' FS=, "$work/rows" FS='\t' "$work/frames" > "$work/by-flow"
sum_n=0 sum_b=0 rows=0
exec 3< "$work/by-flow"
while IFS= read -r row; do
  IFS=$'\t' read -r flow n b svc <&3
  IFS=, read -r t addr port services _ <<< "$row"
  bytes=${row##*,}; rest=${row%,*}; packets=${rest##*,}
  expect "flow $flow packets" "$packets" "$n"
  expect "flow $flow bytes" "$bytes" "$b"
  expect "flow $flow services" "$services" "$svc"
  sum_n=$((sum_n + packets)) sum_b=$((sum_b + bytes)) rows=$((rows + 1))
done < "$work/rows"
exec 3<&-
expect "flow rows: packets" "$sum_n" "$all_n"
expect "flow rows: bytes" "$sum_b" "$all_b"
expect "flow total line" "$(grep '^Total: ' "$work/flows")" \
       "Total: $rows server endpoints, $all_n packets, $all_b bytes"

if [ $failed = 0 ]; then
  echo "ok: $(basename "$capture"): $checks counts agree ($all_n labelled frames, $rows flow rows)"
fi
exit $failed
