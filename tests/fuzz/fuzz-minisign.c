/* fuzz-minisign.c: minisign public key, secret key and signature parsers
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static SillokMinisignPublicKey kat_key;
  static gboolean ready;
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(SillokMinisignSecretKey) sec = NULL;
  SillokMinisignPublicKey pk;

  if (!ready)
    {
      const char *pub = "untrusted comment: minisign public key A7A6A5A4A3A2A1A0\n"
                        "RWSgoaKjpKWmp3m1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk\n";

      g_assert_true (sillok_init (NULL));
      g_assert_true (sillok_minisign_public_key_parse (pub, strlen (pub), &kat_key, NULL));
      ready = TRUE;
    }

  if (sillok_minisign_public_key_parse ((const char *) data, size, &pk, NULL))
    g_assert_cmpint (pk.keynum[0] | 1, !=, 256);

  sig = sillok_minisign_signature_parse ((const char *) data, size, NULL);
  if (sig != NULL)
    {
      g_assert_nonnull (sig->trusted_comment);
      sillok_minisign_verify (&kat_key, sig, (const guint8 *) "hello\n", 6,
                              SILLOK_MINISIGN_VERIFY_ALLOW_LEGACY, NULL);
    }

  /* Only unencrypted keys: an encrypted one would make every run pay for scrypt. */
  if (size > 60 && memmem (data, size, "RWQAAEIy", 8) != NULL)
    sec = sillok_minisign_secret_key_parse ((const char *) data, size, NULL, NULL);
  return 0;
}
