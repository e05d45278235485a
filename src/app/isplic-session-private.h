/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-session.h"

G_BEGIN_DECLS

/* Kept lists up to this size (some 30,000 licenses) are read whole before the first frame. */
#define ISPLIC_SESSION_CACHE_SYNC_MAX (4 * 1024 * 1024)

struct _IsplicSession
{
  GObject parent_instance;

  GSettings *settings;            /* owned, nullable */
  IsplicClient *client;           /* owned, nullable: signed in when set */
  IsplicClient *pending_client;   /* owned, nullable: a sign-in in flight */
  char *pending_password;         /* owned, nullable: stored after the pending sign-in */
  IsplicLicenseList *licenses;    /* owned */
  IsplicSim *sim;                 /* owned, nullable: demo mode */
  GCancellable *cancellable;      /* owned: cancelled on sign-out and shutdown */
  gboolean demo;
  gboolean remember;              /* store the password after a successful sign-in */
  guint auto_refresh_id;

  /* The account's cache file: the last list, shown at start until the refresh lands. */
  char *cache_path;               /* owned, nullable: the account's (not in demo mode) */
  gboolean stale;                 /* the list on show is the cache's, not the server's */
  GDateTime *saved_time;          /* owned, nullable: when the shown cache was written */
  GCancellable *cache_cancellable; /* owned, nullable: a cache load in flight */
  /* Several accounts (isplic-session-accounts.c) */
  guint forget_serial;            /* counts the sign-outs that forgot an account's list */
  gboolean refreshed;             /* the list is the server's since the account was entered */
  GThread *cache_thread;          /* owned, nullable: reading a small cache (or a long one's
                                   * head), joined at once */
  gboolean cache_partial;         /* the list on show is the head of a long kept list */
  gsize cache_sync_max;           /* kept lists up to this size are read before the first frame */
  guint cache_idle_id;            /* joins cache_thread before the window's first frame */
};

/* Cancels everything in flight, clears the list and the client and stops the demo; with
 * @forget also forgets the stored password and removes the kept list (signing out). */
void     isplic_session_leave            (IsplicSession *self,
                                          gboolean       forget);

/* isplic-session-journal.c: the journal set on @client, and its open entries looked into. */
void     isplic_session_start_journal    (IsplicSession *self,
                                          IsplicClient  *client);

/* Notifies "reading-cache"; sets "cache-partial" (isplic-session.c). */
void     isplic_session_notify_reading_cache (IsplicSession *self);
void     isplic_session_set_cache_partial    (IsplicSession *self,
                                              gboolean       partial);

/* isplic-session-cache.c */
void     isplic_session_set_stale        (IsplicSession *self,
                                          gboolean       stale,
                                          GDateTime     *saved_time);
void     isplic_session_drop_stale       (IsplicSession *self);
void     isplic_session_save_cache       (IsplicSession *self);
void     isplic_session_load_cache       (IsplicSession *self,
                                          const char    *url,
                                          const char    *user);
/* Waits for the kept list being read, and shows it (or, @show FALSE, drops it). */
void     isplic_session_join_cache_load  (IsplicSession *self,
                                          gboolean       show);
gboolean isplic_session_is_cache_account (IsplicSession *self,
                                          const char    *url,
                                          const char    *user);

G_END_DECLS
