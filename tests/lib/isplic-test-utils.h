/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers that the core, simulator, CLI and app tests share: waiting on the main context with a
 * deadline, waiting for one async result, temporary directories, test data, one HTTP exchange,
 * the canonical hostile strings (escape sequences, bidi overrides) that server text may carry,
 * a client's whole list of licenses and a stored password. GLib, GIO, libsoup and the core only:
 * no GTK here.
 */
#pragma once

#include <libsoup/soup.h>

#include "isplic-account.h"
#include "isplic-client.h"

G_BEGIN_DECLS

/* How long the waiting helpers wait by default before failing the test. */
#define ISPLIC_TEST_WAIT_MS 20000

typedef gboolean (*IsplicTestCondition) (gpointer data);

gboolean isplic_test_wait_until (IsplicTestCondition condition,
                                 gpointer            data,
                                 guint               timeout_ms);
void isplic_test_spin (guint ms);

/* Iterates the thread-default main context until @cond holds; fails the test, naming @cond,
 * after ISPLIC_TEST_WAIT_MS. */
#define ISPLIC_TEST_WAIT_UNTIL(cond)                                                      \
  G_STMT_START {                                                                          \
    gint64 isplic_deadline_ = g_get_monotonic_time () + ISPLIC_TEST_WAIT_MS * (gint64) 1000; \
    guint isplic_tick_ = isplic_test_tick_add ();                                         \
    while (!(cond))                                                                       \
      {                                                                                   \
        if (g_get_monotonic_time () > isplic_deadline_)                                   \
          g_error ("timed out waiting for: %s", #cond);                                   \
        g_main_context_iteration (g_main_context_get_thread_default (), TRUE);            \
      }                                                                                   \
    isplic_test_tick_remove (isplic_tick_);                                               \
  } G_STMT_END

guint isplic_test_tick_add (void);
void isplic_test_tick_remove (guint id);

/* One async operation: pass isplic_test_result_cb and a zeroed IsplicTestResult as its
 * callback and data, then isplic_test_wait_result(). */
typedef struct {
  GAsyncResult *result;  /* owned */
  guint calls;
} IsplicTestResult;

void isplic_test_result_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data);
GAsyncResult *isplic_test_wait_result (IsplicTestResult *r);

/* The client: the licenses of @client's account, listed in full; fails the test on an error. */
GPtrArray *isplic_test_client_list (IsplicClient *client);
/* The keyring: (transfer full) (nullable) a copy of the password kept for @user at @url, NULL when
 * none is; fails the test on an error. */
char *isplic_test_stored_password (const char *url,
                                   const char *user);
/* Points the file keyring (SECRET_BACKEND=file) at a file of this program's own, named after
 * the program and the process, removed when the program exits. Other suites' tests run at the
 * same time, and the file backend rewrites the whole file on each change: in a shared file
 * their writes are lost or refused. Call it after g_test_init(), before anything uses the
 * keyring. */
void isplic_test_own_keyring (void);

/* Files */
char *isplic_test_make_temp_dir (void);
/* (transfer full) A temporary folder made the user's config, cache and data folders, for the
 * whole program: call it before anything reads them (before g_test_init()), remove it with
 * isplic_test_remove_tree(). Unlike G_TEST_OPTION_ISOLATE_DIRS it leaks nothing under ASan. */
char *isplic_test_private_home (void);
void isplic_test_remove_tree (const char *path);
char *isplic_test_data_path (const char *name);
char *isplic_test_read_data (const char *name);

/* HTTP */
GBytes *isplic_test_send (SoupSession  *session,
                          SoupMessage  *msg,
                          GError      **error);

/* Hostile strings */
typedef struct {
  const char *name;
  const char *text;  /* UTF-8, raw: the control characters themselves */
} IsplicTestHostileString;

const IsplicTestHostileString *isplic_test_get_hostile_strings (guint *n_strings);
const char *isplic_test_hostile_string (const char *name);
char *isplic_test_json_quote (const char *text);
gboolean isplic_test_has_raw_controls (const char *text);

G_END_DECLS
