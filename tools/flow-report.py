#!/usr/bin/python3
# The flows the Apple plugin labels in a capture, as a report a person can
# read: one aligned line per flow (client on the left, server on the right,
# by the plugin's own apple.to_server), then a summary by service.
#
#   tools/flow-report.py [--build DIR] [--config DIR] [-o NAME:VALUE]...
#                        [--width N] CAPTURE
#
#   --build DIR      the build whose plugin tshark loads (default: $APPLE_BUILD_DIR, or build/)
#   --config DIR     a Wireshark configuration folder (passed to tools/tshark-with-plugin)
#   -o NAME:VALUE    a preference for tshark, e.g. -o apple.language:da
#   --width N        the width to fit (default: $COLUMNS, else the terminal's, else 100)
#
# It runs tools/tshark-with-plugin -r CAPTURE -Y apple -T fields and reads
# its lines. Packets and bytes are those of the flow's labelled packets
# (bytes: frame lengths, as in Wireshark's Conversations). The exit status
# is 0, or tshark's when tshark fails, with tshark's message on stderr after
# the report of what it had read (a capture cut short mid-packet).
#
# Python 3.7 or later, standard library only.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import argparse
import dataclasses
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

TSHARK = Path(__file__).resolve().parent / "tshark-with-plugin"

# Products shown before "+N" for the rest: the Info tag's rule
# (APPLE_TAG_PRODUCTS_SHOWN in plugin/core/apple-texts.h).
PRODUCTS_SHOWN = 3

# Lookups and discovery chatter: every query may come from a fresh client
# port, so one client makes a new "flow" per lookup, each meaningless alone.
# Only these are folded into one line per client and server. Any other
# service's flow is a session of its own (a connection, a call, a transfer)
# that an engineer wants to see, however short; folding those would hide
# exactly the flows a report is read for.
CHATTER_SERVICES = {"domain", "mdns", "ssdp"}

# tshark's fields, in the order of its output columns. The aggregator is
# "|", not tshark's default ",", because values hold commas ("lyd-RTP,
# -RTCP, video-RTP, -RTCP", instance names): a comma would split one value
# in two. No apple.* value holds a "|".
FIELDS = [
    "frame.protocols", "frame.len",
    "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
    "tcp.stream", "tcp.srcport", "tcp.dstport",
    "udp.stream", "udp.srcport", "udp.dstport",
    "apple.to_server", "apple.service", "apple.product",
]
# Fields that later versions of the plugin add; asked for only when this
# build has them (tshark refuses an unknown field).
OPTIONAL_FIELDS = ["apple.verified", "apple.host_service"]
REQUIRED_APPLE_FIELDS = ["apple.to_server", "apple.service", "apple.product"]

ELLIPSIS = "…"
CHECK_MARK = "✓"
GAP = "  "                      # between columns


# --- Display width -------------------------------------------------------------

