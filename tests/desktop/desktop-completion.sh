#!/bin/bash
# desktop-completion.sh: the bash completion of sillok-cli, sourced and asked
# as bash asks it (COMP_WORDS, COMP_CWORD), against what sillok-cli --help
# says: every command, subcommand and option, fixed option values, template
# ids, file and folder arguments
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

src=${SILLOK_SOURCE_ROOT:?}
script=$src/build-aux/completion/sillok-cli.bash
GLOBALS="--vault --passphrase-fd --recovery-key-fd"
export SILLOK_VAULT="$WORK/no-vault"

# shellcheck source=/dev/null
if source "$script" && [ "$(complete -p sillok-cli 2>/dev/null)" = "complete -F _sillok_cli sillok-cli" ]; then
  ok "sourcing the completion registers _sillok_cli for sillok-cli"
else
  not_ok "sourcing the completion registers _sillok_cli for sillok-cli" "$(complete -p sillok-cli 2>&1)"
  finish
fi

# Completions run in an empty folder, so that file completion offers nothing
# unless a test makes files.
mkdir -p "$WORK/empty"
cd "$WORK/empty" || exit 1

# comp WORD…: the sorted completions, one per line, of the last word of
# "$CLI WORD…" (an empty last word completes after a space).
comp () {
  COMP_WORDS=("$CLI" "$@")
  COMP_CWORD=$#
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _sillok_cli "$CLI" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>"$WORK/comp.err"
  printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort -u
}

words () {
  tr ' ' '\n' <<<"$*" | sed '/^$/d' | sort -u
}

# same DESCRIPTION GOT WANT: the two sorted lists are equal.
same () {
  if [ "$2" = "$3" ]; then ok "$1"
  else not_ok "$1" "completed: $(tr '\n' ' ' <<<"$2")" "expected:  $(tr '\n' ' ' <<<"$3")"; fi
}

# within DESCRIPTION GOT MUST MAY: GOT holds every word of MUST and nothing
# outside MUST and MAY.
within () {
  local missing extra
  if [ -z "$3" ]; then
    not_ok "$1" "nothing to compare with"
    return
  fi
  missing=$(comm -13 <(printf '%s\n' "$2") <(printf '%s\n' "$3"))
  extra=$(comm -23 <(printf '%s\n' "$2") <(printf '%s\n%s\n' "$3" "$4" | sort -u))
  if [ -z "$missing" ] && [ -z "$extra" ]; then ok "$1"
  else not_ok "$1" "missing: $(tr '\n' ' ' <<<"$missing")" "not expected: $(tr '\n' ' ' <<<"$extra")"; fi
}

# help_options TEXT: the long options a --help text lists, --help among them.
help_options () {
  sed -n 's/^  \(-h, \)\?\(--[a-z][a-z-]*\)[= ].*/\2/p' <<<"$1" | sort -u
}

# fixed_values TEXT: "--opt a|b|c" pairs of the usage lines, one per line.
fixed_values () {
  grep -A1 -E '^Usage:|^  sillok-cli ' <<<"$1" | grep -oE -- '--[a-z-]+ [a-z]+(\|[a-z]+)+' | sort -u
}

HELP=$("$CLI" --help)
COMMANDS=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$HELP" | sort -u)
MAY=$(words "$GLOBALS")

same "sillok-cli <TAB> offers every command of --help" "$(comp '')" "$COMMANDS"
same "sillok-cli recor<TAB> → record" "$(comp recor)" "record"
same "sillok-cli rec<TAB> → record, recipients, recovery-key" "$(comp rec)" "$(words record recipients recovery-key)"
same "sillok-cli -<TAB> offers the global options" "$(comp -)" "$(words "$GLOBALS --help --version")"
same "global options before the command are skipped" "$(comp --vault /tmp --passphrase-fd 3 recor)" "record"
same "…also written --vault=DIR" "$(comp --vault = /tmp recor)" "record"

check_fixed_values () {  # NAME TEXT WORD…: the usage's fixed values complete
  local name=$1 text=$2 opt values
  shift 2
  while read -r opt values; do
    [ -n "$opt" ] || continue
    same "$name $opt <TAB> offers $values" "$(comp "$@" "$opt" '')" "$(tr '|' '\n' <<<"$values" | sort -u)"
  done < <(fixed_values "$text")
}

