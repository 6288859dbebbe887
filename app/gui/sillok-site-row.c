/* sillok-site-row.c: a site, typed freely or picked from the gazetteer
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-field-widgets.h"

struct _SillokSiteRow
{
  AdwEntryRow      parent_instance;

  SillokGazetteer *gazetteer;
  char            *language;
  char            *site_id;     /* the picked site while its name is shown */
  gboolean         loading;

  GtkWidget       *button;
  GtkSearchEntry  *search;
  GtkListBox      *results;
};

G_DEFINE_FINAL_TYPE (SillokSiteRow, sillok_site_row, ADW_TYPE_ENTRY_ROW)

static guint text_changed;

static const char *
site_name (SillokSiteRow    *self,
           const SillokSite *site)
{
  return sillok_text_get (&site->name, self->language);
}

static void
row_changed (SillokSiteRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  const SillokSite *site = self->site_id != NULL && self->gazetteer != NULL
                           ? sillok_gazetteer_lookup (self->gazetteer, self->site_id) : NULL;

  if (self->loading)
    return;
  /* Editing the picked name makes it free text. */
  if (site != NULL && !g_str_equal (text, site_name (self, site)))
    g_clear_pointer (&self->site_id, g_free);
  g_signal_emit (self, text_changed, 0, self->site_id != NULL ? self->site_id : text);
}

gboolean
sillok_site_row_pick (SillokSiteRow *self,
                      const char    *id)
{
  const SillokSite *site;

  g_return_val_if_fail (SILLOK_IS_SITE_ROW (self), FALSE);

  site = self->gazetteer != NULL ? sillok_gazetteer_lookup (self->gazetteer, id) : NULL;
  if (site == NULL)
    return FALSE;
  g_free (self->site_id);
  self->site_id = g_strdup (id);
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), site_name (self, site));
  self->loading = FALSE;
  g_signal_emit (self, text_changed, 0, self->site_id);
  return TRUE;
}

static void
result_activated (SillokSiteRow *self,
                  GtkListBoxRow *row)
{
  sillok_site_row_pick (self, gtk_widget_get_name (GTK_WIDGET (row)));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->button));
}

static void
search_changed (SillokSiteRow *self)
{
  g_autoptr(GPtrArray) sites = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  if (self->gazetteer == NULL)
    return;
  sites = sillok_gazetteer_search (self->gazetteer, gtk_editable_get_text (GTK_EDITABLE (self->search)));
  for (guint i = 0; i < sites->len; i++)
    {
      const SillokSite *site = sites->pdata[i];
      const SillokProvince *province = sillok_province_lookup (site->province);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), site_name (self, site));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      if (province != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_str_equal (self->language, "ko") ? province->ko
                                                                                               : province->en);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, site->id);
      gtk_list_box_append (self->results, row);
    }
}

static void
sillok_site_row_dispose (GObject *object)
{
  SillokSiteRow *self = SILLOK_SITE_ROW (object);

  g_clear_pointer (&self->gazetteer, sillok_gazetteer_unref);

  G_OBJECT_CLASS (sillok_site_row_parent_class)->dispose (object);
}

static void
sillok_site_row_finalize (GObject *object)
{
  SillokSiteRow *self = SILLOK_SITE_ROW (object);

  g_free (self->language);
  g_free (self->site_id);

  G_OBJECT_CLASS (sillok_site_row_parent_class)->finalize (object);
}

static void
sillok_site_row_class_init (SillokSiteRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sillok_site_row_dispose;
  object_class->finalize = sillok_site_row_finalize;
  text_changed = g_signal_new ("text-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                               G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sillok_site_row_init (SillokSiteRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *popover = gtk_popover_new ();

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search known sites"), -1);
  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->results), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Known sites"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->results));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), GTK_WIDGET (self->search));

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "system-search-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("Choose from the known sites"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose from the known sites"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->button);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed), self);
  g_signal_connect_swapped (self->results, "row-activated", G_CALLBACK (result_activated), self);
  g_signal_connect (self, "changed", G_CALLBACK (row_changed), NULL);
}

SillokSiteRow *
sillok_site_row_new (SillokGazetteer *gazetteer,
                     const char      *language)
{
  SillokSiteRow *self = g_object_new (SILLOK_TYPE_SITE_ROW, NULL);

  self->gazetteer = gazetteer != NULL ? sillok_gazetteer_ref (gazetteer) : NULL;
  self->language = g_strdup (language);
  search_changed (self);
  return self;
}

void
sillok_site_row_set_text (SillokSiteRow *self,
                          const char    *text)
{
  const SillokSite *site;

  g_return_if_fail (SILLOK_IS_SITE_ROW (self));

  site = self->gazetteer != NULL && *text != '\0' ? sillok_gazetteer_lookup (self->gazetteer, text) : NULL;
  g_free (self->site_id);
  self->site_id = site != NULL ? g_strdup (text) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self), site != NULL ? site_name (self, site) : text);
}
