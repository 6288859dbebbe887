#!/usr/bin/env python3
"""Prints "N passed, N failed, N skipped" from meson's own test logs.

Usage: test-summary.py BUILD_DIR...   (reads BUILD_DIR/meson-logs/testlog.json)
A suite that was given but left no log counts as one failure.  Each test
that did not pass is named on a line of its own before the summary line,
which is always the last."""

import json
import os
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}

passed = failed = skipped = 0
for build in sys.argv[1:]:
    log = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        print(f"not run: {build} left no test log")
        failed += 1
        continue
    with open(log, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            result = entry.get("result")
            if result in PASSED:
                passed += 1
            elif result in SKIPPED:
                skipped += 1
            else:
                print(f"{result}: {entry.get('name')} after "
                      f"{entry.get('duration', 0):.0f} s ({build})")
                out = ((entry.get("stdout") or "") + "\n"
                       + (entry.get("stderr") or "")).splitlines()
                # GUI tests make warnings fatal: a child process that died
                # of one says so only in a WARNING or CRITICAL line.
                keys = ("not ok", "ERROR", "SUMMARY", "gave up", "Timeout",
                        "CRITICAL", "WARNING", "child process",
                        "runtime error", "AddressSanitizer", "timed out")
                said = [l for l in out if any(k in l for k in keys)]
                for line in (said or out)[-20:]:
                    print(f"    {line.strip()[:240]}")
                failed += 1

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
