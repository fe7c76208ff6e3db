#!/usr/bin/python3
"""Checks the statistics of one capture with the real tshark and the plugin
built in BUILD_DIR.

    check-stats.py tree    BUILD_DIR CAPTURE EXPECTED [--update]
    check-stats.py flows   BUILD_DIR CAPTURE EXPECTED [--update]
    check-stats.py csv     BUILD_DIR CAPTURE EXPECTED [--update]
    check-stats.py devices BUILD_DIR CAPTURE EXPECTED [--update]
    check-stats.py counts  BUILD_DIR CAPTURE

tree:   "tshark -q -z apple,tree" equals EXPECTED, byte for byte (rates and
        percentages included: they are fixed for a given capture).
flows:  "tshark -q -z apple,flows" (Wireshark's table format) equals EXPECTED.
csv:    "tshark -q -z apple,csv" equals EXPECTED.
devices: "tshark -q -z apple,devices" equals EXPECTED; and its rows read as a
        script would read them (parse_devices), each row's Flows, Packets
        and Bytes equal a recount from the frames' own fields: the frames
        labelled by an announcement (apple.bonjour.frame) of one of the
        row's instance names, their frame.len, and their distinct flows
        (transport, client address and port, server port).
counts: recounts all three from the labelled frames' own fields, in one
        tshark pass, independently of the tap:
        - "Packets" = labelled frames, "Bytes" = the sum of their frame.len;
        - each leaf under "Packets/Bytes by service" = frames (bytes) with that
          apple.service, the same for products (apple.product), host services
          (apple.host_service), evidence (apple.verified or not) and for
          "TCP 443 (https)" (TCP frames with apple.port 443, whose services
          are the ones in brackets);
        - each CSV row = the frames of that transport and server port whose
          server address it is, with the same services, as many verified,
          and the rows add up to every labelled frame; the flows table has
          the same rows.
--update rewrites EXPECTED from the current plugin (review the diff!).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import csv
import io
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TSHARK = REPO / "tools" / "tshark-with-plugin"


class Failure(Exception):
    pass


def tshark(build, capture, *args):
    """tshark's output; a failing tshark, or one that writes to stderr, fails the check."""
    run = subprocess.run([str(TSHARK), "--build", build, "-r", capture, *args],
                         capture_output=True, text=True)
    if run.returncode != 0 or run.stderr:
        raise Failure(f"tshark {' '.join(args)} exited with {run.returncode}:\n{run.stderr}")
    return run.stdout


def compare(output, expected, update):
    if update:
        Path(expected).write_text(output)
        print(f"updated {expected}")
        return []
    want = Path(expected).read_text()
    if output == want:
        return []
    import difflib
    diff = difflib.unified_diff(want.splitlines(), output.splitlines(), expected, "tshark",
                                lineterm="")
    return ["output differs from " + Path(expected).name + ":"] + list(diff)[:40]


# --- the tree ------------------------------------------------------------------

def parse_tree(text):
    """{(top, section, name): count}: the name column ends where the header's
    "Count" starts; one space of indent per level."""
    nodes, col, top, section = {}, None, None, ""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Topic / Item"):
            col = line.index("Count")
            continue
        if col is None or line.startswith("---"):
            if col is not None and i > 0 and lines[i - 1].startswith("Topic"):
                continue
            if col is not None and line.startswith("---"):
                break
            continue
        if not line.strip():
            continue
        name, rest = line[:col], line[col:]
        depth = len(name) - len(name.lstrip(" "))
        name = name.strip()
        count = int(rest.split()[0])
        if depth == 0:
            top, section = name, ""
            nodes[(top, "", name)] = count
        elif depth == 1:
            nodes[(top, "", name)] = count
            section = name
        else:
            nodes[(top, section, name)] = count
    return nodes


# --- the flows: CSV and table --------------------------------------------------

