/* sillok-vault.h: the encrypted vault, its key slots and its identity
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-age.h"
#include "sillok-minisign.h"
#include "sillok-secret.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_VAULT (sillok_vault_get_type ())
G_DECLARE_FINAL_TYPE (SillokVault, sillok_vault, SILLOK, VAULT, GObject)

#define SILLOK_VAULT_ERROR (sillok_vault_error_quark ())

typedef enum
{
  SILLOK_VAULT_ERROR_NOT_FOUND,        /* the folder holds no vault */
  SILLOK_VAULT_ERROR_EXISTS,           /* creating over a vault or other files */
  SILLOK_VAULT_ERROR_IN_USE,           /* another process has the vault open */
  SILLOK_VAULT_ERROR_WRONG_PASSPHRASE, /* neither passphrase nor recovery key fits */
  SILLOK_VAULT_ERROR_DAMAGED,          /* keyslots.json or vault.db unreadable */
  SILLOK_VAULT_ERROR_LOCKED,           /* the operation needs an unlocked vault */
  SILLOK_VAULT_ERROR_ERASED,           /* erased by the failed-unlock policy */
  SILLOK_VAULT_ERROR_INVALID,          /* a bad argument: empty name, unknown preset */
  SILLOK_VAULT_ERROR_NEWER,            /* made by a newer Sillok */
} SillokVaultError;

typedef enum
{
  SILLOK_KDF_INTERACTIVE,  /* Argon2id ops 2, 64 MiB: tests and slow machines */
  SILLOK_KDF_MODERATE,     /* Argon2id ops 3, 256 MiB: the default */
  SILLOK_KDF_SENSITIVE,    /* Argon2id ops 4, 1 GiB */
} SillokKdfPreset;

/* Longest wait between unlock attempts, in seconds. */
#define SILLOK_VAULT_MAX_UNLOCK_DELAY 30

GQuark        sillok_vault_error_quark        (void);

gboolean      sillok_kdf_preset_from_string   (const char      *str,
                                               SillokKdfPreset *preset);
const char   *sillok_kdf_preset_to_string     (SillokKdfPreset  preset);

/* $XDG_DATA_HOME/sillok/vault */
char         *sillok_vault_default_path       (void);
/* TRUE when @path holds a keyslots.json. */
gboolean      sillok_vault_exists_at          (const char      *path);

/* A handle on the vault folder @path; does no I/O. */
SillokVault  *sillok_vault_new                (const char      *path);
const char   *sillok_vault_get_path           (SillokVault     *self);

/* Creates a vault in @path (absent or empty) for the interviewer @name,
 * with a new signing identity and age identity, and leaves it open and
 * unlocked.  On failure nothing of it remains. */
gboolean      sillok_vault_create             (SillokVault     *self,
                                               const char      *name,
                                               SillokSecret    *passphrase,
                                               SillokKdfPreset  preset,
                                               GCancellable    *cancellable,
                                               GError         **error);
void          sillok_vault_create_async       (SillokVault     *self,
                                               const char      *name,
                                               SillokSecret    *passphrase,
                                               SillokKdfPreset  preset,
                                               GCancellable    *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer         user_data);
gboolean      sillok_vault_create_finish      (SillokVault     *self,
                                               GAsyncResult    *result,
                                               GError         **error);

/* Takes the vault's lock (SILLOK_VAULT_ERROR_IN_USE if another process has
 * it) and reads keyslots.json; the vault stays locked.  Unlocking opens it
 * first if needed. */
gboolean      sillok_vault_open               (SillokVault     *self,
                                               GError         **error);
/* Releases the lock, locking the vault first. */
void          sillok_vault_close              (SillokVault     *self);

/* Unlocks with the passphrase, or with the recovery key when @recovery.
 * Waits first while failed attempts call for it (see
 * sillok_vault_get_unlock_delay()); counts the attempt as failed before
 * trying so that killing the process gains nothing; erases the vault when
 * the failed-unlock policy says so. */
gboolean      sillok_vault_unlock             (SillokVault     *self,
                                               SillokSecret    *secret,
                                               gboolean         recovery,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* The same on a worker thread; @secret is copied. */
void          sillok_vault_unlock_async       (SillokVault     *self,
                                               SillokSecret    *secret,
                                               gboolean         recovery,
                                               GCancellable    *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer         user_data);
gboolean      sillok_vault_unlock_finish      (SillokVault     *self,
                                               GAsyncResult    *result,
                                               GError         **error);
/* Closes the database and wipes every key from memory; the lock is kept. */
void          sillok_vault_lock               (SillokVault     *self);
gboolean      sillok_vault_is_locked          (SillokVault     *self);

/* Consecutive failed unlocks, as recorded in keyslots.json. */
guint         sillok_vault_get_failed_attempts (SillokVault    *self);
/* Seconds the next unlock attempt will wait before trying (0, 1, 2, 4 … 30). */
guint         sillok_vault_get_unlock_delay   (SillokVault     *self);
/* The failed-unlock policy: erase after this many failures; 0 = never. */
guint         sillok_vault_get_erase_after    (SillokVault     *self);
gboolean      sillok_vault_set_erase_after    (SillokVault     *self,
                                               guint            attempts,
                                               GError         **error);
SillokKdfPreset sillok_vault_get_kdf_preset   (SillokVault     *self);
const char   *sillok_vault_get_uuid           (SillokVault     *self);
gboolean      sillok_vault_has_recovery_key   (SillokVault     *self);

/* Rewraps the master key under a new passphrase (the database is not
 * re-encrypted).  keyslots.json is replaced atomically: an interruption
 * leaves the old or the new passphrase working, never neither. */
gboolean      sillok_vault_change_passphrase  (SillokVault     *self,
                                               SillokSecret    *new_passphrase,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* Adds a recovery key slot (replacing any earlier one) and returns the key
 * as it must be shown, once, to the user: 8 groups of 4 letters. */
SillokSecret *sillok_vault_add_recovery_key   (SillokVault     *self,
                                               GCancellable    *cancellable,
                                               GError         **error);

/* Crypto-shredding: overwrites keyslots.json with random bytes, syncs it,
 * then deletes the whole folder.  Needs no passphrase. */
gboolean      sillok_vault_erase              (SillokVault     *self,
                                               GError         **error);

/* The identity of an unlocked vault. */
const char   *sillok_vault_get_name           (SillokVault     *self);
char         *sillok_vault_get_key_id         (SillokVault     *self);
void          sillok_vault_get_public_key     (SillokVault     *self,
                                               SillokMinisignPublicKey *out);
/* Borrowed; valid until the vault locks. */
SillokMinisignSecretKey *sillok_vault_get_signing_key (SillokVault *self);
SillokAgeIdentity       *sillok_vault_get_age_identity (SillokVault *self);
char         *sillok_vault_get_age_recipient  (SillokVault     *self);

G_END_DECLS
