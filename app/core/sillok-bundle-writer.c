/* sillok-bundle-writer.c: a deterministic pax tar, streamed into age, into a file made visible only when complete
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok-bundle-output.h"
#include "sillok-bundle-writer.h"
#include "sillok-failpoint.h"
#include "sillok-fs.h"
#include "sillok-pipe.h"

#define STREAM_BUFFER_BYTES (64 * 1024)
/* Blocks of plaintext read ahead. */
#define READ_BLOCKS     4

struct _SillokBundleWriter
{
  char                *path;
  char                *dir;
  char                *part;         /* the named file while it exists, else NULL */
  int                  fd;
  gboolean             linked;       /* @path is ours and must go on discard */
  gboolean             finished;
  gboolean             closing;      /* freeing: libarchive's last words go nowhere */

  GArray              *recipients;
  SillokSecret        *passphrase;
  GOutputStream       *output;
  SillokAgeEncryptor  *encryptor;
  struct archive      *tar;
  GError              *error;        /* the first failure inside a libarchive callback */
  GCancellable        *cancellable;  /* of the call running */

  char                *last_path;
  guint                entries;
  guint64              small;        /* bytes of every file but attachments */

  guint64              done;
  guint64              total;
  SillokProgressFunc   progress;
  gpointer             progress_data;

  char                 b2[2 * crypto_generichash_BYTES_MAX + 1];
  guint64              size;
};

static void
set_errno_error (GError    **error,
                 int          saved,
                 const char  *path)
{
  sillok_fs_set_errno (error, saved, path);
}

/* An unnamed file in @dir, or -1 when the file system has none. */
static int
open_unnamed (const char  *dir,
              GError     **error)
{
  int fd;

  /* Linking the file later goes through /proc. */
  if (!g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    return -1;
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0)
    return fd;
  if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL || errno == ENOSYS)
    return -1;
  set_errno_error (error, errno, dir);
  return -2;
}

/* A .part nobody holds locked is a leftover of a killed export. */
static gboolean
remove_stale_part (const char  *part,
                   GError     **error)
{
  int fd = open (part, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  struct stat st;

  if (fd < 0)
    {
      if (errno == ENOENT)
        return TRUE;
      set_errno_error (error, errno, part);
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("%s exists and is not a bundle being written"), part);
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Another export is writing %s"), part);
      return FALSE;
    }
  unlink (part);
  close (fd);
  return TRUE;
}

static int
open_part (const char  *part,
           GError     **error)
{
  int fd;

  if (!remove_stale_part (part, error))
    return -1;
  fd = open (part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      set_errno_error (error, errno, part);
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      set_errno_error (error, errno, part);
      close (fd);
      unlink (part);
      return -1;
    }
  return fd;
}

SillokBundleWriter *
sillok_bundle_writer_new (const char  *path,
                          gboolean     named_part,
                          GError     **error)
{
  g_autoptr(SillokBundleWriter) w = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  if (lstat (path, &st) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists: choose another name or remove it first"), path);
      return NULL;
    }
  if (errno != ENOENT)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  w = g_new0 (SillokBundleWriter, 1);
  w->fd = -1;
  w->path = g_strdup (path);
  w->dir = g_path_get_dirname (path);
  if (!named_part)
    {
      w->fd = open_unnamed (w->dir, error);
      if (w->fd == -2)
        return NULL;
    }
  if (w->fd < 0)
    {
      g_autofree char *part = g_strconcat (path, SILLOK_BUNDLE_PART_SUFFIX, NULL);

      w->fd = open_part (part, error);
      if (w->fd < 0)
        return NULL;
      w->part = g_steal_pointer (&part);
    }
  w->output = sillok_bundle_output_new (w->fd);
  return g_steal_pointer (&w);
}

void
sillok_bundle_writer_set_recipients (SillokBundleWriter       *writer,
                                     const SillokAgeRecipient *recipients,
                                     gsize                     n_recipients)
{
  g_return_if_fail (writer != NULL && writer->encryptor == NULL);
  g_return_if_fail (recipients != NULL && n_recipients > 0);

  g_clear_pointer (&writer->passphrase, sillok_secret_free);
  g_clear_pointer (&writer->recipients, g_array_unref);
  writer->recipients = g_array_new (FALSE, FALSE, sizeof (SillokAgeRecipient));
  g_array_append_vals (writer->recipients, recipients, n_recipients);
}

void
sillok_bundle_writer_set_passphrase (SillokBundleWriter *writer,
                                     SillokSecret       *passphrase)
{
  g_return_if_fail (writer != NULL && writer->encryptor == NULL);
  g_return_if_fail (passphrase != NULL);

  g_clear_pointer (&writer->recipients, g_array_unref);
  g_clear_pointer (&writer->passphrase, sillok_secret_free);
  writer->passphrase = sillok_secret_dup (passphrase);
}

