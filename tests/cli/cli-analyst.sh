#!/bin/bash
# cli-analyst.sh: sillok-cli analyst-export — a coordinator's archive of legal bundles written as an
# analyst's table: k-anonymity over every quasi-identifier column (those of repeating sections too),
# the suppression count it prints, no identifying or legal value, CSV and JSON Lines that a parser reads
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

if ! require_program python3; then
  skip "sillok-cli analyst-export" "python3 is not installed"
  finish
fi

A="$WORK/interviewer"
C="$WORK/coordinator"
PASS="analyst 분석 passphrase"
TEMPLATE="$(dirname "$0")/../../schemas/templates/forced-labour.json"

as () {
  local vault=$1
  shift
  "$CLI" --vault "$vault" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

for v in "$A" "$C"; do
  as "$v" init --name "$(basename "$v")" --kdf "$KDF" >/dev/null
done
COORD=$(as "$C" identity --age-recipient)

# witness NAME BIRTH SEX PROVINCE FROM [--set …]: a sealed interview under the legal profile's consent,
# with a perpetrator's name (legal) and a contact (identifying) that no analyst may see; FOOD, when set,
# is the open answer about food instead of one of its own.
n=0
witness () {
  local name=$1 birth=$2 sex=$3 province=$4 from=$5 id
  shift 5
  n=$((n + 1))
  id=$(as "$A" record new --template forced-labour --set consent.given=true --set consent.share_coordinators=true \
    --set consent.share_legal=true --set interview.date=2026-03-14 --set "interviewee.name=$name" \
    --set "consent.contact=010-5555-00$n" --set "interviewee.birth_date=$birth" --set "interviewee.sex=$sex" \
    --set "interviewee.home_province=$province" --set episodes[0].site=musan-mine \
    --set episodes[0].category=kyohwaso --set "episodes[0].from=$from" --set "episodes[0].food=${FOOD:-옥수수 $n}" \
    --set "perpetrators[0].name=보위원 가해자$n" --set "perpetrators[0].unit=경비대 $n" "$@") &&
    as "$A" record seal "$id" >/dev/null
}

# Five alike, but the fifth has a second episode of another period: a class of its own once the
# episodes' periods count. Three others alike. Two more alike: a class of two.
for i in 1 2 3 4; do
  witness "김동일$i" 1962-0$i female north-hamgyong 1999 --set episodes[0].organ=mss \
    --set episodes[0].ilo_indicators=violence,overtime
done
witness 김동일5 1962-05 female north-hamgyong 1999 --set episodes[1].site=kwanliso-14-kaechon \
  --set episodes[1].from=2010
# Answers a spreadsheet would take for formulas, and a number that is only a number.
FOOD='=HYPERLINK("https://example.org/x","열기")' witness 박서준1 1975-01 male south-pyongan 2003
FOOD='@SUM(1+1)' witness 박서준2 1975-02 male south-pyongan 2003
FOOD='-5' witness 박서준3 1975-03 male south-pyongan 2003
for i in 1 2; do
  witness "최하나$i" 1988-0$i female ryanggang 2012
done
check "ten sealed interviews" test "$(as "$A" record list | grep -c sealed)" -eq 10

as "$A" export --out "$WORK/legal.sillok" --all-sealed --profile legal --recipient "$COORD" >/dev/null 2>&1
run_cli 0 "the coordinator imports the legal bundle" --vault "$C" --passphrase-fd 3 import "$WORK/legal.sillok" \
  3<<<"$PASS"
expect_in "$OUT" "10 record versions added" "…all ten"

# --- the statistics of the same archive ---------------------------------------------------------------
run_cli 0 "archive stats --by organ" --vault "$C" --passphrase-fd 3 archive stats --by organ 3<<<"$PASS"
expect_in "$OUT" "Ministry of State Security (bowibu)" "…names the managing organ by its label"
expect_in "$OUT" "     4  mss  Ministry of State Security (bowibu)" "…with its code for --key, and counts its four records"
run_cli 0 "archive stats --by ilo" --vault "$C" --passphrase-fd 3 archive stats --by ilo 3<<<"$PASS"
expect_in "$OUT" "Physical and sexual violence" "…names the ILO indicator"
run_cli 0 "archive stats --by year" --vault "$C" --passphrase-fd 3 archive stats --by year 3<<<"$PASS"
for year in 1999 2003 2010 2012; do
  expect_in "$OUT" "$year" "…counts the year $year"
done

# check_table FILE FORMAT K: the table's own rules, read back with Python's parsers.
check_table () {
  python3 - "$1" "$2" "$3" "$TEMPLATE" <<'EOF'
import collections, csv, json, sys

path, fmt, k, template = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t = json.load(open(template, encoding="utf-8"))
sens = {f"{s['id']}.{f['id']}": f.get("sensitivity", "open") for s in t["sections"] for f in s["fields"]}
raw = open(path, "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf"), "a byte order mark nobody asked for"
if fmt == "csv":
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0].keys())
    assert b"\r\n" in raw
