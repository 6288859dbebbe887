/* test-verify.c: the Verify page with the vault's keys and without a vault: valid, altered and
 * forged bundles, cancelling, dropping a file, and the PDF and HTML reports
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok-gui-test-utils.h"
#include "sillok-setup-page.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"
#include "sillok-verify-fixture.h"
#include "sillok-verify-page-private.h"
#include "sillok-verify-tree.h"

static const char *
label (SillokVerifyPage *page,
       const char       *name)
{
  return sillok_gui_test_label (page, SILLOK_TYPE_VERIFY_PAGE, name);
}

/* Opens @path as choosing it does and waits for the verdict. */
static void
verify (SillokVerifyPage *page,
        const char       *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sillok_verify_page_open_file (page, file);
  g_assert_true (sillok_verify_page_get_busy (page));
  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "progress");
  SILLOK_WAIT_UNTIL (!sillok_verify_page_get_busy (page), 60000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (page));
}

/* The row of the tree whose node is titled @title, opened or not, or NULL. */
static SillokVerifyNode *
tree_node (SillokVerifyPage *page,
           const char       *title,
           guint            *position)
{
  GListModel *rows = G_LIST_MODEL (sillok_verify_page_get_tree (page));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(SillokVerifyNode) node = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (sillok_verify_node_get_title (node), title) == 0)
        {
          if (position != NULL)
            *position = i;
          return node;
        }
    }
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
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

/* The page's shortcut with trigger @accel, or NULL. */
static GtkShortcut *
find_shortcut (SillokVerifyPage *page,
               const char       *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      guint n = GTK_IS_SHORTCUT_CONTROLLER (controller) ? g_list_model_get_n_items (G_LIST_MODEL (controller)) : 0;

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, accel))
            return shortcut;
        }
    }
  g_error ("the Verify page has no shortcut %s", accel);
  return NULL;
}

/* The action the page's shortcut @accel runs. */
static const char *
shortcut_action (SillokVerifyPage *page,
                 const char       *accel)
{
  GtkShortcutAction *action = gtk_shortcut_get_action (find_shortcut (page, accel));

  g_assert_true (GTK_IS_NAMED_ACTION (action));
  return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
}

/* Presses @accel on @page, as far as GTK's shortcuts go: the page's
 * shortcut with that trigger runs its action. */
static void
press (SillokVerifyPage *page,
       const char       *accel)
{
  GtkShortcut *shortcut = find_shortcut (page, accel);

  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (page),
                                               gtk_shortcut_get_arguments (shortcut)));
}

static void
show_checks (SillokVerifyPage *page)
{
  gtk_stack_set_visible_child_name (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "result_stack"), "checks");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (page));
}

static void
assert_valid_trusted (SillokVerifyPage    *page,
                      SillokVerifyFixture *fx)
{
  g_autofree char *first = g_strdup_printf ("Record %s", fx->first);
  g_autofree char *last = g_strdup_printf ("Record %s", fx->last);
  GtkLabel *hash = sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "hash_label");

  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "result");
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Valid and Trusted");
  g_assert_null (label (page, "failure_label"));
  /* The bundle's hash as b2sum prints it, selectable to copy. */
  g_assert_cmpstr (gtk_label_get_label (hash), ==, fx->valid_b2);
  g_assert_true (gtk_label_get_selectable (hash));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (hash)));
  /* The exporter, trusted as this vault's own key. */
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), fx->key_id));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), "Trusted: " TEST_NAME ", this vault"));
  /* Both records in the tree, open and drawn. */
  show_checks (page);
  g_assert_nonnull (tree_node (page, first, NULL));
  g_assert_nonnull (tree_node (page, last, NULL));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), first));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), last));
}

