#!/bin/bash
# cli-coredump.sh: sillok-cli refuses core dumps — with `ulimit -c unlimited`,
# an abort() while the vault is unlocked and fatal signals before and after
# unlocking leave no core file, where the same crash of another program
# does leave one
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
case "$pattern" in
  ""|"|"*)
    echo "1..0 # SKIP core files go to a handler (core_pattern “$pattern”), not to a folder this test can look at"
    exit 0
    ;;
esac
if ! ulimit -c unlimited 2>/dev/null; then
  echo "1..0 # SKIP the core file size limit cannot be raised here"
  exit 0
fi
# AddressSanitizer turns core dumps off by itself; here only Sillok may.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}disable_coredump=0:handle_abort=0:handle_segv=0:handle_sigbus=0"

V="$WORK/vault"
PASS="core 덤프 test"
D="$WORK/cwd"
mkdir -p "$D"
# Relative patterns are taken from the crashing process's folder.
case "$pattern" in
  /*) CORE_DIR=$(dirname "$pattern") ;;
  *) CORE_DIR=$D ;;
esac

cores () {
  find "$D" "$CORE_DIR" -maxdepth 1 -type f -newer "$WORK/since" \( -name 'core*' -o -name "$(basename "${pattern%%%*}")*" \) \
    2>/dev/null | sort -u
}

# A process in the stopped state ("T" in /proc/PID/stat), waited for at most a minute.
wait_stopped () {
  local pid=$1
  for _ in $(seq 600); do
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = T ] && return 0
    sleep 0.1
  done
  return 1
}

run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "덤프 시험" --kdf "$KDF" 3<<<"$PASS"
ID=$("$CLI" --vault "$V" --passphrase-fd 3 record new --template forced-labour --set interview.date=2025-01 \
  3<<<"$PASS" | head -n1)

# --- the control: another program's abort leaves a core -------------------------------------------
touch "$WORK/since"
(cd "$D" && exec bash -c 'kill -ABRT $$') 2>/dev/null
control=$(cores)
if [ -z "$control" ]; then
  skip "the same crash of another program leaves a core file" "this system writes no core file for bash either (core_pattern “$pattern”)"
  finish
fi
ok "the control: bash killed by SIGABRT leaves a core file ($(basename "$(head -n1 <<<"$control")"))"
rm -f $control

if [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  # --- abort() while unlocked, in the middle of a change ----------------------------------------------
  touch "$WORK/since"
  (cd "$D" && SILLOK_FAILPOINTS=db-commit=abort exec "$CLI" --vault "$V" --passphrase-fd 3 record set "$ID" \
    "interview.city=덤프" 3<<<"$PASS" >/dev/null 2>&1)
  status=$?
  [ "$status" -eq 134 ] && ok "sillok-cli aborted while unlocked (exit 134)" || not_ok "sillok-cli aborted while unlocked" "exit $status"
  found=$(cores)
  [ -z "$found" ] && ok "…and left no core file" || not_ok "…and left no core file" "$found"

  # --- fatal signals while unlocked -----------------------------------------------------------------------
  # Signals ignored where this test runs (a background job ignores SIGQUIT)
  # are ignored by sillok-cli too, which then never ends on them.
  ignored=$(awk '/^SigIgn:/ { print $2 }' /proc/self/status)
  for sig in SEGV QUIT BUS; do
    if (( (0x$ignored >> ($(kill -l "$sig") - 1)) & 1 )); then
      skip "SIG$sig while unlocked" "SIG$sig is ignored where this test runs, so sillok-cli inherits that"
      continue
    fi
    touch "$WORK/since"
    (cd "$D" && SILLOK_FAILPOINTS=db-commit=stop exec "$CLI" --vault "$V" --passphrase-fd 3 record set "$ID" \
      "interview.city=신호" 3<<<"$PASS" >/dev/null 2>&1) &
    pid=$!
    if wait_stopped "$pid"; then
      limits=$(grep "Max core file size" "/proc/$pid/limits")
      kill -"$sig" "$pid"
      kill -CONT "$pid"
      # It ends on the signal, or is stopped again at the next commit: then
      # the signal did nothing, which is a failure, not a hang.
      forced=""
      for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || break
        if [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = T ]; then
          forced="stopped again at the next commit: the signal did nothing"
          break
        fi
        sleep 0.1
      done
      kill -0 "$pid" 2>/dev/null && { forced=${forced:-"still running 30 s after the signal"}; kill -KILL "$pid"; }
      wait "$pid"
      status=$?
      [ -z "$forced" ] && [ "$status" -ge 128 ] && ok "SIG$sig while unlocked ends sillok-cli (exit $status)" \
        || not_ok "SIG$sig while unlocked ends sillok-cli" "exit $status ${forced}"
      found=$(cores)
      [ -z "$found" ] && ok "…and leaves no core file" || not_ok "…and leaves no core file" "$found"
      [[ "$limits" =~ Max\ core\ file\ size\ +0\ +0 ]] && ok "…its core size limit was 0 although the shell's is unlimited" \
        || not_ok "…its core size limit was 0" "$limits"
    else
      kill -KILL "$pid" 2>/dev/null
      not_ok "sillok-cli stopped at the failpoint db-commit=stop"
    fi
  done
else
  skip "abort() and signals while unlocked" "failpoints are not compiled in (-Dfailpoints=true)"
fi

# --- a fatal signal while it waits for the passphrase -------------------------------------------------------
mkfifo "$WORK/pass"
touch "$WORK/since"
(cd "$D" && exec "$CLI" --vault "$V" --passphrase-fd 3 identity 3<"$WORK/pass" >/dev/null 2>&1) &
pid=$!
exec 4>"$WORK/pass"
# It has started once it holds the vault's lock: then it waits on the pipe.
# Its open file descriptors say so; asking the vault (another sillok-cli)
# would hold the lock for a moment itself, and the command could start in
# that moment, find the vault in use and end before the signal.
holds_lock() {
  for fd in /proc/"$pid"/fd/*; do
    [ "$(readlink "$fd" 2>/dev/null)" = "$V/LOCK" ] && return 0
  done
  return 1
}
for _ in $(seq 600); do
  holds_lock && break
  sleep 0.1
done
kill -SEGV "$pid"
wait "$pid"
status=$?
exec 4>&-
[ "$status" -eq 139 ] && ok "SIGSEGV while waiting for the passphrase ends sillok-cli (exit 139)" \
  || not_ok "SIGSEGV while waiting for the passphrase" "exit $status"
found=$(cores)
[ -z "$found" ] && ok "…and leaves no core file" || not_ok "…and leaves no core file" "$found"

run_cli 0 "the vault opens afterwards and check passes" --vault "$V" --passphrase-fd 3 check 3<<<"$PASS"
finish
