/* fuzz-gazetteer.c: the site gazetteer reader on arbitrary bytes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties checked besides memory safety:
 * - a refusal is a gazetteer error;
 * - every site of an accepted gazetteer is found by its id, makes a value
 *   of a sites field that passes the field's check (so a record can store
 *   what the gazetteer offers), and is found by searching its own names.
 */
#include "sillok-config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sillok/sillok.h"
#include "sillok/sillok-gazetteer.h"
#include "sillok/sillok-value.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) { fprintf (stderr, "property failed: %s\n", #cond); abort (); } } while (0)

static SillokTemplateField sites_field = {
  .id = (char *) "site",
  .type = SILLOK_FIELD_SITES,
  .sensitivity = SILLOK_SENSITIVITY_OPEN,
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  CHECK (sillok_init (NULL));
  return 0;
}

static gboolean
contains (GPtrArray        *list,
          const SillokSite *site)
{
  for (guint i = 0; i < list->len; i++)
    if (list->pdata[i] == site)
      return TRUE;
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SillokGazetteer) g = sillok_gazetteer_new_from_data ((const char *) data, size, &error);
  GPtrArray *sites;

  if (g == NULL)
    {
      CHECK (error != NULL && error->domain == SILLOK_GAZETTEER_ERROR);
      return 0;
    }
  sites = sillok_gazetteer_get_sites (g);
  for (guint i = 0; i < sites->len; i++)
    {
      SillokSite *site = sites->pdata[i];
      g_autoptr(JsonNode) value = NULL;
      g_autoptr(GPtrArray) by_id = NULL;
      g_autoptr(GPtrArray) by_name = NULL;
      g_autofree char *shown = NULL;

      CHECK (sillok_gazetteer_lookup (g, site->id) == site);
      CHECK (sillok_province_lookup (site->province) != NULL);
      value = sillok_value_parse (&sites_field, site->id, g, &error);
      CHECK (value != NULL);
      CHECK (json_array_get_length (json_node_get_array (value)) == 3);
      CHECK (sillok_value_check (&sites_field, value, &error));
      shown = sillok_value_display (&sites_field, value, "ko");
      CHECK (strcmp (shown, site->name.ko) == 0);
      by_id = sillok_gazetteer_search (g, site->id);
      by_name = sillok_gazetteer_search (g, site->name.en);
      CHECK (contains (by_id, site));
      CHECK (contains (by_name, site));
    }
  return 0;
}
