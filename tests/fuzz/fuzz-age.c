/* fuzz-age.c: libFuzzer target for the age reader (armor, header, payload)
 *
 * Decrypts each input with the identity and passphrase most testkit files
 * use, so inputs made from them reach the payload, and with a low scrypt
 * limit so a hostile work factor costs nothing.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <gio/gio.h>

#include "sillok/sillok.h"
#include "sillok-age-private.h"

#define FUZZ_IDENTITY "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
#define FUZZ_PASSPHRASE "password"
#define FUZZ_MAX_WORK_FACTOR 10

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static SillokAgeIdentity *identity;
static SillokSecret *passphrase;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_assert_true (sillok_init (NULL));
  identity = sillok_age_identity_parse (FUZZ_IDENTITY, NULL);
  g_assert_nonnull (identity);
  passphrase = sillok_secret_new_from_string (FUZZ_PASSPHRASE);
  return 0;
}

static void
decrypt (const guint8         *data,
         size_t                size,
         SillokAgeInputFormat  format)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
  g_autoptr(GError) error = NULL;
  guint64 total = 0;

  sillok_age_decryptor_add_identity (dec, identity);
  sillok_age_decryptor_add_passphrase (dec, passphrase);
  sillok_age_decryptor_set_max_work_factor (dec, FUZZ_MAX_WORK_FACTOR);
  sillok_age_decryptor_set_input_format (dec, format);
  for (;;)
    {
      const guint8 *plain;
      gsize len = 0;

      if (!sillok_age_decryptor_read_chunk (dec, &plain, &len, NULL, &error))
        {
          /* Every failure is one of the reader's classes, never an I/O error. */
          g_assert_true (error->domain == SILLOK_AGE_ERROR);
          break;
        }
      if (len == 0)
        break;
      total += len;
      g_assert_cmpuint (len, <=, SILLOK_AGE_CHUNK_BYTES);
    }
  /* Ciphertext is never shorter than the plaintext it gave. */
  g_assert_cmpuint (total, <=, size);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  decrypt (data, size, SILLOK_AGE_INPUT_AUTO);
  /* The armor reader on its own, even where detection says binary. */
  decrypt (data, size, SILLOK_AGE_INPUT_ARMORED);
  return 0;
}
