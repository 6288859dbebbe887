/* sillok-export-plan.c: which records an export takes, what it leaves out, and k-anonymity
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-export-private.h"
#include "sillok-vault-private.h"

void
sillok_export_plan_free (SillokExportPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->items, g_ptr_array_unref);
  g_clear_pointer (&plan->left_out, g_ptr_array_unref);
  g_clear_pointer (&plan->quasi, g_ptr_array_unref);
  g_clear_pointer (&plan->k, sillok_k_anonymity_free);
  g_free (plan);
}

static void
left_out_free (SillokExportLeftOut *left)
{
  g_free (left->uuid);
  g_free (left->reason);
  g_free (left);
}

void
sillok_export_record_free (SillokExportRecord *record)
{
  g_free (record->uuid);
  g_free (record->statement);
  g_free (record);
}

void
sillok_export_report_free (SillokExportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->bundle);
  g_free (report->b2);
  g_clear_pointer (&report->records, g_ptr_array_unref);
  g_clear_pointer (&report->left_out, g_ptr_array_unref);
  g_strfreev (report->below);
  g_strfreev (report->quasi);
  g_free (report->override);
  g_strfreev (report->provenance);
  g_free (report);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The UUIDs chosen and, with --all-sealed, every record with a sealed
 * version (with --all-archived, every archived record); sorted, each once. */
static GPtrArray *
chosen_uuids (const SillokExportRequest  *req,
              GError                    **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unique = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < req->chosen->len; i++)
    g_ptr_array_add (uuids, g_strdup (req->chosen->pdata[i]));
  if (req->all_archived)
    {
      g_autoptr(GPtrArray) archived = sillok_export_archive_uuids (req->vault, error);

      if (archived == NULL)
        return NULL;
      for (guint i = 0; i < archived->len; i++)
        g_ptr_array_add (uuids, g_strdup (archived->pdata[i]));
    }
  if (req->all_sealed)
    {
      g_autoptr(GPtrArray) list = sillok_record_list (req->vault, NULL, 0, 0, error);

      if (list == NULL)
        return NULL;
      for (guint i = 0; i < list->len; i++)
        {
          SillokRecordSummary *s = list->pdata[i];

          if (s->status == SILLOK_RECORD_SEALED || s->version > 1)
            g_ptr_array_add (uuids, g_strdup (s->uuid));
        }
    }
  g_ptr_array_sort (uuids, compare_strings);
  for (guint i = 0; i < uuids->len; i++)
    if (i == 0 || strcmp (uuids->pdata[i], uuids->pdata[i - 1]) != 0)
      g_ptr_array_add (unique, g_strdup (uuids->pdata[i]));
  return g_steal_pointer (&unique);
}

/* The record with its versions, or NULL (with an error) when it has no
 * sealed version. */
static SillokExportItem *
load_item (const SillokExportRequest  *req,
           const char                *uuid,
           GError                   **error)
{
  g_autoptr(SillokExportItem) item = g_new0 (SillokExportItem, 1);
  guint sealed;

  item->uuid = g_strdup (uuid);
  item->latest = sillok_record_load (req->vault, uuid, 0, error);
  if (item->latest == NULL)
    return NULL;
  sealed = sillok_record_get_version (item->latest);
  if (sillok_record_get_status (item->latest) != SILLOK_RECORD_SEALED)
    sealed--;
  if (sealed == 0)
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_NOT_SEALED,
                   _("Record %s has no sealed version: seal it before exporting it"), uuid);
      return NULL;
    }
  item->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_record_unref);
  for (guint v = 1; v <= sealed; v++)
    {
      SillokRecord *version = v == sillok_record_get_version (item->latest)
                              ? sillok_record_ref (item->latest)
                              : sillok_record_load (req->vault, uuid, v, error);

      if (version == NULL)
        return NULL;
      g_ptr_array_add (item->versions, version);
      if (sillok_record_get_status (version) != SILLOK_RECORD_SEALED)
        {
          g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED,
                       _("Record %s: version %u is a draft but not the latest"), uuid, v);
          return NULL;
        }
    }
  item->sealed = sillok_record_ref (item->versions->pdata[sealed - 1]);
  return g_steal_pointer (&item);
}

