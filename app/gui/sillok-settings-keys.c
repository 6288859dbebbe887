/* sillok-settings-keys.c: the settings that act on keys: export, import,
 * passphrase, recovery key, failed-unlock policy
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-linkage.h"
#include "sillok-settings-page-private.h"

typedef struct
{
  char         *path;
  SillokSecret *secret;
  gboolean      replace;
  guint         number;
} KeyArgs;

static void
key_args_free (KeyArgs *args)
{
  g_free (args->path);
  g_clear_pointer (&args->secret, sillok_secret_free);
  g_free (args);
}

static GtkWindow *
window_of (SillokSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
sillok_settings_page_tell (SillokSettingsPage *self,
                           const char         *heading,
                           const char         *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window_of (self), heading, body));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SillokSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *success = g_strdup (g_object_get_data (G_OBJECT (self), "pending-success"));

  if (sillok_session_run_finish (SILLOK_SESSION (source), result, &error) == NULL)
    {
      if (g_error_matches (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_EXISTS))
        sillok_settings_page_confirm_replace (self);
      else if (!g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
        sillok_settings_page_tell (self, _("That Did Not Work"), error->message);
      return;
    }
  if (success != NULL)
    sillok_settings_page_tell (self, success, NULL);
}

static void
run (SillokSettingsPage   *self,
     SillokSessionJobFunc  func,
     KeyArgs              *args,
     const char           *success)
{
  if (self->session == NULL)
    {
      key_args_free (args);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "pending-success", g_strdup (success), g_free);
  sillok_session_run_async (self->session, func, args, (GDestroyNotify) key_args_free, NULL, NULL, job_done,
                            g_object_ref (self));
}

/* Passphrase dialogs ----------------------------------------------------- */

typedef void (*PassphraseFunc) (SillokSettingsPage *self,
                                SillokSecret       *secret,
                                const char         *path);

static void
entries_changed (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkEditable *first = GTK_EDITABLE (gtk_widget_get_first_child (box));
  GtkEditable *second = GTK_EDITABLE (gtk_widget_get_last_child (box));
  const char *a = gtk_editable_get_text (first);

  adw_message_dialog_set_response_enabled (dialog, "ok",
                                           *a != '\0' && (first == second
                                                          || g_str_equal (a, gtk_editable_get_text (second))));
}

static void
passphrase_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  SillokSettingsPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  PassphraseFunc func = (PassphraseFunc) user_data;
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  g_autoptr(SillokSecret) secret = NULL;

  if (g_str_equal (response, "ok"))
    secret = sillok_secret_new_from_string (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_first_child (box))));
  /* GTK 4.8's password entry leaves its Caps Lock watch behind when it
   * goes with the focus in it: the focus leaves the fields first. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  /* Out of the fields before anything else happens. */
  for (GtkWidget *entry = gtk_widget_get_first_child (box); entry != NULL; entry = gtk_widget_get_next_sibling (entry))
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  if (secret != NULL)
    func (self, secret, path);
}

