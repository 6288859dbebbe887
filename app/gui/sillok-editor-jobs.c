/* sillok-editor-jobs.c: what the editor asks of the vault, as session jobs
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sillok/sillok-linkage.h"
#include "sillok/sillok-seal.h"
#include "sillok-editor-jobs.h"
#include "sillok-seal-preview.h"

typedef struct
{
  char   *uuid;
  char   *text;       /* language, reason, section or sensitivity */
  char   *op;
  guint   a, b;
  gsize   max;
  GFile  *file;
} Args;

static void
args_free (Args *args)
{
  g_free (args->uuid);
  g_free (args->text);
  g_free (args->op);
  g_clear_object (&args->file);
  g_free (args);
}

static Args *
args_new (const char *uuid,
          const char *text)
{
  Args *args = g_new0 (Args, 1);

  args->uuid = g_strdup (uuid);
  args->text = g_strdup (text);
  return args;
}

void
sillok_loaded_free (SillokLoaded *loaded)
{
  g_clear_pointer (&loaded->record, sillok_record_unref);
  g_clear_pointer (&loaded->needles, g_ptr_array_unref);
  g_free (loaded);
}

void
sillok_seal_check_free (SillokSealCheck *check)
{
  g_clear_pointer (&check->missing, g_ptr_array_unref);
  g_clear_pointer (&check->preview, g_ptr_array_unref);
  g_free (check->signer);
  g_free (check->key_id);
  g_free (check);
}

static gpointer
load_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Args *args = data;
  SillokRecord *record = sillok_record_load (vault, args->uuid, 0, error);
  SillokLoaded *loaded;

  if (record == NULL)
    return NULL;
  loaded = g_new0 (SillokLoaded, 1);
  loaded->record = record;
  loaded->needles = sillok_seal_narrative_needles (record);
  return loaded;
}

void
sillok_editor_job_load (SillokSession       *session,
                        const char          *uuid,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  sillok_session_run_async (session, load_job, args_new (uuid, NULL), (GDestroyNotify) args_free,
                            (GDestroyNotify) sillok_loaded_free, NULL, callback, user_data);
}

