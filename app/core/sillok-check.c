/* sillok-check.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-audit.h"
#include "sillok/sillok-check.h"
#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-seal.h"
#include "sillok-blob.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"

void
sillok_check_report_free (SillokCheckReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->problems);
  g_ptr_array_unref (report->notes);
  g_free (report);
}

static void G_GNUC_PRINTF (2, 3)
problem (SillokCheckReport *report,
         const char        *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (report->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
check_pages (sqlite3           *db,
             SillokCheckReport *report)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      problem (report, _("The database cannot be read: %s"), sqlite3_errmsg (db));
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        problem (report, _("Database: %s"), line);
    }
}

static void
check_templates (sqlite3           *db,
                 SillokCheckReport *report)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT digest FROM templates", -1, &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokTemplate) t = sillok_record_template (db, (const char *) sqlite3_column_text (stmt, 0), &error);

      if (t == NULL)
        problem (report, "%s", error->message);
    }
}

/* The disclosure of @name among @disclosures, or NULL. */
static SillokDisclosure *
find_disclosure (GPtrArray  *disclosures,
                 const char *name)
{
  for (guint i = 0; i < disclosures->len; i++)
    if (g_strcmp0 (sillok_disclosure_get_name (disclosures->pdata[i]), name) == 0)
      return disclosures->pdata[i];
  return NULL;
}

static gboolean
same_json (JsonNode *a,
           JsonNode *b)
{
  g_autofree char *x = sillok_jcs_serialize (a, NULL, NULL);
  g_autofree char *y = sillok_jcs_serialize (b, NULL, NULL);

  return x != NULL && y != NULL && strcmp (x, y) == 0;
}

static void
check_values (SillokRecord      *record,
              GPtrArray         *disclosures,
              const char        *where,
              SillokCheckReport *report)
{
  g_autoptr(GPtrArray) paths = sillok_record_get_paths (record);
  GPtrArray *attachments = sillok_record_get_attachments (record);
  guint exact = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      SillokDisclosure *d = find_disclosure (disclosures, paths->pdata[i]);
      g_autoptr(JsonNode) signed_value = d != NULL ? sillok_disclosure_dup_value (d) : NULL;

      if (d == NULL || !same_json (signed_value, sillok_record_get_value (record, paths->pdata[i])))
        problem (report, _("%s: the stored value of %s is not what was signed"), where,
                 (const char *) paths->pdata[i]);
    }
  for (guint i = 0; i < disclosures->len; i++)
    {
      const char *name = sillok_disclosure_get_name (disclosures->pdata[i]);

      if (name[0] != '$' && !g_str_has_suffix (name, "@anon"))
        exact++;
    }
  if (exact != paths->len)
    problem (report, _("%s: %u values are stored but %u were signed"), where, paths->len, exact);

  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];
      g_autofree char *name = g_strdup_printf ("$attachment[%u]", a->n);
      SillokDisclosure *d = find_disclosure (disclosures, name);
      g_autoptr(JsonNode) v = d != NULL ? sillok_disclosure_dup_value (d) : NULL;
      JsonObject *o = v != NULL && JSON_NODE_HOLDS_OBJECT (v) ? json_node_get_object (v) : NULL;

      if (o == NULL || g_strcmp0 (json_object_get_string_member_with_default (o, "b2", ""), a->b2) != 0
          || (guint64) json_object_get_int_member_with_default (o, "size", -1) != a->size
          || g_strcmp0 (json_object_get_string_member_with_default (o, "name", ""), a->name) != 0)
        problem (report, _("%s: attachment %u is not what was signed"), where, a->n);
    }
}

