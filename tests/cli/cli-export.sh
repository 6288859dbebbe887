#!/bin/bash
# cli-export.sh: sillok-cli export and recipients — what leaves an anonymized
# bundle, consent, k-anonymity, refusals and their exit codes, interruptions
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

for program in age age-keygen tar jq basenc iconv; do
  if ! require_program "$program"; then
    skip "sillok-cli export" "$program is not installed"
    finish
  fi
done

V="$WORK/vault"
B="$WORK/bundles"
PASS="export 수출 passphrase"
mkdir -p "$B"

cli () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

new_record () {
  cli record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true "$@"
}

seal () {
  cli record seal "$1" >/dev/null
}

unbase64url () {
  local s=$1
  while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done
  printf '%s' "$s" | basenc --base64url -d
}

# Decrypts and unpacks a bundle into a folder, with every disclosure it
# carries decoded into decoded.jsonl there (for the searches below).
open_bundle () {
  local bundle=$1 dir=$2 d
  mkdir -p "$dir"
  age -d -i "$WORK/key.txt" -o "$dir.tar" "$bundle" && tar -xf "$dir.tar" -C "$dir" || return 1
  for d in $(jq -r '.[]' "$dir"/records/*/*/disclosures.json); do
    unbase64url "$d"
    echo
  done >"$dir/decoded.jsonl"
}

audit_exports () {
  cli audit "$1" | grep -c ' exported '
}

no_bundle_files () {
  [ -z "$(ls -A "$B")" ]
}

run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "Export 면담자" --kdf "$KDF" 3<<<"$PASS"
RECIPIENT=$(cli identity --age-recipient)
cli identity --export-age-identity "$WORK/key.txt" >/dev/null

# --- records full of identifying values ------------------------------------------
R1=$(new_record --set interview.date=2026-03-14 --set interview.city="Yanji City" --set interview.language=ko \
       --set interviewee.name="박영철" --set interviewee.aliases="Hammer Pak" \
       --set interviewee.home_county="온성군 남양리" --set consent.contact="+82 10 5555 0199" \
       --set interviewee.birth_date=1978-04-12 --set interviewee.sex=male --set interviewee.songbun=hostile \
       --set interviewee.home_province=north-hamgyong --set interviewee.occupation="선반공" \
       --set interviewee.left_dprk=2010-07 \
       --set interviewee.family_affected="My brother Pak Yong-su was sent to Camp 16" \
       --set 'episodes[0].site=kwanliso-16-hwasong' --set 'episodes[0].from=1995-05-01' \
       --set 'episodes[0].narrative=박영철이 온성군 남양리에서 왔다. 조철만이 Yanji City 근처에서 그를 때렸다.' \
       --set 'perpetrators[0].name=조철만' --set 'perpetrators[0].unit=Guard unit 3' \
       --set 'perpetrators[0].acts=조철만 beat prisoners daily.' \
       --set assessment.credibility="Interviewer trusts Hammer Pak fully")
R2=$(new_record --set interview.date=2026-03-20 --set interview.city="Dandong City" --set interview.language=en \
       --set interviewee.name="Pak Yong-chol" --set interviewee.aliases="Comrade Hammerhead" \
       --set interviewee.home_county="Kyongsong County" --set consent.contact="kim.sunhui@example.org" \
       --set interviewee.birth_date=1977-01-02 --set interviewee.sex=male --set interviewee.songbun=hostile \
       --set interviewee.home_province=north-hamgyong --set interviewee.occupation="lathe operator" \
       --set interviewee.left_dprk=2010-02 \
       --set 'episodes[0].site=Shaft seven' --set 'episodes[0].from=1996' \
       --set 'episodes[0].narrative=Pak Yong-chol, called Comrade Hammerhead, came from Kyongsong County. Jang Chol-man kicked him. He was a lathe operator.' \
       --set 'perpetrators[0].name=Jang Chol-man' --set 'perpetrators[0].rank=Sergeant')
R3=$(new_record --set interview.date=2026-03-02 --set interviewee.name="리명수" \
       --set interviewee.aliases="Old Ri" --set consent.contact="Telegram @ryms77" \
       --set interviewee.birth_date=1979-12-30 --set interviewee.sex=male --set interviewee.songbun=hostile \
       --set interviewee.home_province=north-hamgyong --set interviewee.left_dprk=2010-11)
