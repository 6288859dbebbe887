/* sillok-bundle-reader.c: decrypting and unpacking a bundle in memory, one chunk at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-bundle-reader-private.h"
#include "sillok-bundle-streams.h"
#include "sillok-tar-reader.h"

G_DEFINE_QUARK (sillok-bundle-error-quark, sillok_bundle_error)

struct _SillokBundleReader
{
  GObject                     parent_instance;
  GPtrArray                  *identities;
  GPtrArray                  *passphrases;
  gboolean                    identity_is_vault;
  GHashTable                 *trusted;
  guint64                     max_attachment;
  guint                       max_entries;
  guint64                     max_small;
  const SillokBundleConsumer *consumer;
  gpointer                    consumer_data;
};

G_DEFINE_FINAL_TYPE (SillokBundleReader, sillok_bundle_reader, G_TYPE_OBJECT)

static const char *const check_names[] = {
  "age-recipient", "age-header", "age-payload", "tar", "b2sums", "manifest", "key", "manifest-signature",
  "statement", "statement-signature", "disclosures", "attachment", "supersedes", "audit", "template",
};

const char *
sillok_bundle_error_to_string (SillokBundleError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (check_names), NULL);
  return check_names[code];
}

const char *
sillok_bundle_trust_to_string (SillokBundleTrust trust)
{
  switch (trust)
    {
    case SILLOK_BUNDLE_TRUST_TRUSTED:
      return "trusted";
    case SILLOK_BUNDLE_TRUST_MISMATCH:
      return "mismatch";
    case SILLOK_BUNDLE_TRUST_UNKNOWN:
    default:
      return "unknown";
    }
}

static void
trusted_key_free (SillokBundleTrustedKey *key)
{
  g_free (key->name);
  g_free (key->role);
  g_free (key);
}

static void
sillok_bundle_reader_finalize (GObject *object)
{
  SillokBundleReader *self = SILLOK_BUNDLE_READER (object);

  g_ptr_array_unref (self->identities);
  g_ptr_array_unref (self->passphrases);
  g_hash_table_unref (self->trusted);
  G_OBJECT_CLASS (sillok_bundle_reader_parent_class)->finalize (object);
}

static void
sillok_bundle_reader_class_init (SillokBundleReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_bundle_reader_finalize;
}

static void
sillok_bundle_reader_init (SillokBundleReader *self)
{
  self->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_age_identity_free);
  self->passphrases = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_secret_free);
  self->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) trusted_key_free);
  self->max_attachment = SILLOK_BUNDLE_ATTACHMENT_MAX_DEFAULT;
  self->max_entries = SILLOK_BUNDLE_MAX_ENTRIES;
  self->max_small = SILLOK_BUNDLE_SMALL_FILES_MAX;
  /* For tests of the limit without a million files: it can only be
   * lowered, never raised (docs/BUNDLE.md, "Limits"). */
  {
    const char *lower = g_getenv ("SILLOK_TEST_MAX_BUNDLE_ENTRIES");
    guint64 n = 0;

    if (lower != NULL && g_ascii_string_to_unsigned (lower, 10, 1, SILLOK_BUNDLE_MAX_ENTRIES, &n, NULL))
      self->max_entries = (guint) n;
  }
}

SillokBundleReader *
sillok_bundle_reader_new (void)
{
  return g_object_new (SILLOK_TYPE_BUNDLE_READER, NULL);
}

void
sillok_bundle_reader_add_identity (SillokBundleReader *self,
                                   SillokAgeIdentity  *identity)
{
  g_return_if_fail (SILLOK_IS_BUNDLE_READER (self) && identity != NULL);
  g_ptr_array_add (self->identities, sillok_age_identity_new_from_scalar (sillok_age_identity_get_scalar (identity)));
}

void
sillok_bundle_reader_add_passphrase (SillokBundleReader *self,
                                     SillokSecret       *passphrase)
{
  g_return_if_fail (SILLOK_IS_BUNDLE_READER (self) && passphrase != NULL);
  g_ptr_array_add (self->passphrases, sillok_secret_dup (passphrase));
}

