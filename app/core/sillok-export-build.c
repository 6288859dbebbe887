/* sillok-export-build.c: checking a record's sealed versions and turning them into bundle files
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-audit.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-seal.h"
#include "sillok-export-private.h"
#include "sillok-vault-private.h"

void
sillok_export_item_free (SillokExportItem *item)
{
  if (item == NULL)
    return;
  g_free (item->uuid);
  g_clear_pointer (&item->latest, sillok_record_unref);
  g_clear_pointer (&item->sealed, sillok_record_unref);
  g_clear_pointer (&item->versions, g_ptr_array_unref);
  g_clear_pointer (&item->carried, g_ptr_array_unref);
  g_clear_pointer (&item->pending, sillok_audit_pending_free);
  g_clear_pointer (&item->archived, g_ptr_array_unref);
  g_strfreev (item->bundles);
  g_clear_pointer (&item->chain, g_bytes_unref);
  g_clear_pointer (&item->times, sillok_secret_free);
  g_free (item);
}

static SillokExportArchived *
latest_archived (SillokExportItem *item)
{
  return item->archived->pdata[item->archived->len - 1];
}

guint
sillok_export_item_version (SillokExportItem *item)
{
  return item->archived != NULL ? latest_archived (item)->version : sillok_record_get_version (item->sealed);
}

const char *
sillok_export_item_statement (SillokExportItem *item)
{
  return item->archived != NULL ? latest_archived (item)->digest : sillok_record_get_statement_digest (item->sealed);
}

static gboolean
damaged (GError     **error,
         SillokRecord *record,
         const char  *what)
{
  g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED, _("Record %s version %u: %s"),
               sillok_record_get_uuid (record), sillok_record_get_version (record), what);
  return FALSE;
}

/* The public key of @key_id: the vault's own, or a trusted signer's. */
static gboolean
signer_key (SillokVault             *vault,
            const char              *key_id,
            SillokMinisignPublicKey *out,
            GError                 **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *own = NULL;
  g_autofree char *found = NULL;

  if (db == NULL)
    return FALSE;
  sillok_vault_get_public_key (vault, out);
  own = sillok_minisign_key_id_to_string (out->keynum);
  if (g_strcmp0 (own, key_id) == 0)
    return TRUE;

  stmt = sillok_db_prepare (db, "SELECT public_key FROM trusted_signers WHERE key_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *b64 = (const char *) sqlite3_column_text (stmt, 0);

      if (sillok_minisign_public_key_parse_base64 (b64, strlen (b64), out, NULL))
        found = sillok_minisign_key_id_to_string (out->keynum);
    }
  if (g_strcmp0 (found, key_id) != 0)
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_UNKNOWN_SIGNER,
                   _("The vault has no public key for signer %s"), key_id != NULL ? key_id : "?");
      return FALSE;
    }
  return TRUE;
}

/* The statement's digests, NULL-terminated, or NULL when it is not one. */
static GStrv
statement_digests (GBytes *statement)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) digests = g_strv_builder_new ();
  JsonObject *o;
  JsonNode *list;

  root = sillok_jcs_parse (g_bytes_get_data (statement, NULL), g_bytes_get_size (statement), NULL,
                           SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  o = json_node_get_object (root);
  list = json_object_get_member (o, "disclosures");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *d = json_array_get_element (json_node_get_array (list), i);

      if (!JSON_NODE_HOLDS_VALUE (d) || json_node_get_value_type (d) != G_TYPE_STRING)
        return NULL;
      g_strv_builder_add (digests, json_node_get_string (d));
    }
  return g_strv_builder_end (digests);
}

/* What `check` checks of a sealed version, so a bundle never carries a
 * version the vault itself would call damaged. */
