/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isplic-session-private.h"

#define DEMO_LICENSES 48
#define DEMO_SEED 42

G_DEFINE_FINAL_TYPE (IsplicSession, isplic_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SIGNED_IN,
  PROP_DEMO,
  PROP_REFRESHING,
  PROP_CLIENT,
  PROP_LICENSES,
  PROP_STALE,
  PROP_SAVED_TIME,
  PROP_READING_CACHE,
  PROP_CACHE_PARTIAL,
  N_PROPS
};

enum {
  SIGN_IN_FAILED,
  RESTORE_FINISHED,
  REFRESH_STARTED,
  REFRESHED,
  REFRESH_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void arm_auto_refresh (IsplicSession *self);

static void
set_demo (IsplicSession *self,
          gboolean       demo)
{
  if (self->demo == demo)
    return;
  self->demo = demo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

static void
stop_sim (IsplicSession *self)
{
  if (self->sim == NULL)
    return;
  isplic_sim_stop (self->sim);
  g_clear_object (&self->sim);
}

static void
clear_pending_password (IsplicSession *self)
{
  if (self->pending_password != NULL)
    memset (self->pending_password, 0, strlen (self->pending_password));
  g_clear_pointer (&self->pending_password, g_free);
}

/* Keyring */

static void
store_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!isplic_account_store_password_finish (result, &error))
    g_message ("Could not remember the password: %s", error->message);
}

static void
clear_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!isplic_account_clear_password_finish (result, &error))
    g_message ("Could not forget the stored password: %s", error->message);
}

/* Refreshing */

typedef struct
{
  IsplicSession *self; /* owned */
  GStrv select_ids;    /* owned, nullable */
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_object_unref (data->self);
  g_strfreev (data->select_ids);
  g_free (data);
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RefreshData *data = user_data;
  IsplicSession *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!isplic_license_list_refresh_finish (ISPLIC_LICENSE_LIST (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[REFRESH_FAILED], 0, error);
    }
  else
    {
      /* The list on show is the server's now, reconciled in place with the cache's. */
      self->refreshed = TRUE;
      isplic_session_set_stale (self, FALSE, NULL);
      isplic_session_save_cache (self);
      g_signal_emit (self, signals[REFRESHED], 0, data->select_ids);
    }

  refresh_data_free (data);
}

void
isplic_session_refresh (IsplicSession      *self,
                        const char * const *ids)
{
  RefreshData *data;

  g_return_if_fail (ISPLIC_IS_SESSION (self));

  if (self->client == NULL)
    return;

  data = g_new0 (RefreshData, 1);
  data->self = g_object_ref (self);
  data->select_ids = ids ? g_strdupv ((GStrv) ids) : NULL;
  isplic_license_list_refresh_async (self->licenses, self->cancellable, refresh_cb, data);
  g_signal_emit (self, signals[REFRESH_STARTED], 0);
}

static gboolean
auto_refresh_cb (gpointer user_data)
{
  IsplicSession *self = user_data;

  if (!isplic_license_list_get_loading (self->licenses))
    isplic_session_refresh (self, NULL);
  return G_SOURCE_CONTINUE;
}

static void
arm_auto_refresh (IsplicSession *self)
{
  guint minutes = 0;

  if (self->settings != NULL)
    minutes = g_settings_get_uint (self->settings, "auto-refresh-minutes");

  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  if (minutes > 0 && self->client != NULL)
    self->auto_refresh_id = g_timeout_add_seconds (minutes * 60, auto_refresh_cb, self);
}

/* Signing in and out */

