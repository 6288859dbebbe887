/* sillok-narrative-view.h: a narrative's text with its redactions marked
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sillok/sillok-redact.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_NARRATIVE_VIEW (sillok_narrative_view_get_type ())
G_DECLARE_FINAL_TYPE (SillokNarrativeView, sillok_narrative_view, SILLOK, NARRATIVE_VIEW, GtkWidget)

/* Emits ::changed when the user edits the text and ::redactions-changed
 * when spans are marked or unmarked (edits move marked spans with them). */
SillokNarrativeView *sillok_narrative_view_new              (void);
GtkTextView         *sillok_narrative_view_get_text_view    (SillokNarrativeView *self);
/* Replaces text and marks without emitting anything. */
void                 sillok_narrative_view_set_contents     (SillokNarrativeView *self,
                                                             const char          *text,
                                                             const SillokSpan    *spans,
                                                             guint                n_spans);
char                *sillok_narrative_view_dup_text         (SillokNarrativeView *self);
/* The marked spans, sorted, in characters. */
GArray              *sillok_narrative_view_get_spans        (SillokNarrativeView *self);
/* Marks (or with @redact FALSE unmarks) the selection; FALSE when nothing
 * is selected. */
gboolean             sillok_narrative_view_redact_selection (SillokNarrativeView *self,
                                                             gboolean             redact);
/* The words sealing removes by itself (strings): their occurrences are
 * shown marked too. */
void                 sillok_narrative_view_set_needles      (SillokNarrativeView *self,
                                                             GPtrArray           *needles);
/* Spans currently shown as removed automatically. */
GArray              *sillok_narrative_view_get_auto_spans   (SillokNarrativeView *self);

G_END_DECLS