static gboolean
verify_version (SillokVault              *vault,
                SillokRecord             *version,
                const char               *previous,
                SillokMinisignPublicKey  *key,
                char                    **signer,
                GError                  **error)
{
  GBytes *statement = sillok_record_get_statement (version);
  GBytes *signature = sillok_record_get_signature (version);
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tc = NULL;
  guint8 hash[32];
  char hex[65];

  if (sillok_record_get_status (version) != SILLOK_RECORD_SEALED || statement == NULL || signature == NULL)
    return damaged (error, version, _("sealed without a statement or signature"));
  crypto_generichash (hash, sizeof hash, g_bytes_get_data (statement, NULL), g_bytes_get_size (statement), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  if (g_strcmp0 (hex, sillok_record_get_statement_digest (version)) != 0)
    return damaged (error, version, _("the statement does not match its recorded digest"));
  if (g_strcmp0 (previous, sillok_record_get_supersedes (version)) != 0)
    return damaged (error, version, _("it does not supersede the version before it"));
  if (g_bytes_get_size (statement) > SILLOK_BUNDLE_STATEMENT_MAX)
    return damaged (error, version, _("the statement is larger than a bundle allows"));

  *signer = sillok_record_get_signer (version);
  if (*signer == NULL || strlen (*signer) != SILLOK_BUNDLE_KEY_ID_LENGTH)
    return damaged (error, version, _("the statement names no proper signer"));
  if (!signer_key (vault, *signer, key, error))
    return FALSE;
  sig = sillok_minisign_signature_parse (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature),
                                         &local_error);
  if (sig == NULL || !sillok_minisign_verify (key, sig, g_bytes_get_data (statement, NULL),
                                              g_bytes_get_size (statement), SILLOK_MINISIGN_VERIFY_DEFAULT,
                                              &local_error))
    {
      g_autofree char *what = g_strdup_printf (_("signature: %s"), local_error->message);
      return damaged (error, version, what);
    }
  tc = sillok_seal_trusted_comment (sillok_record_get_uuid (version), sillok_record_get_version (version));
  if (g_strcmp0 (sig->trusted_comment, tc) != 0)
    return damaged (error, version, _("the signature's trusted comment names another record"));
  return TRUE;
}

/* A JSON array of ASCII strings that need no escaping (disclosure strings),
 * written straight into guarded memory in its RFC 8785 form. */
SillokSecret *
sillok_export_string_array_secret (const char *const *strings,
                                   guint              n)
{
  gsize len = 2, at = 0;
  SillokSecret *out;
  char *p;

  for (guint i = 0; i < n; i++)
    len += strlen (strings[i]) + 2 + (i > 0 ? 1 : 0);
  out = sillok_secret_new (len);
  p = (char *) sillok_secret_get_data (out);
  p[at++] = '[';
  for (guint i = 0; i < n; i++)
    {
      gsize l = strlen (strings[i]);

      if (i > 0)
        p[at++] = ',';
      p[at++] = '"';
      memcpy (p + at, strings[i], l);
      at += l;
      p[at++] = '"';
    }
  p[at++] = ']';
  g_assert (at == len);
  return out;
}

static void
add_file (GPtrArray        *files,
          GHashTable       *paths,
          SillokExportFile *file)
{
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

  /* Every name comes from the vault's own checked data. */
  g_assert (path != NULL);
  if (!g_hash_table_contains (paths, path))
    add_file (files, paths, sillok_export_file_new (path, data, len, secret));
}

static gboolean
add_version_files (SillokRecord     *version,
                   SillokExportItem *item,
                   GHashTable       *paths,
                   GPtrArray        *files,
                   GError          **error)
{
  const char *uuid = sillok_record_get_uuid (version);
  guint v = sillok_record_get_version (version);
  GBytes *statement = sillok_record_get_statement (version);
  GBytes *signature = sillok_record_get_signature (version);
  GBytes *template = sillok_template_get_canonical (sillok_record_get_template (version));
  g_autoptr(SillokSecret) disclosures = NULL;
  g_autoptr(GPtrArray) encoded = g_ptr_array_new ();

  if (version == item->sealed)
    for (guint i = 0; i < item->carried->len; i++)
      g_ptr_array_add (encoded, (gpointer) sillok_disclosure_get_encoded (item->carried->pdata[i]));
  disclosures = sillok_export_string_array_secret ((const char *const *) encoded->pdata, encoded->len);
  if (sillok_secret_get_length (disclosures) > SILLOK_BUNDLE_DISCLOSURES_MAX)
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_TOO_LARGE,
                   _("Record %s version %u carries more disclosures than a bundle allows"), uuid, v);
      return FALSE;
    }

  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_TEMPLATE,
                                                      sillok_template_get_digest (sillok_record_get_template (version)), 0),
             g_bytes_get_data (template, NULL), g_bytes_get_size (template), FALSE);
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, uuid, v),
             g_bytes_get_data (statement, NULL), g_bytes_get_size (statement), FALSE);
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE, uuid, v),
             g_bytes_get_data (signature, NULL), g_bytes_get_size (signature), FALSE);
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_DISCLOSURES, uuid, v),
             sillok_secret_get_data (disclosures), sillok_secret_get_length (disclosures), TRUE);
  return TRUE;
}