def parse_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != ["transport", "server_address", "server_port", "services",
                               "products", "hosts", "host_services", "packets",
                               "verified_packets", "bytes"]:
        raise Failure(f"the CSV does not start with its header line:\n{text[:200]}")
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def parse_table(text):
    """The rows of Wireshark's table format: 'a |b |c |' lines after the table's title."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Transport |"))
    rows = []
    for line in lines[header + 2:]:
        if line.startswith("====="):
            break
        cells = [c.strip() for c in line.split(" |")[:-1]]
        rows.append(cells)
    return rows


# --- the devices -----------------------------------------------------------------

DEVICE_COLUMNS = ["Device", "Addresses", "MAC", "Names", "Model", "Apple's by", "Services",
                  "Flows", "Packets", "Bytes"]
NOT_APPLE = "Devices that are not Apple's: "


def parse_devices(text):
    """(rows, others): the rows of "-z apple,devices" as {column: cell}, list
    cells split at ", ", and the closing line's count of devices that are
    not Apple's. Cells end with " |" (a '|' inside a name is shown as '/');
    the rows are the lines between the title "Apple devices" and the
    closing line."""
    lines = text.splitlines()
    header = [i for i, line in enumerate(lines) if line.startswith("Device |")]
    closing = [i for i, line in enumerate(lines) if line.startswith(NOT_APPLE)]
    if len(header) != 1 or len(closing) != 1 or lines[header[0] + 1] != "Apple devices":
        raise Failure(f"the devices view has not one header, title and closing line:\n{text[:400]}")
    columns = [c.strip() for c in lines[header[0]].split(" |")[:-1]]
    if columns != DEVICE_COLUMNS:
        raise Failure(f"the devices view's columns are {columns}, not {DEVICE_COLUMNS}")
    rows = []
    for line in lines[header[0] + 2:closing[0]]:
        cells = [c.strip() for c in line.split(" |")]
        if len(cells) != len(columns) + 1 or cells[-1] != "":
            raise Failure(f"a devices row without {len(columns)} cells: {line!r}")
        row = dict(zip(columns, cells))
        for column in ("Addresses", "Names", "Apple's by", "Services"):
            row[column] = row[column].split(", ") if row[column] else []
        for column in ("Flows", "Packets", "Bytes"):
            row[column] = int(row[column])
        rows.append(row)
    return rows, int(lines[closing[0]][len(NOT_APPLE):])


ANNOUNCED_FIELDS = ["frame.len", "apple.bonjour.instance", "apple.to_server", "apple.port",
                    "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport",
                    "ip.src", "ip.dst", "ipv6.src", "ipv6.dst"]


def check_devices_counts(build, capture, text):
    """Each row's Flows, Packets and Bytes against the frames labelled by
    the announcements of its instance names."""
    rows, _ = parse_devices(text)
    out = tshark(build, capture, "-Y", "apple.bonjour.frame", "-T", "fields", "-E", "separator=/t",
                 "-E", "occurrence=a", "-E", "aggregator=|",
                 *sum((["-e", f] for f in ANNOUNCED_FIELDS), []))
    frames = []
    for line in out.splitlines():
        v = dict(zip(ANNOUNCED_FIELDS, line.split("\t")))
        last = lambda f: v[f].split("|")[-1] if v[f] else ""
        tcp = v["tcp.srcport"] != ""
        to_server = last("apple.to_server") in ("1", "True")
        ends = [(last("ipv6.src") or last("ip.src"), last("tcp.srcport" if tcp else "udp.srcport")),
                (last("ipv6.dst") or last("ip.dst"), last("tcp.dstport" if tcp else "udp.dstport"))]
        client = ends[0] if to_server else ends[1]
        frames.append({"len": int(v["frame.len"]), "instance": last("apple.bonjour.instance"),
                       "flow": ("TCP" if tcp else "UDP", *client, last("apple.port"))})
    failures = []
    for row in rows:
        mine = [f for f in frames if f["instance"] in row["Names"]]
        want = (len({f["flow"] for f in mine}), len(mine), sum(f["len"] for f in mine))
        got = (row["Flows"], row["Packets"], row["Bytes"])
        if got != want:
            failures.append(f"device {row['Device']}: flows, packets, bytes are {got} in the view, "
                            f"{want} by the frames labelled by its announcements")
    return failures, len(rows)


# --- the counts ----------------------------------------------------------------

FIELDS = ["frame.len", "apple.service", "apple.product", "apple.port", "apple.verified",
          "apple.host_service", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport",
          "ip.src", "ip.dst", "ipv6.src", "ipv6.dst"]


def labelled_frames(build, capture):
    out = tshark(build, capture, "-Y", "apple", "-T", "fields", "-E", "separator=/t",
                 "-E", "occurrence=a", "-E", "aggregator=|", *sum((["-e", f] for f in FIELDS), []))
    frames = []
    for line in out.splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        tcp = v["tcp.srcport"] != ""
        # the innermost layer is the one labelled (pinfo's), the last occurrence
        last = lambda f: v[f].split("|")[-1] if v[f] else ""
        frames.append({
            "len": int(v["frame.len"]),
            "services": list(dict.fromkeys(v["apple.service"].split("|"))),
            "products": set(v["apple.product"].split("|")) - {""},
            "verified": v["apple.verified"] != "",
            "host_services": set(v["apple.host_service"].split("|")) - {""},
            "port": int(v["apple.port"]),
            "transport": "TCP" if tcp else "UDP",
            "src_port": int(last("tcp.srcport" if tcp else "udp.srcport")),
            "dst_port": int(last("tcp.dstport" if tcp else "udp.dstport")),
            "src": last("ipv6.src") or last("ip.src"),
            "dst": last("ipv6.dst") or last("ip.dst"),
        })
    return frames


def check_counts(build, capture):
    failures, checks = [], 0

    def expect(what, got, want):
        nonlocal checks
        checks += 1
        if got != want:
            failures.append(f"{what}: statistics say {got!r}, the frames' fields say {want!r}")

    frames = labelled_frames(build, capture)
    taps = tshark(build, capture, "-q", "-z", "apple,tree")
    tree = parse_tree(taps)
    flows_csv = parse_csv(tshark(build, capture, "-q", "-z", "apple,csv"))
    table = parse_table(tshark(build, capture, "-q", "-z", "apple,flows"))

    n, b = len(frames), sum(f["len"] for f in frames)
    expect("Packets", tree.get(("Packets", "", "Packets")), n)
    expect("Bytes", tree.get(("Bytes", "", "Bytes")), b)
    for top in ("Packets", "Bytes"):
        for section in [k[2] for k in tree if k[0] == top and k[1] == "" and k[2] != top]:
            expect(f"{top}/{section}", tree[(top, "", section)], n if top == "Packets" else b)

    def leaves(section):
        return {k[2]: c for k, c in tree.items() if k[0] == "Packets" and k[1].startswith(section)}

    def byte_leaf(section, name):
        return next((c for k, c in tree.items()
                     if k[0] == "Bytes" and k[1].startswith(section) and k[2] == name), None)

    count = defaultdict(lambda: [0, 0])
    for f in frames:
        names = ([("service", s) for s in f["services"]] + [("product", p) for p in f["products"]] +
                 [("host service", h) for h in f["host_services"]] +
                 [("evidence", "Verified" if f["verified"] else "Port only")])
        for key in names:
            count[key][0] += 1
            count[key][1] += f["len"]
    for kind, section in (("service", "Packets by service"), ("product", "Packets by product"),
                          ("host service", "Packets by host service"),
                          ("evidence", "Packets by evidence")):
        got = leaves(section)
        want = {name for (k, name) in count if k == kind}
        expect(f"the {kind}s in the tree", set(got), want)
        bytes_section = "Bytes" + section[len("Packets"):]
        for name in want:
            expect(f"{section}/{name}", got.get(name), count[(kind, name)][0])
            expect(f"{bytes_section}/{name}", byte_leaf(bytes_section, name),
                   count[(kind, name)][1])

    total = 0
    for name, c in leaves("Packets by transport and server port").items():
        t, port, services = name.split(" ", 2)
        mine = [f for f in frames if f["transport"] == t and f["port"] == int(port)]
        expect(f"port node {name}", c, len(mine))
        expect(f"bytes of port node {name}",
               byte_leaf("Bytes by transport and server port", name), sum(f["len"] for f in mine))
        expect(f"services of {name}", services.strip("()"),
               "|".join(sorted({", ".join(f["services"]) for f in mine})))
        total += c
    expect("the port nodes add up to every labelled frame", total, n)

    rows_n = rows_b = 0
    for row in flows_csv:
        t, addr, port = row["transport"], row["server_address"], int(row["server_port"])
        mine = [f for f in frames if f["transport"] == t and f["port"] == port and
                ", ".join(f["services"]) == row["services"] and
                ((f["src"] == addr and f["src_port"] == port) or
                 (f["dst"] == addr and f["dst_port"] == port))]
        expect(f"CSV row {t} {addr} {port}: packets", int(row["packets"]), len(mine))
        expect(f"CSV row {t} {addr} {port}: verified packets", int(row["verified_packets"]),
               sum(f["verified"] for f in mine))
        expect(f"CSV row {t} {addr} {port}: bytes", int(row["bytes"]), sum(f["len"] for f in mine))
        rows_n += int(row["packets"])
        rows_b += int(row["bytes"])
    expect("the CSV rows add up to every labelled frame", (rows_n, rows_b), (n, b))
    expect("the flows table has the CSV's rows",
           [r[:4] + r[7:] for r in table],
           [[r["transport"], r["server_address"], r["server_port"], r["services"],
             r["packets"], r["verified_packets"], r["bytes"]] for r in flows_csv])
    return failures, checks, n, len(flows_csv)


def main(argv):
    if len(argv) < 3 or argv[0] not in ("tree", "flows", "csv", "devices", "counts"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    mode, build, capture = argv[:3]
    try:
        if mode == "counts":
            failures, checks, n, rows = check_counts(build, capture)
            ok = f"ok: {Path(capture).name}: {checks} counts agree ({n} labelled frames, {rows} flow rows)"
        elif mode == "devices":
            output = tshark(build, capture, "-q", "-z", "apple,devices")
            failures, rows = check_devices_counts(build, capture, output)
            failures += compare(output, argv[3], argv[4:] == ["--update"])
            ok = (f"ok: devices of {Path(capture).name} as expected ({rows} devices, their "
                  f"counts as the frames labelled by their announcements)")
        else:
            option = {"tree": "apple,tree", "flows": "apple,flows", "csv": "apple,csv"}[mode]
            failures = compare(tshark(build, capture, "-q", "-z", option), argv[3],
                               argv[4:] == ["--update"])
            ok = f"ok: {mode} of {Path(capture).name} as expected"
    except Failure as failure:
        failures = [str(failure)]
    for line in failures:
        print("FAIL: " + line if not line.startswith(("---", "+++", "@@", " ", "-", "+")) else line)
    if not failures:
        print(ok)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
