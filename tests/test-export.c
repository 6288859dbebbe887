/* test-export.c: bundles — paths, B2SUMS, manifest, profiles, consent, k-anonymity, writing
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok/sillok.h"
#include "sillok/sillok-anonymity.h"
#include "sillok/sillok-audit.h"
#include "sillok/sillok-bundle.h"
#include "sillok/sillok-check.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-recipients.h"
#include "sillok/sillok-record.h"
#include "sillok-export-private.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "export test 수출"
#define UUID_A     "0a1b2c3d-0000-4000-8000-00000000000a"
#define B2_ABC     "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
#define B2_EMPTY   "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"
#define HEX64      "c9e4a195d9e31d730750ac2c8e63a0aa533a96fca3ee88c71cf46a2750c7c897"

typedef struct
{
  char        *dir;
  char        *path;
  SillokVault *vault;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;

  f->dir = sillok_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "vault", NULL);
  f->vault = sillok_vault_new (f->path);
  g_assert_true (sillok_vault_create (f->vault, "Exporter 수출자", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
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
out_path (Fixture    *f,
          const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* A record of forced-labour with the usual consent, the assignments given
 * (NULL-terminated) and, when @seal, sealed. */
static char *
new_record (SillokVault        *vault,
            gboolean            seal,
            const char *const  *assignments)
{
  static const char *const base[] = { "consent.given=true", "consent.share_coordinators=true",
                                      "interview.date=2026-03-14", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokTemplate) template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_autofree char *uuid = NULL;

  g_assert_no_error (error);
  uuid = sillok_record_create (vault, template, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (vault, uuid, base, &error));
  g_assert_no_error (error);
  if (assignments != NULL)
    {
      g_assert_true (sillok_record_set_texts (vault, uuid, assignments, &error));
      g_assert_no_error (error);
    }
  if (seal)
    {
      g_assert_true (sillok_record_seal (vault, uuid, &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&uuid);
}

static void
attach_text (SillokVault *vault,
             const char  *uuid,
             const char  *name,
             const char  *text,
             const char  *media_type,
             const char  *sensitivity)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_record_attach (vault, uuid, in, name, media_type, sensitivity, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static guint
audit_length (SillokVault *vault,
              const char  *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chain = sillok_audit_list (vault, uuid, &error);

  g_assert_no_error (error);
  return chain->len;
}

static SillokExport *
export_of (SillokVault        *vault,
           SillokExportProfile profile,
           const char *const  *uuids)
{
  SillokExport *export = sillok_export_new (vault);
  g_autofree char *recipient = sillok_vault_get_age_recipient (vault);
  g_autoptr(GError) error = NULL;

  sillok_export_set_profile (export, profile);
  for (guint i = 0; uuids != NULL && uuids[i] != NULL; i++)
    sillok_export_add_record (export, uuids[i]);
  g_assert_true (sillok_export_add_recipient (export, recipient, &error));
  g_assert_no_error (error);
  return export;
}

static GBytes *
decrypt_with (const char        *path,
              SillokAgeIdentity *identity,
              SillokSecret      *passphrase)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(SillokAgeDecryptor) dec = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  in = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  dec = sillok_age_decryptor_new (G_INPUT_STREAM (in));
  if (identity != NULL)
    sillok_age_decryptor_add_identity (dec, identity);
  if (passphrase != NULL)
    sillok_age_decryptor_add_passphrase (dec, passphrase);
  g_assert_true (sillok_age_decryptor_splice (dec, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GBytes *
decrypt (SillokVault *vault,
         const char  *path)
{
  return decrypt_with (path, sillok_vault_get_age_identity (vault), NULL);
}

typedef struct
{
  char     *path;
  GBytes   *data;
  mode_t    type;
  mode_t    perm;
  gint64    uid, gid;
  gint64    mtime;
  gboolean  other_times;
  char     *uname, *gname;
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->path);
  g_bytes_unref (e->data);
  g_free (e->uname);
  g_free (e->gname);
  g_free (e);
}

static GPtrArray *
read_tar (GBytes *tar)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *ae;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  int rc;

  archive_read_support_format_tar (a);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar)), ==,
                   ARCHIVE_OK);
  while ((rc = archive_read_next_header (a, &ae)) == ARCHIVE_OK)
    {
      Entry *e = g_new0 (Entry, 1);
      gsize size = archive_entry_size (ae);
      guint8 *buf = g_malloc (size + 1);

      e->path = g_strdup (archive_entry_pathname (ae));
      e->type = archive_entry_filetype (ae);
      e->perm = archive_entry_perm (ae);
      e->uid = archive_entry_uid (ae);
      e->gid = archive_entry_gid (ae);
      e->mtime = archive_entry_mtime (ae);
      e->other_times = archive_entry_atime_is_set (ae) || archive_entry_ctime_is_set (ae)
                       || archive_entry_birthtime_is_set (ae);
      e->uname = g_strdup (archive_entry_uname (ae));
      e->gname = g_strdup (archive_entry_gname (ae));
      g_assert_cmpint (archive_read_data (a, buf, size), ==, (la_ssize_t) size);
      e->data = g_bytes_new_take (buf, size);
      g_ptr_array_add (entries, e);
    }
  g_assert_cmpint (rc, ==, ARCHIVE_EOF);
  archive_read_free (a);
  return entries;
}

static Entry *
find_entry (GPtrArray  *entries,
            const char *path)
{
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (((Entry *) entries->pdata[i])->path, path) == 0)
      return entries->pdata[i];
  return NULL;
}

static char *
entry_text (GPtrArray  *entries,
            const char *path)
{
  Entry *e = find_entry (entries, path);

  g_assert_nonnull (e);
  return g_strndup (g_bytes_get_data (e->data, NULL), g_bytes_get_size (e->data));
}

static JsonNode *
entry_json (GPtrArray  *entries,
            const char *path)
{
  g_autofree char *text = entry_text (entries, path);
  g_autoptr(GError) error = NULL;
  SillokJsonLimits limits = { 64 * 1024 * 1024, 16, 100000 };
  JsonNode *node = sillok_jcs_parse (text, strlen (text), &limits, 0, &error);

  g_assert_no_error (error);
  return node;
}

static char *
b2_hex (GBytes *data,
        gsize   len)
{
  guint8 d[64];

  crypto_generichash (d, len, g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL, 0);
  return sillok_test_hex (d, len);
}

/* The names of the disclosures carried in a disclosures.json. */
static GPtrArray *
carried_names (GPtrArray  *entries,
               const char *uuid,
               guint       version)
{
  g_autofree char *path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_DISCLOSURES, uuid, version);
  g_autoptr(JsonNode) root = entry_json (entries, path);
  JsonArray *array = json_node_get_array (root);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *d = json_array_get_string_element (array, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokDisclosure) parsed = sillok_disclosure_parse (d, strlen (d), &error);

      g_assert_no_error (error);
      g_ptr_array_add (names, g_strdup (sillok_disclosure_get_name (parsed)));
    }
  return names;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static void
assert_nothing_at (const char *path)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
assert_check_passes (SillokVault *vault)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokCheckReport) report = sillok_vault_check (vault, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("check: %s", (const char *) report->problems->pdata[i]);
  g_assert_cmpuint (report->problems->len, ==, 0);
}

/* Paths */

