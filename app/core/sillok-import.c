/* sillok-import.c: the bundle reader feeding the archive
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-import.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-trust.h"
#include "sillok-archive-private.h"

/* What the reader hands over while it reads.  Nothing reaches the
 * database before the report says every check passed. */
typedef struct
{
  SillokVault         *vault;
  SillokArchiveImport *import;
  GBytes              *manifest;
  GBytes              *signature;
} Import;

static gboolean
take_attachment (gpointer       user_data,
                 const char    *b2,
                 guint64        size,
                 GInputStream  *stream,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Import *im = user_data;

  return sillok_archive_import_add_read_attachment (im->import, b2, stream, cancellable, error);
}

static gboolean
take_manifest (gpointer                  user_data,
               const SillokBundleReport *report,
               GBytes                   *manifest,
               GBytes                   *signature,
               GError                  **error)
{
  Import *im = user_data;

  g_clear_pointer (&im->manifest, g_bytes_unref);
  g_clear_pointer (&im->signature, g_bytes_unref);
  im->manifest = g_bytes_ref (manifest);
  im->signature = g_bytes_ref (signature);
  return TRUE;
}

static gboolean
take_version (gpointer                       user_data,
              const SillokBundleVersionData *v,
              GError                       **error)
{
  Import *im = user_data;
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();

  for (guint i = 0; i < v->disclosures->len; i++)
    g_ptr_array_add (strings, (gpointer) sillok_disclosure_get_encoded (v->disclosures->pdata[i]));
  g_ptr_array_add (strings, NULL);
  sillok_archive_import_add_version (im->import, v->record, v->version, v->statement, v->signature,
                                     (const char *const *) strings->pdata);
  return TRUE;
}

static gboolean
take_key (gpointer                       user_data,
          const char                    *key_id,
          const SillokMinisignPublicKey *key,
          GBytes                        *file,
          GError                       **error)
{
  Import *im = user_data;
  g_autofree char *b64 = sillok_minisign_public_key_to_base64 (key);

  sillok_archive_import_add_key (im->import, key_id, b64);
  return TRUE;
}

/* The chain as the bundle's audit/<uuid>.jsonl held it (the reader has
 * checked that file is exactly these lines), and its times as
 * audit/<uuid>.times.json (a canonical array of strings). */
static gboolean
take_audit (gpointer            user_data,
            const char         *record,
            const char * const *entries,
            const char * const *times,
            GError            **error)
{
  Import *im = user_data;
  g_autoptr(GString) chain = g_string_new (NULL);
  g_autoptr(GBytes) chain_bytes = NULL;
  g_autoptr(GBytes) times_bytes = NULL;

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_string_append (chain, entries[i]);
      g_string_append_c (chain, '\n');
    }
  chain_bytes = g_string_free_to_bytes (g_steal_pointer (&chain));
  if (times != NULL)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();
      gsize len = 0;
      char *text;

      for (guint i = 0; times[i] != NULL; i++)
        json_array_add_string_element (array, times[i]);
      json_node_take_array (root, array);
      text = sillok_jcs_serialize (root, &len, error);
      if (text == NULL)
        return FALSE;
      times_bytes = g_bytes_new_take (text, len);
    }
  sillok_archive_import_add_audit (im->import, record, chain_bytes, times_bytes);
  return TRUE;
}

static gboolean
take_template (gpointer     user_data,
               const char  *digest,
               GBytes      *canonical,
               GError     **error)
{
  Import *im = user_data;

  sillok_archive_import_add_template (im->import, canonical);
  return TRUE;
}

static gboolean
lookup_statement (gpointer     user_data,
                  const char  *record,
                  guint        version,
                  const char  *digest,
                  gboolean    *found,
                  GError     **error)
{
  Import *im = user_data;

  *found = sillok_archive_has_version (im->vault, record, version, digest);
  return TRUE;
}

static gboolean
lookup_other (gpointer     user_data,
              const char  *record,
              guint        version,
              const char  *digest,
              gboolean    *other,
              GError     **error)
{
  Import *im = user_data;

  *other = sillok_archive_has_other_version (im->vault, record, version, digest);
  return TRUE;
}

static gboolean
lookup_successor (gpointer     user_data,
                  const char  *record,
                  guint        version,
                  const char  *digest,
                  gboolean    *mismatch,
                  GError     **error)
{
  Import *im = user_data;

  *mismatch = sillok_archive_has_other_successor (im->vault, record, version, digest);
  return TRUE;
}

