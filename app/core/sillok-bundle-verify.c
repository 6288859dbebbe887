/* sillok-bundle-verify.c: the checks of a bundle read into memory, in the order of DESIGN §8.1
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-audit.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-seal.h"
#include "sillok/sillok-template.h"
#include "sillok-bundle-reader-private.h"
#include "sillok-bundle-streams.h"

#define FAIL(code, path, record, version, ...) \
  sillok_bundle_read_fail (st, SILLOK_BUNDLE_ERROR_##code, path, record, version, __VA_ARGS__)

/* A record version listed in the manifest, and what its statement says. */
typedef struct
{
  char                *record;
  guint                version;
  char                *digest;
  char                *statement_path;
  char                *signature_path;
  char                *disclosures_path;
  JsonNode            *statement;
  const char          *signer;
  const char          *supersedes;
  const char          *template_digest;
  GPtrArray           *digests;        /* const char *, NULL-terminated */
  SillokBundleVersion *out;
} Version;

static void
version_free (Version *v)
{
  g_free (v->record);
  g_free (v->digest);
  g_free (v->statement_path);
  g_free (v->signature_path);
  g_free (v->disclosures_path);
  g_clear_pointer (&v->statement, json_node_unref);
  g_clear_pointer (&v->digests, g_ptr_array_unref);
  g_free (v);
}

typedef struct
{
  SillokBundleRead *st;
  GPtrArray        *versions;   /* Version, in manifest order */
  GHashTable       *records;    /* uuid → SillokBundleRecord (owned by the report) */
  JsonNode         *manifest;
  const char       *exporter;
  gboolean          legal;
} Verify;

static SillokBundleFile *
file_at (SillokBundleRead *st,
         const char       *path)
{
  return g_hash_table_lookup (st->files, path);
}

static const char *
file_text (SillokBundleFile *file,
           gsize            *len)
{
  return g_bytes_get_data (file->bytes, len);
}

/* ----- B2SUMS ------------------------------------------------------------------ */

gboolean
sillok_bundle_read_b2sums (SillokBundleRead *st,
                           SillokBundleFile *file)
{
  gsize len;
  const char *text = file_text (file, &len);
  const char *p = text, *end = text + len;
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *last = NULL;
  guint line = 0;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      g_autofree char *hex = NULL;
      g_autofree char *path = NULL;
      SillokBundlePath parsed;

      line++;
      if (nl == NULL)
        return FAIL (B2SUMS, SILLOK_BUNDLE_B2SUMS, NULL, 0, _("B2SUMS line %u does not end with a line feed"), line);
      if (nl - p < SILLOK_BUNDLE_B2_HEX_LENGTH + 3
          || memcmp (p + SILLOK_BUNDLE_B2_HEX_LENGTH, SILLOK_BUNDLE_B2SUMS_SEPARATOR, 2) != 0)
        return FAIL (B2SUMS, SILLOK_BUNDLE_B2SUMS, NULL, 0, _("B2SUMS line %u is not “<hash>  <path>”"), line);
      hex = g_strndup (p, SILLOK_BUNDLE_B2_HEX_LENGTH);
      path = g_strndup (p + SILLOK_BUNDLE_B2_HEX_LENGTH + 2, nl - p - SILLOK_BUNDLE_B2_HEX_LENGTH - 2);
      if (!sillok_bundle_is_hex (hex, SILLOK_BUNDLE_B2_HEX_LENGTH))
        return FAIL (B2SUMS, SILLOK_BUNDLE_B2SUMS, NULL, 0, _("B2SUMS line %u: the hash is not 128 lower-case hex digits"),
                     line);
      if (strlen (path) != (gsize) (nl - p - SILLOK_BUNDLE_B2_HEX_LENGTH - 2) || !sillok_bundle_path_parse (path, &parsed)
          || parsed.kind == SILLOK_BUNDLE_PATH_B2SUMS || parsed.kind == SILLOK_BUNDLE_PATH_MANIFEST
          || parsed.kind == SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE)
        return FAIL (B2SUMS, SILLOK_BUNDLE_B2SUMS, NULL, 0, _("B2SUMS line %u names a path a bundle cannot list"), line);
      if (last != NULL && strcmp (path, last) <= 0)
        return FAIL (B2SUMS, SILLOK_BUNDLE_B2SUMS, NULL, 0, _("B2SUMS line %u is out of order or repeats a path"),
                     line);
      g_free (last);
      last = g_strdup (path);
      g_hash_table_replace (sums, g_steal_pointer (&path), g_steal_pointer (&hex));
      p = nl + 1;
    }
  st->sums = g_steal_pointer (&sums);
  return TRUE;
}

/* ----- helpers for JSON ------------------------------------------------------------ */

