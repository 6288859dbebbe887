/* sillok-verify-node.h: one line of a bundle's tree of checks
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SILLOK_VERIFY_STATUS_INFO,         /* what was found: a field, a time, a file */
  SILLOK_VERIFY_STATUS_PASSED,
  SILLOK_VERIFY_STATUS_WARNING,      /* passed, but a key is not trusted */
  SILLOK_VERIFY_STATUS_NOT_CHECKED,  /* an earlier check failed first */
  SILLOK_VERIFY_STATUS_FAILED,
} SillokVerifyStatus;

#define SILLOK_TYPE_VERIFY_NODE (sillok_verify_node_get_type ())
G_DECLARE_FINAL_TYPE (SillokVerifyNode, sillok_verify_node, SILLOK, VERIFY_NODE, GObject)

SillokVerifyNode   *sillok_verify_node_new          (SillokVerifyStatus  status,
                                                     const char         *title,
                                                     const char         *subtitle);
/* Appends @child (a new reference is taken) and returns it. */
SillokVerifyNode   *sillok_verify_node_add          (SillokVerifyNode   *self,
                                                     SillokVerifyNode   *child);
/* The node's own status, or the worst of its children's when that is worse. */
SillokVerifyStatus  sillok_verify_node_get_status   (SillokVerifyNode   *self);
void                sillok_verify_node_set_status   (SillokVerifyNode   *self,
                                                     SillokVerifyStatus  status);
const char         *sillok_verify_node_get_title    (SillokVerifyNode   *self);
const char         *sillok_verify_node_get_subtitle (SillokVerifyNode   *self);
void                sillok_verify_node_set_subtitle (SillokVerifyNode   *self,
                                                     const char         *subtitle);
/* The children (SillokVerifyNode), or NULL for a leaf. */
GListModel         *sillok_verify_node_get_children (SillokVerifyNode   *self);
/* TRUE on the node the bundle's failure is about. */
gboolean            sillok_verify_node_is_failure   (SillokVerifyNode   *self);
void                sillok_verify_node_set_failure  (SillokVerifyNode   *self,
                                                     const char         *message);
/* TRUE on a node shown open at first (the bundle, its records). */
gboolean            sillok_verify_node_get_open     (SillokVerifyNode   *self);
void                sillok_verify_node_set_open     (SillokVerifyNode   *self,
                                                     gboolean            open);
/* The status in words ("Passed", "Failed", …), for screen readers. */
const char         *sillok_verify_status_to_string  (SillokVerifyStatus  status);

G_END_DECLS