static const SillokBundleConsumer consumer = {
  .attachment = take_attachment,
  .manifest = take_manifest,
  .version = take_version,
  .key = take_key,
  .audit = take_audit,
  .template_file = take_template,
  .lookup_statement = lookup_statement,
  .lookup_other = lookup_other,
  .lookup_successor = lookup_successor,
  /* A version whose predecessor has not arrived is kept, marked
   * incomplete, and linked when the predecessor comes. */
  .accept_awaiting = TRUE,
};

static const char *
exporter_of (const SillokBundleReport *report)
{
  for (guint i = 0; i < report->signers->len; i++)
    {
      const SillokBundleSigner *s = report->signers->pdata[i];

      if (s->exporter)
        return s->key_id;
    }
  return NULL;
}

static SillokImportResult *
import_bundle (SillokVault         *vault,
               SillokBundleReader  *reader,
               const char          *path,
               GInputStream        *input,
               guint64              total,
               SillokBundleReport **report_out,
               SillokProgressFunc   progress,
               gpointer             progress_data,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(SillokArchiveImport) import = NULL;
  g_autoptr(SillokBundleReport) report = NULL;
  Import im = { NULL };
  SillokImportResult *result = NULL;

  g_return_val_if_fail (SILLOK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (SILLOK_IS_BUNDLE_READER (reader), NULL);

  if (report_out != NULL)
    *report_out = NULL;
  if (sillok_vault_is_locked (vault))
    {
      g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED, _("The vault is locked"));
      return NULL;
    }

  import = sillok_archive_import_new (vault);
  im.vault = vault;
  im.import = import;
  sillok_bundle_reader_set_consumer (reader, &consumer, &im);
  if (path != NULL)
    report = sillok_bundle_reader_read_file (reader, path, progress, progress_data, cancellable, error);
  else
    report = sillok_bundle_reader_read_stream (reader, input, total, progress, progress_data, cancellable, error);
  sillok_bundle_reader_set_consumer (reader, NULL, NULL);

  if (report != NULL && report->verdict == SILLOK_BUNDLE_VERDICT_VALID)
    {
      if (im.manifest == NULL || exporter_of (report) == NULL)
        g_set_error_literal (error, SILLOK_ARCHIVE_ERROR, SILLOK_ARCHIVE_ERROR_INVALID,
                             _("The bundle was verified without its manifest"));
      else
        {
          SillokArchiveBundle bundle = {
            .bundle = report->bundle,
            .b2 = report->b2,
            .exporter = exporter_of (report),
            .profile = report->profile,
            .created = report->created,
            .manifest = im.manifest,
            .manifest_signature = im.signature,
          };

          sillok_archive_import_set_bundle (import, &bundle);
          result = sillok_archive_import_commit (import, error);
        }
    }
  else if (report != NULL)
    g_propagate_error (error, g_error_copy (report->failure));

  g_clear_pointer (&im.manifest, g_bytes_unref);
  g_clear_pointer (&im.signature, g_bytes_unref);
  /* Freeing an uncommitted import deletes the blobs it stored. */
  g_clear_pointer (&import, sillok_archive_import_free);
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return result;
}

SillokImportResult *
sillok_import_file (SillokVault         *vault,
                    SillokBundleReader  *reader,
                    const char          *path,
                    SillokBundleReport **report,
                    SillokProgressFunc   progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return import_bundle (vault, reader, path, NULL, 0, report, progress, progress_data, cancellable, error);
}

SillokImportResult *
sillok_import_stream (SillokVault         *vault,
                      SillokBundleReader  *reader,
                      GInputStream        *input,
                      guint64              total,
                      SillokBundleReport **report,
                      SillokProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);

  return import_bundle (vault, reader, NULL, input, total, report, progress, progress_data, cancellable, error);
}

SillokBundleReader *
sillok_import_reader_new (SillokVault  *vault,
                          GError      **error)
{
  g_autoptr(SillokBundleReader) reader = NULL;
  g_autoptr(GPtrArray) trusted = NULL;
  SillokMinisignPublicKey own;

  g_return_val_if_fail (SILLOK_IS_VAULT (vault), NULL);

  if ((trusted = sillok_trust_list (vault, error)) == NULL)
    return NULL;
  reader = sillok_bundle_reader_new ();
  sillok_bundle_reader_add_identity (reader, sillok_vault_get_age_identity (vault));
  sillok_bundle_reader_set_identity_is_vault (reader, TRUE);
  sillok_vault_get_public_key (vault, &own);
  sillok_bundle_reader_add_trusted_key (reader, &own, sillok_vault_get_name (vault), _("this vault"));
  for (guint i = 0; i < trusted->len; i++)
    {
      SillokTrustedSigner *s = trusted->pdata[i];

      sillok_bundle_reader_add_trusted_key (reader, &s->key, s->name, s->role);
    }
  return g_steal_pointer (&reader);
}
