/* sillok-bundle-output.c: the bundle file as an output stream that hashes what it writes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-age.h"
#include "sillok-bundle-output.h"
#include "sillok-bundle-writer.h"
#include "sillok-fs.h"
#include "sillok-pipe.h"

/* Blocks of ciphertext waiting to be hashed. */
#define HASH_BLOCKS     8

/* The bundle file as a GOutputStream: writes through the failpoint, and a
 * thread of its own hashes what was written, so the bundle's BLAKE2b-512
 * costs neither a second read nor time on the writing thread. */
struct _SillokBundleOutput
{
  GOutputStream             parent_instance;
  int                       fd;
  crypto_generichash_state *hash;
  SillokPipe               *pipe;
  GThread                  *hasher;
  guint64                   written;
};

G_DEFINE_FINAL_TYPE (SillokBundleOutput, sillok_bundle_output, G_TYPE_OUTPUT_STREAM)

static gpointer
hash_thread (gpointer data)
{
  SillokBundleOutput *self = data;

  for (;;)
    {
      SillokPipeBlock *block = sillok_pipe_get_full (self->pipe);
      gboolean last = block->last;

      if (!last)
        crypto_generichash_update (self->hash, block->data, block->len);
      sillok_pipe_put_empty (self->pipe, block);
      if (last)
        return NULL;
    }
}

/* Waits for the hash of everything written so far. */
static void
output_stop_hashing (SillokBundleOutput *self)
{
  SillokPipeBlock *block;

  if (self->hasher == NULL)
    return;
  block = sillok_pipe_get_empty (self->pipe);
  block->last = TRUE;
  sillok_pipe_put_full (self->pipe, block);
  g_thread_join (g_steal_pointer (&self->hasher));
}

static gssize
sillok_bundle_output_write_fn (GOutputStream  *stream,
                               const void     *buffer,
                               gsize           count,
                               GCancellable   *cancellable,
                               GError        **error)
{
  SillokBundleOutput *self = SILLOK_BUNDLE_OUTPUT (stream);
  const guint8 *p = buffer;
  gsize left;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (self->fd < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The bundle file is closed"));
      return -1;
    }
  count = MIN (count, (gsize) G_MAXSSIZE);
  if (!sillok_fs_write_all (self->fd, buffer, count, SILLOK_BUNDLE_FAILPOINT_WRITE, error))
    return -1;
  if (self->hasher == NULL)
    self->hasher = g_thread_new ("sillok-bundle-hash", hash_thread, self);
  for (left = count; left > 0;)
    {
      SillokPipeBlock *block = sillok_pipe_get_empty (self->pipe);

      block->len = MIN (left, sillok_pipe_block_size (self->pipe));
      memcpy (block->data, p, block->len);
      sillok_pipe_put_full (self->pipe, block);
      p += block->len;
      left -= block->len;
    }
  self->written += count;
  return count;
}

static void
sillok_bundle_output_finalize (GObject *object)
{
  SillokBundleOutput *self = SILLOK_BUNDLE_OUTPUT (object);

  output_stop_hashing (self);
  g_clear_pointer (&self->pipe, sillok_pipe_free);
  g_aligned_free (self->hash);
  G_OBJECT_CLASS (sillok_bundle_output_parent_class)->finalize (object);
}

static void
sillok_bundle_output_class_init (SillokBundleOutputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_bundle_output_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = sillok_bundle_output_write_fn;
}

static void
sillok_bundle_output_init (SillokBundleOutput *self)
{
  self->fd = -1;
  /* libsodium wants its hash state aligned on 64 bytes. */
  self->hash = g_aligned_alloc0 (1, sizeof *self->hash, 64);
  crypto_generichash_init (self->hash, NULL, 0, crypto_generichash_BYTES_MAX);
  /* Ciphertext only: ordinary memory. */
  self->pipe = sillok_pipe_new (HASH_BLOCKS, SILLOK_AGE_ENCRYPTED_CHUNK_BYTES, FALSE);
}

GOutputStream *
sillok_bundle_output_new (int fd)
{
  SillokBundleOutput *self = g_object_new (SILLOK_TYPE_BUNDLE_OUTPUT, NULL);

  self->fd = fd;
  return G_OUTPUT_STREAM (self);
}

void
sillok_bundle_output_finish (GOutputStream *stream,
                             guint8         digest[SILLOK_BUNDLE_OUTPUT_HASH_BYTES])
{
  SillokBundleOutput *self = SILLOK_BUNDLE_OUTPUT (stream);

  output_stop_hashing (self);
  crypto_generichash_final (self->hash, digest, SILLOK_BUNDLE_OUTPUT_HASH_BYTES);
}

guint64
sillok_bundle_output_get_written (GOutputStream *stream)
{
  return SILLOK_BUNDLE_OUTPUT (stream)->written;
}

void
sillok_bundle_output_detach (GOutputStream *stream)
{
  SILLOK_BUNDLE_OUTPUT (stream)->fd = -1;
}
