/* sillok-archive-item.h: one record of the archive list, as a GObject
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sillok/sillok-archive.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_ARCHIVE_ITEM (sillok_archive_item_get_type ())
G_DECLARE_FINAL_TYPE (SillokArchiveItem, sillok_archive_item, SILLOK, ARCHIVE_ITEM, GObject)

/* Takes @record. */
SillokArchiveItem         *sillok_archive_item_new    (SillokArchiveRecord *record);
const SillokArchiveRecord *sillok_archive_item_get    (SillokArchiveItem   *self);

G_END_DECLS
