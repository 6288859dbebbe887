/* sillok-archive.c: importing verified bundles into the archive
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-archive.h"
#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-template.h"
#include "sillok-archive-private.h"
#include "sillok-blob.h"
#include "sillok-pipe.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"

/* Attachment plaintext read ahead of the blob store: 1 MiB of guarded
 * memory in blocks of four blob chunks. */
#define READ_AHEAD_BLOCKS 4
#define READ_AHEAD_BLOCK  (4 * SILLOK_BLOB_CHUNK_BYTES)

typedef struct
{
  char   *record;
  guint   version;
  GBytes *statement;
  GBytes *signature;
  GStrv   disclosures;
} PendingVersion;

typedef struct
{
  char   *record;
  GBytes *chain;
  GBytes *times;
} PendingAudit;

struct _SillokArchiveImport
{
  SillokVault *vault;
  gboolean     committed;
  char        *bundle;
  char        *b2;
  char        *exporter;
  char        *profile;
  char        *created;
  GBytes      *manifest;
  GBytes      *manifest_signature;
  GPtrArray   *blobs;       /* SillokBlob stored by this import */
  GHashTable  *keys;        /* key id → base64 */
  GPtrArray   *templates;   /* GBytes */
  GPtrArray   *versions;    /* PendingVersion */
  GPtrArray   *audits;      /* PendingAudit */
};

G_DEFINE_QUARK (sillok-archive-error-quark, sillok_archive_error)

static void
pending_version_free (PendingVersion *v)
{
  g_free (v->record);
  g_bytes_unref (v->statement);
  g_bytes_unref (v->signature);
  g_strfreev (v->disclosures);
  g_free (v);
}

static void
pending_audit_free (PendingAudit *a)
{
  g_free (a->record);
  g_bytes_unref (a->chain);
  g_clear_pointer (&a->times, g_bytes_unref);
  g_free (a);
}

SillokArchiveImport *
sillok_archive_import_new (SillokVault *vault)
{
  SillokArchiveImport *import = g_new0 (SillokArchiveImport, 1);

  import->vault = g_object_ref (vault);
  import->blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_blob_free);
  import->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  import->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_version_free);
  import->audits = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_audit_free);
  return import;
}

void
sillok_archive_import_free (SillokArchiveImport *import)
{
  if (import == NULL)
    return;
  if (!import->committed)
    for (guint i = 0; i < import->blobs->len; i++)
      sillok_blob_delete (import->vault, ((SillokBlob *) import->blobs->pdata[i])->name, NULL);
  g_ptr_array_unref (import->blobs);
  g_hash_table_unref (import->keys);
  g_ptr_array_unref (import->templates);
  g_ptr_array_unref (import->versions);
  g_ptr_array_unref (import->audits);
  g_free (import->bundle);
  g_free (import->b2);
  g_free (import->exporter);
  g_free (import->profile);
  g_free (import->created);
  g_clear_pointer (&import->manifest, g_bytes_unref);
  g_clear_pointer (&import->manifest_signature, g_bytes_unref);
  g_object_unref (import->vault);
  g_free (import);
}

void
sillok_import_result_free (SillokImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->bundle);
  g_strfreev (result->conflicting);
  g_free (result);
}

