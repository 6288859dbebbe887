/* sillok-cli-archive.c: the coordinator's archive and analyst tables
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok-archive.h"
#include "sillok/sillok-audit.h"
#include "sillok/sillok-import.h"
#include "sillok-cli.h"

static int archive_list (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand archive_list_command = {
  "archive list",
  N_("[--search TEXT] [--by site|province|year|category|organ|ilo --key KEY]"),
  N_("List the archive's records: latest version, signer, sites and period. --by with --key keeps "
     "those that mention KEY, a key as archive stats --by prints it."),
  archive_list,
};

static int
archive_list (SillokCli *cli,
              int        argc,
              char     **argv,
              GError   **error)
{
  g_autofree char *search = NULL;
  g_autofree char *by = NULL;
  g_autofree char *key = NULL;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only records with this text in a disclosed value"), N_("TEXT") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("The statistic --key is a key of"), N_("DIMENSION") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("Only records that mention KEY, as archive stats --by prints it"),
      N_("KEY") },
    { NULL }
  };
  g_autoptr(GPtrArray) list = NULL;
  SillokArchiveDimension dimension = SILLOK_ARCHIVE_BY_SITE;
  SillokVault *vault;

  if (!sillok_cli_parse (&archive_list_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("Unexpected argument"));
      return SILLOK_EXIT_USAGE;
    }
  if ((by == NULL) != (key == NULL))
    {
      sillok_cli_usage_error (error, _("--by and --key go together, as in --by province --key north-hamgyong"));
      return SILLOK_EXIT_USAGE;
    }
  if (by != NULL && !sillok_archive_dimension_from_string (by, &dimension))
    {
      sillok_cli_usage_error (error, _("Unknown --by “%s”"), by);
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  list = key != NULL ? sillok_archive_list_filtered (vault, search, dimension, key, error)
                     : sillok_archive_list (vault, search, error);
  if (list == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < list->len; i++)
    {
      SillokArchiveRecord *r = list->pdata[i];

      g_print ("%s  v%u/%u  %s  %s%s%s\n", r->record, r->version, r->versions, r->signer, r->title,
               r->complete ? "" : _("  (waiting for an earlier version)"),
               r->conflicts > 0 ? _("  (conflict)") : "");
    }
  return SILLOK_EXIT_OK;
}

static int archive_show (SillokCli *cli, int argc, char **argv, GError **error);

/* The record's audit trail: one line an entry; the times only where a
 * legal bundle disclosed them. */
static gboolean
print_audit (SillokVault  *vault,
             const char   *record,
             GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(SillokArchiveAudit) audit = sillok_archive_audit (vault, record, &local);

  if (audit == NULL && g_error_matches (local, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_NOT_FOUND))
    {
      g_print (_("\nNo audit trail\n"));
      return TRUE;
    }
  if (audit == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "\nAudit trail: %u entry, linked and in order (%s)\n",
                        "\nAudit trail: %u entries, linked and in order (%s)\n", audit->entries->len),
           audit->entries->len, audit->times ? _("times as disclosed") : _("times withheld"));
  for (guint i = 0; i < audit->entries->len; i++)
    {
      SillokAuditEntry *e = audit->entries->pdata[i];

      g_print ("  %u  %s  v%u  %s%s%s%s%s\n", e->seq, e->action, e->version, e->actor,
               e->time != NULL ? "  " : "", e->time != NULL ? e->time : "",
               *e->detail != '\0' ? _("  bundle ") : "", e->detail);
    }
  return TRUE;
}

static const SillokCliCommand archive_show_command = {
  "archive show",
  N_("ID"),
  N_("Show every version of an archived record: statement, signer, disclosed values "
     "and how many were withheld."),
  archive_show,
};

