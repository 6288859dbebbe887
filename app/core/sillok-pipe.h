/* sillok-pipe.h: fixed buffers handed from one thread to another
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A block of a pipe: the producer fills @data (at most the pipe's block
 * size) and says whether it is the last; a failed producer sends a last
 * block with @error set. */
typedef struct
{
  guint8   *data;
  gsize     len;
  gboolean  last;
  GError   *error;
} SillokPipeBlock;

/* A producer and a consumer share @n_blocks buffers of @block_size bytes,
 * in guarded memory when @guarded (plaintext): memory stays bounded
 * whatever passes through, and each side waits for the other. */
typedef struct _SillokPipe SillokPipe;

SillokPipe      *sillok_pipe_new        (guint            n_blocks,
                                         gsize            block_size,
                                         gboolean         guarded);
gsize            sillok_pipe_block_size (SillokPipe      *pipe);
/* Producer: an empty block (cleared), waiting for one; NULL once the
 * consumer closed the pipe. */
SillokPipeBlock *sillok_pipe_get_empty  (SillokPipe      *pipe);
void             sillok_pipe_put_full   (SillokPipe      *pipe,
                                         SillokPipeBlock *block);
/* Consumer: the next full block, waiting for it; give it back after use. */
SillokPipeBlock *sillok_pipe_get_full   (SillokPipe      *pipe);
void             sillok_pipe_put_empty  (SillokPipe      *pipe,
                                         SillokPipeBlock *block);
/* Consumer: stops the producer at its next sillok_pipe_get_empty(). */
void             sillok_pipe_close      (SillokPipe      *pipe);
/* Frees every block (wiping guarded ones); both sides must be done. */
void             sillok_pipe_free       (SillokPipe      *pipe);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokPipe, sillok_pipe_free)

/* BLAKE2b-512 of the bytes handed over, computed on a thread of its own
 * from copies in @n_blocks buffers of @block_size bytes (ordinary memory:
 * for ciphertext, never plaintext).  The thread starts with the first
 * bytes, so that the hashing costs the caller's thread only the copies. */
typedef struct _SillokPipeHash SillokPipeHash;

#define SILLOK_PIPE_HASH_BYTES 64

SillokPipeHash  *sillok_pipe_hash_new    (guint            n_blocks,
                                          gsize            block_size);
void             sillok_pipe_hash_update (SillokPipeHash  *hash,
                                          const void      *data,
                                          gsize            len);
/* Waits for every byte handed over to be hashed; call once. */
void             sillok_pipe_hash_final  (SillokPipeHash  *hash,
                                          guint8           digest[SILLOK_PIPE_HASH_BYTES]);
void             sillok_pipe_hash_free   (SillokPipeHash  *hash);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokPipeHash, sillok_pipe_hash_free)

/* A stream of @base's bytes, read ahead on a thread of its own into
 * @n_blocks guarded buffers of @block_size bytes, so that whatever @base
 * does to produce them (decrypting, hashing) runs beside the caller's own
 * work on them.  It ends where @base ends or fails with @base's error;
 * @cancellable applies to the reads of @base.  Nothing else may use @base
 * until this stream is closed or finalized, which stops the thread.
 * @n_blocks is at least 2: a borrower may hold two. */
GInputStream    *sillok_pipe_read_ahead_new (GInputStream    *base,
                                             guint            n_blocks,
                                             gsize            block_size,
                                             GCancellable    *cancellable);
gboolean         sillok_pipe_is_read_ahead  (GInputStream    *stream);
/* The next bytes of a read-ahead @stream in place, without a copy: at most
 * @max, at most to the end of a block, @len 0 only at the end of the
 * stream.  *@data stays valid until the next call on @stream.  *@end says
 * whether nothing follows them, looking at the next block when needed. */
gboolean         sillok_pipe_read_ahead_borrow (GInputStream   *stream,
                                                gsize           max,
                                                const guint8  **data,
                                                gsize          *len,
                                                gboolean       *end,
                                                GCancellable   *cancellable,
                                                GError        **error);

G_END_DECLS
