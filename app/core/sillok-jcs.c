/* sillok-jcs.c: RFC 8785 canonical JSON from json-glib trees
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok-jcs.h"
#include "sillok-jcs-private.h"

G_DEFINE_QUARK (sillok-json-error-quark, sillok_json_error)

/* Buffer */

static void
buffer_grow (SillokJcsBuffer *buf,
             gsize            extra)
{
  gsize need, cap;
  char *data;

  if (extra > G_MAXSIZE - buf->len - 1)
    g_error ("JSON output too large");
  need = buf->len + extra + 1;
  cap = MAX (buf->cap, 64);
  while (cap < need)
    cap = cap > G_MAXSIZE / 2 ? need : cap * 2;
  data = g_malloc (cap);
  if (buf->data != NULL)
    {
      memcpy (data, buf->data, buf->len);
      sodium_memzero (buf->data, buf->cap);
      g_free (buf->data);
    }
  buf->data = data;
  buf->cap = cap;
}

void
sillok_jcs_buffer_append (SillokJcsBuffer *buf,
                          const void      *bytes,
                          gsize            len)
{
  if (buf->data == NULL || len > buf->cap - buf->len - 1)
    buffer_grow (buf, len);
  memcpy (buf->data + buf->len, bytes, len);
  buf->len += len;
  buf->data[buf->len] = '\0';
}

void
sillok_jcs_buffer_append_c (SillokJcsBuffer *buf,
                            char             c)
{
  sillok_jcs_buffer_append (buf, &c, 1);
}

void
sillok_jcs_buffer_set_size (SillokJcsBuffer *buf,
                            gsize            len)
{
  if (buf->data == NULL || len > buf->cap - 1)
    buffer_grow (buf, len > buf->len ? len - buf->len : 0);
  buf->len = len;
  buf->data[len] = '\0';
}

void
sillok_jcs_buffer_reset (SillokJcsBuffer *buf)
{
  if (buf->data != NULL)
    sodium_memzero (buf->data, buf->len + 1);
  buf->len = 0;
}

void
sillok_jcs_buffer_clear (SillokJcsBuffer *buf)
{
  if (buf->data != NULL)
    sodium_memzero (buf->data, buf->cap);
  g_clear_pointer (&buf->data, g_free);
  buf->len = 0;
  buf->cap = 0;
}

#define buffer_append_literal(buf, lit) sillok_jcs_buffer_append ((buf), (lit), sizeof (lit) - 1)

/* UTF-8 and name order */

gsize
sillok_jcs_utf8_decode (const guchar *p,
                        gsize         avail,
                        gunichar     *out)
{
  gunichar cp, min;
  gsize n;

  if (avail == 0)
    return 0;
  if (p[0] < 0x80)
    {
      *out = p[0];
      return 1;
    }
  if (p[0] >= 0xc2 && p[0] <= 0xdf)
    n = 2, cp = p[0] & 0x1f, min = 0x80;
  else if ((p[0] & 0xf0) == 0xe0)
    n = 3, cp = p[0] & 0x0f, min = 0x800;
  else if (p[0] >= 0xf0 && p[0] <= 0xf4)
    n = 4, cp = p[0] & 0x07, min = 0x10000;
  else
    return 0;
  if (avail < n)
    return 0;
  for (gsize i = 1; i < n; i++)
    {
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  *out = cp;
  return n;
}

static gboolean
utf8_is_valid (const char *str)
{
  const guchar *p = (const guchar *) str;
  gsize avail = strlen (str);

  while (avail > 0)
    {
      gunichar c;
      gsize n = sillok_jcs_utf8_decode (p, avail, &c);

      if (n == 0)
        return FALSE;
      p += n;
      avail -= n;
    }
  return TRUE;
}

/* The first UTF-16 code unit of a character; characters that differ but
 * share it are both supplementary and then order like their code points. */
static guint32
first_code_unit (gunichar c)
{
  return c >= 0x10000 ? 0xd800 + ((c - 0x10000) >> 10) : c;
}

int
sillok_jcs_compare_names (const char *a,
                          const char *b)
{
  const guchar *pa = (const guchar *) a;
  const guchar *pb = (const guchar *) b;
  gsize la, lb;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  la = strlen (a);
  lb = strlen (b);
  while (la > 0 && lb > 0)
    {
      gunichar ca, cb;
      gsize na = sillok_jcs_utf8_decode (pa, la, &ca);
      gsize nb = sillok_jcs_utf8_decode (pb, lb, &cb);

      /* Invalid bytes still get a stable order; they are never written. */
      if (na == 0)
        ca = *pa, na = 1;
      if (nb == 0)
        cb = *pb, nb = 1;
      if (ca != cb)
        {
          guint32 ua = first_code_unit (ca);
          guint32 ub = first_code_unit (cb);

          if (ua != ub)
            return ua < ub ? -1 : 1;
          return ca < cb ? -1 : 1;
        }
      pa += na, la -= na;
      pb += nb, lb -= nb;
    }
  return (la > 0) - (lb > 0);
}

static int
compare_name_pointers (const void *a,
                       const void *b)
{
  return sillok_jcs_compare_names (*(const char * const *) a, *(const char * const *) b);
}

/* Writer */

static gboolean
write_integer (SillokJcsBuffer *out,
               gint64           value,
               GError         **error)
{
  char text[SILLOK_JCS_NUMBER_BUFFER];
  double d = (double) value;

  if (value >= -SILLOK_JSON_MAX_SAFE_INTEGER && value <= SILLOK_JSON_MAX_SAFE_INTEGER)
    {
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
      sillok_jcs_buffer_append (out, text, strlen (text));
      return TRUE;
    }
  /* RFC 8785 numbers are doubles: a larger integer is written only when a
   * double holds it exactly, never silently changed. */
  if (d >= 9223372036854775808.0 || (gint64) d != value)
    {
      g_set_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE,
                   _("The integer %" PRId64 " has no exact JSON number"), value);
      return FALSE;
    }
  if (!sillok_jcs_format_double (d, text, error))
    return FALSE;
  sillok_jcs_buffer_append (out, text, strlen (text));
  return TRUE;
}

