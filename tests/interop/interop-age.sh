#!/bin/bash
# tests/interop/interop-age.sh: age 1.1.1 and Sillok decrypt each other's files
#
# For each size, binary and armored, to an X25519 recipient and with a
# passphrase: age encrypts and Sillok decrypts, Sillok encrypts and age
# decrypts, and the bytes must come back the same.  age reads passphrases
# only from a terminal, so it runs under script(1), which gives it a pty
# fed from our stdin.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

. "$(dirname "$0")/../lib.sh"

TOOL=${SILLOK_AGE_TOOL:?SILLOK_AGE_TOOL must name the sillok-age-tool binary}
SIZES="0 1 65535 65536 65537 10485760"

if ! require_program age || ! require_program age-keygen; then
  skip "age interop" "age is not installed"
  finish
fi
diag "$(age --version 2>&1 | head -n 1 | sed 's/^/age /')"
HAVE_SCRIPT=1
if ! require_program script; then
  HAVE_SCRIPT=0
fi

cd "$WORK" || exit 1
age-keygen -o key.txt 2>/dev/null
RECIPIENT=$(age-keygen -y key.txt)
age-keygen -o other.txt 2>/dev/null
# A fresh passphrase per run; it only ever travels through pipes.
PASS=$(head -c 15 /dev/urandom | base64)

# age_tty COMMAND…: runs age under a pty with the passphrase typed in (twice,
# for encryption's confirmation); age's prompts go to script's output.
age_tty () {
  local cmd
  cmd=$(printf '%q ' "$@")
  printf '%s\n%s\n' "$PASS" "$PASS" | script -qec "$cmd" /dev/null >"$WORK/script.out" 2>&1
}

sillok_pass () {
  "$TOOL" "$@" -p 3 3< <(printf '%s\n' "$PASS")
}

# same DESCRIPTION FILE…: the first file's bytes equal the plaintext.
same () {
  local desc=$1 got=$2
  if cmp -s "$got" plain.bin; then
    ok "$desc"
  else
    not_ok "$desc" "$(cmp "$got" plain.bin 2>&1 | head -n 1)" "$(head -c 1000 "$WORK/err" 2>/dev/null)"
  fi
}

for size in $SIZES; do
  head -c "$size" /dev/urandom >plain.bin
  for form in binary armored; do
    a=""
    [ "$form" = armored ] && a="-a"

    # X25519, age → Sillok
    rm -f out.bin
    if age $a -r "$RECIPIENT" -o from-age.age plain.bin 2>err \
       && "$TOOL" decrypt -i key.txt from-age.age >out.bin 2>err; then
      same "X25519 $form $size bytes: age encrypts, Sillok decrypts" out.bin
    else
      not_ok "X25519 $form $size bytes: age encrypts, Sillok decrypts" "$(cat err)"
    fi

    # X25519, Sillok → age
    rm -f out.bin
    if "$TOOL" encrypt $a -r "$RECIPIENT" plain.bin >from-sillok.age 2>err \
       && age -d -i key.txt from-sillok.age >out.bin 2>err; then
      same "X25519 $form $size bytes: Sillok encrypts, age decrypts" out.bin
    else
      not_ok "X25519 $form $size bytes: Sillok encrypts, age decrypts" "$(cat err)"
    fi

    if [ "$HAVE_SCRIPT" = 0 ]; then
      skip "scrypt $form $size bytes: age encrypts, Sillok decrypts" "script (util-linux) is missing, and age reads passphrases only from a terminal"
      skip "scrypt $form $size bytes: Sillok encrypts, age decrypts" "script (util-linux) is missing, and age reads passphrases only from a terminal"
      continue
    fi

    # scrypt, age → Sillok
    rm -f out.bin from-age.age
    if age_tty age $a -p -o from-age.age plain.bin \
       && sillok_pass decrypt from-age.age >out.bin 2>err; then
      same "scrypt $form $size bytes: age encrypts, Sillok decrypts" out.bin
    else
      not_ok "scrypt $form $size bytes: age encrypts, Sillok decrypts" "$(cat "$WORK/script.out" err 2>/dev/null)"
    fi

    # scrypt, Sillok → age; age opens its -o file only once it has a byte
    # to write, and its exit status says the whole file was authenticated.
    : >out.bin
    if sillok_pass encrypt $a plain.bin >from-sillok.age 2>err \
       && age_tty age -d -o out.bin from-sillok.age; then
      same "scrypt $form $size bytes: Sillok encrypts, age decrypts" out.bin
    else
      not_ok "scrypt $form $size bytes: Sillok encrypts, age decrypts" "$(cat "$WORK/script.out" err 2>/dev/null)"
    fi
  done
done

# Each side refuses what the other made for someone else, or damaged.
head -c 100000 /dev/urandom >plain.bin
age -r "$RECIPIENT" -o from-age.age plain.bin
if "$TOOL" decrypt -i other.txt from-age.age >out.bin 2>err; then
  not_ok "Sillok refuses an age file for another identity" "it decrypted"
else
  expect_in "$(cat err)" "not encrypted to this identity" "Sillok refuses an age file for another identity"
fi
"$TOOL" encrypt -r "$RECIPIENT" plain.bin >from-sillok.age
offset=$(($(stat -c %s from-sillok.age) - 100))
byte=$(od -An -tu1 -j "$offset" -N 1 from-sillok.age | tr -d ' ')
# shellcheck disable=SC2059
printf "\\$(printf '%03o' $((byte ^ 1)))" | dd of=from-sillok.age bs=1 seek="$offset" conv=notrunc status=none
if age -d -i key.txt -o out.bin from-sillok.age 2>err; then
  not_ok "age refuses a damaged Sillok file" "it decrypted"
else
  ok "age refuses a damaged Sillok file"
fi

finish
