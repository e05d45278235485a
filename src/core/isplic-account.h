/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The password lives in the Secret Service (libsecret schema "com.example.IspLic"), keyed by
 * server URL and user name; server and user live in GSettings (schema "com.example.IspLic",
 * keys "server-url" and "user"). Nothing here ever writes the password anywhere else.
 */
void     isplic_account_store_password_async  (const char *server_url, const char *user,
                                               const char *password, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_account_store_password_finish (GAsyncResult *result, GError **error);
/* Returns (transfer full, nullable): NULL with no error when nothing is stored. Free with
 * isplic_account_password_free (wipes it). */
void     isplic_account_lookup_password_async  (const char *server_url, const char *user,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
char    *isplic_account_lookup_password_finish (GAsyncResult *result, GError **error);
void     isplic_account_clear_password_async   (const char *server_url, const char *user,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_account_clear_password_finish  (GAsyncResult *result, GError **error);
void     isplic_account_password_free          (char *password);

G_END_DECLS
