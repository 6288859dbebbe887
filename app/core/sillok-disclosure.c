/* sillok-disclosure.c: salted disclosures (the SD-JWT pattern without JWT)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-jcs.h"
#include "sillok-jcs-private.h"

#define BASE64URL sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define ATTACHMENT_PREFIX "$attachment["
/* Names longer than this are not quoted in error messages. */
#define QUOTED_NAME_MAX 80

/* A disclosure is [salt, name, value]: nesting 2 at most, 3 lets a
 * nested array be reported as a value error rather than a depth error. */
static const SillokJsonLimits disclosure_limits = { SILLOK_DISCLOSURE_MAX_JSON_BYTES, 3, 8 };

struct _SillokDisclosure
{
  SillokSecret *blob;        /* D \0 salt \0 value JSON \0 */
  const char   *salt;        /* inside blob */
  const char   *value_json;  /* inside blob */
  char         *name;
  char          digest[SILLOK_DISCLOSURE_DIGEST_LENGTH + 1];
};

G_DEFINE_QUARK (sillok-disclosure-error-quark, sillok_disclosure_error)

void
sillok_disclosure_free (SillokDisclosure *disclosure)
{
  if (disclosure == NULL)
    return;
  g_clear_pointer (&disclosure->blob, sillok_secret_free);
  g_free (disclosure->name);
  g_free (disclosure);
}

/* Names */

static gboolean
is_attachment_name (const char *name)
{
  const char *p;

  if (!g_str_has_prefix (name, ATTACHMENT_PREFIX))
    return FALSE;
  p = name + strlen (ATTACHMENT_PREFIX);
  if (!g_ascii_isdigit (p[0]) || (p[0] == '0' && g_ascii_isdigit (p[1])))
    return FALSE;
  for (int n = 0; g_ascii_isdigit (*p); p++)
    if (++n > 9)
      return FALSE;
  return strcmp (p, "]") == 0;
}

/* " (“name”)" for short printable names, else nothing: names come from
 * untrusted bundles too. */
static char *
quote_name (const char *name)
{
  if (name == NULL || strlen (name) > QUOTED_NAME_MAX || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("");
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return g_strdup ("");
  return g_strdup_printf (" (“%s”)", name);
}

/* Values */

static gboolean
fail_value (GError     **error,
            const char  *name,
            const char  *problem)
{
  g_autofree char *quoted = quote_name (name);

  /* Translators: the first %s is a field name in brackets or nothing; the
   * second says what is wrong with its value. */
  g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_VALUE,
               _("The value of the disclosure%s is not allowed: %s"), quoted, problem);
  return FALSE;
}

static gboolean
is_safe_integer (JsonNode *node)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (node);
  return v > -SILLOK_JSON_MAX_SAFE_INTEGER && v < SILLOK_JSON_MAX_SAFE_INTEGER;
}

