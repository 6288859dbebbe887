/* sillok-bench-gui.c: the front end with 10,000 records — time from
 * unlock to the first painted list, and the longest main-loop stall
 * while typing 1,000 characters into a narrative with autosave running;
 * with --import-bundles, the longest stall while Bundles → Import takes
 * N bundles of M records
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run on a display (bench/meson.build runs it under Xvfb):
 *   sillok-bench-gui [--records N] [--import-bundles N [--bundle-records M]]
 * The bundles are made by sillok-bench-records ($SILLOK_BENCH_RECORDS, or
 * the one beside this program) for the vault's own age recipient.
 * The vault lives in a tmpfs folder when there is one, so that creating
 * the records measures the core, not the disk.
 */
#include "sillok-config.h"

#include <adwaita.h>
#include <locale.h>
#include <time.h>

#include "sillok/sillok.h"
#include "sillok/sillok-record.h"
#include "sillok-application.h"
#include "sillok-fs.h"
#include "sillok-import-page.h"
#include "sillok-interviews-page.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"
#include "sillok-window.h"

#define PASSPHRASE "bench passphrase for the gui"

static gint64 last_tick;
static const char *phase = "start";
static gint64 phase_began;
static gint64 longest_gap;
static gint64 last_cpu;
/* Of the longest stall, the time the main thread itself ran. */
static gint64 longest_gap_cpu;

static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* A 1 ms timer: any wait longer than that between two runs is the main
 * loop stalled (by drawing, by the list, by saving), or the main thread
 * waiting for a core while other threads hold both. */
static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  if (last_tick > 0 && now - last_tick > longest_gap)
    {
      longest_gap = now - last_tick;
      longest_gap_cpu = cpu - last_cpu;
    }
  if (g_getenv ("BENCH_TRACE") != NULL && last_tick > 0 && now - last_tick > 17000)
    g_printerr ("# stall %.1f ms at %s + %.0f ms (main thread ran %.1f ms of it)\n", (now - last_tick) / 1000.0,
                phase, (last_tick - phase_began) / 1000.0, (cpu - last_cpu) / 1000.0);
  last_tick = now;
  last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
spin_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gave up waiting");
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
make_vault (guint n_records)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *tmpl = g_build_filename (base, "sillok-bench-gui-XXXXXX", NULL);
  char *dir = g_mkdtemp (tmpl) ? g_strdup (tmpl) : NULL;
  g_autofree char *path = g_build_filename (dir, "vault", NULL);
  g_autoptr(SillokVault) vault = sillok_vault_new (path);
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  const char *sites[] = { "musan-mine", "komdok-mine", "kwanliso-15-yodok", "anju-coal-complex" };
  gint64 start = g_get_monotonic_time ();

  if (!sillok_vault_create (vault, "Bench", pass, SILLOK_KDF_INTERACTIVE, NULL, &error)
      || (template = sillok_template_find_installed ("forced-labour", 0, &error)) == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < n_records; i++)
    {
      g_autofree char *uuid = sillok_record_create (vault, template, &error);
      g_autofree char *site = g_strdup_printf ("episodes[0].site=%s", sites[i % G_N_ELEMENTS (sites)]);
      g_autofree char *date = g_strdup_printf ("interview.date=%u-%02u", 2000 + i % 25, 1 + i % 12);
      const char *assignments[] = { site, date, NULL };

      if (uuid == NULL || !sillok_record_set_texts (vault, uuid, assignments, &error))
        g_error ("%s", error->message);
    }
  sillok_vault_close (vault);
  g_print ("# created %u records in %.1f s\n", n_records, (g_get_monotonic_time () - start) / 1e6);
  return dir;
}

typedef struct
{
  SillokWindow          *window;
  SillokRecordListModel *model;
  GtkWidget             *list_view;
  gint64                 unlocked_at;
  gint64                 painted_at;
} Run;

static gint64 phase_start;

static void
clock_phase (GdkFrameClock *clock,
             gpointer       name)
{
  gint64 now = g_get_monotonic_time ();

  if (g_getenv ("BENCH_TRACE") != NULL && phase_start > 0 && now - phase_start > 10000)
    g_printerr ("# frame phase before %s took %.1f ms\n", (const char *) name, (now - phase_start) / 1000.0);
  phase_start = now;
}

static gboolean
is_unlocked (gpointer data)
{
  Run *run = data;
  return sillok_session_get_state (sillok_window_get_session (run->window)) == SILLOK_SESSION_UNLOCKED;
}

static gboolean
is_painted (gpointer data)
{
  return ((Run *) data)->painted_at > 0;
}

static void
state_changed (Run *run)
{
  if (run->unlocked_at == 0 && is_unlocked (run))
    run->unlocked_at = g_get_monotonic_time ();
}

