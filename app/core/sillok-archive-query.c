/* sillok-archive-query.c: reading the archive — lists, persons, statistics, analyst tables
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-anonymity.h"
#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-archive.h"
#include "sillok/sillok-audit.h"
#include "sillok/sillok-bundle.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-template.h"
#include "sillok/sillok-value.h"
#include "sillok-archive-private.h"
#include "sillok-bundle-reader-private.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"

static const char *const dimension_names[] = { "site", "province", "year", "category", "organ", "ilo" };

void
sillok_archive_record_free (SillokArchiveRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->record);
  g_free (record->signer);
  g_free (record->title);
  g_free (record->sealed);
  g_free (record->pseudonym);
  g_free (record);
}

void
sillok_archive_version_free (SillokArchiveVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->digest);
  g_free (version->signer);
  g_free (version->supersedes);
  g_ptr_array_unref (version->names);
  g_ptr_array_unref (version->values);
  g_clear_pointer (&version->sections, g_ptr_array_unref);
  g_clear_pointer (&version->labels, g_ptr_array_unref);
  g_clear_pointer (&version->texts, g_ptr_array_unref);
  g_free (version->template);
  g_strfreev (version->bundles);
  g_free (version);
}

void
sillok_archive_count_free (SillokArchiveCount *count)
{
  if (count == NULL)
    return;
  g_free (count->key);
  g_free (count->label);
  g_free (count);
}

const char *
sillok_archive_dimension_to_string (SillokArchiveDimension dimension)
{
  return dimension < G_N_ELEMENTS (dimension_names) ? dimension_names[dimension] : "?";
}

gboolean
sillok_archive_dimension_from_string (const char             *str,
                                      SillokArchiveDimension *dimension)
{
  for (guint i = 0; i < G_N_ELEMENTS (dimension_names); i++)
    if (g_strcmp0 (str, dimension_names[i]) == 0)
      {
        *dimension = i;
        return TRUE;
      }
  return FALSE;
}

/* The values of the latest version of @record: name → JsonNode. */
static GHashTable *
latest_values (sqlite3    *db,
               const char *record,
               guint       version)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT name, value FROM archive_values WHERE record = ? AND version = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return values;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonNode *node = sillok_jcs_parse (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), NULL, 0, NULL);

      if (node != NULL)
        g_hash_table_replace (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), node);
    }
  return values;
}

static const char *
string_of (GHashTable *values,
           const char *name)
{
  JsonNode *node = g_hash_table_lookup (values, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A site value for people: its name in the user's language, or the free text. */
static const char *
site_name (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0)
    return NULL;
  if (json_array_get_length (array) == 3)
    return json_array_get_string_element (array, g_strcmp0 (sillok_text_language (), "ko") == 0 ? 2 : 1);
  return json_array_get_string_element (array, 0);
}

/* The entry values of a repeating field, in entry order: "episodes", "site". */
static GPtrArray *
entry_values (GHashTable *values,
              const char *section,
              const char *field)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s[%u].%s", section, i, field);
      JsonNode *node = g_hash_table_lookup (values, name);
      g_autofree char *probe = g_strdup_printf ("%s[%u].", section, i);
      gboolean any = node != NULL;

      if (!any)
        {
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, values);
          while (!any && g_hash_table_iter_next (&iter, &key, NULL))
            any = g_str_has_prefix (key, probe);
          if (!any)
            break;
          continue;
        }
      g_ptr_array_add (out, node);
    }
  return out;
}

static char *
title_of (GHashTable *values)
{
  g_autoptr(GPtrArray) sites = entry_values (values, "episodes", "site");
  const char *date = string_of (values, "interview.date@anon");
  GString *title = g_string_new (NULL);

  if (date == NULL)
    date = string_of (values, "interview.date");
  for (guint i = 0; i < sites->len; i++)
    {
      const char *name = site_name (sites->pdata[i]);

      if (name != NULL && !g_strstr_len (title->str, -1, name))
        g_string_append_printf (title, "%s%s", title->len > 0 ? ", " : "", name);
    }
  if (date != NULL)
    g_string_append_printf (title, "%s%s", title->len > 0 ? " · " : "", date);
  return g_string_free (title, FALSE);
}

