#!/bin/bash
# cli-verify.sh: sillok-cli verify and trust — valid bundles with and without a vault,
# trusted and unknown signers, reports, and a hostile corpus made from real bundles
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

for program in age age-keygen minisign jq python3 b2sum pdftotext; do
  if ! require_program "$program"; then
    skip "sillok-cli verify" "$program is not installed"
    finish
  fi
done
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  skip "sillok-cli verify" "python3-jsonschema is not installed"
  finish
fi

SRC=${SILLOK_SOURCE_ROOT:?}
V="$WORK/interviewer"
C="$WORK/coordinator"
PASS="verify 검증 passphrase"
B="$WORK/bundles"
mkdir -p "$B"

cli () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}
coord () {
  "$CLI" --vault "$C" --passphrase-fd 3 "$@" 3<<<"$PASS"
}
new_record () {
  cli record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
    --set consent.share_legal=true --set interview.date=2026-03-14 --set interviewee.sex=male \
    --set interviewee.birth_date=1978-04-12 --set interviewee.home_province=north-hamgyong "$@"
}
# json FILE FILTER: a jq query of a JSON report.
json () {
  jq -r "$2" "$1"
}
validate () {
  python3 - "$SRC/schemas/verify-report.schema.json" "$1" <<'EOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(json.load(open(sys.argv[2])), schema, cls=jsonschema.Draft202012Validator)
EOF
}

run_cli 0 "init an interviewer's vault" --vault "$V" --passphrase-fd 3 init --name "면담자 Kim" --kdf "$KDF" 3<<<"$PASS"
run_cli 0 "init a coordinator's vault" --vault "$C" --passphrase-fd 3 init --name "Coordinator" --kdf "$KDF" 3<<<"$PASS"
cli identity --export-age-identity "$WORK/interviewer.key" >/dev/null
cli identity --export-pub "$WORK/interviewer.pub" >/dev/null
KEYID=$(sed -n 's/^untrusted comment: minisign public key //p' "$WORK/interviewer.pub")
OWN=$(cli identity --age-recipient)
COORD=$(coord identity --age-recipient)

R1=$(new_record)
R2=$(new_record --set interviewee.sex=female)
R3=$(new_record)
printf 'a sketch of the mine' >"$WORK/광산 지도.txt"
cli attach "$R1" "$WORK/광산 지도.txt" --sensitivity open >/dev/null
for r in "$R1" "$R2" "$R3"; do cli record seal "$r" >/dev/null; done
cli record amend "$R1" --reason "a correction" >/dev/null
cli record set "$R1" interviewee.sex=female >/dev/null
cli record seal "$R1" >/dev/null
check "three sealed records, one amended, one with a Korean attachment name" test -n "$R3"

cli export --out "$B/anon.sillok" --all-sealed --recipient "$OWN" --recipient "$COORD" --override-k test >/dev/null
cli export --out "$B/legal.sillok" --all-sealed --recipient "$OWN" --profile legal 2>/dev/null >/dev/null
cli export --out "$B/pass.sillok" --all-sealed --bundle-passphrase-fd 4 --override-k test 4<<<"bundle 암호" >/dev/null
check "bundles exported" test -s "$B/anon.sillok" -a -s "$B/legal.sillok" -a -s "$B/pass.sillok"

# --- valid bundles --------------------------------------------------------------------
run_cli 0 "verify with the vault" --vault "$V" --passphrase-fd 3 verify "$B/anon.sillok" --json 3<<<"$PASS"
printf '%s\n' "$OUT" >"$WORK/own.json"
check "…valid" test "$(json "$WORK/own.json" .verdict)" = valid
check "…the vault's own key is trusted" test "$(json "$WORK/own.json" '.signers[0].trust + " " + .signers[0].role')" = "trusted this vault"
check "…the bundle's BLAKE2b-512 is that of the file" \
  test "$(json "$WORK/own.json" .b2)" = "$(b2sum "$B/anon.sillok" | cut -d' ' -f1)"
check "…every record and version is reported" \
  test "$(json "$WORK/own.json" '[.records[].versions[]] | length')" -eq 4
