/* test-pipe.c: buffers between threads: hashing and reading ahead
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <sodium.h>
#include <string.h>

#include "sillok-pipe.h"
#include "sillok-test-utils.h"

#define BLOCK 4096

static GBytes *
pattern (gsize len)
{
  guint8 *data = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 7 + i / 251);
  return g_bytes_new_take (data, len);
}

/* A source that gives @len bytes of pattern() and then fails, or ends
 * when @fail_at is G_MAXSIZE; it counts what was read from it. */
#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GInputStream)

struct _TestSource
{
  GInputStream  parent_instance;
  GBytes       *data;
  gsize         pos;
  gsize         fail_at;
  gint          reads;       /* atomic */
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, G_TYPE_INPUT_STREAM)

static gssize
test_source_read (GInputStream  *stream,
                  void          *buffer,
                  gsize          count,
                  GCancellable  *cancellable,
                  GError       **error)
{
  TestSource *self = TEST_SOURCE (stream);
  gsize len = g_bytes_get_size (self->data);
  gsize n;

  g_atomic_int_inc (&self->reads);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (self->pos >= self->fail_at)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "entry x does not hash to its name");
      return -1;
    }
  /* Odd pieces, as a decrypting source gives them. */
  n = MIN (MIN (count, len - self->pos), 1000 + self->pos % 3001);
  if (self->fail_at != G_MAXSIZE)
    n = MIN (n, self->fail_at - self->pos);
  memcpy (buffer, (const guint8 *) g_bytes_get_data (self->data, NULL) + self->pos, n);
  self->pos += n;
  return n;
}

static void
test_source_finalize (GObject *object)
{
  g_bytes_unref (TEST_SOURCE (object)->data);
  G_OBJECT_CLASS (test_source_parent_class)->finalize (object);
}

static void
test_source_class_init (TestSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_source_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_source_read;
}

static void
test_source_init (TestSource *self)
{
}

static TestSource *
test_source_new (gsize len,
                 gsize fail_at)
{
  TestSource *self = g_object_new (TEST_TYPE_SOURCE, NULL);

  self->data = pattern (len);
  self->fail_at = fail_at;
  return self;
}

/* Everything read from @stream in pieces of @piece bytes; NULL on error. */
static GBytes *
read_all (GInputStream  *stream,
          gsize          piece,
          GError       **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *buf = g_malloc (piece);
  gssize n;

  while ((n = g_input_stream_read (stream, buf, piece, NULL, error)) > 0)
    g_byte_array_append (out, buf, n);
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
test_read_ahead_round_trip (void)
{
  static const gsize sizes[] = { 0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 3, 300000 };
  static const gsize pieces[] = { 1, 333, BLOCK, 3 * BLOCK + 5 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (pieces); j++)
      {
        g_autoptr(TestSource) source = test_source_new (sizes[i], G_MAXSIZE);
        g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (G_INPUT_STREAM (source), 3, BLOCK, NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) back = read_all (ahead, pieces[j], &error);
        guint8 byte;

        g_assert_no_error (error);
        g_assert_true (g_bytes_equal (back, source->data));
        /* The end stays the end. */
        g_assert_cmpint (g_input_stream_read (ahead, &byte, 1, NULL, &error), ==, 0);
        g_assert_no_error (error);
        g_assert_true (g_input_stream_close (ahead, NULL, &error));
        g_assert_no_error (error);
      }
}

/* The source's error reaches the reader after every byte before it, and
 * again on every later read. */
static void
test_read_ahead_error (void)
{
  static const gsize fails[] = { 0, 1, BLOCK, 2 * BLOCK + 17 };

  for (guint i = 0; i < G_N_ELEMENTS (fails); i++)
    {
      g_autoptr(TestSource) source = test_source_new (10 * BLOCK, fails[i]);
      g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (G_INPUT_STREAM (source), 2, BLOCK, NULL);
      g_autoptr(GByteArray) got = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      guint8 buf[777];
      gssize n;

      while ((n = g_input_stream_read (ahead, buf, sizeof buf, NULL, &error)) > 0)
        g_byte_array_append (got, buf, n);
      g_assert_cmpint (n, ==, -1);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, ==, "entry x does not hash to its name");
      /* Whole blocks before the failing one arrive; the failing block's
       * bytes do not. */
      g_assert_cmpuint (got->len, ==, fails[i] / BLOCK * BLOCK);
      g_assert_cmpmem (got->data, got->len, g_bytes_get_data (source->data, NULL), got->len);
      g_clear_error (&error);
      g_assert_cmpint (g_input_stream_read (ahead, buf, sizeof buf, NULL, &error), ==, -1);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* A reader that stops early stops the thread: the source is not read on. */
static void
test_read_ahead_early_close (void)
{
  g_autoptr(TestSource) source = test_source_new (1000 * BLOCK, G_MAXSIZE);
  g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (G_INPUT_STREAM (source), 2, BLOCK, NULL);
  g_autoptr(GError) error = NULL;
  guint8 buf[100];
  gint reads;

  g_assert_cmpint (g_input_stream_read (ahead, buf, sizeof buf, NULL, &error), ==, sizeof buf);
  g_assert_no_error (error);
  g_assert_true (g_input_stream_close (ahead, NULL, &error));
  g_assert_no_error (error);
  reads = g_atomic_int_get (&source->reads);
  /* At most the blocks the pipe holds, and one being filled. */
  g_assert_cmpuint (source->pos, <=, 4 * BLOCK);
  g_usleep (50 * 1000);
  g_assert_cmpint (g_atomic_int_get (&source->reads), ==, reads);

  /* Finalizing without reading at all does not hang either. */
  {
    g_autoptr(TestSource) other = test_source_new (1000 * BLOCK, G_MAXSIZE);
    GInputStream *unread = sillok_pipe_read_ahead_new (G_INPUT_STREAM (other), 2, BLOCK, NULL);

    g_object_unref (unread);
    g_assert_cmpuint (other->pos, <=, 3 * BLOCK);
  }
}

static void
test_read_ahead_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TestSource) source = test_source_new (1000 * BLOCK, G_MAXSIZE);
  g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (G_INPUT_STREAM (source), 2, BLOCK, cancellable);
  g_autoptr(GError) error = NULL;
  guint8 buf[BLOCK];
  gssize n;

  g_assert_cmpint (g_input_stream_read (ahead, buf, sizeof buf, NULL, &error), >, 0);
  g_cancellable_cancel (cancellable);
  while ((n = g_input_stream_read (ahead, buf, sizeof buf, NULL, &error)) > 0)
    ;
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (source->pos, <, 1000 * BLOCK);
}

