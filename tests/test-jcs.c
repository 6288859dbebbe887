/* test-jcs.c: the strict JSON reader and RFC 8785 canonical JSON
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <malloc.h>
#include <math.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok-test-utils.h"

static const char * const vector_names[] = {
  "arrays", "french", "structures", "unicode", "values", "weird",
};

/* @len may be -1 for a NUL-terminated document. */
static JsonNode *
parse_with (const char             *json,
            gssize                  len,
            const SillokJsonLimits *limits,
            SillokJsonParseFlags    flags,
            GError                **error)
{
  return sillok_jcs_parse (json, len < 0 ? strlen (json) : (gsize) len, limits, flags, error);
}

static char *
canonical_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = sillok_jcs_canonicalize (json, strlen (json), NULL, SILLOK_JSON_PARSE_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

static void
assert_canonical (const char *in,
                  const char *want)
{
  g_autofree char *got = canonical_of (in);

  g_assert_cmpstr (got, ==, want);
}

/* Fails with @code and a message naming the place. */
static void
assert_rejected_len (const char          *json,
                     gsize                len,
                     SillokJsonParseFlags flags,
                     SillokJsonError      code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse_with (json, len, NULL, flags, &error);

  if (node != NULL || !g_error_matches (error, SILLOK_JSON_ERROR, code))
    g_test_message ("input “%.*s”: %s", (int) MIN (len, 80), json,
                    error != NULL ? error->message : "accepted");
  g_assert_null (node);
  g_assert_error (error, SILLOK_JSON_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, "line "));
  g_assert_nonnull (strstr (error->message, "byte offset"));
}

static void
assert_rejected (const char     *json,
                 SillokJsonError code)
{
  assert_rejected_len (json, strlen (json), SILLOK_JSON_PARSE_DEFAULT, code);
}

/* Conformance vectors */

static void
test_vectors (void)
{
  if (!sillok_test_require_testdata ())
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (vector_names); i++)
    {
      g_autofree char *in_path = g_build_filename (sillok_test_testdata_dir (), "jcs", "input",
                                                   vector_names[i], NULL);
      g_autofree char *in_file = g_strconcat (in_path, ".json", NULL);
      g_autofree char *out_path = g_build_filename (sillok_test_testdata_dir (), "jcs", "output",
                                                    vector_names[i], NULL);
      g_autofree char *out_file = g_strconcat (out_path, ".json", NULL);
      g_autoptr(GBytes) input = sillok_test_read_file (in_file);
      g_autoptr(GBytes) expected = sillok_test_read_file (out_file);
      g_autoptr(GBytes) got = NULL;
      g_autoptr(GBytes) again = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("vector %s", vector_names[i]);
      got = sillok_jcs_canonicalize (g_bytes_get_data (input, NULL), g_bytes_get_size (input), NULL,
                                     SILLOK_JSON_PARSE_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (got, expected));

      /* The canonical form is its own canonical form. */
      again = sillok_jcs_canonicalize (g_bytes_get_data (got, NULL), g_bytes_get_size (got), NULL,
                                       SILLOK_JSON_PARSE_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (again, expected));
    }
}

/* Numbers */

static void
assert_number (double      value,
               const char *want)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = sillok_jcs_format_number (value, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, want);
}

static void
test_number_table (void)
{
  /* FORMATS.md §5, from node's JSON.stringify. */
  static const struct { const char *in, *out; } table[] = {
    { "333333333.33333329", "333333333.3333333" },
    { "1E30", "1e+30" },
    { "4.50", "4.5" },
    { "2e-3", "0.002" },
    { "1e-27", "1e-27" },
    { "5e-324", "5e-324" },
    { "1.7976931348623157e308", "1.7976931348623157e+308" },
    { "9007199254740992", "9007199254740992" },
    { "295147905179352825856", "295147905179352830000" },
    { "1e21", "1e+21" },
    { "1e-6", "0.000001" },
    { "1e23", "1e+23" },
    { "56.0", "56" },
    { "-3.3333333333333333e-6", "-0.0000033333333333333333" },
    /* and around the boundaries of the four forms */
    { "1e20", "100000000000000000000" },
    { "123456789012345678901", "123456789012345680000" },
    { "1.5e21", "1.5e+21" },
    { "0.1", "0.1" },
    { "1e-7", "1e-7" },
    { "1.5e-7", "1.5e-7" },
    { "0.0000015", "0.0000015" },
    { "-1e-7", "-1e-7" },
    { "2.2250738585072014e-308", "2.2250738585072014e-308" },
    { "7.120236347223045e-307", "7.120236347223045e-307" },
    { "0.30000000000000004", "0.30000000000000004" },
    { "100", "100" },
    { "1E2", "100" },
    { "1e+2", "100" },
    { "-0", "0" },
    { "-0.0", "0" },
    { "0e99999999999999999999", "0" },
    { "1e-400", "0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_test_message ("%s", table[i].in);
      assert_canonical (table[i].in, table[i].out);
    }

  assert_number (nextafter (1e21, 0), "999999999999999900000");
  assert_number (nextafter (1e-6, 0), "9.999999999999997e-7");
  assert_number (ldexp (1, 68), "295147905179352830000");
  assert_number (-0.0, "0");
  assert_number (0.0, "0");
  assert_number (-1.5, "-1.5");
}

/* Every power of two, seeded random doubles and edge values, as node v20's
 * JSON.stringify writes them (tests/data/jcs-numbers.txt). */
static void
test_number_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "jcs-numbers.txt", NULL);
  g_autoptr(GBytes) bytes = sillok_test_read_file (path);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint checked = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      guint64 bits;
      double value;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], ",", 2);
      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      bits = g_ascii_strtoull (fields[0], NULL, 16);
      memcpy (&value, &bits, sizeof value);
      g_test_message ("%s", lines[i]);
      assert_number (value, fields[1]);
      checked++;
    }
  g_assert_cmpuint (checked, >, 4000);
}