void
sillok_bundle_reader_set_identity_is_vault (SillokBundleReader *self,
                                            gboolean            is_vault)
{
  self->identity_is_vault = is_vault;
}

void
sillok_bundle_reader_add_trusted_key (SillokBundleReader            *self,
                                      const SillokMinisignPublicKey *key,
                                      const char                    *name,
                                      const char                    *role)
{
  SillokBundleTrustedKey *t = g_new0 (SillokBundleTrustedKey, 1);

  g_return_if_fail (SILLOK_IS_BUNDLE_READER (self) && key != NULL);
  t->key = *key;
  t->name = g_strdup (name);
  t->role = g_strdup (role);
  g_hash_table_replace (self->trusted, sillok_minisign_key_id_to_string (key->keynum), t);
}

gboolean
sillok_bundle_reader_add_trusted_dir (SillokBundleReader *self,
                                      const char         *dir,
                                      GError            **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      g_autofree char *label = NULL;
      gsize len;
      SillokMinisignPublicKey key;

      if (!g_str_has_suffix (name, ".pub"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_get_contents (path, &data, &len, error))
        return FALSE;
      if (len > SILLOK_BUNDLE_KEY_MAX || !sillok_minisign_public_key_parse (data, len, &key, error))
        {
          g_prefix_error (error, _("%s is not a minisign public key: "), path);
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a minisign public key"), path);
          return FALSE;
        }
      label = g_strndup (name, strlen (name) - strlen (".pub"));
      sillok_bundle_reader_add_trusted_key (self, &key, label, NULL);
    }
  return TRUE;
}

void
sillok_bundle_reader_set_max_attachment (SillokBundleReader *self,
                                         guint64             max)
{
  self->max_attachment = max;
}

void
sillok_bundle_reader_set_max_entries (SillokBundleReader *self,
                                      guint               max)
{
  self->max_entries = max;
}

void
sillok_bundle_reader_set_max_small_files (SillokBundleReader *self,
                                          guint64             max)
{
  self->max_small = max;
}

void
sillok_bundle_reader_set_consumer (SillokBundleReader         *self,
                                   const SillokBundleConsumer *consumer,
                                   gpointer                    user_data)
{
  self->consumer = consumer;
  self->consumer_data = user_data;
}

gboolean
sillok_bundle_read_fail (SillokBundleRead  *st,
                         SillokBundleError  code,
                         const char        *path,
                         const char        *record,
                         guint              version,
                         const char        *format,
                         ...)
{
  SillokBundleReport *r = st->report;
  va_list args;

  if (r->failure != NULL)
    return FALSE;
  va_start (args, format);
  r->failure = g_error_new_valist (SILLOK_BUNDLE_ERROR, code, format, args);
  va_end (args);
  /* Messages may quote the bundle's own bytes. */
  if (!g_utf8_validate (r->failure->message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (r->failure->message, -1);

      g_free (r->failure->message);
      r->failure->message = valid;
    }
  r->failure_path = g_strdup (path);
  r->failure_record = g_strdup (record);
  r->failure_version = version;
  r->verdict = SILLOK_BUNDLE_VERDICT_FAILED;
  return FALSE;
}

static void
bundle_file_free (SillokBundleFile *file)
{
  g_free (file->path);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_clear_pointer (&file->secret, sillok_secret_free);
  g_free (file);
}

/* Files that hold testimony stay in guarded memory. */
static gboolean
is_sensitive (SillokBundlePathKind kind)
{
  return kind == SILLOK_BUNDLE_PATH_DISCLOSURES || kind == SILLOK_BUNDLE_PATH_AUDIT_TIMES;
}

static void
read_init (SillokBundleRead   *st,
           SillokBundleReader *reader,
           GCancellable       *cancellable)
{
  memset (st, 0, sizeof *st);
  st->reader = reader;
  st->consumer = reader->consumer;
  st->consumer_data = reader->consumer_data;
  st->cancellable = cancellable;
  st->report = sillok_bundle_report_new ();
  st->files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) bundle_file_free);
  st->attachments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  st->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  st->trusted = reader->trusted;
}

