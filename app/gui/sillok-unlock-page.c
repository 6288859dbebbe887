/* sillok-unlock-page.c: the passphrase prompt of a locked vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-gui-util.h"
#include "sillok-unlock-page.h"

/* Often enough for a seconds countdown to look steady. */
#define TICK_MS 250

struct _SillokUnlockPage
{
  AdwBin            parent_instance;

  SillokSession    *session;
  gboolean          busy;
  gboolean          use_recovery_key;
  guint             tick_id;

  AdwStatusPage    *status_page;
  GtkPasswordEntry *entry;
  GtkLabel         *attempts_label;
  GtkLabel         *error_label;
  GtkLabel         *wait_label;
  GtkSpinner       *spinner;
};

G_DEFINE_FINAL_TYPE (SillokUnlockPage, sillok_unlock_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_USE_RECOVERY_KEY,
  N_PROPS
};

enum {
  SIGNAL_ERASED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (SillokUnlockPage *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_attempts (SillokUnlockPage *self)
{
  guint failed = self->session != NULL ? sillok_session_get_failed_attempts (self->session) : 0;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->attempts_label), failed > 0);
  if (failed == 0)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed attempt", "%u failed attempts", failed), failed);
  gtk_label_set_label (self->attempts_label, text);
}

static void stop_ticking (SillokUnlockPage *self);

/* What the wait looks like now; the countdown stops once nothing is left. */
static void
update_wait (SillokUnlockPage *self)
{
  guint delay = self->session != NULL ? sillok_session_get_unlock_delay (self->session) : 0;
  g_autofree char *text = NULL;

  if (self->busy && delay > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Waiting %u second before checking, because of the failed attempts",
                                         "Waiting %u seconds before checking, because of the failed attempts",
                                         delay),
                            delay);
  else if (self->busy)
    text = g_strdup (self->use_recovery_key ? _("Checking the recovery key…") : _("Checking the passphrase…"));
  else if (delay > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The next attempt waits %u second",
                                         "The next attempt waits %u seconds", delay),
                            delay);

  gtk_label_set_label (self->wait_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->wait_label), text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  if (!self->busy && delay == 0)
    stop_ticking (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  SillokUnlockPage *self = user_data;

  update_wait (self);
  return self->tick_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
stop_ticking (SillokUnlockPage *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
start_ticking (SillokUnlockPage *self)
{
  if (self->tick_id == 0)
    {
      self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
      g_source_set_name_by_id (self->tick_id, "[sillok] unlock countdown");
    }
  update_wait (self);
}

/* The one place that decides what can be done and what is shown. */
static void
update_state (SillokUnlockPage *self)
{
  gboolean locked = self->session != NULL && sillok_session_get_state (self->session) == SILLOK_SESSION_LOCKED;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.unlock", locked && !self->busy && *text != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.use-recovery-key", !self->busy);
  if (self->busy)
    sillok_widget_drop_focus (GTK_WIDGET (self->entry));
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), !self->busy);
  update_attempts (self);
  start_ticking (self);
}

