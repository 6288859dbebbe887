/* sillok-value.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok-value.h"

G_DEFINE_QUARK (sillok-value-error-quark, sillok_value_error)

static gpointer G_GNUC_PRINTF (2, 3)
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SILLOK_VALUE_ERROR, SILLOK_VALUE_ERROR_INVALID, message);
  return NULL;
}

static gboolean
text_ok (const char  *text,
         gboolean     multiline,
         guint        max_chars,
         GError     **error)
{
  glong chars;

  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, _("the text is not valid UTF-8")) != NULL;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* U+2028 and U+2029 break lines as \n does wherever the text is shown. */
      if ((c == '\n' || c == 0x2028 || c == 0x2029) && !multiline)
        return invalid (error, _("a line break in a one-line field")) != NULL;
      if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f))
        return invalid (error, _("a control character in the text")) != NULL;
    }
  chars = g_utf8_strlen (text, -1);
  if ((guint) chars > max_chars)
    return invalid (error, _("the text is longer than %u characters"), max_chars) != NULL;
  return TRUE;
}

/* A free text inside a place or site: what parsing keeps of what was typed. */
static gboolean
part_ok (const char  *text,
         GError     **error)
{
  gsize len = strlen (text);

  if (len == 0 || g_ascii_isspace (text[0]) || g_ascii_isspace (text[len - 1]))
    return invalid (error, _("an empty text, or one with spaces around it")) != NULL;
  return text_ok (text, FALSE, SILLOK_VALUE_TEXT_MAX, error);
}

static guint
text_limit (SillokTemplateField *field)
{
  if (field->type == SILLOK_FIELD_LONGTEXT)
    return SILLOK_VALUE_LONGTEXT_MAX;
  return field->max_length > 0 ? MIN (field->max_length, SILLOK_VALUE_TEXT_MAX) : SILLOK_VALUE_TEXT_MAX;
}

gboolean
sillok_partial_date_parse (const char *text,
                           int        *year,
                           int        *month,
                           int        *day)
{
  gsize len = strlen (text);
  int y = 0, m = 0, d = 0;

  if (len != 4 && len != 7 && len != 10)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      gboolean dash = i == 4 || i == 7;
      if (dash ? text[i] != '-' : !g_ascii_isdigit (text[i]))
        return FALSE;
    }
  y = atoi (text);
  if (y < SILLOK_VALUE_YEAR_MIN || y > SILLOK_VALUE_YEAR_MAX)
    return FALSE;
  if (len >= 7)
    {
      m = (text[5] - '0') * 10 + (text[6] - '0');
      if (m < 1 || m > 12)
        return FALSE;
    }
  if (len == 10)
    {
      d = (text[8] - '0') * 10 + (text[9] - '0');
      if (d < 1 || d > g_date_get_days_in_month (m, y))
        return FALSE;
    }
  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

/* A node owning @array (json_node_init_array() would take a second reference). */
static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static JsonNode *
string_node (const char *s)
{
  return json_node_init_string (json_node_alloc (), s);
}

static JsonNode *
strings_node (const char *const *items,
              guint               n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_string_element (array, items[i]);
  return array_node (array);
}

static guint
choice_index (SillokTemplateField *field,
              const char          *code)
{
  for (guint i = 0; i < field->choices->len; i++)
    if (g_strcmp0 (((SillokChoice *) field->choices->pdata[i])->code, code) == 0)
      return i;
  return G_MAXUINT;
}

static JsonNode *
parse_multichoice (SillokTemplateField *field,
                   const char          *text,
                   GError             **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autofree gboolean *chosen = g_new0 (gboolean, field->choices->len);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *code = g_strstrip (parts[i]);
      guint index = choice_index (field, code);

      if (*code == '\0' && parts[1] == NULL)
        break;
      if (index == G_MAXUINT)
        return invalid (error, _("“%s” is not one of the choices"), code);
      if (chosen[index])
        return invalid (error, _("“%s” is given twice"), code);
      chosen[index] = TRUE;
    }
  for (guint i = 0; i < field->choices->len; i++)
    if (chosen[i])
      g_ptr_array_add (codes, ((SillokChoice *) field->choices->pdata[i])->code);
  return strings_node ((const char *const *) codes->pdata, codes->len);
}

