#!/usr/bin/python3
"""Checks that the display filters and the marked commands of the project's
Markdown files (README.md and docs/*.md) work as shown, with the real tshark
and the plugin built in BUILD_DIR. docs/writing-docs.md says how to mark them.

    check-docs.py filters  SOURCE_DIR BUILD_DIR [FILE.md...]
    check-docs.py commands SOURCE_DIR BUILD_DIR [FILE.md...]
    check-docs.py list     SOURCE_DIR [FILE.md...]

filters:  every display filter compiles against samples/apple-flows.pcap
          (tshark -r SAMPLE -Y FILTER). The filters are
          - the argument of every -Y, --display-filter, tshark's -R and
            -z apple,{tree,flows,csv},FILTER in a code span or fenced block,
            unless it is a placeholder in capitals (-Y FILTER);
          - every line of a block marked <!-- test: filters --> (the filter
            is the line up to two or more spaces, the rest describes it);
          - code spans that look like filters: `apple...` (or `udp && apple...`)
            with an operator, or a bare field name `apple.xxx` (not a file
            name such as apple.so, and not a preference such as apple.language);
            <!-- test: not-filter TEXT --> before a paragraph says that its
            code span TEXT is not one.
          A bare name compiles if tshark -G fields lists it; all the others
          are compiled in one tshark run, and only when that fails are they
          split, to find and report each bad one with tshark's message.
commands: runs the blocks marked <!-- test: run [SECONDS] --> (each command
          must exit with status 0) and <!-- test: output [SECONDS] --> (each
          "$ command" line is run and its output, stdout and stderr together,
          must be the lines that follow it), from SOURCE_DIR, with `tshark`
          running the plugin of BUILD_DIR and APPLE_BUILD_DIR=BUILD_DIR.
list:     prints the filters and commands found, with their lines.

FILE.md... replaces the default files (paths relative to the current folder).
Exit status: 0 all good, 1 a check failed, 2 wrong arguments.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import difflib
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_TIMEOUT = 60            # seconds per marked command
TSHARK_TIMEOUT = 300            # seconds per tshark run of the filters test
SAMPLE = Path("samples") / "apple-flows.pcap"

MARKER = re.compile(r"^\s*<!--\s*test:(?P<body>.*?)-->\s*$")
MARKER_START = re.compile(r"^\s*<!--\s*test\b")
FENCE_OPEN = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# An `apple...` span is a filter when it holds one of these.
FILTER_OPERATORS = ("==", "!=", "contains", "in {", "&&", "||", ">=", "<=", " > ", " < ",
                    "matches", "~")
# `apple`, `apple.port`, and also `udp && apple.product == ...`: a span that
# starts with a lower-case name (so placeholders such as `T && apple.port == P`
# are left out) joined to an apple field.
LOOKS_LIKE_FILTER = re.compile(r"^(?:[a-z][\w.]*\s*(?:&&|\|\|)\s*)?[!(\s]*apple\b")
BARE_FIELD = re.compile(r"^apple(?:\.[a-z0-9_]+)*$")
FILE_SUFFIXES = {"so", "dll", "dylib", "lua", "c", "h", "py", "sh", "md", "txt", "tsv", "csv",
                 "pcap", "pcapng", "gz", "png", "json"}
PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*$")      # -Y FILTER in a usage line
SHELL_CONTROL = {"|", "||", "&&", ";", "&", "(", ")", "|&", ";;"}
TSHARK_NAMES = {"tshark", "tshark-with-plugin"}


class Location:
    """A place in a Markdown file, printed as FILE:LINE."""

    def __init__(self, path, line):
        self.path, self.line = path, line

    def __str__(self):
        return f"{self.path}:{self.line}"


class Block:
    """A fenced block: its opening line, its content lines (number, text) and
    the marker before it, if any (kind, timeout, marker line)."""

    def __init__(self, path, line, info):
        self.path, self.line, self.info = path, line, info
        self.lines = []
        self.marker = None


class Doc:
    def __init__(self, path, shown):
        self.path, self.shown = path, shown      # shown: the name used in messages
        self.blocks = []                         # Block
        self.spans = []                          # (line, text, exempt)
        self.problems = []                       # (line, message): bad markers


# ---------------------------------------------------------------- Markdown

def parse_marker(body):
    """(kind, argument) of a marker's body, or raises ValueError."""
    words = body.split()
    if not words:
        raise ValueError("empty test marker")
    kind, rest = words[0], words[1:]
    if kind == "filters":
        if rest:
            raise ValueError("<!-- test: filters --> takes no argument")
        return kind, None
    if kind in ("run", "output"):
        if not rest:
            return kind, DEFAULT_TIMEOUT
        if len(rest) == 1 and rest[0].isdigit() and int(rest[0]) > 0:
            return kind, int(rest[0])
        raise ValueError(f"<!-- test: {kind} [SECONDS] -->: bad timeout {' '.join(rest)!r}")
    if kind == "not-filter":
        if not rest:
            raise ValueError("<!-- test: not-filter TEXT --> needs the text of the code span")
        return kind, " ".join(rest)
    raise ValueError(f"unknown test marker {kind!r} (filters, run, output, not-filter)")