static void
signed_in (IsplicSession *self,
           IsplicClient  *client)
{
  g_set_object (&self->client, client);
  isplic_session_start_journal (self, client);

  if (!self->demo && self->settings != NULL)
    {
      const char *url = isplic_client_get_base_url (client);
      const char *user = isplic_client_get_user (client);

      /* The account becomes the active one (a new one is added): "server-url" and "user"
       * follow. */
      g_free (isplic_accounts_signed_in (self->settings, url, user));
      if (self->remember)
        isplic_account_store_password_async (url, user, self->pending_password, NULL,
                                             store_password_cb, NULL);
      else
        isplic_account_clear_password_async (url, user, NULL, clear_password_cb, NULL);
    }
  /* The password now lives in the client only. */
  clear_pending_password (self);

  isplic_license_list_set_client (self->licenses, client);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);

  isplic_session_refresh (self, NULL);
  arm_auto_refresh (self);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IsplicSession) self = user_data;
  g_autoptr(GError) error = NULL;
  IsplicClient *client = ISPLIC_CLIENT (source);

  if (!isplic_client_sign_in_finish (client, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (client == self->pending_client)
        {
          g_clear_object (&self->pending_client);
          clear_pending_password (self);
          isplic_session_drop_stale (self);
          g_signal_emit (self, signals[SIGN_IN_FAILED], 0, error);
        }
      return;
    }

  if (client != self->pending_client)
    return;

  signed_in (self, client);
  g_clear_object (&self->pending_client);
}

static const char *
ui_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "ru"))
        return "ru";
      if (g_str_has_prefix (names[i], "en") || strcmp (names[i], "C") == 0)
        return "en";
    }
  return "en";
}

static void
begin_sign_in (IsplicSession *self,
               const char    *url,
               const char    *user,
               const char    *password)
{
  g_autoptr(IsplicStoredAccount) account = NULL;

  g_clear_object (&self->pending_client);
  clear_pending_password (self);
  self->pending_client = isplic_client_new (url, user, password);
  self->pending_password = g_strdup (password);
  /* The dialogs name the account money moves on: the demo's is no real one. */
  if (self->demo)
    g_object_set_data (G_OBJECT (self->pending_client), "isplic-demo", GINT_TO_POINTER (TRUE));
  /* billmgr words its labels and errors in the language asked for: the account's, else the
   * desktop's. */
  if (self->settings != NULL && !self->demo)
    account = isplic_accounts_find (self->settings, url, user);
  isplic_client_set_lang (self->pending_client,
                          account != NULL && *account->lang != '\0' ? account->lang
                                                                     : ui_language ());
  isplic_client_sign_in_async (self->pending_client, self->cancellable, sign_in_cb,
                               g_object_ref (self));
}

void
isplic_session_sign_in (IsplicSession *self,
                        const char    *url,
                        const char    *user,
                        const char    *password,
                        gboolean       remember)
{
  g_return_if_fail (ISPLIC_IS_SESSION (self));

  self->remember = remember;
  stop_sim (self);
  set_demo (self, FALSE);
  if (self->stale && !isplic_session_is_cache_account (self, url, user))
    isplic_session_drop_stale (self);
  begin_sign_in (self, url, user, password);
}

gboolean
isplic_session_start_demo (IsplicSession *self,
                           GError       **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);

  if (self->sim == NULL)
    {
      self->sim = isplic_sim_new ();
      isplic_sim_generate (self->sim, DEMO_LICENSES, DEMO_SEED);
      /* Slow enough that progress and the "processing" state are visible. */
      isplic_sim_set_key_delay (self->sim, 3000);
      isplic_sim_set_latency (self->sim, 150);
      if (!isplic_sim_start (self->sim, 0, error))
        {
          g_clear_object (&self->sim);
          return FALSE;
        }
    }

  isplic_session_drop_stale (self);
  set_demo (self, TRUE);
  self->remember = FALSE;
  url = isplic_sim_get_url (self->sim);
  begin_sign_in (self, url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  return TRUE;
}

typedef struct
{
  IsplicSession *self; /* owned */
  char *url;
  char *user;
} RestoreData;

