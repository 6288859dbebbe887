/* test-bundle-reader.c: the strict tar reader, the order of the checks, the consumer interface, trust
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-bundle-reader.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-report.h"
#include "sillok/sillok-trust.h"
#include "sillok-tar-reader.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "reader test 읽기"

/* One vault and one bundle for every test: the KDF and sealing are slow. */
static struct
{
  char        *dir;
  SillokVault *vault;
  char        *bundle;       /* path */
  GBytes      *tar;          /* its plaintext */
  char        *r1;           /* two versions and an attachment */
  char        *r2;
  char        *attachment;   /* bytes of the attachment */
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

/* ----- a tar in memory, read and written with libarchive ---------------------------- */

static GPtrArray *
tar_entries (GBytes *tar)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *ae;

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
      g_ptr_array_add (out, e);
    }
  archive_read_free (a);
  return out;
}

static GBytes *
tar_make (GPtrArray *entries)
{
  struct archive *a = archive_write_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  size_t used = 0;
  gsize cap = 1024 * 1024;

  for (guint i = 0; i < entries->len; i++)
    cap += g_bytes_get_size (((Entry *) entries->pdata[i])->data) + 2048;
  g_byte_array_set_size (out, cap);
  archive_write_set_format_pax_restricted (a);
  archive_write_set_bytes_per_block (a, 0);
  g_assert_cmpint (archive_write_open_memory (a, out->data, cap, &used), ==, ARCHIVE_OK);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = entries->pdata[i];
      struct archive_entry *ae = archive_entry_new ();

      archive_entry_set_pathname (ae, e->path);
      archive_entry_set_filetype (ae, AE_IFREG);
      archive_entry_set_perm (ae, 0644);
      archive_entry_set_size (ae, g_bytes_get_size (e->data));
      g_assert_cmpint (archive_write_header (a, ae), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, g_bytes_get_data (e->data, NULL), g_bytes_get_size (e->data)), ==,
                       (la_ssize_t) g_bytes_get_size (e->data));
      archive_entry_free (ae);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  g_byte_array_set_size (out, used);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static Entry *
find (GPtrArray  *entries,
      const char *prefix,
      const char *suffix)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = entries->pdata[i];

      if (g_str_has_prefix (e->path, prefix) && g_str_has_suffix (e->path, suffix))
        return e;
    }
  return NULL;
}

static void
flip_byte (Entry *e)
{
  gsize len;
  guint8 *data = g_bytes_unref_to_data (e->data, &len);

  data[len / 2] ^= 1;
  e->data = g_bytes_new_take (data, len);
}

static char *
b2_hex (GBytes *data,
        gsize   size)
{
  guint8 hash[64];
  char *hex = g_malloc (2 * size + 1);

  crypto_generichash (hash, size, g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL, 0);
  sodium_bin2hex (hex, 2 * size + 1, hash, size);
  return hex;
}

/* B2SUMS and the manifest made anew and the manifest signed with the vault's key. */
static void
resign (GPtrArray *entries)
{
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *sums_hex = NULL;
  g_autofree char *text = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *sig = NULL;
  g_autoptr(GBytes) sums_bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  JsonArray *records;
  gsize len;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = entries->pdata[i];
      g_autofree char *hex = NULL;

      if (strcmp (e->path, "B2SUMS") == 0 || g_str_has_prefix (e->path, "manifest.json"))
        continue;
      hex = b2_hex (e->data, 64);
      g_string_append_printf (sums, "%s  %s\n", hex, e->path);
    }
  sums_bytes = g_bytes_new (sums->str, sums->len);
  g_bytes_unref (find (entries, "B2SUMS", "")->data);
  find (entries, "B2SUMS", "")->data = g_bytes_ref (sums_bytes);
  sums_hex = b2_hex (sums_bytes, 64);

  manifest = sillok_jcs_parse (g_bytes_get_data (find (entries, "manifest.json", "json")->data, NULL),
                               g_bytes_get_size (find (entries, "manifest.json", "json")->data), NULL,
                               SILLOK_JSON_PARSE_INTEGERS_ONLY, &error);
  g_assert_no_error (error);
  o = json_node_get_object (manifest);
  json_object_set_string_member (o, "b2sums", sums_hex);
  records = json_object_get_array_member (o, "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);
      g_autofree char *path = g_strdup_printf ("records/%s/%" G_GINT64_FORMAT "/statement.json",
                                               json_object_get_string_member (r, "record"),
                                               json_object_get_int_member (r, "version"));
      g_autofree char *hex = b2_hex (find (entries, path, "")->data, 32);

      json_object_set_string_member (r, "statement", hex);
    }
  text = sillok_jcs_serialize (manifest, &len, &error);
  g_assert_no_error (error);
  comment = g_strdup_printf (SILLOK_BUNDLE_TRUSTED_COMMENT_FORMAT, json_object_get_string_member (o, "bundle"));
  sig = sillok_minisign_sign (sillok_vault_get_signing_key (fx.vault), (const guint8 *) text, len, NULL, comment,
                              &error);
  g_assert_no_error (error);
  g_bytes_unref (find (entries, "manifest.json", "json")->data);
  find (entries, "manifest.json", "json")->data = g_bytes_new (text, len);
  g_bytes_unref (find (entries, "manifest.json.minisig", "")->data);
  find (entries, "manifest.json.minisig", "")->data = g_bytes_new (sig, strlen (sig));
}

