/* sillok-minisign.c: minisign 0.11 key and signature files
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok/sillok-minisign.h"

#define SIGALG         "Ed"
#define SIGALG_HASHED  "ED"
#define KDFALG         "Sc"
#define CHKALG         "B2"
#define DEFAULT_SIG_COMMENT "signature from minisign secret key"
/* Longest line content (without newline) a minisign 0.11 reader takes. */
#define COMMENT_LINE_MAX          (SILLOK_MINISIGN_COMMENT_MAX - 2)
#define TRUSTED_COMMENT_LINE_MAX  (SILLOK_MINISIGN_TRUSTED_COMMENT_MAX - 2)

/* Offsets in the 158-byte secret key structure. */
enum
{
  SK_SIG_ALG = 0,
  SK_KDF_ALG = 2,
  SK_CHK_ALG = 4,
  SK_SALT = 6,
  SK_OPSLIMIT = SK_SALT + SILLOK_MINISIGN_KDF_SALTBYTES,
  SK_MEMLIMIT = SK_OPSLIMIT + 8,
  SK_KEYNUM = SK_MEMLIMIT + 8,
  SK_SK = SK_KEYNUM + SILLOK_MINISIGN_KEYNUMBYTES,
  SK_CHK = SK_SK + SILLOK_MINISIGN_SECRETKEYBYTES,
  SK_END = SK_CHK + SILLOK_MINISIGN_CHECKSUMBYTES,
};
/* keynum, sk and chk: the part XOR-encrypted under scrypt. */
#define SK_ENCRYPTED_BYTES (SK_END - SK_KEYNUM)

G_STATIC_ASSERT (SK_END == SILLOK_MINISIGN_SECKEY_STRUCT_BYTES);

struct _SillokMinisignSecretKey
{
  guint8 *keynum; /* guarded: keynum[8] | sk[64] */
};

G_DEFINE_QUARK (sillok-minisign-error-quark, sillok_minisign_error)

static guint64
le64_load (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static void
le64_store (guint8  *p,
            guint64  v)
{
  for (int i = 0; i < 8; i++, v >>= 8)
    p[i] = v & 0xff;
}

char *
sillok_minisign_key_id_to_string (const guint8 keynum[SILLOK_MINISIGN_KEYNUMBYTES])
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X", le64_load (keynum));
}

gboolean
sillok_minisign_key_id_from_string (const char *str,
                                    guint8      keynum[SILLOK_MINISIGN_KEYNUMBYTES])
{
  guint64 v = 0;

  if (str == NULL || strlen (str) != 16)
    return FALSE;
  for (int i = 0; i < 16; i++)
    {
      int d = g_ascii_xdigit_value (str[i]);
      if (d < 0 || g_ascii_islower (str[i]))
        return FALSE;
      v = (v << 4) | d;
    }
  le64_store (keynum, v);
  return TRUE;
}

static SillokMinisignSecretKey *
secret_key_alloc (void)
{
  SillokMinisignSecretKey *key = g_new0 (SillokMinisignSecretKey, 1);

  key->keynum = sodium_malloc (SILLOK_MINISIGN_KEYNUMBYTES + SILLOK_MINISIGN_SECRETKEYBYTES);
  if (key->keynum == NULL)
    g_error ("out of guarded memory");
  return key;
}

static guint8 *
secret_key_sk (SillokMinisignSecretKey *key)
{
  return key->keynum + SILLOK_MINISIGN_KEYNUMBYTES;
}

SillokMinisignSecretKey *
sillok_minisign_secret_key_generate (void)
{
  SillokMinisignSecretKey *key = secret_key_alloc ();
  guint8 pk[SILLOK_MINISIGN_PUBLICKEYBYTES];

  /* A key id whose first hex digit is not 0 reads the same in minisign
   * 0.11 (no zero padding) and later versions (16 digits). */
  do
    randombytes_buf (key->keynum, SILLOK_MINISIGN_KEYNUMBYTES);
  while (key->keynum[SILLOK_MINISIGN_KEYNUMBYTES - 1] < 0x10);
  crypto_sign_keypair (pk, secret_key_sk (key));
  return key;
}

