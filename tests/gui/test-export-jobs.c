/* test-export-jobs.c: the export dialog's vault work and its words, without a display
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok/sillok-recipients.h"
#include "sillok-export-jobs.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "correct horse battery staple"

/* Progress relay -------------------------------------------------------------- */

typedef struct
{
  guint64 last_done;
  guint64 last_total;
  guint   calls;
  gboolean backwards;
} Seen;

static void
seen_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  Seen *seen = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (done < seen->last_done)
    seen->backwards = TRUE;
  seen->last_done = done;
  seen->last_total = total;
  seen->calls++;
}

#define REPORTS 20000

static gpointer
report_many (gpointer relay)
{
  for (guint64 i = 1; i <= REPORTS; i++)
    sillok_progress_relay_report (i, REPORTS, relay);
  return NULL;
}

static void
test_relay_merges (void)
{
  Seen seen = { 0 };
  g_autoptr(SillokProgressRelay) relay = sillok_progress_relay_new (seen_progress, &seen);
  GThread *thread = g_thread_new ("reporter", report_many, relay);

  g_thread_join (thread);
  /* Nothing reaches the callback outside the main context. */
  g_assert_cmpuint (seen.calls, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.last_done, ==, REPORTS);
  g_assert_cmpuint (seen.last_total, ==, REPORTS);
  g_assert_false (seen.backwards);
  g_assert_cmpuint (seen.calls, >=, 1);
  g_assert_cmpuint (seen.calls, ==, sillok_progress_relay_get_dispatched (relay));
  /* Merged: the main context ran once after the thread was done. */
  g_assert_cmpuint (seen.calls, ==, 1);
}

static void
test_relay_stop (void)
{
  Seen seen = { 0 };
  g_autoptr(SillokProgressRelay) relay = sillok_progress_relay_new (seen_progress, &seen);

  sillok_progress_relay_report (1, 10, relay);
  sillok_progress_relay_stop (relay);
  sillok_progress_relay_report (2, 10, relay);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.calls, ==, 0);
}

/* Pure functions --------------------------------------------------------------- */

static void
test_suggested_name (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2026, 3, 9, 12, 0, 0);
  g_autofree char *name = sillok_export_suggested_name (local);

  g_assert_cmpstr (name, ==, "sillok-20260309.sillok");
}

static void
test_passphrase_check (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sillok_export_check_passphrase ("", "", &error));
  g_assert_error (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_PASSPHRASE_EMPTY);
  g_clear_error (&error);
  g_assert_false (sillok_export_check_passphrase ("one two", "one twp", &error));
  g_assert_error (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_PASSPHRASE_MISMATCH);
  g_clear_error (&error);
  g_assert_true (sillok_export_check_passphrase ("한강 물결 조용히", "한강 물결 조용히", &error));
  g_assert_no_error (error);
}

static void
test_choices_check (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *taken = g_build_filename (dir, "taken.sillok", NULL);
  g_autofree char *free_name = g_build_filename (dir, "new.sillok", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone", "new.sillok", NULL);
  g_autoptr(SillokExportChoices) choices = sillok_export_choices_new ();
  g_autoptr(SillokExportChoices) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (taken, "x", 1, NULL));
  g_assert_false (sillok_export_choices_check (choices, &error));
  g_assert_error (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_RECORD);
  g_clear_error (&error);

  g_ptr_array_add (choices->uuids, g_strdup ("0e3f7c52-8e1a-4a5e-9c1b-2f7d5a9b6c01"));
  g_assert_false (sillok_export_choices_check (choices, &error));
  g_assert_error (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_RECIPIENT);
  g_clear_error (&error);

  choices->passphrase = sillok_secret_new_from_string (PASSPHRASE);
  g_assert_false (sillok_export_choices_check (choices, &error));
  g_assert_error (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_DESTINATION);
  g_clear_error (&error);

  choices->path = g_strdup (taken);
  g_assert_false (sillok_export_choices_check (choices, &error));
  g_assert_error (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_DESTINATION_EXISTS);
  g_clear_error (&error);

  g_free (choices->path);
  choices->path = g_strdup (gone);
  g_assert_false (sillok_export_choices_check (choices, &error));
  g_assert_error (error, SILLOK_EXPORT_CHOICE_ERROR, SILLOK_EXPORT_CHOICE_ERROR_NO_FOLDER);
  g_clear_error (&error);

  g_free (choices->path);
  choices->path = g_strdup (free_name);
  g_assert_true (sillok_export_choices_check (choices, &error));
  g_assert_no_error (error);

  /* A copy owns its own secret. */
  copy = sillok_export_choices_copy (choices);
  g_assert_true (copy->passphrase != choices->passphrase);
  g_assert_true (sillok_secret_equal (copy->passphrase, choices->passphrase));
  g_assert_cmpstr (copy->path, ==, choices->path);
  g_assert_cmpuint (copy->uuids->len, ==, 1);
  sillok_test_rmtree (dir);
}