static void
remove_entries (GPtrArray  *entries,
                const char *prefix)
{
  for (guint i = entries->len; i-- > 0;)
    if (g_str_has_prefix (((Entry *) entries->pdata[i])->path, prefix))
      g_ptr_array_remove_index (entries, i);
}

/* ----- a dummy import layer ------------------------------------------------------------- */

typedef struct
{
  GHashTable *stored;       /* b2 → GBytes of attachments "stored" */
  GString    *log;          /* one letter per call, in order */
  guint       disclosures;  /* parsed disclosures seen */
  gboolean    finished;
  gboolean    passed;
  char       *archive_digest; /* what lookup_statement knows */
  gboolean    archive_other;  /* what lookup_other answers */
  gboolean    archive_successor; /* what lookup_successor answers */
  gboolean    archive;        /* read with archive_consumer */
  gboolean    fail_attachment;
} Import;

static gboolean
import_attachment (gpointer       user_data,
                   const char    *b2,
                   guint64        size,
                   GInputStream  *stream,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Import *im = user_data;
  g_autoptr(GOutputStream) blob = g_memory_output_stream_new_resizable ();

  g_string_append_c (im->log, 'A');
  if (im->fail_attachment)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "no space left for the blob");
      return FALSE;
    }
  /* Small reads, to cross the stream's chunks. */
  for (;;)
    {
      guint8 buf[1000];
      gssize n = g_input_stream_read (stream, buf, sizeof buf, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      g_assert_true (g_output_stream_write_all (blob, buf, n, NULL, cancellable, error));
    }
  g_assert_true (g_output_stream_close (blob, NULL, NULL));
  g_hash_table_insert (im->stored, g_strdup (b2), g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (blob)));
  g_assert_cmpuint (size, ==, g_bytes_get_size (g_hash_table_lookup (im->stored, b2)));
  return TRUE;
}

static gboolean
import_manifest (gpointer                  user_data,
                 const SillokBundleReport *report,
                 GBytes                   *manifest,
                 GBytes                   *signature,
                 GError                  **error)
{
  Import *im = user_data;

  g_assert_nonnull (report->bundle);
  g_assert_cmpuint (g_bytes_get_size (signature), >, 0);
  g_string_append_c (im->log, 'M');
  return TRUE;
}

static gboolean
import_version (gpointer                       user_data,
                const SillokBundleVersionData *v,
                GError                       **error)
{
  Import *im = user_data;

  g_assert_true (sillok_bundle_is_uuid (v->record));
  g_assert_nonnull (v->statement);
  g_assert_nonnull (v->disclosures_json);
  im->disclosures += v->disclosures->len;
  g_string_append_c (im->log, 'V');
  return TRUE;
}

static gboolean
import_key (gpointer                       user_data,
            const char                    *key_id,
            const SillokMinisignPublicKey *key,
            GBytes                        *file,
            GError                       **error)
{
  Import *im = user_data;
  g_autofree char *id = sillok_minisign_key_id_to_string (key->keynum);

  g_assert_cmpstr (id, ==, key_id);
  g_string_append_c (im->log, 'K');
  return TRUE;
}

static gboolean
import_audit (gpointer            user_data,
              const char         *record,
              const char * const *entries,
              const char * const *times,
              GError            **error)
{
  Import *im = user_data;

  g_assert_nonnull (entries[0]);
  g_string_append_c (im->log, 'U');
  return TRUE;
}

static gboolean
import_template (gpointer     user_data,
                 const char  *digest,
                 GBytes      *canonical,
                 GError     **error)
{
  Import *im = user_data;

  g_string_append_c (im->log, 'T');
  return TRUE;
}

static gboolean
import_lookup (gpointer     user_data,
               const char  *record,
               guint        version,
               const char  *digest,
               gboolean    *found,
               GError     **error)
{
  Import *im = user_data;

  g_string_append_c (im->log, 'L');
  *found = g_strcmp0 (im->archive_digest, digest) == 0;
  return TRUE;
}

static void
import_finish (gpointer      user_data,
               gboolean      passed,
               const GError *failure)
{
  Import *im = user_data;

  g_assert_false (im->finished);
  im->finished = TRUE;
  im->passed = passed;
  g_string_append_c (im->log, 'F');
  /* All or nothing: a failed bundle leaves no blob behind. */
  if (!passed)
    g_hash_table_remove_all (im->stored);
}

static gboolean
import_lookup_other (gpointer     user_data,
                     const char  *record,
                     guint        version,
                     const char  *digest,
                     gboolean    *other,
                     GError     **error)
{
  Import *im = user_data;

  g_string_append_c (im->log, 'O');
  *other = im->archive_other;
  return TRUE;
}