static void
test_number_non_finite (void)
{
  double values[] = { NAN, INFINITY, -INFINITY };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), values[i]);
      g_autofree char *text = sillok_jcs_format_number (values[i], &error);
      g_autofree char *out = NULL;

      g_assert_null (text);
      g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE);
      g_clear_error (&error);
      out = sillok_jcs_serialize (node, NULL, &error);
      g_assert_null (out);
      g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE);
    }

  assert_rejected ("NaN", SILLOK_JSON_ERROR_INVALID_NUMBER);
  assert_rejected ("Infinity", SILLOK_JSON_ERROR_INVALID_NUMBER);
  assert_rejected ("-Infinity", SILLOK_JSON_ERROR_INVALID_NUMBER);
  assert_rejected ("[1,NaN]", SILLOK_JSON_ERROR_INVALID_NUMBER);
  assert_rejected ("{\"a\":Infinity}", SILLOK_JSON_ERROR_INVALID_NUMBER);
  assert_rejected ("1e400", SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE);
  assert_rejected ("-1e400", SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE);
  assert_rejected ("1e99999999999999999999", SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE);
}

static void
test_number_syntax (void)
{
  static const char * const bad[] = {
    "01", "-01", "00", "-", "--1", "+1", ".5", "-.5", "1.", "1.e3", "1e", "1e+", "1E-",
    "-a", "[1.]", "{\"a\":01}", "0.e1", "-+1", "1..2",
  };
  static const char * const not_json[] = { "0x10", "1_000", "1e2.5", "1 .5", "0b1", "1f" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_rejected (bad[i], SILLOK_JSON_ERROR_INVALID_NUMBER);
  /* A valid number followed by something else. */
  for (gsize i = 0; i < G_N_ELEMENTS (not_json); i++)
    assert_rejected (not_json[i], SILLOK_JSON_ERROR_TRAILING_DATA);
  assert_rejected ("[0x10]", SILLOK_JSON_ERROR_SYNTAX);
}

static GType
parsed_type (const char          *json,
             SillokJsonParseFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse_with (json, strlen (json), NULL, flags, &error);

  g_assert_no_error (error);
  return json_node_get_value_type (node);
}

static void
test_number_integers (void)
{
  static const char * const integers[] = {
    "0", "-0", "42", "-42", "9007199254740992", "-9007199254740992", "1234567890123456",
  };
  static const char * const doubles[] = {
    "9007199254740993", "-9007199254740993", "10000000000000000", "1.0", "1e2", "0.5", "-0.0",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (integers); i++)
    {
      g_assert_cmpint (parsed_type (integers[i], SILLOK_JSON_PARSE_DEFAULT), ==, G_TYPE_INT64);
      g_assert_cmpint (parsed_type (integers[i], SILLOK_JSON_PARSE_INTEGERS_ONLY), ==, G_TYPE_INT64);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (doubles); i++)
    g_assert_cmpint (parsed_type (doubles[i], SILLOK_JSON_PARSE_DEFAULT), ==, G_TYPE_DOUBLE);

  {
    g_autoptr(JsonNode) node = parse_with ("-9007199254740992", -1, NULL, SILLOK_JSON_PARSE_DEFAULT, NULL);

    g_assert_cmpint (json_node_get_int (node), ==, -SILLOK_JSON_MAX_SAFE_INTEGER);
  }
}

static void
assert_rejected_integers_only (const char     *json,
                               SillokJsonError code)
{
  assert_rejected_len (json, strlen (json), SILLOK_JSON_PARSE_INTEGERS_ONLY, code);
}

static void
test_number_integers_only (void)
{
  assert_rejected_integers_only ("1.0", SILLOK_JSON_ERROR_NOT_INTEGER);
  assert_rejected_integers_only ("1e2", SILLOK_JSON_ERROR_NOT_INTEGER);
  assert_rejected_integers_only ("0.5", SILLOK_JSON_ERROR_NOT_INTEGER);
  assert_rejected_integers_only ("[1,2,3.25]", SILLOK_JSON_ERROR_NOT_INTEGER);
  assert_rejected_integers_only ("{\"version\":1E0}", SILLOK_JSON_ERROR_NOT_INTEGER);
  assert_rejected_integers_only ("9007199254740993", SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE);
  assert_rejected_integers_only ("-9007199254740993", SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE);
  assert_rejected_integers_only ("18446744073709551616", SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE);
  assert_rejected_integers_only ("{\"size\":100000000000000000000000000000}",
                                 SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE);
}

static void
test_number_big_integers (void)
{
  g_autoptr(GString) long_digits = g_string_new ("1");
  g_autoptr(GString) tiny = g_string_new ("0.");
  g_autofree char *canonical = NULL;

  /* Beyond 2^53 the double model applies, as RFC 8785 requires. */
  assert_canonical ("9007199254740993", "9007199254740992");
  assert_canonical ("9007199254740995", "9007199254740996");
  assert_canonical ("18446744073709551616", "18446744073709552000");
  assert_canonical ("-18446744073709551615", "-18446744073709552000");
  assert_canonical ("100000000000000000000000", "1e+23");

  for (int i = 0; i < 300; i++)
    g_string_append_c (long_digits, '0');
  canonical = canonical_of (long_digits->str);
  g_assert_cmpstr (canonical, ==, "1e+300");
  g_clear_pointer (&canonical, g_free);

  for (int i = 0; i < 2000; i++)
    g_string_append_c (tiny, '0');
  g_string_append (tiny, "1");
  canonical = canonical_of (tiny->str);
  g_assert_cmpstr (canonical, ==, "0");
}

static void
assert_integer_node (gint64      value,
                     const char *want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);
  g_autofree char *got = sillok_jcs_serialize (node, NULL, &error);

  if (want == NULL)
    {
      g_assert_null (got);
      g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, want);
}