GPtrArray *
sillok_archive_list (SillokVault  *vault,
                     const char   *search,
                     GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = NULL;
  GPtrArray *list;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT v.record, v.version, v.signer, "
                                "(SELECT count (*) FROM archive_versions c WHERE c.record = v.record), "
                                "NOT EXISTS (SELECT 1 FROM archive_versions c WHERE c.record = v.record AND NOT c.complete), "
                                "(SELECT count (*) FROM archive_conflicts c WHERE c.record = v.record) "
                                "FROM archive_versions v JOIN archive_bundles b ON b.bundle = v.bundle "
                                "WHERE v.version = (SELECT max (version) FROM archive_versions m WHERE m.record = v.record) "
                                "AND (?1 IS NULL OR EXISTS (SELECT 1 FROM archive_values a WHERE a.record = v.record "
                                "  AND a.version = v.version AND a.value LIKE ?1 ESCAPE '\\')) "
                                "ORDER BY b.imported_at DESC, v.record", error);
  if (stmt == NULL)
    return NULL;
  if (search != NULL && *search != '\0')
    {
      GString *p = g_string_new ("%");

      for (const char *c = search; *c != '\0'; c++)
        {
          if (*c == '%' || *c == '_' || *c == '\\')
            g_string_append_c (p, '\\');
          g_string_append_c (p, *c);
        }
      g_string_append_c (p, '%');
      pattern = g_string_free (p, FALSE);
      sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
    }

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_archive_record_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SillokArchiveRecord *r = g_new0 (SillokArchiveRecord, 1);
      g_autoptr(GHashTable) values = NULL;
      const char *sealed;

      r->record = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      r->version = sqlite3_column_int (stmt, 1);
      r->signer = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      r->versions = sqlite3_column_int (stmt, 3);
      r->complete = sqlite3_column_int (stmt, 4);
      r->conflicts = sqlite3_column_int (stmt, 5);
      values = latest_values (db, r->record, r->version);
      r->title = title_of (values);
      sealed = string_of (values, "$sealed_at");
      r->sealed = g_strdup (sealed != NULL ? sealed : string_of (values, "$sealed_at@anon"));
      r->pseudonym = g_strdup (string_of (values, "$pseudonym"));
      g_ptr_array_add (list, r);
    }
  return list;
}

static guint
statement_digests (GBytes *statement)
{
  g_autoptr(JsonNode) root = sillok_jcs_parse (g_bytes_get_data (statement, NULL), g_bytes_get_size (statement),
                                               NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
  JsonNode *list;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  list = json_object_get_member (json_node_get_object (root), "disclosures");
  return list != NULL && JSON_NODE_HOLDS_ARRAY (list) ? json_array_get_length (json_node_get_array (list)) : 0;
}

/* Every disclosed value of @v as a reader reads it, under the template the
 * version was made with (when the vault has it), in the user's language. */
static void
describe_values (sqlite3              *db,
                 SillokArchiveVersion *v)
{
  g_autoptr(SillokTemplate) template = v->template != NULL ? sillok_record_template (db, v->template, NULL) : NULL;
  const char *language = sillok_text_language ();

  v->sections = g_ptr_array_new_with_free_func (g_free);
  v->labels = g_ptr_array_new_with_free_func (g_free);
  v->texts = g_ptr_array_new_with_free_func (g_free);
  for (guint n = 0; n < v->names->len; n++)
    {
      const char *json = v->values->pdata[n];
      g_autoptr(JsonNode) value = sillok_jcs_parse (json, strlen (json), NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
      char *section = NULL, *label = NULL, *text = NULL;

      if (value != NULL)
        sillok_value_describe (template, v->names->pdata[n], value, language, &section, &label, &text);
      else
        {
          label = g_strdup (v->names->pdata[n]);
          text = g_strdup (json);
        }
      g_ptr_array_add (v->sections, section);
      g_ptr_array_add (v->labels, label);
      g_ptr_array_add (v->texts, text);
    }
}

GPtrArray *
sillok_archive_versions (SillokVault  *vault,
                         const char   *record,
                         GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *versions;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT version, digest, signer, supersedes, complete, statement, template "
                                "FROM archive_versions WHERE record = ? ORDER BY version", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_STATIC);
  versions = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_archive_version_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SillokArchiveVersion *v = g_new0 (SillokArchiveVersion, 1);
      g_autoptr(sqlite3_stmt) values = NULL;
      g_autoptr(sqlite3_stmt) sources = NULL;
      g_autoptr(GBytes) statement = g_bytes_new (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));
      g_autoptr(GStrvBuilder) bundles = g_strv_builder_new ();

      v->version = sqlite3_column_int (stmt, 0);
      v->digest = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      v->signer = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      v->supersedes = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      v->complete = sqlite3_column_int (stmt, 4);
      v->template = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      v->names = g_ptr_array_new_with_free_func (g_free);
      v->values = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (versions, v);

      if (sqlite3_prepare_v2 (db, "SELECT name, value FROM archive_values WHERE record = ? AND version = ? ORDER BY name",
                              -1, &values, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (values, 1, record, -1, SQLITE_STATIC);
          sqlite3_bind_int (values, 2, v->version);
          while (sqlite3_step (values) == SQLITE_ROW)
            {
              g_ptr_array_add (v->names, g_strdup ((const char *) sqlite3_column_text (values, 0)));
              g_ptr_array_add (v->values, g_strndup (sqlite3_column_blob (values, 1), sqlite3_column_bytes (values, 1)));
            }
        }
      v->withheld = statement_digests (statement) - v->names->len;
      describe_values (db, v);
      if (sqlite3_prepare_v2 (db, "SELECT bundle FROM archive_sources WHERE record = ? AND version = ? ORDER BY bundle",
                              -1, &sources, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (sources, 1, record, -1, SQLITE_STATIC);
          sqlite3_bind_int (sources, 2, v->version);
          while (sqlite3_step (sources) == SQLITE_ROW)
            g_strv_builder_add (bundles, (const char *) sqlite3_column_text (sources, 0));
        }
      v->bundles = g_strv_builder_end (bundles);
    }
  if (versions->len == 0)
    {
      g_ptr_array_unref (versions);
      g_set_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_NOT_FOUND,
                   _("The archive has no record %s"), record);
      return NULL;
    }
  return versions;
}

