/* sillok-export-review.c: the export dialog's review and result pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-recipients.h"
#include "sillok-export-dialog-private.h"

static char *
openers (SillokExportDialog *self)
{
  g_autoptr(GString) names = g_string_new (NULL);

  if (self->choices->passphrase != NULL)
    return g_strdup (_("Anyone who knows the passphrase"));
  for (guint i = 0; self->recipients != NULL && i < self->recipients->len; i++)
    {
      SillokRecipient *r = self->recipients->pdata[i];

      if (!g_ptr_array_find_with_equal_func (self->choices->recipients, r->recipient, g_str_equal, NULL))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, r->name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
set_value (AdwActionRow *row,
           const char   *value)
{
  adw_action_row_set_subtitle (row, value);
}

static void
fill_k (SillokExportDialog *self)
{
  SillokExportReport *report = self->review->report;
  guint below = report->below != NULL ? g_strv_length (report->below) : 0;
  gboolean needs_reason = sillok_export_needs_reason (report);
  g_autofree char *k = g_strdup_printf (_("%u — at least %u needed"), report->k_min, report->k_threshold);
  g_autofree char *description = NULL;

  if (!report->enforced)
    description = g_strdup (_("Not required for a legal bundle: it carries names anyway."));
  else if (needs_reason)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u interview shares its generalized details (year of birth, "
                                                "province, period…) with fewer than %u interviews in this bundle, "
                                                "so someone who knows the witness could pick them out. Export it "
                                                "only if you must, and say why: the reason is written into the "
                                                "bundle.",
                                                "%u interviews share their generalized details (year of birth, "
                                                "province, period…) with fewer than %u interviews in this bundle, "
                                                "so someone who knows the witnesses could pick them out. Export "
                                                "them only if you must, and say why: the reason is written into "
                                                "the bundle.", below),
                                   below, report->k_threshold);
  else
    description = g_strdup_printf (_("Every interview shares its generalized details with at least %u interviews "
                                     "in this bundle."), report->k_threshold);
  adw_preferences_group_set_description (self->k_group, description);
  set_value (self->k_row, k);
  gtk_image_set_from_icon_name (self->k_icon, needs_reason ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->k_icon), needs_reason ? "success" : "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->k_icon), needs_reason ? "warning" : "success");
  gtk_widget_set_visible (GTK_WIDGET (self->k_icon), report->enforced);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), needs_reason);
}

static void
fill_left_out (SillokExportDialog *self)
{
  SillokExportReport *report = self->review->report;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->left_out_list))) != NULL)
    gtk_list_box_remove (self->left_out_list, child);
  for (guint i = 0; i < report->left_out->len; i++)
    {
      SillokExportLeftOut *left = report->left_out->pdata[i];
      const char *title = self->review->left_out_titles->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *title != '\0' ? title : _("Untitled interview"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), left->reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("action-unavailable-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->left_out_list, row);
    }
  gtk_widget_set_visible (self->left_out_group, report->left_out->len > 0);
}

void
sillok_export_dialog_fill_review (SillokExportDialog *self)
{
  SillokExportReport *report = self->review->report;
  g_autofree char *count = g_strdup_printf ("%u", report->records->len);
  g_autofree char *versions = g_strdup_printf ("%u", self->review->versions);
  g_autofree char *who = openers (self);
  g_autofree char *file = g_filename_display_name (self->choices->path);

  set_value (self->count_row, count);
  set_value (self->versions_row, versions);
  set_value (self->profile_row, report->profile == SILLOK_EXPORT_PROFILE_LEGAL
                                ? _("Legal: for a legal team only")
                                : _("Anonymized: for coordinators"));
  set_value (self->openers_row, who);
  set_value (self->file_row, file);
  fill_k (self);
  fill_left_out (self);
  gtk_editable_set_text (self->reason_row, "");
}

void
sillok_export_dialog_fill_done (SillokExportDialog *self)
{
  g_autofree char *file = g_filename_display_name (self->choices->path);
  g_autofree char *size = g_format_size (self->result->size);

  set_value (self->done_file_row, file);
  set_value (self->done_size_row, size);
  gtk_label_set_label (self->hash_label, self->result->b2);
  gtk_button_set_label (self->copy_button, _("_Copy"));
}