static void
test_paths (void)
{
  static const struct { const char *path; SillokBundlePathKind kind; const char *id; guint version; } good[] = {
    { "B2SUMS", SILLOK_BUNDLE_PATH_B2SUMS, "", 0 },
    { "manifest.json", SILLOK_BUNDLE_PATH_MANIFEST, "", 0 },
    { "manifest.json.minisig", SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE, "", 0 },
    { "attachments/" B2_ABC, SILLOK_BUNDLE_PATH_ATTACHMENT, B2_ABC, 0 },
    { "audit/" UUID_A ".jsonl", SILLOK_BUNDLE_PATH_AUDIT, UUID_A, 0 },
    { "audit/" UUID_A ".times.json", SILLOK_BUNDLE_PATH_AUDIT_TIMES, UUID_A, 0 },
    { "keys/0123456789ABCDEF.pub", SILLOK_BUNDLE_PATH_KEY, "0123456789ABCDEF", 0 },
    { "templates/" HEX64 ".json", SILLOK_BUNDLE_PATH_TEMPLATE, HEX64, 0 },
    { "records/" UUID_A "/1/statement.json", SILLOK_BUNDLE_PATH_STATEMENT, UUID_A, 1 },
    { "records/" UUID_A "/12/statement.json.minisig", SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE, UUID_A, 12 },
    { "records/" UUID_A "/2147483647/disclosures.json", SILLOK_BUNDLE_PATH_DISCLOSURES, UUID_A, 2147483647 },
  };
  static const char *const bad[] = {
    "", "b2sums", "/manifest.json", "./manifest.json", "manifest.json/", "manifest.json ", "B2SUMS.txt",
    "attachments/" HEX64, "attachments/" B2_ABC "0", "attachments/BA80A53F981C4D0D6A2797B69F12F6E94C212F14685AC4B74B12BB6FDBFFA2D17D87C5392AAB792DC252D5DE4533CC9518D38AA8DBF1925AB92386EDD4009923",
    "attachments/../" B2_ABC, "audit/0A1B2C3D-0000-4000-8000-00000000000A.jsonl", "audit/" UUID_A ".json",
    "audit/" UUID_A, "audit/0a1b2c3d00004000800000000000000a.jsonl", "keys/0123456789abcdef.pub",
    "keys/0123456789ABCDE.pub", "keys/0123456789ABCDEF.PUB", "keys/0123456789ABCDEG.pub",
    "templates/" HEX64 ".JSON", "templates/" HEX64, "records/" UUID_A "/0/statement.json",
    "records/" UUID_A "/01/statement.json", "records/" UUID_A "/2147483648/statement.json",
    "records/" UUID_A "/99999999999/statement.json", "records/" UUID_A "/1/../statement.json",
    "records/" UUID_A "/1/other.json", "records/" UUID_A "/1/x/statement.json", "records/" UUID_A "//1/statement.json",
    "records/" UUID_A "/1/statement.json/", "records/" UUID_A "/-1/statement.json", "records/" UUID_A "/+1/statement.json",
    "records/" UUID_A "/1", "records/" UUID_A, "records/", "keys/", "../B2SUMS", "attachments",
  };
  g_autofree char *long_path = g_strnfill (SILLOK_BUNDLE_PATH_MAX + 1, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      SillokBundlePath parsed;
      g_autofree char *again = NULL;

      g_test_message ("%s", good[i].path);
      g_assert_true (sillok_bundle_path_parse (good[i].path, &parsed));
      g_assert_cmpint (parsed.kind, ==, good[i].kind);
      g_assert_cmpstr (parsed.id, ==, good[i].id);
      g_assert_cmpuint (parsed.version, ==, good[i].version);
      again = sillok_bundle_path_format (good[i].kind, good[i].id, good[i].version);
      g_assert_cmpstr (again, ==, good[i].path);
      g_assert_cmpuint (sillok_bundle_path_max_size (good[i].kind), >, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SillokBundlePath parsed;

      g_test_message ("bad: %s", bad[i]);
      g_assert_false (sillok_bundle_path_parse (bad[i], &parsed));
      g_assert_cmpint (parsed.kind, ==, SILLOK_BUNDLE_PATH_INVALID);
    }
  {
    SillokBundlePath parsed;
    g_assert_false (sillok_bundle_path_parse (long_path, &parsed));
    g_assert_false (sillok_bundle_path_parse (NULL, &parsed));
  }
  g_assert_null (sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, "not-a-uuid", 0));
  g_assert_null (sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, UUID_A, 0));
  g_assert_null (sillok_bundle_path_format (SILLOK_BUNDLE_PATH_KEY, "0123456789abcdef", 0));
  g_assert_null (sillok_bundle_path_format (SILLOK_BUNDLE_PATH_INVALID, "", 0));
  g_assert_cmpuint (sillok_bundle_path_max_size (SILLOK_BUNDLE_PATH_MANIFEST), ==, 1024 * 1024);
  g_assert_cmpuint (sillok_bundle_path_max_size (SILLOK_BUNDLE_PATH_DISCLOSURES), ==, 16 * 1024 * 1024);
  g_assert_cmpuint (sillok_bundle_path_max_size (SILLOK_BUNDLE_PATH_INVALID), ==, 0);
  g_assert_true (sillok_bundle_is_uuid (UUID_A));
  g_assert_false (sillok_bundle_is_uuid ("0A1B2C3D-0000-4000-8000-00000000000A"));
}

/* B2SUMS and the manifest */

static void
test_b2sums (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_export_file_free);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  SillokExportFile *secret;

  g_ptr_array_add (files, sillok_export_file_new ("records/" UUID_A "/1/statement.json", "", 0, FALSE));
  g_ptr_array_add (files, sillok_export_file_new ("manifest.json", "{}", 2, FALSE));
  g_ptr_array_add (files, sillok_export_file_new ("keys/0123456789ABCDEF.pub", "abc", 3, FALSE));
  secret = sillok_export_file_new ("records/" UUID_A "/1/disclosures.json", "abc", 3, TRUE);
  g_ptr_array_add (files, secret);
  g_ptr_array_add (files, sillok_export_file_new ("manifest.json.minisig", "x", 1, FALSE));
  g_ptr_array_add (files, sillok_export_file_new ("B2SUMS", "y", 1, FALSE));
  g_ptr_array_add (files, sillok_export_file_new ("attachments/" B2_ABC, "abc", 3, FALSE));
  sillok_export_files_sort (files);

  /* Byte order: upper case before lower case. */
  g_assert_cmpstr (((SillokExportFile *) files->pdata[0])->path, ==, "B2SUMS");
  g_assert_cmpstr (((SillokExportFile *) files->pdata[1])->path, ==, "attachments/" B2_ABC);
  g_assert_cmpstr (((SillokExportFile *) files->pdata[files->len - 1])->path, ==, "records/" UUID_A "/1/statement.json");
  g_assert_nonnull (secret->secret);
  g_assert_null (secret->bytes);
  g_assert_cmpmem (sillok_export_file_get_data (secret), 3, "abc", 3);

  text = sillok_export_b2sums (files);
  expected = g_strconcat (B2_ABC "  attachments/" B2_ABC "\n",
                          B2_ABC "  keys/0123456789ABCDEF.pub\n",
                          B2_ABC "  records/" UUID_A "/1/disclosures.json\n",
                          B2_EMPTY "  records/" UUID_A "/1/statement.json\n", NULL);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_manifest (void)
{
  static const char *const below[] = { UUID_A, NULL };
  static const char *const quasi[] = { "interview.date@anon", "interviewee.sex@anon", NULL };
  static const char *const templates[] = { HEX64, NULL };
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  SillokExportRecord r1 = { (char *) UUID_A, 1, (char *) HEX64, 0, 0 };
  SillokExportRecord r2 = { (char *) UUID_A, 2, (char *) HEX64, 0, 0 };
  SillokExportManifest m = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) canonical = NULL;

  g_ptr_array_add (records, &r1);
  g_ptr_array_add (records, &r2);
  m.bundle = UUID_A;
  m.created = "2026-11";
  m.exporter = "0123456789ABCDEF";
  m.profile = "anonymized";
  m.b2sums = B2_ABC;
  m.k_min = 1;
  m.k_threshold = 3;
  m.below = below;
  m.quasi = quasi;
  m.override = "court order 2026/17: \"needed\"";
  m.records = records;
  m.templates = templates;
  json = sillok_export_manifest_json (&m, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==,
                   "{\"anonymity\":{\"below\":[\"" UUID_A "\"],\"k_min\":1,\"k_threshold\":3,"
                   "\"override\":\"court order 2026/17: \\\"needed\\\"\","
                   "\"quasi\":[\"interview.date@anon\",\"interviewee.sex@anon\"]},"
                   "\"b2sums\":\"" B2_ABC "\",\"bundle\":\"" UUID_A "\",\"created\":\"2026-11\","
                   "\"exporter\":\"0123456789ABCDEF\",\"format\":\"sillok-bundle/1\",\"profile\":\"anonymized\","
                   "\"records\":[{\"record\":\"" UUID_A "\",\"statement\":\"" HEX64 "\",\"version\":1},"
                   "{\"record\":\"" UUID_A "\",\"statement\":\"" HEX64 "\",\"version\":2}],"
                   "\"templates\":[\"" HEX64 "\"]}");
  canonical = sillok_jcs_canonicalize (json, strlen (json), NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (canonical, NULL), g_bytes_get_size (canonical), json, strlen (json));

  g_clear_pointer (&json, g_free);
  m.override = NULL;
  m.below = NULL;
  json = sillok_export_manifest_json (&m, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (json, "{\"anonymity\":{\"below\":[],\"k_min\":1,\"k_threshold\":3,\"override\":null,"));
}

