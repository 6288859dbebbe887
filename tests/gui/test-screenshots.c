/* test-screenshots.c: every screen, in English and Korean, light and dark
 *
 * Saves <build>/tests/screenshots/SCREEN-LANGUAGE-SCHEME.png for people to
 * look at, and checks on the way that each screen is in the language asked.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-gui-test-utils.h"
#include "sillok-record-list-model.h"
#include "sillok-setup-page.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"
#include "sillok-window-private.h"

static void
test_screens (gconstpointer data)
{
  const SillokGuiVariant *variant = data;
  SillokApplication *app;
  SillokWindow *window;
  SillokEraseDialog *dialog;
  GtkShortcutsWindow *shortcuts;
  gpointer setup;
  g_autofree char *key = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (600);

  sillok_gui_test_apply_variant (variant);
  window = sillok_gui_test_open (&app, &path);

  /* First run, half filled in, with the strength hint showing. */
  setup = sillok_gui_test_page (window, "setup_page");
  gtk_editable_set_text (sillok_gui_test_child (setup, SILLOK_TYPE_SETUP_PAGE, "name_row"), TEST_NAME);
  gtk_editable_set_text (sillok_gui_test_child (setup, SILLOK_TYPE_SETUP_PAGE, "passphrase_entry"), "kimchi2024");
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Create Your Vault");
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Fair: another word or two");
  sillok_gui_test_shoot (GTK_WIDGET (window), "first-run", variant);

  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Write Down Your Recovery Key");
  sillok_gui_test_shoot (GTK_WIDGET (window), "recovery-key", variant);

  sillok_gui_test_confirm_recovery_key (window);
  SILLOK_WAIT_UNTIL (sillok_record_list_model_get_counted (sillok_interviews_page_get_model (
                       sillok_gui_test_interviews (window))), 10000);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Start recording a testimony with New Interview");
  sillok_gui_test_shoot (GTK_WIDGET (window), "shell", variant);
  /* Narrow: the sidebar folds away behind a back button. */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 680);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_shoot (GTK_WIDGET (window), "shell-narrow", variant);
  /* The lock stays at hand when the content's header bar is out of sight. */
  g_assert_true (gtk_widget_get_visible (sillok_gui_test_child (sillok_gui_test_page (window, "shell"),
                                                                SILLOK_TYPE_SHELL, "sidebar_lock_button")));
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 680);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Ctrl+? lists Ctrl+L. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (shortcuts);
  sillok_gui_test_assert_language (GTK_WIDGET (shortcuts), variant, "Lock the vault");
  sillok_gui_test_shoot (GTK_WIDGET (shortcuts), "shortcuts", variant);
  gtk_window_close (GTK_WINDOW (shortcuts));
  g_assert_true (gtk_widget_activate_action (sillok_gui_test_page (window, "shell"), "shell.show-page", "s",
                                             "settings"));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Lock after inactivity");
  sillok_gui_test_shoot (GTK_WIDGET (window), "settings", variant);

  sillok_gui_test_lock (window);
  sillok_gui_test_unlock (window, "not the passphrase");
  g_assert_nonnull (sillok_gui_test_label (sillok_gui_test_page (window, "unlock_page"), SILLOK_TYPE_UNLOCK_PAGE,
                                           "attempts_label"));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "That passphrase is not right.");
  sillok_gui_test_shoot (GTK_WIDGET (window), "unlock", variant);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.emergency-erase", NULL));
  dialog = sillok_window_get_erase_dialog (window);
  g_assert_nonnull (dialog);
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "In some countries, destroying data");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "erase-dialog", variant);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));

  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  sillok_gui_test_add_variants ("/screenshots", test_screens);

  return g_test_run ();
}
