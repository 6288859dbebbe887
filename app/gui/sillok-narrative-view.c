/* sillok-narrative-view.c: a narrative's text with its redactions marked
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-narrative-view.h"

/* Marked spans are a text tag: edits before or inside a span move it with
 * the text, so the spans saved are always those of the text saved.  The
 * automatic marks are recomputed a moment after typing stops. */
#define AUTO_MARK_DELAY_MS 300

struct _SillokNarrativeView
{
  GtkWidget      parent_instance;

  GtkWidget     *scroller;
  GtkWidget     *buttons;
  GtkTextView   *text_view;
  GtkTextBuffer *buffer;
  GtkTextTag    *redacted_tag;
  GtkTextTag    *auto_tag;
  GPtrArray     *needles;
  guint          auto_source;
  gboolean       loading;
};

G_DEFINE_FINAL_TYPE (SillokNarrativeView, sillok_narrative_view, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  REDACTIONS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GArray *
tag_spans (SillokNarrativeView *self,
           GtkTextTag          *tag)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (SillokSpan));
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (self->buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return spans;
  do
    {
      SillokSpan span;

      if (!gtk_text_iter_starts_tag (&iter, tag))
        continue;
      span.start = gtk_text_iter_get_offset (&iter);
      gtk_text_iter_forward_to_tag_toggle (&iter, tag);
      span.end = gtk_text_iter_get_offset (&iter);
      if (span.end > span.start)
        g_array_append_val (spans, span);
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  return spans;
}

static void
update_auto_marks (SillokNarrativeView *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->auto_tag, &start, &end);
  if (self->needles == NULL || self->needles->len == 0)
    return;
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  spans = sillok_redact_find (text, self->needles);
  for (guint i = 0; i < spans->len; i++)
    {
      SillokSpan *span = &g_array_index (spans, SillokSpan, i);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, span->end);
      gtk_text_buffer_apply_tag (self->buffer, self->auto_tag, &start, &end);
    }
}

static gboolean
auto_marks_cb (gpointer data)
{
  SillokNarrativeView *self = data;

  self->auto_source = 0;
  update_auto_marks (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed (SillokNarrativeView *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->auto_source, g_source_remove);
  self->auto_source = g_timeout_add (AUTO_MARK_DELAY_MS, auto_marks_cb, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
sillok_narrative_view_redact_selection (SillokNarrativeView *self,
                                        gboolean             redact)
{
  GtkTextIter start, end;

  g_return_val_if_fail (SILLOK_IS_NARRATIVE_VIEW (self), FALSE);

  if (!gtk_text_view_get_editable (self->text_view)
      || !gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    return FALSE;
  if (redact)
    gtk_text_buffer_apply_tag (self->buffer, self->redacted_tag, &start, &end);
  else
    gtk_text_buffer_remove_tag (self->buffer, self->redacted_tag, &start, &end);
  g_signal_emit (self, signals[REDACTIONS_CHANGED], 0);
  return TRUE;
}

static void
redact_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sillok_narrative_view_redact_selection (SILLOK_NARRATIVE_VIEW (widget), TRUE);
}

static void
unredact_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sillok_narrative_view_redact_selection (SILLOK_NARRATIVE_VIEW (widget), FALSE);
}

static void
sillok_narrative_view_dispose (GObject *object)
{
  SillokNarrativeView *self = SILLOK_NARRATIVE_VIEW (object);

  g_clear_handle_id (&self->auto_source, g_source_remove);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->buttons, gtk_widget_unparent);
  g_clear_pointer (&self->needles, g_ptr_array_unref);

  G_OBJECT_CLASS (sillok_narrative_view_parent_class)->dispose (object);
}

static void
sillok_narrative_view_class_init (SillokNarrativeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_narrative_view_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  signals[REDACTIONS_CHANGED] = g_signal_new ("redactions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "narrative");
  gtk_widget_class_install_action (widget_class, "narrative.redact-selection", NULL, redact_activated);
  gtk_widget_class_install_action (widget_class, "narrative.unredact-selection", NULL, unredact_activated);
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  return button;
}

static void
sillok_narrative_view_init (SillokNarrativeView *self)
{
  GtkWidget *legend;

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->text_view, FALSE);
  gtk_text_view_set_top_margin (self->text_view, 8);
  gtk_text_view_set_bottom_margin (self->text_view, 8);
  gtk_text_view_set_left_margin (self->text_view, 8);
  gtk_text_view_set_right_margin (self->text_view, 8);
  self->buffer = gtk_text_view_get_buffer (self->text_view);
  /* Struck through: the interviewer's marks.  Underlined: what sealing
   * removes by itself (names and other identifying values). */
  self->redacted_tag = gtk_text_buffer_create_tag (self->buffer, "redacted", "strikethrough", TRUE,
                                                   "background-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 0.25 }, NULL);
  self->auto_tag = gtk_text_buffer_create_tag (self->buffer, "auto-redacted", "underline", PANGO_UNDERLINE_ERROR,
                                               "background-rgba", &(GdkRGBA) { 0.90, 0.65, 0.04, 0.30 }, NULL);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed), self);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->scroller), 140);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), 420);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->text_view));
  gtk_widget_add_css_class (self->scroller, "card");
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  /* Inside the view, so that the buttons reach its actions. */
  self->buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->buttons), action_button (_("_Redact Selection"), "narrative.redact-selection",
                                                          _("Remove the selected words from anonymized exports (Ctrl+R)")));
  gtk_box_append (GTK_BOX (self->buttons), action_button (_("R_estore Selection"), "narrative.unredact-selection",
                                                          _("Keep the selected words after all (Shift+Ctrl+R)")));
  legend = gtk_label_new (_("Struck-through text is removed from anonymized exports; underlined text is removed "
                            "automatically because it identifies someone."));
  gtk_label_set_wrap (GTK_LABEL (legend), TRUE);
  gtk_label_set_xalign (GTK_LABEL (legend), 0);
  gtk_widget_set_hexpand (legend, TRUE);
  gtk_widget_add_css_class (legend, "caption");
  gtk_widget_add_css_class (legend, "dim-label");
  gtk_box_append (GTK_BOX (self->buttons), legend);
  gtk_widget_set_parent (self->buttons, GTK_WIDGET (self));
}

