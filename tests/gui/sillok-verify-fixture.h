/* sillok-verify-fixture.h: a vault with sealed records, its bundles and altered copies, for the Verify tests
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sillok/sillok-age.h"
#include "sillok/sillok-vault.h"

G_BEGIN_DECLS

/* What the passphrase bundle is encrypted with. */
#define VERIFY_BUNDLE_PASSPHRASE "bundle 암호 passphrase"

typedef struct
{
  char *dir;            /* holds everything below; removed by _free */
  char *vault;          /* TEST_NAME's vault, TEST_PASSPHRASE, closed */
  char *key_id;         /* its signing key */
  char *first;          /* the record that sorts first: one version */
  char *last;           /* the one that sorts last: two versions and an attachment */
  char *valid;          /* a bundle to the vault and to the identity file */
  char *valid_b2;       /* its BLAKE2b-512, as b2sum prints it */
  char *changed;        /* a copy with one byte of a disclosures.json flipped */
  char *changed_path;   /* that file, inside the bundle */
  char *forged;         /* a copy where @last's version 1 statement was altered and the
                         * manifest signed again: that statement's signature fails */
  char *passphrase;     /* a bundle under VERIFY_BUNDLE_PASSPHRASE, or NULL */
  char *identity;       /* an age identity file the valid bundle is also encrypted to */
  char *trust_dir;      /* a folder holding the vault's public key */
  /* Plaintext tars of altered bundles, signed again with the vault's key: */
  GBytes *extra_key;    /* with the key of nobody who signed */
  GBytes *broken_audit; /* with @last's audit chain altered */
} SillokVerifyFixture;

/* Makes the vault and the bundles (the passphrase one only when asked:
 * scrypt takes a second). */
SillokVerifyFixture *sillok_verify_fixture_new  (gboolean             with_passphrase);
void                 sillok_verify_fixture_free (SillokVerifyFixture *fx);
/* Writes to @out a copy of @bundle (which @identity opens) where a digest of
 * @record's version @version statement was changed and everything but that
 * statement signed again with @signer's key (the manifest, B2SUMS), as
 * someone holding the exporter's key would to pass off an altered
 * statement; encrypted to @recipients.  Its statement-signature check
 * fails. */
void                 sillok_verify_fixture_forge (const char               *bundle,
                                                  SillokAgeIdentity        *identity,
                                                  SillokVault              *signer,
                                                  const char               *record,
                                                  guint                     version,
                                                  const SillokAgeRecipient *recipients,
                                                  gsize                     n_recipients,
                                                  const char               *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokVerifyFixture, sillok_verify_fixture_free)

G_END_DECLS
