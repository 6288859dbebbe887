#!/bin/bash
# cli-record.sh: a whole interview through sillok-cli — values of every type,
# sealing and its refusals, the statement checked with minisign and b2sum,
# amendments, the audit trail, search, bad input, attachments, redaction
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

for program in jq minisign b2sum basenc; do
  if ! require_program "$program"; then
    echo "1..0 # SKIP $program is not installed"
    exit 0
  fi
done

V="$WORK/vault"
PASS="면담 암호 passphrase"

# rc WANT DESCRIPTION ARGS…: sillok-cli on the test vault, unlocked.
rc () {
  local want=$1 desc=$2
  shift 2
  run_cli "$want" "$desc" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

# quiet ARGS…: sillok-cli on the test vault, output on stdout, no TAP line.
quiet () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

# base64url without padding → bytes
unbase64url () {
  local s=$1
  case $(( ${#s} % 4 )) in
    2) s="$s==" ;;
    3) s="$s=" ;;
  esac
  printf '%s' "$s" | basenc --base64url -d
}

run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "면담자 Interviewer" --kdf "$KDF" 3<<<"$PASS"
KEYID=$(sed -n 's/^Signing key: *//p' <<<"$OUT")
[ ${#KEYID} -eq 16 ] && ok "init names the signing key" || not_ok "init names the signing key" "$OUT"

# --- the interview -------------------------------------------------------------
# Every field of forced-labour v1 with a value: path → what the command line
# writes, and path → the stored JSON that record show must return.
declare -A SET JSONV
PATHS=()
text () {   # text PATH VALUE: a text or longtext value, stored as a string
  PATHS+=("$1"); SET[$1]=$2; JSONV[$1]=$(jq -cn --arg v "$2" '$v')
}
other () {  # other PATH VALUE JSON
  PATHS+=("$1"); SET[$1]=$2; JSONV[$1]=$3
}

NAME="김철수"
ALIAS_KO="철이"
ALIAS_LATIN="Kim Chol-su"
COUNTY="회령시"
PHONE="+82-10-2345-6789"
MAIL="chol.kim@example.org"
PERP1="박영호"
PERP2_LATIN="Ri Myong-gil"
PERP2_KO="리명길"

other consent.given true true
other consent.share_coordinators true true
other consent.share_legal false false
other consent.quote_anonymously true true
other consent.recontact true true
text  consent.contact "$PHONE, $MAIL (서울 거주 동생 통해)"
other interview.date 2024-05-03 '"2024-05-03"'
other interview.country KR '"KR"'
other interview.language ko '"ko"'
text  interview.city "서울 Seoul"
other interview.interpreter false false
text  interviewee.name "$NAME"
text  interviewee.aliases "$ALIAS_KO, $ALIAS_LATIN"
text  interviewee.home_county "$COUNTY"
text  interviewee.family_affected $'아버지는 1998년 광산 사고로 사망.\n어머니와 여동생은 요덕으로 끌려감.'
other interviewee.birth_date 1975-03 '"1975-03"'
other interviewee.sex male '"male"'
other interviewee.songbun wavering '"wavering"'
other interviewee.home_province north-hamgyong '"north-hamgyong"'
text  interviewee.occupation "광부 (탄광 채탄공)"
other interviewee.left_dprk 2012-08-14 '"2012-08-14"'
other 'episodes[0].site' musan-mine '["musan-mine","Musan Mine","무산광산"]'
other 'episodes[0].site_type' iron-mine '"iron-mine"'
other 'episodes[0].province' north-hamgyong '"north-hamgyong"'
other 'episodes[0].category' enterprise-worker '"enterprise-worker"'
other 'episodes[0].organ' mining-ministry '"mining-ministry"'
other 'episodes[0].pay' partial '"partial"'
other 'episodes[0].output_destination' china '"china"'
other 'episodes[0].commodity' iron-ore '"iron-ore"'
other 'episodes[0].from' 1995 '"1995"'
other 'episodes[0].to' 2003-11 '"2003-11"'
other 'episodes[0].hours_per_day' 14 14
other 'episodes[0].rest_days_per_month' 0 0
text  'episodes[0].food' "옥수수 죽 하루 두 끼 (corn gruel)"
text  'episodes[0].route' "청진항에서 중국 배로 — Chongjin port to Chinese ships"
text  'episodes[0].punishments' "할당량 미달 시 식량 배급 중단, 구타."
text  'episodes[0].injuries_deaths' "갱도 붕괴로 동료 세 명 사망 (2001년 겨울)."
text  'episodes[0].narrative' "저 김철수가 광산에서 일할 때, 사람들은 저를 김 철수, 철수야, 철이라고 불렀습니다. KIM CHOLSU was on the list; kim chol su, Kim-Chol-Su. 고향 회령시에서 온 사람이 많았고 회령 시 사람들과, 회령에서 온 친구와 같이 일했습니다. 연락은 +82 10 2345 6789 또는 CHOL.KIM@EXAMPLE.ORG 로. 보위원 박영호, 박 영호, 영호가 때렸고 RI MYONGGIL, ri myong gil 과 리 명길도 있었습니다. 무산광산 채굴장은 깊었습니다."
other 'episodes[0].ilo_indicators' 'overtime,violence,wages' '["violence","wages","overtime"]'
other 'episodes[1].site' "함흥 인근 벌목장" '["함흥 인근 벌목장"]'
other 'episodes[1].site_type' logging '"logging"'
other 'episodes[1].province' south-hamgyong '"south-hamgyong"'
other 'episodes[1].category' rodong-dallyondae '"rodong-dallyondae"'
other 'episodes[1].organ' mps '"mps"'
other 'episodes[1].pay' none '"none"'
other 'episodes[1].output_destination' domestic '"domestic"'
other 'episodes[1].commodity' other '"other"'
other 'episodes[1].from' 2004-02-01 '"2004-02-01"'
other 'episodes[1].to' 2004-08 '"2004-08"'
other 'episodes[1].hours_per_day' 12 12
other 'episodes[1].rest_days_per_month' 2 2
text  'episodes[1].food' "감자 세 알"
text  'episodes[1].route' "철도로 평양 방향"
text  'episodes[1].punishments' "독방 감금 일주일"
text  'episodes[1].injuries_deaths' "없음"
text  'episodes[1].narrative' "노동단련대에서 여섯 달 동안 나무를 베었습니다. Logging in winter without gloves."
other 'episodes[1].ilo_indicators' 'movement' '["movement"]'
other 'perpetrators[0].organ' mss '"mss"'
text  'perpetrators[0].unit' "무산군 보위부"
text  'perpetrators[0].rank' "보위원"
text  'perpetrators[0].name' "$PERP1"
text  'perpetrators[0].acts' "구타와 협박. 박영호는 배급을 끊었다."
other 'perpetrators[1].organ' mps '"mps"'
text  'perpetrators[1].unit' "함흥시 안전부 Hamhung MPS"
text  'perpetrators[1].rank' "계호원"
text  'perpetrators[1].name' "$PERP2_KO ($PERP2_LATIN)"
text  'perpetrators[1].acts' "독방 감금을 명령함."
text  assessment.credibility "세부 사항이 일관되고 다른 증언과 일치함. Consistent with other accounts."
other assessment.follow_up true true

# The first values with record new, the rest with record set, a few at a time.
run_cli 0 "record new with --set" --vault "$V" --passphrase-fd 3 record new --template forced-labour \
  --set "interview.date=${SET[interview.date]}" --set "interviewee.name=${SET[interviewee.name]}" 3<<<"$PASS"
ID=$(head -n1 <<<"$OUT")
[[ "$ID" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] \
  && ok "record new prints a UUIDv4" || not_ok "record new prints a UUIDv4" "$OUT"

failed_sets=0
batch=()
for p in "${PATHS[@]}"; do
  [ "$p" = interview.date ] || [ "$p" = interviewee.name ] && continue
  batch+=("$p=${SET[$p]}")
  if [ ${#batch[@]} -ge 6 ]; then
    quiet record set "$ID" "${batch[@]}" >/dev/null 2>"$WORK/set.err" || { failed_sets=$((failed_sets + 1)); cat "$WORK/set.err" >&2; }
    batch=()
  fi
done
if [ ${#batch[@]} -gt 0 ]; then
  quiet record set "$ID" "${batch[@]}" >/dev/null 2>"$WORK/set.err" || { failed_sets=$((failed_sets + 1)); cat "$WORK/set.err" >&2; }
fi
[ "$failed_sets" -eq 0 ] && ok "record set stores every value (${#PATHS[@]} paths)" \
  || not_ok "record set stores every value" "$failed_sets calls failed: $(cat "$WORK/set.err")"

# compare_values FILE DESCRIPTION: every value by path, and nothing else.
compare_values () {
  local file=$1 desc=$2 bad=() p got
  for p in "${PATHS[@]}"; do
    got=$(jq -c --arg p "$p" '.values[$p]' "$file")
    [ "$got" = "${JSONV[$p]}" ] || bad+=("$p: got $got, wanted ${JSONV[$p]}")
  done
  got=$(jq '.values | length' "$file")
  [ "$got" -eq ${#PATHS[@]} ] || bad+=("$got values shown, ${#PATHS[@]} set")
  if [ ${#bad[@]} -eq 0 ]; then ok "$desc"; else not_ok "$desc" "${bad[@]}"; fi
}

rc 0 "record show --json" record show "$ID" --json
printf '%s\n' "$OUT" >"$WORK/draft.json"
compare_values "$WORK/draft.json" "record show --json returns every value by path, Korean and Latin alike"
[ "$(jq -r '.status, .version, .latest, .statement, .signer, .template_id' "$WORK/draft.json" | tr '\n' ' ')" \
  = "draft 1 1 null null forced-labour " ] && ok "…a draft of version 1 without statement or signer" \
  || not_ok "…a draft of version 1 without statement or signer" "$(cat "$WORK/draft.json")"
rc 0 "record show as text" record show "$ID"
expect_in "$OUT" "Status:    draft" "…says draft"
expect_in "$OUT" "무산광산" "…shows the site by name"
expect_in "$OUT" "$NAME" "…shows Korean text"

# --- attachments ----------------------------------------------------------------
ATT_MARK="ATTACHMENT-MARKER-녹음표식-7f3a"
{ printf '%s\n' "$ATT_MARK"; head -c $((200 * 1024 - $(printf '%s\n' "$ATT_MARK" | wc -c))) /dev/urandom; } >"$WORK/voice.ogg"
head -c $((200 * 1024 - 64)) /dev/zero | tr '\0' 'w' >"$WORK/note.wav"
printf '%s\n' "$ATT_MARK 면담 메모" >"$WORK/notes.txt"
[ "$(stat -c %s "$WORK/voice.ogg")" -eq 204800 ] || not_ok "the test attachment is 200 KiB"
rc 0 "attach a 200 KiB .ogg" attach "$ID" "$WORK/voice.ogg"
rc 0 "attach a .wav" attach "$ID" "$WORK/note.wav"
rc 0 "attach a text file" attach "$ID" "$WORK/notes.txt"
rc 0 "attach with an explicit sensitivity" attach "$ID" "$WORK/notes.txt" --name "legal-notes.txt" --sensitivity legal
rc 1 "attach refuses an unknown sensitivity" attach "$ID" "$WORK/notes.txt" --sensitivity secret
expect_in "$ERR" "secret" "…naming it"
rc 5 "attach of a missing file is an I/O error" attach "$ID" "$WORK/absent.ogg"
rc 0 "record show --json after attaching" record show "$ID" --json
printf '%s\n' "$OUT" >"$WORK/attached.json"
[ "$(jq -r '.attachments | map("\(.n) \(.name) \(.sensitivity) \(.size)") | join(";")' "$WORK/attached.json")" \
  = "0 voice.ogg identifying 204800;1 note.wav identifying 204736;2 notes.txt open $(stat -c %s "$WORK/notes.txt");3 legal-notes.txt legal $(stat -c %s "$WORK/notes.txt")" ] \
  && ok "audio defaults to identifying, text to open, --sensitivity and --name are kept" \
  || not_ok "attachment sensitivities" "$(jq -c .attachments "$WORK/attached.json")"
[ "$(jq -r '.attachments[0].b2' "$WORK/attached.json")" = "$(b2sum "$WORK/voice.ogg" | cut -d' ' -f1)" ] \
  && ok "the attachment's b2 is b2sum of the file" || not_ok "the attachment's b2 is b2sum of the file"
[ "$(jq -r '.attachments[0].media_type' "$WORK/attached.json")" = audio/ogg ] \
  && ok "…and its media type is audio/ogg" || not_ok "…and its media type is audio/ogg" "$(jq -c .attachments[0] "$WORK/attached.json")"
blob_hits=$(count_plaintext_hits "$V/blobs" "$ATT_MARK")
[ "$blob_hits" -eq 0 ] && ok "the attachment's plaintext is not in blobs/" || not_ok "the attachment's plaintext is not in blobs/"

# --- sealing: refusals, then success -------------------------------------------
rc 0 "a second record for the refusals" record new --template forced-labour --set "interview.date=2023-01" \
  --set "episodes[0].narrative=평범한 농장 일 이야기" --set "episodes[0].site=jiktong-youth-coal-mine"
ID2=$(head -n1 <<<"$OUT")
rc 6 "record seal without consent is refused (exit 6)" record seal "$ID2"
expect_in "$ERR" "consent.given" "…naming consent.given"
rc 0 "consent.given=false" record set "$ID2" consent.given=false
rc 6 "record seal with consent.given=false is refused" record seal "$ID2"
expect_in "$ERR" "consent.given" "…naming consent.given"
rc 0 "consent.given=true and interview.date cleared" record set "$ID2" consent.given=true interview.date=
rc 6 "record seal with interview.date empty is refused (exit 6)" record seal "$ID2"
expect_in "$ERR" "interview.date" "…naming interview.date"
case "$ERR" in *consent.given*) not_ok "…and not consent.given any more" "$ERR" ;; *) ok "…and not consent.given any more" ;; esac
rc 0 "record show of the refused draft" record show "$ID2" --json
[ "$(jq -r .status <<<"$OUT")" = draft ] && ok "…which is still a draft" || not_ok "…which is still a draft" "$OUT"
rc 0 "interview.date set again" record set "$ID2" interview.date=2023-01-15
rc 0 "record seal is accepted after" record seal "$ID2"

rc 0 "record seal of the full interview" record seal "$ID"
expect_in "$OUT" "Sealed record $ID version 1" "…says what was sealed"
rc 0 "record show --json of the sealed version" record show "$ID" --json
printf '%s\n' "$OUT" >"$WORK/sealed.json"
compare_values "$WORK/sealed.json" "every value is kept by sealing"
[ "$(jq -r '.status, .version, .signer' "$WORK/sealed.json" | tr '\n' ' ')" = "sealed 1 $KEYID " ] \
  && ok "…status sealed, version 1, signer the vault's key" || not_ok "…status sealed, version 1, signer" "$(cat "$WORK/sealed.json")"
STMT1=$(jq -r .statement "$WORK/sealed.json")
[[ "$STMT1" =~ ^[0-9a-f]{64}$ ]] && ok "…with a statement digest" || not_ok "…with a statement digest" "$STMT1"
[[ "$(jq -r .sealed_at "$WORK/sealed.json")" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$ ]] \
  && ok "…and the time it was sealed" || not_ok "…and the time it was sealed"
[ "$(jq -r '.attachments | length' "$WORK/sealed.json")" -eq 4 ] && ok "the sealed version lists its 4 attachments" \
  || not_ok "the sealed version lists its 4 attachments" "$(jq -c .attachments "$WORK/sealed.json")"
rc 6 "record seal of a sealed version is refused" record seal "$ID"

# --- the statement with minisign and b2sum ----------------------------------------
S="$WORK/statement1"
rc 0 "record statement --out" record statement "$ID" --out "$S"
check "minisign verifies statement.json with the signer's .pub" minisign -Vm "$S/statement.json" -p "$S/$KEYID.pub"
[ "$(b2sum -l 256 "$S/statement.json" | cut -d' ' -f1)" = "$STMT1" ] \
  && ok "b2sum -l 256 of statement.json is the statement digest" || not_ok "b2sum -l 256 of statement.json is the statement digest"
[ "$(jq -r '.format, .record, .signer, .version, .supersedes, .digest_alg' "$S/statement.json" | tr '\n' ' ')" \
  = "sillok-statement/1 $ID $KEYID 1 null blake2b-256 " ] && ok "the statement names format, record, signer, version, no supersedes" \
  || not_ok "the statement's members" "$(cat "$S/statement.json")"
[ "$(jq -r .template "$S/statement.json")" = "$(jq -r .template "$WORK/sealed.json")" ] \
  && ok "…and the template digest" || not_ok "…and the template digest"
minisign -Vm "$S/statement.json" -p "$S/$KEYID.pub" 2>&1 | grep -q "Trusted comment: sillok-statement/1 record=$ID version=1" \
  && ok "the trusted comment names record and version" || not_ok "the trusted comment names record and version"
cp "$S/statement.json" "$WORK/tampered.json"
sed -i 's/"version":1/"version":2/' "$WORK/tampered.json"
if minisign -Vm "$WORK/tampered.json" -x "$S/statement.json.minisig" -p "$S/$KEYID.pub" >/dev/null 2>&1; then
  not_ok "minisign rejects a changed statement"
else
  ok "minisign rejects a changed statement"
fi

n_digests=$(jq '.disclosures | length' "$S/statement.json")
n_disclosures=$(jq 'length' "$S/disclosures.json")
[ $((n_digests % 16)) -eq 0 ] && [ "$n_digests" -ge "$n_disclosures" ] \
  && ok "the statement holds $n_digests digests, a multiple of 16, for $n_disclosures disclosures" \
  || not_ok "digests are padded to a multiple of 16" "$n_digests digests, $n_disclosures disclosures"
jq -r '.disclosures[]' "$S/statement.json" | sort >"$WORK/digests"
[ "$(sort -u "$WORK/digests" | wc -l)" -eq "$n_digests" ] && ok "…all different" || not_ok "…all different"
missing=0
: >"$WORK/decoded.jsonl"
while IFS= read -r D; do
  d=$(printf %s "$D" | b2sum -l 256 | cut -d' ' -f1)
  grep -qx "$d" "$WORK/digests" || missing=$((missing + 1))
  unbase64url "$D" >>"$WORK/decoded.jsonl"
  echo >>"$WORK/decoded.jsonl"
done < <(jq -r '.[]' "$S/disclosures.json")
[ "$missing" -eq 0 ] && ok "every disclosure's b2sum -l 256 is in the statement ($n_disclosures)" \
  || not_ok "every disclosure's b2sum -l 256 is in the statement" "$missing missing"
jq -s '.' "$WORK/decoded.jsonl" >"$WORK/decoded.json" 2>/dev/null \
  && ok "every disclosure decodes to JSON" || not_ok "every disclosure decodes to JSON"
[ "$(jq '[.[] | select(length == 3 and (.[0] | test("^[A-Za-z0-9_-]{22}$")))] | length' "$WORK/decoded.json")" -eq "$n_disclosures" ] \
  && ok "…each [salt, name, value] with a 16-byte base64url salt" || not_ok "…each [salt, name, value]"
[ "$(jq '[.[][0]] | unique | length' "$WORK/decoded.json")" -eq "$n_disclosures" ] \
  && ok "…every salt fresh" || not_ok "…every salt fresh"

# disclosed NAME: the value disclosed under NAME, as compact JSON.
disclosed () {
  jq -c --arg n "$1" '[.[] | select(.[1] == $n) | .[2]] | if length == 1 then .[0] else "count \(length)" end' "$WORK/decoded.json"
}
bad=()
for p in "${PATHS[@]}"; do
  [ "$(disclosed "$p")" = "${JSONV[$p]}" ] || bad+=("$p: $(disclosed "$p")")
done
[ ${#bad[@]} -eq 0 ] && ok "every value is disclosed exactly, under its path" || not_ok "every value is disclosed exactly" "${bad[@]}"
[ "$(disclosed 'interviewee.birth_date@anon')" = '"1975-1979"' ] && ok "birth_date@anon is a band of 5 years" \
  || not_ok "birth_date@anon is a band of years" "$(disclosed 'interviewee.birth_date@anon')"
[ "$(disclosed 'interview.date@anon')" = '"2024-05"' ] && ok "interview.date@anon is year-month" \
  || not_ok "interview.date@anon is year-month" "$(disclosed 'interview.date@anon')"
[ "$(disclosed 'episodes[0].to@anon')" = '"2003"' ] && ok "episodes[0].to@anon is the year" \
  || not_ok "episodes[0].to@anon is the year" "$(disclosed 'episodes[0].to@anon')"
[ "$(disclosed 'interviewee.left_dprk@anon')" = '"2012"' ] && ok "left_dprk@anon is the year" \
  || not_ok "left_dprk@anon is the year" "$(disclosed 'interviewee.left_dprk@anon')"
[ "$(disclosed 'interview.city@anon')" = '"count 0"' ] && ok "interview.city has no @anon form (suppressed)" \
  || not_ok "interview.city has no @anon form" "$(disclosed 'interview.city@anon')"
[ "$(disclosed 'interviewee.name@anon')" = '"count 0"' ] && ok "interviewee.name has no @anon form" \
  || not_ok "interviewee.name has no @anon form" "$(disclosed 'interviewee.name@anon')"
[ "$(disclosed '$sealed_at')" = "$(jq -c .sealed_at "$WORK/sealed.json")" ] && ok "\$sealed_at is the sealing time" \
  || not_ok "\$sealed_at is the sealing time" "$(disclosed '$sealed_at')"
[ "$(disclosed '$sealed_at@anon')" = "$(jq -c '.sealed_at[0:7]' "$WORK/sealed.json")" ] && ok "\$sealed_at@anon is year-month" \
  || not_ok "\$sealed_at@anon is year-month" "$(disclosed '$sealed_at@anon')"
[ "$(disclosed '$consent')" = '["given","share_coordinators","quote_anonymously","recontact"]' ] \
  && ok "\$consent lists what was granted" || not_ok "\$consent lists what was granted" "$(disclosed '$consent')"
[[ "$(disclosed '$pseudonym')" =~ ^\"[0-9a-f]{64}\"$ ]] && ok "\$pseudonym is 64 hex" \
  || not_ok "\$pseudonym is 64 hex" "$(disclosed '$pseudonym')"
[ "$(disclosed '$reason')" = '"count 0"' ] && ok "version 1 has no \$reason" || not_ok "version 1 has no \$reason"
[ "$(jq -c '.[0] | {b2, size, name, media_type}' <<<"$(disclosed '$attachment[0]' | jq -s .)")" \
  = "$(jq -c '.attachments[0] | {b2, size, name, media_type}' "$WORK/sealed.json")" ] \
  && ok "\$attachment[0] names, sizes and hashes the .ogg" || not_ok "\$attachment[0]" "$(disclosed '$attachment[0]')"

# --- the redacted narrative -------------------------------------------------------
ANON=$(jq -r '.[] | select(.[1] == "episodes[0].narrative@anon") | .[2]' "$WORK/decoded.json")
expect_in "$ANON" "[삭제됨]" "the narrative's @anon form carries [삭제됨]"
expect_in "$ANON" "광산에서 일할 때" "…and keeps the rest of the account"
# Compared without case, spaces, hyphens and dots.
squash () {
  printf '%s' "$1" | tr -d ' .\n-' | tr '[:upper:]' '[:lower:]'
}
anon_squashed=$(squash "$ANON")
leaks=()
for needle in "$NAME" "철수" "$ALIAS_KO" "$ALIAS_LATIN" "Kim" "Cholsu" "$COUNTY" "회령" "$PHONE" "1023456789" "$MAIL" \
              "$PERP1" "영호" "$PERP2_KO" "명길" "$PERP2_LATIN" "Myonggil"; do
  case "$anon_squashed" in *"$(squash "$needle")"*) leaks+=("$needle") ;; esac
done
[ ${#leaks[@]} -eq 0 ] \
  && ok "the redacted narrative holds no name, alias, home county, contact or perpetrator, in any case or spacing" \
  || not_ok "the redacted narrative leaks identifying words" "${leaks[@]}" "$ANON"
ANON_ACTS=$(jq -r '.[] | select(.[1] == "perpetrators[0].acts@anon") | .[2]' "$WORK/decoded.json")
case "$ANON_ACTS" in *"$PERP1"*|"") not_ok "perpetrators[0].acts@anon leaves out the perpetrator's name" "$ANON_ACTS" ;;
  *) ok "perpetrators[0].acts@anon leaves out the perpetrator's name" ;; esac

# --- edits after sealing, amendment ------------------------------------------------
rc 6 "record set on a sealed version is refused (exit 6)" record set "$ID" "episodes[0].food=바뀐 값"
expect_in "$ERR" "sealed" "…saying it is sealed"
rc 6 "attach to a sealed version is refused" attach "$ID" "$WORK/notes.txt"
rc 2 "record amend without --reason is a usage error" record amend "$ID"
rc 1 "record amend with an empty reason is rejected" record amend "$ID" --reason "  "
rc 0 "record amend of the second record" record amend "$ID2" --reason "동의 내용 확인"
rc 6 "record amend of a draft is refused (exit 6)" record amend "$ID2" --reason "again"
expect_in "$ERR" "draft" "…saying it is a draft"
REASON="면담자가 날짜를 잘못 적음 — wrong date"
rc 0 "record amend --reason" record amend "$ID" --reason "$REASON"
expect_in "$OUT" "version 2" "…opens version 2"
rc 0 "record show after amend" record show "$ID" --json
printf '%s\n' "$OUT" >"$WORK/v2.json"
[ "$(jq -r '.status, .version, .latest, .reason, .supersedes' "$WORK/v2.json" | tr '\n' '|')" \
  = "draft|2|2|$REASON|$STMT1|" ] && ok "version 2 is a draft with the reason, superseding version 1" \
  || not_ok "version 2 is a draft with the reason" "$(jq -c '{status,version,latest,reason,supersedes}' "$WORK/v2.json")"
compare_values "$WORK/v2.json" "version 2 starts with every value of version 1"
[ "$(jq '.attachments | length' "$WORK/v2.json")" -eq 4 ] && ok "…and its attachments" || not_ok "…and its attachments"
rc 0 "record set on the amended draft" record set "$ID" "interview.date=2024-05-04" "episodes[1].food=감자 두 알"
rc 0 "record seal of version 2" record seal "$ID"
rc 0 "record show --version 1 still shows the first version" record show "$ID" --version 1 --json
[ "$(jq -r '.values["interview.date"], .status, .version, .statement' <<<"$OUT" | tr '\n' ' ')" = "2024-05-03 sealed 1 $STMT1 " ] \
  && ok "…unchanged" || not_ok "…unchanged" "$OUT"
rc 0 "record show of version 2" record show "$ID" --json
[ "$(jq -r '.values["interview.date"], .values["episodes[1].food"], .status, .version' <<<"$OUT" | tr '\n' '|')" \
  = "2024-05-04|감자 두 알|sealed|2|" ] && ok "version 2 is sealed with the new values" || not_ok "version 2 is sealed with the new values" "$OUT"
STMT2=$(jq -r .statement <<<"$OUT")
S2="$WORK/statement2"
rc 0 "record statement of version 2" record statement "$ID" --out "$S2"
check "minisign verifies version 2" minisign -Vm "$S2/statement.json" -p "$S2/$KEYID.pub"
[ "$(jq -r '.supersedes, .version' "$S2/statement.json" | tr '\n' ' ')" = "$STMT1 2 " ] \
  && ok "version 2's statement supersedes version 1's digest" || not_ok "version 2 supersedes version 1" "$(cat "$S2/statement.json")"
[ "$(b2sum -l 256 "$S2/statement.json" | cut -d' ' -f1)" = "$STMT2" ] && ok "…and its own digest is the one shown" \
  || not_ok "…and its own digest is the one shown"
reason_found=0
while IFS= read -r D; do
  [ "$(unbase64url "$D" | jq -r 'select(.[1] == "$reason") | .[2]')" = "$REASON" ] && reason_found=1
done < <(jq -r '.[]' "$S2/disclosures.json")
[ "$reason_found" -eq 1 ] && ok "version 2 discloses the reason as \$reason" || not_ok "version 2 discloses the reason"
rc 0 "record statement --version 1" record statement "$ID" --version 1 --out "$WORK/statement1b"
cmp -s "$S/statement.json" "$WORK/statement1b/statement.json" && ok "…is the same statement as before" \
  || not_ok "…is the same statement as before"

rc 0 "audit" audit "$ID"
actions=$(awk '/^ *[0-9]+ /{print $2 "/" $3}' <<<"$OUT" | tr '\n' ' ')
[ "$actions" = "created/v1 sealed/v1 amended/v2 sealed/v2 " ] && ok "audit shows created, sealed, amended, sealed" \
  || not_ok "audit shows created, sealed, amended, sealed" "$OUT"
expect_in "$OUT" "intact" "…and says the chain is intact"
expect_in "$OUT" "$KEYID" "…naming the actor"
rc 1 "audit of an unknown record" audit 00000000-0000-4000-8000-000000000000

# --- search ----------------------------------------------------------------------------
rc 0 "a third record" record new --template forced-labour --set "episodes[0].narrative=Worked at the Komdok zinc site; 폐금광에서 배급은 없었다." \
  --set "episodes[0].site=직동청년탄광 부근"
ID3=$(head -n1 <<<"$OUT")
# search TERM: the record ids found, sorted, on one line.
search () {
  quiet record list --search "$1" --json | jq -r '.[].record' | sort | tr '\n' ' '
}
sorted () {
  printf '%s\n' "$@" | sort | tr '\n' ' '
}
[ "$(search 광산)" = "$(sorted "$ID")" ] && ok "search 광산 finds the narrative with 광산에서 (and only it)" \
  || not_ok "search 광산" "$(search 광산)"
[ "$(search 금광)" = "$(sorted "$ID3")" ] && ok "search 금광 finds it inside 폐금광에서" \
  || not_ok "search 금광 inside a compound" "$(search 금광)"
[ "$(search 탄광)" = "$(sorted "$ID" "$ID2" "$ID3")" ] && ok "search 탄광 finds a word, a gazetteer name and free text" \
  || not_ok "search 탄광" "$(search 탄광)"
[ "$(search 노동단련대)" = "$(sorted "$ID")" ] && ok "search 노동단련대 finds 노동단련대에서" \
  || not_ok "search 노동단련대" "$(search 노동단련대)"
[ "$(search Komd)" = "$(sorted "$ID3")" ] && ok "a Latin prefix (Komd) finds Komdok" || not_ok "a Latin prefix" "$(search Komd)"
[ "$(search komdok)" = "$(sorted "$ID3")" ] && ok "…in any case" || not_ok "…in any case" "$(search komdok)"
[ "$(search Musa)" = "$(sorted "$ID")" ] && ok "a Latin prefix finds a gazetteer site (Musa → Musan Mine)" \
  || not_ok "a Latin prefix finds a gazetteer site" "$(search Musa)"
[ "$(search 직동)" = "$(sorted "$ID2" "$ID3")" ] && ok "search 직동 finds the gazetteer's Korean name and free text" \
  || not_ok "search 직동" "$(search 직동)"
[ "$(search "광산 Logging")" = "$(sorted "$ID")" ] && ok "two words found in different values of one record" \
  || not_ok "two words in different values of one record" "$(search "광산 Logging")"
[ -z "$(search "광산 Komdok")" ] && ok "…but not when each is in another record" \
  || not_ok "…but not when each is in another record" "$(search "광산 Komdok")"
[ "$(search "Logging winter")" = "$(sorted "$ID")" ] && ok "two Latin words of one narrative" \
  || not_ok "two Latin words of one narrative" "$(search "Logging winter")"
[ -z "$(search Zyxwvut)" ] && ok "nothing for an absent word" || not_ok "nothing for an absent word" "$(search Zyxwvut)"
[ -z "$(search 없는단어)" ] && ok "nothing for an absent Korean word" || not_ok "nothing for an absent Korean word"
[ "$(search '"Komd*')" = "$(sorted "$ID3")" ] && [ "$(search '(komdok) * -')" = "$(sorted "$ID3")" ] \
  && ok "FTS syntax typed by the user is taken as text" \
  || not_ok "FTS syntax typed by the user is taken as text" "$(search '"Komd*')" "$(search '(komdok) * -')"
rc 0 "record list --json" record list --json
n=$(jq 'length' <<<"$OUT" 2>/dev/null)
[ "$n" = 3 ] && ok "record list --json parses with jq and lists 3 records" || not_ok "record list --json" "$OUT"
[ "$(jq -r --arg id "$ID" '.[] | select(.record == $id) | "\(.status) \(.version) \(.template)"' <<<"$OUT")" = "sealed 2 forced-labour" ] \
  && ok "…the amended record as sealed version 2" || not_ok "…the amended record as sealed version 2" "$OUT"
[ "$(jq -r '.[0].record' <<<"$OUT")" = "$ID3" ] && ok "…most recently changed first" || not_ok "…most recently changed first" "$OUT"
case "$OUT" in *"$NAME"*) not_ok "the list does not show the interviewee's name" ;; *) ok "the list does not show the interviewee's name" ;; esac
rc 0 "record list as text" record list
[ "$(wc -l <<<"$OUT")" -eq 3 ] && ok "…one line per record" || not_ok "…one line per record" "$OUT"

# --- bad input -------------------------------------------------------------------------------
rc 1 "an unknown path is rejected" record set "$ID3" "interview.nope=1"
expect_in "$ERR" "interview.nope" "…naming the path"
rc 1 "an unknown section is rejected" record set "$ID3" "family[0].name=x"
expect_in "$ERR" "family[0].name" "…naming the path"
rc 1 "a bad choice code is rejected" record set "$ID3" "interviewee.sex=alien"
expect_in "$ERR" "interviewee.sex" "…naming the path"
expect_in "$ERR" "alien" "…and the code"
rc 1 "a bad multichoice code is rejected" record set "$ID3" "episodes[0].ilo_indicators=violence,flying"
expect_in "$ERR" "episodes[0].ilo_indicators" "…naming the path"
rc 1 "a bad date is rejected" record set "$ID3" "interview.date=2024-13-01"
expect_in "$ERR" "interview.date" "…naming the path"
rc 1 "February 30 is rejected" record set "$ID3" "interviewee.birth_date=1980-02-30"
expect_in "$ERR" "interviewee.birth_date" "…naming the path"
rc 1 "a non-number is rejected" record set "$ID3" "episodes[0].hours_per_day=twelve"
expect_in "$ERR" "episodes[0].hours_per_day" "…naming the path"
rc 1 "a bad boolean is rejected" record set "$ID3" "consent.given=yes"
expect_in "$ERR" "consent.given" "…naming the path"
rc 1 "a line break in a one-line field is rejected" record set "$ID3" $'interviewee.name=김\n철수'
expect_in "$ERR" "interviewee.name" "…naming the path"
rc 1 "a gap in a repeating section is rejected" record set "$ID3" "episodes[2].food=쌀"
expect_in "$ERR" "episodes[2].food" "…naming the path"
expect_in "$ERR" "episodes[1]" "…and the next free entry"
rc 1 "an assignment without = is rejected" record set "$ID3" "interview.date"
before=$(quiet record show "$ID3" --json)
rc 1 "one bad value refuses the whole command" record set "$ID3" "interview.city=부산" "interviewee.sex=alien"
[ "$(quiet record show "$ID3" --json)" = "$before" ] && ok "…and nothing of it is stored" || not_ok "…and nothing of it is stored"
rc 1 "record set of an unknown record" record set 00000000-0000-4000-8000-000000000000 "interview.city=x"
rc 2 "record set without a value" record set "$ID3"
rc 1 "record new with an unknown template" record new --template no-such-template
expect_in "$ERR" "no-such-template" "…naming it"
rc 2 "record new without --template" record new

cat >"$WORK/values.json" <<'EOF'
{"interview.city":"부산","interview.interpreter":true,"episodes[0].hours_per_day":16,
 "episodes[0].ilo_indicators":["isolation","debt"],"episodes[0].site":["musan-mine","Musan Mine","무산광산"],
 "episodes[1].food":"강냉이밥","interviewee.birth_date":"1980-02"}
EOF
rc 0 "record new --from-json" record new --template forced-labour --from-json "$WORK/values.json"
ID4=$(head -n1 <<<"$OUT")
rc 0 "…shows the values" record show "$ID4" --json
[ "$(jq -cS .values <<<"$OUT")" = "$(jq -cS . "$WORK/values.json")" ] && ok "…every value of the JSON file is stored" \
  || not_ok "…every value of the JSON file is stored" "$(jq -c .values <<<"$OUT")"
printf '{"interviewee.sex":"alien"}' >"$WORK/bad-values.json"
rc 1 "--from-json with a bad value is rejected" record new --template forced-labour --from-json "$WORK/bad-values.json"
expect_in "$ERR" "interviewee.sex" "…naming the path"
printf '["interview.city"]' >"$WORK/not-object.json"
rc 1 "--from-json with an array is rejected" record new --template forced-labour --from-json "$WORK/not-object.json"
printf '{"episodes[0].hours_per_day":1.5}' >"$WORK/float.json"
rc 1 "--from-json with a float is rejected" record new --template forced-labour --from-json "$WORK/float.json"
printf '{"interview.city":' >"$WORK/truncated.json"
rc 1 "--from-json with truncated JSON is rejected" record new --template forced-labour --from-json "$WORK/truncated.json"
expect_in "$ERR" "truncated.json" "…naming the file"
rc 5 "--from-json with a missing file is an I/O error" record new --template forced-labour --from-json "$WORK/absent.json"

# --- the whole vault -------------------------------------------------------------------------
rc 0 "check passes" check
expect_in "$OUT" "No problem found" "…and says so"
n_att=$(sed -n 's/.* \([0-9][0-9]*\) attachments\..*/\1/p' <<<"$OUT")
[ "${n_att:-0}" -ge 4 ] && ok "check reports the attachments ($n_att)" || not_ok "check reports the attachments" "$OUT"
expect_in "$OUT" "sealed versions" "…and the sealed versions"

finish
