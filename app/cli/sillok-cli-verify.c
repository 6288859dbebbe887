/* sillok-cli-verify.c: verify and trust
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok-bundle-reader.h"
#include "sillok/sillok-import.h"
#include "sillok/sillok-report.h"
#include "sillok/sillok-trust.h"
#include "sillok-cli.h"

/* An identity file holds a secret key: read it into guarded memory. */
#define IDENTITY_FILE_MAX (64 * 1024)

static SillokSecret *
read_identity_file (const char  *path,
                    GError     **error)
{
  g_autoptr(SillokSecret) buf = sillok_secret_new (IDENTITY_FILE_MAX);
  gsize len = 0;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read %s: %s"), path,
                   g_strerror (saved));
      return NULL;
    }
  for (;;)
    {
      gssize n = read (fd, sillok_secret_get_data (buf) + len, IDENTITY_FILE_MAX - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read %s: %s"), path,
                       g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
      if (len == IDENTITY_FILE_MAX)
        {
          close (fd);
          sillok_cli_usage_error (error, _("%s is too large for an age identity file"), path);
          return NULL;
        }
    }
  close (fd);
  return sillok_secret_new_from_data (sillok_secret_get_data (buf), len);
}

static gboolean
use_identity (SillokBundleReader  *reader,
              const char          *path,
              GError             **error)
{
  g_autoptr(SillokSecret) data = read_identity_file (path, error);
  g_autoptr(GPtrArray) identities = NULL;

  if (data == NULL)
    return FALSE;
  identities = sillok_age_identity_parse_file (sillok_secret_get_string (data), sillok_secret_get_length (data), error);
  if (identities == NULL)
    {
      g_prefix_error (error, _("%s: "), path);
      return FALSE;
    }
  if (identities->len == 0)
    {
      sillok_cli_usage_error (error, _("%s holds no age identity"), path);
      return FALSE;
    }
  for (guint i = 0; i < identities->len; i++)
    sillok_bundle_reader_add_identity (reader, identities->pdata[i]);
  return TRUE;
}

int
sillok_cli_verify (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autofree char *identity = NULL;
  g_autofree char *passphrase_fd = NULL;
  g_autofree char *trust_dir = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *max_attachment = NULL;
  gboolean json = FALSE;
  guint64 max = 0;
  GOptionEntry entries[] = {
    { "identity", 0, 0, G_OPTION_ARG_FILENAME, &identity,
      N_("Decrypt with the age identities in AGEKEYFILE instead of the vault's"), N_("AGEKEYFILE") },
    { "bundle-passphrase-fd", 0, 0, G_OPTION_ARG_STRING, &passphrase_fd,
      N_("Decrypt with a passphrase read from descriptor N instead"), "N" },
    { "trust", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir,
      N_("Trust the minisign public keys (*.pub) in DIR"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON (docs/VERIFY-JSON.md)"), NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path, N_("Write the report to FILE.pdf or FILE.html"),
      N_("FILE") },
    { "max-attachment", 0, 0, G_OPTION_ARG_STRING, &max_attachment,
      N_("Refuse a bundle with an attachment larger than SIZE (as in 2G; default 16G)"), N_("SIZE") },
    { NULL }
  };
  const SillokCliCommand command = { "verify", N_("FILE [--identity AGEKEYFILE | --bundle-passphrase-fd N] "
                                                  "[--trust DIR] [--json] [--report FILE] [--max-attachment SIZE]"),
                                     N_("Verify a bundle: every file, signature, disclosure and audit chain."), NULL };
  g_autoptr(SillokBundleReader) reader = NULL;
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *out = NULL;
  gboolean tty = isatty (STDERR_FILENO);
  int fd = -1;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2)
    {
      sillok_cli_usage_error (error, _("verify needs exactly one bundle file"));
      return SILLOK_EXIT_USAGE;
    }
  if (passphrase_fd != NULL && !sillok_cli_parse_fd ("--bundle-passphrase-fd", passphrase_fd, &fd, error))
    return SILLOK_EXIT_USAGE;
  if (max_attachment != NULL && !sillok_cli_parse_size ("--max-attachment", max_attachment, &max, error))
    return SILLOK_EXIT_USAGE;
  if (fd >= 0 && identity != NULL)
    {
      sillok_cli_usage_error (error, _("Use either --identity or --bundle-passphrase-fd, not both"));
      return SILLOK_EXIT_USAGE;
    }
  if (report_path != NULL && !g_str_has_suffix (report_path, ".pdf") && !g_str_has_suffix (report_path, ".html")
      && !g_str_has_suffix (report_path, ".htm"))
    {
      sillok_cli_usage_error (error, _("--report writes FILE.pdf or FILE.html"));
      return SILLOK_EXIT_USAGE;
    }

  /* Without an identity or passphrase, the vault's identity and its
   * trusted signers, its own key among them. */
  if (fd < 0 && identity == NULL)
    {
      SillokVault *vault = sillok_cli_unlock_vault (cli, error);

      if (vault == NULL || (reader = sillok_import_reader_new (vault, error)) == NULL)
        return SILLOK_EXIT_REJECTED;
    }
  else
    reader = sillok_bundle_reader_new ();
  if (max > 0)
    sillok_bundle_reader_set_max_attachment (reader, max);
  if (trust_dir != NULL && !sillok_bundle_reader_add_trusted_dir (reader, trust_dir, error))
    return SILLOK_EXIT_REJECTED;
  if (fd >= 0)
    {
      g_autoptr(SillokSecret) passphrase = sillok_cli_read_secret (fd, NULL, FALSE, error);

      if (passphrase == NULL)
        return SILLOK_EXIT_USAGE;
      sillok_bundle_reader_add_passphrase (reader, passphrase);
    }
  else if (identity != NULL)
    {
      if (!use_identity (reader, identity, error))
        return SILLOK_EXIT_REJECTED;
    }

  report = sillok_bundle_reader_read_file (reader, argv[1], sillok_cli_progress, &tty, NULL, error);
  if (tty)
    g_printerr ("\r     \r");
  if (report == NULL)
    return SILLOK_EXIT_IO;

  base = g_path_get_basename (argv[1]);
  out = json ? sillok_report_to_json (report, base) : sillok_report_to_text (report, base);
  g_print ("%s", out);
  if (report_path != NULL && !sillok_report_write (report, base, report_path, error))
    return SILLOK_EXIT_IO;
  if (report->verdict != SILLOK_BUNDLE_VERDICT_VALID)
    {
      g_printerr ("sillok-cli: %s: %s\n", argv[1], report->failure->message);
      return SILLOK_EXIT_REJECTED;
    }
  return SILLOK_EXIT_OK;
}

