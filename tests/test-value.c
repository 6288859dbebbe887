/* test-value.c: field values — parsing, checking, showing, generalizing
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-template.h"
#include "sillok/sillok-value.h"
#include "sillok-test-utils.h"

static SillokTemplate  *shipped_template;
static SillokTemplate  *all_types;
static SillokTemplate  *unlimited;
static SillokGazetteer *gazetteer;

/* A template with an integer field without limits and a one-year band. */
static const char unlimited_json[] =
  "{\"id\":\"t\",\"version\":1,\"title\":{\"en\":\"T\",\"ko\":\"ㅌ\"},"
  "\"redacted\":{\"en\":\"[redacted]\",\"ko\":\"[삭제됨]\"},\"sections\":["
  "{\"id\":\"consent\",\"title\":{\"en\":\"C\",\"ko\":\"동\"},\"fields\":["
  "{\"id\":\"given\",\"type\":\"boolean\",\"label\":{\"en\":\"G\",\"ko\":\"동의\"},"
  "\"sensitivity\":\"open\",\"required\":true}]},"
  "{\"id\":\"s\",\"title\":{\"en\":\"S\",\"ko\":\"에스\"},\"fields\":["
  "{\"id\":\"n\",\"type\":\"integer\",\"label\":{\"en\":\"N\",\"ko\":\"엔\"},\"sensitivity\":\"open\"},"
  "{\"id\":\"y1\",\"type\":\"partial-date\",\"label\":{\"en\":\"Y\",\"ko\":\"와\"},\"sensitivity\":\"quasi\","
  "\"anonymize\":\"year-band:1\"},"
  "{\"id\":\"ym\",\"type\":\"partial-date\",\"label\":{\"en\":\"Y\",\"ko\":\"와\"},\"sensitivity\":\"quasi\","
  "\"anonymize\":\"year-month\"},"
  "{\"id\":\"sup\",\"type\":\"partial-date\",\"label\":{\"en\":\"Y\",\"ko\":\"와\"},\"sensitivity\":\"quasi\","
  "\"anonymize\":\"suppress\"}]}]}";

static SillokTemplateField *
field_of (SillokTemplate *t,
          const char     *path)
{
  g_autoptr(GError) error = NULL;
  SillokFieldPath fp;

  g_assert_true (sillok_template_parse_path (t, path, &fp, &error));
  g_assert_no_error (error);
  return fp.field;
}

static SillokTemplateField *
shipped (const char *path)
{
  return field_of (shipped_template, path);
}

static SillokTemplateField *
typed (const char *id)
{
  g_autofree char *path = g_strdup_printf ("things[0].%s", id);
  return field_of (all_types, path);
}

static char *
json_of (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  char *json = sillok_jcs_serialize (node, NULL, &error);

  g_assert_no_error (error);
  return json;
}

static JsonNode *
node_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = sillok_jcs_parse (json, strlen (json), NULL, SILLOK_JSON_PARSE_DEFAULT, &error);

  g_assert_no_error (error);
  return node;
}

/* @text parses to the stored form @json, which checks, and writes back as @text. */
static void
assert_parses (SillokTemplateField *field,
               const char          *text,
               const char          *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = sillok_value_parse (field, text, gazetteer, &error);
  g_autofree char *stored = NULL;
  g_autofree char *back = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *again_json = NULL;

  if (value == NULL)
    g_error ("%s: “%s” refused: %s", field->id, text, error->message);
  stored = json_of (value);
  g_assert_cmpstr (stored, ==, json);
  g_assert_true (sillok_value_check (field, value, &error));
  g_assert_no_error (error);
  back = sillok_value_to_text (field, value);
  again = sillok_value_parse (field, back, gazetteer, &error);
  g_assert_no_error (error);
  again_json = json_of (again);
  g_assert_cmpstr (again_json, ==, json);
}

