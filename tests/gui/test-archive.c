/* test-archive.c: a coordinator imports bundles made by sillok-cli — two
 * valid, one hostile — and reads the archive: records, a record's
 * versions, statistics, persons, conflicts and an analyst table
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sillok/sillok-archive.h"
#include "sillok/sillok-record.h"
#include "sillok-archive-item.h"
#include "sillok-archive-jobs.h"
#include "sillok-archive-page.h"
#include "sillok-archive-views.h"
#include "sillok-fs.h"
#include "sillok-gui-test-utils.h"
#include "sillok-import-page.h"
#include "sillok-shell.h"
#include "sillok-verify-fixture.h"

/* What the passphrase bundles are encrypted with: one team's, and
 * another's. */
#define BUNDLE_PASSPHRASE "번들 암호 bundle passphrase"
#define OTHER_PASSPHRASE "다른 팀 암호 another team's passphrase"
/* What a row opened with a passphrase typed for another says. */
#define OPENED_WITH_ANOTHER "Opened with the passphrase typed for another bundle."
/* The size of the big bundle's attachment: its reading takes many reports. */
#define BIG_ATTACHMENT (24 * 1024 * 1024)

/* Made once by the parent process, before the test cases run in
 * subprocesses (they find it through SILLOK_ARCHIVE_TEST_DIR): an
 * interviewer's vault and a coordinator's, and the bundles. */
typedef struct
{
  char *dir;
  char *coordinator;  /* the vault the GUI opens (a copy of it) */
  char *r1;           /* amended differently in two copies of kim's vault: a conflict */
  char *r2;
  char *r3;           /* only in the hostile bundles */
  char *r4;           /* only in the passphrase bundle and the late one */
  char *r5;           /* only in the big bundle */
  char *r6;           /* only in the second bundle under BUNDLE_PASSPHRASE */
  char *r7;           /* only in the bundle under OTHER_PASSPHRASE */
  char *a;            /* kim's bundle: r1 v1 and v2, r2 */
  char *b;            /* from the copy: r1 v1 and another v2 */
  char *hostile;      /* r3's bundle, truncated by 100 bytes */
  char *forged;       /* r3's bundle, its statement altered and the rest signed again */
  char *pass;         /* r4's bundle under BUNDLE_PASSPHRASE */
  char *pass2;        /* r6's bundle under BUNDLE_PASSPHRASE */
  char *pass_other;   /* r7's bundle under OTHER_PASSPHRASE */
  char *late;         /* r4's bundle to the coordinator */
  char *big;          /* r5's, with an attachment of BIG_ATTACHMENT bytes */
} Bundles;

static Bundles bundles;

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
draft (const char *vault,
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
                         "--set", "episodes[0].category=kyohwaso", "--set", set_year,
                         "--set", "episodes[0].organ=mss", "--set", "episodes[0].ilo_indicators=violence,isolation",
                         NULL };
  return cli (vault, args);
}

static char *
witness (const char *vault,
         const char *name,
         const char *birth,
         const char *site,
         const char *year)
{
  char *uuid = draft (vault, name, birth, site, year);
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

/* @record's bundle under @passphrase instead of a recipient. */
static void
export_with_passphrase (const char *vault,
                        const char *out,
                        const char *passphrase,
                        const char *record)
{
  const char *args[] = { "export", "--out", out, "--bundle-passphrase-fd", "3", "--override-k", "small test",
                         "--record", record, NULL };
  char *printed = NULL;

  g_assert_cmpint (sillok_gui_test_run_cli_with_secret (vault, args, passphrase, &printed), ==, 0);
  g_free (printed);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "cp", "-a", from, to, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

static void
bundles_init (Bundles    *b,
              const char *dir)
{
  b->dir = g_strdup (dir);
  b->coordinator = g_build_filename (dir, "coordinator", NULL);
  b->a = g_build_filename (dir, "kim-1.sillok", NULL);
  b->b = g_build_filename (dir, "kim-copy.sillok", NULL);
  b->hostile = g_build_filename (dir, "hostile.sillok", NULL);
  b->forged = g_build_filename (dir, "forged.sillok", NULL);
  b->pass = g_build_filename (dir, "kim-pass.sillok", NULL);
  b->pass2 = g_build_filename (dir, "kim-pass-2.sillok", NULL);
  b->pass_other = g_build_filename (dir, "kim-pass-other.sillok", NULL);
  b->late = g_build_filename (dir, "kim-late.sillok", NULL);
  b->big = g_build_filename (dir, "kim-big.sillok", NULL);
}

/* r3's bundle, encrypted to the coordinator and to a key of the test's,
 * opened with that key, a digest of its statement changed and the rest
 * signed again with kim's key: the statement's signature fails.  Then r5
 * gets a big attachment and is sealed. */
static void
make_altered (Bundles    *b,
              const char *kim,
              const char *recipient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_generate ();
  g_autoptr(SillokSecret) secret = sillok_secret_new_from_string (TEST_PASSPHRASE);
  g_autoptr(SillokVault) vault = sillok_vault_new (kim);
  g_autoptr(GInputStream) in = NULL;
  g_autofree char *both = g_build_filename (b->dir, "r3-two.sillok", NULL);
  g_autofree char *ours = NULL;
  SillokAgeRecipient recipients[2];
  gpointer bytes;

  sillok_age_identity_get_recipient (identity, &recipients[1]);
  ours = sillok_age_recipient_encode (&recipients[1]);
  {
    const char *args[] = { "export", "--out", both, "--recipient", recipient, "--recipient", ours,
                           "--override-k", "small test", "--record", b->r3, NULL };

    g_free (cli (kim, args));
  }
  g_assert_true (sillok_age_recipient_parse (recipient, &recipients[0], &error));
  g_assert_no_error (error);
  g_assert_true (sillok_vault_unlock (vault, secret, FALSE, NULL, &error));
  g_assert_no_error (error);
  sillok_verify_fixture_forge (both, identity, vault, b->r3, 1, recipients, 1, b->forged);
  g_remove (both);

  bytes = g_malloc (BIG_ATTACHMENT);
  for (gsize i = 0; i < BIG_ATTACHMENT; i++)
    ((guint8 *) bytes)[i] = (guint8) (i * 7 + i / 4096);
  in = g_memory_input_stream_new_from_data (bytes, BIG_ATTACHMENT, g_free);
  g_assert_true (sillok_record_attach (vault, b->r5, in, "갱도 사진.bin", "application/octet-stream", "open", NULL,
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_record_seal (vault, b->r5, &error));
  g_assert_no_error (error);
  sillok_vault_close (vault);
}

static void
make_bundles (Bundles *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sillok-archive-XXXXXX", &error);
  g_autofree char *kim = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *ids = NULL;
  const char *init_kim[] = { "init", "--name", "kim", "--kdf", "interactive", NULL };
  const char *init_coordinator[] = { "init", "--name", "Coordinator", "--kdf", "interactive", NULL };
  const char *identity[] = { "identity", "--age-recipient", NULL };
  gsize len = 0;

  g_assert_no_error (error);
  bundles_init (b, dir);
  kim = g_build_filename (dir, "kim", NULL);
  copy = g_build_filename (dir, "kim-copy", NULL);

  g_free (cli (b->coordinator, init_coordinator));
  recipient = cli (b->coordinator, identity);
  g_free (cli (kim, init_kim));
  b->r1 = witness (kim, "김영희", "1970-01-02", "musan-mine", "1999");
  b->r2 = witness (kim, "박순이", "1980-05-06", "kwanliso-14-kaechon", "2003");
  /* A copy taken now, so that two different version 2s of r1 can exist. */
  copy_tree (kim, copy);
  amend (kim, b->r1, "1981-01-02");
  export (kim, b->a, recipient, NULL);
  amend (copy, b->r1, "1969-01-02");
  export (copy, b->b, recipient, b->r1);

  /* The hostile bundle: a valid one cut short. */
  b->r3 = witness (kim, "이철수", "1965-09-09", "musan-mine", "2001");
  export (kim, b->hostile, recipient, b->r3);
  g_assert_true (g_file_get_contents (b->hostile, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 200);
  g_assert_true (g_file_set_contents (b->hostile, contents, (gssize) len - 100, &error));
  g_assert_no_error (error);

  /* r4 under a passphrase, and to the coordinator. */
  b->r4 = witness (kim, "최민수", "1975-02-03", "musan-mine", "2004");
  export_with_passphrase (kim, b->pass, BUNDLE_PASSPHRASE, b->r4);
  export (kim, b->late, recipient, b->r4);
  b->r5 = draft (kim, "정은주", "1988-08-08", "musan-mine", "2010");
  make_altered (b, kim, recipient);
  export (kim, b->big, recipient, b->r5);

  /* r6 under the same passphrase as r4, r7 under another. */
  b->r6 = witness (kim, "한지민", "1972-04-05", "musan-mine", "2005");
  export_with_passphrase (kim, b->pass2, BUNDLE_PASSPHRASE, b->r6);
  b->r7 = witness (kim, "윤서연", "1983-06-07", "kwanliso-14-kaechon", "2006");
  export_with_passphrase (kim, b->pass_other, OTHER_PASSPHRASE, b->r7);

  ids = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s\n%s\n", b->r1, b->r2, b->r3, b->r4, b->r5, b->r6, b->r7);
  g_free (copy);
  copy = g_build_filename (dir, "ids", NULL);
  g_assert_true (g_file_set_contents (copy, ids, -1, &error));
  g_assert_no_error (error);
}

/* In a subprocess: what the parent made. */
static void
load_bundles (Bundles *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ids_path = NULL;
  g_autofree char *ids = NULL;
  g_auto(GStrv) lines = NULL;

  bundles_init (b, g_getenv ("SILLOK_ARCHIVE_TEST_DIR"));
  ids_path = g_build_filename (b->dir, "ids", NULL);
  g_assert_true (g_file_get_contents (ids_path, &ids, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (ids, "\n", 8);
  b->r1 = g_strdup (lines[0]);
  b->r2 = g_strdup (lines[1]);
  b->r3 = g_strdup (lines[2]);
  b->r4 = g_strdup (lines[3]);
  b->r5 = g_strdup (lines[4]);
  b->r6 = g_strdup (lines[5]);
  b->r7 = g_strdup (lines[6]);
}

static void
bundles_clear (Bundles *b)
{
  g_free (b->dir);
  g_free (b->coordinator);
  g_free (b->r1);
  g_free (b->r2);
  g_free (b->r3);
  g_free (b->r4);
  g_free (b->r5);
  g_free (b->r6);
  g_free (b->r7);
  g_free (b->a);
  g_free (b->b);
  g_free (b->hostile);
  g_free (b->forged);
  g_free (b->pass);
  g_free (b->pass2);
  g_free (b->pass_other);
  g_free (b->late);
  g_free (b->big);
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

  sillok_archive_job_list (session, NULL, SILLOK_ARCHIVE_BY_SITE, NULL, NULL, store_result, &list);
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

/* The archive lists @n records: each of @present (NULL-terminated, or
 * NULL) among them, none of @absent. */
static void
assert_archive (SillokSession      *session,
                guint               n,
                const char * const *present,
                const char * const *absent)
{
  g_autoptr(GPtrArray) list = archive_list (session);

  g_assert_cmpuint (list->len, ==, n);
  for (guint i = 0; present != NULL && present[i] != NULL; i++)
    g_assert_nonnull (find_record (list, present[i]));
  for (guint i = 0; absent != NULL && absent[i] != NULL; i++)
    g_assert_null (find_record (list, absent[i]));
}

static GtkWidget *
result_row (SillokImportPage *page,
            guint             n)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), (int) n);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

/* Opens the GUI on a copy of the coordinator's vault (its archive
 * empty), unlocks it and shows the Bundles page. */
static SillokWindow *
open_bundles_page (SillokApplication **app,
                   char              **path,
                   Bundles            *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sillok-gui-XXXXXX", &error);
  SillokWindow *window;
  SillokShell *shell;

  g_assert_no_error (error);
  load_bundles (b);
  *path = g_build_filename (dir, "vault", NULL);
  copy_tree (b->coordinator, *path);
  window = sillok_gui_test_open_at (app, *path);
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "shell");

  shell = sillok_gui_test_page (window, "shell");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shell), "shell.show-page", "s", "bundles"));
  return window;
}

/* The same, then imports the three bundles through the Bundles page. */
static SillokWindow *
open_and_import (SillokApplication **app,
                 char              **path,
                 Bundles            *b)
{
  SillokWindow *window = open_bundles_page (app, path, b);
  SillokImportPage *page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) a = NULL;
  g_autoptr(GFile) hostile = NULL;
  g_autoptr(GFile) other = NULL;

  a = g_file_new_for_path (b->a);
  hostile = g_file_new_for_path (b->hostile);
  other = g_file_new_for_path (b->b);
  g_list_store_append (files, a);
  g_list_store_append (files, hostile);
  g_list_store_append (files, other);
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
  g_assert_cmpuint (sillok_import_page_get_pending (page), ==, 3);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  return window;
}


