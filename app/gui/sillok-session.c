/* sillok-session.c: the vault as the front end sees it, one operation at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "sillok-gui-enums.h"
#include "sillok-session.h"

/* A worker thread owns the vault while an operation runs; jobs asked for
 * meanwhile wait in a queue and run one after another.  Lock, close and
 * erase requests made meanwhile are applied in that order of precedence
 * (erase, close, lock): an erase as soon as the running operation ends,
 * dropping the queue; a lock or close once every job queued before it has
 * run (so edits flushed before locking are saved), failing the jobs queued
 * after it. */
typedef struct
{
  guint64               seq;
  SillokSessionJobFunc  func;
  gpointer              data;
  GDestroyNotify        data_free;
  GDestroyNotify        result_free;
  GTask                *task;      /* holds the session */
  gpointer              session;
} Job;
struct _SillokSession
{
  GObject             parent_instance;

  char               *path;
  SillokVault        *vault;
  SillokSessionState  state;
  GError             *open_error;
  guint               failed_attempts;
  gint64              next_attempt_at; /* monotonic µs */

  gboolean            busy;
  GCancellable       *cancellable;
  gboolean            pending_lock;
  gboolean            pending_close;
  guint64             pending_barrier; /* last job queued before the lock or close */
  GTask              *pending_erase;

  GQueue              jobs;
  guint64             last_seq;
  gboolean            running_job;
  Job                *running;      /* while running_job */
};

G_DEFINE_FINAL_TYPE (SillokSession, sillok_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_STATE,
  PROP_BUSY,
  PROP_FAILED_ATTEMPTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (SillokSession      *self,
           SillokSessionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Only while no worker holds the vault. */
static void
read_attempts (SillokSession *self)
{
  guint failed = sillok_vault_get_failed_attempts (self->vault);

  self->next_attempt_at = g_get_monotonic_time ()
                          + (gint64) sillok_vault_get_unlock_delay (self->vault) * G_USEC_PER_SEC;
  if (self->failed_attempts == failed)
    return;
  self->failed_attempts = failed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_ATTEMPTS]);
}

/* A fresh handle on the folder, and the state it is in. */
static void
load_vault (SillokSession *self)
{
  g_clear_object (&self->vault);
  g_clear_error (&self->open_error);
  self->vault = sillok_vault_new (self->path);

  if (!sillok_vault_exists_at (self->path))
    {
      read_attempts (self);
      set_state (self, SILLOK_SESSION_NO_VAULT);
      return;
    }
  /* A vault that cannot be opened now (another process has it) may open
   * later: the unlock attempt tries again and says why it cannot. */
  sillok_vault_open (self->vault, &self->open_error);
  read_attempts (self);
  set_state (self, SILLOK_SESSION_LOCKED);
}

static void
sillok_session_constructed (GObject *object)
{
  SillokSession *self = SILLOK_SESSION (object);

  G_OBJECT_CLASS (sillok_session_parent_class)->constructed (object);
  self->state = SILLOK_SESSION_NO_VAULT;
  load_vault (self);
}

static void
sillok_session_finalize (GObject *object)
{
  SillokSession *self = SILLOK_SESSION (object);

  g_assert (!self->busy);
  g_assert (g_queue_is_empty (&self->jobs));
  if (self->vault != NULL)
    sillok_vault_close (self->vault);
  g_clear_object (&self->vault);
  g_clear_error (&self->open_error);
  g_clear_object (&self->cancellable);
  g_free (self->path);

  G_OBJECT_CLASS (sillok_session_parent_class)->finalize (object);
}

