/* sillok-export-jobs.h: the vault work behind the export dialog, and its
 * words for what goes wrong (no GTK)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok.h"
#include "sillok/sillok-export.h"
#include "sillok-progress-relay.h"
#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_EXPORT_CHOICE_ERROR (sillok_export_choice_error_quark ())

typedef enum
{
  SILLOK_EXPORT_CHOICE_ERROR_NO_RECORD,           /* nothing chosen to export */
  SILLOK_EXPORT_CHOICE_ERROR_NO_RECIPIENT,        /* no recipient ticked and no passphrase */
  SILLOK_EXPORT_CHOICE_ERROR_PASSPHRASE_EMPTY,
  SILLOK_EXPORT_CHOICE_ERROR_PASSPHRASE_MISMATCH, /* the two fields differ */
  SILLOK_EXPORT_CHOICE_ERROR_NO_DESTINATION,      /* no file chosen */
  SILLOK_EXPORT_CHOICE_ERROR_DESTINATION_EXISTS,
  SILLOK_EXPORT_CHOICE_ERROR_NO_FOLDER,           /* the file's folder is gone */
  SILLOK_EXPORT_CHOICE_ERROR_NEEDS_REASON,        /* below the k-anonymity threshold without a reason */
} SillokExportChoiceError;

/* What the interviewer chose in the export dialog. */
typedef struct
{
  GPtrArray           *uuids;        /* char *, the records ticked */
  SillokExportProfile  profile;
  GPtrArray           *recipients;   /* char *, "age1…" */
  SillokSecret        *passphrase;   /* instead of recipients, or NULL */
  char                *override;     /* why to go below the k-anonymity threshold, or NULL */
  char                *path;         /* the bundle file to write, or NULL */
  SillokExportSource   source;       /* the vault's own records, or the archive's (coordinators) */
} SillokExportChoices;

/* What the review page shows: the core's plan and the list titles of the
 * records consent leaves out (never the interviewee's name). */
typedef struct
{
  SillokExportReport *report;
  GPtrArray          *left_out_titles;  /* char *, one per report->left_out, "" when untitled */
  guint               versions;         /* statements written: every version of every record */
} SillokExportReview;

GQuark               sillok_export_choice_error_quark  (void);

SillokExportChoices *sillok_export_choices_new          (void);
SillokExportChoices *sillok_export_choices_copy         (const SillokExportChoices *choices);
void                 sillok_export_choices_free         (SillokExportChoices       *choices);
/* Checks what can be checked before the vault is asked: records chosen,
 * somebody to encrypt to, a destination whose folder exists and whose
 * name is free. */
gboolean             sillok_export_choices_check        (const SillokExportChoices *choices,
                                                         GError                   **error);
/* The passphrase typed twice: both the same and not empty. */
gboolean             sillok_export_check_passphrase     (const char                *first,
                                                         const char                *again,
                                                         GError                   **error);
/* TRUE when @report is below an enforced k-anonymity threshold, so the
 * export needs a reason. */
gboolean             sillok_export_needs_reason         (const SillokExportReport  *report);
/* "sillok-YYYYMMDD.sillok" for the local date of @now. */
char                *sillok_export_suggested_name       (GDateTime                 *now);
/* @error in plain words, for the dialog: what happened and what to do. */
char                *sillok_export_explain_error        (const GError              *error);
/* The technical message worth showing under the explanation, or NULL. */
const char          *sillok_export_error_details        (const GError              *error);

void                 sillok_export_review_free          (SillokExportReview        *review);

/* Plans the export of @choices as a session job: what it would carry,
 * leave out and measure. */
void                 sillok_export_job_plan_async       (SillokSession             *session,
                                                         const SillokExportChoices *choices,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
SillokExportReview  *sillok_export_job_plan_finish      (SillokSession             *session,
                                                         GAsyncResult              *result,
                                                         GError                   **error);
/* Writes the bundle as a session job, reporting bytes through @relay.
 * Cancelling @cancellable (or the session's erase) stops it; the core
 * then leaves no file under the name or its .part. */
void                 sillok_export_job_write_async      (SillokSession             *session,
                                                         const SillokExportChoices *choices,
                                                         SillokProgressRelay       *relay,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
SillokExportReport  *sillok_export_job_write_finish     (SillokSession             *session,
                                                         GAsyncResult              *result,
                                                         GError                   **error);
/* The vault's recipients (SillokRecipient), as a session job. */
void                 sillok_export_job_recipients_async (SillokSession             *session,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
GPtrArray           *sillok_export_job_recipients_finish (SillokSession            *session,
                                                          GAsyncResult             *result,
                                                          GError                  **error);
/* Adds a recipient to the vault, as a session job. */
void                 sillok_export_job_add_recipient_async (SillokSession          *session,
                                                            const char             *name,
                                                            const char             *recipient,
                                                            GAsyncReadyCallback     callback,
                                                            gpointer                user_data);
gboolean             sillok_export_job_add_recipient_finish (SillokSession         *session,
                                                             GAsyncResult          *result,
                                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokExportChoices, sillok_export_choices_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokExportReview, sillok_export_review_free)

G_END_DECLS