/* The whole text of an import result, after checking that the row shows
 * the same words in lines of at most 70 characters (no label wraps them;
 * a line break takes the place of a " · " between items). */
static const char *
result_text (GtkWidget *row)
{
  const char *subtitle = sillok_import_page_row_shown (row);
  const char *text = sillok_import_page_row_text (row);
  g_auto(GStrv) lines = g_strsplit (subtitle, "\n", -1);
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) shown = g_string_new (NULL);

  g_assert_nonnull (text);
  /* Screen readers get the whole text. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, 70);
      g_string_append_c (shown, ' ');
      g_string_append (shown, lines[i]);
    }
  g_string_append (words, text);
  for (GString *s = shown; s != NULL; s = s == shown ? words : NULL)
    {
      g_string_replace (s, "·", "", 0);
      g_string_replace (s, " ", "", 0);
      g_string_replace (s, "\n", "", 0);
    }
  g_assert_cmpstr (shown->str, ==, words->str);
  return text;
}
/* @file dropped on @widget's own drop target, as a file manager drops it;
 * whether the target took it. */
static gboolean
drop_on (GtkWidget *widget,
         GFile     *file)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  GSList one = { file, NULL };

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&one));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  return accepted;
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

  SILLOK_TEST_IN_SUBPROCESS (900);

  window = open_and_import (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  session = sillok_window_get_session (window);

  /* Two imported, with their counts; one rejected naming the check.  The
   * row's tooltip holds the whole text; its subtitle the same words in
   * short lines that need no wrapping. */
  row = result_row (page, 0);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_IMPORTED);
  subtitle = result_text (row);
  g_assert_nonnull (strstr (subtitle, "Records added: 3 · Already present: 0 · Conflicts: 0"));
  g_assert_nonnull (strstr (subtitle, "is not a trusted key"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (sillok_import_page_row_cancel (row))));

  row = result_row (page, 1);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_REJECTED);
  subtitle = result_text (row);
  g_test_message ("hostile bundle: %s", subtitle);
  g_assert_true (g_str_has_prefix (subtitle, "Rejected: "));
  /* The check that failed, by name: a bundle cut short fails the age payload. */
  g_assert_true (g_str_has_prefix (subtitle, "Rejected: age-payload — "));
  g_assert_nonnull (strstr (subtitle, "Nothing was imported."));
  g_assert_true (gtk_widget_has_css_class (row, "import-failed"));

  row = result_row (page, 2);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_IMPORTED);
  subtitle = result_text (row);
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
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A statement altered and the rest signed again with the exporter's key:
   * the row names the statement's signature check and the file. */
  {
    g_autoptr(GFile) forged = g_file_new_for_path (b.forged);
    g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
    g_autofree char *statement = g_strdup_printf ("records/%s/1/statement.json", b.r3);

    g_list_store_append (files, forged);
    sillok_import_page_add_files (page, G_LIST_MODEL (files));
    SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
    row = result_row (page, 3);
    g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_REJECTED);
    subtitle = result_text (row);
    g_test_message ("forged bundle: %s", subtitle);
    g_assert_true (g_str_has_prefix (subtitle, "Rejected: statement-signature — "));
    g_assert_nonnull (strstr (subtitle, statement));
    g_assert_nonnull (strstr (subtitle, "Nothing was imported."));
    list = archive_list (session);
    g_assert_cmpuint (list->len, ==, 2);
    g_assert_null (find_record (list, b.r3));
  }

  /* Locking forgets the results. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  SILLOK_WAIT_UNTIL (sillok_session_get_state (session) == SILLOK_SESSION_LOCKED, 20000);
  g_assert_null (gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), 0));

  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

static guint n_results (SillokImportPage *page);

static void
add_files (SillokImportPage   *page,
           const char * const *paths,
           guint               n)
{
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      g_list_store_append (files, file);
    }
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
}

static void
add_one (SillokImportPage *page,
         const char       *path)
{
  add_files (page, &path, 1);
}

static gboolean
has_focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A bundle encrypted with a passphrase: its row asks for it, a wrong one
 * is said to be wrong and changes nothing, the right one imports it, and
 * Cancel leaves it. */