GHashTable *
sillok_archive_persons (SillokVault  *vault,
                        GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *persons;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT DISTINCT a.value, a.record FROM archive_values a WHERE a.name = '$pseudonym' "
                                "AND a.version = (SELECT max (version) FROM archive_versions m WHERE m.record = a.record) "
                                "ORDER BY a.value, a.record", error);
  if (stmt == NULL)
    return NULL;
  persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) value = sillok_jcs_parse (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                                    NULL, 0, NULL);
      const char *pseudonym;
      GPtrArray *records;

      if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
        continue;
      pseudonym = json_node_get_string (value);
      records = g_hash_table_lookup (persons, pseudonym);
      if (records == NULL)
        {
          records = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (persons, g_strdup (pseudonym), records);
        }
      g_ptr_array_add (records, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  return persons;
}

/* The keys a value (disclosed as @disclosed) stands for in a statistic.  An
 * episode at a site of the gazetteer counts for the site's province too,
 * whether or not its own province was given. */
static void
keys_of (SillokArchiveDimension dimension,
         const char            *disclosed,
         JsonNode              *value,
         GPtrArray             *out)
{
  if (dimension == SILLOK_ARCHIVE_BY_PROVINCE && g_str_has_suffix (disclosed, ".site"))
    {
      SillokGazetteer *gazetteer = sillok_record_gazetteer ();
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;
      const SillokSite *site = NULL;

      /* A gazetteer site is disclosed as [id, English name, Korean name]. */
      if (gazetteer != NULL && array != NULL && json_array_get_length (array) == 3)
        site = sillok_gazetteer_lookup (gazetteer, json_array_get_string_element (array, 0));
      if (site != NULL && site->province != NULL)
        g_ptr_array_add (out, g_strdup (site->province));
    }
  else if (dimension == SILLOK_ARCHIVE_BY_SITE)
    {
      const char *name = site_name (value);
      if (name != NULL)
        g_ptr_array_add (out, g_strdup (name));
    }
  else if (JSON_NODE_HOLDS_ARRAY (value))
    {
      for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
        g_ptr_array_add (out, g_strdup (json_array_get_string_element (json_node_get_array (value), i)));
    }
  else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (value);

      /* Years: "1998" or the start of a band. */
      g_ptr_array_add (out, dimension == SILLOK_ARCHIVE_BY_YEAR ? g_strndup (s, 4) : g_strdup (s));
    }
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const SillokArchiveCount *x = *(SillokArchiveCount **) a, *y = *(SillokArchiveCount **) b;

  if (x->records != y->records)
    return x->records > y->records ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

/* A statistic's key in the user's language: a province by its name, a
 * category, organ or indicator by its choice's label under the template
 * of the version that named it (@template, @name); sites and years are
 * already words. */
static char *
key_label (sqlite3                *db,
           SillokArchiveDimension  dimension,
           const char             *template_digest,
           const char             *name,
           const char             *key)
{
  const char *language = sillok_text_language ();
  g_autoptr(SillokTemplate) template = NULL;
  SillokFieldPath fp;
  const SillokChoice *choice;

  if (dimension == SILLOK_ARCHIVE_BY_PROVINCE)
    {
      const SillokProvince *p = sillok_province_lookup (key);

      return g_strdup (p == NULL ? key : g_str_equal (language, "ko") ? p->ko : p->en);
    }
  if (dimension != SILLOK_ARCHIVE_BY_CATEGORY && dimension != SILLOK_ARCHIVE_BY_ORGAN
      && dimension != SILLOK_ARCHIVE_BY_ILO_INDICATOR)
    return g_strdup (key);
  if (template_digest != NULL)
    template = sillok_record_template (db, template_digest, NULL);
  if (template == NULL || name == NULL || !sillok_template_parse_path (template, name, &fp, NULL)
      || (choice = sillok_template_field_get_choice (fp.field, key)) == NULL)
    return g_strdup (key);
  return g_strdup (sillok_text_get (&choice->label, language));
}

/* For each key of @dimension, the records whose latest version mentions it
 * (key → a set of record UUIDs), and each key's label in @labels. */
