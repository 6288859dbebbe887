/* sillok-vault.c: the encrypted vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok-failpoint.h"
#include "sillok-fs.h"
#include "sillok-keyslots.h"
#include "sillok-vault-private.h"

#define KEYSLOTS_FILE "keyslots.json"
#define DB_FILE       "vault.db"
#define LOCK_FILE     "LOCK"
#define BLOBS_DIR     "blobs"
#define NAME_MAX_CHARS 200

struct _SillokVault
{
  GObject         parent_instance;

  char           *path;
  int             lock_fd;
  SillokKeyslots *keyslots;
  gint64          last_failure;   /* monotonic µs of this process's last failed unlock */

  /* Present only while unlocked. */
  SillokSecret            *master_key;
  sqlite3                 *db;
  char                    *name;
  SillokMinisignSecretKey *signing_key;
  SillokAgeIdentity       *age_identity;
};

G_DEFINE_TYPE (SillokVault, sillok_vault, G_TYPE_OBJECT)
G_DEFINE_QUARK (sillok-vault-error-quark, sillok_vault_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
vault_file (SillokVault *self,
            const char  *name)
{
  return g_build_filename (self->path, name, NULL);
}

gboolean
sillok_kdf_preset_from_string (const char      *str,
                               SillokKdfPreset *preset)
{
  if (g_strcmp0 (str, "interactive") == 0)
    *preset = SILLOK_KDF_INTERACTIVE;
  else if (g_strcmp0 (str, "moderate") == 0)
    *preset = SILLOK_KDF_MODERATE;
  else if (g_strcmp0 (str, "sensitive") == 0)
    *preset = SILLOK_KDF_SENSITIVE;
  else
    return FALSE;
  return TRUE;
}

const char *
sillok_kdf_preset_to_string (SillokKdfPreset preset)
{
  switch (preset)
    {
    case SILLOK_KDF_INTERACTIVE:
      return "interactive";
    case SILLOK_KDF_SENSITIVE:
      return "sensitive";
    case SILLOK_KDF_MODERATE:
    default:
      return "moderate";
    }
}

char *
sillok_vault_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "sillok", "vault", NULL);
}

gboolean
sillok_vault_exists_at (const char *path)
{
  g_autofree char *keyslots = g_build_filename (path, KEYSLOTS_FILE, NULL);

  return g_file_test (keyslots, G_FILE_TEST_EXISTS);
}

guint
sillok_vault_delay_for (guint failed)
{
  if (failed == 0)
    return 0;
  return MIN (1u << MIN (failed - 1, 5u), (guint) SILLOK_VAULT_MAX_UNLOCK_DELAY);
}

static void
wipe_keys (SillokVault *self)
{
  g_clear_pointer (&self->db, sillok_db_close);
  g_clear_pointer (&self->master_key, sillok_secret_free);
  g_clear_pointer (&self->signing_key, sillok_minisign_secret_key_free);
  g_clear_pointer (&self->age_identity, sillok_age_identity_free);
  if (self->name != NULL)
    sodium_memzero (self->name, strlen (self->name));
  g_clear_pointer (&self->name, g_free);
}

static void
release_lock (SillokVault *self)
{
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  g_clear_pointer (&self->keyslots, sillok_keyslots_free);
}

static void
sillok_vault_finalize (GObject *object)
{
  SillokVault *self = SILLOK_VAULT (object);

  wipe_keys (self);
  release_lock (self);
  g_free (self->path);

  G_OBJECT_CLASS (sillok_vault_parent_class)->finalize (object);
}

static void
sillok_vault_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SillokVault *self = SILLOK_VAULT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, sillok_vault_is_locked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_vault_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SillokVault *self = SILLOK_VAULT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_vault_class_init (SillokVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sillok_vault_finalize;
  object_class->get_property = sillok_vault_get_property;
  object_class->set_property = sillok_vault_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sillok_vault_init (SillokVault *self)
{
  self->lock_fd = -1;
}

SillokVault *
sillok_vault_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return g_object_new (SILLOK_TYPE_VAULT, "path", path, NULL);
}

const char *
sillok_vault_get_path (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  return self->path;
}