static JsonNode *
parse_canonical (SillokBundleRead  *st,
                 SillokBundleFile  *file,
                 gsize              max,
                 GError           **error)
{
  SillokJsonLimits limits = { max, 8, 32 };
  gsize len;
  const char *text = file_text (file, &len);
  g_autoptr(JsonNode) root = sillok_jcs_parse (text, len, &limits, SILLOK_JSON_PARSE_INTEGERS_ONLY, error);
  g_autofree char *canonical = NULL;
  gsize canonical_len = 0;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_SYNTAX, _("not a JSON object"));
      return NULL;
    }
  canonical = sillok_jcs_serialize (root, &canonical_len, error);
  if (canonical == NULL)
    return NULL;
  if (canonical_len != len || memcmp (canonical, text, len) != 0)
    {
      g_set_error_literal (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_SYNTAX, _("not in canonical form (RFC 8785)"));
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* TRUE when @o has exactly the members @names (and maybe @optional). */
static gboolean
has_members (JsonObject         *o,
             const char * const *names,
             guint               n,
             const char         *optional)
{
  guint found = 0;
  guint extra = optional != NULL && json_object_has_member (o, optional) ? 1 : 0;

  for (guint i = 0; i < n; i++)
    if (json_object_has_member (o, names[i]))
      found++;
  return found == n && json_object_get_size (o) == n + extra;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
int_member (JsonObject *o,
            const char *name,
            gint64      min,
            gint64     *out)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return *out >= min;
}

/* A JSON array of strings, each passing @check, strictly increasing when @sorted. */
static GPtrArray *
string_array (JsonObject *o,
              const char *name,
              gboolean  (*check) (const char *),
              gboolean    sorted)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  JsonArray *a;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return NULL;
  a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      const char *s;

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return NULL;
      s = json_node_get_string (e);
      if ((check != NULL && !check (s)) || (sorted && i > 0 && strcmp (out->pdata[i - 1], s) >= 0))
        return NULL;
      g_ptr_array_add (out, (gpointer) s);
    }
  return g_steal_pointer (&out);
}

static gboolean
is_uuid (const char *s)
{
  return sillok_bundle_is_uuid (s);
}

static gboolean
is_digest (const char *s)
{
  return sillok_bundle_is_hex (s, SILLOK_BUNDLE_DIGEST_HEX_LENGTH);
}

static gboolean
is_key_id (const char *s)
{
  guint8 keynum[SILLOK_MINISIGN_KEYNUMBYTES];
  g_autofree char *back = NULL;

  if (s == NULL || strlen (s) != SILLOK_BUNDLE_KEY_ID_LENGTH || !sillok_minisign_key_id_from_string (s, keynum))
    return FALSE;
  back = sillok_minisign_key_id_to_string (keynum);
  return strcmp (back, s) == 0;
}

static void
blake2b_256_hex (const void *data,
                 gsize       len,
                 char        hex[SILLOK_BUNDLE_DIGEST_HEX_LENGTH + 1])
{
  guint8 hash[32];

  crypto_generichash (hash, sizeof hash, data, len, NULL, 0);
  sodium_bin2hex (hex, SILLOK_BUNDLE_DIGEST_HEX_LENGTH + 1, hash, sizeof hash);
}

char **
sillok_bundle_parse_strings (SillokSecret  *data,
                             SillokSecret **storage)
{
  g_autoptr(SillokSecret) copy = sillok_secret_dup (data);
  char *p = (char *) sillok_secret_get_data (copy);
  char *end = p + sillok_secret_get_length (copy);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  if (p == end || *p++ != '[')
    return NULL;
  if (p < end && *p == ']')
    p++;
  else
    for (;;)
      {
        if (p == end || *p++ != '"')
          return NULL;
        g_ptr_array_add (out, p);
        while (p < end && (g_ascii_isalnum (*p) || *p == '-' || *p == '_'))
          p++;
        if (p == end || *p != '"')
          return NULL;
        *p++ = '\0';
        if (p < end && *p == ',')
          {
            p++;
            continue;
          }
        if (p == end || *p++ != ']')
          return NULL;
        break;
      }
  if (p != end)
    return NULL;
  g_ptr_array_add (out, NULL);
  *storage = g_steal_pointer (&copy);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* ----- 5. the manifest against B2SUMS ------------------------------------------------- */

static SillokBundleRecord *
record_for (Verify     *v,
            const char *uuid)
{
  SillokBundleRecord *r = g_hash_table_lookup (v->records, uuid);

  if (r == NULL)
    {
      r = g_new0 (SillokBundleRecord, 1);
      r->uuid = g_strdup (uuid);
      r->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_bundle_version_free);
      g_ptr_array_add (v->st->report->records, r);
      g_hash_table_insert (v->records, r->uuid, r);
    }
  return r;
}

static gboolean
check_anonymity (SillokBundleRead *st,
                 JsonObject       *o)
{
  static const char *const members[] = { SILLOK_BUNDLE_ANONYMITY_MEMBERS };
  JsonNode *a = json_object_get_member (o, "anonymity");
  g_autoptr(GPtrArray) below = NULL;
  g_autoptr(GPtrArray) quasi = NULL;
  JsonObject *ao;
  JsonNode *override;
  gint64 k_min, k_threshold;

  if (a == NULL || !JSON_NODE_HOLDS_OBJECT (a) || !has_members (ao = json_node_get_object (a), members,
                                                                  G_N_ELEMENTS (members), NULL))
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest's “anonymity” is malformed"));
  below = string_array (ao, "below", is_uuid, TRUE);
  quasi = string_array (ao, "quasi", NULL, TRUE);
  override = json_object_get_member (ao, "override");
  if (below == NULL || quasi == NULL || !int_member (ao, "k_min", 0, &k_min)
      || !int_member (ao, "k_threshold", 1, &k_threshold)
      || !(JSON_NODE_HOLDS_NULL (override) || string_member (ao, "override") != NULL))
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest's “anonymity” is malformed"));
  st->report->k_min = k_min;
  st->report->k_threshold = k_threshold;
  st->report->override = g_strdup (string_member (ao, "override"));
  return TRUE;
}

