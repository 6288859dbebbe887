/* sillok-age-primitives.c: HKDF, header base64 and file-key wrapping for age v1
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok-age-private.h"

/* The pseudorandom key and HMAC state of one HKDF run. */
typedef struct
{
  crypto_auth_hmacsha256_state state;
  guint8                       prk[SILLOK_AGE_HKDF_BYTES];
} HkdfScratch;

/* sodium_malloc() ends a block at its page's end, so a size that is a
 * multiple of 16 keeps the block aligned. */
#define HKDF_SCRATCH_ALLOC (((sizeof (HkdfScratch) + 15) / 16) * 16)

void
sillok_age_hkdf (const guint8 *ikm,
                 gsize         ikm_len,
                 const guint8 *salt,
                 gsize         salt_len,
                 const char   *info,
                 guint8        out[SILLOK_AGE_HKDF_BYTES])
{
  static const guint8 empty[1] = { 0 };
  static const guint8 one = 0x01;
  HkdfScratch *s = sodium_malloc (HKDF_SCRATCH_ALLOC);

  if (s == NULL)
    g_error ("out of guarded memory");

  /* Extract: an empty salt is an HMAC key of length 0 (libsodium wants a
   * pointer all the same). */
  crypto_auth_hmacsha256_init (&s->state, salt_len > 0 ? salt : empty, salt_len);
  crypto_auth_hmacsha256_update (&s->state, ikm_len > 0 ? ikm : empty, ikm_len);
  crypto_auth_hmacsha256_final (&s->state, s->prk);

  /* Expand, one block since L = 32. */
  crypto_auth_hmacsha256_init (&s->state, s->prk, sizeof s->prk);
  crypto_auth_hmacsha256_update (&s->state, (const guint8 *) info, strlen (info));
  crypto_auth_hmacsha256_update (&s->state, &one, 1);
  crypto_auth_hmacsha256_final (&s->state, out);

  sodium_free (s);
}

char *
sillok_age_base64_encode (const guint8 *data,
                          gsize         len)
{
  gsize size = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  char *out = g_malloc (size);

  sodium_bin2base64 (out, size, data, len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  return out;
}

gboolean
sillok_age_base64_decode (const char *str,
                          gsize       str_len,
                          guint8     *out,
                          gsize       max,
                          gsize      *out_len)
{
  size_t bin_len = 0;

  /* With no characters to ignore and no end pointer, libsodium rejects
   * padding, CR, LF, any byte outside the alphabet and leftover bits. */
  if (sodium_base642bin (out, max, str, str_len, NULL, &bin_len, NULL,
                         sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
    return FALSE;
  *out_len = bin_len;
  return TRUE;
}

void
sillok_age_wrap_file_key (const guint8  key[SILLOK_AGE_HKDF_BYTES],
                          SillokSecret *file_key,
                          guint8        body[SILLOK_AGE_WRAPPED_KEY_BYTES])
{
  static const guint8 zero_nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES] = { 0 };

  g_assert (sillok_secret_get_length (file_key) == SILLOK_AGE_FILE_KEY_BYTES);
  crypto_aead_chacha20poly1305_ietf_encrypt (body, NULL, sillok_secret_get_data (file_key),
                                             SILLOK_AGE_FILE_KEY_BYTES, NULL, 0, NULL,
                                             zero_nonce, key);
}

SillokSecret *
sillok_age_unwrap_file_key (const guint8 key[SILLOK_AGE_HKDF_BYTES],
                            const guint8 body[SILLOK_AGE_WRAPPED_KEY_BYTES])
{
  static const guint8 zero_nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES] = { 0 };
  g_autoptr(SillokSecret) file_key = sillok_secret_new (SILLOK_AGE_FILE_KEY_BYTES);

  if (crypto_aead_chacha20poly1305_ietf_decrypt (sillok_secret_get_data (file_key), NULL, NULL,
                                                 body, SILLOK_AGE_WRAPPED_KEY_BYTES, NULL, 0,
                                                 zero_nonce, key) != 0)
    return NULL;
  return g_steal_pointer (&file_key);
}
