/* sillok-field-editor.c: the row that edits one field of a template
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "sillok/sillok-value.h"
#include "sillok-field-editor.h"
#include "sillok-field-widgets.h"

/* Choices beyond this many get a searchable drop-down (the 249 countries). */
#define SEARCHABLE_CHOICES 20

struct _SillokFieldEditor
{
  GObject              parent_instance;

  SillokTemplateField *field;
  char                *path;
  char                *language;
  SillokGazetteer     *gazetteer;
  gboolean             loading;    /* showing a stored value: not the user */
  char                *error;

  GtkWidget           *row;
  GtkWidget           *error_row;
  GtkLabel            *error_label;
  GtkWidget           *control;    /* the switch, drop-down, spin button, … */
  GtkWidget           *focus;      /* what takes the focus on a jump */
  GPtrArray           *checks;     /* multichoice: one GtkCheckButton per choice */
  SillokDateControl   *date;
  SillokPlaceControl  *place;
};

G_DEFINE_FINAL_TYPE (SillokFieldEditor, sillok_field_editor, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (SillokFieldEditor *self,
              const char        *text)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0, text);
}

static const char *
label_of (SillokFieldEditor *self)
{
  return sillok_text_get (&self->field->label, self->language);
}

/* The field's label, with a mark when it must be filled before sealing. */
static char *
title_of (SillokFieldEditor *self)
{
  if (self->field->required)
    return g_strdup_printf ("%s *", label_of (self));
  return g_strdup (label_of (self));
}

static GtkWidget *
help_button (SillokFieldEditor *self)
{
  const char *help = sillok_text_get (&self->field->help, self->language);
  GtkWidget *button, *popover, *label;
  g_autofree char *accessible = NULL;

  if (help == NULL || *help == '\0')
    return NULL;
  label = gtk_label_new (help);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), label);
  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "help-about-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  accessible = g_strdup_printf (_("Help: %s"), label_of (self));
  gtk_widget_set_tooltip_text (button, _("Help"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

static void
label_control (SillokFieldEditor *self,
               GtkWidget         *control)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, label_of (self), -1);
  if (self->field->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
}

static void
entry_changed (SillokFieldEditor *self,
               GtkEditable       *editable)
{
  emit_changed (self, gtk_editable_get_text (editable));
}

static void
build_text (SillokFieldEditor *self)
{
  g_autofree char *title = title_of (self);

  self->row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
  self->control = self->focus = self->row;
  g_signal_connect_swapped (self->row, "changed", G_CALLBACK (entry_changed), self);
}

static void
narrative_changed (SillokFieldEditor   *self,
                   SillokNarrativeView *view)
{
  g_autofree char *text = sillok_narrative_view_dup_text (view);

  emit_changed (self, text);
}

static void
build_narrative (SillokFieldEditor *self,
                 GtkWidget         *help)
{
  g_autofree char *title = title_of (self);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  SillokNarrativeView *view = sillok_narrative_view_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (header), label);
  if (help != NULL)
    gtk_box_append (GTK_BOX (header), help);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  self->row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->row), box);
  self->control = GTK_WIDGET (view);
  self->focus = GTK_WIDGET (sillok_narrative_view_get_text_view (view));
  label_control (self, self->focus);
  g_signal_connect_swapped (view, "changed", G_CALLBACK (narrative_changed), self);
}

static void
switch_changed (SillokFieldEditor *self)
{
  emit_changed (self, gtk_switch_get_active (GTK_SWITCH (self->control)) ? "true" : "false");
}

static GtkWidget *
action_row (SillokFieldEditor *self)
{
  g_autofree char *title = title_of (self);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
build_boolean (SillokFieldEditor *self)
{
  self->row = action_row (self);
  self->control = self->focus = gtk_switch_new ();
  gtk_widget_set_valign (self->control, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), self->control);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->row), self->control);
  label_control (self, self->control);
  g_signal_connect_swapped (self->control, "notify::active", G_CALLBACK (switch_changed), self);
}

