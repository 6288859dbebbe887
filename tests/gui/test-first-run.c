/* test-first-run.c: create a vault, see its recovery key, lock, unlock
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-gui-test-utils.h"
#include "sillok-test-utils.h"
#include "sillok-recovery-page.h"
#include "sillok-settings-page.h"
#include "sillok-setup-page.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"

typedef struct
{
  char *name;
  char *key_id;
  char *recipient;
  char *recovery_key;
} VaultData;

static void
vault_data_clear (VaultData *data)
{
  g_free (data->name);
  g_free (data->key_id);
  g_free (data->recipient);
  g_free (data->recovery_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VaultData, vault_data_clear)

static gboolean
count_tick (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* After locking, nothing in the window may still show the vault's data. */
static void
assert_shows_nothing_of (SillokWindow    *window,
                         const VaultData *data)
{
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), data->name));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), data->key_id));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), data->recipient));
  g_assert_false (sillok_gui_test_shows_recovery_key (GTK_WIDGET (window), data->recovery_key));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), TEST_PASSPHRASE));
}

static void
create_through_the_form (SillokWindow *window,
                         VaultData    *data)
{
  SillokSetupPage *setup = sillok_gui_test_page (window, "setup_page");
  SillokRecoveryPage *recovery = sillok_gui_test_page (window, "recovery_page");
  GtkWidget *continue_button = sillok_gui_test_child (recovery, SILLOK_TYPE_RECOVERY_PAGE, "continue_button");
  g_autoptr(GRegex) shape = g_regex_new ("^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$", 0, 0, NULL);
  guint ticks = 0;
  guint tick_id;

  /* The main loop keeps running while the vault is made. */
  tick_id = g_timeout_add (10, count_tick, &ticks);
  data->recovery_key = sillok_gui_test_create_vault (window);
  g_source_remove (tick_id);
  g_assert_cmpuint (ticks, >, 3);
  g_assert_false (sillok_setup_page_get_busy (setup));
  g_assert_true (g_regex_match (shape, data->recovery_key, 0, NULL));

  /* Written down first, then on. */
  g_assert_false (gtk_widget_get_sensitive (continue_button));
  gtk_check_button_set_active (sillok_gui_test_child (recovery, SILLOK_TYPE_RECOVERY_PAGE, "confirm_check"), TRUE);
  g_assert_true (gtk_widget_get_sensitive (continue_button));
  sillok_gui_test_click (continue_button);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  /* Shown once: gone from the page as soon as it is confirmed. */
  g_assert_false (sillok_gui_test_shows_recovery_key (GTK_WIDGET (window), data->recovery_key));
  /* The form keeps nothing either. */
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (setup), TEST_PASSPHRASE));
}

static void
read_identity (SillokWindow *window,
               VaultData    *data)
{
  SillokShell *shell = sillok_gui_test_page (window, "shell");
  SillokSettingsPage *settings = sillok_gui_test_child (shell, SILLOK_TYPE_SHELL, "settings_page");
  GType type = SILLOK_TYPE_SETTINGS_PAGE;

  data->name = g_strdup (adw_window_title_get_subtitle (sillok_gui_test_child (shell, SILLOK_TYPE_SHELL,
                                                                               "sidebar_title")));
  data->key_id = g_strdup (adw_action_row_get_subtitle (sillok_gui_test_child (settings, type, "key_id_row")));
  data->recipient = g_strdup (adw_action_row_get_subtitle (sillok_gui_test_child (settings, type,
                                                                                 "recipient_row")));
  g_assert_cmpstr (data->name, ==, TEST_NAME);
  g_assert_cmpstr (adw_action_row_get_subtitle (sillok_gui_test_child (settings, type, "name_row")), ==, TEST_NAME);
  g_assert_cmpuint (strlen (data->key_id), ==, 16);
  g_assert_true (g_str_has_prefix (data->recipient, "age1"));
}

