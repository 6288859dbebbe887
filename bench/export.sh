#!/bin/bash
# bench/export.sh: exporting 1 GiB of attachments against tar | tee b2sum | age
#
# Builds a vault of 100 sealed records whose attachments make 1 GiB
# (SILLOK_BENCH_EXPORT_MIB, SILLOK_BENCH_EXPORT_RECORDS), keeps the same
# bytes as plain files, then times in one run
#   sillok-cli export --all-sealed --recipient R --out OUT
#   tar -c DIR | tee >(b2sum >/dev/null) | age -r R >OUT
# and prints both rates, Sillok's rate as a fraction of the pipeline's
# (DESIGN §13 target: at least 1.0) and Sillok's peak memory.  Sillok's
# time leaves out the unlock (Argon2id), measured on its own.  Files live in
# /dev/shm when it has room, so the disk does not set the pace.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

CLI=${SILLOK_CLI:?SILLOK_CLI must name the sillok-cli binary}
MIB=${SILLOK_BENCH_EXPORT_MIB:-1024}
RECORDS=${SILLOK_BENCH_EXPORT_RECORDS:-100}
RUNS=${SILLOK_BENCH_RUNS:-2}
export SILLOK_DATADIR=${SILLOK_DATADIR:-$(cd "$(dirname "$0")/.." && pwd)/schemas}

for program in age age-keygen tar b2sum /usr/bin/time; do
  if ! command -v "$program" >/dev/null; then
    echo "export benchmark skipped: $program is not installed"
    exit 0
  fi
done

base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((MIB * 1024 * 5)) ]; then
  base=/dev/shm
fi
avail=$(df -Pk "$base" | awk 'NR == 2 { print $4 }')
if [ "$avail" -lt $((MIB * 1024 * 5)) ]; then
  echo "export benchmark: $base has $((avail / 1024)) MiB free, less than 5 × $MIB MiB; set SILLOK_BENCH_EXPORT_MIB lower"
  exit 0
fi
work=$(mktemp -d "$base/sillok-bench-export.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

V=$work/vault
PASS="benchmark"
cli () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

cli init --name Benchmark --kdf interactive >/dev/null
age-keygen -o key.txt 2>/dev/null
recipient=$(age-keygen -y key.txt)
mkdir plain
per=$((MIB * 1024 * 1024 / RECORDS))
for i in $(seq -w 1 "$RECORDS"); do
  head -c "$per" /dev/urandom >"plain/attachment-$i.bin"
  id=$(cli record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
         --set interview.date=2026-03-14)
  cli attach "$id" "plain/attachment-$i.bin" --sensitivity open >/dev/null
  cli record seal "$id" >/dev/null
done
bytes=$((per * RECORDS))

ns () {
  date +%s%N
}

# The unlock alone, to take out of Sillok's time.
unlock=""
for _ in $(seq "$RUNS"); do
  start=$(ns)
  cli identity >/dev/null
  t=$(($(ns) - start))
  if [ -z "$unlock" ] || [ "$t" -lt "$unlock" ]; then unlock=$t; fi
done

sillok=""
peak=""
pipeline=""
for _ in $(seq "$RUNS"); do
  rm -f sillok.sillok pipeline.age
  sync
  start=$(ns)
  /usr/bin/time -f %M -o peak.txt "$CLI" --vault "$V" --passphrase-fd 3 export --out sillok.sillok --all-sealed \
    --recipient "$recipient" 3<<<"$PASS" >/dev/null
  t=$(($(ns) - start - unlock))
  if [ -z "$sillok" ] || [ "$t" -lt "$sillok" ]; then sillok=$t; peak=$(cat peak.txt); fi

  sync
  start=$(ns)
  tar -c -C plain . | tee >(b2sum >/dev/null) | age -r "$recipient" >pipeline.age
  t=$(($(ns) - start))
  if [ -z "$pipeline" ] || [ "$t" -lt "$pipeline" ]; then pipeline=$t; fi
done

# Both outputs must be what they claim before their speed means anything.
age -d -i key.txt sillok.sillok | tar -t | grep -c '^attachments/' | grep -qx "$RECORDS"
age -d -i key.txt pipeline.age | tar -t | grep -c '\.bin$' | grep -qx "$RECORDS"

echo "export benchmark: $RECORDS records, $((bytes / 1048576)) MiB of attachments, best of $RUNS runs," \
     "files in $base, $(nproc) cores ($(age --version))"
awk -v bytes="$bytes" -v s="$sillok" -v p="$pipeline" -v u="$unlock" -v peak="$peak" 'BEGIN {
  rs = bytes / (s / 1e9) / 1e6; rp = bytes / (p / 1e9) / 1e6
  printf "sillok-cli export: %.0f MB/s (%.2f s, unlock of %.2f s left out)\n", rs, s / 1e9, u / 1e9
  printf "tar | tee >(b2sum) | age -r: %.0f MB/s (%.2f s)\n", rp, p / 1e9
  printf "ratio %.2f (target >= 1.00)\n", rs / rp
  printf "sillok-cli export peak resident memory: %.1f MiB (the interactive KDF alone takes 64 MiB)\n", peak / 1024
}'
