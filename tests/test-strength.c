/* test-strength.c: the passphrase strength hint
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok/sillok.h"
#include "sillok-test-utils.h"

typedef struct
{
  const char         *passphrase;
  SillokStrengthLevel level;
  SillokStrengthHint  hint;
} Case;

static void
check_cases (const Case *cases,
             gsize       n)
{
  for (gsize i = 0; i < n; i++)
    {
      SillokStrength s;

      sillok_strength_estimate (cases[i].passphrase, &s);
      g_test_message ("“%s”: level %d, hint %d, %.1f bits", cases[i].passphrase, s.level, s.hint, s.bits);
      g_assert_cmpint (s.level, ==, cases[i].level);
      g_assert_cmpint (s.hint, ==, cases[i].hint);
    }
}

static void
test_empty (void)
{
  SillokStrength s = { SILLOK_STRENGTH_STRONG, SILLOK_STRENGTH_HINT_STRONG, 99 };

  sillok_strength_estimate ("", &s);
  g_assert_cmpint (s.level, ==, SILLOK_STRENGTH_EMPTY);
  g_assert_cmpint (s.hint, ==, SILLOK_STRENGTH_HINT_EMPTY);
  g_assert_cmpfloat (s.bits, ==, 0);

  sillok_strength_estimate (NULL, &s);
  g_assert_cmpint (s.level, ==, SILLOK_STRENGTH_EMPTY);
}

static void
test_common (void)
{
  static const Case cases[] = {
    { "password", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_COMMON },
    { "Password123!", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_COMMON },
    { "P4ssw0rd", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_COMMON },
    { "l3tm31n", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_COMMON },
    { "iloveyou2024", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_COMMON },
    { "12345678", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_COMMON },
    { "ilovesillok", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_COMMON },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_short (void)
{
  static const Case cases[] = {
    { "a", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_TOO_SHORT },
    { "xK9#mQ2", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_TOO_SHORT },
    { "산에들에꽃", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_TOO_SHORT },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_patterns (void)
{
  static const Case cases[] = {
    { "aaaaaaaaaaaaaaaa", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_PATTERN },
    { "abcdefghij", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_PATTERN },
    { "abcd1234efgh", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_PATTERN },
    { "zyxwvutsrq", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_PATTERN },
    { "poiuytrewq", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_PATTERN },
    { "lkjhgfdsa;", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_PATTERN },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_levels (void)
{
  static const Case cases[] = {
    { "mountain", SILLOK_STRENGTH_WEAK, SILLOK_STRENGTH_HINT_WEAK },
    { "kimchi2024", SILLOK_STRENGTH_FAIR, SILLOK_STRENGTH_HINT_FAIR },
    { "Tr0ub4dor&3", SILLOK_STRENGTH_GOOD, SILLOK_STRENGTH_HINT_GOOD },
    { "xK9#mQ2$vL", SILLOK_STRENGTH_GOOD, SILLOK_STRENGTH_HINT_GOOD },
    { "correct horse battery staple", SILLOK_STRENGTH_STRONG, SILLOK_STRENGTH_HINT_STRONG },
    { "river lantern quietly orbit", SILLOK_STRENGTH_STRONG, SILLOK_STRENGTH_HINT_STRONG },
    { "우리집강아지이름은바둑이", SILLOK_STRENGTH_STRONG, SILLOK_STRENGTH_HINT_STRONG },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* Longer never scores lower when the added part is fresh. */
static void
test_monotonic (void)
{
  static const char *const steps[] = {
    "river", "river lan", "river lantern", "river lantern quie", "river lantern quietly orbit",
  };
  SillokStrength prev = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      SillokStrength s;

      sillok_strength_estimate (steps[i], &s);
      g_assert_cmpint (s.level, >=, prev.level);
      g_assert_cmpfloat (s.bits, >, prev.bits);
      prev = s;
    }
}

static void
test_invalid_utf8 (void)
{
  SillokStrength s;

  /* A stray byte is counted, never read past. */
  sillok_strength_estimate ("\xff\xfe\xfd", &s);
  g_assert_cmpint (s.level, ==, SILLOK_STRENGTH_WEAK);
  g_assert_cmpint (s.hint, ==, SILLOK_STRENGTH_HINT_TOO_SHORT);
  sillok_strength_estimate ("abc\xe2\x82", &s);
  g_assert_cmpint (s.level, ==, SILLOK_STRENGTH_WEAK);
}

static void
test_hint_strings (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (SillokStrengthHint h = SILLOK_STRENGTH_HINT_EMPTY; h <= SILLOK_STRENGTH_HINT_STRONG; h++)
    {
      const char *text = sillok_strength_hint_to_string (h);

      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (text), >, 10);
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, (gpointer) text);
    }
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/strength/empty", test_empty);
  g_test_add_func ("/strength/common", test_common);
  g_test_add_func ("/strength/short", test_short);
  g_test_add_func ("/strength/patterns", test_patterns);
  g_test_add_func ("/strength/levels", test_levels);
  g_test_add_func ("/strength/monotonic", test_monotonic);
  g_test_add_func ("/strength/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/strength/hint-strings", test_hint_strings);

  return g_test_run ();
}
