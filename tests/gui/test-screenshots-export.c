/* test-screenshots-export.c: choosing interviews and exporting them, in
 * English and Korean, light and dark
 *
 * Saves <build>/tests/screenshots/SCREEN-LANGUAGE-SCHEME.png for people to
 * look at, and checks on the way that each screen is in the language asked.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok/sillok-recipients.h"
#include "sillok-export-dialog.h"
#include "sillok-gui-test-utils.h"
#include "sillok-record-list-model.h"

/* The mapped scrolled window under @widget with the most to scroll. */
static GtkScrolledWindow *
longest_scroller (GtkWidget *widget)
{
  GtkScrolledWindow *best = NULL;
  double best_range = -1;

  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));

      best = GTK_SCROLLED_WINDOW (widget);
      best_range = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkScrolledWindow *found = longest_scroller (c);

      if (found != NULL)
        {
          GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (found);
          double range = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

          if (range > best_range)
            {
              best = found;
              best_range = range;
            }
        }
    }
  return best;
}

static void
scroll_to_end (GtkWidget *widget)
{
  GtkScrolledWindow *scroller;
  GtkAdjustment *adj;

  gtk_test_widget_wait_for_draw (widget);
  scroller = longest_scroller (widget);
  g_assert_nonnull (scroller);
  adj = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

static gpointer
child (SillokExportDialog *dialog,
       const char         *name)
{
  return sillok_gui_test_child (dialog, SILLOK_TYPE_EXPORT_DIALOG, name);
}

/* Holds the vault's worker until released: the export then waits in line. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean held;
  gboolean running;
} Hold;

static gpointer
hold_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Hold *hold = data;

  g_mutex_lock (&hold->mutex);
  hold->running = TRUE;
  while (hold->held)
    g_cond_wait (&hold->cond, &hold->mutex);
  g_mutex_unlock (&hold->mutex);
  return GINT_TO_POINTER (TRUE);
}

static gboolean
hold_running (Hold *hold)
{
  gboolean running;

  g_mutex_lock (&hold->mutex);
  running = hold->running;
  g_mutex_unlock (&hold->mutex);
  return running;
}

static void
release (Hold *hold)
{
  g_mutex_lock (&hold->mutex);
  hold->held = FALSE;
  g_cond_signal (&hold->cond);
  g_mutex_unlock (&hold->mutex);
}

static void
add_records (SillokWindow *window,
             GPtrArray    *uuids)
{
  const char *sites[] = { "musan-mine", "kwanliso-15-yodok", "komdok-mine", "kwanliso-14-kaechon" };
  const char *dates[] = { "2023-04", "2023-05", "2023-05", "2023-06" };

  for (guint i = 0; i < G_N_ELEMENTS (sites); i++)
    {
      g_autofree char *site = g_strdup_printf ("episodes[0].site=%s", sites[i]);
      g_autofree char *date = g_strdup_printf ("interview.date=%s", dates[i]);
      /* The third witness did not agree to share with coordinators. */
      const char *assignments[] = { site, date, "interviewee.name=이영희", "consent.given=true",
                                    i == 2 ? "consent.share_coordinators=false" : "consent.share_coordinators=true",
                                    NULL };

      g_ptr_array_add (uuids, sillok_gui_test_add_record (window, assignments, TRUE));
    }
  g_free (sillok_gui_test_add_record (window, (const char *[]) { "episodes[0].site=chongjin-port",
                                                                  "interview.date=2023-07", NULL }, FALSE));
}

