#!/bin/bash
# bench/age.sh: Sillok's age against the age CLI on the same 512 MiB
#
# Encrypts and decrypts the same bytes with sillok-age-tool and with age,
# X25519, binary, output to /dev/null; prints each rate (best of a few
# runs) and Sillok's rate as a fraction of age's.  The design target is at
# least 0.6 in each direction.  Files live in /dev/shm when it has room, so
# the disk does not set the pace.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

TOOL=${SILLOK_AGE_TOOL:?SILLOK_AGE_TOOL must name the sillok-age-tool binary}
MIB=${SILLOK_BENCH_AGE_MIB:-512}
RUNS=${SILLOK_BENCH_RUNS:-3}

for program in age age-keygen; do
  if ! command -v "$program" >/dev/null; then
    echo "age benchmark skipped: $program is not installed"
    exit 0
  fi
done

base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((MIB * 1024 * 4)) ]; then
  base=/dev/shm
fi
work=$(mktemp -d "$base/sillok-bench-age.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

age-keygen -o key.txt 2>/dev/null
recipient=$(age-keygen -y key.txt)
head -c $((MIB * 1024 * 1024)) /dev/urandom >plain

# best_seconds COMMAND…: the shortest wall time of $RUNS runs, output to /dev/null.
best_seconds () {
  local best="" start end t i
  for i in $(seq "$RUNS"); do
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    t=$((end - start))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
      best=$t
    fi
  done
  echo "$best"
}


report () {
  local what=$1 ours=$2 theirs=$3
  awk -v what="$what" -v ours="$ours" -v theirs="$theirs" -v mib="$MIB" 'BEGIN {
    s = mib * 1.048576 / (ours / 1e9); a = mib * 1.048576 / (theirs / 1e9)
    printf "%s: Sillok %.0f MB/s, age %.0f MB/s, ratio %.2f (target >= 0.60)\n", what, s, a, s / a
  }'
}

"$TOOL" encrypt -r "$recipient" plain >sillok.age
age -r "$recipient" -o age.age plain
# The two must read each other's files before their speed means anything.
age -d -i key.txt sillok.age | cmp -s - plain
"$TOOL" decrypt -i key.txt age.age | cmp -s - plain

enc_sillok=$(best_seconds "$TOOL" encrypt -r "$recipient" plain)
enc_age=$(best_seconds age -r "$recipient" plain)
dec_sillok=$(best_seconds "$TOOL" decrypt -i key.txt sillok.age)
dec_age=$(best_seconds age -d -i key.txt age.age)

echo "age benchmark: $MIB MiB, X25519, binary, best of $RUNS runs, files in $base ($(age --version))"
report encrypt "$enc_sillok" "$enc_age"
report decrypt "$dec_sillok" "$dec_age"
