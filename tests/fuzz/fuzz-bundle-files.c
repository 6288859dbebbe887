/* fuzz-bundle-files.c: the manifest, statement and disclosures checks, behind valid signatures
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte chooses the file the rest of the input becomes: 0 the
 * manifest, 1 a statement, 2 a disclosures.json (with a statement made to
 * list its digests).  The harness signs what it builds with a key of its
 * own, so the reader gets past the signatures to the parsers behind them.
 * In a manifest, @B2SUMS@, @STATEMENT@, @KEY@, @BUNDLE@ and @RECORD@ stand
 * for the values of the bundle built around it (hashes the fuzzer cannot
 * guess), so that its inputs get past the B2SUMS check to the checks of
 * records, profile and anonymity; in a statement, @KEY@ and @RECORD@ do.  With SILLOK_FUZZ_REPORT set, each input's
 * verdict is printed, to show how far seeds get.
 */
#include "sillok-config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-bundle-reader.h"
#include "sillok/sillok-seal.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

#define RECORD "0a1b2c3d-0000-4000-8000-00000000000a"
#define BUNDLE "0a1b2c3d-0000-4000-8000-00000000000b"
#define TEMPLATE "c9e4a195d9e31d730750ac2c8e63a0aa533a96fca3ee88c71cf46a2750c7c897"

static SillokMinisignSecretKey *key;
static char *key_id;

static void
hex (const void *data,
     gsize       len,
     gsize       size,
     char       *out)
{
  guint8 h[64];

  crypto_generichash (h, size, data, len, NULL, 0);
  sodium_bin2hex (out, 2 * size + 1, h, size);
}

static void
add_file (GByteArray *tar,
          const char *path,
          const void *data,
          gsize       len)
{
  guint8 h[512] = { 0 };
  guint sum = 0;
  static const guint8 zeros[512];

  strncpy ((char *) h, path, 100);
  memcpy (h + 100, "0000644", 8);
  memcpy (h + 108, "0000000", 8);
  memcpy (h + 116, "0000000", 8);
  g_snprintf ((char *) h + 124, 12, "%011" G_GINT64_MODIFIER "o", (guint64) len);
  memcpy (h + 136, "00000000000", 12);
  h[156] = '0';
  memcpy (h + 257, "ustar\0" "00", 8);
  memset (h + 148, ' ', 8);
  for (guint i = 0; i < 512; i++)
    sum += h[i];
  g_snprintf ((char *) h + 148, 8, "%06o", sum);
  g_byte_array_append (tar, h, 512);
  g_byte_array_append (tar, data, len);
  g_byte_array_append (tar, zeros, (512 - len % 512) % 512);
}

static char *
sign (const char *data,
      gsize       len,
      const char *comment)
{
  return sillok_minisign_sign (key, (const guint8 *) data, len, NULL, comment, NULL);
}

