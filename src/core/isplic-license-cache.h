/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The last list of an account, kept under the user's cache folder so that the app (and the
 * Shell search provider) can show it before the network answers. It holds what the list shows —
 * never a license key, never a password — in a file of mode 0600, one per account. A file that
 * is unreadable, corrupt, from another account or another version of IspLic is refused with an
 * error (G_IO_ERROR_INVALID_DATA, or G_IO_ERROR_NOT_FOUND when there is none): never trusted.
 */

/* A list longer than this is also kept in short: its first this many licenses, in a file of
 * their own (the same form, read the same way), for a long list's first screen at start. */
#define ISPLIC_LICENSE_CACHE_HEAD 200

/* (transfer full) The cache file of the account (server URL and user name), under
 * g_get_user_cache_dir(). The name is a digest: it says nothing of the account. */
char      *isplic_license_cache_path          (const char *server_url, const char *user);

/* Writes @licenses (a GListModel of IsplicLicense) for the account. Which licenses is taken
 * in the next main-loop iteration of the calling thread (unless cancelled before); their fields
 * are then read a few milliseconds per iteration (100,000 take longer than a frame), and the
 * file is written in a worker thread, atomically. */
void       isplic_license_cache_save_async    (const char *path, const char *server_url,
                                               const char *user, GListModel *licenses,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
gboolean   isplic_license_cache_save_finish   (GAsyncResult *result, GError **error);

/* Reads and checks the file in a worker thread. Returns (transfer full) the licenses
 * (IsplicLicense, keys absent), with @saved (out, optional, transfer full) the time it was
 * written. */
void       isplic_license_cache_load_async    (const char *path, const char *server_url,
                                               const char *user, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *isplic_license_cache_load_finish   (GAsyncResult *result, GDateTime **saved,
                                               GError **error);
/* The same, synchronously (the search provider and tests). */
GPtrArray *isplic_license_cache_load          (const char *path, const char *server_url,
                                               const char *user, GDateTime **saved,
                                               GError **error);
/* (transfer full) The head file beside the cache file @path: read it with
 * isplic_license_cache_load*() as any other. Written with the cache file (a list of more than
 * ISPLIC_LICENSE_CACHE_HEAD licenses), removed with it. */
char      *isplic_license_cache_head_path     (const char *path);
/* Removes the account's file and its head (sign-out); no error when there are none. */
gboolean   isplic_license_cache_remove        (const char *path, GError **error);

G_END_DECLS
