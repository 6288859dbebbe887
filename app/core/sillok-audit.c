/* sillok-audit.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-audit.h"
#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-jcs.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"

#define ZERO_DIGEST "0000000000000000000000000000000000000000000000000000000000000000"

G_DEFINE_QUARK (sillok-audit-error-quark, sillok_audit_error)

void
sillok_audit_entry_free (SillokAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->action);
  g_free (entry->actor);
  g_free (entry->at);
  g_free (entry->detail);
  g_free (entry->prev);
  g_free (entry->canonical);
  g_free (entry->time);
  g_free (entry->time_disclosure);
  g_free (entry);
}

static void
digest_hex (const char *bytes,
            gsize       len,
            char        out[65])
{
  guint8 d[32];

  crypto_generichash (d, sizeof d, (const guint8 *) bytes, len, NULL, 0);
  sodium_bin2hex (out, 65, d, sizeof d);
}

/* The canonical text of an entry. */
static char *
entry_json (const char *action,
            const char *actor,
            const char *at,
            const char *detail,
            const char *prev,
            guint       seq,
            guint       version)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, action);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, actor);
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, at);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail);
  json_builder_set_member_name (b, "prev");
  json_builder_add_string_value (b, prev);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, seq);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, version);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return sillok_jcs_serialize (root, NULL, NULL);
}

void
sillok_audit_pending_free (SillokAuditPending *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->record);
  g_free (pending->prev);
  g_free (pending->entry);
  sillok_disclosure_free (pending->at);
  g_free (pending);
}

