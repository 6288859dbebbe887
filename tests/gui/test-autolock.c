/* test-autolock.c: an idle window locks its vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-gui-test-utils.h"
#include "sillok-test-utils.h"
#include "sillok-window-private.h"

#define MINUTE_US ((gint64) 60 * G_USEC_PER_SEC)

static void
test_idle_locks (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokIdleMonitor *monitor;
  g_autofree char *key = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  monitor = sillok_window_get_idle_monitor (window);
  g_assert_false (sillok_idle_monitor_get_active (monitor));

  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  g_assert_true (sillok_idle_monitor_get_active (monitor));
  g_assert_true (sillok_idle_monitor_is_armed (monitor));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), TEST_NAME));

  /* Nobody touches anything for 300 ms. */
  sillok_window_set_idle_timeout (window, 300 * 1000);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 10000);
  g_assert_cmpint (sillok_session_get_state (sillok_window_get_session (window)), ==, SILLOK_SESSION_LOCKED);
  g_assert_true (sillok_vault_is_locked (sillok_session_get_vault (sillok_window_get_session (window))));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), TEST_NAME));
  /* Locked: nothing more to watch until the next unlock. */
  g_assert_false (sillok_idle_monitor_get_active (monitor));
  g_assert_false (sillok_idle_monitor_is_armed (monitor));

  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  g_assert_true (sillok_idle_monitor_get_active (monitor));
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 10000);
  sillok_gui_test_close (app, window, path);
}

/* The auto-lock-minutes setting drives the timeout; 0 turns it off. */
static void
test_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SILLOK_APP_ID);
  SillokApplication *app;
  SillokWindow *window;
  SillokIdleMonitor *monitor;
  g_autofree char *key = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  monitor = sillok_window_get_idle_monitor (window);
  g_assert_cmpint (sillok_idle_monitor_get_timeout (monitor), ==, 5 * MINUTE_US);

  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  g_assert_true (sillok_idle_monitor_is_armed (monitor));

  g_settings_set_uint (settings, "auto-lock-minutes", 0);
  g_assert_cmpint (sillok_idle_monitor_get_timeout (monitor), ==, 0);
  g_assert_false (sillok_idle_monitor_is_armed (monitor));

  g_settings_set_uint (settings, "auto-lock-minutes", 12);
  g_assert_cmpint (sillok_idle_monitor_get_timeout (monitor), ==, 12 * MINUTE_US);
  g_assert_true (sillok_idle_monitor_is_armed (monitor));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  sillok_gui_test_close (app, window, path);
}

/* The recovery key page locks too when left alone, and the key goes. */
static void
test_idle_on_recovery_page (void)
{
  SillokApplication *app;
  SillokWindow *window;
  g_autofree char *key = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_window_set_idle_timeout (window, 200 * 1000);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 10000);
  g_assert_false (sillok_gui_test_shows_recovery_key (GTK_WIDGET (window), key));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), TEST_NAME));
  sillok_gui_test_close (app, window, path);
}

/* A real key press, through the X server, to whatever window is under
 * the pointer (ours: there is no window manager to move the focus). */
static void
press_shift (void)
{
  const char *argv[] = { "xdotool", "key", "shift", NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* With an idle timeout of 1.5 s, a key every 100 ms for three timeouts:
 * the vault must stay open.  FALSE (the test skipped) when the machine was
 * too busy to deliver two key presses within the timeout. */
static gboolean
type_past_timeout (SillokWindow *window)
{
  gint64 until;

  sillok_window_set_idle_timeout (window, 1500 * 1000);
  until = g_get_monotonic_time () + 4500 * 1000;
  while (g_get_monotonic_time () < until)
    {
      gint64 before = g_get_monotonic_time ();

      press_shift ();
      sillok_gui_test_spin (100);
      if (!g_str_equal (sillok_window_get_page_name (window), "shell"))
        {
          g_assert_cmpint (g_get_monotonic_time () - before, >, 1500 * 1000);
          g_test_skip ("the machine was too busy to type within the idle timeout");
          return FALSE;
        }
    }
  return TRUE;
}

/* Typing keeps the vault open past the timeout; once it stops, the vault
 * locks. */
static void
test_input_keeps_unlocked (void)
{
  SillokApplication *app;
  SillokWindow *window;
  g_autofree char *key = NULL;
  char *path;

  if (!sillok_test_require_program ("xdotool"))
    return;
  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);

  if (!type_past_timeout (window))
    {
      sillok_gui_test_close (app, window, path);
      return;
    }
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 10000);
  sillok_gui_test_close (app, window, path);
}

/* A message dialog over @window, drawn, the pointer moved onto it (no
 * window manager: it is mapped at the origin, above the window), and
 * @keys (or nothing) typed there. */
static GtkWidget *
open_dialog (SillokWindow *window,
             const char   *keys)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), "A dialog", "Typed into");
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", "_Close");
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (dialog);
  x = g_strdup_printf ("%d", gtk_widget_get_width (dialog) / 2);
  y = g_strdup_printf ("%d", gtk_widget_get_height (dialog) / 2);
  {
    const char *argv[] = { "xdotool", "mousemove", x, y, keys != NULL ? "key" : NULL, keys, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                                 NULL));
  }
  return dialog;
}

/* Typing in a dialog of the window (here a message dialog, as the export
 * dialog or a passphrase dialog would be) keeps the vault open too; once
 * it stops, the vault locks and the dialog closes. */
static void
test_dialog_input_keeps_unlocked (void)
{
  SillokApplication *app;
  SillokWindow *window;
  GtkWidget *dialog;
  g_autofree char *key = NULL;
  char *path;

  if (!sillok_test_require_program ("xdotool"))
    return;
  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  dialog = open_dialog (window, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  if (!type_past_timeout (window))
    {
      sillok_gui_test_close (app, window, path);
      return;
    }
  g_assert_nonnull (dialog);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 10000);
  SILLOK_WAIT_UNTIL (dialog == NULL, 10000);
  sillok_gui_test_close (app, window, path);
}

/* Ctrl+L typed in a dialog locks the vault and closes the dialog. */
static void
test_ctrl_l_in_dialog (void)
{
  SillokApplication *app;
  SillokWindow *window;
  GtkWidget *dialog;
  g_autofree char *key = NULL;
  char *path;

  if (!sillok_test_require_program ("xdotool"))
    return;
  SILLOK_TEST_IN_SUBPROCESS (180);

  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  dialog = open_dialog (window, "ctrl+l");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 10000);
  SILLOK_WAIT_UNTIL (dialog == NULL, 10000);
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  g_test_add_func ("/autolock/idle-locks", test_idle_locks);
  g_test_add_func ("/autolock/setting", test_setting);
  g_test_add_func ("/autolock/input-keeps-unlocked", test_input_keeps_unlocked);
  g_test_add_func ("/autolock/dialog-input-keeps-unlocked", test_dialog_input_keeps_unlocked);
  g_test_add_func ("/autolock/ctrl-l-in-dialog", test_ctrl_l_in_dialog);
  g_test_add_func ("/autolock/idle-on-recovery-page", test_idle_on_recovery_page);

  return g_test_run ();
}