static void
sillok_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SillokSession *self = SILLOK_SESSION (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_FAILED_ATTEMPTS:
      g_value_set_uint (value, self->failed_attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_session_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SillokSession *self = SILLOK_SESSION (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sillok_session_class_init (SillokSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sillok_session_constructed;
  object_class->finalize = sillok_session_finalize;
  object_class->get_property = sillok_session_get_property;
  object_class->set_property = sillok_session_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SILLOK_TYPE_SESSION_STATE, SILLOK_SESSION_NO_VAULT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAILED_ATTEMPTS] =
    g_param_spec_uint ("failed-attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sillok_session_init (SillokSession *self)
{
}

SillokSession *
sillok_session_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return g_object_new (SILLOK_TYPE_SESSION, "path", path, NULL);
}

const char *
sillok_session_get_path (SillokSession *self)
{
  g_return_val_if_fail (SILLOK_IS_SESSION (self), NULL);
  return self->path;
}

SillokSessionState
sillok_session_get_state (SillokSession *self)
{
  g_return_val_if_fail (SILLOK_IS_SESSION (self), SILLOK_SESSION_NO_VAULT);
  return self->state;
}

gboolean
sillok_session_get_busy (SillokSession *self)
{
  g_return_val_if_fail (SILLOK_IS_SESSION (self), FALSE);
  return self->busy;
}

SillokVault *
sillok_session_get_vault (SillokSession *self)
{
  g_return_val_if_fail (SILLOK_IS_SESSION (self), NULL);
  return self->vault;
}

const GError *
sillok_session_get_open_error (SillokSession *self)
{
  g_return_val_if_fail (SILLOK_IS_SESSION (self), NULL);
  return self->open_error;
}

guint
sillok_session_get_failed_attempts (SillokSession *self)
{
  g_return_val_if_fail (SILLOK_IS_SESSION (self), 0);
  return self->failed_attempts;
}

guint
sillok_session_get_unlock_delay (SillokSession *self)
{
  gint64 left;

  g_return_val_if_fail (SILLOK_IS_SESSION (self), 0);

  left = self->next_attempt_at - g_get_monotonic_time ();
  if (left <= 0)
    return 0;
  return (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
begin (SillokSession *self)
{
  g_assert (!self->busy);
  self->busy = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void erase_now (SillokSession *self,
                       GTask         *task);
static void start_job (SillokSession *self,
                       Job           *job);

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_free (job);
}

/* Fails every queued job: the vault was locked, closed or erased first. */
static void
drop_jobs (SillokSession *self,
           GQuark         domain,
           int            code,
           const char    *message)
{
  Job *job;

  while ((job = g_queue_pop_head (&self->jobs)) != NULL)
    {
      g_task_return_new_error (job->task, domain, code, "%s", message);
      job_free (job);
    }
}

static gboolean
barrier_reached (SillokSession *self)
{
  Job *next = g_queue_peek_head (&self->jobs);

  return next == NULL || next->seq > self->pending_barrier;
}

static void
apply_pending (SillokSession *self)
{
  if (self->pending_erase != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->pending_erase);

      self->pending_close = self->pending_lock = FALSE;
      drop_jobs (self, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The vault was erased"));
      erase_now (self, task);
    }
  else if (self->pending_close)
    {
      self->pending_close = self->pending_lock = FALSE;
      drop_jobs (self, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED, _("The vault was closed"));
      sillok_session_close (self);
    }
  else if (self->pending_lock)
    {
      self->pending_lock = FALSE;
      drop_jobs (self, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED, _("The vault was locked"));
      sillok_session_lock (self);
    }
}

/* Back on the main thread with the vault: take in its state, then run the
 * next job or apply what was asked meanwhile. */
static void
end (SillokSession *self)
{
  gboolean more;

  g_assert (self->busy);
  g_clear_object (&self->cancellable);

  more = self->pending_erase == NULL && !g_queue_is_empty (&self->jobs)
         && (!(self->pending_lock || self->pending_close) || !barrier_reached (self));
  /* Not busy while the new state is announced: whoever follows it may
   * read the vault, or queue a job that starts at once. */
  if (!more)
    self->busy = FALSE;
  if (!sillok_vault_exists_at (self->path))
    load_vault (self);
  else
    {
      read_attempts (self);
      set_state (self, sillok_vault_is_locked (self->vault) ? SILLOK_SESSION_LOCKED : SILLOK_SESSION_UNLOCKED);
    }
  if (more)
    {
      self->cancellable = g_cancellable_new ();
      start_job (self, g_queue_pop_head (&self->jobs));
      return;
    }
  apply_pending (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
create_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SillokSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean ok = sillok_vault_create_finish (SILLOK_VAULT (source), result, &error);

  end (self);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sillok_session_create_async (SillokSession       *self,
                             const char          *name,
                             SillokSecret        *passphrase,
                             SillokKdfPreset      preset,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SILLOK_IS_SESSION (self));
  g_return_if_fail (passphrase != NULL);
  g_return_if_fail (self->state == SILLOK_SESSION_NO_VAULT && !self->busy);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, sillok_session_create_async);
  begin (self);
  sillok_vault_create_async (self->vault, name, passphrase, preset, self->cancellable, create_done, task);
}

gboolean
sillok_session_create_finish (SillokSession  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
unlock_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SillokSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean ok = sillok_vault_unlock_finish (SILLOK_VAULT (source), result, &error);

  if (ok)
    g_clear_error (&self->open_error);
  end (self);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sillok_session_unlock_async (SillokSession       *self,
                             SillokSecret        *secret,
                             gboolean             recovery,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SILLOK_IS_SESSION (self));
  g_return_if_fail (secret != NULL);
  g_return_if_fail (self->state == SILLOK_SESSION_LOCKED && !self->busy);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, sillok_session_unlock_async);
  begin (self);
  sillok_vault_unlock_async (self->vault, secret, recovery, self->cancellable, unlock_done, task);
}

gboolean
sillok_session_unlock_finish (SillokSession  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gpointer
recovery_key_job (SillokVault   *vault,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return sillok_vault_add_recovery_key (vault, cancellable, error);
}

void
sillok_session_add_recovery_key_async (SillokSession       *self,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (SILLOK_IS_SESSION (self));
  g_return_if_fail (self->state == SILLOK_SESSION_UNLOCKED);

  /* The key slot takes an Argon2id run: a job like any other. */
  sillok_session_run_async (self, recovery_key_job, NULL, NULL, (GDestroyNotify) sillok_secret_free, NULL, callback,
                            user_data);
}

SillokSecret *
sillok_session_add_recovery_key_finish (SillokSession  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  return sillok_session_run_finish (self, result, error);
}

void
sillok_session_cancel (SillokSession *self)
{
  g_return_if_fail (SILLOK_IS_SESSION (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* A lock does not wait for work that can stop: jobs queued with a
 * cancellable (reading pages, importing, exporting — each all or nothing)
 * are cancelled, the running one where it next checks.  Jobs queued
 * without one (saving edits, sealing, attaching) still run before it. */
static void
stop_what_can_stop (SillokSession *self)
{
  GCancellable *cancellable;

  if (self->running_job && self->running->task != NULL
      && (cancellable = g_task_get_cancellable (self->running->task)) != NULL)
    g_cancellable_cancel (cancellable);
  for (GList *l = self->jobs.head; l != NULL; l = l->next)
    {
      Job *job = l->data;

      if ((cancellable = g_task_get_cancellable (job->task)) != NULL)
        g_cancellable_cancel (cancellable);
    }
}

void
sillok_session_lock (SillokSession *self)
{
  g_return_if_fail (SILLOK_IS_SESSION (self));

  if (self->busy)
    {
      if (!self->pending_lock && !self->pending_close)
        self->pending_barrier = self->last_seq;
      self->pending_lock = TRUE;
      stop_what_can_stop (self);
      return;
    }
  if (self->state != SILLOK_SESSION_UNLOCKED)
    return;
  sillok_vault_lock (self->vault);
  set_state (self, SILLOK_SESSION_LOCKED);
}

void
sillok_session_close (SillokSession *self)
{
  g_return_if_fail (SILLOK_IS_SESSION (self));

  if (self->busy)
    {
      if (!self->pending_lock && !self->pending_close)
        self->pending_barrier = self->last_seq;
      self->pending_close = TRUE;
      stop_what_can_stop (self);
      /* Only the wait before an unlock is cut short by the session's own. */
      if (!self->running_job)
        sillok_session_cancel (self);
      return;
    }
  sillok_vault_close (self->vault);
  if (self->state == SILLOK_SESSION_UNLOCKED)
    set_state (self, SILLOK_SESSION_LOCKED);
}

static void
erase_now (SillokSession *self,
           GTask         *task)
{
  GError *error = NULL;

  if (!sillok_vault_erase (self->vault, &error))
    {
      /* Erasing wipes the keys before it touches a file: whatever failed,
       * the vault is locked now, or gone. */
      if (!sillok_vault_exists_at (self->path))
        load_vault (self);
      else if (self->state == SILLOK_SESSION_UNLOCKED && sillok_vault_is_locked (self->vault))
        set_state (self, SILLOK_SESSION_LOCKED);
      g_task_return_error (task, error);
      return;
    }
  load_vault (self);
  g_task_return_boolean (task, TRUE);
}

void
sillok_session_erase_async (SillokSession       *self,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SILLOK_IS_SESSION (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, sillok_session_erase_async);
  if (self->state == SILLOK_SESSION_NO_VAULT && !self->busy)
    {
      g_task_return_new_error (task, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NOT_FOUND,
                               _("There is no vault to erase at %s"), self->path);
      return;
    }
  if (self->busy)
    {
      if (self->pending_erase != NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The vault is already being erased"));
          return;
        }
      self->pending_erase = g_steal_pointer (&task);
      sillok_session_cancel (self);
      return;
    }
  erase_now (self, task);
}

gboolean
sillok_session_erase_finish (SillokSession  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Jobs yield the processor to the main loop: on a small machine a save
 * must not keep the window from drawing the next key typed.  Lowering a
 * thread's priority is for good, which suits the pool's threads. */
static void
lower_priority (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) == NULL)
    {
      setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
      g_private_set (&lowered, GINT_TO_POINTER (1));
    }
#endif
}

static void
job_thread (GTask        *worker,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  SillokSession *self = job->session;
  GError *error = NULL;
  gpointer result;

  lower_priority ();
  result = job->func (self->vault, job->data, cancellable, &error);

  if (error != NULL)
    {
      if (result != NULL && job->result_free != NULL)
        job->result_free (result);
      g_task_return_error (worker, error);
    }
  else
    g_task_return_pointer (worker, result, job->result_free);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = user_data;
  SillokSession *self = job->session;
  g_autoptr(GTask) task = g_steal_pointer (&job->task);
  GError *error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  job_free (job);
  self->running_job = FALSE;
  self->running = NULL;
  end (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, g_task_get_task_data (task));
}

static void
start_job (SillokSession *self,
           Job           *job)
{
  g_autoptr(GTask) worker = NULL;
  GCancellable *cancellable = g_task_get_cancellable (job->task);

  /* A job nobody waits for any more (a stale search) is not run. */
  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      job_free (job);
      end (self);
      return;
    }
  self->running_job = TRUE;
  self->running = job;
  /* The worker's task is no source of a session reference: its thread may
   * drop it after the answer arrived, and the session must not outlive it. */
  job->session = self;
  worker = g_task_new (NULL, self->cancellable, job_done, job);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, job_thread);
}

void
sillok_session_run_async (SillokSession        *self,
                          SillokSessionJobFunc  func,
                          gpointer              data,
                          GDestroyNotify        data_free,
                          GDestroyNotify        result_free,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  Job *job;

  g_return_if_fail (SILLOK_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, sillok_session_run_async);
  /* What the result is freed with, should nobody take it. */
  g_task_set_task_data (job->task, result_free, NULL);

  if (self->state != SILLOK_SESSION_UNLOCKED || self->pending_lock || self->pending_close
      || self->pending_erase != NULL)
    {
      g_task_return_new_error (job->task, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED,
                               _("The vault is locked"));
      job_free (job);
      return;
    }
  job->seq = ++self->last_seq;
  if (self->busy)
    {
      g_queue_push_tail (&self->jobs, job);
      return;
    }
  begin (self);
  start_job (self, job);
}

gpointer
sillok_session_run_finish (SillokSession  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
