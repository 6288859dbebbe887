/* test-archive.c: the coordinator's archive — import outcomes, chains, persons, statistics, analyst tables
 *
 * The bundle reader is left out: verified contents are handed to the
 * archive directly, as the reader hands them over after its checks.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-archive.h"
#include "sillok/sillok-audit.h"
#include "sillok/sillok-check.h"
#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-import.h"
#include "sillok/sillok-linkage.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-template.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "archive test 기록"

static char           *root;
static SillokTemplate *template;

static SillokVault *
new_vault (const char *name)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (root, name, NULL);
  SillokVault *vault = sillok_vault_new (path);

  g_assert_true (sillok_vault_create (vault, name, pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  return vault;
}

static void
close_vault (SillokVault *vault)
{
  sillok_vault_close (vault);
  g_object_unref (vault);
}

/* A sealed interview; @extra assignments may follow the usual ones. */
static char *
sealed_record (SillokVault *vault,
               const char  *name,
               const char  *birth,
               const char  *site)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = sillok_record_create (vault, template, &error);
  g_autofree char *n = g_strdup_printf ("interviewee.name=%s", name);
  g_autofree char *b = g_strdup_printf ("interviewee.birth_date=%s", birth);
  g_autofree char *s = g_strdup_printf ("episodes[0].site=%s", site);
  const char *set[] = { "consent.given=true", "consent.share_coordinators=true", "interview.date=2026-10",
                        n, b, "interviewee.sex=female", "interviewee.home_province=north-hamgyong", s,
                        "episodes[0].province=north-hamgyong", "episodes[0].category=kyohwaso",
                        "episodes[0].from=1999", "episodes[0].ilo_indicators=violence,overtime",
                        "episodes[0].narrative=그는 광산에서 일했다", NULL };

  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (vault, uuid, set, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&uuid);
}

typedef struct
{
  char   *record;
  guint   version;
  GBytes *statement;
  GBytes *signature;
  GStrv   disclosures;
} Version;

static void
version_free (Version *v)
{
  g_free (v->record);
  g_bytes_unref (v->statement);
  g_bytes_unref (v->signature);
  g_strfreev (v->disclosures);
  g_free (v);
}

static Version *
version_of (SillokVault *vault,
            const char  *uuid,
            guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) record = sillok_record_load (vault, uuid, n, &error);
  Version *v = g_new0 (Version, 1);

  g_assert_no_error (error);
  g_assert_cmpint (sillok_record_get_status (record), ==, SILLOK_RECORD_SEALED);
  v->record = g_strdup (uuid);
  v->version = sillok_record_get_version (record);
  v->statement = g_bytes_ref (sillok_record_get_statement (record));
  v->signature = g_bytes_ref (sillok_record_get_signature (record));
  v->disclosures = g_strdupv (sillok_record_get_disclosures (record));
  return v;
}

/* Imports @versions (Version) as bundle @bundle. */
static SillokImportResult *
import (SillokVault *archive,
        const char  *bundle,
        GPtrArray   *versions)
{
  g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (archive);
  g_autoptr(GBytes) manifest = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) sig = g_bytes_new_static ("sig", 3);
  g_autoptr(GError) error = NULL;
  SillokArchiveBundle info = { bundle, "00", "AAAAAAAAAAAAAAAA", "anonymized", "2026-11", manifest, sig };
  SillokImportResult *result;

  sillok_archive_import_set_bundle (imp, &info);
  sillok_archive_import_add_template (imp, sillok_template_get_canonical (template));
  for (guint i = 0; i < versions->len; i++)
    {
      Version *v = versions->pdata[i];
      sillok_archive_import_add_version (imp, v->record, v->version, v->statement, v->signature,
                                         (const char *const *) v->disclosures);
    }
  result = sillok_archive_import_commit (imp, &error);
  g_assert_no_error (error);
  return result;
}

static GPtrArray *
versions_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) version_free);
}

static guint
pseudonym_in (SillokArchiveVersion *v)
{
  guint at = 0;

  g_assert_true (g_ptr_array_find_with_equal_func (v->names, "$pseudonym", g_str_equal, &at));
  return at;
}