static gboolean
take_lock (SillokVault  *self,
           GError      **error)
{
  g_autofree char *lock_path = vault_file (self, LOCK_FILE);
  int fd;

  if (self->lock_fd >= 0)
    return TRUE;

  fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      sillok_fs_set_errno (error, errno, lock_path);
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_IN_USE,
                     _("The vault at %s is in use by another Sillok process"), self->path);
      else
        sillok_fs_set_errno (error, saved, lock_path);
      return FALSE;
    }
  self->lock_fd = fd;
  return TRUE;
}

static gboolean
check_db_present (SillokVault  *self,
                  GError      **error)
{
  g_autofree char *db_path = vault_file (self, DB_FILE);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED,
                   _("The vault at %s is damaged: vault.db is missing"), self->path);
      return FALSE;
    }
  return TRUE;
}

/* A process killed while replacing keyslots.json leaves its temporary
 * file; with the lock held nobody else is writing one. */
static void
remove_stale_temporaries (SillokVault *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "." KEYSLOTS_FILE ".") && g_str_has_suffix (name, ".tmp"))
      {
        g_autofree char *path = vault_file (self, name);
        g_unlink (path);
      }
}

gboolean
sillok_vault_open (SillokVault  *self,
                   GError      **error)
{
  g_autofree char *keyslots_path = NULL;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), FALSE);

  if (self->lock_fd >= 0 && self->keyslots != NULL)
    return TRUE;

  keyslots_path = vault_file (self, KEYSLOTS_FILE);
  if (!g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND,
                   _("There is no vault at %s"), self->path);
      return FALSE;
    }
  if (!g_file_test (keyslots_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND,
                   _("%s is not a Sillok vault (it has no keyslots.json)"), self->path);
      return FALSE;
    }
  if (!take_lock (self, error))
    return FALSE;

  self->keyslots = sillok_keyslots_load (keyslots_path, error);
  if (self->keyslots == NULL || !check_db_present (self, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      release_lock (self);
      return FALSE;
    }
  remove_stale_temporaries (self);
  return TRUE;
}

void
sillok_vault_close (SillokVault *self)
{
  g_return_if_fail (SILLOK_IS_VAULT (self));

  sillok_vault_lock (self);
  release_lock (self);
}

gboolean
sillok_vault_is_locked (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), TRUE);
  return self->master_key == NULL;
}

static gboolean
require_unlocked (SillokVault  *self,
                  GError      **error)
{
  if (self->master_key != NULL)
    return TRUE;
  g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED,
                       _("The vault is locked"));
  return FALSE;
}

/* Failpoint prefixes: the unlock counter's writes apart from the rewrapping ones. */
#define FP_COUNTER "keyslots-counter"
#define FP_SLOTS   "keyslots"

static gboolean
save_keyslots (SillokVault    *self,
               SillokKeyslots *keyslots,
               const char     *failpoint_prefix,
               GError        **error)
{
  g_autofree char *path = vault_file (self, KEYSLOTS_FILE);

  return sillok_keyslots_save (keyslots, path, failpoint_prefix, error);
}

static SillokKeyslots *
copy_keyslots (SillokKeyslots *keyslots)
{
  SillokKeyslots *copy = sillok_keyslots_new (keyslots->vault);

  copy->failed_attempts = keyslots->failed_attempts;
  copy->erase_after = keyslots->erase_after;
  g_array_append_vals (copy->slots, keyslots->slots->data, keyslots->slots->len);
  return copy;
}

/* Applies @keyslots (taking it): written to disk first, then kept in memory. */
static gboolean
commit_keyslots (SillokVault    *self,
                 SillokKeyslots *keyslots,
                 const char     *failpoint_prefix,
                 GError        **error)
{
  if (!save_keyslots (self, keyslots, failpoint_prefix, error))
    {
      sillok_keyslots_free (keyslots);
      return FALSE;
    }
  sillok_keyslots_free (self->keyslots);
  self->keyslots = keyslots;
  return TRUE;
}

