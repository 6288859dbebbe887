#!/bin/bash
# cli-export-memory.sh: exporting a 256 MiB attachment keeps memory flat —
# peak resident size under 64 MiB above what unlocking (the KDF) takes
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

if [ ! -x /usr/bin/time ]; then
  skip "peak memory of an export" "/usr/bin/time (GNU time) is not installed"
  finish
fi
for program in age tar b2sum; do
  if ! require_program "$program"; then
    skip "peak memory of an export" "$program is not installed"
    finish
  fi
done

V="$WORK/vault"
PASS="memory 기억"
SIZE=$((256 * 1024 * 1024))
LIMIT_KIB=$((64 * 1024))

cli () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

# Maximum resident set size (KiB) of a command, from GNU time.
peak_kib () {
  local report=$1
  shift
  /usr/bin/time -v -o "$report" "$@" >"$WORK/peak.out" 2>"$WORK/peak.err" || return 1
  sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$report"
}

run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name Memory --kdf "$KDF" 3<<<"$PASS"
ID=$(cli record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
       --set interview.date=2026-03-14)
head -c "$SIZE" /dev/urandom >"$WORK/big.bin"
B2=$(b2sum "$WORK/big.bin" | cut -d' ' -f1)
cli attach "$ID" "$WORK/big.bin" --sensitivity open >/dev/null
rm -f "$WORK/big.bin"
cli record seal "$ID" >/dev/null
RECIPIENT=$(cli identity --age-recipient)
cli identity --export-age-identity "$WORK/key.txt" >/dev/null
check "a record with a 256 MiB attachment" test -n "$ID"

# The same unlock, without the export: what the KDF takes.
base=$(peak_kib "$WORK/base.time" "$CLI" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS")
peak=$(peak_kib "$WORK/export.time" "$CLI" --vault "$V" --passphrase-fd 3 export --out "$WORK/big.sillok" \
         --record "$ID" --recipient "$RECIPIENT" --override-k "one record" 3<<<"$PASS")
check "the export ran under /usr/bin/time" test -n "$peak" -a -n "$base"
diag "peak resident: unlock alone $base KiB, unlock and export of 256 MiB $peak KiB"
if [ -n "$peak" ] && [ -n "$base" ] && [ $((peak - base)) -lt $LIMIT_KIB ]; then
  ok "exporting 256 MiB takes $(( (peak - base) / 1024 )) MiB above the KDF's peak (< 64 MiB)"
else
  not_ok "exporting 256 MiB stays under 64 MiB above the KDF's peak" "unlock $base KiB, export $peak KiB"
fi
check "the bundle holds the attachment intact" \
  test "$(age -d -i "$WORK/key.txt" "$WORK/big.sillok" | tar -xO "attachments/$B2" | b2sum | cut -d' ' -f1)" = "$B2"

finish
