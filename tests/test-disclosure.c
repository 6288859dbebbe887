/* test-disclosure.c: salted disclosures, sets checked against a statement,
 * decoy padding
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <malloc.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok-test-utils.h"

/* 16 zero bytes, and 16 other bytes: both canonical base64url. */
#define ZERO_SALT  "AAAAAAAAAAAAAAAAAAAAAA"
#define OTHER_SALT "_26bc4LT-ac6q2KI6cBW5g"
#define B2_OF_X "0909377ad35110cafb2909e185672b7f2728d1f5094f8ad68d6fac6274bf1f499485a80ea364c04ed006d29459ea3cb7c600280e2f83e032529906f88ae30d0a"
#define B2_OF_X_UPPER "0909377AD35110CAFB2909E185672B7F2728D1F5094F8AD68D6FAC6274BF1F499485A80EA364C04ED006D29459EA3CB7C600280E2F83E032529906F88AE30D0A"
#define ATTACHMENT "{\"name\":\"photo.jpg\",\"media_type\":\"image/jpeg\",\"size\":123456,\"b2\":\"" B2_OF_X "\"}"

static char *
base64url (const char *bytes,
           gsize       len)
{
  gsize size = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = g_malloc (size);

  sodium_bin2base64 (out, size, (const guint8 *) bytes, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

static char *
encode_json (const char *json)
{
  return base64url (json, strlen (json));
}

static char *
decode (const char *encoded)
{
  gsize len = strlen (encoded);
  char *out = g_malloc0 (len + 1);
  gsize out_len = 0;

  g_assert_cmpint (sodium_base642bin ((guint8 *) out, len, encoded, len, NULL, &out_len, NULL,
                                      sodium_base64_VARIANT_URLSAFE_NO_PADDING), ==, 0);
  out[out_len] = '\0';
  return out;
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = sillok_jcs_parse (text, strlen (text), NULL, SILLOK_JSON_PARSE_DEFAULT, &error);

  g_assert_no_error (error);
  return node;
}

static char *
canonical (const char *text)
{
  g_autoptr(JsonNode) node = json (text);

  return sillok_jcs_serialize (node, NULL, NULL);
}

static char *
blake2b_256_hex (const char *data,
                 gsize       len)
{
  guint8 hash[32];

  crypto_generichash (hash, sizeof hash, (const guint8 *) data, len, NULL, 0);
  return sillok_test_hex (hash, sizeof hash);
}

static SillokDisclosure *
make (const char *name,
      const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json (value);
  SillokDisclosure *disclosure = sillok_disclosure_new (name, node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (disclosure);
  return disclosure;
}

static void
assert_parse_fails (const char           *encoded,
                    SillokDisclosureError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokDisclosure) disclosure = sillok_disclosure_parse (encoded, strlen (encoded), &error);

  if (disclosure != NULL || !g_error_matches (error, SILLOK_DISCLOSURE_ERROR, (int) code))
    g_test_message ("“%s”: %s", encoded, error != NULL ? error->message : "accepted");
  g_assert_null (disclosure);
  g_assert_error (error, SILLOK_DISCLOSURE_ERROR, (int) code);
  /* Error messages never carry testimony. */
  g_assert_null (strstr (error->message, "SECRET"));
}

/* Parses D built from the JSON text @array_json. */
static void
assert_json_fails (const char           *array_json,
                   SillokDisclosureError code)
{
  g_autofree char *encoded = encode_json (array_json);

  g_test_message ("JSON %s", array_json);
  assert_parse_fails (encoded, code);
}

/* Round trip */

static void
check_round_trip (const char *name,
                  const char *value)
{
  g_autoptr(SillokDisclosure) made = make (name, value);
  g_autoptr(SillokDisclosure) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) name_node = json_node_init_string (json_node_alloc (), name);
  g_autofree char *name_json = sillok_jcs_serialize (name_node, NULL, NULL);
  g_autofree char *value_json = canonical (value);
  const char *encoded = sillok_disclosure_get_encoded (made);
  const char *salt = sillok_disclosure_get_salt (made);
  g_autofree char *decoded = decode (encoded);
  g_autofree char *want = g_strdup_printf ("[\"%s\",%s,%s]", salt, name_json, value_json);
  g_autofree char *digest = blake2b_256_hex (encoded, strlen (encoded));
  g_autofree char *digest_again = sillok_disclosure_digest (encoded, strlen (encoded));
  guint8 salt_bytes[SILLOK_DISCLOSURE_SALT_BYTES + 2];
  gsize salt_len = 0;
  g_autoptr(JsonNode) dup = NULL;
  g_autofree char *dup_json = NULL;

  g_test_message ("%s = %s", name, value);
  /* D is base64url without padding of the canonical [salt, name, value]. */
  for (const char *p = encoded; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpstr (decoded, ==, want);
  g_assert_cmpuint (strlen (salt), ==, SILLOK_DISCLOSURE_SALT_LENGTH);
  g_assert_cmpint (sodium_base642bin (salt_bytes, sizeof salt_bytes, salt, strlen (salt), NULL, &salt_len, NULL,
                                      sodium_base64_VARIANT_URLSAFE_NO_PADDING), ==, 0);
  g_assert_cmpuint (salt_len, ==, SILLOK_DISCLOSURE_SALT_BYTES);
  g_assert_cmpstr (sillok_disclosure_get_digest (made), ==, digest);
  g_assert_cmpstr (digest_again, ==, digest);
  g_assert_cmpstr (sillok_disclosure_get_name (made), ==, name);
  g_assert_cmpstr (sillok_disclosure_get_value_json (made), ==, value_json);

  parsed = sillok_disclosure_parse (encoded, strlen (encoded), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sillok_disclosure_get_encoded (parsed), ==, encoded);
  g_assert_cmpstr (sillok_disclosure_get_digest (parsed), ==, digest);
  g_assert_cmpstr (sillok_disclosure_get_name (parsed), ==, name);
  g_assert_cmpstr (sillok_disclosure_get_salt (parsed), ==, salt);
  g_assert_cmpstr (sillok_disclosure_get_value_json (parsed), ==, value_json);

  dup = sillok_disclosure_dup_value (parsed);
  dup_json = sillok_jcs_serialize (dup, NULL, NULL);
  g_assert_cmpstr (dup_json, ==, value_json);
}

static void
test_round_trip (void)
{
  check_round_trip ("interviewee.name", "\"Möbius ✓ 😂 김철수\"");
  check_round_trip ("interviewee.note", "\"\"");
  check_round_trip ("narrative@anon", "\"line\\nbreak \\\"quoted\\\" \\\\ \\u0001 \\t / \\u007f\"");
  check_round_trip ("interviewee.birth_year", "1961");
  check_round_trip ("episodes[0].days", "-42");
  check_round_trip ("episodes[0].count", "0");
  check_round_trip ("largest", "9007199254740991");
  check_round_trip ("smallest", "-9007199254740991");
  check_round_trip ("$consent", "true");
  check_round_trip ("episodes[1].paid", "false");
  check_round_trip ("episodes[0].tasks", "[]");
  check_round_trip ("episodes[0].tasks", "[\"logging\",\"mining\",\"\"]");
  check_round_trip ("$attachment[0]", ATTACHMENT);
  check_round_trip ("$attachment[12]", "{\"b2\":\"" B2_OF_X "\",\"media_type\":\"audio/ogg\",\"name\":\"녹음.ogg\",\"size\":0}");
  check_round_trip ("이름 \"quoted\"", "\"name with quotes and Korean\"");
}

static void
test_fresh_salt (void)
{
  g_autoptr(GHashTable) salts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) digests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = 0; i < 64; i++)
    {
      g_autoptr(SillokDisclosure) d = make ("$consent", "true");

      g_assert_true (g_hash_table_add (salts, g_strdup (sillok_disclosure_get_salt (d))));
      g_assert_true (g_hash_table_add (digests, g_strdup (sillok_disclosure_get_digest (d))));
    }
}

