#!/bin/bash
# cli-import.sh: sillok-cli import — bundles of two interviewers merged into a coordinator's archive,
# re-imports, amendments in any order, conflicts, persons across interviewers, and hostile bundles
# that must leave the archive exactly as it was
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

for program in age minisign python3; do
  if ! require_program "$program"; then
    skip "sillok-cli import" "$program is not installed"
    finish
  fi
done

A="$WORK/kim"
B="$WORK/park"
C="$WORK/coordinator"
D="$WORK/coordinator-2"
PASS="import 가져오기 passphrase"
BD="$WORK/bundles"
mkdir -p "$BD"

as () {
  local vault=$1
  shift
  "$CLI" --vault "$vault" --passphrase-fd 3 "$@" 3<<<"$PASS"
}
# witness VAULT NAME BIRTH SEX [--set …]: a sealed-ready record of one witness.
witness () {
  local vault=$1 name=$2 birth=$3 sex=$4
  shift 4
  as "$vault" record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
    --set consent.share_legal=true --set interview.date=2026-03-14 --set "interviewee.name=$name" \
    --set "interviewee.birth_date=$birth" --set "interviewee.sex=$sex" \
    --set interviewee.home_province=north-hamgyong --set episodes[0].site=musan-mine \
    --set episodes[0].category=kyohwaso --set episodes[0].from=1999 "$@"
}
# snapshot VAULT: what the archive holds, as the CLI shows it, and the vault's files.
snapshot () {
  {
    as "$1" archive list
    as "$1" archive persons
    as "$1" archive conflicts
    as "$1" archive stats
    (cd "$1" && find . -path ./LOCK -prune -o -type f ! -name '*.db*' -printf '%p %s\n' | sort)
  } 2>&1
}

for v in "$A" "$B" "$C" "$D"; do
  as "$v" init --name "$(basename "$v")" --kdf "$KDF" >/dev/null
done
COORD=$(as "$C" identity --age-recipient)
# The coordinator's vault as it was before any import: hostile bundles that would store an attachment
# there (it has none yet) show whether a blob is left behind.
E="$WORK/coordinator-empty"
cp -a "$C" "$E"
COORD2=$(as "$D" identity --age-recipient)
as "$A" identity --export-age-identity "$WORK/kim.key" >/dev/null
as "$A" identity --export-pub "$WORK/kim.pub" >/dev/null
KIM=$(as "$A" identity --age-recipient)

# Both interviewers share the organization's linkage key.
RA1=$(witness "$A" "김영희" 1970-01-02 female)
as "$A" record seal "$RA1" >/dev/null
as "$A" linkage-key export --out "$WORK/linkage.key" --key-passphrase-fd 4 4<<<"연결 key" >/dev/null
as "$B" linkage-key import "$WORK/linkage.key" --key-passphrase-fd 4 4<<<"연결 key" >/dev/null
RA2=$(witness "$A" "박순이" 1980-05-06 female)
RA3=$(witness "$A" "이철수" 1965-09-09 male)
printf 'a sketch of the mine' >"$WORK/광산 지도.txt"
as "$A" attach "$RA3" "$WORK/광산 지도.txt" --sensitivity open >/dev/null
RB1=$(witness "$B" "김 영희" 1970-01-02 female)
RB2=$(witness "$B" "최민호" 1972-02-02 male)
for r in "$RA2" "$RA3"; do as "$A" record seal "$r" >/dev/null; done
for r in "$RB1" "$RB2"; do as "$B" record seal "$r" >/dev/null; done
check "two interviewers, five sealed records" test -n "$RB2"

as "$A" export --out "$BD/kim-1.sillok" --all-sealed --recipient "$COORD" --recipient "$COORD2" --recipient "$KIM" \
  --override-k "small test" >/dev/null
