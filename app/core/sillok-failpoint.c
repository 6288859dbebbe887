/* sillok-failpoint.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sillok-failpoint.h"

#if SILLOK_ENABLE_FAILPOINTS

G_LOCK_DEFINE_STATIC (failpoints);
static GHashTable *hits;

/* How many times this process reached @name, this time included. */
static guint
count_hit (const char *name)
{
  guint n;

  G_LOCK (failpoints);
  if (hits == NULL)
    hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (hits, name)) + 1;
  g_hash_table_replace (hits, g_strdup (name), GUINT_TO_POINTER (n));
  G_UNLOCK (failpoints);
  return n;
}

static void
trace (const char *name)
{
  const char *path = g_getenv ("SILLOK_FAILPOINTS_TRACE");
  g_autofree char *line = NULL;
  int fd;

  if (path == NULL || *path == '\0')
    return;
  fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  line = g_strconcat (name, "\n", NULL);
  if (write (fd, line, strlen (line)) < 0)
    g_warning ("failpoint trace: %s", g_strerror (errno));
  close (fd);
}

/* Whether @action ("kill", "eio@3"…) applies at the @n-th hit; *@verb is
 * the action without its count. */
static gboolean
applies (const char *action,
         guint       n,
         char      **verb)
{
  const char *at = strchr (action, '@');
  guint64 from = 1;

  if (at != NULL && !g_ascii_string_to_unsigned (at + 1, 10, 1, G_MAXUINT, &from, NULL))
    g_error ("bad failpoint count in '%s'", action);
  *verb = at != NULL ? g_strndup (action, at - action) : g_strdup (action);
  return n >= from;
}

int
sillok_failpoint_check (const char *name)
{
  const char *spec = g_getenv ("SILLOK_FAILPOINTS");
  g_auto(GStrv) items = NULL;
  guint n = count_hit (name);

  trace (name);
  if (spec == NULL || *spec == '\0')
    return 0;

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      g_autofree char *action = NULL;

      if (eq == NULL || strncmp (items[i], name, eq - items[i]) != 0
          || name[eq - items[i]] != '\0')
        continue;
      if (!applies (eq + 1, n, &action))
        continue;

      if (strcmp (action, "kill") == 0)
        {
          raise (SIGKILL);
          g_assert_not_reached ();
        }
      if (strcmp (action, "abort") == 0)
        abort ();
      if (strcmp (action, "stop") == 0)
        {
          raise (SIGSTOP);
          continue;
        }
      if (strcmp (action, "slow") == 0)
        {
          g_usleep (10 * 1000);
          continue;
        }
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
