/* sillok-gui-test-utils.h: helpers shared by the display tests
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-application.h"
#include "sillok-editor-page.h"
#include "sillok-interviews-page.h"
#include "sillok-window.h"

G_BEGIN_DECLS

/* What the tests type: an interviewer and their passphrase. */
#define TEST_NAME       "Kim Test-7391"
#define TEST_PASSPHRASE "river lantern quietly orbit"

/* Initialises GTest and GTK (the display must be up) and libsillok. */
void          sillok_gui_test_init          (int          *argc,
                                             char       ***argv);
/* Put first in a test function: the parent runs the test again in a
 * subprocess that must pass within @timeout_s seconds (times
 * sillok_gui_test_wait_scale()) and returns; the subprocess goes on.
 * Anything that maps a window runs this way. */
#define SILLOK_TEST_IN_SUBPROCESS(timeout_s)                                               \
  G_STMT_START {                                                                           \
    if (!g_test_subprocess ())                                                             \
      {                                                                                    \
        g_test_trap_subprocess (NULL, (guint64) (timeout_s) * sillok_gui_test_wait_scale () \
                                        * G_USEC_PER_SEC,                                  \
                                G_TEST_SUBPROCESS_INHERIT_STDERR);                         \
        g_test_trap_assert_passed ();                                                      \
        return;                                                                            \
      }                                                                                    \
  } G_STMT_END

/* Spins the main context until @cond holds, failing the test after
 * @timeout_ms (times sillok_gui_test_wait_scale()); never sleeps. */
