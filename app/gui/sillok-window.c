/* sillok-window.c: the main window: first run, unlock and the vault's pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-erase-dialog.h"
#include "sillok-idle.h"
#include "sillok-idle-monitor.h"
#include "sillok-recovery-page.h"
#include "sillok-setup-page.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"
#include "sillok-verify-page.h"
#include "sillok-window-private.h"

struct _SillokWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  SillokSession        *session;
  SillokSessionState    last_state;
  SillokIdleMonitor    *idle_monitor;
  gint64                idle_timeout_override; /* -1: follow the setting */
  SillokEraseDialog    *erase_dialog;          /* weak */
  guint                 erase_tick_ms;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  SillokSetupPage      *setup_page;
  SillokRecoveryPage   *recovery_page;
  SillokUnlockPage     *unlock_page;
  SillokVerifyPage     *verify_page;
  SillokShell          *shell;
};

G_DEFINE_FINAL_TYPE (SillokWindow, sillok_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (SillokWindow *self,
       const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The one place that decides which window actions can be used. */
static void
update_actions (SillokWindow *self)
{
  SillokSessionState state = sillok_session_get_state (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", state == SILLOK_SESSION_UNLOCKED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.emergency-erase",
                                 state != SILLOK_SESSION_NO_VAULT && self->erase_dialog == NULL);
  /* Without a vault open, a bundle is verified with the keys given. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.verify-bundle", state != SILLOK_SESSION_UNLOCKED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-verify",
                                 g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "verify") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", state == SILLOK_SESSION_UNLOCKED);
}

static void
update_idle_timeout (SillokWindow *self)
{
  gint64 timeout = self->idle_timeout_override;

  if (timeout < 0)
    timeout = sillok_idle_timeout_from_minutes (g_settings_get_uint (self->settings, "auto-lock-minutes"));
  sillok_idle_monitor_set_timeout (self->idle_monitor, timeout);
}

/* The page just left had the focus (the passphrase, the recovery key):
 * the keyboard starts again in the interviews list, where Ctrl+F and
 * Ctrl+N work, instead of nowhere. */
static void
focus_shell (SillokWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->shell)))
    gtk_widget_child_focus (GTK_WIDGET (sillok_shell_get_interviews_page (self->shell)), GTK_DIR_TAB_FORWARD);
}

static void
show_page (SillokWindow *self,
           const char   *name)
{
  /* Leaving the page forgets the keys given and what they opened. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "verify") == 0 && !g_str_equal (name, "verify"))
    sillok_verify_page_reset (self->verify_page);
  gtk_stack_set_visible_child_name (self->stack, name);
  if (g_str_equal (name, "unlock"))
    sillok_unlock_page_reset (self->unlock_page);
  if (g_str_equal (name, "shell"))
    focus_shell (self);
  update_actions (self);
}

/* TRUE if @window is a dialog of @self, or a dialog of one of its dialogs. */
static gboolean
belongs_to (GtkWindow    *window,
            SillokWindow *self)
{
  for (GtkWindow *parent = gtk_window_get_transient_for (window); parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    if (parent == GTK_WINDOW (self))
      return TRUE;
  return FALSE;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* Ctrl+L in a dialog of the window locks the window's vault: the dialogs
 * are no application windows, so the application's accelerator for
 * win.lock does not reach them. */
static gboolean
lock_from_dialog (GtkWidget *dialog,
                  GVariant  *args,
                  gpointer   user_data)
{
  g_autoptr(SillokWindow) self = g_weak_ref_get (user_data);

  if (self == NULL || !belongs_to (GTK_WINDOW (dialog), self))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "win.lock", NULL);
}

static void
toplevels_changed (GListModel   *toplevels,
                   guint         position,
                   guint         removed,
                   guint         added,
                   SillokWindow *self)
{
  g_autofree char *key = g_strdup_printf ("sillok-lock-shortcut-%p", (void *) self);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkEventController *controller;
      GWeakRef *ref;

      if (window == GTK_WIDGET (self) || g_object_get_data (G_OBJECT (window), key) != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), key, GINT_TO_POINTER (TRUE));
      ref = g_new0 (GWeakRef, 1);
      g_weak_ref_init (ref, self);
      controller = gtk_shortcut_controller_new ();
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK),
                                                              gtk_callback_action_new (lock_from_dialog, ref,
                                                                                       (GDestroyNotify) weak_ref_free)));
      gtk_widget_add_controller (window, controller);
    }
}