static gboolean
import_lookup_successor (gpointer     user_data,
                         const char  *record,
                         guint        version,
                         const char  *digest,
                         gboolean    *mismatch,
                         GError     **error)
{
  Import *im = user_data;

  g_string_append_c (im->log, 'S');
  *mismatch = im->archive_successor;
  return TRUE;
}

static const SillokBundleConsumer import_consumer = {
  .attachment = import_attachment,
  .manifest = import_manifest,
  .version = import_version,
  .key = import_key,
  .audit = import_audit,
  .template_file = import_template,
  .lookup_statement = import_lookup,
  .finish = import_finish,
};

/* As an archive does: a version whose predecessor has not come waits for
 * it, unless the archive has that predecessor under another statement. */
static const SillokBundleConsumer archive_consumer = {
  .attachment = import_attachment,
  .manifest = import_manifest,
  .version = import_version,
  .key = import_key,
  .audit = import_audit,
  .template_file = import_template,
  .lookup_statement = import_lookup,
  .lookup_other = import_lookup_other,
  .lookup_successor = import_lookup_successor,
  .finish = import_finish,
  .accept_awaiting = TRUE,
};

static void
import_init (Import *im)
{
  memset (im, 0, sizeof *im);
  im->stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  im->log = g_string_new (NULL);
}

static void
import_clear (Import *im)
{
  g_hash_table_unref (im->stored);
  g_string_free (im->log, TRUE);
  g_free (im->archive_digest);
}

static SillokBundleReport *
read_entries (GPtrArray *entries,
              Import    *im)
{
  g_autoptr(GBytes) tar = tar_make (entries);
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(GError) error = NULL;
  SillokBundleReport *report;

  if (im != NULL)
    sillok_bundle_reader_set_consumer (reader, im->archive ? &archive_consumer : &import_consumer, im);
  report = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
assert_failed (SillokBundleReport *report,
               SillokBundleError   code,
               const char         *path_part)
{
  g_assert_cmpint (report->verdict, ==, SILLOK_BUNDLE_VERDICT_FAILED);
  g_assert_error (report->failure, SILLOK_BUNDLE_ERROR, (int) code);
  if (path_part != NULL)
    g_assert_nonnull (strstr (report->failure_path != NULL ? report->failure_path : "", path_part));
}

/* ----- tests ------------------------------------------------------------------------------- */

static void
test_valid_with_consumer (void)
{
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *b2 = NULL;
  GBytes *stored;
  guint disclosed = 0;
  Import im;

  import_init (&im);
  sillok_bundle_reader_add_identity (reader, sillok_vault_get_age_identity (fx.vault));
  sillok_bundle_reader_set_consumer (reader, &import_consumer, &im);
  report = sillok_bundle_reader_read_file (reader, fx.bundle, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
  g_assert_null (report->failure);
  /* Attachments while streaming, then each stage in the order of the checks. */
  g_assert_cmpstr (im.log->str, ==, "AMKVVVUUTF");
  g_assert_true (im.passed);
  g_assert_cmpuint (g_hash_table_size (im.stored), ==, 1);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (fx.attachment, strlen (fx.attachment));

    b2 = b2_hex (bytes, 64);
  }
  stored = g_hash_table_lookup (im.stored, b2);
  g_assert_nonnull (stored);
  g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), fx.attachment, strlen (fx.attachment));
  for (guint i = 0; i < report->records->len; i++)
    {
      SillokBundleRecord *r = report->records->pdata[i];

      g_assert_true (r->audit_ok);
      for (guint j = 0; j < r->versions->len; j++)
        disclosed += ((SillokBundleVersion *) r->versions->pdata[j])->disclosed;
    }
  g_assert_cmpuint (im.disclosures, ==, disclosed);
  g_assert_cmpuint (report->signers->len, ==, 1);
  g_assert_cmpint (((SillokBundleSigner *) report->signers->pdata[0])->trust, ==, SILLOK_BUNDLE_TRUST_UNKNOWN);
  import_clear (&im);
}

static void
test_failure_deletes_stored (void)
{
  g_autoptr(GPtrArray) entries = tar_entries (fx.tar);
  g_autoptr(SillokBundleReport) report = NULL;
  Import im;

  /* The template is the last file: the attachment was stored before.
   * B2SUMS is made anew, but the template no longer hashes to its name. */
  import_init (&im);
  flip_byte (find (entries, "templates/", ".json"));
  resign (entries);
  report = read_entries (entries, &im);
  assert_failed (report, SILLOK_BUNDLE_ERROR_TEMPLATE, "templates/");
  g_assert_cmpstr (im.log->str, ==, "AMKVVVUUF");
  g_assert_false (im.passed);
  g_assert_cmpuint (g_hash_table_size (im.stored), ==, 0);
  import_clear (&im);
}

