/* sillok-cli-vault.c: init, passwd, recovery-key, lock-policy, erase, identity
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sillok-cli.h"


static void
print_identity (SillokVault *vault)
{
  g_autofree char *key_id = sillok_vault_get_key_id (vault);
  g_autofree char *recipient = sillok_vault_get_age_recipient (vault);

  g_print (_("Name:          %s\n"), sillok_vault_get_name (vault));
  g_print (_("Signing key:   %s\n"), key_id);
  g_print (_("Age recipient: %s\n"), recipient);
}

int
sillok_cli_init (SillokCli *cli,
                 int        argc,
                 char     **argv,
                 GError   **error)
{
  g_autofree char *name = NULL;
  g_autofree char *kdf = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The interviewer's name (kept encrypted)"), N_("NAME") },
    { "kdf", 0, 0, G_OPTION_ARG_STRING, &kdf, N_("Passphrase stretching: interactive, moderate (default) or sensitive"), N_("PRESET") },
    { NULL }
  };
  const SillokCliCommand command = { "init", N_("--name NAME [--kdf interactive|moderate|sensitive]"),
                                     N_("Create a vault with a new signing key and age identity."), NULL };
  SillokKdfPreset preset = SILLOK_KDF_MODERATE;
  g_autoptr(SillokSecret) passphrase = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("init takes no arguments besides its options"));
      return SILLOK_EXIT_USAGE;
    }
  if (name == NULL)
    {
      sillok_cli_usage_error (error, _("init needs --name NAME"));
      return SILLOK_EXIT_USAGE;
    }
  if (kdf != NULL && !sillok_kdf_preset_from_string (kdf, &preset))
    {
      sillok_cli_usage_error (error, _("Unknown --kdf “%s”: use interactive, moderate or sensitive"), kdf);
      return SILLOK_EXIT_USAGE;
    }

  passphrase = sillok_cli_read_secret (cli->passphrase_fd, _("New vault passphrase: "), TRUE, error);
  if (passphrase == NULL)
    return SILLOK_EXIT_USAGE;

  vault = sillok_cli_get_vault (cli);
  if (!sillok_vault_create (vault, name, passphrase, preset, NULL, error))
    return SILLOK_EXIT_REJECTED;

  g_print (_("Created the vault at %s\n"), sillok_vault_get_path (vault));
  print_identity (vault);
  g_print (_("Make a recovery key now with “sillok-cli recovery-key”.\n"));
  return SILLOK_EXIT_OK;
}

int
sillok_cli_passwd (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autofree char *new_fd_str = NULL;
  GOptionEntry entries[] = {
    { "new-passphrase-fd", 0, 0, G_OPTION_ARG_STRING, &new_fd_str, N_("Read the new passphrase from descriptor N"), "N" },
    { NULL }
  };
  const SillokCliCommand command = { "passwd", N_("[--new-passphrase-fd N]"),
                                     N_("Change the vault passphrase. The database is not re-encrypted; "
                                        "the old passphrase stops working."), NULL };
  g_autoptr(SillokSecret) passphrase = NULL;
  SillokVault *vault;
  int new_fd = -1;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (new_fd_str != NULL && !sillok_cli_parse_fd ("--new-passphrase-fd", new_fd_str, &new_fd, error))
    return SILLOK_EXIT_USAGE;

  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  passphrase = sillok_cli_read_secret (new_fd, _("New vault passphrase: "), TRUE, error);
  if (passphrase == NULL)
    return SILLOK_EXIT_USAGE;
  if (!sillok_vault_change_passphrase (vault, passphrase, NULL, error))
    return SILLOK_EXIT_REJECTED;
  g_print (_("The passphrase is changed.\n"));
  return SILLOK_EXIT_OK;
}

int
sillok_cli_recovery_key (SillokCli *cli,
                         int        argc,
                         char     **argv,
                         GError   **error)
{
  const SillokCliCommand command = { "recovery-key", "",
                                     N_("Create a recovery key, replacing any earlier one. It opens the vault "
                                        "when the passphrase is lost, and is shown only this once."), NULL };
  g_autoptr(SillokSecret) key = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  key = sillok_vault_add_recovery_key (vault, NULL, error);
  if (key == NULL)
    return SILLOK_EXIT_REJECTED;

  g_print (_("Recovery key (write it on paper and keep it away from this computer; "
             "it will not be shown again):\n"));
  g_print ("%s\n", sillok_secret_get_string (key));
  return SILLOK_EXIT_OK;
}

int
sillok_cli_lock_policy (SillokCli *cli,
                        int        argc,
                        char     **argv,
                        GError   **error)
{
  gint erase_after = -1;
  GOptionEntry entries[] = {
    { "erase-after", 0, 0, G_OPTION_ARG_INT, &erase_after,
      N_("Erase the vault after N failed unlocks in a row (0 = never)"), "N" },
    { NULL }
  };
  const SillokCliCommand command = { "lock-policy", N_("[--erase-after N]"),
                                     N_("Show the failed-unlock policy, or set it. Erasing after failed "
                                        "attempts destroys the testimony for good; in some places destroying "
                                        "data under seizure is itself a crime."), NULL };
  SillokVault *vault = sillok_cli_get_vault (cli);
  guint n;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;

  if (erase_after >= 0)
    {
      vault = sillok_cli_unlock_vault (cli, error);
      if (vault == NULL || !sillok_vault_set_erase_after (vault, erase_after, error))
        return SILLOK_EXIT_REJECTED;
    }
  else if (!sillok_vault_open (vault, error))
    return SILLOK_EXIT_REJECTED;

  n = sillok_vault_get_erase_after (vault);
  g_print (_("Failed unlock attempts: %u\n"), sillok_vault_get_failed_attempts (vault));
  g_print (_("Next attempt waits:     %u s\n"), sillok_vault_get_unlock_delay (vault));
  if (n == 0)
    g_print (_("Erase after failures:   never\n"));
  else
    g_print (_("Erase after failures:   %u failed attempts in a row\n"), n);
  return SILLOK_EXIT_OK;
}

int
sillok_cli_erase (SillokCli *cli,
                  int        argc,
                  char     **argv,
                  GError   **error)
{
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes, N_("Really erase: there is no undo"), NULL },
    { NULL }
  };
  const SillokCliCommand command = { "erase", "--yes",
                                     N_("Destroy the vault's keys and delete the vault folder. Everything in it "
                                        "becomes unreadable at once, exports already made excepted."), NULL };
  SillokVault *vault = sillok_cli_get_vault (cli);

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (!yes)
    {
      sillok_cli_usage_error (error, _("erase destroys the vault for good: add --yes to go ahead"));
      return SILLOK_EXIT_USAGE;
    }
  if (!sillok_vault_erase (vault, error))
    return SILLOK_EXIT_REJECTED;
  g_print (_("Erased the vault at %s\n"), sillok_vault_get_path (vault));
  return SILLOK_EXIT_OK;
}

/* An age-keygen style identity file, created new with mode 0600. */
static gboolean
export_age_identity (SillokVault  *vault,
                     const char   *path,
                     GError      **error)
{
  g_autoptr(SillokSecret) identity = sillok_age_identity_encode (sillok_vault_get_age_identity (vault));
  g_autofree char *recipient = sillok_vault_get_age_recipient (vault);
  g_autofree char *header = g_strdup_printf ("# Sillok vault age identity\n# public key: %s\n", recipient);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;

  out = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return FALSE;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), header, strlen (header), NULL, NULL, error)
      || !g_output_stream_write_all (G_OUTPUT_STREAM (out), sillok_secret_get_data (identity),
                                     sillok_secret_get_length (identity), NULL, NULL, error)
      || !g_output_stream_write_all (G_OUTPUT_STREAM (out), "\n", 1, NULL, NULL, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    {
      g_file_delete (file, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

int
sillok_cli_identity (SillokCli *cli,
                     int        argc,
                     char     **argv,
                     GError   **error)
{
  g_autofree char *export_pub = NULL;
  g_autofree char *export_age = NULL;
  gboolean age_recipient = FALSE;
  GOptionEntry entries[] = {
    { "export-pub", 0, 0, G_OPTION_ARG_FILENAME, &export_pub, N_("Write the signing key as a minisign .pub file"), N_("FILE") },
    { "export-age-identity", 0, 0, G_OPTION_ARG_FILENAME, &export_age,
      N_("Write the age identity (a secret key, for “age -d -i”) to a new file readable only by you"), N_("FILE") },
    { "age-recipient", 0, 0, G_OPTION_ARG_NONE, &age_recipient, N_("Print only the age recipient (age1…)"), NULL },
    { NULL }
  };
  const SillokCliCommand command = { "identity", N_("[--export-pub FILE] [--export-age-identity FILE] [--age-recipient]"),
                                     N_("Show the vault's signing key id and age recipient, or export them."), NULL };
  SillokVault *vault;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;

  if (export_pub != NULL)
    {
      SillokMinisignPublicKey pk;
      g_autofree char *text = NULL;

      sillok_vault_get_public_key (vault, &pk);
      text = sillok_minisign_public_key_to_file (&pk);
      if (!g_file_set_contents (export_pub, text, -1, error))
        return SILLOK_EXIT_IO;
      if (!age_recipient)
        g_print (_("Wrote the public signing key to %s\n"), export_pub);
    }
  if (export_age != NULL)
    {
      if (!export_age_identity (vault, export_age, error))
        return SILLOK_EXIT_IO;
      if (!age_recipient)
        g_print (_("Wrote the age identity to %s: it decrypts every bundle sent to this vault, "
                   "keep it secret\n"), export_age);
    }
  if (age_recipient)
    {
      g_autofree char *recipient = sillok_vault_get_age_recipient (vault);
      g_print ("%s\n", recipient);
    }
  else if (export_pub == NULL && export_age == NULL)
    print_identity (vault);
  return SILLOK_EXIT_OK;
}
