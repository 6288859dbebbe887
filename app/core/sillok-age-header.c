/* sillok-age-header.c: the age v1 header, its stanzas and its MAC
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-age-private.h"

/* The header's lines, read from a buffer that may end mid-line. */
typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  guint         line_no;
} Lines;

/* The next complete line without its LF; FALSE when no LF follows. */
static gboolean
next_line (Lines         *lines,
           const guint8 **line,
           gsize         *line_len)
{
  const guint8 *start = lines->data + lines->pos;
  const guint8 *lf = memchr (start, '\n', lines->len - lines->pos);

  if (lf == NULL)
    return FALSE;
  *line = start;
  *line_len = lf - start;
  lines->pos += *line_len + 1;
  lines->line_no++;
  return TRUE;
}

static gboolean
has_prefix (const guint8 *line,
            gsize         len,
            const char   *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && memcmp (line, prefix, n) == 0;
}

static void
set_header_error (GError     **error,
                  guint        line_no,
                  const char  *what)
{
  g_set_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
               _("Malformed age header, line %u: %s"), line_no, what);
}

SillokAgeStanza *
sillok_age_stanza_new (const char         *type,
                       const char * const *args,
                       const guint8       *body,
                       gsize               body_len)
{
  SillokAgeStanza *stanza = g_new0 (SillokAgeStanza, 1);

  stanza->type = g_strdup (type);
  stanza->args = g_strdupv ((char **) args);
  stanza->n_args = g_strv_length (stanza->args);
  stanza->body = g_memdup2 (body, body_len);
  stanza->body_len = body_len;
  return stanza;
}

void
sillok_age_stanza_free (SillokAgeStanza *stanza)
{
  if (stanza == NULL)
    return;
  g_free (stanza->type);
  g_strfreev (stanza->args);
  g_free (stanza->body);
  g_free (stanza);
}

void
sillok_age_header_free (SillokAgeHeader *header)
{
  if (header == NULL)
    return;
  g_clear_pointer (&header->stanzas, g_ptr_array_unref);
  g_clear_pointer (&header->bytes, g_bytes_unref);
  g_free (header);
}

/* An argument: one or more bytes from 0x21 to 0x7E. */
static gboolean
valid_argument (const guint8 *arg,
                gsize         len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (arg[i] < 0x21 || arg[i] > 0x7e)
      return FALSE;
  return TRUE;
}

/* Splits @line on single spaces into newly allocated strings; an empty
 * part (double, leading or trailing space) is kept, so callers see it. */
static GPtrArray *
split_spaces (const guint8 *line,
              gsize         len)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || line[i] == ' ')
        {
          g_ptr_array_add (parts, g_strndup ((const char *) line + start, i - start));
          start = i + 1;
        }
    }
  return parts;
}

/* "-> TYPE ARG…": the stanza without its body, or NULL. */
static SillokAgeStanza *
parse_argument_line (const guint8 *line,
                     gsize         len,
                     guint         line_no,
                     GError      **error)
{
  g_autoptr(GPtrArray) parts = NULL;
  SillokAgeStanza *stanza;

  /* An argument may not hold a NUL, which g_strndup() would cut short. */
  if (memchr (line, '\0', len) != NULL)
    {
      set_header_error (error, line_no, _("a stanza argument holds a byte that is not printable ASCII"));
      return NULL;
    }
  parts = split_spaces (line, len);
  if (strcmp (g_ptr_array_index (parts, 0), SILLOK_AGE_STANZA_PREFIX) != 0 || parts->len < 2)
    {
      set_header_error (error, line_no, _("a stanza must start with “-> ” and a type"));
      return NULL;
    }
  for (guint i = 1; i < parts->len; i++)
    {
      const char *arg = g_ptr_array_index (parts, i);

      if (!valid_argument ((const guint8 *) arg, strlen (arg)))
        {
          set_header_error (error, line_no, _("a stanza argument is empty or holds a byte that is not printable ASCII"));
          return NULL;
        }
    }

  stanza = g_new0 (SillokAgeStanza, 1);
  stanza->type = g_strdup (g_ptr_array_index (parts, 1));
  stanza->n_args = parts->len - 2;
  stanza->args = g_new0 (char *, stanza->n_args + 1);
  for (guint i = 0; i < stanza->n_args; i++)
    stanza->args[i] = g_strdup (g_ptr_array_index (parts, i + 2));
  return stanza;
}