static void
read_clear (SillokBundleRead *st)
{
  g_clear_pointer (&st->files, g_hash_table_unref);
  g_clear_pointer (&st->sums, g_hash_table_unref);
  g_clear_pointer (&st->attachments, g_hash_table_unref);
  g_clear_pointer (&st->keys, g_hash_table_unref);
  g_clear_pointer (&st->report, sillok_bundle_report_free);
  g_clear_error (&st->error);
}

/* The hash B2SUMS gives @path, or NULL; a failure for files it must not list. */
static const char *
expected_sum (SillokBundleRead       *st,
              const char             *path,
              const SillokBundlePath *parsed)
{
  if (parsed->kind == SILLOK_BUNDLE_PATH_B2SUMS || parsed->kind == SILLOK_BUNDLE_PATH_MANIFEST
      || parsed->kind == SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE || st->sums == NULL)
    return NULL;
  return g_hash_table_lookup (st->sums, path);
}

static void
check_sum (SillokBundleRead *st,
           const char       *path,
           const char       *expected,
           gboolean          matched)
{
  if (st->sums == NULL)
    return;
  if (expected == NULL)
    sillok_bundle_read_fail (st, SILLOK_BUNDLE_ERROR_B2SUMS, path, NULL, 0, _("%s is not listed in B2SUMS"), path);
  else if (!matched)
    sillok_bundle_read_fail (st, SILLOK_BUNDLE_ERROR_B2SUMS, path, NULL, 0,
                             _("%s does not match its hash in B2SUMS: the file was changed"), path);
}

/* An attachment: hashed as it streams, through the consumer when there is one. */
static gboolean
read_attachment (SillokBundleRead       *st,
                 SillokTarReader        *tar,
                 const char             *path,
                 const SillokBundlePath *parsed,
                 guint64                 size,
                 GError                **error)
{
  const char *expected = expected_sum (st, path, parsed);
  g_autoptr(GInputStream) stream = sillok_bundle_entry_stream_new (tar, path, expected);
  gboolean matched = FALSE;

  if (st->consumer != NULL && st->consumer->attachment != NULL && st->report->failure == NULL)
    {
      if (!st->consumer->attachment (st->consumer_data, parsed->id, size, stream, st->cancellable, &st->error))
        {
          g_assert (st->error != NULL);
          /* The consumer saw the bytes fail their hash: that is the
           * bundle's failure (B2SUMS), not the consumer's. */
          if (sillok_bundle_entry_stream_mismatched (SILLOK_BUNDLE_ENTRY_STREAM (stream)))
            g_clear_error (&st->error);
          else if (st->error->domain == SILLOK_AGE_ERROR || st->error->domain == SILLOK_TAR_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&st->error));
              return FALSE;
            }
          else
            return FALSE;
        }
    }
  if (!sillok_bundle_entry_stream_drain (SILLOK_BUNDLE_ENTRY_STREAM (stream), &matched, st->cancellable, error))
    return FALSE;
  check_sum (st, path, expected, matched);
  /* The file's name is its hash: B2SUMS and the name must agree. */
  if (matched && strcmp (expected, parsed->id) != 0)
    sillok_bundle_read_fail (st, SILLOK_BUNDLE_ERROR_B2SUMS, path, NULL, 0,
                             _("%s is not named after its hash"), path);
  if (matched)
    {
      guint64 *s = g_new (guint64, 1);

      *s = size;
      g_hash_table_replace (st->attachments, g_strdup (parsed->id), s);
    }
  st->report->attachments++;
  return TRUE;
}