/* The first frame drawn once the list has rows read from the vault. */
static void
after_paint (GdkFrameClock *clock,
             Run           *run)
{
  g_autoptr(SillokRecordItem) first = NULL;

  if (run->unlocked_at == 0 || run->painted_at > 0)
    return;
  first = g_list_model_get_n_items (G_LIST_MODEL (run->model)) > 0
          ? g_list_model_get_item (G_LIST_MODEL (run->model), 0) : NULL;
  if (first != NULL && sillok_record_item_is_loaded (first) && gtk_widget_get_mapped (run->list_view))
    run->painted_at = g_get_monotonic_time ();
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
editor_ready (gpointer data)
{
  SillokEditorPage *editor = data;
  return sillok_editor_page_get_record (editor) != NULL && !sillok_editor_page_get_loading (editor);
}

static gboolean
saved (gpointer data)
{
  SillokDraftSaver *saver = sillok_editor_page_get_saver (data);
  return saver != NULL && sillok_draft_saver_get_state (saver) == SILLOK_SAVE_STATE_SAVED;
}

static void
count_save (guint *saves)
{
  (*saves)++;
}

static void
pause_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
import_done (gpointer data)
{
  return sillok_import_page_get_pending (data) == 0;
}

/* Makes @n_bundles bundles of @per records each for the vault's recipient,
 * then gives them all to the Bundles → Import page at once, as a drop of
 * many files does, and measures the longest main-loop stall until the last
 * is imported. */
static void
bench_import (Run        *run,
              const char *dir,
              const char *self_path,
              int         n_bundles,
              int         per)
{
  SillokShell *shell = SILLOK_SHELL (find_type (GTK_WIDGET (run->window), SILLOK_TYPE_SHELL));
  SillokImportPage *page = sillok_shell_get_import_page (shell);
  SillokVault *vault = sillok_session_get_vault (sillok_window_get_session (run->window));
  g_autofree char *recipient = sillok_vault_get_age_recipient (vault);
  g_autofree char *bundles = g_build_filename (dir, "bundles", NULL);
  g_autofree char *self_dir = g_path_get_dirname (self_path);
  g_autofree char *tool = g_strdup (g_getenv ("SILLOK_BENCH_RECORDS"));
  g_autofree char *records = g_strdup_printf ("%d", n_bundles * per);
  g_autofree char *count = g_strdup_printf ("%d", n_bundles);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GError) error = NULL;
  GtkListBox *results;
  guint imported = 0;
  gint64 start;
  double seconds;
  int status;

  if (tool == NULL)
    tool = g_build_filename (self_dir, "sillok-bench-records", NULL);
  {
    const char *argv[] = { tool, "--records", records, "--queries", "1", "--bundles", count, "--recipient", recipient,
                           "--bundles-out", bundles, NULL };
    g_autofree char *out = NULL;

    start = g_get_monotonic_time ();
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error)
        || !g_spawn_check_wait_status (status, &error))
      g_error ("%s: %s", tool, error->message);
    g_print ("# made %d bundles of %d records in %.1f s\n", n_bundles, per, (g_get_monotonic_time () - start) / 1e6);
  }
  for (int i = 1; i <= n_bundles; i++)
    {
      g_autofree char *name = g_strdup_printf ("bundle-%03d.sillok", i);
      g_autofree char *file_path = g_build_filename (bundles, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (file_path);

      if (!g_file_test (file_path, G_FILE_TEST_IS_REGULAR))
        g_error ("%s was not made", file_path);
      g_list_store_append (files, file);
    }

  gtk_widget_activate_action (GTK_WIDGET (shell), "shell.show-page", "s", "bundles");
  pause_ms (300);
  phase = "import";
  phase_began = g_get_monotonic_time ();
  longest_gap = last_tick = 0;
  start = g_get_monotonic_time ();
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
  spin_until (import_done, page, 7200);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  results = sillok_import_page_get_results (page);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (results)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (sillok_import_page_row_state (row) == SILLOK_IMPORT_IMPORTED)
      imported++;
  if (imported != (guint) n_bundles)
    g_error ("only %u of %d bundles were imported", imported, n_bundles);
  g_print ("imported %d bundles of %d records through Bundles → Import in %.1f s (%.0f records/s)\n", n_bundles,
           per, seconds, n_bundles * per / seconds);
  g_print ("longest main-loop stall while importing: %.1f ms (target 16 ms)\n", longest_gap / 1000.0 - 1);
  sillok_fs_remove_tree (bundles, NULL);
}