/* The "$at" disclosure of @time under @salt (22 base64url characters). */
static SillokDisclosure *
time_disclosure_with_salt (const char  *time,
                           const char  *salt,
                           GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SillokSecret) json = NULL;
  g_autoptr(SillokSecret) encoded = NULL;
  gsize len;

  json_builder_begin_array (b);
  json_builder_add_string_value (b, salt);
  json_builder_add_string_value (b, "$at");
  json_builder_add_string_value (b, time);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json = sillok_jcs_serialize_secret (root, error);
  if (json == NULL)
    return NULL;
  len = sillok_secret_get_length (json);
  encoded = sillok_secret_new (sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64 ((char *) sillok_secret_get_data (encoded), sillok_secret_get_length (encoded),
                     sillok_secret_get_data (json), len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return sillok_disclosure_parse (sillok_secret_get_string (encoded), strlen (sillok_secret_get_string (encoded)),
                                  error);
}

SillokAuditPending *
sillok_audit_prepare (SillokVault  *vault,
                      sqlite3      *db,
                      const char   *uuid,
                      const char   *action,
                      guint         version,
                      const char   *detail,
                      const char   *time,
                      const char   *salt,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(JsonNode) time_node = NULL;
  g_autofree char *now = time != NULL ? g_strdup (time) : sillok_now_rfc3339 ();
  g_autofree char *actor = sillok_vault_get_key_id (vault);
  SillokAuditPending *pending;
  char prev[65] = ZERO_DIGEST;
  SillokDisclosure *at;
  guint seq = 1;

  last = sillok_db_prepare (db, "SELECT seq, entry FROM audit WHERE record = ? ORDER BY seq DESC LIMIT 1", error);
  if (last == NULL)
    return NULL;
  sqlite3_bind_text (last, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (last) == SQLITE_ROW)
    {
      seq = sqlite3_column_int (last, 0) + 1;
      digest_hex (sqlite3_column_blob (last, 1), sqlite3_column_bytes (last, 1), prev);
    }

  if (salt != NULL)
    at = time_disclosure_with_salt (now, salt, error);
  else
    {
      time_node = json_node_init_string (json_node_alloc (), now);
      at = sillok_disclosure_new ("$at", time_node, error);
    }
  if (at == NULL)
    return NULL;
  pending = g_new0 (SillokAuditPending, 1);
  pending->record = g_strdup (uuid);
  pending->seq = seq;
  pending->prev = g_strdup (prev);
  pending->at = at;
  pending->entry = entry_json (action, actor, sillok_disclosure_get_digest (at), detail, prev, seq, version);
  return pending;
}

gboolean
sillok_audit_insert (sqlite3             *db,
                     SillokAuditPending  *pending,
                     GError             **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  char prev[65] = ZERO_DIGEST;
  guint seq = 0;
  int rc;

  /* The entry links to the head it was prepared after: nothing may have
   * been appended meanwhile. */
  last = sillok_db_prepare (db, "SELECT seq, entry FROM audit WHERE record = ? ORDER BY seq DESC LIMIT 1", error);
  if (last == NULL)
    return FALSE;
  sqlite3_bind_text (last, 1, pending->record, -1, SQLITE_STATIC);
  if (sqlite3_step (last) == SQLITE_ROW)
    {
      seq = sqlite3_column_int (last, 0);
      digest_hex (sqlite3_column_blob (last, 1), sqlite3_column_bytes (last, 1), prev);
    }
  if (seq + 1 != pending->seq || strcmp (prev, pending->prev) != 0)
    {
      g_set_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_CHANGED,
                   _("Record %s: its audit trail changed meanwhile"), pending->record);
      return FALSE;
    }

  insert = sillok_db_prepare (db, "INSERT INTO audit (record, seq, entry, at_disclosure) VALUES (?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, pending->record, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 2, pending->seq);
  sqlite3_bind_blob (insert, 3, pending->entry, strlen (pending->entry), SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, sillok_disclosure_get_encoded (pending->at), -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Writing the audit trail"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_audit_append (SillokVault  *vault,
                     sqlite3      *db,
                     const char   *uuid,
                     const char   *action,
                     guint         version,
                     const char   *detail,
                     GError      **error)
{
  g_autoptr(SillokAuditPending) pending = sillok_audit_prepare (vault, db, uuid, action, version, detail, NULL, NULL,
                                                                error);

  return pending != NULL && sillok_audit_insert (db, pending, error);
}

static gpointer
broken (GError    **error,
        guint       seq,
        const char *what)
{
  g_set_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_BROKEN, _("audit entry %u: %s"), seq, what);
  return NULL;
}

static gboolean
is_hex64 (const char *s)
{
  return sillok_disclosure_is_digest (s);
}

static SillokAuditEntry *
parse_entry (const char  *text,
             guint        expected_seq,
             GError     **error)
{
  static const char *members[] = { "action", "actor", "at", "detail", "prev", "seq", "version", NULL };
  static const char *actions[] = { "created", "sealed", "amended", "exported", "imported", "consent-changed", NULL };
  SillokJsonLimits limits = { 64 * 1024, 2, 16 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) names = NULL;
  g_autofree char *again = NULL;
  SillokAuditEntry *entry;
  JsonObject *o;
  gint64 seq, version;

  root = sillok_jcs_parse (text, strlen (text), &limits, SILLOK_JSON_PARSE_INTEGERS_ONLY, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return broken (error, expected_seq, local_error != NULL ? local_error->message : _("not a JSON object"));
  again = sillok_jcs_serialize (root, NULL, NULL);
  if (g_strcmp0 (again, text) != 0)
    return broken (error, expected_seq, _("not in canonical form"));
  o = json_node_get_object (root);
  names = json_object_get_members (o);
  if (g_list_length (names) != 7)
    return broken (error, expected_seq, _("not exactly the seven members of an entry"));
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (members, l->data))
      return broken (error, expected_seq, _("an unknown member"));
  for (guint i = 0; i < 5; i++)
    if (json_node_get_value_type (json_object_get_member (o, members[i])) != G_TYPE_STRING)
      return broken (error, expected_seq, _("a member that should be a string is not"));
  if (json_node_get_value_type (json_object_get_member (o, "seq")) != G_TYPE_INT64
      || json_node_get_value_type (json_object_get_member (o, "version")) != G_TYPE_INT64)
    return broken (error, expected_seq, _("seq and version must be whole numbers"));
  seq = json_object_get_int_member (o, "seq");
  version = json_object_get_int_member (o, "version");
  if (seq != expected_seq)
    return broken (error, expected_seq, _("out of sequence"));
  if (version < 1 || version > G_MAXINT32)
    return broken (error, expected_seq, _("an impossible version"));
  if (!g_strv_contains (actions, json_object_get_string_member (o, "action")))
    return broken (error, expected_seq, _("an unknown action"));
  if (!is_hex64 (json_object_get_string_member (o, "at")) || !is_hex64 (json_object_get_string_member (o, "prev")))
    return broken (error, expected_seq, _("“at” and “prev” must be 64 lower-case hex digits"));

  entry = g_new0 (SillokAuditEntry, 1);
  entry->seq = seq;
  entry->version = version;
  entry->action = g_strdup (json_object_get_string_member (o, "action"));
  entry->actor = g_strdup (json_object_get_string_member (o, "actor"));
  entry->at = g_strdup (json_object_get_string_member (o, "at"));
  entry->detail = g_strdup (json_object_get_string_member (o, "detail"));
  entry->prev = g_strdup (json_object_get_string_member (o, "prev"));
  entry->canonical = g_strdup (text);
  return entry;
}

static gboolean
check_time (SillokAuditEntry *entry,
            const char       *disclosure,
            GError          **error)
{
  g_autoptr(SillokDisclosure) d = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) value = NULL;

  d = sillok_disclosure_parse (disclosure, strlen (disclosure), &local_error);
  if (d == NULL || g_strcmp0 (sillok_disclosure_get_name (d), "$at") != 0
      || g_strcmp0 (sillok_disclosure_get_digest (d), entry->at) != 0)
    {
      g_set_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_TIME,
                   _("audit entry %u: the time disclosure does not match the entry"), entry->seq);
      return FALSE;
    }
  value = sillok_disclosure_dup_value (d);
  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      g_set_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_TIME,
                   _("audit entry %u: the disclosed time is not a text"), entry->seq);
      return FALSE;
    }
  entry->time = g_strdup (json_node_get_string (value));
  entry->time_disclosure = g_strdup (disclosure);
  return TRUE;
}

