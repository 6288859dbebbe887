/* sillok-erase-dialog.h: the emergency erase, with a countdown to cancel it
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Seconds the user has to cancel an emergency erase. */
#define SILLOK_ERASE_COUNTDOWN 5

#define SILLOK_TYPE_ERASE_DIALOG (sillok_erase_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SillokEraseDialog, sillok_erase_dialog, SILLOK, ERASE_DIALOG, AdwMessageDialog)

/* A dialog over @parent that counts down from SILLOK_ERASE_COUNTDOWN once
 * shown, each second lasting @tick_ms (1000 outside tests), then responds
 * "erase" by itself; "cancel" stops it.  "erase-now" skips the wait. */
SillokEraseDialog *sillok_erase_dialog_new              (GtkWindow         *parent,
                                                         guint              tick_ms);
guint              sillok_erase_dialog_get_seconds_left (SillokEraseDialog *self);

G_END_DECLS