static JsonNode *
parse_place (const char  *text,
             GError     **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *province = colon != NULL ? g_strndup (text, colon - text) : g_strdup (text);
  const char *rest = colon != NULL ? colon + 1 : NULL;

  g_strstrip (province);
  if (sillok_province_lookup (province) == NULL)
    return invalid (error, _("“%s” is not a province code"), province);
  if (rest != NULL)
    {
      g_autofree char *free_text = g_strstrip (g_strdup (rest));

      if (*free_text != '\0')
        {
          const char *items[] = { province, free_text };

          if (!text_ok (free_text, FALSE, SILLOK_VALUE_TEXT_MAX, error))
            return NULL;
          return strings_node (items, 2);
        }
    }
  return strings_node ((const char *[]) { province }, 1);
}

static JsonNode *
parse_sites (const char      *text,
             SillokGazetteer *gazetteer,
             GError         **error)
{
  g_autofree char *free_text = g_strstrip (g_strdup (text));
  const SillokSite *site = gazetteer != NULL ? sillok_gazetteer_lookup (gazetteer, free_text) : NULL;

  if (site != NULL)
    {
      const char *items[] = { site->id, site->name.en, site->name.ko };
      return strings_node (items, 3);
    }
  if (*free_text == '\0')
    return invalid (error, _("a site is a gazetteer id or a name"));
  if (!text_ok (free_text, FALSE, SILLOK_VALUE_TEXT_MAX, error))
    return NULL;
  return strings_node ((const char *[]) { free_text }, 1);
}

JsonNode *
sillok_value_parse (SillokTemplateField *field,
                    const char          *text,
                    SillokGazetteer     *gazetteer,
                    GError             **error)
{
  g_return_val_if_fail (field != NULL && text != NULL, NULL);

  switch (field->type)
    {
    case SILLOK_FIELD_TEXT:
    case SILLOK_FIELD_LONGTEXT:
      if (!text_ok (text, field->type == SILLOK_FIELD_LONGTEXT, text_limit (field), error))
        return NULL;
      return string_node (text);

    case SILLOK_FIELD_INTEGER:
      {
        gint64 n = 0;
        JsonNode *node;

        if (!g_ascii_string_to_signed (text, 10, -SILLOK_VALUE_INTEGER_MAX, SILLOK_VALUE_INTEGER_MAX, &n, NULL)
            || text[0] == '+' || (text[0] == '0' && text[1] != '\0')
            || (text[0] == '-' && text[1] == '0'))
          return invalid (error, _("“%s” is not a whole number"), text);
        node = json_node_init_int (json_node_alloc (), n);
        if (!sillok_value_check (field, node, error))
          {
            json_node_unref (node);
            return NULL;
          }
        return node;
      }

    case SILLOK_FIELD_BOOLEAN:
      if (strcmp (text, "true") == 0 || strcmp (text, "false") == 0)
        return json_node_init_boolean (json_node_alloc (), text[0] == 't');
      return invalid (error, _("“%s” is not true or false"), text);

    case SILLOK_FIELD_CHOICE:
      if (sillok_template_field_get_choice (field, text) == NULL)
        return invalid (error, _("“%s” is not one of the choices"), text);
      return string_node (text);

    case SILLOK_FIELD_MULTICHOICE:
      return parse_multichoice (field, text, error);

    case SILLOK_FIELD_PARTIAL_DATE:
      {
        int y, m, d;

        if (!sillok_partial_date_parse (text, &y, &m, &d))
          return invalid (error, _("“%s” is not a date written YYYY, YYYY-MM or YYYY-MM-DD between %d and %d"),
                          text, SILLOK_VALUE_YEAR_MIN, SILLOK_VALUE_YEAR_MAX);
        return string_node (text);
      }

    case SILLOK_FIELD_PLACE:
      return parse_place (text, error);

    case SILLOK_FIELD_SITES:
      return parse_sites (text, gazetteer, error);

    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* An array of @min to @max strings. */
static JsonArray *
string_array (JsonNode *node,
              guint     min,
              guint     max)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min || n > max)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (!is_string (json_array_get_element (array, i)))
      return NULL;
  return array;
}