def code_spans(text, first_line):
    """(line, content) of each code span in a paragraph (lines joined by \\n),
    as CommonMark reads them: a run of N backticks up to the next run of
    exactly N; line breaks inside become spaces."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] == "`":
            i += 2
            continue
        if c != "`":
            i += 1
            continue
        run = i
        while run < n and text[run] == "`":
            run += 1
        width = run - i
        j = run
        close = -1
        while j < n:
            if text[j] == "`":
                k = j
                while k < n and text[k] == "`":
                    k += 1
                if k - j == width:
                    close = j
                    break
                j = k
            else:
                j += 1
        if close < 0:
            i = run                 # no closing run: the backticks are literal
            continue
        content = text[run:close].replace("\n", " ")
        if len(content) >= 2 and content[0] == " " and content[-1] == " " and content.strip():
            content = content[1:-1]
        spans.append((first_line + text.count("\n", 0, i), content))
        i = close + width
    return spans


def read_doc(path, shown):
    """Fenced blocks (with their markers), code spans outside them and marker
    problems of one Markdown file."""
    doc = Doc(path, shown)
    lines = path.read_text(encoding="utf-8").split("\n")
    pending = None              # (kind, argument, line) of a marker waiting for its block
    exempt = []                 # not-filter markers: [text, first line, last line, used, marker line]
    paragraph = []              # (line, text) of the paragraph being read
    table = False

    def flush():
        nonlocal paragraph
        if not paragraph:
            return
        text = "\n".join(t for _, t in paragraph)
        for line, content in code_spans(text, paragraph[0][0]):
            if table:
                content = content.replace("\\|", "|")
            skip = False
            for rule in exempt:
                if rule[0] == content and rule[1] <= line <= rule[2]:
                    rule[3] = True
                    skip = True
            doc.spans.append((line, content, skip))
        paragraph = []

    i = 0
    while i < len(lines):
        number, text = i + 1, lines[i]
        fence = FENCE_OPEN.match(text)
        if fence and not (fence["fence"][0] == "`" and "`" in fence["info"]):
            flush()
            block = Block(shown, number, fence["info"].strip())
            if pending:
                if pending[0] in ("filters", "run", "output"):
                    block.marker = pending
                pending = None
            indent, mark = len(fence["indent"]), fence["fence"]
            closing = re.compile(r"^ *" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}\s*$")
            i += 1
            while i < len(lines) and not closing.match(lines[i]):
                content = lines[i]
                strip = len(content) - len(content.lstrip(" "))
                block.lines.append((i + 1, content[min(strip, indent):]))
                i += 1
            if i >= len(lines):
                doc.problems.append((number, "fenced block is never closed"))
            doc.blocks.append(block)
            i += 1
            continue
        marker = MARKER.match(text)
        if marker or MARKER_START.match(text):
            flush()
            if pending:
                doc.problems.append((pending[2], f"marker '{pending[0]}' is not followed by a fenced block"))
                pending = None
            try:
                if not marker:
                    raise ValueError("test marker not closed on its line")
                kind, argument = parse_marker(marker["body"])
            except ValueError as error:
                doc.problems.append((number, str(error)))
                i += 1
                continue
            if kind == "not-filter":
                # for the paragraph, list item or table that follows
                end = i + 1
                while end < len(lines) and lines[end].strip():
                    end += 1
                exempt.append([argument, number + 1, end, False, number])
            else:
                pending = (kind, argument, number)
            i += 1
            continue
        if pending and text.strip():
            doc.problems.append((pending[2], f"marker '{pending[0]}' is not followed by a fenced block"))
            pending = None
        stripped = text.strip()
        is_table = stripped.startswith("|")
        if not stripped or is_table or re.match(r"^#{1,6}\s", stripped) or is_table != table:
            flush()
        table = is_table
        if stripped:
            paragraph.append((number, stripped))
            if is_table or stripped.startswith("#"):
                flush()
        i += 1
    flush()
    if pending:
        doc.problems.append((pending[2], f"marker '{pending[0]}' is not followed by a fenced block"))
    for text, _, _, used, line in exempt:
        if not used:
            doc.problems.append((line, f"not-filter marker: no code span `{text}` in the paragraph that follows"))
    return doc


def read_docs(source, files):
    if files:
        paths = [Path(f).resolve() for f in files]
    else:
        paths = [source / "README.md"] + sorted((source / "docs").glob("*.md"))
    docs = []
    for path in paths:
        try:
            shown = path.relative_to(source)
        except ValueError:
            shown = path
        docs.append(read_doc(path, shown))
    return docs


# ---------------------------------------------------------------- filters

def shell_words(text):
    """The words of a shell command line, with |, && ... as words of their own;
    None when the quoting does not close."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:
        return None