SillokMinisignSecretKey *
sillok_minisign_secret_key_new_from_seed (const guint8 seed[SILLOK_MINISIGN_SEEDBYTES],
                                          const guint8 keynum[SILLOK_MINISIGN_KEYNUMBYTES])
{
  SillokMinisignSecretKey *key = secret_key_alloc ();
  guint8 pk[SILLOK_MINISIGN_PUBLICKEYBYTES];

  memcpy (key->keynum, keynum, SILLOK_MINISIGN_KEYNUMBYTES);
  crypto_sign_seed_keypair (pk, secret_key_sk (key), seed);
  return key;
}

void
sillok_minisign_secret_key_free (SillokMinisignSecretKey *key)
{
  if (key == NULL)
    return;
  sodium_free (key->keynum);
  g_free (key);
}

const guint8 *
sillok_minisign_secret_key_get_keynum (SillokMinisignSecretKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return key->keynum;
}

SillokSecret *
sillok_minisign_secret_key_get_seed (SillokMinisignSecretKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  /* libsodium's 64-byte secret key is seed | public key. */
  return sillok_secret_new_from_data (secret_key_sk (key), SILLOK_MINISIGN_SEEDBYTES);
}

void
sillok_minisign_secret_key_get_public (SillokMinisignSecretKey *key,
                                       SillokMinisignPublicKey *out)
{
  g_return_if_fail (key != NULL && out != NULL);
  memcpy (out->keynum, key->keynum, SILLOK_MINISIGN_KEYNUMBYTES);
  crypto_sign_ed25519_sk_to_pk (out->pk, secret_key_sk (key));
}

