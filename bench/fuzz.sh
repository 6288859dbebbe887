#!/bin/sh
# Runs every libFuzzer target for a longer time than the test suite's smoke
# run and prints the figures docs/SECURITY.md reports: seconds, executions,
# executions per second, coverage (edges and features), corpus size and the
# failing inputs found.
#
# Usage: bench/fuzz.sh [SECONDS_PER_TARGET [TARGET…]]   (default 600 s, every target)
#
# The fuzz build first (clang, AddressSanitizer and UBSan):
#   CC=clang meson setup _build-fuzz -Dfuzz=true -Dgui=false -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C _build-fuzz
# Environment: SILLOK_FUZZ_BUILD (default _build-fuzz).  Targets run one after
# the other on one core, at a lower priority.  Each grows its own corpus in
# $SILLOK_FUZZ_BUILD/fuzz-long/corpus/NAME (kept between runs, seeded from
# tests/fuzz/corpus/NAME); failing inputs land in .../artifacts/ and belong in
# tests/fuzz/corpus/NAME/ once fixed, as regression inputs.
set -u
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
build=${SILLOK_FUZZ_BUILD:-_build-fuzz}
seconds=${1:-600}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
  targets=$*
else
  targets=$(sed -n '/^fuzz_targets = \[/,/^\]/p' tests/fuzz/meson.build | grep -o "'[a-z-]*'" | tr -d "'")
fi

work="$build/fuzz-long"
mkdir -p "$work/artifacts" "$work/logs"
export SILLOK_DATADIR="$root/schemas"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
# Fast unwinding: the slow unwinder the test suite uses to name GLib frames
# in leak reports costs a hundred times the executions.
export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=1
export G_SLICE=always-malloc

status=0
printf '| target | seconds | executions | exec/s | edges (cov) | features (ft) | corpus | failing inputs |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
for name in $targets; do
  fuzzer="$build/tests/fuzz/fuzz-$name"
  seeds="tests/fuzz/corpus/$name"
  corpus="$work/corpus/$name"
  log="$work/logs/$name.log"
  if [ ! -x "$fuzzer" ]; then
    echo "bench/fuzz.sh: $fuzzer is not built" >&2
    status=1
    continue
  fi
  mkdir -p "$corpus"
  set -- -max_total_time="$seconds" -timeout=20 -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-"
  [ -f "$seeds.dict" ] && set -- "$@" -dict="$seeds.dict"
  before=$(ls "$work/artifacts" | grep -c "^$name-")
  start=$(date +%s)
  nice -n 10 "$fuzzer" "$@" "$corpus" "$seeds" >"$log" 2>&1
  elapsed=$(( $(date +%s) - start ))
  found=$(( $(ls "$work/artifacts" | grep -c "^$name-") - before ))
  [ "$found" -gt 0 ] && status=1
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n1)
  cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$elapsed" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found"
done
exit $status
