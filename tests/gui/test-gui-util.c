/* test-gui-util.c: the helpers the widgets share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-gui-util.h"
#include "sillok-test-utils.h"

static void
check_breaks (const char *text,
              guint       columns,
              const char *expected)
{
  g_autofree char *lines = sillok_break_lines (text, columns);

  g_assert_cmpstr (lines, ==, expected);
}

static void
test_break_lines (void)
{
  /* Short enough: unchanged. */
  check_breaks ("", 20, "");
  check_breaks ("Imported before: nothing changed", 40, "Imported before: nothing changed");
  /* Between listed items first, the line break in place of the dot. */
  check_breaks ("Records added: 3 · Already present: 0 · Conflicts: 0", 40,
                "Records added: 3 · Already present: 0\nConflicts: 0");
  check_breaks ("Records added: 3 · Already present: 0 · Conflicts: 0", 18,
                "Records added: 3\nAlready present: 0\nConflicts: 0");
  /* An item too long for a line is broken between its words. */
  check_breaks ("Records added: 3 · Already present: 0 · Conflicts: 0", 16,
                "Records added: 3\nAlready present:\n0 · Conflicts: 0");
  /* Then between words; a word longer than a line stays whole. */
  check_breaks ("Rejected: the manifest signature does not verify", 20,
                "Rejected: the\nmanifest signature\ndoes not verify");
  check_breaks ("key 0123456789abcdef0123 is unknown", 10, "key\n0123456789abcdef0123\nis unknown");
  /* A path longer than a line is cut after its slashes. */
  check_breaks ("failed (records/0123456789/1/statement.json). Nothing", 20,
                "failed (records/\n0123456789/1/\nstatement.json).\nNothing");
  check_breaks ("a/b c", 2, "a/\nb\nc");
  /* Lines already there stay, each broken on its own. */
  check_breaks ("one two\nthree four five", 10, "one two\nthree four\nfive");
  /* Korean takes two columns a character. */
  check_breaks ("가져온 기록: 3 · 이미 있음: 0", 16, "가져온 기록: 3\n이미 있음: 0");
  check_breaks ("가져온 기록: 3 · 이미 있음: 0", 29, "가져온 기록: 3 · 이미 있음: 0");
  check_breaks ("가져온 기록: 3 · 이미 있음: 0", 28, "가져온 기록: 3\n이미 있음: 0");
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/gui-util/break-lines", test_break_lines);
  return g_test_run ();
}
