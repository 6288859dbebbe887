/* test-age.c: age v1 encryption and decryption
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok-age-private.h"
#include "sillok-test-utils.h"

#define CHUNK   SILLOK_AGE_CHUNK_BYTES
#define ECHUNK  SILLOK_AGE_ENCRYPTED_CHUNK_BYTES
#define MIB     (1024 * 1024)
/* Work factor for tests: 1 MiB of scrypt memory. */
#define TEST_WORK_FACTOR 10

/* Helpers */

static GBytes *
make_data (gsize  size,
           guint8 seed)
{
  guint8 key[randombytes_SEEDBYTES] = { seed };
  guint8 *data = g_malloc (size + 1);

  randombytes_buf_deterministic (data, size, key);
  return g_bytes_new_take (data, size);
}

static GInputStream *
bytes_stream (GBytes *bytes)
{
  return g_memory_input_stream_new_from_bytes (bytes);
}

static GBytes *
memory_output_steal (GOutputStream *out)
{
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GBytes *
encrypt_to_recipients (GBytes                   *plain,
                       const SillokAgeRecipient *recipients,
                       gsize                     n,
                       gboolean                  armor)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_recipients (out, recipients, n);
  g_autoptr(GInputStream) in = bytes_stream (plain);
  g_autoptr(GError) error = NULL;

  sillok_age_encryptor_set_armor (enc, armor);
  g_assert_true (sillok_age_encryptor_splice (enc, in, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sillok_age_encryptor_get_buffer_size (enc), ==, 0);
  return memory_output_steal (out);
}

static GBytes *
encrypt_to_identity (GBytes            *plain,
                     SillokAgeIdentity *identity)
{
  SillokAgeRecipient r;

  sillok_age_identity_get_recipient (identity, &r);
  return encrypt_to_recipients (plain, &r, 1, FALSE);
}

static GBytes *
encrypt_with_passphrase (GBytes     *plain,
                         const char *passphrase,
                         guint       work_factor)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(SillokSecret) secret = sillok_secret_new_from_string (passphrase);
  g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_passphrase (out, secret, work_factor);
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_age_encryptor_write (enc, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                                             NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_age_encryptor_finish (enc, NULL, &error));
  g_assert_no_error (error);
  return memory_output_steal (out);
}

/* Decrypts all it can; returns the plaintext released before any error. */
static GBytes *
decrypt_with (GBytes              *cipher,
              SillokAgeIdentity   *identity,
              const char          *passphrase,
              SillokAgeInputFormat format,
              GError             **error)
{
  g_autoptr(GInputStream) in = bytes_stream (cipher);
  g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
  g_autoptr(GByteArray) out = g_byte_array_new ();

  if (identity != NULL)
    sillok_age_decryptor_add_identity (dec, identity);
  if (passphrase != NULL)
    {
      g_autoptr(SillokSecret) secret = sillok_secret_new_from_string (passphrase);

      sillok_age_decryptor_add_passphrase (dec, secret);
    }
  sillok_age_decryptor_set_input_format (dec, format);
  for (;;)
    {
      const guint8 *data;
      gsize len = 0;

      if (!sillok_age_decryptor_read_chunk (dec, &data, &len, NULL, error))
        break;
      if (len == 0)
        break;
      g_byte_array_append (out, data, len);
      g_assert_cmpuint (sillok_age_decryptor_get_buffer_size (dec), <=, ECHUNK + CHUNK + 2 * 4096);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
assert_prefix (GBytes *released,
               GBytes *plain,
               gsize   len)
{
  g_assert_cmpuint (g_bytes_get_size (released), ==, len);
  g_assert_cmpmem (g_bytes_get_data (released, NULL), len, g_bytes_get_data (plain, NULL), len);
}

static gsize
ciphertext_size (gsize header,
                 gsize plain)
{
  gsize chunks = MAX (1, (plain + CHUNK - 1) / CHUNK);

  return header + SILLOK_AGE_NONCE_BYTES + plain + chunks * SILLOK_AGE_TAG_BYTES;
}

/* The header's length: up to the LF after "--- MAC". */
static gsize
header_length (GBytes *cipher)
{
  gsize size;
  const char *data = g_bytes_get_data (cipher, &size);
  const char *mac = g_strstr_len (data, MIN (size, 4096), "\n--- ");

  g_assert_nonnull (mac);
  return mac - data + 1 + 4 + 43 + 1;
}

static GBytes *
with_byte (GBytes *bytes,
           gsize   offset,
           guint8  value)
{
  gsize size;
  guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));

  g_assert_cmpuint (offset, <, size);
  copy[offset] = value;
  return g_bytes_new_take (copy, size);
}

static guint8
byte_at (GBytes *bytes,
         gsize   offset)
{
  return ((const guint8 *) g_bytes_get_data (bytes, NULL))[offset];
}

/* Another base64 character, so the line stays well formed. */
static GBytes *
with_other_b64_char (GBytes *bytes,
                     gsize   offset)
{
  return with_byte (bytes, offset, byte_at (bytes, offset) == 'A' ? 'B' : 'A');
}

