/* sillok-window.h: the main window: first run, unlock and the vault's pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-application.h"
#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_WINDOW (sillok_window_get_type ())
G_DECLARE_FINAL_TYPE (SillokWindow, sillok_window, SILLOK, WINDOW, AdwApplicationWindow)

/* A window on the vault named by the "vault-path" setting (or the default). */
SillokWindow  *sillok_window_new           (SillokApplication *application);
SillokSession *sillok_window_get_session   (SillokWindow      *self);
/* "setup", "recovery", "unlock" or "shell": what the window shows. */
const char    *sillok_window_get_page_name (SillokWindow      *self);

G_END_DECLS
