/* test-archive.c: a coordinator imports bundles made by sillok-cli — two
 * valid, one hostile — and reads the archive: records, a record's
 * versions, statistics, persons, conflicts and an analyst table
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-archive.h"
#include "sillok-archive-jobs.h"
#include "sillok-fs.h"
#include "sillok-gui-test-utils.h"
#include "sillok-import-page.h"
#include "sillok-shell.h"

typedef struct
{
  char *dir;
  char *kim;          /* the interviewer's vault */
  char *r1;           /* amended differently in two copies of the vault: a conflict */
  char *r2;
  char *r3;           /* only in the hostile bundle */
  char *a;            /* kim's bundle: r1 v1 and v2, r2 */
  char *b;            /* from the copy: r1 v1 and another v2 */
  char *hostile;      /* r3's bundle, truncated by 100 bytes */
} Bundles;

static char *
cli (const char *vault,
     const char *const *args)
{
  char *out = NULL;
  int status = sillok_gui_test_run_cli (vault, args, &out);

  if (status != 0)
    g_error ("sillok-cli %s failed with %d", args[0], status);
  return g_strstrip (out);
}

static char *
witness (const char *vault,
         const char *name,
         const char *birth,
         const char *site,
         const char *year)
{
  g_autofree char *set_name = g_strdup_printf ("interviewee.name=%s", name);
  g_autofree char *set_birth = g_strdup_printf ("interviewee.birth_date=%s", birth);
  g_autofree char *set_site = g_strdup_printf ("episodes[0].site=%s", site);
  g_autofree char *set_year = g_strdup_printf ("episodes[0].from=%s", year);
  const char *args[] = { "record", "new", "--template", "forced-labour", "--set", "consent.given=true",
                         "--set", "consent.share_coordinators=true", "--set", "interview.date=2026-03-14",
                         "--set", set_name, "--set", set_birth, "--set", "interviewee.sex=female",
                         "--set", "interviewee.home_province=north-hamgyong", "--set", set_site,
                         "--set", "episodes[0].category=kyohwaso", "--set", set_year, NULL };
  char *uuid = cli (vault, args);
  const char *seal[] = { "record", "seal", uuid, NULL };

  g_free (cli (vault, seal));
  return uuid;
}

static void
amend (const char *vault,
       const char *uuid,
       const char *birth)
{
  g_autofree char *set_birth = g_strdup_printf ("interviewee.birth_date=%s", birth);
  const char *amend_args[] = { "record", "amend", uuid, "--reason", "생년 정정", NULL };
  const char *set_args[] = { "record", "set", uuid, set_birth, NULL };
  const char *seal_args[] = { "record", "seal", uuid, NULL };

  g_free (cli (vault, amend_args));
  g_free (cli (vault, set_args));
  g_free (cli (vault, seal_args));
}

static void
export (const char *vault,
        const char *out,
        const char *recipient,
        const char *record)
{
  const char *args[] = { "export", "--out", out, "--recipient", recipient, "--override-k", "small test",
                         record != NULL ? "--record" : "--all-sealed", record, NULL };

  g_free (cli (vault, args));
}

static void
make_bundles (Bundles    *b,
              const char *recipient)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  const char *init[] = { "init", "--name", "kim", "--kdf", "interactive", NULL };
  gsize len = 0;
  int status = 0;

  b->dir = g_dir_make_tmp ("sillok-archive-XXXXXX", &error);
  g_assert_no_error (error);
  b->kim = g_build_filename (b->dir, "kim", NULL);
  copy = g_build_filename (b->dir, "kim-copy", NULL);
  b->a = g_build_filename (b->dir, "kim-1.sillok", NULL);
  b->b = g_build_filename (b->dir, "kim-copy.sillok", NULL);
  b->hostile = g_build_filename (b->dir, "hostile.sillok", NULL);

  g_free (cli (b->kim, init));
  b->r1 = witness (b->kim, "김영희", "1970-01-02", "musan-mine", "1999");
  b->r2 = witness (b->kim, "박순이", "1980-05-06", "kwanliso-14-kaechon", "2003");
  /* A copy taken now, so that two different version 2s of r1 can exist. */
  {
    const char *argv[] = { "cp", "-a", b->kim, copy, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                                 &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }
  amend (b->kim, b->r1, "1981-01-02");
  export (b->kim, b->a, recipient, NULL);
  amend (copy, b->r1, "1969-01-02");
  export (copy, b->b, recipient, b->r1);

  /* The hostile bundle: a valid one cut short. */
  b->r3 = witness (b->kim, "이철수", "1965-09-09", "musan-mine", "2001");
  export (b->kim, b->hostile, recipient, b->r3);
  g_assert_true (g_file_get_contents (b->hostile, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 200);
  g_assert_true (g_file_set_contents (b->hostile, contents, (gssize) len - 100, &error));
  g_assert_no_error (error);
}

static void
bundles_clear (Bundles *b)
{
  sillok_fs_remove_tree (b->dir, NULL);
  g_free (b->dir);
  g_free (b->kim);
  g_free (b->r1);
  g_free (b->r2);
  g_free (b->r3);
  g_free (b->a);
  g_free (b->b);
  g_free (b->hostile);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError *error = NULL;

  *(gpointer *) user_data = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* The archive as the core lists it, read through the session's queue. */
static GPtrArray *
archive_list (SillokSession *session)
{
  GPtrArray *list = NULL;

  sillok_archive_job_list (session, NULL, NULL, store_result, &list);
  SILLOK_WAIT_UNTIL (list != NULL, 20000);
  return list;
}

static SillokArchiveRecord *
find_record (GPtrArray  *list,
             const char *uuid)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((SillokArchiveRecord *) list->pdata[i])->record, uuid))
      return list->pdata[i];
  return NULL;
}

