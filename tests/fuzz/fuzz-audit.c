/* fuzz-audit.c: a bundle's audit chain and its times on arbitrary bytes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is audit/<uuid>.jsonl, optionally followed by a NUL byte and
 * audit/<uuid>.times.json, read as the bundle reader reads them.  So that
 * chains longer than one entry are reachable, the harness links them: in
 * each line, "$ATC" becomes the digest of that entry's time disclosure and
 * "$PRV" the digest of the line before (the seeds use both).
 * Properties checked besides memory safety:
 * - a refusal is an audit error;
 * - an accepted chain has one entry per line, numbered from 1, each the
 *   exact text of its line, each with its time when times were given.
 */
#include "sillok-config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-audit.h"
#include "sillok-bundle-reader-private.h"

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

static char *
replace (const char *line,
         const char *token,
         const char *with)
{
  g_auto(GStrv) parts = g_strsplit (line, token, -1);

  return g_strjoinv (with, parts);
}

/* The lines of the chain as the reader splits them, or NULL. */
static char **
split_lines (const char *text,
             gsize       len)
{
  g_autofree char *copy = NULL;

  if (len == 0 || text[len - 1] != '\n' || strstr (text, "\n\n") != NULL || text[0] == '\n')
    return NULL;
  copy = g_strndup (text, len - 1);
  return g_strsplit (copy, "\n", -1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *nul = memchr (data, '\0', size);
  gsize entries_len = nul != NULL ? (gsize) (nul - (const char *) data) : size;
  g_autofree char *text = g_strndup ((const char *) data, entries_len);
  g_auto(GStrv) lines = split_lines (text, entries_len);
  g_autoptr(SillokSecret) times_data = NULL;
  g_autoptr(SillokSecret) storage = NULL;
  g_autofree char **times = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  char prev[65] = { 0 };

  if (lines == NULL)
    return 0;
  if (nul != NULL)
    {
      times_data = sillok_secret_new_from_data (nul + 1, size - entries_len - 1);
      times = sillok_bundle_parse_strings (times_data, &storage);
      if (times == NULL)
        return 0;
    }

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *linked = lines[i];

      if (times != NULL && i < g_strv_length (times))
        {
          g_autofree char *at = sillok_disclosure_digest (times[i], strlen (times[i]));

          linked = replace (linked, "$ATC", at);
          g_free (lines[i]);
          lines[i] = linked;
        }
      if (i > 0)
        {
          linked = replace (linked, "$PRV", prev);
          g_free (lines[i]);
          lines[i] = linked;
        }
      {
        guint8 h[32];

        crypto_generichash (h, sizeof h, (const guint8 *) lines[i], strlen (lines[i]), NULL, 0);
        sodium_bin2hex (prev, sizeof prev, h, sizeof h);
      }
    }

  chain = sillok_audit_check_chain ((const char *const *) lines, (const char *const *) times, &error);
  if (chain == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_AUDIT_ERROR);
      return 0;
    }
  CHECK (chain->len == g_strv_length (lines));
  for (guint i = 0; i < chain->len; i++)
    {
      SillokAuditEntry *e = chain->pdata[i];

      CHECK (e->seq == i + 1);
      CHECK (strcmp (e->canonical, lines[i]) == 0);
      CHECK (strlen (e->prev) == 64 && strlen (e->at) == 64);
      CHECK (times == NULL || e->time != NULL);
    }
  return 0;
}
