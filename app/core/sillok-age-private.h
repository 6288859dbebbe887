/* sillok-age-private.h: the parts of age v1 the encryptor and decryptor share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok-age.h"

G_BEGIN_DECLS

/* Primitives (sillok-age-primitives.c) */

#define SILLOK_AGE_HKDF_BYTES 32

/* HKDF-SHA-256 (RFC 5869) with L = 32, intermediate key in guarded memory. */
void      sillok_age_hkdf               (const guint8 *ikm,
                                         gsize         ikm_len,
                                         const guint8 *salt,
                                         gsize         salt_len,
                                         const char   *info,
                                         guint8        out[SILLOK_AGE_HKDF_BYTES]);
/* Canonical base64 without padding, as the header uses it. */
char     *sillok_age_base64_encode      (const guint8 *data,
                                         gsize         len);
/* Decodes exactly @str_len characters of canonical unpadded base64 into at
 * most @max bytes; FALSE on any other byte, leftover bits or overflow. */
gboolean  sillok_age_base64_decode      (const char   *str,
                                         gsize         str_len,
                                         guint8       *out,
                                         gsize         max,
                                         gsize        *out_len);
/* ChaCha20-Poly1305 of the file key under @key and a zero nonce. */
void      sillok_age_wrap_file_key      (const guint8 key[SILLOK_AGE_HKDF_BYTES],
                                         SillokSecret *file_key,
                                         guint8        body[SILLOK_AGE_WRAPPED_KEY_BYTES]);
/* The file key, or NULL when the tag does not match. */
SillokSecret *sillok_age_unwrap_file_key (const guint8 key[SILLOK_AGE_HKDF_BYTES],
                                          const guint8 body[SILLOK_AGE_WRAPPED_KEY_BYTES]);

/* Header (sillok-age-header.c) */

typedef struct
{
  char    *type;
  char   **args;      /* NULL-terminated, the type not included */
  guint    n_args;
  guint8  *body;
  gsize    body_len;
} SillokAgeStanza;

typedef struct
{
  GPtrArray *stanzas;              /* SillokAgeStanza */
  guint8     mac[SILLOK_AGE_MAC_BYTES];
  GBytes    *bytes;                /* the whole header, MAC line included */
  gsize      mac_input_len;        /* bytes the MAC covers: up to "---" */
} SillokAgeHeader;

SillokAgeStanza *sillok_age_stanza_new  (const char         *type,
                                         const char * const *args,
                                         const guint8       *body,
                                         gsize               body_len);
void             sillok_age_stanza_free (SillokAgeStanza *stanza);
void             sillok_age_header_free (SillokAgeHeader *header);

/* Parses the header at the start of @data.  Returns it with its length in
 * @header_len once complete; NULL with a SILLOK_AGE_ERROR_HEADER error when
 * malformed; NULL without error when @data is a valid beginning that needs
 * more bytes (never when @at_eof). */
SillokAgeHeader *sillok_age_header_parse (const guint8 *data,
                                          gsize         len,
                                          gboolean      at_eof,
                                          gsize        *header_len,
                                          GError      **error);
/* The header for @stanzas with its MAC under @file_key. */
GBytes          *sillok_age_header_write (GPtrArray    *stanzas,
                                          SillokSecret *file_key);
/* Constant-time check of the header's MAC under @file_key. */
gboolean         sillok_age_header_verify_mac (SillokAgeHeader *header,
                                               SillokSecret    *file_key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokAgeStanza, sillok_age_stanza_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokAgeHeader, sillok_age_header_free)

/* Recipient types (sillok-age-x25519.c, sillok-age-scrypt.c) */

typedef enum
{
  SILLOK_AGE_UNWRAP_MATCH,     /* the file key is out */
  SILLOK_AGE_UNWRAP_NO_MATCH,  /* another type, or not for this key */
  SILLOK_AGE_UNWRAP_ERROR,     /* a malformed stanza of this type: stop */
} SillokAgeUnwrapResult;

/* NULL with SILLOK_AGE_ERROR_KEY when @recipient is a low-order point. */
SillokAgeStanza      *sillok_age_x25519_wrap   (const SillokAgeRecipient *recipient,
                                                SillokSecret             *file_key,
                                                const guint8              ephemeral_secret[SILLOK_AGE_KEYBYTES],
                                                GError                  **error);