static void
choice_changed (SillokFieldEditor *self)
{
  guint selected = GTK_IS_DROP_DOWN (self->control) ? gtk_drop_down_get_selected (GTK_DROP_DOWN (self->control))
                                                    : adw_combo_row_get_selected (ADW_COMBO_ROW (self->control));
  const SillokChoice *choice = selected > 0 && selected <= self->field->choices->len
                               ? self->field->choices->pdata[selected - 1] : NULL;

  emit_changed (self, choice != NULL ? choice->code : "");
}

static void
build_choice (SillokFieldEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *title = title_of (self);

  /* The first item is "none": a choice may stay unanswered. */
  gtk_string_list_append (labels, _("Not answered"));
  for (guint i = 0; i < self->field->choices->len; i++)
    gtk_string_list_append (labels, sillok_text_get (&((SillokChoice *) self->field->choices->pdata[i])->label,
                                                     self->language));
  if (self->field->choices->len > SEARCHABLE_CHOICES)
    {
      self->row = action_row (self);
      self->control = self->focus = sillok_searchable_drop_down_new (G_LIST_MODEL (labels));
      adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), self->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->row), self->control);
      label_control (self, self->control);
    }
  else
    {
      self->row = self->control = self->focus = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
      adw_combo_row_set_model (ADW_COMBO_ROW (self->row), G_LIST_MODEL (labels));
    }
  g_signal_connect_swapped (self->control, "notify::selected", G_CALLBACK (choice_changed), self);
}

static void
checks_changed (SillokFieldEditor *self)
{
  g_autoptr(GString) codes = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      {
        g_string_append_printf (codes, "%s%s", codes->len > 0 ? "," : "",
                                ((SillokChoice *) self->field->choices->pdata[i])->code);
        n++;
      }
  if (n == 0)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->row), _("None chosen"));
  else
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen", "%u chosen", n), n);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->row), subtitle);
    }
  emit_changed (self, codes->str);
}

static void
build_multichoice (SillokFieldEditor *self)
{
  g_autofree char *title = title_of (self);

  self->row = self->control = self->focus = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->row), _("None chosen"));
  self->checks = g_ptr_array_new ();
  for (guint i = 0; i < self->field->choices->len; i++)
    {
      SillokChoice *choice = self->field->choices->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sillok_text_get (&choice->label, self->language));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      sillok_text_get (&choice->label, self->language), -1);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (checks_changed), self);
      g_ptr_array_add (self->checks, check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self->row), row);
    }
}

static void
control_text_changed (SillokFieldEditor *self,
                      const char        *text)
{
  emit_changed (self, text);
}

static void
build_composite (SillokFieldEditor *self)
{
  if (self->field->type == SILLOK_FIELD_SITES)
    {
      g_autofree char *title = title_of (self);

      self->row = self->control = self->focus = GTK_WIDGET (sillok_site_row_new (self->gazetteer, self->language));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
      g_signal_connect_swapped (self->control, "text-changed", G_CALLBACK (control_text_changed), self);
      return;
    }
  self->row = action_row (self);
  switch (self->field->type)
    {
    case SILLOK_FIELD_INTEGER:
      self->control = GTK_WIDGET (sillok_integer_control_new (self->field));
      break;
    case SILLOK_FIELD_PARTIAL_DATE:
      self->date = sillok_date_control_new (self->language);
      self->control = GTK_WIDGET (self->date);
      break;
    case SILLOK_FIELD_PLACE:
    default:
      self->place = sillok_place_control_new (self->language);
      self->control = GTK_WIDGET (self->place);
      break;
    }
  gtk_widget_set_valign (self->control, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), self->control);
  self->focus = gtk_widget_get_first_child (self->control);
  label_control (self, self->control);
  g_signal_connect_swapped (self->control, "text-changed", G_CALLBACK (control_text_changed), self);
}