void
sillok_bundle_writer_set_progress (SillokBundleWriter *writer,
                                   guint64             total,
                                   SillokProgressFunc  progress,
                                   gpointer            progress_data)
{
  writer->total = total;
  writer->progress = progress;
  writer->progress_data = progress_data;
}

/* libarchive's output.  A failure is kept and reported by the call that
 * caused it (see tar_ok()); libarchive is told all went well, because an
 * archive it marks fatal is never closed and leaks its output's state. */
static la_ssize_t
tar_write (struct archive *tar,
           void           *data,
           const void     *buffer,
           size_t          len)
{
  SillokBundleWriter *w = data;

  if (w->closing || w->error != NULL)
    return len;
  sillok_age_encryptor_write (w->encryptor, buffer, len, w->cancellable, &w->error);
  return len;
}

/* TRUE when a libarchive call returned @rc without a failure of the output
 * behind it; else the error, the output's own when it was the cause. */
static gboolean
tar_ok (SillokBundleWriter  *w,
        int                  rc,
        const char          *path,
        GError             **error)
{
  if (w->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->error));
      /* Later calls fail too; nothing more reaches the file. */
      w->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("The bundle output failed earlier"));
      return FALSE;
    }
  if (rc != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s into the bundle: %s"), path,
                   archive_error_string (w->tar) != NULL ? archive_error_string (w->tar) : g_strerror (EIO));
      w->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("The bundle output failed earlier"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_started (SillokBundleWriter  *w,
                GError             **error)
{
  if (w->tar != NULL)
    return TRUE;
  g_return_val_if_fail (w->recipients != NULL || w->passphrase != NULL, FALSE);

  if (w->passphrase != NULL)
    w->encryptor = sillok_age_encryptor_new_for_passphrase (w->output, w->passphrase,
                                                            SILLOK_AGE_SCRYPT_DEFAULT_WORK_FACTOR);
  else
    w->encryptor = sillok_age_encryptor_new_for_recipients (w->output, (const SillokAgeRecipient *) w->recipients->data,
                                                            w->recipients->len);

  w->tar = archive_write_new ();
  /* No blocking: libarchive then hands data straight to the callback
   * instead of copying plaintext into a buffer of its own, and the tar ends
   * right after its two zero blocks. */
  return tar_ok (w, archive_write_set_format_pax_restricted (w->tar), w->path, error)
         && tar_ok (w, archive_write_add_filter_none (w->tar), w->path, error)
         && tar_ok (w, archive_write_set_bytes_per_block (w->tar, 0), w->path, error)
         && tar_ok (w, archive_write_open2 (w->tar, w, NULL, tar_write, NULL, NULL), w->path, error);
}

static gboolean
check_entry (SillokBundleWriter  *w,
             const char          *path,
             guint64              size,
             GError             **error)
{
  SillokBundlePath parsed;

  g_return_val_if_fail (!w->finished, FALSE);
  g_return_val_if_fail (w->last_path == NULL || strcmp (w->last_path, path) < 0, FALSE);

  if (!sillok_bundle_path_parse (path, &parsed))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a path of a bundle"), path);
      return FALSE;
    }
  if (size > sillok_bundle_path_max_size (parsed.kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("%s would hold %" PRIu64 " bytes, more than a bundle may (%" PRIu64 ")"),
                   path, size, sillok_bundle_path_max_size (parsed.kind));
      return FALSE;
    }
  if (w->entries >= SILLOK_BUNDLE_MAX_ENTRIES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("A bundle holds at most %d files"), SILLOK_BUNDLE_MAX_ENTRIES);
      return FALSE;
    }
  if (parsed.kind != SILLOK_BUNDLE_PATH_ATTACHMENT && size > SILLOK_BUNDLE_SMALL_FILES_MAX - w->small)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("A bundle's files other than attachments hold at most %" PRIu64
                     " bytes together: export the records in several bundles"), SILLOK_BUNDLE_SMALL_FILES_MAX);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_header (SillokBundleWriter  *w,
              const char          *path,
              guint64              size,
              GError             **error)
{
  struct archive_entry *entry;
  SillokBundlePath parsed;
  int rc;

  if (!ensure_started (w, error))
    return FALSE;
  entry = archive_entry_new2 (w->tar);
  archive_entry_set_pathname (entry, path);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, SILLOK_BUNDLE_FILE_MODE);
  archive_entry_set_size (entry, size);
  archive_entry_set_uid (entry, 0);
  archive_entry_set_gid (entry, 0);
  archive_entry_set_mtime (entry, 0, 0);
  rc = archive_write_header (w->tar, entry);
  archive_entry_free (entry);
  if (!tar_ok (w, rc, path, error))
    return FALSE;
  g_free (w->last_path);
  w->last_path = g_strdup (path);
  w->entries++;
  if (!sillok_bundle_path_parse (path, &parsed) || parsed.kind != SILLOK_BUNDLE_PATH_ATTACHMENT)
    w->small += size;
  return TRUE;
}

