/* test-bech32.c: Bech32 and age key strings
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok.h"
#include "sillok-bech32.h"
#include "sillok-test-utils.h"

/* FORMATS §2.11: identity scalar 11 12 … 30. */
static const char *kat_recipient = "age1f5nmem33xhzfgjeg6f7aszds00sscdgkp5spx89206z4w4yc6p7qc8x4m9";

static void
kat_scalar (guint8 scalar[32])
{
  for (int i = 0; i < 32; i++)
    scalar[i] = 0x11 + i;
}

static void
test_bip173_vectors (void)
{
  const char *valid[] = {
    "A12UEL5L", "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
  };
  const char *invalid[] = {
    "pzry9x0s0muk",      /* no separator */
    "1pzry9x0s0muk",     /* empty HRP */
    "x1b4n0q5v",         /* invalid data character */
    "li1dgmt3",          /* checksum too short */
    "A1G7SGD8",          /* checksum computed with upper-case HRP */
    "10a06t8",           /* empty HRP */
    "1qzzfhee",          /* empty HRP */
    "A12uEL5L",          /* mixed case */
    "a12uel5m",          /* wrong checksum */
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *hrp = NULL;
      g_autoptr(GBytes) data = NULL;

      g_assert_true (sillok_bech32_decode (valid[i], &hrp, &data));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *hrp = NULL;
      g_autoptr(GBytes) data = NULL;

      g_assert_false (sillok_bech32_decode (invalid[i], &hrp, &data));
    }
}

static void
test_round_trip (void)
{
  guint8 in[32];
  g_autofree char *enc = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *hrp = NULL;
  g_autoptr(GBytes) data = NULL;

  for (int i = 0; i < 32; i++)
    in[i] = i * 7;
  enc = sillok_bech32_encode ("age", in, sizeof in, FALSE);
  g_assert_true (sillok_bech32_decode (enc, &hrp, &data));
  g_assert_cmpstr (hrp, ==, "age");
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), in, sizeof in);

  upper = sillok_bech32_encode ("AGE-SECRET-KEY-", in, sizeof in, TRUE);
  g_assert_true (g_str_has_prefix (upper, "AGE-SECRET-KEY-1"));
  g_assert_cmpuint (strlen (upper), ==, 74);
}

static void
test_age_kat_keys (void)
{
  guint8 scalar[32];
  g_autoptr(SillokAgeIdentity) id = NULL;
  g_autoptr(SillokAgeIdentity) back = NULL;
  g_autoptr(SillokSecret) encoded = NULL;
  g_autofree char *recipient = NULL;
  g_autoptr(GError) error = NULL;
  SillokAgeRecipient r, parsed;

  kat_scalar (scalar);
  id = sillok_age_identity_new_from_scalar (scalar);
  sillok_age_identity_get_recipient (id, &r);
  recipient = sillok_age_recipient_encode (&r);
  g_assert_cmpstr (recipient, ==, kat_recipient);

  g_assert_true (sillok_age_recipient_parse (kat_recipient, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (parsed.pk, 32, r.pk, 32);

  encoded = sillok_age_identity_encode (id);
  back = sillok_age_identity_parse (sillok_secret_get_string (encoded), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (sillok_age_identity_get_scalar (back), 32, scalar, 32);

  if (sillok_test_testdata_dir () != NULL)
    {
      g_autofree char *path = g_build_filename (sillok_test_testdata_dir (), "age-kat", "age-kat.key", NULL);
      g_autoptr(GBytes) file = sillok_test_read_file (path);
      g_autoptr(GPtrArray) ids = sillok_age_identity_parse_file (g_bytes_get_data (file, NULL),
                                                                 g_bytes_get_size (file), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, 1);
      g_assert_cmpmem (sillok_age_identity_get_scalar (ids->pdata[0]), 32, scalar, 32);
    }
}

static void
test_age_key_rejects (void)
{
  g_autoptr(GError) error = NULL;
  SillokAgeRecipient r;
  g_autofree char *upper = g_ascii_strup (kat_recipient, -1);
  g_autofree char *flipped = g_strdup (kat_recipient);
  g_autoptr(SillokAgeIdentity) id = NULL;

  flipped[10] = flipped[10] == 'q' ? 'p' : 'q';
  g_assert_false (sillok_age_recipient_parse (upper, &r, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY);
  g_clear_error (&error);
  g_assert_false (sillok_age_recipient_parse (flipped, &r, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY);
  g_clear_error (&error);
  g_assert_false (sillok_age_recipient_parse ("age1pq1abc", &r, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* Identities are upper-case only, as age reads them. */
  {
    guint8 scalar[32];
    g_autoptr(SillokAgeIdentity) kat = NULL;
    g_autoptr(SillokSecret) enc = NULL;
    g_autofree char *lower = NULL;

    kat_scalar (scalar);
    kat = sillok_age_identity_new_from_scalar (scalar);
    enc = sillok_age_identity_encode (kat);
    lower = g_ascii_strdown (sillok_secret_get_string (enc), -1);
    id = sillok_age_identity_parse (lower, &error);
    g_assert_null (id);
    g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY);
    g_clear_error (&error);
  }

  {
    const char *file = "# only a comment\n\n";
    g_autoptr(GPtrArray) ids = sillok_age_identity_parse_file (file, strlen (file), &error);
    g_assert_null (ids);
    g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY);
  }
}

int
main (int argc, char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/bech32/bip173", test_bip173_vectors);
  g_test_add_func ("/bech32/round-trip", test_round_trip);
  g_test_add_func ("/age-keys/kat", test_age_kat_keys);
  g_test_add_func ("/age-keys/rejects", test_age_key_rejects);
  return g_test_run ();
}
