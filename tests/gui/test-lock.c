/* test-lock.c: locking forgets every word of testimony on screen, saves
 * what was typed a moment before, and wipes the core's keys
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok-gui-test-utils.h"
#include "sillok-record-list-model.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"

static const char *const markers[] = {
  "LOCKMARK-이름-5521",
  "LOCKMARK-food-9013",
  "LOCKMARK 증언 내용 7780",
  "LOCKMARK-city-3390",
};

/* The message dialog on screen, if any. */
static AdwMessageDialog *
message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_lock_forgets (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  SillokInterviewsPage *interviews;
  SillokSession *session;
  AdwMessageDialog *dialog;
  g_autofree char *key = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(SillokRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *recovery_key = NULL;
  GtkWidget *settings_page;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (540);

  settings = g_settings_new (SILLOK_APP_ID);

  window = sillok_gui_test_open (&app, &path);
  session = sillok_window_get_session (window);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  g_settings_set_boolean (settings, "show-interviewee-names", TRUE);

  editor = sillok_gui_test_new_interview (window);
  uuid = g_strdup (sillok_editor_page_get_uuid (editor));
  sillok_gui_test_enter (editor, "interviewee.name", markers[0]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-entry", "s", "episodes"));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_field (editor, "episodes[0].food") != NULL, 20000);
  sillok_gui_test_wait_editor (editor);
  sillok_gui_test_enter (editor, "episodes[0].food", markers[1]);
  sillok_gui_test_enter (editor, "episodes[0].narrative", markers[2]);
  sillok_gui_test_wait_saved (editor);

  /* Behind the editor the list reads nothing; back in front it is read
   * again and shows the record, the name too (as asked in Settings). */
  interviews = sillok_gui_test_interviews (window);
  g_assert_true (sillok_record_list_model_get_paused (sillok_interviews_page_get_model (interviews)));
  g_assert_false (sillok_record_list_model_get_loading (sillok_interviews_page_get_model (interviews)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "interviews.back", NULL));
  g_assert_false (sillok_record_list_model_get_paused (sillok_interviews_page_get_model (interviews)));
  SILLOK_WAIT_UNTIL (!sillok_record_list_model_get_loading (sillok_interviews_page_get_model (interviews)), 10000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), markers[0]));

  /* An interview that cannot be started (no such template): the list,
   * paused while the record was asked for, is read again, and the reason
   * is shown. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (interviews), "interviews.new", "s", "no-such-template"));
  g_assert_true (sillok_record_list_model_get_paused (sillok_interviews_page_get_model (interviews)));
  SILLOK_WAIT_UNTIL ((dialog = message_dialog ()) != NULL, 20000);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Interview Could Not Be Started");
  SILLOK_WAIT_UNTIL (!sillok_record_list_model_get_paused (sillok_interviews_page_get_model (interviews))
                     && !sillok_record_list_model_get_loading (sillok_interviews_page_get_model (interviews)),
                     10000);
  g_assert_cmpstr (sillok_interviews_page_get_view (interviews), ==, "list");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), markers[0]));
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  SILLOK_WAIT_UNTIL (message_dialog () == NULL, 10000);

  sillok_interviews_page_open (interviews, uuid);
  g_assert_true (sillok_record_list_model_get_paused (sillok_interviews_page_get_model (interviews)));
  sillok_gui_test_wait_editor (editor);
  for (guint i = 0; i < 3; i++)
    g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), markers[i]));

  /* A new recovery key on screen when the vault locks: its dialog closes. */
  settings_page = sillok_gui_test_child (sillok_gui_test_page (window, "shell"), SILLOK_TYPE_SHELL, "settings_page");
  g_assert_true (gtk_widget_activate_action (settings_page, "settings.new-recovery-key", NULL));
  SILLOK_WAIT_UNTIL ((dialog = message_dialog ()) != NULL, 20000);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Write Down Your New Recovery Key");
  recovery_key = g_strdup (gtk_label_get_label (GTK_LABEL (adw_message_dialog_get_extra_child (dialog))));
  g_assert_cmpuint (strlen (recovery_key), >, 20);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  /* Typed just now, locked at once: saved all the same. */
  sillok_field_editor_enter_text (sillok_editor_page_get_field (editor, "interview.city"), markers[3]);
  g_assert_cmpint (sillok_draft_saver_get_state (sillok_editor_page_get_saver (editor)), ==,
                   SILLOK_SAVE_STATE_PENDING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (sillok_session_get_state (session) == SILLOK_SESSION_LOCKED, 20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (sillok_vault_is_locked (sillok_session_get_vault (session)));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), markers[i]));
  g_assert_null (sillok_editor_page_get_record (editor));
  /* No window of the application shows the key any more. */
  SILLOK_WAIT_UNTIL (dialog == NULL, 10000);
  g_assert_null (message_dialog ());
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

        g_assert_false (gtk_widget_get_visible (toplevel) && sillok_gui_test_shows_text (toplevel, recovery_key));
      }
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sillok_interviews_page_get_model (interviews))), ==, 0);

  /* Back in: the last value typed is in the vault. */
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 20000);
  record = sillok_record_load (sillok_session_get_vault (session), uuid, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (sillok_record_get_value (record, "interview.city")), ==, markers[3]);

  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/lock/forgets-testimony", test_lock_forgets);
  return g_test_run ();
}
