/* test-minisign.c: minisign key and signature files against known answers
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok-test-utils.h"

static char *
kat_path (const char *name)
{
  return g_build_filename (sillok_test_testdata_dir (), "minisign", name, NULL);
}

static GBytes *
kat_file (const char *name)
{
  g_autofree char *path = kat_path (name);
  return sillok_test_read_file (path);
}

static const char *
str_of (GBytes *bytes)
{
  return g_bytes_get_data (bytes, NULL);
}

static SillokMinisignSecretKey *
kat_key_from_seed (void)
{
  guint8 seed[32], keynum[8];

  for (int i = 0; i < 32; i++)
    seed[i] = i + 1;
  for (int i = 0; i < 8; i++)
    keynum[i] = 0xa0 + i;
  return sillok_minisign_secret_key_new_from_seed (seed, keynum);
}

static const char *kat_trusted_comment = "timestamp:1700000000\tfile:minisign-kat.msg\thashed";

static void
test_key_id_string (void)
{
  guint8 keynum[8] = { 0x28, 0x9c, 0xe6, 0xe9, 0x9a, 0x9c, 0x39, 0x58 };
  guint8 back[8];
  g_autofree char *id = sillok_minisign_key_id_to_string (keynum);
  guint8 small[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
  g_autofree char *small_id = sillok_minisign_key_id_to_string (small);

  g_assert_cmpstr (id, ==, "58399C9AE9E69C28");
  g_assert_cmpstr (small_id, ==, "0000000000000001");
  g_assert_true (sillok_minisign_key_id_from_string (id, back));
  g_assert_cmpmem (back, 8, keynum, 8);
  g_assert_false (sillok_minisign_key_id_from_string ("58399c9ae9e69c28", back));
  g_assert_false (sillok_minisign_key_id_from_string ("58399C9AE9E69C2", back));
  g_assert_false (sillok_minisign_key_id_from_string ("58399C9AE9E69C2G", back));
}

static void
test_public_key_kat (void)
{
  g_autoptr(SillokMinisignSecretKey) key = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SillokMinisignPublicKey pk, parsed;

  if (!sillok_test_require_testdata ())
    return;
  key = kat_key_from_seed ();
  expected = kat_file ("minisign-kat.pub");
  sillok_minisign_secret_key_get_public (key, &pk);
  text = sillok_minisign_public_key_to_file (&pk);
  g_assert_cmpstr (text, ==, str_of (expected));

  g_assert_true (sillok_minisign_public_key_parse (str_of (expected), g_bytes_get_size (expected), &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (&parsed, sizeof parsed, &pk, sizeof pk);
}

static void
check_signature_kat (SillokMinisignSecretKey *key)
{
  g_autoptr(GBytes) msg = kat_file ("minisign-kat.msg");
  g_autoptr(GBytes) expected = kat_file ("minisign-kat.msg.minisig");
  g_autoptr(GError) error = NULL;
  g_autofree char *sig = NULL;

  sig = sillok_minisign_sign (key, g_bytes_get_data (msg, NULL), g_bytes_get_size (msg),
                              NULL, kat_trusted_comment, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sig, ==, str_of (expected));
}

static void
test_signature_kat_seed (void)
{
  g_autoptr(SillokMinisignSecretKey) key = NULL;

  if (!sillok_test_require_testdata ())
    return;
  key = kat_key_from_seed ();
  check_signature_kat (key);
}

static void
test_signature_kat_unencrypted_key (void)
{
  g_autoptr(SillokMinisignSecretKey) key = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;

  if (!sillok_test_require_testdata ())
    return;
  file = kat_file ("minisign-kat-unencrypted.key");
  key = sillok_minisign_secret_key_parse (str_of (file), g_bytes_get_size (file), NULL, &error);
  g_assert_no_error (error);
  check_signature_kat (key);
}

static void
test_signature_kat_encrypted_key (void)
{
  g_autoptr(SillokMinisignSecretKey) key = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokSecret) password = sillok_secret_new_from_string ("test");
  g_autoptr(SillokSecret) wrong = sillok_secret_new_from_string ("tesT");

  if (!sillok_test_require_testdata ())
    return;
  file = kat_file ("minisign-kat-encrypted.key");

  key = sillok_minisign_secret_key_parse (str_of (file), g_bytes_get_size (file), wrong, &error);
  g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_WRONG_PASSWORD);
  g_assert_null (key);
  g_clear_error (&error);

  key = sillok_minisign_secret_key_parse (str_of (file), g_bytes_get_size (file), NULL, &error);
  g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  key = sillok_minisign_secret_key_parse (str_of (file), g_bytes_get_size (file), password, &error);
  g_assert_no_error (error);
  check_signature_kat (key);
}

static void
test_secret_key_round_trip (void)
{
  g_autoptr(SillokMinisignSecretKey) key = kat_key_from_seed ();
  g_autoptr(SillokSecret) password = sillok_secret_new_from_string ("correct horse");
  g_autoptr(GError) error = NULL;
  SillokMinisignPublicKey a, b;

  for (int encrypted = 0; encrypted < 2; encrypted++)
    {
      g_autoptr(SillokSecret) file = NULL;
      g_autoptr(SillokMinisignSecretKey) back = NULL;

      file = sillok_minisign_secret_key_to_file (key, NULL, encrypted ? password : NULL,
                                                 524288, 16777216, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (sillok_secret_get_string (file), "untrusted comment: "));
      if (!encrypted)
        g_assert_nonnull (strstr (sillok_secret_get_string (file), "\nRWQAAEIy"));
      back = sillok_minisign_secret_key_parse (sillok_secret_get_string (file), sillok_secret_get_length (file),
                                               encrypted ? password : NULL, &error);
      g_assert_no_error (error);
      sillok_minisign_secret_key_get_public (key, &a);
      sillok_minisign_secret_key_get_public (back, &b);
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
    }
}

/* Parses @text as a signature and verifies it over "hello\n" with the KAT key. */
static gboolean
verify_text (const char *text,
             GError    **error)
{
  g_autoptr(SillokMinisignSecretKey) key = kat_key_from_seed ();
  g_autoptr(SillokMinisignSignature) sig = NULL;
  SillokMinisignPublicKey pk;

  sillok_minisign_secret_key_get_public (key, &pk);
  sig = sillok_minisign_signature_parse (text, strlen (text), error);
  if (sig == NULL)
    return FALSE;
  return sillok_minisign_verify (&pk, sig, (const guint8 *) "hello\n", 6, SILLOK_MINISIGN_VERIFY_DEFAULT, error);
}

