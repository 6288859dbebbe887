/* sillok-db.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok-vault.h"
#include "sillok-db.h"
#include "sillok-failpoint.h"

/* Each entry brings the schema from version i to i + 1.  Never edit an
 * entry once released: append a new one. */
static const char *const migrations[] = {
  /* 1: identity and settings */
  "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);"
  "CREATE TABLE keys ("
  "  purpose TEXT PRIMARY KEY NOT NULL CHECK (purpose IN ('signing', 'age')),"
  "  key_id BLOB,"
  "  public BLOB NOT NULL,"
  "  secret BLOB NOT NULL);",

  /* 2: templates, records, values, search, attachments, audit */
  "CREATE TABLE templates ("
  "  digest TEXT PRIMARY KEY NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  body BLOB NOT NULL);"
  "CREATE TABLE records ("
  "  uuid TEXT PRIMARY KEY NOT NULL,"
  "  created TEXT NOT NULL,"
  "  updated TEXT NOT NULL,"
  "  latest INTEGER NOT NULL);"
  "CREATE INDEX records_updated ON records (updated);"
  "CREATE TABLE versions ("
  "  record TEXT NOT NULL REFERENCES records (uuid),"
  "  version INTEGER NOT NULL,"
  "  template TEXT NOT NULL REFERENCES templates (digest),"
  "  status TEXT NOT NULL CHECK (status IN ('draft', 'sealed')),"
  "  title TEXT NOT NULL DEFAULT '',"
  "  reason TEXT,"
  "  supersedes TEXT,"
  "  sealed_at TEXT,"
  "  statement BLOB,"
  "  signature BLOB,"
  "  disclosures BLOB,"
  "  statement_digest TEXT,"
  "  updated TEXT NOT NULL,"
  "  PRIMARY KEY (record, version));"
  "CREATE TABLE field_values ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  path TEXT NOT NULL,"
  "  value BLOB NOT NULL,"
  "  PRIMARY KEY (record, version, path),"
  "  FOREIGN KEY (record, version) REFERENCES versions (record, version));"
  "CREATE TABLE section_entries ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  section TEXT NOT NULL,"
  "  count INTEGER NOT NULL CHECK (count >= 0),"
  "  PRIMARY KEY (record, version, section),"
  "  FOREIGN KEY (record, version) REFERENCES versions (record, version));"
  "CREATE TABLE redactions ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  path TEXT NOT NULL,"
  "  spans BLOB NOT NULL,"
  "  PRIMARY KEY (record, version, path),"
  "  FOREIGN KEY (record, version) REFERENCES versions (record, version));"
  "CREATE TABLE attachments ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  blob TEXT NOT NULL,"
  "  key BLOB NOT NULL,"
  "  name TEXT NOT NULL,"
  "  media_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  b2 TEXT NOT NULL,"
  "  sensitivity TEXT NOT NULL,"
  "  PRIMARY KEY (record, version, n),"
  "  FOREIGN KEY (record, version) REFERENCES versions (record, version));"
  "CREATE TABLE audit ("
  "  record TEXT NOT NULL REFERENCES records (uuid),"
  "  seq INTEGER NOT NULL,"
  "  entry BLOB NOT NULL,"
  "  at_disclosure TEXT NOT NULL,"
  "  PRIMARY KEY (record, seq));"
  "CREATE TABLE search_docs ("
  "  docid INTEGER PRIMARY KEY,"
  "  record TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  UNIQUE (record, path));"
  "CREATE VIRTUAL TABLE search USING fts4 (body, tokenize=unicode61);"
  /* A sealed version never changes: the database refuses, and `check`
   * compares what is stored with what was signed. */
  "CREATE TRIGGER sealed_version_frozen BEFORE UPDATE ON versions WHEN OLD.status = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_version_kept BEFORE DELETE ON versions WHEN OLD.status = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_values_insert BEFORE INSERT ON field_values"
  "  WHEN (SELECT status FROM versions WHERE record = NEW.record AND version = NEW.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_values_update BEFORE UPDATE ON field_values"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_values_delete BEFORE DELETE ON field_values"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_attachments_insert BEFORE INSERT ON attachments"
  "  WHEN (SELECT status FROM versions WHERE record = NEW.record AND version = NEW.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_attachments_delete BEFORE DELETE ON attachments"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_attachments_update BEFORE UPDATE ON attachments"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_redactions_insert BEFORE INSERT ON redactions"
  "  WHEN (SELECT status FROM versions WHERE record = NEW.record AND version = NEW.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_redactions_update BEFORE UPDATE ON redactions"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_redactions_delete BEFORE DELETE ON redactions"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_entries_insert BEFORE INSERT ON section_entries"
  "  WHEN (SELECT status FROM versions WHERE record = NEW.record AND version = NEW.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_entries_update BEFORE UPDATE ON section_entries"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER sealed_entries_delete BEFORE DELETE ON section_entries"
  "  WHEN (SELECT status FROM versions WHERE record = OLD.record AND version = OLD.version) = 'sealed'"
  "  BEGIN SELECT RAISE (ABORT, 'sealed version'); END;"
  "CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit trail'); END;"
  "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit trail'); END;",

  /* 3: bundle recipients (age1… strings) and trusted signers (the base64
   * line of a minisign public key, as `minisign -P` takes it) */
  "CREATE TABLE recipients ("
  "  name TEXT PRIMARY KEY NOT NULL,"
  "  recipient TEXT NOT NULL UNIQUE);"
  "CREATE TABLE trusted_signers ("
  "  key_id TEXT PRIMARY KEY NOT NULL,"
  "  public_key TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('interviewer', 'coordinator')));",

  /* 4: the archive of imported bundles (coordinators): statements,
   * signatures and disclosures kept verbatim, values decoded for queries */
  "CREATE TABLE archive_bundles ("
  "  bundle TEXT PRIMARY KEY NOT NULL,"
  "  b2 TEXT NOT NULL,"
  "  exporter TEXT NOT NULL,"
  "  profile TEXT NOT NULL,"
  "  created TEXT NOT NULL,"
  "  imported_at TEXT NOT NULL,"
  "  manifest BLOB NOT NULL,"
  "  manifest_signature BLOB NOT NULL);"
  "CREATE TABLE archive_keys ("
  "  key_id TEXT PRIMARY KEY NOT NULL,"
  "  public_key TEXT NOT NULL);"
  "CREATE TABLE archive_versions ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  digest TEXT NOT NULL,"
  "  statement BLOB NOT NULL,"
  "  signature BLOB NOT NULL,"
  "  signer TEXT NOT NULL,"
  "  template TEXT NOT NULL REFERENCES templates (digest),"
  "  supersedes TEXT,"
  "  disclosures BLOB NOT NULL,"
  "  complete INTEGER NOT NULL,"
  "  bundle TEXT NOT NULL REFERENCES archive_bundles (bundle),"
  "  PRIMARY KEY (record, version));"
  "CREATE INDEX archive_versions_digest ON archive_versions (digest);"
  "CREATE TABLE archive_sources ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  bundle TEXT NOT NULL REFERENCES archive_bundles (bundle),"
  "  PRIMARY KEY (record, version, bundle));"
  "CREATE TABLE archive_values ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  value BLOB NOT NULL,"
  "  PRIMARY KEY (record, version, name));"
  "CREATE INDEX archive_values_name ON archive_values (name);"
  "CREATE TABLE archive_conflicts ("
  "  record TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  digest TEXT NOT NULL,"
  "  statement BLOB NOT NULL,"
  "  signature BLOB NOT NULL,"
  "  disclosures BLOB NOT NULL,"
  "  bundle TEXT NOT NULL REFERENCES archive_bundles (bundle),"
  "  PRIMARY KEY (record, version, digest));"
  "CREATE TABLE archive_attachments ("
  "  b2 TEXT PRIMARY KEY NOT NULL,"
  "  blob TEXT NOT NULL,"
  "  key BLOB NOT NULL,"
  "  size INTEGER NOT NULL);"
  "CREATE TABLE archive_audit ("
  "  record TEXT NOT NULL,"
  "  bundle TEXT NOT NULL REFERENCES archive_bundles (bundle),"
  "  chain BLOB NOT NULL,"
  "  times BLOB,"
  "  PRIMARY KEY (record, bundle));"
  /* What was imported is evidence: it is never changed, only added to. */
  "CREATE TRIGGER archive_versions_frozen BEFORE UPDATE OF statement, signature, digest ON archive_versions"
  "  BEGIN SELECT RAISE (ABORT, 'archived statement'); END;"
  "CREATE TRIGGER archive_versions_kept BEFORE DELETE ON archive_versions"
  "  BEGIN SELECT RAISE (ABORT, 'archived statement'); END;",

  /* 5: the coordinator's log of bundles re-exported from the archive: to
   * whom (a JSON array of age recipients, empty for a passphrase) and the
   * signed manifest, which names the record versions and their sources */
  "CREATE TABLE archive_exports ("
  "  bundle TEXT PRIMARY KEY NOT NULL,"
  "  b2 TEXT NOT NULL,"
  "  profile TEXT NOT NULL,"
  "  exported_at TEXT NOT NULL,"
  "  recipients BLOB NOT NULL,"
  "  manifest BLOB NOT NULL);"
  "CREATE TRIGGER archive_exports_frozen BEFORE UPDATE ON archive_exports"
  "  BEGIN SELECT RAISE (ABORT, 'export log'); END;"
  "CREATE TRIGGER archive_exports_kept BEFORE DELETE ON archive_exports"
  "  BEGIN SELECT RAISE (ABORT, 'export log'); END;",
};