#define SILLOK_WAIT_UNTIL(cond, timeout_ms)                                          \
  G_STMT_START {                                                                     \
    gint64 _deadline = g_get_monotonic_time ()                                       \
                       + (gint64) (timeout_ms) * 1000 * sillok_gui_test_wait_scale (); \
    guint _wake = g_timeout_add (20, sillok_gui_test_wake, NULL);                    \
    while (!(cond))                                                                  \
      {                                                                              \
        if (g_get_monotonic_time () > _deadline)                                     \
          g_error ("%s:%d: gave up after %d ms waiting for %s", __FILE__, __LINE__,  \
                   (int) (timeout_ms) * (int) sillok_gui_test_wait_scale (), #cond); \
        g_main_context_iteration (NULL, TRUE);                                       \
      }                                                                              \
    g_source_remove (_wake);                                                         \
  } G_STMT_END

gboolean      sillok_gui_test_wake          (gpointer      data);
/* How many times longer than written a wait may take before the test gives
 * up: SILLOK_TEST_WAIT_SCALE, set by the build for sanitizer builds, whose
 * code runs several times slower; 1 otherwise.  Only deadlines grow: a wait
 * still ends as soon as its condition holds. */
guint         sillok_gui_test_wait_scale    (void);
/* Spins the main context for @ms milliseconds (to show that something
 * does not happen); never sleeps. */
void          sillok_gui_test_spin          (guint         ms);

/* A registered application and its window on a fresh folder (no vault yet),
 * shown and drawn.  Free with sillok_gui_test_close(). */
SillokWindow *sillok_gui_test_open          (SillokApplication **app_out,
                                             char              **vault_path_out);
/* The same on the vault folder @vault_path. */
SillokWindow *sillok_gui_test_open_at       (SillokApplication **app_out,
                                             const char         *vault_path);
void          sillok_gui_test_close         (SillokApplication  *app,
                                             SillokWindow       *window,
                                             char               *vault_path);

/* Clicks @button as the keyboard does (GTK shows the press for a moment,
 * then emits ::clicked) and waits for the click to be done. */
void          sillok_gui_test_click         (gpointer      button);
/* A template child of @widget, whose class is @type. */
gpointer      sillok_gui_test_child         (gpointer      widget,
                                             GType         type,
                                             const char   *name);
/* The window's page @name ("setup_page", "unlock_page", "shell", …). */
gpointer      sillok_gui_test_page          (SillokWindow *window,
                                             const char   *name);
/* Fills the first-run form, creates the vault (interactive KDF) and waits
 * for the recovery key; returns it as typed: 8 groups joined by '-'. */
char         *sillok_gui_test_create_vault  (SillokWindow *window);
/* From the recovery key page to the main shell. */
void          sillok_gui_test_confirm_recovery_key (SillokWindow *window);
/* Locks as Ctrl+L does and waits for the unlock page: a lock asked for
 * while the session's worker is busy (a list page being read, an edit
 * being saved) happens when that job ends. */
void          sillok_gui_test_lock          (SillokWindow *window);
/* Types @secret on the unlock page, presses Enter and waits for the answer. */
void          sillok_gui_test_unlock        (SillokWindow *window,
                                             const char   *secret);

/* TRUE when any label, entry, title or accessible label under @root
 * contains @text. */
gboolean      sillok_gui_test_shows_text    (GtkWidget    *root,
                                             const char   *text);
/* TRUE when either line of the recovery key @key (as typed) is shown. */
gboolean      sillok_gui_test_shows_recovery_key (GtkWidget  *root,
                                                  const char *key);
/* The text of a visible label child, or NULL when hidden. */
const char   *sillok_gui_test_label         (gpointer      widget,
                                             GType         type,
                                             const char   *name);

/* The interviews page of the window's shell. */
SillokInterviewsPage *sillok_gui_test_interviews (SillokWindow *window);
/* Starts a forced-labour interview as the New Interview menu does and
 * waits for its editor. */
SillokEditorPage *sillok_gui_test_new_interview (SillokWindow *window);
/* Waits until the editor shows its record (after opening or reloading). */
void          sillok_gui_test_wait_editor   (SillokEditorPage *editor);
/* Waits until the editor says "Saved" (every edit is in the vault). */
void          sillok_gui_test_wait_saved    (SillokEditorPage *editor);
/* Enters @text into the field at @path as the user would. */
void          sillok_gui_test_enter         (SillokEditorPage *editor,
                                             const char       *path,
                                             const char       *text);
/* Runs sillok-cli on @vault with the test passphrase on standard input;
 * returns its exit status and sets @out to what it printed. */
int           sillok_gui_test_run_cli       (const char        *vault,
                                             const char *const *args,
                                             char             **out);
/* The same with @secret (a bundle passphrase) and a line end readable on
 * descriptor 3 ("--bundle-passphrase-fd 3"). */
int           sillok_gui_test_run_cli_with_secret (const char        *vault,
                                                   const char *const *args,
                                                   const char        *secret,
                                                   char             **out);

/* A forced-labour record made through the core, as the command line makes
 * them: @assignments (PATH=VALUE, NULL-terminated) set, then sealed when
 * @seal.  The session must be idle; returns the UUID. */
char         *sillok_gui_test_add_record    (SillokWindow       *window,
                                             const char *const  *assignments,
                                             gboolean            seal);
/* The position of the record @uuid in the interviews list, once read
 * (reading the rows as the view would). */
guint         sillok_gui_test_find_row      (SillokWindow       *window,
                                             const char         *uuid);

/* The first widget of @type under @root, @root included (depth first,
 * popovers too), or NULL. */
gpointer      sillok_gui_test_find          (gpointer      root,
                                             GType         type);
/* The widget under @root (itself included) named @name, or NULL. */
GtkWidget    *sillok_gui_test_find_named    (gpointer      root,
                                             const char   *name);
/* The visible window titled @title, or NULL. */
GtkWindow    *sillok_gui_test_find_window   (const char   *title);
/* The button under @root that runs @action, or NULL. */
gpointer      sillok_gui_test_find_action_button (gpointer    root,
                                                  const char *action);
/* The visible toplevel window of @type, or NULL. */
GtkWindow    *sillok_gui_test_find_toplevel (GType         type);
/* The visible message dialog headed @heading, or NULL. */
AdwMessageDialog *sillok_gui_test_find_dialog (const char *heading);
/* Opens the list of @widget (a GtkDropDown or an AdwComboRow) as a click
 * does and activates its item at @position there, as choosing it with the
 * mouse or Enter does. */
void          sillok_gui_test_choose        (gpointer      widget,
                                             guint         position);
/* The position of @text among @drop_down's strings (G_MAXUINT: none). */
guint         sillok_gui_test_drop_down_find (GtkDropDown *drop_down,
                                              const char  *text);
/* Scrolls the scrolled window around @widget until @widget is in sight,
 * as the user does before reaching for it. */
void          sillok_gui_test_scroll_to     (gpointer      widget);
/* Presses the button of @dialog's @response, as the keyboard does, and
 * waits for the dialog to close. */
void          sillok_gui_test_respond       (AdwMessageDialog *dialog,
                                             const char       *response);
/* Waits for a file chooser and answers it with the file at @path. */
void          sillok_gui_test_choose_file   (const char   *path);
/* Presses @keys ("Tab", "ctrl+f"; xdotool's names) on the X server's
 * keyboard, as a person would. */
/* Ends the subprocess of a test that passed after GTK's file chooser was
 * opened, without the leak check at exit.  GTK 4.8's chooser loses a
 * GFileInfo for each file of the folder it read (on GIO's threads), a
 * GDateTime and a list node, with no frame of Sillok's and no symbol in
 * their stacks to suppress them by (see tests/lsan.supp).  Only for tests
 * run with SILLOK_TEST_IN_SUBPROCESS; elsewhere it returns. */
void          sillok_gui_test_end_after_file_chooser (void);
void          sillok_gui_test_press         (const char   *keys);

/* Renders @widget as it is drawn now into
 * <build>/tests/screenshots/@name.png. */
void          sillok_gui_test_screenshot    (GtkWidget    *widget,
                                             const char   *name);

/* The four looks every screen is shot in: English and Korean, light and dark. */
typedef struct
{
  const char *language;
  gboolean    dark;
} SillokGuiVariant;

extern const SillokGuiVariant sillok_gui_test_variants[4];

/* Sets the interface language and the light or dark style of @variant. */
void          sillok_gui_test_apply_variant (const SillokGuiVariant *variant);
/* Applies @variant, opens Sillok on a new vault (created, its recovery key
 * confirmed) and waits for the empty list of interviews. */
SillokWindow *sillok_gui_test_open_variant  (const SillokGuiVariant  *variant,
                                             SillokApplication      **app_out,
                                             char                   **path_out);
/* Adds @func as <prefix>/<language>-<light|dark>, once per variant. */
void          sillok_gui_test_add_variants (const char             *prefix,
                                            GTestDataFunc           func);

/* Saves @widget as <screen>-<language>-<light|dark>.png once drawn. */
void          sillok_gui_test_shoot      (GtkWidget              *widget,
                                          const char             *screen,
                                          const SillokGuiVariant *variant);
/* In Korean, no English sentence of ours may be left on the screen (and in
 * English, @english must be there). */
void          sillok_gui_test_assert_language (GtkWidget              *widget,
                                               const SillokGuiVariant *variant,
                                               const char             *english);

G_END_DECLS