/* Whether a thread of this process is called @name (/proc/self/task),
 * waiting up to 5 s for a new thread to name itself. */
static gboolean
thread_named (const char *name)
{
  for (int tries = 0; tries < 500; tries++)
    {
      g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
      const char *tid;

      while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
          g_autofree char *comm = NULL;

          if (g_file_get_contents (path, &comm, NULL, NULL) && g_strcmp0 (g_strchomp (comm), name) == 0)
            return TRUE;
        }
      g_usleep (10 * 1000);
    }
  return FALSE;
}

/* The threads carry their names (at most 15 bytes, or the kernel keeps
 * none), so that a profile or a debugger tells them apart. */
static void
test_thread_names (void)
{
  g_autoptr(TestSource) source = test_source_new (1000 * BLOCK, G_MAXSIZE);
  g_autoptr(GInputStream) ahead = NULL;
  g_autoptr(SillokPipeHash) hash = sillok_pipe_hash_new (2, BLOCK);
  guint8 buf[BLOCK] = { 0 };

  if (!g_file_test ("/proc/self/task", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no /proc/self/task");
      return;
    }
  ahead = sillok_pipe_read_ahead_new (G_INPUT_STREAM (source), 2, BLOCK, NULL);
  sillok_pipe_hash_update (hash, buf, sizeof buf);
  /* Both threads live on: the read-ahead waits for blocks to be taken,
   * the hash for more bytes. */
  g_assert_true (thread_named ("sillok-ahead"));
  g_assert_true (thread_named ("sillok-hash"));
}

/* Borrowed bytes are the stream's, in order, never more than asked or
 * past a block, and the end is announced with the last of them. */
static void
test_read_ahead_borrow (void)
{
  static const gsize sizes[] = { 0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 5 * BLOCK + 3 };
  static const gsize maxes[] = { 1, BLOCK / 4, BLOCK, 3 * BLOCK };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (maxes); j++)
      {
        g_autoptr(TestSource) source = test_source_new (sizes[i], G_MAXSIZE);
        g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (G_INPUT_STREAM (source), 3, BLOCK, NULL);
        g_autoptr(GByteArray) got = g_byte_array_new ();
        g_autoptr(GError) error = NULL;
        gboolean end = FALSE;
        const guint8 *data;
        gsize len;
        guint calls = 0;
        guint8 byte;

        g_test_message ("size %" G_GSIZE_FORMAT ", at most %" G_GSIZE_FORMAT, sizes[i], maxes[j]);
        g_assert_true (sillok_pipe_is_read_ahead (ahead));
        g_assert_false (sillok_pipe_is_read_ahead (G_INPUT_STREAM (source)));
        while (!end)
          {
            g_assert_true (sillok_pipe_read_ahead_borrow (ahead, maxes[j], &data, &len, &end, NULL, &error));
            g_assert_no_error (error);
            g_assert_cmpuint (len, <=, maxes[j]);
            /* Within one block: blocks are filled whole but the last. */
            g_assert_cmpuint (got->len % BLOCK + len, <=, BLOCK);
            g_assert_true (len > 0 || (end && got->len == sizes[i]));
            g_byte_array_append (got, data, len);
            g_assert_cmpint (end, ==, got->len == sizes[i]);
            g_assert_cmpuint (++calls, <=, sizes[i] + 1);
          }
        g_assert_cmpmem (got->data, got->len, g_bytes_get_data (source->data, NULL), sizes[i]);
        /* The end stays the end, for reads too. */
        g_assert_true (sillok_pipe_read_ahead_borrow (ahead, maxes[j], &data, &len, &end, NULL, &error));
        g_assert_cmpuint (len, ==, 0);
        g_assert_true (end);
        g_assert_cmpint (g_input_stream_read (ahead, &byte, 1, NULL, &error), ==, 0);
        g_assert_no_error (error);
      }
}

