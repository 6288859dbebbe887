/* sillok-bench-records.c: creating, sealing, searching and listing many records
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: sillok-bench-records [--records N] [--queries N] [--kdf PRESET] [--keep DIR]
 *                             [--bundles N --recipient AGE --bundles-out DIR]
 *
 * Creates a vault in a temporary folder and fills it with N interviews of
 * the forced-labour template (deterministic Korean and English text: sites
 * of the gazetteer, narratives of a few hundred characters), each created
 * with its values in one call and then sealed.  Prints records per second
 * for both, the latency of searches (first page of 50, and every match),
 * and the time from opening the vault to the first page of the list.
 * With --bundles, the sealed records are then exported in N bundles of
 * equal size to DIR (bundle-001.sillok, …), for bench/import-scale.sh.
 */
#include "sillok-config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sodium.h>
#include <stdlib.h>

#include "sillok/sillok.h"
#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-export.h"
#include "sillok/sillok-record.h"
#include "sillok-fs.h"
#include "sillok-keyslots.h"

#define PAGE 50

static const char *surnames_ko[] = { "김", "리", "박", "최", "정", "강", "조", "윤", "장", "한", "오", "서", "신", "권",
                                     "황", "안", "송", "전", "홍", "류" };
static const char *surnames_en[] = { "Kim", "Ri", "Pak", "Choe", "Jong", "Kang", "Jo", "Yun", "Jang", "Han", "O", "So",
                                     "Sin", "Kwon", "Hwang", "An", "Song", "Jon", "Hong", "Ryu" };
static const char *given_ko[] = { "철", "수", "영", "호", "명", "길", "순", "희", "광", "남", "성", "민", "혁", "진", "은",
                                  "경", "옥", "금", "춘", "일" };
static const char *given_en[] = { "chol", "su", "yong", "ho", "myong", "gil", "sun", "hui", "gwang", "nam", "song", "min",
                                  "hyok", "jin", "un", "gyong", "ok", "gum", "chun", "il" };
static const char *counties[] = { "회령시", "무산군", "청진시", "함흥시", "단천시", "혜산시", "온성군", "김책시", "개천시",
                                  "덕천시", "북창군", "요덕군" };
static const char *provinces[] = { "north-hamgyong", "south-hamgyong", "ryanggang", "south-pyongan", "north-pyongan",
                                   "chagang", "kangwon", "pyongyang" };
static const char *free_sites[] = { "회령 인근 벌목장", "단천 마그네사이트 광산", "청진 교화소 작업장", "혜산 농장",
                                    "고원 탄광 3갱", "김책제철소 건설장", "Logging camp near Hoeryong",
                                    "Brick factory outside Hamhung" };
static const char *site_types[] = { "coal-mine", "iron-mine", "copper-mine", "gold-mine", "zinc-lead-mine",
                                    "magnesite-mine", "logging", "construction", "farm", "factory" };
static const char *categories[] = { "kwanliso", "kyohwaso", "rodong-dallyondae", "jipkyulso", "dolgyeokdae", "soldier",
                                    "enterprise-worker", "student-mobilization" };
static const char *organs[] = { "mss", "mps", "mining-ministry", "army", "party", "enterprise", "unknown" };
static const char *ilo[] = { "vulnerability", "deception", "movement", "isolation", "violence", "threats", "documents",
                             "wages", "debt", "conditions", "overtime" };
static const char *countries[] = { "KR", "KR", "KR", "CN", "TH", "MN", "RU" };
static const char *foods[] = { "옥수수 죽 하루 두 끼", "감자 세 알", "강냉이밥 한 그릇", "소금국과 옥수수",
                               "Corn gruel twice a day", "Nothing but boiled cabbage" };