static void
test_attachment_mismatch (void)
{
  g_autoptr(GPtrArray) entries = tar_entries (fx.tar);
  g_autoptr(SillokBundleReport) report = NULL;
  Import im;

  import_init (&im);
  flip_byte (find (entries, "attachments/", ""));
  report = read_entries (entries, &im);
  /* The consumer's read failed; the verdict names the check, not the consumer. */
  assert_failed (report, SILLOK_BUNDLE_ERROR_B2SUMS, "attachments/");
  g_assert_cmpstr (im.log->str, ==, "AF");
  g_assert_cmpuint (g_hash_table_size (im.stored), ==, 0);
  import_clear (&im);
}

static void
test_consumer_error (void)
{
  g_autoptr(GBytes) tar = g_bytes_ref (fx.tar);
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(GError) error = NULL;
  SillokBundleReport *report;
  Import im;

  import_init (&im);
  im.fail_attachment = TRUE;
  sillok_bundle_reader_set_consumer (reader, &import_consumer, &im);
  report = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar), &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpstr (im.log->str, ==, "AF");
  g_assert_false (im.passed);
  import_clear (&im);
}

static void
test_supersedes_in_archive (void)
{
  g_autoptr(GPtrArray) entries = tar_entries (fx.tar);
  g_autoptr(SillokBundleReport) alone = NULL;
  g_autoptr(SillokBundleReport) wrong = NULL;
  g_autoptr(SillokBundleReport) found = NULL;
  g_autofree char *prefix = g_strdup_printf ("records/%s/1/", fx.r1);
  g_autofree char *path = g_strdup_printf ("records/%s/1/statement.json", fx.r1);
  g_autofree char *v1 = b2_hex (find (entries, path, "")->data, 32);
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *text = NULL;
  JsonArray *records;
  Entry *m;
  Import im;

  /* The archive is asked about the last version of each record: whether
   * a later version waits there for another statement. */
  import_init (&im);
  im.archive = TRUE;
  {
    g_autoptr(SillokBundleReport) asked = read_entries (entries, &im);
    guint n = 0;

    g_assert_cmpint (asked->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
    for (const char *c = im.log->str; *c != '\0'; c++)
      n += *c == 'S';
    g_assert_cmpuint (n, ==, asked->records->len);
  }
  import_clear (&im);
  import_init (&im);
  im.archive = TRUE;
  im.archive_successor = TRUE;
  {
    g_autoptr(SillokBundleReport) mismatch = read_entries (entries, &im);

    assert_failed (mismatch, SILLOK_BUNDLE_ERROR_SUPERSEDES, "/statement.json");
    g_assert_nonnull (strstr (mismatch->failure->message, "supersedes a statement other than this version"));
    g_assert_nonnull (mismatch->failure_record);
    g_assert_cmpuint (mismatch->failure_version, >, 0);
    g_assert_nonnull (strstr (mismatch->failure_path, mismatch->failure_record));
    g_assert_false (im.passed);
  }
  import_clear (&im);

  /* Version 1 of r1 left home: the bundle carries version 2 alone. */
  remove_entries (entries, prefix);
  m = find (entries, "manifest.json", "json");
  manifest = sillok_jcs_parse (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data), NULL, 0, NULL);
  records = json_object_get_array_member (json_node_get_object (manifest), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);

      if (strcmp (json_object_get_string_member (r, "record"), fx.r1) == 0
          && json_object_get_int_member (r, "version") == 1)
        {
          json_array_remove_element (records, i);
          break;
        }
    }
  text = sillok_jcs_serialize (manifest, NULL, NULL);
  g_bytes_unref (m->data);
  m->data = g_bytes_new (text, strlen (text));
  resign (entries);

  alone = read_entries (entries, NULL);
  assert_failed (alone, SILLOK_BUNDLE_ERROR_SUPERSEDES, "/2/statement.json");

  import_init (&im);
  im.archive_digest = g_strdup ("00");
  wrong = read_entries (entries, &im);
  assert_failed (wrong, SILLOK_BUNDLE_ERROR_SUPERSEDES, NULL);
  g_assert_nonnull (strchr (im.log->str, 'L'));
  import_clear (&im);

  /* An archive without version 1 keeps version 2 waiting for it... */
  import_init (&im);
  im.archive = TRUE;
  {
    g_autoptr(SillokBundleReport) waiting = read_entries (entries, &im);

    g_assert_cmpint (waiting->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
    g_assert_nonnull (strchr (im.log->str, 'O'));
  }
  import_clear (&im);
  /* ...but one whose version 1 is another statement rejects it: that
   * predecessor has come, and it is not the one version 2 names. */
  import_init (&im);
  im.archive = TRUE;
  im.archive_other = TRUE;
  {
    g_autoptr(SillokBundleReport) other = read_entries (entries, &im);

    assert_failed (other, SILLOK_BUNDLE_ERROR_SUPERSEDES, "/2/statement.json");
    g_assert_nonnull (strstr (other->failure->message, "other than the archive's version 1"));
    g_assert_false (im.passed);
  }
  import_clear (&im);

  import_init (&im);
  im.archive_digest = g_strdup (v1);
  found = read_entries (entries, &im);
  g_assert_cmpint (found->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
  g_assert_true (im.passed);
  for (guint i = 0; i < found->records->len; i++)
    {
      SillokBundleRecord *r = found->records->pdata[i];

      if (strcmp (r->uuid, fx.r1) == 0)
        g_assert_true (((SillokBundleVersion *) r->versions->pdata[0])->supersedes_in_archive);
    }
  import_clear (&im);
}

static void
test_max_entries (void)
{
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;

  sillok_bundle_reader_set_max_entries (reader, 5);
  report = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), &error);
  g_assert_no_error (error);
  assert_failed (report, SILLOK_BUNDLE_ERROR_TAR, NULL);
  g_assert_nonnull (strstr (report->failure->message, "more than 5 files"));
}

