/* test-flow.c: an interview from start to amendment, as an interviewer
 * records it, and the vault checked afterwards by sillok-cli and minisign
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok-field-widgets.h"
#include "sillok-fs.h"
#include "sillok-gui-test-utils.h"
#include "sillok-seal-dialog.h"
#include "sillok-export-dialog.h"
#include "sillok-interviews-page.h"
#include "sillok-settings-page-private.h"
#include "sillok-shell.h"
#include "sillok/sillok-age.h"

#define NARRATIVE "김철수는 무산 광산에서 매일 열네 시간 일했다. 감독관 박영호가 때렸다."

static gboolean
dialog_shows (SillokSealDialog *dialog,
              const char       *text)
{
  return sillok_gui_test_shows_text (GTK_WIDGET (dialog), text);
}

/* Where the first automatically removed span starts, or G_MAXUINT. */
static guint
first_auto_span (SillokNarrativeView *narrative)
{
  g_autoptr(GArray) spans = sillok_narrative_view_get_auto_spans (narrative);

  return spans->len > 0 ? g_array_index (spans, SillokSpan, 0).start : G_MAXUINT;
}

static void
fill_in_korean (SillokEditorPage *editor)
{
  SillokFieldEditor *site;
  SillokNarrativeView *narrative;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autoptr(GArray) spans = NULL;

  sillok_gui_test_enter (editor, "interviewee.name", "김철수");
  sillok_gui_test_enter (editor, "interview.city", "서울");
  sillok_gui_test_enter (editor, "interview.language", "ko");
  sillok_gui_test_enter (editor, "interview.country", "KR");
  sillok_gui_test_enter (editor, "interview.date", "2024-03");
  sillok_gui_test_enter (editor, "interview.interpreter", "true");
  sillok_gui_test_enter (editor, "interviewee.birth_date", "1971-05-02");

  sillok_gui_test_enter (editor, "interviewee.left_dprk", "2019");

  /* A repeating section: one episode. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-entry", "s", "episodes"));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_field (editor, "episodes[0].site") != NULL, 20000);
  sillok_gui_test_wait_editor (editor);
  site = sillok_editor_page_get_field (editor, "episodes[0].site");
  g_assert_true (sillok_site_row_pick (SILLOK_SITE_ROW (sillok_field_editor_get_row (site)), "kwanliso-14-kaechon"));
  sillok_gui_test_enter (editor, "episodes[0].ilo_indicators", "violence,overtime");
  /* A bad value is refused inline and not saved. */
  sillok_field_editor_enter_text (sillok_editor_page_get_field (editor, "episodes[0].hours_per_day"), "30");
  g_assert_nonnull (sillok_field_editor_get_error (sillok_editor_page_get_field (editor, "episodes[0].hours_per_day")));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (editor),
                                             sillok_field_editor_get_error (sillok_editor_page_get_field (
                                               editor, "episodes[0].hours_per_day"))));
  /* …right under its field, not at the end of the section. */
  {
    SillokFieldEditor *hours = sillok_editor_page_get_field (editor, "episodes[0].hours_per_day");
    GtkWidget *next = gtk_widget_get_next_sibling (sillok_field_editor_get_row (hours));
    GtkWidget *label = next != NULL && GTK_IS_LIST_BOX_ROW (next) ? gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (next))
                                                                  : NULL;

    g_assert_true (GTK_IS_LABEL (label));
    g_assert_true (gtk_widget_get_visible (next));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, sillok_field_editor_get_error (hours));
  }
  sillok_gui_test_enter (editor, "episodes[0].hours_per_day", "14");
  sillok_gui_test_enter (editor, "episodes[0].food", "옥수수 죽");

  /* A second entry, moved before the first, then removed: values follow. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-entry", "s", "episodes"));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_field (editor, "episodes[1].food") != NULL, 20000);
  sillok_gui_test_wait_editor (editor);
  sillok_gui_test_enter (editor, "episodes[1].food", "감자");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.move-entry", "(suu)", "episodes", 1, 0));
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor)
                     && g_strcmp0 (json_node_get_string (sillok_record_get_value (
                          sillok_editor_page_get_record (editor), "episodes[0].food")), "감자") == 0, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove-entry", "(su)", "episodes", 0));
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor)
                     && sillok_record_get_entry_count (sillok_editor_page_get_record (editor), "episodes") == 1,
                     20000);
  sillok_gui_test_wait_editor (editor);
  g_assert_cmpstr (json_node_get_string (sillok_record_get_value (sillok_editor_page_get_record (editor),
                                                                 "episodes[0].food")), ==, "옥수수 죽");
  sillok_gui_test_enter (editor, "episodes[0].narrative", NARRATIVE);
  sillok_gui_test_wait_saved (editor);

  /* The name is marked as removed without asking, once saved. */
  narrative = sillok_field_editor_get_narrative (sillok_editor_page_get_field (editor, "episodes[0].narrative"));
  SILLOK_WAIT_UNTIL (first_auto_span (narrative) == 0, 20000);

  /* Select the overseer's name and redact it. */
  buffer = gtk_text_view_get_buffer (sillok_narrative_view_get_text_view (narrative));
  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (NARRATIVE, strstr (NARRATIVE, "박영호")));
  end = start;
  gtk_text_iter_forward_chars (&end, 3);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sillok_narrative_view_get_text_view (narrative)),
                                             "narrative.redact-selection", NULL));
  /* Reversible before sealing: unmarked, then marked again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sillok_narrative_view_get_text_view (narrative)),
                                             "narrative.unredact-selection", NULL));
  spans = sillok_narrative_view_get_spans (narrative);
  g_assert_cmpuint (spans->len, ==, 0);
  g_clear_pointer (&spans, g_array_unref);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sillok_narrative_view_get_text_view (narrative)),
                                             "narrative.redact-selection", NULL));
  spans = sillok_narrative_view_get_spans (narrative);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpuint (g_array_index (spans, SillokSpan, 0).end - g_array_index (spans, SillokSpan, 0).start, ==, 3);
  sillok_gui_test_wait_saved (editor);
}

static GtkWidget *
find_picture (GtkWidget *root)
{
  if (GTK_IS_PICTURE (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_picture (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
attach (SillokEditorPage *editor,
        const char       *dir)
{
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "면담 메모\n", -1, &error));
  sillok_editor_page_attach (editor, file, "open");
  SILLOK_WAIT_UNTIL (sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == 1
                     && !sillok_editor_page_get_loading (editor), 20000);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (editor), "notes.txt"));

  /* Open: the text in a window of its own, read from the vault into memory. */
  {
    SillokAttachment *a = sillok_record_get_attachments (sillok_editor_page_get_record (editor))->pdata[0];
    GtkWindow *viewer;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.view", "u", a->n));
    SILLOK_WAIT_UNTIL ((viewer = sillok_gui_test_find_window ("notes.txt")) != NULL, 20000);
    g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (viewer), "면담 메모"));
    gtk_window_destroy (viewer);
  }

  /* A photo opens as a picture. */
  {
    static const guchar pixels[2 * 2 * 4] = { 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255 };
    g_autoptr(GBytes) data = g_bytes_new_static (pixels, sizeof pixels);
    g_autoptr(GdkTexture) texture = gdk_memory_texture_new (2, 2, GDK_MEMORY_R8G8B8A8, data, 8);
    g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);
    g_autofree char *photo_path = g_build_filename (dir, "site.png", NULL);
    g_autoptr(GFile) photo = g_file_new_for_path (photo_path);
    SillokAttachment *a;
    GtkWindow *viewer;
    GtkWidget *picture;

    g_assert_true (g_file_set_contents (photo_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error));
    sillok_editor_page_attach (editor, photo, "open");
    SILLOK_WAIT_UNTIL (sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == 2
                       && !sillok_editor_page_get_loading (editor), 20000);
    a = sillok_record_get_attachments (sillok_editor_page_get_record (editor))->pdata[1];
    g_assert_cmpstr (a->media_type, ==, "image/png");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.view", "u", a->n));
    SILLOK_WAIT_UNTIL ((viewer = sillok_gui_test_find_window ("site.png")) != NULL, 20000);
    picture = find_picture (GTK_WIDGET (viewer));
    g_assert_nonnull (picture);
    g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (GTK_PICTURE (picture))), ==, 2);
    gtk_window_destroy (viewer);
    /* Removed again: the flow goes on with the notes alone. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.detach", "u", a->n));
    SILLOK_WAIT_UNTIL (sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == 1
                       && !sillok_editor_page_get_loading (editor), 20000);
  }
}

static void
seal (SillokEditorPage *editor)
{
  SillokSealDialog *dialog;
  GtkWidget *row;

  /* Without consent: refused, the missing field listed; choosing it jumps there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.seal", NULL));
  dialog = sillok_editor_page_get_seal_dialog (editor);
  g_assert_nonnull (dialog);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_seal_dialog_get_mode (dialog), "missing"), 20000);
  row = gtk_widget_get_first_child (GTK_WIDGET (sillok_seal_dialog_get_missing_list (dialog)));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "consent.given");
  g_assert_null (gtk_widget_get_next_sibling (row));
  g_signal_emit_by_name (sillok_seal_dialog_get_missing_list (dialog), "row-activated", row);
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_seal_dialog (editor) == NULL, 5000);
  /* The switch of the missing field has the focus. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (editor))),
                                         sillok_field_editor_get_row (sillok_editor_page_get_field (editor,
                                                                                                    "consent.given"))));

  sillok_gui_test_enter (editor, "consent.given", "true");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.seal", NULL));
  dialog = sillok_editor_page_get_seal_dialog (editor);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_seal_dialog_get_mode (dialog), "preview"), 20000);
  /* Exactly what an anonymized export carries: the redacted narrative,
   * generalized values, the open attachment; no name, no exact date. */
  g_assert_true (dialog_shows (dialog, "[삭제됨]는 무산 광산에서 매일 열네 시간 일했다. 감독관 [삭제됨]가 때렸다."));
  g_assert_false (dialog_shows (dialog, "김철수"));
  g_assert_false (dialog_shows (dialog, "박영호"));
  g_assert_false (dialog_shows (dialog, "서울"));
  g_assert_false (dialog_shows (dialog, "1971-05-02"));
  g_assert_true (dialog_shows (dialog, "옥수수 죽"));
  g_assert_true (dialog_shows (dialog, "notes.txt"));
  g_assert_true (dialog_shows (dialog, TEST_NAME));
  sillok_gui_test_click (sillok_seal_dialog_get_seal_button (dialog));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_seal_dialog (editor) == NULL, 30000);
  sillok_gui_test_wait_editor (editor);
  SILLOK_WAIT_UNTIL (sillok_record_get_status (sillok_editor_page_get_record (editor)) == SILLOK_RECORD_SEALED,
                     20000);
  /* Read-only, with the signature's details. */
  g_assert_null (sillok_editor_page_get_field (editor, "interviewee.name"));
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (editor),
                                             sillok_record_get_statement_digest (sillok_editor_page_get_record (editor))));
}

