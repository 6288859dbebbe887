/* sillok-redact.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-redact.h"

/* Characters a name or number may be written with or without. */
static gboolean
is_ignorable (gunichar c)
{
  return g_unichar_isspace (c) || c == '-' || c == '.' || c == 0x00B7 || c == 0x2010 || c == 0x2011
         || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2212 || c == 0x30FB || c == 0xFF0D
         || c == '_' || c == '\'' || c == 0x2019 || c == '(' || c == ')';
}

static gboolean
is_hangul_syllable (gunichar c)
{
  return c >= 0xAC00 && c <= 0xD7A3;
}

/* The text compared: each character decomposed with its compatibility
 * forms (so Hangul typed precomposed or as jamo, and full-width letters,
 * compare equal), case-folded, ignorable characters left out.  @origin
 * (may be NULL) receives, for each byte of the result, the index of the
 * character of @text it came from. */
static char *
skeleton (const char *text,
          GArray     *origin)
{
  GString *out = g_string_new (NULL);
  guint index = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    {
      char buf[8];
      g_autofree char *decomposed = NULL;

      buf[g_unichar_to_utf8 (g_utf8_get_char (p), buf)] = '\0';
      decomposed = g_utf8_normalize (buf, -1, G_NORMALIZE_NFKD);
      for (const char *q = decomposed; q != NULL && *q != '\0'; q = g_utf8_next_char (q))
        {
          gunichar c = g_utf8_get_char (q);
          char one[8];
          gsize before = out->len;
          g_autofree char *folded = NULL;

          if (is_ignorable (c))
            continue;
          one[g_unichar_to_utf8 (c, one)] = '\0';
          folded = g_utf8_casefold (one, -1);
          g_string_append (out, folded);
          if (origin != NULL)
            for (gsize b = before; b < out->len; b++)
              g_array_append_val (origin, index);
        }
    }
  return g_string_free (out, FALSE);
}

/* Letters and digits of @s (precomposed), ignorable characters aside. */
static guint
significant_chars (const char *s)
{
  guint n = 0;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c) && !is_ignorable (c))
        n++;
    }
  return n;
}

static gboolean
has_hangul (const char *s)
{
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (is_hangul_syllable (g_utf8_get_char (s)))
      return TRUE;
  return FALSE;
}

/* Adds @candidate unless it is too short to stand for a name: two Hangul
 * syllables make a Korean given name, Latin words need three letters. */
static void
add_needle (GPtrArray  *needles,
            const char *candidate)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (candidate));

  if (significant_chars (trimmed) < (has_hangul (trimmed) ? 2u : 3u))
    return;
  for (guint i = 0; i < needles->len; i++)
    if (strcmp (needles->pdata[i], trimmed) == 0)
      return;
  g_ptr_array_add (needles, g_steal_pointer (&trimmed));
}

static gboolean
all_hangul (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_hangul_syllable (g_utf8_get_char (p)))
      return FALSE;
  return *word != '\0';
}

/* Parts of a Korean word that name on their own: the given name of a name
 * written as one word (surname of one or two syllables), and a place name
 * without its administrative suffix (회령군 → 회령, often written alone). */
static void
add_korean_parts (GPtrArray  *needles,
                  const char *word)
{
  static const gunichar suffixes[] = { 0xAD70 /* 군 */, 0xC2DC /* 시 */, 0xAD6C /* 구 */, 0xC74D /* 읍 */,
                                       0xBA74 /* 면 */, 0xB9AC /* 리 */, 0xB3D9 /* 동 */ };
  glong len = g_utf8_strlen (word, -1);
  gunichar last;

  if (len < 3 || !all_hangul (word))
    return;
  if (len <= 4)
    add_needle (needles, g_utf8_offset_to_pointer (word, len - 2));
  last = g_utf8_get_char (g_utf8_offset_to_pointer (word, len - 1));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (last == suffixes[i])
      {
        g_autofree char *stem = g_strndup (word, g_utf8_offset_to_pointer (word, len - 1) - word);
        add_needle (needles, stem);
      }
}

/* A telephone number also appears without its leading trunk 0, after a
 * country code (010-1234-5678 as +82 10-1234-5678). */
