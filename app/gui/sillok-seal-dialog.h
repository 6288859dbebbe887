/* sillok-seal-dialog.h: what is missing before sealing, or what would leave
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SILLOK_TYPE_SEAL_DIALOG (sillok_seal_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SillokSealDialog, sillok_seal_dialog, SILLOK, SEAL_DIALOG, AdwWindow)

/* A modal dialog over @parent, saying it is checking the draft.  Emits
 * ::jump (a field path) when a missing field is chosen, and ::seal when
 * the interviewer confirms. */
SillokSealDialog *sillok_seal_dialog_new          (GtkWindow        *parent);
/* SillokPreviewRow, each with the field's path as value. */
void              sillok_seal_dialog_show_missing (SillokSealDialog *self,
                                                   GPtrArray        *rows);
/* SillokPreviewRow, as the export carries them, and who signs. */
void              sillok_seal_dialog_show_preview (SillokSealDialog *self,
                                                   GPtrArray        *rows,
                                                   const char       *signer,
                                                   const char       *key_id);
void              sillok_seal_dialog_show_error   (SillokSealDialog *self,
                                                   const char       *message);
/* "checking", "missing", "preview" or "sealing". */
const char       *sillok_seal_dialog_get_mode     (SillokSealDialog *self);
/* The Seal button, and the rows of missing fields (tests). */
GtkButton        *sillok_seal_dialog_get_seal_button (SillokSealDialog *self);
GtkListBox       *sillok_seal_dialog_get_missing_list (SillokSealDialog *self);

G_END_DECLS