static void
test_import_passphrase (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokImportPage *page;
  SillokSession *session;
  Bundles b = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  GtkEditable *entry;
  GtkWidget *row;
  const char *text;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (900);

  window = open_and_import (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  session = sillok_window_get_session (window);
  sillok_import_page_clear (page);

  /* Asked for, then cancelled: nothing imported, the field gone. */
  add_one (page, b.pass);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  row = result_row (page, 0);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_PASSPHRASE);
  text = sillok_import_page_row_text (row);
  g_assert_true (g_str_has_prefix (text, "Encrypted with a passphrase instead of this vault’s key"));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text));
  g_assert_false (gtk_widget_has_css_class (row, "import-failed"));
  entry = sillok_import_page_row_passphrase (row);
  g_assert_nonnull (entry);
  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (entry)));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Passphrase of kim-pass.sillok"));
  /* The keyboard is in the field; Import waits for a passphrase. */
  g_assert_true (has_focus_in (GTK_WIDGET (entry)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sillok_import_page_row_import (row))));
  gtk_editable_set_text (entry, "half typed");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (sillok_import_page_row_import (row))));
  /* (Cancel goes with the field: pressed as the keyboard presses it.) */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (sillok_import_page_row_cancel (row))));
  SILLOK_WAIT_UNTIL (sillok_import_page_row_state (row) != SILLOK_IMPORT_PASSPHRASE, 10000);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_FAILED);
  g_assert_cmpstr (sillok_import_page_row_shown (row), ==, "Cancelled. Nothing was imported.");
  g_assert_null (sillok_import_page_row_passphrase (row));
  g_assert_false (sillok_gui_test_shows_text (GTK_WIDGET (page), "half typed"));

  /* Again: a wrong passphrase, typed and entered with the keyboard. */
  add_one (page, b.pass);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0 && n_results (page) == 2, 240000);
  row = result_row (page, 1);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_PASSPHRASE);
  entry = sillok_import_page_row_passphrase (row);
  gtk_editable_set_text (entry, "not the bundle passphrase");
  g_signal_emit_by_name (entry, "activate");
  /* Out of the field at once. */
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_cmpuint (sillok_import_page_get_pending (page), ==, 1);
  g_assert_cmpint (sillok_import_page_row_state (row), !=, SILLOK_IMPORT_PASSPHRASE);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_PASSPHRASE);
  text = sillok_import_page_row_text (row);
  g_test_message ("wrong passphrase: %s", text);
  g_assert_true (g_str_has_prefix (text, "Wrong passphrase: it does not open this bundle. Nothing was imported."));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text));
  g_assert_true (gtk_widget_has_css_class (row, "import-failed"));
  g_assert_true (sillok_gui_test_shows_text (row, "Wrong passphrase"));
  entry = sillok_import_page_row_passphrase (row);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_true (has_focus_in (GTK_WIDGET (entry)));
  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_null (find_record (list, b.r4));
  g_clear_pointer (&list, g_ptr_array_unref);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_screenshot (GTK_WIDGET (window), "archive-import-passphrase-wrong-en-light");

  /* The right one, with Import. */
  gtk_editable_set_text (entry, BUNDLE_PASSPHRASE);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (sillok_import_page_row_import (row))));
  SILLOK_WAIT_UNTIL (sillok_import_page_row_state (row) != SILLOK_IMPORT_PASSPHRASE, 10000);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_IMPORTED);
  text = result_text (row);
  g_assert_nonnull (strstr (text, "Records added: 1 · Already present: 0 · Conflicts: 0"));
  g_assert_false (gtk_widget_has_css_class (row, "import-failed"));
  g_assert_null (sillok_import_page_row_passphrase (row));
  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_nonnull (find_record (list, b.r4));

  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

/* What became of a row while the page worked: whether it went back to
 * the queue (it was tried again) and whether it asked for a passphrase. */
typedef struct
{
  GtkWidget *row;
  gboolean   queued;
  gboolean   asked;
} Watch;

/* Whether the page is done; notes what @watch's row did meanwhile. */
static gboolean
watch_row (Watch            *watch,
           SillokImportPage *page)
{
  SillokImportState state = sillok_import_page_row_state (watch->row);

  watch->queued |= state == SILLOK_IMPORT_WAITING || state == SILLOK_IMPORT_RUNNING;
  watch->asked |= state == SILLOK_IMPORT_PASSPHRASE;
  return sillok_import_page_get_pending (page) == 0;
}

/* @row asks for its bundle's passphrase as for a bundle nothing was typed
 * for: not said to be wrong, not in the error colour, the field empty. */
static void
assert_asks_first_time (GtkWidget *row)
{
  const char *text = sillok_import_page_row_text (row);

  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_PASSPHRASE);
  g_assert_true (g_str_has_prefix (text, "Encrypted with a passphrase instead of this vault’s key"));
  g_assert_false (gtk_widget_has_css_class (row, "import-failed"));
  g_assert_false (sillok_gui_test_shows_text (row, "Wrong passphrase"));
  g_assert_nonnull (sillok_import_page_row_passphrase (row));
  g_assert_cmpstr (gtk_editable_get_text (sillok_import_page_row_passphrase (row)), ==, "");
}

/* Bundles a team encrypted with one passphrase, given at once with one
 * under another team's and one to the vault: the passphrase typed for one
 * bundle opens the other bundle under it without asking, the bundle it
 * does not open asks as if nothing had been tried, and a later bundle
 * under either is opened at once.  A lock forgets the passphrases. */
