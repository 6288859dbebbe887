/* test-template.c: reading interview templates, their digests and field paths
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-template.h"
#include "sillok-test-utils.h"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "templates", name, NULL);
}

static char *
shipped_path (void)
{
  return g_build_filename (g_getenv ("SILLOK_DATADIR"), "templates", "forced-labour.json", NULL);
}

static SillokTemplate *
shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = shipped_path ();
  SillokTemplate *t = sillok_template_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static SillokTemplate *
from_string (const char  *json,
             GError     **error)
{
  return sillok_template_new_from_data (json, strlen (json), error);
}

/* A minimal valid template with @extra_sections appended (JSON text, may be ""). */
static char *
minimal_with (const char *extra_sections)
{
  return g_strdup_printf ("{\"id\":\"t\",\"version\":1,\"title\":{\"en\":\"T\",\"ko\":\"ㅌ\"},"
                          "\"redacted\":{\"en\":\"[redacted]\",\"ko\":\"[삭제됨]\"},\"sections\":["
                          "{\"id\":\"consent\",\"title\":{\"en\":\"C\",\"ko\":\"동\"},\"fields\":["
                          "{\"id\":\"given\",\"type\":\"boolean\",\"label\":{\"en\":\"G\",\"ko\":\"동의\"},"
                          "\"sensitivity\":\"open\",\"required\":true}]}%s]}",
                          extra_sections);
}

static void
test_shipped_loads (void)
{
  g_autoptr(SillokTemplate) t = shipped ();
  GPtrArray *sections = sillok_template_get_sections (t);
  const char *order[] = { "consent", "interview", "interviewee", "episodes", "perpetrators", "assessment" };
  const gboolean repeats[] = { FALSE, FALSE, FALSE, TRUE, TRUE, FALSE };
  guint fields = 0;

  g_assert_cmpstr (sillok_template_get_id (t), ==, "forced-labour");
  g_assert_cmpint (sillok_template_get_version (t), ==, 1);
  g_assert_cmpstr (sillok_template_get_title (t)->en, ==, "Forced labour testimony");
  g_assert_cmpstr (sillok_template_get_title (t)->ko, ==, "강제노동 증언");
  g_assert_cmpstr (sillok_template_get_redacted (t)->en, ==, "[redacted]");
  g_assert_cmpstr (sillok_template_get_redacted (t)->ko, ==, "[삭제됨]");
  g_assert_cmpuint (sections->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < sections->len; i++)
    {
      SillokTemplateSection *s = sections->pdata[i];

      g_assert_cmpstr (s->id, ==, order[i]);
      g_assert_cmpint (s->repeat, ==, repeats[i]);
      g_assert_true (sillok_template_get_section (t, order[i]) == s);
      fields += s->fields->len;
      for (guint f = 0; f < s->fields->len; f++)
        {
          SillokTemplateField *field = s->fields->pdata[f];

          g_assert_true (field->section == s);
          g_assert_true (sillok_template_section_get_field (s, field->id) == field);
          g_assert_nonnull (field->label.en);
          g_assert_nonnull (field->label.ko);
          g_assert_cmpint (field->sensitivity == SILLOK_SENSITIVITY_QUASI, ==,
                           field->anonymize != SILLOK_ANONYMIZE_NONE);
        }
    }
  /* DESIGN §6: the 46 fields of the table. */
  g_assert_cmpuint (fields, ==, 46);
  g_assert_null (sillok_template_get_section (t, "nothing"));
}

