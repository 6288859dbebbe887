/* sillok-tar-reader.c: ustar blocks and pax path records, read strictly from hostile input
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-tar-reader.h"

G_DEFINE_QUARK (sillok-tar-error-quark, sillok_tar_error)

struct _SillokTarReader
{
  SillokTarSourceFunc source;
  gpointer            source_data;
  const guint8       *cur;          /* bytes of the source not yet taken */
  gsize               cur_len;
  gboolean            eof;

  guint64             data_left;    /* of the current entry */
  guint               padding;      /* after its data */
  guint               entries;
  guint               max_entries;
  guint64             max_attachment;
  guint64             max_small;    /* every file but attachments, together */
  guint64             small;
  gboolean            ended;

  char               *path;
  char               *last_path;
  SillokBundlePath    parsed;
};

SillokTarReader *
sillok_tar_reader_new (SillokTarSourceFunc source,
                       gpointer            source_data)
{
  SillokTarReader *r = g_new0 (SillokTarReader, 1);

  r->source = source;
  r->source_data = source_data;
  r->max_entries = SILLOK_BUNDLE_MAX_ENTRIES;
  r->max_attachment = SILLOK_BUNDLE_ATTACHMENT_MAX_DEFAULT;
  r->max_small = SILLOK_BUNDLE_SMALL_FILES_MAX;
  return r;
}

void
sillok_tar_reader_free (SillokTarReader *reader)
{
  if (reader == NULL)
    return;
  g_free (reader->path);
  g_free (reader->last_path);
  g_free (reader);
}

void
sillok_tar_reader_set_max_entries (SillokTarReader *reader,
                                   guint            max)
{
  reader->max_entries = max;
}

void
sillok_tar_reader_set_max_attachment (SillokTarReader *reader,
                                      guint64          max)
{
  reader->max_attachment = max;
}

void
sillok_tar_reader_set_max_small (SillokTarReader *reader,
                                 guint64          max)
{
  reader->max_small = max;
}

const char *
sillok_tar_reader_get_path (SillokTarReader *reader)
{
  return reader->path;
}

guint
sillok_tar_reader_get_entries (SillokTarReader *reader)
{
  return reader->entries;
}

/* Makes bytes available; FALSE on error, TRUE with cur_len 0 at the end. */
static gboolean
fill (SillokTarReader  *r,
      GCancellable     *cancellable,
      GError          **error)
{
  while (r->cur_len == 0 && !r->eof)
    {
      if (!r->source (r->source_data, &r->cur, &r->cur_len, cancellable, error))
        return FALSE;
      if (r->cur_len == 0)
        r->eof = TRUE;
    }
  return TRUE;
}

/* Copies @len bytes; *@got tells how many came before the end. */
static gboolean
take (SillokTarReader  *r,
      guint8           *out,
      gsize             len,
      gsize            *got,
      GCancellable     *cancellable,
      GError          **error)
{
  *got = 0;
  while (*got < len)
    {
      gsize n;

      if (!fill (r, cancellable, error))
        return FALSE;
      if (r->cur_len == 0)
        return TRUE;
      n = MIN (len - *got, r->cur_len);
      memcpy (out + *got, r->cur, n);
      r->cur += n;
      r->cur_len -= n;
      *got += n;
    }
  return TRUE;
}

static gboolean
truncated (GError **error)
{
  g_set_error_literal (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_TRUNCATED,
                       _("the tar ends in the middle of an entry or before its end-of-archive blocks"));
  return FALSE;
}

/* Skips @len bytes that must all be zero. */
static gboolean
skip_zeros (SillokTarReader  *r,
            guint64           len,
            GCancellable     *cancellable,
            GError          **error)
{
  while (len > 0)
    {
      gsize n;

      if (!fill (r, cancellable, error))
        return FALSE;
      if (r->cur_len == 0)
        return truncated (error);
      n = MIN (len, r->cur_len);
      for (gsize i = 0; i < n; i++)
        if (r->cur[i] != 0)
          {
            g_set_error_literal (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_TRAILING,
                                 _("the padding after an entry holds data"));
            return FALSE;
          }
      r->cur += n;
      r->cur_len -= n;
      len -= n;
    }
  return TRUE;
}

static gboolean
is_zero (const guint8 *p,
         gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (p[i] != 0)
      return FALSE;
  return TRUE;
}

/* An octal number field: digits, then at least one space or NUL, nothing
 * after; base-256 and empty fields are refused. */
