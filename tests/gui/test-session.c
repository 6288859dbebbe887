/* test-session.c: the front end's view of the vault, one operation at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-session.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "correct horse battery staple"

typedef struct
{
  char          *dir;
  char          *path;
  SillokSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sillok_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "vault", NULL);
  f->session = sillok_session_new (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->session);
  sillok_test_rmtree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
create (Fixture *f)
{
  g_autoptr(SillokSecret) passphrase = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sillok_session_create_async (f->session, "Kim", passphrase, SILLOK_KDF_INTERACTIVE, store_result, &result);
  g_assert_true (sillok_session_get_busy (f->session));
  g_assert_true (sillok_session_create_finish (f->session, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (sillok_session_get_busy (f->session));
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_UNLOCKED);
}

static gboolean
unlock (Fixture    *f,
        const char *secret,
        gboolean    recovery,
        GError    **error)
{
  g_autoptr(SillokSecret) s = sillok_secret_new_from_string (secret);
  g_autoptr(GAsyncResult) result = NULL;

  sillok_session_unlock_async (f->session, s, recovery, store_result, &result);
  g_assert_true (sillok_session_get_busy (f->session));
  return sillok_session_unlock_finish (f->session, wait_result (&result), error);
}

static void
test_no_vault (Fixture       *f,
               gconstpointer  data)
{
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_NO_VAULT);
  g_assert_false (sillok_session_get_busy (f->session));
  g_assert_null (sillok_session_get_open_error (f->session));
  g_assert_cmpuint (sillok_session_get_failed_attempts (f->session), ==, 0);
  g_assert_cmpuint (sillok_session_get_unlock_delay (f->session), ==, 0);
  /* Locking or closing what is not there does nothing. */
  sillok_session_lock (f->session);
  sillok_session_close (f->session);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_NO_VAULT);
}

static void
test_create_lock_unlock (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create (f);
  g_assert_cmpstr (sillok_vault_get_name (sillok_session_get_vault (f->session)), ==, "Kim");

  sillok_session_lock (f->session);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_LOCKED);
  g_assert_null (sillok_vault_get_name (sillok_session_get_vault (f->session)));

  g_assert_false (unlock (f, "not it", FALSE, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_LOCKED);
  g_assert_cmpuint (sillok_session_get_failed_attempts (f->session), ==, 1);
  g_assert_cmpuint (sillok_session_get_unlock_delay (f->session), ==, 1);

  g_assert_true (unlock (f, PASSPHRASE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_UNLOCKED);
  g_assert_cmpuint (sillok_session_get_failed_attempts (f->session), ==, 0);
  g_assert_cmpuint (sillok_session_get_unlock_delay (f->session), ==, 0);
}

/* A second session on the same folder sees the vault locked, and the
 * failed attempts another process recorded. */
static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SillokSession) other = NULL;
  g_autoptr(GError) error = NULL;

  create (f);
  sillok_session_lock (f->session);
  g_assert_false (unlock (f, "not it", FALSE, &error));
  g_clear_error (&error);

  other = sillok_session_new (f->path);
  g_assert_cmpint (sillok_session_get_state (other), ==, SILLOK_SESSION_LOCKED);
  g_assert_error (sillok_session_get_open_error (other), SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_IN_USE);

  sillok_session_close (f->session);
  g_clear_object (&other);
  other = sillok_session_new (f->path);
  g_assert_null (sillok_session_get_open_error (other));
  g_assert_cmpuint (sillok_session_get_failed_attempts (other), ==, 1);
  /* A new process waits the whole delay. */
  g_assert_cmpuint (sillok_session_get_unlock_delay (other), ==, 1);
  sillok_session_close (other);
}

static void
test_recovery_key (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) shape = g_regex_new ("^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$", 0, 0, NULL);

  create (f);
  sillok_session_add_recovery_key_async (f->session, store_result, &result);
  g_assert_true (sillok_session_get_busy (f->session));
  key = sillok_session_add_recovery_key_finish (f->session, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match (shape, sillok_secret_get_string (key), 0, NULL));

  sillok_session_lock (f->session);
  g_assert_true (unlock (f, sillok_secret_get_string (key), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_UNLOCKED);
}

/* A lock asked for while a worker holds the vault happens when it ends,
 * and the worker's result still arrives. */
static void
test_lock_waits_for_worker (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(GError) error = NULL;

  create (f);
  sillok_session_add_recovery_key_async (f->session, store_result, &result);
  sillok_session_lock (f->session);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_UNLOCKED);
  g_assert_true (sillok_session_get_busy (f->session));

  key = sillok_session_add_recovery_key_finish (f->session, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_false (sillok_session_get_busy (f->session));
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_LOCKED);
  g_assert_true (sillok_vault_is_locked (sillok_session_get_vault (f->session)));
}

static gboolean
erase (Fixture *f,
       GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sillok_session_erase_async (f->session, store_result, &result);
  return sillok_session_erase_finish (f->session, wait_result (&result), error);
}