static gboolean
check_multichoice (SillokTemplateField *field,
                   JsonNode            *value,
                   GError             **error)
{
  JsonArray *array = string_array (value, 0, field->choices->len);
  guint last = 0;

  if (array == NULL)
    return invalid (error, _("not a list of choices")) != NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *code = json_array_get_string_element (array, i);
      guint index = choice_index (field, code);

      if (index == G_MAXUINT)
        return invalid (error, _("“%s” is not one of the choices"), code) != NULL;
      if (i > 0 && index <= last)
        return invalid (error, _("the choices are repeated or out of order")) != NULL;
      last = index;
    }
  return TRUE;
}

gboolean
sillok_value_check (SillokTemplateField *field,
                    JsonNode            *value,
                    GError             **error)
{
  g_return_val_if_fail (field != NULL && value != NULL, FALSE);

  switch (field->type)
    {
    case SILLOK_FIELD_TEXT:
    case SILLOK_FIELD_LONGTEXT:
      if (!is_string (value))
        return invalid (error, _("not a text")) != NULL;
      return text_ok (json_node_get_string (value), field->type == SILLOK_FIELD_LONGTEXT, text_limit (field), error);

    case SILLOK_FIELD_INTEGER:
      {
        gint64 n;

        if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
          return invalid (error, _("not a whole number")) != NULL;
        n = json_node_get_int (value);
        if (n > SILLOK_VALUE_INTEGER_MAX || n < -SILLOK_VALUE_INTEGER_MAX)
          return invalid (error, _("%" PRId64 " is too large"), n) != NULL;
        if (field->has_min && n < field->min)
          return invalid (error, _("%" PRId64 " is below the smallest allowed, %" PRId64),
                          n, field->min) != NULL;
        if (field->has_max && n > field->max)
          return invalid (error, _("%" PRId64 " is above the largest allowed, %" PRId64),
                          n, field->max) != NULL;
        return TRUE;
      }

    case SILLOK_FIELD_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        return invalid (error, _("not true or false")) != NULL;
      return TRUE;

    case SILLOK_FIELD_CHOICE:
      if (!is_string (value) || sillok_template_field_get_choice (field, json_node_get_string (value)) == NULL)
        return invalid (error, _("not one of the choices")) != NULL;
      return TRUE;

    case SILLOK_FIELD_MULTICHOICE:
      return check_multichoice (field, value, error);

    case SILLOK_FIELD_PARTIAL_DATE:
      {
        int y, m, d;

        if (!is_string (value) || !sillok_partial_date_parse (json_node_get_string (value), &y, &m, &d))
          return invalid (error, _("not a date written YYYY, YYYY-MM or YYYY-MM-DD")) != NULL;
        return TRUE;
      }

    case SILLOK_FIELD_PLACE:
      {
        JsonArray *array = string_array (value, 1, 2);

        if (array == NULL || sillok_province_lookup (json_array_get_string_element (array, 0)) == NULL)
          return invalid (error, _("not a province code with an optional text")) != NULL;
        if (json_array_get_length (array) == 2)
          return part_ok (json_array_get_string_element (array, 1), error);
        return TRUE;
      }

    case SILLOK_FIELD_SITES:
      {
        JsonArray *array = string_array (value, 1, 3);

        if (array == NULL || json_array_get_length (array) == 2)
          return invalid (error, _("not a gazetteer site or a free text")) != NULL;
        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!part_ok (json_array_get_string_element (array, i), error))
            return FALSE;
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

static char *
join_strings (JsonArray  *array,
              const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, json_array_get_string_element (array, i));
    }
  return g_string_free (out, FALSE);
}

char *
sillok_value_to_text (SillokTemplateField *field,
                      JsonNode            *value)
{
  switch (field->type)
    {
    case SILLOK_FIELD_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    case SILLOK_FIELD_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? "true" : "false");
    case SILLOK_FIELD_MULTICHOICE:
      return join_strings (json_node_get_array (value), ",");
    case SILLOK_FIELD_PLACE:
      return join_strings (json_node_get_array (value), ":");
    case SILLOK_FIELD_SITES:
      return g_strdup (json_array_get_string_element (json_node_get_array (value), 0));
    case SILLOK_FIELD_TEXT:
    case SILLOK_FIELD_LONGTEXT:
    case SILLOK_FIELD_CHOICE:
    case SILLOK_FIELD_PARTIAL_DATE:
    default:
      return g_strdup (json_node_get_string (value));
    }
}

