/* sillok-bundle-reader.h: reading and verifying a bundle (DESIGN §8.1, §10)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-age.h"
#include "sillok-bundle.h"
#include "sillok-disclosure.h"
#include "sillok-minisign.h"
#include "sillok-progress.h"
#include "sillok-secret.h"

G_BEGIN_DECLS

/* A bundle is hostile until every check has passed.  The reader decrypts
 * the age file one chunk at a time, parses the tar itself (ustar headers
 * with checksums, regular files only, a pax header only to carry a path
 * longer than 100 bytes), checks each path, its order and its size before
 * reading its bytes, hashes attachments as they stream and keeps only the
 * small files in memory (disclosures in guarded memory).  Nothing is
 * written to disk.  Then it checks, in this order, and stops at the first
 * failure, which the report names (check, file, record, version):
 *
 *   1. age header and header MAC (SILLOK_BUNDLE_ERROR_NOT_FOR_US when no
 *      identity or passphrase opens it, SILLOK_BUNDLE_ERROR_AGE_HEADER)
 *   2. every payload chunk, and the end of the file (AGE_PAYLOAD)
 *   3. the tar: types, paths, order, sizes, end-of-archive (TAR)
 *   4. B2SUMS against every file (B2SUMS)
 *   5. the manifest against B2SUMS: its b2sums, every record version and
 *      template it lists present and nothing else (MANIFEST)
 *   6. keys/<exporter>.pub and the exporter's signature of the manifest
 *      with trusted comment "sillok-bundle/1 bundle=<uuid>" (KEY,
 *      MANIFEST_SIGNATURE)
 *   7. each record version: its statement (STATEMENT), and its signature
 *      by keys/<signer>.pub, signer = the statement's "signer", trusted
 *      comment "sillok-statement/1 record=<uuid> version=<n>"
 *      (STATEMENT_SIGNATURE); every key file used (KEY)
 *   8. each version's disclosures against its statement, and every
 *      attachment disclosed and carried (DISCLOSURES, ATTACHMENT)
 *   9. each "supersedes" link: to the version before, in the bundle or,
 *      through the consumer, in the archive (SUPERSEDES)
 *  10. each audit chain, with its times in legal bundles (AUDIT)
 *  11. templates: name = BLAKE2b-256 of the bytes, a valid template, every
 *      statement's template present (TEMPLATE)
 *
 * Trust is apart from validity: a bundle whose checks all pass is valid,
 * and the report says of the exporter and of every signer whether a
 * trusted key vouches for it (SILLOK_BUNDLE_TRUST_TRUSTED), no trusted key
 * has its key id (UNKNOWN), or a trusted key has its key id but other key
 * bytes (MISMATCH: someone made a key with a known id). */

#define SILLOK_BUNDLE_ERROR (sillok_bundle_error_quark ())

/* The check that failed.  Reading errors that are not the bundle's fault
 * (the file cannot be read, cancellation, a consumer's own failure) come
 * in their own domains (G_IO_ERROR, …). */
typedef enum
{
  SILLOK_BUNDLE_ERROR_NOT_FOR_US,          /* no identity or passphrase opens the age file */
  SILLOK_BUNDLE_ERROR_AGE_HEADER,          /* a malformed age header, or a wrong header MAC */
  SILLOK_BUNDLE_ERROR_AGE_PAYLOAD,         /* a chunk fails to authenticate, or the file is cut or extended */
  SILLOK_BUNDLE_ERROR_TAR,                 /* the tar breaks a rule: type, path, order, size, end */
  SILLOK_BUNDLE_ERROR_B2SUMS,              /* B2SUMS malformed, or a file missing, unlisted or different */
  SILLOK_BUNDLE_ERROR_MANIFEST,            /* the manifest malformed or not matching the files */
  SILLOK_BUNDLE_ERROR_KEY,                 /* a key file missing, malformed, unused or under another id */
  SILLOK_BUNDLE_ERROR_MANIFEST_SIGNATURE,  /* the exporter's signature does not verify */
  SILLOK_BUNDLE_ERROR_STATEMENT,           /* a statement malformed or not matching its path */
  SILLOK_BUNDLE_ERROR_STATEMENT_SIGNATURE, /* a statement's signature does not verify */
  SILLOK_BUNDLE_ERROR_DISCLOSURES,         /* a disclosure malformed, duplicated or not in its statement */
  SILLOK_BUNDLE_ERROR_ATTACHMENT,          /* an attachment carried but not disclosed, or disclosed and absent */
  SILLOK_BUNDLE_ERROR_SUPERSEDES,          /* a version not linked to the one before it */
  SILLOK_BUNDLE_ERROR_AUDIT,               /* an audit chain broken, missing, or its times wrong */
  SILLOK_BUNDLE_ERROR_TEMPLATE,            /* a template missing, invalid, or not matching its digest */
} SillokBundleError;

