/* sillok-idle.c: when an idle vault locks itself
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-idle.h"

gint64
sillok_idle_time_left (gint64 last_input,
                       gint64 now,
                       gint64 timeout)
{
  gint64 idle;

  if (timeout <= 0)
    return -1;
  idle = now > last_input ? now - last_input : 0;
  return idle >= timeout ? 0 : timeout - idle;
}

gint64
sillok_idle_timeout_from_minutes (guint minutes)
{
  return (gint64) minutes * 60 * G_USEC_PER_SEC;
}
