/* sillok-recovery-page.h: the recovery key, shown once after creation
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_RECOVERY_PAGE (sillok_recovery_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokRecoveryPage, sillok_recovery_page, SILLOK, RECOVERY_PAGE, AdwBin)

void      sillok_recovery_page_set_session (SillokRecoveryPage *self,
                                            SillokSession      *session);
/* Adds a recovery key to the unlocked vault and shows it; ::done is
 * emitted once the user confirms having written it down. */
void      sillok_recovery_page_start       (SillokRecoveryPage *self);
/* Forgets the key shown, and any key still being made. */
void      sillok_recovery_page_clear       (SillokRecoveryPage *self);
/* TRUE while the key is shown. */
gboolean  sillok_recovery_page_has_key     (SillokRecoveryPage *self);

G_END_DECLS
