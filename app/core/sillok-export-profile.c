/* sillok-export-profile.c: what each profile carries, and the consent it needs
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-export-private.h"

#define ANON_SUFFIX        "@anon"
#define ATTACHMENT_PREFIX  "$attachment["

/* "$attachment[N]" → N. */
static gboolean
attachment_number (const char *name,
                   guint      *n)
{
  const char *digits;
  gsize len;
  g_autofree char *number = NULL;
  guint64 v;

  if (!g_str_has_prefix (name, ATTACHMENT_PREFIX))
    return FALSE;
  digits = name + strlen (ATTACHMENT_PREFIX);
  len = strlen (digits);
  if (len < 2 || digits[len - 1] != ']')
    return FALSE;
  number = g_strndup (digits, len - 1);
  if ((number[0] == '0' && number[1] != '\0')
      || !g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT, &v, NULL))
    return FALSE;
  *n = v;
  return TRUE;
}

static gboolean
attachment_is_open (guint    n,
                    gpointer data)
{
  GPtrArray *attachments = sillok_record_get_attachments (data);

  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];

      if (a->n == n)
        return g_strcmp0 (a->sensitivity, "open") == 0;
    }
  return FALSE;
}

gboolean
sillok_export_profile_carries (SillokExportProfile  profile,
                               SillokRecord        *record,
                               const char          *name)
{
  g_return_val_if_fail (record != NULL && name != NULL, FALSE);

  return sillok_export_profile_carries_name (profile, sillok_record_get_template (record), name, attachment_is_open,
                                             record);
}

gboolean
sillok_export_profile_carries_name (SillokExportProfile         profile,
                                    SillokTemplate             *template,
                                    const char                 *name,
                                    SillokExportAttachmentOpen  open,
                                    gpointer                    open_data)
{
  g_autofree char *path = NULL;
  SillokFieldPath fp;
  gboolean anon;
  guint n;

  g_return_val_if_fail (template != NULL && name != NULL && open != NULL, FALSE);

  if (profile == SILLOK_EXPORT_PROFILE_LEGAL)
    return TRUE;

  /* Anonymized: what the seal preview promised, nothing else.  $consent
   * only restates open consent values; $sealed_at (an exact time) and
   * $reason (the interviewer's free text) stay home. */
  if (strcmp (name, "$pseudonym") == 0 || strcmp (name, "$consent") == 0 || strcmp (name, "$sealed_at@anon") == 0)
    return TRUE;
  if (attachment_number (name, &n))
    return open (n, open_data);
  if (name[0] == '$')
    return FALSE;

  anon = g_str_has_suffix (name, ANON_SUFFIX);
  path = anon ? g_strndup (name, strlen (name) - strlen (ANON_SUFFIX)) : g_strdup (name);
  if (!sillok_template_parse_path (template, path, &fp, NULL))
    return FALSE;
  if (anon)
    return fp.field->sensitivity == SILLOK_SENSITIVITY_QUASI
           || (fp.field->sensitivity == SILLOK_SENSITIVITY_OPEN && fp.field->type == SILLOK_FIELD_LONGTEXT);
  /* Narratives leave only redacted, as their @anon form. */
  return fp.field->sensitivity == SILLOK_SENSITIVITY_OPEN && fp.field->type != SILLOK_FIELD_LONGTEXT;
}

const char *
sillok_export_consent_field (SillokExportProfile profile)
{
  return profile == SILLOK_EXPORT_PROFILE_LEGAL ? SILLOK_EXPORT_CONSENT_LEGAL : SILLOK_EXPORT_CONSENT_COORDINATORS;
}

const char *
sillok_export_consent_missing (SillokExportProfile profile)
{
  return profile == SILLOK_EXPORT_PROFILE_LEGAL ? _("the witness did not consent to sharing with a legal team")
                                                : _("the witness did not consent to sharing with coordinators");
}

static gboolean
is_true (SillokRecord *record,
         const char   *path)
{
  JsonNode *value = sillok_record_get_value (record, path);

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN
         && json_node_get_boolean (value);
}

char *
sillok_export_consent_refusal (SillokExportProfile  profile,
                               SillokRecord        *sealed,
                               SillokRecord        *latest)
{
  const char *path = sillok_export_consent_field (profile);

  g_return_val_if_fail (sealed != NULL, NULL);

  if (!is_true (sealed, path))
    return g_strdup (sillok_export_consent_missing (profile));
  /* A consent taken back in an amendment not yet sealed still counts. */
  if (latest != NULL && latest != sealed && sillok_record_get_status (latest) == SILLOK_RECORD_DRAFT
      && !is_true (latest, path))
    return g_strdup_printf (_("the amendment in progress (version %u) withdraws the consent"),
                            sillok_record_get_version (latest));
  return NULL;
}

GPtrArray *
sillok_export_quasi_names (SillokTemplate *template)
{
  GPtrArray *sections = sillok_template_get_sections (template);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint s = 0; s < sections->len; s++)
    {
      SillokTemplateSection *section = sections->pdata[s];

      if (section->repeat)
        continue;
      for (guint f = 0; f < section->fields->len; f++)
        {
          SillokTemplateField *field = section->fields->pdata[f];

          if (field->sensitivity != SILLOK_SENSITIVITY_QUASI || field->anonymize == SILLOK_ANONYMIZE_SUPPRESS
              || field->anonymize == SILLOK_ANONYMIZE_NONE)
            continue;
          g_ptr_array_add (names, g_strdup_printf ("%s.%s" ANON_SUFFIX, section->id, field->id));
        }
    }
  return names;
}
