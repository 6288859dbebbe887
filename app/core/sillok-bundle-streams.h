/* sillok-bundle-streams.h: the streams a bundle passes through while it is read
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok-progress.h"
#include "sillok-tar-reader.h"

G_BEGIN_DECLS

/* Passes @base's bytes through, hashing them with BLAKE2b-512 and
 * reporting bytes read of @total. */
#define SILLOK_TYPE_HASH_INPUT_STREAM (sillok_hash_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (SillokHashInputStream, sillok_hash_input_stream, SILLOK, HASH_INPUT_STREAM, GFilterInputStream)

GInputStream *sillok_hash_input_stream_new     (GInputStream       *base,
                                                guint64             total,
                                                SillokProgressFunc  progress,
                                                gpointer            progress_data);
/* Reads the rest of the base stream into the hash (as far as it can). */
void          sillok_hash_input_stream_drain   (SillokHashInputStream *self,
                                                GCancellable          *cancellable);
/* The hex digest and size of what passed. */
void          sillok_hash_input_stream_finish  (SillokHashInputStream *self,
                                                char                   hex[129],
                                                guint64               *size);

/* The data of the current tar entry, hashed as it is read; the read that
 * reaches its end fails with G_IO_ERROR_INVALID_DATA when the hash is not
 * @expected (128 hex, or NULL: no hash is right). */
#define SILLOK_TYPE_BUNDLE_ENTRY_STREAM (sillok_bundle_entry_stream_get_type ())
G_DECLARE_FINAL_TYPE (SillokBundleEntryStream, sillok_bundle_entry_stream, SILLOK, BUNDLE_ENTRY_STREAM, GInputStream)

GInputStream *sillok_bundle_entry_stream_new   (SillokTarReader *tar,
                                                const char      *path,
                                                const char      *expected);
/* Reads what the consumer left; TRUE when the bytes match.  Errors of the
 * tar (age, truncation) are set in @error. */
gboolean      sillok_bundle_entry_stream_drain (SillokBundleEntryStream *self,
                                                gboolean                *matched,
                                                GCancellable            *cancellable,
                                                GError                 **error);

/* TRUE once the entry was read to its end and its bytes did not match. */
gboolean      sillok_bundle_entry_stream_mismatched (SillokBundleEntryStream *self);

/* Hashes @len bytes of BLAKE2b-512 into 129 bytes of hex. */
void          sillok_b2_hex                    (const void *data,
                                                gsize       len,
                                                char        hex[129]);

G_END_DECLS
