/* sillok-field-editor.h: the row that edits one field of a template
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-template.h"
#include "sillok-narrative-view.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_FIELD_EDITOR (sillok_field_editor_get_type ())
G_DECLARE_FINAL_TYPE (SillokFieldEditor, sillok_field_editor, SILLOK, FIELD_EDITOR, GObject)

/* The control the field's type calls for, labelled in @language, with its
 * help and an inline error row.  Emits ::changed (the value as the command
 * line writes it, "" for none) when the user changes it. */
SillokFieldEditor   *sillok_field_editor_new           (SillokTemplateField *field,
                                                        const char          *path,
                                                        SillokGazetteer     *gazetteer,
                                                        const char          *language);
/* Adds the row and its error row to @group. */
void                 sillok_field_editor_add_to        (SillokFieldEditor   *self,
                                                        AdwPreferencesGroup *group);
GtkWidget           *sillok_field_editor_get_row       (SillokFieldEditor   *self);
const char          *sillok_field_editor_get_path      (SillokFieldEditor   *self);
SillokTemplateField *sillok_field_editor_get_field     (SillokFieldEditor   *self);
/* Shows a stored value (NULL: none) without emitting ::changed. */
void                 sillok_field_editor_set_value     (SillokFieldEditor   *self,
                                                        JsonNode            *value);
/* Shows @message under the field, or hides it (NULL). */
void                 sillok_field_editor_set_error     (SillokFieldEditor   *self,
                                                        const char          *message);
const char          *sillok_field_editor_get_error     (SillokFieldEditor   *self);
/* Scrolls to the field and gives it the keyboard focus. */
void                 sillok_field_editor_focus         (SillokFieldEditor   *self);
/* The narrative view of a longtext field, else NULL. */
SillokNarrativeView *sillok_field_editor_get_narrative (SillokFieldEditor   *self);
/* For tests and the site picker: as if the user had entered @text. */
void                 sillok_field_editor_enter_text    (SillokFieldEditor   *self,
                                                        const char          *text);

G_END_DECLS
