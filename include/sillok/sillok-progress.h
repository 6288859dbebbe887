/* sillok-progress.h: progress reports of long operations
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called from the thread doing the work, now and then (at most every 64 KiB
 * or every item): @done of @total units (bytes or items); @total is 0 when
 * unknown.  Front ends forward it to their main context themselves. */
typedef void (*SillokProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

G_END_DECLS
