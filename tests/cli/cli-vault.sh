#!/bin/bash
# cli-vault.sh: sillok-cli init, unlock errors, passwd, recovery-key, lock-policy, erase
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

V="$WORK/vault"
PASS="correct horse 배터리"

cli () {
  "$CLI" --vault "$V" "$@"
}

# Every file of the vault with its hash, for "nothing changed" checks.
snapshot () {
  (cd "$1" && find . -type f ! -name LOCK -print0 | sort -z | xargs -0 sha256sum)
}

# --- init -----------------------------------------------------------------
run_cli 0 "init creates a vault" --vault "$V" --passphrase-fd 3 init --name "Kim 김" --kdf "$KDF" 3<<<"$PASS"
expect_in "$OUT" "Signing key:" "init prints the key id"
expect_in "$OUT" "Age recipient: age1" "init prints the age recipient"
run_cli 1 "init refuses an existing vault" --vault "$V" --passphrase-fd 3 init --name x --kdf "$KDF" 3<<<"$PASS"
expect_in "$ERR" "already exists" "…saying a vault exists"
run_cli 2 "init needs --name" --vault "$WORK/v-noname" --passphrase-fd 3 init 3<<<"$PASS"
run_cli 2 "init rejects an unknown KDF preset" --vault "$WORK/v-kdf" --passphrase-fd 3 init --name x --kdf fast 3<<<"$PASS"
check "a refused init leaves no folder" test ! -e "$WORK/v-kdf"

# Global options after the command, as with git.
run_cli 0 "global options are accepted after the command" identity --age-recipient --vault "$V" --passphrase-fd 3 3<<<"$PASS"
expect_in "$OUT" "age1" "…and the command runs"
SILLOK_VAULT="$V" run_cli 0 "SILLOK_VAULT names the vault" --passphrase-fd 3 identity 3<<<"$PASS"

# --- passphrases never from argv or the environment -------------------------
run_cli 2 "no passphrase option on the command line" --vault "$V" --passphrase "$PASS" identity
run_cli 2 "without a descriptor or a terminal there is no passphrase" --vault "$V" identity </dev/null
expect_in "$ERR" "passphrase-fd" "…and the message says how to give one"

# --- wrong passphrase -------------------------------------------------------
before=$(snapshot "$V")
keyslots_before=$(cat "$V/keyslots.json")
run_cli 3 "a wrong passphrase exits 3" --vault "$V" --passphrase-fd 3 identity 3<<<"wrong"
expect_in "$ERR" "sillok-cli: Wrong passphrase" "…with one clear line"
after=$(snapshot "$V")
if [ "$(grep -v keyslots.json <<<"$before")" = "$(grep -v keyslots.json <<<"$after")" ] \
   && [ "$(cat "$V/keyslots.json")" = "${keyslots_before/\"failed_attempts\":0/\"failed_attempts\":1}" ]; then
  ok "only the failed-attempt counter changed"
else
  not_ok "only the failed-attempt counter changed" "$before" "$after"
fi
start=$(date +%s%N)
run_cli 0 "the right passphrase still opens it" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$elapsed_ms" -ge 1000 ]; then ok "after a failure the next attempt waited ($elapsed_ms ms)"; else not_ok "after a failure the next attempt waited" "$elapsed_ms ms"; fi
expect_in "$ERR" "waiting 1 s" "…and said so"
grep -q '"failed_attempts":0' "$V/keyslots.json" && ok "success resets the counter" || not_ok "success resets the counter"

# --- damaged and missing files ---------------------------------------------
cp "$V/keyslots.json" "$WORK/keyslots.good"
head -c 100 "$WORK/keyslots.good" >"$V/keyslots.json"
before=$(snapshot "$V")
run_cli 1 "a truncated keyslots.json is rejected" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"
expect_in "$ERR" "keyslots.json is damaged" "…named as damaged"
[ "$before" = "$(snapshot "$V")" ] && ok "…and nothing changed" || not_ok "…and nothing changed"
sed 's/"kind":"passphrase"/"kind":"Passphrase"/' "$WORK/keyslots.good" >"$V/keyslots.json"
run_cli 1 "a tampered keyslots.json is rejected" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"
expect_in "$ERR" "keyslots.json is damaged" "…named as damaged"
cp "$WORK/keyslots.good" "$V/keyslots.json"

