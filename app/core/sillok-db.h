/* sillok-db.h: the SQLCipher database of a vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#ifndef SQLITE_HAS_CODEC
# define SQLITE_HAS_CODEC 1
#endif
#include <sqlite3.h>

#include <gio/gio.h>

#include "sillok/sillok-secret.h"

G_BEGIN_DECLS

/* Makes SQLite wipe every block of memory it frees; call once before any
 * other SQLite call (sillok_init() does). */
gboolean  sillok_db_init            (void);

/* Opens (or with @create, creates) @path keyed with the raw 32-byte
 * @master_key, sets the page size, WAL, synchronous=FULL, secure_delete and
 * in-memory temporary storage, checks the key fits and brings the schema
 * up to date. */
sqlite3  *sillok_db_open            (const char    *path,
                                     SillokSecret  *master_key,
                                     gboolean       create,
                                     GError       **error);
void      sillok_db_close           (sqlite3       *db);

/* The schema version stored in the database, and the one this build writes. */
int       sillok_db_get_version     (sqlite3       *db);
int       sillok_db_latest_version  (void);

gboolean  sillok_db_exec            (sqlite3       *db,
                                     const char    *sql,
                                     GError       **error);
gboolean  sillok_db_begin           (sqlite3       *db,
                                     GError       **error);
gboolean  sillok_db_commit          (sqlite3       *db,
                                     GError       **error);
void      sillok_db_rollback        (sqlite3       *db);
sqlite3_stmt *sillok_db_prepare     (sqlite3       *db,
                                     const char    *sql,
                                     GError       **error);

/* Sets @error from the database's last error, in the vault's and GIO's
 * domains: a full disk is G_IO_ERROR_NO_SPACE, damage is
 * SILLOK_VAULT_ERROR_DAMAGED. */
void      sillok_db_set_error       (GError       **error,
                                     sqlite3       *db,
                                     int            rc,
                                     const char    *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
