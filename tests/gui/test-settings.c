/* test-settings.c: the settings that act on the vault's keys and policy
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-age.h"
#include "sillok/sillok-linkage.h"
#include "sillok/sillok-minisign.h"
#include "sillok/sillok-recipients.h"
#include "sillok/sillok-trust.h"
#include "sillok-gui-test-utils.h"
#include "sillok-settings-page-private.h"
#include "sillok-shell.h"

#define NEW_PASSPHRASE "copper kettle under autumn rain"

static AdwMessageDialog *
find_dialog (const char *heading)
{
  return sillok_gui_test_find_dialog (heading);
}

/* Types @text into every passphrase field of the dialog and confirms. */
static void
answer_passphrase (const char *heading,
                   const char *text)
{
  AdwMessageDialog *dialog;
  g_autoptr(GtkWidget) box = NULL;

  SILLOK_WAIT_UNTIL ((dialog = find_dialog (heading)) != NULL, 5000);
  box = g_object_ref (adw_message_dialog_get_extra_child (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  for (GtkWidget *entry = gtk_widget_get_first_child (box); entry != NULL; entry = gtk_widget_get_next_sibling (entry))
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  sillok_gui_test_respond (dialog, "ok");
  /* The fields are emptied before the work starts. */
  for (GtkWidget *entry = gtk_widget_get_first_child (box); entry != NULL; entry = gtk_widget_get_next_sibling (entry))
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

static void
close_dialog (const char *heading)
{
  AdwMessageDialog *dialog;

  SILLOK_WAIT_UNTIL ((dialog = find_dialog (heading)) != NULL, 20000);
  sillok_gui_test_respond (dialog, "close");
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

/* The titles of the rows of recipients and signers on the page. */
static gboolean
page_lists (SillokSettingsPage *settings,
            const char         *title)
{
  for (guint i = 0; i < settings->people_rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (settings->people_rows->pdata[i]), title) == 0)
      return TRUE;
  return FALSE;
}

static guint
vault_recipients (SillokSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  list = sillok_recipients_list (sillok_session_get_vault (session), &error);
  g_assert_no_error (error);
  return list->len;
}

static guint
vault_signers (SillokSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  list = sillok_trust_list (sillok_session_get_vault (session), &error);
  g_assert_no_error (error);
  return list->len;
}

/* Recipients added by pasting an age1… key (checked), trusted signers
 * imported from .pub files; both removed again; gone from the page on lock. */
static void
test_recipients_and_signers (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokSession *session;
  SillokSettingsPage *settings;
  g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_generate ();
  g_autoptr(SillokMinisignSecretKey) other = sillok_minisign_secret_key_generate ();
  SillokAgeRecipient recipient;
  SillokMinisignPublicKey other_public;
  g_autofree char *age1 = NULL;
  g_autofree char *key = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *junk = NULL;
  g_autofree char *pub_text = NULL;
  g_autofree char *key_id = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (540);

  window = sillok_gui_test_open (&app, &path);
  dir = g_path_get_dirname (path);
  session = sillok_window_get_session (window);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  settings = SILLOK_SETTINGS_PAGE (sillok_gui_test_child (sillok_gui_test_page (window, "shell"), SILLOK_TYPE_SHELL,
                                                          "settings_page"));
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  g_assert_cmpuint (settings->people_rows->len, ==, 0);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (settings->recipients_group)));

  /* Not an age recipient: said plainly, nothing added, the fields kept. */
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_name_entry), "Coordinator Kim");
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_key_entry), "age1notarecipient");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.add-recipient", NULL));
  close_dialog (_("That Did Not Work"));
  g_assert_cmpuint (vault_recipients (session), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (settings->recipient_key_entry)), ==, "age1notarecipient");

  /* A real one: in the vault and on the page, the fields emptied. */
  sillok_age_identity_get_recipient (identity, &recipient);
  age1 = sillok_age_recipient_encode (&recipient);
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_key_entry), age1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.add-recipient", NULL));
  SILLOK_WAIT_UNTIL (page_lists (settings, "Coordinator Kim"), 10000);
  g_assert_cmpuint (vault_recipients (session), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (settings->recipient_key_entry)), ==, "");
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (settings), age1));

  /* The same key again under another name is refused. */
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_name_entry), "Someone else");
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_key_entry), age1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.add-recipient", NULL));
  close_dialog (_("That Did Not Work"));
  g_assert_cmpuint (vault_recipients (session), ==, 1);

  /* A signer's .pub file: whose it is and the role are asked. */
  sillok_minisign_secret_key_get_public (other, &other_public);
  pub_text = sillok_minisign_public_key_to_file (&other_public);
  pub = g_build_filename (dir, "park.pub", NULL);
  g_assert_true (g_file_set_contents (pub, pub_text, -1, NULL));
  sillok_settings_page_file_chosen (settings, "trust-signer", pub);
  SILLOK_WAIT_UNTIL ((dialog = find_dialog (_("Trust a Signing Key"))) != NULL, 5000);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "trust"));
  box = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_first_child (box)), "박 코디네이터");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_last_child (box)), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "trust"));
  adw_message_dialog_response (dialog, "trust");
  SILLOK_WAIT_UNTIL (page_lists (settings, "박 코디네이터"), 10000);
  g_assert_cmpuint (vault_signers (session), ==, 1);
  {
    g_autoptr(GPtrArray) signers = sillok_trust_list (sillok_session_get_vault (session), NULL);
    SillokTrustedSigner *s = signers->pdata[0];

    g_assert_cmpstr (s->role, ==, SILLOK_TRUST_ROLE_COORDINATOR);
    key_id = g_strdup (s->key_id);
  }
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (settings), key_id));

  /* A file that is no public key is refused by name. */
  junk = g_build_filename (dir, "notes.pub", NULL);
  g_assert_true (g_file_set_contents (junk, "hello\n", -1, NULL));
  sillok_settings_page_file_chosen (settings, "trust-signer", junk);
  SILLOK_WAIT_UNTIL ((dialog = find_dialog (_("Trust a Signing Key"))) != NULL, 5000);
  box = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_first_child (box)), "Nobody");
  adw_message_dialog_response (dialog, "trust");
  close_dialog (_("That Did Not Work"));
  g_assert_cmpuint (vault_signers (session), ==, 1);

  /* Removing both, through the rows' buttons' actions. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.remove-recipient", "s",
                                             "Coordinator Kim"));
  SILLOK_WAIT_UNTIL (!page_lists (settings, "Coordinator Kim"), 10000);
  g_assert_cmpuint (vault_recipients (session), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.untrust-signer", "s", key_id));
  SILLOK_WAIT_UNTIL (!page_lists (settings, "박 코디네이터"), 10000);
  g_assert_cmpuint (vault_signers (session), ==, 0);

  /* Added again, then locked: the page lists nobody, and shows them again on unlock. */
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_name_entry), "Coordinator Kim");
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_key_entry), age1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.add-recipient", NULL));
  SILLOK_WAIT_UNTIL (page_lists (settings, "Coordinator Kim"), 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (sillok_session_get_state (session) == SILLOK_SESSION_LOCKED, 10000);
  g_assert_cmpuint (settings->people_rows->len, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (settings->recipients_group)));
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  SILLOK_WAIT_UNTIL (page_lists (settings, "Coordinator Kim"), 10000);

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  sillok_gui_test_close (app, window, path);
}

