/* sillok-progress-relay.c: progress of a worker thread, carried to the main context
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-progress-relay.h"

/* The worker only stores the latest figures and, when none is waiting,
 * queues one idle source; the main context reads whatever is latest when
 * it gets there.  A fast worker thus costs the main loop one call per
 * iteration at most, and never waits for it. */
struct _SillokProgressRelay
{
  gint                     ref_count;
  GMutex                   mutex;
  GMainContext            *context;
  SillokProgressRelayFunc  func;
  gpointer                 user_data;
  guint64                  done;
  guint64                  total;
  gboolean                 queued;
  gboolean                 stopped;
  guint                    dispatched;
};

SillokProgressRelay *
sillok_progress_relay_new (SillokProgressRelayFunc func,
                           gpointer                user_data)
{
  SillokProgressRelay *relay = g_new0 (SillokProgressRelay, 1);

  g_return_val_if_fail (func != NULL, NULL);

  relay->ref_count = 1;
  g_mutex_init (&relay->mutex);
  relay->context = g_main_context_ref_thread_default ();
  relay->func = func;
  relay->user_data = user_data;
  return relay;
}

SillokProgressRelay *
sillok_progress_relay_ref (SillokProgressRelay *relay)
{
  g_return_val_if_fail (relay != NULL, NULL);
  g_atomic_int_inc (&relay->ref_count);
  return relay;
}

void
sillok_progress_relay_unref (SillokProgressRelay *relay)
{
  if (relay == NULL || !g_atomic_int_dec_and_test (&relay->ref_count))
    return;
  g_mutex_clear (&relay->mutex);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static gboolean
dispatch (gpointer data)
{
  SillokProgressRelay *relay = data;
  guint64 done, total;
  gboolean stopped;

  g_mutex_lock (&relay->mutex);
  done = relay->done;
  total = relay->total;
  stopped = relay->stopped;
  relay->queued = FALSE;
  if (!stopped)
    relay->dispatched++;
  g_mutex_unlock (&relay->mutex);
  if (!stopped)
    relay->func (done, total, relay->user_data);
  return G_SOURCE_REMOVE;
}

void
sillok_progress_relay_report (guint64  done,
                              guint64  total,
                              gpointer data)
{
  SillokProgressRelay *relay = data;
  gboolean queue;

  g_mutex_lock (&relay->mutex);
  relay->done = done;
  relay->total = total;
  queue = !relay->queued && !relay->stopped;
  relay->queued = relay->queued || queue;
  g_mutex_unlock (&relay->mutex);
  if (queue)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, dispatch, sillok_progress_relay_ref (relay),
                             (GDestroyNotify) sillok_progress_relay_unref);
      g_source_set_static_name (source, "[sillok] progress");
      g_source_attach (source, relay->context);
    }
}

void
sillok_progress_relay_stop (SillokProgressRelay *relay)
{
  g_return_if_fail (relay != NULL);

  g_mutex_lock (&relay->mutex);
  relay->stopped = TRUE;
  g_mutex_unlock (&relay->mutex);
}

guint
sillok_progress_relay_get_dispatched (SillokProgressRelay *relay)
{
  guint n;

  g_return_val_if_fail (relay != NULL, 0);

  g_mutex_lock (&relay->mutex);
  n = relay->dispatched;
  g_mutex_unlock (&relay->mutex);
  return n;
}
