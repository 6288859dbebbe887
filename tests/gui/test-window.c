/* test-window.c: the window's first page, state, shortcuts and accessible names
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-fs.h"
#include "sillok-record-list-model.h"
#include "sillok-gui-test-utils.h"
#include "sillok-settings-page.h"
#include "sillok-setup-page.h"
#include "sillok-shell.h"
#include "sillok-test-utils.h"
#include "sillok-unlock-page.h"
#include "sillok-window-private.h"

static void
test_first_run_page (void)
{
  SillokApplication *app;
  SillokWindow *window;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (120);

  window = sillok_gui_test_open (&app, &path);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "setup");
  g_assert_cmpint (sillok_session_get_state (sillok_window_get_session (window)), ==, SILLOK_SESSION_NO_VAULT);
  g_assert_cmpstr (sillok_session_get_path (sillok_window_get_session (window)), ==, path);
  /* Nothing to lock or erase yet. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.emergency-erase", NULL);
  g_assert_null (sillok_window_get_erase_dialog (window));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "setup");
  g_assert_false (gtk_widget_get_sensitive (
    sillok_gui_test_child (sillok_gui_test_page (window, "shell"), SILLOK_TYPE_SHELL, "lock_button")));
  g_assert_false (gtk_widget_get_sensitive (
    sillok_gui_test_child (sillok_gui_test_page (window, "unlock_page"), SILLOK_TYPE_UNLOCK_PAGE, "erase_button")));
  sillok_gui_test_close (app, window, path);
}

/* The form only lets a vault be made from a name and two equal passphrases,
 * and says how strong the passphrase is as it is typed. */
static void
test_setup_form (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokSetupPage *page;
  GtkWidget *create;
  GType type = SILLOK_TYPE_SETUP_PAGE;
  g_autofree char *weak_hint = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (120);

  window = sillok_gui_test_open (&app, &path);
  page = sillok_gui_test_page (window, "setup_page");
  create = sillok_gui_test_child (page, type, "create_button");
  g_assert_false (gtk_widget_get_sensitive (create));

  gtk_editable_set_text (sillok_gui_test_child (page, type, "name_row"), "   ");
  gtk_editable_set_text (sillok_gui_test_child (page, type, "passphrase_entry"), "password1");
  weak_hint = g_strdup (sillok_gui_test_label (page, type, "strength_label"));
  g_assert_cmpstr (weak_hint, ==, sillok_strength_hint_to_string (SILLOK_STRENGTH_HINT_COMMON));
  g_assert_cmpfloat (gtk_level_bar_get_value (sillok_gui_test_child (page, type, "strength_bar")), ==,
                     SILLOK_STRENGTH_WEAK);

  gtk_editable_set_text (sillok_gui_test_child (page, type, "passphrase_entry"), TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_gui_test_label (page, type, "strength_label"), ==,
                   sillok_strength_hint_to_string (SILLOK_STRENGTH_HINT_STRONG));
  g_assert_cmpfloat (gtk_level_bar_get_value (sillok_gui_test_child (page, type, "strength_bar")), ==,
                     SILLOK_STRENGTH_STRONG);

  gtk_editable_set_text (sillok_gui_test_child (page, type, "confirm_entry"), "river lantern");
  g_assert_nonnull (sillok_gui_test_label (page, type, "mismatch_label"));
  g_assert_false (gtk_widget_get_sensitive (create));

  gtk_editable_set_text (sillok_gui_test_child (page, type, "confirm_entry"), TEST_PASSPHRASE);
  g_assert_null (sillok_gui_test_label (page, type, "mismatch_label"));
  /* A name of blanks is no name. */
  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_editable_set_text (sillok_gui_test_child (page, type, "name_row"), TEST_NAME);
  g_assert_true (gtk_widget_get_sensitive (create));

  /* Moderate is the default preset. */
  g_assert_true (gtk_check_button_get_active (sillok_gui_test_child (page, type, "moderate_check")));
  sillok_gui_test_close (app, window, path);
}

static void
test_window_size_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SILLOK_APP_ID);
  SillokApplication *app;
  SillokWindow *window;
  char *path;
  int width, height;

  SILLOK_TEST_IN_SUBPROCESS (120);

  g_settings_set_int (settings, "window-width", 800);
  g_settings_set_int (settings, "window-height", 600);
  window = sillok_gui_test_open (&app, &path);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_object_unref (app);
  g_free (path);
}

