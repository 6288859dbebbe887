/* sillok-interviews-page.h: the list of interviews and the editor of one
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-editor-page.h"
#include "sillok-export-dialog.h"
#include "sillok-record-list-model.h"
#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_INTERVIEWS_PAGE (sillok_interviews_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokInterviewsPage, sillok_interviews_page, SILLOK, INTERVIEWS_PAGE, AdwBin)

void                   sillok_interviews_page_set_session (SillokInterviewsPage *self,
                                                           SillokSession        *session);
/* Reads the list again (the vault was unlocked, or records changed). */
void                   sillok_interviews_page_refresh     (SillokInterviewsPage *self);
/* Queues unsaved edits: call before locking or closing. */
void                   sillok_interviews_page_flush       (SillokInterviewsPage *self);
/* Forgets every record shown and returns to the empty list (locked). */
void                   sillok_interviews_page_clear       (SillokInterviewsPage *self);
/* Opens the editor on @uuid. */
void                   sillok_interviews_page_open        (SillokInterviewsPage *self,
                                                           const char           *uuid);
/* Creates a draft of the installed template @template_id and opens it. */
void                   sillok_interviews_page_create      (SillokInterviewsPage *self,
                                                           const char           *template_id);
SillokEditorPage      *sillok_interviews_page_get_editor  (SillokInterviewsPage *self);
SillokRecordListModel *sillok_interviews_page_get_model   (SillokInterviewsPage *self);
/* "list" or "editor". */
const char            *sillok_interviews_page_get_view    (SillokInterviewsPage *self);
/* In selection mode rows carry check boxes and a click ticks a record for
 * export; leaving it forgets what was ticked. */
void                   sillok_interviews_page_set_selection_mode (SillokInterviewsPage *self,
                                                                  gboolean              selection_mode);
gboolean               sillok_interviews_page_get_selection_mode (SillokInterviewsPage *self);
/* Ticks or unticks the record at @position as a click in selection mode
 * does; FALSE (saying why below the list) for a draft or a row not read. */
gboolean               sillok_interviews_page_toggle_chosen (SillokInterviewsPage *self,
                                                             guint                 position);
/* The UUIDs ticked for export, in no particular order. */
GStrv                  sillok_interviews_page_get_chosen  (SillokInterviewsPage *self);
/* Opens the export dialog on the ticked records (or presents the one
 * open); with none ticked, turns selection mode on and asks for some,
 * returning NULL. */
SillokExportDialog    *sillok_interviews_page_export      (SillokInterviewsPage *self);
SillokExportDialog    *sillok_interviews_page_get_export_dialog (SillokInterviewsPage *self);

G_END_DECLS