/* D and digests computed with `basenc --base64url` and `b2sum -l 256`. */
static void
test_known_answers (void)
{
  static const struct { const char *json, *encoded, *digest, *name, *value; } kat[] = {
    { "[\"" ZERO_SALT "\",\"interviewee.birth_year\",1961]",
      "WyJBQUFBQUFBQUFBQUFBQUFBQUFBQUFBIiwiaW50ZXJ2aWV3ZWUuYmlydGhfeWVhciIsMTk2MV0",
      "e9d667c029e917e092b2140956fd835853f1bc02d9564f0893d4d7e43188261b",
      "interviewee.birth_year", "1961" },
    { "[\"" OTHER_SALT "\",\"episodes[0].site\",\"함경북도 회령 제12호 관리소\"]",
      "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVnIiwiZXBpc29kZXNbMF0uc2l0ZSIsIu2VqOqyveu2geuPhCDtmozroLkg7KCcMTLtmLgg6rSA66as7IaMIl0",
      "90cfe0ea7e244e5e6d379c2cacc82676701161f50181737a5c2225d279784aca",
      "episodes[0].site", "\"함경북도 회령 제12호 관리소\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kat); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *encoded = encode_json (kat[i].json);
      g_autoptr(SillokDisclosure) d = NULL;
      g_autofree char *digest = sillok_disclosure_digest (kat[i].encoded, strlen (kat[i].encoded));

      g_assert_cmpstr (encoded, ==, kat[i].encoded);
      g_assert_cmpstr (digest, ==, kat[i].digest);
      d = sillok_disclosure_parse (kat[i].encoded, strlen (kat[i].encoded), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sillok_disclosure_get_digest (d), ==, kat[i].digest);
      g_assert_cmpstr (sillok_disclosure_get_name (d), ==, kat[i].name);
      g_assert_cmpstr (sillok_disclosure_get_value_json (d), ==, kat[i].value);
    }
}

static void
test_digest (void)
{
  g_autofree char *empty = sillok_disclosure_digest ("", 0);

  g_assert_cmpstr (empty, ==, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  g_assert_true (sillok_disclosure_is_digest (empty));
  g_assert_false (sillok_disclosure_is_digest (NULL));
  g_assert_false (sillok_disclosure_is_digest (""));
  g_assert_false (sillok_disclosure_is_digest ("0E5751C026E543B2E8AB2EB06099DAA1D1E5DF47778F7787FAAB45CDF12FE3A8"));
  g_assert_false (sillok_disclosure_is_digest ("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a"));
  g_assert_false (sillok_disclosure_is_digest ("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a80"));
  g_assert_false (sillok_disclosure_is_digest ("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3ag"));
}

/* Making */

static void
assert_new_fails (const char           *name,
                  JsonNode             *value,
                  SillokDisclosureError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokDisclosure) d = sillok_disclosure_new (name, value, &error);

  if (d != NULL || !g_error_matches (error, SILLOK_DISCLOSURE_ERROR, (int) code))
    g_test_message ("name “%s”: %s", name, error != NULL ? error->message : "accepted");
  g_assert_null (d);
  g_assert_error (error, SILLOK_DISCLOSURE_ERROR, (int) code);
  g_assert_null (strstr (error->message, "SECRET"));
}

static void
assert_new_value_fails (const char *name,
                        const char *value)
{
  g_autoptr(JsonNode) node = json (value);

  assert_new_fails (name, node, SILLOK_DISCLOSURE_ERROR_VALUE);
}

static const char * const bad_values[] = {
  "null", "1.5", "1e2", "-0.0", "9007199254740992", "-9007199254740992", "9007199254740993",
  "[1]", "[\"a\",null]", "[[\"SECRET\"]]", "[true]", "{\"a\":\"SECRET\"}", "{}",
};

static const char * const bad_attachments[] = {
  "\"SECRET.jpg\"",
  "[\"SECRET.jpg\"]",
  "null",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":1}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":1,\"b2\":\"" B2_OF_X "\",\"x\":1}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":1,\"b3\":\"" B2_OF_X "\"}",
  "{\"name\":\"\",\"media_type\":\"image/jpeg\",\"size\":1,\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"\",\"size\":1,\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":7,\"media_type\":\"image/jpeg\",\"size\":1,\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":null,\"size\":1,\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":-1,\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":1.5,\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":\"1\",\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":9007199254740992,\"b2\":\"" B2_OF_X "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":1,\"b2\":\"ABCD\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":1,\"b2\":\"" B2_OF_X_UPPER "\"}",
  "{\"name\":\"SECRET.jpg\",\"media_type\":\"image/jpeg\",\"size\":1,\"b2\":\"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8\"}",
};

static void
test_new_rejects (void)
{
  g_autoptr(JsonNode) ok = json ("\"fine\"");
  g_autoptr(JsonNode) bad_utf8 = json_node_init_string (json_node_alloc (), "SECRET \xff");
  g_autoptr(JsonNode) nan = json_node_init_double (json_node_alloc (), NAN);
  g_autoptr(JsonNode) attachment = json (ATTACHMENT);
  static const char * const not_attachment_names[] = {
    "$attachment[01]", "$attachment[]", "$attachment[1]x", "$attachment[-1]", "$attachment[1", "$attachment",
    "$attachment[1234567890]", "attachment[1]", "$Attachment[1]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_values); i++)
    assert_new_value_fails ("field", bad_values[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_attachments); i++)
    assert_new_value_fails ("$attachment[3]", bad_attachments[i]);
  /* Only proper attachment names take objects. */
  for (gsize i = 0; i < G_N_ELEMENTS (not_attachment_names); i++)
    assert_new_fails (not_attachment_names[i], attachment, SILLOK_DISCLOSURE_ERROR_VALUE);

  assert_new_fails ("", ok, SILLOK_DISCLOSURE_ERROR_NAME);
  assert_new_fails (NULL, ok, SILLOK_DISCLOSURE_ERROR_NAME);
  assert_new_fails ("bad \xc0\x80 name", ok, SILLOK_DISCLOSURE_ERROR_NAME);
  assert_new_fails ("field", bad_utf8, SILLOK_DISCLOSURE_ERROR_VALUE);
  assert_new_fails ("field", nan, SILLOK_DISCLOSURE_ERROR_VALUE);
}

static void
test_size_limit (void)
{
  g_autoptr(GString) big = g_string_sized_new (SILLOK_DISCLOSURE_MAX_JSON_BYTES + 16);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) fits = NULL;
  g_autoptr(SillokDisclosure) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_encoded = NULL;
  gsize overhead = strlen ("[\"" ZERO_SALT "\",\"n\",\"\"]");

  g_string_set_size (big, SILLOK_DISCLOSURE_MAX_JSON_BYTES - overhead);
  memset (big->str, 'a', big->len);
  fits = json_node_init_string (json_node_alloc (), big->str);
  d = sillok_disclosure_new ("n", fits, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (sillok_disclosure_get_encoded (d)), ==,
                    sodium_base64_ENCODED_LEN (SILLOK_DISCLOSURE_MAX_JSON_BYTES,
                                               sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1);
  g_clear_pointer (&d, sillok_disclosure_free);

  g_string_append_c (big, 'a');
  node = json_node_init_string (json_node_alloc (), big->str);
  assert_new_fails ("n", node, SILLOK_DISCLOSURE_ERROR_TOO_LARGE);

  long_encoded = g_strnfill (sodium_base64_ENCODED_LEN (SILLOK_DISCLOSURE_MAX_JSON_BYTES,
                                                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) + 3, 'A');
  assert_parse_fails (long_encoded, SILLOK_DISCLOSURE_ERROR_TOO_LARGE);
}

/* Parsing */

static void
test_parse_encoding (void)
{
  g_autoptr(SillokDisclosure) d = make ("field", "\"SECRET value\"");
  const char *encoded = sillok_disclosure_get_encoded (d);
  gsize len = strlen (encoded);
  g_autofree char *padded = NULL;
  g_autofree char *standard = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokDisclosure) nul = NULL;
  static const char * const junk[] = { "", "A", "AAAAA", "WyJ=", "WyJ", "Wy J", "Wy\nJ", "W+/J", "!!!!", "Wy.J" };

  for (gsize i = 0; i < G_N_ELEMENTS (junk); i++)
    assert_parse_fails (junk[i], SILLOK_DISCLOSURE_ERROR_ENCODING);

  /* With the padding other encoders add. */
  padded = g_strconcat (encoded, len % 4 == 2 ? "==" : len % 4 == 3 ? "=" : "====", NULL);
  assert_parse_fails (padded, SILLOK_DISCLOSURE_ERROR_ENCODING);

  /* The standard alphabet instead of the URL-safe one. */
  standard = g_strdup (encoded);
  g_strdelimit (standard, "-", '+');
  g_strdelimit (standard, "_", '/');
  if (strcmp (standard, encoded) != 0)
    assert_parse_fails (standard, SILLOK_DISCLOSURE_ERROR_ENCODING);
  copy = g_strdup (encoded);
  copy[len / 2] = '+';
  assert_parse_fails (copy, SILLOK_DISCLOSURE_ERROR_ENCODING);
  copy[len / 2] = '/';
  assert_parse_fails (copy, SILLOK_DISCLOSURE_ERROR_ENCODING);

  /* A NUL inside the given length. */
  g_free (copy);
  copy = g_strdup (encoded);
  copy[len / 2] = '\0';
  nul = sillok_disclosure_parse (copy, len, &error);
  g_assert_null (nul);
  g_assert_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_ENCODING);
  g_clear_error (&error);

  /* Only one encoding of the bytes: unused bits in the last character
   * must be zero.  40 bytes leave 4 unused bits. */
  {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *array = "[\"" ZERO_SALT "\",\"n\",\"SECRET!\"]";
    g_autofree char *good = encode_json (array);
    gsize n = strlen (good);
    g_autoptr(SillokDisclosure) ok = sillok_disclosure_parse (good, n, &error);

    g_assert_cmpuint (strlen (array) % 3, ==, 1);
    g_assert_no_error (error);
    g_assert_nonnull (ok);
    good[n - 1] = alphabet[(strchr (alphabet, good[n - 1]) - alphabet) + 1];
    assert_parse_fails (good, SILLOK_DISCLOSURE_ERROR_ENCODING);
  }
}

