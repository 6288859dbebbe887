#!/bin/sh
# Runs one libFuzzer target for a bounded time on a copy of its seed corpus.
# Usage: run-fuzzer.sh FUZZER SEED_DIR [SECONDS]
set -u
fuzzer=$(readlink -f "$1")
seeds=$(readlink -f "$2")
seconds=${3:-${SILLOK_FUZZ_SECONDS:-10}}
work=$(mktemp -d "${TMPDIR:-/tmp}/sillok-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
if [ -d "$seeds" ]; then
  cp -R "$seeds"/. "$work/corpus/"
fi
# Fast unwinding: the slow unwinder of the test environment, there to name
# GLib's frames in leak reports, costs a hundred times the executions.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=1"
set -- -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/"
if [ -f "$seeds.dict" ]; then
  set -- "$@" -dict="$seeds.dict"
fi
cd "$work" || exit 1
"$fuzzer" "$@" "$work/corpus" >"$work/log" 2>&1
status=$?
tail -n 25 "$work/log"
for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
  if [ -f "$f" ]; then
    echo "fuzzer found a failing input ($f):"
    od -An -c "$f" | head -n 20
    status=1
  fi
done
exit $status