static GtkWidget *
result_row (SillokImportPage *page,
            guint             n)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), (int) n);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

/* Opens the GUI on a new vault and imports the three bundles. */
static SillokWindow *
open_and_import (SillokApplication **app,
                 char              **path,
                 Bundles            *b)
{
  SillokWindow *window = sillok_gui_test_open (app, path);
  SillokShell *shell;
  SillokImportPage *page;
  g_autofree char *key = sillok_gui_test_create_vault (window);
  g_autofree char *recipient = NULL;
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) a = NULL;
  g_autoptr(GFile) hostile = NULL;
  g_autoptr(GFile) other = NULL;

  sillok_gui_test_confirm_recovery_key (window);
  recipient = sillok_vault_get_age_recipient (sillok_session_get_vault (sillok_window_get_session (window)));
  make_bundles (b, recipient);

  shell = sillok_gui_test_page (window, "shell");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shell), "shell.show-page", "s", "bundles"));
  page = sillok_shell_get_import_page (shell);
  a = g_file_new_for_path (b->a);
  hostile = g_file_new_for_path (b->hostile);
  other = g_file_new_for_path (b->b);
  g_list_store_append (files, a);
  g_list_store_append (files, hostile);
  g_list_store_append (files, other);
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
  g_assert_cmpuint (sillok_import_page_get_pending (page), ==, 3);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 60000);
  return window;
}

static void
test_import (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokImportPage *page;
  SillokSession *session;
  Bundles b = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  SillokArchiveRecord *r1;
  GtkWidget *row;
  const char *subtitle;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (400);

  window = open_and_import (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  session = sillok_window_get_session (window);

  /* Two imported, with their counts; one rejected naming the check. */
  row = result_row (page, 0);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_IMPORTED);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "Records added: 3 · Already present: 0 · Conflicts: 0"));
  g_assert_nonnull (strstr (subtitle, "is not a trusted key"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sillok_import_page_row_cancel (row))));

  row = result_row (page, 1);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_REJECTED);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("hostile bundle: %s", subtitle);
  g_assert_true (g_str_has_prefix (subtitle, "Rejected: "));
  g_assert_nonnull (strstr (subtitle, " — "));
  g_assert_nonnull (strstr (subtitle, "Nothing was imported."));
  g_assert_true (gtk_widget_has_css_class (row, "import-failed"));

  row = result_row (page, 2);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_IMPORTED);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "Records added: 0 · Already present: 1 · Conflicts: 1"));
  g_assert_nonnull (strstr (subtitle, "Conflict: "));
  g_assert_null (gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), 3));

  /* The archive holds the valid bundles' records only. */
  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 2);
  r1 = find_record (list, b.r1);
  g_assert_nonnull (r1);
  g_assert_cmpuint (r1->version, ==, 2);
  g_assert_cmpuint (r1->conflicts, ==, 1);
  g_assert_nonnull (find_record (list, b.r2));
  g_assert_null (find_record (list, b.r3));

  /* Locking forgets the results. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (sillok_session_get_state (session) == SILLOK_SESSION_LOCKED, 20000);
  g_assert_null (gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), 0));

  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

/* Cancel on a queued bundle: it never runs and nothing is imported. */
static void
test_cancel (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokImportPage *page;
  SillokSession *session;
  Bundles b = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) a = NULL;
  g_autoptr(GFile) other = NULL;
  GtkWidget *row;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (400);

  window = open_and_import (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  session = sillok_window_get_session (window);
  sillok_import_page_clear (page);

  /* The first bundle again (nothing to do), and the copy's behind it, cancelled while it waits. */
  a = g_file_new_for_path (b.a);
  other = g_file_new_for_path (b.b);
  g_list_store_append (files, a);
  g_list_store_append (files, other);
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
  row = result_row (page, 1);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_WAITING);
  /* At once, before the first job is done and this one starts. */
  g_signal_emit_by_name (sillok_import_page_row_cancel (row), "clicked");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sillok_import_page_row_cancel (row))));
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 60000);
  g_assert_cmpint (sillok_import_page_row_state (result_row (page, 0)), ==, SILLOK_IMPORT_IMPORTED);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (result_row (page, 0))),
                            "Imported before: nothing changed"));
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_FAILED);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Cancelled. Nothing was imported.");

  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 2);
  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

int
main (int   argc,
      char *argv[])
{
  sillok_gui_test_init (&argc, &argv);
  g_test_add_func ("/archive/import", test_import);
  g_test_add_func ("/archive/import-cancel", test_cancel);
  return g_test_run ();
}