static gboolean
check_created (const char *s)
{
  return s != NULL && strlen (s) == 7 && g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[1]) && g_ascii_isdigit (s[2])
         && g_ascii_isdigit (s[3]) && s[4] == '-' && ((s[5] == '0' && s[6] >= '1' && s[6] <= '9')
                                                      || (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

static gboolean
add_version (Verify     *v,
             JsonNode   *node,
             Version   **previous)
{
  SillokBundleRead *st = v->st;
  static const char *const members[] = { "record", "statement", "version" };
  Version *ver;
  JsonObject *o;
  const char *record, *digest;
  gint64 version;
  char hex[SILLOK_BUNDLE_DIGEST_HEX_LENGTH + 1];
  SillokBundleFile *file;

  if (!JSON_NODE_HOLDS_OBJECT (node) || !has_members (o = json_node_get_object (node), members, 3, NULL)
      || !is_uuid (record = string_member (o, "record")) || !is_digest (digest = string_member (o, "statement"))
      || !int_member (o, "version", 1, &version) || version > G_MAXUINT)
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("an entry of the manifest's “records” is malformed"));
  if (*previous != NULL && (strcmp ((*previous)->record, record) > 0
                            || (strcmp ((*previous)->record, record) == 0 && (*previous)->version >= version)))
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, record, version,
                 _("the manifest lists record %s version %u out of order or twice"), record, (guint) version);

  ver = g_new0 (Version, 1);
  ver->record = g_strdup (record);
  ver->version = version;
  ver->digest = g_strdup (digest);
  ver->statement_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT, record, version);
  ver->signature_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE, record, version);
  ver->disclosures_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_DISCLOSURES, record, version);
  g_ptr_array_add (v->versions, ver);
  *previous = ver;

  ver->out = g_new0 (SillokBundleVersion, 1);
  ver->out->version = version;
  ver->out->statement = g_strdup (digest);
  ver->out->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_bundle_attachment_free);
  g_ptr_array_add (record_for (v, record)->versions, ver->out);

  file = file_at (st, ver->statement_path);
  if (file == NULL)
    return FAIL (MANIFEST, ver->statement_path, record, version,
                 _("the manifest lists record %s version %u, but the bundle has no statement of it"), record,
                 (guint) version);
  if (file_at (st, ver->signature_path) == NULL)
    return FAIL (MANIFEST, ver->signature_path, record, version,
                 _("record %s version %u has no statement signature"), record, (guint) version);
  if (file_at (st, ver->disclosures_path) == NULL)
    return FAIL (MANIFEST, ver->disclosures_path, record, version,
                 _("record %s version %u has no disclosures.json"), record, (guint) version);
  blake2b_256_hex (g_bytes_get_data (file->bytes, NULL), g_bytes_get_size (file->bytes), hex);
  if (strcmp (hex, digest) != 0)
    return FAIL (MANIFEST, ver->statement_path, record, version,
                 _("the manifest gives record %s version %u another statement digest than its statement.json"),
                 record, (guint) version);
  return TRUE;
}

/* Every file of records/ and templates/ belongs to what the manifest lists. */
static gboolean
check_nothing_unlisted (Verify    *v,
                        GPtrArray *templates)
{
  SillokBundleRead *st = v->st;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) paths = g_list_sort (g_hash_table_get_keys (st->files), (GCompareFunc) strcmp);

  for (guint i = 0; i < v->versions->len; i++)
    {
      Version *ver = v->versions->pdata[i];

      g_hash_table_add (listed, ver->statement_path);
      g_hash_table_add (listed, ver->signature_path);
      g_hash_table_add (listed, ver->disclosures_path);
    }
  for (GList *l = paths; l != NULL; l = l->next)
    {
      SillokBundleFile *file = file_at (st, l->data);
      gboolean is_record = file->parsed.kind == SILLOK_BUNDLE_PATH_STATEMENT
                           || file->parsed.kind == SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE
                           || file->parsed.kind == SILLOK_BUNDLE_PATH_DISCLOSURES;

      if (is_record && !g_hash_table_contains (listed, file->path))
        return FAIL (MANIFEST, file->path, file->parsed.id, file->parsed.version,
                     _("%s belongs to a record version the manifest does not list"), file->path);
      if (file->parsed.kind == SILLOK_BUNDLE_PATH_TEMPLATE
          && !g_ptr_array_find_with_equal_func (templates, file->parsed.id, g_str_equal, NULL))
        return FAIL (MANIFEST, file->path, NULL, 0, _("the manifest does not list the template %s"), file->path);
    }
  for (guint i = 0; i < templates->len; i++)
    {
      g_autofree char *path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_TEMPLATE, templates->pdata[i], 0);

      if (file_at (st, path) == NULL)
        return FAIL (MANIFEST, path, NULL, 0, _("the manifest lists the template %s, which the bundle does not hold"),
                     (const char *) templates->pdata[i]);
    }
  return TRUE;
}