static void
assert_changed (SillokVerifyPage    *page,
                SillokVerifyFixture *fx)
{
  SillokVerifyNode *node;
  guint position = 0;
  GtkListView *view = sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "checks_view");

  g_assert_cmpstr (label (page, "verdict_title"), ==, "Invalid Bundle");
  g_assert_nonnull (strstr (label (page, "failure_label"), "Failed check: File hashes (b2sums)"));
  g_assert_nonnull (strstr (label (page, "failure_label"), fx->changed_path));
  /* The failure is shown where it is, chosen in the tree. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE,
                                                                            "result_stack")), ==, "checks");
  node = tree_node (page, "File hashes", &position);
  g_assert_nonnull (node);
  g_assert_true (sillok_verify_node_is_failure (node));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (view))), ==,
                    position);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), "does not match its hash in B2SUMS"));
}

static void
assert_forged (SillokVerifyPage    *page,
               SillokVerifyFixture *fx)
{
  g_autofree char *record = g_strdup_printf ("Record: %s, version 1", fx->last);
  g_autofree char *first = g_strdup_printf ("Record %s", fx->first);
  GtkListView *view = sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "checks_view");
  SillokVerifyNode *node;
  guint position = 0;

  g_assert_cmpstr (label (page, "verdict_title"), ==, "Invalid Bundle");
  g_assert_nonnull (strstr (label (page, "failure_label"), "Failed check: Statement signature (statement-signature)"));
  g_assert_nonnull (strstr (label (page, "failure_label"), record));
  g_assert_nonnull (strstr (label (page, "failure_label"), "statement.json.minisig"));
  /* Opened down to the failing version's check, chosen and in view; the
   * other record stays closed (its statement passed, the rest waited). */
  node = tree_node (page, "Statement and signature", &position);
  g_assert_nonnull (node);
  g_assert_true (sillok_verify_node_is_failure (node));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (view))), ==,
                    position);
  g_assert_nonnull (tree_node (page, first, NULL));
  g_assert_cmpint (sillok_verify_node_get_status (tree_node (page, first, NULL)), ==,
                   SILLOK_VERIFY_STATUS_NOT_CHECKED);
  g_assert_cmpstr (sillok_verify_node_get_title (node), ==, "Statement and signature");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (page));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), "statement.json.minisig"));
}

static void
open_shell_verify (SillokWindow      *window,
                   SillokVerifyPage **page_out)
{
  SillokShell *shell = sillok_gui_test_page (window, "shell");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shell), "shell.show-page", "s", "verify"));
  g_assert_cmpstr (sillok_shell_get_page_name (shell), ==, "verify");
  *page_out = sillok_shell_get_verify_page (shell);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (*page_out));
}

static void
test_vault (void)
{
  g_autoptr(SillokVerifyFixture) fx = NULL;
  SillokApplication *app;
  SillokWindow *window;
  SillokVerifyPage *page;
  guint64 done, total;
  struct stat st;

  SILLOK_TEST_IN_SUBPROCESS (300);

  fx = sillok_verify_fixture_new (FALSE);
  window = sillok_gui_test_open_at (&app, fx->vault);
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");
  open_shell_verify (window, &page);
  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "start");
  /* The vault's key opens bundles: nothing to choose. */
  g_assert_true (gtk_widget_get_visible (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "vault_row")));
  g_assert_false (gtk_widget_get_visible (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "identity_row")));

  verify (page, fx->valid);
  assert_valid_trusted (page, fx);
  /* The progress covered the whole file. */
  g_assert_cmpint (g_stat (fx->valid, &st), ==, 0);
  sillok_verify_page_get_progress (page, &done, &total);
  g_assert_cmpuint (total, ==, (guint64) st.st_size);
  g_assert_cmpuint (done, ==, total);

  verify (page, fx->changed);
  assert_changed (page, fx);
  verify (page, fx->forged);
  assert_forged (page, fx);

  /* Locking forgets the bundle and what it showed. */
  verify (page, fx->valid);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (g_strcmp0 (sillok_window_get_page_name (window), "unlock") == 0, 20000);
  g_assert_null (sillok_verify_page_get_result (page));
  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "start");
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (page), fx->valid_b2));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (page), fx->first));

  sillok_gui_test_close (app, window, g_strdup (fx->vault));
}

