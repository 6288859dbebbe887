/* sillok-blob-input-stream.c: the plaintext of a blob, one authenticated chunk at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok-blob-private.h"
#include "sillok-fs.h"

#define ENCRYPTED_CHUNK_BYTES (SILLOK_BLOB_CHUNK_BYTES + SILLOK_BLOB_OVERHEAD_BYTES)

struct _SillokBlobInputStream
{
  GInputStream                                 parent_instance;

  int                                          fd;
  char                                        *name;
  char                                        *b2;        /* expected digest, or NULL */
  guint64                                      size;      /* plaintext bytes */
  guint64                                      n_chunks;
  guint64                                      counter;   /* chunks decrypted */
  crypto_secretstream_xchacha20poly1305_state *state;     /* guarded: holds the key */
  crypto_generichash_state                    *hash;      /* guarded; NULL when not hashing */
  guint8                                      *cipher;
  guint8                                      *plain;     /* guarded */
  gsize                                        plain_pos;
  gsize                                        plain_len;
  gboolean                                     done;      /* the final chunk is out and checked */
  GError                                      *error;     /* the first failure, returned again */
};

G_DEFINE_FINAL_TYPE (SillokBlobInputStream, sillok_blob_input_stream, G_TYPE_INPUT_STREAM)

static void
release (SillokBlobInputStream *self)
{
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  g_clear_pointer (&self->state, sodium_free);
  g_clear_pointer (&self->hash, sodium_free);
  g_clear_pointer (&self->plain, sodium_free);
  g_clear_pointer (&self->cipher, g_free);
  self->plain_pos = self->plain_len = 0;
}

static void
sillok_blob_input_stream_finalize (GObject *object)
{
  SillokBlobInputStream *self = SILLOK_BLOB_INPUT_STREAM (object);

  release (self);
  g_free (self->name);
  g_free (self->b2);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sillok_blob_input_stream_parent_class)->finalize (object);
}

/* Reads up to @count bytes; fewer only at the end of the file. */
static gboolean
read_full (SillokBlobInputStream  *self,
           guint8                 *buf,
           gsize                   count,
           gsize                  *got,
           GError                **error)
{
  gsize n = 0;

  while (n < count)
    {
      ssize_t r = read (self->fd, buf + n, count - n);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read attachment file %s: %s"), self->name, g_strerror (saved));
          return FALSE;
        }
      if (r == 0)
        break;
      n += r;
    }
  *got = n;
  return TRUE;
}

static GError *
damaged (SillokBlobInputStream *self,
         const char            *format,
         ...) G_GNUC_PRINTF (2, 3);

/* "Attachment file <name> is damaged: <what>" */
static GError *
damaged (SillokBlobInputStream *self,
         const char            *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  return g_error_new (SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED,
                      _("Attachment file %s is damaged: %s"), self->name, what);
}

/* The final chunk is out: nothing may follow it, and the plaintext must be
 * the recorded one. */
static GError *
check_end (SillokBlobInputStream *self)
{
  guint8 digest[SILLOK_BLOB_HASH_BYTES];
  char hex[2 * SILLOK_BLOB_HASH_BYTES + 1];
  GError *error = NULL;
  guint8 extra;
  gsize more = 0;

  if (!read_full (self, &extra, 1, &more, &error))
    return error;
  if (more > 0)
    return damaged (self, _("data follows its final chunk"));
  if (self->hash == NULL || self->b2 == NULL)
    return NULL;
  crypto_generichash_final (self->hash, digest, sizeof digest);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  if (g_ascii_strcasecmp (hex, self->b2) != 0)
    return g_error_new (SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_MISMATCH,
                        _("Attachment file %s is not the recorded attachment: its BLAKE2b-512 differs"),
                        self->name);
  return NULL;
}

/* Decrypts the next chunk, whose length the recorded size fixes. */
static GError *
decrypt_next_chunk (SillokBlobInputStream *self)
{
  guint64 chunk = self->counter + 1;
  gboolean last = chunk == self->n_chunks;
  gsize want = last ? self->size - (self->n_chunks - 1) * SILLOK_BLOB_CHUNK_BYTES + SILLOK_BLOB_OVERHEAD_BYTES
                    : ENCRYPTED_CHUNK_BYTES;
  unsigned long long mlen = 0;
  unsigned char tag = 0;
  GError *error = NULL;
  gsize got = 0;

  if (!read_full (self, self->cipher, want, &got, &error))
    return error;
  if (got < want)
    return g_error_new (SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED,
                        _("Attachment file %s is truncated: it ends inside chunk %llu"),
                        self->name, (unsigned long long) chunk);
  if (crypto_secretstream_xchacha20poly1305_pull (self->state, self->plain, &mlen, &tag,
                                                  self->cipher, want, NULL, 0) != 0)
    return damaged (self, _("chunk %llu fails to decrypt"), (unsigned long long) chunk);
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL && !last)
    return damaged (self, _("data follows its final chunk"));
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_MESSAGE && last)
    return g_error_new (SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED,
                        _("Attachment file %s is truncated: it ends after chunk %llu without a final chunk"),
                        self->name, (unsigned long long) chunk);
  if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
      && tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    return damaged (self, _("chunk %llu has an unknown tag"), (unsigned long long) chunk);
  if (self->hash != NULL)
    crypto_generichash_update (self->hash, self->plain, mlen);
  self->counter = chunk;
  self->plain_pos = 0;
  self->plain_len = mlen;
  if (last)
    {
      self->done = TRUE;
      return check_end (self);
    }
  return NULL;
}

