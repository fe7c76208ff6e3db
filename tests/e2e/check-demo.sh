#!/bin/bash
# Checks the report that tools/demo.sh prints (tools/flow-report.py), with
# the real tshark and the plugin of BUILD_DIR:
#  1. over samples/apple-flows.pcap at 200 columns, every labelled flow of
#     samples/flows.spec is one line, with the spec's client and server
#     (equal-port flows, IPv6 in brackets), services and packet count, and
#     no other line; the summary counts flows, packets and bytes by service;
#  2. at 60, 100 and 200 columns (and at 100 when COLUMNS is unset, as
#     stdout is no terminal), every line fits, every column of a table sits
#     at the same offsets on every line with at least two spaces around it,
#     and every cell is the 200-column cell or a cut of it with "…";
#  3. the same with Danish products and a user-table product in wide
#     (East Asian) characters, measured in display cells;
#  4. over a capture written here from a second spec: the UDP lookups of one
#     client to one resolver (DNS, mDNS, SSDP) fold into one line with a
#     count, nothing else folds, and a multicast or broadcast group is the
#     server whichever side sent first;
#  5. when tshark fails, the report exits non-zero with tshark's message.
#
#   check-demo.sh BUILD_DIR
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The second capture: hand-written flows whose report lines are known.
cat > "$work/fold.spec" <<'SPEC'
udp request      10.1.0.2:58001 -> 10.1.0.1:53               expect domain@53
udp request      10.1.0.2:58002 -> 10.1.0.1:53               expect domain@53
udp request      10.1.0.3:58010 -> 10.1.0.1:53               expect domain@53
udp request      10.1.0.2:58003 -> 10.1.0.1:53               expect domain@53
tcp handshake    10.1.0.2:58020 -> 10.1.0.1:53               expect domain@53
tcp handshake    10.1.0.2:58021 -> 10.1.0.1:53               expect domain@53
udp request      10.1.0.2:58004 -> 10.1.0.1:53               expect domain@53
udp request      10.1.0.2:58005 -> 10.1.0.1:53               expect domain@53
tcp midstream    10.1.0.2:58030 -> 17.253.144.10:443         expect https@443
tcp midstream    10.1.0.2:58031 -> 17.253.144.10:443         expect https@443
tcp midstream    10.1.0.2:58032 -> 17.253.144.10:443         expect https@443
udp request      10.1.0.2:58040 -> 17.253.34.253:123         expect ntp@123
udp request      10.1.0.2:58041 -> 17.253.34.253:123         expect ntp@123
udp request      10.1.0.2:5353 -> 224.0.0.251:5353           expect mdns@5353
udp request      10.1.0.2:58100 -> 224.0.0.251:5353          expect mdns@5353
udp request      10.1.0.2:58101 -> 224.0.0.251:5353          expect mdns@5353
udp server-first 10.1.0.4:5353 -> 224.0.0.251:5353           expect mdns@5353
udp request      [fe80::2]:5353 -> [ff02::fb]:5353           expect mdns@5353
udp server-first [fe80::3]:5353 -> [ff02::fb]:5353           expect mdns@5353
udp request      10.1.0.2:58110 -> 239.255.255.250:1900      expect ssdp@1900
udp request      10.1.0.2:58111 -> 239.255.255.250:1900      expect ssdp@1900
udp request      10.1.0.2:58112 -> 239.255.255.250:1900      expect ssdp@1900
udp server-first 10.1.0.2:138 -> 255.255.255.255:138         expect netbios-dgm@138
udp request      10.1.0.2:58120 -> 10.1.0.9:3478             expect nat-stun-port@3478
udp request      10.1.0.2:58121 -> 10.1.0.9:3478             expect nat-stun-port@3478
SPEC
# Its report lines, in order: proto | client | server | service | packets.
cat > "$work/fold.expected" <<'EXPECTED'
UDP | 10.1.0.2 (5 flows)   | 10.1.0.1:53          | domain        | 10
UDP | 10.1.0.3:58010       | 10.1.0.1:53          | domain        | 2
TCP | 10.1.0.2:58020       | 10.1.0.1:53          | domain        | 8
TCP | 10.1.0.2:58021       | 10.1.0.1:53          | domain        | 8
TCP | 10.1.0.2:58030       | 17.253.144.10:443    | https         | 3
TCP | 10.1.0.2:58031       | 17.253.144.10:443    | https         | 3
TCP | 10.1.0.2:58032       | 17.253.144.10:443    | https         | 3
UDP | 10.1.0.2:58040       | 17.253.34.253:123    | ntp           | 2
UDP | 10.1.0.2:58041       | 17.253.34.253:123    | ntp           | 2
UDP | 10.1.0.2 (3 flows)   | 224.0.0.251:5353     | mdns          | 6
UDP | 10.1.0.4:5353        | 224.0.0.251:5353     | mdns          | 2
UDP | [fe80::2]:5353       | [ff02::fb]:5353      | mdns          | 2
UDP | [fe80::3]:5353       | [ff02::fb]:5353      | mdns          | 2
UDP | 10.1.0.2 (3 flows)   | 239.255.255.250:1900 | ssdp          | 6
UDP | 10.1.0.2:138         | 255.255.255.255:138  | netbios-dgm   | 2
UDP | 10.1.0.2:58120       | 10.1.0.9:3478        | nat-stun-port | 2
UDP | 10.1.0.2:58121       | 10.1.0.9:3478        | nat-stun-port | 2
EXPECTED