static void
assert_refused (SillokTemplateField *field,
                const char          *text,
                const char          *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = sillok_value_parse (field, text, gazetteer, &error);

  if (value != NULL)
    {
      g_autofree char *json = json_of (value);
      g_error ("%s: “%s” accepted as %s", field->id, text, json);
    }
  g_assert_error (error, SILLOK_VALUE_ERROR, SILLOK_VALUE_ERROR_INVALID);
  if (message != NULL && strstr (error->message, message) == NULL)
    g_error ("%s: “%s”: “%s” does not say “%s”", field->id, text, error->message, message);
}

static void
assert_check (SillokTemplateField *field,
              const char          *json,
              gboolean             ok)
{
  g_autoptr(JsonNode) value = node_of (json);
  g_autoptr(GError) error = NULL;
  gboolean checked = sillok_value_check (field, value, &error);

  if (checked != ok)
    g_error ("%s: %s %s", field->id, json, ok ? error->message : "accepted");
  if (!ok)
    g_assert_error (error, SILLOK_VALUE_ERROR, SILLOK_VALUE_ERROR_INVALID);
}

static void
test_partial_dates (void)
{
  SillokTemplateField *f = shipped ("interviewee.birth_date");
  const char *good[] = { "1975", "1975-03", "1975-03-02", "1900", "2100", "1900-01-01", "2100-12-31",
                         "2000-02-29", "2024-02-29", "1996-02-29", "2023-02-28", "1975-04-30", "1975-12-31" };
  const char *bad[] = { "", "75", "197", "19750", "1899", "2101", "0000", "9999", "1975-00", "1975-13",
                        "1975-1", "1975-1-2", "1975-01-00", "1975-01-32", "1975-04-31", "1975-06-31",
                        "1900-02-29", "2100-02-29", "2023-02-29", "1975-02-30", " 1975", "1975 ", "1975/03",
                        "1975-03-02T10:00", "1975_03", "197a", "+975", "-975", "１９７５", "1975--3",
                        "1975-03-", "1975-03-2", "1975-3-02" };
  int y, m, d;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *json = g_strdup_printf ("\"%s\"", good[i]);
      assert_parses (f, good[i], json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf ("\"%s\"", bad[i]);

      assert_refused (f, bad[i], "is not a date written YYYY, YYYY-MM or YYYY-MM-DD between 1900 and 2100");
      assert_check (f, json, FALSE);
    }

  g_assert_true (sillok_partial_date_parse ("1975-03-02", &y, &m, &d));
  g_assert_cmpint (y, ==, 1975);
  g_assert_cmpint (m, ==, 3);
  g_assert_cmpint (d, ==, 2);
  g_assert_true (sillok_partial_date_parse ("1975-03", &y, &m, &d));
  g_assert_cmpint (m, ==, 3);
  g_assert_cmpint (d, ==, 0);
  g_assert_true (sillok_partial_date_parse ("1975", &y, &m, &d));
  g_assert_cmpint (m, ==, 0);

  assert_check (f, "1975", FALSE);
  assert_check (f, "[\"1975\"]", FALSE);
  assert_check (f, "true", FALSE);
}

static void
test_integers (void)
{
  SillokTemplateField *n = field_of (unlimited, "s.n");
  SillokTemplateField *hours = shipped ("episodes[0].hours_per_day");
  const char *bad[] = { "", "-", "+1", "01", "00", "-0", "-01", "1.0", "1e3", " 1", "1 ", "0x10", "1_000",
                        "9007199254740992", "-9007199254740992", "18446744073709551616",
                        "99999999999999999999999999", "１", "one" };

  assert_parses (n, "0", "0");
  assert_parses (n, "1", "1");
  assert_parses (n, "-1", "-1");
  assert_parses (n, "9007199254740991", "9007199254740991");
  assert_parses (n, "-9007199254740991", "-9007199254740991");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused (n, bad[i], "is not a whole number");

  /* What the JSON reader accepts but a value may not hold: |n| ≥ 2^53. */
  assert_check (n, "9007199254740991", TRUE);
  assert_check (n, "-9007199254740991", TRUE);
  assert_check (n, "9007199254740992", FALSE);
  assert_check (n, "-9007199254740992", FALSE);
  assert_check (n, "1.5", FALSE);
  assert_check (n, "\"1\"", FALSE);
  assert_check (n, "true", FALSE);

  /* The template's limits: 0 to 24 hours. */
  assert_parses (hours, "0", "0");
  assert_parses (hours, "24", "24");
  assert_refused (hours, "25", "25 is above the largest allowed, 24");
  assert_refused (hours, "-1", "-1 is below the smallest allowed, 0");
  assert_check (hours, "25", FALSE);
  assert_check (hours, "-1", FALSE);
  assert_check (hours, "12", TRUE);
}