static void
test_shipped_digest (void)
{
  g_autoptr(SillokTemplate) t = shipped ();
  g_autofree char *path = shipped_path ();
  g_autoptr(GBytes) file = sillok_test_read_file (path);
  g_autoptr(GBytes) canonical = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokTemplate) again = NULL;
  g_autofree char *hex = NULL;
  guint8 digest[32];

  canonical = sillok_jcs_canonicalize (g_bytes_get_data (file, NULL), g_bytes_get_size (file), NULL,
                                       SILLOK_JSON_PARSE_DEFAULT, &error);
  g_assert_no_error (error);
  crypto_generichash (digest, sizeof digest, g_bytes_get_data (canonical, NULL), g_bytes_get_size (canonical),
                      NULL, 0);
  hex = sillok_test_hex (digest, sizeof digest);
  g_assert_cmpstr (sillok_template_get_digest (t), ==, hex);
  g_assert_true (g_bytes_equal (sillok_template_get_canonical (t), canonical));

  /* The canonical form is a template of the same digest. */
  again = sillok_template_new_from_data (g_bytes_get_data (canonical, NULL), g_bytes_get_size (canonical), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sillok_template_get_digest (again), ==, hex);

  /* A change of a help text is a change of digest. */
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
    g_autoptr(SillokTemplate) other = NULL;
    char *at = strstr (text, "Forced labour testimony");

    g_assert_nonnull (at);
    at[0] = 'f';
    other = from_string (text, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sillok_template_get_digest (other), !=, hex);
  }
}

static void
test_bad_templates (void)
{
  g_autofree char *tsv_path = data_path ("expected.tsv");
  g_autofree char *dir_path = data_path ("");
  g_autoptr(GBytes) tsv = sillok_test_read_file (tsv_path);
  g_autofree char *text = g_strndup (g_bytes_get_data (tsv, NULL), g_bytes_get_size (tsv));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint checked = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokTemplate) t = NULL;

      if (*lines[i] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", 2);
      g_assert_cmpuint (g_strv_length (cols), ==, 2);
      path = data_path (cols[0]);
      g_test_message ("%s: expecting “%s”", cols[0], cols[1]);
      t = sillok_template_new_from_file (path, &error);
      g_assert_null (t);
      g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID);
      if (strstr (error->message, cols[1]) == NULL)
        g_error ("%s: the message “%s” does not say “%s”", cols[0], error->message, cols[1]);
      /* The file is named, so the user knows which one to fix. */
      g_assert_nonnull (strstr (error->message, cols[0]));
      g_hash_table_add (listed, g_strdup (cols[0]));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 20);

  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "bad-") && !g_hash_table_contains (listed, name))
      g_error ("%s has no expected message in expected.tsv", name);
}

static void
test_good_templates (void)
{
  const char *names[] = { "good-minimal.json", "good-all-types.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = data_path (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokTemplate) t = sillok_template_new_from_file (path, &error);

      g_assert_no_error (error);
      g_assert_nonnull (t);
      g_assert_true (sillok_disclosure_is_digest (sillok_template_get_digest (t)));
    }

  {
    g_autofree char *path = data_path ("good-all-types.json");
    g_autoptr(SillokTemplate) t = sillok_template_new_from_file (path, NULL);
    SillokTemplateSection *things = sillok_template_get_section (t, "things");
    SillokTemplateField *f;

    g_assert_true (things->repeat);
    f = sillok_template_section_get_field (things, "n");
    g_assert_cmpint (f->type, ==, SILLOK_FIELD_INTEGER);
    g_assert_true (f->has_min && f->has_max);
    g_assert_cmpint (f->min, ==, 0);
    g_assert_cmpint (f->max, ==, 10);
    f = sillok_template_section_get_field (things, "t");
    g_assert_cmpuint (f->max_length, ==, 200);
    f = sillok_template_section_get_field (things, "d1");
    g_assert_cmpint (f->anonymize, ==, SILLOK_ANONYMIZE_YEAR_BAND);
    g_assert_cmpuint (f->band, ==, 100);
    f = sillok_template_section_get_field (things, "c");
    g_assert_cmpint (f->anonymize, ==, SILLOK_ANONYMIZE_KEEP);
    g_assert_nonnull (sillok_template_field_get_choice (f, "GB"));
    g_assert_null (sillok_template_field_get_choice (f, "gb"));
    f = sillok_template_section_get_field (things, "prov");
    g_assert_cmpint (f->anonymize, ==, SILLOK_ANONYMIZE_PROVINCE);
    f = sillok_template_section_get_field (things, "who");
    g_assert_true (f->required);
    g_assert_cmpint (f->sensitivity, ==, SILLOK_SENSITIVITY_IDENTIFYING);
  }
}

