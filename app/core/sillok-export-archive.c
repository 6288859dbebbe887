/* sillok-export-archive.c: exporting from the archive — the interviewers' statements and signatures verbatim
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-archive.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-seal.h"
#include "sillok-archive-private.h"
#include "sillok-bundle-reader-private.h"
#include "sillok-export-private.h"
#include "sillok-vault-private.h"

#define ATTACHMENT_PREFIX  "$attachment["
#define CONSENT_PREFIX     "consent."

static void
archived_free (SillokExportArchived *v)
{
  if (v == NULL)
    return;
  g_free (v->digest);
  g_free (v->signer);
  g_clear_pointer (&v->template, sillok_template_unref);
  g_clear_pointer (&v->statement, g_bytes_unref);
  g_clear_pointer (&v->signature, g_bytes_unref);
  g_clear_pointer (&v->held, g_ptr_array_unref);
  g_clear_pointer (&v->carried, g_ptr_array_unref);
  g_free (v);
}

static SillokExportArchived *
latest_of (SillokExportItem *item)
{
  return item->archived->pdata[item->archived->len - 1];
}

static gboolean G_GNUC_PRINTF (2, 3)
incomplete (GError    **error,
            const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INCOMPLETE, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
damaged (GError     **error,
         const char  *uuid,
         guint        version,
         const char  *what)
{
  g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED, _("Archived record %s version %u: %s"), uuid,
               version, what);
  return FALSE;
}

GPtrArray *
sillok_export_archive_uuids (SillokVault  *vault,
                             GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT DISTINCT record FROM archive_versions ORDER BY record", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return g_steal_pointer (&uuids);
}

/* The disclosure strings the archive holds for a version, parsed through
 * guarded memory. */
static GPtrArray *
held_disclosures (const char   *uuid,
                  guint         version,
                  const void   *data,
                  gsize         len,
                  GError      **error)
{
  g_autoptr(SillokSecret) copy = sillok_secret_new_from_data (data, len);
  g_autoptr(SillokSecret) storage = NULL;
  g_autofree char **strings = sillok_bundle_parse_strings (copy, &storage);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_disclosure_free);

  if (strings == NULL)
    {
      damaged (error, uuid, version, _("the disclosures the archive holds are not a list of disclosures"));
      return NULL;
    }
  for (guint i = 0; strings[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      SillokDisclosure *d = sillok_disclosure_parse (strings[i], strlen (strings[i]), &local_error);

      if (d == NULL)
        {
          damaged (error, uuid, version, local_error->message);
          return NULL;
        }
      g_ptr_array_add (held, d);
    }
  return g_steal_pointer (&held);
}

/* Whether only anonymized bundles brought the version: then each of its
 * attachments the archive holds a disclosure of was marked open (an
 * anonymized export carries no other).  A legal bundle carries them all,
 * and the archive does not know which of those were open. */
static gboolean
brought_open_only (sqlite3    *db,
                   const char *uuid,
                   guint       version)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT NOT EXISTS (SELECT 1 FROM archive_sources s JOIN archive_bundles b "
                              "ON b.bundle = s.bundle WHERE s.record = ? AND s.version = ? AND b.profile <> ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, SILLOK_BUNDLE_PROFILE_ANONYMIZED, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
}

static GStrv
source_bundles (sqlite3     *db,
                const char  *uuid,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) bundles = g_strv_builder_new ();

  stmt = sillok_db_prepare (db, "SELECT DISTINCT bundle FROM archive_sources WHERE record = ? ORDER BY bundle", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (bundles, (const char *) sqlite3_column_text (stmt, 0));
  return g_strv_builder_end (bundles);
}

/* A record whose versions disagree cannot travel: which one would the
 * legal team receive? */
static gboolean
check_no_conflict (sqlite3     *db,
                   const char  *uuid,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sillok_db_prepare (db, "SELECT min (version) FROM archive_conflicts WHERE record = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    return incomplete (error, _("Record %s cannot be exported: the archive received two different statements of its "
                                "version %u (see archive conflicts)"), uuid, (guint) sqlite3_column_int (stmt, 0));
  return TRUE;
}

