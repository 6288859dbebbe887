/* sillok-cli-export.c: export and recipients
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok-export.h"
#include "sillok/sillok-recipients.h"
#include "sillok-cli.h"

static void
print_report (SillokExportReport *report,
              const char         *path)
{
  g_print (_("Bundle:      %s\n"), report->bundle);
  g_print (_("Profile:     %s\n"), sillok_export_profile_to_string (report->profile));
  for (guint i = 0; i < report->records->len; i++)
    {
      SillokExportRecord *r = report->records->pdata[i];

      g_print (_("Exported:    %s versions 1–%u (%u disclosures carried, %u withheld)\n"), r->uuid, r->version,
               r->carried, r->withheld);
    }
  for (guint i = 0; i < report->left_out->len; i++)
    {
      SillokExportLeftOut *l = report->left_out->pdata[i];

      g_print (_("Left out:    %s: %s\n"), l->uuid, l->reason);
    }
  if (report->provenance != NULL)
    {
      g_autofree char *sources = g_strjoinv (", ", report->provenance);

      g_print (_("Provenance:  %s\n"), sources);
    }
  g_print (_("Attachments: %u\n"), report->attachments);
  g_print (_("k_min:       %u (threshold %u)\n"), report->k_min, report->k_threshold);
  if (report->override != NULL)
    g_print (_("Below k:     %u records, exported for this reason: %s\n"), g_strv_length (report->below),
             report->override);
  g_print (_("BLAKE2b-512: %s  %s\n"), report->b2, path);
}

int
sillok_cli_export (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) records = NULL;
  g_auto(GStrv) recipients = NULL;
  g_autofree char *passphrase_fd = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *override = NULL;
  gboolean all_sealed = FALSE;
  gboolean from_archive = FALSE;
  gboolean all_archived = FALSE;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The bundle file to write (must not exist)"), N_("FILE") },
    { "record", 0, 0, G_OPTION_ARG_STRING_ARRAY, &records, N_("A record to export (repeatable)"), N_("ID") },
    { "all-sealed", 0, 0, G_OPTION_ARG_NONE, &all_sealed, N_("Export every record with a sealed version"), NULL },
    { "from-archive", 0, 0, G_OPTION_ARG_NONE, &from_archive,
      N_("Export records of the archive, with their interviewers' signatures (coordinators)"), NULL },
    { "all-archived", 0, 0, G_OPTION_ARG_NONE, &all_archived,
      N_("With --from-archive: export every record of the archive that it holds whole"), NULL },
    { "recipient", 0, 0, G_OPTION_ARG_STRING_ARRAY, &recipients,
      N_("Encrypt to this age recipient, or to the vault's recipient of this name (repeatable; default: every "
         "recipient of the vault)"), N_("AGE") },
    { "bundle-passphrase-fd", 0, 0, G_OPTION_ARG_STRING, &passphrase_fd,
      N_("Encrypt with a passphrase read from descriptor N instead"), "N" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name,
      N_("anonymized (default: for coordinators) or legal (every value: for legal teams only)"), N_("PROFILE") },
    { "override-k", 0, 0, G_OPTION_ARG_STRING, &override,
      N_("Export records below the k-anonymity threshold, for this reason (written into the bundle)"),
      N_("REASON") },
    { NULL }
  };
  const SillokCliCommand command = { "export", N_("--out FILE [--record ID]… [--all-sealed] "
                                                  "[--from-archive [--all-archived]] [--recipient AGE]… "
                                                  "[--bundle-passphrase-fd N] [--profile anonymized|legal] "
                                                  "[--override-k REASON]"),
                                     N_("Write a signed, encrypted bundle of sealed records."), NULL };
  SillokExportProfile profile = SILLOK_EXPORT_PROFILE_ANONYMIZED;
  g_autoptr(SillokExport) export = NULL;
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(SillokSecret) passphrase = NULL;
  gboolean tty = isatty (STDERR_FILENO);
  SillokVault *vault;
  int fd = -1;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("export takes no arguments besides its options"));
      return SILLOK_EXIT_USAGE;
    }
  if (out == NULL || *out == '\0')
    {
      sillok_cli_usage_error (error, _("export needs --out FILE"));
      return SILLOK_EXIT_USAGE;
    }
  if (all_archived && !from_archive)
    {
      sillok_cli_usage_error (error, _("--all-archived goes with --from-archive"));
      return SILLOK_EXIT_USAGE;
    }
  if (all_sealed && from_archive)
    {
      sillok_cli_usage_error (error, _("--all-sealed exports the vault's own records: with --from-archive use "
                                       "--all-archived"));
      return SILLOK_EXIT_USAGE;
    }
  if ((records == NULL || records[0] == NULL) && !all_sealed && !all_archived)
    {
      sillok_cli_usage_error (error, from_archive ? _("export --from-archive needs --record ID or --all-archived")
                                                  : _("export needs --record ID or --all-sealed"));
      return SILLOK_EXIT_USAGE;
    }
  if (profile_name != NULL && !sillok_export_profile_from_string (profile_name, &profile))
    {
      sillok_cli_usage_error (error, _("Unknown --profile “%s”: use anonymized or legal"), profile_name);
      return SILLOK_EXIT_USAGE;
    }
  if (passphrase_fd != NULL && !sillok_cli_parse_fd ("--bundle-passphrase-fd", passphrase_fd, &fd, error))
    return SILLOK_EXIT_USAGE;
  if (fd >= 0 && recipients != NULL && recipients[0] != NULL)
    {
      sillok_cli_usage_error (error, _("Use either --recipient or --bundle-passphrase-fd, not both"));
      return SILLOK_EXIT_USAGE;
    }

  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  export = sillok_export_new (vault);
  sillok_export_set_profile (export, profile);
  sillok_export_set_all_sealed (export, all_sealed);
  if (from_archive)
    {
      sillok_export_set_source (export, SILLOK_EXPORT_SOURCE_ARCHIVE);
      sillok_export_set_all_archived (export, all_archived);
    }
  for (guint i = 0; records != NULL && records[i] != NULL; i++)
    sillok_export_add_record (export, records[i]);
  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    if (!sillok_export_add_recipient (export, recipients[i], error))
      return SILLOK_EXIT_USAGE;
  if (override != NULL && !sillok_export_set_override_k (export, override, error))
    return SILLOK_EXIT_USAGE;
  if (fd >= 0)
    {
      passphrase = sillok_cli_read_secret (fd, NULL, FALSE, error);
      if (passphrase == NULL)
        return SILLOK_EXIT_USAGE;
      if (sillok_secret_get_length (passphrase) == 0)
        {
          sillok_cli_usage_error (error, _("The bundle passphrase is empty"));
          return SILLOK_EXIT_USAGE;
        }
      sillok_export_set_passphrase (export, passphrase);
    }

  if (profile == SILLOK_EXPORT_PROFILE_LEGAL)
    g_printerr (_("sillok-cli: warning: the legal profile carries every value the witness gave, names and "
                  "contact details included, with every attachment and audit time: send it to a legal team only\n"));
  report = sillok_export_write (export, out, sillok_cli_progress, &tty, NULL, error);
  if (tty)
    g_printerr ("\r");
  if (report == NULL)
    return SILLOK_EXIT_REJECTED;
  print_report (report, out);
  return SILLOK_EXIT_OK;
}

static int recipients_add (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand recipients_add_command = {
  "recipients add",
  N_("NAME AGE1…"),
  N_("Add an age recipient under a name; export encrypts to every recipient unless told otherwise."),
  recipients_add,
};

static int
recipients_add (SillokCli *cli,
                int        argc,
                char     **argv,
                GError   **error)
{
  SillokVault *vault;

  if (!sillok_cli_parse (&recipients_add_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 3)
    {
      sillok_cli_usage_error (error, _("recipients add needs a name and an age recipient (age1…)"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || !sillok_recipients_add (vault, argv[1], argv[2], error))
    return SILLOK_EXIT_REJECTED;
  g_print (_("Added the recipient “%s”\n"), argv[1]);
  return SILLOK_EXIT_OK;
}

static int recipients_list (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand recipients_list_command = {
  "recipients list",
  "",
  N_("List the vault's age recipients and their names."),
  recipients_list,
};

static int
recipients_list (SillokCli *cli,
                 int        argc,
                 char     **argv,
                 GError   **error)
{
  g_autoptr(GPtrArray) list = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&recipients_list_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 1)
    {
      sillok_cli_usage_error (error, _("recipients list takes no arguments"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (list = sillok_recipients_list (vault, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < list->len; i++)
    {
      SillokRecipient *r = list->pdata[i];

      g_print ("%s  %s\n", r->recipient, r->name);
    }
  return SILLOK_EXIT_OK;
}

static int recipients_remove (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand recipients_remove_command = {
  "recipients remove",
  N_("NAME"),
  N_("Remove the age recipient of this name."),
  recipients_remove,
};

static int
recipients_remove (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  SillokVault *vault;

  if (!sillok_cli_parse (&recipients_remove_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2)
    {
      sillok_cli_usage_error (error, _("recipients remove needs the name of a recipient"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || !sillok_recipients_remove (vault, argv[1], error))
    return SILLOK_EXIT_REJECTED;
  g_print (_("Removed the recipient “%s”\n"), argv[1]);
  return SILLOK_EXIT_OK;
}

int
sillok_cli_recipients (SillokCli *cli,
                       int        argc,
                       char     **argv,
                       GError   **error)
{
  static const SillokCliCommand group = {
    "recipients", N_("add|list|remove"), N_("The age recipients bundles are encrypted to"), NULL,
  };
  static const SillokCliCommand *const subs[] = {
    &recipients_add_command, &recipients_list_command, &recipients_remove_command,
  };

  return sillok_cli_run_group (cli, &group, subs, G_N_ELEMENTS (subs), argc, argv, error);
}
