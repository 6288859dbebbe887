/* sillok-age-x25519.c: the X25519 recipient stanza of age v1
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-age-private.h"

/* HKDF-SHA-256(shared, salt = share || recipient, "age-encryption.org/v1/X25519") */
static SillokSecret *
wrap_key (SillokSecret *shared,
          const guint8  share[SILLOK_AGE_KEYBYTES],
          const guint8  recipient[SILLOK_AGE_KEYBYTES])
{
  SillokSecret *key = sillok_secret_new (SILLOK_AGE_HKDF_BYTES);
  guint8 salt[2 * SILLOK_AGE_KEYBYTES];

  memcpy (salt, share, SILLOK_AGE_KEYBYTES);
  memcpy (salt + SILLOK_AGE_KEYBYTES, recipient, SILLOK_AGE_KEYBYTES);
  sillok_age_hkdf (sillok_secret_get_data (shared), SILLOK_AGE_KEYBYTES, salt, sizeof salt,
                   SILLOK_AGE_X25519_INFO, sillok_secret_get_data (key));
  return key;
}

SillokAgeStanza *
sillok_age_x25519_wrap (const SillokAgeRecipient *recipient,
                        SillokSecret             *file_key,
                        const guint8              ephemeral_secret[SILLOK_AGE_KEYBYTES],
                        GError                  **error)
{
  g_autoptr(SillokSecret) shared = sillok_secret_new (SILLOK_AGE_KEYBYTES);
  g_autoptr(SillokSecret) key = NULL;
  guint8 share[SILLOK_AGE_KEYBYTES];
  guint8 body[SILLOK_AGE_WRAPPED_KEY_BYTES];
  g_autofree char *share_b64 = NULL;
  const char *args[2] = { NULL, NULL };

  crypto_scalarmult_curve25519_base (share, ephemeral_secret);
  /* libsodium refuses low-order points, whose shared secret is all zero. */
  if (crypto_scalarmult_curve25519 (sillok_secret_get_data (shared), ephemeral_secret, recipient->pk) != 0)
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY,
                           _("The age recipient is not a usable X25519 public key"));
      return NULL;
    }
  key = wrap_key (shared, share, recipient->pk);
  sillok_age_wrap_file_key (sillok_secret_get_data (key), file_key, body);
  share_b64 = sillok_age_base64_encode (share, sizeof share);
  args[0] = share_b64;
  return sillok_age_stanza_new (SILLOK_AGE_X25519_TYPE, args, body, sizeof body);
}

static void
set_stanza_error (GError     **error,
                  const char  *what)
{
  g_set_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
               _("Malformed X25519 stanza: %s"), what);
}

SillokAgeUnwrapResult
sillok_age_x25519_unwrap (SillokAgeIdentity     *identity,
                          const SillokAgeStanza *stanza,
                          SillokSecret         **file_key,
                          GError               **error)
{
  g_autoptr(SillokSecret) shared = NULL;
  g_autoptr(SillokSecret) key = NULL;
  SillokAgeRecipient ours;
  guint8 share[SILLOK_AGE_KEYBYTES];
  gsize share_len = 0;

  /* The type is case-sensitive: "x25519" is some other, unknown type. */
  if (strcmp (stanza->type, SILLOK_AGE_X25519_TYPE) != 0)
    return SILLOK_AGE_UNWRAP_NO_MATCH;
  if (stanza->n_args != 1)
    {
      set_stanza_error (error, _("it must have exactly one argument"));
      return SILLOK_AGE_UNWRAP_ERROR;
    }
  if (!sillok_age_base64_decode (stanza->args[0], strlen (stanza->args[0]), share, sizeof share, &share_len)
      || share_len != sizeof share)
    {
      set_stanza_error (error, _("the ephemeral share is not 32 bytes in canonical base64"));
      return SILLOK_AGE_UNWRAP_ERROR;
    }
  if (stanza->body_len != SILLOK_AGE_WRAPPED_KEY_BYTES)
    {
      set_stanza_error (error, _("the wrapped file key is not 32 bytes"));
      return SILLOK_AGE_UNWRAP_ERROR;
    }
  shared = sillok_secret_new (SILLOK_AGE_KEYBYTES);
  if (crypto_scalarmult_curve25519 (sillok_secret_get_data (shared),
                                    sillok_age_identity_get_scalar (identity), share) != 0)
    {
      set_stanza_error (error, _("the ephemeral share is a low-order point"));
      return SILLOK_AGE_UNWRAP_ERROR;
    }
  sillok_age_identity_get_recipient (identity, &ours);
  key = wrap_key (shared, share, ours.pk);
  *file_key = sillok_age_unwrap_file_key (sillok_secret_get_data (key), stanza->body);
  return *file_key != NULL ? SILLOK_AGE_UNWRAP_MATCH : SILLOK_AGE_UNWRAP_NO_MATCH;
}