static void
check_sealed_version (SillokVault       *vault,
                      SillokRecord      *record,
                      const char        *previous_digest,
                      SillokCheckReport *report)
{
  g_autofree char *where = g_strdup_printf (_("record %s version %u"), sillok_record_get_uuid (record),
                                            sillok_record_get_version (record));
  GBytes *statement = sillok_record_get_statement (record);
  GBytes *signature = sillok_record_get_signature (record);
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) digests = g_ptr_array_new ();
  g_autoptr(GPtrArray) disclosures = NULL;
  g_autofree char *tc = NULL;
  SillokMinisignPublicKey pk;
  JsonObject *o;
  JsonArray *list;
  guint8 hash[32];
  char hex[65];
  guint undisclosed = 0;

  if (statement == NULL || signature == NULL)
    {
      problem (report, _("%s: sealed without a statement or signature"), where);
      return;
    }
  crypto_generichash (hash, sizeof hash, g_bytes_get_data (statement, NULL), g_bytes_get_size (statement), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  if (g_strcmp0 (hex, sillok_record_get_statement_digest (record)) != 0)
    problem (report, _("%s: the statement does not match its recorded digest"), where);

  sillok_vault_get_public_key (vault, &pk);
  sig = sillok_minisign_signature_parse (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature), &error);
  if (sig == NULL || !sillok_minisign_verify (&pk, sig, g_bytes_get_data (statement, NULL),
                                              g_bytes_get_size (statement), 0, &error))
    {
      problem (report, _("%s: signature: %s"), where, error->message);
      return;
    }
  tc = sillok_seal_trusted_comment (sillok_record_get_uuid (record), sillok_record_get_version (record));
  if (g_strcmp0 (sig->trusted_comment, tc) != 0)
    problem (report, _("%s: the signature's trusted comment names another record"), where);

  root = sillok_jcs_parse (g_bytes_get_data (statement, NULL), g_bytes_get_size (statement), NULL,
                           SILLOK_JSON_PARSE_INTEGERS_ONLY, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      problem (report, _("%s: the statement is not JSON"), where);
      return;
    }
  o = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (o, "record", ""), sillok_record_get_uuid (record)) != 0
      || json_object_get_int_member_with_default (o, "version", 0) != sillok_record_get_version (record)
      || g_strcmp0 (json_object_get_string_member_with_default (o, "template", ""),
                    sillok_template_get_digest (sillok_record_get_template (record))) != 0)
    problem (report, _("%s: the statement names another record, version or template"), where);
  if (g_strcmp0 (previous_digest, sillok_record_get_supersedes (record)) != 0)
    problem (report, _("%s: it does not supersede the version before it"), where);

  list = json_object_has_member (o, "disclosures") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "disclosures"))
         ? json_object_get_array_member (o, "disclosures") : NULL;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    g_ptr_array_add (digests, (gpointer) json_array_get_string_element (list, i));
  g_ptr_array_add (digests, NULL);
  disclosures = sillok_disclosure_check_set ((const char *const *) sillok_record_get_disclosures (record),
                                             (const char *const *) digests->pdata, &undisclosed, &error);
  if (disclosures == NULL)
    {
      problem (report, _("%s: disclosures: %s"), where, error->message);
      return;
    }
  check_values (record, disclosures, where, report);
}

static void
check_blobs (SillokVault       *vault,
             sqlite3           *db,
             GCancellable      *cancellable,
             SillokCheckReport *report)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) present = NULL;

  /* A file shared by several versions is read once, named by its first. */
  if (sqlite3_prepare_v2 (db, "SELECT blob, key, size, b2, record, version, n FROM attachments "
                              "ORDER BY record, version, n", -1, &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(SillokSecret) key = NULL;
      g_autoptr(SillokBlob) blob = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_hash_table_add (referenced, g_strdup (name)))
        continue;
      key = sillok_secret_new_from_data (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      blob = sillok_blob_new (name, key, sqlite3_column_int64 (stmt, 2), (const char *) sqlite3_column_text (stmt, 3));
      report->blobs++;
      if (!sillok_blob_verify (vault, blob, cancellable, &error))
        problem (report, _("record %s version %d, attachment %d: %s"), (const char *) sqlite3_column_text (stmt, 4),
                 sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6), error->message);
    }

  /* The archive's attachments: evidence imported from bundles. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_prepare_v2 (db, "SELECT blob, key, size, b2 FROM archive_attachments ORDER BY b2", -1, &stmt,
                          NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *b2 = (const char *) sqlite3_column_text (stmt, 3);
      g_autoptr(SillokSecret) key = NULL;
      g_autoptr(SillokBlob) blob = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_hash_table_add (referenced, g_strdup (name)))
        continue;
      key = sillok_secret_new_from_data (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      blob = sillok_blob_new (name, key, sqlite3_column_int64 (stmt, 2), b2);
      report->blobs++;
      if (!sillok_blob_verify (vault, blob, cancellable, &error))
        problem (report, _("archive attachment %.16s…: %s"), b2, error->message);
    }

  present = sillok_blob_list (vault, TRUE, NULL);
  for (guint i = 0; present != NULL && present[i] != NULL; i++)
    if (!g_hash_table_contains (referenced, present[i]))
      {
        /* Left by an attachment that never reached the database. */
        sillok_blob_delete (vault, present[i], NULL);
        g_ptr_array_add (report->notes, g_strdup_printf (_("Removed the unreferenced attachment file %s"), present[i]));
      }
}