FALLBACK_FILTER = re.compile(r"""(?:^|\s)(?:-Y|--display-filter)(?:\s+|=)"""
                             r"""(?:'([^']*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+))""")


def filters_in_command(text):
    """(how, filter) of each display filter argument in a command line."""
    if text.startswith("$ "):
        text = text[2:]
    text = text.replace("\\\n", " ")          # a continued line
    if not re.search(r"(?:^|\s)(?:-Y|-R|--display-filter|-z)", text):
        return []
    found = []
    words = shell_words(text)
    if words is None:           # quotes that do not close (prose): a plain look
        words = []
        found = [("-Y", next(g for g in m.groups() if g is not None))
                 for m in FALLBACK_FILTER.finditer(text)]
    in_tshark = False
    for k, word in enumerate(words):
        following = words[k + 1] if k + 1 < len(words) else None
        if word in SHELL_CONTROL:
            in_tshark = False
        elif os.path.basename(word) in TSHARK_NAMES:
            in_tshark = True
        elif word in ("-Y", "--display-filter") or (word == "-R" and in_tshark):
            if following is not None and following not in SHELL_CONTROL:
                found.append((word, following))
        elif word.startswith("--display-filter="):
            found.append(("--display-filter", word.split("=", 1)[1]))
        elif word.startswith("-Y") and len(word) > 2:
            found.append(("-Y", word[2:]))
        elif word == "-z" and following and following.startswith("apple,"):
            parts = following.split(",", 2)
            if len(parts) == 3 and parts[1] in ("tree", "flows", "csv") and parts[2]:
                found.append((f"-z apple,{parts[1]}", parts[2]))
    return [(how, value) for how, value in found if not PLACEHOLDER.match(value)]


def logical_lines(lines):
    """(line, text) of a block's commands: '$ ' prompts stripped, blank and #
    lines skipped, lines ending in \\, |, && or || joined to the next."""
    commands = []
    current, start = None, None
    for number, text in lines:
        if current is None:
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("$ "):
                stripped = stripped[2:].strip()
            current, start = stripped, number
        else:
            current += "\n" + text
        tail = current.rstrip()
        if tail.endswith("\\"):          # bash reads backslash-newline as a space
            continue
        if tail.endswith(("|", "&&", "||")):
            continue
        commands.append((start, current))
        current = None
    if current is not None:
        commands.append((start, current))
    return commands


def span_filter(text):
    """The filter a code span is by the look of it, or None."""
    if not LOOKS_LIKE_FILTER.match(text):
        return None
    if BARE_FIELD.match(text):
        if text.rsplit(".", 1)[-1] in FILE_SUFFIXES and "." in text:
            return None                     # apple.so: a file name
        return text
    if any(op in text for op in FILTER_OPERATORS):
        return text
    return None


