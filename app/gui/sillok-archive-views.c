/* sillok-archive-views.c: what the archive pages show of a record, the
 * persons and the conflicts
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>

#include "sillok/sillok-audit.h"
#include "sillok-archive-views.h"

static GtkBox *
column_of (GtkWidget *view)
{
  return g_object_get_data (G_OBJECT (view), "sillok-column");
}

GtkWidget *
sillok_archive_view_new (void)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_margin_top (column, 24);
  gtk_widget_set_margin_bottom (column, 24);
  gtk_widget_set_margin_start (column, 12);
  gtk_widget_set_margin_end (column, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), column);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  g_object_set_data (G_OBJECT (scrolled), "sillok-column", column);
  return scrolled;
}

void
sillok_archive_view_clear (GtkWidget *view)
{
  GtkBox *column = column_of (view);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (column))) != NULL)
    gtk_box_remove (column, child);
}

static AdwPreferencesGroup *
add_group (GtkWidget  *view,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (column_of (view), group);
  return ADW_PREFERENCES_GROUP (group);
}

static GtkWidget *
info_row (const char *title,
          const char *subtitle,
          const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (row, css_class);
  return row;
}

static const char *
trust_of (GHashTable *trusted,
          const char *signer,
          char      **out)
{
  const char *name = trusted != NULL && signer != NULL ? g_hash_table_lookup (trusted, signer) : NULL;

  if (trusted == NULL)
    *out = g_strdup (signer);
  else if (name != NULL)
    *out = g_strdup_printf (_("%s — trusted: %s"), signer, name);
  else
    *out = g_strdup_printf (_("%s — not a trusted key"), signer != NULL ? signer : "?");
  return *out;
}

/* The rows of one version: digest, signer, waiting, supersedes, bundles,
 * each disclosed value, withheld digests. */
static void
add_version_rows (AdwPreferencesGroup        *group,
                  const SillokArchiveVersion *v,
                  GHashTable                 *trusted)
{
  g_autofree char *signer = NULL;
  g_autofree char *bundles = g_strjoinv (", ", v->bundles);
  g_autofree char *withheld = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u statement digest has no disclosure here "
                                                            "(decoys included)",
                                                            "%u statement digests have no disclosure here "
                                                            "(decoys included)", v->withheld), v->withheld);

  adw_preferences_group_add (group, info_row (_("Statement digest"), v->digest, "digest"));
  adw_preferences_group_add (group, info_row (_("Signer"), trust_of (trusted, v->signer, &signer),
                                              trusted != NULL && !g_hash_table_contains (trusted, v->signer)
                                                ? "untrusted" : NULL));
  if (!v->complete)
    adw_preferences_group_add (group, info_row (_("Waiting for an earlier version"),
                                                _("Its predecessor has not arrived; it is linked when it does."),
                                                "waiting"));
  if (v->supersedes != NULL)
    adw_preferences_group_add (group, info_row (_("Supersedes"), v->supersedes, "digest"));
  if (*bundles != '\0')
    adw_preferences_group_add (group, info_row (_("From bundles"), bundles, "digest"));
  for (guint n = 0; n < v->names->len; n++)
    {
      const char *section = v->sections->pdata[n];
      g_autofree char *title = NULL;
      GtkWidget *row;

      /* “Episode: entry 2 · Labour category”; the record's own values
       * (consent, pseudonym, month sealed) need no section. */
      if (section != NULL && ((const char *) v->names->pdata[n])[0] != '$')
        title = g_strdup_printf ("%s · %s", section, (const char *) v->labels->pdata[n]);
      else
        title = g_strdup (v->labels->pdata[n]);
      row = info_row (title, v->texts->pdata[n], "property");
      /* The name as the statement has it, for whoever checks by hand. */
      gtk_widget_set_tooltip_text (row, v->names->pdata[n]);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_group_add (group, info_row (_("Withheld"), withheld, NULL));
}

