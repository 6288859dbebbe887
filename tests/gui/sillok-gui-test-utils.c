/* sillok-gui-test-utils.c: helpers shared by the display tests
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gsk/gsk.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok.h"
#include "sillok-fs.h"
#include "sillok-gui-test-utils.h"
#include "sillok-recovery-page.h"
#include "sillok-setup-page.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"

void
sillok_gui_test_init (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  gtk_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* gtk_test_init() asks for en_US.UTF-8, which may not be installed; in
   * plain C glibc would ignore LANGUAGE, and Korean runs need it. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  /* Screens are captured at rest, not halfway through a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_true (sillok_init (&error));
  g_assert_no_error (error);
}

guint
sillok_gui_test_wait_scale (void)
{
  static guint scale;

  if (scale == 0)
    {
      const char *env = g_getenv ("SILLOK_TEST_WAIT_SCALE");
      guint64 value = 1;

      if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 1, 100, &value, NULL))
        g_error ("SILLOK_TEST_WAIT_SCALE must be a whole number from 1 to 100, not \"%s\"", env);
      scale = (guint) value;
    }
  return scale;
}

gboolean
sillok_gui_test_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sillok_gui_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

SillokWindow *
sillok_gui_test_open (SillokApplication **app_out,
                      char              **vault_path_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sillok-gui-XXXXXX", &error);

  g_assert_no_error (error);
  *vault_path_out = g_build_filename (dir, "vault", NULL);
  return sillok_gui_test_open_at (app_out, *vault_path_out);
}

SillokWindow *
sillok_gui_test_open_at (SillokApplication **app_out,
                         const char         *vault_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (SILLOK_APP_ID);
  SillokApplication *app;
  GList *windows;

  g_settings_set_string (settings, "vault-path", vault_path);

  app = sillok_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_nonnull (windows);
  g_assert_true (SILLOK_IS_WINDOW (windows->data));
  gtk_test_widget_wait_for_draw (windows->data);
  *app_out = app;
  return windows->data;
}

void
sillok_gui_test_close (SillokApplication *app,
                       SillokWindow      *window,
                       char              *vault_path)
{
  g_autofree char *dir = g_path_get_dirname (vault_path);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (app);
  sillok_fs_remove_tree (dir, NULL);
  g_free (vault_path);
}

static void
clicked_cb (gboolean *clicked)
{
  *clicked = TRUE;
}

void
sillok_gui_test_click (gpointer button)
{
  gboolean clicked = FALSE;
  gulong id = g_signal_connect_swapped (button, "clicked", G_CALLBACK (clicked_cb), &clicked);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  SILLOK_WAIT_UNTIL (clicked, 5000);
  g_signal_handler_disconnect (button, id);
}

gpointer
sillok_gui_test_child (gpointer    widget,
                       GType       type,
                       const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

gpointer
sillok_gui_test_page (SillokWindow *window,
                      const char   *name)
{
  return sillok_gui_test_child (window, SILLOK_TYPE_WINDOW, name);
}

char *
sillok_gui_test_create_vault (SillokWindow *window)
{
  SillokSetupPage *setup = sillok_gui_test_page (window, "setup_page");
  SillokRecoveryPage *recovery = sillok_gui_test_page (window, "recovery_page");
  GType type = SILLOK_TYPE_SETUP_PAGE;

  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "setup");
  gtk_editable_set_text (sillok_gui_test_child (setup, type, "name_row"), TEST_NAME);
  gtk_editable_set_text (sillok_gui_test_child (setup, type, "passphrase_entry"), TEST_PASSPHRASE);
  gtk_editable_set_text (sillok_gui_test_child (setup, type, "confirm_entry"), TEST_PASSPHRASE);
  /* Tests use the fast preset. */
  gtk_check_button_set_active (sillok_gui_test_child (setup, type, "interactive_check"), TRUE);
  sillok_gui_test_click (sillok_gui_test_child (setup, type, "create_button"));

  SILLOK_WAIT_UNTIL (sillok_recovery_page_has_key (recovery), 60000);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "recovery");
  /* Shown on two lines; typed back on one. */
  return g_strdelimit (g_strdup (gtk_label_get_label (sillok_gui_test_child (recovery, SILLOK_TYPE_RECOVERY_PAGE,
                                                                             "key_label"))),
                       "\n", '-');
}

void
sillok_gui_test_confirm_recovery_key (SillokWindow *window)
{
  SillokRecoveryPage *recovery = sillok_gui_test_page (window, "recovery_page");
  GType type = SILLOK_TYPE_RECOVERY_PAGE;

  gtk_check_button_set_active (sillok_gui_test_child (recovery, type, "confirm_check"), TRUE);
  sillok_gui_test_click (sillok_gui_test_child (recovery, type, "continue_button"));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
}