/* A chain that links may still have lost its end: every version after the
 * first must have been amended, every sealed one sealed, in the chain. */
static void
check_chain_covers (const char        *uuid,
                    GArray            *sealed,
                    GPtrArray         *chain,
                    SillokCheckReport *report)
{
  for (guint v = 1; v <= sealed->len; v++)
    {
      gboolean amended_seen = v == 1, sealed_seen = !g_array_index (sealed, gboolean, v - 1);

      for (guint i = 0; i < chain->len; i++)
        {
          SillokAuditEntry *e = chain->pdata[i];

          if (e->version != v)
            continue;
          amended_seen |= strcmp (e->action, "amended") == 0 || strcmp (e->action, "imported") == 0;
          sealed_seen |= strcmp (e->action, "sealed") == 0 || strcmp (e->action, "imported") == 0;
        }
      if (!amended_seen)
        problem (report, _("record %s: the audit trail does not record the amendment that made version %u"), uuid, v);
      if (!sealed_seen)
        problem (report, _("record %s: the audit trail does not record the sealing of version %u"), uuid, v);
    }
}

SillokCheckReport *
sillok_vault_check (SillokVault        *vault,
                    SillokProgressFunc  progress,
                    gpointer            progress_data,
                    GCancellable       *cancellable,
                    GError            **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokCheckReport) report = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (db == NULL)
    return NULL;
  report = g_new0 (SillokCheckReport, 1);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->notes = g_ptr_array_new_with_free_func (g_free);

  check_pages (db, report);
  check_templates (db, report);

  stmt = sillok_db_prepare (db, "SELECT uuid FROM records ORDER BY uuid", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  report->records = uuids->len;

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = uuids->pdata[i];
      g_autoptr(SillokRecord) latest = NULL;
      g_autoptr(GPtrArray) chain = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GArray) sealed = g_array_new (FALSE, TRUE, sizeof (gboolean));
      g_autofree char *previous = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      latest = sillok_record_load (vault, uuid, 0, &local_error);
      if (latest == NULL)
        {
          problem (report, _("record %s: %s"), uuid, local_error->message);
          continue;
        }
      for (guint v = 1; v <= sillok_record_get_latest (latest); v++)
        {
          g_autoptr(SillokRecord) version = sillok_record_load (vault, uuid, v, &local_error);
          gboolean is_sealed;

          if (version == NULL)
            {
              problem (report, _("record %s: %s"), uuid, local_error->message);
              g_clear_error (&local_error);
              break;
            }
          is_sealed = sillok_record_get_status (version) == SILLOK_RECORD_SEALED;
          g_array_append_val (sealed, is_sealed);
          if (is_sealed)
            {
              report->sealed_versions++;
              check_sealed_version (vault, version, previous, report);
              g_free (previous);
              previous = g_strdup (sillok_record_get_statement_digest (version));
            }
          else if (v < sillok_record_get_latest (latest))
            problem (report, _("record %s: version %u is a draft but not the latest"), uuid, v);
        }
      chain = sillok_audit_list (vault, uuid, &local_error);
      if (chain == NULL)
        problem (report, "%s", local_error->message);
      else
        check_chain_covers (uuid, sealed, chain, report);
      if (progress != NULL)
        progress (i + 1, uuids->len, progress_data);
    }

  check_blobs (vault, db, cancellable, report);
  return g_steal_pointer (&report);
}