/* An audit action in words. */
static const char *
action_label (const char *action)
{
  static const struct { const char *action, *label; } labels[] = {
    { "created", N_("Created") }, { "sealed", N_("Sealed") }, { "amended", N_("Amended") },
    { "exported", N_("Exported") }, { "imported", N_("Imported") }, { "consent-changed", N_("Consent changed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (action, labels[i].action))
      return _(labels[i].label);
  return action;
}

/* The record's audit trail: whether it checks, then one row an entry. */
static void
add_audit_rows (GtkWidget                 *view,
                const SillokArchiveDetail *detail)
{
  AdwPreferencesGroup *group;
  g_autofree char *status = NULL;

  if (detail->audit == NULL)
    {
      group = add_group (view, _("Audit Trail"), NULL);
      adw_preferences_group_add (group, info_row (_("No audit trail to show"), detail->audit_error, "untrusted"));
      return;
    }
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u entry, each linked to the one before. %s",
                                         "%u entries, each linked to the one before. %s",
                                         detail->audit->entries->len),
                            detail->audit->entries->len,
                            detail->audit->times ? _("Times as a legal bundle disclosed them.")
                                                 : _("Times withheld: each is a commitment that only a legal "
                                                     "bundle opens."));
  group = add_group (view, _("Audit Trail"), status);
  for (guint i = 0; i < detail->audit->entries->len; i++)
    {
      const SillokAuditEntry *e = detail->audit->entries->pdata[i];
      g_autofree char *title = g_strdup_printf (_("%u. %s, version %u"), e->seq, action_label (e->action),
                                                e->version);
      g_autofree char *signer = NULL;
      GString *subtitle = g_string_new (NULL);

      g_string_append_printf (subtitle, _("By %s"), trust_of (detail->trusted, e->actor, &signer));
      if (e->time != NULL)
        g_string_append_printf (subtitle, " · %s", e->time);
      if (*e->detail != '\0')
        g_string_append_printf (subtitle, _(" · bundle %s"), e->detail);
      adw_preferences_group_add (group, info_row (title, subtitle->str, NULL));
      g_string_free (subtitle, TRUE);
    }
}

void
sillok_archive_view_show_record (GtkWidget                 *view,
                                 const SillokArchiveDetail *detail)
{
  sillok_archive_view_clear (view);
  for (guint i = 0; i < detail->versions->len; i++)
    {
      const SillokArchiveVersion *v = detail->versions->pdata[i];
      g_autofree char *title = g_strdup_printf (_("Version %u"), v->version);

      add_version_rows (add_group (view, title, NULL), v, detail->trusted);
    }
  add_audit_rows (view, detail);
  if (detail->conflicts->len > 0)
    {
      AdwPreferencesGroup *group = add_group (view, _("Conflicts"),
                                              _("Another statement was received for these versions. The first "
                                                "one stays; both are kept."));

      for (guint i = 0; i < detail->conflicts->len; i++)
        {
          const SillokArchiveConflict *c = detail->conflicts->pdata[i];
          g_autofree char *title = g_strdup_printf (_("Version %u, also received"), c->version);
          g_autofree char *subtitle = g_strdup_printf (_("Statement %s, signed by %s, from bundle %s"),
                                                       c->received->digest,
                                                       c->received->signer != NULL ? c->received->signer : "?",
                                                       c->received->bundles[0]);

          adw_preferences_group_add (group, info_row (title, subtitle, "conflict"));
        }
    }
}

/* Persons met most often first (the ones a coordinator looks for), then
 * by pseudonym. */
static int
compare_persons (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GHashTable *persons = user_data;
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  guint nx = ((GPtrArray *) g_hash_table_lookup (persons, x))->len;
  guint ny = ((GPtrArray *) g_hash_table_lookup (persons, y))->len;

  if (nx != ny)
    return nx > ny ? -1 : 1;
  return g_strcmp0 (x, y);
}

/* How many persons met once are listed at most. */
#define PERSONS_SHOWN 200

void
sillok_archive_view_show_persons (GtkWidget  *view,
                                  GHashTable *persons)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  AdwPreferencesGroup *group;
  guint shown;

  g_hash_table_iter_init (&iter, persons);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);

  sillok_archive_view_clear (view);
  group = add_group (view, _("Persons"),
                     keys->len > 0 ? _("Records grouped by the witness's pseudonym: the same person met by "
                                       "interviewers who share a linkage key.")
                                   : _("No record carries a pseudonym yet."));
  g_ptr_array_sort_with_data (keys, compare_persons, persons);
  /* Thousands of rows would hold the window up for seconds: the persons met
   * more than once all, then the others up to a limit. */
  for (shown = 0; shown < keys->len; shown++)
    if (shown >= PERSONS_SHOWN && ((GPtrArray *) g_hash_table_lookup (persons, keys->pdata[shown]))->len < 2)
      break;
  for (guint i = 0; i < shown; i++)
    {
      GPtrArray *records = g_hash_table_lookup (persons, keys->pdata[i]);
      GtkWidget *row = adw_expander_row_new ();
      g_autofree char *title = g_strdup_printf (_("Person %.16s…"), (const char *) keys->pdata[i]);
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records",
                                                                records->len), records->len);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      gtk_widget_add_css_class (row, "digest");
      for (guint r = 0; r < records->len; r++)
        {
          GtkWidget *record = info_row (records->pdata[r], NULL, "digest");

          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (record), TRUE);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (record), "archive.open-record");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (record), "s", records->pdata[r]);
          adw_action_row_add_suffix (ADW_ACTION_ROW (record), gtk_image_new_from_icon_name ("go-next-symbolic"));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), record);
        }
      adw_preferences_group_add (group, row);
    }
  if (keys->len > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more person, met once: their records are in "
                                                            "Records",
                                                            "%u more persons, each met once: their records are "
                                                            "in Records", keys->len - shown), keys->len - shown);

      adw_preferences_group_add (group, info_row (more, NULL, NULL));
    }
}