static GHashTable *
records_by_key (sqlite3                *db,
                SillokArchiveDimension  dimension,
                GHashTable             *labels,
                GError                **error)
{
  static const char *const patterns[] = {
    "episodes[%].site", "episodes[%].province", "episodes[%].from@anon", "episodes[%].category",
    "episodes[%].organ", "episodes[%].ilo_indicators",
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_hash_table_unref);

  g_return_val_if_fail (dimension < G_N_ELEMENTS (patterns), NULL);
  stmt = sillok_db_prepare (db, "SELECT a.record, a.value, a.name, "
                                "(SELECT template FROM archive_versions t WHERE t.record = a.record AND t.version = a.version) "
                                "FROM archive_values a WHERE (a.name LIKE ?1 OR a.name LIKE ?2) "
                                "AND a.version = (SELECT max (version) FROM archive_versions m WHERE m.record = a.record)",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patterns[dimension], -1, SQLITE_STATIC);
  /* Provinces: the episodes' own, and those of their gazetteer sites. */
  sqlite3_bind_text (stmt, 2, dimension == SILLOK_ARCHIVE_BY_PROVINCE ? "episodes[%].site" : patterns[dimension], -1,
                     SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *record = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(JsonNode) node = sillok_jcs_parse (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                                   NULL, 0, NULL);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (node == NULL)
        continue;
      keys_of (dimension, (const char *) sqlite3_column_text (stmt, 2), node, keys);
      for (guint i = 0; i < keys->len; i++)
        {
          GHashTable *set = g_hash_table_lookup (records, keys->pdata[i]);

          if (labels != NULL && !g_hash_table_contains (labels, keys->pdata[i]))
            g_hash_table_insert (labels, g_strdup (keys->pdata[i]),
                                 key_label (db, dimension, (const char *) sqlite3_column_text (stmt, 3),
                                            (const char *) sqlite3_column_text (stmt, 2), keys->pdata[i]));
          if (set == NULL)
            {
              set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              g_hash_table_insert (records, g_strdup (keys->pdata[i]), set);
            }
          /* A record counts once per key, however many episodes name it. */
          g_hash_table_add (set, g_strdup (record));
        }
    }
  return g_steal_pointer (&records);
}

GPtrArray *
sillok_archive_stats (SillokVault             *vault,
                      SillokArchiveDimension   dimension,
                      GError                 **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) records = NULL;
  GPtrArray *out;
  GHashTableIter iter;
  gpointer key, value;

  if (db == NULL || (records = records_by_key (db, dimension, labels, error)) == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_archive_count_free);
  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SillokArchiveCount *c = g_new0 (SillokArchiveCount, 1);

      c->key = g_strdup (key);
      c->label = g_strdup (g_hash_table_lookup (labels, key));
      c->records = g_hash_table_size (value);
      g_ptr_array_add (out, c);
    }
  g_ptr_array_sort (out, compare_counts);
  return out;
}

GPtrArray *
sillok_archive_list_filtered (SillokVault             *vault,
                              const char              *search,
                              SillokArchiveDimension   dimension,
                              const char              *key,
                              GError                 **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GPtrArray *out;
  GHashTable *set;

  g_return_val_if_fail (key != NULL, NULL);

  if (db == NULL || (records = records_by_key (db, dimension, NULL, error)) == NULL
      || (list = sillok_archive_list (vault, search, error)) == NULL)
    return NULL;
  set = g_hash_table_lookup (records, key);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_archive_record_free);
  for (guint i = 0; i < list->len; i++)
    {
      SillokArchiveRecord *r = list->pdata[i];

      /* Moved, not copied: the list frees what is left (NULL is skipped). */
      if (set != NULL && g_hash_table_contains (set, r->record))
        g_ptr_array_add (out, g_steal_pointer (&list->pdata[i]));
    }
  return out;
}

typedef struct
{
  char *name;
  char *value;
} NamedValue;

static int
compare_named (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const NamedValue *) a)->name, ((const NamedValue *) b)->name);
}

/* The names and values of a kept disclosures array (JSON strings), sorted
 * by name; disclosures that do not parse are left out (they were checked
 * when the bundle was verified). */
static void
received_values (SillokArchiveVersion *v,
                 const void           *json,
                 gsize                 len)
{
  g_autoptr(JsonNode) root = sillok_jcs_parse (json, len, NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (NamedValue));
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *encoded = json_array_get_string_element (array, i);
      SillokDisclosure *d = encoded != NULL ? sillok_disclosure_parse (encoded, strlen (encoded), NULL) : NULL;
      NamedValue pair;

      if (d == NULL)
        continue;
      pair.name = g_strdup (sillok_disclosure_get_name (d));
      pair.value = g_strdup (sillok_disclosure_get_value_json (d));
      g_array_append_val (pairs, pair);
      sillok_disclosure_free (d);
    }
  g_array_sort (pairs, compare_named);
  for (guint i = 0; i < pairs->len; i++)
    {
      g_ptr_array_add (v->names, g_array_index (pairs, NamedValue, i).name);
      g_ptr_array_add (v->values, g_array_index (pairs, NamedValue, i).value);
    }
}

void
sillok_archive_conflict_free (SillokArchiveConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->record);
  g_free (conflict->kept);
  g_clear_pointer (&conflict->received, sillok_archive_version_free);
  g_free (conflict);
}

