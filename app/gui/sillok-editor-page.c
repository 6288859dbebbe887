/* sillok-editor-page.c: one record: its form and autosave
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-value.h"
#include "sillok-editor-page-private.h"

G_DEFINE_FINAL_TYPE (SillokEditorPage, sillok_editor_page, ADW_TYPE_BIN)

enum {
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SillokEditorPage *page;
  guint             generation;
} Reply;

static Reply *
reply_new (SillokEditorPage *self)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->page = g_object_ref (self);
  reply->generation = self->generation;
  return reply;
}

static void
reply_free (Reply *reply)
{
  g_object_unref (reply->page);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

void
sillok_editor_page_changed (SillokEditorPage *self)
{
  g_signal_emit (self, signals[RECORD_CHANGED], 0);
}

void
sillok_editor_page_show_error (SillokEditorPage *self,
                               const char       *heading,
                               const GError     *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  /* Locking is no failure worth a dialog: the unlock page says it all. */
  if (g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_save_label (SillokEditorPage *self)
{
  g_autofree char *text = NULL;

  if (self->saver == NULL)
    {
      gtk_label_set_label (self->saved_label, "");
      return;
    }
  switch (sillok_draft_saver_get_state (self->saver))
    {
    case SILLOK_SAVE_STATE_PENDING:
    case SILLOK_SAVE_STATE_SAVING:
      text = g_strdup (_("Saving…"));
      break;
    case SILLOK_SAVE_STATE_FAILED:
      text = g_strdup_printf (_("Not saved: %s"), sillok_draft_saver_get_error (self->saver));
      break;
    case SILLOK_SAVE_STATE_SAVED:
    default:
      text = g_strdup (_("Saved"));
      break;
    }
  gtk_label_set_label (self->saved_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->saved_label), text);
  if (sillok_draft_saver_get_state (self->saver) == SILLOK_SAVE_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->saved_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->saved_label), "error");
}

static void
update_title (SillokEditorPage *self)
{
  SillokRecord *record = self->loaded != NULL ? self->loaded->record : NULL;
  g_autofree char *title = NULL;
  const char *name;

  if (record == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      return;
    }
  name = *sillok_record_get_title (record) != '\0' ? sillok_record_get_title (record) : _("Untitled interview");
  if (sillok_record_get_status (record) == SILLOK_RECORD_SEALED)
    title = g_strdup_printf (_("%s — sealed, version %u"), name, sillok_record_get_version (record));
  else
    title = g_strdup_printf (_("%s — draft, version %u"), name, sillok_record_get_version (record));
  gtk_label_set_label (self->title_label, title);
}

void
sillok_editor_page_update_actions (SillokEditorPage *self)
{
  SillokRecord *record = self->loaded != NULL ? self->loaded->record : NULL;
  gboolean draft = record != NULL && sillok_record_get_status (record) == SILLOK_RECORD_DRAFT;
  gboolean sealed = record != NULL && !draft;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "editor.seal", draft);
  gtk_widget_action_set_enabled (widget, "editor.save", draft);
  gtk_widget_action_set_enabled (widget, "editor.add-attachment", draft);
  gtk_widget_action_set_enabled (widget, "editor.detach", draft);
  gtk_widget_action_set_enabled (widget, "editor.add-entry", draft);
  gtk_widget_action_set_enabled (widget, "editor.remove-entry", draft);
  gtk_widget_action_set_enabled (widget, "editor.move-entry", draft);
  gtk_widget_action_set_enabled (widget, "editor.amend", sealed);
  gtk_widget_action_set_enabled (widget, "editor.play", record != NULL);
  gtk_widget_action_set_enabled (widget, "editor.view", record != NULL);
  gtk_widget_set_visible (GTK_WIDGET (gtk_widget_get_template_child (widget, SILLOK_TYPE_EDITOR_PAGE, "seal_button")), !sealed);
  gtk_widget_set_visible (GTK_WIDGET (gtk_widget_get_template_child (widget, SILLOK_TYPE_EDITOR_PAGE, "attach_button")), !sealed);
  gtk_widget_set_visible (GTK_WIDGET (gtk_widget_get_template_child (widget, SILLOK_TYPE_EDITOR_PAGE, "amend_button")), sealed);
}

static void
field_changed (SillokEditorPage  *self,
               const char        *text,
               SillokFieldEditor *editor)
{
  SillokTemplateField *field = sillok_field_editor_get_field (editor);
  const char *path = sillok_field_editor_get_path (editor);
  SillokNarrativeView *narrative = sillok_field_editor_get_narrative (editor);
  g_autoptr(GError) error = NULL;
  JsonNode *value = NULL;

  if (self->saver == NULL)
    return;
  if (*text != '\0')
    {
      value = sillok_value_parse (field, text, self->gazetteer, &error);
      if (value == NULL)
        {
          sillok_field_editor_set_error (editor, error->message);
          return;
        }
    }
  sillok_field_editor_set_error (editor, NULL);
  sillok_draft_saver_set_value (self->saver, path, value, narrative != NULL);
  /* Marked spans move with the text: save them with it. */
  if (narrative != NULL)
    {
      g_autoptr(GArray) spans = sillok_narrative_view_get_spans (narrative);
      sillok_draft_saver_set_redactions (self->saver, path, spans);
    }
}

