/* sillok-test-utils.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok-fs.h"
#include "sillok-test-utils.h"

void
sillok_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (sillok_init (&error));
  g_assert_no_error (error);
}

char *
sillok_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sillok-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
sillok_test_rmtree (const char *path)
{
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  g_assert_true (sillok_fs_remove_tree (path, &error));
  g_assert_no_error (error);
}

const char *
sillok_test_testdata_dir (void)
{
  const char *dir = g_getenv ("SILLOK_TESTDATA");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

gboolean
sillok_test_require_testdata (void)
{
  if (sillok_test_testdata_dir () != NULL)
    return TRUE;
  g_test_skip ("the conformance data ../shared/testdata is absent");
  return FALSE;
}

GBytes *
sillok_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

char *
sillok_test_hex (const guint8 *data,
                 gsize         len)
{
  GString *s = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

GBytes *
sillok_test_unhex (const char *hex)
{
  gsize len = strlen (hex);
  guint8 *out = g_malloc (len / 2 + 1);

  g_assert_cmpuint (len % 2, ==, 0);
  for (gsize i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      g_assert_cmpint (hi, >=, 0);
      g_assert_cmpint (lo, >=, 0);
      out[i] = hi << 4 | lo;
    }
  return g_bytes_new_take (out, len / 2);
}

gboolean
sillok_test_require_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);
  g_autofree char *message = NULL;

  if (path != NULL)
    return TRUE;
  message = g_strdup_printf ("%s is not installed", program);
  g_test_skip (message);
  return FALSE;
}