static void
test_number_integer_nodes (void)
{
  assert_integer_node (0, "0");
  assert_integer_node (-1, "-1");
  assert_integer_node (SILLOK_JSON_MAX_SAFE_INTEGER, "9007199254740992");
  assert_integer_node (-SILLOK_JSON_MAX_SAFE_INTEGER, "-9007199254740992");
  /* Exact as a double: written as the double is. */
  assert_integer_node (G_GINT64_CONSTANT (1) << 60, "1152921504606847000");
  assert_integer_node (G_MININT64, "-9223372036854776000");
  /* Not exact: never silently changed. */
  assert_integer_node (SILLOK_JSON_MAX_SAFE_INTEGER + 2, "9007199254740994");
  assert_integer_node (SILLOK_JSON_MAX_SAFE_INTEGER + 1, NULL);
  assert_integer_node (G_MAXINT64, NULL);
  assert_integer_node (-SILLOK_JSON_MAX_SAFE_INTEGER - 1, NULL);
}

/* Strings */

static void
test_string_escapes (void)
{
  static const char * const short_escapes[] = {
    [0x08] = "\\b", [0x09] = "\\t", [0x0a] = "\\n", [0x0c] = "\\f", [0x0d] = "\\r",
  };

  /* Every control character, read from a \u escape and from a string node. */
  for (guint c = 1; c < 0x20; c++)
    {
      g_autofree char *in = g_strdup_printf ("\"\\u%04X\"", c);
      g_autofree char *want = NULL;
      g_autofree char *raw = g_strdup_printf ("%c", c);
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), raw);
      g_autofree char *from_node = NULL;

      if (c < G_N_ELEMENTS (short_escapes) && short_escapes[c] != NULL)
        want = g_strdup_printf ("\"%s\"", short_escapes[c]);
      else
        want = g_strdup_printf ("\"\\u%04x\"", c);
      assert_canonical (in, want);
      from_node = sillok_jcs_serialize (node, NULL, NULL);
      g_assert_cmpstr (from_node, ==, want);
    }

  assert_canonical ("\"\\\"\"", "\"\\\"\"");
  assert_canonical ("\"\\\\\"", "\"\\\\\"");
  assert_canonical ("\"\\/\"", "\"/\"");
  assert_canonical ("\"/\"", "\"/\"");
  assert_canonical ("\"\\u007f\"", "\"\x7f\"");
  assert_canonical ("\"\\u00e9\\u00C9\"", "\"éÉ\"");
  assert_canonical ("\"\\u20ac\"", "\"€\"");
  assert_canonical ("\"\\ud83d\\ude02\"", "\"😂\"");
  assert_canonical ("\"\\uD834\\uDD1E\"", "\"𝄞\"");
  assert_canonical ("\"\\uffff\\ufffe\"", "\"\xef\xbf\xbf\xef\xbf\xbe\"");
  assert_canonical ("\"</script>\"", "\"</script>\"");
  assert_canonical ("\"북한 증언\"", "\"북한 증언\"");
  /* No Unicode normalization. */
  assert_canonical ("\"A\\u030a\"", "\"A\xcc\x8a\"");
}

