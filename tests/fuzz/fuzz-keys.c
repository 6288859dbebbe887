/* fuzz-keys.c: age recipients, identities and identity files on arbitrary bytes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recipient strings come from other people (recipients add, export
 * --recipient), identity files from the command line (verify --identity).
 * Properties checked besides memory safety:
 * - an accepted recipient or identity encodes back to exactly its input;
 * - every identity of an accepted identity file is one of its non-comment
 *   lines, in order, and its recipient is the one its scalar gives.
 */
#include "sillok-config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) { fprintf (stderr, "property failed: %s\n", #cond); abort (); } } while (0)

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  CHECK (sillok_init (NULL));
  return 0;
}

static void
check_recipient (const char *str)
{
  SillokAgeRecipient r;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;

  if (!sillok_age_recipient_parse (str, &r, &error))
    {
      CHECK (error != NULL && error->domain == SILLOK_AGE_ERROR);
      return;
    }
  again = sillok_age_recipient_encode (&r);
  CHECK (strcmp (again, str) == 0);
}

static void
check_identity (SillokAgeIdentity *identity,
                const char        *line)
{
  g_autoptr(SillokSecret) encoded = sillok_age_identity_encode (identity);
  SillokAgeRecipient r;
  guint8 pk[crypto_scalarmult_curve25519_BYTES];

  CHECK (strcmp (sillok_secret_get_string (encoded), line) == 0);
  sillok_age_identity_get_recipient (identity, &r);
  crypto_scalarmult_curve25519_base (pk, sillok_age_identity_get_scalar (identity));
  CHECK (memcmp (pk, r.pk, sizeof pk) == 0);
}

static void
check_identity_file (const char *data,
                     size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) identities = sillok_age_identity_parse_file (data, size, &error);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (identities == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_AGE_ERROR);
      return;
    }
  CHECK (identities->len > 0);
  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize l = strlen (lines[i]);

      if (l > 0 && lines[i][l - 1] == '\r')
        lines[i][--l] = '\0';
      if (l == 0 || lines[i][0] == '#')
        continue;
      CHECK (n < identities->len);
      check_identity (identities->pdata[n++], lines[i]);
    }
  CHECK (n == identities->len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *str = NULL;

  check_identity_file ((const char *) data, size);
  if (memchr (data, '\0', size) != NULL)
    return 0;
  str = g_strndup ((const char *) data, size);
  check_recipient (str);
  {
    g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_parse (str, NULL);

    if (identity != NULL)
      check_identity (identity, str);
  }
  return 0;
}
