#!/usr/bin/python3
# Checks samples/apple-flows.pcap and the plugin against samples/flows.spec:
#
#   check-spec.py pcap     BUILD_DIR   the spec still writes the committed capture,
#                                      byte for byte (tools/make-samples into BUILD_DIR)
#   check-spec.py labels   BUILD_DIR   every packet of every spec flow, both
#                                      directions, has exactly the expected
#                                      apple.service values and apple.port
#   check-spec.py two-pass BUILD_DIR   tshark -2 gives the same apple.* fields as
#                                      a single pass
#
# Options: --spec FILE, --capture FILE (default: the ones in samples/).
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
APPLE_FIELDS = ["apple.port", "apple.server_by", "apple.service", "apple.row", "apple.range",
                "apple.rfc", "apple.protocol", "apple.product", "apple.qualifier"]
SERVER_BY = {"handshake": "1"}          # every other kind: 2, the lower port


def load_make_samples():
    """tools/make-samples as a module, for its spec parser."""
    loader = importlib.machinery.SourceFileLoader("make_samples", str(MAKE_SAMPLES))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def tshark_fields(build, capture, fields, *extra):
    """One list of values a frame, each a list of the field's occurrences."""
    args = [str(TSHARK), "--build", str(build), str(capture), *extra, "-T", "fields",
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


def main():
    parser = argparse.ArgumentParser(description="Check the sample capture against its spec.")
    parser.add_argument("check", choices=["pcap", "labels", "two-pass"])
    parser.add_argument("build", help="build directory holding the plugin")
    parser.add_argument("--spec", default=REPO / "samples" / "flows.spec")
    parser.add_argument("--capture", default=REPO / "samples" / "apple-flows.pcap")
    args = parser.parse_args()
    checks = {"pcap": check_pcap, "labels": check_labels, "two-pass": check_two_pass}
    sys.exit(checks[args.check](args))


if __name__ == "__main__":
    main()
