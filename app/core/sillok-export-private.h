/* sillok-export-private.h: the parts of an export tests reach, and its test hook
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-anonymity.h"
#include "sillok/sillok-disclosure.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-record.h"
#include "sillok-blob.h"
#include "sillok-record-private.h"

G_BEGIN_DECLS

/* Fails the vault update that records an export (after the bundle is in place). */
#define SILLOK_EXPORT_FAILPOINT_RECORD     "bundle-record"

/* Consent fields the profiles need. */
#define SILLOK_EXPORT_CONSENT_COORDINATORS "consent.share_coordinators"
#define SILLOK_EXPORT_CONSENT_LEGAL        "consent.share_legal"

/* Fixes what an export draws at random or from the clock, so that tests
 * can compare two exports byte for byte.  Every member may be NULL. */
typedef struct
{
  const char *bundle;      /* the bundle's UUID */
  const char *created;     /* "YYYY-MM" */
  const char *audit_time;  /* RFC 3339 time of the "exported" audit entries */
  const char *audit_salt;  /* 22 base64url characters: the salt of their time */
  gboolean    named_part;  /* write <path>.part even where unnamed files work */
} SillokExportTestHook;

void        sillok_export_set_test_hook      (SillokExport               *self,
                                              const SillokExportTestHook *hook);

/* One file of a bundle: small ones in memory (@secret when they hold
 * testimony), attachments streamed from the vault. */
typedef struct
{
  char          *path;
  GBytes        *bytes;
  SillokSecret  *secret;
  char          *record;    /* attachments: the record, version and number */
  guint          version;
  guint          n;
  SillokBlob    *blob;      /* archived attachments: the archive's blob */
  guint64        size;
  char           b2[SILLOK_BUNDLE_B2_HEX_LENGTH + 1];
} SillokExportFile;

/* A file of @len bytes of @data (copied, into guarded memory when @secret). */
SillokExportFile *sillok_export_file_new     (const char   *path,
                                              const void   *data,
                                              gsize         len,
                                              gboolean      secret);
const guint8     *sillok_export_file_get_data (SillokExportFile *file);
void              sillok_export_file_free    (SillokExportFile  *file);

/* Sorts files by path in byte order. */
void        sillok_export_files_sort         (GPtrArray    *files);
/* "<b2>  <path>\n" for every file but B2SUMS, the manifest and its
 * signature, in the order given (sorted). */
char       *sillok_export_b2sums             (GPtrArray    *files);

/* Whether @profile carries the disclosure named @name of @record. */
gboolean    sillok_export_profile_carries    (SillokExportProfile  profile,
                                              SillokRecord        *record,
                                              const char          *name);
/* Says whether attachment @n was marked open. */
typedef gboolean (*SillokExportAttachmentOpen) (guint    n,
                                                gpointer data);
/* The same for a version of @template whose attachments @open classifies. */
gboolean    sillok_export_profile_carries_name (SillokExportProfile         profile,
                                                SillokTemplate             *template,
                                                const char                 *name,
                                                SillokExportAttachmentOpen  open,
                                                gpointer                    open_data);
/* The consent field @profile needs ("consent.share_legal"…). */
const char *sillok_export_consent_field      (SillokExportProfile  profile);
/* Why a witness's consent forbids @profile, for people. */
const char *sillok_export_consent_missing    (SillokExportProfile  profile);
/* NULL when @profile may export @sealed (its latest sealed version, with
 * @latest the latest version, a draft or the same), else why not. */
char       *sillok_export_consent_refusal    (SillokExportProfile  profile,
                                              SillokRecord        *sealed,
                                              SillokRecord        *latest);
/* The names ("section.field@anon") of @template's quasi-identifiers that
 * count for k-anonymity: generalized fields of non-repeating sections. */
GPtrArray  *sillok_export_quasi_names        (SillokTemplate      *template);

/* The manifest's members. */
typedef struct
{
  const char  *bundle;
  const char  *created;
  const char  *exporter;
  const char  *profile;
  const char  *b2sums;
  guint        k_min;
  guint        k_threshold;
  const char *const *below;
  const char *const *quasi;
  const char  *override;       /* NULL: null */
  const char *const *provenance; /* NULL: no such member */
  GPtrArray   *records;        /* SillokExportRecord: one per version (uuid, version, statement), sorted */
  const char *const *templates;
} SillokExportManifest;

/* The manifest's RFC 8785 bytes. */
char       *sillok_export_manifest_json      (const SillokExportManifest *manifest,
                                              GError                    **error);

/* A version of an archived record, as the archive holds it. */
typedef struct
{
  guint           version;
  char           *digest;
  char           *signer;
  SillokTemplate *template;
  GBytes         *statement;
  GBytes         *signature;
  GPtrArray      *held;         /* SillokDisclosure the archive holds */
  GPtrArray      *carried;      /* those the profile carries */
  gboolean        open_only;    /* only anonymized bundles brought it: its attachments were open */
} SillokExportArchived;

/* A record chosen for a bundle: from the vault (@latest, @sealed,
 * @versions) or from the archive (@archived, @chain, @times). */
