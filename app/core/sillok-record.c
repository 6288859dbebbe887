/* sillok-record.c: records in the vault — creating, editing, reading, listing
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-jcs.h"
#include "sillok/sillok-value.h"
#include "sillok-blob.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"

struct _SillokRecord
{
  gatomicrefcount     ref_count;
  char               *uuid;
  guint               version;
  guint               latest;
  SillokRecordStatus  status;
  SillokTemplate     *template;
  char               *title;
  char               *updated;
  char               *reason;
  char               *supersedes;
  char               *sealed_at;
  char               *statement_digest;
  GBytes             *statement;
  GBytes             *signature;
  GStrv               disclosures;
  GHashTable         *values;       /* path → JsonNode */
  GHashTable         *entries;      /* section id → count */
  GHashTable         *redactions;   /* path → GArray of SillokSpan */
  GPtrArray          *attachments;  /* SillokAttachment */
};

G_DEFINE_QUARK (sillok-record-error-quark, sillok_record_error)

static GMutex template_cache_lock;
static GHashTable *template_cache;

char *
sillok_now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
sillok_record_value_to_json (JsonNode  *value,
                             GError   **error)
{
  return sillok_jcs_serialize (value, NULL, error);
}

SillokTemplate *
sillok_record_template (sqlite3     *db,
                        const char  *digest,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  SillokTemplate *template;

  g_mutex_lock (&template_cache_lock);
  if (template_cache == NULL)
    template_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sillok_template_unref);
  template = g_hash_table_lookup (template_cache, digest);
  if (template != NULL)
    {
      sillok_template_ref (template);
      g_mutex_unlock (&template_cache_lock);
      return template;
    }
  g_mutex_unlock (&template_cache_lock);

  stmt = sillok_db_prepare (db, "SELECT body FROM templates WHERE digest = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED,
                   _("The vault lacks template %.12s…"), digest);
      return NULL;
    }
  template = sillok_template_new_from_data (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), error);
  if (template == NULL)
    return NULL;
  if (g_strcmp0 (sillok_template_get_digest (template), digest) != 0)
    {
      sillok_template_unref (template);
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED,
                   _("Template %.12s… in the vault does not match its digest"), digest);
      return NULL;
    }
  g_mutex_lock (&template_cache_lock);
  g_hash_table_replace (template_cache, g_strdup (digest), sillok_template_ref (template));
  g_mutex_unlock (&template_cache_lock);
  return template;
}

gboolean
sillok_record_store_template (sqlite3         *db,
                              SillokTemplate  *template,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GBytes *body = sillok_template_get_canonical (template);
  int rc;

  stmt = sillok_db_prepare (db, "INSERT OR IGNORE INTO templates (digest, id, version, body) VALUES (?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sillok_template_get_digest (template), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sillok_template_get_id (template), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, sillok_template_get_version (template));
  sqlite3_bind_blob (stmt, 4, g_bytes_get_data (body, NULL), g_bytes_get_size (body), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Storing the template"));
      return FALSE;
    }
  return TRUE;
}

SillokGazetteer *
sillok_record_gazetteer (void)
{
  static gsize once;
  static SillokGazetteer *gazetteer;

  if (g_once_init_enter (&once))
    {
      gazetteer = sillok_gazetteer_load_installed (NULL);
      g_once_init_leave (&once, 1);
    }
  return gazetteer;
}

static gboolean
step_done (sqlite3      *db,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT && strstr (sqlite3_errmsg (db), "sealed version") != NULL)
    {
      g_set_error_literal (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED,
                           _("A sealed version never changes: amend the record to change it"));
      return FALSE;
    }
  sillok_db_set_error (error, db, rc, what);
  return FALSE;
}

/* Runs @sql with text parameters (NULL-terminated), for statements without results. */
static gboolean
exec_texts (sqlite3     *db,
            const char  *sql,
            GError     **error,
            ...)
{
  g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, sql, error);
  va_list args;
  const char *text;
  int i = 1;

  if (stmt == NULL)
    return FALSE;
  va_start (args, error);
  while ((text = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, i++, text, -1, SQLITE_TRANSIENT);
  va_end (args);
  return step_done (db, stmt, _("Saving the record"), error);
}

char *
sillok_record_create (SillokVault     *vault,
                      SillokTemplate  *template,
                      GError         **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = sillok_now_rfc3339 ();

  g_return_val_if_fail (template != NULL, NULL);
  if (db == NULL || !sillok_db_begin (db, error))
    return NULL;
  if (!sillok_record_store_template (db, template, error)
      || !exec_texts (db, "INSERT INTO records (uuid, created, updated, latest) VALUES (?, ?, ?, 1)", error,
                      uuid, now, now, NULL)
      || !exec_texts (db, "INSERT INTO versions (record, version, template, status, updated) "
                          "VALUES (?, 1, ?, 'draft', ?)", error,
                      uuid, sillok_template_get_digest (template), now, NULL)
      || !sillok_audit_append (vault, db, uuid, "created", 1, "", error)
      || !sillok_db_commit (db, error))
    {
      sillok_db_rollback (db);
      return NULL;
    }
  return g_steal_pointer (&uuid);
}

/* The latest version of @uuid, which must be a draft, and its template. */
static gboolean
draft_of (sqlite3         *db,
          const char      *uuid,
          guint           *version,
          SillokTemplate **template,
          GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *digest = NULL;

  stmt = sillok_db_prepare (db, "SELECT v.version, v.status, v.template FROM records r "
                                "JOIN versions v ON v.record = r.uuid AND v.version = r.latest "
                                "WHERE r.uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND,
                   _("There is no record %s in this vault"), uuid);
      return FALSE;
    }
  *version = sqlite3_column_int (stmt, 0);
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "sealed") == 0)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED,
                   _("Record %s version %u is sealed and never changes: amend it to change it"), uuid, *version);
      return FALSE;
    }
  digest = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  *template = sillok_record_template (db, digest, error);
  return *template != NULL;
}

