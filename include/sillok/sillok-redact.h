/* sillok-redact.h: the redacted form of narratives
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A span of a text in characters (Unicode code points), end exclusive,
 * as GtkTextBuffer counts offsets. */
typedef struct
{
  guint start;
  guint end;
} SillokSpan;

/* Words to remove from narratives, made from identifying texts: each value
 * whole, each item of a list (split at commas, semicolons, slashes and line
 * breaks), each word of a name (split at spaces, brackets and quotes), the
 * given name of a Korean name written without spaces (김철수 → 철수), a
 * Korean place name without its suffix (회령군 → 회령) and a telephone
 * number without its trunk 0.  Words shorter than two Hangul syllables or
 * three other letters and digits are dropped.  Returns strings. */
GPtrArray *sillok_redact_needles (const char *const *values);

/* Where the needles occur in @text, ignoring case, white space, hyphens,
 * dots and brackets, and comparing compatibility-decomposed characters, so
 * "Kim Chol-su", "KIM CHOLSU", "ＫＩＭ" and "김 철수가" are all found.
 * Returns a sorted GArray of non-overlapping SillokSpan. */
GArray    *sillok_redact_find    (const char *text,
                                  GPtrArray  *needles);

/* @text with the union of @spans and the needles' occurrences each replaced
 * by @replacement (overlapping and touching spans merge into one). */
char      *sillok_redact         (const char       *text,
                                  const SillokSpan *spans,
                                  guint             n_spans,
                                  GPtrArray        *needles,
                                  const char       *replacement);

G_END_DECLS
