/* fuzz-jcs.c: the strict JSON reader, the RFC 8785 writer and the
 * disclosure parser on arbitrary bytes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties checked besides memory safety:
 * - whatever the reader accepts, the writer can write, and the canonical
 *   form reads back and writes to the same bytes;
 * - a disclosure that parses is exactly its input, has the digest of its
 *   input, and its decoded JSON is canonical;
 * - a value taken from a parsed disclosure makes a new disclosure that
 *   parses to the same value.
 */
#include "sillok-config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) { fprintf (stderr, "property failed: %s\n", #cond); abort (); } } while (0)

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  CHECK (sodium_init () >= 0);
  return 0;
}

static void
check_json (const char          *data,
            size_t               size,
            SillokJsonParseFlags flags)
{
  /* The canonical form may be a little longer than its input (1e300
   * becomes 1e+300), so it is read back without a size limit. */
  SillokJsonLimits unlimited = SILLOK_JSON_LIMITS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = sillok_jcs_parse (data, size, NULL, flags, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *once = NULL;
  g_autofree char *twice = NULL;
  gsize once_len = 0, twice_len = 0;

  if (root == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_JSON_ERROR);
      return;
    }
  once = sillok_jcs_serialize (root, &once_len, &error);
  CHECK (once != NULL);
  CHECK (strlen (once) == once_len);

  unlimited.max_bytes = G_MAXSIZE;
  again = sillok_jcs_parse (once, once_len, &unlimited, flags, &error);
  CHECK (again != NULL);
  twice = sillok_jcs_serialize (again, &twice_len, &error);
  CHECK (twice != NULL);
  CHECK (once_len == twice_len && memcmp (once, twice, once_len) == 0);
}

static void
check_parsed_disclosure (SillokDisclosure *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = sillok_disclosure_dup_value (d);
  g_autoptr(SillokDisclosure) remade = NULL;
  g_autoptr(SillokDisclosure) reparsed = NULL;
  const char *encoded;

  CHECK (value != NULL);
  CHECK (sillok_disclosure_is_digest (sillok_disclosure_get_digest (d)));
  CHECK (strlen (sillok_disclosure_get_salt (d)) == SILLOK_DISCLOSURE_SALT_LENGTH);
  remade = sillok_disclosure_new (sillok_disclosure_get_name (d), value, &error);
  CHECK (remade != NULL);
  CHECK (strcmp (sillok_disclosure_get_value_json (remade), sillok_disclosure_get_value_json (d)) == 0);
  encoded = sillok_disclosure_get_encoded (remade);
  reparsed = sillok_disclosure_parse (encoded, strlen (encoded), &error);
  CHECK (reparsed != NULL);
  CHECK (strcmp (sillok_disclosure_get_digest (reparsed), sillok_disclosure_get_digest (remade)) == 0);
}

/* The input as a disclosure string D. */
static void
check_disclosure_string (const char *data,
                         size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokDisclosure) d = sillok_disclosure_parse (data, size, &error);
  g_autofree char *digest = NULL;

  if (d == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_DISCLOSURE_ERROR);
      return;
    }
  CHECK (strlen (sillok_disclosure_get_encoded (d)) == size);
  CHECK (memcmp (sillok_disclosure_get_encoded (d), data, size) == 0);
  digest = sillok_disclosure_digest (data, size);
  CHECK (strcmp (digest, sillok_disclosure_get_digest (d)) == 0);
  check_parsed_disclosure (d);
}

/* The input as the JSON inside a disclosure, so the fuzzer reaches the
 * checks past base64url. */
static void
check_disclosure_json (const char *data,
                       size_t      size)
{
  gsize encoded_size = sodium_base64_ENCODED_LEN (size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  g_autofree char *encoded = g_malloc (encoded_size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokDisclosure) d = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *canonical = NULL;
  gsize canonical_len = 0;

  sodium_bin2base64 (encoded, encoded_size, (const unsigned char *) data, size,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  d = sillok_disclosure_parse (encoded, encoded_size - 1, &error);
  if (d == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_DISCLOSURE_ERROR);
      return;
    }
  root = sillok_jcs_parse (data, size, NULL, SILLOK_JSON_PARSE_DEFAULT, &error);
  CHECK (root != NULL);
  canonical = sillok_jcs_serialize (root, &canonical_len, &error);
  CHECK (canonical != NULL && canonical_len == size && memcmp (canonical, data, size) == 0);
  check_parsed_disclosure (d);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;

  check_json (text, size, SILLOK_JSON_PARSE_DEFAULT);
  check_json (text, size, SILLOK_JSON_PARSE_INTEGERS_ONLY);
  check_disclosure_string (text, size);
  check_disclosure_json (text, size);
  return 0;
}
