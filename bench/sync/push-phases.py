#!/usr/bin/env python3
# Copyright (c) 2026 ns-3 Digital Twin Network authors
#
# SPDX-License-Identifier: GPL-2.0-only
"""Where the time of a push goes, from the store's audit table (bench/sync/run-sync-bench.sh).

  push-phases.py SECONDS-FILE AUDIT.json...

AUDIT.json: `dtwin change-set audit CHANGE --format json` of the pushed change sets.
SECONDS-FILE: the seconds each successful push reported ("pushed: ... in X s"), one a line,
in the order of the pushes. The push appends the rows of a step once every device did it, so
a step's time is the time of its last row minus that of the step before; the first step
(connect) has no row before it: its time is the push's own seconds minus the rest. Prints
markdown table rows: step | median ms (min, max).
"""

import json
import sys
from datetime import datetime


def when(row):
    """The row's time in seconds."""
    return datetime.strptime(row["time"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


def pushes(rows):
    """The successful pushes: per push, its steps in order as (action, time of its last row)."""
    done = []
    steps = []
    for row in sorted(rows, key=lambda r: r["id"]):
        action = row["action"]
        if not action.startswith("push.") and action != "push":
            continue
        if action == "push":
            if row["outcome"] == "ok":
                done.append(steps)
            steps = []
            continue
        if steps and steps[-1][0] == action:
            steps[-1] = (action, when(row))
        else:
            steps.append((action, when(row)))
    return done


def summary(values):
    """median (min, max) of values, in ms."""
    ms = sorted(v * 1000 for v in values)
    n = len(ms)
    median = ms[n // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2
    if n == 1:
        return "%.0f ms" % median
    return "%.0f ms (min %.0f, max %.0f)" % (median, ms[0], ms[-1])


def main(argv):
    """Command line."""
    if len(argv) < 3:
        sys.stderr.write("usage: push-phases.py SECONDS-FILE AUDIT.json...\n")
        return 2
    with open(argv[1], encoding="utf-8") as listing:
        seconds = [float(line) for line in listing if line.strip()]
    rows = []
    for path in argv[2:]:
        with open(path, encoding="utf-8") as audit:
            rows.extend(json.load(audit))
    found = pushes(rows)
    if len(found) < len(seconds):
        sys.stderr.write("push-phases: %d successful pushes in the audit table, %d timed\n"
                         % (len(found), len(seconds)))
        return 1
    phases = {}
    order = []
    for steps, total in zip(found, seconds):
        if not steps or steps[0][0] != "push.connect":
            sys.stderr.write("push-phases: a push that does not start with push.connect\n")
            return 1
        rest = steps[-1][1] - steps[0][1]
        durations = [("push.connect", total - rest)]
        durations += [(a, t - steps[i][1]) for i, (a, t) in enumerate(steps[1:])]
        for action, duration in durations:
            if action not in phases:
                phases[action] = []
                order.append(action)
            phases[action].append(duration)
    for action in order:
        note = ""
        if action == "push.connect":
            note = " (with the checks before it: the push's seconds minus the other steps)"
        print("| %s, all 10 devices%s | %s |" % (action, note, summary(phases[action])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