static const char *
string_of (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_lower_hex (const char *s,
              gsize       len)
{
  if (s == NULL || strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]) || g_ascii_isupper (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
sillok_disclosure_is_digest (const char *digest)
{
  return is_lower_hex (digest, SILLOK_DISCLOSURE_DIGEST_LENGTH);
}

/* {"b2","media_type","name","size"}, nothing more. */
static gboolean
check_attachment (const char *name,
                  JsonNode   *value,
                  GError    **error)
{
  JsonObject *object;
  const char *file_name, *media_type;
  JsonNode *size;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return fail_value (error, name, _("an attachment must be described by an object"));
  object = json_node_get_object (value);
  if (json_object_get_size (object) != 4
      || !json_object_has_member (object, "b2") || !json_object_has_member (object, "media_type")
      || !json_object_has_member (object, "name") || !json_object_has_member (object, "size"))
    return fail_value (error, name,
                       _("an attachment needs exactly the members b2, media_type, name and size"));
  file_name = string_of (json_object_get_member (object, "name"));
  media_type = string_of (json_object_get_member (object, "media_type"));
  if (file_name == NULL || *file_name == '\0' || media_type == NULL || *media_type == '\0')
    return fail_value (error, name, _("an attachment's name and media type must be non-empty strings"));
  size = json_object_get_member (object, "size");
  if (!is_safe_integer (size) || json_node_get_int (size) < 0)
    return fail_value (error, name, _("an attachment's size must be a non-negative integer"));
  if (!is_lower_hex (string_of (json_object_get_member (object, "b2")),
                     SILLOK_DISCLOSURE_ATTACHMENT_B2_LENGTH))
    return fail_value (error, name, _("an attachment's b2 must be 128 lower-case hex digits"));
  return TRUE;
}

static gboolean
check_value (const char *name,
             JsonNode   *value,
             GError    **error)
{
  JsonArray *array;
  GType type;

  if (is_attachment_name (name))
    return check_attachment (name, value, error);

  switch (JSON_NODE_TYPE (value))
    {
    case JSON_NODE_NULL:
      return fail_value (error, name, _("null is not allowed"));
    case JSON_NODE_OBJECT:
      return fail_value (error, name, _("objects are allowed only for attachments"));
    case JSON_NODE_ARRAY:
      array = json_node_get_array (value);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (string_of (json_array_get_element (array, i)) == NULL)
          return fail_value (error, name, _("an array may hold only strings"));
      return TRUE;
    case JSON_NODE_VALUE:
      type = json_node_get_value_type (value);
      if (type == G_TYPE_STRING || type == G_TYPE_BOOLEAN)
        return TRUE;
      if (type == G_TYPE_INT64 && is_safe_integer (value))
        return TRUE;
      if (type == G_TYPE_INT64)
        return fail_value (error, name, _("integers must be of magnitude below 2^53"));
      if (type == G_TYPE_DOUBLE)
        return fail_value (error, name, _("numbers must be integers below 2^53, without fraction or exponent"));
      return fail_value (error, name, _("the value has an unknown type"));
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_name (const char *name,
            GError    **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_NAME,
                           _("The name of a disclosure must be a non-empty string"));
      return FALSE;
    }
  return TRUE;
}

/* Building */

char *
sillok_disclosure_digest (const char *encoded,
                          gsize       len)
{
  guint8 hash[SILLOK_DISCLOSURE_DIGEST_BYTES];
  char hex[SILLOK_DISCLOSURE_DIGEST_LENGTH + 1];

  g_return_val_if_fail (encoded != NULL || len == 0, NULL);

  crypto_generichash (hash, sizeof hash, (const guint8 *) encoded, len, NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

/* Names are not testimony: their JSON form may live in ordinary memory. */
static char *
name_to_json (const char *name,
              gsize      *len)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), name);

  return sillok_jcs_serialize (node, len, NULL);
}

/* Keeps D, the salt and the value's bytes, all taken from the canonical
 * ["salt",name,value] bytes @json, in a single guarded allocation: guarded
 * memory costs several system calls per allocation. */
static SillokDisclosure *
disclosure_assemble (const SillokJcsBuffer *json,
                     const char            *name,
                     gsize                  name_json_len)
{
  SillokDisclosure *disclosure = g_new0 (SillokDisclosure, 1);
  gsize d_size = sodium_base64_ENCODED_LEN (json->len, BASE64URL);
  gsize value_start = 2 + SILLOK_DISCLOSURE_SALT_LENGTH + 2 + name_json_len + 1;
  gsize value_len = json->len - 1 - value_start;
  char *blob, *digest;

  g_assert (json->len > value_start && json->data[json->len - 1] == ']');
  disclosure->blob = sillok_secret_new (d_size + SILLOK_DISCLOSURE_SALT_LENGTH + 1 + value_len);
  blob = (char *) sillok_secret_get_data (disclosure->blob);
  sodium_bin2base64 (blob, d_size, (const guint8 *) json->data, json->len, BASE64URL);
  disclosure->salt = blob + d_size;
  memcpy (blob + d_size, json->data + 2, SILLOK_DISCLOSURE_SALT_LENGTH);
  disclosure->value_json = blob + d_size + SILLOK_DISCLOSURE_SALT_LENGTH + 1;
  memcpy (blob + d_size + SILLOK_DISCLOSURE_SALT_LENGTH + 1, json->data + value_start, value_len);
  disclosure->name = g_strdup (name);

  digest = sillok_disclosure_digest (blob, d_size - 1);
  memcpy (disclosure->digest, digest, sizeof disclosure->digest);
  g_free (digest);
  return disclosure;
}

SillokDisclosure *
sillok_disclosure_new (const char  *name,
                       JsonNode    *value,
                       GError     **error)
{
  g_auto(SillokJcsBuffer) json = { 0 };
  g_autofree char *name_json = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 salt_bytes[SILLOK_DISCLOSURE_SALT_BYTES];
  char salt[SILLOK_DISCLOSURE_SALT_LENGTH + 1];
  gsize name_len = 0;
  gboolean written;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_name (name, error) || !check_value (name, value, error))
    return NULL;
  name_json = name_to_json (name, &name_len);
  if (name_json == NULL)
    {
      g_set_error_literal (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_NAME,
                           _("The name of a disclosure is not valid UTF-8"));
      return NULL;
    }

  randombytes_buf (salt_bytes, sizeof salt_bytes);
  sodium_bin2base64 (salt, sizeof salt, salt_bytes, sizeof salt_bytes, BASE64URL);
  sodium_memzero (salt_bytes, sizeof salt_bytes);

  /* ["salt",name,value] */
  sillok_jcs_buffer_append (&json, "[\"", 2);
  sillok_jcs_buffer_append (&json, salt, SILLOK_DISCLOSURE_SALT_LENGTH);
  sodium_memzero (salt, sizeof salt);
  sillok_jcs_buffer_append (&json, "\",", 2);
  sillok_jcs_buffer_append (&json, name_json, name_len);
  sillok_jcs_buffer_append_c (&json, ',');
  written = sillok_jcs_write (&json, value, &local_error);
  sillok_jcs_buffer_append_c (&json, ']');
  if (!written)
    {
      fail_value (error, name, local_error->message);
      return NULL;
    }
  if (json.len > SILLOK_DISCLOSURE_MAX_JSON_BYTES)
    {
      g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_TOO_LARGE,
                   _("The value is too large for a disclosure (more than %d bytes)"),
                   SILLOK_DISCLOSURE_MAX_JSON_BYTES);
      return NULL;
    }
  return disclosure_assemble (&json, name, name_len);
}

