/* test-export.c: exporting sealed interviews as an interviewer does it, and
 * the bundle checked afterwards by sillok-cli verify and b2sum
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok/sillok-recipients.h"
#include "sillok-export-dialog.h"
#include "sillok-fs.h"
#include "sillok-gui-test-utils.h"
#include "sillok-shell.h"

#define REASON "the tribunal asked for every testimony about this mine"

/* Three witnesses alike in every generalized detail (k = 3). */
static const char *const alike[] = {
  "consent.given=true", "consent.share_coordinators=true", "interview.date=2026-03", "interviewee.sex=male",
  "interviewee.birth_date=1978", "interviewee.home_province=north-hamgyong", "episodes[0].site=musan-mine",
  "interviewee.name=박영철", NULL
};

typedef struct
{
  SillokApplication *app;
  SillokWindow      *window;
  char              *vault;
  char              *dir;
  char              *identity_file;
  char              *recipient;
} Fixture;

static void
fixture_open (Fixture *f)
{
  g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_generate ();
  g_autoptr(SillokSecret) encoded = sillok_age_identity_encode (identity);
  g_autofree char *text = g_strdup_printf ("%s\n", sillok_secret_get_string (encoded));
  g_autofree char *key = NULL;
  SillokAgeRecipient recipient;

  f->window = sillok_gui_test_open (&f->app, &f->vault);
  f->dir = g_path_get_dirname (f->vault);
  key = sillok_gui_test_create_vault (f->window);
  sillok_gui_test_confirm_recovery_key (f->window);
  /* The coordinator's key, as age-keygen would write it. */
  sillok_age_identity_get_recipient (identity, &recipient);
  f->recipient = sillok_age_recipient_encode (&recipient);
  f->identity_file = g_build_filename (f->dir, "coordinator.key", NULL);
  g_assert_true (g_file_set_contents_full (f->identity_file, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

static void
fixture_close (Fixture *f)
{
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (f->window)), 20000);
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (f->app);
  sillok_fs_remove_tree (f->dir, NULL);
  g_free (f->vault);
  g_free (f->dir);
  g_free (f->identity_file);
  g_free (f->recipient);
}

static SillokInterviewsPage *
interviews (Fixture *f)
{
  return sillok_gui_test_interviews (f->window);
}

static void
add_vault_recipient (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (f->window)), 20000);
  g_assert_true (sillok_recipients_add (sillok_session_get_vault (sillok_window_get_session (f->window)),
                                        "Seoul coordinator", f->recipient, &error));
  g_assert_no_error (error);
}

/* A click on the row in selection mode. */
static void
click_row (Fixture    *f,
           const char *uuid)
{
  GtkListView *list = sillok_gui_test_child (interviews (f), SILLOK_TYPE_INTERVIEWS_PAGE, "list_view");

  g_assert_true (gtk_list_view_get_single_click_activate (list));
  g_signal_emit_by_name (list, "activate", sillok_gui_test_find_row (f->window, uuid));
}

static guint
n_chosen (Fixture *f)
{
  g_auto(GStrv) chosen = sillok_interviews_page_get_chosen (interviews (f));

  return g_strv_length (chosen);
}