exec /usr/bin/python3 - "$here" "$build" "$work" <<'PYTHON'
import importlib.machinery
import itertools
import importlib.util
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

REPO, BUILD, WORK = (Path(a) for a in sys.argv[1:4])
REPORT = REPO / "tools" / "flow-report.py"
TSHARK = REPO / "tools" / "tshark-with-plugin"
SAMPLE = REPO / "samples" / "apple-flows.pcap"
SPEC = REPO / "samples" / "flows.spec"
# flows.spec's header: the packets of each kind of flow
PACKETS = {("tcp", "handshake"): 8, ("tcp", "midstream"): 3, ("tcp", "server-first"): 3,
           ("udp", "request"): 2, ("udp", "server-first"): 2}
# The headers the report shortens when space is short, in its two tables
FLOW_SHORT = {"Pkts": "Packets", "✓": "Verified"}
SUMMARY_SHORT = {"Pkts": "Packets", "Verified": "Verified flows"}
WIDE_PRODUCT = "東京テレビ, Ærø"
USER_ROW = f'uat:apple_ports:"7000","tcp","airplay","AirPlay","{WIDE_PRODUCT}, AirPlay"'

failures = 0


def fail(message):
    global failures
    failures += 1
    print(f"FAIL: {message}")


def load_make_samples():
    path = str(REPO / "tools" / "make-samples")
    loader = importlib.machinery.SourceFileLoader("make_samples", path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def distinct(values):
    return list(dict.fromkeys(values))


def cells_wide(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def positions(line):
    """(display column, character) of every character of line."""
    out, at = [], 0
    for ch in line:
        out.append((at, ch))
        at += cells_wide(ch)
    return out, at


def report(capture, columns, *options, expect_ok=True):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    run = subprocess.run([str(REPORT), "--build", str(BUILD), *options, str(capture)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8")
    if expect_ok and run.returncode != 0:
        print(f"FAIL: the report over {capture.name} exited with {run.returncode}:\n{run.stderr}")
        sys.exit(1)
    return run


def split_report(text, what):
    """(title, flow table lines, summary table lines)."""
    lines = text.rstrip("\n").split("\n")
    try:
        blank = lines.index("")
    except ValueError:
        fail(f"{what}: no blank line before the summary")
        sys.exit(1)
    if lines[blank + 1] != "By service":
        fail(f"{what}: the summary does not start with 'By service': {lines[blank + 1]!r}")
    return lines[0], lines[1:blank], lines[blank + 2:]


def table_cells(table, limit, what):
    """The table's cells, line by line, from its column offsets; and fails
    where columns are not aligned. A column is the span between gaps:
    display columns where every line has a space, two or more wide."""
    laid = [positions(line) for line in table]
    right_end = max(end for _, end in laid)
    for line, (_, end) in zip(table, laid):
        if end > limit:
            fail(f"{what}: a line is {end} cells wide, more than {limit}: {line!r}")
        if line != line.rstrip():
            fail(f"{what}: trailing spaces: {line!r}")
    ink = [False] * right_end
    for chars, _ in laid:
        for at, ch in chars:
            if ch != " ":
                for c in range(at, at + max(1, cells_wide(ch))):
                    ink[c] = True
    spans, start, c = [], 0, 0
    while c < right_end:
        if not ink[c]:
            gap_end = c
            while gap_end < right_end and not ink[gap_end]:
                gap_end += 1
            if gap_end - c >= 2 and c > 0:
                spans.append((start, c))
                start = gap_end
            c = gap_end
        else:
            c += 1
    spans.append((start, right_end))

    rows, inks = [], []
    for chars, _ in laid:
        row, ink_row = [], []
        for a, b in spans:
            inside = [(at, ch) for at, ch in chars if a <= at < b]
            row.append("".join(ch for _, ch in inside).strip())
            inked = [(at, at + cells_wide(ch)) for at, ch in inside if ch != " "]
            ink_row.append((inked[0][0], inked[-1][1]) if inked else None)
        rows.append(row)
        inks.append(ink_row)
    header = rows[0]
    if "" in header or any("  " in h for h in header):
        fail(f"{what}: the header does not name every column at its offset: {table[0]!r}")
    for n, (a, b) in enumerate(spans):
        numeric = all(row[n].isdigit() for row in rows[1:] if row[n])
        for line, ink in zip(table[1:], (ink_row[n] for ink_row in inks[1:])):
            if ink is None:
                continue
            if numeric and ink[1] != b:
                fail(f"{what}: column {header[n]!r} does not end at {b}: {line!r}")
            if not numeric and ink[0] != a:
                fail(f"{what}: column {header[n]!r} does not start at {a}: {line!r}")
    return header, rows[1:]


def shows(shown, full):
    """shown is full, or full cut with one "…"."""
    if shown == full:
        return True
    if shown.count("…") != 1:
        return False
    head, tail = shown.split("…")
    return len(head) + len(tail) < len(full) and full.startswith(head) and full.endswith(tail)


def compare_cut(header, rows, full_header, full_rows, short, what):
    """header and rows at a narrow width against the full ones: the same
    columns in the same order (some may be left out), each cell the same
    or cut with "…"."""
    index, at = [], 0
    for h in header:
        name = short.get(h, h)
        while at < len(full_header) and not (shows(name, full_header[at])
                                             or shows(h, full_header[at])):
            at += 1
        if at == len(full_header):
            fail(f"{what}: column {h!r} is none of {full_header}")
            return
        index.append(at)
        at += 1
    if len(rows) != len(full_rows):
        fail(f"{what}: {len(rows)} lines, {len(full_rows)} at full width")
        return
    for row, full in zip(rows, full_rows):
        for cell, i in zip(row, index):
            if not shows(cell, full[i]):
                fail(f"{what}: {cell!r} is not {full[i]!r} nor a cut of it")


def is_group(address):
    return address.is_multicast or (address.version == 4 and address.packed == b"\xff" * 4)


def plugin_roles(f):
    """(client, server) of a spec flow by the plugin's rule, which the report
    follows (apple.to_server): the server port is the label's PORT (the SYN's
    target with a handshake, else the lower port); for equal ports, a group
    is the server, else the first sender is the client. Without a handshake
    that is not always the real client (a flow joined mid-stream whose
    client has the lower port)."""
    if f.client.port != f.server.port:
        return (f.client, f.server) if f.server.port == f.port else (f.server, f.client)
    if is_group(f.server.address) or is_group(f.client.address):
        return (f.server, f.client) if is_group(f.client.address) else (f.client, f.server)
    client_first = f.kind != "server-first"
    return (f.client, f.server) if client_first else (f.server, f.client)


def endpoint(v4, v6, port):
    return f"[{v6}]:{port}" if v6 else f"{v4}:{port}"


def check_sample(full):
    """The 200-column report of the sample against the spec."""
    make_samples = load_make_samples()
    flows = [f for f in make_samples.parse_spec(SPEC) if f.services]
    _, table, summary = split_report(full.stdout, "sample, 200 columns")
    header, rows = table_cells(table, 200, "sample, 200 columns")
    col = {FLOW_SHORT.get(name, name): i for i, name in enumerate(header)}
    for name in ("Proto", "Client", "Server", "Service", "Products", "Packets", "Bytes"):
        if name not in col:
            fail(f"sample, 200 columns: no column {name!r} in {header}")
            return
    by_endpoints = {}
    for row in rows:
        by_endpoints.setdefault((row[col["Proto"]], row[col["Client"]], row[col["Server"]]),
                                []).append(row)
        for name in ("Client", "Server", "Service"):
            if "…" in row[col[name]]:
                fail(f"sample, 200 columns: {name} cut: {row}")
    turned = 0
    for f in flows:
        client, server = plugin_roles(f)
        turned += client != f.client
        key = (f.transport.upper(), str(client), str(server))
        found = by_endpoints.get(key, [])
        if len(found) != 1:
            reversed_key = (key[0], key[2], key[1])
            hint = " (it is shown the other way round)" if reversed_key in by_endpoints else ""
            fail(f"spec line {f.line} ({f.text}): {len(found)} report lines {key}{hint}")
            continue
        row = found[0]
        if row[col["Service"]] != ", ".join(distinct(f.services)):
            fail(f"spec line {f.line}: service {row[col['Service']]!r}, "
                 f"expected {', '.join(distinct(f.services))!r}")
        if row[col["Packets"]] != str(PACKETS[(f.transport, f.kind)]):
            fail(f"spec line {f.line}: {row[col['Packets']]} packets, "
                 f"expected {PACKETS[(f.transport, f.kind)]}")
    if len(rows) != len(flows):
        fail(f"sample, 200 columns: {len(rows)} flow lines, the spec labels {len(flows)} flows")
    print(f"sample: {len(flows)} labelled flows checked; in {turned} of them, joined mid-stream, "
          f"the plugin's server (the lower port) is the real client")

    # tshark's own view of the labelled packets: the products of each flow,
    # and the frame lengths, which the report's bytes add up.
    fields = ["frame.len", "ip.src", "ipv6.src", "tcp.srcport", "udp.srcport",
              "ip.dst", "ipv6.dst", "tcp.dstport", "udp.dstport", "apple.product"]
    packets = subprocess.run([str(TSHARK), "--build", str(BUILD), "-r", str(SAMPLE), "-Y", "apple",
                              "-T", "fields", "-E", "separator=/t", "-E", "aggregator=|"]
                             + [a for f in fields for a in ("-e", f)],
                             stdout=subprocess.PIPE, encoding="utf-8", check=True).stdout
    lengths, products = [], {}
    for line in packets.splitlines():
        length, src4, src6, tsport, usport, dst4, dst6, tdport, udport, product = line.split("\t")
        lengths.append(length)
        ends = frozenset([endpoint(src4, src6, tsport + usport),
                          endpoint(dst4, dst6, tdport + udport)])
        products[("TCP" if tsport else "UDP", ends)] = product.split("|") if product else []
    for row in rows:
        names = distinct(products.get((row[col["Proto"]],
                                       frozenset([row[col["Client"]], row[col["Server"]]])), []))
        shown = ", ".join(names[:3] + ([f"+{len(names) - 3}"] if len(names) > 3 else []))
        if not shows(row[col["Products"]], shown):
            fail(f"sample: products {row[col['Products']]!r}, expected {shown!r} (the first "
                 f"three of {names}, then +N)")

    # The summary: by service, flows and packets from the spec; bytes add up.
    s_header, s_rows = table_cells(summary, 200, "sample summary, 200 columns")
    if [SUMMARY_SHORT.get(h, h) for h in s_header[:4]] != ["Service", "Flows", "Packets", "Bytes"]:
        fail(f"sample summary: columns {s_header}")
        return
    expected = {}
    for f in flows:
        e = expected.setdefault(", ".join(distinct(f.services)), [0, 0])
        e[0] += 1
        e[1] += PACKETS[(f.transport, f.kind)]
    expected["All"] = [len(flows), sum(e[1] for e in expected.values())]
    got = {row[0]: [int(row[1]), int(row[2])] for row in s_rows}
    if got != expected:
        for name in sorted(set(got) | set(expected)):
            if got.get(name) != expected.get(name):
                fail(f"sample summary, {name}: flows and packets {got.get(name)}, "
                     f"expected {expected.get(name)}")
    total_bytes = sum(int(n) for n in lengths)
    if s_rows[-1][0] != "All" or int(s_rows[-1][3]) != total_bytes:
        fail(f"sample summary: the last line {s_rows[-1]} does not total {total_bytes} bytes")
    if sum(int(row[col["Bytes"]]) for row in rows) != total_bytes:
        fail(f"sample: the flows' bytes do not add up to {total_bytes}")
    if sum(int(row[3]) for row in s_rows[:-1]) != total_bytes:
        fail(f"sample summary: the services' bytes do not add up to {total_bytes}")


def check_widths(capture, options, what, full_width=200, widths=(60, 100)):
    runs = {w: report(capture, w, *options) for w in (full_width,) + widths}
    _, table, summary = split_report(runs[full_width].stdout, f"{what}, {full_width} columns")
    full = table_cells(table, full_width, f"{what}, {full_width} columns")
    full_summary = table_cells(summary, full_width, f"{what} summary, {full_width} columns")
    for w in widths:
        title, table, summary = split_report(runs[w].stdout, f"{what}, {w} columns")
        if positions(title)[1] > w:
            fail(f"{what}, {w} columns: the title is wider: {title!r}")
        compare_cut(*table_cells(table, w, f"{what}, {w} columns"), *full, FLOW_SHORT,
                    f"{what}, {w} columns")
        compare_cut(*table_cells(summary, w, f"{what} summary, {w} columns"), *full_summary,
                    SUMMARY_SHORT, f"{what} summary, {w} columns")
    return runs


# 1 and 2: the sample at 200, 60 and 100 columns, and with no COLUMNS.
runs = check_widths(SAMPLE, [], "sample")
if not runs[200].stdout.startswith(f"Labelled flows in {SAMPLE}\n"):
    fail(f"the title does not name the capture: {runs[200].stdout.splitlines()[0]!r}")
check_sample(runs[200])
if report(SAMPLE, None).stdout != runs[100].stdout:
    fail("with COLUMNS unset and no terminal, the report is not 100 columns wide")

# 3: Danish and wide characters.
runs = check_widths(SAMPLE, ["-o", "apple.language:da", "-o", USER_ROW], "Danish, wide")
if "Præferencer for dato og tid" not in runs[200].stdout:
    fail("Danish: no Danish product in the report")
if WIDE_PRODUCT not in runs[200].stdout:
    fail("the user table's product in wide characters is not in the report")

# 4: folding, and groups as servers.
fold_capture = WORK / "fold.pcap"
subprocess.run([str(REPO / "tools" / "make-samples"), "--spec", str(WORK / "fold.spec"),
                "--output", str(fold_capture)], check=True, stdout=subprocess.DEVNULL)
_, table, _ = split_report(report(fold_capture, 200).stdout, "folding")
header, rows = table_cells(table, 200, "folding")
header = [FLOW_SHORT.get(h, h) for h in header]
got = [[row[header.index(n)] for n in ("Proto", "Client", "Server", "Service", "Packets")]
       for row in rows]
expected = [[c.strip() for c in line.split("|")]
            for line in (WORK / "fold.expected").read_text().splitlines()]
if got != expected:
    fail("folding: the report lines differ from the expected ones:\n" +
         "\n".join(f"  got      {g}\n  expected {e}"
                   for g, e in itertools.zip_longest(got, expected) if g != e))

# 5: tshark's failures.
(WORK / "not-a-capture.pcap").write_text("not a capture\n")
run = report(WORK / "not-a-capture.pcap", 100, expect_ok=False)
if run.returncode == 0 or "isn't a capture file" not in run.stderr:
    fail(f"not a capture: status {run.returncode}, message {run.stderr!r}")
cut = WORK / "cut.pcap"
cut.write_bytes(SAMPLE.read_bytes()[:30000])
run = report(cut, 100, expect_ok=False)
if run.returncode == 0 or "cut short" not in run.stderr:
    fail(f"a capture cut short: status {run.returncode}, message {run.stderr!r}")
if not run.stdout.startswith("Labelled flows in") or "By service" not in run.stdout:
    fail(f"a capture cut short: no report of the packets read before it: {run.stdout!r}")

if failures:
    print(f"{failures} failure(s)")
    sys.exit(1)
print("ok: the demo's report")
PYTHON