def find_filters(docs):
    """(filter, location, how) of every display filter of the documents."""
    found = []
    for doc in docs:
        for block in doc.blocks:
            if block.marker and block.marker[0] == "filters":
                for number, text in block.lines:
                    stripped = text.strip()
                    if stripped and not stripped.startswith("#"):
                        found.append((re.split(r"\s{2,}|\t", stripped, maxsplit=1)[0],
                                      Location(doc.shown, number), "filters block"))
            for number, text in logical_lines(block.lines):
                for how, value in filters_in_command(text):
                    found.append((value, Location(doc.shown, number), f"{how} in a fenced block"))
        for number, text, exempt in doc.spans:
            for how, value in filters_in_command(text):
                found.append((value, Location(doc.shown, number), f"{how} in a code span"))
            value = span_filter(text)
            if value is not None and not exempt:
                how = "field name" if BARE_FIELD.match(value) else "filter"
                found.append((value, Location(doc.shown, number), f"code span ({how})"))
    return found


class Tshark:
    def __init__(self, source, build):
        self.program = str(source / "tools" / "tshark-with-plugin")
        self.build = str(build)
        self.sample = str(source / SAMPLE)
        self.runs = 0

    def run(self, *args):
        """(exit status, stderr) of tshark with the plugin; stdout is dropped."""
        self.runs += 1
        try:
            done = subprocess.run([self.program, "--build", self.build, "--", *args],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=TSHARK_TIMEOUT)
        except subprocess.TimeoutExpired:
            return -1, f"tshark did not finish in {TSHARK_TIMEOUT} s"
        return done.returncode, done.stderr.decode("utf-8", "replace")

    def compile_error(self, display_filter):
        """tshark's complaint about a filter, or None when it compiles and runs
        cleanly over the sample."""
        status, errors = self.run("-r", self.sample, "-Y", display_filter, "-c", "1")
        if status == 0 and not errors.strip():
            return None
        return errors.strip() or f"tshark exited with status {status} and no message"

    def is_preference(self, name):
        _, errors = self.run("-o", f"{name}:x", "-r", self.sample, "-c", "1")
        return "unknown preference" not in errors

    def field_names(self):
        """The names of every protocol and field (tshark -G fields), or an
        empty set if tshark cannot list them."""
        self.runs += 1
        done = subprocess.run([self.program, "--build", self.build, "--", "-G", "fields"],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=TSHARK_TIMEOUT)
        if done.returncode != 0:
            return set()
        return {line.split("\t")[2] for line in done.stdout.decode("utf-8", "replace").splitlines()
                if line[:2] in ("P\t", "F\t") and line.count("\t") >= 2}


def balanced(display_filter):
    """True if parentheses and quotes pair up, so that "(F)" cannot read
    differently from F."""
    depth, quote, escaped = 0, False, False
    for c in display_filter:
        if quote:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                quote = False
        elif c == '"':
            quote = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not quote


def bad_filters(tshark, filters):
    """{filter: message} of the filters that do not compile. A bare name
    compiles if it is a protocol or field; the others are compiled all at once
    as (F1) || (F2) || ..., split in halves where that fails."""
    bad = {}

    def check(group):
        if len(group) == 1:
            message = tshark.compile_error(group[0])
            if message:
                bad[group[0]] = message
            return
        if tshark.compile_error(" || ".join(f"({f})" for f in group)) is None:
            return
        middle = len(group) // 2
        check(group[:middle])
        check(group[middle:])

    names = tshark.field_names() if any(BARE_FIELD.match(f) for f in filters) else set()
    alone = [f for f in filters if not balanced(f) or (BARE_FIELD.match(f) and f not in names)]
    together = [f for f in filters if f not in alone and f not in names]
    if together:
        check(together)
    for f in alone:
        check([f])
    return bad


def check_filters(source, build, docs):
    found = find_filters(docs)
    if not found:
        print("FAIL: no display filter found in " + ", ".join(str(d.shown) for d in docs))
        return 1
    distinct = list(dict.fromkeys(f for f, _, _ in found))
    tshark = Tshark(source, build)
    bad = bad_filters(tshark, distinct)
    preferences = {f for f in bad if BARE_FIELD.match(f) and tshark.is_preference(f)}
    failures = 0
    for display_filter, location, how in found:
        if display_filter in bad and not (display_filter in preferences and how == "code span (field name)"):
            failures += 1
            message = "\n".join("    " + line for line in bad[display_filter].splitlines())
            print(f"{location}: bad display filter ({how}): {display_filter}\n{message}")
    kept = sum(1 for f, _, how in found if not (f in preferences and how == "code span (field name)"))
    files = len(docs)
    if failures:
        print(f"FAIL: {failures} of {kept} display filters in {files} files do not compile "
              f"({tshark.runs} tshark runs)")
        return 1
    skipped = len(found) - kept
    note = (f"; left out {skipped} mentions of preferences ({', '.join(sorted(preferences))})"
            if skipped else "")
    print(f"ok: {kept} display filters ({len(distinct) - len(preferences)} distinct) in {files} files "
          f"compile, {tshark.runs} tshark run(s){note}")
    return 0


