/* sillok-trust.c: trusted signers, kept in the vault's trusted_signers table
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-bundle.h"
#include "sillok/sillok-trust.h"
#include "sillok-vault-private.h"

G_DEFINE_QUARK (sillok-trust-error-quark, sillok_trust_error)

void
sillok_trusted_signer_free (SillokTrustedSigner *signer)
{
  if (signer == NULL)
    return;
  g_free (signer->key_id);
  g_free (signer->name);
  g_free (signer->role);
  g_free (signer);
}

gboolean
sillok_trust_role_is_valid (const char *role)
{
  return g_strcmp0 (role, SILLOK_TRUST_ROLE_INTERVIEWER) == 0 || g_strcmp0 (role, SILLOK_TRUST_ROLE_COORDINATOR) == 0;
}

static char *
checked_name (const char  *name,
              GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    goto invalid;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > SILLOK_TRUST_NAME_MAX)
    goto invalid;
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)) && g_utf8_get_char (p) != ' ')
      goto invalid;
  return g_steal_pointer (&trimmed);

invalid:
  g_set_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_INVALID,
               _("A trusted signer's name must be printable text of 1 to %d characters"), SILLOK_TRUST_NAME_MAX);
  return NULL;
}

gboolean
sillok_trust_add (SillokVault  *vault,
                  const char   *data,
                  gsize         len,
                  const char   *name,
                  const char   *role,
                  GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *own = NULL;
  g_autofree char *b64 = NULL;
  SillokMinisignPublicKey key, mine;
  int rc;

  if (db == NULL || (clean = checked_name (name, error)) == NULL)
    return FALSE;
  if (!sillok_trust_role_is_valid (role))
    {
      g_set_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_INVALID,
                   _("“%s” is not a role: use interviewer or coordinator"), role != NULL ? role : "");
      return FALSE;
    }
  if (data == NULL || len > SILLOK_BUNDLE_KEY_MAX || !sillok_minisign_public_key_parse (data, len, &key, &local_error))
    {
      g_set_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_INVALID, _("Not a minisign public key file: %s"),
                   local_error != NULL ? local_error->message : _("too large"));
      return FALSE;
    }
  key_id = sillok_minisign_key_id_to_string (key.keynum);
  sillok_vault_get_public_key (vault, &mine);
  own = sillok_minisign_key_id_to_string (mine.keynum);
  if (strcmp (own, key_id) == 0)
    {
      g_set_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_EXISTS,
                   _("%s is this vault's own key, trusted already"), key_id);
      return FALSE;
    }

  stmt = sillok_db_prepare (db, "SELECT name FROM trusted_signers WHERE key_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_EXISTS, _("The key %s is already trusted as “%s”"),
                   key_id, (const char *) sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  b64 = sillok_minisign_public_key_to_base64 (&key);
  stmt = sillok_db_prepare (db, "INSERT INTO trusted_signers (key_id, public_key, name, role) VALUES (?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, b64, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, role, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Saving the trusted signer"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sillok_trust_list (SillokVault  *vault,
                   GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT key_id, public_key, name, role FROM trusted_signers ORDER BY name, key_id",
                            error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_trusted_signer_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SillokTrustedSigner) s = g_new0 (SillokTrustedSigner, 1);
      const char *b64 = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *id = NULL;

      s->key_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      s->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      s->role = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      /* A row whose key does not match its id vouches for nothing. */
      if (b64 == NULL || !sillok_minisign_public_key_parse_base64 (b64, strlen (b64), &s->key, NULL))
        continue;
      id = sillok_minisign_key_id_to_string (s->key.keynum);
      if (g_strcmp0 (id, s->key_id) != 0)
        continue;
      g_ptr_array_add (list, g_steal_pointer (&s));
    }
  return g_steal_pointer (&list);
}

gboolean
sillok_trust_remove (SillokVault  *vault,
                     const char   *key_id,
                     GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *upper = key_id != NULL ? g_ascii_strup (key_id, -1) : NULL;
  int rc;

  if (db == NULL)
    return FALSE;
  stmt = sillok_db_prepare (db, "DELETE FROM trusted_signers WHERE key_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, upper, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Removing the trusted signer"));
      return FALSE;
    }
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_NOT_FOUND, _("No trusted signer has the key id %s"),
                   key_id != NULL ? key_id : "");
      return FALSE;
    }
  return TRUE;
}
