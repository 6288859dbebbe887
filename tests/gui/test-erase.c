/* test-erase.c: the emergency erase and its countdown
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-gui-test-utils.h"
#include "sillok-settings-page.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"
#include "sillok-window-private.h"

/* A test second. */
#define TICK_MS 40

static SillokWindow *
open_locked_vault (SillokApplication **app,
                   char              **path)
{
  SillokWindow *window = sillok_gui_test_open (app, path);
  g_autofree char *key = sillok_gui_test_create_vault (window);

  sillok_gui_test_confirm_recovery_key (window);
  sillok_gui_test_lock (window);
  sillok_window_set_erase_tick (window, TICK_MS);
  return window;
}

static SillokEraseDialog *
press_erase_button (SillokWindow *window)
{
  GtkWidget *button = sillok_gui_test_child (sillok_gui_test_page (window, "unlock_page"), SILLOK_TYPE_UNLOCK_PAGE,
                                             "erase_button");
  SillokEraseDialog *dialog;

  sillok_gui_test_click (button);
  dialog = sillok_window_get_erase_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* One dialog at a time. */
  g_assert_false (gtk_widget_get_sensitive (button));
  return dialog;
}

static void
test_countdown_erases (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEraseDialog *dialog;
  guint last_seen;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = open_locked_vault (&app, &path);
  dialog = press_erase_button (window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpuint (sillok_erase_dialog_get_seconds_left (dialog), ==, SILLOK_ERASE_COUNTDOWN);

  /* Counts down one second at a time, the vault untouched meanwhile. */
  last_seen = SILLOK_ERASE_COUNTDOWN;
  while (dialog != NULL && sillok_erase_dialog_get_seconds_left (dialog) > 0)
    {
      guint left = sillok_erase_dialog_get_seconds_left (dialog);

      g_assert_cmpuint (left, <=, last_seen);
      g_assert_cmpuint (last_seen - left, <=, 1);
      if (left > 0)
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
      last_seen = left;
      g_main_context_iteration (NULL, TRUE);
    }
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "setup"), 10000);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sillok_session_get_state (sillok_window_get_session (window)), ==, SILLOK_SESSION_NO_VAULT);
  SILLOK_WAIT_UNTIL (dialog == NULL, 5000);

  /* A new vault can be made at once. */
  g_free (sillok_gui_test_create_vault (window));
  sillok_gui_test_close (app, window, path);
}

static void
test_cancel (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEraseDialog *dialog;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = open_locked_vault (&app, &path);
  dialog = press_erase_button (window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  SILLOK_WAIT_UNTIL (sillok_erase_dialog_get_seconds_left (dialog) <= 3, 5000);

  /* Closed, as Escape or the Cancel button does. */
  gtk_window_close (GTK_WINDOW (dialog));
  SILLOK_WAIT_UNTIL (dialog == NULL, 5000);
  /* Well past the end of the countdown, nothing has happened. */
  sillok_gui_test_spin (SILLOK_ERASE_COUNTDOWN * TICK_MS * 3);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  g_assert_true (gtk_widget_get_sensitive (
    sillok_gui_test_child (sillok_gui_test_page (window, "unlock_page"), SILLOK_TYPE_UNLOCK_PAGE, "erase_button")));

  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  sillok_gui_test_close (app, window, path);
}

/* From the main window of an unlocked vault, with "Erase Now". */
static void
test_erase_now_while_unlocked (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEraseDialog *dialog;
  g_autofree char *key = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  /* From Settings: its Erase button starts the same countdown. */
  g_assert_true (gtk_widget_activate_action (sillok_gui_test_page (window, "shell"), "shell.show-page", "s",
                                             "settings"));
  sillok_gui_test_click (sillok_gui_test_child (sillok_gui_test_child (sillok_gui_test_page (window, "shell"),
                                                                       SILLOK_TYPE_SHELL, "settings_page"),
                                                SILLOK_TYPE_SETTINGS_PAGE, "erase_button"));
  dialog = sillok_window_get_erase_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (sillok_erase_dialog_get_seconds_left (dialog), ==, SILLOK_ERASE_COUNTDOWN);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "erase");
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "setup");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), TEST_NAME));
  SILLOK_WAIT_UNTIL (sillok_gui_test_shows_text (GTK_WIDGET (window), "erased"), 5000);
  sillok_gui_test_close (app, window, path);
}

/* Erasing while an unlock attempt waits out its delay cancels the attempt. */
static void
test_erase_during_unlock_wait (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokUnlockPage *unlock;
  GtkEditable *entry;
  SillokEraseDialog *dialog;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = open_locked_vault (&app, &path);
  unlock = sillok_gui_test_page (window, "unlock_page");
  sillok_gui_test_unlock (window, "not the passphrase");
  g_assert_cmpuint (sillok_session_get_unlock_delay (sillok_window_get_session (window)), >=, 1);

  entry = sillok_gui_test_child (unlock, SILLOK_TYPE_UNLOCK_PAGE, "entry");
  gtk_editable_set_text (entry, "still not it");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (sillok_unlock_page_get_busy (unlock));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.emergency-erase", NULL));
  dialog = sillok_window_get_erase_dialog (window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "erase");
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "setup"), 10000);
  g_assert_false (sillok_unlock_page_get_busy (unlock));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  sillok_gui_test_close (app, window, path);
}

/* The failed-unlock policy erases the vault: the window starts over and
 * says why. */
static void
test_erased_by_policy (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokSession *session;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  session = sillok_window_get_session (window);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  g_assert_true (sillok_vault_set_erase_after (sillok_session_get_vault (session), 1, &error));
  g_assert_no_error (error);
  sillok_gui_test_lock (window);

  sillok_gui_test_unlock (window, "not the passphrase");
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "setup");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  SILLOK_WAIT_UNTIL (sillok_gui_test_shows_text (GTK_WIDGET (window), "erased after 1 failed"), 5000);
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  g_test_add_func ("/erase/countdown-erases", test_countdown_erases);
  g_test_add_func ("/erase/cancel", test_cancel);
  g_test_add_func ("/erase/erase-now-while-unlocked", test_erase_now_while_unlocked);
  g_test_add_func ("/erase/erase-during-unlock-wait", test_erase_during_unlock_wait);
  g_test_add_func ("/erase/erased-by-policy", test_erased_by_policy);

  return g_test_run ();
}
