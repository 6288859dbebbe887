/* sillok-age-encryptor.c: writing age v1 files, one chunk at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-age-private.h"

typedef enum
{
  STATE_NEW,        /* nothing written yet */
  STATE_STREAMING,  /* header written, chunks follow */
  STATE_FINISHED,
  STATE_FAILED,
} State;

struct _SillokAgeEncryptor
{
  GObject              parent_instance;

  GOutputStream       *output;
  GOutputStream       *sink;          /* @output, or the armor over it */
  GArray              *recipients;    /* SillokAgeRecipient */
  SillokSecret        *passphrase;
  guint                work_factor;
  gboolean             armor;
  SillokAgeRandomFunc  random_func;
  gpointer             random_data;

  State                state;
  GError              *error;         /* why it failed, returned again */
  SillokSecret        *stream_key;
  guint64              counter;
  /* One chunk of plaintext, sealed in place into ciphertext and tag. */
  guint8              *chunk;
  gsize                chunk_len;
};

G_DEFINE_FINAL_TYPE (SillokAgeEncryptor, sillok_age_encryptor, G_TYPE_OBJECT)

static void
default_random (guint8   *buf,
                gsize     len,
                gpointer  user_data)
{
  randombytes_buf (buf, len);
}

static void
sillok_age_encryptor_finalize (GObject *object)
{
  SillokAgeEncryptor *self = SILLOK_AGE_ENCRYPTOR (object);

  g_clear_object (&self->sink);
  g_clear_object (&self->output);
  g_clear_pointer (&self->recipients, g_array_unref);
  g_clear_pointer (&self->passphrase, sillok_secret_free);
  g_clear_pointer (&self->stream_key, sillok_secret_free);
  g_clear_pointer (&self->chunk, sodium_free);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sillok_age_encryptor_parent_class)->finalize (object);
}

static void
sillok_age_encryptor_class_init (SillokAgeEncryptorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_age_encryptor_finalize;
}

static void
sillok_age_encryptor_init (SillokAgeEncryptor *self)
{
  self->random_func = default_random;
}

SillokAgeEncryptor *
sillok_age_encryptor_new_for_recipients (GOutputStream            *output,
                                         const SillokAgeRecipient *recipients,
                                         gsize                     n_recipients)
{
  SillokAgeEncryptor *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), NULL);
  g_return_val_if_fail (recipients != NULL && n_recipients > 0, NULL);

  self = g_object_new (SILLOK_TYPE_AGE_ENCRYPTOR, NULL);
  self->output = g_object_ref (output);
  self->recipients = g_array_sized_new (FALSE, FALSE, sizeof (SillokAgeRecipient), n_recipients);
  g_array_append_vals (self->recipients, recipients, n_recipients);
  return self;
}

SillokAgeEncryptor *
sillok_age_encryptor_new_for_passphrase (GOutputStream *output,
                                         SillokSecret  *passphrase,
                                         guint          work_factor)
{
  SillokAgeEncryptor *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (work_factor >= 1 && work_factor <= SILLOK_AGE_SCRYPT_WORK_FACTOR_LIMIT, NULL);

  self = g_object_new (SILLOK_TYPE_AGE_ENCRYPTOR, NULL);
  self->output = g_object_ref (output);
  self->passphrase = sillok_secret_dup (passphrase);
  self->work_factor = work_factor;
  return self;
}

void
sillok_age_encryptor_set_armor (SillokAgeEncryptor *self,
                                gboolean            armor)
{
  g_return_if_fail (SILLOK_IS_AGE_ENCRYPTOR (self));
  g_return_if_fail (self->state == STATE_NEW);
  self->armor = !!armor;
}

void
sillok_age_encryptor_set_random_func (SillokAgeEncryptor  *self,
                                      SillokAgeRandomFunc  func,
                                      gpointer             user_data)
{
  g_return_if_fail (SILLOK_IS_AGE_ENCRYPTOR (self));
  g_return_if_fail (self->state == STATE_NEW);
  self->random_func = func != NULL ? func : default_random;
  self->random_data = user_data;
}

