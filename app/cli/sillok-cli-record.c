/* sillok-cli-record.c: templates, records, attachments, audit, check, linkage key
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok-audit.h"
#include "sillok/sillok-check.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-linkage.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-value.h"
#include "sillok-cli.h"

static gboolean
no_arguments (int      argc,
              GError **error)
{
  if (argc > 1)
    {
      sillok_cli_usage_error (error, _("Unexpected argument"));
      return FALSE;
    }
  return TRUE;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = sillok_jcs_serialize (node, NULL, NULL);
  g_print ("%s\n", text);
}

int
sillok_cli_templates (SillokCli *cli,
                      int        argc,
                      char     **argv,
                      GError   **error)
{
  const SillokCliCommand command = { "templates", "", N_("List the installed interview templates."), NULL };
  g_autoptr(GPtrArray) templates = NULL;
  const char *language = sillok_text_language ();

  if (!sillok_cli_parse (&command, NULL, &argc, &argv, error) || !no_arguments (argc, error))
    return SILLOK_EXIT_USAGE;
  templates = sillok_template_list_installed (error);
  if (templates == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < templates->len; i++)
    {
      SillokTemplate *t = templates->pdata[i];

      g_print ("%-20s v%-3" G_GINT64_FORMAT " %.16s  %s\n", sillok_template_get_id (t), sillok_template_get_version (t),
               sillok_template_get_digest (t), sillok_text_get (sillok_template_get_title (t), language));
    }
  return SILLOK_EXIT_OK;
}

static const char *
anonymized_form (SillokTemplateField *field)
{
  switch (field->sensitivity)
    {
    case SILLOK_SENSITIVITY_IDENTIFYING:
      return _("never in anonymized exports");
    case SILLOK_SENSITIVITY_LEGAL:
      return _("legal exports only");
    case SILLOK_SENSITIVITY_OPEN:
      return field->type == SILLOK_FIELD_LONGTEXT ? _("leaves redacted") : _("leaves as entered");
    case SILLOK_SENSITIVITY_QUASI:
    default:
      switch (field->anonymize)
        {
        case SILLOK_ANONYMIZE_YEAR_BAND:
          return _("leaves as a band of years");
        case SILLOK_ANONYMIZE_YEAR:
          return _("leaves as the year");
        case SILLOK_ANONYMIZE_YEAR_MONTH:
          return _("leaves as year and month");
        case SILLOK_ANONYMIZE_PROVINCE:
          return _("leaves as the province");
        case SILLOK_ANONYMIZE_KEEP:
          return _("leaves as its code");
        case SILLOK_ANONYMIZE_SUPPRESS:
        case SILLOK_ANONYMIZE_NONE:
        default:
          return _("never leaves");
        }
    }
}

static const SillokCliCommand template_show_command = {
  "template show",
  N_("ID [--version N] [--json]"),
  N_("Show a template's fields: path, type, sensitivity and label."),
  sillok_cli_template_show,
};

int
sillok_cli_template_show (SillokCli *cli,
                          int        argc,
                          char     **argv,
                          GError   **error)
{
  gboolean json = FALSE;
  gint version = 0;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_INT, &version, N_("A version other than the newest"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the template itself (RFC 8785 JSON)"), NULL },
    { NULL }
  };
  g_autoptr(SillokTemplate) t = NULL;
  const char *language = sillok_text_language ();
  GPtrArray *sections;

  if (!sillok_cli_parse (&template_show_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2)
    {
      sillok_cli_usage_error (error, _("template show needs a template id"));
      return SILLOK_EXIT_USAGE;
    }
  t = sillok_template_find_installed (argv[1], version, error);
  if (t == NULL)
    return SILLOK_EXIT_REJECTED;
  if (json)
    {
      GBytes *body = sillok_template_get_canonical (t);
      g_print ("%.*s\n", (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));
      return SILLOK_EXIT_OK;
    }

  g_print ("%s v%" G_GINT64_FORMAT " — %s\n%s %s\n", sillok_template_get_id (t), sillok_template_get_version (t),
           sillok_text_get (sillok_template_get_title (t), language), _("digest"), sillok_template_get_digest (t));
  sections = sillok_template_get_sections (t);
  for (guint s = 0; s < sections->len; s++)
    {
      SillokTemplateSection *section = sections->pdata[s];

      g_print ("\n%s%s — %s\n", section->id, section->repeat ? "[N]" : "", sillok_text_get (&section->title, language));
      for (guint f = 0; f < section->fields->len; f++)
        {
          SillokTemplateField *field = section->fields->pdata[f];
          g_autofree char *path = sillok_field_path_format (section, section->repeat ? 0 : -1, field);
          g_autofree char *shown = section->repeat ? g_strdup_printf ("%s[N].%s", section->id, field->id)
                                                   : g_strdup (path);

          g_print ("  %-36s %-12s %-12s %s%s — %s\n", shown, sillok_field_type_to_string (field->type),
                   sillok_sensitivity_to_string (field->sensitivity), field->required ? "* " : "",
                   sillok_text_get (&field->label, language), anonymized_form (field));
          if (field->choices != NULL && field->choices->len <= 20)
            {
              GString *codes = g_string_new (NULL);

              for (guint c = 0; c < field->choices->len; c++)
                g_string_append_printf (codes, "%s%s", c > 0 ? ", " : "",
                                        ((SillokChoice *) field->choices->pdata[c])->code);
              g_print ("  %-36s %s\n", "", codes->str);
              g_string_free (codes, TRUE);
            }
        }
    }
  return SILLOK_EXIT_OK;
}

/* Values from a JSON object {"path": value, …} in stored form, all or none. */
static gboolean
set_from_json (SillokVault  *vault,
               const char   *uuid,
               const char   *file,
               GError      **error)
{
  g_autoptr(SillokRecord) record = sillok_record_load (vault, uuid, 0, error);
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (record == NULL || !g_file_get_contents (file, &data, &len, error))
    return FALSE;
  values = sillok_record_values_from_json (sillok_record_get_template (record), data, len, error);
  if (values == NULL)
    {
      g_prefix_error (error, "%s: ", file);
      return FALSE;
    }
  return sillok_record_set_values (vault, uuid, values, error);
}

