/* test-reexport.c: bundles written from the coordinator's archive — signatures verbatim, profiles, consent,
 * whole chains, provenance, the archive's log, and re-import elsewhere
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-archive.h"
#include "sillok/sillok-audit.h"
#include "sillok/sillok-bundle-reader.h"
#include "sillok/sillok-check.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-import.h"
#include "sillok/sillok-record.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "re-export test 재수출"

/* An interviewer, two coordinators and a third vault, and the bundles
 * between them: made once, the KDF and sealing are slow. */
static struct
{
  char        *dir;
  SillokVault *kim;          /* the interviewer */
  SillokVault *coord;        /* imports the legal and the anonymized bundle */
  SillokVault *coord2;       /* imports the anonymized bundle only */
  SillokVault *third;        /* imports the legal bundle, then a re-export */
  char        *r1;           /* two versions, an open and an identifying attachment */
  char        *r2;
  char        *r3;           /* no consent to share with a legal team */
  char        *legal;        /* Kim's legal bundle (r1, r2): path */
  char        *legal_id;
  char        *anon;         /* Kim's anonymized bundle (r1, r2, r3) */
  char        *anon_id;
} fx;

typedef struct
{
  char   *path;
  GBytes *data;
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->path);
  g_bytes_unref (e->data);
  g_free (e);
}