static const char *sentences[] = {
  "광산에서 하루 열네 시간 일했습니다. ",
  "탄광 갱도가 자주 무너졌고 동료들이 다쳤습니다. ",
  "노동단련대에서 석 달을 보냈습니다. ",
  "보위원이 할당량을 채우지 못한 사람들을 때렸습니다. ",
  "배급은 옥수수 300그램뿐이었고 임금은 한 번도 받지 못했습니다. ",
  "석탄은 밤마다 트럭에 실려 중국으로 갔습니다. ",
  "갱도 안에는 환기 장치가 없어서 숨 쉬기 어려웠습니다. ",
  "도망치다 잡힌 사람은 독방에 갇혔습니다. ",
  "작업반장은 매일 아침 노동 정량을 발표했습니다. ",
  "We worked in the mine from dawn until late at night. ",
  "The coal went to Chinese trucks waiting at the border. ",
  "Guards beat those who missed the daily quota. ",
  "Ore from the pit was loaded onto trains after dark. ",
  "Nobody was paid; the food ration was cut when we fell ill. ",
  "마그네사이트 가루 때문에 기침이 멈추지 않았습니다. ",
  "아연 광석을 등짐으로 날랐습니다. ",
};
static const char *acts[] = { "구타와 협박", "배급을 끊음", "독방 감금을 명령함", "Beat workers with a shovel handle",
                              "Forced us to work through the night" };

typedef struct
{
  GRand     *rand;
  GPtrArray *sites;   /* SillokSite of the gazetteer */
} Generator;

static const char *
pick (Generator   *g,
      const char **items,
      guint        n)
{
  return items[g_rand_int_range (g->rand, 0, n)];
}

#define PICK(g, array) pick ((g), (array), G_N_ELEMENTS (array))

static char *
korean_name (Generator *g,
             char     **latin)
{
  guint s = g_rand_int_range (g->rand, 0, G_N_ELEMENTS (surnames_ko));
  guint a = g_rand_int_range (g->rand, 0, G_N_ELEMENTS (given_ko));
  guint b = g_rand_int_range (g->rand, 0, G_N_ELEMENTS (given_ko));

  if (latin != NULL)
    *latin = g_strdup_printf ("%s %c%s-%s", surnames_en[s], g_ascii_toupper (given_en[a][0]), given_en[a] + 1,
                              given_en[b]);
  return g_strconcat (surnames_ko[s], given_ko[a], given_ko[b], NULL);
}

static char *
narrative (Generator  *g,
           const char *name,
           const char *site)
{
  GString *s = g_string_new (NULL);
  guint n = g_rand_int_range (g->rand, 4, 9);

  for (guint i = 0; i < n; i++)
    {
      g_string_append (s, PICK (g, sentences));
      if (i == 1)
        g_string_append_printf (s, "%s와 함께 %s에서 일했습니다. ", name, site);
    }
  return g_string_free (s, FALSE);
}

static char *
date_between (Generator *g,
              int        from,
              int        to,
              gboolean   day)
{
  int y = g_rand_int_range (g->rand, from, to + 1), m = g_rand_int_range (g->rand, 1, 13);

  return day ? g_strdup_printf ("%04d-%02d-%02d", y, m, g_rand_int_range (g->rand, 1, 29))
             : g_strdup_printf ("%04d-%02d", y, m);
}

/* PATH=VALUE assignments of one interview. */
static GStrv
interview (Generator *g)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autofree char *latin = NULL;
  g_autofree char *name = korean_name (g, &latin);
  g_autofree char *date = date_between (g, 2015, 2025, TRUE);
  g_autofree char *birth = date_between (g, 1950, 2000, FALSE);
  guint episodes = g_rand_int_range (g->rand, 1, 4);
  guint perpetrators = g_rand_int_range (g->rand, 0, 3);