static GBytes *
concat (GBytes       *a,
        const void   *more,
        gsize         len)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_byte_array_append (out, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_byte_array_append (out, more, len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The testkit */

typedef struct
{
  char      *expect;
  char      *payload;
  GPtrArray *identities;
  GPtrArray *passphrases;
  gboolean   armored;
  gboolean   compressed;
  char      *unknown_key;   /* the testkit says to skip such files */
  gsize      body_offset;
} Vector;

static void
vector_clear (Vector *v)
{
  g_free (v->expect);
  g_free (v->payload);
  g_free (v->unknown_key);
  g_ptr_array_unref (v->identities);
  g_ptr_array_unref (v->passphrases);
}

static void
vector_parse (const char *data,
              gsize       len,
              Vector     *v)
{
  const char *end = g_strstr_len (data, len, "\n\n");
  g_autofree char *head = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (end);
  memset (v, 0, sizeof *v);
  v->identities = g_ptr_array_new_with_free_func (g_free);
  v->passphrases = g_ptr_array_new_with_free_func (g_free);
  v->body_offset = end - data + 2;
  head = g_strndup (data, end - data);
  lines = g_strsplit (head, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strstr (lines[i], ": ");
      g_autofree char *key = NULL;
      const char *value;

      g_assert_nonnull (colon);
      key = g_strndup (lines[i], colon - lines[i]);
      value = colon + 2;
      if (strcmp (key, "expect") == 0)
        v->expect = g_strdup (value);
      else if (strcmp (key, "payload") == 0)
        v->payload = g_strdup (value);
      else if (strcmp (key, "identity") == 0)
        g_ptr_array_add (v->identities, g_strdup (value));
      else if (strcmp (key, "passphrase") == 0)
        g_ptr_array_add (v->passphrases, g_strdup (value));
      else if (strcmp (key, "armored") == 0)
        v->armored = strcmp (value, "yes") == 0;
      else if (strcmp (key, "compressed") == 0)
        v->compressed = strcmp (value, "zlib") == 0;
      else if (strcmp (key, "file key") != 0 && strcmp (key, "comment") != 0 && v->unknown_key == NULL)
        v->unknown_key = g_strdup (key);
    }
  g_assert_nonnull (v->expect);
}

static const char *
outcome_class (const GError *error)
{
  if (error == NULL)
    return "success";
  if (error->domain != SILLOK_AGE_ERROR)
    return "unexpected error";
  switch (error->code)
    {
    case SILLOK_AGE_ERROR_HEADER:
      return "header failure";
    case SILLOK_AGE_ERROR_NO_MATCH:
      return "no match";
    case SILLOK_AGE_ERROR_HMAC:
      return "HMAC failure";
    case SILLOK_AGE_ERROR_PAYLOAD:
      return "payload failure";
    case SILLOK_AGE_ERROR_ARMOR:
      return "armor failure";
    default:
      return "unexpected age error";
    }
}

static gboolean
vector_is_post_quantum (const Vector *v)
{
  for (guint i = 0; i < v->identities->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (v->identities, i), "AGE-SECRET-KEY-PQ-1"))
      return TRUE;
  return FALSE;
}

/* Decrypts the vector's file; returns the outcome class and the hex
 * SHA-256 of the plaintext released. */
static const char *
vector_run (const Vector         *v,
            GBytes               *file,
            SillokAgeInputFormat  format,
            char                **payload_hex,
            GError              **error)
{
  g_autoptr(GBytes) body = g_bytes_new_from_bytes (file, v->body_offset, g_bytes_get_size (file) - v->body_offset);
  g_autoptr(GInputStream) raw = bytes_stream (body);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(SillokAgeDecryptor) dec = NULL;
  crypto_hash_sha256_state sha;
  guint8 digest[crypto_hash_sha256_BYTES];

  if (v->compressed)
    {
      g_autoptr(GZlibDecompressor) zlib = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);

      in = g_converter_input_stream_new (raw, G_CONVERTER (zlib));
    }
  else
    in = g_object_ref (raw);

  dec = sillok_age_decryptor_new (in);
  sillok_age_decryptor_set_input_format (dec, format);
  for (guint i = 0; i < v->identities->len; i++)
    {
      g_autoptr(SillokAgeIdentity) id = sillok_age_identity_parse (g_ptr_array_index (v->identities, i), NULL);

      g_assert_nonnull (id);
      sillok_age_decryptor_add_identity (dec, id);
    }
  for (guint i = 0; i < v->passphrases->len; i++)
    {
      g_autoptr(SillokSecret) p = sillok_secret_new_from_string (g_ptr_array_index (v->passphrases, i));

      sillok_age_decryptor_add_passphrase (dec, p);
    }
  if (v->identities->len == 0 && v->passphrases->len == 0)
    {
      /* Vectors that fail before any key is tried name none. */
      g_autoptr(SillokAgeIdentity) any = sillok_age_identity_generate ();

      sillok_age_decryptor_add_identity (dec, any);
    }

  crypto_hash_sha256_init (&sha);
  for (;;)
    {
      const guint8 *data;
      gsize len = 0;

      if (!sillok_age_decryptor_read_chunk (dec, &data, &len, NULL, error))
        break;
      if (len == 0)
        break;
      crypto_hash_sha256_update (&sha, data, len);
    }
  crypto_hash_sha256_final (&sha, digest);
  *payload_hex = sillok_test_hex (digest, sizeof digest);
  return outcome_class (error != NULL ? *error : NULL);
}

static GPtrArray *
testkit_names (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (strcmp (name, "INDEX.tsv") != 0 && strcmp (name, "README.md") != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static void
test_testkit (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  guint passed = 0, failed = 0, skipped = 0;

  if (!sillok_test_require_testdata ())
    return;
  dir = g_build_filename (sillok_test_testdata_dir (), "age", NULL);
  names = testkit_names (dir);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GBytes) file = sillok_test_read_file (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *hex = NULL;
      const char *got;
      Vector v;

      vector_parse (g_bytes_get_data (file, NULL), g_bytes_get_size (file), &v);
      if (vector_is_post_quantum (&v))
        {
          g_test_message ("skipped %s: post-quantum (mlkem768x25519) identities need ML-KEM-768, "
                          "which libsodium 1.0.18 lacks", name);
          skipped++;
          vector_clear (&v);
          continue;
        }
      if (v.unknown_key != NULL)
        {
          g_test_message ("skipped %s: unknown key “%s”", name, v.unknown_key);
          skipped++;
          vector_clear (&v);
          continue;
        }
      /* As age's own testkit runner: armored vectors go through the armor
       * reader, the others are read as they come. */
      got = vector_run (&v, file, v.armored ? SILLOK_AGE_INPUT_ARMORED : SILLOK_AGE_INPUT_AUTO, &hex, &error);
      if (strcmp (got, v.expect) != 0)
        {
          g_test_message ("FAILED %s: expected %s, got %s (%s)", name, v.expect, got,
                          error != NULL ? error->message : "no error");
          failed++;
        }
      else if (v.payload != NULL && strcmp (v.payload, hex) != 0)
        {
          g_test_message ("FAILED %s: %s as expected, but the released plaintext hashes to %s, not %s",
                          name, got, hex, v.payload);
          failed++;
        }
      else
        passed++;
      vector_clear (&v);
    }
  g_test_message ("age testkit: %u passed, %u failed, %u skipped", passed, failed, skipped);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (passed + skipped, ==, 143);
  g_assert_cmpuint (skipped, ==, 19);
}

/* Every armored vector age decrypts is found by detection too. */
static void
test_testkit_armor_detected (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  guint checked = 0;

  if (!sillok_test_require_testdata ())
    return;
  dir = g_build_filename (sillok_test_testdata_dir (), "age", NULL);
  names = testkit_names (dir);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GBytes) file = sillok_test_read_file (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *hex = NULL;
      Vector v;

      vector_parse (g_bytes_get_data (file, NULL), g_bytes_get_size (file), &v);
      if (v.armored && strcmp (v.expect, "success") == 0 && !vector_is_post_quantum (&v))
        {
          g_assert_cmpstr (vector_run (&v, file, SILLOK_AGE_INPUT_AUTO, &hex, &error), ==, "success");
          g_assert_cmpstr (hex, ==, v.payload);
          checked++;
        }
      vector_clear (&v);
    }
  g_assert_cmpuint (checked, ==, 6);
}

/* The known-answer file */

typedef struct
{
  GQueue chunks;   /* GBytes, handed out in order */
} ScriptedRandom;

