/* sillok-field-widgets.c: the controls of the field types GTK has none for
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok-value.h"
#include "sillok-field-widgets.h"

static guint integer_signal, date_signal, place_signal;

static guint
text_changed_signal (GType type)
{
  return g_signal_new ("text-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

GtkWidget *
sillok_searchable_drop_down_new (GListModel *strings)
{
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *drop_down = gtk_drop_down_new (g_object_ref (strings), expression);

  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  return drop_down;
}

/* Integer ------------------------------------------------------------- */

struct _SillokIntegerControl
{
  GtkBox         parent_instance;
  GtkSpinButton *spin;
  gboolean       empty;     /* no value: the spin button shows nothing */
  gboolean       loading;
};

G_DEFINE_FINAL_TYPE (SillokIntegerControl, sillok_integer_control, GTK_TYPE_BOX)

static gboolean
integer_output (SillokIntegerControl *self)
{
  if (!self->empty)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->spin), "");
  return TRUE;
}

static void
integer_text_changed (SillokIntegerControl *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->spin));

  if (self->loading)
    return;
  self->empty = *text == '\0';
  g_signal_emit (self, integer_signal, 0, text);
}

/* The arrows give a value to an empty field. */
static void
integer_value_changed (SillokIntegerControl *self)
{
  g_autofree char *text = NULL;

  if (self->loading || !self->empty)
    return;
  self->empty = FALSE;
  text = g_strdup_printf ("%.0f", gtk_spin_button_get_value (self->spin));
  gtk_editable_set_text (GTK_EDITABLE (self->spin), text);
}

static void
integer_clear (SillokIntegerControl *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->spin), "");
}

static void
sillok_integer_control_class_init (SillokIntegerControlClass *klass)
{
  integer_signal = text_changed_signal (G_TYPE_FROM_CLASS (klass));
}

static void
sillok_integer_control_init (SillokIntegerControl *self)
{
  gtk_box_set_spacing (GTK_BOX (self), 6);
}

SillokIntegerControl *
sillok_integer_control_new (SillokTemplateField *field)
{
  SillokIntegerControl *self = g_object_new (SILLOK_TYPE_INTEGER_CONTROL, NULL);
  double lower = field->has_min ? (double) field->min : -1e9;
  double upper = field->has_max ? (double) field->max : 1e9;
  GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");

  self->spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lower, upper, 1));
  gtk_spin_button_set_numeric (self->spin, TRUE);
  gtk_spin_button_set_value (self->spin, CLAMP (0, lower, upper));
  gtk_widget_set_valign (GTK_WIDGET (self->spin), GTK_ALIGN_CENTER);
  set_label (GTK_WIDGET (self->spin), sillok_text_get (&field->label, sillok_text_language ()));
  self->empty = TRUE;
  integer_output (self);
  g_signal_connect_swapped (self->spin, "output", G_CALLBACK (integer_output), self);
  g_signal_connect_swapped (self->spin, "changed", G_CALLBACK (integer_text_changed), self);
  g_signal_connect_swapped (self->spin, "value-changed", G_CALLBACK (integer_value_changed), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->spin));

  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (clear, _("Clear"));
  set_label (clear, _("Clear"));
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (integer_clear), self);
  gtk_box_append (GTK_BOX (self), clear);
  return self;
}

void
sillok_integer_control_set_text (SillokIntegerControl *self,
                                 const char           *text)
{
  g_return_if_fail (SILLOK_IS_INTEGER_CONTROL (self));

  self->empty = *text == '\0';
  if (!self->empty)
    {
      self->loading = TRUE;
      gtk_spin_button_set_value (self->spin, g_ascii_strtod (text, NULL));
      self->loading = FALSE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->spin), text);
}

/* Partial date --------------------------------------------------------- */

struct _SillokDateControl
{
  GtkBox       parent_instance;
  GtkEditable *year;
  GtkDropDown *month;
  GtkDropDown *day;
  gboolean     loading;
};

G_DEFINE_FINAL_TYPE (SillokDateControl, sillok_date_control, GTK_TYPE_BOX)

static char *
date_text (SillokDateControl *self)
{
  const char *year = gtk_editable_get_text (self->year);
  guint month = gtk_drop_down_get_selected (self->month);
  guint day = gtk_drop_down_get_selected (self->day);

  if (*year == '\0' && month == 0 && day == 0)
    return g_strdup ("");
  if (day > 0)
    return g_strdup_printf ("%s-%02u-%02u", year, month, day);
  if (month > 0)
    return g_strdup_printf ("%s-%02u", year, month);
  return g_strdup (year);
}

static void
date_changed (SillokDateControl *self)
{
  g_autofree char *text = NULL;

  if (self->loading)
    return;
  text = date_text (self);
  g_signal_emit (self, date_signal, 0, text);
}

static GtkDropDown *
number_drop_down (const char *none,
                  guint       n)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, none);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *s = g_strdup_printf ("%u", i);
      gtk_string_list_append (list, s);
    }
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
}

static void
sillok_date_control_class_init (SillokDateControlClass *klass)
{
  date_signal = text_changed_signal (G_TYPE_FROM_CLASS (klass));
}

