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

/* A generalized value need not fit its field's type (a year band): shown
 * as what it is. */
static char *
plain_text (JsonNode *value)
{
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (array, i));
      return g_string_free (out, FALSE);
    }
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("yes") : _("no"));
  return g_strdup (json_node_get_string (value));
}

static char *
section_title (SillokFieldPath *fp,
               const char      *language)
{
  const char *title = sillok_text_get (&fp->section->title, language);

  if (fp->index < 0)
    return g_strdup (title);
  return g_strdup_printf (_("%s: entry %d"), title, fp->index + 1);
}

static void
add_field (GPtrArray      *rows,
           SillokTemplate *template,
           const char     *name,
           JsonNode       *value,
           const char     *language)
{
  g_autofree char *path = g_str_has_suffix (name, "@anon") ? g_strndup (name, strlen (name) - 5) : g_strdup (name);
  gboolean anon = !g_str_equal (path, name);
  g_autofree char *section = NULL;
  g_autofree char *label = NULL;
  SillokFieldPath fp;
  char *shown;

  if (!sillok_template_parse_path (template, path, &fp, NULL))
    return;
  /* Exact values leave only for open fields, and narratives only redacted. */
  if (!anon && (fp.field->sensitivity != SILLOK_SENSITIVITY_OPEN || fp.field->type == SILLOK_FIELD_LONGTEXT))
    return;
  section = section_title (&fp, language);
  if (anon && fp.field->type != SILLOK_FIELD_LONGTEXT)
    label = g_strdup_printf (_("%s (generalized)"), sillok_text_get (&fp.field->label, language));
  else
    label = g_strdup (sillok_text_get (&fp.field->label, language));
  if (sillok_value_check (fp.field, value, NULL))
    shown = sillok_value_display (fp.field, value, language);
  else
    shown = plain_text (value);
  add_row (rows, section, label, shown);
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

      if (g_str_equal (name, "$pseudonym"))
        add_row (rows, _("Record"), _("Witness pseudonym"), g_strdup (json_node_get_string (value)));
      else if (g_str_equal (name, "$sealed_at@anon"))
        add_row (rows, _("Record"), _("Month sealed"), g_strdup (json_node_get_string (value)));
      else if (g_str_has_prefix (name, "$attachment["))
        add_attachment (rows, record, name);
      else if (name[0] != '$')
        add_field (rows, template, name, value, language);
    }
  return rows;
}