static gboolean
write_data (SillokBundleWriter  *w,
            const char          *path,
            const void          *data,
            gsize                len,
            GError             **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      la_ssize_t n = archive_write_data (w->tar, p, len);

      if (!tar_ok (w, n > 0 ? ARCHIVE_OK : ARCHIVE_FATAL, path, error))
        return FALSE;
      p += n;
      len -= n;
      w->done += n;
    }
  return TRUE;
}

static void
report (SillokBundleWriter *w)
{
  if (w->progress != NULL)
    w->progress (w->done, MAX (w->total, w->done), w->progress_data);
}

gboolean
sillok_bundle_writer_add_bytes (SillokBundleWriter  *writer,
                                const char          *path,
                                const void          *data,
                                gsize                len,
                                GCancellable        *cancellable,
                                GError             **error)
{
  gboolean ok;

  g_return_val_if_fail (writer != NULL && path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !check_entry (writer, path, len, error))
    return FALSE;
  writer->cancellable = cancellable;
  ok = write_header (writer, path, len, error)
       && write_data (writer, path, data, len, error)
       && tar_ok (writer, archive_write_finish_entry (writer->tar), path, error);
  writer->cancellable = NULL;
  if (ok)
    report (writer);
  return ok;
}

typedef struct
{
  SillokPipe   *pipe;
  GInputStream *input;
  guint64       size;
  const char   *path;
  GCancellable *cancellable;
} Reader;

/* Reads ahead while the writing thread encrypts: the blob's decryption and
 * hash run on another core.  Ends with a last block, empty or with the
 * error; stops early when the consumer closes the pipe. */
static gpointer
read_thread (gpointer data)
{
  Reader *r = data;
  guint64 left = r->size;

  for (;;)
    {
      SillokPipeBlock *block = sillok_pipe_get_empty (r->pipe);
      gsize want = MIN (left, sillok_pipe_block_size (r->pipe));
      gsize n = 0;

      if (block == NULL)
        return NULL;
      /* At the end, reading on lets the source check what it holds (a
       * blob checks its hash there); nothing may follow. */
      if (!g_input_stream_read_all (r->input, block->data, left > 0 ? want : 1, &n, r->cancellable, &block->error))
        block->last = TRUE;
      else if (left > 0 && n == 0)
        {
          g_set_error (&block->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                       _("%s: the source ended %" PRIu64 " bytes early"), r->path, left);
          block->last = TRUE;
        }
      else if (left == 0)
        {
          if (n != 0)
            g_set_error (&block->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("%s: the source holds more than its recorded %" PRIu64 " bytes"), r->path,
                         r->size);
          sodium_memzero (block->data, n);
          block->last = TRUE;
        }
      else
        {
          block->len = n;
          left -= n;
        }
      sillok_pipe_put_full (r->pipe, block);
      if (block->last)
        return NULL;
    }
}

gboolean
sillok_bundle_writer_add_stream (SillokBundleWriter  *writer,
                                 const char          *path,
                                 GInputStream        *input,
                                 guint64              size,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(SillokPipe) pipe = NULL;
  Reader reader;
  GThread *thread;
  gboolean ok = FALSE;

  g_return_val_if_fail (writer != NULL && path != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !check_entry (writer, path, size, error))
    return FALSE;
  writer->cancellable = cancellable;
  if (!write_header (writer, path, size, error))
    {
      writer->cancellable = NULL;
      return FALSE;
    }

  pipe = sillok_pipe_new (READ_BLOCKS, STREAM_BUFFER_BYTES, TRUE);
  reader = (Reader) { pipe, input, size, path, cancellable };
  thread = g_thread_new ("sillok-attach", read_thread, &reader);
  for (;;)
    {
      SillokPipeBlock *block = sillok_pipe_get_full (pipe);
      gboolean last = block->last;

      if (block->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&block->error));
          sillok_pipe_put_empty (pipe, block);
          break;
        }
      if (!last && !write_data (writer, path, block->data, block->len, error))
        {
          sillok_pipe_put_empty (pipe, block);
          break;
        }
      sillok_pipe_put_empty (pipe, block);
      if (last)
        {
          ok = tar_ok (writer, archive_write_finish_entry (writer->tar), path, error);
          break;
        }
      report (writer);
    }
  sillok_pipe_close (pipe);
  g_thread_join (thread);
  writer->cancellable = NULL;
  return ok;
}

