#!/bin/sh
# Runs a display test (a GTest program and its arguments) on a private X
# server and session bus, in the environment the GUI tests expect:
#   run-display-test.sh PROGRAM [ARGS...]
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_root=${SILLOK_BUILD_ROOT:?SILLOK_BUILD_ROOT must name the build folder}

work=$(mktemp -d "${TMPDIR:-/tmp}/sillok-display.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -m 0700 "$work/runtime" "$work/home"

export XDG_RUNTIME_DIR="$work/runtime"
export HOME="$work/home"
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="${GSETTINGS_SCHEMA_DIR:-$build_root/schemas}"
export GTK_A11Y=test
export GSK_RENDERER=cairo
# No OpenGL at all: the tests draw with cairo, and Mesa's drivers, loaded
# and unloaded behind GTK's back, leave allocations LeakSanitizer cannot
# trace to a library.
export GDK_DEBUG=gl-disable
export G_DEBUG="${G_DEBUG:+$G_DEBUG,}fatal-warnings"
export SILLOK_LOCALEDIR="$build_root/po"
# Under the sanitizers, leak reports of display tests keep sixteen frames of
# each allocation's stack, not thirty: the slow unwinder (the only one that
# sees past GLib's g_malloc) runs at every allocation GTK makes while it
# draws, and its cost grows with the depth it walks.  Sixteen frames still
# reach the caller in Sillok and the functions lsan.supp names; a leak is
# found whatever the depth, only its report is shorter.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  export ASAN_OPTIONS="$ASAN_OPTIONS:malloc_context_size=16"
fi

# xvfb-run -a picks the first free display from -n on; two servers starting
# at once can still collide, so a failed start is retried from elsewhere.
attempt=1
while :; do
  start=$(( 99 + ($$ + attempt * 37) % 400 ))
  status=0
  xvfb-run -a -n "$start" -s "-screen 0 1280x800x24" -e "$work/xvfb.log" \
    dbus-run-session -- "$@" || status=$?
  if [ "$status" -eq 0 ] || ! grep -qE "already active|server already running" "$work/xvfb.log" 2>/dev/null \
     || [ "$attempt" -ge 3 ]; then
    exit "$status"
  fi
  attempt=$((attempt + 1))
done
