/* sillok-verify-job.h: verifying a bundle and saving its report, on worker threads (no GTK)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-bundle-reader.h"
#include "sillok-session.h"
#include "sillok-verify-node.h"

G_BEGIN_DECLS

/* How far a verification got, written by its worker and read by the page. */
typedef struct _SillokVerifyProgress SillokVerifyProgress;

SillokVerifyProgress *sillok_verify_progress_new   (void);
SillokVerifyProgress *sillok_verify_progress_ref   (SillokVerifyProgress *progress);
void                  sillok_verify_progress_unref (SillokVerifyProgress *progress);
/* Bytes of the bundle file read, of @total (0 when unknown). */
void                  sillok_verify_progress_get   (SillokVerifyProgress *progress,
                                                    guint64              *done,
                                                    guint64              *total);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokVerifyProgress, sillok_verify_progress_unref)

/* What a verification needs; all but @bundle may be NULL. */
typedef struct
{
  GFile              *bundle;
  SillokBundleReader *reader;         /* prepared with a vault's keys */
  GFile              *identity_file;  /* an age identity file */
  SillokSecret       *passphrase;     /* the bundle passphrase */
  GFile              *trust_dir;      /* a folder of trusted .pub keys */
} SillokVerifyRequest;

SillokVerifyRequest  *sillok_verify_request_new    (GFile                *bundle);
void                  sillok_verify_request_free   (SillokVerifyRequest  *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokVerifyRequest, sillok_verify_request_free)

/* A finished verification: the report, the bundle's name and the tree of checks. */
typedef struct
{
  SillokBundleReport *report;
  char               *file_name;
  SillokVerifyNode   *tree;
} SillokVerifyResult;

SillokVerifyResult   *sillok_verify_result_ref     (SillokVerifyResult   *result);
void                  sillok_verify_result_unref   (SillokVerifyResult   *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokVerifyResult, sillok_verify_result_unref)

/* A reader holding the unlocked vault's age identity, its own key and its
 * trusted signers, made by a job on @session's queue. */
void                  sillok_verify_prepare_vault_async  (SillokSession        *session,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
SillokBundleReader   *sillok_verify_prepare_vault_finish (SillokSession        *session,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* Reads the identity file and the trusted keys, then reads and verifies
 * the bundle, all on a worker thread (takes @request).  A cancelled
 * verification fails with G_IO_ERROR_CANCELLED, whatever it found. */
void                  sillok_verify_run_async      (SillokVerifyRequest  *request,
                                                    SillokVerifyProgress *progress,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
SillokVerifyResult   *sillok_verify_run_finish     (GAsyncResult         *result,
                                                    GError              **error);

/* Writes the report as PDF or HTML, by the suffix of @file, on a worker thread. */
void                  sillok_verify_save_report_async  (SillokVerifyResult   *result,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean              sillok_verify_save_report_finish (GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