typedef enum
{
  STEP_DONE,
  STEP_MORE,
  STEP_ERROR,
} Step;

/* Reads body lines up to the first short one. */
static Step
parse_body (Lines           *lines,
            SillokAgeStanza *stanza,
            GError         **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  for (;;)
    {
      guint8 decoded[SILLOK_AGE_BODY_LINE_BYTES];
      const guint8 *line;
      gsize line_len, n = 0;

      if (!next_line (lines, &line, &line_len))
        return STEP_MORE;
      if (line_len > SILLOK_AGE_BODY_LINE_COLUMNS)
        {
          set_header_error (error, lines->line_no, _("a stanza body line is longer than 64 columns"));
          return STEP_ERROR;
        }
      if (!sillok_age_base64_decode ((const char *) line, line_len, decoded, sizeof decoded, &n))
        {
          set_header_error (error, lines->line_no, _("a stanza body line is not canonical base64"));
          return STEP_ERROR;
        }
      g_byte_array_append (body, decoded, n);
      if (n < SILLOK_AGE_BODY_LINE_BYTES)
        break;
    }
  stanza->body_len = body->len;
  stanza->body = g_byte_array_free (g_steal_pointer (&body), FALSE);
  return STEP_DONE;
}

/* "--- MAC": exactly one argument, the canonical base64 of 32 bytes. */
static gboolean
parse_mac_line (const guint8    *line,
                gsize            len,
                guint            line_no,
                SillokAgeHeader *header,
                GError         **error)
{
  gsize prefix = strlen (SILLOK_AGE_MAC_PREFIX);
  gsize n = 0;

  if (len < prefix + 1 || line[prefix] != ' '
      || !sillok_age_base64_decode ((const char *) line + prefix + 1, len - prefix - 1,
                                    header->mac, sizeof header->mac, &n)
      || n != SILLOK_AGE_MAC_BYTES)
    {
      set_header_error (error, line_no, _("the MAC line is not “--- ” and a 32-byte MAC in canonical base64"));
      return FALSE;
    }
  return TRUE;
}

/* While the version line is incomplete, fail as soon as it cannot match. */
static gboolean
version_prefix_possible (const guint8 *data,
                         gsize         len)
{
  static const char version[] = SILLOK_AGE_VERSION_LINE "\n";

  return len < sizeof version - 1 && memcmp (data, version, len) == 0;
}

static Step
parse_lines (Lines           *lines,
             SillokAgeHeader *header,
             GError         **error)
{
  const guint8 *line;
  gsize line_len;

  if (!next_line (lines, &line, &line_len))
    {
      if (!version_prefix_possible (lines->data, lines->len))
        goto bad_version;
      return STEP_MORE;
    }
  if (line_len != strlen (SILLOK_AGE_VERSION_LINE)
      || memcmp (line, SILLOK_AGE_VERSION_LINE, line_len) != 0)
    goto bad_version;

  for (;;)
    {
      gsize line_start = lines->pos;
      g_autoptr(SillokAgeStanza) stanza = NULL;
      Step step;

      if (!next_line (lines, &line, &line_len))
        return STEP_MORE;
      if (has_prefix (line, line_len, SILLOK_AGE_MAC_PREFIX))
        {
          if (header->stanzas->len == 0)
            {
              set_header_error (error, lines->line_no, _("the header has no stanza"));
              return STEP_ERROR;
            }
          if (!parse_mac_line (line, line_len, lines->line_no, header, error))
            return STEP_ERROR;
          header->mac_input_len = line_start + strlen (SILLOK_AGE_MAC_PREFIX);
          return STEP_DONE;
        }
      if (!has_prefix (line, line_len, SILLOK_AGE_STANZA_PREFIX))
        {
          set_header_error (error, lines->line_no, _("a line is neither a stanza nor the MAC line"));
          return STEP_ERROR;
        }
      stanza = parse_argument_line (line, line_len, lines->line_no, error);
      if (stanza == NULL)
        return STEP_ERROR;
      step = parse_body (lines, stanza, error);
      if (step != STEP_DONE)
        return step;
      g_ptr_array_add (header->stanzas, g_steal_pointer (&stanza));
    }

bad_version:
  g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
                       _("Not an age v1 file: the first line is not “age-encryption.org/v1”"));
  return STEP_ERROR;
}

