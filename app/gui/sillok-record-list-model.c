/* sillok-record-list-model.c: the vault's records as a GListModel, read in pages
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok-record-list-model.h"

/* When the query changes, the count and the first page are read together
 * (GTK then makes the first rows once, with their records, not once as
 * placeholders and again when the page arrives); any other page is read
 * when a row of it is first asked for, so that 10,000 records cost what
 * the rows on screen cost.  Rows not read yet are placeholders, replaced
 * (items-changed) when their page arrives. */
struct _SillokRecordListModel
{
  GObject        parent_instance;

  SillokSession *session;
  char          *search;
  int            status;
  char          *template_id;
  gboolean       with_names;

  guint          generation;
  GCancellable  *cancellable;
  gboolean       counted;
  gboolean       paused;        /* out of sight: no page is read */
  guint          pending;       /* jobs on their way for this generation */
  GPtrArray     *items;         /* SillokRecordItem or NULL, one per record */
  GHashTable    *requested;     /* page numbers asked for */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SillokRecordListModel, sillok_record_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char     *search;
  int       status;
  char     *template_id;
  gboolean  with_names;
  guint     offset;
  guint     limit;
} Query;

typedef struct
{
  SillokRecordListModel *model;
  guint                  generation;
  guint                  offset;
} Reply;

static void
query_free (Query *query)
{
  g_free (query->search);
  g_free (query->template_id);
  g_free (query);
}

static Query *
query_new (SillokRecordListModel *self,
           guint                  offset,
           guint                  limit)
{
  Query *query = g_new0 (Query, 1);

  query->search = g_strdup (self->search);
  query->status = self->status;
  query->template_id = g_strdup (self->template_id);
  query->with_names = self->with_names;
  query->offset = offset;
  query->limit = limit;
  return query;
}

static Reply *
reply_new (SillokRecordListModel *self,
           guint                  offset)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->model = g_object_ref (self);
  reply->generation = self->generation;
  reply->offset = offset;
  return reply;
}

static void
reply_free (Reply *reply)
{
  g_object_unref (reply->model);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
set_pending (SillokRecordListModel *self,
             guint                  pending)
{
  gboolean was = self->pending > 0;

  self->pending = pending;
  if (was != (pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

typedef struct
{
  gint64     n;
  GPtrArray *first;   /* the first page, NULL when there are no records */
} Counted;

static void
counted_free (Counted *counted)
{
  g_clear_pointer (&counted->first, g_ptr_array_unref);
  g_free (counted);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Counted, counted_free)

static gpointer
count_job (SillokVault   *vault,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Query *query = data;
  SillokRecordQuery q = { query->search, query->status, query->template_id, query->with_names };
  g_autoptr(Counted) counted = g_new0 (Counted, 1);

  if ((counted->n = sillok_record_count (vault, &q, error)) < 0)
    return NULL;
  if (counted->n > 0
      && (counted->first = sillok_record_query (vault, &q, 0, SILLOK_RECORD_LIST_PAGE, error)) == NULL)
    return NULL;
  return g_steal_pointer (&counted);
}

static gpointer
page_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Query *query = data;
  SillokRecordQuery q = { query->search, query->status, query->template_id, query->with_names };

  return sillok_record_query (vault, &q, query->offset, query->limit, error);
}

static void
page_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  SillokRecordListModel *self = reply->model;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);
  guint n;

  if (reply->generation != self->generation)
    return;
  set_pending (self, self->pending - 1);
  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("A page of records could not be read: %s", error->message);
      g_hash_table_remove (self->requested, GUINT_TO_POINTER (reply->offset / SILLOK_RECORD_LIST_PAGE));
      return;
    }
  /* Records added or removed since the count show at the next refresh. */
  n = MIN (page->len, self->items->len - MIN (reply->offset, self->items->len));
  for (guint i = 0; i < n; i++)
    {
      SillokRecordItem *item = sillok_record_item_new_take (page->pdata[i]);

      g_clear_object (&self->items->pdata[reply->offset + i]);
      self->items->pdata[reply->offset + i] = item;
    }
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), reply->offset, n, n);
}

