#!/usr/bin/python3
"""Turns sharkd's answers to "frame" requests into the lines tests/fuzz/fields.sh
prints for tshark -T fields: frame number, then every FIELD given, several
occurrences joined by '|', tab-separated, in frame order.

    sharkd-fields.py FIELD... < SHARKD_OUTPUT

The load request has the id 1; a frame request's id is its frame number + 1
(sharkd wants ids above 0). The fields are read
from the tree's filter strings ("apple.service == \"https\""), in tree order,
as -T fields -E occurrence=a lists them. Exits 1 if an answer is an error.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import sys


def filter_value(text):
    """'apple.service == "https"' -> https; 'apple.port == 443' -> 443"""
    value = text.split(" == ", 1)[1]
    if value.startswith('"'):
        return json.loads(value)   # Wireshark escapes strings as JSON does
    return value


def collect(nodes, found):
    for node in nodes:
        field = node.get("f", "")
        name = field.split(" == ", 1)[0]
        if name in found and " == " in field:
            found[name].append(filter_value(field))
        collect(node.get("n", []), found)


def main(names):
    frames = {}
    for line in sys.stdin:
        line = line.strip()
        if not line.startswith("{"):
            continue                 # sharkd's own messages
        answer = json.loads(line)
        number = answer.get("id", 0) - 1
        if "error" in answer:
            print("sharkd error for request %d: %s" % (number + 1, answer["error"]),
                  file=sys.stderr)
            return 1
        if number < 1:
            continue                 # the load request's answer
        found = {name: [] for name in names}
        collect(answer["result"]["tree"], found)
        frames[number] = found
    for number in sorted(frames):
        print("\t".join([str(number)] + ["|".join(frames[number][name])
                                         for name in names]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
