/* test-localedir.c: SILLOK_LOCALEDIR points uninstalled runs at the build's catalogues
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <libintl.h>

#include "sillok/sillok.h"
#include "sillok-test-utils.h"

static char *build_localedir;

static void
test_bound (void)
{
  g_assert_cmpstr (bindtextdomain (GETTEXT_PACKAGE, NULL), ==, build_localedir);
}

static void
test_korean (void)
{
  g_autofree char *mo = g_build_filename (build_localedir, "ko", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  const char *english = "Strong: a good passphrase.";

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the Korean catalogue has not been built");
      return;
    }
  /* glibc reads LANGUAGE at the first lookup of each message when the
   * locale is not plain C. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  g_assert_cmpstr (sillok_strength_hint_to_string (SILLOK_STRENGTH_HINT_STRONG), !=, english);
  g_assert_true (g_utf8_validate (sillok_strength_hint_to_string (SILLOK_STRENGTH_HINT_STRONG), -1, NULL));
}

int
main (int    argc,
      char **argv)
{
  const char *root = g_getenv ("SILLOK_BUILD_ROOT");
  int ret;

  build_localedir = g_build_filename (root != NULL ? root : ".", "po", NULL);
  /* Before sillok_init(), which binds the catalogue once. */
  g_setenv ("SILLOK_LOCALEDIR", build_localedir, TRUE);
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/localedir/bound", test_bound);
  g_test_add_func ("/localedir/korean", test_korean);

  ret = g_test_run ();
  g_free (build_localedir);
  return ret;
}
