/* sillok-anonymity.h: k-anonymity over quasi-identifiers
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Records grouped into equivalence classes by their tuple of generalized
 * quasi-identifier values; a value left out counts as a value of its own. */
typedef struct _SillokKAnonymity SillokKAnonymity;

/* Counts against @threshold (at least 1). */
SillokKAnonymity *sillok_k_anonymity_new        (guint              threshold);
/* Adds record @id with @n_values values, in the same order for every
 * record; NULL values are absent.  Values are compared byte for byte. */
void              sillok_k_anonymity_add        (SillokKAnonymity  *k,
                                                 const char        *id,
                                                 const char *const *values,
                                                 guint              n_values);
guint             sillok_k_anonymity_get_threshold (SillokKAnonymity *k);
/* The size of the smallest class: 0 with no record. */
guint             sillok_k_anonymity_get_k_min  (SillokKAnonymity  *k);
/* The number of classes. */
guint             sillok_k_anonymity_get_classes (SillokKAnonymity *k);
/* The records in classes smaller than the threshold, sorted. */
GStrv             sillok_k_anonymity_get_below  (SillokKAnonymity  *k);
void              sillok_k_anonymity_free       (SillokKAnonymity  *k);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokKAnonymity, sillok_k_anonymity_free)

G_END_DECLS
