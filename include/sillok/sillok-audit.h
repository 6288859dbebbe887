/* sillok-audit.h: the hash-chained audit trail of a record (DESIGN §7.3)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_AUDIT_ERROR (sillok_audit_error_quark ())

typedef enum
{
  SILLOK_AUDIT_ERROR_BROKEN,   /* an entry is malformed, out of order or not linked to the one before */
  SILLOK_AUDIT_ERROR_TIME,     /* a time disclosure does not match its entry's commitment */
  SILLOK_AUDIT_ERROR_CHANGED,  /* the chain grew while an entry waited to be appended */
} SillokAuditError;

typedef struct
{
  guint  seq;            /* from 1 */
  char  *action;         /* created, sealed, amended, exported, imported, consent-changed */
  char  *actor;          /* key id */
  char  *at;             /* commitment: BLAKE2b-256 hex of the time's disclosure */
  char  *detail;         /* a bundle id, or empty */
  char  *prev;           /* BLAKE2b-256 hex of the previous entry, 64 zeros for the first */
  guint  version;
  char  *canonical;      /* the entry's RFC 8785 text */
  char  *time;           /* the RFC 3339 time, when its disclosure is known */
  char  *time_disclosure;
} SillokAuditEntry;

GQuark     sillok_audit_error_quark  (void);

/* The chain of a record of this vault, checked as it is read. */
GPtrArray *sillok_audit_list         (SillokVault        *vault,
                                      const char         *uuid,
                                      GError            **error);
/* Checks a chain given as canonical entry texts: each entry strict RFC 8785
 * with exactly the seven members, seq 1, 2, …, prev the digest of the entry
 * before.  With @time_disclosures (NULL-terminated, may be NULL), each must
 * be a "$at" disclosure whose digest is its entry's "at".  Returns the
 * entries, or NULL with an error naming the first bad one. */
GPtrArray *sillok_audit_check_chain  (const char *const  *entries,
                                      const char *const  *time_disclosures,
                                      GError            **error);
void       sillok_audit_entry_free   (SillokAuditEntry   *entry);

G_END_DECLS
