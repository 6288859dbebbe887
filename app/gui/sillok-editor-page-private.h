/* sillok-editor-page-private.h: what the editor page's files share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-gazetteer.h"
#include "sillok-editor-form.h"
#include "sillok-editor-jobs.h"
#include "sillok-editor-page.h"

G_BEGIN_DECLS

struct _SillokEditorPage
{
  AdwBin              parent_instance;

  SillokSession      *session;
  SillokGazetteer    *gazetteer;
  char               *language;
  char               *uuid;
  guint               generation;    /* answers for an earlier record are dropped */
  gboolean            loading;
  guint               shown_version;  /* of the form on screen, 0: none */
  int                 shown_status;
  SillokLoaded       *loaded;
  SillokEditorForm   *form;
  SillokDraftSaver   *saver;
  SillokSealDialog   *seal_dialog;   /* weak */
  AdwMessageDialog   *amend_dialog;  /* weak */
  GtkWindow          *player;        /* weak */

  GtkLabel           *title_label;
  GtkLabel           *saved_label;
  GtkStack           *stack;
  AdwPreferencesPage *form_page;
};

/* Reads the record again and rebuilds the form (after a structural change). */
void sillok_editor_page_reload       (SillokEditorPage *self);
/* Tells the user that something failed, in a dialog over the window. */
void sillok_editor_page_show_error   (SillokEditorPage *self,
                                      const char       *heading,
                                      const GError     *error);
void sillok_editor_page_update_actions (SillokEditorPage *self);
/* The attachments group of the loaded record (sillok-editor-actions.c). */
GtkWidget *sillok_editor_page_attachments_group (SillokEditorPage *self);
/* The signature details of a sealed version. */
GtkWidget *sillok_editor_page_signature_group   (SillokEditorPage *self);
void sillok_editor_page_install_actions (GtkWidgetClass *widget_class);
/* Emits ::record-changed. */
void sillok_editor_page_changed      (SillokEditorPage *self);

G_END_DECLS