static gboolean
load_identity (SillokVault  *self,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean have_name = FALSE;

  stmt = sillok_db_prepare (self->db, "SELECT value FROM meta WHERE key = 'name'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      self->name = g_strndup ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
      have_name = TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = sillok_db_prepare (self->db, "SELECT purpose, key_id, secret FROM keys", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *purpose = (const char *) sqlite3_column_text (stmt, 0);
      const guint8 *key_id = sqlite3_column_blob (stmt, 1);
      const guint8 *secret = sqlite3_column_blob (stmt, 2);
      int secret_len = sqlite3_column_bytes (stmt, 2);

      if (g_strcmp0 (purpose, "signing") == 0 && secret_len == SILLOK_MINISIGN_SEEDBYTES
          && sqlite3_column_bytes (stmt, 1) == SILLOK_MINISIGN_KEYNUMBYTES)
        self->signing_key = sillok_minisign_secret_key_new_from_seed (secret, key_id);
      else if (g_strcmp0 (purpose, "age") == 0 && secret_len == SILLOK_AGE_KEYBYTES)
        self->age_identity = sillok_age_identity_new_from_scalar (secret);
    }

  if (!have_name || self->signing_key == NULL || self->age_identity == NULL)
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED,
                   _("The vault at %s is damaged: its identity is missing"), self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_database (SillokVault  *self,
               gboolean      create,
               GError      **error)
{
  g_autofree char *db_path = vault_file (self, DB_FILE);

  self->db = sillok_db_open (db_path, self->master_key, create, error);
  return self->db != NULL;
}

static gboolean
wait_for_delay (SillokVault   *self,
                GCancellable  *cancellable,
                GError       **error)
{
  guint delay = sillok_vault_get_unlock_delay (self);
  gint64 until = g_get_monotonic_time () + (gint64) delay * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (100000, until - g_get_monotonic_time ()));
    }
  return TRUE;
}

static gboolean
erase_locked_files (SillokVault  *self,
                    GError      **error);

static gboolean
unlock_internal (SillokVault   *self,
                 SillokSecret  *secret,
                 gboolean       recovery,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SillokSecret) recovery_raw = NULL;
  g_autoptr(SillokKeyslots) counted = NULL;
  g_autoptr(SillokKeyslots) cleared = NULL;
  g_autoptr(GError) unwrap_error = NULL;
  SillokSecret *key_material = secret;

  if (!sillok_vault_open (self, error))
    return FALSE;
  if (self->master_key != NULL)
    return TRUE;
  if (!check_db_present (self, error))
    return FALSE;

  if (recovery)
    {
      recovery_raw = sillok_recovery_key_parse (secret, error);
      if (recovery_raw == NULL)
        return FALSE;
      key_material = recovery_raw;
    }

  if (!wait_for_delay (self, cancellable, error))
    return FALSE;

  /* Count the attempt as failed before trying it. */
  counted = copy_keyslots (self->keyslots);
  counted->failed_attempts++;
  if (!commit_keyslots (self, g_steal_pointer (&counted), FP_COUNTER, error))
    return FALSE;

  self->master_key = sillok_keyslots_unwrap (self->keyslots,
                                             recovery ? SILLOK_KEYSLOT_RECOVERY : SILLOK_KEYSLOT_PASSPHRASE,
                                             key_material, &unwrap_error);
  if (self->master_key == NULL)
    {
      self->last_failure = g_get_monotonic_time ();
      if (self->keyslots->erase_after > 0
          && self->keyslots->failed_attempts >= self->keyslots->erase_after
          && unwrap_error->code == SILLOK_VAULT_ERROR_WRONG_PASSPHRASE)
        {
          guint attempts = self->keyslots->failed_attempts;

          if (!erase_locked_files (self, error))
            return FALSE;
          g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_ERASED,
                       _("The vault was erased after %u failed unlock attempts, as its policy asks"),
                       attempts);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&unwrap_error));
      return FALSE;
    }

  cleared = copy_keyslots (self->keyslots);
  cleared->failed_attempts = 0;
  self->last_failure = 0;
  if (!commit_keyslots (self, g_steal_pointer (&cleared), FP_COUNTER, error)
      || !open_database (self, FALSE, error)
      || !load_identity (self, error))
    {
      wipe_keys (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_vault_unlock (SillokVault   *self,
                     SillokSecret  *secret,
                     gboolean       recovery,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gboolean was_locked;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  was_locked = sillok_vault_is_locked (self);
  if (!unlock_internal (self, secret, recovery, cancellable, error))
    return FALSE;
  if (was_locked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  return TRUE;
}

typedef struct
{
  SillokSecret   *secret;
  char           *name;
  gboolean        recovery;
  SillokKdfPreset preset;
} TaskData;

static void
task_data_free (TaskData *data)
{
  sillok_secret_free (data->secret);
  g_free (data->name);
  g_free (data);
}

static void
unlock_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (unlock_internal (source, data->secret, data->recovery, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sillok_vault_unlock_async (SillokVault        *self,
                           SillokSecret       *secret,
                           gboolean            recovery,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SILLOK_IS_VAULT (self));
  g_return_if_fail (secret != NULL);

  data = g_new0 (TaskData, 1);
  data->secret = sillok_secret_dup (secret);
  data->recovery = recovery;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sillok_vault_unlock_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

gboolean
sillok_vault_unlock_finish (SillokVault   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  return TRUE;
}

void
sillok_vault_lock (SillokVault *self)
{
  gboolean was_unlocked;

  g_return_if_fail (SILLOK_IS_VAULT (self));

  was_unlocked = self->master_key != NULL;
  wipe_keys (self);
  if (was_unlocked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

guint
sillok_vault_get_failed_attempts (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), 0);
  return self->keyslots != NULL ? self->keyslots->failed_attempts : 0;
}

guint
sillok_vault_get_unlock_delay (SillokVault *self)
{
  guint delay;
  gint64 elapsed;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), 0);

  delay = sillok_vault_delay_for (sillok_vault_get_failed_attempts (self));
  if (delay == 0 || self->last_failure == 0)
    return delay;
  /* This process saw the failure: only the rest of the wait is left. */
  elapsed = (g_get_monotonic_time () - self->last_failure) / G_USEC_PER_SEC;
  return elapsed >= delay ? 0 : delay - (guint) elapsed;
}

guint
sillok_vault_get_erase_after (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), 0);
  return self->keyslots != NULL ? self->keyslots->erase_after : 0;
}

gboolean
sillok_vault_set_erase_after (SillokVault  *self,
                              guint         attempts,
                              GError      **error)
{
  g_autoptr(SillokKeyslots) next = NULL;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), FALSE);

  if (!require_unlocked (self, error))
    return FALSE;
  next = copy_keyslots (self->keyslots);
  next->erase_after = attempts;
  return commit_keyslots (self, g_steal_pointer (&next), FP_SLOTS, error);
}