static gboolean
attachment_known (SillokArchiveImport *import,
                  const char          *b2)
{
  sqlite3 *db = sillok_vault_get_db (import->vault, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (guint i = 0; i < import->blobs->len; i++)
    if (g_strcmp0 (((SillokBlob *) import->blobs->pdata[i])->b2, b2) == 0)
      return TRUE;
  if (db == NULL || sqlite3_prepare_v2 (db, "SELECT 1 FROM archive_attachments WHERE b2 = ?", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, b2, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
drain (GInputStream  *input,
       GCancellable  *cancellable,
       GError       **error)
{
  guint8 buf[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (input, buf, sizeof buf, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return TRUE;
    }
}

/* Stores the attachment unless the archive has it; with @reader_checks the
 * bundle reader hashes the same bytes and fails the bundle unless they hash
 * to @b2, so the blob store does not hash them again. */
static gboolean
add_attachment (SillokArchiveImport *import,
                const char          *b2,
                GInputStream        *input,
                gboolean             reader_checks,
                SillokProgressFunc   progress,
                gpointer             progress_data,
                GCancellable        *cancellable,
                GError             **error)
{
  SillokBlob *blob;

  g_return_val_if_fail (import != NULL && b2 != NULL && G_IS_INPUT_STREAM (input), FALSE);

  if (attachment_known (import, b2))
    return drain (input, cancellable, error);
  if (reader_checks)
    {
      /* The reader decrypts, parses and hashes on a thread of its own while
       * this one encrypts and writes the blob. */
      g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (input, READ_AHEAD_BLOCKS, READ_AHEAD_BLOCK,
                                                                  cancellable);

      blob = sillok_blob_store_hashed (import->vault, ahead, b2, cancellable, error);
    }
  else
    blob = sillok_blob_store (import->vault, input, progress, progress_data, cancellable, error);
  if (blob == NULL)
    return FALSE;
  g_ptr_array_add (import->blobs, blob);
  if (g_strcmp0 (blob->b2, b2) != 0)
    {
      g_set_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_INVALID,
                   _("Attachment %.16s… does not hash to its name"), b2);
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_archive_import_add_attachment (SillokArchiveImport *import,
                                      const char          *b2,
                                      GInputStream        *input,
                                      SillokProgressFunc   progress,
                                      gpointer             progress_data,
                                      GCancellable        *cancellable,
                                      GError             **error)
{
  return add_attachment (import, b2, input, FALSE, progress, progress_data, cancellable, error);
}

gboolean
sillok_archive_import_add_read_attachment (SillokArchiveImport  *import,
                                           const char           *b2,
                                           GInputStream         *input,
                                           GCancellable         *cancellable,
                                           GError              **error)
{
  return add_attachment (import, b2, input, TRUE, NULL, NULL, cancellable, error);
}

void
sillok_archive_import_set_bundle (SillokArchiveImport       *import,
                                  const SillokArchiveBundle *bundle)
{
  g_free (import->bundle);
  g_free (import->b2);
  g_free (import->exporter);
  g_free (import->profile);
  g_free (import->created);
  g_clear_pointer (&import->manifest, g_bytes_unref);
  g_clear_pointer (&import->manifest_signature, g_bytes_unref);
  import->bundle = g_strdup (bundle->bundle);
  import->b2 = g_strdup (bundle->b2);
  import->exporter = g_strdup (bundle->exporter);
  import->profile = g_strdup (bundle->profile);
  import->created = g_strdup (bundle->created);
  import->manifest = g_bytes_ref (bundle->manifest);
  import->manifest_signature = g_bytes_ref (bundle->manifest_signature);
}

void
sillok_archive_import_add_key (SillokArchiveImport *import,
                               const char          *key_id,
                               const char          *public_key)
{
  g_hash_table_replace (import->keys, g_strdup (key_id), g_strdup (public_key));
}

void
sillok_archive_import_add_template (SillokArchiveImport *import,
                                    GBytes              *canonical)
{
  g_ptr_array_add (import->templates, g_bytes_ref (canonical));
}

void
sillok_archive_import_add_version (SillokArchiveImport *import,
                                   const char          *record,
                                   guint                version,
                                   GBytes              *statement,
                                   GBytes              *signature,
                                   const char *const   *disclosures)
{
  PendingVersion *v = g_new0 (PendingVersion, 1);

  v->record = g_strdup (record);
  v->version = version;
  v->statement = g_bytes_ref (statement);
  v->signature = g_bytes_ref (signature);
  v->disclosures = g_strdupv ((GStrv) disclosures);
  g_ptr_array_add (import->versions, v);
}

void
sillok_archive_import_add_audit (SillokArchiveImport *import,
                                 const char          *record,
                                 GBytes              *chain,
                                 GBytes              *times)
{
  PendingAudit *a = g_new0 (PendingAudit, 1);

  a->record = g_strdup (record);
  a->chain = g_bytes_ref (chain);
  a->times = times != NULL ? g_bytes_ref (times) : NULL;
  g_ptr_array_add (import->audits, a);
}

/* Runs @sql binding each argument by its type letter: t text, b GBytes,
 * i guint, l gint64, n NULL. */
static gboolean
run (sqlite3     *db,
     const char  *sql,
     const char  *types,
     GError     **error,
     ...)
{
  g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, sql, error);
  va_list args;
  int rc;

  if (stmt == NULL)
    return FALSE;
  va_start (args, error);
  for (int i = 0; types[i] != '\0'; i++)
    switch (types[i])
      {
      case 't':
        sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
        break;
      case 'b':
        {
          GBytes *b = va_arg (args, GBytes *);
          if (b == NULL)
            sqlite3_bind_null (stmt, i + 1);
          else
            sqlite3_bind_blob (stmt, i + 1, g_bytes_get_data (b, NULL), g_bytes_get_size (b), SQLITE_TRANSIENT);
          break;
        }
      case 'i':
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, guint));
        break;
      case 'l':
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
        break;
      case 'n':
        sqlite3_bind_null (stmt, i + 1);
        break;
      default:
        g_assert_not_reached ();
      }
  va_end (args);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      sillok_db_set_error (error, db, rc, _("Importing into the archive"));
      return FALSE;
    }
  return TRUE;
}

/* Members of a verified statement. */
typedef struct
{
  char  digest[65];
  char *signer;
  char *template;
  char *supersedes;
} Statement;

static void
statement_clear (Statement *s)
{
  g_clear_pointer (&s->signer, g_free);
  g_clear_pointer (&s->template, g_free);
  g_clear_pointer (&s->supersedes, g_free);
}

static gboolean
read_statement (GBytes     *bytes,
                Statement  *out,
                GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  JsonNode *supersedes;
  guint8 hash[32];

  root = sillok_jcs_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL,
                           SILLOK_JSON_PARSE_INTEGERS_ONLY, error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_INVALID, _("A statement is not JSON"));
      return FALSE;
    }
  o = json_node_get_object (root);
  crypto_generichash (hash, sizeof hash, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, 0);
  sodium_bin2hex (out->digest, sizeof out->digest, hash, sizeof hash);
  out->signer = g_strdup (json_object_get_string_member_with_default (o, "signer", NULL));
  out->template = g_strdup (json_object_get_string_member_with_default (o, "template", NULL));
  supersedes = json_object_get_member (o, "supersedes");
  out->supersedes = supersedes != NULL && JSON_NODE_HOLDS_VALUE (supersedes) ? g_strdup (json_node_get_string (supersedes))
                                                                             : NULL;
  if (out->signer == NULL || out->template == NULL)
    {
      g_set_error_literal (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_INVALID,
                           _("A statement lacks its signer or template"));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
disclosures_json (const char *const *disclosures)
{
  JsonArray *array = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_ARRAY);
  char *text;
  gsize len = 0;

  for (guint i = 0; disclosures != NULL && disclosures[i] != NULL; i++)
    json_array_add_string_element (array, disclosures[i]);
  json_node_take_array (root, array);
  text = sillok_jcs_serialize (root, &len, NULL);
  json_node_unref (root);
  return g_bytes_new_take (text, len);
}

static gboolean
store_values (sqlite3            *db,
              const char         *record,
              guint               version,
              const char *const  *disclosures,
              GError            **error)
{
  for (guint i = 0; disclosures != NULL && disclosures[i] != NULL; i++)
    {
      g_autoptr(SillokDisclosure) d = sillok_disclosure_parse (disclosures[i], strlen (disclosures[i]), error);

      if (d == NULL
          || !run (db, "INSERT OR IGNORE INTO archive_values (record, version, name, value) VALUES (?, ?, ?, ?)",
                   "titt", error, record, version, sillok_disclosure_get_name (d),
                   sillok_disclosure_get_value_json (d)))
        return FALSE;
    }
  return TRUE;
}

/* The disclosures already kept for (record, version), and its digest; FALSE when absent. */
static gboolean
existing_version (sqlite3    *db,
                  const char *record,
                  guint       version,
                  char      **digest,
                  GStrv      *disclosures)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (sqlite3_prepare_v2 (db, "SELECT digest, disclosures FROM archive_versions WHERE record = ? AND version = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *digest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  root = sillok_jcs_parse (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), NULL, 0, NULL);
  for (guint i = 0; root != NULL && JSON_NODE_HOLDS_ARRAY (root) && i < json_array_get_length (json_node_get_array (root)); i++)
    g_strv_builder_add (builder, json_array_get_string_element (json_node_get_array (root), i));
  *disclosures = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
import_version (SillokArchiveImport *import,
                sqlite3             *db,
                PendingVersion      *v,
                SillokImportResult  *result,
                GPtrArray           *conflicts,
                GError             **error)
{
  Statement s = { { 0 } };
  g_autofree char *digest = NULL;
  g_auto(GStrv) kept = NULL;
  gboolean ok = FALSE;

  if (!read_statement (v->statement, &s, error))
    goto out;

  if (!existing_version (db, v->record, v->version, &digest, &kept))
    {
      g_autoptr(GBytes) all = disclosures_json ((const char *const *) v->disclosures);

      ok = run (db, "INSERT INTO archive_versions (record, version, digest, statement, signature, signer, template, "
                    "supersedes, disclosures, complete, bundle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                "titbbtttbt", error, v->record, v->version, s.digest, v->statement, v->signature, s.signer,
                s.template, s.supersedes, all, import->bundle)
           && store_values (db, v->record, v->version, (const char *const *) v->disclosures, error);
      result->added++;
    }
  else if (g_strcmp0 (digest, s.digest) == 0)
    {
      /* The same statement again: keep every disclosure either bundle carried. */
      g_autoptr(GStrvBuilder) merged = g_strv_builder_new ();
      g_auto(GStrv) all_strv = NULL;
      g_autoptr(GBytes) all = NULL;

      g_strv_builder_addv (merged, (const char **) kept);
      for (guint i = 0; v->disclosures[i] != NULL; i++)
        if (!g_strv_contains ((const char *const *) kept, v->disclosures[i]))
          g_strv_builder_add (merged, v->disclosures[i]);
      all_strv = g_strv_builder_end (merged);
      all = disclosures_json ((const char *const *) all_strv);
      ok = run (db, "UPDATE archive_versions SET disclosures = ? WHERE record = ? AND version = ?", "bti", error,
                all, v->record, v->version)
           && store_values (db, v->record, v->version, (const char *const *) v->disclosures, error);
      result->present++;
    }
  else
    {
      g_autoptr(GBytes) all = disclosures_json ((const char *const *) v->disclosures);

      ok = run (db, "INSERT OR IGNORE INTO archive_conflicts (record, version, digest, statement, signature, "
                    "disclosures, bundle) VALUES (?, ?, ?, ?, ?, ?, ?)",
                "titbbbt", error, v->record, v->version, s.digest, v->statement, v->signature, all, import->bundle);
      result->conflicts++;
      g_ptr_array_add (conflicts, g_strdup_printf ("%s version %u", v->record, v->version));
      goto out;
    }
  ok = ok && run (db, "INSERT OR IGNORE INTO archive_sources (record, version, bundle) VALUES (?, ?, ?)", "tit",
                  error, v->record, v->version, import->bundle);

out:
  statement_clear (&s);
  return ok;
}

/* Marks versions whose predecessor is now present as complete; counts
 * those this import completed and those of this bundle still waiting. */
static gboolean
update_completeness (SillokArchiveImport *import,
                     sqlite3             *db,
                     SillokImportResult  *result,
                     GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sillok_db_prepare (db, "SELECT v.record, v.version, v.complete, "
                                "(v.version = 1 AND v.supersedes IS NULL) OR EXISTS (SELECT 1 FROM archive_versions p "
                                "  WHERE p.record = v.record AND p.version = v.version - 1 AND p.digest = v.supersedes), "
                                "EXISTS (SELECT 1 FROM archive_sources s WHERE s.record = v.record "
                                "  AND s.version = v.version AND s.bundle = ?1) "
                                "FROM archive_versions v "
                                /* Only this bundle's records can change: the
                                 * work grows with the bundle, not the archive. */
                                "WHERE v.record IN (SELECT record FROM archive_sources WHERE bundle = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, import->bundle, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *record = (const char *) sqlite3_column_text (stmt, 0);
      guint version = sqlite3_column_int (stmt, 1);
      gboolean was = sqlite3_column_int (stmt, 2), now = sqlite3_column_int (stmt, 3);
      gboolean ours = sqlite3_column_int (stmt, 4);

      if (now && !was)
        {
          if (!run (db, "UPDATE archive_versions SET complete = 1 WHERE record = ? AND version = ?", "ti", error,
                    record, version))
            return FALSE;
          if (!ours)
            result->completed++;
        }
      if (!now && ours)
        result->incomplete++;
    }
  return TRUE;
}

/* The manifest of the bundle imported before under @bundle's UUID, or NULL. */
static GBytes *
known_manifest (sqlite3    *db,
                const char *bundle)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT manifest FROM archive_bundles WHERE bundle = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, bundle, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

/* The public key the archive holds under @key_id, or NULL. */
static char *
known_key (sqlite3    *db,
           const char *key_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT public_key FROM archive_keys WHERE key_id = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
write_all (SillokArchiveImport *import,
           sqlite3             *db,
           SillokImportResult  *result,
           GPtrArray           *conflicts,
           GError             **error)
{
  g_autofree char *now = sillok_now_rfc3339 ();
  GHashTableIter iter;
  gpointer key, value;

  if (!run (db, "INSERT INTO archive_bundles (bundle, b2, exporter, profile, created, imported_at, manifest, "
                "manifest_signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ttttttbb", error,
            import->bundle, import->b2, import->exporter, import->profile, import->created, now,
            import->manifest, import->manifest_signature))
    return FALSE;

  g_hash_table_iter_init (&iter, import->keys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *known = known_key (db, key);

      /* Statements are archived by key id: a second key under an id would
       * make every later check of them ambiguous. */
      if (known != NULL && strcmp (known, value) != 0)
        {
          g_set_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_KEY_TAKEN,
                       _("The bundle carries a public key under id %s, which the archive holds with another key: "
                         "nothing of it was imported"), (const char *) key);
          return FALSE;
        }
      if (known == NULL
          && !run (db, "INSERT INTO archive_keys (key_id, public_key) VALUES (?, ?)", "tt", error, key, value))
        return FALSE;
    }

  for (guint i = 0; i < import->templates->len; i++)
    {
      GBytes *body = import->templates->pdata[i];
      g_autoptr(SillokTemplate) t = sillok_template_new_from_data (g_bytes_get_data (body, NULL),
                                                                   g_bytes_get_size (body), error);
      if (t == NULL || !sillok_record_store_template (db, t, error))
        return FALSE;
    }

  for (guint i = 0; i < import->versions->len; i++)
    if (!import_version (import, db, import->versions->pdata[i], result, conflicts, error))
      return FALSE;

  for (guint i = 0; i < import->blobs->len; i++)
    {
      SillokBlob *blob = import->blobs->pdata[i];
      g_autoptr(GBytes) key_bytes = g_bytes_new (sillok_secret_get_data (blob->key),
                                                 sillok_secret_get_length (blob->key));

      if (!run (db, "INSERT INTO archive_attachments (b2, blob, key, size) VALUES (?, ?, ?, ?)", "ttbl", error,
                blob->b2, blob->name, key_bytes, (gint64) blob->size))
        return FALSE;
      result->attachments++;
    }

  for (guint i = 0; i < import->audits->len; i++)
    {
      PendingAudit *a = import->audits->pdata[i];

      if (!run (db, "INSERT OR REPLACE INTO archive_audit (record, bundle, chain, times) VALUES (?, ?, ?, ?)", "ttbb",
                error, a->record, import->bundle, a->chain, a->times))
        return FALSE;
    }
  return update_completeness (import, db, result, error);
}

SillokImportResult *
sillok_archive_import_commit (SillokArchiveImport  *import,
                              GError              **error)
{
  sqlite3 *db = sillok_vault_get_db (import->vault, error);
  g_autoptr(SillokImportResult) result = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) known = NULL;

  g_return_val_if_fail (!import->committed, NULL);
  if (db == NULL)
    return NULL;
  if (import->bundle == NULL || import->manifest == NULL)
    {
      g_set_error_literal (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_INVALID,
                           _("The import has no manifest"));
      return NULL;
    }

  result = g_new0 (SillokImportResult, 1);
  result->bundle = g_strdup (import->bundle);
  if (!sillok_db_begin (db, error))
    return NULL;
  known = known_manifest (db, import->bundle);
  /* The same signed manifest is the same bundle, however it was encrypted
   * (its manifest names the B2SUMS of every file); another manifest under
   * a known UUID is another bundle, and takes nothing of the archive. */
  if (known != NULL && g_bytes_equal (known, import->manifest))
    {
      sillok_db_rollback (db);
      result->already_imported = TRUE;
      result->conflicting = g_new0 (char *, 1);
      return g_steal_pointer (&result);
    }
  if (known != NULL)
    {
      sillok_db_rollback (db);
      g_set_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_ID_TAKEN,
                   _("Bundle %s was imported before with another manifest: this is a different bundle reusing "
                     "its id, and nothing of it was imported"), import->bundle);
      return NULL;
    }
  if (!write_all (import, db, result, conflicts, error) || !sillok_db_commit (db, error))
    {
      sillok_db_rollback (db);
      return NULL;
    }
  import->committed = TRUE;
  g_ptr_array_add (conflicts, NULL);
  result->conflicting = (GStrv) g_ptr_array_free (g_steal_pointer (&conflicts), FALSE);
  return g_steal_pointer (&result);
}

/* TRUE when @sql, given (?1 record, ?2 version, ?3 digest), finds a row. */
static gboolean
version_query (SillokVault *vault,
               const char  *sql,
               const char  *record,
               guint        version,
               const char  *digest)
{
  sqlite3 *db = sillok_vault_get_db (vault, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (db == NULL || sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, digest, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
sillok_archive_has_other_version (SillokVault *vault,
                                  const char  *record,
                                  guint        version,
                                  const char  *digest)
{
  return version_query (vault, "SELECT 1 FROM archive_versions WHERE record = ?1 AND version = ?2 AND digest != ?3 "
                               "AND NOT EXISTS (SELECT 1 FROM archive_conflicts c WHERE c.record = ?1 "
                               "AND c.version = ?2 AND c.digest = ?3)", record, version, digest);
}

gboolean
sillok_archive_has_other_successor (SillokVault *vault,
                                    const char  *record,
                                    guint        version,
                                    const char  *digest)
{
  return version_query (vault, "SELECT 1 FROM archive_versions WHERE record = ?1 AND version = ?2 + 1 "
                               "AND supersedes != ?3 AND NOT EXISTS (SELECT 1 FROM archive_versions p "
                               "WHERE p.record = ?1 AND p.version = ?2)", record, version, digest);
}

gboolean
sillok_archive_has_version (SillokVault *vault,
                            const char  *record,
                            guint        version,
                            const char  *digest)
{
  return version_query (vault, "SELECT 1 FROM archive_versions WHERE record = ?1 AND version = ?2 AND digest = ?3",
                        record, version, digest);
}
