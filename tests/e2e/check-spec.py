#!/usr/bin/python3
# Checks a sample capture and the plugin against the spec it is made from
# (tools/make-samples writes every samples/*.pcap from its samples/*.spec).
#
# samples/flows.spec (a flow a line, each with its port label):
#   check-spec.py pcap        BUILD_DIR   the spec still writes the committed capture,
#                                         byte for byte (tools/make-samples into BUILD_DIR)
#   check-spec.py labels      BUILD_DIR   every packet of every spec flow, both
#                                         directions, has exactly the expected
#                                         apple.service values and apple.port
#   check-spec.py two-pass    BUILD_DIR   tshark -2 gives the same apple.* fields as
#                                         a single pass
#
# Timeline specs (samples/evidence.spec, samples/bonjour.spec; the header of
# evidence.spec explains them):
#   check-spec.py pcap        BUILD_DIR   as above
#   check-spec.py single-pass BUILD_DIR   one tshark -r: every frame has the apple.*
#                                         fields its statement expects in a single
#                                         pass, the capture says what the spec says
#                                         (server names, DNS names, MAC makers, as
#                                         Wireshark's own dissectors read them), and
#                                         -z apple,devices lists the spec's devices
#   check-spec.py two-pass    BUILD_DIR   the same with tshark -2, whose second pass
#                                         gives every packet of a flow what the flow's
#                                         evidence says
#
# Options: --spec FILE, --capture FILE (default: samples/flows.spec and its capture).
#
# SPDX-License-Identifier: GPL-2.0-or-later
import argparse
import importlib.machinery
import importlib.util
import ipaddress
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TSHARK = REPO / "tools" / "tshark-with-plugin"
MAKE_SAMPLES = REPO / "tools" / "make-samples"
APPLE_FIELDS = [line.strip() for line in (REPO / "tests" / "apple-fields.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
SERVER_BY = {"handshake": "1"}          # every other kind: 2, the lower port


def load_make_samples():
    """tools/make-samples as a module, for its spec parser."""
    loader = importlib.machinery.SourceFileLoader("make_samples", str(MAKE_SAMPLES))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def tshark_fields(build, capture, fields, *extra):
    """One list of values a frame, each a list of the field's occurrences."""
    args = [str(TSHARK), "--build", str(build), "-r", str(capture), *extra, "-T", "fields",
            "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|"]
    for field in fields:
        args += ["-e", field]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"tshark failed ({run.returncode}): {run.stderr.strip()}")
    return [[value.split("|") if value else [] for value in line.split("\t")]
            for line in run.stdout.splitlines()]


def check_pcap(args):
    out_dir = Path(args.build) / "samples"
    out_dir.mkdir(parents=True, exist_ok=True)
    fresh = out_dir / Path(args.capture).name
    subprocess.run([str(MAKE_SAMPLES), "--spec", str(args.spec), "--output", str(fresh)], check=True)
    committed, regenerated = Path(args.capture).read_bytes(), fresh.read_bytes()
    if committed != regenerated:
        at = next((i for i, (a, b) in enumerate(zip(committed, regenerated)) if a != b),
                  min(len(committed), len(regenerated)))
        print(f"FAIL: {fresh} ({len(regenerated)} bytes) differs from {args.capture} "
              f"({len(committed)} bytes) from byte {at}; if the spec changed on purpose, "
              f"run tools/make-samples and review the capture")
        return 1
    print(f"ok: {args.spec} writes {args.capture} byte for byte ({len(committed)} bytes)")
    return 0


def describe(services, port):
    """A label as the spec writes it: SERVICE[,SERVICE...]@PORT or none."""
    return f"{','.join(services)}@{port}" if services or port else "none"


def expected_fields(flow):
    """apple.service, apple.port and apple.server_by the spec asks of every
    packet of the flow, as tshark_fields gives them."""
    if not flow.services:
        return [], [], []
    return list(flow.services), [str(flow.port)], [SERVER_BY.get(flow.kind, "2")]


def check_labels(args):
    make_samples = load_make_samples()
    try:
        flows = make_samples.parse_spec(args.spec)
    except make_samples.SpecError as e:
        sys.exit(str(e))
    by_key = {flow.key(): flow for flow in flows}
    seen = {flow.key(): set() for flow in flows}      # directions: "client", "server"
    wrong = {}                # (flow line, what it got) -> ["frame (from)", ...]
    failures = []

    fields = ["frame.number", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport",
              "udp.srcport", "tcp.dstport", "udp.dstport", "apple.port", "apple.server_by",
              "apple.service"]
    frames = tshark_fields(args.build, args.capture, fields)
    for (number, ip_src, ip6_src, ip_dst, ip6_dst, tcp_sport, udp_sport, tcp_dport, udp_dport,
         port, server_by, services) in frames:
        number = number[0]
        transport = "tcp" if tcp_sport else "udp"
        src = make_samples.Endpoint(ipaddress.ip_address((ip_src or ip6_src)[0]),
                                    int((tcp_sport or udp_sport)[0]))
        dst = make_samples.Endpoint(ipaddress.ip_address((ip_dst or ip6_dst)[0]),
                                    int((tcp_dport or udp_dport)[0]))
        flow = by_key.get(make_samples.flow_key(transport, src, dst))
        if flow is None:
            failures.append(f"frame {number}: {transport} {src} -> {dst} is in no flow of the spec")
            continue
        direction = "client" if src == flow.client else "server"
        seen[flow.key()].add(direction)
        if (services, port, server_by) != expected_fields(flow):
            got = f"{describe(services, ','.join(port))} (server_by {','.join(server_by) or '-'})"
            wrong.setdefault((flow.line, got), []).append(f"{number} (from the {direction})")

    lines = {flow.line: flow for flow in flows}
    for (line, got), where in wrong.items():
        flow = lines[line]
        want_server_by = ",".join(expected_fields(flow)[2]) or "-"
        failures.append(f"{args.spec}:{line}: {flow.text}\n"
                        f"    expected {describe(flow.services, flow.port)} (server_by "
                        f"{want_server_by}), got {got} on frames {', '.join(where)}")
    for flow in flows:
        missing = {"client", "server"} - seen[flow.key()]
        if missing:
            failures.append(f"{args.spec}:{flow.line}: {flow.text}\n"
                            f"    no packet from the {' or '.join(sorted(missing))} in the capture")

    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        return 1
    print(f"ok: {len(flows)} flows, {len(frames)} frames labelled as {args.spec} expects")
    return 0


def check_two_pass(args):
    fields = ["frame.number"] + APPLE_FIELDS
    one = tshark_fields(args.build, args.capture, fields)
    two = tshark_fields(args.build, args.capture, fields, "-2")
    differing = [(a, b) for a, b in zip(one, two) if a != b]
    if len(one) != len(two) or differing:
        print(f"FAIL: one pass gives {len(one)} frames, two passes {len(two)}; "
              f"{len(differing)} frames differ, the first ones:")
        for a, b in differing[:5]:
            print(f"    frame {a[0][0]}:\n      one pass: {a}\n      -2:       {b}")
        return 1
    labelled = sum(1 for frame in one if frame[1])
    print(f"ok: -2 gives the same apple.* fields as one pass on {len(one)} frames "
          f"({labelled} labelled)")
    return 0


# --- Timeline specs -------------------------------------------------------------

# The apple.* fields a timeline's expectations name, then Wireshark's own
# fields that show what the capture holds; frame and endpoints first.
TIMELINE_FIELDS = ["frame.number", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport",
                   "udp.srcport", "tcp.dstport", "udp.dstport",
                   "apple.service", "apple.port", "apple.server_by", "apple.verified",
                   "apple.evidence", "apple.host", "apple.host_service", "apple.server_name",
                   "apple.product", "apple.bonjour.type", "apple.bonjour.instance",
                   "apple.bonjour.model", "apple.bonjour.target", "apple.bonjour.port",
                   "apple.bonjour.query",
                   "tls.handshake.extensions_server_name", "http.host", "dns.qry.name",
                   "dns.resp.name", "dns.cname", "dns.a", "dns.aaaa", "dns.srv.target",
                   "dns.srv.port", "eth.src_resolved", "_ws.malformed", "_ws.expert.severity"]
DEVICE_REASON_TEXTS = {"type": "announces Apple's types", "model": "Apple model",
                       "mac": "Apple MAC"}


def run_tshark(build, capture, fields, extra):
    """tshark's stdout: -T fields lines, then any -z output."""
    args = [str(TSHARK), "--build", str(build), "-r", str(capture), *extra, "-T", "fields",
            "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|"]
    for field in fields:
        args += ["-e", field]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"tshark failed ({run.returncode}): {run.stderr.strip()}")
    return run.stdout