/* All files but attachments are held in memory: a bound on them together,
 * checked before the bytes of the one that would pass it are read. */
static void
test_max_small_files (void)
{
  g_autoptr(GPtrArray) entries = tar_entries (fx.tar);
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(SillokBundleReport) fits = NULL;
  g_autoptr(GError) error = NULL;
  guint64 small = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = entries->pdata[i];

      if (!g_str_has_prefix (e->path, "attachments/"))
        small += g_bytes_get_size (e->data);
    }
  sillok_bundle_reader_set_max_small_files (reader, small - 1);
  report = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), &error);
  g_assert_no_error (error);
  assert_failed (report, SILLOK_BUNDLE_ERROR_TAR, NULL);
  g_assert_nonnull (strstr (report->failure->message, "other than attachments would hold more than"));
  g_assert_cmpuint (report->plaintext, <, g_bytes_get_size (fx.tar));

  sillok_bundle_reader_set_max_small_files (reader, small);
  fits = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fits->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
}

static void
test_max_attachment (void)
{
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;

  sillok_bundle_reader_set_max_attachment (reader, strlen (fx.attachment) - 1);
  report = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), &error);
  assert_failed (report, SILLOK_BUNDLE_ERROR_TAR, "attachments/");
}

/* A later tar failure outranks an earlier hash failure: the tar check comes first. */
/* A manifest may name the bundles its records came from (re-exports from
 * an archive): sorted bundle ids, nothing else. */
static void
test_provenance (void)
{
  static const struct { const char *json; gboolean valid; } cases[] = {
    { "[]", TRUE },
    { "[\"11111111-1111-4111-8111-111111111111\"]", TRUE },
    { "[\"11111111-1111-4111-8111-111111111111\",\"22222222-2222-4222-8222-222222222222\"]", TRUE },
    { "[\"22222222-2222-4222-8222-222222222222\",\"11111111-1111-4111-8111-111111111111\"]", FALSE },
    { "[\"11111111-1111-4111-8111-111111111111\",\"11111111-1111-4111-8111-111111111111\"]", FALSE },
    { "[\"11111111-1111-4111-8111-11111111111A\"]", FALSE },
    { "[\"not a bundle\"]", FALSE },
    { "[1]", FALSE },
    { "\"11111111-1111-4111-8111-111111111111\"", FALSE },
    { "null", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) entries = tar_entries (fx.tar);
      g_autoptr(SillokBundleReport) report = NULL;
      g_autoptr(JsonNode) manifest = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      Entry *m = find (entries, "manifest.json", "json");
      gsize len;

      g_test_message ("provenance %s", cases[i].json);
      manifest = sillok_jcs_parse (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data), NULL, 0, &error);
      g_assert_no_error (error);
      json_object_set_member (json_node_get_object (manifest), "provenance",
                              sillok_jcs_parse (cases[i].json, strlen (cases[i].json), NULL, 0, &error));
      g_assert_no_error (error);
      text = sillok_jcs_serialize (manifest, &len, &error);
      g_assert_no_error (error);
      g_bytes_unref (m->data);
      m->data = g_bytes_new (text, len);
      resign (entries);
      report = read_entries (entries, NULL);
      if (cases[i].valid)
        g_assert_cmpint (report->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
      else
        assert_failed (report, SILLOK_BUNDLE_ERROR_MANIFEST, "manifest.json");
    }
  /* Any other member is still refused. */
  {
    g_autoptr(GPtrArray) entries = tar_entries (fx.tar);
    g_autoptr(SillokBundleReport) report = NULL;
    g_autoptr(JsonNode) manifest = NULL;
    g_autofree char *text = NULL;
    Entry *m = find (entries, "manifest.json", "json");
    gsize len;

    manifest = sillok_jcs_parse (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data), NULL, 0, NULL);
    json_object_set_array_member (json_node_get_object (manifest), "provenances", json_array_new ());
    text = sillok_jcs_serialize (manifest, &len, NULL);
    g_bytes_unref (m->data);
    m->data = g_bytes_new (text, len);
    resign (entries);
    report = read_entries (entries, NULL);
    assert_failed (report, SILLOK_BUNDLE_ERROR_MANIFEST, "manifest.json");
  }
}