static int record_new (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand record_new_command = {
  "record new",
  N_("--template ID [--set PATH=VALUE]… [--from-json FILE]"),
  N_("Start a new interview (a draft) and print its record id."),
  record_new,
};

static int
record_new (SillokCli *cli,
            int        argc,
            char     **argv,
            GError   **error)
{
  g_autofree char *template_id = NULL;
  g_auto(GStrv) sets = NULL;
  g_autofree char *from_json = NULL;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_id, N_("The template to fill in"), N_("ID") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("A first value (repeatable)"), N_("PATH=VALUE") },
    { "from-json", 0, 0, G_OPTION_ARG_FILENAME, &from_json, N_("Values from a JSON object of paths"), N_("FILE") },
    { NULL }
  };
  g_autoptr(SillokTemplate) t = NULL;
  g_autofree char *uuid = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&record_new_command, entries, &argc, &argv, error) || !no_arguments (argc, error))
    return SILLOK_EXIT_USAGE;
  if (template_id == NULL)
    {
      sillok_cli_usage_error (error, _("record new needs --template ID (see “sillok-cli templates”)"));
      return SILLOK_EXIT_USAGE;
    }
  t = sillok_template_find_installed (template_id, 0, error);
  if (t == NULL)
    return SILLOK_EXIT_REJECTED;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  uuid = sillok_record_create (vault, t, error);
  if (uuid == NULL)
    return SILLOK_EXIT_REJECTED;
  /* The draft exists from here on: say so even if a value is refused. */
  g_print ("%s\n", uuid);
  if (from_json != NULL && !set_from_json (vault, uuid, from_json, error))
    return SILLOK_EXIT_REJECTED;
  if (sets != NULL && !sillok_record_set_texts (vault, uuid, (const char *const *) sets, error))
    return SILLOK_EXIT_REJECTED;
  return SILLOK_EXIT_OK;
}

