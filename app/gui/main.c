/* main.c: the sillok executable
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok/sillok.h"
#include "sillok-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokApplication) app = NULL;

  if (!sillok_init (&error))
    {
      g_printerr ("sillok: %s\n", error->message);
      return 1;
    }
  sillok_application_apply_language ();

  app = sillok_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
