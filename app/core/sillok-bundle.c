/* sillok-bundle.c: the path grammar and limits of sillok-bundle/1
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-bundle.h"

gboolean
sillok_bundle_is_hex (const char *str,
                      gsize       len)
{
  gsize i;

  if (str == NULL)
    return FALSE;
  for (i = 0; i < len; i++)
    if (!g_ascii_isdigit (str[i]) && !(str[i] >= 'a' && str[i] <= 'f'))
      return FALSE;
  return str[i] == '\0';
}

static gboolean
is_upper_hex (const char *str,
              gsize       len)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (!g_ascii_isdigit (str[i]) && !(str[i] >= 'A' && str[i] <= 'F'))
      return FALSE;
  return str[i] == '\0';
}

gboolean
sillok_bundle_is_uuid (const char *str)
{
  if (str == NULL || strlen (str) != SILLOK_BUNDLE_UUID_LENGTH)
    return FALSE;
  for (guint i = 0; i < SILLOK_BUNDLE_UUID_LENGTH; i++)
    {
      gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;

      if (dash ? str[i] != '-' : !(g_ascii_isdigit (str[i]) || (str[i] >= 'a' && str[i] <= 'f')))
        return FALSE;
    }
  return TRUE;
}

/* A version: decimal, no leading zero, 1 to G_MAXINT32. */
static gboolean
parse_version (const char *str,
               gsize       len,
               guint      *out)
{
  guint64 v = 0;

  if (len == 0 || len > 10 || str[0] == '0')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (str[i]))
        return FALSE;
      v = v * 10 + (str[i] - '0');
    }
  if (v > G_MAXINT32)
    return FALSE;
  *out = v;
  return TRUE;
}

/* @path is @prefix, @len characters of id, then @suffix: copies the id. */
static gboolean
match_id (const char *path,
          const char *prefix,
          gsize       len,
          const char *suffix,
          char       *id)
{
  gsize plen = strlen (prefix), slen = strlen (suffix);

  if (strlen (path) != plen + len + slen || strncmp (path, prefix, plen) != 0
      || strcmp (path + plen + len, suffix) != 0)
    return FALSE;
  memcpy (id, path + plen, len);
  id[len] = '\0';
  return TRUE;
}

