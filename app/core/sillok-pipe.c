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
  SillokPipeBlock          *filling;   /* not full yet: not handed over */
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
  gsize size = sillok_pipe_block_size (hash->pipe);

  g_return_if_fail (!hash->done);

  if (hash->thread == NULL && len > 0)
    hash->thread = g_thread_new ("sillok-hash", hash_thread, hash);
  /* Blocks go over full: a hand-over wakes the thread, and a block per
   * update would cost a wake-up per read, however small. */
  while (len > 0)
    {
      gsize n;

      if (hash->filling == NULL)
        hash->filling = sillok_pipe_get_empty (hash->pipe);
      n = MIN (len, size - hash->filling->len);
      memcpy (hash->filling->data + hash->filling->len, p, n);
      hash->filling->len += n;
      p += n;
      len -= n;
      if (hash->filling->len == size)
        sillok_pipe_put_full (hash->pipe, g_steal_pointer (&hash->filling));
    }
}

/* Waits until everything handed over is hashed; the thread is gone after. */
static void
hash_stop (SillokPipeHash *hash)
{
  SillokPipeBlock *block;

  if (hash->thread == NULL)
    return;
  if (hash->filling != NULL)
    sillok_pipe_put_full (hash->pipe, g_steal_pointer (&hash->filling));
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

/* Reading ahead on a thread of its own ------------------------------------ */

#define SILLOK_TYPE_READ_AHEAD (sillok_read_ahead_get_type ())
G_DECLARE_FINAL_TYPE (SillokReadAhead, sillok_read_ahead, SILLOK, READ_AHEAD, GInputStream)

struct _SillokReadAhead
{
  GInputStream     parent_instance;
  GInputStream    *base;
  GCancellable    *cancellable;
  SillokPipe      *pipe;
  GThread         *thread;
  SillokPipeBlock *current;   /* being read out */
  SillokPipeBlock *next;      /* taken to see whether the stream ends */
  gsize            pos;
  gboolean         ended;
  GError          *error;     /* @base's, returned again */
};

G_DEFINE_FINAL_TYPE (SillokReadAhead, sillok_read_ahead, G_TYPE_INPUT_STREAM)

/* Fills blocks until @base ends or fails, or the reader closes the pipe. */
static gpointer
read_ahead_thread (gpointer data)
{
  SillokReadAhead *self = data;
  gsize size = sillok_pipe_block_size (self->pipe);

  for (;;)
    {
      SillokPipeBlock *block = sillok_pipe_get_empty (self->pipe);
      gsize n = 0;

      if (block == NULL)
        return NULL;
      if (!g_input_stream_read_all (self->base, block->data, size, &n, self->cancellable, &block->error))
        {
          sodium_memzero (block->data, n);
          block->last = TRUE;
        }
      else
        {
          block->len = n;
          block->last = n < size;
        }
      sillok_pipe_put_full (self->pipe, block);
      if (block->last)
        return NULL;
    }
}

/* Stops and joins the thread; what it read and nobody took is wiped. */
static void
read_ahead_stop (SillokReadAhead *self)
{
  if (self->thread != NULL)
    sillok_pipe_close (self->pipe);
  if (self->current != NULL)
    sillok_pipe_put_empty (self->pipe, g_steal_pointer (&self->current));
  if (self->next != NULL)
    sillok_pipe_put_empty (self->pipe, g_steal_pointer (&self->next));
  if (self->thread == NULL)
    return;
  g_thread_join (g_steal_pointer (&self->thread));
  self->ended = TRUE;
}

/* Leaves unread bytes in @current, or @current NULL at the end. */
static gboolean
read_ahead_fill (SillokReadAhead  *self,
                 GCancellable     *cancellable,
                 GError          **error)
{
  for (;;)
    {
      if (self->error != NULL)
        {
          g_propagate_error (error, g_error_copy (self->error));
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (self->current != NULL && self->pos < self->current->len)
        return TRUE;
      if (self->current != NULL)
        {
          gboolean last = self->current->last;

          sillok_pipe_put_empty (self->pipe, g_steal_pointer (&self->current));
          if (last)
            {
              read_ahead_stop (self);
              return TRUE;
            }
        }
      if (self->ended)
        return TRUE;
      self->current = self->next != NULL ? g_steal_pointer (&self->next) : sillok_pipe_get_full (self->pipe);
      self->pos = 0;
      if (self->current->error != NULL)
        {
          self->error = g_steal_pointer (&self->current->error);
          read_ahead_stop (self);
        }
    }
}

static gssize
sillok_read_ahead_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SillokReadAhead *self = SILLOK_READ_AHEAD (stream);
  gsize n;

  if (count == 0)
    return 0;
  if (!read_ahead_fill (self, cancellable, error))
    return -1;
  if (self->current == NULL)
    return 0;
  n = MIN (count, self->current->len - self->pos);
  memcpy (buffer, self->current->data + self->pos, n);
  self->pos += n;
  return n;
}

gboolean
sillok_pipe_is_read_ahead (GInputStream *stream)
{
  return SILLOK_IS_READ_AHEAD (stream);
}

gboolean
sillok_pipe_read_ahead_borrow (GInputStream  *stream,
                               gsize          max,
                               const guint8 **data,
                               gsize         *len,
                               gboolean      *end,
                               GCancellable  *cancellable,
                               GError       **error)
{
  SillokReadAhead *self;
  SillokPipeBlock *block;

  g_return_val_if_fail (SILLOK_IS_READ_AHEAD (stream), FALSE);
  g_return_val_if_fail (max > 0, FALSE);

  self = SILLOK_READ_AHEAD (stream);
  if (!read_ahead_fill (self, cancellable, error))
    return FALSE;
  block = self->current;
  if (block == NULL)
    {
      *data = NULL;
      *len = 0;
      *end = TRUE;
      return TRUE;
    }
  *data = block->data + self->pos;
  *len = MIN (max, block->len - self->pos);
  self->pos += *len;
  if (self->pos < block->len)
    *end = FALSE;
  else if (block->last)
    *end = TRUE;
  else
    {
      /* A full block may be the last one with bytes: the end then comes
       * as an empty block after it. */
      if (self->next == NULL)
        self->next = sillok_pipe_get_full (self->pipe);
      *end = self->next->error == NULL && self->next->last && self->next->len == 0;
    }
  return TRUE;
}

static gboolean
sillok_read_ahead_close (GInputStream  *stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  read_ahead_stop (SILLOK_READ_AHEAD (stream));
  return TRUE;
}

static void
sillok_read_ahead_finalize (GObject *object)
{
  SillokReadAhead *self = SILLOK_READ_AHEAD (object);

  read_ahead_stop (self);
  g_clear_pointer (&self->pipe, sillok_pipe_free);
  g_clear_object (&self->base);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sillok_read_ahead_parent_class)->finalize (object);
}

static void
sillok_read_ahead_class_init (SillokReadAheadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_read_ahead_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = sillok_read_ahead_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = sillok_read_ahead_close;
}

static void
sillok_read_ahead_init (SillokReadAhead *self)
{
}

GInputStream *
sillok_pipe_read_ahead_new (GInputStream *base,
                            guint         n_blocks,
                            gsize         block_size,
                            GCancellable *cancellable)
{
  SillokReadAhead *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (n_blocks >= 2, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (SILLOK_TYPE_READ_AHEAD, NULL);
  self->base = g_object_ref (base);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->pipe = sillok_pipe_new (n_blocks, block_size, TRUE);
  self->thread = g_thread_new ("sillok-ahead", read_ahead_thread, self);
  return G_INPUT_STREAM (self);
}
