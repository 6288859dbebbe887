/* sillok-setup-page.c: the first run: create a vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-gui-util.h"
#include "sillok-setup-page.h"

struct _SillokSetupPage
{
  AdwBin            parent_instance;

  SillokSession    *session;
  gboolean          busy;

  GtkWidget        *form;
  AdwEntryRow      *name_row;
  GtkPasswordEntry *passphrase_entry;
  GtkPasswordEntry *confirm_entry;
  GtkLevelBar      *strength_bar;
  GtkLabel         *strength_label;
  GtkLabel         *mismatch_label;
  GtkCheckButton   *interactive_check;
  GtkCheckButton   *moderate_check;
  GtkCheckButton   *sensitive_check;
  GtkLabel         *error_label;
  GtkSpinner       *spinner;
  GtkLabel         *status_label;
};

G_DEFINE_FINAL_TYPE (SillokSetupPage, sillok_setup_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
entry_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static gboolean
name_given (SillokSetupPage *self)
{
  for (const char *p = entry_text (self->name_row); *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
passphrases_match (SillokSetupPage *self)
{
  return strcmp (entry_text (self->passphrase_entry), entry_text (self->confirm_entry)) == 0;
}

static gboolean
form_ready (SillokSetupPage *self)
{
  return !self->busy && self->session != NULL
         && sillok_session_get_state (self->session) == SILLOK_SESSION_NO_VAULT && name_given (self)
         && *entry_text (self->passphrase_entry) != '\0' && passphrases_match (self);
}

/* The one place that decides what can be done and what is shown. */
static void
update_state (SillokSetupPage *self)
{
  gboolean typed_confirm = *entry_text (self->confirm_entry) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.create", form_ready (self));
  gtk_widget_set_visible (GTK_WIDGET (self->mismatch_label), typed_confirm && !passphrases_match (self));
  if (self->busy)
    sillok_widget_drop_focus (self->form);
  gtk_widget_set_sensitive (self->form, !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->busy);
}

static void
update_strength (SillokSetupPage *self)
{
  SillokStrength strength;

  sillok_strength_estimate (entry_text (self->passphrase_entry), &strength);
  gtk_level_bar_set_value (self->strength_bar, strength.level);
  gtk_label_set_label (self->strength_label, sillok_strength_hint_to_string (strength.hint));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->strength_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  sillok_strength_hint_to_string (strength.hint), -1);
}

static void
passphrase_changed (SillokSetupPage *self)
{
  update_strength (self);
  update_state (self);
}

static void
set_busy (SillokSetupPage *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static SillokKdfPreset
chosen_preset (SillokSetupPage *self)
{
  if (gtk_check_button_get_active (self->interactive_check))
    return SILLOK_KDF_INTERACTIVE;
  if (gtk_check_button_get_active (self->sensitive_check))
    return SILLOK_KDF_SENSITIVE;
  return SILLOK_KDF_MODERATE;
}

static void
create_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SillokSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!sillok_session_create_finish (SILLOK_SESSION (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The vault could not be created: %s"), error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  sillok_setup_page_clear (self);
}

static void
create_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SillokSetupPage *self = SILLOK_SETUP_PAGE (widget);
  g_autoptr(SillokSecret) passphrase = NULL;
  g_autofree char *name = NULL;

  if (!form_ready (self))
    return;

  name = g_strstrip (g_strdup (entry_text (self->name_row)));
  passphrase = sillok_secret_new_from_string (entry_text (self->passphrase_entry));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  sillok_session_create_async (self->session, name, passphrase, chosen_preset (self), create_done,
                               g_object_ref (self));
}

static void
confirm_activated (SillokSetupPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "setup.create", NULL);
}

static void
sillok_setup_page_dispose (GObject *object)
{
  SillokSetupPage *self = SILLOK_SETUP_PAGE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_setup_page_parent_class)->dispose (object);
}

static void
sillok_setup_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SillokSetupPage *self = SILLOK_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_setup_page_class_init (SillokSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_setup_page_dispose;
  object_class->get_property = sillok_setup_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, form);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, mismatch_label);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, interactive_check);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, moderate_check);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, sensitive_check);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SillokSetupPage, status_label);
  /* Named for tests and accessibility checks; the code needs no pointer. */
  gtk_widget_class_bind_template_child_full (widget_class, "create_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "verify_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_state);
  gtk_widget_class_bind_template_callback (widget_class, confirm_activated);

  gtk_widget_class_install_action (widget_class, "setup.create", NULL, create_activated);
}

static void
sillok_setup_page_init (SillokSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, SILLOK_STRENGTH_WEAK);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, SILLOK_STRENGTH_GOOD);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, SILLOK_STRENGTH_STRONG);
  update_strength (self);
  update_state (self);
}

void
sillok_setup_page_set_session (SillokSetupPage *self,
                               SillokSession   *session)
{
  g_return_if_fail (SILLOK_IS_SETUP_PAGE (self));
  g_return_if_fail (!self->busy);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);
}

gboolean
sillok_setup_page_get_busy (SillokSetupPage *self)
{
  g_return_val_if_fail (SILLOK_IS_SETUP_PAGE (self), FALSE);
  return self->busy;
}

void
sillok_setup_page_clear (SillokSetupPage *self)
{
  g_return_if_fail (SILLOK_IS_SETUP_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_check_button_set_active (self->moderate_check, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}