static void
test_booleans (void)
{
  SillokTemplateField *f = shipped ("consent.given");
  const char *bad[] = { "", "True", "TRUE", "1", "0", "yes", "no", "t", " true", "true ", "null" };

  assert_parses (f, "true", "true");
  assert_parses (f, "false", "false");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused (f, bad[i], "is not true or false");
  assert_check (f, "\"true\"", FALSE);
  assert_check (f, "1", FALSE);
  assert_check (f, "[true]", FALSE);
}

static void
test_choices (void)
{
  SillokTemplateField *sex = shipped ("interviewee.sex");
  SillokTemplateField *country = shipped ("interview.country");

  assert_parses (sex, "female", "\"female\"");
  assert_parses (sex, "other", "\"other\"");
  assert_refused (sex, "Female", "is not one of the choices");
  assert_refused (sex, " female", "is not one of the choices");
  assert_refused (sex, "", "is not one of the choices");
  assert_refused (sex, "female,male", "is not one of the choices");
  assert_parses (country, "KR", "\"KR\"");
  assert_parses (country, "KP", "\"KP\"");
  assert_refused (country, "kr", "is not one of the choices");
  assert_refused (country, "XX", "is not one of the choices");
  assert_check (sex, "\"male\"", TRUE);
  assert_check (sex, "\"unknown\"", FALSE);
  assert_check (sex, "[\"male\"]", FALSE);
  assert_check (sex, "1", FALSE);
}

static void
test_multichoice (void)
{
  SillokTemplateField *f = shipped ("episodes[0].ilo_indicators");

  /* Stored in the template's order whatever the order typed. */
  assert_parses (f, "violence,deception", "[\"deception\",\"violence\"]");
  assert_parses (f, "deception,violence", "[\"deception\",\"violence\"]");
  assert_parses (f, " violence , deception ", "[\"deception\",\"violence\"]");
  assert_parses (f, "overtime", "[\"overtime\"]");
  assert_parses (f, "overtime,conditions,debt,wages,documents,threats,violence,isolation,movement,deception,"
                    "vulnerability",
                 "[\"vulnerability\",\"deception\",\"movement\",\"isolation\",\"violence\",\"threats\","
                 "\"documents\",\"wages\",\"debt\",\"conditions\",\"overtime\"]");
  assert_parses (f, "", "[]");
  assert_refused (f, "violence,violence", "“violence” is given twice");
  assert_refused (f, "violence, violence", "“violence” is given twice");
  assert_refused (f, "violence,,deception", "“” is not one of the choices");
  assert_refused (f, "violence,", "“” is not one of the choices");
  assert_refused (f, "Violence", "“Violence” is not one of the choices");
  assert_refused (f, "violence;deception", "is not one of the choices");

  assert_check (f, "[]", TRUE);
  assert_check (f, "[\"deception\",\"violence\"]", TRUE);
  assert_check (f, "[\"violence\",\"deception\"]", FALSE);
  assert_check (f, "[\"violence\",\"violence\"]", FALSE);
  assert_check (f, "[\"violence\",\"beatings\"]", FALSE);
  assert_check (f, "[\"violence\",1]", FALSE);
  assert_check (f, "\"violence\"", FALSE);

  {
    g_autoptr(JsonNode) v = node_of ("[\"deception\",\"violence\"]");
    g_autofree char *text = sillok_value_to_text (f, v);
    g_autofree char *en = sillok_value_display (f, v, "en");
    g_autofree char *ko = sillok_value_display (f, v, "ko");

    g_assert_cmpstr (text, ==, "deception,violence");
    g_assert_cmpstr (en, ==, "Deception, Physical and sexual violence");
    g_assert_cmpstr (ko, ==, "기만, 신체적·성적 폭력");
  }
}

