/* sillok-recipients.h: the age recipients a vault exports bundles to
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-vault.h"

G_BEGIN_DECLS

#define SILLOK_RECIPIENTS_ERROR (sillok_recipients_error_quark ())

typedef enum
{
  SILLOK_RECIPIENTS_ERROR_INVALID,    /* an empty or unprintable name, or not an age1… recipient */
  SILLOK_RECIPIENTS_ERROR_EXISTS,     /* the name or the recipient is already there */
  SILLOK_RECIPIENTS_ERROR_NOT_FOUND,  /* no recipient of that name */
} SillokRecipientsError;

/* The longest name, in characters. */
#define SILLOK_RECIPIENT_NAME_MAX 200

typedef struct
{
  char *name;
  char *recipient;   /* "age1…", as age-keygen prints it */
} SillokRecipient;

GQuark      sillok_recipients_error_quark (void);

/* Adds @recipient (an X25519 "age1…" string, kept in its canonical form)
 * under the display name @name; both must be new to the vault. */
gboolean    sillok_recipients_add         (SillokVault  *vault,
                                           const char   *name,
                                           const char   *recipient,
                                           GError      **error);
/* Every recipient, sorted by name (SillokRecipient). */
GPtrArray  *sillok_recipients_list        (SillokVault  *vault,
                                           GError      **error);
/* Removes the recipient named @name. */
gboolean    sillok_recipients_remove      (SillokVault  *vault,
                                           const char   *name,
                                           GError      **error);
/* The recipient string of @name, or NULL (no error) when there is none. */
char       *sillok_recipients_lookup      (SillokVault  *vault,
                                           const char   *name,
                                           GError      **error);

void        sillok_recipient_free         (SillokRecipient *recipient);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokRecipient, sillok_recipient_free)

G_END_DECLS