static int
archive_show (SillokCli *cli,
              int        argc,
              char     **argv,
              GError   **error)
{
  g_autoptr(GPtrArray) versions = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&archive_show_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2)
    {
      sillok_cli_usage_error (error, _("archive show needs one record id"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (versions = sillok_archive_versions (vault, argv[1], error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  g_print (_("Record %s\n"), argv[1]);
  for (guint i = 0; i < versions->len; i++)
    {
      SillokArchiveVersion *v = versions->pdata[i];
      g_autofree char *bundles = g_strjoinv (", ", v->bundles);

      g_print (_("\nVersion %u  statement %s\n  signer %s%s\n  from bundles %s\n"), v->version, v->digest, v->signer,
               v->complete ? "" : _("  — its predecessor has not arrived"), bundles);
      if (v->supersedes != NULL)
        g_print (_("  supersedes %s\n"), v->supersedes);
      for (guint n = 0; n < v->names->len; n++)
        g_print ("  %s = %s\n", (const char *) v->names->pdata[n], (const char *) v->values->pdata[n]);
      g_print (_("  %u digests withheld (decoys included)\n"), v->withheld);
    }
  if (!print_audit (vault, argv[1], error))
    return SILLOK_EXIT_REJECTED;
  return SILLOK_EXIT_OK;
}

static int archive_persons (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand archive_persons_command = {
  "archive persons",
  "",
  N_("Records grouped by witness pseudonym ($pseudonym)."),
  archive_persons,
};

static int
archive_persons (SillokCli *cli,
                 int        argc,
                 char     **argv,
                 GError   **error)
{
  g_autoptr(GHashTable) persons = NULL;
  g_autoptr(GList) keys = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&archive_persons_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("Unexpected argument"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (persons = sillok_archive_persons (vault, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  keys = g_list_sort (g_hash_table_get_keys (persons), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      GPtrArray *records = g_hash_table_lookup (persons, l->data);

      g_print ("%.16s…  %u:", (const char *) l->data, records->len);
      for (guint i = 0; i < records->len; i++)
        g_print (" %s", (const char *) records->pdata[i]);
      g_print ("\n");
    }
  return SILLOK_EXIT_OK;
}

static int archive_stats (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand archive_stats_command = {
  "archive stats",
  N_("[--by site|province|year|category|organ|ilo]"),
  N_("Count records by site, province, year, labour category, managing organ or ILO "
     "indicator."),
  archive_stats,
};

static int
archive_stats (SillokCli *cli,
               int        argc,
               char     **argv,
               GError   **error)
{
  g_autofree char *by = NULL;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("site, province, year, category, organ or ilo (default: all)"), N_("WHAT") },
    { NULL }
  };
  SillokArchiveDimension only = 0;
  SillokVault *vault;

  if (!sillok_cli_parse (&archive_stats_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("Unexpected argument"));
      return SILLOK_EXIT_USAGE;
    }
  if (by != NULL && !sillok_archive_dimension_from_string (by, &only))
    {
      sillok_cli_usage_error (error, _("Unknown --by “%s”"), by);
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  for (SillokArchiveDimension d = SILLOK_ARCHIVE_BY_SITE; d <= SILLOK_ARCHIVE_BY_ILO_INDICATOR; d++)
    {
      g_autoptr(GPtrArray) counts = NULL;

      if (by != NULL && d != only)
        continue;
      counts = sillok_archive_stats (vault, d, error);
      if (counts == NULL)
        return SILLOK_EXIT_REJECTED;
      g_print ("%s:\n", sillok_archive_dimension_to_string (d));
      for (guint i = 0; i < counts->len; i++)
        {
          SillokArchiveCount *count = counts->pdata[i];

          /* The key is what --key takes; the label is what a reader reads. */
          if (count->label != NULL && g_strcmp0 (count->label, count->key) != 0)
            g_print ("  %6u  %s  %s\n", count->records, count->key, count->label);
          else
            g_print ("  %6u  %s\n", count->records, count->key);
        }
    }
  return SILLOK_EXIT_OK;
}

static int archive_conflicts (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand archive_conflicts_command = {
  "archive conflicts",
  "",
  N_("Versions received with two different statements."),
  archive_conflicts,
};

static int
archive_conflicts (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&archive_conflicts_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("Unexpected argument"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (conflicts = sillok_archive_conflicts (vault, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < conflicts->len; i++)
    g_print ("%s\n", (const char *) conflicts->pdata[i]);
  if (conflicts->len == 0)
    g_print (_("No conflict.\n"));
  return SILLOK_EXIT_OK;
}

static int archive_exports (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand archive_exports_command = {
  "archive exports",
  "",
  N_("Bundles written from the archive: when, what, from which bundles, to whom."),
  archive_exports,
};

static int
archive_exports (SillokCli *cli,
                 int        argc,
                 char     **argv,
                 GError   **error)
{
  g_autoptr(GPtrArray) exports = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&archive_exports_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("Unexpected argument"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (exports = sillok_archive_exports (vault, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < exports->len; i++)
    {
      SillokArchiveExport *e = exports->pdata[i];
      g_autofree char *records = g_strjoinv (", ", e->records);
      g_autofree char *sources = g_strjoinv (", ", e->provenance);
      g_autofree char *to = g_strjoinv (", ", e->recipients);

      g_print ("%s  %s  %s\n", e->exported_at, e->bundle, e->profile);
      g_print (g_dngettext (GETTEXT_PACKAGE, "  records:     %s (%u version)\n", "  records:     %s (%u versions)\n",
                            e->versions), records, e->versions);
      g_print (_("  from:        %s\n"), sources);
      if (e->recipients[0] != NULL)
        g_print (_("  to:          %s\n"), to);
      else
        g_print (_("  to:          whoever has the bundle passphrase\n"));
      g_print (_("  BLAKE2b-512: %s\n"), e->b2);
    }
  if (exports->len == 0)
    g_print (_("Nothing was exported from the archive.\n"));
  return SILLOK_EXIT_OK;
}

int
sillok_cli_archive (SillokCli *cli,
                    int        argc,
                    char     **argv,
                    GError   **error)
{
  static const SillokCliCommand group = {
    "archive", N_("list|show|persons|stats|conflicts|exports"), N_("The coordinator's archive of imported bundles"), NULL,
  };
  static const SillokCliCommand *const subs[] = {
    &archive_list_command, &archive_show_command, &archive_persons_command,
    &archive_stats_command, &archive_conflicts_command, &archive_exports_command,
  };

  return sillok_cli_run_group (cli, &group, subs, G_N_ELEMENTS (subs), argc, argv, error);
}

int
sillok_cli_analyst_export (SillokCli *cli,
                           int        argc,
                           char     **argv,
                           GError   **error)
{
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  gint k = 5;
  gboolean bom = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv or jsonl"), N_("FORMAT") },
    { "k", 0, 0, G_OPTION_ARG_INT, &k, N_("Every combination of quasi-identifiers shared by at least K rows (default 5)"), "K" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write (must not exist)"), N_("FILE") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Start a CSV file with a byte order mark"), NULL },
    { NULL }
  };
  const SillokCliCommand command = { "analyst-export", N_("--format csv|jsonl [--k K] --out FILE"),
                                     N_("Write a table of open and generalized values, one row per record, with the "
                                        "quasi-identifiers of rare rows suppressed."), NULL };
  SillokAnalystFormat f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  SillokVault *vault;
  guint rows = 0, suppressed = 0;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (g_strcmp0 (format, "csv") == 0)
    f = SILLOK_ANALYST_CSV;
  else if (g_strcmp0 (format, "jsonl") == 0)
    f = SILLOK_ANALYST_JSONL;
  else
    {
      sillok_cli_usage_error (error, _("analyst-export needs --format csv or --format jsonl"));
      return SILLOK_EXIT_USAGE;
    }
  if (out == NULL || k < 1 || argc != 1)
    {
      sillok_cli_usage_error (error, _("analyst-export needs --out FILE and a --k of at least 1"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  file = g_file_new_for_commandline_arg (out);
  stream = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL)
    return SILLOK_EXIT_IO;
  if (!sillok_archive_analyst_export (vault, f, k, bom, G_OUTPUT_STREAM (stream), &rows, &suppressed, NULL, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    {
      g_file_delete (file, NULL, NULL);
      return SILLOK_EXIT_REJECTED;
    }
  g_print (_("Wrote %u rows to %s (k = %d).\n"), rows, out, k);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u value was suppressed.\n", "%u values were suppressed.\n", suppressed),
           suppressed);
  return SILLOK_EXIT_OK;
}

/* One line per key the vault does not trust, so that a coordinator sees
 * whose word the archive now holds. */
static void
print_untrusted (const SillokBundleReport *report)
{
  for (guint i = 0; i < report->signers->len; i++)
    {
      const SillokBundleSigner *s = report->signers->pdata[i];

      if (s->trust == SILLOK_BUNDLE_TRUST_MISMATCH)
        g_print (_("  warning: key %s is not the trusted key of that id: someone made a key with a known id\n"),
                 s->key_id);
      else if (s->trust == SILLOK_BUNDLE_TRUST_UNKNOWN)
        g_print (s->exporter ? _("  exporter %s is not a trusted key (sillok-cli trust add)\n")
                             : _("  signer %s is not a trusted key (sillok-cli trust add)\n"),
                 s->key_id);
    }
}

static void
print_import (const char               *path,
              const SillokBundleReport *report,
              const SillokImportResult *result)
{
  if (result->already_imported)
    {
      g_print (_("%s: bundle %s was imported before: nothing changed\n"), path, result->bundle);
      return;
    }
  g_print (_("%s: imported bundle %s (%s profile)\n"), path, result->bundle, report->profile);
  g_print (_("  %u record versions added, %u already present, %u conflicting, %u attachments added\n"),
           result->added, result->present, result->conflicts, result->attachments);
  if (result->completed > 0)
    g_print (_("  %u versions imported before now have their predecessor\n"), result->completed);
  if (result->incomplete > 0)
    g_print (_("  %u versions wait for an earlier version that has not arrived\n"), result->incomplete);
  for (guint i = 0; result->conflicting[i] != NULL; i++)
    g_print (_("  conflict: %s has another statement in the archive; both are kept\n"), result->conflicting[i]);
  print_untrusted (report);
}

int
sillok_cli_import (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autofree char *passphrase_fd = NULL;
  g_autofree char *max_attachment = NULL;
  GOptionEntry entries[] = {
    { "bundle-passphrase-fd", 0, 0, G_OPTION_ARG_STRING, &passphrase_fd,
      N_("Also try a bundle passphrase read from descriptor N"), "N" },
    { "max-attachment", 0, 0, G_OPTION_ARG_STRING, &max_attachment,
      N_("Refuse a bundle with an attachment larger than SIZE (as in 2G; default 16G)"), N_("SIZE") },
    { NULL }
  };
  const SillokCliCommand command = { "import", N_("FILE… [--bundle-passphrase-fd N] [--max-attachment SIZE]"),
                                     N_("Verify bundles and merge them into the archive.  Each bundle is imported "
                                        "whole or not at all: one that fails a check changes nothing."), NULL };
  g_autoptr(SillokBundleReader) reader = NULL;
  gboolean tty = isatty (STDERR_FILENO);
  SillokVault *vault;
  int status = SILLOK_EXIT_OK;
  int fd = -1;
  guint64 max = 0;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc < 2)
    {
      sillok_cli_usage_error (error, _("import needs at least one bundle file"));
      return SILLOK_EXIT_USAGE;
    }
  if (passphrase_fd != NULL && !sillok_cli_parse_fd ("--bundle-passphrase-fd", passphrase_fd, &fd, error))
    return SILLOK_EXIT_USAGE;
  if (max_attachment != NULL && !sillok_cli_parse_size ("--max-attachment", max_attachment, &max, error))
    return SILLOK_EXIT_USAGE;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (reader = sillok_import_reader_new (vault, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  if (max > 0)
    sillok_bundle_reader_set_max_attachment (reader, max);
  if (fd >= 0)
    {
      g_autoptr(SillokSecret) passphrase = sillok_cli_read_secret (fd, NULL, FALSE, error);

      if (passphrase == NULL)
        return SILLOK_EXIT_USAGE;
      sillok_bundle_reader_add_passphrase (reader, passphrase);
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(SillokBundleReport) report = NULL;
      g_autoptr(SillokImportResult) result = NULL;
      g_autoptr(GError) local_error = NULL;

      result = sillok_import_file (vault, reader, argv[i], &report, sillok_cli_progress, &tty, NULL, &local_error);
      if (tty)
        g_printerr ("\r     \r");
      if (result != NULL)
        {
          print_import (argv[i], report, result);
          continue;
        }
      if (g_error_matches (local_error, SILLOK_BUNDLE_ERROR, local_error->code) && report != NULL)
        {
          if (report->failure_path != NULL)
            g_printerr (_("sillok-cli: %s: rejected by the %s check (%s): %s; nothing was imported\n"), argv[i],
                        sillok_bundle_error_to_string (local_error->code), report->failure_path,
                        local_error->message);
          else
            g_printerr (_("sillok-cli: %s: rejected by the %s check: %s; nothing was imported\n"), argv[i],
                        sillok_bundle_error_to_string (local_error->code), local_error->message);
          status = MAX (status, SILLOK_EXIT_REJECTED);
        }
      else
        {
          g_printerr (_("sillok-cli: %s: %s; nothing was imported\n"), argv[i], local_error->message);
          status = MAX (status, SILLOK_EXIT_IO);
        }
    }
  return status;
}
