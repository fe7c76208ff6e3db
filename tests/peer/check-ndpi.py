#!/usr/bin/python3
"""Compares the plugin's apple.verified with nDPI's ndpiReader, flow by flow,
over captures, and checks that every disagreement is one the expected file
lists (and that every listed one still happens).

    check-ndpi.py BUILD_DIR EXPECTED.tsv CAPTURE... [--all]

BUILD_DIR is the build whose plugin tools/tshark-with-plugin loads.
EXPECTED.tsv lists the disagreements, one a line, tab-separated:
    capture  flow  ours  ndpi  reason
as the file's header says. --all also prints every flow compared.

A flow is a TCP or UDP 5-tuple (both tools key flows by it; a port reused
by a later connection stays one flow, as in nDPI):
  - ours is "verified" if any packet of the flow has apple.verified in a
    two-pass run (tshark -2). nDPI gives one answer per flow, after it has
    seen the flow; the plugin's answer for the flow as a whole is the one of
    the second pass (what the GUI shows), where every packet of a flow
    carries what the whole flow's evidence says (in one pass the packets
    before a ClientHello cannot know its name). Only a packet's own evidence
    still differs within a flow: a DNS lookup that names an Apple host, an
    mDNS message from an Apple device or asking for an Apple service type;
    one such packet makes the flow one that carries Apple's traffic.
  - nDPI's answer is the protocol ndpiReader -v 2 prints for it: Apple's if
    either part of it (master.app, "TLS.AppleiCloud") is one of the
    APPLE_PROTOCOLS below.
  - a flow is written "client -> server transport": the client is the sender
    of a SYN without ACK; without one, the end with the higher port; with
    equal ports, the sender of the flow's first packet. This is neither
    tool's own choice, so the flow's name does not change when either does.
Packets inside an ICMP error belong to no TCP or UDP flow and are left out,
as are nDPI's flows of other protocols (ICMP, IGMP...). A flow that only
one of the two sees is a disagreement too ("(no flow)").

Exit status: 0 if the disagreements are exactly the listed ones, 1 if not,
77 if ndpiReader is not installed (CTest's SKIP_RETURN_CODE), 2 on bad usage.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import ipaddress
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TSHARK = REPO / "tools" / "tshark-with-plugin"
SKIP = 77

# nDPI's protocols that are Apple's own services, as nDPI 4.2 names them
# (ndpiReader -h). Every protocol ndpiReader lists whose name looks like
# Apple's must be in one of these two sets, or the check fails: a protocol a
# later nDPI adds is decided on, not missed.
APPLE_PROTOCOLS = {
    "Apple", "AppleiCloud", "AppleiTunes", "ApplePush", "AppleSiri", "AppleStore",
    "iCloudPrivateRelay",   # Apple's relay; nDPI knows its ingress by name and address
}
NOT_APPLE_PROTOCOLS = {
    "AppleJuice",   # a peer-to-peer file sharing network, nothing of Apple's
}
APPLE_LOOKING = re.compile(r"apple|icloud|itunes|facetime|siri|imessage", re.IGNORECASE)

TSHARK_FIELDS = [
    "frame.number", "frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
    "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.flags.syn",
    "tcp.flags.ack", "apple.verified", "apple.evidence", "apple.host", "apple.server_name",
]

# "\t12\tTCP 192.168.2.17:50582 <-> 92.122.252.82:443 [proto: 91.140/TLS.Apple][...]"
NDPI_FLOW = re.compile(r"^\t\d+\t(?P<l4>[A-Z0-9]+) (?P<a>\S+) (?:<->|->) (?P<b>\S+) "
                       r"(?:\[VLAN: \d+\])?\[proto: [0-9.]+/(?P<proto>[^\]]+)\](?P<rest>.*)$")
NDPI_ATTR = re.compile(r"\[(Confidence|cat|Hostname/SNI): ([^\]]*)\]")


class Failure(Exception):
    pass


def endpoint(address, port):
    """(address, port) with the address in one canonical spelling."""
    return (str(ipaddress.ip_address(address)), int(port))


def ndpi_spelling(ep):
    """The endpoint as ndpiReader 4.2 spells it: after inet_ntop, it turns
    every ":0:" of an IPv6 address into "::" (2600:1900:4160:5999:0:19:: is
    printed 2600:1900:4160:5999::19::, which is no address at all). Flows are
    matched on this spelling, so they match whatever nDPI makes of them."""
    address, port = ep
    return (address.replace(":0:", "::") if ":" in address else address, port)


def show(ep):
    address, port = ep
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


class Flow:
    """A flow as tshark shows it, with the plugin's answers."""

    def __init__(self):
        self.first = None           # (src, dst) of the first packet
        self.syn_from = None        # sender of a SYN without ACK
        self.verified = False
        self.evidence = set()       # apple.evidence values, for the messages
        self.names = set()          # apple.host and apple.server_name values, likewise

    def ends(self):
        """(client, server), by the rule in the header."""
        src, dst = self.first
        if self.syn_from:
            client = self.syn_from
            return client, (dst if client == src else src)
        if src[1] != dst[1]:
            return (src, dst) if src[1] > dst[1] else (dst, src)
        return src, dst


