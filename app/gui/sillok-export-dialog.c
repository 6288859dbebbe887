/* sillok-export-dialog.c: choosing how to export, and running the plan and the write
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-recipients.h"
#include "sillok-export-dialog-private.h"

G_DEFINE_FINAL_TYPE (SillokExportDialog, sillok_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
sillok_export_dialog_clear_error (SillokExportDialog *self)
{
  gtk_label_set_label (self->error_label, "");
  gtk_label_set_label (self->details_label, "");
  gtk_widget_set_visible (self->error_box, FALSE);
}

void
sillok_export_dialog_show_error (SillokExportDialog *self,
                                 const GError       *error)
{
  g_autofree char *text = sillok_export_explain_error (error);
  const char *details = sillok_export_error_details (error);

  gtk_label_set_label (self->error_label, text);
  gtk_label_set_label (self->details_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), details != NULL);
  gtk_widget_set_visible (self->error_box, TRUE);
}

void
sillok_export_dialog_show_page (SillokExportDialog *self,
                                const char         *page)
{
  gboolean options = g_str_equal (page, "options");
  gboolean review = g_str_equal (page, "review");
  gboolean done = g_str_equal (page, "done");
  GtkButton *primary = options ? self->review_button : review ? self->export_button : done ? self->close_button
                                                                                             : NULL;

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->planning_spinner, g_str_equal (page, "planning"));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), review);
  gtk_widget_set_visible (GTK_WIDGET (self->review_button), options || g_str_equal (page, "planning"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->review_button), options);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), review);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), review);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), done);
  gtk_window_set_default_widget (GTK_WINDOW (self), primary != NULL ? GTK_WIDGET (primary) : NULL);
  if (primary != NULL && !options)
    gtk_widget_grab_focus (GTK_WIDGET (primary));
}

/* Recipients ---------------------------------------------------------------- */

static void
recipient_toggled (SillokExportDialog *self,
                   GtkCheckButton     *check)
{
  const char *recipient = g_object_get_data (G_OBJECT (check), "recipient");

  if (gtk_check_button_get_active (check))
    g_hash_table_remove (self->unticked, recipient);
  else
    g_hash_table_add (self->unticked, g_strdup (recipient));
}

