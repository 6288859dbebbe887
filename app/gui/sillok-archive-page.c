/* sillok-archive-page.c: the coordinator's archive: records, a record's
 * versions, statistics, persons, conflicts and analyst tables
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-archive-item.h"
#include "sillok-archive-jobs.h"
#include "sillok-archive-page.h"
#include "sillok-archive-views.h"
#include "sillok-export-dialog.h"

#define N_DIMENSIONS (SILLOK_ARCHIVE_BY_ILO_INDICATOR + 1)

struct _SillokArchivePage
{
  AdwBin             parent_instance;

  SillokSession     *session;
  guint              busy;
  guint              generation;      /* answers of an older read are dropped */
  GCancellable      *list_cancellable;

  GtkStack          *stack;           /* "main" or "record" */
  AdwViewStack      *views;
  GListStore        *records;
  GtkStack          *records_stack;   /* "list" or "empty" */
  GtkSearchEntry    *search;
  GtkDropDown       *filter_by;       /* 0: every record; else a dimension + 1 */
  GtkDropDown       *filter_key;      /* that dimension's keys, from the statistics */
  GPtrArray         *filter_keys;     /* the keys, in the order of filter_key's items */
  gboolean           filling;         /* filter_key's items being replaced */
  SillokArchiveStats *stats;          /* as last read */
  SillokExportDialog *reexport_dialog; /* weak */
  GtkWidget         *record_view;
  AdwWindowTitle    *record_title;
  char              *record;
  GtkWidget         *persons_view;
  GtkWidget         *conflicts_view;
  SillokStatsChart  *charts[N_DIMENSIONS];
  GtkLabel          *chart_empty[N_DIMENSIONS];

  AdwComboRow       *format_row;
  GtkSpinButton     *k_spin;
  AdwActionRow      *destination_row;
  GFile             *destination;
  GtkButton         *export_button;
  GtkLabel          *export_result;
};

G_DEFINE_FINAL_TYPE (SillokArchivePage, sillok_archive_page, ADW_TYPE_BIN)

static gboolean
unlocked (SillokArchivePage *self)
{
  return self->session != NULL && sillok_session_get_state (self->session) == SILLOK_SESSION_UNLOCKED;
}

gboolean
sillok_archive_page_get_busy (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), FALSE);
  return self->busy > 0;
}

GListModel *
sillok_archive_page_get_records (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return G_LIST_MODEL (self->records);
}

GtkSearchEntry *
sillok_archive_page_get_search_entry (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return self->search;
}

GtkDropDown *
sillok_archive_page_get_filter_by (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return self->filter_by;
}

GtkDropDown *
sillok_archive_page_get_filter_key (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return self->filter_key;
}

SillokExportDialog *
sillok_archive_page_get_export_dialog (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return self->reexport_dialog;
}

const char *
sillok_archive_page_get_record (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return self->record;
}

GtkWidget *
sillok_archive_page_get_record_view (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return self->record_view;
}

SillokStatsChart *
sillok_archive_page_get_chart (SillokArchivePage      *self,
                               SillokArchiveDimension  dimension)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  g_return_val_if_fail (dimension < N_DIMENSIONS, NULL);
  return self->charts[dimension];
}

AdwComboRow *
sillok_archive_page_get_format_row (SillokArchivePage *self)
{
  return self->format_row;
}

GtkSpinButton *
sillok_archive_page_get_k_spin (SillokArchivePage *self)
{
  return self->k_spin;
}

GtkButton *
sillok_archive_page_get_export_button (SillokArchivePage *self)
{
  return self->export_button;
}

const char *
sillok_archive_page_get_export_result (SillokArchivePage *self)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->export_result)) ? gtk_label_get_label (self->export_result) : NULL;
}

void
sillok_archive_page_show_view (SillokArchivePage *self,
                               const char        *name)
{
  g_return_if_fail (SILLOK_IS_ARCHIVE_PAGE (self));
  sillok_archive_page_open_record (self, NULL);
  adw_view_stack_set_visible_child_name (self->views, name);
}

GtkWidget *
sillok_archive_page_get_view (SillokArchivePage *self,
                              const char        *name)
{
  g_return_val_if_fail (SILLOK_IS_ARCHIVE_PAGE (self), NULL);
  return adw_view_stack_get_child_by_name (self->views, name);
}

