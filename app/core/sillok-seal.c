/* sillok-seal.c: sealing, amending, and the statement of a sealed version
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-jcs.h"
#include "sillok/sillok-linkage.h"
#include "sillok/sillok-seal.h"
#include "sillok/sillok-value.h"
#include "sillok-record-private.h"
#include "sillok-vault-private.h"

GPtrArray *
sillok_record_missing_for_seal (SillokRecord *record)
{
  SillokTemplate *template = sillok_record_get_template (record);
  GPtrArray *sections = sillok_template_get_sections (template);
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  JsonNode *given = sillok_record_get_value (record, "consent.given");

  if (given == NULL || !json_node_get_boolean (given))
    g_ptr_array_add (missing, g_strdup ("consent.given"));

  for (guint s = 0; s < sections->len; s++)
    {
      SillokTemplateSection *section = sections->pdata[s];
      int entries = section->repeat ? (int) sillok_record_get_entry_count (record, section->id) : 1;

      for (int e = 0; e < entries; e++)
        for (guint f = 0; f < section->fields->len; f++)
          {
            SillokTemplateField *field = section->fields->pdata[f];
            g_autofree char *path = sillok_field_path_format (section, section->repeat ? e : -1, field);

            if (field->required && sillok_record_get_value (record, path) == NULL
                && !g_ptr_array_find_with_equal_func (missing, path, g_str_equal, NULL))
              g_ptr_array_add (missing, g_steal_pointer (&path));
          }
    }
  return missing;
}

/* The words to take out of narratives: what identifies the witness or
 * names the perpetrators, and quasi-identifiers that never leave whole. */
GPtrArray *
sillok_seal_narrative_needles (SillokRecord *record)
{
  SillokTemplate *template = sillok_record_get_template (record);
  g_autoptr(GPtrArray) paths = sillok_record_get_paths (record);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) strv = NULL;
  GPtrArray *needles;

  for (guint i = 0; i < paths->len; i++)
    {
      SillokFieldPath fp;
      JsonNode *value = sillok_record_get_value (record, paths->pdata[i]);
      gboolean secret;

      if (!sillok_template_parse_path (template, paths->pdata[i], &fp, NULL))
        continue;
      secret = fp.field->sensitivity == SILLOK_SENSITIVITY_IDENTIFYING
               || fp.field->sensitivity == SILLOK_SENSITIVITY_LEGAL
               || (fp.field->sensitivity == SILLOK_SENSITIVITY_QUASI && fp.field->anonymize != SILLOK_ANONYMIZE_KEEP);
      if (!secret)
        continue;
      switch (fp.field->type)
        {
        case SILLOK_FIELD_TEXT:
          g_strv_builder_add (values, json_node_get_string (value));
          break;
        case SILLOK_FIELD_PARTIAL_DATE:
          /* A full date, taken whole: its parts alone say nothing. */
          if (strlen (json_node_get_string (value)) == 10)
            g_ptr_array_add (dates, g_strdup (json_node_get_string (value)));
          break;
        case SILLOK_FIELD_PLACE:
        case SILLOK_FIELD_SITES:
          {
            JsonArray *array = json_node_get_array (value);
            if (json_array_get_length (array) == 2 || fp.field->type == SILLOK_FIELD_SITES)
              g_strv_builder_add (values, json_array_get_string_element (array, json_array_get_length (array) - 1));
            break;
          }
        case SILLOK_FIELD_LONGTEXT:
        case SILLOK_FIELD_INTEGER:
        case SILLOK_FIELD_BOOLEAN:
        case SILLOK_FIELD_CHOICE:
        case SILLOK_FIELD_MULTICHOICE:
        default:
          break;
        }
    }
  strv = g_strv_builder_end (values);
  needles = sillok_redact_needles ((const char *const *) strv);
  for (guint i = 0; i < dates->len; i++)
    g_ptr_array_add (needles, g_strdup (dates->pdata[i]));
  return needles;
}

