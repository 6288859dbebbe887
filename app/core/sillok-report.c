/* sillok-report.c: the verification report as rows and as text; writing a report file
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-fs.h"
#include "sillok-report-private.h"

static void
row_free (SillokReportRow *row)
{
  g_free (row->label);
  g_free (row->value);
  g_free (row);
}

static SillokReportRow *
add (GPtrArray           *rows,
     SillokReportRowKind  kind,
     const char          *label,
     char                *value)
{
  SillokReportRow *row = g_new0 (SillokReportRow, 1);

  row->kind = kind;
  row->label = g_strdup (label);
  row->value = value;
  g_ptr_array_add (rows, row);
  return row;
}

static char *
verdict_text (const SillokBundleReport *r)
{
  guint unknown = 0, mismatch = 0;

  if (r->verdict != SILLOK_BUNDLE_VERDICT_VALID)
    return g_strdup_printf (_("FAILED — %s check: %s"),
                            r->failure != NULL && r->failure->domain == SILLOK_BUNDLE_ERROR
                              ? sillok_bundle_error_to_string (r->failure->code) : "read",
                            r->failure != NULL ? r->failure->message : "");
  for (guint i = 0; i < r->signers->len; i++)
    {
      SillokBundleSigner *s = r->signers->pdata[i];

      unknown += s->trust == SILLOK_BUNDLE_TRUST_UNKNOWN;
      mismatch += s->trust == SILLOK_BUNDLE_TRUST_MISMATCH;
    }
  if (mismatch > 0)
    return g_strdup_printf (_("VALID, but %u key(s) claim the id of a trusted key with other key bytes: "
                              "do not trust what they signed"), mismatch);
  if (unknown > 0)
    return g_strdup_printf (_("VALID — every check passed; %u signing key(s) are unknown (not trusted)"), unknown);
  return g_strdup (_("VALID — every check passed; every key is trusted"));
}

static char *
trust_text (SillokBundleSigner *s)
{
  switch (s->trust)
    {
    case SILLOK_BUNDLE_TRUST_TRUSTED:
      if (s->role != NULL)
        return g_strdup_printf (_("trusted: %s (%s)"), s->name != NULL ? s->name : "", s->role);
      return g_strdup_printf (_("trusted: %s"), s->name != NULL ? s->name : "");
    case SILLOK_BUNDLE_TRUST_MISMATCH:
      return g_strdup (_("NOT the trusted key of this id"));
    case SILLOK_BUNDLE_TRUST_UNKNOWN:
    default:
      return g_strdup (_("unknown (not trusted)"));
    }
}

static void
add_signers (GPtrArray                *rows,
             const SillokBundleReport *r)
{
  for (guint i = 0; i < r->signers->len; i++)
    {
      SillokBundleSigner *s = r->signers->pdata[i];
      g_autofree char *trust = trust_text (s);
      SillokReportRow *row;

      row = add (rows, SILLOK_REPORT_ROW_FIELD, s->exporter ? _("Exporter") : _("Signer"),
                 g_strdup_printf ("%s — %s", s->key_id, trust));
      row->alert = s->trust != SILLOK_BUNDLE_TRUST_TRUSTED;
      if (s->statements > 0)
        add (rows, SILLOK_REPORT_ROW_DETAIL, _("Statements signed"), g_strdup_printf ("%u", s->statements));
      if (s->public_key != NULL)
        add (rows, SILLOK_REPORT_ROW_DETAIL, _("Public key"), g_strdup (s->public_key))->code = TRUE;
    }
}

static void
add_version (GPtrArray           *rows,
             SillokBundleVersion *v)
{
  g_autofree char *fields = v->fields != NULL ? g_strjoinv (", ", v->fields) : NULL;

  add (rows, SILLOK_REPORT_ROW_FIELD, _("Version"),
       g_strdup_printf (_("%u, signed by %s"), v->version, v->signer != NULL ? v->signer : "?"));
  add (rows, SILLOK_REPORT_ROW_DETAIL, _("Statement"), g_strdup (v->statement))->code = TRUE;
  if (v->supersedes != NULL)
    add (rows, SILLOK_REPORT_ROW_DETAIL, v->supersedes_in_archive ? _("Supersedes (in the archive)") : _("Supersedes"),
         g_strdup (v->supersedes))->code = TRUE;
  if (v->sealed_at != NULL)
    add (rows, SILLOK_REPORT_ROW_DETAIL, _("Sealed"), g_strdup_printf ("%s (%s)", v->sealed_at, v->sealed_at_name));
  else
    add (rows, SILLOK_REPORT_ROW_DETAIL, _("Sealed"), g_strdup (_("time not disclosed")));
  add (rows, SILLOK_REPORT_ROW_DETAIL, _("Disclosures"),
       g_strdup_printf (_("%u shown, %u digests withheld (of %u, decoys included)"), v->disclosed, v->withheld,
                        v->digests));
  if (fields != NULL && *fields != '\0')
    add (rows, SILLOK_REPORT_ROW_DETAIL, _("Fields shown"), g_steal_pointer (&fields));
  for (guint i = 0; v->attachments != NULL && i < v->attachments->len; i++)
    {
      SillokBundleAttachment *a = v->attachments->pdata[i];

      add (rows, SILLOK_REPORT_ROW_DETAIL, _("Attachment"),
           g_strdup_printf ("[%u] %s (%s, %" G_GUINT64_FORMAT " bytes) BLAKE2b-512 %s", a->n,
                            a->name != NULL ? a->name : "", a->media_type != NULL ? a->media_type : "", a->size,
                            a->b2));
    }
}

GPtrArray *
sillok_report_rows (const SillokBundleReport *r,
                    const char               *file_name)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  add (rows, SILLOK_REPORT_ROW_TITLE, _("Verdict"), verdict_text (r))->alert =
    !sillok_bundle_report_all_trusted (r);
  if (r->failure_path != NULL)
    add (rows, SILLOK_REPORT_ROW_FIELD, _("Failed at"), g_strdup (r->failure_path))->alert = TRUE;
  if (r->failure_record != NULL)
    add (rows, SILLOK_REPORT_ROW_FIELD, _("Record"),
         r->failure_version > 0 ? g_strdup_printf (_("%s version %u"), r->failure_record, r->failure_version)
                                : g_strdup (r->failure_record))->alert = TRUE;

  add (rows, SILLOK_REPORT_ROW_HEADING, _("Bundle"), NULL);
  if (file_name != NULL)
    add (rows, SILLOK_REPORT_ROW_FIELD, _("File"), g_strdup (file_name));
  add (rows, SILLOK_REPORT_ROW_FIELD, _("BLAKE2b-512"), g_strdup (r->b2 != NULL ? r->b2 : ""))->code = TRUE;
  add (rows, SILLOK_REPORT_ROW_FIELD, _("Size"), g_strdup_printf (_("%" PRIu64 " bytes"), r->size));
  if (r->bundle != NULL)
    {
      add (rows, SILLOK_REPORT_ROW_FIELD, _("Bundle id"), g_strdup (r->bundle))->code = TRUE;
      add (rows, SILLOK_REPORT_ROW_FIELD, _("Profile"), g_strdup (r->profile));
      add (rows, SILLOK_REPORT_ROW_FIELD, _("Exported in"), g_strdup (r->created));
      add (rows, SILLOK_REPORT_ROW_FIELD, _("k-anonymity"),
           r->override != NULL ? g_strdup_printf (_("k_min %u (threshold %u), below it for this reason: %s"), r->k_min,
                                                  r->k_threshold, r->override)
                               : g_strdup_printf (_("k_min %u (threshold %u)"), r->k_min, r->k_threshold));
    }
  add (rows, SILLOK_REPORT_ROW_FIELD, _("Files"),
       g_strdup_printf (_("%u (%u attachments)"), r->entries, r->attachments));

  if (r->signers->len > 0)
    {
      add (rows, SILLOK_REPORT_ROW_HEADING, _("Keys"), NULL);
      add_signers (rows, r);
    }
  for (guint i = 0; i < r->records->len; i++)
    {
      SillokBundleRecord *rec = r->records->pdata[i];

      add (rows, SILLOK_REPORT_ROW_HEADING, _("Record"), g_strdup (rec->uuid))->code = TRUE;
      for (guint j = 0; j < rec->versions->len; j++)
        add_version (rows, rec->versions->pdata[j]);
      if (rec->audit_ok)
        add (rows, SILLOK_REPORT_ROW_FIELD, _("Audit chain"),
             g_strdup_printf (rec->audit_times ? _("%u entries, linked, times disclosed and checked")
                                               : _("%u entries, linked (times withheld)"), rec->audit_entries));
      else
        add (rows, SILLOK_REPORT_ROW_FIELD, _("Audit chain"), g_strdup (_("not checked")))->alert = TRUE;
    }
  if (r->templates->len > 0)
    add (rows, SILLOK_REPORT_ROW_HEADING, _("Templates"), NULL);
  for (guint i = 0; i < r->templates->len; i++)
    {
      SillokBundleTemplate *t = r->templates->pdata[i];

      add (rows, SILLOK_REPORT_ROW_FIELD, _("Template"),
           g_strdup_printf ("%s v%" G_GINT64_FORMAT " — %s", t->id, t->version, t->digest));
    }
  return g_steal_pointer (&rows);
}

char *
sillok_report_to_text (const SillokBundleReport *r,
                       const char               *file_name)
{
  g_autoptr(GPtrArray) rows = sillok_report_rows (r, file_name);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      SillokReportRow *row = rows->pdata[i];

      switch (row->kind)
        {
        case SILLOK_REPORT_ROW_TITLE:
          g_string_append_printf (out, "%s: %s\n", row->label, row->value);
          break;
        case SILLOK_REPORT_ROW_HEADING:
          g_string_append_printf (out, "\n%s%s%s\n", row->label, row->value != NULL ? " " : "",
                                  row->value != NULL ? row->value : "");
          break;
        case SILLOK_REPORT_ROW_FIELD:
          g_string_append_printf (out, "  %s: %s\n", row->label, row->value != NULL ? row->value : "");
          break;
        case SILLOK_REPORT_ROW_DETAIL:
        default:
          g_string_append_printf (out, "      %s: %s\n", row->label, row->value != NULL ? row->value : "");
          break;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
sillok_report_write (const SillokBundleReport *report,
                     const char               *file_name,
                     const char               *path,
                     GError                  **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".pdf"))
    return sillok_report_write_pdf (report, file_name, path, error);
  if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
    {
      g_autofree char *html = sillok_report_to_html (report, file_name);

      return sillok_fs_replace (path, html, strlen (html), 0644, NULL, error);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("%s: a report is written as .pdf or .html"), path);
  return FALSE;
}
