#!/bin/bash
# interop-export.sh: bundles opened and checked with age, tar, minisign,
# b2sum and jq alone, following docs/VERIFY-BY-HAND.md step by step
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

for program in age age-keygen tar minisign b2sum jq basenc script; do
  if ! require_program "$program"; then
    skip "bundles checked with the standard tools" "$program is not installed"
    finish
  fi
done

V="$WORK/vault"
PASS="interop 수출"
ZEROS=0000000000000000000000000000000000000000000000000000000000000000

cli () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

new_sealed () {
  local id
  id=$(cli record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
         --set consent.share_legal=true --set interview.date=2026-03-14 --set interviewee.sex=female \
         --set interviewee.birth_date=1981 "$@") || return 1
  cli record seal "$id" >/dev/null || return 1
  echo "$id"
}

unbase64url () {
  local s=$1
  while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done
  printf '%s' "$s" | basenc --base64url -d
}

b2_256 () {
  b2sum -l 256 "$@" | cut -d' ' -f1
}

# step DESCRIPTION COMMAND…: one step of the procedure, as a TAP line.
step () {
  local desc=$1
  shift
  if "$@" >"$WORK/step.out" 2>&1; then
    ok "$desc"
  else
    not_ok "$desc" "command: $*" "$(head -c 2000 "$WORK/step.out")"
  fi
}

# --- the procedure of docs/VERIFY-BY-HAND.md, one function per step ----------

# Step 3: the exporter's signature over the manifest, naming this bundle.
check_manifest_signature () {
  local exporter bundle
  exporter=$(jq -r .exporter manifest.json)
  bundle=$(jq -r .bundle manifest.json)
  minisign -Vm manifest.json -p "keys/$exporter.pub" >"$WORK/minisign.out" || return 1
  grep -qxF "Trusted comment: sillok-bundle/1 bundle=$bundle" "$WORK/minisign.out"
}

# Step 4: every other file against B2SUMS, and nothing left out of it.
check_b2sums () {
  b2sum --check --strict --quiet B2SUMS || return 1
  diff <(find . -type f ! -name B2SUMS ! -name manifest.json ! -name manifest.json.minisig | sed 's|^\./||' \
           | LC_ALL=C sort) \
       <(sed 's/^[0-9a-f]\{128\}  //' B2SUMS)
}

# Step 5: the manifest names B2SUMS by its hash.
check_manifest_names_b2sums () {
  [ -s B2SUMS ] && [ -s manifest.json ] || return 1
  [ "$(b2sum B2SUMS | cut -d' ' -f1)" = "$(jq -r .b2sums manifest.json)" ]
}

# Step 6: each version listed: its statement's digest, its signer's
# signature, the link to the version before.
check_statements () {
  local record version digest dir signer previous versions
  versions=$(jq -r '.records[] | "\(.record) \(.version) \(.statement)"' manifest.json) && [ -n "$versions" ] || return 1
  while read -r record version digest; do
    dir="records/$record/$version"
    [ "$(b2_256 "$dir/statement.json")" = "$digest" ] || { echo "$dir: digest"; return 1; }
    signer=$(jq -r .signer "$dir/statement.json")
    minisign -Vm "$dir/statement.json" -p "keys/$signer.pub" >"$WORK/minisign.out" || return 1
    grep -qxF "Trusted comment: sillok-statement/1 record=$record version=$version" "$WORK/minisign.out" \
      || { echo "$dir: trusted comment"; return 1; }
    [ "$(jq -r .record "$dir/statement.json")" = "$record" ] || return 1
    [ "$(jq -r .version "$dir/statement.json")" = "$version" ] || return 1
    if [ "$version" -eq 1 ]; then
      previous=null
    else
      previous=$(b2_256 "records/$record/$((version - 1))/statement.json")
    fi
    [ "$(jq -r .supersedes "$dir/statement.json")" = "$previous" ] || { echo "$dir: supersedes"; return 1; }
  done <<<"$versions"
}