GPtrArray *
sillok_archive_conflict_list (SillokVault  *vault,
                              const char   *record,
                              GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *out;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT c.record, c.version, v.digest, c.digest, c.statement, c.disclosures, c.bundle "
                                "FROM archive_conflicts c "
                                "LEFT JOIN archive_versions v ON v.record = c.record AND v.version = c.version "
                                "WHERE ?1 IS NULL OR c.record = ?1 ORDER BY c.record, c.version, c.digest", error);
  if (stmt == NULL)
    return NULL;
  if (record != NULL)
    sqlite3_bind_text (stmt, 1, record, -1, SQLITE_STATIC);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_archive_conflict_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SillokArchiveConflict *c = g_new0 (SillokArchiveConflict, 1);
      SillokArchiveVersion *v = g_new0 (SillokArchiveVersion, 1);
      g_autoptr(GBytes) statement = g_bytes_new (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));
      g_autoptr(JsonNode) root = sillok_jcs_parse (g_bytes_get_data (statement, NULL), g_bytes_get_size (statement),
                                                   NULL, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
      const char *bundle[] = { (const char *) sqlite3_column_text (stmt, 6), NULL };
      guint digests;

      c->record = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->version = sqlite3_column_int (stmt, 1);
      c->kept = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      v->version = c->version;
      v->digest = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *o = json_node_get_object (root);
          JsonNode *supersedes = json_object_get_member (o, "supersedes");

          v->signer = g_strdup (json_object_get_string_member_with_default (o, "signer", NULL));
          v->template = g_strdup (json_object_get_string_member_with_default (o, "template", NULL));
          if (supersedes != NULL && JSON_NODE_HOLDS_VALUE (supersedes))
            v->supersedes = g_strdup (json_node_get_string (supersedes));
        }
      v->complete = TRUE;
      v->names = g_ptr_array_new_with_free_func (g_free);
      v->values = g_ptr_array_new_with_free_func (g_free);
      received_values (v, sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));
      describe_values (db, v);
      digests = statement_digests (statement);
      v->withheld = digests - MIN (digests, v->names->len);
      v->bundles = g_strdupv ((char **) bundle);
      c->received = v;
      g_ptr_array_add (out, c);
    }
  return out;
}

GPtrArray *
sillok_archive_conflicts (SillokVault  *vault,
                          GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *out;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT c.record, c.version, v.digest, c.digest, c.bundle FROM archive_conflicts c "
                                "LEFT JOIN archive_versions v ON v.record = c.record AND v.version = c.version "
                                "ORDER BY c.record, c.version", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup_printf (_("%s version %d: kept %s, also received %s (bundle %s)"),
                                           sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                                           sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3),
                                           sqlite3_column_text (stmt, 4)));
  return out;
}

/* One row of the analyst table. */
typedef struct
{
  char       *record;
  guint       version;
  GHashTable *cells;   /* column → JsonNode (string, integer, boolean or array) */
  gboolean    suppressed;
} Row;

static void
row_free (Row *row)
{
  g_free (row->record);
  g_hash_table_unref (row->cells);
  g_free (row);
}

/* The column a disclosed name goes to, or NULL when analysts never see it:
 * exact values of open fields (not narratives), the @anon forms of
 * quasi-identifiers and narratives, and the sealing month.  Entries of a
 * repeating section share one column ("episodes.site"). */
static char *
column_for (SillokTemplate *template,
            const char     *name,
            gboolean       *repeated,
            gboolean       *quasi)
{
  g_autofree char *path = NULL;
  gboolean anon = g_str_has_suffix (name, "@anon");
  SillokFieldPath fp;

  *repeated = FALSE;
  *quasi = FALSE;
  if (strcmp (name, "$sealed_at@anon") == 0)
    return g_strdup ("sealed");
  if (name[0] == '$')
    return NULL;
  path = anon ? g_strndup (name, strlen (name) - strlen ("@anon")) : g_strdup (name);
  if (template == NULL || !sillok_template_parse_path (template, path, &fp, NULL))
    return NULL;
  if (anon)
    {
      if (fp.field->sensitivity == SILLOK_SENSITIVITY_QUASI)
        *quasi = TRUE;
      else if (!(fp.field->sensitivity == SILLOK_SENSITIVITY_OPEN && fp.field->type == SILLOK_FIELD_LONGTEXT))
        return NULL;
    }
  else if (fp.field->sensitivity != SILLOK_SENSITIVITY_OPEN || fp.field->type == SILLOK_FIELD_LONGTEXT)
    return NULL;
  *repeated = fp.section->repeat;
  return g_strdup_printf ("%s.%s%s", fp.section->id, fp.field->id, anon ? "@anon" : "");
}

/* What analysts get of a value: a site's gazetteer id or free text, not
 * its names; everything else as disclosed. */
static JsonNode *
cell_value (SillokTemplate *template,
            const char     *name,
            JsonNode       *value)
{
  SillokFieldPath fp;

  if (JSON_NODE_HOLDS_ARRAY (value) && sillok_template_parse_path (template, name, &fp, NULL)
      && fp.field->type == SILLOK_FIELD_SITES && json_array_get_length (json_node_get_array (value)) > 0)
    return json_node_init_string (json_node_alloc (), json_array_get_string_element (json_node_get_array (value), 0));
  return json_node_copy (value);
}

static void
add_cell (Row        *row,
          const char *column,
          gboolean    repeated,
          JsonNode   *value)
{
  JsonNode *cell;

  if (!repeated)
    {
      g_hash_table_replace (row->cells, g_strdup (column), value);
      return;
    }
  cell = g_hash_table_lookup (row->cells, column);
  if (cell == NULL)
    {
      cell = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (cell, json_array_new ());
      g_hash_table_replace (row->cells, g_strdup (column), cell);
    }
  json_array_add_element (json_node_get_array (cell), value);
}

