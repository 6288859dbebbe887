/* sillok-archive-jobs.c: the coordinator's archive work, queued on the session
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-import.h"
#include "sillok/sillok-trust.h"
#include "sillok-archive-jobs.h"

typedef struct
{
  GFile              *file;
  char               *text;
  char               *key;
  SillokArchiveDimension dimension;
  guint               n;
  SillokAnalystFormat format;
  SillokProgressFunc  progress;
  gpointer            progress_data;
  GDestroyNotify      progress_free;
  GCancellable       *cancellable;
  GPtrArray          *passphrases;
} Args;

static void
args_free (Args *args)
{
  g_clear_object (&args->file);
  g_free (args->text);
  g_free (args->key);
  if (args->progress_free != NULL)
    args->progress_free (args->progress_data);
  g_clear_object (&args->cancellable);
  g_clear_pointer (&args->passphrases, g_ptr_array_unref);
  g_free (args);
}

void
sillok_import_outcome_free (SillokImportOutcome *outcome)
{
  g_clear_pointer (&outcome->result, sillok_import_result_free);
  g_clear_pointer (&outcome->report, sillok_bundle_report_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

void
sillok_archive_detail_free (SillokArchiveDetail *detail)
{
  g_free (detail->record);
  g_clear_pointer (&detail->versions, g_ptr_array_unref);
  g_clear_pointer (&detail->trusted, g_hash_table_unref);
  g_clear_pointer (&detail->conflicts, g_ptr_array_unref);
  g_clear_pointer (&detail->audit, sillok_archive_audit_free);
  g_free (detail->audit_error);
  g_free (detail);
}

void
sillok_archive_stats_free (SillokArchiveStats *stats)
{
  for (guint i = 0; i < G_N_ELEMENTS (stats->dimensions); i++)
    g_clear_pointer (&stats->dimensions[i], g_ptr_array_unref);
  g_free (stats);
}

void
sillok_archive_conflict_set_free (SillokArchiveConflictSet *set)
{
  g_clear_pointer (&set->conflicts, g_ptr_array_unref);
  g_clear_pointer (&set->kept, g_hash_table_unref);
  g_free (set);
}

static void
cancel_other (GCancellable *cancellable,
              GCancellable *other)
{
  g_cancellable_cancel (other);
}

static gpointer
import_job (SillokVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Args *args = data;
  SillokImportOutcome *outcome = g_new0 (SillokImportOutcome, 1);
  g_autoptr(SillokBundleReader) reader = NULL;
  g_autofree char *path = g_file_get_path (args->file);
  gulong handler = 0;

  /* The row's Cancel and the session's (an emergency erase) both stop it. */
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_other), args->cancellable, NULL);
  reader = sillok_import_reader_new (vault, &outcome->error);
  for (guint i = 0; reader != NULL && args->passphrases != NULL && i < args->passphrases->len; i++)
    sillok_bundle_reader_add_passphrase (reader, args->passphrases->pdata[i]);
  if (reader != NULL && path == NULL)
    g_set_error (&outcome->error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be imported"));
  else if (reader != NULL)
    outcome->result = sillok_import_file (vault, reader, path, &outcome->report, args->progress, args->progress_data,
                                          args->cancellable, &outcome->error);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  /* The reader's copies went with it; these go now, not when the main
   * loop gets to the result. */
  g_clear_pointer (&args->passphrases, g_ptr_array_unref);
  return outcome;
}

void
sillok_archive_job_import (SillokSession       *session,
                           GFile               *file,
                           GPtrArray           *passphrases,
                           SillokProgressFunc   progress,
                           gpointer             progress_data,
                           GDestroyNotify       progress_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Args *args = g_new0 (Args, 1);

  args->file = g_object_ref (file);
  if (passphrases != NULL && passphrases->len > 0)
    {
      args->passphrases = g_ptr_array_new_full (passphrases->len, (GDestroyNotify) sillok_secret_free);
      for (guint i = 0; i < passphrases->len; i++)
        g_ptr_array_add (args->passphrases, sillok_secret_dup (passphrases->pdata[i]));
    }
  args->progress = progress;
  args->progress_data = progress_data;
  args->progress_free = progress_free;
  args->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  sillok_session_run_async (session, import_job, args, (GDestroyNotify) args_free,
                            (GDestroyNotify) sillok_import_outcome_free, cancellable, callback, user_data);
}

static gpointer
list_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Args *args = data;

  if (args->key != NULL)
    return sillok_archive_list_filtered (vault, args->text, args->dimension, args->key, error);
  return sillok_archive_list (vault, args->text, error);
}

void
sillok_archive_job_list (SillokSession         *session,
                         const char            *search,
                         SillokArchiveDimension dimension,
                         const char            *key,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  Args *args = g_new0 (Args, 1);

  args->text = search != NULL && *search != '\0' ? g_strdup (search) : NULL;
  args->dimension = dimension;
  args->key = g_strdup (key);
  sillok_session_run_async (session, list_job, args, (GDestroyNotify) args_free, (GDestroyNotify) g_ptr_array_unref,
                            cancellable, callback, user_data);
}