static GtkWidget *
recipient_row (SillokExportDialog *self,
               SillokRecipient    *recipient)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), recipient->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), recipient->recipient);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !g_hash_table_contains (self->unticked,
                                                                                  recipient->recipient));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, recipient->name, -1);
  g_object_set_data_full (G_OBJECT (check), "recipient", g_strdup (recipient->recipient), g_free);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (recipient_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

static void
show_recipients (SillokExportDialog *self)
{
  GtkWidget *add = GTK_WIDGET (self->add_recipient_row);
  GtkWidget *child;

  /* Every row but the last, the one that adds a recipient. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recipients_list))) != add)
    gtk_list_box_remove (self->recipients_list, child);
  for (guint i = 0; self->recipients != NULL && i < self->recipients->len; i++)
    gtk_list_box_insert (self->recipients_list, recipient_row (self, self->recipients->pdata[i]), (int) i);
  if (self->recipients != NULL && self->recipients->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No recipients in this vault yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add one below, or protect the bundle with a passphrase instead."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_insert (self->recipients_list, row, 0);
      adw_expander_row_set_expanded (self->add_recipient_row, TRUE);
    }
}

static void
recipients_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SillokExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sillok_export_job_recipients_finish (SILLOK_SESSION (source), result, &error);

  if (self->closed)
    return;
  if (list == NULL)
    {
      sillok_export_dialog_show_error (self, error);
      return;
    }
  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  self->recipients = g_steal_pointer (&list);
  show_recipients (self);
}

static void
read_recipients (SillokExportDialog *self)
{
  sillok_export_job_recipients_async (self->session, NULL, recipients_read, g_object_ref (self));
}

static void
recipient_added (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SillokExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->closed)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_recipient_button), TRUE);
  if (!sillok_export_job_add_recipient_finish (SILLOK_SESSION (source), result, &error))
    {
      sillok_export_dialog_show_error (self, error);
      return;
    }
  gtk_editable_set_text (self->recipient_name_entry, "");
  gtk_editable_set_text (self->recipient_key_entry, "");
  adw_expander_row_set_expanded (self->add_recipient_row, FALSE);
  read_recipients (self);
}

static void
add_recipient_clicked (SillokExportDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (self->recipient_name_entry)));
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (self->recipient_key_entry)));

  sillok_export_dialog_clear_error (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_recipient_button), FALSE);
  sillok_export_job_add_recipient_async (self->session, name, key, recipient_added, g_object_ref (self));
}

/* Options -------------------------------------------------------------------- */

static void
profile_toggled (SillokExportDialog *self)
{
  gtk_widget_set_visible (self->legal_warning, gtk_check_button_get_active (self->legal_check));
}

static void
encryption_toggled (SillokExportDialog *self)
{
  gboolean passphrase = gtk_check_button_get_active (self->passphrase_check);

  gtk_widget_set_visible (self->recipients_group, !passphrase);
  gtk_widget_set_visible (self->passphrase_group, passphrase);
}

static void
passphrase_changed (SillokExportDialog *self)
{
  const char *text = gtk_editable_get_text (self->passphrase_entry);
  SillokStrength strength;

  sillok_strength_estimate (text, &strength);
  if (*text == '\0' && self->passphrase != NULL)
    gtk_label_set_label (self->strength_label, _("The passphrase typed before is kept. Type a new one to change it."));
  else
    gtk_label_set_label (self->strength_label, sillok_strength_hint_to_string (strength.hint));
}

/* Out of the fields and into guarded memory, before any work starts. */
static gboolean
take_passphrase (SillokExportDialog  *self,
                 GError             **error)
{
  const char *first = gtk_editable_get_text (self->passphrase_entry);
  const char *again = gtk_editable_get_text (self->again_entry);
  gboolean ok;

  if (*first == '\0' && *again == '\0' && self->passphrase != NULL)
    return TRUE;
  ok = sillok_export_check_passphrase (first, again, error);
  if (ok)
    {
      g_clear_pointer (&self->passphrase, sillok_secret_free);
      self->passphrase = sillok_secret_new_from_string (first);
    }
  gtk_editable_set_text (self->passphrase_entry, "");
  gtk_editable_set_text (self->again_entry, "");
  return ok;
}

static SillokExportChoices *
gather_choices (SillokExportDialog  *self,
                GError             **error)
{
  g_autoptr(SillokExportChoices) choices = sillok_export_choices_new ();

  for (guint i = 0; i < self->uuids->len; i++)
    g_ptr_array_add (choices->uuids, g_strdup (self->uuids->pdata[i]));
  choices->profile = gtk_check_button_get_active (self->legal_check) ? SILLOK_EXPORT_PROFILE_LEGAL
                                                                      : SILLOK_EXPORT_PROFILE_ANONYMIZED;
  if (gtk_check_button_get_active (self->passphrase_check))
    {
      if (!take_passphrase (self, error))
        return NULL;
      choices->passphrase = sillok_secret_dup (self->passphrase);
    }
  else
    for (guint i = 0; self->recipients != NULL && i < self->recipients->len; i++)
      {
        SillokRecipient *r = self->recipients->pdata[i];

        if (!g_hash_table_contains (self->unticked, r->recipient))
          g_ptr_array_add (choices->recipients, g_strdup (r->recipient));
      }
  choices->path = g_strdup (self->path);
  choices->source = self->source;
  if (!sillok_export_choices_check (choices, error))
    return NULL;
  return g_steal_pointer (&choices);
}

void
sillok_export_dialog_set_destination (SillokExportDialog *self,
                                      const char         *path)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SILLOK_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  name = g_filename_display_name (path);
  adw_action_row_set_subtitle (self->destination_row, name);
  sillok_export_dialog_clear_error (self);
}

static void
chooser_response (SillokExportDialog *self,
                  int                 response,
                  GtkNativeDialog    *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL)
    sillok_export_dialog_set_destination (self, path);
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

char *
sillok_export_dialog_suggest_name (SillokExportDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (SILLOK_IS_EXPORT_DIALOG (self), NULL);
  return self->path != NULL ? g_path_get_basename (self->path) : sillok_export_suggested_name (now);
}

static void
choose_clicked (SillokExportDialog *self)
{
  g_autofree char *name = sillok_export_dialog_suggest_name (self);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save the Bundle"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Planning ------------------------------------------------------------------- */

static void
planned (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SillokExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokExportReview) review = sillok_export_job_plan_finish (SILLOK_SESSION (source), result, &error);

  if (self->closed)
    return;
  g_clear_object (&self->cancellable);
  if (review == NULL)
    {
      sillok_export_dialog_show_page (self, "options");
      sillok_export_dialog_show_error (self, error);
      return;
    }
  g_clear_pointer (&self->review, sillok_export_review_free);
  self->review = g_steal_pointer (&review);
  sillok_export_dialog_fill_review (self);
  sillok_export_dialog_show_page (self, "review");
}

static void
review_clicked (SillokExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  SillokExportChoices *choices;

  sillok_export_dialog_clear_error (self);
  choices = gather_choices (self, &error);
  if (choices == NULL)
    {
      sillok_export_dialog_show_error (self, error);
      return;
    }
  g_clear_pointer (&self->choices, sillok_export_choices_free);
  self->choices = choices;
  sillok_export_dialog_show_page (self, "planning");
  self->cancellable = g_cancellable_new ();
  sillok_export_job_plan_async (self->session, self->choices, self->cancellable, planned, g_object_ref (self));
}

static void
back_clicked (SillokExportDialog *self)
{
  sillok_export_dialog_clear_error (self);
  sillok_export_dialog_show_page (self, "options");
  passphrase_changed (self);
}

/* Writing -------------------------------------------------------------------- */

static void
progress (guint64  done,
          guint64  total,
          gpointer user_data)
{
  SillokExportDialog *self = user_data;
  double fraction = total > 0 ? MIN ((double) done / (double) total, 1.0) : 0.0;
  g_autofree char *text = g_strdup_printf (_("%u %%"), (guint) (fraction * 100));

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SillokExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokExportReport) report = sillok_export_job_write_finish (SILLOK_SESSION (source), result, &error);

  if (self->closed)
    return;
  g_clear_object (&self->cancellable);
  if (self->relay != NULL)
    sillok_progress_relay_stop (self->relay);
  g_clear_pointer (&self->relay, sillok_progress_relay_unref);
  if (report == NULL)
    {
      sillok_export_dialog_show_page (self, "review");
      sillok_export_dialog_show_error (self, error);
      return;
    }
  self->result = g_steal_pointer (&report);
  sillok_export_dialog_fill_done (self);
  sillok_export_dialog_show_page (self, "done");
  g_signal_emit (self, signals[EXPORTED], 0);
}

