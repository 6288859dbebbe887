/* sillok-blob.h: the encrypted files of attachments in a vault's blobs/ folder
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok-progress.h"
#include "sillok/sillok-secret.h"
#include "sillok/sillok-vault.h"

G_BEGIN_DECLS

/* A blob is libsodium's crypto_secretstream_xchacha20poly1305 under its own
 * random key: the 24-byte header, then one chunk per 64 KiB of plaintext
 * (TAG_MESSAGE), the last one tagged TAG_FINAL; an empty plaintext is one
 * empty final chunk.  Each chunk is its plaintext plus 17 bytes. */
#define SILLOK_BLOB_CHUNK_BYTES      (64 * 1024)
#define SILLOK_BLOB_HEADER_BYTES     24
#define SILLOK_BLOB_OVERHEAD_BYTES   17
#define SILLOK_BLOB_KEY_BYTES        32
#define SILLOK_BLOB_NAME_CHARS       32
#define SILLOK_BLOB_HASH_BYTES       64
#define SILLOK_BLOB_PART_SUFFIX      ".part"

#define SILLOK_BLOB_ERROR (sillok_blob_error_quark ())

typedef enum
{
  SILLOK_BLOB_ERROR_NAME,      /* not a blob name (32 lower-case hex digits) */
  SILLOK_BLOB_ERROR_MISSING,   /* no such blob in the vault */
  SILLOK_BLOB_ERROR_DAMAGED,   /* truncated, altered, trailing data or wrong key */
  SILLOK_BLOB_ERROR_MISMATCH,  /* intact, but not the plaintext its record describes */
} SillokBlobError;

/* What the database keeps about one blob. */
typedef struct
{
  char         *name;  /* 32 lower-case hex digits, the file name in blobs/ */
  SillokSecret *key;   /* SILLOK_BLOB_KEY_BYTES */
  guint64       size;  /* bytes of plaintext */
  char         *b2;    /* BLAKE2b-512 of the plaintext, 128 lower-case hex digits */
} SillokBlob;

GQuark          sillok_blob_error_quark (void);

/* A blob record with copies of @name, @key and @b2 (which may be NULL). */
SillokBlob     *sillok_blob_new         (const char    *name,
                                         SillokSecret  *key,
                                         guint64        size,
                                         const char    *b2);
/* Wipes the key and frees. */
void            sillok_blob_free        (SillokBlob    *blob);

/* TRUE when @name has the form of a blob name. */
gboolean        sillok_blob_name_is_valid (const char  *name);

/* Encrypts @input, read to its end, into a new blob of the unlocked @vault
 * under a fresh random key, and hashes the plaintext on the way.  The blob
 * is durable when this returns; on error or cancellation no file remains.
 * Memory use does not grow with the input. */
SillokBlob     *sillok_blob_store       (SillokVault        *vault,
                                         GInputStream       *input,
                                         SillokProgressFunc  progress,
                                         gpointer            progress_data,
                                         GCancellable       *cancellable,
                                         GError            **error);
/* The same for a caller that hashes these very bytes itself and keeps the
 * blob only once they hash to @b2 (the bundle reader, which checks every
 * attachment against its name): the blob's b2 is @b2, not computed twice. */
SillokBlob     *sillok_blob_store_hashed (SillokVault       *vault,
                                          GInputStream      *input,
                                          const char        *b2,
                                          GCancellable      *cancellable,
                                          GError           **error);

/* A stream of the plaintext of @blob, decrypted one chunk at a time.  A
 * file that does not have @blob's size on disk fails here; a read fails
 * with SILLOK_BLOB_ERROR_DAMAGED at the first chunk that does not decrypt
 * or when data follows the final chunk, and the read that reaches the end
 * fails with SILLOK_BLOB_ERROR_MISMATCH unless the plaintext has @blob's
 * BLAKE2b-512 (not checked when @blob->b2 is NULL). */
GInputStream   *sillok_blob_open        (SillokVault       *vault,
                                         const SillokBlob  *blob,
                                         GError           **error);

/* The same stream without the BLAKE2b-512: every chunk is still
 * authenticated under the blob's own random key (which only the vault's
 * database holds), in order, with the recorded size and the final tag, so
 * the plaintext is the one the vault encrypted; only the digest computed
 * when it was stored is not recomputed.  For copies whose every receiver
 * checks that digest again (a bundle's B2SUMS); `check` and viewing use
 * sillok_blob_open(). */
GInputStream   *sillok_blob_open_unhashed (SillokVault       *vault,
                                           const SillokBlob  *blob,
                                           GError           **error);

/* Reads the whole blob through sillok_blob_open(): TRUE when it is intact
 * and matches @blob's size and hash. */
gboolean        sillok_blob_verify      (SillokVault       *vault,
                                         const SillokBlob  *blob,
                                         GCancellable      *cancellable,
                                         GError           **error);

/* Unlinks blob @name and makes that durable; a missing blob is an error. */
gboolean        sillok_blob_delete      (SillokVault   *vault,
                                         const char    *name,
                                         GError       **error);

/* The sorted names of the blobs present; other files are ignored.  With
 * @clean_parts, leftover *.part files of interrupted stores (none of this
 * process's stores still running) are removed. */
GStrv           sillok_blob_list        (SillokVault   *vault,
                                         gboolean       clean_parts,
                                         GError       **error);

#define SILLOK_TYPE_BLOB_INPUT_STREAM (sillok_blob_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (SillokBlobInputStream, sillok_blob_input_stream, SILLOK, BLOB_INPUT_STREAM, GInputStream)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokBlob, sillok_blob_free)

G_END_DECLS