SillokAgeUnwrapResult sillok_age_x25519_unwrap (SillokAgeIdentity     *identity,
                                                const SillokAgeStanza *stanza,
                                                SillokSecret         **file_key,
                                                GError               **error);
SillokAgeStanza      *sillok_age_scrypt_wrap   (SillokSecret *passphrase,
                                                guint         work_factor,
                                                const guint8  salt[SILLOK_AGE_SCRYPT_SALT_BYTES],
                                                SillokSecret *file_key,
                                                GError      **error);
SillokAgeUnwrapResult sillok_age_scrypt_unwrap (SillokSecret          *passphrase,
                                                guint                  max_work_factor,
                                                const SillokAgeStanza *stanza,
                                                SillokSecret         **file_key,
                                                GError               **error);

/* STREAM (sillok-age-stream.c) */

#define SILLOK_AGE_STREAM_KEY_BYTES 32

/* HKDF-SHA-256(file key, salt = nonce, "payload"). */
SillokSecret *sillok_age_stream_key   (SillokSecret *file_key,
                                       const guint8  nonce[SILLOK_AGE_NONCE_BYTES]);
/* Encrypts @len ≤ 64 KiB bytes at @buf in place, appending the tag. */
void          sillok_age_stream_seal  (SillokSecret *key,
                                       guint64       counter,
                                       gboolean      last,
                                       guint8       *buf,
                                       gsize         len);
/* Decrypts @len bytes (tag included) from @in into @out; FALSE when the tag
 * does not match (then @out is zeroed and @in untouched). */
gboolean      sillok_age_stream_open  (SillokSecret *key,
                                       guint64       counter,
                                       gboolean      last,
                                       const guint8 *in,
                                       gsize         len,
                                       guint8       *out);

/* ASCII armor (sillok-age-armor.c) */

#define SILLOK_TYPE_AGE_ARMOR_INPUT_STREAM (sillok_age_armor_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (SillokAgeArmorInputStream, sillok_age_armor_input_stream,
                      SILLOK, AGE_ARMOR_INPUT_STREAM, GFilterInputStream)
#define SILLOK_TYPE_AGE_ARMOR_OUTPUT_STREAM (sillok_age_armor_output_stream_get_type ())
G_DECLARE_FINAL_TYPE (SillokAgeArmorOutputStream, sillok_age_armor_output_stream,
                      SILLOK, AGE_ARMOR_OUTPUT_STREAM, GFilterOutputStream)

/* Decodes the armored file in @base; errors are SILLOK_AGE_ERROR_ARMOR. */
GInputStream  *sillok_age_armor_input_stream_new  (GInputStream  *base);
/* Armors what is written; closing writes the END line, and closes @base
 * only when @close_base. */
GOutputStream *sillok_age_armor_output_stream_new (GOutputStream *base,
                                                   gboolean       close_base);
/* TRUE when @data, after at most 2 KiB of whitespace, starts with the
 * BEGIN line. */
gboolean       sillok_age_armor_detect            (const guint8 *data,
                                                   gsize         len);
/* The bytes needed before sillok_age_armor_detect() can decide. */
#define SILLOK_AGE_ARMOR_DETECT_BYTES (2 * SILLOK_AGE_ARMOR_WHITESPACE_MAX + sizeof SILLOK_AGE_ARMOR_BEGIN)

/* Hooks for known-answer tests and memory checks */

/* Fills @buf with @len bytes; the encryptor asks, in order, for the file
 * key, each recipient's ephemeral secret (or the scrypt salt), and the
 * payload nonce. */
typedef void (*SillokAgeRandomFunc) (guint8   *buf,
                                     gsize     len,
                                     gpointer  user_data);

void   sillok_age_encryptor_set_random_func (SillokAgeEncryptor  *self,
                                             SillokAgeRandomFunc  func,
                                             gpointer             user_data);
/* Bytes of buffers the encryptor or decryptor holds now. */
gsize  sillok_age_encryptor_get_buffer_size (SillokAgeEncryptor *self);
gsize  sillok_age_decryptor_get_buffer_size (SillokAgeDecryptor *self);

G_END_DECLS
