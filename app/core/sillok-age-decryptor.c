/* sillok-age-decryptor.c: reading age v1 files, one authenticated chunk at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-age-private.h"

/* Enough to see the armor's BEGIN line after the whitespace allowed before it. */
#define DETECT_BUFFER 4096
G_STATIC_ASSERT (DETECT_BUFFER >= SILLOK_AGE_ARMOR_DETECT_BYTES);

/* The first read for the header; later reads double it. */
#define HEADER_READ 4096

struct _SillokAgeDecryptor
{
  GObject               parent_instance;

  GInputStream         *input;
  GInputStream         *source;       /* @input, buffered to detect armor, or de-armored */
  gboolean              buffered;
  GPtrArray            *identities;   /* SillokAgeIdentity, our copies */
  GPtrArray            *passphrases;  /* SillokSecret, our copies */
  guint                 max_work_factor;
  SillokAgeInputFormat  format;

  gboolean              opened;
  GError               *error;        /* the first failure, returned again */
  gboolean              armored;
  gboolean              passphrase;   /* the header's one stanza is scrypt */
  gsize                 header_len;
  GBytes               *pending;      /* bytes read past the header */
  gsize                 pending_pos;
  SillokSecret         *stream_key;
  guint64               counter;      /* chunks decrypted */
  guint8               *cipher;       /* one encrypted chunk */
  guint8               *plain;        /* its plaintext, guarded */
  gsize                 plain_pos;
  gsize                 plain_len;
  gboolean              last_done;    /* the final chunk is decrypted */
  GError               *after_last;   /* trailing data, reported once the last plaintext is out */
};

G_DEFINE_FINAL_TYPE (SillokAgeDecryptor, sillok_age_decryptor, G_TYPE_OBJECT)

static void
sillok_age_decryptor_finalize (GObject *object)
{
  SillokAgeDecryptor *self = SILLOK_AGE_DECRYPTOR (object);

  g_clear_object (&self->source);
  g_clear_object (&self->input);
  g_clear_pointer (&self->identities, g_ptr_array_unref);
  g_clear_pointer (&self->passphrases, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_pointer (&self->stream_key, sillok_secret_free);
  g_clear_pointer (&self->cipher, g_free);
  g_clear_pointer (&self->plain, sodium_free);
  g_clear_error (&self->error);
  g_clear_error (&self->after_last);
  G_OBJECT_CLASS (sillok_age_decryptor_parent_class)->finalize (object);
}

static void
sillok_age_decryptor_class_init (SillokAgeDecryptorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_age_decryptor_finalize;
}

static void
sillok_age_decryptor_init (SillokAgeDecryptor *self)
{
  self->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_age_identity_free);
  self->passphrases = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_secret_free);
  self->max_work_factor = SILLOK_AGE_SCRYPT_MAX_WORK_FACTOR;
  self->format = SILLOK_AGE_INPUT_AUTO;
}

SillokAgeDecryptor *
sillok_age_decryptor_new (GInputStream *input)
{
  SillokAgeDecryptor *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);

  self = g_object_new (SILLOK_TYPE_AGE_DECRYPTOR, NULL);
  self->input = g_object_ref (input);
  return self;
}

void
sillok_age_decryptor_add_identity (SillokAgeDecryptor *self,
                                   SillokAgeIdentity  *identity)
{
  g_return_if_fail (SILLOK_IS_AGE_DECRYPTOR (self));
  g_return_if_fail (identity != NULL);
  g_return_if_fail (!self->opened);
  g_ptr_array_add (self->identities,
                   sillok_age_identity_new_from_scalar (sillok_age_identity_get_scalar (identity)));
}

void
sillok_age_decryptor_add_passphrase (SillokAgeDecryptor *self,
                                     SillokSecret       *passphrase)
{
  g_return_if_fail (SILLOK_IS_AGE_DECRYPTOR (self));
  g_return_if_fail (passphrase != NULL);
  g_return_if_fail (!self->opened);
  g_ptr_array_add (self->passphrases, sillok_secret_dup (passphrase));
}

