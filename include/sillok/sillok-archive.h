/* sillok-archive.h: the coordinator's archive of imported bundles
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-progress.h"
#include "sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_ARCHIVE_ERROR (sillok_archive_error_quark ())

typedef enum
{
  SILLOK_ARCHIVE_ERROR_NOT_FOUND,   /* no such record in the archive */
  SILLOK_ARCHIVE_ERROR_INVALID,     /* data handed to the import that a verified bundle cannot hold */
  SILLOK_ARCHIVE_ERROR_ID_TAKEN,    /* another bundle with the same UUID was imported before */
  SILLOK_ARCHIVE_ERROR_KEY_TAKEN,   /* another public key under a key id the archive holds */
} SillokArchiveError;

/* What importing one bundle changed. */
typedef struct
{
  char      *bundle;            /* the bundle's UUID */
  gboolean   already_imported;  /* the same bundle came before: nothing changed */
  guint      added;             /* record versions new to the archive */
  guint      present;           /* versions the archive already had, the same statement */
  guint      conflicts;         /* versions the archive had with a different statement: kept apart */
  guint      incomplete;        /* versions whose predecessor has not arrived */
  guint      completed;         /* versions waiting for a predecessor that this bundle brought */
  guint      attachments;       /* attachment files new to the archive */
  GStrv      conflicting;       /* "<uuid> version <n>" of each conflict */
} SillokImportResult;

/* The bundle a verified import belongs to. */
typedef struct
{
  const char *bundle;           /* UUID */
  const char *b2;               /* BLAKE2b-512 of the bundle file as received, 128 hex */
  const char *exporter;         /* key id */
  const char *profile;          /* anonymized or legal */
  const char *created;          /* YYYY-MM */
  GBytes     *manifest;
  GBytes     *manifest_signature;
} SillokArchiveBundle;

/* An import in progress: attachments are stored (encrypted) as they
 * stream; everything else is kept until sillok_archive_import_commit()
 * writes it in one transaction.  Freeing an uncommitted import deletes the
 * attachment files it stored, so a bundle that fails a check changes
 * nothing. */
typedef struct _SillokArchiveImport SillokArchiveImport;

GQuark               sillok_archive_error_quark       (void);

SillokArchiveImport *sillok_archive_import_new        (SillokVault          *vault);
void                 sillok_archive_import_free       (SillokArchiveImport  *import);
/* Stores the attachment whose plaintext BLAKE2b-512 is @b2 (128 hex),
 * reading @input to its end, unless the archive has it already.  Fails if
 * the bytes do not hash to @b2. */
