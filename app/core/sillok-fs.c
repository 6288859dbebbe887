/* sillok-fs.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok-failpoint.h"
#include "sillok-fs.h"

void
sillok_fs_set_errno (GError     **error,
                     int          saved_errno,
                     const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", what, g_strerror (saved_errno));
}

gboolean
sillok_fs_write_all (int          fd,
                     const void  *data,
                     gsize        len,
                     const char  *failpoint,
                     GError     **error)
{
  const guint8 *p = data;
  int injected = failpoint != NULL ? sillok_failpoint (failpoint) : 0;

  if (injected == SILLOK_FAILPOINT_SHORT_WRITE)
    {
      gsize part = len / 2;

      while (part > 0)
        {
          ssize_t w = write (fd, p, part);
          if (w <= 0)
            break;
          p += w;
          part -= w;
        }
      injected = ENOSPC;
    }
  if (injected != 0)
    {
      sillok_fs_set_errno (error, injected, _("Cannot write"));
      return FALSE;
    }

  while (len > 0)
    {
      ssize_t w = write (fd, p, len);

      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        {
          sillok_fs_set_errno (error, errno, _("Cannot write"));
          return FALSE;
        }
      p += w;
      len -= w;
    }
  return TRUE;
}

gboolean
sillok_fs_sync_dir (const char  *dir,
                    GError     **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    {
      sillok_fs_set_errno (error, errno, dir);
      return FALSE;
    }
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved = errno;
      close (fd);
      sillok_fs_set_errno (error, saved, dir);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* The failpoint <prefix>-<point>; an injected error names @path, as a real one would. */
static gboolean
fail_at (const char  *prefix,
         const char  *point,
         const char  *path,
         GError     **error)
{
  g_autofree char *name = NULL;
  int injected;

  if (prefix == NULL)
    return FALSE;
  name = g_strdup_printf ("%s-%s", prefix, point);
  injected = sillok_failpoint (name);
  if (injected == 0)
    return FALSE;
  sillok_fs_set_errno (error, injected > 0 ? injected : ENOSPC, path);
  return TRUE;
}

gboolean
sillok_fs_replace (const char  *path,
                   const void  *data,
                   gsize        len,
                   int          mode,
                   const char  *failpoint_prefix,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  g_autofree char *write_point = NULL;
  guint8 rnd[8];
  int fd;

  randombytes_buf (rnd, sizeof rnd);
  tmp = g_strdup_printf ("%s/.%s.%02x%02x%02x%02x%02x%02x%02x%02x.tmp", dir, base,
                         rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
  if (failpoint_prefix != NULL)
    write_point = g_strdup_printf ("%s-write", failpoint_prefix);

  fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    {
      sillok_fs_set_errno (error, errno, path);
      return FALSE;
    }

  if (!sillok_fs_write_all (fd, data, len, write_point, error))
    {
      g_prefix_error (error, "%s: ", path);
      goto fail;
    }
  if (fsync (fd) != 0)
    {
      sillok_fs_set_errno (error, errno, path);
      goto fail;
    }
  if (fail_at (failpoint_prefix, "after-fsync", path, error))
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      sillok_fs_set_errno (error, errno, path);
      goto fail;
    }
  fd = -1;

  if (fail_at (failpoint_prefix, "before-rename", path, error))
    goto fail;
  if (rename (tmp, path) != 0)
    {
      sillok_fs_set_errno (error, errno, path);
      goto fail;
    }
  if (fail_at (failpoint_prefix, "after-rename", path, error))
    return FALSE;
  return sillok_fs_sync_dir (dir, error);

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

gboolean
sillok_fs_read_limited (const char  *path,
                        gsize        max_len,
                        char       **contents,
                        gsize       *len,
                        GError     **error)
{
  struct stat st;
  g_autofree char *buf = NULL;
  gsize got = 0;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd < 0)
    {
      sillok_fs_set_errno (error, errno, path);
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a regular file"), path);
      return FALSE;
    }
  if ((guint64) st.st_size > max_len)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is larger than %zu bytes"), path, max_len);
      return FALSE;
    }

  buf = g_malloc (max_len + 1);
  for (;;)
    {
      ssize_t r = read (fd, buf + got, max_len + 1 - got);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          close (fd);
          sillok_fs_set_errno (error, saved, path);
          return FALSE;
        }
      if (r == 0)
        break;
      got += r;
      if (got > max_len)
        {
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s is larger than %zu bytes"), path, max_len);
          return FALSE;
        }
    }
  close (fd);
  buf[got] = '\0';
  *contents = g_steal_pointer (&buf);
  if (len != NULL)
    *len = got;
  return TRUE;
}

static gboolean
remove_tree_at (int          parent,
                const char  *name,
                GError     **error)
{
  struct stat st;
  int fd;
  DIR *dir;
  struct dirent *ent;
  gboolean ok = TRUE;

  if (fstatat (parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      sillok_fs_set_errno (error, errno, name);
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      if (unlinkat (parent, name, 0) != 0 && errno != ENOENT)
        {
          sillok_fs_set_errno (error, errno, name);
          return FALSE;
        }
      return TRUE;
    }

  fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      sillok_fs_set_errno (error, saved, name);
      return FALSE;
    }
  while (ok && (ent = readdir (dir)) != NULL)
    {
      if (strcmp (ent->d_name, ".") == 0 || strcmp (ent->d_name, "..") == 0)
        continue;
      ok = remove_tree_at (dirfd (dir), ent->d_name, error);
    }
  closedir (dir);
  if (ok && unlinkat (parent, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
    {
      sillok_fs_set_errno (error, errno, name);
      return FALSE;
    }
  return ok;
}

gboolean
sillok_fs_remove_tree (const char  *path,
                       GError     **error)
{
  return remove_tree_at (AT_FDCWD, path, error);
}
