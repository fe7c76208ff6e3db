#!/usr/bin/env python3
"""Runs a command and writes its CPU time and peak memory to a file.

    measure.py OUT COMMAND [ARGS...]

OUT gets one line, "USER_S<TAB>SYS_S<TAB>MAX_RSS_KB", from the command's own
resource usage (wait4), so that nothing but the command is counted. The exit
status is the command's. It stands in for /usr/bin/time, which the
version-matrix chroots do not have.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: measure.py OUT COMMAND [ARGS...]\n")
        return 2
    out, command = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    with open(out, "w") as f:
        f.write("%.3f\t%.3f\t%d\n" % (usage.ru_utime, usage.ru_stime, usage.ru_maxrss))
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


if __name__ == "__main__":
    sys.exit(main())