/* k-anonymity */

static void
test_k_anonymity (void)
{
  g_autoptr(SillokKAnonymity) k = sillok_k_anonymity_new (3);
  g_autoptr(SillokKAnonymity) empty = sillok_k_anonymity_new (0);
  g_autoptr(SillokKAnonymity) tricky = sillok_k_anonymity_new (2);
  const char *a[] = { "\"1975-1979\"", "\"male\"" };
  const char *b[] = { "\"1975-1979\"", NULL };
  const char *c[] = { NULL, "\"male\"" };
  const char *s1[] = { "a;", "b" };
  const char *s2[] = { "a", ";b" };
  const char *s3[] = { "-", NULL };
  const char *s4[] = { NULL, "-" };
  g_auto(GStrv) below = NULL;

  sillok_k_anonymity_add (k, "r5", a, 2);
  sillok_k_anonymity_add (k, "r2", a, 2);
  sillok_k_anonymity_add (k, "r9", a, 2);
  sillok_k_anonymity_add (k, "r4", b, 2);
  sillok_k_anonymity_add (k, "r1", b, 2);
  sillok_k_anonymity_add (k, "r3", c, 2);
  g_assert_cmpuint (sillok_k_anonymity_get_classes (k), ==, 3);
  g_assert_cmpuint (sillok_k_anonymity_get_k_min (k), ==, 1);
  g_assert_cmpuint (sillok_k_anonymity_get_threshold (k), ==, 3);
  below = sillok_k_anonymity_get_below (k);
  g_assert_cmpstrv (below, ((const char *[]) { "r1", "r3", "r4", NULL }));

  /* An absent value is a value of its own, and no two tuples collide. */
  sillok_k_anonymity_add (tricky, "x1", s1, 2);
  sillok_k_anonymity_add (tricky, "x2", s2, 2);
  sillok_k_anonymity_add (tricky, "x3", s3, 2);
  sillok_k_anonymity_add (tricky, "x4", s4, 2);
  g_assert_cmpuint (sillok_k_anonymity_get_classes (tricky), ==, 4);
  g_assert_cmpuint (sillok_k_anonymity_get_k_min (tricky), ==, 1);

  g_assert_cmpuint (sillok_k_anonymity_get_k_min (empty), ==, 0);
  g_assert_cmpuint (sillok_k_anonymity_get_threshold (empty), ==, 1);
  g_clear_pointer (&below, g_strfreev);
  below = sillok_k_anonymity_get_below (empty);
  g_assert_cmpuint (g_strv_length (below), ==, 0);
}

static void
test_quasi_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokTemplate) template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_autoptr(GPtrArray) names = NULL;

  g_assert_no_error (error);
  names = sillok_export_quasi_names (template);
  g_ptr_array_add (names, NULL);
  /* Person-level generalized fields; suppressed ones (city, occupation) and
   * repeating sections (episode dates) do not count. */
  g_assert_cmpstrv ((GStrv) names->pdata,
                    ((const char *[]) { "interview.date@anon", "interviewee.birth_date@anon", "interviewee.sex@anon",
                                        "interviewee.songbun@anon", "interviewee.home_province@anon",
                                        "interviewee.left_dprk@anon", NULL }));
}

/* Profiles */

static const char *const full_record[] = {
  "consent.contact=+82 10 5555 0199", "interview.city=Yanji", "interview.country=CN", "interview.language=en",
  "interviewee.name=Pak Yong-chol", "interviewee.aliases=Big Pak", "interviewee.home_county=Onsong",
  "interviewee.birth_date=1978-04-12", "interviewee.sex=male", "interviewee.home_province=north-hamgyong",
  "interviewee.occupation=lathe operator", "interviewee.left_dprk=2010-07",
  "episodes[0].site=Shaft seven", "episodes[0].from=1995", "episodes[0].narrative=Pak Yong-chol dug coal.",
  "perpetrators[0].name=Ri Chang-ho", "perpetrators[0].unit=Unit 9", "assessment.credibility=Consistent.",
  NULL,
};

static void
test_profiles (Fixture      *f,
               gconstpointer data)
{
  static const char *const anonymized[] = {
    "consent.given", "consent.share_coordinators", "interview.date@anon", "interview.country",
    "interview.language", "interviewee.birth_date@anon", "interviewee.sex@anon", "interviewee.home_province@anon",
    "interviewee.left_dprk@anon", "episodes[0].site", "episodes[0].from@anon", "episodes[0].narrative@anon",
    "perpetrators[0].unit", "$sealed_at@anon", "$consent", "$pseudonym", "$attachment[0]",
  };
  g_autofree char *uuid = new_record (f->vault, FALSE, full_record);
  g_autoptr(SillokRecord) sealed = NULL;
  g_autoptr(GError) error = NULL;
  GStrv all;
  guint carried = 0;

  attach_text (f->vault, uuid, "map.txt", "a map of the mine", "text/plain", "open");
  attach_text (f->vault, uuid, "voice.ogg", "a voice", "audio/ogg", NULL);
  g_assert_true (sillok_record_seal (f->vault, uuid, &error));
  g_assert_no_error (error);
  sealed = sillok_record_load (f->vault, uuid, 0, &error);
  g_assert_no_error (error);

  all = sillok_record_get_disclosures (sealed);
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autoptr(SillokDisclosure) d = sillok_disclosure_parse (all[i], strlen (all[i]), &error);
      const char *name;
      gboolean expected = FALSE;

      g_assert_no_error (error);
      name = sillok_disclosure_get_name (d);
      for (guint j = 0; j < G_N_ELEMENTS (anonymized); j++)
        expected = expected || strcmp (anonymized[j], name) == 0;
      g_test_message ("%s: %s", name, expected ? "carried" : "withheld");
      g_assert_cmpint (sillok_export_profile_carries (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, name), ==, expected);
      g_assert_true (sillok_export_profile_carries (SILLOK_EXPORT_PROFILE_LEGAL, sealed, name));
      carried += expected;
    }
  /* Every name of the list is among the sealed disclosures. */
  g_assert_cmpuint (carried, ==, G_N_ELEMENTS (anonymized));

  for (guint i = 0; i < 5; i++)
    {
      static const char *const never[] = { "$sealed_at", "$reason", "$attachment[1]", "$attachment[01]",
                                           "$attachment[7]" };
      g_assert_false (sillok_export_profile_carries (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, never[i]));
    }
  g_assert_false (sillok_export_profile_carries (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, "no.such@anon"));
  g_assert_false (sillok_export_profile_carries (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, "interviewee.name@anon"));
  g_assert_false (sillok_export_profile_carries (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed,
                                                 "assessment.credibility@anon"));
  g_assert_false (sillok_export_profile_carries (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, "$unknown"));
}