for cmd in $COMMANDS; do
  same "sillok-cli ${cmd:0:3}… completes $cmd" "$(comp "${cmd}" | grep -x -- "$cmd")" "$cmd"
  text=$("$CLI" "$cmd" --help)
  help_subs=$(sed -n "/^Commands:/,/^\$/s/^  sillok-cli $cmd \\([a-z][a-z-]*\\).*/\\1/p" <<<"$text" | sort -u)
  comp_subs=$(comp "$cmd" '')
  if [ -n "$help_subs" ]; then
    same "sillok-cli $cmd <TAB> offers its subcommands" "$comp_subs" "$help_subs"
    same "sillok-cli $cmd -<TAB> offers the global options" "$(comp "$cmd" -)" "$(words "$GLOBALS --help")"
    for sub in $help_subs; do
      sub_text=$("$CLI" "$cmd" "$sub" --help)
      within "sillok-cli $cmd $sub --<TAB> offers its options" "$(comp "$cmd" "$sub" --)" \
        "$(help_options "$sub_text")" "$MAY"
      check_fixed_values "$cmd $sub" "$sub_text" "$cmd" "$sub"
    done
  elif [ -n "$comp_subs" ]; then
    # A command whose one set of options serves several verbs (linkage-key).
    usage=$(grep -A1 '^Usage:' <<<"$text")
    union=""
    for verb in $comp_subs; do
      if grep -qw -- "$verb" <<<"$usage"; then ok "sillok-cli $cmd <TAB>: “$verb” is in its usage"
      else not_ok "sillok-cli $cmd <TAB>: “$verb” is in its usage" "$usage"; fi
      union+=$(comp "$cmd" "$verb" --)$'\n'
    done
    within "sillok-cli $cmd VERB --<TAB> offers its options" "$(sort -u <<<"$union" | sed '/^$/d')" \
      "$(help_options "$text")" "$MAY"
  else
    within "sillok-cli $cmd --<TAB> offers its options" "$(comp "$cmd" --)" "$(help_options "$text")" "$MAY"
    check_fixed_values "$cmd" "$text" "$cmd"
  fi
done

# Values that are no usage's fixed list.
same "attach --sensitivity <TAB>" "$(comp attach ID --sensitivity '')" "$(words identifying quasi open legal)"
same "--profile=le<TAB> (no word break at =) → --profile=legal" "$(comp export "--profile=le")" "--profile=legal"
same "--profile = le<TAB> (split at =) → legal" "$(comp export --profile = le)" "legal"
same "options taking a number offer nothing" "$(comp --passphrase-fd '')" ""

TEMPLATES=$("$CLI" templates | cut -d ' ' -f 1 | sort -u)
check "sillok-cli templates lists templates" test -n "$TEMPLATES"
same "template show <TAB> offers the installed templates" "$(comp template show '')" "$TEMPLATES"
same "record new --template <TAB> offers them too" "$(comp record new --template '')" "$TEMPLATES"
same "record new --template=<TAB>" "$(comp record new --template = '')" "$TEMPLATES"

# Files and folders.
mkdir -p "$WORK/files/folder" && touch "$WORK/files/june.sillok" "$WORK/files/key.txt"
cd "$WORK/files" || exit 1
FILES=$(words folder june.sillok key.txt)
same "verify <TAB> offers files" "$(comp verify '')" "$FILES"
same "verify j<TAB> → june.sillok" "$(comp verify j)" "june.sillok"
same "verify --identity <TAB> offers files" "$(comp verify june.sillok --identity '')" "$FILES"
same "attach ID <TAB> offers files" "$(comp attach 1234 '')" "$FILES"
same "attach <TAB> (the record id) offers nothing" "$(comp attach '')" ""
same "trust add <TAB> offers files" "$(comp trust add '')" "$FILES"
same "linkage-key import <TAB> offers files" "$(comp linkage-key import '')" "$FILES"
same "export --out <TAB> offers files" "$(comp export --out '')" "$FILES"
same "--vault <TAB> offers folders only" "$(comp --vault '')" "folder"
same "record statement ID --out <TAB> offers folders only" "$(comp record statement 1234 --out '')" "folder"
same "verify --trust <TAB> offers folders only" "$(comp verify june.sillok --trust '')" "folder"
same "record set ID <TAB> (paths) offers nothing" "$(comp record set 1234 '')" ""
check "the completion printed no error" test ! -s "$WORK/comp.err"

finish
