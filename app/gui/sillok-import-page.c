/* sillok-import-page.c: importing bundles into the archive, one at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-archive-jobs.h"
#include "sillok-gui-util.h"
#include "sillok-import-page.h"

struct _SillokImportPage
{
  AdwBin               parent_instance;

  SillokSession       *session;
  AdwPreferencesGroup *results_group;
  GtkListBox          *results;
  guint                pending;
  /* Files given but not yet shown as rows, and the source that adds them
   * a few at a time. */
  GQueue               waiting;
  guint                add_source;
  /* The height every row's result keeps (that of a usual result), or 0
   * when it is to be measured again. */
  int                  result_height;
  /* The bundle passphrases typed that opened a bundle since the list was
   * last cleared (Remembered, most recently typed first), tried on every
   * other bundle before it asks; and the serial of the newest. */
  GPtrArray           *remembered;
  guint                remembered_serial;
};

/* At most this many passphrases are remembered: a team shares one, a
 * coordinator gathering bundles of a few teams types a few. */
#define MAX_REMEMBERED 8

typedef struct
{
  SillokSecret *passphrase;
  guint         serial;
} Remembered;

static void
remembered_free (Remembered *remembered)
{
  sillok_secret_free (remembered->passphrase);
  g_free (remembered);
}

G_DEFINE_FINAL_TYPE (SillokImportPage, sillok_import_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Progress crosses from the worker to the main loop: the worker writes
 * here, and at most one idle callback at a time carries it to the row. */
typedef struct
{
  GMutex   lock;
  guint64  done;
  guint64  total;
  gboolean queued;
  GWeakRef row;
} Progress;

static void
progress_clear (Progress *progress)
{
  g_mutex_clear (&progress->lock);
  g_weak_ref_clear (&progress->row);
}

static void
progress_unref (gpointer progress)
{
  g_atomic_rc_box_release_full (progress, (GDestroyNotify) progress_clear);
}

static void mark_running (GtkWidget *row);
static GtkProgressBar *row_bar (GtkWidget *row);

/* The first report marks the row running; a bundle of unknown size (one
 * arriving through a pipe) pulses its bar. */
static gboolean
progress_show (gpointer data)
{
  Progress *progress = data;
  g_autoptr(GtkWidget) row = g_weak_ref_get (&progress->row);
  guint64 done, total;

  g_mutex_lock (&progress->lock);
  done = progress->done;
  total = progress->total;
  progress->queued = FALSE;
  g_mutex_unlock (&progress->lock);
  /* A row the page forgot (a lock) shows nothing. */
  if (row == NULL || gtk_widget_get_parent (row) == NULL)
    return G_SOURCE_REMOVE;
  mark_running (row);
  if (total > 0)
    gtk_progress_bar_set_fraction (row_bar (row), MIN (1.0, (double) done / (double) total));
  else
    gtk_progress_bar_pulse (row_bar (row));
  return G_SOURCE_REMOVE;
}

static void
progress_report (guint64  done,
                 guint64  total,
                 gpointer data)
{
  Progress *progress = data;

  g_mutex_lock (&progress->lock);
  progress->done = done;
  progress->total = total;
  if (!progress->queued)
    {
      progress->queued = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, progress_show, g_atomic_rc_box_acquire (progress), progress_unref);
    }
  g_mutex_unlock (&progress->lock);
}

/* One bundle given to the page, held by its row.  Nothing in a row
 * changes size when its bundle is done (see finish_item()). */
typedef struct
{
  SillokImportPage  *page;
  GFile             *file;
  GCancellable      *cancellable;
  GtkProgressBar    *bar;
  GtkButton         *cancel;
  /* Under the file name: "running" (what is being done, the bar and
   * Cancel) or "done" (the result, the whole width). */
  GtkStack          *lines;
  GtkInscription    *status;
  GtkInscription    *result;
  /* "waiting", "imported" or "failed". */
  GtkStack          *icon;
  /* The result's whole text, for the tooltip. */
  char              *text;
  SillokImportState  state;
  /* While the bundle's passphrase is asked for: the page of @lines that
   * asks (NULL otherwise, so that rows that never ask keep their height),
   * what it says, the field and its buttons. */
  GtkWidget         *ask;
  GtkLabel          *ask_label;
  GtkPasswordEntry  *entry;
  GtkButton         *ask_import;
  GtkButton         *ask_cancel;
  char              *ask_text;
  /* A passphrase was typed for this row: asking again means it was wrong. */
  gboolean           tried;
  /* What was typed, held while the import with it runs (no other
   * passphrase goes with it): once it opened the bundle, it is remembered
   * for the others. */
  SillokSecret      *typed;
  /* The serial of the newest remembered passphrase given to this bundle's
   * imports (the older ones went with it or before), and whether the last
   * import was one of those rather than one the user asked for. */
  guint              remembered_serial;
  gboolean           automatic;
} Item;