static SillokSettingsPage *
settings_page (SillokWindow *window)
{
  return SILLOK_SETTINGS_PAGE (sillok_gui_test_child (sillok_gui_test_page (window, "shell"), SILLOK_TYPE_SHELL,
                                                      "settings_page"));
}

/* A linkage key file of another vault, protected by @words; returns
 * that key. */
static SillokSecret *
foreign_linkage_file (const char *dir,
                      const char *name,
                      const char *file,
                      const char *words)
{
  g_autofree char *vault_path = g_build_filename (dir, name, NULL);
  g_autoptr(SillokVault) vault = sillok_vault_new (vault_path);
  g_autoptr(SillokSecret) passphrase = sillok_secret_new_from_string (TEST_PASSPHRASE);
  g_autoptr(SillokSecret) secret = sillok_secret_new_from_string (words);
  g_autoptr(GError) error = NULL;
  SillokSecret *key;

  g_assert_true (sillok_vault_create (vault, "Other interviewer", passphrase, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  key = sillok_linkage_key_get (vault, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_linkage_key_export (vault, file, secret, &error));
  g_assert_no_error (error);
  sillok_vault_close (vault);
  return key;
}

static gboolean
vault_has_key (SillokSession *session,
               SillokSecret  *key)
{
  g_autoptr(SillokSecret) ours = NULL;
  g_autoptr(GError) error = NULL;

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 20000);
  ours = sillok_linkage_key_get (sillok_session_get_vault (session), &error);
  g_assert_no_error (error);
  return sillok_secret_equal (key, ours);
}

/* Import a linkage key…: the button, the file chooser, the passphrase; a
 * vault whose key differs asks before replacing it. */
static void
test_linkage_import (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokSession *session;
  SillokSettingsPage *settings;
  AdwMessageDialog *dialog;
  g_autofree char *key = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(SillokSecret) first_key = NULL;
  g_autoptr(SillokSecret) second_key = NULL;
  GtkWidget *import;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (300);

  window = sillok_gui_test_open (&app, &path);
  dir = g_path_get_dirname (path);
  session = sillok_window_get_session (window);
  first = g_build_filename (dir, "first.age", NULL);
  second = g_build_filename (dir, "second.age", NULL);
  first_key = foreign_linkage_file (dir, "other-a", first, "first file words");
  second_key = foreign_linkage_file (dir, "other-b", second, "second file words");
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  settings = settings_page (window);
  g_assert_true (gtk_widget_activate_action (sillok_gui_test_page (window, "shell"), "shell.show-page", "s",
                                             "settings"));
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  g_assert_false (sillok_linkage_key_exists (sillok_session_get_vault (session)));
  import = sillok_gui_test_find_action_button (settings, "settings.import-linkage-key");
  g_assert_nonnull (import);

  /* No key yet: taken as it is. */
  sillok_gui_test_click (import);
  sillok_gui_test_choose_file (first);
  answer_passphrase (_("Open the Linkage Key"), "first file words");
  close_dialog (_("The Linkage Key Was Imported"));
  g_assert_true (vault_has_key (session, first_key));

  /* Another key: asked first; Cancel keeps the one there. */
  sillok_gui_test_click (import);
  sillok_gui_test_choose_file (second);
  answer_passphrase (_("Open the Linkage Key"), "second file words");
  SILLOK_WAIT_UNTIL ((dialog = find_dialog (_("Replace the Linkage Key?"))) != NULL, 20000);
  sillok_gui_test_respond (dialog, "cancel");
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  g_assert_true (vault_has_key (session, first_key));

  /* Again, and Replace: the new key is the vault's. */
  sillok_gui_test_click (import);
  sillok_gui_test_choose_file (second);
  answer_passphrase (_("Open the Linkage Key"), "second file words");
  SILLOK_WAIT_UNTIL ((dialog = find_dialog (_("Replace the Linkage Key?"))) != NULL, 20000);
  sillok_gui_test_respond (dialog, "replace");
  close_dialog (_("The Linkage Key Was Imported"));
  g_assert_true (vault_has_key (session, second_key));

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 10000);
  sillok_gui_test_close (app, window, path);
  sillok_gui_test_end_after_file_chooser ();
}

