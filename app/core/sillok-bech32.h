/* sillok-bech32.h: BIP 173 Bech32 (constant 1), as age uses it
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Encodes @data under @hrp (lower-case), without the 90-character limit.
 * With @upper the whole string is upper-case (age identities). */
char     *sillok_bech32_encode (const char   *hrp,
                                const guint8 *data,
                                gsize         len,
                                gboolean      upper);

/* Decodes @str, which must be all lower-case or all upper-case.  Returns
 * the human-readable part as written (case kept) and the 8-bit data. */
gboolean  sillok_bech32_decode (const char  *str,
                                char       **hrp,
                                GBytes     **data);

G_END_DECLS
