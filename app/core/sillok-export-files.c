/* sillok-export-files.c: the files of a bundle, B2SUMS and the manifest
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok/sillok-jcs.h"
#include "sillok-export-private.h"

SillokExportFile *
sillok_export_file_new (const char *path,
                        const void *data,
                        gsize       len,
                        gboolean    secret)
{
  SillokExportFile *file = g_new0 (SillokExportFile, 1);
  guint8 digest[crypto_generichash_BYTES_MAX];

  file->path = g_strdup (path);
  if (secret)
    file->secret = sillok_secret_new_from_data (data, len);
  else
    file->bytes = g_bytes_new (data, len);
  file->size = len;
  crypto_generichash (digest, sizeof digest, data, len, NULL, 0);
  sodium_bin2hex (file->b2, sizeof file->b2, digest, sizeof digest);
  return file;
}

const guint8 *
sillok_export_file_get_data (SillokExportFile *file)
{
  if (file->secret != NULL)
    return sillok_secret_get_data (file->secret);
  if (file->bytes != NULL)
    return g_bytes_get_data (file->bytes, NULL);
  return NULL;
}

void
sillok_export_file_free (SillokExportFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_clear_pointer (&file->secret, sillok_secret_free);
  g_free (file->record);
  g_clear_pointer (&file->blob, sillok_blob_free);
  g_free (file);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  const SillokExportFile *x = *(SillokExportFile *const *) a;
  const SillokExportFile *y = *(SillokExportFile *const *) b;

  return strcmp (x->path, y->path);
}

void
sillok_export_files_sort (GPtrArray *files)
{
  g_ptr_array_sort (files, compare_paths);
}

char *
sillok_export_b2sums (GPtrArray *files)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < files->len; i++)
    {
      SillokExportFile *file = files->pdata[i];

      if (strcmp (file->path, SILLOK_BUNDLE_B2SUMS) == 0 || strcmp (file->path, SILLOK_BUNDLE_MANIFEST) == 0
          || strcmp (file->path, SILLOK_BUNDLE_MANIFEST_SIGNATURE) == 0)
        continue;
      g_string_append_printf (out, "%s" SILLOK_BUNDLE_B2SUMS_SEPARATOR "%s\n", file->b2, file->path);
    }
  return g_string_free (out, FALSE);
}

static void
add_strings (JsonBuilder        *b,
             const char         *member,
             const char *const  *strings)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    json_builder_add_string_value (b, strings[i]);
  json_builder_end_array (b);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

char *
sillok_export_manifest_json (const SillokExportManifest  *m,
                             GError                     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  /* RFC 8785 sorts the members; they are written in that order anyway. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "anonymity");
  json_builder_begin_object (b);
  add_strings (b, "below", m->below);
  json_builder_set_member_name (b, "k_min");
  json_builder_add_int_value (b, m->k_min);
  json_builder_set_member_name (b, "k_threshold");
  json_builder_add_int_value (b, m->k_threshold);
  json_builder_set_member_name (b, "override");
  if (m->override != NULL)
    json_builder_add_string_value (b, m->override);
  else
    json_builder_add_null_value (b);
  add_strings (b, "quasi", m->quasi);
  json_builder_end_object (b);

  add_string (b, "b2sums", m->b2sums);
  add_string (b, "bundle", m->bundle);
  add_string (b, "created", m->created);
  add_string (b, "exporter", m->exporter);
  add_string (b, "format", SILLOK_BUNDLE_FORMAT);
  add_string (b, "profile", m->profile);
  if (m->provenance != NULL)
    add_strings (b, SILLOK_BUNDLE_PROVENANCE_MEMBER, m->provenance);

  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint i = 0; i < m->records->len; i++)
    {
      SillokExportRecord *r = m->records->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "record", r->uuid);
      add_string (b, "statement", r->statement);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, r->version);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_strings (b, "templates", m->templates);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return sillok_jcs_serialize (root, NULL, error);
}
