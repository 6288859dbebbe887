#!/bin/bash
# bench/import-scale.sh: importing 100 bundles against 10 bundles of the same size
#
# Makes 100 bundles of SILLOK_BENCH_IMPORT_PER (default 100) sealed
# forced-labour records each with sillok-bench-records, then times
#   sillok-cli import bundle-001 … bundle-010   into one coordinator vault
#   sillok-cli import bundle-001 … bundle-100   into another
# and prints both times and their ratio (DESIGN §13 target: at most 11 for
# 10× the records).  Each import call unlocks its vault once.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

CLI=${SILLOK_CLI:?SILLOK_CLI must name the sillok-cli binary}
RECORDS_TOOL=${SILLOK_BENCH_RECORDS:?SILLOK_BENCH_RECORDS must name the sillok-bench-records binary}
PER=${SILLOK_BENCH_IMPORT_PER:-100}
SMALL=10
LARGE=100
export SILLOK_DATADIR=${SILLOK_DATADIR:-$(cd "$(dirname "$0")/.." && pwd)/schemas}

work=$(mktemp -d "${TMPDIR:-/tmp}/sillok-bench-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
PASS="benchmark"
cli () {
  local vault=$1
  shift
  "$CLI" --vault "$vault" --passphrase-fd 3 "$@" 3<<<"$PASS"
}
ns () {
  date +%s%N
}

cli "$work/coordinator" init --name Coordinator --kdf interactive >/dev/null
recipient=$(cli "$work/coordinator" identity --age-recipient)
cp -a "$work/coordinator" "$work/small"
cp -a "$work/coordinator" "$work/large"
"$RECORDS_TOOL" --records $((LARGE * PER)) --queries 1 --bundles "$LARGE" --recipient "$recipient" \
  --bundles-out "$work/bundles" | grep -E '^(create|seal|export)'

small_files=()
large_files=()
for i in $(seq 1 "$LARGE"); do
  f=$(printf '%s/bundles/bundle-%03d.sillok' "$work" "$i")
  large_files+=("$f")
  [ "$i" -le "$SMALL" ] && small_files+=("$f")
done

sync
start=$(ns)
cli "$work/small" import "${small_files[@]}" >"$work/small.txt"
small=$(($(ns) - start))
sync
start=$(ns)
cli "$work/large" import "${large_files[@]}" >"$work/large.txt"
large=$(($(ns) - start))

# Both imported what they were given before their times mean anything.
test "$(grep -c 'imported bundle' "$work/small.txt")" -eq "$SMALL"
test "$(grep -c 'imported bundle' "$work/large.txt")" -eq "$LARGE"
test "$(cli "$work/large" archive list | wc -l)" -eq $((LARGE * PER))

echo "import scaling: bundles of $PER records, $(nproc) cores"
awk -v s="$small" -v l="$large" -v n="$SMALL" -v m="$LARGE" -v per="$PER" 'BEGIN {
  printf "%d bundles (%d records): %.2f s, %.0f records/s\n", n, n * per, s / 1e9, n * per / (s / 1e9)
  printf "%d bundles (%d records): %.2f s, %.0f records/s\n", m, m * per, l / 1e9, m * per / (l / 1e9)
  printf "ratio %.2f for %dx the records (target <= 11)\n", l / s, m / n
}'