SillokExportItem *
sillok_export_archive_load (const SillokExportRequest  *req,
                            const char                *uuid,
                            GError                   **error)
{
  sqlite3 *db = sillok_vault_get_db (req->vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SillokExportItem) item = NULL;

  if (db == NULL || !check_no_conflict (db, uuid, error))
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT version, digest, statement, signature, signer, template, disclosures, complete "
                                "FROM archive_versions WHERE record = ? ORDER BY version", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);

  item = g_new0 (SillokExportItem, 1);
  item->uuid = g_strdup (uuid);
  item->archived = g_ptr_array_new_with_free_func ((GDestroyNotify) archived_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint version = sqlite3_column_int (stmt, 0);
      guint expected = item->archived->len + 1;
      SillokExportArchived *v;

      if (version != expected || !sqlite3_column_int (stmt, 7))
        {
          incomplete (error, _("Record %s cannot be exported whole: the archive lacks its version %u "
                               "(import the bundle that carries it first)"), uuid,
                      version != expected ? expected : version - 1);
          return NULL;
        }
      v = g_new0 (SillokExportArchived, 1);
      g_ptr_array_add (item->archived, v);
      v->version = version;
      v->digest = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      v->statement = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
      v->signature = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      v->signer = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      v->template = sillok_record_template (db, (const char *) sqlite3_column_text (stmt, 5), error);
      if (v->template == NULL)
        return NULL;
      v->held = held_disclosures (uuid, version, sqlite3_column_blob (stmt, 6), sqlite3_column_bytes (stmt, 6), error);
      if (v->held == NULL)
        return NULL;
      v->open_only = brought_open_only (db, uuid, version);
    }
  if (item->archived->len == 0)
    {
      g_set_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_NOT_FOUND, _("The archive has no record %s"),
                   uuid);
      return NULL;
    }
  item->bundles = source_bundles (db, uuid, error);
  if (item->bundles == NULL)
    return NULL;
  return g_steal_pointer (&item);
}

char *
sillok_export_archive_consent (SillokExportProfile  profile,
                               SillokExportItem    *item)
{
  SillokExportArchived *latest = latest_of (item);
  const char *field = sillok_export_consent_field (profile) + strlen (CONSENT_PREFIX);

  /* $consent lists the consent fields the witness answered yes to, as
   * sealed in the latest version the archive has. */
  for (guint i = 0; i < latest->held->len; i++)
    {
      SillokDisclosure *d = latest->held->pdata[i];
      g_autoptr(JsonNode) value = NULL;
      JsonArray *granted;

      if (strcmp (sillok_disclosure_get_name (d), "$consent") != 0)
        continue;
      value = sillok_disclosure_dup_value (d);
      if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
        break;
      granted = json_node_get_array (value);
      for (guint g = 0; g < json_array_get_length (granted); g++)
        {
          JsonNode *e = json_array_get_element (granted, g);

          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
              && strcmp (json_node_get_string (e), field) == 0)
            return NULL;
        }
      return g_strdup (sillok_export_consent_missing (profile));
    }
  return g_strdup_printf (_("the archive holds no consent of the witness for version %u"), latest->version);
}

static gboolean
open_only (guint    n,
           gpointer data)
{
  return ((SillokExportArchived *) data)->open_only;
}

/* The b2 and size an "$attachment[N]" disclosure names, or FALSE. */
static gboolean
attachment_of (SillokDisclosure *d,
               char             *b2,
               gint64           *size)
{
  g_autoptr(JsonNode) value = sillok_disclosure_dup_value (d);
  JsonObject *o;
  const char *hex;

  if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
    return FALSE;
  o = json_node_get_object (value);
  hex = json_object_get_string_member_with_default (o, "b2", NULL);
  if (hex == NULL || !sillok_bundle_is_hex (hex, SILLOK_BUNDLE_B2_HEX_LENGTH))
    return FALSE;
  memcpy (b2, hex, SILLOK_BUNDLE_B2_HEX_LENGTH + 1);
  *size = json_object_get_int_member_with_default (o, "size", -1);
  return *size >= 0;
}