/* Ticks @uuids in the list and opens the export dialog with Ctrl+E's action. */
static SillokExportDialog *
choose_and_export (Fixture           *f,
                   const char *const *uuids)
{
  SillokExportDialog *dialog;

  sillok_interviews_page_refresh (interviews (f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  /* Nothing ticked yet: selection mode, asking for some. */
  g_assert_true (sillok_interviews_page_get_selection_mode (interviews (f)));
  g_assert_null (sillok_interviews_page_get_export_dialog (interviews (f)));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (interviews (f)), "Choose the sealed interviews to export"));
  for (guint i = 0; uuids[i] != NULL; i++)
    click_row (f, uuids[i]);
  g_assert_cmpuint (n_chosen (f), ==, g_strv_length ((GStrv) uuids));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  dialog = sillok_interviews_page_get_export_dialog (interviews (f));
  g_assert_nonnull (dialog);
  SILLOK_WAIT_UNTIL (sillok_export_dialog_get_recipients_loaded (dialog), 20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static gpointer
child (SillokExportDialog *dialog,
       const char         *name)
{
  return sillok_gui_test_child (dialog, SILLOK_TYPE_EXPORT_DIALOG, name);
}

/* The first row of the recipients, once the list is read again. */
static gboolean
first_recipient_is (SillokExportDialog *dialog,
                    const char         *name)
{
  GtkWidget *row = gtk_widget_get_first_child (child (dialog, "recipients_list"));

  return ADW_IS_ACTION_ROW (row) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0;
}

static void
review (SillokExportDialog *dialog)
{
  sillok_gui_test_click (child (dialog, "review_button"));
  SILLOK_WAIT_UNTIL (!g_str_equal (sillok_export_dialog_get_page (dialog), "planning"), 20000);
}

static void
export_now (SillokExportDialog *dialog)
{
  sillok_gui_test_click (child (dialog, "export_button"));
  SILLOK_WAIT_UNTIL (!g_str_equal (sillok_export_dialog_get_page (dialog), "writing"), 60000);
}

static gboolean
error_says (SillokExportDialog *dialog,
            const char         *words)
{
  const char *error = sillok_export_dialog_get_error (dialog);

  g_test_message ("the dialog says: %s", error != NULL ? error : "(nothing)");
  return error != NULL && strstr (error, words) != NULL;
}

static gboolean
has_file_named (const char *dir,
                const char *prefix)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;
  return FALSE;
}

static int
run (const char *const *argv,
     char             **out)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* sillok-cli verify with the coordinator's identity and no vault; returns
 * its JSON report. */
static char *
verify (Fixture    *f,
        const char *bundle)
{
  g_autofree char *nowhere = g_build_filename (f->dir, "no-vault", NULL);
  const char *argv[] = { g_getenv ("SILLOK_CLI"), "--vault", nowhere, "verify", bundle, "--identity",
                         f->identity_file, "--json", NULL };
  char *out = NULL;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (run (argv, &out), ==, 0);
  return out;
}

static gboolean
shortcut_listed (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *name = NULL;

      g_object_get (widget, "action-name", &name, NULL);
      if (g_strcmp0 (name, action) == 0)
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shortcut_listed (c, action))
      return TRUE;
  return FALSE;
}

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(char **) user_data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
}

