#!/bin/bash
# A short tour of sillok-cli in a temporary vault, showing each command and its output.
# Usage: cli-demo.sh PATH/TO/sillok-cli
set -u

cli=$(readlink -f "${1:?usage: cli-demo.sh PATH/TO/sillok-cli}")
# Templates and the gazetteer, when sillok-cli runs uninstalled from the build folder.
export SILLOK_DATADIR=${SILLOK_DATADIR:-$(cd "$(dirname "$0")/../schemas" && pwd)}
demo=$(mktemp -d "${TMPDIR:-/tmp}/sillok-demo.XXXXXX")
trap 'rm -rf "$demo"' EXIT
vault="$demo/vault"
pass="demo passphrase 시연"

say () {
  printf '\n\033[1m# %s\033[0m\n' "$*"
}

# Shows and runs one sillok-cli command; the passphrase goes through descriptor 3,
# never the command line.
run () {
  printf '$ sillok-cli %s\n' "$*"
  "$cli" --vault "$vault" "$@" 3<<<"$pass"
  printf '(exit %d)\n' $?
}

say "No display found: here is sillok-cli in a temporary vault ($vault)."
say "Create a vault (the fast 'interactive' key stretching, for the demo)"
run --passphrase-fd 3 init --name "Demo Interviewer 시연 면담자" --kdf interactive

say "The vault holds only encrypted files; keyslots.json has the wrapped master key"
ls -l "$vault"
head -c 160 "$vault/keyslots.json"; echo " …"

say "Show the identity: a minisign signing key and an age recipient for bundles"
run --passphrase-fd 3 identity

say "A wrong passphrase is refused with exit code 3, and the next try waits"
pass_saved=$pass; pass="wrong"
run --passphrase-fd 3 identity
pass=$pass_saved
run lock-policy

say "Make a recovery key (shown once)"
run --passphrase-fd 3 recovery-key

say "Export the public signing key for minisign"
run --passphrase-fd 3 identity --export-pub "$demo/interviewer.pub"
cat "$demo/interviewer.pub"

if command -v age >/dev/null 2>&1; then
  say "Anyone can encrypt to the vault with the standard age tool"
  recipient=$("$cli" --vault "$vault" --passphrase-fd 3 identity --age-recipient 3<<<"$pass")
  printf '$ echo "for the coordinator" | age -r %s > %s/note.age\n' "$recipient" "$demo"
  echo "for the coordinator" | age -r "$recipient" >"$demo/note.age" && ls -l "$demo/note.age"
fi

say "Record an interview from the forced-labour template (values go in by field path)"
id=$("$cli" --vault "$vault" --passphrase-fd 3 record new --template forced-labour 3<<<"$pass")
echo "$ sillok-cli record new --template forced-labour   →  $id"
run --passphrase-fd 3 record set "$id" consent.given=true consent.share_coordinators=true \
  interview.date=2026-11 interview.language=ko "interviewee.name=김철수" "interviewee.birth_date=1975-03-12" \
  "episodes[0].site=musan-mine" "episodes[0].from=1998" "episodes[0].hours_per_day=14" \
  "episodes[0].narrative=김철수는 1998년부터 무산광산에서 하루 14시간 일했다."

say "Search finds Korean words inside longer ones (광산 → 무산광산에서)"
run --passphrase-fd 3 record list --search 광산

say "Seal it: the values become salted disclosures under a signed statement"
run --passphrase-fd 3 record seal "$id"
run --passphrase-fd 3 record statement "$id" --out "$demo/statement"
if command -v minisign >/dev/null 2>&1; then
  say "Anyone can check the signature with the standard minisign tool"
  (cd "$demo/statement" && minisign -Vm statement.json -p ./*.pub)
fi

say "What an anonymized export would carry of the narrative: the name is gone"
jq -r '.[]' "$demo/statement/disclosures.json" 2>/dev/null | while read -r d; do
  printf '%s' "$d" | tr '_-' '/+' | base64 -d 2>/dev/null; echo
done | grep narrative || true

say "The vault checks itself: signatures, disclosures, attachments, audit trails"
run --passphrase-fd 3 audit "$id"
run --passphrase-fd 3 check

say "Emergency erase: the keys are destroyed and the folder deleted"
run erase --yes
ls "$vault" 2>&1 || true

say "Done. Run ./build-aux/test.sh for the full test suite; see README.md for more."