const char *
sillok_seal_redaction_text (SillokRecord *record)
{
  JsonNode *language = sillok_record_get_value (record, "interview.language");
  const SillokText *redacted = sillok_template_get_redacted (sillok_record_get_template (record));

  if (language != NULL && g_strcmp0 (json_node_get_string (language), "en") == 0)
    return redacted->en;
  return redacted->ko;
}

char *
sillok_seal_redact_narrative (SillokRecord *record,
                              const char   *path)
{
  JsonNode *value = sillok_record_get_value (record, path);
  g_autoptr(GPtrArray) needles = NULL;
  g_autoptr(GArray) spans = NULL;

  if (value == NULL)
    return NULL;
  needles = sillok_seal_narrative_needles (record);
  spans = sillok_record_get_redactions (record, path);
  return sillok_redact (json_node_get_string (value), (SillokSpan *) spans->data, spans->len, needles,
                        sillok_seal_redaction_text (record));
}

/* Nodes owning @array or @object (json_node_init_array() and
 * json_node_init_object() would take a second reference). */
static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
string_node (const char *s)
{
  return json_node_init_string (json_node_alloc (), s);
}

static gboolean
add_disclosure (GPtrArray   *out,
                const char  *name,
                JsonNode    *value,
                GError     **error)
{
  SillokDisclosure *d = sillok_disclosure_new (name, value, error);

  if (d == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  g_ptr_array_add (out, d);
  return TRUE;
}

static char *
pseudonym_of (SillokRecord  *record,
              SillokSecret  *key)
{
  JsonNode *name = sillok_record_get_value (record, "interviewee.name");
  JsonNode *birth = sillok_record_get_value (record, "interviewee.birth_date");
  JsonNode *sex = sillok_record_get_value (record, "interviewee.sex");
  JsonNode *province = sillok_record_get_value (record, "interviewee.home_province");
  int y = 0, m, d;

  if (name == NULL)
    return NULL;
  if (birth != NULL)
    sillok_partial_date_parse (json_node_get_string (birth), &y, &m, &d);
  return sillok_pseudonym (key, json_node_get_string (name), y,
                           sex != NULL ? json_node_get_string (sex) : NULL,
                           province != NULL ? json_node_get_string (province) : NULL);
}

static JsonNode *
consent_node (SillokRecord *record)
{
  SillokTemplateSection *consent = sillok_template_get_section (sillok_record_get_template (record), "consent");
  JsonArray *granted = json_array_new ();

  for (guint i = 0; consent != NULL && i < consent->fields->len; i++)
    {
      SillokTemplateField *field = consent->fields->pdata[i];
      g_autofree char *path = sillok_field_path_format (consent, -1, field);
      JsonNode *value = sillok_record_get_value (record, path);

      if (field->type == SILLOK_FIELD_BOOLEAN && value != NULL && json_node_get_boolean (value))
        json_array_add_string_element (granted, field->id);
    }
  return array_node (granted);
}

static JsonNode *
attachment_node (SillokAttachment *a)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "b2", a->b2);
  json_object_set_string_member (o, "media_type", a->media_type);
  json_object_set_string_member (o, "name", a->name);
  json_object_set_int_member (o, "size", a->size);
  return object_node (o);
}

