/* test-record.c: interviews in a real vault — drafts, entries, sealing,
 * amendments, the audit trail, search and attachments
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-audit.h"
#include "sillok/sillok-check.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-seal.h"
#include "sillok/sillok-template.h"
#include "sillok/sillok-value.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "record test 기록"

static char           *vault_dir;
static SillokVault    *vault;
static SillokTemplate *template;

static SillokVault *
open_vault (void)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (vault_dir, "vault", NULL);
  SillokVault *v = sillok_vault_new (path);

  g_assert_true (sillok_vault_unlock (v, pass, FALSE, NULL, &error));
  g_assert_no_error (error);
  return v;
}

static void
create_vault (void)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  vault_dir = sillok_test_mkdtemp ();
  path = g_build_filename (vault_dir, "vault", NULL);
  vault = sillok_vault_new (path);
  g_assert_true (sillok_vault_create (vault, "Record tester", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
}

static char *
new_record (void)
{
  g_autoptr(GError) error = NULL;
  char *uuid = sillok_record_create (vault, template, &error);

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (uuid));
  return uuid;
}

/* Sets PATH=VALUE assignments, NULL-terminated. */
static void
set_texts (const char *uuid,
           ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) assignments = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *a;

  va_start (args, uuid);
  while ((a = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, a);
  va_end (args);
  assignments = g_strv_builder_end (builder);
  g_assert_true (sillok_record_set_texts (vault, uuid, (const char *const *) assignments, &error));
  g_assert_no_error (error);
}

static SillokRecord *
load (const char *uuid,
      guint       version)
{
  g_autoptr(GError) error = NULL;
  SillokRecord *record = sillok_record_load (vault, uuid, version, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static char *
value_json (SillokRecord *record,
            const char   *path)
{
  JsonNode *value = sillok_record_get_value (record, path);

  return value != NULL ? sillok_jcs_serialize (value, NULL, NULL) : NULL;
}

static void
assert_value (const char *uuid,
              const char *path,
              const char *json)
{
  g_autoptr(SillokRecord) record = load (uuid, 0);
  g_autofree char *stored = value_json (record, path);

  g_assert_cmpstr (stored, ==, json);
}

static void
assert_error_names (GError     *error,
                    GQuark      domain,
                    int         code,
                    const char *text)
{
  g_assert_error (error, domain, code);
  if (text != NULL && strstr (error->message, text) == NULL)
    g_error ("“%s” does not name “%s”", error->message, text);
}

static JsonNode *
node_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = sillok_jcs_parse (json, strlen (json), NULL, SILLOK_JSON_PARSE_DEFAULT, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_create (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(SillokRecord) record = load (uuid, 0);
  g_autoptr(GPtrArray) paths = sillok_record_get_paths (record);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) missing = NULL;
  g_autoptr(GPtrArray) chain = NULL;

  g_assert_cmpstr (sillok_record_get_uuid (record), ==, uuid);
  g_assert_cmpuint (sillok_record_get_version (record), ==, 1);
  g_assert_cmpuint (sillok_record_get_latest (record), ==, 1);
  g_assert_cmpint (sillok_record_get_status (record), ==, SILLOK_RECORD_DRAFT);
  g_assert_cmpstr (sillok_template_get_digest (sillok_record_get_template (record)), ==,
                   sillok_template_get_digest (template));
  g_assert_cmpuint (paths->len, ==, 0);
  g_assert_null (sillok_record_get_statement (record));
  g_assert_null (sillok_record_get_supersedes (record));
  g_assert_nonnull (sillok_record_get_updated (record));

  missing = sillok_record_load (vault, "00000000-0000-4000-8000-000000000000", 0, &error);
  g_assert_null (missing);
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND,
                      "00000000-0000-4000-8000-000000000000");
  g_clear_error (&error);
  g_assert_null (sillok_record_load (vault, uuid, 2, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND, "version 2");
  g_clear_error (&error);
  g_assert_false (sillok_record_set_texts (vault, "nope", (const char *[]) { "interview.city=x", NULL }, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND, "nope");
  g_clear_error (&error);

  chain = sillok_audit_list (vault, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chain->len, ==, 1);
  g_assert_cmpstr (((SillokAuditEntry *) chain->pdata[0])->action, ==, "created");
}

static void
test_set_and_clear (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) name = node_of ("\"김철수\"");
  g_autoptr(JsonNode) empty = node_of ("\"\"");

  g_assert_true (sillok_record_set (vault, uuid, "interviewee.name", name, &error));
  g_assert_no_error (error);
  assert_value (uuid, "interviewee.name", "\"김철수\"");
  set_texts (uuid, "interview.date=2024-05", "episodes[0].ilo_indicators=violence,deception",
             "interviewee.home_province=ryanggang", "episodes[0].hours_per_day=12", "consent.given=false", NULL);
  assert_value (uuid, "interview.date", "\"2024-05\"");
  assert_value (uuid, "episodes[0].ilo_indicators", "[\"deception\",\"violence\"]");
  assert_value (uuid, "episodes[0].hours_per_day", "12");
  assert_value (uuid, "consent.given", "false");

  /* Paths come back in template order. */
  {
    g_autoptr(SillokRecord) record = load (uuid, 0);
    g_autoptr(GPtrArray) paths = sillok_record_get_paths (record);
    const char *order[] = { "consent.given", "interview.date", "interviewee.name", "interviewee.home_province",
                            "episodes[0].hours_per_day", "episodes[0].ilo_indicators" };

    g_assert_cmpuint (paths->len, ==, G_N_ELEMENTS (order));
    for (guint i = 0; i < paths->len; i++)
      g_assert_cmpstr (paths->pdata[i], ==, order[i]);
  }

  /* Clearing: NULL, an empty text, or PATH= on the command line. */
  g_assert_true (sillok_record_set (vault, uuid, "interviewee.name", NULL, &error));
  g_assert_no_error (error);
  assert_value (uuid, "interviewee.name", NULL);
  g_assert_true (sillok_record_set (vault, uuid, "interviewee.name", name, &error));
  g_assert_true (sillok_record_set (vault, uuid, "interviewee.name", empty, &error));
  g_assert_no_error (error);
  assert_value (uuid, "interviewee.name", NULL);
  set_texts (uuid, "interview.date=", NULL);
  assert_value (uuid, "interview.date", NULL);
  /* Clearing what is not set is no error. */
  set_texts (uuid, "interview.date=", NULL);
}

static void
test_errors_name_path (void)
{
  g_autofree char *uuid = new_record ();
  struct { const char *assignment; const char *names; } bad[] = {
    { "nothing.date=2024", "nothing.date" },
    { "interview.nothing=1", "interview.nothing" },
    { "episodes.site=x", "episodes.site" },
    { "interview[0].date=2024", "interview[0].date" },
    { "episodes[01].site=x", "episodes[01].site" },
    { "interview.date=2024-13", "interview.date" },
    { "interview.date=yesterday", "interview.date" },
    { "consent.given=yes", "consent.given" },
    { "interviewee.sex=f", "interviewee.sex" },
    { "episodes[0].hours_per_day=25", "episodes[0].hours_per_day" },
    { "episodes[0].hours_per_day=twelve", "episodes[0].hours_per_day" },
    { "episodes[0].ilo_indicators=violence,violence", "episodes[0].ilo_indicators" },
    { "interviewee.name=a\nb", "interviewee.name" },
    { "interview.date", "interview.date" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *assignments[] = { "interview.city=Seoul", bad[i].assignment, NULL };

      g_assert_false (sillok_record_set_texts (vault, uuid, assignments, &error));
      assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, bad[i].names);
      /* All or none: the good assignment before it was not kept. */
      assert_value (uuid, "interview.city", NULL);
    }

  /* Stored forms checked the same way, naming the path. */
  {
    struct { const char *path; const char *json; } values[] = {
      { "interview.date", "2024" },
      { "interview.date", "\"2024-02-30\"" },
      { "episodes[0].hours_per_day", "9007199254740992" },
      { "episodes[0].hours_per_day", "1.5" },
      { "episodes[0].ilo_indicators", "[\"violence\",\"deception\"]" },
      { "episodes[0].site", "[\"a\",\"b\"]" },
      { "interviewee.home_province", "\"seoul\"" },
      { "consent.given", "null" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) v = node_of (values[i].json);

        g_assert_false (sillok_record_set (vault, uuid, values[i].path, v, &error));
        assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, values[i].path);
      }
  }
}

static void
test_entries (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;

  /* Setting the next free index adds the entry; a gap is refused. */
  set_texts (uuid, "episodes[0].site=first mine", "episodes[0].hours_per_day=10", NULL);
  g_assert_false (sillok_record_set_texts (vault, uuid, (const char *[]) { "episodes[2].site=x", NULL }, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "episodes[1]");
  g_clear_error (&error);
  set_texts (uuid, "episodes[1].site=second mine", NULL);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpuint (sillok_record_get_entry_count (r, "episodes"), ==, 2);
    g_assert_cmpuint (sillok_record_get_entry_count (r, "perpetrators"), ==, 0);
  }
  /* Clearing in the next free entry adds nothing. */
  set_texts (uuid, "episodes[2].site=", NULL);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpuint (sillok_record_get_entry_count (r, "episodes"), ==, 2);
  }

  /* An empty entry, then values in it. */
  g_assert_cmpint (sillok_record_add_entry (vault, uuid, "episodes", &error), ==, 2);
  g_assert_no_error (error);
  set_texts (uuid, "episodes[2].site=third mine", "episodes[2].narrative=셋째 광산 이야기", NULL);
  {
    SillokSpan span = { 0, 2 };
    g_assert_true (sillok_record_set_redactions (vault, uuid, "episodes[2].narrative", &span, 1, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (sillok_record_add_entry (vault, uuid, "interview", &error), ==, -1);
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "interview");
  g_clear_error (&error);

  /* Move the third entry first: values and redactions follow. */
  g_assert_true (sillok_record_move_entry (vault, uuid, "episodes", 2, 0, &error));
  g_assert_no_error (error);
  assert_value (uuid, "episodes[0].site", "[\"third mine\"]");
  assert_value (uuid, "episodes[1].site", "[\"first mine\"]");
  assert_value (uuid, "episodes[1].hours_per_day", "10");
  assert_value (uuid, "episodes[2].site", "[\"second mine\"]");
  assert_value (uuid, "episodes[0].narrative", "\"셋째 광산 이야기\"");
  assert_value (uuid, "episodes[2].narrative", NULL);
  assert_value (uuid, "episodes[0].hours_per_day", NULL);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_autoptr(GArray) moved = sillok_record_get_redactions (r, "episodes[0].narrative");
    g_autoptr(GArray) old = sillok_record_get_redactions (r, "episodes[2].narrative");

    g_assert_cmpuint (moved->len, ==, 1);
    g_assert_cmpuint (g_array_index (moved, SillokSpan, 0).end, ==, 2);
    g_assert_cmpuint (old->len, ==, 0);
  }

  /* And back down: 0 → 2. */
  g_assert_true (sillok_record_move_entry (vault, uuid, "episodes", 0, 2, &error));
  assert_value (uuid, "episodes[0].site", "[\"first mine\"]");
  assert_value (uuid, "episodes[1].site", "[\"second mine\"]");
  assert_value (uuid, "episodes[2].site", "[\"third mine\"]");

  /* Remove the first: the others move up. */
  g_assert_true (sillok_record_remove_entry (vault, uuid, "episodes", 0, &error));
  g_assert_no_error (error);
  assert_value (uuid, "episodes[0].site", "[\"second mine\"]");
  assert_value (uuid, "episodes[1].site", "[\"third mine\"]");
  assert_value (uuid, "episodes[1].narrative", "\"셋째 광산 이야기\"");
  assert_value (uuid, "episodes[2].site", NULL);
  assert_value (uuid, "episodes[0].hours_per_day", NULL);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpuint (sillok_record_get_entry_count (r, "episodes"), ==, 2);
  }

  /* The list's title: each site once, a name inside another kept, in entry order. */
  set_texts (uuid, "episodes[2].site=mine", "episodes[3].site=third mine", NULL);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpstr (sillok_record_get_title (r), ==, "second mine, third mine, mine");
  }
  g_assert_true (sillok_record_remove_entry (vault, uuid, "episodes", 3, &error));
  g_assert_true (sillok_record_remove_entry (vault, uuid, "episodes", 2, &error));

  g_assert_false (sillok_record_remove_entry (vault, uuid, "episodes", 2, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND, "2");
  g_clear_error (&error);
  g_assert_false (sillok_record_move_entry (vault, uuid, "episodes", 0, 5, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND, "5");
  g_clear_error (&error);
  g_assert_false (sillok_record_remove_entry (vault, uuid, "interviewee", 0, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "interviewee");
  g_clear_error (&error);

  /* Redactions only on narratives, and never empty or reversed. */
  {
    SillokSpan reversed = { 5, 2 };
    g_assert_false (sillok_record_set_redactions (vault, uuid, "episodes[0].site", &reversed, 0, &error));
    assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "episodes[0].site");
    g_clear_error (&error);
    g_assert_false (sillok_record_set_redactions (vault, uuid, "episodes[1].narrative", &reversed, 1, &error));
    assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "episodes[1].narrative");
    g_clear_error (&error);
  }
  /* Spans of an entry that does not exist would land on a later one. */
  {
    SillokSpan span = { 0, 3 };
    g_assert_false (sillok_record_set_redactions (vault, uuid, "episodes[2].narrative", &span, 1, &error));
    assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND, "episodes[2].narrative");
    g_clear_error (&error);
  }
}

