/* sillok-tar-reader.h: a strict reader of the tar inside a bundle
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok-bundle.h"

G_BEGIN_DECLS

/* ustar header block (POSIX.1-2001), offsets and sizes of its fields. */
#define SILLOK_TAR_BLOCK           512
#define SILLOK_TAR_NAME_OFFSET     0
#define SILLOK_TAR_NAME_SIZE       100
#define SILLOK_TAR_MODE_OFFSET     100
#define SILLOK_TAR_UID_OFFSET      108
#define SILLOK_TAR_GID_OFFSET      116
#define SILLOK_TAR_ID_SIZE         8
#define SILLOK_TAR_SIZE_OFFSET     124
#define SILLOK_TAR_MTIME_OFFSET    136
#define SILLOK_TAR_NUMBER_SIZE     12
#define SILLOK_TAR_CHKSUM_OFFSET   148
#define SILLOK_TAR_CHKSUM_SIZE     8
#define SILLOK_TAR_TYPEFLAG_OFFSET 156
#define SILLOK_TAR_LINKNAME_OFFSET 157
#define SILLOK_TAR_MAGIC_OFFSET    257
#define SILLOK_TAR_MAGIC           "ustar\0" "00"
#define SILLOK_TAR_MAGIC_SIZE      8
#define SILLOK_TAR_PREFIX_OFFSET   345
#define SILLOK_TAR_PREFIX_SIZE     155
/* A pax extended header holds one "path" record: a few hundred bytes. */
#define SILLOK_TAR_PAX_MAX         1024

#define SILLOK_TAR_ERROR (sillok_tar_error_quark ())

typedef enum
{
  SILLOK_TAR_ERROR_HEADER,     /* a malformed header block: checksum, magic, numbers */
  SILLOK_TAR_ERROR_TYPE,       /* an entry that is not a regular file: link, device, folder… */
  SILLOK_TAR_ERROR_PAX,        /* a pax header that is not a single path record where one is needed */
  SILLOK_TAR_ERROR_PATH,       /* a path outside the bundle grammar, absolute, with "..", "\" or NUL */
  SILLOK_TAR_ERROR_ORDER,      /* a path out of sorted order */
  SILLOK_TAR_ERROR_DUPLICATE,  /* the same path twice */
  SILLOK_TAR_ERROR_SIZE,       /* a file larger than its kind may be */
  SILLOK_TAR_ERROR_TOO_MANY,   /* more entries than the limit */
  SILLOK_TAR_ERROR_TRUNCATED,  /* the data ends inside an entry or before the end-of-archive blocks */
  SILLOK_TAR_ERROR_TRAILING,   /* anything but zeros after the end-of-archive, or in padding */
} SillokTarError;

/* Hands out the next bytes of the tar: @len 0 at the end of the input.
 * The bytes stay valid until the next call. */
typedef gboolean (*SillokTarSourceFunc) (gpointer       user_data,
                                         const guint8 **data,
                                         gsize         *len,
                                         GCancellable  *cancellable,
                                         GError       **error);

typedef struct _SillokTarReader SillokTarReader;

GQuark            sillok_tar_error_quark         (void);

SillokTarReader  *sillok_tar_reader_new          (SillokTarSourceFunc source,
                                                  gpointer            source_data);
void              sillok_tar_reader_free         (SillokTarReader    *reader);
/* At most @max regular files (default SILLOK_BUNDLE_MAX_ENTRIES). */
void              sillok_tar_reader_set_max_entries (SillokTarReader *reader,
                                                     guint            max);
/* The largest attachment (default SILLOK_BUNDLE_ATTACHMENT_MAX_DEFAULT). */
void              sillok_tar_reader_set_max_attachment (SillokTarReader *reader,
                                                        guint64          max);
/* The most bytes of all files but attachments together (default
 * SILLOK_BUNDLE_SMALL_FILES_MAX). */
void              sillok_tar_reader_set_max_small (SillokTarReader *reader,
                                                   guint64          max);
/* Skips what is left of the current entry and reads the next header,
 * checking type, path and size before any of its bytes: TRUE with *@path
 * (the reader's, valid until the next call), its parse and its size, or
 * TRUE with *@path NULL after the end-of-archive blocks and nothing but
 * zeros after them.  Errors of the source pass through unchanged. */
gboolean          sillok_tar_reader_next         (SillokTarReader         *reader,
                                                  const char             **path,
                                                  const SillokBundlePath **parsed,
                                                  guint64                 *size,
                                                  GCancellable            *cancellable,
                                                  GError                 **error);
/* The next bytes of the current entry, without copying: @len 0 at its end. */
gboolean          sillok_tar_reader_read         (SillokTarReader  *reader,
                                                  const guint8    **data,
                                                  gsize            *len,
                                                  GCancellable     *cancellable,
                                                  GError          **error);
/* The path of the entry read last, or being refused; NULL before the first. */
const char       *sillok_tar_reader_get_path     (SillokTarReader  *reader);
/* Regular files read so far. */
guint             sillok_tar_reader_get_entries  (SillokTarReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokTarReader, sillok_tar_reader_free)

G_END_DECLS