static void
item_free (Item *item)
{
  g_clear_object (&item->file);
  g_clear_object (&item->cancellable);
  g_free (item->text);
  g_free (item->ask_text);
  g_clear_pointer (&item->typed, sillok_secret_free);
  g_free (item);
}

static Item *
item_of (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "sillok-import-item");
}

static GtkProgressBar *
row_bar (GtkWidget *row)
{
  return item_of (row)->bar;
}

GtkProgressBar *
sillok_import_page_row_progress (GtkWidget *row)
{
  return row_bar (row);
}

SillokImportState
sillok_import_page_row_state (GtkWidget *row)
{
  return item_of (row)->state;
}

GtkButton *
sillok_import_page_row_cancel (GtkWidget *row)
{
  Item *item = item_of (row);

  return item->state == SILLOK_IMPORT_PASSPHRASE ? item->ask_cancel : item->cancel;
}

GtkEditable *
sillok_import_page_row_passphrase (GtkWidget *row)
{
  Item *item = item_of (row);

  return item->state == SILLOK_IMPORT_PASSPHRASE ? GTK_EDITABLE (item->entry) : NULL;
}

GtkButton *
sillok_import_page_row_import (GtkWidget *row)
{
  Item *item = item_of (row);

  return item->state == SILLOK_IMPORT_PASSPHRASE ? item->ask_import : NULL;
}

const char *
sillok_import_page_row_shown (GtkWidget *row)
{
  Item *item = item_of (row);

  if (item->state == SILLOK_IMPORT_PASSPHRASE)
    return gtk_label_get_text (item->ask_label);
  return gtk_inscription_get_text (item->text != NULL ? item->result : item->status);
}

GtkWidget *
sillok_import_page_row_result (GtkWidget *row)
{
  return GTK_WIDGET (item_of (row)->result);
}

const char *
sillok_import_page_row_text (GtkWidget *row)
{
  Item *item = item_of (row);

  if (item->state == SILLOK_IMPORT_PASSPHRASE)
    return item->ask_text;
  return item->text != NULL ? item->text : gtk_inscription_get_text (item->status);
}

GtkListBox *
sillok_import_page_get_results (SillokImportPage *self)
{
  g_return_val_if_fail (SILLOK_IS_IMPORT_PAGE (self), NULL);
  return self->results;
}

guint
sillok_import_page_get_pending (SillokImportPage *self)
{
  g_return_val_if_fail (SILLOK_IS_IMPORT_PAGE (self), 0);
  return self->pending;
}

guint
sillok_import_page_get_remembered (SillokImportPage *self)
{
  g_return_val_if_fail (SILLOK_IS_IMPORT_PAGE (self), 0);
  return self->remembered->len;
}

/* Wipes every remembered passphrase. */
static void
forget_passphrases (SillokImportPage *self)
{
  if (self->remembered != NULL)
    g_ptr_array_set_size (self->remembered, 0);
}

/* Keeps @passphrase (taken), which opened a bundle, first among those
 * tried on the others (one already remembered only moves to the front,
 * keeping its serial: the bundles it was given need not try it again). */
static void
remember_passphrase (SillokImportPage *self,
                     SillokSecret     *passphrase)
{
  Remembered *remembered;

  for (guint i = 0; i < self->remembered->len; i++)
    {
      remembered = self->remembered->pdata[i];
      if (sillok_secret_equal (remembered->passphrase, passphrase))
        {
          sillok_secret_free (passphrase);
          g_ptr_array_insert (self->remembered, 0, g_ptr_array_steal_index (self->remembered, i));
          return;
        }
    }
  remembered = g_new0 (Remembered, 1);
  remembered->passphrase = passphrase;
  remembered->serial = ++self->remembered_serial;
  g_ptr_array_insert (self->remembered, 0, remembered);
  if (self->remembered->len > MAX_REMEMBERED)
    g_ptr_array_remove_index (self->remembered, self->remembered->len - 1);
}

