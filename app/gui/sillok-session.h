/* sillok-session.h: the vault as the front end sees it, one operation at a time
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok.h"

G_BEGIN_DECLS

typedef enum
{
  SILLOK_SESSION_NO_VAULT, /* nothing at the path yet: the first run */
  SILLOK_SESSION_LOCKED,
  SILLOK_SESSION_UNLOCKED,
} SillokSessionState;

#define SILLOK_TYPE_SESSION (sillok_session_get_type ())
G_DECLARE_FINAL_TYPE (SillokSession, sillok_session, SILLOK, SESSION, GObject)

/* A session on the vault folder @path; opens the vault (locked) if one is there. */
SillokSession      *sillok_session_new                     (const char     *path);
const char         *sillok_session_get_path                (SillokSession  *self);
SillokSessionState  sillok_session_get_state               (SillokSession  *self);
/* TRUE while an operation runs on a worker thread; the vault is then off limits. */
gboolean            sillok_session_get_busy                (SillokSession  *self);
/* The vault, for reading its identity while unlocked and not busy. */
SillokVault        *sillok_session_get_vault               (SillokSession  *self);
/* Why the vault could not be opened at start (in use, damaged), or NULL. */
const GError       *sillok_session_get_open_error          (SillokSession  *self);
/* Consecutive failed unlocks, as last read from the vault. */
guint               sillok_session_get_failed_attempts     (SillokSession  *self);
/* Whole seconds before the next unlock attempt is tried (0 = at once). */
guint               sillok_session_get_unlock_delay        (SillokSession  *self);

/* Creates the vault (state NO_VAULT, not busy); unlocked on success. */
void                sillok_session_create_async            (SillokSession       *self,
                                                            const char          *name,
                                                            SillokSecret        *passphrase,
                                                            SillokKdfPreset      preset,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            sillok_session_create_finish           (SillokSession       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* Unlocks (state LOCKED, not busy), waiting first as failed attempts ask. */
void                sillok_session_unlock_async            (SillokSession       *self,
                                                            SillokSecret        *secret,
                                                            gboolean             recovery,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            sillok_session_unlock_finish           (SillokSession       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* Adds a recovery key (state UNLOCKED), as a job; returns it for showing once. */
void                sillok_session_add_recovery_key_async  (SillokSession       *self,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
SillokSecret       *sillok_session_add_recovery_key_finish (SillokSession       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* A job on the unlocked vault, run on a worker thread: returns its result
 * (NULL only with @error set). */
typedef gpointer (*SillokSessionJobFunc) (SillokVault   *vault,
                                          gpointer       data,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* Queues @func (state UNLOCKED): jobs run one at a time, in order.  A job
 * whose @cancellable is cancelled before it starts does not run; every job
 * fails with SILLOK_VAULT_ERROR_LOCKED once a lock or close asked for after
 * it was queued has happened. */
void                sillok_session_run_async               (SillokSession        *self,
                                                            SillokSessionJobFunc  func,
                                                            gpointer              data,
                                                            GDestroyNotify        data_free,
                                                            GDestroyNotify        result_free,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gpointer            sillok_session_run_finish              (SillokSession        *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Stops the running operation where it can stop (the wait before an unlock). */
void                sillok_session_cancel                  (SillokSession  *self);
/* Locks now, or once the jobs queued so far have run.  Jobs queued with a
 * cancellable are cancelled first (a lock does not wait for a page read, an
 * import or an export); jobs queued without one (saving edits) still run. */
void                sillok_session_lock                    (SillokSession  *self);
/* Locks and releases the vault, now or once the jobs queued so far have run
 * (those with a cancellable cancelled first, as for a lock). */
void                sillok_session_close                   (SillokSession  *self);
/* Cancels the running operation, waits for it, then crypto-shreds the vault;
 * the state becomes NO_VAULT. */
void                sillok_session_erase_async             (SillokSession       *self,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            sillok_session_erase_finish            (SillokSession       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
