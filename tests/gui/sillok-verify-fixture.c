/* sillok-verify-fixture.c: a vault with sealed records, its bundles and altered copies, for the Verify tests
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-bundle.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-record.h"
#include "sillok-fs.h"
#include "sillok-gui-test-utils.h"
#include "sillok-verify-fixture.h"

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

/* The same restricted pax tar the bundle writer makes. */
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

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp ((*(Entry *const *) a)->path, (*(Entry *const *) b)->path);
}

static Entry *
find (GPtrArray  *entries,
      const char *path)
{
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (((Entry *) entries->pdata[i])->path, path) == 0)
      return entries->pdata[i];
  g_error ("the bundle has no %s", path);
  return NULL;
}

static void
replace (Entry *e,
         GBytes *data)
{
  g_bytes_unref (e->data);
  e->data = data;
}

static char *
b2_hex (const void *data,
        gsize       len,
        gsize       size)
{
  guint8 hash[64];
  char *hex = g_malloc (2 * size + 1);

  crypto_generichash (hash, size, data, len, NULL, 0);
  sodium_bin2hex (hex, 2 * size + 1, hash, size);
  return hex;
}

/* B2SUMS and the manifest made anew and the manifest signed with the vault's
 * key, as someone holding that key would to pass off an altered statement. */
static void
resign (GPtrArray   *entries,
        SillokVault *vault)
{
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sums_hex = NULL;
  g_autofree char *text = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *sig = NULL;
  Entry *m = find (entries, SILLOK_BUNDLE_MANIFEST);
  JsonObject *o;
  JsonArray *records;
  gsize len;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = entries->pdata[i];
      g_autofree char *hex = NULL;

      if (strcmp (e->path, SILLOK_BUNDLE_B2SUMS) == 0 || g_str_has_prefix (e->path, SILLOK_BUNDLE_MANIFEST))
        continue;
      hex = b2_hex (g_bytes_get_data (e->data, NULL), g_bytes_get_size (e->data), 64);
      g_string_append_printf (sums, "%s  %s\n", hex, e->path);
    }
  sums_hex = b2_hex (sums->str, sums->len, 64);
  replace (find (entries, SILLOK_BUNDLE_B2SUMS), g_bytes_new (sums->str, sums->len));

  manifest = sillok_jcs_parse (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data), NULL,
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
      Entry *statement = find (entries, path);
      g_autofree char *hex = b2_hex (g_bytes_get_data (statement->data, NULL), g_bytes_get_size (statement->data), 32);

      json_object_set_string_member (r, "statement", hex);
    }
  text = sillok_jcs_serialize (manifest, &len, &error);
  g_assert_no_error (error);
  comment = g_strdup_printf (SILLOK_BUNDLE_TRUSTED_COMMENT_FORMAT, json_object_get_string_member (o, "bundle"));
  sig = sillok_minisign_sign (sillok_vault_get_signing_key (vault), (const guint8 *) text, len, NULL, comment, &error);
  g_assert_no_error (error);
  replace (m, g_bytes_new (text, len));
  replace (find (entries, SILLOK_BUNDLE_MANIFEST_SIGNATURE), g_bytes_new (sig, strlen (sig)));
}

static GBytes *
decrypt (const char        *path,
         SillokAgeIdentity *identity)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, &error);
  g_autoptr(SillokAgeDecryptor) dec = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_no_error (error);
  dec = sillok_age_decryptor_new (G_INPUT_STREAM (in));
  sillok_age_decryptor_add_identity (dec, identity);
  g_assert_true (sillok_age_decryptor_splice (dec, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
encrypt (const char               *path,
         GBytes                   *tar,
         const SillokAgeRecipient *recipients,
         gsize                     n)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_autoptr(SillokAgeEncryptor) enc = NULL;

  g_assert_no_error (error);
  enc = sillok_age_encryptor_new_for_recipients (G_OUTPUT_STREAM (out), recipients, n);
  g_assert_true (sillok_age_encryptor_write (enc, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar), NULL,
                                             &error));
  g_assert_true (sillok_age_encryptor_finish (enc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
}

void
sillok_verify_fixture_forge (const char               *bundle,
                             SillokAgeIdentity        *identity,
                             SillokVault              *signer,
                             const char               *record,
                             guint                     version,
                             const SillokAgeRecipient *recipients,
                             gsize                     n_recipients,
                             const char               *out)
{
  g_autoptr(GBytes) tar = decrypt (bundle, identity);
  g_autoptr(GPtrArray) entries = tar_entries (tar);
  g_autoptr(GBytes) forged = NULL;
  g_autofree char *path = g_strdup_printf ("records/%s/%u/statement.json", record, version);
  Entry *e = find (entries, path);
  gsize len;
  char *text;
  char *digest;

  g_assert_nonnull (e);
  text = g_bytes_unref_to_data (g_steal_pointer (&e->data), &len);
  digest = g_strstr_len (text, len, "\"disclosures\":[\"");
  g_assert_nonnull (digest);
  digest += strlen ("\"disclosures\":[\"");
  *digest = *digest == '0' ? '1' : '0';
  e->data = g_bytes_new_take (text, len);
  resign (entries, signer);
  forged = tar_make (entries);
  encrypt (out, forged, recipients, n_recipients);
}

static char *
file_b2 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return b2_hex (data, len, 64);
}

static char *
new_record (SillokVault           *vault,
            SillokTemplate        *template,
            const char *const     *values)
{
  g_autoptr(GError) error = NULL;
  char *uuid = sillok_record_create (vault, template, &error);

  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (vault, uuid, values, &error));
  g_assert_no_error (error);
  return uuid;
}