static void
test_check_order (void)
{
  g_autoptr(GPtrArray) entries = tar_entries (fx.tar);
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GByteArray) bad = g_byte_array_new ();
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;

  flip_byte (find (entries, "attachments/", ""));
  tar = tar_make (entries);
  g_byte_array_append (bad, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar));
  g_byte_array_append (bad, (const guint8 *) "trailing", 8);
  report = sillok_bundle_reader_read_tar (reader, bad->data, bad->len, &error);
  g_assert_no_error (error);
  assert_failed (report, SILLOK_BUNDLE_ERROR_TAR, NULL);
  g_assert_nonnull (strstr (report->failure->message, "follows the end"));
}

/* ----- the tar reader on hand-made blocks ---------------------------------------------------- */

static void
header (guint8     *h,
        const char *name,
        char        type,
        guint64     size)
{
  guint sum = 0;

  memset (h, 0, 512);
  strncpy ((char *) h, name, 100);
  memcpy (h + 100, "0000644", 8);
  memcpy (h + 108, "0000000", 8);
  memcpy (h + 116, "0000000", 8);
  g_snprintf ((char *) h + 124, 12, "%011" G_GINT64_MODIFIER "o", size);
  memcpy (h + 136, "00000000000", 12);
  h[156] = type;
  memcpy (h + 257, "ustar\0" "00", 8);
  memset (h + 148, ' ', 8);
  for (guint i = 0; i < 512; i++)
    sum += h[i];
  g_snprintf ((char *) h + 148, 8, "%06o", sum);
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         step;
} Source;

/* Hands out @step bytes at a time, so blocks straddle the source's chunks. */
static gboolean
source_read (gpointer       user_data,
             const guint8 **data,
             gsize         *len,
             GCancellable  *cancellable,
             GError       **error)
{
  Source *s = user_data;

  *data = s->data;
  *len = MIN (s->len, s->step);
  s->data += *len;
  s->len -= *len;
  return TRUE;
}

/* Reads every entry; the error of the first refusal, or NULL. */
static GError *
tar_read_all (const guint8 *data,
              gsize         len,
              gsize         step,
              guint        *entries)
{
  Source s = { data, len, step };
  g_autoptr(SillokTarReader) r = sillok_tar_reader_new (source_read, &s);
  GError *error = NULL;
  const char *path;
  guint64 size;

  do
    if (!sillok_tar_reader_next (r, &path, NULL, &size, NULL, &error))
      return error;
  while (path != NULL);
  if (entries != NULL)
    *entries = sillok_tar_reader_get_entries (r);
  return NULL;
}

static void
test_tar_real (void)
{
  guint n = 0;
  GError *error = tar_read_all (g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), 7, &n);

  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 10);
}

static void
test_tar_blocks (void)
{
  static const struct { const char *name; char type; guint64 size; int damage; SillokTarError code; } cases[] = {
    { "B2SUMS", '0', 3, 1, SILLOK_TAR_ERROR_HEADER },           /* checksum */
    { "B2SUMS", '0', 3, 2, SILLOK_TAR_ERROR_TRAILING },         /* data in the padding */
    { "B2SUMS", '0', 3, 3, SILLOK_TAR_ERROR_HEADER },           /* one zero block, then a header */
    { "B2SUMS", '0', 3, 4, SILLOK_TAR_ERROR_TRUNCATED },        /* no end-of-archive */
    { "B2SUMS", '0', 3, 5, SILLOK_TAR_ERROR_HEADER },           /* base-256 size */
    { "B2SUMS", '0', 3, 6, SILLOK_TAR_ERROR_PATH },             /* bytes after the name's NUL */
    { "B2SUMS", 'g', 3, 0, SILLOK_TAR_ERROR_TYPE },
    { "B2SUMS", 'L', 3, 0, SILLOK_TAR_ERROR_TYPE },
    { "B2SUMS", 'S', 3, 0, SILLOK_TAR_ERROR_TYPE },
    { "B2SUMS", '\0', 3, 0, SILLOK_TAR_ERROR_TYPE },
    { "./B2SUMS", '0', 3, 0, SILLOK_TAR_ERROR_PATH },
    { "B2SUMS", 'x', 3, 0, SILLOK_TAR_ERROR_PAX },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 tar[512 * 6];
      g_autoptr(GError) error = NULL;

      memset (tar, 0, sizeof tar);
      header (tar, cases[i].name, cases[i].type, cases[i].size);
      memcpy (tar + 512, "abc", 3);
      switch (cases[i].damage)
        {
        case 1: tar[0] ^= 0x20; break;
        case 2: tar[512 + 100] = 'x'; break;
        case 3: header (tar + 512 * 3, "manifest.json", '0', 0); break;
        case 4: break;
        case 5: tar[124] = 0x80; header (tar, cases[i].name, cases[i].type, 0); tar[124] = 0x80; break;
        case 6: tar[50] = 'x'; break;
        default: break;
        }
      if (cases[i].damage == 5)
        {
          guint sum = 0;

          memset (tar + 148, ' ', 8);
          for (guint j = 0; j < 512; j++)
            sum += tar[j];
          g_snprintf ((char *) tar + 148, 8, "%06o", sum);
        }
      if (cases[i].damage == 6)
        {
          guint sum = 0;

          memset (tar + 148, ' ', 8);
          for (guint j = 0; j < 512; j++)
            sum += tar[j];
          g_snprintf ((char *) tar + 148, 8, "%06o", sum);
        }
      error = tar_read_all (tar, cases[i].damage == 4 ? 1024 : sizeof tar, 100, NULL);
      g_test_message ("case %u: %s", i, error != NULL ? error->message : "accepted");
      g_assert_error (error, SILLOK_TAR_ERROR, (int) cases[i].code);
    }
}