/* The remembered passphrases not yet given to @item's bundle, most
 * recently typed first (borrowed), or NULL when there is none; from now
 * on they count as given. */
static GPtrArray *
untried_passphrases (Item *item)
{
  SillokImportPage *self = item->page;
  GPtrArray *untried = NULL;

  for (guint i = 0; i < self->remembered->len; i++)
    {
      Remembered *remembered = self->remembered->pdata[i];

      if (remembered->serial <= item->remembered_serial)
        continue;
      if (untried == NULL)
        untried = g_ptr_array_new ();
      g_ptr_array_add (untried, remembered->passphrase);
    }
  item->remembered_serial = self->remembered_serial;
  return untried;
}

/* Each key the vault does not trust, named, so that the coordinator sees
 * whose word the archive now holds. */
static void
append_untrusted (GString                  *text,
                  const SillokBundleReport *report)
{
  for (guint i = 0; report != NULL && i < report->signers->len; i++)
    {
      const SillokBundleSigner *s = report->signers->pdata[i];

      if (s->trust == SILLOK_BUNDLE_TRUST_MISMATCH)
        g_string_append_c (text, '\n');
      if (s->trust == SILLOK_BUNDLE_TRUST_MISMATCH)
        g_string_append_printf (text, _("Warning: key %s is not the trusted key of that id: someone made a key with a "
                                        "known id"), s->key_id);
      else if (s->trust == SILLOK_BUNDLE_TRUST_UNKNOWN)
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, s->exporter ? _("Exporter %s is not a trusted key")
                                                    : _("Signer %s is not a trusted key"), s->key_id);
        }
    }
}

static char *
describe_result (const SillokImportResult *result,
                 const SillokBundleReport *report)
{
  GString *text = g_string_new (NULL);

  if (result->already_imported)
    {
      g_string_append (text, _("Imported before: nothing changed"));
      return g_string_free (text, FALSE);
    }
  g_string_append_printf (text, _("Records added: %u · Already present: %u · Conflicts: %u · Waiting for an earlier "
                                  "version: %u · Attachments added: %u"),
                          result->added, result->present, result->conflicts, result->incomplete, result->attachments);
  if (result->completed > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Versions imported before that now have their predecessor: %u"),
                              result->completed);
    }
  for (guint i = 0; result->conflicting != NULL && result->conflicting[i] != NULL; i++)
    {
      /* The core names each conflict "<uuid> version <n>". */
      g_auto(GStrv) parts = g_strsplit (result->conflicting[i], " version ", 2);

      g_string_append_c (text, '\n');
      if (g_strv_length (parts) == 2)
        g_string_append_printf (text, _("Conflict: version %s of record %s has another statement in the archive; "
                                        "both are kept"), parts[1], parts[0]);
      else
        g_string_append_printf (text, _("Conflict: %s has another statement in the archive; both are kept"),
                                result->conflicting[i]);
    }
  append_untrusted (text, report);
  return g_string_free (text, FALSE);
}

