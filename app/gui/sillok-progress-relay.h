/* sillok-progress-relay.h: progress of a worker thread, carried to the main context
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called in the main context: @done of @total units (@total 0 = unknown). */
typedef void (*SillokProgressRelayFunc) (guint64  done,
                                         guint64  total,
                                         gpointer user_data);

typedef struct _SillokProgressRelay SillokProgressRelay;

/* A relay that calls @func in the thread-default main context of the
 * caller.  Reports that arrive faster than that context runs are merged:
 * @func sees the latest, never an older one after a newer one. */
SillokProgressRelay *sillok_progress_relay_new    (SillokProgressRelayFunc  func,
                                                   gpointer                 user_data);
SillokProgressRelay *sillok_progress_relay_ref    (SillokProgressRelay     *relay);
void                 sillok_progress_relay_unref  (SillokProgressRelay     *relay);
/* A SillokProgressFunc (pass the relay as its data): safe in any thread,
 * never blocks on the main context. */
void                 sillok_progress_relay_report (guint64                  done,
                                                   guint64                  total,
                                                   gpointer                 relay);
/* From the main context: @func is not called again. */
void                 sillok_progress_relay_stop   (SillokProgressRelay     *relay);
/* Reports handed to the main context so far (each one call of @func at most). */
guint                sillok_progress_relay_get_dispatched (SillokProgressRelay *relay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokProgressRelay, sillok_progress_relay_unref)

G_END_DECLS
