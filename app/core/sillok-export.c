/* sillok-export.c: choosing records, checking consent and k-anonymity, writing the bundle
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-audit.h"
#include "sillok/sillok-recipients.h"
#include "sillok-bundle-writer.h"
#include "sillok-export-private.h"
#include "sillok-failpoint.h"
#include "sillok-vault-private.h"

struct _SillokExport
{
  GObject              parent_instance;

  SillokVault         *vault;
  GPtrArray           *chosen;         /* record UUIDs */
  gboolean             all_sealed;
  SillokExportSource   source;
  gboolean             all_archived;
  SillokExportProfile  profile;
  GArray              *recipients;     /* SillokAgeRecipient */
  SillokSecret        *passphrase;
  char                *override;
  guint                k_threshold;

  /* The test hook, with its strings owned. */
  char                *hook_bundle;
  char                *hook_created;
  char                *hook_audit_time;
  char                *hook_audit_salt;
  gboolean             hook_named_part;
};

G_DEFINE_FINAL_TYPE (SillokExport, sillok_export, G_TYPE_OBJECT)
G_DEFINE_QUARK (sillok-export-error-quark, sillok_export_error)

static void
sillok_export_finalize (GObject *object)
{
  SillokExport *self = SILLOK_EXPORT (object);

  g_clear_object (&self->vault);
  g_clear_pointer (&self->chosen, g_ptr_array_unref);
  g_clear_pointer (&self->recipients, g_array_unref);
  g_clear_pointer (&self->passphrase, sillok_secret_free);
  g_free (self->override);
  g_free (self->hook_bundle);
  g_free (self->hook_created);
  g_free (self->hook_audit_time);
  g_free (self->hook_audit_salt);
  G_OBJECT_CLASS (sillok_export_parent_class)->finalize (object);
}

static void
sillok_export_class_init (SillokExportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_export_finalize;
}

static void
sillok_export_init (SillokExport *self)
{
  self->chosen = g_ptr_array_new_with_free_func (g_free);
  self->recipients = g_array_new (FALSE, FALSE, sizeof (SillokAgeRecipient));
  self->k_threshold = SILLOK_BUNDLE_DEFAULT_K_THRESHOLD;
}

const char *
sillok_export_profile_to_string (SillokExportProfile profile)
{
  return profile == SILLOK_EXPORT_PROFILE_LEGAL ? SILLOK_BUNDLE_PROFILE_LEGAL : SILLOK_BUNDLE_PROFILE_ANONYMIZED;
}

gboolean
sillok_export_profile_from_string (const char          *str,
                                   SillokExportProfile *profile)
{
  if (g_strcmp0 (str, SILLOK_BUNDLE_PROFILE_ANONYMIZED) == 0)
    *profile = SILLOK_EXPORT_PROFILE_ANONYMIZED;
  else if (g_strcmp0 (str, SILLOK_BUNDLE_PROFILE_LEGAL) == 0)
    *profile = SILLOK_EXPORT_PROFILE_LEGAL;
  else
    return FALSE;
  return TRUE;
}

SillokExport *
sillok_export_new (SillokVault *vault)
{
  SillokExport *self;

  g_return_val_if_fail (SILLOK_IS_VAULT (vault), NULL);

  self = g_object_new (SILLOK_TYPE_EXPORT, NULL);
  self->vault = g_object_ref (vault);
  return self;
}

void
sillok_export_add_record (SillokExport *self,
                          const char   *uuid)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self) && uuid != NULL);
  g_ptr_array_add (self->chosen, g_strdup (uuid));
}

void
sillok_export_set_all_sealed (SillokExport *self,
                              gboolean      all_sealed)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self));
  self->all_sealed = !!all_sealed;
}

void
sillok_export_set_source (SillokExport       *self,
                          SillokExportSource  source)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self));
  self->source = source;
}

void
sillok_export_set_all_archived (SillokExport *self,
                                gboolean      all_archived)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self));
  self->all_archived = !!all_archived;
}

void
sillok_export_set_profile (SillokExport        *self,
                           SillokExportProfile  profile)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self));
  self->profile = profile;
}

