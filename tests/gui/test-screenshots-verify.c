/* test-screenshots-verify.c: the Verify page, with and without a vault, in English and Korean, light and dark
 *
 * Saves <build>/tests/screenshots/SCREEN-LANGUAGE-SCHEME.png for people to
 * look at, and checks on the way that each screen is in the language asked.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok-gui-test-utils.h"
#include "sillok-shell.h"
#include "sillok-unlock-page.h"
#include "sillok-verify-fixture.h"
#include "sillok-verify-page.h"

static void
verify (SillokVerifyPage *page,
        const char       *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sillok_verify_page_open_file (page, file);
  SILLOK_WAIT_UNTIL (!sillok_verify_page_get_busy (page), 60000);
}

static void
set_tab (SillokVerifyPage *page,
         const char       *name)
{
  gtk_stack_set_visible_child_name (sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "result_stack"), name);
}

/* Without a vault: the keys given, a bundle signed by a key not trusted, and one being read. */
static void
shoot_without_vault (SillokWindow        *window,
                     SillokVerifyFixture *fx,
                     const SillokGuiVariant       *variant)
{
  g_autoptr(GFile) identity = g_file_new_for_path (fx->identity);
  g_autofree char *fifo = g_build_filename (fx->dir, "interviews-2026-03.sillok", NULL);
  g_autoptr(GFile) fifo_file = g_file_new_for_path (fifo);
  g_autofree char *bundle = NULL;
  SillokVerifyPage *page;
  gsize len;
  int fd;

  sillok_gui_test_click (sillok_gui_test_child (sillok_gui_test_page (window, "unlock_page"),
                                                SILLOK_TYPE_UNLOCK_PAGE, "verify_button"));
  page = sillok_gui_test_page (window, "verify_page");
  sillok_verify_page_set_identity_file (page, identity);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Opening the Bundle");
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Or drop a bundle file on this page.");
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-start", variant);

  verify (page, fx->valid);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Valid, but Signed by an Untrusted Key");
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Exporter and Signers");
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-untrusted", variant);

  /* Halfway: a bundle that arrives through a pipe keeps the page waiting. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  fd = open (fifo, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_get_contents (fx->valid, &bundle, &len, NULL));
  g_assert_cmpint (write (fd, bundle, 100), ==, 100);
  sillok_verify_page_open_file (page, fifo_file);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Verifying the Bundle");
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-progress", variant);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "verify.cancel", NULL));
  close (fd);

  sillok_gui_test_click (sillok_gui_test_child (window, SILLOK_TYPE_WINDOW, "verify_back_button"));
  g_assert_cmpstr (sillok_window_get_page_name (window), ==, "unlock");
}

static void
test_screens (gconstpointer data)
{
  const SillokGuiVariant *variant = data;
  g_autoptr(SillokVerifyFixture) fx = NULL;
  SillokApplication *app;
  SillokWindow *window;
  SillokShell *shell;
  SillokVerifyPage *page;

  SILLOK_TEST_IN_SUBPROCESS (600);

  sillok_gui_test_apply_variant (variant);
  fx = sillok_verify_fixture_new (FALSE);
  window = sillok_gui_test_open_at (&app, fx->vault);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  shoot_without_vault (window, fx, variant);

  /* With the vault's keys: valid and trusted, its checks, and a forged statement. */
  sillok_gui_test_unlock (window, TEST_PASSPHRASE);
  shell = sillok_gui_test_page (window, "shell");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shell), "shell.show-page", "s", "verify"));
  page = sillok_shell_get_verify_page (shell);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "This Vault’s Key");
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-vault-start", variant);
  verify (page, fx->valid);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Valid and Trusted");
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-trusted", variant);
  /* The exporter and signers, at the end of the summary. */
  {
    GtkWidget *signers = sillok_gui_test_child (page, SILLOK_TYPE_VERIFY_PAGE, "signers_group");
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (signers, GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Exporter and Signers");
    sillok_gui_test_shoot (GTK_WIDGET (window), "verify-signers", variant);
  }
  set_tab (page, "checks");
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Exporter’s signature");
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-checks", variant);
  verify (page, fx->forged);
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Invalid Bundle");
  sillok_gui_test_assert_language (GTK_WIDGET (window), variant, "Failed check: Statement signature");
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-invalid", variant);
  /* Narrow: the sidebar folds away. */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 720);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sillok_gui_test_shoot (GTK_WIDGET (window), "verify-invalid-narrow", variant);

  sillok_gui_test_close (app, window, g_strdup (fx->vault));
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  sillok_gui_test_add_variants ("/screenshots-verify", test_screens);
  return g_test_run ();
}
