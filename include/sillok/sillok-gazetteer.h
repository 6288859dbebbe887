/* sillok-gazetteer.h: the site gazetteer (schemas/gazetteer.json)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok-template.h"

G_BEGIN_DECLS

#define SILLOK_GAZETTEER_ERROR (sillok_gazetteer_error_quark ())

typedef enum
{
  SILLOK_GAZETTEER_ERROR_INVALID,
} SillokGazetteerError;

typedef struct
{
  char       *id;
  SillokText  name;
  GStrv       aliases;
  char       *site_type;
  char       *province;
  char       *category;     /* or NULL */
  GStrv       commodities;
} SillokSite;

typedef struct _SillokGazetteer SillokGazetteer;

GQuark            sillok_gazetteer_error_quark (void);

/* Reads a gazetteer strictly (format sillok-gazetteer/1, unique ids). */
SillokGazetteer  *sillok_gazetteer_new_from_data (const char   *data,
                                                  gsize         len,
                                                  GError      **error);
/* The installed gazetteer: $SILLOK_DATADIR/gazetteer.json, else PKGDATADIR's. */
SillokGazetteer  *sillok_gazetteer_load_installed (GError     **error);
SillokGazetteer  *sillok_gazetteer_ref           (SillokGazetteer *self);
void              sillok_gazetteer_unref         (SillokGazetteer *self);

GPtrArray        *sillok_gazetteer_get_sites     (SillokGazetteer *self);
const SillokSite *sillok_gazetteer_lookup        (SillokGazetteer *self,
                                                  const char      *id);
/* Sites whose id, names or aliases contain @query, ignoring case and
 * spaces; the order of the gazetteer is kept.  Borrowed pointers. */
GPtrArray        *sillok_gazetteer_search        (SillokGazetteer *self,
                                                  const char      *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokGazetteer, sillok_gazetteer_unref)

G_END_DECLS