printf 'VOICE-OF-PAK-YONG-CHOL-0001' >"$WORK/pak-yong-chol-voice.ogg"
cli attach "$R1" "$WORK/pak-yong-chol-voice.ogg" >/dev/null
printf 'a sketch of shaft seven' >"$WORK/map.txt"
cli attach "$R2" "$WORK/map.txt" --sensitivity open >/dev/null
printf 'PHOTO-OF-THE-FAMILY-0002' >"$WORK/family.jpg"
cli attach "$R2" "$WORK/family.jpg" --sensitivity legal >/dev/null
for r in "$R1" "$R2" "$R3"; do seal "$r"; done
check "three sealed records full of identifying values" test -n "$R3"

run_cli 0 "export --all-sealed, anonymized" --vault "$V" --passphrase-fd 3 export --out "$B/anon.sillok" \
  --all-sealed --recipient "$RECIPIENT" 3<<<"$PASS"
expect_in "$OUT" "k_min:       3 (threshold 3)" "…k_min is printed"
expect_in "$OUT" "Exported:    $R1" "…the records exported are named"
check "…and the bundle opens" open_bundle "$B/anon.sillok" "$WORK/anon"

identifying=(
  "박영철" "Pak Yong-chol" "리명수" "Hammer Pak" "Comrade Hammerhead" "Old Ri" "온성군 남양리" "남양리"
  "Kyongsong County" "+82 10 5555 0199" "kim.sunhui@example.org" "Telegram @ryms77"
  "1978-04-12" "1977-01-02" "1979-12-30" "2026-03-14" "2026-03-20" "2026-03-02" "2010-07" "2010-02" "2010-11"
  "1995-05-01" "조철만" "Jang Chol-man" "선반공" "lathe operator" "Yanji City" "Dandong City"
  "My brother Pak Yong-su" "Interviewer trusts" "pak-yong-chol-voice" "VOICE-OF-PAK-YONG-CHOL"
  "PHOTO-OF-THE-FAMILY" "family.jpg"
)
for value in "${identifying[@]}"; do
  hits=$(count_plaintext_hits "$WORK/anon" "$value")
  tar_hits=$(count_plaintext_hits "$WORK/anon.tar" "$value")
  if [ "$hits" -eq 0 ] && [ "$tar_hits" -eq 0 ]; then
    ok "“$value” appears nowhere in the bundle (UTF-8 or UTF-16, disclosures decoded)"
  else
    not_ok "“$value” appears nowhere in the bundle" "found in $hits files and $tar_hits times in the tar"
  fi
done

names=$(jq -r '.[1]' "$WORK/anon/decoded.jsonl" | sort -u)
exact_quasi=$(grep -E '^(interview\.(date|city)|interviewee\.(birth_date|sex|songbun|home_province|occupation|left_dprk)|episodes\[[0-9]+\]\.(from|to))$' <<<"$names")
check "no quasi-identifier leaves exact" test -z "$exact_quasi"
withheld=$(grep -E '^(consent\.contact|interviewee\.(name|aliases|home_county|family_affected)|perpetrators\[[0-9]+\]\.name|assessment\..*|\$sealed_at|\$reason)$' <<<"$names")
check "no identifying or legal value, exact time or reason leaves" test -z "$withheld"
narratives=$(grep -E '^(episodes\[[0-9]+\]\.(narrative|punishments|injuries_deaths)|perpetrators\[[0-9]+\]\.acts)$' <<<"$names")
check "narratives leave only redacted (@anon)" test -z "$narratives"
anon_values () {
  jq -r --arg n "$1" 'select(.[1] == $n) | .[2]' "$WORK/anon/decoded.jsonl" | sort -u | tr '\n' ' '
}
check "birth dates leave as 5-year bands" test "$(anon_values interviewee.birth_date@anon)" = "1975-1979 "
check "interview dates leave as year and month" test "$(anon_values interview.date@anon)" = "2026-03 "
check "departures leave as years" test "$(anon_values interviewee.left_dprk@anon)" = "2010 "
check "episode starts leave as years" test "$(anon_values 'episodes[0].from@anon')" = "1995 1996 "
check "home provinces leave as province codes" test "$(anon_values interviewee.home_province@anon)" = "north-hamgyong "
expect_in "$(anon_values 'episodes[0].narrative@anon')" "[삭제됨]" "narratives carry the redaction mark"
check "the open attachment travels, the identifying and legal ones do not" \
  test "$(ls "$WORK/anon/attachments")" = "$(b2sum "$WORK/map.txt" | cut -d' ' -f1)"