static char *
to_base64 (const guint8 *bin,
           gsize         len)
{
  gsize b64_len = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL);
  char *out = g_malloc (b64_len);

  sodium_bin2base64 (out, b64_len, bin, len, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

/* Strict padded base64 of exactly @expected bytes. */
static gboolean
from_base64 (const char *b64,
             gsize       b64_len,
             guint8     *out,
             gsize       expected)
{
  gsize got = 0;
  const char *end = NULL;

  if (sodium_base642bin (out, expected, b64, b64_len, NULL, &got, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0)
    return FALSE;
  return got == expected && end == b64 + b64_len;
}

static void
seckey_checksum (const guint8 *keynum_sk,
                 guint8        chk[SILLOK_MINISIGN_CHECKSUMBYTES])
{
  crypto_generichash_state st;

  crypto_generichash_init (&st, NULL, 0, SILLOK_MINISIGN_CHECKSUMBYTES);
  crypto_generichash_update (&st, (const guint8 *) SIGALG, 2);
  crypto_generichash_update (&st, keynum_sk,
                             SILLOK_MINISIGN_KEYNUMBYTES + SILLOK_MINISIGN_SECRETKEYBYTES);
  crypto_generichash_final (&st, chk, SILLOK_MINISIGN_CHECKSUMBYTES);
}

static gboolean
comment_is_writable (const char *comment,
                     gsize       max_len)
{
  if (strlen (comment) > max_len || !g_utf8_validate (comment, -1, NULL))
    return FALSE;
  for (const char *p = comment; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\t')
      return FALSE;
    else if (*p == 0x7f)
      return FALSE;
  return TRUE;
}

SillokSecret *
sillok_minisign_secret_key_to_file (SillokMinisignSecretKey *key,
                                    const char   *comment,
                                    SillokSecret *password,
                                    guint64       opslimit,
                                    gsize         memlimit,
                                    GError      **error)
{
  g_autoptr(SillokSecret) st = sillok_secret_new (SILLOK_MINISIGN_SECKEY_STRUCT_BYTES);
  g_autoptr(SillokSecret) b64 = NULL;
  g_autoptr(SillokSecret) file = NULL;
  guint8 *s = sillok_secret_get_data (st);
  gsize b64_len = sodium_base64_ENCODED_LEN (SILLOK_MINISIGN_SECKEY_STRUCT_BYTES,
                                             sodium_base64_VARIANT_ORIGINAL);
  gsize prefix_len = strlen (SILLOK_MINISIGN_COMMENT_PREFIX);

  g_return_val_if_fail (key != NULL, NULL);

  if (comment == NULL)
    comment = password != NULL ? "minisign encrypted secret key" : "minisign secret key";
  if (!comment_is_writable (comment, COMMENT_LINE_MAX - prefix_len))
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_COMMENT,
                           _("The key comment is too long or holds control characters"));
      return NULL;
    }

  memcpy (s + SK_SIG_ALG, SIGALG, 2);
  memcpy (s + SK_CHK_ALG, CHKALG, 2);
  memcpy (s + SK_KEYNUM, key->keynum,
          SILLOK_MINISIGN_KEYNUMBYTES + SILLOK_MINISIGN_SECRETKEYBYTES);

  if (password != NULL)
    {
      g_autoptr(SillokSecret) stream = sillok_secret_new (SK_ENCRYPTED_BYTES);
      guint8 *ks = sillok_secret_get_data (stream);

      memcpy (s + SK_KDF_ALG, KDFALG, 2);
      randombytes_buf (s + SK_SALT, SILLOK_MINISIGN_KDF_SALTBYTES);
      le64_store (s + SK_OPSLIMIT, opslimit);
      le64_store (s + SK_MEMLIMIT, memlimit);
      seckey_checksum (s + SK_KEYNUM, s + SK_CHK);
      if (crypto_pwhash_scryptsalsa208sha256 (ks, SK_ENCRYPTED_BYTES,
                                              sillok_secret_get_string (password),
                                              sillok_secret_get_length (password),
                                              s + SK_SALT, opslimit, memlimit) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("Not enough memory to encrypt the secret key"));
          return NULL;
        }
      for (gsize i = 0; i < SK_ENCRYPTED_BYTES; i++)
        s[SK_KEYNUM + i] ^= ks[i];
    }

  b64 = sillok_secret_new (b64_len);
  sodium_bin2base64 ((char *) sillok_secret_get_data (b64), b64_len, s,
                     SILLOK_MINISIGN_SECKEY_STRUCT_BYTES, sodium_base64_VARIANT_ORIGINAL);

  file = sillok_secret_new (prefix_len + strlen (comment) + 1 + (b64_len - 1) + 1);
  {
    char *out = (char *) sillok_secret_get_data (file);
    gsize n = 0;

    memcpy (out + n, SILLOK_MINISIGN_COMMENT_PREFIX, prefix_len), n += prefix_len;
    memcpy (out + n, comment, strlen (comment)), n += strlen (comment);
    out[n++] = '\n';
    memcpy (out + n, sillok_secret_get_data (b64), b64_len - 1), n += b64_len - 1;
    out[n++] = '\n';
    g_assert (n == sillok_secret_get_length (file));
  }
  return g_steal_pointer (&file);
}

/* Splits @data into at most @max lines on LF, dropping one CR before each
 * LF, as minisign's trim() does.  The last line may lack its LF.  Fails
 * when there are more lines or a NUL byte. */
static gboolean
split_lines (const char *data,
             gsize       len,
             const char *lines[],
             gsize       lens[],
             guint       want,
             GError    **error)
{
  gsize pos = 0;
  guint n = 0;

  if (memchr (data, '\0', len) != NULL)
    goto bad;
  while (pos < len)
    {
      const char *nl = memchr (data + pos, '\n', len - pos);
      gsize end = nl != NULL ? (gsize) (nl - data) : len;
      gsize line_len = end - pos;

      if (n == want)
        goto bad;
      if (line_len > 0 && data[end - 1] == '\r')
        line_len--;
      lines[n] = data + pos;
      lens[n] = line_len;
      n++;
      pos = nl != NULL ? end + 1 : len;
    }
  if (n != want)
    goto bad;
  return TRUE;

bad:
  g_set_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
               _("Expected %u lines"), want);
  return FALSE;
}