void
sillok_gui_test_lock (SillokWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (window), "unlock"), 20000);
}

void
sillok_gui_test_unlock (SillokWindow *window,
                        const char   *secret)
{
  SillokUnlockPage *unlock = sillok_gui_test_page (window, "unlock_page");
  GtkEditable *entry = sillok_gui_test_child (unlock, SILLOK_TYPE_UNLOCK_PAGE, "entry");

  gtk_editable_set_text (entry, secret);
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (sillok_unlock_page_get_busy (unlock));
  SILLOK_WAIT_UNTIL (!sillok_unlock_page_get_busy (unlock), 60000);
}

static gboolean
has (const char *haystack,
     const char *text)
{
  return haystack != NULL && strstr (haystack, text) != NULL;
}

static gboolean
widget_contains (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && has (gtk_label_get_label (GTK_LABEL (widget)), text))
    return TRUE;
  if (GTK_IS_EDITABLE (widget) && has (gtk_editable_get_text (GTK_EDITABLE (widget)), text))
    return TRUE;
  if (GTK_IS_WINDOW (widget) && has (gtk_window_get_title (GTK_WINDOW (widget)), text))
    return TRUE;
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *contents = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      contents = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      if (has (contents, text))
        return TRUE;
    }
  if (ADW_IS_EXPANDER_ROW (widget) && has (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (widget)), text))
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget) && has (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text))
    return TRUE;
  if (ADW_IS_ACTION_ROW (widget) && has (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text))
    return TRUE;
  if (ADW_IS_WINDOW_TITLE (widget)
      && (has (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), text)
          || has (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)), text)))
    return TRUE;
  return FALSE;
}

gboolean
sillok_gui_test_shows_text (GtkWidget  *root,
                            const char *text)
{
  if (widget_contains (root, text))
    {
      g_test_message ("%s %p shows “%s”", G_OBJECT_TYPE_NAME (root), root, text);
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (sillok_gui_test_shows_text (child, text))
      return TRUE;
  return FALSE;
}

gboolean
sillok_gui_test_shows_recovery_key (GtkWidget  *root,
                                    const char *key)
{
  gsize half = strlen (key) / 2;
  g_autofree char *first = g_strndup (key, half);

  return sillok_gui_test_shows_text (root, first) || sillok_gui_test_shows_text (root, key + half + 1);
}

const char *
sillok_gui_test_label (gpointer    widget,
                       GType       type,
                       const char *name)
{
  GtkLabel *label = sillok_gui_test_child (widget, type, name);

  if (!gtk_widget_get_visible (GTK_WIDGET (label)))
    return NULL;
  return gtk_label_get_label (label);
}

void
sillok_gui_test_screenshot (GtkWidget  *widget,
                            const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *file = NULL;
  GskRenderer *renderer;
  int width, height;

  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_true (GSK_IS_CAIRO_RENDERER (renderer));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("screenshot: %s", file);
}

SillokInterviewsPage *
sillok_gui_test_interviews (SillokWindow *window)
{
  return sillok_shell_get_interviews_page (sillok_gui_test_page (window, "shell"));
}

void
sillok_gui_test_wait_editor (SillokEditorPage *editor)
{
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor) && sillok_editor_page_get_record (editor) != NULL,
                     20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
}

SillokEditorPage *
sillok_gui_test_new_interview (SillokWindow *window)
{
  SillokInterviewsPage *interviews = sillok_gui_test_interviews (window);
  SillokEditorPage *editor = sillok_interviews_page_get_editor (interviews);
  SillokRecordListModel *model = sillok_interviews_page_get_model (interviews);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (interviews), "interviews.new", "s", "forced-labour"));
  /* The list's queued page reads are dropped: the new record is made next,
   * not after every page a long scroll asked for. */
  g_assert_true (sillok_record_list_model_get_paused (model));
  g_assert_false (sillok_record_list_model_get_loading (model));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_uuid (editor) != NULL, 20000);
  sillok_gui_test_wait_editor (editor);
  g_assert_cmpstr (sillok_interviews_page_get_view (interviews), ==, "editor");
  return editor;
}

void
sillok_gui_test_wait_saved (SillokEditorPage *editor)
{
  SillokDraftSaver *saver = sillok_editor_page_get_saver (editor);

  g_assert_nonnull (saver);
  SILLOK_WAIT_UNTIL (sillok_draft_saver_get_state (saver) == SILLOK_SAVE_STATE_SAVED
                     || sillok_draft_saver_get_state (saver) == SILLOK_SAVE_STATE_FAILED, 20000);
  g_assert_cmpstr (sillok_draft_saver_get_error (saver), ==, NULL);
}