/* Reads and borrows mix; a failure after a full block is not taken for the
 * end, and comes with the next call. */
static void
test_read_ahead_borrow_mixed (void)
{
  g_autoptr(TestSource) source = test_source_new (10 * BLOCK, 2 * BLOCK);
  g_autoptr(GInputStream) ahead = sillok_pipe_read_ahead_new (G_INPUT_STREAM (source), 2, BLOCK, NULL);
  g_autoptr(GError) error = NULL;
  const guint8 *p = g_bytes_get_data (source->data, NULL);
  const guint8 *data;
  guint8 buf[100];
  gsize len;
  gboolean end = TRUE;

  g_assert_cmpint (g_input_stream_read (ahead, buf, sizeof buf, NULL, &error), ==, sizeof buf);
  g_assert_cmpmem (buf, sizeof buf, p, sizeof buf);
  g_assert_true (sillok_pipe_read_ahead_borrow (ahead, 2 * BLOCK, &data, &len, &end, NULL, &error));
  g_assert_cmpuint (len, ==, BLOCK - sizeof buf);
  g_assert_cmpmem (data, len, p + sizeof buf, len);
  g_assert_false (end);
  g_assert_true (sillok_pipe_read_ahead_borrow (ahead, 2 * BLOCK, &data, &len, &end, NULL, &error));
  g_assert_cmpuint (len, ==, BLOCK);
  g_assert_cmpmem (data, len, p + BLOCK, len);
  g_assert_false (end);
  g_assert_false (sillok_pipe_read_ahead_borrow (ahead, 2 * BLOCK, &data, &len, &end, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpint (g_input_stream_read (ahead, buf, sizeof buf, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* The hash thread's digest is BLAKE2b-512 of what was handed over, in any
 * pieces. */
static void
test_hash (void)
{
  static const gsize sizes[] = { 0, 1, BLOCK, 10 * BLOCK + 1, 200001 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) data = pattern (sizes[i]);
      g_autoptr(SillokPipeHash) hash = sillok_pipe_hash_new (3, BLOCK);
      const guint8 *p = g_bytes_get_data (data, NULL);
      guint8 expected[SILLOK_PIPE_HASH_BYTES], digest[SILLOK_PIPE_HASH_BYTES];
      gsize pos = 0;

      while (pos < sizes[i])
        {
          gsize n = MIN (sizes[i] - pos, 1 + pos % 9001);

          sillok_pipe_hash_update (hash, p + pos, n);
          pos += n;
        }
      sillok_pipe_hash_final (hash, digest);
      crypto_generichash (expected, sizeof expected, p, sizes[i], NULL, 0);
      g_assert_cmpmem (digest, sizeof digest, expected, sizeof expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  sillok_test_init (&argc, &argv);

  g_test_add_func ("/pipe/read-ahead/round-trip", test_read_ahead_round_trip);
  g_test_add_func ("/pipe/read-ahead/error", test_read_ahead_error);
  g_test_add_func ("/pipe/read-ahead/early-close", test_read_ahead_early_close);
  g_test_add_func ("/pipe/read-ahead/cancel", test_read_ahead_cancel);
  g_test_add_func ("/pipe/read-ahead/borrow", test_read_ahead_borrow);
  g_test_add_func ("/pipe/read-ahead/borrow-mixed", test_read_ahead_borrow_mixed);
  g_test_add_func ("/pipe/hash", test_hash);
  g_test_add_func ("/pipe/thread-names", test_thread_names);

  return g_test_run ();
}
