/* sillok-age-armor.c: the ASCII armor of age files, read and written as streams
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-age-private.h"

/* Raw bytes kept from the base stream: more than the longest line any part
 * of the armor allows (a whitespace line, under 1 KiB), so a line that does
 * not fit is an error whatever the state. */
#define RAW_BUFFER 2048

/* Encoded lines kept before they go to the base stream. */
#define TEXT_LINES 64
#define TEXT_BUFFER (TEXT_LINES * (SILLOK_AGE_ARMOR_COLUMNS + 1) + 1)

/* Whitespace as age's reader sees it (Go's unicode.IsSpace, which
 * bytes.TrimSpace applies). */
static gboolean
is_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202f: case 0x205f: case 0x3000:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200a;
    }
}

/* The length of the whitespace at the start of @data. */
static gsize
space_prefix (const guint8 *data,
              gsize         len)
{
  gsize i = 0;

  while (i < len)
    {
      gunichar c;

      if (data[i] < 0x80)
        {
          if (!is_space (data[i]))
            break;
          i++;
          continue;
        }
      c = g_utf8_get_char_validated ((const char *) data + i, len - i);
      if (c == (gunichar) -1 || c == (gunichar) -2 || !is_space (c))
        break;
      i += g_utf8_skip[data[i]];
    }
  return i;
}

static gboolean
line_is (const guint8 *line,
         gsize         len,
         const char   *text)
{
  return len == strlen (text) && memcmp (line, text, len) == 0;
}

gboolean
sillok_age_armor_detect (const guint8 *data,
                         gsize         len)
{
  /* The reader counts a CRLF blank line as one byte, so look that far. */
  gsize ws = space_prefix (data, MIN (len, 2 * SILLOK_AGE_ARMOR_WHITESPACE_MAX));
  gsize begin = strlen (SILLOK_AGE_ARMOR_BEGIN);

  return len - ws >= begin && memcmp (data + ws, SILLOK_AGE_ARMOR_BEGIN, begin) == 0;
}

/* Reading */

typedef enum
{
  READ_BEFORE_BEGIN,
  READ_BODY,
  READ_DONE,
} ReadState;

struct _SillokAgeArmorInputStream
{
  GFilterInputStream parent_instance;

  guint8     raw[RAW_BUFFER];
  gsize      raw_pos;
  gsize      raw_len;
  gboolean   raw_eof;

  guint8     decoded[SILLOK_AGE_ARMOR_LINE_BYTES];
  gsize      decoded_pos;
  gsize      decoded_len;

  ReadState  state;
  GError    *error;   /* returned once the decoded bytes before it are read */
};

G_DEFINE_FINAL_TYPE (SillokAgeArmorInputStream, sillok_age_armor_input_stream, G_TYPE_FILTER_INPUT_STREAM)

static void
set_armor_error (SillokAgeArmorInputStream *self,
                 const char                *message)
{
  g_set_error (&self->error, SILLOK_AGE_ERROR, SILLOK_AGE_ERROR_ARMOR, _("Malformed age armor: %s"), message);
}

/* The next line without its LF and one CR before it (the last line may
 * lack its LF).  Returns 1 with a line, 0 at the end of input, -1 on error. */
static int
get_line (SillokAgeArmorInputStream  *self,
          const guint8              **line,
          gsize                      *len,
          GCancellable               *cancellable)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));

  for (;;)
    {
      guint8 *start = self->raw + self->raw_pos;
      gsize avail = self->raw_len - self->raw_pos;
      guint8 *lf = memchr (start, '\n', avail);
      gssize n;

      if (lf != NULL || (self->raw_eof && avail > 0))
        {
          *line = start;
          *len = lf != NULL ? (gsize) (lf - start) : avail;
          self->raw_pos += lf != NULL ? *len + 1 : avail;
          if (*len > 0 && start[*len - 1] == '\r')
            (*len)--;
          return 1;
        }
      if (self->raw_eof)
        return 0;
      memmove (self->raw, start, avail);
      self->raw_pos = 0;
      self->raw_len = avail;
      if (avail == sizeof self->raw)
        {
          set_armor_error (self, _("a line is far too long"));
          return -1;
        }
      n = g_input_stream_read (base, self->raw + avail, sizeof self->raw - avail, cancellable, &self->error);
      if (n < 0)
        return -1;
      if (n == 0)
        self->raw_eof = TRUE;
      self->raw_len += n;
    }
}