SillokAgeHeader *
sillok_age_header_parse (const guint8 *data,
                         gsize         len,
                         gboolean      at_eof,
                         gsize        *header_len,
                         GError      **error)
{
  g_autoptr(SillokAgeHeader) header = g_new0 (SillokAgeHeader, 1);
  Lines lines = { data, len, 0, 0 };
  Step step;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0 && at_eof)
    {
      g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER, _("The file is empty"));
      return NULL;
    }
  header->stanzas = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_age_stanza_free);
  step = parse_lines (&lines, header, error);
  if (step == STEP_ERROR)
    return NULL;
  if (lines.pos > SILLOK_AGE_HEADER_MAX || (step == STEP_MORE && len > SILLOK_AGE_HEADER_MAX))
    {
      g_clear_error (error);
      g_set_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
                   _("The age header is longer than %u bytes"), (guint) SILLOK_AGE_HEADER_MAX);
      return NULL;
    }
  if (step == STEP_MORE)
    {
      if (at_eof)
        g_set_error_literal (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER,
                             _("The file ends inside the age header"));
      return NULL;
    }
  header->bytes = g_bytes_new (data, lines.pos);
  *header_len = lines.pos;
  return g_steal_pointer (&header);
}

static void
append_stanza (GString               *out,
               const SillokAgeStanza *stanza)
{
  g_autofree char *body = sillok_age_base64_encode (stanza->body, stanza->body_len);
  gsize body_len = strlen (body);
  gsize i;

  g_string_append (out, SILLOK_AGE_STANZA_PREFIX " ");
  g_string_append (out, stanza->type);
  for (guint a = 0; a < stanza->n_args; a++)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, stanza->args[a]);
    }
  g_string_append_c (out, '\n');
  /* Full lines, then the short last line, which is empty when the body
   * fills its lines exactly. */
  for (i = 0; i + SILLOK_AGE_BODY_LINE_COLUMNS <= body_len; i += SILLOK_AGE_BODY_LINE_COLUMNS)
    {
      g_string_append_len (out, body + i, SILLOK_AGE_BODY_LINE_COLUMNS);
      g_string_append_c (out, '\n');
    }
  g_string_append_len (out, body + i, body_len - i);
  g_string_append_c (out, '\n');
}

static void
compute_mac (const guint8 *data,
             gsize         len,
             SillokSecret *file_key,
             guint8        mac[SILLOK_AGE_MAC_BYTES])
{
  g_autoptr(SillokSecret) hmac_key = sillok_secret_new (SILLOK_AGE_HKDF_BYTES);

  sillok_age_hkdf (sillok_secret_get_data (file_key), sillok_secret_get_length (file_key),
                   NULL, 0, SILLOK_AGE_HEADER_MAC_INFO, sillok_secret_get_data (hmac_key));
  crypto_auth_hmacsha256 (mac, data, len, sillok_secret_get_data (hmac_key));
}

GBytes *
sillok_age_header_write (GPtrArray    *stanzas,
                         SillokSecret *file_key)
{
  GString *out = g_string_new (SILLOK_AGE_VERSION_LINE "\n");
  guint8 mac[SILLOK_AGE_MAC_BYTES];
  g_autofree char *mac_b64 = NULL;

  g_return_val_if_fail (stanzas != NULL && stanzas->len > 0, NULL);

  for (guint i = 0; i < stanzas->len; i++)
    append_stanza (out, g_ptr_array_index (stanzas, i));
  g_string_append (out, SILLOK_AGE_MAC_PREFIX);
  compute_mac ((const guint8 *) out->str, out->len, file_key, mac);
  mac_b64 = sillok_age_base64_encode (mac, sizeof mac);
  g_string_append_c (out, ' ');
  g_string_append (out, mac_b64);
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

gboolean
sillok_age_header_verify_mac (SillokAgeHeader *header,
                              SillokSecret    *file_key)
{
  guint8 mac[SILLOK_AGE_MAC_BYTES];

  compute_mac (g_bytes_get_data (header->bytes, NULL), header->mac_input_len, file_key, mac);
  return crypto_verify_32 (mac, header->mac) == 0;
}
