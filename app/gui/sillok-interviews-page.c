/* sillok-interviews-page.c: the list of interviews and the editor of one
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-export-dialog.h"
#include "sillok-interviews-page.h"

struct _SillokInterviewsPage
{
  AdwBin                 parent_instance;

  SillokSession         *session;
  SillokRecordListModel *model;
  GtkNoSelection        *selection;
  GSettings             *settings;
  GPtrArray             *template_ids;   /* the template filter's items after "all" */
  gboolean               selection_mode;
  GHashTable            *chosen;         /* UUID → list title, the records ticked for export */
  SillokExportDialog    *export_dialog;  /* weak */

  GtkStack              *stack;
  GtkStack              *list_stack;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *status_filter;
  GtkDropDown           *template_filter;
  GtkMenuButton         *new_button;
  GtkToggleButton       *select_button;
  GtkListView           *list_view;
  GtkActionBar          *action_bar;
  GtkLabel              *selection_label;
  SillokEditorPage      *editor_page;
};

G_DEFINE_FINAL_TYPE (SillokInterviewsPage, sillok_interviews_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SELECTION_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_list_stack (SillokInterviewsPage *self)
{
  const char *name = "records";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0 && sillok_record_list_model_get_counted (self->model))
    {
      gboolean filtered = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0'
                          || gtk_drop_down_get_selected (self->status_filter) > 0
                          || gtk_drop_down_get_selected (self->template_filter) > 0;
      name = filtered ? "no-results" : "empty";
    }
  gtk_stack_set_visible_child_name (self->list_stack, name);
}

static void
query_changed (SillokInterviewsPage *self)
{
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint template = gtk_drop_down_get_selected (self->template_filter);

  if (self->model == NULL)
    return;
  sillok_record_list_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                      status == 1 ? SILLOK_RECORD_DRAFT : status == 2 ? SILLOK_RECORD_SEALED : -1,
                                      template > 0 && template <= self->template_ids->len
                                      ? self->template_ids->pdata[template - 1] : NULL,
                                      g_settings_get_boolean (self->settings, "show-interviewee-names"));
}

static char *
format_updated (const char *updated)
{
  g_autoptr(GDateTime) utc = updated != NULL ? g_date_time_new_from_iso8601 (updated, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

/* Exportable: sealed, or amended with an earlier sealed version. */
static gboolean
item_exportable (SillokRecordItem *record)
{
  return sillok_record_item_is_loaded (record)
         && (sillok_record_item_get_status (record) == SILLOK_RECORD_SEALED
             || sillok_record_item_get_version (record) > 1);
}

static const char *
item_title (SillokRecordItem *record)
{
  const char *sites = sillok_record_item_get_title (record);

  return sites != NULL && *sites != '\0' ? sites : _("Untitled interview");
}

/* The check box shows whether the row's record is ticked; the row, not the
 * box, takes the click, so there is one way to tick and it is the same
 * for the keyboard. */
static void
sync_check (GtkListItem *item)
{
  SillokInterviewsPage *self = g_object_get_data (G_OBJECT (item), "page");
  SillokRecordItem *record = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkCheckButton *check = box != NULL ? GTK_CHECK_BUTTON (gtk_widget_get_first_child (box)) : NULL;
  gboolean loaded = record != NULL && sillok_record_item_is_loaded (record);

  if (check == NULL)
    return;
  gtk_check_button_set_active (check, loaded && g_hash_table_contains (self->chosen,
                                                                       sillok_record_item_get_uuid (record)));
  gtk_widget_set_sensitive (GTK_WIDGET (check), loaded && item_exportable (record));
  gtk_widget_set_tooltip_text (GTK_WIDGET (check), loaded && !item_exportable (record)
                               ? _("Drafts cannot be exported: seal the interview first") : NULL);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SillokInterviewsPage     *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_widget_add_css_class (status, "record-status");
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (check, FALSE);
  gtk_widget_set_can_focus (check, FALSE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export this interview"),
                                  -1);
  g_object_bind_property (self, "selection-mode", check, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), status);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_item_set_child (item, box);
  g_object_set_data (G_OBJECT (item), "page", self);
  g_signal_connect_object (self, "selection-changed", G_CALLBACK (sync_check), item, G_CONNECT_SWAPPED);
}

/* The row takes the keyboard focus, not its labels: it carries their words
 * for screen readers ("Musan Mine, Draft").  GTK 4.8 has no API for a list
 * item's own widget; it is the parent of the item's child. */
static void
name_row (GtkListItem *item,
          const char  *heading,
          const char  *state)
{
  GtkWidget *row = gtk_widget_get_parent (gtk_list_item_get_child (item));
  g_autofree char *label = g_strdup_printf (_("%s, %s"), heading, state);

  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SillokInterviewsPage     *self)
{
  SillokRecordItem *record = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  GtkLabel *title = GTK_LABEL (gtk_widget_get_first_child (texts));
  GtkLabel *subtitle = GTK_LABEL (gtk_widget_get_last_child (texts));
  GtkLabel *status = GTK_LABEL (gtk_widget_get_last_child (box));
  g_autofree char *heading = NULL;
  g_autofree char *state = NULL;
  g_autofree char *updated = NULL;
  const char *name, *sites;

  sync_check (item);
  if (!sillok_record_item_is_loaded (record))
    {
      gtk_label_set_label (title, _("Loading…"));
      gtk_label_set_label (subtitle, "");
      gtk_label_set_label (status, "");
      return;
    }
  name = sillok_record_item_get_name (record);
  sites = sillok_record_item_get_title (record);
  if (sites == NULL || *sites == '\0')
    sites = _("Untitled interview");
  heading = name != NULL && *name != '\0' ? g_strdup_printf ("%s — %s", name, sites) : g_strdup (sites);
  updated = format_updated (sillok_record_item_get_updated (record));
  if (sillok_record_item_get_status (record) == SILLOK_RECORD_SEALED)
    {
      state = g_strdup_printf (_("Sealed v%u"), sillok_record_item_get_version (record));
      gtk_widget_add_css_class (GTK_WIDGET (status), "sealed");
    }
  else
    {
      state = sillok_record_item_get_version (record) > 1
              ? g_strdup_printf (_("Draft v%u"), sillok_record_item_get_version (record)) : g_strdup (_("Draft"));
      gtk_widget_remove_css_class (GTK_WIDGET (status), "sealed");
    }
  gtk_label_set_label (title, heading);
  gtk_label_set_label (subtitle, updated);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (box)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading, -1);
  gtk_label_set_label (status, state);
  name_row (item, heading, state);
}