static void
test_import_passphrase_shared (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokImportPage *page;
  SillokSession *session;
  Bundles b = { 0 };
  const char *given[4];
  GtkWidget *pass;
  GtkWidget *vault;
  GtkWidget *pass2;
  GtkWidget *other;
  GtkEditable *entry;
  Watch watch = { 0 };
  const char *text;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (900);

  window = open_bundles_page (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  session = sillok_window_get_session (window);
  given[0] = b.pass;
  given[1] = b.a;
  given[2] = b.pass2;
  given[3] = b.pass_other;
  add_files (page, given, G_N_ELEMENTS (given));
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0 && n_results (page) == 4, 240000);
  pass = result_row (page, 0);
  vault = result_row (page, 1);
  pass2 = result_row (page, 2);
  other = result_row (page, 3);
  g_assert_cmpint (sillok_import_page_row_state (vault), ==, SILLOK_IMPORT_IMPORTED);
  assert_asks_first_time (pass);
  assert_asks_first_time (pass2);
  assert_asks_first_time (other);
  g_assert_cmpuint (sillok_import_page_get_remembered (page), ==, 0);

  /* The team's passphrase, typed once: both of its bundles are imported;
   * the other team's bundle was tried with it and asks as before. */
  entry = sillok_import_page_row_passphrase (pass);
  gtk_editable_set_text (entry, BUNDLE_PASSPHRASE);
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  watch.row = other;
  SILLOK_WAIT_UNTIL (watch_row (&watch, page), 240000);
  g_assert_cmpint (sillok_import_page_row_state (pass), ==, SILLOK_IMPORT_IMPORTED);
  text = result_text (pass);
  g_assert_nonnull (strstr (text, "Records added: 1 · Already present: 0 · Conflicts: 0"));
  g_assert_null (strstr (text, OPENED_WITH_ANOTHER));
  g_assert_cmpint (sillok_import_page_row_state (pass2), ==, SILLOK_IMPORT_IMPORTED);
  text = result_text (pass2);
  g_test_message ("opened with the passphrase of another bundle: %s", text);
  g_assert_nonnull (strstr (text, "Records added: 1 · Already present: 0 · Conflicts: 0"));
  g_assert_true (g_str_has_suffix (text, "\n" OPENED_WITH_ANOTHER));
  /* Said on the row, on a line of its own. */
  g_assert_true (g_str_has_suffix (sillok_import_page_row_shown (pass2), "\n" OPENED_WITH_ANOTHER));
  g_assert_false (gtk_widget_has_css_class (pass2, "import-failed"));
  g_assert_null (sillok_import_page_row_passphrase (pass2));
  g_assert_true (watch.queued);
  assert_asks_first_time (other);
  g_assert_cmpuint (sillok_import_page_get_remembered (page), ==, 1);
  assert_archive (session, 4, (const char *[]) { b.r1, b.r2, b.r4, b.r6, NULL }, (const char *[]) { b.r7, NULL });

  /* The other team's, typed in its row. */
  entry = sillok_import_page_row_passphrase (other);
  gtk_editable_set_text (entry, OTHER_PASSPHRASE);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (sillok_import_page_row_import (other))));
  SILLOK_WAIT_UNTIL (sillok_import_page_row_state (other) != SILLOK_IMPORT_PASSPHRASE, 10000);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  g_assert_cmpint (sillok_import_page_row_state (other), ==, SILLOK_IMPORT_IMPORTED);
  text = result_text (other);
  g_assert_nonnull (strstr (text, "Records added: 1 · Already present: 0 · Conflicts: 0"));
  g_assert_null (strstr (text, OPENED_WITH_ANOTHER));
  g_assert_cmpuint (sillok_import_page_get_remembered (page), ==, 2);

  /* The archive holds the records of all four bundles. */
  assert_archive (session, 5, (const char *[]) { b.r1, b.r2, b.r4, b.r6, b.r7, NULL }, NULL);

  /* A bundle under the first passphrase, given later: opened at once (it
   * was imported before), never asking. */
  add_one (page, b.pass);
  watch = (Watch) { result_row (page, 4), FALSE, FALSE };
  SILLOK_WAIT_UNTIL (watch_row (&watch, page), 240000);
  g_assert_false (watch.asked);
  g_assert_cmpint (sillok_import_page_row_state (watch.row), ==, SILLOK_IMPORT_IMPORTED);
  g_assert_cmpstr (result_text (watch.row), ==, "Imported before: nothing changed\n" OPENED_WITH_ANOTHER);

  /* Locking forgets the passphrases: after the unlock the same bundle
   * asks again. */
  sillok_gui_test_lock (window);
  g_assert_cmpint (sillok_session_get_state (session), ==, SILLOK_SESSION_LOCKED);
  g_assert_cmpuint (sillok_import_page_get_remembered (page), ==, 0);
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  g_assert_cmpint (sillok_session_get_state (session), ==, SILLOK_SESSION_UNLOCKED);
  g_assert_null (gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), 0));
  add_one (page, b.pass);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  assert_asks_first_time (result_row (page, 0));
  g_assert_cmpuint (sillok_import_page_get_remembered (page), ==, 0);

  /* Typed again, it is remembered again, until the list is cleared. */
  entry = sillok_import_page_row_passphrase (result_row (page, 0));
  gtk_editable_set_text (entry, BUNDLE_PASSPHRASE);
  g_signal_emit_by_name (entry, "activate");
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  g_assert_cmpint (sillok_import_page_row_state (result_row (page, 0)), ==, SILLOK_IMPORT_IMPORTED);
  g_assert_cmpuint (sillok_import_page_get_remembered (page), ==, 1);
  sillok_import_page_clear (page);
  g_assert_cmpuint (sillok_import_page_get_remembered (page), ==, 0);
  add_one (page, b.pass2);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  assert_asks_first_time (result_row (page, 0));

  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

/* The fractions a row's bar showed while its bundle was being imported. */
typedef struct
{
  GtkWidget *row;
  GArray    *fractions;
  gboolean   running;   /* the row said it runs */
} Seen;

/* Whether the import is done; notes whether the row said it runs. */
static gboolean
watch_running (Seen             *seen,
               SillokImportPage *page)
{
  if (!seen->running && sillok_import_page_row_state (seen->row) == SILLOK_IMPORT_RUNNING)
    {
      seen->running = TRUE;
      g_assert_cmpstr (sillok_import_page_row_shown (seen->row), ==, "Checking and importing…");
    }
  return sillok_import_page_get_pending (page) == 0;
}

static void
fraction_changed (GtkProgressBar *bar,
                  GParamSpec     *pspec,
                  Seen           *seen)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (sillok_import_page_row_state (seen->row) == SILLOK_IMPORT_RUNNING)
    g_array_append_val (seen->fractions, fraction);
}

/* A big bundle: its bar moves while it is read, as a fraction of the
 * file, and the row says it runs. */
static void
test_import_progress (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokImportPage *page;
  Bundles b = { 0 };
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Seen seen = { NULL, fractions, FALSE };
  guint between = 0;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (900);

  window = open_and_import (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  sillok_import_page_clear (page);
  add_one (page, b.big);
  seen.row = result_row (page, 0);
  g_signal_connect (sillok_import_page_row_progress (seen.row), "notify::fraction", G_CALLBACK (fraction_changed),
                    &seen);
  SILLOK_WAIT_UNTIL (watch_running (&seen, page), 240000);
  g_assert_true (seen.running);
  g_assert_cmpint (sillok_import_page_row_state (seen.row), ==, SILLOK_IMPORT_IMPORTED);
  g_assert_nonnull (strstr (result_text (seen.row), "Records added: 1 · "));
  g_assert_nonnull (strstr (result_text (seen.row), "Attachments added: 1"));
  for (guint i = 0; i < fractions->len; i++)
    {
      double f = g_array_index (fractions, double, i);

      g_assert_cmpfloat (f, >=, 0.0);
      g_assert_cmpfloat (f, <=, 1.0);
      if (i > 0)
        g_assert_cmpfloat (f, >=, g_array_index (fractions, double, i - 1));
      if (f > 0.0 && f < 1.0)
        between++;
    }
  g_test_message ("the bar showed %u fractions, %u of them between 0 and 1", fractions->len, between);
  g_assert_cmpuint (between, >, 0);

  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

/* Cancel while the bundle is being read (it arrives through a pipe, and
 * the rest only after Cancel): nothing is imported, and the bundle can be
 * imported later. */
static void
test_cancel_running (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokImportPage *page;
  SillokSession *session;
  Bundles b = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *bundle = NULL;
  GtkWidget *row;
  gsize len = 0;
  char *path;
  int fd;

  SILLOK_TEST_IN_SUBPROCESS (900);

  window = open_and_import (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  session = sillok_window_get_session (window);
  sillok_import_page_clear (page);

  g_assert_true (g_file_get_contents (b.late, &bundle, &len, NULL));
  g_assert_cmpuint (len, >, 400);
  dir = g_path_get_dirname (path);
  fifo = g_build_filename (dir, "slow.sillok", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  fd = open (fifo, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  /* All of it fits in the pipe: writing never waits for the reader. */
  g_assert_cmpint (fcntl (fd, F_SETPIPE_SZ, 1024 * 1024), >=, (int) len);
  g_assert_cmpint (write (fd, bundle, 200), ==, 200);
  add_one (page, fifo);
  row = result_row (page, 0);
  SILLOK_WAIT_UNTIL (sillok_import_page_row_state (row) == SILLOK_IMPORT_RUNNING, 60000);
  g_assert_cmpstr (sillok_import_page_row_shown (row), ==, "Checking and importing…");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (sillok_import_page_row_cancel (row))));
  sillok_gui_test_spin (200);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_RUNNING);
  g_assert_cmpuint (sillok_import_page_get_pending (page), ==, 1);
  sillok_gui_test_click (sillok_import_page_row_cancel (row));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sillok_import_page_row_cancel (row))));
  g_assert_cmpint (write (fd, bundle + 200, len - 200), ==, (gssize) (len - 200));
  close (fd);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 60000);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_FAILED);
  g_assert_cmpstr (sillok_import_page_row_shown (row), ==, "Cancelled. Nothing was imported.");
  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_null (find_record (list, b.r4));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The same bundle from its file: nothing of the cancelled one stood in its way. */
  add_one (page, b.late);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0 && n_results (page) == 2, 240000);
  row = result_row (page, 1);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_IMPORTED);
  g_assert_nonnull (strstr (result_text (row), "Records added: 1 · Already present: 0"));
  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_nonnull (find_record (list, b.r4));

  g_remove (fifo);
  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