SillokKdfPreset
sillok_vault_get_kdf_preset (SillokVault *self)
{
  SillokKeyslot *slot;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), SILLOK_KDF_MODERATE);

  slot = self->keyslots != NULL ? sillok_keyslots_find (self->keyslots, SILLOK_KEYSLOT_PASSPHRASE) : NULL;
  if (slot == NULL)
    return SILLOK_KDF_MODERATE;
  for (SillokKdfPreset p = SILLOK_KDF_INTERACTIVE; p <= SILLOK_KDF_SENSITIVE; p++)
    {
      guint64 ops;
      gsize mem;

      sillok_kdf_preset_limits (p, &ops, &mem);
      if (ops == slot->opslimit && mem == slot->memlimit)
        return p;
    }
  return SILLOK_KDF_MODERATE;
}

const char *
sillok_vault_get_uuid (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  return self->keyslots != NULL ? self->keyslots->vault : NULL;
}

gboolean
sillok_vault_has_recovery_key (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), FALSE);
  return self->keyslots != NULL
         && sillok_keyslots_find (self->keyslots, SILLOK_KEYSLOT_RECOVERY) != NULL;
}

gboolean
sillok_vault_change_passphrase (SillokVault   *self,
                                SillokSecret  *new_passphrase,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(SillokKeyslots) next = NULL;
  SillokKeyslot *current;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), FALSE);
  g_return_val_if_fail (new_passphrase != NULL, FALSE);

  if (!require_unlocked (self, error))
    return FALSE;
  if (sillok_secret_get_length (new_passphrase) == 0)
    {
      g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_INVALID,
                           _("The new passphrase is empty"));
      return FALSE;
    }

  /* The KDF strength was chosen at creation and stays. */
  current = sillok_keyslots_find (self->keyslots, SILLOK_KEYSLOT_PASSPHRASE);
  next = copy_keyslots (self->keyslots);
  if (!sillok_keyslots_set (next, SILLOK_KEYSLOT_PASSPHRASE, new_passphrase,
                            current->opslimit, current->memlimit, self->master_key, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return commit_keyslots (self, g_steal_pointer (&next), FP_SLOTS, error);
}

SillokSecret *
sillok_vault_add_recovery_key (SillokVault   *self,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(SillokKeyslots) next = NULL;
  g_autoptr(SillokSecret) display = NULL;
  g_autoptr(SillokSecret) raw = NULL;
  guint64 ops;
  gsize mem;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);

  if (!require_unlocked (self, error))
    return NULL;

  /* 160 random bits need no slow KDF; the interactive one costs little. */
  sillok_kdf_preset_limits (SILLOK_KDF_INTERACTIVE, &ops, &mem);
  raw = sillok_recovery_key_generate (&display);
  next = copy_keyslots (self->keyslots);
  if (!sillok_keyslots_set (next, SILLOK_KEYSLOT_RECOVERY, raw, ops, mem, self->master_key, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!commit_keyslots (self, g_steal_pointer (&next), FP_SLOTS, error))
    return NULL;
  return g_steal_pointer (&display);
}

/* Overwrites keyslots.json in place with random bytes. */
static gboolean
shred_keyslots (const char  *path,
                GError     **error)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st;
  gsize size;
  g_autofree guint8 *noise = NULL;

  if (fd < 0)
    return errno == ENOENT ? TRUE : (sillok_fs_set_errno (error, errno, path), FALSE);
  size = fstat (fd, &st) == 0 && st.st_size > 1024 ? (gsize) st.st_size : 1024;
  noise = g_malloc (size);
  randombytes_buf (noise, size);
  if (!sillok_fs_write_all (fd, noise, size, "erase-write", error))
    {
      g_prefix_error (error, "%s: ", path);
      close (fd);
      return FALSE;
    }
  if (fsync (fd) != 0)
    {
      sillok_fs_set_errno (error, errno, path);
      close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* A killed replacement's temporary copy holds a wrapped key as well. */
static void
shred_stale_temporaries (SillokVault *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "." KEYSLOTS_FILE ".") && g_str_has_suffix (name, ".tmp"))
      {
        g_autofree char *path = vault_file (self, name);
        shred_keyslots (path, NULL);
      }
}