static void
test_consent (Fixture      *f,
              gconstpointer data)
{
  static const char *const legal_only[] = { "consent.share_coordinators=false", "consent.share_legal=true", NULL };
  static const char *const unset[] = { "consent.share_coordinators=", NULL };
  static const char *const withdraw[] = { "consent.share_coordinators=false", NULL };
  g_autofree char *both = new_record (f->vault, TRUE, (const char *const[]) { "consent.share_legal=true", NULL });
  g_autofree char *legal = new_record (f->vault, TRUE, legal_only);
  g_autofree char *none = new_record (f->vault, TRUE, unset);
  g_autofree char *amended = new_record (f->vault, TRUE, NULL);
  g_autofree char *kept = new_record (f->vault, TRUE, NULL);
  g_autoptr(GError) error = NULL;
  struct { const char *uuid; gboolean anonymized, legal; } cases[] = {
    { both, TRUE, TRUE }, { legal, FALSE, TRUE }, { none, FALSE, FALSE }, { amended, FALSE, FALSE },
    { kept, TRUE, FALSE },
  };

  g_assert_cmpuint (sillok_record_amend (f->vault, amended, "the witness asked", &error), ==, 2);
  g_assert_true (sillok_record_set_texts (f->vault, amended, withdraw, &error));
  g_assert_cmpuint (sillok_record_amend (f->vault, kept, "a typo", &error), ==, 2);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SillokRecord) latest = sillok_record_load (f->vault, cases[i].uuid, 0, &error);
      g_autoptr(SillokRecord) sealed = sillok_record_load (f->vault, cases[i].uuid, 1, &error);
      g_autofree char *anon = sillok_export_consent_refusal (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, latest);
      g_autofree char *leg = sillok_export_consent_refusal (SILLOK_EXPORT_PROFILE_LEGAL, sealed, latest);

      g_assert_no_error (error);
      g_test_message ("%u: %s / %s", i, anon, leg);
      g_assert_cmpint (anon == NULL, ==, cases[i].anonymized);
      g_assert_cmpint (leg == NULL, ==, cases[i].legal);
    }
  {
    g_autoptr(SillokRecord) latest = sillok_record_load (f->vault, amended, 0, &error);
    g_autoptr(SillokRecord) sealed = sillok_record_load (f->vault, amended, 1, &error);
    g_autofree char *why = sillok_export_consent_refusal (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, latest);
    g_autofree char *plain = sillok_export_consent_refusal (SILLOK_EXPORT_PROFILE_ANONYMIZED, sealed, sealed);

    g_assert_nonnull (strstr (why, "amendment"));
    g_assert_null (plain);
  }
}

/* Writing */

/* Every entry as the format wants it, B2SUMS right, the manifest signed. */
static void
check_bundle (Fixture            *f,
              GPtrArray          *entries,
              SillokExportReport *report)
{
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autoptr(JsonNode) manifest = entry_json (entries, "manifest.json");
  g_autofree char *b2sums = entry_text (entries, "B2SUMS");
  g_autofree char *sig_text = entry_text (entries, "manifest.json.minisig");
  g_autofree char *manifest_text = entry_text (entries, "manifest.json");
  g_autofree char *key_id = sillok_vault_get_key_id (f->vault);
  g_autofree char *tc = g_strdup_printf ("sillok-bundle/1 bundle=%s", report->bundle);
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(GError) error = NULL;
  SillokMinisignPublicKey pk;
  JsonObject *m = json_node_get_object (manifest);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = entries->pdata[i];
      SillokBundlePath parsed;

      g_assert_true (sillok_bundle_path_parse (e->path, &parsed));
      if (i > 0)
        g_assert_cmpint (strcmp (((Entry *) entries->pdata[i - 1])->path, e->path), <, 0);
      g_assert_cmpint (e->type, ==, AE_IFREG);
      g_assert_cmpint (e->perm, ==, 0644);
      g_assert_cmpint (e->uid, ==, 0);
      g_assert_cmpint (e->gid, ==, 0);
      g_assert_cmpint (e->mtime, ==, 0);
      g_assert_false (e->other_times);
      g_assert_true (e->uname == NULL || *e->uname == '\0');
      g_assert_true (e->gname == NULL || *e->gname == '\0');
      if (parsed.kind != SILLOK_BUNDLE_PATH_B2SUMS && parsed.kind != SILLOK_BUNDLE_PATH_MANIFEST
          && parsed.kind != SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE)
        {
          g_autofree char *hex = b2_hex (e->data, 64);
          g_string_append_printf (sums, "%s  %s\n", hex, e->path);
        }
      if (parsed.kind == SILLOK_BUNDLE_PATH_ATTACHMENT)
        {
          g_autofree char *hex = b2_hex (e->data, 64);
          g_assert_cmpstr (hex, ==, parsed.id);
        }
    }
  g_assert_cmpstr (b2sums, ==, sums->str);
  {
    g_autoptr(GBytes) b = g_bytes_new (b2sums, strlen (b2sums));
    g_autofree char *hex = b2_hex (b, 64);
    g_assert_cmpstr (json_object_get_string_member (m, "b2sums"), ==, hex);
  }
  g_assert_cmpstr (json_object_get_string_member (m, "format"), ==, "sillok-bundle/1");
  g_assert_cmpstr (json_object_get_string_member (m, "bundle"), ==, report->bundle);
  g_assert_cmpstr (json_object_get_string_member (m, "exporter"), ==, key_id);
  g_assert_cmpstr (json_object_get_string_member (m, "profile"), ==, sillok_export_profile_to_string (report->profile));
  g_assert_cmpuint (json_object_get_size (m), ==, 9);

  sillok_vault_get_public_key (f->vault, &pk);
  sig = sillok_minisign_signature_parse (sig_text, strlen (sig_text), &error);
  g_assert_no_error (error);
  g_assert_true (sillok_minisign_verify (&pk, sig, (const guint8 *) manifest_text, strlen (manifest_text), 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sig->trusted_comment, ==, tc);
  {
    g_autofree char *key_path = g_strdup_printf ("keys/%s.pub", key_id);
    g_autofree char *pub = entry_text (entries, key_path);
    g_autofree char *expected = sillok_minisign_public_key_to_file (&pk);
    g_assert_cmpstr (pub, ==, expected);
    g_assert_true (g_str_has_prefix (pub, "untrusted comment: minisign public key "));
  }
}

static void
test_round_trip (Fixture      *f,
                 gconstpointer data)
{
  static const char *const same[] = { "interviewee.birth_date=1978-04-12", "interviewee.sex=female", NULL };
  g_autofree char *r1 = new_record (f->vault, FALSE, same);
  g_autofree char *r2 = new_record (f->vault, FALSE, same);
  g_autofree char *r3 = new_record (f->vault, TRUE, same);
  g_autofree char *draft = new_record (f->vault, FALSE, same);
  g_autofree char *out = out_path (f, "bundle.sillok");
  g_autoptr(SillokExport) export = NULL;
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_b2 = NULL;
  const char *uuids[] = { r1, r2, r3, NULL };
  guint before[3];
  struct stat st;

  /* The same open attachment in two records travels once. */
  attach_text (f->vault, r1, "map.txt", "a map of the mine", "text/plain", "open");
  attach_text (f->vault, r2, "map copy.txt", "a map of the mine", "text/plain", "open");
  attach_text (f->vault, r2, "voice.ogg", "a voice", "audio/ogg", NULL);
  g_assert_true (sillok_record_seal (f->vault, r1, &error));
  g_assert_true (sillok_record_seal (f->vault, r2, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    before[i] = audit_length (f->vault, uuids[i]);

  export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED, NULL);
  sillok_export_set_all_sealed (export, TRUE);
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_bundle_is_uuid (report->bundle));
  g_assert_cmpuint (report->records->len, ==, 3);
  g_assert_cmpuint (report->left_out->len, ==, 0);
  g_assert_cmpuint (report->k_min, ==, 3);
  g_assert_cmpuint (report->attachments, ==, 1);
  g_assert_cmpuint (g_strv_length (report->below), ==, 0);
  g_assert_null (report->override);

  /* The file: private, complete, its hash reported. */
  g_assert_cmpint (stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (st.st_size, ==, report->size);
  file = sillok_test_read_file (out);
  file_b2 = b2_hex (file, 64);
  g_assert_cmpstr (file_b2, ==, report->b2);

  tar = decrypt (f->vault, out);
  entries = read_tar (tar);
  check_bundle (f, entries, report);
  g_assert_null (find_entry (entries, "records/" UUID_A "/1/statement.json"));
  {
    g_autofree char *draft_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, draft, 0);
    g_assert_null (find_entry (entries, draft_path));
  }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SillokRecord) sealed = sillok_record_load (f->vault, uuids[i], 1, &error);
      g_autofree char *statement_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, uuids[i], 1);
      g_autofree char *audit_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, uuids[i], 0);
      g_autofree char *jsonl = entry_text (entries, audit_path);
      g_auto(GStrv) lines = g_strsplit (jsonl, "\n", -1);
      Entry *statement = find_entry (entries, statement_path);
      SillokAuditEntry *last;

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (statement->data, sillok_record_get_statement (sealed)));
      /* The vault gained exactly the entry the bundle carries. */
      chain = sillok_audit_list (f->vault, uuids[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (chain->len, ==, before[i] + 1);
      last = chain->pdata[chain->len - 1];
      g_assert_cmpstr (last->action, ==, "exported");
      g_assert_cmpstr (last->detail, ==, report->bundle);
      g_assert_cmpuint (last->version, ==, 1);
      g_assert_cmpuint (g_strv_length (lines), ==, chain->len + 1);
      g_assert_cmpstr (lines[chain->len], ==, "");
      for (guint j = 0; j < chain->len; j++)
        g_assert_cmpstr (lines[j], ==, ((SillokAuditEntry *) chain->pdata[j])->canonical);
      g_clear_pointer (&chain, g_ptr_array_unref);
      /* No times in an anonymized bundle. */
      g_free (audit_path);
      audit_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT_TIMES, uuids[i], 0);
      g_assert_null (find_entry (entries, audit_path));
    }
  {
    g_autofree char *map_path = NULL;
    g_autoptr(GBytes) map = g_bytes_new_static ("a map of the mine", 17);
    g_autofree char *map_b2 = b2_hex (map, 64);
    guint attachments = 0;

    map_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_ATTACHMENT, map_b2, 0);
    g_assert_true (g_bytes_equal (find_entry (entries, map_path)->data, map));
    for (guint i = 0; i < entries->len; i++)
      attachments += g_str_has_prefix (((Entry *) entries->pdata[i])->path, "attachments/");
    g_assert_cmpuint (attachments, ==, 1);
  }
  assert_check_passes (f->vault);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autofree char *command = g_strdup_printf ("cp -a '%s' '%s'", from, to);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static GBytes *