#define ADD(...) G_STMT_START { g_autofree char *a_ = g_strdup_printf (__VA_ARGS__); g_strv_builder_add (b, a_); } G_STMT_END
  ADD ("interview.date=%s", date);
  ADD ("interview.country=%s", PICK (g, countries));
  ADD ("interview.language=%s", g_rand_int_range (g->rand, 0, 5) == 0 ? "en" : "ko");
  ADD ("interview.interpreter=%s", g_rand_boolean (g->rand) ? "true" : "false");
  ADD ("consent.given=true");
  ADD ("consent.share_coordinators=true");
  ADD ("consent.share_legal=%s", g_rand_boolean (g->rand) ? "true" : "false");
  ADD ("interviewee.name=%s", name);
  ADD ("interviewee.aliases=%s", latin);
  ADD ("interviewee.home_county=%s", PICK (g, counties));
  ADD ("interviewee.birth_date=%s", birth);
  ADD ("interviewee.sex=%s", g_rand_boolean (g->rand) ? "female" : "male");
  ADD ("interviewee.home_province=%s", PICK (g, provinces));
  for (guint e = 0; e < episodes; e++)
    {
      const SillokSite *known = g_rand_int_range (g->rand, 0, 3) > 0
                                ? g->sites->pdata[g_rand_int_range (g->rand, 0, g->sites->len)] : NULL;
      const char *site = known != NULL ? known->id : PICK (g, free_sites);
      int from = g_rand_int_range (g->rand, 1980, 2015);
      g_autofree char *text = narrative (g, name, known != NULL ? known->name.ko : site);
      GString *indicators = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (ilo); i++)
        if (g_rand_int_range (g->rand, 0, 3) == 0)
          g_string_append_printf (indicators, "%s%s", indicators->len > 0 ? "," : "", ilo[i]);
      ADD ("episodes[%u].site=%s", e, site);
      ADD ("episodes[%u].site_type=%s", e, PICK (g, site_types));
      ADD ("episodes[%u].province=%s", e, PICK (g, provinces));
      ADD ("episodes[%u].category=%s", e, PICK (g, categories));
      ADD ("episodes[%u].organ=%s", e, PICK (g, organs));
      ADD ("episodes[%u].from=%d", e, from);
      ADD ("episodes[%u].to=%d", e, from + g_rand_int_range (g->rand, 0, 6));
      ADD ("episodes[%u].hours_per_day=%d", e, g_rand_int_range (g->rand, 8, 17));
      ADD ("episodes[%u].food=%s", e, PICK (g, foods));
      ADD ("episodes[%u].narrative=%s", e, text);
      ADD ("episodes[%u].ilo_indicators=%s", e, indicators->str);
      g_string_free (indicators, TRUE);
    }
  for (guint p = 0; p < perpetrators; p++)
    {
      g_autofree char *perp = korean_name (g, NULL);

      ADD ("perpetrators[%u].organ=%s", p, PICK (g, organs));
      ADD ("perpetrators[%u].name=%s", p, perp);
      ADD ("perpetrators[%u].acts=%s. %s", p, PICK (g, acts), perp);
    }
#undef ADD
  return g_strv_builder_end (b);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The value below which @fraction of @values lie (nearest rank). */
