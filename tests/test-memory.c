/* test-memory.c: no key is left in the process's memory after locking
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-import.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-template.h"
#include "sillok-keyslots.h"
#include "sillok-test-utils.h"

typedef struct
{
  const guint8 *start;
  gsize         len;
} Range;

/* Counts the places in the process's readable memory holding @needle,
 * outside the ranges in @skip (where the test keeps its own copies). */
static guint
count_in_memory (const guint8 *needle,
                 gsize         len,
                 const Range  *skip,
                 guint         n_skip)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree guint8 *buf = g_malloc (1 << 20);
  int mem = open ("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  guint hits = 0;

  g_assert_cmpint (mem, >=, 0);
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      guint64 from, to;
      char perms[8];

      if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %7s", &from, &to, perms) != 3
          || perms[0] != 'r' || strstr (lines[i], "[vvar]") != NULL || strstr (lines[i], "[vsyscall]") != NULL)
        continue;
      /* AddressSanitizer's shadow memory: terabytes of address space, never keys. */
      if (to - from > (G_GUINT64_CONSTANT (1) << 34))
        continue;
      for (guint64 at = from; at < to; at += (1 << 20) - len)
        {
          gsize want = MIN ((guint64) (1 << 20), to - at);
          ssize_t got = pread (mem, buf, want, (off_t) at);

          if (got <= 0)
            break;
          for (const guint8 *p = buf; (p = memmem (p, got - (p - buf), needle, len)) != NULL; p++)
            {
              const guint8 *where = (const guint8 *) (guintptr) (at + (p - buf));
              gboolean skipped = FALSE;

              /* The scan buffer itself holds what it just read. */
              if (p >= buf && p < buf + (1 << 20) && where == p)
                skipped = TRUE;
              for (guint s = 0; s < n_skip; s++)
                if (where >= skip[s].start && where < skip[s].start + skip[s].len)
                  skipped = TRUE;
              if (!skipped)
                {
                  hits++;
                  if (g_getenv ("SILLOK_TEST_VERBOSE") != NULL)
                    g_printerr ("found at %p in %s\n", (void *) where, lines[i]);
                }
            }
          if (want < (1u << 20))
            break;
        }
    }
  close (mem);
  return hits;
}

static void
test_keys_gone_after_lock (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "vault", NULL);
  g_autofree char *keyslots_path = g_build_filename (path, "keyslots.json", NULL);
  g_autoptr(SillokVault) vault = sillok_vault_new (path);
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("memory test passphrase");
  g_autoptr(SillokSecret) seed = NULL;
  g_autoptr(SillokSecret) master = NULL;
  g_autoptr(SillokSecret) scalar = NULL;
  g_autoptr(SillokKeyslots) keyslots = NULL;
  g_autoptr(GError) error = NULL;
  Range skip[3];

  g_assert_true (sillok_vault_create (vault, "Memory", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  sillok_vault_lock (vault);
  g_assert_true (sillok_vault_unlock (vault, pass, FALSE, NULL, &error));
  g_assert_no_error (error);

  /* The test's own copies, in guarded memory it knows the place of. */
  seed = sillok_minisign_secret_key_get_seed (sillok_vault_get_signing_key (vault));
  scalar = sillok_secret_new_from_data (sillok_age_identity_get_scalar (sillok_vault_get_age_identity (vault)), 32);
  keyslots = sillok_keyslots_load (keyslots_path, &error);
  g_assert_no_error (error);
  master = sillok_keyslots_unwrap (keyslots, SILLOK_KEYSLOT_PASSPHRASE, pass, &error);
  g_assert_no_error (error);
  skip[0] = (Range) { sillok_secret_get_data (seed), 32 };
  skip[1] = (Range) { sillok_secret_get_data (scalar), 32 };
  skip[2] = (Range) { sillok_secret_get_data (master), 32 };

  /* While unlocked the keys are there: the scan can see them. */
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (seed), 32, skip, 3), >, 0);

  sillok_vault_lock (vault);
  g_assert_true (sillok_vault_is_locked (vault));
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (master), 32, skip, 3), ==, 0);
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (seed), 32, skip, 3), ==, 0);
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (scalar), 32, skip, 3), ==, 0);

  sillok_vault_close (vault);
  sillok_test_rmtree (dir);
}

/* A passphrase made at run time, so that no copy of it sits in the
 * program's own data for the scan to find. */
