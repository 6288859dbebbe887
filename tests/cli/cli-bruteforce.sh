#!/bin/bash
# cli-bruteforce.sh: guessing passphrases at sillok-cli, end to end — the
# growing delay before each attempt, attempts counted before they are tried
# (killing a guess does not undo it, killing the wait gains nothing), the
# cap, the optional erase after N failures in a row, and what erase leaves
#
# keyslots.json holds the counter in clear (it holds no secret); the test
# sets it directly to reach far states of the schedule without waiting.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

if ! require_program jq; then
  echo "1..0 # SKIP jq is needed"
  exit 0
fi

V="$WORK/vault"
PASS="무차별 대입 brute force"
RKEY=

failed () {
  jq -r .failed_attempts "$V/keyslots.json"
}

set_failed () {
  jq -c --argjson n "$1" '.failed_attempts = $n' "$V/keyslots.json" >"$WORK/keyslots.json" \
    && mv "$WORK/keyslots.json" "$V/keyslots.json"
}

# attempt WANT_EXIT DESC PASSPHRASE: one unlock through the CLI; ELAPSED_MS is how long it took.
attempt () {
  local want=$1 desc=$2 passphrase=$3 start
  start=$(date +%s%N)
  run_cli "$want" "$desc" --vault "$V" --passphrase-fd 3 identity 3<<<"$passphrase"
  ELAPSED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}

# at_least MS DESC: the last attempt took at least MS milliseconds.
at_least () {
  [ "$ELAPSED_MS" -ge "$1" ] && ok "$2 (${ELAPSED_MS} ms)" || not_ok "$2" "it took $ELAPSED_MS ms, less than $1"
}

run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "대입 시험" --kdf "$KDF" 3<<<"$PASS"
run_cli 0 "a recovery key" --vault "$V" --passphrase-fd 3 recovery-key 3<<<"$PASS"
RKEY=$(grep -E '^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$' <<<"$OUT")
run_cli 0 "lock-policy with no failure" --vault "$V" lock-policy
expect_in "$OUT" "Failed unlock attempts: 0" "…counts none"
expect_in "$OUT" "Next attempt waits:     0 s" "…and no wait"
expect_in "$OUT" "Erase after failures:   never" "…and never erases by default"

# --- the schedule: 0, 1, 2, 4 s before the attempt ---------------------------------------------
attempt 3 "first wrong passphrase: exit 3" "wrong 1"
expect_in "$ERR" "Wrong passphrase" "…saying the passphrase is wrong"
check "…counted once" test "$(failed)" -eq 1
i=1
for wait_s in 1 2 4; do
  i=$((i + 1))
  attempt 3 "wrong passphrase $i: exit 3" "wrong $i"
  expect_in "$ERR" "waiting $wait_s s before trying" "…after saying it waits $wait_s s"
  at_least $((wait_s * 1000)) "…and waiting at least $wait_s s before trying"
  check "…counted ($i)" test "$(failed)" -eq "$i"
done
run_cli 0 "lock-policy after 4 failures" --vault "$V" lock-policy
expect_in "$OUT" "Failed unlock attempts: 4" "…counts them"
expect_in "$OUT" "Next attempt waits:     8 s" "…and the next attempt waits 8 s"

# --- the cap ------------------------------------------------------------------------------------------
for n in 6 7 40 100000; do
  set_failed "$n"
  run_cli 0 "after $n failures" --vault "$V" lock-policy
  expect_in "$OUT" "Next attempt waits:     30 s" "…the next attempt waits 30 s, no more"
done
set_failed 5
run_cli 0 "after 5 failures" --vault "$V" lock-policy
expect_in "$OUT" "Next attempt waits:     16 s" "…the next attempt waits 16 s"

