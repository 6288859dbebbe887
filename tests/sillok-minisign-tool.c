/* sillok-minisign-tool.c: drives Sillok's minisign module from test scripts
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   keygen PUB SEC            new key pair; SEC unencrypted (minisign -W style)
 *   pub SEC                   print the public key file of an unencrypted SEC
 *   sign SEC MSG SIG COMMENT  prehashed signature with a trusted comment
 *   verify PUB MSG SIG        exit 0 if valid, else 1 naming the failed check
 */
#include "sillok-config.h"

#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"

static GBytes *
slurp (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (2);
    }
  return g_bytes_new_take (data, len);
}

static SillokMinisignSecretKey *
load_secret (const char *path)
{
  g_autoptr(GBytes) file = slurp (path);
  g_autoptr(GError) error = NULL;
  SillokMinisignSecretKey *key = sillok_minisign_secret_key_parse (g_bytes_get_data (file, NULL),
                                                                   g_bytes_get_size (file), NULL, &error);
  if (key == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (2);
    }
  return key;
}

static void
put (const char *path,
     const char *data,
     gsize       len)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, len, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (2);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  if (!sillok_init (&error) || argc < 2)
    return 2;

  if (strcmp (argv[1], "keygen") == 0 && argc == 4)
    {
      g_autoptr(SillokMinisignSecretKey) key = sillok_minisign_secret_key_generate ();
      g_autoptr(SillokSecret) sec = sillok_minisign_secret_key_to_file (key, NULL, NULL, 0, 0, &error);
      g_autofree char *pub = NULL;
      SillokMinisignPublicKey pk;

      sillok_minisign_secret_key_get_public (key, &pk);
      pub = sillok_minisign_public_key_to_file (&pk);
      put (argv[2], pub, -1);
      put (argv[3], sillok_secret_get_string (sec), sillok_secret_get_length (sec));
      return 0;
    }
  if (strcmp (argv[1], "pub") == 0 && argc == 3)
    {
      g_autoptr(SillokMinisignSecretKey) key = load_secret (argv[2]);
      g_autofree char *pub = NULL;
      SillokMinisignPublicKey pk;

      sillok_minisign_secret_key_get_public (key, &pk);
      pub = sillok_minisign_public_key_to_file (&pk);
      g_print ("%s", pub);
      return 0;
    }
  if (strcmp (argv[1], "sign") == 0 && argc == 6)
    {
      g_autoptr(SillokMinisignSecretKey) key = load_secret (argv[2]);
      g_autoptr(GBytes) msg = slurp (argv[3]);
      g_autofree char *sig = sillok_minisign_sign (key, g_bytes_get_data (msg, NULL), g_bytes_get_size (msg),
                                                   NULL, argv[5], &error);
      if (sig == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      put (argv[4], sig, -1);
      return 0;
    }
  if (strcmp (argv[1], "verify") == 0 && argc == 5)
    {
      g_autoptr(GBytes) pubfile = slurp (argv[2]);
      g_autoptr(GBytes) msg = slurp (argv[3]);
      g_autoptr(GBytes) sigfile = slurp (argv[4]);
      g_autoptr(SillokMinisignSignature) sig = NULL;
      SillokMinisignPublicKey pk;

      if (!sillok_minisign_public_key_parse (g_bytes_get_data (pubfile, NULL), g_bytes_get_size (pubfile), &pk, &error)
          || (sig = sillok_minisign_signature_parse (g_bytes_get_data (sigfile, NULL), g_bytes_get_size (sigfile),
                                                     &error)) == NULL
          || !sillok_minisign_verify (&pk, sig, g_bytes_get_data (msg, NULL), g_bytes_get_size (msg), 0, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("valid: %s\n", sig->trusted_comment);
      return 0;
    }
  g_printerr ("usage: see the comment at the top of sillok-minisign-tool.c\n");
  return 2;
}
