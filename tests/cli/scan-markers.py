#!/usr/bin/env python3
# scan-markers.py: where marker strings occur in clear, in UTF-8, UTF-16LE
# or UTF-16BE, under the given folders and files.
#
# Usage: scan-markers.py [--newer REFERENCE] MARKERS_FILE PATH…
# MARKERS_FILE holds one marker a line (UTF-8).  Prints one line per hit,
# "<encoding>\t<marker>\t<file>", and nothing when there is none.  With
# --newer, only files changed after REFERENCE are read (for shared places
# such as /dev/shm).  Files that cannot be read (another user's, gone
# meanwhile) are skipped; links are not followed.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys


def files_under(path, newer):
    if os.path.islink(path):
        return
    if os.path.isfile(path):
        candidates = [path]
    else:
        candidates = (os.path.join(top, name)
                      for top, dirs, names in os.walk(path, onerror=lambda e: None)
                      for name in names)
    for full in candidates:
        try:
            st = os.lstat(full)
        except OSError:
            continue
        if os.path.isfile(full) and not os.path.islink(full) and st.st_mtime >= newer:
            yield full


def main():
    args = sys.argv[1:]
    newer = 0.0
    if args[0] == '--newer':
        newer = os.stat(args[1]).st_mtime
        args = args[2:]
    with open(args[0], encoding='utf-8') as f:
        markers = [line.rstrip('\n') for line in f if line.strip()]
    needles = {}
    for m in markers:
        for enc in ('utf-8', 'utf-16-le', 'utf-16-be'):
            needles[m.encode(enc)] = (enc, m)
    # One pass over each file finds every needle; overlapping hits of two
    # needles are found by searching again from the byte after each hit.
    pattern = re.compile(b'|'.join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    for path in args[1:]:
        for name in files_under(path, newer):
            try:
                with open(name, 'rb') as f:
                    data = f.read()
            except OSError:
                continue
            found = set()
            pos = 0
            while True:
                hit = pattern.search(data, pos)
                if hit is None:
                    break
                found.add(hit.group(0))
                pos = hit.start() + 1
            for needle in sorted(found):
                enc, marker = needles[needle]
                print(f'{enc}\t{marker}\t{name}')


if __name__ == '__main__':
    main()