static void
show_list (SillokInterviewsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Behind the editor the list reads no pages (rows made for a list nobody
 * sees would take the main loop from typing); it is read again when it
 * shows. */
static void
stack_changed (SillokInterviewsPage *self)
{
  if (self->model == NULL)
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    sillok_record_list_model_pause (self->model);
  else if (sillok_record_list_model_get_paused (self->model))
    sillok_record_list_model_refresh (self->model);
}

void
sillok_interviews_page_open (SillokInterviewsPage *self,
                             const char           *uuid)
{
  g_return_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self));

  sillok_editor_page_open (self->editor_page, uuid);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
update_selection_label (SillokInterviewsPage *self,
                        const char           *notice)
{
  guint n = g_hash_table_size (self->chosen);
  g_autofree char *count = NULL;

  if (notice != NULL)
    {
      gtk_label_set_label (self->selection_label, notice);
      return;
    }
  if (n == 0)
    {
      gtk_label_set_label (self->selection_label, _("Choose the sealed interviews to export."));
      return;
    }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interview selected", "%u interviews selected", n), n);
  gtk_label_set_label (self->selection_label, count);
}

static void
selection_changed (SillokInterviewsPage *self)
{
  update_selection_label (self, NULL);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gboolean
sillok_interviews_page_toggle_chosen (SillokInterviewsPage *self,
                                      guint                 position)
{
  g_autoptr(SillokRecordItem) item = NULL;
  const char *uuid;

  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), FALSE);

  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (item == NULL || !sillok_record_item_is_loaded (item))
    return FALSE;
  if (!item_exportable (item))
    {
      update_selection_label (self, _("That interview is a draft: seal it before exporting it."));
      return FALSE;
    }
  uuid = sillok_record_item_get_uuid (item);
  if (!g_hash_table_remove (self->chosen, uuid))
    g_hash_table_insert (self->chosen, g_strdup (uuid), g_strdup (item_title (item)));
  selection_changed (self);
  return TRUE;
}

static void
row_activated (SillokInterviewsPage *self,
               guint                 position)
{
  g_autoptr(SillokRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (self->selection_mode)
    sillok_interviews_page_toggle_chosen (self, position);
  else if (item != NULL && sillok_record_item_is_loaded (item))
    sillok_interviews_page_open (self, sillok_record_item_get_uuid (item));
}

void
sillok_interviews_page_set_selection_mode (SillokInterviewsPage *self,
                                           gboolean              selection_mode)
{
  g_return_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self));

  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;
  self->selection_mode = selection_mode;
  /* Leaving selection mode forgets what was ticked. */
  if (!selection_mode)
    g_hash_table_remove_all (self->chosen);
  gtk_list_view_set_single_click_activate (self->list_view, selection_mode);
  gtk_action_bar_set_revealed (self->action_bar, selection_mode);
  gtk_toggle_button_set_active (self->select_button, selection_mode);
  selection_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
}