/* Parsing */

static gboolean
fail_encoding (GError    **error,
               const char *problem)
{
  g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_ENCODING,
               _("The disclosure is not canonical base64url without padding: %s"), problem);
  return FALSE;
}

/* Decodes strict base64url into @out: only the URL-safe alphabet, no
 * padding, and the one encoding of the bytes (libsodium refuses a last
 * character with unused bits set). */
static gboolean
decode_base64url (const char      *encoded,
                  gsize            len,
                  SillokJcsBuffer *out,
                  GError         **error)
{
  gsize bin_len = 0;
  const char *end = NULL;

  if (len == 0)
    return fail_encoding (error, _("it is empty"));
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (encoded[i]) && encoded[i] != '-' && encoded[i] != '_')
      return fail_encoding (error, _("it holds a character outside the base64url alphabet"));
  sillok_jcs_buffer_set_size (out, len / 4 * 3 + 2);
  if (len % 4 == 1
      || sodium_base642bin ((guint8 *) out->data, out->len, encoded, len, NULL, &bin_len, &end, BASE64URL) != 0
      || end != encoded + len)
    return fail_encoding (error, _("its length or its last character is wrong"));
  sillok_jcs_buffer_set_size (out, bin_len);
  return TRUE;
}

static gboolean
check_salt (JsonNode *node,
            GError  **error)
{
  const char *salt = string_of (node);
  guint8 bytes[SILLOK_DISCLOSURE_SALT_BYTES + 1];
  gsize bin_len = 0;
  const char *end = NULL;
  gboolean ok;

  ok = salt != NULL
       && strlen (salt) == SILLOK_DISCLOSURE_SALT_LENGTH
       && sodium_base642bin (bytes, sizeof bytes, salt, SILLOK_DISCLOSURE_SALT_LENGTH, NULL,
                             &bin_len, &end, BASE64URL) == 0
       && end == salt + SILLOK_DISCLOSURE_SALT_LENGTH
       && bin_len == SILLOK_DISCLOSURE_SALT_BYTES;
  sodium_memzero (bytes, sizeof bytes);
  if (!ok)
    g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_SALT,
                 _("The salt of a disclosure must be base64url of %d bytes (%d characters)"),
                 SILLOK_DISCLOSURE_SALT_BYTES, SILLOK_DISCLOSURE_SALT_LENGTH);
  return ok;
}

/* The array [salt, name, value] with each part of the allowed form. */
static gboolean
check_parts (JsonNode *root,
             GError  **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root) || json_array_get_length (json_node_get_array (root)) != 3)
    {
      g_set_error_literal (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_SHAPE,
                           _("A disclosure must be an array of a salt, a name and a value"));
      return FALSE;
    }
  array = json_node_get_array (root);
  return check_salt (json_array_get_element (array, 0), error)
         && check_name (string_of (json_array_get_element (array, 1)), error)
         && check_value (string_of (json_array_get_element (array, 1)),
                         json_array_get_element (array, 2), error);
}

