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

G_END_DECLS
