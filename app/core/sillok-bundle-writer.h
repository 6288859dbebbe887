/* sillok-bundle-writer.h: a bundle file written durably — tar into age into the file
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok-age.h"
#include "sillok/sillok-bundle.h"
#include "sillok/sillok-progress.h"
#include "sillok/sillok-secret.h"

G_BEGIN_DECLS

/* Failpoints: every write of the bundle file, and around making it visible. */
#define SILLOK_BUNDLE_FAILPOINT_WRITE          "bundle-write"
#define SILLOK_BUNDLE_FAILPOINT_AFTER_FSYNC    "bundle-after-fsync"
#define SILLOK_BUNDLE_FAILPOINT_BEFORE_RENAME  "bundle-before-rename"
#define SILLOK_BUNDLE_FAILPOINT_AFTER_RENAME   "bundle-after-rename"
#define SILLOK_BUNDLE_PART_SUFFIX              ".part"

typedef struct _SillokBundleWriter SillokBundleWriter;

/* Creates the file that will become @path: an unnamed file in its folder
 * where the file system has them (O_TMPFILE), else "<path>.part", created
 * new with mode 0600 and locked; a .part another export left behind
 * unlocked is removed first.  Fails when @path exists.  @named_part forces
 * the .part file. */
SillokBundleWriter *sillok_bundle_writer_new          (const char               *path,
                                                       gboolean                  named_part,
                                                       GError                  **error);
/* Chooses the age recipients (one X25519 stanza each) or the passphrase
 * (one scrypt stanza); call one of them before adding files. */
void                sillok_bundle_writer_set_recipients (SillokBundleWriter      *writer,
                                                       const SillokAgeRecipient *recipients,
                                                       gsize                     n_recipients);
void                sillok_bundle_writer_set_passphrase (SillokBundleWriter      *writer,
                                                       SillokSecret             *passphrase);
/* Bytes of plaintext the tar will hold, for progress reports (0: unknown). */
void                sillok_bundle_writer_set_progress (SillokBundleWriter       *writer,
                                                       guint64                   total,
                                                       SillokProgressFunc        progress,
                                                       gpointer                  progress_data);

/* Adds a regular file; paths must come in strictly increasing byte order,
 * each in the bundle grammar and within its size limit. */
gboolean            sillok_bundle_writer_add_bytes    (SillokBundleWriter       *writer,
                                                       const char               *path,
                                                       const void               *data,
                                                       gsize                     len,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);
/* Adds a file of exactly @size bytes read from @input through guarded memory. */
gboolean            sillok_bundle_writer_add_stream   (SillokBundleWriter       *writer,
                                                       const char               *path,
                                                       GInputStream             *input,
                                                       guint64                   size,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);
/* Ends the tar and the age file and makes the bytes durable (fsync). */
gboolean            sillok_bundle_writer_finish       (SillokBundleWriter       *writer,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);
/* Puts the finished file under its name, never over an existing file, and
 * makes that durable (fsync of the folder). */
gboolean            sillok_bundle_writer_commit       (SillokBundleWriter       *writer,
                                                       GError                  **error);
/* Removes whatever the writer made, committed or not. */
void                sillok_bundle_writer_discard      (SillokBundleWriter       *writer);

/* The bundle file's BLAKE2b-512 (128 hex) and size, once finished. */
const char         *sillok_bundle_writer_get_b2       (SillokBundleWriter       *writer);
guint64             sillok_bundle_writer_get_size     (SillokBundleWriter       *writer);

/* Frees; a writer not committed is discarded first. */
void                sillok_bundle_writer_free         (SillokBundleWriter       *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokBundleWriter, sillok_bundle_writer_free)

G_END_DECLS
