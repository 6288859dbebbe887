/* sillok-linkage.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-age.h"
#include "sillok/sillok-linkage.h"
#include "sillok-vault-private.h"

#define FILE_MAGIC "sillok-linkage-key/1\n"
#define META_KEY   "linkage_key"

G_DEFINE_QUARK (sillok-linkage-error-quark, sillok_linkage_error)

static SillokSecret *
read_key (sqlite3  *db,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, "SELECT value FROM meta WHERE key = '" META_KEY "'", error);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW
      || sqlite3_column_bytes (stmt, 0) != SILLOK_LINKAGE_KEY_BYTES)
    return NULL;
  return sillok_secret_new_from_data (sqlite3_column_blob (stmt, 0), SILLOK_LINKAGE_KEY_BYTES);
}

static gboolean
write_key (sqlite3       *db,
           SillokSecret  *key,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sillok_db_prepare (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('" META_KEY "', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, sillok_secret_get_data (key), SILLOK_LINKAGE_KEY_BYTES, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Storing the linkage key"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_linkage_key_exists (SillokVault *vault)
{
  sqlite3 *db = sillok_vault_get_db (vault, NULL);
  g_autoptr(SillokSecret) key = db != NULL ? read_key (db, NULL) : NULL;

  return key != NULL;
}

SillokSecret *
sillok_linkage_key_get (SillokVault  *vault,
                        GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokSecret) key = NULL;

  if (db == NULL)
    return NULL;
  key = read_key (db, NULL);
  if (key != NULL)
    return g_steal_pointer (&key);

  key = sillok_secret_new (SILLOK_LINKAGE_KEY_BYTES);
  randombytes_buf (sillok_secret_get_data (key), SILLOK_LINKAGE_KEY_BYTES);
  if (!write_key (db, key, error))
    return NULL;
  return g_steal_pointer (&key);
}

gboolean
sillok_linkage_key_export (SillokVault   *vault,
                           const char    *path,
                           SillokSecret  *passphrase,
                           GError       **error)
{
  g_autoptr(SillokSecret) key = sillok_linkage_key_get (vault, error);
  g_autoptr(SillokSecret) text = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(SillokAgeEncryptor) enc = NULL;
  gsize b64_len = sodium_base64_ENCODED_LEN (SILLOK_LINKAGE_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
  char *t;

  if (key == NULL)
    return FALSE;
  if (sillok_secret_get_length (passphrase) == 0)
    {
      g_set_error_literal (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID,
                           _("The passphrase for the linkage key file is empty"));
      return FALSE;
    }

  text = sillok_secret_new (strlen (FILE_MAGIC) + b64_len);
  t = (char *) sillok_secret_get_data (text);
  memcpy (t, FILE_MAGIC, strlen (FILE_MAGIC));
  sodium_bin2base64 (t + strlen (FILE_MAGIC), b64_len, sillok_secret_get_data (key), SILLOK_LINKAGE_KEY_BYTES,
                     sodium_base64_VARIANT_ORIGINAL);
  t[strlen (FILE_MAGIC) + b64_len - 1] = '\n';

  out = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return FALSE;
  enc = sillok_age_encryptor_new_for_passphrase (G_OUTPUT_STREAM (out), passphrase, SILLOK_LINKAGE_FILE_WORK_FACTOR);
  if (!sillok_age_encryptor_write (enc, t, sillok_secret_get_length (text), NULL, error)
      || !sillok_age_encryptor_finish (enc, NULL, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    {
      g_file_delete (file, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static SillokSecret *
read_key_file (const char    *path,
               SillokSecret  *passphrase,
               GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(SillokAgeDecryptor) dec = NULL;
  g_autoptr(SillokSecret) buf = sillok_secret_new (128);
  g_autoptr(SillokSecret) key = sillok_secret_new (SILLOK_LINKAGE_KEY_BYTES);
  g_autoptr(GError) local_error = NULL;
  gsize got = 0, key_len = 0;
  const char *text;

  if (in == NULL)
    return NULL;
  dec = sillok_age_decryptor_new (G_INPUT_STREAM (in));
  sillok_age_decryptor_add_passphrase (dec, passphrase);
  for (;;)
    {
      gssize n = sillok_age_decryptor_read (dec, sillok_secret_get_data (buf) + got, 128 - got, NULL, &local_error);

      if (n < 0)
        {
          g_set_error (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID,
                       _("%s is not a linkage key file for this passphrase: %s"), path, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      got += n;
      if (got == 128)
        goto bad;
    }
  text = sillok_secret_get_string (buf);
  if (got < strlen (FILE_MAGIC) + 2 || memcmp (text, FILE_MAGIC, strlen (FILE_MAGIC)) != 0
      || text[got - 1] != '\n')
    goto bad;
  if (sodium_base642bin (sillok_secret_get_data (key), SILLOK_LINKAGE_KEY_BYTES, text + strlen (FILE_MAGIC),
                         got - strlen (FILE_MAGIC) - 1, NULL, &key_len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0
      || key_len != SILLOK_LINKAGE_KEY_BYTES)
    goto bad;
  return g_steal_pointer (&key);

bad:
  g_set_error (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID, _("%s is not a linkage key file"), path);
  return NULL;
}

gboolean
sillok_linkage_key_import (SillokVault   *vault,
                           const char    *path,
                           SillokSecret  *passphrase,
                           gboolean       replace,
                           GError       **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(SillokSecret) current = NULL;

  if (db == NULL)
    return FALSE;
  key = read_key_file (path, passphrase, error);
  if (key == NULL)
    return FALSE;
  current = read_key (db, NULL);
  if (current != NULL && sillok_secret_equal (current, key))
    return TRUE;
  if (current != NULL && !replace)
    {
      g_set_error_literal (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_EXISTS,
                           _("This vault already has another linkage key; records sealed with it keep their "
                             "pseudonyms. Replace it only if no record was sealed yet, or knowingly"));
      return FALSE;
    }
  return write_key (db, key, error);
}

/* A name as interviewers may write it differently: without case, white
 * space, punctuation (hyphens of every kind, dots, apostrophes, commas) or
 * accents (Chŏl-su is Chol-su), in compatibility-decomposed form (Hangul
 * as jamo, full-width letters as ASCII). */