def flow_key(transport, a, b):
    return (transport, frozenset((a, b)))


# --- nDPI ----------------------------------------------------------------

def ndpi_version():
    run = subprocess.run(["ndpiReader", "-h"], capture_output=True, text=True)
    found = re.search(r"nDPI (\d+\.\d+(?:\.\d+)?)", run.stdout + run.stderr)
    if not found:
        raise Failure("ndpiReader -h printed no nDPI version")
    return found.group(1), run.stdout + run.stderr


def check_protocol_names(help_text):
    """Every Apple-looking protocol nDPI knows has been decided on."""
    names = set(re.findall(r"^\s*\d+\s+(\S+)\s+\S+\s", help_text, re.MULTILINE))
    if not names:
        raise Failure("ndpiReader -h listed no protocols")
    undecided = sorted(n for n in names if APPLE_LOOKING.search(n)
                       and n not in APPLE_PROTOCOLS and n not in NOT_APPLE_PROTOCOLS)
    if undecided:
        raise Failure("nDPI knows protocols that look like Apple's and that this script has not "
                      f"decided on (APPLE_PROTOCOLS or NOT_APPLE_PROTOCOLS): {', '.join(undecided)}")


def split_endpoint(text):
    """'1.2.3.4:80' or '[fe80::1]:5353' -> (address, port), spelled as
    ndpi_spelling() spells it"""
    address, _, port = text.rpartition(":")
    address = address.strip("[]")
    try:
        return ndpi_spelling(endpoint(address, port))
    except ValueError:                  # one of nDPI's own spellings
        return (address, int(port))