static guint
entry_count (sqlite3    *db,
             const char *uuid,
             guint       version,
             const char *section)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT count FROM section_entries WHERE record = ? AND version = ? AND section = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, section, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
}

static gboolean
set_entry_count (sqlite3    *db,
                 const char *uuid,
                 guint       version,
                 const char *section,
                 guint       count,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, "INSERT OR REPLACE INTO section_entries "
                                                        "(record, version, section, count) VALUES (?, ?, ?, ?)",
                                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, section, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, count);
  return step_done (db, stmt, _("Saving the record"), error);
}

/* The text a value contributes to search, or NULL. */
static char *
searchable_text (SillokTemplateField *field,
                 JsonNode            *value)
{
  switch (field->type)
    {
    case SILLOK_FIELD_TEXT:
    case SILLOK_FIELD_LONGTEXT:
      return g_strdup (json_node_get_string (value));
    case SILLOK_FIELD_PLACE:
    case SILLOK_FIELD_SITES:
      {
        JsonArray *array = json_node_get_array (value);
        GString *s = g_string_new (NULL);

        for (guint i = 0; i < json_array_get_length (array); i++)
          g_string_append_printf (s, "%s%s", i > 0 ? " " : "", json_array_get_string_element (array, i));
        return g_string_free (s, FALSE);
      }
    case SILLOK_FIELD_INTEGER:
    case SILLOK_FIELD_BOOLEAN:
    case SILLOK_FIELD_CHOICE:
    case SILLOK_FIELD_MULTICHOICE:
    case SILLOK_FIELD_PARTIAL_DATE:
    default:
      return NULL;
    }
}

static gboolean
write_value (sqlite3             *db,
             const char          *uuid,
             guint                version,
             const char          *path,
             SillokTemplateField *field,
             JsonNode            *value,
             GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  if (value == NULL)
    {
      stmt = sillok_db_prepare (db, "DELETE FROM field_values WHERE record = ? AND version = ? AND path = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, version);
      sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
      return step_done (db, stmt, _("Saving the record"), error)
             && sillok_search_index_value (db, uuid, path, NULL, error);
    }

  json = sillok_record_value_to_json (value, error);
  if (json == NULL)
    return FALSE;
  stmt = sillok_db_prepare (db, "INSERT OR REPLACE INTO field_values (record, version, path, value) "
                                "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, json, strlen (json), SQLITE_STATIC);
  if (!step_done (db, stmt, _("Saving the record"), error))
    return FALSE;
  text = searchable_text (field, value);
  return sillok_search_index_value (db, uuid, path, text, error);
}

/* What lists show: the sites of the episodes and the interview's period,
 * never a name. */
typedef struct
{
  int   index;
  char *shown;
} TitleSite;

static void
title_site_clear (TitleSite *site)
{
  g_free (site->shown);
}

static int
compare_title_sites (gconstpointer a,
                     gconstpointer b)
{
  const TitleSite *x = a, *y = b;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* What lists show: the sites of the episodes in their order, each once,
 * and the interview's period, never a name. */
static char *
compute_title (sqlite3        *db,
               const char     *uuid,
               guint           version,
               SillokTemplate *template)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (TitleSite));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *language = sillok_text_language ();
  GString *title = g_string_new (NULL);
  g_autofree char *date = NULL;

  g_array_set_clear_func (found, (GDestroyNotify) title_site_clear);
  if (sqlite3_prepare_v2 (db, "SELECT path, value FROM field_values WHERE record = ? AND version = ? "
                              "AND (path = 'interview.date' OR path LIKE 'episodes[%].site')",
                          -1, &stmt, NULL) != SQLITE_OK)
    return g_string_free (title, FALSE);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(JsonNode) value = sillok_jcs_parse (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                                    NULL, 0, NULL);
      SillokFieldPath fp;
      TitleSite site;

      if (value == NULL || !sillok_template_parse_path (template, path, &fp, NULL))
        continue;
      site.index = fp.index;
      site.shown = sillok_value_display (fp.field, value, language);
      if (strcmp (path, "interview.date") == 0)
        {
          g_free (date);
          date = site.shown;
        }
      else
        g_array_append_val (found, site);
    }
  g_array_sort (found, compare_title_sites);
  for (guint i = 0; i < found->len; i++)
    {
      const char *shown = g_array_index (found, TitleSite, i).shown;

      if (g_hash_table_add (seen, (gpointer) shown))
        g_string_append_printf (title, "%s%s", title->len > 0 ? ", " : "", shown);
    }
  if (date != NULL)
    g_string_append_printf (title, "%s%s", title->len > 0 ? " · " : "", date);
  return g_string_free (title, FALSE);
}

static gboolean
touch (sqlite3        *db,
       const char     *uuid,
       guint           version,
       SillokTemplate *template,
       GError        **error)
{
  g_autofree char *now = sillok_now_rfc3339 ();
  g_autofree char *title = compute_title (db, uuid, version, template);
  g_autofree char *v = g_strdup_printf ("%u", version);

  return exec_texts (db, "UPDATE versions SET updated = ?, title = ? WHERE record = ? AND version = ?", error,
                     now, title, uuid, v, NULL)
         && exec_texts (db, "UPDATE records SET updated = ? WHERE uuid = ?", error, now, uuid, NULL);
}

static gboolean
invalid_path_error (GError    **error,
                    GError     *cause)
{
  g_set_error_literal (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, cause->message);
  return FALSE;
}