static void
amend (SillokEditorPage *editor)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.amend", NULL));
  dialog = sillok_editor_page_get_amend_dialog (editor);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "amend"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "증언자가 날짜를 정정함");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "amend"));
  adw_message_dialog_response (dialog, "amend");
  SILLOK_WAIT_UNTIL (sillok_record_get_version (sillok_editor_page_get_record (editor)) == 2
                     && !sillok_editor_page_get_loading (editor), 20000);
  g_assert_cmpint (sillok_record_get_status (sillok_editor_page_get_record (editor)), ==, SILLOK_RECORD_DRAFT);
  g_assert_cmpstr (sillok_record_get_reason (sillok_editor_page_get_record (editor)), ==, "증언자가 날짜를 정정함");
  sillok_gui_test_enter (editor, "interview.date", "2024-04");
  /* Asked again, the witness lets coordinators have it, anonymized. */
  sillok_gui_test_enter (editor, "consent.share_coordinators", "true");
  sillok_gui_test_wait_saved (editor);

  /* Version 2 sealed: nothing missing this time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.seal", NULL));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_seal_dialog (editor) != NULL
                     && g_str_equal (sillok_seal_dialog_get_mode (sillok_editor_page_get_seal_dialog (editor)),
                                     "preview"), 20000);
  sillok_gui_test_click (sillok_seal_dialog_get_seal_button (sillok_editor_page_get_seal_dialog (editor)));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_seal_dialog (editor) == NULL, 30000);
  sillok_gui_test_wait_editor (editor);
  SILLOK_WAIT_UNTIL (sillok_record_get_status (sillok_editor_page_get_record (editor)) == SILLOK_RECORD_SEALED
                     && sillok_record_get_version (sillok_editor_page_get_record (editor)) == 2, 20000);
}

/* The coordinator's receiving key, pasted into Settings → Recipients. */
static void
add_recipient (SillokWindow *window,
               const char   *recipient)
{
  SillokSettingsPage *settings = SILLOK_SETTINGS_PAGE (
    sillok_gui_test_child (sillok_gui_test_page (window, "shell"), SILLOK_TYPE_SHELL, "settings_page"));

  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_name_entry), "서울 코디네이터");
  gtk_editable_set_text (GTK_EDITABLE (settings->recipient_key_entry), recipient);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.add-recipient", NULL));
  SILLOK_WAIT_UNTIL (settings->people_rows->len == 1, 20000);
}