/* With the lock held: shred keyslots.json, delete the folder.  A failing
 * disk must not keep the vault in place: the folder goes even when the
 * overwrite failed, and the error then says what may remain. */
static gboolean
erase_locked_files (SillokVault  *self,
                    GError      **error)
{
  g_autofree char *keyslots_path = vault_file (self, KEYSLOTS_FILE);
  g_autofree char *parent = g_path_get_dirname (self->path);
  g_autoptr(GError) shred_error = NULL;

  wipe_keys (self);
  shred_keyslots (keyslots_path, &shred_error);
  shred_stale_temporaries (self);

  if (!sillok_fs_remove_tree (self->path, error))
    return FALSE;
  release_lock (self);
  if (!sillok_fs_sync_dir (parent, error))
    return FALSE;
  if (shred_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&shred_error),
                                  _("The vault was deleted, but its key slots could not be overwritten "
                                    "first, so the wrapped key may remain on the disk: "));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_vault_erase (SillokVault  *self,
                    GError      **error)
{
  gboolean was_unlocked;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), FALSE);

  if (!g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND,
                   _("There is no vault at %s"), self->path);
      return FALSE;
    }
  /* Erasing must work even when keyslots.json is damaged: take only the lock. */
  if (!sillok_vault_exists_at (self->path) && self->lock_fd < 0)
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND,
                   _("%s is not a Sillok vault (it has no keyslots.json)"), self->path);
      return FALSE;
    }
  if (!take_lock (self, error))
    return FALSE;

  was_unlocked = self->master_key != NULL;
  if (!erase_locked_files (self, error))
    return FALSE;
  if (was_unlocked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  return TRUE;
}

static gboolean
name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL)
      || g_utf8_strlen (name, -1) > NAME_MAX_CHARS)
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* What an interrupted creation may have left behind before keyslots.json existed. */
static gboolean
is_creation_leftover (const char *name)
{
  static const char *names[] = { LOCK_FILE, DB_FILE, DB_FILE "-wal", DB_FILE "-shm",
                                 DB_FILE "-journal", BLOBS_DIR, NULL };

  return g_strv_contains (names, name)
         || (g_str_has_prefix (name, "." KEYSLOTS_FILE ".") && g_str_has_suffix (name, ".tmp"));
}