static GPtrArray *
missing_rows (SillokRecord *record,
              const char   *language)
{
  SillokTemplate *template = sillok_record_get_template (record);
  g_autoptr(GPtrArray) paths = sillok_record_missing_for_seal (record);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_preview_row_free);

  for (guint i = 0; i < paths->len; i++)
    {
      SillokPreviewRow *row = g_new0 (SillokPreviewRow, 1);
      SillokFieldPath fp;

      row->value = g_strdup (paths->pdata[i]);
      if (sillok_template_parse_path (template, paths->pdata[i], &fp, NULL))
        {
          row->label = g_strdup (sillok_text_get (&fp.field->label, language));
          row->section = fp.index < 0 ? g_strdup (sillok_text_get (&fp.section->title, language))
                                      : g_strdup_printf (_("%s: entry %d"),
                                                         sillok_text_get (&fp.section->title, language),
                                                         fp.index + 1);
        }
      else
        row->label = g_strdup (paths->pdata[i]);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static gpointer
check_seal_job (SillokVault   *vault,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Args *args = data;
  g_autoptr(SillokRecord) record = sillok_record_load (vault, args->uuid, 0, error);
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *sealed_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  SillokSealCheck *check;

  if (record == NULL)
    return NULL;
  check = g_new0 (SillokSealCheck, 1);
  check->missing = missing_rows (record, args->text);
  check->signer = g_strdup (sillok_vault_get_name (vault));
  check->key_id = sillok_vault_get_key_id (vault);
  if (check->missing->len > 0)
    return check;
  /* The same key sealing will use: the pseudonym shown is the one signed. */
  key = sillok_linkage_key_get (vault, error);
  if (key != NULL)
    check->preview = sillok_seal_preview_build (record, key, sealed_at, args->text, error);
  if (check->preview == NULL)
    {
      sillok_seal_check_free (check);
      return NULL;
    }
  return check;
}

void
sillok_editor_job_check_seal (SillokSession       *session,
                              const char          *uuid,
                              const char          *language,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  sillok_session_run_async (session, check_seal_job, args_new (uuid, language), (GDestroyNotify) args_free,
                            (GDestroyNotify) sillok_seal_check_free, NULL, callback, user_data);
}

static gpointer
seal_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Args *args = data;

  return sillok_record_seal (vault, args->uuid, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
sillok_editor_job_seal (SillokSession       *session,
                        const char          *uuid,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  sillok_session_run_async (session, seal_job, args_new (uuid, NULL), (GDestroyNotify) args_free, NULL, NULL,
                            callback, user_data);
}

static gpointer
amend_job (SillokVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Args *args = data;
  guint version = sillok_record_amend (vault, args->uuid, args->text, error);

  return version > 0 ? GUINT_TO_POINTER (version) : NULL;
}

void
sillok_editor_job_amend (SillokSession       *session,
                         const char          *uuid,
                         const char          *reason,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  sillok_session_run_async (session, amend_job, args_new (uuid, reason), (GDestroyNotify) args_free, NULL, NULL,
                            callback, user_data);
}

static gpointer
entry_job (SillokVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Args *args = data;
  gboolean ok;

  if (g_str_equal (args->op, "add"))
    ok = sillok_record_add_entry (vault, args->uuid, args->text, error) >= 0;
  else if (g_str_equal (args->op, "remove"))
    ok = sillok_record_remove_entry (vault, args->uuid, args->text, args->a, error);
  else
    ok = sillok_record_move_entry (vault, args->uuid, args->text, args->a, args->b, error);
  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

void
sillok_editor_job_entry (SillokSession       *session,
                         const char          *uuid,
                         const char          *op,
                         const char          *section,
                         guint                a,
                         guint                b,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Args *args = args_new (uuid, section);

  args->op = g_strdup (op);
  args->a = a;
  args->b = b;
  sillok_session_run_async (session, entry_job, args, (GDestroyNotify) args_free, NULL, NULL, callback, user_data);
}

static gpointer
attach_job (SillokVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Args *args = data;
  g_autoptr(GFileInfo) info = g_file_query_info (args->file,
                                                 G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                                                 G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, error);
  g_autoptr(GFileInputStream) input = NULL;
  g_autofree char *media_type = NULL;

  if (info == NULL)
    return NULL;
  input = g_file_read (args->file, cancellable, error);
  if (input == NULL)
    return NULL;
  media_type = g_content_type_get_mime_type (g_file_info_get_content_type (info));
  if (!sillok_record_attach (vault, args->uuid, G_INPUT_STREAM (input), g_file_info_get_display_name (info),
                             media_type != NULL ? media_type : "application/octet-stream", args->text, NULL, NULL,
                             cancellable, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
sillok_editor_job_attach (SillokSession       *session,
                          const char          *uuid,
                          GFile               *file,
                          const char          *sensitivity,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Args *args = args_new (uuid, sensitivity);

  args->file = g_object_ref (file);
  sillok_session_run_async (session, attach_job, args, (GDestroyNotify) args_free, NULL, NULL, callback, user_data);
}

static gpointer
detach_job (SillokVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Args *args = data;

  return sillok_record_detach (vault, args->uuid, args->a, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
sillok_editor_job_detach (SillokSession       *session,
                          const char          *uuid,
                          guint                n,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Args *args = args_new (uuid, NULL);

  args->a = n;
  sillok_session_run_async (session, detach_job, args, (GDestroyNotify) args_free, NULL, NULL, callback, user_data);
}

/* GTK 4.8's GStreamer backend plays only files: a GtkMediaFile made from
 * an input stream aborts the process.  So a recording is decrypted into an
 * anonymous file in memory (memfd_create(), on no file system) and handed
 * to GTK as /proc/self/fd/N, which no other process of the user may open
 * (Sillok is not dumpable).  The file is wiped, emptied and closed when the
 * GFile naming it is freed, that is when the media stream playing it is. */
typedef struct
{
  int   fd;
  gsize size;
} MemoryFile;

/* Wiped, then emptied: GTK 4.8's GStreamer backend now and then keeps a
 * player, and its own descriptor of this file, after the media stream is
 * gone (its pipeline outlives the player object), and the file's memory is
 * only freed once the file is empty or nobody holds it. */
static void
memory_file_free (MemoryFile *mf)
{
  if (mf->size > 0)
    {
      void *map = mmap (NULL, mf->size, PROT_READ | PROT_WRITE, MAP_SHARED, mf->fd, 0);

      if (map != MAP_FAILED)
        {
          sodium_memzero (map, mf->size);
          munmap (map, mf->size);
        }
      if (ftruncate (mf->fd, 0) != 0)
        g_warning ("Cannot empty the memory file of a played attachment: %s", g_strerror (errno));
    }
  close (mf->fd);
  g_free (mf);
}

static gpointer
open_attachment_job (SillokVault   *vault,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  Args *args = data;
  g_autoptr(GInputStream) in = sillok_record_open_attachment (vault, args->uuid, args->b, args->a, error);
  g_autofree char *path = NULL;
  MemoryFile *mf;
  GFile *file;
  guint8 buf[65536];
  gssize n = 0;

  if (in == NULL)
    return NULL;
  mf = g_new0 (MemoryFile, 1);
  mf->fd = memfd_create ("sillok-attachment", MFD_CLOEXEC);
  if (mf->fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "memfd_create: %s", g_strerror (saved));
      g_free (mf);
      return NULL;
    }
  while ((n = g_input_stream_read (in, buf, sizeof buf, cancellable, error)) > 0)
    {
      for (gssize done = 0; done < n;)
        {
          gssize w = write (mf->fd, buf + done, n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              int saved = errno;

              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
              n = -1;
              break;
            }
          done += w;
          mf->size += w;
        }
      if (n < 0)
        break;
    }
  sodium_memzero (buf, sizeof buf);
  if (n < 0)
    {
      memory_file_free (mf);
      return NULL;
    }
  path = g_strdup_printf ("/proc/self/fd/%d", mf->fd);
  file = g_file_new_for_path (path);
  g_object_set_data_full (G_OBJECT (file), "sillok-memory-file", mf, (GDestroyNotify) memory_file_free);
  return file;
}

static gpointer
read_attachment_job (SillokVault   *vault,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  Args *args = data;
  g_autoptr(GInputStream) in = sillok_record_open_attachment (vault, args->uuid, args->b, args->a, error);
  GByteArray *out;
  guint8 buf[65536];
  gssize n = 0;

  if (in == NULL)
    return NULL;
  out = g_byte_array_new ();
  while ((n = g_input_stream_read (in, buf, sizeof buf, cancellable, error)) > 0)
    {
      if (out->len + (gsize) n > args->max)
        {
          g_autofree char *limit = g_format_size (args->max);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("The file is too large to show here (more than %s)"), limit);
          n = -1;
          break;
        }
      g_byte_array_append (out, buf, n);
    }
  sodium_memzero (buf, sizeof buf);
  if (n < 0)
    {
      sodium_memzero (out->data, out->len);
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}

void
sillok_editor_job_read_attachment (SillokSession       *session,
                                   const char          *uuid,
                                   guint                version,
                                   guint                n,
                                   gsize                max,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Args *args = args_new (uuid, NULL);

  args->a = n;
  args->b = version;
  args->max = max;
  sillok_session_run_async (session, read_attachment_job, args, (GDestroyNotify) args_free,
                            (GDestroyNotify) g_bytes_unref, NULL, callback, user_data);
}

void
sillok_editor_job_open_attachment (SillokSession       *session,
                                   const char          *uuid,
                                   guint                version,
                                   guint                n,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Args *args = args_new (uuid, NULL);

  args->a = n;
  args->b = version;
  sillok_session_run_async (session, open_attachment_job, args, (GDestroyNotify) args_free, g_object_unref, NULL,
                            callback, user_data);
}