typedef struct
{
  char               *uuid;
  SillokRecord       *latest;     /* the latest version, maybe a draft */
  SillokRecord       *sealed;     /* the latest sealed version */
  GPtrArray          *versions;   /* SillokRecord: sealed versions 1 … sealed */
  GPtrArray          *carried;    /* SillokDisclosure of the latest sealed version the profile carries */
  guint               total;      /* disclosures of that version (held, for the archive) */
  SillokAuditPending *pending;    /* its "exported" audit entry */

  GPtrArray          *archived;   /* SillokExportArchived: versions 1 … n */
  GStrv               bundles;    /* the bundles that brought them, sorted */
  GBytes             *chain;      /* the archived audit chain, verbatim */
  SillokSecret       *times;      /* its times (legal profile), or NULL */
} SillokExportItem;

void        sillok_export_item_free          (SillokExportItem *item);
/* The latest (sealed or archived) version exported and its statement digest. */
guint       sillok_export_item_version       (SillokExportItem *item);
const char *sillok_export_item_statement     (SillokExportItem *item);

/* A JSON array (RFC 8785) of @n disclosure strings, in guarded memory. */
SillokSecret *sillok_export_string_array_secret (const char *const *strings,
                                                 guint              n);

/* Checks every sealed version of @item as `check` does (statement digest,
 * signature, supersedes link, carried disclosures in the statement) and
 * adds its files to @files: statements, signatures, disclosures.json, the
 * template, the signers' keys, the attachments carried and the audit chain
 * ending with @item->pending.  @paths holds the paths added so far. */
gboolean    sillok_export_add_item_files     (SillokVault          *vault,
                                              SillokExportProfile   profile,
                                              SillokExportItem     *item,
                                              GHashTable           *paths,
                                              GPtrArray            *files,
                                              GError              **error);

/* What was asked of an export. */
typedef struct
{
  SillokVault         *vault;
  GPtrArray           *chosen;        /* record UUIDs */
  gboolean             all_sealed;
  SillokExportProfile  profile;
  guint                k_threshold;
  const char          *override;      /* NULL: none given */
  SillokExportSource   source;
  gboolean             all_archived;
} SillokExportRequest;

/* The records an export takes, and what it measured of them. */
typedef struct
{
  GPtrArray        *items;      /* SillokExportItem, sorted by UUID */
  GPtrArray        *left_out;   /* SillokExportLeftOut */
  GPtrArray        *quasi;      /* names, sorted */
  SillokKAnonymity *k;
} SillokExportPlan;

/* Archive exports (sillok-export-archive.c). */

/* Every record of the archive, sorted. */
GPtrArray  *sillok_export_archive_uuids      (SillokVault               *vault,
                                              GError                   **error);
/* @uuid's archived versions, failing with SILLOK_EXPORT_ERROR_INCOMPLETE
 * when one is missing or in conflict. */
SillokExportItem *sillok_export_archive_load (const SillokExportRequest *req,
                                              const char                *uuid,
                                              GError                   **error);
/* NULL when the consent the archive holds for @item allows @profile,
 * else why not. */
char       *sillok_export_archive_consent    (SillokExportProfile        profile,
                                              SillokExportItem          *item);
/* Selects what each version carries (only held attachments) and the
 * audit chain; fails with SILLOK_EXPORT_ERROR_INCOMPLETE when the legal
 * profile finds no audit times. */
gboolean    sillok_export_archive_select     (const SillokExportRequest *req,
                                              SillokExportItem          *item,
                                              GError                   **error);
/* Checks every archived version of @item as the verifier does (digest,
 * signature by its signer's archived key, supersedes link, carried
 * disclosures in the statement) and adds its files, as
 * sillok_export_add_item_files() does, with the chain verbatim. */
gboolean    sillok_export_add_archived_files (SillokVault               *vault,
                                              SillokExportProfile        profile,
                                              SillokExportItem          *item,
                                              GHashTable                *paths,
                                              GPtrArray                 *files,
                                              GError                   **error);
/* Appends the export to the archive's log (inside a transaction). */
gboolean    sillok_export_archive_log        (sqlite3                   *db,
                                              const char                *bundle,
                                              const char                *b2,
                                              SillokExportProfile        profile,
                                              const char *const         *recipients,
                                              GBytes                    *manifest,
                                              GError                   **error);

/* Chooses the records (failing on one never sealed), leaves out those
 * whose consent forbids the profile (failing when none is left), selects
 * what each carries and measures k-anonymity. */
SillokExportPlan   *sillok_export_plan_make     (const SillokExportRequest *req,
                                                 GError                   **error);
/* The report of @plan, without bundle id or hash. */
SillokExportReport *sillok_export_plan_report   (const SillokExportRequest *req,
                                                 SillokExportPlan          *plan);
void                sillok_export_plan_free     (SillokExportPlan          *plan);
void                sillok_export_record_free   (SillokExportRecord        *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokExportFile, sillok_export_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokExportPlan, sillok_export_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokExportItem, sillok_export_item_free)

G_END_DECLS
