#!/bin/bash
# interop-disclosure.sh: disclosures and RFC 8785 JSON checked with b2sum,
# basenc and jq, in both directions
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

TOOL=${SILLOK_JCS_TOOL:?SILLOK_JCS_TOOL must name sillok-jcs-tool}

for program in b2sum basenc jq; do
  if ! require_program "$program"; then
    skip "interoperability with $program" "$program is not installed"
    finish
  fi
done

# base64url without padding → bytes
unbase64url () {
  local s=$1
  while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done
  printf '%s' "$s" | basenc --base64url -d
}

b2_256 () {
  printf '%s' "$1" | b2sum -l 256 | cut -d' ' -f1
}

# 1. What we write: digest = b2sum -l 256 of D, and jq reads the decoded array.
B2_OF_X=$(printf x | b2sum | cut -d' ' -f1)
names=(interviewee.name episodes[0].site interviewee.birth_year episodes[0].days '$consent'
       episodes[0].tasks '$attachment[0]' narrative@anon)
values=('"Möbius ✓ 😂 김철수"' '"함경북도 회령 \"제12호\" 관리소\\n/\\\\"' 1961 -42 true
        '["logging","mining",""]'
        "{\"name\":\"photo.jpg\",\"media_type\":\"image/jpeg\",\"size\":123456,\"b2\":\"$B2_OF_X\"}"
        '"tab\there, control \u0001, DEL \u007f"')
: >"$WORK/disclosures"
for i in "${!names[@]}"; do
  name=${names[$i]}
  value=${values[$i]}
  if ! printf '%s' "$value" | "$TOOL" disclose "$name" >"$WORK/made" 2>"$WORK/err"; then
    not_ok "disclose $name" "$(cat "$WORK/err")"
    continue
  fi
  D=$(sed -n 1p "$WORK/made")
  digest=$(sed -n 2p "$WORK/made")
  want=$(b2_256 "$D")
  if [ "$digest" = "$want" ]; then
    ok "digest of $name equals printf %s \"\$D\" | b2sum -l 256"
  else
    not_ok "digest of $name equals b2sum -l 256" "ours $digest" "b2sum $want"
  fi
  echo "$D" >>"$WORK/disclosures"
  echo "$digest" >>"$WORK/digests"

  unbase64url "$D" >"$WORK/decoded"
  if jq -e --arg n "$name" --argjson v "$value" \
       'length == 3 and (.[0] | test("^[A-Za-z0-9_-]{22}$")) and .[1] == $n and .[2] == $v' \
       "$WORK/decoded" >/dev/null 2>"$WORK/err"; then
    ok "jq reads the disclosure of $name back as [salt, name, value]"
  else
    not_ok "jq reads the disclosure of $name" "$(cat "$WORK/decoded")" "$(cat "$WORK/err")"
  fi
  # The decoded bytes are already canonical.
  if "$TOOL" canonicalize <"$WORK/decoded" | cmp -s - "$WORK/decoded"; then
    ok "the disclosure of $name holds canonical JSON"
  else
    not_ok "the disclosure of $name holds canonical JSON" "$(cat "$WORK/decoded")"
  fi
done

# 2. What others write: a disclosure made with printf and basenc.
json='["AAAAAAAAAAAAAAAAAAAAAA","interviewee.birth_year",1961]'
D=$(printf '%s' "$json" | basenc --base64url -w0 | tr -d '=')
if out=$(printf '%s' "$D" | "$TOOL" parse 2>&1) && [ "$(echo "$out" | sed -n 1p)" = "$(b2_256 "$D")" ] \
   && [ "$(echo "$out" | sed -n 2p)" = interviewee.birth_year ] && [ "$(echo "$out" | sed -n 3p)" = 1961 ]; then
  ok "a disclosure made with basenc parses, with b2sum's digest"
else
  not_ok "a disclosure made with basenc parses" "$out"
fi
padded=$(printf '%s' "$json" | basenc --base64url -w0)
if printf '%s' "$padded" | "$TOOL" parse >/dev/null 2>"$WORK/err"; then
  not_ok "padded base64url is refused" "accepted $padded"
else
  expect_in "$(cat "$WORK/err")" "base64url" "padded base64url is refused"
