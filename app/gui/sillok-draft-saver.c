/* sillok-draft-saver.c: saves a draft's edits a moment after typing stops
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include "sillok/sillok-record.h"
#include "sillok-draft-saver.h"

/* Edits wait in a table by path (a later edit of the same field replaces
 * the earlier one); a save takes the whole table to a worker as one job.
 * Jobs run in the order queued, so a field's last edit is saved last. */
typedef struct
{
  char     *path;
  JsonNode *value;
  GArray   *spans;      /* redactions, or NULL for a value */
  gboolean  has_value;
  gboolean  narrative;
} Change;

typedef struct
{
  char      *uuid;
  GPtrArray *changes;
} Batch;

struct _SillokDraftSaver
{
  GObject          parent_instance;

  SillokSession   *session;
  char            *uuid;
  guint            delay_ms;
  GHashTable      *values;      /* path → Change */
  GHashTable      *redactions;  /* path → Change */
  guint            timeout;
  guint            saving;
  SillokSaveState  state;
  char            *error;
};

G_DEFINE_FINAL_TYPE (SillokDraftSaver, sillok_draft_saver, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
change_free (Change *change)
{
  g_free (change->path);
  g_clear_pointer (&change->value, json_node_unref);
  g_clear_pointer (&change->spans, g_array_unref);
  g_free (change);
}

static void
batch_free (Batch *batch)
{
  g_free (batch->uuid);
  g_ptr_array_unref (batch->changes);
  g_free (batch);
}

static void
set_state (SillokDraftSaver *self,
           SillokSaveState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
has_pending (SillokDraftSaver *self)
{
  return g_hash_table_size (self->values) > 0 || g_hash_table_size (self->redactions) > 0;
}

static void
update_state (SillokDraftSaver *self)
{
  if (self->saving > 0)
    set_state (self, SILLOK_SAVE_STATE_SAVING);
  else if (has_pending (self))
    set_state (self, SILLOK_SAVE_STATE_PENDING);
  else if (self->error != NULL)
    set_state (self, SILLOK_SAVE_STATE_FAILED);
  else
    set_state (self, SILLOK_SAVE_STATE_SAVED);
}

static gpointer
save_job (SillokVault   *vault,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Batch *batch = data;
  gboolean fields = FALSE;

  for (guint i = 0; i < batch->changes->len; i++)
    {
      Change *change = batch->changes->pdata[i];
      gboolean ok;

      if (change->spans != NULL)
        ok = sillok_record_set_redactions (vault, batch->uuid, change->path, (SillokSpan *) change->spans->data,
                                           change->spans->len, error);
      else
        ok = sillok_record_set (vault, batch->uuid, change->path, change->value, error);
      if (!ok)
        return NULL;
      fields |= change->spans == NULL && !change->narrative;
    }
  return GINT_TO_POINTER (fields ? 2 : 1);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SillokDraftSaver) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer fields = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);

  self->saving--;
  g_clear_pointer (&self->error, g_free);
  if (fields == NULL)
    self->error = g_strdup (error->message);
  update_state (self);
  if (fields != NULL)
    g_signal_emit (self, signals[SAVED], 0, GPOINTER_TO_INT (fields) == 2);
}

static void
take_changes (GHashTable *table,
              GPtrArray  *into)
{
  GHashTableIter iter;
  gpointer change;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &change))
    {
      g_ptr_array_add (into, change);
      g_hash_table_iter_steal (&iter);
    }
}

void
sillok_draft_saver_flush (SillokDraftSaver *self)
{
  Batch *batch;

  g_return_if_fail (SILLOK_IS_DRAFT_SAVER (self));

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (!has_pending (self))
    return;
  batch = g_new0 (Batch, 1);
  batch->uuid = g_strdup (self->uuid);
  batch->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  /* Values first: redactions are spans of the text saved with them. */
  take_changes (self->values, batch->changes);
  take_changes (self->redactions, batch->changes);
  self->saving++;
  update_state (self);
  sillok_session_run_async (self->session, save_job, batch, (GDestroyNotify) batch_free, NULL, NULL, save_done,
                            g_object_ref (self));
}