def ndpi_flows(capture):
    """{key: (protocol, confidence, category, hostname)} of the TCP and UDP flows."""
    run = subprocess.run(["ndpiReader", "-q", "-v", "2", "-i", capture],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise Failure(f"ndpiReader -i {capture} exited with {run.returncode}:\n{run.stderr}")
    flows = {}
    for line in run.stdout.splitlines():
        m = NDPI_FLOW.match(line)
        if not m:
            continue
        transport = m["l4"].lower()
        if transport not in ("tcp", "udp"):
            continue
        attrs = dict(NDPI_ATTR.findall(m["rest"]))
        key = flow_key(transport, split_endpoint(m["a"]), split_endpoint(m["b"]))
        if key in flows:
            raise Failure(f"ndpiReader printed the flow {m['a']} {m['b']} {transport} twice")
        flows[key] = (m["proto"], attrs.get("Confidence", "?"), attrs.get("cat", "?"),
                      attrs.get("Hostname/SNI", ""))
    return flows


def ndpi_says_apple(protocol):
    return any(part in APPLE_PROTOCOLS for part in protocol.split("."))


# --- the plugin ----------------------------------------------------------

def last(cell):
    """The innermost of a field's occurrences (tunnels carry several)."""
    return cell.split("|")[-1] if cell else ""


def all_of(cell):
    return [v for v in cell.split("|") if v] if cell else []


def plugin_flows(build, capture):
    """{key: Flow} of the TCP and UDP flows tshark sees, with the plugin's answers."""
    args = [str(TSHARK), "--build", build, "-r", capture, "-2", "-T", "fields",
            "-E", "occurrence=a", "-E", "aggregator=|"]
    for field in TSHARK_FIELDS:
        args += ["-e", field]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0 or run.stderr:
        raise Failure(f"tshark on {capture} exited with {run.returncode}:\n{run.stderr}")
    flows = {}
    for line in run.stdout.splitlines():
        row = dict(zip(TSHARK_FIELDS, line.split("\t")))
        layers = row["frame.protocols"].split(":")
        transports = [i for i, p in enumerate(layers) if p in ("tcp", "udp")]
        if not transports:
            continue
        at = transports[-1]
        transport = layers[at]
        # an ICMP error quotes a TCP/UDP header: no flow of its own
        if any(p in ("icmp", "icmpv6") for p in layers[:at]):
            continue
        nets = [p for p in layers[:at] if p in ("ip", "ipv6")]
        if not nets:
            continue
        net = nets[-1]
        src = endpoint(last(row[f"{net}.src"]), last(row[f"{transport}.srcport"]))
        dst = endpoint(last(row[f"{net}.dst"]), last(row[f"{transport}.dstport"]))
        key = flow_key(transport, ndpi_spelling(src), ndpi_spelling(dst))
        flow = flows.setdefault(key, Flow())
        if flow.first is None:
            flow.first = (src, dst)
        if (transport == "tcp" and flow.syn_from is None and last(row["tcp.flags.syn"]) in ("1", "True")
                and last(row["tcp.flags.ack"]) in ("0", "False")):
            flow.syn_from = src
        if row["apple.verified"]:
            flow.verified = True
        flow.evidence.update(all_of(row["apple.evidence"]))
        flow.names.update(all_of(row["apple.host"]) + all_of(row["apple.server_name"]))
    return flows


# --- the comparison ------------------------------------------------------

def read_expected(path):
    """{(capture, flow): (ours, ndpi, reason, line number)}"""
    expected = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("capture\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 5 or not all(c.strip() for c in cells):
            raise Failure(f"{path}:{number}: expected 5 non-empty tab-separated columns, "
                          f"found {len(cells)}")
        capture, flow, ours, ndpi, reason = cells
        if ours not in ("verified", "not verified", "(no flow)"):
            raise Failure(f"{path}:{number}: ours must be 'verified', 'not verified' or "
                          f"'(no flow)', not '{ours}'")
        if (capture, flow) in expected:
            raise Failure(f"{path}:{number}: {capture} {flow} is listed twice")
        expected[(capture, flow)] = (ours, ndpi, reason, number)
    return expected


def reason_class(reason):
    """The reason's words before its first colon: what the totals count by."""
    return reason.split(":", 1)[0].strip()


def compare_capture(build, capture, show_all):
    """[(flow text, ours, ndpi, detail)] of the disagreements, and the counts."""
    ours_flows = plugin_flows(build, capture)
    ndpi = ndpi_flows(capture)
    if not ours_flows and not ndpi:
        raise Failure(f"{capture}: neither tshark nor ndpiReader found a TCP or UDP flow")
    disagreements, counts = [], Counter()
    for key in sorted(set(ours_flows) | set(ndpi), key=sorted_key):
        transport, ends = key
        flow = ours_flows.get(key)
        if flow:
            client, server = flow.ends()
        elif len(ends) == 2:                    # only nDPI has it: the higher port is the client
            client, server = sorted(ends, key=lambda e: (-e[1], e))
        else:                                   # both ends the same
            client = server = min(ends)
        name = f"{show(client)} \u2192 {show(server)} {transport}"
        ours = "(no flow)" if not flow else "verified" if flow.verified else "not verified"
        protocol, confidence, category, host = ndpi.get(key, ("(no flow)", "", "", ""))
        detail = (f"ours: evidence {','.join(sorted(flow.evidence)) or '-'} "
                  f"names {','.join(sorted(flow.names)) or '-'}" if flow else "ours: -")
        detail += f"; nDPI: {confidence} cat {category} host {host or '-'}"
        counts["flows"] += 1
        agree = flow is not None and key in ndpi and flow.verified == ndpi_says_apple(protocol)
        if agree:
            counts["agree, both Apple" if flow.verified else "agree, neither"] += 1
        else:
            disagreements.append((name, ours, protocol, detail))
        if show_all:
            print(f"  {'  ' if agree else '!='} {name}: ours {ours}, nDPI {protocol} ({detail})")
    return disagreements, counts


def sorted_key(key):
    transport, ends = key
    return (transport, sorted(ends))


def main(argv):
    show_all = "--all" in argv
    argv = [a for a in argv if a != "--all"]
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    build, expected_path, captures = argv[0], argv[1], argv[2:]
    if not shutil.which("ndpiReader"):
        print("SKIP: ndpiReader is not installed (Debian package libndpi-bin; "
              "tools/install-deps.sh installs it)")
        return SKIP
    try:
        version, help_text = ndpi_version()
        check_protocol_names(help_text)
        expected = read_expected(expected_path)
        print(f"nDPI {version}, expected disagreements from {expected_path}")
        compared = {Path(c).name for c in captures}
        problems = []
        totals, by_reason = Counter(), Counter()
        seen = set()
        for capture in captures:
            name = Path(capture).name
            if show_all:
                print(name)
            disagreements, counts = compare_capture(build, capture, show_all)
            totals.update(counts)
            for flow, ours, ndpi, detail in disagreements:
                seen.add((name, flow))
                want = expected.get((name, flow))
                if want is None:
                    problems.append(f"{name}: {flow}: ours {ours}, nDPI {ndpi}: not listed "
                                    f"({detail})\n    to list it: {name}\t{flow}\t{ours}\t{ndpi}\tREASON")
                elif want[:2] != (ours, ndpi):
                    problems.append(f"{name}: {flow}: ours {ours}, nDPI {ndpi}, but line {want[3]} "
                                    f"lists ours {want[0]}, nDPI {want[1]} ({detail})")
                else:
                    by_reason[reason_class(want[2])] += 1
        for (name, flow), (ours, ndpi, _, number) in sorted(expected.items(), key=lambda i: i[1][3]):
            if name not in compared:
                problems.append(f"line {number}: {name} was not compared (not among the captures)")
            elif (name, flow) not in seen:
                problems.append(f"line {number}: {name}: {flow}: listed as ours {ours}, nDPI {ndpi}, "
                                "but the two now agree (or the flow is gone): remove the line")
    except Failure as e:
        print(f"FAIL: {e}")
        return 1

    agreements = totals["agree, both Apple"] + totals["agree, neither"]
    print(f"{len(captures)} captures, {totals['flows']} flows compared: {agreements} agreements "
          f"({totals['agree, both Apple']} both Apple, {totals['agree, neither']} neither), "
          f"{totals['flows'] - agreements} disagreements")
    for reason, n in sorted(by_reason.items(), key=lambda i: (-i[1], i[0])):
        print(f"  {n:4d}  {reason}")
    if problems:
        print(f"FAIL: {len(problems)} difference(s) from {expected_path}:")
        for p in problems:
            print(f"  {p}")
        return 1
    print("ok: every disagreement is listed, and every listed one happens")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