/* Locked or gone: the window's dialogs close, whatever they show (a new
 * recovery key, an export's records, a seal preview).  The erase
 * countdown goes on, and a file chooser shows no testimony and answers
 * its owner. */
static void
close_dialogs (SillokWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *help = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)));
  GtkWindow *dialog;

  /* One at a time, looking again after each: closing a dialog can close
   * the dialogs it owns. */
  do
    {
      dialog = NULL;
      for (guint i = 0; dialog == NULL && i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (window != GTK_WINDOW (self) && window != GTK_WINDOW (self->erase_dialog) && window != help
              && !GTK_IS_FILE_CHOOSER (window) && belongs_to (window, self))
            dialog = window;
        }
      if (dialog != NULL)
        {
          /* Focus out first: GTK 4.8 leaves a focused password entry's
           * text telling the entry, already gone, that it lost focus. */
          gtk_window_set_focus (dialog, NULL);
          gtk_window_destroy (dialog);
        }
    }
  while (dialog != NULL);
}

static void
session_state_changed (SillokWindow *self)
{
  SillokSessionState state = sillok_session_get_state (self->session);
  SillokSessionState previous = self->last_state;

  self->last_state = state;
  if (previous == SILLOK_SESSION_UNLOCKED && state != SILLOK_SESSION_UNLOCKED)
    close_dialogs (self);
  switch (state)
    {
    case SILLOK_SESSION_NO_VAULT:
      sillok_recovery_page_clear (self->recovery_page);
      show_page (self, "setup");
      break;
    case SILLOK_SESSION_LOCKED:
      sillok_recovery_page_clear (self->recovery_page);
      show_page (self, "unlock");
      break;
    case SILLOK_SESSION_UNLOCKED:
    default:
      /* A vault that was not there a moment ago was just created: its
       * recovery key comes first. */
      if (previous == SILLOK_SESSION_NO_VAULT)
        {
          show_page (self, "recovery");
          sillok_recovery_page_start (self->recovery_page);
        }
      else
        show_page (self, "shell");
      break;
    }
  if ((state == SILLOK_SESSION_UNLOCKED) != sillok_idle_monitor_get_active (self->idle_monitor))
    sillok_idle_monitor_set_active (self->idle_monitor, state == SILLOK_SESSION_UNLOCKED);
  update_actions (self);
}

static void
recovery_done (SillokWindow *self)
{
  if (sillok_session_get_state (self->session) == SILLOK_SESSION_UNLOCKED)
    show_page (self, "shell");
}

static void
unlock_erased (SillokWindow *self,
               const char   *message)
{
  toast (self, message);
}

/* Edits typed a moment ago are queued first: the lock waits for them. */
static void
lock_now (SillokWindow *self)
{
  sillok_shell_flush (self->shell);
  sillok_session_lock (self->session);
}

static void
idle_cb (SillokWindow *self)
{
  lock_now (self);
}

static void
lock_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lock_now (SILLOK_WINDOW (widget));
}

static void
verify_bundle_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SillokWindow *self = SILLOK_WINDOW (widget);

  if (sillok_session_get_state (self->session) == SILLOK_SESSION_UNLOCKED)
    return;
  show_page (self, "verify");
  gtk_widget_grab_focus (GTK_WIDGET (self->verify_page));
}

