/* sillok-editor-page.h: one record: its form, autosave, seal and amend
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok/sillok-record.h"
#include "sillok-draft-saver.h"
#include "sillok-field-editor.h"
#include "sillok-seal-dialog.h"
#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_EDITOR_PAGE (sillok_editor_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokEditorPage, sillok_editor_page, SILLOK, EDITOR_PAGE, AdwBin)

void               sillok_editor_page_set_session     (SillokEditorPage *self,
                                                       SillokSession    *session);
/* Saves what the page has pending, then shows the latest version of @uuid. */
void               sillok_editor_page_open            (SillokEditorPage *self,
                                                       const char       *uuid);
/* Queues pending edits now: call before locking or closing. */
void               sillok_editor_page_flush           (SillokEditorPage *self);
/* Forgets the record and empties every widget (the vault locked). */
void               sillok_editor_page_clear           (SillokEditorPage *self);
const char        *sillok_editor_page_get_uuid        (SillokEditorPage *self);
/* TRUE while the record is being read. */
gboolean           sillok_editor_page_get_loading     (SillokEditorPage *self);
SillokRecord      *sillok_editor_page_get_record      (SillokEditorPage *self);
SillokDraftSaver  *sillok_editor_page_get_saver       (SillokEditorPage *self);
/* The editor of the field at @path in a draft, or NULL. */
SillokFieldEditor *sillok_editor_page_get_field       (SillokEditorPage *self,
                                                       const char       *path);
/* Adds @file to the draft as an attachment (what the file chooser does). */
void               sillok_editor_page_attach          (SillokEditorPage *self,
                                                       GFile            *file,
                                                       const char       *sensitivity);
SillokSealDialog  *sillok_editor_page_get_seal_dialog (SillokEditorPage *self);
AdwMessageDialog  *sillok_editor_page_get_amend_dialog (SillokEditorPage *self);
/* "Saved", "Saving…" and so on, as shown. */
const char        *sillok_editor_page_get_save_text   (SillokEditorPage *self);

G_END_DECLS
