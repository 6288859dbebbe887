/* test-keyslots.c: keyslots.json reading, writing and key wrapping
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok-keyslots.h"
#include "sillok-test-utils.h"

#define UUID "0f8fad5b-d9cb-469f-a165-70867728950e"

static SillokSecret *
random_master (void)
{
  SillokSecret *key = sillok_secret_new (32);

  randombytes_buf (sillok_secret_get_data (key), 32);
  return key;
}

static SillokKeyslots *
make_keyslots (SillokSecret *master,
               const char   *passphrase)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (passphrase);
  g_autoptr(GError) error = NULL;
  SillokKeyslots *keyslots = sillok_keyslots_new (UUID);

  g_assert_true (sillok_keyslots_set (keyslots, SILLOK_KEYSLOT_PASSPHRASE, pass,
                                      crypto_pwhash_argon2id_OPSLIMIT_MIN, 8192, master, &error));
  g_assert_no_error (error);
  return keyslots;
}

static void
test_format_exact (void)
{
  g_autoptr(SillokSecret) master = random_master ();
  g_autoptr(SillokKeyslots) keyslots = make_keyslots (master, "pass");
  g_autofree char *text = NULL;
  g_autoptr(GRegex) re = NULL;
  gsize len;

  keyslots->failed_attempts = 2;
  text = sillok_keyslots_serialize (keyslots, &len);
  re = g_regex_new ("^\\{\"format\":\"sillok-keyslots/1\",\"vault\":\"" UUID "\",\"failed_attempts\":2,"
                    "\"slots\":\\[\\{\"kind\":\"passphrase\",\"kdf\":\"argon2id13\",\"opslimit\":1,"
                    "\"memlimit\":8192,\"salt\":\"[A-Za-z0-9+/]{22}==\",\"nonce\":\"[A-Za-z0-9+/]{32}\","
                    "\"wrapped\":\"[A-Za-z0-9+/]{64}\"\\}\\]\\}\n$", 0, 0, NULL);
  g_assert_true (g_regex_match (re, text, 0, NULL));
  g_assert_cmpuint (len, ==, strlen (text));
}

static void
test_round_trip_and_unwrap (void)
{
  g_autoptr(SillokSecret) master = random_master ();
  g_autoptr(SillokKeyslots) keyslots = make_keyslots (master, "비밀번호 correct");
  g_autoptr(SillokKeyslots) back = NULL;
  g_autoptr(SillokSecret) right = sillok_secret_new_from_string ("비밀번호 correct");
  g_autoptr(SillokSecret) wrong = sillok_secret_new_from_string ("비밀번호 Correct");
  g_autoptr(SillokSecret) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  gsize len, len2;

  keyslots->erase_after = 5;
  text = sillok_keyslots_serialize (keyslots, &len);
  back = sillok_keyslots_parse (text, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->erase_after, ==, 5);
  again = sillok_keyslots_serialize (back, &len2);
  g_assert_cmpstr (text, ==, again);

  got = sillok_keyslots_unwrap (back, SILLOK_KEYSLOT_PASSPHRASE, right, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_secret_equal (got, master));

  g_assert_null (sillok_keyslots_unwrap (back, SILLOK_KEYSLOT_PASSPHRASE, wrong, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_null (sillok_keyslots_unwrap (back, SILLOK_KEYSLOT_RECOVERY, right, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
}

/* The wrapping binds the vault id and the slot kind. */
static void
test_associated_data (void)
{
  g_autoptr(SillokSecret) master = random_master ();
  g_autoptr(SillokKeyslots) keyslots = make_keyslots (master, "pass");
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("pass");
  g_autoptr(GError) error = NULL;
  SillokKeyslot *slot;

  g_free (keyslots->vault);
  keyslots->vault = g_strdup ("1f8fad5b-d9cb-469f-a165-70867728950e");
  g_assert_null (sillok_keyslots_unwrap (keyslots, SILLOK_KEYSLOT_PASSPHRASE, pass, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_free (keyslots->vault);
  keyslots->vault = g_strdup (UUID);
  slot = sillok_keyslots_find (keyslots, SILLOK_KEYSLOT_PASSPHRASE);
  slot->kind = SILLOK_KEYSLOT_RECOVERY;
  g_assert_null (sillok_keyslots_unwrap (keyslots, SILLOK_KEYSLOT_RECOVERY, pass, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
}

static void
test_parser_rejects (void)
{
  g_autoptr(SillokSecret) master = random_master ();
  g_autoptr(SillokKeyslots) keyslots = make_keyslots (master, "pass");
  g_autofree char *good = NULL;
  gsize len;
  struct { const char *from, *to; } edits[] = {
    { "\"format\":\"sillok-keyslots/1\"", "\"format\":\"sillok-keyslots/0\"" },
    { "\"vault\":\"" UUID "\"", "\"vault\":\"not-a-uuid\"" },
    { "\"failed_attempts\":0", "\"failed_attempts\":-1" },
    { "\"failed_attempts\":0", "\"failed_attempts\":\"0\"" },
    { "\"failed_attempts\":0", "\"failed_attempts\":0,\"extra\":1" },
    { "\"kind\":\"passphrase\"", "\"kind\":\"fingerprint\"" },
    { "\"kind\":\"passphrase\"", "\"kind\":\"recovery\"" },
    { "\"kdf\":\"argon2id13\"", "\"kdf\":\"scrypt\"" },
    { "\"opslimit\":1", "\"opslimit\":1000" },
    { "\"memlimit\":8192", "\"memlimit\":99999999999" },
    { "\"salt\":\"", "\"salt\":\"AAAA" },
    { "\"wrapped\":\"", "\"wrapped\":\"=" },
    { "\"slots\":[", "\"slots\":[1," },
    { "]}", "]}x" },
    /* One member twice: which would count? */
    { "\"failed_attempts\":0", "\"failed_attempts\":0,\"failed_attempts\":0" },
    { "\"kind\":\"passphrase\"", "\"kind\":\"passphrase\",\"kind\":\"passphrase\"" },
    /* A value before the object: json-glib 1.6 leaks what it parsed after it. */
    { "{\"format\"", "2{\"format\"" },
    { "{\"format\"", "2[{\"format\"" },
  };

  good = sillok_keyslots_serialize (keyslots, &len);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) bad = g_string_new (good);
      g_autoptr(SillokKeyslots) parsed = NULL;

      g_assert_cmpint (g_string_replace (bad, edits[i].from, edits[i].to, 1), ==, 1);
      parsed = sillok_keyslots_parse (bad->str, bad->len, &error);
      g_assert_null (parsed);
      g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED);
      g_assert_true (g_str_has_prefix (error->message, "keyslots.json is damaged"));
    }

  /* Every truncation is damage, never a crash. */
  for (gsize cut = 0; cut < len - 1; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokKeyslots) parsed = sillok_keyslots_parse (good, cut, &error);

      g_assert_null (parsed);
      g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED);
    }

  /* A newer format is named as such. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) newer = g_string_new (good);

    g_string_replace (newer, "sillok-keyslots/1", "sillok-keyslots/2", 1);
    g_assert_null (sillok_keyslots_parse (newer->str, newer->len, &error));
    g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NEWER);
  }
}

static void
test_recovery_key_text (void)
{
  g_autoptr(SillokSecret) display = NULL;
  g_autoptr(SillokSecret) raw = sillok_recovery_key_generate (&display);
  g_autoptr(GRegex) re = g_regex_new ("^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokSecret) parsed = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(SillokSecret) loose = NULL;
  g_autoptr(SillokSecret) loose_parsed = NULL;
  g_auto(GStrv) groups = NULL;

  g_assert_cmpuint (sillok_secret_get_length (raw), ==, 20);
  g_assert_true (g_regex_match (re, sillok_secret_get_string (display), 0, NULL));
  parsed = sillok_recovery_key_parse (display, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_secret_equal (raw, parsed));

  /* Typed in lower case with spaces instead of dashes. */
  groups = g_strsplit (sillok_secret_get_string (display), "-", -1);
  {
    g_autofree char *spaced = g_strjoinv (" ", groups);
    lower = g_ascii_strdown (spaced, -1);
  }
  loose = sillok_secret_new_from_string (lower);
  loose_parsed = sillok_recovery_key_parse (loose, &error);
  g_assert_no_error (error);
  g_assert_true (sillok_secret_equal (raw, loose_parsed));

  {
    const char *bad[] = { "", "AAAA", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAA1",
                          "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-A" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(SillokSecret) s = sillok_secret_new_from_string (bad[i]);
        g_assert_null (sillok_recovery_key_parse (s, &error));
        g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE);
        g_clear_error (&error);
      }
  }
}

int
main (int argc, char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/keyslots/format-exact", test_format_exact);
  g_test_add_func ("/keyslots/round-trip", test_round_trip_and_unwrap);
  g_test_add_func ("/keyslots/associated-data", test_associated_data);
  g_test_add_func ("/keyslots/parser-rejects", test_parser_rejects);
  g_test_add_func ("/keyslots/recovery-key-text", test_recovery_key_text);
  return g_test_run ();
}
