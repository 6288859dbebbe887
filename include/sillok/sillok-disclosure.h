/* sillok-disclosure.h: salted disclosures of recorded values
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sillok-secret.h"

G_BEGIN_DECLS

/* A disclosure D is base64url without padding of the RFC 8785 bytes of
 * [salt, name, value]; its digest is the lower-case hex BLAKE2b-256 of the
 * ASCII bytes of D (what `printf %s "$D" | b2sum -l 256` prints). */
#define SILLOK_DISCLOSURE_SALT_BYTES      16
#define SILLOK_DISCLOSURE_SALT_LENGTH     22   /* base64url characters of the salt */
#define SILLOK_DISCLOSURE_DIGEST_BYTES    32
#define SILLOK_DISCLOSURE_DIGEST_LENGTH   64   /* lower-case hex characters */
#define SILLOK_DISCLOSURE_DECOY_BYTES     32   /* random bytes hashed into one decoy digest */
#define SILLOK_DISCLOSURE_PAD_MULTIPLE    16
/* The largest [salt, name, value] array a disclosure may carry. */
#define SILLOK_DISCLOSURE_MAX_JSON_BYTES  (1024 * 1024)
/* An attachment's b2: hex BLAKE2b-512 of its plaintext. */
#define SILLOK_DISCLOSURE_ATTACHMENT_B2_LENGTH 128

#define SILLOK_DISCLOSURE_ERROR (sillok_disclosure_error_quark ())

typedef enum
{
  SILLOK_DISCLOSURE_ERROR_ENCODING,         /* not canonical base64url without padding */
  SILLOK_DISCLOSURE_ERROR_TOO_LARGE,        /* beyond SILLOK_DISCLOSURE_MAX_JSON_BYTES */
  SILLOK_DISCLOSURE_ERROR_JSON,             /* the decoded bytes are not strict JSON */
  SILLOK_DISCLOSURE_ERROR_NOT_CANONICAL,    /* JSON, but not the RFC 8785 form */
  SILLOK_DISCLOSURE_ERROR_SHAPE,            /* not an array of exactly three elements */
  SILLOK_DISCLOSURE_ERROR_SALT,             /* not base64url of 16 bytes */
  SILLOK_DISCLOSURE_ERROR_NAME,             /* not a non-empty string */
  SILLOK_DISCLOSURE_ERROR_VALUE,            /* a value disclosures do not allow */
  SILLOK_DISCLOSURE_ERROR_DIGEST,           /* a statement digest that is not 64 lower-case hex */
  SILLOK_DISCLOSURE_ERROR_DUPLICATE_DIGEST, /* the statement lists a digest twice */
  SILLOK_DISCLOSURE_ERROR_DUPLICATE,        /* the same disclosure given twice */
  SILLOK_DISCLOSURE_ERROR_NOT_IN_STATEMENT, /* a disclosure the statement does not list */
  SILLOK_DISCLOSURE_ERROR_DUPLICATE_NAME,   /* two disclosures of the same name */
} SillokDisclosureError;

/* One disclosure.  The salt, the string D and the value are testimony
 * (with the salt, a low-entropy value can be guessed from the digest):
 * they live in guarded memory and are wiped when the disclosure is freed. */
typedef struct _SillokDisclosure SillokDisclosure;

GQuark             sillok_disclosure_error_quark    (void);

/* A new disclosure of @value under @name with a fresh random salt.
 * Values are strings, integers of magnitude below 2^53, booleans, arrays
 * of strings, and for names "$attachment[N]" only, the object
 * {"b2","media_type","name","size"}; never floats or null. */
SillokDisclosure  *sillok_disclosure_new            (const char  *name,
                                                     JsonNode    *value,
                                                     GError     **error);
/* Parses the disclosure string D strictly: canonical base64url, canonical
 * RFC 8785 bytes, three elements, a proper salt, name and value.  Error
 * messages never quote the value. */
SillokDisclosure  *sillok_disclosure_parse          (const char  *encoded,
                                                     gsize        len,
                                                     GError     **error);
void               sillok_disclosure_free           (SillokDisclosure *disclosure);

/* D, NUL-terminated, in guarded memory owned by @disclosure. */
const char        *sillok_disclosure_get_encoded    (SillokDisclosure *disclosure);
/* The 64 lower-case hex digits of the digest. */
const char        *sillok_disclosure_get_digest     (SillokDisclosure *disclosure);
const char        *sillok_disclosure_get_name       (SillokDisclosure *disclosure);
/* The 22 base64url characters of the salt, in guarded memory. */
const char        *sillok_disclosure_get_salt       (SillokDisclosure *disclosure);
/* The RFC 8785 bytes of the value, in guarded memory. */
const char        *sillok_disclosure_get_value_json (SillokDisclosure *disclosure);
/* A new tree of the value; json-glib keeps it in ordinary memory. */
JsonNode          *sillok_disclosure_dup_value      (SillokDisclosure *disclosure);

/* The lower-case hex BLAKE2b-256 of @len bytes of @encoded. */
char              *sillok_disclosure_digest         (const char  *encoded,
                                                     gsize        len);
/* TRUE when @digest is exactly 64 lower-case hex digits. */
gboolean           sillok_disclosure_is_digest      (const char  *digest);

/* Checks the NULL-terminated disclosure strings @encoded against the
 * statement's @digests: the statement lists no digest twice, every
 * disclosure parses and has its digest in the list exactly once, and no
 * two disclosures share a name.  Returns
 * the parsed disclosures in order (each error names the disclosure by
 * position) and sets @undisclosed to the number of digests left without
 * a disclosure, decoys included. */
GPtrArray         *sillok_disclosure_check_set      (const char * const *encoded,
                                                     const char * const *digests,
                                                     guint              *undisclosed,
                                                     GError            **error);

/* @digests (distinct, 64 lower-case hex each) with decoys, hex BLAKE2b-256
 * of 32 random bytes, added up to a non-zero multiple of 16, all sorted. */
char             **sillok_disclosure_pad_digests    (const char * const *digests,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokDisclosure, sillok_disclosure_free)

G_END_DECLS