void
sillok_age_decryptor_set_max_work_factor (SillokAgeDecryptor *self,
                                          guint               max)
{
  g_return_if_fail (SILLOK_IS_AGE_DECRYPTOR (self));
  g_return_if_fail (max >= 1 && max <= SILLOK_AGE_SCRYPT_WORK_FACTOR_LIMIT);
  self->max_work_factor = max;
}

void
sillok_age_decryptor_set_input_format (SillokAgeDecryptor   *self,
                                       SillokAgeInputFormat  format)
{
  g_return_if_fail (SILLOK_IS_AGE_DECRYPTOR (self));
  g_return_if_fail (!self->opened);
  self->format = format;
}

gsize
sillok_age_decryptor_get_buffer_size (SillokAgeDecryptor *self)
{
  gsize size = 0;

  g_return_val_if_fail (SILLOK_IS_AGE_DECRYPTOR (self), 0);
  if (self->cipher != NULL)
    size += SILLOK_AGE_ENCRYPTED_CHUNK_BYTES;
  if (self->plain != NULL)
    size += SILLOK_AGE_CHUNK_BYTES;
  if (self->pending != NULL)
    size += g_bytes_get_size (self->pending);
  if (self->buffered)
    size += DETECT_BUFFER;
  return size;
}

/* Records the first failure; every later call returns it again. */
static gboolean
fail (SillokAgeDecryptor  *self,
      GError              *error,
      GError             **out)
{
  if (self->error == NULL)
    self->error = g_error_copy (error);
  g_propagate_error (out, error);
  g_clear_pointer (&self->cipher, g_free);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_pointer (&self->plain, sodium_free);
  g_clear_pointer (&self->stream_key, sillok_secret_free);
  self->plain_pos = self->plain_len = 0;
  return FALSE;
}

static GError *
payload_error (const char *format,
               ...) G_GNUC_PRINTF (1, 2);

static GError *
payload_error (const char *format,
               ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_PAYLOAD, format, args);
  va_end (args);
  return error;
}

/* Reads up to @count bytes, the ones kept past the header first; fewer
 * only at the end of the input. */
static gboolean
read_full (SillokAgeDecryptor  *self,
           guint8              *buf,
           gsize                count,
           gsize               *got,
           GCancellable        *cancellable,
           GError             **error)
{
  gsize n = 0, more = 0;

  if (self->pending != NULL)
    {
      gsize size = g_bytes_get_size (self->pending);

      n = MIN (count, size - self->pending_pos);
      memcpy (buf, (const guint8 *) g_bytes_get_data (self->pending, NULL) + self->pending_pos, n);
      self->pending_pos += n;
      if (self->pending_pos == size)
        g_clear_pointer (&self->pending, g_bytes_unref);
    }
  if (n < count && !g_input_stream_read_all (self->source, buf + n, count - n, &more, cancellable, error))
    return FALSE;
  *got = n + more;
  return TRUE;
}

/* Chooses the source: binary, armored, or what the first bytes show. */
static gboolean
setup_source (SillokAgeDecryptor  *self,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GInputStream) buffered = NULL;
  GBufferedInputStream *bis;
  const guint8 *peek;
  gsize avail = 0;

  if (self->format != SILLOK_AGE_INPUT_AUTO)
    {
      self->armored = self->format == SILLOK_AGE_INPUT_ARMORED;
      self->source = self->armored ? sillok_age_armor_input_stream_new (self->input)
                                   : g_object_ref (self->input);
      return TRUE;
    }

  buffered = g_buffered_input_stream_new_sized (self->input, DETECT_BUFFER);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);
  bis = G_BUFFERED_INPUT_STREAM (buffered);
  while ((avail = g_buffered_input_stream_get_available (bis)) < SILLOK_AGE_ARMOR_DETECT_BYTES)
    {
      gssize n = g_buffered_input_stream_fill (bis, SILLOK_AGE_ARMOR_DETECT_BYTES - avail, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
    }
  peek = g_buffered_input_stream_peek_buffer (bis, &avail);
  self->armored = sillok_age_armor_detect (peek, avail);
  self->buffered = TRUE;
  self->source = self->armored ? sillok_age_armor_input_stream_new (buffered) : g_steal_pointer (&buffered);
  return TRUE;
}

