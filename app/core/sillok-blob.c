/* sillok-blob.c: storing, listing, verifying and deleting encrypted blobs
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok-blob-private.h"
#include "sillok-failpoint.h"
#include "sillok-fs.h"
#include "sillok-pipe.h"
#include "sillok-vault-private.h"

G_STATIC_ASSERT (SILLOK_BLOB_HEADER_BYTES == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
G_STATIC_ASSERT (SILLOK_BLOB_OVERHEAD_BYTES == crypto_secretstream_xchacha20poly1305_ABYTES);
G_STATIC_ASSERT (SILLOK_BLOB_KEY_BYTES == crypto_secretstream_xchacha20poly1305_KEYBYTES);
G_STATIC_ASSERT (SILLOK_BLOB_HASH_BYTES == crypto_generichash_BYTES_MAX);
/* sodium_malloc() ends the allocation on a page boundary, so a state whose
 * size is a multiple of its 64-byte alignment starts aligned. */
G_STATIC_ASSERT (sizeof (crypto_generichash_state) % 64 == 0);

G_DEFINE_QUARK (sillok-blob-error-quark, sillok_blob_error)

/* The *.part files of this process's stores still running, which a listing
 * must not take for leftovers. */
static GMutex      active_lock;
static GHashTable *active_parts;

SillokBlob *
sillok_blob_new (const char   *name,
                 SillokSecret *key,
                 guint64       size,
                 const char   *b2)
{
  SillokBlob *blob;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  blob = g_new0 (SillokBlob, 1);
  blob->name = g_strdup (name);
  blob->key = sillok_secret_dup (key);
  blob->size = size;
  blob->b2 = g_strdup (b2);
  return blob;
}

void
sillok_blob_free (SillokBlob *blob)
{
  if (blob == NULL)
    return;
  g_free (blob->name);
  sillok_secret_free (blob->key);
  g_free (blob->b2);
  g_free (blob);
}

gboolean
sillok_blob_name_is_valid (const char *name)
{
  if (name == NULL || strlen (name) != SILLOK_BLOB_NAME_CHARS)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

guint64
sillok_blob_disk_size (guint64 size)
{
  guint64 chunks;

  /* No file is that large; saturate rather than wrap. */
  if (size > G_MAXUINT64 / 2)
    return G_MAXUINT64;
  chunks = size == 0 ? 1 : (size + SILLOK_BLOB_CHUNK_BYTES - 1) / SILLOK_BLOB_CHUNK_BYTES;

  return SILLOK_BLOB_HEADER_BYTES + chunks * SILLOK_BLOB_OVERHEAD_BYTES + size;
}

char *
sillok_blob_prepare (SillokVault  *vault,
                     const char   *name,
                     GError      **error)
{
  g_autofree char *dir = NULL;

  if (sillok_vault_get_db (vault, error) == NULL)
    return NULL;
  if (!sillok_blob_name_is_valid (name))
    {
      g_set_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_NAME,
                   _("“%s” is not the name of an attachment file"), name != NULL ? name : "");
      return NULL;
    }
  dir = sillok_vault_get_blob_dir (vault);
  return g_build_filename (dir, name, NULL);
}

static void
mark_active (const char *part,
             gboolean    active)
{
  g_mutex_lock (&active_lock);
  if (active_parts == NULL)
    active_parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (active)
    g_hash_table_add (active_parts, g_strdup (part));
  else
    g_hash_table_remove (active_parts, part);
  g_mutex_unlock (&active_lock);
}

static gboolean
is_active (const char *part)
{
  gboolean found;

  g_mutex_lock (&active_lock);
  found = active_parts != NULL && g_hash_table_contains (active_parts, part);
  g_mutex_unlock (&active_lock);
  return found;
}

/* Storing */

typedef struct
{
  char                                        *dir;
  char                                        *path;
  char                                        *part;
  int                                          fd;
  gboolean                                     renamed;
  crypto_secretstream_xchacha20poly1305_state *state;  /* guarded: holds the key */
  crypto_generichash_state                    *hash;   /* guarded: digests plaintext */
  guint8                                      *plain;  /* guarded: a chunk and one byte */
  guint8                                      *cipher; /* ciphertext not written yet */
  gsize                                        cipher_len;
} Writer;

/* Ciphertext is written in batches of 4 chunks: one write(2) per 256 KiB. */
#define WRITE_CHUNKS 4
#define CIPHER_BYTES (SILLOK_BLOB_HEADER_BYTES + WRITE_CHUNKS * (SILLOK_BLOB_CHUNK_BYTES + SILLOK_BLOB_OVERHEAD_BYTES))