static SillokVault *
new_vault (const char *name)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx.dir, name, NULL);
  SillokVault *vault = sillok_vault_new (path);

  g_assert_true (sillok_vault_create (vault, name, pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  return vault;
}

static char *
sealed_record (const char *const *assignments)
{
  static const char *const base[] = { "consent.given=true", "consent.share_coordinators=true",
                                      "interview.date=2026-03-14", "interviewee.sex=female",
                                      "interviewee.home_province=north-hamgyong", "episodes[0].site=musan-mine",
                                      "episodes[0].category=kyohwaso", "episodes[0].from=1999", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokTemplate) template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_autofree char *uuid = NULL;

  g_assert_no_error (error);
  uuid = sillok_record_create (fx.kim, template, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (fx.kim, uuid, base, &error));
  g_assert_true (sillok_record_set_texts (fx.kim, uuid, assignments, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&uuid);
}

static void
attach_text (const char *uuid,
             const char *name,
             const char *text,
             const char *sensitivity)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_record_attach (fx.kim, uuid, in, name, "text/plain", sensitivity, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
add_vault_recipient (SillokExport *export,
                     SillokVault  *vault)
{
  g_autofree char *recipient = sillok_vault_get_age_recipient (vault);
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_export_add_recipient (export, recipient, &error));
  g_assert_no_error (error);
}

/* Kim's bundle of every sealed record, to both coordinators and the third vault. */
static char *
kim_export (SillokExportProfile profile,
            const char         *name,
            char              **bundle)
{
  g_autoptr(SillokExport) export = sillok_export_new (fx.kim);
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fx.dir, name, NULL);

  sillok_export_set_profile (export, profile);
  sillok_export_set_all_sealed (export, TRUE);
  add_vault_recipient (export, fx.coord);
  add_vault_recipient (export, fx.coord2);
  add_vault_recipient (export, fx.third);
  g_assert_true (sillok_export_set_override_k (export, "a small test", &error));
  report = sillok_export_write (export, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  *bundle = g_strdup (report->bundle);
  return path;
}

static SillokImportResult *
import_into (SillokVault *vault,
             const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBundleReader) reader = sillok_import_reader_new (vault, &error);
  SillokImportResult *result;

  g_assert_no_error (error);
  result = sillok_import_file (vault, reader, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
fixture_set_up (void)
{
  g_autoptr(GError) error = NULL;

  fx.dir = sillok_test_mkdtemp ();
  fx.kim = new_vault ("kim");
  fx.coord = new_vault ("coordinator");
  fx.coord2 = new_vault ("coordinator-2");
  fx.third = new_vault ("third");

  fx.r1 = sealed_record ((const char *[]) { "consent.share_legal=true", "interviewee.name=김영희",
                                            "interviewee.birth_date=1970-01-02", NULL });
  attach_text (fx.r1, "광산 지도.txt", "a sketch of the mine", "open");
  attach_text (fx.r1, "증언자 사진.txt", "stands in for a face", "identifying");
  g_assert_true (sillok_record_seal (fx.kim, fx.r1, &error));
  g_assert_cmpuint (sillok_record_amend (fx.kim, fx.r1, "생년 정정", &error), ==, 2);
  g_assert_true (sillok_record_set_texts (fx.kim, fx.r1, (const char *[]) { "interviewee.birth_date=1971-01-02", NULL },
                                          &error));
  g_assert_true (sillok_record_seal (fx.kim, fx.r1, &error));
  fx.r2 = sealed_record ((const char *[]) { "consent.share_legal=true", "interviewee.name=박순이",
                                            "interviewee.birth_date=1980-05-06", NULL });
  g_assert_true (sillok_record_seal (fx.kim, fx.r2, &error));
  fx.r3 = sealed_record ((const char *[]) { "consent.share_legal=false", "interviewee.name=이철수",
                                            "interviewee.birth_date=1965-09-09", NULL });
  g_assert_true (sillok_record_seal (fx.kim, fx.r3, &error));
  g_assert_no_error (error);

  /* The legal bundle leaves r3 out (no consent); the anonymized one, made
   * after it, carries all three and a chain one entry longer. */
  fx.legal = kim_export (SILLOK_EXPORT_PROFILE_LEGAL, "kim-legal.sillok", &fx.legal_id);
  fx.anon = kim_export (SILLOK_EXPORT_PROFILE_ANONYMIZED, "kim-anon.sillok", &fx.anon_id);
  sillok_import_result_free (import_into (fx.coord, fx.legal));
  sillok_import_result_free (import_into (fx.coord, fx.anon));
  sillok_import_result_free (import_into (fx.coord2, fx.anon));
  sillok_import_result_free (import_into (fx.third, fx.legal));
}

static void
fixture_tear_down (void)
{
  g_clear_object (&fx.kim);
  g_clear_object (&fx.coord);
  g_clear_object (&fx.coord2);
  g_clear_object (&fx.third);
  sillok_test_rmtree (fx.dir);
  g_free (fx.dir);
  g_free (fx.r1);
  g_free (fx.r2);
  g_free (fx.r3);
  g_free (fx.legal);
  g_free (fx.legal_id);
  g_free (fx.anon);
  g_free (fx.anon_id);
}

/* ----- reading bundles back ----------------------------------------------------------------- */

static GPtrArray *
bundle_entries (const char        *path,
                SillokAgeIdentity *identity)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(SillokAgeDecryptor) dec = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *ae;

  in = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  dec = sillok_age_decryptor_new (G_INPUT_STREAM (in));
  sillok_age_decryptor_add_identity (dec, identity);
  g_assert_true (sillok_age_decryptor_splice (dec, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  tar = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  archive_read_support_format_tar (a);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar)), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &ae) == ARCHIVE_OK)
    {
      Entry *e = g_new0 (Entry, 1);
      gsize size = archive_entry_size (ae);
      guint8 *buf = g_malloc (size + 1);

      g_assert_cmpint (archive_read_data (a, buf, size), ==, (la_ssize_t) size);
      e->path = g_strdup (archive_entry_pathname (ae));
      e->data = g_bytes_new_take (buf, size);
      g_ptr_array_add (entries, e);
    }
  archive_read_free (a);
  return entries;
}

static GBytes *
entry_at (GPtrArray  *entries,
          const char *path)
{
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (((Entry *) entries->pdata[i])->path, path) == 0)
      return ((Entry *) entries->pdata[i])->data;
  return NULL;
}

static guint
count_prefix (GPtrArray  *entries,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    n += g_str_has_prefix (((Entry *) entries->pdata[i])->path, prefix);
  return n;
}

