/* sillok-bench-unlock.c: time to unlock a vault, minus the Argon2id time alone
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: sillok-bench-unlock [--kdf PRESET] [--runs N] [--vault DIR --passphrase-fd N]
 * Without --vault a fresh vault is created in a temporary folder.
 */
#include "sillok-config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <stdlib.h>

#include "sillok/sillok.h"
#include "sillok-fs.h"
#include "sillok-keyslots.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

int
main (int argc, char **argv)
{
  g_autofree char *kdf = NULL;
  g_autofree char *vault_path = NULL;
  int runs = 5, fd = -1;
  GOptionEntry entries[] = {
    { "kdf", 0, 0, G_OPTION_ARG_STRING, &kdf, "KDF preset of the new vault (default moderate)", "PRESET" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Number of timed unlocks (default 5)", "N" },
    { "vault", 0, 0, G_OPTION_ARG_FILENAME, &vault_path, "An existing vault to time", "DIR" },
    { "passphrase-fd", 0, 0, G_OPTION_ARG_INT, &fd, "Passphrase of --vault", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time to unlock a vault");
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokSecret) pass = NULL;
  g_autoptr(GArray) kdf_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) unlock_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmp = NULL;
  g_autofree char *keyslots_path = NULL;
  g_autoptr(SillokKeyslots) keyslots = NULL;
  SillokKdfPreset preset = SILLOK_KDF_MODERATE;
  SillokKeyslot *slot;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !sillok_init (&error)
      || (kdf != NULL && !sillok_kdf_preset_from_string (kdf, &preset)))
    {
      g_printerr ("%s\n", error != NULL ? error->message : "unknown --kdf");
      return 2;
    }

  if (vault_path == NULL)
    {
      g_autoptr(SillokVault) vault = NULL;

      tmp = g_dir_make_tmp ("sillok-bench-XXXXXX", &error);
      vault_path = g_build_filename (tmp, "vault", NULL);
      pass = sillok_secret_new_from_string ("benchmark passphrase");
      vault = sillok_vault_new (vault_path);
      if (!sillok_vault_create (vault, "Bench", pass, preset, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      sillok_vault_close (vault);
    }
  else if ((pass = sillok_secret_read_line (fd, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  keyslots_path = g_build_filename (vault_path, "keyslots.json", NULL);
  keyslots = sillok_keyslots_load (keyslots_path, &error);
  g_assert_no_error (error);
  slot = sillok_keyslots_find (keyslots, SILLOK_KEYSLOT_PASSPHRASE);

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(SillokSecret) out = sillok_secret_new (32);
      g_autoptr(SillokVault) vault = sillok_vault_new (vault_path);
      gint64 kdf_us = 0, unlock_us = 0, t;
      double ms;

      /* Alternate the order so neither measurement always runs on a warm heap. */
      for (int pass_no = 0; pass_no < 2; pass_no++)
        {
          if ((pass_no == 0) == (i % 2 == 0))
            {
              t = g_get_monotonic_time ();
              if (crypto_pwhash (sillok_secret_get_data (out), 32, sillok_secret_get_string (pass),
                                 sillok_secret_get_length (pass), slot->salt, slot->opslimit,
                                 slot->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
                g_error ("out of memory for Argon2id");
              kdf_us = g_get_monotonic_time () - t;
            }
          else
            {
              t = g_get_monotonic_time ();
              if (!sillok_vault_unlock (vault, pass, FALSE, NULL, &error))
                g_error ("unlock: %s", error->message);
              unlock_us = g_get_monotonic_time () - t;
              sillok_vault_close (vault);
            }
        }

      ms = kdf_us / 1000.0;
      g_array_append_val (kdf_ms, ms);
      ms = unlock_us / 1000.0;
      g_array_append_val (unlock_ms, ms);
    }

  g_print ("vault: %s (kdf opslimit %" G_GUINT64_FORMAT ", memlimit %" G_GSIZE_FORMAT " MiB), %d runs\n",
           tmp != NULL ? "new, empty" : vault_path, slot->opslimit, slot->memlimit >> 20, runs);
  g_print ("Argon2id alone:  %8.1f ms (median)\n", median (kdf_ms));
  g_print ("unlock:          %8.1f ms (median)\n", median (unlock_ms));
  g_print ("unlock overhead: %8.1f ms (target <= 100 ms)\n", median (unlock_ms) - median (kdf_ms));

  if (tmp != NULL)
    sillok_fs_remove_tree (tmp, NULL);
  return 0;
}