static void
test_string_surrogates (void)
{
  static const char * const lone[] = {
    "\"\\ud83d\"",
    "\"\\ude02\"",
    "\"\\ud83d\\u0041\"",
    "\"\\ud83d\\ud83d\"",
    "\"\\ude02\\ud83d\"",
    "\"\\ud83dx\"",
    "\"\\ud83d\\n\"",
    "\"\\udbff\"",
    "\"\\udc00\"",
    "[\"ok\",\"\\ud800\"]",
    "{\"\\ud800\":1}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lone); i++)
    assert_rejected (lone[i], SILLOK_JSON_ERROR_LONE_SURROGATE);
  /* Raw UTF-8 surrogates (CESU-8) are invalid UTF-8. */
  assert_rejected ("\"\xed\xa0\xbd\xed\xb8\x82\"", SILLOK_JSON_ERROR_INVALID_UTF8);
}

static void
test_string_invalid_utf8 (void)
{
  static const char * const bad[] = {
    "\"\x80\"",                 /* a lone continuation byte */
    "\"\xbf\"",
    "\"\xc0\x80\"",             /* overlong NUL */
    "\"\xc1\xbf\"",             /* overlong */
    "\"\xe0\x80\xaf\"",         /* overlong '/' */
    "\"\xe0\x9f\xbf\"",
    "\"\xf0\x80\x80\xaf\"",
    "\"\xed\xa0\x80\"",         /* U+D800 */
    "\"\xed\xbf\xbf\"",         /* U+DFFF */
    "\"\xf4\x90\x80\x80\"",     /* U+110000 */
    "\"\xf5\x80\x80\x80\"",
    "\"\xf8\x88\x80\x80\x80\"",
    "\"\xfe\"",
    "\"\xff\"",
    "\"\xe2\x82\"",             /* truncated euro sign */
    "\"\xe2\x82\xac\xe2\"",
    "\"\xc3\"",
    "\"\xc3(\"",
    "{\"\xc3\":1}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_rejected (bad[i], SILLOK_JSON_ERROR_INVALID_UTF8);
  /* Truncated at the very end of the document. */
  assert_rejected_len ("\"\xe2\x82", 3, SILLOK_JSON_PARSE_DEFAULT, SILLOK_JSON_ERROR_INVALID_UTF8);
  /* Outside strings only ASCII is JSON. */
  assert_rejected ("\xc3\xa9", SILLOK_JSON_ERROR_SYNTAX);
  assert_rejected ("[1,\xff]", SILLOK_JSON_ERROR_SYNTAX);
  /* The largest code points are fine. */
  assert_canonical ("\"\xf4\x8f\xbf\xbf\xef\xbf\xbd\"", "\"\xf4\x8f\xbf\xbf\xef\xbf\xbd\"");
}

static void
test_string_control_characters (void)
{
  for (guint c = 1; c < 0x20; c++)
    {
      g_autofree char *in = g_strdup_printf ("[\"a%cb\"]", c);

      assert_rejected (in, SILLOK_JSON_ERROR_CONTROL_CHARACTER);
    }
  assert_rejected_len ("\"a\0b\"", 5, SILLOK_JSON_PARSE_DEFAULT, SILLOK_JSON_ERROR_CONTROL_CHARACTER);
  assert_rejected ("{\"a\nb\":1}", SILLOK_JSON_ERROR_CONTROL_CHARACTER);
  /* DEL is not a control character for JSON. */
  assert_canonical ("\"\x7f\"", "\"\x7f\"");
}

static void
test_string_nul (void)
{
  assert_rejected ("\"\\u0000\"", SILLOK_JSON_ERROR_UNSUPPORTED);
  assert_rejected ("{\"a\\u0000\":1}", SILLOK_JSON_ERROR_UNSUPPORTED);
  assert_rejected_len ("[1]\0", 4, SILLOK_JSON_PARSE_DEFAULT, SILLOK_JSON_ERROR_TRAILING_DATA);
  assert_rejected_len ("\0", 1, SILLOK_JSON_PARSE_DEFAULT, SILLOK_JSON_ERROR_SYNTAX);
}

static void
test_string_bad_escapes (void)
{
  static const char * const bad[] = {
    "\"\\x41\"", "\"\\U0041\"", "\"\\u41\"", "\"\\u004G\"", "\"\\u 041\"", "\"\\'\"", "\"\\a\"",
    "\"\\0\"", "\"\\", "\"\\u00", "\"abc", "\"", "[\"a]", "{\"a:1}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_rejected (bad[i], SILLOK_JSON_ERROR_SYNTAX);
}

static void
test_string_serialize_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) string = json_node_init_string (json_node_alloc (), "ok \xff");
  g_autoptr(JsonNode) object = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) nested = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *out = NULL;

  json_node_take_object (object, json_object_new ());
  json_node_take_array (nested, json_array_new ());
  out = sillok_jcs_serialize (string, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE);
  g_clear_error (&error);

  json_object_set_int_member (json_node_get_object (object), "fine", 1);
  json_object_set_int_member (json_node_get_object (object), "\xc0\x80", 2);
  out = sillok_jcs_serialize (object, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE);
  g_clear_error (&error);

  json_array_add_string_element (json_node_get_array (nested), "fine");
  json_array_add_string_element (json_node_get_array (nested), "\xed\xa0\x80");
  out = sillok_jcs_serialize (nested, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE);
}