static void
lookup_password_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RestoreData *data = user_data;
  g_autoptr(IsplicSession) self = data->self;
  g_autofree char *url = data->url;
  g_autofree char *user = data->user;
  g_autoptr(GError) error = NULL;
  char *password = isplic_account_lookup_password_finish (result, &error);
  gboolean signing_in = FALSE;

  g_free (data);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    g_message ("Could not read the stored password: %s", error->message);

  if (password != NULL && *password != '\0' && self->client == NULL
      && self->pending_client == NULL)
    {
      isplic_session_sign_in (self, url, user, password, TRUE);
      signing_in = TRUE;
    }
  if (password != NULL)
    isplic_account_password_free (password);

  /* No password, no refresh: the cached list is not left on show as if it were current. */
  if (!signing_in && self->client == NULL && self->pending_client == NULL)
    isplic_session_drop_stale (self);
  g_signal_emit (self, signals[RESTORE_FINISHED], 0, signing_in);
}

gboolean
isplic_session_restore (IsplicSession *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  RestoreData *data;

  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);

  if (self->settings == NULL)
    return FALSE;
  url = g_settings_get_string (self->settings, "server-url");
  user = g_settings_get_string (self->settings, "user");
  if (*user == '\0' || *url == '\0')
    return FALSE;

  /* The last list first: it is read in a worker thread while the keyring is asked. */
  if (self->client == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->licenses)) == 0)
    isplic_session_load_cache (self, url, user);

  data = g_new0 (RestoreData, 1);
  data->self = g_object_ref (self);
  data->url = g_steal_pointer (&url);
  data->user = g_steal_pointer (&user);
  isplic_account_lookup_password_async (data->url, data->user, self->cancellable,
                                        lookup_password_cb, data);
  return TRUE;
}

void
isplic_session_sign_out (IsplicSession *self)
{
  g_return_if_fail (ISPLIC_IS_SESSION (self));

  isplic_session_leave (self, TRUE);
}

void
isplic_session_leave (IsplicSession *self,
                      gboolean       forget)
{
  gboolean was_signed_in;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);

  if (forget && self->client != NULL && !self->demo)
    isplic_account_clear_password_async (isplic_client_get_base_url (self->client),
                                         isplic_client_get_user (self->client), NULL,
                                         clear_password_cb, NULL);

  /* The list is not kept for an account one signed out of. */
  self->refreshed = FALSE;
  if (forget)
    self->forget_serial++;
  isplic_session_join_cache_load (self, FALSE);
  if (forget && self->cache_path != NULL && !self->demo)
    {
      g_autoptr(GError) error = NULL;

      if (!isplic_license_cache_remove (self->cache_path, &error))
        g_message ("Could not remove the kept list: %s", error->message);
    }
  g_clear_pointer (&self->cache_path, g_free);
  isplic_session_drop_stale (self);

  was_signed_in = self->client != NULL;
  g_clear_object (&self->pending_client);
  clear_pending_password (self);
  g_clear_object (&self->client);
  isplic_license_list_set_client (self->licenses, NULL);
  isplic_license_list_clear (self->licenses);
  stop_sim (self);
  set_demo (self, FALSE);

  if (was_signed_in)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
    }
}

void
isplic_session_shutdown (IsplicSession *self)
{
  g_return_if_fail (ISPLIC_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  if (self->cache_cancellable != NULL)
    g_cancellable_cancel (self->cache_cancellable);
  isplic_session_join_cache_load (self, FALSE);
  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  stop_sim (self);
}

/* Getters */

gboolean
isplic_session_get_signed_in (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  return self->client != NULL;
}

gboolean
isplic_session_get_demo (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  return self->demo;
}

gboolean
isplic_session_get_refreshing (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  return isplic_license_list_get_loading (self->licenses);
}

IsplicClient *
isplic_session_get_client (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), NULL);
  return self->client;
}

IsplicLicenseList *
isplic_session_get_licenses (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), NULL);
  return self->licenses;
}

IsplicSim *
isplic_session_get_sim (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), NULL);
  return self->sim;
}

GCancellable *
isplic_session_get_cancellable (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), NULL);
  return self->cancellable;
}

