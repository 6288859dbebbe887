/* sillok-verify-page.c: open a bundle, see what was checked, save the report
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-gui-util.h"
#include "sillok-verify-page-private.h"
#include "sillok-verify-tree.h"

/* Often enough for a progress bar to move smoothly. */
#define PROGRESS_MS 100

G_DEFINE_FINAL_TYPE (SillokVerifyPage, sillok_verify_page, ADW_TYPE_BIN)

/* One verification, from choosing the bundle to its result. */
typedef struct
{
  SillokVerifyPage    *self;
  GCancellable        *cancellable;
  SillokVerifyRequest *request;
  GFile               *bundle;
} Op;

static void
op_free (Op *op)
{
  g_object_unref (op->self);
  g_object_unref (op->cancellable);
  g_object_unref (op->bundle);
  sillok_verify_request_free (op->request);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

/* The one place that decides what can be done. */
static void
update_actions (SillokVerifyPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (widget, "verify.open", !busy);
  gtk_widget_action_set_enabled (widget, "verify.cancel", busy);
  gtk_widget_action_set_enabled (widget, "verify.save-report", self->result != NULL && !busy && !self->saving);
  gtk_widget_action_set_enabled (widget, "verify.copy-hash", self->result != NULL && self->result->report->b2 != NULL);
  gtk_widget_action_set_enabled (widget, "verify.choose-identity", !busy);
  gtk_widget_action_set_enabled (widget, "verify.clear-identity", !busy && self->identity_file != NULL);
  gtk_widget_action_set_enabled (widget, "verify.clear-passphrase", !busy && self->passphrase != NULL);
  gtk_widget_action_set_enabled (widget, "verify.choose-trust-dir", !busy);
  gtk_widget_action_set_enabled (widget, "verify.clear-trust-dir", !busy && self->trust_dir != NULL);
}

/* What the rows of the start view say about the keys given. */
static void
update_keys (SillokVerifyPage *self)
{
  gboolean vault = self->session != NULL;
  g_autofree char *identity = self->identity_file != NULL ? g_file_get_parse_name (self->identity_file) : NULL;
  g_autofree char *trust = self->trust_dir != NULL ? g_file_get_parse_name (self->trust_dir) : NULL;
  const char *passphrase;

  gtk_widget_set_visible (GTK_WIDGET (self->vault_row), vault);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_row), !vault);
  gtk_widget_set_visible (self->identity_clear_button, self->identity_file != NULL);
  gtk_widget_set_visible (self->passphrase_clear_button, self->passphrase != NULL);
  gtk_widget_set_visible (self->trust_clear_button, self->trust_dir != NULL);
  adw_action_row_set_subtitle (self->identity_row, identity != NULL ? identity : _("None chosen"));
  if (self->passphrase != NULL)
    passphrase = _("Kept in protected memory until you leave this page; type another to replace it");
  else if (vault)
    passphrase = _("For a bundle exported with a passphrase instead of this vault’s key");
  else
    passphrase = _("For a bundle exported with a passphrase instead of keys");
  adw_action_row_set_subtitle (self->passphrase_row, passphrase);
  adw_action_row_set_subtitle (self->trust_row,
                               trust != NULL ? trust : _("Optional: minisign public keys (.pub) of people you trust"));
  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->vault_row), ADW_TYPE_PREFERENCES_GROUP)),
    vault ? NULL : _("Choose the age identity file the bundle was encrypted to, or type the passphrase it was "
                     "exported with. No vault is needed."));
  update_actions (self);
}

static void
show_start_error (SillokVerifyPage *self,
                  const char       *message)
{
  gtk_label_set_label (self->start_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->start_error_label), message != NULL);
}

/* ----- running ----------------------------------------------------------------------------- */

