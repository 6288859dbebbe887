/* sillok-export-dialog.h: choosing how to export, reviewing, writing, and the result
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-export-jobs.h"
#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_EXPORT_DIALOG (sillok_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SillokExportDialog, sillok_export_dialog, SILLOK, EXPORT_DIALOG, AdwWindow)

/* A modal dialog over @parent exporting the records @uuids, shown by their
 * list titles @titles (same order), from @session's unlocked vault.
 * Emits ::exported once the bundle is written. */
SillokExportDialog *sillok_export_dialog_new             (GtkWindow          *parent,
                                                          SillokSession      *session,
                                                          GPtrArray          *uuids,
                                                          GPtrArray          *titles);
/* The same over the records @uuids of the archive (coordinators): their
 * statements and signatures as they came, the coordinator signing the
 * manifest. */
SillokExportDialog *sillok_export_dialog_new_from_archive (GtkWindow         *parent,
                                                           SillokSession     *session,
                                                           GPtrArray         *uuids,
                                                           GPtrArray         *titles);
/* The bundle file, as if chosen in the file chooser. */
void                sillok_export_dialog_set_destination (SillokExportDialog *self,
                                                          const char         *path);
/* "options", "planning", "review", "writing" or "done". */
const char         *sillok_export_dialog_get_page        (SillokExportDialog *self);
/* The problem shown in plain words, or NULL. */
const char         *sillok_export_dialog_get_error       (SillokExportDialog *self);
/* TRUE once the vault's recipients are listed. */
gboolean            sillok_export_dialog_get_recipients_loaded (SillokExportDialog *self);
/* The plan under review, or NULL. */
SillokExportReview *sillok_export_dialog_get_review      (SillokExportDialog *self);
/* What was written (page "done"), or NULL. */
SillokExportReport *sillok_export_dialog_get_result      (SillokExportDialog *self);
/* The name Choose… suggests: "sillok-YYYYMMDD.sillok", or the name of
 * the file chosen before. */
char               *sillok_export_dialog_suggest_name    (SillokExportDialog *self);

G_END_DECLS
