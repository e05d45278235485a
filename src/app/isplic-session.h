/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isplic-core.h"
#include "isplic-sim.h"

G_BEGIN_DECLS

/*
 * IsplicSession is the signed-in account behind a window, without any widget: the client (and a
 * sign-in in flight), the license list, the remembered password, the built-in demo simulator and
 * the auto-refresh timer.
 *
 * Properties (read-only, notified): "signed-in", "demo", "refreshing", "client", "licenses",
 * "stale", "saved-time", "reading-cache" and "cache-partial".
 *
 * The last list of an account is kept in its cache file (isplic-license-cache.h) after each
 * refresh (not in demo mode). isplic_session_restore() shows it at once, "stale" (with
 * "saved-time", when it was written) until the first refresh lands and reconciles it in place;
 * a failed or declined sign-in takes it off again. Nothing may be bought or changed on a stale
 * list. Signing out removes the file.
 * Signals:
 *   "sign-in-failed"   (GError *error): a sign-in was refused or did not reach the server.
 *   "restore-finished" (gboolean signing_in): the stored password was looked up; when one was
 *                      found the session is signing in with it.
 *   "refresh-started"  (): a refresh of the list (and whatever goes with it) has begun.
 *   "refreshed"        (GStrv ids, nullable): the list is current; @ids are the ids the caller
 *                      of isplic_session_refresh() asked to select.
 *   "refresh-failed"   (GError *error): the list could not be refreshed (not for cancellations).
 *   "order-ready"      (IsplicLicense *license): an order watched with
 *                      isplic_session_watch_order() was seen processing and is now active with
 *                      its key (the list's license is updated in place).
 */

#define ISPLIC_TYPE_SESSION (isplic_session_get_type ())
G_DECLARE_FINAL_TYPE (IsplicSession, isplic_session, ISPLIC, SESSION, GObject)

/* @settings (nullable): where the server and user are stored and the auto-refresh period is
 * read; without it nothing is stored and there is no auto-refresh. */
IsplicSession     *isplic_session_new              (GSettings     *settings);
/* Signs in; stores (or forgets) the password in the keyring on success when @remember. */
void               isplic_session_sign_in          (IsplicSession *self,
                                                    const char    *url,
                                                    const char    *user,
                                                    const char    *password,
                                                    gboolean       remember);
/* Starts the built-in simulator in-process and signs in to it. */
gboolean           isplic_session_start_demo       (IsplicSession *self,
                                                    GError       **error);
/* Looks up a stored password for the stored server and user and, if there is one, signs in.
 * Returns FALSE (and emits nothing) when no server or user is stored. */
gboolean           isplic_session_restore          (IsplicSession *self);
/* Cancels everything in flight, forgets the stored password (not in demo mode), clears the
 * list and stops the demo simulator. */
void               isplic_session_sign_out         (IsplicSession *self);
/* isplic-session-accounts.c (isplic-accounts.h holds the list). Leaves the account signed in
 * without forgetting its password or its kept list (for adding another one on the sign-in page). */
void               isplic_session_leave_account    (IsplicSession *self);
/* Leaves the account signed in (keeping its password and list), makes @name the active account
 * and restores it as at start: its kept list at once, then a sign-in with its stored password
 * ("restore-finished" tells whether there was one). Nothing of the previous account's list
 * stays. FALSE with @error for an unknown name (nothing changed then). */
gboolean           isplic_session_switch_account   (IsplicSession *self,
                                                    const char    *name,
                                                    GError       **error);
/* Removes the stored account @name and forgets its password, kept list and notification state;
 * leaves it first when it is the one signed in. */
gboolean           isplic_session_remove_account   (IsplicSession *self,
                                                    const char    *name,
                                                    GError       **error);
/* (transfer full, nullable) the stored account the session is signed in to (or signing in to,
 * or showing the kept list of); NULL in demo mode or when none. */
IsplicStoredAccount *isplic_session_dup_account    (IsplicSession *self);
/* Refreshes the list; "refreshed" carries @ids (nullable) back. Does nothing when signed out. */
void               isplic_session_refresh          (IsplicSession *self,
                                                    const char * const *ids);
/* Cancels everything in flight and stops the timer and the simulator, for good. */
void               isplic_session_shutdown         (IsplicSession *self);

gboolean           isplic_session_get_signed_in    (IsplicSession *self);
gboolean           isplic_session_get_demo         (IsplicSession *self);
gboolean           isplic_session_get_refreshing   (IsplicSession *self);
/* (transfer none, nullable) */
IsplicClient      *isplic_session_get_client       (IsplicSession *self);
/* (transfer none) the same list for the session's whole life. */
IsplicLicenseList *isplic_session_get_licenses     (IsplicSession *self);
/* (transfer none, nullable) the demo simulator. */
IsplicSim         *isplic_session_get_sim          (IsplicSession *self);
/* (transfer none) cancelled on sign-out; a new one is made then. */
GCancellable      *isplic_session_get_cancellable  (IsplicSession *self);
/* Whether the list on show is the one kept from the last start, not yet refreshed. */
gboolean           isplic_session_get_stale        (IsplicSession *self);
/* (transfer none, nullable) when the stale list was saved. */
GDateTime         *isplic_session_get_saved_time   (IsplicSession *self);
/* While stale: only the head of a long kept list is on show, the rest is still being read. */
gboolean           isplic_session_get_cache_partial (IsplicSession *self);
/* Whether a kept list (or a long one's head) is being read at start, to be on show before the
 * window's first frame: the window lays out its list page, not the sign-in page, meanwhile. */
gboolean           isplic_session_get_reading_cache (IsplicSession *self);
/* Kept lists up to @size bytes are read whole before the window's first frame, longer ones
 * after it (their head before it). 4 MiB unless set; tests set less. */
void               isplic_session_set_cache_sync_max (IsplicSession *self,
                                                      gsize          size);
/* Whether the auto-refresh timer is running. */
gboolean           isplic_session_get_auto_refresh_armed (IsplicSession *self);

/* isplic-session-poll.c: watches a fresh order (by license id) until it is active with a key:
 * a look at once, then after 10 s, 20 s, 40 s… (each wait at most 160 s) for about ten minutes;
 * "order-ready" tells when it is. Stops on sign-out. */
void               isplic_session_watch_order      (IsplicSession *self,
                                                    const char    *id);
/* The first wait between looks (10 s by default), for tests. */
void               isplic_session_set_order_poll_interval (IsplicSession *self,
                                                           guint          first_ms);
/* How many orders are still watched. */
guint              isplic_session_get_n_watched_orders (IsplicSession *self);

G_END_DECLS
