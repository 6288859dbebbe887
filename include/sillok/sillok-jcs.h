/* sillok-jcs.h: a strict JSON reader and RFC 8785 canonical JSON
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sillok-secret.h"

G_BEGIN_DECLS

#define SILLOK_JSON_ERROR (sillok_json_error_quark ())

typedef enum
{
  SILLOK_JSON_ERROR_SYNTAX,             /* not JSON: an unexpected character or the end of the input */
  SILLOK_JSON_ERROR_TRAILING_DATA,      /* something after the JSON value */
  SILLOK_JSON_ERROR_INVALID_UTF8,       /* a string that is not valid UTF-8 */
  SILLOK_JSON_ERROR_LONE_SURROGATE,     /* a \u escape of half a surrogate pair */
  SILLOK_JSON_ERROR_CONTROL_CHARACTER,  /* a raw control character inside a string */
  SILLOK_JSON_ERROR_UNSUPPORTED,        /* valid JSON this reader cannot hold: U+0000 in a string */
  SILLOK_JSON_ERROR_INVALID_NUMBER,     /* a number JSON does not allow (NaN, Infinity, 01, +1, 1.) */
  SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE, /* beyond a double, or beyond 2^53 where only integers are allowed */
  SILLOK_JSON_ERROR_NOT_INTEGER,        /* a fraction or exponent where only integers are allowed */
  SILLOK_JSON_ERROR_DUPLICATE_KEY,      /* the same member name twice in one object */
  SILLOK_JSON_ERROR_TOO_DEEP,           /* arrays and objects nested beyond the limit */
  SILLOK_JSON_ERROR_TOO_LARGE,          /* a document or an object beyond the size limits */
  SILLOK_JSON_ERROR_NOT_SERIALIZABLE,   /* a tree RFC 8785 cannot write: NaN, Infinity, invalid UTF-8 */
} SillokJsonError;

typedef enum
{
  SILLOK_JSON_PARSE_DEFAULT       = 0,
  /* Sillok's own formats: every number an integer of magnitude at most
   * 2^53, written without fraction or exponent. */
  SILLOK_JSON_PARSE_INTEGERS_ONLY = 1 << 0,
} SillokJsonParseFlags;

/* 2^53: every integer up to this magnitude is exact in an IEEE-754 double. */
#define SILLOK_JSON_MAX_SAFE_INTEGER     G_GINT64_CONSTANT (9007199254740992)
/* The deepest nesting a caller may allow: json-glib frees trees recursively. */
#define SILLOK_JSON_MAX_DEPTH            1000

#define SILLOK_JSON_DEFAULT_MAX_BYTES    (1024 * 1024)
#define SILLOK_JSON_DEFAULT_MAX_DEPTH    64
#define SILLOK_JSON_DEFAULT_MAX_MEMBERS  1024

/* Limits on untrusted input.  Members per object are limited because
 * json-glib keeps them in a GHashTable with an unseeded hash: crafted
 * member names make each insertion cost time linear in the object's size. */
typedef struct
{
  gsize max_bytes;   /* the whole document */
  guint max_depth;   /* arrays and objects inside one another; at most SILLOK_JSON_MAX_DEPTH */
  guint max_members; /* members of any one object */
} SillokJsonLimits;

/* The default limits: 1 MiB, depth 64, 1024 members per object. */
#define SILLOK_JSON_LIMITS_INIT { SILLOK_JSON_DEFAULT_MAX_BYTES, SILLOK_JSON_DEFAULT_MAX_DEPTH, \
                                  SILLOK_JSON_DEFAULT_MAX_MEMBERS }

GQuark     sillok_json_error_quark    (void);

/* Parses @len bytes of UTF-8 JSON (RFC 8259, I-JSON rules of RFC 8785)
 * into a new tree, without recursion.  Integers of magnitude at most 2^53
 * written without fraction or exponent become G_TYPE_INT64 values, all
 * other numbers G_TYPE_DOUBLE.  Everything else RFC 8785 forbids is an
 * error that names the line, column and byte offset.  @limits may be NULL
 * for SILLOK_JSON_LIMITS_INIT. */
JsonNode      *sillok_jcs_parse           (const char             *data,
                                           gsize                   len,
                                           const SillokJsonLimits *limits,
                                           SillokJsonParseFlags    flags,
                                           GError                **error);

/* The RFC 8785 bytes of @node (NUL-terminated; @length may be NULL).
 * Works without recursion on trees of any depth. */
char          *sillok_jcs_serialize       (JsonNode  *node,
                                           gsize     *length,
                                           GError   **error);
/* The same bytes in guarded memory; no copy is left behind in ordinary
 * memory by the serializer. */
SillokSecret  *sillok_jcs_serialize_secret (JsonNode  *node,
                                            GError   **error);

/* Parses strictly, then serializes: the canonical form of a document. */
GBytes        *sillok_jcs_canonicalize    (const char             *data,
                                           gsize                   len,
                                           const SillokJsonLimits *limits,
                                           SillokJsonParseFlags    flags,
                                           GError                **error);

/* A finite double as ECMAScript Number::toString writes it (RFC 8785
 * §3.2.2.3): the shortest digits that read back to @value, -0 as "0". */
char          *sillok_jcs_format_number   (double    value,
                                           GError  **error);

/* Orders two UTF-8 member names by their UTF-16 code units, as RFC 8785
 * sorts them: negative, zero or positive like strcmp(). */
int            sillok_jcs_compare_names   (const char *a,
                                           const char *b);

G_END_DECLS
