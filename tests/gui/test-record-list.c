/* test-record-list.c: the interviews list model, read from the vault in pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok/sillok-record.h"
#include "sillok-record-list-model.h"
#include "sillok-test-utils.h"

#define N_RECORDS 150

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gpointer
nothing_job (SillokVault   *vault,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return GINT_TO_POINTER (TRUE);
}

static void
count_changes (guint *changes)
{
  (*changes)++;
}

static void
wait_idle (SillokRecordListModel *model)
{
  while (sillok_record_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_pages (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "vault", NULL);
  g_autoptr(SillokSession) session = sillok_session_new (path);
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("list model passphrase");
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(SillokRecordListModel) model = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecordItem) first = NULL;
  g_autoptr(SillokRecordItem) late = NULL;
  g_autoptr(SillokRecordItem) late_again = NULL;
  SillokVault *vault;

  sillok_session_create_async (session, "Lister", pass, SILLOK_KDF_INTERACTIVE, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sillok_session_create_finish (session, result, &error));
  g_assert_no_error (error);

  vault = sillok_session_get_vault (session);
  template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_RECORDS; i++)
    {
      g_autofree char *uuid = sillok_record_create (vault, template, &error);
      g_autofree char *food = g_strdup_printf ("episodes[0].food=%s %u", i % 2 ? "옥수수" : "감자", i);
      const char *assignments[] = { food, "interviewee.name=김영희", NULL };

      g_assert_no_error (error);
      g_assert_true (sillok_record_set_texts (vault, uuid, assignments, &error));
      g_assert_no_error (error);
    }

  model = sillok_record_list_model_new (session);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  {
    guint changes = 0;
    gulong handler = g_signal_connect_swapped (model, "items-changed", G_CALLBACK (count_changes), &changes);

    sillok_record_list_model_set_query (model, NULL, -1, NULL, FALSE);
    g_assert_true (sillok_record_list_model_get_loading (model));
    wait_idle (model);
    /* One change: the rows came with their records (GTK makes the first
     * rows once, not as placeholders first). */
    g_assert_cmpuint (changes, ==, 1);
    g_signal_handler_disconnect (model, handler);
  }
  g_assert_true (sillok_record_list_model_get_counted (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_RECORDS);

  /* The first page came with the count; the last one only when asked. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (sillok_record_item_is_loaded (first));
  g_assert_null (sillok_record_item_get_name (first));
  late = g_list_model_get_item (G_LIST_MODEL (model), N_RECORDS - 1);
  g_assert_false (sillok_record_item_is_loaded (late));
  g_assert_null (sillok_record_item_get_uuid (late));
  wait_idle (model);
  late_again = g_list_model_get_item (G_LIST_MODEL (model), N_RECORDS - 1);
  g_assert_true (sillok_record_item_is_loaded (late_again));
  g_assert_nonnull (sillok_record_item_get_uuid (late_again));

  /* Search, stale answers dropped: only the last query counts. */
  sillok_record_list_model_set_query (model, "감자", -1, NULL, FALSE);
  sillok_record_list_model_set_query (model, "옥수수", -1, NULL, TRUE);
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_RECORDS / 2);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (sillok_record_item_get_name (first), ==, "김영희");

  sillok_record_list_model_set_query (model, NULL, SILLOK_RECORD_SEALED, NULL, FALSE);
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  sillok_record_list_model_set_query (model, NULL, SILLOK_RECORD_DRAFT, "forced-labour", FALSE);
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_RECORDS);

  /* Out of sight: a page on its way is dropped and no other is read, until
   * the next refresh. */
  {
    g_autoptr(SillokRecordItem) asked = NULL;
    g_autoptr(SillokRecordItem) again = NULL;
    g_autoptr(SillokRecordItem) other = NULL;
    guint changes = 0;
    gulong handler = g_signal_connect_swapped (model, "items-changed", G_CALLBACK (count_changes), &changes);

    asked = g_list_model_get_item (G_LIST_MODEL (model), N_RECORDS - 1);
    g_assert_false (sillok_record_item_is_loaded (asked));
    g_assert_true (sillok_record_list_model_get_loading (model));
    sillok_record_list_model_pause (model);
    g_assert_true (sillok_record_list_model_get_paused (model));
    g_assert_false (sillok_record_list_model_get_loading (model));
    other = g_list_model_get_item (G_LIST_MODEL (model), N_RECORDS / 2);
    g_assert_false (sillok_record_item_is_loaded (other));
    g_assert_false (sillok_record_list_model_get_loading (model));
    /* Jobs run in order: once a later one is done, so is the page's. */
    g_clear_object (&result);
    sillok_session_run_async (session, nothing_job, NULL, NULL, NULL, NULL, store_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    for (int i = 0; i < 10; i++)
      g_main_context_iteration (NULL, FALSE);
    again = g_list_model_get_item (G_LIST_MODEL (model), N_RECORDS - 1);
    g_assert_false (sillok_record_item_is_loaded (again));
    g_assert_cmpuint (changes, ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_RECORDS);

    sillok_record_list_model_refresh (model);
    g_assert_false (sillok_record_list_model_get_paused (model));
    wait_idle (model);
    g_assert_cmpuint (changes, >, 0);
    g_clear_object (&again);
    again = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (sillok_record_item_is_loaded (again));
    g_signal_handler_disconnect (model, handler);
  }

  /* Locked: nothing is kept, and a refresh reads nothing. */
  sillok_session_lock (session);
  sillok_record_list_model_clear (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  sillok_record_list_model_refresh (model);
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  g_clear_object (&model);
  sillok_session_close (session);
  g_clear_object (&session);
  sillok_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);
  g_test_add_func ("/record-list/pages", test_pages);
  return g_test_run ();
}
