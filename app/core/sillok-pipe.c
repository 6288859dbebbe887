/* sillok-pipe.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok-pipe.h"

struct _SillokPipe
{
  GMutex           lock;
  GCond            cond;
  GQueue           empty;
  GQueue           full;
  gboolean         closed;
  gboolean         guarded;
  gsize            block_size;
  guint            n_blocks;
  SillokPipeBlock *blocks;
};

SillokPipe *
sillok_pipe_new (guint    n_blocks,
                 gsize    block_size,
                 gboolean guarded)
{
  SillokPipe *pipe = g_new0 (SillokPipe, 1);

  g_return_val_if_fail (n_blocks > 0 && block_size > 0, NULL);

  g_mutex_init (&pipe->lock);
  g_cond_init (&pipe->cond);
  g_queue_init (&pipe->empty);
  g_queue_init (&pipe->full);
  pipe->guarded = guarded;
  pipe->block_size = block_size;
  pipe->n_blocks = n_blocks;
  pipe->blocks = g_new0 (SillokPipeBlock, n_blocks);
  for (guint i = 0; i < n_blocks; i++)
    {
      pipe->blocks[i].data = guarded ? sodium_malloc (block_size) : g_malloc (block_size);
      if (pipe->blocks[i].data == NULL)
        g_error ("cannot allocate %" G_GSIZE_FORMAT " bytes of guarded memory", block_size);
      g_queue_push_tail (&pipe->empty, &pipe->blocks[i]);
    }
  return pipe;
}

gsize
sillok_pipe_block_size (SillokPipe *pipe)
{
  return pipe->block_size;
}

SillokPipeBlock *
sillok_pipe_get_empty (SillokPipe *pipe)
{
  SillokPipeBlock *block = NULL;

  g_mutex_lock (&pipe->lock);
  while (!pipe->closed && g_queue_is_empty (&pipe->empty))
    g_cond_wait (&pipe->cond, &pipe->lock);
  if (!pipe->closed)
    block = g_queue_pop_head (&pipe->empty);
  g_mutex_unlock (&pipe->lock);
  if (block != NULL)
    {
      block->len = 0;
      block->last = FALSE;
      g_clear_error (&block->error);
    }
  return block;
}

void
sillok_pipe_put_full (SillokPipe      *pipe,
                      SillokPipeBlock *block)
{
  g_mutex_lock (&pipe->lock);
  g_queue_push_tail (&pipe->full, block);
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
}

SillokPipeBlock *
sillok_pipe_get_full (SillokPipe *pipe)
{
  SillokPipeBlock *block;

  g_mutex_lock (&pipe->lock);
  while (g_queue_is_empty (&pipe->full))
    g_cond_wait (&pipe->cond, &pipe->lock);
  block = g_queue_pop_head (&pipe->full);
  g_mutex_unlock (&pipe->lock);
  return block;
}

void
sillok_pipe_put_empty (SillokPipe      *pipe,
                       SillokPipeBlock *block)
{
  /* Plaintext does not wait in a free buffer. */
  if (pipe->guarded)
    sodium_memzero (block->data, block->len);
  g_mutex_lock (&pipe->lock);
  g_queue_push_tail (&pipe->empty, block);
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
}

void
sillok_pipe_close (SillokPipe *pipe)
{
  g_mutex_lock (&pipe->lock);
  pipe->closed = TRUE;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
}

void
sillok_pipe_free (SillokPipe *pipe)
{
  if (pipe == NULL)
    return;
  for (guint i = 0; i < pipe->n_blocks; i++)
    {
      if (pipe->guarded)
        sodium_free (pipe->blocks[i].data);
      else
        g_free (pipe->blocks[i].data);
      g_clear_error (&pipe->blocks[i].error);
    }
  g_free (pipe->blocks);
  g_queue_clear (&pipe->empty);
  g_queue_clear (&pipe->full);
  g_cond_clear (&pipe->cond);
  g_mutex_clear (&pipe->lock);
  g_free (pipe);
}

/* Hashing on a thread of its own ------------------------------------------ */

struct _SillokPipeHash
{
  crypto_generichash_state *state;   /* 64-byte aligned */
  SillokPipe               *pipe;
  GThread                  *thread;
  gboolean                  done;
};

static gpointer
hash_thread (gpointer data)
{
  SillokPipeHash *hash = data;

  for (;;)
    {
      SillokPipeBlock *block = sillok_pipe_get_full (hash->pipe);
      gboolean last = block->last;

      if (!last)
        crypto_generichash_update (hash->state, block->data, block->len);
      sillok_pipe_put_empty (hash->pipe, block);
      if (last)
        return NULL;
    }
}

SillokPipeHash *
sillok_pipe_hash_new (guint n_blocks,
                      gsize block_size)
{
  SillokPipeHash *hash = g_new0 (SillokPipeHash, 1);

  hash->state = g_aligned_alloc0 (1, sizeof *hash->state, 64);
  crypto_generichash_init (hash->state, NULL, 0, crypto_generichash_BYTES_MAX);
  hash->pipe = sillok_pipe_new (n_blocks, block_size, FALSE);
  return hash;
}

void
sillok_pipe_hash_update (SillokPipeHash *hash,
                         const void     *data,
                         gsize           len)
{
  const guint8 *p = data;

  g_return_if_fail (!hash->done);

  if (hash->thread == NULL && len > 0)
    hash->thread = g_thread_new ("sillok-hash", hash_thread, hash);
  while (len > 0)
    {
      SillokPipeBlock *block = sillok_pipe_get_empty (hash->pipe);

      block->len = MIN (len, sillok_pipe_block_size (hash->pipe));
      memcpy (block->data, p, block->len);
      sillok_pipe_put_full (hash->pipe, block);
      p += block->len;
      len -= block->len;
    }
}

/* Waits until everything handed over is hashed; the thread is gone after. */
static void
hash_stop (SillokPipeHash *hash)
{
  SillokPipeBlock *block;

  if (hash->thread == NULL)
    return;
  block = sillok_pipe_get_empty (hash->pipe);
  block->last = TRUE;
  sillok_pipe_put_full (hash->pipe, block);
  g_thread_join (g_steal_pointer (&hash->thread));
}

void
sillok_pipe_hash_final (SillokPipeHash *hash,
                        guint8          digest[SILLOK_PIPE_HASH_BYTES])
{
  g_return_if_fail (!hash->done);

  hash_stop (hash);
  crypto_generichash_final (hash->state, digest, SILLOK_PIPE_HASH_BYTES);
  hash->done = TRUE;
}

void
sillok_pipe_hash_free (SillokPipeHash *hash)
{
  if (hash == NULL)
    return;
  hash_stop (hash);
  sillok_pipe_free (hash->pipe);
  g_aligned_free (hash->state);
  g_free (hash);
}