typedef enum
{
  SILLOK_BUNDLE_TRUST_UNKNOWN,   /* no trusted key has this key id */
  SILLOK_BUNDLE_TRUST_TRUSTED,   /* a trusted key with the same id and bytes */
  SILLOK_BUNDLE_TRUST_MISMATCH,  /* a trusted key has this id, but other bytes */
} SillokBundleTrust;

/* A key of the bundle: the exporter's or a signer's. */
typedef struct
{
  char              *key_id;       /* 16 upper-case hex */
  char              *public_key;   /* the base64 line of its .pub file */
  gboolean           exporter;
  guint              statements;   /* versions it signed */
  SillokBundleTrust  trust;
  char              *name;         /* the trusted key's name, or NULL */
  char              *role;         /* "interviewer", "coordinator", "this vault", or NULL */
} SillokBundleSigner;

/* An attachment as disclosed ($attachment[N]). */
typedef struct
{
  guint    n;
  char    *name;
  char    *media_type;
  guint64  size;
  char    *b2;                     /* BLAKE2b-512 hex of its bytes */
  gboolean carried;                /* its bytes are in the bundle, and match */
} SillokBundleAttachment;

/* A version of a record in the bundle. */
typedef struct
{
  guint      version;
  char      *statement;            /* BLAKE2b-256 hex of statement.json */
  char      *supersedes;           /* or NULL for version 1 */
  gboolean   supersedes_in_archive; /* the version before was found by the consumer */
  gboolean   awaiting;             /* the version before is in neither: accepted for the consumer to link later */
  char      *signer;               /* key id */
  char      *template_digest;
  guint      digests;              /* in the statement, decoys included */
  guint      disclosed;            /* disclosures carried */
  guint      withheld;             /* digests without a disclosure (withheld values and decoys) */
  char      *sealed_at;            /* the value of $sealed_at, else of $sealed_at@anon, else NULL */
  char      *sealed_at_name;       /* "$sealed_at" or "$sealed_at@anon", or NULL */
  GStrv      fields;               /* names of the disclosures carried, sorted */
  GPtrArray *attachments;          /* SillokBundleAttachment */
} SillokBundleVersion;

typedef struct
{
  char      *uuid;
  GPtrArray *versions;             /* SillokBundleVersion, from 1 */
  guint      audit_entries;
  gboolean   audit_times;          /* the chain's times were carried and match */
  gboolean   audit_ok;             /* the chain was checked and holds */
} SillokBundleRecord;

typedef struct
{
  char    *digest;
  char    *id;                     /* the template's id, e.g. "forced-labour" */
  gint64   version;
} SillokBundleTemplate;

typedef enum
{
  SILLOK_BUNDLE_VERDICT_VALID,     /* every check passed (see the signers' trust) */
  SILLOK_BUNDLE_VERDICT_FAILED,    /* a check failed: see failure */
} SillokBundleVerdict;

/* What a reading found.  On failure the fields after "failure" hold what
 * was read and checked before it. */
typedef struct
{
  SillokBundleVerdict verdict;
  GError    *failure;              /* SILLOK_BUNDLE_ERROR, code = the failed check; NULL when valid */
  char      *failure_path;         /* the file it concerns, or NULL */
  char      *failure_record;       /* the record it concerns, or NULL */
  guint      failure_version;      /* and version, or 0 */
  gboolean   passphrase;           /* the age file is encrypted with a passphrase (one scrypt
                                    * stanza), not to recipients: known once its header was read */

  char      *b2;                   /* BLAKE2b-512 hex of the bundle file as received */
  guint64    size;                 /* its bytes */
  guint64    plaintext;            /* bytes of the tar */
  guint      entries;              /* files in the tar */

  char      *bundle;               /* manifest: uuid, month of export, profile */
  char      *created;
  char      *profile;
  guint      k_min;
  guint      k_threshold;
  char      *override;
  GPtrArray *signers;              /* SillokBundleSigner, exporter first, then by key id */
  GPtrArray *records;              /* SillokBundleRecord, by uuid */
  GPtrArray *templates;            /* SillokBundleTemplate, by digest */
  guint      attachments;          /* attachment files carried */
} SillokBundleReport;

/* A version as the consumer receives it, after its signature and
 * disclosures were checked.  Everything is borrowed for the call. */