static void
scripted_random (guint8   *buf,
                 gsize     len,
                 gpointer  user_data)
{
  ScriptedRandom *r = user_data;
  g_autoptr(GBytes) next = g_queue_pop_head (&r->chunks);

  g_assert_nonnull (next);
  g_assert_cmpuint (g_bytes_get_size (next), ==, len);
  memcpy (buf, g_bytes_get_data (next, NULL), len);
}

static GBytes *
counting_bytes (guint8 first,
                gsize  len)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = first + i;
  return g_bytes_new_take (data, len);
}

static void
test_kat_encrypt (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(SillokAgeEncryptor) enc = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recipient_str = NULL;
  ScriptedRandom random = { G_QUEUE_INIT };
  guint8 scalar[SILLOK_AGE_KEYBYTES];
  g_autoptr(SillokAgeIdentity) identity = NULL;
  SillokAgeRecipient recipient;

  if (!sillok_test_require_testdata ())
    return;
  path = g_build_filename (sillok_test_testdata_dir (), "age-kat", "age-kat.age", NULL);
  expected = sillok_test_read_file (path);

  for (guint i = 0; i < sizeof scalar; i++)
    scalar[i] = 0x11 + i;
  identity = sillok_age_identity_new_from_scalar (scalar);
  sillok_age_identity_get_recipient (identity, &recipient);
  recipient_str = sillok_age_recipient_encode (&recipient);
  g_assert_cmpstr (recipient_str, ==, "age1f5nmem33xhzfgjeg6f7aszds00sscdgkp5spx89206z4w4yc6p7qc8x4m9");

  g_queue_push_tail (&random.chunks, counting_bytes (0x51, SILLOK_AGE_FILE_KEY_BYTES));
  g_queue_push_tail (&random.chunks, counting_bytes (0x71, SILLOK_AGE_KEYBYTES));
  g_queue_push_tail (&random.chunks, counting_bytes (0x91, SILLOK_AGE_NONCE_BYTES));
  enc = sillok_age_encryptor_new_for_recipients (out, &recipient, 1);
  sillok_age_encryptor_set_random_func (enc, scripted_random, &random);
  g_assert_true (sillok_age_encryptor_write (enc, "hello, age\n", 11, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_age_encryptor_finish (enc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_queue_is_empty (&random.chunks));

  got = memory_output_steal (out);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 211);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpuint (header_length (got), ==, 168);
}

static void
test_kat_decrypt (void)
{
  g_autofree char *age_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;

  if (!sillok_test_require_testdata ())
    return;
  age_path = g_build_filename (sillok_test_testdata_dir (), "age-kat", "age-kat.age", NULL);
  key_path = g_build_filename (sillok_test_testdata_dir (), "age-kat", "age-kat.key", NULL);
  file = sillok_test_read_file (age_path);
  key = sillok_test_read_file (key_path);
  identities = sillok_age_identity_parse_file (g_bytes_get_data (key, NULL), g_bytes_get_size (key), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (identities->len, ==, 1);

  plain = decrypt_with (file, g_ptr_array_index (identities, 0), NULL, SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), "hello, age\n", 11);
}

/* Round trips */

static const gsize round_trip_sizes[] = { 0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * MIB + 123 };

static void
test_round_trip_x25519 (void)
{
  SillokAgeIdentity *ids[3];
  SillokAgeRecipient recipients[3];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ids[i] = sillok_age_identity_generate ();
      sillok_age_identity_get_recipient (ids[i], &recipients[i]);
    }
  for (guint s = 0; s < G_N_ELEMENTS (round_trip_sizes); s++)
    {
      gsize size = round_trip_sizes[s];
      g_autoptr(GBytes) plain = make_data (size, s);
      g_autoptr(GBytes) cipher = encrypt_to_recipients (plain, recipients, 3, FALSE);
      g_autoptr(SillokAgeIdentity) stranger = sillok_age_identity_generate ();
      g_autoptr(GBytes) nothing = NULL;
      g_autoptr(GError) no_match = NULL;

      g_test_message ("X25519, 3 recipients, %" G_GSIZE_FORMAT " bytes", size);
      g_assert_cmpuint (g_bytes_get_size (cipher), ==, ciphertext_size (header_length (cipher), size));
      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) got = decrypt_with (cipher, ids[i], NULL, SILLOK_AGE_INPUT_AUTO, &error);

          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (got, plain));
        }
      nothing = decrypt_with (cipher, stranger, NULL, SILLOK_AGE_INPUT_AUTO, &no_match);
      g_assert_error (no_match, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_NO_MATCH);
      g_assert_cmpstr (no_match->message, ==, "The file is not encrypted to this identity");
      g_assert_cmpuint (g_bytes_get_size (nothing), ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    sillok_age_identity_free (ids[i]);
}

/* Identities are tried in turn; the message counts them. */
static void
test_several_identities (void)
{
  g_autoptr(SillokAgeIdentity) ours = sillok_age_identity_generate ();
  g_autoptr(SillokAgeIdentity) other1 = sillok_age_identity_generate ();
  g_autoptr(SillokAgeIdentity) other2 = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (1000, 19);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, ours);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GInputStream) in = bytes_stream (cipher);
      g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;

      sillok_age_decryptor_add_identity (dec, other1);
      sillok_age_decryptor_add_identity (dec, other2);
      if (pass == 1)
        sillok_age_decryptor_add_identity (dec, ours);
      if (pass == 0)
        {
          g_assert_false (sillok_age_decryptor_splice (dec, out, NULL, NULL, NULL, &error));
          g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_NO_MATCH);
          g_assert_cmpstr (error->message, ==, "The file is not encrypted to any of these identities");
        }
      else
        {
          g_autoptr(GBytes) got = NULL;

          g_assert_true (sillok_age_decryptor_splice (dec, out, NULL, NULL, NULL, &error));
          g_assert_no_error (error);
          got = memory_output_steal (out);
          g_assert_true (g_bytes_equal (got, plain));
        }
    }
}

static void
test_round_trip_scrypt (void)
{
  static const gsize sizes[] = { 0, 1, CHUNK, CHUNK + 1, 3 * CHUNK };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GBytes) plain = make_data (sizes[s], s);
      g_autoptr(GBytes) cipher = encrypt_with_passphrase (plain, "correct horse", TEST_WORK_FACTOR);
      g_autoptr(GBytes) got = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *stanza = NULL;

      stanza = g_strndup ((const char *) g_bytes_get_data (cipher, NULL) + 22, 36);
      g_assert_true (g_str_has_prefix (stanza, "-> scrypt "));
      g_assert_true (g_str_has_suffix (stanza, " 10\n"));
      g_assert_cmpuint (g_bytes_get_size (cipher), ==, ciphertext_size (header_length (cipher), sizes[s]));
      got = decrypt_with (cipher, NULL, "correct horse", SILLOK_AGE_INPUT_AUTO, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (got, plain));
    }
}