fi
spaced=$(printf '%s' '["AAAAAAAAAAAAAAAAAAAAAA", "interviewee.birth_year", 1961]' | basenc --base64url -w0 | tr -d '=')
if printf '%s' "$spaced" | "$TOOL" parse >/dev/null 2>"$WORK/err"; then
  not_ok "JSON that is not canonical is refused" "accepted"
else
  expect_in "$(cat "$WORK/err")" "canonical" "JSON that is not canonical is refused"
fi

# 3. RFC 8785 vectors: ours byte for byte, jq reads ours, we read jq's.
if [ -z "$TESTDATA" ] || [ ! -d "$TESTDATA/jcs" ]; then
  skip "RFC 8785 vectors" "the conformance data ../shared/testdata is absent"
else
  for input in "$TESTDATA"/jcs/input/*.json; do
    vector=$(basename "$input" .json)
    expected="$TESTDATA/jcs/output/$vector.json"
    if "$TOOL" canonicalize <"$input" >"$WORK/ours.json" 2>"$WORK/err" && cmp -s "$WORK/ours.json" "$expected"; then
      ok "vector $vector canonicalizes byte for byte"
    else
      not_ok "vector $vector canonicalizes byte for byte" "$(cat "$WORK/err")" "$(od -c "$WORK/ours.json" | head -5)"
    fi
    same=$(jq -n --slurpfile a "$WORK/ours.json" --slurpfile b "$input" '$a == $b' 2>&1)
    if [ "$same" = true ]; then
      ok "jq reads our $vector as the same JSON as the input"
    else
      not_ok "jq reads our $vector as the same JSON as the input" "$same"
    fi
    if jq -c . "$input" | "$TOOL" canonicalize >"$WORK/from-jq.json" 2>"$WORK/err" \
       && cmp -s "$WORK/from-jq.json" "$expected"; then
      ok "jq -c's $vector canonicalizes to the expected bytes"
    else
      not_ok "jq -c's $vector canonicalizes to the expected bytes" "$(cat "$WORK/err")"
    fi
  done
fi

# 4. Decoy padding and checking a set against the statement.
"$TOOL" pad <"$WORK/digests" >"$WORK/statement"
count=$(wc -l <"$WORK/statement")
real=$(wc -l <"$WORK/digests")
if [ $((count % 16)) -eq 0 ] && [ "$count" -ge "$real" ] && LC_ALL=C sort -c -u "$WORK/statement" \
   && ! grep -qvE '^[0-9a-f]{64}$' "$WORK/statement" && [ -z "$(grep -vxFf "$WORK/statement" "$WORK/digests")" ]; then
  ok "the statement holds $count sorted digests, a multiple of 16, with all $real real ones"
else
  not_ok "padded statement" "$(cat "$WORK/statement")"
fi
out=$("$TOOL" check "$WORK/statement" <"$WORK/disclosures" 2>&1)
if [ "$out" = "$((count - real))" ]; then
  ok "every disclosure is in the statement, $out digests undisclosed"
else
  not_ok "every disclosure is in the statement" "$out"
fi
{ cat "$WORK/disclosures"; sed -n 2p "$WORK/disclosures"; } >"$WORK/repeated"
if "$TOOL" check "$WORK/statement" <"$WORK/repeated" >/dev/null 2>"$WORK/err"; then
  not_ok "a repeated disclosure is refused" "accepted"
else
  expect_in "$(cat "$WORK/err")" "repeats disclosure 2" "a repeated disclosure is refused"
fi
printf '"not recorded"' | "$TOOL" disclose other | sed -n 1p >>"$WORK/disclosures"
if "$TOOL" check "$WORK/statement" <"$WORK/disclosures" >/dev/null 2>"$WORK/err"; then
  not_ok "a disclosure foreign to the statement is refused" "accepted"
else
  expect_in "$(cat "$WORK/err")" "not in the statement" "a disclosure foreign to the statement is refused"
fi

# 5. Hostile nesting fails at the depth limit.
{ head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; } >"$WORK/deep.json"
if "$TOOL" canonicalize <"$WORK/deep.json" >/dev/null 2>"$WORK/err"; then
  not_ok "100,000 nested arrays are refused" "accepted"
else
  expect_in "$(cat "$WORK/err")" "nested more than 64 deep" "100,000 nested arrays are refused"
fi

finish