typedef struct
{
  const char        *record;
  guint              version;
  const char        *signer;                   /* key id */
  const char        *statement_digest;
  GBytes            *statement;                /* statement.json, verbatim */
  GBytes            *signature;                /* statement.json.minisig, verbatim */
  SillokSecret      *disclosures_json;         /* disclosures.json, verbatim, in guarded memory */
  GPtrArray         *disclosures;              /* SillokDisclosure, parsed, in the file's order */
  guint              withheld;
} SillokBundleVersionData;

/* An import layer plugs into the reader with these callbacks; any may be
 * NULL.  The reader calls them on the thread that reads, in this order:
 *
 *   attachment      once per attachment, while the tar streams, before
 *                   anything else is checked.  @stream yields its bytes and
 *                   is hashed as it is read: the read that reaches its end
 *                   fails (G_IO_ERROR_INVALID_DATA) when the bytes differ
 *                   from B2SUMS.  Store the bytes (e.g. into an encrypted
 *                   blob) and return TRUE; what the callback leaves unread
 *                   is drained and hashed by the reader.  Returning FALSE
 *                   with an error stops the reading with that error.
 *   manifest        once the exporter's signature holds.
 *   key             for each key of the bundle, once every signature holds.
 *   version         for each record version, in path order, once its
 *                   disclosures hold.
 *   audit           for each record's audit chain once it holds: the
 *                   entries' canonical texts and the time disclosures
 *                   (NULL-terminated; @times NULL when not carried).
 *   template_file   for each template once it holds.
 *   finish          exactly once at the end of every reading that got past
 *                   the age header, with @passed TRUE only when every check
 *                   passed and nothing failed; @failure is the report's
 *                   failure or the reading error.  Nothing delivered before
 *                   is final until finish says so: on FALSE, delete what was
 *                   stored (attachments included) and roll back.
 *
 * lookup_statement answers check 9 for a version whose predecessor is not
 * in the bundle: set *@found when the archive holds version @version of
 * @record with statement digest @digest.  Without it, such a version fails.
 * When it answers "not found", the version fails too, unless the consumer
 * sets accept_awaiting: an archive that links the version once its
 * predecessor arrives (in any order) takes it, and the report marks it
 * awaiting.
 *
 * A callback returning FALSE must set @error; the reading stops with it
 * (the verdict is then FAILED and finish is called with it).
 *
 * Example (tests/test-bundle-reader.c implements it fully):
 *
 *   static gboolean
 *   store_attachment (gpointer user_data, const char *b2, guint64 size,
 *                     GInputStream *stream, GCancellable *cancellable,
 *                     GError **error)
 *   {
 *     Import *import = user_data;
 *     g_autoptr(GOutputStream) blob = import_blob_new (import, b2, error);
 *
 *     return blob != NULL
 *            && g_output_stream_splice (blob, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
 *                                       cancellable, error) >= 0;
 *   }
 *
 *   static void
 *   finish (gpointer user_data, gboolean passed, const GError *failure)
 *   {
 *     Import *import = user_data;
 *
 *     if (passed)
 *       import_commit (import);
 *     else
 *       import_rollback_and_delete_blobs (import);
 *   }
 *
 *   static const SillokBundleConsumer consumer = {
 *     .attachment = store_attachment, .finish = finish,
 *   };
 *   sillok_bundle_reader_set_consumer (reader, &consumer, import);
 */
typedef struct
{
  gboolean (*attachment)       (gpointer                        user_data,
                                const char                     *b2,
                                guint64                         size,
                                GInputStream                   *stream,
                                GCancellable                   *cancellable,
                                GError                        **error);
  gboolean (*manifest)         (gpointer                        user_data,
                                const SillokBundleReport       *report,
                                GBytes                         *manifest,
                                GBytes                         *signature,
                                GError                        **error);
  gboolean (*version)          (gpointer                        user_data,
                                const SillokBundleVersionData  *version,
                                GError                        **error);
  gboolean (*key)              (gpointer                        user_data,
                                const char                     *key_id,
                                const SillokMinisignPublicKey  *key,
                                GBytes                         *file,
                                GError                        **error);
  gboolean (*audit)            (gpointer                        user_data,
                                const char                     *record,
                                const char * const             *entries,
                                const char * const             *times,
                                GError                        **error);
  gboolean (*template_file)    (gpointer                        user_data,
                                const char                     *digest,
                                GBytes                         *canonical,
                                GError                        **error);
  gboolean (*lookup_statement) (gpointer                        user_data,
                                const char                     *record,
                                guint                           version,
                                const char                     *digest,
                                gboolean                       *found,
                                GError                        **error);
  /* Optional, asked when lookup_statement did not find @digest: set
   * *@other when the archive holds version @version of @record under
   * another statement (not one kept as a conflict).  The version then
   * fails check 9 instead of waiting for a predecessor that has come. */
  gboolean (*lookup_other)     (gpointer                        user_data,
                                const char                     *record,
                                guint                           version,
                                const char                     *digest,
                                gboolean                       *other,
                                GError                        **error);
  /* Optional, asked for the last version of each record in the bundle:
   * set *@mismatch when the archive holds no version @version of @record
   * but holds version @version + 1 waiting for a predecessor other than
   * @digest.  The version then fails check 9: both ends of that link are
   * present and they do not meet. */
  gboolean (*lookup_successor) (gpointer                        user_data,
                                const char                     *record,
                                guint                           version,
                                const char                     *digest,
                                gboolean                       *mismatch,
                                GError                        **error);
  void     (*finish)           (gpointer                        user_data,
                                gboolean                        passed,
                                const GError                   *failure);
  gboolean   accept_awaiting;
} SillokBundleConsumer;