/* Every carried disclosure is in the statement exactly once. */
static gboolean
check_carried (SillokExportItem  *item,
               GError           **error)
{
  g_auto(GStrv) digests = statement_digests (sillok_record_get_statement (item->sealed));
  g_autoptr(GPtrArray) encoded = g_ptr_array_new ();
  g_autoptr(GPtrArray) checked = NULL;
  g_autoptr(GError) local_error = NULL;
  guint undisclosed = 0;

  if (digests == NULL)
    return damaged (error, item->sealed, _("the statement is not a statement"));
  for (guint i = 0; i < item->carried->len; i++)
    g_ptr_array_add (encoded, (gpointer) sillok_disclosure_get_encoded (item->carried->pdata[i]));
  g_ptr_array_add (encoded, NULL);
  checked = sillok_disclosure_check_set ((const char *const *) encoded->pdata, (const char *const *) digests,
                                         &undisclosed, &local_error);
  if (checked == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("disclosures: %s"), local_error->message);
      return damaged (error, item->sealed, what);
    }
  return TRUE;
}

static void
add_attachments (SillokExportProfile  profile,
                 SillokExportItem    *item,
                 GHashTable          *paths,
                 GPtrArray           *files)
{
  GPtrArray *attachments = sillok_record_get_attachments (item->sealed);

  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];
      g_autofree char *name = g_strdup_printf ("$attachment[%u]", a->n);
      g_autofree char *path = NULL;
      SillokExportFile *file;

      if (!sillok_export_profile_carries (profile, item->sealed, name))
        continue;
      path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_ATTACHMENT, a->b2, 0);
      g_assert (path != NULL);
      if (g_hash_table_contains (paths, path))
        continue;
      file = g_new0 (SillokExportFile, 1);
      file->path = g_steal_pointer (&path);
      file->record = g_strdup (item->uuid);
      file->version = sillok_record_get_version (item->sealed);
      file->n = a->n;
      file->size = a->size;
      g_strlcpy (file->b2, a->b2, sizeof file->b2);
      add_file (files, paths, file);
    }
}

/* The chain with the entry the export adds, and for the legal profile the
 * disclosures of its times. */
static gboolean
add_audit (SillokVault          *vault,
           SillokExportProfile   profile,
           SillokExportItem     *item,
           GHashTable           *paths,
           GPtrArray            *files,
           GError              **error)
{
  g_autoptr(GPtrArray) chain = sillok_audit_list (vault, item->uuid, error);
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autoptr(GPtrArray) times = g_ptr_array_new ();
  g_autoptr(SillokSecret) times_json = NULL;

  if (chain == NULL)
    return FALSE;
  for (guint i = 0; i < chain->len; i++)
    {
      SillokAuditEntry *entry = chain->pdata[i];

      g_string_append (jsonl, entry->canonical);
      g_string_append_c (jsonl, '\n');
      g_ptr_array_add (times, entry->time_disclosure);
    }
  g_string_append (jsonl, item->pending->entry);
  g_string_append_c (jsonl, '\n');
  g_ptr_array_add (times, (gpointer) sillok_disclosure_get_encoded (item->pending->at));
  if (jsonl->len > SILLOK_BUNDLE_AUDIT_MAX)
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_TOO_LARGE,
                   _("The audit trail of record %s is longer than a bundle allows"), item->uuid);
      return FALSE;
    }
  add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, item->uuid, 0), jsonl->str,
             jsonl->len, FALSE);
  if (profile == SILLOK_EXPORT_PROFILE_LEGAL)
    {
      times_json = sillok_export_string_array_secret ((const char *const *) times->pdata, times->len);
      add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT_TIMES, item->uuid, 0),
                 sillok_secret_get_data (times_json), sillok_secret_get_length (times_json), TRUE);
    }
  return TRUE;
}

gboolean
sillok_export_add_item_files (SillokVault          *vault,
                              SillokExportProfile   profile,
                              SillokExportItem     *item,
                              GHashTable           *paths,
                              GPtrArray            *files,
                              GError              **error)
{
  const char *previous = NULL;

  g_return_val_if_fail (item->pending != NULL, FALSE);

  for (guint i = 0; i < item->versions->len; i++)
    {
      SillokRecord *version = item->versions->pdata[i];
      SillokMinisignPublicKey key;
      g_autofree char *signer = NULL;
      g_autofree char *pub = NULL;

      if (!verify_version (vault, version, previous, &key, &signer, error)
          || !add_version_files (version, item, paths, files, error))
        return FALSE;
      pub = sillok_minisign_public_key_to_file (&key);
      add_bytes (files, paths, sillok_bundle_path_format (SILLOK_BUNDLE_PATH_KEY, signer, 0), pub, strlen (pub),
                 FALSE);
      previous = sillok_record_get_statement_digest (version);
    }
  if (!check_carried (item, error))
    return FALSE;
  add_attachments (profile, item, paths, files);
  return add_audit (vault, profile, item, paths, files, error);
}