static gboolean
progress_tick (gpointer user_data)
{
  SillokVerifyPage *self = user_data;
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;
  guint64 done, total;

  sillok_verify_progress_get (self->progress, &done, &total);
  done_text = g_format_size (done);
  if (done == 0)
    {
      text = g_strdup (_("Opening the bundle…"));
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, "");
    }
  else if (total > 0)
    {
      total_text = g_format_size (total);
      /* Translators: bytes of the bundle read, "12.1 MB of 40.0 MB" */
      text = g_strdup_printf (_("%s of %s"), done_text, total_text);
      gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
      gtk_progress_bar_set_text (self->progress_bar, NULL);
    }
  else
    {
      /* Translators: bytes of the bundle read when its size is not known */
      text = g_strdup_printf (_("%s read"), done_text);
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_progress_bar_set_text (self->progress_bar, "");
    }
  gtk_label_set_label (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static void
stop_running (SillokVerifyPage *self)
{
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  update_actions (self);
}

static void
forget_result (SillokVerifyPage *self)
{
  g_clear_pointer (&self->result, sillok_verify_result_unref);
  g_clear_object (&self->bundle);
  sillok_verify_page_clear_result (self);
  update_actions (self);
}

static void
fail (SillokVerifyPage *self,
      const GError     *error)
{
  stop_running (self);
  gtk_stack_set_visible_child_name (self->view, "start");
  show_start_error (self, error->message);
}

/* An answer to a verification that was cancelled or replaced is dropped. */
static gboolean
op_is_current (Op *op)
{
  return op->self->cancellable == op->cancellable && !g_cancellable_is_cancelled (op->cancellable);
}

static void
run_done (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  SillokVerifyPage *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokVerifyResult) result = sillok_verify_run_finish (res, &error);

  if (!op_is_current (op))
    return;
  if (result == NULL)
    {
      fail (self, error);
      return;
    }
  stop_running (self);
  g_set_object (&self->bundle, op->bundle);
  self->result = g_steal_pointer (&result);
  sillok_verify_page_show_result (self, self->result);
  gtk_stack_set_visible_child_name (self->view, "result");
  update_actions (self);
}

static void
run (Op *op)
{
  SillokVerifyRequest *request = g_steal_pointer (&op->request);

  sillok_verify_run_async (request, op->self->progress, op->cancellable, run_done, op);
}

static void
vault_prepared (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBundleReader) reader = sillok_verify_prepare_vault_finish (SILLOK_SESSION (source), res, &error);

  if (!op_is_current (op))
    return;
  if (reader == NULL)
    {
      fail (op->self, error);
      return;
    }
  op->request->reader = g_steal_pointer (&reader);
  run (g_steal_pointer (&op));
}

void
sillok_verify_page_open_file (SillokVerifyPage *self,
                              GFile            *file)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));
  g_autofree char *name = NULL;
  Op *op;

  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    return;
  /* Out of the field at once, into guarded memory. */
  if (*typed != '\0')
    {
      g_clear_pointer (&self->passphrase, sillok_secret_free);
      self->passphrase = sillok_secret_new_from_string (typed);
      gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
      update_keys (self);
    }
  if (self->session == NULL && self->identity_file == NULL && self->passphrase == NULL)
    {
      show_start_error (self, _("Choose the age identity file or type the bundle passphrase first."));
      gtk_stack_set_visible_child_name (self->view, "start");
      return;
    }

  forget_result (self);
  show_start_error (self, NULL);
  op = g_new0 (Op, 1);
  op->self = g_object_ref (self);
  op->request = sillok_verify_request_new (file);
  op->bundle = g_object_ref (file);
  if (self->session == NULL && self->identity_file != NULL)
    op->request->identity_file = g_object_ref (self->identity_file);
  if (self->passphrase != NULL)
    op->request->passphrase = sillok_secret_dup (self->passphrase);
  if (self->trust_dir != NULL)
    op->request->trust_dir = g_object_ref (self->trust_dir);
  self->cancellable = g_cancellable_new ();
  op->cancellable = g_object_ref (self->cancellable);
  g_clear_pointer (&self->progress, sillok_verify_progress_unref);
  self->progress = sillok_verify_progress_new ();

  name = g_file_get_basename (file);
  adw_status_page_set_description (self->progress_status, name);
  self->progress_id = g_timeout_add (PROGRESS_MS, progress_tick, self);
  g_source_set_name_by_id (self->progress_id, "[sillok] verify progress");
  progress_tick (self);
  sillok_widget_drop_focus (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->view, "progress");
  update_actions (self);

  if (self->session != NULL)
    sillok_verify_prepare_vault_async (self->session, op->cancellable, vault_prepared, op);
  else
    run (op);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (widget);

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  stop_running (self);
  gtk_stack_set_visible_child_name (self->view, "start");
}

