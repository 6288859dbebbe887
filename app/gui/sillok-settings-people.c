/* sillok-settings-people.c: the recipients bundles are encrypted to and
 * the signers the vault trusts
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-recipients.h"
#include "sillok/sillok-trust.h"
#include "sillok-settings-page-private.h"

/* A public key file is two short lines; anything much longer is not one. */
#define PUBLIC_KEY_FILE_MAX 4096

typedef struct
{
  GPtrArray *recipients;  /* SillokRecipient */
  GPtrArray *signers;     /* SillokTrustedSigner */
} People;

typedef struct
{
  char *name;
  char *value;   /* a recipient, a key id or a file's path */
  char *role;
} PeopleArgs;

static void
people_free (People *people)
{
  g_clear_pointer (&people->recipients, g_ptr_array_unref);
  g_clear_pointer (&people->signers, g_ptr_array_unref);
  g_free (people);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (People, people_free)

static void
people_args_free (PeopleArgs *args)
{
  g_free (args->name);
  g_free (args->value);
  g_free (args->role);
  g_free (args);
}

static PeopleArgs *
people_args (const char *name,
             const char *value,
             const char *role)
{
  PeopleArgs *args = g_new0 (PeopleArgs, 1);

  args->name = g_strdup (name);
  args->value = g_strdup (value);
  args->role = g_strdup (role);
  return args;
}

/* Jobs, on the session's worker ----------------------------------------------- */

static gpointer
list_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(People) people = g_new0 (People, 1);

  people->recipients = sillok_recipients_list (vault, error);
  if (people->recipients == NULL)
    return NULL;
  people->signers = sillok_trust_list (vault, error);
  if (people->signers == NULL)
    return NULL;
  return g_steal_pointer (&people);
}

static gpointer
add_recipient_job (SillokVault   *vault,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  PeopleArgs *args = data;

  return sillok_recipients_add (vault, args->name, args->value, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
remove_recipient_job (SillokVault   *vault,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  PeopleArgs *args = data;

  return sillok_recipients_remove (vault, args->name, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
trust_job (SillokVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  PeopleArgs *args = data;
  g_autoptr(GFile) file = g_file_new_for_path (args->value);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > PUBLIC_KEY_FILE_MAX)
    {
      g_autofree char *shown = g_filename_display_name (args->value);

      g_set_error (error, SILLOK_TRUST_ERROR, SILLOK_TRUST_ERROR_INVALID,
                   _("%s is too large to be a minisign public key file"), shown);
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, error))
    return NULL;
  return sillok_trust_add (vault, contents, len, args->name, args->role, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
untrust_job (SillokVault   *vault,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  PeopleArgs *args = data;

  return sillok_trust_remove (vault, args->value, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

/* The lists ------------------------------------------------------------------ */

static void
clear_rows (SillokSettingsPage *self)
{
  /* Nothing to clear once the page is disposed. */
  if (self->people_rows == NULL)
    return;
  for (guint i = 0; i < self->people_rows->len; i++)
    {
      GtkWidget *row = self->people_rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->people_rows, 0);
}

static void
add_row (SillokSettingsPage  *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *action,
         const char          *target,
         const char          *remove_label)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "digest");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->people_rows, row);
}

static void
show_people (SillokSettingsPage *self,
             People             *people)
{
  clear_rows (self);
  for (guint i = 0; i < people->recipients->len; i++)
    {
      SillokRecipient *r = people->recipients->pdata[i];
      g_autofree char *label = g_strdup_printf (_("Remove %s"), r->name);

      add_row (self, self->recipients_group, r->name, r->recipient, "settings.remove-recipient", r->name, label);
    }
  for (guint i = 0; i < people->signers->len; i++)
    {
      SillokTrustedSigner *s = people->signers->pdata[i];
      g_autofree char *label = g_strdup_printf (_("Stop trusting %s"), s->name);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", s->key_id,
                                                   g_str_equal (s->role, SILLOK_TRUST_ROLE_COORDINATOR)
                                                     ? _("Coordinator") : _("Interviewer"));

      add_row (self, self->signers_group, s->name, subtitle, "settings.untrust-signer", s->key_id, label);
    }
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SillokSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(People) people = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);

  if (people == NULL)
    {
      if (!g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
        sillok_settings_page_tell (self, _("That Did Not Work"), error->message);
      return;
    }
  /* A lock since the job was queued empties the lists for good. */
  if (self->session != NULL && sillok_session_get_state (self->session) == SILLOK_SESSION_UNLOCKED)
    show_people (self, people);
}

static void
read_people (SillokSettingsPage *self)
{
  if (self->session == NULL)
    return;
  sillok_session_run_async (self->session, list_job, NULL, NULL, (GDestroyNotify) people_free, NULL, listed,
                            g_object_ref (self));
}

void
sillok_settings_page_show_people (SillokSettingsPage *self,
                                  gboolean            unlocked)
{
  g_return_if_fail (SILLOK_IS_SETTINGS_PAGE (self));

  if (self->people_rows == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->recipients_group), unlocked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->signers_group), unlocked);
  /* Called at every change of the session: read only when it unlocks. */
  if (unlocked == self->people_unlocked)
    return;
  self->people_unlocked = unlocked;
  clear_rows (self);
  if (unlocked)
    read_people (self);
}