/* Every read ends here: the page is busy until the last one is back. */
static gpointer
finish_read (SillokArchivePage *self,
             GAsyncResult      *result,
             guint              generation,
             GDestroyNotify     value_free)
{
  g_autoptr(GError) error = NULL;
  gpointer value;

  value = sillok_session_run_finish (self->session, result, &error);
  self->busy--;
  if (value == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && !g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
    g_warning ("Could not read the archive: %s", error->message);
  if (value != NULL && (generation != self->generation || !unlocked (self)))
    g_clear_pointer (&value, value_free);
  return value;
}

typedef struct
{
  SillokArchivePage *page;
  guint              generation;
} Read;

static Read *
read_new (SillokArchivePage *self)
{
  Read *read = g_new0 (Read, 1);

  read->page = g_object_ref (self);
  read->generation = self->generation;
  self->busy++;
  return read;
}

static void
read_free (Read *read)
{
  g_object_unref (read->page);
  g_free (read);
}

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Read *read = data;
  SillokArchivePage *self = read->page;
  g_autoptr(GPtrArray) list = finish_read (self, result, read->generation, (GDestroyNotify) g_ptr_array_unref);

  if (list != NULL)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_set_free_func (list, NULL);
      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (items, sillok_archive_item_new (list->pdata[i]));
      g_list_store_splice (self->records, 0, g_list_model_get_n_items (G_LIST_MODEL (self->records)), items->pdata,
                           items->len);
      gtk_stack_set_visible_child_name (self->records_stack, items->len > 0 ? "list" : "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.reexport", items->len > 0);
    }
  read_free (read);
}

/* The list alone, for a new search or filter: a search still queued is dropped. */
static void
read_list (SillokArchivePage *self)
{
  guint by = gtk_drop_down_get_selected (self->filter_by);
  guint at = gtk_drop_down_get_selected (self->filter_key);
  const char *key = NULL;

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (by != 0 && by != GTK_INVALID_LIST_POSITION)
    {
      /* A dimension no record mentions yet: nothing to list. */
      if (at == GTK_INVALID_LIST_POSITION || at >= self->filter_keys->len)
        {
          g_list_store_remove_all (self->records);
          gtk_stack_set_visible_child_name (self->records_stack, "empty");
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.reexport", FALSE);
          return;
        }
      key = self->filter_keys->pdata[at];
    }
  self->list_cancellable = g_cancellable_new ();
  sillok_archive_job_list (self->session, gtk_editable_get_text (GTK_EDITABLE (self->search)),
                           by == 0 || by == GTK_INVALID_LIST_POSITION ? SILLOK_ARCHIVE_BY_SITE : by - 1, key,
                           self->list_cancellable, list_done, read_new (self));
}

/* The key the list is filtered on, or NULL. */
static char *
filter_key (SillokArchivePage *self)
{
  guint at = gtk_drop_down_get_selected (self->filter_key);

  if (gtk_drop_down_get_selected (self->filter_by) == 0 || at == GTK_INVALID_LIST_POSITION
      || at >= self->filter_keys->len)
    return NULL;
  return g_strdup (self->filter_keys->pdata[at]);
}

/* The keys of the dimension chosen, from the statistics last read; the key
 * chosen stays chosen while the archive still has it. */
static void
fill_filter_keys (SillokArchivePage *self)
{
  guint by = gtk_drop_down_get_selected (self->filter_by);
  guint at = gtk_drop_down_get_selected (self->filter_key);
  g_autofree char *chosen = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint select = GTK_INVALID_LIST_POSITION;

  if (at != GTK_INVALID_LIST_POSITION && at < self->filter_keys->len)
    chosen = g_strdup (self->filter_keys->pdata[at]);
  g_ptr_array_set_size (self->filter_keys, 0);
  if (by != 0 && by != GTK_INVALID_LIST_POSITION && self->stats != NULL)
    {
      GPtrArray *counts = self->stats->dimensions[by - 1];

      for (guint i = 0; i < counts->len; i++)
        {
          SillokArchiveCount *c = counts->pdata[i];
          g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u record)",
                                                                 "%s (%u records)", c->records),
                                                    c->label, c->records);

          if (g_strcmp0 (c->key, chosen) == 0)
            select = i;
          g_ptr_array_add (self->filter_keys, g_strdup (c->key));
          gtk_string_list_append (labels, label);
        }
    }
  if (select == GTK_INVALID_LIST_POSITION && self->filter_keys->len > 0)
    select = 0;
  self->filling = TRUE;
  gtk_drop_down_set_model (self->filter_key, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->filter_key, select);
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->filter_key), by != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_key), self->filter_keys->len > 0);
}