static void
test_import_outcomes (void)
{
  SillokVault *a = new_vault ("interviewer-a");
  SillokVault *c = new_vault ("coordinator-1");
  g_autofree char *r1 = sealed_record (a, "김영희", "1970-01-02", "musan-mine");
  g_autofree char *r2 = sealed_record (a, "박순이", "1980-05-06", "kwanliso-14-kaechon");
  g_autoptr(GPtrArray) first = versions_new ();
  g_autoptr(GPtrArray) v2 = versions_new ();
  g_autoptr(GPtrArray) v1 = versions_new ();
  g_autoptr(GPtrArray) forged = versions_new ();
  g_autoptr(SillokImportResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  Version *fake;

  g_ptr_array_add (first, version_of (a, r1, 1));
  res = import (c, "11111111-1111-4111-8111-111111111111", first);
  g_assert_false (res->already_imported);
  g_assert_cmpuint (res->added, ==, 1);
  g_assert_cmpuint (res->incomplete, ==, 0);
  g_clear_pointer (&res, sillok_import_result_free);

  /* The same bundle again changes nothing. */
  res = import (c, "11111111-1111-4111-8111-111111111111", first);
  g_assert_true (res->already_imported);
  g_assert_cmpuint (res->added, ==, 0);
  g_clear_pointer (&res, sillok_import_result_free);

  /* Another bundle (another manifest) under the same UUID takes nothing:
   * an error, and the archive as it was. */
  {
    g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (c);
    g_autoptr(GBytes) manifest = g_bytes_new_static ("{\"other\":1}", 11);
    g_autoptr(GBytes) sig = g_bytes_new_static ("sig", 3);
    SillokArchiveBundle info = { "11111111-1111-4111-8111-111111111111", "01", "AAAAAAAAAAAAAAAA", "anonymized",
                                 "2026-11", manifest, sig };
    g_autoptr(SillokImportResult) other = NULL;
    g_autoptr(GPtrArray) before = sillok_archive_list (c, NULL, &error);
    g_autoptr(GPtrArray) after = NULL;
    Version *v = first->pdata[0];

    sillok_archive_import_set_bundle (imp, &info);
    sillok_archive_import_add_version (imp, "44444444-4444-4444-8444-444444444444", 1, v->statement, v->signature,
                                       (const char *const *) v->disclosures);
    other = sillok_archive_import_commit (imp, &error);
    g_assert_null (other);
    g_assert_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_ID_TAKEN);
    g_assert_nonnull (strstr (error->message, "11111111-1111-4111-8111-111111111111"));
    g_clear_error (&error);
    after = sillok_archive_list (c, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (after->len, ==, before->len);
  }

  /* A second public key under a key id the archive holds takes nothing;
   * the same key again is welcome. */
  {
    const char *ids[] = { "66666666-6666-4666-8666-666666666661", "66666666-6666-4666-8666-666666666662",
                          "66666666-6666-4666-8666-666666666663" };
    const char *keys[] = { "RWQAAAAAAAAAAAAA1111111111111111111111111111111111111111111111",
                           "RWQAAAAAAAAAAAAA1111111111111111111111111111111111111111111111",
                           "RWQAAAAAAAAAAAAA2222222222222222222222222222222222222222222222" };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (c);
        g_autoptr(GBytes) manifest = g_bytes_new (ids[i], strlen (ids[i]));
        g_autoptr(GBytes) sig = g_bytes_new_static ("sig", 3);
        SillokArchiveBundle info = { ids[i], "02", "AAAAAAAAAAAAAAAA", "anonymized", "2026-11", manifest, sig };
        g_autoptr(SillokImportResult) other = NULL;

        sillok_archive_import_set_bundle (imp, &info);
        sillok_archive_import_add_key (imp, "00000000000000AA", keys[i]);
        other = sillok_archive_import_commit (imp, &error);
        if (i < 2)
          {
            g_assert_no_error (error);
            g_assert_nonnull (other);
            continue;
          }
        g_assert_null (other);
        g_assert_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_KEY_TAKEN);
        g_assert_nonnull (strstr (error->message, "00000000000000AA"));
        g_clear_error (&error);
      }
    {
      g_autoptr(SillokImportResult) again = NULL;
      g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (c);
      g_autoptr(GBytes) manifest = g_bytes_new (ids[2], strlen (ids[2]));
      g_autoptr(GBytes) sig = g_bytes_new_static ("sig", 3);
      SillokArchiveBundle info = { ids[2], "02", "AAAAAAAAAAAAAAAA", "anonymized", "2026-11", manifest, sig };

      /* Nothing of the refused bundle was kept: not even its id. */
      sillok_archive_import_set_bundle (imp, &info);
      again = sillok_archive_import_commit (imp, &error);
      g_assert_no_error (error);
      g_assert_false (again->already_imported);
    }
  }

  /* The same version through another bundle is recognised. */
  res = import (c, "22222222-2222-4222-8222-222222222222", first);
  g_assert_false (res->already_imported);
  g_assert_cmpuint (res->added, ==, 0);
  g_assert_cmpuint (res->present, ==, 1);
  g_clear_pointer (&res, sillok_import_result_free);

  /* Amendments arriving before their predecessor wait for it. */
  g_assert_cmpuint (sillok_record_amend (a, r2, "생년 정정", &error), ==, 2);
  g_assert_true (sillok_record_set_texts (a, r2, (const char *[]) { "interviewee.birth_date=1981", NULL }, &error));
  g_assert_true (sillok_record_seal (a, r2, &error));
  g_assert_no_error (error);
  g_ptr_array_add (v2, version_of (a, r2, 2));
  res = import (c, "33333333-3333-4333-8333-333333333333", v2);
  g_assert_cmpuint (res->added, ==, 1);
  g_assert_cmpuint (res->incomplete, ==, 1);
  g_clear_pointer (&res, sillok_import_result_free);
  g_ptr_array_add (v1, version_of (a, r2, 1));
  {
    const char *zero = "0000000000000000000000000000000000000000000000000000000000000000";
    GBytes *statement = ((Version *) v1->pdata[0])->statement;
    guchar hash[32];
    char hex[65];

    crypto_generichash (hash, sizeof hash, g_bytes_get_data (statement, NULL), g_bytes_get_size (statement), NULL, 0);
    sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
    /* Version 2 waits for this version 1 and for no other. */
    g_assert_false (sillok_archive_has_other_successor (c, r2, 1, hex));
    g_assert_true (sillok_archive_has_other_successor (c, r2, 1, zero));
    g_assert_false (sillok_archive_has_other_successor (c, r2, 2, zero));
    g_assert_false (sillok_archive_has_other_successor (c, r1, 1, zero));
  }
  res = import (c, "44444444-4444-4444-8444-444444444444", v1);
  g_assert_cmpuint (res->added, ==, 1);
  g_assert_cmpuint (res->completed, ==, 1);
  g_assert_cmpuint (res->incomplete, ==, 0);
  g_clear_pointer (&res, sillok_import_result_free);
  /* Once version 1 is there, the link is checked against it instead. */
  g_assert_false (sillok_archive_has_other_successor (c, r2, 1, "0000000000000000000000000000000000000000000000000000000000000000"));

  /* Another statement for a version the archive has is kept apart. */
  fake = version_of (a, r2, 1);
  g_free (fake->record);
  fake->record = g_strdup (r1);
  g_ptr_array_add (forged, fake);
  res = import (c, "55555555-5555-4555-8555-555555555555", forged);
  g_assert_cmpuint (res->conflicts, ==, 1);
  g_assert_cmpuint (res->added, ==, 0);
  g_assert_nonnull (strstr (res->conflicting[0], r1));
  conflicts = sillok_archive_conflicts (c, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  /* Both statements, the one received second with its own values. */
  {
    g_autoptr(GPtrArray) kept = sillok_archive_versions (c, r1, &error);
    g_autoptr(GPtrArray) all = sillok_archive_conflict_list (c, NULL, &error);
    g_autoptr(GPtrArray) of_r1 = sillok_archive_conflict_list (c, r1, &error);
    g_autoptr(GPtrArray) of_r2 = sillok_archive_conflict_list (c, r2, &error);
    SillokArchiveConflict *conflict;
    guint pseudonym;

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 1);
    g_assert_cmpuint (of_r1->len, ==, 1);
    g_assert_cmpuint (of_r2->len, ==, 0);
    conflict = all->pdata[0];
    g_assert_cmpstr (conflict->record, ==, r1);
    g_assert_cmpuint (conflict->version, ==, 1);
    g_assert_cmpstr (conflict->kept, ==, ((SillokArchiveVersion *) kept->pdata[0])->digest);
    /* A link to version 1 can name the statement kept or the one kept as a
     * conflict; any other statement is not version 1 of r1. */
    g_assert_false (sillok_archive_has_other_version (c, r1, 1, conflict->kept));
    g_assert_false (sillok_archive_has_other_version (c, r1, 1, conflict->received->digest));
    g_assert_true (sillok_archive_has_other_version (c, r1, 1, "0000000000000000000000000000000000000000000000000000000000000000"));
    g_assert_false (sillok_archive_has_other_version (c, r1, 2, "0000000000000000000000000000000000000000000000000000000000000000"));
    {
      guchar hash[32];
      char hex[65];

      crypto_generichash (hash, sizeof hash, g_bytes_get_data (fake->statement, NULL),
                          g_bytes_get_size (fake->statement), NULL, 0);
      sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
      g_assert_cmpstr (conflict->received->digest, ==, hex);
    }
    g_assert_cmpstr (conflict->received->signer, ==, ((SillokArchiveVersion *) kept->pdata[0])->signer);
    g_assert_cmpstr (conflict->received->bundles[0], ==, "55555555-5555-4555-8555-555555555555");
    g_assert_null (conflict->received->bundles[1]);
    g_assert_cmpuint (conflict->received->names->len, ==, g_strv_length (fake->disclosures));
    g_assert_true (g_ptr_array_find_with_equal_func (conflict->received->names, "$pseudonym", g_str_equal,
                                                     &pseudonym));
    /* The received values are those the forged version carried: r2's pseudonym, not r1's. */
    g_assert_cmpstr (conflict->received->values->pdata[pseudonym], !=,
                     g_ptr_array_index (((SillokArchiveVersion *) kept->pdata[0])->values,
                                        pseudonym_in (kept->pdata[0])));
  }

  list = sillok_archive_list (c, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  versions = sillok_archive_versions (c, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_true (((SillokArchiveVersion *) versions->pdata[1])->complete);
  g_assert_cmpuint (((SillokArchiveVersion *) versions->pdata[1])->withheld % 16, <, 16);
  g_assert_null (sillok_archive_versions (c, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A search by a disclosed word. */
  {
    g_autoptr(GPtrArray) found = sillok_archive_list (c, "Kaechon", &error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (((SillokArchiveRecord *) found->pdata[0])->record, ==, r2);
  }

  /* The check of the vault still passes with an archive in it. */
  {
    g_autoptr(SillokCheckReport) report = sillok_vault_check (c, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
  }
  close_vault (a);
  close_vault (c);
}

static void
test_attachments_all_or_nothing (void)
{
  SillokVault *c = new_vault ("coordinator-2");
  g_autofree char *blobs = g_build_filename (root, "coordinator-2", "blobs", NULL);
  const char *bytes = "an attachment's bytes";
  guint8 hash[64];
  char hex[129];
  g_autoptr(GError) error = NULL;

  crypto_generichash (hash, sizeof hash, (const guint8 *) bytes, strlen (bytes), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  {
    g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (c);
    g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (bytes, strlen (bytes), NULL);
    g_autoptr(GInputStream) bad = g_memory_input_stream_new_from_data ("other", 5, NULL);

    g_assert_true (sillok_archive_import_add_attachment (imp, hex, in, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (sillok_archive_import_add_attachment (imp, "ab", bad, NULL, NULL, NULL, &error));
    g_assert_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_INVALID);
    g_clear_error (&error);
    /* Freed without a commit: the verdict was a failure. */
  }
  {
    g_autoptr(GDir) dir = g_dir_open (blobs, 0, NULL);
    g_assert_null (g_dir_read_name (dir));
  }
  {
    g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (c);
    g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (bytes, strlen (bytes), NULL);
    g_autoptr(GInputStream) again = g_memory_input_stream_new_from_data (bytes, strlen (bytes), NULL);
    g_autoptr(GBytes) m = g_bytes_new_static ("{}", 2);
    g_autoptr(SillokImportResult) res = NULL;
    SillokArchiveBundle info = { "66666666-6666-4666-8666-666666666666", "00", "AAAAAAAAAAAAAAAA", "legal",
                                 "2026-11", m, m };

    g_assert_true (sillok_archive_import_add_attachment (imp, hex, in, NULL, NULL, NULL, &error));
    g_assert_true (sillok_archive_import_add_attachment (imp, hex, again, NULL, NULL, NULL, &error));
    sillok_archive_import_set_bundle (imp, &info);
    res = sillok_archive_import_commit (imp, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (res->attachments, ==, 1);
  }
  {
    g_autoptr(GDir) dir = g_dir_open (blobs, 0, NULL);
    g_assert_nonnull (g_dir_read_name (dir));
    g_assert_null (g_dir_read_name (dir));
  }
  close_vault (c);
}

/* The full check verifies the archive's attachments and never takes them
 * for leftovers. */
static void
test_check_keeps_archive_attachments (void)
{
  SillokVault *c = new_vault ("coordinator-check");
  g_autofree char *blobs = g_build_filename (root, "coordinator-check", "blobs", NULL);
  g_autofree char *blob_path = NULL;
  const char *bytes = "a recording imported from a bundle";
  guint8 hash[64];
  char hex[129];
  g_autoptr(GError) error = NULL;

  crypto_generichash (hash, sizeof hash, (const guint8 *) bytes, strlen (bytes), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  {
    g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (c);
    g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (bytes, strlen (bytes), NULL);
    g_autoptr(GBytes) m = g_bytes_new_static ("{}", 2);
    g_autoptr(SillokImportResult) res = NULL;
    SillokArchiveBundle info = { "77777777-7777-4777-8777-777777777777", "00", "AAAAAAAAAAAAAAAA", "legal",
                                 "2026-11", m, m };

    g_assert_true (sillok_archive_import_add_attachment (imp, hex, in, NULL, NULL, NULL, &error));
    sillok_archive_import_set_bundle (imp, &info);
    res = sillok_archive_import_commit (imp, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(GDir) dir = g_dir_open (blobs, 0, NULL);
    blob_path = g_build_filename (blobs, g_dir_read_name (dir), NULL);
  }
  {
    g_autoptr(SillokCheckReport) report = sillok_vault_check (c, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
    g_assert_cmpuint (report->notes->len, ==, 0);
    g_assert_cmpuint (report->blobs, ==, 1);
    g_assert_true (g_file_test (blob_path, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *data = NULL;
    gsize len;
    g_autoptr(SillokCheckReport) report = NULL;

    g_assert_true (g_file_get_contents (blob_path, &data, &len, NULL));
    data[len / 2] ^= 1;
    g_assert_true (g_file_set_contents (blob_path, data, len, NULL));
    report = sillok_vault_check (c, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 1);
    g_assert_true (g_str_has_prefix (report->problems->pdata[0], "archive attachment "));
    g_assert_true (g_file_test (blob_path, G_FILE_TEST_EXISTS));
  }
  close_vault (c);
}

static void
test_persons_stats_analyst (void)
{
  SillokVault *a = new_vault ("interviewer-b");
  SillokVault *b = new_vault ("interviewer-c");
  SillokVault *c = new_vault ("coordinator-3");
  g_autofree char *key_file = g_build_filename (root, "linkage.key", NULL);
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("shared key file");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = versions_new ();
  g_autoptr(SillokImportResult) res = NULL;
  g_autoptr(GHashTable) persons = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GPtrArray) years = NULL;
  g_autoptr(GPtrArray) ilo = NULL;
  g_autoptr(GOutputStream) csv = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) jsonl = g_memory_output_stream_new_resizable ();
  guint rows = 0, suppressed = 0;
  char *ids[6];

  g_assert_true (sillok_linkage_key_export (a, key_file, pass, &error));
  g_assert_true (sillok_linkage_key_import (b, key_file, pass, FALSE, &error));
  g_assert_no_error (error);

  /* The same witness met by two interviewers, and four others. */
  ids[0] = sealed_record (a, "이순자", "1962-03-04", "musan-mine");
  ids[1] = sealed_record (b, "이 순자", "1962-03-04", "musan-mine");
  ids[2] = sealed_record (a, "최미나", "1990-01-01", "musan-mine");
  ids[3] = sealed_record (a, "한정호", "1991-02-02", "kwanliso-14-kaechon");
  ids[4] = sealed_record (b, "윤대성", "1992-03-03", "kwanliso-14-kaechon");
  ids[5] = sealed_record (b, "오명숙", "1993-04-04", "musan-mine");
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (versions, version_of (i == 1 || i >= 4 ? b : a, ids[i], 1));
  res = import (c, "77777777-7777-4777-8777-777777777777", versions);
  g_assert_cmpuint (res->added, ==, 6);

  persons = sillok_archive_persons (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (persons), ==, 5);
  {
    GHashTableIter iter;
    gpointer key, value;
    guint twice = 0;

    g_hash_table_iter_init (&iter, persons);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (((GPtrArray *) value)->len == 2)
        twice++;
    g_assert_cmpuint (twice, ==, 1);
  }

  sites = sillok_archive_stats (c, SILLOK_ARCHIVE_BY_SITE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 2);
  g_assert_cmpuint (((SillokArchiveCount *) sites->pdata[0])->records, ==, 4);
  years = sillok_archive_stats (c, SILLOK_ARCHIVE_BY_YEAR, &error);
  g_assert_cmpuint (years->len, ==, 1);
  g_assert_cmpstr (((SillokArchiveCount *) years->pdata[0])->key, ==, "1999");
  g_assert_cmpuint (((SillokArchiveCount *) years->pdata[0])->records, ==, 6);
  ilo = sillok_archive_stats (c, SILLOK_ARCHIVE_BY_ILO_INDICATOR, &error);
  g_assert_cmpuint (ilo->len, ==, 2);
  /* Keys are codes; labels are what a reader reads (English under LC_ALL=C). */
  for (guint i = 0; i < ilo->len; i++)
    {
      SillokArchiveCount *count = ilo->pdata[i];

      g_assert_cmpstr (count->label, ==, g_str_equal (count->key, "violence") ? "Physical and sexual violence"
                                                                               : "Excessive overtime");
    }
  {
    g_autoptr(GPtrArray) categories = sillok_archive_stats (c, SILLOK_ARCHIVE_BY_CATEGORY, &error);
    g_autoptr(GPtrArray) provinces = sillok_archive_stats (c, SILLOK_ARCHIVE_BY_PROVINCE, &error);
    SillokArchiveCount *category, *province;

    g_assert_no_error (error);
    g_assert_cmpuint (categories->len, ==, 1);
    category = categories->pdata[0];
    g_assert_cmpstr (category->key, ==, "kyohwaso");
    g_assert_cmpstr (category->label, ==, "Re-education camp (kyohwaso)");
    /* Every episode gave North Hamgyong; those at Kaechon's camp also count
     * for its province in the gazetteer. */
    g_assert_cmpuint (provinces->len, ==, 2);
    province = provinces->pdata[0];
    g_assert_cmpstr (province->key, ==, "north-hamgyong");
    g_assert_cmpstr (province->label, ==, "North Hamgyong");
    g_assert_cmpuint (province->records, ==, 6);
    province = provinces->pdata[1];
    g_assert_cmpstr (province->key, ==, "south-pyongan");
    g_assert_cmpstr (province->label, ==, "South Pyongan");
    g_assert_cmpuint (province->records, ==, 2);
  }
  /* Filters: the records a statistic counts, in the list's order, searched or not. */
  {
    g_autoptr(GPtrArray) all = sillok_archive_list (c, NULL, &error);
    g_autoptr(GPtrArray) south = sillok_archive_list_filtered (c, NULL, SILLOK_ARCHIVE_BY_PROVINCE, "south-pyongan",
                                                               &error);
    g_autoptr(GPtrArray) north = sillok_archive_list_filtered (c, NULL, SILLOK_ARCHIVE_BY_PROVINCE, "north-hamgyong",
                                                               &error);
    g_autoptr(GPtrArray) none = sillok_archive_list_filtered (c, NULL, SILLOK_ARCHIVE_BY_ILO_INDICATOR, "no-such-key",
                                                              &error);
    g_autoptr(GPtrArray) searched = NULL;
    g_autoptr(GPtrArray) site = NULL;
    guint at = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 6);
    g_assert_cmpuint (north->len, ==, 6);
    g_assert_cmpuint (south->len, ==, 2);
    g_assert_cmpuint (none->len, ==, 0);
    for (guint i = 0; i < south->len; i++)
      {
        const char *record = ((SillokArchiveRecord *) south->pdata[i])->record;

        g_assert_true (g_str_equal (record, ids[3]) || g_str_equal (record, ids[4]));
        /* The list's order is kept. */
        while (at < all->len && !g_str_equal (((SillokArchiveRecord *) all->pdata[at])->record, record))
          at++;
        g_assert_cmpuint (at, <, all->len);
      }
    site = sillok_archive_list_filtered (c, NULL, SILLOK_ARCHIVE_BY_SITE,
                                         ((SillokArchiveCount *) sites->pdata[0])->key, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (site->len, ==, 4);
    searched = sillok_archive_list_filtered (c, "Kaechon", SILLOK_ARCHIVE_BY_YEAR, "1999", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (searched->len, ==, 2);
  }
  /* A version's values in words: section and entry, the field's label, choices by label. */
  {
    g_autoptr(GPtrArray) kept = sillok_archive_versions (c, ids[0], &error);
    SillokArchiveVersion *v;
    gboolean category = FALSE, consent = FALSE, ilo_seen = FALSE;

    g_assert_no_error (error);
    v = kept->pdata[0];
    g_assert_nonnull (v->template);
    g_assert_cmpuint (v->labels->len, ==, v->names->len);
    g_assert_cmpuint (v->texts->len, ==, v->names->len);
    g_assert_cmpuint (v->sections->len, ==, v->names->len);
    for (guint n = 0; n < v->names->len; n++)
      {
        const char *name = v->names->pdata[n];

        g_assert_nonnull (v->labels->pdata[n]);
        g_assert_nonnull (v->texts->pdata[n]);
        /* No raw path or code reaches a reader. */
        g_assert_null (strchr (v->labels->pdata[n], '['));
        g_assert_false (((const char *) v->labels->pdata[n])[0] == '$');
        if (g_str_equal (name, "episodes[0].category"))
          {
            category = TRUE;
            g_assert_cmpstr (v->sections->pdata[n], ==, "Forced labour episodes: entry 1");
            g_assert_cmpstr (v->labels->pdata[n], ==, "Labour category");
            g_assert_cmpstr (v->texts->pdata[n], ==, "Re-education camp (kyohwaso)");
          }
        else if (g_str_equal (name, "episodes[0].ilo_indicators"))
          {
            ilo_seen = TRUE;
            g_assert_nonnull (strstr (v->texts->pdata[n], "Physical and sexual violence"));
            g_assert_nonnull (strstr (v->texts->pdata[n], "Excessive overtime"));
          }
        else if (g_str_equal (name, "$consent"))
          {
            consent = TRUE;
            g_assert_cmpstr (v->labels->pdata[n], ==, "Consent given");
            g_assert_nonnull (strstr (v->texts->pdata[n], "May be shared anonymized with coordinators"));
          }
      }
    g_assert_true (category && consent && ilo_seen);
  }

  /* Analyst tables: every row's birth band differs, so with k = 5 every quasi value goes. */
  g_assert_true (sillok_archive_analyst_export (c, SILLOK_ANALYST_CSV, 5, FALSE, csv, &rows, &suppressed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 6);
  g_assert_cmpuint (suppressed, >, 0);
  g_assert_true (sillok_archive_analyst_export (c, SILLOK_ANALYST_JSONL, 1, FALSE, jsonl, &rows, &suppressed, NULL,
                                                &error));
  g_assert_cmpuint (suppressed, ==, 0);
  g_output_stream_close (csv, NULL, NULL);
  g_output_stream_close (jsonl, NULL, NULL);
  {
    gsize csv_len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (csv));
    gsize jsonl_len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (jsonl));
    g_autofree char *csv_text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (csv)), csv_len);
    g_autofree char *jsonl_text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (jsonl)), jsonl_len);
    const char *forbidden[] = { "이순자", "최미나", "한정호", "윤대성", "오명숙", "1962-03-04", "1990-01-01",
                                "$pseudonym", "interviewee.name", "episodes.narrative\"", "episodes.narrative," };

    g_assert_true (g_str_has_prefix (csv_text, "record,version,"));
    g_assert_nonnull (strstr (csv_text, "episodes.site"));
    g_assert_nonnull (strstr (csv_text, "musan-mine"));
    g_assert_nonnull (strstr (csv_text, "episodes.narrative@anon"));
    g_assert_null (strstr (csv_text, "1960-1964"));
    for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
      {
        g_assert_null (strstr (csv_text, forbidden[i]));
        g_assert_null (strstr (jsonl_text, forbidden[i]));
      }
    /* With k = 1 nothing is suppressed: the generalized birth band is there. */
    g_assert_nonnull (strstr (jsonl_text, "\"interviewee.birth_date@anon\":\"1960-1964\""));
  }

  for (guint i = 0; i < 6; i++)
    g_free (ids[i]);
  close_vault (a);
  close_vault (b);
  close_vault (c);
}

/* ----- sillok_import_file(): a real bundle through the reader into the archive ---------- */

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      n += g_file_test (path, G_FILE_TEST_IS_DIR) ? count_files (path) : 1;
    }
  return n;
}

/* A bundle of two sealed interviews of @vault, one with an attachment of
 * 2 MiB, encrypted to @coordinator. */
static char *
bundle_for (SillokVault *vault,
            SillokVault *coordinator,
            const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = sealed_record (vault, "김영희", "1970-01-02", "musan-mine");
  g_autofree char *r2 = sillok_record_create (vault, template, &error);
  const char *set[] = { "consent.given=true", "consent.share_coordinators=true", "interview.date=2026-10",
                        "interviewee.sex=male", "interviewee.birth_date=1965", NULL };
  /* Large enough to be read in many chunks, so that a reading can be cancelled halfway. */
  gsize size = 2 * 1024 * 1024;
  guint8 *bytes = g_malloc (size);
  g_autoptr(GInputStream) in = (randombytes_buf (bytes, size), g_memory_input_stream_new_from_data (bytes, size, g_free));
  g_autoptr(SillokExport) export = sillok_export_new (vault);
  g_autoptr(SillokExportReport) report = NULL;
  g_autofree char *recipient = sillok_vault_get_age_recipient (coordinator);
  char *path = g_build_filename (root, name, NULL);

  g_assert_true (sillok_record_set_texts (vault, r2, set, &error));
  g_assert_true (sillok_record_attach (vault, r2, in, "mine.bin", "application/octet-stream", "open", NULL, NULL, NULL, &error));
  g_assert_true (sillok_record_seal (vault, r2, &error));
  g_assert_no_error (error);
  sillok_export_add_record (export, r1);
  sillok_export_add_record (export, r2);
  g_assert_true (sillok_export_add_recipient (export, recipient, &error));
  g_assert_true (sillok_export_set_override_k (export, "test", &error));
  report = sillok_export_write (export, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return path;
}

static void
cancel_halfway (guint64  done,
                guint64  total,
                gpointer user_data)
{
  if (done > 0)
    g_cancellable_cancel (user_data);
}

static void
test_import_file (void)
{
  SillokVault *a = new_vault ("import-interviewer");
  SillokVault *c = new_vault ("import-coordinator");
  g_autofree char *blobs = g_build_filename (root, "import-coordinator", "blobs", NULL);
  g_autofree char *path = bundle_for (a, c, "import-1.sillok");
  g_autoptr(SillokBundleReader) reader = NULL;
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(SillokImportResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle_id = NULL;

  reader = sillok_import_reader_new (c, &error);
  g_assert_no_error (error);

  /* Cancelled while the file streams: nothing kept, no blob left. */
  result = sillok_import_file (c, reader, path, &report, cancel_halfway, cancellable, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_clear_error (&error);
  g_clear_pointer (&report, sillok_bundle_report_free);
  g_assert_cmpuint (count_files (blobs), ==, 0);
  list = sillok_archive_list (c, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The same reader imports it afterwards. */
  result = sillok_import_file (c, reader, path, &report, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (report->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
  g_assert_cmpstr (result->bundle, ==, report->bundle);
  g_assert_false (result->already_imported);
  g_assert_cmpuint (result->added, ==, 2);
  g_assert_cmpuint (result->attachments, ==, 1);
  g_assert_cmpuint (count_files (blobs), ==, 1);
  list = sillok_archive_list (c, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);
  bundle_id = g_strdup (result->bundle);
  g_clear_pointer (&result, sillok_import_result_free);
  g_clear_pointer (&report, sillok_bundle_report_free);

  /* Each record's audit trail as the bundle brought it: created, sealed,
   * exported in that bundle; anonymized, so commitments without times. */
  for (guint i = 0; i < list->len; i++)
    {
      const char *uuid = ((SillokArchiveRecord *) list->pdata[i])->record;
      g_autoptr(SillokArchiveAudit) audit = sillok_archive_audit (c, uuid, &error);
      SillokAuditEntry *first, *last;

      g_assert_no_error (error);
      g_assert_cmpuint (audit->chains, ==, 1);
      g_assert_false (audit->times);
      g_assert_cmpuint (audit->entries->len, >=, 3);
      first = audit->entries->pdata[0];
      last = audit->entries->pdata[audit->entries->len - 1];
      g_assert_cmpstr (first->action, ==, "created");
      g_assert_cmpuint (first->seq, ==, 1);
      g_assert_cmpstr (((SillokAuditEntry *) audit->entries->pdata[1])->action, ==, "sealed");
      g_assert_cmpstr (last->action, ==, "exported");
      g_assert_cmpstr (last->detail, ==, bundle_id);
      g_assert_null (last->time);
      g_assert_cmpuint (strlen (last->at), ==, 64);
    }
  {
    g_autoptr(SillokArchiveAudit) none = sillok_archive_audit (c, "00000000-0000-4000-8000-000000000000", &error);

    g_assert_null (none);
    g_assert_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Again: recognised, nothing stored twice. */
  result = sillok_import_file (c, reader, path, &report, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->already_imported);
  g_assert_cmpuint (count_files (blobs), ==, 1);
  g_clear_pointer (&result, sillok_import_result_free);
  g_clear_pointer (&report, sillok_bundle_report_free);

  /* A bundle for someone else: the reader's failure, as an error and a report. */
  {
    g_autofree char *other = bundle_for (a, a, "import-other.sillok");

    result = sillok_import_file (c, reader, other, &report, NULL, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, SILLOK_BUNDLE_ERROR, SILLOK_BUNDLE_ERROR_NOT_FOR_US);
    g_assert_nonnull (report);
    g_assert_cmpint (report->verdict, ==, SILLOK_BUNDLE_VERDICT_FAILED);
    g_clear_error (&error);
    g_clear_pointer (&report, sillok_bundle_report_free);
  }

  /* A locked vault imports nothing. */
  sillok_vault_lock (c);
  result = sillok_import_file (c, reader, path, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_assert_null (result);

  close_vault (a);
  close_vault (c);
}

/* A full disk while an attachment is stored: a clear error, the archive
 * and the blob folder as before. */
static void
test_import_disk_full (void)
{
  SillokVault *a = new_vault ("full-interviewer");
  SillokVault *c = new_vault ("full-coordinator");
  g_autofree char *blobs = g_build_filename (root, "full-coordinator", "blobs", NULL);
  g_autofree char *path = bundle_for (a, c, "full.sillok");
  g_autoptr(SillokBundleReader) reader = sillok_import_reader_new (c, NULL);
  const char *specs[] = { "blob-write=enospc", "blob-write=short", "blob-before-rename=eio" };
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") != 0)
    {
      g_test_skip ("failpoints are not compiled in (-Dfailpoints=true)");
      close_vault (a);
      close_vault (c);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(SillokImportResult) result = NULL;
      g_autoptr(GPtrArray) list = NULL;

      g_setenv ("SILLOK_FAILPOINTS", specs[i], TRUE);
      result = sillok_import_file (c, reader, path, NULL, NULL, NULL, NULL, &error);
      g_unsetenv ("SILLOK_FAILPOINTS");
      g_assert_null (result);
      g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED));
      g_test_message ("%s: %s", specs[i], error->message);
      g_clear_error (&error);
      g_assert_cmpuint (count_files (blobs), ==, 0);
      list = sillok_archive_list (c, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 0);
    }
  {
    g_autoptr(SillokImportResult) result = sillok_import_file (c, reader, path, NULL, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (result->added, ==, 2);
  }
  close_vault (a);
  close_vault (c);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  sillok_test_init (&argc, &argv);
  root = sillok_test_mkdtemp ();
  template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_assert_no_error (error);

  g_test_add_func ("/archive/import-outcomes", test_import_outcomes);
  g_test_add_func ("/archive/attachments-all-or-nothing", test_attachments_all_or_nothing);
  g_test_add_func ("/archive/check-keeps-attachments", test_check_keeps_archive_attachments);
  g_test_add_func ("/archive/persons-stats-analyst", test_persons_stats_analyst);
  g_test_add_func ("/archive/import-file", test_import_file);
  g_test_add_func ("/archive/import-disk-full", test_import_disk_full);
  status = g_test_run ();

  sillok_template_unref (template);
  sillok_test_rmtree (root);
  g_free (root);
  return status;
}