static GPtrArray *
analyst_rows (sqlite3    *db,
              GHashTable *columns,
              GHashTable *quasi_columns,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  stmt = sillok_db_prepare (db, "SELECT v.record, v.version, v.template FROM archive_versions v "
                                "WHERE v.version = (SELECT max (version) FROM archive_versions m WHERE m.record = v.record) "
                                "ORDER BY v.record", error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (rows);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);
      g_autoptr(SillokTemplate) template = sillok_record_template (db, (const char *) sqlite3_column_text (stmt, 2), NULL);
      g_autoptr(GHashTable) values = NULL;
      g_autoptr(GList) names = NULL;

      row->record = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->version = sqlite3_column_int (stmt, 1);
      row->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
      values = latest_values (db, row->record, row->version);
      names = g_list_sort (g_hash_table_get_keys (values), (GCompareFunc) g_strcmp0);
      for (GList *l = names; l != NULL; l = l->next)
        {
          gboolean repeated, quasi;
          g_autofree char *column = column_for (template, l->data, &repeated, &quasi);

          if (column == NULL)
            continue;
          add_cell (row, column, repeated, cell_value (template, l->data, g_hash_table_lookup (values, l->data)));
          g_hash_table_add (columns, g_strdup (column));
          if (quasi)
            g_hash_table_add (quasi_columns, g_strdup (column));
        }
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static char *
cell_text (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item = cell_text (json_array_get_element (array, i));
          g_string_append_printf (s, "%s%s", i > 0 ? "; " : "", item);
        }
      return g_string_free (s, FALSE);
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return g_strdup ("");
    }
}

/* The tuple of a row's quasi-identifiers, for k-anonymity. */
static GPtrArray *
quasi_tuple (Row        *row,
             GPtrArray  *quasi)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (guint q = 0; q < quasi->len; q++)
    {
      JsonNode *cell = g_hash_table_lookup (row->cells, quasi->pdata[q]);
      g_ptr_array_add (values, cell != NULL ? cell_text (cell) : NULL);
    }
  return values;
}

static guint
suppress (Row       *row,
          GPtrArray *quasi)
{
  guint n = 0;

  for (guint q = 0; q < quasi->len; q++)
    if (g_hash_table_remove (row->cells, quasi->pdata[q]))
      n++;
  row->suppressed = TRUE;
  return n;
}

/* Empties the quasi-identifiers of rows in classes smaller than @k, and of
 * further small classes while the suppressed rows are fewer than @k. */
static guint
enforce_k (GPtrArray *rows,
           GPtrArray *quasi,
           guint      k)
{
  guint suppressed = 0;

  for (;;)
    {
      g_autoptr(SillokKAnonymity) ka = sillok_k_anonymity_new (k);
      g_auto(GStrv) below = NULL;
      guint hidden = 0, smallest = G_MAXUINT;
      g_autoptr(GHashTable) class_size = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *smallest_key = NULL;

      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = rows->pdata[i];
          g_autoptr(GPtrArray) tuple = NULL;

          if (row->suppressed)
            {
              hidden++;
              continue;
            }
          tuple = quasi_tuple (row, quasi);
          g_ptr_array_add (tuple, NULL);
          sillok_k_anonymity_add (ka, row->record, (const char *const *) tuple->pdata, quasi->len);
        }
      below = sillok_k_anonymity_get_below (ka);
      if (below[0] != NULL)
        {
          for (guint i = 0; i < rows->len; i++)
            if (!((Row *) rows->pdata[i])->suppressed
                && g_strv_contains ((const char *const *) below, ((Row *) rows->pdata[i])->record))
              suppressed += suppress (rows->pdata[i], quasi);
          continue;
        }
      if (hidden == 0 || hidden >= k)
        return suppressed;

      /* The suppressed rows form a class of their own, still too small:
       * add the smallest remaining class to it. */
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = rows->pdata[i];
          g_autoptr(GPtrArray) tuple = NULL;
          g_autofree char *key = NULL;

          if (row->suppressed)
            continue;
          tuple = quasi_tuple (row, quasi);
          g_ptr_array_add (tuple, NULL);
          key = g_strjoinv ("\x1f", (char **) tuple->pdata);
          g_hash_table_replace (class_size, g_strdup (key),
                                GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (class_size, key)) + 1));
        }
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, class_size);
        while (g_hash_table_iter_next (&iter, &key, &value))
          if (GPOINTER_TO_UINT (value) < smallest
              || (GPOINTER_TO_UINT (value) == smallest && g_strcmp0 (key, smallest_key) < 0))
            {
              smallest = GPOINTER_TO_UINT (value);
              g_free (smallest_key);
              smallest_key = g_strdup (key);
            }
      }
      if (smallest_key == NULL)
        return suppressed;
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = rows->pdata[i];
          g_autoptr(GPtrArray) tuple = NULL;
          g_autofree char *key = NULL;

          if (row->suppressed)
            continue;
          tuple = quasi_tuple (row, quasi);
          g_ptr_array_add (tuple, NULL);
          key = g_strjoinv ("\x1f", (char **) tuple->pdata);
          if (g_strcmp0 (key, smallest_key) == 0)
            suppressed += suppress (row, quasi);
        }
    }
}