/* Puts @text (command-line form, "" for none) into the controls. */
static void
show_text (SillokFieldEditor *self,
           const char        *text)
{
  switch (self->field->type)
    {
    case SILLOK_FIELD_TEXT:
      gtk_editable_set_text (GTK_EDITABLE (self->control), text);
      break;
    case SILLOK_FIELD_LONGTEXT:
      if (self->loading)
        sillok_narrative_view_set_contents (SILLOK_NARRATIVE_VIEW (self->control), text, NULL, 0);
      else
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (sillok_narrative_view_get_text_view (
                                    SILLOK_NARRATIVE_VIEW (self->control))), text, -1);
      break;
    case SILLOK_FIELD_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (self->control), g_str_equal (text, "true"));
      break;
    case SILLOK_FIELD_CHOICE:
      {
        guint selected = 0;

        for (guint i = 0; i < self->field->choices->len; i++)
          if (g_str_equal (((SillokChoice *) self->field->choices->pdata[i])->code, text))
            selected = i + 1;
        if (GTK_IS_DROP_DOWN (self->control))
          gtk_drop_down_set_selected (GTK_DROP_DOWN (self->control), selected);
        else
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->control), selected);
        break;
      }
    case SILLOK_FIELD_MULTICHOICE:
      {
        g_auto(GStrv) codes = g_strsplit (text, ",", -1);

        for (guint i = 0; i < self->checks->len; i++)
          gtk_check_button_set_active (self->checks->pdata[i],
                                       g_strv_contains ((const char *const *) codes,
                                                        ((SillokChoice *) self->field->choices->pdata[i])->code));
        break;
      }
    case SILLOK_FIELD_INTEGER:
      sillok_integer_control_set_text (SILLOK_INTEGER_CONTROL (self->control), text);
      break;
    case SILLOK_FIELD_PARTIAL_DATE:
      sillok_date_control_set_text (self->date, text);
      break;
    case SILLOK_FIELD_PLACE:
      sillok_place_control_set_text (self->place, text);
      break;
    case SILLOK_FIELD_SITES:
    default:
      sillok_site_row_set_text (SILLOK_SITE_ROW (self->control), text);
      break;
    }
}

static void
sillok_field_editor_dispose (GObject *object)
{
  SillokFieldEditor *self = SILLOK_FIELD_EDITOR (object);

  g_clear_object (&self->row);
  g_clear_object (&self->error_row);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->gazetteer, sillok_gazetteer_unref);

  G_OBJECT_CLASS (sillok_field_editor_parent_class)->dispose (object);
}

static void
sillok_field_editor_finalize (GObject *object)
{
  SillokFieldEditor *self = SILLOK_FIELD_EDITOR (object);

  g_free (self->path);
  g_free (self->language);
  g_free (self->error);

  G_OBJECT_CLASS (sillok_field_editor_parent_class)->finalize (object);
}