static int record_set (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand record_set_command = {
  "record set",
  N_("ID PATH=VALUE…"),
  N_("Set values of a draft, all or none; an empty VALUE clears. "
     "Multichoice values are codes separated by commas."),
  record_set,
};

static int
record_set (SillokCli *cli,
            int        argc,
            char     **argv,
            GError   **error)
{
  SillokVault *vault;

  if (!sillok_cli_parse (&record_set_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc < 3)
    {
      sillok_cli_usage_error (error, _("record set needs a record id and at least one PATH=VALUE"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || !sillok_record_set_texts (vault, argv[1], (const char *const *) argv + 2, error))
    return SILLOK_EXIT_REJECTED;
  return SILLOK_EXIT_OK;
}

static JsonNode *
record_json (SillokRecord *record)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) paths = sillok_record_get_paths (record);
  GPtrArray *attachments = sillok_record_get_attachments (record);
  gboolean sealed = sillok_record_get_status (record) == SILLOK_RECORD_SEALED;
  g_autofree char *signer = sillok_record_get_signer (record);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "b2");
      json_builder_add_string_value (b, a->b2);
      json_builder_set_member_name (b, "media_type");
      json_builder_add_string_value (b, a->media_type);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, a->n);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, a->name);
      json_builder_set_member_name (b, "sensitivity");
      json_builder_add_string_value (b, a->sensitivity);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, a->size);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "latest");
  json_builder_add_int_value (b, sillok_record_get_latest (record));
  json_builder_set_member_name (b, "reason");
  if (sillok_record_get_reason (record) != NULL)
    json_builder_add_string_value (b, sillok_record_get_reason (record));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "record");
  json_builder_add_string_value (b, sillok_record_get_uuid (record));
  json_builder_set_member_name (b, "sealed_at");
  if (sealed)
    json_builder_add_string_value (b, sillok_record_get_sealed_at (record));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "signer");
  if (signer != NULL)
    json_builder_add_string_value (b, signer);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "statement");
  if (sealed)
    json_builder_add_string_value (b, sillok_record_get_statement_digest (record));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, sealed ? "sealed" : "draft");
  json_builder_set_member_name (b, "supersedes");
  if (sillok_record_get_supersedes (record) != NULL)
    json_builder_add_string_value (b, sillok_record_get_supersedes (record));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "template");
  json_builder_add_string_value (b, sillok_template_get_digest (sillok_record_get_template (record)));
  json_builder_set_member_name (b, "template_id");
  json_builder_add_string_value (b, sillok_template_get_id (sillok_record_get_template (record)));
  json_builder_set_member_name (b, "values");
  json_builder_begin_object (b);
  for (guint i = 0; i < paths->len; i++)
    {
      json_builder_set_member_name (b, paths->pdata[i]);
      json_builder_add_value (b, json_node_copy (sillok_record_get_value (record, paths->pdata[i])));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, sillok_record_get_version (record));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_record (SillokRecord *record)
{
  SillokTemplate *t = sillok_record_get_template (record);
  g_autoptr(GPtrArray) paths = sillok_record_get_paths (record);
  GPtrArray *attachments = sillok_record_get_attachments (record);
  const char *language = sillok_text_language ();

  g_print (_("Record:    %s\n"), sillok_record_get_uuid (record));
  g_print (_("Version:   %u of %u\n"), sillok_record_get_version (record), sillok_record_get_latest (record));
  g_print (_("Template:  %s v%" PRId64 "\n"), sillok_template_get_id (t), sillok_template_get_version (t));
  if (sillok_record_get_status (record) == SILLOK_RECORD_SEALED)
    {
      g_autofree char *signer = sillok_record_get_signer (record);

      g_print (_("Status:    sealed %s by %s\n"), sillok_record_get_sealed_at (record), signer);
      g_print (_("Statement: %s\n"), sillok_record_get_statement_digest (record));
    }
  else
    g_print (_("Status:    draft\n"));
  if (sillok_record_get_reason (record) != NULL)
    g_print (_("Amended:   %s\n"), sillok_record_get_reason (record));
  g_print ("\n");
  for (guint i = 0; i < paths->len; i++)
    {
      SillokFieldPath fp;
      g_autofree char *shown = NULL;

      if (!sillok_template_parse_path (t, paths->pdata[i], &fp, NULL))
        continue;
      shown = sillok_value_display (fp.field, sillok_record_get_value (record, paths->pdata[i]), language);
      g_print ("%s (%s): %s\n", (const char *) paths->pdata[i], sillok_text_get (&fp.field->label, language), shown);
    }
  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];
      g_print (_("attachment %u: %s (%s, %" PRIu64 " bytes, %s)\n"), a->n, a->name, a->media_type, a->size,
               a->sensitivity);
    }
}

