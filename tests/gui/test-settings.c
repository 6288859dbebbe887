/* test-settings.c: the settings that act on the vault's keys and policy
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-gui-test-utils.h"
#include "sillok-settings-page-private.h"
#include "sillok-shell.h"

#define NEW_PASSPHRASE "copper kettle under autumn rain"

static AdwMessageDialog *
find_dialog (const char *heading)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;
  return NULL;
}

/* Types @text into every passphrase field of the dialog and confirms. */
static void
answer_passphrase (const char *heading,
                   const char *text)
{
  AdwMessageDialog *dialog;
  GtkWidget *box;

  SILLOK_WAIT_UNTIL ((dialog = find_dialog (heading)) != NULL, 5000);
  box = adw_message_dialog_get_extra_child (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  for (GtkWidget *entry = gtk_widget_get_first_child (box); entry != NULL; entry = gtk_widget_get_next_sibling (entry))
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  adw_message_dialog_response (dialog, "ok");
  /* The fields are emptied before the work starts. */
  for (GtkWidget *entry = gtk_widget_get_first_child (box); entry != NULL; entry = gtk_widget_get_next_sibling (entry))
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

static void
close_dialog (const char *heading)
{
  AdwMessageDialog *dialog;

  SILLOK_WAIT_UNTIL ((dialog = find_dialog (heading)) != NULL, 20000);
  adw_message_dialog_response (dialog, "close");
}

static void
test_keys_and_policy (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokSession *session;
  SillokSettingsPage *settings;
  g_autofree char *key = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *linkage = NULL;
  g_autofree char *contents = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (540);

  window = sillok_gui_test_open (&app, &path);
  dir = g_path_get_dirname (path);
  session = sillok_window_get_session (window);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  settings = SILLOK_SETTINGS_PAGE (sillok_gui_test_child (sillok_gui_test_page (window, "shell"), SILLOK_TYPE_SHELL,
                                                          "settings_page"));

  /* The failed-unlock policy, written to the vault. */
  gtk_spin_button_set_value (settings->erase_after_spin, 7);
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  g_assert_cmpuint (sillok_vault_get_erase_after (sillok_session_get_vault (session)), ==, 7);

  /* The public key, as a minisign .pub file. */
  pub = g_build_filename (dir, "signer.pub", NULL);
  sillok_settings_page_file_chosen (settings, "export-public-key", pub);
  g_assert_true (g_file_get_contents (pub, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "untrusted comment: minisign public key "));

  /* The linkage key, in a file protected by a passphrase typed twice. */
  linkage = g_build_filename (dir, "linkage.age", NULL);
  sillok_settings_page_file_chosen (settings, "export-linkage", linkage);
  answer_passphrase (_("Protect the Linkage Key"), "linkage file words");
  close_dialog (_("The Linkage Key Was Exported"));
  g_assert_true (g_file_test (linkage, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (linkage, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "age-encryption.org/v1"));

  /* A wrong passphrase for the import is said plainly. */
  sillok_settings_page_file_chosen (settings, "import-linkage", linkage);
  answer_passphrase (_("Open the Linkage Key"), "not the words");
  close_dialog (_("That Did Not Work"));

  /* A new passphrase: the old one no longer unlocks, the new one does. */
  sillok_settings_page_ask_new_passphrase (settings);
  answer_passphrase (_("Change the Passphrase"), NEW_PASSPHRASE);
  close_dialog (_("The Passphrase Was Changed"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (sillok_session_get_state (session) == SILLOK_SESSION_LOCKED, 10000);
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpint (sillok_session_get_state (session), ==, SILLOK_SESSION_LOCKED);
  sillok_gui_test_unlock (window, NEW_PASSPHRASE);
  g_assert_cmpint (sillok_session_get_state (session), ==, SILLOK_SESSION_UNLOCKED);

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/settings/keys-and-policy", test_keys_and_policy);
  return g_test_run ();
}
