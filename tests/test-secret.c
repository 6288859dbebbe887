/* test-secret.c: guarded secrets and reading them from descriptors
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>
#include <unistd.h>

#include "sillok/sillok.h"
#include "sillok-test-utils.h"

static int
pipe_with (const char *text)
{
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], text, strlen (text)), ==, (gssize) strlen (text));
  close (fds[1]);
  return fds[0];
}

static void
test_basics (void)
{
  g_autoptr(SillokSecret) a = sillok_secret_new_from_string ("비밀 passphrase");
  g_autoptr(SillokSecret) b = sillok_secret_dup (a);
  g_autoptr(SillokSecret) c = sillok_secret_new_from_string ("other");
  g_autoptr(SillokSecret) zero = sillok_secret_new (16);

  g_assert_cmpuint (sillok_secret_get_length (a), ==, strlen ("비밀 passphrase"));
  g_assert_cmpstr (sillok_secret_get_string (a), ==, "비밀 passphrase");
  g_assert_true (sillok_secret_equal (a, b));
  g_assert_false (sillok_secret_equal (a, c));
  for (int i = 0; i < 17; i++)
    g_assert_cmpint (sillok_secret_get_data (zero)[i], ==, 0);
}

static void
test_read_lines (void)
{
  g_autoptr(GError) error = NULL;
  int fd = pipe_with ("first line\r\nsecond\nthird-without-newline");
  g_autoptr(SillokSecret) one = sillok_secret_read_line (fd, &error);
  g_autoptr(SillokSecret) two = sillok_secret_read_line (fd, &error);
  g_autoptr(SillokSecret) three = sillok_secret_read_line (fd, &error);
  g_autoptr(SillokSecret) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sillok_secret_get_string (one), ==, "first line");
  g_assert_cmpstr (sillok_secret_get_string (two), ==, "second");
  g_assert_cmpstr (sillok_secret_get_string (three), ==, "third-without-newline");

  none = sillok_secret_read_line (fd, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  close (fd);
}

static void
test_read_bad_fd_and_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (5000, 'x');
  int fd;

  g_assert_null (sillok_secret_read_line (987, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "987"));
  g_clear_error (&error);

  fd = pipe_with (huge);
  g_assert_null (sillok_secret_read_line (fd, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  close (fd);
}

static void
test_prompt_needs_terminal (void)
{
  g_autoptr(GError) error = NULL;
  int saved = dup (STDIN_FILENO);
  int fd = pipe_with ("x\n");

  dup2 (fd, STDIN_FILENO);
  g_assert_null (sillok_secret_prompt ("Passphrase: ", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  dup2 (saved, STDIN_FILENO);
  close (saved);
  close (fd);
}

static void
test_core_dumps_disabled (void)
{
  g_assert_true (sillok_core_dumps_disabled ());
}

int
main (int argc, char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/secret/basics", test_basics);
  g_test_add_func ("/secret/read-lines", test_read_lines);
  g_test_add_func ("/secret/read-errors", test_read_bad_fd_and_too_long);
  g_test_add_func ("/secret/prompt-needs-terminal", test_prompt_needs_terminal);
  g_test_add_func ("/secret/core-dumps-disabled", test_core_dumps_disabled);
  return g_test_run ();
}
