/* test-vault.c: creating, unlocking, locking, rewrapping and erasing vaults
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok/sillok.h"
#include "sillok-db.h"
#include "sillok-keyslots.h"
#include "sillok-vault-private.h"
#include "sillok-test-utils.h"

typedef struct
{
  char        *dir;
  char        *path;
  SillokVault *vault;
} Fixture;

static SillokSecret *
secret (const char *text)
{
  return sillok_secret_new_from_string (text);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(SillokSecret) pass = secret ("correct horse 배터리");
  g_autoptr(GError) error = NULL;

  f->dir = sillok_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "vault", NULL);
  f->vault = sillok_vault_new (f->path);
  g_assert_true (sillok_vault_create (f->vault, "Interviewer 면담자", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->vault);
  sillok_test_rmtree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
file_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->path, name, NULL);
}

static GBytes *
read_in (Fixture    *f,
         const char *name)
{
  g_autofree char *path = file_in (f, name);
  return sillok_test_read_file (path);
}

/* A fresh handle, as another process would have. */
static SillokVault *
reopen (Fixture *f)
{
  g_clear_object (&f->vault);
  f->vault = sillok_vault_new (f->path);
  return f->vault;
}

static gboolean
unlock_with (SillokVault *vault,
             const char  *text,
             GError     **error)
{
  g_autoptr(SillokSecret) s = secret (text);
  return sillok_vault_unlock (vault, s, FALSE, NULL, error);
}

static void
test_create (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *key_id = sillok_vault_get_key_id (f->vault);
  g_autofree char *recipient = sillok_vault_get_age_recipient (f->vault);
  g_autofree char *db_path = file_in (f, "vault.db");
  g_autofree char *blobs = file_in (f, "blobs");
  g_autoptr(GBytes) keyslots = read_in (f, "keyslots.json");
  g_autoptr(GError) error = NULL;
  struct stat st;
  sqlite3 *db;

  g_assert_false (sillok_vault_is_locked (f->vault));
  g_assert_cmpstr (sillok_vault_get_name (f->vault), ==, "Interviewer 면담자");
  g_assert_cmpuint (strlen (key_id), ==, 16);
  g_assert_true (g_str_has_prefix (recipient, "age1"));
  g_assert_cmpint (sillok_vault_get_kdf_preset (f->vault), ==, SILLOK_KDF_INTERACTIVE);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (keyslots, NULL),
                                   "{\"format\":\"sillok-keyslots/1\",\"vault\":\""));

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_test (blobs, G_FILE_TEST_IS_DIR));

  db = sillok_vault_get_db (f->vault, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sillok_db_get_version (db), ==, sillok_db_latest_version ());
}

