/* sillok-bundle-reader-private.h: the state of one reading, shared by the streaming and the checks
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sodium.h>

#include "sillok/sillok-bundle-reader.h"

G_BEGIN_DECLS

#define SILLOK_B2_HEX_SIZE     (SILLOK_BUNDLE_B2_HEX_LENGTH + 1)

/* A small file of the bundle, kept whole: in guarded memory when it holds
 * testimony (disclosures, audit times), else in @bytes. */
typedef struct
{
  char             *path;
  SillokBundlePath  parsed;
  GBytes           *bytes;
  SillokSecret     *secret;
  char              b2[SILLOK_B2_HEX_SIZE];
} SillokBundleFile;

typedef struct
{
  char             *name;
  char             *role;
  SillokMinisignPublicKey key;
} SillokBundleTrustedKey;

typedef struct
{
  SillokBundleReader         *reader;
  const SillokBundleConsumer *consumer;
  gpointer                    consumer_data;
  SillokBundleReport         *report;
  GCancellable               *cancellable;

  GHashTable                 *files;        /* path → SillokBundleFile */
  GHashTable                 *sums;         /* path → 128 hex, from B2SUMS; NULL until read */
  GHashTable                 *attachments;  /* b2 → guint64 * size, carried and matching */
  GHashTable                 *keys;         /* key id → SillokMinisignPublicKey *, parsed when used */
  GHashTable                 *trusted;      /* key id → SillokBundleTrustedKey *, the reader's */
  GError                     *error;        /* a consumer's failure: stops the reading */
} SillokBundleRead;

/* Records the first failure of a check in the report; returns FALSE. */
gboolean            sillok_bundle_read_fail      (SillokBundleRead  *st,
                                                  SillokBundleError  code,
                                                  const char        *path,
                                                  const char        *record,
                                                  guint              version,
                                                  const char        *format,
                                                  ...) G_GNUC_PRINTF (6, 7);
/* Parses B2SUMS into st->sums, checking each line. */
gboolean            sillok_bundle_read_b2sums    (SillokBundleRead  *st,
                                                  SillokBundleFile  *file);
/* Checks 5 to 11 on the files read, in order, stopping at the first failure. */
gboolean            sillok_bundle_read_verify    (SillokBundleRead  *st);
/* A canonical JSON array of base64url strings, as disclosures.json and
 * audit times are written: the strings, NUL-terminated, in a guarded copy
 * (*@storage), or NULL when @data is not one. */
char              **sillok_bundle_parse_strings  (SillokSecret      *data,
                                                  SillokSecret     **storage);

SillokBundleReport *sillok_bundle_report_new     (void);
void                sillok_bundle_version_free   (SillokBundleVersion *version);
void                sillok_bundle_attachment_free (SillokBundleAttachment *attachment);
void                sillok_bundle_record_free    (SillokBundleRecord  *record);

G_END_DECLS