static gboolean
octal (const guint8 *field,
       gsize         size,
       guint64      *out)
{
  guint64 v = 0;
  gsize i = 0;

  while (i < size && field[i] == ' ')
    i++;
  if (i == size || field[i] < '0' || field[i] > '7')
    return FALSE;
  for (; i < size && field[i] >= '0' && field[i] <= '7'; i++)
    {
      if (v > (G_MAXUINT64 >> 3))
        return FALSE;
      v = (v << 3) | (guint64) (field[i] - '0');
    }
  if (i == size)
    return FALSE;
  for (; i < size; i++)
    if (field[i] != ' ' && field[i] != 0)
      return FALSE;
  *out = v;
  return TRUE;
}

/* A NUL-padded text field: its text, or NULL when bytes follow the NUL. */
static char *
text_field (const guint8 *field,
            gsize         size)
{
  gsize len = 0;

  while (len < size && field[len] != 0)
    len++;
  if (!is_zero (field + len, size - len))
    return NULL;
  return g_strndup ((const char *) field, len);
}

static gboolean
header_error (GError     **error,
              const char  *what)
{
  g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_HEADER, _("a tar header is malformed: %s"), what);
  return FALSE;
}

static gboolean
check_header (const guint8  *h,
              GError       **error)
{
  guint64 sum = 0, want, n;

  if (!octal (h + SILLOK_TAR_CHKSUM_OFFSET, SILLOK_TAR_CHKSUM_SIZE, &want))
    return header_error (error, _("unreadable checksum"));
  for (guint i = 0; i < SILLOK_TAR_BLOCK; i++)
    sum += (i >= SILLOK_TAR_CHKSUM_OFFSET && i < SILLOK_TAR_CHKSUM_OFFSET + SILLOK_TAR_CHKSUM_SIZE) ? ' ' : h[i];
  if (sum != want)
    return header_error (error, _("wrong checksum"));
  if (memcmp (h + SILLOK_TAR_MAGIC_OFFSET, SILLOK_TAR_MAGIC, SILLOK_TAR_MAGIC_SIZE) != 0)
    return header_error (error, _("not a POSIX ustar header"));
  if (!octal (h + SILLOK_TAR_MODE_OFFSET, SILLOK_TAR_ID_SIZE, &n)
      || !octal (h + SILLOK_TAR_UID_OFFSET, SILLOK_TAR_ID_SIZE, &n)
      || !octal (h + SILLOK_TAR_GID_OFFSET, SILLOK_TAR_ID_SIZE, &n)
      || !octal (h + SILLOK_TAR_MTIME_OFFSET, SILLOK_TAR_NUMBER_SIZE, &n))
    return header_error (error, _("unreadable mode, owner or time"));
  if (!is_zero (h + SILLOK_TAR_LINKNAME_OFFSET, SILLOK_TAR_NAME_SIZE))
    {
      g_set_error_literal (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_TYPE, _("a tar entry names a link target"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
type_error (char      type,
            GError  **error)
{
  const char *what;

  switch (type)
    {
    case '1': what = _("a hard link"); break;
    case '2': what = _("a symbolic link"); break;
    case '3': what = _("a character device"); break;
    case '4': what = _("a block device"); break;
    case '5': what = _("a folder"); break;
    case '6': what = _("a FIFO"); break;
    case 'g': what = _("a pax global header"); break;
    case 'L': case 'K': what = _("a GNU long name"); break;
    case 'S': what = _("a sparse file"); break;
    default: what = _("an entry of an unknown type"); break;
    }
  g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_TYPE, _("the tar holds %s; a bundle holds regular files only"),
               what);
  return FALSE;
}

static gboolean
pax_error (GError     **error,
           const char  *what)
{
  g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_PAX, _("a pax header is refused: %s"), what);
  return FALSE;
}

/* Reads the records of a pax header of @size bytes: exactly one "path". */
static char *
read_pax (SillokTarReader  *r,
          guint64           size,
          GCancellable     *cancellable,
          GError          **error)
{
  guint8 buf[SILLOK_TAR_PAX_MAX];
  g_autofree char *path = NULL;
  gsize got, pos = 0;

  if (size == 0 || size > SILLOK_TAR_PAX_MAX)
    {
      pax_error (error, _("its size is out of bounds"));
      return NULL;
    }
  if (!take (r, buf, size, &got, cancellable, error))
    return NULL;
  if (got < size)
    {
      truncated (error);
      return NULL;
    }
  if (!skip_zeros (r, (SILLOK_TAR_BLOCK - size % SILLOK_TAR_BLOCK) % SILLOK_TAR_BLOCK, cancellable, error))
    return NULL;

  while (pos < size)
    {
      gsize len = 0, start = pos, key_end;

      if (buf[pos] < '1' || buf[pos] > '9')
        {
          pax_error (error, _("a record without its length"));
          return NULL;
        }
      while (pos < size && g_ascii_isdigit (buf[pos]) && len < SILLOK_TAR_PAX_MAX)
        len = len * 10 + (buf[pos++] - '0');
      if (pos >= size || buf[pos] != ' ' || len > size - start || buf[start + len - 1] != '\n')
        {
          pax_error (error, _("a record of the wrong length"));
          return NULL;
        }
      pos++;
      key_end = pos;
      while (key_end < start + len - 1 && buf[key_end] != '=')
        key_end++;
      if (key_end == start + len - 1)
        {
          pax_error (error, _("a record without a value"));
          return NULL;
        }
      if (key_end - pos != 4 || memcmp (buf + pos, "path", 4) != 0)
        {
          g_autofree char *key = g_strndup ((const char *) buf + pos, MIN (key_end - pos, 64));
          g_autofree char *shown = g_utf8_make_valid (key, -1);

          g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_PAX,
                       _("a pax header sets “%s”; only a long path may be given"), shown);
          return NULL;
        }
      if (path != NULL)
        {
          pax_error (error, _("the path is given twice"));
          return NULL;
        }
      if (memchr (buf + key_end + 1, 0, start + len - 2 - key_end) != NULL)
        {
          g_set_error_literal (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_PATH, _("a tar path holds a NUL byte"));
          return NULL;
        }
      path = g_strndup ((const char *) buf + key_end + 1, start + len - 2 - key_end);
      pos = start + len;
    }
  if (path == NULL)
    {
      pax_error (error, _("it gives no path"));
      return NULL;
    }
  if (strlen (path) <= SILLOK_TAR_NAME_SIZE)
    {
      pax_error (error, _("it renames an entry whose path fits its header"));
      return NULL;
    }
  return g_steal_pointer (&path);
}

static gboolean
path_error (GError     **error,
            const char  *path,
            const char  *why)
{
  g_autofree char *shown = g_utf8_make_valid (path, MIN (strlen (path), 300));

  g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_PATH, _("the tar path “%s” is refused: %s"), shown, why);
  return FALSE;
}

