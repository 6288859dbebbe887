/* sillok-fs.h: durable file operations
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes all of @len bytes to @fd, retrying on EINTR and short writes.
 * @failpoint names the write for fault injection (may be NULL). */
gboolean  sillok_fs_write_all      (int          fd,
                                    const void  *data,
                                    gsize        len,
                                    const char  *failpoint,
                                    GError     **error);

/* fsync()s the folder @dir so a rename or unlink inside it is durable. */
gboolean  sillok_fs_sync_dir       (const char  *dir,
                                    GError     **error);

/* Replaces @path with @data: a temporary file in the same folder, written,
 * fsynced, renamed over @path, then the folder fsynced.  On failure @path
 * is untouched and no temporary file remains.  @failpoint_prefix names the
 * failpoints <prefix>-write, <prefix>-after-fsync, <prefix>-before-rename
 * and <prefix>-after-rename. */
gboolean  sillok_fs_replace        (const char  *path,
                                    const void  *data,
                                    gsize        len,
                                    int          mode,
                                    const char  *failpoint_prefix,
                                    GError     **error);

/* Reads a whole file of at most @max_len bytes. */
gboolean  sillok_fs_read_limited   (const char  *path,
                                    gsize        max_len,
                                    char       **contents,
                                    gsize       *len,
                                    GError     **error);

/* Deletes a folder and everything below it without following links. */
gboolean  sillok_fs_remove_tree    (const char  *path,
                                    GError     **error);

/* Sets @error from errno @saved_errno as "<what>: <strerror>". */
void      sillok_fs_set_errno      (GError     **error,
                                    int          saved_errno,
                                    const char  *what);

G_END_DECLS
