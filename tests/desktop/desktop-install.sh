#!/bin/bash
# desktop-install.sh: "meson install" into a prefix of its own, then the
# installed sillok-cli, without SILLOK_DATADIR or SILLOK_LOCALEDIR, does a
# whole flow — init, record, seal, export, verify, and a coordinator's vault
# importing the bundle (to its key, and under a passphrase) and listing its
# archive — finding its templates, gazetteer and translations where they
# were installed; everything else the install puts down is where desktops
# and man look for it
#
# The test configures a build of its own (without the tests) in
# <build>/tests/install-test/build, installs into
# <build>/tests/install-test/prefix and checks first that no installed file
# would land outside that prefix. It touches nothing of the system.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

src=${SILLOK_SOURCE_ROOT:?}
parent=${SILLOK_BUILD_ROOT:?}
base=$parent/tests/install-test
build=$base/build
prefix=$base/prefix

for program in meson ninja python3; do
  if ! require_program "$program"; then
    echo "1..0 # SKIP $program is not installed"
    exit 0
  fi
done

# The parent build's choice of the GUI.
gui=$(meson introspect --buildoptions "$parent" 2>/dev/null \
        | python3 -c 'import json, sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "gui"][0])' \
        2>/dev/null)
case $gui in
  True) gui=true ;;
  False) gui=false ;;
  *) not_ok "the parent build's options can be read" "meson introspect --buildoptions $parent"; finish ;;
esac
diag "GUI: $gui; build: $build; prefix: $prefix"

# --- configure, build, install ----------------------------------------------
mkdir -p "$base"
if [ -f "$build/build.ninja" ]; then
  meson configure "$build" -Dprefix="$prefix" -Dgui="$gui" -Dtests=false >"$WORK/setup.log" 2>&1
else
  rm -rf "$build"
  meson setup "$build" "$src" --prefix="$prefix" -Dgui="$gui" -Dtests=false >"$WORK/setup.log" 2>&1
fi
if [ $? -eq 0 ]; then ok "meson configures a build with --prefix=$prefix"
else not_ok "meson configures a build" "$(tail -n 30 "$WORK/setup.log")"; finish; fi

# One job: the other tests run beside this one.
if ninja -C "$build" -j1 >"$WORK/ninja.log" 2>&1; then ok "the build builds"
else not_ok "the build builds" "$(tail -n 40 "$WORK/ninja.log")"; finish; fi

meson introspect --installed "$build" >"$WORK/installed.json" 2>"$WORK/introspect.err"
outside=$(python3 - "$WORK/installed.json" "$prefix" <<'PY'
import json, os, sys
prefix = os.path.realpath(sys.argv[2]) + os.sep
for dest in json.load(open(sys.argv[1])).values():
    if not os.path.realpath(dest).startswith(prefix):
        print(dest)
PY
)
if [ -s "$WORK/installed.json" ] && [ -z "$outside" ]; then ok "every installed file lands inside the prefix"
else not_ok "every installed file lands inside the prefix" "${outside:-$(cat "$WORK/introspect.err")}"; finish; fi

rm -rf "$prefix"
if meson install -C "$build" --no-rebuild >"$WORK/install.log" 2>&1; then ok "meson install"
else not_ok "meson install" "$(tail -n 30 "$WORK/install.log")"; finish; fi