SillokNarrativeView *
sillok_narrative_view_new (void)
{
  return g_object_new (SILLOK_TYPE_NARRATIVE_VIEW, NULL);
}

GtkTextView *
sillok_narrative_view_get_text_view (SillokNarrativeView *self)
{
  g_return_val_if_fail (SILLOK_IS_NARRATIVE_VIEW (self), NULL);
  return self->text_view;
}

void
sillok_narrative_view_set_contents (SillokNarrativeView *self,
                                    const char          *text,
                                    const SillokSpan    *spans,
                                    guint                n_spans)
{
  g_return_if_fail (SILLOK_IS_NARRATIVE_VIEW (self));

  self->loading = TRUE;
  gtk_text_buffer_set_text (self->buffer, text != NULL ? text : "", -1);
  for (guint i = 0; i < n_spans; i++)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, spans[i].start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, spans[i].end);
      gtk_text_buffer_apply_tag (self->buffer, self->redacted_tag, &start, &end);
    }
  update_auto_marks (self);
  self->loading = FALSE;
}

char *
sillok_narrative_view_dup_text (SillokNarrativeView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (SILLOK_IS_NARRATIVE_VIEW (self), NULL);
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

GArray *
sillok_narrative_view_get_spans (SillokNarrativeView *self)
{
  g_return_val_if_fail (SILLOK_IS_NARRATIVE_VIEW (self), NULL);
  return tag_spans (self, self->redacted_tag);
}

GArray *
sillok_narrative_view_get_auto_spans (SillokNarrativeView *self)
{
  g_return_val_if_fail (SILLOK_IS_NARRATIVE_VIEW (self), NULL);
  return tag_spans (self, self->auto_tag);
}

void
sillok_narrative_view_set_needles (SillokNarrativeView *self,
                                   GPtrArray           *needles)
{
  g_return_if_fail (SILLOK_IS_NARRATIVE_VIEW (self));

  g_clear_pointer (&self->needles, g_ptr_array_unref);
  self->needles = needles != NULL ? g_ptr_array_ref (needles) : NULL;
  update_auto_marks (self);
}
