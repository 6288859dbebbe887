/* sillok-setup-page.h: the first run: create a vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_SETUP_PAGE (sillok_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokSetupPage, sillok_setup_page, SILLOK, SETUP_PAGE, AdwBin)

void             sillok_setup_page_set_session (SillokSetupPage *self,
                                                SillokSession   *session);
/* TRUE while the vault is being created. */
gboolean         sillok_setup_page_get_busy    (SillokSetupPage *self);
/* Empties the form, passphrases first. */
void             sillok_setup_page_clear       (SillokSetupPage *self);

G_END_DECLS