static gboolean
check_manifest (Verify *v)
{
  SillokBundleRead *st = v->st;
  static const char *const members[] = { SILLOK_BUNDLE_MANIFEST_MEMBERS };
  SillokBundleFile *file = file_at (st, SILLOK_BUNDLE_MANIFEST);
  SillokBundleFile *sums = file_at (st, SILLOK_BUNDLE_B2SUMS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  const char *b2sums, *bundle, *profile, *format;
  JsonNode *records;
  JsonObject *o;
  Version *previous = NULL;

  if (file == NULL)
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the bundle has no manifest.json"));
  v->manifest = parse_canonical (st, file, SILLOK_BUNDLE_MANIFEST_MAX, &error);
  if (v->manifest == NULL)
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("manifest.json: %s"), error->message);
  o = json_node_get_object (v->manifest);
  if (!has_members (o, members, G_N_ELEMENTS (members), SILLOK_BUNDLE_PROVENANCE_MEMBER))
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest's members are not those of %s"),
                 SILLOK_BUNDLE_FORMAT);
  format = string_member (o, "format");
  if (g_strcmp0 (format, SILLOK_BUNDLE_FORMAT) != 0)
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest is not of the format %s"),
                 SILLOK_BUNDLE_FORMAT);
  b2sums = string_member (o, "b2sums");
  if (sums == NULL || b2sums == NULL || strlen (b2sums) != SILLOK_BUNDLE_B2_HEX_LENGTH
      || sodium_memcmp (b2sums, sums->b2, SILLOK_BUNDLE_B2_HEX_LENGTH) != 0)
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest's b2sums is not the hash of B2SUMS"));
  if (!is_uuid (bundle = string_member (o, "bundle")) || !check_created (string_member (o, "created"))
      || !is_key_id (v->exporter = string_member (o, "exporter")))
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest's bundle, created or exporter is malformed"));
  profile = string_member (o, "profile");
  if (g_strcmp0 (profile, SILLOK_BUNDLE_PROFILE_ANONYMIZED) != 0 && g_strcmp0 (profile, SILLOK_BUNDLE_PROFILE_LEGAL) != 0)
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest names an unknown profile"));
  if (json_object_has_member (o, SILLOK_BUNDLE_PROVENANCE_MEMBER))
    {
      g_autoptr(GPtrArray) provenance = string_array (o, SILLOK_BUNDLE_PROVENANCE_MEMBER, is_uuid, TRUE);

      if (provenance == NULL)
        return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0,
                     _("the manifest's provenance is not a sorted list of bundle ids"));
    }
  v->legal = strcmp (profile, SILLOK_BUNDLE_PROFILE_LEGAL) == 0;
  st->report->bundle = g_strdup (bundle);
  st->report->created = g_strdup (string_member (o, "created"));
  st->report->profile = g_strdup (profile);
  if (!check_anonymity (st, o))
    return FALSE;

  records = json_object_get_member (o, "records");
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records))
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest's records are not a list"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (records)); i++)
    if (!add_version (v, json_array_get_element (json_node_get_array (records), i), &previous))
      return FALSE;
  templates = string_array (o, "templates", is_digest, TRUE);
  if (templates == NULL)
    return FAIL (MANIFEST, SILLOK_BUNDLE_MANIFEST, NULL, 0, _("the manifest's templates are malformed"));
  return check_nothing_unlisted (v, templates);
}

/* ----- 6, 7. keys and signatures ------------------------------------------------------ */

static SillokBundleSigner *
signer_for (SillokBundleRead *st,
            const char       *key_id)
{
  SillokBundleSigner *s;

  for (guint i = 0; i < st->report->signers->len; i++)
    if (strcmp (((SillokBundleSigner *) st->report->signers->pdata[i])->key_id, key_id) == 0)
      return st->report->signers->pdata[i];
  s = g_new0 (SillokBundleSigner, 1);
  s->key_id = g_strdup (key_id);
  g_ptr_array_add (st->report->signers, s);
  return s;
}

/* The key keys/<key_id>.pub, parsed and checked once. */
static const SillokMinisignPublicKey *
key_for (SillokBundleRead *st,
         const char       *key_id,
         const char       *record,
         guint             version)
{
  g_autofree char *path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_KEY, key_id, 0);
  SillokMinisignPublicKey *key = g_hash_table_lookup (st->keys, key_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  SillokBundleFile *file;
  gsize len;
  const char *text;

  if (key != NULL)
    return key;
  file = path != NULL ? file_at (st, path) : NULL;
  if (file == NULL)
    {
      FAIL (KEY, path, record, version, _("the bundle has no public key of %s"), key_id);
      return NULL;
    }
  text = file_text (file, &len);
  key = g_new0 (SillokMinisignPublicKey, 1);
  if (!sillok_minisign_public_key_parse (text, len, key, &error))
    {
      g_free (key);
      FAIL (KEY, path, record, version, _("%s: %s"), path, error->message);
      return NULL;
    }
  found = sillok_minisign_key_id_to_string (key->keynum);
  if (strcmp (found, key_id) != 0)
    {
      g_free (key);
      FAIL (KEY, path, record, version, _("%s holds the key %s"), path, found);
      return NULL;
    }
  g_hash_table_insert (st->keys, g_strdup (key_id), key);
  signer_for (st, key_id)->public_key = sillok_minisign_public_key_to_base64 (key);
  return key;
}

/* Parses @file as a prehashed minisign signature by @key_id over @data
 * with @comment; FALSE after naming the failure under @code. */
static gboolean
check_signature (SillokBundleRead  *st,
                 SillokBundleError  code,
                 SillokBundleFile  *file,
                 GBytes            *data,
                 const char        *key_id,
                 const char        *comment,
                 const char        *record,
                 guint              version)
{
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *by = NULL;
  const SillokMinisignPublicKey *key;
  guint8 hash[SILLOK_MINISIGN_HASHBYTES];
  gsize len;
  const char *text = file_text (file, &len);

  sig = sillok_minisign_signature_parse (text, len, &error);
  if (sig == NULL)
    return sillok_bundle_read_fail (st, code, file->path, record, version, _("%s: %s"), file->path, error->message);
  by = sillok_minisign_key_id_to_string (sig->keynum);
  if (strcmp (by, key_id) != 0)
    return sillok_bundle_read_fail (st, code, file->path, record, version,
                                    _("%s was made by the key %s, not by %s"), file->path, by, key_id);
  if (!sig->prehashed)
    return sillok_bundle_read_fail (st, code, file->path, record, version,
                                    _("%s is a legacy signature; bundles use prehashed ones"), file->path);
  key = key_for (st, key_id, record, version);
  if (key == NULL)
    return FALSE;
  sillok_minisign_prehash (g_bytes_get_data (data, NULL), g_bytes_get_size (data), hash);
  if (!sillok_minisign_verify_prehashed (key, sig, hash, &error))
    return sillok_bundle_read_fail (st, code, file->path, record, version, _("%s: %s"), file->path, error->message);
  if (strcmp (sig->trusted_comment, comment) != 0)
    return sillok_bundle_read_fail (st, code, file->path, record, version,
                                    _("%s: the trusted comment names something else (“%s”)"), file->path,
                                    sig->trusted_comment);
  return TRUE;
}

