#!/bin/bash
# desktop-man.sh: the manual pages render without a warning and document
# everything sillok-cli --help lists: each command, subcommand and option,
# the global options, the exit codes; sillok(1) names every setting
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

src=${SILLOK_SOURCE_ROOT:?}
man_dir=$src/docs/man
pages="sillok-cli.1 sillok.1"

# --- rendering ------------------------------------------------------------------
for page in $pages; do
  if require_program groff; then
    groff -man -ww -z "$man_dir/$page" >"$WORK/groff.out" 2>&1
    if [ $? -eq 0 ] && [ ! -s "$WORK/groff.out" ]; then ok "groff -man -ww -z: $page has no warning"
    else not_ok "groff -man -ww -z: $page has no warning" "$(cat "$WORK/groff.out")"; fi
  else
    skip "groff: $page" "groff is not installed (Debian package groff-base)"
  fi
  if require_program man; then
    MANWIDTH=80 man -l --warnings "$man_dir/$page" >"$WORK/$page.txt" 2>"$WORK/man.err"
    if [ $? -eq 0 ] && [ ! -s "$WORK/man.err" ]; then ok "man -l --warnings: $page renders without a warning"
    else not_ok "man -l --warnings: $page renders without a warning" "$(cat "$WORK/man.err")"; fi
  else
    skip "man -l: $page" "man is not installed (Debian package man-db)"
  fi
  check "$page is ASCII roff (no encoding left to guess)" bash -c "! LC_ALL=C grep -qP '[^\\x00-\\x7F]' '$man_dir/$page'"
done

version=$("$CLI" --version | awk '{ print $2 }')
for page in $pages; do
  check "$page is the page of Sillok $version" grep -qE "^\\.TH [A-Z-]+ 1 [0-9-]+ \"Sillok $version\"" "$man_dir/$page"
done

# --- sillok-cli(1) against sillok-cli --help -------------------------------------
# The page as plain text: font escapes and roff's \- removed.
plain=$(sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(em/--/g' -e 's/\\c$//' "$man_dir/sillok-cli.1")
for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
  check "sillok-cli(1) has the section $section" grep -qx "\\.SH \"\\?$section\"\\?" "$man_dir/sillok-cli.1"
done

# documented LINE-PATTERN: a description tag (the line after .TP or .TQ) of
# the page matches the extended regular expression.
tags=$(awk 'prev ~ /^\.T[PQ]$/ { print } { prev = $0 }' <<<"$plain")
documented () {
  grep -qE -- "$1" <<<"$tags"
}

export SILLOK_VAULT="$WORK/no-vault"
help=$("$CLI" --help)
for opt in $(sed -n 's/^  \(--[a-z-]*\) .*/\1/p' <<<"$help"); do
  if documented "^\\.BI? $opt( |\$)|^\\.BR .*$opt"; then ok "sillok-cli(1) documents the global option $opt"
  else not_ok "sillok-cli(1) documents the global option $opt"; fi
done

commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$help")
for cmd in $commands; do
  text=$("$CLI" "$cmd" --help)
  subs=$(sed -n "/^Commands:/,/^\$/s/^  sillok-cli $cmd \\([a-z][a-z-]*\\).*/\\1/p" <<<"$text")
  if [ -z "$subs" ]; then
    names=$cmd
  else
    names=$(for sub in $subs; do echo "$cmd $sub"; done)
  fi
  while read -r name; do
    if documented "^(\\.B )?$name( |\$)"; then ok "sillok-cli(1) documents “$name”"
    else not_ok "sillok-cli(1) documents “$name”" "no tag starts with “$name”"; fi
    # Every option of its --help appears in its tag line.
    opts=$("$CLI" $name --help | sed -n 's/^  \(--[a-z][a-z-]*\)[= ].*/\1/p' | grep -vx -- --help)
    for opt in $opts; do
      if documented "^(\\.B )?$name( .*)? $opt( |\$|\\]|\\))|^(\\.B )?$name .*[[(]$opt( |\\]|\\))"; then
        ok "sillok-cli(1) shows $name $opt"
      else
        not_ok "sillok-cli(1) shows $name $opt" "$(grep -E "^(\\.B )?$name( |\$)" <<<"$tags")"
      fi
    done
  done <<<"$names"
done

# Exit codes: 0 to 6, each in EXIT STATUS.
sed -n '/^\.SH "\?EXIT STATUS"\?$/,/^\.SH [^E]/p' "$man_dir/sillok-cli.1" >"$WORK/status"
for code in 0 1 2 3 4 5 6; do
  check "sillok-cli(1) explains exit status $code" grep -qx "\\.B $code" "$WORK/status"
done
grep -q 'SILLOK_EXIT_POLICY = 6' "$src/app/cli/sillok-cli.h"
check "…and 6 is the highest the program has" test $? -eq 0 -a -z "$(grep -oE 'SILLOK_EXIT_[A-Z_]+ = ([7-9]|[1-9][0-9])' "$src/app/cli/sillok-cli.h")"

for var in SILLOK_VAULT SILLOK_DATADIR SILLOK_LOCALEDIR XDG_DATA_HOME; do
  check "sillok-cli(1) explains $var" grep -qx "\\.B $var" "$man_dir/sillok-cli.1"
done

# --- sillok(1) ------------------------------------------------------------------
schema=$src/schemas/org.sillok.Sillok.gschema.xml
for key in $(sed -n 's/.*<key name="\([a-z-]*\)".*/\1/p' "$schema" | grep -v '^window-'); do
  man_key=$(sed 's/-/\\\\-/g' <<<"$key")
  check "sillok(1) explains the setting $key" grep -qx "\\.B $man_key" "$man_dir/sillok.1"
done
accels=$(grep -oE '"<[A-Za-z]+>[^"]*"' "$src/app/gui/sillok-application.c" | tr -d '"' | sort -u)
for accel in $accels; do
  key=$(sed -e 's/<Control>/Ctrl+/g' -e 's/<Shift>/Shift+/g' -e 's/<Alt>/Alt+/g' -e 's/+\([a-z]\)$/+\U\1/' \
            -e 's/+comma$/+,/' <<<"$accel")
  # Ctrl+Shift+R is written Shift+Ctrl+R as GTK shows it.
  alt=$(sed 's/^Shift+Ctrl+/Ctrl+Shift+/' <<<"$key")
  if grep -qxE "\\.B ($(sed 's/[+.]/\\&/g' <<<"$key")|$(sed 's/[+.]/\\&/g' <<<"$alt"))" "$man_dir/sillok.1"; then
    ok "sillok(1) lists the shortcut $key"
  else
    not_ok "sillok(1) lists the shortcut $key" "$accel"
  fi
done

finish