/* Without a vault, from the first-run page: an identity file, trusted keys, a passphrase. */
static void
test_no_vault (void)
{
  g_autoptr(SillokVerifyFixture) fx = NULL;
  g_autoptr(GFile) identity = NULL;
  g_autoptr(GFile) trust = NULL;
  SillokApplication *app;
  SillokWindow *window;
  SillokVerifyPage *page;
  GtkEditable *passphrase;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (300);

  fx = sillok_verify_fixture_new (TRUE);
  identity = g_file_new_for_path (fx->identity);
  trust = g_file_new_for_path (fx->trust_dir);
  window = sillok_gui_test_open (&app, &path);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "setup");
  sillok_gui_test_click (sillok_gui_test_child (sillok_gui_test_page (window, "setup_page"), SILLOK_TYPE_SETUP_PAGE,
                                                "verify_button"));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "verify");
  page = sillok_gui_test_page (window, "verify_page");
  passphrase = sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "passphrase_entry");
  g_assert_false (gtk_widget_get_visible (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "vault_row")));
  g_assert_true (gtk_widget_get_visible (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "identity_row")));

  /* Ctrl+O asks for a bundle; cancelled, nothing happens. */
  press (page, "<Control>o");
  {
    GtkWindow *chooser;

    SILLOK_WAIT_UNTIL ((chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL, 10000);
    g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Open a Bundle to Verify");
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
    SILLOK_WAIT_UNTIL (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL, 10000);
    g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "start");
  }

  /* Nothing to open it with: said so, nothing runs. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (fx->valid);

    sillok_verify_page_open_file (page, file);
    g_assert_false (sillok_verify_page_get_busy (page));
    g_assert_nonnull (strstr (label (page, "start_error_label"), "age identity file"));
  }

  /* The identity file opens it; no key is trusted yet, and the banner names the exporter's. */
  sillok_verify_page_set_identity_file (page, identity);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), "legal-team.agekey"));
  verify (page, fx->valid);
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Valid, but Signed by an Untrusted Key");
  g_assert_nonnull (strstr (label (page, "verdict_description"), fx->key_id));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), "Not Trusted"));

  /* With the folder of trusted keys. */
  sillok_verify_page_set_trust_dir (page, trust);
  verify (page, fx->valid);
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Valid and Trusted");
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), fx->key_id));

  /* A bundle under a passphrase: a wrong one fails at the recipient check, the right one opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "verify.clear-identity", NULL));
  gtk_editable_set_text (passphrase, "not the bundle passphrase");
  verify (page, fx->passphrase);
  g_assert_cmpstr (gtk_editable_get_text (passphrase), ==, "");
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Invalid Bundle");
  g_assert_nonnull (strstr (label (page, "failure_label"), "Recipient (age-recipient)"));
  g_assert_nonnull (strstr (label (page, "verdict_description"), "passphrase does not open this bundle"));
  gtk_editable_set_text (passphrase, VERIFY_BUNDLE_PASSPHRASE);
  verify (page, fx->passphrase);
  g_assert_cmpstr (gtk_editable_get_text (passphrase), ==, "");
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Valid and Trusted");
  /* The passphrase is kept, in guarded memory, for the next bundle. */
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), "Kept in protected memory"));
  verify (page, fx->passphrase);
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Valid and Trusted");

  /* Back to the first run: the keys given and the report are forgotten. */
  sillok_verify_page_set_identity_file (page, identity);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), fx->trust_dir));
  sillok_gui_test_click (sillok_gui_test_child (window, SILLOK_TYPE_WINDOW, "verify_back_button"));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "setup");
  g_assert_null (sillok_verify_page_get_result (page));
  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "start");
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (page), "legal-team.agekey"));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (page), fx->trust_dir));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (page), "Kept in protected memory"));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (page), fx->valid_b2));

  sillok_gui_test_close (app, window, path);
}

