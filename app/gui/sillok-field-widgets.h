/* sillok-field-widgets.h: the controls of the field types GTK has none for
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-template.h"

G_BEGIN_DECLS

/* Each control emits ::text-changed with the value as the command line
 * writes it ("" for none) when the user changes it, and shows such a text
 * with _set_text() without emitting. */

#define SILLOK_TYPE_INTEGER_CONTROL (sillok_integer_control_get_type ())
G_DECLARE_FINAL_TYPE (SillokIntegerControl, sillok_integer_control, SILLOK, INTEGER_CONTROL, GtkBox)
/* A spin button within the field's bounds that can also be empty. */
SillokIntegerControl *sillok_integer_control_new      (SillokTemplateField  *field);
void                  sillok_integer_control_set_text (SillokIntegerControl *self,
                                                       const char           *text);

#define SILLOK_TYPE_DATE_CONTROL (sillok_date_control_get_type ())
G_DECLARE_FINAL_TYPE (SillokDateControl, sillok_date_control, SILLOK, DATE_CONTROL, GtkBox)
/* A year, an optional month and an optional day. */
SillokDateControl    *sillok_date_control_new         (const char           *language);
void                  sillok_date_control_set_text    (SillokDateControl    *self,
                                                       const char           *text);

#define SILLOK_TYPE_PLACE_CONTROL (sillok_place_control_get_type ())
G_DECLARE_FINAL_TYPE (SillokPlaceControl, sillok_place_control, SILLOK, PLACE_CONTROL, GtkBox)
/* A province and optional free text. */
SillokPlaceControl   *sillok_place_control_new        (const char           *language);
void                  sillok_place_control_set_text   (SillokPlaceControl   *self,
                                                       const char           *text);

#define SILLOK_TYPE_SITE_ROW (sillok_site_row_get_type ())
G_DECLARE_FINAL_TYPE (SillokSiteRow, sillok_site_row, SILLOK, SITE_ROW, AdwEntryRow)
/* Free text, or a site picked from the gazetteer's search. */
SillokSiteRow        *sillok_site_row_new             (SillokGazetteer      *gazetteer,
                                                       const char           *language);
void                  sillok_site_row_set_text        (SillokSiteRow        *self,
                                                       const char           *text);
/* Picks the gazetteer's site @id, as choosing it in the search does. */
gboolean              sillok_site_row_pick            (SillokSiteRow        *self,
                                                       const char           *id);

/* A drop-down over strings that the user can search by typing. */
GtkWidget            *sillok_searchable_drop_down_new (GListModel           *strings);

G_END_DECLS