static gboolean
check_exporter (Verify *v)
{
  SillokBundleRead *st = v->st;
  SillokBundleFile *sig = file_at (st, SILLOK_BUNDLE_MANIFEST_SIGNATURE);
  SillokBundleFile *manifest = file_at (st, SILLOK_BUNDLE_MANIFEST);
  g_autofree char *comment = g_strdup_printf (SILLOK_BUNDLE_TRUSTED_COMMENT_FORMAT, st->report->bundle);

  if (sig == NULL)
    return FAIL (MANIFEST_SIGNATURE, SILLOK_BUNDLE_MANIFEST_SIGNATURE, NULL, 0,
                 _("the bundle has no manifest.json.minisig"));
  if (key_for (st, v->exporter, NULL, 0) == NULL
      || !check_signature (st, SILLOK_BUNDLE_ERROR_MANIFEST_SIGNATURE, sig, manifest->bytes, v->exporter, comment, NULL,
                           0))
    return FALSE;
  signer_for (st, v->exporter)->exporter = TRUE;
  if (st->consumer != NULL && st->consumer->manifest != NULL
      && !st->consumer->manifest (st->consumer_data, st->report, manifest->bytes, sig->bytes, &st->error))
    return FALSE;
  return TRUE;
}

static gboolean
check_statement (Verify  *v,
                 Version *ver)
{
  SillokBundleRead *st = v->st;
  static const char *const members[] = { "digest_alg", "disclosures", "format", "record", "signer", "supersedes",
                                         "template", "version" };
  SillokBundleFile *file = file_at (st, ver->statement_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) digests = NULL;
  JsonNode *supersedes;
  JsonObject *o;
  gint64 version;

  ver->statement = parse_canonical (st, file, SILLOK_BUNDLE_STATEMENT_MAX, &error);
  if (ver->statement == NULL)
    return FAIL (STATEMENT, file->path, ver->record, ver->version, _("%s: %s"), file->path, error->message);
  o = json_node_get_object (ver->statement);
  supersedes = json_object_get_member (o, "supersedes");
  if (!has_members (o, members, G_N_ELEMENTS (members), NULL)
      || g_strcmp0 (string_member (o, "digest_alg"), "blake2b-256") != 0
      || g_strcmp0 (string_member (o, "format"), SILLOK_STATEMENT_FORMAT) != 0
      || !is_key_id (ver->signer = string_member (o, "signer"))
      || !is_digest (ver->template_digest = string_member (o, "template"))
      || !(JSON_NODE_HOLDS_NULL (supersedes) || is_digest (ver->supersedes = string_member (o, "supersedes")))
      || (digests = string_array (o, "disclosures", NULL, FALSE)) == NULL)
    return FAIL (STATEMENT, file->path, ver->record, ver->version, _("%s is not a %s statement"), file->path,
                 SILLOK_STATEMENT_FORMAT);
  if (g_strcmp0 (string_member (o, "record"), ver->record) != 0 || !int_member (o, "version", 1, &version)
      || version != ver->version)
    return FAIL (STATEMENT, file->path, ver->record, ver->version, _("%s names another record or version"), file->path);
  g_ptr_array_add (digests, NULL);
  ver->digests = g_steal_pointer (&digests);
  ver->out->signer = g_strdup (ver->signer);
  ver->out->supersedes = g_strdup (ver->supersedes);
  ver->out->template_digest = g_strdup (ver->template_digest);
  ver->out->digests = ver->digests->len - 1;
  return TRUE;
}

static gboolean
check_signers (Verify *v)
{
  SillokBundleRead *st = v->st;
  g_autoptr(GList) paths = NULL;

  for (guint i = 0; i < v->versions->len; i++)
    {
      Version *ver = v->versions->pdata[i];
      g_autofree char *comment = sillok_seal_trusted_comment (ver->record, ver->version);

      if (!check_statement (v, ver)
          || !check_signature (st, SILLOK_BUNDLE_ERROR_STATEMENT_SIGNATURE, file_at (st, ver->signature_path),
                               file_at (st, ver->statement_path)->bytes, ver->signer, comment, ver->record,
                               ver->version))
        return FALSE;
      signer_for (st, ver->signer)->statements++;
    }
  /* Every key carried is one that signed. */
  paths = g_list_sort (g_hash_table_get_keys (st->files), (GCompareFunc) strcmp);
  for (GList *l = paths; l != NULL; l = l->next)
    {
      SillokBundleFile *file = file_at (st, l->data);

      if (file->parsed.kind == SILLOK_BUNDLE_PATH_KEY && !g_hash_table_contains (st->keys, file->parsed.id))
        return FAIL (KEY, file->path, NULL, 0, _("%s is the key of nobody who signed in this bundle"), file->path);
    }
  for (GList *l = paths; st->consumer != NULL && st->consumer->key != NULL && l != NULL; l = l->next)
    {
      SillokBundleFile *file = file_at (st, l->data);

      if (file->parsed.kind == SILLOK_BUNDLE_PATH_KEY
          && !st->consumer->key (st->consumer_data, file->parsed.id, g_hash_table_lookup (st->keys, file->parsed.id),
                                 file->bytes, &st->error))
        return FALSE;
    }
  return TRUE;
}

