/* sillok-vault-private.h: what other core modules may use of a vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-vault.h"
#include "sillok-db.h"

G_BEGIN_DECLS

/* The database of an unlocked vault, or NULL with SILLOK_VAULT_ERROR_LOCKED. */
sqlite3  *sillok_vault_get_db       (SillokVault  *self,
                                     GError      **error);
/* The folder of encrypted attachments. */
char     *sillok_vault_get_blob_dir (SillokVault  *self);

/* Seconds to wait before attempt number @failed + 1. */
guint     sillok_vault_delay_for    (guint         failed);

G_END_DECLS