static void
filter_by_changed (SillokArchivePage *self)
{
  fill_filter_keys (self);
  if (unlocked (self))
    {
      self->generation++;
      read_list (self);
    }
}

static void
filter_key_changed (SillokArchivePage *self)
{
  if (!self->filling && unlocked (self))
    {
      self->generation++;
      read_list (self);
    }
}

static void
stats_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Read *read = data;
  SillokArchivePage *self = read->page;
  g_autoptr(SillokArchiveStats) stats = finish_read (self, result, read->generation,
                                                     (GDestroyNotify) sillok_archive_stats_free);

  for (guint d = 0; stats != NULL && d < N_DIMENSIONS; d++)
    {
      sillok_stats_chart_set_counts (self->charts[d], stats->dimensions[d]);
      gtk_widget_set_visible (GTK_WIDGET (self->chart_empty[d]), stats->dimensions[d]->len == 0);
    }
  if (stats != NULL)
    {
      g_autofree char *before = filter_key (self);
      g_autofree char *after = NULL;

      g_clear_pointer (&self->stats, sillok_archive_stats_free);
      self->stats = g_steal_pointer (&stats);
      fill_filter_keys (self);
      /* The list was read with the keys known before: read it again if the
       * filter's key is not the same now. */
      after = filter_key (self);
      if (gtk_drop_down_get_selected (self->filter_by) != 0 && g_strcmp0 (before, after) != 0)
        read_list (self);
    }
  read_free (read);
}

static void
persons_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Read *read = data;
  SillokArchivePage *self = read->page;
  g_autoptr(GHashTable) persons = finish_read (self, result, read->generation, (GDestroyNotify) g_hash_table_unref);

  if (persons != NULL)
    sillok_archive_view_show_persons (self->persons_view, persons);
  read_free (read);
}

static void
conflicts_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Read *read = data;
  SillokArchivePage *self = read->page;
  g_autoptr(SillokArchiveConflictSet) set = finish_read (self, result, read->generation,
                                                           (GDestroyNotify) sillok_archive_conflict_set_free);

  if (set != NULL)
    sillok_archive_view_show_conflicts (self->conflicts_view, set);
  read_free (read);
}

void
sillok_archive_page_refresh (SillokArchivePage *self)
{
  g_return_if_fail (SILLOK_IS_ARCHIVE_PAGE (self));

  /* Read again when shown (the page refreshes on map): a page out of sight
   * reading the whole archive after every bundle imported would make each
   * import cost more than the one before. */
  if (!unlocked (self) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->generation++;
  sillok_archive_job_stats (self->session, stats_done, read_new (self));
  read_list (self);
  sillok_archive_job_persons (self->session, persons_done, read_new (self));
  sillok_archive_job_conflicts (self->session, conflicts_done, read_new (self));
}

void
sillok_archive_page_clear (SillokArchivePage *self)
{
  g_return_if_fail (SILLOK_IS_ARCHIVE_PAGE (self));

  self->generation++;
  g_list_store_remove_all (self->records);
  gtk_stack_set_visible_child_name (self->records_stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.reexport", FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  g_clear_pointer (&self->stats, sillok_archive_stats_free);
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->filter_by, 0);
  self->filling = FALSE;
  fill_filter_keys (self);
  sillok_archive_page_open_record (self, NULL);
  sillok_archive_view_clear (self->record_view);
  sillok_archive_view_clear (self->persons_view);
  sillok_archive_view_clear (self->conflicts_view);
  for (guint d = 0; d < N_DIMENSIONS; d++)
    {
      sillok_stats_chart_set_counts (self->charts[d], NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->chart_empty[d]), TRUE);
    }
  g_clear_object (&self->destination);
  adw_action_row_set_subtitle (self->destination_row, _("None chosen"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.export", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_result), FALSE);
}

static void
session_state_changed (SillokArchivePage *self)
{
  if (!unlocked (self))
    sillok_archive_page_clear (self);
}

void
sillok_archive_page_set_session (SillokArchivePage *self,
                                 SillokSession     *session)
{
  g_return_if_fail (SILLOK_IS_ARCHIVE_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed), self, G_CONNECT_SWAPPED);
}

static void
detail_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Read *read = data;
  SillokArchivePage *self = read->page;
  g_autoptr(SillokArchiveDetail) detail = finish_read (self, result, read->generation,
                                                      (GDestroyNotify) sillok_archive_detail_free);

  if (detail != NULL && g_strcmp0 (detail->record, self->record) == 0)
    sillok_archive_view_show_record (self->record_view, detail);
  read_free (read);
}