static gboolean
write_double (SillokJcsBuffer *out,
              double           value,
              GError         **error)
{
  char text[SILLOK_JCS_NUMBER_BUFFER];

  if (!sillok_jcs_format_double (value, text, error))
    return FALSE;
  sillok_jcs_buffer_append (out, text, strlen (text));
  return TRUE;
}

static gboolean
fail_invalid_string (GError **error)
{
  g_set_error_literal (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE,
                       _("A string is not valid UTF-8 and cannot be written as JSON"));
  return FALSE;
}

static gboolean
write_string (SillokJcsBuffer *out,
              const char      *str,
              GError         **error)
{
  const guchar *p = (const guchar *) str;
  gsize avail = strlen (str);

  sillok_jcs_buffer_append_c (out, '"');
  while (avail > 0)
    {
      gsize run = 0;
      char esc[8];

      /* Copy everything written as is in one go. */
      while (run < avail && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
        run++;
      if (run > 0)
        {
          sillok_jcs_buffer_append (out, p, run);
          p += run, avail -= run;
          continue;
        }
      if (*p >= 0x80)
        {
          gunichar c;
          gsize n = sillok_jcs_utf8_decode (p, avail, &c);

          if (n == 0)
            return fail_invalid_string (error);
          sillok_jcs_buffer_append (out, p, n);
          p += n, avail -= n;
          continue;
        }
      switch (*p)
        {
        case '"': buffer_append_literal (out, "\\\""); break;
        case '\\': buffer_append_literal (out, "\\\\"); break;
        case '\b': buffer_append_literal (out, "\\b"); break;
        case '\t': buffer_append_literal (out, "\\t"); break;
        case '\n': buffer_append_literal (out, "\\n"); break;
        case '\f': buffer_append_literal (out, "\\f"); break;
        case '\r': buffer_append_literal (out, "\\r"); break;
        default:
          g_snprintf (esc, sizeof esc, "\\u%04x", *p);
          sillok_jcs_buffer_append (out, esc, 6);
          break;
        }
      p++, avail--;
    }
  sillok_jcs_buffer_append_c (out, '"');
  return TRUE;
}

static gboolean
write_scalar (SillokJcsBuffer *out,
              JsonNode        *node,
              GError         **error)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      buffer_append_literal (out, "null");
      return TRUE;
    }
  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    {
      if (json_node_get_boolean (node))
        buffer_append_literal (out, "true");
      else
        buffer_append_literal (out, "false");
      return TRUE;
    }
  if (type == G_TYPE_INT64)
    return write_integer (out, json_node_get_int (node), error);
  if (type == G_TYPE_DOUBLE)
    return write_double (out, json_node_get_double (node), error);
  if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
    return write_string (out, json_node_get_string (node), error);

  g_set_error (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE,
               _("A value of type “%s” cannot be written as JSON"), g_type_name (type));
  return FALSE;
}

/* An array or object being written: its children in output order. */
typedef struct
{
  JsonNode    *node;
  const char **names;
  guint        index;
  guint        count;
} WriteFrame;

static void
write_frame_clear (gpointer data)
{
  WriteFrame *frame = data;

  g_clear_pointer (&frame->names, g_free);
}

static gboolean
fail_empty_container (GError **error)
{
  g_set_error_literal (error, SILLOK_JSON_ERROR, SILLOK_JSON_ERROR_NOT_SERIALIZABLE,
                       _("An array or object node holds nothing and cannot be written as JSON"));
  return FALSE;
}