SillokDisclosure *
sillok_disclosure_parse (const char  *encoded,
                         gsize        len,
                         GError     **error)
{
  g_auto(SillokJcsBuffer) json = { 0 };
  g_auto(SillokJcsBuffer) canonical = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name_json = NULL;
  const char *name;
  gsize name_len = 0;

  g_return_val_if_fail (encoded != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > sodium_base64_ENCODED_LEN (SILLOK_DISCLOSURE_MAX_JSON_BYTES, BASE64URL) - 1)
    {
      g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_TOO_LARGE,
                   _("The disclosure is larger than the limit of %d bytes"),
                   SILLOK_DISCLOSURE_MAX_JSON_BYTES);
      return NULL;
    }
  if (!decode_base64url (encoded, len, &json, error))
    return NULL;

  root = sillok_jcs_parse (json.data, json.len, &disclosure_limits, SILLOK_JSON_PARSE_DEFAULT, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_JSON,
                   _("The disclosure does not hold valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!check_parts (root, error))
    return NULL;

  /* A strictly read tree always has a canonical form. */
  if (!sillok_jcs_write (&canonical, root, NULL) || canonical.len != json.len
      || memcmp (canonical.data, json.data, json.len) != 0)
    {
      g_set_error_literal (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_NOT_CANONICAL,
                           _("The disclosure's JSON is not in RFC 8785 canonical form"));
      return NULL;
    }

  name = json_array_get_string_element (json_node_get_array (root), 1);
  name_json = name_to_json (name, &name_len);
  return disclosure_assemble (&json, name, name_len);
}

/* Accessors */

const char *
sillok_disclosure_get_encoded (SillokDisclosure *disclosure)
{
  g_return_val_if_fail (disclosure != NULL, NULL);
  return (const char *) sillok_secret_get_data (disclosure->blob);
}

const char *
sillok_disclosure_get_digest (SillokDisclosure *disclosure)
{
  g_return_val_if_fail (disclosure != NULL, NULL);
  return disclosure->digest;
}

const char *
sillok_disclosure_get_name (SillokDisclosure *disclosure)
{
  g_return_val_if_fail (disclosure != NULL, NULL);
  return disclosure->name;
}

const char *
sillok_disclosure_get_salt (SillokDisclosure *disclosure)
{
  g_return_val_if_fail (disclosure != NULL, NULL);
  return disclosure->salt;
}

const char *
sillok_disclosure_get_value_json (SillokDisclosure *disclosure)
{
  g_return_val_if_fail (disclosure != NULL, NULL);
  return disclosure->value_json;
}

JsonNode *
sillok_disclosure_dup_value (SillokDisclosure *disclosure)
{
  JsonNode *value;

  g_return_val_if_fail (disclosure != NULL, NULL);
  value = sillok_jcs_parse (disclosure->value_json, strlen (disclosure->value_json),
                            &disclosure_limits, SILLOK_JSON_PARSE_DEFAULT, NULL);
  /* These bytes were written by the canonical serializer. */
  g_assert (value != NULL);
  return value;
}

/* Sets of disclosures */

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The statement's digests sorted, after checking their form and that none
 * is listed twice. */
static const char **
sorted_statement_digests (const char * const *digests,
                          guint              *n_digests,
                          GError            **error)
{
  guint n = digests != NULL ? g_strv_length ((char **) digests) : 0;
  g_autofree const char **sorted = g_new (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      if (!sillok_disclosure_is_digest (digests[i]))
        {
          g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DIGEST,
                       _("Digest %u of the statement is not 64 lower-case hex digits"), i + 1);
          return NULL;
        }
      sorted[i] = digests[i];
    }
  sorted[n] = NULL;
  qsort (sorted, n, sizeof (const char *), compare_strings);
  for (guint i = 1; i < n; i++)
    if (strcmp (sorted[i - 1], sorted[i]) == 0)
      {
        g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DUPLICATE_DIGEST,
                     _("The statement lists the digest %.12s… more than once"), sorted[i]);
        return NULL;
      }
  *n_digests = n;
  return g_steal_pointer (&sorted);
}

static int
compare_names_of (const void *a,
                  const void *b)
{
  const SillokDisclosure *da = *(SillokDisclosure * const *) a;
  const SillokDisclosure *db = *(SillokDisclosure * const *) b;

  return strcmp (da->name, db->name);
}

/* One value per name: two disclosures of one field would let each reader
 * pick either.  Sorted rather than hashed, since names come from untrusted
 * bundles and GLib's string hash is not seeded. */