/* ----- 8. disclosures ---------------------------------------------------------------- */

static char *
string_value (SillokDisclosure *d)
{
  g_autoptr(JsonNode) value = sillok_disclosure_dup_value (d);

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return json_node_dup_string (value);
}

static gboolean
check_attachment (Verify           *v,
                  Version          *ver,
                  SillokDisclosure *d,
                  GHashTable       *disclosed)
{
  SillokBundleRead *st = v->st;
  const char *name = sillok_disclosure_get_name (d);
  g_autoptr(JsonNode) value = sillok_disclosure_dup_value (d);
  SillokBundleAttachment *a;
  JsonObject *o;
  const char *b2;
  guint64 *carried;
  gint64 size;

  if (!JSON_NODE_HOLDS_OBJECT (value) || (b2 = string_member (o = json_node_get_object (value), "b2")) == NULL
      || !sillok_bundle_is_hex (b2, SILLOK_BUNDLE_B2_HEX_LENGTH) || !int_member (o, "size", 0, &size))
    return FAIL (ATTACHMENT, ver->disclosures_path, ver->record, ver->version, _("%s is malformed"), name);
  carried = g_hash_table_lookup (st->attachments, b2);
  if (carried == NULL || *carried != (guint64) size)
    return FAIL (ATTACHMENT, ver->disclosures_path, ver->record, ver->version,
                 _("%s of record %s version %u is disclosed, but the bundle does not carry its bytes"), name,
                 ver->record, ver->version);
  g_hash_table_add (disclosed, g_strdup (b2));
  a = g_new0 (SillokBundleAttachment, 1);
  sscanf (name, "$attachment[%u]", &a->n);
  a->name = g_strdup (string_member (o, "name"));
  a->media_type = g_strdup (string_member (o, "media_type"));
  a->size = size;
  a->b2 = g_strdup (b2);
  a->carried = TRUE;
  g_ptr_array_add (ver->out->attachments, a);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
check_disclosures_of (Verify     *v,
                      Version    *ver,
                      GHashTable *disclosed)
{
  SillokBundleRead *st = v->st;
  SillokBundleFile *file = file_at (st, ver->disclosures_path);
  g_autoptr(SillokSecret) storage = NULL;
  g_autofree char **strings = sillok_bundle_parse_strings (file->secret, &storage);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint undisclosed = 0;

  if (strings == NULL)
    return FAIL (DISCLOSURES, file->path, ver->record, ver->version,
                 _("%s is not a canonical JSON array of disclosure strings"), file->path);
  parsed = sillok_disclosure_check_set ((const char *const *) strings, (const char *const *) ver->digests->pdata,
                                        &undisclosed, &error);
  if (parsed == NULL)
    return FAIL (DISCLOSURES, file->path, ver->record, ver->version, _("%s: %s"), file->path, error->message);
  ver->out->disclosed = parsed->len;
  ver->out->withheld = undisclosed;
  for (guint i = 0; i < parsed->len; i++)
    {
      SillokDisclosure *d = parsed->pdata[i];
      const char *name = sillok_disclosure_get_name (d);

      g_ptr_array_add (names, g_strdup (name));
      if (g_str_has_prefix (name, "$attachment[") && !check_attachment (v, ver, d, disclosed))
        return FALSE;
      if ((strcmp (name, "$sealed_at") == 0 || (strcmp (name, "$sealed_at@anon") == 0 && ver->out->sealed_at == NULL)))
        {
          g_free (ver->out->sealed_at);
          g_free (ver->out->sealed_at_name);
          ver->out->sealed_at = string_value (d);
          ver->out->sealed_at_name = g_strdup (name);
        }
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  ver->out->fields = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);

  if (st->consumer != NULL && st->consumer->version != NULL)
    {
      SillokBundleVersionData data = {
        .record = ver->record,
        .version = ver->version,
        .signer = ver->signer,
        .statement_digest = ver->digest,
        .statement = file_at (st, ver->statement_path)->bytes,
        .signature = file_at (st, ver->signature_path)->bytes,
        .disclosures_json = file->secret,
        .disclosures = parsed,
        .withheld = undisclosed,
      };

      if (!st->consumer->version (st->consumer_data, &data, &st->error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_disclosures (Verify *v)
{
  SillokBundleRead *st = v->st;
  g_autoptr(GHashTable) disclosed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) carried = NULL;

  for (guint i = 0; i < v->versions->len; i++)
    if (!check_disclosures_of (v, v->versions->pdata[i], disclosed))
      return FALSE;
  carried = g_list_sort (g_hash_table_get_keys (st->attachments), (GCompareFunc) strcmp);
  for (GList *l = carried; l != NULL; l = l->next)
    if (!g_hash_table_contains (disclosed, l->data))
      {
        g_autofree char *path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_ATTACHMENT, l->data, 0);

        return FAIL (ATTACHMENT, path, NULL, 0, _("the bundle carries %s, which no disclosure names"), path);
      }
  return TRUE;
}

/* ----- 9. supersedes ------------------------------------------------------------------- */

static gboolean
check_supersedes (Verify *v)
{
  SillokBundleRead *st = v->st;

  for (guint i = 0; i < v->versions->len; i++)
    {
      Version *ver = v->versions->pdata[i];
      Version *before = i > 0 ? v->versions->pdata[i - 1] : NULL;
      Version *after = i + 1 < v->versions->len ? v->versions->pdata[i + 1] : NULL;
      gboolean found = FALSE;

      if (before != NULL && (strcmp (before->record, ver->record) != 0 || before->version != ver->version - 1))
        before = NULL;
      if ((after == NULL || strcmp (after->record, ver->record) != 0) && st->consumer != NULL
          && st->consumer->lookup_successor != NULL)
        {
          gboolean mismatch = FALSE;

          if (!st->consumer->lookup_successor (st->consumer_data, ver->record, ver->version, ver->digest, &mismatch,
                                               &st->error))
            return FALSE;
          if (mismatch)
            return FAIL (SUPERSEDES, ver->statement_path, ver->record, ver->version,
                         _("the archive's version %u of record %s supersedes a statement other than this version %u"),
                         ver->version + 1, ver->record, ver->version);
        }
      if (ver->version == 1)
        {
          if (ver->supersedes != NULL)
            return FAIL (SUPERSEDES, ver->statement_path, ver->record, 1,
                         _("record %s version 1 claims to supersede another statement"), ver->record);
          continue;
        }
      if (ver->supersedes == NULL)
        return FAIL (SUPERSEDES, ver->statement_path, ver->record, ver->version,
                     _("record %s version %u does not name the version it supersedes"), ver->record, ver->version);
      if (before != NULL)
        {
          if (strcmp (before->digest, ver->supersedes) != 0)
            return FAIL (SUPERSEDES, ver->statement_path, ver->record, ver->version,
                         _("record %s version %u supersedes a statement other than version %u's"), ver->record,
                         ver->version, ver->version - 1);
          continue;
        }
      if (st->consumer != NULL && st->consumer->lookup_statement != NULL
          && !st->consumer->lookup_statement (st->consumer_data, ver->record, ver->version - 1, ver->supersedes, &found,
                                              &st->error))
        return FALSE;
      if (!found && st->consumer != NULL && st->consumer->lookup_other != NULL)
        {
          gboolean other = FALSE;

          if (!st->consumer->lookup_other (st->consumer_data, ver->record, ver->version - 1, ver->supersedes, &other,
                                           &st->error))
            return FALSE;
          if (other)
            return FAIL (SUPERSEDES, ver->statement_path, ver->record, ver->version,
                         _("record %s version %u supersedes a statement other than the archive's version %u"),
                         ver->record, ver->version, ver->version - 1);
        }
      if (!found && st->consumer != NULL && st->consumer->lookup_statement != NULL && st->consumer->accept_awaiting)
        {
          ver->out->awaiting = TRUE;
          continue;
        }
      if (!found)
        return FAIL (SUPERSEDES, ver->statement_path, ver->record, ver->version,
                     _("record %s version %u supersedes a statement that is neither in the bundle nor in the archive"),
                     ver->record, ver->version);
      ver->out->supersedes_in_archive = TRUE;
    }
  return TRUE;
}

/* ----- 10. audit chains ----------------------------------------------------------------- */

static char **
split_lines (GBytes *bytes)
{
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);

  if (len == 0 || text[len - 1] != '\n' || memchr (text, '\0', len) != NULL || strstr (text, "\n\n") != NULL
      || text[0] == '\n')
    return NULL;
  {
    g_autofree char *copy = g_strndup (text, len - 1);

    return g_strsplit (copy, "\n", -1);
  }
}

static gboolean
check_audit_of (Verify             *v,
                SillokBundleRecord *record)
{
  SillokBundleRead *st = v->st;
  g_autofree char *path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT, record->uuid, 0);
  g_autofree char *times_path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_AUDIT_TIMES, record->uuid, 0);
  SillokBundleFile *file = file_at (st, path);
  SillokBundleFile *times_file = file_at (st, times_path);
  g_autoptr(SillokSecret) storage = NULL;
  g_autofree char **times = NULL;
  g_auto(GStrv) entries = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    return FAIL (AUDIT, path, record->uuid, 0, _("record %s has no audit chain"), record->uuid);
  if (v->legal && times_file == NULL)
    return FAIL (AUDIT, times_path, record->uuid, 0, _("the legal bundle lacks the audit times of record %s"),
                 record->uuid);
  if (!v->legal && times_file != NULL)
    return FAIL (AUDIT, times_path, record->uuid, 0, _("an anonymized bundle carries the audit times of record %s"),
                 record->uuid);
  entries = split_lines (file->bytes);
  if (entries == NULL)
    return FAIL (AUDIT, path, record->uuid, 0, _("%s is not one entry per line"), path);
  if (times_file != NULL && (times = sillok_bundle_parse_strings (times_file->secret, &storage)) == NULL)
    return FAIL (AUDIT, times_path, record->uuid, 0, _("%s is not a canonical JSON array of disclosure strings"),
                 times_path);
  chain = sillok_audit_check_chain ((const char *const *) entries, (const char *const *) times, &error);
  if (chain == NULL)
    return FAIL (AUDIT, times != NULL && error->code == SILLOK_AUDIT_ERROR_TIME ? times_path : path, record->uuid, 0,
                 _("the audit chain of record %s: %s"), record->uuid, error->message);
  record->audit_entries = chain->len;
  record->audit_times = times != NULL;
  record->audit_ok = TRUE;
  if (st->consumer != NULL && st->consumer->audit != NULL
      && !st->consumer->audit (st->consumer_data, record->uuid, (const char *const *) entries,
                               (const char *const *) times, &st->error))
    return FALSE;
  return TRUE;
}

