/* sillok-draft-saver.h: saves a draft's edits a moment after typing stops
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sillok/sillok-redact.h"
#include "sillok-session.h"

G_BEGIN_DECLS

/* How long after the last change a draft is saved: with the save itself,
 * well within the 2 seconds an interviewer may lose. */
#define SILLOK_DRAFT_SAVE_DELAY_MS 700

typedef enum
{
  SILLOK_SAVE_STATE_SAVED,    /* nothing waits to be saved */
  SILLOK_SAVE_STATE_PENDING,  /* edits wait for the delay to pass */
  SILLOK_SAVE_STATE_SAVING,   /* a save runs on a worker */
  SILLOK_SAVE_STATE_FAILED,   /* the last save failed (see get_error) */
} SillokSaveState;

#define SILLOK_TYPE_DRAFT_SAVER (sillok_draft_saver_get_type ())
G_DECLARE_FINAL_TYPE (SillokDraftSaver, sillok_draft_saver, SILLOK, DRAFT_SAVER, GObject)

/* Saves edits of the draft of @uuid through @session's job queue, each
 * value with sillok_record_set() (one transaction each), @delay_ms after
 * the last change.  Emits ::saved (with whether a value other than a
 * narrative was among them) after each successful save. */
SillokDraftSaver *sillok_draft_saver_new             (SillokSession    *session,
                                                      const char       *uuid,
                                                      guint             delay_ms);
const char       *sillok_draft_saver_get_uuid        (SillokDraftSaver *self);
/* Takes @value (NULL clears the field). */
void              sillok_draft_saver_set_value       (SillokDraftSaver *self,
                                                      const char       *path,
                                                      JsonNode         *value,
                                                      gboolean          narrative);
void              sillok_draft_saver_set_redactions  (SillokDraftSaver *self,
                                                      const char       *path,
                                                      GArray           *spans);
/* Queues the pending edits now (before locking, closing, sealing…). */
void              sillok_draft_saver_flush           (SillokDraftSaver *self);
/* Forgets pending edits without saving them. */
void              sillok_draft_saver_discard         (SillokDraftSaver *self);
SillokSaveState   sillok_draft_saver_get_state       (SillokDraftSaver *self);
const char       *sillok_draft_saver_get_error       (SillokDraftSaver *self);

G_END_DECLS