static gboolean
read_small (SillokBundleRead       *st,
            SillokTarReader        *tar,
            const char             *path,
            const SillokBundlePath *parsed,
            guint64                 size,
            GError                **error)
{
  SillokBundleFile *file = g_new0 (SillokBundleFile, 1);
  g_autoptr(SillokSecret) secret = is_sensitive (parsed->kind) ? sillok_secret_new (size) : NULL;
  g_autofree guint8 *plain = secret == NULL ? g_malloc (size + 1) : NULL;
  guint8 *out = secret != NULL ? sillok_secret_get_data (secret) : plain;
  guint64 done = 0;
  const char *expected;

  file->path = g_strdup (path);
  file->parsed = *parsed;
  g_hash_table_replace (st->files, file->path, file);
  for (;;)
    {
      const guint8 *data;
      gsize len;

      if (!sillok_tar_reader_read (tar, &data, &len, st->cancellable, error))
        return FALSE;
      if (len == 0)
        break;
      memcpy (out + done, data, len);
      done += len;
    }
  g_assert (done == size);
  sillok_b2_hex (out, size, file->b2);
  if (plain != NULL)
    {
      plain[size] = 0;
      file->bytes = g_bytes_new_take (g_steal_pointer (&plain), size);
    }
  else
    file->secret = g_steal_pointer (&secret);

  expected = expected_sum (st, path, parsed);
  if (parsed->kind == SILLOK_BUNDLE_PATH_B2SUMS)
    sillok_bundle_read_b2sums (st, file);
  else if (parsed->kind != SILLOK_BUNDLE_PATH_MANIFEST && parsed->kind != SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE)
    check_sum (st, path, expected, expected != NULL && sodium_memcmp (expected, file->b2, 128) == 0);
  return TRUE;
}

/* What an age or tar error means for the verdict; FALSE for errors that
 * are not the bundle's (reading the file, cancellation). */
static gboolean
stream_failure (SillokBundleRead  *st,
                const GError      *error,
                const char        *path)
{
  SillokBundleReader *reader = st->reader;
  SillokBundleError code;
  const char *message = error->message;
  g_autofree char *own = NULL;

  if (error->domain == SILLOK_TAR_ERROR)
    code = SILLOK_BUNDLE_ERROR_TAR;
  else if (error->domain == SILLOK_AGE_ERROR && error->code == SILLOK_AGE_ERROR_NO_MATCH)
    {
      code = SILLOK_BUNDLE_ERROR_NOT_FOR_US;
      if (st->report->passphrase && reader->passphrases->len > 0)
        message = _("the passphrase does not open this bundle");
      else if (st->report->passphrase && reader->identity_is_vault)
        message = _("the bundle is encrypted with a passphrase, not to this vault");
      else if (st->report->passphrase)
        message = _("the bundle is encrypted with a passphrase, not to this identity");
      else if (reader->identities->len == 0)
        message = _("the passphrase does not open this bundle");
      else if (reader->identity_is_vault)
        message = _("the bundle is not encrypted to this vault");
      else
        message = _("the bundle is not encrypted to this identity");
    }
  else if (error->domain == SILLOK_AGE_ERROR && error->code == SILLOK_AGE_ERROR_PAYLOAD)
    code = SILLOK_BUNDLE_ERROR_AGE_PAYLOAD;
  else if (error->domain == SILLOK_AGE_ERROR)
    code = SILLOK_BUNDLE_ERROR_AGE_HEADER;
  else
    return FALSE;

  /* Reading stops here: a failure found earlier in the data (a hash) comes
   * after this one in the order of the checks. */
  g_clear_error (&st->report->failure);
  g_clear_pointer (&st->report->failure_path, g_free);
  own = code == SILLOK_BUNDLE_ERROR_TAR ? g_strdup (message) : g_strdup_printf (_("age: %s"), message);
  sillok_bundle_read_fail (st, code, code == SILLOK_BUNDLE_ERROR_TAR ? path : NULL, NULL, 0, "%s", own);
  return TRUE;
}

