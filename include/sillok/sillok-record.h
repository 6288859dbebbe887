/* sillok-record.h: interviews — drafts, sealed versions, amendments
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sillok-progress.h"
#include "sillok-redact.h"
#include "sillok-template.h"
#include "sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_RECORD_ERROR (sillok_record_error_quark ())

typedef enum
{
  SILLOK_RECORD_ERROR_NOT_FOUND,     /* no such record, version or entry */
  SILLOK_RECORD_ERROR_INVALID,       /* a path or value the template does not allow */
  SILLOK_RECORD_ERROR_SEALED,        /* a sealed version never changes */
  SILLOK_RECORD_ERROR_NOT_SEALABLE,  /* consent or required fields missing */
  SILLOK_RECORD_ERROR_NOT_SEALED,    /* the operation needs a sealed version */
  SILLOK_RECORD_ERROR_DAMAGED,       /* stored data no longer matches what was signed */
} SillokRecordError;

typedef enum
{
  SILLOK_RECORD_DRAFT,
  SILLOK_RECORD_SEALED,
} SillokRecordStatus;

typedef struct
{
  guint        n;              /* number within the version, from 0: $attachment[N] */
  char        *name;
  char        *media_type;
  guint64      size;
  char        *b2;             /* BLAKE2b-512 hex of the plaintext */
  char        *sensitivity;    /* identifying, quasi, open or legal */
} SillokAttachment;

/* One version of a record, as read from the vault. */
typedef struct _SillokRecord SillokRecord;

/* What a list shows of a record: never the interviewee's name unless asked. */
typedef struct
{
  char               *uuid;
  guint               version;
  SillokRecordStatus  status;
  char               *template_id;
  char               *title;      /* sites and period, from the latest version */
  char               *updated;    /* RFC 3339 UTC */
  char               *name;       /* interviewee.name, only when asked for */
} SillokRecordSummary;

/* Which records a list shows. */
typedef struct
{
  const char *search;         /* words, or NULL: as sillok_record_list() */
  int         status;         /* -1: any, else a SillokRecordStatus */
  const char *template_id;    /* NULL: any template */
  gboolean    with_names;     /* fill SillokRecordSummary.name */
} SillokRecordQuery;

GQuark              sillok_record_error_quark     (void);

/* A new draft (version 1) of @template; stores the template in the vault
 * by digest when first used.  Returns the record's UUID. */
char               *sillok_record_create          (SillokVault     *vault,
                                                   SillokTemplate  *template,
                                                   GError         **error);

/* A value to set: a field path and its stored form. */
typedef struct
{
  char     *path;
  JsonNode *value;
} SillokRecordValue;

/* Sets one value of the record's draft, durably, in one transaction
 * (@value NULL or an empty text clears it).  Setting a field in the next
 * free entry of a repeating section adds that entry. */
gboolean            sillok_record_set             (SillokVault     *vault,
                                                   const char      *uuid,
                                                   const char      *path,
                                                   JsonNode        *value,
                                                   GError         **error);
/* Sets values written as the command line writes them (PATH=VALUE; an
 * empty VALUE clears), all or none. */
gboolean            sillok_record_set_texts       (SillokVault     *vault,
                                                   const char      *uuid,
                                                   const char *const *assignments,
                                                   GError         **error);
/* Reads a JSON object of field paths and stored values (the "values" of
 * `record show --json`, what `record new --from-json` takes), checking each
 * path and value against @template; the error names the first bad one.
 * Returns SillokRecordValue in template order (section, entry, field). */
GPtrArray          *sillok_record_values_from_json (SillokTemplate *template,
                                                    const char     *data,
                                                    gsize           len,
                                                    GError        **error);
/* Sets SillokRecordValue @values in the record's draft, all or none. */
gboolean            sillok_record_set_values      (SillokVault     *vault,
                                                   const char      *uuid,
                                                   GPtrArray       *values,
                                                   GError         **error);
void                sillok_record_value_free      (SillokRecordValue *value);
/* Repeating sections: add an empty entry (returns its index), remove one,
 * or move one to another place; values follow their entry. */
int                 sillok_record_add_entry       (SillokVault     *vault,
                                                   const char      *uuid,
                                                   const char      *section,
                                                   GError         **error);
gboolean            sillok_record_remove_entry    (SillokVault     *vault,
                                                   const char      *uuid,
                                                   const char      *section,
                                                   guint            index,
                                                   GError         **error);
gboolean            sillok_record_move_entry      (SillokVault     *vault,
                                                   const char      *uuid,
                                                   const char      *section,
                                                   guint            from,
                                                   guint            to,
                                                   GError         **error);
/* Spans of a narrative the interviewer marked as redacted (characters). */
gboolean            sillok_record_set_redactions  (SillokVault     *vault,
                                                   const char      *uuid,
                                                   const char      *path,
                                                   const SillokSpan *spans,
                                                   guint            n_spans,
                                                   GError         **error);

