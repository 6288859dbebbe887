/* sillok-gui-util.h: small helpers the widgets share
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Takes the keyboard focus away from @widget and its children, if they
 * have it, before they are made insensitive: GTK 4.8 does not tell a text
 * field that loses the focus that way. */
void  sillok_widget_drop_focus (GtkWidget *widget);

/* @text broken into lines of at most @columns columns (a wide character,
 * Korean or Chinese, counts two): each line of @text is cut between the
 * items it lists with " · " where it can (the separator gives way to the
 * line break), else between words; a word
 * longer than a line stays whole, unless it is a path, cut after a slash.  For labels that must not wrap: a
 * wrapping label is laid out again at every width GTK tries, and that is
 * what costs frames when text changes often. */
char *sillok_break_lines       (const char *text,
                                guint       columns);

G_END_DECLS