static void
export_clicked (SillokExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;

  g_return_if_fail (self->review != NULL && self->choices != NULL);

  sillok_export_dialog_clear_error (self);
  g_clear_pointer (&self->choices->override, g_free);
  if (sillok_export_needs_reason (self->review->report))
    {
      reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason_row)));
      if (*reason == '\0')
        {
          g_set_error_literal (&error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NEEDS_REASON,
                               _("Some interviews could single out their witness. Say why they must be exported "
                                 "anyway; the reason is written into the bundle."));
          sillok_export_dialog_show_error (self, error);
          gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
          return;
        }
      self->choices->override = g_steal_pointer (&reason);
    }
  /* The place may have changed since the review. */
  if (!sillok_export_choices_check (self->choices, &error))
    {
      sillok_export_dialog_show_error (self, error);
      return;
    }

  name = g_path_get_basename (self->choices->path);
  gtk_label_set_label (self->writing_label, name);
  progress (0, 0, self);
  sillok_export_dialog_show_page (self, "writing");
  self->cancellable = g_cancellable_new ();
  self->relay = sillok_progress_relay_new (progress, self);
  sillok_export_job_write_async (self->session, self->choices, self->relay, self->cancellable, written,
                                 g_object_ref (self));
}

static void
reason_changed (SillokExportDialog *self)
{
  if (*gtk_editable_get_text (self->reason_row) != '\0')
    sillok_export_dialog_clear_error (self);
}

static void
cancel_clicked (SillokExportDialog *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "writing") && self->cancellable != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_label_set_label (self->writing_label, _("Cancelling…"));
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
copy_clicked (SillokExportDialog *self)
{
  if (self->result == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->result->b2);
  gtk_button_set_label (self->copy_button, _("Copied"));
}

/* Whatever runs stops with the dialog: a closed export leaves no file. */
static void
stop_everything (SillokExportDialog *self)
{
  self->closed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->relay != NULL)
    sillok_progress_relay_stop (self->relay);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->passphrase_entry != NULL)
    {
      gtk_editable_set_text (self->passphrase_entry, "");
      gtk_editable_set_text (self->again_entry, "");
    }
  g_clear_pointer (&self->passphrase, sillok_secret_free);
}

static gboolean
sillok_export_dialog_close_request (GtkWindow *window)
{
  stop_everything (SILLOK_EXPORT_DIALOG (window));
  return GTK_WINDOW_CLASS (sillok_export_dialog_parent_class)->close_request (window);
}

static void
sillok_export_dialog_dispose (GObject *object)
{
  SillokExportDialog *self = SILLOK_EXPORT_DIALOG (object);

  stop_everything (self);
  /* A chooser still open (the dialog closed by a lock) goes with it. */
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->relay, sillok_progress_relay_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->uuids, g_ptr_array_unref);
  g_clear_pointer (&self->titles, g_ptr_array_unref);
  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  g_clear_pointer (&self->unticked, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->choices, sillok_export_choices_free);
  g_clear_pointer (&self->review, sillok_export_review_free);
  g_clear_pointer (&self->result, sillok_export_report_free);

  G_OBJECT_CLASS (sillok_export_dialog_parent_class)->dispose (object);
}

