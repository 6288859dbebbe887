/* sillok-anonymity.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok-anonymity.h"

struct _SillokKAnonymity
{
  guint       threshold;
  GHashTable *classes;   /* tuple key → GPtrArray of record ids */
};

SillokKAnonymity *
sillok_k_anonymity_new (guint threshold)
{
  SillokKAnonymity *k = g_new0 (SillokKAnonymity, 1);

  k->threshold = MAX (threshold, 1);
  k->classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  return k;
}

void
sillok_k_anonymity_free (SillokKAnonymity *k)
{
  if (k == NULL)
    return;
  g_hash_table_unref (k->classes);
  g_free (k);
}

/* Each value with its length in front, so no two tuples share a key;
 * "-" stands for an absent value. */
static char *
tuple_key (const char *const *values,
           guint              n_values)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < n_values; i++)
    {
      if (values[i] == NULL)
        g_string_append (key, "-;");
      else
        g_string_append_printf (key, "%" G_GSIZE_FORMAT ":%s;", strlen (values[i]), values[i]);
    }
  return g_string_free (key, FALSE);
}

void
sillok_k_anonymity_add (SillokKAnonymity  *k,
                        const char        *id,
                        const char *const *values,
                        guint              n_values)
{
  g_autofree char *key = NULL;
  GPtrArray *members;

  g_return_if_fail (k != NULL && id != NULL);
  g_return_if_fail (values != NULL || n_values == 0);

  key = tuple_key (values, n_values);
  members = g_hash_table_lookup (k->classes, key);
  if (members == NULL)
    {
      members = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (k->classes, g_steal_pointer (&key), members);
    }
  g_ptr_array_add (members, g_strdup (id));
}

guint
sillok_k_anonymity_get_threshold (SillokKAnonymity *k)
{
  return k->threshold;
}

guint
sillok_k_anonymity_get_classes (SillokKAnonymity *k)
{
  return g_hash_table_size (k->classes);
}

guint
sillok_k_anonymity_get_k_min (SillokKAnonymity *k)
{
  GHashTableIter iter;
  gpointer value;
  guint k_min = 0;

  g_hash_table_iter_init (&iter, k->classes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *members = value;

      if (k_min == 0 || members->len < k_min)
        k_min = members->len;
    }
  return k_min;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GStrv
sillok_k_anonymity_get_below (SillokKAnonymity *k)
{
  g_autoptr(GPtrArray) below = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, k->classes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *members = value;

      if (members->len < k->threshold)
        for (guint i = 0; i < members->len; i++)
          g_ptr_array_add (below, g_strdup (members->pdata[i]));
    }
  g_ptr_array_sort (below, compare_strings);
  g_ptr_array_add (below, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&below), FALSE);
}
