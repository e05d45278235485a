/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicSession: the last list of the account kept for the next start (isplic-license-cache.h),
 * saved after each refresh and shown, stale, at restore until the refresh lands. */
#include "config.h"

#include <glib/gstdio.h>

#include "isplic-session-private.h"

void
isplic_session_set_stale (IsplicSession *self,
                          gboolean       stale,
                          GDateTime     *saved_time)
{
  gboolean time_changed = saved_time != self->saved_time;

  if (time_changed)
    {
      g_clear_pointer (&self->saved_time, g_date_time_unref);
      self->saved_time = saved_time ? g_date_time_ref (saved_time) : NULL;
      g_object_notify (G_OBJECT (self), "saved-time");
    }
  if (!stale)
    isplic_session_set_cache_partial (self, FALSE);
  if (self->stale != stale)
    {
      self->stale = stale;
      g_object_notify (G_OBJECT (self), "stale");
    }
}

/* A cache shown at start that no sign-in will bring up to date: taken off the screen. */
void
isplic_session_drop_stale (IsplicSession *self)
{
  if (self->cache_cancellable != NULL)
    g_cancellable_cancel (self->cache_cancellable);
  g_clear_object (&self->cache_cancellable);
  if (!self->stale)
    return;
  isplic_license_list_clear (self->licenses);
  isplic_session_set_stale (self, FALSE, NULL);
}

typedef struct
{
  IsplicSession *self; /* owned */
  char *path;          /* owned */
  guint forget_serial;
} SaveData;

static void
save_cache_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(IsplicSession) self = data->self;
  g_autofree char *path = data->path;
  g_autoptr(GError) error = NULL;
  guint data_forget_serial = data->forget_serial;

  g_free (data);
  if (!isplic_license_cache_save_finish (result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not keep the list for the next start: %s", error->message);

  /* Signed out while the file was written (a cancelled write may have ended all the same): it
   * goes with the account. Switching to another account keeps it. */
  if (self->forget_serial != data_forget_serial)
    isplic_license_cache_remove (path, NULL);
}

/* After each refresh: the list as it is now, for the next start. Not in demo mode: the demo's
 * server lives only as long as the app. */
void
isplic_session_save_cache (IsplicSession *self)
{
  const char *url, *user;
  SaveData *data;

  if (self->client == NULL || self->demo)
    return;
  url = isplic_client_get_base_url (self->client);
  user = isplic_client_get_user (self->client);
  g_free (self->cache_path);
  self->cache_path = isplic_license_cache_path (url, user);
  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->path = g_strdup (self->cache_path);
  data->forget_serial = self->forget_serial;
  isplic_license_cache_save_async (self->cache_path, url, user, G_LIST_MODEL (self->licenses),
                                   self->cancellable, save_cache_cb, data);
}

typedef struct
{
  IsplicSession *self;  /* owned */
  GDateTime *saved;     /* owned, nullable */
} MergeData;

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MergeData *data = user_data;
  IsplicSession *self = data->self;

  /* Dropped: signed out, or the list cleared. */
  if (isplic_license_list_update_finish (ISPLIC_LICENSE_LIST (source), result, NULL)
      && self->cache_partial)
    {
      isplic_session_set_cache_partial (self, FALSE);
      if (!self->refreshed)
        isplic_session_set_stale (self, TRUE, data->saved);
    }
  g_clear_pointer (&data->saved, g_date_time_unref);
  g_object_unref (data->self);
  g_free (data);
}

/* Shows a kept list read at start: the whole of it, or (@partial) the head of a long one. */
static void
show_cache (IsplicSession *self,
            GPtrArray     *licenses,
            GDateTime     *saved,
            GError        *error,
            gboolean       partial)
{
  if (licenses == NULL)
    {
      /* None, or refused (corrupt, another account, another version): never shown. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_message ("The list kept from the last start is not used: %s", error->message);
      /* Nor what its head showed. */
      if (!partial && self->cache_partial && !self->refreshed)
        {
          isplic_session_set_cache_partial (self, FALSE);
          isplic_license_list_clear (self->licenses);
          isplic_session_set_stale (self, FALSE, NULL);
        }
      return;
    }

  /* Too late: the server's list is there already. A head on show is replaced. */
  if (self->refreshed
      || (g_list_model_get_n_items (G_LIST_MODEL (self->licenses)) > 0 && !self->cache_partial))
    return;

  /* The whole of a long list, after its head: merged in slices, the head stays on show (and
   * marked so) until it is done. Signing out or dropping the stale list clears the list, which
   * drops the merge. */
  if (!partial && self->cache_partial)
    {
      MergeData *data = g_new0 (MergeData, 1);

      data->self = g_object_ref (self);
      data->saved = saved != NULL ? g_date_time_ref (saved) : NULL;
      isplic_license_list_update_async (self->licenses, licenses, NULL, merged_cb, data);
      return;
    }
  isplic_session_set_cache_partial (self, partial);
  isplic_license_list_update (self->licenses, licenses);
  isplic_session_set_stale (self, TRUE, saved);
}