static double
percentile (GArray *values,
            double  fraction)
{
  guint rank;

  g_array_sort (values, compare_doubles);
  rank = (guint) (fraction * values->len + 0.999999);
  return g_array_index (values, double, CLAMP (rank, 1, values->len) - 1);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  int records = 10000, queries = 100;
  g_autofree char *kdf = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *bundles_out = NULL;
  int bundles = 0;
  GOptionEntry entries[] = {
    { "bundles", 0, 0, G_OPTION_ARG_INT, &bundles, "Export the records in N bundles", "N" },
    { "recipient", 0, 0, G_OPTION_ARG_STRING, &recipient, "Age recipient of the bundles", "AGE" },
    { "bundles-out", 0, 0, G_OPTION_ARG_FILENAME, &bundles_out, "Folder of the bundles", "DIR" },
    { "records", 0, 0, G_OPTION_ARG_INT, &records, "Number of records (default 10000)", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &queries, "Number of timed searches (default 100)", "N" },
    { "kdf", 0, 0, G_OPTION_ARG_STRING, &kdf, "KDF preset of the vault (default interactive)", "PRESET" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Create the vault in DIR and keep it", "DIR" },
    { NULL }
  };
  static const char *words[] = { "광산", "탄광", "노동", "보위원", "배급", "중국", "갱도", "무산", "직동", "마그네사이트",
                                 "mine", "coal", "Musan", "quota", "Chinese", "beat", "광산 중국", "coal border",
                                 "회령", "없는낱말" };
  g_autoptr(GOptionContext) context = g_option_context_new ("— create, seal, search and list many records");
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokSecret) pass = NULL;
  g_autoptr(SillokVault) vault = NULL;
  g_autoptr(SillokTemplate) template = NULL;
  g_autoptr(SillokGazetteer) gazetteer = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) page_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kdf_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  Generator gen = { g_rand_new_with_seed (20260301), NULL };
  SillokKdfPreset preset = SILLOK_KDF_INTERACTIVE;
  guint64 chars = 0;
  guint64 hits = 0;
  gint64 t;
  double create_s, seal_s;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !sillok_init (&error)
      || (kdf != NULL && !sillok_kdf_preset_from_string (kdf, &preset)) || records < 1 || queries < 1
      || bundles < 0 || (bundles > 0 && (recipient == NULL || bundles_out == NULL || records % bundles != 0)))
    {
      g_printerr ("%s\n", error != NULL ? error->message
                                        : "bad --kdf, --records, --queries, or --bundles without --recipient, "
                                          "--bundles-out or dividing --records");
      return 2;
    }
  pass = sillok_secret_new_from_string ("benchmark passphrase");
  template = sillok_template_find_installed ("forced-labour", 0, &error);
  gazetteer = template != NULL ? sillok_gazetteer_load_installed (&error) : NULL;
  if (gazetteer == NULL)
    {
      g_printerr ("%s (set SILLOK_DATADIR to the schemas folder)\n", error->message);
      return 1;
    }
  gen.sites = sillok_gazetteer_get_sites (gazetteer);

  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      tmp = g_dir_make_tmp ("sillok-bench-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (tmp, "vault", NULL);
    }
  vault = sillok_vault_new (path);
  if (!sillok_vault_create (vault, "Bench 벤치", pass, preset, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Create: a draft and all its values, as an interviewer's session saves them. */
  t = g_get_monotonic_time ();
  for (int i = 0; i < records; i++)
    {
      g_auto(GStrv) values = interview (&gen);
      char *id = sillok_record_create (vault, template, &error);

      if (id == NULL || !sillok_record_set_texts (vault, id, (const char *const *) values, &error))
        g_error ("record %d: %s", i, error->message);
      for (guint v = 0; values[v] != NULL; v++)
        chars += g_utf8_strlen (values[v], -1);
      g_ptr_array_add (ids, id);
      if ((i + 1) % 1000 == 0)
        g_printerr ("\rcreated %d", i + 1);
    }
  create_s = ms_since (t) / 1000.0;
  g_printerr ("\n");

  t = g_get_monotonic_time ();
  for (guint i = 0; i < ids->len; i++)
    {
      if (!sillok_record_seal (vault, ids->pdata[i], &error))
        g_error ("seal %u: %s", i, error->message);
      if ((i + 1) % 1000 == 0)
        g_printerr ("\rsealed %u", i + 1);
    }
  seal_s = ms_since (t) / 1000.0;
  g_printerr ("\n");

  g_print ("records: %d (forced-labour, %.0f characters of values on average)\n", records, (double) chars / records);
  g_print ("create + values: %8.1f records/s (%.1f s)\n", records / create_s, create_s);
  g_print ("seal:            %8.1f records/s (%.1f s)\n", records / seal_s, seal_s);

  if (bundles > 0)
    {
      int per = records / bundles;

      g_mkdir_with_parents (bundles_out, 0700);
      t = g_get_monotonic_time ();
      for (int b = 0; b < bundles; b++)
        {
          g_autoptr(SillokExport) export = sillok_export_new (vault);
          g_autoptr(SillokExportReport) report = NULL;
          g_autofree char *name = g_strdup_printf ("bundle-%03d.sillok", b + 1);
          g_autofree char *out = g_build_filename (bundles_out, name, NULL);

          for (int i = b * per; i < (b + 1) * per; i++)
            sillok_export_add_record (export, ids->pdata[i]);
          if (!sillok_export_add_recipient (export, recipient, &error)
              || !sillok_export_set_override_k (export, "benchmark", &error)
              || (report = sillok_export_write (export, out, NULL, NULL, NULL, &error)) == NULL)
            g_error ("bundle %d: %s", b + 1, error->message);
        }
      g_print ("export: %d bundles of %d records (%.1f s)\n", bundles, per, ms_since (t) / 1000.0);
    }

  /* Search, as typed in the list's search field. */
  for (int q = 0; q < queries; q++)
    {
      const char *word = words[q % G_N_ELEMENTS (words)];
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GPtrArray) all = NULL;
      double ms;

      t = g_get_monotonic_time ();
      page = sillok_record_list (vault, word, 0, PAGE, &error);
      ms = ms_since (t);
      g_array_append_val (page_ms, ms);
      t = g_get_monotonic_time ();
      all = sillok_record_list (vault, word, 0, 0, &error);
      ms = ms_since (t);
      g_array_append_val (all_ms, ms);
      if (page == NULL || all == NULL)
        g_error ("search %s: %s", word, error->message);
      if (q < (int) G_N_ELEMENTS (words))
        g_print ("  search %s: %u records\n", word, all->len);
      hits += all->len;
    }
  g_print ("search, first %d:   median %7.2f ms, 95th percentile %7.2f ms (%d queries)\n", PAGE,
           percentile (page_ms, 0.5), percentile (page_ms, 0.95), queries);
  g_print ("search, all matches: median %7.2f ms, 95th percentile %7.2f ms (%.0f matches on average)\n",
           percentile (all_ms, 0.5), percentile (all_ms, 0.95), (double) hits / queries);
  for (int r = 0; r < 5; r++)
    {
      g_autoptr(GPtrArray) page = NULL;
      double ms;

      t = g_get_monotonic_time ();
      page = sillok_record_list (vault, NULL, 0, PAGE, &error);
      ms = ms_since (t);
      g_array_append_val (plain_ms, ms);
      g_assert_nonnull (page);
    }
  g_print ("list, first %d:     median %7.2f ms\n", PAGE, percentile (plain_ms, 0.5));

  /* From a closed vault to the first page of the list, against Argon2id alone. */
  sillok_vault_close (vault);
  g_clear_object (&vault);
  {
    g_autofree char *keyslots_path = g_build_filename (path, "keyslots.json", NULL);
    g_autoptr(SillokKeyslots) keyslots = sillok_keyslots_load (keyslots_path, &error);
    SillokKeyslot *slot;

    g_assert_no_error (error);
    slot = sillok_keyslots_find (keyslots, SILLOK_KEYSLOT_PASSPHRASE);
    for (int r = 0; r < 5; r++)
      {
        g_autoptr(SillokSecret) out = sillok_secret_new (32);
        g_autoptr(SillokVault) v = sillok_vault_new (path);
        g_autoptr(GPtrArray) page = NULL;
        double ms;

        t = g_get_monotonic_time ();
        if (crypto_pwhash (sillok_secret_get_data (out), 32, sillok_secret_get_string (pass),
                           sillok_secret_get_length (pass), slot->salt, slot->opslimit, slot->memlimit,
                           crypto_pwhash_ALG_ARGON2ID13) != 0)
          g_error ("out of memory for Argon2id");
        ms = ms_since (t);
        g_array_append_val (kdf_ms, ms);

        t = g_get_monotonic_time ();
        if (!sillok_vault_open (v, &error) || !sillok_vault_unlock (v, pass, FALSE, NULL, &error)
            || (page = sillok_record_list (v, NULL, 0, PAGE, &error)) == NULL)
          g_error ("unlock and list: %s", error->message);
        ms = ms_since (t);
        g_array_append_val (first_ms, ms);
        sillok_vault_close (v);
      }
  }
  g_print ("open + unlock + first %d: median %7.1f ms; Argon2id alone %7.1f ms; overhead %6.1f ms\n", PAGE,
           percentile (first_ms, 0.5), percentile (kdf_ms, 0.5), percentile (first_ms, 0.5) - percentile (kdf_ms, 0.5));
  {
    g_autofree char *db = g_build_filename (path, "vault.db", NULL);
    GStatBuf st;

    if (g_stat (db, &st) == 0)
      g_print ("vault.db: %.1f MiB\n", st.st_size / 1048576.0);
  }

  if (tmp != NULL)
    sillok_fs_remove_tree (tmp, NULL);
  g_rand_free (gen.rand);
  return 0;
}