static void
test_scrypt_errors (void)
{
  g_autoptr(GBytes) plain = make_data (100, 1);
  g_autoptr(GBytes) cipher = encrypt_with_passphrase (plain, "correct horse", TEST_WORK_FACTOR);
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GInputStream) in = bytes_stream (cipher);
  g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string ("correct horse");
  g_autoptr(GBytes) got = NULL;
  GError *error = NULL;

  got = decrypt_with (cipher, NULL, "wrong horse", SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_NO_MATCH);
  g_assert_cmpstr (error->message, ==, "Wrong passphrase: it does not decrypt the file");
  g_clear_error (&error);
  g_clear_pointer (&got, g_bytes_unref);

  got = decrypt_with (cipher, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_NO_MATCH);
  g_assert_cmpstr (error->message, ==, "The file is encrypted with a passphrase, not to an identity");
  g_clear_error (&error);

  /* A work factor above the reader's limit is refused before any work. */
  sillok_age_decryptor_add_passphrase (dec, pass);
  sillok_age_decryptor_set_max_work_factor (dec, TEST_WORK_FACTOR - 1);
  g_assert_false (sillok_age_decryptor_open (dec, NULL, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER);
  g_assert_cmpstr (error->message, ==, "The scrypt work factor is above the limit of 9");
  g_clear_error (&error);

  /* An X25519 file and only a passphrase. */
  g_clear_pointer (&cipher, g_bytes_unref);
  g_clear_pointer (&got, g_bytes_unref);
  cipher = encrypt_to_identity (plain, id);
  got = decrypt_with (cipher, NULL, "correct horse", SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_NO_MATCH);
  g_assert_cmpstr (error->message, ==, "The file is not encrypted with a passphrase, but to age identities");
  g_clear_error (&error);
}

static void
test_round_trip_armor (void)
{
  static const gsize sizes[] = { 0, 1, 47, 48, CHUNK, CHUNK + 1, 3 * CHUNK };
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  SillokAgeRecipient r;

  sillok_age_identity_get_recipient (id, &r);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GBytes) plain = make_data (sizes[s], s);
      g_autoptr(GBytes) armored = encrypt_to_recipients (plain, &r, 1, TRUE);
      g_autofree char *text = g_strndup (g_bytes_get_data (armored, NULL), g_bytes_get_size (armored));
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      guint n = g_strv_length (lines);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) got = NULL;
      g_autoptr(GBytes) padded = NULL;
      g_autoptr(GBytes) blank = g_bytes_new_static (" \r\n\t\n", 5);

      g_assert_cmpstr (lines[0], ==, SILLOK_AGE_ARMOR_BEGIN);
      g_assert_cmpstr (lines[n - 2], ==, SILLOK_AGE_ARMOR_END);
      g_assert_cmpstr (lines[n - 1], ==, "");
      for (guint i = 1; i < n - 2; i++)
        {
          g_assert_cmpuint (strlen (lines[i]), >, 0);
          if (i < n - 3)
            g_assert_cmpuint (strlen (lines[i]), ==, 64);
          else
            g_assert_cmpuint (strlen (lines[i]), <=, 64);
        }
      got = decrypt_with (armored, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (got, plain));
      g_clear_pointer (&got, g_bytes_unref);
      got = decrypt_with (armored, id, NULL, SILLOK_AGE_INPUT_ARMORED, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (got, plain));
      g_clear_pointer (&got, g_bytes_unref);

      /* Whitespace before the armor is allowed and detected past. */
      padded = concat (blank, g_bytes_get_data (armored, NULL),
                       g_bytes_get_size (armored));
      got = decrypt_with (padded, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (got, plain));
      g_clear_pointer (&got, g_bytes_unref);

      /* Read as binary, armor is not an age header. */
      got = decrypt_with (armored, id, NULL, SILLOK_AGE_INPUT_BINARY, &error);
      g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER);
    }
}

static void
test_armor_errors (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (1000, 3);
  SillokAgeRecipient r;
  g_autoptr(GBytes) armored = NULL;
  g_autoptr(GBytes) binary = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *spaces = g_strnfill (SILLOK_AGE_ARMOR_WHITESPACE_MAX, ' ');
  GError *error = NULL;

  sillok_age_identity_get_recipient (id, &r);
  armored = encrypt_to_recipients (plain, &r, 1, TRUE);

  /* A character outside base64 in the second line. */
  bad = with_byte (armored, strlen (SILLOK_AGE_ARMOR_BEGIN) + 1 + 65 + 3, '*');
  got = decrypt_with (bad, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_ARMOR);
  g_assert_cmpstr (error->message, ==, "Malformed age armor: a line is not canonical base64");
  g_clear_error (&error);
  g_clear_pointer (&bad, g_bytes_unref);
  g_clear_pointer (&got, g_bytes_unref);

  /* Garbage after the END line, found after all the payload decrypted. */
  bad = concat (armored, "x\n", 2);
  got = decrypt_with (bad, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_ARMOR);
  g_assert_cmpstr (error->message, ==, "Malformed age armor: data follows the END line");
  g_clear_error (&error);
  g_clear_pointer (&bad, g_bytes_unref);
  g_clear_pointer (&got, g_bytes_unref);

  /* 1 KiB of whitespace after the END line is too much; less is fine. */
  bad = concat (armored, spaces, SILLOK_AGE_ARMOR_WHITESPACE_MAX);
  got = decrypt_with (bad, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_ARMOR);
  g_clear_error (&error);
  g_clear_pointer (&bad, g_bytes_unref);
  g_clear_pointer (&got, g_bytes_unref);
  bad = concat (armored, spaces, SILLOK_AGE_ARMOR_WHITESPACE_MAX - 1);
  got = decrypt_with (bad, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, plain));
  g_clear_pointer (&bad, g_bytes_unref);
  g_clear_pointer (&got, g_bytes_unref);

  /* Forced armor on a binary file. */
  binary = encrypt_to_recipients (plain, &r, 1, FALSE);
  got = decrypt_with (binary, id, NULL, SILLOK_AGE_INPUT_ARMORED, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_ARMOR);
  g_clear_error (&error);
}