gboolean
sillok_interviews_page_get_selection_mode (SillokInterviewsPage *self)
{
  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), FALSE);
  return self->selection_mode;
}

static void
select_toggled (SillokInterviewsPage *self)
{
  sillok_interviews_page_set_selection_mode (self, gtk_toggle_button_get_active (self->select_button));
}

GStrv
sillok_interviews_page_get_chosen (SillokInterviewsPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer uuid;

  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), NULL);

  g_hash_table_iter_init (&iter, self->chosen);
  while (g_hash_table_iter_next (&iter, &uuid, NULL))
    g_strv_builder_add (builder, uuid);
  return g_strv_builder_end (builder);
}

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      chosen)
{
  const char *ua = *(const char *const *) a;
  const char *ub = *(const char *const *) b;
  int order = g_utf8_collate (g_hash_table_lookup (chosen, ua), g_hash_table_lookup (chosen, ub));

  return order != 0 ? order : strcmp (ua, ub);
}

static void
exported (SillokInterviewsPage *self)
{
  sillok_interviews_page_set_selection_mode (self, FALSE);
}

static void
export_dialog_destroyed (SillokInterviewsPage *self)
{
  g_clear_weak_pointer (&self->export_dialog);
}

SillokExportDialog *
sillok_interviews_page_export (SillokInterviewsPage *self)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) chosen = NULL;
  GtkRoot *root;

  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), NULL);

  if (self->export_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->export_dialog));
      return self->export_dialog;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    {
      sillok_editor_page_flush (self->editor_page);
      show_list (self);
    }
  if (g_hash_table_size (self->chosen) == 0 || self->session == NULL)
    {
      sillok_interviews_page_set_selection_mode (self, TRUE);
      update_selection_label (self, _("Choose the sealed interviews to export, then Export."));
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
      return NULL;
    }
  chosen = sillok_interviews_page_get_chosen (self);
  g_qsort_with_data (chosen, g_strv_length (chosen), sizeof (char *), compare_titles, self->chosen);
  for (guint i = 0; chosen[i] != NULL; i++)
    {
      g_ptr_array_add (uuids, g_strdup (chosen[i]));
      g_ptr_array_add (titles, g_strdup (g_hash_table_lookup (self->chosen, chosen[i])));
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->export_dialog = sillok_export_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                                                  uuids, titles);
  g_object_add_weak_pointer (G_OBJECT (self->export_dialog), (gpointer *) &self->export_dialog);
  g_signal_connect_object (self->export_dialog, "exported", G_CALLBACK (exported), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->export_dialog, "destroy", G_CALLBACK (export_dialog_destroyed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->export_dialog));
  return self->export_dialog;
}

SillokExportDialog *
sillok_interviews_page_get_export_dialog (SillokInterviewsPage *self)
{
  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), NULL);
  return self->export_dialog;
}

/* The list is read again when it shows (going back refreshes it), not
 * after every save while the editor is in front. */
static void
record_changed (SillokInterviewsPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0)
    sillok_record_list_model_refresh (self->model);
}

static gpointer
create_job (SillokVault   *vault,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(SillokTemplate) template = sillok_template_find_installed (data, 0, error);

  if (template == NULL)
    return NULL;
  return sillok_record_create (vault, template, error);
}

static void
created (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SillokInterviewsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);

  if (uuid == NULL)
    {
      /* The list still shows: read it again. */
      sillok_record_list_model_refresh (self->model);
      if (!g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), _("The Interview Could Not Be Started"),
                                                      error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return;
    }
  sillok_record_list_model_refresh (self->model);
  sillok_interviews_page_open (self, uuid);
}

void
sillok_interviews_page_create (SillokInterviewsPage *self,
                               const char           *template_id)
{
  g_return_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self));
  g_return_if_fail (template_id != NULL);

  if (self->session == NULL)
    return;
  /* Pages the list queued while it was scrolled would run first: the
   * editor is about to cover the list, so they are dropped now. */
  sillok_record_list_model_pause (self->model);
  sillok_session_run_async (self->session, create_job, g_strdup (template_id), g_free, g_free, NULL, created,
                            g_object_ref (self));
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sillok_interviews_page_create (SILLOK_INTERVIEWS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
new_interview_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SillokInterviewsPage *self = SILLOK_INTERVIEWS_PAGE (widget);

  show_list (self);
  gtk_menu_button_popup (self->new_button);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SillokInterviewsPage *self = SILLOK_INTERVIEWS_PAGE (widget);

  sillok_editor_page_flush (self->editor_page);
  show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SillokInterviewsPage *self = SILLOK_INTERVIEWS_PAGE (widget);

  sillok_editor_page_flush (self->editor_page);
  show_list (self);
}