check "every record carries a pseudonym" test "$(grep -c '"\$pseudonym"' "$WORK/anon/decoded.jsonl")" -eq 3

# --- the same records, legal -------------------------------------------------------
run_cli 6 "legal export without the legal consent is refused" --vault "$V" --passphrase-fd 3 export \
  --out "$B/legal.sillok" --all-sealed --profile legal --recipient "$RECIPIENT" 3<<<"$PASS"
expect_in "$ERR" "legal team" "…saying what consent is missing"
check "…and writes nothing" test ! -e "$B/legal.sillok" -a ! -e "$B/legal.sillok.part"

# --- consent, k-anonymity, drafts ----------------------------------------------------
C1=$(new_record --set consent.share_coordinators=false --set interview.date=2026-03-14)
seal "$C1"
K1=$(new_record --set interview.date=2026-04-01 --set interviewee.birth_date=1950)
seal "$K1"
D1=$(new_record --set interview.date=2026-03-14)
rm -f "$B/anon.sillok"

run_cli 6 "a record without consent to share is refused (exit 6)" --vault "$V" --passphrase-fd 3 export \
  --out "$B/c.sillok" --record "$C1" --recipient "$RECIPIENT" 3<<<"$PASS"
expect_in "$ERR" "$C1" "…naming it"
expect_in "$ERR" "consent" "…and why"
check "…and writes nothing" no_bundle_files

run_cli 0 "with others it is left out and named" --vault "$V" --passphrase-fd 3 export --out "$B/c.sillok" \
  --record "$R1" --record "$R2" --record "$R3" --record "$C1" --recipient "$RECIPIENT" 3<<<"$PASS"
expect_in "$OUT" "Left out:    $C1: the witness did not consent to sharing with coordinators" "…with why"
check "…and stays out of the bundle" open_bundle "$B/c.sillok" "$WORK/c"
check "…its files absent" test ! -e "$WORK/c/records/$C1" -a ! -e "$WORK/c/audit/$C1.jsonl"
check "…and its audit trail has no export" test "$(audit_exports "$C1")" -eq 0
rm -f "$B/c.sillok"

before=$(audit_exports "$K1")
run_cli 6 "a record alone in its quasi-identifier group is refused (exit 6)" --vault "$V" --passphrase-fd 3 export \
  --out "$B/k.sillok" --record "$K1" --recipient "$RECIPIENT" 3<<<"$PASS"
expect_in "$ERR" "k-anonymity" "…naming k-anonymity"
check "…writing nothing" no_bundle_files
check "…and leaving the audit trail alone" test "$(audit_exports "$K1")" -eq "$before"
run_cli 2 "an empty override reason is a usage error" --vault "$V" --passphrase-fd 3 export --out "$B/k.sillok" \
  --record "$K1" --recipient "$RECIPIENT" --override-k " " 3<<<"$PASS"
run_cli 0 "--override-k REASON exports it" --vault "$V" --passphrase-fd 3 export --out "$B/k.sillok" \
  --record "$K1" --recipient "$RECIPIENT" --override-k "the court asked for this witness" 3<<<"$PASS"
expect_in "$OUT" "exported for this reason: the court asked for this witness" "…and says so"
check "…the bundle opens" open_bundle "$B/k.sillok" "$WORK/k"
check "…its manifest keeps the reason" \
  test "$(jq -r .anonymity.override "$WORK/k/manifest.json")" = "the court asked for this witness"
check "…and names the record below the threshold" \
  test "$(jq -c .anonymity.below "$WORK/k/manifest.json")" = "[\"$K1\"]" -a "$(jq .anonymity.k_min "$WORK/k/manifest.json")" = 1
check "…the audit trail records the export with the bundle id" \
  test "$(cli audit "$K1" | grep ' exported ' | awk '{ print $NF }')" = "$(jq -r .bundle "$WORK/k/manifest.json")"
rm -f "$B/k.sillok"

run_cli 6 "a record never sealed is refused (exit 6)" --vault "$V" --passphrase-fd 3 export --out "$B/d.sillok" \
  --record "$D1" --record "$R1" --recipient "$RECIPIENT" 3<<<"$PASS"
expect_in "$ERR" "$D1" "…naming it"
check "…and writes nothing" no_bundle_files
run_cli 1 "an unknown record is rejected (exit 1)" --vault "$V" --passphrase-fd 3 export --out "$B/d.sillok" \
  --record 00000000-0000-4000-8000-000000000000 --recipient "$RECIPIENT" 3<<<"$PASS"