def as_fields(lines, names):
    """{field: [occurrences]} for each -T fields line."""
    out = []
    for line in lines:
        values = line.split("\t")
        out.append({name: (value.split("|") if value else [])
                    for name, value in zip(names, values)})
    return out


def expected_apple(make_samples, statement, values):
    """The apple.* fields (as tshark_fields gives them) that values mean on a
    packet of statement; a field mapped to None is not checked."""
    label = values.label
    want = {
        "apple.service": list(label[0]) if label else [],
        "apple.port": [str(label[1])] if label else [],
        "apple.server_by": [str(values.by)] if label else [],
        "apple.verified": ["1"] if values.verified else [],
        "apple.evidence": list(values.evidence),
        "apple.host": [values.host] if values.host else [],
        "apple.host_service": list(values.host_service),
        "apple.server_name": [values.server_name] if values.server_name else [],
        "apple.product": list(values.product) if values.product is not None else None,
    }
    if isinstance(statement, make_samples.MdnsStatement) and label:
        # what the message announces and asks, as the spec wrote it
        services = statement.services
        models = [s.model() for s in services if s.model()]
        models += [model for _, model in statement.device_infos[:1]]
        want.update({
            "apple.bonjour.instance": [s.instance for s in services],
            "apple.bonjour.type": [s.type for s in services],
            "apple.bonjour.target": [s.target for s in services],
            "apple.bonjour.port": [str(s.port) for s in services],
            "apple.bonjour.model": models,
            "apple.bonjour.query": list(statement.asks),
        })
    else:
        want.update({
            "apple.bonjour.type": [values.bonjour_type] if values.bonjour_type else [],
            "apple.bonjour.instance": [values.bonjour_instance] if values.bonjour_instance else [],
            "apple.bonjour.model": ([] if values.bonjour_model == "-" else
                                    [values.bonjour_model] if values.bonjour_model else
                                    ([] if not values.bonjour_type else None)),
            "apple.bonjour.target": [],
            "apple.bonjour.port": [],
            "apple.bonjour.query": [],
        })
    return want