void
sillok_archive_page_open_record (SillokArchivePage *self,
                                 const char        *record)
{
  g_return_if_fail (SILLOK_IS_ARCHIVE_PAGE (self));

  g_free (self->record);
  self->record = g_strdup (record);
  if (record == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "main");
      return;
    }
  sillok_archive_view_clear (self->record_view);
  adw_window_title_set_title (self->record_title, _("Archived Record"));
  adw_window_title_set_subtitle (self->record_title, record);
  gtk_stack_set_visible_child_name (self->stack, "record");
  if (unlocked (self))
    sillok_archive_job_detail (self->session, record, detail_done, read_new (self));
}

static void
open_record_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sillok_archive_page_open_record (SILLOK_ARCHIVE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sillok_archive_page_open_record (SILLOK_ARCHIVE_PAGE (widget), NULL);
}

static void
list_activated (GtkListView       *view,
                guint              position,
                SillokArchivePage *self)
{
  g_autoptr(SillokArchiveItem) item = g_list_model_get_item (G_LIST_MODEL (self->records), position);

  if (item != NULL)
    sillok_archive_page_open_record (self, sillok_archive_item_get (item)->record);
}

/* Re-export: the records listed (chosen by the search and the filters), to
 * a legal team or another coordinator, their interviewers' signatures
 * intact. */
static void
reexport_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SillokArchivePage *self = SILLOK_ARCHIVE_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->records));
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->reexport_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->reexport_dialog));
      return;
    }
  if (!unlocked (self) || n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SillokArchiveItem) item = g_list_model_get_item (G_LIST_MODEL (self->records), i);
      const SillokArchiveRecord *r = sillok_archive_item_get (item);

      g_ptr_array_add (uuids, g_strdup (r->record));
      g_ptr_array_add (titles, g_strdup (r->title != NULL ? r->title : ""));
    }
  self->reexport_dialog = sillok_export_dialog_new_from_archive (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                 self->session, uuids, titles);
  g_object_add_weak_pointer (G_OBJECT (self->reexport_dialog), (gpointer *) &self->reexport_dialog);
  gtk_window_present (GTK_WINDOW (self->reexport_dialog));
}

static void
search_changed (SillokArchivePage *self)
{
  if (unlocked (self))
    {
      self->generation++;
      read_list (self);
    }
}

/* Analyst export */

void
sillok_archive_page_set_destination (SillokArchivePage *self,
                                     GFile             *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SILLOK_IS_ARCHIVE_PAGE (self));
  g_set_object (&self->destination, file);
  path = file != NULL ? g_file_get_parse_name (file) : NULL;
  adw_action_row_set_subtitle (self->destination_row, path != NULL ? path : _("None chosen"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.export", file != NULL);
}

static void
destination_response (GtkNativeDialog   *chooser,
                      int                response,
                      SillokArchivePage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      sillok_archive_page_set_destination (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_destination_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SillokArchivePage *self = SILLOK_ARCHIVE_PAGE (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save the Analyst Table"),
                                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                               _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     adw_combo_row_get_selected (self->format_row) == 0 ? "analyst.csv"
                                                                                         : "analyst.jsonl");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (destination_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SillokArchivePage *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree SillokAnalystOutcome *outcome = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);
  g_autofree char *text = NULL;

  self->busy--;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.export", self->destination != NULL);
  if (outcome != NULL)
    text = g_strdup_printf (_("Rows written: %u · Values suppressed: %u"), outcome->rows, outcome->suppressed);
  else
    text = g_strdup_printf (_("Nothing was written: %s"), error->message);
  gtk_label_set_label (self->export_result, text);
  gtk_widget_set_visible (GTK_WIDGET (self->export_result), unlocked (self));
  if (outcome != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->export_result), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->export_result), "error");
  g_object_unref (self);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SillokArchivePage *self = SILLOK_ARCHIVE_PAGE (widget);
  SillokAnalystFormat format = adw_combo_row_get_selected (self->format_row) == 0 ? SILLOK_ANALYST_CSV
                                                                                  : SILLOK_ANALYST_JSONL;

  if (self->destination == NULL || !unlocked (self))
    return;
  self->busy++;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.export", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_result), FALSE);
  sillok_archive_job_analyst_export (self->session, format, (guint) gtk_spin_button_get_value_as_int (self->k_spin),
                                     self->destination, export_done, g_object_ref (self));
}

