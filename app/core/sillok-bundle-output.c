/* sillok-bundle-output.c: the bundle file as an output stream that hashes what it writes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
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
  SillokPipeHash           *hash;
  guint64                   written;
};

G_DEFINE_FINAL_TYPE (SillokBundleOutput, sillok_bundle_output, G_TYPE_OUTPUT_STREAM)

static gssize
sillok_bundle_output_write_fn (GOutputStream  *stream,
                               const void     *buffer,
                               gsize           count,
                               GCancellable   *cancellable,
                               GError        **error)
{
  SillokBundleOutput *self = SILLOK_BUNDLE_OUTPUT (stream);

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
  sillok_pipe_hash_update (self->hash, buffer, count);
  self->written += count;
  return count;
}

static void
sillok_bundle_output_finalize (GObject *object)
{
  SillokBundleOutput *self = SILLOK_BUNDLE_OUTPUT (object);

  g_clear_pointer (&self->hash, sillok_pipe_hash_free);
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
  self->hash = sillok_pipe_hash_new (HASH_BLOCKS, SILLOK_AGE_ENCRYPTED_CHUNK_BYTES);
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

  G_STATIC_ASSERT (SILLOK_BUNDLE_OUTPUT_HASH_BYTES == SILLOK_PIPE_HASH_BYTES);
  sillok_pipe_hash_final (self->hash, digest);
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