static gpointer
export_child (SillokExportDialog *dialog,
              const char         *name)
{
  return sillok_gui_test_child (dialog, SILLOK_TYPE_EXPORT_DIALOG, name);
}

/* Ctrl+E's action, the record ticked, reviewed (one witness is below
 * k = 3: the reason is asked) and written to @bundle. */
static void
export_record (SillokWindow *window,
               const char   *uuid,
               const char   *bundle)
{
  SillokInterviewsPage *interviews = sillok_gui_test_interviews (window);
  GtkListView *list = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "list_view");
  SillokExportDialog *dialog;

  sillok_interviews_page_refresh (interviews);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_true (sillok_interviews_page_get_selection_mode (interviews));
  g_signal_emit_by_name (list, "activate", sillok_gui_test_find_row (window, uuid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = sillok_interviews_page_get_export_dialog (interviews);
  g_assert_nonnull (dialog);
  SILLOK_WAIT_UNTIL (sillok_export_dialog_get_recipients_loaded (dialog), 20000);
  /* The recipient added in Settings is there, ticked. */
  g_assert_true (sillok_gui_test_shows_text (export_child (dialog, "recipients_list"), "서울 코디네이터"));
  sillok_export_dialog_set_destination (dialog, bundle);
  sillok_gui_test_click (export_child (dialog, "review_button"));
  SILLOK_WAIT_UNTIL (!g_str_equal (sillok_export_dialog_get_page (dialog), "planning"), 20000);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_cmpstr (adw_action_row_get_subtitle (export_child (dialog, "versions_row")), ==, "2");
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (dialog), "김철수"));
  gtk_editable_set_text (export_child (dialog, "reason_row"), "법률팀 요청: 단일 증언 검토");
  sillok_gui_test_click (export_child (dialog, "export_button"));
  SILLOK_WAIT_UNTIL (!g_str_equal (sillok_export_dialog_get_page (dialog), "writing"), 60000);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "done");
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));
  gtk_window_close (GTK_WINDOW (dialog));
  SILLOK_WAIT_UNTIL (sillok_interviews_page_get_export_dialog (interviews) == NULL, 10000);
}

