/* sillok-archive-private.h: what the import module shares with the archive
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-archive.h"

G_BEGIN_DECLS

/* sillok_archive_import_add_attachment() for the bundle reader's consumer:
 * the reader hashes these very bytes and fails the bundle unless they hash
 * to @b2 (then nothing is committed and the blob is deleted), so the blob
 * store does not hash them a second time. */
gboolean sillok_archive_import_add_read_attachment (SillokArchiveImport  *import,
                                                    const char           *b2,
                                                    GInputStream         *input,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

/* The entries of an audit chain as the archive keeps it (JSON lines): how
 * many lines it has. */
guint    sillok_archive_chain_length (GBytes *chain);

G_END_DECLS