static gboolean
parse_record_file (const char       *path,
                   SillokBundlePath *out)
{
  static const struct { const char *name; SillokBundlePathKind kind; } files[] = {
    { SILLOK_BUNDLE_STATEMENT, SILLOK_BUNDLE_PATH_STATEMENT },
    { SILLOK_BUNDLE_STATEMENT_SIGNATURE, SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE },
    { SILLOK_BUNDLE_DISCLOSURES, SILLOK_BUNDLE_PATH_DISCLOSURES },
  };
  const char *rest = path + strlen (SILLOK_BUNDLE_RECORDS_DIR);
  const char *slash;

  if (!g_str_has_prefix (path, SILLOK_BUNDLE_RECORDS_DIR) || strlen (rest) < SILLOK_BUNDLE_UUID_LENGTH + 1
      || rest[SILLOK_BUNDLE_UUID_LENGTH] != '/')
    return FALSE;
  memcpy (out->id, rest, SILLOK_BUNDLE_UUID_LENGTH);
  out->id[SILLOK_BUNDLE_UUID_LENGTH] = '\0';
  if (!sillok_bundle_is_uuid (out->id))
    return FALSE;
  rest += SILLOK_BUNDLE_UUID_LENGTH + 1;
  slash = strchr (rest, '/');
  if (slash == NULL || !parse_version (rest, slash - rest, &out->version))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (strcmp (slash + 1, files[i].name) == 0)
      {
        out->kind = files[i].kind;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_path (const char       *path,
            SillokBundlePath *out)
{
  if (strcmp (path, SILLOK_BUNDLE_B2SUMS) == 0)
    out->kind = SILLOK_BUNDLE_PATH_B2SUMS;
  else if (strcmp (path, SILLOK_BUNDLE_MANIFEST) == 0)
    out->kind = SILLOK_BUNDLE_PATH_MANIFEST;
  else if (strcmp (path, SILLOK_BUNDLE_MANIFEST_SIGNATURE) == 0)
    out->kind = SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE;
  else if (match_id (path, SILLOK_BUNDLE_ATTACHMENTS_DIR, SILLOK_BUNDLE_B2_HEX_LENGTH, "", out->id))
    {
      if (!sillok_bundle_is_hex (out->id, SILLOK_BUNDLE_B2_HEX_LENGTH))
        return FALSE;
      out->kind = SILLOK_BUNDLE_PATH_ATTACHMENT;
    }
  else if (match_id (path, SILLOK_BUNDLE_AUDIT_DIR, SILLOK_BUNDLE_UUID_LENGTH, SILLOK_BUNDLE_AUDIT_SUFFIX, out->id))
    {
      if (!sillok_bundle_is_uuid (out->id))
        return FALSE;
      out->kind = SILLOK_BUNDLE_PATH_AUDIT;
    }
  else if (match_id (path, SILLOK_BUNDLE_AUDIT_DIR, SILLOK_BUNDLE_UUID_LENGTH, SILLOK_BUNDLE_AUDIT_TIMES_SUFFIX,
                     out->id))
    {
      if (!sillok_bundle_is_uuid (out->id))
        return FALSE;
      out->kind = SILLOK_BUNDLE_PATH_AUDIT_TIMES;
    }
  else if (match_id (path, SILLOK_BUNDLE_KEYS_DIR, SILLOK_BUNDLE_KEY_ID_LENGTH, SILLOK_BUNDLE_KEY_SUFFIX, out->id))
    {
      if (!is_upper_hex (out->id, SILLOK_BUNDLE_KEY_ID_LENGTH))
        return FALSE;
      out->kind = SILLOK_BUNDLE_PATH_KEY;
    }
  else if (match_id (path, SILLOK_BUNDLE_TEMPLATES_DIR, SILLOK_BUNDLE_DIGEST_HEX_LENGTH,
                     SILLOK_BUNDLE_TEMPLATE_SUFFIX, out->id))
    {
      if (!sillok_bundle_is_hex (out->id, SILLOK_BUNDLE_DIGEST_HEX_LENGTH))
        return FALSE;
      out->kind = SILLOK_BUNDLE_PATH_TEMPLATE;
    }
  else
    return parse_record_file (path, out);
  return TRUE;
}

gboolean
sillok_bundle_path_parse (const char       *path,
                          SillokBundlePath *out)
{
  SillokBundlePath parsed = { SILLOK_BUNDLE_PATH_INVALID, "", 0 };

  g_return_val_if_fail (out != NULL, FALSE);

  *out = parsed;
  if (path == NULL || strnlen (path, SILLOK_BUNDLE_PATH_MAX + 1) > SILLOK_BUNDLE_PATH_MAX)
    return FALSE;
  if (!parse_path (path, &parsed))
    return FALSE;
  *out = parsed;
  return TRUE;
}

char *
sillok_bundle_path_format (SillokBundlePathKind  kind,
                           const char           *id,
                           guint                 version)
{
  g_autofree char *path = NULL;
  SillokBundlePath parsed;

  switch (kind)
    {
    case SILLOK_BUNDLE_PATH_B2SUMS:
      path = g_strdup (SILLOK_BUNDLE_B2SUMS);
      break;
    case SILLOK_BUNDLE_PATH_MANIFEST:
      path = g_strdup (SILLOK_BUNDLE_MANIFEST);
      break;
    case SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE:
      path = g_strdup (SILLOK_BUNDLE_MANIFEST_SIGNATURE);
      break;
    case SILLOK_BUNDLE_PATH_ATTACHMENT:
      path = g_strconcat (SILLOK_BUNDLE_ATTACHMENTS_DIR, id, NULL);
      break;
    case SILLOK_BUNDLE_PATH_AUDIT:
      path = g_strconcat (SILLOK_BUNDLE_AUDIT_DIR, id, SILLOK_BUNDLE_AUDIT_SUFFIX, NULL);
      break;
    case SILLOK_BUNDLE_PATH_AUDIT_TIMES:
      path = g_strconcat (SILLOK_BUNDLE_AUDIT_DIR, id, SILLOK_BUNDLE_AUDIT_TIMES_SUFFIX, NULL);
      break;
    case SILLOK_BUNDLE_PATH_KEY:
      path = g_strconcat (SILLOK_BUNDLE_KEYS_DIR, id, SILLOK_BUNDLE_KEY_SUFFIX, NULL);
      break;
    case SILLOK_BUNDLE_PATH_TEMPLATE:
      path = g_strconcat (SILLOK_BUNDLE_TEMPLATES_DIR, id, SILLOK_BUNDLE_TEMPLATE_SUFFIX, NULL);
      break;
    case SILLOK_BUNDLE_PATH_STATEMENT:
      path = g_strdup_printf (SILLOK_BUNDLE_RECORDS_DIR "%s/%u/" SILLOK_BUNDLE_STATEMENT, id, version);
      break;
    case SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE:
      path = g_strdup_printf (SILLOK_BUNDLE_RECORDS_DIR "%s/%u/" SILLOK_BUNDLE_STATEMENT_SIGNATURE, id, version);
      break;
    case SILLOK_BUNDLE_PATH_DISCLOSURES:
      path = g_strdup_printf (SILLOK_BUNDLE_RECORDS_DIR "%s/%u/" SILLOK_BUNDLE_DISCLOSURES, id, version);
      break;
    case SILLOK_BUNDLE_PATH_INVALID:
    default:
      return NULL;
    }
  /* Every path written is one the grammar reads back the same. */
  if (!sillok_bundle_path_parse (path, &parsed) || parsed.kind != kind)
    return NULL;
  return g_steal_pointer (&path);
}

guint64
sillok_bundle_path_max_size (SillokBundlePathKind kind)
{
  switch (kind)
    {
    case SILLOK_BUNDLE_PATH_B2SUMS:
      return SILLOK_BUNDLE_B2SUMS_MAX;
    case SILLOK_BUNDLE_PATH_MANIFEST:
      return SILLOK_BUNDLE_MANIFEST_MAX;
    case SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE:
    case SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE:
      return SILLOK_BUNDLE_SIGNATURE_MAX;
    case SILLOK_BUNDLE_PATH_ATTACHMENT:
      return SILLOK_BUNDLE_ATTACHMENT_MAX_DEFAULT;
    case SILLOK_BUNDLE_PATH_AUDIT:
      return SILLOK_BUNDLE_AUDIT_MAX;
    case SILLOK_BUNDLE_PATH_AUDIT_TIMES:
      return SILLOK_BUNDLE_AUDIT_TIMES_MAX;
    case SILLOK_BUNDLE_PATH_KEY:
      return SILLOK_BUNDLE_KEY_MAX;
    case SILLOK_BUNDLE_PATH_TEMPLATE:
      return SILLOK_BUNDLE_TEMPLATE_MAX;
    case SILLOK_BUNDLE_PATH_STATEMENT:
      return SILLOK_BUNDLE_STATEMENT_MAX;
    case SILLOK_BUNDLE_PATH_DISCLOSURES:
      return SILLOK_BUNDLE_DISCLOSURES_MAX;
    case SILLOK_BUNDLE_PATH_INVALID:
    default:
      return 0;
    }
}
