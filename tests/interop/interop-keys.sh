#!/bin/bash
# interop-keys.sh: Sillok's minisign and age keys against the real minisign and age
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

TOOL=${SILLOK_MINISIGN_TOOL:?}
cd "$WORK" || exit 1

if ! require_program minisign; then
  skip "minisign interop" "minisign is not installed"
else
  printf 'a message\n%.0s' $(seq 1000) >msg

  # Our key, signed by us, verified by minisign (-H: prehashed only).
  "$TOOL" keygen ours.pub ours.key
  "$TOOL" sign ours.key msg msg.minisig "sillok interop 한국어"
  check "minisign -V -H accepts our signature" minisign -Vm msg -p ours.pub -x msg.minisig -H
  check "minisign shows our trusted comment" bash -c 'minisign -Vm msg -p ours.pub -x msg.minisig | grep -q "sillok interop 한국어"'

  # minisign -R rebuilds the same public key file from our secret key.
  minisign -R -s ours.key -p rebuilt.pub >/dev/null 2>&1
  check "minisign -R rebuilds our public key byte for byte" cmp ours.pub rebuilt.pub

  # minisign signs with our key; we verify.
  minisign -S -s ours.key -m msg -x theirs.minisig -t "from minisign" >/dev/null 2>&1 </dev/null
  check "our verifier accepts minisign's signature" "$TOOL" verify ours.pub msg theirs.minisig
  check "the same bytes as ours for the same comment" bash -c \
    "\"$TOOL\" sign ours.key msg same.minisig 'from minisign' && diff <(sed -n 2,4p same.minisig) <(sed -n 2,4p theirs.minisig)"

  # A key made by minisign -G -W.
  minisign -G -W -p mk.pub -s mk.key -f >/dev/null 2>&1 </dev/null
  minisign -S -s mk.key -m msg -x mk.minisig >/dev/null 2>&1 </dev/null
  check "we verify minisign's own key and signature" "$TOOL" verify mk.pub msg mk.minisig
  "$TOOL" sign mk.key msg ours-with-mk.minisig "made with a minisign key"
  check "minisign verifies what we sign with its key" minisign -Vm msg -p mk.pub -x ours-with-mk.minisig -H

  # Tampering is caught by both, and we name the check.
  cp msg msg.bad; printf 'x' >>msg.bad
  "$TOOL" verify ours.pub msg.bad msg.minisig 2>err; rc=$?
  [ $rc -eq 1 ] && grep -q "does not match the signed data" err && ok "a changed message is named" || not_ok "a changed message is named" "$(cat err)"
  minisign -Vm msg.bad -p ours.pub -x msg.minisig >/dev/null 2>&1 && not_ok "minisign rejects it too" || ok "minisign rejects it too"

  sed '3s/한국어/조선어/' msg.minisig >tc.minisig
  "$TOOL" verify ours.pub msg tc.minisig 2>err; rc=$?
  [ $rc -eq 1 ] && grep -q "trusted comment" err && ok "a changed trusted comment is named" || not_ok "a changed trusted comment is named" "$(cat err)"
  minisign -Vm msg -p ours.pub -x tc.minisig >/dev/null 2>&1 && not_ok "minisign rejects it too" || ok "minisign rejects it too"

  "$TOOL" verify mk.pub msg msg.minisig 2>err; rc=$?
  [ $rc -eq 1 ] && grep -q "Signed by key" err && ok "a signature by another key is named" || not_ok "a signature by another key is named" "$(cat err)"
fi

# The vault's own keys.
V="$WORK/vault"
PASS="interop"
"$CLI" --vault "$V" --passphrase-fd 3 init --name "Interop" --kdf "$KDF" 3<<<"$PASS" >/dev/null
"$CLI" --vault "$V" --passphrase-fd 3 identity --export-pub vault.pub 3<<<"$PASS" >/dev/null
KEYID=$("$CLI" --vault "$V" --passphrase-fd 3 identity 3<<<"$PASS" | sed -n 's/^Signing key: *//p')
check "the exported .pub names the key id" grep -qx "untrusted comment: minisign public key $KEYID" vault.pub
check "its second line is Ed + key id + key in padded base64" bash -c '[ "$(sed -n 2p vault.pub | base64 -d | head -c 2)" = Ed ] && [ "$(sed -n 2p vault.pub | base64 -d | wc -c)" = 42 ]'
if require_program minisign; then
  minisign -Vm msg -p vault.pub -x msg.minisig >out 2>&1
  grep -qi "key id" out && ok "minisign reads the exported .pub as a public key" || not_ok "minisign reads the exported .pub" "$(cat out)"
fi

if ! require_program age; then
  skip "age interop" "age is not installed"
else
  R=$("$CLI" --vault "$V" --passphrase-fd 3 identity --age-recipient 3<<<"$PASS")
  printf 'secret testimony\n' | age -r "$R" -o to-vault.age
  check "age -r accepts the vault's recipient" test -s to-vault.age
  "$CLI" --vault "$V" --passphrase-fd 3 identity --export-age-identity vault-age.key 3<<<"$PASS" >/dev/null
  check "the exported age identity is private to its owner" bash -c '[ "$(stat -c %a vault-age.key)" = 600 ]'
  check "age -d -i decrypts with the exported identity" bash -c 'age -d -i vault-age.key to-vault.age | grep -qx "secret testimony"'
  check "age-keygen -y derives the same recipient" bash -c "[ \"\$(age-keygen -y vault-age.key)\" = '$R' ]"
  "$CLI" --vault "$V" --passphrase-fd 3 identity --export-age-identity vault-age.key 3<<<"$PASS" >/dev/null 2>err
  [ $? -ne 0 ] && ok "an existing identity file is never overwritten" || not_ok "an existing identity file is never overwritten"
fi

finish