static char *
normalize_name (const char *name)
{
  g_autofree char *decomposed = g_utf8_normalize (name, -1, G_NORMALIZE_NFKD);
  g_autofree char *folded = g_utf8_casefold (decomposed != NULL ? decomposed : "", -1);
  g_autofree char *again = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);

  for (const char *p = again != NULL ? again : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_isspace (c) || g_unichar_ispunct (c) || type == G_UNICODE_NON_SPACING_MARK
          || type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK || type == G_UNICODE_FORMAT)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
sillok_pseudonym (SillokSecret *key,
                  const char   *name,
                  int           birth_year,
                  const char   *sex,
                  const char   *province)
{
  g_autofree char *normalized = NULL;
  g_autoptr(SillokSecret) identity = NULL;
  guint8 digest[32];
  char hex[65];
  g_autofree char *tail = NULL;
  gsize name_len, tail_len;

  if (name == NULL)
    return NULL;
  normalized = normalize_name (name);
  if (*normalized == '\0')
    return NULL;

  /* Fields joined by a separator no name or code contains. */
  tail = g_strdup_printf ("\x1f%d\x1f%s\x1f%s", birth_year, sex != NULL ? sex : "", province != NULL ? province : "");
  name_len = strlen (normalized);
  tail_len = strlen (tail);
  identity = sillok_secret_new (name_len + tail_len);
  memcpy (sillok_secret_get_data (identity), normalized, name_len);
  memcpy (sillok_secret_get_data (identity) + name_len, tail, tail_len);
  sodium_memzero (normalized, name_len);

  crypto_generichash (digest, sizeof digest, sillok_secret_get_data (identity), sillok_secret_get_length (identity),
                      sillok_secret_get_data (key), SILLOK_LINKAGE_KEY_BYTES);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}
