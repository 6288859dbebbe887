/* fuzz-bundle-tar.c: the bundle reader on a plaintext tar, the age layer skipped
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok/sillok.h"
#include "sillok/sillok-bundle-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static gboolean ready;
  g_autoptr(SillokBundleReader) reader = NULL;
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (!ready)
    {
      g_assert_true (sillok_init (NULL));
      ready = TRUE;
    }
  reader = sillok_bundle_reader_new ();
  sillok_bundle_reader_set_max_entries (reader, 64);
  report = sillok_bundle_reader_read_tar (reader, data, size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true ((report->verdict == SILLOK_BUNDLE_VERDICT_VALID) == (report->failure == NULL));
  return 0;
}