static const char *
choice_label (SillokTemplateField *field,
              const char          *code,
              const char          *language)
{
  const SillokChoice *choice = sillok_template_field_get_choice (field, code);

  return choice != NULL ? sillok_text_get (&choice->label, language) : code;
}

char *
sillok_value_display (SillokTemplateField *field,
                      JsonNode            *value,
                      const char          *language)
{
  switch (field->type)
    {
    case SILLOK_FIELD_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? _("yes") : _("no"));
    case SILLOK_FIELD_CHOICE:
      return g_strdup (choice_label (field, json_node_get_string (value), language));
    case SILLOK_FIELD_MULTICHOICE:
      {
        JsonArray *array = json_node_get_array (value);
        GString *out = g_string_new (NULL);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            g_string_append (out, choice_label (field, json_array_get_string_element (array, i), language));
          }
        return g_string_free (out, FALSE);
      }
    case SILLOK_FIELD_PLACE:
      {
        JsonArray *array = json_node_get_array (value);
        const SillokProvince *p = sillok_province_lookup (json_array_get_string_element (array, 0));
        const char *name = g_strcmp0 (language, "ko") == 0 ? p->ko : p->en;

        if (json_array_get_length (array) == 2)
          return g_strdup_printf ("%s, %s", json_array_get_string_element (array, 1), name);
        return g_strdup (name);
      }
    case SILLOK_FIELD_SITES:
      {
        JsonArray *array = json_node_get_array (value);

        if (json_array_get_length (array) == 3)
          return g_strdup (json_array_get_string_element (array, g_strcmp0 (language, "ko") == 0 ? 2 : 1));
        return g_strdup (json_array_get_string_element (array, 0));
      }
    case SILLOK_FIELD_TEXT:
    case SILLOK_FIELD_LONGTEXT:
    case SILLOK_FIELD_INTEGER:
    case SILLOK_FIELD_PARTIAL_DATE:
    default:
      return sillok_value_to_text (field, value);
    }
}

/* Any value as plain words: strings as they are, arrays joined with ", ",
 * objects by their "name" member. */
static char *
plain_text (JsonNode *value)
{
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *part = plain_text (json_array_get_element (array, i));

          g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", part);
        }
      return g_string_free (out, FALSE);
    }
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *o = json_node_get_object (value);

      if (json_object_has_member (o, "name") && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "name")))
        return plain_text (json_object_get_member (o, "name"));
      return json_to_string (value, FALSE);
    }
  if (!JSON_NODE_HOLDS_VALUE (value))
    return g_strdup ("");
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? _("yes") : _("no"));
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (value));
    default:
      return json_to_string (value, FALSE);
    }
}

/* "$consent": the ids of the consent section's fields that were given. */
static char *
consent_text (SillokTemplate *template,
              JsonNode       *value,
              const char     *language)
{
  SillokTemplateSection *section = template != NULL ? sillok_template_get_section (template, "consent") : NULL;
  JsonArray *array;
  GString *out;

  if (section == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return plain_text (value);
  array = json_node_get_array (value);
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *id = JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
                         ? json_node_get_string (element) : NULL;
      SillokTemplateField *field = id != NULL ? sillok_template_section_get_field (section, id) : NULL;

      if (i > 0)
        g_string_append (out, ", ");
      if (field != NULL)
        g_string_append (out, sillok_text_get (&field->label, language));
      else
        {
          g_autofree char *part = plain_text (element);
          g_string_append (out, part);
        }
    }
  return g_string_free (out, FALSE);
}

/* "$attachment[N]": its name, media type and size. */
static char *
attachment_text (JsonNode *value)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
  JsonNode *size = o != NULL ? json_object_get_member (o, "size") : NULL;
  g_autofree char *bytes = NULL;

  if (o == NULL)
    return plain_text (value);
  if (size != NULL && JSON_NODE_HOLDS_VALUE (size) && json_node_get_value_type (size) == G_TYPE_INT64
      && json_node_get_int (size) >= 0)
    bytes = g_format_size ((guint64) json_node_get_int (size));
  return g_strjoin (", ", json_object_get_string_member_with_default (o, "name", "?"),
                    json_object_get_string_member_with_default (o, "media_type", "?"),
                    bytes != NULL ? bytes : "?", NULL);
}

