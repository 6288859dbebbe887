/* sillok-record-item.c: one row of the interviews list
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok-record-item.h"

struct _SillokRecordItem
{
  GObject              parent_instance;

  gboolean             loaded;
  SillokRecordSummary  summary;
};

G_DEFINE_FINAL_TYPE (SillokRecordItem, sillok_record_item, G_TYPE_OBJECT)

static void
sillok_record_item_finalize (GObject *object)
{
  SillokRecordItem *self = SILLOK_RECORD_ITEM (object);

  g_free (self->summary.uuid);
  g_free (self->summary.template_id);
  g_free (self->summary.title);
  g_free (self->summary.updated);
  g_free (self->summary.name);

  G_OBJECT_CLASS (sillok_record_item_parent_class)->finalize (object);
}

static void
sillok_record_item_class_init (SillokRecordItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_record_item_finalize;
}

static void
sillok_record_item_init (SillokRecordItem *self)
{
}

SillokRecordItem *
sillok_record_item_new_loading (void)
{
  return g_object_new (SILLOK_TYPE_RECORD_ITEM, NULL);
}

SillokRecordItem *
sillok_record_item_new_take (SillokRecordSummary *summary)
{
  SillokRecordItem *self = g_object_new (SILLOK_TYPE_RECORD_ITEM, NULL);

  g_return_val_if_fail (summary != NULL, self);
  self->loaded = TRUE;
  self->summary = *summary;
  memset (summary, 0, sizeof *summary);
  return self;
}

gboolean
sillok_record_item_is_loaded (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), FALSE);
  return self->loaded;
}

const char *
sillok_record_item_get_uuid (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), NULL);
  return self->summary.uuid;
}

guint
sillok_record_item_get_version (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), 0);
  return self->summary.version;
}

SillokRecordStatus
sillok_record_item_get_status (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), SILLOK_RECORD_DRAFT);
  return self->summary.status;
}

const char *
sillok_record_item_get_template (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), NULL);
  return self->summary.template_id;
}

const char *
sillok_record_item_get_title (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), NULL);
  return self->summary.title;
}

const char *
sillok_record_item_get_updated (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), NULL);
  return self->summary.updated;
}

const char *
sillok_record_item_get_name (SillokRecordItem *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_ITEM (self), NULL);
  return self->summary.name;
}
