/* sillok-shell.h: the unlocked vault: sidebar and pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-archive-page.h"
#include "sillok-import-page.h"
#include "sillok-interviews-page.h"
#include "sillok-session.h"
#include "sillok-verify-page.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_SHELL (sillok_shell_get_type ())
G_DECLARE_FINAL_TYPE (SillokShell, sillok_shell, SILLOK, SHELL, AdwBin)

/* Follows @session: shows the vault's identity while it is unlocked and
 * forgets it the moment it locks. */
void         sillok_shell_set_session   (SillokShell   *self,
                                         SillokSession *session);
/* Queues unsaved edits: call before locking or closing. */
void         sillok_shell_flush         (SillokShell   *self);
SillokInterviewsPage *sillok_shell_get_interviews_page (SillokShell *self);
SillokVerifyPage *sillok_shell_get_verify_page (SillokShell *self);
SillokImportPage     *sillok_shell_get_import_page     (SillokShell *self);
SillokArchivePage    *sillok_shell_get_archive_page    (SillokShell *self);
/* Shows the interviews and exports the records ticked there. */
void         sillok_shell_export        (SillokShell   *self);
/* "interviews", "archive", "bundles", "verify" or "settings". */
const char  *sillok_shell_get_page_name (SillokShell   *self);

G_END_DECLS
