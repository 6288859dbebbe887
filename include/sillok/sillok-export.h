/* sillok-export.h: signed, anonymized bundles of sealed records (DESIGN §8)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-bundle.h"
#include "sillok-progress.h"
#include "sillok-secret.h"
#include "sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_EXPORT_ERROR (sillok_export_error_quark ())

typedef enum
{
  SILLOK_EXPORT_ERROR_INVALID,        /* a bad option: no record chosen, an empty reason, a passphrase with recipients */
  SILLOK_EXPORT_ERROR_RECIPIENT,      /* neither an age1… recipient nor the name of one in the vault */
  SILLOK_EXPORT_ERROR_NO_RECIPIENT,   /* no recipient and no passphrase, and none in the vault */
  SILLOK_EXPORT_ERROR_NOT_SEALED,     /* a chosen record has no sealed version (or none is sealed) */
  SILLOK_EXPORT_ERROR_CONSENT,        /* consent leaves no record to export */
  SILLOK_EXPORT_ERROR_K_ANONYMITY,    /* records below the k-anonymity threshold and no reason to go on */
  SILLOK_EXPORT_ERROR_UNKNOWN_SIGNER, /* a statement signed by a key the vault does not have */
  SILLOK_EXPORT_ERROR_TOO_LARGE,      /* more than a bundle may hold */
  SILLOK_EXPORT_ERROR_CHANGED,        /* a record changed while it was being exported */
  SILLOK_EXPORT_ERROR_INCOMPLETE,     /* an archived record without its whole chain (a version missing or in
                                       * conflict, or no audit times for the legal profile) */
} SillokExportError;

typedef enum
{
  SILLOK_EXPORT_PROFILE_ANONYMIZED,   /* for coordinators: no identifying or legal value, generalized quasi-identifiers */
  SILLOK_EXPORT_PROFILE_LEGAL,        /* for legal teams: every value, attachment and audit time */
} SillokExportProfile;

/* Where the records of an export come from. */
typedef enum
{
  SILLOK_EXPORT_SOURCE_VAULT,         /* the vault's own sealed records, signed by its interviewer */
  SILLOK_EXPORT_SOURCE_ARCHIVE,       /* records imported into the archive (coordinators), re-exported with
                                       * their original statements and signatures */
} SillokExportSource;

/* A record in a bundle: its sealed versions 1 to @version. */
typedef struct
{
  char  *uuid;
  guint  version;
  char  *statement;   /* the digest of the latest sealed version's statement */
  guint  carried;     /* disclosures of that version in the bundle */
  guint  withheld;    /* its disclosures left out by the profile */
} SillokExportRecord;

/* A record that stays out, and why (a sentence for people). */
typedef struct
{
  char *uuid;
  char *reason;
} SillokExportLeftOut;

/* What an export did, or (from sillok_export_plan()) would do. */
typedef struct
{
  char                *bundle;        /* UUID; NULL in a plan */
  char                *b2;            /* BLAKE2b-512 of the bundle file, 128 hex; NULL in a plan */
  guint64              size;          /* bytes of the bundle file */
  SillokExportProfile  profile;
  GPtrArray           *records;       /* SillokExportRecord, sorted */
  GPtrArray           *left_out;      /* SillokExportLeftOut, sorted */
  guint                attachments;   /* attachment files carried */
  guint                k_min;         /* smallest class of records by their quasi-identifiers */
  guint                k_threshold;
  GStrv                below;         /* records in classes below the threshold */
  GStrv                quasi;         /* the quasi-identifiers counted ("section.field@anon") */
  gboolean             enforced;      /* the threshold applies (anonymized profile) */
  char                *override;      /* the reason given to export below the threshold, when used */
  GStrv                provenance;    /* archive exports: the source bundles (UUIDs, sorted); else NULL */
} SillokExportReport;

#define SILLOK_TYPE_EXPORT (sillok_export_get_type ())
G_DECLARE_FINAL_TYPE (SillokExport, sillok_export, SILLOK, EXPORT, GObject)

GQuark              sillok_export_error_quark       (void);

const char         *sillok_export_profile_to_string (SillokExportProfile  profile);
gboolean            sillok_export_profile_from_string (const char         *str,
                                                     SillokExportProfile *profile);

/* An export from the unlocked @vault: anonymized, nothing chosen yet. */
SillokExport       *sillok_export_new               (SillokVault         *vault);
/* Chooses a record; with its latest version a draft (an amendment in
 * progress) the export goes up to its latest sealed version. */
void                sillok_export_add_record        (SillokExport        *self,
                                                     const char          *uuid);
/* Chooses every record with a sealed version as well. */
void                sillok_export_set_all_sealed    (SillokExport        *self,
                                                     gboolean             all_sealed);
/* Takes the records from @source (default: the vault's own).  With the
 * archive, sillok_export_add_record() names archived records. */
void                sillok_export_set_source        (SillokExport        *self,
                                                     SillokExportSource   source);
/* Chooses every record of the archive as well (archive source only);
 * records the archive cannot give whole are then left out and named
 * rather than stopping the export. */
void                sillok_export_set_all_archived  (SillokExport        *self,
                                                     gboolean             all_archived);
void                sillok_export_set_profile       (SillokExport        *self,
                                                     SillokExportProfile  profile);
/* Encrypts to @recipient: an "age1…" string, or the name of a recipient of
 * the vault.  Anything else fails with SILLOK_EXPORT_ERROR_RECIPIENT. */
gboolean            sillok_export_add_recipient     (SillokExport        *self,
                                                     const char          *recipient,
                                                     GError             **error);
/* Encrypts with a passphrase (age scrypt, copied) instead of recipients. */
void                sillok_export_set_passphrase    (SillokExport        *self,
                                                     SillokSecret        *passphrase);
/* The reason written into the manifest when records fall below the
 * k-anonymity threshold; without one such an export is refused. */
gboolean            sillok_export_set_override_k    (SillokExport        *self,
                                                     const char          *reason,
                                                     GError             **error);
/* The k-anonymity threshold (default SILLOK_BUNDLE_DEFAULT_K_THRESHOLD). */
void                sillok_export_set_k_threshold   (SillokExport        *self,
                                                     guint                threshold);

/* What the export would carry, leave out and measure, without writing or
 * changing anything; fails where the export would, except below the
 * k-anonymity threshold (the report says so). */
SillokExportReport *sillok_export_plan              (SillokExport        *self,
                                                     GError             **error);
/* Writes the bundle to @path (which must not exist) and then records an
 * "exported" audit entry for each record (archive source: one entry in
 * the archive's log of exports; the interviewers' chains stay verbatim).  On error or cancellation no
 * file remains at @path or @path.part and the vault is unchanged.
 * Progress counts bytes of the bundle's contents. */
SillokExportReport *sillok_export_write             (SillokExport        *self,
                                                     const char          *path,
                                                     SillokProgressFunc   progress,
                                                     gpointer             progress_data,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
/* The same in a worker thread; @progress is called from that thread. */
void                sillok_export_write_async       (SillokExport        *self,
                                                     const char          *path,
                                                     SillokProgressFunc   progress,
                                                     gpointer             progress_data,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SillokExportReport *sillok_export_write_finish      (SillokExport        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void                sillok_export_report_free       (SillokExportReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokExportReport, sillok_export_report_free)

G_END_DECLS
