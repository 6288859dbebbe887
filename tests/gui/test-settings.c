/* test-settings.c: the settings that act on the vault's keys and policy
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-age.h"
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

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/settings/keys-and-policy", test_keys_and_policy);
  g_test_add_func ("/settings/recipients-and-signers", test_recipients_and_signers);
  return g_test_run ();
}
