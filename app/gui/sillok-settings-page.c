/* sillok-settings-page.c: identity, automatic locking and language
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"


#include "sillok-settings-page.h"

struct _SillokSettingsPage
{
  AdwPreferencesPage parent_instance;

  GSettings         *settings;

  AdwActionRow      *name_row;
  AdwActionRow      *key_id_row;
  AdwActionRow      *recipient_row;
  GtkSpinButton     *auto_lock_spin;
  AdwComboRow       *language_row;
};

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
sillok_settings_page_dispose (GObject *object)
{
  SillokSettingsPage *self = SILLOK_SETTINGS_PAGE (object);

  g_clear_object (&self->settings);

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
}

static void
sillok_settings_page_init (SillokSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SILLOK_APP_ID);
  g_settings_bind (self->settings, "auto-lock-minutes", self->auto_lock_spin, "value", G_SETTINGS_BIND_DEFAULT);
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
}
