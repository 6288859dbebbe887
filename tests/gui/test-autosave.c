/* test-autosave.c: what was typed survives the process being killed
 *
 * The test runs the GUI as a child process, types into a field, waits for
 * "Saved", then kills it with SIGKILL and opens the vault again.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sillok/sillok-record.h"
#include "sillok-gui-test-utils.h"
#include "sillok-test-utils.h"

#define MARKER "자동저장 표지 AUTOSAVE-4417"

/* The child: a vault, an interview, a field typed into; says the record's
 * id once the editor says "Saved", then waits to be killed. */
static int
child_main (const char *vault_path)
{
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  g_autofree char *key = NULL;

  window = sillok_gui_test_open_at (&app, vault_path);
  key = sillok_gui_test_create_vault (window);
  sillok_gui_test_confirm_recovery_key (window);
  editor = sillok_gui_test_new_interview (window);
  sillok_field_editor_enter_text (sillok_editor_page_get_field (editor, "interview.city"), MARKER);
  SILLOK_WAIT_UNTIL (g_str_equal (sillok_editor_page_get_save_text (editor), _("Saved")), 10000);
  printf ("UUID %s\n", sillok_editor_page_get_uuid (editor));
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

static void
test_killed_after_saved (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "vault", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(SillokVault) vault = NULL;
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (TEST_PASSPHRASE);
  g_autoptr(SillokRecord) record = NULL;
  JsonNode *city;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_test_get_path () != NULL
                            ? g_get_prgname () : "", "--autosave-child", path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  /* GTest's own lines come first. */
  while (uuid == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "UUID "))
        uuid = g_strdup (line + 5);
    }

  /* No chance to save anything more, or to close the vault. */
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));

  vault = sillok_vault_new (path);
  g_assert_true (sillok_vault_unlock (vault, pass, FALSE, NULL, &error));
  g_assert_no_error (error);
  record = sillok_record_load (vault, uuid, 0, &error);
  g_assert_no_error (error);
  city = sillok_record_get_value (record, "interview.city");
  g_assert_nonnull (city);
  g_assert_cmpstr (json_node_get_string (city), ==, MARKER);
  sillok_vault_close (vault);
  sillok_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--autosave-child"))
    {
      int child_argc = 1;

      sillok_gui_test_init (&child_argc, &argv);
      return child_main (argv[2]);
    }
  sillok_gui_test_init (&argc, &argv);
  g_set_prgname (argv[0]);
  g_test_add_func ("/autosave/killed-after-saved", test_killed_after_saved);
  return g_test_run ();
}