/* How many shortcuts of @widget's tree show no keys, each said. */
static guint
shortcuts_without_keys (GtkWidget *widget)
{
  guint missing = 0;

  if (GTK_IS_SHORTCUT_LABEL (widget))
    {
      const char *accel = gtk_shortcut_label_get_accelerator (GTK_SHORTCUT_LABEL (widget));

      if (accel == NULL || *accel == '\0')
        {
          GtkWidget *shortcut = gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_SHORTCUT);
          g_autofree char *title = NULL;

          if (shortcut != NULL)
            g_object_get (shortcut, "title", &title, NULL);
          g_test_message ("the shortcut “%s” shows no keys", title != NULL ? title : "?");
          missing++;
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    missing += shortcuts_without_keys (c);
  return missing;
}

static void
test_accelerators (void)
{
  SillokApplication *app;
  SillokWindow *window;
  char *path;
  g_auto(GStrv) lock = NULL;
  g_auto(GStrv) help = NULL;
  g_auto(GStrv) actions = NULL;
  gboolean shortcuts_shown = FALSE;

  SILLOK_TEST_IN_SUBPROCESS (120);

  window = sillok_gui_test_open (&app, &path);
  lock = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.lock");
  g_assert_cmpstrv (lock, ((const char *[]) { "<Control>l", NULL }));
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "<Control>l");
  g_assert_true (g_strv_contains ((const char *const *) actions, "win.lock"));
  help = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char *const *) help, "<Control>question"));

  /* Ctrl+? opens the shortcuts window, which lists Ctrl+L. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (GTK_IS_SHORTCUTS_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      {
        shortcuts_shown = TRUE;
        g_assert_true (sillok_gui_test_shows_text (l->data, _("Lock the vault")));
        gtk_test_widget_wait_for_draw (l->data);
        /* Every shortcut listed shows its keys (an action name without
         * accelerators of its own shows none). */
        g_assert_cmpuint (shortcuts_without_keys (l->data), ==, 0);
        gtk_window_destroy (l->data);
      }
  g_assert_true (shortcuts_shown);
  sillok_gui_test_close (app, window, path);
}