static void
test_screens (gconstpointer data)
{
  const SillokGuiVariant *variant = data;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *bundle = NULL;
  SillokApplication *app;
  SillokWindow *window;
  SillokSession *session;
  SillokInterviewsPage *interviews;
  SillokExportDialog *dialog;
  GtkListView *list;
  Hold hold = { .held = TRUE };
  const char *recipients[] = { "Seoul coordinator", "Geneva legal team" };
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (300);

  window = sillok_gui_test_open_variant (variant, &app, &path);
  dir = g_path_get_dirname (path);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 680);
  session = sillok_window_get_session (window);
  interviews = sillok_gui_test_interviews (window);
  add_records (window, uuids);
  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    {
      g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_generate ();
      g_autofree char *encoded = NULL;
      SillokAgeRecipient recipient;

      sillok_age_identity_get_recipient (identity, &recipient);
      encoded = sillok_age_recipient_encode (&recipient);
      g_assert_true (sillok_recipients_add (sillok_session_get_vault (session), recipients[i], encoded, &error));
      g_assert_no_error (error);
    }

  /* The list in selection mode, three ticked. */
  sillok_interviews_page_refresh (interviews);
  sillok_interviews_page_set_selection_mode (interviews, TRUE);
  list = sillok_gui_test_child (interviews, SILLOK_TYPE_INTERVIEWS_PAGE, "list_view");
  for (guint i = 0; i < uuids->len; i++)
    g_signal_emit_by_name (list, "activate", sillok_gui_test_find_row (window, uuids->pdata[i]));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "4 interviews selected");
  sillok_gui_test_shoot (GTK_WIDGET (window), "export-select", variant);

  /* The choices, a recipient unticked and a file chosen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = sillok_interviews_page_get_export_dialog (interviews);
  SILLOK_WAIT_UNTIL (sillok_export_dialog_get_recipients_loaded (dialog), 20000);
  bundle = g_build_filename (dir, "sillok-20260312.sillok", NULL);
  sillok_export_dialog_set_destination (dialog, bundle);
  {
    GtkWidget *row = gtk_widget_get_first_child (child (dialog, "recipients_list"));

    g_assert_true (gtk_widget_activate (row));
  }
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Who Can Open It");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "export-options", variant);
  scroll_to_end (GTK_WIDGET (dialog));
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Add a Recipient");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "export-recipients", variant);

  /* A legal bundle with a passphrase: the warning and the strength hint. */
  gtk_check_button_set_active (child (dialog, "legal_check"), TRUE);
  gtk_check_button_set_active (child (dialog, "passphrase_check"), TRUE);
  gtk_editable_set_text (child (dialog, "passphrase_entry"), "river lantern");
  gtk_editable_set_text (child (dialog, "again_entry"), "river lantern");
  scroll_to_end (GTK_WIDGET (dialog));
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Send it to a legal team only");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "export-passphrase", variant);
  gtk_editable_set_text (child (dialog, "passphrase_entry"), "");
  gtk_editable_set_text (child (dialog, "again_entry"), "");
  gtk_check_button_set_active (child (dialog, "anonymized_check"), TRUE);
  gtk_check_button_set_active (child (dialog, "recipients_check"), TRUE);

  /* The review: below the threshold, one interview kept back by consent;
   * then the refusal to go on without a reason. */
  sillok_gui_test_click (child (dialog, "review_button"));
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_export_dialog_get_page (dialog), "review"), 20000);
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Can a Witness Be Singled Out?");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "export-review", variant);
  sillok_gui_test_click (child (dialog, "export_button"));
  g_assert_nonnull (sillok_export_dialog_get_error (dialog));
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Say why they must be exported anyway");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "export-needs-reason", variant);

  /* Writing, while the vault's worker is still busy with something else. */
  gtk_editable_set_text (child (dialog, "reason_row"), "증언 전체를 재판부가 요청함");
  sillok_session_run_async (session, hold_job, &hold, NULL, NULL, NULL, NULL, NULL);
  SILLOK_WAIT_UNTIL (hold_running (&hold), 5000);
  sillok_gui_test_click (child (dialog, "export_button"));
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "writing");
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Writing the Bundle…");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "export-writing", variant);
  release (&hold);
  SILLOK_WAIT_UNTIL (!g_str_equal (sillok_export_dialog_get_page (dialog), "writing"), 60000);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "done");
  sillok_gui_test_assert_language (GTK_WIDGET (dialog), variant, "Bundle Saved");
  sillok_gui_test_shoot (GTK_WIDGET (dialog), "export-done", variant);
  gtk_window_close (GTK_WINDOW (dialog));

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (session), 20000);
  g_mutex_clear (&hold.mutex);
  g_cond_clear (&hold.cond);
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  sillok_gui_test_add_variants ("/screenshots-export", test_screens);
  return g_test_run ();
}
