/* sillok-recipients.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-recipients.h"
#include "sillok-vault-private.h"

G_DEFINE_QUARK (sillok-recipients-error-quark, sillok_recipients_error)

void
sillok_recipient_free (SillokRecipient *recipient)
{
  if (recipient == NULL)
    return;
  g_free (recipient->name);
  g_free (recipient->recipient);
  g_free (recipient);
}

/* A name people can read back: printable text, no line breaks. */
static char *
checked_name (const char  *name,
              GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    goto invalid;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > SILLOK_RECIPIENT_NAME_MAX)
    goto invalid;
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)) && g_utf8_get_char (p) != ' ')
      goto invalid;
  return g_steal_pointer (&trimmed);

invalid:
  g_set_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_INVALID,
               _("A recipient's name must be printable text of 1 to %d characters"), SILLOK_RECIPIENT_NAME_MAX);
  return NULL;
}

gboolean
sillok_recipients_add (SillokVault  *vault,
                       const char   *name,
                       const char   *recipient,
                       GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *canonical = NULL;
  SillokAgeRecipient parsed;
  int rc;

  if (db == NULL || (clean = checked_name (name, error)) == NULL)
    return FALSE;
  if (recipient == NULL || !sillok_age_recipient_parse (recipient, &parsed, &local_error))
    {
      g_set_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_INVALID,
                   _("“%s” is not an age recipient (age1…): %s"), recipient != NULL ? recipient : "",
                   local_error != NULL ? local_error->message : "");
      return FALSE;
    }
  canonical = sillok_age_recipient_encode (&parsed);

  stmt = sillok_db_prepare (db, "SELECT name, recipient FROM recipients WHERE name = ? OR recipient = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, canonical, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *other = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (other, clean) == 0)
        g_set_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_EXISTS,
                     _("There is already a recipient named “%s”"), clean);
      else
        g_set_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_EXISTS,
                     _("This recipient is already known as “%s”"), other);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = sillok_db_prepare (db, "INSERT INTO recipients (name, recipient) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, canonical, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Saving the recipient"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sillok_recipients_list (SillokVault  *vault,
                        GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT name, recipient FROM recipients ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_recipient_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SillokRecipient *r = g_new0 (SillokRecipient, 1);

      r->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      r->recipient = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (list, r);
    }
  return g_steal_pointer (&list);
}

gboolean
sillok_recipients_remove (SillokVault  *vault,
                          const char   *name,
                          GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (db == NULL)
    return FALSE;
  stmt = sillok_db_prepare (db, "DELETE FROM recipients WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Removing the recipient"));
      return FALSE;
    }
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, SILLOK_RECIPIENTS_ERROR, SILLOK_RECIPIENTS_ERROR_NOT_FOUND,
                   _("There is no recipient named “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

char *
sillok_recipients_lookup (SillokVault  *vault,
                          const char   *name,
                          GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (db == NULL)
    return NULL;
  stmt = sillok_db_prepare (db, "SELECT recipient FROM recipients WHERE name = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}