/* ----- choosing files ------------------------------------------------------------------- */

static GtkWindow *
window_of (SillokVerifyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *pattern2)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (pattern2 != NULL)
    gtk_file_filter_add_pattern (filter, pattern2);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* The report's file: the suffix typed, else the one of the type chosen
 * (@added then says so: the chooser did not ask about replacing that name). */
static GFile *
report_file (GFile    *file,
             gboolean  html,
             gboolean *added)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *named = NULL;

  *added = FALSE;
  if (g_str_has_suffix (lower, ".pdf") || g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
    return g_object_ref (file);
  *added = TRUE;
  parent = g_file_get_parent (file);
  named = g_strconcat (name, html ? ".html" : ".pdf", NULL);
  return g_file_get_child (parent, named);
}

static void
replace_response (AdwMessageDialog *dialog,
                  const char       *response,
                  SillokVerifyPage *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  if (g_str_equal (response, "replace"))
    sillok_verify_page_save_report (self, file);
}

void
sillok_verify_page_report_chosen (SillokVerifyPage *self,
                                  GFile            *chosen,
                                  gboolean          html)
{
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autoptr(GFile) file = NULL;
  AdwMessageDialog *dialog;
  gboolean added;

  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));
  g_return_if_fail (G_IS_FILE (chosen));

  file = report_file (chosen, html, &added);
  /* A suffix added to the name typed may name a file that exists. */
  if (!added || !g_file_query_exists (file, NULL) || window_of (self) == NULL)
    {
      sillok_verify_page_save_report (self, file);
      return;
    }
  name = g_file_get_basename (file);
  heading = g_strdup_printf (_("Replace “%s”?"), name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window_of (self), heading,
                                                       _("A file with this name already exists. Saving the report "
                                                         "replaces what it holds.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_html_filter (GtkFileFilter *filter)
{
  return filter != NULL && g_strcmp0 (gtk_file_filter_get_name (filter), _("Web page (HTML)")) == 0;
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  SillokVerifyPage *self = user_data;
  const char *purpose = g_object_get_data (G_OBJECT (chooser), "purpose");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file == NULL)
        ;
      else if (g_str_equal (purpose, "open"))
        sillok_verify_page_open_file (self, file);
      else if (g_str_equal (purpose, "identity"))
        sillok_verify_page_set_identity_file (self, file);
      else if (g_str_equal (purpose, "trust"))
        sillok_verify_page_set_trust_dir (self, file);
      else if (g_str_equal (purpose, "save"))
        sillok_verify_page_report_chosen (self, file, is_html_filter (gtk_file_chooser_get_filter (
                                                        GTK_FILE_CHOOSER (chooser))));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static GtkFileChooser *
chooser_new (SillokVerifyPage     *self,
             const char           *purpose,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, window_of (self), action, accept,
                                                               _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "purpose", g_strdup (purpose), g_free);
  /* The page lives as long as the chooser that answers it. */
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return GTK_FILE_CHOOSER (chooser);
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (widget);
  GtkFileChooser *chooser = chooser_new (self, "open", GTK_FILE_CHOOSER_ACTION_OPEN, _("Open a Bundle to Verify"),
                                         _("_Open"));

  add_filter (chooser, _("Sillok bundles"), "*" SILLOK_BUNDLE_SUFFIX, NULL);
  add_filter (chooser, _("All files"), "*", NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_identity_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (widget);
  GtkFileChooser *chooser = chooser_new (self, "identity", GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("Choose the Age Identity File"), _("_Choose"));

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_trust_dir_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (widget);
  GtkFileChooser *chooser = chooser_new (self, "trust", GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("Choose the Folder of Trusted Keys"), _("_Choose"));

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_report_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (widget);
  GtkFileChooser *chooser;
  g_autofree char *suggested = NULL;
  g_autoptr(GFile) parent = NULL;

  if (self->result == NULL)
    return;
  chooser = chooser_new (self, "save", GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Verification Report"), _("_Save"));
  add_filter (chooser, _("PDF document"), "*.pdf", NULL);
  add_filter (chooser, _("Web page (HTML)"), "*.html", "*.htm");
  suggested = sillok_verify_report_file_name (self->result->file_name);
  /* Next to the bundle, where whoever keeps it looks first. */
  parent = self->bundle != NULL ? g_file_get_parent (self->bundle) : NULL;
  if (parent != NULL)
    gtk_file_chooser_set_current_folder (chooser, parent, NULL);
  gtk_file_chooser_set_current_name (chooser, suggested);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
/* ----- the report ---------------------------------------------------------------------- */

typedef struct
{
  SillokVerifyPage *self;
  char             *name;
} Save;

static void
save_free (Save *save)
{
  g_object_unref (save->self);
  g_free (save->name);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Save, save_free)

static void
report_saved (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(Save) save = user_data;
  SillokVerifyPage *self = save->self;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwMessageDialog *dialog;

  self->saving = FALSE;
  update_actions (self);
  if (sillok_verify_save_report_finish (res, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The report was saved as %s"), save->name);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
      return;
    }
  if (window_of (self) == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window_of (self), _("The Report Could Not Be Saved"),
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sillok_verify_page_save_report (SillokVerifyPage *self,
                                GFile            *file)
{
  Save *save;

  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->result == NULL || self->saving || self->cancellable != NULL)
    return;
  self->saving = TRUE;
  update_actions (self);
  save = g_new0 (Save, 1);
  save->self = g_object_ref (self);
  save->name = g_file_get_basename (file);
  sillok_verify_save_report_async (self->result, file, NULL, report_saved, save);
}

static void
copy_hash_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (widget);

  if (self->result != NULL && self->result->report->b2 != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->result->report->b2);
}

/* ----- the keys ------------------------------------------------------------------------- */

void
sillok_verify_page_set_identity_file (SillokVerifyPage *self,
                                      GFile            *file)
{
  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->identity_file, file);
  show_start_error (self, NULL);
  update_keys (self);
}

void
sillok_verify_page_set_trust_dir (SillokVerifyPage *self,
                                  GFile            *dir)
{
  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));
  g_return_if_fail (dir == NULL || G_IS_FILE (dir));

  g_set_object (&self->trust_dir, dir);
  show_start_error (self, NULL);
  update_keys (self);
}

static void
clear_identity_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sillok_verify_page_set_identity_file (SILLOK_VERIFY_PAGE (widget), NULL);
}

static void
clear_passphrase_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (widget);

  g_clear_pointer (&self->passphrase, sillok_secret_free);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  update_keys (self);
}

