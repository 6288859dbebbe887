/* test-screenshots-interviews.c: the interviews list, the editor, sealing
 * and amending, and the settings, in English and Korean, light and dark
 *
 * Saves <build>/tests/screenshots/SCREEN-LANGUAGE-SCHEME.png for people to
 * look at, and checks on the way that each screen is in the language asked.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok-field-widgets.h"
#include "sillok-gui-test-utils.h"
#include "sillok-record-list-model.h"
#include "sillok-seal-dialog.h"
#include "sillok-shell.h"

#define NARRATIVE "김철수는 무산 광산에서 매일 열네 시간 일했다. 감독관 박영호가 작업량을 채우지 못하면 때렸다."

/* The mapped scrolled window under @widget with the most to scroll. */
static GtkScrolledWindow *
longest_scroller (GtkWidget *widget)
{
  GtkScrolledWindow *best = NULL;
  double best_range = 0;

  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));

      best = GTK_SCROLLED_WINDOW (widget);
      best_range = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = longest_scroller (child);

      if (found != NULL)
        {
          GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (found);
          double range = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

          if (best == NULL || range > best_range)
            {
              best = found;
              best_range = range;
            }
        }
    }
  return best;
}

static void
scroll_to_end (GtkWidget *page)
{
  GtkScrolledWindow *scroller;
  GtkAdjustment *adj;

  gtk_test_widget_wait_for_draw (page);
  scroller = longest_scroller (page);
  g_assert_nonnull (scroller);
  adj = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

static void
add_records (SillokWindow *window)
{
  SillokSession *session = sillok_window_get_session (window);
  g_autoptr(SillokTemplate) template = sillok_template_find_installed ("forced-labour", 0, NULL);
  const char *sites[] = { "musan-mine", "kwanliso-15-yodok", "komdok-mine" };

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 20000);
  for (guint i = 0; i < G_N_ELEMENTS (sites); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uuid = sillok_record_create (sillok_session_get_vault (session), template, &error);
      g_autofree char *site = g_strdup_printf ("episodes[0].site=%s", sites[i]);
      g_autofree char *date = g_strdup_printf ("interview.date=2023-0%u", i + 4);
      const char *assignments[] = { site, date, "interviewee.name=이영희", NULL };

      g_assert_no_error (error);
      sillok_record_set_texts (sillok_session_get_vault (session), uuid, assignments, &error);
      g_assert_no_error (error);
    }
}