static void
assert_named (gpointer    widget,
              const char *what)
{
  g_test_message ("accessible name of %s", what);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
                 || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

/* Controls without a visible text label carry an accessible name. */
static void
test_accessible_names (void)
{
  SillokApplication *app;
  SillokWindow *window;
  gpointer setup, unlock, shell, settings;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (120);

  window = sillok_gui_test_open (&app, &path);
  setup = sillok_gui_test_page (window, "setup_page");
  unlock = sillok_gui_test_page (window, "unlock_page");
  shell = sillok_gui_test_page (window, "shell");
  settings = sillok_gui_test_child (shell, SILLOK_TYPE_SHELL, "settings_page");

  assert_named (sillok_gui_test_child (setup, SILLOK_TYPE_SETUP_PAGE, "passphrase_entry"), "passphrase entry");
  assert_named (sillok_gui_test_child (setup, SILLOK_TYPE_SETUP_PAGE, "confirm_entry"), "confirmation entry");
  assert_named (sillok_gui_test_child (setup, SILLOK_TYPE_SETUP_PAGE, "strength_bar"), "strength bar");
  assert_named (sillok_gui_test_child (unlock, SILLOK_TYPE_UNLOCK_PAGE, "entry"), "unlock entry");
  assert_named (sillok_gui_test_child (shell, SILLOK_TYPE_SHELL, "lock_button"), "lock button");
  assert_named (sillok_gui_test_child (shell, SILLOK_TYPE_SHELL, "sidebar_lock_button"), "sidebar lock button");
  assert_named (sillok_gui_test_child (shell, SILLOK_TYPE_SHELL, "sidebar_list"), "sidebar");
  assert_named (sillok_gui_test_child (settings, SILLOK_TYPE_SETTINGS_PAGE, "auto_lock_spin"), "auto-lock minutes");
  assert_named (sillok_gui_test_child (settings, SILLOK_TYPE_SETTINGS_PAGE, "erase_after_spin"), "erase policy");
  assert_named (sillok_gui_test_child (settings, SILLOK_TYPE_SETTINGS_PAGE, "names_switch"), "names switch");
  {
    gpointer interviews = sillok_gui_test_interviews (window);
    GType type = SILLOK_TYPE_INTERVIEWS_PAGE;
    gpointer editor = sillok_interviews_page_get_editor (interviews);

    assert_named (sillok_gui_test_child (interviews, type, "search_entry"), "search entry");
    assert_named (sillok_gui_test_child (interviews, type, "status_filter"), "status filter");
    assert_named (sillok_gui_test_child (interviews, type, "template_filter"), "template filter");
    assert_named (sillok_gui_test_child (interviews, type, "list_view"), "interviews list");
    assert_named (sillok_gui_test_child (editor, SILLOK_TYPE_EDITOR_PAGE, "back_button"), "editor back button");
  }
  sillok_gui_test_close (app, window, path);
}

/* Which of @targets holds the focus @focus (itself or within), or -1. */
static int
focused_target (GtkWidget  *focus,
                GtkWidget **targets,
                guint       n_targets)
{
  for (guint i = 0; i < n_targets; i++)
    if (focus != NULL && (focus == targets[i] || gtk_widget_is_ancestor (focus, targets[i])))
      return (int) i;
  return -1;
}

static GtkWidget *
press_and_wait (SillokWindow *window,
                const char   *keys)
{
  GtkWidget *before = gtk_root_get_focus (GTK_ROOT (window));

  sillok_gui_test_press (keys);
  SILLOK_WAIT_UNTIL (gtk_root_get_focus (GTK_ROOT (window)) != before, 5000);
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* The keyboard alone, from the search of the interviews list: Tab reaches
 * the filters, New Interview and the rows; the arrows move between rows;
 * each stop has a name a screen reader can say. */
static void
test_keyboard_traversal (void)
{
  const char *values[] = { "episodes[0].site=musan-mine", NULL };
  SillokApplication *app;
  SillokWindow *window;
  SillokInterviewsPage *interviews;
  SillokRecordListModel *model;
  GtkWidget *targets[5];
  const char *names[] = { "search entry", "status filter", "template filter", "New Interview", "interviews list" };
  gboolean reached[G_N_ELEMENTS (targets)] = { FALSE };
  GtkWidget *focus, *row;
  g_autofree char *key = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  char *path;

  if (!sillok_test_require_program ("xdotool"))
    return;
  SILLOK_TEST_IN_SUBPROCESS (240);

  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  first = sillok_gui_test_add_record (window, values, FALSE);
  second = sillok_gui_test_add_record (window, values, FALSE);
  interviews = sillok_gui_test_interviews (window);
  model = sillok_interviews_page_get_model (interviews);
  sillok_interviews_page_refresh (interviews);
  SILLOK_WAIT_UNTIL (sillok_record_list_model_get_counted (model) && !sillok_record_list_model_get_loading (model)
                     && g_list_model_get_n_items (G_LIST_MODEL (model)) == 2, 20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  targets[0] = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "search_entry");
  targets[1] = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "status_filter");
  targets[2] = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "template_filter");
  targets[3] = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "new_button");
  targets[4] = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "list_view");

  /* Then Tab after Tab until every control was reached. */
  /* Unlocked, the keyboard starts in the list's search already. */
  g_assert_cmpint (focused_target (gtk_root_get_focus (GTK_ROOT (window)), targets, G_N_ELEMENTS (targets)), ==, 0);
  SILLOK_WAIT_UNTIL (focused_target (gtk_root_get_focus (GTK_ROOT (window)), targets, G_N_ELEMENTS (targets)) == 0,
                     5000);
  reached[0] = TRUE;
  for (guint presses = 0; presses < 12 && !reached[G_N_ELEMENTS (targets) - 1]; presses++)
    {
      int i;

      focus = press_and_wait (window, "Tab");
      i = focused_target (focus, targets, G_N_ELEMENTS (targets));
      g_test_message ("Tab %u: %s", presses, G_OBJECT_TYPE_NAME (focus));
      if (i >= 0)
        reached[i] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_test_message ("reached %s: %d", names[i], reached[i]);
      g_assert_true (reached[i]);
      if (i < G_N_ELEMENTS (targets) - 1)
        assert_named (targets[i], names[i]);
    }

  /* In the list, a row has the focus and is named after its interview;
   * Down moves to the next row, also named. */
  row = focus;
  g_assert_true (gtk_widget_get_parent (row) == targets[4]);
  assert_named (row, "first row");
  focus = press_and_wait (window, "Down");
  g_assert_true (gtk_widget_get_parent (focus) == targets[4]);
  g_assert_true (focus != row);
  assert_named (focus, "second row");
  /* Enter opens the row's interview. */
  sillok_gui_test_press ("Return");
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_interviews_page_get_view (interviews), "editor")
                     && sillok_editor_page_get_uuid (sillok_interviews_page_get_editor (interviews)) != NULL, 20000);

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (window)), 20000);
  sillok_gui_test_close (app, window, path);
}