static void *
guarded_alloc (gsize len)
{
  void *p = sodium_malloc (len);

  if (p == NULL)
    g_error ("cannot allocate %" G_GSIZE_FORMAT " bytes of guarded memory", len);
  return p;
}

/* Undoes whatever the store did on disk, and frees. */
static void
writer_free (Writer *w)
{
  if (w->fd >= 0)
    close (w->fd);
  if (w->part != NULL)
    {
      unlink (w->part);
      mark_active (w->part, FALSE);
    }
  if (w->renamed)
    {
      unlink (w->path);
      sillok_fs_sync_dir (w->dir, NULL);
    }
  g_free (w->dir);
  g_free (w->path);
  g_free (w->part);
  g_clear_pointer (&w->state, sodium_free);
  g_clear_pointer (&w->hash, sodium_free);
  g_clear_pointer (&w->plain, sodium_free);
  g_free (w->cipher);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Writer, writer_free)

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

static gboolean
flush (Writer  *w,
       GError **error)
{
  gsize len = w->cipher_len;

  w->cipher_len = 0;
  return len == 0 || sillok_fs_write_all (w->fd, w->cipher, len, "blob-write", error);
}

/* Room for a chunk's ciphertext at the end of w->cipher, written out first
 * when there is none. */
static guint8 *
cipher_room (Writer  *w,
             GError **error)
{
  if (CIPHER_BYTES - w->cipher_len < SILLOK_BLOB_CHUNK_BYTES + SILLOK_BLOB_OVERHEAD_BYTES && !flush (w, error))
    return NULL;
  return w->cipher + w->cipher_len;
}

