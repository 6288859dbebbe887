/* sillok-verify-job.c: verifying a bundle and saving its report, on worker threads (no GTK)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-report.h"
#include "sillok/sillok-trust.h"
#include "sillok-verify-job.h"
#include "sillok-verify-tree.h"

/* An identity file holds a secret key: it is read into guarded memory. */
#define IDENTITY_FILE_MAX (64 * 1024)

struct _SillokVerifyProgress
{
  GMutex  lock;
  guint64 done;
  guint64 total;
};

static void
progress_clear (SillokVerifyProgress *progress)
{
  g_mutex_clear (&progress->lock);
}

SillokVerifyProgress *
sillok_verify_progress_new (void)
{
  SillokVerifyProgress *progress = g_atomic_rc_box_new0 (SillokVerifyProgress);

  g_mutex_init (&progress->lock);
  return progress;
}

SillokVerifyProgress *
sillok_verify_progress_ref (SillokVerifyProgress *progress)
{
  return g_atomic_rc_box_acquire (progress);
}

void
sillok_verify_progress_unref (SillokVerifyProgress *progress)
{
  g_atomic_rc_box_release_full (progress, (GDestroyNotify) progress_clear);
}

void
sillok_verify_progress_get (SillokVerifyProgress *progress,
                            guint64              *done,
                            guint64              *total)
{
  g_mutex_lock (&progress->lock);
  *done = progress->done;
  *total = progress->total;
  g_mutex_unlock (&progress->lock);
}

static void
progress_set (guint64  done,
              guint64  total,
              gpointer user_data)
{
  SillokVerifyProgress *progress = user_data;

  g_mutex_lock (&progress->lock);
  progress->done = done;
  progress->total = total;
  g_mutex_unlock (&progress->lock);
}

SillokVerifyRequest *
sillok_verify_request_new (GFile *bundle)
{
  SillokVerifyRequest *request = g_new0 (SillokVerifyRequest, 1);

  g_return_val_if_fail (G_IS_FILE (bundle), NULL);
  request->bundle = g_object_ref (bundle);
  return request;
}

void
sillok_verify_request_free (SillokVerifyRequest *request)
{
  if (request == NULL)
    return;
  g_clear_object (&request->bundle);
  g_clear_object (&request->reader);
  g_clear_object (&request->identity_file);
  g_clear_pointer (&request->passphrase, sillok_secret_free);
  g_clear_object (&request->trust_dir);
  g_free (request);
}

static void
result_clear (SillokVerifyResult *result)
{
  g_clear_pointer (&result->report, sillok_bundle_report_free);
  g_clear_pointer (&result->file_name, g_free);
  g_clear_object (&result->tree);
}

SillokVerifyResult *
sillok_verify_result_ref (SillokVerifyResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
sillok_verify_result_unref (SillokVerifyResult *result)
{
  g_atomic_rc_box_release_full (result, (GDestroyNotify) result_clear);
}

/* ----- the vault's keys ------------------------------------------------------------------- */

static gpointer
prepare_vault_job (SillokVault   *vault,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(GPtrArray) trusted = sillok_trust_list (vault, error);
  SillokMinisignPublicKey own;

  if (trusted == NULL)
    return NULL;
  sillok_bundle_reader_add_identity (reader, sillok_vault_get_age_identity (vault));
  sillok_bundle_reader_set_identity_is_vault (reader, TRUE);
  sillok_vault_get_public_key (vault, &own);
  sillok_bundle_reader_add_trusted_key (reader, &own, sillok_vault_get_name (vault),
                                        C_("trusted signer", "this vault"));
  for (guint i = 0; i < trusted->len; i++)
    {
      SillokTrustedSigner *s = trusted->pdata[i];

      sillok_bundle_reader_add_trusted_key (reader, &s->key, s->name, s->role);
    }
  return g_steal_pointer (&reader);
}

void
sillok_verify_prepare_vault_async (SillokSession       *session,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SILLOK_IS_SESSION (session));
  sillok_session_run_async (session, prepare_vault_job, NULL, NULL, g_object_unref, cancellable, callback, user_data);
}

SillokBundleReader *
sillok_verify_prepare_vault_finish (SillokSession  *session,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return sillok_session_run_finish (session, result, error);
}

/* ----- verifying ---------------------------------------------------------------------------- */