static void
redactions_changed (SillokEditorPage    *self,
                    SillokNarrativeView *view)
{
  const char *path = gtk_widget_get_name (GTK_WIDGET (view));
  g_autoptr(GArray) spans = sillok_narrative_view_get_spans (view);

  if (self->saver != NULL)
    sillok_draft_saver_set_redactions (self->saver, path, spans);
}

static void
connect_editors (SillokEditorPage *self)
{
  GHashTableIter iter;
  gpointer editor;

  g_hash_table_iter_init (&iter, self->form->editors);
  while (g_hash_table_iter_next (&iter, NULL, &editor))
    {
      SillokNarrativeView *narrative = sillok_field_editor_get_narrative (editor);

      g_signal_connect_object (editor, "changed", G_CALLBACK (field_changed), self, G_CONNECT_SWAPPED);
      if (narrative == NULL)
        continue;
      gtk_widget_set_name (GTK_WIDGET (narrative), sillok_field_editor_get_path (editor));
      sillok_narrative_view_set_needles (narrative, self->loaded->needles);
      g_signal_connect_object (narrative, "redactions-changed", G_CALLBACK (redactions_changed), self,
                               G_CONNECT_SWAPPED);
    }
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scroller (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
build (SillokEditorPage *self)
{
  SillokRecord *record = self->loaded->record;
  GtkScrolledWindow *scroller = find_scroller (GTK_WIDGET (self->form_page));
  gboolean same = self->shown_version == sillok_record_get_version (record)
                  && self->shown_status == (int) sillok_record_get_status (record);

  g_clear_pointer (&self->form, sillok_editor_form_free);
  self->form = sillok_editor_form_new (self->form_page);
  if (sillok_record_get_status (record) == SILLOK_RECORD_SEALED)
    sillok_editor_form_add (self->form, sillok_editor_page_signature_group (self));
  sillok_editor_form_add_sections (self->form, record, self->gazetteer, self->language);
  sillok_editor_form_add (self->form, sillok_editor_page_attachments_group (self));
  connect_editors (self);
  update_title (self);
  sillok_editor_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "form");
  /* Another version (sealed, amended, opened) starts at the top; the same
   * one, rebuilt after an entry or attachment, stays where it was. */
  self->shown_version = sillok_record_get_version (record);
  self->shown_status = sillok_record_get_status (record);
  if (!same && scroller != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
}

static void
set_saver (SillokEditorPage *self,
           SillokDraftSaver *saver)
{
  if (self->saver != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->saver, self);
      sillok_draft_saver_flush (self->saver);
    }
  g_set_object (&self->saver, saver);
  update_save_label (self);
}

static void needles_loaded (GObject *source, GAsyncResult *result, gpointer user_data);

/* Identifying values changed: what sealing removes from narratives too. */
static void
saved (SillokEditorPage *self,
       gboolean          fields)
{
  if (fields && self->uuid != NULL)
    sillok_editor_job_load (self->session, self->uuid, needles_loaded, reply_new (self));
  sillok_editor_page_changed (self);
}

static void
needles_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  SillokEditorPage *self = reply->page;
  SillokLoaded *loaded = sillok_session_run_finish (SILLOK_SESSION (source), result, NULL);
  GHashTableIter iter;
  gpointer editor;

  if (loaded == NULL)
    return;
  if (reply->generation != self->generation || self->form == NULL)
    {
      sillok_loaded_free (loaded);
      return;
    }
  g_clear_pointer (&self->loaded, sillok_loaded_free);
  self->loaded = loaded;
  update_title (self);
  g_hash_table_iter_init (&iter, self->form->editors);
  while (g_hash_table_iter_next (&iter, NULL, &editor))
    if (sillok_field_editor_get_narrative (editor) != NULL)
      sillok_narrative_view_set_needles (sillok_field_editor_get_narrative (editor), loaded->needles);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  SillokEditorPage *self = reply->page;
  g_autoptr(GError) error = NULL;
  SillokLoaded *loaded = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);

  if (reply->generation != self->generation)
    {
      g_clear_pointer (&loaded, sillok_loaded_free);
      return;
    }
  self->loading = FALSE;
  if (loaded == NULL)
    {
      sillok_editor_page_show_error (self, _("The Record Could Not Be Opened"), error);
      return;
    }
  g_clear_pointer (&self->loaded, sillok_loaded_free);
  self->loaded = loaded;
  if (sillok_record_get_status (loaded->record) == SILLOK_RECORD_DRAFT)
    {
      g_autoptr(SillokDraftSaver) saver = sillok_draft_saver_new (self->session, self->uuid,
                                                                  SILLOK_DRAFT_SAVE_DELAY_MS);

      set_saver (self, saver);
      g_signal_connect_object (saver, "notify::state", G_CALLBACK (update_save_label), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (saver, "saved", G_CALLBACK (saved), self, G_CONNECT_SWAPPED);
    }
  else
    set_saver (self, NULL);
  build (self);
}

