/* sillok-age-tool.c: drives libsillok's age module from shell tests and benchmarks
 *
 *   sillok-age-tool encrypt [-a] [-o OUT] (-r RECIPIENT… | -p FD [-w LOG2N]) [IN]
 *   sillok-age-tool decrypt [-o OUT] (-i IDENTITYFILE… | -p FD) [-m MAXLOG2N] [IN]
 *
 * Input defaults to stdin and output to stdout.  A passphrase is one line
 * read from descriptor FD, never an argument.  Exit status: 0 success,
 * 1 failure, 2 usage.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok/sillok.h"

static gboolean armor;
static char **recipients;
static char **identity_files;
static int passphrase_fd = -1;
static int work_factor = SILLOK_AGE_SCRYPT_DEFAULT_WORK_FACTOR;
static int max_work_factor = SILLOK_AGE_SCRYPT_MAX_WORK_FACTOR;
static char *output_path;

static const GOptionEntry entries[] = {
  { "armor", 'a', 0, G_OPTION_ARG_NONE, &armor, "Write ASCII armor", NULL },
  { "recipient", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &recipients, "Encrypt to RECIPIENT", "age1…" },
  { "identity", 'i', 0, G_OPTION_ARG_FILENAME_ARRAY, &identity_files, "Decrypt with the identities in FILE", "FILE" },
  { "passphrase-fd", 'p', 0, G_OPTION_ARG_INT, &passphrase_fd, "Read the passphrase from descriptor FD", "FD" },
  { "work-factor", 'w', 0, G_OPTION_ARG_INT, &work_factor, "scrypt work factor (log2 N) to encrypt with", "N" },
  { "max-work-factor", 'm', 0, G_OPTION_ARG_INT, &max_work_factor, "Highest scrypt work factor to decrypt", "N" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, "Write to FILE", "FILE" },
  { NULL }
};

/* The whole file, straight into guarded memory. */
static SillokSecret *
read_secret_file (const char  *path,
                  GError     **error)
{
  g_autoptr(SillokSecret) secret = NULL;
  struct stat st;
  gsize done = 0;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || fstat (fd, &st) != 0 || st.st_size > 1024 * 1024)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot read %s", path);
      return NULL;
    }
  secret = sillok_secret_new (st.st_size);
  while (done < (gsize) st.st_size)
    {
      ssize_t n = read (fd, sillok_secret_get_data (secret) + done, st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read %s", path);
          return NULL;
        }
      done += n;
    }
  close (fd);
  return g_steal_pointer (&secret);
}

static GInputStream *
open_input (const char  *path,
            GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL || strcmp (path, "-") == 0)
    return g_unix_input_stream_new (STDIN_FILENO, FALSE);
  file = g_file_new_for_commandline_arg (path);
  return G_INPUT_STREAM (g_file_read (file, NULL, error));
}

static GOutputStream *
open_output (GError **error)
{
  g_autoptr(GFile) file = NULL;

  if (output_path == NULL || strcmp (output_path, "-") == 0)
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  file = g_file_new_for_commandline_arg (output_path);
  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error));
}

static gboolean
encrypt (GInputStream   *input,
         GOutputStream  *output,
         GError        **error)
{
  g_autoptr(SillokAgeEncryptor) encryptor = NULL;

  if (passphrase_fd >= 0)
    {
      g_autoptr(SillokSecret) passphrase = sillok_secret_read_line (passphrase_fd, error);

      if (passphrase == NULL)
        return FALSE;
      encryptor = sillok_age_encryptor_new_for_passphrase (output, passphrase, work_factor);
    }
  else
    {
      g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (SillokAgeRecipient));

      for (guint i = 0; recipients[i] != NULL; i++)
        {
          SillokAgeRecipient r;

          if (!sillok_age_recipient_parse (recipients[i], &r, error))
            return FALSE;
          g_array_append_val (keys, r);
        }
      encryptor = sillok_age_encryptor_new_for_recipients (output, (SillokAgeRecipient *) keys->data, keys->len);
    }
  sillok_age_encryptor_set_armor (encryptor, armor);
  return sillok_age_encryptor_splice (encryptor, input, NULL, NULL, NULL, error);
}

static gboolean
decrypt (GInputStream   *input,
         GOutputStream  *output,
         GError        **error)
{
  g_autoptr(SillokAgeDecryptor) decryptor = sillok_age_decryptor_new (input);

  if (passphrase_fd >= 0)
    {
      g_autoptr(SillokSecret) passphrase = sillok_secret_read_line (passphrase_fd, error);

      if (passphrase == NULL)
        return FALSE;
      sillok_age_decryptor_add_passphrase (decryptor, passphrase);
    }
  for (guint f = 0; identity_files != NULL && identity_files[f] != NULL; f++)
    {
      g_autoptr(SillokSecret) text = read_secret_file (identity_files[f], error);
      g_autoptr(GPtrArray) identities = NULL;

      if (text == NULL)
        return FALSE;
      identities = sillok_age_identity_parse_file (sillok_secret_get_string (text),
                                                   sillok_secret_get_length (text), error);
      if (identities == NULL)
        return FALSE;
      for (guint i = 0; i < identities->len; i++)
        sillok_age_decryptor_add_identity (decryptor, g_ptr_array_index (identities, i));
    }
  sillok_age_decryptor_set_max_work_factor (decryptor, max_work_factor);
  return sillok_age_decryptor_splice (decryptor, output, NULL, NULL, NULL, error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("encrypt|decrypt [FILE]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  gboolean encrypting, ok;
  guint n_keys;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || argc > 3
      || (strcmp (argv[1], "encrypt") != 0 && strcmp (argv[1], "decrypt") != 0))
    {
      g_printerr ("usage: sillok-age-tool encrypt|decrypt [OPTION…] [FILE]%s%s\n",
                  error != NULL ? ": " : "", error != NULL ? error->message : "");
      return 2;
    }
  encrypting = strcmp (argv[1], "encrypt") == 0;
  n_keys = (passphrase_fd >= 0) + (encrypting ? (recipients != NULL) : (identity_files != NULL));
  if (n_keys == 0 || (encrypting && passphrase_fd >= 0 && recipients != NULL)
      || work_factor < 1 || work_factor > SILLOK_AGE_SCRYPT_WORK_FACTOR_LIMIT
      || max_work_factor < 1 || max_work_factor > SILLOK_AGE_SCRYPT_WORK_FACTOR_LIMIT)
    {
      g_printerr ("usage: give -r RECIPIENT… or -p FD to encrypt, -i FILE… and/or -p FD to decrypt\n");
      return 2;
    }
  if (!sillok_init (&error))
    {
      g_printerr ("sillok-age-tool: %s\n", error->message);
      return 1;
    }

  input = open_input (argv[2], &error);
  if (input != NULL)
    output = open_output (&error);
  ok = output != NULL
       && (encrypting ? encrypt (input, output, &error) : decrypt (input, output, &error))
       && g_output_stream_close (output, NULL, &error);
  if (!ok)
    {
      g_printerr ("sillok-age-tool: %s\n", error->message);
      return 1;
    }
  return 0;
}
