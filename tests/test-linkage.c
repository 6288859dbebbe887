/* test-linkage.c: the organization's linkage key and witnesses' pseudonyms
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "sillok/sillok.h"
#include "sillok/sillok-linkage.h"
#include "sillok/sillok-record.h"
#include "sillok/sillok-template.h"
#include "sillok-test-utils.h"

#define PASSPHRASE "linkage test 연결"
#define KEY_FILE_PASSPHRASE "organization key file passphrase"

static char           *root;
static SillokTemplate *template;

static SillokVault *
new_vault (const char *name)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (root, name, NULL);
  SillokVault *vault = sillok_vault_new (path);

  g_assert_true (sillok_vault_create (vault, name, pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  return vault;
}

static void
close_vault (SillokVault *vault)
{
  sillok_vault_close (vault);
  g_object_unref (vault);
}

static SillokSecret *
fixed_key (guint8 fill)
{
  SillokSecret *key = sillok_secret_new (SILLOK_LINKAGE_KEY_BYTES);

  memset (sillok_secret_get_data (key), fill, SILLOK_LINKAGE_KEY_BYTES);
  return key;
}

static void
test_pseudonym (void)
{
  g_autoptr(SillokSecret) key = fixed_key (7);
  g_autoptr(SillokSecret) other = fixed_key (8);
  g_autofree char *base = sillok_pseudonym (key, "Kim Chol-su", 1977, "male", "north-hamgyong");
  g_autofree char *nfd = g_utf8_normalize ("김철수", -1, G_NORMALIZE_NFD);
  const char *same[] = { "KIM CHOL-SU", "kim chol su", "Kimcholsu", "  Kim  Chol - su ", "Kim.Chol.Su", "Kim·Chol-su",
                         "Kim Chol‐su", "Kim Chol‑su", "Kim Chol–su", "Kim, Chol-su", "Kim Ch'ol-su", "Kim Ch’ol-su",
                         "Kim Chŏl-su", "ＫＩＭ ＣＨＯＬＳＵ", "Kim\tChol\u00a0su" };

  g_assert_true (sillok_disclosure_is_digest (base));
  /* The identity hashed is fixed: other interviewers' vaults, other
   * versions of Sillok, must find the same witness. */
  {
    const char identity[] = "kimcholsu\0371977\037male\037north-hamgyong";
    guint8 digest[32];
    g_autofree char *hex = NULL;

    crypto_generichash (digest, sizeof digest, (const guint8 *) identity, sizeof identity - 1,
                        sillok_secret_get_data (key), SILLOK_LINKAGE_KEY_BYTES);
    hex = sillok_test_hex (digest, sizeof digest);
    g_assert_cmpstr (base, ==, hex);
  }

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *p = sillok_pseudonym (key, same[i], 1977, "male", "north-hamgyong");

      if (g_strcmp0 (p, base) != 0)
        g_error ("“%s” is not the same witness as “Kim Chol-su”", same[i]);
    }

  /* Korean names: spacing and decomposed Hangul. */
  {
    g_autofree char *a = sillok_pseudonym (key, "김철수", 0, NULL, NULL);
    g_autofree char *b = sillok_pseudonym (key, "김 철수", 0, NULL, NULL);
    g_autofree char *c = sillok_pseudonym (key, nfd, 0, NULL, NULL);
    g_autofree char *d = sillok_pseudonym (key, "김철호", 0, NULL, NULL);

    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (a, ==, c);
    g_assert_cmpstr (a, !=, d);
  }

  /* Every part of the identity counts, and so does the key. */
  {
    g_autofree char *year = sillok_pseudonym (key, "Kim Chol-su", 1978, "male", "north-hamgyong");
    g_autofree char *no_year = sillok_pseudonym (key, "Kim Chol-su", 0, "male", "north-hamgyong");
    g_autofree char *sex = sillok_pseudonym (key, "Kim Chol-su", 1977, "female", "north-hamgyong");
    g_autofree char *no_sex = sillok_pseudonym (key, "Kim Chol-su", 1977, NULL, "north-hamgyong");
    g_autofree char *province = sillok_pseudonym (key, "Kim Chol-su", 1977, "male", "ryanggang");
    g_autofree char *name = sillok_pseudonym (key, "Kim Chol-min", 1977, "male", "north-hamgyong");
    g_autofree char *keyed = sillok_pseudonym (other, "Kim Chol-su", 1977, "male", "north-hamgyong");
    const char *all[] = { base, year, no_year, sex, no_sex, province, name, keyed };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      for (guint j = i + 1; j < G_N_ELEMENTS (all); j++)
        g_assert_cmpstr (all[i], !=, all[j]);
  }

  /* No name, no pseudonym. */
  g_assert_null (sillok_pseudonym (key, NULL, 1977, "male", "north-hamgyong"));
  g_assert_null (sillok_pseudonym (key, "", 1977, "male", "north-hamgyong"));
  g_assert_null (sillok_pseudonym (key, " - . ", 1977, "male", "north-hamgyong"));
}

