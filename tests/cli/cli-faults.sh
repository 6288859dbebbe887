#!/bin/bash
# cli-faults.sh: a full disk (ENOSPC), a failing disk (EIO) and short writes
# injected on every write path — the vault database, attachments (blobs),
# key slots and the bundle output — through the commands that write them.
# Each fault must give exit 5 and one clear line naming what failed, lose
# nothing saved before, change nothing, and leave no partial file.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

if [ "${SILLOK_FAILPOINTS_BUILT:-0}" != 1 ]; then
  echo "1..0 # SKIP failpoints are not compiled in (-Dfailpoints=true)"
  exit 0
fi
if ! require_program jq; then
  echo "1..0 # SKIP jq is needed"
  exit 0
fi

V="$WORK/interviewer"
C="$WORK/coordinator"
OUTDIR="$WORK/bundles"
mkdir -p "$OUTDIR"
PASS="fault 결함 passphrase"

as () {
  local vault=$1
  shift
  "$CLI" --vault "$vault" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

# What a fault must leave as it was: the records, their audit trails, the
# archive, the key slots and the files of both vaults.
snapshot () {
  {
    as "$V" record list --json
    as "$V" record show "$R2" --json
    as "$V" audit "$R1"
    as "$C" archive list
    cat "$V/keyslots.json" "$C/keyslots.json"
    (cd "$WORK" && find interviewer/blobs coordinator/blobs -type f | sort)
  } 2>&1
}

# Files a failed write may not leave behind.
partial_files () {
  find "$V" "$C" "$OUTDIR" \( -name '*.part' -o -name '*.tmp' \) -print
  find "$OUTDIR" -type f -print
}

# The number of times each failpoint is reached by a command, from its trace.
trace_count () {
  local point=$1 trace=$2
  grep -cx -- "$point" "$trace"
}

declare -A FAULTS
declare -A WORDS=(
  [enospc]='disk is full|No space left on device'
  [short]='disk is full|No space left on device'
  [eio]='I/O error|Input/output error'
)

# fault PATH WHAT_RE SPEC VAULT ARGS…: runs the command with SPEC and checks
# everything a fault must leave, against $BEFORE (the snapshot taken after
# the last change).  PATH counts it; WHAT_RE must match the message.
fault () {
  local path=$1 what=$2 spec=$3 vault=$4
  shift 4
  local action=${spec#*=}
  action=${action%@*}
  local after line
  SILLOK_FAILPOINTS=$spec run_cli 5 "$path: $spec on “$*” exits 5" --vault "$vault" --passphrase-fd 3 "$@" 3<<<"$PASS"
  FAULTS[$path]=$(( ${FAULTS[$path]:-0} + 1 ))
  line=$ERR
  if [ "$(grep -c . <<<"$line")" -eq 1 ] && [[ "$line" == "sillok-cli: "* ]] \
     && grep -Eq -- "${WORDS[$action]}" <<<"$line" && grep -Eq -- "$what" <<<"$line"; then
    ok "…one line saying what failed and why"
  else
    not_ok "…one line saying what failed and why" "stderr: $line" "wanted /${WORDS[$action]}/ and /$what/"
  fi
  run_cli 0 "…the vault still passes check" --vault "$vault" --passphrase-fd 3 check 3<<<"$PASS"
  after=$(snapshot)
  if [ "$BEFORE" = "$after" ]; then
    ok "…nothing saved before is lost and nothing changed"
  else
    not_ok "…nothing saved before is lost and nothing changed" "$(diff <(echo "$BEFORE") <(echo "$after") | head -n 20)"
    BEFORE=$after
  fi
  local left
  left=$(partial_files)
  [ -z "$left" ] && ok "…no partial file" || not_ok "…no partial file" "$left"
}

# The middle write of a command, counted on a copy of the vaults so that the
# real ones are not changed: "@N" aims a fault there, mid-transaction or
# mid-file.
middle_of () {
  local point=$1 vault=$2
  shift 2
  local copy="$WORK/trace-copy" n
  rm -rf "$copy" "$WORK/trace"
  mkdir -p "$copy"
  cp -a "$V" "$C" "$copy/"
  SILLOK_FAILPOINTS_TRACE="$WORK/trace" "$CLI" --vault "$copy/$(basename "$vault")" --passphrase-fd 3 "$@" \
    3<<<"$PASS" >/dev/null 2>&1
  n=$(trace_count "$point" "$WORK/trace")
  rm -rf "$copy" "$OUTDIR"/*
  echo $(( (n + 1) / 2 ))
}

# --- two vaults, a sealed record with an attachment, a draft, a bundle ----------------
as "$V" init --name "결함 면담자" --kdf "$KDF" >/dev/null
as "$C" init --name "결함 조정자" --kdf "$KDF" >/dev/null
COORD=$(as "$C" identity --age-recipient)
R1=$(as "$V" record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
  --set interview.date=2025-04 --set "episodes[0].narrative=봉인된 증언" | head -n1)
head -c 300000 /dev/urandom >"$WORK/recording.wav"
as "$V" attach "$R1" "$WORK/recording.wav" --sensitivity open >/dev/null
as "$V" record seal "$R1" >/dev/null
R2=$(as "$V" record new --template forced-labour --set consent.given=true --set interview.date=2025-05 \
  --set "interview.city=청진" --set "episodes[0].narrative=초안 증언" | head -n1)
as "$V" attach "$R2" "$WORK/recording.wav" --name first.wav >/dev/null
as "$V" export --out "$WORK/in.sillok" --record "$R1" --recipient "$COORD" --override-k "one record" >/dev/null
check "setup: a sealed record with an attachment, a draft with one, and a bundle for the coordinator" \
  test -n "$R1" -a -n "$R2" -a -s "$WORK/in.sillok"
BOUT="$OUTDIR/out.sillok"
BEFORE=$(snapshot)

# --- the vault database (WAL and journal writes, syncs) ------------------------------------
DB_WHAT='Database|database'
for op in set seal amend attach; do
  case $op in
    set) args=(record set "$R2" "interview.city=회령" "episodes[1].food=옥수수") ;;
    seal) args=(record seal "$R2") ;;
    amend) args=(record amend "$R1" --reason "정정") ;;
    attach) args=(attach "$R2" "$WORK/recording.wav" --name second.wav) ;;
  esac
  for action in enospc eio short; do
    fault database "$DB_WHAT" "db-write=$action" "$V" "${args[@]}"
  done
  mid=$(middle_of db-write "$V" "${args[@]}")
  fault database "$DB_WHAT" "db-write=eio@$mid" "$V" "${args[@]}"
  fault database "$DB_WHAT" "db-write=short@$mid" "$V" "${args[@]}"
  fault database "$DB_WHAT" "db-fsync=eio" "$V" "${args[@]}"
done
for action in enospc eio short; do
  fault database "in.sillok.*nothing was imported" "db-write=$action" "$C" import "$WORK/in.sillok"
done
mid=$(middle_of db-write "$C" import "$WORK/in.sillok")
fault database "in.sillok.*nothing was imported" "db-write=enospc@$mid" "$C" import "$WORK/in.sillok"

# A failing checkpoint comes after the commit: the change is saved (in the
# WAL) and the command succeeds.
for action in enospc eio short; do
  SILLOK_FAILPOINTS=db-checkpoint-write=$action run_cli 0 \
    "database: db-checkpoint-write=$action after a committed record set: the command succeeded" \
    --vault "$V" --passphrase-fd 3 record set "$R2" "episodes[0].food=checkpoint-$action" 3<<<"$PASS"
  FAULTS[database]=$(( ${FAULTS[database]:-0} + 1 ))
  [ "$(as "$V" record show "$R2" --json | jq -r '.values["episodes[0].food"]')" = "checkpoint-$action" ] \
    && ok "…and its value is there" || not_ok "…and its value is there"
  run_cli 0 "…check passes" --vault "$V" --passphrase-fd 3 check 3<<<"$PASS"
done
BEFORE=$(snapshot)

# --- attachments -------------------------------------------------------------------------------
for action in enospc eio short; do
  fault blobs "attachment" "blob-write=$action" "$V" attach "$R2" "$WORK/recording.wav" --name second.wav
done
mid=$(middle_of blob-write "$V" attach "$R2" "$WORK/recording.wav" --name second.wav)
fault blobs "attachment" "blob-write=short@$mid" "$V" attach "$R2" "$WORK/recording.wav" --name second.wav
fault blobs "attachment" "blob-after-fsync=eio" "$V" attach "$R2" "$WORK/recording.wav" --name second.wav
for action in enospc eio short; do
  fault blobs "in.sillok.*nothing was imported" "blob-write=$action" "$C" import "$WORK/in.sillok"
done

# --- key slots -----------------------------------------------------------------------------------
for action in enospc eio short; do
  fault keyslots "keyslots.json" "keyslots-write=$action" "$V" passwd --new-passphrase-fd 4 4<<<"never set"
  fault keyslots "keyslots.json" "keyslots-write=$action" "$V" recovery-key
  fault keyslots "keyslots.json" "keyslots-write=$action" "$V" lock-policy --erase-after 3
  # The unlock counter is written before the passphrase is tried.
  fault keyslots "keyslots.json" "keyslots-counter-write=$action" "$V" record set "$R2" "interview.city=무산"
done
fault keyslots "keyslots.json" "keyslots-after-fsync=eio" "$V" passwd --new-passphrase-fd 4 4<<<"never set"
run_cli 3 "the passphrase no change could set does not open the vault" --vault "$V" --passphrase-fd 3 identity \
  3<<<"never set"
# The right passphrase, after the delay the failure asks for, clears the counter.
as "$V" identity >/dev/null 2>&1
BEFORE=$(snapshot)

# --- the bundle output -----------------------------------------------------------------------------
for action in enospc eio short; do
  fault bundle "out.sillok" "bundle-write=$action" "$V" export --out "$BOUT" --record "$R1" --recipient "$COORD" \
    --override-k "one record"
done
mid=$(middle_of bundle-write "$V" export --out "$BOUT" --record "$R1" --recipient "$COORD" --override-k "one record")
fault bundle "out.sillok" "bundle-write=eio@$mid" "$V" export --out "$BOUT" --record "$R1" --recipient "$COORD" \
  --override-k "one record"
fault bundle "out.sillok" "bundle-write=short@$mid" "$V" export --out "$BOUT" --record "$R1" --recipient "$COORD" \
  --override-k "one record"
fault bundle "out.sillok" "bundle-after-fsync=eio" "$V" export --out "$BOUT" --record "$R1" --recipient "$COORD" \
  --override-k "one record"

# --- without faults the same commands work ----------------------------------------------------------
run_cli 0 "without faults: record set" --vault "$V" --passphrase-fd 3 record set "$R2" "interview.city=회령" 3<<<"$PASS"
run_cli 0 "…attach" --vault "$V" --passphrase-fd 3 attach "$R2" "$WORK/recording.wav" --name second.wav 3<<<"$PASS"
run_cli 0 "…seal" --vault "$V" --passphrase-fd 3 record seal "$R2" 3<<<"$PASS"
run_cli 0 "…export" --vault "$V" --passphrase-fd 3 export --out "$BOUT" --record "$R1" --recipient "$COORD" \
  --override-k "one record" 3<<<"$PASS"
run_cli 0 "…amend" --vault "$V" --passphrase-fd 3 record amend "$R1" --reason "정정" 3<<<"$PASS"
run_cli 0 "…import" --vault "$C" --passphrase-fd 3 import "$WORK/in.sillok" 3<<<"$PASS"
expect_in "$OUT" "1 attachments added" "…with its attachment"
run_cli 0 "…passwd" --vault "$V" --passphrase-fd 3 passwd --new-passphrase-fd 4 3<<<"$PASS" 4<<<"new 새 passphrase"
run_cli 0 "…check of both vaults" --vault "$V" --passphrase-fd 3 check 3<<<"new 새 passphrase"
run_cli 0 "…" --vault "$C" --passphrase-fd 3 check 3<<<"$PASS"

# --- erase on a failing disk still removes the vault ------------------------------------------------
E="$WORK/erase-me"
as "$E" init --name "지울 금고" --kdf "$KDF" >/dev/null
SILLOK_FAILPOINTS=erase-write=eio run_cli 5 "keyslots: erase-write=eio on erase exits 5" --vault "$E" erase --yes
FAULTS[keyslots]=$(( ${FAULTS[keyslots]:-0} + 1 ))
expect_in "$ERR" "The vault was deleted" "…saying the vault was deleted all the same"
check "…and the folder is gone" test ! -e "$E"

total=0
for path in database blobs keyslots bundle; do
  diag "faults injected on the $path path: ${FAULTS[$path]:-0}"
  total=$(( total + ${FAULTS[$path]:-0} ))
done
diag "faults injected in all: $total"
finish