as "$B" export --out "$BD/park-1.sillok" --all-sealed --recipient "$COORD" --override-k "small test" >/dev/null
# A copy of Kim's vault taken now, so that two different version 2s of one record can exist.
cp -a "$A" "$WORK/kim-copy"
as "$A" record amend "$RA2" --reason "생년 정정" >/dev/null
as "$A" record set "$RA2" interviewee.birth_date=1981-05-06 >/dev/null
as "$A" record seal "$RA2" >/dev/null
as "$A" export --out "$BD/kim-2.sillok" --all-sealed --recipient "$COORD" --recipient "$COORD2" --recipient "$KIM" \
  --override-k "small test" >/dev/null
as "$WORK/kim-copy" record amend "$RA2" --reason "another correction" >/dev/null
as "$WORK/kim-copy" record set "$RA2" interviewee.birth_date=1979-05-06 >/dev/null
as "$WORK/kim-copy" record seal "$RA2" >/dev/null
as "$WORK/kim-copy" export --out "$BD/kim-copy.sillok" --record "$RA2" --recipient "$COORD" \
  --override-k "small test" >/dev/null
as "$A" export --out "$BD/kim-only.sillok" --all-sealed --recipient "$KIM" --override-k "small test" >/dev/null
as "$A" export --out "$BD/pass.sillok" --record "$RA1" --bundle-passphrase-fd 4 --override-k "small test" \
  4<<<"번들 암호" >/dev/null
check "bundles exported" test -s "$BD/kim-1.sillok" -a -s "$BD/park-1.sillok" -a -s "$BD/kim-2.sillok" \
  -a -s "$BD/kim-copy.sillok" -a -s "$BD/pass.sillok"

# --- two interviewers into one archive --------------------------------------------------------
run_cli 0 "import two interviewers' bundles" --vault "$C" --passphrase-fd 3 import "$BD/kim-1.sillok" \
  "$BD/park-1.sillok" 3<<<"$PASS"
expect_in "$OUT" "kim-1.sillok: imported bundle" "…the first is imported"
expect_in "$OUT" "3 record versions added, 0 already present, 0 conflicting, 1 attachments added" "…with its counts"
expect_in "$OUT" "park-1.sillok: imported bundle" "…and the second"
expect_in "$OUT" "is not a trusted key (sillok-cli trust add)" "…signers the vault does not trust are named"
list=$(as "$C" archive list)
check "the archive lists the five records" test "$(wc -l <<<"$list")" -eq 5
for r in "$RA1" "$RA2" "$RA3" "$RB1" "$RB2"; do
  expect_in "$list" "$r  v1/1" "…$r at version 1"
done
filtered=$(as "$C" archive list --by province --key north-hamgyong)
check "archive list --by province --key: the five records mention North Hamgyong" \
  test "$(wc -l <<<"$filtered")" -eq 5
run_cli 0 "archive list --by --key with a key no record mentions" --vault "$C" --passphrase-fd 3 archive list \
  --by ilo --key violence 3<<<"$PASS"
check "…lists nothing" test -z "$OUT"
run_cli 0 "archive list --by year" --vault "$C" --passphrase-fd 3 archive list --by year --key 1999 3<<<"$PASS"
check "…lists the five records from 1999" test "$(wc -l <<<"$OUT")" -eq 5
run_cli 0 "archive list --by year with a --search nothing matches" --vault "$C" --passphrase-fd 3 archive list \
  --by year --key 1999 --search "no such text" 3<<<"$PASS"
check "…lists nothing" test -z "$OUT"
run_cli 2 "archive list --by without --key" --vault "$C" --passphrase-fd 3 archive list --by province 3<<<"$PASS"
expect_in "$ERR" "--by and --key go together" "…says what it needs"
run_cli 2 "archive list --by an unknown dimension" --vault "$C" --passphrase-fd 3 archive list \
  --by colour --key red 3<<<"$PASS"
expect_in "$ERR" "Unknown --by “colour”" "…names it"
persons=$(as "$C" archive persons)
check "the same witness met by both interviewers is one person" \
  grep -qE "  2: ($RA1 $RB1|$RB1 $RA1)\$" <<<"$persons"