/* Building the page */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *waiting = gtk_label_new (_("Waiting for an earlier version"));
  GtkWidget *conflict = gtk_label_new (_("Conflict"));

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), text);
  for (GtkWidget *badge = waiting; badge != NULL; badge = badge == waiting ? conflict : NULL)
    {
      gtk_widget_add_css_class (badge, "archive-badge");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), badge);
    }
  gtk_widget_add_css_class (conflict, "conflict");
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  const SillokArchiveRecord *r = sillok_archive_item_get (gtk_list_item_get_item (item));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *text = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *waiting = gtk_widget_get_next_sibling (text);
  GtkWidget *conflict = gtk_widget_get_next_sibling (waiting);
  g_autofree char *fallback = g_strdup_printf (_("Record %s"), r->record);
  g_autofree char *details = NULL;

  if (r->sealed != NULL)
    details = g_strdup_printf (_("Version %u of %u · signed by %s · sealed %s"), r->version, r->versions, r->signer,
                               r->sealed);
  else
    details = g_strdup_printf (_("Version %u of %u · signed by %s"), r->version, r->versions, r->signer);
  gtk_label_set_label (GTK_LABEL (title), r->title != NULL && *r->title != '\0' ? r->title : fallback);
  gtk_label_set_label (GTK_LABEL (subtitle), details);
  gtk_widget_set_visible (waiting, !r->complete);
  gtk_widget_set_visible (conflict, r->conflicts > 0);
}

static GtkWidget *
build_records (SillokArchivePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *clamp = adw_clamp_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list_clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();

  static const char *const filters[] = {
    N_("All Records"), N_("By Site"), N_("By Province"), N_("By Year"), N_("By Labour Category"),
    N_("By Managing Organ"), N_("By ILO Indicator"), NULL,
  };
  g_autoptr(GtkStringList) filter_names = gtk_string_list_new (NULL);
  GtkWidget *search_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *filter_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *reexport;

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search disclosed values"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the archive"), -1);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (search_changed), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (search_box), GTK_WIDGET (self->search));

  /* Filters: the dimensions of the statistics, each key with its count. */
  for (guint i = 0; filters[i] != NULL; i++)
    gtk_string_list_append (filter_names, _(filters[i]));
  self->filter_by = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (filter_names)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_by), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filter records by"), -1);
  g_signal_connect_object (self->filter_by, "notify::selected", G_CALLBACK (filter_by_changed), self,
                           G_CONNECT_SWAPPED);
  self->filter_key = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_drop_down_set_enable_search (self->filter_key, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->filter_key), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_key), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_key), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show records that mention"), -1);
  g_signal_connect_object (self->filter_key, "notify::selected", G_CALLBACK (filter_key_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (filter_box), GTK_WIDGET (self->filter_by));
  gtk_box_append (GTK_BOX (filter_box), GTK_WIDGET (self->filter_key));
  reexport = gtk_button_new_with_mnemonic (_("E_xport…"));
  gtk_widget_set_halign (reexport, GTK_ALIGN_END);
  gtk_widget_set_hexpand (reexport, TRUE);
  gtk_widget_set_tooltip_text (reexport, _("Export the records listed to a legal team or another coordinator, "
                                           "with their interviewers' signatures"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reexport), "archive.reexport");
  gtk_box_append (GTK_BOX (filter_box), reexport);
  gtk_box_append (GTK_BOX (search_box), filter_box);
  gtk_widget_set_margin_top (search_box, 12);
  gtk_widget_set_margin_bottom (search_box, 6);
  gtk_widget_set_margin_start (search_box, 12);
  gtk_widget_set_margin_end (search_box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), search_box);
  gtk_box_append (GTK_BOX (box), clamp);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->records)))),
                            factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (list), TRUE);
  /* A card with separators: GtkListView takes no boxed-list style in 1.2. */
  gtk_widget_add_css_class (list, "card");
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (list), TRUE);
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_widget_set_margin_top (list, 6);
  gtk_widget_set_margin_bottom (list, 24);
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Archived records"), -1);
  g_signal_connect_object (list, "activate", G_CALLBACK (list_activated), self, 0);
  adw_clamp_set_maximum_size (ADW_CLAMP (list_clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (list_clamp), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list_clamp);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "folder-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Records"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Import bundles from interviewers on the Bundles page. Records found by a "
                                     "search show here too."));

  self->records_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->records_stack), TRUE);
  gtk_stack_add_named (self->records_stack, scrolled, "list");
  gtk_stack_add_named (self->records_stack, empty, "empty");
  gtk_stack_set_visible_child_name (self->records_stack, "empty");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->records_stack));
  return box;
}

