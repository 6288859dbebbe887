/* sillok-seal.h: what sealing builds — disclosures, statement, redacted narratives
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-record.h"
#include "sillok-secret.h"

G_BEGIN_DECLS

#define SILLOK_STATEMENT_FORMAT "sillok-statement/1"

/* Every disclosure of a version (SillokDisclosure): each value, the @anon
 * form of quasi-identifiers and narratives, $sealed_at, $sealed_at@anon,
 * $consent, $pseudonym (with @linkage_key and a name), $reason of an
 * amendment and $attachment[N]; fresh salts each time. */
GPtrArray  *sillok_seal_build_disclosures (SillokRecord  *record,
                                           SillokSecret  *linkage_key,
                                           const char    *sealed_at,
                                           GError       **error);
/* The redacted form of the narrative at @path, as anonymized exports carry
 * it: marked spans and every identifying value of the record replaced. */
char       *sillok_seal_redact_narrative  (SillokRecord  *record,
                                           const char    *path);
/* The words sillok_seal_redact_narrative() removes from every narrative of
 * @record without being asked (strings; find them with sillok_redact_find()). */
GPtrArray  *sillok_seal_narrative_needles (SillokRecord  *record);
/* What replaces a redacted span: the template's text in the interview's
 * language (English when interview.language is "en", else Korean). */
const char *sillok_seal_redaction_text    (SillokRecord  *record);
/* "sillok-statement/1 record=<uuid> version=<n>" */
char       *sillok_seal_trusted_comment   (const char    *uuid,
                                           guint          version);

G_END_DECLS