export_fixed (SillokVault *vault,
              const char  *out,
              const char  *bundle,
              const char  *month)
{
  SillokExportTestHook hook = { bundle, month, "2026-11-26T10:00:00Z", "AAAAAAAAAAAAAAAAAAAAAA", FALSE };
  g_autoptr(SillokExport) export = export_of (vault, SILLOK_EXPORT_PROFILE_ANONYMIZED, NULL);
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  sillok_export_set_all_sealed (export, TRUE);
  sillok_export_set_test_hook (export, &hook);
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->bundle, ==, bundle);
  return decrypt (vault, out);
}

static void
test_deterministic (Fixture      *f,
                    gconstpointer data)
{
  static const char *const same[] = { "interviewee.sex=female", NULL };
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autofree char *copy = g_build_filename (f->dir, "copy", NULL);
  g_autofree char *copy2 = g_build_filename (f->dir, "copy2", NULL);
  g_autofree char *out1 = out_path (f, "one.sillok");
  g_autofree char *out2 = out_path (f, "two.sillok");
  g_autofree char *out3 = out_path (f, "three.sillok");
  g_autoptr(SillokVault) other = NULL;
  g_autoptr(SillokVault) third = NULL;
  g_autoptr(GBytes) tar1 = NULL;
  g_autoptr(GBytes) tar2 = NULL;
  g_autoptr(GBytes) tar3 = NULL;
  g_autoptr(GBytes) c1 = NULL;
  g_autoptr(GBytes) c2 = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *uuid = new_record (f->vault, FALSE, same);
      attach_text (f->vault, uuid, "notes.txt", "notes of the interview", "text/plain", "open");
      g_assert_true (sillok_record_seal (f->vault, uuid, &error));
      g_assert_no_error (error);
    }
  /* Two copies of one vault state. */
  sillok_vault_close (f->vault);
  copy_tree (f->path, copy);
  copy_tree (f->path, copy2);
  g_assert_true (sillok_vault_unlock (f->vault, pass, FALSE, NULL, &error));
  other = sillok_vault_new (copy);
  g_assert_true (sillok_vault_unlock (other, pass, FALSE, NULL, &error));
  third = sillok_vault_new (copy2);
  g_assert_true (sillok_vault_unlock (third, pass, FALSE, NULL, &error));
  g_assert_no_error (error);

  tar1 = export_fixed (f->vault, out1, UUID_A, "2026-11");
  tar2 = export_fixed (other, out2, UUID_A, "2026-11");
  g_assert_cmpuint (g_bytes_get_size (tar1), >, 0);
  g_assert_true (g_bytes_equal (tar1, tar2));
  /* The age files differ: fresh file keys and nonces. */
  c1 = sillok_test_read_file (out1);
  c2 = sillok_test_read_file (out2);
  g_assert_false (g_bytes_equal (c1, c2));
  /* Another bundle id changes the manifest, its signature and the audit entries. */
  tar3 = export_fixed (third, out3, "0a1b2c3d-0000-4000-8000-00000000000b", "2026-11");
  g_assert_false (g_bytes_equal (tar1, tar3));
}

static void
test_refusals (Fixture      *f,
               gconstpointer data)
{
  static const char *const no_consent[] = { "consent.share_coordinators=false", NULL };
  g_autofree char *draft = new_record (f->vault, FALSE, NULL);
  g_autofree char *refused = new_record (f->vault, TRUE, no_consent);
  g_autofree char *refused2 = new_record (f->vault, TRUE, no_consent);
  g_autofree char *out = out_path (f, "refused.sillok");
  g_autoptr(GError) error = NULL;
  guint before = audit_length (f->vault, refused);

  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { refused, draft, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out, NULL, NULL, NULL, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_NOT_SEALED);
    g_assert_nonnull (strstr (error->message, draft));
    g_clear_error (&error);
  }
  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { refused, refused2, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out, NULL, NULL, NULL, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_CONSENT);
    g_assert_nonnull (strstr (error->message, refused));
    g_assert_nonnull (strstr (error->message, refused2));
    g_clear_error (&error);
  }
  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { "00000000-0000-4000-8000-000000000000",
                                                                        NULL });
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out, NULL, NULL, NULL, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(SillokExport) export = sillok_export_new (f->vault);
    g_autoptr(SillokExportReport) report = sillok_export_plan (export, &error);

    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID);
    g_clear_error (&error);
  }
  assert_nothing_at (out);
  g_assert_cmpuint (audit_length (f->vault, refused), ==, before);
}

static void
test_consent_left_out (Fixture      *f,
                       gconstpointer data)
{
  static const char *const no_consent[] = { "consent.share_coordinators=false", NULL };
  g_autofree char *a = new_record (f->vault, TRUE, NULL);
  g_autofree char *b = new_record (f->vault, TRUE, no_consent);
  g_autofree char *out = out_path (f, "some.sillok");
  g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                              (const char *const[]) { a, b, NULL });
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *b_audit = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, b, 0);
  guint before = audit_length (f->vault, b);
  SillokExportLeftOut *left;

  g_assert_true (sillok_export_set_override_k (export, "two records only", &error));
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records->len, ==, 1);
  g_assert_cmpuint (report->left_out->len, ==, 1);
  left = report->left_out->pdata[0];
  g_assert_cmpstr (left->uuid, ==, b);
  g_assert_nonnull (strstr (left->reason, "coordinators"));
  tar = decrypt (f->vault, out);
  entries = read_tar (tar);
  g_assert_null (find_entry (entries, b_audit));
  g_assert_cmpuint (audit_length (f->vault, b), ==, before);
}