/* One assignment inside an open transaction. */
static gboolean
set_in_transaction (sqlite3        *db,
                    const char     *uuid,
                    guint           version,
                    SillokTemplate *template,
                    const char     *path,
                    JsonNode       *value,
                    GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  SillokFieldPath fp;

  if (!sillok_template_parse_path (template, path, &fp, &local_error))
    return invalid_path_error (error, local_error);
  /* An emptied text field is a cleared one, as PATH= on the command line. */
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
      && *json_node_get_string (value) == '\0')
    value = NULL;
  if (value != NULL && !sillok_value_check (fp.field, value, &local_error))
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "%s: %s", path, local_error->message);
      return FALSE;
    }
  if (fp.index >= 0)
    {
      guint count = entry_count (db, uuid, version, fp.section->id);

      if ((guint) fp.index > count)
        {
          g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                       _("%s: section “%s” has %u entries; the next one is %s[%u]"),
                       path, fp.section->id, count, fp.section->id, count);
          return FALSE;
        }
      if ((guint) fp.index == count)
        {
          if (value == NULL)
            return TRUE;
          if (!set_entry_count (db, uuid, version, fp.section->id, count + 1, error))
            return FALSE;
        }
    }
  return write_value (db, uuid, version, path, fp.field, value, error);
}

gboolean
sillok_record_set (SillokVault  *vault,
                   const char   *uuid,
                   const char   *path,
                   JsonNode     *value,
                   GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  guint version;

  g_return_val_if_fail (uuid != NULL && path != NULL, FALSE);
  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  if (!draft_of (db, uuid, &version, &template, error)
      || !set_in_transaction (db, uuid, version, template, path, value, error)
      || !touch (db, uuid, version, template, error)
      || !sillok_db_commit (db, error))
    {
      sillok_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_record_set_texts (SillokVault        *vault,
                         const char         *uuid,
                         const char *const  *assignments,
                         GError            **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  guint version;

  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  if (!draft_of (db, uuid, &version, &template, error))
    goto fail;

  for (guint i = 0; assignments[i] != NULL; i++)
    {
      const char *eq = strchr (assignments[i], '=');
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) value = NULL;
      g_autoptr(GError) local_error = NULL;
      SillokFieldPath fp;

      if (eq == NULL)
        {
          g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                       _("“%s” is not PATH=VALUE"), assignments[i]);
          goto fail;
        }
      path = g_strndup (assignments[i], eq - assignments[i]);
      if (!sillok_template_parse_path (template, path, &fp, &local_error))
        {
          invalid_path_error (error, local_error);
          goto fail;
        }
      if (eq[1] != '\0')
        {
          value = sillok_value_parse (fp.field, eq + 1, sillok_record_gazetteer (), &local_error);
          if (value == NULL)
            {
              g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "%s: %s", path,
                           local_error->message);
              goto fail;
            }
        }
      if (!set_in_transaction (db, uuid, version, template, path, value, error))
        goto fail;
    }
  if (touch (db, uuid, version, template, error) && sillok_db_commit (db, error))
    return TRUE;

fail:
  sillok_db_rollback (db);
  return FALSE;
}

void
sillok_record_value_free (SillokRecordValue *value)
{
  if (value == NULL)
    return;
  g_free (value->path);
  g_clear_pointer (&value->value, json_node_unref);
  g_free (value);
}

/* Template order: section, then entry, then field. */
static int
compare_values (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  SillokTemplate *template = user_data;
  const SillokRecordValue *x = *(SillokRecordValue * const *) a, *y = *(SillokRecordValue * const *) b;
  GPtrArray *sections = sillok_template_get_sections (template);
  SillokFieldPath px, py;
  guint sx = 0, sy = 0, fx = 0, fy = 0;

  sillok_template_parse_path (template, x->path, &px, NULL);
  sillok_template_parse_path (template, y->path, &py, NULL);
  g_ptr_array_find (sections, px.section, &sx);
  g_ptr_array_find (sections, py.section, &sy);
  if (sx != sy)
    return sx < sy ? -1 : 1;
  if (px.index != py.index)
    return px.index < py.index ? -1 : 1;
  g_ptr_array_find (px.section->fields, px.field, &fx);
  g_ptr_array_find (py.section->fields, py.field, &fy);
  return fx < fy ? -1 : fx > fy;
}

GPtrArray *
sillok_record_values_from_json (SillokTemplate  *template,
                                const char      *data,
                                gsize            len,
                                GError         **error)
{
  SillokJsonLimits limits = { 16 * 1024 * 1024, 8, 4096 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GPtrArray) values = NULL;
  JsonObject *object;

  g_return_val_if_fail (template != NULL && (data != NULL || len == 0), NULL);

  root = sillok_jcs_parse (data, len, &limits, SILLOK_JSON_PARSE_INTEGERS_ONLY, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, _("not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                           _("expected a JSON object of field paths and values"));
      return NULL;
    }
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  values = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_record_value_free);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      SillokRecordValue *v;
      SillokFieldPath fp;

      if (!sillok_template_parse_path (template, l->data, &fp, &local_error))
        {
          invalid_path_error (error, local_error);
          return NULL;
        }
      if (!sillok_value_check (fp.field, node, &local_error))
        {
          g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID, "%s: %s", (const char *) l->data,
                       local_error->message);
          return NULL;
        }
      v = g_new0 (SillokRecordValue, 1);
      v->path = g_strdup (l->data);
      v->value = json_node_copy (node);
      g_ptr_array_add (values, v);
    }
  g_ptr_array_sort_with_data (values, compare_values, template);
  return g_steal_pointer (&values);
}

gboolean
sillok_record_set_values (SillokVault  *vault,
                          const char   *uuid,
                          GPtrArray    *values,
                          GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  guint version;

  g_return_val_if_fail (uuid != NULL && values != NULL, FALSE);
  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  if (!draft_of (db, uuid, &version, &template, error))
    goto fail;
  for (guint i = 0; i < values->len; i++)
    {
      SillokRecordValue *v = values->pdata[i];

      if (!set_in_transaction (db, uuid, version, template, v->path, v->value, error))
        goto fail;
    }
  if (touch (db, uuid, version, template, error) && sillok_db_commit (db, error))
    return TRUE;

fail:
  sillok_db_rollback (db);
  return FALSE;
}