static void
clear_trust_dir_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  sillok_verify_page_set_trust_dir (SILLOK_VERIFY_PAGE (widget), NULL);
}

static void
passphrase_activated (SillokVerifyPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "verify.open", NULL);
}

static void
check_activated (SillokVerifyPage *self,
                 guint             position)
{
  sillok_verify_page_check_activated (self, position);
}

/* ----- dropping a file ---------------------------------------------------------------- */

static gboolean
file_dropped (GtkDropTarget    *target,
              const GValue     *value,
              double            x,
              double            y,
              SillokVerifyPage *self)
{
  GdkFileList *list = g_value_get_boxed (value);
  g_autoptr(GSList) files = list != NULL ? gdk_file_list_get_files (list) : NULL;

  if (self->cancellable != NULL || files == NULL)
    return FALSE;
  if (files->next != NULL)
    {
      gtk_stack_set_visible_child_name (self->view, "start");
      show_start_error (self, _("Drop one bundle at a time."));
      return FALSE;
    }
  sillok_verify_page_open_file (self, files->data);
  return TRUE;
}

/* ----- the page --------------------------------------------------------------------------- */

void
sillok_verify_page_reset (SillokVerifyPage *self)
{
  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_running (self);
  forget_result (self);
  g_clear_pointer (&self->passphrase, sillok_secret_free);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  g_clear_object (&self->identity_file);
  g_clear_object (&self->trust_dir);
  show_start_error (self, NULL);
  gtk_stack_set_visible_child_name (self->view, "start");
  update_keys (self);
}

