/* sillok-template.c: reading and checking interview templates
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-jcs.h"
#include "sillok/sillok-template.h"

/* A template is small; the shipped one with every country is about 70 KiB. */
#define TEMPLATE_MAX_BYTES (4 * 1024 * 1024)
#define TEMPLATE_MAX_DEPTH 16
#define TEMPLATE_MAX_MEMBERS 4096
#define ID_MAX_CHARS 64
/* Patterns as ECMA-262 reads them: $ only at the very end, never before a final line break. */
#define PATTERN_FLAGS (G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY)

struct _SillokTemplate
{
  gatomicrefcount  ref_count;
  char            *id;
  gint64           version;
  SillokText       title;
  SillokText       description;
  SillokText       redacted;
  GPtrArray       *sections;
  GBytes          *canonical;
  char             digest[65];
};

static const SillokProvince provinces[] = {
  { "pyongyang", "Pyongyang", "평양" },
  { "rason", "Rason", "라선" },
  { "nampo", "Nampo", "남포" },
  { "south-pyongan", "South Pyongan", "평안남도" },
  { "north-pyongan", "North Pyongan", "평안북도" },
  { "chagang", "Chagang", "자강도" },
  { "south-hwanghae", "South Hwanghae", "황해남도" },
  { "north-hwanghae", "North Hwanghae", "황해북도" },
  { "kangwon", "Kangwon", "강원도" },
  { "south-hamgyong", "South Hamgyong", "함경남도" },
  { "north-hamgyong", "North Hamgyong", "함경북도" },
  { "ryanggang", "Ryanggang", "량강도" },
  { "unknown", "Unknown", "모름" },
};

static const char *const type_names[] = {
  "text", "longtext", "integer", "boolean", "choice", "multichoice", "partial-date", "place", "sites",
};

static const char *const sensitivity_names[] = { "identifying", "quasi", "open", "legal" };

G_DEFINE_QUARK (sillok-template-error-quark, sillok_template_error)

const SillokProvince *
sillok_provinces (guint *n)
{
  *n = G_N_ELEMENTS (provinces);
  return provinces;
}

const SillokProvince *
sillok_province_lookup (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    if (g_strcmp0 (provinces[i].code, code) == 0)
      return &provinces[i];
  return NULL;
}

const char *
sillok_field_type_to_string (SillokFieldType type)
{
  return type < G_N_ELEMENTS (type_names) ? type_names[type] : "?";
}

const char *
sillok_sensitivity_to_string (SillokSensitivity sensitivity)
{
  return sensitivity < G_N_ELEMENTS (sensitivity_names) ? sensitivity_names[sensitivity] : "?";
}

const char *
sillok_text_get (const SillokText *text,
                 const char       *language)
{
  if (g_strcmp0 (language, "ko") == 0 && text->ko != NULL)
    return text->ko;
  return text->en;
}

const char *
sillok_text_language (void)
{
  const char *const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "ko"))
        return "ko";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }
  return "en";
}

static void
text_clear (SillokText *text)
{
  g_clear_pointer (&text->en, g_free);
  g_clear_pointer (&text->ko, g_free);
}

static void
choice_free (SillokChoice *choice)
{
  g_free (choice->code);
  text_clear (&choice->label);
  g_free (choice);
}

static void
field_free (SillokTemplateField *field)
{
  g_free (field->id);
  text_clear (&field->label);
  text_clear (&field->help);
  g_clear_pointer (&field->choices, g_ptr_array_unref);
  g_free (field);
}

static void
section_free (SillokTemplateSection *section)
{
  g_free (section->id);
  text_clear (&section->title);
  text_clear (&section->help);
  g_ptr_array_unref (section->fields);
  g_free (section);
}

SillokTemplate *
sillok_template_ref (SillokTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sillok_template_unref (SillokTemplate *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  text_clear (&self->title);
  text_clear (&self->description);
  text_clear (&self->redacted);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->canonical, g_bytes_unref);
  g_free (self);
}

/* Where a problem is: "section “a”, field “b”: " and so on. */
typedef struct
{
  const char *section;
  const char *field;
} Where;