static void
sillok_date_control_init (SillokDateControl *self)
{
  GtkWidget *year = gtk_entry_new ();

  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_entry_set_max_length (GTK_ENTRY (year), 4);
  gtk_editable_set_width_chars (GTK_EDITABLE (year), 5);
  gtk_entry_set_input_purpose (GTK_ENTRY (year), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_placeholder_text (GTK_ENTRY (year), _("Year"));
  gtk_widget_set_valign (year, GTK_ALIGN_CENTER);
  set_label (year, _("Year"));
  self->year = GTK_EDITABLE (year);
  self->month = number_drop_down (_("Month"), 12);
  self->day = number_drop_down (_("Day"), 31);
  set_label (GTK_WIDGET (self->month), _("Month (optional)"));
  set_label (GTK_WIDGET (self->day), _("Day (optional)"));
  gtk_widget_set_valign (GTK_WIDGET (self->month), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->day), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self), year);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->month));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->day));
  g_signal_connect_swapped (year, "changed", G_CALLBACK (date_changed), self);
  g_signal_connect_swapped (self->month, "notify::selected", G_CALLBACK (date_changed), self);
  g_signal_connect_swapped (self->day, "notify::selected", G_CALLBACK (date_changed), self);
}

SillokDateControl *
sillok_date_control_new (const char *language)
{
  return g_object_new (SILLOK_TYPE_DATE_CONTROL, NULL);
}

void
sillok_date_control_set_text (SillokDateControl *self,
                              const char        *text)
{
  int year = 0, month = 0, day = 0;
  g_autofree char *y = NULL;

  g_return_if_fail (SILLOK_IS_DATE_CONTROL (self));

  if (*text != '\0' && !sillok_partial_date_parse (text, &year, &month, &day))
    year = month = day = 0;
  y = year > 0 ? g_strdup_printf ("%04d", year) : g_strdup ("");
  /* One change for the user, not three half-dates. */
  self->loading = TRUE;
  gtk_editable_set_text (self->year, y);
  gtk_drop_down_set_selected (self->month, (guint) month);
  gtk_drop_down_set_selected (self->day, (guint) day);
  self->loading = FALSE;
  date_changed (self);
}

/* Place ---------------------------------------------------------------- */

struct _SillokPlaceControl
{
  GtkBox       parent_instance;
  GtkDropDown *province;
  GtkEditable *text;
  gboolean     loading;
};

G_DEFINE_FINAL_TYPE (SillokPlaceControl, sillok_place_control, GTK_TYPE_BOX)

static void
place_changed (SillokPlaceControl *self)
{
  guint n_provinces, selected = gtk_drop_down_get_selected (self->province);
  const SillokProvince *provinces = sillok_provinces (&n_provinces);
  const char *text = gtk_editable_get_text (self->text);
  const char *code = selected > 0 && selected <= n_provinces ? provinces[selected - 1].code : "";
  g_autofree char *value = NULL;

  if (self->loading)
    return;
  value = *text != '\0' ? g_strdup_printf ("%s:%s", code, text) : g_strdup (code);
  g_signal_emit (self, place_signal, 0, value);
}

static void
sillok_place_control_class_init (SillokPlaceControlClass *klass)
{
  place_signal = text_changed_signal (G_TYPE_FROM_CLASS (klass));
}

static void
sillok_place_control_init (SillokPlaceControl *self)
{
  gtk_box_set_spacing (GTK_BOX (self), 6);
}

SillokPlaceControl *
sillok_place_control_new (const char *language)
{
  SillokPlaceControl *self = g_object_new (SILLOK_TYPE_PLACE_CONTROL, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n_provinces;
  const SillokProvince *provinces = sillok_provinces (&n_provinces);
  GtkWidget *entry = gtk_entry_new ();

  gtk_string_list_append (names, _("Province"));
  for (guint i = 0; i < n_provinces; i++)
    gtk_string_list_append (names, g_str_equal (language, "ko") ? provinces[i].ko : provinces[i].en);
  self->province = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
  set_label (GTK_WIDGET (self->province), _("Province"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Town or county"));
  set_label (entry, _("Town or county"));
  self->text = GTK_EDITABLE (entry);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->province));
  gtk_box_append (GTK_BOX (self), entry);
  g_signal_connect_swapped (self->province, "notify::selected", G_CALLBACK (place_changed), self);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (place_changed), self);
  return self;
}

void
sillok_place_control_set_text (SillokPlaceControl *self,
                               const char         *text)
{
  guint n_provinces, selected = 0;
  const SillokProvince *provinces = sillok_provinces (&n_provinces);
  const char *colon = strchr (text, ':');
  g_autofree char *code = colon != NULL ? g_strndup (text, colon - text) : g_strdup (text);

  g_return_if_fail (SILLOK_IS_PLACE_CONTROL (self));
  for (guint i = 0; i < n_provinces; i++)
    if (g_str_equal (provinces[i].code, code))
      selected = i + 1;
  self->loading = TRUE;
  gtk_drop_down_set_selected (self->province, selected);
  gtk_editable_set_text (self->text, colon != NULL ? colon + 1 : "");
  self->loading = FALSE;
  place_changed (self);
}