static gboolean
has_prefix (const char *line,
            gsize       len,
            const char *prefix)
{
  gsize plen = strlen (prefix);
  return len >= plen && memcmp (line, prefix, plen) == 0;
}

SillokMinisignSecretKey *
sillok_minisign_secret_key_parse (const char   *data,
                                  gsize         len,
                                  SillokSecret *password,
                                  GError      **error)
{
  const char *lines[2];
  gsize lens[2];
  g_autoptr(SillokSecret) st = sillok_secret_new (SILLOK_MINISIGN_SECKEY_STRUCT_BYTES);
  guint8 *s = sillok_secret_get_data (st);
  SillokMinisignSecretKey *key;

  g_return_val_if_fail (data != NULL, NULL);

  if (!split_lines (data, len, lines, lens, 2, error))
    return NULL;
  if (!has_prefix (lines[0], lens[0], SILLOK_MINISIGN_COMMENT_PREFIX) || lens[0] > COMMENT_LINE_MAX)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The secret key file has no untrusted comment line"));
      return NULL;
    }
  if (!from_base64 (lines[1], lens[1], s, SILLOK_MINISIGN_SECKEY_STRUCT_BYTES))
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The secret key is not valid base64 of 158 bytes"));
      return NULL;
    }
  if (memcmp (s + SK_SIG_ALG, SIGALG, 2) != 0 || memcmp (s + SK_CHK_ALG, CHKALG, 2) != 0)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_UNSUPPORTED,
                           _("Unsupported signature or checksum algorithm in the secret key"));
      return NULL;
    }

  if (memcmp (s + SK_KDF_ALG, KDFALG, 2) == 0)
    {
      g_autoptr(SillokSecret) stream = sillok_secret_new (SK_ENCRYPTED_BYTES);
      guint8 *ks = sillok_secret_get_data (stream);
      guint8 chk[SILLOK_MINISIGN_CHECKSUMBYTES];

      if (password == NULL)
        {
          g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_WRONG_PASSWORD,
                               _("The secret key is encrypted and needs a password"));
          return NULL;
        }
      if (crypto_pwhash_scryptsalsa208sha256 (ks, SK_ENCRYPTED_BYTES,
                                              sillok_secret_get_string (password),
                                              sillok_secret_get_length (password),
                                              s + SK_SALT, le64_load (s + SK_OPSLIMIT),
                                              le64_load (s + SK_MEMLIMIT)) != 0)
        {
          g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_UNSUPPORTED,
                               _("The secret key's scrypt limits cannot be met"));
          return NULL;
        }
      for (gsize i = 0; i < SK_ENCRYPTED_BYTES; i++)
        s[SK_KEYNUM + i] ^= ks[i];
      seckey_checksum (s + SK_KEYNUM, chk);
      if (sodium_memcmp (chk, s + SK_CHK, sizeof chk) != 0)
        {
          g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_WRONG_PASSWORD,
                               _("Wrong password for that key"));
          return NULL;
        }
    }
  else if (memcmp (s + SK_KDF_ALG, "\0\0", 2) != 0)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_UNSUPPORTED,
                           _("Unsupported key derivation function in the secret key"));
      return NULL;
    }

  key = secret_key_alloc ();
  memcpy (key->keynum, s + SK_KEYNUM, SILLOK_MINISIGN_KEYNUMBYTES + SILLOK_MINISIGN_SECRETKEYBYTES);
  return key;
}

char *
sillok_minisign_public_key_to_base64 (const SillokMinisignPublicKey *key)
{
  guint8 st[SILLOK_MINISIGN_PUBKEY_STRUCT_BYTES];

  g_return_val_if_fail (key != NULL, NULL);
  memcpy (st, SIGALG, 2);
  memcpy (st + 2, key->keynum, SILLOK_MINISIGN_KEYNUMBYTES);
  memcpy (st + 2 + SILLOK_MINISIGN_KEYNUMBYTES, key->pk, SILLOK_MINISIGN_PUBLICKEYBYTES);
  return to_base64 (st, sizeof st);
}

