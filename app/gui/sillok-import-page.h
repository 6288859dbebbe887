/* sillok-import-page.h: importing bundles into the archive, one at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok-session.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_IMPORT_PAGE (sillok_import_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokImportPage, sillok_import_page, SILLOK, IMPORT_PAGE, AdwBin)

/* What became of a bundle the page was given. */
typedef enum
{
  SILLOK_IMPORT_WAITING,    /* queued behind another */
  SILLOK_IMPORT_RUNNING,
  SILLOK_IMPORT_IMPORTED,   /* imported, or found imported before */
  SILLOK_IMPORT_REJECTED,   /* a check failed: nothing changed */
  SILLOK_IMPORT_FAILED,     /* could not be read or written, or cancelled: nothing changed */
  SILLOK_IMPORT_PASSPHRASE, /* encrypted with a passphrase: waiting for it to be typed */
} SillokImportState;

void               sillok_import_page_set_session (SillokImportPage *self,
                                                   SillokSession    *session);
/* Queues each GFile of @files, as choosing or dropping them does. */
void               sillok_import_page_add_files   (SillokImportPage *self,
                                                   GListModel       *files);
/* Forgets every result and every remembered passphrase (on lock). */
void               sillok_import_page_clear       (SillokImportPage *self);
/* The result rows, one per bundle, in the order given; rows are added a
 * few per frame, the first at once. */
GtkListBox        *sillok_import_page_get_results (SillokImportPage *self);
/* The state of a result row, and the Cancel button it shows (the one
 * beside its passphrase field while it asks for one). */
SillokImportState  sillok_import_page_row_state   (GtkWidget        *row);
GtkButton         *sillok_import_page_row_cancel  (GtkWidget        *row);
/* The passphrase field of a row that asks for one and its Import button,
 * or NULL. */
GtkEditable       *sillok_import_page_row_passphrase (GtkWidget     *row);
GtkButton         *sillok_import_page_row_import  (GtkWidget        *row);
/* What a result row shows under the file name (lines of at most 70
 * characters), and the whole text its tooltip and accessible description
 * give. */
const char        *sillok_import_page_row_shown   (GtkWidget        *row);
const char        *sillok_import_page_row_text    (GtkWidget        *row);
/* The progress bar of a row (shown while its bundle is read). */
GtkProgressBar    *sillok_import_page_row_progress (GtkWidget       *row);
/* The widget showing a finished row's result. */
GtkWidget         *sillok_import_page_row_result  (GtkWidget        *row);
/* How many bundles are waiting (shown as rows or not yet) or running. */
guint              sillok_import_page_get_pending (SillokImportPage *self);
/* How many bundle passphrases, typed for one bundle and found to open it,
 * the page keeps (in guarded memory) to try on the others: up to 8, until
 * the list is cleared or the vault locks. */
guint              sillok_import_page_get_remembered (SillokImportPage *self);

G_END_DECLS
