/* sillok-jcs-reader.c: a strict JSON reader for untrusted input
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sillok/sillok-jcs.h"
#include "sillok-jcs-private.h"

/* Member names quoted in error messages at most this long. */
#define QUOTED_NAME_MAX 64
/* Numbers this short are converted from a stack buffer. */
#define SHORT_NUMBER 64

typedef struct
{
  const guchar           *data;
  gsize                   len;
  gsize                   pos;
  const SillokJsonLimits *limits;
  SillokJsonParseFlags    flags;
  SillokJcsBuffer         scratch;   /* the string being read */
} Reader;

/* An array or object being read; @name is the member whose value comes next. */
typedef struct
{
  JsonNode *node;
  char     *name;
} ReadFrame;

static void
read_frame_clear (gpointer data)
{
  ReadFrame *frame = data;

  g_clear_pointer (&frame->node, json_node_unref);
  g_clear_pointer (&frame->name, g_free);
}

static void
position_of (const Reader *r,
             gsize         offset,
             guint        *line,
             guint        *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset && i < r->len; i++)
    {
      if (r->data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if ((r->data[i] & 0xc0) != 0x80)
        {
          (*column)++;
        }
    }
}

/* Sets an error naming the place of the problem; returns FALSE. */
G_GNUC_PRINTF (5, 6)
static gboolean
fail_at (const Reader    *r,
         gsize            offset,
         GError         **error,
         SillokJsonError  code,
         const char      *format,
         ...)
{
  g_autofree char *problem = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  position_of (r, offset, &line, &column);
  /* Translators: the last %s says what is wrong, e.g. "duplicate member name". */
  g_set_error (error, SILLOK_JSON_ERROR, code,
               _("Invalid JSON at line %u, column %u (byte offset %zu): %s"),
               line, column, offset, problem);
  return FALSE;
}

/* The same for readers of values, which return a node. */
static JsonNode *
fail_value (const Reader    *r,
            gsize            start,
            GError         **error,
            SillokJsonError  code,
            const char      *problem)
{
  fail_at (r, start, error, code, "%s", problem);
  return NULL;
}

static gboolean
at_end (const Reader *r)
{
  return r->pos >= r->len;
}

