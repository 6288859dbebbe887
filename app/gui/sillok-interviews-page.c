/* sillok-interviews-page.c: the list of interviews and the editor of one
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-interviews-page.h"

struct _SillokInterviewsPage
{
  AdwBin                 parent_instance;

  SillokSession         *session;
  SillokRecordListModel *model;
  GtkMultiSelection     *selection;
  GSettings             *settings;
  GPtrArray             *template_ids;   /* the template filter's items after "all" */

  GtkStack              *stack;
  GtkStack              *list_stack;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *status_filter;
  GtkDropDown           *template_filter;
  GtkMenuButton         *new_button;
  GtkListView           *list_view;
  SillokEditorPage      *editor_page;
};

G_DEFINE_FINAL_TYPE (SillokInterviewsPage, sillok_interviews_page, ADW_TYPE_BIN)

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

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
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
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), status);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SillokInterviewsPage     *self)
{
  SillokRecordItem *record = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkLabel *title = GTK_LABEL (gtk_widget_get_first_child (texts));
  GtkLabel *subtitle = GTK_LABEL (gtk_widget_get_last_child (texts));
  GtkLabel *status = GTK_LABEL (gtk_widget_get_last_child (box));
  g_autofree char *heading = NULL;
  g_autofree char *state = NULL;
  g_autofree char *updated = NULL;
  const char *name, *sites;

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
  gtk_label_set_label (status, state);
}

static void
show_list (SillokInterviewsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
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
row_activated (SillokInterviewsPage *self,
               guint                 position)
{
  g_autoptr(SillokRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL && sillok_record_item_is_loaded (item))
    sillok_interviews_page_open (self, sillok_record_item_get_uuid (item));
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
  sillok_record_list_model_refresh (self->model);
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

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->template_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (sillok_interviews_page_parent_class)->dispose (object);
}

static void
sillok_interviews_page_class_init (SillokInterviewsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sillok_interviews_page_dispose;

  g_type_ensure (SILLOK_TYPE_EDITOR_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sillok/Sillok/ui/sillok-interviews-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, template_filter);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, SillokInterviewsPage, list_view);
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
  self->settings = g_settings_new (SILLOK_APP_ID);
  self->template_ids = g_ptr_array_new_with_free_func (g_free);
  load_templates (self);
  g_signal_connect_object (self->settings, "changed::show-interviewee-names", G_CALLBACK (query_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
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
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
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
