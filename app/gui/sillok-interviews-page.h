/* sillok-interviews-page.h: the list of interviews and the editor of one
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-editor-page.h"
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

G_END_DECLS