int
main (int    argc,
      char **argv)
{
  int n_records = 10000;
  int n_bundles = 0;
  int bundle_records = 100;
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records in the vault (default 10000)", "N" },
    { "import-bundles", 0, 0, G_OPTION_ARG_INT, &n_bundles, "Then import N bundles through the Import page", "N" },
    { "bundle-records", 0, 0, G_OPTION_ARG_INT, &bundle_records, "Records per bundle (default 100)", "M" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the front end with many records");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SillokApplication) app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Run run = { 0 };
  SillokInterviewsPage *interviews;
  SillokEditorPage *editor;
  SillokFieldEditor *field;
  GtkTextBuffer *buffer;
  guint saves = 0;
  gint64 typing_start;
  gint64 opening;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !sillok_init (&error))
    g_error ("%s", error->message);
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  dir = make_vault ((guint) n_records);
  /* Keeps the loop awake and measures how long it was kept from running. */
  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick, NULL, NULL);
  path = g_build_filename (dir, "vault", NULL);
  settings = g_settings_new (SILLOK_APP_ID);
  g_settings_set_string (settings, "vault-path", path);
  g_settings_set_uint (settings, "auto-lock-minutes", 0);

  app = sillok_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_application_activate (G_APPLICATION (app));
  run.window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  gtk_window_present (GTK_WINDOW (run.window));
  interviews = sillok_shell_get_interviews_page (SILLOK_SHELL (find_type (GTK_WIDGET (run.window), SILLOK_TYPE_SHELL)));
  run.model = sillok_interviews_page_get_model (interviews);
  run.list_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (interviews), SILLOK_TYPE_INTERVIEWS_PAGE, "list_view"));
  pause_ms (300);
  g_signal_connect_swapped (sillok_window_get_session (run.window), "notify::state", G_CALLBACK (state_changed), &run);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (run.window)), "after-paint", G_CALLBACK (after_paint), &run);
  for (guint i = 0; i < 5; i++)
    {
      static const char *phases[] = { "before-paint", "update", "layout", "paint", "after-paint" };
      g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (run.window)), phases[i], G_CALLBACK (clock_phase),
                        (gpointer) phases[i]);
    }

  /* Unlock as the unlock page does. */
  {
    GtkWidget *unlock = find_type (GTK_WIDGET (run.window), SILLOK_TYPE_UNLOCK_PAGE);
    GtkWidget *entry = find_type (unlock, GTK_TYPE_PASSWORD_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (entry), PASSPHRASE);
    g_signal_emit_by_name (entry, "activate");
  }
  spin_until (is_unlocked, &run, 60);
  g_print ("# unlocked\n");
  spin_until (is_painted, &run, 60);
  g_print ("records: %u\n", g_list_model_get_n_items (G_LIST_MODEL (run.model)));
  g_print ("unlock to first painted list: %.1f ms (target 300 ms)\n", (run.painted_at - run.unlocked_at) / 1000.0);

  /* Scroll to the end and back: pages are read as rows show. */
  {
    GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (run.list_view));

    longest_gap = last_tick = 0;
    for (int i = 0; i <= 40; i++)
      {
        gtk_adjustment_set_value (adj, (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) * i / 40);
        pause_ms (25);
      }
    g_print ("longest main-loop stall while scrolling through the list: %.1f ms\n", longest_gap / 1000.0 - 1);
  }

  /* Typing into a narrative, autosave saving between bursts.  The typing
   * is measured once the new editor has been drawn: its first frame (the
   * form built from the template) is timed on its own. */
  opening = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (interviews), "interviews.new", "s", "forced-labour");
  editor = sillok_interviews_page_get_editor (interviews);
  spin_until (editor_ready, editor, 60);
  g_print ("new interview to an editor ready: %.1f ms\n", (g_get_monotonic_time () - opening) / 1000.0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  g_print ("new interview to first painted editor: %.1f ms\n", (g_get_monotonic_time () - opening) / 1000.0);
  field = sillok_editor_page_get_field (editor, "assessment.credibility");
  buffer = gtk_text_view_get_buffer (sillok_narrative_view_get_text_view (sillok_field_editor_get_narrative (field)));
  sillok_field_editor_focus (field);
  pause_ms (200);
  g_signal_connect_swapped (sillok_editor_page_get_saver (editor), "saved", G_CALLBACK (count_save), &saves);
  longest_gap = last_tick = 0;
  typing_start = g_get_monotonic_time ();
  for (int i = 0; i < 1000; i++)
    {
      phase = "insert";
      {
        gint64 t = g_get_monotonic_time ();
        gtk_text_buffer_insert_at_cursor (buffer, i % 7 == 6 ? " " : "증", -1);
        if (g_getenv ("BENCH_TRACE") != NULL && g_get_monotonic_time () - t > 5000)
          g_printerr ("# insert took %.1f ms\n", (g_get_monotonic_time () - t) / 1000.0);
      }
      phase = "typing";
      pause_ms (8);
      /* A pause now and then, long enough for a save while typing goes on. */
      if (i % 100 == 99)
        {
          phase = "pause";
          pause_ms (SILLOK_DRAFT_SAVE_DELAY_MS + 150);
        }
    }
  spin_until (saved, editor, 30);
  g_print ("typed 1000 characters in %.1f s with %u autosaves\n", (g_get_monotonic_time () - typing_start) / 1e6,
           saves);
  g_print ("longest main-loop stall while typing: %.1f ms (target 16 ms)\n", longest_gap / 1000.0 - 1);

  if (n_bundles > 0)
    bench_import (&run, dir, argv[0], n_bundles, MAX (1, bundle_records));

  gtk_window_destroy (GTK_WINDOW (run.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sillok_fs_remove_tree (dir, NULL);
  return 0;
}
