#!/bin/bash
# A short tour of sillok-cli in a temporary vault, showing each command and its output.
# Usage: cli-demo.sh PATH/TO/sillok-cli
set -u

cli=$(readlink -f "${1:?usage: cli-demo.sh PATH/TO/sillok-cli}")
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

say "Emergency erase: the keys are destroyed and the folder deleted"
run erase --yes
ls "$vault" 2>&1 || true

say "Done. Run ./build-aux/test.sh for the full test suite; see README.md for more."
