/* sillok-unlock-page.h: the passphrase prompt of a locked vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_UNLOCK_PAGE (sillok_unlock_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokUnlockPage, sillok_unlock_page, SILLOK, UNLOCK_PAGE, AdwBin)

void      sillok_unlock_page_set_session (SillokUnlockPage *self,
                                          SillokSession    *session);
/* TRUE from the Unlock button until the attempt's answer. */
gboolean  sillok_unlock_page_get_busy    (SillokUnlockPage *self);
/* Empties the field and moves the keyboard focus into it. */
void      sillok_unlock_page_reset       (SillokUnlockPage *self);

G_END_DECLS
