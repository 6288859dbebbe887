/* sillok-report-private.h: the report as rows, which each output format lays out
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-report.h"

G_BEGIN_DECLS

typedef enum
{
  SILLOK_REPORT_ROW_TITLE,      /* the verdict */
  SILLOK_REPORT_ROW_HEADING,    /* a section: bundle, keys, a record */
  SILLOK_REPORT_ROW_FIELD,      /* label: value */
  SILLOK_REPORT_ROW_DETAIL,     /* label: value, indented under the field before */
} SillokReportRowKind;

typedef struct
{
  SillokReportRowKind kind;
  char               *label;
  char               *value;    /* may be NULL */
  gboolean            alert;    /* a failure or an untrusted key */
  gboolean            code;     /* the value is a hash or an id: monospace */
} SillokReportRow;

/* The rows of @report, in reading order. */
GPtrArray *sillok_report_rows (const SillokBundleReport *report,
                               const char               *file_name);

G_END_DECLS