static void
test_places (void)
{
  SillokTemplateField *f = typed ("pl");
  g_autoptr(JsonNode) v = NULL;
  g_autoptr(JsonNode) anon = NULL;
  g_autofree char *en = NULL;
  g_autofree char *ko = NULL;
  g_autofree char *anon_json = NULL;

  assert_parses (f, "north-hamgyong", "[\"north-hamgyong\"]");
  assert_parses (f, "north-hamgyong:Musan county", "[\"north-hamgyong\",\"Musan county\"]");
  assert_parses (f, "north-hamgyong: 무산군 ", "[\"north-hamgyong\",\"무산군\"]");
  assert_parses (f, "north-hamgyong:", "[\"north-hamgyong\"]");
  assert_parses (f, "north-hamgyong:  ", "[\"north-hamgyong\"]");
  assert_parses (f, "unknown:Somewhere: near the river", "[\"unknown\",\"Somewhere: near the river\"]");
  assert_refused (f, "seoul", "“seoul” is not a province code");
  assert_refused (f, ":Musan", "“” is not a province code");
  assert_refused (f, "", "“” is not a province code");
  assert_refused (f, "North-Hamgyong:Musan", "is not a province code");
  assert_refused (f, "north-hamgyong:Musan\ncounty", "a line break in a one-line field");

  assert_check (f, "[\"north-hamgyong\"]", TRUE);
  assert_check (f, "[\"north-hamgyong\",\"Musan\"]", TRUE);
  assert_check (f, "[\"seoul\"]", FALSE);
  assert_check (f, "[]", FALSE);
  assert_check (f, "[\"north-hamgyong\",\"a\",\"b\"]", FALSE);
  assert_check (f, "[\"north-hamgyong\",1]", FALSE);
  assert_check (f, "\"north-hamgyong\"", FALSE);
  /* What parsing never builds: an empty or untrimmed free text. */
  assert_check (f, "[\"north-hamgyong\",\"\"]", FALSE);
  assert_check (f, "[\"north-hamgyong\",\" Musan\"]", FALSE);
  assert_check (f, "[\"north-hamgyong\",\"Musan \"]", FALSE);

  v = node_of ("[\"north-hamgyong\",\"Musan county\"]");
  en = sillok_value_display (f, v, "en");
  ko = sillok_value_display (f, v, "ko");
  g_assert_cmpstr (en, ==, "Musan county, North Hamgyong");
  g_assert_cmpstr (ko, ==, "Musan county, 함경북도");
  anon = sillok_value_anonymize (f, v);
  anon_json = json_of (anon);
  g_assert_cmpstr (anon_json, ==, "\"north-hamgyong\"");
}