GPtrArray *
sillok_seal_build_disclosures (SillokRecord  *record,
                               SillokSecret  *linkage_key,
                               const char    *sealed_at,
                               GError       **error)
{
  SillokTemplate *template = sillok_record_get_template (record);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_disclosure_free);
  g_autoptr(GPtrArray) paths = sillok_record_get_paths (record);
  g_autofree char *month = g_strndup (sealed_at, 7);
  g_autofree char *pseudonym = linkage_key != NULL ? pseudonym_of (record, linkage_key) : NULL;
  GPtrArray *attachments = sillok_record_get_attachments (record);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = paths->pdata[i];
      JsonNode *value = sillok_record_get_value (record, path);
      g_autoptr(JsonNode) anon = NULL;
      g_autofree char *anon_name = g_strconcat (path, "@anon", NULL);
      SillokFieldPath fp;

      if (!sillok_template_parse_path (template, path, &fp, error) || !add_disclosure (out, path, value, error))
        return NULL;
      if (fp.field->type == SILLOK_FIELD_LONGTEXT && fp.field->sensitivity == SILLOK_SENSITIVITY_OPEN)
        {
          g_autofree char *redacted = sillok_seal_redact_narrative (record, path);
          anon = string_node (redacted);
        }
      else
        anon = sillok_value_anonymize (fp.field, value);
      if (anon != NULL && !add_disclosure (out, anon_name, anon, error))
        return NULL;
    }

  {
    g_autoptr(JsonNode) at = string_node (sealed_at);
    g_autoptr(JsonNode) at_anon = string_node (month);
    g_autoptr(JsonNode) consent = consent_node (record);

    if (!add_disclosure (out, "$sealed_at", at, error)
        || !add_disclosure (out, "$sealed_at@anon", at_anon, error)
        || !add_disclosure (out, "$consent", consent, error))
      return NULL;
  }
  if (pseudonym != NULL)
    {
      g_autoptr(JsonNode) p = string_node (pseudonym);
      if (!add_disclosure (out, "$pseudonym", p, error))
        return NULL;
    }
  if (sillok_record_get_reason (record) != NULL)
    {
      g_autoptr(JsonNode) r = string_node (sillok_record_get_reason (record));
      if (!add_disclosure (out, "$reason", r, error))
        return NULL;
    }
  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];
      g_autofree char *name = g_strdup_printf ("$attachment[%u]", a->n);
      g_autoptr(JsonNode) v = attachment_node (a);

      if (!add_disclosure (out, name, v, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

static char *
statement_json (SillokRecord *record,
                char        **digests,
                const char   *signer,
                GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "digest_alg");
  json_builder_add_string_value (b, "blake2b-256");
  json_builder_set_member_name (b, "disclosures");
  json_builder_begin_array (b);
  for (guint i = 0; digests[i] != NULL; i++)
    json_builder_add_string_value (b, digests[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, SILLOK_STATEMENT_FORMAT);
  json_builder_set_member_name (b, "record");
  json_builder_add_string_value (b, sillok_record_get_uuid (record));
  json_builder_set_member_name (b, "signer");
  json_builder_add_string_value (b, signer);
  json_builder_set_member_name (b, "supersedes");
  if (sillok_record_get_supersedes (record) != NULL)
    json_builder_add_string_value (b, sillok_record_get_supersedes (record));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "template");
  json_builder_add_string_value (b, sillok_template_get_digest (sillok_record_get_template (record)));
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, sillok_record_get_version (record));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return sillok_jcs_serialize (root, NULL, error);
}

char *
sillok_seal_trusted_comment (const char *uuid,
                             guint       version)
{
  return g_strdup_printf ("%s record=%s version=%u", SILLOK_STATEMENT_FORMAT, uuid, version);
}

static char *
disclosures_json (GPtrArray  *disclosures,
                  GError    **error)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) root = NULL;

  for (guint i = 0; i < disclosures->len; i++)
    json_array_add_string_element (array, sillok_disclosure_get_encoded (disclosures->pdata[i]));
  root = array_node (array);
  return sillok_jcs_serialize (root, NULL, error);
}

