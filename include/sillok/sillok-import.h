/* sillok-import.h: verifying bundles into the coordinator's archive
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-archive.h"
#include "sillok-bundle-reader.h"
#include "sillok-progress.h"
#include "sillok-vault.h"

G_BEGIN_DECLS

/* A reader that opens bundles with @vault's age identity and reports as
 * trusted the vault's own key and its trusted signers (sillok-trust.h). */
SillokBundleReader *sillok_import_reader_new (SillokVault         *vault,
                                              GError             **error);

/* Reads, verifies and imports the bundle at @path with @reader (which may
 * also hold a bundle passphrase).  Attachments stream into encrypted blobs
 * while the file is read; everything else is written in one transaction
 * only once every check has passed.  Returns what the import changed.
 *
 * On a failed check returns NULL with a copy of the report's failure
 * (SILLOK_BUNDLE_ERROR, the code naming the check); when the file cannot be
 * read, on cancellation, or when the archive cannot be written, NULL with
 * that error.  In every failure the archive is as before: no row, no blob.
 * *@report (optional) receives the verifier's report whenever there is one,
 * valid or not. */
SillokImportResult *sillok_import_file       (SillokVault         *vault,
                                              SillokBundleReader  *reader,
                                              const char          *path,
                                              SillokBundleReport **report,
                                              SillokProgressFunc   progress,
                                              gpointer             progress_data,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* The same from @input (age, binary or armored); @total for progress. */
SillokImportResult *sillok_import_stream     (SillokVault         *vault,
                                              SillokBundleReader  *reader,
                                              GInputStream        *input,
                                              guint64              total,
                                              SillokBundleReport **report,
                                              SillokProgressFunc   progress,
                                              gpointer             progress_data,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_END_DECLS