check "…and the others are alone" test "$(grep -c '  1: ' <<<"$persons")" -eq 3
run_cli 0 "archive show of an imported record" --vault "$C" --passphrase-fd 3 archive show "$RA3" 3<<<"$PASS"
expect_in "$OUT" "광산 지도.txt" "…shows the disclosed attachment"

# --- importing again changes nothing ---------------------------------------------------------------
before=$(snapshot "$C")
run_cli 0 "import the same bundle again" --vault "$C" --passphrase-fd 3 import "$BD/kim-1.sillok" 3<<<"$PASS"
expect_in "$OUT" "was imported before: nothing changed" "…says so"
check "…and the archive is unchanged" test "$before" = "$(snapshot "$C")"

# --- a newer bundle: the same versions recognised, the amendment linked ---------------------------
run_cli 0 "import a later bundle with an amendment" --vault "$C" --passphrase-fd 3 import "$BD/kim-2.sillok" 3<<<"$PASS"
expect_in "$OUT" "1 record versions added, 3 already present, 0 conflicting, 0 attachments added" \
  "…the versions it had are recognised, the amendment added"
expect_in "$(as "$C" archive list)" "$RA2  v2/2" "…the record is at version 2"

# --- two different version 2s of one record: a conflict, both kept ---------------------------------
run_cli 0 "import another statement for a version the archive has" --vault "$C" --passphrase-fd 3 \
  import "$BD/kim-copy.sillok" 3<<<"$PASS"
expect_in "$OUT" "conflict: $RA2 version 2 has another statement in the archive; both are kept" "…reported as a conflict"
run_cli 0 "archive conflicts" --vault "$C" --passphrase-fd 3 archive conflicts 3<<<"$PASS"
expect_in "$OUT" "$RA2" "…lists the record"
expect_in "$(as "$C" archive list)" "$RA2  v2/2" "…the first statement stays the archive's version 2"

# --- amendments in any order ------------------------------------------------------------------------
age -d -i "$WORK/kim.key" -o "$WORK/kim-2.tar" "$BD/kim-2.sillok"
python3 "$(dirname "$0")/make-hostile-bundles.py" "$WORK/kim-2.tar" "$WORK/kim-2-cases" >/dev/null
check "a bundle with the amendment alone" test -s "$WORK/kim-2-cases/predecessor-missing.tar"
age -r "$COORD2" -o "$BD/amendment-alone.sillok" "$WORK/kim-2-cases/predecessor-missing.tar"
run_cli 1 "verify cannot link an amendment without its predecessor" --vault "$D" --passphrase-fd 3 \
  verify "$BD/amendment-alone.sillok" 3<<<"$PASS"
run_cli 0 "the archive takes the amendment before its predecessor" --vault "$D" --passphrase-fd 3 \
  import "$BD/amendment-alone.sillok" 3<<<"$PASS"
expect_in "$OUT" "1 versions wait for an earlier version that has not arrived" "…and says it waits"
expect_in "$(as "$D" archive list)" "$RA2  v2/1" "…the archive has version 2 alone"
expect_in "$(as "$D" archive list)" "(waiting for an earlier version)" "…marked incomplete"
age -r "$COORD2" -o "$BD/forged-predecessor.sillok" "$WORK/kim-2-cases/predecessor-forged.tar"
before=$(snapshot "$D")
run_cli 1 "another version 1 than the one the waiting amendment supersedes" --vault "$D" --passphrase-fd 3 \
  import "$BD/forged-predecessor.sillok" 3<<<"$PASS"
expect_in "$ERR" "rejected by the supersedes check" "…is rejected by the supersedes check"
expect_in "$ERR" "the archive's version 2 of record $RA2 supersedes a statement other than this version 1" \
  "…which says why"
