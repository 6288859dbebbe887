/* test-blob.c: the encrypted attachment files of a vault
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sillok/sillok.h"
#include "sillok-blob.h"
#include "sillok-fs.h"
#include "sillok-pipe.h"
#include "sillok-vault-private.h"
#include "sillok-test-utils.h"

#define CHUNK     SILLOK_BLOB_CHUNK_BYTES
#define ECHUNK    (CHUNK + 17)
#define HEADER    24
#define MIB       (1024 * 1024)
#define PASSPHRASE "blob test 첨부"

/* Text that must never appear in a blob file. */
#define MARKER    "TESTIMONY-MARKER 강제노동 증언"

/* One vault for all tests: creating one costs an Argon2id run. */
static char        *vault_dir;
static SillokVault *vault;

static SillokVault *
shared_vault (void)
{
  g_autoptr(SillokSecret) pass = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (vault != NULL)
    return vault;
  pass = sillok_secret_new_from_string (PASSPHRASE);
  vault_dir = sillok_test_mkdtemp ();
  path = g_build_filename (vault_dir, "vault", NULL);
  vault = sillok_vault_new (path);
  g_assert_true (sillok_vault_create (vault, "Blob tester", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  return vault;
}

static char *
blob_dir (void)
{
  return sillok_vault_get_blob_dir (shared_vault ());
}

static char *
blob_path (const char *name)
{
  g_autofree char *dir = blob_dir ();
  return g_build_filename (dir, name, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every entry of blobs/, sorted, joined by spaces. */
static char *
blob_dir_listing (void)
{
  g_autofree char *dir = blob_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Each test starts with an empty blobs/ folder. */
static void
empty_blob_dir (void)
{
  g_autofree char *dir = blob_dir ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sillok_fs_remove_tree (dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
}

static void
assert_blob_dir_empty (void)
{
  g_autofree char *listing = blob_dir_listing ();
  g_assert_cmpstr (listing, ==, "");
}

/* A stream of @size pseudo-random bytes that hashes what it hands out and
 * can fail or cancel after a given number of bytes; it holds no buffer. */

#define TEST_TYPE_GEN_STREAM (test_gen_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestGenStream, test_gen_stream, TEST, GEN_STREAM, GInputStream)

struct _TestGenStream
{
  GInputStream             parent_instance;
  guint64                  size;
  guint64                  pos;
  guint64                  state;
  guint64                  fail_at;   /* G_MAXUINT64: never */
  crypto_generichash_state *hash;     /* 64-byte aligned, which an instance is not */
};

G_DEFINE_FINAL_TYPE (TestGenStream, test_gen_stream, G_TYPE_INPUT_STREAM)

static gssize
test_gen_stream_read (GInputStream  *stream,
                      void          *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
  TestGenStream *self = TEST_GEN_STREAM (stream);
  guint8 *out = buffer;
  gsize n;

  if (self->pos >= self->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "the source went away");
      return -1;
    }
  n = MIN (count, self->size - self->pos);
  n = MIN (n, self->fail_at - self->pos);
  for (gsize i = 0; i < n; i++)
    {
      /* xorshift64* */
      self->state ^= self->state >> 12;
      self->state ^= self->state << 25;
      self->state ^= self->state >> 27;
      out[i] = (self->state * 0x2545F4914F6CDD1DULL) >> 56;
    }
  crypto_generichash_update (self->hash, out, n);
  self->pos += n;
  return n;
}

static void
test_gen_stream_finalize (GObject *object)
{
  sodium_free (TEST_GEN_STREAM (object)->hash);
  G_OBJECT_CLASS (test_gen_stream_parent_class)->finalize (object);
}

static void
test_gen_stream_class_init (TestGenStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_gen_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_gen_stream_read;
}

static void
test_gen_stream_init (TestGenStream *self)
{
  self->fail_at = G_MAXUINT64;
  self->hash = sodium_malloc (sizeof *self->hash);
  g_assert_nonnull (self->hash);
  crypto_generichash_init (self->hash, NULL, 0, 64);
}

static TestGenStream *
gen_stream_new (guint64 size,
                guint64 seed)
{
  TestGenStream *self = g_object_new (TEST_TYPE_GEN_STREAM, NULL);

  self->size = size;
  self->state = seed | 1;
  return self;
}

/* The hex BLAKE2b-512 of what the stream handed out. */
static char *
gen_stream_b2 (TestGenStream *self)
{
  guint8 digest[64];

  crypto_generichash_final (self->hash, digest, sizeof digest);
  return sillok_test_hex (digest, sizeof digest);
}

/* MARKER in UTF-16, little- or big-endian. */
static guint8 *
marker_utf16 (gboolean  big_endian,
              gsize    *len)
{
  glong units = 0;
  gunichar2 *utf16 = g_utf8_to_utf16 (MARKER, -1, NULL, &units, NULL);
  guint8 *out = g_malloc (2 * units);

  for (glong i = 0; i < units; i++)
    {
      out[2 * i + (big_endian ? 1 : 0)] = utf16[i] & 0xff;
      out[2 * i + (big_endian ? 0 : 1)] = utf16[i] >> 8;
    }
  g_free (utf16);
  *len = 2 * units;
  return out;
}

/* Random bytes with MARKER in UTF-8 and UTF-16LE/BE at a few places. */
static GBytes *
make_plaintext (gsize size)
{
  gsize u16_len;
  g_autofree guint8 *le = marker_utf16 (FALSE, &u16_len);
  g_autofree guint8 *be = marker_utf16 (TRUE, &u16_len);
  guint8 *data = g_malloc (size + 1);
  const struct { const void *bytes; gsize len; } marks[] = {
    { MARKER, strlen (MARKER) }, { le, u16_len }, { be, u16_len },
  };

  randombytes_buf (data, size);
  for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
    for (gsize at = m * 1000; at + marks[m].len <= size; at += 40000)
      memcpy (data + at, marks[m].bytes, marks[m].len);
  return g_bytes_new_take (data, size);
}

static char *
b2_hex (GBytes *bytes)
{
  guint8 digest[64];
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  crypto_generichash (digest, sizeof digest, data, len, NULL, 0);
  return sillok_test_hex (digest, sizeof digest);
}

static SillokBlob *
store_bytes (GBytes   *bytes,
             GError  **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  return sillok_blob_store (shared_vault (), in, NULL, NULL, NULL, error);
}

static guint64
expected_disk_size (guint64 size)
{
  guint64 chunks = size == 0 ? 1 : (size + CHUNK - 1) / CHUNK;
  return HEADER + size + chunks * 17;
}

typedef GInputStream *(*OpenFunc) (SillokVault *vault, const SillokBlob *blob, GError **error);

/* Reads @blob through @open in pieces of @piece bytes. */
static GBytes *
read_blob_with (OpenFunc           open,
                const SillokBlob  *blob,
                gsize              piece,
                GError           **error)
{
  g_autoptr(GInputStream) stream = open (shared_vault (), blob, error);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *buf = g_malloc (piece);
  gssize n;

  if (stream == NULL)
    return NULL;
  while ((n = g_input_stream_read (stream, buf, piece, NULL, error)) > 0)
    g_byte_array_append (out, buf, n);
  if (n < 0)
    return NULL;
  g_assert_true (g_input_stream_close (stream, NULL, NULL));
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Reads @blob through sillok_blob_open() in pieces of @piece bytes. */
static GBytes *
read_blob (const SillokBlob  *blob,
           gsize              piece,
           GError           **error)
{
  return read_blob_with (sillok_blob_open, blob, piece, error);
}

/* Decrypts a blob file with libsodium alone, as the format says: header,
 * full chunks tagged MESSAGE, the last tagged FINAL. */
static GBytes *
decrypt_by_hand (const char   *path,
                 SillokSecret *key)
{
  g_autoptr(GBytes) file = sillok_test_read_file (path);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  crypto_secretstream_xchacha20poly1305_state st;
  gsize len;
  const guint8 *p = g_bytes_get_data (file, &len);
  gsize pos = HEADER;
  guint8 plain[CHUNK];

  g_assert_cmpuint (len, >=, HEADER + 17);
  g_assert_cmpint (crypto_secretstream_xchacha20poly1305_init_pull (&st, p, sillok_secret_get_data (key)), ==, 0);
  for (;;)
    {
      gsize clen = MIN ((gsize) ECHUNK, len - pos);
      unsigned long long mlen = 0;
      unsigned char tag = 0xff;

      g_assert_cmpint (crypto_secretstream_xchacha20poly1305_pull (&st, plain, &mlen, &tag, p + pos, clen, NULL, 0),
                       ==, 0);
      g_byte_array_append (out, plain, mlen);
      pos += clen;
      if (pos == len)
        {
          g_assert_cmpint (tag, ==, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
          break;
        }
      g_assert_cmpint (tag, ==, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
      g_assert_cmpuint (mlen, ==, CHUNK);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
contains (GBytes     *haystack,
          const void *needle,
          gsize       len)
{
  gsize hlen;
  const guint8 *h = g_bytes_get_data (haystack, &hlen);

  return memmem (h, hlen, needle, len) != NULL;
}

static void
assert_no_marker (GBytes *file)
{
  gsize u16_len;
  g_autofree guint8 *le = marker_utf16 (FALSE, &u16_len);
  g_autofree guint8 *be = marker_utf16 (TRUE, &u16_len);

  g_assert_false (contains (file, MARKER, strlen (MARKER)));
  g_assert_false (contains (file, "강제노동", strlen ("강제노동")));
  g_assert_false (contains (file, le, u16_len));
  g_assert_false (contains (file, be, u16_len));
  /* The search itself works. */
  {
    g_autoptr(GBytes) probe = g_bytes_new_static (MARKER, sizeof MARKER);
    g_assert_true (contains (probe, MARKER, strlen (MARKER)));
  }
}

static void
test_round_trip (void)
{
  static const gsize sizes[] = { 0, 1, 65535, 65536, 65537, 3 * MIB + 12345, 4 * MIB };

  empty_blob_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) plain = make_plaintext (sizes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokBlob) blob = store_bytes (plain, &error);
      g_autofree char *path = NULL;
      g_autofree char *b2 = b2_hex (plain);
      g_autoptr(GBytes) file = NULL;
      g_autoptr(GBytes) back = NULL;
      g_autoptr(GBytes) by_hand = NULL;
      g_autofree char *listing = NULL;
      g_autofree char *part = NULL;
      struct stat st;

      g_test_message ("size %" G_GSIZE_FORMAT, sizes[i]);
      g_assert_no_error (error);
      g_assert_nonnull (blob);
      g_assert_true (sillok_blob_name_is_valid (blob->name));
      g_assert_cmpuint (sillok_secret_get_length (blob->key), ==, 32);
      g_assert_cmpuint (blob->size, ==, sizes[i]);
      g_assert_cmpstr (blob->b2, ==, b2);

      path = blob_path (blob->name);
      part = g_strconcat (blob->name, ".part", NULL);
      listing = blob_dir_listing ();
      g_assert_nonnull (strstr (listing, blob->name));
      g_assert_null (strstr (listing, part));
      g_assert_cmpint (g_lstat (path, &st), ==, 0);
      g_assert_true (S_ISREG (st.st_mode));
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_cmpuint (st.st_size, ==, expected_disk_size (sizes[i]));

      file = sillok_test_read_file (path);
      if (sizes[i] >= strlen (MARKER) + 2000)
        assert_no_marker (file);

      by_hand = decrypt_by_hand (path, blob->key);
      g_assert_true (g_bytes_equal (by_hand, plain));
      back = read_blob (blob, 1000, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, plain));
      g_clear_pointer (&back, g_bytes_unref);
      back = read_blob (blob, 3 * CHUNK, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, plain));
      g_clear_pointer (&back, g_bytes_unref);
      back = read_blob_with (sillok_blob_open_unhashed, blob, 7777, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, plain));

      g_assert_true (sillok_blob_verify (shared_vault (), blob, NULL, &error));
      g_assert_no_error (error);
    }
}

/* Stored from a read-ahead stream, as an import stores attachments: the
 * chunks are encrypted where the read-ahead blocks hold them, or gathered
 * when a chunk spans two blocks; the file is the same format either way. */
static void
test_round_trip_read_ahead (void)
{
  static const gsize sizes[] = { 0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 4 * CHUNK, 4 * CHUNK + 1, 9 * CHUNK + 77 };
  static const gsize blocks[] = { 4 * CHUNK, CHUNK, CHUNK + 100, 1000 };

  empty_blob_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (blocks); j++)
      {
        g_autoptr(GBytes) plain = make_plaintext (sizes[i]);
        g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (plain);
        g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (in, 3, blocks[j], NULL);
        g_autofree char *b2 = b2_hex (plain);
        g_autoptr(GError) error = NULL;
        g_autoptr(SillokBlob) blob = sillok_blob_store_hashed (shared_vault (), ahead, b2, NULL, &error);
        g_autofree char *path = NULL;
        g_autoptr(GBytes) by_hand = NULL;
        struct stat st;

        g_test_message ("size %" G_GSIZE_FORMAT ", blocks of %" G_GSIZE_FORMAT, sizes[i], blocks[j]);
        g_assert_no_error (error);
        g_assert_nonnull (blob);
        g_assert_cmpuint (blob->size, ==, sizes[i]);
        path = blob_path (blob->name);
        g_assert_cmpint (g_lstat (path, &st), ==, 0);
        g_assert_cmpuint (st.st_size, ==, expected_disk_size (sizes[i]));
        by_hand = decrypt_by_hand (path, blob->key);
        g_assert_true (g_bytes_equal (by_hand, plain));
        g_assert_true (sillok_blob_verify (shared_vault (), blob, NULL, &error));
        g_assert_no_error (error);
        g_assert_true (sillok_blob_delete (shared_vault (), blob->name, &error));
        g_assert_no_error (error);
      }
}

/* Blobs under equal plaintext still differ: fresh key and name each time. */
static void
test_fresh_keys (void)
{
  g_autoptr(GBytes) plain = make_plaintext (1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBlob) a = store_bytes (plain, &error);
  g_autoptr(SillokBlob) b = store_bytes (plain, &error);
  g_autofree char *pa = NULL;
  g_autofree char *pb = NULL;
  g_autoptr(GBytes) fa = NULL;
  g_autoptr(GBytes) fb = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (a->name, !=, b->name);
  g_assert_false (sillok_secret_equal (a->key, b->key));
  g_assert_cmpstr (a->b2, ==, b->b2);
  pa = blob_path (a->name);
  pb = blob_path (b->name);
  fa = sillok_test_read_file (pa);
  fb = sillok_test_read_file (pb);
  g_assert_false (g_bytes_equal (fa, fb));
}

typedef struct
{
  guint64       last_done;
  guint64       last_total;
  guint         calls;
  guint64       cancel_after;
  GCancellable *cancellable;
  char        **listing_during;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last_done);
  g_assert_cmpuint (done - p->last_done, <=, CHUNK);
  p->last_done = done;
  p->last_total = total;
  p->calls++;
  if (p->cancellable != NULL && done >= p->cancel_after)
    g_cancellable_cancel (p->cancellable);
  if (p->listing_during != NULL && *p->listing_during == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = sillok_blob_list (shared_vault (), TRUE, &error);

      g_assert_no_error (error);
      *p->listing_during = blob_dir_listing ();
    }
}

static void
test_progress (void)
{
  g_autofree char *dir = sillok_test_mkdtemp ();
  g_autofree char *src = g_build_filename (dir, "recording.ogg", NULL);
  g_autoptr(GBytes) plain = make_plaintext (5 * CHUNK + 7);
  g_autoptr(GFile) file = g_file_new_for_path (src);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBlob) blob = NULL;
  Progress p = { 0 };

  g_assert_true (g_file_set_contents (src, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), NULL));
  in = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (in), on_progress, &p, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p.calls, ==, 6);
  g_assert_cmpuint (p.last_done, ==, 5 * CHUNK + 7);
  g_assert_cmpuint (p.last_total, ==, 5 * CHUNK + 7);

  /* A stream of unknown length reports a total of 0. */
  {
    g_autoptr(TestGenStream) gen = gen_stream_new (2 * CHUNK, 7);
    g_autoptr(SillokBlob) b2 = NULL;
    Progress q = { 0 };

    b2 = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), on_progress, &q, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (q.calls, ==, 2);
    g_assert_cmpuint (q.last_done, ==, 2 * CHUNK);
    g_assert_cmpuint (q.last_total, ==, 0);
  }
  sillok_test_rmtree (dir);
}

