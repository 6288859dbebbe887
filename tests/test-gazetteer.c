/* test-gazetteer.c: the site gazetteer — the shipped list, search, and a strict reader
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-value.h"
#include "sillok-test-utils.h"

static SillokGazetteer *
installed (void)
{
  g_autoptr(GError) error = NULL;
  SillokGazetteer *g = sillok_gazetteer_load_installed (&error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  return g;
}

static void
test_shipped (void)
{
  g_autoptr(SillokGazetteer) g = installed ();
  g_autoptr(SillokTemplate) t = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *sites = sillok_gazetteer_get_sites (g);
  const char *ids[] = { "kwanliso-14-kaechon", "kwanliso-15-yodok", "kwanliso-16-hwasong", "kwanliso-18-pukchang",
                        "kwanliso-25-chongjin", "musan-mine", "komdok-mine", "ryongyang-mine",
                        "hyesan-youth-copper-mine", "jiktong-youth-coal-mine", "anju-coal-complex",
                        "tokchon-coal-complex" };
  SillokFieldPath fp;

  g_assert_cmpuint (sites->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_true (sillok_gazetteer_lookup (g, ids[i]) == sites->pdata[i]);
  g_assert_null (sillok_gazetteer_lookup (g, "Musan-Mine"));
  g_assert_null (sillok_gazetteer_lookup (g, ""));
  {
    const SillokSite *musan = sillok_gazetteer_lookup (g, "musan-mine");

    g_assert_cmpstr (musan->name.en, ==, "Musan Mine");
    g_assert_cmpstr (musan->name.ko, ==, "무산광산");
    g_assert_cmpstr (musan->province, ==, "north-hamgyong");
    g_assert_cmpstr (musan->site_type, ==, "iron-mine");
  }

  /* Every entry makes a value a record can store, with the template's codes. */
  t = sillok_template_find_installed ("forced-labour", 1, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_template_parse_path (t, "episodes[0].site", &fp, &error));
  for (guint i = 0; i < sites->len; i++)
    {
      SillokSite *site = sites->pdata[i];
      SillokTemplateField *site_type = sillok_template_section_get_field (fp.section, "site_type");
      SillokTemplateField *category = sillok_template_section_get_field (fp.section, "category");
      SillokTemplateField *commodity = sillok_template_section_get_field (fp.section, "commodity");
      g_autoptr(JsonNode) v = sillok_value_parse (fp.field, site->id, g, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (v)), ==, 3);
      g_assert_true (sillok_value_check (fp.field, v, &error));
      g_assert_no_error (error);
      g_assert_nonnull (sillok_template_field_get_choice (site_type, site->site_type));
      g_assert_true (site->category == NULL || sillok_template_field_get_choice (category, site->category) != NULL);
      for (guint c = 0; site->commodities[c] != NULL; c++)
        g_assert_nonnull (sillok_template_field_get_choice (commodity, site->commodities[c]));
    }
}

