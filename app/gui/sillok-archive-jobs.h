/* sillok-archive-jobs.h: the coordinator's archive work, queued on the session
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-archive.h"
#include "sillok/sillok-bundle-reader.h"
#include "sillok-session.h"

G_BEGIN_DECLS

/* What importing one bundle gave: @result, or @error with the verifier's
 * @report when there is one. */
typedef struct
{
  SillokImportResult *result;
  SillokBundleReport *report;
  GError             *error;
} SillokImportOutcome;

/* One archived record: every version, which signers the vault trusts, and
 * the conflicts of the record. */
typedef struct
{
  char       *record;
  GPtrArray  *versions;    /* SillokArchiveVersion, oldest first */
  GHashTable *trusted;     /* key id → name of every key the vault trusts (its own too) */
  GPtrArray  *conflicts;   /* SillokArchiveConflict of this record */
  SillokArchiveAudit *audit;  /* its audit trail, or NULL: */
  char       *audit_error;    /* why there is none (none came, or it does not check) */
} SillokArchiveDetail;

/* Every count of the statistics page. */
typedef struct
{
  GPtrArray *dimensions[SILLOK_ARCHIVE_BY_ILO_INDICATOR + 1];  /* SillokArchiveCount, most first */
} SillokArchiveStats;

/* Every conflict, and the versions of their records as kept. */
typedef struct
{
  GPtrArray  *conflicts;   /* SillokArchiveConflict */
  GHashTable *kept;        /* record → GPtrArray of SillokArchiveVersion */
} SillokArchiveConflictSet;

typedef struct
{
  guint rows;
  guint suppressed;
} SillokAnalystOutcome;

void                 sillok_import_outcome_free   (SillokImportOutcome *outcome);
void                 sillok_archive_detail_free   (SillokArchiveDetail *detail);
void                 sillok_archive_stats_free    (SillokArchiveStats  *stats);
void                 sillok_archive_conflict_set_free (SillokArchiveConflictSet *set);

/* Imports @file with the vault's identity and, when not NULL, the bundle
 * @passphrases (SillokSecret, tried in their order; copied into guarded
 * memory, wiped as soon as the reading ends); @progress is called from the worker (@progress_data is freed with
 * @progress_free once the job is done).  The job itself only fails when it
 * could not run (locked, cancelled before it started): a rejected bundle
 * is an outcome. */
void                 sillok_archive_job_import    (SillokSession       *session,
                                                   GFile               *file,
                                                   GPtrArray           *passphrases,
                                                   SillokProgressFunc   progress,
                                                   gpointer             progress_data,
                                                   GDestroyNotify       progress_free,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* A GPtrArray of SillokArchiveRecord (sillok_archive_list with @search;
 * with a @key, only the records that mention it under @dimension). */
void                 sillok_archive_job_list      (SillokSession       *session,
                                                   const char          *search,
                                                   SillokArchiveDimension dimension,
                                                   const char          *key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* A SillokArchiveDetail. */
void                 sillok_archive_job_detail    (SillokSession       *session,
                                                   const char          *record,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* A SillokArchiveStats. */
void                 sillok_archive_job_stats     (SillokSession       *session,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* A GHashTable pseudonym → GPtrArray of record UUIDs. */
void                 sillok_archive_job_persons   (SillokSession       *session,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* A SillokArchiveConflictSet. */
void                 sillok_archive_job_conflicts (SillokSession       *session,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Writes the analyst table to @file (replacing it: the chooser asked);
 * deletes what it wrote on failure.  A SillokAnalystOutcome. */
void                 sillok_archive_job_analyst_export (SillokSession       *session,
                                                        SillokAnalystFormat  format,
                                                        guint                k,
                                                        GFile               *file,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokImportOutcome, sillok_import_outcome_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokArchiveDetail, sillok_archive_detail_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokArchiveStats, sillok_archive_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokArchiveConflictSet, sillok_archive_conflict_set_free)

G_END_DECLS
