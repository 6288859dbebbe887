/* sillok-linkage.h: the organization's linkage key and witnesses' pseudonyms
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-secret.h"
#include "sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_LINKAGE_ERROR (sillok_linkage_error_quark ())

typedef enum
{
  SILLOK_LINKAGE_ERROR_INVALID,   /* not a linkage key file, or the wrong passphrase */
  SILLOK_LINKAGE_ERROR_EXISTS,    /* the vault already has another linkage key */
} SillokLinkageError;

#define SILLOK_LINKAGE_KEY_BYTES 32
/* The scrypt work factor of exported linkage key files. */
#define SILLOK_LINKAGE_FILE_WORK_FACTOR 18

GQuark        sillok_linkage_error_quark  (void);

/* The vault's linkage key, created when it has none yet. */
SillokSecret *sillok_linkage_key_get      (SillokVault  *vault,
                                           GError      **error);
gboolean      sillok_linkage_key_exists   (SillokVault  *vault);
/* Writes the key to a new file (mode 0600) as an age file encrypted with
 * @passphrase, for the organization's other interviewers. */
gboolean      sillok_linkage_key_export   (SillokVault  *vault,
                                           const char   *path,
                                           SillokSecret *passphrase,
                                           GError      **error);
/* Takes the key of an exported file.  A vault that already has a different
 * key refuses unless @replace: records sealed before keep their pseudonyms. */
gboolean      sillok_linkage_key_import   (SillokVault  *vault,
                                           const char   *path,
                                           SillokSecret *passphrase,
                                           gboolean      replace,
                                           GError      **error);

/* The pseudonym of a witness: hex BLAKE2b-256 keyed with @key over the
 * normalized identity: the name compatibility-decomposed (NFKD) and
 * case-folded, without white space, punctuation or combining marks; then
 * the birth year or 0, the sex code and the home province code, each after
 * a U+001F separator.  NULL without a name. */
char         *sillok_pseudonym            (SillokSecret *key,
                                           const char   *name,
                                           int           birth_year,
                                           const char   *sex,
                                           const char   *province);

G_END_DECLS