/* Reads until the header is complete; keeps what follows it. */
static SillokAgeHeader *
read_header (SillokAgeDecryptor  *self,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();

  for (;;)
    {
      gsize old = buf->len;
      gsize want = MAX (HEADER_READ, old);
      GError *local_error = NULL;
      SillokAgeHeader *header;
      gssize n;

      g_byte_array_set_size (buf, old + want);
      n = g_input_stream_read (self->source, buf->data + old, want, cancellable, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (buf, old + n);
      header = sillok_age_header_parse (buf->data, buf->len, n == 0, &self->header_len, &local_error);
      if (header != NULL)
        {
          if (buf->len > self->header_len)
            self->pending = g_bytes_new (buf->data + self->header_len, buf->len - self->header_len);
          self->pending_pos = 0;
          return header;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }
}

static gboolean
stanza_is (const SillokAgeStanza *stanza,
           const char            *type)
{
  return strcmp (stanza->type, type) == 0;
}

static GError *
no_match_error (SillokAgeDecryptor *self,
                SillokAgeHeader    *header)
{
  gboolean scrypt = header->stanzas->len == 1 && stanza_is (g_ptr_array_index (header->stanzas, 0),
                                                             SILLOK_AGE_SCRYPT_TYPE);
  const char *message;

  if (scrypt && self->passphrases->len > 0)
    message = _("Wrong passphrase: it does not decrypt the file");
  else if (scrypt)
    message = _("The file is encrypted with a passphrase, not to an identity");
  else if (self->identities->len == 0)
    message = _("The file is not encrypted with a passphrase, but to age identities");
  else if (self->identities->len == 1)
    message = _("The file is not encrypted to this identity");
  else
    message = _("The file is not encrypted to any of these identities");
  return g_error_new_literal (SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_NO_MATCH, message);
}

/* Tries each identity on each stanza, then each passphrase, as age does:
 * a malformed stanza of a known type stops the search. */
static SillokSecret *
unwrap_file_key (SillokAgeDecryptor  *self,
                 SillokAgeHeader     *header,
                 GError             **error)
{
  SillokSecret *file_key = NULL;

  for (guint s = 0; s < header->stanzas->len; s++)
    {
      if (stanza_is (g_ptr_array_index (header->stanzas, s), SILLOK_AGE_SCRYPT_TYPE)
          && header->stanzas->len != 1)
        {
          g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
                               _("Malformed age header: an scrypt stanza must be the only stanza"));
          return NULL;
        }
    }
  for (guint i = 0; i < self->identities->len; i++)
    for (guint s = 0; s < header->stanzas->len; s++)
      switch (sillok_age_x25519_unwrap (g_ptr_array_index (self->identities, i),
                                        g_ptr_array_index (header->stanzas, s), &file_key, error))
        {
        case SILLOK_AGE_UNWRAP_MATCH:
          return file_key;
        case SILLOK_AGE_UNWRAP_ERROR:
          return NULL;
        case SILLOK_AGE_UNWRAP_NO_MATCH:
        default:
          break;
        }
  for (guint i = 0; i < self->passphrases->len; i++)
    for (guint s = 0; s < header->stanzas->len; s++)
      switch (sillok_age_scrypt_unwrap (g_ptr_array_index (self->passphrases, i), self->max_work_factor,
                                        g_ptr_array_index (header->stanzas, s), &file_key, error))
        {
        case SILLOK_AGE_UNWRAP_MATCH:
          return file_key;
        case SILLOK_AGE_UNWRAP_ERROR:
          return NULL;
        case SILLOK_AGE_UNWRAP_NO_MATCH:
        default:
          break;
        }
  g_propagate_error (error, no_match_error (self, header));
  return NULL;
}

static gboolean
open_file (SillokAgeDecryptor  *self,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(SillokAgeHeader) header = NULL;
  g_autoptr(SillokSecret) file_key = NULL;
  guint8 nonce[SILLOK_AGE_NONCE_BYTES];
  gsize got = 0;

  if (!setup_source (self, cancellable, error))
    return FALSE;
  header = read_header (self, cancellable, error);
  if (header == NULL)
    return FALSE;
  self->passphrase = header->stanzas->len == 1
                     && stanza_is (g_ptr_array_index (header->stanzas, 0), SILLOK_AGE_SCRYPT_TYPE);
  file_key = unwrap_file_key (self, header, error);
  if (file_key == NULL)
    return FALSE;
  if (!sillok_age_header_verify_mac (header, file_key))
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HMAC,
                           _("The age header was altered: its MAC does not match"));
      return FALSE;
    }
  if (!read_full (self, nonce, sizeof nonce, &got, cancellable, error))
    return FALSE;
  if (got < sizeof nonce)
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
                           _("The file ends before its payload nonce"));
      return FALSE;
    }
  self->stream_key = sillok_age_stream_key (file_key, nonce);
  self->cipher = g_malloc (SILLOK_AGE_ENCRYPTED_CHUNK_BYTES);
  self->plain = sodium_malloc (SILLOK_AGE_CHUNK_BYTES);
  if (self->plain == NULL)
    g_error ("out of guarded memory");
  return TRUE;
}