/* Stores a blob of @size random bytes; returns its path. */
static SillokBlob *
store_random (gsize   size,
              char  **path)
{
  g_autoptr(GBytes) plain = make_plaintext (size);
  g_autoptr(GError) error = NULL;
  SillokBlob *blob = store_bytes (plain, &error);

  g_assert_no_error (error);
  *path = blob_path (blob->name);
  return blob;
}

/* Rewrites the file in place, as damage on disk would. */
static void
write_file (const char *path,
            GBytes     *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  FILE *f = fopen (path, "wb");

  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (data != NULL ? data : (const guint8 *) "", 1, len, f), ==, len);
  g_assert_cmpint (fclose (f), ==, 0);
}

/* Reading @blob fails with @code and a message containing @what and the
 * blob's name; verifying does too. */
static void
assert_read_fails (const SillokBlob *blob,
                   int               code,
                   const char       *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) back = read_blob (blob, CHUNK, &error);

  g_assert_null (back);
  g_assert_error (error, SILLOK_BLOB_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, what));
  g_assert_nonnull (strstr (error->message, blob->name));
  g_clear_error (&error);
  g_assert_false (sillok_blob_verify (shared_vault (), blob, NULL, &error));
  g_assert_error (error, SILLOK_BLOB_ERROR, code);
  g_assert_nonnull (strstr (error->message, what));
  /* The stream that leaves out the hash authenticates every chunk just the
   * same: only a plaintext that differs from the recorded one while
   * decrypting under the blob's own key goes through it. */
  if (code != SILLOK_BLOB_ERROR_MISMATCH)
    {
      g_clear_error (&error);
      back = read_blob_with (sillok_blob_open_unhashed, blob, CHUNK, &error);
      g_assert_null (back);
      g_assert_error (error, SILLOK_BLOB_ERROR, code);
      g_assert_nonnull (strstr (error->message, what));
    }
}