static char *
flip_base64_char (const char *text,
                  guint       line,
                  guint       column)
{
  char *copy = g_strdup (text);
  char *p = copy;

  for (guint i = 0; i < line; i++)
    p = strchr (p, '\n') + 1;
  p[column] = p[column] == 'A' ? 'B' : 'A';
  return copy;
}

static void
test_verify_names_failed_check (void)
{
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  if (!sillok_test_require_testdata ())
    return;
  expected = kat_file ("minisign-kat.msg.minisig");
  text = str_of (expected);

  g_assert_true (verify_text (text, &error));
  g_assert_no_error (error);

  /* A changed message. */
  {
    g_autoptr(SillokMinisignSecretKey) key = kat_key_from_seed ();
    g_autoptr(SillokMinisignSignature) sig = sillok_minisign_signature_parse (text, strlen (text), &error);
    SillokMinisignPublicKey pk;

    sillok_minisign_secret_key_get_public (key, &pk);
    g_assert_false (sillok_minisign_verify (&pk, sig, (const guint8 *) "hellp\n", 6, 0, &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_SIGNATURE);
    g_clear_error (&error);

    /* Signed by another key id. */
    pk.keynum[0] ^= 1;
    g_assert_false (sillok_minisign_verify (&pk, sig, (const guint8 *) "hello\n", 6, 0, &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_KEY_ID_MISMATCH);
    g_clear_error (&error);
  }

  /* A flipped bit in the signature bytes (line 2, past alg and key id). */
  {
    g_autofree char *bad = flip_base64_char (text, 1, 40);
    g_assert_false (verify_text (bad, &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_SIGNATURE);
    g_clear_error (&error);
  }

  /* A changed trusted comment. */
  {
    g_autofree char *bad = g_strdup (text);
    char *p = strstr (bad, "1700000000");
    p[0] = '2';
    g_assert_false (verify_text (bad, &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_GLOBAL_SIGNATURE);
    g_clear_error (&error);
  }

  /* A flipped bit in the global signature. */
  {
    g_autofree char *bad = flip_base64_char (text, 3, 10);
    g_assert_false (verify_text (bad, &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_GLOBAL_SIGNATURE);
    g_clear_error (&error);
  }
}

static void
test_legacy_rejected_unless_allowed (void)
{
  g_autoptr(SillokMinisignSecretKey) key = kat_key_from_seed ();
  g_autoptr(SillokMinisignSignature) sig = NULL;
  g_autoptr(GError) error = NULL;
  SillokMinisignPublicKey pk;
  const char *msg = "legacy message";
  g_autofree char *text = NULL;
  guint8 hash[64];

  sillok_minisign_secret_key_get_public (key, &pk);
  text = sillok_minisign_sign (key, (const guint8 *) msg, strlen (msg), NULL, "tc", &error);
  g_assert_no_error (error);
  sig = sillok_minisign_signature_parse (text, strlen (text), &error);
  g_assert_no_error (error);

  /* Re-sign the same structure as a legacy signature: plain Ed25519 over the message. */
  {
    SillokMinisignSignature *s = sig;
    g_autoptr(SillokSecret) seed = sillok_minisign_secret_key_get_seed (key);
    guint8 pk2[32], sk[64];

    crypto_sign_seed_keypair (pk2, sk, sillok_secret_get_data (seed));
    s->prehashed = FALSE;
    crypto_sign_detached (s->sig, NULL, (const guint8 *) msg, strlen (msg), sk);
    {
      guint8 buf[64 + 2];
      memcpy (buf, s->sig, 64);
      memcpy (buf + 64, "tc", 2);
      crypto_sign_detached (s->global_sig, NULL, buf, sizeof buf, sk);
    }
    sodium_memzero (sk, sizeof sk);
  }

  g_assert_false (sillok_minisign_verify (&pk, sig, (const guint8 *) msg, strlen (msg), 0, &error));
  g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_LEGACY);
  g_clear_error (&error);
  sillok_minisign_prehash ((const guint8 *) msg, strlen (msg), hash);
  g_assert_false (sillok_minisign_verify_prehashed (&pk, sig, hash, &error));
  g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_LEGACY);
  g_clear_error (&error);
  g_assert_true (sillok_minisign_verify (&pk, sig, (const guint8 *) msg, strlen (msg),
                                         SILLOK_MINISIGN_VERIFY_ALLOW_LEGACY, &error));
  g_assert_no_error (error);
}

static void
test_signature_parser_rejects (void)
{
  g_autoptr(GBytes) expected = NULL;
  const char *text;
  g_autofree char *crlf = NULL;
  g_autofree char *no_final_newline = NULL;
  g_autofree char *long_tc = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad[] = {
    "",
    "untrusted comment: x\n",
    "untrusted comment: x\nRUSg\ntrusted comment: x\nAAAA\n",
    "comment: x\nRUSgoaKjpKWmp5rEf8fuozhLwFGctLO8rXlIaE+R70+MQWL1CcDjT0BlfQAcFyVtRblXonISDGuCb2dfxKi3EA+v666VZG8Ungo=\ntrusted comment: x\not/WL1McvlUOvOYXgvX7P666K6evbwYTZpeDXXW3lvtPhC4RrHMEr8Of7z/zVTxupZvfewXKRFt1rxgxn0LTBA==\n",
  };

  if (!sillok_test_require_testdata ())
    return;
  expected = kat_file ("minisign-kat.msg.minisig");
  text = str_of (expected);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (sillok_minisign_signature_parse (bad[i], strlen (bad[i]), &error));
      g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT);
      g_clear_error (&error);
    }

  /* Trailing text after the four lines. */
  {
    g_autofree char *extra = g_strconcat (text, "more\n", NULL);
    g_assert_null (sillok_minisign_signature_parse (extra, strlen (extra), &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT);
    g_clear_error (&error);
  }
  /* A space after the base64 is not minisign's base64. */
  {
    g_autofree char *spaced = g_strdup (text);
    char *nl = strchr (strchr (spaced, '\n') + 1, '\n');
    g_autofree char *fixed = NULL;
    *nl = '\0';
    fixed = g_strconcat (spaced, " \n", nl + 1, NULL);
    g_assert_null (sillok_minisign_signature_parse (fixed, strlen (fixed), &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT);
    g_clear_error (&error);
  }
  /* A trusted comment longer than minisign 0.11 reads. */
  {
    g_autofree char *pad = g_strnfill (8200, 'x');
    g_autofree char *head = g_strndup (text, strstr (text, "trusted comment: ") - text);
    long_tc = g_strconcat (head, "trusted comment: ", pad, "\not/WL1McvlUOvOYXgvX7P666K6evbwYTZpeDXXW3lvtPhC4RrHMEr8Of7z/zVTxupZvfewXKRFt1rxgxn0LTBA==\n", NULL);
    g_assert_null (sillok_minisign_signature_parse (long_tc, strlen (long_tc), &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT);
    g_clear_error (&error);
  }

  /* CRLF and a missing final newline are accepted, as minisign does. */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    crlf = g_strjoinv ("\r\n", lines);
    g_assert_true (verify_text (crlf, &error));
    g_assert_no_error (error);
  }
  no_final_newline = g_strndup (text, strlen (text) - 1);
  g_assert_true (verify_text (no_final_newline, &error));
  g_assert_no_error (error);
}

static void
test_sign_rejects_bad_comments (void)
{
  g_autoptr(SillokMinisignSecretKey) key = kat_key_from_seed ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_comment = g_strnfill (8180, 'c');
  const char *bad[] = { "line\nbreak", "carriage\rreturn", "bell\a", "\xff\xfe", long_comment };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *sig = sillok_minisign_sign (key, (const guint8 *) "m", 1, NULL, bad[i], &error);
      g_assert_null (sig);
      g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_COMMENT);
      g_clear_error (&error);
    }
  {
    g_autofree char *sig = sillok_minisign_sign (key, (const guint8 *) "m", 1, NULL, "tab\tand 한국어", &error);
    g_assert_no_error (error);
    g_assert_nonnull (sig);
  }
}

static void
test_public_key_parser_rejects (void)
{
  g_autoptr(GError) error = NULL;
  SillokMinisignPublicKey pk;
  const char *bad[] = {
    "RWSgoaKjpKWmp3m1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk\n",
    "untrusted comment: x\nRWSgoaKjpKWmp3m1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZ\n",
    "untrusted comment: x\nRWSgoaKjpKWmp3m1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk\nextra\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sillok_minisign_public_key_parse (bad[i], strlen (bad[i]), &pk, &error));
      g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT);
      g_clear_error (&error);
    }
  /* "ED" is a signature algorithm, never a key's. */
  {
    const char *ed = "untrusted comment: x\nRUSgoaKjpKWmp3m1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk\n";
    g_assert_false (sillok_minisign_public_key_parse (ed, strlen (ed), &pk, &error));
    g_assert_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_UNSUPPORTED);
  }
}