#define SILLOK_TYPE_BUNDLE_READER (sillok_bundle_reader_get_type ())
G_DECLARE_FINAL_TYPE (SillokBundleReader, sillok_bundle_reader, SILLOK, BUNDLE_READER, GObject)

GQuark              sillok_bundle_error_quark          (void);
/* A stable name of each check, as --json writes it ("b2sums", …). */
const char         *sillok_bundle_error_to_string      (SillokBundleError  code);
const char         *sillok_bundle_trust_to_string      (SillokBundleTrust  trust);

SillokBundleReader *sillok_bundle_reader_new           (void);
/* Identities and passphrases to open the age file with (copied). */
void                sillok_bundle_reader_add_identity  (SillokBundleReader *self,
                                                        SillokAgeIdentity  *identity);
void                sillok_bundle_reader_add_passphrase (SillokBundleReader *self,
                                                         SillokSecret       *passphrase);
/* Says whether the identities belong to a vault ("the bundle is not
 * encrypted to this vault") or were given (" … to this identity"). */
void                sillok_bundle_reader_set_identity_is_vault (SillokBundleReader *self,
                                                                gboolean            is_vault);
/* A key to report as trusted, with a name and a role. */
void                sillok_bundle_reader_add_trusted_key (SillokBundleReader            *self,
                                                          const SillokMinisignPublicKey *key,
                                                          const char                    *name,
                                                          const char                    *role);
/* Adds every minisign public key file (*.pub) of @dir as trusted, named
 * after its file; fails on a .pub file that is not a key. */
gboolean            sillok_bundle_reader_add_trusted_dir (SillokBundleReader *self,
                                                          const char         *dir,
                                                          GError            **error);
/* The largest attachment accepted (default SILLOK_BUNDLE_ATTACHMENT_MAX_DEFAULT). */
void                sillok_bundle_reader_set_max_attachment (SillokBundleReader *self,
                                                             guint64             max);
/* The most files accepted (default SILLOK_BUNDLE_MAX_ENTRIES); tests lower it. */
void                sillok_bundle_reader_set_max_entries (SillokBundleReader *self,
                                                          guint               max);
/* The most bytes of all files but attachments together, which the reader
 * holds in memory (default SILLOK_BUNDLE_SMALL_FILES_MAX); tests lower it. */
void                sillok_bundle_reader_set_max_small_files (SillokBundleReader *self,
                                                              guint64             max);
void                sillok_bundle_reader_set_consumer  (SillokBundleReader         *self,
                                                        const SillokBundleConsumer *consumer,
                                                        gpointer                    user_data);

/* Reads and verifies the bundle at @path, reporting bytes of the file
 * read (of its size) as it goes.  Returns the report, valid or failed;
 * NULL with an error only when the file cannot be read, the reading was
 * cancelled or a consumer failed. */
SillokBundleReport *sillok_bundle_reader_read_file     (SillokBundleReader *self,
                                                        const char         *path,
                                                        SillokProgressFunc  progress,
                                                        gpointer            progress_data,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
/* The same from @input (age, binary or armored); @total for progress, 0
 * when unknown. */
SillokBundleReport *sillok_bundle_reader_read_stream   (SillokBundleReader *self,
                                                        GInputStream       *input,
                                                        guint64             total,
                                                        SillokProgressFunc  progress,
                                                        gpointer            progress_data,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
/* The same from the plaintext tar itself (the age layer skipped): for
 * tests and fuzzing. */
SillokBundleReport *sillok_bundle_reader_read_tar      (SillokBundleReader *self,
                                                        const guint8       *tar,
                                                        gsize               len,
                                                        GError            **error);

/* TRUE when every key of a valid report is trusted. */
gboolean            sillok_bundle_report_all_trusted   (const SillokBundleReport *report);
void                sillok_bundle_report_free          (SillokBundleReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokBundleReport, sillok_bundle_report_free)

G_END_DECLS