gboolean
sillok_age_decryptor_open (SillokAgeDecryptor  *self,
                           GCancellable        *cancellable,
                           GError             **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (SILLOK_IS_AGE_DECRYPTOR (self), FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (self->opened)
    return TRUE;
  g_return_val_if_fail (self->identities->len + self->passphrases->len > 0, FALSE);

  self->opened = TRUE;
  if (!open_file (self, cancellable, &local_error))
    return fail (self, local_error, error);
  return TRUE;
}

gboolean
sillok_age_decryptor_is_passphrase (SillokAgeDecryptor *self)
{
  g_return_val_if_fail (SILLOK_IS_AGE_DECRYPTOR (self), FALSE);
  return self->passphrase;
}

/* Age's reader: a short read is the final chunk; a full one is tried as
 * a middle chunk, then as a full final chunk. */
static gboolean
decrypt_next_chunk (SillokAgeDecryptor  *self,
                    GCancellable        *cancellable,
                    GError             **error)
{
  gsize n = 0;
  gboolean last;

  if (!read_full (self, self->cipher, SILLOK_AGE_ENCRYPTED_CHUNK_BYTES, &n, cancellable, error))
    return FALSE;
  if (n == 0)
    {
      g_propagate_error (error, self->counter == 0
                         ? payload_error (_("The file has no payload"))
                         : payload_error (_("The file is truncated: it ends after chunk %llu without a final chunk"),
                                          (unsigned long long) self->counter));
      return FALSE;
    }
  last = n < SILLOK_AGE_ENCRYPTED_CHUNK_BYTES;
  if (last && self->counter > 0 && n == SILLOK_AGE_TAG_BYTES)
    {
      g_propagate_error (error, payload_error (_("Chunk %llu is an empty final chunk, which only an empty file may have"),
                                               (unsigned long long) self->counter + 1));
      return FALSE;
    }
  if (!sillok_age_stream_open (self->stream_key, self->counter, last, self->cipher, n, self->plain))
    {
      last = TRUE;
      if (n < SILLOK_AGE_ENCRYPTED_CHUNK_BYTES
          || !sillok_age_stream_open (self->stream_key, self->counter, TRUE, self->cipher, n, self->plain))
        {
          g_propagate_error (error, payload_error (_("Chunk %llu failed to decrypt: the file is damaged or was altered"),
                                                   (unsigned long long) self->counter + 1));
          return FALSE;
        }
    }
  self->counter++;
  self->plain_pos = 0;
  self->plain_len = n - SILLOK_AGE_TAG_BYTES;
  if (last)
    {
      guint8 extra;
      gsize more = 0;

      self->last_done = TRUE;
      /* A short chunk ended at the end of the input; after a full final
       * chunk, look for trailing bytes.  Either failure waits until this
       * chunk's plaintext is read, as age releases it. */
      if (n == SILLOK_AGE_ENCRYPTED_CHUNK_BYTES
          && read_full (self, &extra, 1, &more, cancellable, &self->after_last) && more > 0)
        self->after_last = payload_error (_("Data follows the final chunk"));
    }
  return TRUE;
}

/* The rest of the current chunk, or the next chunk; @len 0 at the end. */
static gboolean
peek_plaintext (SillokAgeDecryptor  *self,
                const guint8       **data,
                gsize               *len,
                GCancellable        *cancellable,
                GError             **error)
{
  GError *local_error = NULL;

  if (!sillok_age_decryptor_open (self, cancellable, error))
    return FALSE;
  while (self->plain_pos == self->plain_len)
    {
      if (self->last_done)
        {
          if (self->after_last != NULL)
            return fail (self, g_steal_pointer (&self->after_last), error);
          *data = NULL;
          *len = 0;
          return TRUE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error)
          || !decrypt_next_chunk (self, cancellable, &local_error))
        return fail (self, local_error, error);
    }
  *data = self->plain + self->plain_pos;
  *len = self->plain_len - self->plain_pos;
  return TRUE;
}

