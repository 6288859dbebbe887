/* sillok-bundle-streams.c: hashing the bundle file and an attachment as they stream
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-bundle-streams.h"
#include "sillok-pipe.h"

void
sillok_b2_hex (const void *data,
               gsize       len,
               char        hex[129])
{
  guint8 hash[crypto_generichash_BYTES_MAX];

  crypto_generichash (hash, sizeof hash, data, len, NULL, 0);
  sodium_bin2hex (hex, 129, hash, sizeof hash);
}

/* The bundle file is hashed by a thread of its own, from copies of what
 * was read, so that its BLAKE2b-512 costs no time on the reading thread
 * (which decrypts, parses and hashes each entry). */
struct _SillokHashInputStream
{
  GFilterInputStream           parent_instance;
  SillokPipeHash              *hash;
  guint64                      size;
  guint64                      total;
  guint64                      reported;
  SillokProgressFunc           progress;
  gpointer                     progress_data;
};

G_DEFINE_FINAL_TYPE (SillokHashInputStream, sillok_hash_input_stream, G_TYPE_FILTER_INPUT_STREAM)

/* Progress at most every 1 MiB after the first read: the callback may
 * cross threads. */
#define PROGRESS_STEP (1024 * 1024)
/* 2 MiB read but not hashed yet, at most: ciphertext. */
#define HASH_BLOCKS   8
#define HASH_BLOCK    (256 * 1024)