static JsonObject *
manifest_of (GPtrArray *entries,
             JsonNode **root)
{
  GBytes *m = entry_at (entries, "manifest.json");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (m);
  *root = sillok_jcs_parse (g_bytes_get_data (m, NULL), g_bytes_get_size (m), NULL, 0, &error);
  g_assert_no_error (error);
  return json_node_get_object (*root);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names of the disclosures a version carries, sorted and joined. */
static char *
carried_names (GPtrArray  *entries,
               const char *uuid,
               guint       version,
               gboolean    attachments)
{
  g_autofree char *path = g_strdup_printf ("records/%s/%u/disclosures.json", uuid, version);
  GBytes *data = entry_at (entries, path);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_nonnull (data);
  root = sillok_jcs_parse (g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL, 0, &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *d = json_array_get_string_element (array, i);
      g_autoptr(SillokDisclosure) parsed = sillok_disclosure_parse (d, strlen (d), &error);

      g_assert_no_error (error);
      if (attachments || !g_str_has_prefix (sillok_disclosure_get_name (parsed), "$attachment["))
        g_ptr_array_add (names, g_strdup (sillok_disclosure_get_name (parsed)));
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (GStrv) names->pdata);
}

static SillokBundleReport *
verify (const char        *path,
        SillokAgeIdentity *identity)
{
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(GError) error = NULL;
  SillokBundleReport *report;

  sillok_bundle_reader_add_identity (reader, identity);
  report = sillok_bundle_reader_read_file (reader, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (report->failure != NULL)
    g_test_message ("%s", report->failure->message);
  g_assert_cmpint (report->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
  return report;
}

static char *
key_id_of (SillokVault *vault)
{
  SillokMinisignPublicKey key;

  sillok_vault_get_public_key (vault, &key);
  return sillok_minisign_key_id_to_string (key.keynum);
}

static SillokExport *
reexport_of (SillokVault        *vault,
             SillokExportProfile profile,
             const char *const  *uuids)
{
  SillokExport *export = sillok_export_new (vault);

  sillok_export_set_source (export, SILLOK_EXPORT_SOURCE_ARCHIVE);
  sillok_export_set_profile (export, profile);
  for (guint i = 0; uuids != NULL && uuids[i] != NULL; i++)
    sillok_export_add_record (export, uuids[i]);
  add_vault_recipient (export, fx.third);
  return export;
}

static char *
out_path (const char *name)
{
  return g_build_filename (fx.dir, name, NULL);
}

/* ----- tests ------------------------------------------------------------------------------- */

static void
test_legal (void)
{
  g_autoptr(SillokExport) export = reexport_of (fx.coord, SILLOK_EXPORT_PROFILE_LEGAL,
                                                (const char *const[]) { fx.r1, fx.r2, NULL });
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(SillokBundleReport) verified = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) original = NULL;
  g_autoptr(GPtrArray) exports = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = out_path ("legal-reexport.sillok");
  g_autofree char *kim_id = key_id_of (fx.kim);
  g_autofree char *coord_id = key_id_of (fx.coord);
  g_autofree char *names = NULL;
  g_autofree char *original_names = NULL;
  g_autofree char *sources = NULL;
  JsonObject *manifest;
  const char *records[] = { fx.r1, fx.r2 };

  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records->len, ==, 2);
  g_assert_cmpuint (report->left_out->len, ==, 0);
  g_assert_cmpuint (report->attachments, ==, 2);
  /* Both of Kim's bundles brought r1 and r2. */
  sources = g_strjoinv (" ", report->provenance);
  {
    g_autofree char *want = strcmp (fx.legal_id, fx.anon_id) < 0
                            ? g_strdup_printf ("%s %s", fx.legal_id, fx.anon_id)
                            : g_strdup_printf ("%s %s", fx.anon_id, fx.legal_id);
    g_assert_cmpstr (sources, ==, want);
  }

  verified = verify (out, sillok_vault_get_age_identity (fx.third));
  g_assert_cmpstr (verified->profile, ==, "legal");
  g_assert_cmpuint (verified->signers->len, ==, 2);
  g_assert_true (((SillokBundleSigner *) verified->signers->pdata[0])->exporter);
  g_assert_cmpstr (((SillokBundleSigner *) verified->signers->pdata[0])->key_id, ==, coord_id);
  g_assert_cmpuint (((SillokBundleSigner *) verified->signers->pdata[0])->statements, ==, 0);
  g_assert_cmpstr (((SillokBundleSigner *) verified->signers->pdata[1])->key_id, ==, kim_id);
  g_assert_cmpuint (((SillokBundleSigner *) verified->signers->pdata[1])->statements, ==, 3);

  entries = bundle_entries (out, sillok_vault_get_age_identity (fx.third));
  original = bundle_entries (fx.legal, sillok_vault_get_age_identity (fx.third));
  manifest = manifest_of (entries, &root);
  g_assert_cmpstr (json_object_get_string_member (manifest, "exporter"), ==, coord_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (manifest, "provenance")), ==, 2);

  /* Every statement and signature byte for byte as Kim sealed it. */
  for (guint r = 0; r < G_N_ELEMENTS (records); r++)
    for (guint v = 1; v <= (r == 0 ? 2u : 1u); v++)
      {
        g_autoptr(SillokRecord) sealed = sillok_record_load (fx.kim, records[r], v, &error);
        g_autofree char *statement = g_strdup_printf ("records/%s/%u/statement.json", records[r], v);
        g_autofree char *signature = g_strdup_printf ("records/%s/%u/statement.json.minisig", records[r], v);

        g_assert_no_error (error);
        g_assert_true (g_bytes_equal (entry_at (entries, statement), sillok_record_get_statement (sealed)));
        g_assert_true (g_bytes_equal (entry_at (entries, signature), sillok_record_get_signature (sealed)));
      }
  /* What the archive holds, unfiltered: the latest versions everything,
   * version 1 of r1 nothing (Kim's bundles carried none of it). */
  names = carried_names (entries, fx.r1, 2, TRUE);
  original_names = carried_names (original, fx.r1, 2, TRUE);
  g_assert_cmpstr (names, ==, original_names);
  g_assert_nonnull (strstr (names, "interviewee.name,"));
  g_assert_nonnull (strstr (names, "$sealed_at,"));
  g_assert_nonnull (strstr (names, "$attachment[1]"));
  g_clear_pointer (&names, g_free);
  names = carried_names (entries, fx.r1, 1, TRUE);
  g_assert_cmpstr (names, ==, "");
  g_assert_cmpuint (count_prefix (entries, "attachments/"), ==, 2);
  /* The chains as Kim's legal bundle carried them (the longest with times). */
  for (guint r = 0; r < G_N_ELEMENTS (records); r++)
    {
      g_autofree char *chain = g_strdup_printf ("audit/%s.jsonl", records[r]);
      g_autofree char *times = g_strdup_printf ("audit/%s.times.json", records[r]);

      g_assert_true (g_bytes_equal (entry_at (entries, chain), entry_at (original, chain)));
      g_assert_true (g_bytes_equal (entry_at (entries, times), entry_at (original, times)));
    }
  /* The signer's key and the coordinator's, as exporter. */
  g_assert_cmpuint (count_prefix (entries, "keys/"), ==, 2);
  {
    g_autofree char *kim_pub = g_strdup_printf ("keys/%s.pub", kim_id);
    g_autofree char *coord_pub = g_strdup_printf ("keys/%s.pub", coord_id);

    g_assert_true (g_bytes_equal (entry_at (entries, kim_pub), entry_at (original, kim_pub)));
    g_assert_nonnull (entry_at (entries, coord_pub));
  }

  /* The archive's log says what left, from where, to whom. */
  exports = sillok_archive_exports (fx.coord, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exports->len, >=, 1);
  {
    SillokArchiveExport *e = exports->pdata[exports->len - 1];
    g_autofree char *third = sillok_vault_get_age_recipient (fx.third);
    g_autofree char *logged = g_strjoinv (" ", e->provenance);

    g_assert_cmpstr (e->bundle, ==, report->bundle);
    g_assert_cmpstr (e->b2, ==, report->b2);
    g_assert_cmpstr (e->profile, ==, "legal");
    g_assert_cmpuint (g_strv_length (e->recipients), ==, 1);
    g_assert_cmpstr (e->recipients[0], ==, third);
    g_assert_cmpuint (g_strv_length (e->records), ==, 2);
    g_assert_cmpuint (e->versions, ==, 3);
    g_assert_cmpstr (logged, ==, sources);
  }

  /* The third vault has Kim's legal bundle: the same versions, present. */
  {
    g_autoptr(SillokImportResult) result = import_into (fx.third, out);

    g_assert_false (result->already_imported);
    g_assert_cmpuint (result->added, ==, 0);
    g_assert_cmpuint (result->present, ==, 3);
    g_assert_cmpuint (result->conflicts, ==, 0);
  }
  {
    g_autoptr(SillokCheckReport) check = sillok_vault_check (fx.coord, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (check->problems->len, ==, 0);
  }
}

static void
test_anonymized (void)
{
  g_autoptr(SillokExport) export = reexport_of (fx.coord, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { fx.r1, fx.r2, NULL });
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(SillokBundleReport) verified = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) original = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = out_path ("anon-reexport.sillok");
  const char *records[] = { fx.r1, fx.r2 };

  /* Two records are below k = 3: refused without a reason. */
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_K_ANONYMITY);
  g_assert_null (report);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_true (sillok_export_set_override_k (export, "two records for a test", &error));
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->override, ==, "two records for a test");
  g_assert_cmpuint (g_strv_length (report->below), ==, 2);
  /* A legal bundle brought them: the archive cannot tell which attachment was open. */
  g_assert_cmpuint (report->attachments, ==, 0);

  verified = verify (out, sillok_vault_get_age_identity (fx.third));
  g_assert_cmpstr (verified->profile, ==, "anonymized");
  entries = bundle_entries (out, sillok_vault_get_age_identity (fx.third));
  original = bundle_entries (fx.anon, sillok_vault_get_age_identity (fx.third));
  g_assert_cmpuint (count_prefix (entries, "attachments/"), ==, 0);
  for (guint r = 0; r < G_N_ELEMENTS (records); r++)
    {
      guint latest = r == 0 ? 2 : 1;
      g_autofree char *names = carried_names (entries, records[r], latest, TRUE);
      g_autofree char *kims = carried_names (original, records[r], latest, FALSE);
      g_autofree char *times = g_strdup_printf ("audit/%s.times.json", records[r]);
      g_autofree char *chain = g_strdup_printf ("audit/%s.jsonl", records[r]);

      /* The names Kim's own anonymized export carries, attachments aside. */
      g_assert_cmpstr (names, ==, kims);
      g_assert_null (strstr (names, "interviewee.name"));
      g_assert_null (strstr (names, "interviewee.birth_date,"));
      g_assert_null (strstr (names, "$sealed_at,"));
      g_assert_nonnull (strstr (names, "interviewee.birth_date@anon"));
      g_assert_null (entry_at (entries, times));
      /* The longest chain: the anonymized bundle's, made later. */
      g_assert_true (g_bytes_equal (entry_at (entries, chain), entry_at (original, chain)));
    }
  /* Older versions carry nothing, as in an interviewer's export. */
  {
    g_autofree char *older = carried_names (entries, fx.r1, 1, TRUE);
    g_assert_cmpstr (older, ==, "");
  }
}

