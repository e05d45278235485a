/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "isplic-background.h"

struct _IsplicBackground
{
  GObject parent_instance;

  GSettings *settings;   /* owned */
  GDateTime *now;        /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (IsplicBackground, isplic_background, G_TYPE_OBJECT)

typedef struct
{
  char *url;                /* owned */
  char *user;               /* owned */
  IsplicClient *client;     /* owned, nullable */
  GListStore *licenses;     /* owned, nullable */
  IsplicBalance *balance;   /* owned, nullable */
} Check;

static void
check_free (Check *check)
{
  g_free (check->url);
  g_free (check->user);
  g_clear_object (&check->client);
  g_clear_object (&check->licenses);
  g_clear_pointer (&check->balance, isplic_balance_free);
  g_free (check);
}

static void
isplic_background_finalize (GObject *object)
{
  IsplicBackground *self = ISPLIC_BACKGROUND (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->now, g_date_time_unref);
  G_OBJECT_CLASS (isplic_background_parent_class)->finalize (object);
}

static void
isplic_background_class_init (IsplicBackgroundClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isplic_background_finalize;
}

static void
isplic_background_init (IsplicBackground *self)
{
}

IsplicBackground *
isplic_background_new (GSettings *settings)
{
  IsplicBackground *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISPLIC_TYPE_BACKGROUND, NULL);
  self->settings = g_object_ref (settings);
  return self;
}

void
isplic_background_set_now (IsplicBackground *self,
                           GDateTime        *now)
{
  g_return_if_fail (ISPLIC_IS_BACKGROUND (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

static guint
wanted_kinds (GSettings *settings)
{
  guint kinds = 0;

  if (g_settings_get_boolean (settings, "notify-expiring"))
    kinds |= ISPLIC_WATCH_EXPIRING;
  if (g_settings_get_boolean (settings, "notify-balance"))
    kinds |= ISPLIC_WATCH_BALANCE;
  if (g_settings_get_boolean (settings, "notify-orders"))
    kinds |= ISPLIC_WATCH_ORDER_READY;
  if (g_settings_get_boolean (settings, "notify-suspended"))
    kinds |= ISPLIC_WATCH_LONG_SUSPENDED;
  return kinds;
}

static void
finish_check (GTask *task)
{
  IsplicBackground *self = g_task_get_source_object (task);
  Check *check = g_task_get_task_data (task);
  g_autofree char *account = g_strdup_printf ("%s @ %s", check->user, check->url);
  g_autofree char *path = isplic_watch_default_path ();
  g_autofree char *cache = isplic_license_cache_path (check->url, check->user);
  g_autoptr(IsplicWatch) watch = isplic_watch_new (path, account);
  g_autoptr(GDateTime) now = self->now != NULL ? g_date_time_ref (self->now)
                                               : g_date_time_new_now_local ();
  GError *error = NULL;
  GPtrArray *notices;

  /* The Shell's search reads this list: keep it current. Its writing may fail quietly. */
  isplic_license_cache_save_async (cache, check->url, check->user, G_LIST_MODEL (check->licenses),
                                   NULL, NULL, NULL);
  notices = isplic_watch_check (watch, G_LIST_MODEL (check->licenses), check->balance, now,
                                g_settings_get_uint (self->settings, "expiry-warning-days"),
                                wanted_kinds (self->settings), &error);
  if (notices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, notices, (GDestroyNotify) g_ptr_array_unref);
}

static void
balance_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);

  /* Optional (§10): without a balance the other notices are still given. */
  check->balance = isplic_client_get_balance_finish (ISPLIC_CLIENT (source), result, NULL);
  if (g_task_return_error_if_cancelled (task))
    return;
  finish_check (task);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GPtrArray) licenses = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  if (licenses == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  check->licenses = g_list_store_new (ISPLIC_TYPE_LICENSE);
  g_list_store_splice (check->licenses, 0, 0, licenses->pdata, licenses->len);
  cancellable = g_task_get_cancellable (task);
  isplic_client_get_balance_async (check->client, cancellable, balance_cb,
                                   g_steal_pointer (&task));
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;
  char *password = isplic_account_lookup_password_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (password == NULL || *password == '\0')
    {
      if (password != NULL)
        isplic_account_password_free (password);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No remembered password: sign in once with “Remember” on"));
      return;
    }
  check->client = isplic_client_new (check->url, check->user, password);
  isplic_account_password_free (password);
  cancellable = g_task_get_cancellable (task);
  isplic_client_list_async (check->client, cancellable, list_cb, g_steal_pointer (&task));
}

void
isplic_background_check_async (IsplicBackground    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  g_return_if_fail (ISPLIC_IS_BACKGROUND (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_background_check_async);
  check = g_new0 (Check, 1);
  check->url = g_settings_get_string (self->settings, "server-url");
  check->user = g_settings_get_string (self->settings, "user");
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  if (*check->url == '\0' || *check->user == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No account to check"));
      return;
    }
  isplic_account_lookup_password_async (check->url, check->user, cancellable, password_cb,
                                        g_steal_pointer (&task));
}

GPtrArray *
isplic_background_check_finish (IsplicBackground  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
isplic_background_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

gboolean
isplic_background_set_autostart (gboolean   enabled,
                                 GError   **error)
{
  g_autofree char *path = isplic_background_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;

  if (!enabled)
    return isplic_remove_file (path, error);

  contents = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=IspLic\n"
                              "Comment=%s\n"
                              "Icon=" APP_ID "\n"
                              "Exec=isplic --background\n"
                              "NoDisplay=true\n"
                              "X-GNOME-Autostart-enabled=true\n",
                              _("Checks your ispmanager licenses in the background"));
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                   error);
}
