/* sillok-report.h: a bundle's verification report as text, JSON, HTML and PDF (DESIGN §10)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-bundle-reader.h"

G_BEGIN_DECLS

/* The "format" member of the JSON report (docs/VERIFY-JSON.md,
 * schemas/verify-report.schema.json). */
#define SILLOK_REPORT_JSON_FORMAT "sillok-verify-report/1"

/* The report as JSON, RFC 8785 (stable; see docs/VERIFY-JSON.md). */
char     *sillok_report_to_json    (const SillokBundleReport *report,
                                    const char               *file_name);
/* The report as lines for a terminal, in the user's language. */
char     *sillok_report_to_text    (const SillokBundleReport *report,
                                    const char               *file_name);
/* A self-contained, well-formed HTML document (XHTML syntax, inline style,
 * every text escaped). */
char     *sillok_report_to_html    (const SillokBundleReport *report,
                                    const char               *file_name);
/* Writes a PDF (cairo and pango, Noto CJK for Korean) to @path. */
gboolean  sillok_report_write_pdf  (const SillokBundleReport *report,
                                    const char               *file_name,
                                    const char               *path,
                                    GError                  **error);
/* Writes HTML or PDF to @path, by its suffix (.html, .htm or .pdf); the
 * file is replaced atomically.  Other suffixes fail with
 * G_IO_ERROR_NOT_SUPPORTED. */
gboolean  sillok_report_write      (const SillokBundleReport *report,
                                    const char               *file_name,
                                    const char               *path,
                                    GError                  **error);

G_END_DECLS