static void
test_flow (void)
{
  Fixture f = { 0 };
  SillokExportDialog *dialog;
  g_autofree char *chosen_name = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *b2sum_out = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *report = NULL;
  g_autofree char *part = NULL;
  g_autofree char *b2 = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(GStrv) accels = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *draft = NULL;
  const char *b2sum_argv[3] = { "b2sum", NULL, NULL };
  SillokExportReport *result;

  SILLOK_TEST_IN_SUBPROCESS (300);

  fixture_open (&f);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, alike, TRUE));
  g_ptr_array_add (uuids, NULL);
  draft = sillok_gui_test_add_record (f.window, alike, FALSE);

  /* The action has its shortcut, and the shortcuts window lists it. */
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f.app), "win.export");
  g_assert_cmpstr (accels[0], ==, "<Control>e");
  g_assert_true (shortcut_listed (GTK_WIDGET (gtk_application_window_get_help_overlay (
                                    GTK_APPLICATION_WINDOW (f.window))), "win.export"));

  sillok_interviews_page_refresh (interviews (&f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.export", NULL));
  /* A draft cannot be ticked, and the list says why. */
  click_row (&f, draft);
  g_assert_cmpuint (n_chosen (&f), ==, 0);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (interviews (&f)), "is a draft: seal it before exporting it"));
  sillok_interviews_page_set_selection_mode (interviews (&f), FALSE);

  dialog = choose_and_export (&f, (const char *const *) uuids->pdata);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (dialog), "3 interviews"));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (dialog), "No recipients in this vault yet"));

  /* Nobody to encrypt to: said in the dialog, the selection kept. */
  review (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "options");
  g_assert_true (error_says (dialog, "Nobody could open this bundle"));
  g_assert_cmpuint (n_chosen (&f), ==, 3);

  /* A coordinator's key added from the dialog, ticked at once. */
  gtk_editable_set_text (child (dialog, "recipient_name_entry"), "Seoul coordinator");
  gtk_editable_set_text (child (dialog, "recipient_key_entry"), "age1notakey");
  sillok_gui_test_click (child (dialog, "add_recipient_button"));
  SILLOK_WAIT_UNTIL (sillok_export_dialog_get_error (dialog) != NULL
                     && !error_says (dialog, "Nobody could open"), 20000);
  gtk_editable_set_text (child (dialog, "recipient_key_entry"), f.recipient);
  sillok_gui_test_click (child (dialog, "add_recipient_button"));
  SILLOK_WAIT_UNTIL (first_recipient_is (dialog, "Seoul coordinator"), 20000);
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "recipient_key_entry")), ==, "");
  g_assert_true (sillok_gui_test_shows_text (child (dialog, "recipients_list"), f.recipient));
  g_assert_false (sillok_gui_test_shows_text (child (dialog, "recipients_list"), "No recipients"));

  review (dialog);
  g_assert_true (error_says (dialog, "Choose where to save the bundle"));

  /* Choose… suggests a dated name.  (The chooser itself is not opened:
   * GTK's file chooser leaves leaks of its own for LeakSanitizer.) */
  suggested = sillok_export_suggested_name (now);
  chosen_name = sillok_export_dialog_suggest_name (dialog);
  g_assert_cmpstr (chosen_name, ==, suggested);
  g_assert_true (g_str_has_prefix (suggested, "sillok-") && g_str_has_suffix (suggested, ".sillok"));
  bundle = g_build_filename (f.dir, suggested, NULL);
  sillok_export_dialog_set_destination (dialog, bundle);
  g_free (chosen_name);
  chosen_name = sillok_export_dialog_suggest_name (dialog);
  g_assert_cmpstr (chosen_name, ==, suggested);

  review (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_null (sillok_export_dialog_get_error (dialog));
  g_assert_cmpuint (sillok_export_dialog_get_review (dialog)->report->records->len, ==, 3);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "count_row")), ==, "3");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "versions_row")), ==, "3");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "openers_row")), ==, "Seoul coordinator");
  g_assert_true (sillok_gui_test_shows_text (child (dialog, "k_row"), "3 — at least 3 needed"));
  g_assert_false (gtk_widget_get_visible (child (dialog, "reason_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "left_out_group")));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (dialog), "박영철"));

  export_now (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "done");
  result = sillok_export_dialog_get_result (dialog);
  g_assert_nonnull (result);
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));
  part = g_strconcat (bundle, ".part", NULL);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  /* The fingerprint shown is the file's, as b2sum reads it. */
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "hash_label")), ==, result->b2);
  g_assert_true (gtk_label_get_selectable (child (dialog, "hash_label")));
  b2sum_argv[1] = bundle;
  g_assert_cmpint (run (b2sum_argv, &b2sum_out), ==, 0);
  g_assert_cmpint (strlen (b2sum_out), >, 128);
  b2sum_out[128] = '\0';
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "hash_label")), ==, b2sum_out);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (dialog), suggested));
  /* Done: out of selection mode. */
  g_assert_false (sillok_interviews_page_get_selection_mode (interviews (&f)));

  sillok_gui_test_click (child (dialog, "copy_button"));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL, clipboard_read, &copied);
  SILLOK_WAIT_UNTIL (copied != NULL, 5000);
  g_assert_cmpstr (copied, ==, result->b2);
  b2 = g_strdup (result->b2);

  /* The button goes with the dialog it closes. */
  {
    g_autoptr(GtkWidget) close = g_object_ref (child (dialog, "close_button"));

    sillok_gui_test_click (close);
  }
  SILLOK_WAIT_UNTIL (sillok_interviews_page_get_export_dialog (interviews (&f)) == NULL, 5000);

  report = verify (&f, bundle);
  g_assert_nonnull (strstr (report, b2));
  g_assert_null (strstr (report, "박영철"));
  fixture_close (&f);
}