static void
test_armor_detect (void)
{
  static const char begin[] = SILLOK_AGE_ARMOR_BEGIN "\n";
  g_autofree char *newlines = g_strnfill (SILLOK_AGE_ARMOR_WHITESPACE_MAX, '\n');
  g_autofree char *crlfs = g_strnfill (2 * SILLOK_AGE_ARMOR_WHITESPACE_MAX + 1, '\n');
  g_autofree char *late = g_strconcat (newlines, begin, NULL);
  g_autofree char *too_late = g_strconcat (crlfs, begin, NULL);
  g_autofree char *nbsp = g_strconcat ("\xc2\xa0\n", begin, NULL);

  g_assert_true (sillok_age_armor_detect ((const guint8 *) begin, strlen (begin)));
  g_assert_true (sillok_age_armor_detect ((const guint8 *) " \t\r\n\v\f" SILLOK_AGE_ARMOR_BEGIN, 40));
  g_assert_true (sillok_age_armor_detect ((const guint8 *) nbsp, strlen (nbsp)));
  g_assert_true (sillok_age_armor_detect ((const guint8 *) late, strlen (late)));
  g_assert_false (sillok_age_armor_detect ((const guint8 *) too_late, strlen (too_late)));
  g_assert_false (sillok_age_armor_detect ((const guint8 *) "age-encryption.org/v1\n", 22));
  g_assert_false (sillok_age_armor_detect ((const guint8 *) "-----BEGIN AGE", 14));
  g_assert_false (sillok_age_armor_detect ((const guint8 *) "", 0));
}

/* Damage */

static void
test_truncation (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (3 * CHUNK + 100, 7);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);
  gsize header = header_length (cipher);
  gsize payload = header + SILLOK_AGE_NONCE_BYTES;
  struct
  {
    gsize cut;
    int   code;
    gsize released;
    const char *message;
  } cases[] = {
    { 0, SILLOK_AGE_ERROR_HEADER, 0, "The file is empty" },
    { 30, SILLOK_AGE_ERROR_HEADER, 0, "The file ends inside the age header" },
    { header - 1, SILLOK_AGE_ERROR_HEADER, 0, "The file ends inside the age header" },
    { header, SILLOK_AGE_ERROR_HEADER, 0, "The file ends before its payload nonce" },
    { header + 8, SILLOK_AGE_ERROR_HEADER, 0, "The file ends before its payload nonce" },
    { payload, SILLOK_AGE_ERROR_PAYLOAD, 0, "The file has no payload" },
    { payload + 1000, SILLOK_AGE_ERROR_PAYLOAD, 0,
      "Chunk 1 failed to decrypt: the file is damaged or was altered" },
    { payload + ECHUNK, SILLOK_AGE_ERROR_PAYLOAD, CHUNK,
      "The file is truncated: it ends after chunk 1 without a final chunk" },
    { payload + 2 * ECHUNK, SILLOK_AGE_ERROR_PAYLOAD, 2 * CHUNK,
      "The file is truncated: it ends after chunk 2 without a final chunk" },
    { payload + 3 * ECHUNK, SILLOK_AGE_ERROR_PAYLOAD, 3 * CHUNK,
      "The file is truncated: it ends after chunk 3 without a final chunk" },
    { payload + 3 * ECHUNK + 16, SILLOK_AGE_ERROR_PAYLOAD, 3 * CHUNK,
      "Chunk 4 is an empty final chunk, which only an empty file may have" },
    { g_bytes_get_size (cipher) - 1, SILLOK_AGE_ERROR_PAYLOAD, 3 * CHUNK,
      "Chunk 4 failed to decrypt: the file is damaged or was altered" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (cipher, 0, cases[i].cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) got = decrypt_with (cut, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);

      g_test_message ("cut at %" G_GSIZE_FORMAT, cases[i].cut);
      g_assert_error (error, SILLOK_AGE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      assert_prefix (got, plain, cases[i].released);
    }
}

static void
test_tamper (void)
{
  SillokAgeIdentity *ids[2] = { sillok_age_identity_generate (), sillok_age_identity_generate () };
  SillokAgeRecipient recipients[2];
  g_autoptr(GBytes) plain = make_data (3 * CHUNK + 100, 9);
  g_autoptr(GBytes) cipher = NULL;
  gsize header, payload, stanza2, mac;
  const char *text;

  for (guint i = 0; i < 2; i++)
    sillok_age_identity_get_recipient (ids[i], &recipients[i]);
  cipher = encrypt_to_recipients (plain, recipients, 2, FALSE);
  text = g_bytes_get_data (cipher, NULL);
  header = header_length (cipher);
  payload = header + SILLOK_AGE_NONCE_BYTES;
  /* version (22) | "-> X25519 " share (54) | body (44) | second stanza | MAC line */
  stanza2 = 22 + 54 + 44;
  mac = header - 44;
  g_assert_cmpmem (text + stanza2, 10, "-> X25519 ", 10);
  g_assert_cmpmem (text + mac - 4, 4, "--- ", 4);

  {
    struct
    {
      GBytes *file;
      int     code;
      gsize   released;
      const char *message;
    } cases[] = {
      { with_byte (cipher, 3, 'x'), SILLOK_AGE_ERROR_HEADER, 0, NULL },
      { with_byte (cipher, 22 + 1, '-'), SILLOK_AGE_ERROR_HEADER, 0, NULL },
      { with_other_b64_char (cipher, 22 + 54), SILLOK_AGE_ERROR_NO_MATCH, 0,
        "The file is not encrypted to this identity" },
      { with_other_b64_char (cipher, stanza2 + 54), SILLOK_AGE_ERROR_HMAC, 0,
        "The age header was altered: its MAC does not match" },
      { with_other_b64_char (cipher, mac), SILLOK_AGE_ERROR_HMAC, 0,
        "The age header was altered: its MAC does not match" },
      { with_byte (cipher, header + 5, byte_at (cipher, header + 5) ^ 1), SILLOK_AGE_ERROR_PAYLOAD, 0,
        "Chunk 1 failed to decrypt: the file is damaged or was altered" },
      { with_byte (cipher, payload + 10, byte_at (cipher, payload + 10) ^ 1), SILLOK_AGE_ERROR_PAYLOAD, 0,
        "Chunk 1 failed to decrypt: the file is damaged or was altered" },
      { with_byte (cipher, payload + ECHUNK + 10, byte_at (cipher, payload + ECHUNK + 10) ^ 0x80),
        SILLOK_AGE_ERROR_PAYLOAD, CHUNK, "Chunk 2 failed to decrypt: the file is damaged or was altered" },
      { with_byte (cipher, payload + 3 * ECHUNK - 1, byte_at (cipher, payload + 3 * ECHUNK - 1) ^ 1),
        SILLOK_AGE_ERROR_PAYLOAD, 2 * CHUNK, "Chunk 3 failed to decrypt: the file is damaged or was altered" },
      { with_byte (cipher, payload + 3 * ECHUNK + 50, byte_at (cipher, payload + 3 * ECHUNK + 50) ^ 1),
        SILLOK_AGE_ERROR_PAYLOAD, 3 * CHUNK, "Chunk 4 failed to decrypt: the file is damaged or was altered" },
      { concat (cipher, "x", 1), SILLOK_AGE_ERROR_PAYLOAD, 3 * CHUNK,
        "Chunk 4 failed to decrypt: the file is damaged or was altered" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) got = decrypt_with (cases[i].file, ids[0], NULL, SILLOK_AGE_INPUT_AUTO, &error);

        g_test_message ("tamper case %u", i);
        g_assert_error (error, SILLOK_AGE_ERROR, cases[i].code);
        if (cases[i].message != NULL)
          g_assert_cmpstr (error->message, ==, cases[i].message);
        assert_prefix (got, plain, cases[i].released);
        g_bytes_unref (cases[i].file);
      }
  }
  sillok_age_identity_free (ids[0]);
  sillok_age_identity_free (ids[1]);
}

/* A full final chunk is found by its flag; bytes after it are an error
 * reported only once its plaintext is out, as age does. */
static void
test_full_final_chunk (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (2 * CHUNK, 11);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);
  g_autoptr(GBytes) longer = concat (cipher, "\0", 1);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (cipher), ==, header_length (cipher) + 16 + 2 * ECHUNK);
  got = decrypt_with (longer, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_PAYLOAD);
  g_assert_cmpstr (error->message, ==, "Data follows the final chunk");
  g_assert_true (g_bytes_equal (got, plain));
}