static void
set_busy (SillokUnlockPage *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_prompt (SillokUnlockPage *self)
{
  const char *label = self->use_recovery_key ? _("Recovery key") : _("Passphrase");

  adw_status_page_set_description (self->status_page,
                                   self->use_recovery_key
                                   ? _("Enter the recovery key you wrote down: 8 groups of 4 letters and digits.")
                                   : _("Enter your passphrase to open the vault."));
  gtk_password_entry_set_show_peek_icon (self->entry, TRUE);
  g_object_set (self->entry, "placeholder-text", label, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
unlock_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SillokUnlockPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sillok_session_unlock_finish (SILLOK_SESSION (source), result, &error);

  set_busy (self, FALSE);
  if (ok)
    {
      show_error (self, NULL);
      return;
    }
  if (g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_ERASED))
    g_signal_emit (self, signals[SIGNAL_ERASED], 0, error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, NULL);
  else if (g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE))
    show_error (self, self->use_recovery_key
                      ? _("That is not the recovery key of this vault. Check each group of four.")
                      : _("That passphrase is not right."));
  else
    show_error (self, error->message);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
unlock_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SillokUnlockPage *self = SILLOK_UNLOCK_PAGE (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(SillokSecret) secret = NULL;

  if (self->busy || self->session == NULL || *text == '\0'
      || sillok_session_get_state (self->session) != SILLOK_SESSION_LOCKED)
    return;

  /* Out of the widget at once: the field keeps nothing while the attempt runs. */
  secret = sillok_secret_new_from_string (text);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  show_error (self, NULL);
  set_busy (self, TRUE);
  sillok_session_unlock_async (self->session, secret, self->use_recovery_key, unlock_done, g_object_ref (self));
}

static void
entry_activated (SillokUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock.unlock", NULL);
}

static void
sillok_unlock_page_dispose (GObject *object)
{
  SillokUnlockPage *self = SILLOK_UNLOCK_PAGE (object);

  stop_ticking (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_unlock_page_parent_class)->dispose (object);
}

static void
sillok_unlock_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SillokUnlockPage *self = SILLOK_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_USE_RECOVERY_KEY:
      g_value_set_boolean (value, self->use_recovery_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_unlock_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SillokUnlockPage *self = SILLOK_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_USE_RECOVERY_KEY:
      if (self->use_recovery_key == g_value_get_boolean (value))
        break;
      self->use_recovery_key = g_value_get_boolean (value);
      update_prompt (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_unlock_page_class_init (SillokUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_unlock_page_dispose;
  object_class->get_property = sillok_unlock_page_get_property;
  object_class->set_property = sillok_unlock_page_set_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_RECOVERY_KEY] =
    g_param_spec_boolean ("use-recovery-key", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The vault erased itself after too many failed attempts, as its
   * policy asked; the argument says so in words. */
  signals[SIGNAL_ERASED] =
    g_signal_new ("erased", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokUnlockPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, SillokUnlockPage, entry);
  gtk_widget_class_bind_template_child (widget_class, SillokUnlockPage, attempts_label);
  gtk_widget_class_bind_template_child (widget_class, SillokUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SillokUnlockPage, wait_label);
  gtk_widget_class_bind_template_child (widget_class, SillokUnlockPage, spinner);
  /* Named for tests and accessibility checks; the code needs no pointer. */
  gtk_widget_class_bind_template_child_full (widget_class, "unlock_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recovery_check", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "erase_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "verify_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, update_state);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated);

  gtk_widget_class_install_action (widget_class, "unlock.unlock", NULL, unlock_activated);
  gtk_widget_class_install_property_action (widget_class, "unlock.use-recovery-key", "use-recovery-key");
}

static void
sillok_unlock_page_init (SillokUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_prompt (self);
  update_state (self);
}

static void
session_state_changed (SillokUnlockPage *self)
{
  const GError *open_error = sillok_session_get_open_error (self->session);

  if (sillok_session_get_state (self->session) == SILLOK_SESSION_LOCKED && !self->busy)
    show_error (self, open_error != NULL ? open_error->message : NULL);
  update_state (self);
}

void
sillok_unlock_page_set_session (SillokUnlockPage *self,
                                SillokSession    *session)
{
  g_return_if_fail (SILLOK_IS_UNLOCK_PAGE (self));
  g_return_if_fail (!self->busy);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::failed-attempts", G_CALLBACK (update_state), self,
                               G_CONNECT_SWAPPED);
      session_state_changed (self);
    }
  update_state (self);
}

gboolean
sillok_unlock_page_get_busy (SillokUnlockPage *self)
{
  g_return_val_if_fail (SILLOK_IS_UNLOCK_PAGE (self), FALSE);
  return self->busy;
}

void
sillok_unlock_page_reset (SillokUnlockPage *self)
{
  g_return_if_fail (SILLOK_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}
