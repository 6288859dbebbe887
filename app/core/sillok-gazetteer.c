/* sillok-gazetteer.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-value.h"

#define GAZETTEER_FORMAT "sillok-gazetteer/1"

struct _SillokGazetteer
{
  gatomicrefcount  ref_count;
  GPtrArray       *sites;
  GHashTable      *by_id;
};

G_DEFINE_QUARK (sillok-gazetteer-error-quark, sillok_gazetteer_error)

static void
site_free (SillokSite *site)
{
  g_free (site->id);
  g_free (site->name.en);
  g_free (site->name.ko);
  g_strfreev (site->aliases);
  g_free (site->site_type);
  g_free (site->province);
  g_free (site->category);
  g_strfreev (site->commodities);
  g_free (site);
}

static gpointer
invalid (GError    **error,
         const char *id,
         const char *what)
{
  if (id != NULL)
    g_set_error (error, SILLOK_GAZETTEER_ERROR, SILLOK_GAZETTEER_ERROR_INVALID,
                 _("gazetteer site “%s”: %s"), id, what);
  else
    g_set_error (error, SILLOK_GAZETTEER_ERROR, SILLOK_GAZETTEER_ERROR_INVALID,
                 _("gazetteer: %s"), what);
  return NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static GStrv
string_list (JsonObject *object,
             const char *name,
             gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *ok = TRUE;
  if (node == NULL)
    return g_strv_builder_end (builder);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *ok = FALSE;
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          *ok = FALSE;
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

static gboolean
matches_pattern (const char *text,
                 const char *pattern)
{
  return text != NULL && strlen (text) <= 64 && g_regex_match_simple (pattern, text, G_REGEX_DOLLAR_ENDONLY, 0);
}

#define ID_PATTERN   "^[a-z0-9]+(-[a-z0-9]+)*$"
#define CODE_PATTERN "^[a-z0-9][a-z0-9-]*$"

/* A text a record may store as part of a value (sillok_value_check()):
 * one line, no control characters, no spaces around it. */
static gboolean
one_line_ok (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len == 0 || g_ascii_isspace (text[0]) || g_ascii_isspace (text[len - 1])
      || g_utf8_strlen (text, -1) > SILLOK_VALUE_TEXT_MAX)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
        return FALSE;
    }
  return TRUE;
}

static gboolean
members_ok (JsonObject         *object,
            const char *const  *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return FALSE;
  return TRUE;
}

static SillokSite *
read_site (JsonNode  *node,
           GError   **error)
{
  static const char *const members[] = { "id", "name", "aliases", "site_type", "province", "category",
                                          "commodities", "sources", NULL };
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func ((GDestroyNotify) site_free);
  SillokSite *site;
  JsonObject *object, *name;
  JsonNode *name_node;
  gboolean ok_aliases, ok_commodities;
  g_autoptr(GList) languages = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, NULL, _("a site is not an object"));
  object = json_node_get_object (node);
  site = g_new0 (SillokSite, 1);
  g_ptr_array_add (holder, site);
  site->id = g_strdup (string_member (object, "id"));
  if (site->id == NULL || *site->id == '\0')
    return invalid (error, NULL, _("a site has no id"));
  if (!matches_pattern (site->id, ID_PATTERN))
    return invalid (error, NULL, _("a site id is lower-case words and digits joined by hyphens"));
  if (!members_ok (object, members))
    return invalid (error, site->id, _("an unknown member"));

  name_node = json_object_get_member (object, "name");
  if (name_node == NULL || !JSON_NODE_HOLDS_OBJECT (name_node))
    return invalid (error, site->id, _("no name"));
  name = json_node_get_object (name_node);
  languages = json_object_get_members (name);
  for (GList *l = languages; l != NULL; l = l->next)
    if (!g_regex_match_simple ("^[a-z]{2,3}(-[A-Z]{2})?$", l->data, G_REGEX_DOLLAR_ENDONLY, 0)
        || string_member (name, l->data) == NULL)
      return invalid (error, site->id, _("the name has an invalid language entry"));
  site->name.en = g_strdup (string_member (name, "en"));
  site->name.ko = g_strdup (string_member (name, "ko"));
  site->site_type = g_strdup (string_member (object, "site_type"));
  site->province = g_strdup (string_member (object, "province"));
  site->category = g_strdup (string_member (object, "category"));
  site->aliases = string_list (object, "aliases", &ok_aliases);
  site->commodities = string_list (object, "commodities", &ok_commodities);
  if (site->name.en == NULL || site->name.ko == NULL)
    return invalid (error, site->id, _("the name needs English and Korean"));
  if (!one_line_ok (site->name.en) || !one_line_ok (site->name.ko))
    return invalid (error, site->id, _("a name must be one line of text without spaces around it"));
  if (!matches_pattern (site->site_type, CODE_PATTERN) || site->province == NULL
      || sillok_province_lookup (site->province) == NULL)
    return invalid (error, site->id, _("no valid site type and province"));
  if (json_object_has_member (object, "category") && !matches_pattern (site->category, CODE_PATTERN))
    return invalid (error, site->id, _("an invalid category"));
  if (!ok_aliases || !ok_commodities)
    return invalid (error, site->id, _("aliases and commodities must be lists of strings"));
  for (guint i = 0; site->aliases[i] != NULL; i++)
    if (!one_line_ok (site->aliases[i]))
      return invalid (error, site->id, _("an alias must be one line of text without spaces around it"));
  for (guint i = 0; site->commodities[i] != NULL; i++)
    if (!matches_pattern (site->commodities[i], CODE_PATTERN))
      return invalid (error, site->id, _("an invalid commodity code"));
  {
    const char *sources = string_member (object, "sources");
    if (sources == NULL || !g_regex_match_simple ("\\S", sources, 0, 0))
      return invalid (error, site->id, _("no sources"));
  }
  return g_ptr_array_steal_index (holder, 0);
}