/* The archive's blob of the attachment @d discloses, or NULL when it does
 * not hold those bytes. */
static SillokBlob *
archive_blob (sqlite3          *db,
              SillokDisclosure *d)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SillokSecret) key = NULL;
  char b2[SILLOK_BUNDLE_B2_HEX_LENGTH + 1];
  gint64 size;

  if (!attachment_of (d, b2, &size)
      || sqlite3_prepare_v2 (db, "SELECT blob, key, size FROM archive_attachments WHERE b2 = ?", -1, &stmt, NULL)
         != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, b2, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int64 (stmt, 2) != size
      || sqlite3_column_bytes (stmt, 1) != SILLOK_BLOB_KEY_BYTES)
    return NULL;
  key = sillok_secret_new_from_data (sqlite3_column_blob (stmt, 1), SILLOK_BLOB_KEY_BYTES);
  return sillok_blob_new ((const char *) sqlite3_column_text (stmt, 0), key, size, b2);
}

static gboolean
is_attachment (SillokDisclosure *d)
{
  return g_str_has_prefix (sillok_disclosure_get_name (d), ATTACHMENT_PREFIX);
}


/* Of the chains the bundles brought, the longest (each export of a record
 * extends its chain), the most recently imported among equals; for the
 * legal profile only those whose times came too. */
static gboolean
select_chain (sqlite3             *db,
              SillokExportProfile  profile,
              SillokExportItem    *item,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean legal = profile == SILLOK_EXPORT_PROFILE_LEGAL;
  guint best = 0;
  gboolean any = FALSE;

  stmt = sillok_db_prepare (db, "SELECT a.chain, a.times FROM archive_audit a JOIN archive_bundles b "
                                "ON b.bundle = a.bundle WHERE a.record = ? ORDER BY b.rowid DESC", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item->uuid, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) chain = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      guint lines = sillok_archive_chain_length (chain);

      any = TRUE;
      if ((legal && sqlite3_column_type (stmt, 1) == SQLITE_NULL) || lines <= best)
        continue;
      best = lines;
      g_clear_pointer (&item->chain, g_bytes_unref);
      g_clear_pointer (&item->times, sillok_secret_free);
      item->chain = g_steal_pointer (&chain);
      if (legal)
        item->times = sillok_secret_new_from_data (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
    }
  if (item->chain != NULL)
    return TRUE;
  if (any)
    return incomplete (error, _("Record %s cannot be exported with the legal profile: the archive holds no audit "
                                "times for it (it came in anonymized bundles only)"), item->uuid);
  return incomplete (error, _("Record %s cannot be exported whole: the archive holds no audit trail for it"),
                     item->uuid);
}

gboolean
sillok_export_archive_select (const SillokExportRequest  *req,
                              SillokExportItem          *item,
                              GError                   **error)
{
  sqlite3 *db = sillok_vault_get_db (req->vault, error);
  SillokExportArchived *latest;

  if (db == NULL)
    return FALSE;
  latest = latest_of (item);
  for (guint i = 0; i < item->archived->len; i++)
    {
      SillokExportArchived *v = item->archived->pdata[i];

      g_clear_pointer (&v->carried, g_ptr_array_unref);
      v->carried = g_ptr_array_new ();
      /* Like an interviewer's export, the anonymized profile carries the
       * latest version's disclosures only: k-anonymity is measured on them,
       * and an older value could single a witness out. */
      if (req->profile != SILLOK_EXPORT_PROFILE_LEGAL && v != latest)
        continue;
      for (guint d = 0; d < v->held->len; d++)
        {
          SillokDisclosure *disclosure = v->held->pdata[d];
          g_autoptr(SillokBlob) blob = NULL;

          if (!sillok_export_profile_carries_name (req->profile, v->template, sillok_disclosure_get_name (disclosure),
                                                   open_only, v))
            continue;
          /* An attachment disclosed without its bytes would fail the bundle. */
          if (is_attachment (disclosure) && (blob = archive_blob (db, disclosure)) == NULL)
            continue;
          g_ptr_array_add (v->carried, disclosure);
        }
    }
  g_clear_pointer (&item->carried, g_ptr_array_unref);
  item->carried = g_ptr_array_ref (latest->carried);
  item->total = latest->held->len;
  return select_chain (db, req->profile, item, error);
}

