/* test-screenshots-dialogs.c: the menus, dialogs and states the other
 * screenshot tests do not reach, in English and Korean, light and dark
 *
 * Saves <build>/tests/screenshots/SCREEN-LANGUAGE-SCHEME.png for people to
 * look at, and checks on the way that each screen is in the language asked.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-record.h"
#include "sillok-gui-test-utils.h"
#include "sillok-record-list-model.h"
#include "sillok-settings-page-private.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"

/* Shoots the message dialog headed @heading (in English), then answers
 * @response (NULL: left open). */
static void
shoot_dialog (const char    *heading,
              const char    *response,
              const char    *screen,
              const SillokGuiVariant *variant)
{
  AdwMessageDialog *dialog;

  SILLOK_WAIT_UNTIL ((dialog = sillok_gui_test_find_dialog (g_dgettext (GETTEXT_PACKAGE, heading))) != NULL, 20000);
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, heading);
  sillok_gui_test_shoot (GTK_WIDGET (dialog), screen, variant);
  if (response != NULL)
    sillok_gui_test_respond (dialog, response);
}

static void
shoot_interviews (SillokWindow  *window,
                  const SillokGuiVariant *variant)
{
  SillokInterviewsPage *interviews = sillok_gui_test_interviews (window);
  SillokRecordListModel *model = sillok_interviews_page_get_model (interviews);
  GtkMenuButton *new_button = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "new_button");
  GtkWidget *popover;

  /* Ctrl+N: the templates to start from. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (interviews), "interviews.new-interview", NULL));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (new_button));
  SILLOK_WAIT_UNTIL (gtk_widget_get_mapped (popover), 5000);
  sillok_gui_test_shoot (popover, "new-interview-menu", variant);
  gtk_menu_button_popdown (new_button);

  /* A search that finds nothing. */
  gtk_editable_set_text (sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "search_entry"), "Pyongsong");
  /* The search runs after the entry's pause: wait for its page, not only
   * for an empty list (it was empty before the search too). */
  SILLOK_WAIT_UNTIL (sillok_record_list_model_get_counted (model) && !sillok_record_list_model_get_loading (model)
                     && g_list_model_get_n_items (G_LIST_MODEL (model)) == 0
                     && g_strcmp0 (gtk_stack_get_visible_child_name (sillok_gui_test_child (
                                     interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "list_stack")), "no-results") == 0,
                     10000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "No Matching Interviews");
  sillok_gui_test_shoot (GTK_WIDGET (window), "interviews-no-results", variant);
  gtk_editable_set_text (sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "search_entry"), "");
}