static void
test_generated_key_ids_have_16_digits (void)
{
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(SillokMinisignSecretKey) key = sillok_minisign_secret_key_generate ();
      g_autofree char *id = sillok_minisign_key_id_to_string (sillok_minisign_secret_key_get_keynum (key));

      g_assert_cmpint (id[0], !=, '0');
    }
}

static void
test_generated_keys_differ (void)
{
  g_autoptr(SillokMinisignSecretKey) a = sillok_minisign_secret_key_generate ();
  g_autoptr(SillokMinisignSecretKey) b = sillok_minisign_secret_key_generate ();
  SillokMinisignPublicKey pa, pb;

  sillok_minisign_secret_key_get_public (a, &pa);
  sillok_minisign_secret_key_get_public (b, &pb);
  g_assert_true (memcmp (&pa, &pb, sizeof pa) != 0);
}

int
main (int argc, char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/minisign/key-id", test_key_id_string);
  g_test_add_func ("/minisign/public-key-kat", test_public_key_kat);
  g_test_add_func ("/minisign/signature-kat/seed", test_signature_kat_seed);
  g_test_add_func ("/minisign/signature-kat/unencrypted-key", test_signature_kat_unencrypted_key);
  g_test_add_func ("/minisign/signature-kat/encrypted-key", test_signature_kat_encrypted_key);
  g_test_add_func ("/minisign/secret-key-round-trip", test_secret_key_round_trip);
  g_test_add_func ("/minisign/verify-names-failed-check", test_verify_names_failed_check);
  g_test_add_func ("/minisign/legacy", test_legacy_rejected_unless_allowed);
  g_test_add_func ("/minisign/signature-parser-rejects", test_signature_parser_rejects);
  g_test_add_func ("/minisign/sign-rejects-bad-comments", test_sign_rejects_bad_comments);
  g_test_add_func ("/minisign/public-key-parser-rejects", test_public_key_parser_rejects);
  g_test_add_func ("/minisign/generated-keys-differ", test_generated_keys_differ);
  g_test_add_func ("/minisign/generated-key-ids", test_generated_key_ids_have_16_digits);
  return g_test_run ();
}