static void
close_verify_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SillokWindow *self = SILLOK_WINDOW (widget);

  switch (sillok_session_get_state (self->session))
    {
    case SILLOK_SESSION_NO_VAULT:
      show_page (self, "setup");
      break;
    case SILLOK_SESSION_LOCKED:
      show_page (self, "unlock");
      break;
    case SILLOK_SESSION_UNLOCKED:
    default:
      show_page (self, "shell");
      break;
    }
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SillokWindow *self = SILLOK_WINDOW (widget);

  if (sillok_session_get_state (self->session) == SILLOK_SESSION_UNLOCKED)
    sillok_shell_export (self->shell);
}

static void
erase_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SillokWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (sillok_session_erase_finish (SILLOK_SESSION (source), result, &error))
    {
      toast (self, _("The vault was erased. Nothing in it can be read any more."));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("The Vault Could Not Be Erased"),
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
erase_response (SillokWindow      *self,
                const char        *response,
                SillokEraseDialog *dialog)
{
  if (g_str_equal (response, "erase"))
    sillok_session_erase_async (self->session, erase_done, g_object_ref (self));
}

static void
erase_dialog_destroyed (SillokWindow *self)
{
  /* The weak pointer would clear itself only later in the dispose. */
  g_clear_weak_pointer (&self->erase_dialog);
  update_actions (self);
}

static void
emergency_erase_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SillokWindow *self = SILLOK_WINDOW (widget);
  SillokEraseDialog *dialog;

  if (self->erase_dialog != NULL || sillok_session_get_state (self->session) == SILLOK_SESSION_NO_VAULT)
    return;
  dialog = sillok_erase_dialog_new (GTK_WINDOW (self), self->erase_tick_ms);
  g_set_weak_pointer (&self->erase_dialog, dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (erase_dialog_destroyed), self, G_CONNECT_SWAPPED);
  update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_window_state (SillokWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static void
release_when_done (SillokSession *session,
                   GParamSpec    *pspec,
                   GApplication  *app)
{
  if (sillok_session_get_busy (session))
    return;
  g_signal_handlers_disconnect_by_func (session, release_when_done, app);
  g_application_release (app);
  g_object_unref (app);
}

static gboolean
sillok_window_close_request (GtkWindow *window)
{
  SillokWindow *self = SILLOK_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);

  save_window_state (self);
  sillok_shell_flush (self->shell);
  sillok_session_close (self->session);
  /* A worker still holds the vault: keep the process until it lets go,
   * so that the vault is closed and its lock released cleanly. */
  if (sillok_session_get_busy (self->session) && app != NULL)
    {
      g_application_hold (G_APPLICATION (app));
      g_signal_connect (self->session, "notify::busy", G_CALLBACK (release_when_done), g_object_ref (app));
    }
  return GTK_WINDOW_CLASS (sillok_window_parent_class)->close_request (window);
}

static void
sillok_window_constructed (GObject *object)
{
  SillokWindow *self = SILLOK_WINDOW (object);
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (sillok_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  path = g_settings_get_string (self->settings, "vault-path");
  if (*path == '\0')
    {
      g_free (path);
      path = sillok_vault_default_path ();
    }
  self->session = sillok_session_new (path);
  self->last_state = sillok_session_get_state (self->session);

  sillok_setup_page_set_session (self->setup_page, self->session);
  sillok_recovery_page_set_session (self->recovery_page, self->session);
  sillok_unlock_page_set_session (self->unlock_page, self->session);
  sillok_shell_set_session (self->shell, self->session);

  self->idle_monitor = sillok_idle_monitor_new (GTK_WIDGET (self));
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (toplevels_changed), self, 0);
  toplevels_changed (gtk_window_get_toplevels (), 0, 0, g_list_model_get_n_items (gtk_window_get_toplevels ()), self);
  g_signal_connect_object (self->idle_monitor, "idle", G_CALLBACK (idle_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::auto-lock-minutes", G_CALLBACK (update_idle_timeout), self,
                           G_CONNECT_SWAPPED);
  update_idle_timeout (self);

  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_changed), self,
                           G_CONNECT_SWAPPED);
  session_state_changed (self);
}

