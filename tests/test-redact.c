/* test-redact.c: what narratives lose before they leave, and what they keep
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-redact.h"
#include "sillok-test-utils.h"

#define REDACTED "[삭제됨]"

/* Lower case, without white space, hyphens or dots: how a reader would
 * still recognize a name. */
static char *
squeeze (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (nfc, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != '-' && c != '.' && c != 0x00B7)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
assert_gone (const char *redacted,
             const char *word)
{
  g_autofree char *hay = squeeze (redacted);
  g_autofree char *needle = squeeze (word);

  if (strstr (hay, needle) != NULL)
    g_error ("“%s” is still in “%s”", word, redacted);
}

static void
assert_kept (const char *redacted,
             const char *text)
{
  if (strstr (redacted, text) == NULL)
    g_error ("“%s” was lost from “%s”", text, redacted);
}

static gboolean
has_needle (GPtrArray  *needles,
            const char *needle)
{
  for (guint i = 0; i < needles->len; i++)
    if (strcmp (needles->pdata[i], needle) == 0)
      return TRUE;
  return FALSE;
}

static char *
redact (const char        *text,
        const char *const *values)
{
  g_autoptr(GPtrArray) needles = sillok_redact_needles (values);
  return sillok_redact (text, NULL, 0, needles, REDACTED);
}

static void
test_needles (void)
{
  const char *values[] = { "김철수", "Kim Chol-su", "철이, Chori; Big Kim/Tall one\nSu", "12", "su", "김", "남궁민수",
                           NULL };
  g_autoptr(GPtrArray) needles = sillok_redact_needles (values);

  g_assert_true (has_needle (needles, "김철수"));
  g_assert_true (has_needle (needles, "철수"));
  g_assert_true (has_needle (needles, "Kim Chol-su"));
  g_assert_true (has_needle (needles, "Kim"));
  g_assert_true (has_needle (needles, "Chol-su"));
  g_assert_true (has_needle (needles, "철이"));
  g_assert_true (has_needle (needles, "Chori"));
  g_assert_true (has_needle (needles, "Big Kim"));
  g_assert_true (has_needle (needles, "Tall one"));
  g_assert_true (has_needle (needles, "Tall"));
  g_assert_true (has_needle (needles, "남궁민수"));
  g_assert_true (has_needle (needles, "민수"));
  /* Too short to stand for a name. */
  g_assert_false (has_needle (needles, "12"));
  g_assert_false (has_needle (needles, "su"));
  g_assert_false (has_needle (needles, "Su"));
  g_assert_false (has_needle (needles, "김"));
  /* No duplicates. */
  for (guint i = 0; i < needles->len; i++)
    for (guint j = i + 1; j < needles->len; j++)
      g_assert_cmpstr (needles->pdata[i], !=, needles->pdata[j]);

  {
    g_autoptr(GPtrArray) none = sillok_redact_needles (NULL);
    const char *blank[] = { "", "  ", "\n", NULL };
    g_autoptr(GPtrArray) empty = sillok_redact_needles (blank);

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (empty->len, ==, 0);
  }
}

static void
test_latin_name (void)
{
  const char *values[] = { "Kim Chol-su", "Chori; Big Kim", "Hoeryong", "010-1234-5678", "chol.su@example.org",
                           "Pak Yong-ho", NULL };
  const char *text = "KIM CHOLSU grew up in hoeryong. Kim Chol Su, known as chori, was beaten by PAK YONGHO "
                     "and Pak Yong Ho. kimcholsu, Kim  Chol - su, Kim.Chol.Su. Call 01012345678, "
                     "010 1234 5678, 010-1234-5678 or 010.1234.5678. Mail Chol.Su@Example.org. "
                     "He worked 12 hours a day; su and ok were words.";
  g_autofree char *out = redact (text, values);

  g_test_message ("%s", out);
  assert_gone (out, "Kim Chol-su");
  assert_gone (out, "cholsu");
  assert_gone (out, "Chori");
  assert_gone (out, "Hoeryong");
  assert_gone (out, "01012345678");
  assert_gone (out, "chol.su@example.org");
  assert_gone (out, "Pak Yong-ho");
  assert_gone (out, "yongho");
  /* No over-redaction of short words. */
  assert_kept (out, "grew up in ");
  assert_kept (out, "was beaten by ");
  assert_kept (out, "He worked 12 hours a day; su and ok were words.");
}

static void
test_phone_formats (void)
{
  const char *values[] = { "010-1234-5678", NULL };
  const char *text = "Numbers: +82 10-1234-5678, +82-10-1234-5678, (010) 1234 5678, 010–1234–5678.";
  g_autofree char *out = redact (text, values);

  g_test_message ("%s", out);
  assert_gone (out, "1012345678");
  assert_gone (out, "12345678");
  assert_kept (out, "Numbers: ");
}

static void
test_korean_name (void)
{
  const char *values[] = { "김철수", "철이", "회령군", "박영호", NULL };
  const char *text = "김철수는 회령군에서 태어났다. 김철수가 말하기를, 김 철수 씨와 철수의 친구 철이는 "
                     "박영호 소좌에게 맞았다. 영호는 하루 12시간 일을 시켰다. 회령에서 떠났다. 김철수를 보았다.";
  g_autofree char *out = redact (text, values);

  g_test_message ("%s", out);
  assert_gone (out, "김철수");
  assert_gone (out, "철수");
  assert_gone (out, "철이");
  assert_gone (out, "회령군");
  assert_gone (out, "회령");
  assert_gone (out, "박영호");
  assert_gone (out, "영호");
  /* Particles and the rest of the sentence stay. */
  assert_kept (out, REDACTED "는 ");
  assert_kept (out, REDACTED "가 말하기를");
  assert_kept (out, " 소좌에게 맞았다. ");
  assert_kept (out, "하루 12시간 일을 시켰다.");
  assert_kept (out, "태어났다");
}

/* A name written with its romanization in brackets, or in quotes. */
static void
test_mixed_name (void)
{
  const char *values[] = { "김철수 (Kim Chol-su)", "“Chori”", NULL };
  const char *text = "철수는 Chol-su라고도 불렸다. Kim said chori was his nickname; 김철수 too.";
  g_autofree char *out = redact (text, values);

  g_test_message ("%s", out);
  assert_gone (out, "철수");
  assert_gone (out, "Chol-su");
  assert_gone (out, "Kim");
  assert_gone (out, "chori");
  assert_kept (out, "라고도 불렸다.");
  assert_kept (out, " was his nickname; ");
}

/* Text pasted from a system that writes Hangul decomposed (NFD), and
 * letters in full width, still match. */
static void
test_normalization (void)
{
  const char *values[] = { "김철수", "Kim Chol-su", NULL };
  g_autofree char *nfd = g_utf8_normalize ("그는 김철수다. ＫＩＭ ＣＨＯＬＳＵ", -1, G_NORMALIZE_NFD);
  g_autofree char *out = redact (nfd, values);
  g_autofree char *nfd_name = g_utf8_normalize ("김철수", -1, G_NORMALIZE_NFD);
  const char *nfd_values[] = { nfd_name, NULL };
  g_autofree char *out2 = redact ("김철수와 철수", nfd_values);

  g_test_message ("%s", out);
  assert_gone (out, "김철수");
  assert_gone (out, "cholsu");
  g_assert_true (g_str_has_suffix (out, REDACTED));
  assert_gone (out2, "철수");
}

static void
test_find (void)
{
  const char *values[] = { "Kim Chol-su", NULL };
  g_autoptr(GPtrArray) needles = sillok_redact_needles (values);
  /* Offsets in characters: "나는 " is 3 characters. */
  g_autoptr(GArray) spans = sillok_redact_find ("나는 KIM CHOL SU, kim chol-su", needles);

  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpuint (g_array_index (spans, SillokSpan, 0).start, ==, 3);
  g_assert_cmpuint (g_array_index (spans, SillokSpan, 0).end, ==, 14);
  g_assert_cmpuint (g_array_index (spans, SillokSpan, 1).start, ==, 16);
  g_assert_cmpuint (g_array_index (spans, SillokSpan, 1).end, ==, 27);

  {
    g_autoptr(GArray) none = sillok_redact_find ("nothing here", needles);
    g_autoptr(GArray) empty = sillok_redact_find ("", needles);
    g_autoptr(GArray) no_needles = sillok_redact_find ("Kim Chol-su", NULL);

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (empty->len, ==, 0);
    g_assert_cmpuint (no_needles->len, ==, 0);
  }
}

static void
test_spans (void)
{
  const char *text = "0123456789";
  struct { SillokSpan spans[4]; guint n; const char *expected; } cases[] = {
    { { { 2, 4 } }, 1, "01[x]456789" },
    { { { 0, 10 } }, 1, "[x]" },
    { { { 0, 1 }, { 9, 10 } }, 2, "[x]12345678[x]" },
    /* overlapping: one replacement */
    { { { 2, 5 }, { 4, 7 } }, 2, "01[x]789" },
    /* touching: one replacement */
    { { { 2, 4 }, { 4, 6 } }, 2, "01[x]6789" },
    /* contained, and given out of order */
    { { { 5, 6 }, { 1, 8 } }, 2, "0[x]89" },
    /* beyond the end: clipped, or dropped when it starts there */
    { { { 8, 100 } }, 1, "01234567[x]" },
    { { { 10, 12 } }, 1, "0123456789" },
    { { { 50, 60 }, { 3, 4 } }, 2, "012[x]456789" },
    { { { 0, G_MAXUINT } }, 1, "[x]" },
    /* empty and reversed spans mark nothing */
    { { { 3, 3 }, { 6, 5 } }, 2, "0123456789" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sillok_redact (text, cases[i].spans, cases[i].n, NULL, "[x]");
      g_assert_cmpstr (out, ==, cases[i].expected);
    }

  /* Spans count characters, not bytes. */
  {
    SillokSpan span = { 3, 6 };
    g_autofree char *out = sillok_redact ("나는 김철수다", &span, 1, NULL, "[x]");

    g_assert_cmpstr (out, ==, "나는 [x]다");
  }

  /* Marked spans and found names together merge where they meet. */
  {
    const char *values[] = { "Kim Chol-su", NULL };
    g_autoptr(GPtrArray) needles = sillok_redact_needles (values);
    SillokSpan span = { 0, 4 };
    g_autofree char *out = sillok_redact ("Mr. Kim Chol-su came", &span, 1, needles, "[x]");

    g_assert_cmpstr (out, ==, "[x] came");
  }
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/redact/needles", test_needles);
  g_test_add_func ("/redact/latin-name", test_latin_name);
  g_test_add_func ("/redact/phone-formats", test_phone_formats);
  g_test_add_func ("/redact/korean-name", test_korean_name);
  g_test_add_func ("/redact/mixed-name", test_mixed_name);
  g_test_add_func ("/redact/normalization", test_normalization);
  g_test_add_func ("/redact/find", test_find);
  g_test_add_func ("/redact/spans", test_spans);

  return g_test_run ();
}