/* The language setting is applied before any string is translated. */
static void
test_language_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SILLOK_APP_ID);
  SillokApplication *app;
  SillokWindow *window;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (120);

  g_settings_set_string (settings, "language", "ko");
  sillok_application_apply_language ();
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "ko");

  window = sillok_gui_test_open (&app, &path);
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), "Create Your Vault"));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), g_dgettext (GETTEXT_PACKAGE, "Create Your Vault")));
  sillok_gui_test_close (app, window, path);
}

/* Another process has the vault: the unlock page says so, and says it
 * again on each attempt instead of counting a failure. */
static void
test_vault_in_use (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SILLOK_APP_ID);
  g_autoptr(SillokSecret) passphrase = sillok_secret_new_from_string (TEST_PASSPHRASE);
  g_autoptr(SillokVault) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SillokApplication *app;
  SillokWindow *window;
  gpointer unlock;
  const char *shown;

  SILLOK_TEST_IN_SUBPROCESS (120);

  dir = g_dir_make_tmp ("sillok-gui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "vault", NULL);
  holder = sillok_vault_new (path);
  g_assert_true (sillok_vault_create (holder, TEST_NAME, passphrase, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "vault-path", path);

  app = sillok_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  unlock = sillok_gui_test_page (window, "unlock_page");

  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  shown = sillok_gui_test_label (unlock, SILLOK_TYPE_UNLOCK_PAGE, "error_label");
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, "in use"));

  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  g_assert_nonnull (strstr (sillok_gui_test_label (unlock, SILLOK_TYPE_UNLOCK_PAGE, "error_label"), "in use"));
  g_assert_null (sillok_gui_test_label (unlock, SILLOK_TYPE_UNLOCK_PAGE, "attempts_label"));

  /* Once the other process lets go, the same passphrase opens it. */
  sillok_vault_close (holder);
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  sillok_gui_test_close (app, window, g_steal_pointer (&path));
}

/* The GUI has the vault open: sillok-cli on it is told the vault is in
 * use (exit 4) and changes nothing; once the GUI lets go, the CLI opens it
 * and finds every record the GUI saved, the vault whole. */
static void
test_vault_in_use_by_gui (void)
{
  const char *values[] = { "consent.given=true", "interview.date=2026-05", "episodes[0].site=musan-mine", NULL };
  const char *list[] = { "record", "list", NULL };
  const char *check[] = { "check", NULL };
  const char *set[] = { "record", "new", "--template", "forced-labour", NULL };
  SillokApplication *app;
  SillokWindow *window;
  g_autofree char *key = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (300);

  window = sillok_gui_test_open (&app, &path);
  dir = g_path_get_dirname (path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  uuid = sillok_gui_test_add_record (window, values, TRUE);

  g_assert_cmpint (sillok_gui_test_run_cli (path, list, &out), ==, 4);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sillok_gui_test_run_cli (path, set, &out), ==, 4);
  g_clear_pointer (&out, g_free);
  /* Locked is still open: the GUI keeps the vault while its window lives. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (sillok_session_get_state (sillok_window_get_session (window)) == SILLOK_SESSION_LOCKED, 10000);
  g_assert_cmpint (sillok_gui_test_run_cli (path, check, &out), ==, 4);
  g_clear_pointer (&out, g_free);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (app);
  g_assert_cmpint (sillok_gui_test_run_cli (path, check, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sillok_gui_test_run_cli (path, list, &out), ==, 0);
  g_assert_nonnull (strstr (out, uuid));
  sillok_fs_remove_tree (dir, NULL);
  g_free (path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  g_test_add_func ("/window/first-run-page", test_first_run_page);
  g_test_add_func ("/window/setup-form", test_setup_form);
  g_test_add_func ("/window/size-remembered", test_window_size_remembered);
  g_test_add_func ("/window/accelerators", test_accelerators);
  g_test_add_func ("/window/accessible-names", test_accessible_names);
  g_test_add_func ("/window/keyboard-traversal", test_keyboard_traversal);
  g_test_add_func ("/window/language-setting", test_language_setting);
  g_test_add_func ("/window/vault-in-use", test_vault_in_use);
  g_test_add_func ("/window/vault-in-use-by-gui", test_vault_in_use_by_gui);

  return g_test_run ();
}
