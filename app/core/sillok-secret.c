/* sillok-secret.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sillok/sillok-secret.h"

/* Longest passphrase or key line accepted from a descriptor or terminal. */
#define SECRET_LINE_MAX 4096

struct _SillokSecret
{
  guint8 *data;
  gsize   len;
};

SillokSecret *
sillok_secret_new (gsize len)
{
  SillokSecret *secret = g_new0 (SillokSecret, 1);

  /* One spare byte so strings stay NUL-terminated. */
  secret->data = sodium_malloc (len + 1);
  if (secret->data == NULL)
    g_error ("cannot allocate %" G_GSIZE_FORMAT " bytes of guarded memory", len);
  sodium_memzero (secret->data, len + 1);
  secret->len = len;
  return secret;
}

SillokSecret *
sillok_secret_new_from_data (const void *data,
                             gsize       len)
{
  SillokSecret *secret = sillok_secret_new (len);

  if (len > 0)
    memcpy (secret->data, data, len);
  return secret;
}

SillokSecret *
sillok_secret_new_from_string (const char *str)
{
  g_return_val_if_fail (str != NULL, NULL);
  return sillok_secret_new_from_data (str, strlen (str));
}

static SillokSecret *
read_line_into_secret (int      fd,
                       GError **error)
{
  g_autoptr(SillokSecret) buf = sillok_secret_new (SECRET_LINE_MAX);
  gsize len = 0;
  gboolean got_any = FALSE;

  for (;;)
    {
      guint8 c;
      ssize_t r = read (fd, &c, 1);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read the passphrase from descriptor %d: %s"),
                       fd, g_strerror (saved));
          return NULL;
        }
      if (r == 0 || c == '\n')
        {
          if (r == 0 && !got_any)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No passphrase on descriptor %d"), fd);
              return NULL;
            }
          break;
        }
      got_any = TRUE;
      if (len == SECRET_LINE_MAX)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The passphrase on descriptor %d is longer than %d bytes"),
                       fd, SECRET_LINE_MAX);
          return NULL;
        }
      buf->data[len++] = c;
    }

  if (len > 0 && buf->data[len - 1] == '\r')
    len--;
  return sillok_secret_new_from_data (buf->data, len);
}

SillokSecret *
sillok_secret_read_line (int      fd,
                         GError **error)
{
  g_return_val_if_fail (fd >= 0, NULL);
  return read_line_into_secret (fd, error);
}

SillokSecret *
sillok_secret_prompt (const char  *prompt,
                      GError     **error)
{
  struct termios saved, quiet;
  SillokSecret *secret;
  int fd = STDIN_FILENO;

  if (!isatty (fd) || tcgetattr (fd, &saved) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("A passphrase is needed: give --passphrase-fd or run on a terminal"));
      return NULL;
    }

  quiet = saved;
  quiet.c_lflag &= ~(ECHO | ECHONL);
  quiet.c_lflag |= ICANON;
  if (tcsetattr (fd, TCSAFLUSH, &quiet) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot turn off terminal echo: %s"), g_strerror (saved_errno));
      return NULL;
    }

  fputs (prompt, stderr);
  fflush (stderr);
  secret = read_line_into_secret (fd, error);
  tcsetattr (fd, TCSAFLUSH, &saved);
  fputc ('\n', stderr);
  return secret;
}

guint8 *
sillok_secret_get_data (SillokSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);
  return secret->data;
}

const char *
sillok_secret_get_string (SillokSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);
  return (const char *) secret->data;
}

gsize
sillok_secret_get_length (SillokSecret *secret)
{
  g_return_val_if_fail (secret != NULL, 0);
  return secret->len;
}

gboolean
sillok_secret_equal (SillokSecret *a,
                     SillokSecret *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  if (a->len != b->len)
    return FALSE;
  return sodium_memcmp (a->data, b->data, a->len) == 0;
}

SillokSecret *
sillok_secret_dup (SillokSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);
  return sillok_secret_new_from_data (secret->data, secret->len);
}

void
sillok_secret_free (SillokSecret *secret)
{
  if (secret == NULL)
    return;
  sodium_free (secret->data);
  g_free (secret);
}