static char *
describe_failure (const SillokImportOutcome *outcome,
                  SillokImportState         *state)
{
  if (outcome->error->domain == SILLOK_BUNDLE_ERROR)
    {
      *state = SILLOK_IMPORT_REJECTED;
      if (outcome->report != NULL && outcome->report->failure_path != NULL)
        return g_strdup_printf (_("Rejected: %s — %s (%s). Nothing was imported."),
                                sillok_bundle_error_to_string (outcome->error->code), outcome->error->message,
                                outcome->report->failure_path);
      return g_strdup_printf (_("Rejected: %s — %s. Nothing was imported."),
                              sillok_bundle_error_to_string (outcome->error->code), outcome->error->message);
    }
  *state = SILLOK_IMPORT_FAILED;
  if (g_error_matches (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("Cancelled. Nothing was imported."));
  return g_strdup_printf (_("Not imported: %s. Nothing was changed."), outcome->error->message);
}

/* Result lines are broken here, not by the widget: a wrapping label is laid
 * out again at every width GTK tries whenever its text changes, 20–30 ms
 * a finished bundle, and the progress of the others would stutter. */
#define RESULT_COLUMNS 70

/* Rows are added this many at a time, a batch every 16 ms: a hundred
 * bundles dropped at once made 100 rows in one frame of 50 ms, batches of 8
 * made frames of 30 ms, and of 2 frames of 21–24 ms with a hundred rows
 * (1: 19–21 ms).  Imports take longer than 16 ms each, so the queue of jobs
 * never runs dry. */
#define ROWS_PER_BATCH 1
#define BATCH_INTERVAL_MS 16

/* The height of @text in @widget's font.  Not the inscription's lines
 * times the height of a line of its font: Korean is drawn from another
 * font, with taller lines. */
static int
text_height (GtkWidget  *widget,
             const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int height = 0;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* Takes the passphrase page out of a row that no longer asks (its field
 * empty: what was typed went into guarded memory when it was taken); the
 * keyboard focus, when it was there, goes to the row. */
static void
forget_ask (GtkWidget *row)
{
  Item *item = item_of (row);
  GtkRoot *root = gtk_widget_get_root (row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (item->ask == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (item->entry), "");
  if (focus != NULL && gtk_widget_is_ancestor (focus, item->ask))
    gtk_widget_grab_focus (row);
  gtk_stack_remove (item->lines, item->ask);
  item->ask = NULL;
  item->ask_label = NULL;
  item->entry = NULL;
  item->ask_import = NULL;
  item->ask_cancel = NULL;
  g_clear_pointer (&item->ask_text, g_free);
}

/* A finished row changes what it draws, never its size: the result text
 * is an inscription (which does not measure its text) on the page of a
 * homogeneous stack that the bar and Cancel leave, the icon is another
 * page of one.  Anything that asks for a new size makes GTK lay
 * out the whole window again (on X11 with round trips to the server for
 * the work area), 10–20 ms with a hundred rows; only a result with more
 * lines than a usual one (conflicts, untrusted signers) makes its row
 * taller.  The tooltip is made when asked for: setting one makes GTK ask
 * the X server where the pointer is. */
static void
finish_item (GtkWidget         *row,
             SillokImportState  state,
             const char        *text)
{
  Item *item = item_of (row);
  g_autofree char *lines = sillok_break_lines (text, RESULT_COLUMNS);
  int height = text_height (GTK_WIDGET (item->result), lines);
  int kept = -1;

  item->state = state;
  g_free (item->text);
  item->text = g_strdup (text);
  gtk_widget_get_size_request (GTK_WIDGET (item->result), NULL, &kept);
  if (height > kept)
    gtk_widget_set_size_request (GTK_WIDGET (item->result), -1, height);
  gtk_inscription_set_text (item->result, lines);
  gtk_stack_set_visible_child_name (item->lines, "done");
  forget_ask (row);
  gtk_stack_set_visible_child_name (item->icon, state == SILLOK_IMPORT_IMPORTED ? "imported" : "failed");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  if (state != SILLOK_IMPORT_IMPORTED)
    gtk_widget_add_css_class (row, "import-failed");
}

static gboolean
query_tooltip (GtkWidget  *row,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip,
               gpointer    data)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                           sillok_import_page_row_text (row));

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void ask_passphrase (GtkWidget *row);
static gboolean try_remembered (GtkWidget *row);
static void try_remembered_all (SillokImportPage *self);

/* A bundle encrypted with a passphrase that the vault's key could not open
 * (no passphrase was given, or none given opens it). */
static gboolean
needs_passphrase (const SillokImportOutcome *outcome)
{
  return outcome->result == NULL && outcome->report != NULL && outcome->report->passphrase
         && g_error_matches (outcome->error, SILLOK_BUNDLE_ERROR, SILLOK_BUNDLE_ERROR_NOT_FOR_US);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  Item *item = item_of (row);
  SillokImportPage *self = item->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokImportOutcome) outcome = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);
  g_autofree char *text = NULL;
  SillokImportState state;

  /* The page forgot this row (a lock): show nothing. */
  if (gtk_widget_get_parent (row) == NULL)
    return;
  self->pending--;
  if (outcome == NULL)
    {
      SillokImportOutcome failed = { .error = error };

      text = describe_failure (&failed, &state);
    }
  else if (needs_passphrase (outcome))
    {
      /* Not opened by what was typed, or by the passphrases remembered
       * when it was queued: those remembered since are tried before it
       * asks. */
      g_clear_pointer (&item->typed, sillok_secret_free);
      if (!try_remembered (row))
        ask_passphrase (row);
      return;
    }
  else if (outcome->result != NULL)
    {
      state = SILLOK_IMPORT_IMPORTED;
      text = describe_result (outcome->result, outcome->report);
      /* Nothing was typed for it: a remembered passphrase opened it. */
      if (item->typed == NULL && outcome->report != NULL && outcome->report->passphrase)
        {
          g_autofree char *counts = g_steal_pointer (&text);

          text = g_strdup_printf ("%s\n%s", counts, _("Opened with the passphrase typed for another bundle."));
        }
    }
  else
    text = describe_failure (outcome, &state);
  finish_item (row, state, text);
  if (state == SILLOK_IMPORT_IMPORTED && item->typed != NULL)
    {
      remember_passphrase (self, g_steal_pointer (&item->typed));
      try_remembered_all (self);
    }
  g_clear_pointer (&item->typed, sillok_secret_free);
  if (state == SILLOK_IMPORT_IMPORTED)
    g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
}