/* Errors in plain words, and the selection never lost. */
static void
test_errors (void)
{
  Fixture f = { 0 };
  SillokExportDialog *dialog;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *taken = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *unwritable = NULL;

  SILLOK_TEST_IN_SUBPROCESS (300);

  fixture_open (&f);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, alike, TRUE));
  g_ptr_array_add (uuids, NULL);
  add_vault_recipient (&f);
  dialog = choose_and_export (&f, (const char *const *) uuids->pdata);

  /* A passphrase typed twice, differently: refused, and out of the fields. */
  gtk_check_button_set_active (child (dialog, "passphrase_check"), TRUE);
  g_assert_true (gtk_widget_get_visible (child (dialog, "passphrase_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "recipients_group")));
  gtk_editable_set_text (child (dialog, "passphrase_entry"), "강물 위의 등불 조용히");
  gtk_editable_set_text (child (dialog, "again_entry"), "강물 위의 등불 조용이");
  review (dialog);
  g_assert_true (error_says (dialog, "The two passphrases are not the same"));
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "passphrase_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "again_entry")), ==, "");

  /* A name already taken. */
  gtk_editable_set_text (child (dialog, "passphrase_entry"), "강물 위의 등불 조용히");
  gtk_editable_set_text (child (dialog, "again_entry"), "강물 위의 등불 조용히");
  taken = g_build_filename (f.dir, "taken.sillok", NULL);
  g_assert_true (g_file_set_contents (taken, "not a bundle", -1, NULL));
  sillok_export_dialog_set_destination (dialog, taken);
  review (dialog);
  g_assert_true (error_says (dialog, "A file of that name is already there"));
  g_assert_cmpuint (n_chosen (&f), ==, 3);

  /* A place that cannot be written: the core's failure, in plain words. */
  if (g_file_test ("/sys", G_FILE_TEST_IS_DIR))
    {
      unwritable = g_build_filename ("/sys", "sillok-export-test.sillok", NULL);
      sillok_export_dialog_set_destination (dialog, unwritable);
      review (dialog);
      g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
      g_assert_true (sillok_gui_test_shows_text (child (dialog, "openers_row"), "Anyone who knows the passphrase"));
      export_now (dialog);
      g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
      /* Whatever the kernel says (EACCES, EROFS), in words and with details. */
      g_assert_true (error_says (dialog, "No file was left behind") || error_says (dialog, "cannot be written"));
      g_assert_true (gtk_widget_get_visible (child (dialog, "details_label")));
      g_assert_false (g_file_test (unwritable, G_FILE_TEST_EXISTS));
      g_assert_true (sillok_interviews_page_get_selection_mode (interviews (&f)));
      g_assert_cmpuint (n_chosen (&f), ==, 3);
      sillok_gui_test_click (child (dialog, "back_button"));
      g_assert_null (sillok_export_dialog_get_error (dialog));
    }

  /* The disk full halfway through (with failpoints compiled in). */
  bundle = g_build_filename (f.dir, "bundle.sillok", NULL);
  sillok_export_dialog_set_destination (dialog, bundle);
  review (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") == 0)
    {
      g_setenv ("SILLOK_FAILPOINTS", "bundle-write=enospc", TRUE);
      export_now (dialog);
      g_unsetenv ("SILLOK_FAILPOINTS");
      g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
      g_assert_true (error_says (dialog, "The disk is full"));
      g_assert_false (has_file_named (f.dir, "bundle.sillok"));
      g_assert_cmpuint (n_chosen (&f), ==, 3);
    }
  else
    g_test_message ("failpoints are not compiled in: the full disk is not simulated");

  /* The same dialog, once the problem is gone, writes the bundle. */
  export_now (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "done");
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));
  gtk_window_close (GTK_WINDOW (dialog));

  /* Locking forgets the dialog and what was ticked. */
  dialog = choose_and_export (&f, (const char *const *) uuids->pdata);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_window_get_page_name (f.window), "unlock"), 20000);
  g_assert_null (sillok_interviews_page_get_export_dialog (interviews (&f)));
  g_assert_cmpuint (n_chosen (&f), ==, 0);
  g_assert_false (sillok_interviews_page_get_selection_mode (interviews (&f)));
  fixture_close (&f);
}

/* Below the k-anonymity threshold, nothing is written until a reason is
 * given; the reason travels in the bundle.  Consent leaves a record out,
 * named by its list title. */
