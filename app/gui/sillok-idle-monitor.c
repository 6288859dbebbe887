/* sillok-idle-monitor.c: notices when nobody has used a window for a while
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <time.h>

#include "sillok-idle.h"
#include "sillok-idle-monitor.h"

/* Checks come at least this often, so that time spent suspended, which
 * the main loop's clock skips, still counts as idle time once resumed. */
#define CHECK_INTERVAL_MS 1000

struct _SillokIdleMonitor
{
  GObject             parent_instance;

  GtkWidget          *widget;     /* weak */
  GtkEventController *controller; /* owned by the widget */
  char               *watched;    /* data key marking the other windows watched */
  gint64              timeout;
  gint64              last_input;
  gboolean            active;
  guint               check_id;
};

G_DEFINE_FINAL_TYPE (SillokIdleMonitor, sillok_idle_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* CLOCK_BOOTTIME keeps counting while the laptop sleeps. */
static gint64
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_BOOTTIME, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void schedule (SillokIdleMonitor *self);

static gboolean
check_cb (gpointer user_data)
{
  SillokIdleMonitor *self = user_data;
  gint64 left = sillok_idle_time_left (self->last_input, now_us (), self->timeout);

  self->check_id = 0;
  if (left != 0)
    {
      schedule (self);
      return G_SOURCE_REMOVE;
    }
  self->active = FALSE;
  g_signal_emit (self, signals[SIGNAL_IDLE], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule (SillokIdleMonitor *self)
{
  gint64 left;

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (!self->active)
    return;
  left = sillok_idle_time_left (self->last_input, now_us (), self->timeout);
  if (left < 0)
    return;
  self->check_id = g_timeout_add (MIN (left / 1000 + 1, CHECK_INTERVAL_MS), check_cb, self);
  g_source_set_name_by_id (self->check_id, "[sillok] idle check");
}

/* TRUE for input that shows somebody is at the keyboard. */
static gboolean
is_input (GdkEvent *event)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          SillokIdleMonitor        *self)
{
  if (is_input (event))
    self->last_input = now_us ();
  return GDK_EVENT_PROPAGATE;
}

/* Input in a dialog of the window (or a dialog of one of its dialogs)
 * counts as input in the window: filling the export dialog is work. */
static gboolean
dialog_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 SillokIdleMonitor        *self)
{
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (self->widget == NULL || !is_input (event))
    return GDK_EVENT_PROPAGATE;
  for (GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (window)); parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    if (GTK_WIDGET (parent) == self->widget)
      {
        self->last_input = now_us ();
        break;
      }
  return GDK_EVENT_PROPAGATE;
}

/* Every other window gets a watch of its own; whether it is one of ours is
 * asked when input comes (a dialog is made before it is given a parent). */
static void
toplevels_changed (GListModel        *toplevels,
                   guint              position,
                   guint              removed,
                   guint              added,
                   SillokIdleMonitor *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkEventController *controller;

      if (window == self->widget || g_object_get_data (G_OBJECT (window), self->watched) != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), self->watched, GINT_TO_POINTER (TRUE));
      controller = gtk_event_controller_legacy_new ();
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      gtk_event_controller_set_name (controller, "sillok-idle-monitor");
      g_signal_connect_object (controller, "event", G_CALLBACK (dialog_event_cb), self, 0);
      gtk_widget_add_controller (window, controller);
    }
}

static void
sillok_idle_monitor_dispose (GObject *object)
{
  SillokIdleMonitor *self = SILLOK_IDLE_MONITOR (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->widget != NULL && self->controller != NULL)
    gtk_widget_remove_controller (self->widget, self->controller);
  self->controller = NULL;
  g_clear_weak_pointer (&self->widget);

  G_OBJECT_CLASS (sillok_idle_monitor_parent_class)->dispose (object);
}

static void
sillok_idle_monitor_finalize (GObject *object)
{
  g_free (SILLOK_IDLE_MONITOR (object)->watched);

  G_OBJECT_CLASS (sillok_idle_monitor_parent_class)->finalize (object);
}

static void
sillok_idle_monitor_class_init (SillokIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sillok_idle_monitor_dispose;
  object_class->finalize = sillok_idle_monitor_finalize;

  /* Emitted once when the timeout passes without input; the monitor is
   * then inactive until started again. */
  signals[SIGNAL_IDLE] =
    g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sillok_idle_monitor_init (SillokIdleMonitor *self)
{
}

SillokIdleMonitor *
sillok_idle_monitor_new (GtkWidget *widget)
{
  SillokIdleMonitor *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (SILLOK_TYPE_IDLE_MONITOR, NULL);
  g_set_weak_pointer (&self->widget, widget);
  /* Capture phase: the window sees every event before any child can
   * stop it. */
  self->controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (self->controller, "sillok-idle-monitor");
  g_signal_connect_object (self->controller, "event", G_CALLBACK (event_cb), self, 0);
  gtk_widget_add_controller (widget, self->controller);
  self->watched = g_strdup_printf ("sillok-idle-monitor-%p", (void *) self);
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (toplevels_changed), self, 0);
  toplevels_changed (gtk_window_get_toplevels (), 0, 0, g_list_model_get_n_items (gtk_window_get_toplevels ()), self);
  return self;
}

void
sillok_idle_monitor_set_timeout (SillokIdleMonitor *self,
                                 gint64             timeout)
{
  g_return_if_fail (SILLOK_IS_IDLE_MONITOR (self));

  self->timeout = MAX (timeout, 0);
  schedule (self);
}

gint64
sillok_idle_monitor_get_timeout (SillokIdleMonitor *self)
{
  g_return_val_if_fail (SILLOK_IS_IDLE_MONITOR (self), 0);
  return self->timeout;
}

void
sillok_idle_monitor_set_active (SillokIdleMonitor *self,
                                gboolean           active)
{
  g_return_if_fail (SILLOK_IS_IDLE_MONITOR (self));

  self->active = !!active;
  self->last_input = now_us ();
  schedule (self);
}

gboolean
sillok_idle_monitor_get_active (SillokIdleMonitor *self)
{
  g_return_val_if_fail (SILLOK_IS_IDLE_MONITOR (self), FALSE);
  return self->active;
}

gboolean
sillok_idle_monitor_is_armed (SillokIdleMonitor *self)
{
  g_return_val_if_fail (SILLOK_IS_IDLE_MONITOR (self), FALSE);
  return self->check_id != 0;
}