GPtrArray *
sillok_audit_check_chain (const char *const  *entries,
                          const char *const  *time_disclosures,
                          GError            **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_audit_entry_free);
  char prev[65] = ZERO_DIGEST;
  guint n = entries != NULL ? g_strv_length ((GStrv) entries) : 0;

  if (n == 0)
    {
      g_set_error_literal (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_BROKEN, _("the audit trail is empty"));
      return NULL;
    }
  if (time_disclosures != NULL && g_strv_length ((GStrv) time_disclosures) != n)
    {
      g_set_error_literal (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_TIME,
                           _("the audit times do not match the entries one for one"));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      SillokAuditEntry *entry = parse_entry (entries[i], i + 1, error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (out, entry);
      if (strcmp (entry->prev, prev) != 0)
        return broken (error, i + 1, _("not linked to the entry before it"));
      if (i == 0 && strcmp (entry->action, "created") != 0 && strcmp (entry->action, "imported") != 0)
        return broken (error, 1, _("the first entry must record the creation"));
      if (time_disclosures != NULL && !check_time (entry, time_disclosures[i], error))
        return NULL;
      digest_hex (entries[i], strlen (entries[i]), prev);
    }
  return g_steal_pointer (&out);
}

GPtrArray *
sillok_audit_list (SillokVault  *vault,
                   const char   *uuid,
                   GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) entries = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) times = g_strv_builder_new ();
  g_auto(GStrv) e = NULL;
  g_auto(GStrv) t = NULL;
  GPtrArray *chain;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT entry, at_disclosure FROM audit WHERE record = ? ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *entry = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));

      g_strv_builder_add (entries, entry);
      g_strv_builder_add (times, (const char *) sqlite3_column_text (stmt, 1));
    }
  e = g_strv_builder_end (entries);
  t = g_strv_builder_end (times);
  if (e[0] == NULL)
    {
      g_set_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_BROKEN,
                   _("Record %s has no audit trail in this vault"), uuid);
      return NULL;
    }
  chain = sillok_audit_check_chain ((const char *const *) e, (const char *const *) t, error);
  if (chain == NULL)
    g_prefix_error (error, _("Record %s: "), uuid);
  return chain;
}