static gboolean
check_audit (Verify *v)
{
  SillokBundleRead *st = v->st;
  g_autoptr(GList) paths = g_list_sort (g_hash_table_get_keys (st->files), (GCompareFunc) strcmp);

  for (GList *l = paths; l != NULL; l = l->next)
    {
      SillokBundleFile *file = file_at (st, l->data);

      if ((file->parsed.kind == SILLOK_BUNDLE_PATH_AUDIT || file->parsed.kind == SILLOK_BUNDLE_PATH_AUDIT_TIMES)
          && !g_hash_table_contains (v->records, file->parsed.id))
        return FAIL (AUDIT, file->path, file->parsed.id, 0, _("%s belongs to a record the manifest does not list"),
                     file->path);
    }
  for (guint i = 0; i < st->report->records->len; i++)
    if (!check_audit_of (v, st->report->records->pdata[i]))
      return FALSE;
  return TRUE;
}

/* ----- 11. templates --------------------------------------------------------------------- */

static gboolean
check_templates (Verify *v)
{
  SillokBundleRead *st = v->st;
  g_autoptr(GList) paths = g_list_sort (g_hash_table_get_keys (st->files), (GCompareFunc) strcmp);

  for (GList *l = paths; l != NULL; l = l->next)
    {
      SillokBundleFile *file = file_at (st, l->data);
      g_autoptr(SillokTemplate) t = NULL;
      g_autoptr(GError) error = NULL;
      SillokBundleTemplate *out;
      char hex[SILLOK_BUNDLE_DIGEST_HEX_LENGTH + 1];
      gsize len;
      const char *text;

      if (file->parsed.kind != SILLOK_BUNDLE_PATH_TEMPLATE)
        continue;
      text = file_text (file, &len);
      blake2b_256_hex (text, len, hex);
      if (strcmp (hex, file->parsed.id) != 0)
        return FAIL (TEMPLATE, file->path, NULL, 0, _("%s is not named after its digest"), file->path);
      t = sillok_template_new_from_data (text, len, &error);
      if (t == NULL)
        return FAIL (TEMPLATE, file->path, NULL, 0, _("%s is not a valid template: %s"), file->path, error->message);
      if (strcmp (sillok_template_get_digest (t), file->parsed.id) != 0)
        return FAIL (TEMPLATE, file->path, NULL, 0, _("%s is not in canonical form"), file->path);
      out = g_new0 (SillokBundleTemplate, 1);
      out->digest = g_strdup (file->parsed.id);
      out->id = g_strdup (sillok_template_get_id (t));
      out->version = sillok_template_get_version (t);
      g_ptr_array_add (st->report->templates, out);
    }
  for (guint i = 0; i < v->versions->len; i++)
    {
      Version *ver = v->versions->pdata[i];
      g_autofree char *path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_TEMPLATE, ver->template_digest, 0);

      if (file_at (st, path) == NULL)
        return FAIL (TEMPLATE, path, ver->record, ver->version,
                     _("the template %s of record %s version %u is not in the bundle"), ver->template_digest,
                     ver->record, ver->version);
    }
  for (GList *l = paths; st->consumer != NULL && st->consumer->template_file != NULL && l != NULL; l = l->next)
    {
      SillokBundleFile *file = file_at (st, l->data);

      if (file->parsed.kind == SILLOK_BUNDLE_PATH_TEMPLATE
          && !st->consumer->template_file (st->consumer_data, file->parsed.id, file->bytes, &st->error))
        return FALSE;
    }
  return TRUE;
}