static void
test_open_attachments (void)
{
  g_autoptr(SillokExport) export = reexport_of (fx.coord2, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { fx.r1, NULL });
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = out_path ("open-attachments.sillok");
  g_autofree char *names = NULL;

  /* Only an anonymized bundle brought r1: its attachments were open. */
  g_assert_true (sillok_export_set_override_k (export, "one record", &error));
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->attachments, ==, 1);
  g_clear_pointer (&report, sillok_export_report_free);
  {
    g_autoptr(SillokBundleReport) verified = verify (out, sillok_vault_get_age_identity (fx.third));
  }
  entries = bundle_entries (out, sillok_vault_get_age_identity (fx.third));
  names = carried_names (entries, fx.r1, 2, TRUE);
  g_assert_nonnull (strstr (names, "$attachment[0]"));
  g_assert_null (strstr (names, "$attachment[1]"));
  g_assert_cmpuint (count_prefix (entries, "attachments/"), ==, 1);

  /* A legal re-export needs the audit times, which no anonymized bundle brings. */
  {
    g_autoptr(SillokExport) legal = reexport_of (fx.coord2, SILLOK_EXPORT_PROFILE_LEGAL,
                                                 (const char *const[]) { fx.r1, NULL });
    g_autofree char *out2 = out_path ("no-times.sillok");

    report = sillok_export_write (legal, out2, NULL, NULL, NULL, &error);
    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INCOMPLETE);
    g_assert_nonnull (strstr (error->message, fx.r1));
    g_assert_nonnull (strstr (error->message, "audit times"));
    g_assert_false (g_file_test (out2, G_FILE_TEST_EXISTS));
  }
}