static GtkWidget *
build_statistics (SillokArchivePage *self)
{
  static const char *const titles[N_DIMENSIONS] = {
    N_("Sites"), N_("Provinces"), N_("Years"), N_("Labour Categories"), N_("Managing Organs"), N_("ILO Indicators"),
  };
  GtkWidget *view = sillok_archive_view_new ();
  GtkBox *column = g_object_get_data (G_OBJECT (view), "sillok-column");

  for (guint d = 0; d < N_DIMENSIONS; d++)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(titles[d]));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("Records that mention each"));
      self->charts[d] = SILLOK_STATS_CHART (sillok_stats_chart_new ());
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->charts[d]), GTK_ACCESSIBLE_PROPERTY_LABEL, _(titles[d]),
                                      -1);
      self->chart_empty[d] = GTK_LABEL (gtk_label_new (_("No record mentions one yet.")));
      gtk_label_set_xalign (self->chart_empty[d], 0);
      gtk_widget_add_css_class (GTK_WIDGET (self->chart_empty[d]), "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->charts[d]));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->chart_empty[d]));
      gtk_box_append (column, group);
    }
  return view;
}

static GtkWidget *
build_export (SillokArchivePage *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *k_row = adw_action_row_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  GtkWidget *actions = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  const char *formats[] = { N_("CSV"), N_("JSON Lines"), NULL };
  g_autoptr(GtkStringList) format_names = gtk_string_list_new (NULL);

  for (guint i = 0; formats[i] != NULL; i++)
    gtk_string_list_append (format_names, _(formats[i]));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Analyst Table"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("One row per record with its open and generalized values only: never "
                                           "names, exact dates, narratives or pseudonyms. The quasi-identifiers of "
                                           "rare rows are emptied until every combination is shared by at least "
                                           "k rows."));
  self->format_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->format_row), _("Format"));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (format_names));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->format_row));

  self->k_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 1000, 1));
  gtk_spin_button_set_value (self->k_spin, 5);
  gtk_widget_set_valign (GTK_WIDGET (self->k_spin), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (k_row), _("Smallest Group (k)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (k_row), _("Rows that must share each combination"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (k_row), GTK_WIDGET (self->k_spin));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (k_row), GTK_WIDGET (self->k_spin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), k_row);

  self->destination_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->destination_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->destination_row), _("Destination"));
  adw_action_row_set_subtitle (self->destination_row, _("None chosen"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "archive.choose-destination");
  adw_action_row_add_suffix (self->destination_row, choose);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->destination_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->export_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Export")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->export_button), "archive.export");
  gtk_widget_add_css_class (GTK_WIDGET (self->export_button), "pill");
  gtk_widget_add_css_class (GTK_WIDGET (self->export_button), "suggested-action");
  gtk_widget_set_halign (GTK_WIDGET (self->export_button), GTK_ALIGN_CENTER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.export", FALSE);
  self->export_result = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->export_result, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_result), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->export_button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->export_result));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (actions), box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (actions));
  return page;
}

