/* sillok-window-private.h: what tests may reach inside the window
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-erase-dialog.h"
#include "sillok-idle-monitor.h"
#include "sillok-window.h"

G_BEGIN_DECLS

SillokIdleMonitor *sillok_window_get_idle_monitor (SillokWindow *self);
/* The emergency-erase dialog while it is open, or NULL. */
SillokEraseDialog *sillok_window_get_erase_dialog (SillokWindow *self);
/* Replaces the auto-lock-minutes setting with @timeout µs (0 = off). */
void               sillok_window_set_idle_timeout (SillokWindow *self,
                                                   gint64        timeout);
/* Makes each second of the erase countdown last @msec milliseconds. */
void               sillok_window_set_erase_tick   (SillokWindow *self,
                                                   guint         msec);

G_END_DECLS
