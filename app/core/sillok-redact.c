/* sillok-redact.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-redact.h"

/* Characters a name may be written with or without. */
static gboolean
is_ignorable (gunichar c)
{
  return g_unichar_isspace (c) || c == '-' || c == '.' || c == 0x00B7 || c == 0x2010 || c == 0x2011
         || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2212 || c == 0x30FB || c == 0xFF0D
         || c == '_' || c == '\'' || c == 0x2019;
}

static gboolean
is_hangul_syllable (gunichar c)
{
  return c >= 0xAC00 && c <= 0xD7A3;
}

/* The text compared: NFC, case-folded, ignorable characters left out.
 * @origin (may be NULL) receives, for each byte of the result, the index of
 * the character of @text it came from. */
static char *
skeleton (const char *text,
          GArray     *origin)
{
  GString *out = g_string_new (NULL);
  guint index = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char (p);
      char buf[8];
      gsize before;
      g_autofree char *folded = NULL;

      if (is_ignorable (c))
        continue;
      buf[g_unichar_to_utf8 (c, buf)] = '\0';
      folded = g_utf8_casefold (buf, -1);
      before = out->len;
      g_string_append (out, folded);
      if (origin != NULL)
        for (gsize b = before; b < out->len; b++)
          g_array_append_val (origin, index);
    }
  return g_string_free (out, FALSE);
}

static guint
significant_chars (const char *s)
{
  g_autofree char *skel = skeleton (s, NULL);
  guint n = 0;

  for (const char *p = skel; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      n++;
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

static void
add_name_parts (GPtrArray  *needles,
                const char *name)
{
  g_auto(GStrv) words = g_regex_split_simple ("\\s+", name, 0, 0);
  glong len;

  for (guint i = 0; words[i] != NULL; i++)
    add_needle (needles, words[i]);

  /* A place written with its administrative ending (회령시, 무산군) is
   * often spoken without it (회령에서). */
  for (guint i = 0; words[i] != NULL; i++)
    {
      glong n = g_utf8_strlen (words[i], -1);
      gboolean all_hangul = n >= 3;

      for (const char *p = words[i]; all_hangul && *p != '\0'; p = g_utf8_next_char (p))
        all_hangul = is_hangul_syllable (g_utf8_get_char (p));
      if (all_hangul && strstr ("시군구읍면리동", g_utf8_offset_to_pointer (words[i], n - 1)) != NULL)
        {
          g_autofree char *stem = g_utf8_substring (words[i], 0, n - 1);
          add_needle (needles, stem);
        }
    }

  /* A Korean name written as one word: surname of one syllable, given name after it. */
  len = g_utf8_strlen (name, -1);
  if ((len == 3 || len == 4) && g_strv_length (words) == 1)
    {
      gboolean all_hangul = TRUE;

      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        all_hangul &= is_hangul_syllable (g_utf8_get_char (p));
      if (all_hangul)
        add_needle (needles, g_utf8_offset_to_pointer (name, len - 2));
    }
}

GPtrArray *
sillok_redact_needles (const char *const *values)
{
  GPtrArray *needles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) items = g_regex_split_simple ("[,;/\\n、，()\\[\\]（）]+", values[i], 0, 0);

      add_needle (needles, values[i]);
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
