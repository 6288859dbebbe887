/* sillok-strength.c: a plain-words hint of how hard a passphrase is to guess
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sillok/sillok-strength.h"

#define MIN_CHARS        8
#define STRONG_MIN_CHARS 12
#define WEAK_BELOW_BITS  40.0
#define FAIR_BELOW_BITS  60.0
#define GOOD_BELOW_BITS  80.0
/* A repeat, a step in a sequence or along a keyboard row adds this much
 * of a fresh character: guessers try such runs first. */
#define RUN_WEIGHT 0.25
/* A well-known password with at most this many characters around it is
 * no better than the password itself. */
#define COMMON_DECORATION 4

enum
{
  CLASS_LOWER  = 1 << 0,
  CLASS_UPPER  = 1 << 1,
  CLASS_DIGIT  = 1 << 2,
  CLASS_SYMBOL = 1 << 3,
  CLASS_HANGUL = 1 << 4,
  CLASS_OTHER  = 1 << 5,
};

/* Lower-case ASCII, compared after fold_char(). */
static const char *const common_passwords[] = {
  "123456", "1234567890", "123123", "111111", "000000", "654321", "121212",
  "password", "qwerty", "qwertz", "azerty", "asdfgh", "zxcvbn", "abc123",
  "letmein", "welcome", "admin", "login", "iloveyou", "monkey", "dragon",
  "sunshine", "princess", "football", "baseball", "master", "shadow",
  "secret", "trustno1", "superman", "batman", "hello", "freedom", "whatever",
  "starwars", "computer", "michael", "jennifer", "charlie", "samsung",
  "changeme", "default", "passphrase", "sillok", "korea", "seoul",
  "pyongyang", "saranghae", "love", "test",
};

static const char *const keyboard_rows[] = {
  "`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
};

/* Case and the usual letter-for-digit swaps do not fool a guesser. */
static char
fold_char (char c)
{
  c = g_ascii_tolower (c);
  switch (c)
    {
    case '0':
      return 'o';
    case '1':
    case '!':
      return 'i';
    case '3':
      return 'e';
    case '4':
    case '@':
      return 'a';
    case '5':
    case '$':
      return 's';
    case '7':
      return 't';
    default:
      return c;
    }
}

static gboolean
matches_at (const char *p,
            const char *word)
{
  for (; *word != '\0'; p++, word++)
    if (*p == '\0' || fold_char (*p) != fold_char (*word))
      return FALSE;
  return TRUE;
}

/* Characters of the longest well-known password inside @passphrase. */
static guint
longest_common (const char *passphrase)
{
  guint longest = 0;

  for (const char *p = passphrase; *p != '\0'; p++)
    for (guint i = 0; i < G_N_ELEMENTS (common_passwords); i++)
      {
        guint len = strlen (common_passwords[i]);

        if (len > longest && matches_at (p, common_passwords[i]))
          longest = len;
      }
  return longest;
}

static guint
char_class (gunichar c)
{
  if (c >= 'a' && c <= 'z')
    return CLASS_LOWER;
  if (c >= 'A' && c <= 'Z')
    return CLASS_UPPER;
  if (c >= '0' && c <= '9')
    return CLASS_DIGIT;
  if (c < 0x80)
    return CLASS_SYMBOL;
  if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HANGUL)
    return CLASS_HANGUL;
  return CLASS_OTHER;
}

/* How many different characters a guesser must try per position. */
static double
pool_size (guint classes)
{
  double pool = 0;

  if (classes & CLASS_LOWER)
    pool += 26;
  if (classes & CLASS_UPPER)
    pool += 26;
  if (classes & CLASS_DIGIT)
    pool += 10;
  if (classes & CLASS_SYMBOL)
    pool += 33;
  /* Korean passphrases are built from common syllables and words, not
   * from random ones among the 11,172: count far fewer. */
  if (classes & CLASS_HANGUL)
    pool += 256;
  if (classes & CLASS_OTHER)
    pool += 64;
  return pool;
}

static gboolean
keyboard_neighbours (gunichar a,
                     gunichar b)
{
  if (a >= 0x80 || b >= 0x80)
    return FALSE;
  a = g_ascii_tolower (a);
  b = g_ascii_tolower (b);
  for (guint i = 0; i < G_N_ELEMENTS (keyboard_rows); i++)
    {
      const char *pa = strchr (keyboard_rows[i], (int) a);
      const char *pb = strchr (keyboard_rows[i], (int) b);

      if (a != 0 && b != 0 && pa != NULL && pb != NULL && (pa - pb == 1 || pb - pa == 1))
        return TRUE;
    }
  return FALSE;
}

