/* sillok-verify-page-result.c: the Verify page's verdict, summary and tree of checks
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-verify-page-private.h"
#include "sillok-verify-tree.h"

static const char *const verdict_classes[] = { "trusted", "untrusted", "invalid" };

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL);
}

static const char *
profile_name (const char *profile)
{
  if (g_strcmp0 (profile, SILLOK_BUNDLE_PROFILE_ANONYMIZED) == 0)
    return _("Anonymized, for coordinators");
  if (g_strcmp0 (profile, SILLOK_BUNDLE_PROFILE_LEGAL) == 0)
    return _("Legal: it names people");
  return profile;
}

static GtkWidget *
signer_row (const SillokBundleSigner *s)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  g_autofree char *trust = sillok_verify_signer_trust (s);
  g_autofree char *statements = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Signed %u statement",
                                                              "Signed %u statements", s->statements),
                                                 s->statements);
  g_autoptr(GString) subtitle = g_string_new (trust);

  if (s->exporter)
    /* Translators: joins the parts of a signer's description */
    g_string_append_printf (subtitle, _(" · %s"), _("Exported the bundle"));
  if (s->statements > 0)
    g_string_append_printf (subtitle, _(" · %s"), statements);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->key_id);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_add_css_class (badge, "trust-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  switch (s->trust)
    {
    case SILLOK_BUNDLE_TRUST_TRUSTED:
      gtk_label_set_label (GTK_LABEL (badge), _("Trusted"));
      gtk_widget_add_css_class (badge, "trusted");
      break;
    case SILLOK_BUNDLE_TRUST_MISMATCH:
      gtk_label_set_label (GTK_LABEL (badge), _("Forged"));
      gtk_widget_add_css_class (badge, "forged");
      break;
    case SILLOK_BUNDLE_TRUST_UNKNOWN:
    default:
      gtk_label_set_label (GTK_LABEL (badge), _("Not Trusted"));
      gtk_widget_add_css_class (badge, "untrusted");
      break;
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  return row;
}

static void
clear_signers (SillokVerifyPage *self)
{
  for (guint i = 0; i < self->signer_rows->len; i++)
    adw_preferences_group_remove (self->signers_group, self->signer_rows->pdata[i]);
  g_ptr_array_set_size (self->signer_rows, 0);
}

static void
show_summary (SillokVerifyPage   *self,
              SillokVerifyResult *result)
{
  const SillokBundleReport *r = result->report;
  g_autofree char *size = g_format_size_full (r->size, G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *anonymity = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", r->entries),
                                            r->entries);
  g_autofree char *attachments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attachment", "%u attachments",
                                                               r->attachments), r->attachments);

  set_row (self->file_row, result->file_name);
  gtk_label_set_label (self->hash_label, r->b2 != NULL ? r->b2 : "");
  set_row (self->size_row, size);
  set_row (self->bundle_row, r->bundle);
  set_row (self->profile_row, profile_name (r->profile));
  set_row (self->created_row, r->created);
  if (r->bundle != NULL && r->override != NULL)
    anonymity = g_strdup_printf (_("The smallest group of alike records has %u (the threshold is %u); exported "
                                   "below it because: %s"), r->k_min, r->k_threshold, r->override);
  else if (r->bundle != NULL)
    anonymity = g_strdup_printf (_("The smallest group of alike records has %u (the threshold is %u)"), r->k_min,
                                 r->k_threshold);
  set_row (self->anonymity_row, anonymity);
  /* Translators: "12 files, 1 attachment" */
  contents = g_strdup_printf (_("%s, %s"), files, attachments);
  set_row (self->contents_row, contents);

  clear_signers (self);
  adw_preferences_group_set_description (self->signers_group,
                                         self->session != NULL
                                         ? _("The keys you trust are this vault’s own, the signers it trusts and "
                                             "those in the folder of trusted keys.")
                                         : _("The keys you trust are those in the folder of trusted keys."));
  for (guint i = 0; i < r->signers->len; i++)
    {
      GtkWidget *row = signer_row (r->signers->pdata[i]);

      adw_preferences_group_add (self->signers_group, row);
      g_ptr_array_add (self->signer_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->signers_group), r->signers->len > 0);
}

static void
show_banner (SillokVerifyPage   *self,
             SillokVerifyResult *result)
{
  SillokVerdict verdict = sillok_verify_verdict (result->report);
  g_autofree char *title = sillok_verify_verdict_title (result->report);
  g_autofree char *description = sillok_verify_verdict_description (result->report);
  g_autofree char *details = sillok_verify_failure_details (result->report);
  const char *css = verdict == SILLOK_VERDICT_TRUSTED ? "trusted"
                    : verdict == SILLOK_VERDICT_INVALID ? "invalid" : "untrusted";

  for (guint i = 0; i < G_N_ELEMENTS (verdict_classes); i++)
    gtk_widget_remove_css_class (self->banner, verdict_classes[i]);
  gtk_widget_add_css_class (self->banner, css);
  gtk_image_set_from_icon_name (self->verdict_icon,
                                verdict == SILLOK_VERDICT_TRUSTED ? "security-high-symbolic"
                                : verdict == SILLOK_VERDICT_INVALID ? "dialog-error-symbolic"
                                : "dialog-warning-symbolic");
  gtk_label_set_label (self->verdict_title, title);
  gtk_label_set_label (self->verdict_description, description);
  gtk_label_set_label (self->failure_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->failure_label), details != NULL);
}

