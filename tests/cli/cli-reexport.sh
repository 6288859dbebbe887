#!/bin/bash
# cli-reexport.sh: sillok-cli export --from-archive — an interviewer's bundles imported by a coordinator and
# handed on to a legal team with the original signatures intact, checked with sillok-cli verify and by hand
# with age, tar, minisign and b2sum; anonymized re-exports, consent, whole chains, re-import elsewhere
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

for program in age age-keygen minisign b2sum jq python3 tar cmp; do
  if ! require_program "$program"; then
    skip "sillok-cli export --from-archive" "$program is not installed"
    finish
  fi
done

K="$WORK/kim"
C="$WORK/coordinator"
T="$WORK/third"
D="$WORK/coordinator-2"
PASS="re-export 재수출 passphrase"
BD="$WORK/bundles"
mkdir -p "$BD"

as () {
  local vault=$1
  shift
  "$CLI" --vault "$vault" --passphrase-fd 3 "$@" 3<<<"$PASS"
}
# witness NAME BIRTH [--set …]: a record of one witness in Kim's vault, ready to seal.
witness () {
  local name=$1 birth=$2
  shift 2
  as "$K" record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
    --set interview.date=2026-03-14 --set "interviewee.name=$name" --set "interviewee.birth_date=$birth" \
    --set interviewee.sex=female --set interviewee.home_province=north-hamgyong --set episodes[0].site=musan-mine \
    --set episodes[0].category=kyohwaso --set episodes[0].from=1999 "$@"
}
# json FILE FILTER
json () {
  jq -r "$2" "$1"
}
# names DIR RECORD VERSION: the names of the disclosures a bundle's version carries, sorted, one line.
names () {
  python3 - "$1/records/$2/$3/disclosures.json" <<'EOF'
import base64, json, sys
names = []
for d in json.load(open(sys.argv[1])):
    names.append(json.loads(base64.urlsafe_b64decode(d + "=" * (-len(d) % 4)))[1])
print(",".join(sorted(names)))
EOF
}
# extract BUNDLE IDENTITY DIR: age -d | tar -x, as VERIFY-BY-HAND.md says.
extract () {
  mkdir -p "$3"
  age -d -i "$2" "$1" | tar -x -C "$3"
}

for v in "$K" "$C" "$T" "$D"; do
  as "$v" init --name "$(basename "$v")" --kdf "$KDF" >/dev/null
done
as "$K" identity --export-pub "$WORK/kim.pub" >/dev/null
as "$K" identity --export-age-identity "$WORK/kim.key" >/dev/null
as "$C" identity --export-pub "$WORK/coordinator.pub" >/dev/null
KIM_ID=$(sed -n 's/^untrusted comment: minisign public key //p' "$WORK/kim.pub")
COORD_ID=$(sed -n 's/^untrusted comment: minisign public key //p' "$WORK/coordinator.pub")
KIM=$(as "$K" identity --age-recipient)
COORD=$(as "$C" identity --age-recipient)
THIRD=$(as "$T" identity --age-recipient)
COORD2=$(as "$D" identity --age-recipient)
age-keygen -o "$WORK/legal-team.key" 2>/dev/null
LEGAL=$(age-keygen -y "$WORK/legal-team.key")

R1=$(witness "김영희" 1970-01-02 --set consent.share_legal=true)
printf 'a sketch of the mine' >"$WORK/광산 지도.txt"
printf 'stands in for a photograph' >"$WORK/사진.txt"
as "$K" attach "$R1" "$WORK/광산 지도.txt" --sensitivity open >/dev/null
as "$K" attach "$R1" "$WORK/사진.txt" --sensitivity identifying >/dev/null
as "$K" record seal "$R1" >/dev/null
as "$K" record amend "$R1" --reason "생년 정정" >/dev/null
as "$K" record set "$R1" interviewee.birth_date=1971-01-02 >/dev/null
as "$K" record seal "$R1" >/dev/null
R2=$(witness "박순이" 1980-05-06 --set consent.share_legal=true)
as "$K" record seal "$R2" >/dev/null
R3=$(witness "이철수" 1965-09-09 --set consent.share_legal=false)
as "$K" record seal "$R3" >/dev/null
check "Kim has three sealed records, one amended" test -n "$R3"

TO=(--recipient "$COORD" --recipient "$THIRD" --recipient "$COORD2" --recipient "$KIM")
as "$K" export --out "$BD/kim-legal.sillok" --all-sealed --profile legal "${TO[@]}" >"$WORK/kim-legal.out" 2>/dev/null
as "$K" export --out "$BD/kim-anon.sillok" --all-sealed --override-k "small test" "${TO[@]}" >/dev/null
LEGAL_ID=$(sed -n 's/^Bundle: *//p' "$WORK/kim-legal.out")
check "Kim's legal bundle leaves out the record without consent" grep -q "Left out:    $R3" "$WORK/kim-legal.out"
run_cli 0 "the coordinator imports Kim's legal and anonymized bundles" --vault "$C" --passphrase-fd 3 \
  import "$BD/kim-legal.sillok" "$BD/kim-anon.sillok" 3<<<"$PASS"