/* A locked vault takes with it whatever its keys opened. */
static void
session_state_changed (SillokVerifyPage *self)
{
  if (sillok_session_get_state (self->session) != SILLOK_SESSION_UNLOCKED)
    sillok_verify_page_reset (self);
}

void
sillok_verify_page_set_session (SillokVerifyPage *self,
                                SillokSession    *session)
{
  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  sillok_verify_page_reset (self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed), self, G_CONNECT_SWAPPED);
  update_keys (self);
}

const char *
sillok_verify_page_get_view (SillokVerifyPage *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->view);
}

gboolean
sillok_verify_page_get_busy (SillokVerifyPage *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
sillok_verify_page_get_saving (SillokVerifyPage *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_PAGE (self), FALSE);
  return self->saving;
}

SillokVerifyResult *
sillok_verify_page_get_result (SillokVerifyPage *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_PAGE (self), NULL);
  return self->result;
}

GtkTreeListModel *
sillok_verify_page_get_tree (SillokVerifyPage *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_PAGE (self), NULL);
  return self->tree;
}

void
sillok_verify_page_get_progress (SillokVerifyPage *self,
                                 guint64          *done,
                                 guint64          *total)
{
  g_return_if_fail (SILLOK_IS_VERIFY_PAGE (self));

  *done = *total = 0;
  if (self->progress != NULL)
    sillok_verify_progress_get (self->progress, done, total);
}

static void
sillok_verify_page_dispose (GObject *object)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_pointer (&self->progress, sillok_verify_progress_unref);
  g_clear_pointer (&self->result, sillok_verify_result_unref);
  g_clear_object (&self->bundle);
  g_clear_object (&self->tree);
  g_clear_pointer (&self->passphrase, sillok_secret_free);
  g_clear_object (&self->identity_file);
  g_clear_object (&self->trust_dir);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_verify_page_parent_class)->dispose (object);
}

static void
sillok_verify_page_finalize (GObject *object)
{
  SillokVerifyPage *self = SILLOK_VERIFY_PAGE (object);

  g_ptr_array_unref (self->signer_rows);

  G_OBJECT_CLASS (sillok_verify_page_parent_class)->finalize (object);
}

static void
sillok_verify_page_class_init (SillokVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_verify_page_dispose;
  object_class->finalize = sillok_verify_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, view);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, vault_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, identity_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, identity_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, passphrase_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, trust_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, trust_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, start_error_label);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, progress_status);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, banner);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, verdict_title);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, verdict_description);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, failure_label);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, file_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, hash_label);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, size_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, bundle_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, profile_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, anonymity_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, contents_row);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, signers_group);
  gtk_widget_class_bind_template_child (widget_class, SillokVerifyPage, checks_view);
  /* Named for tests and accessibility checks; the code needs no pointer. */
  gtk_widget_class_bind_template_child_full (widget_class, "open_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "save_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "identity_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "trust_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activated);
  gtk_widget_class_bind_template_callback (widget_class, check_activated);

  gtk_widget_class_install_action (widget_class, "verify.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "verify.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "verify.save-report", NULL, save_report_activated);
  gtk_widget_class_install_action (widget_class, "verify.copy-hash", NULL, copy_hash_activated);
  gtk_widget_class_install_action (widget_class, "verify.choose-identity", NULL, choose_identity_activated);
  gtk_widget_class_install_action (widget_class, "verify.clear-identity", NULL, clear_identity_activated);
  gtk_widget_class_install_action (widget_class, "verify.clear-passphrase", NULL, clear_passphrase_activated);
  gtk_widget_class_install_action (widget_class, "verify.choose-trust-dir", NULL, choose_trust_dir_activated);
  gtk_widget_class_install_action (widget_class, "verify.clear-trust-dir", NULL, clear_trust_dir_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "verify.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "verify.save-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "verify.cancel", NULL);
}

static void
sillok_verify_page_init (SillokVerifyPage *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  self->signer_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  sillok_verify_page_init_checks (self);
  g_signal_connect (target, "drop", G_CALLBACK (file_dropped), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  sillok_verify_page_clear_result (self);
  update_keys (self);
}