# --- usage errors ------------------------------------------------------------------------
run_cli 2 "export needs --out" --vault "$V" --passphrase-fd 3 export --all-sealed --recipient "$RECIPIENT" 3<<<"$PASS"
run_cli 2 "export needs records" --vault "$V" --passphrase-fd 3 export --out "$B/u.sillok" 3<<<"$PASS"
run_cli 2 "an unknown profile" --vault "$V" --passphrase-fd 3 export --out "$B/u.sillok" --all-sealed \
  --profile public --recipient "$RECIPIENT" 3<<<"$PASS"
run_cli 2 "a malformed recipient string (exit 2)" --vault "$V" --passphrase-fd 3 export --out "$B/u.sillok" \
  --record "$R1" --recipient age1notarecipient 3<<<"$PASS"
expect_in "$ERR" "age1notarecipient" "…naming it"
run_cli 2 "an unknown recipient name (exit 2)" --vault "$V" --passphrase-fd 3 export --out "$B/u.sillok" \
  --record "$R1" --recipient "Nobody" 3<<<"$PASS"
run_cli 2 "no recipient and none in the vault (exit 2)" --vault "$V" --passphrase-fd 3 export --out "$B/u.sillok" \
  --record "$R1" 3<<<"$PASS"
run_cli 2 "recipients and a passphrase together" --vault "$V" --passphrase-fd 3 export --out "$B/u.sillok" \
  --record "$R1" --recipient "$RECIPIENT" --bundle-passphrase-fd 4 3<<<"$PASS" 4<<<"x"
run_cli 2 "an empty bundle passphrase" --vault "$V" --passphrase-fd 3 export --out "$B/u.sillok" \
  --record "$R1" --bundle-passphrase-fd 4 3<<<"$PASS" 4<<<""
check "none of them wrote anything" no_bundle_files
printf 'keep me' >"$B/taken.sillok"
run_cli 5 "an existing file is never overwritten (exit 5)" --vault "$V" --passphrase-fd 3 export \
  --out "$B/taken.sillok" --all-sealed --recipient "$RECIPIENT" 3<<<"$PASS"
expect_in "$ERR" "already exists" "…saying so"
check "…and it is unchanged" test "$(cat "$B/taken.sillok")" = "keep me"
rm -f "$B/taken.sillok"

# --- recipients ---------------------------------------------------------------------------
age-keygen -o "$WORK/office.txt" 2>/dev/null
age-keygen -o "$WORK/second.txt" 2>/dev/null
OFFICE=$(age-keygen -y "$WORK/office.txt")
run_cli 0 "recipients list of a new vault" --vault "$V" --passphrase-fd 3 recipients list 3<<<"$PASS"
check "…is empty" test -z "$OUT"
run_cli 0 "recipients add" --vault "$V" --passphrase-fd 3 recipients add "Seoul office 서울" "$OFFICE" 3<<<"$PASS"
run_cli 0 "recipients add a second" --vault "$V" --passphrase-fd 3 recipients add Geneva \
  "$(age-keygen -y "$WORK/second.txt")" 3<<<"$PASS"
run_cli 1 "the same name twice is rejected" --vault "$V" --passphrase-fd 3 recipients add Geneva "$RECIPIENT" 3<<<"$PASS"
run_cli 1 "the same recipient twice is rejected" --vault "$V" --passphrase-fd 3 recipients add Other "$OFFICE" 3<<<"$PASS"
run_cli 2 "a malformed recipient is a usage error" --vault "$V" --passphrase-fd 3 recipients add Bad age1xyz 3<<<"$PASS"
run_cli 2 "recipients add needs two arguments" --vault "$V" --passphrase-fd 3 recipients add Lonely 3<<<"$PASS"
run_cli 0 "recipients list" --vault "$V" --passphrase-fd 3 recipients list 3<<<"$PASS"
expect_in "$OUT" "$OFFICE  Seoul office 서울" "…shows recipient and name"
run_cli 0 "export without --recipient goes to the vault's recipients" --vault "$V" --passphrase-fd 3 export \
  --out "$B/r.sillok" --record "$R1" --record "$R2" --record "$R3" 3<<<"$PASS"
check "…one stanza each" test "$(head -c 600 "$B/r.sillok" | grep -c '^-> X25519 ')" -eq 2
check "…which age -d -i opens with each identity" \
  bash -c "age -d -i '$WORK/office.txt' '$B/r.sillok' | cmp - <(age -d -i '$WORK/second.txt' '$B/r.sillok')"