/* ----- trust --------------------------------------------------------------------------------- */

static void
assign_trust (SillokBundleRead *st)
{
  for (guint i = 0; i < st->report->signers->len; i++)
    {
      SillokBundleSigner *s = st->report->signers->pdata[i];
      SillokBundleTrustedKey *t = g_hash_table_lookup (st->trusted, s->key_id);
      SillokMinisignPublicKey *key = g_hash_table_lookup (st->keys, s->key_id);

      if (t == NULL || key == NULL)
        s->trust = SILLOK_BUNDLE_TRUST_UNKNOWN;
      else if (sodium_memcmp (t->key.pk, key->pk, sizeof key->pk) == 0)
        {
          s->trust = SILLOK_BUNDLE_TRUST_TRUSTED;
          s->name = g_strdup (t->name);
          s->role = g_strdup (t->role);
        }
      else
        s->trust = SILLOK_BUNDLE_TRUST_MISMATCH;
    }
}

static int
compare_signers (gconstpointer a,
                 gconstpointer b)
{
  const SillokBundleSigner *x = *(SillokBundleSigner *const *) a, *y = *(SillokBundleSigner *const *) b;

  if (x->exporter != y->exporter)
    return x->exporter ? -1 : 1;
  return strcmp (x->key_id, y->key_id);
}

gboolean
sillok_bundle_read_verify (SillokBundleRead *st)
{
  Verify v = { st, g_ptr_array_new_with_free_func ((GDestroyNotify) version_free),
               g_hash_table_new (g_str_hash, g_str_equal), NULL, NULL, FALSE };
  gboolean ok;

  ok = check_manifest (&v) && check_exporter (&v) && check_signers (&v) && check_disclosures (&v)
       && check_supersedes (&v) && check_audit (&v) && check_templates (&v);
  assign_trust (st);
  g_ptr_array_sort (st->report->signers, compare_signers);
  g_ptr_array_unref (v.versions);
  g_hash_table_unref (v.records);
  g_clear_pointer (&v.manifest, json_node_unref);
  return ok;
}