/* Inputs that are not templates at all, and limits of the format. */
static void
test_hostile_templates (void)
{
  struct { const char *json; const char *message; } cases[] = {
    { "", "not valid JSON" },
    { "[]", "a template is a JSON object" },
    { "\"forced-labour\"", "a template is a JSON object" },
    { "{\"id\":\"t\",\"id\":\"t\"}", "not valid JSON" },
    { "{\"id\":\"t\",\"version\":1.5}", "not valid JSON" },
    { "{\"id\":\"T\",\"version\":1}", "invalid template id" },
    { "{\"id\":\"t\\n\",\"version\":1}", "invalid template id" },
    { "{\"id\":\"t\",\"version\":0}", "“version” must be a whole number from 1" },
    { "{\"id\":\"t\",\"version\":2147483648}", "“version” must be a whole number from 1" },
    { "{\"id\":\"t\",\"version\":1,\"title\":{\"en\":\"T\",\"ko\":\"ㅌ\"},"
      "\"redacted\":{\"en\":\"x\",\"ko\":\"y\"},\"sections\":[]}", "the template has no sections" },
    { "{\"id\":\"t\",\"version\":1,\"title\":{\"en\":\"T\",\"ko\":\"ㅌ\",\"EN\":\"x\"}}", "invalid language entry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokTemplate) t = from_string (cases[i].json, &error);

      g_assert_null (t);
      g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
    }

  /* Nesting deeper than any template needs is refused before it costs anything. */
  {
    GString *deep = g_string_new ("{\"id\":");
    g_autoptr(GError) error = NULL;
    g_autoptr(SillokTemplate) t = NULL;

    for (guint i = 0; i < 10000; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 10000; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    t = sillok_template_new_from_data (deep->str, deep->len, &error);
    g_assert_null (t);
    g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID);
    g_string_free (deep, TRUE);
  }

  /* A field type, rule or limit outside the format, each named. */
  {
    struct { const char *section; const char *message; } fields[] = {
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"text\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\",\"max_length\":0}]}",
        "max_length must be at least 1" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"partial-date\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"quasi\",\"anonymize\":\"year-band:101\"}]}",
        "invalid anonymize rule “year-band:101”" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"partial-date\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"quasi\",\"anonymize\":\"year-band:05\"}]}",
        "invalid anonymize rule “year-band:05”" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"choice\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\",\"choices\":[{\"code\":\"a,b\","
        "\"label\":{\"en\":\"x\",\"ko\":\"y\"}}]}]}",
        "invalid choice code “a,b”" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"choice\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\",\"choices\":[{\"code\":\"Ab\","
        "\"label\":{\"en\":\"x\",\"ko\":\"y\"}}]}]}",
        "invalid choice code “Ab”" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[]}",
        "section “a”: the section has no fields" },
      /* Texts a terminal would obey, or line breaks in a label. */
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"text\","
        "\"label\":{\"en\":\"B\\u001b[2J\",\"ko\":\"나\"},\"sensitivity\":\"open\"}]}",
        "section “a”, field “b”: the label holds a control character or a line break" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"text\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\\n다\"},\"sensitivity\":\"open\"}]}",
        "the label holds a control character or a line break" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\",\"fr\":\"\\u0085\"},\"fields\":[{\"id\":\"b\","
        "\"type\":\"text\",\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\"}]}",
        "section “a”: the title holds a control character" },
      /* $ matches only at the very end, as in ECMA-262: no trailing line break. */
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\\n\",\"type\":\"text\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\"}]}",
        "invalid field id" },
      { "{\"id\":\"a\\n\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"text\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\"}]}",
        "invalid section id" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"fields\":[{\"id\":\"b\",\"type\":\"choice\","
        "\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\",\"choices\":[{\"code\":\"x\\n\","
        "\"label\":{\"en\":\"x\",\"ko\":\"y\"}}]}]}",
        "invalid choice code" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\",\"fr\\n\":\"A\"},\"fields\":[{\"id\":\"b\","
        "\"type\":\"text\",\"label\":{\"en\":\"B\",\"ko\":\"나\"},\"sensitivity\":\"open\"}]}",
        "invalid language entry" },
      { "{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},\"repeat\":\"yes\",\"fields\":[]}",
        "section “a”: “repeat” must be true or false" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        g_autofree char *extra = g_strconcat (",", fields[i].section, NULL);
        g_autofree char *json = minimal_with (extra);
        g_autoptr(GError) error = NULL;
        g_autoptr(SillokTemplate) t = from_string (json, &error);

        g_assert_null (t);
        g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID);
        if (strstr (error->message, fields[i].message) == NULL)
          g_error ("field case %u: “%s” does not say “%s”", i, error->message, fields[i].message);
      }
  }

  /* Help texts may run over several lines. */
  {
    g_autofree char *json = minimal_with (",{\"id\":\"a\",\"title\":{\"en\":\"A\",\"ko\":\"가\"},"
                                          "\"help\":{\"en\":\"One.\\nTwo.\",\"ko\":\"하나.\\n둘.\"},"
                                          "\"fields\":[{\"id\":\"b\",\"type\":\"text\",\"label\":{\"en\":\"B\","
                                          "\"ko\":\"나\"},\"sensitivity\":\"open\"}]}");
    g_autoptr(GError) error = NULL;
    g_autoptr(SillokTemplate) t = from_string (json, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (sillok_template_get_section (t, "a")->help.en, ==, "One.\nTwo.");
  }

  /* The consent section must not repeat. */
  {
    g_autofree char *json = minimal_with ("");
    g_autofree char *repeating = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(SillokTemplate) t = NULL;
    char *at = strstr (json, "\"title\":{\"en\":\"C\"");
    GString *s = g_string_new (NULL);

    g_string_append_len (s, json, at - json);
    g_string_append (s, "\"repeat\":true,");
    g_string_append (s, at);
    repeating = g_string_free (s, FALSE);
    t = from_string (repeating, &error);
    g_assert_null (t);
    g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID);
  }
}