/* Objects */

static void
test_name_order (void)
{
  /* Sorted by UTF-16 code units: supplementary characters (surrogates
   * D800..DBFF) after U+D7FF but before U+E000..U+FFFF, so "😂" (D83D DE02)
   * comes before U+FB33 (FB33), the reverse of code point order. */
  static const char * const sorted[] = {
    "", "\n", "\r", "1", "10", "A", "B", "a", "aa", "ab", "\xc2\x80", "ö", "€", "\xed\x9f\xbf",
    "𝄞", "😂", "😂a", "😃", "\xee\x80\x80", "\xef\xac\xb3", "\xef\xbf\xbf",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sorted); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (sorted); j++)
      {
        int cmp = sillok_jcs_compare_names (sorted[i], sorted[j]);

        if (i < j)
          g_assert_cmpint (cmp, <, 0);
        else if (i > j)
          g_assert_cmpint (cmp, >, 0);
        else
          g_assert_cmpint (cmp, ==, 0);
      }
  g_assert_cmpint (g_utf8_get_char ("😂"), >, g_utf8_get_char ("\xef\xac\xb3"));

  assert_canonical ("{\"\xef\xac\xb3\":1,\"😂\":2,\"\\ue000\":3,\"z\":4,\"\\ud7ff\":5}",
                    "{\"z\":4,\"\xed\x9f\xbf\":5,\"😂\":2,\"\xee\x80\x80\":3,\"\xef\xac\xb3\":1}");
  assert_canonical ("[{\"b\":[{\"d\":1,\"c\":2}],\"a\":null}]", "[{\"a\":null,\"b\":[{\"c\":2,\"d\":1}]}]");
}

static void
test_duplicate_keys (void)
{
  assert_rejected ("{\"a\":1,\"a\":2}", SILLOK_JSON_ERROR_DUPLICATE_KEY);
  assert_rejected ("{\"a\":1,\"a\":1}", SILLOK_JSON_ERROR_DUPLICATE_KEY);
  assert_rejected ("{\"\":1,\"\":2}", SILLOK_JSON_ERROR_DUPLICATE_KEY);
  assert_rejected ("{\"a\":1,\"\\u0061\":2}", SILLOK_JSON_ERROR_DUPLICATE_KEY);
  assert_rejected ("{\"😂\":1,\"\\ud83d\\ude02\":2}", SILLOK_JSON_ERROR_DUPLICATE_KEY);
  assert_rejected ("[{\"x\":{\"y\":[{\"k\":1,\"j\":2,\"k\":3}]}}]", SILLOK_JSON_ERROR_DUPLICATE_KEY);
  /* Different strings, even when Unicode calls them equivalent. */
  assert_canonical ("{\"\\u00c5\":1,\"A\\u030a\":2}", "{\"A\xcc\x8a\":2,\"Å\":1}");
  assert_canonical ("{\"a\":{\"a\":{\"a\":1}}}", "{\"a\":{\"a\":{\"a\":1}}}");
}