# Step 7: each disclosure carried, found in its statement.
check_disclosures () {
  local dir d digest n=0
  for dir in records/*/*; do
    while IFS= read -r d; do
      digest=$(printf %s "$d" | b2_256)
      jq -e --arg d "$digest" '.disclosures | index($d) != null' "$dir/statement.json" >/dev/null \
        || { echo "$dir: a disclosure is not in the statement"; return 1; }
      unbase64url "$d" | jq -e 'length == 3' >/dev/null || return 1
      n=$((n + 1))
    done < <(jq -r '.[]' "$dir/disclosures.json")
  done
  echo "$n disclosures"
  [ "$n" -gt 0 ]
}

# Step 8: each attachment is one a carried $attachment[N] discloses.
check_attachments () {
  local f b2 disclosed
  [ -d records ] || return 1
  disclosed=$(for d in $(jq -r '.[]' records/*/*/disclosures.json); do unbase64url "$d"; echo; done \
                | jq -r 'select(.[1] | startswith("$attachment[")) | .[2].b2')
  for f in attachments/*; do
    [ -e "$f" ] || continue
    b2=${f#attachments/}
    [ "$(b2sum "$f" | cut -d' ' -f1)" = "$b2" ] || return 1
    grep -qxF "$b2" <<<"$disclosed" || { echo "$f is not disclosed"; return 1; }
  done
}

# Step 9: each audit chain linked entry to entry, ending with this export.
check_audit () {
  local f line prev bundle last
  bundle=$(jq -r .bundle manifest.json) || return 1
  [ "$(jq '.records | map(.record) | unique | length' manifest.json)" -eq "$(ls audit/*.jsonl | wc -l)" ] || return 1
  for f in audit/*.jsonl; do
    prev=$ZEROS
    while IFS= read -r line; do
      [ "$(jq -r .prev <<<"$line")" = "$prev" ] || { echo "$f: chain broken"; return 1; }
      prev=$(printf %s "$line" | b2_256)
    done <"$f"
    last=$(tail -n 1 "$f")
    [ "$(jq -r .action <<<"$last")" = exported ] && [ "$(jq -r .detail <<<"$last")" = "$bundle" ] || return 1
  done
}

# Step 10 (legal bundles): each time disclosed matches its entry's commitment.
check_times () {
  local f times i n d
  [ -n "$(ls audit/*.times.json)" ] || return 1
  for f in audit/*.jsonl; do
    times="${f%.jsonl}.times.json"
    n=$(wc -l <"$f")
    [ "$(jq length "$times")" -eq "$n" ] || return 1
    for ((i = 0; i < n; i++)); do
      d=$(jq -r ".[$i]" "$times")
      [ "$(printf %s "$d" | b2_256)" = "$(sed -n "$((i + 1))p" "$f" | jq -r .at)" ] || return 1
      unbase64url "$d" | jq -e '.[1] == "$at" and (.[2] | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$"))' \
        >/dev/null || return 1
    done
  done
}

verify_by_hand () {
  local dir=$1 what=$2
  pushd "$dir" >/dev/null || return
  step "$what: minisign verifies the manifest with keys/<exporter>.pub" check_manifest_signature
  step "$what: b2sum -c B2SUMS, which lists every other file" check_b2sums
  step "$what: the manifest's b2sums is b2sum of B2SUMS" check_manifest_names_b2sums
  step "$what: every statement: digest, signer's signature, supersedes" check_statements
  step "$what: every carried disclosure's digest is in its statement" check_disclosures
  step "$what: every attachment is disclosed and named by its b2sum" check_attachments
  step "$what: every audit chain is linked and ends with this export" check_audit
  popd >/dev/null || return
}

# The tar as the format wants it, read by GNU tar.
check_tar_listing () {
  tar --numeric-owner --full-time -tvf "$1" >"$WORK/listing" || return 1
  ! grep -v '^-rw-r--r-- 0/0 .* 1970-01-01 00:00:00 ' "$WORK/listing" || return 1
  diff <(awk '{ print $NF }' "$WORK/listing") <(awk '{ print $NF }' "$WORK/listing" | LC_ALL=C sort)
}

# --- a vault with records of every kind ----------------------------------------
run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "Interop 면담자" --kdf "$KDF" 3<<<"$PASS"
R1=$(new_sealed) && R2=$(new_sealed) && R3=$(new_sealed)
check "three sealed records" test -n "$R3"
# An amended record: versions 1 and 2 sealed, 3 in progress.
R4=$(new_sealed --set 'episodes[0].narrative=We dug coal.')
cli record amend "$R4" --reason "a date corrected" >/dev/null
cli record set "$R4" 'episodes[0].from=1999' >/dev/null
cli record seal "$R4" >/dev/null
cli record amend "$R4" --reason "in progress" >/dev/null
head -c 300000 /dev/urandom >"$WORK/map.bin"
R5=$(cli record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
       --set consent.share_legal=true --set interview.date=2026-03-14 --set interviewee.sex=female \
       --set interviewee.birth_date=1981)
cli attach "$R5" "$WORK/map.bin" --sensitivity open >/dev/null
printf 'a voice' >"$WORK/voice.ogg"
cli attach "$R5" "$WORK/voice.ogg" >/dev/null
cli record seal "$R5" >/dev/null
check "an amended record and one with attachments" test -n "$R5"

RECIPIENT=$(cli identity --age-recipient)
run_cli 0 "identity --export-age-identity" --vault "$V" --passphrase-fd 3 identity --export-age-identity "$WORK/key.txt" 3<<<"$PASS"

# --- 1. to the vault's own age recipient ----------------------------------------
mkdir -p "$WORK/bundles"
run_cli 0 "export --all-sealed to the vault's own recipient" --vault "$V" --passphrase-fd 3 export \
  --out "$WORK/bundles/b.sillok" --all-sealed --recipient "$RECIPIENT" 3<<<"$PASS"
printed=$(sed -n 's/^BLAKE2b-512: \([0-9a-f]*\)  .*/\1/p' <<<"$OUT")
check "the printed BLAKE2b-512 is b2sum of the bundle" test -n "$printed" -a "$printed" = "$(b2sum "$WORK/bundles/b.sillok" | cut -d' ' -f1)"
check "step 1: age -d -i decrypts the bundle" age -d -i "$WORK/key.txt" -o "$WORK/b.tar" "$WORK/bundles/b.sillok"
check "step 2: GNU tar lists regular files 0644 0/0 at time 0, sorted" check_tar_listing "$WORK/b.tar"
mkdir -p "$WORK/b"
check "step 2: tar -x unpacks it" tar -xf "$WORK/b.tar" -C "$WORK/b"
verify_by_hand "$WORK/b" "anonymized"
check "version 3 in progress stays home; versions 1 and 2 travel" \
  test -e "$WORK/b/records/$R4/2/statement.json" -a ! -e "$WORK/b/records/$R4/3"