/* Drafts are in the vault: closing and reopening it loses nothing. */
static void
test_reopen (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;

  set_texts (uuid, "interviewee.name=Kim Chol-su", "episodes[0].narrative=Line one\nline two",
             "perpetrators[0].rank=captain", NULL);
  sillok_vault_close (vault);
  g_clear_object (&vault);
  vault = open_vault ();
  assert_value (uuid, "interviewee.name", "\"Kim Chol-su\"");
  assert_value (uuid, "episodes[0].narrative", "\"Line one\\nline two\"");
  assert_value (uuid, "perpetrators[0].rank", "\"captain\"");

  /* Locked, nothing is readable; unlocked again, all is there. */
  sillok_vault_lock (vault);
  g_assert_null (sillok_record_load (vault, uuid, 0, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  {
    g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
    g_assert_true (sillok_vault_unlock (vault, pass, FALSE, NULL, &error));
    g_assert_no_error (error);
  }
  assert_value (uuid, "interviewee.name", "\"Kim Chol-su\"");
}

static void
test_seal_refused (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;

  g_assert_false (sillok_record_seal (vault, uuid, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_SEALABLE, "consent.given");
  g_assert_nonnull (strstr (error->message, "interview.date"));
  g_clear_error (&error);

  set_texts (uuid, "consent.given=false", "interview.date=2024-05-01", NULL);
  g_assert_false (sillok_record_seal (vault, uuid, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_SEALABLE, "consent.given");
  g_assert_null (strstr (error->message, "interview.date"));
  g_clear_error (&error);

  set_texts (uuid, "consent.given=true", "interview.date=", NULL);
  g_assert_false (sillok_record_seal (vault, uuid, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_SEALABLE, "interview.date");
  g_assert_null (strstr (error->message, "consent.given"));
  g_clear_error (&error);

  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_autoptr(GPtrArray) missing = sillok_record_missing_for_seal (r);

    g_assert_cmpuint (missing->len, ==, 1);
    g_assert_cmpstr (missing->pdata[0], ==, "interview.date");
    g_assert_cmpint (sillok_record_get_status (r), ==, SILLOK_RECORD_DRAFT);
  }

  g_assert_false (sillok_record_seal (vault, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND);
}

/* A full interview whose narratives name the witness. */
static char *
full_record (void)
{
  char *uuid = new_record ();

  set_texts (uuid,
             "consent.given=true", "consent.share_coordinators=true", "consent.share_legal=false",
             "consent.contact=010-1234-5678",
             "interview.date=2024-05-01", "interview.country=KR", "interview.language=en", "interview.city=Seoul",
             "interview.interpreter=false",
             "interviewee.name=Kim Chol-su", "interviewee.aliases=Chori, 김철수", "interviewee.home_county=Hoeryong",
             "interviewee.family_affected=My brother was taken in 1999.", "interviewee.birth_date=1977-03-02",
             "interviewee.sex=male", "interviewee.songbun=hostile", "interviewee.home_province=north-hamgyong",
             "interviewee.occupation=driver", "interviewee.left_dprk=2010-08",
             "episodes[0].site=musan-mine", "episodes[0].site_type=iron-mine", "episodes[0].province=north-hamgyong",
             "episodes[0].category=enterprise-worker", "episodes[0].from=1998", "episodes[0].to=2003-06",
             "episodes[0].hours_per_day=14", "episodes[0].ilo_indicators=violence,overtime",
             "episodes[0].narrative=Kim Chol-su, called Chori, came from hoeryong to the mine. "
             "KIM CHOLSU was beaten by Pak Yong-ho. Call 01012345678. We worked 14 hours.",
             "episodes[0].punishments=Secret detail here.",
             "episodes[1].site=a small gold mine", "episodes[1].narrative=김철수는 거기서도 일했다.",
             "perpetrators[0].name=Pak Yong-ho", "perpetrators[0].rank=captain",
             "perpetrators[0].acts=Pak Yong-ho beat Kim Chol-su with a shovel.",
             "assessment.credibility=Consistent account.", "assessment.follow_up=true",
             NULL);
  return uuid;
}

static GHashTable *
disclosures_by_name (SillokRecord *record)
{
  GHashTable *by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  GStrv encoded = sillok_record_get_disclosures (record);

  for (guint i = 0; encoded[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokDisclosure) d = sillok_disclosure_parse (encoded[i], strlen (encoded[i]), &error);

      g_assert_no_error (error);
      g_assert_false (g_hash_table_contains (by_name, sillok_disclosure_get_name (d)));
      g_hash_table_insert (by_name, g_strdup (sillok_disclosure_get_name (d)), sillok_disclosure_dup_value (d));
    }
  return by_name;
}

static char *
disclosed_json (GHashTable *by_name,
                const char *name)
{
  JsonNode *v = g_hash_table_lookup (by_name, name);
  return v != NULL ? sillok_jcs_serialize (v, NULL, NULL) : NULL;
}

static void
assert_disclosed (GHashTable *by_name,
                  const char *name,
                  const char *json)
{
  g_autofree char *got = disclosed_json (by_name, name);

  if (g_strcmp0 (got, json) != 0)
    g_error ("disclosure %s is %s, not %s", name, got != NULL ? got : "absent", json != NULL ? json : "absent");
}

/* Lower case without spaces and hyphens, for looking for names. */
static char *
squeeze (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != '.')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
assert_no_name_in (const char *text)
{
  const char *identifying[] = { "Kim Chol-su", "Chori", "Hoeryong", "010-1234-5678", "Pak Yong-ho", "김철수",
                                "철수" };
  g_autofree char *hay = squeeze (text);

  for (guint i = 0; i < G_N_ELEMENTS (identifying); i++)
    {
      g_autofree char *needle = squeeze (identifying[i]);
      if (strstr (hay, needle) != NULL)
        g_error ("“%s” is left in the redacted narrative “%s”", identifying[i], text);
    }
}

static void
test_seal (void)
{
  g_autofree char *uuid = full_record ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) record = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(JsonNode) statement = NULL;
  g_autoptr(GPtrArray) checked = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *key_id = sillok_vault_get_key_id (vault);
  g_autofree char *comment = NULL;
  g_autofree char *digest_hex = NULL;
  SillokMinisignPublicKey pk;
  GBytes *bytes;
  JsonObject *o;
  JsonArray *digests;
  GStrv encoded;
  guint undisclosed = 0;
  guint8 digest[32];

  {
    SillokSpan span = { strlen ("Kim Chol-su, called Chori, came from hoeryong to the "),
                        strlen ("Kim Chol-su, called Chori, came from hoeryong to the mine") };
    g_assert_true (sillok_record_set_redactions (vault, uuid, "episodes[0].narrative", &span, 1, &error));
    g_assert_no_error (error);
  }
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  record = load (uuid, 0);
  g_assert_cmpint (sillok_record_get_status (record), ==, SILLOK_RECORD_SEALED);
  g_assert_cmpuint (sillok_record_get_version (record), ==, 1);

  /* The signature verifies with the vault's public key. */
  bytes = sillok_record_get_statement (record);
  sillok_vault_get_public_key (vault, &pk);
  sig = sillok_minisign_signature_parse (g_bytes_get_data (sillok_record_get_signature (record), NULL),
                                         g_bytes_get_size (sillok_record_get_signature (record)), &error);
  g_assert_no_error (error);
  g_assert_true (sillok_minisign_verify (&pk, sig, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0,
                                         &error));
  g_assert_no_error (error);
  comment = g_strdup_printf ("sillok-statement/1 record=%s version=1", uuid);
  g_assert_cmpstr (sig->trusted_comment, ==, comment);
  crypto_generichash (digest, sizeof digest, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, 0);
  digest_hex = sillok_test_hex (digest, sizeof digest);
  g_assert_cmpstr (sillok_record_get_statement_digest (record), ==, digest_hex);

  /* The statement: canonical, with the members of DESIGN §7.2. */
  statement = sillok_jcs_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL,
                                SILLOK_JSON_PARSE_INTEGERS_ONLY, &error);
  g_assert_no_error (error);
  {
    g_autofree char *again = sillok_jcs_serialize (statement, NULL, NULL);
    g_assert_cmpmem (again, strlen (again), g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  }
  o = json_node_get_object (statement);
  g_assert_cmpuint (json_object_get_size (o), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "sillok-statement/1");
  g_assert_cmpstr (json_object_get_string_member (o, "digest_alg"), ==, "blake2b-256");
  g_assert_cmpstr (json_object_get_string_member (o, "record"), ==, uuid);
  g_assert_cmpstr (json_object_get_string_member (o, "signer"), ==, key_id);
  g_assert_cmpstr (json_object_get_string_member (o, "template"), ==, sillok_template_get_digest (template));
  g_assert_true (json_object_get_null_member (o, "supersedes"));
  g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 1);
  digests = json_object_get_array_member (o, "disclosures");
  g_assert_cmpuint (json_array_get_length (digests) % 16, ==, 0);
  for (guint i = 1; i < json_array_get_length (digests); i++)
    g_assert_cmpstr (json_array_get_string_element (digests, i - 1), <,
                     json_array_get_string_element (digests, i));

  /* Every disclosure's digest is in the statement exactly once. */
  {
    g_autoptr(GPtrArray) list = g_ptr_array_new ();

    for (guint i = 0; i < json_array_get_length (digests); i++)
      g_ptr_array_add (list, (gpointer) json_array_get_string_element (digests, i));
    g_ptr_array_add (list, NULL);
    encoded = sillok_record_get_disclosures (record);
    checked = sillok_disclosure_check_set ((const char *const *) encoded, (const char *const *) list->pdata,
                                           &undisclosed, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (checked->len, ==, g_strv_length (encoded));
    g_assert_cmpuint (undisclosed, ==, json_array_get_length (digests) - g_strv_length (encoded));
  }

  /* Every value, exactly as stored. */
  by_name = disclosures_by_name (record);
  paths = sillok_record_get_paths (record);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *stored = value_json (record, paths->pdata[i]);
      assert_disclosed (by_name, paths->pdata[i], stored);
    }

  /* Generalized forms of quasi-identifiers, none of identifying or legal fields. */
  assert_disclosed (by_name, "interview.date@anon", "\"2024-05\"");
  assert_disclosed (by_name, "interviewee.birth_date@anon", "\"1975-1979\"");
  assert_disclosed (by_name, "interviewee.left_dprk@anon", "\"2010\"");
  assert_disclosed (by_name, "interviewee.sex@anon", "\"male\"");
  assert_disclosed (by_name, "interviewee.songbun@anon", "\"hostile\"");
  assert_disclosed (by_name, "interviewee.home_province@anon", "\"north-hamgyong\"");
  assert_disclosed (by_name, "episodes[0].from@anon", "\"1998\"");
  assert_disclosed (by_name, "episodes[0].to@anon", "\"2003\"");
  assert_disclosed (by_name, "interview.city@anon", NULL);
  assert_disclosed (by_name, "interviewee.occupation@anon", NULL);
  {
    const char *never[] = { "consent.contact", "interviewee.name", "interviewee.aliases", "interviewee.home_county",
                            "interviewee.family_affected", "assessment.credibility", "assessment.follow_up",
                            "perpetrators[0].name", "episodes[0].site", "episodes[0].hours_per_day",
                            "consent.given" };

    for (guint i = 0; i < G_N_ELEMENTS (never); i++)
      {
        g_autofree char *anon = g_strconcat (never[i], "@anon", NULL);
        assert_disclosed (by_name, anon, NULL);
      }
  }

  /* Narratives leave redacted: no identifying value, the marked span gone,
   * the rest kept; the interview was in English. */
  {
    const char *narratives[] = { "episodes[0].narrative", "episodes[0].punishments", "episodes[1].narrative",
                                 "perpetrators[0].acts" };

    for (guint i = 0; i < G_N_ELEMENTS (narratives); i++)
      {
        g_autofree char *anon = g_strconcat (narratives[i], "@anon", NULL);
        JsonNode *v = g_hash_table_lookup (by_name, anon);

        g_assert_nonnull (v);
        assert_no_name_in (json_node_get_string (v));
      }
    {
      const char *text = json_node_get_string (g_hash_table_lookup (by_name, "episodes[0].narrative@anon"));

      g_test_message ("%s", text);
      g_assert_null (strstr (text, "mine"));
      g_assert_nonnull (strstr (text, "[redacted]"));
      g_assert_nonnull (strstr (text, " was beaten by "));
      g_assert_nonnull (strstr (text, "We worked 14 hours."));
    }
  }

  /* Reserved names. */
  {
    g_autofree char *sealed_at = disclosed_json (by_name, "$sealed_at");
    g_autofree char *month = disclosed_json (by_name, "$sealed_at@anon");
    JsonNode *pseudonym = g_hash_table_lookup (by_name, "$pseudonym");

    g_assert_nonnull (sealed_at);
    g_assert_cmpuint (strlen (sealed_at), ==, strlen ("\"2026-11-26T21:04:05Z\""));
    g_assert_cmpuint (strlen (month), ==, strlen ("\"2026-11\""));
    g_assert_true (strncmp (sealed_at, month, 8) == 0);
    g_assert_cmpstr (sillok_record_get_sealed_at (record), ==, json_node_get_string (
                       g_hash_table_lookup (by_name, "$sealed_at")));
    assert_disclosed (by_name, "$consent", "[\"given\",\"share_coordinators\"]");
    g_assert_nonnull (pseudonym);
    g_assert_true (sillok_disclosure_is_digest (json_node_get_string (pseudonym)));
    assert_disclosed (by_name, "$reason", NULL);
  }

  /* The files of `record statement`. */
  {
    g_autofree char *dir = sillok_test_mkdtemp ();
    g_autofree char *out = g_build_filename (dir, "out", NULL);
    g_autofree char *statement_path = g_build_filename (out, "statement.json", NULL);
    g_autofree char *pub_name = g_strdup_printf ("%s.pub", key_id);
    g_autofree char *pub_path = g_build_filename (out, pub_name, NULL);
    g_autofree char *all_path = g_build_filename (out, "disclosures.json", NULL);
    g_autoptr(GBytes) written = NULL;
    g_autoptr(GBytes) all = NULL;
    g_autoptr(JsonNode) all_json = NULL;

    g_assert_true (sillok_record_write_statement (vault, uuid, 1, out, &error));
    g_assert_no_error (error);
    written = sillok_test_read_file (statement_path);
    g_assert_true (g_bytes_equal (written, bytes));
    g_assert_true (g_file_test (pub_path, G_FILE_TEST_IS_REGULAR));
    all = sillok_test_read_file (all_path);
    all_json = sillok_jcs_parse (g_bytes_get_data (all, NULL), g_bytes_get_size (all), NULL, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (all_json)), ==, g_strv_length (encoded));
    sillok_test_rmtree (dir);
  }
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (at);
  g_string_append_len (s, text, at - text);
  g_string_append (s, to);
  g_string_append (s, at + strlen (from));
  return g_string_free (s, FALSE);
}

static char *
sealed_record (void)
{
  char *uuid = new_record ();
  g_autoptr(GError) error = NULL;

  set_texts (uuid, "consent.given=true", "interview.date=2024-05-01", "interviewee.name=김철수",
             "episodes[0].narrative=김철수는 광산에서 일했다.", NULL);
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  return uuid;
}

static void
test_sealed_never_changes (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) name = node_of ("\"someone else\"");
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data ("abc", 3, NULL);
  SillokSpan span = { 0, 3 };
  sqlite3 *db;
  const char *sql[] = {
    "UPDATE field_values SET value = '\"someone else\"' WHERE record = '%s' AND path = 'interviewee.name'",
    "DELETE FROM field_values WHERE record = '%s'",
    "INSERT INTO field_values (record, version, path, value) VALUES ('%s', 1, 'interview.city', '\"x\"')",
    "UPDATE versions SET statement = 'x' WHERE record = '%s'",
    "UPDATE versions SET status = 'draft' WHERE record = '%s'",
    "DELETE FROM versions WHERE record = '%s'",
    ("INSERT INTO attachments (record, version, n, blob, key, name, media_type, size, b2, sensitivity) "
     "VALUES ('%s', 1, 1, 'x', x'00', 'a', 'text/plain', 0, 'x', 'open')"),
    "UPDATE attachments SET b2 = 'x' WHERE record = '%s'",
    "DELETE FROM attachments WHERE record = '%s'",
    "INSERT INTO redactions (record, version, path, spans) VALUES ('%s', 1, 'episodes[0].acts', '[[0,3]]')",
    "UPDATE redactions SET spans = '[]' WHERE record = '%s'",
    "DELETE FROM redactions WHERE record = '%s'",
    "UPDATE section_entries SET count = 0 WHERE record = '%s'",
    "DELETE FROM section_entries WHERE record = '%s'",
    "INSERT INTO section_entries (record, version, section, count) VALUES ('%s', 1, 'perpetrators', 1)",
    "UPDATE audit SET entry = 'x' WHERE record = '%s'",
    "DELETE FROM audit WHERE record = '%s'",
  };

  /* A version with a value of each kind of row: entries, redactions, an attachment. */
  set_texts (uuid, "consent.given=true", "interview.date=2024-05-01", "interviewee.name=김철수",
             "episodes[0].narrative=김철수는 광산에서 일했다.", NULL);
  g_assert_true (sillok_record_set_redactions (vault, uuid, "episodes[0].narrative", &span, 1, &error));
  {
    g_autoptr(GBytes) note = g_bytes_new_static ("note", 4);
    g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (note);

    g_assert_true (sillok_record_attach (vault, uuid, in, "n.txt", "text/plain", NULL, NULL, NULL, NULL, &error));
  }
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);

  g_assert_false (sillok_record_set (vault, uuid, "interviewee.name", name, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_false (sillok_record_set (vault, uuid, "interviewee.name", NULL, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_false (sillok_record_set_texts (vault, uuid, (const char *[]) { "interview.city=x", NULL }, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_false (sillok_record_set_redactions (vault, uuid, "episodes[0].narrative", &span, 1, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_false (sillok_record_attach (vault, uuid, input, "a.txt", NULL, NULL, NULL, NULL, NULL, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_false (sillok_record_detach (vault, uuid, 0, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_cmpint (sillok_record_add_entry (vault, uuid, "episodes", &error), ==, -1);
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_false (sillok_record_remove_entry (vault, uuid, "episodes", 0, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);
  g_assert_false (sillok_record_seal (vault, uuid, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED, NULL);
  g_clear_error (&error);

  /* The database itself refuses, whatever SQL tries. */
  db = sillok_vault_get_db (vault, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autofree char *statement = replace_once (sql[i], "%s", uuid);
      char *message = NULL;
      int rc = sqlite3_exec (db, statement, NULL, NULL, &message);

      if (rc == SQLITE_OK)
        g_error ("the database let this through: %s", statement);
      g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
      g_assert_true (strstr (message, "sealed version") != NULL || strstr (message, "audit trail") != NULL);
      sqlite3_free (message);
    }
  assert_value (uuid, "interviewee.name", "\"김철수\"");
  {
    g_autoptr(SillokCheckReport) report = sillok_vault_check (vault, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
  }
}

static char **
chain_strings (GPtrArray *chain,
               gboolean   times)
{
  char **out = g_new0 (char *, chain->len + 1);

  for (guint i = 0; i < chain->len; i++)
    {
      SillokAuditEntry *e = chain->pdata[i];
      out[i] = g_strdup (times ? e->time_disclosure : e->canonical);
    }
  return out;
}

static void
test_amend (void)
{
  g_autofree char *uuid = sealed_record ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) v1 = load (uuid, 1);
  g_autoptr(SillokRecord) v2 = NULL;
  g_autoptr(SillokRecord) sealed2 = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(JsonNode) statement = NULL;
  g_autofree char *key_id = sillok_vault_get_key_id (vault);
  const char *actions[] = { "created", "sealed", "amended", "sealed", "amended" };
  const guint versions[] = { 1, 1, 2, 2, 3 };
  GBytes *bytes;

  g_assert_cmpuint (sillok_record_amend (vault, uuid, "  ", &error), ==, 0);
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_assert_cmpuint (sillok_record_amend (vault, uuid, NULL, &error), ==, 0);
  g_assert_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (sillok_record_amend (vault, uuid, "wrong \033[2J year", &error), ==, 0);
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "control characters");
  g_clear_error (&error);

  g_assert_cmpuint (sillok_record_amend (vault, uuid, "  The witness corrected the year  ", &error), ==, 2);
  g_assert_no_error (error);
  v2 = load (uuid, 0);
  g_assert_cmpuint (sillok_record_get_version (v2), ==, 2);
  g_assert_cmpuint (sillok_record_get_latest (v2), ==, 2);
  g_assert_cmpint (sillok_record_get_status (v2), ==, SILLOK_RECORD_DRAFT);
  g_assert_cmpstr (sillok_record_get_reason (v2), ==, "The witness corrected the year");
  g_assert_cmpstr (sillok_record_get_supersedes (v2), ==, sillok_record_get_statement_digest (v1));
  assert_value (uuid, "interviewee.name", "\"김철수\"");

  /* The draft of version 2 takes edits; version 1 stays as sealed. */
  g_assert_cmpuint (sillok_record_amend (vault, uuid, "again", &error), ==, 0);
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_SEALED, NULL);
  g_clear_error (&error);
  set_texts (uuid, "interview.date=2024-06-01", NULL);
  {
    g_autoptr(SillokRecord) still = load (uuid, 1);
    g_autofree char *date = value_json (still, "interview.date");

    g_assert_cmpint (sillok_record_get_status (still), ==, SILLOK_RECORD_SEALED);
    g_assert_cmpstr (date, ==, "\"2024-05-01\"");
    g_assert_cmpuint (sillok_record_get_latest (still), ==, 2);
  }
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);

  sealed2 = load (uuid, 2);
  by_name = disclosures_by_name (sealed2);
  assert_disclosed (by_name, "$reason", "\"The witness corrected the year\"");
  assert_disclosed (by_name, "interview.date", "\"2024-06-01\"");
  bytes = sillok_record_get_statement (sealed2);
  statement = sillok_jcs_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (statement), "supersedes"), ==,
                   sillok_record_get_statement_digest (v1));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (statement), "version"), ==, 2);
  g_assert_cmpuint (sillok_record_amend (vault, uuid, "third", &error), ==, 3);
  g_assert_no_error (error);

  /* The audit trail: created, sealed, amended, sealed, amended; linked and timed. */
  chain = sillok_audit_list (vault, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chain->len, ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < chain->len; i++)
    {
      SillokAuditEntry *e = chain->pdata[i];

      g_assert_cmpuint (e->seq, ==, i + 1);
      g_assert_cmpstr (e->action, ==, actions[i]);
      g_assert_cmpuint (e->version, ==, versions[i]);
      g_assert_cmpstr (e->actor, ==, key_id);
      g_assert_cmpstr (e->detail, ==, "");
      g_assert_nonnull (e->time);
      g_assert_true (g_str_has_suffix (e->time, "Z"));
      if (i == 0)
        g_assert_cmpstr (e->prev, ==, "0000000000000000000000000000000000000000000000000000000000000000");
      else
        {
          const char *before = ((SillokAuditEntry *) chain->pdata[i - 1])->canonical;
          g_autofree char *prev = sillok_disclosure_digest (before, strlen (before));
          g_assert_cmpstr (e->prev, ==, prev);
        }
      /* The time is a commitment: the entry does not hold it. */
      g_assert_null (strstr (e->canonical, e->time));
    }
}

static void
assert_chain_broken (char      **entries,
                     char      **times,
                     int         code,
                     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out = sillok_audit_check_chain ((const char *const *) entries, (const char *const *) times,
                                                        &error);

  g_assert_null (out);
  assert_error_names (error, SILLOK_AUDIT_ERROR, code, text);
}

static void
test_audit_chain (void)
{
  g_autofree char *uuid = sealed_record ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_auto(GStrv) entries = NULL;
  g_auto(GStrv) times = NULL;

  g_assert_cmpuint (sillok_record_amend (vault, uuid, "a reason", &error), ==, 2);
  chain = sillok_audit_list (vault, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chain->len, ==, 3);
  entries = chain_strings (chain, FALSE);
  times = chain_strings (chain, TRUE);

  {
    g_autoptr(GPtrArray) ok = sillok_audit_check_chain ((const char *const *) entries, (const char *const *) times,
                                                        &error);
    g_autoptr(GPtrArray) no_times = sillok_audit_check_chain ((const char *const *) entries, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ok->len, ==, 3);
    g_assert_cmpuint (no_times->len, ==, 3);
    g_assert_null (((SillokAuditEntry *) no_times->pdata[0])->time);
  }

  /* Reordered. */
  {
    char *swap = entries[1];
    entries[1] = entries[2];
    entries[2] = swap;
    assert_chain_broken (entries, NULL, SILLOK_AUDIT_ERROR_BROKEN, "audit entry 2");
    entries[2] = entries[1];
    entries[1] = swap;
  }
  /* Edited, still canonical: the next entry no longer links to it. */
  {
    char *saved = entries[1];
    entries[1] = replace_once (saved, "\"sealed\"", "\"created\"");
    assert_chain_broken (entries, NULL, SILLOK_AUDIT_ERROR_BROKEN, "audit entry 3: not linked");
    g_free (entries[1]);
    entries[1] = replace_once (saved, "\"version\":1", "\"version\":7");
    assert_chain_broken (entries, NULL, SILLOK_AUDIT_ERROR_BROKEN, "audit entry 3: not linked");
    g_free (entries[1]);
    /* Not canonical any more. */
    entries[1] = replace_once (saved, "{", "{ ");
    assert_chain_broken (entries, NULL, SILLOK_AUDIT_ERROR_BROKEN, "audit entry 2");
    g_free (entries[1]);
    entries[1] = replace_once (saved, "{", "{\"extra\":\"\",");
    assert_chain_broken (entries, NULL, SILLOK_AUDIT_ERROR_BROKEN, "audit entry 2");
    g_free (entries[1]);
    entries[1] = saved;
  }
  /* Unlinked: a prev that names nothing. */
  {
    char *saved = entries[2];
    SillokAuditEntry *e = chain->pdata[2];

    entries[2] = replace_once (saved, e->prev, "1111111111111111111111111111111111111111111111111111111111111111");
    assert_chain_broken (entries, NULL, SILLOK_AUDIT_ERROR_BROKEN, "audit entry 3: not linked");
    g_free (entries[2]);
    entries[2] = saved;
  }
  /* Missing its first entry. */
  assert_chain_broken (entries + 1, NULL, SILLOK_AUDIT_ERROR_BROKEN, "audit entry 1");
  /* Wrong time disclosures: swapped, missing, or of another name. */
  {
    char *swap = times[0];
    times[0] = times[1];
    times[1] = swap;
    assert_chain_broken (entries, times, SILLOK_AUDIT_ERROR_TIME, "audit entry 1");
    times[1] = times[0];
    times[0] = swap;
  }
  {
    char *saved = times[2];

    times[2] = NULL;
    assert_chain_broken (entries, times, SILLOK_AUDIT_ERROR_TIME, NULL);
    times[2] = saved;
  }
  {
    g_autoptr(JsonNode) t = node_of ("\"2024-05-01T10:00:00Z\"");
    g_autoptr(SillokDisclosure) other = sillok_disclosure_new ("$sealed_at", t, &error);
    char *saved = times[1];

    g_assert_no_error (error);
    times[1] = (char *) sillok_disclosure_get_encoded (other);
    assert_chain_broken (entries, times, SILLOK_AUDIT_ERROR_TIME, "audit entry 2");
    times[1] = (char *) "not a disclosure";
    assert_chain_broken (entries, times, SILLOK_AUDIT_ERROR_TIME, "audit entry 2");
    times[1] = saved;
  }
  {
    const char *none[] = { NULL };
    assert_chain_broken ((char **) none, NULL, SILLOK_AUDIT_ERROR_BROKEN, NULL);
  }

  g_assert_null (sillok_audit_list (vault, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_BROKEN);
}

static gboolean
list_has (GPtrArray  *list,
          const char *uuid)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (((SillokRecordSummary *) list->pdata[i])->uuid, uuid) == 0)
      return TRUE;
  return FALSE;
}

static GPtrArray *
search (const char *typed)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = sillok_record_list (vault, typed, 0, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

/* Waits, boundedly, until the clock shows the next second. */
static void
wait_next_second (void)
{
  gint64 start = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < 300 && g_get_real_time () / G_USEC_PER_SEC == start; i++)
    g_usleep (10 * 1000);
  g_assert_cmpint (g_get_real_time () / G_USEC_PER_SEC, >, start);
}

static void
test_search (void)
{
  g_autofree char *mine = new_record ();
  g_autofree char *coal = NULL;
  g_autofree char *latin = NULL;

  set_texts (mine, "episodes[0].narrative=그는 광산에서 일했다.", NULL);
  wait_next_second ();
  coal = new_record ();
  set_texts (coal, "episodes[0].narrative=2.8직동탄광에 끌려갔다.", "consent.given=true",
             "interview.date=2023", NULL);
  {
    g_autoptr(GError) error = NULL;
    g_assert_true (sillok_record_seal (vault, coal, &error));
    g_assert_no_error (error);
  }
  wait_next_second ();
  latin = new_record ();
  set_texts (latin, "episodes[0].food=Corn porridge, twice a day", "interviewee.name=Ri Myong-hui", NULL);

  {
    g_autoptr(GPtrArray) found = search ("광산");
    g_assert_true (list_has (found, mine));
    g_assert_false (list_has (found, coal));
    g_assert_false (list_has (found, latin));
  }
  {
    g_autoptr(GPtrArray) found = search ("광산에서");
    g_assert_true (list_has (found, mine));
  }
  {
    /* Inside a longer word, in a sealed record. */
    g_autoptr(GPtrArray) found = search ("탄광");
    g_assert_true (list_has (found, coal));
    g_assert_false (list_has (found, mine));
  }
  {
    g_autoptr(GPtrArray) found = search ("직동탄광");
    g_assert_true (list_has (found, coal));
  }
  {
    g_autoptr(GPtrArray) found = search ("porr");
    g_assert_true (list_has (found, latin));
    g_assert_cmpuint (found->len, ==, 1);
  }
  {
    g_autoptr(GPtrArray) found = search ("PORRIDGE TWICE");
    g_assert_true (list_has (found, latin));
  }
  {
    g_autoptr(GPtrArray) found = search ("myong-hui");
    g_assert_true (list_has (found, latin));
  }
  {
    g_autoptr(GPtrArray) found = search ("orridge");
    g_assert_cmpuint (found->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) found = search ("zzyzx");
    g_assert_cmpuint (found->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) found = search ("광산 zzyzx");
    g_assert_cmpuint (found->len, ==, 0);
  }

  /* Most recently changed first: editing the oldest brings it to the top. */
  wait_next_second ();
  set_texts (mine, "interview.city=Seoul", NULL);
  {
    g_autoptr(GPtrArray) all = search (NULL);
    guint at_mine = G_MAXUINT, at_coal = G_MAXUINT, at_latin = G_MAXUINT;

    for (guint i = 0; i < all->len; i++)
      {
        const char *u = ((SillokRecordSummary *) all->pdata[i])->uuid;

        if (strcmp (u, mine) == 0)
          at_mine = i;
        else if (strcmp (u, coal) == 0)
          at_coal = i;
        else if (strcmp (u, latin) == 0)
          at_latin = i;
      }
    g_assert_cmpuint (at_mine, ==, 0);
    g_assert_cmpuint (at_latin, <, at_coal);
    for (guint i = 1; i < all->len; i++)
      g_assert_cmpstr (((SillokRecordSummary *) all->pdata[i - 1])->updated, >=,
                       ((SillokRecordSummary *) all->pdata[i])->updated);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) first = sillok_record_list (vault, NULL, 0, 1, &error);
    g_autoptr(GPtrArray) second = sillok_record_list (vault, NULL, 1, 1, &error);

    g_assert_cmpuint (first->len, ==, 1);
    g_assert_cmpstr (((SillokRecordSummary *) first->pdata[0])->uuid, ==, mine);
    g_assert_cmpuint (second->len, ==, 1);
    g_assert_cmpstr (((SillokRecordSummary *) second->pdata[0])->uuid, ==, latin);
  }
  /* A list never shows the name. */
  {
    g_autoptr(GPtrArray) all = search (NULL);
    for (guint i = 0; i < all->len; i++)
      g_assert_null (strstr (((SillokRecordSummary *) all->pdata[i])->title, "Myong"));
  }
}

/* Text typed without spaces indexes in linear room: a page of ㅋ, or a
 * long run of words, is still found from inside. */
static void
test_search_long_words (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;
  GString *laugh = g_string_new (NULL);
  g_autoptr(JsonNode) value = NULL;

  for (guint i = 0; i < SILLOK_VALUE_LONGTEXT_MAX; i++)
    g_string_append (laugh, "ㅋ");
  {
    g_autofree char *expanded = sillok_search_expand (laugh->str);
    g_assert_cmpuint (strlen (expanded), <=, 18 * laugh->len);
  }
  value = json_node_init_string (json_node_alloc (), laugh->str);
  g_string_free (laugh, TRUE);
  g_assert_true (sillok_record_set (vault, uuid, "episodes[0].narrative", value, &error));
  g_assert_no_error (error);
  set_texts (uuid, "episodes[0].punishments=가나다라마바사아자차카타파하가나다라마바사직동탄광에서", NULL);
  {
    g_autoptr(GPtrArray) found = search ("탄광");
    g_assert_true (list_has (found, uuid));
  }
  {
    g_autoptr(GPtrArray) found = search ("ㅋㅋㅋ");
    g_assert_true (list_has (found, uuid));
  }
}

/* Whatever the user types is words, never FTS syntax. */
static void
test_search_syntax (void)
{
  const char *typed[] = { "\"", "\"\"", "\"unbalanced", "*", "광산*", "-", "-광산", "a -b", "OR", "a OR b", "AND",
                          "NOT", "NEAR", "a NEAR b", "NEAR/2", "a NEAR/3 b", "(", ")", "(a", "^a", "col:term",
                          "body:광산", "'", "a'b", "\\", "%", "_", "{}", "[", "\u3000", "", "   ", "\t", "x*y*",
                          "MATCH", "docid", "\"a\" \"b\"", "😀", "a\nb" };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = sillok_record_list (vault, typed[i], 0, 0, &error);

      if (error != NULL)
        g_error ("searching “%s”: %s", typed[i], error->message);
      g_assert_nonnull (list);
    }
}

static GBytes *
pattern_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + i / 251);
  return g_bytes_new_take (data, size);
}

static char *
b2_512 (GBytes *bytes)
{
  guint8 digest[64];

  crypto_generichash (digest, sizeof digest, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, 0);
  return sillok_test_hex (digest, sizeof digest);
}

static void
attach_bytes (const char *uuid,
              GBytes     *bytes,
              const char *name,
              const char *media_type,
              const char *sensitivity)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_record_attach (vault, uuid, input, name, media_type, sensitivity, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GBytes *
read_attachment (const char *uuid,
                 guint       version,
                 guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = sillok_record_open_attachment (vault, uuid, version, n, &error);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_no_error (error);
  g_assert_cmpint (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error), >=, 0);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static guint
blob_count (void)
{
  g_autofree char *dir = sillok_vault_get_blob_dir (vault);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_attachments (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GBytes) small = g_bytes_new_static ("a short note\n", 13);
  g_autoptr(GBytes) large = pattern_bytes (3 * 65536 + 17);
  g_autoptr(GBytes) voice = pattern_bytes (1000);
  g_autoptr(GError) error = NULL;
  guint blobs_before = blob_count ();

  set_texts (uuid, "consent.given=true", "interview.date=2024-05-01", NULL);
  attach_bytes (uuid, small, "note.txt", "text/plain", NULL);
  attach_bytes (uuid, large, "map.bin", "application/octet-stream", "legal");
  attach_bytes (uuid, voice, "voice.ogg", "audio/ogg", NULL);
  g_assert_cmpuint (blob_count (), ==, blobs_before + 3);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    GPtrArray *list = sillok_record_get_attachments (r);
    SillokAttachment *a0, *a1, *a2;
    g_autofree char *b2_small = b2_512 (small);
    g_autofree char *b2_large = b2_512 (large);

    g_assert_cmpuint (list->len, ==, 3);
    a0 = list->pdata[0];
    a1 = list->pdata[1];
    a2 = list->pdata[2];
    g_assert_cmpuint (a0->n, ==, 0);
    g_assert_cmpstr (a0->name, ==, "note.txt");
    g_assert_cmpstr (a0->media_type, ==, "text/plain");
    g_assert_cmpstr (a0->sensitivity, ==, "open");
    g_assert_cmpuint (a0->size, ==, 13);
    g_assert_cmpstr (a0->b2, ==, b2_small);
    g_assert_cmpuint (a1->n, ==, 1);
    g_assert_cmpuint (a1->size, ==, 3 * 65536 + 17);
    g_assert_cmpstr (a1->b2, ==, b2_large);
    g_assert_cmpstr (a1->sensitivity, ==, "legal");
    /* Voices identify people. */
    g_assert_cmpstr (a2->sensitivity, ==, "identifying");
  }
  {
    g_autoptr(GBytes) back = read_attachment (uuid, 0, 1);
    g_autoptr(GBytes) back_small = read_attachment (uuid, 1, 0);

    g_assert_true (g_bytes_equal (back, large));
    g_assert_true (g_bytes_equal (back_small, small));
  }

  /* Detaching before sealing removes the file too. */
  g_assert_true (sillok_record_detach (vault, uuid, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (blob_count (), ==, blobs_before + 2);
  g_assert_false (sillok_record_detach (vault, uuid, 2, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND, "attachment 2");
  g_clear_error (&error);
  g_assert_null (sillok_record_open_attachment (vault, uuid, 1, 2, &error));
  g_assert_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Names and sensitivities outside what is allowed. */
  {
    const char *names[] = { "", "a/b", "..", ".", "a\nb", "a\tb", "gpj\u202e.exe", "a\u2028b" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (small);

        g_assert_false (sillok_record_attach (vault, uuid, in, names[i], NULL, NULL, NULL, NULL, NULL, &error));
        g_assert_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID);
        g_clear_error (&error);
      }
    {
      g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (small);

      g_assert_false (sillok_record_attach (vault, uuid, in, "x.txt", NULL, "secret", NULL, NULL, NULL, &error));
      assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "secret");
      g_clear_error (&error);
    }
    {
      const char *types[] = { "text", "text/", "/plain", "text/plain\n", "text/plain; charset=utf-8", "text plain",
                              "텍스트/plain" };

      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        {
          g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (small);

          g_assert_false (sillok_record_attach (vault, uuid, in, "x.txt", types[i], NULL, NULL, NULL, NULL, &error));
          assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "media type");
          g_clear_error (&error);
        }
    }
    g_assert_cmpuint (blob_count (), ==, blobs_before + 2);
  }

  /* Sealed: $attachment[N] names size and hash. */
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SillokRecord) r = load (uuid, 1);
    g_autoptr(GHashTable) by_name = disclosures_by_name (r);
    g_autofree char *b2_small = b2_512 (small);
    g_autofree char *b2_large = b2_512 (large);
    g_autofree char *expected0 = g_strdup_printf ("{\"b2\":\"%s\",\"media_type\":\"text/plain\",\"name\":\"note.txt\","
                                                  "\"size\":13}", b2_small);
    g_autofree char *expected1 = g_strdup_printf ("{\"b2\":\"%s\",\"media_type\":\"application/octet-stream\","
                                                  "\"name\":\"map.bin\",\"size\":%d}", b2_large, 3 * 65536 + 17);

    assert_disclosed (by_name, "$attachment[0]", expected0);
    assert_disclosed (by_name, "$attachment[1]", expected1);
    assert_disclosed (by_name, "$attachment[2]", NULL);
  }

  /* An amendment shares the sealed version's files: detaching from the
   * draft keeps them for version 1. */
  g_assert_cmpuint (sillok_record_amend (vault, uuid, "remove the map", &error), ==, 2);
  g_assert_true (sillok_record_detach (vault, uuid, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (blob_count (), ==, blobs_before + 2);
  {
    g_autoptr(GBytes) back = read_attachment (uuid, 1, 1);
    g_assert_true (g_bytes_equal (back, large));
  }
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpuint (sillok_record_get_attachments (r)->len, ==, 1);
  }
  {
    g_autoptr(SillokCheckReport) report = sillok_vault_check (vault, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < report->problems->len; i++)
      g_test_message ("problem: %s", (const char *) report->problems->pdata[i]);
    g_assert_cmpuint (report->problems->len, ==, 0);
    g_assert_cmpuint (report->blobs, >=, 2);
  }
}

static void
exec_sql (const char *statement)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = sillok_vault_get_db (vault, &error);
  char *message = NULL;

  g_assert_no_error (error);
  if (sqlite3_exec (db, statement, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statement, message);
}

static guint
audit_length (const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chain = sillok_audit_list (vault, uuid, &error);

  g_assert_no_error (error);
  return chain->len;
}

/* When the database refuses a step of sealing or amending, the call fails
 * with an error and nothing of it remains. */
static void
test_seal_fails_cleanly (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;

  set_texts (uuid, "consent.given=true", "interview.date=2024-05-01", NULL);
  exec_sql ("CREATE TEMP TRIGGER refuse_records BEFORE UPDATE ON main.records "
            "BEGIN SELECT RAISE (ABORT, 'injected failure'); END");
  g_assert_false (sillok_record_seal (vault, uuid, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpint (sillok_record_get_status (r), ==, SILLOK_RECORD_DRAFT);
  }
  g_assert_cmpuint (audit_length (uuid), ==, 1);
  exec_sql ("DROP TRIGGER refuse_records");

  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  exec_sql ("CREATE TEMP TRIGGER refuse_records BEFORE UPDATE ON main.records "
            "BEGIN SELECT RAISE (ABORT, 'injected failure'); END");
  g_assert_cmpuint (sillok_record_amend (vault, uuid, "a reason", &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpuint (sillok_record_get_latest (r), ==, 1);
  }
  g_assert_cmpuint (audit_length (uuid), ==, 2);
  exec_sql ("DROP TRIGGER refuse_records");
}

/* A failed commit (disk full, I/O error) leaves the record as it was. */
static void
test_commit_fails (void)
{
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) note = g_bytes_new_static ("note", 4);
  guint blobs;

  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") != 0)
    {
      g_test_skip ("needs a build with -Dfailpoints=true");
      return;
    }
  uuid = new_record ();
  set_texts (uuid, "consent.given=true", "interview.date=2024-05-01", NULL);
  blobs = blob_count ();
  g_setenv ("SILLOK_FAILPOINTS", "db-commit=eio", TRUE);

  g_assert_false (sillok_record_set_texts (vault, uuid, (const char *[]) { "interview.city=Seoul", NULL }, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (sillok_record_seal (vault, uuid, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (note);
    g_assert_false (sillok_record_attach (vault, uuid, in, "n.txt", "text/plain", NULL, NULL, NULL, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_assert_null (sillok_record_create (vault, template, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_unsetenv ("SILLOK_FAILPOINTS");

  assert_value (uuid, "interview.city", NULL);
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpint (sillok_record_get_status (r), ==, SILLOK_RECORD_DRAFT);
    g_assert_cmpuint (sillok_record_get_attachments (r)->len, ==, 0);
  }
  g_assert_cmpuint (blob_count (), ==, blobs);
  g_assert_cmpuint (audit_length (uuid), ==, 1);
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
}

/* `record new --from-json`: checked against the template, set all or none. */
static void
test_values_from_json (void)
{
  g_autofree char *uuid = new_record ();
  g_autoptr(GError) error = NULL;
  const char *good = "{\"episodes[10].site\":[\"tenth\"],\"episodes[2].site\":[\"third\"],"
                     "\"interview.date\":\"2024-05\",\"episodes[0].site\":[\"musan-mine\",\"Musan Mine\",\"무산광산\"],"
                     "\"consent.given\":true,\"episodes[1].hours_per_day\":12,\"interviewee.name\":\"\"}";
  g_autoptr(GPtrArray) values = NULL;
  const char *order[] = { "consent.given", "interview.date", "interviewee.name", "episodes[0].site",
                          "episodes[1].hours_per_day", "episodes[2].site", "episodes[10].site" };

  values = sillok_record_values_from_json (template, good, strlen (good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (values->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < values->len; i++)
    g_assert_cmpstr (((SillokRecordValue *) values->pdata[i])->path, ==, order[i]);

  /* A gap (entries 3 to 9) is refused, and nothing is set. */
  g_assert_false (sillok_record_set_values (vault, uuid, values, &error));
  assert_error_names (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "episodes[10].site");
  g_clear_error (&error);
  assert_value (uuid, "interview.date", NULL);
  g_ptr_array_remove_index (values, values->len - 1);
  g_assert_true (sillok_record_set_values (vault, uuid, values, &error));
  g_assert_no_error (error);
  /* The list shows each site once, in the order of the episodes. */
  {
    g_autoptr(SillokRecord) r = load (uuid, 0);
    g_assert_cmpstr (sillok_record_get_title (r), ==, "Musan Mine, third · 2024-05");
  }
  assert_value (uuid, "episodes[2].site", "[\"third\"]");
  assert_value (uuid, "episodes[1].hours_per_day", "12");
  assert_value (uuid, "interviewee.name", NULL);

  {
    struct { const char *json; const char *message; } bad[] = {
      { "", "not valid JSON" },
      { "[]", "a JSON object" },
      { "{\"interview.date\":\"2024\",\"interview.date\":\"2025\"}", "not valid JSON" },
      { "{\"interview.nothing\":\"x\"}", "interview.nothing" },
      { "{\"episodes[01].site\":[\"x\"]}", "episodes[01].site" },
      { "{\"interview.date\":2024}", "interview.date" },
      { "{\"interview.date\":null}", "interview.date" },
      { "{\"episodes[0].hours_per_day\":1.5}", "only integers" },
      { "{\"episodes[0].hours_per_day\":25}", "episodes[0].hours_per_day" },
      { "{\"episodes[0].hours_per_day\":9007199254740993}", "not valid JSON" },
      { "{\"interviewee.name\":\"a\\nb\"}", "interviewee.name" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GPtrArray) none = sillok_record_values_from_json (template, bad[i].json, strlen (bad[i].json),
                                                                     &error);
        g_assert_null (none);
        g_assert_nonnull (error);
        if (strstr (error->message, bad[i].message) == NULL)
          g_error ("%s: “%s” does not say “%s”", bad[i].json, error->message, bad[i].message);
        g_clear_error (&error);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  sillok_test_init (&argc, &argv);
  template = sillok_template_find_installed ("forced-labour", 1, &error);
  g_assert_no_error (error);
  create_vault ();

  g_test_add_func ("/record/create", test_create);
  g_test_add_func ("/record/set-and-clear", test_set_and_clear);
  g_test_add_func ("/record/errors-name-path", test_errors_name_path);
  g_test_add_func ("/record/entries", test_entries);
  g_test_add_func ("/record/reopen", test_reopen);
  g_test_add_func ("/record/seal/refused", test_seal_refused);
  g_test_add_func ("/record/seal/statement", test_seal);
  g_test_add_func ("/record/seal/never-changes", test_sealed_never_changes);
  g_test_add_func ("/record/amend", test_amend);
  g_test_add_func ("/record/audit/chain", test_audit_chain);
  g_test_add_func ("/record/search/words", test_search);
  g_test_add_func ("/record/search/syntax", test_search_syntax);
  g_test_add_func ("/record/search/long-words", test_search_long_words);
  g_test_add_func ("/record/attachments", test_attachments);
  g_test_add_func ("/record/values-from-json", test_values_from_json);
  g_test_add_func ("/record/seal/fails-cleanly", test_seal_fails_cleanly);
  g_test_add_func ("/record/commit-fails", test_commit_fails);

  status = g_test_run ();
  sillok_vault_close (vault);
  g_clear_object (&vault);
  sillok_template_unref (template);
  sillok_test_rmtree (vault_dir);
  g_free (vault_dir);
  return status;
}