static void
add_number_parts (GPtrArray  *needles,
                  const char *item)
{
  GString *digits = g_string_new (NULL);
  gboolean number = TRUE;

  for (const char *p = item; *p != '\0' && number; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (c))
        g_string_append_c (digits, c);
      else if (!is_ignorable (c) && c != '+')
        number = FALSE;
    }
  if (number && digits->len >= 9 && digits->str[0] == '0' && digits->str[1] != '0')
    add_needle (needles, digits->str + 1);
  g_string_free (digits, TRUE);
}

static void
add_name_parts (GPtrArray  *needles,
                const char *name)
{
  /* Words end at white space, brackets and quotation marks: 김철수 (Kim Chol-su). */
  g_auto(GStrv) words = g_regex_split_simple ("[\\s\\p{Ps}\\p{Pe}\\p{Pi}\\p{Pf}\"]+", name, 0, 0);

  add_number_parts (needles, name);
  for (guint i = 0; words[i] != NULL; i++)
    {
      add_needle (needles, words[i]);
      add_korean_parts (needles, words[i]);
    }
}

GPtrArray *
sillok_redact_needles (const char *const *values)
{
  GPtrArray *needles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *value = g_utf8_normalize (values[i], -1, G_NORMALIZE_NFC);
      g_auto(GStrv) items = NULL;

      if (value == NULL)
        continue;
      items = g_regex_split_simple ("[,;/\\n、，]+", value, 0, 0);
      add_needle (needles, value);
      for (guint j = 0; items[j] != NULL; j++)
        {
          add_needle (needles, items[j]);
          add_name_parts (needles, g_strstrip (items[j]));
        }
    }
  return needles;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const SillokSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

/* Sorts and merges overlapping or touching spans in place. */
static void
merge_spans (GArray *spans)
{
  guint out = 0;

  g_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      SillokSpan s = g_array_index (spans, SillokSpan, i);

      if (s.end <= s.start)
        continue;
      if (out > 0 && s.start <= g_array_index (spans, SillokSpan, out - 1).end)
        {
          SillokSpan *last = &g_array_index (spans, SillokSpan, out - 1);
          last->end = MAX (last->end, s.end);
        }
      else
        g_array_index (spans, SillokSpan, out++) = s;
    }
  g_array_set_size (spans, out);
}

GArray *
sillok_redact_find (const char *text,
                    GPtrArray  *needles)
{
  g_autoptr(GArray) origin = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *hay = skeleton (text, origin);
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (SillokSpan));

  for (guint i = 0; needles != NULL && i < needles->len; i++)
    {
      g_autofree char *needle = skeleton (needles->pdata[i], NULL);
      gsize nlen = strlen (needle);
      const char *at = hay;

      if (nlen == 0)
        continue;
      while ((at = strstr (at, needle)) != NULL)
        {
          gsize first = at - hay;
          SillokSpan span = { g_array_index (origin, guint, first),
                              g_array_index (origin, guint, first + nlen - 1) + 1 };

          g_array_append_val (spans, span);
          at = g_utf8_next_char (at);
        }
    }
  merge_spans (spans);
  return spans;
}

char *
sillok_redact (const char       *text,
               const SillokSpan *spans,
               guint             n_spans,
               GPtrArray        *needles,
               const char       *replacement)
{
  g_autoptr(GArray) all = sillok_redact_find (text, needles);
  GString *out = g_string_new (NULL);
  guint chars = g_utf8_strlen (text, -1);
  guint pos = 0;

  if (n_spans > 0)
    g_array_append_vals (all, spans, n_spans);
  merge_spans (all);

  for (guint i = 0; i < all->len; i++)
    {
      SillokSpan s = g_array_index (all, SillokSpan, i);
      const char *from, *to;

      if (s.start >= chars)
        break;
      s.end = MIN (s.end, chars);
      from = g_utf8_offset_to_pointer (text, pos);
      to = g_utf8_offset_to_pointer (text, s.start);
      g_string_append_len (out, from, to - from);
      g_string_append (out, replacement);
      pos = s.end;
    }
  g_string_append (out, g_utf8_offset_to_pointer (text, pos));
  return g_string_free (out, FALSE);
}