static void
test_create_lock_unlock (void)
{
  g_auto(VaultData) data = { 0 };
  SillokApplication *app;
  SillokWindow *window;
  SillokUnlockPage *unlock;
  GType type = SILLOK_TYPE_UNLOCK_PAGE;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  char *path;
  gboolean saw_wait;

  SILLOK_TEST_IN_SUBPROCESS (240);

  window = sillok_gui_test_open (&app, &path);
  unlock = sillok_gui_test_page (window, "unlock_page");
  create_through_the_form (window, &data);
  read_identity (window, &data);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));

  /* Lock, the way Ctrl+L does. */
  sillok_gui_test_lock (window);
  g_assert_cmpint (sillok_session_get_state (sillok_window_get_session (window)), ==, SILLOK_SESSION_LOCKED);
  g_assert_true (sillok_vault_is_locked (sillok_session_get_vault (sillok_window_get_session (window))));
  assert_shows_nothing_of (window, &data);
  /* Ready for typing. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         sillok_gui_test_child (unlock, type, "entry")));
  g_assert_null (sillok_gui_test_label (unlock, type, "attempts_label"));

  /* A wrong passphrase: said so, counted, and the next try will wait. */
  sillok_gui_test_unlock (window, "river lantern");
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  g_assert_cmpstr (sillok_gui_test_label (unlock, type, "error_label"), ==, _("That passphrase is not right."));
  one = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed attempt", "%u failed attempts", 1), 1);
  g_assert_cmpstr (sillok_gui_test_label (unlock, type, "attempts_label"), ==, one);
  g_assert_nonnull (sillok_gui_test_label (unlock, type, "wait_label"));
  g_assert_cmpstr (gtk_editable_get_text (sillok_gui_test_child (unlock, type, "entry")), ==, "");

  /* Wrong again: the worker waits, and the wait shows as a countdown. */
  gtk_editable_set_text (sillok_gui_test_child (unlock, type, "entry"), "river lantern quietly");
  g_signal_emit_by_name (sillok_gui_test_child (unlock, type, "entry"), "activate");
  g_assert_true (sillok_unlock_page_get_busy (unlock));
  saw_wait = FALSE;
  while (sillok_unlock_page_get_busy (unlock))
    {
      const char *wait = sillok_gui_test_label (unlock, type, "wait_label");

      if (wait != NULL && strstr (wait, "1") != NULL
          && gtk_widget_get_visible (sillok_gui_test_child (unlock, type, "spinner")))
        saw_wait = TRUE;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (saw_wait);
  two = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed attempt", "%u failed attempts", 2), 2);
  g_assert_cmpstr (sillok_gui_test_label (unlock, type, "attempts_label"), ==, two);
  g_assert_cmpuint (sillok_session_get_unlock_delay (sillok_window_get_session (window)), ==, 2);

  /* The right one, after its wait. */
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  g_assert_null (sillok_gui_test_label (unlock, type, "attempts_label"));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), TEST_NAME));

  /* The lock button does the same as the shortcut. */
  sillok_gui_test_click (sillok_gui_test_child (sillok_gui_test_page (window, "shell"), SILLOK_TYPE_SHELL,
                                               "lock_button"));
  /* The list behind may be reading a page: the lock comes when it ends. */
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 20000);
  assert_shows_nothing_of (window, &data);
  sillok_gui_test_close (app, window, path);
}

static void
test_recovery_key_unlocks (void)
{
  g_auto(VaultData) data = { 0 };
  SillokApplication *app;
  SillokWindow *window;
  SillokUnlockPage *unlock;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (240);

  window = sillok_gui_test_open (&app, &path);
  unlock = sillok_gui_test_page (window, "unlock_page");
  create_through_the_form (window, &data);
  read_identity (window, &data);
  sillok_gui_test_lock (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.use-recovery-key", NULL));
  g_assert_true (gtk_check_button_get_active (sillok_gui_test_child (unlock, SILLOK_TYPE_UNLOCK_PAGE,
                                                                     "recovery_check")));

  /* Not the key: said in words that fit a key. */
  sillok_gui_test_unlock (window, "AAAA-BBBB");
  g_assert_cmpstr (sillok_gui_test_label (unlock, SILLOK_TYPE_UNLOCK_PAGE, "error_label"), ==,
                   _("That is not the recovery key of this vault. Check each group of four."));

  /* Typed in lower case, as people do. */
  {
    g_autofree char *lower = g_ascii_strdown (data.recovery_key, -1);

    sillok_gui_test_unlock (window, lower);
  }
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), TEST_NAME));
  sillok_gui_test_close (app, window, path);
}

/* The vault was made by an earlier run: the window opens on the unlock page. */
static void
test_existing_vault (void)
{
  g_auto(VaultData) data = { 0 };
  SillokApplication *app;
  SillokWindow *window;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (240);

  window = sillok_gui_test_open (&app, &path);
  create_through_the_form (window, &data);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  g_assert_null (sillok_session_get_open_error (sillok_window_get_session (window)));
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  sillok_gui_test_close (app, window, path);
}

/* The real shortcut, pressed on the keyboard (through the X server). */
static void
test_ctrl_l_locks (void)
{
  g_auto(VaultData) data = { 0 };
  const char *argv[] = { "xdotool", "key", "ctrl+l", NULL };
  g_autoptr(GError) error = NULL;
  SillokApplication *app;
  SillokWindow *window;
  char *path;
  int status = 0;

  if (!sillok_test_require_program ("xdotool"))
    return;
  SILLOK_TEST_IN_SUBPROCESS (240);

  window = sillok_gui_test_open (&app, &path);
  create_through_the_form (window, &data);
  read_identity (window, &data);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 10000);
  assert_shows_nothing_of (window, &data);
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  g_test_add_func ("/first-run/create-lock-unlock", test_create_lock_unlock);
  g_test_add_func ("/first-run/recovery-key-unlocks", test_recovery_key_unlocks);
  g_test_add_func ("/first-run/existing-vault", test_existing_vault);
  g_test_add_func ("/first-run/ctrl-l-locks", test_ctrl_l_locks);

  return g_test_run ();
}