static void
test_k_anonymity (void)
{
  Fixture f = { 0 };
  SillokExportDialog *dialog;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bundle = NULL;
  g_autofree char *report = NULL;
  const char *one[] = { "consent.given=true", "consent.share_coordinators=true", "interview.date=2025-11",
                        "episodes[0].site=musan-mine", NULL };
  const char *two[] = { "consent.given=true", "consent.share_coordinators=true", "interview.date=2026-01",
                        "episodes[0].site=kwanliso-15-yodok", NULL };
  const char *three[] = { "consent.given=true", "consent.share_coordinators=true", "interview.date=2026-02",
                          "interviewee.sex=female", NULL };
  const char *refused[] = { "consent.given=true", "consent.share_coordinators=false", "interview.date=2026-02",
                            "interviewee.name=이영희", "episodes[0].site=komdok-mine", NULL };
  GtkWidget *left_out_row;

  SILLOK_TEST_IN_SUBPROCESS (300);

  fixture_open (&f);
  g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, one, TRUE));
  g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, two, TRUE));
  g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, three, TRUE));
  g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, refused, TRUE));
  g_ptr_array_add (uuids, NULL);
  add_vault_recipient (&f);
  dialog = choose_and_export (&f, (const char *const *) uuids->pdata);
  bundle = g_build_filename (f.dir, "below.sillok", NULL);
  sillok_export_dialog_set_destination (dialog, bundle);
  review (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_cmpuint (sillok_export_dialog_get_review (dialog)->report->k_min, ==, 1);
  g_assert_true (sillok_gui_test_shows_text (child (dialog, "k_row"), "1 — at least 3 needed"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "reason_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "count_row")), ==, "3");

  /* The record consent keeps back, by its title and not its witness. */
  g_assert_true (gtk_widget_get_visible (child (dialog, "left_out_group")));
  left_out_row = gtk_widget_get_first_child (child (dialog, "left_out_list"));
  g_assert_nonnull (left_out_row);
  g_assert_null (gtk_widget_get_next_sibling (left_out_row));
  g_test_message ("left out: %s — %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (left_out_row)),
                  adw_action_row_get_subtitle (ADW_ACTION_ROW (left_out_row)));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (left_out_row)), "Komdok"));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (dialog), "이영희"));

  /* No reason: blocked, said so, nothing written. */
  export_now (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_true (error_says (dialog, "Say why they must be exported anyway"));
  g_assert_false (has_file_named (f.dir, "below.sillok"));
  gtk_editable_set_text (child (dialog, "reason_row"), "   ");
  export_now (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_false (has_file_named (f.dir, "below.sillok"));

  gtk_editable_set_text (child (dialog, "reason_row"), REASON);
  g_assert_null (sillok_export_dialog_get_error (dialog));
  export_now (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "done");
  g_assert_cmpstr (sillok_export_dialog_get_result (dialog)->override, ==, REASON);
  gtk_window_close (GTK_WINDOW (dialog));

  report = verify (&f, bundle);
  g_assert_nonnull (strstr (report, REASON));
  fixture_close (&f);
}

/* The legal profile, chosen in the dialog: a warning, the record whose
 * witness did not agree left out, and a bundle with the legal values. */
static void
test_legal (void)
{
  Fixture f = { 0 };
  SillokExportDialog *dialog;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bundle = NULL;
  g_autofree char *report = NULL;
  const char *agreed[] = { "consent.given=true", "consent.share_coordinators=true", "consent.share_legal=true",
                           "interview.date=2026-02", "interviewee.name=박정호", "perpetrators[0].name=리철호",
                           "episodes[0].site=musan-mine", NULL };
  const char *declined[] = { "consent.given=true", "consent.share_coordinators=true", "consent.share_legal=false",
                             "interview.date=2026-02", "episodes[0].site=komdok-mine", NULL };
  GtkWidget *legal, *left_out_row;

  SILLOK_TEST_IN_SUBPROCESS (300);

  fixture_open (&f);
  g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, agreed, TRUE));
  g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, declined, TRUE));
  g_ptr_array_add (uuids, NULL);
  add_vault_recipient (&f);
  dialog = choose_and_export (&f, (const char *const *) uuids->pdata);
  legal = child (dialog, "legal_check");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (legal)));
  g_assert_false (gtk_widget_get_visible (child (dialog, "legal_warning")));
  gtk_widget_activate (legal);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (legal)));
  g_assert_true (gtk_widget_get_visible (child (dialog, "legal_warning")));

  bundle = g_build_filename (f.dir, "legal.sillok", NULL);
  sillok_export_dialog_set_destination (dialog, bundle);
  review (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "count_row")), ==, "1");
  g_assert_true (gtk_widget_get_visible (child (dialog, "left_out_group")));
  left_out_row = gtk_widget_get_first_child (child (dialog, "left_out_list"));
  g_assert_nonnull (left_out_row);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (left_out_row)), "Komdok"));
  if (gtk_widget_get_visible (child (dialog, "reason_row")))
    gtk_editable_set_text (child (dialog, "reason_row"), REASON);
  export_now (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "done");
  gtk_window_close (GTK_WINDOW (dialog));

  report = verify (&f, bundle);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "\"profile\":\"legal\""));
  g_assert_nonnull (strstr (report, uuids->pdata[0]));
  g_assert_null (strstr (report, uuids->pdata[1]));
  /* The names of what was carried: the perpetrator's name, which only a
   * legal bundle has, and the interviewee's. */
  g_assert_nonnull (strstr (report, "\"perpetrators[0].name\""));
  g_assert_nonnull (strstr (report, "\"interviewee.name\""));
  fixture_close (&f);
}

typedef struct
{
  GtkWidget *cancel_button;
  double     fraction;
  gboolean   close;
} Canceller;

