/* test-draft-saver.c: edits saved a moment after typing stops, and on demand
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok-draft-saver.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "draft saver passphrase"

typedef struct
{
  char          *dir;
  SillokSession *session;
  char          *uuid;
} Fixture;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = sillok_test_mkdtemp ();
  path = g_build_filename (f->dir, "vault", NULL);
  f->session = sillok_session_new (path);
  sillok_session_create_async (f->session, "Saver", pass, SILLOK_KDF_INTERACTIVE, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sillok_session_create_finish (f->session, result, &error));
  template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_assert_no_error (error);
  f->uuid = sillok_record_create (sillok_session_get_vault (f->session), template, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sillok_session_close (f->session);
  g_assert_finalize_object (f->session);
  sillok_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->uuid);
}

static JsonNode *
text_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

static char *
stored (Fixture    *f,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) record = sillok_record_load (sillok_session_get_vault (f->session), f->uuid, 0, &error);
  JsonNode *value;

  g_assert_no_error (error);
  value = sillok_record_get_value (record, path);
  return value != NULL ? g_strdup (json_node_get_string (value)) : NULL;
}

static void
wait_saved (SillokDraftSaver *saver)
{
  while (sillok_draft_saver_get_state (saver) == SILLOK_SAVE_STATE_PENDING
         || sillok_draft_saver_get_state (saver) == SILLOK_SAVE_STATE_SAVING)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_debounced (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SillokDraftSaver) saver = sillok_draft_saver_new (f->session, f->uuid, 100);
  g_autofree char *food = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (sillok_draft_saver_get_state (saver), ==, SILLOK_SAVE_STATE_SAVED);
  sillok_draft_saver_set_value (saver, "episodes[0].food", text_node ("옥"), FALSE);
  sillok_draft_saver_set_value (saver, "episodes[0].food", text_node ("옥수"), FALSE);
  sillok_draft_saver_set_value (saver, "episodes[0].food", text_node ("옥수수"), FALSE);
  g_assert_cmpint (sillok_draft_saver_get_state (saver), ==, SILLOK_SAVE_STATE_PENDING);
  g_assert_false (sillok_session_get_busy (f->session));
  wait_saved (saver);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpint (sillok_draft_saver_get_state (saver), ==, SILLOK_SAVE_STATE_SAVED);
  food = stored (f, "episodes[0].food");
  g_assert_cmpstr (food, ==, "옥수수");
}

/* Flushed before a lock: saved although the delay never passed. */
static void
test_flush_then_lock (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SillokDraftSaver) saver = sillok_draft_saver_new (f->session, f->uuid, 60000);
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autofree char *city = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (SillokSpan));
  SillokSpan span = { 0, 2 };

  g_array_append_val (spans, span);
  sillok_draft_saver_set_value (saver, "interview.city", text_node ("서울"), FALSE);
  sillok_draft_saver_set_value (saver, "episodes[0].narrative", text_node ("김씨가 말했다"), TRUE);
  sillok_draft_saver_set_redactions (saver, "episodes[0].narrative", spans);
  sillok_draft_saver_flush (saver);
  sillok_session_lock (f->session);
  wait_saved (saver);
  g_assert_cmpint (sillok_draft_saver_get_state (saver), ==, SILLOK_SAVE_STATE_SAVED);
  g_assert_cmpint (sillok_session_get_state (f->session), ==, SILLOK_SESSION_LOCKED);

  g_assert_true (sillok_vault_unlock (sillok_session_get_vault (f->session), pass, FALSE, NULL, &error));
  g_assert_no_error (error);
  city = stored (f, "interview.city");
  g_assert_cmpstr (city, ==, "서울");
  {
    g_autoptr(SillokRecord) record = sillok_record_load (sillok_session_get_vault (f->session), f->uuid, 0, &error);
    g_autoptr(GArray) saved = sillok_record_get_redactions (record, "episodes[0].narrative");

    g_assert_cmpuint (saved->len, ==, 1);
    g_assert_cmpuint (g_array_index (saved, SillokSpan, 0).end, ==, 2);
  }
}

static void
test_failure_reported (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SillokDraftSaver) saver = sillok_draft_saver_new (f->session, f->uuid, 10);

  sillok_draft_saver_set_value (saver, "interview.no_such_field", text_node ("x"), FALSE);
  wait_saved (saver);
  g_assert_cmpint (sillok_draft_saver_get_state (saver), ==, SILLOK_SAVE_STATE_FAILED);
  g_assert_nonnull (strstr (sillok_draft_saver_get_error (saver), "no_such_field"));
  sillok_draft_saver_set_value (saver, "interview.city", text_node ("x"), FALSE);
  wait_saved (saver);
  g_assert_cmpint (sillok_draft_saver_get_state (saver), ==, SILLOK_SAVE_STATE_SAVED);
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/draft-saver/debounced", test_debounced);
  ADD ("/draft-saver/flush-then-lock", test_flush_then_lock);
  ADD ("/draft-saver/failure-reported", test_failure_reported);
#undef ADD
  return g_test_run ();
}
