/* sillok-export-dialog-private.h: what the export dialog's files share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-export-dialog.h"

G_BEGIN_DECLS

struct _SillokExportDialog
{
  AdwWindow             parent_instance;

  SillokSession        *session;
  GPtrArray            *uuids;
  GPtrArray            *titles;
  SillokExportSource    source;         /* the vault's records or the archive's */
  GPtrArray            *recipients;     /* SillokRecipient of the vault, NULL until read */
  GHashTable           *unticked;       /* recipients the interviewer unticked */
  SillokSecret         *passphrase;     /* typed, then taken out of the fields */
  char                 *path;
  SillokExportChoices  *choices;        /* as last reviewed */
  SillokExportReview   *review;
  SillokExportReport   *result;
  GCancellable         *cancellable;    /* of the job running */
  SillokProgressRelay  *relay;
  GtkFileChooserNative *chooser;
  gboolean              closed;

  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *back_button;
  GtkButton            *review_button;
  GtkButton            *export_button;
  GtkButton            *close_button;
  GtkWidget            *error_box;
  GtkLabel             *error_label;
  GtkLabel             *details_label;
  GtkStack             *stack;
  AdwExpanderRow       *records_row;
  GtkCheckButton       *anonymized_check;
  GtkCheckButton       *legal_check;
  GtkWidget            *legal_warning;
  GtkCheckButton       *recipients_check;
  GtkCheckButton       *passphrase_check;
  GtkWidget            *recipients_group;
  GtkListBox           *recipients_list;
  AdwExpanderRow       *add_recipient_row;
  GtkEditable          *recipient_name_entry;
  GtkEditable          *recipient_key_entry;
  GtkButton            *add_recipient_button;
  GtkWidget            *passphrase_group;
  GtkEditable          *passphrase_entry;
  GtkEditable          *again_entry;
  GtkLabel             *strength_label;
  AdwActionRow         *destination_row;
  GtkSpinner           *planning_spinner;
  AdwPreferencesPage   *review_page;
  AdwActionRow         *count_row;
  AdwActionRow         *versions_row;
  AdwActionRow         *profile_row;
  AdwActionRow         *openers_row;
  AdwActionRow         *file_row;
  AdwPreferencesGroup  *k_group;
  AdwActionRow         *k_row;
  GtkImage             *k_icon;
  GtkEditable          *reason_row;
  GtkWidget            *left_out_group;
  GtkListBox           *left_out_list;
  GtkLabel             *writing_label;
  GtkProgressBar       *progress_bar;
  AdwActionRow         *done_file_row;
  AdwActionRow         *done_size_row;
  GtkLabel             *hash_label;
  GtkButton            *copy_button;
};

/* Shows @page and the header buttons that belong to it. */
void sillok_export_dialog_show_page   (SillokExportDialog *self,
                                       const char         *page);
void sillok_export_dialog_show_error  (SillokExportDialog *self,
                                       const GError       *error);
void sillok_export_dialog_clear_error (SillokExportDialog *self);
/* Fills the review page from self->review and self->choices. */
void sillok_export_dialog_fill_review (SillokExportDialog *self);
/* Fills the result page from self->result. */
void sillok_export_dialog_fill_done   (SillokExportDialog *self);

G_END_DECLS
