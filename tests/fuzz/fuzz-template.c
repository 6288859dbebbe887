/* fuzz-template.c: the template reader on arbitrary bytes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties checked besides memory safety:
 * - a refusal is a template error saying the template is invalid;
 * - an accepted template's digest is the BLAKE2b-256 of its canonical
 *   bytes, and those bytes read back to the same digest;
 * - every section and field is found by its id and by its path, and the
 *   path written back is the path read;
 * - the rules of the format hold: labels in English and Korean, choices
 *   exactly on choice fields, an anonymize rule exactly on quasi fields,
 *   the consent section;
 * - every value the field parses from a few typical texts passes the
 *   field's own check, and shows, writes and generalizes without fault.
 */
#include "sillok-config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-template.h"
#include "sillok/sillok-value.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) { fprintf (stderr, "property failed: %s\n", #cond); abort (); } } while (0)

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  CHECK (sillok_init (NULL));
  return 0;
}

static gboolean
blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static void
check_values (SillokTemplateField *field)
{
  const char *texts[] = { "x", "true", "12", "-3", "1977-03-02", "2024-05", "north-hamgyong:Musan", "",
                          "a,b", "김철수", "9007199254740991" };
  GPtrArray *choices = field->choices;
  g_autofree char *codes = NULL;

  if (choices != NULL && choices->len > 0)
    {
      SillokChoice *first = choices->pdata[0];
      SillokChoice *last = choices->pdata[choices->len - 1];

      codes = g_strdup_printf ("%s,%s", last->code, first->code);
    }
  for (guint i = 0; i <= G_N_ELEMENTS (texts); i++)
    {
      const char *text = i < G_N_ELEMENTS (texts) ? texts[i] : codes;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) value = NULL;
      g_autoptr(JsonNode) anon = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *written = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (text == NULL)
        continue;
      value = sillok_value_parse (field, text, NULL, &error);
      if (value == NULL)
        {
          CHECK (error != NULL && error->domain == SILLOK_VALUE_ERROR);
          continue;
        }
      CHECK (sillok_value_check (field, value, &error));
      shown = sillok_value_display (field, value, "ko");
      CHECK (shown != NULL);
      written = sillok_value_to_text (field, value);
      again = sillok_value_parse (field, written, NULL, &error);
      CHECK (again != NULL);
      a = sillok_jcs_serialize (value, NULL, NULL);
      b = sillok_jcs_serialize (again, NULL, NULL);
      CHECK (a != NULL && b != NULL && strcmp (a, b) == 0);
      anon = sillok_value_anonymize (field, value);
      CHECK (anon == NULL || field->sensitivity == SILLOK_SENSITIVITY_QUASI);
    }
}

static void
check_template (SillokTemplate *t)
{
  GBytes *canonical = sillok_template_get_canonical (t);
  GPtrArray *sections = sillok_template_get_sections (t);
  g_autoptr(SillokTemplate) again = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[32];
  char hex[65];
  gboolean consent = FALSE;

  crypto_generichash (digest, sizeof digest, g_bytes_get_data (canonical, NULL), g_bytes_get_size (canonical),
                      NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  CHECK (strcmp (hex, sillok_template_get_digest (t)) == 0);
  again = sillok_template_new_from_data (g_bytes_get_data (canonical, NULL), g_bytes_get_size (canonical), &error);
  CHECK (again != NULL);
  CHECK (strcmp (sillok_template_get_digest (again), hex) == 0);
  CHECK (sillok_template_get_version (t) >= 1);
  CHECK (!blank (sillok_template_get_title (t)->en) && !blank (sillok_template_get_title (t)->ko));
  CHECK (sections->len > 0);

  for (guint s = 0; s < sections->len; s++)
    {
      SillokTemplateSection *section = sections->pdata[s];

      CHECK (sillok_template_get_section (t, section->id) == section);
      CHECK (strchr (section->id, '\n') == NULL && strchr (section->id, '.') == NULL);
      CHECK (section->fields->len > 0);
      consent |= strcmp (section->id, "consent") == 0;
      for (guint f = 0; f < section->fields->len; f++)
        {
          SillokTemplateField *field = section->fields->pdata[f];
          gboolean takes_choices = field->type == SILLOK_FIELD_CHOICE || field->type == SILLOK_FIELD_MULTICHOICE;
          int index = section->repeat ? 9999 : -1;
          g_autofree char *path = sillok_field_path_format (section, index, field);
          SillokFieldPath fp;

          CHECK (sillok_template_section_get_field (section, field->id) == field);
          CHECK (sillok_template_parse_path (t, path, &fp, &error));
          CHECK (fp.section == section && fp.field == field && fp.index == index);
          CHECK (!blank (field->label.en) && !blank (field->label.ko));
          CHECK ((field->choices != NULL) == takes_choices);
          CHECK ((field->sensitivity == SILLOK_SENSITIVITY_QUASI) == (field->anonymize != SILLOK_ANONYMIZE_NONE));
          CHECK (!field->has_min || !field->has_max || field->min <= field->max);
          for (guint c = 0; field->choices != NULL && c < field->choices->len; c++)
            {
              SillokChoice *choice = field->choices->pdata[c];

              CHECK (sillok_template_field_get_choice (field, choice->code) == choice);
              CHECK (strchr (choice->code, ',') == NULL && strchr (choice->code, '\n') == NULL);
            }
          check_values (field);
        }
    }
  CHECK (consent);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokTemplate) t = sillok_template_new_from_data ((const char *) data, size, &error);

  if (t == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_TEMPLATE_ERROR && error->code == SILLOK_TEMPLATE_ERROR_INVALID);
      return 0;
    }
  check_template (t);
  return 0;
}