def char_width(ch):
    """Terminal cells a character takes: 0 for combining marks and format
    characters, 2 for East Asian wide and fullwidth ones, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text):
    return sum(char_width(ch) for ch in text)


def clean(text):
    """One line of text: control characters become "?", and runs of white
    space one space, so that two spaces only ever separate columns."""
    text = "".join("?" if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" else ch
                   for ch in text)
    return " ".join(text.split())


def truncate(text, width):
    """text cut to at most width cells, ending in "…" where it was cut."""
    if text_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    # "Mail, iCloud…", not "Mail, iCloud …" or "Mail,…"
    return "".join(out).rstrip(" ,") + ELLIPSIS


def truncate_start(text, width):
    """text cut to at most width cells from its start, "…" where it was cut."""
    if text_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for ch in reversed(text):
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return ELLIPSIS + "".join(reversed(out))


def pad(text, width, right):
    fill = " " * max(0, width - text_width(text))
    return fill + text if right else text + fill


@dataclass
class Cell:
    """A cell's text as start + middle + end. A cell that is too wide loses
    the start of its middle and keeps the rest: an endpoint keeps its port
    and the end of its address, which tells hosts of one network apart
    ("…1.10:52001", "[…:1::10]:52200"). A cell that is all start (text)
    is cut at its end ("Messages, Fa…")."""
    start: str
    middle: str = ""
    end: str = ""

    def text(self):
        return self.start + self.middle + self.end

    def fit(self, width):
        if text_width(self.text()) <= width:
            return self.text()
        kept = text_width(self.start) + text_width(self.end)
        if self.middle and kept + 2 <= width:
            return self.start + truncate_start(self.middle, width - kept) + self.end
        return truncate(self.text(), width)


@dataclass
class Column:
    header: str
    right: bool = False         # right-aligned (numbers)
    short: str = None           # the header when space is short ("Pkts")


def fit_widths(columns, rows, width, cuts):
    """Each column's header and width, and how many cells the line is still
    too wide by: each column is as wide as its widest cell; then, while the
    line is wider than width, the short headers, then columns cut stage by
    stage: cuts is a list of ({headers}, floor), and a stage takes a cell at
    a time from the widest of its columns still above floor. Columns that no
    stage names (numbers) are never cut."""
    def natural(i, header):
        return max([text_width(header)] + [text_width(r[i].text()) for r in rows])

    headers = [c.header for c in columns]
    widths = [natural(i, h) for i, h in enumerate(headers)]
    excess = lambda: sum(widths) + len(GAP) * (len(widths) - 1) - width     # noqa: E731
    for i, c in enumerate(columns):
        if excess() > 0 and c.short:
            headers[i], widths[i] = c.short, natural(i, c.short)
    for names, floor in cuts:
        while excess() > 0:
            cuttable = [i for i, c in enumerate(columns) if c.header in names and widths[i] > floor]
            if not cuttable:
                break
            widths[max(cuttable, key=lambda i: (widths[i], -i))] -= 1
    return headers, widths, max(0, excess())


def render(columns, rows, width, cuts, last_cuts=(), drop_order=()):
    """The header line and one line per row, columns aligned and never
    touching: every cell is cut to its column's width. When the cuts are
    not enough, the columns of drop_order are left out, one at a time,
    before the last_cuts are made."""
    while True:
        headers, widths, excess = fit_widths(columns, rows, width, cuts)
        drop = next((i for name in drop_order for i, c in enumerate(columns)
                     if c.header == name), None)
        if not excess or drop is None:
            break
        columns = columns[:drop] + columns[drop + 1:]
        rows = [r[:drop] + r[drop + 1:] for r in rows]
    if excess:
        headers, widths, excess = fit_widths(columns, rows, width, list(cuts) + list(last_cuts))
    lines = []
    for cells in [[Cell(h) for h in headers]] + rows:
        parts = [pad(cell.fit(w), w, col.right) for cell, w, col in zip(cells, widths, columns)]
        lines.append(GAP.join(parts).rstrip())
    return lines


# --- Reading tshark ------------------------------------------------------------

def tshark_command(args, *tshark_args):
    command = [str(TSHARK)]
    if args.build:
        command += ["--build", args.build]
    if args.config:
        command += ["--config", args.config]
    return command + ["--"] + list(tshark_args)


def fail(message, status=1):
    sys.stdout.flush()
    print(f"flow-report: {message}", file=sys.stderr)
    sys.exit(status)


def known_fields(args):
    """The protocol and field names this tshark and plugin build know
    (tshark -G fields), and what tshark said on stderr (a plugin it could
    not load)."""
    run = subprocess.run(tshark_command(args, "-G", "fields"), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, encoding="utf-8", errors="replace")
    if run.returncode != 0:
        fail(f"tshark -G fields failed (status {run.returncode}):\n{run.stderr.rstrip()}",
             run.returncode)
    names = {line.split("\t")[2] for line in run.stdout.splitlines()
             if line[:2] in ("F\t", "P\t") and line.count("\t") >= 2}
    return names, run.stderr.rstrip()


def distinct(values):
    """values without repeats, in their order."""
    return list(dict.fromkeys(values))


def last_of(names, protocols, before=None):
    """Index of the last of names in the frame's protocols (the innermost
    layer, for tunnels), looking only before index before; None if absent."""
    end = len(protocols) if before is None else before
    for i in range(end - 1, -1, -1):
        if protocols[i] in names:
            return i
    return None


def is_true(value):
    """A boolean as tshark prints it: "1" (4.0), or "True"."""
    return value.lower() in ("1", "true")


@dataclass
class Endpoint:
    address: str
    port: str
    ipv6: bool

    def cell(self):
        if self.ipv6:
            return Cell("[", self.address, "]:" + self.port)
        return Cell("", self.address, ":" + self.port)


@dataclass
class Flow:
    order: int                  # the flow's place in the capture: its first packet's
    transport: str              # "tcp" or "udp"
    client: Endpoint
    server: Endpoint
    services: list = field(default_factory=list)
    products: list = field(default_factory=list)
    packets: int = 0
    bytes: int = 0
    verified: bool = False
    host_services: list = field(default_factory=list)
    flows: int = 1              # >1 for a line that folds several lookups


def read_packet(values, flows):
    """Adds one labelled packet (tshark's fields, each a list of values) to
    its flow in flows, keyed by transport and TCP/UDP stream. False if the
    packet has no TCP or UDP layer to key it by."""
    protocols = values["frame.protocols"][0].split(":") if values["frame.protocols"] else []
    at = last_of(("tcp", "udp"), protocols)
    ip_at = last_of(("ip", "ipv6"), protocols, at)
    if at is None or ip_at is None:
        return False
    transport, ip = protocols[at], protocols[ip_at]
    try:
        stream = values[f"{transport}.stream"][-1]
        src = Endpoint(values[f"{ip}.src"][-1], values[f"{transport}.srcport"][-1], ip == "ipv6")
        dst = Endpoint(values[f"{ip}.dst"][-1], values[f"{transport}.dstport"][-1], ip == "ipv6")
        to_server = is_true(values["apple.to_server"][0])
    except IndexError:
        return False
    key = (transport, stream)
    flow = flows.get(key)
    if flow is None:
        # The plugin says for every packet which way it goes, by its rule
        # (the TCP handshake; else the server port; for equal ports a
        # multicast group, else the first sender, is the server).
        client, server = (src, dst) if to_server else (dst, src)
        flow = flows[key] = Flow(len(flows), transport, client, server)
    # The label of the latest packet: in a single pass a flow's label can
    # only get better informed as the capture goes on.
    flow.services = distinct(values["apple.service"])
    flow.products = distinct(values["apple.product"])
    flow.packets += 1
    flow.bytes += int(values["frame.len"][0]) if values["frame.len"] else 0
    if any(is_true(v) for v in values.get("apple.verified", [])):
        flow.verified = True
    flow.host_services = distinct(flow.host_services + values.get("apple.host_service", []))
    return True


def fold_chatter(flows):
    """The flows in capture order, with the UDP lookups of one client to one
    server port (see CHATTER_SERVICES) folded into one line each."""
    lines, group_at = [], {}
    for flow in sorted(flows, key=lambda f: f.order):
        if flow.transport != "udp" or not set(flow.services) <= CHATTER_SERVICES:
            lines.append(flow)
            continue
        key = (flow.client.address, flow.server.address, flow.server.port,
               tuple(flow.services), tuple(flow.products), flow.verified)
        if key not in group_at:
            group_at[key] = len(lines)
            lines.append(flow)
            continue
        at = group_at[key]
        group = lines[at] = dataclasses.replace(lines[at])     # never alter a flow itself
        group.flows += flow.flows
        group.packets += flow.packets
        group.bytes += flow.bytes
        group.host_services = distinct(group.host_services + flow.host_services)
    return lines


# --- The report ----------------------------------------------------------------

def products_text(products):
    """As the Info tag: the first three, then "+N" for the rest."""
    shown = products[:PRODUCTS_SHOWN]
    if len(products) > PRODUCTS_SHOWN:
        shown.append(f"+{len(products) - PRODUCTS_SHOWN}")
    return ", ".join(shown)


# How the flow table gives way when the line is too wide: the long lists
# first, then the services (the label itself) and the endpoints longer than
# any IPv4 one (link-local IPv6 with an interface identifier); then the lists
# are left out rather than cut further (a few letters of a list say nothing),
# the port table's products first, as the host service (from evidence) says
# more; then the endpoints and services are cut; the counts never.
FLOW_CUTS = [({"Products"}, 20), ({"Host service"}, 16), ({"Products"}, 14),
             ({"Service"}, 14), ({"Client", "Server"}, 24),
             ({"Products", "Host service"}, 12), ({"Service"}, 10)]
FLOW_DROPS = ("Products", "Host service")
FLOW_LAST_CUTS = [({"Client", "Server"}, 16), ({"Service"}, 8), ({"Client", "Server"}, 14),
                  ({"Service"}, 4), ({"Client", "Server"}, 8)]
SUMMARY_CUTS = [({"Service"}, 4)]


def client_cell(flow):
    if flow.flows > 1:                  # many client ports: the address and the count
        return Cell("", flow.client.address, f" ({flow.flows} flows)")
    return flow.client.cell()


def flow_table(lines, optional):
    columns = [Column("Proto"), Column("Client"), Column("Server"), Column("Service"),
               Column("Products"),
               Column("Packets", right=True, short="Pkts"), Column("Bytes", right=True)]
    if "apple.verified" in optional:
        columns.append(Column("Verified", short=CHECK_MARK))
    if "apple.host_service" in optional:
        columns.append(Column("Host service"))
    rows = []
    for flow in lines:
        row = [Cell(flow.transport.upper()), client_cell(flow), flow.server.cell(),
               Cell(clean(", ".join(flow.services))), Cell(clean(products_text(flow.products))),
               Cell(str(flow.packets)), Cell(str(flow.bytes))]
        if "apple.verified" in optional:
            row.append(Cell(CHECK_MARK if flow.verified else ""))
        if "apple.host_service" in optional:
            row.append(Cell(clean(", ".join(flow.host_services))))
        rows.append(row)
    return columns, rows


def summary_table(flows, optional):
    """Flows, packets and bytes by service (a flow's services together: the
    lines add up to the total)."""
    by_service = {}
    for flow in flows:
        name = ", ".join(flow.services)
        s = by_service.setdefault(name, [0, 0, 0, 0])
        s[0] += flow.flows
        s[1] += flow.packets
        s[2] += flow.bytes
        s[3] += flow.flows if flow.verified else 0
    ranked = sorted(by_service.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))
    ranked.append(("All", [sum(s[i] for s in by_service.values()) for i in range(4)]))
    columns = [Column("Service"), Column("Flows", right=True),
               Column("Packets", right=True, short="Pkts"), Column("Bytes", right=True)]
    if "apple.verified" in optional:
        columns.append(Column("Verified flows", right=True, short="Verified"))
    rows = []
    for name, (n_flows, packets, size, verified) in ranked:
        row = [Cell(clean(name)), Cell(str(n_flows)), Cell(str(packets)), Cell(str(size))]
        if "apple.verified" in optional:
            row.append(Cell(str(verified)))
        rows.append(row)
    return columns, rows


def report_width(args):
    if args.width:
        return args.width
    # COLUMNS when set, else the terminal's width, else (not a terminal) 100
    return shutil.get_terminal_size((100, 24)).columns


def main():
    parser = argparse.ArgumentParser(
        description="Report the flows the Apple plugin labels in a capture.")
    parser.add_argument("--build", help="the build whose plugin tshark loads")
    parser.add_argument("--config", help="a Wireshark configuration folder")
    parser.add_argument("-o", "--option", action="append", default=[], metavar="NAME:VALUE",
                        help="a tshark preference, e.g. apple.language:da")
    parser.add_argument("--width", type=int, help="the width to fit (default: the terminal's)")
    parser.add_argument("capture")
    args = parser.parse_args()
    # Piped into head or less and cut off: end quietly, as other tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # Never fail on a terminal whose encoding lacks "…" or Danish letters.
    sys.stdout.reconfigure(errors="replace")
    width = report_width(args)

    known, warnings = known_fields(args)
    missing = [f for f in REQUIRED_APPLE_FIELDS if f not in known]
    if missing and "apple" not in known:
        fail("tshark did not load the Apple plugin" + (f":\n{warnings}" if warnings else ""))
    if missing:
        fail(f"this plugin build has no field {', '.join(missing)}: rebuild it (tools/build.sh)")
    optional = [f for f in OPTIONAL_FIELDS if f in known]
    names = FIELDS + optional

    command = tshark_command(args, "-r", args.capture, "-Y", "apple", "-T", "fields",
                             "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|")
    for option in args.option:
        command += ["-o", option]
    for name in names:
        command += ["-e", name]
    flows, unread = {}, 0
    with tempfile.TemporaryFile() as stderr:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr,
                              encoding="utf-8", errors="replace") as tshark:
            for line in tshark.stdout:
                columns = line.rstrip("\n").split("\t")
                if len(columns) != len(names) or not read_packet(
                        {n: (v.split("|") if v else []) for n, v in zip(names, columns)}, flows):
                    unread += 1
        stderr.seek(0)
        message = stderr.read().decode("utf-8", "replace").rstrip()

    if tshark.returncode != 0 and not flows:
        fail(f"tshark failed (status {tshark.returncode}):\n{message}", tshark.returncode)

    lines = fold_chatter(flows.values())
    # a long path loses its start, not the capture's name
    print(Cell("Labelled flows in ", clean(args.capture)).fit(width))
    if not lines:
        print("(none)")
    else:
        print("\n".join(render(*flow_table(lines, optional), width,
                               FLOW_CUTS, FLOW_LAST_CUTS, FLOW_DROPS)))
        print()
        print(truncate("By service", width))
        print("\n".join(render(*summary_table(lines, optional), width, SUMMARY_CUTS)))
    if tshark.returncode != 0:
        fail(f"tshark failed (status {tshark.returncode}); the report covers only the packets "
             f"it read before that:\n{message}", tshark.returncode)
    if message:
        print(message, file=sys.stderr)
    if unread:
        print(f"flow-report: {unread} labelled packets left out: no TCP or UDP flow found in "
              f"tshark's line", file=sys.stderr)


if __name__ == "__main__":
    main()