gboolean
sillok_age_decryptor_read_chunk (SillokAgeDecryptor  *self,
                                 const guint8       **data,
                                 gsize               *len,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_return_val_if_fail (SILLOK_IS_AGE_DECRYPTOR (self), FALSE);
  g_return_val_if_fail (data != NULL && len != NULL, FALSE);

  if (!peek_plaintext (self, data, len, cancellable, error))
    return FALSE;
  self->plain_pos = self->plain_len;
  return TRUE;
}

gssize
sillok_age_decryptor_read (SillokAgeDecryptor  *self,
                           void                *buffer,
                           gsize                count,
                           GCancellable        *cancellable,
                           GError             **error)
{
  const guint8 *data;
  gsize len = 0;

  g_return_val_if_fail (SILLOK_IS_AGE_DECRYPTOR (self), -1);
  g_return_val_if_fail (buffer != NULL || count == 0, -1);
  g_return_val_if_fail (count <= G_MAXSSIZE, -1);

  if (count == 0)
    return 0;
  if (!peek_plaintext (self, &data, &len, cancellable, error))
    return -1;
  len = MIN (len, count);
  if (len > 0)
    memcpy (buffer, data, len);
  self->plain_pos += len;
  return len;
}

/* The plaintext size of a binary file on disk, else 0 (unknown). */
static guint64
plaintext_size (SillokAgeDecryptor *self,
                GCancellable       *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  guint64 payload, chunks;

  if (self->armored || !G_IS_FILE_INPUT_STREAM (self->input))
    return 0;
  info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (self->input), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
      || (guint64) g_file_info_get_size (info) < self->header_len + SILLOK_AGE_NONCE_BYTES)
    return 0;
  payload = g_file_info_get_size (info) - self->header_len - SILLOK_AGE_NONCE_BYTES;
  chunks = (payload + SILLOK_AGE_ENCRYPTED_CHUNK_BYTES - 1) / SILLOK_AGE_ENCRYPTED_CHUNK_BYTES;
  return payload > chunks * SILLOK_AGE_TAG_BYTES ? payload - chunks * SILLOK_AGE_TAG_BYTES : 0;
}

gboolean
sillok_age_decryptor_splice (SillokAgeDecryptor  *self,
                             GOutputStream       *output,
                             SillokProgressFunc   progress,
                             gpointer             progress_data,
                             GCancellable        *cancellable,
                             GError             **error)
{
  guint64 total, done = 0;

  g_return_val_if_fail (SILLOK_IS_AGE_DECRYPTOR (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);

  if (!sillok_age_decryptor_open (self, cancellable, error))
    return FALSE;
  total = plaintext_size (self, cancellable);
  for (;;)
    {
      const guint8 *data;
      gsize len = 0;

      if (!sillok_age_decryptor_read_chunk (self, &data, &len, cancellable, error))
        return FALSE;
      if (len == 0)
        break;
      if (!g_output_stream_write_all (output, data, len, NULL, cancellable, error))
        return FALSE;
      done += len;
      if (progress != NULL)
        progress (done, total, progress_data);
    }
  return g_output_stream_flush (output, cancellable, error);
}