static int record_show (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand record_show_command = {
  "record show",
  N_("ID [--version N] [--json]"),
  N_("Show a record's values and status."),
  record_show,
};

static int
record_show (SillokCli *cli,
             int        argc,
             char     **argv,
             GError   **error)
{
  gint version = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_INT, &version, N_("A version other than the latest"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON: values by path, status, version, statement"), NULL },
    { NULL }
  };
  g_autoptr(SillokRecord) record = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&record_show_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2 || version < 0)
    {
      sillok_cli_usage_error (error, _("record show needs one record id"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (record = sillok_record_load (vault, argv[1], version, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  if (json)
    {
      g_autoptr(JsonNode) node = record_json (record);
      print_json (node);
    }
  else
    print_record (record);
  return SILLOK_EXIT_OK;
}

static int record_list (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand record_list_command = {
  "record list",
  N_("[--search TEXT] [--json]"),
  N_("List records, most recently changed first."),
  record_list,
};

static int
record_list (SillokCli *cli,
             int        argc,
             char     **argv,
             GError   **error)
{
  g_autofree char *search = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only records whose text holds these words"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) list = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&record_list_command, entries, &argc, &argv, error) || !no_arguments (argc, error))
    return SILLOK_EXIT_USAGE;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (list = sillok_record_list (vault, search, 0, 0, error)) == NULL)
    return SILLOK_EXIT_REJECTED;

  if (json)
    {
      JsonArray *array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < list->len; i++)
        {
          SillokRecordSummary *s = list->pdata[i];
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "record", s->uuid);
          json_object_set_int_member (o, "version", s->version);
          json_object_set_string_member (o, "status", s->status == SILLOK_RECORD_SEALED ? "sealed" : "draft");
          json_object_set_string_member (o, "template", s->template_id);
          json_object_set_string_member (o, "title", s->title);
          json_object_set_string_member (o, "updated", s->updated);
          json_array_add_object_element (array, o);
        }
      root = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (root, array);
      print_json (root);
      return SILLOK_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      SillokRecordSummary *s = list->pdata[i];
      g_autofree char *status = s->status == SILLOK_RECORD_SEALED ? g_strdup_printf (_("sealed v%u"), s->version)
                                                                 : g_strdup_printf (_("draft v%u"), s->version);
      g_print ("%s  %-10s %s  %s\n", s->uuid, status, s->updated, s->title);
    }
  return SILLOK_EXIT_OK;
}

static int record_seal (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand record_seal_command = {
  "record seal",
  N_("ID"),
  N_("Seal a draft: needs consent and the required fields; signs its statement."),
  record_seal,
};

static int
record_seal (SillokCli *cli,
             int        argc,
             char     **argv,
             GError   **error)
{
  g_autoptr(SillokRecord) record = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&record_seal_command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2)
    {
      sillok_cli_usage_error (error, _("record seal needs one record id"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || !sillok_record_seal (vault, argv[1], error)
      || (record = sillok_record_load (vault, argv[1], 0, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  g_print (_("Sealed record %s version %u; statement %s\n"), argv[1], sillok_record_get_version (record),
           sillok_record_get_statement_digest (record));
  return SILLOK_EXIT_OK;
}

static int record_amend (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand record_amend_command = {
  "record amend",
  N_("ID --reason REASON"),
  N_("Open a draft of the next version of a sealed record."),
  record_amend,
};

static int
record_amend (SillokCli *cli,
              int        argc,
              char     **argv,
              GError   **error)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the sealed version is amended (required)"), N_("REASON") },
    { NULL }
  };
  SillokVault *vault;
  guint version;

  if (!sillok_cli_parse (&record_amend_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2 || reason == NULL)
    {
      sillok_cli_usage_error (error, _("record amend needs a record id and --reason REASON"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (version = sillok_record_amend (vault, argv[1], reason, error)) == 0)
    return SILLOK_EXIT_REJECTED;
  g_print (_("Record %s version %u is a new draft\n"), argv[1], version);
  return SILLOK_EXIT_OK;
}

static int record_statement (SillokCli *cli, int argc, char **argv, GError **error);

static const SillokCliCommand record_statement_command = {
  "record statement",
  N_("ID [--version N] --out DIR"),
  N_("Write statement.json, its .minisig, disclosures.json and the signer's .pub, "
     "to check a sealed version with minisign and b2sum."),
  record_statement,
};

static int
record_statement (SillokCli *cli,
                  int        argc,
                  char     **argv,
                  GError   **error)
{
  gint version = 0;
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_INT, &version, N_("A version other than the latest"), "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Folder to write the files into"), N_("DIR") },
    { NULL }
  };
  SillokVault *vault;

  if (!sillok_cli_parse (&record_statement_command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2 || out == NULL || version < 0)
    {
      sillok_cli_usage_error (error, _("record statement needs a record id and --out DIR"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || !sillok_record_write_statement (vault, argv[1], version, out, error))
    return SILLOK_EXIT_REJECTED;
  g_print (_("Wrote the statement of record %s to %s\n"), argv[1], out);
  return SILLOK_EXIT_OK;
}

int
sillok_cli_record (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  static const SillokCliCommand group = {
    "record", N_("new|set|show|list|seal|amend|statement"), N_("Record, seal and amend interviews"), NULL,
  };
  static const SillokCliCommand *const subs[] = {
    &record_new_command, &record_set_command, &record_show_command, &record_list_command,
    &record_seal_command, &record_amend_command, &record_statement_command,
  };

  return sillok_cli_run_group (cli, &group, subs, G_N_ELEMENTS (subs), argc, argv, error);
}

int
sillok_cli_template (SillokCli *cli,
                     int        argc,
                     char     **argv,
                     GError   **error)
{
  static const SillokCliCommand group = { "template", N_("show ID"), N_("Show a template's fields"), NULL };
  static const SillokCliCommand *const subs[] = { &template_show_command };

  return sillok_cli_run_group (cli, &group, subs, G_N_ELEMENTS (subs), argc, argv, error);
}

int
sillok_cli_attach (SillokCli *cli,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autofree char *sensitivity = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "sensitivity", 0, 0, G_OPTION_ARG_STRING, &sensitivity,
      N_("identifying, quasi, open or legal (default: identifying for audio, video and images, else open)"), "S" },
    { "media-type", 0, 0, G_OPTION_ARG_STRING, &media_type, N_("The media type (default: guessed from the name)"),
      N_("TYPE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The name to record (default: the file's name)"), N_("NAME") },
    { NULL }
  };
  const SillokCliCommand command = { "attach", N_("ID FILE [--sensitivity S] [--media-type TYPE] [--name NAME]"),
                                     N_("Add a file to a draft, encrypted in the vault."), NULL };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *base = NULL;
  SillokVault *vault;
  gboolean tty = isatty (STDERR_FILENO);

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 3)
    {
      sillok_cli_usage_error (error, _("attach needs a record id and a file"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  file = g_file_new_for_commandline_arg (argv[2]);
  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return SILLOK_EXIT_IO;
  base = g_file_get_basename (file);
  if (!sillok_record_attach (vault, argv[1], G_INPUT_STREAM (in), name != NULL ? name : base, media_type, sensitivity,
                             sillok_cli_progress, &tty, NULL, error))
    return SILLOK_EXIT_REJECTED;
  if (tty)
    g_printerr ("\r");
  g_print (_("Attached %s to record %s\n"), name != NULL ? name : base, argv[1]);
  return SILLOK_EXIT_OK;
}

int
sillok_cli_audit (SillokCli *cli,
                  int        argc,
                  char     **argv,
                  GError   **error)
{
  const SillokCliCommand command = { "audit", N_("ID"), N_("Show and check a record's audit trail."), NULL };
  g_autoptr(GPtrArray) chain = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&command, NULL, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  if (argc != 2)
    {
      sillok_cli_usage_error (error, _("audit needs one record id"));
      return SILLOK_EXIT_USAGE;
    }
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (chain = sillok_audit_list (vault, argv[1], error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < chain->len; i++)
    {
      SillokAuditEntry *e = chain->pdata[i];

      g_print ("%3u  %-16s v%-3u %s  %s%s%s\n", e->seq, e->action, e->version, e->time, e->actor,
               *e->detail != '\0' ? "  " : "", e->detail);
    }
  g_print (_("The chain of %u entries is intact.\n"), chain->len);
  return SILLOK_EXIT_OK;
}

int
sillok_cli_check (SillokCli *cli,
                  int        argc,
                  char     **argv,
                  GError   **error)
{
  const SillokCliCommand command = { "check", "",
                                     N_("Check the whole vault: database, signatures, disclosures, attachments, "
                                        "audit trails."), NULL };
  g_autoptr(SillokCheckReport) report = NULL;
  SillokVault *vault;

  if (!sillok_cli_parse (&command, NULL, &argc, &argv, error) || !no_arguments (argc, error))
    return SILLOK_EXIT_USAGE;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL || (report = sillok_vault_check (vault, NULL, NULL, NULL, error)) == NULL)
    return SILLOK_EXIT_REJECTED;
  for (guint i = 0; i < report->notes->len; i++)
    g_print ("%s\n", (const char *) report->notes->pdata[i]);
  g_print (_("Checked %u records, %u sealed versions, %u attachments.\n"), report->records, report->sealed_versions,
           report->blobs);
  if (report->problems->len == 0)
    {
      g_print (_("No problem found.\n"));
      return SILLOK_EXIT_OK;
    }
  for (guint i = 0; i < report->problems->len; i++)
    g_printerr ("sillok-cli: %s\n", (const char *) report->problems->pdata[i]);
  g_set_error (error, SILLOK_CLI_ERROR, SILLOK_CLI_ERROR_FAILED,
               g_dngettext (GETTEXT_PACKAGE, "The check found %u problem", "The check found %u problems",
                            report->problems->len), report->problems->len);
  return SILLOK_EXIT_REJECTED;
}

int
sillok_cli_linkage_key (SillokCli *cli,
                        int        argc,
                        char     **argv,
                        GError   **error)
{
  g_autofree char *out = NULL;
  g_autofree char *fd_str = NULL;
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("export: the file to write"), N_("FILE") },
    { "key-passphrase-fd", 0, 0, G_OPTION_ARG_STRING, &fd_str,
      N_("Read the key file's passphrase from descriptor N (else a prompt)"), "N" },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("import: replace a different key the vault has"), NULL },
    { NULL }
  };
  const SillokCliCommand command = { "linkage-key", N_("export --out FILE | import FILE [--replace]"),
                                     N_("Share the organization's linkage key between interviewers' vaults, in a "
                                        "passphrase-encrypted file (never with coordinators)."), NULL };
  g_autoptr(SillokSecret) passphrase = NULL;
  SillokVault *vault;
  int fd = -1;
  gboolean export;

  if (!sillok_cli_parse (&command, entries, &argc, &argv, error))
    return SILLOK_EXIT_USAGE;
  export = argc == 2 && strcmp (argv[1], "export") == 0 && out != NULL;
  if (!export && !(argc == 3 && strcmp (argv[1], "import") == 0))
    {
      sillok_cli_usage_error (error, _("linkage-key needs “export --out FILE” or “import FILE”"));
      return SILLOK_EXIT_USAGE;
    }
  if (fd_str != NULL && !sillok_cli_parse_fd ("--key-passphrase-fd", fd_str, &fd, error))
    return SILLOK_EXIT_USAGE;
  vault = sillok_cli_unlock_vault (cli, error);
  if (vault == NULL)
    return SILLOK_EXIT_REJECTED;
  passphrase = sillok_cli_read_secret (fd, _("Linkage key file passphrase: "), export, error);
  if (passphrase == NULL)
    return SILLOK_EXIT_USAGE;
  if (export)
    {
      if (!sillok_linkage_key_export (vault, out, passphrase, error))
        return SILLOK_EXIT_REJECTED;
      g_print (_("Wrote the linkage key to %s\n"), out);
    }
  else
    {
      if (!sillok_linkage_key_import (vault, argv[2], passphrase, replace, error))
        return SILLOK_EXIT_REJECTED;
      g_print (_("The vault now uses the linkage key of %s\n"), argv[2]);
    }
  return SILLOK_EXIT_OK;
}