static const SillokArchiveVersion *
kept_version (const SillokArchiveConflictSet *set,
              const SillokArchiveConflict    *c)
{
  GPtrArray *versions = g_hash_table_lookup (set->kept, c->record);

  for (guint i = 0; versions != NULL && i < versions->len; i++)
    if (((SillokArchiveVersion *) versions->pdata[i])->version == c->version)
      return versions->pdata[i];
  return NULL;
}

void
sillok_archive_view_show_conflicts (GtkWidget                      *view,
                                    const SillokArchiveConflictSet *set)
{
  sillok_archive_view_clear (view);
  if (set->conflicts->len == 0)
    {
      add_group (view, _("Conflicts"), _("No version was received with two different statements."));
      return;
    }
  for (guint i = 0; i < set->conflicts->len; i++)
    {
      const SillokArchiveConflict *c = set->conflicts->pdata[i];
      const SillokArchiveVersion *kept = kept_version (set, c);
      g_autofree char *title = g_strdup_printf (_("Record %s, version %u"), c->record, c->version);
      AdwPreferencesGroup *group = add_group (view, title,
                                              _("Two statements were received for this version. The first one "
                                                "stays in the archive; the other is kept apart."));
      GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      const SillokArchiveVersion *pair[] = { kept, c->received };
      const char *headings[] = { N_("Kept"), N_("Also received") };

      gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
      for (guint s = 0; s < 2; s++)
        {
          GtkWidget *side = adw_preferences_group_new ();

          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (side), _(headings[s]));
          gtk_widget_set_valign (side, GTK_ALIGN_START);
          if (pair[s] != NULL)
            add_version_rows (ADW_PREFERENCES_GROUP (side), pair[s], NULL);
          gtk_box_append (GTK_BOX (sides), side);
        }
      adw_preferences_group_add (group, sides);
    }
}
