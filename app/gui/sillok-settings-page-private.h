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
  AdwPreferencesGroup *recipients_group;
  AdwPreferencesGroup *signers_group;
  AdwExpanderRow    *add_recipient_row;
  AdwEntryRow       *recipient_name_entry;
  AdwEntryRow       *recipient_key_entry;
  GtkButton         *add_recipient_button;
  GPtrArray         *people_rows;   /* the rows of recipients and signers shown */
  gboolean           people_unlocked;
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
/* A message dialog with a Close button. */
void sillok_settings_page_tell               (SillokSettingsPage   *self,
                                              const char           *heading,
                                              const char           *body);

/* Recipients and trusted signers (sillok-settings-people.c): the lists are
 * read from the vault when the session unlocks, emptied when it locks. */
void sillok_settings_page_show_people        (SillokSettingsPage   *self,
                                              gboolean              unlocked);
/* Adds the recipient typed in the add row (the core checks the age1… key). */
void sillok_settings_page_add_recipient      (SillokSettingsPage   *self);
void sillok_settings_page_remove_recipient   (SillokSettingsPage   *self,
                                              const char           *name);
/* Asks whose key the .pub file at @path is, and its role, then trusts it. */
void sillok_settings_page_ask_signer         (SillokSettingsPage   *self,
                                              const char           *path);
void sillok_settings_page_untrust            (SillokSettingsPage   *self,
                                              const char           *key_id);

G_END_DECLS