/* The path rules, in the order a person would name the problem. */
static gboolean
check_path (SillokTarReader  *r,
            const char       *path,
            guint64           size,
            GError          **error)
{
  g_auto(GStrv) parts = NULL;
  int order;

  if (*path == '\0')
    return path_error (error, path, _("it is empty"));
  if (path[0] == '/')
    return path_error (error, path, _("it is absolute"));
  if (strchr (path, '\\') != NULL)
    return path_error (error, path, _("it holds a backslash"));
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0 || strcmp (parts[i], ".") == 0)
      return path_error (error, path, _("it climbs out with “..” or “.”"));
  if (strlen (path) > SILLOK_BUNDLE_PATH_MAX || !sillok_bundle_path_parse (path, &r->parsed))
    return path_error (error, path, _("it is not a path of a bundle"));
  order = r->last_path != NULL ? strcmp (path, r->last_path) : 1;
  if (order == 0)
    {
      g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_DUPLICATE, _("the tar holds %s twice"), path);
      return FALSE;
    }
  if (order < 0)
    {
      g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_ORDER, _("%s comes after %s: the tar is not sorted"), path,
                   r->last_path);
      return FALSE;
    }
  if (r->entries >= r->max_entries)
    {
      g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_TOO_MANY, _("the tar holds more than %u files"),
                   r->max_entries);
      return FALSE;
    }
  if (size > (r->parsed.kind == SILLOK_BUNDLE_PATH_ATTACHMENT ? r->max_attachment
                                                              : sillok_bundle_path_max_size (r->parsed.kind)))
    {
      g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_SIZE,
                   _("%s is %" PRIu64 " bytes, more than a bundle may hold"), path, size);
      return FALSE;
    }
  if (r->parsed.kind != SILLOK_BUNDLE_PATH_ATTACHMENT)
    {
      /* Those files are read into memory: a bound on all of them together,
       * before the bytes are read, and not only on each. */
      if (size > r->max_small - r->small)
        {
          g_set_error (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_SIZE,
                       _("with %s, the files other than attachments would hold more than %" PRIu64
                         " bytes together, more than a bundle may hold"), path, r->max_small);
          return FALSE;
        }
      r->small += size;
    }
  return TRUE;
}