static void
write_bundles (SillokVerifyFixture *fx,
               SillokVault         *vault,
               SillokAgeIdentity   *identity,
               gboolean             with_passphrase)
{
  g_autoptr(SillokExport) export = sillok_export_new (vault);
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *own = sillok_vault_get_age_recipient (vault);
  SillokAgeRecipient recipients[2];
  g_autofree char *theirs = NULL;

  sillok_age_recipient_parse (own, &recipients[0], NULL);
  sillok_age_identity_get_recipient (identity, &recipients[1]);
  theirs = sillok_age_recipient_encode (&recipients[1]);
  sillok_export_set_all_sealed (export, TRUE);
  g_assert_true (sillok_export_add_recipient (export, own, &error));
  g_assert_true (sillok_export_add_recipient (export, theirs, &error));
  g_assert_true (sillok_export_set_override_k (export, "two records for a test", &error));
  fx->valid = g_build_filename (fx->dir, "interviews.sillok", NULL);
  report = sillok_export_write (export, fx->valid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fx->valid_b2 = file_b2 (fx->valid);
  g_assert_cmpstr (fx->valid_b2, ==, report->b2);

  /* One byte of the last record's disclosures flipped: B2SUMS fails. */
  {
    g_autoptr(GBytes) tar = decrypt (fx->valid, identity);
    g_autoptr(GPtrArray) entries = tar_entries (tar);
    g_autoptr(GBytes) changed = NULL;
    Entry *e;
    gsize len;
    guint8 *data;

    fx->changed_path = g_strdup_printf ("records/%s/2/disclosures.json", fx->last);
    e = find (entries, fx->changed_path);
    data = g_bytes_unref_to_data (g_steal_pointer (&e->data), &len);
    data[len / 2] ^= 0x01;
    e->data = g_bytes_new_take (data, len);
    changed = tar_make (entries);
    fx->changed = g_build_filename (fx->dir, "changed.sillok", NULL);
    encrypt (fx->changed, changed, recipients, 2);
  }

  /* A digest in the last record's first statement changed, everything
   * signed again but that statement: its signature fails. */
  fx->forged = g_build_filename (fx->dir, "forged.sillok", NULL);
  sillok_verify_fixture_forge (fx->valid, identity, vault, fx->last, 1, recipients, 2, fx->forged);

  /* Variants read as plaintext by the tree's tests. */
  {
    g_autoptr(GBytes) tar = decrypt (fx->valid, identity);
    g_autoptr(GPtrArray) entries = tar_entries (tar);
    g_autoptr(SillokMinisignSecretKey) stranger = sillok_minisign_secret_key_generate ();
    SillokMinisignPublicKey key;
    Entry *e = g_new0 (Entry, 1);
    g_autofree char *id = NULL;
    char *text;

    sillok_minisign_secret_key_get_public (stranger, &key);
    id = sillok_minisign_key_id_to_string (key.keynum);
    text = sillok_minisign_public_key_to_file (&key);
    e->path = g_strdup_printf ("keys/%s.pub", id);
    e->data = g_bytes_new_take (text, strlen (text));
    g_ptr_array_add (entries, e);
    g_ptr_array_sort (entries, compare_entries);
    resign (entries, vault);
    fx->extra_key = tar_make (entries);
  }
  {
    g_autoptr(GBytes) tar = decrypt (fx->valid, identity);
    g_autoptr(GPtrArray) entries = tar_entries (tar);
    g_autofree char *path = g_strdup_printf ("audit/%s.jsonl", fx->last);
    Entry *e = find (entries, path);
    gsize len;
    char *text = g_bytes_unref_to_data (g_steal_pointer (&e->data), &len);
    char *detail = g_strstr_len (text, len, "\"detail\":\"");

    g_assert_nonnull (detail);
    detail[strlen ("\"detail\":\"")] ^= 0x01;
    e->data = g_bytes_new_take (text, len);
    resign (entries, vault);
    fx->broken_audit = tar_make (entries);
  }

  if (with_passphrase)
    {
      g_autoptr(SillokExport) pass_export = sillok_export_new (vault);
      g_autoptr(SillokExportReport) pass_report = NULL;
      g_autoptr(SillokSecret) secret = sillok_secret_new_from_string (VERIFY_BUNDLE_PASSPHRASE);

      sillok_export_set_all_sealed (pass_export, TRUE);
      sillok_export_set_passphrase (pass_export, secret);
      g_assert_true (sillok_export_set_override_k (pass_export, "two records for a test", &error));
      fx->passphrase = g_build_filename (fx->dir, "passphrase.sillok", NULL);
      pass_report = sillok_export_write (pass_export, fx->passphrase, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
write_keys (SillokVerifyFixture *fx,
            SillokVault         *vault,
            SillokAgeIdentity   *identity)
{
  g_autoptr(SillokSecret) encoded = sillok_age_identity_encode (identity);
  g_autoptr(GError) error = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *text = NULL;
  SillokMinisignPublicKey key;

  fx->identity = g_build_filename (fx->dir, "legal-team.agekey", NULL);
  text = g_strdup_printf ("# a legal team's key\n%s\n", sillok_secret_get_string (encoded));
  g_assert_true (sillok_fs_replace (fx->identity, text, strlen (text), 0600, NULL, &error));
  g_assert_no_error (error);
  sodium_memzero (text, strlen (text));

  fx->trust_dir = g_build_filename (fx->dir, "trusted", NULL);
  g_assert_cmpint (g_mkdir (fx->trust_dir, 0700), ==, 0);
  sillok_vault_get_public_key (vault, &key);
  pub = sillok_minisign_public_key_to_file (&key);
  pub_path = g_strdup_printf ("%s/%s.pub", fx->trust_dir, fx->key_id);
  g_assert_true (g_file_set_contents (pub_path, pub, -1, &error));
}

SillokVerifyFixture *
sillok_verify_fixture_new (gboolean with_passphrase)
{
  g_autoptr(SillokVerifyFixture) fx = g_new0 (SillokVerifyFixture, 1);
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (TEST_PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokTemplate) template = sillok_template_find_installed ("forced-labour", 0, &error);
  g_autoptr(SillokVault) vault = NULL;
  g_autoptr(SillokAgeIdentity) identity = sillok_age_identity_generate ();
  g_autoptr(GInputStream) in = NULL;
  static const char *const values[] = { "consent.given=true", "consent.share_coordinators=true",
                                        "consent.share_legal=true", "interview.date=2026-03-14", NULL };
  static const char *const amended[] = { "interviewee.sex=female", NULL };
  static const char attachment[] = "a sketch of the mine\n";
  char *a, *b;

  g_assert_no_error (error);
  fx->dir = g_dir_make_tmp ("sillok-verify-XXXXXX", &error);
  g_assert_no_error (error);
  fx->vault = g_build_filename (fx->dir, "vault", NULL);
  vault = sillok_vault_new (fx->vault);
  g_assert_true (sillok_vault_create (vault, TEST_NAME, pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  fx->key_id = sillok_vault_get_key_id (vault);

  a = new_record (vault, template, values);
  b = new_record (vault, template, values);
  fx->first = strcmp (a, b) < 0 ? a : b;
  fx->last = strcmp (a, b) < 0 ? b : a;
  in = g_memory_input_stream_new_from_data (attachment, strlen (attachment), NULL);
  g_assert_true (sillok_record_attach (vault, fx->last, in, "광산 지도.txt", "text/plain", "open", NULL, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_true (sillok_record_seal (vault, fx->first, &error));
  g_assert_true (sillok_record_seal (vault, fx->last, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sillok_record_amend (vault, fx->last, "a correction", &error), ==, 2);
  g_assert_true (sillok_record_set_texts (vault, fx->last, amended, &error));
  g_assert_true (sillok_record_seal (vault, fx->last, &error));
  g_assert_no_error (error);

  write_keys (fx, vault, identity);
  write_bundles (fx, vault, identity, with_passphrase);
  return g_steal_pointer (&fx);
}

void
sillok_verify_fixture_free (SillokVerifyFixture *fx)
{
  if (fx == NULL)
    return;
  if (fx->dir != NULL)
    sillok_fs_remove_tree (fx->dir, NULL);
  g_free (fx->dir);
  g_free (fx->vault);
  g_free (fx->key_id);
  g_free (fx->first);
  g_free (fx->last);
  g_free (fx->valid);
  g_free (fx->valid_b2);
  g_free (fx->changed);
  g_free (fx->changed_path);
  g_free (fx->forged);
  g_free (fx->passphrase);
  g_free (fx->identity);
  g_free (fx->trust_dir);
  g_clear_pointer (&fx->extra_key, g_bytes_unref);
  g_clear_pointer (&fx->broken_audit, g_bytes_unref);
  g_free (fx);
}
