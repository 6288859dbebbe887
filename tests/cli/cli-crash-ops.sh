#!/bin/bash
# cli-crash-ops.sh: sillok-cli killed during amend, export, import, passwd and
# recovery-key — at every failpoint each command passes (POINT=kill@N, from a
# trace of the command) and at random moments.  After each kill: the vault
# opens and check passes, everything reported done before the kill is there,
# and no half bundle or partial file exists.
#
# SILLOK_CRASH_TRIALS sets the number of trials (default 120, shared evenly by
# the five commands; cli-crash.sh adds the record set, seal and attach kills).
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/crash-lib.sh"

if ! require_program jq; then
  echo "1..0 # SKIP jq is needed"
  exit 0
fi

TRIALS=${SILLOK_CRASH_TRIALS:-120}
OPS=(amend export import passwd recovery-key)
PER_OP=$(( (TRIALS + ${#OPS[@]} - 1) / ${#OPS[@]} ))
FAILPOINTS=${SILLOK_FAILPOINTS_BUILT:-0}

V="$WORK/interviewer"
C="$WORK/coordinator"
C0="$WORK/coordinator-empty"
BD="$WORK/bundles"
mkdir -p "$BD"
PASS="crash 충돌 trials"
PASS_V=$PASS

in_v () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS_V"
}
in_c () {
  "$CLI" --vault "$C" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

# The problems of VAULT opened with PASSPHRASE after a kill, one a line
# (nothing when it is sound): check must pass, and nothing but the vault's
# own files may be in its folder.
vault_problems () {
  local vault=$1 passphrase=$2 out rc stray
  out=$("$CLI" --vault "$vault" --passphrase-fd 3 check 3<<<"$passphrase" 2>&1)
  rc=$?
  if [ "$rc" -ne 0 ] || ! grep -q "No problem found" <<<"$out"; then
    echo "check exits $rc: $(tail -n 3 <<<"$out")"
  fi
  stray=$(ls -A "$vault" | grep -v -e '^blobs$' -e '^keyslots.json$' -e '^vault.db' -e '^LOCK$')
  [ -n "$stray" ] && echo "stray files in the vault folder: $stray"
  stray=$(find "$vault/blobs" -type f ! -regex '.*/[0-9a-f]*' 2>/dev/null)
  [ -n "$stray" ] && echo "partial files under blobs/: $stray"
}

# add_problems VAULT PASSPHRASE: adds the vault's problems to PROBLEMS.
add_problems () {
  local line
  while IFS= read -r line; do
    [ -n "$line" ] && PROBLEMS+=("$line")
  done < <(vault_problems "$1" "$2")
}

# run_trial VAULT_PASSPHRASE SPEC ARGS…: runs sillok-cli ARGS with fd 3
# holding the passphrase, killed at failpoint SPEC or, when SPEC is
# "random", at a random moment of a run of RUN_MS[$OP].  Sets RC; stdout
# is in $WORK/trial.out.
run_trial () {
  local passphrase=$1 spec=$2 pid wait_ms
  shift 2
  if [ "$spec" = random ]; then
    wait_ms=$(unlock_wait_ms "$TRIAL_VAULT")
    "$CLI" "$@" 3<<<"$passphrase" >"$WORK/trial.out" 2>"$WORK/trial.err" &
    pid=$!
    kill_at_random "$pid" "$wait_ms" "${RUN_MS[$OP]}"
    wait "$pid" 2>/dev/null
    RC=$?
    # Finished before the kill on a busy machine: aim earlier next time.
    [ "$RC" -ne 137 ] && RUN_MS[$OP]=$(( RUN_MS[$OP] * 4 / 5 + 1 ))
  else
    SILLOK_FAILPOINTS=$spec "$CLI" "$@" 3<<<"$passphrase" >"$WORK/trial.out" 2>"$WORK/trial.err"
    RC=$?
  fi
  TRIALS_RUN[$OP]=$(( ${TRIALS_RUN[$OP]:-0} + 1 ))
  if [ "$RC" -eq 137 ]; then
    KILLS[$OP]=$(( ${KILLS[$OP]:-0} + 1 ))
  elif [ "$RC" -ne 0 ]; then
    PROBLEMS+=("exit $RC without a kill: $(head -c 300 "$WORK/trial.err")")
  fi
}

# report TRIAL_NAME: one TAP line for the trial, with what went wrong.
report () {
  if [ ${#PROBLEMS[@]} -eq 0 ]; then
    ok "$1"
  else
    FAILED_TRIALS[$OP]=$(( ${FAILED_TRIALS[$OP]:-0} + 1 ))
    not_ok "$1" "${PROBLEMS[@]}"
  fi
}

# The trials of one command: every failpoint moment of its trace (at most
# two thirds of its share), then random kills for the rest.  TRACE_ARGS is
# the command run once on a copy of the vaults to trace it and time it.
plan_trials () {
  local copy="$WORK/trace-copy" start specs n
  rm -rf "$copy" "$WORK/trace"
  mkdir -p "$copy"
  cp -a "$V" "$C" "$copy/"
  start=$(date +%s%N)
  SILLOK_FAILPOINTS_TRACE="$WORK/trace" "$CLI" "${TRACE_ARGS[@]}" 3<<<"$TRACE_PASS" 4<<<"traced" >/dev/null 2>&1
  RUN_MS[$OP]=$(( ($(date +%s%N) - start) / 1000000 ))
  rm -rf "$copy"
  PLAN=()
  if [ "$FAILPOINTS" = 1 ]; then
    mapfile -t specs < <(kill_points "$WORK/trace" 4)
    n=${#specs[@]}
    if [ "$n" -gt $(( PER_OP * 2 / 3 )) ]; then
      local keep=$(( PER_OP * 2 / 3 )) i
      for ((i = 0; i < keep; i++)); do
        PLAN+=("${specs[$(( i * n / keep ))]}")
      done
    else
      PLAN=("${specs[@]}")
    fi
  fi
  while [ ${#PLAN[@]} -lt "$PER_OP" ]; do
    PLAN+=(random)
  done
  diag "$OP: ${RUN_MS[$OP]} ms a run; $(grep -vc random < <(printf '%s\n' "${PLAN[@]}")) failpoint kills of" \
    "$(sort -u "$WORK/trace" 2>/dev/null | wc -l) points, $(grep -c random < <(printf '%s\n' "${PLAN[@]}")) random"
}

declare -A RUN_MS TRIALS_RUN KILLS FAILED_TRIALS

# --- an interviewer, a coordinator, a bundle -----------------------------------------------
"$CLI" --vault "$V" --passphrase-fd 3 init --name "충돌 면담자" --kdf "$KDF" 3<<<"$PASS" >/dev/null
"$CLI" --vault "$C" --passphrase-fd 3 init --name "충돌 조정자" --kdf "$KDF" 3<<<"$PASS" >/dev/null
cp -a "$C" "$C0"
COORD=$(in_c identity --age-recipient)
in_c identity --export-age-identity "$WORK/coordinator.key" >/dev/null
R=$(in_v record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
  --set interview.date=2025-06 --set "interviewee.name=김충돌" --set "episodes[0].narrative=갱도에서 일했다" | head -n1)
head -c 200000 /dev/urandom >"$WORK/recording.wav"
in_v attach "$R" "$WORK/recording.wav" --sensitivity open >/dev/null
in_v record seal "$R" >/dev/null
R2=$(in_v record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
  --set interview.date=2025-07 | head -n1)
in_v record seal "$R2" >/dev/null
in_v export --out "$WORK/import.sillok" --all-sealed --recipient "$COORD" --override-k "crash test" >/dev/null
check "setup: two sealed records, one with an attachment, and a bundle of both" test -s "$WORK/import.sillok"
start=$(date +%s%N)
in_v identity >/dev/null
UNLOCK_MS=$(( ($(date +%s%N) - start) / 1000000 ))
diag "unlocking takes $UNLOCK_MS ms; $TRIALS trials, $PER_OP a command"

# --- amend ----------------------------------------------------------------------------------------
OP=amend TRIAL_VAULT=$V
VERSION=1
TRACE_ARGS=(--vault "$WORK/trace-copy/interviewer" --passphrase-fd 3 record amend "$R" --reason traced)
TRACE_PASS=$PASS_V
plan_trials
i=0
for spec in "${PLAN[@]}"; do
  i=$((i + 1))
  PROBLEMS=()
  run_trial "$PASS_V" "$spec" --vault "$V" --passphrase-fd 3 record amend "$R" --reason "정정 $i"
  add_problems "$V" "$PASS_V"
  state=$(in_v record show "$R" --json | jq -r '"\(.status) \(.version)|\(.reason)"')
  if [ "$state" = "draft $((VERSION + 1))|정정 $i" ]; then
    # Done (reported or not): seal it for the next trial.
    in_v record seal "$R" >/dev/null 2>&1 || PROBLEMS+=("the amended draft does not seal")
    VERSION=$((VERSION + 1))
  elif [ "${state%%|*}" = "sealed $VERSION" ]; then
    [ "$RC" -eq 0 ] && PROBLEMS+=("amend reported done, but version $((VERSION + 1)) is not there")
  else
    PROBLEMS+=("record in state “$state”, wanted sealed $VERSION or draft $((VERSION + 1)) with its reason")
  fi
  report "amend trial $i ($spec, exit $RC): vault sound, nothing reported done is lost"
done

# --- export -----------------------------------------------------------------------------------------
OP=export TRIAL_VAULT=$V
TRACE_ARGS=(--vault "$WORK/trace-copy/interviewer" --passphrase-fd 3 export --out "$WORK/traced.sillok" --all-sealed
            --recipient "$COORD" --override-k traced)
TRACE_PASS=$PASS_V
plan_trials
rm -f "$WORK/traced.sillok"
acked=0
i=0
for spec in "${PLAN[@]}"; do
  i=$((i + 1))
  PROBLEMS=()
  out="$BD/export-$i.sillok"
  run_trial "$PASS_V" "$spec" --vault "$V" --passphrase-fd 3 export --out "$out" --all-sealed --recipient "$COORD" \
    --override-k "crash test"
  add_problems "$V" "$PASS_V"
  half=$(ls -A "$BD" | grep -v '^export-[0-9]*\.sillok$')
  [ -n "$half" ] && PROBLEMS+=("files that are not whole bundles: $half")
  if [ -e "$out" ]; then
    "$CLI" verify "$out" --identity "$WORK/coordinator.key" >"$WORK/verify.out" 2>&1 \
      || PROBLEMS+=("$out is there but does not verify: $(tail -n 2 "$WORK/verify.out")")
  elif [ "$RC" -eq 0 ]; then
    PROBLEMS+=("export reported done, but $out is not there")
  fi
  [ "$RC" -eq 0 ] && acked=$((acked + 1))
  exported=$(in_v audit "$R" | grep -c ' exported ')
  # The trial bundle and the first one; a kill right after the rename leaves a
  # whole bundle the audit trail does not record (DECISIONS.md).
  [ "$exported" -ge $((acked + 1)) ] || PROBLEMS+=("$acked exports reported done, $((exported - 1)) in the audit trail")
  report "export trial $i ($spec, exit $RC): vault sound, no half bundle, nothing reported done is lost"
done

# --- import -----------------------------------------------------------------------------------------
OP=import TRIAL_VAULT=$C
TRACE_ARGS=(--vault "$WORK/trace-copy/coordinator" --passphrase-fd 3 import "$WORK/import.sillok")
TRACE_PASS=$PASS
plan_trials
i=0
for spec in "${PLAN[@]}"; do
  i=$((i + 1))
  PROBLEMS=()
  rm -rf "$C"
  cp -a "$C0" "$C"
  run_trial "$PASS" "$spec" --vault "$C" --passphrase-fd 3 import "$WORK/import.sillok"
  add_problems "$C" "$PASS"
  list=$(in_c archive list 2>&1)
  blobs=$(find "$C/blobs" -type f | wc -l)
  present=$(grep -c -e "^$R " -e "^$R2 " <<<"$list")
  if [ "$present" -eq 2 ]; then
    [ "$blobs" -eq 1 ] || PROBLEMS+=("imported, with $blobs attachment files instead of 1")
  elif [ "$present" -eq 0 ]; then
    [ "$RC" -eq 0 ] && PROBLEMS+=("import reported done, but the archive does not list the records")
    [ "$blobs" -eq 0 ] || PROBLEMS+=("nothing imported, yet $blobs attachment files remain")
  else
    PROBLEMS+=("half imported: $list")
  fi
  report "import trial $i ($spec, exit $RC): archive sound, all or nothing, nothing reported done is lost"
done

# --- passwd -------------------------------------------------------------------------------------------
OP=passwd TRIAL_VAULT=$V
TRACE_ARGS=(--vault "$WORK/trace-copy/interviewer" --passphrase-fd 3 passwd --new-passphrase-fd 4)
TRACE_PASS=$PASS_V
plan_trials
i=0
for spec in "${PLAN[@]}"; do
  i=$((i + 1))
  PROBLEMS=()
  next="다음 passphrase $i"
  run_trial "$PASS_V" "$spec" --vault "$V" --passphrase-fd 3 passwd --new-passphrase-fd 4 4<<<"$next"
  # Try first the passphrase that should open: a wrong try costs a delay.
  if [ "$RC" -eq 0 ]; then order=("$next" "$PASS_V"); else order=("$PASS_V" "$next"); fi
  opened=
  for p in "${order[@]}"; do
    "$CLI" --vault "$V" --passphrase-fd 3 identity 3<<<"$p" >/dev/null 2>&1 && { opened=$p; break; }
  done
  if [ -z "$opened" ]; then
    PROBLEMS+=("neither the old nor the new passphrase opens the vault")
  else
    [ "$RC" -eq 0 ] && [ "$opened" != "$next" ] && PROBLEMS+=("passwd reported done, but the old passphrase opens")
    PASS_V=$opened
    add_problems "$V" "$PASS_V"
  fi
  report "passwd trial $i ($spec, exit $RC): the old or the new passphrase opens, the vault is sound"
done

# --- recovery-key ---------------------------------------------------------------------------------------
OP=recovery-key TRIAL_VAULT=$V
TRACE_ARGS=(--vault "$WORK/trace-copy/interviewer" --passphrase-fd 3 recovery-key)
TRACE_PASS=$PASS_V
plan_trials
i=0
for spec in "${PLAN[@]}"; do
  i=$((i + 1))
  PROBLEMS=()
  run_trial "$PASS_V" "$spec" --vault "$V" --passphrase-fd 3 recovery-key
  add_problems "$V" "$PASS_V"
  if [ "$RC" -eq 0 ]; then
    key=$(grep -E '^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$' "$WORK/trial.out")
    if [ -z "$key" ]; then
      PROBLEMS+=("recovery-key reported done without a key")
    elif ! "$CLI" --vault "$V" --recovery-key-fd 3 identity 3<<<"$key" >/dev/null 2>&1; then
      PROBLEMS+=("the recovery key shown does not open the vault")
    fi
  fi
  report "recovery-key trial $i ($spec, exit $RC): the passphrase opens, a key shown opens, the vault is sound"
done

# --- the whole -------------------------------------------------------------------------------------------
run_cli 0 "after every trial the interviewer's vault passes check" --vault "$V" --passphrase-fd 3 check 3<<<"$PASS_V"
run_cli 0 "…and the coordinator's" --vault "$C" --passphrase-fd 3 check 3<<<"$PASS"
total_trials=0 total_kills=0 total_failed=0
for op in "${OPS[@]}"; do
  diag "$op: ${TRIALS_RUN[$op]:-0} trials, ${KILLS[$op]:-0} killed, ${FAILED_TRIALS[$op]:-0} failed"
  total_trials=$((total_trials + ${TRIALS_RUN[$op]:-0}))
  total_kills=$((total_kills + ${KILLS[$op]:-0}))
  total_failed=$((total_failed + ${FAILED_TRIALS[$op]:-0}))
done
diag "crash trials: $total_trials run, $total_kills killed, $total_failed failed"
[ "$total_kills" -ge $(( TRIALS / 2 )) ] && ok "at least half the trials killed the command ($total_kills of $total_trials)" \
  || not_ok "at least half the trials killed the command" "$total_kills of $total_trials"
finish
