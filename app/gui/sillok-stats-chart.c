/* sillok-stats-chart.c: records per key of one dimension, as bars
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok/sillok-archive.h"
#include "sillok-stats-chart.h"

#define ROW_HEIGHT 30
#define BAR_HEIGHT 18
#define PADDING    6

struct _SillokStatsChart
{
  GtkDrawingArea  parent_instance;
  GPtrArray      *counts;
};

G_DEFINE_FINAL_TYPE (SillokStatsChart, sillok_stats_chart, GTK_TYPE_DRAWING_AREA)

guint
sillok_stats_chart_get_bars (SillokStatsChart *self)
{
  g_return_val_if_fail (SILLOK_IS_STATS_CHART (self), 0);
  return self->counts != NULL ? MIN (self->counts->len, SILLOK_STATS_CHART_MAX_BARS) : 0;
}

const char *
sillok_stats_chart_get_label (SillokStatsChart *self,
                              guint             bar)
{
  SillokArchiveCount *c;

  g_return_val_if_fail (SILLOK_IS_STATS_CHART (self), NULL);
  g_return_val_if_fail (bar < sillok_stats_chart_get_bars (self), NULL);
  c = self->counts->pdata[bar];
  return c->label != NULL ? c->label : c->key;
}

/* Colours come from the style, so that light and dark both read well. */
static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *rgba,
              const char *fallback)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, rgba))
    gdk_rgba_parse (rgba, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        data)
{
  SillokStatsChart *self = SILLOK_STATS_CHART (area);
  GtkWidget *widget = GTK_WIDGET (area);
  guint bars = sillok_stats_chart_get_bars (self);
  GdkRGBA fg, accent, trough;
  double label_width = MIN (width * 0.4, 260.0);
  double count_width = 48.0;
  double bar_space = MAX (1.0, width - label_width - count_width - 3 * PADDING);
  guint most;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  lookup_color (widget, "accent_bg_color", &accent, "#3584e4");
  trough = fg;
  trough.alpha = 0.08;
  if (bars == 0)
    return;
  most = MAX (1, ((SillokArchiveCount *) self->counts->pdata[0])->records);

  for (guint i = 0; i < bars; i++)
    {
      SillokArchiveCount *c = self->counts->pdata[i];
      double y = PADDING + i * ROW_HEIGHT;
      double bar = bar_space * c->records / (double) most;
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (widget, c->label != NULL ? c->label : c->key);
      g_autofree char *number = g_strdup_printf ("%u", c->records);
      g_autoptr(PangoLayout) count = gtk_widget_create_pango_layout (widget, number);
      int lw, lh;

      /* The key, ellipsized on the left of its bar. */
      pango_layout_set_width (label, (int) (label_width * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, &lw, &lh);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y + (ROW_HEIGHT - lh) / 2.0);
      pango_cairo_show_layout (cr, label);

      gdk_cairo_set_source_rgba (cr, &trough);
      cairo_rectangle (cr, label_width + PADDING, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, bar_space, BAR_HEIGHT);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_rectangle (cr, label_width + PADDING, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, MAX (2.0, bar), BAR_HEIGHT);
      cairo_fill (cr);

      pango_layout_get_pixel_size (count, &lw, &lh);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, label_width + 2 * PADDING + bar_space, y + (ROW_HEIGHT - lh) / 2.0);
      pango_cairo_show_layout (cr, count);
    }
}

/* What the bars say, for screen readers. */
static void
update_description (SillokStatsChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint bars = sillok_stats_chart_get_bars (self);

  for (guint i = 0; i < bars; i++)
    {
      SillokArchiveCount *c = self->counts->pdata[i];

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: %u", c->label != NULL ? c->label : c->key, c->records);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

void
sillok_stats_chart_set_counts (SillokStatsChart *self,
                               GPtrArray        *counts)
{
  g_return_if_fail (SILLOK_IS_STATS_CHART (self));

  g_clear_pointer (&self->counts, g_ptr_array_unref);
  if (counts != NULL)
    self->counts = g_ptr_array_ref (counts);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self),
                                       (int) (2 * PADDING + sillok_stats_chart_get_bars (self) * ROW_HEIGHT));
  gtk_widget_set_visible (GTK_WIDGET (self), sillok_stats_chart_get_bars (self) > 0);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
css_changed (GtkWidget         *widget,
             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sillok_stats_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
sillok_stats_chart_finalize (GObject *object)
{
  g_clear_pointer (&SILLOK_STATS_CHART (object)->counts, g_ptr_array_unref);
  G_OBJECT_CLASS (sillok_stats_chart_parent_class)->finalize (object);
}

static void
sillok_stats_chart_class_init (SillokStatsChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sillok_stats_chart_finalize;
  GTK_WIDGET_CLASS (klass)->css_changed = css_changed;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sillok_stats_chart_init (SillokStatsChart *self)
{
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 300);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sillok_stats_chart_new (void)
{
  return g_object_new (SILLOK_TYPE_STATS_CHART, NULL);
}
