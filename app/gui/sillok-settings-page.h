/* sillok-settings-page.h: identity, automatic locking and language
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-session.h"

#include "sillok/sillok.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_SETTINGS_PAGE (sillok_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokSettingsPage, sillok_settings_page, SILLOK, SETTINGS_PAGE, AdwPreferencesPage)

/* Shows the identity of the unlocked @vault, or forgets it (NULL). */
void  sillok_settings_page_show_identity (SillokSettingsPage *self,
                                          SillokVault        *vault);
/* The session whose vault the key settings act on. */
void  sillok_settings_page_set_session   (SillokSettingsPage *self,
                                          SillokSession      *session);

G_END_DECLS