SillokGazetteer *
sillok_gazetteer_new_from_data (const char  *data,
                                gsize        len,
                                GError     **error)
{
  SillokJsonLimits limits = { 16 * 1024 * 1024, 16, 100000 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SillokGazetteer) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *sites, *version;

  root = sillok_jcs_parse (data, len, &limits, SILLOK_JSON_PARSE_INTEGERS_ONLY, &local_error);
  if (root == NULL)
    return invalid (error, NULL, local_error->message);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || g_strcmp0 (string_member (json_node_get_object (root), "format"), GAZETTEER_FORMAT) != 0)
    return invalid (error, NULL, _("not a sillok-gazetteer/1 file"));
  object = json_node_get_object (root);
  if (!members_ok (object, (const char *const[]) { "format", "version", "sites", NULL }))
    return invalid (error, NULL, _("an unknown member"));
  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64
      || json_node_get_int (version) < 1 || json_node_get_int (version) > G_MAXINT32)
    return invalid (error, NULL, _("“version” must be a whole number from 1"));
  sites = json_object_get_member (object, "sites");
  if (sites == NULL || !JSON_NODE_HOLDS_ARRAY (sites))
    return invalid (error, NULL, _("no list of sites"));

  self = g_new0 (SillokGazetteer, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->sites = g_ptr_array_new_with_free_func ((GDestroyNotify) site_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (sites)); i++)
    {
      SillokSite *site = read_site (json_array_get_element (json_node_get_array (sites), i), error);

      if (site == NULL)
        return NULL;
      if (g_hash_table_contains (self->by_id, site->id))
        {
          invalid (error, site->id, _("the id appears twice"));
          site_free (site);
          return NULL;
        }
      g_hash_table_insert (self->by_id, site->id, site);
      g_ptr_array_add (self->sites, site);
    }
  return g_steal_pointer (&self);
}

SillokGazetteer *
sillok_gazetteer_load_installed (GError **error)
{
  const char *override = g_getenv ("SILLOK_DATADIR");
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  SillokGazetteer *self;

  if (override != NULL && *override != '\0')
    path = g_build_filename (override, "gazetteer.json", NULL);
  else
    path = g_build_filename (PKGDATADIR, "gazetteer.json", NULL);
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  self = sillok_gazetteer_new_from_data (data, len, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);
  return self;
}

SillokGazetteer *
sillok_gazetteer_ref (SillokGazetteer *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sillok_gazetteer_unref (SillokGazetteer *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->sites, g_ptr_array_unref);
  g_free (self);
}

GPtrArray *
sillok_gazetteer_get_sites (SillokGazetteer *self)
{
  return self->sites;
}

const SillokSite *
sillok_gazetteer_lookup (SillokGazetteer *self,
                         const char      *id)
{
  return g_hash_table_lookup (self->by_id, id);
}

/* Case-folded, without white space, for forgiving comparisons. */
static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (normalized != NULL ? normalized : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static gboolean
matches (const char *text,
         const char *folded_query)
{
  g_autofree char *folded = fold (text);
  return strstr (folded, folded_query) != NULL;
}

GPtrArray *
sillok_gazetteer_search (SillokGazetteer *self,
                         const char      *query)
{
  g_autofree char *q = fold (query);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < self->sites->len; i++)
    {
      SillokSite *site = self->sites->pdata[i];
      gboolean hit = matches (site->id, q) || matches (site->name.en, q) || matches (site->name.ko, q);

      for (guint a = 0; !hit && site->aliases[a] != NULL; a++)
        hit = matches (site->aliases[a], q);
      if (hit)
        g_ptr_array_add (found, site);
    }
  return found;
}