/* sillok-cli verify with the coordinator's key and no vault: valid, both
 * versions, no name. */
static void
verify_bundle (const char *dir,
               const char *identity_file,
               const char *bundle,
               const char *uuid)
{
  g_autofree char *nowhere = g_build_filename (dir, "no-vault", NULL);
  const char *argv[] = { g_getenv ("SILLOK_CLI"), "--vault", nowhere, "verify", bundle, "--identity",
                         identity_file, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_test_message ("verify: %s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, uuid));
  g_assert_nonnull (strstr (out, "\"valid\""));
  g_assert_null (strstr (out, "김철수"));
}

static void
verify_with_tools (const char *vault,
                   const char *uuid,
                   const char *dir)
{
  g_autofree char *out = NULL;
  g_autofree char *statement_dir = g_build_filename (dir, "statement", NULL);
  const char *check[] = { "check", NULL };
  const char *statement[] = { "record", "statement", uuid, "--version", "1", "--out", statement_dir, NULL };
  g_autoptr(GDir) listing = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *minisign = g_find_program_in_path ("minisign");
  const char *name;
  int status;

  g_assert_cmpint (sillok_gui_test_run_cli (vault, check, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sillok_gui_test_run_cli (vault, statement, &out), ==, 0);

  if (minisign == NULL)
    {
      g_test_message ("minisign is not installed: the signature was checked by sillok-cli only");
      return;
    }
  listing = g_dir_open (statement_dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".pub"))
      pub = g_build_filename (statement_dir, name, NULL);
  g_assert_nonnull (pub);
  {
    g_autofree char *file = g_build_filename (statement_dir, "statement.json", NULL);
    const char *argv[] = { "minisign", "-V", "-m", file, "-p", pub, NULL };
    g_autoptr(GError) error = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

static void
test_flow (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  g_autofree char *key = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *identity_file = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *bundle = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (840);

  window = sillok_gui_test_open (&app, &path);
  dir = g_path_get_dirname (path);
  /* The coordinator's key pair, as age-keygen would write it. */
  {
    g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_generate ();
    g_autoptr(SillokSecret) encoded = sillok_age_identity_encode (identity);
    g_autofree char *text = g_strdup_printf ("%s\n", sillok_secret_get_string (encoded));
    SillokAgeRecipient r;

    sillok_age_identity_get_recipient (identity, &r);
    recipient = sillok_age_recipient_encode (&r);
    identity_file = g_build_filename (dir, "coordinator.key", NULL);
    g_assert_true (g_file_set_contents_full (identity_file, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  }
  bundle = g_build_filename (dir, "interview.sillok", NULL);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);

  editor = sillok_gui_test_new_interview (window);
  uuid = g_strdup (sillok_editor_page_get_uuid (editor));
  fill_in_korean (editor);
  attach (editor, dir);
  seal (editor);
  amend (editor);
  add_recipient (window, recipient);
  export_record (window, uuid, bundle);

  /* Closed cleanly: every job done, the vault's lock released. */
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (window)), 20000);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  verify_with_tools (path, uuid, dir);
  verify_bundle (dir, identity_file, bundle, uuid);
  g_object_unref (app);
  sillok_fs_remove_tree (dir, NULL);
  g_free (path);
}

/* A vault made through the first-run pages and a new interview's editor. */
static SillokEditorPage *
start_interview (SillokApplication **app,
                 SillokWindow      **window,
                 char              **path)
{
  g_autofree char *key = NULL;

  *window = sillok_gui_test_open (app, path);
  key = sillok_gui_test_create_vault (*window);
  sillok_gui_test_confirm_recovery_key (*window);
  return sillok_gui_test_new_interview (*window);
}

/* The record as the vault has it, once every edit is saved. */
static SillokRecord *
stored_record (SillokWindow     *window,
               SillokEditorPage *editor)
{
  SillokSession *session = sillok_window_get_session (window);
  g_autoptr(GError) error = NULL;
  SillokRecord *record;

  sillok_gui_test_wait_saved (editor);
  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 20000);
  record = sillok_record_load (sillok_session_get_vault (session), sillok_editor_page_get_uuid (editor), 0, &error);
  g_assert_no_error (error);
  return record;
}

/* The value at @path as the vault has it: a string, or the first item of
 * an array, with the array's length in @n_items. */
static char *
stored_text (SillokWindow     *window,
             SillokEditorPage *editor,
             const char       *path,
             guint            *n_items)
{
  g_autoptr(SillokRecord) record = stored_record (window, editor);
  JsonNode *value = sillok_record_get_value (record, path);

  if (value == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      *n_items = json_array_get_length (array);
      return g_strdup (json_array_get_string_element (array, 0));
    }
  return g_strdup (json_node_get_string (value));
}

/* The gazetteer's search narrows as the user types; picking a result
 * stores the site itself; typing a name instead stores free text. */
static void
test_site_picker (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  GtkWidget *row, *button, *popover, *search, *results, *musan = NULL;
  g_autofree char *text = NULL;
  guint n_items = 0;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (240);

  editor = start_interview (&app, &window, &path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-entry", "s", "episodes"));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_field (editor, "episodes[0].site") != NULL, 20000);
  sillok_gui_test_wait_editor (editor);
  row = sillok_field_editor_get_row (sillok_editor_page_get_field (editor, "episodes[0].site"));
  /* Scrolled to, as the user does before reaching for it. */
  sillok_field_editor_focus (sillok_editor_page_get_field (editor, "episodes[0].site"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  button = sillok_gui_test_find (row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (gtk_widget_activate (button));
  SILLOK_WAIT_UNTIL (gtk_widget_get_mapped (popover), 5000);
  search = sillok_gui_test_find (popover, GTK_TYPE_SEARCH_ENTRY);
  results = sillok_gui_test_find (popover, GTK_TYPE_LIST_BOX);
  g_assert_nonnull (search);
  g_assert_nonnull (results);
  gtk_editable_set_text (GTK_EDITABLE (search), "musan");
  /* Only Musan's row stays; the camps are gone from the results. */
  SILLOK_WAIT_UNTIL (gtk_widget_get_first_child (results) != NULL
                     && gtk_widget_get_next_sibling (gtk_widget_get_first_child (results)) == NULL, 5000);
  musan = gtk_widget_get_first_child (results);
  g_assert_cmpstr (gtk_widget_get_name (musan), ==, "musan-mine");
  g_assert_true (gtk_widget_activate (musan));
  SILLOK_WAIT_UNTIL (!gtk_widget_get_mapped (popover), 5000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Musan Mine");
  text = stored_text (window, editor, "episodes[0].site", &n_items);
  g_assert_cmpstr (text, ==, "musan-mine");
  g_assert_cmpuint (n_items, ==, 3);

  /* A place the gazetteer does not know, typed into the row. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Chongjin textile mill");
  g_clear_pointer (&text, g_free);
  text = stored_text (window, editor, "episodes[0].site", &n_items);
  g_assert_cmpstr (text, ==, "Chongjin textile mill");
  g_assert_cmpuint (n_items, ==, 1);

  sillok_gui_test_close (app, window, path);
}

/* The date control of a partial-date field: a year, then a month, then a
 * day chosen from its drop-downs; a year alone stays a year. */
static void
test_partial_date (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  GtkWidget *control, *year, *month, *day;
  g_autofree char *text = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (240);

  editor = start_interview (&app, &window, &path);
  control = sillok_gui_test_find (sillok_field_editor_get_row (sillok_editor_page_get_field (
                                    editor, "interviewee.birth_date")), SILLOK_TYPE_DATE_CONTROL);
  g_assert_nonnull (control);
  /* Scrolled to, as the user does before reaching for it. */
  sillok_field_editor_focus (sillok_editor_page_get_field (editor, "interviewee.birth_date"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  year = sillok_gui_test_find (control, GTK_TYPE_ENTRY);
  month = sillok_gui_test_find (control, GTK_TYPE_DROP_DOWN);
  day = gtk_widget_get_next_sibling (month);
  g_assert_true (GTK_IS_DROP_DOWN (day));

  gtk_editable_set_text (GTK_EDITABLE (year), "1971");
  text = stored_text (window, editor, "interviewee.birth_date", NULL);
  g_assert_cmpstr (text, ==, "1971");
  sillok_gui_test_choose (month, 5);
  g_clear_pointer (&text, g_free);
  text = stored_text (window, editor, "interviewee.birth_date", NULL);
  g_assert_cmpstr (text, ==, "1971-05");
  sillok_gui_test_choose (day, 2);
  g_clear_pointer (&text, g_free);
  text = stored_text (window, editor, "interviewee.birth_date", NULL);
  g_assert_cmpstr (text, ==, "1971-05-02");
  /* Back to the month alone: the day is dropped, not kept as 01. */
  sillok_gui_test_choose (day, 0);
  g_clear_pointer (&text, g_free);
  text = stored_text (window, editor, "interviewee.birth_date", NULL);
  g_assert_cmpstr (text, ==, "1971-05");

  control = sillok_gui_test_find (sillok_field_editor_get_row (sillok_editor_page_get_field (
                                    editor, "interviewee.left_dprk")), SILLOK_TYPE_DATE_CONTROL);
  gtk_editable_set_text (GTK_EDITABLE (sillok_gui_test_find (control, GTK_TYPE_ENTRY)), "2019");
  g_clear_pointer (&text, g_free);
  text = stored_text (window, editor, "interviewee.left_dprk", NULL);
  g_assert_cmpstr (text, ==, "2019");

  sillok_gui_test_close (app, window, path);
}

/* The button labelled @label (with its mnemonic) under @root, or NULL. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
stored_attachments (SillokWindow     *window,
                    SillokEditorPage *editor)
{
  g_autoptr(SillokRecord) record = stored_record (window, editor);

  return sillok_record_get_attachments (record)->len;
}

/* Add File…, a file chosen, its sensitivity chosen in the dialog that
 * follows; then the row's Remove button takes it out of the draft. */
static void
test_attachments (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  AdwMessageDialog *dialog;
  GtkWidget *group, *row;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (240);

  editor = start_interview (&app, &window, &path);
  dir = g_path_get_dirname (path);
  file = g_build_filename (dir, "witness-voice.txt", NULL);
  g_assert_true (g_file_set_contents (file, "녹취 메모\n", -1, NULL));

  group = sillok_gui_test_find_named (GTK_WIDGET (editor), "attachments");
  g_assert_nonnull (group);
  sillok_gui_test_click (find_button (group, _("Add _File…")));
  sillok_gui_test_choose_file (file);
  SILLOK_WAIT_UNTIL ((dialog = sillok_gui_test_find_dialog (_("Add the File?"))) != NULL, 10000);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (dialog), "witness-voice.txt"));
  /* Identifying, the first choice: never in an anonymized export. */
  sillok_gui_test_choose (adw_message_dialog_get_extra_child (dialog), 0);
  /* The response's button, pressed as the keyboard does; the dialog goes. */
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (dialog), _("_Add"))));
  SILLOK_WAIT_UNTIL (sillok_gui_test_find_dialog (_("Add the File?")) == NULL, 5000);
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor)
                     && sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == 1, 20000);
  {
    g_autoptr(SillokRecord) record = stored_record (window, editor);
    SillokAttachment *a = sillok_record_get_attachments (record)->pdata[0];

    g_assert_cmpstr (a->name, ==, "witness-voice.txt");
    g_assert_cmpstr (a->sensitivity, ==, "identifying");
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  row = sillok_gui_test_find_named (GTK_WIDGET (editor), "witness-voice.txt");
  g_assert_nonnull (row);
  g_assert_true (sillok_gui_test_shows_text (row, _("Identifying: never in anonymized exports")));

  /* Removed before sealing: gone from the draft and from the page. */
  sillok_gui_test_click (sillok_gui_test_find_action_button (row, "editor.detach"));
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor)
                     && sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == 0, 20000);
  g_assert_cmpuint (stored_attachments (window, editor), ==, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  g_assert_null (sillok_gui_test_find_named (GTK_WIDGET (editor), "witness-voice.txt"));

  sillok_gui_test_close (app, window, path);
  sillok_gui_test_end_after_file_chooser ();
}

/* How many rows the interviews list holds once read. */
static guint
listed (SillokInterviewsPage *interviews)
{
  SillokRecordListModel *model = sillok_interviews_page_get_model (interviews);

  SILLOK_WAIT_UNTIL (sillok_record_list_model_get_counted (model) && !sillok_record_list_model_get_loading (model),
                     20000);
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

/* Copies the shipped data and a second template into a folder of its own. */
static char *
data_with_two_templates (const char *dir)
{
  const char *source = g_getenv ("SILLOK_DATADIR");
  const char *tests = g_getenv ("G_TEST_SRCDIR");
  char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *templates = g_build_filename (data, "templates", NULL);
  struct { const char *from_dir, *from, *to; } copies[] = {
    { source, "gazetteer.json", "gazetteer.json" },
    { source, "templates/forced-labour.json", "templates/forced-labour.json" },
    { tests, "data/templates/good-minimal.json", "templates/minimal.json" },
  };

  g_assert_nonnull (source);
  g_assert_nonnull (tests);
  g_assert_cmpint (g_mkdir_with_parents (templates, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *from = g_build_filename (copies[i].from_dir, copies[i].from, NULL);
      g_autofree char *to = g_build_filename (data, copies[i].to, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (to, contents, (gssize) len, NULL));
    }
  return data;
}

/* The search entry and the status and template drop-downs narrow the list. */
static void
test_search_and_filters (void)
{
  const char *musan[] = { "episodes[0].site=musan-mine", "interview.city=Hoeryong", "interview.date=2023-04",
                          "consent.given=true", NULL };
  const char *komdok[] = { "episodes[0].site=komdok-mine", "interview.city=Chongjin", NULL };
  SillokApplication *app;
  SillokWindow *window;
  SillokInterviewsPage *interviews;
  GtkWidget *search, *status, *template;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *draft = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (240);

  dir = g_dir_make_tmp ("sillok-gui-XXXXXX", NULL);
  g_assert_nonnull (dir);
  data = data_with_two_templates (dir);
  g_setenv ("SILLOK_DATADIR", data, TRUE);
  window = sillok_gui_test_open (&app, &path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  interviews = sillok_gui_test_interviews (window);
  sealed = sillok_gui_test_add_record (window, musan, TRUE);
  draft = sillok_gui_test_add_record (window, komdok, FALSE);
  {
    SillokSession *session = sillok_window_get_session (window);
    g_autoptr(SillokTemplate) minimal = sillok_template_find_installed ("minimal", 0, NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;

    g_assert_nonnull (minimal);
    uuid = sillok_record_create (sillok_session_get_vault (session), minimal, &error);
    g_assert_no_error (error);
  }
  sillok_interviews_page_refresh (interviews);
  g_assert_cmpuint (listed (interviews), ==, 3);

  search = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "search_entry");
  status = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "status_filter");
  template = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "template_filter");

  /* A word of one record: that record alone. */
  gtk_editable_set_text (GTK_EDITABLE (search), "Hoeryong");
  SILLOK_WAIT_UNTIL (listed (interviews) == 1, 10000);
  g_assert_cmpuint (sillok_gui_test_find_row (window, sealed), ==, 0);
  /* A word of none: the page says so. */
  gtk_editable_set_text (GTK_EDITABLE (search), "Pyongsong");
  SILLOK_WAIT_UNTIL (listed (interviews) == 0, 10000);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE,
                                                                            "list_stack")), ==, "no-results");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  SILLOK_WAIT_UNTIL (listed (interviews) == 3, 10000);

  /* Sealed only, then drafts only. */
  sillok_gui_test_choose (status, 2);
  g_assert_cmpuint (listed (interviews), ==, 1);
  g_assert_cmpuint (sillok_gui_test_find_row (window, sealed), ==, 0);
  sillok_gui_test_choose (status, 1);
  g_assert_cmpuint (listed (interviews), ==, 2);
  sillok_gui_test_find_row (window, draft);
  sillok_gui_test_choose (status, 0);
  g_assert_cmpuint (listed (interviews), ==, 3);

  /* One template, then the other. */
  sillok_gui_test_choose (template, sillok_gui_test_drop_down_find (GTK_DROP_DOWN (template), "Minimal template"));
  g_assert_cmpuint (listed (interviews), ==, 1);
  sillok_gui_test_choose (template, sillok_gui_test_drop_down_find (GTK_DROP_DOWN (template),
                                                                    "Forced labour testimony"));
  g_assert_cmpuint (listed (interviews), ==, 2);
  /* Both at once: forced labour and sealed. */
  sillok_gui_test_choose (status, 2);
  g_assert_cmpuint (listed (interviews), ==, 1);
  sillok_gui_test_choose (template, 0);
  sillok_gui_test_choose (status, 0);
  g_assert_cmpuint (listed (interviews), ==, 3);

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (window)), 20000);
  sillok_gui_test_close (app, window, path);
  sillok_fs_remove_tree (dir, NULL);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/flow/interview-seal-amend-export", test_flow);
  g_test_add_func ("/flow/site-picker", test_site_picker);
  g_test_add_func ("/flow/partial-date", test_partial_date);
  g_test_add_func ("/flow/attachments", test_attachments);
  g_test_add_func ("/flow/search-and-filters", test_search_and_filters);
  return g_test_run ();
}
