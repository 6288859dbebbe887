/* sillok-check.h: the full integrity check of a vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-progress.h"
#include "sillok-vault.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *problems;   /* strings: what is wrong, naming record, version, file */
  GPtrArray *notes;      /* strings: harmless findings, e.g. leftovers removed */
  guint      records;
  guint      sealed_versions;
  guint      blobs;
} SillokCheckReport;

/* Checks the database pages, every template by digest, every sealed
 * version (statement digest, signature, disclosures against the statement,
 * stored values against the disclosures, attachments, the supersedes link),
 * every attachment's bytes against its hash and every audit chain.  Returns
 * a report (problems empty when all is well), or NULL when the check could
 * not run.  Progress counts records. */
SillokCheckReport *sillok_vault_check        (SillokVault        *vault,
                                              SillokProgressFunc  progress,
                                              gpointer            progress_data,
                                              GCancellable       *cancellable,
                                              GError            **error);
void               sillok_check_report_free  (SillokCheckReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokCheckReport, sillok_check_report_free)

G_END_DECLS
