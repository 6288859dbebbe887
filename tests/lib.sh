# tests/lib.sh: TAP helpers for the shell tests (sourced, not run)
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

CLI=${SILLOK_CLI:?SILLOK_CLI must name the sillok-cli binary}
TESTDATA=${SILLOK_TESTDATA:-}
TAP_COUNT=0
TAP_FAILED=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sillok-test.XXXXXX")
export TMPDIR="$WORK/tmp"
export HOME="$WORK/home"
export XDG_DATA_HOME="$HOME/.local/share"
mkdir -p "$TMPDIR" "$HOME"
trap 'rm -rf "$WORK"' EXIT

# Tests use the fast KDF preset.
KDF=interactive

ok () {
  TAP_COUNT=$((TAP_COUNT + 1))
  echo "ok $TAP_COUNT - $1"
}

not_ok () {
  TAP_COUNT=$((TAP_COUNT + 1))
  TAP_FAILED=$((TAP_FAILED + 1))
  echo "not ok $TAP_COUNT - $1"
  shift
  for line in "$@"; do
    printf '%s\n' "$line" | sed 's/^/#   /'
  done
}

skip () {
  TAP_COUNT=$((TAP_COUNT + 1))
  echo "ok $TAP_COUNT - $1 # SKIP $2"
}

diag () {
  echo "# $*"
}

# check DESCRIPTION COMMAND…: passes when the command succeeds.
check () {
  local desc=$1
  shift
  if "$@" >"$WORK/check.out" 2>&1; then
    ok "$desc"
  else
    not_ok "$desc" "command: $*" "$(head -c 2000 "$WORK/check.out")"
  fi
}

# run_cli WANT_EXIT DESCRIPTION ARGS…: runs sillok-cli, keeps stdout in
# $OUT and stderr in $ERR, and checks the exit code.
run_cli () {
  local want=$1 desc=$2 rc
  shift 2
  "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
  rc=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  if [ "$rc" -eq "$want" ]; then
    ok "$desc"
  else
    not_ok "$desc" "exit $rc, wanted $want: sillok-cli $*" "stdout: $OUT" "stderr: $ERR"
  fi
  return 0
}

# expect_in TEXT NEEDLE DESCRIPTION
expect_in () {
  case "$1" in
    *"$2"*) ok "$3" ;;
    *) not_ok "$3" "“$2” not found in: $1" ;;
  esac
}

require_program () {
  command -v "$1" >/dev/null 2>&1
}

# The number of files under DIR whose bytes contain STRING in UTF-8 or UTF-16 (LE or BE).
count_plaintext_hits () {
  local dir=$1 needle=$2 hits=0 f
  local le be
  le=$(printf %s "$needle" | iconv -f UTF-8 -t UTF-16LE | od -An -tx1 | tr -d ' \n')
  be=$(printf %s "$needle" | iconv -f UTF-8 -t UTF-16BE | od -An -tx1 | tr -d ' \n')
  while IFS= read -r -d '' f; do
    if grep -qaF -- "$needle" "$f"; then
      hits=$((hits + 1))
      echo "# plaintext in $f" >&2
    elif od -An -tx1 -v "$f" | tr -d ' \n' | grep -qE "($le|$be)"; then
      hits=$((hits + 1))
      echo "# UTF-16 plaintext in $f" >&2
    fi
  done < <(find "$dir" -type f -print0 2>/dev/null)
  echo "$hits"
}

finish () {
  echo "1..$TAP_COUNT"
  [ "$TAP_FAILED" -eq 0 ]
  exit $?
}