static void
test_truncated (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (3 * CHUNK + 500, &path);
  g_autoptr(GBytes) good = sillok_test_read_file (path);
  gsize len = g_bytes_get_size (good);
  const gsize cuts[] = { 0, 1, HEADER - 1, HEADER, HEADER + 1, HEADER + 100, HEADER + ECHUNK,
                         HEADER + ECHUNK + 1, HEADER + 3 * ECHUNK, len - 17, len - 1 };

  g_assert_cmpuint (len, ==, HEADER + 3 * ECHUNK + 500 + 17);
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (good, 0, cuts[i]);

      g_test_message ("cut at %" G_GSIZE_FORMAT, cuts[i]);
      write_file (path, cut);
      assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is truncated");
    }

  /* The file shrinks after it was opened. */
  write_file (path, good);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GInputStream) stream = sillok_blob_open (shared_vault (), blob, &error);
    g_autofree guint8 *buf = g_malloc (CHUNK);

    g_assert_no_error (error);
    g_assert_cmpint (g_input_stream_read (stream, buf, CHUNK, NULL, &error), ==, CHUNK);
    g_assert_cmpint (truncate (path, HEADER + 2 * ECHUNK - 5), ==, 0);
    g_assert_cmpint (g_input_stream_read (stream, buf, CHUNK, NULL, &error), ==, -1);
    g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "is truncated: it ends inside chunk 2"));
    g_clear_error (&error);
    /* The error sticks. */
    g_assert_cmpint (g_input_stream_read (stream, buf, CHUNK, NULL, &error), ==, -1);
    g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED);
  }
}

