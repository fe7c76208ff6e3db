#!/usr/bin/python3
"""Checks hand-written facts about the public captures: for each line of the
facts file, the number of frames a display filter selects must equal a
number, or the number another filter (usually of Wireshark's own fields,
independent of this plugin) selects.

    check-facts.py BUILD_DIR CAPTURES_DIR FACTS.tsv [FACTS.tsv...]

Each capture is read once: every filter of its facts is counted in the same
tshark pass (one "-z io,stat" listener per filter). io,stat splits its
argument at commas, so a filter with a comma gets a pass of its own.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import re
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TSHARK = REPO / "tools" / "tshark-with-plugin"


def read_facts(paths):
    facts = []
    for path in paths:
        for number, line in enumerate(Path(path).read_text().splitlines(), 1):
            if not line.strip() or line.startswith("#") or line.startswith("capture\t"):
                continue
            cells = line.split("\t")
            if len(cells) != 4:
                sys.exit(f"{path}:{number}: expected 4 tab-separated columns, found {len(cells)}")
            facts.append((f"{Path(path).name}:{number}", *cells))
    return facts


def count_one(build, capture, flt):
    run = subprocess.run([str(TSHARK), "--build", build, "-r", capture, "-Y", flt,
                          "-T", "fields", "-e", "frame.number"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"tshark -Y '{flt}' on {capture} failed:\n{run.stderr}")
    return len(run.stdout.splitlines())


def count_frames(build, capture, filters):
    """{filter: frames}: one tshark pass for the filters without a comma,
    one more for each filter with one. io,stat prints no row for a capture
    whose frames all have the same time: then each filter gets a pass."""
    counts = {f: count_one(build, capture, f) for f in filters if "," in f}
    plain = [f for f in filters if "," not in f]
    if not plain:
        return counts
    run = subprocess.run([str(TSHARK), "--build", build, "-r", capture, "-q",
                          "-z", "io,stat,0," + ",".join(plain)], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"tshark io,stat on {capture} failed:\n{run.stderr}")
    # the one data row: "|  0.0 <> 48.2 |    500 | 221902 |    394 | ..."
    rows = [line for line in run.stdout.splitlines() if "<>" in line]
    if not rows:
        counts.update({f: count_one(build, capture, f) for f in plain})
        return counts
    numbers = [int(cell) for cell in rows[0].split("|")[2:] if cell.strip()]
    if len(rows) != 1 or len(numbers) != 2 * len(plain):
        sys.exit(f"unexpected io,stat output for {capture}:\n{run.stdout}")
    counts.update({f: numbers[2 * i] for i, f in enumerate(plain)})
    return counts


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    build, captures, paths = argv[0], Path(argv[1]), argv[2:]
    by_capture = OrderedDict()
    for fact in read_facts(paths):
        by_capture.setdefault(fact[1], []).append(fact)
    failed = checked = 0
    for capture, facts in by_capture.items():
        filters = list(OrderedDict.fromkeys(
            [f[2] for f in facts] + [f[3] for f in facts if not f[3].isdigit()]))
        counts = count_frames(build, str(captures / capture), filters)
        for where, _, flt, expected, why in facts:
            want = int(expected) if expected.isdigit() else counts[expected]
            checked += 1
            if counts[flt] != want:
                print(f"FAIL {where}: {capture}: '{flt}' selects {counts[flt]} frames, "
                      f"expected {want} ({expected}): {why}")
                failed += 1
    if not failed:
        print(f"ok: {checked} facts over {len(by_capture)} captures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