/* Keeps the session's worker busy until *data is set: jobs queued behind
 * it wait. */
static gpointer
hold_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  while (!g_atomic_int_get ((gint *) data))
    g_usleep (1000);
  return g_strdup ("held");
}

static guint
n_results (SillokImportPage *page)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), (int) n) != NULL)
    n++;
  return n;
}

/* Twenty files at once (missing ones, so that each fails at once): the
 * rows are added a few per frame, every file counts as pending from the
 * start, and a row keeps its height when its result replaces "Waiting…"
 * (a row that grew moved every row below it).  A lock drops the files not
 * yet shown. */
static void
import_many (SillokWindow     *window,
             SillokImportPage *page)
{
  SillokSession *session = sillok_window_get_session (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sillok-gui-XXXXXX", &error);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  int heights[20];
  gint held = 0;
  guint kept = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      g_autofree char *name = g_strdup_printf ("m%02u.sillok", i);
      g_autofree char *file_path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (file_path);

      g_list_store_append (files, file);
    }

  sillok_import_page_clear (page);
  sillok_session_run_async (session, hold_job, &held, NULL, g_free, NULL, NULL, NULL);
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
  g_assert_cmpuint (sillok_import_page_get_pending (page), ==, 20);
  g_assert_cmpuint (n_results (page), >, 0);
  g_assert_cmpuint (n_results (page), <, 20);
  SILLOK_WAIT_UNTIL (n_results (page) == 20, 20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      GtkWidget *row = result_row (page, i);

      g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_WAITING);
      g_assert_cmpstr (sillok_import_page_row_shown (row), ==, "Waiting…");
      g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                         "Waiting…"));
      heights[i] = gtk_widget_get_height (row);
      g_assert_cmpint (heights[i], >, 0);
    }
  sillok_gui_test_screenshot (GTK_WIDGET (window), "archive-import-waiting-en-light");

  g_atomic_int_set (&held, 1);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      GtkWidget *row = result_row (page, i);
      const char *subtitle = sillok_import_page_row_shown (row);
      g_auto(GStrv) lines = g_strsplit (subtitle, "\n", -1);

      g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_FAILED);
      g_assert_true (g_str_has_prefix (subtitle, "Not imported: "));
      /* As many lines as a usual result ("Records added: …") or fewer. */
      if (g_strv_length (lines) <= 2)
        {
          g_assert_cmpint (gtk_widget_get_height (row), ==, heights[i]);
          kept++;
        }
    }
  g_test_message ("%u of 20 rows showed their result in two lines or fewer", kept);
  g_assert_cmpuint (kept, >, 0);

  sillok_import_page_clear (page);
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
  g_assert_cmpuint (n_results (page), <, 20);
  sillok_import_page_clear (page);
  g_assert_cmpuint (sillok_import_page_get_pending (page), ==, 0);
  sillok_gui_test_spin (200);
  g_assert_cmpuint (n_results (page), ==, 0);
  sillok_fs_remove_tree (dir, NULL);
}

/* Cancel on a queued bundle: it never runs and nothing is imported.  Then
 * many bundles at once. */
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
  gint held = 0;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (900);

  window = open_and_import (&app, &path, &b);
  page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));
  session = sillok_window_get_session (window);
  sillok_import_page_clear (page);

  /* The first bundle again (nothing to do), and the copy's behind it, cancelled while it waits. */
  a = g_file_new_for_path (b.a);
  other = g_file_new_for_path (b.b);
  g_list_store_append (files, a);
  g_list_store_append (files, other);
  /* Both wait behind a job holding the session's worker: the second row
   * shows a frame after the first. */
  sillok_session_run_async (session, hold_job, &held, NULL, g_free, NULL, NULL, NULL);
  sillok_import_page_add_files (page, G_LIST_MODEL (files));
  SILLOK_WAIT_UNTIL (n_results (page) == 2, 20000);
  row = result_row (page, 1);
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_WAITING);
  g_signal_emit_by_name (sillok_import_page_row_cancel (row), "clicked");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sillok_import_page_row_cancel (row))));
  g_atomic_int_set (&held, 1);
  SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
  g_assert_cmpint (sillok_import_page_row_state (result_row (page, 0)), ==, SILLOK_IMPORT_IMPORTED);
  g_assert_nonnull (strstr (sillok_import_page_row_shown (result_row (page, 0)),
                            "Imported before: nothing changed"));
  g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_FAILED);
  g_assert_cmpstr (sillok_import_page_row_shown (row), ==, "Cancelled. Nothing was imported.");

  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 2);

  /* A bundle dropped on the page is imported the same way. */
  {
    g_autoptr(GFile) hostile = g_file_new_for_path (b.hostile);

    g_assert_true (drop_on (GTK_WIDGET (page), hostile));
    row = result_row (page, 2);
    SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
    g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_REJECTED);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "hostile.sillok");
  }
  /* Dropped anywhere in the window (the Archive on screen): Bundles comes
   * to the front and imports it; a file that is no bundle is refused. */
  {
    SillokShell *shell = sillok_gui_test_page (window, "shell");
    g_autoptr(GFile) again = g_file_new_for_path (b.a);
    g_autofree char *text_path = g_build_filename (b.dir, "notes.txt", NULL);
    g_autoptr(GFile) text = g_file_new_for_path (text_path);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shell), "shell.show-page", "s", "archive"));
    g_assert_true (g_file_set_contents (text_path, "not a bundle", -1, NULL));
    g_assert_false (drop_on (GTK_WIDGET (shell), text));
    g_assert_null (gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), 3));
    g_assert_true (drop_on (GTK_WIDGET (shell), again));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
    SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0
                       && gtk_list_box_get_row_at_index (sillok_import_page_get_results (page), 3) != NULL, 240000);
    row = result_row (page, 3);
    g_assert_cmpint (sillok_import_page_row_state (row), ==, SILLOK_IMPORT_IMPORTED);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "kim-1.sillok");
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = archive_list (session);
  g_assert_cmpuint (list->len, ==, 2);

  import_many (window, page);
  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

/* How many different colours @widget's pixels have as drawn now. */
static guint
colours_of (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_new (guint32, (gsize) width * height);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
  return g_hash_table_size (colours);
}

static SillokArchivePage *
show_archive (SillokWindow *window)
{
  SillokShell *shell = sillok_gui_test_page (window, "shell");
  SillokArchivePage *archive = sillok_shell_get_archive_page (shell);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shell), "shell.show-page", "s", "archive"));
  SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                     && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 2, 20000);
  return archive;
}

static gpointer
dialog_child (SillokExportDialog *dialog,
              const char         *name)
{
  return sillok_gui_test_child (dialog, SILLOK_TYPE_EXPORT_DIALOG, name);
}

/* Archive → Export… over the one record listed (@record), written for the
 * vault's own key with a reason for its small group. */