static gboolean
found (GPtrArray  *list,
       const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (((SillokSite *) list->pdata[i])->id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
test_search (void)
{
  g_autoptr(SillokGazetteer) g = installed ();
  struct { const char *query; const char *id; } hits[] = {
    { "musan", "musan-mine" },
    { "MUSAN MINE", "musan-mine" },
    { "무산", "musan-mine" },
    { "camp14", "kwanliso-14-kaechon" },
    { "Camp 14", "kwanliso-14-kaechon" },
    { "요덕", "kwanliso-15-yodok" },
    { "yoduk", "kwanliso-15-yodok" },
    { "직동", "jiktong-youth-coal-mine" },
    { "hyesan-youth", "hyesan-youth-copper-mine" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (hits); i++)
    {
      g_autoptr(GPtrArray) list = sillok_gazetteer_search (g, hits[i].query);

      if (!found (list, hits[i].id))
        g_error ("“%s” does not find %s", hits[i].query, hits[i].id);
    }
  {
    g_autoptr(GPtrArray) none = sillok_gazetteer_search (g, "zzyzx");
    g_autoptr(GPtrArray) all = sillok_gazetteer_search (g, "");

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (all->len, ==, sillok_gazetteer_get_sites (g)->len);
  }
  /* The gazetteer's order is kept. */
  {
    g_autoptr(GPtrArray) camps = sillok_gazetteer_search (g, "kwanliso");

    g_assert_cmpuint (camps->len, ==, 5);
    g_assert_cmpstr (((SillokSite *) camps->pdata[0])->id, ==, "kwanliso-14-kaechon");
    g_assert_cmpstr (((SillokSite *) camps->pdata[4])->id, ==, "kwanliso-25-chongjin");
  }
}

#define SITE(extra) "{\"id\":\"a-mine\",\"name\":{\"en\":\"A Mine\",\"ko\":\"가광산\"},\"site_type\":\"coal-mine\"," \
                    "\"province\":\"chagang\",\"sources\":\"a report\"" extra "}"
#define GAZ(sites) "{\"format\":\"sillok-gazetteer/1\",\"version\":1,\"sites\":[" sites "]}"

static void
test_strict (void)
{
  const char *good[] = {
    GAZ (""),
    GAZ (SITE ("")),
    GAZ (SITE (",\"aliases\":[\"A\",\"에이\"],\"category\":\"kwanliso\",\"commodities\":[\"coal\"]")),
  };
  struct { const char *json; const char *message; } bad[] = {
    { "", NULL },
    { "[]", "not a sillok-gazetteer/1 file" },
    { "{\"format\":\"sillok-gazetteer/2\",\"version\":1,\"sites\":[]}", "not a sillok-gazetteer/1 file" },
    { "{\"format\":\"sillok-gazetteer/1\",\"sites\":[]}", "“version”" },
    { "{\"format\":\"sillok-gazetteer/1\",\"version\":0,\"sites\":[]}", "“version”" },
    { "{\"format\":\"sillok-gazetteer/1\",\"version\":1}", "no list of sites" },
    { "{\"format\":\"sillok-gazetteer/1\",\"version\":1,\"sites\":[],\"extra\":1}", "an unknown member" },
    { GAZ ("1"), "a site is not an object" },
    { GAZ (SITE (",\"colour\":\"red\"")), "an unknown member" },
    { GAZ (SITE ("") "," SITE ("")), "the id appears twice" },
    { GAZ ("{\"id\":\"Musan\",\"name\":{\"en\":\"M\",\"ko\":\"무\"},\"site_type\":\"x\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "a site id" },
    { GAZ ("{\"id\":\"musan\\n\",\"name\":{\"en\":\"M\",\"ko\":\"무\"},\"site_type\":\"x\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "a site id" },
    { GAZ ("{\"id\":\"musan_mine\",\"name\":{\"en\":\"M\",\"ko\":\"무\"},\"site_type\":\"x\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "a site id" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\"M\\nN\",\"ko\":\"무\"},\"site_type\":\"x\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "one line" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\" M\",\"ko\":\"무\"},\"site_type\":\"x\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "one line" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\"M\",\"ko\":\"\"},\"site_type\":\"x\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "one line" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\"M\"},\"site_type\":\"x\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "English and Korean" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\"M\",\"ko\":\"무\",\"EN\":\"M\"},\"site_type\":\"x\","
           "\"province\":\"chagang\",\"sources\":\"s\"}"), "language" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\"M\",\"ko\":\"무\"},\"site_type\":\"x\",\"province\":\"seoul\","
           "\"sources\":\"s\"}"), "province" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\"M\",\"ko\":\"무\"},\"site_type\":\"Coal\",\"province\":\"chagang\","
           "\"sources\":\"s\"}"), "site type" },
    { GAZ ("{\"id\":\"m\",\"name\":{\"en\":\"M\",\"ko\":\"무\"},\"site_type\":\"x\",\"province\":\"chagang\"}"),
      "no sources" },
    { GAZ (SITE (",\"aliases\":\"A\"")), "lists of strings" },
    { GAZ (SITE (",\"aliases\":[1]")), "lists of strings" },
    { GAZ (SITE (",\"aliases\":[\"\"]")), "an alias" },
    { GAZ (SITE (",\"commodities\":[\"Coal\"]")), "commodity" },
    { GAZ (SITE (",\"category\":\"\"")), "category" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokGazetteer) g = sillok_gazetteer_new_from_data (good[i], strlen (good[i]), &error);

      g_assert_no_error (error);
      g_assert_nonnull (g);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokGazetteer) g = sillok_gazetteer_new_from_data (bad[i].json, strlen (bad[i].json), &error);

      if (g != NULL)
        g_error ("accepted: %s", bad[i].json);
      g_assert_error (error, SILLOK_GAZETTEER_ERROR, SILLOK_GAZETTEER_ERROR_INVALID);
      if (bad[i].message != NULL && strstr (error->message, bad[i].message) == NULL)
        g_error ("%s: “%s” does not say “%s”", bad[i].json, error->message, bad[i].message);
    }
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/gazetteer/shipped", test_shipped);
  g_test_add_func ("/gazetteer/search", test_search);
  g_test_add_func ("/gazetteer/strict", test_strict);

  return g_test_run ();
}