static gboolean
open_object (SillokJcsBuffer *out,
             GArray          *stack,
             JsonNode        *node,
             GError         **error)
{
  JsonObject *object = json_node_get_object (node);
  WriteFrame frame = { node, NULL, 0, 0 };
  GList *members;
  guint i = 0;

  if (object == NULL)
    return fail_empty_container (error);
  frame.count = json_object_get_size (object);
  if (frame.count == 0)
    {
      buffer_append_literal (out, "{}");
      return TRUE;
    }

  frame.names = g_new (const char *, frame.count);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    frame.names[i++] = l->data;
  g_list_free (members);
  for (i = 0; i < frame.count; i++)
    if (!utf8_is_valid (frame.names[i]))
      {
        g_free (frame.names);
        return fail_invalid_string (error);
      }
  qsort (frame.names, frame.count, sizeof (const char *), compare_name_pointers);

  sillok_jcs_buffer_append_c (out, '{');
  g_array_append_val (stack, frame);
  return TRUE;
}

/* Writes a scalar, an empty container, or the opening of a container
 * whose children are then written from @stack. */
static gboolean
open_node (SillokJcsBuffer *out,
           GArray          *stack,
           JsonNode        *node,
           GError         **error)
{
  JsonArray *array;
  WriteFrame frame = { node, NULL, 0, 0 };

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return open_object (out, stack, node, error);
    case JSON_NODE_ARRAY:
      array = json_node_get_array (node);
      if (array == NULL)
        return fail_empty_container (error);
      frame.count = json_array_get_length (array);
      if (frame.count == 0)
        {
          buffer_append_literal (out, "[]");
          return TRUE;
        }
      sillok_jcs_buffer_append_c (out, '[');
      g_array_append_val (stack, frame);
      return TRUE;
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
      return write_scalar (out, node, error);
    default:
      g_assert_not_reached ();
    }
}

/* The next child of the innermost open container, with the separator and
 * member name written before it; NULL once every container is closed. */
static JsonNode *
next_child (SillokJcsBuffer *out,
            GArray          *stack,
            GError         **error)
{
  while (stack->len > 0)
    {
      WriteFrame *top = &g_array_index (stack, WriteFrame, stack->len - 1);
      guint i = top->index;

      if (i == top->count)
        {
          sillok_jcs_buffer_append_c (out, top->names != NULL ? '}' : ']');
          g_array_set_size (stack, stack->len - 1);
          continue;
        }
      top->index++;
      if (i > 0)
        sillok_jcs_buffer_append_c (out, ',');
      if (top->names == NULL)
        return json_array_get_element (json_node_get_array (top->node), i);
      if (!write_string (out, top->names[i], error))
        return NULL;
      sillok_jcs_buffer_append_c (out, ':');
      return json_object_get_member (json_node_get_object (top->node), top->names[i]);
    }
  return NULL;
}

/* Iterative, so a tree of any depth is written with constant C stack. */
gboolean
sillok_jcs_write (SillokJcsBuffer *out,
                  JsonNode        *root,
                  GError         **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (WriteFrame));
  JsonNode *node = root;
  GError *local_error = NULL;

  g_array_set_clear_func (stack, write_frame_clear);
  while (node != NULL)
    {
      if (!open_node (out, stack, node, error))
        return FALSE;
      node = next_child (out, stack, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  return TRUE;
}

char *
sillok_jcs_serialize (JsonNode  *node,
                      gsize     *length,
                      GError   **error)
{
  SillokJcsBuffer out = { 0 };

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sillok_jcs_write (&out, node, error))
    {
      sillok_jcs_buffer_clear (&out);
      return NULL;
    }
  if (length != NULL)
    *length = out.len;
  return out.data;
}

SillokSecret *
sillok_jcs_serialize_secret (JsonNode  *node,
                             GError   **error)
{
  SillokJcsBuffer out = { 0 };
  SillokSecret *secret;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sillok_jcs_write (&out, node, error))
    {
      sillok_jcs_buffer_clear (&out);
      return NULL;
    }
  secret = sillok_secret_new_from_data (out.data, out.len);
  sillok_jcs_buffer_clear (&out);
  return secret;
}

GBytes *
sillok_jcs_canonicalize (const char             *data,
                         gsize                   len,
                         const SillokJsonLimits *limits,
                         SillokJsonParseFlags    flags,
                         GError                **error)
{
  g_autoptr(JsonNode) root = sillok_jcs_parse (data, len, limits, flags, error);
  char *out;
  gsize out_len = 0;

  if (root == NULL)
    return NULL;
  out = sillok_jcs_serialize (root, &out_len, error);
  if (out == NULL)
    return NULL;
  return g_bytes_new_take (out, out_len);
}
