/* test-idle.c: when an idle vault locks itself
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-idle.h"

#define S ((gint64) G_USEC_PER_SEC)
#define MIN_US (60 * S)

static void
test_off (void)
{
  g_assert_cmpint (sillok_idle_time_left (0, 10 * S, 0), ==, -1);
  g_assert_cmpint (sillok_idle_time_left (0, G_MAXINT64 / 2, 0), ==, -1);
  g_assert_cmpint (sillok_idle_time_left (0, 10 * S, -5), ==, -1);
}

static void
test_counting_down (void)
{
  g_assert_cmpint (sillok_idle_time_left (100 * S, 100 * S, 5 * MIN_US), ==, 5 * MIN_US);
  g_assert_cmpint (sillok_idle_time_left (100 * S, 160 * S, 5 * MIN_US), ==, 4 * MIN_US);
  g_assert_cmpint (sillok_idle_time_left (100 * S, 100 * S + 5 * MIN_US - 1, 5 * MIN_US), ==, 1);
}

static void
test_due (void)
{
  g_assert_cmpint (sillok_idle_time_left (100 * S, 100 * S + 5 * MIN_US, 5 * MIN_US), ==, 0);
  /* Long past due, as after a suspend. */
  g_assert_cmpint (sillok_idle_time_left (100 * S, 100 * S + 600 * MIN_US, 5 * MIN_US), ==, 0);
}

static void
test_input_resets (void)
{
  gint64 timeout = 5 * MIN_US;
  gint64 last = 0;

  /* Four minutes idle, then a key press: a full timeout again. */
  g_assert_cmpint (sillok_idle_time_left (last, 4 * MIN_US, timeout), ==, 1 * MIN_US);
  last = 4 * MIN_US;
  g_assert_cmpint (sillok_idle_time_left (last, 4 * MIN_US, timeout), ==, timeout);
  g_assert_cmpint (sillok_idle_time_left (last, 8 * MIN_US, timeout), ==, 1 * MIN_US);
  g_assert_cmpint (sillok_idle_time_left (last, 9 * MIN_US, timeout), ==, 0);
}

static void
test_input_after_now (void)
{
  /* An input stamped a moment after "now" is input now, not negative idleness. */
  g_assert_cmpint (sillok_idle_time_left (101 * S, 100 * S, 5 * MIN_US), ==, 5 * MIN_US);
}

static void
test_minutes (void)
{
  g_assert_cmpint (sillok_idle_timeout_from_minutes (0), ==, 0);
  g_assert_cmpint (sillok_idle_timeout_from_minutes (5), ==, 5 * MIN_US);
  g_assert_cmpint (sillok_idle_timeout_from_minutes (240), ==, 240 * MIN_US);
  g_assert_cmpint (sillok_idle_timeout_from_minutes (G_MAXUINT), ==, (gint64) G_MAXUINT * MIN_US);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/idle/off", test_off);
  g_test_add_func ("/idle/counting-down", test_counting_down);
  g_test_add_func ("/idle/due", test_due);
  g_test_add_func ("/idle/input-resets", test_input_resets);
  g_test_add_func ("/idle/input-after-now", test_input_after_now);
  g_test_add_func ("/idle/minutes", test_minutes);

  return g_test_run ();
}