static void
test_k_threshold (Fixture      *f,
                  gconstpointer data)
{
  static const char *const young[] = { "interviewee.birth_date=1990", "consent.share_legal=true", NULL };
  static const char *const old[] = { "interviewee.birth_date=1950", "consent.share_legal=true", NULL };
  g_autofree char *a = new_record (f->vault, TRUE, young);
  g_autofree char *b = new_record (f->vault, TRUE, young);
  g_autofree char *c = new_record (f->vault, TRUE, young);
  g_autofree char *lone = new_record (f->vault, TRUE, old);
  g_autofree char *out = out_path (f, "k.sillok");
  g_autofree char *out_legal = out_path (f, "k-legal.sillok");
  const char *all[] = { a, b, c, lone, NULL };
  g_autoptr(GError) error = NULL;
  guint before = audit_length (f->vault, lone);

  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED, all);
    g_autoptr(SillokExportReport) plan = sillok_export_plan (export, &error);
    g_autoptr(SillokExportReport) report = NULL;

    /* The plan measures without refusing. */
    g_assert_no_error (error);
    g_assert_cmpuint (plan->k_min, ==, 1);
    g_assert_cmpstrv (plan->below, ((const char *[]) { lone, NULL }));
    g_assert_true (plan->enforced);
    g_assert_null (plan->bundle);

    report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
    g_assert_null (report);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_K_ANONYMITY);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    assert_nothing_at (out);
    g_assert_cmpuint (audit_length (f->vault, lone), ==, before);

    g_assert_false (sillok_export_set_override_k (export, "  ", &error));
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (sillok_export_set_override_k (export, "two\nlines", &error));
    g_clear_error (&error);
    g_assert_true (sillok_export_set_override_k (export, " the court needs the 1950s witness ", &error));
    report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (report->override, ==, "the court needs the 1950s witness");
    {
      g_autoptr(GBytes) tar = decrypt (f->vault, out);
      g_autoptr(GPtrArray) entries = read_tar (tar);
      g_autoptr(JsonNode) manifest = entry_json (entries, "manifest.json");
      JsonObject *anonymity = json_object_get_object_member (json_node_get_object (manifest), "anonymity");
      JsonArray *below = json_object_get_array_member (anonymity, "below");

      g_assert_cmpstr (json_object_get_string_member (anonymity, "override"), ==, "the court needs the 1950s witness");
      g_assert_cmpint (json_object_get_int_member (anonymity, "k_min"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (anonymity, "k_threshold"), ==, 3);
      g_assert_cmpuint (json_array_get_length (below), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (below, 0), ==, lone);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (anonymity, "quasi")), ==, 6);
    }
  }
  {
    /* A legal bundle names people anyway: k is measured, not enforced. */
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_LEGAL, all);
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out_legal, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_false (report->enforced);
    g_assert_cmpuint (report->k_min, ==, 1);
    g_assert_null (report->override);
  }
  {
    /* A higher threshold catches the others too. */
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { a, b, c, NULL });
    g_autoptr(SillokExportReport) plan = NULL;

    sillok_export_set_k_threshold (export, 4);
    plan = sillok_export_plan (export, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plan->k_min, ==, 3);
    g_assert_cmpuint (g_strv_length (plan->below), ==, 3);
  }
}

static gboolean
cancel_on_progress_done;

static void
cancel_on_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  g_assert_cmpuint (done, <=, total);
  cancel_on_progress_done = TRUE;
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *uuid = new_record (f->vault, TRUE, NULL);
  g_autofree char *out = out_path (f, "cancelled.sillok");
  guint before = audit_length (f->vault, uuid);

  for (guint named = 0; named < 2; named++)
    {
      SillokExportTestHook hook = { NULL, NULL, NULL, NULL, named };
      g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                  (const char *const[]) { uuid, NULL });
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(SillokExportReport) report = NULL;
      g_autoptr(GError) error = NULL;

      sillok_export_set_test_hook (export, &hook);
      g_assert_true (sillok_export_set_override_k (export, "one record", &error));
      cancel_on_progress_done = FALSE;
      report = sillok_export_write (export, out, cancel_on_progress, cancellable, cancellable, &error);
      g_assert_true (cancel_on_progress_done);
      g_assert_null (report);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      assert_nothing_at (out);
      g_assert_cmpuint (audit_length (f->vault, uuid), ==, before);
    }
  assert_check_passes (f->vault);
}

static void
test_named_part (Fixture      *f,
                 gconstpointer data)
{
  SillokExportTestHook hook = { NULL, NULL, NULL, NULL, TRUE };
  g_autofree char *uuid = new_record (f->vault, TRUE, NULL);
  g_autofree char *out = out_path (f, "named.sillok");
  g_autofree char *part = g_strconcat (out, ".part", NULL);
  g_autoptr(GError) error = NULL;
  int fd;

  /* A .part locked by a running export stays, and this export gives way. */
  fd = open (part, O_WRONLY | O_CREAT | O_EXCL, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { uuid, NULL });
    g_autoptr(SillokExportReport) report = NULL;

    sillok_export_set_test_hook (export, &hook);
    g_assert_true (sillok_export_set_override_k (export, "one record", &error));
    report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
    g_assert_null (report);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  /* Once nobody holds it, it is a leftover and goes. */
  close (fd);
  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { uuid, NULL });
    g_autoptr(SillokExportReport) report = NULL;
    g_autoptr(GBytes) tar = NULL;

    sillok_export_set_test_hook (export, &hook);
    g_assert_true (sillok_export_set_override_k (export, "one record", &error));
    report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
    tar = decrypt (f->vault, out);
    g_assert_cmpuint (g_bytes_get_size (tar), >, 0);
  }
}

static void
test_exists (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *uuid = new_record (f->vault, TRUE, NULL);
  g_autofree char *out = out_path (f, "exists.sillok");
  g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                              (const char *const[]) { uuid, NULL });
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;
  guint before = audit_length (f->vault, uuid);

  g_assert_true (g_file_set_contents (out, "precious", -1, &error));
  g_assert_true (sillok_export_set_override_k (export, "one record", &error));
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  after = sillok_test_read_file (out);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), "precious", 8);
  g_assert_cmpuint (audit_length (f->vault, uuid), ==, before);
}

static void
test_failpoints (Fixture      *f,
                 gconstpointer data)
{
  static const struct { const char *spec; int code; } cases[] = {
    { "bundle-write=enospc", G_IO_ERROR_NO_SPACE },
    { "bundle-write=short", G_IO_ERROR_NO_SPACE },
    { "bundle-write=eio", G_IO_ERROR_FAILED },
    { "bundle-after-fsync=eio", G_IO_ERROR_FAILED },
    { "bundle-before-rename=eio", G_IO_ERROR_FAILED },
    { "bundle-after-rename=enospc", G_IO_ERROR_NO_SPACE },
    { "db-commit=enospc", G_IO_ERROR_NO_SPACE },
    { "bundle-record=eio", G_IO_ERROR_FAILED },
  };
  g_autofree char *uuid = NULL;
  g_autofree char *out = out_path (f, "failing.sillok");
  guint before;

  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") != 0)
    {
      g_test_skip ("failpoints are not compiled in (configure with -Dfailpoints=true)");
      return;
    }
  uuid = new_record (f->vault, FALSE, NULL);
  attach_text (f->vault, uuid, "big.txt", "large enough to need several writes", "text/plain", "open");
  g_assert_true (sillok_record_seal (f->vault, uuid, NULL));
  before = audit_length (f->vault, uuid);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint named = 0; named < 2; named++)
      {
        SillokExportTestHook hook = { NULL, NULL, NULL, NULL, named };
        g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                    (const char *const[]) { uuid, NULL });
        g_autoptr(SillokExportReport) report = NULL;
        g_autoptr(GError) error = NULL;

        g_test_message ("%s%s", cases[i].spec, named ? " (named .part)" : "");
        sillok_export_set_test_hook (export, &hook);
        g_assert_true (sillok_export_set_override_k (export, "one record", &error));
        g_setenv ("SILLOK_FAILPOINTS", cases[i].spec, TRUE);
        report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
        g_unsetenv ("SILLOK_FAILPOINTS");
        g_assert_null (report);
        g_assert_error (error, G_IO_ERROR, cases[i].code);
        g_test_message ("%s", error->message);
        assert_nothing_at (out);
        g_assert_cmpuint (audit_length (f->vault, uuid), ==, before);
      }
  assert_check_passes (f->vault);
}

