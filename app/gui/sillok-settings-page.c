/* sillok-settings-page.c: identity, recipients, trusted signers, automatic
 * locking and language
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"


#include <glib/gi18n-lib.h>

#include "sillok-settings-page-private.h"

G_DEFINE_FINAL_TYPE (SillokSettingsPage, sillok_settings_page, ADW_TYPE_PREFERENCES_PAGE)

/* The language row's items, in order. */
static const char *const languages[] = { "", "en", "ko" };

static gboolean
language_to_row (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char *language = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (language, languages[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
row_to_language (const GValue       *value,
                 const GVariantType *type,
                 gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (i < G_N_ELEMENTS (languages) ? languages[i] : "");
}

static void
erase_after_changed (SillokSettingsPage *self)
{
  if (!self->loading)
    sillok_settings_page_set_erase_after (self, (guint) gtk_spin_button_get_value (self->erase_after_spin));
}

static void
export_public_key_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SillokSettingsPage *self = SILLOK_SETTINGS_PAGE (widget);
  g_autofree char *name = g_strdup_printf ("%s.pub", adw_action_row_get_subtitle (self->key_id_row));

  sillok_settings_page_choose_file (self, "export-public-key", GTK_FILE_CHOOSER_ACTION_SAVE,
                                    _("Export the Public Signing Key"), name);
}

void
sillok_settings_page_write_public_key (SillokSettingsPage *self,
                                       const char         *path)
{
  SillokVault *vault = self->session != NULL ? sillok_session_get_vault (self->session) : NULL;
  SillokMinisignPublicKey key;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (vault == NULL || sillok_vault_is_locked (vault))
    return;
  sillok_vault_get_public_key (vault, &key);
  text = sillok_minisign_public_key_to_file (&key);
  /* A public key: nothing secret reaches the disk. */
  if (!g_file_set_contents (path, text, -1, &error))
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("The Key Could Not Be Saved"), error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
copy_recipient_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SillokSettingsPage *self = SILLOK_SETTINGS_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), adw_action_row_get_subtitle (self->recipient_row));
}

static void
export_linkage_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sillok_settings_page_choose_file (SILLOK_SETTINGS_PAGE (widget), "export-linkage", GTK_FILE_CHOOSER_ACTION_SAVE,
                                    _("Export the Linkage Key"), "linkage-key.age");
}

static void
import_linkage_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sillok_settings_page_choose_file (SILLOK_SETTINGS_PAGE (widget), "import-linkage", GTK_FILE_CHOOSER_ACTION_OPEN,
                                    _("Import a Linkage Key"), NULL);
}

static void
add_recipient_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  sillok_settings_page_add_recipient (SILLOK_SETTINGS_PAGE (widget));
}

static void
remove_recipient_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  sillok_settings_page_remove_recipient (SILLOK_SETTINGS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
trust_signer_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sillok_settings_page_choose_file (SILLOK_SETTINGS_PAGE (widget), "trust-signer", GTK_FILE_CHOOSER_ACTION_OPEN,
                                    _("Trust a Signing Key"), NULL);
}

static void
untrust_signer_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sillok_settings_page_untrust (SILLOK_SETTINGS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
change_passphrase_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  sillok_settings_page_ask_new_passphrase (SILLOK_SETTINGS_PAGE (widget));
}

static void
recovery_key_shown (AdwMessageDialog *dialog)
{
  GtkLabel *label = GTK_LABEL (adw_message_dialog_get_extra_child (dialog));

  /* Shown once: gone from the screen when the dialog goes. */
  gtk_label_set_label (label, "");
}

static void
recovery_key_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SillokSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokSecret) key = sillok_session_add_recovery_key_finish (SILLOK_SESSION (source), result, &error);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  AdwMessageDialog *dialog;
  GtkWidget *label;

  if (key == NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("No New Recovery Key"), error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Write Down Your New Recovery Key"),
                                                       _("Keep it on paper, away from this computer. It is shown "
                                                         "only now; the old key no longer works.")));
  label = gtk_label_new (sillok_secret_get_string (key));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "recovery-key");
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_response (dialog, "done", _("I Have _Written It Down"));
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_key_shown), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_recovery_key_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SillokSettingsPage *self = SILLOK_SETTINGS_PAGE (widget);

  if (self->session == NULL || sillok_session_get_state (self->session) != SILLOK_SESSION_UNLOCKED)
    return;
  sillok_session_add_recovery_key_async (self->session, recovery_key_done, g_object_ref (self));
}