static void
test_sites (void)
{
  SillokTemplateField *f = shipped ("episodes[0].site");
  g_autoptr(GError) error = NULL;

  assert_parses (f, "musan-mine", "[\"musan-mine\",\"Musan Mine\",\"무산광산\"]");
  assert_parses (f, "jiktong-youth-coal-mine", "[\"jiktong-youth-coal-mine\",\"2.8 Jiktong Youth Coal Mine\","
                                               "\"2.8직동청년탄광\"]");
  assert_parses (f, "a coal mine near Hoeryong", "[\"a coal mine near Hoeryong\"]");
  assert_parses (f, "회령 근처 탄광", "[\"회령 근처 탄광\"]");
  /* An id only counts as written: anything else is free text. */
  assert_parses (f, "Musan-Mine", "[\"Musan-Mine\"]");
  assert_refused (f, "a mine\nsomewhere", "a line break in a one-line field");
  assert_refused (f, "", NULL);
  assert_refused (f, "   ", NULL);

  /* Without a gazetteer every site is free text. */
  {
    g_autoptr(JsonNode) v = sillok_value_parse (f, "musan-mine", NULL, &error);
    g_autofree char *json = json_of (v);

    g_assert_no_error (error);
    g_assert_cmpstr (json, ==, "[\"musan-mine\"]");
  }

  assert_check (f, "[\"musan-mine\",\"Musan Mine\",\"무산광산\"]", TRUE);
  assert_check (f, "[\"free text\"]", TRUE);
  assert_check (f, "[\"musan-mine\",\"Musan Mine\"]", FALSE);
  assert_check (f, "[\"a\",\"b\",\"c\",\"d\"]", FALSE);
  assert_check (f, "[]", FALSE);
  assert_check (f, "[\"\"]", FALSE);
  assert_check (f, "[\"a\\nb\"]", FALSE);
  assert_check (f, "\"musan-mine\"", FALSE);

  {
    g_autoptr(JsonNode) v = node_of ("[\"musan-mine\",\"Musan Mine\",\"무산광산\"]");
    g_autoptr(JsonNode) free_text = node_of ("[\"a mine\"]");
    g_autofree char *en = sillok_value_display (f, v, "en");
    g_autofree char *ko = sillok_value_display (f, v, "ko");
    g_autofree char *text = sillok_value_to_text (f, v);
    g_autofree char *shown = sillok_value_display (f, free_text, "ko");

    g_assert_cmpstr (en, ==, "Musan Mine");
    g_assert_cmpstr (ko, ==, "무산광산");
    g_assert_cmpstr (text, ==, "musan-mine");
    g_assert_cmpstr (shown, ==, "a mine");
  }
}