/* Errors stay: a decryptor that failed fails again the same way. */
static void
test_sticky_errors (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (2 * CHUNK + 5, 12);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);
  g_autoptr(GBytes) bad = with_byte (cipher, g_bytes_get_size (cipher) - 1, byte_at (cipher, g_bytes_get_size (cipher) - 1) ^ 1);
  g_autoptr(GInputStream) in = bytes_stream (bad);
  g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
  guint8 buf[1000];
  gsize total = 0;
  gssize n;
  GError *error = NULL;

  sillok_age_decryptor_add_identity (dec, id);
  while ((n = sillok_age_decryptor_read (dec, buf, sizeof buf, NULL, &error)) > 0)
    {
      g_assert_cmpmem (buf, n, (const guint8 *) g_bytes_get_data (plain, NULL) + total, n);
      total += n;
    }
  g_assert_cmpint (n, ==, -1);
  g_assert_cmpuint (total, ==, 2 * CHUNK);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_PAYLOAD);
  g_clear_error (&error);
  g_assert_cmpint (sillok_age_decryptor_read (dec, buf, sizeof buf, NULL, &error), ==, -1);
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_PAYLOAD);
  g_assert_cmpstr (error->message, ==, "Chunk 3 failed to decrypt: the file is damaged or was altered");
  g_clear_error (&error);
  g_assert_cmpuint (sillok_age_decryptor_get_buffer_size (dec), <, CHUNK);
}

/* The plaintext comes out the same whatever the caller's buffer size. */
static void
test_read_sizes (void)
{
  static const gsize buffer_sizes[] = { 1, 777, CHUNK, CHUNK + 1, 3 * CHUNK };
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (3 * CHUNK + 4321, 13);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);

  for (guint b = 0; b < G_N_ELEMENTS (buffer_sizes); b++)
    {
      g_autoptr(GInputStream) in = bytes_stream (cipher);
      g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
      g_autoptr(GByteArray) out = g_byte_array_new ();
      g_autofree guint8 *buf = g_malloc (buffer_sizes[b]);
      g_autoptr(GError) error = NULL;
      gssize n;

      sillok_age_decryptor_add_identity (dec, id);
      while ((n = sillok_age_decryptor_read (dec, buf, buffer_sizes[b], NULL, &error)) > 0)
        g_byte_array_append (out, buf, n);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 0);
      g_assert_cmpmem (out->data, out->len, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
    }
}