def shown(values):
    if values is None:
        return "(not checked)"
    return ",".join(values) if values else "-"


def describe_frame(frame):
    side = "client" if frame.from_client else "server"
    if frame.role == "mdns":
        return f"{frame.number}"
    return f"{frame.number} ({frame.role}, {side})"


def sample_failures(make_samples, frame, got):
    """Where Wireshark's own dissectors read the capture otherwise than the
    spec says: the sample itself would be wrong."""
    st, out = frame.statement, []
    if got["_ws.malformed"] or "8388608" in got["_ws.expert.severity"]:
        out.append(f"Wireshark finds frame {describe_frame(frame)} malformed or in error")
    if isinstance(st, make_samples.FlowStatement):
        # Wireshark names the server where the ClientHello is whole: its last
        # segment (ch, or ch1 ch2 ...), its last Initial (initial, or initial1 ...)
        first = {"tls": "ch", "quic": "initial"}.get(st.kind, "")
        hello = [r for r in frame.roles
                 if r == first or (r.startswith(first) and r[len(first):].isdigit())]
        name_at = hello[-1] if hello else None
        if st.kind in ("tls", "quic"):
            want = [st.options["sni"]] if st.options.get("sni") and frame.role == name_at else []
            if got["tls.handshake.extensions_server_name"] != want:
                seen = shown(got["tls.handshake.extensions_server_name"])
                out.append(f"Wireshark reads server name {seen} in frame "
                           f"{describe_frame(frame)}, the spec {shown(want)}")
        if st.kind == "http":
            want = [st.options["host"]] if frame.role == "request" else []
            if got["http.host"] != want:
                out.append(f"Wireshark reads Host {shown(got['http.host'])} in frame "
                           f"{describe_frame(frame)}, the spec {shown(want)}")
        if st.kind == "dns" and got["dns.qry.name"] != [st.options["ask"]]:
            out.append(f"Wireshark reads the question {shown(got['dns.qry.name'])} in frame "
                       f"{describe_frame(frame)}, the spec {st.options['ask']}")
        if st.kind == "dns" and frame.role == "response" and st.options["answer"] != "none":
            chain = st.options["answer"].split(">")
            names, addresses = chain[:-1], chain[-1].split(",")
            want = {"dns.resp.name": names + names[-1:] * (len(addresses) - 1),
                    "dns.cname": names[1:],
                    "dns.a" if ":" not in addresses[0] else "dns.aaaa": addresses}
            for field, value in want.items():
                if got[field] != value:
                    out.append(f"Wireshark reads {field} {shown(got[field])} in frame "
                               f"{describe_frame(frame)}, the spec {shown(value)}")
    elif isinstance(st, make_samples.MdnsStatement):
        want = [f"{t}.local" for t in st.asks]
        if st.asks and got["dns.qry.name"] != want:
            out.append(f"Wireshark reads the questions {shown(got['dns.qry.name'])} in frame "
                       f"{frame.number}, the spec {shown(want)}")
        for field, value in (("dns.srv.target", [x.target for x in st.services]),
                             ("dns.srv.port", [str(x.port) for x in st.services])):
            if got[field] != value:
                out.append(f"Wireshark reads {field} {shown(got[field])} in frame {frame.number}, "
                           f"the spec {shown(value)}")
        # "Apple_6e:0d:52": the maker's short name (longer after 4.0: "Raspberr",
        # then "RaspberryPi"), or the bare MAC when the table has no maker
        resolved = (got["eth.src_resolved"] or ["?"])[0]
        maker = resolved.rsplit("_", 1)[0] if "_" in resolved else None
        if st.vendor == "none" and maker:
            out.append(f"Wireshark names the maker of frame {frame.number}'s MAC ({resolved}); "
                       f"the spec says it has none")
        elif st.vendor and st.vendor != "none" and not (maker or "").startswith(st.vendor):
            out.append(f"Wireshark resolves frame {frame.number}'s MAC as {resolved}, not as "
                       f"{st.vendor}'s")
    return out