static gboolean
prepare_folder (SillokVault  *self,
                gboolean     *created,
                GError      **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  *created = FALSE;
  if (sillok_vault_exists_at (self->path))
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_EXISTS,
                   _("A vault already exists at %s"), self->path);
      return FALSE;
    }
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *parent = g_path_get_dirname (self->path);

      if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdir (self->path, 0700) != 0)
        {
          sillok_fs_set_errno (error, errno, self->path);
          return FALSE;
        }
      *created = TRUE;
      return TRUE;
    }

  dir = g_dir_open (self->path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (!is_creation_leftover (entry))
      {
        g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_EXISTS,
                     _("%s is not empty: choose an empty or new folder for the vault"), self->path);
        return FALSE;
      }
  return TRUE;
}

static void
remove_leftovers (SillokVault *self)
{
  static const char *names[] = { DB_FILE, DB_FILE "-wal", DB_FILE "-shm", DB_FILE "-journal", BLOBS_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = vault_file (self, names[i]);
      sillok_fs_remove_tree (path, NULL);
    }
}

static gboolean
store_identity (SillokVault  *self,
                const char   *name,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) meta = NULL;
  g_autoptr(sqlite3_stmt) keys = NULL;
  g_autoptr(SillokSecret) seed = NULL;
  SillokMinisignPublicKey pk;
  SillokAgeRecipient recipient;
  int rc;

  self->signing_key = sillok_minisign_secret_key_generate ();
  self->age_identity = sillok_age_identity_generate ();
  self->name = g_strdup (name);
  sillok_minisign_secret_key_get_public (self->signing_key, &pk);
  sillok_age_identity_get_recipient (self->age_identity, &recipient);
  seed = sillok_minisign_secret_key_get_seed (self->signing_key);

  if (!sillok_db_begin (self->db, error))
    return FALSE;
  meta = sillok_db_prepare (self->db, "INSERT INTO meta (key, value) VALUES (?, ?)", error);
  keys = sillok_db_prepare (self->db, "INSERT INTO keys (purpose, key_id, public, secret) VALUES (?, ?, ?, ?)", error);
  if (meta == NULL || keys == NULL)
    goto fail;

  sqlite3_bind_text (meta, 1, "vault", -1, SQLITE_STATIC);
  sqlite3_bind_text (meta, 2, self->keyslots->vault, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (meta)) != SQLITE_DONE)
    goto db_fail;
  sqlite3_reset (meta);
  sqlite3_bind_text (meta, 1, "name", -1, SQLITE_STATIC);
  sqlite3_bind_text (meta, 2, name, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (meta)) != SQLITE_DONE)
    goto db_fail;

  sqlite3_bind_text (keys, 1, "signing", -1, SQLITE_STATIC);
  sqlite3_bind_blob (keys, 2, pk.keynum, sizeof pk.keynum, SQLITE_STATIC);
  sqlite3_bind_blob (keys, 3, pk.pk, sizeof pk.pk, SQLITE_STATIC);
  sqlite3_bind_blob (keys, 4, sillok_secret_get_data (seed), sillok_secret_get_length (seed), SQLITE_STATIC);
  if ((rc = sqlite3_step (keys)) != SQLITE_DONE)
    goto db_fail;
  sqlite3_reset (keys);
  sqlite3_clear_bindings (keys);
  sqlite3_bind_text (keys, 1, "age", -1, SQLITE_STATIC);
  sqlite3_bind_null (keys, 2);
  sqlite3_bind_blob (keys, 3, recipient.pk, sizeof recipient.pk, SQLITE_STATIC);
  sqlite3_bind_blob (keys, 4, sillok_age_identity_get_scalar (self->age_identity), SILLOK_AGE_KEYBYTES,
                     SQLITE_STATIC);
  if ((rc = sqlite3_step (keys)) != SQLITE_DONE)
    goto db_fail;

  return sillok_db_commit (self->db, error);

db_fail:
  sillok_db_set_error (error, self->db, rc, _("Storing the vault identity"));
fail:
  sillok_db_rollback (self->db);
  return FALSE;
}