static void
test_lock_wipes (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  sillok_vault_lock (f->vault);
  g_assert_true (sillok_vault_is_locked (f->vault));
  g_assert_null (sillok_vault_get_signing_key (f->vault));
  g_assert_null (sillok_vault_get_age_identity (f->vault));
  g_assert_null (sillok_vault_get_name (f->vault));
  g_assert_null (sillok_vault_get_db (f->vault, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_true (unlock_with (f->vault, "correct horse 배터리", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sillok_vault_get_name (f->vault), ==, "Interviewer 면담자");
}

static void
test_identity_survives (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *key_id = sillok_vault_get_key_id (f->vault);
  g_autofree char *recipient = sillok_vault_get_age_recipient (f->vault);
  g_autofree char *key_id2 = NULL;
  g_autofree char *recipient2 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (unlock_with (reopen (f), "correct horse 배터리", &error));
  g_assert_no_error (error);
  key_id2 = sillok_vault_get_key_id (f->vault);
  recipient2 = sillok_vault_get_age_recipient (f->vault);
  g_assert_cmpstr (key_id, ==, key_id2);
  g_assert_cmpstr (recipient, ==, recipient2);
}

static void
test_wrong_passphrase_changes_only_counter (Fixture      *f,
                                            gconstpointer data)
{
  g_autoptr(GBytes) keyslots_before = read_in (f, "keyslots.json");
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) keyslots_after = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = NULL;

  sillok_vault_close (f->vault);
  db_before = read_in (f, "vault.db");

  g_assert_false (unlock_with (reopen (f), "wrong", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_assert_true (sillok_vault_is_locked (f->vault));
  g_assert_cmpuint (sillok_vault_get_failed_attempts (f->vault), ==, 1);

  keyslots_after = read_in (f, "keyslots.json");
  db_after = read_in (f, "vault.db");
  g_assert_true (g_bytes_equal (db_before, db_after));
  expected = g_string_new (g_bytes_get_data (keyslots_before, NULL));
  g_assert_cmpint (g_string_replace (expected, "\"failed_attempts\":0", "\"failed_attempts\":1", 1), ==, 1);
  g_assert_cmpstr (g_bytes_get_data (keyslots_after, NULL), ==, expected->str);

  /* The right passphrase clears the counter: keyslots.json is as before. */
  g_clear_error (&error);
  g_assert_true (unlock_with (reopen (f), "correct horse 배터리", &error));
  g_assert_no_error (error);
  g_clear_pointer (&keyslots_after, g_bytes_unref);
  keyslots_after = read_in (f, "keyslots.json");
  g_assert_true (g_bytes_equal (keyslots_before, keyslots_after));
}

static void
test_delay_schedule (void)
{
  guint expected[] = { 0, 1, 2, 4, 8, 16, 30, 30, 30 };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (sillok_vault_delay_for (i), ==, expected[i]);
  g_assert_cmpuint (sillok_vault_delay_for (1000), ==, 30);
}

static void
test_delay_enforced (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  sillok_vault_close (f->vault);
  g_assert_false (unlock_with (reopen (f), "wrong", &error));
  g_clear_error (&error);
  g_assert_false (unlock_with (f->vault, "wrong", &error));
  g_clear_error (&error);

  /* Two failures: a new handle (a new process) waits 2 s before even trying. */
  reopen (f);
  g_assert_true (sillok_vault_open (f->vault, &error));
  g_assert_cmpuint (sillok_vault_get_failed_attempts (f->vault), ==, 2);
  g_assert_cmpuint (sillok_vault_get_unlock_delay (f->vault), ==, 2);
  start = g_get_monotonic_time ();
  g_assert_true (unlock_with (f->vault, "correct horse 배터리", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (sillok_vault_get_failed_attempts (f->vault), ==, 0);
}

static void
test_delay_cancellable (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SillokSecret) pass = secret ("correct horse 배터리");

  sillok_vault_close (f->vault);
  g_assert_false (unlock_with (reopen (f), "wrong", &error));
  g_clear_error (&error);
  reopen (f);
  g_cancellable_cancel (cancellable);
  g_assert_false (sillok_vault_unlock (f->vault, pass, FALSE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* A cancelled wait is not an attempt. */
  g_assert_cmpuint (sillok_vault_get_failed_attempts (f->vault), ==, 1);
}

static void
test_in_use (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(SillokVault) second = sillok_vault_new (f->path);
  g_autoptr(GError) error = NULL;

  g_assert_false (sillok_vault_open (second, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "in use"));
  g_clear_error (&error);
  g_assert_false (sillok_vault_erase (second, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_IN_USE);
  g_clear_error (&error);

  sillok_vault_close (f->vault);
  g_assert_true (sillok_vault_open (second, &error));
  g_assert_no_error (error);
}

static void
test_change_passphrase (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(SillokSecret) next = secret ("새 passphrase");
  g_autoptr(SillokSecret) empty = secret ("");
  g_autoptr(GError) error = NULL;

  g_assert_false (sillok_vault_change_passphrase (f->vault, empty, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sillok_vault_change_passphrase (f->vault, next, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sillok_vault_get_kdf_preset (f->vault), ==, SILLOK_KDF_INTERACTIVE);

  sillok_vault_close (f->vault);
  g_assert_false (unlock_with (reopen (f), "correct horse 배터리", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (unlock_with (reopen (f), "새 passphrase", &error));
  g_assert_no_error (error);

  sillok_vault_lock (f->vault);
  g_assert_false (sillok_vault_change_passphrase (f->vault, next, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
}

static void
test_recovery_key (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(SillokSecret) next = secret ("after recovery");
  g_autoptr(SillokSecret) wrong_key = secret ("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA");
  g_autoptr(GError) error = NULL;

  g_assert_false (sillok_vault_has_recovery_key (f->vault));
  key = sillok_vault_add_recovery_key (f->vault, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_vault_has_recovery_key (f->vault));
  sillok_vault_close (f->vault);

  g_assert_false (sillok_vault_unlock (reopen (f), wrong_key, TRUE, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  /* The recovery key is not a passphrase. */
  g_assert_false (sillok_vault_unlock (reopen (f), key, FALSE, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (sillok_vault_unlock (reopen (f), key, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_vault_change_passphrase (f->vault, next, NULL, &error));
  g_assert_no_error (error);
  sillok_vault_close (f->vault);
  g_assert_true (unlock_with (reopen (f), "after recovery", &error));
  g_assert_no_error (error);
}

static void
test_erase (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_vault_erase (f->vault, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_vault_is_locked (f->vault));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_false (sillok_vault_exists_at (f->path));

  g_assert_false (unlock_with (reopen (f), "correct horse 배터리", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND);
}

/* Erase overwrites the key slots in place, and the temporary copy a killed
 * replacement left, before deleting them: read through descriptors opened
 * before, the files hold none of what they held. */
static void
test_erase_shreds (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyslots = file_in (f, "keyslots.json");
  g_autofree char *stale = file_in (f, ".keyslots.json.0123456789abcdef.tmp");
  g_autofree char *original = NULL;
  int fds[2];
  const char *paths[2];

  g_assert_true (g_file_get_contents (keyslots, &original, NULL, NULL));
  g_assert_true (g_file_set_contents (stale, original, -1, NULL));
  paths[0] = keyslots;
  paths[1] = stale;
  for (guint i = 0; i < 2; i++)
    {
      fds[i] = open (paths[i], O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (fds[i], >=, 0);
    }
  g_assert_true (sillok_vault_erase (f->vault, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < 2; i++)
    {
      char buf[4096];
      ssize_t got = pread (fds[i], buf, sizeof buf, 0);

      g_assert_cmpint (got, >=, (gssize) strlen (original));
      g_assert_null (memmem (buf, got, "\"wrapped\"", 9));
      g_assert_null (memmem (buf, got, "sillok-keyslots", 15));
      close (fds[i]);
    }
}

static void
test_erase_after_failures (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_vault_set_erase_after (f->vault, 2, &error));
  g_assert_no_error (error);
  sillok_vault_close (f->vault);

  g_assert_false (unlock_with (reopen (f), "wrong once", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_cmpuint (sillok_vault_get_erase_after (f->vault), ==, 2);
  g_assert_false (unlock_with (f->vault, "wrong twice", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_ERASED);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
replace_file (Fixture    *f,
              const char *name,
              const char *data,
              gssize      len)
{
  g_autofree char *path = file_in (f, name);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
}

static void
test_damaged_keyslots (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GBytes) good = NULL;
  const char *text;
  gsize len;

  sillok_vault_close (f->vault);
  good = read_in (f, "keyslots.json");
  text = g_bytes_get_data (good, &len);

  for (guint variant = 0; variant < 4; variant++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) before = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autoptr(GString) bad = g_string_new_len (text, len);

      if (variant == 0)
        g_string_truncate (bad, len / 2);
      else if (variant == 1)
        g_string_truncate (bad, 0);
      else if (variant == 2)
        g_string_replace (bad, "\"kdf\":\"argon2id13\"", "\"kdf\":\"argon2i13\"", 1);
      else
        g_string_replace (bad, "\"wrapped\":\"", "\"wrapped\":\"AAAA", 1);
      replace_file (f, "keyslots.json", bad->str, bad->len);
      before = read_in (f, "keyslots.json");

      g_assert_false (unlock_with (reopen (f), "correct horse 배터리", &error));
      g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED);
      g_assert_nonnull (strstr (error->message, "keyslots.json is damaged"));
      after = read_in (f, "keyslots.json");
      g_assert_true (g_bytes_equal (before, after));
    }
}

static void
test_missing_database (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *db = file_in (f, "vault.db");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;

  sillok_vault_close (f->vault);
  before = read_in (f, "keyslots.json");
  g_assert_cmpint (g_unlink (db), ==, 0);
  g_assert_false (unlock_with (reopen (f), "correct horse 배터리", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "vault.db is missing"));
  after = read_in (f, "keyslots.json");
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_swapped_database (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *other_dir = g_build_filename (f->dir, "other", NULL);
  g_autoptr(SillokVault) other = sillok_vault_new (other_dir);
  g_autoptr(SillokSecret) pass = secret ("correct horse 배터리");
  g_autofree char *other_db = g_build_filename (other_dir, "vault.db", NULL);
  g_autoptr(GBytes) other_bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_vault_create (other, "Other", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  sillok_vault_close (other);
  sillok_vault_close (f->vault);
  other_bytes = sillok_test_read_file (other_db);
  replace_file (f, "vault.db", g_bytes_get_data (other_bytes, NULL), g_bytes_get_size (other_bytes));

  g_assert_false (unlock_with (reopen (f), "correct horse 배터리", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED);
  g_assert_true (sillok_vault_is_locked (f->vault));
}

static void
test_not_a_vault (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "nothing", NULL);
  g_autoptr(SillokVault) a = sillok_vault_new (dir);
  g_autoptr(SillokVault) b = sillok_vault_new (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *lock = g_build_filename (dir, "LOCK", NULL);

  g_assert_false (unlock_with (a, "x", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not a Sillok vault"));
  g_clear_error (&error);
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  g_assert_false (unlock_with (b, "x", &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND);
  sillok_test_rmtree (dir);
}

static void
test_create_refusals (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(SillokSecret) pass = secret ("p");
  g_autoptr(SillokSecret) empty = secret ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *busy = g_build_filename (f->dir, "busy", NULL);
  g_autofree char *busy_file = g_build_filename (busy, "notes.txt", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "fresh", NULL);
  g_autoptr(SillokVault) again = sillok_vault_new (f->path);
  g_autoptr(SillokVault) in_busy = sillok_vault_new (busy);
  g_autoptr(SillokVault) in_fresh = sillok_vault_new (fresh);

  sillok_vault_close (f->vault);
  g_assert_false (sillok_vault_create (again, "x", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (busy, 0700), ==, 0);
  g_assert_true (g_file_set_contents (busy_file, "mine", -1, NULL));
  g_assert_false (sillok_vault_create (in_busy, "x", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_test (busy_file, G_FILE_TEST_EXISTS));

  /* Bad arguments leave nothing behind. */
  g_assert_false (sillok_vault_create (in_fresh, "", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sillok_vault_create (in_fresh, "tab\there", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sillok_vault_create (in_fresh, "x", empty, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_INVALID);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

static void
on_unlocked (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  sillok_vault_unlock_finish (SILLOK_VAULT (source), result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
test_unlock_async (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(SillokSecret) pass = secret ("correct horse 배터리");
  GError *error = NULL;
  guint notified = 0;

  sillok_vault_lock (f->vault);
  g_signal_connect_swapped (f->vault, "notify::locked", G_CALLBACK (g_atomic_int_inc), &notified);
  sillok_vault_unlock_async (f->vault, pass, FALSE, NULL, on_unlocked, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (sillok_vault_is_locked (f->vault));
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_failpoint_passwd (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(SillokSecret) next = secret ("next");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") != 0)
    {
      g_test_skip ("failpoints are not compiled in (configure with -Dfailpoints=true)");
      return;
    }

  /* Fails before the rename: the old passphrase still opens the vault. */
  g_setenv ("SILLOK_FAILPOINTS", "keyslots-before-rename=eio", TRUE);
  g_assert_false (sillok_vault_change_passphrase (f->vault, next, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_setenv ("SILLOK_FAILPOINTS", "keyslots-write=short", TRUE);
  g_assert_false (sillok_vault_change_passphrase (f->vault, next, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  /* The message names the file that could not be written. */
  g_assert_nonnull (strstr (error->message, "keyslots.json"));
  g_clear_error (&error);
  g_setenv ("SILLOK_FAILPOINTS", "keyslots-after-fsync=eio", TRUE);
  g_assert_false (sillok_vault_change_passphrase (f->vault, next, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "keyslots.json"));
  g_clear_error (&error);
  g_unsetenv ("SILLOK_FAILPOINTS");

  {
    g_autoptr(GDir) dir = g_dir_open (f->path, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".tmp"));
  }
  sillok_vault_close (f->vault);
  g_assert_true (unlock_with (reopen (f), "correct horse 배터리", &error));
  g_assert_no_error (error);
}

/* A disk that fails the overwrite does not keep the vault in place. */
static void
test_failpoint_erase (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") != 0)
    {
      g_test_skip ("failpoints are not compiled in (configure with -Dfailpoints=true)");
      return;
    }
  g_setenv ("SILLOK_FAILPOINTS", "erase-write=eio", TRUE);
  g_assert_false (sillok_vault_erase (f->vault, &error));
  g_unsetenv ("SILLOK_FAILPOINTS");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "The vault was deleted"));
  g_assert_nonnull (strstr (error->message, "keyslots.json"));
  g_assert_true (sillok_vault_is_locked (f->vault));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

#define ADD(name, func) \
  g_test_add ("/vault/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  sillok_test_init (&argc, &argv);

  ADD ("create", test_create);
  ADD ("lock-wipes", test_lock_wipes);
  ADD ("identity-survives", test_identity_survives);
  ADD ("wrong-passphrase", test_wrong_passphrase_changes_only_counter);
  g_test_add_func ("/vault/delay-schedule", test_delay_schedule);
  ADD ("delay-enforced", test_delay_enforced);
  ADD ("delay-cancellable", test_delay_cancellable);
  ADD ("in-use", test_in_use);
  ADD ("change-passphrase", test_change_passphrase);
  ADD ("recovery-key", test_recovery_key);
  ADD ("erase", test_erase);
  ADD ("erase-shreds", test_erase_shreds);
  ADD ("erase-after-failures", test_erase_after_failures);
  ADD ("damaged-keyslots", test_damaged_keyslots);
  ADD ("missing-database", test_missing_database);
  ADD ("swapped-database", test_swapped_database);
  g_test_add_func ("/vault/not-a-vault", test_not_a_vault);
  ADD ("create-refusals", test_create_refusals);
  ADD ("unlock-async", test_unlock_async);
  ADD ("failpoint-passwd", test_failpoint_passwd);
  ADD ("failpoint-erase", test_failpoint_erase);
  return g_test_run ();
}