/* A statement listing the digests of the disclosure strings in @disclosures. */
static char *
statement_for (const char *disclosures,
               gsize       len)
{
  g_autoptr(GString) s = g_string_new ("{\"digest_alg\":\"blake2b-256\",\"disclosures\":[");
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  const char *p = disclosures, *end = disclosures + len;

  while (p < end)
    {
      const char *q;

      p = memchr (p, '"', end - p);
      if (p == NULL)
        break;
      q = memchr (p + 1, '"', end - p - 1);
      if (q == NULL)
        break;
      g_ptr_array_add (digests, sillok_disclosure_digest (p + 1, q - p - 1));
      p = q + 1;
    }
  g_ptr_array_sort (digests, (GCompareFunc) strcmp);
  for (guint i = 0; i < digests->len; i++)
    g_string_append_printf (s, "%s\"%s\"", i > 0 ? "," : "", (char *) digests->pdata[i]);
  g_string_append_printf (s, "],\"format\":\"sillok-statement/1\",\"record\":\"" RECORD "\",\"signer\":\"%s\","
                          "\"supersedes\":null,\"template\":\"" TEMPLATE "\",\"version\":1}", key_id);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The manifest of the input, its placeholders filled in. */
static char *
fill_in (const guint8 *data,
         gsize         size,
         const char   *sums_b2,
         const char   *statement_digest)
{
  GString *s = g_string_new_len ((const char *) data, size);

  if (sums_b2 != NULL)
    g_string_replace (s, "@B2SUMS@", sums_b2, 0);
  if (statement_digest != NULL)
    g_string_replace (s, "@STATEMENT@", statement_digest, 0);
  g_string_replace (s, "@KEY@", key_id, 0);
  g_string_replace (s, "@BUNDLE@", BUNDLE, 0);
  g_string_replace (s, "@RECORD@", RECORD, 0);
  /* Up to a NUL, as the other modes take their text. */
  g_string_truncate (s, strlen (s->str));
  return g_string_free (s, FALSE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autoptr(SillokBundleReader) reader = NULL;
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autofree char *pub = NULL;
  g_autofree char *statement = NULL;
  g_autofree char *disclosures = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *statement_sig = NULL;
  g_autofree char *manifest_sig = NULL;
  g_autofree char *stmt_comment = NULL;
  char digest[65], b2[129], sums_b2[129];
  guint mode;
  SillokMinisignPublicKey pk;

  if (key == NULL)
    {
      g_assert_true (sillok_init (NULL));
      key = sillok_minisign_secret_key_generate ();
      sillok_minisign_secret_key_get_public (key, &pk);
      key_id = sillok_minisign_key_id_to_string (pk.keynum);
    }
  if (size < 1)
    return 0;
  mode = data[0] % 3;
  data++;
  size--;
  sillok_minisign_secret_key_get_public (key, &pk);
  pub = sillok_minisign_public_key_to_file (&pk);

  disclosures = mode == 2 ? g_strndup ((const char *) data, size) : g_strdup ("[]");
  statement = mode == 1 ? fill_in (data, size, NULL, NULL) : statement_for (disclosures, strlen (disclosures));
  stmt_comment = sillok_seal_trusted_comment (RECORD, 1);
  statement_sig = sign (statement, strlen (statement), stmt_comment);

  /* B2SUMS, in path order. */
  {
    g_autofree char *key_path = g_strdup_printf ("keys/%s.pub", key_id);
    const char *paths[] = { key_path, "records/" RECORD "/1/disclosures.json", "records/" RECORD "/1/statement.json",
                            "records/" RECORD "/1/statement.json.minisig" };
    const char *contents[] = { pub, disclosures, statement, statement_sig };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        hex (contents[i], strlen (contents[i]), 64, b2);
        g_string_append_printf (sums, "%s  %s\n", b2, paths[i]);
      }
    hex (sums->str, sums->len, 64, sums_b2);
    hex (statement, strlen (statement), 32, digest);
    manifest = mode == 0 ? fill_in (data, size, sums_b2, digest)
                         : g_strdup_printf ("{\"anonymity\":{\"below\":[],\"k_min\":1,\"k_threshold\":3,\"override\":null,"
                                            "\"quasi\":[]},\"b2sums\":\"%s\",\"bundle\":\"" BUNDLE "\","
                                            "\"created\":\"2026-11\",\"exporter\":\"%s\",\"format\":\"sillok-bundle/1\","
                                            "\"profile\":\"anonymized\",\"records\":[{\"record\":\"" RECORD "\","
                                            "\"statement\":\"%s\",\"version\":1}],\"templates\":[]}",
                                            sums_b2, key_id, digest);
    manifest_sig = sign (manifest, strlen (manifest), "sillok-bundle/1 bundle=" BUNDLE);
    if (manifest_sig == NULL || statement_sig == NULL)
      return 0;

    add_file (tar, "B2SUMS", sums->str, sums->len);
    add_file (tar, paths[0], pub, strlen (pub));
    add_file (tar, "manifest.json", manifest, strlen (manifest));
    add_file (tar, "manifest.json.minisig", manifest_sig, strlen (manifest_sig));
    for (guint i = 1; i < G_N_ELEMENTS (paths); i++)
      add_file (tar, paths[i], contents[i], strlen (contents[i]));
    g_byte_array_set_size (tar, tar->len + 1024);
    memset (tar->data + tar->len - 1024, 0, 1024);
  }

  reader = sillok_bundle_reader_new ();
  report = sillok_bundle_reader_read_tar (reader, tar->data, tar->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true ((report->verdict == SILLOK_BUNDLE_VERDICT_VALID) == (report->failure == NULL));
  if (getenv ("SILLOK_FUZZ_REPORT") != NULL)
    fprintf (stderr, "verdict %s\n", report->failure == NULL ? "VALID" : sillok_bundle_error_to_string (report->failure->code));
  return 0;
}
