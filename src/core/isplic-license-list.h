/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isplic-client.h"
#include "isplic-license.h"

G_BEGIN_DECLS

#define ISPLIC_TYPE_LICENSE_LIST (isplic_license_list_get_type ())
G_DECLARE_FINAL_TYPE (IsplicLicenseList, isplic_license_list, ISPLIC, LICENSE_LIST, GObject)

/*
 * A GListModel of IsplicLicense, in the server's order.
 * Properties (read-only, notified on change):
 *   "client"       IsplicClient* (construct; may be replaced with isplic_license_list_set_client)
 *   "loading"      gboolean   a refresh is running
 *   "error"        GError*    (boxed) the last refresh's error, NULL after a success
 *   "last-refresh" GDateTime* time of the last successful refresh, nullable
 *   "n-items"      guint
 */
IsplicLicenseList *isplic_license_list_new        (IsplicClient *client);
IsplicClient      *isplic_license_list_get_client (IsplicLicenseList *self);
void               isplic_license_list_set_client (IsplicLicenseList *self, IsplicClient *client);
gboolean           isplic_license_list_get_loading (IsplicLicenseList *self);
const GError      *isplic_license_list_get_error  (IsplicLicenseList *self);
GDateTime         *isplic_license_list_get_last_refresh (IsplicLicenseList *self);

/* Lists everything and reconciles. A refresh while one runs cancels nothing: it joins it
 * (both callbacks fire when it ends). On failure the old items stay. */
void     isplic_license_list_refresh_async  (IsplicLicenseList *self, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_license_list_refresh_finish (IsplicLicenseList *self, GAsyncResult *result,
                                             GError **error);

/* Reconciles with @licenses (IsplicLicense, by id): existing objects are updated in place,
 * new ones inserted, vanished ones removed, in as few items-changed emissions as possible. */
void           isplic_license_list_update (IsplicLicenseList *self, GPtrArray *licenses);
/* The same, for a list that may be long: the merge is spread over slices of the main loop and
 * @callback runs once it is applied. A refresh's list or a direct change arriving meanwhile
 * finishes it at once first; clear() drops it (G_IO_ERROR_CANCELLED), as does @cancellable. */
void           isplic_license_list_update_async  (IsplicLicenseList   *self,
                                                  GPtrArray           *licenses,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean       isplic_license_list_update_finish (IsplicLicenseList  *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* Drops every item (sign out). */
void           isplic_license_list_clear  (IsplicLicenseList *self);
/* (transfer none, nullable) */
IsplicLicense *isplic_license_list_lookup (IsplicLicenseList *self, const char *id);
/* Position of @id, or G_MAXUINT. */
guint          isplic_license_list_find   (IsplicLicenseList *self, const char *id);
/* (transfer none) (nullable) The license at @position, valid until the list next changes: for
 * passes over every license that should not take and drop a reference each. */
IsplicLicense *isplic_license_list_peek   (IsplicLicenseList *self, guint position);

G_END_DECLS
