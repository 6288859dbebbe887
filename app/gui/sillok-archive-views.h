/* sillok-archive-views.h: what the archive pages show of a record, the
 * persons and the conflicts
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-archive-jobs.h"

G_BEGIN_DECLS

/* A scrolled, clamped column of groups. */
GtkWidget *sillok_archive_view_new            (void);
/* Removes every group. */
void       sillok_archive_view_clear          (GtkWidget                      *view);
/* Every version of a record: statement digest, signer and trust, whether it
 * waits for an earlier version, disclosed values, withheld digests, and the
 * record's conflicts. */
void       sillok_archive_view_show_record    (GtkWidget                      *view,
                                               const SillokArchiveDetail      *detail);
/* Records grouped by pseudonym; each record row activates
 * "archive.open-record" with its UUID. */
void       sillok_archive_view_show_persons   (GtkWidget                      *view,
                                               GHashTable                     *persons);
/* Each conflict: the version kept and the statement also received, side by side. */
void       sillok_archive_view_show_conflicts (GtkWidget                      *view,
                                               const SillokArchiveConflictSet *set);

G_END_DECLS