static GtkWidget *
build_record_page (SillokArchivePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_center_box_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "archive.back");
  gtk_widget_set_tooltip_text (back, _("Back to the Archive"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back to the Archive"), -1);
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_margin_start (back, 6);
  gtk_widget_set_margin_top (back, 6);
  gtk_widget_set_margin_bottom (back, 6);
  self->record_title = ADW_WINDOW_TITLE (adw_window_title_new ("", ""));
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (bar), back);
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (bar), GTK_WIDGET (self->record_title));
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  self->record_view = sillok_archive_view_new ();
  gtk_box_append (GTK_BOX (box), self->record_view);
  return box;
}

static void
sillok_archive_page_dispose (GObject *object)
{
  SillokArchivePage *self = SILLOK_ARCHIVE_PAGE (object);

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->records);
  g_clear_object (&self->destination);
  g_clear_pointer (&self->record, g_free);
  g_clear_pointer (&self->stats, sillok_archive_stats_free);
  g_clear_pointer (&self->filter_keys, g_ptr_array_unref);
  g_clear_weak_pointer (&self->reexport_dialog);
  G_OBJECT_CLASS (sillok_archive_page_parent_class)->dispose (object);
}

static void
sillok_archive_page_class_init (SillokArchivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_archive_page_dispose;
  gtk_widget_class_install_action (widget_class, "archive.open-record", "s", open_record_activated);
  gtk_widget_class_install_action (widget_class, "archive.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "archive.choose-destination", NULL, choose_destination_activated);
  gtk_widget_class_install_action (widget_class, "archive.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "archive.reexport", NULL, reexport_activated);
}

static void
sillok_archive_page_init (SillokArchivePage *self)
{
  GtkWidget *main_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher = adw_view_switcher_new ();
  GtkWidget *narrow;
  GtkWidget *squeezer;
  AdwViewStackPage *page;

  self->filter_keys = g_ptr_array_new_with_free_func (g_free);
  self->records = g_list_store_new (SILLOK_TYPE_ARCHIVE_ITEM);
  self->views = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->views), TRUE);
  page = adw_view_stack_add_titled (self->views, build_records (self), "records", _("Records"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");
  page = adw_view_stack_add_titled (self->views, build_statistics (self), "statistics", _("Statistics"));
  adw_view_stack_page_set_icon_name (page, "power-profile-balanced-symbolic");
  self->persons_view = sillok_archive_view_new ();
  page = adw_view_stack_add_titled (self->views, self->persons_view, "persons", _("Persons"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");
  self->conflicts_view = sillok_archive_view_new ();
  page = adw_view_stack_add_titled (self->views, self->conflicts_view, "conflicts", _("Conflicts"));
  adw_view_stack_page_set_icon_name (page, "dialog-warning-symbolic");
  page = adw_view_stack_add_titled (self->views, build_export (self), "export", _("Analyst Export"));
  adw_view_stack_page_set_icon_name (page, "document-save-symbolic");

  /* Icons beside labels when there is room, above them when not, so that
   * the page never makes the window wider than it was. */
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->views);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  narrow = adw_view_switcher_new ();
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (narrow), self->views);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (narrow), ADW_VIEW_SWITCHER_POLICY_NARROW);
  squeezer = adw_squeezer_new ();
  adw_squeezer_add (ADW_SQUEEZER (squeezer), switcher);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), narrow);
  adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), FALSE);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (narrow, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (squeezer, GTK_ALIGN_FILL);
  gtk_widget_set_margin_top (squeezer, 6);
  gtk_widget_set_margin_bottom (squeezer, 6);
  gtk_box_append (GTK_BOX (main_box), squeezer);
  gtk_box_append (GTK_BOX (main_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (main_box), GTK_WIDGET (self->views));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, main_box, "main");
  gtk_stack_add_named (self->stack, build_record_page (self), "record");
  gtk_stack_set_visible_child_name (self->stack, "main");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.reexport", FALSE);

  g_signal_connect (self, "map", G_CALLBACK (sillok_archive_page_refresh), NULL);
}