static SillokSecret *
read_identity_file (GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(SillokSecret) buf = sillok_secret_new (IDENTITY_FILE_MAX);
  g_autoptr(GFileInputStream) input = g_file_read (file, cancellable, error);
  gsize len = 0;

  if (input == NULL)
    return NULL;
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), sillok_secret_get_data (buf) + len,
                                      IDENTITY_FILE_MAX - len, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      len += n;
      if (len == IDENTITY_FILE_MAX)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The file is too large for an age identity file"));
          return NULL;
        }
    }
  return sillok_secret_new_from_data (sillok_secret_get_data (buf), len);
}

static gboolean
add_identity_file (SillokBundleReader  *reader,
                   GFile               *file,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(SillokSecret) data = read_identity_file (file, cancellable, error);
  g_autoptr(GPtrArray) identities = NULL;
  g_autofree char *name = g_file_get_basename (file);

  if (data != NULL)
    identities = sillok_age_identity_parse_file (sillok_secret_get_string (data), sillok_secret_get_length (data),
                                                 error);
  if (identities == NULL)
    {
      g_prefix_error (error, _("The identity file %s cannot be used: "), name);
      return FALSE;
    }
  if (identities->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The identity file %s holds no age identity"),
                   name);
      return FALSE;
    }
  for (guint i = 0; i < identities->len; i++)
    sillok_bundle_reader_add_identity (reader, identities->pdata[i]);
  return TRUE;
}

static SillokBundleReport *
verify (SillokVerifyRequest   *request,
        SillokVerifyProgress  *progress,
        GCancellable          *cancellable,
        GError               **error)
{
  g_autoptr(SillokBundleReader) reader = request->reader != NULL ? g_object_ref (request->reader)
                                                                 : sillok_bundle_reader_new ();
  g_autofree char *path = g_file_get_path (request->bundle);

  if (request->identity_file != NULL && !add_identity_file (reader, request->identity_file, cancellable, error))
    return NULL;
  if (request->passphrase != NULL)
    sillok_bundle_reader_add_passphrase (reader, request->passphrase);
  if (request->trust_dir != NULL)
    {
      g_autofree char *dir = g_file_get_path (request->trust_dir);

      if (dir == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The trusted keys must be in a folder on this computer"));
          return NULL;
        }
      if (!sillok_bundle_reader_add_trusted_dir (reader, dir, error))
        {
          g_prefix_error (error, _("The trusted keys cannot be used: "));
          return NULL;
        }
    }
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only a bundle on this computer can be verified; copy it here first"));
      return NULL;
    }
  return sillok_bundle_reader_read_file (reader, path, progress_set, progress, cancellable, error);
}

typedef struct
{
  SillokVerifyRequest  *request;
  SillokVerifyProgress *progress;
} RunData;

static void
run_data_free (RunData *data)
{
  sillok_verify_request_free (data->request);
  sillok_verify_progress_unref (data->progress);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  SillokBundleReport *report = verify (data->request, data->progress, cancellable, &error);
  SillokVerifyResult *result;

  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = g_atomic_rc_box_new0 (SillokVerifyResult);
  result->report = report;
  result->file_name = g_file_get_basename (data->request->bundle);
  /* Thousands of versions make thousands of nodes: built here, not in the main loop. */
  result->tree = sillok_verify_tree_new (report, result->file_name);
  g_task_return_pointer (task, result, (GDestroyNotify) sillok_verify_result_unref);
}

void
sillok_verify_run_async (SillokVerifyRequest  *request,
                         SillokVerifyProgress *progress,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RunData *data = g_new0 (RunData, 1);

  data->request = request;
  data->progress = sillok_verify_progress_ref (progress);
  g_task_set_source_tag (task, sillok_verify_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

SillokVerifyResult *
sillok_verify_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----- the report ------------------------------------------------------------------------- */

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SillokVerifyResult *result = task_data;
  GFile *file = g_object_get_data (G_OBJECT (task), "file");
  g_autofree char *path = g_file_get_path (file);
  GError *error = NULL;

  if (path == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("A report can only be saved to a folder on this computer"));
  else if (!sillok_report_write (result->report, result->file_name, path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sillok_verify_save_report_async (SillokVerifyResult  *result,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (result != NULL && G_IS_FILE (file));
  g_task_set_source_tag (task, sillok_verify_save_report_async);
  g_task_set_task_data (task, sillok_verify_result_ref (result), (GDestroyNotify) sillok_verify_result_unref);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

gboolean
sillok_verify_save_report_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