typedef struct
{
  char   *path;
  GBytes *value;
} Row;

static void
row_free (Row *row)
{
  g_free (row->path);
  g_bytes_unref (row->value);
  g_free (row);
}

/* Rows of @table (field_values or redactions) in entries of @section. */
static GPtrArray *
section_rows (sqlite3     *db,
              const char  *table,
              const char  *column,
              const char  *uuid,
              guint        version,
              const char  *section,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT path, %s FROM %s WHERE record = ? AND version = ? "
                                          "AND substr (path, 1, ?) = ?", column, table);
  g_autofree char *prefix = g_strdup_printf ("%s[", section);
  g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, sql, error);
  GPtrArray *rows;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int (stmt, 3, strlen (prefix));
  sqlite3_bind_text (stmt, 4, prefix, -1, SQLITE_STATIC);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);

      row->path = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->value = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* Moves every value of @section's entries to the entry @map gives it
 * (-1: dropped), with redactions and search entries. */
static gboolean
remap_section (sqlite3        *db,
               const char     *uuid,
               guint           version,
               SillokTemplate *template,
               const char     *section,
               const int      *map,
               guint           old_count,
               guint           new_count,
               GError        **error)
{
  static const char *tables[][2] = { { "field_values", "value" }, { "redactions", "spans" } };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autoptr(GPtrArray) rows = section_rows (db, tables[t][0], tables[t][1], uuid, version, section, error);
      g_autofree char *del = g_strdup_printf ("DELETE FROM %s WHERE record = ? AND version = ? AND path = ?",
                                              tables[t][0]);
      g_autofree char *ins = g_strdup_printf ("INSERT INTO %s (record, version, path, %s) VALUES (?, ?, ?, ?)",
                                              tables[t][0], tables[t][1]);
      g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

      if (rows == NULL)
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = rows->pdata[i];
          g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, del, error);
          SillokFieldPath fp;

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, version);
          sqlite3_bind_text (stmt, 3, row->path, -1, SQLITE_STATIC);
          if (!step_done (db, stmt, _("Saving the record"), error))
            return FALSE;
          if (t == 0 && !sillok_search_index_value (db, uuid, row->path, NULL, error))
            return FALSE;
          if (!sillok_template_parse_path (template, row->path, &fp, NULL) || (guint) fp.index >= old_count
              || map[fp.index] < 0)
            continue;
          {
            Row *copy = g_new0 (Row, 1);

            copy->path = sillok_field_path_format (fp.section, map[fp.index], fp.field);
            copy->value = g_bytes_ref (row->value);
            g_ptr_array_add (moved, copy);
          }
        }
      for (guint i = 0; i < moved->len; i++)
        {
          Row *row = moved->pdata[i];
          g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, ins, error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, version);
          sqlite3_bind_text (stmt, 3, row->path, -1, SQLITE_STATIC);
          sqlite3_bind_blob (stmt, 4, g_bytes_get_data (row->value, NULL), g_bytes_get_size (row->value),
                             SQLITE_STATIC);
          if (!step_done (db, stmt, _("Saving the record"), error))
            return FALSE;
          if (t == 0)
            {
              SillokFieldPath fp;
              g_autoptr(JsonNode) value = sillok_jcs_parse (g_bytes_get_data (row->value, NULL),
                                                            g_bytes_get_size (row->value), NULL, 0, NULL);
              g_autofree char *text = NULL;

              sillok_template_parse_path (template, row->path, &fp, NULL);
              text = value != NULL ? searchable_text (fp.field, value) : NULL;
              if (!sillok_search_index_value (db, uuid, row->path, text, error))
                return FALSE;
            }
        }
    }
  return set_entry_count (db, uuid, version, section, new_count, error);
}

static SillokTemplateSection *
repeating_section (SillokTemplate *template,
                   const char     *section,
                   GError        **error)
{
  SillokTemplateSection *s = sillok_template_get_section (template, section);

  if (s == NULL || !s->repeat)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                   _("The template has no repeating section “%s”"), section);
      return NULL;
    }
  return s;
}

int
sillok_record_add_entry (SillokVault  *vault,
                         const char   *uuid,
                         const char   *section,
                         GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  guint version, count;

  if (db == NULL || !sillok_db_begin (db, error))
    return -1;
  if (!draft_of (db, uuid, &version, &template, error) || repeating_section (template, section, error) == NULL)
    goto fail;
  count = entry_count (db, uuid, version, section);
  if (!set_entry_count (db, uuid, version, section, count + 1, error)
      || !touch (db, uuid, version, template, error)
      || !sillok_db_commit (db, error))
    goto fail;
  return count;

fail:
  sillok_db_rollback (db);
  return -1;
}

static gboolean
change_entries (SillokVault  *vault,
                const char   *uuid,
                const char   *section,
                guint         index,
                int           to,
                GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  g_autofree int *map = NULL;
  guint version, count;

  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  if (!draft_of (db, uuid, &version, &template, error) || repeating_section (template, section, error) == NULL)
    goto fail;
  count = entry_count (db, uuid, version, section);
  if (index >= count || (to >= 0 && (guint) to >= count))
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND,
                   _("Section “%s” has %u entries: there is no entry %u"), section, count,
                   index >= count ? index : (guint) to);
      goto fail;
    }

  map = g_new (int, count);
  if (to < 0)
    for (guint i = 0; i < count; i++)
      map[i] = i < index ? (int) i : i == index ? -1 : (int) i - 1;
  else
    {
      /* Moving an entry shifts those between its old and new places by one. */
      for (guint i = 0; i < count; i++)
        {
          int j = i;

          if (i == index)
            j = to;
          else if (index < (guint) to && i > index && i <= (guint) to)
            j = i - 1;
          else if (index > (guint) to && i >= (guint) to && i < index)
            j = i + 1;
          map[i] = j;
        }
    }
  if (!remap_section (db, uuid, version, template, section, map, count, to < 0 ? count - 1 : count, error)
      || !touch (db, uuid, version, template, error)
      || !sillok_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  sillok_db_rollback (db);
  return FALSE;
}

