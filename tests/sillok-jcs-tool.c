/* sillok-jcs-tool.c: canonical JSON and disclosures from the shell, for
 * the interoperability tests only (never installed)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Commands read standard input and write standard output:
 *   canonicalize        JSON → its RFC 8785 form
 *   disclose NAME       JSON value → "D\ndigest\n"
 *   parse               D → "digest\nname\nvalue JSON\n"
 *   check DIGESTS       disclosures, one a line → the number undisclosed;
 *                       DIGESTS is a file of statement digests, one a line
 *   pad                 digests, one a line → padded and sorted, one a line
 * Errors go to standard error with exit status 1.
 */
#include "sillok-config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sillok/sillok.h"

/* Large enough for every document the tests feed in. */
#define TOOL_MAX_BYTES (16 * 1024 * 1024)

static GBytes *
read_stdin (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* The non-empty lines of @bytes, without their line breaks. */
static char **
lines_of (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) all = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();

  for (guint i = 0; all[i] != NULL; i++)
    if (all[i][0] != '\0')
      g_ptr_array_add (lines, g_strdup (all[i]));
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

static gboolean
run_canonicalize (GBytes  *input,
                  GError **error)
{
  SillokJsonLimits limits = SILLOK_JSON_LIMITS_INIT;
  g_autoptr(GBytes) out = NULL;

  limits.max_bytes = TOOL_MAX_BYTES;
  out = sillok_jcs_canonicalize (g_bytes_get_data (input, NULL), g_bytes_get_size (input),
                                 &limits, SILLOK_JSON_PARSE_DEFAULT, error);
  if (out == NULL)
    return FALSE;
  fwrite (g_bytes_get_data (out, NULL), 1, g_bytes_get_size (out), stdout);
  return TRUE;
}

static gboolean
run_disclose (const char *name,
              GBytes     *input,
              GError    **error)
{
  g_autoptr(JsonNode) value = sillok_jcs_parse (g_bytes_get_data (input, NULL), g_bytes_get_size (input),
                                                NULL, SILLOK_JSON_PARSE_DEFAULT, error);
  g_autoptr(SillokDisclosure) disclosure = NULL;

  if (value == NULL)
    return FALSE;
  disclosure = sillok_disclosure_new (name, value, error);
  if (disclosure == NULL)
    return FALSE;
  printf ("%s\n%s\n", sillok_disclosure_get_encoded (disclosure), sillok_disclosure_get_digest (disclosure));
  return TRUE;
}

static gboolean
run_parse (GBytes  *input,
           GError **error)
{
  gsize len = g_bytes_get_size (input);
  const char *data = g_bytes_get_data (input, NULL);
  g_autoptr(SillokDisclosure) disclosure = NULL;

  if (len > 0 && data[len - 1] == '\n')
    len--;
  disclosure = sillok_disclosure_parse (data, len, error);
  if (disclosure == NULL)
    return FALSE;
  printf ("%s\n%s\n%s\n", sillok_disclosure_get_digest (disclosure), sillok_disclosure_get_name (disclosure),
          sillok_disclosure_get_value_json (disclosure));
  return TRUE;
}

static gboolean
run_check (const char *digests_path,
           GBytes     *input,
           GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (digests_path);
  g_autoptr(GBytes) digest_bytes = g_file_load_bytes (file, NULL, NULL, error);
  g_auto(GStrv) digests = NULL;
  g_auto(GStrv) encoded = lines_of (input);
  g_autoptr(GPtrArray) checked = NULL;
  guint undisclosed = 0;

  if (digest_bytes == NULL)
    return FALSE;
  digests = lines_of (digest_bytes);
  checked = sillok_disclosure_check_set ((const char * const *) encoded, (const char * const *) digests,
                                         &undisclosed, error);
  if (checked == NULL)
    return FALSE;
  printf ("%u\n", undisclosed);
  return TRUE;
}

static gboolean
run_pad (GBytes  *input,
         GError **error)
{
  g_auto(GStrv) digests = lines_of (input);
  g_auto(GStrv) padded = sillok_disclosure_pad_digests ((const char * const *) digests, error);

  if (padded == NULL)
    return FALSE;
  for (guint i = 0; padded[i] != NULL; i++)
    printf ("%s\n", padded[i]);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = NULL;
  const char *command = argc > 1 ? argv[1] : "";
  gboolean ok = FALSE;

  setlocale (LC_ALL, "");
  if (!sillok_init (&error))
    goto out;
  input = read_stdin (&error);
  if (input == NULL)
    goto out;

  if (strcmp (command, "canonicalize") == 0 && argc == 2)
    ok = run_canonicalize (input, &error);
  else if (strcmp (command, "disclose") == 0 && argc == 3)
    ok = run_disclose (argv[2], input, &error);
  else if (strcmp (command, "parse") == 0 && argc == 2)
    ok = run_parse (input, &error);
  else if (strcmp (command, "check") == 0 && argc == 3)
    ok = run_check (argv[2], input, &error);
  else if (strcmp (command, "pad") == 0 && argc == 2)
    ok = run_pad (input, &error);
  else
    {
      fprintf (stderr, "usage: %s canonicalize | disclose NAME | parse | check DIGESTS | pad\n", argv[0]);
      return 2;
    }

out:
  if (error != NULL)
    fprintf (stderr, "%s\n", error->message);
  fflush (stdout);
  return ok ? 0 : 1;
}
