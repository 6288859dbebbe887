/* sillok-failpoint.h: named points where tests stop or fail the process
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-config.h"

#include <glib.h>

G_BEGIN_DECLS

/* In builds configured with -Dfailpoints=true, SILLOK_FAILPOINTS holds a
 * comma-separated list of NAME=ACTION or NAME=ACTION@N, where ACTION is
 *   kill    SIGKILL the process at that point
 *   abort   abort() there (SIGABRT: a crash that would dump core)
 *   stop    SIGSTOP the process there, and carry on once it is continued
 *   slow    wait 10 ms there, then carry on (a slow disk: time to cancel)
 *   enospc  fail as if the disk were full
 *   eio     fail with an input/output error
 *   short   write only part of the bytes, then fail with ENOSPC
 * and @N acts from the N-th time the process reaches the point on (the
 * first time without it).  When SILLOK_FAILPOINTS_TRACE names a file, the
 * name of every point reached is appended to it, one a line, so that a
 * test can list the moments of a command and stop at each in turn.
 * sillok_failpoint() returns the errno to inject (0 = carry on).
 * In other builds it compiles to nothing. */
#if SILLOK_ENABLE_FAILPOINTS
int       sillok_failpoint_check        (const char *name);
/* Puts a SQLite VFS in front of the default one whose writes and syncs
 * pass through the failpoints db-write (WAL and journal),
 * db-checkpoint-write (vault.db), db-fsync and db-after-fsync. */
gboolean  sillok_failpoint_vfs_register (void);
# define sillok_failpoint(name) sillok_failpoint_check (name)
#else
# define sillok_failpoint(name) 0
#endif

/* The errno value that asks a writer to write part of its data first. */
#define SILLOK_FAILPOINT_SHORT_WRITE (-1)

G_END_DECLS
