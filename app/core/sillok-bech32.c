/* sillok-bech32.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok-bech32.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static guint32
polymod_step (guint32 chk,
              guint8  value)
{
  static const guint32 gen[5] = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3 };
  guint8 top = chk >> 25;

  chk = ((chk & 0x1ffffff) << 5) ^ value;
  for (int i = 0; i < 5; i++)
    if ((top >> i) & 1)
      chk ^= gen[i];
  return chk;
}

/* The checksum state after the lower-cased HRP's expansion. */
static guint32
polymod_hrp (const char *hrp,
             gsize       hrp_len)
{
  guint32 chk = 1;

  for (gsize i = 0; i < hrp_len; i++)
    chk = polymod_step (chk, g_ascii_tolower (hrp[i]) >> 5);
  chk = polymod_step (chk, 0);
  for (gsize i = 0; i < hrp_len; i++)
    chk = polymod_step (chk, g_ascii_tolower (hrp[i]) & 31);
  return chk;
}

/* Regroups bits; when decoding (!pad) rejects ≥ 5 padding bits or non-zero padding. */
static GByteArray *
convert_bits (const guint8 *in,
              gsize         len,
              guint         from,
              guint         to,
              gboolean      pad)
{
  GByteArray *out = g_byte_array_new ();
  guint32 acc = 0;
  guint bits = 0;
  guint32 maxv = (1u << to) - 1;

  for (gsize i = 0; i < len; i++)
    {
      acc = (acc << from) | in[i];
      bits += from;
      while (bits >= to)
        {
          guint8 v;
          bits -= to;
          v = (acc >> bits) & maxv;
          g_byte_array_append (out, &v, 1);
        }
    }
  if (pad)
    {
      if (bits > 0)
        {
          guint8 v = (acc << (to - bits)) & maxv;
          g_byte_array_append (out, &v, 1);
        }
    }
  else if (bits >= from || ((acc << (to - bits)) & maxv) != 0)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return out;
}

char *
sillok_bech32_encode (const char   *hrp,
                      const guint8 *data,
                      gsize         len,
                      gboolean      upper)
{
  g_autoptr(GByteArray) five = convert_bits (data, len, 8, 5, TRUE);
  GString *out = g_string_new (NULL);
  gsize hrp_len = strlen (hrp);
  guint32 chk = polymod_hrp (hrp, hrp_len);

  for (gsize i = 0; i < hrp_len; i++)
    g_string_append_c (out, g_ascii_tolower (hrp[i]));
  g_string_append_c (out, '1');
  for (guint i = 0; i < five->len; i++)
    {
      chk = polymod_step (chk, five->data[i]);
      g_string_append_c (out, charset[five->data[i]]);
    }
  for (int i = 0; i < 6; i++)
    chk = polymod_step (chk, 0);
  chk ^= 1;
  for (int i = 0; i < 6; i++)
    g_string_append_c (out, charset[(chk >> (5 * (5 - i))) & 31]);

  if (upper)
    for (gsize i = 0; i < out->len; i++)
      out->str[i] = g_ascii_toupper (out->str[i]);
  /* The data may be a secret key: leave no copy in freed memory. */
  sodium_memzero (five->data, five->len);
  return g_string_free (out, FALSE);
}

gboolean
sillok_bech32_decode (const char  *str,
                      char       **hrp,
                      GBytes     **data)
{
  gsize len = strlen (str);
  gboolean has_lower = FALSE, has_upper = FALSE;
  const char *sep;
  gsize hrp_len, n5;
  g_autofree guint8 *five = NULL;
  g_autoptr(GByteArray) eight = NULL;
  guint32 chk;

  for (gsize i = 0; i < len; i++)
    {
      if (str[i] < 33 || str[i] > 126)
        return FALSE;
      has_lower |= g_ascii_islower (str[i]);
      has_upper |= g_ascii_isupper (str[i]);
    }
  if (has_lower && has_upper)
    return FALSE;

  sep = strrchr (str, '1');
  if (sep == NULL || sep == str || (gsize) (str + len - sep) < 7)
    return FALSE;
  hrp_len = sep - str;
  n5 = len - hrp_len - 1;

  five = g_malloc (n5);
  chk = polymod_hrp (str, hrp_len);
  for (gsize i = 0; i < n5; i++)
    {
      const char *p = strchr (charset, g_ascii_tolower (sep[1 + i]));
      if (p == NULL || sep[1 + i] == '\0')
        return FALSE;
      five[i] = p - charset;
      chk = polymod_step (chk, five[i]);
    }
  if (chk != 1)
    return FALSE;

  eight = convert_bits (five, n5 - 6, 5, 8, FALSE);
  sodium_memzero (five, n5);
  if (eight == NULL)
    return FALSE;
  *hrp = g_strndup (str, hrp_len);
  *data = g_byte_array_free_to_bytes (g_steal_pointer (&eight));
  return TRUE;
}
