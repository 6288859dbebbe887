/* sillok-record-list-model.h: the vault's records as a GListModel, read in pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-record-item.h"
#include "sillok-session.h"

G_BEGIN_DECLS

/* Records are read from the vault this many at a time, when first shown. */
#define SILLOK_RECORD_LIST_PAGE 64

#define SILLOK_TYPE_RECORD_LIST_MODEL (sillok_record_list_model_get_type ())
G_DECLARE_FINAL_TYPE (SillokRecordListModel, sillok_record_list_model, SILLOK, RECORD_LIST_MODEL, GObject)

/* An empty list of SillokRecordItem over @session's vault. */
SillokRecordListModel *sillok_record_list_model_new         (SillokSession         *session);
/* Changes what the list selects and reads it again: @search (words, may be
 * NULL), @status (-1 or a SillokRecordStatus), @template_id (may be NULL);
 * answers to earlier queries still on their way are dropped. */
void                   sillok_record_list_model_set_query   (SillokRecordListModel *self,
                                                             const char            *search,
                                                             int                    status,
                                                             const char            *template_id,
                                                             gboolean               with_names);
/* Reads the list again with the same query (records changed). */
void                   sillok_record_list_model_refresh     (SillokRecordListModel *self);
/* The list is out of sight: pages on their way are dropped and none is
 * read (rows not read yet stay placeholders) until the next refresh. */
void                   sillok_record_list_model_pause       (SillokRecordListModel *self);
/* TRUE from sillok_record_list_model_pause() to the next refresh. */
gboolean               sillok_record_list_model_get_paused  (SillokRecordListModel *self);
/* Forgets every record (the vault locked); the list becomes empty. */
void                   sillok_record_list_model_clear       (SillokRecordListModel *self);
/* TRUE while the count or a page is being read. */
gboolean               sillok_record_list_model_get_loading (SillokRecordListModel *self);
/* TRUE once a count has arrived for the current query. */
gboolean               sillok_record_list_model_get_counted (SillokRecordListModel *self);

G_END_DECLS
