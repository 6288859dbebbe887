#!/bin/bash
# cli-crash.sh: sillok-cli killed while it writes values, seals and attaches;
# a full disk at commit
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/crash-lib.sh"

if ! require_program jq || ! require_program minisign; then
  echo "1..0 # SKIP jq and minisign are needed"
  exit 0
fi

V="$WORK/vault"
PASS="crash 충돌 test"

quiet () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

rc () {
  local want=$1 desc=$2
  shift 2
  run_cli "$want" "$desc" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

# The vault after a crash: it opens and the full check finds nothing wrong.
vault_sound () {
  local what=$1
  rc 0 "after $what the vault opens and check passes" check
  expect_in "$OUT" "No problem found" "…with no problem found"
  ls "$V" | grep -qv -e '^blobs$' -e '^keyslots.json$' -e '^vault.db' -e '^LOCK$' \
    && not_ok "…and no stray file in the vault folder" "$(ls -a "$V")" || ok "…and no stray file in the vault folder"
}

run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "충돌 시험" --kdf "$KDF" 3<<<"$PASS"
rc 0 "a record" record new --template forced-labour --set "interview.date=2024-06" --set "consent.given=true" \
  --set "episodes[0].narrative=광산에서 일했다"
ID=$(head -n1 <<<"$OUT")

# Time unlocking and one command, to spread the kills over a run.
start=$(date +%s%N)
quiet identity >/dev/null 2>&1
UNLOCK_MS=$(( ($(date +%s%N) - start) / 1000000 ))
start=$(date +%s%N)
quiet record set "$ID" "interview.city=서울" >/dev/null 2>&1
CMD_MS=$(( ($(date +%s%N) - start) / 1000000 ))
diag "unlocking takes $UNLOCK_MS ms, one record set $CMD_MS ms"

# --- SIGKILL while values are written -----------------------------------------
# The writer sets episodes[N].food, going to N + 1 only when the command
# returned 0, and announces each command it starts; the killer SIGKILLs three
# of every four at a random moment of their run and lets the fourth finish.
: >"$WORK/acked"
: >"$WORK/writer.log"
: >"$WORK/writer.pid"
(
  n=0 run=0
  while [ ! -e "$WORK/stop" ]; do
    wait_ms=$(unlock_wait_ms "$V")
    "$CLI" --vault "$V" --passphrase-fd 3 record set "$ID" "episodes[$n].food=value-$n 값-$n" 3<<<"$PASS" \
      >/dev/null 2>>"$WORK/writer.err" &
    pid=$!
    run=$((run + 1))
    echo "$run $pid $wait_ms" >"$WORK/writer.pid"
    wait "$pid" 2>/dev/null
    status=$?
    echo "$n $status" >>"$WORK/writer.log"
    if [ "$status" -eq 0 ]; then
      echo "$n" >>"$WORK/acked"
      n=$((n + 1))
    fi
  done
) &
writer=$!

kills=0 seen=0 deadline=$((SECONDS + 400))
while [ "$SECONDS" -lt "$deadline" ]; do
  read -r run pid wait_ms <"$WORK/writer.pid" || { sleep 0.01; continue; }
  if [ "${run:-0}" -le "$seen" ]; then
    sleep 0.005
    continue
  fi
  seen=$run
  [ $((run % 4)) -eq 0 ] && continue
  kill_at_random "$pid" "$wait_ms" "$CMD_MS"
  kills=$(awk '$2 == 137' "$WORK/writer.log" | wc -l)
  [ "$kills" -ge 45 ] && break
done
touch "$WORK/stop"
wait "$writer"
kills=$(awk '$2 == 137' "$WORK/writer.log" | wc -l)
acked=$(wc -l <"$WORK/acked")
other=$(awk '$2 != 137 && $2 != 0' "$WORK/writer.log" | wc -l)
diag "$(wc -l <"$WORK/writer.log") runs: $kills killed, $acked returned 0"
[ "$kills" -ge 40 ] && ok "at least 40 record set commands were killed ($kills)" || not_ok "at least 40 kills" "$kills"
[ "$acked" -ge 5 ] && ok "…and some finished ($acked)" || not_ok "…and some finished" "$acked"
[ "$other" -eq 0 ] && ok "no command failed after a kill except by being killed" \
  || not_ok "no command failed after a kill except by being killed" "$(awk '$2 != 137 && $2 != 0' "$WORK/writer.log")" \
       "$(tail -n 5 "$WORK/writer.err")"
vault_sound "$kills kills during record set"
rc 0 "record show" record show "$ID" --json
printf '%s\n' "$OUT" >"$WORK/show.json"
lost=()
while IFS= read -r n; do
  [ "$(jq -r --arg p "episodes[$n].food" '.values[$p]' "$WORK/show.json")" = "value-$n 값-$n" ] || lost+=("$n")
done <"$WORK/acked"
[ ${#lost[@]} -eq 0 ] && ok "every value whose record set returned 0 is present ($acked)" \
  || not_ok "every value whose record set returned 0 is present" "lost: ${lost[*]}"
# A killed command stored all of its value or none: no entry without its value.
count=$(jq '[.values | keys[] | select(startswith("episodes["))] | map(capture("^episodes\\[(?<i>[0-9]+)\\]").i) | unique | length' "$WORK/show.json")
foods=$(jq '[.values | keys[] | select(test("^episodes\\[[0-9]+\\]\\.food$"))] | length' "$WORK/show.json")
[ "$foods" -ge "$acked" ] && [ "$foods" -le $((acked + 1)) ] && [ "$count" -eq "$foods" ] \
  && ok "no entry is half written ($foods entries with food)" || not_ok "no entry is half written" "$count entries, $foods foods, $acked acked"
rc 0 "the record can still be edited" record set "$ID" "episodes[$foods].food=after"

# --- SIGKILL during record seal ----------------------------------------------------
IDS=()
for i in $(seq 24); do
  id=$(quiet record new --template forced-labour --set "interview.date=2024-0$(( i % 9 + 1 ))" --set consent.given=true \
    --set "episodes[0].narrative=봉인 중 중단 $i" --set "interviewee.name=김영$i" 2>/dev/null | head -n1)
  IDS+=("$id")
done
[ ${#IDS[@]} -eq 24 ] && ok "24 drafts to seal" || not_ok "24 drafts to seal"
rc 0 "one more draft" record new --template forced-labour --set "interview.date=2024-01" --set consent.given=true \
  --set "episodes[0].narrative=시간 재기"
start=$(date +%s%N)
rc 0 "…seals" record seal "$(head -n1 <<<"$OUT")"
SEAL_MS=$(( ($(date +%s%N) - start) / 1000000 ))
diag "one record seal takes $SEAL_MS ms"
killed=0
run_ms=$SEAL_MS
for i in "${!IDS[@]}"; do
  # Enough kills: the other drafts stay drafts and are sealed below.
  [ "$killed" -ge 6 ] && break
  wait_ms=$(unlock_wait_ms "$V")
  "$CLI" --vault "$V" --passphrase-fd 3 record seal "${IDS[$i]}" 3<<<"$PASS" >/dev/null 2>&1 &
  pid=$!
  kill_at_random "$pid" "$wait_ms" "$run_ms"
  wait "$pid" 2>/dev/null
  if [ $? -eq 137 ]; then
    killed=$((killed + 1))
  else
    # Finished before the kill on a busy machine: aim earlier next time.
    run_ms=$(( run_ms * 4 / 5 ))
  fi
done
diag "$killed of ${#IDS[@]} seals were killed"
if [ "$killed" -eq 0 ] && [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  # A machine too busy to catch a seal at random: one more draft, stopped
  # at the first database write its seal makes.
  id=$(quiet record new --template forced-labour --set "interview.date=2024-02" --set consent.given=true \
    --set "episodes[0].narrative=봉인 중 중단" 2>/dev/null | head -n1)
  IDS+=("$id")
  SILLOK_FAILPOINTS=db-write=kill "$CLI" --vault "$V" --passphrase-fd 3 record seal "$id" 3<<<"$PASS" >/dev/null 2>&1
  [ $? -eq 137 ] && killed=1
  diag "no seal was caught at random; killed at its first database write: $killed"
fi
[ "$killed" -ge 1 ] && ok "seals were killed ($killed)" || not_ok "seals were killed" "$killed"
vault_sound "kills during record seal"
sealed=0 drafts=0 bad=()
for id in "${IDS[@]}"; do
  status=$(quiet record show "$id" --json | jq -r .status)
  if [ "$status" = sealed ]; then
    sealed=$((sealed + 1))
    rm -rf "$WORK/st"
    quiet record statement "$id" --out "$WORK/st" >/dev/null 2>&1 \
      && minisign -Vm "$WORK/st/statement.json" -p "$WORK/st/"*.pub >/dev/null 2>&1 || bad+=("$id: sealed but does not verify")
  elif [ "$status" = draft ]; then
    drafts=$((drafts + 1))
    quiet record seal "$id" >/dev/null 2>&1 || bad+=("$id: the draft cannot be sealed any more")
  else
    bad+=("$id: status $status")
  fi
done
diag "after the kills: $sealed sealed, $drafts drafts"
[ ${#bad[@]} -eq 0 ] && ok "each record is sealed and verifies, or a draft that still seals" || not_ok "sealed or draft" "${bad[@]}"
audits=0
for id in "${IDS[@]}"; do
  quiet audit "$id" 2>/dev/null | grep -q intact && [ "$(quiet audit "$id" | grep -c ' sealed ')" -eq 1 ] \
    && audits=$((audits + 1))
done
[ "$audits" -eq ${#IDS[@]} ] && ok "each audit chain is intact with one sealed entry" || not_ok "audit chains" "$audits of ${#IDS[@]}"

# --- SIGKILL during attach ----------------------------------------------------------
rc 0 "a record for attachments" record new --template forced-labour --set "interview.date=2024-07" --set consent.given=true
AID=$(head -n1 <<<"$OUT")
head -c $((16 * 1024 * 1024)) /dev/urandom >"$WORK/big.wav"
start=$(date +%s%N)
rc 0 "attach a 16 MiB recording" attach "$AID" "$WORK/big.wav"
ATTACH_MS=$(( ($(date +%s%N) - start) / 1000000 ))
diag "one attach of 16 MiB takes $ATTACH_MS ms"
killed=0
run_ms=$ATTACH_MS
for i in $(seq 12); do
  wait_ms=$(unlock_wait_ms "$V")
  "$CLI" --vault "$V" --passphrase-fd 3 attach "$AID" "$WORK/big.wav" --name "take-$i.wav" 3<<<"$PASS" >/dev/null 2>&1 &
  pid=$!
  kill_at_random "$pid" "$wait_ms" "$run_ms"
  wait "$pid" 2>/dev/null
  if [ $? -eq 137 ]; then
    killed=$((killed + 1))
  else
    run_ms=$(( run_ms * 4 / 5 ))
  fi
done
diag "$killed of 12 attaches were killed"
if [ "$killed" -eq 0 ] && [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  # Too busy a machine to catch one at random: stopped halfway through its blob.
  SILLOK_FAILPOINTS=blob-write=kill@64 "$CLI" --vault "$V" --passphrase-fd 3 attach "$AID" "$WORK/big.wav" \
    --name take-stopped.wav 3<<<"$PASS" >/dev/null 2>&1
  [ $? -eq 137 ] && killed=1
  diag "no attach was caught at random; killed halfway through its blob: $killed"
fi
[ "$killed" -ge 1 ] && ok "attaches were killed ($killed)" || not_ok "attaches were killed" "$killed"
rc 0 "record show after the killed attaches" record show "$AID" --json
n_att=$(jq '.attachments | length' <<<"$OUT")
whole=$(jq --arg b2 "$(b2sum "$WORK/big.wav" | cut -d' ' -f1)" \
  '[.attachments[] | select(.size == 16777216 and .b2 == $b2)] | length' <<<"$OUT")
[ "$n_att" -eq "$whole" ] && ok "every attachment listed is whole ($n_att: size and hash of the file)" \
  || not_ok "every attachment listed is whole" "$(jq -c .attachments <<<"$OUT")"
vault_sound "kills during attach"
blobs=$(find "$V/blobs" -type f | wc -l)
referenced=$(quiet record show "$AID" --json | jq '.attachments | length')
[ "$blobs" -eq "$referenced" ] && ok "after check, blobs/ holds exactly the referenced attachments ($blobs)" \
  || not_ok "blobs/ holds exactly the referenced attachments" "$blobs files, $referenced referenced"
rc 0 "the record with its attachments seals" record seal "$AID"
rc 0 "check after sealing" check
expect_in "$OUT" "$referenced attachments" "…verifies every attachment"

# --- a full disk at commit ---------------------------------------------------------------
if [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  before=$(quiet record show "$ID" --json)
  SILLOK_FAILPOINTS=db-commit=enospc run_cli 5 "db-commit=enospc on record set exits 5" \
    --vault "$V" --passphrase-fd 3 record set "$ID" "interview.city=부산" "episodes[0].route=새 경로" 3<<<"$PASS"
  expect_in "$ERR" "disk is full" "…saying the disk is full"
  [ "$(grep -c . <<<"$ERR")" -eq 1 ] && [[ "$ERR" == "sillok-cli: "* ]] && ok "…in one line" || not_ok "…in one line" "$ERR"
  after=$(quiet record show "$ID" --json)
  [ "$(jq -r '.values["interview.city"]' <<<"$after")" = "서울" ] && ok "…the value is not stored" \
    || not_ok "…the value is not stored" "$(jq -r '.values["interview.city"]' <<<"$after")"
  [ "$(jq -S .values <<<"$before")" = "$(jq -S .values <<<"$after")" ] && ok "…and every earlier value is intact" \
    || not_ok "…and every earlier value is intact"
  SILLOK_FAILPOINTS=db-commit=enospc run_cli 5 "db-commit=enospc on record seal exits 5" \
    --vault "$V" --passphrase-fd 3 record seal "$ID" 3<<<"$PASS"
  [ "$(quiet record show "$ID" --json | jq -r .status)" = draft ] && ok "…and the record stays a draft" \
    || not_ok "…and the record stays a draft"
  SILLOK_FAILPOINTS=db-commit=enospc run_cli 5 "db-commit=enospc on attach exits 5" \
    --vault "$V" --passphrase-fd 3 attach "$ID" "$WORK/big.wav" 3<<<"$PASS"
  [ "$(quiet record show "$ID" --json | jq '.attachments | length')" -eq 0 ] && ok "…no attachment is recorded" \
    || not_ok "…no attachment is recorded"
  [ "$(find "$V/blobs" -type f | wc -l)" -eq "$blobs" ] && ok "…and its encrypted file is removed" \
    || not_ok "…and its encrypted file is removed" "$(find "$V/blobs" -type f | wc -l) files, $blobs before"
  rc 0 "without the failpoint the same record set works" record set "$ID" "interview.city=부산"
  vault_sound "the failed commits"
else
  skip "db-commit=enospc on record set" "failpoints are not compiled in (-Dfailpoints=true)"
fi

finish
