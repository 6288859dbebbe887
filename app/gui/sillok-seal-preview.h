/* sillok-seal-preview.h: what an anonymized export of a draft would carry
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-record.h"
#include "sillok/sillok-secret.h"

G_BEGIN_DECLS

typedef struct
{
  char *section;   /* where it comes from, in the user's language */
  char *label;
  char *value;     /* as it leaves: generalized, redacted */
} SillokPreviewRow;

/* The disclosures sealing @record at @sealed_at would make that an
 * anonymized export carries, for people: the exact values of open fields
 * other than narratives, the @anon form of quasi-identifiers and
 * narratives, $pseudonym, $sealed_at@anon and open attachments. */
GPtrArray *sillok_seal_preview_build    (SillokRecord  *record,
                                         SillokSecret  *linkage_key,
                                         const char    *sealed_at,
                                         const char    *language,
                                         GError       **error);
void       sillok_preview_row_free      (SillokPreviewRow *row);

G_END_DECLS