gboolean
isplic_session_get_cache_partial (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  return self->cache_partial;
}

gboolean
isplic_session_get_reading_cache (IsplicSession *self)
{
  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  return self->cache_thread != NULL;
}

void
isplic_session_set_cache_sync_max (IsplicSession *self,
                                   gsize          size)
{
  g_return_if_fail (ISPLIC_IS_SESSION (self));
  self->cache_sync_max = size;
}

static void
load_cache_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(IsplicSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) saved = NULL;
  g_autoptr(GPtrArray) licenses = isplic_license_cache_load_finish (result, &saved, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cache_cancellable);
  show_cache (self, licenses, saved, error, FALSE);
}

typedef struct
{
  char *path;
  char *url;
  char *user;
  gboolean head;     /* the head of a long list */
  gint64 started;
  gint64 loaded;
  GPtrArray *licenses;
  GDateTime *saved;
  GError *error;
} CacheJob;

static void
cache_job_free (CacheJob *job)
{
  g_free (job->path);
  g_free (job->url);
  g_free (job->user);
  g_clear_pointer (&job->licenses, g_ptr_array_unref);
  g_clear_pointer (&job->saved, g_date_time_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static gpointer
cache_thread_func (gpointer data)
{
  CacheJob *job = data;

  job->licenses = isplic_license_cache_load (job->path, job->url, job->user, &job->saved,
                                             &job->error);
  job->loaded = g_get_monotonic_time ();
  return job;
}

void
isplic_session_join_cache_load (IsplicSession *self,
                                gboolean       show)
{
  CacheJob *job;
  gint64 joining, joined;

  g_clear_handle_id (&self->cache_idle_id, g_source_remove);
  if (self->cache_thread == NULL)
    return;
  joining = g_get_monotonic_time ();
  job = g_thread_join (g_steal_pointer (&self->cache_thread));
  joined = g_get_monotonic_time ();
  if (show)
    show_cache (self, job->licenses, job->saved, job->error, job->head);
  isplic_session_notify_reading_cache (self);
  g_debug ("The kept list: read in %.1f ms in a thread (the main thread waited %.1f ms), "
           "shown in %.1f ms", (job->loaded - job->started) / 1000.0,
           (joined - joining) / 1000.0, (g_get_monotonic_time () - joined) / 1000.0);
  cache_job_free (job);
}

static gboolean
join_cache_idle_cb (gpointer user_data)
{
  IsplicSession *self = user_data;

  self->cache_idle_id = 0;
  isplic_session_join_cache_load (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Reads @path in a thread, to be shown in the next main-loop iteration, before the window's
 * first frame: the parse overlaps with realizing and mapping the window. */
static void
read_before_first_frame (IsplicSession *self,
                         const char    *path,
                         const char    *url,
                         const char    *user,
                         gboolean       head)
{
  CacheJob *job = g_new0 (CacheJob, 1);

  job->path = g_strdup (path);
  job->url = g_strdup (url);
  job->user = g_strdup (user);
  job->head = head;
  job->started = g_get_monotonic_time ();
  self->cache_thread = g_thread_new ("isplic-cache", cache_thread_func, job);
  /* Before any event or frame: the list is on screen at the first paint. */
  self->cache_idle_id = g_idle_add_full (G_PRIORITY_HIGH, join_cache_idle_cb, self, NULL);
  isplic_session_notify_reading_cache (self);
}

/* At start, before the password is even looked up: the account's last list, marked stale.
 * A small file (up to 4 MiB, ~30,000 licenses) is read whole before the first frame; a longer
 * one in a worker thread, its head (the first ISPLIC_LICENSE_CACHE_HEAD licenses, a file of its
 * own) before the first frame, so that the top of the list is there at the first paint. */
void
isplic_session_load_cache (IsplicSession *self,
                           const char    *url,
                           const char    *user)
{
  g_autofree char *head_path = NULL;
  GStatBuf st;

  isplic_session_join_cache_load (self, FALSE);
  g_free (self->cache_path);
  self->cache_path = isplic_license_cache_path (url, user);
  g_clear_object (&self->cache_cancellable);
  isplic_session_set_cache_partial (self, FALSE);
  if (g_stat (self->cache_path, &st) != 0)
    return;
  if ((gsize) st.st_size <= self->cache_sync_max)
    {
      read_before_first_frame (self, self->cache_path, url, user, FALSE);
      return;
    }
  head_path = isplic_license_cache_head_path (self->cache_path);
  read_before_first_frame (self, head_path, url, user, TRUE);
  self->cache_cancellable = g_cancellable_new ();
  isplic_license_cache_load_async (self->cache_path, url, user, self->cache_cancellable,
                                   load_cache_cb, g_object_ref (self));
}

/* Whether the cache on show is that of this account. */
gboolean
isplic_session_is_cache_account (IsplicSession *self,
                                 const char    *url,
                                 const char    *user)
{
  g_autofree char *path = isplic_license_cache_path (url, user);

  return g_strcmp0 (path, self->cache_path) == 0;
}