/* A character that continues a run: the same again, the next or previous
 * letter or digit, or the key beside it. */
static gboolean
continues_run (gunichar prev,
               gunichar c)
{
  guint cls = char_class (c);

  if (c == prev)
    return TRUE;
  if (cls == char_class (prev) && (cls & (CLASS_LOWER | CLASS_UPPER | CLASS_DIGIT))
      && (c == prev + 1 || c + 1 == prev))
    return TRUE;
  return keyboard_neighbours (prev, c);
}

static SillokStrengthHint
weak_hint (guint  n_chars,
           double effective,
           guint  common)
{
  if (common > 0)
    return SILLOK_STRENGTH_HINT_COMMON;
  if (effective < n_chars * 0.75)
    return SILLOK_STRENGTH_HINT_PATTERN;
  return SILLOK_STRENGTH_HINT_WEAK;
}

void
sillok_strength_estimate (const char     *passphrase,
                          SillokStrength *out)
{
  guint n_chars = 0, classes = 0, common;
  double effective = 0;
  gunichar prev = 0;

  g_return_if_fail (out != NULL);

  out->bits = 0;
  if (passphrase == NULL || *passphrase == '\0')
    {
      out->level = SILLOK_STRENGTH_EMPTY;
      out->hint = SILLOK_STRENGTH_HINT_EMPTY;
      return;
    }

  for (const char *p = passphrase; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      /* A stray byte counts as an unusual character of its own. */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0x110000 + (guchar) *p;
          p++;
        }
      else
        p = g_utf8_next_char (p);

      classes |= c > 0x10FFFF ? CLASS_OTHER : char_class (c);
      effective += n_chars > 0 && continues_run (prev, c) ? RUN_WEIGHT : 1.0;
      prev = c;
      n_chars++;
    }

  common = longest_common (passphrase);
  if (common > 0)
    effective = MAX (1.0, effective - (common - 1));
  out->bits = effective * log2 (pool_size (classes));

  if (common > 0 && n_chars <= common + COMMON_DECORATION)
    {
      out->level = SILLOK_STRENGTH_WEAK;
      out->hint = SILLOK_STRENGTH_HINT_COMMON;
    }
  else if (n_chars < MIN_CHARS)
    {
      out->level = SILLOK_STRENGTH_WEAK;
      out->hint = SILLOK_STRENGTH_HINT_TOO_SHORT;
    }
  else if (out->bits < WEAK_BELOW_BITS)
    {
      out->level = SILLOK_STRENGTH_WEAK;
      out->hint = weak_hint (n_chars, effective, common);
    }
  else if (out->bits < FAIR_BELOW_BITS)
    {
      out->level = SILLOK_STRENGTH_FAIR;
      out->hint = SILLOK_STRENGTH_HINT_FAIR;
    }
  else if (out->bits < GOOD_BELOW_BITS || n_chars < STRONG_MIN_CHARS)
    {
      out->level = SILLOK_STRENGTH_GOOD;
      out->hint = SILLOK_STRENGTH_HINT_GOOD;
    }
  else
    {
      out->level = SILLOK_STRENGTH_STRONG;
      out->hint = SILLOK_STRENGTH_HINT_STRONG;
    }
}

const char *
sillok_strength_hint_to_string (SillokStrengthHint hint)
{
  switch (hint)
    {
    case SILLOK_STRENGTH_HINT_EMPTY:
      return _("Choose a passphrase: several unrelated words are easy to remember and hard to guess.");
    case SILLOK_STRENGTH_HINT_TOO_SHORT:
      return _("Too short: use at least 12 characters, for example four unrelated words.");
    case SILLOK_STRENGTH_HINT_COMMON:
      return _("Too common: this is built on a password that guessers try first.");
    case SILLOK_STRENGTH_HINT_PATTERN:
      return _("Too predictable: repeats, sequences like “1234” and keyboard rows like “qwerty” are guessed "
               "quickly.");
    case SILLOK_STRENGTH_HINT_WEAK:
      return _("Weak: someone holding the laptop could guess it quickly. Add more words.");
    case SILLOK_STRENGTH_HINT_FAIR:
      return _("Fair: another word or two would make it much harder to guess.");
    case SILLOK_STRENGTH_HINT_GOOD:
      return _("Good: guessing it would take a very long time.");
    case SILLOK_STRENGTH_HINT_STRONG:
      return _("Strong: a good passphrase.");
    default:
      g_return_val_if_reached (NULL);
    }
}