static void
sillok_settings_page_dispose (GObject *object)
{
  SillokSettingsPage *self = SILLOK_SETTINGS_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->import_secret, sillok_secret_free);
  g_clear_pointer (&self->import_path, g_free);
  g_clear_pointer (&self->people_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sillok_settings_page_parent_class)->dispose (object);
}

static void
sillok_settings_page_class_init (SillokSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_settings_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, key_id_row);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, auto_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, erase_after_spin);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, names_switch);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, recipients_group);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, signers_group);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, add_recipient_row);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, recipient_name_entry);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, recipient_key_entry);
  gtk_widget_class_bind_template_child (widget_class, SillokSettingsPage, add_recipient_button);
  /* Named for tests: the window's action does the work. */
  gtk_widget_class_bind_template_child_full (widget_class, "erase_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, erase_after_changed);

  gtk_widget_class_install_action (widget_class, "settings.export-public-key", NULL, export_public_key_activated);
  gtk_widget_class_install_action (widget_class, "settings.copy-recipient", NULL, copy_recipient_activated);
  gtk_widget_class_install_action (widget_class, "settings.export-linkage-key", NULL, export_linkage_activated);
  gtk_widget_class_install_action (widget_class, "settings.import-linkage-key", NULL, import_linkage_activated);
  gtk_widget_class_install_action (widget_class, "settings.change-passphrase", NULL, change_passphrase_activated);
  gtk_widget_class_install_action (widget_class, "settings.new-recovery-key", NULL, new_recovery_key_activated);
  gtk_widget_class_install_action (widget_class, "settings.add-recipient", NULL, add_recipient_activated);
  gtk_widget_class_install_action (widget_class, "settings.remove-recipient", "s", remove_recipient_activated);
  gtk_widget_class_install_action (widget_class, "settings.trust-signer", NULL, trust_signer_activated);
  gtk_widget_class_install_action (widget_class, "settings.untrust-signer", "s", untrust_signer_activated);
}

static void
sillok_settings_page_init (SillokSettingsPage *self)
{
  self->loading = TRUE;
  self->people_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;

  self->settings = g_settings_new (SILLOK_APP_ID);
  g_settings_bind (self->settings, "auto-lock-minutes", self->auto_lock_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-interviewee-names", self->names_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_to_row, row_to_language, NULL, NULL);
  sillok_settings_page_show_identity (self, NULL);
}

void
sillok_settings_page_show_identity (SillokSettingsPage *self,
                                    SillokVault        *vault)
{
  g_autofree char *key_id = NULL;
  g_autofree char *recipient = NULL;
  const char *name = NULL;

  g_return_if_fail (SILLOK_IS_SETTINGS_PAGE (self));
  g_return_if_fail (vault == NULL || !sillok_vault_is_locked (vault));

  if (vault != NULL)
    {
      name = sillok_vault_get_name (vault);
      key_id = sillok_vault_get_key_id (vault);
      recipient = sillok_vault_get_age_recipient (vault);
    }
  adw_action_row_set_subtitle (self->name_row, name != NULL ? name : "");
  adw_action_row_set_subtitle (self->key_id_row, key_id != NULL ? key_id : "");
  adw_action_row_set_subtitle (self->recipient_row, recipient != NULL ? recipient : "");
  self->loading = TRUE;
  gtk_spin_button_set_value (self->erase_after_spin, vault != NULL ? sillok_vault_get_erase_after (vault) : 0);
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->erase_after_spin), vault != NULL);
  sillok_settings_page_show_people (self, vault != NULL);
}

void
sillok_settings_page_set_session (SillokSettingsPage *self,
                                  SillokSession      *session)
{
  g_return_if_fail (SILLOK_IS_SETTINGS_PAGE (self));
  g_set_object (&self->session, session);
}
