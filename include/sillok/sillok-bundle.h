/* sillok-bundle.h: the bundle format (sillok-bundle/1): paths, names, limits
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bundle (*.sillok) is an age v1 file whose plaintext is a POSIX pax tar
 * (extended headers only where a path needs one) of regular files, sorted
 * by path in byte order, each with mode 0644, uid and gid 0, empty user and
 * group names, mtime 0 and no other times:
 *
 *   B2SUMS                                  "<128 hex>  <path>\n" for every
 *                                           file below but the manifest and
 *                                           its signature, sorted by path
 *   attachments/<b2>                        attachment plaintext; <b2> is its
 *                                           BLAKE2b-512, 128 lower-case hex
 *   audit/<uuid>.jsonl                      the record's audit chain: one
 *                                           canonical entry per line
 *   audit/<uuid>.times.json                 legal profile only: JSON array of
 *                                           the chain's "$at" disclosures
 *   keys/<KEYID>.pub                        minisign public key of every
 *                                           signer and of the exporter
 *   manifest.json                           RFC 8785 (see below)
 *   manifest.json.minisig                   the exporter's signature of it
 *   records/<uuid>/<version>/statement.json          as sealed
 *   records/<uuid>/<version>/statement.json.minisig  as sealed
 *   records/<uuid>/<version>/disclosures.json        JSON array (RFC 8785) of
 *                                           the disclosure strings carried
 *   templates/<digest>.json                 a template's RFC 8785 bytes;
 *                                           <digest> is their BLAKE2b-256
 *
 * <uuid> is a lower-case UUID, <version> a decimal number without leading
 * zeros from 1, <KEYID> 16 upper-case hex digits.
 *
 * manifest.json, members as RFC 8785 sorts them:
 *   {"anonymity":{"below":[<uuid>…],"k_min":N,"k_threshold":N,
 *                 "override":<reason>|null,"quasi":[<name>…]},
 *    "b2sums":<128 hex: BLAKE2b-512 of B2SUMS>,"bundle":<uuid>,
 *    "created":"YYYY-MM","exporter":<KEYID>,"format":"sillok-bundle/1",
 *    "profile":"anonymized"|"legal",
 *    "provenance":[…]                       optional, from re-exports
 *    "records":[{"record":<uuid>,"statement":<64 hex>,"version":N}…],
 *    "templates":[<64 hex>…]}
 * Arrays are sorted; "records" by record, then version. */

#define SILLOK_BUNDLE_FORMAT                  "sillok-bundle/1"
#define SILLOK_BUNDLE_SUFFIX                  ".sillok"
/* The trusted comment of manifest.json.minisig. */
#define SILLOK_BUNDLE_TRUSTED_COMMENT_FORMAT  SILLOK_BUNDLE_FORMAT " bundle=%s"

#define SILLOK_BUNDLE_B2SUMS                  "B2SUMS"
#define SILLOK_BUNDLE_MANIFEST                "manifest.json"
#define SILLOK_BUNDLE_MANIFEST_SIGNATURE      "manifest.json.minisig"
#define SILLOK_BUNDLE_ATTACHMENTS_DIR         "attachments/"
#define SILLOK_BUNDLE_AUDIT_DIR               "audit/"
#define SILLOK_BUNDLE_AUDIT_SUFFIX            ".jsonl"
#define SILLOK_BUNDLE_AUDIT_TIMES_SUFFIX      ".times.json"
#define SILLOK_BUNDLE_KEYS_DIR                "keys/"
#define SILLOK_BUNDLE_KEY_SUFFIX              ".pub"
#define SILLOK_BUNDLE_RECORDS_DIR             "records/"
#define SILLOK_BUNDLE_STATEMENT               "statement.json"
#define SILLOK_BUNDLE_STATEMENT_SIGNATURE     "statement.json.minisig"
#define SILLOK_BUNDLE_DISCLOSURES             "disclosures.json"
#define SILLOK_BUNDLE_TEMPLATES_DIR           "templates/"
#define SILLOK_BUNDLE_TEMPLATE_SUFFIX         ".json"

/* Profiles, as the manifest names them. */
#define SILLOK_BUNDLE_PROFILE_ANONYMIZED      "anonymized"
#define SILLOK_BUNDLE_PROFILE_LEGAL           "legal"

/* Members of the manifest and of its "anonymity" object. */
#define SILLOK_BUNDLE_MANIFEST_MEMBERS        "anonymity", "b2sums", "bundle", "created", "exporter", "format", \
                                              "profile", "records", "templates"
#define SILLOK_BUNDLE_ANONYMITY_MEMBERS       "below", "k_min", "k_threshold", "override", "quasi"
#define SILLOK_BUNDLE_PROVENANCE_MEMBER       "provenance"