/* After the first zero block: a second one, then zeros to the end. */
static gboolean
read_end (SillokTarReader  *r,
          GCancellable     *cancellable,
          GError          **error)
{
  guint8 block[SILLOK_TAR_BLOCK];
  gsize got;

  if (!take (r, block, sizeof block, &got, cancellable, error))
    return FALSE;
  if (got < sizeof block)
    return truncated (error);
  if (!is_zero (block, sizeof block))
    {
      g_set_error_literal (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_HEADER,
                           _("a zero block stands between tar entries"));
      return FALSE;
    }
  for (;;)
    {
      if (!fill (r, cancellable, error))
        return FALSE;
      if (r->cur_len == 0)
        break;
      if (!is_zero (r->cur, r->cur_len))
        {
          g_set_error_literal (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_TRAILING,
                               _("data follows the end of the tar"));
          return FALSE;
        }
      r->cur_len = 0;
    }
  r->ended = TRUE;
  return TRUE;
}

gboolean
sillok_tar_reader_next (SillokTarReader         *reader,
                        const char             **path,
                        const SillokBundlePath **parsed,
                        guint64                 *size,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  g_autofree char *pax_path = NULL;
  guint8 h[SILLOK_TAR_BLOCK];
  gsize got;

  g_return_val_if_fail (!reader->ended, FALSE);
  *path = NULL;
  if (!skip_zeros (reader, 0, cancellable, error))
    return FALSE;
  while (reader->data_left > 0)
    {
      const guint8 *data;
      gsize len;

      if (!sillok_tar_reader_read (reader, &data, &len, cancellable, error))
        return FALSE;
    }
  if (!skip_zeros (reader, reader->padding, cancellable, error))
    return FALSE;
  reader->padding = 0;

  for (;;)
    {
      g_autofree char *name = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *header_path = NULL;
      guint64 entry_size;
      char type;

      if (!take (reader, h, sizeof h, &got, cancellable, error))
        return FALSE;
      if (got < sizeof h)
        return truncated (error);
      if (is_zero (h, sizeof h))
        {
          if (pax_path != NULL)
            return pax_error (error, _("no entry follows it"));
          if (!read_end (reader, cancellable, error))
            return FALSE;
          return TRUE;
        }
      if (!check_header (h, error))
        return FALSE;
      if (!octal (h + SILLOK_TAR_SIZE_OFFSET, SILLOK_TAR_NUMBER_SIZE, &entry_size))
        return header_error (error, _("unreadable size"));
      type = (char) h[SILLOK_TAR_TYPEFLAG_OFFSET];
      name = text_field (h + SILLOK_TAR_NAME_OFFSET, SILLOK_TAR_NAME_SIZE);
      prefix = text_field (h + SILLOK_TAR_PREFIX_OFFSET, SILLOK_TAR_PREFIX_SIZE);
      if (name == NULL || prefix == NULL)
        {
          g_set_error_literal (error, SILLOK_TAR_ERROR, SILLOK_TAR_ERROR_PATH, _("a tar path holds a NUL byte"));
          return FALSE;
        }

      if (type == 'x')
        {
          if (pax_path != NULL)
            return pax_error (error, _("two pax headers for one entry"));
          pax_path = read_pax (reader, entry_size, cancellable, error);
          if (pax_path == NULL)
            return FALSE;
          continue;
        }
      header_path = *prefix != '\0' ? g_strconcat (prefix, "/", name, NULL) : g_strdup (name);
      g_free (reader->path);
      reader->path = g_strdup (pax_path != NULL ? pax_path : header_path);
      if (type != '0')
        return type_error (type, error);
      if (pax_path != NULL && !g_str_has_prefix (pax_path, header_path))
        return pax_error (error, _("it renames the entry to another path"));
      if (!check_path (reader, reader->path, entry_size, error))
        return FALSE;

      g_free (reader->last_path);
      reader->last_path = g_strdup (reader->path);
      reader->entries++;
      reader->data_left = entry_size;
      reader->padding = (SILLOK_TAR_BLOCK - entry_size % SILLOK_TAR_BLOCK) % SILLOK_TAR_BLOCK;
      *path = reader->path;
      if (parsed != NULL)
        *parsed = &reader->parsed;
      if (size != NULL)
        *size = entry_size;
      return TRUE;
    }
}

gboolean
sillok_tar_reader_read (SillokTarReader  *reader,
                        const guint8    **data,
                        gsize            *len,
                        GCancellable     *cancellable,
                        GError          **error)
{
  *data = NULL;
  *len = 0;
  if (reader->data_left == 0)
    return TRUE;
  if (!fill (reader, cancellable, error))
    return FALSE;
  if (reader->cur_len == 0)
    return truncated (error);
  *len = (gsize) MIN ((guint64) reader->cur_len, reader->data_left);
  *data = reader->cur;
  reader->cur += *len;
  reader->cur_len -= *len;
  reader->data_left -= *len;
  return TRUE;
}
