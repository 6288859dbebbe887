/* sillok-gui-util.c: small helpers the widgets share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok-gui-util.h"

void
sillok_widget_drop_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
    gtk_root_set_focus (root, NULL);
}

static guint
columns_of (const char *text,
            gssize      len)
{
  guint n = 0;

  for (const char *p = text; *p != '\0' && (len < 0 || p < text + len); p = g_utf8_next_char (p))
    n += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return n;
}

/* Appends @piece to @out, starting a new line when the current one (whose
 * width is *@used) would grow past @columns. */
static void
pack (GString    *out,
      guint      *used,
      const char *piece,
      const char *separator,
      guint       columns)
{
  guint width = columns_of (piece, -1);
  guint sep = columns_of (separator, -1);

  if (*used > 0 && *used + sep + width <= columns)
    {
      g_string_append (out, separator);
      *used += sep;
    }
  else if (*used > 0)
    {
      g_string_append_c (out, '\n');
      *used = 0;
    }
  g_string_append (out, piece);
  *used += width;
}

/* The same for a word; one longer than a line that is a path is cut after
 * its slashes instead ("records/…/" at the end of a line). */
static void
pack_word (GString    *out,
           guint      *used,
           const char *word,
           const char *separator,
           guint       columns)
{
  g_auto(GStrv) parts = NULL;

  if (columns_of (word, -1) <= columns || strchr (word, '/') == NULL)
    {
      pack (out, used, word, separator, columns);
      return;
    }
  parts = g_strsplit (word, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *piece = parts[i + 1] != NULL ? g_strconcat (parts[i], "/", NULL) : g_strdup (parts[i]);

      if (*piece != '\0')
        pack (out, used, piece, i == 0 ? separator : "", columns);
    }
}

char *
sillok_break_lines (const char *text,
                    guint       columns)
{
  g_auto(GStrv) lines = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (columns > 0, NULL);

  out = g_string_new (NULL);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) items = g_strsplit (lines[i], " · ", -1);
      guint used = 0;

      if (i > 0)
        g_string_append_c (out, '\n');
      for (guint j = 0; items[j] != NULL; j++)
        {
          g_auto(GStrv) words = NULL;

          if (columns_of (items[j], -1) <= columns)
            {
              pack (out, &used, items[j], " · ", columns);
              continue;
            }
          /* Too long for a line of its own: between words. */
          words = g_strsplit (items[j], " ", -1);
          for (guint k = 0; words[k] != NULL; k++)
            pack_word (out, &used, words[k], k == 0 ? " · " : " ", columns);
        }
    }
  return g_string_free (out, FALSE);
}