static void
test_explain (void)
{
  static const struct { GQuark (*domain) (void); int code; const char *words; gboolean details; } cases[] = {
    { g_io_error_quark, G_IO_ERROR_NO_SPACE, "disk is full", TRUE },
    { g_io_error_quark, G_IO_ERROR_EXISTS, "already there", TRUE },
    { g_io_error_quark, G_IO_ERROR_PERMISSION_DENIED, "cannot be written", TRUE },
    { g_io_error_quark, G_IO_ERROR_CANCELLED, "cancelled", FALSE },
    { g_io_error_quark, G_IO_ERROR_FAILED, "could not be written", TRUE },
    { sillok_export_error_quark, SILLOK_EXPORT_ERROR_NO_RECIPIENT, "Nobody could open", TRUE },
    { sillok_export_error_quark, SILLOK_EXPORT_ERROR_K_ANONYMITY, "Give a reason", TRUE },
    { sillok_export_error_quark, SILLOK_EXPORT_ERROR_CONSENT, "did not consent", TRUE },
    { sillok_export_error_quark, SILLOK_EXPORT_ERROR_NOT_SEALED, "Seal it", TRUE },
    { sillok_export_error_quark, SILLOK_EXPORT_ERROR_CHANGED, "Export again", TRUE },
    { sillok_vault_error_quark, SILLOK_VAULT_ERROR_LOCKED, "locked", FALSE },
    { sillok_export_choice_error_quark, SILLOK_EXPORT_CHOICE_ERROR_NO_RECORD, "the words given", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain (), cases[i].code, "the words given");
      g_autofree char *text = sillok_export_explain_error (error);

      g_test_message ("%s %d: %s", g_quark_to_string (error->domain), error->code, text);
      g_assert_nonnull (strstr (text, cases[i].words));
      g_assert_true ((sillok_export_error_details (error) != NULL) == cases[i].details);
    }
  {
    g_autoptr(GError) other = g_error_new_literal (g_markup_error_quark (), 0, "odd");
    g_autofree char *text = sillok_export_explain_error (other);

    g_assert_nonnull (strstr (text, "did not work"));
    g_assert_cmpstr (sillok_export_error_details (other), ==, "odd");
  }
}

/* Jobs on a vault ------------------------------------------------------------- */

