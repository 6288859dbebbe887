/* sillok-record-private.h: what the record modules share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-record.h"
#include "sillok-blob.h"
#include "sillok-db.h"

G_BEGIN_DECLS

/* The current time as RFC 3339 UTC ("2026-11-26T21:04:05Z"). */
char           *sillok_now_rfc3339          (void);

/* The blob of attachment @n of version @version (0: the newest) of record
 * @uuid, with its key. */
SillokBlob     *sillok_record_attachment_blob (SillokVault  *vault,
                                               const char   *uuid,
                                               guint         version,
                                               guint         n,
                                               GError      **error);

/* A template stored in the vault, by digest (parsed once per process). */
SillokTemplate *sillok_record_template      (sqlite3      *db,
                                             const char   *digest,
                                             GError      **error);
/* Stores @template's canonical bytes under its digest unless present. */
gboolean        sillok_record_store_template (sqlite3       *db,
                                              SillokTemplate *template,
                                              GError       **error);
/* The installed gazetteer, loaded once per process (NULL when absent). */
SillokGazetteer *sillok_record_gazetteer    (void);

/* The value as stored: its RFC 8785 text. */
char           *sillok_record_value_to_json (JsonNode     *value,
                                             GError      **error);

/* Re-indexes a record's text values for search (inside a transaction). */
gboolean        sillok_search_index_value   (sqlite3      *db,
                                             const char   *uuid,
                                             const char   *path,
                                             const char   *text,
                                             GError      **error);
/* One FTS query per word a user typed, or NULL when it holds no word. */
GStrv           sillok_search_terms         (const char   *typed);
/* The indexed form of a text: each Hangul word followed by its suffixes,
 * so a prefix query also finds a word inside a longer one. */
char           *sillok_search_expand        (const char   *text);

/* An audit entry made but not yet appended: an export writes it into the
 * bundle first and appends it once the bundle is in place. */
typedef struct
{
  char             *record;
  guint             seq;
  char             *prev;    /* digest of the entry it follows */
  char             *entry;   /* canonical text */
  SillokDisclosure *at;      /* the time's "$at" disclosure */
} SillokAuditPending;

/* The next entry of @uuid's chain; @time (RFC 3339, NULL: now) and @salt
 * (22 base64url characters, NULL: fresh) fix its commitment for tests. */
SillokAuditPending *sillok_audit_prepare    (SillokVault  *vault,
                                             sqlite3      *db,
                                             const char   *uuid,
                                             const char   *action,
                                             guint         version,
                                             const char   *detail,
                                             const char   *time,
                                             const char   *salt,
                                             GError      **error);
/* Appends a prepared entry (inside a transaction), failing with
 * SILLOK_AUDIT_ERROR_CHANGED when the chain grew since it was prepared. */
gboolean        sillok_audit_insert         (sqlite3             *db,
                                             SillokAuditPending  *pending,
                                             GError             **error);
void            sillok_audit_pending_free   (SillokAuditPending  *pending);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokAuditPending, sillok_audit_pending_free)

/* Appends an audit entry for @uuid (inside a transaction). */
gboolean        sillok_audit_append         (SillokVault  *vault,
                                             sqlite3      *db,
                                             const char   *uuid,
                                             const char   *action,
                                             guint         version,
                                             const char   *detail,
                                             GError      **error);

G_END_DECLS