static gpointer G_GNUC_PRINTF (3, 4)
invalid (GError      **error,
         const Where  *where,
         const char   *format,
         ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (where != NULL && where->field != NULL)
    g_set_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID,
                 _("section “%s”, field “%s”: %s"), where->section, where->field, what);
  else if (where != NULL && where->section != NULL)
    g_set_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID,
                 _("section “%s”: %s"), where->section, what);
  else
    g_set_error_literal (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID, what);
  return NULL;
}

static gboolean
check_members (JsonObject   *object,
               const char  **allowed,
               const Where  *where,
               GError      **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        invalid (error, where, _("unknown member “%s”"), (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_bool (JsonObject *object,
             const char *name,
             gboolean   *out,
             const Where *where,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      invalid (error, where, _("“%s” must be true or false"), name);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
member_int (JsonObject  *object,
            const char  *name,
            gboolean    *present,
            gint64      *out,
            const Where *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      invalid (error, where, _("“%s” must be a whole number"), name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
is_blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gboolean
language_tag_ok (const char *tag)
{
  static GRegex *re;

  if (g_once_init_enter (&re))
    g_once_init_leave (&re, g_regex_new ("^[a-z]{2,3}(-[A-Z]{2})?$", PATTERN_FLAGS, 0, NULL));
  return g_regex_match (re, tag, 0, NULL);
}

/* No control characters, which a terminal would obey; line breaks only
 * where @multiline. */
static gboolean
text_chars_ok (const char *s,
               gboolean    multiline)
{
  for (; *s != '\0'; s = g_utf8_next_char (s))
    {
      gunichar c = g_utf8_get_char (s);

      if (c == '\n' && multiline)
        continue;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
        return FALSE;
    }
  return TRUE;
}

/* A {"en","ko",…} text: @what names it in messages ("the label").  Help
 * texts and descriptions may run over several lines, the others not. */
static gboolean
read_text (JsonObject  *object,
           const char  *name,
           gboolean     required,
           const char  *what,
           SillokText  *out,
           const Where *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonObject *text;
  g_autoptr(GList) members = NULL;
  const char *en, *ko;

  if (node == NULL)
    {
      if (required)
        invalid (error, where, _("%s is missing"), what);
      return !required;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, where, _("%s must be an object of texts by language"), what);
      return FALSE;
    }
  text = json_node_get_object (node);
  members = json_object_get_members (text);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = member_string (text, l->data);

      if (!language_tag_ok (l->data) || value == NULL)
        {
          invalid (error, where, _("%s has an invalid language entry “%s”"), what, (const char *) l->data);
          return FALSE;
        }
      if (!text_chars_ok (value, strcmp (name, "help") == 0 || strcmp (name, "description") == 0))
        {
          invalid (error, where, _("%s holds a control character or a line break"), what);
          return FALSE;
        }
    }

  en = member_string (text, "en");
  ko = member_string (text, "ko");
  if (is_blank (en))
    {
      invalid (error, where, _("%s has no English (“en”) text"), what);
      return FALSE;
    }
  if (is_blank (ko))
    {
      invalid (error, where, _("%s has no Korean (“ko”) text"), what);
      return FALSE;
    }
  out->en = g_strdup (en);
  out->ko = g_strdup (ko);
  return TRUE;
}

static gboolean
id_ok (const char *id,
       gboolean    template_id)
{
  static GRegex *field_re, *template_re;

  if (g_once_init_enter (&field_re))
    g_once_init_leave (&field_re, g_regex_new ("^[a-z][a-z0-9_]*$", PATTERN_FLAGS, 0, NULL));
  if (g_once_init_enter (&template_re))
    g_once_init_leave (&template_re, g_regex_new ("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", PATTERN_FLAGS, 0, NULL));
  return id != NULL && strlen (id) <= ID_MAX_CHARS
         && g_regex_match (template_id ? template_re : field_re, id, 0, NULL);
}

static gboolean
choice_code_ok (const char *code)
{
  static GRegex *re;

  if (g_once_init_enter (&re))
    g_once_init_leave (&re, g_regex_new ("^([a-z0-9][a-z0-9-]*|[A-Z][A-Z0-9-]*)$", PATTERN_FLAGS, 0, NULL));
  return code != NULL && strlen (code) <= ID_MAX_CHARS && g_regex_match (re, code, 0, NULL);
}

static gboolean
parse_enum (const char         *value,
            const char *const  *names,
            guint               n,
            guint              *out)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (value, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
read_choices (JsonObject          *object,
              SillokTemplateField *field,
              const Where         *where,
              GError             **error)
{
  static const char *choice_members[] = { "code", "label", NULL };
  JsonNode *node = json_object_get_member (object, "choices");
  gboolean takes = field->type == SILLOK_FIELD_CHOICE || field->type == SILLOK_FIELD_MULTICHOICE;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!takes)
    {
      if (node != NULL)
        invalid (error, where, _("only choice and multichoice fields take choices"));
      return node == NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (array = json_node_get_array (node)) == 0)
    {
      invalid (error, where, _("a %s field needs a list of choices"), sillok_field_type_to_string (field->type));
      return FALSE;
    }

  field->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *c;
      SillokChoice *choice;
      const char *code;
      g_autofree char *what = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          invalid (error, where, _("choice %u is not an object"), i + 1);
          return FALSE;
        }
      c = json_node_get_object (item);
      if (!check_members (c, choice_members, where, error))
        return FALSE;
      code = member_string (c, "code");
      if (!choice_code_ok (code))
        {
          invalid (error, where, _("invalid choice code “%s”"), code != NULL ? code : "");
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) code))
        {
          invalid (error, where, _("choice code “%s” appears twice"), code);
          return FALSE;
        }
      choice = g_new0 (SillokChoice, 1);
      choice->code = g_strdup (code);
      g_ptr_array_add (field->choices, choice);
      what = g_strdup_printf (_("the label of choice “%s”"), code);
      if (!read_text (c, "label", TRUE, what, &choice->label, where, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_anonymize (JsonObject          *object,
                SillokTemplateField *field,
                const Where         *where,
                GError             **error)
{
  const char *rule = member_string (object, "anonymize");
  gboolean quasi = field->sensitivity == SILLOK_SENSITIVITY_QUASI;
  gboolean is_date = field->type == SILLOK_FIELD_PARTIAL_DATE;

  if (json_object_has_member (object, "anonymize") && !quasi)
    {
      invalid (error, where, _("only a quasi-identifying field takes an anonymize rule"));
      return FALSE;
    }
  if (!quasi)
    return TRUE;
  if (rule == NULL)
    {
      invalid (error, where, _("a quasi-identifying field needs an anonymize rule"));
      return FALSE;
    }

  if (g_str_has_prefix (rule, "year-band:"))
    {
      guint64 n = 0;
      const char *digits = rule + strlen ("year-band:");

      if (digits[0] == '0' || !g_ascii_string_to_unsigned (digits, 10, 1, 100, &n, NULL))
        {
          invalid (error, where, _("invalid anonymize rule “%s”"), rule);
          return FALSE;
        }
      field->anonymize = SILLOK_ANONYMIZE_YEAR_BAND;
      field->band = n;
    }
  else if (strcmp (rule, "year") == 0)
    field->anonymize = SILLOK_ANONYMIZE_YEAR;
  else if (strcmp (rule, "year-month") == 0)
    field->anonymize = SILLOK_ANONYMIZE_YEAR_MONTH;
  else if (strcmp (rule, "province") == 0)
    field->anonymize = SILLOK_ANONYMIZE_PROVINCE;
  else if (strcmp (rule, "keep") == 0)
    field->anonymize = SILLOK_ANONYMIZE_KEEP;
  else if (strcmp (rule, "suppress") == 0)
    field->anonymize = SILLOK_ANONYMIZE_SUPPRESS;
  else
    {
      invalid (error, where, _("invalid anonymize rule “%s”"), rule);
      return FALSE;
    }

  switch (field->anonymize)
    {
    case SILLOK_ANONYMIZE_YEAR_BAND:
    case SILLOK_ANONYMIZE_YEAR:
    case SILLOK_ANONYMIZE_YEAR_MONTH:
      if (!is_date)
        goto wrong_type;
      break;
    case SILLOK_ANONYMIZE_KEEP:
      if (field->type != SILLOK_FIELD_CHOICE && field->type != SILLOK_FIELD_MULTICHOICE
          && field->type != SILLOK_FIELD_BOOLEAN)
        goto wrong_type;
      break;
    case SILLOK_ANONYMIZE_PROVINCE:
      if (field->type == SILLOK_FIELD_PLACE)
        break;
      if (field->type == SILLOK_FIELD_CHOICE && field->choices != NULL)
        {
          for (guint i = 0; i < field->choices->len; i++)
            if (sillok_province_lookup (((SillokChoice *) field->choices->pdata[i])->code) == NULL)
              goto not_provinces;
          break;
        }
    not_provinces:
      invalid (error, where, _("anonymize rule “province” needs a place field or a choice among province codes"));
      return FALSE;
    case SILLOK_ANONYMIZE_SUPPRESS:
    case SILLOK_ANONYMIZE_NONE:
    default:
      break;
    }
  return TRUE;

wrong_type:
  invalid (error, where, _("anonymize rule “%s” does not apply to a %s field"), rule,
           sillok_field_type_to_string (field->type));
  return FALSE;
}

static gboolean
read_limits (JsonObject          *object,
             SillokTemplateField *field,
             const Where         *where,
             GError             **error)
{
  gboolean has_len = FALSE;
  gint64 len = 0;

  if (!member_int (object, "min", &field->has_min, &field->min, where, error)
      || !member_int (object, "max", &field->has_max, &field->max, where, error)
      || !member_int (object, "max_length", &has_len, &len, where, error))
    return FALSE;
  if ((field->has_min || field->has_max) && field->type != SILLOK_FIELD_INTEGER)
    {
      invalid (error, where, _("only integer fields take min and max"));
      return FALSE;
    }
  if (field->has_min && field->has_max && field->min > field->max)
    {
      invalid (error, where, _("min %" PRId64 " is above max %" PRId64), field->min, field->max);
      return FALSE;
    }
  if (has_len && field->type != SILLOK_FIELD_TEXT)
    {
      invalid (error, where, _("only text fields take max_length"));
      return FALSE;
    }
  if (has_len && (len < 1 || len > G_MAXINT32))
    {
      invalid (error, where, _("max_length must be at least 1"));
      return FALSE;
    }
  field->max_length = has_len ? (guint) len : 0;
  return TRUE;
}

static SillokTemplateField *
read_field (JsonNode              *node,
            SillokTemplateSection *section,
            GError               **error)
{
  static const char *members[] = { "id", "type", "label", "help", "sensitivity", "anonymize", "required",
                                   "choices", "min", "max", "max_length", NULL };
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  SillokTemplateField *field;
  Where where = { section->id, NULL };
  JsonObject *object;
  const char *type, *sensitivity;
  guint value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, &where, _("a field is not an object"));
  object = json_node_get_object (node);

  where.field = member_string (object, "id");
  if (!id_ok (where.field, FALSE))
    {
      where.field = NULL;
      return invalid (error, &where, _("invalid field id “%s”"),
                      member_string (object, "id") != NULL ? member_string (object, "id") : "");
    }
  if (!check_members (object, members, &where, error))
    return NULL;

  field = g_new0 (SillokTemplateField, 1);
  g_ptr_array_add (holder, field);
  field->id = g_strdup (where.field);
  field->section = section;

  type = member_string (object, "type");
  if (!parse_enum (type, type_names, G_N_ELEMENTS (type_names), &value))
    return invalid (error, &where, _("unknown type “%s”"), type != NULL ? type : "");
  field->type = value;

  if (!read_text (object, "label", TRUE, _("the label"), &field->label, &where, error)
      || !read_text (object, "help", FALSE, _("the help"), &field->help, &where, error))
    return NULL;

  sensitivity = member_string (object, "sensitivity");
  if (sensitivity == NULL)
    return invalid (error, &where, _("no sensitivity"));
  if (!parse_enum (sensitivity, sensitivity_names, G_N_ELEMENTS (sensitivity_names), &value))
    return invalid (error, &where, _("unknown sensitivity “%s”"), sensitivity);
  field->sensitivity = value;

  if (!member_bool (object, "required", &field->required, &where, error)
      || !read_choices (object, field, &where, error)
      || !read_anonymize (object, field, &where, error)
      || !read_limits (object, field, &where, error))
    return NULL;

  return g_ptr_array_steal_index (holder, 0);
}

static SillokTemplateSection *
read_section (JsonNode  *node,
              GError   **error)
{
  static const char *members[] = { "id", "title", "help", "repeat", "fields", NULL };
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  SillokTemplateSection *section;
  Where where = { NULL, NULL };
  JsonObject *object;
  JsonNode *fields;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, NULL, _("a section is not an object"));
  object = json_node_get_object (node);
  where.section = member_string (object, "id");
  if (!id_ok (where.section, FALSE))
    return invalid (error, NULL, _("invalid section id “%s”"),
                    where.section != NULL ? where.section : "");
  if (!check_members (object, members, &where, error))
    return NULL;

  section = g_new0 (SillokTemplateSection, 1);
  section->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  g_ptr_array_add (holder, section);
  section->id = g_strdup (where.section);

  if (!read_text (object, "title", TRUE, _("the title"), &section->title, &where, error)
      || !read_text (object, "help", FALSE, _("the help"), &section->help, &where, error)
      || !member_bool (object, "repeat", &section->repeat, &where, error))
    return NULL;

  fields = json_object_get_member (object, "fields");
  if (fields == NULL || !JSON_NODE_HOLDS_ARRAY (fields) || json_array_get_length (json_node_get_array (fields)) == 0)
    return invalid (error, &where, _("the section has no fields"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (fields)); i++)
    {
      SillokTemplateField *field = read_field (json_array_get_element (json_node_get_array (fields), i),
                                               section, error);
      if (field == NULL)
        return NULL;
      if (!g_hash_table_add (seen, field->id))
        {
          invalid (error, &where, _("field “%s” appears twice"), field->id);
          field_free (field);
          return NULL;
        }
      g_ptr_array_add (section->fields, field);
    }
  return g_ptr_array_steal_index (holder, 0);
}

static gboolean
has_consent (SillokTemplate *self)
{
  SillokTemplateSection *consent = sillok_template_get_section (self, "consent");
  SillokTemplateField *given = consent != NULL ? sillok_template_section_get_field (consent, "given") : NULL;

  return consent != NULL && !consent->repeat && given != NULL && given->type == SILLOK_FIELD_BOOLEAN
         && given->required;
}

static gboolean
read_template (SillokTemplate *self,
               JsonObject     *root,
               GError        **error)
{
  static const char *members[] = { "id", "version", "title", "description", "redacted", "sections", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *sections;
  const char *id;
  gboolean has_version;

  if (!check_members (root, members, NULL, error))
    return FALSE;
  id = member_string (root, "id");
  if (!id_ok (id, TRUE))
    {
      invalid (error, NULL, _("invalid template id “%s”"), id != NULL ? id : "");
      return FALSE;
    }
  self->id = g_strdup (id);
  if (!member_int (root, "version", &has_version, &self->version, NULL, error))
    return FALSE;
  if (!has_version || self->version < 1 || self->version > G_MAXINT32)
    {
      invalid (error, NULL, _("“version” must be a whole number from 1"));
      return FALSE;
    }
  if (!read_text (root, "title", TRUE, _("the title"), &self->title, NULL, error)
      || !read_text (root, "description", FALSE, _("the description"), &self->description, NULL, error)
      || !read_text (root, "redacted", TRUE, _("“redacted”"), &self->redacted, NULL, error))
    return FALSE;

  sections = json_object_get_member (root, "sections");
  if (sections == NULL || !JSON_NODE_HOLDS_ARRAY (sections)
      || json_array_get_length (json_node_get_array (sections)) == 0)
    {
      invalid (error, NULL, _("the template has no sections"));
      return FALSE;
    }
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (sections)); i++)
    {
      SillokTemplateSection *section = read_section (json_array_get_element (json_node_get_array (sections), i),
                                                     error);
      if (section == NULL)
        return FALSE;
      if (!g_hash_table_add (seen, section->id))
        {
          invalid (error, NULL, _("section “%s” appears twice"), section->id);
          section_free (section);
          return FALSE;
        }
      g_ptr_array_add (self->sections, section);
    }
  if (!has_consent (self))
    {
      invalid (error, NULL, _("the template needs a section “consent” with a required boolean field “given”"));
      return FALSE;
    }
  return TRUE;
}

SillokTemplate *
sillok_template_new_from_data (const char  *data,
                               gsize        len,
                               GError     **error)
{
  SillokJsonLimits limits = { TEMPLATE_MAX_BYTES, TEMPLATE_MAX_DEPTH, TEMPLATE_MAX_MEMBERS };
  g_autoptr(SillokTemplate) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *canonical = NULL;
  guint8 digest[32];
  gsize canonical_len = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  root = sillok_jcs_parse (data, len, &limits, SILLOK_JSON_PARSE_INTEGERS_ONLY, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID,
                   _("not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, NULL, _("a template is a JSON object"));

  self = g_new0 (SillokTemplate, 1);
  g_atomic_ref_count_init (&self->ref_count);
  if (!read_template (self, json_node_get_object (root), error))
    return NULL;

  canonical = sillok_jcs_serialize (root, &canonical_len, error);
  if (canonical == NULL)
    return NULL;
  crypto_generichash (digest, sizeof digest, (const guint8 *) canonical, canonical_len, NULL, 0);
  sodium_bin2hex (self->digest, sizeof self->digest, digest, sizeof digest);
  self->canonical = g_bytes_new_take (g_steal_pointer (&canonical), canonical_len);
  return g_steal_pointer (&self);
}

SillokTemplate *
sillok_template_new_from_file (const char  *path,
                               GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  SillokTemplate *self;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  self = sillok_template_new_from_data (data, len, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);
  return self;
}

const char *
sillok_template_get_id (SillokTemplate *self)
{
  return self->id;
}

gint64
sillok_template_get_version (SillokTemplate *self)
{
  return self->version;
}

const SillokText *
sillok_template_get_title (SillokTemplate *self)
{
  return &self->title;
}

const SillokText *
sillok_template_get_description (SillokTemplate *self)
{
  return &self->description;
}

const SillokText *
sillok_template_get_redacted (SillokTemplate *self)
{
  return &self->redacted;
}

const char *
sillok_template_get_digest (SillokTemplate *self)
{
  return self->digest;
}

GBytes *
sillok_template_get_canonical (SillokTemplate *self)
{
  return self->canonical;
}

GPtrArray *
sillok_template_get_sections (SillokTemplate *self)
{
  return self->sections;
}

SillokTemplateSection *
sillok_template_get_section (SillokTemplate *self,
                             const char     *id)
{
  for (guint i = 0; i < self->sections->len; i++)
    if (g_strcmp0 (((SillokTemplateSection *) self->sections->pdata[i])->id, id) == 0)
      return self->sections->pdata[i];
  return NULL;
}

SillokTemplateField *
sillok_template_section_get_field (SillokTemplateSection *section,
                                   const char            *id)
{
  for (guint i = 0; i < section->fields->len; i++)
    if (g_strcmp0 (((SillokTemplateField *) section->fields->pdata[i])->id, id) == 0)
      return section->fields->pdata[i];
  return NULL;
}

const SillokChoice *
sillok_template_field_get_choice (SillokTemplateField *field,
                                  const char          *code)
{
  if (field->choices == NULL)
    return NULL;
  for (guint i = 0; i < field->choices->len; i++)
    if (g_strcmp0 (((SillokChoice *) field->choices->pdata[i])->code, code) == 0)
      return field->choices->pdata[i];
  return NULL;
}

static gpointer
bad_path (GError    **error,
          const char *path,
          const char *why)
{
  g_set_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_PATH, _("“%s”: %s"), path, why);
  return NULL;
}

gboolean
sillok_template_parse_path (SillokTemplate  *self,
                            const char      *path,
                            SillokFieldPath *out,
                            GError         **error)
{
  const char *dot = strchr (path, '.');
  const char *bracket = strchr (path, '[');
  g_autofree char *section_id = NULL;
  g_autofree char *msg = NULL;
  int index = -1;

  if (dot == NULL || dot == path || dot[1] == '\0')
    return bad_path (error, path, _("a field path is section.field or section[N].field")) != NULL;

  if (bracket != NULL && bracket < dot)
    {
      const char *digits = bracket + 1;
      const char *close = strchr (digits, ']');
      guint64 n = 0;
      g_autofree char *number = NULL;

      if (close == NULL || close + 1 != dot || close == digits)
        return bad_path (error, path, _("a field path is section.field or section[N].field")) != NULL;
      number = g_strndup (digits, close - digits);
      if ((number[0] == '0' && number[1] != '\0')
          || !g_ascii_string_to_unsigned (number, 10, 0, 9999, &n, NULL))
        return bad_path (error, path, _("the entry number must be a whole number from 0")) != NULL;
      index = n;
      section_id = g_strndup (path, bracket - path);
    }
  else
    section_id = g_strndup (path, dot - path);

  out->section = sillok_template_get_section (self, section_id);
  if (out->section == NULL)
    {
      msg = g_strdup_printf (_("the template has no section “%s”"), section_id);
      return bad_path (error, path, msg) != NULL;
    }
  if (out->section->repeat && index < 0)
    {
      msg = g_strdup_printf (_("section “%s” repeats: write %s[N].field"), section_id, section_id);
      return bad_path (error, path, msg) != NULL;
    }
  if (!out->section->repeat && index >= 0)
    {
      msg = g_strdup_printf (_("section “%s” does not repeat: write %s.field"), section_id, section_id);
      return bad_path (error, path, msg) != NULL;
    }
  out->field = sillok_template_section_get_field (out->section, dot + 1);
  if (out->field == NULL)
    {
      msg = g_strdup_printf (_("section “%s” has no field “%s”"), section_id, dot + 1);
      return bad_path (error, path, msg) != NULL;
    }
  out->index = index;
  return TRUE;
}

char *
sillok_field_path_format (SillokTemplateSection *section,
                          int                    index,
                          SillokTemplateField   *field)
{
  if (index < 0)
    return g_strdup_printf ("%s.%s", section->id, field->id);
  return g_strdup_printf ("%s[%d].%s", section->id, index, field->id);
}

static GPtrArray *
template_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *override = g_getenv ("SILLOK_DATADIR");

  if (override != NULL && *override != '\0')
    g_ptr_array_add (dirs, g_build_filename (override, "templates", NULL));
  g_ptr_array_add (dirs, g_build_filename (PKGDATADIR, "templates", NULL));
  return dirs;
}

GPtrArray *
sillok_template_list_installed (GError **error)
{
  g_autoptr(GPtrArray) dirs = template_dirs ();
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_template_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs->pdata[i], 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;
          SillokTemplate *t;

          if (!g_str_has_suffix (name, ".json"))
            continue;
          path = g_build_filename (dirs->pdata[i], name, NULL);
          t = sillok_template_new_from_file (path, error);
          if (t == NULL)
            return NULL;
          /* The first folder wins for a digest found twice. */
          if (g_hash_table_contains (seen, t->digest))
            {
              sillok_template_unref (t);
              continue;
            }
          g_hash_table_add (seen, t->digest);
          g_ptr_array_add (templates, t);
        }
    }
  return g_steal_pointer (&templates);
}

SillokTemplate *
sillok_template_find_installed (const char  *id,
                                gint64       version,
                                GError     **error)
{
  g_autoptr(GPtrArray) all = sillok_template_list_installed (error);
  SillokTemplate *best = NULL;

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      SillokTemplate *t = all->pdata[i];

      if (g_strcmp0 (t->id, id) != 0 || (version > 0 && t->version != version))
        continue;
      if (best == NULL || t->version > best->version)
        best = t;
    }
  if (best == NULL)
    {
      if (version > 0)
        g_set_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_NOT_FOUND,
                     _("No template “%s” version %" PRId64 " is installed"), id, version);
      else
        g_set_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_NOT_FOUND,
                     _("No template “%s” is installed"), id);
      return NULL;
    }
  return sillok_template_ref (best);
}