ANON_ID=$(sed -n 's/^.*kim-anon.sillok: imported bundle \([0-9a-f-]*\) .*$/\1/p' <<<"$OUT")
check "…both bundle ids are known" test -n "$LEGAL_ID" -a -n "$ANON_ID"
SOURCES=$(printf '%s\n%s\n' "$LEGAL_ID" "$ANON_ID" | LC_ALL=C sort | jq -R . | jq -sc .)
run_cli 0 "archive show of a record both bundles brought" --vault "$C" --passphrase-fd 3 archive show "$R2" \
  3<<<"$PASS"
expect_in "$OUT" "Audit trail: 4 entries, linked and in order (times withheld)" \
  "…shows the longer audit trail, the anonymized bundle's: no times"
check "…from creation" grep -qE "^  1  created  v1  [0-9A-F]{16}\$" <<<"$OUT"
expect_in "$OUT" "exported  v1  $KIM_ID  bundle $ANON_ID" "…to the export that brought it"

# --- legal re-export to a legal team ---------------------------------------------------------------
run_cli 0 "re-export the archive's records to a legal team" --vault "$C" --passphrase-fd 3 export --from-archive \
  --record "$R1" --record "$R2" --record "$R3" --profile legal --recipient "$LEGAL" --recipient "$THIRD" \
  --out "$BD/for-court.sillok" 3<<<"$PASS"
expect_in "$OUT" "Exported:    $R1 versions 1–2" "…the amended record with both versions"
expect_in "$OUT" "Left out:    $R3: the witness did not consent to sharing with a legal team" \
  "…the record without consent is left out and named"
expect_in "$OUT" "Provenance:  $(jq -r 'join(", ")' <<<"$SOURCES")" "…the source bundles are named"
expect_in "$ERR" "send it to a legal team only" "…with the legal profile's warning"
REEXPORT_ID=$(sed -n 's/^Bundle: *//p' <<<"$OUT")

run_cli 0 "verify --identity of the legal team, without a vault" --vault "$WORK/none" verify \
  "$BD/for-court.sillok" --identity "$WORK/legal-team.key" --json
printf '%s\n' "$OUT" >"$WORK/court.json"
check "…VALID" test "$(json "$WORK/court.json" .verdict)" = valid
check "…the exporter is the coordinator's key" \
  test "$(json "$WORK/court.json" '[.signers[] | select(.exporter) | .key_id] | join(" ")')" = "$COORD_ID"
check "…every statement is signed by the interviewer's key" \
  test "$(json "$WORK/court.json" '[.records[].versions[].signer] | unique | join(" ")')" = "$KIM_ID"
check "…three versions of two records" test "$(json "$WORK/court.json" '[.records[].versions[]] | length')" -eq 3
check "…the audit chains with their times" test "$(json "$WORK/court.json" '[.records[].audit.times] | all')" = true
run_cli 0 "verify in text" --vault "$WORK/none" verify "$BD/for-court.sillok" --identity "$WORK/legal-team.key"
expect_in "$OUT" "VALID" "…says VALID"
expect_in "$OUT" "Exporter: $COORD_ID" "…names the coordinator as exporter"

# By hand, with the standard tools only.
extract "$BD/for-court.sillok" "$WORK/legal-team.key" "$WORK/court"
extract "$BD/kim-legal.sillok" "$WORK/kim.key" "$WORK/original"
check "minisign verifies the manifest with the coordinator's key" \
  minisign -Vm "$WORK/court/manifest.json" -p "$WORK/coordinator.pub"
check "…and not with the interviewer's" bash -c "! minisign -Vm '$WORK/court/manifest.json' -p '$WORK/kim.pub' -q"
check "b2sum -c B2SUMS holds" bash -c "cd '$WORK/court' && b2sum --check --strict --quiet B2SUMS"
check "the bundle's key of the interviewer is the interviewer's .pub" cmp "$WORK/court/keys/$KIM_ID.pub" "$WORK/kim.pub"
check "the manifest's provenance is the source bundles" \
  test "$(jq -c .provenance "$WORK/court/manifest.json")" = "$SOURCES"
check "the manifest names the coordinator as exporter" \
  test "$(json "$WORK/court/manifest.json" .exporter)" = "$COORD_ID"