gsize
sillok_age_encryptor_get_buffer_size (SillokAgeEncryptor *self)
{
  g_return_val_if_fail (SILLOK_IS_AGE_ENCRYPTOR (self), 0);
  return self->chunk != NULL ? SILLOK_AGE_ENCRYPTED_CHUNK_BYTES : 0;
}

/* Records the first failure; every later call returns it again. */
static gboolean
fail (SillokAgeEncryptor  *self,
      GError              *error,
      GError             **out)
{
  self->state = STATE_FAILED;
  if (self->error == NULL)
    self->error = g_error_copy (error);
  g_propagate_error (out, error);
  return FALSE;
}

static GPtrArray *
make_stanzas (SillokAgeEncryptor  *self,
              SillokSecret        *file_key,
              GError             **error)
{
  g_autoptr(GPtrArray) stanzas = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_age_stanza_free);

  if (self->passphrase != NULL)
    {
      guint8 salt[SILLOK_AGE_SCRYPT_SALT_BYTES];
      SillokAgeStanza *stanza;

      self->random_func (salt, sizeof salt, self->random_data);
      stanza = sillok_age_scrypt_wrap (self->passphrase, self->work_factor, salt, file_key, error);
      if (stanza == NULL)
        return NULL;
      g_ptr_array_add (stanzas, stanza);
      return g_steal_pointer (&stanzas);
    }
  for (guint i = 0; i < self->recipients->len; i++)
    {
      g_autoptr(SillokSecret) ephemeral = sillok_secret_new (SILLOK_AGE_KEYBYTES);
      SillokAgeStanza *stanza;

      self->random_func (sillok_secret_get_data (ephemeral), SILLOK_AGE_KEYBYTES, self->random_data);
      stanza = sillok_age_x25519_wrap (&g_array_index (self->recipients, SillokAgeRecipient, i), file_key,
                                       sillok_secret_get_data (ephemeral), error);
      if (stanza == NULL)
        return NULL;
      g_ptr_array_add (stanzas, stanza);
    }
  return g_steal_pointer (&stanzas);
}

/* Wraps a new file key, writes the header and the nonce. */
static gboolean
begin (SillokAgeEncryptor  *self,
       GCancellable        *cancellable,
       GError             **error)
{
  g_autoptr(SillokSecret) file_key = sillok_secret_new (SILLOK_AGE_FILE_KEY_BYTES);
  g_autoptr(GPtrArray) stanzas = NULL;
  g_autoptr(GBytes) header = NULL;
  guint8 nonce[SILLOK_AGE_NONCE_BYTES];
  GError *local_error = NULL;

  self->random_func (sillok_secret_get_data (file_key), SILLOK_AGE_FILE_KEY_BYTES, self->random_data);
  stanzas = make_stanzas (self, file_key, &local_error);
  if (stanzas == NULL)
    return fail (self, local_error, error);
  header = sillok_age_header_write (stanzas, file_key);
  self->random_func (nonce, sizeof nonce, self->random_data);
  self->stream_key = sillok_age_stream_key (file_key, nonce);

  self->sink = self->armor ? sillok_age_armor_output_stream_new (self->output, FALSE)
                           : g_object_ref (self->output);
  if (!g_output_stream_write_all (self->sink, g_bytes_get_data (header, NULL), g_bytes_get_size (header),
                                  NULL, cancellable, &local_error)
      || !g_output_stream_write_all (self->sink, nonce, sizeof nonce, NULL, cancellable, &local_error))
    return fail (self, local_error, error);

  self->chunk = sodium_malloc (SILLOK_AGE_ENCRYPTED_CHUNK_BYTES);
  if (self->chunk == NULL)
    g_error ("out of guarded memory");
  self->state = STATE_STREAMING;
  return TRUE;
}

