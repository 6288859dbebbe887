/* sillok-verify-node.c: one line of a bundle's tree of checks
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-verify-node.h"

struct _SillokVerifyNode
{
  GObject             parent_instance;

  SillokVerifyStatus  status;
  char               *title;
  char               *subtitle;
  GListStore         *children;
  gboolean            failure;
  gboolean            open;
};

G_DEFINE_FINAL_TYPE (SillokVerifyNode, sillok_verify_node, G_TYPE_OBJECT)

static void
sillok_verify_node_finalize (GObject *object)
{
  SillokVerifyNode *self = SILLOK_VERIFY_NODE (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sillok_verify_node_parent_class)->finalize (object);
}

static void
sillok_verify_node_class_init (SillokVerifyNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_verify_node_finalize;
}

static void
sillok_verify_node_init (SillokVerifyNode *self)
{
}

SillokVerifyNode *
sillok_verify_node_new (SillokVerifyStatus  status,
                        const char         *title,
                        const char         *subtitle)
{
  SillokVerifyNode *self = g_object_new (SILLOK_TYPE_VERIFY_NODE, NULL);

  self->status = status;
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  return self;
}

SillokVerifyNode *
sillok_verify_node_add (SillokVerifyNode *self,
                        SillokVerifyNode *child)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (self), NULL);
  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (child), NULL);

  if (self->children == NULL)
    self->children = g_list_store_new (SILLOK_TYPE_VERIFY_NODE);
  g_list_store_append (self->children, child);
  return child;
}

SillokVerifyStatus
sillok_verify_node_get_status (SillokVerifyNode *self)
{
  SillokVerifyStatus worst;
  guint n;

  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (self), SILLOK_VERIFY_STATUS_INFO);

  worst = self->status;
  n = self->children != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->children)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SillokVerifyNode) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);

      worst = MAX (worst, sillok_verify_node_get_status (child));
    }
  return worst;
}

void
sillok_verify_node_set_status (SillokVerifyNode   *self,
                               SillokVerifyStatus  status)
{
  g_return_if_fail (SILLOK_IS_VERIFY_NODE (self));
  self->status = status;
}

const char *
sillok_verify_node_get_title (SillokVerifyNode *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (self), NULL);
  return self->title;
}

const char *
sillok_verify_node_get_subtitle (SillokVerifyNode *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (self), NULL);
  return self->subtitle;
}

void
sillok_verify_node_set_subtitle (SillokVerifyNode *self,
                                 const char       *subtitle)
{
  g_return_if_fail (SILLOK_IS_VERIFY_NODE (self));
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
}

GListModel *
sillok_verify_node_get_children (SillokVerifyNode *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (self), NULL);
  return self->children != NULL ? G_LIST_MODEL (self->children) : NULL;
}

gboolean
sillok_verify_node_is_failure (SillokVerifyNode *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (self), FALSE);
  return self->failure;
}

void
sillok_verify_node_set_failure (SillokVerifyNode *self,
                                const char       *message)
{
  g_return_if_fail (SILLOK_IS_VERIFY_NODE (self));
  self->failure = TRUE;
  self->status = SILLOK_VERIFY_STATUS_FAILED;
  sillok_verify_node_set_subtitle (self, message);
}

gboolean
sillok_verify_node_get_open (SillokVerifyNode *self)
{
  g_return_val_if_fail (SILLOK_IS_VERIFY_NODE (self), FALSE);
  return self->open;
}

void
sillok_verify_node_set_open (SillokVerifyNode *self,
                             gboolean          open)
{
  g_return_if_fail (SILLOK_IS_VERIFY_NODE (self));
  self->open = open;
}

const char *
sillok_verify_status_to_string (SillokVerifyStatus status)
{
  switch (status)
    {
    case SILLOK_VERIFY_STATUS_PASSED:
      return _("Passed");
    case SILLOK_VERIFY_STATUS_WARNING:
      return _("Passed, not trusted");
    case SILLOK_VERIFY_STATUS_NOT_CHECKED:
      return _("Not checked");
    case SILLOK_VERIFY_STATUS_FAILED:
      return _("Failed");
    case SILLOK_VERIFY_STATUS_INFO:
    default:
      return _("Found");
    }
}