static gboolean
create_internal (SillokVault     *self,
                 const char      *name,
                 SillokSecret    *passphrase,
                 SillokKdfPreset  preset,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *blobs = NULL;
  gboolean created = FALSE;
  guint64 ops;
  gsize mem;

  if (!name_is_valid (name))
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_INVALID,
                   _("The name must be 1 to %d characters, without control characters"), NAME_MAX_CHARS);
      return FALSE;
    }
  if (sillok_secret_get_length (passphrase) == 0)
    {
      g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_INVALID,
                           _("The passphrase is empty"));
      return FALSE;
    }
  if (self->lock_fd >= 0)
    {
      g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_EXISTS,
                   _("A vault already exists at %s"), self->path);
      return FALSE;
    }
  if (!prepare_folder (self, &created, error) || !take_lock (self, error))
    goto fail;
  remove_leftovers (self);

  uuid = g_uuid_string_random ();
  self->keyslots = sillok_keyslots_new (uuid);
  self->master_key = sillok_secret_new (32);
  randombytes_buf (sillok_secret_get_data (self->master_key), 32);
  sillok_kdf_preset_limits (preset, &ops, &mem);

  blobs = vault_file (self, BLOBS_DIR);
  if (!sillok_keyslots_set (self->keyslots, SILLOK_KEYSLOT_PASSPHRASE, passphrase, ops, mem,
                            self->master_key, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error)
      || !open_database (self, TRUE, error)
      || !store_identity (self, name, error))
    goto fail;
  if (g_mkdir (blobs, 0700) != 0)
    {
      sillok_fs_set_errno (error, errno, blobs);
      goto fail;
    }
  /* The vault exists from the moment its keyslots.json does. */
  if (!save_keyslots (self, self->keyslots, FP_SLOTS, error))
    goto fail;
  return TRUE;

fail:
  wipe_keys (self);
  if (self->lock_fd >= 0)
    {
      g_autofree char *lock_path = vault_file (self, LOCK_FILE);

      remove_leftovers (self);
      if (created)
        g_unlink (lock_path);
    }
  release_lock (self);
  if (created)
    g_rmdir (self->path);
  return FALSE;
}

gboolean
sillok_vault_create (SillokVault     *self,
                     const char      *name,
                     SillokSecret    *passphrase,
                     SillokKdfPreset  preset,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (!create_internal (self, name, passphrase, preset, cancellable, error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  return TRUE;
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (create_internal (source, data->name, data->secret, data->preset, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sillok_vault_create_async (SillokVault        *self,
                           const char         *name,
                           SillokSecret       *passphrase,
                           SillokKdfPreset     preset,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SILLOK_IS_VAULT (self));
  g_return_if_fail (passphrase != NULL);

  data = g_new0 (TaskData, 1);
  data->secret = sillok_secret_dup (passphrase);
  data->name = g_strdup (name);
  data->preset = preset;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sillok_vault_create_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, create_thread);
}

gboolean
sillok_vault_create_finish (SillokVault   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  return TRUE;
}

const char *
sillok_vault_get_name (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  return self->name;
}

char *
sillok_vault_get_key_id (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  if (self->signing_key == NULL)
    return NULL;
  return sillok_minisign_key_id_to_string (sillok_minisign_secret_key_get_keynum (self->signing_key));
}

void
sillok_vault_get_public_key (SillokVault             *self,
                             SillokMinisignPublicKey *out)
{
  g_return_if_fail (SILLOK_IS_VAULT (self) && self->signing_key != NULL);
  sillok_minisign_secret_key_get_public (self->signing_key, out);
}

SillokMinisignSecretKey *
sillok_vault_get_signing_key (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  return self->signing_key;
}

SillokAgeIdentity *
sillok_vault_get_age_identity (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  return self->age_identity;
}

char *
sillok_vault_get_age_recipient (SillokVault *self)
{
  SillokAgeRecipient recipient;

  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  if (self->age_identity == NULL)
    return NULL;
  sillok_age_identity_get_recipient (self->age_identity, &recipient);
  return sillok_age_recipient_encode (&recipient);
}

sqlite3 *
sillok_vault_get_db (SillokVault  *self,
                     GError      **error)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  if (!require_unlocked (self, error))
    return NULL;
  return self->db;
}

char *
sillok_vault_get_blob_dir (SillokVault *self)
{
  g_return_val_if_fail (SILLOK_IS_VAULT (self), NULL);
  return vault_file (self, BLOBS_DIR);
}
