/* sillok-bundle-output.h: the bundle file as a GOutputStream, hashed on the way
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SILLOK_BUNDLE_OUTPUT_HASH_BYTES 64

#define SILLOK_TYPE_BUNDLE_OUTPUT (sillok_bundle_output_get_type ())
G_DECLARE_FINAL_TYPE (SillokBundleOutput, sillok_bundle_output, SILLOK, BUNDLE_OUTPUT, GOutputStream)

/* Writes to @fd (the caller's) through the "bundle-write" failpoint; a
 * thread of its own hashes what was written. */
GOutputStream *sillok_bundle_output_new         (int            fd);
/* Waits for the hashing and gives the BLAKE2b-512 of everything written. */
void           sillok_bundle_output_finish      (GOutputStream *stream,
                                                 guint8         digest[SILLOK_BUNDLE_OUTPUT_HASH_BYTES]);
guint64        sillok_bundle_output_get_written (GOutputStream *stream);
/* The file is closed: writes fail from now on. */
void           sillok_bundle_output_detach      (GOutputStream *stream);

G_END_DECLS