static SillokSecret *
random_passphrase (void)
{
  g_autoptr(SillokSecret) hex = sillok_secret_new (33);
  guint8 raw[16];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex ((char *) sillok_secret_get_data (hex), 33, raw, sizeof raw);
  sodium_memzero (raw, sizeof raw);
  return sillok_secret_new_from_string (sillok_secret_get_string (hex));
}

/* A whole session's work — records, an attachment, sealing, amending, an
 * export and its import — then lock: no key and no passphrase is left. */
static void
test_keys_gone_after_work (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "vault", NULL);
  g_autofree char *bundle = g_build_filename (dir, "out.sillok", NULL);
  g_autofree char *keyslots_path = g_build_filename (path, "keyslots.json", NULL);
  g_autoptr(SillokVault) vault = sillok_vault_new (path);
  g_autoptr(SillokSecret) pass = random_passphrase ();
  g_autoptr(SillokSecret) seed = NULL;
  g_autoptr(SillokSecret) master = NULL;
  g_autoptr(SillokSecret) scalar = NULL;
  g_autoptr(SillokKeyslots) keyslots = NULL;
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  Range skip[4];
  const char *values[] = { "consent.given=true", "consent.share_coordinators=true", "interview.date=2026-02",
                           "interviewee.name=김기억", "episodes[0].narrative=갱도에서 일했다", NULL };

  g_assert_true (sillok_vault_create (vault, "Memory work", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  sillok_vault_lock (vault);
  g_assert_true (sillok_vault_unlock (vault, pass, FALSE, NULL, &error));
  g_assert_no_error (error);
  template = sillok_template_find_installed ("forced-labour", 1, &error);
  g_assert_no_error (error);

  uuid = sillok_record_create (vault, template, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (vault, uuid, values, &error));
  {
    g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data ("a recording", 11, NULL);

    g_assert_true (sillok_record_attach (vault, uuid, in, "a.wav", "audio/wav", "open", NULL, NULL, NULL, &error));
  }
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SillokExport) export = sillok_export_new (vault);
    g_autoptr(SillokExportReport) report = NULL;
    g_autofree char *recipient = sillok_vault_get_age_recipient (vault);

    sillok_export_add_record (export, uuid);
    g_assert_true (sillok_export_add_recipient (export, recipient, &error));
    g_assert_true (sillok_export_set_override_k (export, "one record", &error));
    report = sillok_export_write (export, bundle, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(SillokBundleReader) reader = sillok_import_reader_new (vault, &error);
    g_autoptr(SillokImportResult) result = NULL;

    g_assert_no_error (error);
    result = sillok_import_file (vault, reader, bundle, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (result);
  }
  g_assert_cmpuint (sillok_record_amend (vault, uuid, "정정", &error), ==, 2);
  g_assert_no_error (error);

  seed = sillok_minisign_secret_key_get_seed (sillok_vault_get_signing_key (vault));
  scalar = sillok_secret_new_from_data (sillok_age_identity_get_scalar (sillok_vault_get_age_identity (vault)), 32);
  keyslots = sillok_keyslots_load (keyslots_path, &error);
  g_assert_no_error (error);
  master = sillok_keyslots_unwrap (keyslots, SILLOK_KEYSLOT_PASSPHRASE, pass, &error);
  g_assert_no_error (error);
  skip[0] = (Range) { sillok_secret_get_data (seed), 32 };
  skip[1] = (Range) { sillok_secret_get_data (scalar), 32 };
  skip[2] = (Range) { sillok_secret_get_data (master), 32 };
  skip[3] = (Range) { sillok_secret_get_data (pass), sillok_secret_get_length (pass) };

  /* While unlocked the scan sees the keys the vault holds. */
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (seed), 32, skip, 4), >, 0);
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (scalar), 32, skip, 4), >, 0);

  sillok_vault_lock (vault);
  g_assert_true (sillok_vault_is_locked (vault));
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (master), 32, skip, 4), ==, 0);
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (seed), 32, skip, 4), ==, 0);
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (scalar), 32, skip, 4), ==, 0);
  g_assert_cmpuint (count_in_memory (sillok_secret_get_data (pass), sillok_secret_get_length (pass), skip, 4), ==, 0);

  sillok_vault_close (vault);
  sillok_test_rmtree (dir);
}

int
main (int argc, char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/memory/keys-gone-after-lock", test_keys_gone_after_lock);
  g_test_add_func ("/memory/keys-gone-after-work", test_keys_gone_after_work);
  return g_test_run ();
}