char *
sillok_minisign_public_key_to_file (const SillokMinisignPublicKey *key)
{
  g_autofree char *id = sillok_minisign_key_id_to_string (key->keynum);
  g_autofree char *b64 = sillok_minisign_public_key_to_base64 (key);

  return g_strdup_printf (SILLOK_MINISIGN_COMMENT_PREFIX "minisign public key %s\n%s\n", id, b64);
}

gboolean
sillok_minisign_public_key_parse_base64 (const char               *b64,
                                         gsize                     len,
                                         SillokMinisignPublicKey  *out,
                                         GError                  **error)
{
  guint8 st[SILLOK_MINISIGN_PUBKEY_STRUCT_BYTES];

  if (!from_base64 (b64, len, st, sizeof st))
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The public key is not valid base64 of 42 bytes"));
      return FALSE;
    }
  if (memcmp (st, SIGALG, 2) != 0)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_UNSUPPORTED,
                           _("Unsupported signature algorithm in the public key"));
      return FALSE;
    }
  memcpy (out->keynum, st + 2, SILLOK_MINISIGN_KEYNUMBYTES);
  memcpy (out->pk, st + 2 + SILLOK_MINISIGN_KEYNUMBYTES, SILLOK_MINISIGN_PUBLICKEYBYTES);
  return TRUE;
}

gboolean
sillok_minisign_public_key_parse (const char               *data,
                                  gsize                     len,
                                  SillokMinisignPublicKey  *out,
                                  GError                  **error)
{
  const char *lines[2];
  gsize lens[2];

  g_return_val_if_fail (data != NULL && out != NULL, FALSE);

  if (!split_lines (data, len, lines, lens, 2, error))
    return FALSE;
  if (!has_prefix (lines[0], lens[0], SILLOK_MINISIGN_COMMENT_PREFIX) || lens[0] > COMMENT_LINE_MAX)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The public key file has no untrusted comment line"));
      return FALSE;
    }
  return sillok_minisign_public_key_parse_base64 (lines[1], lens[1], out, error);
}

void
sillok_minisign_prehash (const guint8 *msg,
                         gsize         len,
                         guint8        hash[SILLOK_MINISIGN_HASHBYTES])
{
  crypto_generichash (hash, SILLOK_MINISIGN_HASHBYTES, msg, len, NULL, 0);
}

static char *
sign_common (SillokMinisignSecretKey *key,
             const char   *alg,
             const guint8 *msg,
             gsize         len,
             const char   *untrusted_comment,
             const char   *trusted_comment,
             GError      **error)
{
  guint8 st[SILLOK_MINISIGN_SIG_STRUCT_BYTES];
  guint8 global_sig[SILLOK_MINISIGN_SIGBYTES];
  g_autofree guint8 *sig_tc = NULL;
  g_autofree char *st_b64 = NULL;
  g_autofree char *global_b64 = NULL;
  gsize tc_len;

  if (untrusted_comment == NULL)
    untrusted_comment = DEFAULT_SIG_COMMENT;
  if (!comment_is_writable (untrusted_comment, COMMENT_LINE_MAX - strlen (SILLOK_MINISIGN_COMMENT_PREFIX))
      || !comment_is_writable (trusted_comment,
                               TRUSTED_COMMENT_LINE_MAX - strlen (SILLOK_MINISIGN_TRUSTED_COMMENT_PREFIX)))
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_COMMENT,
                           _("A signature comment is too long or holds control characters"));
      return NULL;
    }

  memcpy (st, alg, 2);
  memcpy (st + 2, key->keynum, SILLOK_MINISIGN_KEYNUMBYTES);
  crypto_sign_detached (st + 2 + SILLOK_MINISIGN_KEYNUMBYTES, NULL, msg, len, secret_key_sk (key));

  tc_len = strlen (trusted_comment);
  sig_tc = g_malloc (SILLOK_MINISIGN_SIGBYTES + tc_len);
  memcpy (sig_tc, st + 2 + SILLOK_MINISIGN_KEYNUMBYTES, SILLOK_MINISIGN_SIGBYTES);
  memcpy (sig_tc + SILLOK_MINISIGN_SIGBYTES, trusted_comment, tc_len);
  crypto_sign_detached (global_sig, NULL, sig_tc, SILLOK_MINISIGN_SIGBYTES + tc_len,
                        secret_key_sk (key));

  st_b64 = to_base64 (st, sizeof st);
  global_b64 = to_base64 (global_sig, sizeof global_sig);
  return g_strdup_printf (SILLOK_MINISIGN_COMMENT_PREFIX "%s\n%s\n"
                          SILLOK_MINISIGN_TRUSTED_COMMENT_PREFIX "%s\n%s\n",
                          untrusted_comment, st_b64, trusted_comment, global_b64);
}