static char *
repeat_string (const char *unit,
               guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_texts (void)
{
  SillokTemplateField *text = shipped ("interviewee.name");
  SillokTemplateField *longtext = shipped ("episodes[0].narrative");
  SillokTemplateField *limited = typed ("t");
  g_autofree char *max = repeat_string ("김", SILLOK_VALUE_TEXT_MAX);
  g_autofree char *over = repeat_string ("a", SILLOK_VALUE_TEXT_MAX + 1);
  g_autofree char *long_max = repeat_string ("광", SILLOK_VALUE_LONGTEXT_MAX);
  g_autofree char *long_over = repeat_string ("a", SILLOK_VALUE_LONGTEXT_MAX + 1);
  g_autofree char *two_hundred = repeat_string ("철", 200);
  g_autofree char *two_hundred_one = repeat_string ("a", 201);
  const char *controls[] = { "a\001b", "a\033[31mb", "a\177b", "a\bb", "a\rb", "a\302\205b", "a\302\233b" };
  const char *line_breaks[] = { "a\nb", "a\342\200\250b", "a\342\200\251b" };

  assert_parses (text, "김철수", "\"김철수\"");
  assert_parses (text, "Kim Chol-su", "\"Kim Chol-su\"");
  assert_parses (text, "a\tb", "\"a\\tb\"");
  assert_parses (text, " spaces kept ", "\" spaces kept \"");
  /* Limits count characters, not bytes. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) v = sillok_value_parse (text, max, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (v);
  }
  assert_refused (text, over, "the text is longer than 2000 characters");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) v = sillok_value_parse (longtext, long_max, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (v);
  }
  assert_refused (longtext, long_over, "the text is longer than 200000 characters");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) v = sillok_value_parse (limited, two_hundred, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (v);
  }
  assert_refused (limited, two_hundred_one, "the text is longer than 200 characters");

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      assert_refused (text, controls[i], "a control character in the text");
      assert_refused (longtext, controls[i], "a control character in the text");
    }
  for (guint i = 0; i < G_N_ELEMENTS (line_breaks); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) v = NULL;

      assert_refused (text, line_breaks[i], "a line break in a one-line field");
      v = sillok_value_parse (longtext, line_breaks[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (v);
    }
  assert_refused (text, "a\377b", "the text is not valid UTF-8");
  assert_refused (longtext, "\300\200", "the text is not valid UTF-8");

  assert_check (text, "\"x\"", TRUE);
  assert_check (text, "\"a\\nb\"", FALSE);
  assert_check (text, "\"a\\u0001b\"", FALSE);
  assert_check (text, "\"a\\u2028b\"", FALSE);
  assert_check (text, "1", FALSE);
  assert_check (text, "[\"x\"]", FALSE);
  assert_check (longtext, "\"a\\nb\"", TRUE);
  assert_check (longtext, "\"a\\u001bb\"", FALSE);
  assert_check (longtext, "\"a\\u0085b\"", FALSE);
}

static void
test_display (void)
{
  SillokTemplateField *given = shipped ("consent.given");
  SillokTemplateField *sex = shipped ("interviewee.sex");
  SillokTemplateField *date = shipped ("interview.date");
  SillokTemplateField *hours = shipped ("episodes[0].hours_per_day");
  g_autoptr(JsonNode) yes = node_of ("true");
  g_autoptr(JsonNode) no = node_of ("false");
  g_autoptr(JsonNode) female = node_of ("\"female\"");
  g_autoptr(JsonNode) day = node_of ("\"2024-05-01\"");
  g_autoptr(JsonNode) twelve = node_of ("12");
  struct { SillokTemplateField *field; JsonNode *value; const char *language; const char *shown; } cases[] = {
    { given, yes, "en", "yes" },
    { given, no, "en", "no" },
    { sex, female, "en", "Female" },
    { sex, female, "ko", "여성" },
    { date, day, "ko", "2024-05-01" },
    { hours, twelve, "en", "12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = sillok_value_display (cases[i].field, cases[i].value, cases[i].language);
      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

static void
assert_anonymized (SillokTemplateField *field,
                   const char          *value_json,
                   const char          *anon_json)
{
  g_autoptr(JsonNode) value = node_of (value_json);
  g_autoptr(JsonNode) anon = sillok_value_anonymize (field, value);

  if (anon_json == NULL)
    {
      if (anon != NULL)
        {
          g_autofree char *json = json_of (anon);
          g_error ("%s: %s left as %s", field->id, value_json, json);
        }
      return;
    }
  g_assert_nonnull (anon);
  {
    g_autofree char *json = json_of (anon);
    g_assert_cmpstr (json, ==, anon_json);
  }
}

static void
test_anonymize (void)
{
  SillokTemplateField *birth = shipped ("interviewee.birth_date");
  SillokTemplateField *left = shipped ("interviewee.left_dprk");
  SillokTemplateField *interview = shipped ("interview.date");
  SillokTemplateField *home = shipped ("interviewee.home_province");
  SillokTemplateField *sex = shipped ("interviewee.sex");
  SillokTemplateField *occupation = shipped ("interviewee.occupation");
  SillokTemplateField *city = shipped ("interview.city");

  /* year-band:5 */
  assert_anonymized (birth, "\"1977-03-02\"", "\"1975-1979\"");
  assert_anonymized (birth, "\"1975\"", "\"1975-1979\"");
  assert_anonymized (birth, "\"1979-12-31\"", "\"1975-1979\"");
  assert_anonymized (birth, "\"1980-01\"", "\"1980-1984\"");
  assert_anonymized (birth, "\"1900\"", "\"1900-1904\"");
  assert_anonymized (birth, "\"2100-12-31\"", "\"2100-2104\"");
  /* year-band:100, year-band:1 */
  assert_anonymized (typed ("d1"), "\"1977-03-02\"", "\"1900-1999\"");
  assert_anonymized (typed ("d1"), "\"2000\"", "\"2000-2099\"");
  assert_anonymized (field_of (unlimited, "s.y1"), "\"1977-03-02\"", "\"1977\"");
  /* year */
  assert_anonymized (left, "\"2010-08-15\"", "\"2010\"");
  assert_anonymized (left, "\"2010-08\"", "\"2010\"");
  assert_anonymized (left, "\"2010\"", "\"2010\"");
  /* year-month: a bare year stays a year */
  assert_anonymized (interview, "\"2024-05-01\"", "\"2024-05\"");
  assert_anonymized (interview, "\"2024-05\"", "\"2024-05\"");
  assert_anonymized (interview, "\"2024\"", "\"2024\"");
  /* province (a choice among province codes, and a place) */
  assert_anonymized (home, "\"north-hamgyong\"", "\"north-hamgyong\"");
  assert_anonymized (typed ("prov"), "\"unknown\"", "\"unknown\"");
  assert_anonymized (typed ("pl"), "[\"ryanggang\",\"Hyesan, near the station\"]", "\"ryanggang\"");
  assert_anonymized (typed ("pl"), "[\"ryanggang\"]", "\"ryanggang\"");
  /* keep */
  assert_anonymized (sex, "\"female\"", "\"female\"");
  assert_anonymized (typed ("yes"), "true", "true");
  assert_anonymized (typed ("c"), "\"GB\"", "\"GB\"");
  /* suppress: nothing leaves */
  assert_anonymized (occupation, "\"miner\"", NULL);
  assert_anonymized (city, "\"Seoul\"", NULL);
  assert_anonymized (typed ("s"), "[\"musan-mine\",\"Musan Mine\",\"무산광산\"]", NULL);
  assert_anonymized (field_of (unlimited, "s.sup"), "\"1977-03-02\"", NULL);
  /* not quasi: no generalized form (open values leave whole, the others never) */
  assert_anonymized (shipped ("interviewee.name"), "\"김철수\"", NULL);
  assert_anonymized (shipped ("episodes[0].site_type"), "\"coal-mine\"", NULL);
  assert_anonymized (shipped ("perpetrators[0].name"), "\"박 소좌\"", NULL);
  assert_anonymized (shipped ("consent.given"), "true", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *all_types_path = NULL;
  int status;

  sillok_test_init (&argc, &argv);

  shipped_template = sillok_template_find_installed ("forced-labour", 1, &error);
  g_assert_no_error (error);
  all_types_path = g_test_build_filename (G_TEST_DIST, "data", "templates", "good-all-types.json", NULL);
  all_types = sillok_template_new_from_file (all_types_path, &error);
  g_assert_no_error (error);
  unlimited = sillok_template_new_from_data (unlimited_json, strlen (unlimited_json), &error);
  g_assert_no_error (error);
  gazetteer = sillok_gazetteer_load_installed (&error);
  g_assert_no_error (error);

  g_test_add_func ("/value/partial-date", test_partial_dates);
  g_test_add_func ("/value/integer", test_integers);
  g_test_add_func ("/value/boolean", test_booleans);
  g_test_add_func ("/value/choice", test_choices);
  g_test_add_func ("/value/multichoice", test_multichoice);
  g_test_add_func ("/value/place", test_places);
  g_test_add_func ("/value/sites", test_sites);
  g_test_add_func ("/value/text", test_texts);
  g_test_add_func ("/value/display", test_display);
  g_test_add_func ("/value/anonymize", test_anonymize);

  status = g_test_run ();
  sillok_gazetteer_unref (gazetteer);
  sillok_template_unref (unlimited);
  sillok_template_unref (all_types);
  sillok_template_unref (shipped_template);
  return status;
}