static gboolean
drop_file (SillokVerifyPage *page,
           const char       *path)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_DROP_TARGET (controller))
        continue;
      g_value_init (&value, GDK_TYPE_FILE_LIST);
      g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
      g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &handled);
      g_value_unset (&value);
      return handled;
    }
  g_error ("the Verify page takes no drops");
  return FALSE;
}

/* From the unlock page, without unlocking: a dropped bundle, and one cancelled halfway. */
static void
test_unlock_drop_cancel (void)
{
  g_autoptr(SillokVerifyFixture) fx = NULL;
  g_autoptr(GFile) identity = NULL;
  g_autoptr(GFile) fifo_file = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *bundle = NULL;
  SillokApplication *app;
  SillokWindow *window;
  SillokVerifyPage *page;
  gsize len;
  int fd;

  SILLOK_TEST_IN_SUBPROCESS (300);

  fx = sillok_verify_fixture_new (FALSE);
  identity = g_file_new_for_path (fx->identity);
  window = sillok_gui_test_open_at (&app, fx->vault);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  sillok_gui_test_click (sillok_gui_test_child (sillok_gui_test_page (window, "unlock_page"),
                                                SILLOK_TYPE_UNLOCK_PAGE, "verify_button"));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "verify");
  page = sillok_gui_test_page (window, "verify_page");
  sillok_verify_page_set_identity_file (page, identity);

  /* Dropped on the page. */
  g_assert_true (drop_file (page, fx->changed));
  SILLOK_WAIT_UNTIL (!sillok_verify_page_get_busy (page), 60000);
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Invalid Bundle");
  g_assert_nonnull (strstr (label (page, "failure_label"), fx->changed_path));

  /* A bundle that arrives slowly: cancelled while it is read, and its late answer dropped. */
  fifo = g_build_filename (fx->dir, "slow.sillok", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  fd = open (fifo, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_get_contents (fx->valid, &bundle, &len, NULL));
  g_assert_cmpint (write (fd, bundle, 200), ==, 200);
  fifo_file = g_file_new_for_path (fifo);
  sillok_verify_page_open_file (page, fifo_file);
  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "progress");
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (page), "slow.sillok"));
  sillok_gui_test_spin (300);
  g_assert_true (sillok_verify_page_get_busy (page));
  press (page, "Escape");
  g_assert_false (sillok_verify_page_get_busy (page));
  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "start");
  g_assert_null (sillok_verify_page_get_result (page));
  g_assert_cmpint (write (fd, bundle + 200, len - 200), ==, (gssize) (len - 200));
  close (fd);
  sillok_gui_test_spin (500);
  g_assert_cmpstr (sillok_verify_page_get_view (page), ==, "start");
  g_assert_null (sillok_verify_page_get_result (page));

  /* Another bundle right after. */
  g_assert_true (drop_file (page, fx->valid));
  SILLOK_WAIT_UNTIL (!sillok_verify_page_get_busy (page), 60000);
  g_assert_cmpstr (label (page, "verdict_title"), ==, "Valid, but Signed by an Untrusted Key");

  /* Back (Alt+Left) to the unlock page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-verify", NULL));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
  g_assert_null (sillok_verify_page_get_result (page));
  sillok_gui_test_close (app, window, g_strdup (fx->vault));
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
save (SillokVerifyPage *page,
      const char       *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sillok_verify_page_save_report (page, file);
  g_assert_true (sillok_verify_page_get_saving (page));
  SILLOK_WAIT_UNTIL (!sillok_verify_page_get_saving (page), 60000);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* Save Report… as far as the user goes once the chooser answers: the name
 * @name in the bundle's folder, and the type (HTML or PDF) chosen.  GTK's
 * own file chooser is left out: under AddressSanitizer it leaks what it
 * enumerated of the folder. */
static void
choose_report_file (SillokVerifyPage *page,
                    const char       *dir,
                    const char       *name,
                    gboolean          html)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sillok_verify_page_report_chosen (page, file, html);
}