/* ----- the tree of checks ----------------------------------------------------------------- */

static GListModel *
node_children (gpointer item,
               gpointer user_data)
{
  GListModel *children = sillok_verify_node_get_children (item);

  return children != NULL ? g_object_ref (children) : NULL;
}

static const char *
status_icon (SillokVerifyStatus status)
{
  switch (status)
    {
    case SILLOK_VERIFY_STATUS_PASSED:
      return "emblem-ok-symbolic";
    case SILLOK_VERIFY_STATUS_WARNING:
      return "dialog-warning-symbolic";
    case SILLOK_VERIFY_STATUS_NOT_CHECKED:
      return "action-unavailable-symbolic";
    case SILLOK_VERIFY_STATUS_FAILED:
      return "dialog-error-symbolic";
    case SILLOK_VERIFY_STATUS_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *const status_classes[] = { "info", "passed", "warning", "not-checked", "failed" };

static void
setup_check (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (icon, "check-status");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
bind_check (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(SillokVerifyNode) node = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (gtk_widget_get_next_sibling (icon));
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  SillokVerifyStatus status = sillok_verify_node_get_status (node);
  const char *text = sillok_verify_node_get_subtitle (node);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), status_icon (status));
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (icon, status_classes[i]);
  gtk_widget_add_css_class (icon, status_classes[status]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sillok_verify_status_to_string (status), -1);
  gtk_label_set_label (GTK_LABEL (title), sillok_verify_node_get_title (node));
  gtk_label_set_label (GTK_LABEL (subtitle), text != NULL ? text : "");
  gtk_widget_set_visible (subtitle, text != NULL && *text != '\0');
}

static void
unbind_check (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (item)), NULL);
}

void
sillok_verify_page_init_checks (SillokVerifyPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_check), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_check), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_check), NULL);
  gtk_list_view_set_factory (self->checks_view, factory);
}

/* Opens the bundle and its records, and on failure the way to it;
 * returns the failure's row, or G_MAXUINT. */
static guint
open_rows (GtkTreeListModel *tree)
{
  guint failure = G_MAXUINT;

  /* Opening a row inserts its children right after it: they come next. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, i);
      g_autoptr(SillokVerifyNode) node = gtk_tree_list_row_get_item (row);

      if (sillok_verify_node_is_failure (node))
        failure = i;
      if (sillok_verify_node_get_children (node) == NULL)
        continue;
      if (sillok_verify_node_get_open (node)
          || (sillok_verify_node_get_status (node) == SILLOK_VERIFY_STATUS_FAILED
              && !sillok_verify_node_is_failure (node)))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  return failure;
}

static void
show_tree (SillokVerifyPage   *self,
           SillokVerifyResult *result)
{
  g_autoptr(GListStore) roots = g_list_store_new (SILLOK_TYPE_VERIFY_NODE);
  g_autoptr(GtkSingleSelection) selection = NULL;
  guint failure;

  g_list_store_append (roots, result->tree);
  g_clear_object (&self->tree);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&roots)), FALSE, FALSE, node_children, NULL,
                                        NULL);
  failure = open_rows (self->tree);
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->tree)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, failure != G_MAXUINT ? failure : GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->checks_view, GTK_SELECTION_MODEL (selection));
  /* A failure is shown where it is; a valid bundle first shows its summary. */
  gtk_stack_set_visible_child_name (self->result_stack, failure != G_MAXUINT ? "checks" : "summary");
  if (failure != G_MAXUINT)
    gtk_widget_activate_action (GTK_WIDGET (self->checks_view), "list.scroll-to-item", "u", failure);
}

void
sillok_verify_page_check_activated (SillokVerifyPage *self,
                                    guint             position)
{
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

void
sillok_verify_page_show_result (SillokVerifyPage   *self,
                                SillokVerifyResult *result)
{
  show_banner (self, result);
  show_summary (self, result);
  show_tree (self, result);
}

void
sillok_verify_page_clear_result (SillokVerifyPage *self)
{
  gtk_list_view_set_model (self->checks_view, NULL);
  g_clear_object (&self->tree);
  clear_signers (self);
  gtk_label_set_label (self->verdict_title, "");
  gtk_label_set_label (self->verdict_description, "");
  gtk_label_set_label (self->failure_label, "");
  gtk_label_set_label (self->hash_label, "");
  set_row (self->file_row, NULL);
  set_row (self->size_row, NULL);
  set_row (self->bundle_row, NULL);
  set_row (self->profile_row, NULL);
  set_row (self->created_row, NULL);
  set_row (self->anonymity_row, NULL);
  set_row (self->contents_row, NULL);
}