/* Changes -------------------------------------------------------------------- */

/* FALSE when the change failed, which was said. */
static gboolean
change_finish (SillokSettingsPage *self,
               GObject            *source,
               GAsyncResult       *result)
{
  g_autoptr(GError) error = NULL;

  if (sillok_session_run_finish (SILLOK_SESSION (source), result, &error) == NULL)
    {
      if (!g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
        sillok_settings_page_tell (self, _("That Did Not Work"), error->message);
      return FALSE;
    }
  read_people (self);
  return TRUE;
}

static void
changed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SillokSettingsPage) self = user_data;

  change_finish (self, source, result);
}

static void
recipient_added (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SillokSettingsPage) self = user_data;

  if (self->people_rows == NULL)
    {
      sillok_session_run_finish (SILLOK_SESSION (source), result, NULL);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_recipient_button), TRUE);
  if (!change_finish (self, source, result))
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_key_entry), "");
  adw_expander_row_set_expanded (self->add_recipient_row, FALSE);
}

static void
change (SillokSettingsPage   *self,
        SillokSessionJobFunc  func,
        PeopleArgs           *args,
        GAsyncReadyCallback   callback)
{
  if (self->session == NULL)
    {
      people_args_free (args);
      return;
    }
  sillok_session_run_async (self->session, func, args, (GDestroyNotify) people_args_free, NULL, NULL,
                            callback, g_object_ref (self));
}

void
sillok_settings_page_add_recipient (SillokSettingsPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_name_entry))));
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_key_entry))));

  if (*name == '\0')
    {
      sillok_settings_page_tell (self, _("The Recipient Needs a Name"),
                                 _("Give the coordinator's name, so that you know whom a bundle is for."));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_recipient_button), FALSE);
  change (self, add_recipient_job, people_args (name, key, NULL), recipient_added);
}

void
sillok_settings_page_remove_recipient (SillokSettingsPage *self,
                                       const char         *name)
{
  change (self, remove_recipient_job, people_args (name, NULL, NULL), changed);
}

void
sillok_settings_page_untrust (SillokSettingsPage *self,
                              const char         *key_id)
{
  change (self, untrust_job, people_args (NULL, key_id, NULL), changed);
}

/* Trusting a key: whose it is, and in what role. */

static void
signer_entry_changed (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_first_child (box)))));

  adw_message_dialog_set_response_enabled (dialog, "trust", *name != '\0');
}

static void
signer_response (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  SillokSettingsPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *entry = gtk_widget_get_first_child (box);
  GtkCheckButton *coordinator = GTK_CHECK_BUTTON (gtk_widget_get_last_child (box));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (!g_str_equal (response, "trust") || *name == '\0')
    return;
  change (self, trust_job,
          people_args (name, g_object_get_data (G_OBJECT (dialog), "path"),
                       gtk_check_button_get_active (coordinator) ? SILLOK_TRUST_ROLE_COORDINATOR
                                                                 : SILLOK_TRUST_ROLE_INTERVIEWER),
          changed);
}

void
sillok_settings_page_ask_signer (SillokSettingsPage *self,
                                 const char         *path)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *shown = g_filename_display_basename (path);
  g_autofree char *body = g_strdup_printf (_("Whose signing key is %s? Check its key ID with them before you "
                                             "trust it."), shown);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                                             : NULL,
                                                                         _("Trust a Signing Key"), body));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *interviewer = gtk_check_button_new_with_mnemonic (_("_Interviewer"));
  GtkWidget *coordinator = gtk_check_button_new_with_mnemonic (_("_Coordinator"));

  g_object_set (entry, "placeholder-text", _("Name"), "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (signer_entry_changed), dialog);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (coordinator), GTK_CHECK_BUTTON (interviewer));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (interviewer), TRUE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), interviewer);
  gtk_box_append (GTK_BOX (box), coordinator);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "trust", _("_Trust"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "trust");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "trust", FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (signer_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