static void
flip_byte (const char *path,
           GBytes     *good,
           gsize       at)
{
  g_autoptr(GBytes) copy = NULL;
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (good), &len);

  data[at] ^= 0x01;
  copy = g_bytes_new_take (data, len);
  write_file (path, copy);
}

static void
test_flipped_byte (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (4 * CHUNK + 1000, &path);
  g_autoptr(GBytes) good = sillok_test_read_file (path);

  /* Any byte of the header: the first chunk no longer decrypts. */
  for (gsize at = 0; at < HEADER; at += 7)
    {
      flip_byte (path, good, at);
      assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is damaged: chunk 1 fails to decrypt");
    }
  /* First, middle and last byte of each chunk. */
  for (guint c = 0; c < 5; c++)
    {
      gsize start = HEADER + c * ECHUNK;
      gsize clen = c < 4 ? ECHUNK : 1000 + 17;
      g_autofree char *what = g_strdup_printf ("is damaged: chunk %u fails to decrypt", c + 1);

      flip_byte (path, good, start);
      assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, what);
      flip_byte (path, good, start + clen / 2);
      assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, what);
      flip_byte (path, good, start + clen - 1);
      assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, what);
    }

  /* Chunks before the damaged one come out; the damaged one does not. */
  flip_byte (path, good, HEADER + 2 * ECHUNK + 9);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GInputStream) stream = sillok_blob_open (shared_vault (), blob, &error);
    g_autofree guint8 *buf = g_malloc (4 * CHUNK);
    gsize got = 0;

    g_assert_false (g_input_stream_read_all (stream, buf, 4 * CHUNK, &got, NULL, &error));
    g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED);
    g_assert_cmpuint (got, ==, 2 * CHUNK);
  }
  write_file (path, good);
  {
    g_autoptr(GError) error = NULL;
    g_assert_true (sillok_blob_verify (shared_vault (), blob, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_swapped_chunks (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (3 * CHUNK, &path);
  g_autoptr(GBytes) good = sillok_test_read_file (path);
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (good), &len);
  g_autofree guint8 *tmp = g_malloc (ECHUNK);
  g_autoptr(GBytes) swapped = NULL;

  /* Chunks 2 and 3: the last is the final one, so chunk 2 fails. */
  memcpy (tmp, data + HEADER + ECHUNK, ECHUNK);
  memcpy (data + HEADER + ECHUNK, data + HEADER + 2 * ECHUNK, ECHUNK);
  memcpy (data + HEADER + 2 * ECHUNK, tmp, ECHUNK);
  swapped = g_bytes_new_take (data, len);
  write_file (path, swapped);
  assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is damaged: chunk 2 fails to decrypt");

  /* Chunks 1 and 2. */
  data = g_bytes_unref_to_data (g_bytes_ref (good), &len);
  memcpy (tmp, data + HEADER, ECHUNK);
  memcpy (data + HEADER, data + HEADER + ECHUNK, ECHUNK);
  memcpy (data + HEADER + ECHUNK, tmp, ECHUNK);
  g_clear_pointer (&swapped, g_bytes_unref);
  swapped = g_bytes_new_take (data, len);
  write_file (path, swapped);
  assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is damaged: chunk 1 fails to decrypt");
}

static void
test_appended (void)
{
  /* A short final chunk and a full one. */
  static const gsize sizes[] = { CHUNK + 300, 2 * CHUNK, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(SillokBlob) blob = store_random (sizes[i], &path);
      g_autoptr(GBytes) good = sillok_test_read_file (path);
      const gsize extra[] = { 1, 17, 5000, ECHUNK };

      for (guint e = 0; e < G_N_ELEMENTS (extra); e++)
        {
          g_autoptr(GByteArray) longer = g_byte_array_new ();
          g_autoptr(GBytes) bytes = NULL;
          g_autofree guint8 *junk = g_malloc (extra[e]);

          randombytes_buf (junk, extra[e]);
          g_byte_array_append (longer, g_bytes_get_data (good, NULL), g_bytes_get_size (good));
          g_byte_array_append (longer, junk, extra[e]);
          bytes = g_byte_array_free_to_bytes (g_steal_pointer (&longer));
          write_file (path, bytes);
          assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is damaged: data follows its final chunk");
        }
    }
}

static void
test_wrong_key (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (100000, &path);
  g_autoptr(SillokBlob) other = NULL;
  g_autoptr(SillokSecret) key = sillok_secret_new (32);

  randombytes_buf (sillok_secret_get_data (key), 32);
  other = sillok_blob_new (blob->name, key, blob->size, blob->b2);
  assert_read_fails (other, SILLOK_BLOB_ERROR_DAMAGED, "is damaged: chunk 1 fails to decrypt");
}

static void
test_short_key (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (100, &path);
  g_autoptr(SillokSecret) key = sillok_secret_new_from_data (sillok_secret_get_data (blob->key), 16);
  g_autoptr(SillokBlob) other = sillok_blob_new (blob->name, key, blob->size, blob->b2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = sillok_blob_open (shared_vault (), other, &error);

  g_assert_null (stream);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "has 16 bytes instead of 32"));
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) d = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Once the end is read and checked, the file is closed and the plaintext
 * wiped without waiting for close. */
static void
test_released_at_end (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (CHUNK + 10, &path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *buf = g_malloc (2 * CHUNK);
  guint before = count_open_fds ();
  gsize got = 0;

  stream = sillok_blob_open (shared_vault (), blob, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_open_fds (), ==, before + 1);
  g_assert_true (g_input_stream_read_all (stream, buf, CHUNK + 5, &got, NULL, &error));
  g_assert_cmpuint (count_open_fds (), ==, before + 1);
  g_assert_true (g_input_stream_read_all (stream, buf, 2 * CHUNK, &got, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, 5);
  g_assert_cmpuint (count_open_fds (), ==, before);
  g_assert_cmpint (g_input_stream_read (stream, buf, 1, NULL, &error), ==, 0);
  g_assert_true (g_input_stream_close (stream, NULL, &error));
  g_assert_no_error (error);
}

/* Writes @plain under @key as a blob file would be, with the tags asked. */
static GBytes *
encrypt_with_tags (SillokSecret  *key,
                   GBytes        *plain,
                   const guint8  *tags,
                   guint          n_tags)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  crypto_secretstream_xchacha20poly1305_state st;
  guint8 header[HEADER];
  g_autofree guint8 *c = g_malloc (ECHUNK);
  gsize len;
  const guint8 *p = g_bytes_get_data (plain, &len);

  crypto_secretstream_xchacha20poly1305_init_push (&st, header, sillok_secret_get_data (key));
  g_byte_array_append (out, header, sizeof header);
  for (guint i = 0; i < n_tags; i++)
    {
      gsize off = (gsize) i * CHUNK;
      gsize mlen = off >= len ? 0 : MIN ((gsize) CHUNK, len - off);
      unsigned long long clen = 0;

      crypto_secretstream_xchacha20poly1305_push (&st, c, &clen, p + MIN (off, len), mlen, NULL, 0, tags[i]);
      g_byte_array_append (out, c, clen);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Files only the key holder could write: valid chunks, wrong structure. */
static void
test_crafted (void)
{
  const guint8 MSG = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  const guint8 FIN = crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  const guint8 PUSH = crypto_secretstream_xchacha20poly1305_TAG_PUSH;
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (2 * CHUNK + 10, &path);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GBytes) good = sillok_test_read_file (path);
    plain = decrypt_by_hand (path, blob->key);
    g_assert_cmpuint (g_bytes_get_size (good), ==, expected_disk_size (blob->size));
  }

  /* Re-encrypting with the right tags gives a file that verifies. */
  {
    const guint8 tags[] = { MSG, MSG, FIN };
    g_autoptr(GBytes) file = encrypt_with_tags (blob->key, plain, tags, 3);

    write_file (path, file);
    g_assert_true (sillok_blob_verify (shared_vault (), blob, NULL, &error));
    g_assert_no_error (error);
  }
  /* No final tag anywhere. */
  {
    const guint8 tags[] = { MSG, MSG, MSG };
    g_autoptr(GBytes) file = encrypt_with_tags (blob->key, plain, tags, 3);

    write_file (path, file);
    assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is truncated: it ends after chunk 3 without a final chunk");
  }
  /* A final tag too early. */
  {
    const guint8 tags[] = { MSG, FIN, MSG };
    g_autoptr(GBytes) file = encrypt_with_tags (blob->key, plain, tags, 3);

    write_file (path, file);
    assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is damaged: data follows its final chunk");
  }
  /* A tag the writer never uses. */
  {
    const guint8 tags[] = { MSG, PUSH, FIN };
    g_autoptr(GBytes) file = encrypt_with_tags (blob->key, plain, tags, 3);

    write_file (path, file);
    assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "is damaged: chunk 2 has an unknown tag");
  }
}

/* Only the hash tells a blob replaced by another valid one of the same
 * size under the same key. */
static void
test_replaced (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (CHUNK + 99, &path);
  g_autoptr(GBytes) other = make_plaintext (CHUNK + 99);
  const guint8 tags[] = { crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
                          crypto_secretstream_xchacha20poly1305_TAG_FINAL };
  g_autoptr(GBytes) file = encrypt_with_tags (blob->key, other, tags, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBlob) no_hash = sillok_blob_new (blob->name, blob->key, blob->size, NULL);
  g_autoptr(GBytes) back = NULL;

  write_file (path, file);
  assert_read_fails (blob, SILLOK_BLOB_ERROR_MISMATCH, "its BLAKE2b-512 differs");

  /* Without an expected hash the stream reads it, and so does the one
   * that leaves the hash out: a file made with the blob's own key. */
  back = read_blob (no_hash, CHUNK, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, other));
  g_clear_pointer (&back, g_bytes_unref);
  back = read_blob_with (sillok_blob_open_unhashed, blob, CHUNK, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, other));

  /* Another blob's file copied over this one: its key does not fit. */
  {
    g_autofree char *other_path = NULL;
    g_autoptr(SillokBlob) second = store_random (CHUNK + 99, &other_path);
    g_autoptr(GBytes) second_file = sillok_test_read_file (other_path);

    write_file (path, second_file);
    assert_read_fails (blob, SILLOK_BLOB_ERROR_DAMAGED, "chunk 1 fails to decrypt");
  }
}

