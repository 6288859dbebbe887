/* sillok-keyslots.h: keyslots.json, the wrapped master key of a vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok-secret.h"
#include "sillok/sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_KEYSLOTS_FORMAT      "sillok-keyslots/1"
#define SILLOK_KEYSLOTS_AD_PREFIX   "sillok-keyslot/1"
#define SILLOK_KEYSLOTS_KDF         "argon2id13"
#define SILLOK_KEYSLOTS_MAX_SIZE    (64 * 1024)
#define SILLOK_MASTER_KEY_BYTES     32
#define SILLOK_KEYSLOT_SALT_BYTES   16
#define SILLOK_KEYSLOT_NONCE_BYTES  24
#define SILLOK_KEYSLOT_WRAPPED_BYTES (SILLOK_MASTER_KEY_BYTES + 16)
#define SILLOK_RECOVERY_KEY_BYTES   20

typedef enum
{
  SILLOK_KEYSLOT_PASSPHRASE,
  SILLOK_KEYSLOT_RECOVERY,
} SillokKeyslotKind;

typedef struct
{
  SillokKeyslotKind kind;
  guint64 opslimit;
  gsize   memlimit;
  guint8  salt[SILLOK_KEYSLOT_SALT_BYTES];
  guint8  nonce[SILLOK_KEYSLOT_NONCE_BYTES];
  guint8  wrapped[SILLOK_KEYSLOT_WRAPPED_BYTES];
} SillokKeyslot;

typedef struct
{
  char          *vault;            /* UUID */
  guint          failed_attempts;
  guint          erase_after;      /* 0 = never */
  GArray        *slots;            /* SillokKeyslot */
} SillokKeyslots;

SillokKeyslots *sillok_keyslots_new          (const char      *vault_uuid);
void            sillok_keyslots_free         (SillokKeyslots  *keyslots);
/* Strict reader: exactly the members of the format, canonical base64, sane KDF limits. */
SillokKeyslots *sillok_keyslots_parse        (const char      *data,
                                              gsize            len,
                                              GError         **error);
/* The file's bytes, members in the documented order, ending with LF. */
char           *sillok_keyslots_serialize    (SillokKeyslots  *keyslots,
                                              gsize           *len);
SillokKeyslots *sillok_keyslots_load         (const char      *path,
                                              GError         **error);
/* Replaces the file atomically; @failpoint_prefix names its failpoints. */
gboolean        sillok_keyslots_save         (SillokKeyslots  *keyslots,
                                              const char      *path,
                                              const char      *failpoint_prefix,
                                              GError         **error);
/* The slot of @kind, or NULL. */
SillokKeyslot  *sillok_keyslots_find         (SillokKeyslots  *keyslots,
                                              SillokKeyslotKind kind);
/* Wraps @master_key under @secret and puts the slot in place of any slot of the same kind. */
gboolean        sillok_keyslots_set          (SillokKeyslots  *keyslots,
                                              SillokKeyslotKind kind,
                                              SillokSecret    *secret,
                                              guint64          opslimit,
                                              gsize            memlimit,
                                              SillokSecret    *master_key,
                                              GError         **error);
/* The master key, or NULL with SILLOK_VAULT_ERROR_WRONG_PASSPHRASE. */
SillokSecret   *sillok_keyslots_unwrap       (SillokKeyslots  *keyslots,
                                              SillokKeyslotKind kind,
                                              SillokSecret    *secret,
                                              GError         **error);

/* Argon2id limits of a preset. */
void            sillok_kdf_preset_limits     (SillokKdfPreset  preset,
                                              guint64         *opslimit,
                                              gsize           *memlimit);

/* Recovery keys: 20 random bytes shown as 8 groups of 4 base32 letters. */
SillokSecret   *sillok_recovery_key_generate (SillokSecret   **display);
SillokSecret   *sillok_recovery_key_parse    (SillokSecret    *display,
                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokKeyslots, sillok_keyslots_free)

G_END_DECLS
