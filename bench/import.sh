#!/bin/bash
# bench/import.sh: verifying a 1 GiB bundle against age -d | tar -x then b2sum -c
#
# Builds a vault of 100 sealed records whose open attachments make 1 GiB
# (SILLOK_BENCH_IMPORT_MIB, SILLOK_BENCH_IMPORT_RECORDS), exports it once,
# then times in one run
#   sillok-cli verify --identity KEY BUNDLE
#   age -d -i KEY BUNDLE | tar -x -C DIR, then (cd DIR && b2sum -c B2SUMS)
# and prints both rates and Sillok's rate as a fraction of the tools'
# (DESIGN §13 target: at least 1.0); then times `sillok-cli import` of the
# same bundle into a fresh copy of the vault's archive the same way, with the
# unlock (Argon2id, timed on its own) left out as bench/export.sh does.  The
# verification opens no vault (the identity is given), so no KDF is timed.
# Each figure is the best of SILLOK_BENCH_RUNS runs (default 3), the three
# programs taking turns.  Files live in /dev/shm when it has room, so the disk
# does not set the pace.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

CLI=${SILLOK_CLI:?SILLOK_CLI must name the sillok-cli binary}
MIB=${SILLOK_BENCH_IMPORT_MIB:-1024}
RECORDS=${SILLOK_BENCH_IMPORT_RECORDS:-100}
RUNS=${SILLOK_BENCH_RUNS:-3}
export SILLOK_DATADIR=${SILLOK_DATADIR:-$(cd "$(dirname "$0")/.." && pwd)/schemas}

for program in age tar b2sum /usr/bin/time; do
  if ! command -v "$program" >/dev/null; then
    echo "import benchmark skipped: $program is not installed"
    exit 0
  fi
done

base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((MIB * 1024 * 6)) ]; then
  base=/dev/shm
fi
avail=$(df -Pk "$base" | awk 'NR == 2 { print $4 }')
if [ "$avail" -lt $((MIB * 1024 * 6)) ]; then
  echo "import benchmark: $base has $((avail / 1024)) MiB free, less than 6 × $MIB MiB; set SILLOK_BENCH_IMPORT_MIB lower"
  exit 0
fi
work=$(mktemp -d "$base/sillok-bench-import.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

V=$work/vault
PASS="benchmark"
cli () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

cli init --name Benchmark --kdf interactive >/dev/null
cli identity --export-age-identity key.txt >/dev/null
recipient=$(cli identity --age-recipient)
per=$((MIB * 1024 * 1024 / RECORDS))
for i in $(seq -w 1 "$RECORDS"); do
  head -c "$per" /dev/urandom >attachment.bin
  id=$(cli record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
         --set interview.date=2026-03-14)
  cli attach "$id" attachment.bin --sensitivity open >/dev/null
  cli record seal "$id" >/dev/null
done
rm attachment.bin
cli export --out bundle.sillok --all-sealed --recipient "$recipient" --override-k benchmark >/dev/null
bytes=$(stat -c %s bundle.sillok)
# Each import goes into a copy of the vault as it is now, whose archive is empty.
cp -a "$V" fresh

ns () {
  date +%s%N
}

# The unlock alone, to take out of the import's time.
unlock=""
for _ in $(seq "$RUNS"); do
  start=$(ns)
  cli identity >/dev/null
  t=$(($(ns) - start))
  if [ -z "$unlock" ] || [ "$t" -lt "$unlock" ]; then unlock=$t; fi
done

sillok=""
peak=""
tools=""
imported=""
for _ in $(seq "$RUNS"); do
  sync
  start=$(ns)
  /usr/bin/time -f %M -o peak.txt "$CLI" verify --identity key.txt bundle.sillok >verify.txt
  t=$(($(ns) - start))
  if [ -z "$sillok" ] || [ "$t" -lt "$sillok" ]; then sillok=$t; peak=$(cat peak.txt); fi

  rm -rf out
  mkdir out
  sync
  start=$(ns)
  age -d -i key.txt bundle.sillok | tar -x -C out
  (cd out && b2sum --quiet -c B2SUMS)
  t=$(($(ns) - start))
  if [ -z "$tools" ] || [ "$t" -lt "$tools" ]; then tools=$t; fi

  # The import proper: verification plus storing every attachment as an
  # encrypted blob and the records in one transaction.
  rm -rf into
  cp -a fresh into
  sync
  start=$(ns)
  "$CLI" --vault into --passphrase-fd 3 import bundle.sillok 3<<<"$PASS" >import.txt
  t=$(($(ns) - start - unlock))
  grep -q "imported bundle" import.txt
  if [ -z "$imported" ] || [ "$t" -lt "$imported" ]; then imported=$t; fi
done

# Both must have checked what they claim before their speed means anything.
grep -q '^Verdict: VALID' verify.txt
test "$(ls out/attachments | wc -l)" -eq "$RECORDS"

echo "import benchmark (verification): $RECORDS records, $((bytes / 1048576)) MiB bundle, best of $RUNS runs," \
     "files in $base, $(nproc) cores ($(age --version))"
awk -v bytes="$bytes" -v s="$sillok" -v p="$tools" -v peak="$peak" 'BEGIN {
  rs = bytes / (s / 1e9) / 1e6; rp = bytes / (p / 1e9) / 1e6
  printf "sillok-cli verify: %.0f MB/s (%.2f s)\n", rs, s / 1e9
  printf "age -d | tar -x, then b2sum -c: %.0f MB/s (%.2f s)\n", rp, p / 1e9
  printf "ratio %.2f (target >= 1.00)\n", rs / rp
  printf "sillok-cli verify peak resident memory: %.1f MiB\n", peak / 1024
}'
awk -v bytes="$bytes" -v s="$imported" -v p="$tools" -v u="$unlock" 'BEGIN {
  rs = bytes / (s / 1e9) / 1e6; rp = bytes / (p / 1e9) / 1e6
  printf "sillok-cli import (into the archive): %.0f MB/s (%.2f s, unlock of %.2f s left out); ratio to the tools %.2f (target >= 1.00)\n", rs, s / 1e9, u / 1e9, rs / rp
  printf "with the unlock: %.2f s; ratio %.2f\n", (s + u) / 1e9, p / (s + u)
}'
