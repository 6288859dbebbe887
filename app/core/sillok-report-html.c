/* sillok-report-html.c: the verification report as one self-contained HTML file
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include "sillok-report-private.h"

/* XHTML syntax so that XML tools read it too; no script, no link out. */
static const char style[] =
  "body{font-family:'Noto Sans CJK KR','Noto Sans',sans-serif;margin:2em;max-width:60em;color:#222}"
  "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em;border-bottom:1px solid #aaa}"
  "dl{display:grid;grid-template-columns:14em 1fr;gap:.2em 1em;margin:0}"
  "dt{font-weight:bold}dd{margin:0;overflow-wrap:anywhere}"
  "dt.detail{font-weight:normal;padding-left:1.5em}"
  "code{font-family:'Noto Sans Mono',monospace;font-size:.9em}"
  ".alert{color:#a00;font-weight:bold}";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *escaped = NULL;

  /* XML 1.0 has no place for control characters, even escaped. */
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c < 0xa0))
        g_string_append_unichar (clean, 0xfffd);
      else
        g_string_append_unichar (clean, c);
    }
  escaped = g_markup_escape_text (clean->str, -1);
  g_string_append (out, escaped);
}

static void
append_value (GString         *out,
              SillokReportRow *row)
{
  if (row->code)
    g_string_append (out, "<code>");
  append_escaped (out, row->value);
  if (row->code)
    g_string_append (out, "</code>");
}

char *
sillok_report_to_html (const SillokBundleReport *report,
                       const char               *file_name)
{
  g_autoptr(GPtrArray) rows = sillok_report_rows (report, file_name);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean in_list = FALSE;

  g_string_append (out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
  append_escaped (out, _("en"));
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
  append_escaped (out, _("Sillok bundle verification report"));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);

  for (guint i = 0; i < rows->len; i++)
    {
      SillokReportRow *row = rows->pdata[i];
      gboolean listed = row->kind == SILLOK_REPORT_ROW_FIELD || row->kind == SILLOK_REPORT_ROW_DETAIL;

      if (in_list && !listed)
        g_string_append (out, "</dl>\n");
      if (!in_list && listed)
        g_string_append (out, "<dl>\n");
      in_list = listed;
      switch (row->kind)
        {
        case SILLOK_REPORT_ROW_TITLE:
          g_string_append (out, "<h1>");
          append_escaped (out, _("Sillok bundle verification report"));
          g_string_append_printf (out, "</h1>\n<p%s><strong>", row->alert ? " class=\"alert\"" : "");
          append_escaped (out, row->label);
          g_string_append (out, ":</strong> ");
          append_escaped (out, row->value);
          g_string_append (out, "</p>\n");
          break;
        case SILLOK_REPORT_ROW_HEADING:
          g_string_append (out, "<h2>");
          append_escaped (out, row->label);
          if (row->value != NULL)
            {
              g_string_append (out, " ");
              append_value (out, row);
            }
          g_string_append (out, "</h2>\n");
          break;
        case SILLOK_REPORT_ROW_FIELD:
        case SILLOK_REPORT_ROW_DETAIL:
        default:
          g_string_append_printf (out, "<dt%s>", row->kind == SILLOK_REPORT_ROW_DETAIL ? " class=\"detail\"" : "");
          append_escaped (out, row->label);
          g_string_append_printf (out, "</dt><dd%s>", row->alert ? " class=\"alert\"" : "");
          append_value (out, row);
          g_string_append (out, "</dd>\n");
          break;
        }
    }
  if (in_list)
    g_string_append (out, "</dl>\n");
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
