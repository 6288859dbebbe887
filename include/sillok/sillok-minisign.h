/* sillok-minisign.h: minisign key and signature files (minisign 0.11)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sillok-secret.h"

G_BEGIN_DECLS

/* Byte layouts, as in minisign's src/minisign.h. */
#define SILLOK_MINISIGN_KEYNUMBYTES          8
#define SILLOK_MINISIGN_PUBLICKEYBYTES       32
#define SILLOK_MINISIGN_SECRETKEYBYTES       64
#define SILLOK_MINISIGN_SEEDBYTES            32
#define SILLOK_MINISIGN_SIGBYTES             64
#define SILLOK_MINISIGN_HASHBYTES            64
#define SILLOK_MINISIGN_CHECKSUMBYTES        32
#define SILLOK_MINISIGN_KDF_SALTBYTES        32
/* sig_alg[2] | keynum[8] | pk[32] */
#define SILLOK_MINISIGN_PUBKEY_STRUCT_BYTES  42
/* sig_alg[2] | keynum[8] | sig[64] */
#define SILLOK_MINISIGN_SIG_STRUCT_BYTES     74
/* sig_alg[2] | kdf_alg[2] | chk_alg[2] | salt[32] | ops[8] | mem[8] | keynum[8] | sk[64] | chk[32] */
#define SILLOK_MINISIGN_SECKEY_STRUCT_BYTES  158
/* fgets() buffer of an untrusted-comment line, newline included. */
#define SILLOK_MINISIGN_COMMENT_MAX          1024
/* A trusted comment line, prefix and newline included. */
#define SILLOK_MINISIGN_TRUSTED_COMMENT_MAX  8192

#define SILLOK_MINISIGN_COMMENT_PREFIX         "untrusted comment: "
#define SILLOK_MINISIGN_TRUSTED_COMMENT_PREFIX "trusted comment: "

#define SILLOK_MINISIGN_ERROR (sillok_minisign_error_quark ())

typedef enum
{
  SILLOK_MINISIGN_ERROR_FORMAT,           /* not a well-formed key or signature file */
  SILLOK_MINISIGN_ERROR_UNSUPPORTED,      /* an algorithm minisign does not define */
  SILLOK_MINISIGN_ERROR_LEGACY,           /* a legacy "Ed" signature where only "ED" is allowed */
  SILLOK_MINISIGN_ERROR_KEY_ID_MISMATCH,  /* signed by another key */
  SILLOK_MINISIGN_ERROR_SIGNATURE,        /* the signature does not match the message */
  SILLOK_MINISIGN_ERROR_GLOBAL_SIGNATURE, /* the trusted comment was changed */
  SILLOK_MINISIGN_ERROR_WRONG_PASSWORD,   /* the secret key's checksum does not match */
  SILLOK_MINISIGN_ERROR_COMMENT,          /* a comment too long or with line breaks */
} SillokMinisignError;

typedef enum
{
  SILLOK_MINISIGN_VERIFY_DEFAULT      = 0,
  SILLOK_MINISIGN_VERIFY_ALLOW_LEGACY = 1 << 0, /* accept non-prehashed "Ed" signatures */
} SillokMinisignVerifyFlags;

typedef struct
{
  guint8 keynum[SILLOK_MINISIGN_KEYNUMBYTES];
  guint8 pk[SILLOK_MINISIGN_PUBLICKEYBYTES];
} SillokMinisignPublicKey;

typedef struct
{
  gboolean  prehashed;                          /* "ED" rather than legacy "Ed" */
  guint8    keynum[SILLOK_MINISIGN_KEYNUMBYTES];
  guint8    sig[SILLOK_MINISIGN_SIGBYTES];
  char     *untrusted_comment;                  /* without prefix and newline */
  char     *trusted_comment;                    /* without prefix and newline */
  guint8    global_sig[SILLOK_MINISIGN_SIGBYTES];
} SillokMinisignSignature;

/* A secret key (key id and the 64-byte Ed25519 secret key) in guarded memory. */
typedef struct _SillokMinisignSecretKey SillokMinisignSecretKey;

GQuark                   sillok_minisign_error_quark           (void);

/* Key ids as minisign shows them: the 8 bytes read little-endian, as 16
 * upper-case hex digits. */
char                    *sillok_minisign_key_id_to_string      (const guint8 keynum[SILLOK_MINISIGN_KEYNUMBYTES]);
gboolean                 sillok_minisign_key_id_from_string    (const char  *str,
                                                                guint8       keynum[SILLOK_MINISIGN_KEYNUMBYTES]);

/* A new key pair with a random key id whose first hex digit is not 0, so
 * that minisign 0.11 and later print it alike. */