static void
assert_path (SillokTemplate *t,
             const char     *path,
             const char     *section,
             const char     *field,
             int             index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = NULL;
  SillokFieldPath fp;

  g_assert_true (sillok_template_parse_path (t, path, &fp, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fp.section->id, ==, section);
  g_assert_cmpstr (fp.field->id, ==, field);
  g_assert_cmpint (fp.index, ==, index);
  formatted = sillok_field_path_format (fp.section, fp.index, fp.field);
  g_assert_cmpstr (formatted, ==, path);
}

static void
assert_bad_path (SillokTemplate *t,
                 const char     *path,
                 const char     *message)
{
  g_autoptr(GError) error = NULL;
  SillokFieldPath fp;

  g_assert_false (sillok_template_parse_path (t, path, &fp, &error));
  g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_PATH);
  if (strstr (error->message, message) == NULL)
    g_error ("path “%s”: “%s” does not say “%s”", path, error->message, message);
}

static void
test_paths (void)
{
  g_autoptr(SillokTemplate) t = shipped ();

  assert_path (t, "interview.date", "interview", "date", -1);
  assert_path (t, "consent.given", "consent", "given", -1);
  assert_path (t, "interviewee.birth_date", "interviewee", "birth_date", -1);
  assert_path (t, "episodes[0].site", "episodes", "site", 0);
  assert_path (t, "episodes[7].ilo_indicators", "episodes", "ilo_indicators", 7);
  assert_path (t, "perpetrators[12].name", "perpetrators", "name", 12);
  assert_path (t, "episodes[9999].site", "episodes", "site", 9999);

  assert_bad_path (t, "nothing.date", "the template has no section “nothing”");
  assert_bad_path (t, "interview.nothing", "section “interview” has no field “nothing”");
  assert_bad_path (t, "episodes.site", "section “episodes” repeats: write episodes[N].field");
  assert_bad_path (t, "interview[0].date", "section “interview” does not repeat");
  assert_bad_path (t, "episodes[01].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[00].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[-1].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[+1].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[ 1].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[0x1].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[10000].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[99999999999999999999999].site", "the entry number must be a whole number from 0");
  assert_bad_path (t, "episodes[].site", "a field path is section.field or section[N].field");
  assert_bad_path (t, "episodes[0.site", "a field path is section.field or section[N].field");
  assert_bad_path (t, "episodes[0]x.site", "a field path is section.field or section[N].field");
  assert_bad_path (t, "episodes[0][1].site", "a field path is section.field or section[N].field");
  assert_bad_path (t, "interview", "a field path is section.field or section[N].field");
  assert_bad_path (t, "interview.", "a field path is section.field or section[N].field");
  assert_bad_path (t, ".date", "a field path is section.field or section[N].field");
  assert_bad_path (t, "", "a field path is section.field or section[N].field");
  assert_bad_path (t, "interview.date.year", "has no field “date.year”");
  assert_bad_path (t, "Interview.date", "the template has no section “Interview”");
  assert_bad_path (t, "interview.date ", "has no field");
  assert_bad_path (t, "[0].site", "the template has no section “”");
}