static void
test_amendments (Fixture      *f,
                 gconstpointer data)
{
  static const char *const both[] = { "consent.share_legal=true", NULL };
  g_autofree char *uuid = new_record (f->vault, TRUE, both);
  g_autofree char *out1 = out_path (f, "v1.sillok");
  g_autofree char *out2 = out_path (f, "v2.sillok");
  g_autofree char *out3 = out_path (f, "v2-legal.sillok");
  g_autoptr(GError) error = NULL;

  /* An amendment in progress: the sealed version 1 goes. */
  g_assert_cmpuint (sillok_record_amend (f->vault, uuid, "the witness corrected a date", &error), ==, 2);
  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { uuid, NULL });
    g_autoptr(SillokExportReport) report = NULL;
    g_autoptr(GBytes) tar = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) names = NULL;

    g_assert_true (sillok_export_set_override_k (export, "one record", &error));
    report = sillok_export_write (export, out1, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (((SillokExportRecord *) report->records->pdata[0])->version, ==, 1);
    tar = decrypt (f->vault, out1);
    entries = read_tar (tar);
    names = carried_names (entries, uuid, 1);
    g_assert_true (has_name (names, "consent.given"));
    g_assert_null (find_entry (entries, "records/" UUID_A "/2/statement.json"));
  }

  g_assert_true (sillok_record_seal (f->vault, uuid, &error));
  g_assert_cmpuint (sillok_record_amend (f->vault, uuid, "another change", &error), ==, 3);
  g_assert_no_error (error);
  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                                (const char *const[]) { uuid, NULL });
    g_autoptr(SillokExportReport) report = NULL;
    g_autoptr(GBytes) tar = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(JsonNode) manifest = NULL;
    g_autoptr(JsonNode) s2 = NULL;
    g_autofree char *d1 = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_DISCLOSURES, uuid, 1);
    g_autofree char *st1 = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, uuid, 1);
    g_autofree char *st2 = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, uuid, 2);
    g_autofree char *st3 = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, uuid, 3);
    g_autofree char *old = NULL;
    JsonArray *records;

    g_assert_true (sillok_export_set_override_k (export, "one record", &error));
    report = sillok_export_write (export, out2, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    tar = decrypt (f->vault, out2);
    entries = read_tar (tar);
    check_bundle (f, entries, report);
    old = entry_text (entries, d1);
    g_assert_cmpstr (old, ==, "[]");
    g_assert_null (find_entry (entries, st3));
    names = carried_names (entries, uuid, 2);
    g_assert_true (has_name (names, "consent.given"));
    g_assert_false (has_name (names, "$reason"));
    s2 = entry_json (entries, st2);
    {
      g_autoptr(GBytes) first = g_bytes_ref (find_entry (entries, st1)->data);
      g_autofree char *digest = b2_hex (first, 32);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (s2), "supersedes"), ==, digest);
    }
    manifest = entry_json (entries, "manifest.json");
    records = json_object_get_array_member (json_node_get_object (manifest), "records");
    g_assert_cmpuint (json_array_get_length (records), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 0), "version"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 1), "version"), ==, 2);
  }
  {
    g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_LEGAL,
                                                (const char *const[]) { uuid, NULL });
    g_autoptr(SillokExportReport) report = sillok_export_write (export, out3, NULL, NULL, NULL, &error);
    g_autoptr(GBytes) tar = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) names = NULL;

    g_assert_no_error (error);
    tar = decrypt (f->vault, out3);
    entries = read_tar (tar);
    names = carried_names (entries, uuid, 2);
    g_assert_true (has_name (names, "$reason"));
    g_assert_true (has_name (names, "$sealed_at"));
  }
  assert_check_passes (f->vault);
}

static void
test_legal (Fixture      *f,
            gconstpointer data)
{
  static const char *const legal_only[] = { "consent.share_coordinators=false", "consent.share_legal=true", NULL };
  g_autofree char *uuid = new_record (f->vault, FALSE, full_record);
  g_autofree char *out = out_path (f, "legal.sillok");
  g_autofree char *times_path = NULL;
  g_autofree char *audit_path = NULL;
  g_autofree char *jsonl = NULL;
  g_autoptr(SillokExport) export = NULL;
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(JsonNode) times = NULL;
  g_autoptr(GPtrArray) checked = NULL;
  g_autoptr(GStrvBuilder) lines_b = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) times_b = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) time_strings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokRecord) sealed = NULL;
  SillokExportRecord *r;
  guint attachments = 0;

  g_assert_true (sillok_record_set_texts (f->vault, uuid, legal_only, &error));
  attach_text (f->vault, uuid, "map.txt", "a map of the mine", "text/plain", "open");
  attach_text (f->vault, uuid, "voice.ogg", "a voice", "audio/ogg", NULL);
  g_assert_true (sillok_record_seal (f->vault, uuid, &error));
  g_assert_no_error (error);

  /* Anonymized needs another consent. */
  export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED, (const char *const[]) { uuid, NULL });
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_CONSENT);
  g_clear_error (&error);
  g_clear_object (&export);

  export = export_of (f->vault, SILLOK_EXPORT_PROFILE_LEGAL, (const char *const[]) { uuid, NULL });
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  r = report->records->pdata[0];
  g_assert_cmpuint (r->withheld, ==, 0);
  tar = decrypt (f->vault, out);
  entries = read_tar (tar);
  check_bundle (f, entries, report);

  /* Every disclosure, every attachment. */
  names = carried_names (entries, uuid, 1);
  sealed = sillok_record_load (f->vault, uuid, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (names->len, ==, g_strv_length (sillok_record_get_disclosures (sealed)));
  g_assert_true (has_name (names, "interviewee.name"));
  g_assert_true (has_name (names, "perpetrators[0].name"));
  for (guint i = 0; i < entries->len; i++)
    attachments += g_str_has_prefix (((Entry *) entries->pdata[i])->path, "attachments/");
  g_assert_cmpuint (attachments, ==, 2);

  /* The chain's times, one per entry, each matching its commitment. */
  audit_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, uuid, 0);
  times_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT_TIMES, uuid, 0);
  jsonl = entry_text (entries, audit_path);
  times = entry_json (entries, times_path);
  {
    g_auto(GStrv) split = g_strsplit (jsonl, "\n", -1);
    for (guint i = 0; split[i] != NULL && *split[i] != '\0'; i++)
      g_strv_builder_add (lines_b, split[i]);
  }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (times)); i++)
    g_strv_builder_add (times_b, json_array_get_string_element (json_node_get_array (times), i));
  lines = g_strv_builder_end (lines_b);
  time_strings = g_strv_builder_end (times_b);
  checked = sillok_audit_check_chain ((const char *const *) lines, (const char *const *) time_strings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SillokAuditEntry *) checked->pdata[checked->len - 1])->action, ==, "exported");
  g_assert_nonnull (((SillokAuditEntry *) checked->pdata[checked->len - 1])->time);
}