static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create (f);
  g_assert_true (erase (f, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_NO_VAULT);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  /* Nothing left to erase says so. */
  g_assert_false (erase (f, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* And a new vault can be made in its place. */
  create (f);
}

/* An erase during the wait before an unlock stops the wait at once: the
 * attempt ends cancelled, not judged, and the vault is gone. */
static void
test_erase_cancels_unlock (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SillokSecret) secret = sillok_secret_new_from_string ("not it either");
  g_autoptr(GAsyncResult) unlock_result = NULL;
  g_autoptr(GAsyncResult) erase_result = NULL;
  g_autoptr(GError) error = NULL;

  create (f);
  sillok_session_lock (f->session);
  g_assert_false (unlock (f, "not it", FALSE, &error));
  g_clear_error (&error);
  g_assert_cmpuint (sillok_session_get_unlock_delay (f->session), ==, 1);

  sillok_session_unlock_async (f->session, secret, FALSE, store_result, &unlock_result);
  sillok_session_erase_async (f->session, store_result, &erase_result);
  g_assert_true (sillok_session_get_busy (f->session));

  g_assert_false (sillok_session_unlock_finish (f->session, wait_result (&unlock_result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (sillok_session_erase_finish (f->session, wait_result (&erase_result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_NO_VAULT);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* The failed-unlock policy erases the vault; the session starts over. */
static void
test_erased_by_policy (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create (f);
  g_assert_true (sillok_vault_set_erase_after (sillok_session_get_vault (f->session), 1, &error));
  g_assert_no_error (error);
  sillok_session_lock (f->session);

  g_assert_false (unlock (f, "not it", FALSE, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_ERASED);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_NO_VAULT);
  g_assert_cmpuint (sillok_session_get_failed_attempts (f->session), ==, 0);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_notifications (Fixture       *f,
                    gconstpointer  data)
{
  guint state_notes = 0, busy_notes = 0;
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->session, "notify::state", G_CALLBACK (count_notify), &state_notes);
  g_signal_connect (f->session, "notify::busy", G_CALLBACK (count_notify), &busy_notes);
  create (f);
  g_assert_cmpuint (state_notes, ==, 1);
  g_assert_cmpuint (busy_notes, ==, 2);
  sillok_session_lock (f->session);
  sillok_session_lock (f->session);
  g_assert_cmpuint (state_notes, ==, 2);
  g_assert_false (unlock (f, "not it", FALSE, &error));
  g_assert_cmpuint (state_notes, ==, 2);
  g_assert_cmpuint (busy_notes, ==, 4);
  g_signal_handlers_disconnect_by_data (f->session, &state_notes);
  g_signal_handlers_disconnect_by_data (f->session, &busy_notes);
}

static void
test_close_while_busy (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(SillokSession) other = NULL;

  create (f);
  sillok_session_add_recovery_key_async (f->session, store_result, &result);
  sillok_session_close (f->session);
  g_assert_true (sillok_session_get_busy (f->session));
  key = sillok_session_add_recovery_key_finish (f->session, wait_result (&result), NULL);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_LOCKED);

  /* Closed: the lock is free for another session. */
  other = sillok_session_new (f->path);
  g_assert_null (sillok_session_get_open_error (other));
  sillok_session_close (other);
}

/* Jobs note their number and whether they saw the vault unlocked. */
static GMutex  order_lock;
static GArray *order;

static gpointer
note_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  int n = GPOINTER_TO_INT (data);

  g_mutex_lock (&order_lock);
  g_array_append_val (order, n);
  g_mutex_unlock (&order_lock);
  if (sillok_vault_is_locked (vault))
    {
      g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED, "locked in the job");
      return NULL;
    }
  return g_strdup_printf ("job %d", n);
}

static void
queue_job (Fixture       *f,
           int            n,
           GCancellable  *cancellable,
           GAsyncResult **slot)
{
  sillok_session_run_async (f->session, note_job, GINT_TO_POINTER (n), NULL, g_free, cancellable, store_result, slot);
}

static char *
job_result (Fixture       *f,
            GAsyncResult **slot,
            GError       **error)
{
  return sillok_session_run_finish (f->session, wait_result (slot), error);
}

static void
test_jobs_in_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(GCancellable) stale = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *c = NULL;
  char *b;

  order = g_array_new (FALSE, FALSE, sizeof (int));
  create (f);
  queue_job (f, 1, NULL, &r1);
  queue_job (f, 2, stale, &r2);
  queue_job (f, 3, NULL, &r3);
  g_cancellable_cancel (stale);
  g_assert_true (sillok_session_get_busy (f->session));

  a = job_result (f, &r1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "job 1");
  /* Cancelled before it started: never run. */
  b = job_result (f, &r2, &error);
  g_assert_null (b);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  c = job_result (f, &r3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c, ==, "job 3");
  g_assert_false (sillok_session_get_busy (f->session));
  g_assert_cmpuint (order->len, ==, 2);
  g_assert_cmpint (g_array_index (order, int, 0), ==, 1);
  g_assert_cmpint (g_array_index (order, int, 1), ==, 3);
  g_clear_pointer (&order, g_array_unref);
}

/* Jobs queued before a lock still run on the unlocked vault (edits flushed
 * before locking are saved); those asked for after it fail at once. */
static void
test_lock_after_queued_jobs (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  char *c;

  order = g_array_new (FALSE, FALSE, sizeof (int));
  create (f);
  queue_job (f, 1, NULL, &r1);
  queue_job (f, 2, NULL, &r2);
  sillok_session_lock (f->session);
  queue_job (f, 3, NULL, &r3);
  c = job_result (f, &r3, &error);
  g_assert_null (c);
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);

  a = job_result (f, &r1, &error);
  g_assert_no_error (error);
  b = job_result (f, &r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "job 2");
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_LOCKED);
  g_assert_true (sillok_vault_is_locked (sillok_session_get_vault (f->session)));
  g_assert_cmpuint (order->len, ==, 2);
  g_clear_pointer (&order, g_array_unref);
}

/* Waits for its own cancellable (@data) for up to a minute, as an import or
 * an export checks between chunks. */
static gpointer
stoppable_job (SillokVault   *vault,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_mutex_lock (&order_lock);
  g_array_append_val (order, (int) { 0 });
  g_mutex_unlock (&order_lock);
  while (g_get_monotonic_time () < deadline)
    {
      if (g_cancellable_set_error_if_cancelled (data, error))
        return NULL;
      g_usleep (2000);
    }
  return g_strdup ("ran to the end");
}

/* A lock stops work that can stop (a long import, an export, pages of the
 * list) instead of waiting for it: the screen locks in a moment.  Work
 * queued without a cancellable (saving an edit) still runs before it. */
static void
test_lock_stops_what_can_stop (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(GCancellable) long_one = g_cancellable_new ();
  g_autoptr(GCancellable) queued = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  gint64 start;
  char *a, *c;

  order = g_array_new (FALSE, FALSE, sizeof (int));
  create (f);
  sillok_session_run_async (f->session, stoppable_job, long_one, NULL, g_free, long_one, store_result, &r1);
  queue_job (f, 2, NULL, &r2);
  queue_job (f, 3, queued, &r3);
  /* The long job is under way. */
  while (TRUE)
    {
      gboolean started;

      g_mutex_lock (&order_lock);
      started = order->len > 0;
      g_mutex_unlock (&order_lock);
      if (started)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  start = g_get_monotonic_time ();
  sillok_session_lock (f->session);
  g_assert_true (g_cancellable_is_cancelled (long_one));
  g_assert_true (g_cancellable_is_cancelled (queued));

  a = job_result (f, &r1, &error);
  g_assert_null (a);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  saved = job_result (f, &r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, "job 2");
  c = job_result (f, &r3, &error);
  g_assert_null (c);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_LOCKED);
  g_assert_true (sillok_vault_is_locked (sillok_session_get_vault (f->session)));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  /* The long job and the save ran; the queued read never did. */
  g_assert_cmpuint (order->len, ==, 2);
  g_assert_cmpint (g_array_index (order, int, 1), ==, 2);
  g_clear_pointer (&order, g_array_unref);
}

static void
test_erase_drops_jobs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, erased = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  char *b;

  order = g_array_new (FALSE, FALSE, sizeof (int));
  create (f);
  queue_job (f, 1, NULL, &r1);
  queue_job (f, 2, NULL, &r2);
  sillok_session_erase_async (f->session, store_result, &erased);
  a = job_result (f, &r1, NULL);
  b = job_result (f, &r2, &error);
  g_assert_null (b);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (sillok_session_erase_finish (f->session, wait_result (&erased), &error));
  g_assert_no_error (error);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_NO_VAULT);
  g_assert_cmpuint (order->len, ==, 1);
  g_clear_pointer (&order, g_array_unref);
}

