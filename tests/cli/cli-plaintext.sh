#!/bin/bash
# cli-plaintext.sh: after a whole session of recording, attaching, sealing,
# amending and searching, no testimony is on disk in clear, in UTF-8 or UTF-16
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

if ! require_program jq || ! require_program iconv; then
  echo "1..0 # SKIP jq and iconv are needed"
  exit 0
fi

V="$WORK/vault"
SRC="$WORK/src"            # the user's own files: outside the vault, TMPDIR and HOME
mkdir -p "$SRC"
PASS="평문 검사 plaintext"

quiet () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

rc () {
  local want=$1 desc=$2
  shift 2
  run_cli "$want" "$desc" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
}

# The helper itself finds a marker in each encoding (else "no hit" proves nothing).
mkdir -p "$WORK/control"
printf 'x %s y' "표식시험Qz" >"$WORK/control/utf8"
printf '%s' "표식시험Qz" | iconv -f UTF-8 -t UTF-16LE >"$WORK/control/le"
{ printf '\0\1'; printf '%s' "표식시험Qz" | iconv -f UTF-8 -t UTF-16BE; } >"$WORK/control/be"
[ "$(count_plaintext_hits "$WORK/control" "표식시험Qz" 2>/dev/null)" -eq 3 ] \
  && ok "count_plaintext_hits finds UTF-8, UTF-16LE and UTF-16BE" || not_ok "count_plaintext_hits finds all three encodings"

MARKERS=()
# marker VAR N: sets VAR to a Korean and a Latin marker, distinct for each N.
marker () {
  local ko="누설표식${2}가나다" latin="QzLeakMark${2}Vx"
  MARKERS+=("$ko" "$latin")
  printf -v "$1" '%s %s' "$ko" "$latin"
}

marker INTERVIEWER interviewer
run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "$INTERVIEWER" --kdf "$KDF" 3<<<"$PASS"

# Every text and longtext field of the template, in two entries of repeating sections.
mapfile -t TEXT_PATHS < <("$CLI" template show forced-labour --json | jq -r '.sections[] | .id as $s | .repeat as $r
  | .fields[] | select(.type == "text" or .type == "longtext")
  | if $r then "\($s)[0].\(.id)", "\($s)[1].\(.id)" else "\($s).\(.id)" end')
[ ${#TEXT_PATHS[@]} -ge 20 ] && ok "the template has ${#TEXT_PATHS[@]} text paths to fill" \
  || not_ok "the template's text paths" "${TEXT_PATHS[*]}"

declare -A VALUE
i=0
for p in "${TEXT_PATHS[@]}"; do
  i=$((i + 1))
  marker m "$i"
  VALUE[$p]="진술 $m 끝"
done
marker NARRATIVE_EXTRA narrative
VALUE['episodes[0].narrative']="${VALUE['episodes[0].narrative']} 광산에서 $NARRATIVE_EXTRA"$'\n'"둘째 줄"
marker SITE site

# First values with record new --set, others from a JSON file, the rest with record set.
rc 0 "record new --set" record new --template forced-labour --set "interview.date=2025-02" --set consent.given=true \
  --set "interviewee.name=${VALUE[interviewee.name]}" --set "episodes[0].site=$SITE"
ID=$(head -n1 <<<"$OUT")
jq -n --arg v "${VALUE[interview.city]}" --arg w "${VALUE[consent.contact]}" \
  '{"interview.city": $v, "consent.contact": $w}' >"$SRC/values.json"
rc 0 "record set from --from-json" record new --template forced-labour --from-json "$SRC/values.json"
ID_JSON=$(head -n1 <<<"$OUT")
failed=0
for p in "${TEXT_PATHS[@]}"; do
  quiet record set "$ID" "$p=${VALUE[$p]}" >/dev/null 2>&1 || { failed=$((failed + 1)); diag "record set $p failed"; }
done
[ "$failed" -eq 0 ] && ok "record set of every text path" || not_ok "record set of every text path" "$failed failed"

marker ATT_MARK attachment
{ printf 'RIFF....WAVE %s\n' "$ATT_MARK"; head -c 100000 /dev/urandom; printf '%s\n' "$ATT_MARK"; } >"$SRC/interview.wav"
marker NOTES notes
printf '%s\n' "$ATT_MARK" "$NOTES" >"$SRC/notes.txt"
rc 0 "attach a recording with a marker" attach "$ID" "$SRC/interview.wav"
rc 0 "attach notes with a marker" attach "$ID" "$SRC/notes.txt"
rc 0 "seal" record seal "$ID"
marker REASON reason
rc 0 "amend" record amend "$ID" --reason "$REASON"
marker AMENDED amended
rc 0 "set a value in the amendment" record set "$ID" "episodes[1].narrative=$AMENDED"
rc 0 "attach again in the amendment" attach "$ID" "$SRC/notes.txt" --name "notes-2.txt"
rc 0 "seal the amendment" record seal "$ID"
rc 0 "search for a marker" record list --search "누설표식3가나다"
expect_in "$OUT" "$ID" "…finds the record"
rc 0 "check" check

# The markers went in: record show gives each of them back.
quiet record show "$ID" --version 1 --json >"$WORK/v1.json"
quiet record show "$ID" --json >"$WORK/v2.json"
quiet record show "$ID_JSON" --json >>"$WORK/v2.json"
missing=()
for m in "${MARKERS[@]}"; do
  case "$m" in *interviewer*|*attachment*|*notes*|*Interviewer*|*Attachment*|*Notes*) continue ;; esac
  grep -qF -- "$m" "$WORK/v1.json" "$WORK/v2.json" || missing+=("$m")
done
grep -qF "$REASON" "$WORK/v2.json" || missing+=("$REASON")
[ ${#missing[@]} -eq 0 ] && ok "every marker is stored and shown back" || not_ok "every marker is stored" "${missing[@]}"
diag "${#MARKERS[@]} markers"

# Nothing of it in clear under the vault, TMPDIR or HOME.
hits=0
for m in "${MARKERS[@]}"; do
  for dir in "$V" "$TMPDIR" "$HOME"; do
    hits=$((hits + $(count_plaintext_hits "$dir" "$m")))
  done
done
[ "$hits" -eq 0 ] && ok "no marker under the vault, TMPDIR or HOME, in UTF-8, UTF-16LE or UTF-16BE" \
  || not_ok "markers found in clear" "$hits file hits (see the lines above)"
diag "vault files: $(cd "$V" && find . -type f | sort | tr '\n' ' ')"

# The attachment's bytes: not the whole, not a piece of it.
piece=$(head -c 4096 "$SRC/interview.wav" | tail -c 64 | od -An -tx1 | tr -d ' \n')
found=0
while IFS= read -r -d '' f; do
  od -An -tx1 -v "$f" | tr -d ' \n' | grep -q "$piece" && found=$((found + 1))
  cmp -s "$f" "$SRC/interview.wav" && found=$((found + 1))
done < <(find "$V/blobs" -type f -print0)
n_blobs=$(find "$V/blobs" -type f | wc -l)
[ "$n_blobs" -ge 2 ] && [ "$found" -eq 0 ] && ok "the attachment's plaintext is not in blobs/ ($n_blobs files)" \
  || not_ok "the attachment's plaintext is not in blobs/" "$found matches in $n_blobs files"
big=$(find "$V/blobs" -type f -size +90k | wc -l)
[ "$big" -ge 1 ] && ok "…though the recording is stored there, encrypted" || not_ok "…the recording is stored there"

finish