/* ----- trust ------------------------------------------------------------------------------------ */

static void
test_trust (void)
{
  g_autoptr(SillokBundleReader) trusted = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReader) impostor = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReport) a = NULL;
  g_autoptr(SillokBundleReport) b = NULL;
  g_autoptr(GError) error = NULL;
  SillokMinisignPublicKey own, other;

  sillok_vault_get_public_key (fx.vault, &own);
  other = own;
  other.pk[0] ^= 1;
  sillok_bundle_reader_add_trusted_key (trusted, &own, "Kim", "interviewer");
  sillok_bundle_reader_add_trusted_key (impostor, &other, "Kim", "interviewer");
  a = sillok_bundle_reader_read_tar (trusted, g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), &error);
  b = sillok_bundle_reader_read_tar (impostor, g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), &error);
  g_assert_no_error (error);
  g_assert_cmpint (((SillokBundleSigner *) a->signers->pdata[0])->trust, ==, SILLOK_BUNDLE_TRUST_TRUSTED);
  g_assert_cmpstr (((SillokBundleSigner *) a->signers->pdata[0])->name, ==, "Kim");
  g_assert_true (sillok_bundle_report_all_trusted (a));
  g_assert_cmpint (((SillokBundleSigner *) b->signers->pdata[0])->trust, ==, SILLOK_BUNDLE_TRUST_MISMATCH);
  g_assert_false (sillok_bundle_report_all_trusted (b));
  /* Still valid: trust is reported beside the verdict. */
  g_assert_cmpint (b->verdict, ==, SILLOK_BUNDLE_VERDICT_VALID);
}

static void
test_trust_table (void)
{
  g_autoptr(SillokMinisignSecretKey) sk = sillok_minisign_secret_key_generate ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *own_pub = NULL;
  g_autofree char *key_id = NULL;
  SillokMinisignPublicKey pk, own;

  sillok_minisign_secret_key_get_public (sk, &pk);
  pub = sillok_minisign_public_key_to_file (&pk);
  key_id = sillok_minisign_key_id_to_string (pk.keynum);
  sillok_vault_get_public_key (fx.vault, &own);
  own_pub = sillok_minisign_public_key_to_file (&own);

  g_assert_false (sillok_trust_add (fx.vault, pub, strlen (pub), "Lee", "analyst", &error));
  g_assert_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sillok_trust_add (fx.vault, "not a key", 9, "Lee", "interviewer", &error));
  g_assert_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sillok_trust_add (fx.vault, own_pub, strlen (own_pub), "Me", "interviewer", &error));
  g_assert_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (sillok_trust_add (fx.vault, pub, strlen (pub), " 이 Lee ", "coordinator", &error));
  g_assert_no_error (error);
  g_assert_false (sillok_trust_add (fx.vault, pub, strlen (pub), "Again", "interviewer", &error));
  g_assert_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_EXISTS);
  g_clear_error (&error);

  list = sillok_trust_list (fx.vault, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((SillokTrustedSigner *) list->pdata[0])->key_id, ==, key_id);
  g_assert_cmpstr (((SillokTrustedSigner *) list->pdata[0])->name, ==, "이 Lee");
  g_assert_cmpstr (((SillokTrustedSigner *) list->pdata[0])->role, ==, "coordinator");
  g_assert_cmpmem (((SillokTrustedSigner *) list->pdata[0])->key.pk, 32, pk.pk, 32);

  g_assert_true (sillok_trust_remove (fx.vault, key_id, &error));
  g_assert_no_error (error);
  g_assert_false (sillok_trust_remove (fx.vault, key_id, &error));
  g_assert_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_NOT_FOUND);
}

