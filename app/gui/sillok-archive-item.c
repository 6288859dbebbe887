/* sillok-archive-item.c: one record of the archive list, as a GObject
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-archive-item.h"

struct _SillokArchiveItem
{
  GObject              parent_instance;
  SillokArchiveRecord *record;
};

G_DEFINE_FINAL_TYPE (SillokArchiveItem, sillok_archive_item, G_TYPE_OBJECT)

static void
sillok_archive_item_finalize (GObject *object)
{
  g_clear_pointer (&SILLOK_ARCHIVE_ITEM (object)->record, sillok_archive_record_free);
  G_OBJECT_CLASS (sillok_archive_item_parent_class)->finalize (object);
}

static void
sillok_archive_item_class_init (SillokArchiveItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_archive_item_finalize;
}

static void
sillok_archive_item_init (SillokArchiveItem *self)
{
}

SillokArchiveItem *
sillok_archive_item_new (SillokArchiveRecord *record)
{
  SillokArchiveItem *self = g_object_new (SILLOK_TYPE_ARCHIVE_ITEM, NULL);

  self->record = record;
  return self;
}

const SillokArchiveRecord *
sillok_archive_item_get (SillokArchiveItem *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_ITEM (self), NULL);
  return self->record;
}