static void
test_job_needs_unlocked (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) r = NULL;
  g_autoptr(GError) error = NULL;

  queue_job (f, 1, NULL, &r);
  g_assert_null (job_result (f, &r, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_assert_false (sillok_session_get_busy (f->session));
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/session/no-vault", test_no_vault);
  ADD ("/session/create-lock-unlock", test_create_lock_unlock);
  ADD ("/session/reopen", test_reopen);
  ADD ("/session/recovery-key", test_recovery_key);
  ADD ("/session/lock-waits-for-worker", test_lock_waits_for_worker);
  ADD ("/session/erase", test_erase);
  ADD ("/session/erase-cancels-unlock", test_erase_cancels_unlock);
  ADD ("/session/erased-by-policy", test_erased_by_policy);
  ADD ("/session/notifications", test_notifications);
  ADD ("/session/close-while-busy", test_close_while_busy);
  ADD ("/session/jobs-in-order", test_jobs_in_order);
  ADD ("/session/lock-after-queued-jobs", test_lock_after_queued_jobs);
  ADD ("/session/lock-stops-what-can-stop", test_lock_stops_what_can_stop);
  ADD ("/session/erase-drops-jobs", test_erase_drops_jobs);
  ADD ("/session/job-needs-unlocked", test_job_needs_unlocked);
#undef ADD

  return g_test_run ();
}