static gboolean
check_distinct_names (GPtrArray *disclosures,
                      GError   **error)
{
  g_autoptr(GPtrArray) by_name = g_ptr_array_sized_new (disclosures->len);

  for (guint i = 0; i < disclosures->len; i++)
    g_ptr_array_add (by_name, g_ptr_array_index (disclosures, i));
  g_ptr_array_sort (by_name, compare_names_of);
  for (guint i = 1; i < by_name->len; i++)
    {
      SillokDisclosure *first = g_ptr_array_index (by_name, i - 1);
      SillokDisclosure *second = g_ptr_array_index (by_name, i);
      g_autofree char *quoted = NULL;
      guint a = 0, b = 0;

      if (strcmp (first->name, second->name) != 0)
        continue;
      g_ptr_array_find (disclosures, first, &a);
      g_ptr_array_find (disclosures, second, &b);
      quoted = quote_name (first->name);
      g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DUPLICATE_NAME,
                   _("Disclosures %u and %u disclose the same field%s"), MIN (a, b) + 1, MAX (a, b) + 1, quoted);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sillok_disclosure_check_set (const char * const *encoded,
                             const char * const *digests,
                             guint              *undisclosed,
                             GError            **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_disclosure_free);
  g_autofree const char **sorted = NULL;
  g_autofree guint *used_by = NULL;
  guint n_digests = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sorted = sorted_statement_digests (digests, &n_digests, error);
  if (sorted == NULL)
    return NULL;
  used_by = g_new0 (guint, n_digests + 1);

  for (guint i = 0; encoded != NULL && encoded[i] != NULL; i++)
    {
      SillokDisclosure *d = sillok_disclosure_parse (encoded[i], strlen (encoded[i]), error);
      g_autofree char *quoted = NULL;
      const char *key;
      const char **found;
      gsize at;

      if (d == NULL)
        {
          g_prefix_error (error, _("Disclosure %u: "), i + 1);
          return NULL;
        }
      g_ptr_array_add (result, d);
      quoted = quote_name (d->name);
      key = d->digest;
      found = bsearch (&key, sorted, n_digests, sizeof (const char *), compare_strings);
      if (found == NULL)
        {
          g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_NOT_IN_STATEMENT,
                       _("Disclosure %u%s: its digest %.12s… is not in the statement"),
                       i + 1, quoted, d->digest);
          return NULL;
        }
      at = found - sorted;
      if (used_by[at] != 0)
        {
          g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DUPLICATE,
                       _("Disclosure %u%s repeats disclosure %u"), i + 1, quoted, used_by[at]);
          return NULL;
        }
      used_by[at] = i + 1;
    }
  if (!check_distinct_names (result, error))
    return NULL;

  if (undisclosed != NULL)
    *undisclosed = n_digests - result->len;
  return g_steal_pointer (&result);
}

static char *
decoy_digest (void)
{
  guint8 noise[SILLOK_DISCLOSURE_DECOY_BYTES];
  char *digest;

  randombytes_buf (noise, sizeof noise);
  digest = sillok_disclosure_digest ((const char *) noise, sizeof noise);
  sodium_memzero (noise, sizeof noise);
  return digest;
}

char **
sillok_disclosure_pad_digests (const char * const *digests,
                               GError            **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint target;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; digests != NULL && digests[i] != NULL; i++)
    {
      if (!sillok_disclosure_is_digest (digests[i]))
        {
          g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DIGEST,
                       _("Digest %u is not 64 lower-case hex digits"), i + 1);
          return NULL;
        }
      if (g_hash_table_contains (seen, digests[i]))
        {
          g_set_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DUPLICATE_DIGEST,
                       _("The digest %.12s… is given more than once"), digests[i]);
          return NULL;
        }
      g_ptr_array_add (all, g_strdup (digests[i]));
      g_hash_table_add (seen, g_ptr_array_index (all, all->len - 1));
    }

  /* A multiple of 16, and never 0: an empty list would say nothing was recorded. */
  target = MAX (SILLOK_DISCLOSURE_PAD_MULTIPLE,
                (all->len + SILLOK_DISCLOSURE_PAD_MULTIPLE - 1) / SILLOK_DISCLOSURE_PAD_MULTIPLE
                * SILLOK_DISCLOSURE_PAD_MULTIPLE);
  while (all->len < target)
    {
      char *decoy = decoy_digest ();

      if (g_hash_table_contains (seen, decoy))
        {
          g_free (decoy);
          continue;
        }
      g_ptr_array_add (all, decoy);
      g_hash_table_add (seen, decoy);
    }

  g_ptr_array_sort (all, compare_strings);
  g_ptr_array_add (all, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&all), FALSE);
}
