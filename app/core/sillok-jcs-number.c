/* sillok-jcs-number.c: numbers as ECMAScript Number::toString writes them
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok-jcs.h"
#include "sillok-jcs-private.h"

/* A double never needs more than 17 significant digits to read back. */
#define MAX_DIGITS 17

/* The @p significant digits of @x rounded to nearest (glibc's printf
 * rounds correctly) and the decimal exponent of the first digit. */
static void
round_to_digits (double x,
                 int    p,
                 char   digits[MAX_DIGITS + 1],
                 int   *exp10)
{
  char format[8];
  char text[SILLOK_JCS_NUMBER_BUFFER];
  const char *s;
  int k = 0;

  g_snprintf (format, sizeof format, "%%.%de", p - 1);
  g_ascii_formatd (text, sizeof text, format, x);
  for (s = text; *s != 'e'; s++)
    if (g_ascii_isdigit (*s))
      digits[k++] = *s;
  digits[k] = '\0';
  *exp10 = atoi (s + 1);
}

static double
digits_value (const char *digits,
              int         exp10)
{
  char text[SILLOK_JCS_NUMBER_BUFFER];

  g_snprintf (text, sizeof text, "0.%se%d", digits, exp10 + 1);
  return g_ascii_strtod (text, NULL);
}

/* Moves @digits one unit in the last place up or down, staying at the
 * same number of digits (100 − 1 unit is 99.9, written "999"). */
static void
step_digits (char *digits,
             int   k,
             int  *exp10,
             int   direction)
{
  int i = k - 1;

  if (direction > 0)
    {
      while (i >= 0 && digits[i] == '9')
        digits[i--] = '0';
      if (i < 0)
        {
          digits[0] = '1';
          (*exp10)++;
        }
      else
        digits[i]++;
      return;
    }
  while (digits[i] == '0')
    digits[i--] = '9';
  digits[i]--;
  if (digits[0] == '0')
    {
      memmove (digits, digits + 1, k - 1);
      digits[k - 1] = '9';
      (*exp10)--;
    }
}

/* Whether some @p-digit decimal reads back to @x > 0, and if so the
 * closest one (ECMA-262 Note 2) in @digits.  The correctly rounded
 * candidate is the closest; next to a power of two the gap below @x is half
 * the gap above, so when that candidate falls just outside, its neighbour
 * on the other side of @x may still read back. */
static gboolean
digits_that_read_back (double x,
                       int    p,
                       char   digits[MAX_DIGITS + 1],
                       int   *exp10)
{
  char other[MAX_DIGITS + 1];
  int other_exp;
  double value;

  round_to_digits (x, p, digits, exp10);
  value = digits_value (digits, *exp10);
  if (value == x)
    return TRUE;
  memcpy (other, digits, p + 1);
  other_exp = *exp10;
  step_digits (other, p, &other_exp, value < x ? 1 : -1);
  if (digits_value (other, other_exp) != x)
    return FALSE;
  memcpy (digits, other, p + 1);
  *exp10 = other_exp;
  return TRUE;
}

/* The shortest digits that read back to @x > 0.  A p-digit decimal is
 * also a (p+1)-digit one, so the lengths that work are all those from the
 * shortest up, and a binary search finds it. */
static int
shortest_digits (double x,
                 char   digits[MAX_DIGITS + 1],
                 int   *exp10)
{
  int lo = 1, hi = MAX_DIGITS;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      if (digits_that_read_back (x, mid, digits, exp10))
        hi = mid;
      else
        lo = mid + 1;
    }
  if (!digits_that_read_back (x, lo, digits, exp10))
    g_assert_not_reached ();
  return lo;
}

gboolean
sillok_jcs_format_double (double  value,
                          char    out[SILLOK_JCS_NUMBER_BUFFER],
                          GError **error)
{
  char digits[MAX_DIGITS + 1];
  int exp10, k, n;
  char *o = out;

  if (!isfinite (value))
    {
      g_set_error_literal (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE,
                           _("NaN and Infinity cannot be written as JSON numbers"));
      return FALSE;
    }
  if (value == 0)
    {
      strcpy (out, "0");
      return TRUE;
    }
  if (value < 0)
    {
      *o++ = '-';
      value = -value;
    }

  k = shortest_digits (value, digits, &exp10);
  while (k > 1 && digits[k - 1] == '0')
    k--;
  n = exp10 + 1;

  /* ECMA-262 Number::toString, steps for k digits with exponent n. */
  if (k <= n && n <= 21)
    {
      memcpy (o, digits, k);
      memset (o + k, '0', n - k);
      o[n] = '\0';
    }
  else if (0 < n && n <= 21)
    {
      memcpy (o, digits, n);
      o[n] = '.';
      memcpy (o + n + 1, digits + n, k - n);
      o[k + 1] = '\0';
    }
  else if (-6 < n && n <= 0)
    {
      *o++ = '0';
      *o++ = '.';
      memset (o, '0', -n);
      memcpy (o - n, digits, k);
      o[k - n] = '\0';
    }
  else
    {
      *o++ = digits[0];
      if (k > 1)
        {
          *o++ = '.';
          memcpy (o, digits + 1, k - 1);
          o += k - 1;
        }
      g_snprintf (o, SILLOK_JCS_NUMBER_BUFFER - (o - out), "e%c%d", n - 1 < 0 ? '-' : '+', ABS (n - 1));
    }
  return TRUE;
}

char *
sillok_jcs_format_number (double   value,
                          GError **error)
{
  char out[SILLOK_JCS_NUMBER_BUFFER];

  if (!sillok_jcs_format_double (value, out, error))
    return NULL;
  return g_strdup (out);
}