check "…and leaves the archive as it was" test "$before" = "$(snapshot "$D")"
run_cli 0 "the predecessor arrives later" --vault "$D" --passphrase-fd 3 import "$BD/kim-1.sillok" 3<<<"$PASS"
expect_in "$OUT" "1 versions imported before now have their predecessor" "…and completes the chain"
list=$(as "$D" archive list)
expect_in "$list" "$RA2  v2/2" "…both versions are there"
check "…nothing is waiting any more" test "$(grep -c 'waiting' <<<"$list")" -eq 0

# --- bundles the vault cannot or must not take ---------------------------------------------------------
before=$(snapshot "$C")
run_cli 1 "a bundle not encrypted to this vault" --vault "$C" --passphrase-fd 3 import "$BD/kim-only.sillok" 3<<<"$PASS"
expect_in "$ERR" "not encrypted to this vault" "…says so"
expect_in "$ERR" "nothing was imported" "…and that nothing was imported"
size=$(stat -c %s "$BD/kim-1.sillok")
head -c $((size - 100)) "$BD/kim-1.sillok" >"$WORK/truncated.sillok"
run_cli 1 "a truncated bundle" --vault "$C" --passphrase-fd 3 import "$WORK/truncated.sillok" 3<<<"$PASS"
expect_in "$ERR" "age-payload" "…names the age-payload check"
run_cli 1 "a passphrase bundle without its passphrase" --vault "$C" --passphrase-fd 3 import "$BD/pass.sillok" 3<<<"$PASS"
expect_in "$ERR" "encrypted with a passphrase, not to this vault" "…says so"
run_cli 1 "a passphrase bundle with a wrong passphrase" --vault "$C" --passphrase-fd 3 import "$BD/pass.sillok" \
  --bundle-passphrase-fd 4 3<<<"$PASS" 4<<<"not the bundle's"
expect_in "$ERR" "the passphrase does not open this bundle" "…says so"
run_cli 5 "a missing file is an I/O error" --vault "$C" --passphrase-fd 3 import "$WORK/missing.sillok" 3<<<"$PASS"
run_cli 2 "import needs a file" --vault "$C" --passphrase-fd 3 import 3<<<"$PASS"
check "…none of them changed the archive" test "$before" = "$(snapshot "$C")"
run_cli 0 "a passphrase bundle with --bundle-passphrase-fd" --vault "$C" --passphrase-fd 3 import "$BD/pass.sillok" \
  --bundle-passphrase-fd 4 3<<<"$PASS" 4<<<"번들 암호"
expect_in "$OUT" "0 record versions added, 1 already present" "…its version is recognised"

# One good and one bad file in one call: the good one is imported, the exit code says a file was rejected.
as "$B" record seal "$(witness "$B" "정미란" 1990-03-03 female)" >/dev/null
as "$B" export --out "$BD/park-2.sillok" --all-sealed --recipient "$COORD" --override-k "small test" >/dev/null
run_cli 1 "a good and a rejected bundle in one call" --vault "$C" --passphrase-fd 3 import "$WORK/truncated.sillok" \
  "$BD/park-2.sillok" 3<<<"$PASS"
expect_in "$OUT" "park-2.sillok: imported bundle" "…the good one is imported"
expect_in "$ERR" "truncated.sillok: rejected" "…the bad one is named"
as "$C" trust add "$WORK/kim.pub" --name "김 Kim" --role interviewer >/dev/null
run_cli 0 "a bundle by a trusted interviewer" --vault "$C" --passphrase-fd 3 import "$BD/kim-1.sillok" 3<<<"$PASS"
check "…no trust warning for the trusted key" test "$(grep -c 'not a trusted key' <<<"$OUT")" -eq 0

