/* sillok-failpoint.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sillok-failpoint.h"

#if SILLOK_ENABLE_FAILPOINTS

int
sillok_failpoint_check (const char *name)
{
  const char *spec = g_getenv ("SILLOK_FAILPOINTS");
  g_auto(GStrv) items = NULL;

  if (spec == NULL || *spec == '\0')
    return 0;

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      const char *action;

      if (eq == NULL || strncmp (items[i], name, eq - items[i]) != 0
          || name[eq - items[i]] != '\0')
        continue;

      action = eq + 1;
      if (strcmp (action, "kill") == 0)
        {
          raise (SIGKILL);
          g_assert_not_reached ();
        }
      if (strcmp (action, "abort") == 0)
        abort ();
      if (strcmp (action, "enospc") == 0)
        return ENOSPC;
      if (strcmp (action, "eio") == 0)
        return EIO;
      if (strcmp (action, "short") == 0)
        return SILLOK_FAILPOINT_SHORT_WRITE;
      g_error ("unknown failpoint action '%s' for %s", action, name);
    }
  return 0;
}

#endif