static void
test_recipients (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(SillokAgeIdentity) one = sillok_age_identity_generate ();
  g_autoptr(SillokAgeIdentity) two = sillok_age_identity_generate ();
  SillokAgeRecipient r1, r2;
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *found = NULL;
  g_autofree char *uuid = new_record (f->vault, TRUE, NULL);
  g_autofree char *out = out_path (f, "to-many.sillok");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  sillok_age_identity_get_recipient (one, &r1);
  sillok_age_identity_get_recipient (two, &r2);
  s1 = sillok_age_recipient_encode (&r1);
  s2 = sillok_age_recipient_encode (&r2);

  /* Without recipients there is nobody to encrypt to. */
  {
    g_autoptr(SillokExport) export = sillok_export_new (f->vault);
    g_autoptr(SillokExportReport) report = NULL;

    sillok_export_add_record (export, uuid);
    report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_NO_RECIPIENT);
    g_clear_error (&error);
    assert_nothing_at (out);
  }

  g_assert_true (sillok_recipients_add (f->vault, "Seoul office 서울", s1, &error));
  g_assert_no_error (error);
  g_assert_false (sillok_recipients_add (f->vault, "Seoul office 서울", s2, &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (sillok_recipients_add (f->vault, "again", s1, &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (sillok_recipients_add (f->vault, "bad", "age1notarecipient", &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_INVALID);
  g_clear_error (&error);
  upper = g_ascii_strup (s2, -1);
  g_assert_false (sillok_recipients_add (f->vault, "upper", upper, &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sillok_recipients_add (f->vault, "  ", s2, &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sillok_recipients_add (f->vault, "line\nbreak", s2, &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sillok_recipients_add (f->vault, " Geneva ", s2, &error));
  g_assert_no_error (error);

  list = sillok_recipients_list (f->vault, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((SillokRecipient *) list->pdata[0])->name, ==, "Geneva");
  g_assert_cmpstr (((SillokRecipient *) list->pdata[0])->recipient, ==, s2);
  g_assert_cmpstr (((SillokRecipient *) list->pdata[1])->name, ==, "Seoul office 서울");
  found = sillok_recipients_lookup (f->vault, "Geneva", &error);
  g_assert_cmpstr (found, ==, s2);
  g_assert_null (sillok_recipients_lookup (f->vault, "nobody", &error));
  g_assert_no_error (error);

  /* Default: every recipient of the vault, each able to decrypt. */
  {
    g_autoptr(SillokExport) export = sillok_export_new (f->vault);
    g_autoptr(SillokExportReport) report = NULL;
    g_autoptr(GBytes) file = NULL;
    g_autoptr(GBytes) tar1 = NULL;
    g_autoptr(GBytes) tar2 = NULL;
    g_autofree char *text = NULL;
    guint stanzas = 0;

    sillok_export_add_record (export, uuid);
    g_assert_true (sillok_export_set_override_k (export, "one record", &error));
    report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    file = sillok_test_read_file (out);
    text = g_strndup (g_bytes_get_data (file, NULL), 400);
    for (const char *p = text; (p = strstr (p, "-> X25519 ")) != NULL; p++)
      stanzas++;
    g_assert_cmpuint (stanzas, ==, 2);
    tar1 = decrypt_with (out, one, NULL);
    tar2 = decrypt_with (out, two, NULL);
    g_assert_true (g_bytes_equal (tar1, tar2));
  }
  /* A name or a string given to the export. */
  {
    g_autoptr(SillokExport) export = sillok_export_new (f->vault);

    g_assert_true (sillok_export_add_recipient (export, "Geneva", &error));
    g_assert_true (sillok_export_add_recipient (export, s1, &error));
    g_assert_no_error (error);
    g_assert_false (sillok_export_add_recipient (export, "Nowhere", &error));
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_RECIPIENT);
    g_clear_error (&error);
    g_assert_false (sillok_export_add_recipient (export, "age1qqqqqqqqqqqqqqqqqqqq", &error));
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_RECIPIENT);
    g_clear_error (&error);
    g_assert_false (sillok_export_add_recipient (export, upper, &error));
    g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_RECIPIENT);
    g_clear_error (&error);
  }

  g_assert_true (sillok_recipients_remove (f->vault, "Geneva", &error));
  g_assert_false (sillok_recipients_remove (f->vault, "Geneva", &error));
  g_assert_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sillok_recipients_list (f->vault, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

static void
test_passphrase (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("bundle passphrase 묶음");
  g_autofree char *uuid = new_record (f->vault, TRUE, NULL);
  g_autofree char *out = out_path (f, "pass.sillok");
  g_autoptr(SillokExport) export = sillok_export_new (f->vault);
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recipient = sillok_vault_get_age_recipient (f->vault);

  sillok_export_add_record (export, uuid);
  g_assert_true (sillok_export_set_override_k (export, "one record", &error));
  sillok_export_set_passphrase (export, pass);
  g_assert_true (sillok_export_add_recipient (export, recipient, &error));
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&export);

  export = sillok_export_new (f->vault);
  sillok_export_add_record (export, uuid);
  g_assert_true (sillok_export_set_override_k (export, "one record", &error));
  sillok_export_set_passphrase (export, pass);
  report = sillok_export_write (export, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  tar = decrypt_with (out, NULL, pass);
  entries = read_tar (tar);
  check_bundle (f, entries, report);
}

typedef struct
{
  GMainLoop          *loop;
  SillokExportReport *report;
  GError             *error;
  guint64             progress;
  guint64             total;
  GThread            *main_thread;
  gboolean            off_main;
} AsyncData;

static void
async_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  AsyncData *d = user_data;

  g_assert_cmpuint (done, >=, d->progress);
  d->progress = done;
  d->total = total;
  d->off_main = d->off_main || g_thread_self () != d->main_thread;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncData *d = user_data;

  d->report = sillok_export_write_finish (SILLOK_EXPORT (source), result, &d->error);
  g_main_loop_quit (d->loop);
}

static void
test_async (Fixture      *f,
            gconstpointer data)
{
  g_autofree char *uuid = new_record (f->vault, TRUE, NULL);
  g_autofree char *out = out_path (f, "async.sillok");
  g_autoptr(SillokExport) export = export_of (f->vault, SILLOK_EXPORT_PROFILE_ANONYMIZED,
                                              (const char *const[]) { uuid, NULL });
  AsyncData d = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0, g_thread_self (), FALSE };

  g_assert_true (sillok_export_set_override_k (export, "one record", NULL));
  sillok_export_write_async (export, out, async_progress, &d, NULL, async_done, &d);
  g_main_loop_run (d.loop);
  g_assert_no_error (d.error);
  g_assert_nonnull (d.report);
  g_assert_true (d.off_main);
  g_assert_cmpuint (d.progress, ==, d.total);
  g_assert_cmpuint (d.total, >, 0);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  sillok_export_report_free (d.report);
  g_main_loop_unref (d.loop);
}

/* An entry made for a bundle is refused once the chain moved on. */
static void
test_audit_pending (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *uuid = new_record (f->vault, TRUE, NULL);
  sqlite3 *db = sillok_vault_get_db (f->vault, NULL);
  g_autoptr(SillokAuditPending) pending = NULL;
  g_autoptr(SillokAuditPending) fixed = NULL;
  g_autoptr(SillokAuditPending) again = NULL;
  g_autoptr(GError) error = NULL;
  guint before = audit_length (f->vault, uuid);

  pending = sillok_audit_prepare (f->vault, db, uuid, "exported", 1, UUID_A, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->seq, ==, before + 1);
  fixed = sillok_audit_prepare (f->vault, db, uuid, "exported", 1, UUID_A, "2026-01-02T03:04:05Z",
                                "AAAAAAAAAAAAAAAAAAAAAA", &error);
  again = sillok_audit_prepare (f->vault, db, uuid, "exported", 1, UUID_A, "2026-01-02T03:04:05Z",
                                "AAAAAAAAAAAAAAAAAAAAAA", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixed->entry, ==, again->entry);
  g_assert_cmpstr (sillok_disclosure_get_salt (fixed->at), ==, "AAAAAAAAAAAAAAAAAAAAAA");

  g_assert_cmpuint (sillok_record_amend (f->vault, uuid, "meanwhile", &error), ==, 2);
  g_assert_true (sillok_db_begin (db, &error));
  g_assert_false (sillok_audit_insert (db, pending, &error));
  g_assert_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_CHANGED);
  sillok_db_rollback (db);
  g_assert_cmpuint (audit_length (f->vault, uuid), ==, before + 1);
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/export/paths", test_paths);
  g_test_add_func ("/export/b2sums", test_b2sums);
  g_test_add_func ("/export/manifest", test_manifest);
  g_test_add_func ("/export/k-anonymity", test_k_anonymity);
  g_test_add_func ("/export/quasi-names", test_quasi_names);
#define ADD(name, func) g_test_add ("/export/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("profiles", test_profiles);
  ADD ("consent", test_consent);
  ADD ("round-trip", test_round_trip);
  ADD ("deterministic", test_deterministic);
  ADD ("refusals", test_refusals);
  ADD ("consent-left-out", test_consent_left_out);
  ADD ("k-threshold", test_k_threshold);
  ADD ("cancel", test_cancel);
  ADD ("named-part", test_named_part);
  ADD ("exists", test_exists);
  ADD ("failpoints", test_failpoints);
  ADD ("amendments", test_amendments);
  ADD ("legal", test_legal);
  ADD ("recipients", test_recipients);
  ADD ("passphrase", test_passphrase);
  ADD ("async", test_async);
  ADD ("audit-pending", test_audit_pending);
#undef ADD

  return g_test_run ();
}