# --- the hostile corpus: each case rejected by the check it breaks, the archive unchanged -------------
age -d -i "$WORK/kim.key" -o "$WORK/kim-1.tar" "$BD/kim-1.sillok"
python3 "$(dirname "$0")/make-hostile-bundles.py" "$WORK/kim-1.tar" "$WORK/hostile" >/dev/null
check "the empty archive has no blob yet" test -z "$(find "$E/blobs" -type f 2>/dev/null)"
# …into the archive that holds the bundle's records and attachment, and into the empty one.
for target in "$C" "$E"; do
  before=$(snapshot "$target")
  count=0
  while IFS=$'\t' read -r case want where; do
    [ "$want" = valid ] && continue
    [ -e "$WORK/hostile/$case.sillok" ] || age -r "$COORD" -o "$WORK/hostile/$case.sillok" "$WORK/hostile/$case.tar"
    as "$target" import "$WORK/hostile/$case.sillok" >"$WORK/hostile/$case.out" 2>"$WORK/hostile/$case.err"
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q "rejected by the $want check" "$WORK/hostile/$case.err" \
       && grep -qF -- "$where" "$WORK/hostile/$case.err"; then
      ok "hostile $case into $(basename "$target"): rejected by the $want check"
    else
      not_ok "hostile $case into $(basename "$target")" "exit $rc (wanted 1), wanted the $want check naming “$where”" \
        "$(cat "$WORK/hostile/$case.err")"
    fi
    count=$((count + 1))
  done <"$WORK/hostile/cases.tsv"
  check "the hostile corpus has its cases" test "$count" -ge 40
  check "…and left $(basename "$target") as it was, rows and files" test "$before" = "$(snapshot "$target")"
  check "…which passes check" as "$target" check
done
check "…and no blob was left in the empty archive" test -z "$(find "$E/blobs" -type f 2>/dev/null)"

# --- limits and the age layer, into the empty archive ------------------------------------------------
before=$(snapshot "$E")
SILLOK_TEST_MAX_BUNDLE_ENTRIES=5 "$CLI" --vault "$E" --passphrase-fd 3 import "$BD/kim-1.sillok" \
  3<<<"$PASS" >"$WORK/limit.out" 2>"$WORK/limit.err"
check "more files than the (lowered) entry limit: exit 1" test $? -eq 1
expect_in "$(cat "$WORK/limit.err")" "rejected by the tar check" "…rejected by the tar check"
expect_in "$(cat "$WORK/limit.err")" "more than 5 files" "…which names the limit"
python3 - "$BD/kim-1.sillok" "$WORK/badmac.sillok" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.index(b"\n--- ") + 8
data[at] = ord("A") if data[at] != ord("A") else ord("B")
open(sys.argv[2], "wb").write(data)
EOF
run_cli 1 "a wrong age header MAC" --vault "$E" --passphrase-fd 3 import "$WORK/badmac.sillok" 3<<<"$PASS"
expect_in "$ERR" "rejected by the age-header check" "…rejected by the age-header check"
run_cli 1 "a bundle for another vault" --vault "$E" --passphrase-fd 3 import "$BD/kim-only.sillok" 3<<<"$PASS"
expect_in "$ERR" "rejected by the age-recipient check" "…rejected by the age-recipient check"
run_cli 1 "an attachment larger than --max-attachment" --vault "$E" --passphrase-fd 3 import "$BD/kim-1.sillok" \
  --max-attachment 10 3<<<"$PASS"
expect_in "$ERR" "rejected by the tar check (attachments/" "…rejected by the tar check, naming the attachment"
run_cli 2 "--max-attachment needs a size" --vault "$E" --passphrase-fd 3 import "$BD/kim-1.sillok" \
  --max-attachment 2X 3<<<"$PASS"
expect_in "$ERR" "--max-attachment needs a size" "…and says so"
check "…none of them changed the empty archive" test "$before" = "$(snapshot "$E")"
run_cli 0 "the same bundle, whole, imports into it (its attachment within --max-attachment 1G)" --vault "$E" \
  --passphrase-fd 3 import "$BD/kim-1.sillok" --max-attachment 1GiB 3<<<"$PASS"
check "…and stores its attachment" test -n "$(find "$E/blobs" -type f)"

finish