static void
test_provinces (void)
{
  const char *codes[] = { "pyongyang", "rason", "nampo", "south-pyongan", "north-pyongan", "chagang",
                          "south-hwanghae", "north-hwanghae", "kangwon", "south-hamgyong", "north-hamgyong",
                          "ryanggang", "unknown" };
  const char *korean[] = { "평양", "라선", "남포", "평안남도", "평안북도", "자강도", "황해남도", "황해북도",
                           "강원도", "함경남도", "함경북도", "량강도" };
  g_autoptr(SillokTemplate) t = shipped ();
  SillokTemplateField *home = sillok_template_section_get_field (sillok_template_get_section (t, "interviewee"),
                                                                 "home_province");
  guint n = 0;
  const SillokProvince *all = sillok_provinces (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (all[i].code, ==, codes[i]);
      g_assert_true (sillok_province_lookup (codes[i]) == &all[i]);
      g_assert_nonnull (all[i].en);
      if (i < G_N_ELEMENTS (korean))
        g_assert_cmpstr (all[i].ko, ==, korean[i]);
      /* The template's province choice offers exactly these codes, in this order. */
      g_assert_cmpstr (((SillokChoice *) home->choices->pdata[i])->code, ==, codes[i]);
    }
  g_assert_cmpuint (home->choices->len, ==, n);
  g_assert_null (sillok_province_lookup ("Pyongyang"));
  g_assert_null (sillok_province_lookup (""));
  g_assert_null (sillok_province_lookup ("seoul"));
  g_assert_null (sillok_province_lookup (NULL));
}

static void
test_texts (void)
{
  g_autoptr(SillokTemplate) t = shipped ();
  const SillokText *title = sillok_template_get_title (t);

  g_assert_cmpstr (sillok_text_get (title, "ko"), ==, "강제노동 증언");
  g_assert_cmpstr (sillok_text_get (title, "en"), ==, "Forced labour testimony");
  g_assert_cmpstr (sillok_text_get (title, "fr"), ==, "Forced labour testimony");
  g_assert_cmpstr (sillok_text_get (title, NULL), ==, "Forced labour testimony");
  g_assert_cmpstr (sillok_field_type_to_string (SILLOK_FIELD_PARTIAL_DATE), ==, "partial-date");
  g_assert_cmpstr (sillok_field_type_to_string (SILLOK_FIELD_SITES), ==, "sites");
  g_assert_cmpstr (sillok_sensitivity_to_string (SILLOK_SENSITIVITY_LEGAL), ==, "legal");
}

