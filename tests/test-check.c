/* test-check.c: the full integrity check of a vault, on healthy vaults and
 * on vaults changed behind the library's back
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok.h"
#include "sillok/sillok-check.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-template.h"
#include "sillok-vault-private.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "check test 점검"

typedef struct
{
  char        *dir;
  char        *path;
  SillokVault *vault;
  char        *uuid;       /* sealed twice: version 1, amended, version 2 */
  char        *draft;      /* a draft with an attachment */
} Fixture;

static void
set_texts (SillokVault       *vault,
           const char        *uuid,
           const char *const *assignments)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_record_set_texts (vault, uuid, assignments, &error));
  g_assert_no_error (error);
}

static void
attach (SillokVault *vault,
        const char  *uuid,
        const char  *name,
        gsize        size)
{
  g_autoptr(GError) error = NULL;
  guint8 *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) in = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 13);
  bytes = g_bytes_new_take (data, size);
  in = g_memory_input_stream_new_from_bytes (bytes);
  g_assert_true (sillok_record_attach (vault, uuid, in, name, "application/octet-stream", "open", NULL, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = sillok_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "vault", NULL);
  f->vault = sillok_vault_new (f->path);
  g_assert_true (sillok_vault_create (f->vault, "Checker", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  template = sillok_template_find_installed ("forced-labour", 1, &error);
  g_assert_no_error (error);

  f->uuid = sillok_record_create (f->vault, template, &error);
  g_assert_no_error (error);
  set_texts (f->vault, f->uuid, (const char *[]) { "consent.given=true", "interview.date=2024-05-01",
                                                   "interviewee.name=김철수", "episodes[0].site=musan-mine",
                                                   "episodes[0].narrative=김철수는 광산에서 일했다.", NULL });
  attach (f->vault, f->uuid, "map.bin", 70000);
  g_assert_true (sillok_record_seal (f->vault, f->uuid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sillok_record_amend (f->vault, f->uuid, "a correction", &error), ==, 2);
  set_texts (f->vault, f->uuid, (const char *[]) { "interview.date=2024-05-02", NULL });
  g_assert_true (sillok_record_seal (f->vault, f->uuid, &error));
  g_assert_no_error (error);

  f->draft = sillok_record_create (f->vault, template, &error);
  g_assert_no_error (error);
  attach (f->vault, f->draft, "note.bin", 10);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sillok_vault_close (f->vault);
  g_clear_object (&f->vault);
  sillok_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->uuid);
  g_free (f->draft);
}

static SillokCheckReport *
check (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SillokCheckReport *report = sillok_vault_check (f->vault, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("problem: %s", (const char *) report->problems->pdata[i]);
  return report;
}

/* Some problem names all of @words. */
static void
assert_problem (SillokCheckReport  *report,
                const char *const  *words)
{
  g_assert_cmpuint (report->problems->len, >, 0);
  for (guint i = 0; i < report->problems->len; i++)
    {
      const char *p = report->problems->pdata[i];
      gboolean all = TRUE;

      for (guint w = 0; words[w] != NULL && all; w++)
        all = strstr (p, words[w]) != NULL;
      if (all)
        return;
    }
  g_error ("no problem names “%s”…", words[0]);
}

static void
sql (Fixture    *f,
     const char *statement)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = sillok_vault_get_db (f->vault, &error);
  char *message = NULL;

  g_assert_no_error (error);
  if (sqlite3_exec (db, statement, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statement, message);
}

static char *
sql_text (Fixture    *f,
          const char *query)
{
  sqlite3 *db = sillok_vault_get_db (f->vault, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_healthy (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SillokCheckReport) report = check (f);

  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (report->records, ==, 2);
  g_assert_cmpuint (report->sealed_versions, ==, 2);
  g_assert_cmpuint (report->blobs, ==, 2);
}

static void
test_value_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *update = g_strdup_printf ("UPDATE field_values SET value = '\"someone else\"' WHERE record = '%s' "
                                             "AND version = 1 AND path = 'interviewee.name'", f->uuid);
  g_autoptr(SillokCheckReport) report = NULL;

  sql (f, "DROP TRIGGER sealed_values_update");
  sql (f, update);
  report = check (f);
  assert_problem (report, (const char *[]) { f->uuid, "version 1", "interviewee.name", NULL });
}

static void
test_value_removed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *del = g_strdup_printf ("DELETE FROM field_values WHERE record = '%s' AND version = 2 "
                                          "AND path = 'episodes[0].narrative'", f->uuid);
  g_autoptr(SillokCheckReport) report = NULL;

  sql (f, "DROP TRIGGER sealed_values_delete");
  sql (f, del);
  report = check (f);
  assert_problem (report, (const char *[]) { f->uuid, "version 2", NULL });
}

static void
test_statement_changed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *update = g_strdup_printf ("UPDATE versions SET statement = CAST (replace (CAST (statement AS TEXT), "
                                             "'blake2b-256', 'blake2b-257') AS BLOB) WHERE record = '%s' "
                                             "AND version = 1", f->uuid);
  g_autoptr(SillokCheckReport) report = NULL;

  sql (f, "DROP TRIGGER sealed_version_frozen");
  sql (f, update);
  report = check (f);
  assert_problem (report, (const char *[]) { f->uuid, "version 1", "signature", NULL });
  assert_problem (report, (const char *[]) { f->uuid, "version 1", "digest", NULL });
}

static void
test_disclosure_changed (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) record = sillok_record_load (f->vault, f->uuid, 1, &error);
  GStrv encoded = sillok_record_get_disclosures (record);
  g_autoptr(SillokDisclosure) first = NULL;
  g_autoptr(SillokDisclosure) other = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SillokCheckReport) report = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  /* The same name and value under a new salt: a valid disclosure the
   * statement never listed. */
  first = sillok_disclosure_parse (encoded[0], strlen (encoded[0]), &error);
  g_assert_no_error (error);
  value = sillok_disclosure_dup_value (first);
  other = sillok_disclosure_new (sillok_disclosure_get_name (first), value, &error);
  g_assert_no_error (error);
  json_builder_begin_array (b);
  json_builder_add_string_value (b, sillok_disclosure_get_encoded (other));
  for (guint i = 1; encoded[i] != NULL; i++)
    json_builder_add_string_value (b, encoded[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json = sillok_jcs_serialize (root, NULL, NULL);

  sql (f, "DROP TRIGGER sealed_version_frozen");
  db = sillok_vault_get_db (f->vault, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE versions SET disclosures = ? WHERE record = ? AND version = 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, json, strlen (json), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, f->uuid, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  report = check (f);
  assert_problem (report, (const char *[]) { f->uuid, "version 1", "disclosure", NULL });
}

static void
test_audit_row_deleted (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *del = g_strdup_printf ("DELETE FROM audit WHERE record = '%s' AND seq = 2", f->uuid);
  g_autoptr(SillokCheckReport) report = NULL;

  sql (f, "DROP TRIGGER audit_append_only_delete");
  sql (f, del);
  report = check (f);
  assert_problem (report, (const char *[]) { f->uuid, "audit entry 2", NULL });
}

/* Cutting the end of a chain leaves a chain that links; the versions it
 * no longer mentions give it away. */
static void
test_audit_tail_deleted (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *del = g_strdup_printf ("DELETE FROM audit WHERE record = '%s' AND seq >= 3", f->uuid);
  g_autoptr(SillokCheckReport) report = NULL;

  sql (f, "DROP TRIGGER audit_append_only_delete");
  sql (f, del);
  report = check (f);
  assert_problem (report, (const char *[]) { f->uuid, "audit trail", "version 2", NULL });
}

static void
test_blob_corrupted (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("SELECT blob FROM attachments WHERE record = '%s' AND version = 1",
                                            f->uuid);
  g_autofree char *name = sql_text (f, query);
  g_autofree char *dir = sillok_vault_get_blob_dir (f->vault);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(SillokCheckReport) report = NULL;
  int fd = g_open (path, O_RDWR, 0);
  guint8 byte;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &byte, 1, 40000), ==, 1);
  byte ^= 0x20;
  g_assert_cmpint (pwrite (fd, &byte, 1, 40000), ==, 1);
  close (fd);

  report = check (f);
  assert_problem (report, (const char *[]) { name, f->uuid, "attachment 0", NULL });
}

