#!/usr/bin/python3
"""Checks the colouring rules of the Apple profile against Wireshark's own
default rules (the running Wireshark's global "colorfilters" file).

    check-profile-colours.py PROFILE_COLORFILTERS DEFAULT_COLORFILTERS [--min-distance N]

Apple rules are the rules whose filter uses an apple.* field; their names must
start with "Apple" and no other rule's may. It checks:
  - exactly one Apple rule is the neutral rule for port-only labels, with the
    filter "apple && !apple.verified"; every other Apple rule matches only
    verified traffic: its filter is "apple.verified" or
    "apple.verified && (...)" with no top-level "||";
  - every Apple rule's background is at least N (default 12) CIEDE2000 from
    every default rule's background, and from every other Apple rule's, and
    its text has a WCAG contrast ratio of at least 7 on it;
  - every other rule is one of Wireshark's default rules, unchanged (name,
    filter, colours) and in the defaults' order; a default rule that the
    profile lacks must have been replaced in place by rules with its colours
    (another Wireshark version's form of the same rule).
It prints the Apple rules as a table: name, filter, colour, nearest default
rule and the distance to it. CIEDE2000 is checked first against reference
pairs of Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference
formula", Table 1.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import math
import re
import sys
from pathlib import Path

NEUTRAL_FILTER = "apple && !apple.verified"
MIN_CONTRAST = 7.0

# (L*a*b* 1, L*a*b* 2, CIEDE2000) from Sharma et al., Table 1, pairs 1, 4, 17, 18.
REFERENCE_PAIRS = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
]


class Rule:
    def __init__(self, line, where):
        m = re.fullmatch(r"@([^@]*)@(.*)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]", line)
        if not m:
            raise ValueError(f"{where}: not a colouring rule: {line}")
        self.name, self.filter = m.group(1), m.group(2)
        # Wireshark's 16-bit channels; rules it writes itself are multiples of 257
        numbers = [int(x) for x in m.groups()[2:]]
        self.background = tuple(round(v / 257) for v in numbers[:3])
        self.foreground = tuple(round(v / 257) for v in numbers[3:])
        self.colours = tuple(numbers)

    def is_apple(self):
        return re.search(r"\bapple(\.[a-z_.]+)?\b", self.filter) is not None


def read_rules(path):
    rules = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        rules.append(Rule(line.lstrip("!"), f"{path}:{n}"))
    return rules


def srgb_to_lab(rgb):
    def linear(c):
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2):
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    d_l, d_c = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        d_h = 0.0
    else:
        d_h = h2p - h1p
        if d_h > 180:
            d_h -= 360
        elif d_h < -180:
            d_h += 360
    d_hh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(d_h / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_mean = (h1p + h2p + 360) / 2
    else:
        h_mean = (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_hh / s_h) ** 2
                     + r_t * (d_c / s_c) * (d_hh / s_h))


def distance(rgb1, rgb2):
    return ciede2000(srgb_to_lab(rgb1), srgb_to_lab(rgb2))


def contrast(rgb1, rgb2):
    def luminance(rgb):
        lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
               for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    darker, lighter = sorted((luminance(rgb1), luminance(rgb2)))
    return (lighter + 0.05) / (darker + 0.05)


def hex_colour(rgb):
    return "#%02X%02X%02X" % rgb


def top_level_or(text):
    """True if text has "||" or " or " outside parentheses and strings."""
    depth, quoted, i = 0, False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif depth == 0 and (text.startswith("||", i) or re.match(r"\s+or\s", text[i:])):
            return True
        i += 1
    return False


def verified_only(flt):
    if flt == "apple.verified":
        return True
    prefix = "apple.verified && "
    return flt.startswith(prefix) and not top_level_or(flt[len(prefix):])


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--min-distance"):
        sys.exit(__doc__)
    minimum = float(argv[4]) if len(argv) == 5 else 12.0
    failures = []

    for lab1, lab2, want in REFERENCE_PAIRS:
        got = ciede2000(lab1, lab2)
        if abs(got - want) > 0.0001:
            failures.append(f"CIEDE2000{lab1}{lab2} = {got:.4f}, Sharma et al. give {want}")

    profile, defaults = read_rules(argv[1]), read_rules(argv[2])
    apple = [r for r in profile if r.is_apple()]
    others = [r for r in profile if not r.is_apple()]
    for r in profile:
        if r.is_apple() != r.name.startswith("Apple"):
            failures.append(f"rule '{r.name}': a name that starts with 'Apple' goes with an "
                            f"apple.* filter, and only then (filter: {r.filter})")
    neutral = [r for r in apple if r.filter == NEUTRAL_FILTER]
    if len(neutral) != 1:
        failures.append(f"{len(neutral)} rules with the neutral filter '{NEUTRAL_FILTER}', want 1")
    for r in apple:
        if r.filter != NEUTRAL_FILTER and not verified_only(r.filter):
            failures.append(f"rule '{r.name}' can match traffic that is not verified: {r.filter}")

    print(f"{'Rule':46} {'Colour':8} {'Nearest default rule':22} {'CIEDE2000':>9}  Filter")
    for r in apple:
        nearest = min(defaults, key=lambda d: distance(r.background, d.background))
        d = distance(r.background, nearest.background)
        print(f"{r.name:46} {hex_colour(r.background):8} {nearest.name[:22]:22} {d:9.1f}  {r.filter}")
        if d < minimum:
            failures.append(f"rule '{r.name}' {hex_colour(r.background)} is only {d:.1f} from "
                            f"the default rule '{nearest.name}' {hex_colour(nearest.background)} "
                            f"(minimum {minimum})")
        c = contrast(r.background, r.foreground)
        if c < MIN_CONTRAST:
            failures.append(f"rule '{r.name}': text {hex_colour(r.foreground)} on "
                            f"{hex_colour(r.background)} has contrast {c:.1f}, below {MIN_CONTRAST}")
    for i, r in enumerate(apple):
        for s in apple[i + 1:]:
            d = distance(r.background, s.background)
            if d < minimum:
                failures.append(f"Apple rules '{r.name}' and '{s.name}' are only {d:.1f} apart")

    # The other rules: Wireshark's defaults, in their order.
    by_name = {d.name: d for d in defaults}
    found = []   # positions in defaults of the profile's default rules, in profile order
    for r in others:
        d = by_name.get(r.name)
        if d is None:
            if not any(r.colours == d.colours for d in defaults):
                failures.append(f"rule '{r.name}' is not one of Wireshark's default rules and "
                                f"has none of their colours")
            continue
        if (r.filter, r.colours) != (d.filter, d.colours):
            failures.append(f"default rule '{r.name}' is changed: {r.filter} {r.colours}, "
                            f"Wireshark's: {d.filter} {d.colours}")
        found.append(defaults.index(d))
    if found != sorted(found):
        failures.append("the default rules are not in Wireshark's order")
    names = [r.name for r in others]
    for i, d in enumerate(defaults):
        if d.name in names:
            continue
        # Replaced in place: between the profile's copies of its neighbours,
        # a rule that is not a default has its colours.
        before = [x.name for x in defaults[:i] if x.name in names]
        after = [x.name for x in defaults[i + 1:] if x.name in names]
        lo = names.index(before[-1]) + 1 if before else 0
        hi = names.index(after[0]) if after else len(names)
        if not any(o.name not in by_name and o.colours == d.colours for o in others[lo:hi]):
            failures.append(f"Wireshark's default rule '{d.name}' is missing")
        else:
            print(f"note: default rule '{d.name}' is in the profile in another Wireshark "
                  f"version's form: {', '.join(o.name for o in others[lo:hi])}")

    for f in failures:
        print(f"FAIL: {f}")
    if not failures:
        print(f"ok: {len(apple)} Apple rules, each at least {minimum} (CIEDE2000) from "
              f"{len(defaults)} default rules and from each other; {len(others)} default rules unchanged")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
