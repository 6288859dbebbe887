/* sillok-age.h: age v1 files (age-encryption.org/v1): keys, encryption, decryption
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-progress.h"
#include "sillok-secret.h"

G_BEGIN_DECLS

#define SILLOK_AGE_KEYBYTES 32

#define SILLOK_AGE_RECIPIENT_HRP "age"
#define SILLOK_AGE_IDENTITY_HRP  "AGE-SECRET-KEY-"

/* Byte layout of an age v1 file:
 *   header (text, LF only) || payload nonce || STREAM chunks
 * header  = version line, one or more stanzas, MAC line
 * stanza  = "-> " TYPE *(" " ARG) LF, body in base64 (no padding) wrapped at
 *           64 columns, ending with a line of fewer than 64 columns (maybe empty)
 * MAC     = "--- " base64(HMAC-SHA-256) LF, over the header up to "---" */
#define SILLOK_AGE_VERSION_LINE            "age-encryption.org/v1"
#define SILLOK_AGE_STANZA_PREFIX           "->"
#define SILLOK_AGE_MAC_PREFIX              "---"
#define SILLOK_AGE_FILE_KEY_BYTES          16
#define SILLOK_AGE_MAC_BYTES               32
/* A full body line: 64 base64 characters holding 48 bytes. */
#define SILLOK_AGE_BODY_LINE_COLUMNS       64
#define SILLOK_AGE_BODY_LINE_BYTES         48
/* A wrapped file key: ChaCha20-Poly1305 of the file key under a zero nonce. */
#define SILLOK_AGE_WRAPPED_KEY_BYTES       (SILLOK_AGE_FILE_KEY_BYTES + SILLOK_AGE_TAG_BYTES)
#define SILLOK_AGE_HEADER_MAC_INFO         "header"

/* "-> X25519 base64(ephemeral share)", body = wrapped file key */
#define SILLOK_AGE_X25519_TYPE             "X25519"
#define SILLOK_AGE_X25519_INFO             "age-encryption.org/v1/X25519"

/* "-> scrypt base64(salt) LOG2N", body = wrapped file key; alone in its header */
#define SILLOK_AGE_SCRYPT_TYPE             "scrypt"
#define SILLOK_AGE_SCRYPT_SALT_LABEL       "age-encryption.org/v1/scrypt"
#define SILLOK_AGE_SCRYPT_SALT_BYTES       16
#define SILLOK_AGE_SCRYPT_R                8
#define SILLOK_AGE_SCRYPT_P                1
#define SILLOK_AGE_SCRYPT_DEFAULT_WORK_FACTOR 18
/* The highest work factor a reader accepts unless told otherwise (4 GiB). */
#define SILLOK_AGE_SCRYPT_MAX_WORK_FACTOR  22
/* The highest work factor a writer accepts, as age. */
#define SILLOK_AGE_SCRYPT_WORK_FACTOR_LIMIT 30

/* Payload: nonce, then ChaCha20-Poly1305 chunks under
 * HKDF-SHA-256(file key, salt = nonce, "payload"), with the 12-byte nonce
 * uint88_be(counter) || last-chunk flag. */
#define SILLOK_AGE_NONCE_BYTES             16
#define SILLOK_AGE_PAYLOAD_INFO            "payload"
#define SILLOK_AGE_CHUNK_BYTES             65536
#define SILLOK_AGE_TAG_BYTES               16
#define SILLOK_AGE_ENCRYPTED_CHUNK_BYTES   (SILLOK_AGE_CHUNK_BYTES + SILLOK_AGE_TAG_BYTES)

/* The longest header Sillok reads (age has no limit; real ones are a few
 * hundred bytes per recipient). */
#define SILLOK_AGE_HEADER_MAX              (1024 * 1024)

/* ASCII armor: strict PEM, padded base64 in 64-column lines. */
#define SILLOK_AGE_ARMOR_BEGIN             "-----BEGIN AGE ENCRYPTED FILE-----"
#define SILLOK_AGE_ARMOR_END               "-----END AGE ENCRYPTED FILE-----"
#define SILLOK_AGE_ARMOR_COLUMNS           64
#define SILLOK_AGE_ARMOR_LINE_BYTES        48
/* Whitespace allowed before and after the armor, in bytes (exclusive after). */
#define SILLOK_AGE_ARMOR_WHITESPACE_MAX    1024

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

/* How a decryptor reads its input. */
typedef enum
{
  SILLOK_AGE_INPUT_AUTO,    /* armored when the BEGIN line follows optional whitespace */
  SILLOK_AGE_INPUT_BINARY,
  SILLOK_AGE_INPUT_ARMORED,
} SillokAgeInputFormat;

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

/* Encryption.  The encryptor writes the header with the first write (or
 * at finish), then one chunk per 64 KiB; it keeps one chunk in guarded
 * memory, whatever the size of the file.  Output ends with a valid age
 * file only after sillok_age_encryptor_finish() succeeds: an encryptor
 * dropped earlier, failed or cancelled leaves a file without its final
 * chunk, which every reader rejects. */
#define SILLOK_TYPE_AGE_ENCRYPTOR (sillok_age_encryptor_get_type ())
G_DECLARE_FINAL_TYPE (SillokAgeEncryptor, sillok_age_encryptor, SILLOK, AGE_ENCRYPTOR, GObject)