gboolean
sillok_record_seal (SillokVault  *vault,
                    const char   *uuid,
                    GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokRecord) record = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(GPtrArray) disclosures = NULL;
  g_autoptr(GPtrArray) digests = g_ptr_array_new ();
  g_auto(GStrv) padded = NULL;
  g_autofree char *now = sillok_now_rfc3339 ();
  g_autofree char *signer = NULL;
  g_autofree char *statement = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *all = NULL;
  g_autofree char *trusted = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint8 hash[32];
  char digest[65];
  int rc;

  if (db == NULL || !sillok_db_begin (db, error))
    return FALSE;
  record = sillok_record_load (vault, uuid, 0, error);
  if (record == NULL)
    goto fail;
  if (sillok_record_get_status (record) == SILLOK_RECORD_SEALED)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_SEALED,
                   _("Record %s version %u is already sealed"), uuid, sillok_record_get_version (record));
      goto fail;
    }
  missing = sillok_record_missing_for_seal (record);
  if (missing->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (missing, NULL);
      names = g_strjoinv (", ", (char **) missing->pdata);
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_SEALABLE,
                   _("Record %s cannot be sealed: consent must be given and these fields filled: %s"),
                   uuid, names);
      goto fail;
    }

  key = sillok_linkage_key_get (vault, error);
  if (key == NULL)
    goto fail;
  disclosures = sillok_seal_build_disclosures (record, key, now, error);
  if (disclosures == NULL)
    goto fail;
  for (guint i = 0; i < disclosures->len; i++)
    g_ptr_array_add (digests, (gpointer) sillok_disclosure_get_digest (disclosures->pdata[i]));
  g_ptr_array_add (digests, NULL);
  padded = sillok_disclosure_pad_digests ((const char *const *) digests->pdata, error);
  if (padded == NULL)
    goto fail;

  signer = sillok_vault_get_key_id (vault);
  statement = statement_json (record, padded, signer, error);
  trusted = sillok_seal_trusted_comment (uuid, sillok_record_get_version (record));
  if (statement == NULL)
    goto fail;
  signature = sillok_minisign_sign (sillok_vault_get_signing_key (vault), (const guint8 *) statement,
                                    strlen (statement), NULL, trusted, error);
  all = disclosures_json (disclosures, error);
  if (signature == NULL || all == NULL)
    goto fail;
  crypto_generichash (hash, sizeof hash, (const guint8 *) statement, strlen (statement), NULL, 0);
  sodium_bin2hex (digest, sizeof digest, hash, sizeof hash);

  stmt = sillok_db_prepare (db, "UPDATE versions SET status = 'sealed', sealed_at = ?, statement = ?, signature = ?, "
                                "disclosures = ?, statement_digest = ?, updated = ? "
                                "WHERE record = ? AND version = ? AND status = 'draft'", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, statement, strlen (statement), SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, signature, strlen (signature), SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, all, strlen (all), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, sillok_record_get_version (record));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Sealing the record"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = sillok_db_prepare (db, "UPDATE records SET updated = ? WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Sealing the record"));
      goto fail;
    }
  if (!sillok_audit_append (vault, db, uuid, "sealed", sillok_record_get_version (record), "", error)
      || !sillok_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  sillok_db_rollback (db);
  return FALSE;
}

/* Copies every row of a version's tables to the next version. */
static gboolean
copy_version_rows (sqlite3    *db,
                   const char *uuid,
                   guint       from,
                   GError    **error)
{
  static const char *copies[] = {
    "INSERT INTO field_values (record, version, path, value) "
    "SELECT record, ?2 + 1, path, value FROM field_values WHERE record = ?1 AND version = ?2",
    "INSERT INTO section_entries (record, version, section, count) "
    "SELECT record, ?2 + 1, section, count FROM section_entries WHERE record = ?1 AND version = ?2",
    "INSERT INTO redactions (record, version, path, spans) "
    "SELECT record, ?2 + 1, path, spans FROM redactions WHERE record = ?1 AND version = ?2",
    "INSERT INTO attachments (record, version, n, blob, key, name, media_type, size, b2, sensitivity) "
    "SELECT record, ?2 + 1, n, blob, key, name, media_type, size, b2, sensitivity FROM attachments "
    "WHERE record = ?1 AND version = ?2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = sillok_db_prepare (db, copies[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, from);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          sillok_db_set_error (error, db, rc, _("Amending the record"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Text a terminal shows as written: line breaks and tabs, no other control characters. */
static gboolean
reason_ok (const char *reason)
{
  if (!g_utf8_validate (reason, -1, NULL) || g_utf8_strlen (reason, -1) > SILLOK_VALUE_TEXT_MAX)
    return FALSE;
  for (const char *p = reason; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f))
        return FALSE;
    }
  return TRUE;
}

