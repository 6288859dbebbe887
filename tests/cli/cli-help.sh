#!/bin/bash
# cli-help.sh: every command that "sillok-cli --help" lists, every subcommand
# of a command group, answers --help with exit 0, a usage line naming itself
# and its options; groups name their subcommands; bad commands are usage errors
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

# No vault is needed or touched for help.
export SILLOK_VAULT="$WORK/no-vault"

run_cli 0 "--help exits 0" --help
HELP=$OUT
expect_in "$HELP" "Usage: sillok-cli" "--help starts with a usage line"
for opt in --vault --passphrase-fd --recovery-key-fd --version; do
  expect_in "$HELP" "  $opt " "--help names the global option $opt"
done
run_cli 0 "-h is --help" -h
check "…and prints the same" test "$OUT" = "$HELP"
run_cli 2 "no command is a usage error (exit 2)"
expect_in "$OUT" "Usage: sillok-cli" "…that prints the usage"

COMMANDS=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$HELP")
count=$(wc -w <<<"$COMMANDS")
check "--help lists the commands ($count)" test "$count" -ge 19

# usage_ok NAME TEXT: a GOption usage line for NAME, or a group's.
usage_ok () {
  grep -qE "^(Usage:|  )sillok-cli $1( |$)" <<<"$2" && grep -q '^Usage:' <<<"$2"
}

# usage_options_exist NAME TEXT: every option the usage line shows is one
# that the help lists and the command takes.
usage_options_exist () {
  local opt
  for opt in $(grep -A1 '^Usage:' <<<"$2" | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    if grep -qE -- "^  $opt(=| )" <<<"$2"; then
      ok "$1: the usage's $opt is a listed option"
    else
      not_ok "$1: the usage's $opt is a listed option" "$2"
    fi
  done
}

for cmd in $COMMANDS; do
  run_cli 0 "$cmd --help exits 0" "$cmd" --help
  text=$OUT
  if usage_ok "$cmd" "$text"; then ok "$cmd --help has a usage line naming it"
  else not_ok "$cmd --help has a usage line naming it" "$text"; fi
  summary=$(sed -n "s/^  $cmd  *//p" <<<"$HELP")
  [ -n "$summary" ] && ok "$cmd has a summary in --help" || not_ok "$cmd has a summary in --help" "$HELP"

  subs=$(sed -n "/^Commands:/,/^\$/s/^  sillok-cli $cmd \([a-z][a-z-]*\).*/\1/p" <<<"$text")
  if grep -q '^Commands:' <<<"$text"; then
    check "$cmd --help lists its subcommands" test -n "$subs"
    run_cli 2 "$cmd without a subcommand is a usage error (exit 2)" "$cmd"
    for sub in $subs; do
      expect_in "$ERR" "$sub" "…naming “$sub”"
    done
    run_cli 2 "$cmd with an unknown subcommand is a usage error (exit 2)" "$cmd" no-such-subcommand
    expect_in "$ERR" "no-such-subcommand" "…naming it"
    for sub in $subs; do
      run_cli 0 "$cmd $sub --help exits 0" "$cmd" "$sub" --help
      if usage_ok "$cmd $sub" "$OUT"; then ok "$cmd $sub --help has a usage line naming it"
      else not_ok "$cmd $sub --help has a usage line naming it" "$OUT"; fi
      usage_options_exist "$cmd $sub" "$OUT"
      run_cli 0 "$cmd $sub -h exits 0" "$cmd" "$sub" -h
      run_cli 2 "$cmd $sub refuses an unknown option (exit 2)" "$cmd" "$sub" --no-such-option
    done
  else
    run_cli 2 "$cmd refuses an unknown option (exit 2)" "$cmd" --no-such-option
  fi
  usage_options_exist "$cmd" "$text"
done

run_cli 2 "an unknown command is a usage error (exit 2)" no-such-command
expect_in "$ERR" "no-such-command" "…naming it"
run_cli 0 "global options before --help are taken" --vault "$WORK/elsewhere" record --help
run_cli 0 "--version exits 0" --version
if grep -qE '^sillok-cli [0-9]+\.[0-9]+\.[0-9]+' <<<"$OUT"; then ok "--version prints the version"
else not_ok "--version prints the version" "$OUT"; fi
check "help wrote no vault" test ! -e "$SILLOK_VAULT"

finish