for version in "$R1 1" "$R1 2" "$R2 1"; do
  set -- $version
  dir="$WORK/court/records/$1/$2"
  as "$K" record statement "$1" --version "$2" --out "$WORK/statement-$1-$2" >/dev/null
  check "minisign verifies $1 version $2 with the interviewer's key" \
    minisign -Vm "$dir/statement.json" -p "$WORK/kim.pub"
  check "…its statement.json is byte for byte the interviewer's" \
    cmp "$dir/statement.json" "$WORK/statement-$1-$2/statement.json"
  check "…and its signature too" cmp "$dir/statement.json.minisig" "$WORK/statement-$1-$2/statement.json.minisig"
  check "…as in the original bundle" cmp "$dir/statement.json.minisig" "$WORK/original/records/$1/$2/statement.json.minisig"
done
check "every disclosure's BLAKE2b-256 is in its statement" bash -c "
  for d in \$(jq -r '.[]' '$WORK/court/records/$R1/2/disclosures.json'); do
    digest=\$(printf %s \"\$d\" | b2sum -l 256 | cut -d' ' -f1)
    grep -q \"\\\"\$digest\\\"\" '$WORK/court/records/$R1/2/statement.json' || exit 1
  done"
check "the audit chains are the interviewer's, unchanged" \
  bash -c "cmp '$WORK/court/audit/$R1.jsonl' '$WORK/original/audit/$R1.jsonl' && cmp '$WORK/court/audit/$R2.jsonl' '$WORK/original/audit/$R2.jsonl'"
check "…with their times" cmp "$WORK/court/audit/$R1.times.json" "$WORK/original/audit/$R1.times.json"
check "the legal team gets everything Kim's legal bundle carried" \
  test "$(names "$WORK/court" "$R1" 2)" = "$(names "$WORK/original" "$R1" 2)"
check "…names and exact dates included" grep -q "interviewee.name" <<<"$(names "$WORK/court" "$R1" 2)"
check "…and both attachments" test "$(ls "$WORK/court/attachments" | wc -l)" -eq 2
check "…the photograph byte for byte" \
  cmp "$WORK/court/attachments/$(b2sum "$WORK/사진.txt" | cut -d' ' -f1)" "$WORK/사진.txt"

run_cli 0 "archive exports lists the re-export" --vault "$C" --passphrase-fd 3 archive exports 3<<<"$PASS"
expect_in "$OUT" "$REEXPORT_ID  legal" "…with its id and profile"
expect_in "$OUT" "  to:          $LEGAL, $THIRD" "…to whom"
expect_in "$OUT" "  from:        $(jq -r 'join(", ")' <<<"$SOURCES")" "…from which bundles"
# The log lists the records sorted, whatever order they were created in.
expect_in "$OUT" "  records:     $(printf '%s\n' "$R1" "$R2" | sort | paste -sd, - | sed 's/,/, /') (3 versions)" \
  "…and which records"

# --- the same versions in a third vault ------------------------------------------------------------
as "$T" import "$BD/kim-legal.sillok" >/dev/null
run_cli 0 "archive show of a record a legal bundle brought" --vault "$T" --passphrase-fd 3 archive show "$R2" \
  3<<<"$PASS"
expect_in "$OUT" "Audit trail: 3 entries, linked and in order (times as disclosed)" "…shows its audit trail with times"
check "…each entry with its time" \
  test "$(grep -cE "^  [0-9]  [a-z-]+  v1  [0-9A-F]{16}  20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z" <<<"$OUT")" -eq 3
run_cli 0 "a third vault imports the re-export after Kim's own bundle" --vault "$T" --passphrase-fd 3 \
  import "$BD/for-court.sillok" 3<<<"$PASS"
expect_in "$OUT" "0 record versions added, 3 already present, 0 conflicting" "…the same versions, recognised"
expect_in "$OUT" "exporter $COORD_ID is not a trusted key" "…exported by the coordinator"
run_cli 0 "archive conflicts of the third vault" --vault "$T" --passphrase-fd 3 archive conflicts 3<<<"$PASS"
expect_in "$OUT" "No conflict." "…none"

# --- anonymized re-export ---------------------------------------------------------------------------
run_cli 6 "an anonymized re-export below k without a reason" --vault "$C" --passphrase-fd 3 export --from-archive \
  --record "$R1" --record "$R2" --recipient "$LEGAL" --out "$BD/anon-again.sillok" 3<<<"$PASS"
expect_in "$ERR" "k-anonymity" "…is refused for k-anonymity"
check "…and writes nothing" test ! -e "$BD/anon-again.sillok"
run_cli 0 "an anonymized re-export of the legal import" --vault "$C" --passphrase-fd 3 export --from-archive \
  --record "$R1" --record "$R2" --record "$R3" --recipient "$LEGAL" --override-k "three records" \
  --out "$BD/anon-again.sillok" 3<<<"$PASS"
expect_in "$OUT" "Attachments: 0" "…carries no attachment (the archive cannot tell which were open)"
run_cli 0 "…verifies" --vault "$WORK/none" verify "$BD/anon-again.sillok" --identity "$WORK/legal-team.key"
extract "$BD/anon-again.sillok" "$WORK/legal-team.key" "$WORK/anon-again"
extract "$BD/kim-anon.sillok" "$WORK/kim.key" "$WORK/kim-anon"
for version in "$R1 2" "$R2 1" "$R3 1"; do
  set -- $version
  carried=$(names "$WORK/anon-again" "$1" "$2")
  check "$1: the names Kim's anonymized export carries, attachments aside" \
    test -n "$carried" -a "$carried" = "$(names "$WORK/kim-anon" "$1" "$2" | tr ',' '\n' | grep -v '^\$attachment' | paste -sd,)"
  check "…no name, exact birth date or exact sealing time" \
    bash -c "! grep -qE '(^|,)(interviewee\\.name|interviewee\\.birth_date|\\\$sealed_at|\\\$reason)(,|\$)' <<<'$carried'"
done
check "older versions carry nothing" test "$(cat "$WORK/anon-again/records/$R1/1/disclosures.json")" = "[]"
check "no audit times, no attachments" \
  test -z "$(ls "$WORK/anon-again/audit" | grep times)" -a ! -e "$WORK/anon-again/attachments"
check "the manifest names both source bundles" \
  test "$(jq -c .provenance "$WORK/anon-again/manifest.json")" = "$SOURCES"

# --- whole chains only ------------------------------------------------------------------------------
age -d -i "$WORK/kim.key" -o "$WORK/kim-anon.tar" "$BD/kim-anon.sillok"
python3 "$(dirname "$0")/make-hostile-bundles.py" "$WORK/kim-anon.tar" "$WORK/cases" >/dev/null
age -r "$COORD2" -o "$BD/amendment-alone.sillok" "$WORK/cases/predecessor-missing.tar"
as "$D" import "$BD/amendment-alone.sillok" >/dev/null
run_cli 6 "a record whose version 1 never arrived is refused" --vault "$D" --passphrase-fd 3 export --from-archive \
  --record "$R1" --override-k test --recipient "$LEGAL" --out "$BD/incomplete.sillok" 3<<<"$PASS"
expect_in "$ERR" "$R1" "…naming it"
expect_in "$ERR" "lacks its version 1" "…and what is missing"
check "…writing nothing" test ! -e "$BD/incomplete.sillok"
run_cli 0 "with --all-archived it is left out, the others go" --vault "$D" --passphrase-fd 3 export --from-archive \
  --all-archived --override-k test --recipient "$LEGAL" --out "$BD/complete-ones.sillok" 3<<<"$PASS"
expect_in "$OUT" "Left out:    $R1: Record $R1 cannot be exported whole" "…named"
expect_in "$OUT" "Exported:    $R2" "…the complete records are exported"
as "$D" import "$BD/kim-anon.sillok" >/dev/null
run_cli 0 "once version 1 arrives the record goes whole" --vault "$D" --passphrase-fd 3 export --from-archive \
  --record "$R1" --override-k test --recipient "$LEGAL" --out "$BD/incomplete.sillok" 3<<<"$PASS"
expect_in "$OUT" "Attachments: 1" "…with its open attachment: only anonymized bundles brought it"
run_cli 6 "a legal re-export of records that came only anonymized lacks the audit times" --vault "$D" \
  --passphrase-fd 3 export --from-archive --record "$R2" --profile legal --recipient "$LEGAL" \
  --out "$BD/no-times.sillok" 3<<<"$PASS"
expect_in "$ERR" "holds no audit times" "…says so"

# --- usage ------------------------------------------------------------------------------------------
run_cli 2 "--all-archived needs --from-archive" --vault "$C" --passphrase-fd 3 export --all-archived \
  --recipient "$LEGAL" --out "$BD/x.sillok" 3<<<"$PASS"
run_cli 2 "--all-sealed does not go with --from-archive" --vault "$C" --passphrase-fd 3 export --from-archive \
  --all-sealed --recipient "$LEGAL" --out "$BD/x.sillok" 3<<<"$PASS"
run_cli 2 "--from-archive needs records" --vault "$C" --passphrase-fd 3 export --from-archive \
  --recipient "$LEGAL" --out "$BD/x.sillok" 3<<<"$PASS"
run_cli 1 "a record the archive does not have" --vault "$C" --passphrase-fd 3 export --from-archive \
  --record 00000000-0000-4000-8000-000000000000 --recipient "$LEGAL" --out "$BD/x.sillok" 3<<<"$PASS"
expect_in "$ERR" "The archive has no record 00000000-0000-4000-8000-000000000000" "…named"
check "nothing was written" test ! -e "$BD/x.sillok"
check "the coordinator's vault passes check" as "$C" check

finish
