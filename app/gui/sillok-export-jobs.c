/* sillok-export-jobs.c: the vault work behind the export dialog, and its
 * words for what goes wrong
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-record.h"
#include "sillok/sillok-recipients.h"
#include "sillok-export-jobs.h"

G_DEFINE_QUARK (sillok-export-choice-error-quark, sillok_export_choice_error)

SillokExportChoices *
sillok_export_choices_new (void)
{
  SillokExportChoices *choices = g_new0 (SillokExportChoices, 1);

  choices->uuids = g_ptr_array_new_with_free_func (g_free);
  choices->recipients = g_ptr_array_new_with_free_func (g_free);
  choices->profile = SILLOK_EXPORT_PROFILE_ANONYMIZED;
  return choices;
}

static void
copy_strings (GPtrArray *to,
              GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_strdup (from->pdata[i]));
}

SillokExportChoices *
sillok_export_choices_copy (const SillokExportChoices *choices)
{
  SillokExportChoices *copy;

  g_return_val_if_fail (choices != NULL, NULL);

  copy = sillok_export_choices_new ();
  copy_strings (copy->uuids, choices->uuids);
  copy_strings (copy->recipients, choices->recipients);
  copy->profile = choices->profile;
  copy->passphrase = choices->passphrase != NULL ? sillok_secret_dup (choices->passphrase) : NULL;
  copy->override = g_strdup (choices->override);
  copy->path = g_strdup (choices->path);
  copy->source = choices->source;
  return copy;
}

void
sillok_export_choices_free (SillokExportChoices *choices)
{
  if (choices == NULL)
    return;
  g_ptr_array_unref (choices->uuids);
  g_ptr_array_unref (choices->recipients);
  g_clear_pointer (&choices->passphrase, sillok_secret_free);
  g_free (choices->override);
  g_free (choices->path);
  g_free (choices);
}

gboolean
sillok_export_choices_check (const SillokExportChoices  *choices,
                             GError                    **error)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (choices != NULL, FALSE);

  if (choices->uuids->len == 0)
    {
      g_set_error_literal (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_RECORD,
                           _("No interview is chosen. Select sealed interviews in the list first."));
      return FALSE;
    }
  if (choices->recipients->len == 0 && choices->passphrase == NULL)
    {
      g_set_error_literal (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_RECIPIENT,
                           _("Nobody could open this bundle. Tick at least one recipient, or protect the bundle "
                             "with a passphrase."));
      return FALSE;
    }
  if (choices->path == NULL || *choices->path == '\0')
    {
      g_set_error_literal (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_DESTINATION,
                           _("Choose where to save the bundle."));
      return FALSE;
    }
  folder = g_path_get_dirname (choices->path);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_FOLDER,
                           _("The folder chosen for the bundle is no longer there. Choose another place."));
      return FALSE;
    }
  if (g_file_test (choices->path, G_FILE_TEST_EXISTS) || g_file_test (choices->path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error_literal (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_DESTINATION_EXISTS,
                           _("A file of that name is already there, and bundles never replace files. Choose "
                             "another name."));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_export_check_passphrase (const char  *first,
                                const char  *again,
                                GError     **error)
{
  if (first == NULL || *first == '\0')
    {
      g_set_error_literal (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_PASSPHRASE_EMPTY,
                           _("Type a passphrase for the bundle, twice."));
      return FALSE;
    }
  if (g_strcmp0 (first, again) != 0)
    {
      g_set_error_literal (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_PASSPHRASE_MISMATCH,
                           _("The two passphrases are not the same. Type them again."));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_export_needs_reason (const SillokExportReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);
  return report->enforced && report->below != NULL && report->below[0] != NULL;
}

char *
sillok_export_suggested_name (GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  local = g_date_time_to_local (now);
  date = g_date_time_format (local, "%Y%m%d");
  return g_strdup_printf ("sillok-%s.sillok", date);
}

static const char *
explain_export (int code)
{
  switch (code)
    {
    case SILLOK_EXPORT_ERROR_RECIPIENT:
      return _("One of the recipients is not a valid age recipient (age1…).");
    case SILLOK_EXPORT_ERROR_NO_RECIPIENT:
      return _("Nobody could open this bundle. Tick at least one recipient, or protect the bundle with a "
               "passphrase.");
    case SILLOK_EXPORT_ERROR_NOT_SEALED:
      return _("One of the chosen interviews has no sealed version. Seal it before exporting it.");
    case SILLOK_EXPORT_ERROR_CONSENT:
      return _("None of the chosen interviews may leave with this profile: the witnesses did not consent to it.");
    case SILLOK_EXPORT_ERROR_K_ANONYMITY:
      return _("Some interviews could single out their witness. Give a reason to export them anyway, or "
               "leave them out.");
    case SILLOK_EXPORT_ERROR_UNKNOWN_SIGNER:
      return _("An interview is signed with a key this vault does not know, so it cannot be exported from here.");
    case SILLOK_EXPORT_ERROR_TOO_LARGE:
      return _("Too many interviews for one bundle. Export them in several bundles.");
    case SILLOK_EXPORT_ERROR_CHANGED:
      return _("An interview changed while it was being exported. Export again.");
    case SILLOK_EXPORT_ERROR_INCOMPLETE:
      return _("The archive cannot give one of the records whole: a version is missing or in conflict, or, "
               "for a legal team, its audit times never came. Leave it out, or import the bundle that has "
               "it first.");
    case SILLOK_EXPORT_ERROR_INVALID:
    default:
      return NULL;
    }
}

static const char *
explain_io (int code)
{
  switch (code)
    {
    case G_IO_ERROR_NO_SPACE:
      return _("The disk is full. Free some space or choose another place, such as a USB stick, then export "
               "again. No file was left behind.");
    case G_IO_ERROR_EXISTS:
      return _("A file of that name is already there, and bundles never replace files. Choose another name.");
    case G_IO_ERROR_NOT_FOUND:
      return _("The folder chosen for the bundle is no longer there. Choose another place.");
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      return _("This place cannot be written to. Choose another folder.");
    case G_IO_ERROR_CANCELLED:
      return _("The export was cancelled. No file was written.");
    default:
      return _("The bundle could not be written. No file was left behind.");
    }
}

char *
sillok_export_explain_error (const GError *error)
{
  const char *text = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == SILLOK_EXPORT_CHOICE_ERROR)
    return g_strdup (error->message);
  if (error->domain == SILLOK_EXPORT_ERROR)
    text = explain_export (error->code);
  else if (error->domain == G_IO_ERROR)
    text = explain_io (error->code);
  else if (g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
    text = _("The vault was locked before the export could finish. No file was written.");
  if (text == NULL)
    text = _("The export did not work. No file was left behind.");
  return g_strdup (text);
}

const char *
sillok_export_error_details (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == SILLOK_EXPORT_CHOICE_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
    return NULL;
  return error->message;
}

void
sillok_export_review_free (SillokExportReview *review)
{
  if (review == NULL)
    return;
  g_clear_pointer (&review->report, sillok_export_report_free);
  g_clear_pointer (&review->left_out_titles, g_ptr_array_unref);
  g_free (review);
}

/* The core's export of @choices, as the command line builds it. */
static SillokExport *
build_export (SillokVault                *vault,
              const SillokExportChoices  *choices,
              GError                    **error)
{
  g_autoptr(SillokExport) export = sillok_export_new (vault);

  sillok_export_set_source (export, choices->source);
  sillok_export_set_profile (export, choices->profile);
  for (guint i = 0; i < choices->uuids->len; i++)
    sillok_export_add_record (export, choices->uuids->pdata[i]);
  for (guint i = 0; i < choices->recipients->len; i++)
    if (!sillok_export_add_recipient (export, choices->recipients->pdata[i], error))
      return NULL;
  if (choices->passphrase != NULL)
    sillok_export_set_passphrase (export, choices->passphrase);
  if (choices->override != NULL && !sillok_export_set_override_k (export, choices->override, error))
    return NULL;
  return g_steal_pointer (&export);
}

