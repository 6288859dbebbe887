/* sillok-report-pdf.c: the verification report as a PDF, laid out with pango on cairo
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "sillok-fs.h"
#include "sillok-report-private.h"

/* A4 in points, 2 cm margins. */
#define PAGE_WIDTH   595.0
#define PAGE_HEIGHT  842.0
#define MARGIN        56.0
#define LABEL_WIDTH  150.0
#define DETAIL_INDENT 16.0
/* Noto CJK carries Hangul; the generic family catches the rest. */
#define FONT_FAMILY  "Noto Sans CJK KR, Noto Sans, sans-serif"

typedef struct
{
  cairo_t *cr;
  double   y;
} Page;

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
layout_new (cairo_t    *cr,
            const char *text,
            double      size,
            gboolean    bold,
            gboolean    mono,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (mono ? "Noto Sans Mono, monospace"
                                                                                  : FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
height_of (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
ensure_room (Page   *page,
             double  height)
{
  if (page->y + height > PAGE_HEIGHT - MARGIN && page->y > MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
}

static void
draw (Page        *page,
      PangoLayout *layout,
      double       x,
      gboolean     alert)
{
  cairo_move_to (page->cr, x, page->y);
  if (alert)
    cairo_set_source_rgb (page->cr, 0.65, 0, 0);
  else
    cairo_set_source_rgb (page->cr, 0.1, 0.1, 0.1);
  pango_cairo_show_layout (page->cr, layout);
}

static void
draw_row (Page            *page,
          SillokReportRow *row)
{
  double width = PAGE_WIDTH - 2 * MARGIN;

  if (row->kind == SILLOK_REPORT_ROW_TITLE || row->kind == SILLOK_REPORT_ROW_HEADING)
    {
      g_autofree char *text = row->value != NULL ? g_strdup_printf ("%s %s", row->label, row->value)
                                                 : g_strdup (row->label);
      g_autoptr(PangoLayout) layout = layout_new (page->cr, text, row->kind == SILLOK_REPORT_ROW_TITLE ? 12 : 11, TRUE,
                                                  FALSE, width);
      double h = height_of (layout);

      ensure_room (page, h + 8);
      page->y += row->kind == SILLOK_REPORT_ROW_HEADING ? 8 : 0;
      draw (page, layout, MARGIN, row->alert);
      page->y += h + 4;
      return;
    }
  {
    double indent = row->kind == SILLOK_REPORT_ROW_DETAIL ? DETAIL_INDENT : 0;
    g_autoptr(PangoLayout) label = layout_new (page->cr, row->label, 9, row->kind == SILLOK_REPORT_ROW_FIELD, FALSE,
                                               LABEL_WIDTH - indent);
    g_autoptr(PangoLayout) value = layout_new (page->cr, row->value, 9, FALSE, row->code, width - LABEL_WIDTH);
    double h = MAX (height_of (label), height_of (value));

    ensure_room (page, h);
    draw (page, label, MARGIN + indent, FALSE);
    draw (page, value, MARGIN + LABEL_WIDTH, row->alert);
    page->y += h + 2;
  }
}

gboolean
sillok_report_write_pdf (const SillokBundleReport *report,
                         const char               *file_name,
                         const char               *path,
                         GError                  **error)
{
  g_autoptr(GPtrArray) rows = sillok_report_rows (report, file_name);
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { NULL, MARGIN };

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Sillok bundle verification report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sillok");
  page.cr = cairo_create (surface);
  {
    g_autoptr(PangoLayout) title = layout_new (page.cr, _("Sillok bundle verification report"), 16, TRUE, FALSE,
                                               PAGE_WIDTH - 2 * MARGIN);

    draw (&page, title, MARGIN, FALSE);
    page.y += height_of (title) + 10;
  }
  for (guint i = 0; i < rows->len; i++)
    draw_row (&page, rows->pdata[i]);
  cairo_show_page (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot draw the PDF report: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return sillok_fs_replace (path, pdf->data, pdf->len, 0644, NULL, error);
}