/* The public key of @key_id the archive holds. */
static gboolean
archived_key (sqlite3                 *db,
              const char              *key_id,
              SillokMinisignPublicKey *out,
              GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *found = NULL;

  stmt = sillok_db_prepare (db, "SELECT public_key FROM archive_keys WHERE key_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *b64 = (const char *) sqlite3_column_text (stmt, 0);

      if (b64 != NULL && sillok_minisign_public_key_parse_base64 (b64, strlen (b64), out, NULL))
        found = sillok_minisign_key_id_to_string (out->keynum);
    }
  if (g_strcmp0 (found, key_id) != 0)
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_UNKNOWN_SIGNER,
                   _("The archive has no public key for signer %s"), key_id);
      return FALSE;
    }
  return TRUE;
}

/* The statement's digests, NULL-terminated, after checking that it names
 * @uuid, @version, @signer and supersedes @previous. */
static GStrv
statement_digests (const char            *uuid,
                   SillokExportArchived  *v,
                   const char            *previous,
                   GError               **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) digests = g_strv_builder_new ();
  JsonObject *o;
  JsonNode *list, *supersedes;
  const char *linked = NULL;

  root = sillok_jcs_parse (g_bytes_get_data (v->statement, NULL), g_bytes_get_size (v->statement), NULL,
                           SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      damaged (error, uuid, v->version, _("the statement is not a statement"));
      return NULL;
    }
  o = json_node_get_object (root);
  supersedes = json_object_get_member (o, "supersedes");
  if (supersedes != NULL && JSON_NODE_HOLDS_VALUE (supersedes)
      && json_node_get_value_type (supersedes) == G_TYPE_STRING)
    linked = json_node_get_string (supersedes);
  if (g_strcmp0 (json_object_get_string_member_with_default (o, "record", NULL), uuid) != 0
      || json_object_get_int_member_with_default (o, "version", 0) != v->version
      || g_strcmp0 (json_object_get_string_member_with_default (o, "signer", NULL), v->signer) != 0)
    {
      damaged (error, uuid, v->version, _("the statement names another record, version or signer"));
      return NULL;
    }
  if (g_strcmp0 (linked, previous) != 0)
    {
      damaged (error, uuid, v->version, _("it does not supersede the version before it"));
      return NULL;
    }
  list = json_object_get_member (o, "disclosures");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      damaged (error, uuid, v->version, _("the statement is not a statement"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *d = json_array_get_element (json_node_get_array (list), i);

      if (!JSON_NODE_HOLDS_VALUE (d) || json_node_get_value_type (d) != G_TYPE_STRING)
        {
          damaged (error, uuid, v->version, _("the statement is not a statement"));
          return NULL;
        }
      g_strv_builder_add (digests, json_node_get_string (d));
    }
  return g_strv_builder_end (digests);
}

/* What the verifier will check, checked before a byte is written: a
 * bundle never carries what the archive itself would call damaged. */