static void
test_consent (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = out_path ("consent.sillok");

  /* r3's witness did not consent to a legal team: alone, nothing to export. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.coord, SILLOK_EXPORT_PROFILE_LEGAL,
                                                  (const char *const[]) { fx.r3, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out, NULL, NULL, NULL, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_CONSENT);
    g_assert_nonnull (strstr (error->message, fx.r3));
    g_assert_nonnull (strstr (error->message, "legal team"));
    g_clear_error (&error);
  }
  /* With another record it is left out and named. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.coord, SILLOK_EXPORT_PROFILE_LEGAL,
                                                  (const char *const[]) { fx.r3, fx.r2, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_plan (export, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->records->len, ==, 1);
    g_assert_cmpuint (report->left_out->len, ==, 1);
    g_assert_cmpstr (((SillokExportLeftOut *) report->left_out->pdata[0])->uuid, ==, fx.r3);
    g_assert_nonnull (report->provenance[0]);
  }
  /* Coordinators may have it. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.coord, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                  (const char *const[]) { fx.r3, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_plan (export, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->records->len, ==, 1);
    g_assert_cmpuint (report->left_out->len, ==, 0);
    /* Only the anonymized bundle brought r3. */
    g_assert_cmpuint (g_strv_length (report->provenance), ==, 1);
    g_assert_cmpstr (report->provenance[0], ==, fx.anon_id);
  }
}

