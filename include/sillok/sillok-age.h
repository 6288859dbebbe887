/* sillok-age.h: age v1 keys (X25519, Bech32)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-secret.h"

G_BEGIN_DECLS

#define SILLOK_AGE_KEYBYTES 32

#define SILLOK_AGE_RECIPIENT_HRP "age"
#define SILLOK_AGE_IDENTITY_HRP  "AGE-SECRET-KEY-"

#define SILLOK_AGE_ERROR (sillok_age_error_quark ())

/* The testkit's outcome classes, plus the ways a caller can stop. */
typedef enum
{
  SILLOK_AGE_ERROR_HEADER,      /* malformed header, stanza or nonce */
  SILLOK_AGE_ERROR_NO_MATCH,    /* no identity or passphrase unwraps the file key */
  SILLOK_AGE_ERROR_HMAC,        /* the header MAC does not match */
  SILLOK_AGE_ERROR_PAYLOAD,     /* a payload chunk failed to decrypt or is out of place */
  SILLOK_AGE_ERROR_ARMOR,       /* malformed ASCII armor */
  SILLOK_AGE_ERROR_KEY,         /* a malformed recipient or identity string */
  SILLOK_AGE_ERROR_UNSUPPORTED, /* a feature Sillok does not implement (post-quantum keys) */
} SillokAgeError;

/* An X25519 recipient: the 32-byte public key behind "age1…". */
typedef struct
{
  guint8 pk[SILLOK_AGE_KEYBYTES];
} SillokAgeRecipient;

/* An X25519 identity; the scalar lives in guarded memory. */
typedef struct _SillokAgeIdentity SillokAgeIdentity;

GQuark              sillok_age_error_quark            (void);

/* Parses "age1…" (lower-case, 32-byte key). */
gboolean            sillok_age_recipient_parse        (const char          *str,
                                                       SillokAgeRecipient  *out,
                                                       GError             **error);
char               *sillok_age_recipient_encode       (const SillokAgeRecipient *recipient);

SillokAgeIdentity  *sillok_age_identity_generate      (void);
SillokAgeIdentity  *sillok_age_identity_new_from_scalar (const guint8 scalar[SILLOK_AGE_KEYBYTES]);
/* Parses one "AGE-SECRET-KEY-1…" string (upper-case, as age-keygen writes). */
SillokAgeIdentity  *sillok_age_identity_parse         (const char          *str,
                                                       GError             **error);
/* Parses an identity file: one identity per line, '#' comments and empty
 * lines skipped.  Returns a GPtrArray of SillokAgeIdentity. */
GPtrArray          *sillok_age_identity_parse_file    (const char          *data,
                                                       gsize                len,
                                                       GError             **error);
/* "AGE-SECRET-KEY-1…" in guarded memory. */
SillokSecret       *sillok_age_identity_encode        (SillokAgeIdentity   *identity);
const guint8       *sillok_age_identity_get_scalar    (SillokAgeIdentity   *identity);
void                sillok_age_identity_get_recipient (SillokAgeIdentity   *identity,
                                                       SillokAgeRecipient  *out);
void                sillok_age_identity_free          (SillokAgeIdentity   *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokAgeIdentity, sillok_age_identity_free)

G_END_DECLS