/* SQLite's memory holds decrypted pages and the keys read from them: every
 * block is wiped before it is freed.  Each block carries its size in front. */
#define MEM_HEADER 16

static void *
mem_malloc (int n)
{
  guint8 *p = malloc ((gsize) n + MEM_HEADER);

  if (p == NULL)
    return NULL;
  *(gsize *) p = n;
  return p + MEM_HEADER;
}

static void
mem_free (void *block)
{
  guint8 *p;

  if (block == NULL)
    return;
  p = (guint8 *) block - MEM_HEADER;
  sodium_memzero (block, *(gsize *) p);
  free (p);
}

static int
mem_size (void *block)
{
  return block != NULL ? (int) *(gsize *) ((guint8 *) block - MEM_HEADER) : 0;
}

static void *
mem_realloc (void *block,
             int   n)
{
  void *fresh = mem_malloc (n);

  if (fresh != NULL && block != NULL)
    {
      memcpy (fresh, block, MIN (n, mem_size (block)));
      mem_free (block);
    }
  return fresh;
}

static int
mem_roundup (int n)
{
  return (n + 7) & ~7;
}

static int
mem_init (void *data)
{
  return SQLITE_OK;
}

static void
mem_shutdown (void *data)
{
}

gboolean
sillok_db_init (void)
{
  static const sqlite3_mem_methods methods = {
    mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup, mem_init, mem_shutdown, NULL,
  };

  if (sqlite3_config (SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK)
    return FALSE;
#if SILLOK_ENABLE_FAILPOINTS
  if (!sillok_failpoint_vfs_register ())
    return FALSE;
#endif
  return TRUE;
}

void
sillok_db_set_error (GError    **error,
                     sqlite3    *db,
                     int         rc,
                     const char *what)
{
  const char *msg = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("%s: the disk is full"), what);
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, msg);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED,
                   _("%s: the vault database is damaged or not this vault's"), what);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_IN_USE,
                   _("%s: the vault database is in use"), what);
      break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, msg);
      break;
    }
}