/* Structure */

static void
test_syntax (void)
{
  static const char * const bad[] = {
    "", " ", "\n\t\r ", "[", "[1", "[1,", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,",
    "[1,]", "[,1]", "[,]", "{,}", "{\"a\":1,}", "{'a':1}", "{a:1}", "['a']", "/* c */1", "// c\n1",
    "[1;2]", "[1 2]", "{\"a\" 1}", "{\"a\"::1}", "{\"a\":1 \"b\":2}", "{1:1}", "{null:1}", "]", "}",
    "[}", "{]", "tru", "True", "nul", "NULL", "undefined", "\xef\xbb\xbf{}", "\f1", "\v1",
    "\302\2401", "[1]x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = parse_with (bad[i], strlen (bad[i]), NULL, SILLOK_JSON_PARSE_DEFAULT, &error);

      g_test_message ("input “%s”", bad[i]);
      g_assert_null (node);
      g_assert_true (g_error_matches (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_SYNTAX)
                     || g_error_matches (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TRAILING_DATA));
      g_assert_nonnull (strstr (error->message, "byte offset"));
    }
  assert_rejected ("\xef\xbb\xbf{}", SILLOK_JSON_ERROR_SYNTAX);
  assert_rejected ("{\"a\":1,}", SILLOK_JSON_ERROR_SYNTAX);
}

static void
test_trailing_data (void)
{
  static const char * const bad[] = {
    "{} {}", "[]]", "1 2", "\"a\"\"b\"", "{}x", "null null", "falsey", "[1] ,", "{\"a\":1}}", "0 0",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_rejected (bad[i], SILLOK_JSON_ERROR_TRAILING_DATA);
  /* Whitespace around the value is fine. */
  assert_canonical (" \t\r\n[ 1 , { \"a\" : true } ]\r\n ", "[1,{\"a\":true}]");
  assert_canonical ("\"top-level string\"", "\"top-level string\"");
  assert_canonical ("null", "null");
  assert_canonical ("false", "false");
}

static void
test_error_position (void)
{
  g_autoptr(GError) error = NULL;
  const char *doc = "{\n  \"name\": \"증언\",\n  \"name\": 2\n}";
  g_autoptr(JsonNode) node = parse_with (doc, strlen (doc), NULL, SILLOK_JSON_PARSE_DEFAULT, &error);

  g_assert_null (node);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_DUPLICATE_KEY);
  g_assert_nonnull (strstr (error->message, "line 3, column 3"));
  g_assert_nonnull (strstr (error->message, "byte offset 24"));
  g_clear_error (&error);

  /* Columns count characters, not bytes. */
  doc = "[\"증언\", tru]";
  node = parse_with (doc, strlen (doc), NULL, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_null (node);
  g_assert_nonnull (strstr (error->message, "line 1, column 8 (byte offset 11)"));
}

static GString *
nested (const char *open,
        const char *middle,
        const char *close,
        guint       depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, middle);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  return s;
}

static void
test_depth (void)
{
  g_autoptr(GString) arrays = nested ("[", "", "]", SILLOK_JSON_DEFAULT_MAX_DEPTH);
  g_autoptr(GString) objects = nested ("{\"a\":", "1", "}", SILLOK_JSON_DEFAULT_MAX_DEPTH);
  g_autoptr(GString) too_deep = nested ("[", "", "]", SILLOK_JSON_DEFAULT_MAX_DEPTH + 1);
  g_autoptr(GString) too_deep_objects = nested ("{\"a\":", "{}", "}", SILLOK_JSON_DEFAULT_MAX_DEPTH);
  SillokJsonLimits shallow = SILLOK_JSON_LIMITS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *canonical = canonical_of (arrays->str);

  g_assert_cmpstr (canonical, ==, arrays->str);
  g_clear_pointer (&canonical, g_free);
  canonical = canonical_of (objects->str);
  g_assert_cmpstr (canonical, ==, objects->str);
  assert_rejected (too_deep->str, SILLOK_JSON_ERROR_TOO_DEEP);
  assert_rejected (too_deep_objects->str, SILLOK_JSON_ERROR_TOO_DEEP);

  shallow.max_depth = 2;
  node = parse_with ("[[1],{\"a\":1},[]]", -1, &shallow, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  node = parse_with ("[[[]]]", -1, &shallow, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_null (node);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "byte offset 2"));
  g_clear_error (&error);

  shallow.max_depth = 0;
  node = parse_with ("[]", -1, &shallow, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  node = parse_with ("7", -1, &shallow, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_no_error (error);
}

/* 100,000 levels must fail at the limit, without deep recursion: the
 * reader keeps open containers on the heap. */
static void
test_depth_hostile (void)
{
  static const struct { const char *open, *middle, *close; } shapes[] = {
    { "[", "", "]" },
    { "{\"a\":", "1", "}" },
    { "[{\"a\":", "1", "}]" },
    { "[", "", "" },
  };
  SillokJsonLimits deepest = SILLOK_JSON_LIMITS_INIT;

  deepest.max_bytes = 16 * 1024 * 1024;
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(GString) doc = nested (shapes[i].open, shapes[i].middle, shapes[i].close, 100000);

      assert_rejected_len (doc->str, doc->len, SILLOK_JSON_PARSE_DEFAULT, SILLOK_JSON_ERROR_TOO_DEEP);
      for (guint limit = SILLOK_JSON_DEFAULT_MAX_DEPTH; limit <= SILLOK_JSON_MAX_DEPTH; limit *= 2)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) node = NULL;

          deepest.max_depth = limit;
          node = parse_with (doc->str, doc->len, &deepest, SILLOK_JSON_PARSE_DEFAULT, &error);
          g_assert_null (node);
          g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TOO_DEEP);
        }
    }
}