gboolean
sillok_export_add_recipient (SillokExport  *self,
                             const char    *recipient,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *named = NULL;
  SillokAgeRecipient parsed;

  g_return_val_if_fail (SILLOK_IS_EXPORT (self), FALSE);

  if (recipient != NULL && !g_str_has_prefix (recipient, SILLOK_AGE_RECIPIENT_HRP "1"))
    {
      named = sillok_recipients_lookup (self->vault, recipient, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (recipient == NULL || !sillok_age_recipient_parse (named != NULL ? named : recipient, &parsed, &local_error))
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_RECIPIENT,
                   _("“%s” is neither an age recipient (age1…) nor the name of one of the vault's recipients"),
                   recipient != NULL ? recipient : "");
      return FALSE;
    }
  g_array_append_val (self->recipients, parsed);
  return TRUE;
}

void
sillok_export_set_passphrase (SillokExport *self,
                              SillokSecret *passphrase)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self) && passphrase != NULL);
  g_clear_pointer (&self->passphrase, sillok_secret_free);
  self->passphrase = sillok_secret_dup (passphrase);
}

gboolean
sillok_export_set_override_k (SillokExport  *self,
                              const char    *reason,
                              GError       **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SILLOK_IS_EXPORT (self), FALSE);

  if (reason == NULL || !g_utf8_validate (reason, -1, NULL))
    goto invalid;
  trimmed = g_strstrip (g_strdup (reason));
  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > SILLOK_BUNDLE_OVERRIDE_MAX_CHARS)
    goto invalid;
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      goto invalid;
  g_free (self->override);
  self->override = g_steal_pointer (&trimmed);
  return TRUE;

invalid:
  g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID,
               _("The reason for going below the k-anonymity threshold must be one line of text of 1 to %d "
                 "characters"), SILLOK_BUNDLE_OVERRIDE_MAX_CHARS);
  return FALSE;
}

void
sillok_export_set_k_threshold (SillokExport *self,
                               guint         threshold)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self));
  self->k_threshold = MAX (threshold, 1);
}

void
sillok_export_set_test_hook (SillokExport               *self,
                             const SillokExportTestHook *hook)
{
  g_return_if_fail (SILLOK_IS_EXPORT (self));

  g_clear_pointer (&self->hook_bundle, g_free);
  g_clear_pointer (&self->hook_created, g_free);
  g_clear_pointer (&self->hook_audit_time, g_free);
  g_clear_pointer (&self->hook_audit_salt, g_free);
  self->hook_named_part = FALSE;
  if (hook == NULL)
    return;
  self->hook_bundle = g_strdup (hook->bundle);
  self->hook_created = g_strdup (hook->created);
  self->hook_audit_time = g_strdup (hook->audit_time);
  self->hook_audit_salt = g_strdup (hook->audit_salt);
  self->hook_named_part = hook->named_part;
}

