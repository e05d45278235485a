/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TEMPORARY STUB so that dependants link; being replaced by the real client. */
#include "config.h"

#include "isplic-client.h"
#include "isplic-util.h"

struct _IsplicClient { GObject parent_instance; char *base_url, *user, *password, *lang; guint timeout; SoupSession *session; };
G_DEFINE_FINAL_TYPE (IsplicClient, isplic_client, G_TYPE_OBJECT)
static void isplic_client_class_init (IsplicClientClass *klass) {}
static void isplic_client_init (IsplicClient *self) {}


IsplicClient *isplic_client_new (const char *base_url, const char *user, const char *password)
{ return isplic_client_new_with_session (NULL, base_url, user, password); }
IsplicClient *isplic_client_new_with_session (SoupSession *session, const char *base_url, const char *user, const char *password)
{ IsplicClient *self = g_object_new (ISPLIC_TYPE_CLIENT, NULL); self->session = session ? g_object_ref (session) : soup_session_new ();
  self->base_url = g_strdup (base_url ? base_url : ISPLIC_SERVER_EU); self->user = g_strdup (user); self->password = g_strdup (password); self->lang = g_strdup ("en"); self->timeout = 60; return self; }
const char *isplic_client_get_base_url (IsplicClient *self) { return self->base_url; }
void isplic_client_set_base_url (IsplicClient *self, const char *v) { g_free (self->base_url); self->base_url = g_strdup (v); }
const char *isplic_client_get_user (IsplicClient *self) { return self->user; }
void isplic_client_set_user (IsplicClient *self, const char *v) { g_free (self->user); self->user = g_strdup (v); }
void isplic_client_set_password (IsplicClient *self, const char *v) { g_free (self->password); self->password = g_strdup (v); }
const char *isplic_client_get_lang (IsplicClient *self) { return self->lang; }
void isplic_client_set_lang (IsplicClient *self, const char *v) { g_free (self->lang); self->lang = g_strdup (v); }
guint isplic_client_get_timeout (IsplicClient *self) { return self->timeout; }
void isplic_client_set_timeout (IsplicClient *self, guint v) { self->timeout = v; }
SoupSession *isplic_client_get_session (IsplicClient *self) { return self->session; }
static void stub (IsplicClient *self, GCancellable *c, GAsyncReadyCallback cb, gpointer ud, gpointer tag)
{ GTask *t = g_task_new (self, c, cb, ud); g_task_set_source_tag (t, tag); g_task_return_new_error (t, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet implemented"); g_object_unref (t); }

void isplic_client_sign_in_async (IsplicClient *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_sign_in_async); }

void isplic_client_list_async (IsplicClient *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_list_async); }

void isplic_client_get_details_async (IsplicClient *self, const char *id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_get_details_async); }

void isplic_client_order_async (IsplicClient *self, const IsplicOrderParams *params, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_order_async); }

void isplic_client_reconcile_order_async (IsplicClient *self, const IsplicOrderParams *params, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_reconcile_order_async); }

void isplic_client_renew_preview_async (IsplicClient *self, const char *id, int period, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_renew_preview_async); }

void isplic_client_renew_async (IsplicClient *self, const char * const *ids, int period, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_renew_async); }

void isplic_client_reconcile_renew_async (IsplicClient *self, const char *id, GDateTime *old_expiry, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_reconcile_renew_async); }

void isplic_client_edit_async (IsplicClient *self, const char *id, const char *name, const char *ip, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_edit_async); }

void isplic_client_change_tariff_async (IsplicClient *self, const char *id, const char *tariff_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_change_tariff_async); }

void isplic_client_reconcile_tariff_async (IsplicClient *self, const char *id, const char *tariff_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_reconcile_tariff_async); }

void isplic_client_suspend_async (IsplicClient *self, const char * const *ids, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_suspend_async); }

void isplic_client_resume_async (IsplicClient *self, const char * const *ids, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_resume_async); }

void isplic_client_delete_async (IsplicClient *self, const char * const *ids, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_delete_async); }

void isplic_client_check_ip_async (IsplicClient *self, const char *ip, const char *tariff_id, int period, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_check_ip_async); }

void isplic_client_new_key_async (IsplicClient *self, const char *id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ stub (self, cancellable, callback, user_data, isplic_client_new_key_async); }

gboolean isplic_client_sign_in_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

GPtrArray * isplic_client_list_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? NULL : NULL; }

IsplicLicense * isplic_client_get_details_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? NULL : NULL; }

gboolean isplic_client_order_finish (IsplicClient *self, GAsyncResult *result, char **license_id, char **billorder_id, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

IsplicLicense * isplic_client_reconcile_order_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? NULL : NULL; }

GDateTime * isplic_client_renew_preview_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? NULL : NULL; }

gboolean isplic_client_renew_finish (IsplicClient *self, GAsyncResult *result, GDateTime **new_expiry, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_reconcile_renew_finish (IsplicClient *self, GAsyncResult *result, gboolean *renewed, GDateTime **expiry, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_edit_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_change_tariff_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_reconcile_tariff_finish (IsplicClient *self, GAsyncResult *result, gboolean *changed, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_suspend_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_resume_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_delete_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

gboolean isplic_client_check_ip_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? FALSE : FALSE; }

char * isplic_client_new_key_finish (IsplicClient *self, GAsyncResult *result, GError **error)
{ return g_task_propagate_pointer (G_TASK (result), error) ? NULL : NULL; }
