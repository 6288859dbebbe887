/* sillok-record-item.h: one row of the interviews list
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok-record.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_RECORD_ITEM (sillok_record_item_get_type ())
G_DECLARE_FINAL_TYPE (SillokRecordItem, sillok_record_item, SILLOK, RECORD_ITEM, GObject)

/* A row still being read from the vault: every getter returns NULL or 0. */
SillokRecordItem   *sillok_record_item_new_loading   (void);
/* Takes the summary's strings. */
SillokRecordItem   *sillok_record_item_new_take      (SillokRecordSummary *summary);
gboolean            sillok_record_item_is_loaded     (SillokRecordItem    *self);
const char         *sillok_record_item_get_uuid      (SillokRecordItem    *self);
guint               sillok_record_item_get_version   (SillokRecordItem    *self);
SillokRecordStatus  sillok_record_item_get_status    (SillokRecordItem    *self);
const char         *sillok_record_item_get_template  (SillokRecordItem    *self);
const char         *sillok_record_item_get_title     (SillokRecordItem    *self);
const char         *sillok_record_item_get_updated   (SillokRecordItem    *self);
/* The interviewee's name, only when the list was asked for names. */
const char         *sillok_record_item_get_name      (SillokRecordItem    *self);

G_END_DECLS
