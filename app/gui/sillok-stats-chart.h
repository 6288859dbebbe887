/* sillok-stats-chart.h: records per key of one dimension, as bars
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SILLOK_TYPE_STATS_CHART (sillok_stats_chart_get_type ())
G_DECLARE_FINAL_TYPE (SillokStatsChart, sillok_stats_chart, SILLOK, STATS_CHART, GtkDrawingArea)

/* The most bars a chart shows; the rest are summed up in words. */
#define SILLOK_STATS_CHART_MAX_BARS 12

GtkWidget  *sillok_stats_chart_new        (void);
/* @counts: SillokArchiveCount, most first (a reference is kept), or NULL. */
void        sillok_stats_chart_set_counts (SillokStatsChart *self,
                                           GPtrArray        *counts);
/* How many bars are drawn. */
guint       sillok_stats_chart_get_bars   (SillokStatsChart *self);
/* The label drawn under bar @bar (the key's label in the interface language). */
const char *sillok_stats_chart_get_label  (SillokStatsChart *self,
                                           guint             bar);

G_END_DECLS
