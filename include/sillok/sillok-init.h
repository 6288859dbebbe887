/* sillok-init.h: process-wide set-up of libsillok
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Initialises libsodium, binds Sillok's message catalogue (from
 * $SILLOK_LOCALEDIR when set, for uninstalled runs) and hardens the
 * process: no core dumps (RLIMIT_CORE 0, PR_SET_DUMPABLE 0).  Call first
 * thing in main(); safe to call more than once.  Returns FALSE only if
 * libsodium cannot start. */
gboolean     sillok_init                (GError **error);

/* TRUE once the process refuses core dumps. */
gboolean     sillok_core_dumps_disabled (void);

const char  *sillok_version             (void);

G_END_DECLS