else:
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    header = sorted({c for r in rows for c in r})
    rows = [{c: ("; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v)))
             for c, v in r.items()} for r in rows]
assert len(rows) == 10, f"{len(rows)} rows"
quasi = []
for c in header:
    if c in ("record", "version", "sealed"):
        continue
    base = c[:-5] if c.endswith("@anon") else c
    s = sens.get(base)
    assert s in ("open", "quasi"), f"column {c} is {s}"
    assert s == "open" or c.endswith("@anon"), f"exact quasi-identifier column {c}"
    if s == "quasi":
        quasi.append(c)
assert "episodes.from@anon" in quasi and "interviewee.birth_date@anon" in quasi, quasi
classes = collections.Counter()
empty = 0
for r in rows:
    tup = tuple(r.get(c, "") or "" for c in quasi)
    if any(tup):
        classes[tup] += 1
    empty += sum(1 for v in tup if v == "")
small = {t: n for t, n in classes.items() if n < k}
assert not small, f"combinations shared by fewer than {k} rows: {small}"
text = raw.decode("utf-8")
for needle in ["김동일", "박서준", "최하나", "가해자", "010-5555", "1962-05", "1975-01", "perpetrators.name",
               "interviewee.name", "consent.contact", "$pseudonym"]:
    assert needle not in text, f"{needle} is in the table"
assert "경비대" in text, "the open values are missing"
print(f"{len(rows)} rows, {len(classes)} classes, {empty} empty quasi-identifier cells")
EOF
}

empty_cells () {
  sed -n 's/.* \([0-9]*\) empty quasi-identifier cells$/\1/p' <<<"$1"
}

for fmt in csv jsonl; do
  run_cli 0 "analyst-export --format $fmt --k 1" --vault "$C" --passphrase-fd 3 analyst-export --format "$fmt" \
    --k 1 --out "$WORK/k1.$fmt" 3<<<"$PASS"
  expect_in "$OUT" "0 values were suppressed" "…k = 1 suppresses nothing"
  check "…the $fmt table at k = 1 reads back and keeps its rules" check_table "$WORK/k1.$fmt" "$fmt" 1
  base=$(empty_cells "$(check_table "$WORK/k1.$fmt" "$fmt" 1)")

  run_cli 0 "analyst-export --format $fmt --k 3" --vault "$C" --passphrase-fd 3 analyst-export --format "$fmt" \
    --k 3 --out "$WORK/k3.$fmt" 3<<<"$PASS"
  expect_in "$OUT" "Wrote 10 rows" "…ten rows"
  check "…every quasi-identifier combination is shared by at least 3 rows" check_table "$WORK/k3.$fmt" "$fmt" 3
  printed=$(sed -n 's/^\([0-9]*\) values\{0,1\} w[ae][sr]e\{0,1\} suppressed\.$/\1/p' <<<"$OUT")
  after=$(empty_cells "$(check_table "$WORK/k3.$fmt" "$fmt" 3)")
  check "…the count printed ($printed) is the number of values emptied ($base → $after)" \
    test -n "$printed" -a "$printed" -gt 0 -a "$((after - base))" -eq "${printed:-0}"
  check "…the witness with a second episode period is among the rows emptied" \
    python3 -c '
import csv, json, sys
path, fmt = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8"))) if fmt == "csv" else \
       [json.loads(l) for l in open(path, encoding="utf-8")]
two = [r for r in rows if "kwanliso" in str(r.get("episodes.site", ""))]
assert len(two) == 1, two
assert not two[0].get("interviewee.birth_date@anon") and not two[0].get("episodes.from@anon"), two[0]
' "$WORK/k3.$fmt" "$fmt"
done

check "CSV: an answer that starts like a formula is text to a spreadsheet (after an apostrophe); a number stays" \
  python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
food = sorted(r["episodes.food"] for r in rows)
assert "\x27=HYPERLINK(\"https://example.org/x\",\"열기\")" in food, food
assert "\x27@SUM(1+1)" in food and "-5" in food, food
assert not [f for f in food if f[:1] in "=+@"], food
lines = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
raw = sorted(v for r in lines for v in r["episodes.food"])
assert "=HYPERLINK(\"https://example.org/x\",\"열기\")" in raw and "@SUM(1+1)" in raw, raw
text = open(sys.argv[1], encoding="utf-8").read()
assert ",\"\x27=HYPERLINK(\"\"https://example.org/x\"\",\"\"열기\"\")\"," in text, "not quoted as RFC 4180 says"
assert ",\"\x27@SUM(1+1)\"," in text and ",-5," in text
' "$WORK/k1.csv" "$WORK/k1.jsonl"

run_cli 2 "analyst-export refuses k = 0" --vault "$C" --passphrase-fd 3 analyst-export --format csv --k 0 \
  --out "$WORK/k0.csv" 3<<<"$PASS"
check "…and writes nothing" test ! -e "$WORK/k0.csv"
sum=$(b2sum <"$WORK/k3.csv")
run_cli 5 "analyst-export will not replace a file" --vault "$C" --passphrase-fd 3 analyst-export --format csv \
  --out "$WORK/k3.csv" 3<<<"$PASS"
expect_in "$ERR" "exists" "…and says the file exists"
check "…which is as it was" test "$sum" = "$(b2sum <"$WORK/k3.csv")"

finish
