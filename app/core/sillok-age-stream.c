/* sillok-age-stream.c: the STREAM payload chunks of age v1
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>

#include "sillok-age-private.h"

G_STATIC_ASSERT (crypto_aead_chacha20poly1305_ietf_ABYTES == SILLOK_AGE_TAG_BYTES);
G_STATIC_ASSERT (crypto_aead_chacha20poly1305_ietf_KEYBYTES == SILLOK_AGE_STREAM_KEY_BYTES);

SillokSecret *
sillok_age_stream_key (SillokSecret *file_key,
                       const guint8  nonce[SILLOK_AGE_NONCE_BYTES])
{
  SillokSecret *key = sillok_secret_new (SILLOK_AGE_STREAM_KEY_BYTES);

  sillok_age_hkdf (sillok_secret_get_data (file_key), sillok_secret_get_length (file_key),
                   nonce, SILLOK_AGE_NONCE_BYTES, SILLOK_AGE_PAYLOAD_INFO, sillok_secret_get_data (key));
  return key;
}

/* uint88_be(counter) || last flag; the counter never reaches 2^64 chunks. */
static void
chunk_nonce (guint64  counter,
             gboolean last,
             guint8   nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES])
{
  nonce[0] = nonce[1] = nonce[2] = 0;
  for (int i = 10; i >= 3; i--, counter >>= 8)
    nonce[i] = counter & 0xff;
  nonce[11] = last ? 0x01 : 0x00;
}

void
sillok_age_stream_seal (SillokSecret *key,
                        guint64       counter,
                        gboolean      last,
                        guint8       *buf,
                        gsize         len)
{
  guint8 nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];

  g_assert (len <= SILLOK_AGE_CHUNK_BYTES);
  chunk_nonce (counter, last, nonce);
  /* libsodium encrypts in place when the buffers are the same. */
  crypto_aead_chacha20poly1305_ietf_encrypt (buf, NULL, buf, len, NULL, 0, NULL, nonce,
                                             sillok_secret_get_data (key));
}

gboolean
sillok_age_stream_open (SillokSecret *key,
                        guint64       counter,
                        gboolean      last,
                        const guint8 *in,
                        gsize         len,
                        guint8       *out)
{
  guint8 nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];

  if (len < SILLOK_AGE_TAG_BYTES || len > SILLOK_AGE_ENCRYPTED_CHUNK_BYTES)
    return FALSE;
  chunk_nonce (counter, last, nonce);
  return crypto_aead_chacha20poly1305_ietf_decrypt (out, NULL, NULL, in, len, NULL, 0, nonce,
                                                    sillok_secret_get_data (key)) == 0;
}