static gboolean
verify_archived (sqlite3                  *db,
                 const char               *uuid,
                 SillokExportArchived     *v,
                 const char               *previous,
                 SillokMinisignPublicKey  *key,
                 GError                  **error)
{
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) encoded = g_ptr_array_new ();
  g_autoptr(GPtrArray) checked = NULL;
  g_auto(GStrv) digests = NULL;
  g_autofree char *tc = NULL;
  guint undisclosed = 0;
  guint8 hash[32];
  char hex[65];

  if (g_bytes_get_size (v->statement) > SILLOK_BUNDLE_STATEMENT_MAX)
    return damaged (error, uuid, v->version, _("the statement is larger than a bundle allows"));
  crypto_generichash (hash, sizeof hash, g_bytes_get_data (v->statement, NULL), g_bytes_get_size (v->statement), NULL,
                      0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  if (g_strcmp0 (hex, v->digest) != 0)
    return damaged (error, uuid, v->version, _("the statement does not match its recorded digest"));
  digests = statement_digests (uuid, v, previous, error);
  if (digests == NULL)
    return FALSE;
  if (v->signer == NULL || strlen (v->signer) != SILLOK_BUNDLE_KEY_ID_LENGTH)
    return damaged (error, uuid, v->version, _("the statement names no proper signer"));
  if (!archived_key (db, v->signer, key, error))
    return FALSE;
  sig = sillok_minisign_signature_parse (g_bytes_get_data (v->signature, NULL), g_bytes_get_size (v->signature),
                                         &local_error);
  if (sig == NULL || !sillok_minisign_verify (key, sig, g_bytes_get_data (v->statement, NULL),
                                              g_bytes_get_size (v->statement), SILLOK_MINISIGN_VERIFY_DEFAULT,
                                              &local_error))
    {
      g_autofree char *what = g_strdup_printf (_("signature: %s"), local_error->message);
      return damaged (error, uuid, v->version, what);
    }
  tc = sillok_seal_trusted_comment (uuid, v->version);
  if (g_strcmp0 (sig->trusted_comment, tc) != 0)
    return damaged (error, uuid, v->version, _("the signature's trusted comment names another record"));

  for (guint i = 0; i < v->carried->len; i++)
    g_ptr_array_add (encoded, (gpointer) sillok_disclosure_get_encoded (v->carried->pdata[i]));
  g_ptr_array_add (encoded, NULL);
  checked = sillok_disclosure_check_set ((const char *const *) encoded->pdata, (const char *const *) digests,
                                         &undisclosed, &local_error);
  if (checked == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("disclosures: %s"), local_error->message);
      return damaged (error, uuid, v->version, what);
    }
  return TRUE;
}

static void
add_file (GPtrArray        *files,
          GHashTable       *paths,
          SillokExportFile *file)
{
  if (g_hash_table_contains (paths, file->path))
    {
      sillok_export_file_free (file);
      return;
    }
  g_hash_table_add (paths, g_strdup (file->path));
  g_ptr_array_add (files, file);
}

static void
add_bytes (GPtrArray   *files,
           GHashTable  *paths,
           char        *path,
           const void  *data,
           gsize        len,
           gboolean     secret)
{
  g_autofree char *owned = path;

  /* Every name comes from checked data: digests, UUIDs, key ids. */
  g_assert (path != NULL);
  if (!g_hash_table_contains (paths, path))
    add_file (files, paths, sillok_export_file_new (path, data, len, secret));
}