mv "$V/vault.db" "$WORK/vault.db.good"
before=$(snapshot "$V")
run_cli 1 "a missing vault.db is named" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"
expect_in "$ERR" "vault.db is missing" "…in the message"
[ "$before" = "$(snapshot "$V")" ] && ok "…and nothing changed or was created" || not_ok "…and nothing changed or was created"
mv "$WORK/vault.db.good" "$V/vault.db"

mkdir -p "$WORK/not-a-vault"
run_cli 1 "a folder that is not a vault is named" --vault "$WORK/not-a-vault" --passphrase-fd 3 identity 3<<<"$PASS"
expect_in "$ERR" "not a Sillok vault" "…in the message"
[ -z "$(ls -A "$WORK/not-a-vault")" ] && ok "…and nothing was written there" || not_ok "…and nothing was written there"

# --- a second process -------------------------------------------------------
mkfifo "$WORK/hold"
# The holder takes the lock once it has started, then waits for its
# passphrase on the FIFO.  The probe below takes the lock too, for a moment:
# a holder that starts in that moment is itself "in use" and exits, and is
# started again (a loaded machine may need a few tries and a minute).
held=0
for _ in 1 2 3 4 5; do
  "$CLI" --vault "$V" --passphrase-fd 3 identity 3<"$WORK/hold" >/dev/null 2>&1 &
  holder=$!
  exec 4>"$WORK/hold"
  for _ in $(seq 600); do
    kill -0 "$holder" 2>/dev/null || break
    "$CLI" --vault "$V" lock-policy >/dev/null 2>&1
    if [ $? -eq 4 ] && kill -0 "$holder" 2>/dev/null; then
      held=1
      break
    fi
    sleep 0.1
  done
  [ "$held" = 1 ] && break
  exec 4>&-
  wait "$holder" 2>/dev/null
done
check "a first process holds the vault" test "$held" = 1
run_cli 4 "a second process gets exit 4" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"
expect_in "$ERR" "in use" "…saying the vault is in use"
# In a subshell: were the holder gone, the write's SIGPIPE ends that alone.
( echo "$PASS" >&4 ) 2>/dev/null
exec 4>&-
wait "$holder"
check "the first process finished normally" test $? -eq 0

# --- no plaintext on disk ----------------------------------------------------
M="$WORK/marker-vault"
MARK_LATIN="Zqxv-Marker-Interviewer"
MARK_KO="홍길동표식면담자"
run_cli 0 "init with marker names" --vault "$M" --passphrase-fd 3 init --name "$MARK_LATIN $MARK_KO" --kdf "$KDF" 3<<<"$PASS"
run_cli 0 "the vault opens again" --vault "$M" --passphrase-fd 3 identity 3<<<"$PASS"
hits=$(( $(count_plaintext_hits "$M" "$MARK_LATIN") + $(count_plaintext_hits "$M" "$MARK_KO") \
       + $(count_plaintext_hits "$TMPDIR" "$MARK_LATIN") + $(count_plaintext_hits "$TMPDIR" "$MARK_KO") ))
[ "$hits" -eq 0 ] && ok "no marker in the vault or TMPDIR, UTF-8 or UTF-16" || not_ok "no marker in the vault or TMPDIR" "$hits files"

# --- passwd -------------------------------------------------------------------
run_cli 0 "passwd changes the passphrase" --vault "$V" --passphrase-fd 3 passwd --new-passphrase-fd 4 3<<<"$PASS" 4<<<"second 두번째"
run_cli 3 "the old passphrase no longer opens it" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS"
run_cli 0 "the new one does" --vault "$V" --passphrase-fd 3 identity 3<<<"second 두번째"
PASS="second 두번째"
run_cli 0 "one descriptor may carry both passphrases" --vault "$V" --passphrase-fd 3 passwd --new-passphrase-fd 3 3< <(printf '%s\n%s\n' "$PASS" "third")
PASS=third