/* Parses the sealed version's disclosures and keeps what the profile carries. */
static gboolean
select_disclosures (const SillokExportRequest  *req,
                    SillokExportItem          *item,
                    GError                   **error)
{
  GStrv all = sillok_record_get_disclosures (item->sealed);

  item->carried = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_disclosure_free);
  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      SillokDisclosure *d = sillok_disclosure_parse (all[i], strlen (all[i]), &local_error);

      if (d == NULL)
        {
          g_set_error (error, SILLOK_RECORD_ERROR, SILLOK_RECORD_ERROR_DAMAGED,
                       _("Record %s version %u: disclosure %u: %s"), item->uuid,
                       sillok_record_get_version (item->sealed), i + 1, local_error->message);
          return FALSE;
        }
      item->total++;
      if (sillok_export_profile_carries (req->profile, item->sealed, sillok_disclosure_get_name (d)))
        g_ptr_array_add (item->carried, d);
      else
        sillok_disclosure_free (d);
    }
  return TRUE;
}

static void
add_quasi_names (GPtrArray      *quasi,
                 SillokTemplate *template)
{
  g_autoptr(GPtrArray) names = sillok_export_quasi_names (template);

  for (guint i = 0; i < names->len; i++)
    if (!g_ptr_array_find_with_equal_func (quasi, names->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (quasi, g_strdup (names->pdata[i]));
}

/* Each record's tuple: the generalized values it carries, in @quasi order. */
static void
measure (SillokExportPlan *plan,
         guint             threshold)
{
  plan->k = sillok_k_anonymity_new (threshold);
  for (guint i = 0; i < plan->items->len; i++)
    {
      SillokExportItem *item = plan->items->pdata[i];
      g_autofree const char **values = g_new0 (const char *, plan->quasi->len + 1);

      for (guint q = 0; q < plan->quasi->len; q++)
        for (guint c = 0; c < item->carried->len; c++)
          if (strcmp (sillok_disclosure_get_name (item->carried->pdata[c]), plan->quasi->pdata[q]) == 0)
            values[q] = sillok_disclosure_get_value_json (item->carried->pdata[c]);
      sillok_k_anonymity_add (plan->k, item->uuid, values, plan->quasi->len);
    }
}

static void
leave_out (SillokExportPlan *plan,
           GString          *refused,
           const char       *uuid,
           char             *why)
{
  SillokExportLeftOut *left = g_new0 (SillokExportLeftOut, 1);

  g_string_append_printf (refused, "%s%s: %s", refused->len > 0 ? "; " : "", uuid, why);
  left->uuid = g_strdup (uuid);
  left->reason = why;
  g_ptr_array_add (plan->left_out, left);
}

static gboolean
check_request (const SillokExportRequest  *req,
               GError                    **error)
{
  gboolean archive = req->source == SILLOK_EXPORT_SOURCE_ARCHIVE;

  if ((archive && req->all_sealed) || (!archive && req->all_archived))
    {
      g_set_error_literal (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID,
                           archive ? _("All sealed records are the vault's own: choose all archived records instead")
                                   : _("All archived records are chosen only for an export from the archive"));
      return FALSE;
    }
  if (req->chosen->len == 0 && !req->all_sealed && !req->all_archived)
    {
      g_set_error_literal (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INVALID,
                           archive ? _("Choose the archived records to export, or all of them")
                                   : _("Choose the records to export, or all sealed records"));
      return FALSE;
    }
  return TRUE;
}

/* An archived record, NULL and no error when it is left out; a record
 * the archive cannot give whole stops the export if it was chosen by name. */
static SillokExportItem *
plan_archived (const SillokExportRequest  *req,
               SillokExportPlan           *plan,
               GString                    *refused,
               const char                 *uuid,
               GError                    **error)
{
  g_autoptr(SillokExportItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = NULL;
  gboolean named = g_ptr_array_find_with_equal_func (req->chosen, uuid, g_str_equal, NULL);

  item = sillok_export_archive_load (req, uuid, &local_error);
  if (item != NULL)
    {
      why = sillok_export_archive_consent (req->profile, item);
      if (why != NULL)
        {
          leave_out (plan, refused, uuid, g_steal_pointer (&why));
          return NULL;
        }
      if (sillok_export_archive_select (req, item, &local_error))
        {
          SillokExportArchived *latest = item->archived->pdata[item->archived->len - 1];

          add_quasi_names (plan->quasi, latest->template);
          return g_steal_pointer (&item);
        }
    }
  if (!named && g_error_matches (local_error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_INCOMPLETE))
    {
      leave_out (plan, refused, uuid, g_strdup (local_error->message));
      return NULL;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

SillokExportPlan *
sillok_export_plan_make (const SillokExportRequest  *req,
                         GError                    **error)
{
  g_autoptr(SillokExportPlan) plan = g_new0 (SillokExportPlan, 1);
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GString) refused = g_string_new (NULL);

  if (sillok_vault_get_db (req->vault, error) == NULL || !check_request (req, error))
    return NULL;
  uuids = chosen_uuids (req, error);
  if (uuids == NULL)
    return NULL;
  if (uuids->len == 0)
    {
      g_set_error_literal (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_NOT_SEALED,
                           req->source == SILLOK_EXPORT_SOURCE_ARCHIVE ? _("The archive holds no record to export")
                                                                      : _("The vault has no sealed record to export"));
      return NULL;
    }

  plan->items = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_export_item_free);
  plan->left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) left_out_free);
  plan->quasi = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < uuids->len; i++)
    {
      g_autoptr(SillokExportItem) item = NULL;
      g_autofree char *why = NULL;

      if (req->source == SILLOK_EXPORT_SOURCE_ARCHIVE)
        {
          g_autoptr(GError) local_error = NULL;

          item = plan_archived (req, plan, refused, uuids->pdata[i], &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (item != NULL)
            g_ptr_array_add (plan->items, g_steal_pointer (&item));
          continue;
        }
      item = load_item (req, uuids->pdata[i], error);
      if (item == NULL)
        return NULL;
      why = sillok_export_consent_refusal (req->profile, item->sealed, item->latest);
      if (why != NULL)
        {
          leave_out (plan, refused, item->uuid, g_steal_pointer (&why));
          continue;
        }
      if (!select_disclosures (req, item, error))
        return NULL;
      add_quasi_names (plan->quasi, sillok_record_get_template (item->sealed));
      g_ptr_array_add (plan->items, g_steal_pointer (&item));
    }
  if (plan->items->len == 0)
    {
      g_set_error (error, SILLOK_EXPORT_ERROR, SILLOK_EXPORT_ERROR_CONSENT,
                   _("No record may be exported with this profile: %s"), refused->str);
      return NULL;
    }
  g_ptr_array_sort (plan->quasi, compare_strings);
  measure (plan, req->k_threshold);
  return g_steal_pointer (&plan);
}

SillokExportReport *
sillok_export_plan_report (const SillokExportRequest *req,
                           SillokExportPlan          *plan)
{
  SillokExportReport *report = g_new0 (SillokExportReport, 1);
  g_autoptr(GPtrArray) quasi = g_ptr_array_new ();

  report->profile = req->profile;
  report->records = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_export_record_free);
  for (guint i = 0; i < plan->items->len; i++)
    {
      SillokExportItem *item = plan->items->pdata[i];
      SillokExportRecord *r = g_new0 (SillokExportRecord, 1);

      r->uuid = g_strdup (item->uuid);
      r->version = sillok_export_item_version (item);
      r->statement = g_strdup (sillok_export_item_statement (item));
      r->carried = item->carried->len;
      r->withheld = item->total - item->carried->len;
      g_ptr_array_add (report->records, r);
    }
  report->left_out = g_ptr_array_ref (plan->left_out);
  report->k_min = sillok_k_anonymity_get_k_min (plan->k);
  report->k_threshold = sillok_k_anonymity_get_threshold (plan->k);
  report->below = sillok_k_anonymity_get_below (plan->k);
  for (guint i = 0; i < plan->quasi->len; i++)
    g_ptr_array_add (quasi, plan->quasi->pdata[i]);
  g_ptr_array_add (quasi, NULL);
  report->quasi = g_strdupv ((GStrv) quasi->pdata);
  report->enforced = req->profile == SILLOK_EXPORT_PROFILE_ANONYMIZED;
  if (req->source == SILLOK_EXPORT_SOURCE_ARCHIVE)
    {
      g_autoptr(GPtrArray) bundles = g_ptr_array_new ();

      for (guint i = 0; i < plan->items->len; i++)
        {
          SillokExportItem *item = plan->items->pdata[i];

          for (guint b = 0; item->bundles[b] != NULL; b++)
            if (!g_ptr_array_find_with_equal_func (bundles, item->bundles[b], g_str_equal, NULL))
              g_ptr_array_add (bundles, item->bundles[b]);
        }
      g_ptr_array_sort (bundles, compare_strings);
      g_ptr_array_add (bundles, NULL);
      report->provenance = g_strdupv ((GStrv) bundles->pdata);
    }
  if (report->enforced && report->below[0] != NULL)
    report->override = g_strdup (req->override);
  return report;
}