/* Skips one or more digits; FALSE when there is none. */
static gboolean
skip_digits (const char **p)
{
  const char *start = *p;

  while (g_ascii_isdigit (**p))
    (*p)++;
  return *p > start;
}

/* A decimal number as JSON writes one: -3, 2.5, 1e6. */
static gboolean
is_number (const char *text)
{
  const char *p = text;

  if (*p == '-' || *p == '+')
    p++;
  if (!skip_digits (&p))
    return FALSE;
  if (*p == '.' && (p++, !skip_digits (&p)))
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      if (!skip_digits (&p))
        return FALSE;
    }
  return *p == '\0';
}

/* A value a spreadsheet would run as a formula (=, +, -, @, or a tab or
 * carriage return before one) is written after an apostrophe, which
 * spreadsheets show as text: a value typed in an interview must not be
 * able to run anything on an analyst's computer.  Numbers stay numbers. */
static gboolean
is_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL && !is_number (text);
}

static void
csv_field (GString    *line,
           const char *text,
           gboolean    value)
{
  gboolean formula = value && is_formula (text);
  gboolean quote = formula || strpbrk (text, ",\"\r\n") != NULL
                   || (text[0] != '\0' && (text[0] == ' ' || text[strlen (text) - 1] == ' '));

  if (!quote)
    {
      g_string_append (line, text);
      return;
    }
  g_string_append_c (line, '"');
  if (formula)
    g_string_append_c (line, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static gboolean
write_line (GOutputStream  *output,
            GString        *line,
            GCancellable   *cancellable,
            GError        **error)
{
  return g_output_stream_write_all (output, line->str, line->len, NULL, cancellable, error);
}

gboolean
sillok_archive_analyst_export (SillokVault          *vault,
                               SillokAnalystFormat   format,
                               guint                 k,
                               gboolean              bom,
                               GOutputStream        *output,
                               guint                *rows_written,
                               guint                *suppressed,
                               GCancellable         *cancellable,
                               GError              **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) quasi_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GList) column_list = NULL;
  g_autoptr(GList) quasi_list = NULL;
  g_autoptr(GPtrArray) quasi = g_ptr_array_new ();
  g_autoptr(GString) line = g_string_new (NULL);

  g_return_val_if_fail (k >= 1, FALSE);
  if (db == NULL)
    return FALSE;
  rows = analyst_rows (db, columns, quasi_set, error);
  if (rows == NULL)
    return FALSE;
  quasi_list = g_list_sort (g_hash_table_get_keys (quasi_set), (GCompareFunc) g_strcmp0);
  for (GList *l = quasi_list; l != NULL; l = l->next)
    g_ptr_array_add (quasi, l->data);
  *suppressed = enforce_k (rows, quasi, k);
  *rows_written = rows->len;
  column_list = g_list_sort (g_hash_table_get_keys (columns), (GCompareFunc) g_strcmp0);

  if (format == SILLOK_ANALYST_CSV)
    {
      if (bom)
        g_string_append (line, "\xEF\xBB\xBF");
      g_string_append (line, "record,version");
      for (GList *l = column_list; l != NULL; l = l->next)
        {
          g_string_append_c (line, ',');
          csv_field (line, l->data, FALSE);
        }
      g_string_append (line, "\r\n");
      if (!write_line (output, line, cancellable, error))
        return FALSE;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = rows->pdata[i];

      g_string_truncate (line, 0);
      if (format == SILLOK_ANALYST_CSV)
        {
          g_string_append_printf (line, "%s,%u", row->record, row->version);
          for (GList *l = column_list; l != NULL; l = l->next)
            {
              g_autofree char *text = cell_text (g_hash_table_lookup (row->cells, l->data));

              g_string_append_c (line, ',');
              csv_field (line, text, TRUE);
            }
          g_string_append (line, "\r\n");
        }
      else
        {
          JsonObject *o = json_object_new ();
          JsonNode *root = json_node_new (JSON_NODE_OBJECT);
          g_autofree char *json = NULL;

          json_object_set_string_member (o, "record", row->record);
          json_object_set_int_member (o, "version", row->version);
          for (GList *l = column_list; l != NULL; l = l->next)
            {
              JsonNode *cell = g_hash_table_lookup (row->cells, l->data);
              json_object_set_member (o, l->data, cell != NULL ? json_node_copy (cell) : json_node_new (JSON_NODE_NULL));
            }
          json_node_take_object (root, o);
          json = sillok_jcs_serialize (root, NULL, error);
          json_node_unref (root);
          if (json == NULL)
            return FALSE;
          g_string_append_printf (line, "%s\n", json);
        }
      if (!write_line (output, line, cancellable, error))
        return FALSE;
    }
  return g_output_stream_flush (output, cancellable, error);
}

void
sillok_archive_export_free (SillokArchiveExport *export)
{
  if (export == NULL)
    return;
  g_free (export->bundle);
  g_free (export->b2);
  g_free (export->profile);
  g_free (export->exported_at);
  g_strfreev (export->recipients);
  g_strfreev (export->records);
  g_strfreev (export->provenance);
  g_free (export);
}