static void
request_page (SillokRecordListModel *self,
              guint                  page)
{
  if (self->session == NULL || self->paused || g_hash_table_contains (self->requested, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->requested, GUINT_TO_POINTER (page));
  set_pending (self, self->pending + 1);
  sillok_session_run_async (self->session, page_job,
                            query_new (self, page * SILLOK_RECORD_LIST_PAGE, SILLOK_RECORD_LIST_PAGE),
                            (GDestroyNotify) query_free, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                            page_done, reply_new (self, page * SILLOK_RECORD_LIST_PAGE));
}

/* Answers on their way are dropped (and their jobs cancelled). */
static void
next_generation (SillokRecordListModel *self)
{
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* Empties the list and forgets pages; the next generation starts. */
static void
reset (SillokRecordListModel *self)
{
  guint removed = self->items->len;

  next_generation (self);
  g_hash_table_remove_all (self->requested);
  set_pending (self, 0);
  self->counted = FALSE;
  g_ptr_array_set_size (self->items, 0);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

static void
count_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  SillokRecordListModel *self = reply->model;
  g_autoptr(GError) error = NULL;
  g_autoptr(Counted) counted = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);
  guint removed, n;

  if (reply->generation != self->generation)
    return;
  set_pending (self, self->pending - 1);
  if (counted == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The records could not be counted: %s", error->message);
      return;
    }
  removed = self->items->len;
  g_hash_table_remove_all (self->requested);
  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->items, (guint) counted->n);
  self->counted = TRUE;
  /* The first rows come with the count, before GTK asks. */
  n = counted->first != NULL ? MIN (counted->first->len, self->items->len) : 0;
  for (guint i = 0; i < n; i++)
    self->items->pdata[i] = sillok_record_item_new_take (counted->first->pdata[i]);
  /* Both come from one job, so the page is whole; were it short, it would
   * be read again when a row of it is asked for, not left loading. */
  if (n > 0 && n == MIN (SILLOK_RECORD_LIST_PAGE, self->items->len))
    g_hash_table_add (self->requested, GUINT_TO_POINTER (0));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, (guint) counted->n);
}

void
sillok_record_list_model_refresh (SillokRecordListModel *self)
{
  g_return_if_fail (SILLOK_IS_RECORD_LIST_MODEL (self));

  self->paused = FALSE;
  next_generation (self);
  set_pending (self, 0);
  if (self->session == NULL || sillok_session_get_state (self->session) != SILLOK_SESSION_UNLOCKED)
    {
      reset (self);
      return;
    }
  set_pending (self, 1);
  sillok_session_run_async (self->session, count_job, query_new (self, 0, 0), (GDestroyNotify) query_free,
                            (GDestroyNotify) counted_free, self->cancellable, count_done, reply_new (self, 0));
}

void
sillok_record_list_model_set_query (SillokRecordListModel *self,
                                    const char            *search,
                                    int                    status,
                                    const char            *template_id,
                                    gboolean               with_names)
{
  g_return_if_fail (SILLOK_IS_RECORD_LIST_MODEL (self));

  g_free (self->search);
  self->search = search != NULL && *search != '\0' ? g_strdup (search) : NULL;
  self->status = status;
  g_free (self->template_id);
  self->template_id = g_strdup (template_id);
  self->with_names = with_names;
  sillok_record_list_model_refresh (self);
}

void
sillok_record_list_model_pause (SillokRecordListModel *self)
{
  g_return_if_fail (SILLOK_IS_RECORD_LIST_MODEL (self));

  if (self->paused)
    return;
  self->paused = TRUE;
  next_generation (self);
  g_hash_table_remove_all (self->requested);
  set_pending (self, 0);
}

gboolean
sillok_record_list_model_get_paused (SillokRecordListModel *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_LIST_MODEL (self), FALSE);
  return self->paused;
}

void
sillok_record_list_model_clear (SillokRecordListModel *self)
{
  g_return_if_fail (SILLOK_IS_RECORD_LIST_MODEL (self));
  reset (self);
}

gboolean
sillok_record_list_model_get_loading (SillokRecordListModel *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_LIST_MODEL (self), FALSE);
  return self->pending > 0;
}

gboolean
sillok_record_list_model_get_counted (SillokRecordListModel *self)
{
  g_return_val_if_fail (SILLOK_IS_RECORD_LIST_MODEL (self), FALSE);
  return self->counted;
}

static GType
get_item_type (GListModel *model)
{
  return SILLOK_TYPE_RECORD_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return SILLOK_RECORD_LIST_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SillokRecordListModel *self = SILLOK_RECORD_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  if (self->items->pdata[position] == NULL)
    {
      self->items->pdata[position] = sillok_record_item_new_loading ();
      request_page (self, position / SILLOK_RECORD_LIST_PAGE);
    }
  return g_object_ref (self->items->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
sillok_record_list_model_dispose (GObject *object)
{
  SillokRecordListModel *self = SILLOK_RECORD_LIST_MODEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_record_list_model_parent_class)->dispose (object);
}

static void
sillok_record_list_model_finalize (GObject *object)
{
  SillokRecordListModel *self = SILLOK_RECORD_LIST_MODEL (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->requested);
  g_free (self->search);
  g_free (self->template_id);

  G_OBJECT_CLASS (sillok_record_list_model_parent_class)->finalize (object);
}

static void
sillok_record_list_model_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SillokRecordListModel *self = SILLOK_RECORD_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_record_list_model_class_init (SillokRecordListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sillok_record_list_model_dispose;
  object_class->finalize = sillok_record_list_model_finalize;
  object_class->get_property = sillok_record_list_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
unref_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
sillok_record_list_model_init (SillokRecordListModel *self)
{
  self->status = -1;
  self->items = g_ptr_array_new_with_free_func (unref_item);
  self->requested = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
}

SillokRecordListModel *
sillok_record_list_model_new (SillokSession *session)
{
  SillokRecordListModel *self = g_object_new (SILLOK_TYPE_RECORD_LIST_MODEL, NULL);

  self->session = session != NULL ? g_object_ref (session) : NULL;
  return self;
}
