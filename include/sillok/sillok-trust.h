/* sillok-trust.h: the signers a vault trusts (DESIGN §5)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-minisign.h"
#include "sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_TRUST_ERROR (sillok_trust_error_quark ())

typedef enum
{
  SILLOK_TRUST_ERROR_INVALID,    /* not a minisign public key, an unprintable name, an unknown role */
  SILLOK_TRUST_ERROR_EXISTS,     /* the key id is already trusted */
  SILLOK_TRUST_ERROR_NOT_FOUND,  /* no trusted signer of that key id */
} SillokTrustError;

#define SILLOK_TRUST_ROLE_INTERVIEWER "interviewer"
#define SILLOK_TRUST_ROLE_COORDINATOR "coordinator"
/* The longest name, in characters. */
#define SILLOK_TRUST_NAME_MAX 200

typedef struct
{
  char                    *key_id;   /* 16 upper-case hex */
  char                    *name;
  char                    *role;     /* interviewer or coordinator */
  SillokMinisignPublicKey  key;
} SillokTrustedSigner;

GQuark      sillok_trust_error_quark (void);

/* TRUE for "interviewer" and "coordinator". */
gboolean    sillok_trust_role_is_valid (const char *role);
/* Trusts the key of a minisign public key file (@data, @len bytes) under
 * @name and @role; its key id must be new to the vault and not the
 * vault's own. */
gboolean    sillok_trust_add         (SillokVault  *vault,
                                      const char   *data,
                                      gsize         len,
                                      const char   *name,
                                      const char   *role,
                                      GError      **error);
/* Every trusted signer, sorted by name then key id (SillokTrustedSigner). */
GPtrArray  *sillok_trust_list        (SillokVault  *vault,
                                      GError      **error);
/* Stops trusting the key @key_id. */
gboolean    sillok_trust_remove      (SillokVault  *vault,
                                      const char   *key_id,
                                      GError      **error);

void        sillok_trusted_signer_free (SillokTrustedSigner *signer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokTrustedSigner, sillok_trusted_signer_free)

G_END_DECLS
