/* sillok-recovery-page.c: the recovery key, shown once after creation
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-recovery-page.h"

struct _SillokRecoveryPage
{
  AdwBin          parent_instance;

  SillokSession  *session;
  gboolean        has_key;
  /* Bumped by every clear so that a key made meanwhile is dropped. */
  guint           generation;

  GtkStack       *key_stack;
  GtkLabel       *key_label;
  GtkLabel       *error_label;
  GtkCheckButton *confirm_check;
};

G_DEFINE_FINAL_TYPE (SillokRecoveryPage, sillok_recovery_page, ADW_TYPE_BIN)

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SillokRecoveryPage *page;
  guint               generation;
} Request;

static void
update_actions (SillokRecoveryPage *self)
{
  gboolean error_shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->key_stack), "error") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.continue",
                                 self->has_key && gtk_check_button_get_active (self->confirm_check));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.retry", error_shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_check), self->has_key);
}

/* Two lines of four groups are easier to copy by hand than one long line. */
static void
show_key (SillokRecoveryPage *self,
          SillokSecret       *key)
{
  g_autoptr(SillokSecret) shown = sillok_secret_dup (key);
  char *text = (char *) sillok_secret_get_data (shown);
  gsize half = sillok_secret_get_length (shown) / 2;

  if (sillok_secret_get_length (shown) % 2 == 1 && text[half] == '-')
    text[half] = '\n';
  gtk_label_set_label (self->key_label, text);
}

static void
key_made (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(SillokRecoveryPage) self = request->page;
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  gboolean current = request->generation == self->generation;

  g_free (request);
  key = sillok_session_add_recovery_key_finish (SILLOK_SESSION (source), result, &error);
  if (!current)
    return;
  if (key == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The recovery key could not be made: %s"), error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_stack_set_visible_child_name (self->key_stack, "error");
      update_actions (self);
      return;
    }
  show_key (self, key);
  self->has_key = TRUE;
  gtk_stack_set_visible_child_name (self->key_stack, "key");
  update_actions (self);
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  sillok_recovery_page_start (SILLOK_RECOVERY_PAGE (widget));
}

static void
continue_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SillokRecoveryPage *self = SILLOK_RECOVERY_PAGE (widget);

  if (!self->has_key || !gtk_check_button_get_active (self->confirm_check))
    return;
  sillok_recovery_page_clear (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
sillok_recovery_page_dispose (GObject *object)
{
  SillokRecoveryPage *self = SILLOK_RECOVERY_PAGE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_recovery_page_parent_class)->dispose (object);
}

static void
sillok_recovery_page_class_init (SillokRecoveryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_recovery_page_dispose;

  /* The user has written the key down and wants to go on. */
  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-recovery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokRecoveryPage, key_stack);
  gtk_widget_class_bind_template_child (widget_class, SillokRecoveryPage, key_label);
  gtk_widget_class_bind_template_child (widget_class, SillokRecoveryPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SillokRecoveryPage, confirm_check);
  /* Named for tests and accessibility checks; the code needs no pointer. */
  gtk_widget_class_bind_template_child_full (widget_class, "continue_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);

  gtk_widget_class_install_action (widget_class, "recovery.continue", NULL, continue_activated);
  gtk_widget_class_install_action (widget_class, "recovery.retry", NULL, retry_activated);
}

static void
sillok_recovery_page_init (SillokRecoveryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

void
sillok_recovery_page_set_session (SillokRecoveryPage *self,
                                  SillokSession      *session)
{
  g_return_if_fail (SILLOK_IS_RECOVERY_PAGE (self));
  g_set_object (&self->session, session);
}

void
sillok_recovery_page_start (SillokRecoveryPage *self)
{
  Request *request;

  g_return_if_fail (SILLOK_IS_RECOVERY_PAGE (self));
  g_return_if_fail (self->session != NULL);

  sillok_recovery_page_clear (self);
  request = g_new0 (Request, 1);
  request->page = g_object_ref (self);
  request->generation = self->generation;
  sillok_session_add_recovery_key_async (self->session, key_made, request);
}

void
sillok_recovery_page_clear (SillokRecoveryPage *self)
{
  g_return_if_fail (SILLOK_IS_RECOVERY_PAGE (self));

  self->generation++;
  self->has_key = FALSE;
  gtk_label_set_label (self->key_label, "");
  gtk_label_set_label (self->error_label, "");
  gtk_check_button_set_active (self->confirm_check, FALSE);
  gtk_stack_set_visible_child_name (self->key_stack, "working");
  update_actions (self);
}

gboolean
sillok_recovery_page_has_key (SillokRecoveryPage *self)
{
  g_return_val_if_fail (SILLOK_IS_RECOVERY_PAGE (self), FALSE);
  return self->has_key;
}