# Interrupted passwd: the old or the new passphrase works, never neither.
opens () {
  "$CLI" --vault "$V" --passphrase-fd 3 identity --age-recipient 3<<<"$1" >/dev/null 2>&1
}
if [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  for point in keyslots-write keyslots-before-rename keyslots-after-rename; do
    SILLOK_FAILPOINTS="$point=kill" "$CLI" --vault "$V" --passphrase-fd 3 passwd --new-passphrase-fd 4 \
      3<<<"$PASS" 4<<<"next-$point" >/dev/null 2>&1
    rc=$?
    if opens "$PASS"; then
      [ "$point" != keyslots-after-rename ] && ok "killed at $point (exit $rc): the old passphrase opens" \
        || not_ok "killed at $point: the new passphrase should open"
    elif opens "next-$point"; then
      PASS="next-$point"
      [ "$point" = keyslots-after-rename ] && ok "killed at $point (exit $rc): the new passphrase opens" \
        || not_ok "killed at $point: the old passphrase should open"
    else
      not_ok "killed at $point: neither passphrase opens the vault"
    fi
  done
  ls -a "$V" | grep -q '\.tmp$' && not_ok "no temporary keyslots file is left" || ok "no temporary keyslots file is left"
else
  skip "failpoint kills during passwd" "failpoints are not compiled in (-Dfailpoints=true)"
fi

neither=0
for i in $(seq 12); do
  next="random-$i"
  "$CLI" --vault "$V" --passphrase-fd 3 passwd --new-passphrase-fd 4 3<<<"$PASS" 4<<<"$next" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(( (i * 37) % 10 ))$(( i % 10 ))"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  sleep 0.05
  if opens "$PASS"; then :; elif opens "$next"; then PASS=$next; else neither=$((neither + 1)); fi
done
[ "$neither" -eq 0 ] && ok "12 passwd runs killed at random moments: the vault always opens" \
  || not_ok "passwd killed at random moments" "$neither times neither passphrase opened the vault"

# --- recovery key --------------------------------------------------------------
run_cli 0 "recovery-key prints a key once" --vault "$V" --passphrase-fd 3 recovery-key 3<<<"$PASS"
RKEY=$(grep -E '^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$' <<<"$OUT")
[ -n "$RKEY" ] && ok "…as 8 groups of 4" || not_ok "…as 8 groups of 4" "$OUT"
run_cli 0 "the recovery key opens the vault and sets a new passphrase" \
  --vault "$V" --recovery-key-fd 3 passwd --new-passphrase-fd 4 3<<<"${RKEY,,}" 4<<<"after recovery"
run_cli 0 "the new passphrase opens it" --vault "$V" --passphrase-fd 3 identity 3<<<"after recovery"
PASS="after recovery"
run_cli 3 "a wrong recovery key exits 3" --vault "$V" --recovery-key-fd 3 identity 3<<<"AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"
sleep 1

# --- lock policy and erase -------------------------------------------------------
run_cli 0 "lock-policy shows the policy without a passphrase" --vault "$V" lock-policy
expect_in "$OUT" "never" "…erase is off by default"
run_cli 0 "lock-policy --erase-after 2" --vault "$V" --passphrase-fd 3 lock-policy --erase-after 2 3<<<"$PASS"
run_cli 3 "first wrong passphrase" --vault "$V" --passphrase-fd 3 identity 3<<<"nope"
run_cli 1 "second wrong passphrase erases the vault" --vault "$V" --passphrase-fd 3 identity 3<<<"nope"
expect_in "$ERR" "erased" "…and says so"
check "the vault folder is gone" test ! -e "$V"

run_cli 2 "erase without --yes refuses" --vault "$M" erase
check "…and the vault is still there" test -f "$M/keyslots.json"
run_cli 0 "erase --yes needs no passphrase" --vault "$M" erase --yes
check "the folder is gone" test ! -e "$M"
run_cli 1 "nothing opens afterwards" --vault "$M" --passphrase-fd 3 identity 3<<<"$PASS"

run_cli 0 "--version" --version
expect_in "$OUT" "sillok-cli" "…names the program"
run_cli 0 "--help lists the commands" --help
expect_in "$OUT" "recovery-key" "…including recovery-key"
run_cli 2 "an unknown command exits 2" frobnicate

finish