static char *
seal_witness (SillokVault *vault,
              const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = sillok_record_create (vault, template, &error);
  g_autofree char *name_assignment = name != NULL ? g_strdup_printf ("interviewee.name=%s", name) : NULL;
  const char *assignments[] = { "consent.given=true", "interview.date=2024-05-01", "interviewee.birth_date=1977-03",
                                "interviewee.sex=male", "interviewee.home_province=north-hamgyong",
                                name_assignment, NULL };
  g_autoptr(SillokRecord) record = NULL;
  GStrv disclosures;

  g_assert_no_error (error);
  g_assert_true (sillok_record_set_texts (vault, uuid, assignments, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_record_seal (vault, uuid, &error));
  g_assert_no_error (error);
  record = sillok_record_load (vault, uuid, 0, &error);
  g_assert_no_error (error);
  disclosures = sillok_record_get_disclosures (record);
  for (guint i = 0; disclosures[i] != NULL; i++)
    {
      g_autoptr(SillokDisclosure) d = sillok_disclosure_parse (disclosures[i], strlen (disclosures[i]), &error);

      g_assert_no_error (error);
      if (strcmp (sillok_disclosure_get_name (d), "$pseudonym") == 0)
        {
          g_autoptr(JsonNode) v = sillok_disclosure_dup_value (d);
          return g_strdup (json_node_get_string (v));
        }
    }
  return NULL;
}

static void
assert_same_key (SillokVault *a,
                 SillokVault *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokSecret) ka = sillok_linkage_key_get (a, &error);
  g_autoptr(SillokSecret) kb = sillok_linkage_key_get (b, &error);

  g_assert_no_error (error);
  g_assert_true (sillok_secret_equal (ka, kb));
}