static void
test_parse_json (void)
{
  static const char * const bad[] = {
    "not json",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\"",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\"]]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\"]x",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET \xff\"]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET \\ud800\"]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET \\u0000\"]",
    "[\"" ZERO_SALT "\",\"n\",NaN]",
    "[\"" ZERO_SALT "\",\"$attachment[0]\",{\"name\":\"SECRET\",\"name\":\"SECRET\"}]",
    "[\"" ZERO_SALT "\",\"n\",[[[\"SECRET\"]]]]",
    "\xef\xbb\xbf[\"" ZERO_SALT "\",\"n\",1]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_json_fails (bad[i], SILLOK_DISCLOSURE_ERROR_JSON);
}

static void
test_parse_not_canonical (void)
{
  static const char * const bad[] = {
    "[\"" ZERO_SALT "\", \"n\", \"SECRET\"]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\"]\n",
    " [\"" ZERO_SALT "\",\"n\",\"SECRET\"]",
    "[\"" ZERO_SALT "\",\"n\",\"\\u0053ECRET\"]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\\/\"]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\\u001F\"]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\\u000a\"]",
    "[\"" ZERO_SALT "\",\"\\u006e\",\"SECRET\"]",
    "[\"" ZERO_SALT "\",\"n\",-0]",
    "[\"" ZERO_SALT "\",\"$attachment[0]\"," ATTACHMENT "]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_json_fails (bad[i], SILLOK_DISCLOSURE_ERROR_NOT_CANONICAL);
}

static void
test_parse_shape (void)
{
  static const char * const bad[] = {
    "{}",
    "{\"salt\":\"" ZERO_SALT "\",\"name\":\"n\",\"value\":\"SECRET\"}",
    "[]",
    "[\"" ZERO_SALT "\"]",
    "[\"" ZERO_SALT "\",\"n\"]",
    "[\"" ZERO_SALT "\",\"n\",\"SECRET\",\"extra\"]",
    "\"SECRET\"",
    "1961",
    "null",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_json_fails (bad[i], SILLOK_DISCLOSURE_ERROR_SHAPE);
}

static void
test_parse_salt (void)
{
  static const char * const bad[] = {
    "[1,\"n\",\"SECRET\"]",
    "[null,\"n\",\"SECRET\"]",
    "[\"\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAAAAAAAAAAAAA\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAAAAAAAAAAAAAAA\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAAAAAAAAAAAAAAAA\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAAAAAAAAAAAAAB\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAAAAAAAAAAAA==\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAAAAAAAAAAAA+A\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAAAAAAAAAAAA/A\",\"n\",\"SECRET\"]",
    "[\"AAAAAAAAAA AAAAAAAAAAA\",\"n\",\"SECRET\"]",
    "[[\"" ZERO_SALT "\"],\"n\",\"SECRET\"]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_json_fails (bad[i], SILLOK_DISCLOSURE_ERROR_SALT);
}

static void
test_parse_name (void)
{
  static const char * const bad[] = {
    "[\"" ZERO_SALT "\",\"\",\"SECRET\"]",
    "[\"" ZERO_SALT "\",7,\"SECRET\"]",
    "[\"" ZERO_SALT "\",null,\"SECRET\"]",
    "[\"" ZERO_SALT "\",[\"n\"],\"SECRET\"]",
    "[\"" ZERO_SALT "\",true,\"SECRET\"]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_json_fails (bad[i], SILLOK_DISCLOSURE_ERROR_NAME);
}

/* Values are checked before the canonical form, so these need not be canonical. */
static void
test_parse_value (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autofree char *array = g_strdup_printf ("[\"" ZERO_SALT "\",\"field\",%s]", bad_values[i]);

      assert_json_fails (array, SILLOK_DISCLOSURE_ERROR_VALUE);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_attachments); i++)
    {
      g_autofree char *array = g_strdup_printf ("[\"" ZERO_SALT "\",\"$attachment[3]\",%s]", bad_attachments[i]);

      assert_json_fails (array, SILLOK_DISCLOSURE_ERROR_VALUE);
    }
  assert_json_fails ("[\"" ZERO_SALT "\",\"$attachment[01]\",{\"b2\":\"" B2_OF_X "\",\"media_type\":\"a/b\","
                     "\"name\":\"SECRET\",\"size\":1}]", SILLOK_DISCLOSURE_ERROR_VALUE);
}

/* Sets */

static char **
statement_for (SillokDisclosure **disclosures,
               guint              n)
{
  g_autoptr(GPtrArray) real = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char **padded;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (real, (gpointer) sillok_disclosure_get_digest (disclosures[i]));
  g_ptr_array_add (real, NULL);
  padded = sillok_disclosure_pad_digests ((const char * const *) real->pdata, &error);
  g_assert_no_error (error);
  return padded;
}

static void
assert_set_fails (const char * const   *encoded,
                  const char * const   *digests,
                  SillokDisclosureError code,
                  const char           *needle)
{
  g_autoptr(GError) error = NULL;
  guint undisclosed = 12345;
  g_autoptr(GPtrArray) checked = sillok_disclosure_check_set (encoded, digests, &undisclosed, &error);

  if (checked != NULL || !g_error_matches (error, SILLOK_DISCLOSURE_ERROR, (int) code))
    g_test_message ("%s", error != NULL ? error->message : "accepted");
  g_assert_null (checked);
  g_assert_error (error, SILLOK_DISCLOSURE_ERROR, (int) code);
  g_assert_cmpuint (undisclosed, ==, 12345);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” is not in “%s”", needle, error->message);
}

static void
test_check_set (void)
{
  SillokDisclosure *d[4] = {
    make ("interviewee.name", "\"SECRET 김철수\""),
    make ("interviewee.birth_year", "1961"),
    make ("$consent", "true"),
    make ("episodes[0].site", "\"SECRET site\""),
  };
  g_auto(GStrv) statement = statement_for (d, 3);
  const char *all[] = {
    sillok_disclosure_get_encoded (d[0]), sillok_disclosure_get_encoded (d[1]),
    sillok_disclosure_get_encoded (d[2]), NULL,
  };
  const char *some[] = { sillok_disclosure_get_encoded (d[2]), sillok_disclosure_get_encoded (d[0]), NULL };
  const char *none[] = { NULL };
  const char *repeated[] = { all[0], all[1], all[0], NULL };
  const char *foreign[] = { all[0], sillok_disclosure_get_encoded (d[3]), NULL };
  const char *garbled[] = { all[0], "not base64!", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checked = NULL;
  guint undisclosed = 0;

  g_assert_cmpuint (g_strv_length (statement), ==, 16);

  checked = sillok_disclosure_check_set (all, (const char * const *) statement, &undisclosed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checked->len, ==, 3);
  g_assert_cmpuint (undisclosed, ==, 13);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (sillok_disclosure_get_digest (g_ptr_array_index (checked, i)), ==,
                     sillok_disclosure_get_digest (d[i]));
  g_clear_pointer (&checked, g_ptr_array_unref);

  checked = sillok_disclosure_check_set (some, (const char * const *) statement, &undisclosed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checked->len, ==, 2);
  g_assert_cmpuint (undisclosed, ==, 14);
  g_assert_cmpstr (sillok_disclosure_get_name (g_ptr_array_index (checked, 0)), ==, "$consent");
  g_clear_pointer (&checked, g_ptr_array_unref);

  checked = sillok_disclosure_check_set (none, (const char * const *) statement, &undisclosed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checked->len, ==, 0);
  g_assert_cmpuint (undisclosed, ==, 16);
  g_clear_pointer (&checked, g_ptr_array_unref);

  assert_set_fails (repeated, (const char * const *) statement, SILLOK_DISCLOSURE_ERROR_DUPLICATE,
                    "Disclosure 3 (“interviewee.name”) repeats disclosure 1");
  assert_set_fails (foreign, (const char * const *) statement, SILLOK_DISCLOSURE_ERROR_NOT_IN_STATEMENT,
                    "Disclosure 2 (“episodes[0].site”)");
  assert_set_fails (garbled, (const char * const *) statement, SILLOK_DISCLOSURE_ERROR_ENCODING,
                    "Disclosure 2: ");
  assert_set_fails (all, NULL, SILLOK_DISCLOSURE_ERROR_NOT_IN_STATEMENT, "Disclosure 1 (");

  /* Two values for one field, both signed. */
  {
    SillokDisclosure *twins[4] = {
      make ("interviewee.name", "\"SECRET one\""),
      make ("$consent", "true"),
      make ("interviewee.name", "\"SECRET two\""),
      make ("interviewee.birth_year", "1961"),
    };
    g_auto(GStrv) both = statement_for (twins, 4);
    const char *twin_set[] = {
      sillok_disclosure_get_encoded (twins[0]), sillok_disclosure_get_encoded (twins[1]),
      sillok_disclosure_get_encoded (twins[2]), NULL,
    };
    const char *one_of_them[] = {
      sillok_disclosure_get_encoded (twins[2]), sillok_disclosure_get_encoded (twins[3]), NULL,
    };

    assert_set_fails (twin_set, (const char * const *) both, SILLOK_DISCLOSURE_ERROR_DUPLICATE_NAME,
                      "Disclosures 1 and 3 disclose the same field (“interviewee.name”)");
    checked = sillok_disclosure_check_set (one_of_them, (const char * const *) both, &undisclosed, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (undisclosed, ==, 14);
    g_clear_pointer (&checked, g_ptr_array_unref);
    for (guint i = 0; i < G_N_ELEMENTS (twins); i++)
      sillok_disclosure_free (twins[i]);
  }

  for (guint i = 0; i < G_N_ELEMENTS (d); i++)
    sillok_disclosure_free (d[i]);
}

static void
test_check_set_bad_statement (void)
{
  g_autoptr(SillokDisclosure) d = make ("$consent", "true");
  g_autofree char *upper = g_ascii_strup (sillok_disclosure_get_digest (d), -1);
  g_autofree char *shorter = g_strndup (sillok_disclosure_get_digest (d), 63);
  g_autofree char *other = sillok_disclosure_digest ("x", 1);
  const char *encoded[] = { sillok_disclosure_get_encoded (d), NULL };
  const char *twice[] = { other, sillok_disclosure_get_digest (d), other, NULL };
  const char *twice_disclosed[] = { sillok_disclosure_get_digest (d), other, sillok_disclosure_get_digest (d), NULL };
  const char *uppercase[] = { other, upper, NULL };
  const char *truncated[] = { shorter, NULL };
  const char *empty[] = { "", NULL };

  assert_set_fails (encoded, twice, SILLOK_DISCLOSURE_ERROR_DUPLICATE_DIGEST, "more than once");
  assert_set_fails (encoded, twice_disclosed, SILLOK_DISCLOSURE_ERROR_DUPLICATE_DIGEST, "more than once");
  assert_set_fails (encoded, uppercase, SILLOK_DISCLOSURE_ERROR_DIGEST, "Digest 2 of the statement");
  assert_set_fails (encoded, truncated, SILLOK_DISCLOSURE_ERROR_DIGEST, "Digest 1 of the statement");
  assert_set_fails (encoded, empty, SILLOK_DISCLOSURE_ERROR_DIGEST, "Digest 1 of the statement");
}

/* Decoys */

static GPtrArray *
random_digests (guint n)
{
  GPtrArray *digests = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      guint8 noise[8];

      randombytes_buf (noise, sizeof noise);
      g_ptr_array_add (digests, sillok_disclosure_digest ((const char *) noise, sizeof noise));
    }
  g_ptr_array_add (digests, NULL);
  return digests;
}

static void
test_pad (void)
{
  static const struct { guint real, padded; } counts[] = {
    { 0, 16 }, { 1, 16 }, { 15, 16 }, { 16, 16 }, { 17, 32 }, { 32, 32 }, { 40, 48 }, { 100, 112 },
  };

  for (gsize c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(GPtrArray) real = random_digests (counts[c].real);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) padded = sillok_disclosure_pad_digests ((const char * const *) real->pdata, &error);
      g_auto(GStrv) again = sillok_disclosure_pad_digests ((const char * const *) real->pdata, &error);
      guint n;

      g_assert_no_error (error);
      n = g_strv_length (padded);
      g_assert_cmpuint (n, ==, counts[c].padded);
      g_assert_cmpuint (n % SILLOK_DISCLOSURE_PAD_MULTIPLE, ==, 0);
      for (guint i = 0; i < n; i++)
        {
          g_assert_true (sillok_disclosure_is_digest (padded[i]));
          if (i > 0)
            g_assert_cmpint (strcmp (padded[i - 1], padded[i]), <, 0);
        }
      for (guint i = 0; i < counts[c].real; i++)
        g_assert_true (g_strv_contains ((const char * const *) padded, g_ptr_array_index (real, i)));
      /* Decoys are fresh every time. */
      if (counts[c].real < counts[c].padded)
        g_assert_false (g_strv_equal ((const char * const *) padded, (const char * const *) again));
    }
}

static void
test_pad_rejects (void)
{
  g_autoptr(GPtrArray) real = random_digests (3);
  const char *twice[] = { g_ptr_array_index (real, 0), g_ptr_array_index (real, 1),
                          g_ptr_array_index (real, 0), NULL };
  g_autofree char *upper = g_ascii_strup (g_ptr_array_index (real, 2), -1);
  const char *bad[] = { g_ptr_array_index (real, 0), upper, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) padded = sillok_disclosure_pad_digests (twice, &error);

  g_assert_null (padded);
  g_assert_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DUPLICATE_DIGEST);
  g_clear_error (&error);
  padded = sillok_disclosure_pad_digests (bad, &error);
  g_assert_null (padded);
  g_assert_error (error, SILLOK_DISCLOSURE_ERROR, SILLOK_DISCLOSURE_ERROR_DIGEST);
  g_clear_error (&error);
  padded = sillok_disclosure_pad_digests (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (padded), ==, 16);
}

/* Making, parsing and checking keep no memory (measured on the heap:
 * GSlice hides leaks from LeakSanitizer). */
static void
test_no_leak (void)
{
  g_autoptr(SillokDisclosure) d = make ("$attachment[0]", ATTACHMENT);
  g_autoptr(JsonNode) value = sillok_disclosure_dup_value (d);
  const char *encoded[] = { sillok_disclosure_get_encoded (d), "garbage", NULL };
  const char *digests[] = { sillok_disclosure_get_digest (d), NULL };
  size_t before = 0;

  if (mallinfo2 ().arena == 0)
    {
      g_test_skip ("malloc statistics are not available in this build");
      return;
    }
  for (int round = 0; round < 2; round++)
    {
      before = mallinfo2 ().uordblks;
      for (int i = 0; i < 2000; i++)
        {
          g_autoptr(SillokDisclosure) made = sillok_disclosure_new ("$attachment[0]", value, NULL);
          g_autoptr(SillokDisclosure) parsed = sillok_disclosure_parse (encoded[0], strlen (encoded[0]), NULL);
          g_autoptr(JsonNode) dup = sillok_disclosure_dup_value (parsed);
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) set = sillok_disclosure_check_set (encoded, digests, NULL, &error);
          g_auto(GStrv) padded = sillok_disclosure_pad_digests (digests, NULL);

          g_assert_nonnull (made);
          g_assert_nonnull (dup);
          g_assert_null (set);
          g_assert_cmpuint (g_strv_length (padded), ==, 16);
        }
    }
  g_test_message ("heap grew by %" G_GSSIZE_FORMAT " bytes", (gssize) (mallinfo2 ().uordblks - before));
  g_assert_cmpuint (mallinfo2 ().uordblks, <, before + 48 * 1024);
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/disclosure/round-trip", test_round_trip);
  g_test_add_func ("/disclosure/fresh-salt", test_fresh_salt);
  g_test_add_func ("/disclosure/known-answers", test_known_answers);
  g_test_add_func ("/disclosure/digest", test_digest);
  g_test_add_func ("/disclosure/new/rejects", test_new_rejects);
  g_test_add_func ("/disclosure/size-limit", test_size_limit);
  g_test_add_func ("/disclosure/parse/encoding", test_parse_encoding);
  g_test_add_func ("/disclosure/parse/json", test_parse_json);
  g_test_add_func ("/disclosure/parse/not-canonical", test_parse_not_canonical);
  g_test_add_func ("/disclosure/parse/shape", test_parse_shape);
  g_test_add_func ("/disclosure/parse/salt", test_parse_salt);
  g_test_add_func ("/disclosure/parse/name", test_parse_name);
  g_test_add_func ("/disclosure/parse/value", test_parse_value);
  g_test_add_func ("/disclosure/set/check", test_check_set);
  g_test_add_func ("/disclosure/set/bad-statement", test_check_set_bad_statement);
  g_test_add_func ("/disclosure/pad", test_pad);
  g_test_add_func ("/disclosure/pad/rejects", test_pad_rejects);
  g_test_add_func ("/disclosure/no-leak", test_no_leak);

  return g_test_run ();
}