static void
test_reports (void)
{
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *pdf = g_build_filename (fx.dir, "report.pdf", NULL);
  g_autofree char *txt = g_build_filename (fx.dir, "report.txt", NULL);
  g_autofree char *js = NULL;
  gsize len;
  g_autofree char *head = NULL;

  report = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (fx.tar, NULL), g_bytes_get_size (fx.tar), &error);
  js = sillok_report_to_json (report, "b.sillok");
  json = sillok_jcs_parse (js, strlen (js) - 1, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "verdict"), ==, "valid");
  text = sillok_report_to_text (report, "b.sillok");
  g_assert_nonnull (strstr (text, fx.r1));
  html = sillok_report_to_html (report, "<b>&.sillok");
  g_assert_nonnull (strstr (html, "&lt;b&gt;&amp;.sillok"));
  g_assert_null (strstr (html, "<b>&"));
  g_assert_true (sillok_report_write (report, "b.sillok", pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &head, &len, NULL));
  g_assert_true (len > 1000 && memcmp (head, "%PDF-", 5) == 0);
  g_assert_false (sillok_report_write (report, "b.sillok", txt, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
set_up (void)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokTemplate) template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_autoptr(SillokExport) export = NULL;
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autofree char *path = NULL;
  g_autofree char *recipient = NULL;
  static const char *const values[] = { "consent.given=true", "consent.share_coordinators=true",
                                        "interview.date=2026-03-14", NULL };
  static const char *const amended[] = { "interviewee.sex=female", NULL };
  GString *big = g_string_new (NULL);
  char *uuids[2];

  g_assert_no_error (error);
  fx.dir = sillok_test_mkdtemp ();
  path = g_build_filename (fx.dir, "vault", NULL);
  fx.vault = sillok_vault_new (path);
  g_assert_true (sillok_vault_create (fx.vault, "Reader 읽기", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      uuids[i] = sillok_record_create (fx.vault, template, &error);
      g_assert_no_error (error);
      g_assert_true (sillok_record_set_texts (fx.vault, uuids[i], values, &error));
      g_assert_no_error (error);
    }
  fx.r1 = uuids[0];
  fx.r2 = uuids[1];
  /* Three age chunks and more, so the attachment streams. */
  for (guint i = 0; big->len < 200 * 1024; i++)
    g_string_append_printf (big, "line %u of the map of the mine\n", i);
  fx.attachment = g_string_free (big, FALSE);
  in = g_memory_input_stream_new_from_data (fx.attachment, strlen (fx.attachment), NULL);
  g_assert_true (sillok_record_attach (fx.vault, fx.r1, in, "지도.txt", "text/plain", "open", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (sillok_record_seal (fx.vault, uuids[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (sillok_record_amend (fx.vault, fx.r1, "a correction", &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (fx.vault, fx.r1, amended, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_record_seal (fx.vault, fx.r1, &error));
  g_assert_no_error (error);

  export = sillok_export_new (fx.vault);
  sillok_export_set_all_sealed (export, TRUE);
  recipient = sillok_vault_get_age_recipient (fx.vault);
  g_assert_true (sillok_export_add_recipient (export, recipient, &error));
  g_assert_true (sillok_export_set_override_k (export, "two records only", &error));
  fx.bundle = g_build_filename (fx.dir, "b.sillok", NULL);
  report = sillok_export_write (export, fx.bundle, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GFile) file = g_file_new_for_path (fx.bundle);
    g_autoptr(GFileInputStream) fin = g_file_read (file, NULL, NULL);
    g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (G_INPUT_STREAM (fin));
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

    sillok_age_decryptor_add_identity (dec, sillok_vault_get_age_identity (fx.vault));
    g_assert_true (sillok_age_decryptor_splice (dec, out, NULL, NULL, NULL, &error));
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    fx.tar = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  }
}

int
main (int    argc,
      char **argv)
{
  int rc;

  sillok_test_init (&argc, &argv);
  set_up ();
  g_test_add_func ("/bundle-reader/consumer", test_valid_with_consumer);
  g_test_add_func ("/bundle-reader/consumer/failure-deletes-stored", test_failure_deletes_stored);
  g_test_add_func ("/bundle-reader/consumer/attachment-mismatch", test_attachment_mismatch);
  g_test_add_func ("/bundle-reader/consumer/error", test_consumer_error);
  g_test_add_func ("/bundle-reader/supersedes-in-archive", test_supersedes_in_archive);
  g_test_add_func ("/bundle-reader/max-entries", test_max_entries);
  g_test_add_func ("/bundle-reader/max-attachment", test_max_attachment);
  g_test_add_func ("/bundle-reader/max-small-files", test_max_small_files);
  g_test_add_func ("/bundle-reader/check-order", test_check_order);
  g_test_add_func ("/bundle-reader/provenance", test_provenance);
  g_test_add_func ("/bundle-reader/tar/real", test_tar_real);
  g_test_add_func ("/bundle-reader/tar/blocks", test_tar_blocks);
  g_test_add_func ("/bundle-reader/trust", test_trust);
  g_test_add_func ("/bundle-reader/trust-table", test_trust_table);
  g_test_add_func ("/bundle-reader/reports", test_reports);
  rc = g_test_run ();

  g_clear_object (&fx.vault);
  sillok_test_rmtree (fx.dir);
  g_free (fx.dir);
  g_free (fx.bundle);
  g_free (fx.r1);
  g_free (fx.r2);
  g_free (fx.attachment);
  g_bytes_unref (fx.tar);
  return rc;
}
