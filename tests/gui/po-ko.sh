#!/bin/bash
# The Korean catalogue is complete: every message of a fresh template,
# extracted from the sources now, has a Korean translation, none fuzzy.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$0")/../lib.sh"

src=${SILLOK_SOURCE_ROOT:?}
work=$WORK/po
mkdir -p "$work"
for tool in xgettext msgmerge msgfmt; do
  if ! require_program "$tool"; then
    skip "the Korean catalogue is complete" "$tool is not installed"
    finish
  fi
done

# The same extraction as the build's pot target (i18n preset glib).
(cd "$src" && xgettext --package-name=sillok --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format \
  --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
  --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
  --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
  --flag=g_log:3:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
  --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
  --flag=g_snprintf:3:c-format --files-from=po/POTFILES.in -o "$work/sillok.pot") 2>"$work/xgettext.log"
if [ $? -eq 0 ]; then ok "xgettext extracts the messages of po/POTFILES.in"; else not_ok "xgettext" "$(cat "$work/xgettext.log")"; fi

msgmerge --quiet --no-fuzzy-matching -o "$work/ko.po" "$src/po/ko.po" "$work/sillok.pot" 2>"$work/msgmerge.log"
if [ $? -eq 0 ]; then ok "msgmerge brings po/ko.po up to the fresh template"; else not_ok "msgmerge" "$(cat "$work/msgmerge.log")"; fi

stats=$(LC_ALL=C msgfmt -c --statistics -o /dev/null "$work/ko.po" 2>&1)
while IFS= read -r line; do diag "$line"; done <<<"$stats"
case $stats in
  *fuzzy*|*untranslated*|*error*) not_ok "no untranslated or fuzzy message in Korean" "$stats" ;;
  *" translated message"*) ok "no untranslated or fuzzy message in Korean" ;;
  *) not_ok "no untranslated or fuzzy message in Korean" "$stats" ;;
esac
finish