static void
shoot_editor (SillokWindow  *window,
              const char    *dir,
              const SillokGuiVariant *variant)
{
  SillokEditorPage *editor = sillok_gui_test_new_interview (window);
  SillokFieldEditor *hours;
  g_autofree char *audio = g_build_filename (dir, "testimony.ogg", NULL);
  AdwMessageDialog *dialog;

  /* A value out of bounds, refused under its field. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-entry", "s", "episodes"));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_field (editor, "episodes[0].hours_per_day") != NULL, 20000);
  sillok_gui_test_wait_editor (editor);
  hours = sillok_editor_page_get_field (editor, "episodes[0].hours_per_day");
  sillok_field_editor_enter_text (hours, "30");
  g_assert_nonnull (sillok_field_editor_get_error (hours));
  sillok_gui_test_scroll_to (sillok_field_editor_get_row (hours));
  sillok_gui_test_shoot (GTK_WIDGET (window), "editor-field-error", variant);
  sillok_field_editor_enter_text (hours, "14");

  /* Add File…: how identifying the file is, asked before it is added. */
  {
    /* An Ogg page's start; the rest zeros. */
    static const char ogg[16] = "OggS\0\2";

    g_assert_true (g_file_set_contents (audio, ogg, sizeof ogg, NULL));
  }
  sillok_gui_test_click (sillok_gui_test_find_action_button (editor, "editor.add-attachment"));
  sillok_gui_test_choose_file (audio);
  SILLOK_WAIT_UNTIL ((dialog = sillok_gui_test_find_dialog (g_dgettext (GETTEXT_PACKAGE, "Add the File?"))) != NULL,
                     10000);
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Voices and faces identify people.");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "attachment-sensitivity", variant);
  sillok_gui_test_respond (dialog, "add");
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor)
                     && sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == 1, 20000);
  /* What the interviewer sees of a recording: played where GTK has a
   * media backend, else its details and why it does not play here. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (sillok_gui_test_find (editor, GTK_TYPE_SCROLLED_WINDOW));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
  g_assert_true (sillok_gui_test_find_action_button (editor, "editor.play") != NULL
                 || sillok_gui_test_shows_text (GTK_WIDGET (editor),
                                                _("Cannot be played on this computer: GTK’s media support "
                                                  "(GStreamer) is not installed")));
  sillok_gui_test_shoot (GTK_WIDGET (window), "attachment-recording", variant);
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (window)), 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "interviews.back", NULL));
}

static void
shoot_settings (SillokWindow  *window,
                const char    *dir,
                const SillokGuiVariant *variant)
{
  gpointer shell = sillok_gui_test_page (window, "shell");
  SillokSettingsPage *settings = SILLOK_SETTINGS_PAGE (sillok_gui_test_child (shell, SILLOK_TYPE_SHELL,
                                                                              "settings_page"));
  g_autofree char *pub = g_build_filename (dir, "coordinator.pub", NULL);
  g_autofree char *linkage = g_build_filename (dir, "linkage.age", NULL);

  g_assert_true (gtk_widget_activate_action (shell, "shell.show-page", "s", "settings"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The failed-unlock policy and the rows around it. */
  sillok_gui_test_scroll_to (settings->erase_after_spin);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Erase after failed unlocks");
  sillok_gui_test_shoot (GTK_WIDGET (window), "settings-policy", variant);

  /* A recipient being added. */
  adw_expander_row_set_expanded (settings->add_recipient_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_name_entry), "서울 코디네이터");
  sillok_gui_test_scroll_to (settings->recipient_key_entry);
  sillok_gui_test_shoot (GTK_WIDGET (window), "settings-add-recipient", variant);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.new-recovery-key", NULL));
  shoot_dialog ("Write Down Your New Recovery Key", "done", "settings-recovery-key", variant);

  g_assert_true (g_file_set_contents (pub, "untrusted comment: minisign public key 0123456789ABCDEF\n"
                                           "RWTvzauJZ0UBIzRWeJq83v8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRob\n", -1, NULL));
  sillok_settings_page_file_chosen (settings, "trust-signer", pub);
  shoot_dialog ("Trust a Signing Key", "cancel", "settings-trust-signer", variant);
  sillok_settings_page_confirm_replace (settings);
  shoot_dialog ("Replace the Linkage Key?", "cancel", "settings-linkage-replace", variant);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.change-passphrase", NULL));
  shoot_dialog ("Change the Passphrase", "cancel", "settings-change-passphrase", variant);
  sillok_settings_page_file_chosen (settings, "export-linkage", linkage);
  shoot_dialog ("Protect the Linkage Key", "cancel", "settings-linkage-export", variant);
  sillok_settings_page_file_chosen (settings, "import-linkage", linkage);
  shoot_dialog ("Open the Linkage Key", "cancel", "settings-linkage-import", variant);
}

static void
shoot_recovery_unlock (SillokWindow  *window,
                       const SillokGuiVariant *variant)
{
  gpointer unlock = sillok_gui_test_page (window, "unlock_page");

  sillok_gui_test_lock (window);
  g_assert_true (gtk_widget_activate_action (unlock, "unlock.use-recovery-key", NULL));
  gtk_editable_set_text (sillok_gui_test_child (unlock, SILLOK_TYPE_UNLOCK_PAGE, "entry"), "ABCD-EFGH");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Enter the recovery key you wrote down");
  sillok_gui_test_shoot (GTK_WIDGET (window), "unlock-recovery-key", variant);
  g_assert_true (gtk_widget_activate_action (unlock, "unlock.use-recovery-key", NULL));
}

static void
test_screens (gconstpointer data)
{
  const SillokGuiVariant *variant = data;
  SillokApplication *app;
  SillokWindow *window;
  g_autofree char *dir = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (600);

  window = sillok_gui_test_open_variant (variant, &app, &path);
  dir = g_path_get_dirname (path);

  shoot_interviews (window, variant);
  shoot_editor (window, dir, variant);
  shoot_recovery_unlock (window, variant);
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  shoot_settings (window, dir, variant);

  sillok_gui_test_close (app, window, path);
  sillok_gui_test_end_after_file_chooser ();
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  sillok_gui_test_add_variants ("/screenshots-dialogs", test_screens);
  return g_test_run ();
}
