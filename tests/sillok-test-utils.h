/* sillok-test-utils.h: helpers shared by the test programs
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Initialises GTest and libsillok. */
void      sillok_test_init           (int     *argc,
                                      char  ***argv);

/* A new private folder under the test's temporary directory; removed by
 * sillok_test_rmtree(). */
char     *sillok_test_mkdtemp        (void);
void      sillok_test_rmtree         (const char *path);

/* The shared conformance data (../shared/testdata), or NULL when absent. */
const char *sillok_test_testdata_dir (void);
/* Skips the current test with a message when the conformance data is absent. */
gboolean  sillok_test_require_testdata (void);

/* The contents of a file, asserting it can be read. */
GBytes   *sillok_test_read_file      (const char *path);
char     *sillok_test_hex            (const guint8 *data,
                                      gsize         len);
GBytes   *sillok_test_unhex          (const char   *hex);

/* TRUE when @program is on PATH; otherwise skips the test, naming it. */
gboolean  sillok_test_require_program (const char *program);

G_END_DECLS
