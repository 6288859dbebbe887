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

int
main (int argc, char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/memory/keys-gone-after-lock", test_keys_gone_after_lock);
  return g_test_run ();
}