static void
cancel_clicked (GtkButton *button,
                GtkWidget *row)
{
  g_cancellable_cancel (item_of (row)->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
}

/* What a row is doing, shown under its name and given to screen readers
 * (an inscription of GTK 4.8 is not read out itself). */
static void
set_status (GtkWidget  *row,
            const char *text)
{
  gtk_inscription_set_text (item_of (row)->status, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* Marks the row running once its job starts: the first progress report. */
static void
mark_running (GtkWidget *row)
{
  Item *item = item_of (row);

  if (item->state == SILLOK_IMPORT_WAITING)
    {
      item->state = SILLOK_IMPORT_RUNNING;
      set_status (row, _("Checking and importing…"));
    }
}

static void
start_import (GtkWidget *row,
              GPtrArray *passphrases)
{
  Item *item = item_of (row);
  Progress *progress = g_atomic_rc_box_new0 (Progress);

  g_mutex_init (&progress->lock);
  g_weak_ref_init (&progress->row, row);
  sillok_archive_job_import (item->page->session, item->file, passphrases, progress_report, progress,
                             progress_unref, item->cancellable, import_done, g_object_ref (row));
}

/* Queues the import of a row that asked for its passphrase again, with
 * @passphrases; it waits and runs as a new bundle would. */
static void
queue_again (GtkWidget *row,
             GPtrArray *passphrases)
{
  Item *item = item_of (row);

  g_clear_object (&item->cancellable);
  item->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (item->bar, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (item->cancel), TRUE);
  gtk_widget_remove_css_class (row, "import-failed");
  gtk_stack_set_visible_child_name (item->lines, "running");
  gtk_stack_set_visible_child_name (item->icon, "waiting");
  item->state = SILLOK_IMPORT_WAITING;
  set_status (row, _("Waiting…"));
  item->page->pending++;
  start_import (row, passphrases);
}

/* Queues @row's bundle again with the remembered passphrases it was not
 * given yet, if there are any.  Not a user's attempt: a bundle they do
 * not open asks as before, and nothing of it is imported. */
static gboolean
try_remembered (GtkWidget *row)
{
  Item *item = item_of (row);
  g_autoptr(GPtrArray) untried = NULL;
  GtkRoot *root = gtk_widget_get_root (row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (item->page->session == NULL)
    return FALSE;
  untried = untried_passphrases (item);
  if (untried == NULL)
    return FALSE;
  item->automatic = TRUE;
  /* The keyboard, when it was on the (empty) field, goes to Cancel. */
  if (focus != NULL && item->ask != NULL && gtk_widget_is_ancestor (focus, item->ask))
    gtk_widget_grab_focus (GTK_WIDGET (item->cancel));
  queue_again (row, untried);
  return TRUE;
}

/* A passphrase typed for one bundle opened it: every row that asks, and
 * that nothing is being typed into, tries it at once. */
static void
try_remembered_all (SillokImportPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->results)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      Item *item = item_of (row);

      if (item->state == SILLOK_IMPORT_PASSPHRASE && *gtk_editable_get_text (GTK_EDITABLE (item->entry)) == '\0')
        try_remembered (row);
    }
}

/* The typed passphrase goes into guarded memory and out of the field at
 * once; the job wipes its copy as soon as the reading ends.  The row waits
 * and runs again as a new bundle would. */
static void
submit_passphrase (GtkWidget *row)
{
  Item *item = item_of (row);
  SillokImportPage *self = item->page;
  const char *typed;
  g_autoptr(GPtrArray) passphrases = NULL;

  if (item->state != SILLOK_IMPORT_PASSPHRASE || self->session == NULL)
    return;
  typed = gtk_editable_get_text (GTK_EDITABLE (item->entry));
  if (*typed == '\0')
    return;
  g_clear_pointer (&item->typed, sillok_secret_free);
  item->typed = sillok_secret_new_from_string (typed);
  gtk_editable_set_text (GTK_EDITABLE (item->entry), "");
  item->tried = TRUE;
  item->automatic = FALSE;
  /* Alone: once it opens the bundle, it is known to be the one. */
  passphrases = g_ptr_array_new ();
  g_ptr_array_add (passphrases, item->typed);
  /* The keyboard stays on this row: on its Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (item->cancel));
  queue_again (row, passphrases);
}

static void
ask_cancel_clicked (GtkWidget *row)
{
  if (item_of (row)->state == SILLOK_IMPORT_PASSPHRASE)
    finish_item (row, SILLOK_IMPORT_FAILED, _("Cancelled. Nothing was imported."));
}

static void
passphrase_changed (GtkWidget *row)
{
  Item *item = item_of (row);

  gtk_widget_set_sensitive (GTK_WIDGET (item->ask_import),
                            *gtk_editable_get_text (GTK_EDITABLE (item->entry)) != '\0');
}

/* The page that asks, made only for a row that needs it: a homogeneous
 * stack takes the height of its tallest page. */
static void
build_ask (GtkWidget *row)
{
  Item *item = item_of (row);
  GtkWidget *fields = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *display = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autofree char *name = g_strdup_printf (_("Passphrase of %s"), display);

  item->ask = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_bottom (item->ask, 6);
  item->ask_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (item->ask_label), "subtitle");
  gtk_label_set_xalign (item->ask_label, 0);
  gtk_box_append (GTK_BOX (item->ask), GTK_WIDGET (item->ask_label));

  item->entry = GTK_PASSWORD_ENTRY (gtk_password_entry_new ());
  gtk_password_entry_set_show_peek_icon (item->entry, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (item->entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  item->ask_import = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Import")));
  gtk_widget_add_css_class (GTK_WIDGET (item->ask_import), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (item->ask_import), FALSE);
  item->ask_cancel = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Cancel")));
  gtk_box_append (GTK_BOX (fields), GTK_WIDGET (item->entry));
  gtk_box_append (GTK_BOX (fields), GTK_WIDGET (item->ask_import));
  gtk_box_append (GTK_BOX (fields), GTK_WIDGET (item->ask_cancel));
  gtk_box_append (GTK_BOX (item->ask), fields);

  g_signal_connect_object (item->entry, "activate", G_CALLBACK (submit_passphrase), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (item->entry, "changed", G_CALLBACK (passphrase_changed), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (item->ask_import, "clicked", G_CALLBACK (submit_passphrase), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (item->ask_cancel, "clicked", G_CALLBACK (ask_cancel_clicked), row, G_CONNECT_SWAPPED);
  gtk_stack_add_named (item->lines, item->ask, "passphrase");
}

/* Asks on the row for the bundle's passphrase, or again after a wrong
 * one.  Nothing was imported: the reading stopped at the age header. */
static void
ask_passphrase (GtkWidget *row)
{
  Item *item = item_of (row);
  g_autofree char *lines = NULL;
  GtkRoot *root = gtk_widget_get_root (row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (item->ask == NULL)
    build_ask (row);
  item->state = SILLOK_IMPORT_PASSPHRASE;
  g_free (item->ask_text);
  item->ask_text = g_strdup (item->tried ? _("Wrong passphrase: it does not open this bundle. Nothing was imported. "
                                             "Type it again, or cancel.")
                                         : _("Encrypted with a passphrase instead of this vault’s key: type the "
                                             "bundle passphrase to import it."));
  lines = sillok_break_lines (item->ask_text, RESULT_COLUMNS);
  gtk_label_set_text (item->ask_label, lines);
  gtk_stack_set_visible_child_name (item->lines, "passphrase");
  gtk_stack_set_visible_child_name (item->icon, item->tried ? "failed" : "passphrase");
  if (item->tried)
    gtk_widget_add_css_class (row, "import-failed");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, item->ask_text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item->entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  item->ask_text, -1);
  /* Into the field after a wrong passphrase typed there (the keyboard
   * was on this row), or when nothing else is being typed into. */
  if ((item->tried && !item->automatic) || focus == NULL || !GTK_IS_EDITABLE (focus))
    gtk_widget_grab_focus (GTK_WIDGET (item->entry));
}

/* The height of the result of a usual import (records added, nothing else
 * to say) in this language and text size: every row keeps room for it from
 * the start, so that a row does not grow when its bundle is done. */
static int
usual_result_height (GtkWidget *result)
{
  SillokImportResult usual = { 0 };
  g_autofree char *text = describe_result (&usual, NULL);
  g_autofree char *lines = sillok_break_lines (text, RESULT_COLUMNS);

  return text_height (result, lines);
}

static GtkWidget *
icon_page (GtkStack   *stack,
           const char *name,
           const char *icon_name,
           const char *style)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  if (style != NULL)
    gtk_widget_add_css_class (image, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_stack_add_named (stack, image, name);
  return image;
}

static void
add_file (SillokImportPage *self,
          GFile            *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name);
  Item *item = g_new0 (Item, 1);
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (display);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  item->page = self;
  item->file = g_object_ref (file);
  item->cancellable = g_cancellable_new ();
  item->state = SILLOK_IMPORT_WAITING;
  g_object_set_data_full (G_OBJECT (row), "sillok-import-item", item, (GDestroyNotify) item_free);

  /* Laid out as libadwaita lays out an action row (row > box.header >
   * box.title > .title, .subtitle), so that its style applies. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), display);
  gtk_widget_add_css_class (header, "header");
  gtk_widget_add_css_class (titles, "title");
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (title, "title");
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (titles), title);

  item->icon = GTK_STACK (gtk_stack_new ());
  gtk_widget_add_css_class (GTK_WIDGET (item->icon), "prefixes");
  gtk_widget_set_valign (GTK_WIDGET (item->icon), GTK_ALIGN_CENTER);
  icon_page (item->icon, "waiting", "package-x-generic-symbolic", NULL);
  icon_page (item->icon, "imported", "emblem-ok-symbolic", "success");
  icon_page (item->icon, "failed", "dialog-error-symbolic", "error");
  icon_page (item->icon, "passphrase", "dialog-password-symbolic", NULL);
  gtk_stack_set_visible_child_name (item->icon, "waiting");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (item->icon));
  gtk_box_append (GTK_BOX (header), titles);

  item->status = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (item->status), "subtitle");
  gtk_inscription_set_text_overflow (item->status, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (item->status), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (item->status), GTK_ALIGN_CENTER);
  item->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_valign (GTK_WIDGET (item->bar), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (item->bar), 120, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Import progress"), -1);
  item->cancel = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Cancel")));
  gtk_widget_set_valign (GTK_WIDGET (item->cancel), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (item->status));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (item->bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (item->cancel));
  item->result = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (item->result), "subtitle");
  gtk_inscription_set_text_overflow (item->result, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_yalign (item->result, 0);
  item->lines = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (item->lines, box, "running");
  gtk_stack_add_named (item->lines, GTK_WIDGET (item->result), "done");
  gtk_stack_set_visible_child_name (item->lines, "running");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (item->lines));
  g_signal_connect_object (item->cancel, "clicked", G_CALLBACK (cancel_clicked), row, 0);
  gtk_widget_set_has_tooltip (row, TRUE);
  g_signal_connect (row, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), header);
  set_status (row, _("Waiting…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, display, -1);

  gtk_list_box_append (self->results, row);
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), TRUE);
  /* Measured in the list, where the style of a subtitle applies. */
  if (self->result_height <= 0)
    self->result_height = usual_result_height (GTK_WIDGET (item->result));
  gtk_widget_set_size_request (GTK_WIDGET (item->result), -1, self->result_height);
  /* The passphrases remembered so far go with the vault's key: a bundle
   * under one of them never asks (one not under a passphrase never tries
   * them). */
  {
    g_autoptr(GPtrArray) remembered = untried_passphrases (item);

    start_import (row, remembered);
  }
}

static gboolean
add_batch (gpointer data)
{
  SillokImportPage *self = data;

  for (guint i = 0; i < ROWS_PER_BATCH && !g_queue_is_empty (&self->waiting); i++)
    {
      g_autoptr(GFile) file = g_queue_pop_head (&self->waiting);

      add_file (self, file);
    }
  if (!g_queue_is_empty (&self->waiting))
    return G_SOURCE_CONTINUE;
  self->add_source = 0;
  return G_SOURCE_REMOVE;
}

void
sillok_import_page_add_files (SillokImportPage *self,
                              GListModel       *files)
{
  guint n;

  g_return_if_fail (SILLOK_IS_IMPORT_PAGE (self));
  g_return_if_fail (self->session != NULL);

  n = g_list_model_get_n_items (files);
  /* Measured again for each batch of files: the language or the text
   * size may have changed since the last. */
  if (g_queue_is_empty (&self->waiting))
    self->result_height = 0;
  for (guint i = 0; i < n; i++)
    g_queue_push_tail (&self->waiting, g_list_model_get_item (files, i));
  self->pending += n;
  /* The first rows at once, the others in the next frames (their bundles
   * would wait behind the first anyway: imports run one at a time). */
  if (self->add_source == 0 && add_batch (self) == G_SOURCE_CONTINUE)
    {
      self->add_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, BATCH_INTERVAL_MS, add_batch, self, NULL);
      g_source_set_name_by_id (self->add_source, "[sillok] import rows");
    }
}

void
sillok_import_page_clear (SillokImportPage *self)
{
  GtkWidget *row;
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (SILLOK_IS_IMPORT_PAGE (self));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  /* GTK 4.8's password entry leaves its Caps Lock watch behind when it
   * goes with the focus in it (a row asking for a passphrase, on lock or
   * when the window closes): the focus leaves the rows first. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->results)))
    gtk_root_set_focus (root, NULL);
  g_clear_handle_id (&self->add_source, g_source_remove);
  g_queue_clear_full (&self->waiting, g_object_unref);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    {
      g_cancellable_cancel (item_of (row)->cancellable);
      /* Wiped now: the row lives on until its job has ended. */
      g_clear_pointer (&item_of (row)->typed, sillok_secret_free);
      gtk_list_box_remove (self->results, row);
    }
  forget_passphrases (self);
  self->pending = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), FALSE);
}

/* The remembered passphrases go with a lock (or an erase), whatever
 * else the window does then. */
static void
session_state_changed (SillokImportPage *self)
{
  if (sillok_session_get_state (self->session) != SILLOK_SESSION_UNLOCKED)
    forget_passphrases (self);
}

void
sillok_import_page_set_session (SillokImportPage *self,
                                SillokSession    *session)
{
  g_return_if_fail (SILLOK_IS_IMPORT_PAGE (self));
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  forget_passphrases (self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
chooser_response (GtkNativeDialog  *chooser,
                  int               response,
                  SillokImportPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      sillok_import_page_add_files (self, files);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose Bundles"), GTK_WINDOW (root),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                                               _("_Cancel"));
  g_autoptr(GtkFileFilter) bundles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (bundles, _("Sillok bundles"));
  gtk_file_filter_add_suffix (bundles, "sillok");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), bundles);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         SillokImportPage *self)
{
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GSList) list = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->session == NULL)
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_list_store_append (files, l->data);
  sillok_import_page_add_files (self, G_LIST_MODEL (files));
  return TRUE;
}

