#!/bin/bash
# cli-plaintext.sh: after a whole session — recording interviews with marker
# strings in Korean and Latin, attaching, sealing, amending, searching,
# exporting, importing into a second vault and verifying — no marker and no
# passphrase is in clear, in UTF-8 or UTF-16, in either vault, the bundles,
# $TMPDIR, $HOME, /dev/shm or what the commands printed
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

if ! require_program jq || ! require_program iconv || ! require_program python3; then
  echo "1..0 # SKIP jq, iconv and python3 are needed"
  exit 0
fi

SCAN="$(dirname "$0")/scan-markers.py"
V="$WORK/vault"
C="$WORK/coordinator"
SRC="$WORK/src"            # the user's own files: outside the vault, TMPDIR and HOME
BUNDLES="$WORK/bundles"    # what goes on the USB stick
LOGS="$WORK/logs"          # everything the commands printed, but what show prints on purpose
mkdir -p "$SRC" "$BUNDLES" "$LOGS"
# The passphrases are secrets too: markers of their own.
PASS="평문검사비밀번호 QzPassMarkVx"
BUNDLE_PASS="묶음암호표식 QzBundlePassVx"
LINK_PASS="연결키암호표식 QzLinkPassVx"

# Keeps what a command printed for the final scan; with "shown", only its
# errors: the commands whose output is the testimony or the names the user
# gave (init, record show and list, the archive's views) print them on purpose.
keep_logs () {
  [ "${1:-}" = shown ] && cat "$WORK/out" >>"$WORK/shown.log" || cat "$WORK/out" >>"$LOGS/stdout.log"
  cat "$WORK/err" >>"$LOGS/stderr.log"
}

quiet () {
  "$CLI" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS" 2>>"$LOGS/stderr.log"
}

rc () {
  local want=$1 desc=$2
  shift 2
  run_cli "$want" "$desc" --vault "$V" --passphrase-fd 3 "$@" 3<<<"$PASS"
  keep_logs
}

rc_c () {
  local want=$1 desc=$2
  shift 2
  run_cli "$want" "$desc" --vault "$C" --passphrase-fd 3 "$@" 3<<<"$PASS"
  keep_logs
}

touch "$WORK/session-start"

# The helper itself finds a marker in each encoding (else "no hit" proves nothing).
mkdir -p "$WORK/control"
printf 'x %s y' "표식시험Qz" >"$WORK/control/utf8"
printf '%s' "표식시험Qz" | iconv -f UTF-8 -t UTF-16LE >"$WORK/control/le"
{ printf '\0\1'; printf '%s' "표식시험Qz" | iconv -f UTF-8 -t UTF-16BE; } >"$WORK/control/be"
[ "$(count_plaintext_hits "$WORK/control" "표식시험Qz" 2>/dev/null)" -eq 3 ] \
  && ok "count_plaintext_hits finds UTF-8, UTF-16LE and UTF-16BE" || not_ok "count_plaintext_hits finds all three encodings"
printf '%s\n' "표식시험Qz" >"$WORK/control-markers"
[ "$(python3 "$SCAN" "$WORK/control-markers" "$WORK/control" | cut -f1 | sort | tr '\n' ' ')" \
  = "utf-16-be utf-16-le utf-8 " ] && ok "scan-markers.py finds UTF-8, UTF-16LE and UTF-16BE" \
  || not_ok "scan-markers.py finds all three encodings" "$(python3 "$SCAN" "$WORK/control-markers" "$WORK/control")"
rm -rf "$WORK/control" "$WORK/control-markers"

MARKERS=()
# marker VAR N: sets VAR to a Korean and a Latin marker, distinct for each N.
marker () {
  local ko="누설표식${2}가나다" latin="QzLeakMark${2}Vx"
  MARKERS+=("$ko" "$latin")
  printf -v "$1" '%s %s' "$ko" "$latin"
}

marker INTERVIEWER interviewer
run_cli 0 "init" --vault "$V" --passphrase-fd 3 init --name "$INTERVIEWER" --kdf "$KDF" 3<<<"$PASS"
keep_logs shown

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
  --set consent.share_coordinators=true --set consent.share_legal=true \
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
run_cli 0 "search for a marker" --vault "$V" --passphrase-fd 3 record list --search "누설표식3가나다" 3<<<"$PASS"
keep_logs shown
expect_in "$OUT" "$ID" "…finds the record"
rc 0 "check" check
rc 0 "export the linkage key with a passphrase" linkage-key export --out "$BUNDLES/linkage.key" --key-passphrase-fd 4 \
  4<<<"$LINK_PASS"

# --- export, import into a second vault, verify --------------------------------------------
marker COORD_NAME coordinator
run_cli 0 "a coordinator's vault" --vault "$C" --passphrase-fd 3 init --name "$COORD_NAME" --kdf "$KDF" 3<<<"$PASS"
keep_logs shown
COORD=$("$CLI" --vault "$C" --passphrase-fd 3 identity --age-recipient 3<<<"$PASS")
rc 0 "export the legal profile" export --out "$BUNDLES/legal.sillok" --record "$ID" --profile legal --recipient "$COORD" \
  --override-k "one witness"