static void
test_blob_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("SELECT blob FROM attachments WHERE record = '%s'", f->draft);
  g_autofree char *name = sql_text (f, query);
  g_autofree char *dir = sillok_vault_get_blob_dir (f->vault);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(SillokCheckReport) report = NULL;

  g_assert_cmpint (g_unlink (path), ==, 0);
  report = check (f);
  assert_problem (report, (const char *[]) { name, f->draft, "missing", NULL });
}

/* A leftover file no attachment refers to is removed and noted, not a problem. */
static void
test_leftover_blob (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = sillok_vault_get_blob_dir (f->vault);
  g_autofree char *path = g_build_filename (dir, "0123456789abcdef0123456789abcdef", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokCheckReport) report = NULL;

  g_file_set_contents (path, "leftover", -1, &error);
  g_assert_no_error (error);
  report = check (f);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (report->notes->len, ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* `sillok-cli check`: exit 0 on a healthy vault, 1 when something is wrong. */
static int
run_cli_check (Fixture *f,
               char   **err_out)
{
  const char *cli = g_getenv ("SILLOK_CLI");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int fds[2];

  g_assert_nonnull (cli);
  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], PASSPHRASE "\n", strlen (PASSPHRASE) + 1), ==, (gssize) strlen (PASSPHRASE) + 1);
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], 3);
  proc = g_subprocess_launcher_spawn (launcher, &error, cli, "--vault", f->path, "--passphrase-fd", "3", "check",
                                      NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, err_out, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *update = g_strdup_printf ("UPDATE field_values SET value = '\"someone else\"' WHERE record = '%s' "
                                             "AND version = 1 AND path = 'interviewee.name'", f->uuid);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  sillok_vault_close (f->vault);
  g_assert_cmpint (run_cli_check (f, &err), ==, 0);

  g_clear_object (&f->vault);
  f->vault = sillok_vault_new (f->path);
  {
    g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
    g_autoptr(GError) error = NULL;

    g_assert_true (sillok_vault_unlock (f->vault, pass, FALSE, NULL, &error));
    g_assert_no_error (error);
  }
  sql (f, "DROP TRIGGER sealed_values_update");
  sql (f, update);
  sillok_vault_close (f->vault);
  g_assert_cmpint (run_cli_check (f, &err2), ==, 1);
  g_test_message ("%s", err2);
  g_assert_nonnull (strstr (err2, f->uuid));
  g_assert_nonnull (strstr (err2, "interviewee.name"));
  g_assert_true (g_str_has_prefix (err2, "sillok-cli: "));
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/check/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("healthy", test_healthy);
  ADD ("value-changed", test_value_changed);
  ADD ("value-removed", test_value_removed);
  ADD ("statement-changed", test_statement_changed);
  ADD ("disclosure-changed", test_disclosure_changed);
  ADD ("audit-row-deleted", test_audit_row_deleted);
  ADD ("audit-tail-deleted", test_audit_tail_deleted);
  ADD ("blob-corrupted", test_blob_corrupted);
  ADD ("blob-missing", test_blob_missing);
  ADD ("leftover-blob", test_leftover_blob);
  ADD ("cli", test_cli);
#undef ADD

  return g_test_run ();
}