# ---------------------------------------------------------------- commands

def output_commands(block):
    """(line, command, [expected lines], first expected line) of an output
    block, and a problem message or None."""
    entries = []
    k = 0
    lines = block.lines
    while k < len(lines) and not lines[k][1].strip():
        k += 1
    while k < len(lines):
        number, text = lines[k]
        if not text.startswith("$ "):
            return entries, f"line {number}: an output block holds '$ command' lines, each followed by its output"
        command = text[2:]
        k += 1
        while command.rstrip().endswith("\\") and k < len(lines):
            command += "\n" + lines[k][1]
            k += 1
        expected = []
        first = lines[k][0] if k < len(lines) else number + 1
        while k < len(lines) and not lines[k][1].startswith("$ "):
            expected.append(lines[k][1])
            k += 1
        entries.append((number, command, expected, first))
    return entries, None


def line_matches(expected, actual):
    if expected.endswith("...") and expected != "...":
        return actual.startswith(expected[:-3])
    return expected == actual


def output_matches(expected, actual):
    """True if the actual lines are the expected ones, where an expected line
    ending in ... matches any rest of a line and a line ... alone any number
    of lines."""
    reach = {0}
    for want in expected:
        if want == "...":
            reach = set(range(min(reach), len(actual) + 1)) if reach else set()
        else:
            reach = {j + 1 for j in reach if j < len(actual) and line_matches(want, actual[j])}
        if not reach:
            return False
    return len(actual) in reach


def aligned_expected(expected, actual):
    """The expected lines with each wildcard replaced by the actual text it
    matches in the closest alignment, so that a diff shows only real
    differences."""
    n, m = len(expected), len(actual)
    if n * m > 1_000_000:
        return expected
    inf = n + m + 1
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[n][j] = m - j
    for i in range(n - 1, -1, -1):
        for j in range(m, -1, -1):
            if expected[i] == "...":
                best = cost[i + 1][j]
                if j < m:
                    best = min(best, cost[i][j + 1])
            else:
                best = 1 + cost[i + 1][j]
                if j < m:
                    best = min(best, 1 + cost[i][j + 1], 1 + cost[i + 1][j + 1])
                    if line_matches(expected[i], actual[j]):
                        best = min(best, cost[i + 1][j + 1])
            cost[i][j] = best
    shown, i, j = [], 0, 0
    while i < n:
        if expected[i] == "...":
            if j < m and cost[i][j] == cost[i][j + 1]:
                shown.append(actual[j])
                j += 1
            else:
                i += 1
        elif j < m and line_matches(expected[i], actual[j]) and cost[i][j] == cost[i + 1][j + 1]:
            shown.append(actual[j])
            i += 1
            j += 1
        elif j < m and cost[i][j] == 1 + cost[i + 1][j + 1]:     # a line that differs
            shown.append(expected[i])
            i += 1
            j += 1
        elif cost[i][j] == 1 + cost[i + 1][j]:
            shown.append(expected[i])
            i += 1
        else:
            j += 1
    return shown


def make_shims(folder, source, build, path):
    """A folder with `tshark`, which runs the real tshark (the first in PATH)
    with BUILD's plugin. It puts PATH back first, so that the tshark that
    tools/tshark-with-plugin runs is the real one, not the shim again."""
    shims = folder / "bin"
    shims.mkdir()
    shim = shims / "tshark"
    shim.write_text("#!/bin/sh\n# tshark with the plugin of the build under test\n"
                    f"PATH={shlex.quote(path)}; export PATH\n"
                    f"exec {shlex.quote(str(source / 'tools' / 'tshark-with-plugin'))} "
                    f"--build {shlex.quote(str(build))} -- \"$@\"\n")
    shim.chmod(0o755)
    return shims