static gboolean
timeout_cb (gpointer data)
{
  SillokDraftSaver *self = data;

  self->timeout = 0;
  sillok_draft_saver_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (SillokDraftSaver *self)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  self->timeout = g_timeout_add (self->delay_ms, timeout_cb, self);
  update_state (self);
}

void
sillok_draft_saver_set_value (SillokDraftSaver *self,
                              const char       *path,
                              JsonNode         *value,
                              gboolean          narrative)
{
  Change *change;

  g_return_if_fail (SILLOK_IS_DRAFT_SAVER (self));

  change = g_new0 (Change, 1);
  change->path = g_strdup (path);
  change->value = value;
  change->has_value = TRUE;
  change->narrative = narrative;
  g_hash_table_replace (self->values, change->path, change);
  schedule (self);
}

void
sillok_draft_saver_set_redactions (SillokDraftSaver *self,
                                   const char       *path,
                                   GArray           *spans)
{
  Change *change;

  g_return_if_fail (SILLOK_IS_DRAFT_SAVER (self));
  g_return_if_fail (spans != NULL);

  change = g_new0 (Change, 1);
  change->path = g_strdup (path);
  change->spans = g_array_ref (spans);
  g_hash_table_replace (self->redactions, change->path, change);
  schedule (self);
}

void
sillok_draft_saver_discard (SillokDraftSaver *self)
{
  g_return_if_fail (SILLOK_IS_DRAFT_SAVER (self));

  g_clear_handle_id (&self->timeout, g_source_remove);
  g_hash_table_remove_all (self->values);
  g_hash_table_remove_all (self->redactions);
  update_state (self);
}

SillokSaveState
sillok_draft_saver_get_state (SillokDraftSaver *self)
{
  g_return_val_if_fail (SILLOK_IS_DRAFT_SAVER (self), SILLOK_SAVE_STATE_SAVED);
  return self->state;
}

const char *
sillok_draft_saver_get_error (SillokDraftSaver *self)
{
  g_return_val_if_fail (SILLOK_IS_DRAFT_SAVER (self), NULL);
  return self->error;
}

const char *
sillok_draft_saver_get_uuid (SillokDraftSaver *self)
{
  g_return_val_if_fail (SILLOK_IS_DRAFT_SAVER (self), NULL);
  return self->uuid;
}

static void
sillok_draft_saver_dispose (GObject *object)
{
  SillokDraftSaver *self = SILLOK_DRAFT_SAVER (object);

  g_clear_handle_id (&self->timeout, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sillok_draft_saver_parent_class)->dispose (object);
}

static void
sillok_draft_saver_finalize (GObject *object)
{
  SillokDraftSaver *self = SILLOK_DRAFT_SAVER (object);

  g_hash_table_unref (self->values);
  g_hash_table_unref (self->redactions);
  g_free (self->uuid);
  g_free (self->error);

  G_OBJECT_CLASS (sillok_draft_saver_parent_class)->finalize (object);
}

static void
sillok_draft_saver_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, SILLOK_DRAFT_SAVER (object)->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_draft_saver_class_init (SillokDraftSaverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sillok_draft_saver_dispose;
  object_class->finalize = sillok_draft_saver_finalize;
  object_class->get_property = sillok_draft_saver_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, SILLOK_SAVE_STATE_SAVED, SILLOK_SAVE_STATE_FAILED, SILLOK_SAVE_STATE_SAVED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
sillok_draft_saver_init (SillokDraftSaver *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) change_free);
  self->redactions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) change_free);
}

SillokDraftSaver *
sillok_draft_saver_new (SillokSession *session,
                        const char    *uuid,
                        guint          delay_ms)
{
  SillokDraftSaver *self = g_object_new (SILLOK_TYPE_DRAFT_SAVER, NULL);

  self->session = g_object_ref (session);
  self->uuid = g_strdup (uuid);
  self->delay_ms = delay_ms;
  return self;
}
