/* sillok-seal-dialog.c: what is missing before sealing, or what would leave
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-seal-dialog.h"
#include "sillok-seal-preview.h"

struct _SillokSealDialog
{
  AdwWindow           parent_instance;

  GtkStack           *stack;
  GtkButton          *seal_button;
  GtkListBox         *missing_list;
  AdwPreferencesPage *preview_page;
  GtkLabel           *error_label;
  GPtrArray          *preview_groups;
};

G_DEFINE_FINAL_TYPE (SillokSealDialog, sillok_seal_dialog, ADW_TYPE_WINDOW)

enum {
  JUMP,
  SEAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
missing_activated (SillokSealDialog *self,
                   GtkListBoxRow    *row)
{
  g_autofree char *path = g_strdup (gtk_widget_get_name (GTK_WIDGET (row)));

  g_signal_emit (self, signals[JUMP], 0, path);
  gtk_window_close (GTK_WINDOW (self));
}

static void
seal_clicked (SillokSealDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "sealing");
  gtk_widget_set_sensitive (GTK_WIDGET (self->seal_button), FALSE);
  g_signal_emit (self, signals[SEAL], 0);
}

static GtkWidget *
status_page (const char *icon,
             const char *title,
             const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  return page;
}

static GtkWidget *
missing_page (SillokSealDialog *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Not Ready to Seal"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The witness’s consent and these fields are needed first. "
                                           "Choose one to go to it."));
  self->missing_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->missing_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->missing_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->missing_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Missing fields"), -1);
  g_signal_connect_swapped (self->missing_list, "row-activated", G_CALLBACK (missing_activated), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->missing_list));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return page;
}

static void
sillok_seal_dialog_dispose (GObject *object)
{
  SillokSealDialog *self = SILLOK_SEAL_DIALOG (object);

  g_clear_pointer (&self->preview_groups, g_ptr_array_unref);

  G_OBJECT_CLASS (sillok_seal_dialog_parent_class)->dispose (object);
}

static void
sillok_seal_dialog_class_init (SillokSealDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_seal_dialog_dispose;
  signals[JUMP] = g_signal_new ("jump", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SEAL] = g_signal_new ("seal", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sillok_seal_dialog_init (SillokSealDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *title = adw_window_title_new (_("Seal the Record"), NULL);
  GtkWidget *spinner = gtk_spinner_new ();

  self->preview_groups = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Seal the Record"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->seal_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Seal")));
  gtk_widget_add_css_class (GTK_WIDGET (self->seal_button), "suggested-action");
  gtk_widget_set_visible (GTK_WIDGET (self->seal_button), FALSE);
  g_signal_connect_swapped (self->seal_button, "clicked", G_CALLBACK (seal_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->seal_button));
  gtk_box_append (GTK_BOX (box), header);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, spinner, "checking");
  gtk_stack_add_named (self->stack, missing_page (self), "missing");
  self->preview_page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->preview_page), "preview");
  gtk_stack_add_named (self->stack,
                       status_page ("emblem-ok-symbolic", _("Sealing…"),
                                    _("The record is being signed. It cannot be changed afterwards, only amended.")),
                       "sealing");
  gtk_stack_set_visible_child_name (self->stack, "checking");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

SillokSealDialog *
sillok_seal_dialog_new (GtkWindow *parent)
{
  return g_object_new (SILLOK_TYPE_SEAL_DIALOG, "transient-for", parent, NULL);
}

static GtkWidget *
value_row (const char *title,
           const char *value,
           const char *name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  if (name != NULL)
    gtk_widget_set_name (row, name);
  return row;
}

void
sillok_seal_dialog_show_missing (SillokSealDialog *self,
                                 GPtrArray        *rows)
{
  GtkWidget *child;

  g_return_if_fail (SILLOK_IS_SEAL_DIALOG (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->missing_list))) != NULL)
    gtk_list_box_remove (self->missing_list, child);
  for (guint i = 0; i < rows->len; i++)
    {
      SillokPreviewRow *r = rows->pdata[i];
      GtkWidget *row = value_row (r->label, r->section, r->value);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->missing_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->seal_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "missing");
}

static GtkWidget *
add_group (SillokSealDialog *self,
           const char       *title,
           const char       *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (self->preview_page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->preview_groups, group);
  return group;
}

void
sillok_seal_dialog_show_preview (SillokSealDialog *self,
                                 GPtrArray        *rows,
                                 const char       *signer,
                                 const char       *key_id)
{
  GtkWidget *group = NULL;
  const char *section = NULL;

  g_return_if_fail (SILLOK_IS_SEAL_DIALOG (self));

  for (guint i = 0; i < self->preview_groups->len; i++)
    adw_preferences_page_remove (self->preview_page, self->preview_groups->pdata[i]);
  g_ptr_array_set_size (self->preview_groups, 0);

  group = add_group (self, _("Signed By"),
                     _("Sealing signs the record with your key. A sealed record never changes: corrections "
                       "are made as amendments that say why."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row (_("Name"), signer, "signer"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row (_("Signing key ID"), key_id, "key-id"));
  group = add_group (self, _("What an Anonymized Export Carries"),
                     _("Exactly this leaves in an anonymized export: open values as entered, others generalized, "
                       "narratives with the marked and identifying words removed. Everything else leaves only "
                       "in exports the witness consented to."));
  for (guint i = 0; i < rows->len; i++)
    {
      SillokPreviewRow *r = rows->pdata[i];

      if (g_strcmp0 (section, r->section) != 0)
        {
          section = r->section;
          group = add_group (self, r->section, NULL);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row (r->label, r->value, NULL));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->seal_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seal_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_grab_focus (GTK_WIDGET (self->seal_button));
}

void
sillok_seal_dialog_show_error (SillokSealDialog *self,
                               const char       *message)
{
  g_return_if_fail (SILLOK_IS_SEAL_DIALOG (self));

  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "sealing"))
    {
      gtk_stack_set_visible_child_name (self->stack, "preview");
      gtk_widget_set_sensitive (GTK_WIDGET (self->seal_button), TRUE);
    }
}

const char *
sillok_seal_dialog_get_mode (SillokSealDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_SEAL_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkButton *
sillok_seal_dialog_get_seal_button (SillokSealDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_SEAL_DIALOG (self), NULL);
  return self->seal_button;
}

GtkListBox *
sillok_seal_dialog_get_missing_list (SillokSealDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_SEAL_DIALOG (self), NULL);
  return self->missing_list;
}
