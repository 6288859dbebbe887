/* sillok-verify-page-private.h: what the Verify page's files share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-verify-page.h"

G_BEGIN_DECLS

struct _SillokVerifyPage
{
  AdwBin                parent_instance;

  SillokSession        *session;       /* NULL: no vault */
  GFile                *identity_file;
  SillokSecret         *passphrase;    /* kept for the next bundle until the page is reset */
  GFile                *trust_dir;
  GCancellable         *cancellable;   /* of the verification running */
  SillokVerifyProgress *progress;
  guint                 progress_id;
  SillokVerifyResult   *result;
  GFile                *bundle;        /* the bundle of the result */
  GtkTreeListModel     *tree;
  GPtrArray            *signer_rows;
  gboolean              saving;

  GtkStack             *view;
  AdwActionRow         *vault_row;
  AdwActionRow         *identity_row;
  GtkWidget            *identity_clear_button;
  GtkWidget            *passphrase_clear_button;
  GtkWidget            *trust_clear_button;
  AdwActionRow         *passphrase_row;
  GtkPasswordEntry     *passphrase_entry;
  AdwActionRow         *trust_row;
  GtkLabel             *start_error_label;
  AdwStatusPage        *progress_status;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkWidget            *banner;
  GtkImage             *verdict_icon;
  GtkLabel             *verdict_title;
  GtkLabel             *verdict_description;
  GtkLabel             *failure_label;
  GtkStack             *result_stack;
  AdwActionRow         *file_row;
  GtkLabel             *hash_label;
  AdwActionRow         *size_row;
  AdwActionRow         *bundle_row;
  AdwActionRow         *profile_row;
  AdwActionRow         *created_row;
  AdwActionRow         *anonymity_row;
  AdwActionRow         *contents_row;
  AdwPreferencesGroup  *signers_group;
  GtkListView          *checks_view;
};

/* Shows @result: the verdict, the summary and the tree of checks. */
void sillok_verify_page_show_result  (SillokVerifyPage *self,
                                      SillokVerifyResult *result);
/* Empties every widget that showed a result. */
void sillok_verify_page_clear_result (SillokVerifyPage *self);
/* Sets up the list of checks (once, at init). */
void sillok_verify_page_init_checks  (SillokVerifyPage *self);
/* Saves the report to @file as Save does: a name without a suffix gets
 * .html when @html (the HTML type was chosen), else .pdf, and a file that
 * name then names is only replaced once the user agrees. */
void sillok_verify_page_report_chosen (SillokVerifyPage *self,
                                       GFile            *file,
                                       gboolean          html);
/* A row of the list activated: opens or closes it. */
void sillok_verify_page_check_activated (SillokVerifyPage *self,
                                         guint             position);

G_END_DECLS