gboolean
sillok_record_remove_entry (SillokVault  *vault,
                            const char   *uuid,
                            const char   *section,
                            guint         index,
                            GError      **error)
{
  return change_entries (vault, uuid, section, index, -1, error);
}

gboolean
sillok_record_move_entry (SillokVault  *vault,
                          const char   *uuid,
                          const char   *section,
                          guint         from,
                          guint         to,
                          GError      **error)
{
  return change_entries (vault, uuid, section, from, to, error);
}

static char *
spans_to_json (const SillokSpan *spans,
               guint             n)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s[%u,%u]", i > 0 ? "," : "", spans[i].start, spans[i].end);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static GArray *
spans_from_json (const char *json,
                 gsize       len)
{
  g_autoptr(JsonNode) root = sillok_jcs_parse (json, len, NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (SillokSpan));

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return spans;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *pair = json_array_get_element (json_node_get_array (root), i);
      SillokSpan span;

      if (!JSON_NODE_HOLDS_ARRAY (pair) || json_array_get_length (json_node_get_array (pair)) != 2)
        continue;
      span.start = json_array_get_int_element (json_node_get_array (pair), 0);
      span.end = json_array_get_int_element (json_node_get_array (pair), 1);
      g_array_append_val (spans, span);
    }
  return spans;
}

gboolean
sillok_record_set_redactions (SillokVault      *vault,
                              const char       *uuid,
                              const char       *path,
                              const SillokSpan *spans,
                              guint             n_spans,
                              GError          **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  SillokFieldPath fp;
  guint version;

  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  if (!draft_of (db, uuid, &version, &template, error))
    goto fail;
  if (!sillok_template_parse_path (template, path, &fp, &local_error))
    {
      invalid_path_error (error, local_error);
      goto fail;
    }
  if (fp.field->type != SILLOK_FIELD_LONGTEXT)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                   _("%s: only narratives have redacted spans"), path);
      goto fail;
    }
  /* Spans kept for an entry that does not exist would land on a later one. */
  if (fp.index >= 0 && (guint) fp.index >= entry_count (db, uuid, version, fp.section->id))
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND,
                   _("%s: section “%s” has no entry %d"), path, fp.section->id, fp.index);
      goto fail;
    }
  for (guint i = 0; i < n_spans; i++)
    if (spans[i].end <= spans[i].start)
      {
        g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                     _("%s: an empty or reversed span"), path);
        goto fail;
      }

  json = spans_to_json (spans, n_spans);
  stmt = sillok_db_prepare (db, n_spans > 0
                                ? "INSERT OR REPLACE INTO redactions (record, version, path, spans) VALUES (?, ?, ?, ?)"
                                : "DELETE FROM redactions WHERE record = ? AND version = ? AND path = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
  if (n_spans > 0)
    sqlite3_bind_blob (stmt, 4, json, strlen (json), SQLITE_STATIC);
  if (!step_done (db, stmt, _("Saving the record"), error)
      || !touch (db, uuid, version, template, error)
      || !sillok_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  sillok_db_rollback (db);
  return FALSE;
}

void
sillok_attachment_free (SillokAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->name);
  g_free (attachment->media_type);
  g_free (attachment->b2);
  g_free (attachment->sensitivity);
  g_free (attachment);
}

void
sillok_record_summary_free (SillokRecordSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->uuid);
  g_free (summary->template_id);
  g_free (summary->title);
  g_free (summary->updated);
  g_free (summary->name);
  g_free (summary);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  return text != NULL ? g_strdup (text) : NULL;
}

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, col), sqlite3_column_bytes (stmt, col));
}

static GStrv
disclosures_from_json (GBytes *json)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  SillokJsonLimits limits = { 64 * 1024 * 1024, 4, 1024 };

  if (json == NULL)
    return NULL;
  root = sillok_jcs_parse (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &limits, 0, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return g_strv_builder_end (builder);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (root), i);
      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

static SillokRecord *
record_new (void)
{
  SillokRecord *record = g_new0 (SillokRecord, 1);

  g_atomic_ref_count_init (&record->ref_count);
  record->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  record->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  record->redactions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  record->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_attachment_free);
  return record;
}