check "older versions carry no disclosure" test "$(cat "$WORK/b/records/$R4/1/disclosures.json")" = "[]"
check "no times in an anonymized bundle" test -z "$(find "$WORK/b/audit" -name '*.times.json')"
check "only the open attachment travels" test "$(ls "$WORK/b/attachments" | wc -l)" -eq 1
check "…with its bytes" cmp "$WORK/map.bin" "$WORK/b/attachments/$(b2sum "$WORK/map.bin" | cut -d' ' -f1)"

# --- the procedure finds changes -------------------------------------------------
cp -a "$WORK/b" "$WORK/t"
printf ' ' >>"$WORK/t/records/$R1/1/statement.json"
(cd "$WORK/t" && ! b2sum --check --strict --quiet B2SUMS >/dev/null 2>&1) && ok "b2sum -c finds a changed statement" \
  || not_ok "b2sum -c finds a changed statement"
(cd "$WORK/t" && ! minisign -Vm "records/$R1/1/statement.json" -p keys/*.pub >/dev/null 2>&1) \
  && ok "minisign finds a changed statement" || not_ok "minisign finds a changed statement"
rm -rf "$WORK/t"
cp -a "$WORK/b" "$WORK/t"
sed -i 's/"profile":"anonymized"/"profile":"legal"/' "$WORK/t/manifest.json"
(cd "$WORK/t" && ! check_manifest_signature >/dev/null 2>&1) && ok "minisign finds a changed manifest" \
  || not_ok "minisign finds a changed manifest"
rm -rf "$WORK/t"
cp -a "$WORK/b" "$WORK/t"
forged=$(printf '["AAAAAAAAAAAAAAAAAAAAAA","interviewee.name","Someone"]' | basenc --base64url -w0 | tr -d =)
jq -c --arg d "$forged" '. + [$d]' "$WORK/t/records/$R1/1/disclosures.json" >"$WORK/t/d.json"
mv "$WORK/t/d.json" "$WORK/t/records/$R1/1/disclosures.json"
(cd "$WORK/t" && ! check_disclosures >/dev/null 2>&1) && ok "an added disclosure is not in the statement" \
  || not_ok "an added disclosure is not in the statement"
rm -rf "$WORK/t"

# --- 2. with a passphrase -------------------------------------------------------
run_cli 0 "export with --bundle-passphrase-fd" --vault "$V" --passphrase-fd 3 export --out "$WORK/bundles/p.sillok" \
  --record "$R1" --record "$R2" --record "$R3" --bundle-passphrase-fd 4 3<<<"$PASS" 4<<<"bundle pass 묶음"
check "the header has a single scrypt stanza" test "$(head -c 200 "$WORK/bundles/p.sillok" | grep -c '^-> ')" -eq 1 -a \
  "$(head -c 200 "$WORK/bundles/p.sillok" | grep -c '^-> scrypt ')" -eq 1
# age reads a passphrase only from a terminal: script(1) lends it one.
printf 'bundle pass 묶음\n' | script -qec "age -d -o '$WORK/p.tar' '$WORK/bundles/p.sillok'" /dev/null >/dev/null 2>&1
check "step 1: age -d with the passphrase decrypts it" test -s "$WORK/p.tar"
mkdir -p "$WORK/p"
check "step 2: tar -x unpacks it" tar -xf "$WORK/p.tar" -C "$WORK/p"
verify_by_hand "$WORK/p" "passphrase"
printf 'wrong\n' | script -qec "age -d -o '$WORK/wrong.tar' '$WORK/bundles/p.sillok'" /dev/null >/dev/null 2>&1
check "a wrong passphrase decrypts nothing" test ! -s "$WORK/wrong.tar"

# --- 3. legal, to recipients kept in the vault ------------------------------------
age-keygen -o "$WORK/lawyer.txt" 2>/dev/null
run_cli 0 "recipients add a key made by age-keygen" --vault "$V" --passphrase-fd 3 recipients add "Legal team" \
  "$(age-keygen -y "$WORK/lawyer.txt")" 3<<<"$PASS"
run_cli 0 "export --profile legal to the vault's recipients" --vault "$V" --passphrase-fd 3 export \
  --out "$WORK/bundles/l.sillok" --all-sealed --profile legal 3<<<"$PASS"
expect_in "$ERR" "legal team only" "the legal profile warns"
check "step 1: age -d -i with the age-keygen identity" age -d -i "$WORK/lawyer.txt" -o "$WORK/l.tar" "$WORK/bundles/l.sillok"
mkdir -p "$WORK/l"
check "step 2: tar -x unpacks it" tar -xf "$WORK/l.tar" -C "$WORK/l"
verify_by_hand "$WORK/l" "legal"
pushd "$WORK/l" >/dev/null && step "legal: each audit time disclosed matches its entry's commitment" check_times
popd >/dev/null || exit 1
check "legal: both attachments travel" test "$(ls "$WORK/l/attachments" | wc -l)" -eq 2
check "the vault's own identity cannot open a bundle for the legal team" \
  bash -c "! age -d -i '$WORK/key.txt' -o /dev/null '$WORK/bundles/l.sillok' 2>/dev/null"

run_cli 0 "check passes after the exports" --vault "$V" --passphrase-fd 3 check 3<<<"$PASS"
run_cli 0 "the audit trail shows the exports" --vault "$V" --passphrase-fd 3 audit "$R1" 3<<<"$PASS"
check "…three of them" test "$(grep -c ' exported ' <<<"$OUT")" -eq 3

finish