static gpointer
detail_job (SillokVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Args *args = data;
  g_autoptr(SillokArchiveDetail) detail = g_new0 (SillokArchiveDetail, 1);
  g_autoptr(GPtrArray) trusted = NULL;
  g_autofree char *own = NULL;

  detail->record = g_strdup (args->text);
  detail->versions = sillok_archive_versions (vault, args->text, error);
  if (detail->versions == NULL)
    return NULL;
  trusted = sillok_trust_list (vault, error);
  if (trusted == NULL)
    return NULL;
  detail->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < trusted->len; i++)
    {
      SillokTrustedSigner *s = trusted->pdata[i];

      g_hash_table_insert (detail->trusted, g_strdup (s->key_id), g_strdup (s->name));
    }
  own = sillok_vault_get_key_id (vault);
  if (own != NULL)
    g_hash_table_insert (detail->trusted, g_steal_pointer (&own), g_strdup (sillok_vault_get_name (vault)));
  detail->conflicts = sillok_archive_conflict_list (vault, args->text, error);
  if (detail->conflicts == NULL)
    return NULL;
  {
    g_autoptr(GError) audit_error = NULL;

    detail->audit = sillok_archive_audit (vault, args->text, &audit_error);
    if (detail->audit == NULL)
      detail->audit_error = g_strdup (audit_error->message);
  }
  return g_steal_pointer (&detail);
}

void
sillok_archive_job_detail (SillokSession       *session,
                           const char          *record,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Args *args = g_new0 (Args, 1);

  args->text = g_strdup (record);
  sillok_session_run_async (session, detail_job, args, (GDestroyNotify) args_free,
                            (GDestroyNotify) sillok_archive_detail_free, NULL, callback, user_data);
}

static gpointer
stats_job (SillokVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(SillokArchiveStats) stats = g_new0 (SillokArchiveStats, 1);

  for (SillokArchiveDimension d = SILLOK_ARCHIVE_BY_SITE; d <= SILLOK_ARCHIVE_BY_ILO_INDICATOR; d++)
    if ((stats->dimensions[d] = sillok_archive_stats (vault, d, error)) == NULL)
      return NULL;
  return g_steal_pointer (&stats);
}

void
sillok_archive_job_stats (SillokSession       *session,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  sillok_session_run_async (session, stats_job, g_new0 (Args, 1), (GDestroyNotify) args_free,
                            (GDestroyNotify) sillok_archive_stats_free, NULL, callback, user_data);
}

static gpointer
persons_job (SillokVault   *vault,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return sillok_archive_persons (vault, error);
}

void
sillok_archive_job_persons (SillokSession       *session,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  sillok_session_run_async (session, persons_job, g_new0 (Args, 1), (GDestroyNotify) args_free,
                            (GDestroyNotify) g_hash_table_unref, NULL, callback, user_data);
}

static gpointer
conflicts_job (SillokVault   *vault,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(SillokArchiveConflictSet) set = g_new0 (SillokArchiveConflictSet, 1);

  set->conflicts = sillok_archive_conflict_list (vault, NULL, error);
  if (set->conflicts == NULL)
    return NULL;
  set->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < set->conflicts->len; i++)
    {
      SillokArchiveConflict *c = set->conflicts->pdata[i];
      GPtrArray *versions;

      if (g_hash_table_contains (set->kept, c->record))
        continue;
      versions = sillok_archive_versions (vault, c->record, error);
      if (versions == NULL)
        return NULL;
      g_hash_table_insert (set->kept, g_strdup (c->record), versions);
    }
  return g_steal_pointer (&set);
}

void
sillok_archive_job_conflicts (SillokSession       *session,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  sillok_session_run_async (session, conflicts_job, g_new0 (Args, 1), (GDestroyNotify) args_free,
                            (GDestroyNotify) sillok_archive_conflict_set_free, NULL, callback, user_data);
}

static gpointer
analyst_job (SillokVault   *vault,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Args *args = data;
  g_autoptr(GFileOutputStream) stream = NULL;
  SillokAnalystOutcome outcome = { 0 };

  stream = g_file_replace (args->file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return NULL;
  if (!sillok_archive_analyst_export (vault, args->format, args->n, FALSE, G_OUTPUT_STREAM (stream), &outcome.rows,
                                      &outcome.suppressed, cancellable, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (args->file, NULL, NULL);
      return NULL;
    }
  return g_memdup2 (&outcome, sizeof outcome);
}

void
sillok_archive_job_analyst_export (SillokSession       *session,
                                   SillokAnalystFormat  format,
                                   guint                k,
                                   GFile               *file,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Args *args = g_new0 (Args, 1);

  args->file = g_object_ref (file);
  args->format = format;
  args->n = k;
  sillok_session_run_async (session, analyst_job, args, (GDestroyNotify) args_free, g_free, NULL, callback,
                            user_data);
}