static gboolean
load_values (sqlite3      *db,
             SillokRecord *record,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sillok_db_prepare (db, "SELECT path, value FROM field_values WHERE record = ? AND version = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, record->version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonNode *value = sillok_jcs_parse (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                          NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
      if (value == NULL)
        {
          g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED,
                       _("Record %s: the stored value of %s is damaged"), record->uuid,
                       (const char *) sqlite3_column_text (stmt, 0));
          return FALSE;
        }
      g_hash_table_replace (record->values, column_dup (stmt, 0), value);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = sillok_db_prepare (db, "SELECT section, count FROM section_entries WHERE record = ? AND version = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, record->version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_replace (record->entries, column_dup (stmt, 0), GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = sillok_db_prepare (db, "SELECT path, spans FROM redactions WHERE record = ? AND version = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, record->version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_replace (record->redactions, column_dup (stmt, 0),
                          spans_from_json (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = sillok_db_prepare (db, "SELECT n, name, media_type, size, b2, sensitivity FROM attachments "
                                "WHERE record = ? AND version = ? ORDER BY n", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, record->version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SillokAttachment *a = g_new0 (SillokAttachment, 1);

      a->n = sqlite3_column_int (stmt, 0);
      a->name = column_dup (stmt, 1);
      a->media_type = column_dup (stmt, 2);
      a->size = sqlite3_column_int64 (stmt, 3);
      a->b2 = column_dup (stmt, 4);
      a->sensitivity = column_dup (stmt, 5);
      g_ptr_array_add (record->attachments, a);
    }
  return TRUE;
}

SillokRecord *
sillok_record_load (SillokVault  *vault,
                    const char   *uuid,
                    guint         version,
                    GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SillokRecord) record = NULL;
  g_autofree char *digest = NULL;

  g_return_val_if_fail (uuid != NULL, NULL);
  if (db == NULL)
    return NULL;

  stmt = sillok_db_prepare (db, "SELECT r.latest, v.version, v.status, v.template, v.title, v.updated, v.reason, "
                                "v.supersedes, v.sealed_at, v.statement_digest, v.statement, v.signature, "
                                "v.disclosures FROM records r JOIN versions v ON v.record = r.uuid "
                                "WHERE r.uuid = ? AND v.version = CASE WHEN ? = 0 THEN r.latest ELSE ? END", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int (stmt, 3, version);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (version > 0)
        g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND,
                     _("There is no version %u of record %s in this vault"), version, uuid);
      else
        g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND,
                     _("There is no record %s in this vault"), uuid);
      return NULL;
    }

  record = record_new ();
  record->uuid = g_strdup (uuid);
  record->latest = sqlite3_column_int (stmt, 0);
  record->version = sqlite3_column_int (stmt, 1);
  record->status = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "sealed") == 0
                   ? SILLOK_RECORD_SEALED : SILLOK_RECORD_DRAFT;
  digest = column_dup (stmt, 3);
  record->title = column_dup (stmt, 4);
  record->updated = column_dup (stmt, 5);
  record->reason = column_dup (stmt, 6);
  record->supersedes = column_dup (stmt, 7);
  record->sealed_at = column_dup (stmt, 8);
  record->statement_digest = column_dup (stmt, 9);
  record->statement = column_bytes (stmt, 10);
  record->signature = column_bytes (stmt, 11);
  {
    g_autoptr(GBytes) disclosures = column_bytes (stmt, 12);
    record->disclosures = disclosures_from_json (disclosures);
  }
  g_clear_pointer (&stmt, sqlite3_finalize);

  record->template = sillok_record_template (db, digest, error);
  if (record->template == NULL || !load_values (db, record, error))
    return NULL;
  return g_steal_pointer (&record);
}

SillokRecord *
sillok_record_ref (SillokRecord *record)
{
  g_atomic_ref_count_inc (&record->ref_count);
  return record;
}

void
sillok_record_unref (SillokRecord *record)
{
  if (record == NULL || !g_atomic_ref_count_dec (&record->ref_count))
    return;
  g_free (record->uuid);
  g_clear_pointer (&record->template, sillok_template_unref);
  g_free (record->title);
  g_free (record->updated);
  g_free (record->reason);
  g_free (record->supersedes);
  g_free (record->sealed_at);
  g_free (record->statement_digest);
  g_clear_pointer (&record->statement, g_bytes_unref);
  g_clear_pointer (&record->signature, g_bytes_unref);
  g_strfreev (record->disclosures);
  g_hash_table_unref (record->values);
  g_hash_table_unref (record->entries);
  g_hash_table_unref (record->redactions);
  g_ptr_array_unref (record->attachments);
  g_free (record);
}

const char *
sillok_record_get_uuid (SillokRecord *record)
{
  return record->uuid;
}

guint
sillok_record_get_version (SillokRecord *record)
{
  return record->version;
}

guint
sillok_record_get_latest (SillokRecord *record)
{
  return record->latest;
}

SillokRecordStatus
sillok_record_get_status (SillokRecord *record)
{
  return record->status;
}

SillokTemplate *
sillok_record_get_template (SillokRecord *record)
{
  return record->template;
}

const char *
sillok_record_get_title (SillokRecord *record)
{
  return record->title;
}

const char *
sillok_record_get_updated (SillokRecord *record)
{
  return record->updated;
}

JsonNode *
sillok_record_get_value (SillokRecord *record,
                         const char   *path)
{
  return g_hash_table_lookup (record->values, path);
}

guint
sillok_record_get_entry_count (SillokRecord *record,
                               const char   *section)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (record->entries, section));
}

GPtrArray *
sillok_record_get_paths (SillokRecord *record)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *sections = sillok_template_get_sections (record->template);

  for (guint s = 0; s < sections->len; s++)
    {
      SillokTemplateSection *section = sections->pdata[s];
      int entries = section->repeat ? (int) sillok_record_get_entry_count (record, section->id) : 1;

      for (int e = 0; e < entries; e++)
        for (guint f = 0; f < section->fields->len; f++)
          {
            char *path = sillok_field_path_format (section, section->repeat ? e : -1, section->fields->pdata[f]);

            if (g_hash_table_contains (record->values, path))
              g_ptr_array_add (paths, path);
            else
              g_free (path);
          }
    }
  return paths;
}

GArray *
sillok_record_get_redactions (SillokRecord *record,
                              const char   *path)
{
  GArray *spans = g_hash_table_lookup (record->redactions, path);
  return spans != NULL ? g_array_ref (spans) : g_array_new (FALSE, FALSE, sizeof (SillokSpan));
}

GPtrArray *
sillok_record_get_attachments (SillokRecord *record)
{
  return record->attachments;
}

const char *
sillok_record_get_statement_digest (SillokRecord *record)
{
  return record->statement_digest;
}

GBytes *
sillok_record_get_statement (SillokRecord *record)
{
  return record->statement;
}

