/* sillok-idle-monitor.h: notices when nobody has used a window for a while
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SILLOK_TYPE_IDLE_MONITOR (sillok_idle_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SillokIdleMonitor, sillok_idle_monitor, SILLOK, IDLE_MONITOR, GObject)

/* Watches key, pointer, scroll and touch input on @widget (a window) and
 * on its dialogs (windows transient for it, or for one of them). */
SillokIdleMonitor *sillok_idle_monitor_new         (GtkWidget         *widget);
/* µs without input after which ::idle is emitted; 0 turns it off. */
void               sillok_idle_monitor_set_timeout (SillokIdleMonitor *self,
                                                    gint64             timeout);
gint64             sillok_idle_monitor_get_timeout (SillokIdleMonitor *self);
/* Starts watching (counting from now) or stops; ::idle fires once per start. */
void               sillok_idle_monitor_set_active  (SillokIdleMonitor *self,
                                                    gboolean           active);
gboolean           sillok_idle_monitor_get_active  (SillokIdleMonitor *self);
/* TRUE while a check is scheduled: active with a timeout. */
gboolean           sillok_idle_monitor_is_armed    (SillokIdleMonitor *self);

G_END_DECLS