/* After the END line only whitespace may follow, less than 1 KiB of it. */
static void
drain_trailing (SillokAgeArmorInputStream *self,
                GCancellable              *cancellable)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  guint8 trail[SILLOK_AGE_ARMOR_WHITESPACE_MAX];
  gsize n = MIN (self->raw_len - self->raw_pos, sizeof trail);

  memcpy (trail, self->raw + self->raw_pos, n);
  self->raw_pos += n;
  while (n < sizeof trail && !self->raw_eof)
    {
      gssize r = g_input_stream_read (base, trail + n, sizeof trail - n, cancellable, &self->error);

      if (r < 0)
        return;
      if (r == 0)
        self->raw_eof = TRUE;
      n += r;
    }
  self->state = READ_DONE;
  if (space_prefix (trail, n) != n)
    set_armor_error (self, _("data follows the END line"));
  else if (n == sizeof trail)
    set_armor_error (self, _("too much whitespace follows the END line"));
}

static void
read_begin (SillokAgeArmorInputStream *self,
            GCancellable              *cancellable)
{
  gsize skipped = 0;

  for (;;)
    {
      const guint8 *line;
      gsize len;
      int r = get_line (self, &line, &len, cancellable);

      if (r < 0)
        return;
      if (r == 0)
        {
          set_armor_error (self, _("there is no BEGIN line"));
          return;
        }
      if (space_prefix (line, len) == len)
        {
          skipped += len + 1;
          if (skipped > SILLOK_AGE_ARMOR_WHITESPACE_MAX)
            {
              set_armor_error (self, _("too much whitespace comes before the BEGIN line"));
              return;
            }
          continue;
        }
      if (!line_is (line, len, SILLOK_AGE_ARMOR_BEGIN))
        {
          g_autofree char *what = g_strdup_printf (_("the first line is not “%s”"), SILLOK_AGE_ARMOR_BEGIN);

          set_armor_error (self, what);
          return;
        }
      self->state = READ_BODY;
      return;
    }
}

/* Decodes the next line into self->decoded, or ends, or sets self->error. */
static void
read_line (SillokAgeArmorInputStream *self,
           GCancellable              *cancellable)
{
  const guint8 *line;
  gsize len;
  size_t n = 0;
  int r;

  if (self->state == READ_BEFORE_BEGIN)
    {
      read_begin (self, cancellable);
      if (self->error != NULL)
        return;
    }
  r = get_line (self, &line, &len, cancellable);
  if (r <= 0)
    {
      if (r == 0)
        set_armor_error (self, _("the END line is missing"));
      return;
    }
  if (line_is (line, len, SILLOK_AGE_ARMOR_END))
    {
      drain_trailing (self, cancellable);
      return;
    }
  if (len == 0)
    {
      set_armor_error (self, _("a line is empty"));
      return;
    }
  if (len > SILLOK_AGE_ARMOR_COLUMNS)
    {
      set_armor_error (self, _("a line is longer than 64 columns"));
      return;
    }
  /* age's base64 decoder skips CR inside a line, so this one does too; a
   * NUL must be refused first, as libsodium would skip it with the CR. */
  if (memchr (line, '\0', len) != NULL
      || sodium_base642bin (self->decoded, sizeof self->decoded, (const char *) line, len, "\r",
                            &n, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
    {
      set_armor_error (self, _("a line is not canonical base64"));
      return;
    }
  self->decoded_pos = 0;
  self->decoded_len = n;
  if (n < SILLOK_AGE_ARMOR_LINE_BYTES)
    {
      r = get_line (self, &line, &len, cancellable);
      if (r < 0)
        return;
      if (r == 0 || !line_is (line, len, SILLOK_AGE_ARMOR_END))
        {
          set_armor_error (self, _("a short line is not followed by the END line"));
          return;
        }
      drain_trailing (self, cancellable);
    }
}

static gssize
sillok_age_armor_input_stream_read (GInputStream  *stream,
                                    void          *buffer,
                                    gsize          count,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  SillokAgeArmorInputStream *self = SILLOK_AGE_ARMOR_INPUT_STREAM (stream);
  gsize copied = 0;

  while (copied < count)
    {
      if (self->decoded_pos < self->decoded_len)
        {
          gsize n = MIN (count - copied, self->decoded_len - self->decoded_pos);

          memcpy ((guint8 *) buffer + copied, self->decoded + self->decoded_pos, n);
          self->decoded_pos += n;
          copied += n;
          continue;
        }
      if (self->error != NULL || self->state == READ_DONE)
        break;
      read_line (self, cancellable);
    }
  if (copied > 0)
    return copied;
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return -1;
    }
  return 0;
}

static void
sillok_age_armor_input_stream_finalize (GObject *object)
{
  SillokAgeArmorInputStream *self = SILLOK_AGE_ARMOR_INPUT_STREAM (object);

  g_clear_error (&self->error);
  sodium_memzero (self->decoded, sizeof self->decoded);
  G_OBJECT_CLASS (sillok_age_armor_input_stream_parent_class)->finalize (object);
}

static void
sillok_age_armor_input_stream_class_init (SillokAgeArmorInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = sillok_age_armor_input_stream_finalize;
  stream_class->read_fn = sillok_age_armor_input_stream_read;
}

static void
sillok_age_armor_input_stream_init (SillokAgeArmorInputStream *self)
{
}

GInputStream *
sillok_age_armor_input_stream_new (GInputStream *base)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  return g_object_new (SILLOK_TYPE_AGE_ARMOR_INPUT_STREAM,
                       "base-stream", base,
                       "close-base-stream", FALSE,
                       NULL);
}