/* Reads the whole tar; FALSE with @error only for errors that are not the
 * bundle's. */
static gboolean
read_tar (SillokBundleRead     *st,
          SillokTarSourceFunc   source,
          gpointer              source_data,
          GError              **error)
{
  g_autoptr(SillokTarReader) tar = sillok_tar_reader_new (source, source_data);
  g_autoptr(GError) local_error = NULL;
  const char *path = NULL;

  sillok_tar_reader_set_max_entries (tar, st->reader->max_entries);
  sillok_tar_reader_set_max_attachment (tar, st->reader->max_attachment);
  sillok_tar_reader_set_max_small (tar, st->reader->max_small);
  for (;;)
    {
      const SillokBundlePath *parsed;
      guint64 size;
      gboolean ok;

      if (!sillok_tar_reader_next (tar, &path, &parsed, &size, st->cancellable, &local_error))
        break;
      if (path == NULL)
        break;
      if (sillok_tar_reader_get_entries (tar) == 1 && parsed->kind != SILLOK_BUNDLE_PATH_B2SUMS)
        sillok_bundle_read_fail (st, SILLOK_BUNDLE_ERROR_B2SUMS, SILLOK_BUNDLE_B2SUMS, NULL, 0,
                                 _("the bundle has no B2SUMS"));
      st->report->plaintext += size;
      if (parsed->kind == SILLOK_BUNDLE_PATH_ATTACHMENT)
        ok = read_attachment (st, tar, path, parsed, size, &local_error);
      else
        ok = read_small (st, tar, path, parsed, size, &local_error);
      if (!ok)
        break;
    }
  st->report->entries = sillok_tar_reader_get_entries (tar);
  if (st->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&st->error));
      return FALSE;
    }
  if (local_error != NULL && !stream_failure (st, local_error, sillok_tar_reader_get_path (tar)))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (local_error == NULL && st->report->entries == 0)
    sillok_bundle_read_fail (st, SILLOK_BUNDLE_ERROR_B2SUMS, SILLOK_BUNDLE_B2SUMS, NULL, 0,
                             _("the bundle is empty"));
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every file B2SUMS lists must have come. */
static void
check_listed_present (SillokBundleRead *st)
{
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  if (st->sums == NULL)
    return;
  g_hash_table_iter_init (&iter, st->sums);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SillokBundlePath parsed;

      if (!sillok_bundle_path_parse (key, &parsed))
        continue;
      if (parsed.kind == SILLOK_BUNDLE_PATH_ATTACHMENT ? !g_hash_table_contains (st->attachments, parsed.id)
                                                       : !g_hash_table_contains (st->files, key))
        g_ptr_array_add (missing, key);
    }
  g_ptr_array_sort (missing, compare_strings);
  if (missing->len > 0)
    {
      const char *first = *(const char **) missing->pdata;

      sillok_bundle_read_fail (st, SILLOK_BUNDLE_ERROR_B2SUMS, first, NULL, 0,
                               _("B2SUMS lists %s, which the bundle does not hold"), first);
    }
}

/* Age-decrypts the payload chunk by chunk for the tar. */
static gboolean
age_source (gpointer       user_data,
            const guint8 **data,
            gsize         *len,
            GCancellable  *cancellable,
            GError       **error)
{
  return sillok_age_decryptor_read_chunk (user_data, data, len, cancellable, error);
}

typedef struct
{
  const guint8 *data;
  gsize         len;
} Memory;

static gboolean
memory_source (gpointer       user_data,
               const guint8 **data,
               gsize         *len,
               GCancellable  *cancellable,
               GError       **error)
{
  Memory *m = user_data;

  *data = m->data;
  *len = m->len;
  m->len = 0;
  return TRUE;
}

static void
finish_consumer (SillokBundleRead *st,
                 const GError     *error)
{
  if (st->consumer == NULL || st->consumer->finish == NULL)
    return;
  st->consumer->finish (st->consumer_data, error == NULL && st->report->failure == NULL,
                        error != NULL ? error : st->report->failure);
}