run_cli 0 "a recipient named on the command line" --vault "$V" --passphrase-fd 3 export --out "$B/r2.sillok" \
  --record "$R1" --record "$R2" --record "$R3" --recipient Geneva 3<<<"$PASS"
check "…is the only one" test "$(head -c 600 "$B/r2.sillok" | grep -c '^-> X25519 ')" -eq 1
run_cli 0 "recipients remove" --vault "$V" --passphrase-fd 3 recipients remove Geneva 3<<<"$PASS"
run_cli 1 "removing an unknown name is rejected" --vault "$V" --passphrase-fd 3 recipients remove Geneva 3<<<"$PASS"
rm -f "$B"/*.sillok

# --- interruptions ------------------------------------------------------------------------
BIG=$(new_record --set interview.date=2026-03-14)
head -c $((96 * 1024 * 1024)) /dev/urandom >"$WORK/big.bin"
cli attach "$BIG" "$WORK/big.bin" --sensitivity open >/dev/null
seal "$BIG"
rm -f "$WORK/big.bin"
exports_before=$(audit_exports "$BIG")

# Killed while writing: watch for the bundle file being open, then SIGKILL.
"$CLI" --vault "$V" --passphrase-fd 3 export --out "$B/killed.sillok" --record "$BIG" --recipient "$RECIPIENT" \
  --override-k "large file" 3<<<"$PASS" >/dev/null 2>&1 &
pid=$!
seen=0
for _ in $(seq 1 2000); do
  if ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF " $B/"; then
    seen=1
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.005
done
kill -KILL "$pid" 2>/dev/null
wait "$pid"
rc=$?
check "the export was killed while it wrote the bundle" test "$seen" = 1 -a "$rc" = 137
check "…leaving no .sillok and no .part" no_bundle_files
check "…and no export in the audit trail" test "$(audit_exports "$BIG")" -eq "$exports_before"
run_cli 0 "…check passes" --vault "$V" --passphrase-fd 3 check 3<<<"$PASS"

if [ "${SILLOK_FAILPOINTS_BUILT:-0}" = 1 ]; then
  for spec in bundle-write=enospc bundle-write=short bundle-write=eio bundle-before-rename=eio \
              bundle-record=enospc; do
    want=5
    SILLOK_FAILPOINTS=$spec run_cli $want "failpoint $spec: the export fails (exit $want)" --vault "$V" \
      --passphrase-fd 3 export --out "$B/f.sillok" --record "$BIG" --recipient "$RECIPIENT" --override-k x 3<<<"$PASS"
    check "…failpoint $spec leaves no .sillok and no .part" no_bundle_files
    check "…and no export in the audit trail" test "$(audit_exports "$BIG")" -eq "$exports_before"
  done
  expect_in "$ERR" "bundle was removed" "a failed vault update says the bundle was removed"
  for spec in bundle-write=kill bundle-before-rename=kill; do
    SILLOK_FAILPOINTS=$spec run_cli 137 "failpoint $spec kills the export" --vault "$V" --passphrase-fd 3 export \
      --out "$B/f.sillok" --record "$BIG" --recipient "$RECIPIENT" --override-k x 3<<<"$PASS"
    check "…leaving no .sillok and no .part" no_bundle_files
    check "…and no export in the audit trail" test "$(audit_exports "$BIG")" -eq "$exports_before"
  done
  # Killed between the rename and the vault's update: a complete bundle whose
  # export the vault does not record (DECISIONS.md).
  SILLOK_FAILPOINTS=bundle-after-rename=kill run_cli 137 "killed right after the bundle is in place" --vault "$V" \
    --passphrase-fd 3 export --out "$B/f.sillok" --record "$BIG" --recipient "$RECIPIENT" --override-k x 3<<<"$PASS"
  check "…the bundle is complete" open_bundle "$B/f.sillok" "$WORK/f"
  check "…and its B2SUMS holds" bash -c "cd '$WORK/f' && b2sum --check --strict --quiet B2SUMS"
  check "…the vault has no record of it" test "$(audit_exports "$BIG")" -eq "$exports_before"
  check "…and no .part is left" test ! -e "$B/f.sillok.part"
  rm -f "$B/f.sillok"
  run_cli 0 "check passes after the failures" --vault "$V" --passphrase-fd 3 check 3<<<"$PASS"
else
  skip "failpoints of the bundle output" "failpoints are not compiled in (-Dfailpoints=true)"
fi

finish