static void
reexport (SillokWindow      *window,
          SillokArchivePage *archive,
          SillokSession     *session,
          const char        *record)
{
  SillokExportDialog *dialog;
  SillokExportReport *result;
  g_autofree char *recipient = sillok_vault_get_age_recipient (sillok_session_get_vault (session));
  g_autofree char *dir = g_dir_make_tmp ("sillok-reexport-XXXXXX", NULL);
  g_autofree char *bundle = g_build_filename (dir, "for-court.sillok", NULL);
  g_autoptr(GPtrArray) before = sillok_archive_exports (sillok_session_get_vault (session), NULL);

  g_assert_nonnull (before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (archive), "archive.reexport", NULL));
  dialog = sillok_archive_page_get_export_dialog (archive);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  SILLOK_WAIT_UNTIL (sillok_export_dialog_get_recipients_loaded (dialog), 20000);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export from the Archive");
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (dialog), "1 interview"));
  gtk_editable_set_text (dialog_child (dialog, "recipient_name_entry"), "Legal team");
  gtk_editable_set_text (dialog_child (dialog, "recipient_key_entry"), recipient);
  sillok_gui_test_click (dialog_child (dialog, "add_recipient_button"));
  SILLOK_WAIT_UNTIL (sillok_gui_test_shows_text (dialog_child (dialog, "recipients_list"), "Legal team"), 20000);
  sillok_export_dialog_set_destination (dialog, bundle);
  sillok_gui_test_click (dialog_child (dialog, "review_button"));
  SILLOK_WAIT_UNTIL (!g_str_equal (sillok_export_dialog_get_page (dialog), "planning"), 20000);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "review");
  g_assert_cmpuint (sillok_export_dialog_get_review (dialog)->report->records->len, ==, 1);
  /* One record is a group of one: below k, a reason is asked for. */
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "reason_row")));
  gtk_editable_set_text (dialog_child (dialog, "reason_row"), "for the court, one witness");
  sillok_gui_test_click (dialog_child (dialog, "export_button"));
  SILLOK_WAIT_UNTIL (!g_str_equal (sillok_export_dialog_get_page (dialog), "writing"), 60000);
  g_assert_cmpstr (sillok_export_dialog_get_page (dialog), ==, "done");
  result = sillok_export_dialog_get_result (dialog);
  g_assert_cmpuint (result->records->len, ==, 1);
  g_assert_cmpstr (((SillokExportRecord *) result->records->pdata[0])->uuid, ==, record);
  /* From the archive: its source bundle named, the export in the archive's log. */
  g_assert_nonnull (result->provenance);
  g_assert_cmpuint (g_strv_length (result->provenance), ==, 1);
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr(GPtrArray) after = sillok_archive_exports (sillok_session_get_vault (session), NULL);

    g_assert_cmpuint (after->len, ==, before->len + 1);
    g_assert_cmpstr (((SillokArchiveExport *) after->pdata[after->len - 1])->records[0], ==, record);
  }
  gtk_window_close (GTK_WINDOW (dialog));
  SILLOK_WAIT_UNTIL (dialog == NULL, 10000);
  g_assert_null (sillok_archive_page_get_export_dialog (archive));
  g_assert_true (g_remove (bundle) == 0 && g_rmdir (dir) == 0);
}

static void expand_persons (SillokWindow *window, SillokArchivePage *archive, SillokSession *session);
static void analyst_jsonl (SillokArchivePage *archive);

static void
test_pages (void)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokArchivePage *archive;
  SillokSession *session;
  Bundles b = { 0 };
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) out = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  SillokStatsChart *chart;
  GtkWidget *view;
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (900);

  window = open_and_import (&app, &path, &b);
  session = sillok_window_get_session (window);
  archive = show_archive (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The search goes to the core, off the main loop: only r2 mentions Kaechon. */
  gtk_editable_set_text (GTK_EDITABLE (sillok_archive_page_get_search_entry (archive)), "kaechon");
  SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                     && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 1, 20000);
  {
    g_autoptr(SillokArchiveItem) item = g_list_model_get_item (sillok_archive_page_get_records (archive), 0);

    g_assert_cmpstr (sillok_archive_item_get (item)->record, ==, b.r2);
  }
  gtk_editable_set_text (GTK_EDITABLE (sillok_archive_page_get_search_entry (archive)), "");
  SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                     && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 2, 20000);

  /* Filters: by site, each site with its count; choosing Kaechon's camp keeps r2 alone. */
  {
    GtkDropDown *by = sillok_archive_page_get_filter_by (archive);
    GtkDropDown *key = sillok_archive_page_get_filter_key (archive);
    GListModel *keys;
    guint kaechon = GTK_INVALID_LIST_POSITION;

    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (key)));
    gtk_drop_down_set_selected (by, SILLOK_ARCHIVE_BY_SITE + 1);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (key)));
    keys = gtk_drop_down_get_model (key);
    g_assert_cmpuint (g_list_model_get_n_items (keys), ==, 2);
    for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
      {
        const char *label = gtk_string_list_get_string (GTK_STRING_LIST (keys), i);

        g_assert_true (g_str_has_suffix (label, "(1 record)"));
        if (strstr (label, "Kaechon") != NULL)
          kaechon = i;
      }
    g_assert_cmpuint (kaechon, !=, GTK_INVALID_LIST_POSITION);
    gtk_drop_down_set_selected (key, kaechon);
    SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                       && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 1, 20000);
    {
      g_autoptr(SillokArchiveItem) item = g_list_model_get_item (sillok_archive_page_get_records (archive), 0);

      g_assert_cmpstr (sillok_archive_item_get (item)->record, ==, b.r2);
    }
    /* A filter and a search together: nothing at Kaechon mentions Musan. */
    gtk_editable_set_text (GTK_EDITABLE (sillok_archive_page_get_search_entry (archive)), "musan");
    SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                       && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 0, 20000);
    gtk_editable_set_text (GTK_EDITABLE (sillok_archive_page_get_search_entry (archive)), "");
    /* Another dimension: its keys by name, both records under each indicator. */
    gtk_drop_down_set_selected (by, SILLOK_ARCHIVE_BY_ILO_INDICATOR + 1);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (key)), ==, 2);
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (key)));
    g_assert_true (g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (key)), 0),
                                     "(2 records)"));
    SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                       && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 2, 20000);
    /* Re-export of the records listed: Kaechon's alone, to a legal team's
     * key, the interviewer's statement and signature as they came. */
    gtk_drop_down_set_selected (by, SILLOK_ARCHIVE_BY_SITE + 1);
    gtk_drop_down_set_selected (key, kaechon);
    SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                       && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 1, 20000);
    reexport (window, archive, session, b.r2);

    gtk_drop_down_set_selected (by, 0);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (key)));
    SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                       && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 2, 20000);
  }

  /* r1's page: both versions with their digests, the signer not trusted, the conflict. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (archive), "archive.open-record", "s", b.r1));
  view = sillok_archive_page_get_record_view (archive);
  SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive) && sillok_gui_test_shows_text (view, "Version 2"), 20000);
  g_assert_true (sillok_gui_test_shows_text (view, "Version 1"));
  g_assert_true (sillok_gui_test_shows_text (view, "not a trusted key"));
  g_assert_true (sillok_gui_test_shows_text (view, "Version 2, also received"));
  g_assert_true (sillok_gui_test_shows_text (view, "digests have no disclosure here"));
  /* Values in words, not as paths and codes. */
  g_assert_true (sillok_gui_test_shows_text (view, "Witness pseudonym"));
  g_assert_true (sillok_gui_test_shows_text (view, "Forced labour episodes: entry 1 · Labour category"));
  g_assert_true (sillok_gui_test_shows_text (view, "Re-education camp (kyohwaso)"));
  g_assert_true (sillok_gui_test_shows_text (view, "Consent given"));
  g_assert_false (sillok_gui_test_shows_text (view, "$pseudonym"));
  g_assert_false (sillok_gui_test_shows_text (view, "episodes[0]"));
  /* The audit trail, checked: from creation to the export that brought it. */
  g_assert_true (sillok_gui_test_shows_text (view, "Audit Trail"));
  g_assert_true (sillok_gui_test_shows_text (view, "each linked to the one before"));
  g_assert_true (sillok_gui_test_shows_text (view, "1. Created, version 1"));
  g_assert_true (sillok_gui_test_shows_text (view, "Sealed, version 1"));
  g_assert_true (sillok_gui_test_shows_text (view, "Exported, version 2"));
  g_assert_true (sillok_gui_test_shows_text (view, "Times withheld"));
  {
    SillokArchiveVersion *v = NULL;

    versions = sillok_archive_versions (sillok_session_get_vault (session), b.r1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (versions->len, ==, 2);
    v = versions->pdata[1];
    g_assert_true (sillok_gui_test_shows_text (view, v->digest));
    g_assert_true (sillok_gui_test_shows_text (view, v->signer));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (archive), "archive.back", NULL));
  g_assert_null (sillok_archive_page_get_record (archive));

  /* Statistics: bars drawn, not a blank area. */
  sillok_archive_page_show_view (archive, "statistics");
  chart = sillok_archive_page_get_chart (archive, SILLOK_ARCHIVE_BY_YEAR);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (sillok_stats_chart_get_bars (chart), ==, 2);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >, 40);
  g_assert_cmpuint (colours_of (GTK_WIDGET (chart)), >, 2);
  /* Every dimension has bars: two sites, provinces and years, one category and organ, two indicators. */
  {
    static const guint bars[] = { 2, 2, 2, 1, 1, 2 };

    for (guint d = SILLOK_ARCHIVE_BY_SITE; d <= SILLOK_ARCHIVE_BY_ILO_INDICATOR; d++)
      g_assert_cmpuint (sillok_stats_chart_get_bars (sillok_archive_page_get_chart (archive, d)), ==, bars[d]);
  }

  /* Persons: one per witness; conflicts: both statements side by side. */
  view = sillok_archive_page_get_view (archive, "persons");
  g_assert_true (sillok_gui_test_shows_text (view, "Person "));
  g_assert_true (sillok_gui_test_shows_text (view, b.r1));
  g_assert_true (sillok_gui_test_shows_text (view, b.r2));
  expand_persons (window, archive, session);
  view = sillok_archive_page_get_view (archive, "conflicts");
  g_assert_true (sillok_gui_test_shows_text (view, "Kept"));
  g_assert_true (sillok_gui_test_shows_text (view, "Also received"));
  g_assert_true (sillok_gui_test_shows_text (view, ((SillokArchiveVersion *) versions->pdata[1])->digest));
  {
    g_autoptr(GPtrArray) conflicts = sillok_archive_conflict_list (sillok_session_get_vault (session), NULL, &error);
    SillokArchiveConflict *c;

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 1);
    c = conflicts->pdata[0];
    g_assert_cmpstr (c->record, ==, b.r1);
    g_assert_cmpuint (c->version, ==, 2);
    g_assert_cmpstr (c->kept, ==, ((SillokArchiveVersion *) versions->pdata[1])->digest);
    g_assert_cmpstr (c->kept, !=, c->received->digest);
    g_assert_cmpstr (c->received->signer, ==, ((SillokArchiveVersion *) versions->pdata[1])->signer);
    g_assert_cmpuint (c->received->names->len, >, 0);
    g_assert_true (sillok_gui_test_shows_text (view, c->received->digest));
  }

  /* Analyst export: CSV with k = 1, the rows written and suppressed shown. */
  sillok_archive_page_show_view (archive, "export");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sillok_archive_page_get_export_button (archive))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (sillok_archive_page_get_k_spin (archive)), ==, 5);
  gtk_spin_button_set_value (sillok_archive_page_get_k_spin (archive), 1);
  /* A folder that does not exist: the error is shown and nothing is written. */
  {
    g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-sillok-folder/analyst.csv");

    sillok_archive_page_set_destination (archive, nowhere);
    sillok_gui_test_click (sillok_archive_page_get_export_button (archive));
    SILLOK_WAIT_UNTIL (sillok_archive_page_get_export_result (archive) != NULL, 20000);
    g_assert_true (g_str_has_prefix (sillok_archive_page_get_export_result (archive), "Nothing was written: "));
    g_assert_false (g_file_query_exists (nowhere, NULL));
  }
  out_path = g_build_filename (g_get_tmp_dir (), "analyst.csv", NULL);
  out = g_file_new_for_path (out_path);
  sillok_archive_page_set_destination (archive, out);
  sillok_gui_test_click (sillok_archive_page_get_export_button (archive));
  SILLOK_WAIT_UNTIL (sillok_archive_page_get_export_result (archive) != NULL, 20000);
  g_assert_cmpstr (sillok_archive_page_get_export_result (archive), ==, "Rows written: 2 · Values suppressed: 0");
  g_assert_true (g_file_get_contents (out_path, &csv, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, two rows, the end */
  g_assert_null (strstr (csv, "김영희"));
  g_remove (out_path);

  analyst_jsonl (archive);

  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

/* Every widget of @type under @widget, in order. */
static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_type (c, type, out);
}

/* The rows of records under a person's expander row: those that open a
 * record, by their title (the record's UUID). */
static GPtrArray *
record_rows (GtkWidget *expander)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *out = g_ptr_array_new ();

  collect_type (expander, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (rows->pdata[i]), "archive.open-record") == 0)
      g_ptr_array_add (out, rows->pdata[i]);
  return out;
}

