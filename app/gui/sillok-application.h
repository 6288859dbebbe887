/* sillok-application.h: the single-instance GTK application
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SILLOK_TYPE_APPLICATION (sillok_application_get_type ())
G_DECLARE_FINAL_TYPE (SillokApplication, sillok_application, SILLOK, APPLICATION, AdwApplication)

SillokApplication *sillok_application_new            (void);
/* Applies the "language" setting ('' follows the system) by setting
 * LANGUAGE; call before GTK starts and before any string is translated. */
void               sillok_application_apply_language (void);

G_END_DECLS
