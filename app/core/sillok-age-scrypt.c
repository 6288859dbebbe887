/* sillok-age-scrypt.c: the scrypt (passphrase) stanza of age v1
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-age-private.h"

/* scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N = 2^work_factor, r = 8, p = 1) */
static SillokSecret *
wrap_key (SillokSecret  *passphrase,
          const guint8   salt[SILLOK_AGE_SCRYPT_SALT_BYTES],
          guint          work_factor,
          GError       **error)
{
  g_autoptr(SillokSecret) key = sillok_secret_new (SILLOK_AGE_HKDF_BYTES);
  guint8 full_salt[sizeof SILLOK_AGE_SCRYPT_SALT_LABEL - 1 + SILLOK_AGE_SCRYPT_SALT_BYTES];

  memcpy (full_salt, SILLOK_AGE_SCRYPT_SALT_LABEL, sizeof SILLOK_AGE_SCRYPT_SALT_LABEL - 1);
  memcpy (full_salt + sizeof SILLOK_AGE_SCRYPT_SALT_LABEL - 1, salt, SILLOK_AGE_SCRYPT_SALT_BYTES);
  if (crypto_pwhash_scryptsalsa208sha256_ll (sillok_secret_get_data (passphrase),
                                             sillok_secret_get_length (passphrase),
                                             full_salt, sizeof full_salt,
                                             (uint64_t) 1 << work_factor,
                                             SILLOK_AGE_SCRYPT_R, SILLOK_AGE_SCRYPT_P,
                                             sillok_secret_get_data (key), SILLOK_AGE_HKDF_BYTES) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for scrypt with work factor %u"), work_factor);
      return NULL;
    }
  return g_steal_pointer (&key);
}

SillokAgeStanza *
sillok_age_scrypt_wrap (SillokSecret  *passphrase,
                        guint          work_factor,
                        const guint8   salt[SILLOK_AGE_SCRYPT_SALT_BYTES],
                        SillokSecret  *file_key,
                        GError       **error)
{
  g_autoptr(SillokSecret) key = NULL;
  guint8 body[SILLOK_AGE_WRAPPED_KEY_BYTES];
  g_autofree char *salt_b64 = NULL;
  g_autofree char *factor = NULL;
  const char *args[3] = { NULL, NULL, NULL };

  g_return_val_if_fail (work_factor >= 1 && work_factor <= SILLOK_AGE_SCRYPT_WORK_FACTOR_LIMIT, NULL);

  key = wrap_key (passphrase, salt, work_factor, error);
  if (key == NULL)
    return NULL;
  sillok_age_wrap_file_key (sillok_secret_get_data (key), file_key, body);
  salt_b64 = sillok_age_base64_encode (salt, SILLOK_AGE_SCRYPT_SALT_BYTES);
  factor = g_strdup_printf ("%u", work_factor);
  args[0] = salt_b64;
  args[1] = factor;
  return sillok_age_stanza_new (SILLOK_AGE_SCRYPT_TYPE, args, body, sizeof body);
}

static void
set_stanza_error (GError     **error,
                  const char  *what)
{
  g_set_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
               _("Malformed scrypt stanza: %s"), what);
}

/* ^[1-9][0-9]*$, and at most @max: anything else is refused before any
 * work, so a hostile file cannot ask for terabytes. */
static gboolean
parse_work_factor (const char *str,
                   guint       max,
                   guint      *out,
                   GError    **error)
{
  guint64 value = 0;

  if (str[0] < '1' || str[0] > '9')
    goto malformed;
  for (const char *p = str; *p != '\0'; p++)
    {
      if (*p < '0' || *p > '9')
        goto malformed;
      value = value * 10 + (*p - '0');
      if (value > max)
        {
          g_set_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
                       _("The scrypt work factor is above the limit of %u"), max);
          return FALSE;
        }
    }
  *out = value;
  return TRUE;

malformed:
  set_stanza_error (error, _("the work factor is not a positive decimal number"));
  return FALSE;
}

SillokAgeUnwrapResult
sillok_age_scrypt_unwrap (SillokSecret          *passphrase,
                          guint                  max_work_factor,
                          const SillokAgeStanza *stanza,
                          SillokSecret         **file_key,
                          GError               **error)
{
  g_autoptr(SillokSecret) key = NULL;
  guint8 salt[SILLOK_AGE_SCRYPT_SALT_BYTES];
  gsize salt_len = 0;
  guint work_factor = 0;

  if (strcmp (stanza->type, SILLOK_AGE_SCRYPT_TYPE) != 0)
    return SILLOK_AGE_UNWRAP_NO_MATCH;
  if (stanza->n_args != 2)
    {
      set_stanza_error (error, _("it must have exactly two arguments"));
      return SILLOK_AGE_UNWRAP_ERROR;
    }
  if (!sillok_age_base64_decode (stanza->args[0], strlen (stanza->args[0]), salt, sizeof salt, &salt_len)
      || salt_len != sizeof salt)
    {
      set_stanza_error (error, _("the salt is not 16 bytes in canonical base64"));
      return SILLOK_AGE_UNWRAP_ERROR;
    }
  if (!parse_work_factor (stanza->args[1], max_work_factor, &work_factor, error))
    return SILLOK_AGE_UNWRAP_ERROR;
  if (stanza->body_len != SILLOK_AGE_WRAPPED_KEY_BYTES)
    {
      set_stanza_error (error, _("the wrapped file key is not 32 bytes"));
      return SILLOK_AGE_UNWRAP_ERROR;
    }
  key = wrap_key (passphrase, salt, work_factor, error);
  if (key == NULL)
    return SILLOK_AGE_UNWRAP_ERROR;
  *file_key = sillok_age_unwrap_file_key (sillok_secret_get_data (key), stanza->body);
  return *file_key != NULL ? SILLOK_AGE_UNWRAP_MATCH : SILLOK_AGE_UNWRAP_NO_MATCH;
}