/* Each person of the archive, expanded, shows that person's records and
 * no other (hidden until then); a record's row opens its page. */
static void
expand_persons (SillokWindow      *window,
                SillokArchivePage *archive,
                SillokSession     *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) persons = sillok_archive_persons (sillok_session_get_vault (session), &error);
  g_autoptr(GPtrArray) expanders = g_ptr_array_new ();
  GtkWidget *view = sillok_archive_page_get_view (archive, "persons");
  g_autofree char *opened = NULL;

  g_assert_no_error (error);
  sillok_archive_page_show_view (archive, "persons");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  collect_type (view, ADW_TYPE_EXPANDER_ROW, expanders);
  g_assert_cmpuint (expanders->len, ==, g_hash_table_size (persons));
  g_assert_cmpuint (expanders->len, ==, 2);
  for (guint i = 0; i < expanders->len; i++)
    {
      AdwExpanderRow *expander = expanders->pdata[i];
      g_autoptr(GPtrArray) rows = record_rows (GTK_WIDGET (expander));
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander));
      GPtrArray *records = NULL;
      GHashTableIter iter;
      gpointer key, value;

      /* "Person " and the pseudonym's first 16 characters. */
      g_hash_table_iter_init (&iter, persons);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (strncmp (title + strlen ("Person "), key, 16) == 0)
          records = value;
      g_assert_nonnull (records);
      g_assert_false (adw_expander_row_get_expanded (expander));
      g_assert_cmpuint (rows->len, ==, records->len);
      for (guint r = 0; r < rows->len; r++)
        g_assert_false (gtk_widget_get_mapped (rows->pdata[r]));

      adw_expander_row_set_expanded (expander, TRUE);
      for (guint r = 0; r < rows->len; r++)
        {
          const char *uuid = adw_preferences_row_get_title (rows->pdata[r]);

          SILLOK_WAIT_UNTIL (gtk_widget_get_mapped (rows->pdata[r]), 10000);
          g_assert_true (g_ptr_array_find_with_equal_func (records, uuid, g_str_equal, NULL));
        }
      g_test_message ("%s: %u records shown", title, rows->len);
      if (opened == NULL)
        opened = g_strdup (adw_preferences_row_get_title (rows->pdata[0]));
      if (i == 0)
        {
          /* Its row opens the record. */
          g_assert_true (gtk_widget_activate (rows->pdata[0]));
          SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                             && g_strcmp0 (sillok_archive_page_get_record (archive), opened) == 0, 20000);
          g_assert_true (sillok_gui_test_shows_text (sillok_archive_page_get_record_view (archive), "Version 1"));
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (archive), "archive.back", NULL));
          sillok_archive_page_show_view (archive, "persons");
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The values a JSON Lines analyst table holds (members other than the
 * record and its version that are not null), after checking that every
 * line is an object with the record and its version; @records gets the
 * records, sorted. */
static guint
count_values (const char *path,
              GStrv      *records)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint values = 0;
  guint n;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_null (strstr (text, "김영희"));
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, ==, 3);   /* two rows, the end */
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      g_autoptr(GList) members = NULL;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (o, "record") && json_object_has_member (o, "version"));
      g_assert_cmpint (json_object_get_int_member (o, "version"), >=, 1);
      g_ptr_array_add (seen, g_strdup (json_object_get_string_member (o, "record")));
      members = json_object_get_members (o);
      g_assert_cmpuint (g_list_length (members), >, 2);
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "record") && !g_str_equal (l->data, "version")
            && !JSON_NODE_HOLDS_NULL (json_object_get_member (o, l->data)))
          values++;
    }
  g_ptr_array_sort (seen, compare_strings);
  g_ptr_array_add (seen, NULL);
  *records = (GStrv) g_ptr_array_free (g_steal_pointer (&seen), FALSE);
  return values;
}

/* Archive → Export in JSON Lines with k = 1 and k = 5: the values k = 5
 * suppresses are those it writes null that k = 1 writes, as many as the
 * page says. */
