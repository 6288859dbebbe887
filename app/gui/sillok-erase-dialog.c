/* sillok-erase-dialog.c: the emergency erase, with a countdown to cancel it
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-erase-dialog.h"

struct _SillokEraseDialog
{
  AdwMessageDialog parent_instance;

  GtkLabel *countdown_label;

  guint     tick_ms;
  guint     seconds_left;
  guint     tick_id;
};

G_DEFINE_FINAL_TYPE (SillokEraseDialog, sillok_erase_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_SECONDS_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_label (SillokEraseDialog *self)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Erasing in %u second",
                                                        "Erasing in %u seconds", self->seconds_left),
                                           self->seconds_left);

  gtk_label_set_label (self->countdown_label, text);
}

static void
stop (SillokEraseDialog *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
tick_cb (gpointer user_data)
{
  SillokEraseDialog *self = user_data;

  self->seconds_left--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
  if (self->seconds_left > 0)
    {
      update_label (self);
      return G_SOURCE_CONTINUE;
    }
  self->tick_id = 0;
  gtk_label_set_label (self->countdown_label, _("Erasing…"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "erase");
  return G_SOURCE_REMOVE;
}

static void
sillok_erase_dialog_map (GtkWidget *widget)
{
  SillokEraseDialog *self = SILLOK_ERASE_DIALOG (widget);

  GTK_WIDGET_CLASS (sillok_erase_dialog_parent_class)->map (widget);

  /* The countdown runs only while the warning can be seen. */
  if (self->tick_id == 0 && self->seconds_left > 0)
    {
      self->tick_id = g_timeout_add (self->tick_ms, tick_cb, self);
      g_source_set_name_by_id (self->tick_id, "[sillok] erase countdown");
    }
}

/* Runs after the handlers: whatever the answer, and however it came (a
 * button, Escape, the end of the countdown), the dialog goes. */
static void
sillok_erase_dialog_response (AdwMessageDialog *dialog,
                              const char       *response)
{
  AdwMessageDialogClass *parent_class = ADW_MESSAGE_DIALOG_CLASS (sillok_erase_dialog_parent_class);

  stop (SILLOK_ERASE_DIALOG (dialog));
  if (parent_class->response != NULL)
    parent_class->response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
sillok_erase_dialog_dispose (GObject *object)
{
  stop (SILLOK_ERASE_DIALOG (object));

  G_OBJECT_CLASS (sillok_erase_dialog_parent_class)->dispose (object);
}

static void
sillok_erase_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SillokEraseDialog *self = SILLOK_ERASE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SECONDS_LEFT:
      g_value_set_uint (value, self->seconds_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_erase_dialog_class_init (SillokEraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = sillok_erase_dialog_dispose;
  object_class->get_property = sillok_erase_dialog_get_property;
  widget_class->map = sillok_erase_dialog_map;
  dialog_class->response = sillok_erase_dialog_response;

  properties[PROP_SECONDS_LEFT] =
    g_param_spec_uint ("seconds-left", NULL, NULL, 0, SILLOK_ERASE_COUNTDOWN, SILLOK_ERASE_COUNTDOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-erase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokEraseDialog, countdown_label);
}

static void
sillok_erase_dialog_init (SillokEraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tick_ms = 1000;
  self->seconds_left = SILLOK_ERASE_COUNTDOWN;
  update_label (self);
}

SillokEraseDialog *
sillok_erase_dialog_new (GtkWindow *parent,
                         guint      tick_ms)
{
  SillokEraseDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (tick_ms > 0, NULL);

  self = g_object_new (SILLOK_TYPE_ERASE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->tick_ms = tick_ms;
  return self;
}

guint
sillok_erase_dialog_get_seconds_left (SillokEraseDialog *self)
{
  g_return_val_if_fail (SILLOK_IS_ERASE_DIALOG (self), 0);
  return self->seconds_left;
}