static void
sillok_window_dispose (GObject *object)
{
  SillokWindow *self = SILLOK_WINDOW (object);

  if (self->erase_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->erase_dialog));
  g_clear_weak_pointer (&self->erase_dialog);
  g_clear_object (&self->idle_monitor);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      if (self->shell != NULL)
        sillok_shell_flush (self->shell);
      sillok_session_close (self->session);
    }
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_window_parent_class)->dispose (object);
}

static void
sillok_window_finalize (GObject *object)
{
  SillokWindow *self = SILLOK_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sillok_window_parent_class)->finalize (object);
}

static void
sillok_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SillokWindow *self = SILLOK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_window_class_init (SillokWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sillok_window_constructed;
  object_class->dispose = sillok_window_dispose;
  object_class->finalize = sillok_window_finalize;
  object_class->get_property = sillok_window_get_property;
  window_class->close_request = sillok_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SILLOK_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SILLOK_TYPE_SETUP_PAGE);
  g_type_ensure (SILLOK_TYPE_RECOVERY_PAGE);
  g_type_ensure (SILLOK_TYPE_UNLOCK_PAGE);
  g_type_ensure (SILLOK_TYPE_SHELL);
  g_type_ensure (SILLOK_TYPE_VERIFY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SillokWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SillokWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, SillokWindow, recovery_page);
  gtk_widget_class_bind_template_child (widget_class, SillokWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, SillokWindow, verify_page);
  gtk_widget_class_bind_template_child (widget_class, SillokWindow, shell);
  gtk_widget_class_bind_template_child_full (widget_class, "verify_back_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, recovery_done);
  gtk_widget_class_bind_template_callback (widget_class, unlock_erased);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_activated);
  gtk_widget_class_install_action (widget_class, "win.emergency-erase", NULL, emergency_erase_activated);
  gtk_widget_class_install_action (widget_class, "win.verify-bundle", NULL, verify_bundle_activated);
  gtk_widget_class_install_action (widget_class, "win.close-verify", NULL, close_verify_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.close-verify", NULL);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_activated);
}

static void
sillok_window_init (SillokWindow *self)
{
  self->settings = g_settings_new (SILLOK_APP_ID);
  self->idle_timeout_override = -1;
  self->erase_tick_ms = 1000;
  gtk_widget_init_template (GTK_WIDGET (self));
}

SillokWindow *
sillok_window_new (SillokApplication *application)
{
  g_return_val_if_fail (SILLOK_IS_APPLICATION (application), NULL);
  return g_object_new (SILLOK_TYPE_WINDOW, "application", application, NULL);
}

SillokSession *
sillok_window_get_session (SillokWindow *self)
{
  g_return_val_if_fail (SILLOK_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
sillok_window_get_page_name (SillokWindow *self)
{
  g_return_val_if_fail (SILLOK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

SillokIdleMonitor *
sillok_window_get_idle_monitor (SillokWindow *self)
{
  g_return_val_if_fail (SILLOK_IS_WINDOW (self), NULL);
  return self->idle_monitor;
}

SillokEraseDialog *
sillok_window_get_erase_dialog (SillokWindow *self)
{
  g_return_val_if_fail (SILLOK_IS_WINDOW (self), NULL);
  return self->erase_dialog;
}

void
sillok_window_set_idle_timeout (SillokWindow *self,
                                gint64        timeout)
{
  g_return_if_fail (SILLOK_IS_WINDOW (self));

  self->idle_timeout_override = MAX (timeout, 0);
  update_idle_timeout (self);
}

void
sillok_window_set_erase_tick (SillokWindow *self,
                              guint         msec)
{
  g_return_if_fail (SILLOK_IS_WINDOW (self));
  g_return_if_fail (msec > 0);
  self->erase_tick_ms = msec;
}
