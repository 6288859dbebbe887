/* sillok-editor-form.c: the form of a record, built from its template
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-value.h"
#include "sillok-editor-form.h"

void
sillok_editor_form_add (SillokEditorForm *form,
                        GtkWidget        *group)
{
  adw_preferences_page_add (form->page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (form->groups, group);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static GtkWidget *
entry_buttons (SillokTemplateSection *section,
               guint                  index,
               guint                  count)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *up = icon_button ("go-up-symbolic", _("Move Up"), "editor.move-entry",
                               g_variant_new ("(suu)", section->id, index, index > 0 ? index - 1 : 0));
  GtkWidget *down = icon_button ("go-down-symbolic", _("Move Down"), "editor.move-entry",
                                 g_variant_new ("(suu)", section->id, index, index + 1));

  gtk_widget_set_sensitive (up, index > 0);
  gtk_widget_set_sensitive (down, index + 1 < count);
  gtk_box_append (GTK_BOX (box), up);
  gtk_box_append (GTK_BOX (box), down);
  gtk_box_append (GTK_BOX (box), icon_button ("user-trash-symbolic", _("Remove Entry"), "editor.remove-entry",
                                              g_variant_new ("(su)", section->id, index)));
  return box;
}

static void
add_editors (SillokEditorForm      *form,
             AdwPreferencesGroup   *group,
             SillokRecord          *record,
             SillokTemplateSection *section,
             int                    index,
             SillokGazetteer       *gazetteer,
             const char            *language)
{
  for (guint f = 0; f < section->fields->len; f++)
    {
      SillokTemplateField *field = section->fields->pdata[f];
      g_autofree char *path = sillok_field_path_format (section, index, field);
      SillokFieldEditor *editor = sillok_field_editor_new (field, path, gazetteer, language);
      SillokNarrativeView *narrative = sillok_field_editor_get_narrative (editor);
      JsonNode *value = sillok_record_get_value (record, path);

      sillok_field_editor_add_to (editor, group);
      if (narrative != NULL)
        {
          g_autoptr(GArray) spans = sillok_record_get_redactions (record, path);

          sillok_narrative_view_set_contents (narrative, value != NULL ? json_node_get_string (value) : "",
                                              (SillokSpan *) spans->data, spans->len);
        }
      else
        sillok_field_editor_set_value (editor, value);
      g_hash_table_replace (form->editors, g_steal_pointer (&path), editor);
    }
}

static void
add_values (AdwPreferencesGroup   *group,
            SillokRecord          *record,
            SillokTemplateSection *section,
            int                    index,
            const char            *language)
{
  for (guint f = 0; f < section->fields->len; f++)
    {
      SillokTemplateField *field = section->fields->pdata[f];
      g_autofree char *path = sillok_field_path_format (section, index, field);
      JsonNode *value = sillok_record_get_value (record, path);
      g_autofree char *shown = NULL;
      GtkWidget *row;

      if (value == NULL)
        continue;
      shown = sillok_value_display (field, value, language);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sillok_text_get (&field->label, language));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_name (row, path);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (group, row);
    }
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static void
add_section (SillokEditorForm      *form,
             SillokRecord          *record,
             SillokTemplateSection *section,
             SillokGazetteer       *gazetteer,
             const char            *language)
{
  gboolean draft = sillok_record_get_status (record) == SILLOK_RECORD_DRAFT;
  const char *title = sillok_text_get (&section->title, language);
  guint count = section->repeat ? sillok_record_get_entry_count (record, section->id) : 1;
  GtkWidget *group;

  if (!section->repeat)
    {
      group = new_group (title, draft ? sillok_text_get (&section->help, language) : NULL);
      gtk_widget_set_name (group, section->id);
      if (draft)
        add_editors (form, ADW_PREFERENCES_GROUP (group), record, section, -1, gazetteer, language);
      else
        add_values (ADW_PREFERENCES_GROUP (group), record, section, -1, language);
      sillok_editor_form_add (form, group);
      return;
    }

  /* The section's title and help, with the button that adds an entry. */
  group = new_group (title, draft ? sillok_text_get (&section->help, language) : NULL);
  gtk_widget_set_name (group, section->id);
  if (draft)
    {
      GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Entry"));
      g_autofree char *label = g_strdup_printf (_("Add an entry to “%s”"), title);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "editor.add-entry");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", section->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
    }
  sillok_editor_form_add (form, group);
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *entry_title = g_strdup_printf (_("%s: entry %u"), title, i + 1);
      g_autofree char *name = g_strdup_printf ("%s[%u]", section->id, i);

      group = new_group (entry_title, NULL);
      gtk_widget_set_name (group, name);
      if (draft)
        {
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), entry_buttons (section, i, count));
          add_editors (form, ADW_PREFERENCES_GROUP (group), record, section, (int) i, gazetteer, language);
        }
      else
        add_values (ADW_PREFERENCES_GROUP (group), record, section, (int) i, language);
      sillok_editor_form_add (form, group);
    }
}

SillokEditorForm *
sillok_editor_form_new (AdwPreferencesPage *page)
{
  SillokEditorForm *form = g_new0 (SillokEditorForm, 1);

  form->page = page;
  form->groups = g_ptr_array_new ();
  form->editors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return form;
}

void
sillok_editor_form_add_sections (SillokEditorForm *form,
                                 SillokRecord     *record,
                                 SillokGazetteer  *gazetteer,
                                 const char       *language)
{
  GPtrArray *sections = sillok_template_get_sections (sillok_record_get_template (record));
  SillokTemplateSection *consent = sillok_template_get_section (sillok_record_get_template (record), "consent");

  /* Consent comes first, whatever the template's order. */
  if (consent != NULL)
    add_section (form, record, consent, gazetteer, language);
  for (guint s = 0; s < sections->len; s++)
    if (sections->pdata[s] != consent)
      add_section (form, record, sections->pdata[s], gazetteer, language);
}

void
sillok_editor_form_free (SillokEditorForm *form)
{
  if (form == NULL)
    return;
  for (guint i = 0; i < form->groups->len; i++)
    adw_preferences_page_remove (form->page, form->groups->pdata[i]);
  g_ptr_array_unref (form->groups);
  g_hash_table_unref (form->editors);
  g_free (form);
}
