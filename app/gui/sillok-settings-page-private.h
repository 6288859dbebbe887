/* sillok-settings-page-private.h: what the settings page's files share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-settings-page.h"

G_BEGIN_DECLS

struct _SillokSettingsPage
{
  AdwPreferencesPage parent_instance;

  GSettings         *settings;
  SillokSession     *session;
  gboolean           loading;
  SillokSecret      *import_secret;
  char              *import_path;

  AdwActionRow      *name_row;
  AdwActionRow      *key_id_row;
  AdwActionRow      *recipient_row;
  GtkSpinButton     *auto_lock_spin;
  GtkSpinButton     *erase_after_spin;
  GtkSwitch         *names_switch;
  AdwComboRow       *language_row;
};

void sillok_settings_page_choose_file        (SillokSettingsPage   *self,
                                              const char           *purpose,
                                              GtkFileChooserAction  action,
                                              const char           *title,
                                              const char           *name);
/* What to do with the file chosen for @purpose. */
void sillok_settings_page_file_chosen        (SillokSettingsPage   *self,
                                              const char           *purpose,
                                              const char           *path);
void sillok_settings_page_write_public_key   (SillokSettingsPage   *self,
                                              const char           *path);
void sillok_settings_page_confirm_replace    (SillokSettingsPage   *self);
void sillok_settings_page_ask_new_passphrase (SillokSettingsPage   *self);
void sillok_settings_page_set_erase_after    (SillokSettingsPage   *self,
                                              guint                 attempts);

G_END_DECLS
