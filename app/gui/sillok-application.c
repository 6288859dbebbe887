/* sillok-application.c: the single-instance GTK application
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok.h"
#include "sillok-application.h"
#include "sillok-resources.h"
#include "sillok-window.h"

struct _SillokApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SillokApplication, sillok_application, ADW_TYPE_APPLICATION)

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing, not destroying: each window locks and releases its vault. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (parent,
                         "application-name", _("Sillok"),
                         "application-icon", SILLOK_APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Sillok authors"),
                         "comments", _("Secure, offline collection of testimony"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

static void
sillok_application_startup (GApplication *app)
{
  static const char *lock_accels[] = { "<Control>l", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const struct { const char *action; const char *accel; } accels[] = {
    { "interviews.new-interview", "<Control>n" },
    { "interviews.search", "<Control>f" },
    { "interviews.back", "<Alt>Left" },
    { "win.export", "<Control>e" },
    { "editor.save", "<Control>s" },
    { "narrative.redact-selection", "<Control>r" },
    { "narrative.unredact-selection", "<Shift><Control>r" },
    { "shell.show-page::settings", "<Control>comma" },
  };

  G_APPLICATION_CLASS (sillok_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.lock", lock_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      const char *list[] = { accels[i].accel, NULL };
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, list);
    }
  gtk_window_set_default_icon_name (SILLOK_APP_ID);
}

static void
sillok_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (sillok_window_new (SILLOK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
sillok_application_class_init (SillokApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = sillok_application_startup;
  app_class->activate = sillok_application_activate;

  /* Before any template or style sheet is looked up. */
  sillok_register_resource ();
}

static void
sillok_application_init (SillokApplication *self)
{
}

SillokApplication *
sillok_application_new (void)
{
  return g_object_new (SILLOK_TYPE_APPLICATION,
                       "application-id", SILLOK_APP_ID,
                       "resource-base-path", "/org/sillok/Sillok",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

void
sillok_application_apply_language (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *language = NULL;

  schema = source != NULL ? g_settings_schema_source_lookup (source, SILLOK_APP_ID, TRUE) : NULL;
  if (schema == NULL)
    return;
  settings = g_settings_new (SILLOK_APP_ID);
  language = g_settings_get_string (settings, "language");
  /* glibc honours LANGUAGE in any locale but plain C/POSIX. */
  if (*language != '\0')
    g_setenv ("LANGUAGE", language, TRUE);
}