static int trust_add (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand trust_add_command = {
  "trust add",
  N_("FILE.pub --name NAME --role interviewer|coordinator"),
  N_("Trust a signer's minisign public key."),
  trust_add,
};

static int
trust_add (SillokCli *cli,
           int        argc,
           char     **argv,
           GError   **error)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *data = NULL;
  g_autofree char *key_id = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Who the key belongs to"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("interviewer or coordinator"), N_("ROLE") },
    { NULL }
  };
  SillokMinisignPublicKey key;
  SillokVault *vault;
  gsize len;

  if (!sillok_cli_parse (&trust_add_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2 || name == NULL)
    {
      sillok_cli_usage_error (error, _("trust add needs a public key file and --name NAME"));
      return SILLOK_EXIT_USAGE;
    }
  if (!sillok_trust_role_is_valid (role))
    {
      sillok_cli_usage_error (error, _("trust add needs --role interviewer or --role coordinator"));
      return SILLOK_EXIT_USAGE;
    }
  if (!g_file_get_contents (argv[1], &data, &len, error))
    return SILLOK_EXIT_IO;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || !sillok_trust_add (vault, data, len, name, role, error))
    return SILLOK_EXIT_REJECTED;
  sillok_minisign_public_key_parse (data, len, &key, NULL);
  key_id = sillok_minisign_key_id_to_string (key.keynum);
  g_print (_("Trusted %s: %s (%s)\n"), key_id, name, role);
  return SILLOK_EXIT_OK;
}

static int trust_list (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand trust_list_command = {
  "trust list",
  "",
  N_("List the trusted signers: key id, role and name."),
  trust_list,
};

static int
trust_list (SillokCli *cli,
            int        argc,
            char     **argv,
            GError   **error)
{
  g_autoptr(GPtrArray) list = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&trust_list_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 1)
    {
      sillok_cli_usage_error (error, _("trust list takes no arguments"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (list = sillok_trust_list (vault, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < list->len; i++)
    {
      SillokTrustedSigner *s = list->pdata[i];

      g_print ("%s  %-11s  %s\n", s->key_id, s->role, s->name);
    }
  return SILLOK_EXIT_OK;
}

static int trust_remove (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand trust_remove_command = {
  "trust remove",
  N_("KEYID"),
  N_("Stop trusting the signer with this key id."),
  trust_remove,
};

static int
trust_remove (SillokCli *cli,
              int        argc,
              char     **argv,
              GError   **error)
{
  SillokVault *vault;

  if (!sillok_cli_parse (&trust_remove_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2)
    {
      sillok_cli_usage_error (error, _("trust remove needs the key id of a trusted signer"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || !sillok_trust_remove (vault, argv[1], error))
    return SILLOK_EXIT_REJECTED;
  g_print (_("No longer trusted: %s\n"), argv[1]);
  return SILLOK_EXIT_OK;
}

int
sillok_cli_trust (SillokCli *cli,
                  int        argc,
                  char     **argv,
                  GError   **error)
{
  static const SillokCliCommand group = {
    "trust", N_("add|list|remove"), N_("The signers whose keys this vault trusts"), NULL,
  };
  static const SillokCliCommand *const subs[] = {
    &trust_add_command, &trust_list_command, &trust_remove_command,
  };

  return sillok_cli_run_group (cli, &group, subs, G_N_ELEMENTS (subs), argc, argv, error);
}