static gboolean
add_version_files (sqlite3               *db,
                   const char            *uuid,
                   SillokExportArchived  *v,
                   SillokMinisignPublicKey *key,
                   GHashTable            *paths,
                   GPtrArray             *files,
                   GError               **error)
{
  GBytes *template = sillok_template_get_canonical (v->template);
  g_autoptr(GPtrArray) encoded = g_ptr_array_new ();
  g_autoptr(SillokSecret) disclosures = NULL;
  g_autofree char *pub = sillok_minisign_public_key_to_file (key);

  for (guint i = 0; i < v->carried->len; i++)
    g_ptr_array_add (encoded, (gpointer) sillok_disclosure_get_encoded (v->carried->pdata[i]));
  disclosures = sillok_export_string_array_secret ((const char *const *) encoded->pdata, encoded->len);
  if (sillok_secret_get_length (disclosures) > SILLOK_BUNDLE_DISCLOSURES_MAX)
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_TOO_LARGE,
                   _("Record %s version %u carries more disclosures than a bundle allows"), uuid, v->version);
      return FALSE;
    }
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_TEMPLATE,
                                                      sillok_template_get_digest (v->template), 0),
             g_bytes_get_data (template, NULL), g_bytes_get_size (template), FALSE);
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, uuid, v->version),
             g_bytes_get_data (v->statement, NULL), g_bytes_get_size (v->statement), FALSE);
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE, uuid, v->version),
             g_bytes_get_data (v->signature, NULL), g_bytes_get_size (v->signature), FALSE);
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_DISCLOSURES, uuid, v->version),
             sillok_secret_get_data (disclosures), sillok_secret_get_length (disclosures), TRUE);
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_KEY, v->signer, 0), pub, strlen (pub),
             FALSE);

  /* Attachments stream from the archive's blobs when the bundle is written. */
  for (guint i = 0; i < v->carried->len; i++)
    {
      SillokDisclosure *d = v->carried->pdata[i];
      SillokExportFile *file;
      SillokBlob *blob;

      if (!is_attachment (d))
        continue;
      blob = archive_blob (db, d);
      if (blob == NULL)
        {
          g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED,
                       _("Archived record %s version %u: the archive no longer holds the bytes of %s"), uuid,
                       v->version, sillok_disclosure_get_name (d));
          return FALSE;
        }
      file = g_new0 (SillokExportFile, 1);
      file->path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_ATTACHMENT, blob->b2, 0);
      file->size = blob->size;
      g_strlcpy (file->b2, blob->b2, sizeof file->b2);
      file->blob = blob;
      add_file (files, paths, file);
    }
  return TRUE;
}

gboolean
sillok_export_add_archived_files (SillokVault          *vault,
                                  SillokExportProfile   profile,
                                  SillokExportItem     *item,
                                  GHashTable           *paths,
                                  GPtrArray            *files,
                                  GError              **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  const char *previous = NULL;

  g_return_val_if_fail (item->archived != NULL && item->chain != NULL, FALSE);

  if (db == NULL)
    return FALSE;
  for (guint i = 0; i < item->archived->len; i++)
    {
      SillokExportArchived *v = item->archived->pdata[i];
      SillokMinisignPublicKey key;

      if (!verify_archived (db, item->uuid, v, previous, &key, error)
          || !add_version_files (db, item->uuid, v, &key, paths, files, error))
        return FALSE;
      previous = v->digest;
    }

  /* The chain as its interviewer wrote it: an entry added here would
   * break the signed history it continues, and it is theirs. */
  if (g_bytes_get_size (item->chain) > SILLOK_BUNDLE_AUDIT_MAX
      || (item->times != NULL && sillok_secret_get_length (item->times) > SILLOK_BUNDLE_AUDIT_TIMES_MAX))
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_TOO_LARGE,
                   _("The audit trail of record %s is longer than a bundle allows"), item->uuid);
      return FALSE;
    }
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, item->uuid, 0),
             g_bytes_get_data (item->chain, NULL), g_bytes_get_size (item->chain), FALSE);
  if (profile == SILLOK_EXPORT_PROFILE_LEGAL && item->times != NULL)
    add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT_TIMES, item->uuid, 0),
               sillok_secret_get_data (item->times), sillok_secret_get_length (item->times), TRUE);
  return TRUE;
}

gboolean
sillok_export_archive_log (sqlite3            *db,
                           const char         *bundle,
                           const char         *b2,
                           SillokExportProfile profile,
                           const char *const  *recipients,
                           GBytes             *manifest,
                           GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *to = NULL;
  g_autofree char *now = sillok_now_rfc3339 ();
  int rc;

  json_builder_begin_array (builder);
  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    json_builder_add_string_value (builder, recipients[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  to = sillok_jcs_serialize (root, NULL, error);
  if (to == NULL)
    return FALSE;

  stmt = sillok_db_prepare (db, "INSERT INTO archive_exports (bundle, b2, profile, exported_at, recipients, manifest) "
                                "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, bundle, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, b2, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, sillok_export_profile_to_string (profile), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, to, strlen (to), SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 6, g_bytes_get_data (manifest, NULL), g_bytes_get_size (manifest), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Recording the export in the archive's log"));
      return FALSE;
    }
  return TRUE;
}