void
sillok_editor_page_reload (SillokEditorPage *self)
{
  g_return_if_fail (SILLOK_IS_EDITOR_PAGE (self));

  if (self->uuid == NULL || self->session == NULL)
    return;
  sillok_editor_page_flush (self);
  self->generation++;
  self->loading = TRUE;
  sillok_editor_job_load (self->session, self->uuid, loaded_cb, reply_new (self));
}

void
sillok_editor_page_open (SillokEditorPage *self,
                         const char       *uuid)
{
  g_return_if_fail (SILLOK_IS_EDITOR_PAGE (self));
  g_return_if_fail (uuid != NULL);

  sillok_editor_page_flush (self);
  if (g_strcmp0 (uuid, self->uuid) != 0)
    {
      sillok_editor_page_clear (self);
      self->uuid = g_strdup (uuid);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  sillok_editor_page_reload (self);
}

void
sillok_editor_page_flush (SillokEditorPage *self)
{
  g_return_if_fail (SILLOK_IS_EDITOR_PAGE (self));
  if (self->saver != NULL)
    sillok_draft_saver_flush (self->saver);
}

void
sillok_editor_page_clear (SillokEditorPage *self)
{
  g_return_if_fail (SILLOK_IS_EDITOR_PAGE (self));

  self->generation++;
  self->loading = FALSE;
  if (self->seal_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->seal_dialog));
  if (self->amend_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->amend_dialog));
  if (self->player != NULL)
    gtk_window_destroy (self->player);
  if (self->saver != NULL)
    g_signal_handlers_disconnect_by_data (self->saver, self);
  g_clear_object (&self->saver);
  g_clear_pointer (&self->form, sillok_editor_form_free);
  g_clear_pointer (&self->loaded, sillok_loaded_free);
  g_clear_pointer (&self->uuid, g_free);
  self->shown_version = 0;
  self->shown_status = -1;
  update_title (self);
  update_save_label (self);
  sillok_editor_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

static void
sillok_editor_page_dispose (GObject *object)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (object);

  sillok_editor_page_clear (self);
  g_clear_weak_pointer (&self->seal_dialog);
  g_clear_weak_pointer (&self->amend_dialog);
  g_clear_weak_pointer (&self->player);
  g_clear_object (&self->session);
  g_clear_pointer (&self->gazetteer, sillok_gazetteer_unref);

  G_OBJECT_CLASS (sillok_editor_page_parent_class)->dispose (object);
}

static void
sillok_editor_page_finalize (GObject *object)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (object);

  g_free (self->language);

  G_OBJECT_CLASS (sillok_editor_page_parent_class)->finalize (object);
}

static void
sillok_editor_page_class_init (SillokEditorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_editor_page_dispose;
  object_class->finalize = sillok_editor_page_finalize;

  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-editor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokEditorPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SillokEditorPage, saved_label);
  gtk_widget_class_bind_template_child (widget_class, SillokEditorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SillokEditorPage, form_page);
  gtk_widget_class_bind_template_child_full (widget_class, "back_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "seal_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "amend_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "attach_button", FALSE, 0);
  sillok_editor_page_install_actions (widget_class);
}

static void
sillok_editor_page_init (SillokEditorPage *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->language = g_strdup (sillok_text_language ());
  self->gazetteer = sillok_gazetteer_load_installed (&error);
  if (self->gazetteer == NULL)
    g_debug ("No gazetteer: sites are free text only (%s)", error->message);
  sillok_editor_page_update_actions (self);
}

void
sillok_editor_page_set_session (SillokEditorPage *self,
                                SillokSession    *session)
{
  g_return_if_fail (SILLOK_IS_EDITOR_PAGE (self));
  sillok_editor_page_clear (self);
  g_set_object (&self->session, session);
}

const char *
sillok_editor_page_get_uuid (SillokEditorPage *self)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), NULL);
  return self->uuid;
}

gboolean
sillok_editor_page_get_loading (SillokEditorPage *self)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), FALSE);
  return self->loading;
}

SillokRecord *
sillok_editor_page_get_record (SillokEditorPage *self)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), NULL);
  return self->loaded != NULL ? self->loaded->record : NULL;
}

SillokDraftSaver *
sillok_editor_page_get_saver (SillokEditorPage *self)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), NULL);
  return self->saver;
}

SillokFieldEditor *
sillok_editor_page_get_field (SillokEditorPage *self,
                              const char       *path)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), NULL);
  return self->form != NULL ? g_hash_table_lookup (self->form->editors, path) : NULL;
}

SillokSealDialog *
sillok_editor_page_get_seal_dialog (SillokEditorPage *self)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), NULL);
  return self->seal_dialog;
}

AdwMessageDialog *
sillok_editor_page_get_amend_dialog (SillokEditorPage *self)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), NULL);
  return self->amend_dialog;
}

const char *
sillok_editor_page_get_save_text (SillokEditorPage *self)
{
  g_return_val_if_fail (SILLOK_IS_EDITOR_PAGE (self), NULL);
  return gtk_label_get_label (self->saved_label);
}