void
sillok_gui_test_enter (SillokEditorPage *editor,
                       const char       *path,
                       const char       *text)
{
  SillokFieldEditor *field = sillok_editor_page_get_field (editor, path);

  g_assert_nonnull (field);
  sillok_field_editor_enter_text (field, text);
  g_assert_cmpstr (sillok_field_editor_get_error (field), ==, NULL);
}

int
sillok_gui_test_run_cli_with_secret (const char        *vault,
                                     const char *const *args,
                                     const char        *secret,
                                     char             **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("SILLOK_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--vault");
  g_ptr_array_add (argv, (gpointer) vault);
  g_ptr_array_add (argv, (gpointer) "--passphrase-fd");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (secret != NULL)
    {
      int fds[2];
      gsize len = strlen (secret);

      /* A pipe holds a line of this size without a reader. */
      g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
      g_assert_no_error (error);
      g_assert_cmpint (write (fds[1], secret, len), ==, (gssize) len);
      g_assert_cmpint (write (fds[1], "\n", 1), ==, 1);
      close (fds[1]);
      g_subprocess_launcher_take_fd (launcher, fds[0], 3);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, TEST_PASSPHRASE "\n", NULL, out, &err, &error));
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("sillok-cli: %s", err);
  return g_subprocess_get_exit_status (process);
}

int
sillok_gui_test_run_cli (const char        *vault,
                         const char *const *args,
                         char             **out)
{
  return sillok_gui_test_run_cli_with_secret (vault, args, NULL, out);
}

char *
sillok_gui_test_add_record (SillokWindow      *window,
                            const char *const *assignments,
                            gboolean           seal)
{
  SillokSession *session = sillok_window_get_session (window);
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  char *uuid;

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 20000);
  template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_assert_no_error (error);
  uuid = sillok_record_create (sillok_session_get_vault (session), template, &error);
  g_assert_no_error (error);
  if (assignments != NULL && assignments[0] != NULL)
    sillok_record_set_texts (sillok_session_get_vault (session), uuid, assignments, &error);
  g_assert_no_error (error);
  if (seal)
    sillok_record_seal (sillok_session_get_vault (session), uuid, &error);
  g_assert_no_error (error);
  return uuid;
}

/* The row at @position once its page is read (asking reads it). */
static SillokRecordItem *
read_row (GListModel *model,
          guint       position)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, sillok_gui_test_wake, NULL);
  SillokRecordItem *item;

  while (!sillok_record_item_is_loaded (item = g_list_model_get_item (model, position)))
    {
      g_object_unref (item);
      if (g_get_monotonic_time () > deadline)
        g_error ("row %u of the interviews list was never read", position);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
  return item;
}

guint
sillok_gui_test_find_row (SillokWindow *window,
                          const char   *uuid)
{
  SillokRecordListModel *model = sillok_interviews_page_get_model (sillok_gui_test_interviews (window));

  SILLOK_WAIT_UNTIL (sillok_record_list_model_get_counted (model)
                     && !sillok_record_list_model_get_loading (model), 20000);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(SillokRecordItem) item = read_row (G_LIST_MODEL (model), i);

      if (g_strcmp0 (sillok_record_item_get_uuid (item), uuid) == 0)
        return i;
    }
  g_error ("record %s is not in the interviews list", uuid);
  return G_MAXUINT;
}

static GtkWidget *
find_labelled_button (GtkWidget  *root,
                      const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gpointer
sillok_gui_test_find (gpointer root,
                      GType    type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = sillok_gui_test_find (child, type);

      if (found != NULL)
        return found;
    }
  /* A menu button's popover is not among its children. */
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_popover (root) != NULL)
    return sillok_gui_test_find (gtk_menu_button_get_popover (root), type);
  return NULL;
}

GtkWidget *
sillok_gui_test_find_named (gpointer    root,
                            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sillok_gui_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
sillok_gui_test_find_window (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) && g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return window;
    }
  return NULL;
}

GtkWindow *
sillok_gui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

AdwMessageDialog *
sillok_gui_test_find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

void
sillok_gui_test_choose (gpointer widget,
                        guint    position)
{
  GtkWidget *popover = sillok_gui_test_find (widget, GTK_TYPE_POPOVER);
  GtkWidget *list;
  guint selected;

  g_assert_true (GTK_IS_DROP_DOWN (widget) || ADW_IS_COMBO_ROW (widget));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_is_sensitive (widget));
  /* A drop-down opens from its button, a combo row from the row itself. */
  g_assert_true (gtk_widget_activate (GTK_IS_DROP_DOWN (widget) ? sillok_gui_test_find (widget, GTK_TYPE_TOGGLE_BUTTON)
                                                                : widget));
  SILLOK_WAIT_UNTIL (gtk_widget_get_mapped (popover), 5000);
  list = sillok_gui_test_find (popover, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  g_assert_cmpuint (position, <, g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))));
  /* As a click does: the item under the pointer is selected, then activated. */
  gtk_selection_model_select_item (gtk_list_view_get_model (GTK_LIST_VIEW (list)), position, TRUE);
  g_signal_emit_by_name (list, "activate", position);
  SILLOK_WAIT_UNTIL (!gtk_widget_get_mapped (popover), 5000);
  g_object_get (widget, "selected", &selected, NULL);
  g_assert_cmpuint (selected, ==, position);
}