static gpointer
plan_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  const SillokExportChoices *choices = data;
  g_autoptr(SillokExport) export = build_export (vault, choices, error);
  g_autoptr(SillokExportReview) review = g_new0 (SillokExportReview, 1);

  if (export == NULL)
    return NULL;
  review->report = sillok_export_plan (export, error);
  if (review->report == NULL)
    return NULL;
  for (guint i = 0; i < review->report->records->len; i++)
    review->versions += ((SillokExportRecord *) review->report->records->pdata[i])->version;
  /* Named as the list names them: sites and period, never a name. */
  review->left_out_titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < review->report->left_out->len; i++)
    {
      SillokExportLeftOut *left = review->report->left_out->pdata[i];
      g_autoptr(SillokRecord) record = sillok_record_load (vault, left->uuid, 0, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (review->left_out_titles, g_strdup (sillok_record_get_title (record) != NULL
                                                          ? sillok_record_get_title (record) : ""));
    }
  return g_steal_pointer (&review);
}

void
sillok_export_job_plan_async (SillokSession             *session,
                              const SillokExportChoices *choices,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  g_return_if_fail (SILLOK_IS_SESSION (session));
  g_return_if_fail (choices != NULL);

  sillok_session_run_async (session, plan_job, sillok_export_choices_copy (choices),
                            (GDestroyNotify) sillok_export_choices_free, (GDestroyNotify) sillok_export_review_free,
                            cancellable, callback, user_data);
}

