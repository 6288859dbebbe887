/* sillok-strength.h: a plain-words hint of how hard a passphrase is to guess
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SILLOK_STRENGTH_EMPTY,
  SILLOK_STRENGTH_WEAK,
  SILLOK_STRENGTH_FAIR,
  SILLOK_STRENGTH_GOOD,
  SILLOK_STRENGTH_STRONG,
} SillokStrengthLevel;

/* Why the level is what it is; each has one sentence for the user. */
typedef enum
{
  SILLOK_STRENGTH_HINT_EMPTY,     /* nothing typed yet */
  SILLOK_STRENGTH_HINT_TOO_SHORT, /* fewer than 8 characters */
  SILLOK_STRENGTH_HINT_COMMON,    /* built around a well-known password */
  SILLOK_STRENGTH_HINT_PATTERN,   /* repeats, sequences, keyboard rows */
  SILLOK_STRENGTH_HINT_WEAK,      /* simply too little of it */
  SILLOK_STRENGTH_HINT_FAIR,
  SILLOK_STRENGTH_HINT_GOOD,
  SILLOK_STRENGTH_HINT_STRONG,
} SillokStrengthHint;

typedef struct
{
  SillokStrengthLevel level;
  SillokStrengthHint  hint;
  double              bits;  /* rough log2 of the guesses needed */
} SillokStrength;

/* Estimates @passphrase (UTF-8) from its length, its kinds of characters,
 * repeats, sequences, keyboard rows and well-known passwords.  Reads the
 * passphrase in place and copies none of it.  A heuristic for a hint, not
 * a measure: it never refuses anything. */
void         sillok_strength_estimate       (const char        *passphrase,
                                             SillokStrength    *out);
/* The hint as one translated sentence. */
const char  *sillok_strength_hint_to_string (SillokStrengthHint hint);

G_END_DECLS