static void
answer_replace (SillokWindow *window,
                const char   *response)
{
  GtkWindow *dialog;

  SILLOK_WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 10000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Replace “court.pdf”?");
  /* As its button does: answer, then close. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
  SILLOK_WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 10000);
}

/* Save Report writes a PDF that pdftotext reads back, and HTML. */
static void
test_report (void)
{
  g_autoptr(SillokVerifyFixture) fx = NULL;
  g_autoptr(GFile) identity = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *failed_pdf = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *failed_text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *court = NULL;
  g_autofree char *court_html = NULL;
  g_autofree char *court_pdf = NULL;
  SillokApplication *app;
  SillokWindow *window;
  SillokVerifyPage *page;
  char *path;

  if (!g_test_subprocess ())
    {
      g_autofree char *tool = g_find_program_in_path ("pdftotext");

      if (tool == NULL)
        {
          g_test_skip ("pdftotext is not installed");
          return;
        }
    }
  SILLOK_TEST_IN_SUBPROCESS (300);

  fx = sillok_verify_fixture_new (FALSE);
  identity = g_file_new_for_path (fx->identity);
  pdf = g_build_filename (fx->dir, "report.pdf", NULL);
  failed_pdf = g_build_filename (fx->dir, "failed.pdf", NULL);
  html_path = g_build_filename (fx->dir, "report.html", NULL);
  court_html = g_build_filename (fx->dir, "court.html", NULL);
  court_pdf = g_build_filename (fx->dir, "court.pdf", NULL);
  window = sillok_gui_test_open (&app, &path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.verify-bundle", NULL));
  page = sillok_gui_test_page (window, "verify_page");
  /* Nothing to save before a bundle was verified. */
  g_assert_false (gtk_widget_get_sensitive (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "save_button")));
  sillok_verify_page_set_identity_file (page, identity);

  verify (page, fx->valid);
  save (page, pdf);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), "The report was saved as report.pdf"));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "VALID"));
  g_assert_nonnull (strstr (text, "interviews.sillok"));
  g_assert_nonnull (strstr (text, fx->key_id));
  save (page, html_path);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (html, "<?xml") || g_str_has_prefix (html, "<!DOCTYPE"));
  g_assert_nonnull (strstr (html, "VALID"));
  g_assert_nonnull (strstr (html, fx->valid_b2));

  g_assert_cmpstr (shortcut_action (page, "<Control>s"), ==, "verify.save-report");
  /* A name typed without a suffix gets the chosen type's, and a file that
   * name already names is replaced only when asked. */
  choose_report_file (page, fx->dir, "court", TRUE);
  SILLOK_WAIT_UNTIL (!sillok_verify_page_get_saving (page), 60000);
  g_assert_true (g_file_get_contents (court_html, &court, NULL, NULL));
  g_assert_nonnull (strstr (court, fx->valid_b2));
  g_assert_true (g_file_set_contents (court_pdf, "kept", -1, NULL));
  choose_report_file (page, fx->dir, "court", FALSE);
  answer_replace (window, "cancel");
  g_clear_pointer (&court, g_free);
  g_assert_true (g_file_get_contents (court_pdf, &court, NULL, NULL));
  g_assert_cmpstr (court, ==, "kept");
  choose_report_file (page, fx->dir, "court", FALSE);
  answer_replace (window, "replace");
  SILLOK_WAIT_UNTIL (!sillok_verify_page_get_saving (page), 60000);
  g_clear_pointer (&court, g_free);
  g_assert_true (g_file_get_contents (court_pdf, &court, NULL, NULL));
  g_assert_true (g_str_has_prefix (court, "%PDF-"));

  verify (page, fx->forged);
  save (page, failed_pdf);
  failed_text = pdf_text (failed_pdf);
  g_assert_nonnull (strstr (failed_text, "FAILED"));
  g_assert_nonnull (strstr (failed_text, "statement-signature"));

  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/verify/vault", test_vault);
  g_test_add_func ("/verify/no-vault", test_no_vault);
  g_test_add_func ("/verify/unlock-drop-cancel", test_unlock_drop_cancel);
  g_test_add_func ("/verify/report", test_report);
  return g_test_run ();
}