/* An injected error names @path, as a real one would. */
static gboolean
injected (const char  *point,
          const char  *path,
          GError     **error)
{
  int err = sillok_failpoint (point);

  if (err == 0)
    return FALSE;
  sillok_fs_set_errno (error, err > 0 ? err : ENOSPC, path);
  return TRUE;
}

gboolean
sillok_bundle_writer_finish (SillokBundleWriter  *writer,
                             GCancellable        *cancellable,
                             GError             **error)
{
  guint8 digest[crypto_generichash_BYTES_MAX];
  gboolean ok;

  g_return_val_if_fail (writer != NULL && !writer->finished, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !ensure_started (writer, error))
    return FALSE;
  writer->cancellable = cancellable;
  ok = tar_ok (writer, archive_write_close (writer->tar), writer->path, error);
  writer->cancellable = NULL;
  if (!ok || !sillok_age_encryptor_finish (writer->encryptor, cancellable, error))
    return FALSE;
  if (fsync (writer->fd) != 0)
    {
      set_errno_error (error, errno, writer->part != NULL ? writer->part : writer->path);
      return FALSE;
    }
  if (injected (SILLOK_BUNDLE_FAILPOINT_AFTER_FSYNC, writer->path, error))
    return FALSE;
  sillok_bundle_output_finish (writer->output, digest);
  sodium_bin2hex (writer->b2, sizeof writer->b2, digest, sizeof digest);
  writer->size = sillok_bundle_output_get_written (writer->output);
  writer->finished = TRUE;
  return TRUE;
}

/* Renames without replacing: renameat2() where the file system has it. */
static gboolean
rename_no_replace (const char  *from,
                   const char  *to,
                   GError     **error)
{
  struct stat st;

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno != EINVAL && errno != ENOSYS)
    {
      set_errno_error (error, errno, to);
      return FALSE;
    }
  if (lstat (to, &st) == 0)
    {
      set_errno_error (error, EEXIST, to);
      return FALSE;
    }
  if (rename (from, to) != 0)
    {
      set_errno_error (error, errno, to);
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_bundle_writer_commit (SillokBundleWriter  *writer,
                             GError             **error)
{
  g_return_val_if_fail (writer != NULL && writer->finished && !writer->linked, FALSE);

  if (injected (SILLOK_BUNDLE_FAILPOINT_BEFORE_RENAME, writer->path, error))
    return FALSE;
  if (writer->part != NULL)
    {
      if (!rename_no_replace (writer->part, writer->path, error))
        return FALSE;
      g_clear_pointer (&writer->part, g_free);
    }
  else
    {
      g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", writer->fd);

      if (linkat (AT_FDCWD, proc, AT_FDCWD, writer->path, AT_SYMLINK_FOLLOW) != 0)
        {
          set_errno_error (error, errno, writer->path);
          return FALSE;
        }
    }
  writer->linked = TRUE;
  if (injected (SILLOK_BUNDLE_FAILPOINT_AFTER_RENAME, writer->path, error) || !sillok_fs_sync_dir (writer->dir, error))
    return FALSE;
  close (writer->fd);
  writer->fd = -1;
  sillok_bundle_output_detach (writer->output);
  return TRUE;
}

void
sillok_bundle_writer_discard (SillokBundleWriter *writer)
{
  gboolean removed = FALSE;

  g_return_if_fail (writer != NULL);

  if (writer->part != NULL)
    {
      removed = unlink (writer->part) == 0;
      g_clear_pointer (&writer->part, g_free);
    }
  if (writer->linked)
    {
      removed = unlink (writer->path) == 0 || removed;
      writer->linked = FALSE;
    }
  if (writer->fd >= 0)
    {
      close (writer->fd);
      writer->fd = -1;
      sillok_bundle_output_detach (writer->output);
    }
  if (removed)
    sillok_fs_sync_dir (writer->dir, NULL);
}

const char *
sillok_bundle_writer_get_b2 (SillokBundleWriter *writer)
{
  g_return_val_if_fail (writer != NULL && writer->finished, NULL);
  return writer->b2;
}

guint64
sillok_bundle_writer_get_size (SillokBundleWriter *writer)
{
  g_return_val_if_fail (writer != NULL && writer->finished, 0);
  return writer->size;
}

void
sillok_bundle_writer_free (SillokBundleWriter *writer)
{
  if (writer == NULL)
    return;
  writer->closing = TRUE;
  if (writer->tar != NULL)
    archive_write_free (writer->tar);
  if (writer->fd >= 0 || writer->part != NULL)
    sillok_bundle_writer_discard (writer);
  g_clear_object (&writer->encryptor);
  g_clear_object (&writer->output);
  g_clear_pointer (&writer->recipients, g_array_unref);
  g_clear_pointer (&writer->passphrase, sillok_secret_free);
  g_clear_error (&writer->error);
  g_free (writer->last_path);
  g_free (writer->path);
  g_free (writer->dir);
  g_free (writer);
}