static SillokBundleReport *
read_and_verify (SillokBundleRead     *st,
                 SillokTarSourceFunc   source,
                 gpointer              source_data,
                 GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (read_tar (st, source, source_data, &local_error))
    {
      if (st->report->failure == NULL)
        check_listed_present (st);
      if (st->report->failure == NULL)
        sillok_bundle_read_verify (st);
      if (st->error != NULL)
        local_error = g_steal_pointer (&st->error);
    }
  finish_consumer (st, local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (st->report->failure == NULL)
    st->report->verdict = SILLOK_BUNDLE_VERDICT_VALID;
  return g_steal_pointer (&st->report);
}

SillokBundleReport *
sillok_bundle_reader_read_stream (SillokBundleReader *self,
                                  GInputStream       *input,
                                  guint64             total,
                                  SillokProgressFunc  progress,
                                  gpointer            progress_data,
                                  GCancellable       *cancellable,
                                  GError            **error)
{
  g_autoptr(GInputStream) hashed = NULL;
  g_autoptr(SillokAgeDecryptor) age = NULL;
  g_autoptr(GError) local_error = NULL;
  SillokBundleReport *report = NULL;
  SillokBundleRead st;

  g_return_val_if_fail (SILLOK_IS_BUNDLE_READER (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);

  read_init (&st, self, cancellable);
  hashed = sillok_hash_input_stream_new (input, total, progress, progress_data);
  age = sillok_age_decryptor_new (hashed);
  for (guint i = 0; i < self->identities->len; i++)
    sillok_age_decryptor_add_identity (age, self->identities->pdata[i]);
  for (guint i = 0; i < self->passphrases->len; i++)
    sillok_age_decryptor_add_passphrase (age, self->passphrases->pdata[i]);

  if (!sillok_age_decryptor_open (age, cancellable, &local_error))
    {
      st.report->passphrase = sillok_age_decryptor_is_passphrase (age);
      if (!stream_failure (&st, local_error, NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          read_clear (&st);
          return NULL;
        }
      report = g_steal_pointer (&st.report);
    }
  else
    {
      st.report->passphrase = sillok_age_decryptor_is_passphrase (age);
      report = read_and_verify (&st, age_source, age, error);
    }

  if (report != NULL)
    {
      /* The report names the file as received, all of it. */
      sillok_hash_input_stream_drain (SILLOK_HASH_INPUT_STREAM (hashed), cancellable);
      sillok_hash_input_stream_finish (SILLOK_HASH_INPUT_STREAM (hashed), report->b2 = g_malloc (129),
                                       &report->size);
    }
  read_clear (&st);
  return report;
}

SillokBundleReport *
sillok_bundle_reader_read_file (SillokBundleReader *self,
                                const char         *path,
                                SillokProgressFunc  progress,
                                gpointer            progress_data,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GInputStream) buffered = NULL;

  g_return_val_if_fail (SILLOK_IS_BUNDLE_READER (self) && path != NULL, NULL);

  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return NULL;
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
  if (info == NULL)
    return NULL;
  buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (input), 256 * 1024);
  return sillok_bundle_reader_read_stream (self, buffered, g_file_info_get_size (info), progress, progress_data,
                                           cancellable, error);
}

SillokBundleReport *
sillok_bundle_reader_read_tar (SillokBundleReader *self,
                               const guint8       *tar,
                               gsize               len,
                               GError            **error)
{
  SillokBundleRead st;
  SillokBundleReport *report;
  Memory m = { tar, len };

  g_return_val_if_fail (SILLOK_IS_BUNDLE_READER (self), NULL);
  read_init (&st, self, NULL);
  report = read_and_verify (&st, memory_source, &m, error);
  if (report != NULL)
    {
      report->b2 = g_malloc (129);
      sillok_b2_hex (tar, len, report->b2);
      report->size = len;
    }
  read_clear (&st);
  return report;
}