SillokExportReview *
sillok_export_job_plan_finish (SillokSession  *session,
                               GAsyncResult   *result,
                               GError        **error)
{
  return sillok_session_run_finish (session, result, error);
}

typedef struct
{
  SillokExportChoices *choices;
  SillokProgressRelay *relay;
  GCancellable        *cancellable;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  sillok_export_choices_free (job->choices);
  g_clear_pointer (&job->relay, sillok_progress_relay_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
forward_cancel (GCancellable *session_cancellable,
                GCancellable *job_cancellable)
{
  g_cancellable_cancel (job_cancellable);
}

static gpointer
write_job (SillokVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  WriteJob *job = data;
  g_autoptr(SillokExport) export = build_export (vault, job->choices, error);
  SillokExportReport *report;
  gulong handler = 0;

  if (export == NULL)
    return NULL;
  /* The dialog's Cancel, and the session's own (an erase), both stop it. */
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), job->cancellable, NULL);
  report = sillok_export_write (export, job->choices->path, sillok_progress_relay_report, job->relay,
                                job->cancellable, error);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  return report;
}

void
sillok_export_job_write_async (SillokSession             *session,
                               const SillokExportChoices *choices,
                               SillokProgressRelay       *relay,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  WriteJob *job;

  g_return_if_fail (SILLOK_IS_SESSION (session));
  g_return_if_fail (choices != NULL && choices->path != NULL);
  g_return_if_fail (relay != NULL);

  job = g_new0 (WriteJob, 1);
  job->choices = sillok_export_choices_copy (choices);
  job->relay = sillok_progress_relay_ref (relay);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  sillok_session_run_async (session, write_job, job, (GDestroyNotify) write_job_free,
                            (GDestroyNotify) sillok_export_report_free, cancellable, callback, user_data);
}

SillokExportReport *
sillok_export_job_write_finish (SillokSession  *session,
                                GAsyncResult   *result,
                                GError        **error)
{
  return sillok_session_run_finish (session, result, error);
}

static gpointer
recipients_job (SillokVault   *vault,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return sillok_recipients_list (vault, error);
}

void
sillok_export_job_recipients_async (SillokSession       *session,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (SILLOK_IS_SESSION (session));

  sillok_session_run_async (session, recipients_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, cancellable,
                            callback, user_data);
}

GPtrArray *
sillok_export_job_recipients_finish (SillokSession  *session,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return sillok_session_run_finish (session, result, error);
}

static gpointer
add_recipient_job (SillokVault   *vault,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  GStrv pair = data;

  return sillok_recipients_add (vault, pair[0], pair[1], error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
sillok_export_job_add_recipient_async (SillokSession       *session,
                                       const char          *name,
                                       const char          *recipient,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GStrv pair;

  g_return_if_fail (SILLOK_IS_SESSION (session));
  g_return_if_fail (name != NULL && recipient != NULL);

  pair = g_new0 (char *, 3);
  pair[0] = g_strdup (name);
  pair[1] = g_strdup (recipient);
  sillok_session_run_async (session, add_recipient_job, pair, (GDestroyNotify) g_strfreev, NULL, NULL, callback,
                            user_data);
}

gboolean
sillok_export_job_add_recipient_finish (SillokSession  *session,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  return sillok_session_run_finish (session, result, error) != NULL;
}
