/* sillok-init.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "sillok/sillok-init.h"
#include "sillok-db.h"

static gboolean dumps_disabled;

static void
disable_core_dumps (void)
{
  struct rlimit none = { 0, 0 };

  /* Both: RLIMIT_CORE stops the kernel writing a core file, and a
   * non-dumpable process also keeps its memory from ptrace and
   * core_pattern pipes. */
  if (setrlimit (RLIMIT_CORE, &none) == 0 && prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) == 0)
    dumps_disabled = TRUE;
  else
    g_warning ("Could not disable core dumps");
}

gboolean
sillok_init (GError **error)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      /* Uninstalled runs (tests, development) point at the build's catalogues. */
      const char *localedir = g_getenv ("SILLOK_LOCALEDIR");

      bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      disable_core_dumps ();
      g_once_init_leave (&once, sodium_init () >= 0 && sillok_db_init () ? 1 : 2);
    }

  if (once != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The cryptography library could not start"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_core_dumps_disabled (void)
{
  return dumps_disabled;
}

const char *
sillok_version (void)
{
  return PACKAGE_VERSION;
}