GBytes *
sillok_record_get_signature (SillokRecord *record)
{
  return record->signature;
}

GStrv
sillok_record_get_disclosures (SillokRecord *record)
{
  return record->disclosures;
}

const char *
sillok_record_get_sealed_at (SillokRecord *record)
{
  return record->sealed_at;
}

const char *
sillok_record_get_supersedes (SillokRecord *record)
{
  return record->supersedes;
}

const char *
sillok_record_get_reason (SillokRecord *record)
{
  return record->reason;
}

char *
sillok_record_get_signer (SillokRecord *record)
{
  g_autoptr(JsonNode) root = NULL;

  if (record->statement == NULL)
    return NULL;
  root = sillok_jcs_parse (g_bytes_get_data (record->statement, NULL), g_bytes_get_size (record->statement),
                           NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root), "signer", NULL));
}

/* The statement every listing shares: @select, then the records filtered
 * by ?2 the status and ?3 the template id (each NULL for any) and by every
 * word typed (?7, ?8, …: each word may match in any of the record's values),
 * then @tail.  The unary + keeps SQLite from starting at the matches
 * (looking up every matching record, then sorting them all): walking the
 * records in list order and stopping at the end of the page reads far
 * fewer pages. */
static sqlite3_stmt *
prepare_query (sqlite3                 *db,
               const char              *select,
               const SillokRecordQuery *query,
               const char              *tail,
               GError                 **error)
{
  g_auto(GStrv) terms = query->search != NULL ? sillok_search_terms (query->search) : NULL;
  g_autoptr(GString) sql = g_string_new (select);
  sqlite3_stmt *stmt;
  guint n_terms = terms != NULL ? g_strv_length (terms) : 0;

  g_string_append (sql, " FROM records r "
                        "JOIN versions v ON v.record = r.uuid AND v.version = r.latest "
                        "JOIN templates t ON t.digest = v.template "
                        "WHERE (?2 IS NULL OR v.status = ?2) AND (?3 IS NULL OR t.id = ?3)");
  for (guint i = 0; i < n_terms; i++)
    g_string_append_printf (sql, " AND +r.uuid IN (SELECT record FROM search_docs WHERE docid IN "
                                 "(SELECT docid FROM search WHERE search MATCH ?%u))", i + 7);
  g_string_append_printf (sql, " %s", tail);
  stmt = sillok_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (query->status >= 0)
    sqlite3_bind_text (stmt, 2, query->status == SILLOK_RECORD_SEALED ? "sealed" : "draft", -1, SQLITE_STATIC);
  if (query->template_id != NULL)
    sqlite3_bind_text (stmt, 3, query->template_id, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < n_terms; i++)
    sqlite3_bind_text (stmt, i + 7, terms[i], -1, SQLITE_TRANSIENT);
  return stmt;
}

GPtrArray *
sillok_record_query (SillokVault             *vault,
                     const SillokRecordQuery *query,
                     guint                    offset,
                     guint                    limit,
                     GError                 **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (query != NULL, NULL);
  if (db == NULL)
    return NULL;
  stmt = prepare_query (db, "SELECT r.uuid, r.latest, v.status, t.id, v.title, r.updated, "
                            "CASE WHEN ?6 THEN (SELECT value FROM field_values f WHERE f.record = r.uuid "
                            "  AND f.version = r.latest AND f.path = 'interviewee.name') END",
                        query, "ORDER BY r.updated DESC, r.uuid LIMIT ?4 OFFSET ?5", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 4, limit == 0 ? G_MAXINT64 : (gint64) limit);
  sqlite3_bind_int64 (stmt, 5, offset);
  sqlite3_bind_int (stmt, 6, query->with_names ? 1 : 0);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_record_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SillokRecordSummary *summary = g_new0 (SillokRecordSummary, 1);

      summary->uuid = column_dup (stmt, 0);
      summary->version = sqlite3_column_int (stmt, 1);
      summary->status = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "sealed") == 0
                        ? SILLOK_RECORD_SEALED : SILLOK_RECORD_DRAFT;
      summary->template_id = column_dup (stmt, 3);
      summary->title = column_dup (stmt, 4);
      summary->updated = column_dup (stmt, 5);
      if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        {
          g_autoptr(JsonNode) name = sillok_jcs_parse (sqlite3_column_blob (stmt, 6), sqlite3_column_bytes (stmt, 6),
                                                       NULL, 0, NULL);

          if (name != NULL && JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
            summary->name = g_strdup (json_node_get_string (name));
        }
      g_ptr_array_add (list, summary);
    }
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Listing the records"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
sillok_record_count (SillokVault             *vault,
                     const SillokRecordQuery *query,
                     GError                 **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (query != NULL, -1);
  if (db == NULL)
    return -1;
  stmt = prepare_query (db, "SELECT count(*)", query, "", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED, _("The records could not be counted: %s"),
                   sqlite3_errmsg (db));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

GPtrArray *
sillok_record_list (SillokVault  *vault,
                    const char   *search,
                    guint         offset,
                    guint         limit,
                    GError      **error)
{
  SillokRecordQuery query = { search, -1, NULL, FALSE };

  return sillok_record_query (vault, &query, offset, limit, error);
}

static const char *
default_sensitivity (const char *media_type)
{
  /* Voices and faces identify people: withheld unless the interviewer says otherwise. */
  if (g_str_has_prefix (media_type, "audio/") || g_str_has_prefix (media_type, "video/")
      || g_str_has_prefix (media_type, "image/"))
    return "identifying";
  return "open";
}

static gboolean
attachment_name_ok (const char *name)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || strlen (name) > 255
      || strchr (name, '/') != NULL || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Bidirectional overrides would show "gpj.exe" as "exe.jpg". */
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
          || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
    }
  return TRUE;
}

