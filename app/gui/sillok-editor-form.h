/* sillok-editor-form.h: the form of a record, built from its template
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-record.h"
#include "sillok-field-editor.h"

G_BEGIN_DECLS

typedef struct
{
  AdwPreferencesPage *page;
  GPtrArray          *groups;    /* AdwPreferencesGroup, in the page */
  GHashTable         *editors;   /* path → SillokFieldEditor (drafts only) */
} SillokEditorForm;

/* An empty form on @page. */
SillokEditorForm *sillok_editor_form_new  (AdwPreferencesPage *page);
/* Adds a group per section (consent first) and per entry of a repeating
 * section: editable controls for a draft, read-only rows for a sealed
 * version. */
void              sillok_editor_form_add_sections (SillokEditorForm *form,
                                                   SillokRecord     *record,
                                                   SillokGazetteer  *gazetteer,
                                                   const char       *language);
/* Takes @group into the form, added to its page. */
void              sillok_editor_form_add  (SillokEditorForm   *form,
                                           GtkWidget          *group);
/* Removes the form's groups from the page. */
void              sillok_editor_form_free (SillokEditorForm   *form);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokEditorForm, sillok_editor_form_free)

G_END_DECLS