static void
analyst_jsonl (SillokArchivePage *archive)
{
  g_autofree char *path1 = g_build_filename (g_get_tmp_dir (), "analyst-k1.jsonl", NULL);
  g_autofree char *path5 = g_build_filename (g_get_tmp_dir (), "analyst-k5.jsonl", NULL);
  g_autoptr(GFile) out1 = g_file_new_for_path (path1);
  g_autoptr(GFile) out5 = g_file_new_for_path (path5);
  g_auto(GStrv) records1 = NULL;
  g_auto(GStrv) records5 = NULL;
  guint values1, values5, suppressed = 0;
  const char *shown;

  sillok_archive_page_show_view (archive, "export");
  adw_combo_row_set_selected (sillok_archive_page_get_format_row (archive), 1);
  gtk_spin_button_set_value (sillok_archive_page_get_k_spin (archive), 1);
  sillok_archive_page_set_destination (archive, out1);
  sillok_gui_test_click (sillok_archive_page_get_export_button (archive));
  SILLOK_WAIT_UNTIL (sillok_archive_page_get_export_result (archive) != NULL, 20000);
  g_assert_cmpstr (sillok_archive_page_get_export_result (archive), ==, "Rows written: 2 · Values suppressed: 0");

  /* Two records are fewer than k = 5: their quasi-identifiers go. */
  gtk_spin_button_set_value (sillok_archive_page_get_k_spin (archive), 5);
  sillok_archive_page_set_destination (archive, out5);
  sillok_gui_test_click (sillok_archive_page_get_export_button (archive));
  SILLOK_WAIT_UNTIL (sillok_archive_page_get_export_result (archive) != NULL, 20000);
  shown = sillok_archive_page_get_export_result (archive);
  g_test_message ("k = 5: %s", shown);
  if (!g_str_has_prefix (shown, "Rows written: 2 · Values suppressed: "))
    g_error ("the page shows “%s”", shown);
  suppressed = (guint) g_ascii_strtoull (shown + strlen ("Rows written: 2 · Values suppressed: "), NULL, 10);
  g_assert_cmpuint (suppressed, >, 0);

  values1 = count_values (path1, &records1);
  values5 = count_values (path5, &records5);
  g_test_message ("values written: %u with k = 1, %u with k = 5", values1, values5);
  g_assert_cmpuint (values1, >=, values5);
  g_assert_cmpuint (values1 - values5, ==, suppressed);
  g_assert_true (g_strv_equal ((const char *const *) records1, (const char *const *) records5));
  g_remove (path1);
  g_remove (path5);
}

/* Every screen of the archive, in English and Korean, light and dark. */
static void
test_screenshots (gconstpointer data)
{
  const SillokGuiVariant *variant = data;
  gboolean korean = g_str_equal (variant->language, "ko");
  SillokApplication *app;
  SillokWindow *window;
  SillokArchivePage *archive;
  Bundles b = { 0 };
  char *path;

  SILLOK_TEST_IN_SUBPROCESS (900);

  sillok_gui_test_apply_variant (variant);
  window = open_and_import (&app, &path, &b);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-import", variant);
  /* Every line of every result is shown, in Korean too (its lines are
   * taller than those of the Latin font). */
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *row = result_row (sillok_shell_get_import_page (sillok_gui_test_page (window, "shell")), i);
      GtkWidget *result = sillok_import_page_row_result (row);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (result, sillok_import_page_row_shown (row));
      int height = 0;

      pango_layout_get_pixel_size (layout, NULL, &height);
      g_assert_cmpint (height, >, 0);
      g_assert_cmpint (gtk_widget_get_height (result), >=, height);
    }
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), "Import Bundles") != korean);
  /* A bundle under a passphrase asks for it. */
  {
    SillokImportPage *page = sillok_shell_get_import_page (sillok_gui_test_page (window, "shell"));

    sillok_import_page_clear (page);
    add_one (page, b.pass);
    SILLOK_WAIT_UNTIL (sillok_import_page_get_pending (page) == 0, 240000);
    g_assert_cmpint (sillok_import_page_row_state (result_row (page, 0)), ==, SILLOK_IMPORT_PASSPHRASE);
    sillok_gui_test_shoot (GTK_WIDGET (window), "archive-import-passphrase", variant);
  }

  archive = show_archive (window);
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-records", variant);
  /* Filtered by province: the key's name in the interface language, with its count. */
  gtk_drop_down_set_selected (sillok_archive_page_get_filter_by (archive), SILLOK_ARCHIVE_BY_PROVINCE + 1);
  gtk_drop_down_set_selected (sillok_archive_page_get_filter_key (archive), 0);
  SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                     && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 1, 20000);
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-records-filtered", variant);
  gtk_drop_down_set_selected (sillok_archive_page_get_filter_by (archive), 0);
  SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                     && g_list_model_get_n_items (sillok_archive_page_get_records (archive)) == 2, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (archive), "archive.open-record", "s", b.r1));
  SILLOK_WAIT_UNTIL (!sillok_archive_page_get_busy (archive)
                     && gtk_widget_get_first_child (sillok_archive_page_get_record_view (archive)) != NULL, 20000);
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-record", variant);
  /* Further down: the disclosed values, in words. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (sillok_archive_page_get_record_view (archive),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj;

    g_assert_nonnull (scrolled);
    adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) * 0.45);
    sillok_gui_test_shoot (GTK_WIDGET (window), "archive-record-values", variant);
    /* At the end: the audit trail. */
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    sillok_gui_test_shoot (GTK_WIDGET (window), "archive-record-audit", variant);
  }
  sillok_archive_page_show_view (archive, "statistics");
  /* The bars are labelled in the interface language. */
  {
    SillokStatsChart *provinces = sillok_archive_page_get_chart (archive, SILLOK_ARCHIVE_BY_PROVINCE);
    gboolean seen = FALSE;

    for (guint i = 0; i < sillok_stats_chart_get_bars (provinces); i++)
      seen |= g_str_equal (sillok_stats_chart_get_label (provinces, i), korean ? "함경북도" : "North Hamgyong");
    g_assert_true (seen);
  }
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-statistics", variant);
  sillok_archive_page_show_view (archive, "persons");
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-persons", variant);
  sillok_archive_page_show_view (archive, "conflicts");
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-conflicts", variant);
  g_assert_true (sillok_gui_test_shows_text (GTK_WIDGET (window), "Also received") != korean);
  sillok_archive_page_show_view (archive, "export");
  sillok_gui_test_shoot (GTK_WIDGET (window), "archive-export", variant);

  sillok_gui_test_close (app, window, path);
  bundles_clear (&b);
}

static guint
count_type (GtkWidget *widget,
            GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_type (c, type);
  return n;
}

/* Thousands of witnesses each met once: those met more than once come
 * first, then the others up to a limit, and the rest are counted. */
static void
test_persons_many (void)
{
  g_autoptr(GHashTable) persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GtkWidget) view = g_object_ref_sink (sillok_archive_view_new ());

  for (guint i = 0; i < 3000; i++)
    {
      GPtrArray *records = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (records, g_strdup_printf ("record-%u", i));
      if (i == 2999)
        g_ptr_array_add (records, g_strdup ("record-again"));
      g_hash_table_insert (persons, g_strdup_printf ("%04u%060u", i, 0u), records);
    }
  sillok_archive_view_show_persons (view, persons);
  g_assert_cmpuint (count_type (view, ADW_TYPE_EXPANDER_ROW), ==, 200);
  g_assert_true (sillok_gui_test_shows_text (view, "2800 more persons, each met once"));
  /* The witness met twice is listed, though its pseudonym sorts last. */
  g_assert_true (sillok_gui_test_shows_text (view, "Person 2999000000000000…"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  sillok_gui_test_init (&argc, &argv);
  if (!g_test_subprocess ())
    {
      make_bundles (&bundles);
      g_setenv ("SILLOK_ARCHIVE_TEST_DIR", bundles.dir, TRUE);
    }
  g_test_add_func ("/archive/import", test_import);
  g_test_add_func ("/archive/import-cancel", test_cancel);
  g_test_add_func ("/archive/import-passphrase", test_import_passphrase);
  g_test_add_func ("/archive/import-passphrase-shared", test_import_passphrase_shared);
  g_test_add_func ("/archive/import-progress", test_import_progress);
  g_test_add_func ("/archive/import-cancel-running", test_cancel_running);
  g_test_add_func ("/archive/pages", test_pages);
  g_test_add_func ("/archive/persons-many", test_persons_many);
  sillok_gui_test_add_variants ("/archive/screenshots", test_screenshots);
  status = g_test_run ();
  if (!g_test_subprocess ())
    sillok_fs_remove_tree (bundles.dir, NULL);
  bundles_clear (&bundles);
  return status;
}
