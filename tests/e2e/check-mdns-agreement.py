#!/usr/bin/python3
"""Checks, on every mDNS packet of the captures, that what the plugin says
the packet announces agrees with Wireshark's own dissection of it.

    check-mdns-agreement.py BUILD_DIR CAPTURE [CAPTURE...]

tshark (tools/tshark-with-plugin, the plugin built in BUILD_DIR) reads each
capture once: -Y mdns -T pdml, with the udp, mdns and apple trees. On each
packet the plugin's apple.bonjour.* items are compared with Wireshark's
dns.* records, by the rules of plugin/core/apple-mdns.h:

- apple.bonjour.instance (with .type, .target, .port, and ", goodbye" in its
  label for a TTL of 0): each must be an SRV record "Instance._type._tcp|_udp.
  domain" with that target and port, each at most once; every such record
  must be there, unless the plugin keeps APPLE_MDNS_SERVICES_MAX of them
  (the bound; then it may leave the others out);
- its apple.bonjour.model: the model=, am= or rpMd= value of a TXT record of
  the same instance, and there if such a record is;
- the packet's own apple.bonjour.model (the device-info model): the model of
  a TXT record whose instance has no SRV record shown, a "_device-info._tcp"
  one if there is one, and there if such a record is;
- apple.bonjour.query: the service types of the PTR questions ("_sub"
  subtypes ask for their type), each once, all of them up to
  APPLE_MDNS_QUERIES_MAX;
- a message with an opcode or a response code other than 0 shows nothing.
Records past the parser's APPLE_DNS_MAX_RECORDS may be left out, not
contradicted. The bounds are read from the plugin's headers.

Why PDML and not -T fields: -T fields cannot tell which value belongs to
which record (dns.resp.type also lists the types of NSEC bit maps, dns.txt
has one value per string, dns.resp.ttl none for OPT), and Wireshark's names
do not escape a '.' inside a label ("70-35-60-63.1 Living Room._sleep-proxy.
_udp.local" is one label, then three; dns.srv.instance of 4.4 splits it at
its first '.'). So the labels of each name are read from the message bytes
(udp.payload) at the position Wireshark gives the name, and checked against
the name Wireshark shows. Field names that differ between versions: the SRV
owner is dns.srv.service + .proto + .name on 4.0 and dns.srv.instance +
.service + .proto + .name on 4.4 and 4.6, with no dns.resp.name on any: it
is read from the record's position; booleans show as 1 or True, so their
raw value is read.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TSHARK = REPO / "tools" / "tshark-with-plugin"
MDNS_HEADER = REPO / "plugin" / "core" / "apple-mdns.h"
DNS_HEADER = REPO / "plugin" / "core" / "apple-dns.h"

TYPE_PTR, TYPE_TXT, TYPE_SRV = 12, 16, 33
MODEL_KEYS = (b"model", b"am", b"rpmd")          # apple-mdns.h: TXT model=, am= or rpMd=
DEVICE_INFO = "_device-info._tcp"


def read_bounds():
    """The bounds the plugin documents, from its own headers."""
    bounds = {}
    for header in (MDNS_HEADER, DNS_HEADER):
        for name, value in re.findall(r"^#define\s+(APPLE_\w+_MAX\w*)\s+(\d+)", header.read_text(),
                                      re.M):
            bounds[name] = int(value)
    wanted = ("APPLE_MDNS_SERVICES_MAX", "APPLE_MDNS_QUERIES_MAX", "APPLE_MDNS_TYPE_MAX",
              "APPLE_MDNS_MODEL_MAX", "APPLE_DNS_MAX_RECORDS")
    missing = [w for w in wanted if w not in bounds]
    if missing:
        sys.exit(f"{', '.join(missing)} not found in {MDNS_HEADER.name} / {DNS_HEADER.name}")
    return bounds


BOUNDS = read_bounds()


def fold(text):
    """ASCII case folding only, as the plugin compares names (g_ascii_strcasecmp)."""
    return text.encode("utf-8", "surrogateescape").lower().decode("utf-8", "surrogateescape")


# --- names: labels from the message bytes, checked against Wireshark's -------

class BadName(Exception):
    pass


def read_labels(message, offset):
    """The labels (bytes) of the name at offset, its pointers followed."""
    labels, jumps = [], 0
    while True:
        if offset >= len(message):
            raise BadName(f"name runs past the message at {offset}")
        length = message[offset]
        if length == 0:
            return labels
        if length & 0xC0 == 0xC0:
            if offset + 1 >= len(message) or jumps > 127:
                raise BadName(f"bad pointer at {offset}")
            jumps += 1
            offset = (length & 0x3F) << 8 | message[offset + 1]
        elif length & 0xC0:
            raise BadName(f"label type 0x{length:02x} at {offset}")
        else:
            if offset + 1 + length > len(message):
                raise BadName(f"label runs past the message at {offset}")
            labels.append(message[offset + 1:offset + 1 + length])
            offset += 1 + length


def wireshark_form(labels):
    """How Wireshark shows the name, or None when it escapes some octet of it
    (then it is not compared)."""
    if not labels:
        return "<Root>"
    try:
        text = ".".join(label.decode("utf-8") for label in labels)
    except UnicodeDecodeError:
        return None
    return None if any(ord(c) < 0x20 or ord(c) == 0x7f for c in text) else text


def presentation(label, escape_dots=True):
    """A label as the plugin writes it (apple-dns.h): '.' and '\\' escaped
    (not in an instance, which is the text itself), other control octets as
    \\DDD."""
    out = bytearray()
    for octet in label:
        if octet in b".\\" and escape_dots:
            out += b"\\" + bytes([octet])
        elif octet < 0x20 or octet == 0x7f:
            out += b"\\%03d" % octet
        else:
            out.append(octet)
    return out.decode("utf-8", "replace")


def service_type(labels):
    """("_type._tcp", rest) if labels start with a service type followed by a
    domain (apple-mdns.h), else None."""
    if len(labels) < 3 or len(labels[0]) < 2 or not labels[0].startswith(b"_"):
        return None
    if labels[1].lower() not in (b"_tcp", b"_udp"):
        return None
    text = presentation(labels[0]) + "." + presentation(labels[1])
    if len(text.encode()) >= BOUNDS["APPLE_MDNS_TYPE_MAX"]:
        return None
    return text, labels[2:]


def split_instance(labels):
    """(instance, type, domain) of "Instance._type._tcp.domain", or None."""
    if len(labels) < 4:
        return None
    found = service_type(labels[1:])
    if not found:
        return None
    domain = fold(".".join(presentation(l) for l in found[1]))
    return presentation(labels[0], escape_dots=False), found[0], domain


def txt_model(strings):
    """The first model=, am= or rpMd= value of 1 to APPLE_MDNS_MODEL_MAX - 1
    printable ASCII characters, or None."""
    for string in strings:
        key, equals, value = string.partition(b"=")
        if not equals or key.lower() not in MODEL_KEYS:
            continue
        if 0 < len(value) < BOUNDS["APPLE_MDNS_MODEL_MAX"] and all(0x20 <= c <= 0x7e for c in value):
            return value.decode("ascii")
    return None


# --- one packet, as PDML gives it ------------------------------------------------

def children(element, name):
    return [c for c in element if c.get("name") == name]


def child(element, name):
    found = children(element, name)
    return found[0] if found else None


class Packet:
    """Wireshark's records and the plugin's items of one mDNS packet."""

    def __init__(self, packet):
        self.frame = int(next(f.get("show") for f in packet.iter("field") if f.get("name") == "num"))
        self.problems = []         # what the test could not read: reported as failures
        self.names_checked = 0     # names read here and found as Wireshark shows them
        mdns = [p for p in packet if p.get("name") == "mdns"]
        payloads = [f for f in packet.iter("field") if f.get("name") == "udp.payload"]
        self.entries = []          # questions and records, in the message's order
        self.zero_codes = True
        if len(mdns) != 1 or not payloads:
            self.problems.append(f"{len(mdns)} mdns layers, {len(payloads)} UDP payloads")
        else:
            self.read_mdns(mdns[0], payloads[-1])
        self.services, self.device_models, self.queries = [], [], []
        for apple in (p for p in packet if p.get("name") == "apple"):
            self.read_apple(apple)

    def name_at(self, field, check=True):
        """The labels of the name at the field's position; checked against
        the name Wireshark shows in the field."""
        offset = int(field.get("pos")) - self.base
        labels = read_labels(self.message, offset)
        form = wireshark_form(labels)
        if check and form is not None:
            self.names_checked += 1
            if form != field.get("show"):
                self.problems.append(f"the name at offset {offset} reads as {form!r} here, "
                                     f"Wireshark shows {field.get('show')!r}")
        return labels

    def read_mdns(self, mdns, payload):
        self.base = int(mdns.get("pos"))
        self.message = bytes.fromhex(payload.get("value", ""))
        if int(payload.get("pos")) != self.base:
            self.problems.append("the mdns layer does not start at the UDP payload")
            return
        flags = {f.get("name"): int(f.get("show")) for f in mdns.iter("field")
                 if f.get("name") in ("dns.flags.opcode", "dns.flags.rcode")}
        self.zero_codes = not any(flags.values())
        for section in children(mdns, ""):
            for entry in children(section, ""):
                try:
                    if child(entry, "dns.qry.name") is not None:
                        self.entries.append(self.read_question(entry))
                    elif child(entry, "dns.resp.type") is not None:
                        self.entries.append(self.read_record(entry))
                except BadName as error:
                    self.problems.append(f"record at {entry.get('pos')}: {error}")

    def read_question(self, entry):
        return {"question": True, "type": int(child(entry, "dns.qry.type").get("show")),
                "name": self.name_at(child(entry, "dns.qry.name"))}

    def read_record(self, entry):
        rtype = int(child(entry, "dns.resp.type").get("show"))
        ttl = child(entry, "dns.resp.ttl")
        record = {"question": False, "type": rtype, "ttl": int(ttl.get("show")) if ttl is not None else None}
        owner = child(entry, "dns.resp.name")
        if owner is not None:
            record["name"] = self.name_at(owner)
        else:
            # SRV: no dns.resp.name, the record's summary starts with the owner
            record["name"] = self.name_at(entry, check=False)
            form = wireshark_form(record["name"])
            if form is not None:
                self.names_checked += 1
                if not entry.get("show", "").startswith(form + ": type "):
                    self.problems.append(f"SRV owner {form!r} is not the start of "
                                         f"{entry.get('show')!r}")
        if rtype == TYPE_SRV:
            port, target = child(entry, "dns.srv.port"), child(entry, "dns.srv.target")
            if port is None or target is None:
                raise BadName("an SRV record without port or target")
            record["port"] = int(port.get("show"))
            record["target"] = self.name_at(target)
        elif rtype == TYPE_TXT:
            record["strings"] = [bytes.fromhex(s.get("value", "")) for s in children(entry, "dns.txt")]
        elif rtype == TYPE_PTR and child(entry, "dns.ptr.domain_name") is not None:
            record["target"] = self.name_at(child(entry, "dns.ptr.domain_name"))
        return record

    def read_apple(self, apple):
        for item in apple:
            name, show = item.get("name"), item.get("show")
            if name == "apple.bonjour.instance":
                detail = {c.get("name"): c.get("show") for c in item}
                service = {"instance": show, "type": detail.get("apple.bonjour.type"),
                           "target": detail.get("apple.bonjour.target"),
                           "port": int(detail.get("apple.bonjour.port", "-1")),
                           "model": detail.get("apple.bonjour.model")}
                label = item.get("showname", "")
                plain = f"Bonjour instance: {show} ({service['type']})"
                goodbye = f"Bonjour instance: {show} ({service['type']}, goodbye)"
                if label not in (plain, goodbye):
                    self.problems.append(f"cannot read the plugin's item {label!r}")
                service["goodbye"] = label == goodbye
                self.services.append(service)
            elif name == "apple.bonjour.model":
                self.device_models.append(show)
            elif name == "apple.bonjour.query":
                self.queries.append(show)


# --- what Wireshark's records say the plugin may and must show ----------------------

def service_key(instance, stype, target, port, goodbye):
    return (fold(instance), fold(stype), fold(target), port, goodbye)


def show_service(s):
    return (f"{s['instance']!r} {s['type']} -> {s['target']}:{s['port']}"
            f"{' (goodbye)' if s['goodbye'] else ''}")


def check_packet(p, totals):
    """Failures (text) of one packet; adds what was compared to totals."""
    fails = list(p.problems)
    if not p.zero_codes:
        if p.services or p.device_models or p.queries:
            fails.append("a message with a non-zero opcode or response code, and the plugin shows "
                         "what it announces")
        return fails
    limit = BOUNDS["APPLE_DNS_MAX_RECORDS"]

    # Wireshark's SRV records as services; those within the parser's bound are required
    srvs = []
    for i, e in enumerate(p.entries):
        if e["question"] or e["type"] != TYPE_SRV or not e["target"]:
            continue
        split = split_instance(e["name"])
        if split:
            srvs.append({"instance": split[0], "type": split[1], "domain": split[2],
                         "target": ".".join(presentation(l) for l in e["target"]),
                         "port": e["port"], "goodbye": e["ttl"] == 0, "required": i < limit})
    for s in srvs:
        s["key"] = service_key(s["instance"], s["type"], s["target"], s["port"], s["goodbye"])
    txts = []
    for i, e in enumerate(p.entries):
        if not e["question"] and e["type"] == TYPE_TXT:
            split, model = split_instance(e["name"]), txt_model(e["strings"])
            if split and model:
                txts.append({"instance": fold(split[0]), "type": fold(split[1]), "domain": split[2],
                             "model": model, "required": i < limit})

    # the services the plugin shows
    shown_keys = []
    for s in p.services:
        key = service_key(s["instance"], s["type"], s["target"], s["port"], s["goodbye"])
        records = [r for r in srvs if r["key"] == key]
        if not records:
            near = [show_service(r) for r in srvs if fold(r["instance"]) == key[0]] or ["none"]
            fails.append(f"the plugin shows the service {show_service(s)}; Wireshark's SRV records "
                         f"of that instance: {', '.join(near)}")
            continue
        if key in shown_keys:
            fails.append(f"the plugin shows the service {show_service(s)} twice")
        shown_keys.append(key)
        domains = {r["domain"] for r in records}
        models = [t for t in txts if (t["instance"], t["type"]) == key[:2] and t["domain"] in domains]
        if s["model"] is not None and s["model"] not in {t["model"] for t in models}:
            fails.append(f"the plugin gives {show_service(s)} the model {s['model']!r}; Wireshark's "
                         f"TXT records of the instance say {sorted({t['model'] for t in models})}")
        if s["model"] is None and any(t["required"] for t in models):
            fails.append(f"the plugin gives {show_service(s)} no model; its TXT record says "
                         f"{models[0]['model']!r}")
    missing = []
    for r in srvs:
        if r["required"] and r["key"] not in shown_keys and r["key"] not in [m["key"] for m in missing]:
            missing.append(r)
    if missing and len(shown_keys) < BOUNDS["APPLE_MDNS_SERVICES_MAX"]:
        fails.append(f"the plugin shows {len(shown_keys)} services, not Wireshark's SRV records "
                     + ", ".join(show_service(m) for m in missing))
    if missing and not fails:
        totals["truncated"] += 1

    # the device-info model: TXT records of instances with no service shown
    shown_owners = {(r["key"][0], r["key"][1], r["domain"]) for r in srvs if r["key"] in shown_keys}
    alone = [t for t in txts if (t["instance"], t["type"], t["domain"]) not in shown_owners]
    device_info = [t for t in alone if t["type"] == DEVICE_INFO]
    if len(p.device_models) > 1:
        fails.append(f"the plugin shows {len(p.device_models)} device models: {p.device_models}")
    for model in p.device_models:
        allowed = device_info or alone
        if model not in {t["model"] for t in allowed}:
            fails.append(f"the plugin shows the device model {model!r}; Wireshark's TXT records "
                         f"of instances without a service shown say "
                         f"{[(t['instance'], t['type'], t['model']) for t in alone] or 'none'}")
    if not p.device_models and any(t["required"] for t in alone):
        fails.append(f"the plugin shows no device model; the TXT record of "
                     f"{alone[0]['instance']!r} {alone[0]['type']} says {alone[0]['model']!r}")

    # the queries: the types of PTR questions
    asked = []
    for i, e in enumerate(p.entries):
        if not e["question"] or e["type"] != TYPE_PTR:
            continue
        labels = e["name"]
        if len(labels) > 2 and labels[1].lower() == b"_sub":
            labels = labels[2:]
        found = service_type(labels)
        if found and fold(found[0]) not in [fold(a) for a, _ in asked]:
            asked.append((found[0], i < limit))
    asked_folded = {fold(a) for a, _ in asked}
    seen = []
    for query in p.queries:
        if fold(query) not in asked_folded:
            fails.append(f"the plugin shows the query {query!r}; Wireshark's PTR questions ask for "
                         f"{[a for a, _ in asked] or 'nothing'}")
        if fold(query) in seen:
            fails.append(f"the plugin shows the query {query!r} twice")
        seen.append(fold(query))
    not_shown = [a for a, required in asked if required and fold(a) not in seen]
    if not_shown and len(seen) < BOUNDS["APPLE_MDNS_QUERIES_MAX"]:
        fails.append(f"the plugin does not show the queries {not_shown}")

    totals["names"] += p.names_checked
    totals["services"] += len(p.services)
    totals["models"] += sum(s["model"] is not None for s in p.services) + len(p.device_models)
    totals["queries"] += len(p.queries)
    return fails


def read_capture(build, capture):
    run = subprocess.run([str(TSHARK), "--build", str(build), "-r", str(capture), "-Y", "mdns",
                          "-T", "pdml", "-J", "udp mdns apple"], capture_output=True)
    if run.returncode != 0 or run.stderr:
        raise SystemExit(f"tshark on {capture} exited with {run.returncode}:\n"
                         f"{run.stderr.decode(errors='replace')}")
    return [Packet(packet) for packet in ET.fromstring(run.stdout).iter("packet")]


def main(argv):
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    build, captures = argv[0], argv[1:]
    failed = False
    for capture in captures:
        name = Path(capture).name
        packets = read_capture(build, capture)
        totals = {"names": 0, "services": 0, "models": 0, "queries": 0, "truncated": 0}
        failures = [(p.frame, f) for p in packets for f in check_packet(p, totals)]
        for frame, failure in failures:
            print(f"FAIL: {name} frame {frame}: {failure}")
        if not packets:
            print(f"FAIL: {name}: no mDNS packet, nothing compared")
            failures.append((0, "no packet"))
        if failures:
            failed = True
            continue
        print(f"ok: {name}: {len(packets)} mDNS packets agree with Wireshark's records: "
              f"{totals['services']} services, {totals['models']} models, {totals['queries']} "
              f"queries; {totals['truncated']} packets past the plugin's bounds; "
              f"{totals['names']} names read as Wireshark shows them")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
