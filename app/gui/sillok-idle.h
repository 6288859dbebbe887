/* sillok-idle.h: when an idle vault locks itself
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Microseconds left before the vault locks, given the last input and the
 * time now (one clock, µs) and the idle timeout: 0 when the lock is due,
 * -1 when automatic locking is off (@timeout ≤ 0).  An input stamped after
 * @now counts as input now. */
gint64       sillok_idle_time_left            (gint64 last_input,
                                               gint64 now,
                                               gint64 timeout);
/* The auto-lock-minutes setting in µs; 0 (off) stays 0. */
gint64       sillok_idle_timeout_from_minutes (guint  minutes);

G_END_DECLS
