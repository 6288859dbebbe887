/* sillok-search.c: full-text search inside the encrypted database (FTS4)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FTS4's unicode61 tokenizer splits at spaces and punctuation, and Korean
 * attaches particles and endings to words (광산에서, 광산의).  A prefix query
 * finds 광산 in 광산에서; to find a word inside a compound (탄광 in 직동탄광)
 * every Hangul word is indexed with its suffixes as well (their first
 * INFIX_CHARS characters).
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-record-private.h"

static gboolean
has_hangul (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
        return TRUE;
    }
  return FALSE;
}

/* Characters indexed from each position inside a Hangul word: a word is
 * found from inside by up to this many characters, and text typed without
 * spaces (ㅋㅋㅋ… for a page) grows the index linearly, not quadratically. */
#define INFIX_CHARS 16

char *
sillok_search_expand (const char *text)
{
  g_auto(GStrv) words = g_regex_split_simple ("[\\s\\p{P}]+", text, 0, 0);
  GString *out = g_string_new (text);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];

      if (!has_hangul (w))
        continue;
      for (const char *p = g_utf8_next_char (w); *p != '\0'; p = g_utf8_next_char (p))
        {
          const char *end = p;

          for (guint n = 0; n < INFIX_CHARS && *end != '\0'; n++)
            end = g_utf8_next_char (end);
          g_string_append_c (out, ' ');
          g_string_append_len (out, p, end - p);
        }
    }
  return g_string_free (out, FALSE);
}

GStrv
sillok_search_terms (const char *typed)
{
  g_auto(GStrv) words = g_regex_split_simple ("[\\s\\p{P}\\p{S}]+", typed, 0, 0);
  g_autoptr(GStrvBuilder) terms = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *term = NULL;

      if (*words[i] == '\0')
        continue;
      /* Quoted and with a prefix star: nothing the user types is FTS syntax. */
      term = g_strdup_printf ("\"%s*\"", words[i]);
      g_strv_builder_add (terms, term);
      n++;
    }
  return n > 0 ? g_strv_builder_end (terms) : NULL;
}

static gboolean
exec_stmt (sqlite3      *db,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      sillok_db_set_error (error, db, rc, _("Updating the search index"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_search_index_value (sqlite3     *db,
                           const char  *uuid,
                           const char  *path,
                           const char  *text,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *body = NULL;
  gint64 docid = -1;

  find = sillok_db_prepare (db, "SELECT docid FROM search_docs WHERE record = ? AND path = ?", error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, path, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    docid = sqlite3_column_int64 (find, 0);

  if (text == NULL || *text == '\0')
    {
      if (docid < 0)
        return TRUE;
      stmt = sillok_db_prepare (db, "DELETE FROM search WHERE docid = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, docid);
      if (!exec_stmt (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = sillok_db_prepare (db, "DELETE FROM search_docs WHERE docid = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, docid);
      return exec_stmt (db, stmt, error);
    }

  body = sillok_search_expand (text);
  if (docid < 0)
    {
      stmt = sillok_db_prepare (db, "INSERT INTO search_docs (record, path) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
      if (!exec_stmt (db, stmt, error))
        return FALSE;
      docid = sqlite3_last_insert_rowid (db);
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = sillok_db_prepare (db, "INSERT INTO search (docid, body) VALUES (?, ?)", error);
    }
  else
    stmt = sillok_db_prepare (db, "UPDATE search SET body = ?2 WHERE docid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, docid);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  return exec_stmt (db, stmt, error);
}