/* Hands versions to the archive as a verified bundle would. */
static void
archive_directly (SillokVault *vault,
                  const char  *bundle,
                  const char  *as_record,
                  const char  *record,
                  guint        version)
{
  g_autoptr(SillokArchiveImport) imp = sillok_archive_import_new (vault);
  g_autoptr(GBytes) manifest = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) sig = g_bytes_new_static ("sig", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) sealed = sillok_record_load (fx.kim, record, version, &error);
  g_autoptr(SillokImportResult) result = NULL;
  SillokArchiveBundle info = { bundle, "00", "AAAAAAAAAAAAAAAA", "anonymized", "2026-11", manifest, sig };

  g_assert_no_error (error);
  sillok_archive_import_set_bundle (imp, &info);
  sillok_archive_import_add_template (imp, sillok_template_get_canonical (sillok_record_get_template (sealed)));
  sillok_archive_import_add_version (imp, as_record, version, sillok_record_get_statement (sealed),
                                     sillok_record_get_signature (sealed),
                                     (const char *const *) sillok_record_get_disclosures (sealed));
  result = sillok_archive_import_commit (imp, &error);
  g_assert_no_error (error);
}

static void
test_whole_chains (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = out_path ("incomplete.sillok");
  g_autoptr(GPtrArray) before = sillok_archive_exports (fx.coord2, &error);
  g_autoptr(GPtrArray) after = NULL;
  const char *fake = "0a1b2c3d-0000-4000-8000-00000000000a";

  /* The third vault gets a version 2 whose version 1 never came;
   * coordinator-2 a statement of r2 filed as r3's version 1, which clashes
   * with the one it holds. */
  archive_directly (fx.third, "22222222-2222-4222-8222-222222222222", fake, fx.r1, 2);
  archive_directly (fx.coord2, "33333333-3333-4333-8333-333333333333", fx.r3, fx.r2, 1);

  /* Chosen by name: refused, named. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.third, SILLOK_EXPORT_PROFILE_LEGAL,
                                                  (const char *const[]) { fx.r2, fake, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out, NULL, NULL, NULL, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INCOMPLETE);
    g_assert_nonnull (strstr (error->message, fake));
    g_assert_nonnull (strstr (error->message, "version 1"));
    g_clear_error (&error);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    g_autoptr(SillokExport) export = reexport_of (fx.coord2, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                  (const char *const[]) { fx.r3, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out, NULL, NULL, NULL, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INCOMPLETE);
    g_assert_nonnull (strstr (error->message, fx.r3));
    g_assert_nonnull (strstr (error->message, "two different statements"));
    g_clear_error (&error);
  }
  /* With every archived record: left out and named, the others go. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.third, SILLOK_EXPORT_PROFILE_LEGAL, NULL);
    g_autoptr(SillokExportReport) report = NULL;

    sillok_export_set_all_archived (export, TRUE);
    report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->records->len, ==, 2);
    g_assert_cmpuint (report->left_out->len, ==, 1);
    g_assert_cmpstr (((SillokExportLeftOut *) report->left_out->pdata[0])->uuid, ==, fake);
    g_assert_nonnull (strstr (((SillokExportLeftOut *) report->left_out->pdata[0])->reason, "version 1"));
    g_assert_true (g_strv_contains ((const char *const *) report->provenance, fx.legal_id));
    g_assert_false (g_strv_contains ((const char *const *) report->provenance, "22222222-2222-4222-8222-222222222222"));
  }
  /* A record the archive never saw. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.coord2, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                  (const char *const[]) { "00000000-0000-4000-8000-000000000000",
                                                                          NULL });
    g_autoptr(SillokExportReport) report = sillok_export_plan (export, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  /* Refusals leave no trace in the log. */
  after = sillok_archive_exports (fx.coord2, &error);
  g_assert_cmpuint (after->len, ==, before->len);
}