static void
test_bad_names (void)
{
  static const char *bad[] = { "", "../../keyslots.json", "0123456789abcdef0123456789ABCDEF",
                               "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0",
                               "0123456789abcdef0123456789abcdeg", "0123456789abcdef/123456789abcdef" };
  g_autoptr(SillokSecret) key = sillok_secret_new (32);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SillokBlob) blob = sillok_blob_new (bad[i], key, 0, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GInputStream) stream = NULL;

      g_assert_false (sillok_blob_name_is_valid (bad[i]));
      stream = sillok_blob_open (shared_vault (), blob, &error);
      g_assert_null (stream);
      g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_NAME);
      g_clear_error (&error);
      g_assert_false (sillok_blob_delete (shared_vault (), bad[i], &error));
      g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_NAME);
    }
  g_assert_true (sillok_blob_name_is_valid ("0123456789abcdef0123456789abcdef"));
}

static void
test_missing_and_odd_files (void)
{
  const char *name = "00112233445566778899aabbccddeeff";
  g_autoptr(SillokSecret) key = sillok_secret_new (32);
  g_autoptr(SillokBlob) blob = sillok_blob_new (name, key, 10, NULL);
  g_autofree char *path = blob_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;

  empty_blob_dir ();
  stream = sillok_blob_open (shared_vault (), blob, &error);
  g_assert_null (stream);
  g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, name));
  g_clear_error (&error);
  g_assert_false (sillok_blob_delete (shared_vault (), name, &error));
  g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_MISSING);
  g_clear_error (&error);

  /* A link is never followed, a folder is not a blob. */
  g_assert_cmpint (symlink ("/etc/passwd", path), ==, 0);
  stream = sillok_blob_open (shared_vault (), blob, &error);
  g_assert_null (stream);
  g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  stream = sillok_blob_open (shared_vault (), blob, &error);
  g_assert_null (stream);
  g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