check "…the amended version names what it supersedes" \
  test "$(json "$WORK/own.json" "[.records[] | select(.record == \"$R1\") | .versions[1].supersedes] | .[0]")" = \
       "$(json "$WORK/own.json" "[.records[] | select(.record == \"$R1\") | .versions[0].statement] | .[0]")"
check "…sealed times as the anonymized profile discloses them" \
  test "$(json "$WORK/own.json" "[.records[].versions[-1].sealed_at.name] | unique | .[]")" = '$sealed_at@anon'
check "…the attachment with its name and hash" \
  test "$(json "$WORK/own.json" '.records[].versions[].attachments[] | .name + " " + .b2')" = \
       "광산 지도.txt $(b2sum "$WORK/광산 지도.txt" | cut -d' ' -f1)"
check "…withheld digests are counted" test "$(json "$WORK/own.json" '[.records[].versions[].withheld] | min')" -gt 0
check "…the JSON report matches its schema" validate "$WORK/own.json"

run_cli 0 "verify with --identity, without a vault" --vault "$WORK/none" verify "$B/anon.sillok" \
  --identity "$WORK/interviewer.key"
expect_in "$OUT" "unknown (not trusted)" "…the signer is reported unknown"
expect_in "$OUT" "VALID" "…and the bundle valid"
check "…no vault was made" test ! -e "$WORK/none"

mkdir -p "$WORK/trusted"
cp "$WORK/interviewer.pub" "$WORK/trusted/kim.pub"
run_cli 0 "verify with --trust DIR" verify "$B/anon.sillok" --identity "$WORK/interviewer.key" --trust "$WORK/trusted" --json
printf '%s\n' "$OUT" >"$WORK/trust.json"
check "…the signer is trusted under its file's name" test "$(json "$WORK/trust.json" '.signers[0].trust + " " + .signers[0].name')" = "trusted kim"
check "…all_trusted" test "$(json "$WORK/trust.json" .all_trusted)" = true

run_cli 0 "verify a passphrase bundle without a vault" verify "$B/pass.sillok" --bundle-passphrase-fd 4 4<<<"bundle 암호"
run_cli 1 "a wrong passphrase is refused" verify "$B/pass.sillok" --bundle-passphrase-fd 4 4<<<"not it"
expect_in "$ERR" "the passphrase does not open this bundle" "…saying so"

run_cli 0 "verify the legal bundle" verify "$B/legal.sillok" --identity "$WORK/interviewer.key" --json
printf '%s\n' "$OUT" >"$WORK/legal.json"
check "…its audit times are checked" test "$(json "$WORK/legal.json" '[.records[].audit.times] | all')" = true
check "…the exact sealed time is shown" test "$(json "$WORK/legal.json" "[.records[].versions[-1].sealed_at.name] | unique | .[]")" = '$sealed_at'
check "…the legal report matches the schema" validate "$WORK/legal.json"

# --- trust in a coordinator's vault ------------------------------------------------------
run_cli 0 "verify in the coordinator's vault" --vault "$C" --passphrase-fd 3 verify "$B/anon.sillok" 3<<<"$PASS"
expect_in "$OUT" "unknown (not trusted)" "…the interviewer is not yet trusted"
run_cli 2 "trust add needs a role" --vault "$C" --passphrase-fd 3 trust add "$WORK/interviewer.pub" --name Kim 3<<<"$PASS"
run_cli 1 "trust add refuses a file that is not a key" --vault "$C" --passphrase-fd 3 trust add "$WORK/광산 지도.txt" \
  --name Kim --role interviewer 3<<<"$PASS"
run_cli 0 "trust add" --vault "$C" --passphrase-fd 3 trust add "$WORK/interviewer.pub" --name "김 Kim" \
  --role interviewer 3<<<"$PASS"
run_cli 1 "trust add refuses the same key twice" --vault "$C" --passphrase-fd 3 trust add "$WORK/interviewer.pub" \
  --name Again --role coordinator 3<<<"$PASS"
run_cli 0 "trust list" --vault "$C" --passphrase-fd 3 trust list 3<<<"$PASS"
check "…names the key, role and name" test "$OUT" = "$KEYID  interviewer  김 Kim"
run_cli 0 "verify in the coordinator's vault again" --vault "$C" --passphrase-fd 3 verify "$B/anon.sillok" 3<<<"$PASS"
expect_in "$OUT" "trusted: 김 Kim (interviewer)" "…the interviewer is trusted now"
run_cli 0 "trust remove" --vault "$C" --passphrase-fd 3 trust remove "$KEYID" 3<<<"$PASS"
run_cli 1 "trust remove of an unknown key" --vault "$C" --passphrase-fd 3 trust remove "$KEYID" 3<<<"$PASS"
run_cli 1 "a bundle not encrypted to the vault" --vault "$C" --passphrase-fd 3 verify "$B/legal.sillok" 3<<<"$PASS"
expect_in "$ERR" "not encrypted to this vault" "…says so"
age-keygen -o "$WORK/other.key" 2>/dev/null
run_cli 1 "a bundle not encrypted to the identity" verify "$B/anon.sillok" --identity "$WORK/other.key" --json
expect_in "$ERR" "not encrypted to this identity" "…says so"
printf '%s\n' "$OUT" >"$WORK/wrong.json"
check "…the check is age-recipient" test "$(json "$WORK/wrong.json" .failure.check)" = age-recipient
check "…and the failed report matches the schema" validate "$WORK/wrong.json"

# --- reports -------------------------------------------------------------------------------
run_cli 0 "verify --report PDF" verify "$B/anon.sillok" --identity "$WORK/interviewer.key" --report "$WORK/report.pdf"
pdftotext "$WORK/report.pdf" "$WORK/report.txt"
check "…pdftotext reads the verdict" grep -q "VALID" "$WORK/report.txt"
check "…and the Korean attachment name" grep -q "광산 지도.txt" "$WORK/report.txt"
check "…and the bundle's hash" grep -q "$(b2sum "$B/anon.sillok" | cut -c1-40)" "$WORK/report.txt"
run_cli 0 "verify --report HTML" verify "$B/anon.sillok" --identity "$WORK/interviewer.key" --report "$WORK/report.html"
check "…the HTML is well-formed" python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" "$WORK/report.html"
check "…self-contained" test "$(grep -c -E '<(script|link|img)|https?://[^w]' "$WORK/report.html")" -eq 0
check "…with the Korean name" grep -q "광산 지도.txt" "$WORK/report.html"
run_cli 2 "--report needs .pdf or .html" verify "$B/anon.sillok" --identity "$WORK/interviewer.key" --report "$WORK/r.txt"
run_cli 2 "verify needs a file" verify --identity "$WORK/interviewer.key"
run_cli 2 "--identity and a passphrase exclude each other" verify "$B/anon.sillok" --identity "$WORK/interviewer.key" \
  --bundle-passphrase-fd 4 4<<<"x"
run_cli 5 "a missing bundle file is an I/O error" verify "$WORK/missing.sillok" --identity "$WORK/interviewer.key"

# --- the age layer -------------------------------------------------------------------------------
size=$(stat -c %s "$B/anon.sillok")
head -c $((size - 100)) "$B/anon.sillok" >"$WORK/truncated.sillok"
run_cli 1 "a truncated bundle" verify "$WORK/truncated.sillok" --identity "$WORK/interviewer.key" --json
check "…fails the age-payload check" test "$(jq -r .failure.check <<<"$OUT")" = age-payload
python3 - "$B/anon.sillok" "$WORK/badmac.sillok" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.index(b"\n--- ") + 8
data[at] = ord("A") if data[at] != ord("A") else ord("B")
open(sys.argv[2], "wb").write(data)
EOF
run_cli 1 "a wrong header MAC" verify "$WORK/badmac.sillok" --identity "$WORK/interviewer.key" --json
check "…fails the age-header check" test "$(jq -r .failure.check <<<"$OUT")" = age-header
python3 - "$B/anon.sillok" "$WORK/badchunk.sillok" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[-200] ^= 1
open(sys.argv[2], "wb").write(data)
EOF
run_cli 1 "a byte flipped in the encrypted payload" verify "$WORK/badchunk.sillok" --identity "$WORK/interviewer.key" --json
check "…fails the age-payload check" test "$(jq -r .failure.check <<<"$OUT")" = age-payload

# --- the hostile corpus: real tars altered, re-encrypted with age ----------------------------------
age -d -i "$WORK/interviewer.key" -o "$WORK/anon.tar" "$B/anon.sillok"
python3 "$(dirname "$0")/make-hostile-bundles.py" "$WORK/anon.tar" "$WORK/hostile"
count=0
while IFS=$'\t' read -r case want where; do
  age -r "$OWN" -o "$WORK/hostile/$case.sillok" "$WORK/hostile/$case.tar"
  "$CLI" verify "$WORK/hostile/$case.sillok" --identity "$WORK/interviewer.key" --json \
    >"$WORK/hostile/$case.json" 2>"$WORK/hostile/$case.err"
  rc=$?
  got=$(jq -r '.failure.check // "valid"' "$WORK/hostile/$case.json")
  path=$(jq -r '.failure.path // ""' "$WORK/hostile/$case.json")
  want_rc=1
  [ "$want" = valid ] && want_rc=0
  if [ "$rc" -eq "$want_rc" ] && [ "$got" = "$want" ] && [[ "$path" == *"$where"* ]] && validate "$WORK/hostile/$case.json"; then
    ok "hostile $case: exit $rc, the $want check names ${path:-the tar}"
  else
    not_ok "hostile $case" "exit $rc (wanted $want_rc), check $got (wanted $want), path “$path” (wanted “$where”)" \
      "$(cat "$WORK/hostile/$case.err")"
  fi
  count=$((count + 1))
done <"$WORK/hostile/cases.tsv"
check "the hostile corpus has its cases" test "$count" -ge 45

finish