static gssize
sillok_blob_input_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  SillokBlobInputStream *self = SILLOK_BLOB_INPUT_STREAM (stream);
  gsize n;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return -1;
    }
  while (self->plain_pos == self->plain_len && !self->done && count > 0)
    {
      GError *local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      local_error = decrypt_next_chunk (self);
      if (local_error != NULL)
        {
          self->error = g_error_copy (local_error);
          release (self);
          g_propagate_error (error, local_error);
          return -1;
        }
    }
  n = MIN (count, self->plain_len - self->plain_pos);
  if (n > 0)
    memcpy (buffer, self->plain + self->plain_pos, n);
  self->plain_pos += n;
  /* All out and checked: wipe the plaintext now rather than at close. */
  if (self->done && self->plain_pos == self->plain_len)
    release (self);
  return n;
}

static gboolean
sillok_blob_input_stream_close (GInputStream  *stream,
                                GCancellable  *cancellable,
                                GError       **error)
{
  release (SILLOK_BLOB_INPUT_STREAM (stream));
  return TRUE;
}

static void
sillok_blob_input_stream_class_init (SillokBlobInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = sillok_blob_input_stream_finalize;
  stream_class->read_fn = sillok_blob_input_stream_read;
  stream_class->close_fn = sillok_blob_input_stream_close;
}

static void
sillok_blob_input_stream_init (SillokBlobInputStream *self)
{
  self->fd = -1;
}

static void *
guarded_alloc (gsize len)
{
  void *p = sodium_malloc (len);

  if (p == NULL)
    g_error ("cannot allocate %" G_GSIZE_FORMAT " bytes of guarded memory", len);
  return p;
}

/* Opens the file, checks its size and reads the header. */
static gboolean
open_file (SillokBlobInputStream  *self,
           const char             *path,
           SillokSecret           *key,
           gboolean                hashing,
           GError                **error)
{
  guint8 header[SILLOK_BLOB_HEADER_BYTES];
  guint64 expected = sillok_blob_disk_size (self->size);
  struct stat st;
  gsize got = 0;

  self->fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (self->fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_MISSING,
                     _("Attachment file %s is missing from the vault"), self->name);
      else if (saved == ELOOP)
        g_propagate_error (error, damaged (self, _("it is a symbolic link")));
      else
        sillok_fs_set_errno (error, saved, path);
      return FALSE;
    }
  if (fstat (self->fd, &st) != 0)
    {
      sillok_fs_set_errno (error, errno, path);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_propagate_error (error, damaged (self, _("it is not a regular file")));
      return FALSE;
    }
  if ((guint64) st.st_size < expected)
    {
      g_set_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED,
                   _("Attachment file %s is truncated: it has %llu of its %llu bytes"), self->name,
                   (unsigned long long) st.st_size, (unsigned long long) expected);
      return FALSE;
    }
  if (!read_full (self, header, sizeof header, &got, error))
    return FALSE;
  if (got < sizeof header)
    {
      g_set_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED,
                   _("Attachment file %s is truncated: it ends inside its header"), self->name);
      return FALSE;
    }
  self->state = guarded_alloc (sizeof *self->state);
  crypto_secretstream_xchacha20poly1305_init_pull (self->state, header, sillok_secret_get_data (key));
  if (hashing)
    {
      self->hash = guarded_alloc (sizeof *self->hash);
      crypto_generichash_init (self->hash, NULL, 0, SILLOK_BLOB_HASH_BYTES);
    }
  self->cipher = g_malloc (ENCRYPTED_CHUNK_BYTES);
  self->plain = guarded_alloc (SILLOK_BLOB_CHUNK_BYTES);
  return TRUE;
}

static GInputStream *
blob_open (SillokVault       *vault,
           const SillokBlob  *blob,
           gboolean           hashing,
           GError           **error)
{
  g_autoptr(SillokBlobInputStream) self = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SILLOK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (blob != NULL, NULL);

  path = sillok_blob_prepare (vault, blob->name, error);
  if (path == NULL)
    return NULL;
  if (sillok_secret_get_length (blob->key) != SILLOK_BLOB_KEY_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The key of attachment file %s has %zu bytes instead of %d"),
                   blob->name, sillok_secret_get_length (blob->key), SILLOK_BLOB_KEY_BYTES);
      return NULL;
    }
  self = g_object_new (SILLOK_TYPE_BLOB_INPUT_STREAM, NULL);
  self->name = g_strdup (blob->name);
  self->b2 = hashing ? g_strdup (blob->b2) : NULL;
  self->size = blob->size;
  self->n_chunks = blob->size == 0 ? 1 : (blob->size + SILLOK_BLOB_CHUNK_BYTES - 1) / SILLOK_BLOB_CHUNK_BYTES;
  if (!open_file (self, path, blob->key, hashing, error))
    return NULL;
  return G_INPUT_STREAM (g_steal_pointer (&self));
}

GInputStream *
sillok_blob_open (SillokVault       *vault,
                  const SillokBlob  *blob,
                  GError           **error)
{
  return blob_open (vault, blob, TRUE, error);
}

GInputStream *
sillok_blob_open_unhashed (SillokVault       *vault,
                           const SillokBlob  *blob,
                           GError           **error)
{
  return blob_open (vault, blob, FALSE, error);
}