gboolean             sillok_archive_import_add_attachment (SillokArchiveImport *import,
                                                           const char          *b2,
                                                           GInputStream        *input,
                                                           SillokProgressFunc   progress,
                                                           gpointer             progress_data,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
void                 sillok_archive_import_set_bundle (SillokArchiveImport  *import,
                                                       const SillokArchiveBundle *bundle);
/* @public_key: the base64 line of the minisign public key. */
void                 sillok_archive_import_add_key    (SillokArchiveImport  *import,
                                                       const char           *key_id,
                                                       const char           *public_key);
/* A template's RFC 8785 bytes. */
void                 sillok_archive_import_add_template (SillokArchiveImport *import,
                                                         GBytes              *canonical);
/* A verified record version: its statement and signature as they came, and
 * the disclosure strings the bundle carried for it. */
void                 sillok_archive_import_add_version (SillokArchiveImport *import,
                                                        const char          *record,
                                                        guint                version,
                                                        GBytes              *statement,
                                                        GBytes              *signature,
                                                        const char *const   *disclosures);
/* A record's audit chain (JSON lines) and, from legal bundles, its times. */
void                 sillok_archive_import_add_audit  (SillokArchiveImport  *import,
                                                       const char           *record,
                                                       GBytes               *chain,
                                                       GBytes               *times);
/* Writes everything in one transaction: a bundle imported before changes
 * nothing; a version present with the same statement is recognised, with a
 * different one kept as a conflict; disclosures another bundle carried are
 * added to those of the same statement. */
SillokImportResult  *sillok_archive_import_commit     (SillokArchiveImport  *import,
                                                       GError              **error);
void                 sillok_import_result_free        (SillokImportResult   *result);

/* TRUE when the archive holds version @version of @record with statement
 * digest @digest (to check a `supersedes` link the bundle does not carry). */
gboolean             sillok_archive_has_version       (SillokVault          *vault,
                                                       const char           *record,
                                                       guint                 version,
                                                       const char           *digest);

/* TRUE when the archive holds version @version of @record under a
 * statement other than @digest, and @digest is not one it keeps as a
 * conflict of that version: a `supersedes` link that cannot be right. */
gboolean             sillok_archive_has_other_version (SillokVault       *vault,
                                                       const char        *record,
                                                       guint              version,
                                                       const char        *digest);

/* TRUE when the archive holds no version @version of @record but holds
 * version @version + 1 naming a predecessor other than @digest: that
 * version waits for another statement, and @digest cannot complete it. */
gboolean             sillok_archive_has_other_successor (SillokVault     *vault,
                                                         const char      *record,
                                                         guint            version,
                                                         const char      *digest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokArchiveImport, sillok_archive_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokImportResult, sillok_import_result_free)

/* Reading the archive. */

typedef struct
{
  char  *record;
  guint  version;        /* the latest version the archive has */
  guint  versions;       /* how many versions it has */
  char  *signer;         /* key id of the latest version */
  char  *title;          /* sites and period as disclosed */
  char  *sealed;         /* $sealed_at@anon or $sealed_at as disclosed, or NULL */
  char  *pseudonym;      /* or NULL */
  gboolean complete;     /* every version's predecessor is present */
  guint  conflicts;
} SillokArchiveRecord;

typedef struct
{
  guint      version;
  char      *digest;
  char      *signer;
  char      *supersedes;
  gboolean   complete;
  GPtrArray *names;      /* disclosed names, sorted */
  GPtrArray *values;     /* their values as RFC 8785 text, in the same order */
  /* The same values as a reader reads them (sillok_value_describe() under
   * the version's template, in the user's language), in the same order. */
  GPtrArray *sections;
  GPtrArray *labels;
  GPtrArray *texts;
  char      *template;   /* digest of the template the version was made with, or NULL */
  guint      withheld;   /* statement digests without a disclosure here (decoys included) */
  GStrv      bundles;    /* the bundles that brought it */
} SillokArchiveVersion;

typedef struct
{
  char      *key;        /* site name, province code, year, category, organ or indicator */
  char      *label;      /* the key as a reader reads it, in the user's language */
  guint      records;    /* records that mention it */
} SillokArchiveCount;

typedef enum
{
  SILLOK_ARCHIVE_BY_SITE,
  SILLOK_ARCHIVE_BY_PROVINCE,
  SILLOK_ARCHIVE_BY_YEAR,
  SILLOK_ARCHIVE_BY_CATEGORY,
  SILLOK_ARCHIVE_BY_ORGAN,
  SILLOK_ARCHIVE_BY_ILO_INDICATOR,
} SillokArchiveDimension;

/* A statement received for a (record, version) the archive already had
 * with another statement: the one kept is in sillok_archive_versions(). */
typedef struct
{
  char                 *record;
  guint                 version;
  char                 *kept;       /* statement digest of the version kept */
  SillokArchiveVersion *received;   /* the other statement: digest, signer, disclosed values, its bundle */
} SillokArchiveConflict;

typedef enum
{
  SILLOK_ANALYST_CSV,
  SILLOK_ANALYST_JSONL,
} SillokAnalystFormat;

/* Records, most recently imported first; @search (may be NULL) filters on
 * any disclosed text, case-insensitively.  SillokArchiveRecord. */
GPtrArray  *sillok_archive_list          (SillokVault             *vault,
                                          const char              *search,
                                          GError                 **error);
/* The records of sillok_archive_list() whose latest version mentions @key
 * (the key of a SillokArchiveCount of sillok_archive_stats()) under
 * @dimension: a filter by site, province, year, category, organ or ILO
 * indicator.  The order is sillok_archive_list()'s. */
GPtrArray  *sillok_archive_list_filtered (SillokVault             *vault,
                                          const char              *search,
                                          SillokArchiveDimension   dimension,
                                          const char              *key,
                                          GError                 **error);
/* Every version of a record the archive has, oldest first.  SillokArchiveVersion. */
GPtrArray  *sillok_archive_versions      (SillokVault             *vault,
                                          const char              *record,
                                          GError                 **error);
/* Records grouped by $pseudonym: a GHashTable pseudonym → GPtrArray of record UUIDs. */
GHashTable *sillok_archive_persons       (SillokVault             *vault,
                                          GError                 **error);
/* Records per site, province, year, category, organ or ILO indicator,
 * most first.  SillokArchiveCount. */
GPtrArray  *sillok_archive_stats         (SillokVault             *vault,
                                          SillokArchiveDimension   dimension,
                                          GError                 **error);
const char *sillok_archive_dimension_to_string (SillokArchiveDimension dimension);
gboolean    sillok_archive_dimension_from_string (const char         *str,
                                                  SillokArchiveDimension *dimension);
/* Conflicting statements: strings "<uuid> version <n>: <digest> (bundle <uuid>)". */
GPtrArray  *sillok_archive_conflicts     (SillokVault             *vault,
                                          GError                 **error);
/* The conflicts of @record (or of every record when NULL), by record and
 * version: SillokArchiveConflict. */
GPtrArray  *sillok_archive_conflict_list (SillokVault             *vault,
                                          const char              *record,
                                          GError                 **error);
/* A table for analysts: one row per record (its latest version) of the
 * `open` and `@anon` values only, with the quasi-identifiers of rows in
 * classes smaller than @k suppressed (emptied) until every class holds at
 * least @k rows.  Writes CSV (UTF-8, a header row, RFC 4180 quoting, a BOM
 * only with @bom) or JSON Lines; @suppressed gets the number of values
 * emptied, @rows the rows written. */
gboolean    sillok_archive_analyst_export (SillokVault            *vault,
                                           SillokAnalystFormat     format,
                                           guint                   k,
                                           gboolean                bom,
                                           GOutputStream          *output,
                                           guint                  *rows,
                                           guint                  *suppressed,
                                           GCancellable           *cancellable,
                                           GError                **error);

/* A record's audit trail as the archive holds it (DESIGN §7.3). */
typedef struct
{
  GPtrArray *entries;    /* SillokAuditEntry (sillok-audit.h), oldest first */
  gboolean   times;      /* a legal bundle disclosed every entry's time (SillokAuditEntry.time) */
  guint      chains;     /* how many bundles brought a chain of this record */
} SillokArchiveAudit;

/* The longest chain the bundles brought for @record (each export extends
 * it), one with its times first among equals, checked again as a verifier
 * checks it: the error names the first bad entry.  NULL with
 * SILLOK_ARCHIVE_ERROR_NOT_FOUND when no bundle brought one. */
SillokArchiveAudit *sillok_archive_audit (SillokVault             *vault,
                                          const char              *record,
                                          GError                 **error);
void        sillok_archive_audit_free    (SillokArchiveAudit      *audit);

/* A bundle re-exported from the archive, as its log keeps it. */
typedef struct
{
  char      *bundle;       /* UUID */
  char      *b2;           /* BLAKE2b-512 of the bundle file, 128 hex */
  char      *profile;
  char      *exported_at;  /* RFC 3339 UTC */
  GStrv      recipients;   /* the age recipients it was encrypted to; empty for a passphrase */
  GStrv      records;      /* the records it carried, sorted */
  guint      versions;     /* their versions in it */
  GStrv      provenance;   /* the bundles they came in, sorted */
} SillokArchiveExport;

/* The bundles written from the archive, oldest first.  SillokArchiveExport. */
GPtrArray  *sillok_archive_exports       (SillokVault             *vault,
                                          GError                 **error);

void        sillok_archive_record_free   (SillokArchiveRecord     *record);
void        sillok_archive_export_free   (SillokArchiveExport     *export);
void        sillok_archive_version_free  (SillokArchiveVersion    *version);
void        sillok_archive_count_free    (SillokArchiveCount      *count);
void        sillok_archive_conflict_free (SillokArchiveConflict   *conflict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokArchiveAudit, sillok_archive_audit_free)

G_END_DECLS