def run_command(command, source, env, timeout):
    """(exit status or None on timeout, output: stdout and stderr together)."""
    process = subprocess.Popen(["/bin/bash", "-c", command], cwd=source, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        status = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        status = None
    return status, output.decode("utf-8", "replace")


def indented(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())


def check_commands(source, build, docs):
    blocks = [(doc, b) for doc in docs for b in doc.blocks if b.marker and b.marker[0] in ("run", "output")]
    if not blocks:
        print("FAIL: no block marked <!-- test: run --> or <!-- test: output --> in "
              + ", ".join(str(d.shown) for d in docs))
        return 1
    failures = commands = 0
    with tempfile.TemporaryDirectory(prefix="apple-docs.") as scratch:
        scratch = Path(scratch)
        scratch.chmod(0o755)
        home = scratch / "home"
        home.mkdir()
        env = dict(os.environ)
        for name in ("BASH_ENV", "ENV", "CDPATH"):
            env.pop(name, None)
        path = os.environ.get("PATH", "/usr/bin:/bin")
        env.update(PATH=f"{make_shims(scratch, source, build, path)}{os.pathsep}{path}",
                   APPLE_BUILD_DIR=str(build), HOME=str(home), LC_ALL="C.UTF-8")
        for doc, block in blocks:
            kind, timeout, _ = block.marker
            where = f"{block.path}:{block.line}"
            if kind == "run":
                for number, command in logical_lines(block.lines):
                    commands += 1
                    status, output = run_command(command, source, env, timeout)
                    if status == 0:
                        continue
                    failures += 1
                    why = f"did not finish in {timeout} s" if status is None else f"exited with status {status}"
                    print(f"{where}: run block, line {number}: the command {why}:\n{indented(command)}")
                    if output:
                        print(f"  its output:\n{indented(output.rstrip(chr(10)))}")
                continue
            entries, problem = output_commands(block)
            if problem:
                failures += 1
                print(f"{where}: output block: {problem}")
            for number, command, expected, first in entries:
                commands += 1
                status, output = run_command(command, source, env, timeout)
                actual = output.split("\n")
                if actual and actual[-1] == "":
                    actual.pop()
                if status is not None and output_matches(expected, actual):
                    continue
                failures += 1
                why = (f"did not finish in {timeout} s" if status is None
                       else "printed something else" + (f" (exit status {status})" if status else ""))
                print(f"{where}: output block, line {number}: the command {why}:\n{indented(command)}")
                diff = difflib.unified_diff(aligned_expected(expected, actual), actual,
                                            f"expected ({block.path}:{first})", "actual", lineterm="")
                print(indented("\n".join(diff), "  "))
    if failures:
        print(f"FAIL: {failures} failure(s) in {commands} commands of {len(blocks)} marked blocks")
        return 1
    print(f"ok: {commands} commands of {len(blocks)} marked blocks in {len(docs)} files work as shown")
    return 0


# ---------------------------------------------------------------- main

def list_found(docs):
    for display_filter, location, how in find_filters(docs):
        print(f"{location}\tfilter\t{how}\t{display_filter}")
    for doc in docs:
        for block in doc.blocks:
            if not block.marker or block.marker[0] == "filters":
                continue
            if block.marker[0] == "run":
                for number, command in logical_lines(block.lines):
                    print(f"{doc.shown}:{number}\trun\t{block.marker[1]} s\t{command}")
            else:
                for number, command, expected, _ in output_commands(block)[0]:
                    print(f"{doc.shown}:{number}\toutput\t{len(expected)} lines\t{command}")
    return 0


def main(argv):
    if len(argv) < 3 or argv[1] not in ("filters", "commands", "list") or \
            (argv[1] != "list" and len(argv) < 4):
        print(__doc__, file=sys.stderr)
        return 2
    mode, source = argv[1], Path(argv[2]).resolve()
    build = Path(argv[3]).resolve() if mode != "list" else None
    files = argv[4:] if mode != "list" else argv[3:]
    docs = read_docs(source, files)
    problems = [(doc, line, message) for doc in docs for line, message in doc.problems]
    for doc, line, message in problems:
        print(f"{doc.shown}:{line}: {message}")
    if mode == "list":
        list_found(docs)
        return 1 if problems else 0
    status = check_filters(source, build, docs) if mode == "filters" else check_commands(source, build, docs)
    if problems:
        print(f"FAIL: {len(problems)} bad test marker(s)")
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
