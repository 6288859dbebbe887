/* sillok-secret.h: secrets in locked, guarded memory
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A byte string kept in sodium_malloc() memory: never swapped, guarded by
 * canaries and wiped when freed.  Passphrases, master keys and secret keys
 * only ever live in one of these. */
typedef struct _SillokSecret SillokSecret;

/* Allocates @len zeroed bytes of guarded memory; aborts when out of memory. */
SillokSecret  *sillok_secret_new          (gsize len);
/* Copies @len bytes of @data into a new secret. */
SillokSecret  *sillok_secret_new_from_data (const void *data,
                                            gsize       len);
/* Copies a NUL-terminated string (the NUL is not counted in the length). */
SillokSecret  *sillok_secret_new_from_string (const char *str);
/* Reads one line (up to LF, which is dropped with a preceding CR) from @fd
 * byte by byte, so a second secret can follow on the same descriptor. */
SillokSecret  *sillok_secret_read_line    (int          fd,
                                           GError     **error);
/* Prompts on the controlling terminal with echo off and reads one line. */
SillokSecret  *sillok_secret_prompt       (const char  *prompt,
                                           GError     **error);
/* The bytes; always followed by one NUL byte that is not part of the length. */
guint8        *sillok_secret_get_data     (SillokSecret *secret);
const char    *sillok_secret_get_string   (SillokSecret *secret);
gsize          sillok_secret_get_length   (SillokSecret *secret);
/* Constant-time comparison of two secrets. */
gboolean       sillok_secret_equal        (SillokSecret *a,
                                           SillokSecret *b);
SillokSecret  *sillok_secret_dup          (SillokSecret *secret);
/* Wipes and frees. */
void           sillok_secret_free         (SillokSecret *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokSecret, sillok_secret_free)

G_END_DECLS
