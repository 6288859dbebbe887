/* test-record-query.c: listing records by search, status and template;
 * counting them; the words narratives lose without being asked
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-redact.h"
#include "sillok/sillok-seal.h"
#include "sillok-test-utils.h"

static char        *vault_dir;
static SillokVault *vault;
static char        *uuids[3];

static void
set (const char *uuid,
     const char *assignment)
{
  const char *assignments[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_record_set_texts (vault, uuid, assignments, &error));
  g_assert_no_error (error);
}

/* Three records: a sealed one, two drafts, one naming 김철수. */
static void
setup_vault (void)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("query test passphrase");
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  vault_dir = sillok_test_mkdtemp ();
  path = g_build_filename (vault_dir, "vault", NULL);
  vault = sillok_vault_new (path);
  g_assert_true (sillok_vault_create (vault, "Query tester", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (uuids); i++)
    {
      uuids[i] = sillok_record_create (vault, template, &error);
      g_assert_no_error (error);
    }
  set (uuids[0], "interview.date=2024-03");
  set (uuids[0], "consent.given=true");
  set (uuids[0], "episodes[0].narrative=탄광에서 일했다");
  g_assert_true (sillok_record_seal (vault, uuids[0], &error));
  g_assert_no_error (error);
  set (uuids[1], "interviewee.name=김철수");
  set (uuids[1], "episodes[0].narrative=김철수는 광산에서 철수와 함께 일했다");
  set (uuids[2], "episodes[0].food=옥수수");
}

static guint
count_of (const SillokRecordQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sillok_record_query (vault, query, 0, 0, &error);
  gint64 n = sillok_record_count (vault, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpint (n, ==, list->len);
  return list->len;
}

static void
test_filters (void)
{
  SillokRecordQuery any = { NULL, -1, NULL, FALSE };
  SillokRecordQuery drafts = { NULL, SILLOK_RECORD_DRAFT, NULL, FALSE };
  SillokRecordQuery sealed = { NULL, SILLOK_RECORD_SEALED, NULL, FALSE };
  SillokRecordQuery by_template = { NULL, -1, "forced-labour", FALSE };
  SillokRecordQuery other_template = { NULL, -1, "no-such-template", FALSE };
  SillokRecordQuery search = { "광산", -1, NULL, FALSE };
  SillokRecordQuery search_sealed = { "광산", SILLOK_RECORD_SEALED, NULL, FALSE };
  SillokRecordQuery blank = { "  ", -1, NULL, FALSE };

  g_assert_cmpuint (count_of (&any), ==, 3);
  g_assert_cmpuint (count_of (&drafts), ==, 2);
  g_assert_cmpuint (count_of (&sealed), ==, 1);
  g_assert_cmpuint (count_of (&by_template), ==, 3);
  g_assert_cmpuint (count_of (&other_template), ==, 0);
  g_assert_cmpuint (count_of (&search), ==, 1);
  g_assert_cmpuint (count_of (&search_sealed), ==, 0);
  g_assert_cmpuint (count_of (&blank), ==, 3);
}

static void
test_paging (void)
{
  SillokRecordQuery any = { NULL, -1, NULL, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = sillok_record_query (vault, &any, 0, 0, &error);
  g_autoptr(GPtrArray) page = sillok_record_query (vault, &any, 1, 1, &error);
  g_autoptr(GPtrArray) past = sillok_record_query (vault, &any, 3, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpstr (((SillokRecordSummary *) page->pdata[0])->uuid, ==,
                   ((SillokRecordSummary *) all->pdata[1])->uuid);
  g_assert_cmpuint (past->len, ==, 0);
}

static void
test_names_only_when_asked (void)
{
  SillokRecordQuery plain = { "김철수", -1, NULL, FALSE };
  SillokRecordQuery named = { "김철수", -1, NULL, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = sillok_record_query (vault, &plain, 0, 0, &error);
  g_autoptr(GPtrArray) b = sillok_record_query (vault, &named, 0, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 1);
  g_assert_cmpuint (b->len, ==, 1);
  g_assert_null (((SillokRecordSummary *) a->pdata[0])->name);
  g_assert_cmpstr (((SillokRecordSummary *) b->pdata[0])->name, ==, "김철수");
  g_assert_null (strstr (((SillokRecordSummary *) b->pdata[0])->title, "김철수"));
}

static void
test_locked (void)
{
  SillokRecordQuery any = { NULL, -1, NULL, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("query test passphrase");

  sillok_vault_lock (vault);
  g_assert_cmpint (sillok_record_count (vault, &any, &error), ==, -1);
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_null (sillok_record_query (vault, &any, 0, 0, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (sillok_vault_unlock (vault, pass, FALSE, NULL, &error));
  g_assert_no_error (error);
}

/* The editor marks what sealing removes: the same words. */
static void
test_narrative_needles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) record = sillok_record_load (vault, uuids[1], 0, &error);
  g_autoptr(GPtrArray) needles = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autofree char *redacted = NULL;
  const char *text = "김철수는 광산에서 철수와 함께 일했다";

  g_assert_no_error (error);
  needles = sillok_seal_narrative_needles (record);
  g_assert_cmpuint (needles->len, >, 0);
  spans = sillok_redact_find (text, needles);
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpuint (g_array_index (spans, SillokSpan, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (spans, SillokSpan, 0).end, ==, 3);
  redacted = sillok_seal_redact_narrative (record, "episodes[0].narrative");
  g_assert_null (strstr (redacted, "철수"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  sillok_test_init (&argc, &argv);
  setup_vault ();

  g_test_add_func ("/record-query/filters", test_filters);
  g_test_add_func ("/record-query/paging", test_paging);
  g_test_add_func ("/record-query/names-only-when-asked", test_names_only_when_asked);
  g_test_add_func ("/record-query/locked", test_locked);
  g_test_add_func ("/record-query/narrative-needles", test_narrative_needles);
  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (uuids); i++)
    g_free (uuids[i]);
  sillok_vault_close (vault);
  g_clear_object (&vault);
  sillok_test_rmtree (vault_dir);
  g_free (vault_dir);
  return status;
}
