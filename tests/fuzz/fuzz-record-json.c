/* fuzz-record-json.c: the values of `record new --from-json` on arbitrary
 * bytes, checked against the shipped forced-labour template
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties checked besides memory safety:
 * - a refusal is a record error saying the input is invalid;
 * - every accepted path names a field of the template, and the values come
 *   in template order (section, entry, field), each path once;
 * - every accepted value passes the field's check, shows, generalizes, and
 *   writes as text that parses back to the same value (sites chosen from
 *   the gazetteer excepted: their text is the id alone).
 */
#include "sillok-config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-template.h"
#include "sillok/sillok-value.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) { fprintf (stderr, "property failed: %s\n", #cond); abort (); } } while (0)

static SillokTemplate *template;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  CHECK (sillok_init (NULL));
  /* SILLOK_DATADIR names the source tree's schemas/ when run by meson. */
  template = sillok_template_find_installed ("forced-labour", 1, &error);
  if (template == NULL)
    {
      fprintf (stderr, "fuzz-record-json needs the forced-labour template (set SILLOK_DATADIR): %s\n",
               error->message);
      abort ();
    }
  return 0;
}

/* Where a path sits in template order. */
static void
position (SillokFieldPath *fp,
          guint           *section,
          guint           *field)
{
  CHECK (g_ptr_array_find (sillok_template_get_sections (template), fp->section, section));
  CHECK (g_ptr_array_find (fp->section->fields, fp->field, field));
}

static void
check_value (SillokFieldPath *fp,
             JsonNode        *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) anon = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;

  CHECK (sillok_value_check (fp->field, value, &error));
  shown = sillok_value_display (fp->field, value, "ko");
  CHECK (shown != NULL);
  anon = sillok_value_anonymize (fp->field, value);
  CHECK (anon == NULL || fp->field->sensitivity == SILLOK_SENSITIVITY_QUASI);
  text = sillok_value_to_text (fp->field, value);
  if (fp->field->type == SILLOK_FIELD_SITES && json_array_get_length (json_node_get_array (value)) == 3)
    return;
  {
    g_autoptr(JsonNode) again = sillok_value_parse (fp->field, text, NULL, &error);
    g_autofree char *a = sillok_jcs_serialize (value, NULL, NULL);
    g_autofree char *b = NULL;

    if (again == NULL)
      {
        fprintf (stderr, "%s: %s written as “%s” does not parse: %s\n", fp->field->id, a, text, error->message);
        abort ();
      }
    b = sillok_jcs_serialize (again, NULL, NULL);
    if (strcmp (a, b) != 0)
      {
        fprintf (stderr, "%s: %s written as “%s” reads back as %s\n", fp->field->id, a, text, b);
        abort ();
      }
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = sillok_record_values_from_json (template, (const char *) data, size, &error);
  g_autoptr(GHashTable) seen = NULL;
  guint last_section = 0, last_field = 0;
  int last_index = -1;

  if (values == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_RECORD_ERROR && error->code == SILLOK_RECORD_ERROR_INVALID);
      return 0;
    }
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < values->len; i++)
    {
      SillokRecordValue *v = values->pdata[i];
      g_autofree char *written = NULL;
      SillokFieldPath fp;
      guint section, field;

      CHECK (g_hash_table_add (seen, v->path));
      CHECK (sillok_template_parse_path (template, v->path, &fp, &error));
      written = sillok_field_path_format (fp.section, fp.index, fp.field);
      CHECK (strcmp (written, v->path) == 0);
      position (&fp, &section, &field);
      if (i > 0)
        CHECK (section > last_section
               || (section == last_section && (fp.index > last_index
                                               || (fp.index == last_index && field > last_field))));
      last_section = section;
      last_field = field;
      last_index = fp.index;
      check_value (&fp, v->value);
    }
  return 0;
}