/* Adds an attachment to the draft, streaming it into an encrypted blob. */
gboolean            sillok_record_attach          (SillokVault     *vault,
                                                   const char      *uuid,
                                                   GInputStream    *input,
                                                   const char      *name,
                                                   const char      *media_type,
                                                   const char      *sensitivity,
                                                   SillokProgressFunc progress,
                                                   gpointer         progress_data,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
gboolean            sillok_record_detach          (SillokVault     *vault,
                                                   const char      *uuid,
                                                   guint            n,
                                                   GError         **error);
/* The plaintext of an attachment of a version, decrypted as it is read. */
GInputStream       *sillok_record_open_attachment (SillokVault     *vault,
                                                   const char      *uuid,
                                                   guint            version,
                                                   guint            n,
                                                   GError         **error);

/* Reads version @version (0: the latest). */
SillokRecord       *sillok_record_load            (SillokVault     *vault,
                                                   const char      *uuid,
                                                   guint            version,
                                                   GError         **error);
SillokRecord       *sillok_record_ref             (SillokRecord    *record);
void                sillok_record_unref           (SillokRecord    *record);
const char         *sillok_record_get_uuid        (SillokRecord    *record);
guint               sillok_record_get_version     (SillokRecord    *record);
guint               sillok_record_get_latest      (SillokRecord    *record);
SillokRecordStatus  sillok_record_get_status      (SillokRecord    *record);
SillokTemplate     *sillok_record_get_template    (SillokRecord    *record);
const char         *sillok_record_get_title       (SillokRecord    *record);
const char         *sillok_record_get_updated     (SillokRecord    *record);
/* The value at @path, or NULL. */
JsonNode           *sillok_record_get_value       (SillokRecord    *record,
                                                   const char      *path);
/* Every path with a value, in template order (sections, entries, fields). */
GPtrArray          *sillok_record_get_paths       (SillokRecord    *record);
guint               sillok_record_get_entry_count (SillokRecord    *record,
                                                   const char      *section);
/* The marked spans of a narrative (may be an empty array). */
GArray             *sillok_record_get_redactions  (SillokRecord    *record,
                                                   const char      *path);
GPtrArray          *sillok_record_get_attachments (SillokRecord    *record);
/* Sealed versions: the statement, its signature and every disclosure. */
const char         *sillok_record_get_statement_digest (SillokRecord *record);
GBytes             *sillok_record_get_statement   (SillokRecord    *record);
GBytes             *sillok_record_get_signature   (SillokRecord    *record);
GStrv               sillok_record_get_disclosures (SillokRecord    *record);
const char         *sillok_record_get_sealed_at   (SillokRecord    *record);
const char         *sillok_record_get_supersedes  (SillokRecord    *record);
const char         *sillok_record_get_reason      (SillokRecord    *record);
char               *sillok_record_get_signer      (SillokRecord    *record);

/* Records, most recently changed first; with @search (may be NULL), those
 * holding every word of it, each in any text value, as a word's start or
 * (Korean) also inside a longer word. */
GPtrArray          *sillok_record_list            (SillokVault     *vault,
                                                   const char      *search,
                                                   guint            offset,
                                                   guint            limit,
                                                   GError         **error);
/* The records @query selects, in the order of sillok_record_list(). */
GPtrArray          *sillok_record_query           (SillokVault     *vault,
                                                   const SillokRecordQuery *query,
                                                   guint            offset,
                                                   guint            limit,
                                                   GError         **error);
/* How many records @query selects, or -1 with @error set. */
gint64              sillok_record_count           (SillokVault     *vault,
                                                   const SillokRecordQuery *query,
                                                   GError         **error);
void                sillok_record_summary_free    (SillokRecordSummary *summary);

/* Paths that must be filled before sealing, and whether consent is given. */
GPtrArray          *sillok_record_missing_for_seal (SillokRecord   *record);

/* Seals the draft: refuses (SILLOK_RECORD_ERROR_NOT_SEALABLE) without
 * consent.given = true or with required fields empty, naming them; builds
 * the disclosures, the canonical statement and its minisign signature. */
gboolean            sillok_record_seal            (SillokVault     *vault,
                                                   const char      *uuid,
                                                   GError         **error);
/* Opens a draft of the next version of a sealed record, with a reason. */
guint               sillok_record_amend           (SillokVault     *vault,
                                                   const char      *uuid,
                                                   const char      *reason,
                                                   GError         **error);

/* Writes statement.json, statement.json.minisig, disclosures.json (all
 * disclosures) and <KEYID>.pub of a sealed version into @dir. */
gboolean            sillok_record_write_statement (SillokVault     *vault,
                                                   const char      *uuid,
                                                   guint            version,
                                                   const char      *dir,
                                                   GError         **error);

void                sillok_attachment_free        (SillokAttachment *attachment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokRecord, sillok_record_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokRecordSummary, sillok_record_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokRecordValue, sillok_record_value_free)

G_END_DECLS