static void
sillok_export_dialog_class_init (SillokExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sillok_export_dialog_dispose;
  window_class->close_request = sillok_export_dialog_close_request;

  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-export-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SillokExportDialog, name)
  CHILD (window_title);
  CHILD (cancel_button);
  CHILD (back_button);
  CHILD (review_button);
  CHILD (export_button);
  CHILD (close_button);
  CHILD (error_box);
  CHILD (error_label);
  CHILD (details_label);
  CHILD (stack);
  CHILD (records_row);
  CHILD (anonymized_check);
  CHILD (legal_check);
  CHILD (legal_warning);
  CHILD (recipients_check);
  CHILD (passphrase_check);
  CHILD (recipients_group);
  CHILD (recipients_list);
  CHILD (add_recipient_row);
  CHILD (recipient_name_entry);
  CHILD (recipient_key_entry);
  CHILD (add_recipient_button);
  CHILD (passphrase_group);
  CHILD (passphrase_entry);
  CHILD (again_entry);
  CHILD (strength_label);
  CHILD (destination_row);
  CHILD (planning_spinner);
  CHILD (review_page);
  CHILD (count_row);
  CHILD (versions_row);
  CHILD (profile_row);
  CHILD (openers_row);
  CHILD (file_row);
  CHILD (k_group);
  CHILD (k_row);
  CHILD (k_icon);
  CHILD (reason_row);
  CHILD (left_out_group);
  CHILD (left_out_list);
  CHILD (writing_label);
  CHILD (progress_bar);
  CHILD (done_file_row);
  CHILD (done_size_row);
  CHILD (hash_label);
  CHILD (copy_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, review_clicked);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, profile_toggled);
  gtk_widget_class_bind_template_callback (widget_class, encryption_toggled);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed);
  gtk_widget_class_bind_template_callback (widget_class, add_recipient_clicked);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sillok_export_dialog_init (SillokExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->unticked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sillok_export_dialog_show_page (self, "options");
  passphrase_changed (self);
}

static void
show_records (SillokExportDialog *self)
{
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interview", "%u interviews",
                                                         self->uuids->len), self->uuids->len);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->records_row), count);
  adw_expander_row_set_subtitle (self->records_row, _("Every sealed version of each travels, so that the chain of "
                                                      "amendments can be checked."));
  adw_window_title_set_subtitle (self->window_title, count);
  for (guint i = 0; i < self->titles->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      const char *title = self->titles->pdata[i];

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *title != '\0' ? title : _("Untitled interview"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_expander_row_add_row (self->records_row, row);
    }
}

SillokExportDialog *
sillok_export_dialog_new (GtkWindow     *parent,
                          SillokSession *session,
                          GPtrArray     *uuids,
                          GPtrArray     *titles)
{
  SillokExportDialog *self;

  g_return_val_if_fail (SILLOK_IS_SESSION (session), NULL);
  g_return_val_if_fail (uuids != NULL && titles != NULL && uuids->len == titles->len, NULL);

  self = g_object_new (SILLOK_TYPE_EXPORT_DIALOG, "transient-for", parent, "destroy-with-parent", TRUE, NULL);
  self->session = g_object_ref (session);
  self->uuids = g_ptr_array_ref (uuids);
  self->titles = g_ptr_array_ref (titles);
  show_records (self);
  read_recipients (self);
  return self;
}

SillokExportDialog *
sillok_export_dialog_new_from_archive (GtkWindow     *parent,
                                       SillokSession *session,
                                       GPtrArray     *uuids,
                                       GPtrArray     *titles)
{
  SillokExportDialog *self = sillok_export_dialog_new (parent, session, uuids, titles);

  self->source = SILLOK_EXPORT_SOURCE_ARCHIVE;
  gtk_window_set_title (GTK_WINDOW (self), _("Export from the Archive"));
  adw_window_title_set_title (self->window_title, _("Export from the Archive"));
  return self;
}

const char *
sillok_export_dialog_get_page (SillokExportDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_EXPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
sillok_export_dialog_get_error (SillokExportDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_EXPORT_DIALOG (self), NULL);
  return gtk_widget_get_visible (self->error_box) ? gtk_label_get_label (self->error_label) : NULL;
}

gboolean
sillok_export_dialog_get_recipients_loaded (SillokExportDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_EXPORT_DIALOG (self), FALSE);
  return self->recipients != NULL;
}

SillokExportReview *
sillok_export_dialog_get_review (SillokExportDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_EXPORT_DIALOG (self), NULL);
  return self->review;
}

SillokExportReport *
sillok_export_dialog_get_result (SillokExportDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_EXPORT_DIALOG (self), NULL);
  return self->result;
}