# --- what was installed ----------------------------------------------------------
installed () {  # DESCRIPTION PATH: a regular file under the prefix
  if [ -f "$prefix/$2" ] && [ -s "$prefix/$2" ]; then ok "installed: $1 ($2)"
  else not_ok "installed: $1 ($2)" "$(cd "$prefix" && find . | sort | head -n 80)"; fi
}
installed "sillok-cli" bin/sillok-cli
installed "the interview template" share/sillok/templates/forced-labour.json
installed "the gazetteer" share/sillok/gazetteer.json
installed "the JSON Schemas" share/sillok/template.schema.json
installed "the Korean catalogue" share/locale/ko/LC_MESSAGES/sillok.mo
installed "the GSettings schema" share/glib-2.0/schemas/org.sillok.Sillok.gschema.xml
installed "…compiled after the install" share/glib-2.0/schemas/gschemas.compiled
installed "sillok-cli(1)" share/man/man1/sillok-cli.1
completion=$(cd "$prefix" && find . -path '*/bash-completion/completions/sillok-cli' | sed 's|^\./||')
installed "the bash completion, named for bash-completion's loader" "${completion:-share/bash-completion/completions/sillok-cli}"
check "…the same as build-aux/completion/sillok-cli.bash" cmp "$prefix/$completion" "$src/build-aux/completion/sillok-cli.bash"
check "sillok-cli(1) is the page of docs/man" cmp "$prefix/share/man/man1/sillok-cli.1" "$src/docs/man/sillok-cli.1"

if [ "$gui" = true ]; then
  installed "sillok" bin/sillok
  installed "sillok(1)" share/man/man1/sillok.1
  installed "the desktop entry" share/applications/org.sillok.Sillok.desktop
  installed "the AppStream metainfo" share/metainfo/org.sillok.Sillok.metainfo.xml
  installed "the application icon" share/icons/hicolor/scalable/apps/org.sillok.Sillok.svg
  installed "the symbolic icon" share/icons/hicolor/symbolic/apps/org.sillok.Sillok-symbolic.svg
  installed "the icon cache, updated after the install" share/icons/hicolor/icon-theme.cache
  if require_program desktop-file-validate; then
    check "the installed desktop entry is valid" desktop-file-validate "$prefix/share/applications/org.sillok.Sillok.desktop"
  fi
  check "the installed metainfo is translated" grep -q 'xml:lang="ko"' "$prefix/share/metainfo/org.sillok.Sillok.metainfo.xml"
  if require_program gsettings; then
    keys=$(gsettings --schemadir "$prefix/share/glib-2.0/schemas" list-keys org.sillok.Sillok 2>&1)
    expect_in "$keys" "vault-path" "the compiled schema holds org.sillok.Sillok"
  fi
  check "the installed sillok answers --help" env -u GSETTINGS_SCHEMA_DIR "$prefix/bin/sillok" --help
else
  skip "the GUI's files" "the GUI is not built (-Dgui=false)"
fi

# --- the installed sillok-cli, without the test's data paths ------------------------
unset SILLOK_DATADIR SILLOK_LOCALEDIR SILLOK_VAULT GSETTINGS_SCHEMA_DIR
ICLI=$prefix/bin/sillok-cli
V=$WORK/vault
PASS="설치 install passphrase"

C=$WORK/coordinator
BUNDLE_PASS="묶음 bundle passphrase"

# icli WANT DESCRIPTION ARGS…: the installed sillok-cli on the test vault
# (on the coordinator's with ICLI_VAULT=$C; a bundle passphrase on
# descriptor 4).
icli () {
  local want=$1 desc=$2 rc
  shift 2
  "$ICLI" --vault "${ICLI_VAULT:-$V}" --passphrase-fd 3 "$@" 3<<<"$PASS" 4<<<"$BUNDLE_PASS" >"$WORK/out" 2>"$WORK/err"
  rc=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  if [ "$rc" -eq "$want" ]; then ok "installed sillok-cli $desc"
  else not_ok "installed sillok-cli $desc" "exit $rc, wanted $want: sillok-cli $*" "stdout: $OUT" "stderr: $ERR"; fi
}

want_version=$("$CLI" --version)
icli 0 "--version" --version
check "…is the project's version ($want_version)" test "$OUT" = "$want_version"
icli 0 "templates finds the installed templates" templates
expect_in "$OUT" "forced-labour" "…forced-labour among them"
if LANGUAGE=ko "$ICLI" --help 2>&1 | grep -q '사용법'; then ok "the installed Korean catalogue is found (LANGUAGE=ko)"
else not_ok "the installed Korean catalogue is found (LANGUAGE=ko)" "$(LANGUAGE=ko "$ICLI" --help 2>&1 | head -n 3)"; fi