static void
test_requests (void)
{
  g_autoptr(GError) error = NULL;

  /* Nothing chosen, or the choices of the other source. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.coord, SILLOK_EXPORT_PROFILE_ANONYMIZED, NULL);
    g_autoptr(SillokExportReport) report = sillok_export_plan (export, &error);

    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID);
    g_clear_error (&error);
    sillok_export_set_all_sealed (export, TRUE);
    g_assert_null (sillok_export_plan (export, &error));
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    g_autoptr(SillokExport) export = sillok_export_new (fx.kim);

    sillok_export_set_all_archived (export, TRUE);
    g_assert_null (sillok_export_plan (export, &error));
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* An interviewer's empty archive. */
  {
    g_autoptr(SillokExport) export = reexport_of (fx.kim, SILLOK_EXPORT_PROFILE_ANONYMIZED, NULL);

    sillok_export_set_all_archived (export, TRUE);
    g_assert_null (sillok_export_plan (export, &error));
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_NOT_SEALED);
    g_clear_error (&error);
  }
  /* A vault export carries no provenance. */
  {
    g_autoptr(SillokExport) export = sillok_export_new (fx.kim);
    g_autoptr(SillokExportReport) report = NULL;

    sillok_export_add_record (export, fx.r2);
    report = sillok_export_plan (export, &error);
    g_assert_no_error (error);
    g_assert_null (report->provenance);
  }
}

static void
test_failpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *out = out_path ("failing.sillok");
  g_autoptr(SillokExport) export = NULL;
  g_autoptr(SillokExportReport) report = NULL;

  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") != 0)
    {
      g_test_skip ("failpoints are not compiled in (configure with -Dfailpoints=true)");
      return;
    }
  before = sillok_archive_exports (fx.coord, &error);
  export = reexport_of (fx.coord, SILLOK_EXPORT_PROFILE_LEGAL, (const char *const[]) { fx.r2, NULL });
  g_setenv ("SILLOK_FAILPOINTS", "bundle-record=eio", TRUE);
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_unsetenv ("SILLOK_FAILPOINTS");
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  after = sillok_archive_exports (fx.coord, &error);
  g_assert_cmpuint (after->len, ==, before->len);
}

int
main (int    argc,
      char **argv)
{
  int status;

  sillok_test_init (&argc, &argv);
  g_test_add_func ("/reexport/legal", test_legal);
  g_test_add_func ("/reexport/anonymized", test_anonymized);
  g_test_add_func ("/reexport/open-attachments", test_open_attachments);
  g_test_add_func ("/reexport/consent", test_consent);
  g_test_add_func ("/reexport/whole-chains", test_whole_chains);
  g_test_add_func ("/reexport/requests", test_requests);
  g_test_add_func ("/reexport/failpoint", test_failpoint);
  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();
  return status;
}