typedef struct
{
  char          *dir;
  char          *path;
  SillokSession *session;
  char          *recipient;
} Fixture;

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
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SillokSecret) passphrase = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_generate ();
  SillokAgeRecipient recipient;

  f->dir = sillok_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "vault", NULL);
  f->session = sillok_session_new (f->path);
  sillok_session_create_async (f->session, "Kim", passphrase, SILLOK_KDF_INTERACTIVE, store_result, &result);
  g_assert_true (sillok_session_create_finish (f->session, wait_result (&result), &error));
  g_assert_no_error (error);
  sillok_age_identity_get_recipient (identity, &recipient);
  f->recipient = sillok_age_recipient_encode (&recipient);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  while (sillok_session_get_busy (f->session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (f->session);
  sillok_test_rmtree (f->dir);
  g_free (f->recipient);
  g_free (f->path);
  g_free (f->dir);
}

static char *
add_record (Fixture           *f,
            const char *const *assignments)
{
  SillokVault *vault = sillok_session_get_vault (f->session);
  g_autoptr(SillokTemplate) template = sillok_template_find_installed ("forced-labour", 0, NULL);
  g_autoptr(GError) error = NULL;
  char *uuid;

  g_assert_nonnull (template);
  uuid = sillok_record_create (vault, template, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (vault, uuid, assignments, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  return uuid;
}

static SillokExportChoices *
three_records (Fixture *f,
               gboolean consent_third)
{
  SillokExportChoices *choices = sillok_export_choices_new ();
  const char *common[] = { "consent.given=true", "consent.share_coordinators=true", "interview.date=2026-03",
                           "interviewee.sex=male", "episodes[0].site=musan-mine", NULL };
  const char *refused[] = { "consent.given=true", "consent.share_coordinators=false", "interview.date=2026-03",
                            "interviewee.name=이영희", "episodes[0].site=komdok-mine", NULL };

  g_ptr_array_add (choices->uuids, add_record (f, common));
  g_ptr_array_add (choices->uuids, add_record (f, common));
  g_ptr_array_add (choices->uuids, add_record (f, consent_third ? common : refused));
  g_ptr_array_add (choices->recipients, g_strdup (f->recipient));
  choices->path = g_build_filename (f->dir, "bundle.sillok", NULL);
  return choices;
}

static void
test_plan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SillokExportChoices) choices = three_records (f, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokExportReview) review = NULL;

  sillok_export_job_plan_async (f->session, choices, NULL, store_result, &result);
  g_assert_true (sillok_session_get_busy (f->session));
  review = sillok_export_job_plan_finish (f->session, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (review->report->records->len, ==, 2);
  g_assert_cmpuint (review->versions, ==, 2);
  g_assert_cmpuint (review->report->left_out->len, ==, 1);
  g_assert_cmpuint (review->left_out_titles->len, ==, 1);
  /* Named by the list's title, never by the witness. */
  g_assert_cmpstr (((SillokExportLeftOut *) review->report->left_out->pdata[0])->uuid, ==, choices->uuids->pdata[2]);
  g_assert_nonnull (strstr (review->left_out_titles->pdata[0], "Komdok"));
  g_assert_null (strstr (review->left_out_titles->pdata[0], "이영희"));
  g_assert_cmpuint (review->report->k_min, ==, 2);
  g_assert_true (sillok_export_needs_reason (review->report));
  /* A plan writes nothing. */
  g_assert_false (g_file_test (choices->path, G_FILE_TEST_EXISTS));
}

static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SillokExportChoices) choices = three_records (f, TRUE);
  Seen seen = { 0 };
  g_autoptr(SillokProgressRelay) relay = sillok_progress_relay_new (seen_progress, &seen);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokExportReport) report = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  guint8 digest[64];
  char hex[129];

  sillok_export_job_write_async (f->session, choices, relay, NULL, store_result, &result);
  report = sillok_export_job_write_finish (f->session, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->k_min, ==, 3);
  g_assert_null (report->override);
  g_assert_true (g_file_get_contents (choices->path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, report->size);
  crypto_generichash (digest, sizeof digest, (const guint8 *) contents, len, NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  g_assert_cmpstr (report->b2, ==, hex);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.calls, >=, 1);
  g_assert_cmpuint (seen.last_done, ==, seen.last_total);
  g_assert_false (seen.backwards);

  /* The same file again: refused, and the first one untouched. */
  g_clear_object (&result);
  sillok_export_job_write_async (f->session, choices, relay, NULL, store_result, &result);
  g_assert_null (sillok_export_job_write_finish (f->session, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_test (choices->path, G_FILE_TEST_IS_REGULAR));
}

static void
test_write_below_k (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SillokExportChoices) choices = three_records (f, FALSE);
  g_autoptr(SillokProgressRelay) relay = sillok_progress_relay_new (seen_progress, &(Seen) { 0 });
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokExportReport) report = NULL;

  g_ptr_array_remove_index (choices->uuids, 2);
  g_ptr_array_add (choices->uuids, add_record (f, (const char *[]) { "consent.given=true",
                                                                     "consent.share_coordinators=true",
                                                                     "interview.date=2025-11", NULL }));
  sillok_export_job_write_async (f->session, choices, relay, NULL, store_result, &result);
  g_assert_null (sillok_export_job_write_finish (f->session, wait_result (&result), &error));
  g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_K_ANONYMITY);
  g_assert_false (g_file_test (choices->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_clear_object (&result);

  choices->override = g_strdup ("the court asked for every testimony from this mine");
  sillok_export_job_write_async (f->session, choices, relay, NULL, store_result, &result);
  report = sillok_export_job_write_finish (f->session, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->override, ==, "the court asked for every testimony from this mine");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  GCancellable *cancellable;
  guint64       done_at_cancel;
  guint64       total;
} CancelOnFirst;

static void
cancel_on_first (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  CancelOnFirst *c = user_data;

  if (c->done_at_cancel == 0 && done > 0)
    {
      c->done_at_cancel = done;
      c->total = total;
      g_cancellable_cancel (c->cancellable);
    }
}

static gboolean
folder_has_bundle_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "bundle.sillok"))
      return TRUE;
  return FALSE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SillokExportChoices) choices = three_records (f, TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelOnFirst c = { cancellable, 0, 0 };
  g_autoptr(SillokProgressRelay) relay = sillok_progress_relay_new (cancel_on_first, &c);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autofree guint8 *bytes = g_malloc (16 * 1024 * 1024);

  /* Something big enough to be stopped halfway through. */
  randombytes_buf (bytes, 16 * 1024 * 1024);
  input = g_memory_input_stream_new_from_data (bytes, 16 * 1024 * 1024, NULL);
  g_assert_true (sillok_record_amend (sillok_session_get_vault (f->session), choices->uuids->pdata[0], "a map",
                                      &error) == 2);
  g_assert_true (sillok_record_attach (sillok_session_get_vault (f->session), choices->uuids->pdata[0], input,
                                       "map.bin", "application/octet-stream", "open", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_record_seal (sillok_session_get_vault (f->session), choices->uuids->pdata[0], &error));
  g_assert_no_error (error);

  sillok_export_job_write_async (f->session, choices, relay, cancellable, store_result, &result);
  g_assert_null (sillok_export_job_write_finish (f->session, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled at %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes", c.done_at_cancel, c.total);
  g_assert_cmpuint (c.done_at_cancel, >, 0);
  g_assert_cmpuint (c.done_at_cancel, <, c.total);
  g_assert_false (folder_has_bundle_files (f->dir));
}

static void
test_recipients (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  sillok_export_job_add_recipient_async (f->session, "Seoul office", f->recipient, store_result, &result);
  g_assert_true (sillok_export_job_add_recipient_finish (f->session, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  sillok_export_job_add_recipient_async (f->session, "Bad", "age1nope", store_result, &result);
  g_assert_false (sillok_export_job_add_recipient_finish (f->session, wait_result (&result), &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_INVALID);
  g_clear_object (&result);
  sillok_export_job_recipients_async (f->session, NULL, store_result, &result);
  list = sillok_export_job_recipients_finish (f->session, wait_result (&result), NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((SillokRecipient *) list->pdata[0])->recipient, ==, f->recipient);
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/export-jobs/relay/merges", test_relay_merges);
  g_test_add_func ("/export-jobs/relay/stop", test_relay_stop);
  g_test_add_func ("/export-jobs/suggested-name", test_suggested_name);
  g_test_add_func ("/export-jobs/passphrase", test_passphrase_check);
  g_test_add_func ("/export-jobs/choices", test_choices_check);
  g_test_add_func ("/export-jobs/explain", test_explain);
#define ADD(name, func) g_test_add ("/export-jobs/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("plan", test_plan);
  ADD ("write", test_write);
  ADD ("write-below-k", test_write_below_k);
  ADD ("cancel", test_cancel);
  ADD ("recipients", test_recipients);
#undef ADD
  return g_test_run ();
}