/* tar entry metadata. */
#define SILLOK_BUNDLE_FILE_MODE               0644
/* BLAKE2b-512 in B2SUMS and attachment names, BLAKE2b-256 for digests. */
#define SILLOK_BUNDLE_B2_HEX_LENGTH           128
#define SILLOK_BUNDLE_DIGEST_HEX_LENGTH       64
#define SILLOK_BUNDLE_KEY_ID_LENGTH           16
#define SILLOK_BUNDLE_UUID_LENGTH             36
/* Two spaces between hash and path, as b2sum writes them. */
#define SILLOK_BUNDLE_B2SUMS_SEPARATOR        "  "
/* k-anonymity threshold unless told otherwise. */
#define SILLOK_BUNDLE_DEFAULT_K_THRESHOLD     3
/* The largest override reason, in characters. */
#define SILLOK_BUNDLE_OVERRIDE_MAX_CHARS      2000

/* Limits the reader checks before reading a file, and the writer before
 * writing one, so a bundle Sillok writes is always one it reads. */
#define SILLOK_BUNDLE_MAX_ENTRIES             1000000
#define SILLOK_BUNDLE_PATH_MAX                256
#define SILLOK_BUNDLE_MANIFEST_MAX            (1024 * 1024)
#define SILLOK_BUNDLE_SIGNATURE_MAX           (16 * 1024)
#define SILLOK_BUNDLE_B2SUMS_MAX              (256 * 1024 * 1024)
#define SILLOK_BUNDLE_KEY_MAX                 (2 * 1024)
#define SILLOK_BUNDLE_TEMPLATE_MAX            (1024 * 1024)
#define SILLOK_BUNDLE_STATEMENT_MAX           (1024 * 1024)
#define SILLOK_BUNDLE_DISCLOSURES_MAX         (16 * 1024 * 1024)
#define SILLOK_BUNDLE_AUDIT_MAX               (16 * 1024 * 1024)
#define SILLOK_BUNDLE_AUDIT_TIMES_MAX         (16 * 1024 * 1024)
/* Every file but the attachments, together: what a reader holds in memory. */
#define SILLOK_BUNDLE_SMALL_FILES_MAX         (G_GUINT64_CONSTANT (1024) * 1024 * 1024)
/* Attachments: the reader's default maximum (a setting may lower it). */
#define SILLOK_BUNDLE_ATTACHMENT_MAX_DEFAULT  (G_GUINT64_CONSTANT (16) * 1024 * 1024 * 1024)

/* What a path of a bundle names. */
typedef enum
{
  SILLOK_BUNDLE_PATH_INVALID = 0,
  SILLOK_BUNDLE_PATH_B2SUMS,
  SILLOK_BUNDLE_PATH_MANIFEST,
  SILLOK_BUNDLE_PATH_MANIFEST_SIGNATURE,
  SILLOK_BUNDLE_PATH_ATTACHMENT,           /* id: b2 */
  SILLOK_BUNDLE_PATH_AUDIT,                /* id: record */
  SILLOK_BUNDLE_PATH_AUDIT_TIMES,          /* id: record */
  SILLOK_BUNDLE_PATH_KEY,                  /* id: key id */
  SILLOK_BUNDLE_PATH_STATEMENT,            /* id: record, version */
  SILLOK_BUNDLE_PATH_STATEMENT_SIGNATURE,  /* id: record, version */
  SILLOK_BUNDLE_PATH_DISCLOSURES,          /* id: record, version */
  SILLOK_BUNDLE_PATH_TEMPLATE,             /* id: digest */
} SillokBundlePathKind;

typedef struct
{
  SillokBundlePathKind kind;
  char                 id[SILLOK_BUNDLE_B2_HEX_LENGTH + 1];
  guint                version;
} SillokBundlePath;

/* Parses @path against the exact grammar above (NUL-terminated, at most
 * SILLOK_BUNDLE_PATH_MAX bytes); FALSE for anything else. */
gboolean     sillok_bundle_path_parse       (const char           *path,
                                             SillokBundlePath     *out);
/* The path of a file of @kind: @id as the grammar wants it, @version for
 * files of a record version.  NULL when @id or @version do not fit. */
char        *sillok_bundle_path_format      (SillokBundlePathKind  kind,
                                             const char           *id,
                                             guint                 version);
/* The largest size a file of @kind may have. */
guint64      sillok_bundle_path_max_size    (SillokBundlePathKind  kind);

/* TRUE for a lower-case canonical UUID (8-4-4-4-12 hex digits). */
gboolean     sillok_bundle_is_uuid          (const char           *str);
/* TRUE for exactly @len lower-case hex digits. */
gboolean     sillok_bundle_is_hex           (const char           *str,
                                             gsize                 len);

G_END_DECLS