/* Encrypts to one or more X25519 recipients (one stanza each), writing to
 * @output, which stays open and the caller's. */
SillokAgeEncryptor *sillok_age_encryptor_new_for_recipients (GOutputStream            *output,
                                                             const SillokAgeRecipient *recipients,
                                                             gsize                     n_recipients);
/* Encrypts with @passphrase (copied) under scrypt, N = 2^@work_factor
 * (1 to SILLOK_AGE_SCRYPT_WORK_FACTOR_LIMIT; readers refuse more than
 * SILLOK_AGE_SCRYPT_MAX_WORK_FACTOR unless told otherwise). */
SillokAgeEncryptor *sillok_age_encryptor_new_for_passphrase (GOutputStream *output,
                                                             SillokSecret  *passphrase,
                                                             guint          work_factor);
/* Writes ASCII armor instead of binary; only before the first write. */
void                sillok_age_encryptor_set_armor          (SillokAgeEncryptor *self,
                                                             gboolean            armor);
/* Encrypts @len bytes; writes every chunk known not to be the last. */
gboolean            sillok_age_encryptor_write              (SillokAgeEncryptor *self,
                                                             const void         *data,
                                                             gsize               len,
                                                             GCancellable       *cancellable,
                                                             GError            **error);
/* Writes the final chunk (and the armor's end line) and flushes @output. */
gboolean            sillok_age_encryptor_finish             (SillokAgeEncryptor *self,
                                                             GCancellable       *cancellable,
                                                             GError            **error);
/* Encrypts all of @input and finishes, reporting plaintext bytes read
 * (of the file's size when @input is a file) after every chunk. */
gboolean            sillok_age_encryptor_splice             (SillokAgeEncryptor *self,
                                                             GInputStream       *input,
                                                             SillokProgressFunc  progress,
                                                             gpointer            progress_data,
                                                             GCancellable       *cancellable,
                                                             GError            **error);

/* Decryption.  The decryptor reads the header, unwraps the file key with
 * its identities and passphrases, checks the header MAC and reads the
 * nonce before it releases any plaintext; then it releases one
 * authenticated chunk at a time from guarded memory.  The end of the data
 * is reported only after the final chunk, with nothing after it.  Every
 * error is sticky: later calls return it again. */
#define SILLOK_TYPE_AGE_DECRYPTOR (sillok_age_decryptor_get_type ())
G_DECLARE_FINAL_TYPE (SillokAgeDecryptor, sillok_age_decryptor, SILLOK, AGE_DECRYPTOR, GObject)

/* Decrypts what @input holds; @input stays the caller's. */
SillokAgeDecryptor *sillok_age_decryptor_new                (GInputStream *input);
/* Adds an identity to try (copied into guarded memory). */
void                sillok_age_decryptor_add_identity       (SillokAgeDecryptor *self,
                                                             SillokAgeIdentity  *identity);
/* Adds a passphrase to try on an scrypt stanza (copied). */
void                sillok_age_decryptor_add_passphrase     (SillokAgeDecryptor *self,
                                                             SillokSecret       *passphrase);
/* Rejects scrypt work factors above @max as a header failure
 * (default SILLOK_AGE_SCRYPT_MAX_WORK_FACTOR). */
void                sillok_age_decryptor_set_max_work_factor (SillokAgeDecryptor *self,
                                                              guint               max);
/* Binary, armored or detected (the default). */
void                sillok_age_decryptor_set_input_format   (SillokAgeDecryptor  *self,
                                                             SillokAgeInputFormat format);
/* Reads and authenticates the header and reads the nonce; the read calls
 * do this first when it was not done. */
gboolean            sillok_age_decryptor_open               (SillokAgeDecryptor *self,
                                                             GCancellable       *cancellable,
                                                             GError            **error);
/* TRUE once the header was read (by open, even when it failed) and is
 * encrypted with a passphrase: its one stanza is scrypt. */
gboolean            sillok_age_decryptor_is_passphrase      (SillokAgeDecryptor *self);
/* Points @data at the next authenticated plaintext (the rest of the
 * current chunk, or the next chunk), valid until the next call; @len 0
 * means the file ended correctly. */
gboolean            sillok_age_decryptor_read_chunk         (SillokAgeDecryptor *self,
                                                             const guint8      **data,
                                                             gsize              *len,
                                                             GCancellable       *cancellable,
                                                             GError            **error);
/* Copies up to @count bytes of plaintext into @buffer: > 0 bytes, 0 at the
 * correct end, -1 on error. */
gssize              sillok_age_decryptor_read               (SillokAgeDecryptor *self,
                                                             void               *buffer,
                                                             gsize               count,
                                                             GCancellable       *cancellable,
                                                             GError            **error);
/* Decrypts everything into @output (left open, flushed), reporting
 * plaintext bytes after every chunk. */
gboolean            sillok_age_decryptor_splice             (SillokAgeDecryptor *self,
                                                             GOutputStream      *output,
                                                             SillokProgressFunc  progress,
                                                             gpointer            progress_data,
                                                             GCancellable       *cancellable,
                                                             GError            **error);

G_END_DECLS