guint
sillok_gui_test_drop_down_find (GtkDropDown *drop_down,
                                const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  return G_MAXUINT;
}

static gboolean
chosen_is (GtkFileChooser *chooser,
           GFile          *file)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

  return chosen != NULL && g_file_equal (chosen, file);
}

void
sillok_gui_test_choose_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWindow *chooser;

  SILLOK_WAIT_UNTIL ((chooser = sillok_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL, 10000);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  /* The folder is read first; the file is selected once it is. */
  SILLOK_WAIT_UNTIL (chosen_is (GTK_FILE_CHOOSER (chooser), file), 10000);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  SILLOK_WAIT_UNTIL (sillok_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL, 10000);
}

void
sillok_gui_test_end_after_file_chooser (void)
{
  if (!g_test_subprocess ())
    return;
  fflush (stdout);
  fflush (stderr);
  _exit (0);
}

void
sillok_gui_test_press (const char *keys)
{
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", keys, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

gpointer
sillok_gui_test_find_action_button (gpointer    root,
                                    const char *action)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = sillok_gui_test_find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
sillok_gui_test_scroll_to (gpointer widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  graphene_point_t point;

  if (scroller == NULL)
    g_error ("%s %p (%s) is in no scrolled window", G_OBJECT_TYPE_NAME (widget), widget,
             gtk_widget_get_parent (widget) != NULL ? G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)) : "no parent");
  gtk_test_widget_wait_for_draw (scroller);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adj, point.y - gtk_adjustment_get_page_size (adj) / 3);
  gtk_test_widget_wait_for_draw (widget);
}

void
sillok_gui_test_respond (AdwMessageDialog *dialog,
                         const char       *response)
{
  const char *label = adw_message_dialog_get_response_label (dialog, response);
  GtkWidget *button = NULL;

  g_assert_true (adw_message_dialog_has_response (dialog, response));
  button = find_labelled_button (GTK_WIDGET (dialog), label);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_object_ref (dialog);
  g_assert_true (gtk_widget_activate (button));
  SILLOK_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (dialog)), 5000);
  g_object_unref (dialog);
}

const SillokGuiVariant sillok_gui_test_variants[4] = {
  { "en", FALSE },
  { "en", TRUE },
  { "ko", FALSE },
  { "ko", TRUE },
};

void
sillok_gui_test_apply_variant (const SillokGuiVariant *variant)
{
  g_autoptr(GSettings) settings = g_settings_new (SILLOK_APP_ID);

  g_settings_set_string (settings, "language", variant->language);
  sillok_application_apply_language ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      variant->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

SillokWindow *
sillok_gui_test_open_variant (const SillokGuiVariant  *variant,
                              SillokApplication      **app_out,
                              char                   **path_out)
{
  SillokWindow *window;
  g_autofree char *key = NULL;

  sillok_gui_test_apply_variant (variant);
  window = sillok_gui_test_open (app_out, path_out);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  SILLOK_WAIT_UNTIL (sillok_record_list_model_get_counted (sillok_interviews_page_get_model (
                       sillok_gui_test_interviews (window))), 10000);
  return window;
}

void
sillok_gui_test_add_variants (const char    *prefix,
                              GTestDataFunc  func)
{
  for (guint i = 0; i < G_N_ELEMENTS (sillok_gui_test_variants); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s-%s", prefix, sillok_gui_test_variants[i].language,
                                               sillok_gui_test_variants[i].dark ? "dark" : "light");

      g_test_add_data_func (path, &sillok_gui_test_variants[i], func);
    }
}

void
sillok_gui_test_shoot (GtkWidget              *widget,
                       const char             *screen,
                       const SillokGuiVariant *variant)
{
  g_autofree char *name = g_strdup_printf ("%s-%s-%s", screen, variant->language, variant->dark ? "dark" : "light");

  gtk_test_widget_wait_for_draw (widget);
  sillok_gui_test_screenshot (widget, name);
}

void
sillok_gui_test_assert_language (GtkWidget              *widget,
                                 const SillokGuiVariant *variant,
                                 const char             *english)
{
  gboolean korean = g_str_equal (variant->language, "ko");

  if (sillok_gui_test_shows_text (widget, english) == korean)
    g_error ("“%s” is %s on the %s screen", english, korean ? "shown" : "missing", variant->language);
}
