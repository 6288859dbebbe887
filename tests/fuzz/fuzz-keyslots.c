/* fuzz-keyslots.c: keyslots.json and typed recovery keys on arbitrary bytes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * keyslots.json is the one plaintext file of a vault, so whoever holds the
 * laptop can change it.  Properties checked besides memory safety:
 * - a refusal is a vault error (damaged, or made by a newer version);
 * - whatever the reader accepts, the writer writes, and what it writes
 *   reads back to the same slots and writes to the same bytes;
 * - a recovery key that parses gives 20 bytes, and the same key typed in
 *   lower case with other separators gives the same bytes.
 */
#include "sillok-config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok-keyslots.h"

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
check_same (SillokKeyslots *a,
            SillokKeyslots *b)
{
  CHECK (strcmp (a->vault, b->vault) == 0);
  CHECK (a->failed_attempts == b->failed_attempts);
  CHECK (a->erase_after == b->erase_after);
  CHECK (a->slots->len == b->slots->len);
  for (guint i = 0; i < a->slots->len; i++)
    {
      SillokKeyslot *x = &g_array_index (a->slots, SillokKeyslot, i);
      SillokKeyslot *y = &g_array_index (b->slots, SillokKeyslot, i);

      CHECK (x->kind == y->kind && x->opslimit == y->opslimit && x->memlimit == y->memlimit);
      CHECK (memcmp (x->salt, y->salt, sizeof x->salt) == 0);
      CHECK (memcmp (x->nonce, y->nonce, sizeof x->nonce) == 0);
      CHECK (memcmp (x->wrapped, y->wrapped, sizeof x->wrapped) == 0);
    }
}

static void
check_keyslots (const char *data,
                size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokKeyslots) parsed = sillok_keyslots_parse (data, size, &error);
  g_autoptr(SillokKeyslots) again = NULL;
  g_autofree char *once = NULL;
  g_autofree char *twice = NULL;
  gsize once_len = 0, twice_len = 0;

  if (parsed == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_VAULT_ERROR);
      CHECK (error->code == SILLOK_VAULT_ERROR_DAMAGED || error->code == SILLOK_VAULT_ERROR_NEWER);
      return;
    }
  CHECK (sillok_keyslots_find (parsed, SILLOK_KEYSLOT_PASSPHRASE) != NULL);
  once = sillok_keyslots_serialize (parsed, &once_len);
  CHECK (once != NULL && once_len > 0 && once[once_len - 1] == '\n');
  again = sillok_keyslots_parse (once, once_len, &error);
  CHECK (again != NULL);
  check_same (parsed, again);
  twice = sillok_keyslots_serialize (again, &twice_len);
  CHECK (once_len == twice_len && memcmp (once, twice, once_len) == 0);
}

static void
check_recovery_key (const char *data,
                    size_t      size)
{
  g_autoptr(SillokSecret) typed = sillok_secret_new_from_data (data, size);
  g_autoptr(SillokSecret) raw = sillok_recovery_key_parse (typed, NULL);
  g_autoptr(SillokSecret) retyped = NULL;
  g_autoptr(SillokSecret) raw_again = NULL;
  GString *other;

  if (raw == NULL)
    return;
  CHECK (sillok_secret_get_length (raw) == SILLOK_RECOVERY_KEY_BYTES);

  /* The same letters, lower case, separated by spaces instead of dashes. */
  other = g_string_new (NULL);
  for (size_t i = 0; i < size; i++)
    g_string_append_c (other, data[i] == '-' ? ' ' : g_ascii_tolower (data[i]));
  retyped = sillok_secret_new_from_data (other->str, other->len);
  sodium_memzero (other->str, other->len);
  g_string_free (other, TRUE);
  raw_again = sillok_recovery_key_parse (retyped, NULL);
  CHECK (raw_again != NULL);
  CHECK (sodium_memcmp (sillok_secret_get_data (raw), sillok_secret_get_data (raw_again),
                        SILLOK_RECOVERY_KEY_BYTES) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_keyslots ((const char *) data, size);
  if (size < 256)
    check_recovery_key ((const char *) data, size);
  return 0;
}