/* The language row writes the "language" setting; as the row says, the
 * interface follows it the next time Sillok starts. */
static void
test_language_row (void)
{
  g_autoptr(GSettings) gsettings = g_settings_new (SILLOK_APP_ID);
  SillokApplication *app;
  SillokWindow *window;
  AdwComboRow *row;
  g_autofree char *key = NULL;
  g_autofree char *language = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (240);

  g_unsetenv ("LANGUAGE");
  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  g_assert_true (gtk_widget_activate_action (sillok_gui_test_page (window, "shell"), "shell.show-page", "s",
                                             "settings"));
  row = sillok_gui_test_child (settings_page (window), SILLOK_TYPE_SETTINGS_PAGE, "language_row");
  sillok_gui_test_scroll_to (row);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (row), "Takes effect the next time Sillok starts."));

  sillok_gui_test_choose (row, 1);
  language = g_settings_get_string (gsettings, "language");
  g_assert_cmpstr (language, ==, "en");
  sillok_gui_test_choose (row, 0);
  g_clear_pointer (&language, g_free);
  language = g_settings_get_string (gsettings, "language");
  g_assert_cmpstr (language, ==, "");
  sillok_gui_test_choose (row, 2);
  g_clear_pointer (&language, g_free);
  language = g_settings_get_string (gsettings, "language");
  g_assert_cmpstr (language, ==, "ko");
  /* This run keeps its language. */
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), "Interface language"));

  /* Started again, as main() does: the language is applied before the
   * window is made, which is Korean from its first screen on. */
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (window)), 10000);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sillok_application_apply_language ();
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "ko");
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), "The Vault Is Locked"));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), g_dgettext (GETTEXT_PACKAGE, "The Vault Is Locked")));
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/settings/keys-and-policy", test_keys_and_policy);
  g_test_add_func ("/settings/recipients-and-signers", test_recipients_and_signers);
  g_test_add_func ("/settings/linkage-import", test_linkage_import);
  g_test_add_func ("/settings/language-row", test_language_row);
  return g_test_run ();
}