/* read() and read_chunk() share the current chunk. */
static void
test_read_then_chunk (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (CHUNK + 50, 20);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);
  g_autoptr(GInputStream) in = bytes_stream (cipher);
  g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
  const guint8 *p = g_bytes_get_data (plain, NULL);
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  guint8 buf[10];
  gsize len = 0;

  sillok_age_decryptor_add_identity (dec, id);
  g_assert_cmpint (sillok_age_decryptor_read (dec, buf, 0, NULL, &error), ==, 0);
  g_assert_cmpint (sillok_age_decryptor_read (dec, buf, sizeof buf, NULL, &error), ==, 10);
  g_assert_cmpmem (buf, 10, p, 10);
  g_assert_true (sillok_age_decryptor_read_chunk (dec, &data, &len, NULL, &error));
  g_assert_cmpmem (data, len, p + 10, CHUNK - 10);
  g_assert_true (sillok_age_decryptor_read_chunk (dec, &data, &len, NULL, &error));
  g_assert_cmpmem (data, len, p + CHUNK, 50);
  g_assert_true (sillok_age_decryptor_read_chunk (dec, &data, &len, NULL, &error));
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpint (sillok_age_decryptor_read (dec, buf, sizeof buf, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

/* Errors of the streams come through as they are, after the plaintext
 * already authenticated. */
static void
test_stream_errors (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (3 * CHUNK, 21);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);
  SillokAgeRecipient r;

  sillok_age_identity_get_recipient (id, &r);
  {
    guint8 space[1000];
    g_autoptr(GOutputStream) out = g_memory_output_stream_new (space, sizeof space, NULL, NULL);
    g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_recipients (out, &r, 1);
    g_autoptr(GInputStream) in = bytes_stream (plain);
    GError *error = NULL;

    g_assert_false (sillok_age_encryptor_splice (enc, in, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
    g_assert_false (sillok_age_encryptor_finish (enc, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
  }
  {
    /* A zlib stream cut short fails with its own error near the end. */
    g_autoptr(GZlibCompressor) zc = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 1);
    g_autoptr(GInputStream) raw = bytes_stream (cipher);
    g_autoptr(GInputStream) zin = g_converter_input_stream_new (raw, G_CONVERTER (zc));
    g_autoptr(GOutputStream) zout = g_memory_output_stream_new_resizable ();
    g_autoptr(GBytes) compressed = NULL;
    g_autoptr(GBytes) cut = NULL;
    g_autoptr(GZlibDecompressor) zd = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
    g_autoptr(GInputStream) cut_in = NULL;
    g_autoptr(GInputStream) in = NULL;
    g_autoptr(SillokAgeDecryptor) dec = NULL;
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GBytes) got = NULL;
    GError *error = NULL;

    g_assert_cmpint (g_output_stream_splice (zout, zin, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL), >, 0);
    compressed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (zout));
    cut = g_bytes_new_from_bytes (compressed, 0, g_bytes_get_size (compressed) - 100);
    cut_in = bytes_stream (cut);
    in = g_converter_input_stream_new (cut_in, G_CONVERTER (zd));
    dec = sillok_age_decryptor_new (in);
    sillok_age_decryptor_add_identity (dec, id);
    g_assert_false (sillok_age_decryptor_splice (dec, out, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
    g_clear_error (&error);
    got = memory_output_steal (out);
    assert_prefix (got, plain, 2 * CHUNK);
  }
}

/* Many small writes give the same file as one splice. */
static void
test_write_pieces (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (2 * CHUNK + 3, 14);
  const guint8 *p = g_bytes_get_data (plain, NULL);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  SillokAgeRecipient r;

  sillok_age_identity_get_recipient (id, &r);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_recipients (out, &r, 1);
      g_autoptr(GError) error = NULL;
      ScriptedRandom random = { G_QUEUE_INIT };

      g_queue_push_tail (&random.chunks, counting_bytes (1, SILLOK_AGE_FILE_KEY_BYTES));
      g_queue_push_tail (&random.chunks, counting_bytes (2, SILLOK_AGE_KEYBYTES));
      g_queue_push_tail (&random.chunks, counting_bytes (3, SILLOK_AGE_NONCE_BYTES));
      sillok_age_encryptor_set_random_func (enc, scripted_random, &random);
      if (pass == 0)
        {
          g_autoptr(GInputStream) in = bytes_stream (plain);

          g_assert_true (sillok_age_encryptor_splice (enc, in, NULL, NULL, NULL, &error));
        }
      else
        {
          for (gsize off = 0; off < g_bytes_get_size (plain); off += 1000)
            {
              g_assert_true (sillok_age_encryptor_write (enc, p + off, MIN (1000, g_bytes_get_size (plain) - off),
                                                         NULL, &error));
              g_assert_cmpuint (sillok_age_encryptor_get_buffer_size (enc), ==, ECHUNK);
            }
          g_assert_true (sillok_age_encryptor_finish (enc, NULL, &error));
        }
      g_assert_no_error (error);
      if (pass == 0)
        a = memory_output_steal (out);
      else
        b = memory_output_steal (out);
    }
  g_assert_true (g_bytes_equal (a, b));
}

static void
test_low_order_recipient (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  SillokAgeRecipient zero = { { 0 } };
  g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_recipients (out, &zero, 1);
  GError *error = NULL;

  g_assert_false (sillok_age_encryptor_write (enc, "x", 1, NULL, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY);
  g_clear_error (&error);
  g_assert_false (sillok_age_encryptor_finish (enc, NULL, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_KEY);
  g_clear_error (&error);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
}

/* The header parser */

static void
test_header_parse (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (10, 15);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);
  const guint8 *data = g_bytes_get_data (cipher, NULL);
  gsize header = header_length (cipher);
  g_autoptr(SillokAgeHeader) parsed = NULL;
  g_autoptr(GString) big = NULL;
  gsize len = 0;
  GError *error = NULL;

  /* Every beginning of a valid header asks for more; at the end of input
   * it is a header failure. */
  for (gsize n = 0; n < header; n++)
    {
      g_assert_null (sillok_age_header_parse (data, n, FALSE, &len, &error));
      g_assert_no_error (error);
      g_assert_null (sillok_age_header_parse (data, n, TRUE, &len, &error));
      g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER);
      g_clear_error (&error);
    }
  parsed = sillok_age_header_parse (data, g_bytes_get_size (cipher), FALSE, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, header);
  g_assert_cmpuint (parsed->stanzas->len, ==, 1);
  g_assert_cmpuint (parsed->mac_input_len, ==, header - 45);

  /* A wrong first line fails before its end. */
  g_assert_null (sillok_age_header_parse ((const guint8 *) "age-encryption.org/v2", 21, FALSE, &len, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER);
  g_clear_error (&error);

  /* A header without stanza. */
  g_assert_null (sillok_age_header_parse ((const guint8 *) "age-encryption.org/v1\n--- "
                                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", 70, FALSE, &len, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER);
  g_assert_cmpstr (error->message, ==, "Malformed age header, line 2: the header has no stanza");
  g_clear_error (&error);

  /* A header over the limit. */
  big = g_string_new ("age-encryption.org/v1\n");
  while (big->len <= SILLOK_AGE_HEADER_MAX)
    g_string_append (big, "-> grease\n\n");
  g_assert_null (sillok_age_header_parse ((const guint8 *) big->str, big->len, FALSE, &len, &error));
  g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_HEADER);
  g_assert_cmpstr (error->message, ==, "The age header is longer than 1048576 bytes");
  g_clear_error (&error);
}

/* Cancellation and progress */

typedef struct
{
  GCancellable *cancellable;
  guint64       cancel_at;
  guint64       last_done;
  guint64       last_total;
  guint         calls;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last_done);
  p->last_done = done;
  p->last_total = total;
  p->calls++;
  if (p->cancellable != NULL && done >= p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

static void
test_cancel (void)
{
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (4 * MIB, 16);
  g_autoptr(GBytes) cipher = encrypt_to_identity (plain, id);
  SillokAgeRecipient r;

  sillok_age_identity_get_recipient (id, &r);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_recipients (out, &r, 1);
    g_autoptr(GInputStream) in = bytes_stream (plain);
    g_autoptr(GBytes) partial = NULL;
    g_autoptr(GBytes) got = NULL;
    Progress p = { cancellable, CHUNK, 0, 0, 0 };
    GError *error = NULL;

    g_assert_false (sillok_age_encryptor_splice (enc, in, on_progress, &p, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (sillok_age_encryptor_write (enc, "x", 1, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    /* What was written lacks its final chunk. */
    partial = memory_output_steal (out);
    g_assert_cmpuint (g_bytes_get_size (partial), <, g_bytes_get_size (cipher) / 2);
    got = decrypt_with (partial, id, NULL, SILLOK_AGE_INPUT_AUTO, &error);
    g_assert_error (error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_PAYLOAD);
    g_clear_error (&error);
  }
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GInputStream) in = bytes_stream (cipher);
    g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (in);
    Progress p = { cancellable, 2 * CHUNK, 0, 0, 0 };
    const guint8 *data;
    gsize len;
    GError *error = NULL;

    sillok_age_decryptor_add_identity (dec, id);
    g_assert_false (sillok_age_decryptor_splice (dec, out, on_progress, &p, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (p.last_done, ==, 2 * CHUNK);
    g_assert_cmpuint (p.last_total, ==, 0);
    g_assert_false (sillok_age_decryptor_read_chunk (dec, &data, &len, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
}

static void
test_progress_files (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *plain_path = g_build_filename (dir, "plain", NULL);
  g_autofree char *age_path = g_build_filename (dir, "plain.age", NULL);
  g_autoptr(GFile) plain_file = g_file_new_for_path (plain_path);
  g_autoptr(GFile) age_file = g_file_new_for_path (age_path);
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) plain = make_data (3 * CHUNK + 17, 17);
  SillokAgeRecipient r;

  sillok_age_identity_get_recipient (id, &r);
  g_assert_true (g_file_set_contents (plain_path, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), NULL));
  {
    g_autoptr(GFileInputStream) in = g_file_read (plain_file, NULL, NULL);
    g_autoptr(GFileOutputStream) out = g_file_replace (age_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);
    g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_recipients (G_OUTPUT_STREAM (out), &r, 1);
    g_autoptr(GError) error = NULL;
    Progress p = { 0 };

    g_assert_true (sillok_age_encryptor_splice (enc, G_INPUT_STREAM (in), on_progress, &p, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL));
    g_assert_cmpuint (p.calls, ==, 4);
    g_assert_cmpuint (p.last_done, ==, g_bytes_get_size (plain));
    g_assert_cmpuint (p.last_total, ==, g_bytes_get_size (plain));
  }
  {
    g_autoptr(GFileInputStream) in = g_file_read (age_file, NULL, NULL);
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (G_INPUT_STREAM (in));
    g_autoptr(GBytes) got = NULL;
    g_autoptr(GError) error = NULL;
    Progress p = { 0 };

    sillok_age_decryptor_add_identity (dec, id);
    g_assert_true (sillok_age_decryptor_splice (dec, out, on_progress, &p, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (p.calls, ==, 4);
    g_assert_cmpuint (p.last_done, ==, g_bytes_get_size (plain));
    g_assert_cmpuint (p.last_total, ==, g_bytes_get_size (plain));
    got = memory_output_steal (out);
    g_assert_true (g_bytes_equal (got, plain));
  }
  sillok_test_rmtree (dir);
}

/* Memory */

/* Encrypts @size bytes to a file and decrypts them back, in pieces, never
 * holding more than a chunk; checks the plaintext's hash. */
static void
stream_round_trip (const char *dir,
                   guint64     size)
{
  g_autofree char *path = g_build_filename (dir, "big.age", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SillokAgeIdentity) id = sillok_age_identity_generate ();
  g_autoptr(GBytes) piece = make_data (100000, 18);
  guint8 in_hash[crypto_hash_sha256_BYTES], out_hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_state sha;
  g_autoptr(GError) error = NULL;
  SillokAgeRecipient r;

  sillok_age_identity_get_recipient (id, &r);
  crypto_hash_sha256_init (&sha);
  {
    g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
    g_autoptr(SillokAgeEncryptor) enc = sillok_age_encryptor_new_for_recipients (G_OUTPUT_STREAM (out), &r, 1);

    for (guint64 done = 0; done < size;)
      {
        gsize n = MIN (g_bytes_get_size (piece), size - done);

        crypto_hash_sha256_update (&sha, g_bytes_get_data (piece, NULL), n);
        g_assert_true (sillok_age_encryptor_write (enc, g_bytes_get_data (piece, NULL), n, NULL, &error));
        g_assert_cmpuint (sillok_age_encryptor_get_buffer_size (enc), ==, ECHUNK);
        done += n;
      }
    g_assert_true (sillok_age_encryptor_finish (enc, NULL, &error));
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
    g_assert_no_error (error);
  }
  crypto_hash_sha256_final (&sha, in_hash);
  crypto_hash_sha256_init (&sha);
  {
    g_autoptr(GFileInputStream) in = g_file_read (file, NULL, &error);
    g_autoptr(SillokAgeDecryptor) dec = sillok_age_decryptor_new (G_INPUT_STREAM (in));
    guint64 total = 0;

    sillok_age_decryptor_add_identity (dec, id);
    for (;;)
      {
        const guint8 *data;
        gsize len = 0;

        g_assert_true (sillok_age_decryptor_read_chunk (dec, &data, &len, NULL, &error));
        if (len == 0)
          break;
        crypto_hash_sha256_update (&sha, data, len);
        total += len;
        g_assert_cmpuint (sillok_age_decryptor_get_buffer_size (dec), <=, ECHUNK + CHUNK + 4096);
      }
    g_assert_cmpuint (total, ==, size);
  }
  crypto_hash_sha256_final (&sha, out_hash);
  g_assert_cmpmem (in_hash, sizeof in_hash, out_hash, sizeof out_hash);
  g_assert_true (g_file_delete (file, NULL, NULL));
}

/* Peak resident memory (VmHWM) in KiB. */
static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6, NULL, 10);
}

static void
test_memory_flat (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = sillok_test_mkdtemp ();
      guint64 before, after;

      stream_round_trip (dir, 1 * MIB);
      before = peak_rss_kib ();
      stream_round_trip (dir, 64 * MIB);
      after = peak_rss_kib ();
      g_printerr ("peak RSS after 1 MiB: %" G_GUINT64_FORMAT " KiB, after 64 MiB: %" G_GUINT64_FORMAT " KiB\n",
                  before, after);
      /* 64 times the data, a few hundred KiB more at most. */
      g_assert_cmpuint (after, <, before + 2048);
      sillok_test_rmtree (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/age/testkit", test_testkit);
  g_test_add_func ("/age/testkit/armor-detected", test_testkit_armor_detected);
  g_test_add_func ("/age/kat/encrypt", test_kat_encrypt);
  g_test_add_func ("/age/kat/decrypt", test_kat_decrypt);
  g_test_add_func ("/age/round-trip/x25519", test_round_trip_x25519);
  g_test_add_func ("/age/round-trip/scrypt", test_round_trip_scrypt);
  g_test_add_func ("/age/several-identities", test_several_identities);
  g_test_add_func ("/age/read-then-chunk", test_read_then_chunk);
  g_test_add_func ("/age/stream-errors", test_stream_errors);
  g_test_add_func ("/age/round-trip/armor", test_round_trip_armor);
  g_test_add_func ("/age/scrypt/errors", test_scrypt_errors);
  g_test_add_func ("/age/armor/errors", test_armor_errors);
  g_test_add_func ("/age/armor/detect", test_armor_detect);
  g_test_add_func ("/age/damage/truncation", test_truncation);
  g_test_add_func ("/age/damage/tamper", test_tamper);
  g_test_add_func ("/age/damage/full-final-chunk", test_full_final_chunk);
  g_test_add_func ("/age/damage/sticky", test_sticky_errors);
  g_test_add_func ("/age/read-sizes", test_read_sizes);
  g_test_add_func ("/age/write-pieces", test_write_pieces);
  g_test_add_func ("/age/low-order-recipient", test_low_order_recipient);
  g_test_add_func ("/age/header/parse", test_header_parse);
  g_test_add_func ("/age/cancel", test_cancel);
  g_test_add_func ("/age/progress", test_progress_files);
  g_test_add_func ("/age/memory/flat", test_memory_flat);

  return g_test_run ();
}