char *
sillok_minisign_sign_prehashed (SillokMinisignSecretKey *key,
                                const guint8  hash[SILLOK_MINISIGN_HASHBYTES],
                                const char   *untrusted_comment,
                                const char   *trusted_comment,
                                GError      **error)
{
  g_return_val_if_fail (key != NULL && hash != NULL && trusted_comment != NULL, NULL);
  return sign_common (key, SIGALG_HASHED, hash, SILLOK_MINISIGN_HASHBYTES,
                      untrusted_comment, trusted_comment, error);
}

char *
sillok_minisign_sign (SillokMinisignSecretKey *key,
                      const guint8 *msg,
                      gsize         len,
                      const char   *untrusted_comment,
                      const char   *trusted_comment,
                      GError      **error)
{
  guint8 hash[SILLOK_MINISIGN_HASHBYTES];

  g_return_val_if_fail (key != NULL && (msg != NULL || len == 0), NULL);
  sillok_minisign_prehash (msg, len, hash);
  return sillok_minisign_sign_prehashed (key, hash, untrusted_comment, trusted_comment, error);
}

SillokMinisignSignature *
sillok_minisign_signature_parse (const char  *data,
                                 gsize        len,
                                 GError     **error)
{
  const char *lines[4];
  gsize lens[4];
  guint8 st[SILLOK_MINISIGN_SIG_STRUCT_BYTES];
  gsize tc_prefix = strlen (SILLOK_MINISIGN_TRUSTED_COMMENT_PREFIX);
  gsize uc_prefix = strlen (SILLOK_MINISIGN_COMMENT_PREFIX);
  g_autoptr(SillokMinisignSignature) sig = g_new0 (SillokMinisignSignature, 1);

  g_return_val_if_fail (data != NULL, NULL);

  if (!split_lines (data, len, lines, lens, 4, error))
    {
      g_prefix_error (error, _("Not a minisign signature: "));
      return NULL;
    }
  if (!has_prefix (lines[0], lens[0], SILLOK_MINISIGN_COMMENT_PREFIX) || lens[0] > COMMENT_LINE_MAX)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The signature's first line is not an untrusted comment"));
      return NULL;
    }
  if (!from_base64 (lines[1], lens[1], st, sizeof st))
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The signature line is not valid base64 of 74 bytes"));
      return NULL;
    }
  if (!has_prefix (lines[2], lens[2], SILLOK_MINISIGN_TRUSTED_COMMENT_PREFIX)
      || lens[2] > TRUSTED_COMMENT_LINE_MAX)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The signature's third line is not a trusted comment"));
      return NULL;
    }
  if (!from_base64 (lines[3], lens[3], sig->global_sig, SILLOK_MINISIGN_SIGBYTES))
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_FORMAT,
                           _("The global signature line is not valid base64 of 64 bytes"));
      return NULL;
    }

  if (memcmp (st, SIGALG_HASHED, 2) == 0)
    sig->prehashed = TRUE;
  else if (memcmp (st, SIGALG, 2) == 0)
    sig->prehashed = FALSE;
  else
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_UNSUPPORTED,
                           _("Unsupported signature algorithm"));
      return NULL;
    }
  memcpy (sig->keynum, st + 2, SILLOK_MINISIGN_KEYNUMBYTES);
  memcpy (sig->sig, st + 2 + SILLOK_MINISIGN_KEYNUMBYTES, SILLOK_MINISIGN_SIGBYTES);
  sig->untrusted_comment = g_strndup (lines[0] + uc_prefix, lens[0] - uc_prefix);
  sig->trusted_comment = g_strndup (lines[2] + tc_prefix, lens[2] - tc_prefix);
  return g_steal_pointer (&sig);
}