static void
sillok_import_page_dispose (GObject *object)
{
  SillokImportPage *self = SILLOK_IMPORT_PAGE (object);

  if (self->results != NULL)
    sillok_import_page_clear (self);
  forget_passphrases (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sillok_import_page_parent_class)->dispose (object);
}

static void
sillok_import_page_finalize (GObject *object)
{
  SillokImportPage *self = SILLOK_IMPORT_PAGE (object);

  g_ptr_array_unref (self->remembered);
  G_OBJECT_CLASS (sillok_import_page_parent_class)->finalize (object);
}

static void
sillok_import_page_class_init (SillokImportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_import_page_dispose;
  object_class->finalize = sillok_import_page_finalize;
  /* A bundle was imported: the archive changed. */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_activated);
}

static void
sillok_import_page_init (SillokImportPage *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose Bundles…"));
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  self->remembered = g_ptr_array_new_with_free_func ((GDestroyNotify) remembered_free);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Import Bundles"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Choose bundles (.sillok files) or drop them here. Each bundle is checked "
                                           "completely before anything is written: a bundle that fails a check "
                                           "changes nothing."));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "import.choose");
  gtk_widget_add_css_class (choose, "suggested-action");
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), choose);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->results_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->results_group, _("Results"));
  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->results, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->results), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Imported bundles"), -1);
  adw_preferences_group_add (self->results_group, GTK_WIDGET (self->results));
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->results_group);

  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  adw_bin_set_child (ADW_BIN (self), page);
}
