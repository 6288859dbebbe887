/* sillok-verify-page.h: open a bundle, see what was checked, save the report
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-session.h"
#include "sillok-verify-job.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_VERIFY_PAGE (sillok_verify_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokVerifyPage, sillok_verify_page, SILLOK, VERIFY_PAGE, AdwBin)

/* With a session the page opens bundles with the unlocked vault's keys and
 * trusts its signers; without one it asks for an age identity file or the
 * bundle passphrase. */
void                sillok_verify_page_set_session       (SillokVerifyPage *self,
                                                          SillokSession    *session);
/* Cancels any verification and forgets the bundle, its report and the
 * keys given: the page is as new. */
void                sillok_verify_page_reset             (SillokVerifyPage *self);
/* Verifies @file, as choosing or dropping it does. */
void                sillok_verify_page_open_file         (SillokVerifyPage *self,
                                                          GFile            *file);
/* The age identity file and the folder of trusted keys, as choosing them does. */
void                sillok_verify_page_set_identity_file (SillokVerifyPage *self,
                                                          GFile            *file);
void                sillok_verify_page_set_trust_dir     (SillokVerifyPage *self,
                                                          GFile            *dir);
/* Writes the report to @file (.pdf or .html), as Save Report does. */
void                sillok_verify_page_save_report       (SillokVerifyPage *self,
                                                          GFile            *file);

/* "start", "progress" or "result". */
const char         *sillok_verify_page_get_view          (SillokVerifyPage *self);
gboolean            sillok_verify_page_get_busy          (SillokVerifyPage *self);
gboolean            sillok_verify_page_get_saving        (SillokVerifyPage *self);
/* The last verification's result, or NULL. */
SillokVerifyResult *sillok_verify_page_get_result        (SillokVerifyPage *self);
/* The tree of checks as the list shows it (rows of SillokVerifyNode). */
GtkTreeListModel   *sillok_verify_page_get_tree          (SillokVerifyPage *self);
/* Bytes of the bundle read so far, of @total (0 when unknown). */
void                sillok_verify_page_get_progress      (SillokVerifyPage *self,
                                                          guint64          *done,
                                                          guint64          *total);

G_END_DECLS