static void
skip_whitespace (Reader *r)
{
  while (r->pos < r->len)
    {
      guchar c = r->data[r->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      r->pos++;
    }
}

static gboolean
is_digit_at (const Reader *r,
             gsize         pos)
{
  return pos < r->len && g_ascii_isdigit (r->data[pos]);
}

static gboolean
looking_at (const Reader *r,
            const char   *word)
{
  gsize n = strlen (word);

  return r->len - r->pos >= n && memcmp (r->data + r->pos, word, n) == 0;
}

/* A printable description of the character at the current position. */
static char *
describe_current (const Reader *r)
{
  guchar c = r->data[r->pos];
  gunichar u;

  if (c >= 0x21 && c < 0x7f)
    return g_strdup_printf ("“%c”", c);
  if (c < 0x80)
    return g_strdup_printf ("U+%04X", c);
  if (sillok_jcs_utf8_decode (r->data + r->pos, r->len - r->pos, &u) > 0)
    return g_strdup_printf ("U+%04X", u);
  return g_strdup_printf (_("the byte 0x%02X"), c);
}

static gboolean
fail_unexpected (const Reader *r,
                 GError      **error,
                 const char   *expected)
{
  g_autofree char *what = NULL;

  if (at_end (r))
    return fail_at (r, r->pos, error, SILLOK_JSON_ERROR_SYNTAX,
                    _("unexpected end of the document; expected %s"), expected);
  what = describe_current (r);
  return fail_at (r, r->pos, error, SILLOK_JSON_ERROR_SYNTAX,
                  _("unexpected %s; expected %s"), what, expected);
}

/* Strings */

static int
read_hex4 (const Reader *r,
           gsize         pos)
{
  int value = 0;

  if (pos > r->len || r->len - pos < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (r->data[pos + i]);

      if (d < 0)
        return -1;
      value = (value << 4) | d;
    }
  return value;
}

/* Reads the \u escape at r->pos (the backslash), pairing surrogates. */
static gboolean
read_unicode_escape (Reader   *r,
                     GError  **error)
{
  gsize start = r->pos;
  char utf8[6];
  int cp = read_hex4 (r, start + 2);

  if (cp < 0)
    return fail_at (r, start, error, SILLOK_JSON_ERROR_SYNTAX,
                    "%s", _("\\u must be followed by four hexadecimal digits"));
  r->pos = start + 6;
  if (cp >= 0xdc00 && cp <= 0xdfff)
    return fail_at (r, start, error, SILLOK_JSON_ERROR_LONE_SURROGATE,
                    _("the low surrogate \\u%04X does not follow a high surrogate"), cp);
  if (cp >= 0xd800 && cp <= 0xdbff)
    {
      int low = looking_at (r, "\\u") ? read_hex4 (r, r->pos + 2) : -1;

      if (low < 0xdc00 || low > 0xdfff)
        return fail_at (r, start, error, SILLOK_JSON_ERROR_LONE_SURROGATE,
                        _("the high surrogate \\u%04X is not followed by a low surrogate"), cp);
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      r->pos += 6;
    }
  if (cp == 0)
    return fail_at (r, start, error, SILLOK_JSON_ERROR_UNSUPPORTED,
                    "%s", _("U+0000 (NUL) inside a string is not supported"));
  sillok_jcs_buffer_append (&r->scratch, utf8, g_unichar_to_utf8 (cp, utf8));
  return TRUE;
}

static gboolean
read_escape (Reader   *r,
             GError  **error)
{
  gsize start = r->pos;
  char c;

  if (r->pos + 1 >= r->len)
    return fail_at (r, start, error, SILLOK_JSON_ERROR_SYNTAX,
                    "%s", _("the document ends inside a string"));
  switch (r->data[r->pos + 1])
    {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u':
      return read_unicode_escape (r, error);
    default:
      return fail_at (r, start, error, SILLOK_JSON_ERROR_SYNTAX,
                      "%s", _("invalid escape sequence in a string"));
    }
  sillok_jcs_buffer_append_c (&r->scratch, c);
  r->pos += 2;
  return TRUE;
}

/* Reads the string at r->pos (the opening quote) into r->scratch. */
static gboolean
read_string (Reader   *r,
             GError  **error)
{
  gsize start = r->pos;

  sillok_jcs_buffer_reset (&r->scratch);
  sillok_jcs_buffer_append (&r->scratch, "", 0);
  r->pos++;
  for (;;)
    {
      guchar c;
      gsize run = 0;

      if (at_end (r))
        return fail_at (r, start, error, SILLOK_JSON_ERROR_SYNTAX,
                        "%s", _("the string is not terminated"));
      c = r->data[r->pos];
      if (c == '"')
        break;
      if (c == '\\')
        {
          if (!read_escape (r, error))
            return FALSE;
          continue;
        }
      if (c < 0x20)
        return fail_at (r, r->pos, error, SILLOK_JSON_ERROR_CONTROL_CHARACTER,
                        _("the control character U+%04X must be escaped inside a string"), c);
      if (c >= 0x80)
        {
          gunichar u;

          run = sillok_jcs_utf8_decode (r->data + r->pos, r->len - r->pos, &u);
          if (run == 0)
            return fail_at (r, r->pos, error, SILLOK_JSON_ERROR_INVALID_UTF8,
                            "%s", _("the string is not valid UTF-8"));
        }
      else
        {
          while (r->pos + run < r->len)
            {
              c = r->data[r->pos + run];
              if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
                break;
              run++;
            }
        }
      sillok_jcs_buffer_append (&r->scratch, r->data + r->pos, run);
      r->pos += run;
    }
  r->pos++;
  return TRUE;
}

/* Numbers */

static JsonNode *
fail_number (const Reader *r,
             gsize         start,
             GError      **error,
             const char   *problem)
{
  return fail_value (r, start, error, SILLOK_JSON_ERROR_INVALID_NUMBER, problem);
}

static gsize
skip_digits (Reader *r)
{
  gsize start = r->pos;

  while (is_digit_at (r, r->pos))
    r->pos++;
  return r->pos - start;
}

/* Integers of at most 16 digits are exact in a guint64; 2^53 has 16. */
static gboolean
small_integer (const guchar *digits,
               gsize         n,
               gint64       *out)
{
  guint64 value = 0;

  if (n > 16)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    value = value * 10 + (digits[i] - '0');
  if (value > (guint64) SILLOK_JSON_MAX_SAFE_INTEGER)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static JsonNode *
read_double (Reader   *r,
             gsize     start,
             GError  **error)
{
  gsize len = r->pos - start;
  char stack_buf[SHORT_NUMBER];
  g_autofree char *heap_buf = NULL;
  char *text = stack_buf;
  double value;

  if (len >= SHORT_NUMBER)
    text = heap_buf = g_malloc (len + 1);
  memcpy (text, r->data + start, len);
  text[len] = '\0';
  value = g_ascii_strtod (text, NULL);
  if (!isfinite (value))
    return fail_value (r, start, error, SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE,
                       _("the number is too large for a 64-bit floating-point number"));
  return json_node_init_double (json_node_alloc (), value);
}

static JsonNode *
read_number (Reader   *r,
             GError  **error)
{
  gsize start = r->pos;
  gboolean negative = FALSE;
  gboolean integer = TRUE;
  gsize n_digits;
  gint64 value;

  if (r->data[r->pos] == '-')
    {
      negative = TRUE;
      r->pos++;
      if (looking_at (r, "Infinity"))
        return fail_number (r, start, error, _("NaN and Infinity are not JSON numbers"));
    }
  if (!is_digit_at (r, r->pos))
    return fail_number (r, start, error, _("a digit must follow “-”"));
  n_digits = skip_digits (r);
  if (n_digits > 1 && r->data[start + negative] == '0')
    return fail_number (r, start, error, _("a number must not have leading zeros"));

  if (r->pos < r->len && r->data[r->pos] == '.')
    {
      integer = FALSE;
      r->pos++;
      if (skip_digits (r) == 0)
        return fail_number (r, start, error, _("a digit must follow the decimal point"));
    }
  if (r->pos < r->len && (r->data[r->pos] == 'e' || r->data[r->pos] == 'E'))
    {
      integer = FALSE;
      r->pos++;
      if (r->pos < r->len && (r->data[r->pos] == '+' || r->data[r->pos] == '-'))
        r->pos++;
      if (skip_digits (r) == 0)
        return fail_number (r, start, error, _("a digit must follow the exponent"));
    }

  if (integer && small_integer (r->data + start + negative, n_digits, &value))
    return json_node_init_int (json_node_alloc (), negative ? -value : value);
  if ((r->flags & SILLOK_JSON_PARSE_INTEGERS_ONLY) && !integer)
    return fail_value (r, start, error, SILLOK_JSON_ERROR_NOT_INTEGER,
                       _("only integers are allowed here, without fraction or exponent"));
  if (r->flags & SILLOK_JSON_PARSE_INTEGERS_ONLY)
    return fail_value (r, start, error, SILLOK_JSON_ERROR_NUMBER_OUT_OF_RANGE,
                       _("the integer is beyond ±2^53 (9007199254740992)"));
  return read_double (r, start, error);
}

/* Scalars */

static JsonNode *
read_literal (Reader   *r,
              GError  **error)
{
  if (looking_at (r, "true"))
    {
      r->pos += 4;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    }
  if (looking_at (r, "false"))
    {
      r->pos += 5;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    }
  if (looking_at (r, "null"))
    {
      r->pos += 4;
      return json_node_init_null (json_node_alloc ());
    }
  if (looking_at (r, "NaN") || looking_at (r, "Infinity"))
    return fail_number (r, r->pos, error, _("NaN and Infinity are not JSON numbers"));
  if (g_ascii_isalpha (r->data[r->pos]))
    return fail_value (r, r->pos, error, SILLOK_JSON_ERROR_SYNTAX,
                       _("unknown word; the only words in JSON are true, false and null"));
  fail_unexpected (r, error, _("a value"));
  return NULL;
}

static JsonNode *
read_scalar (Reader   *r,
             GError  **error)
{
  guchar c;
  JsonNode *node;

  if (at_end (r))
    {
      fail_unexpected (r, error, _("a value"));
      return NULL;
    }
  c = r->data[r->pos];
  if (c == '"')
    {
      if (!read_string (r, error))
        return NULL;
      node = json_node_init_string (json_node_alloc (), r->scratch.data);
      sillok_jcs_buffer_reset (&r->scratch);
      return node;
    }
  if (c == '-' || g_ascii_isdigit (c))
    return read_number (r, error);
  if (c == '+')
    return fail_number (r, r->pos, error, _("a number must not start with “+”"));
  if (c == '.')
    return fail_number (r, r->pos, error, _("a number must start with a digit"));
  return read_literal (r, error);
}

/* Arrays and objects */

static char *
quote_name (const char *name)
{
  if (strlen (name) > QUOTED_NAME_MAX)
    return g_strdup ("");
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return g_strdup ("");
  return g_strdup_printf (" “%s”", name);
}

/* Reads a member name and its colon into the innermost frame. */
static gboolean
read_member_name (Reader   *r,
                  GArray   *stack,
                  GError  **error)
{
  ReadFrame *top = &g_array_index (stack, ReadFrame, stack->len - 1);
  JsonObject *object = json_node_get_object (top->node);
  gsize start;

  skip_whitespace (r);
  start = r->pos;
  if (at_end (r) || r->data[r->pos] != '"')
    return fail_unexpected (r, error, _("a member name in double quotes"));
  if (json_object_get_size (object) >= r->limits->max_members)
    return fail_at (r, start, error, SILLOK_JSON_ERROR_TOO_LARGE,
                    _("an object has more than %u members"), r->limits->max_members);
  if (!read_string (r, error))
    return FALSE;
  if (json_object_has_member (object, r->scratch.data))
    {
      g_autofree char *quoted = quote_name (r->scratch.data);

      return fail_at (r, start, error, SILLOK_JSON_ERROR_DUPLICATE_KEY,
                      _("duplicate member name%s"), quoted);
    }
  top->name = g_strndup (r->scratch.data, r->scratch.len);
  sillok_jcs_buffer_reset (&r->scratch);

  skip_whitespace (r);
  if (at_end (r) || r->data[r->pos] != ':')
    return fail_unexpected (r, error, _("“:” after a member name"));
  r->pos++;
  return TRUE;
}

static gboolean
frame_is_object (GArray *stack)
{
  return JSON_NODE_HOLDS_OBJECT (g_array_index (stack, ReadFrame, stack->len - 1).node);
}

/* Opens the array or object at r->pos.  An empty one is finished at once
 * and handed back in @empty; any other is left open on @stack. */
static gboolean
open_container (Reader    *r,
                GArray    *stack,
                JsonNode **empty,
                GError   **error)
{
  gboolean object = r->data[r->pos] == '{';
  ReadFrame frame = { NULL, NULL };

  if (stack->len >= r->limits->max_depth)
    return fail_at (r, r->pos, error, SILLOK_JSON_ERROR_TOO_DEEP,
                    _("arrays and objects are nested more than %u deep"), r->limits->max_depth);
  r->pos++;
  /* take, not init/set: those add a reference of their own. */
  frame.node = json_node_new (object ? JSON_NODE_OBJECT : JSON_NODE_ARRAY);
  if (object)
    json_node_take_object (frame.node, json_object_new ());
  else
    json_node_take_array (frame.node, json_array_new ());

  skip_whitespace (r);
  if (!at_end (r) && r->data[r->pos] == (object ? '}' : ']'))
    {
      r->pos++;
      *empty = frame.node;
      return TRUE;
    }
  g_array_append_val (stack, frame);
  if (object)
    return read_member_name (r, stack, error);
  return TRUE;
}

/* Closes the innermost container and hands back its node. */
static JsonNode *
pop_frame (GArray *stack)
{
  ReadFrame *top = &g_array_index (stack, ReadFrame, stack->len - 1);
  JsonNode *node = g_steal_pointer (&top->node);

  g_array_set_size (stack, stack->len - 1);
  return node;
}

static void
add_to_frame (GArray   *stack,
              JsonNode *value)
{
  ReadFrame *top = &g_array_index (stack, ReadFrame, stack->len - 1);

  if (JSON_NODE_HOLDS_OBJECT (top->node))
    {
      json_object_set_member (json_node_get_object (top->node), top->name, value);
      g_clear_pointer (&top->name, g_free);
    }
  else
    {
      json_array_add_element (json_node_get_array (top->node), value);
    }
}

/* After a complete value: adds it to its container and closes every
 * container that ends here.  Returns TRUE with *done set when the value
 * was the whole document, TRUE otherwise once the next value may be read. */
static gboolean
finish_value (Reader    *r,
              GArray    *stack,
              JsonNode **value,
              gboolean  *done,
              GError   **error)
{
  while (stack->len > 0)
    {
      gboolean object = frame_is_object (stack);

      add_to_frame (stack, g_steal_pointer (value));
      skip_whitespace (r);
      if (!at_end (r) && r->data[r->pos] == ',')
        {
          r->pos++;
          return object ? read_member_name (r, stack, error) : TRUE;
        }
      if (at_end (r) || r->data[r->pos] != (object ? '}' : ']'))
        return fail_unexpected (r, error, object ? _("“,” or “}”") : _("“,” or “]”"));
      r->pos++;
      *value = pop_frame (stack);
    }

  skip_whitespace (r);
  if (!at_end (r))
    return fail_at (r, r->pos, error, SILLOK_JSON_ERROR_TRAILING_DATA,
                    "%s", _("there is more data after the JSON value"));
  *done = TRUE;
  return TRUE;
}

/* Without recursion: open containers live on a heap stack, so the depth
 * limit is the only bound on nesting. */
static JsonNode *
read_document (Reader   *r,
               GError  **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (ReadFrame));

  g_array_set_clear_func (stack, read_frame_clear);
  if (looking_at (r, "\xef\xbb\xbf"))
    return fail_value (r, 0, error, SILLOK_JSON_ERROR_SYNTAX, _("a byte order mark is not allowed"));

  for (;;)
    {
      g_autoptr(JsonNode) value = NULL;
      gboolean done = FALSE;

      skip_whitespace (r);
      if (!at_end (r) && (r->data[r->pos] == '{' || r->data[r->pos] == '['))
        {
          if (!open_container (r, stack, &value, error))
            return NULL;
          if (value == NULL)
            continue;
        }
      else
        {
          value = read_scalar (r, error);
          if (value == NULL)
            return NULL;
        }
      if (!finish_value (r, stack, &value, &done, error))
        return NULL;
      if (done)
        return g_steal_pointer (&value);
    }
}

JsonNode *
sillok_jcs_parse (const char             *data,
                  gsize                   len,
                  const SillokJsonLimits *limits,
                  SillokJsonParseFlags    flags,
                  GError                **error)
{
  static const SillokJsonLimits defaults = SILLOK_JSON_LIMITS_INIT;
  Reader r = { 0 };
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (limits == NULL || limits->max_depth <= SILLOK_JSON_MAX_DEPTH, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r.data = (const guchar *) (data != NULL ? data : "");
  r.len = len;
  r.limits = limits != NULL ? limits : &defaults;
  r.flags = flags;
  if (len > r.limits->max_bytes)
    {
      g_set_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_TOO_LARGE,
                   _("The JSON document is larger than the limit of %zu bytes"),
                   r.limits->max_bytes);
      return NULL;
    }

  root = read_document (&r, error);
  sillok_jcs_buffer_clear (&r.scratch);
  return root;
}