/* Cancels the moment the first bytes are reported, as a hand on the
 * button would, only sooner. */
static void
cancel_at_first_progress (GtkProgressBar *bar,
                          GParamSpec     *pspec,
                          Canceller      *c)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (c->fraction > 0 || fraction <= 0)
    return;
  c->fraction = fraction;
  if (c->close)
    gtk_window_close (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (bar))));
  else
    g_signal_emit_by_name (c->cancel_button, "clicked");
}

/* 128 blocks of the bundle, each written 10 ms late. */
#define CANCEL_BYTES (8 * 1024 * 1024)

static void
test_cancel (void)
{
  Fixture f = { 0 };
  SillokExportDialog *dialog;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bundle = NULL;
  g_autofree char *big = NULL;
  g_autofree guint8 *bytes = g_malloc (CANCEL_BYTES);
  g_autoptr(GError) error = NULL;
  Canceller c = { NULL, 0, FALSE };
  SillokSession *session;
  gulong handler;

  /* A fast machine writes a whole bundle before the window sees its
   * first progress: the bundle is written through a slow disk here. */
  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") != 0)
    {
      g_test_skip ("failpoints are not compiled in: the export cannot be slowed down to cancel it halfway");
      return;
    }
  SILLOK_TEST_IN_SUBPROCESS (300);

  g_setenv ("SILLOK_FAILPOINTS", "bundle-write=slow", TRUE);
  fixture_open (&f);
  session = sillok_window_get_session (f.window);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (uuids, sillok_gui_test_add_record (f.window, alike, i > 0));
  g_ptr_array_add (uuids, NULL);
  /* A long recording, so that there is a middle to stop in. */
  randombytes_buf (bytes, CANCEL_BYTES);
  big = g_build_filename (f.dir, "recording.bin", NULL);
  g_assert_true (g_file_set_contents (big, (const char *) bytes, CANCEL_BYTES, NULL));
  {
    g_autoptr(GFile) file = g_file_new_for_path (big);
    g_autoptr(GInputStream) input = G_INPUT_STREAM (g_file_read (file, NULL, &error));

    g_assert_no_error (error);
    g_assert_true (sillok_record_attach (sillok_session_get_vault (session), uuids->pdata[0], input, "recording.bin",
                                         "application/octet-stream", "open", NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (sillok_record_seal (sillok_session_get_vault (session), uuids->pdata[0], &error));
    g_assert_no_error (error);
  }
  add_vault_recipient (&f);
  dialog = choose_and_export (&f, (const char *const *) uuids->pdata);
  bundle = g_build_filename (f.dir, "cancelled.sillok", NULL);
  sillok_export_dialog_set_destination (dialog, bundle);
  review (dialog);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");

  c.cancel_button = child (dialog, "cancel_button");
  handler = g_signal_connect (child (dialog, "progress_bar"), "notify::fraction",
                              G_CALLBACK (cancel_at_first_progress), &c);
  export_now (dialog);
  g_signal_handler_disconnect (child (dialog, "progress_bar"), handler);
  g_test_message ("cancelled at %.4f", c.fraction);
  g_assert_cmpfloat (c.fraction, >, 0);
  g_assert_cmpfloat (c.fraction, <, 1);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_true (error_says (dialog, "The export was cancelled. No file was written."));
  g_assert_false (has_file_named (f.dir, "cancelled.sillok"));
  g_assert_cmpuint (n_chosen (&f), ==, 3);

  /* Closing the dialog halfway cancels as well. */
  c.fraction = 0;
  c.close = TRUE;
  g_signal_connect (child (dialog, "progress_bar"), "notify::fraction", G_CALLBACK (cancel_at_first_progress), &c);
  sillok_gui_test_click (child (dialog, "export_button"));
  SILLOK_WAIT_UNTIL (sillok_interviews_page_get_export_dialog (interviews (&f)) == NULL, 60000);
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 60000);
  g_assert_cmpfloat (c.fraction, >, 0);
  g_assert_cmpfloat (c.fraction, <, 1);
  g_assert_false (has_file_named (f.dir, "cancelled.sillok"));
  fixture_close (&f);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/export/flow", test_flow);
  g_test_add_func ("/export/errors", test_errors);
  g_test_add_func ("/export/k-anonymity", test_k_anonymity);
  g_test_add_func ("/export/legal", test_legal);
  g_test_add_func ("/export/cancel", test_cancel);
  return g_test_run ();
}