static void
test_size_limit (void)
{
  SillokJsonLimits limits = SILLOK_JSON_LIMITS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) big = g_string_new ("\"");

  limits.max_bytes = 10;
  node = parse_with ("[1,2,3,45]", -1, &limits, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  node = parse_with ("[1,2,3,456]", -1, &limits, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_null (node);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* The default limit is 1 MiB. */
  while (big->len < SILLOK_JSON_DEFAULT_MAX_BYTES)
    g_string_append (big, "0123456789abcdef");
  g_string_truncate (big, SILLOK_JSON_DEFAULT_MAX_BYTES - 1);
  g_string_append_c (big, '"');
  node = parse_with (big->str, big->len, NULL, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  g_string_insert_c (big, 0, ' ');
  node = parse_with (big->str, big->len, NULL, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_null (node);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TOO_LARGE);
}

static void
test_member_limit (void)
{
  g_autoptr(GString) doc = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  SillokJsonLimits limits = SILLOK_JSON_LIMITS_INIT;

  for (guint i = 0; i < SILLOK_JSON_DEFAULT_MAX_MEMBERS; i++)
    g_string_append_printf (doc, "%s\"k%u\":%u", i > 0 ? "," : "", i, i);
  g_string_append_c (doc, '}');
  node = parse_with (doc->str, doc->len, NULL, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, SILLOK_JSON_DEFAULT_MAX_MEMBERS);
  g_clear_pointer (&node, json_node_unref);

  g_string_truncate (doc, doc->len - 1);
  g_string_append (doc, ",\"one more\":0}");
  assert_rejected_len (doc->str, doc->len, SILLOK_JSON_PARSE_DEFAULT, SILLOK_JSON_ERROR_TOO_LARGE);

  limits.max_members = 2;
  node = parse_with ("[{\"a\":1,\"b\":2},{\"c\":3}]", -1, &limits, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  node = parse_with ("{\"a\":1,\"b\":2,\"c\":3}", -1, &limits, SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_null (node);
  g_assert_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TOO_LARGE);
}

/* Serializer */

static void
test_serialize_deep_tree (void)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonNode *inner = root;
  g_autoptr(GString) want = nested ("[", "{\"k\":\"v\",\"n\":7}", "]", 1000);
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) leaf = json_object_new ();
  gsize len = 0;

  /* Deeper than the reader allows: trees built in code are written too. */
  json_node_take_array (root, json_array_new ());
  for (guint i = 1; i < 1000; i++)
    {
      JsonArray *child = json_array_new ();

      json_array_add_array_element (json_node_get_array (inner), child);
      inner = json_array_get_element (json_node_get_array (inner), 0);
    }
  json_object_set_int_member (leaf, "n", 7);
  json_object_set_string_member (leaf, "k", "v");
  json_array_add_object_element (json_node_get_array (inner), json_object_ref (leaf));

  got = sillok_jcs_serialize (root, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, want->str);
  g_assert_cmpuint (len, ==, want->len);
}

static void
test_serialize_secret (void)
{
  static const char *doc = "{\"b\":[\"x\",1,true,null],\"a\":\"증언\"}";
  g_autoptr(JsonNode) node = parse_with (doc, strlen (doc), NULL, SILLOK_JSON_PARSE_DEFAULT, NULL);
  g_autoptr(SillokSecret) secret = sillok_jcs_serialize_secret (node, NULL);
  g_autofree char *plain = sillok_jcs_serialize (node, NULL, NULL);

  g_assert_cmpstr (plain, ==, "{\"a\":\"증언\",\"b\":[\"x\",1,true,null]}");
  g_assert_cmpuint (sillok_secret_get_length (secret), ==, strlen (plain));
  g_assert_cmpstr (sillok_secret_get_string (secret), ==, plain);
}

/* Canonical output always reads back to itself. */
static void
test_round_trip (void)
{
  static const char * const docs[] = {
    "[1.5e300,-2.5e-300,0.1,1e21,1e-7,123456789,-0,true,false,null,\"\\u0001\\\\\\\"\"]",
    "{\"z\":{\"y\":{\"x\":[]}},\"\":{},\"é\":[{}]}",
    "[\"😂\",\"\\ud83d\\ude02\",\"\\u2028\\u2029\"]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autofree char *once = canonical_of (docs[i]);
      g_autofree char *twice = canonical_of (once);

      g_assert_cmpstr (once, ==, twice);
    }
}

/* Reading and writing keep no memory.  json-glib's init and set functions
 * add a reference of their own that is easily leaked, and GSlice keeps
 * such leaks out of LeakSanitizer's sight, so the heap is measured. */
static void
test_no_leak (void)
{
  static const char *doc = "[{\"a\":[1,{}]},[],{\"b\":\"c\"},\"x\"]";
  size_t before;

  if (mallinfo2 ().arena == 0)
    {
      g_test_skip ("malloc statistics are not available in this build");
      return;
    }
  for (int round = 0; round < 2; round++)
    {
      before = mallinfo2 ().uordblks;
      for (int i = 0; i < 20000; i++)
        {
          g_autoptr(JsonNode) node = parse_with (doc, -1, NULL, SILLOK_JSON_PARSE_DEFAULT, NULL);
          g_autofree char *out = sillok_jcs_serialize (node, NULL, NULL);

          g_assert_nonnull (out);
        }
    }
  /* A leaked object per document would be several megabytes. */
  g_test_message ("heap grew by %" G_GSSIZE_FORMAT " bytes", (gssize) (mallinfo2 ().uordblks - before));
  g_assert_cmpuint (mallinfo2 ().uordblks, <, before + 256 * 1024);
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/jcs/vectors", test_vectors);
  g_test_add_func ("/jcs/number/table", test_number_table);
  g_test_add_func ("/jcs/number/reference", test_number_reference);
  g_test_add_func ("/jcs/number/non-finite", test_number_non_finite);
  g_test_add_func ("/jcs/number/syntax", test_number_syntax);
  g_test_add_func ("/jcs/number/integers", test_number_integers);
  g_test_add_func ("/jcs/number/integers-only", test_number_integers_only);
  g_test_add_func ("/jcs/number/big-integers", test_number_big_integers);
  g_test_add_func ("/jcs/number/integer-nodes", test_number_integer_nodes);
  g_test_add_func ("/jcs/string/escapes", test_string_escapes);
  g_test_add_func ("/jcs/string/surrogates", test_string_surrogates);
  g_test_add_func ("/jcs/string/invalid-utf8", test_string_invalid_utf8);
  g_test_add_func ("/jcs/string/control-characters", test_string_control_characters);
  g_test_add_func ("/jcs/string/nul", test_string_nul);
  g_test_add_func ("/jcs/string/bad-escapes", test_string_bad_escapes);
  g_test_add_func ("/jcs/string/serialize-invalid", test_string_serialize_invalid);
  g_test_add_func ("/jcs/object/name-order", test_name_order);
  g_test_add_func ("/jcs/object/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/jcs/syntax", test_syntax);
  g_test_add_func ("/jcs/trailing-data", test_trailing_data);
  g_test_add_func ("/jcs/error-position", test_error_position);
  g_test_add_func ("/jcs/limit/depth", test_depth);
  g_test_add_func ("/jcs/limit/depth-100000", test_depth_hostile);
  g_test_add_func ("/jcs/limit/size", test_size_limit);
  g_test_add_func ("/jcs/limit/members", test_member_limit);
  g_test_add_func ("/jcs/serialize/deep-tree", test_serialize_deep_tree);
  g_test_add_func ("/jcs/serialize/secret", test_serialize_secret);
  g_test_add_func ("/jcs/round-trip", test_round_trip);
  g_test_add_func ("/jcs/no-leak", test_no_leak);

  return g_test_run ();
}