SillokMinisignSecretKey *sillok_minisign_secret_key_generate    (void);
/* The key pair of a 32-byte seed, with the given key id. */
SillokMinisignSecretKey *sillok_minisign_secret_key_new_from_seed (const guint8 seed[SILLOK_MINISIGN_SEEDBYTES],
                                                                  const guint8 keynum[SILLOK_MINISIGN_KEYNUMBYTES]);
void                     sillok_minisign_secret_key_free        (SillokMinisignSecretKey *key);
const guint8            *sillok_minisign_secret_key_get_keynum  (SillokMinisignSecretKey *key);
/* The 32-byte seed, copied into a secret. */
SillokSecret            *sillok_minisign_secret_key_get_seed    (SillokMinisignSecretKey *key);
void                     sillok_minisign_secret_key_get_public  (SillokMinisignSecretKey *key,
                                                                 SillokMinisignPublicKey *out);

/* The text of a secret key file.  With @password the key is encrypted with
 * scrypt(@opslimit, @memlimit) as minisign -G does; without, it is written as
 * minisign -W does (kdf "\0\0", all-zero checksum). */
SillokSecret            *sillok_minisign_secret_key_to_file     (SillokMinisignSecretKey *key,
                                                                 const char   *comment,
                                                                 SillokSecret *password,
                                                                 guint64       opslimit,
                                                                 gsize         memlimit,
                                                                 GError      **error);
/* Parses a secret key file; @password is needed when the key is encrypted. */
SillokMinisignSecretKey *sillok_minisign_secret_key_parse       (const char   *data,
                                                                 gsize         len,
                                                                 SillokSecret *password,
                                                                 GError      **error);

/* "untrusted comment: minisign public key <KEYID>\n<base64>\n" */
char                    *sillok_minisign_public_key_to_file     (const SillokMinisignPublicKey *key);
/* The base64 line alone (what minisign -P takes). */
char                    *sillok_minisign_public_key_to_base64   (const SillokMinisignPublicKey *key);
gboolean                 sillok_minisign_public_key_parse       (const char  *data,
                                                                 gsize        len,
                                                                 SillokMinisignPublicKey *out,
                                                                 GError     **error);
gboolean                 sillok_minisign_public_key_parse_base64 (const char *b64,
                                                                  gsize       len,
                                                                  SillokMinisignPublicKey *out,
                                                                  GError    **error);

/* BLAKE2b-512 of a message, the prehash of "ED" signatures. */
void                     sillok_minisign_prehash                (const guint8 *msg,
                                                                 gsize         len,
                                                                 guint8        hash[SILLOK_MINISIGN_HASHBYTES]);

/* A prehashed ("ED") signature file over the message whose BLAKE2b-512 is
 * @hash.  Comments must be printable UTF-8 without line breaks; the untrusted
 * one defaults to "signature from minisign secret key". */
char                    *sillok_minisign_sign_prehashed         (SillokMinisignSecretKey *key,
                                                                 const guint8  hash[SILLOK_MINISIGN_HASHBYTES],
                                                                 const char   *untrusted_comment,
                                                                 const char   *trusted_comment,
                                                                 GError      **error);
/* The same over a message held in memory. */
char                    *sillok_minisign_sign                   (SillokMinisignSecretKey *key,
                                                                 const guint8 *msg,
                                                                 gsize         len,
                                                                 const char   *untrusted_comment,
                                                                 const char   *trusted_comment,
                                                                 GError      **error);

/* Parses a signature file strictly, with minisign 0.11's line limits. */
SillokMinisignSignature *sillok_minisign_signature_parse        (const char  *data,
                                                                 gsize        len,
                                                                 GError     **error);
void                     sillok_minisign_signature_free         (SillokMinisignSignature *sig);

/* Verifies in minisign's order: algorithm, key id, signature, global
 * signature; the error code names the first check that failed.  Legacy
 * signatures need the message itself: call sillok_minisign_verify(). */
gboolean                 sillok_minisign_verify_prehashed       (const SillokMinisignPublicKey *key,
                                                                 const SillokMinisignSignature *sig,
                                                                 const guint8  hash[SILLOK_MINISIGN_HASHBYTES],
                                                                 GError      **error);
gboolean                 sillok_minisign_verify                 (const SillokMinisignPublicKey *key,
                                                                 const SillokMinisignSignature *sig,
                                                                 const guint8 *msg,
                                                                 gsize         len,
                                                                 SillokMinisignVerifyFlags flags,
                                                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokMinisignSecretKey, sillok_minisign_secret_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokMinisignSignature, sillok_minisign_signature_free)

G_END_DECLS