/* The strings of a JSON array member (or of @node itself when @member is NULL). */
static GStrv
strings_of (JsonNode   *node,
            const char *member)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  JsonArray *array = NULL;

  if (member != NULL && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), member);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        g_strv_builder_add (out, json_node_get_string (e));
    }
  return g_strv_builder_end (out);
}

GPtrArray *
sillok_archive_exports (SillokVault  *vault,
                        GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *list;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT bundle, b2, profile, exported_at, recipients, manifest FROM archive_exports "
                                "ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_archive_export_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SillokArchiveExport *e = g_new0 (SillokArchiveExport, 1);
      g_autoptr(JsonNode) to = sillok_jcs_parse (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4), NULL,
                                                 0, NULL);
      SillokJsonLimits limits = { SILLOK_BUNDLE_MANIFEST_MAX, 8, 32 };
      g_autoptr(JsonNode) manifest = sillok_jcs_parse (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5),
                                                       &limits, SILLOK_JSON_PARSE_INTEGERS_ONLY, NULL);
      g_autoptr(GPtrArray) records = g_ptr_array_new ();
      JsonNode *versions = manifest != NULL && JSON_NODE_HOLDS_OBJECT (manifest)
                           ? json_object_get_member (json_node_get_object (manifest), "records") : NULL;

      e->bundle = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      e->b2 = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      e->profile = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e->exported_at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      e->recipients = strings_of (to, NULL);
      e->provenance = strings_of (manifest, SILLOK_BUNDLE_PROVENANCE_MEMBER);
      for (guint i = 0; versions != NULL && JSON_NODE_HOLDS_ARRAY (versions)
                        && i < json_array_get_length (json_node_get_array (versions)); i++)
        {
          JsonNode *v = json_array_get_element (json_node_get_array (versions), i);
          const char *uuid = JSON_NODE_HOLDS_OBJECT (v)
                             ? json_object_get_string_member_with_default (json_node_get_object (v), "record", NULL)
                             : NULL;

          e->versions++;
          if (uuid != NULL && !g_ptr_array_find_with_equal_func (records, uuid, g_str_equal, NULL))
            g_ptr_array_add (records, (gpointer) uuid);
        }
      g_ptr_array_add (records, NULL);
      e->records = g_strdupv ((GStrv) records->pdata);
      g_ptr_array_add (list, e);
    }
  return list;
}

/* The audit trail ---------------------------------------------------------- */

void
sillok_archive_audit_free (SillokArchiveAudit *audit)
{
  if (audit == NULL)
    return;
  g_clear_pointer (&audit->entries, g_ptr_array_unref);
  g_free (audit);
}

guint
sillok_archive_chain_length (GBytes *chain)
{
  gsize len;
  const char *p = g_bytes_get_data (chain, &len);
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    n += p[i] == '\n';
  return n;
}

SillokArchiveAudit *
sillok_archive_audit (SillokVault  *vault,
                      const char   *record,
                      GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) chain = NULL;
  g_autoptr(SillokSecret) times = NULL;
  g_autoptr(SillokSecret) storage = NULL;
  g_autofree char **disclosures = NULL;
  g_auto(GStrv) entries = NULL;
  g_autoptr(SillokArchiveAudit) audit = NULL;
  gsize len;
  const char *text;
  guint best = 0;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT a.chain, a.times FROM archive_audit a JOIN archive_bundles b "
                                "ON b.bundle = a.bundle WHERE a.record = ? ORDER BY b.rowid DESC", error);
  if (stmt == NULL)
    return NULL;
  audit = g_new0 (SillokArchiveAudit, 1);
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) this = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      guint lines = sillok_archive_chain_length (this);
      gboolean with_times = sqlite3_column_type (stmt, 1) != SQLITE_NULL;

      audit->chains++;
      if (lines < best || (lines == best && (times != NULL || !with_times)))
        continue;
      best = lines;
      g_clear_pointer (&chain, g_bytes_unref);
      g_clear_pointer (&times, sillok_secret_free);
      chain = g_steal_pointer (&this);
      if (with_times)
        times = sillok_secret_new_from_data (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
    }
  if (chain == NULL)
    {
      g_set_error (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_NOT_FOUND,
                   _("The archive holds no audit trail of record %s"), record);
      return NULL;
    }
  text = g_bytes_get_data (chain, &len);
  if (len > 0 && text[len - 1] == '\n' && memchr (text, '\0', len) == NULL)
    {
      g_autofree char *copy = g_strndup (text, len - 1);

      entries = g_strsplit (copy, "\n", -1);
    }
  if (entries == NULL || (times != NULL && (disclosures = sillok_bundle_parse_strings (times, &storage)) == NULL))
    {
      g_set_error (error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_BROKEN,
                   _("The archived audit trail of record %s is not one entry per line"), record);
      return NULL;
    }
  audit->entries = sillok_audit_check_chain ((const char *const *) entries, (const char *const *) disclosures, error);
  if (audit->entries == NULL)
    return NULL;
  audit->times = disclosures != NULL;
  return g_steal_pointer (&audit);
}
