/* sillok-seal-preview.c: what an anonymized export of a draft would carry
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-seal.h"
#include "sillok/sillok-value.h"
#include "sillok-seal-preview.h"

void
sillok_preview_row_free (SillokPreviewRow *row)
{
  g_free (row->section);
  g_free (row->label);
  g_free (row->value);
  g_free (row);
}

static void
add_row (GPtrArray  *rows,
         const char *section,
         const char *label,
         char       *value)
{
  SillokPreviewRow *row = g_new0 (SillokPreviewRow, 1);

  row->section = g_strdup (section);
  row->label = g_strdup (label);
  row->value = value;
  g_ptr_array_add (rows, row);
}

/* Exact values leave only for open fields, and narratives only redacted. */
static gboolean
leaves (SillokTemplate *template,
        const char     *name)
{
  g_autofree char *path = NULL;
  SillokFieldPath fp;

  if (g_str_has_suffix (name, "@anon"))
    return TRUE;
  path = g_strdup (name);
  return sillok_template_parse_path (template, path, &fp, NULL)
         && fp.field->sensitivity == SILLOK_SENSITIVITY_OPEN && fp.field->type != SILLOK_FIELD_LONGTEXT;
}

static void
add_described (GPtrArray      *rows,
               SillokTemplate *template,
               const char     *name,
               JsonNode       *value,
               const char     *language)
{
  g_autofree char *section = NULL;
  g_autofree char *label = NULL;
  char *text = NULL;

  sillok_value_describe (template, name, value, language, &section, &label, &text);
  add_row (rows, section, label, text);
}

static void
add_attachment (GPtrArray    *rows,
                SillokRecord *record,
                const char   *name)
{
  GPtrArray *attachments = sillok_record_get_attachments (record);
  guint n;

  if (sscanf (name, "$attachment[%u]", &n) != 1)
    return;
  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];
      g_autofree char *size = NULL;

      if (a->n != n || g_strcmp0 (a->sensitivity, "open") != 0)
        continue;
      size = g_format_size (a->size);
      add_row (rows, _("Attachments"), a->name, g_strdup_printf ("%s, %s", a->media_type, size));
    }
}

GPtrArray *
sillok_seal_preview_build (SillokRecord  *record,
                           SillokSecret  *linkage_key,
                           const char    *sealed_at,
                           const char    *language,
                           GError       **error)
{
  SillokTemplate *template = sillok_record_get_template (record);
  g_autoptr(GPtrArray) disclosures = sillok_seal_build_disclosures (record, linkage_key, sealed_at, error);
  GPtrArray *rows;

  if (disclosures == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_preview_row_free);
  for (guint i = 0; i < disclosures->len; i++)
    {
      SillokDisclosure *d = disclosures->pdata[i];
      const char *name = sillok_disclosure_get_name (d);
      g_autoptr(JsonNode) value = sillok_disclosure_dup_value (d);

      if (g_str_equal (name, "$pseudonym") || g_str_equal (name, "$sealed_at@anon"))
        add_described (rows, template, name, value, language);
      else if (g_str_has_prefix (name, "$attachment["))
        add_attachment (rows, record, name);
      else if (name[0] != '$' && leaves (template, name))
        add_described (rows, template, name, value, language);
    }
  return rows;
}