static void
sillok_field_editor_class_init (SillokFieldEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sillok_field_editor_dispose;
  object_class->finalize = sillok_field_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sillok_field_editor_init (SillokFieldEditor *self)
{
}

SillokFieldEditor *
sillok_field_editor_new (SillokTemplateField *field,
                         const char          *path,
                         SillokGazetteer     *gazetteer,
                         const char          *language)
{
  SillokFieldEditor *self = g_object_new (SILLOK_TYPE_FIELD_EDITOR, NULL);
  GtkWidget *help;

  self->field = field;
  self->path = g_strdup (path);
  self->language = g_strdup (language);
  self->gazetteer = gazetteer != NULL ? sillok_gazetteer_ref (gazetteer) : NULL;
  help = help_button (self);

  switch (field->type)
    {
    case SILLOK_FIELD_TEXT:
      build_text (self);
      break;
    case SILLOK_FIELD_LONGTEXT:
      build_narrative (self, help);
      help = NULL;
      break;
    case SILLOK_FIELD_BOOLEAN:
      build_boolean (self);
      break;
    case SILLOK_FIELD_CHOICE:
      build_choice (self);
      break;
    case SILLOK_FIELD_MULTICHOICE:
      build_multichoice (self);
      break;
    case SILLOK_FIELD_INTEGER:
    case SILLOK_FIELD_PARTIAL_DATE:
    case SILLOK_FIELD_PLACE:
    case SILLOK_FIELD_SITES:
    default:
      build_composite (self);
      break;
    }
  if (help != NULL)
    {
      if (ADW_IS_ENTRY_ROW (self->row))
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->row), help);
      else if (ADW_IS_EXPANDER_ROW (self->row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (self->row), help);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), help);
    }
  g_object_ref_sink (self->row);
  gtk_widget_set_name (self->row, path);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->error_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  /* A preferences row, so that the group puts it in its list right under
   * the field; any other widget would go after the whole list. */
  self->error_row = g_object_ref_sink (adw_preferences_row_new ());
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self->error_row), FALSE);
  gtk_widget_set_focusable (self->error_row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->error_row), GTK_WIDGET (self->error_label));
  gtk_widget_set_visible (self->error_row, FALSE);
  return self;
}

void
sillok_field_editor_add_to (SillokFieldEditor   *self,
                            AdwPreferencesGroup *group)
{
  g_return_if_fail (SILLOK_IS_FIELD_EDITOR (self));
  adw_preferences_group_add (group, self->row);
  adw_preferences_group_add (group, self->error_row);
}

GtkWidget *
sillok_field_editor_get_row (SillokFieldEditor *self)
{
  g_return_val_if_fail (SILLOK_IS_FIELD_EDITOR (self), NULL);
  return self->row;
}

const char *
sillok_field_editor_get_path (SillokFieldEditor *self)
{
  g_return_val_if_fail (SILLOK_IS_FIELD_EDITOR (self), NULL);
  return self->path;
}

SillokTemplateField *
sillok_field_editor_get_field (SillokFieldEditor *self)
{
  g_return_val_if_fail (SILLOK_IS_FIELD_EDITOR (self), NULL);
  return self->field;
}

void
sillok_field_editor_set_value (SillokFieldEditor *self,
                               JsonNode          *value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SILLOK_IS_FIELD_EDITOR (self));

  text = value != NULL ? sillok_value_to_text (self->field, value) : g_strdup ("");
  self->loading = TRUE;
  show_text (self, text);
  self->loading = FALSE;
}

void
sillok_field_editor_enter_text (SillokFieldEditor *self,
                                const char        *text)
{
  g_return_if_fail (SILLOK_IS_FIELD_EDITOR (self));
  show_text (self, text);
}

void
sillok_field_editor_set_error (SillokFieldEditor *self,
                               const char        *message)
{
  g_return_if_fail (SILLOK_IS_FIELD_EDITOR (self));

  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_row, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (self->row, "error");
  else
    gtk_widget_remove_css_class (self->row, "error");
}

const char *
sillok_field_editor_get_error (SillokFieldEditor *self)
{
  g_return_val_if_fail (SILLOK_IS_FIELD_EDITOR (self), NULL);
  return self->error;
}

void
sillok_field_editor_focus (SillokFieldEditor *self)
{
  g_return_if_fail (SILLOK_IS_FIELD_EDITOR (self));

  if (ADW_IS_EXPANDER_ROW (self->row))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->row), TRUE);
  gtk_widget_grab_focus (self->focus != NULL ? self->focus : self->row);
}

SillokNarrativeView *
sillok_field_editor_get_narrative (SillokFieldEditor *self)
{
  g_return_val_if_fail (SILLOK_IS_FIELD_EDITOR (self), NULL);
  return SILLOK_IS_NARRATIVE_VIEW (self->control) ? SILLOK_NARRATIVE_VIEW (self->control) : NULL;
}