/* Creates <name>.part under a fresh random name. */
static Writer *
writer_new (SillokVault  *vault,
            char        **name,
            GError      **error)
{
  g_autoptr(Writer) w = g_new0 (Writer, 1);
  guint8 rnd[SILLOK_BLOB_NAME_CHARS / 2];
  char hex[SILLOK_BLOB_NAME_CHARS + 1];

  w->fd = -1;
  randombytes_buf (rnd, sizeof rnd);
  sodium_bin2hex (hex, sizeof hex, rnd, sizeof rnd);
  w->path = sillok_blob_prepare (vault, hex, error);
  if (w->path == NULL)
    return NULL;
  w->dir = sillok_vault_get_blob_dir (vault);
  w->part = g_strconcat (w->path, SILLOK_BLOB_PART_SUFFIX, NULL);
  w->fd = open (w->part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (w->fd < 0)
    {
      sillok_fs_set_errno (error, errno, w->part);
      g_clear_pointer (&w->part, g_free);
      return NULL;
    }
  mark_active (w->part, TRUE);
  w->state = guarded_alloc (sizeof *w->state);
  w->hash = guarded_alloc (sizeof *w->hash);
  w->plain = guarded_alloc (SILLOK_BLOB_CHUNK_BYTES + 1);
  w->cipher = g_malloc (CIPHER_BYTES);
  *name = g_strdup (hex);
  return g_steal_pointer (&w);
}

/* The input's size when it is a file, else 0 (unknown). */
static guint64
input_size (GInputStream *input,
            GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;

  if (!G_IS_FILE_INPUT_STREAM (input))
    return 0;
  info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (input), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    return 0;
  return g_file_info_get_size (info);
}

/* The next chunk of @input into w->plain.  A chunk is final when reading
 * one byte more than a chunk finds the end; that byte, kept in w->plain
 * with *@carry 1, starts the next chunk. */
static gboolean
read_chunk (Writer        *w,
            GInputStream  *input,
            gsize         *carry,
            gsize         *chunk_len,
            gboolean      *final,
            GCancellable  *cancellable,
            GError       **error)
{
  gsize n = 0, len = *carry;

  if (len > 0)
    w->plain[0] = w->plain[SILLOK_BLOB_CHUNK_BYTES];
  if (!g_input_stream_read_all (input, w->plain + len, SILLOK_BLOB_CHUNK_BYTES + 1 - len, &n, cancellable, error))
    return FALSE;
  len += n;
  *final = len <= SILLOK_BLOB_CHUNK_BYTES;
  *chunk_len = *final ? len : SILLOK_BLOB_CHUNK_BYTES;
  *carry = *final ? 0 : 1;
  return TRUE;
}

/* The next chunk of a read-ahead @input where it lies, so that the
 * plaintext is not copied once more: in place when the chunk lies in one
 * block (blocks are whole chunks), else gathered into w->plain. */
static gboolean
borrow_chunk (Writer         *w,
              GInputStream   *input,
              const guint8  **chunk,
              gsize          *chunk_len,
              gboolean       *final,
              GCancellable   *cancellable,
              GError        **error)
{
  const guint8 *data;
  gsize len, got;
  gboolean end;

  if (!sillok_pipe_read_ahead_borrow (input, SILLOK_BLOB_CHUNK_BYTES, &data, &len, &end, cancellable, error))
    return FALSE;
  if (len == SILLOK_BLOB_CHUNK_BYTES || end)
    {
      *chunk = data;
      *chunk_len = len;
      *final = end;
      return TRUE;
    }
  memcpy (w->plain, data, len);
  for (got = len; got < SILLOK_BLOB_CHUNK_BYTES && !end; got += len)
    {
      if (!sillok_pipe_read_ahead_borrow (input, SILLOK_BLOB_CHUNK_BYTES - got, &data, &len, &end, cancellable,
                                          error))
        return FALSE;
      memcpy (w->plain + got, data, len);
    }
  *chunk = w->plain;
  *chunk_len = got;
  *final = end;
  return TRUE;
}

/* Encrypts @input chunk by chunk; the last chunk is tagged final. */
static gboolean
encrypt_input (Writer              *w,
               SillokSecret        *key,
               gboolean             hash,
               GInputStream        *input,
               SillokProgressFunc   progress,
               gpointer             progress_data,
               guint64             *size,
               GCancellable        *cancellable,
               GError             **error)
{
  guint64 total = input_size (input, cancellable), done = 0;
  gboolean ahead = sillok_pipe_is_read_ahead (input);
  gsize carry = 0;

  crypto_secretstream_xchacha20poly1305_init_push (w->state, w->cipher, sillok_secret_get_data (key));
  w->cipher_len = SILLOK_BLOB_HEADER_BYTES;
  crypto_generichash_init (w->hash, NULL, 0, SILLOK_BLOB_HASH_BYTES);
  for (;;)
    {
      const guint8 *chunk = w->plain;
      gsize chunk_len;
      unsigned long long clen = 0;
      gboolean final;
      guint8 *out;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (ahead ? !borrow_chunk (w, input, &chunk, &chunk_len, &final, cancellable, error)
                : !read_chunk (w, input, &carry, &chunk_len, &final, cancellable, error))
        return FALSE;
      if (hash)
        crypto_generichash_update (w->hash, chunk, chunk_len);
      out = cipher_room (w, error);
      if (out == NULL)
        return FALSE;
      crypto_secretstream_xchacha20poly1305_push (w->state, out, &clen, chunk, chunk_len, NULL, 0,
                                                  final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                                        : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
      w->cipher_len += clen;
      done += chunk_len;
      if (progress != NULL)
        progress (done, total != 0 ? MAX (total, done) : 0, progress_data);
      if (final)
        break;
    }
  *size = done;
  return flush (w, error);
}

/* fsync, rename to the final name, fsync the folder. */
static gboolean
commit (Writer        *w,
        GCancellable  *cancellable,
        GError       **error)
{
  int fd = w->fd;

  w->fd = -1;
  if (fsync (fd) != 0)
    {
      sillok_fs_set_errno (error, errno, w->part);
      close (fd);
      return FALSE;
    }
  if (injected ("blob-after-fsync", w->part, error))
    {
      close (fd);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      sillok_fs_set_errno (error, errno, w->part);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || injected ("blob-before-rename", w->part, error))
    return FALSE;
  if (rename (w->part, w->path) != 0)
    {
      sillok_fs_set_errno (error, errno, w->path);
      return FALSE;
    }
  w->renamed = TRUE;
  mark_active (w->part, FALSE);
  g_clear_pointer (&w->part, g_free);
  if (injected ("blob-after-rename", w->path, error) || !sillok_fs_sync_dir (w->dir, error))
    return FALSE;
  w->renamed = FALSE;
  return TRUE;
}

static SillokBlob *
store (SillokVault        *vault,
       GInputStream       *input,
       const char         *b2,
       SillokProgressFunc  progress,
       gpointer            progress_data,
       GCancellable       *cancellable,
       GError            **error)
{
  g_autoptr(Writer) w = NULL;
  g_autoptr(SillokSecret) key = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 digest[SILLOK_BLOB_HASH_BYTES];
  char hex[2 * SILLOK_BLOB_HASH_BYTES + 1];
  guint64 size = 0;

  w = writer_new (vault, &name, error);
  if (w == NULL)
    return NULL;
  key = sillok_secret_new (SILLOK_BLOB_KEY_BYTES);
  crypto_secretstream_xchacha20poly1305_keygen (sillok_secret_get_data (key));
  if (!encrypt_input (w, key, b2 == NULL, input, progress, progress_data, &size, cancellable, &local_error)
      || !commit (w, cancellable, &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("The attachment was not stored: "));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (b2 != NULL)
    return sillok_blob_new (name, key, size, b2);
  crypto_generichash_final (w->hash, digest, sizeof digest);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return sillok_blob_new (name, key, size, hex);
}

SillokBlob *
sillok_blob_store (SillokVault        *vault,
                   GInputStream       *input,
                   SillokProgressFunc  progress,
                   gpointer            progress_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);

  return store (vault, input, NULL, progress, progress_data, cancellable, error);
}

SillokBlob *
sillok_blob_store_hashed (SillokVault   *vault,
                          GInputStream  *input,
                          const char    *b2,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);
  g_return_val_if_fail (b2 != NULL, NULL);

  return store (vault, input, b2, NULL, NULL, cancellable, error);
}

/* Reading back */

gboolean
sillok_blob_verify (SillokVault       *vault,
                    const SillokBlob  *blob,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_autoptr(GInputStream) stream = NULL;
  guint8 *buf;
  gboolean ok = TRUE;

  g_return_val_if_fail (SILLOK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (blob != NULL && blob->b2 != NULL, FALSE);

  stream = sillok_blob_open (vault, blob, error);
  if (stream == NULL)
    return FALSE;
  buf = guarded_alloc (SILLOK_BLOB_CHUNK_BYTES);
  for (;;)
    {
      gssize n = g_input_stream_read (stream, buf, SILLOK_BLOB_CHUNK_BYTES, cancellable, error);

      if (n <= 0)
        {
          ok = n == 0;
          break;
        }
    }
  sodium_free (buf);
  return ok && g_input_stream_close (stream, cancellable, error);
}

/* Deleting and listing */

gboolean
sillok_blob_delete (SillokVault  *vault,
                    const char   *name,
                    GError      **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (SILLOK_IS_VAULT (vault), FALSE);

  path = sillok_blob_prepare (vault, name, error);
  if (path == NULL)
    return FALSE;
  if (unlink (path) != 0)
    {
      if (errno == ENOENT)
        g_set_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_MISSING,
                     _("Attachment file %s is missing from the vault"), name);
      else
        sillok_fs_set_errno (error, errno, path);
      return FALSE;
    }
  dir = sillok_vault_get_blob_dir (vault);
  return sillok_fs_sync_dir (dir, error);
}

/* A leftover <name>.part that no store of this process is writing. */
static gboolean
is_stale_part (const char *dir,
               const char *entry)
{
  g_autofree char *stem = NULL;
  g_autofree char *path = NULL;

  if (!g_str_has_suffix (entry, SILLOK_BLOB_PART_SUFFIX)
      || strlen (entry) != SILLOK_BLOB_NAME_CHARS + strlen (SILLOK_BLOB_PART_SUFFIX))
    return FALSE;
  stem = g_strndup (entry, SILLOK_BLOB_NAME_CHARS);
  path = g_build_filename (dir, entry, NULL);
  return sillok_blob_name_is_valid (stem) && !is_active (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

GStrv
sillok_blob_list (SillokVault  *vault,
                  gboolean      clean_parts,
                  GError      **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean cleaned = FALSE;
  struct dirent *ent;
  DIR *d;

  g_return_val_if_fail (SILLOK_IS_VAULT (vault), NULL);

  if (sillok_vault_get_db (vault, error) == NULL)
    return NULL;
  dir = sillok_vault_get_blob_dir (vault);
  d = opendir (dir);
  if (d == NULL)
    {
      sillok_fs_set_errno (error, errno, dir);
      return NULL;
    }
  while ((errno = 0, ent = readdir (d)) != NULL)
    {
      struct stat st;

      if (fstatat (dirfd (d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG (st.st_mode))
        continue;
      if (sillok_blob_name_is_valid (ent->d_name))
        g_ptr_array_add (names, g_strdup (ent->d_name));
      else if (clean_parts && is_stale_part (dir, ent->d_name)
               && unlinkat (dirfd (d), ent->d_name, 0) == 0)
        cleaned = TRUE;
    }
  if (errno != 0)
    {
      sillok_fs_set_errno (error, errno, dir);
      closedir (d);
      return NULL;
    }
  closedir (d);
  if (cleaned && !sillok_fs_sync_dir (dir, error))
    return NULL;
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
