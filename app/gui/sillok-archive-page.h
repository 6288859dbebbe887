/* sillok-archive-page.h: the coordinator's archive: records, a record's
 * versions, statistics, persons, conflicts and analyst tables
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sillok/sillok-archive.h"
#include "sillok-export-dialog.h"
#include "sillok-session.h"
#include "sillok-stats-chart.h"

G_BEGIN_DECLS

#define SILLOK_TYPE_ARCHIVE_PAGE (sillok_archive_page_get_type ())
G_DECLARE_FINAL_TYPE (SillokArchivePage, sillok_archive_page, SILLOK, ARCHIVE_PAGE, AdwBin)

void              sillok_archive_page_set_session  (SillokArchivePage      *self,
                                                    SillokSession          *session);
/* Reads the archive again (through the session's queue) when the page is
 * shown; out of sight it reads when it is next shown. */
void              sillok_archive_page_refresh      (SillokArchivePage      *self);
/* Forgets everything shown (on lock). */
void              sillok_archive_page_clear        (SillokArchivePage      *self);
/* TRUE while a read of the archive is queued or running. */
gboolean          sillok_archive_page_get_busy     (SillokArchivePage      *self);
/* The records listed: SillokArchiveItem. */
GListModel       *sillok_archive_page_get_records  (SillokArchivePage      *self);
GtkSearchEntry   *sillok_archive_page_get_search_entry (SillokArchivePage  *self);
/* Item 0 lists every record; item d + 1 filters by SillokArchiveDimension d,
 * on the key chosen in sillok_archive_page_get_filter_key(). */
GtkDropDown      *sillok_archive_page_get_filter_by    (SillokArchivePage  *self);
GtkDropDown      *sillok_archive_page_get_filter_key   (SillokArchivePage  *self);
/* The dialog of archive.reexport (the records listed), or NULL. */
SillokExportDialog *sillok_archive_page_get_export_dialog (SillokArchivePage *self);
/* "records", "statistics", "persons", "conflicts" or "export". */
void              sillok_archive_page_show_view    (SillokArchivePage      *self,
                                                    const char             *name);
GtkWidget        *sillok_archive_page_get_view     (SillokArchivePage      *self,
                                                    const char             *name);
/* The record page of @record (as activating its row does); NULL goes back. */
void              sillok_archive_page_open_record  (SillokArchivePage      *self,
                                                    const char             *record);
/* The record shown, or NULL when the lists show; the record page itself. */
const char       *sillok_archive_page_get_record   (SillokArchivePage      *self);
GtkWidget        *sillok_archive_page_get_record_view (SillokArchivePage   *self);
SillokStatsChart *sillok_archive_page_get_chart    (SillokArchivePage      *self,
                                                    SillokArchiveDimension  dimension);
/* The analyst export form. */
AdwComboRow      *sillok_archive_page_get_format_row (SillokArchivePage    *self);
GtkSpinButton    *sillok_archive_page_get_k_spin   (SillokArchivePage      *self);
void              sillok_archive_page_set_destination (SillokArchivePage   *self,
                                                       GFile               *file);
GtkButton        *sillok_archive_page_get_export_button (SillokArchivePage *self);
/* What the last export wrote, or its error; NULL before. */
const char       *sillok_archive_page_get_export_result (SillokArchivePage *self);

G_END_DECLS