gboolean
isplic_session_get_stale (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  return self->stale;
}

GDateTime *
isplic_session_get_saved_time (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), NULL);
  return self->saved_time;
}

gboolean
isplic_session_get_auto_refresh_armed (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  return self->auto_refresh_id != 0;
}

/* GObject */

static void
loading_changed_cb (IsplicSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

static void
isplic_session_dispose (GObject *object)
{
  IsplicSession *self = ISPLIC_SESSION (object);

  isplic_session_shutdown (self);
  if (self->licenses != NULL)
    g_signal_handlers_disconnect_by_data (self->licenses, self);
  g_clear_object (&self->pending_client);
  clear_pending_password (self);
  g_clear_object (&self->client);
  g_clear_object (&self->licenses);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cache_cancellable);
  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->saved_time, g_date_time_unref);

  G_OBJECT_CLASS (isplic_session_parent_class)->dispose (object);
}

static void
isplic_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IsplicSession *self = ISPLIC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->client != NULL);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_REFRESHING:
      g_value_set_boolean (value, isplic_license_list_get_loading (self->licenses));
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_LICENSES:
      g_value_set_object (value, self->licenses);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    case PROP_SAVED_TIME:
      g_value_set_boxed (value, self->saved_time);
      break;
    case PROP_READING_CACHE:
      g_value_set_boolean (value, isplic_session_get_reading_cache (self));
      break;
    case PROP_CACHE_PARTIAL:
      g_value_set_boolean (value, self->cache_partial);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
isplic_session_notify_reading_cache (IsplicSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING_CACHE]);
}

void
isplic_session_set_cache_partial (IsplicSession *self,
                                  gboolean       partial)
{
  if (self->cache_partial == partial)
    return;
  self->cache_partial = partial;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE_PARTIAL]);
}

static void
isplic_session_class_init (IsplicSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = isplic_session_dispose;
  object_class->get_property = isplic_session_get_property;

  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, flags);
  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE, flags);
  properties[PROP_REFRESHING] = g_param_spec_boolean ("refreshing", NULL, NULL, FALSE, flags);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, ISPLIC_TYPE_CLIENT, flags);
  properties[PROP_LICENSES] = g_param_spec_object ("licenses", NULL, NULL,
                                                   ISPLIC_TYPE_LICENSE_LIST, flags);
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, FALSE, flags);
  properties[PROP_SAVED_TIME] = g_param_spec_boxed ("saved-time", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_READING_CACHE] = g_param_spec_boolean ("reading-cache", NULL, NULL, FALSE,
                                                         flags);
  properties[PROP_CACHE_PARTIAL] = g_param_spec_boolean ("cache-partial", NULL, NULL, FALSE,
                                                         flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGN_IN_FAILED] = g_signal_new ("sign-in-failed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[RESTORE_FINISHED] = g_signal_new ("restore-finished", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[REFRESH_STARTED] = g_signal_new ("refresh-started", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[REFRESH_FAILED] = g_signal_new ("refresh-failed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* isplic-session-journal.c: (GPtrArray of IsplicJournalEntry) what an earlier run sent without
   * seeing the answer, looked into with the server, each with its outcome and message. */
  g_signal_new ("journal-told", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  /* isplic-session-poll.c */
  g_signal_new ("order-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, ISPLIC_TYPE_LICENSE);
}

static void
isplic_session_init (IsplicSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->cache_sync_max = ISPLIC_SESSION_CACHE_SYNC_MAX;
  self->licenses = isplic_license_list_new (NULL);
  g_signal_connect_object (self->licenses, "notify::loading", G_CALLBACK (loading_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

IsplicSession *
isplic_session_new (GSettings *settings)
{
  IsplicSession *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISPLIC_TYPE_SESSION, NULL);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (self->settings, "changed::auto-refresh-minutes",
                               G_CALLBACK (arm_auto_refresh), self, G_CONNECT_SWAPPED);
    }
  return self;
}