icli 0 "init (passphrase from a descriptor)" init --name "Install 조사자" --kdf "$KDF"
icli 0 "record new from the forced-labour template" record new --template forced-labour \
  --set consent.given=true --set consent.share_coordinators=true
ID=$OUT
check "…prints the record id" grep -qE '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' <<<"$ID"
icli 6 "seal refuses a record without its required fields (exit 6)" record seal "$ID"
icli 0 "record set the required fields, with a site from the installed gazetteer" record set "$ID" \
  interview.date=2026-11 "episodes[0].site=musan-mine" "episodes[0].narrative=광산에서 일했다."
icli 0 "record show --json" record show "$ID" --json
expect_in "$OUT" '"episodes[0].site":["musan-mine","Musan Mine","무산광산"]' \
  "…the site is named from the installed gazetteer"
icli 0 "record seal" record seal "$ID"
expect_in "$OUT" "Sealed record $ID version 1" "…version 1 is sealed"
icli 0 "identity --export-age-identity" identity --export-age-identity "$WORK/key.txt"
icli 0 "identity --age-recipient" identity --age-recipient
RECIPIENT=$OUT
icli 0 "export to a recipient" export --out "$WORK/b.sillok" --record "$ID" --recipient "$RECIPIENT" \
  --override-k "one record in an installation test"
expect_in "$OUT" "Exported:    $ID" "…the record is in the bundle"
icli 0 "verify with the age identity file" verify "$WORK/b.sillok" --identity "$WORK/key.txt"
expect_in "$OUT" "VALID" "…the bundle is valid"
icli 0 "verify with the vault" verify "$WORK/b.sillok"
icli 0 "check" check
expect_in "$OUT" "No problem found." "…finds no problem"

# A coordinator's vault imports the interviewer's bundles and lists them.
ICLI_VAULT=$C icli 0 "init of a coordinator's vault" init --name "Install 조정자" --kdf "$KDF"
ICLI_VAULT=$C icli 0 "identity --age-recipient of the coordinator" identity --age-recipient
COORDINATOR=$OUT
icli 0 "export to the coordinator" export --out "$WORK/c.sillok" --record "$ID" --recipient "$COORDINATOR" \
  --override-k "one record in an installation test"
icli 0 "export under a bundle passphrase" export --out "$WORK/p.sillok" --record "$ID" --bundle-passphrase-fd 4 \
  --override-k "one record in an installation test"
ICLI_VAULT=$C icli 0 "archive list of an empty archive" archive list
check "…lists nothing" test -z "$OUT"
ICLI_VAULT=$C icli 1 "import refuses a bundle not encrypted to the coordinator" import "$WORK/b.sillok"
expect_in "$ERR" "not encrypted to this vault" "…and says so"
ICLI_VAULT=$C icli 0 "import into the coordinator's vault" import "$WORK/c.sillok"
expect_in "$OUT" "1 record versions added, 0 already present" "…adds the record's version"
ICLI_VAULT=$C icli 0 "archive list" archive list
expect_in "$OUT" "$ID" "…lists the imported record"
ICLI_VAULT=$C icli 0 "import of the passphrase bundle with --bundle-passphrase-fd" import "$WORK/p.sillok" \
  --bundle-passphrase-fd 4
expect_in "$OUT" "0 record versions added, 1 already present" "…finds its version already there"
ICLI_VAULT=$C icli 0 "check of the coordinator's vault" check
expect_in "$OUT" "No problem found." "…finds no problem"

# The installed completion asks the installed sillok-cli for template ids.
if [ -n "$completion" ]; then
  got=$(bash -c 'source "$1" && COMP_WORDS=("$2" template show "") && COMP_CWORD=3 && _sillok_cli && printf "%s\n" "${COMPREPLY[@]}"' \
          _ "$prefix/$completion" "$ICLI" 2>&1)
  check "the installed completion offers the installed templates" grep -qx forced-labour <<<"$got"
fi

finish