static void
copy_into (const char *src,
           const char *dir,
           const char *name)
{
  g_autoptr(GBytes) bytes = sillok_test_read_file (src);
  g_autofree char *dst = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (dst, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static void
test_installed (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("SILLOK_DATADIR"));
  g_autofree char *shipped_file = shipped_path ();
  g_autofree char *minimal = data_path ("good-minimal.json");
  g_autofree char *root = sillok_test_mkdtemp ();
  g_autofree char *dir = g_build_filename (root, "templates", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(SillokTemplate) found = NULL;

  /* The shipped folder: the forced-labour template. */
  all = sillok_template_list_installed (&error);
  g_assert_no_error (error);
  g_assert_nonnull (all);
  g_assert_cmpuint (all->len, >=, 1);
  found = sillok_template_find_installed ("forced-labour", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sillok_template_get_version (found), ==, 1);
  g_clear_pointer (&found, sillok_template_unref);
  g_clear_pointer (&all, g_ptr_array_unref);

  /* A folder of our own: two versions of one id, the shipped template,
   * and a file not named .json, which is not read. */
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  copy_into (shipped_file, dir, "forced-labour.json");
  copy_into (minimal, dir, "minimal.json");
  {
    g_autoptr(GBytes) bytes = sillok_test_read_file (minimal);
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_autofree char *path = g_build_filename (dir, "minimal-2.json", NULL);
    char *at = strstr (text, "\"version\": 1");

    g_assert_nonnull (at);
    at[strlen ("\"version\": ")] = '2';
    g_file_set_contents (path, text, -1, &error);
    g_assert_no_error (error);
  }
  {
    g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
    g_file_set_contents (path, "not a template", -1, &error);
    g_assert_no_error (error);
  }
  g_setenv ("SILLOK_DATADIR", root, TRUE);

  all = sillok_template_list_installed (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  found = sillok_template_find_installed ("minimal", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sillok_template_get_version (found), ==, 2);
  g_clear_pointer (&found, sillok_template_unref);
  found = sillok_template_find_installed ("minimal", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sillok_template_get_version (found), ==, 1);
  g_clear_pointer (&found, sillok_template_unref);

  found = sillok_template_find_installed ("minimal", 3, &error);
  g_assert_null (found);
  g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“minimal” version 3"));
  g_clear_error (&error);
  found = sillok_template_find_installed ("absent", 0, &error);
  g_assert_null (found);
  g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“absent”"));
  g_clear_error (&error);

  /* A broken template in the folder is named, not skipped silently. */
  {
    g_autofree char *bad = data_path ("bad-unknown-type.json");
    copy_into (bad, dir, "broken.json");
  }
  g_clear_pointer (&all, g_ptr_array_unref);
  all = sillok_template_list_installed (&error);
  g_assert_null (all);
  g_assert_error (error, SILLOK_TEMPLATE_ERROR, SILLOK_TEMPLATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "broken.json"));

  g_setenv ("SILLOK_DATADIR", saved, TRUE);
  sillok_test_rmtree (root);
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/template/shipped/loads", test_shipped_loads);
  g_test_add_func ("/template/shipped/digest", test_shipped_digest);
  g_test_add_func ("/template/bad", test_bad_templates);
  g_test_add_func ("/template/good", test_good_templates);
  g_test_add_func ("/template/hostile", test_hostile_templates);
  g_test_add_func ("/template/paths", test_paths);
  g_test_add_func ("/template/provinces", test_provinces);
  g_test_add_func ("/template/texts", test_texts);
  g_test_add_func ("/template/installed", test_installed);

  return g_test_run ();
}