static void
test_screens (gconstpointer data)
{
  const SillokGuiVariant *variant = data;
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  SillokInterviewsPage *interviews;
  SillokSealDialog *dialog;
  SillokNarrativeView *narrative;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *dir = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(GFile) file = NULL;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (600);

  window = sillok_gui_test_open_variant (variant, &app, &path);
  dir = g_path_get_dirname (path);
  interviews = sillok_gui_test_interviews (window);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "No Interviews Yet");
  sillok_gui_test_shoot (GTK_WIDGET (window), "interviews-empty", variant);

  /* The editor, every kind of field filled in. */
  editor = sillok_gui_test_new_interview (window);
  sillok_gui_test_enter (editor, "interview.date", "2024-03-15");
  sillok_gui_test_enter (editor, "interview.country", "KR");
  sillok_gui_test_enter (editor, "interview.language", "ko");
  sillok_gui_test_enter (editor, "interview.city", "서울");
  sillok_gui_test_enter (editor, "interview.interpreter", "false");
  sillok_gui_test_enter (editor, "interviewee.name", "김철수");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-entry", "s", "episodes"));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_field (editor, "episodes[0].site") != NULL, 20000);
  sillok_gui_test_wait_editor (editor);
  g_assert_true (sillok_site_row_pick (SILLOK_SITE_ROW (sillok_field_editor_get_row (
    sillok_editor_page_get_field (editor, "episodes[0].site"))), "musan-mine"));
  sillok_gui_test_enter (editor, "episodes[0].site_type", "iron-mine");
  sillok_gui_test_enter (editor, "episodes[0].from", "1998");
  sillok_gui_test_enter (editor, "episodes[0].hours_per_day", "14");
  sillok_gui_test_enter (editor, "episodes[0].ilo_indicators", "violence,overtime,wages");
  sillok_gui_test_enter (editor, "episodes[0].narrative", NARRATIVE);
  sillok_gui_test_wait_saved (editor);
  /* Tall, so that each shot shows many fields. */
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 1280);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "The witness agrees to be interviewed");
  sillok_gui_test_shoot (GTK_WIDGET (window), "editor", variant);
  sillok_field_editor_focus (sillok_editor_page_get_field (editor, "episodes[0].hours_per_day"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (sillok_field_editor_get_row (
    sillok_editor_page_get_field (editor, "episodes[0].ilo_indicators"))), TRUE);
  sillok_gui_test_shoot (GTK_WIDGET (window), "editor-episode", variant);

  /* A span marked, and the name marked by itself. */
  narrative = sillok_field_editor_get_narrative (sillok_editor_page_get_field (editor, "episodes[0].narrative"));
  buffer = gtk_text_view_get_buffer (sillok_narrative_view_get_text_view (narrative));
  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (NARRATIVE, strstr (NARRATIVE, "박영호")));
  end = start;
  gtk_text_iter_forward_chars (&end, 3);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_assert_true (sillok_narrative_view_redact_selection (narrative, TRUE));
  gtk_text_buffer_place_cursor (buffer, &end);
  sillok_field_editor_focus (sillok_editor_page_get_field (editor, "episodes[0].narrative"));
  sillok_gui_test_wait_saved (editor);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Redact Selection");
  sillok_gui_test_shoot (GTK_WIDGET (window), "redaction", variant);

  file_path = g_build_filename (dir, "interview-notes.txt", NULL);
  g_assert_true (g_file_set_contents (file_path, "면담 메모\n", -1, NULL));
  file = g_file_new_for_path (file_path);
  sillok_editor_page_attach (editor, file, "open");
  SILLOK_WAIT_UNTIL (sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == 1
                     && !sillok_editor_page_get_loading (editor), 20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  scroll_to_end (GTK_WIDGET (editor));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Recordings, photos and documents");
  sillok_gui_test_shoot (GTK_WIDGET (window), "attachments", variant);
  /* Opened: the text from memory, in a window of its own. */
  {
    SillokAttachment *a = sillok_record_get_attachments (sillok_editor_page_get_record (editor))->pdata[0];
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWindow *viewer = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.view", "u", a->n));
    while (viewer == NULL)
      {
        g_main_context_iteration (NULL, TRUE);
        for (guint i = 0; viewer == NULL && i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

            if (g_strcmp0 (gtk_window_get_title (w), "interview-notes.txt") == 0)
              viewer = w;
          }
      }
    gtk_window_set_default_size (viewer, 560, 320);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (viewer));
    g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (viewer), "면담 메모"));
    sillok_gui_test_shoot (GTK_WIDGET (viewer), "attachment-open", variant);
    gtk_window_destroy (viewer);
  }

  /* Sealing: first what is missing, then the preview. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.seal", NULL));
  dialog = sillok_editor_page_get_seal_dialog (editor);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_seal_dialog_get_mode (dialog), "missing"), 20000);
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Not Ready to Seal");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "seal-missing", variant);
  gtk_window_close (GTK_WINDOW (dialog));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_seal_dialog (editor) == NULL, 5000);
  sillok_gui_test_enter (editor, "consent.given", "true");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.seal", NULL));
  dialog = sillok_editor_page_get_seal_dialog (editor);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_seal_dialog_get_mode (dialog), "preview"), 20000);
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "What an Anonymized Export Carries");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "seal-preview", variant);
  sillok_gui_test_click (sillok_seal_dialog_get_seal_button (dialog));
  SILLOK_WAIT_UNTIL (sillok_editor_page_get_seal_dialog (editor) == NULL, 30000);
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor) && sillok_editor_page_get_record (editor) != NULL
                     && sillok_record_get_status (sillok_editor_page_get_record (editor)) == SILLOK_RECORD_SEALED,
                     20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "This version is signed");
  sillok_gui_test_shoot (GTK_WIDGET (window), "sealed", variant);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.amend", NULL));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (sillok_editor_page_get_amend_dialog (editor))),
                         "증언자가 날짜를 정정함");
  sillok_gui_test_assert_language (GTK_WIDGET (sillok_editor_page_get_amend_dialog (editor)), variant, "Amend the Record?");
  sillok_gui_test_shoot (GTK_WIDGET (sillok_editor_page_get_amend_dialog (editor)), "amend", variant);
  gtk_window_close (GTK_WINDOW (sillok_editor_page_get_amend_dialog (editor)));

  /* The list, with records. */
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 680);
  add_records (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "interviews.back", NULL));
  SILLOK_WAIT_UNTIL (!sillok_record_list_model_get_loading (sillok_interviews_page_get_model (interviews)), 10000);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Search interviews");
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (window), "이영희"));
  sillok_gui_test_shoot (GTK_WIDGET (window), "interviews", variant);

  g_assert_true (gtk_widget_activate_action (sillok_gui_test_page (window, "shell"), "shell.show-page", "s",
                                             "settings"));
  scroll_to_end (sillok_gui_test_page (window, "shell"));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Show interviewees’ names");
  sillok_gui_test_shoot (GTK_WIDGET (window), "settings-keys", variant);

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (window)), 20000);
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  sillok_gui_test_add_variants ("/screenshots-interviews", test_screens);
  return g_test_run ();
}