static void
test_shared_key (void)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (KEY_FILE_PASSPHRASE);
  g_autoptr(SillokSecret) wrong = sillok_secret_new_from_string ("not the passphrase");
  g_autoptr(SillokSecret) empty = sillok_secret_new_from_string ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (root, "org.linkage", NULL);
  SillokVault *a = new_vault ("a");
  SillokVault *b = new_vault ("b");
  SillokVault *c = new_vault ("c");
  g_autofree char *pa = NULL;
  g_autofree char *pb = NULL;
  g_autofree char *pb_variant = NULL;
  g_autofree char *pc = NULL;
  g_autofree char *pc_after = NULL;
  g_autofree char *nameless = NULL;
  GStatBuf st;

  g_assert_false (sillok_linkage_key_exists (a));
  pa = seal_witness (a, "Kim Chol-su");
  g_assert_nonnull (pa);
  g_assert_true (sillok_linkage_key_exists (a));

  /* The key file: age, passphrase-encrypted, readable by its owner only. */
  g_assert_false (sillok_linkage_key_export (a, file, empty, &error));
  g_assert_error (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_true (sillok_linkage_key_export (a, file, pass, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autoptr(GBytes) bytes = sillok_test_read_file (file);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 21, "age-encryption.org/v1", 21);
  }
  g_assert_false (sillok_linkage_key_export (a, file, pass, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* A wrong passphrase is refused and changes nothing. */
  g_assert_false (sillok_linkage_key_import (b, file, wrong, FALSE, &error));
  g_assert_error (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sillok_linkage_key_exists (b));

  /* Shared: the same witness, written another way, gets the same pseudonym. */
  g_assert_true (sillok_linkage_key_import (b, file, pass, FALSE, &error));
  g_assert_no_error (error);
  assert_same_key (a, b);
  pb = seal_witness (b, "Kim Chol-su");
  pb_variant = seal_witness (b, "KIM CHOL SU");
  g_assert_cmpstr (pa, ==, pb);
  g_assert_cmpstr (pa, ==, pb_variant);
  /* Importing the same key again is harmless. */
  g_assert_true (sillok_linkage_key_import (b, file, pass, FALSE, &error));
  g_assert_no_error (error);

  /* A vault with its own key gives another pseudonym, and keeps its key
   * unless told to replace it. */
  pc = seal_witness (c, "Kim Chol-su");
  g_assert_cmpstr (pc, !=, pa);
  g_assert_false (sillok_linkage_key_import (c, file, pass, FALSE, &error));
  g_assert_error (error, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_EXISTS);
  g_clear_error (&error);
  {
    g_autofree char *again = seal_witness (c, "Kim Chol-su");
    g_assert_cmpstr (again, ==, pc);
  }
  g_assert_true (sillok_linkage_key_import (c, file, pass, TRUE, &error));
  g_assert_no_error (error);
  assert_same_key (a, c);
  pc_after = seal_witness (c, "Kim Chol-su");
  g_assert_cmpstr (pc_after, ==, pa);

  /* No name, no pseudonym. */
  nameless = seal_witness (a, NULL);
  g_assert_null (nameless);

  close_vault (a);
  close_vault (b);
  close_vault (c);
}

static void
write_age_file (const char *path,
                const char *plaintext,
                gsize       len)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (KEY_FILE_PASSPHRASE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_autoptr(SillokAgeEncryptor) enc = NULL;

  g_assert_no_error (error);
  enc = sillok_age_encryptor_new_for_passphrase (G_OUTPUT_STREAM (out), pass, 10);
  g_assert_true (sillok_age_encryptor_write (enc, plaintext, len, NULL, &error));
  g_assert_true (sillok_age_encryptor_finish (enc, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);
}

static void
test_bad_key_files (void)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (KEY_FILE_PASSPHRASE);
  SillokVault *d = new_vault ("d");
  g_autofree char *garbage = g_build_filename (root, "garbage", NULL);
  g_autofree char *absent = g_build_filename (root, "absent", NULL);
  g_autofree char *wrong_magic = g_build_filename (root, "wrong-magic", NULL);
  g_autofree char *short_key = g_build_filename (root, "short-key", NULL);
  g_autofree char *long_text = g_build_filename (root, "long", NULL);
  g_autofree char *no_newline = g_build_filename (root, "no-newline", NULL);
  g_autoptr(GError) error = NULL;
  char big[300];
  struct { const char *path; GQuark domain; int code; } cases[] = {
    { garbage, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID },
    { wrong_magic, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID },
    { short_key, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID },
    { long_text, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID },
    { no_newline, SILLOK_LINKAGE_ERROR, SILLOK_LINKAGE_ERROR_INVALID },
    { absent, G_IO_ERROR, G_IO_ERROR_NOT_FOUND },
  };
  static const char right_length[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  g_file_set_contents (garbage, "this is not an age file\n", -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = g_strdup_printf ("sillok-something-else/1\n%s\n", right_length);
    write_age_file (wrong_magic, text, strlen (text));
  }
  write_age_file (short_key, "sillok-linkage-key/1\nAAAA\n", strlen ("sillok-linkage-key/1\nAAAA\n"));
  memset (big, 'A', sizeof big);
  memcpy (big, "sillok-linkage-key/1\n", 21);
  big[sizeof big - 1] = '\n';
  write_age_file (long_text, big, sizeof big);
  {
    g_autofree char *text = g_strdup_printf ("sillok-linkage-key/1\n%s", right_length);
    write_age_file (no_newline, text, strlen (text));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (sillok_linkage_key_import (d, cases[i].path, pass, FALSE, &error));
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_clear_error (&error);
    }
  g_assert_false (sillok_linkage_key_exists (d));

  /* The same file with the right content is taken. */
  {
    g_autofree char *good = g_build_filename (root, "good", NULL);
    g_autofree char *text = g_strdup_printf ("sillok-linkage-key/1\n%s\n", right_length);

    write_age_file (good, text, strlen (text));
    g_assert_true (sillok_linkage_key_import (d, good, pass, FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (sillok_linkage_key_exists (d));
  }
  close_vault (d);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  sillok_test_init (&argc, &argv);
  root = sillok_test_mkdtemp ();
  template = sillok_template_find_installed ("forced-labour", 1, &error);
  g_assert_no_error (error);

  g_test_add_func ("/linkage/pseudonym", test_pseudonym);
  g_test_add_func ("/linkage/shared-key", test_shared_key);
  g_test_add_func ("/linkage/bad-key-files", test_bad_key_files);

  status = g_test_run ();
  sillok_template_unref (template);
  sillok_test_rmtree (root);
  g_free (root);
  return status;
}