def parse_devices(text):
    """The rows of -z apple,devices ({column: cell}) and its closing count."""
    lines = text.splitlines()
    header = next((line for line in lines if line.startswith("Device |")), None)
    if header is None:
        return None, None
    columns = [cell.strip() for cell in header.split(" |")[:-1]]
    rows, others, inside = [], None, False
    for line in lines[lines.index(header) + 1:]:
        if line == "Apple devices":
            inside = True
        elif line.startswith("Devices that are not Apple's:"):
            others = int(line.split(":")[1])
            inside = False
        elif inside and line.endswith(" |"):
            cells = [cell.strip() for cell in line.split(" |")[:-1]]
            rows.append(dict(zip(columns, cells)))
    return rows, others


def device_failures(timeline, stats, two_pass):
    """The device list against the spec's device lines, in order."""
    rows, others = parse_devices(stats)
    if rows is None:
        return ["-z apple,devices printed no device table"]
    out = []
    want_rows = []
    for device in timeline.devices:
        f = device.fields
        by = [DEVICE_REASON_TEXTS[r] for r in make_list(f.get("by"))]
        want = {"Device": device.host,
                "Addresses": ", ".join(make_list(f.get("addresses"))),
                "MAC": "" if f.get("mac", "-") == "-" else f["mac"],
                "Names": ", ".join(make_list(f.get("names"))),
                "Model": "" if f.get("model", "-") == "-" else f["model"],
                "Apple's by": ", ".join(by),
                "Services": ", ".join(make_list(f.get("services"))),
                "Flows": f.get("flows-2" if two_pass else "flows"),
                "Packets": f.get("packets-2" if two_pass else "packets")}
        want_rows.append((device, {k: v for k, v in want.items() if v is not None}))
    got_hosts = [row.get("Device") for row in rows]
    want_hosts = [device.host for device, _ in want_rows]
    if got_hosts != want_hosts:
        out.append(f"the device list has {', '.join(got_hosts) or 'no device'}; the spec "
                   f"{', '.join(want_hosts) or 'none'}")
    for device, want in want_rows:
        row = next((r for r in rows if r.get("Device") == device.host), None)
        if row is None:
            continue
        for column, value in want.items():
            if row.get(column) != value:
                out.append(f"{timeline.path}:{device.line}: device {device.host}: {column} "
                           f"expected '{value}', got '{row.get(column)}'")
    if timeline.others is not None and others != timeline.others:
        out.append(f"the device list counts {others} devices that are not Apple's; the spec "
                   f"{timeline.others}")
    return out


def make_list(text):
    return [item for item in (text or "").split(",") if item and item != "-"]