void
sillok_minisign_signature_free (SillokMinisignSignature *sig)
{
  if (sig == NULL)
    return;
  g_free (sig->untrusted_comment);
  g_free (sig->trusted_comment);
  g_free (sig);
}

static gboolean
verify_common (const SillokMinisignPublicKey *key,
               const SillokMinisignSignature *sig,
               const guint8  *msg,
               gsize          len,
               GError       **error)
{
  g_autofree guint8 *sig_tc = NULL;
  gsize tc_len = strlen (sig->trusted_comment);

  if (memcmp (sig->keynum, key->keynum, SILLOK_MINISIGN_KEYNUMBYTES) != 0)
    {
      g_autofree char *sig_id = sillok_minisign_key_id_to_string (sig->keynum);
      g_autofree char *key_id = sillok_minisign_key_id_to_string (key->keynum);

      g_set_error (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_KEY_ID_MISMATCH,
                   _("Signed by key %s, not by key %s"), sig_id, key_id);
      return FALSE;
    }
  if (crypto_sign_verify_detached (sig->sig, msg, len, key->pk) != 0)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_SIGNATURE,
                           _("The signature does not match the signed data"));
      return FALSE;
    }

  sig_tc = g_malloc (SILLOK_MINISIGN_SIGBYTES + tc_len);
  memcpy (sig_tc, sig->sig, SILLOK_MINISIGN_SIGBYTES);
  memcpy (sig_tc + SILLOK_MINISIGN_SIGBYTES, sig->trusted_comment, tc_len);
  if (crypto_sign_verify_detached (sig->global_sig, sig_tc, SILLOK_MINISIGN_SIGBYTES + tc_len,
                                   key->pk) != 0)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_GLOBAL_SIGNATURE,
                           _("The trusted comment does not match its signature"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sillok_minisign_verify_prehashed (const SillokMinisignPublicKey *key,
                                  const SillokMinisignSignature *sig,
                                  const guint8  hash[SILLOK_MINISIGN_HASHBYTES],
                                  GError      **error)
{
  g_return_val_if_fail (key != NULL && sig != NULL && hash != NULL, FALSE);

  if (!sig->prehashed)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_LEGACY,
                           _("Legacy (non-prehashed) signature found"));
      return FALSE;
    }
  return verify_common (key, sig, hash, SILLOK_MINISIGN_HASHBYTES, error);
}

gboolean
sillok_minisign_verify (const SillokMinisignPublicKey *key,
                        const SillokMinisignSignature *sig,
                        const guint8 *msg,
                        gsize         len,
                        SillokMinisignVerifyFlags flags,
                        GError      **error)
{
  guint8 hash[SILLOK_MINISIGN_HASHBYTES];

  g_return_val_if_fail (key != NULL && sig != NULL && (msg != NULL || len == 0), FALSE);

  if (sig->prehashed)
    {
      sillok_minisign_prehash (msg, len, hash);
      return verify_common (key, sig, hash, sizeof hash, error);
    }
  if ((flags & SILLOK_MINISIGN_VERIFY_ALLOW_LEGACY) == 0)
    {
      g_set_error_literal (error, SILLOK_MINISIGN_ERROR, SILLOK_MINISIGN_ERROR_LEGACY,
                           _("Legacy (non-prehashed) signature found"));
      return FALSE;
    }
  return verify_common (key, sig, msg, len, error);
}
