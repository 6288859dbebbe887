/* sillok-bundle-report.c: what a reading found, and its JSON form
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-jcs.h"
#include "sillok/sillok-report.h"
#include "sillok-bundle-reader-private.h"

static void
signer_free (SillokBundleSigner *s)
{
  g_free (s->key_id);
  g_free (s->public_key);
  g_free (s->name);
  g_free (s->role);
  g_free (s);
}

void
sillok_bundle_attachment_free (SillokBundleAttachment *a)
{
  g_free (a->name);
  g_free (a->media_type);
  g_free (a->b2);
  g_free (a);
}

void
sillok_bundle_version_free (SillokBundleVersion *v)
{
  g_free (v->statement);
  g_free (v->supersedes);
  g_free (v->signer);
  g_free (v->template_digest);
  g_free (v->sealed_at);
  g_free (v->sealed_at_name);
  g_strfreev (v->fields);
  if (v->attachments != NULL)
    g_ptr_array_unref (v->attachments);
  g_free (v);
}

void
sillok_bundle_record_free (SillokBundleRecord *r)
{
  g_free (r->uuid);
  g_ptr_array_unref (r->versions);
  g_free (r);
}

static void
template_free (SillokBundleTemplate *t)
{
  g_free (t->digest);
  g_free (t->id);
  g_free (t);
}

SillokBundleReport *
sillok_bundle_report_new (void)
{
  SillokBundleReport *r = g_new0 (SillokBundleReport, 1);

  r->verdict = SILLOK_BUNDLE_VERDICT_FAILED;
  r->signers = g_ptr_array_new_with_free_func ((GDestroyNotify) signer_free);
  r->records = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_bundle_record_free);
  r->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);
  return r;
}

void
sillok_bundle_report_free (SillokBundleReport *report)
{
  if (report == NULL)
    return;
  g_clear_error (&report->failure);
  g_free (report->failure_path);
  g_free (report->failure_record);
  g_free (report->b2);
  g_free (report->bundle);
  g_free (report->created);
  g_free (report->profile);
  g_free (report->override);
  g_ptr_array_unref (report->signers);
  g_ptr_array_unref (report->records);
  g_ptr_array_unref (report->templates);
  g_free (report);
}

gboolean
sillok_bundle_report_all_trusted (const SillokBundleReport *report)
{
  if (report->verdict != SILLOK_BUNDLE_VERDICT_VALID)
    return FALSE;
  for (guint i = 0; i < report->signers->len; i++)
    if (((SillokBundleSigner *) report->signers->pdata[i])->trust != SILLOK_BUNDLE_TRUST_TRUSTED)
      return FALSE;
  return TRUE;
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

static void
add_failure (JsonBuilder              *b,
             const SillokBundleReport *r)
{
  json_builder_set_member_name (b, "failure");
  if (r->failure == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  add_string (b, "check", r->failure->domain == SILLOK_BUNDLE_ERROR ? sillok_bundle_error_to_string (r->failure->code)
                                                                    : "read");
  add_string (b, "message", r->failure->message);
  add_string (b, "path", r->failure_path);
  add_string (b, "record", r->failure_record);
  json_builder_set_member_name (b, "version");
  if (r->failure_version > 0)
    json_builder_add_int_value (b, r->failure_version);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
add_signers (JsonBuilder              *b,
             const SillokBundleReport *r)
{
  json_builder_set_member_name (b, "signers");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->signers->len; i++)
    {
      SillokBundleSigner *s = r->signers->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "key_id", s->key_id);
      add_string (b, "public_key", s->public_key);
      add_bool (b, "exporter", s->exporter);
      add_int (b, "statements", s->statements);
      add_string (b, "trust", sillok_bundle_trust_to_string (s->trust));
      add_string (b, "name", s->name);
      add_string (b, "role", s->role);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_version (JsonBuilder         *b,
             SillokBundleVersion *v)
{
  json_builder_begin_object (b);
  add_int (b, "version", v->version);
  add_string (b, "statement", v->statement);
  add_string (b, "supersedes", v->supersedes);
  add_bool (b, "supersedes_in_archive", v->supersedes_in_archive);
  add_string (b, "signer", v->signer);
  add_string (b, "template", v->template_digest);
  add_int (b, "digests", v->digests);
  add_int (b, "disclosed", v->disclosed);
  add_int (b, "withheld", v->withheld);
  json_builder_set_member_name (b, "sealed_at");
  if (v->sealed_at != NULL)
    {
      json_builder_begin_object (b);
      add_string (b, "name", v->sealed_at_name);
      add_string (b, "value", v->sealed_at);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint i = 0; v->fields != NULL && v->fields[i] != NULL; i++)
    json_builder_add_string_value (b, v->fields[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; v->attachments != NULL && i < v->attachments->len; i++)
    {
      SillokBundleAttachment *a = v->attachments->pdata[i];

      json_builder_begin_object (b);
      add_int (b, "n", a->n);
      add_string (b, "name", a->name);
      add_string (b, "media_type", a->media_type);
      add_int (b, "size", a->size);
      add_string (b, "b2", a->b2);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_records (JsonBuilder              *b,
             const SillokBundleReport *r)
{
  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->records->len; i++)
    {
      SillokBundleRecord *rec = r->records->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "record", rec->uuid);
      json_builder_set_member_name (b, "audit");
      json_builder_begin_object (b);
      add_bool (b, "checked", rec->audit_ok);
      add_int (b, "entries", rec->audit_entries);
      add_bool (b, "times", rec->audit_times);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "versions");
      json_builder_begin_array (b);
      for (guint j = 0; j < rec->versions->len; j++)
        add_version (b, rec->versions->pdata[j]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
sillok_report_to_json (const SillokBundleReport *r,
                       const char               *file_name)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  add_string (b, "format", SILLOK_REPORT_JSON_FORMAT);
  add_string (b, "file", file_name);
  add_string (b, "verdict", r->verdict == SILLOK_BUNDLE_VERDICT_VALID ? "valid" : "failed");
  add_bool (b, "all_trusted", sillok_bundle_report_all_trusted (r));
  add_failure (b, r);
  add_string (b, "b2", r->b2);
  add_int (b, "size", r->size);
  add_int (b, "entries", r->entries);
  add_int (b, "plaintext", r->plaintext);
  add_string (b, "bundle", r->bundle);
  add_string (b, "created", r->created);
  add_string (b, "profile", r->profile);
  json_builder_set_member_name (b, "anonymity");
  if (r->bundle != NULL && r->profile != NULL)
    {
      json_builder_begin_object (b);
      add_int (b, "k_min", r->k_min);
      add_int (b, "k_threshold", r->k_threshold);
      add_string (b, "override", r->override);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_int (b, "attachments", r->attachments);
  add_signers (b, r);
  add_records (b, r);
  json_builder_set_member_name (b, "templates");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->templates->len; i++)
    {
      SillokBundleTemplate *t = r->templates->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "digest", t->digest);
      add_string (b, "id", t->id);
      add_int (b, "version", t->version);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = sillok_jcs_serialize (root, NULL, NULL);
  g_assert (json != NULL);
  return g_strconcat (json, "\n", NULL);
}