static gssize
hash_read (GInputStream  *stream,
           void          *buffer,
           gsize          count,
           GCancellable  *cancellable,
           GError       **error)
{
  SillokHashInputStream *self = SILLOK_HASH_INPUT_STREAM (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize n = g_input_stream_read (base, buffer, count, cancellable, error);

  if (n > 0)
    {
      sillok_pipe_hash_update (self->hash, buffer, (gsize) n);
      self->size += n;
      /* The first read at once (the reading has started), then every
       * step; a total of 0 while the size is not known (a pipe). */
      if (self->progress != NULL && (self->reported == 0 || self->size - self->reported >= PROGRESS_STEP))
        {
          self->reported = self->size;
          self->progress (self->size, self->total > 0 ? MAX (self->total, self->size) : 0, self->progress_data);
        }
    }
  return n;
}

static void
hash_finalize (GObject *object)
{
  SillokHashInputStream *self = SILLOK_HASH_INPUT_STREAM (object);

  g_clear_pointer (&self->hash, sillok_pipe_hash_free);
  G_OBJECT_CLASS (sillok_hash_input_stream_parent_class)->finalize (object);
}

static void
sillok_hash_input_stream_class_init (SillokHashInputStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hash_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = hash_read;
}

static void
sillok_hash_input_stream_init (SillokHashInputStream *self)
{
  self->hash = sillok_pipe_hash_new (HASH_BLOCKS, HASH_BLOCK);
}

GInputStream *
sillok_hash_input_stream_new (GInputStream       *base,
                              guint64             total,
                              SillokProgressFunc  progress,
                              gpointer            progress_data)
{
  SillokHashInputStream *self = g_object_new (SILLOK_TYPE_HASH_INPUT_STREAM, "base-stream", base,
                                              "close-base-stream", FALSE, NULL);

  self->total = total;
  self->progress = progress;
  self->progress_data = progress_data;
  return G_INPUT_STREAM (self);
}

void
sillok_hash_input_stream_drain (SillokHashInputStream *self,
                                GCancellable          *cancellable)
{
  guint8 buf[64 * 1024];

  while (g_input_stream_read (G_INPUT_STREAM (self), buf, sizeof buf, cancellable, NULL) > 0)
    ;
}

void
sillok_hash_input_stream_finish (SillokHashInputStream *self,
                                 char                   hex[129],
                                 guint64               *size)
{
  guint8 hash[SILLOK_PIPE_HASH_BYTES];

  sillok_pipe_hash_final (self->hash, hash);
  sodium_bin2hex (hex, 129, hash, sizeof hash);
  *size = self->size;
  if (self->progress != NULL)
    self->progress (self->size, MAX (self->total, self->size), self->progress_data);
}

struct _SillokBundleEntryStream
{
  GInputStream              parent_instance;
  SillokTarReader          *tar;
  crypto_generichash_state *state;        /* 64-byte aligned */
  char                     *path;
  char                     *expected;
  const guint8             *pending;      /* bytes of the tar not yet handed out */
  gsize                     pending_len;
  gboolean                  ended;
  gboolean                  matched;
};

G_DEFINE_FINAL_TYPE (SillokBundleEntryStream, sillok_bundle_entry_stream, G_TYPE_INPUT_STREAM)

static void
entry_end (SillokBundleEntryStream *self)
{
  guint8 hash[crypto_generichash_BYTES_MAX];
  char hex[129];

  crypto_generichash_final (self->state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  self->matched = self->expected != NULL && sodium_memcmp (hex, self->expected, 128) == 0;
  self->ended = TRUE;
}

static gssize
entry_read (GInputStream  *stream,
            void          *buffer,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  SillokBundleEntryStream *self = SILLOK_BUNDLE_ENTRY_STREAM (stream);
  gsize n;

  if (self->pending_len == 0 && !self->ended)
    {
      if (!sillok_tar_reader_read (self->tar, &self->pending, &self->pending_len, cancellable, error))
        return -1;
      if (self->pending_len == 0)
        entry_end (self);
      else
        crypto_generichash_update (self->state, self->pending, self->pending_len);
    }
  if (self->pending_len == 0)
    {
      if (!self->matched)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s does not match its hash in B2SUMS"), self->path);
          return -1;
        }
      return 0;
    }
  n = MIN (count, self->pending_len);
  memcpy (buffer, self->pending, n);
  self->pending += n;
  self->pending_len -= n;
  return n;
}

static void
entry_finalize (GObject *object)
{
  SillokBundleEntryStream *self = SILLOK_BUNDLE_ENTRY_STREAM (object);

  g_free (self->path);
  g_free (self->expected);
  g_aligned_free (self->state);
  G_OBJECT_CLASS (sillok_bundle_entry_stream_parent_class)->finalize (object);
}

static void
sillok_bundle_entry_stream_class_init (SillokBundleEntryStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = entry_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = entry_read;
}

static void
sillok_bundle_entry_stream_init (SillokBundleEntryStream *self)
{
  self->state = g_aligned_alloc0 (1, sizeof *self->state, 64);
  crypto_generichash_init (self->state, NULL, 0, crypto_generichash_BYTES_MAX);
}

GInputStream *
sillok_bundle_entry_stream_new (SillokTarReader *tar,
                                const char      *path,
                                const char      *expected)
{
  SillokBundleEntryStream *self = g_object_new (SILLOK_TYPE_BUNDLE_ENTRY_STREAM, NULL);

  self->tar = tar;
  self->path = g_strdup (path);
  self->expected = g_strdup (expected);
  return G_INPUT_STREAM (self);
}

gboolean
sillok_bundle_entry_stream_drain (SillokBundleEntryStream *self,
                                  gboolean                *matched,
                                  GCancellable            *cancellable,
                                  GError                 **error)
{
  self->pending_len = 0;
  while (!self->ended)
    {
      if (!sillok_tar_reader_read (self->tar, &self->pending, &self->pending_len, cancellable, error))
        return FALSE;
      if (self->pending_len == 0)
        entry_end (self);
      else
        crypto_generichash_update (self->state, self->pending, self->pending_len);
      self->pending_len = 0;
    }
  *matched = self->matched;
  return TRUE;
}

gboolean
sillok_bundle_entry_stream_mismatched (SillokBundleEntryStream *self)
{
  return self->ended && !self->matched;
}