/* Ready to take data: the header is out and nothing failed. */
static gboolean
ensure_streaming (SillokAgeEncryptor  *self,
                  GCancellable        *cancellable,
                  GError             **error)
{
  GError *local_error = NULL;

  switch (self->state)
    {
    case STATE_NEW:
      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        return fail (self, local_error, error);
      return begin (self, cancellable, error);
    case STATE_STREAMING:
      return TRUE;
    case STATE_FAILED:
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    case STATE_FINISHED:
    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
seal_and_write (SillokAgeEncryptor  *self,
                gboolean             last,
                GCancellable        *cancellable,
                GError             **error)
{
  GError *local_error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    return fail (self, local_error, error);
  sillok_age_stream_seal (self->stream_key, self->counter, last, self->chunk, self->chunk_len);
  if (!g_output_stream_write_all (self->sink, self->chunk, self->chunk_len + SILLOK_AGE_TAG_BYTES, NULL,
                                  cancellable, &local_error))
    return fail (self, local_error, error);
  self->counter++;
  self->chunk_len = 0;
  return TRUE;
}

gboolean
sillok_age_encryptor_write (SillokAgeEncryptor  *self,
                            const void          *data,
                            gsize                len,
                            GCancellable        *cancellable,
                            GError             **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (SILLOK_IS_AGE_ENCRYPTOR (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!ensure_streaming (self, cancellable, error))
    return FALSE;
  while (len > 0)
    {
      gsize take;

      /* A full chunk is sealed only once more data shows it is not the last. */
      if (self->chunk_len == SILLOK_AGE_CHUNK_BYTES && !seal_and_write (self, FALSE, cancellable, error))
        return FALSE;
      take = MIN (len, SILLOK_AGE_CHUNK_BYTES - self->chunk_len);
      memcpy (self->chunk + self->chunk_len, p, take);
      self->chunk_len += take;
      p += take;
      len -= take;
    }
  return TRUE;
}

gboolean
sillok_age_encryptor_finish (SillokAgeEncryptor  *self,
                             GCancellable        *cancellable,
                             GError             **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (SILLOK_IS_AGE_ENCRYPTOR (self), FALSE);

  if (!ensure_streaming (self, cancellable, error) || !seal_and_write (self, TRUE, cancellable, error))
    return FALSE;
  if ((self->armor && !g_output_stream_close (self->sink, cancellable, &local_error))
      || !g_output_stream_flush (self->output, cancellable, &local_error))
    return fail (self, local_error, error);
  self->state = STATE_FINISHED;
  g_clear_pointer (&self->chunk, sodium_free);
  g_clear_pointer (&self->stream_key, sillok_secret_free);
  return TRUE;
}

/* The size of @input when it is a file, else 0 (unknown). */
static guint64
input_size (GInputStream *input,
            GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;

  if (!G_IS_FILE_INPUT_STREAM (input))
    return 0;
  info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (input), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    return 0;
  return g_file_info_get_size (info);
}

gboolean
sillok_age_encryptor_splice (SillokAgeEncryptor  *self,
                             GInputStream        *input,
                             SillokProgressFunc   progress,
                             gpointer             progress_data,
                             GCancellable        *cancellable,
                             GError             **error)
{
  guint64 total, done = 0;

  g_return_val_if_fail (SILLOK_IS_AGE_ENCRYPTOR (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);

  if (!ensure_streaming (self, cancellable, error))
    return FALSE;
  total = input_size (input, cancellable);
  for (;;)
    {
      GError *local_error = NULL;
      gsize n = 0;
      guint8 carry;

      /* Read one byte past a full chunk: if it comes, the chunk is not the
       * last.  The byte waits where the tag goes, so it is saved first. */
      if (!g_input_stream_read_all (input, self->chunk + self->chunk_len,
                                    SILLOK_AGE_CHUNK_BYTES + 1 - self->chunk_len, &n, cancellable, &local_error))
        return fail (self, local_error, error);
      self->chunk_len += n;
      done += n;
      if (self->chunk_len <= SILLOK_AGE_CHUNK_BYTES)
        break;
      carry = self->chunk[SILLOK_AGE_CHUNK_BYTES];
      self->chunk_len = SILLOK_AGE_CHUNK_BYTES;
      if (!seal_and_write (self, FALSE, cancellable, error))
        return FALSE;
      self->chunk[0] = carry;
      self->chunk_len = 1;
      if (progress != NULL)
        progress (done - 1, total, progress_data);
    }
  if (!sillok_age_encryptor_finish (self, cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (done, total, progress_data);
  return TRUE;
}
