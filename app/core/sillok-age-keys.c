/* sillok-age-keys.c: X25519 recipients and identities in Bech32
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-age.h"
#include "sillok-bech32.h"

struct _SillokAgeIdentity
{
  SillokSecret *scalar;
  SillokAgeRecipient recipient;
};

G_DEFINE_QUARK (sillok-age-error-quark, sillok_age_error)

gboolean
sillok_age_recipient_parse (const char          *str,
                            SillokAgeRecipient  *out,
                            GError             **error)
{
  g_autofree char *hrp = NULL;
  g_autoptr(GBytes) data = NULL;

  g_return_val_if_fail (str != NULL && out != NULL, FALSE);

  if (g_str_has_prefix (str, "age1pq1"))
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_UNSUPPORTED,
                           _("Post-quantum age recipients are not supported"));
      return FALSE;
    }
  if (!sillok_bech32_decode (str, &hrp, &data)
      || strcmp (hrp, SILLOK_AGE_RECIPIENT_HRP) != 0
      || g_bytes_get_size (data) != SILLOK_AGE_KEYBYTES)
    {
      g_set_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY,
                   _("“%s” is not an age recipient (age1…)"), str);
      return FALSE;
    }
  memcpy (out->pk, g_bytes_get_data (data, NULL), SILLOK_AGE_KEYBYTES);
  return TRUE;
}

char *
sillok_age_recipient_encode (const SillokAgeRecipient *recipient)
{
  g_return_val_if_fail (recipient != NULL, NULL);
  return sillok_bech32_encode (SILLOK_AGE_RECIPIENT_HRP, recipient->pk, SILLOK_AGE_KEYBYTES, FALSE);
}

SillokAgeIdentity *
sillok_age_identity_new_from_scalar (const guint8 scalar[SILLOK_AGE_KEYBYTES])
{
  SillokAgeIdentity *identity = g_new0 (SillokAgeIdentity, 1);

  identity->scalar = sillok_secret_new_from_data (scalar, SILLOK_AGE_KEYBYTES);
  crypto_scalarmult_curve25519_base (identity->recipient.pk, sillok_secret_get_data (identity->scalar));
  return identity;
}

SillokAgeIdentity *
sillok_age_identity_generate (void)
{
  g_autoptr(SillokSecret) scalar = sillok_secret_new (SILLOK_AGE_KEYBYTES);

  randombytes_buf (sillok_secret_get_data (scalar), SILLOK_AGE_KEYBYTES);
  return sillok_age_identity_new_from_scalar (sillok_secret_get_data (scalar));
}

SillokAgeIdentity *
sillok_age_identity_parse (const char  *str,
                           GError     **error)
{
  g_autofree char *hrp = NULL;
  g_autoptr(GBytes) data = NULL;
  SillokAgeIdentity *identity;
  gsize size = 0;
  guint8 *bytes;

  g_return_val_if_fail (str != NULL, NULL);

  if (g_str_has_prefix (str, "AGE-SECRET-KEY-PQ-1"))
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_UNSUPPORTED,
                           _("Post-quantum age identities are not supported"));
      return NULL;
    }
  /* age compares the HRP as written: identities are upper-case only. */
  if (!sillok_bech32_decode (str, &hrp, &data) || strcmp (hrp, SILLOK_AGE_IDENTITY_HRP) != 0
      || g_bytes_get_size (data) != SILLOK_AGE_KEYBYTES)
    {
      if (data != NULL)
        sodium_memzero ((void *) g_bytes_get_data (data, NULL), g_bytes_get_size (data));
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY,
                           _("Not an age identity (AGE-SECRET-KEY-1…)"));
      return NULL;
    }
  bytes = (guint8 *) g_bytes_get_data (data, &size);
  identity = sillok_age_identity_new_from_scalar (bytes);
  sodium_memzero (bytes, size);
  return identity;
}

GPtrArray *
sillok_age_identity_parse_file (const char  *data,
                                gsize        len,
                                GError     **error)
{
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_age_identity_free);
  g_autoptr(SillokSecret) copy = sillok_secret_new_from_data (data, len);
  char *text = (char *) sillok_secret_get_data (copy);
  char *save = NULL;
  guint line_no = 0;

  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY,
                           _("The identity file holds a NUL byte"));
      return NULL;
    }

  for (char *line = strtok_r (text, "\n", &save); line != NULL; line = strtok_r (NULL, "\n", &save))
    {
      gsize l = strlen (line);
      SillokAgeIdentity *identity;

      line_no++;
      if (l > 0 && line[l - 1] == '\r')
        line[--l] = '\0';
      if (l == 0 || line[0] == '#')
        continue;
      identity = sillok_age_identity_parse (line, error);
      if (identity == NULL)
        {
          g_prefix_error (error, _("Identity file line %u: "), line_no);
          return NULL;
        }
      g_ptr_array_add (identities, identity);
    }
  if (identities->len == 0)
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY,
                           _("The identity file holds no identity"));
      return NULL;
    }
  return g_steal_pointer (&identities);
}

SillokSecret *
sillok_age_identity_encode (SillokAgeIdentity *identity)
{
  char *str;
  SillokSecret *secret;

  g_return_val_if_fail (identity != NULL, NULL);
  str = sillok_bech32_encode (SILLOK_AGE_IDENTITY_HRP, sillok_secret_get_data (identity->scalar),
                              SILLOK_AGE_KEYBYTES, TRUE);
  secret = sillok_secret_new_from_string (str);
  sodium_memzero (str, strlen (str));
  g_free (str);
  return secret;
}

const guint8 *
sillok_age_identity_get_scalar (SillokAgeIdentity *identity)
{
  g_return_val_if_fail (identity != NULL, NULL);
  return sillok_secret_get_data (identity->scalar);
}

void
sillok_age_identity_get_recipient (SillokAgeIdentity  *identity,
                                   SillokAgeRecipient *out)
{
  g_return_if_fail (identity != NULL && out != NULL);
  *out = identity->recipient;
}

void
sillok_age_identity_free (SillokAgeIdentity *identity)
{
  if (identity == NULL)
    return;
  sillok_secret_free (identity->scalar);
  g_free (identity);
}
