/* sillok-blob-private.h: what the blob writer and reader share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-blob.h"

G_BEGIN_DECLS

/* Bytes on disk of a blob of @size bytes of plaintext. */
guint64  sillok_blob_disk_size (guint64       size);

/* The path of blob @name in @vault; NULL with an error when the vault is
 * locked or @name is not a blob name. */
char    *sillok_blob_prepare   (SillokVault  *vault,
                                const char   *name,
                                GError      **error);

G_END_DECLS