gboolean
sillok_db_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      sillok_db_set_error (error, db, rc, _("Database"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_db_begin (sqlite3  *db,
                 GError  **error)
{
  return sillok_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
sillok_db_commit (sqlite3  *db,
                  GError  **error)
{
  int injected = sillok_failpoint ("db-commit");

  if (injected != 0)
    {
      sillok_db_rollback (db);
      sillok_db_set_error (error, db, injected == EIO ? SQLITE_IOERR : SQLITE_FULL, _("Database"));
      return FALSE;
    }
  if (!sillok_db_exec (db, "COMMIT", error))
    {
      sillok_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

void
sillok_db_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
sillok_db_prepare (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      sillok_db_set_error (error, db, rc, _("Database"));
      return NULL;
    }
  return stmt;
}

int
sillok_db_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

int
sillok_db_get_version (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT version FROM schema_version", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  int version;

  if (!sillok_db_begin (db, error))
    return FALSE;
  if (!sillok_db_exec (db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
                           "INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);",
                       error))
    goto fail;

  version = sillok_db_get_version (db);
  if (version > sillok_db_latest_version ())
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NEWER,
                   _("This vault was written by a newer version of Sillok (schema %d)"), version);
      goto fail;
    }
  for (; version < sillok_db_latest_version (); version++)
    {
      g_autofree char *bump = g_strdup_printf ("UPDATE schema_version SET version = %d", version + 1);

      if (!sillok_db_exec (db, migrations[version], error) || !sillok_db_exec (db, bump, error))
        {
          g_prefix_error (error, _("Upgrading the vault to schema %d: "), version + 1);
          goto fail;
        }
    }
  return sillok_db_commit (db, error);

fail:
  sillok_db_rollback (db);
  return FALSE;
}

static gboolean
apply_key (sqlite3       *db,
           SillokSecret  *master_key,
           GError       **error)
{
  /* x'<64 hex>' selects a raw key: no SQLCipher KDF on top of ours. */
  g_autoptr(SillokSecret) spec = sillok_secret_new (3 + 2 * 32 + 1);
  char *s = (char *) sillok_secret_get_data (spec);
  int rc;

  g_return_val_if_fail (sillok_secret_get_length (master_key) == 32, FALSE);

  s[0] = 'x';
  s[1] = '\'';
  sodium_bin2hex (s + 2, 2 * 32 + 1, sillok_secret_get_data (master_key), 32);
  s[2 + 64] = '\'';
  rc = sqlite3_key (db, s, 3 + 64);
  if (rc != SQLITE_OK)
    {
      sillok_db_set_error (error, db, rc, _("Keying the vault database"));
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
sillok_db_open (const char    *path,
                SillokSecret  *master_key,
                gboolean       create,
                GError       **error)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  if (create)
    {
      /* SQLite would create the file world-readable; the WAL and shared-memory
       * files take the database file's mode. */
      int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s: %s", path, g_strerror (saved));
          return NULL;
        }
      close (fd);
    }

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      sillok_db_set_error (error, db, rc, _("Opening the vault database"));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);

  if (!apply_key (db, master_key, error)
      || !sillok_db_exec (db, "PRAGMA cipher_page_size = 4096", error))
    goto fail;

  /* The first read tells whether the key fits. */
  rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sillok_db_set_error (error, db, rc, _("Opening the vault database"));
      goto fail;
    }

  if (!sillok_db_exec (db, "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = FULL;"
                           "PRAGMA secure_delete = ON;"
                           "PRAGMA temp_store = MEMORY;"
                           "PRAGMA foreign_keys = ON;", error)
      || !migrate (db, error))
    goto fail;
  return db;

fail:
  sqlite3_close (db);
  return NULL;
}

void
sillok_db_close (sqlite3 *db)
{
  if (db == NULL)
    return;
  if (sqlite3_close (db) != SQLITE_OK)
    g_warning ("vault database closed with statements still open");
}
