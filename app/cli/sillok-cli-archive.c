/* sillok-cli-archive.c: the coordinator's archive and analyst tables
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sillok/sillok-archive.h"
#include "sillok-cli.h"

static int archive_list (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand archive_list_command = {
  "archive list",
  N_("[--search TEXT]"),
  N_("List the archive's records: latest version, signer, sites and period."),
  archive_list,
};

static int
archive_list (SillokCli *cli,
              int        argc,
              char     **argv,
              GError   **error)
{
  g_autofree char *search = NULL;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only records with this text in a disclosed value"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GPtrArray) list = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&archive_list_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("Unexpected argument"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (list = sillok_archive_list (vault, search, error)) == NULL)
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
        g_print ("  %6u  %s\n", ((SillokArchiveCount *) counts->pdata[i])->records,
                 ((SillokArchiveCount *) counts->pdata[i])->key);
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

int
sillok_cli_archive (SillokCli *cli,
                    int        argc,
                    char     **argv,
                    GError   **error)
{
  static const SillokCliCommand group = {
    "archive", N_("list|show|persons|stats|conflicts"), N_("The coordinator's archive of imported bundles"), NULL,
  };
  static const SillokCliCommand *const subs[] = {
    &archive_list_command, &archive_show_command, &archive_persons_command,
    &archive_stats_command, &archive_conflicts_command,
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