rc 0 "export the anonymized profile" export --out "$BUNDLES/anonymized.sillok" --record "$ID" --recipient "$COORD" \
  --override-k "one witness"
rc 0 "export with a bundle passphrase" export --out "$BUNDLES/passphrase.sillok" --record "$ID" --profile legal \
  --bundle-passphrase-fd 4 --override-k "one witness" 4<<<"$BUNDLE_PASS"
rc_c 0 "import the legal and the anonymized bundle into the coordinator's vault" import "$BUNDLES/legal.sillok" \
  "$BUNDLES/anonymized.sillok"
expect_in "$OUT" "2 attachments added" "…with the attachments"
rc_c 0 "import the passphrase bundle" import "$BUNDLES/passphrase.sillok" --bundle-passphrase-fd 4 4<<<"$BUNDLE_PASS"
rc_c 0 "verify the legal bundle with the coordinator's identity" verify "$BUNDLES/legal.sillok"
rc_c 0 "…as JSON" verify "$BUNDLES/legal.sillok" --json
rc_c 0 "…into a PDF report" verify "$BUNDLES/legal.sillok" --report "$SRC/report.pdf"
rc_c 0 "…into an HTML report" verify "$BUNDLES/legal.sillok" --report "$SRC/report.html"
run_cli 0 "verify the passphrase bundle without a vault" verify "$BUNDLES/passphrase.sillok" --bundle-passphrase-fd 4 \
  4<<<"$BUNDLE_PASS"
keep_logs
run_cli 0 "archive list" --vault "$C" --passphrase-fd 3 archive list 3<<<"$PASS"
keep_logs shown
run_cli 0 "archive persons" --vault "$C" --passphrase-fd 3 archive persons 3<<<"$PASS"
keep_logs shown
rc_c 0 "check the coordinator's vault" check
# Shown on purpose: the archive's values, not scanned.
"$CLI" --vault "$C" --passphrase-fd 3 archive show "$ID" 3<<<"$PASS" >"$WORK/archive-show.txt" 2>>"$LOGS/stderr.log"
grep -qF "${VALUE[interviewee.name]}" "$WORK/archive-show.txt" \
  && ok "archive show gives the identifying value of the legal bundle back" \
  || not_ok "archive show gives the identifying value back" "$(head -n 20 "$WORK/archive-show.txt")"

# The markers went in: record show gives each of them back.
quiet record show "$ID" --version 1 --json >"$WORK/v1.json"
quiet record show "$ID" --json >"$WORK/v2.json"
quiet record show "$ID_JSON" --json >>"$WORK/v2.json"
missing=()
for m in "${MARKERS[@]}"; do
  case "$m" in *interviewer*|*attachment*|*notes*|*coordinator*) continue ;; esac
  grep -qF -- "$m" "$WORK/v1.json" "$WORK/v2.json" || missing+=("$m")
done
grep -qF "$REASON" "$WORK/v2.json" || missing+=("$REASON")
[ ${#missing[@]} -eq 0 ] && ok "every marker is stored and shown back" || not_ok "every marker is stored" "${missing[@]}"
diag "${#MARKERS[@]} markers"

# Nothing of it in clear in the vaults, the bundles, TMPDIR, HOME, /dev/shm
# or what the commands printed; nor the passphrases.
printf '%s\n' "${MARKERS[@]}" "$PASS" "$BUNDLE_PASS" "$LINK_PASS" >"$WORK/markers"
places=("$V" "$C" "$BUNDLES" "$TMPDIR" "$HOME" "$LOGS")
python3 "$SCAN" "$WORK/markers" "${places[@]}" >"$WORK/hits"
# /dev/shm is shared with every process of the machine: what changed during the session.
if [ -d /dev/shm ]; then
  places+=(/dev/shm)
  python3 "$SCAN" --newer "$WORK/session-start" "$WORK/markers" /dev/shm >>"$WORK/hits"
fi
hits=$(grep -c . "$WORK/hits")
[ "$hits" -eq 0 ] && ok "no marker and no passphrase in clear (UTF-8, UTF-16LE, UTF-16BE) in ${places[*]#$WORK/}" \
  || not_ok "markers found in clear" "$(head -n 20 "$WORK/hits")"
diag "secret scan: $(wc -l <"$WORK/markers") markers × 3 encodings over $(find "$V" "$C" "$BUNDLES" "$TMPDIR" "$HOME" \
  "$LOGS" -type f | wc -l) files and $(find /dev/shm -type f -newer "$WORK/session-start" 2>/dev/null | wc -l) new ones in /dev/shm: $hits hits"
diag "vault files: $(cd "$V" && find . -type f | sort | tr '\n' ' ')"
[ -s "$LOGS/stdout.log" ] && [ -s "$WORK/archive-show.txt" ] && ok "the scan covered what the commands printed" \
  || not_ok "the scan covered what the commands printed"

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