/* Writing, as age's armor writer: BEGIN, 64-column lines, END. */

struct _SillokAgeArmorOutputStream
{
  GFilterOutputStream parent_instance;

  gboolean started;
  guint8   pending[SILLOK_AGE_ARMOR_LINE_BYTES];
  gsize    pending_len;
  char     text[TEXT_BUFFER];
  gsize    text_len;
};

G_DEFINE_FINAL_TYPE (SillokAgeArmorOutputStream, sillok_age_armor_output_stream, G_TYPE_FILTER_OUTPUT_STREAM)

static gboolean
write_text (SillokAgeArmorOutputStream  *self,
            GCancellable                *cancellable,
            GError                     **error)
{
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self));
  gsize len = self->text_len;

  self->text_len = 0;
  return g_output_stream_write_all (base, self->text, len, NULL, cancellable, error);
}

static void
append_text (SillokAgeArmorOutputStream *self,
             const char                 *text)
{
  gsize len = strlen (text);

  g_assert (self->text_len + len < sizeof self->text);
  memcpy (self->text + self->text_len, text, len);
  self->text_len += len;
}

/* One line of base64 for the pending bytes (padded when short). */
static void
append_pending (SillokAgeArmorOutputStream *self)
{
  gsize size = sodium_base64_ENCODED_LEN (self->pending_len, sodium_base64_VARIANT_ORIGINAL);

  g_assert (self->text_len + size < sizeof self->text);
  sodium_bin2base64 (self->text + self->text_len, size, self->pending, self->pending_len,
                     sodium_base64_VARIANT_ORIGINAL);
  self->text_len += size - 1;
  self->text[self->text_len++] = '\n';
  self->pending_len = 0;
}

static void
start (SillokAgeArmorOutputStream *self)
{
  if (self->started)
    return;
  self->started = TRUE;
  append_text (self, SILLOK_AGE_ARMOR_BEGIN "\n");
}

static gssize
sillok_age_armor_output_stream_write (GOutputStream  *stream,
                                      const void     *buffer,
                                      gsize           count,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  SillokAgeArmorOutputStream *self = SILLOK_AGE_ARMOR_OUTPUT_STREAM (stream);
  const guint8 *data = buffer;
  gsize done = 0;

  start (self);
  while (done < count)
    {
      gsize take = MIN (count - done, sizeof self->pending - self->pending_len);

      memcpy (self->pending + self->pending_len, data + done, take);
      self->pending_len += take;
      done += take;
      if (self->pending_len < sizeof self->pending)
        break;
      append_pending (self);
      if (self->text_len + SILLOK_AGE_ARMOR_COLUMNS + 1 >= sizeof self->text
          && !write_text (self, cancellable, error))
        return -1;
    }
  return count;
}

static gboolean
sillok_age_armor_output_stream_flush (GOutputStream  *stream,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  SillokAgeArmorOutputStream *self = SILLOK_AGE_ARMOR_OUTPUT_STREAM (stream);
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self));

  return write_text (self, cancellable, error) && g_output_stream_flush (base, cancellable, error);
}

static gboolean
sillok_age_armor_output_stream_close (GOutputStream  *stream,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  SillokAgeArmorOutputStream *self = SILLOK_AGE_ARMOR_OUTPUT_STREAM (stream);

  start (self);
  if (self->pending_len > 0)
    append_pending (self);
  append_text (self, SILLOK_AGE_ARMOR_END "\n");
  if (!write_text (self, cancellable, error))
    return FALSE;
  return G_OUTPUT_STREAM_CLASS (sillok_age_armor_output_stream_parent_class)->close_fn (stream, cancellable, error);
}

static void
sillok_age_armor_output_stream_class_init (SillokAgeArmorOutputStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = sillok_age_armor_output_stream_write;
  stream_class->flush = sillok_age_armor_output_stream_flush;
  stream_class->close_fn = sillok_age_armor_output_stream_close;
}

static void
sillok_age_armor_output_stream_init (SillokAgeArmorOutputStream *self)
{
}

GOutputStream *
sillok_age_armor_output_stream_new (GOutputStream *base,
                                    gboolean       close_base)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (base), NULL);
  return g_object_new (SILLOK_TYPE_AGE_ARMOR_OUTPUT_STREAM,
                       "base-stream", base,
                       "close-base-stream", close_base,
                       NULL);
}