/* The templates installed, as the "new" menu and the template filter. */
static void
load_templates (SillokInterviewsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = sillok_template_list_installed (&error);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *language = sillok_text_language ();

  gtk_string_list_append (names, _("All templates"));
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      SillokTemplate *template = templates->pdata[i];
      const char *title = sillok_text_get (sillok_template_get_title (template), language);
      g_autoptr(GMenuItem) item = g_menu_item_new (title, NULL);

      g_menu_item_set_action_and_target (item, "interviews.new", "s", sillok_template_get_id (template));
      g_menu_append_item (menu, item);
      if (!g_ptr_array_find_with_equal_func (self->template_ids, sillok_template_get_id (template), g_str_equal, NULL))
        {
          g_ptr_array_add (self->template_ids, g_strdup (sillok_template_get_id (template)));
          gtk_string_list_append (names, title);
        }
    }
  if (templates == NULL)
    g_warning ("No interview templates: %s", error->message);
  gtk_menu_button_set_menu_model (self->new_button, G_MENU_MODEL (menu));
  gtk_drop_down_set_model (self->template_filter, G_LIST_MODEL (names));
}

static void
sillok_interviews_page_dispose (GObject *object)
{
  SillokInterviewsPage *self = SILLOK_INTERVIEWS_PAGE (object);

  if (self->export_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->export_dialog));
  g_clear_weak_pointer (&self->export_dialog);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->template_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (sillok_interviews_page_parent_class)->dispose (object);
}

static void
sillok_interviews_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SillokInterviewsPage *self = SILLOK_INTERVIEWS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      g_value_set_boolean (value, self->selection_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_interviews_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SillokInterviewsPage *self = SILLOK_INTERVIEWS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      sillok_interviews_page_set_selection_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_interviews_page_class_init (SillokInterviewsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_interviews_page_dispose;
  object_class->get_property = sillok_interviews_page_get_property;
  object_class->set_property = sillok_interviews_page_set_property;

  properties[PROP_SELECTION_MODE] =
    g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SILLOK_TYPE_EDITOR_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-interviews-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, template_filter);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, select_button);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, editor_page);
  gtk_widget_class_bind_template_callback (widget_class, query_changed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_bind_template_callback (widget_class, record_changed);

  gtk_widget_class_install_action (widget_class, "interviews.new", "s", new_activated);
  gtk_widget_class_install_action (widget_class, "interviews.new-interview", NULL, new_interview_activated);
  gtk_widget_class_install_action (widget_class, "interviews.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "interviews.back", NULL, back_activated);
}

static void
sillok_interviews_page_init (SillokInterviewsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect_object (self->stack, "notify::visible-child-name", G_CALLBACK (stack_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->select_button, "toggled", G_CALLBACK (select_toggled), self, G_CONNECT_SWAPPED);
  update_selection_label (self, NULL);
  self->settings = g_settings_new (SILLOK_APP_ID);
  self->template_ids = g_ptr_array_new_with_free_func (g_free);
  load_templates (self);
  g_signal_connect_object (self->settings, "changed::show-interviewee-names", G_CALLBACK (query_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  sillok_interviews_page_set_session (self, NULL);
}

void
sillok_interviews_page_set_session (SillokInterviewsPage *self,
                                    SillokSession        *session)
{
  g_return_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self));

  g_set_object (&self->session, session);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  self->model = sillok_record_list_model_new (session);
  /* What is ticked for export is kept by UUID in self->chosen, so that it
   * survives the pages of the list being read, refreshes and searches. */
  self->selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_list_stack), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_list_stack), self, G_CONNECT_SWAPPED);
  sillok_editor_page_set_session (self->editor_page, session);
}

void
sillok_interviews_page_refresh (SillokInterviewsPage *self)
{
  g_return_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self));
  query_changed (self);
}

void
sillok_interviews_page_flush (SillokInterviewsPage *self)
{
  g_return_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self));
  sillok_editor_page_flush (self->editor_page);
}

void
sillok_interviews_page_clear (SillokInterviewsPage *self)
{
  g_return_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self));

  if (self->export_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->export_dialog));
  sillok_interviews_page_set_selection_mode (self, FALSE);
  sillok_editor_page_clear (self->editor_page);
  sillok_record_list_model_clear (self->model);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_list (self);
  gtk_stack_set_visible_child_name (self->list_stack, "records");
}

SillokEditorPage *
sillok_interviews_page_get_editor (SillokInterviewsPage *self)
{
  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), NULL);
  return self->editor_page;
}

SillokRecordListModel *
sillok_interviews_page_get_model (SillokInterviewsPage *self)
{
  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), NULL);
  return self->model;
}

const char *
sillok_interviews_page_get_view (SillokInterviewsPage *self)
{
  g_return_val_if_fail (SILLOK_IS_INTERVIEWS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
