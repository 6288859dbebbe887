/* sillok-shell.c: the unlocked vault: sidebar and pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"


#include "sillok-archive-page.h"
#include "sillok-import-page.h"
#include "sillok-interviews-page.h"
#include "sillok-settings-page.h"
#include "sillok-shell.h"
#include "sillok-verify-page.h"

struct _SillokShell
{
  AdwBin              parent_instance;

  SillokSession      *session;

  AdwLeaflet         *leaflet;
  GtkListBox         *sidebar_list;
  AdwWindowTitle     *sidebar_title;
  AdwWindowTitle     *content_title;
  GtkStack           *content_stack;
  SillokSettingsPage *settings_page;
  SillokInterviewsPage *interviews_page;
  SillokVerifyPage   *verify_page;
  SillokImportPage   *import_page;
  SillokArchivePage  *archive_page;
  gboolean            was_unlocked;
};

G_DEFINE_FINAL_TYPE (SillokShell, sillok_shell, ADW_TYPE_BIN)

/* Reads the vault only when no worker holds it; forgets at once otherwise. */
static void
session_changed (SillokShell *self)
{
  gboolean unlocked = self->session != NULL
                      && sillok_session_get_state (self->session) == SILLOK_SESSION_UNLOCKED;
  SillokVault *vault = self->session != NULL ? sillok_session_get_vault (self->session) : NULL;

  if (!(unlocked && sillok_session_get_busy (self->session)))
    {
      if (!unlocked)
        vault = NULL;
      adw_window_title_set_subtitle (self->sidebar_title, vault != NULL ? sillok_vault_get_name (vault) : "");
      sillok_settings_page_show_identity (self->settings_page, vault);
    }
  /* Records are read through the session's queue: the list can ask now. */
  if (unlocked != self->was_unlocked)
    {
      self->was_unlocked = unlocked;
      if (unlocked)
        sillok_interviews_page_refresh (self->interviews_page);
      else
        sillok_interviews_page_clear (self->interviews_page);
      if (!unlocked)
        sillok_import_page_clear (self->import_page);
    }
}

void
sillok_shell_flush (SillokShell *self)
{
  g_return_if_fail (SILLOK_IS_SHELL (self));
  sillok_interviews_page_flush (self->interviews_page);
}

SillokArchivePage *
sillok_shell_get_archive_page (SillokShell *self)
{
  g_return_val_if_fail (SILLOK_IS_SHELL (self), NULL);
  return self->archive_page;
}

SillokImportPage *
sillok_shell_get_import_page (SillokShell *self)
{
  g_return_val_if_fail (SILLOK_IS_SHELL (self), NULL);
  return self->import_page;
}

SillokInterviewsPage *
sillok_shell_get_interviews_page (SillokShell *self)
{
  g_return_val_if_fail (SILLOK_IS_SHELL (self), NULL);
  return self->interviews_page;
}

static void
show_page (SillokShell *self,
           const char  *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->content_stack, name);

  if (page == NULL)
    return;
  gtk_stack_set_visible_child (self->content_stack, page);
  adw_window_title_set_title (self->content_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->content_stack, page)));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
sillok_shell_export (SillokShell *self)
{
  g_return_if_fail (SILLOK_IS_SHELL (self));

  show_page (self, "interviews");
  sillok_interviews_page_export (self->interviews_page);
}

/* Bundles dropped anywhere in the unlocked window go to Bundles → Import;
 * over the import page its own target takes them first.  Drops with no
 * .sillok file are refused (nothing else is taken by a drop). */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SillokShell   *self)
{
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GSList) list = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->session == NULL
      || sillok_session_get_state (self->session) != SILLOK_SESSION_UNLOCKED)
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    {
      g_autofree char *name = g_file_get_basename (l->data);

      if (name != NULL && g_str_has_suffix (name, ".sillok"))
        g_list_store_append (files, l->data);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (files)) == 0)
    return FALSE;
  show_page (self, "bundles");
  sillok_import_page_add_files (self->import_page, G_LIST_MODEL (files));
  return TRUE;
}

static void
row_activated (SillokShell   *self,
               GtkListBoxRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "shell.show-page", "s", gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_page (SILLOK_SHELL (widget), g_variant_get_string (parameter, NULL));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  adw_leaflet_navigate (SILLOK_SHELL (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sillok_shell_dispose (GObject *object)
{
  SillokShell *self = SILLOK_SHELL (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_shell_parent_class)->dispose (object);
}

static void
sillok_shell_class_init (SillokShellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_shell_dispose;

  g_type_ensure (SILLOK_TYPE_SETTINGS_PAGE);
  g_type_ensure (SILLOK_TYPE_INTERVIEWS_PAGE);
  g_type_ensure (SILLOK_TYPE_VERIFY_PAGE);
  g_type_ensure (SILLOK_TYPE_IMPORT_PAGE);
  g_type_ensure (SILLOK_TYPE_ARCHIVE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-shell.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokShell, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, content_title);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, settings_page);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, interviews_page);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, verify_page);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, import_page);
  gtk_widget_class_bind_template_child (widget_class, SillokShell, archive_page);
  /* Named for tests and accessibility checks; the code needs no pointer. */
  gtk_widget_class_bind_template_child_full (widget_class, "lock_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sidebar_lock_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);

  gtk_widget_class_install_action (widget_class, "shell.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "shell.back", NULL, back_activated);
}

static void
sillok_shell_init (SillokShell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* What was imported shows in the archive at once. */
  g_signal_connect_object (self->import_page, "imported", G_CALLBACK (sillok_archive_page_refresh),
                           self->archive_page, G_CONNECT_SWAPPED);
  show_page (self, "interviews");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  {
    GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  }
}

void
sillok_shell_set_session (SillokShell   *self,
                          SillokSession *session)
{
  g_return_if_fail (SILLOK_IS_SHELL (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  sillok_interviews_page_set_session (self->interviews_page, session);
  sillok_settings_page_set_session (self->settings_page, session);
  sillok_verify_page_set_session (self->verify_page, session);
  sillok_import_page_set_session (self->import_page, session);
  sillok_archive_page_set_session (self->archive_page, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (session_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::busy", G_CALLBACK (session_changed), self, G_CONNECT_SWAPPED);
    }
  session_changed (self);
}

SillokVerifyPage *
sillok_shell_get_verify_page (SillokShell *self)
{
  g_return_val_if_fail (SILLOK_IS_SHELL (self), NULL);
  return self->verify_page;
}

const char *
sillok_shell_get_page_name (SillokShell *self)
{
  g_return_val_if_fail (SILLOK_IS_SHELL (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}