guint
sillok_record_amend (SillokVault  *vault,
                     const char   *uuid,
                     const char   *reason,
                     GError      **error)
{
  sqlite3 *db = sillok_vault_get_db (vault, error);
  g_autoptr(SillokRecord) record = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = sillok_now_rfc3339 ();
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  guint version;
  int rc;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                           _("An amendment needs a reason"));
      return 0;
    }
  if (!reason_ok (trimmed))
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_INVALID,
                   _("The reason must be text of at most %d characters without control characters"),
                   SILLOK_VALUE_TEXT_MAX);
      return 0;
    }
  if (db == NULL || !sillok_db_begin (db, error))
    return 0;
  record = sillok_record_load (vault, uuid, 0, error);
  if (record == NULL)
    goto fail;
  if (sillok_record_get_status (record) != SILLOK_RECORD_SEALED)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_SEALED,
                   _("Record %s version %u is a draft: edit it instead of amending"), uuid,
                   sillok_record_get_version (record));
      goto fail;
    }
  version = sillok_record_get_version (record);

  stmt = sillok_db_prepare (db, "INSERT INTO versions (record, version, template, status, title, reason, supersedes, "
                                "updated) SELECT record, version + 1, template, 'draft', title, ?, statement_digest, ? "
                                "FROM versions WHERE record = ? AND version = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, version);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Amending the record"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!copy_version_rows (db, uuid, version, error))
    goto fail;
  stmt = sillok_db_prepare (db, "UPDATE records SET latest = ?, updated = ? WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, version + 1);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sillok_db_set_error (error, db, rc, _("Amending the record"));
      goto fail;
    }
  if (!sillok_audit_append (vault, db, uuid, "amended", version + 1, "", error)
      || !sillok_db_commit (db, error))
    goto fail;
  return version + 1;

fail:
  sillok_db_rollback (db);
  return 0;
}

gboolean
sillok_record_write_statement (SillokVault  *vault,
                               const char   *uuid,
                               guint         version,
                               const char   *dir,
                               GError      **error)
{
  g_autoptr(SillokRecord) record = sillok_record_load (vault, uuid, version, error);
  g_autofree char *signer = NULL;
  g_autofree char *pub_name = NULL;
  g_autofree char *all = NULL;
  g_autofree char *pub = NULL;
  GStrv disclosures;
  struct { const char *name; const void *data; gssize len; } files[4];
  SillokMinisignPublicKey pk;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  if (record == NULL)
    return FALSE;
  if (sillok_record_get_status (record) != SILLOK_RECORD_SEALED)
    {
      g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_NOT_SEALED,
                   _("Record %s version %u is not sealed: it has no statement yet"), uuid,
                   sillok_record_get_version (record));
      return FALSE;
    }
  signer = sillok_record_get_signer (record);
  sillok_vault_get_public_key (vault, &pk);
  {
    g_autofree char *own = sillok_minisign_key_id_to_string (pk.keynum);
    if (g_strcmp0 (own, signer) != 0)
      {
        g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED,
                     _("Record %s was signed by key %s, not by this vault's key"), uuid, signer);
        return FALSE;
      }
  }
  pub = sillok_minisign_public_key_to_file (&pk);
  pub_name = g_strdup_printf ("%s.pub", signer);

  array = json_array_new ();
  disclosures = sillok_record_get_disclosures (record);
  for (guint i = 0; disclosures != NULL && disclosures[i] != NULL; i++)
    json_array_add_string_element (array, disclosures[i]);
  root = array_node (array);
  all = sillok_jcs_serialize (root, NULL, error);
  if (all == NULL)
    return FALSE;

  files[0].name = "statement.json";
  files[0].data = g_bytes_get_data (sillok_record_get_statement (record), NULL);
  files[0].len = g_bytes_get_size (sillok_record_get_statement (record));
  files[1].name = "statement.json.minisig";
  files[1].data = g_bytes_get_data (sillok_record_get_signature (record), NULL);
  files[1].len = g_bytes_get_size (sillok_record_get_signature (record));
  files[2].name = "disclosures.json";
  files[2].data = all;
  files[2].len = strlen (all);
  files[3].name = pub_name;
  files[3].data = pub;
  files[3].len = strlen (pub);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      if (!g_file_set_contents (path, files[i].data, files[i].len, error))
        return FALSE;
    }
  return TRUE;
}