static void
ask_passphrase (SillokSettingsPage *self,
                const char         *heading,
                const char         *body,
                gboolean            twice,
                const char         *path,
                PassphraseFunc      func)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window_of (self), heading, body));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (guint i = 0; i < (twice ? 2u : 1u); i++)
    {
      GtkWidget *entry = gtk_password_entry_new ();
      const char *label = i == 0 ? _("Passphrase") : _("Passphrase again");

      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      g_object_set (entry, "placeholder-text", label, "activates-default", TRUE, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (entries_changed), dialog);
      gtk_box_append (GTK_BOX (box), entry);
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ok", _("_Continue"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "ok", FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (passphrase_response), func);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Linkage key -------------------------------------------------------------- */

static gpointer
export_linkage_job (SillokVault   *vault,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  KeyArgs *args = data;

  return sillok_linkage_key_export (vault, args->path, args->secret, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
import_linkage_job (SillokVault   *vault,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  KeyArgs *args = data;

  return sillok_linkage_key_import (vault, args->path, args->secret, args->replace, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static KeyArgs *
key_args (SillokSecret *secret,
          const char   *path)
{
  KeyArgs *args = g_new0 (KeyArgs, 1);

  args->secret = sillok_secret_dup (secret);
  args->path = g_strdup (path);
  return args;
}

static void
export_linkage (SillokSettingsPage *self,
                SillokSecret       *secret,
                const char         *path)
{
  run (self, export_linkage_job, key_args (secret, path), _("The Linkage Key Was Exported"));
}

static void
import_linkage (SillokSettingsPage *self,
                SillokSecret       *secret,
                const char         *path)
{
  g_clear_pointer (&self->import_secret, sillok_secret_free);
  g_free (self->import_path);
  self->import_secret = sillok_secret_dup (secret);
  self->import_path = g_strdup (path);
  run (self, import_linkage_job, key_args (secret, path), _("The Linkage Key Was Imported"));
}

static void
replace_response (SillokSettingsPage *self,
                  const char         *response)
{
  if (g_str_equal (response, "replace") && self->import_secret != NULL)
    {
      KeyArgs *args = key_args (self->import_secret, self->import_path);

      args->replace = TRUE;
      run (self, import_linkage_job, args, _("The Linkage Key Was Imported"));
    }
  g_clear_pointer (&self->import_secret, sillok_secret_free);
  g_clear_pointer (&self->import_path, g_free);
}

void
sillok_settings_page_confirm_replace (SillokSettingsPage *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    window_of (self), _("Replace the Linkage Key?"),
    _("This vault already has a different linkage key. Records sealed before keep their pseudonyms; records "
      "sealed from now on get pseudonyms matching the imported key.")));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response (GtkNativeDialog    *chooser,
                  int                 response,
                  SillokSettingsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  const char *purpose = g_object_get_data (G_OBJECT (chooser), "purpose");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL)
    sillok_settings_page_file_chosen (self, purpose, path);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

void
sillok_settings_page_choose_file (SillokSettingsPage   *self,
                                  const char           *purpose,
                                  GtkFileChooserAction  action,
                                  const char           *title,
                                  const char           *name)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, window_of (self), action,
                                                               action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Save")
                                                                                                      : _("_Open"),
                                                               _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "purpose", g_strdup (purpose), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Passphrase, recovery key, policy ---------------------------------------- */

static gpointer
change_passphrase_job (SillokVault   *vault,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  KeyArgs *args = data;

  return sillok_vault_change_passphrase (vault, args->secret, cancellable, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
change_passphrase (SillokSettingsPage *self,
                   SillokSecret       *secret,
                   const char         *path)
{
  run (self, change_passphrase_job, key_args (secret, NULL), _("The Passphrase Was Changed"));
}

static gpointer
erase_after_job (SillokVault   *vault,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  KeyArgs *args = data;

  return sillok_vault_set_erase_after (vault, args->number, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
sillok_settings_page_set_erase_after (SillokSettingsPage *self,
                                      guint               attempts)
{
  KeyArgs *args = g_new0 (KeyArgs, 1);

  args->number = attempts;
  run (self, erase_after_job, args, NULL);
}

void
sillok_settings_page_file_chosen (SillokSettingsPage *self,
                                  const char         *purpose,
                                  const char         *path)
{
  if (g_str_equal (purpose, "export-linkage"))
    ask_passphrase (self, _("Protect the Linkage Key"),
                    _("Choose a passphrase for the file, and tell it to the other interviewer in person, never "
                      "alongside the file."), TRUE, path, export_linkage);
  else if (g_str_equal (purpose, "import-linkage"))
    ask_passphrase (self, _("Open the Linkage Key"), _("Type the passphrase the file was protected with."), FALSE,
                    path, import_linkage);
  else if (g_str_equal (purpose, "export-public-key"))
    sillok_settings_page_write_public_key (self, path);
  else if (g_str_equal (purpose, "trust-signer"))
    sillok_settings_page_ask_signer (self, path);
}

void
sillok_settings_page_ask_new_passphrase (SillokSettingsPage *self)
{
  ask_passphrase (self, _("Change the Passphrase"),
                  _("The new passphrase unlocks this vault from now on; the recovery key keeps working."), TRUE,
                  NULL, change_passphrase);
}