# --- killing the wait gains nothing, killing the guess does not undo it -----------------------------
set_failed 2
"$CLI" --vault "$V" --passphrase-fd 3 identity 3<<<"wrong during wait" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -KILL "$pid" 2>/dev/null
wait "$pid"
check "a guess killed during its 2 s wait is not tried (exit 137)" test $? -eq 137
check "…and the count stays at 2: the next guess waits as long" test "$(failed)" -eq 2
if [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  set_failed 0
  SILLOK_FAILPOINTS=keyslots-counter-after-rename=kill@1 run_cli 137 \
    "a guess killed right after it was counted" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"
  check "…stays counted, although its passphrase was right" test "$(failed)" -eq 1
  SILLOK_FAILPOINTS=keyslots-counter-before-rename=kill@1 run_cli 137 \
    "a guess killed before its count reached the disk" --vault "$V" --passphrase-fd 3 identity 3<<<"wrong"
  check "…is not tried: the count is unchanged" test "$(failed)" -eq 1
  ls -a "$V" | grep -q '^\.keyslots\.json\..*\.tmp$' && ok "…leaving the temporary key slot file of the count" \
    || not_ok "…leaving the temporary key slot file of the count" "$(ls -a "$V")"
  run_cli 0 "the next command's open" --vault "$V" lock-policy
  ls -a "$V" | grep -q '\.tmp$' && not_ok "…removes it" "$(ls -a "$V")" || ok "…removes it"
else
  skip "guesses killed at the counter's failpoints" "failpoints are not compiled in (-Dfailpoints=true)"
  set_failed 1
fi
# Killed at random moments of the key derivation: counted every time.
set_failed 0
before=$(failed)
for i in 1 2 3; do
  "$CLI" --vault "$V" --passphrase-fd 3 identity 3<<<"wrong $i" >/dev/null 2>&1 &
  pid=$!
  # Until it has written the count (the file changes), then kill it.
  for _ in $(seq 300); do
    [ "$(failed)" -gt "$before" ] && break
    sleep 0.01
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid"
  before=$(failed)
done
check "three guesses killed once counted stay counted ($(failed))" test "$(failed)" -eq 3

# --- the right passphrase, after the wait, clears the count ---------------------------------------------
set_failed 1
attempt 0 "the right passphrase opens the vault" "$PASS"
at_least 1000 "…after the wait of one failure"
check "…and clears the count" test "$(failed)" -eq 0

# --- erase after N failures in a row ------------------------------------------------------------------------
run_cli 2 "lock-policy --erase-after needs a number" --vault "$V" --passphrase-fd 3 lock-policy --erase-after x \
  3<<<"$PASS"
run_cli 0 "lock-policy --erase-after 3" --vault "$V" --passphrase-fd 3 lock-policy --erase-after 3 3<<<"$PASS"
expect_in "$OUT" "Erase after failures:   3 failed attempts in a row" "…is shown"
R=$("$CLI" --vault "$V" --passphrase-fd 3 record new --template forced-labour --set interview.date=2025-02 \
  3<<<"$PASS" | head -n1)
head -c 100000 /dev/urandom >"$WORK/recording.wav"
"$CLI" --vault "$V" --passphrase-fd 3 attach "$R" "$WORK/recording.wav" 3<<<"$PASS" >/dev/null
check "a record with an attachment in the vault" test "$(find "$V/blobs" -type f | wc -l)" -eq 1
set_failed 0
attempt 3 "wrong passphrase 1 of 3" "nope 1"
start=$(date +%s%N)
run_cli 3 "a wrong recovery key counts as well: 2 of 3, exit 3" --vault "$V" --recovery-key-fd 3 identity \
  3<<<"AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"
ELAPSED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
at_least 1000 "…after waiting as for a passphrase"
check "…counted" test "$(failed)" -eq 2
run_cli 3 "a malformed recovery key is refused: exit 3" --vault "$V" --recovery-key-fd 3 identity 3<<<"not a key"
check "…before it is tried: not counted" test "$(failed)" -eq 2
attempt 1 "wrong passphrase 3 of 3 erases the vault: exit 1" "nope 3"
at_least 2000 "…after its wait"
expect_in "$ERR" "erased after 3 failed unlock attempts" "…and says so"
check "…the folder is gone, attachments and all" test ! -e "$V"
run_cli 1 "…the recovery key opens nothing" --vault "$V" --recovery-key-fd 3 identity 3<<<"$RKEY"

# In a row: the right passphrase in between starts again.
run_cli 0 "a new vault" --vault "$V" --passphrase-fd 3 init --name "대입 시험 2" --kdf "$KDF" 3<<<"$PASS"
run_cli 0 "…erasing after 2 failures" --vault "$V" --passphrase-fd 3 lock-policy --erase-after 2 3<<<"$PASS"
attempt 3 "wrong passphrase 1 of 2" "nope"
attempt 0 "the right passphrase, after its wait" "$PASS"
check "…clears the count" test "$(failed)" -eq 0
attempt 3 "wrong passphrase 1 of 2 again" "nope"
check "…the vault is still there" test -f "$V/keyslots.json"
if [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  SILLOK_FAILPOINTS=keyslots-counter-after-rename=kill@1 run_cli 137 \
    "a guess killed once counted, 2 of 2" --vault "$V" --passphrase-fd 3 identity 3<<<"guess"
  check "…does not erase (it was never tried)" test -f "$V/keyslots.json"
  check "…but counts" test "$(failed)" -eq 2
  attempt 1 "the next wrong passphrase erases: killing guesses does not dodge the policy" "nope again"
else
  attempt 1 "wrong passphrase 2 of 2 erases the vault: exit 1" "nope again"
fi
expect_in "$ERR" "erased" "…saying the vault was erased"
check "…the folder is gone" test ! -e "$V"
run_cli 1 "…and nothing opens any more" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"

# Off again: no number of failures erases.
run_cli 0 "a third vault" --vault "$V" --passphrase-fd 3 init --name "대입 시험 3" --kdf "$KDF" 3<<<"$PASS"
run_cli 0 "…erase after 2" --vault "$V" --passphrase-fd 3 lock-policy --erase-after 2 3<<<"$PASS"
run_cli 0 "…then never (--erase-after 0)" --vault "$V" --passphrase-fd 3 lock-policy --erase-after 0 3<<<"$PASS"
expect_in "$OUT" "Erase after failures:   never" "…is shown"
for i in 1 2 3; do
  attempt 3 "wrong passphrase $i with erasing off" "nope $i"
done
check "…the vault is still there" test -f "$V/keyslots.json"
set_failed 0
attempt 0 "…and the right passphrase opens it" "$PASS"
finish