void
sillok_value_describe (SillokTemplate  *template,
                       const char      *name,
                       JsonNode        *value,
                       const char      *language,
                       char           **section,
                       char           **label,
                       char           **text)
{
  g_autofree char *path = NULL;
  gboolean anon;
  SillokFieldPath fp;
  guint n;

  g_return_if_fail (name != NULL && value != NULL);

  *section = *label = *text = NULL;
  if (name[0] == '$')
    {
      *section = g_strdup (_("Record"));
      if (g_str_equal (name, "$consent"))
        {
          *label = g_strdup (_("Consent given"));
          *text = consent_text (template, value, language);
          return;
        }
      if (sscanf (name, "$attachment[%u]", &n) == 1)
        {
          *label = g_strdup_printf (_("Attachment %u"), n + 1);
          *text = attachment_text (value);
          return;
        }
      if (g_str_equal (name, "$pseudonym"))
        *label = g_strdup (_("Witness pseudonym"));
      else if (g_str_equal (name, "$sealed_at@anon"))
        *label = g_strdup (_("Month sealed"));
      else if (g_str_equal (name, "$sealed_at"))
        *label = g_strdup (_("Sealed at"));
      else if (g_str_equal (name, "$reason"))
        *label = g_strdup (_("Reason for the amendment"));
      else
        *label = g_strdup (name);
      *text = plain_text (value);
      return;
    }

  anon = g_str_has_suffix (name, "@anon");
  path = anon ? g_strndup (name, strlen (name) - strlen ("@anon")) : g_strdup (name);
  if (template == NULL || !sillok_template_parse_path (template, path, &fp, NULL))
    {
      *label = g_strdup (name);
      *text = plain_text (value);
      return;
    }
  {
    const char *title = sillok_text_get (&fp.section->title, language);

    *section = fp.index < 0 ? g_strdup (title) : g_strdup_printf (_("%s: entry %d"), title, fp.index + 1);
  }
  /* A narrative's generalized form is its redacted text: no other word for it. */
  if (anon && fp.field->type != SILLOK_FIELD_LONGTEXT)
    *label = g_strdup_printf (_("%s (generalized)"), sillok_text_get (&fp.field->label, language));
  else
    *label = g_strdup (sillok_text_get (&fp.field->label, language));
  /* A generalized value need not fit its field's type (a year band). */
  *text = sillok_value_check (fp.field, value, NULL) ? sillok_value_display (fp.field, value, language)
                                                     : plain_text (value);
}

JsonNode *
sillok_value_anonymize (SillokTemplateField *field,
                        JsonNode            *value)
{
  int y = 0, m = 0, d = 0;

  if (field->sensitivity != SILLOK_SENSITIVITY_QUASI)
    return NULL;

  switch (field->anonymize)
    {
    case SILLOK_ANONYMIZE_YEAR_BAND:
    case SILLOK_ANONYMIZE_YEAR:
    case SILLOK_ANONYMIZE_YEAR_MONTH:
      if (!sillok_partial_date_parse (json_node_get_string (value), &y, &m, &d))
        return NULL;
      if (field->anonymize == SILLOK_ANONYMIZE_YEAR_MONTH && m > 0)
        {
          g_autofree char *s = g_strdup_printf ("%04d-%02d", y, m);
          return string_node (s);
        }
      if (field->anonymize == SILLOK_ANONYMIZE_YEAR_BAND && field->band > 1)
        {
          int start = y - y % (int) field->band;
          g_autofree char *s = g_strdup_printf ("%04d-%04d", start, start + (int) field->band - 1);
          return string_node (s);
        }
      {
        g_autofree char *s = g_strdup_printf ("%04d", y);
        return string_node (s);
      }

    case SILLOK_ANONYMIZE_PROVINCE:
      if (field->type == SILLOK_FIELD_PLACE)
        return string_node (json_array_get_string_element (json_node_get_array (value), 0));
      return json_node_copy (value);

    case SILLOK_ANONYMIZE_KEEP:
      return json_node_copy (value);

    case SILLOK_ANONYMIZE_SUPPRESS:
    case SILLOK_ANONYMIZE_NONE:
    default:
      return NULL;
    }
}