/* type/subtype with the characters of RFC 6838 names. */
static gboolean
media_type_ok (const char *media_type)
{
  static GRegex *re;

  if (g_once_init_enter (&re))
    g_once_init_leave (&re, g_regex_new ("^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
                                         "/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$",
                                         G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY, 0, NULL));
  return g_regex_match (re, media_type, 0, NULL);
}

gboolean
sillok_record_attach (SillokVault        *vault,
                      const char         *uuid,
                      GInputStream       *input,
                      const char         *name,
                      const char         *media_type,
                      const char         *sensitivity,
                      SillokProgressFunc  progress,
                      gpointer            progress_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  static const char *sensitivities[] = { "identifying", "quasi", "open", "legal", NULL };
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(SillokBlob) blob = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *guessed = NULL;
  guint version;
  int n, rc;

  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);
  if (db == NULL)
    return FALSE;
  if (!attachment_name_ok (name))
    {
      g_set_error_literal (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                           _("An attachment needs a file name without slashes or control characters"));
      return FALSE;
    }
  if (media_type == NULL)
    {
      g_autofree char *type = g_content_type_guess (name, NULL, 0, NULL);
      guessed = g_content_type_get_mime_type (type);
      media_type = guessed != NULL ? guessed : "application/octet-stream";
    }
  if (!media_type_ok (media_type))
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                   _("“%s” is not a media type such as audio/ogg"), media_type);
      return FALSE;
    }
  if (sensitivity == NULL)
    sensitivity = default_sensitivity (media_type);
  if (!g_strv_contains (sensitivities, sensitivity))
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                   _("Unknown sensitivity “%s”: use identifying, quasi, open or legal"), sensitivity);
      return FALSE;
    }

  /* Refuse a sealed record before streaming anything. */
  if (!sillok_db_begin (db, error))
    return FALSE;
  if (!draft_of (db, uuid, &version, &template, error))
    {
      sillok_db_rollback (db);
      return FALSE;
    }
  sillok_db_rollback (db);

  blob = sillok_blob_store (vault, input, progress, progress_data, cancellable, error);
  if (blob == NULL || !sillok_db_begin (db, error))
    goto fail_blob;
  g_clear_pointer (&template, sillok_template_unref);
  if (!draft_of (db, uuid, &version, &template, error))
    goto fail;

  stmt = sillok_db_prepare (db, "SELECT coalesce (max (n) + 1, 0) FROM attachments WHERE record = ? AND version = ?",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = sillok_db_prepare (db, "INSERT INTO attachments (record, version, n, blob, key, name, media_type, size, b2, "
                                "sensitivity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int (stmt, 3, n);
  sqlite3_bind_text (stmt, 4, blob->name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, sillok_secret_get_data (blob->key), sillok_secret_get_length (blob->key),
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, media_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, blob->size);
  sqlite3_bind_text (stmt, 9, blob->b2, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, sensitivity, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Saving the attachment"));
      goto fail;
    }
  if (!touch (db, uuid, version, template, error) || !sillok_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  sillok_db_rollback (db);
fail_blob:
  if (blob != NULL)
    sillok_blob_delete (vault, blob->name, NULL);
  return FALSE;
}

static SillokBlob *
attachment_blob (sqlite3     *db,
                 const char  *uuid,
                 guint        version,
                 guint        n,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SillokSecret) key = NULL;

  stmt = sillok_db_prepare (db, "SELECT blob, key, size, b2 FROM attachments WHERE record = ? AND version = ? AND n = ?",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int (stmt, 3, n);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_FOUND,
                   _("Record %s version %u has no attachment %u"), uuid, version, n);
      return NULL;
    }
  key = sillok_secret_new_from_data (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  return sillok_blob_new ((const char *) sqlite3_column_text (stmt, 0), key, sqlite3_column_int64 (stmt, 2),
                          (const char *) sqlite3_column_text (stmt, 3));
}

gboolean
sillok_record_detach (SillokVault  *vault,
                      const char   *uuid,
                      guint         n,
                      GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(SillokBlob) blob = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean shared = FALSE;
  guint version;

  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  if (!draft_of (db, uuid, &version, &template, error)
      || (blob = attachment_blob (db, uuid, version, n, error)) == NULL)
    goto fail;
  stmt = sillok_db_prepare (db, "DELETE FROM attachments WHERE record = ? AND version = ? AND n = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int (stmt, 3, n);
  if (!step_done (db, stmt, _("Removing the attachment"), error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);
  /* Sealed versions keep their blobs. */
  stmt = sillok_db_prepare (db, "SELECT 1 FROM attachments WHERE blob = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, blob->name, -1, SQLITE_STATIC);
  shared = sqlite3_step (stmt) == SQLITE_ROW;
  if (!touch (db, uuid, version, template, error) || !sillok_db_commit (db, error))
    goto fail;
  if (!shared)
    sillok_blob_delete (vault, blob->name, NULL);
  return TRUE;

fail:
  sillok_db_rollback (db);
  return FALSE;
}

SillokBlob *
sillok_record_attachment_blob (SillokVault  *vault,
                               const char   *uuid,
                               guint         version,
                               guint         n,
                               GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);

  if (db == NULL)
    return NULL;
  if (version == 0)
    {
      g_autoptr(SillokRecord) record = sillok_record_load (vault, uuid, 0, error);
      if (record == NULL)
        return NULL;
      version = record->version;
    }
  return attachment_blob (db, uuid, version, n, error);
}

GInputStream *
sillok_record_open_attachment (SillokVault  *vault,
                               const char   *uuid,
                               guint         version,
                               guint         n,
                               GError      **error)
{
  g_autoptr(SillokBlob) blob = sillok_record_attachment_blob (vault, uuid, version, n, error);

  if (blob == NULL)
    return NULL;
  return sillok_blob_open (vault, blob, error);
}
