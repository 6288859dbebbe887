/* sillok-editor-jobs.h: what the editor asks of the vault, as session jobs
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-record.h"
#include "sillok-session.h"

G_BEGIN_DECLS

/* A record as the editor shows it. */
typedef struct
{
  SillokRecord *record;
  GPtrArray    *needles;     /* words narratives lose when sealed */
} SillokLoaded;

/* Before sealing: either what is missing or what would leave. */
typedef struct
{
  GPtrArray *missing;        /* SillokPreviewRow, value = path */
  GPtrArray *preview;        /* SillokPreviewRow */
  char      *signer;
  char      *key_id;
} SillokSealCheck;

void sillok_loaded_free     (SillokLoaded    *loaded);
void sillok_seal_check_free (SillokSealCheck *check);

/* Each queues one job on @session for the record @uuid. */
void sillok_editor_job_load       (SillokSession *session, const char *uuid,
                                   GAsyncReadyCallback callback, gpointer user_data);
void sillok_editor_job_check_seal (SillokSession *session, const char *uuid, const char *language,
                                   GAsyncReadyCallback callback, gpointer user_data);
void sillok_editor_job_seal       (SillokSession *session, const char *uuid,
                                   GAsyncReadyCallback callback, gpointer user_data);
void sillok_editor_job_amend      (SillokSession *session, const char *uuid, const char *reason,
                                   GAsyncReadyCallback callback, gpointer user_data);
/* "add" (section), "remove" (section, @a) or "move" (section, @a → @b). */
void sillok_editor_job_entry      (SillokSession *session, const char *uuid, const char *op,
                                   const char *section, guint a, guint b,
                                   GAsyncReadyCallback callback, gpointer user_data);
void sillok_editor_job_attach     (SillokSession *session, const char *uuid, GFile *file,
                                   const char *sensitivity,
                                   GAsyncReadyCallback callback, gpointer user_data);
void sillok_editor_job_detach     (SillokSession *session, const char *uuid, guint n,
                                   GAsyncReadyCallback callback, gpointer user_data);
/* Yields a GFile for the attachment's plaintext, decrypted into memory
 * (an anonymous memfd, read as /proc/self/fd/N), for GTK's media backend;
 * the memory is wiped and freed with the GFile. */
void sillok_editor_job_open_attachment (SillokSession *session, const char *uuid, guint version, guint n,
                                        GAsyncReadyCallback callback, gpointer user_data);
/* Yields the attachment's plaintext as GBytes, in memory only; fails with
 * G_IO_ERROR_MESSAGE_TOO_LARGE past @max bytes. */
void sillok_editor_job_read_attachment (SillokSession *session, const char *uuid, guint version, guint n,
                                        gsize max, GAsyncReadyCallback callback, gpointer user_data);

G_END_DECLS