static SillokExportRequest
request_of (SillokExport *self)
{
  SillokExportRequest req = { self->vault, self->chosen, self->all_sealed, self->profile, self->k_threshold,
                              self->override, self->source, self->all_archived };
  return req;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

SillokExportReport *
sillok_export_plan (SillokExport  *self,
                    GError       **error)
{
  SillokExportRequest req;
  g_autoptr(SillokExportPlan) plan = NULL;

  g_return_val_if_fail (SILLOK_IS_EXPORT (self), NULL);

  req = request_of (self);
  plan = sillok_export_plan_make (&req, error);
  if (plan == NULL)
    return NULL;
  return sillok_export_plan_report (&req, plan);
}

/* The age recipients of the bundle: those given, else the vault's. */
static gboolean
resolve_recipients (SillokExport  *self,
                    GArray        *out,
                    GError       **error)
{
  g_autoptr(GPtrArray) stored = NULL;

  if (self->passphrase != NULL && self->recipients->len > 0)
    {
      g_set_error_literal (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID,
                           _("A bundle is encrypted either to recipients or with a passphrase, not both"));
      return FALSE;
    }
  if (self->passphrase != NULL)
    return TRUE;
  if (self->recipients->len > 0)
    {
      g_array_append_vals (out, self->recipients->data, self->recipients->len);
      return TRUE;
    }
  stored = sillok_recipients_list (self->vault, error);
  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      SillokRecipient *r = stored->pdata[i];
      SillokAgeRecipient parsed;

      if (sillok_age_recipient_parse (r->recipient, &parsed, NULL))
        g_array_append_val (out, parsed);
    }
  if (out->len == 0)
    {
      g_set_error_literal (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_NO_RECIPIENT,
                           _("Nobody to encrypt the bundle to: name a recipient, add recipients to the vault, "
                             "or use a passphrase"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
enforce_k (SillokExport        *self,
           SillokExportReport  *report,
           GError             **error)
{
  guint below = g_strv_length (report->below);

  if (!report->enforced || below == 0 || self->override != NULL)
    return TRUE;
  g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_K_ANONYMITY,
               g_dngettext (GETTEXT_PACKAGE,
                            "k-anonymity: %u record is in a group of fewer than %u records with the same "
                            "quasi-identifiers (smallest group: %u); give a reason to export it anyway",
                            "k-anonymity: %u records are in groups of fewer than %u records with the same "
                            "quasi-identifiers (smallest group: %u); give a reason to export them anyway", below),
               below, report->k_threshold, report->k_min);
  return FALSE;
}

/* Everything but the attachments' bytes, which stream from the vault. */
static GPtrArray *
build_files (SillokExport        *self,
             SillokExportPlan    *plan,
             SillokExportReport  *report,
             GError             **error)
{
  sqlite3 *db = sillok_vault_get_db (self->vault, error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_export_file_free);
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_export_record_free);
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *exporter = NULL;
  g_autofree char *b2sums = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *trusted = NULL;
  g_autofree char *month = NULL;
  SillokExportFile *b2sums_file;
  SillokMinisignPublicKey own;
  SillokExportManifest m = { 0 };

  if (db == NULL)
    return NULL;
  for (guint i = 0; i < plan->items->len; i++)
    {
      SillokExportItem *item = plan->items->pdata[i];

      if (item->archived != NULL)
        {
          if (!sillok_export_add_archived_files (self->vault, self->profile, item, paths, files, error))
            return NULL;
          for (guint v = 0; v < item->archived->len; v++)
            {
              SillokExportArchived *version = item->archived->pdata[v];
              SillokExportRecord *r = g_new0 (SillokExportRecord, 1);
              const char *digest = sillok_template_get_digest (version->template);

              r->uuid = g_strdup (item->uuid);
              r->version = version->version;
              r->statement = g_strdup (version->digest);
              g_ptr_array_add (versions, r);
              if (!g_ptr_array_find_with_equal_func (templates, digest, g_str_equal, NULL))
                g_ptr_array_add (templates, g_strdup (digest));
            }
          continue;
        }
      item->pending = sillok_audit_prepare (self->vault, db, item->uuid, "exported",
                                            sillok_record_get_version (item->sealed), report->bundle,
                                            self->hook_audit_time, self->hook_audit_salt, error);
      if (item->pending == NULL
          || !sillok_export_add_item_files (self->vault, self->profile, item, paths, files, error))
        return NULL;
      for (guint v = 0; v < item->versions->len; v++)
        {
          SillokRecord *version = item->versions->pdata[v];
          SillokExportRecord *r = g_new0 (SillokExportRecord, 1);
          const char *digest = sillok_template_get_digest (sillok_record_get_template (version));

          r->uuid = g_strdup (item->uuid);
          r->version = sillok_record_get_version (version);
          r->statement = g_strdup (sillok_record_get_statement_digest (version));
          g_ptr_array_add (versions, r);
          if (!g_ptr_array_find_with_equal_func (templates, digest, g_str_equal, NULL))
            g_ptr_array_add (templates, g_strdup (digest));
        }
    }

  sillok_vault_get_public_key (self->vault, &own);
  exporter = sillok_minisign_key_id_to_string (own.keynum);
  {
    g_autofree char *pub = sillok_minisign_public_key_to_file (&own);
    g_autofree char *path = sillok_bundle_path_format (SILLOK_BUNDLE_PATH_KEY, exporter, 0);

    if (!g_hash_table_contains (paths, path))
      g_ptr_array_add (files, sillok_export_file_new (path, pub, strlen (pub), FALSE));
  }
  for (guint i = 0; i < files->len; i++)
    {
      SillokExportFile *file = files->pdata[i];

      if (file->record != NULL || file->blob != NULL)
        report->attachments++;
    }

  sillok_export_files_sort (files);
  b2sums = sillok_export_b2sums (files);
  b2sums_file = sillok_export_file_new (SILLOK_BUNDLE_B2SUMS, b2sums, strlen (b2sums), FALSE);
  g_ptr_array_add (files, b2sums_file);

  g_ptr_array_sort (templates, compare_strings);
  g_ptr_array_add (templates, NULL);
  month = self->hook_created != NULL ? g_strdup (self->hook_created) : NULL;
  if (month == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      month = g_date_time_format (now, "%Y-%m");
    }
  m.bundle = report->bundle;
  m.created = month;
  m.exporter = exporter;
  m.profile = sillok_export_profile_to_string (self->profile);
  m.b2sums = b2sums_file->b2;
  m.k_min = report->k_min;
  m.k_threshold = report->k_threshold;
  m.below = (const char *const *) report->below;
  m.quasi = (const char *const *) report->quasi;
  m.override = report->override;
  m.provenance = (const char *const *) report->provenance;
  m.records = versions;
  m.templates = (const char *const *) templates->pdata;
  manifest = sillok_export_manifest_json (&m, error);
  if (manifest == NULL)
    return NULL;
  if (strlen (manifest) > SILLOK_BUNDLE_MANIFEST_MAX)
    {
      g_set_error_literal (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_TOO_LARGE,
                           _("Too many records for one bundle: export them in several"));
      return NULL;
    }
  trusted = g_strdup_printf (SILLOK_BUNDLE_TRUSTED_COMMENT_FORMAT, report->bundle);
  signature = sillok_minisign_sign (sillok_vault_get_signing_key (self->vault), (const guint8 *) manifest,
                                    strlen (manifest), NULL, trusted, error);
  if (signature == NULL)
    return NULL;
  g_ptr_array_add (files, sillok_export_file_new (SILLOK_BUNDLE_MANIFEST, manifest, strlen (manifest), FALSE));
  g_ptr_array_add (files, sillok_export_file_new (SILLOK_BUNDLE_MANIFEST_SIGNATURE, signature, strlen (signature),
                                                  FALSE));
  sillok_export_files_sort (files);
  return g_steal_pointer (&files);
}

static gboolean
write_files (SillokExport        *self,
             SillokBundleWriter  *writer,
             GPtrArray           *files,
             GCancellable        *cancellable,
             GError             **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      SillokExportFile *file = files->pdata[i];
      g_autoptr(GInputStream) input = NULL;
      g_autoptr(SillokBlob) blob = NULL;

      if (file->record == NULL && file->blob == NULL)
        {
          if (!sillok_bundle_writer_add_bytes (writer, file->path, sillok_export_file_get_data (file), file->size,
                                               cancellable, error))
            return FALSE;
          continue;
        }
      /* Every receiver checks the attachment's BLAKE2b-512 against B2SUMS
       * and the signed statement; here each chunk's authentication under
       * the blob's own key vouches for it (docs/DECISIONS.md). */
      if (file->blob == NULL)
        blob = sillok_record_attachment_blob (self->vault, file->record, file->version, file->n, error);
      if (file->blob != NULL || blob != NULL)
        input = sillok_blob_open_unhashed (self->vault, file->blob != NULL ? file->blob : blob, error);
      if (input == NULL
          || !sillok_bundle_writer_add_stream (writer, file->path, input, file->size, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* The bundle's manifest, among its files. */
static GBytes *
manifest_of (GPtrArray *files)
{
  for (guint i = 0; i < files->len; i++)
    {
      SillokExportFile *file = files->pdata[i];

      if (strcmp (file->path, SILLOK_BUNDLE_MANIFEST) == 0)
        return file->bytes;
    }
  g_return_val_if_reached (NULL);
}

/* The archive's log of an export from it: to whom (age recipients; none
 * for a passphrase) and the manifest, which names everything else. */
static gboolean
log_archive_export (SillokExport        *self,
                    sqlite3             *db,
                    SillokExportReport  *report,
                    const char          *b2,
                    GArray              *recipients,
                    GPtrArray           *files,
                    GError             **error)
{
  g_autoptr(GPtrArray) encoded = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < recipients->len; i++)
    g_ptr_array_add (encoded, sillok_age_recipient_encode (&g_array_index (recipients, SillokAgeRecipient, i)));
  g_ptr_array_add (encoded, NULL);
  return sillok_export_archive_log (db, report->bundle, b2, self->profile, (const char *const *) encoded->pdata,
                                    manifest_of (files), error);
}

/* Appends every "exported" entry, or none: to the records' chains, or for
 * an export from the archive to the archive's log. */
static gboolean
record_export (SillokExport        *self,
               SillokExportPlan    *plan,
               SillokExportReport  *report,
               const char          *b2,
               GArray              *recipients,
               GPtrArray           *files,
               GError             **error)
{
  sqlite3 *db = sillok_vault_get_db (self->vault, error);
  g_autoptr(GError) local_error = NULL;
  int injected;

  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  injected = sillok_failpoint (SILLOK_EXPORT_FAILPOINT_RECORD);
  if (injected != 0)
    {
      sillok_db_rollback (db);
      sillok_db_set_error (error, db, injected == EIO ? SQLITE_IOERR : SQLITE_FULL, _("Database"));
      return FALSE;
    }
  if (self->source == SILLOK_EXPORT_SOURCE_ARCHIVE)
    {
      if (!log_archive_export (self, db, report, b2, recipients, files, error))
        {
          sillok_db_rollback (db);
          return FALSE;
        }
      return sillok_db_commit (db, error);
    }
  for (guint i = 0; i < plan->items->len; i++)
    {
      SillokExportItem *item = plan->items->pdata[i];

      if (!sillok_audit_insert (db, item->pending, &local_error))
        {
          sillok_db_rollback (db);
          if (g_error_matches (local_error, SILLOK_AUDIT_ERROR, SILLOK_AUDIT_ERROR_CHANGED))
            g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_CHANGED,
                         _("Record %s changed while it was being exported: export again"), item->uuid);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return sillok_db_commit (db, error);
}

static guint64
content_size (GPtrArray *files)
{
  guint64 total = 0;

  for (guint i = 0; i < files->len; i++)
    total += ((SillokExportFile *) files->pdata[i])->size;
  return total;
}

SillokExportReport *
sillok_export_write (SillokExport        *self,
                     const char          *path,
                     SillokProgressFunc   progress,
                     gpointer             progress_data,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(SillokExportPlan) plan = NULL;
  g_autoptr(SillokExportReport) report = NULL;
  g_autoptr(GArray) recipients = g_array_new (FALSE, FALSE, sizeof (SillokAgeRecipient));
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(SillokBundleWriter) writer = NULL;
  g_autoptr(GError) local_error = NULL;
  SillokExportRequest req;

  g_return_val_if_fail (SILLOK_IS_EXPORT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  /* Said before any work; the writer makes sure of it again. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists: choose another name or remove it first"), path);
      return NULL;
    }
  req = request_of (self);
  if (!resolve_recipients (self, recipients, error) || (plan = sillok_export_plan_make (&req, error)) == NULL)
    return NULL;
  report = sillok_export_plan_report (&req, plan);
  if (!enforce_k (self, report, error))
    return NULL;
  report->bundle = self->hook_bundle != NULL ? g_strdup (self->hook_bundle) : g_uuid_string_random ();
  files = build_files (self, plan, report, error);
  if (files == NULL)
    return NULL;

  writer = sillok_bundle_writer_new (path, self->hook_named_part, error);
  if (writer == NULL)
    return NULL;
  if (self->passphrase != NULL)
    sillok_bundle_writer_set_passphrase (writer, self->passphrase);
  else
    sillok_bundle_writer_set_recipients (writer, (const SillokAgeRecipient *) recipients->data, recipients->len);
  sillok_bundle_writer_set_progress (writer, content_size (files), progress, progress_data);
  if (!write_files (self, writer, files, cancellable, &local_error)
      || !sillok_bundle_writer_finish (writer, cancellable, &local_error)
      || !sillok_bundle_writer_commit (writer, &local_error))
    {
      sillok_bundle_writer_discard (writer);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("Writing the bundle %s: "), path);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* The bundle is in place: only now does the vault say it left. */
  if (!record_export (self, plan, report, sillok_bundle_writer_get_b2 (writer), recipients, files, error))
    {
      sillok_bundle_writer_discard (writer);
      g_prefix_error (error, _("Recording the export in the vault failed, so the bundle was removed: "));
      return NULL;
    }
  report->b2 = g_strdup (sillok_bundle_writer_get_b2 (writer));
  report->size = sillok_bundle_writer_get_size (writer);
  return g_steal_pointer (&report);
}

typedef struct
{
  char               *path;
  SillokProgressFunc  progress;
  gpointer            progress_data;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;
  SillokExportReport *report = sillok_export_write (SILLOK_EXPORT (source), data->path, data->progress,
                                                    data->progress_data, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) sillok_export_report_free);
}

void
sillok_export_write_async (SillokExport        *self,
                           const char          *path,
                           SillokProgressFunc   progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (SILLOK_IS_EXPORT (self));
  g_return_if_fail (path != NULL);

  data = g_new0 (WriteData, 1);
  data->path = g_strdup (path);
  data->progress = progress;
  data->progress_data = progress_data;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sillok_export_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

SillokExportReport *
sillok_export_write_finish (SillokExport  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
