/* sillok-failpoint-vfs.c: the vault database's writes and syncs through failpoints
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test builds only.  A VFS in front of SQLite's own, registered as the
 * default, so that a test can fail or stop the database file, its WAL and
 * its journal at the level of single writes, as a full or failing disk and
 * a power cut would: db-write (each write of a transaction to the WAL or a
 * journal; "short" writes half of it), db-checkpoint-write (each write to
 * vault.db itself, which in WAL mode copies committed pages back), db-fsync
 * (before each sync) and db-after-fsync (after a sync that succeeded).
 * SQLCipher encrypts pages above the VFS, so what passes here is what
 * reaches the disk.
 */
#include "sillok-config.h"

#include <errno.h>
#include <sqlite3.h>

#include "sillok-failpoint.h"

#if SILLOK_ENABLE_FAILPOINTS

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;     /* the base VFS's file, right after this struct */
  const char   *write_point;
} FpFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fp_vfs;

#define REAL(f) (((FpFile *) (f))->real)

static int
fp_close (sqlite3_file *f)
{
  return REAL (f)->pMethods->xClose (REAL (f));
}

static int
fp_read (sqlite3_file  *f,
         void          *buf,
         int            amt,
         sqlite3_int64  off)
{
  return REAL (f)->pMethods->xRead (REAL (f), buf, amt, off);
}

static int
fp_write (sqlite3_file  *f,
          const void    *buf,
          int            amt,
          sqlite3_int64  off)
{
  int err = sillok_failpoint (((FpFile *) f)->write_point);

  if (err == SILLOK_FAILPOINT_SHORT_WRITE)
    {
      /* What a full disk leaves: the first part written, the rest not. */
      if (amt / 2 > 0)
        REAL (f)->pMethods->xWrite (REAL (f), buf, amt / 2, off);
      return SQLITE_FULL;
    }
  if (err == ENOSPC)
    return SQLITE_FULL;
  if (err != 0)
    return SQLITE_IOERR_WRITE;
  return REAL (f)->pMethods->xWrite (REAL (f), buf, amt, off);
}

static int
fp_truncate (sqlite3_file  *f,
             sqlite3_int64  size)
{
  return REAL (f)->pMethods->xTruncate (REAL (f), size);
}

static int
fp_sync (sqlite3_file *f,
         int           flags)
{
  int rc;

  if (sillok_failpoint ("db-fsync") != 0)
    return SQLITE_IOERR_FSYNC;
  rc = REAL (f)->pMethods->xSync (REAL (f), flags);
  if (rc == SQLITE_OK && sillok_failpoint ("db-after-fsync") != 0)
    return SQLITE_IOERR_FSYNC;
  return rc;
}

static int
fp_file_size (sqlite3_file  *f,
              sqlite3_int64 *size)
{
  return REAL (f)->pMethods->xFileSize (REAL (f), size);
}

static int
fp_lock (sqlite3_file *f,
         int           level)
{
  return REAL (f)->pMethods->xLock (REAL (f), level);
}

static int
fp_unlock (sqlite3_file *f,
           int           level)
{
  return REAL (f)->pMethods->xUnlock (REAL (f), level);
}

static int
fp_check_reserved_lock (sqlite3_file *f,
                        int          *out)
{
  return REAL (f)->pMethods->xCheckReservedLock (REAL (f), out);
}

static int
fp_file_control (sqlite3_file *f,
                 int           op,
                 void         *arg)
{
  return REAL (f)->pMethods->xFileControl (REAL (f), op, arg);
}

static int
fp_sector_size (sqlite3_file *f)
{
  return REAL (f)->pMethods->xSectorSize (REAL (f));
}

static int
fp_device_characteristics (sqlite3_file *f)
{
  return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f));
}

static int
fp_shm_map (sqlite3_file  *f,
            int            region,
            int            size,
            int            extend,
            void volatile **out)
{
  if (REAL (f)->pMethods->iVersion < 2)
    return SQLITE_IOERR_SHMMAP;
  return REAL (f)->pMethods->xShmMap (REAL (f), region, size, extend, out);
}

static int
fp_shm_lock (sqlite3_file *f,
             int           offset,
             int           n,
             int           flags)
{
  if (REAL (f)->pMethods->iVersion < 2)
    return SQLITE_IOERR_SHMLOCK;
  return REAL (f)->pMethods->xShmLock (REAL (f), offset, n, flags);
}

static void
fp_shm_barrier (sqlite3_file *f)
{
  if (REAL (f)->pMethods->iVersion >= 2)
    REAL (f)->pMethods->xShmBarrier (REAL (f));
}

static int
fp_shm_unmap (sqlite3_file *f,
              int           delete_flag)
{
  if (REAL (f)->pMethods->iVersion < 2)
    return SQLITE_OK;
  return REAL (f)->pMethods->xShmUnmap (REAL (f), delete_flag);
}

static int
fp_fetch (sqlite3_file   *f,
          sqlite3_int64   off,
          int             amt,
          void          **out)
{
  *out = NULL;
  if (REAL (f)->pMethods->iVersion < 3)
    return SQLITE_OK;
  return REAL (f)->pMethods->xFetch (REAL (f), off, amt, out);
}

static int
fp_unfetch (sqlite3_file  *f,
            sqlite3_int64  off,
            void          *p)
{
  if (REAL (f)->pMethods->iVersion < 3)
    return SQLITE_OK;
  return REAL (f)->pMethods->xUnfetch (REAL (f), off, p);
}

static const sqlite3_io_methods fp_methods = {
  3,
  fp_close,
  fp_read,
  fp_write,
  fp_truncate,
  fp_sync,
  fp_file_size,
  fp_lock,
  fp_unlock,
  fp_check_reserved_lock,
  fp_file_control,
  fp_sector_size,
  fp_device_characteristics,
  fp_shm_map,
  fp_shm_lock,
  fp_shm_barrier,
  fp_shm_unmap,
  fp_fetch,
  fp_unfetch,
};

static int
fp_open (sqlite3_vfs  *vfs,
         const char   *name,
         sqlite3_file *f,
         int           flags,
         int          *out_flags)
{
  FpFile *p = (FpFile *) f;
  int rc;

  p->base.pMethods = NULL;
  p->real = (sqlite3_file *) &p[1];
  p->write_point = (flags & SQLITE_OPEN_MAIN_DB) != 0 ? "db-checkpoint-write" : "db-write";
  rc = real_vfs->xOpen (real_vfs, name, p->real, flags, out_flags);
  if (rc == SQLITE_OK && p->real->pMethods != NULL)
    p->base.pMethods = &fp_methods;
  return rc;
}

gboolean
sillok_failpoint_vfs_register (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  if (real_vfs == NULL)
    return FALSE;
  /* The base VFS's functions other than xOpen work with the copy: it keeps
   * their settings (pAppData, mxPathname). */
  fp_vfs = *real_vfs;
  fp_vfs.zName = "sillok-failpoint";
  fp_vfs.szOsFile = (int) sizeof (FpFile) + real_vfs->szOsFile;
  fp_vfs.pNext = NULL;
  fp_vfs.xOpen = fp_open;
  return sqlite3_vfs_register (&fp_vfs, 1) == SQLITE_OK;
}

#endif
