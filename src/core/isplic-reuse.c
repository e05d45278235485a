/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "isplic-reuse.h"
#include "isplic-util.h"

GDateTime *
isplic_license_next_ip_change (IsplicLicense *license,
                               GDateTime     *now)
{
  GDateTime *last;
  g_autoptr(GDateTime) next = NULL;

  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  last = isplic_license_get_ip_change_date (license);
  if (last == NULL)
    return NULL;
  next = g_date_time_add_days (last, ISPLIC_REUSE_IP_DAYS);
  if (next == NULL || g_date_time_compare (next, now) <= 0)
    return NULL;
  return g_steal_pointer (&next);
}

static int
more_paid_first (gconstpointer a,
                 gconstpointer b)
{
  return -isplic_license_compare_expires (*(IsplicLicense **) a, *(IsplicLicense **) b);
}

GPtrArray *
isplic_reuse_candidates (GListModel *licenses,
                         const char *tariff_id,
                         GDateTime  *now)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (G_IS_LIST_MODEL (licenses), candidates);
  g_return_val_if_fail (now != NULL, candidates);

  if (tariff_id == NULL)
    return candidates;
  for (guint i = 0; i < g_list_model_get_n_items (licenses); i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (licenses, i);
      GDateTime *expires = isplic_license_get_expires (license);

      if (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_SUSPENDED
          && g_strcmp0 (isplic_license_get_tariff_id (license), tariff_id) == 0
          && expires != NULL && g_date_time_compare (expires, now) > 0)
        g_ptr_array_add (candidates, g_steal_pointer (&license));
    }
  g_ptr_array_sort (candidates, more_paid_first);
  return candidates;
}

typedef struct
{
  char *id;
} ReuseData;

static void
reuse_data_free (ReuseData *data)
{
  g_free (data->id);
  g_free (data);
}

static void
resume_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!isplic_client_resume_finish (ISPLIC_CLIENT (source), result, &error))
    {
      /* The edit is done and stays done: say so, so that nobody edits it again. */
      g_prefix_error (&error, _("The new IP address and name were saved, but the license was "
                                "not resumed: "));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
edit_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReuseData *data = g_task_get_task_data (task);
  const char *ids[] = { data->id, NULL };
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!isplic_client_edit_finish (ISPLIC_CLIENT (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  isplic_client_resume_async (ISPLIC_CLIENT (source), ids, cancellable, resume_cb,
                              g_steal_pointer (&task));
}

void
isplic_client_reuse_async (IsplicClient        *self,
                           const char          *id,
                           const char          *ip,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReuseData *data;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_reuse_async);
  if (!isplic_id_is_valid (id) || ip == NULL || !isplic_ip_is_valid (ip))
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                               _("A license number and a valid IP address are needed"));
      return;
    }
  data = g_new0 (ReuseData, 1);
  data->id = g_strdup (id);
  g_task_set_task_data (task, data, (GDestroyNotify) reuse_data_free);
  isplic_client_edit_async (self, id, name, ip, cancellable, edit_cb, g_steal_pointer (&task));
}

gboolean
isplic_client_reuse_finish (IsplicClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