def check_timeline(args, make_samples, two_pass):
    try:
        timeline = make_samples.parse_timeline(args.spec)
        frames = make_samples.timeline_frames(timeline)
    except make_samples.SpecError as e:
        sys.exit(str(e))
    roles = {}
    for number, frame in enumerate(frames, start=1):
        frame.number = number
        roles.setdefault(id(frame.statement), []).append(frame.role)
    for frame in frames:
        frame.roles = roles[id(frame.statement)]

    extra = ["-2"] if two_pass else []
    if timeline.devices or timeline.others is not None:
        extra += ["-z", "apple,devices"]
    output = run_tshark(args.build, args.capture, TIMELINE_FIELDS, extra).splitlines()
    n_fields = next((i for i, line in enumerate(output) if line.startswith("====")), len(output))
    # -z output follows the frames, after an empty line
    got_frames = as_fields([line for line in output[:n_fields] if line], TIMELINE_FIELDS)
    for got in got_frames:
        # a true boolean: "1" on Wireshark 4.0, "True" on later ones
        got["apple.verified"] = ["1" if v in ("1", "True") else v for v in got["apple.verified"]]
    stats = "\n".join(output[n_fields:])
    mode = "tshark -2" if two_pass else "a single pass"

    failures = []
    if len(got_frames) != len(frames):
        failures.append(f"the capture has {len(got_frames)} frames, the spec makes {len(frames)}: "
                        f"run tools/make-samples")
    wrong = {}            # (statement line, field, expected, got) -> frames
    for frame, got in zip(frames, got_frames):
        st = frame.statement
        src = (got["ip.src"] or got["ipv6.src"] or ["?"])[0]
        dst = (got["ip.dst"] or got["ipv6.dst"] or ["?"])[0]
        sport = (got["tcp.srcport"] or got["udp.srcport"] or ["?"])[0]
        dport = (got["tcp.dstport"] or got["udp.dstport"] or ["?"])[0]
        if (src, sport, dst, dport) != (str(frame.src.address), str(frame.src.port),
                                        str(frame.dst.address), str(frame.dst.port)):
            failures.append(f"frame {frame.number} is {src}:{sport} -> {dst}:{dport}, not the "
                            f"spec's {frame.src} -> {frame.dst}: run tools/make-samples")
            continue
        e = st.expect
        phase = e.after
        if not two_pass and e.from_role and (e.from_role == "never" or
                                             frame.index < frame.roles.index(e.from_role)):
            phase = e.before
        want = expected_apple(make_samples, st, phase)
        differences = tuple(f"{field} expected {shown(value)}, got {shown(got[field])}"
                            for field, value in want.items()
                            if value is not None and got[field] != value)
        if differences:
            # frames of a statement that differ in the same way: one failure
            wrong.setdefault((st.line, st.name, differences), []).append(describe_frame(frame))
        for failure in sample_failures(make_samples, frame, got):
            failures.append(f"{args.spec}:{st.line} {st.name}: {failure}")
    for (line, name, differences), where in wrong.items():
        frames = f"frame{'s' if len(where) > 1 else ''} {', '.join(where)}"
        failures.append(f"{args.spec}:{line} {name}, in {mode}, {frames}:\n      " +
                        "\n      ".join(differences))
    if timeline.devices or timeline.others is not None:
        failures += device_failures(timeline, stats, two_pass)

    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        print(f"{len(failures)} failed")
        return 1
    n = sum(1 for st in timeline.statements if hasattr(st, "expect"))
    devices = f", {len(timeline.devices)} devices" if timeline.devices else ""
    print(f"ok: {n} statements, {len(frames)} frames{devices} as {args.spec} expects in {mode}")
    return 0


def main():
    parser = argparse.ArgumentParser(description="Check a sample capture against its spec.")
    parser.add_argument("check", choices=["pcap", "labels", "single-pass", "two-pass"])
    parser.add_argument("build", help="build directory holding the plugin")
    parser.add_argument("--spec", default=REPO / "samples" / "flows.spec")
    parser.add_argument("--capture", default=REPO / "samples" / "apple-flows.pcap")
    args = parser.parse_args()
    make_samples = load_make_samples()
    if args.check == "pcap":
        sys.exit(check_pcap(args))
    if make_samples.is_timeline(args.spec):
        if args.check == "labels":
            sys.exit(f"check-spec.py: {args.spec} is a timeline: its checks are single-pass "
                     f"and two-pass")
        sys.exit(check_timeline(args, make_samples, args.check == "two-pass"))
    if args.check == "single-pass":
        sys.exit(f"check-spec.py: {args.spec} is a list of flows: its checks are labels and "
                 f"two-pass")
    checks = {"labels": check_labels, "two-pass": check_two_pass}
    sys.exit(checks[args.check](args))


if __name__ == "__main__":
    main()