test_delete (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (5000, &path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (sillok_blob_delete (shared_vault (), blob->name, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (sillok_blob_delete (shared_vault (), blob->name, &error));
  g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_false (sillok_blob_verify (shared_vault (), blob, NULL, &error));
  g_assert_error (error, SILLOK_BLOB_ERROR, SILLOK_BLOB_ERROR_MISSING);
}

static void
touch (const char *name)
{
  g_autofree char *path = blob_path (name);
  g_assert_true (g_file_set_contents (path, "x", 1, NULL));
}

static void
test_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) sillok_blob_free);
  g_autoptr(GPtrArray) expect = g_ptr_array_new ();
  g_auto(GStrv) names = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *expected = NULL;
  const char *stale = "ffeeddccbbaa99887766554433221100.part";

  empty_blob_dir ();
  names = sillok_blob_list (shared_vault (), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_clear_pointer (&names, g_strfreev);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *path = NULL;
      SillokBlob *blob = store_random (i * 1000, &path);

      g_ptr_array_add (stored, blob);
      g_ptr_array_add (expect, blob->name);
    }
  g_ptr_array_sort (expect, compare_strings);
  g_ptr_array_add (expect, NULL);
  expected = g_strjoinv (" ", (char **) expect->pdata);

  /* Files that are not blobs are neither listed nor removed. */
  touch ("README");
  touch ("0123456789ABCDEF0123456789ABCDEF");
  touch ("notes.part");
  touch (stale);

  names = sillok_blob_list (shared_vault (), FALSE, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (" ", names);
  g_assert_cmpstr (joined, ==, expected);
  listing = blob_dir_listing ();
  g_assert_nonnull (strstr (listing, stale));
  g_clear_pointer (&names, g_strfreev);
  g_clear_pointer (&joined, g_free);
  g_clear_pointer (&listing, g_free);

  names = sillok_blob_list (shared_vault (), TRUE, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (" ", names);
  g_assert_cmpstr (joined, ==, expected);
  listing = blob_dir_listing ();
  g_assert_null (strstr (listing, stale));
  g_assert_nonnull (strstr (listing, "README"));
  g_assert_nonnull (strstr (listing, "notes.part"));
  g_assert_nonnull (strstr (listing, "0123456789ABCDEF0123456789ABCDEF"));
}

/* Cleaning while a store runs keeps that store's .part file. */
static void
test_list_during_store (void)
{
  g_autoptr(TestGenStream) gen = gen_stream_new (3 * CHUNK, 11);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBlob) blob = NULL;
  g_autofree char *during = NULL;
  g_autofree char *b2 = NULL;
  Progress p = { 0 };

  empty_blob_dir ();
  p.listing_during = &during;
  blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), on_progress, &p, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (during);
  g_assert_true (g_str_has_suffix (during, ".part"));
  g_assert_true (g_str_has_prefix (during, blob->name));
  b2 = gen_stream_b2 (gen);
  g_assert_cmpstr (blob->b2, ==, b2);
  g_assert_true (sillok_blob_verify (shared_vault (), blob, NULL, &error));
  g_assert_no_error (error);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBlob) blob = NULL;

  empty_blob_dir ();
  {
    g_autoptr(TestGenStream) gen = gen_stream_new (10 * CHUNK, 3);
    Progress p = { .cancellable = cancellable, .cancel_after = 2 * CHUNK };

    blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), on_progress, &p, cancellable, &error);
    g_assert_null (blob);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (p.last_done, ==, 2 * CHUNK);
    assert_blob_dir_empty ();
    g_clear_error (&error);
  }
  /* Cancelled on the last chunk, before the rename. */
  {
    g_autoptr(TestGenStream) gen = gen_stream_new (3 * CHUNK + 5, 3);
    Progress p = { .cancellable = cancellable, .cancel_after = 3 * CHUNK + 5 };

    g_cancellable_reset (cancellable);
    blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), on_progress, &p, cancellable, &error);
    g_assert_null (blob);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    assert_blob_dir_empty ();
    g_clear_error (&error);
  }
  /* Cancelled before it starts. */
  {
    g_autoptr(TestGenStream) gen = gen_stream_new (10, 3);

    blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), NULL, NULL, cancellable, &error);
    g_assert_null (blob);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    assert_blob_dir_empty ();
    g_clear_error (&error);
  }
  /* Reading stops too, and goes on once no longer cancelled. */
  {
    g_autofree char *path = NULL;
    g_autoptr(SillokBlob) stored = store_random (2 * CHUNK, &path);
    g_autoptr(GInputStream) stream = sillok_blob_open (shared_vault (), stored, &error);
    g_autofree guint8 *buf = g_malloc (2 * CHUNK);
    gsize got = 0;

    g_assert_no_error (error);
    g_assert_cmpint (g_input_stream_read (stream, buf, CHUNK, cancellable, &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_true (g_input_stream_read_all (stream, buf, 2 * CHUNK, &got, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (got, ==, 2 * CHUNK);
  }
}

static void
test_input_error (void)
{
  g_autoptr(TestGenStream) gen = gen_stream_new (10 * CHUNK, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokBlob) blob = NULL;

  empty_blob_dir ();
  gen->fail_at = 3 * CHUNK + 100;
  blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), NULL, NULL, NULL, &error);
  g_assert_null (blob);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_assert_nonnull (strstr (error->message, "the source went away"));
  assert_blob_dir_empty ();
}

static void
test_locked (void)
{
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_autofree char *path = NULL;
  g_autoptr(SillokBlob) blob = store_random (10, &path);
  g_autoptr(GBytes) plain = make_plaintext (10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SillokBlob) none = NULL;
  g_auto(GStrv) names = NULL;

  sillok_vault_lock (shared_vault ());
  none = store_bytes (plain, &error);
  g_assert_null (none);
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  stream = sillok_blob_open (shared_vault (), blob, &error);
  g_assert_null (stream);
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (sillok_blob_verify (shared_vault (), blob, NULL, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  names = sillok_blob_list (shared_vault (), TRUE, &error);
  g_assert_null (names);
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (sillok_blob_delete (shared_vault (), blob->name, &error));
  g_assert_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (sillok_vault_unlock (shared_vault (), pass, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sillok_blob_verify (shared_vault (), blob, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
failpoints_built (void)
{
  if (g_strcmp0 (g_getenv ("SILLOK_FAILPOINTS_BUILT"), "1") == 0)
    return TRUE;
  g_test_skip ("failpoints are not compiled in (configure with -Dfailpoints=true)");
  return FALSE;
}

static void
test_failpoints (void)
{
  static const struct { const char *spec; int code; const char *what; } cases[] = {
    { "blob-write=enospc", G_IO_ERROR_NO_SPACE, "No space left on device" },
    { "blob-write=short", G_IO_ERROR_NO_SPACE, "No space left on device" },
    { "blob-write=eio", G_IO_ERROR_FAILED, "Input/output error" },
    { "blob-after-fsync=eio", G_IO_ERROR_FAILED, "Input/output error" },
    { "blob-before-rename=eio", G_IO_ERROR_FAILED, "Input/output error" },
    { "blob-before-rename=enospc", G_IO_ERROR_NO_SPACE, "No space left on device" },
    { "blob-after-rename=eio", G_IO_ERROR_FAILED, "Input/output error" },
    { "blob-after-rename=short", G_IO_ERROR_NO_SPACE, "No space left on device" },
  };

  if (!failpoints_built ())
    return;
  empty_blob_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestGenStream) gen = gen_stream_new (2 * CHUNK + 3, 9);
      g_autoptr(GError) error = NULL;
      g_autoptr(SillokBlob) blob = NULL;

      g_test_message ("%s", cases[i].spec);
      g_setenv ("SILLOK_FAILPOINTS", cases[i].spec, TRUE);
      blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), NULL, NULL, NULL, &error);
      g_unsetenv ("SILLOK_FAILPOINTS");
      g_assert_null (blob);
      g_assert_error (error, G_IO_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "The attachment was not stored: "));
      g_assert_nonnull (strstr (error->message, cases[i].what));
      assert_blob_dir_empty ();
    }

  /* The folder still takes blobs afterwards. */
  {
    g_autofree char *path = NULL;
    g_autoptr(SillokBlob) blob = store_random (10, &path);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

/* Killed before the rename: a .part file stays behind, never a blob, and
 * the next listing that cleans removes it. */
static void
test_killed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokVault) other = NULL;
  g_autoptr(SillokSecret) pass = sillok_secret_new_from_string (PASSPHRASE);
  g_auto(GStrv) names = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *blobs = NULL;
  g_autoptr(GDir) d = NULL;
  const char *entry;
  guint parts = 0;

  if (!failpoints_built ())
    return;
  if (g_test_subprocess ())
    {
      g_autoptr(TestGenStream) gen = gen_stream_new (3 * CHUNK, 1);
      g_autoptr(SillokBlob) blob = NULL;

      other = sillok_vault_new (g_getenv ("TEST_BLOB_VAULT"));
      g_assert_true (sillok_vault_unlock (other, pass, FALSE, NULL, &error));
      g_setenv ("SILLOK_FAILPOINTS", "blob-before-rename=kill", TRUE);
      blob = sillok_blob_store (other, G_INPUT_STREAM (gen), NULL, NULL, NULL, &error);
      g_assert_not_reached ();
    }

  dir = sillok_test_mkdtemp ();
  path = g_build_filename (dir, "vault", NULL);
  other = sillok_vault_new (path);
  g_assert_true (sillok_vault_create (other, "Killed", pass, SILLOK_KDF_INTERACTIVE, NULL, &error));
  g_assert_no_error (error);
  sillok_vault_close (other);
  g_setenv ("TEST_BLOB_VAULT", path, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();
  g_unsetenv ("TEST_BLOB_VAULT");

  blobs = g_build_filename (path, "blobs", NULL);
  d = g_dir_open (blobs, 0, NULL);
  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_assert_true (g_str_has_suffix (entry, ".part"));
      parts++;
    }
  g_assert_cmpuint (parts, ==, 1);
  g_clear_pointer (&d, g_dir_close);

  g_assert_true (sillok_vault_unlock (other, pass, FALSE, NULL, &error));
  g_assert_no_error (error);
  names = sillok_blob_list (other, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  d = g_dir_open (blobs, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_clear_object (&other);
  sillok_test_rmtree (dir);
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

/* Lowers the peak to what is resident now (Linux 4.0 and later). */
static gboolean
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

static guint64
store_and_read_peak (guint64           size,
                     SillokBlob      **out)
{
  g_autoptr(TestGenStream) gen = gen_stream_new (size, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *b2 = NULL;
  SillokBlob *blob;

  g_assert_true (reset_peak_rss ());
  blob = sillok_blob_store (shared_vault (), G_INPUT_STREAM (gen), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  b2 = gen_stream_b2 (gen);
  g_assert_cmpstr (blob->b2, ==, b2);
  g_assert_true (sillok_blob_verify (shared_vault (), blob, NULL, &error));
  g_assert_no_error (error);
  *out = blob;
  return peak_rss_kib ();
}

static void
test_memory_flat (void)
{
  g_autoptr(SillokBlob) small = NULL;
  g_autoptr(SillokBlob) large = NULL;
  guint64 base, peak_small, peak_large;

  if (!reset_peak_rss ())
    {
      g_test_skip ("cannot reset the peak resident size (/proc/self/clear_refs)");
      return;
    }
  empty_blob_dir ();
  /* A first small round warms up every lazy allocation. */
  peak_small = store_and_read_peak (1 * MIB, &small);
  g_clear_pointer (&small, sillok_blob_free);
  g_assert_true (reset_peak_rss ());
  base = peak_rss_kib ();
  peak_small = store_and_read_peak (1 * MIB, &small);
  peak_large = store_and_read_peak (64 * MIB, &large);
  g_test_message ("resident before: %" G_GUINT64_FORMAT " KiB; peak storing and verifying 1 MiB: %"
                  G_GUINT64_FORMAT " KiB, 64 MiB: %" G_GUINT64_FORMAT " KiB",
                  base, peak_small, peak_large);
  g_assert_cmpuint (peak_large, <, base + 2048);
  g_assert_cmpuint (peak_large, <, peak_small + 1024);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  sillok_test_init (&argc, &argv);

  g_test_add_func ("/blob/round-trip", test_round_trip);
  g_test_add_func ("/blob/round-trip/read-ahead", test_round_trip_read_ahead);
  g_test_add_func ("/blob/fresh-keys", test_fresh_keys);
  g_test_add_func ("/blob/progress", test_progress);
  g_test_add_func ("/blob/damage/truncated", test_truncated);
  g_test_add_func ("/blob/damage/flipped-byte", test_flipped_byte);
  g_test_add_func ("/blob/damage/swapped-chunks", test_swapped_chunks);
  g_test_add_func ("/blob/damage/appended", test_appended);
  g_test_add_func ("/blob/damage/wrong-key", test_wrong_key);
  g_test_add_func ("/blob/short-key", test_short_key);
  g_test_add_func ("/blob/released-at-end", test_released_at_end);
  g_test_add_func ("/blob/damage/crafted", test_crafted);
  g_test_add_func ("/blob/damage/replaced", test_replaced);
  g_test_add_func ("/blob/bad-names", test_bad_names);
  g_test_add_func ("/blob/missing-and-odd-files", test_missing_and_odd_files);
  g_test_add_func ("/blob/delete", test_delete);
  g_test_add_func ("/blob/list", test_list);
  g_test_add_func ("/blob/list-during-store", test_list_during_store);
  g_test_add_func ("/blob/cancel", test_cancel);
  g_test_add_func ("/blob/input-error", test_input_error);
  g_test_add_func ("/blob/locked", test_locked);
  g_test_add_func ("/blob/failpoints", test_failpoints);
  g_test_add_func ("/blob/killed", test_killed);
  g_test_add_func ("/blob/memory-flat", test_memory_flat);

  ret = g_test_run ();
  g_clear_object (&vault);
  if (vault_dir != NULL)
    sillok_test_rmtree (vault_dir);
  g_free (vault_dir);
  return ret;
}
