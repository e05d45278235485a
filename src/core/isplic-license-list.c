/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isplic-license-list.h"

struct _IsplicLicenseList
{
  GObject parent_instance;

  IsplicClient *client;       /* owned, nullable */
  GPtrArray *items;           /* owned: IsplicLicense, in the server's order */
  GHashTable *by_id;          /* owned: id (borrowed from the license) → IsplicLicense (borrowed) */
  GError *error;              /* owned, nullable */
  GDateTime *last_refresh;    /* owned, nullable */
  GPtrArray *waiting;         /* owned, nullable: GTasks joined to the running refresh */
  GCancellable *cancellable;  /* owned, nullable: the running refresh */
  guint serial;               /* bumped by set_client/clear: stale refresh results are dropped */
};

static void isplic_license_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IsplicLicenseList, isplic_license_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      isplic_license_list_model_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_LOADING,
  PROP_ERROR,
  PROP_LAST_REFRESH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void abort_refresh (IsplicLicenseList *self);

static GType
isplic_license_list_get_item_type (GListModel *model)
{
  return ISPLIC_TYPE_LICENSE;
}

static guint
isplic_license_list_get_n_items (GListModel *model)
{
  return ISPLIC_LICENSE_LIST (model)->items->len;
}

static gpointer
isplic_license_list_get_item (GListModel *model,
                              guint       position)
{
  IsplicLicenseList *self = ISPLIC_LICENSE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
isplic_license_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = isplic_license_list_get_item_type;
  iface->get_n_items = isplic_license_list_get_n_items;
  iface->get_item = isplic_license_list_get_item;
}

static void
isplic_license_list_dispose (GObject *object)
{
  IsplicLicenseList *self = ISPLIC_LICENSE_LIST (object);

  abort_refresh (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_license_list_parent_class)->dispose (object);
}

static void
isplic_license_list_finalize (GObject *object)
{
  IsplicLicenseList *self = ISPLIC_LICENSE_LIST (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->last_refresh, g_date_time_unref);

  G_OBJECT_CLASS (isplic_license_list_parent_class)->finalize (object);
}

static void
isplic_license_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsplicLicenseList *self = ISPLIC_LICENSE_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, isplic_license_list_get_loading (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_LAST_REFRESH:
      g_value_set_boxed (value, self->last_refresh);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_license_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IsplicLicenseList *self = ISPLIC_LICENSE_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      isplic_license_list_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_license_list_class_init (IsplicLicenseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_license_list_dispose;
  object_class->finalize = isplic_license_list_finalize;
  object_class->get_property = isplic_license_list_get_property;
  object_class->set_property = isplic_license_list_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, ISPLIC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_REFRESH] =
    g_param_spec_boxed ("last-refresh", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isplic_license_list_init (IsplicLicenseList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

IsplicLicenseList *
isplic_license_list_new (IsplicClient *client)
{
  g_return_val_if_fail (client == NULL || ISPLIC_IS_CLIENT (client), NULL);

  return g_object_new (ISPLIC_TYPE_LICENSE_LIST, "client", client, NULL);
}

IsplicClient *
isplic_license_list_get_client (IsplicLicenseList *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), NULL);
  return self->client;
}

void
isplic_license_list_set_client (IsplicLicenseList *self,
                                IsplicClient      *client)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));
  g_return_if_fail (client == NULL || ISPLIC_IS_CLIENT (client));

  if (self->client == client)
    return;
  /* What the old account was fetching does not belong to the new one. */
  abort_refresh (self);
  g_set_object (&self->client, client);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

gboolean
isplic_license_list_get_loading (IsplicLicenseList *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), FALSE);
  return self->waiting != NULL;
}

const GError *
isplic_license_list_get_error (IsplicLicenseList *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), NULL);
  return self->error;
}

GDateTime *
isplic_license_list_get_last_refresh (IsplicLicenseList *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), NULL);
  return self->last_refresh;
}

/* ------------------------------------------------------------------------------------------ */
/* Refresh                                                                                     */

typedef struct
{
  IsplicLicenseList *self;  /* borrowed: the task holds a reference */
  GTask *task;              /* owned */
  GSource *cancel_source;   /* owned, nullable */
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
notify_loading (IsplicLicenseList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Ends the running refresh: its waiters complete with G_IO_ERROR_CANCELLED and its result,
 * when it comes, is dropped. */
static void
abort_refresh (IsplicLicenseList *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (self->waiting == NULL)
    return;

  waiting = g_steal_pointer (&self->waiting);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  notify_loading (self);

  for (guint i = 0; i < waiting->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiting, i);
      g_task_return_new_error (waiter->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Operation was cancelled");
      waiter_free (waiter);
    }
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  IsplicLicenseList *self = waiter->self;

  if (self->waiting == NULL || !g_ptr_array_remove_fast (self->waiting, waiter))
    return G_SOURCE_REMOVE;

  g_task_return_new_error (waiter->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "Operation was cancelled");
  /* Destroying our own source from its callback is allowed; waiter_free does it. */
  waiter_free (waiter);

  /* Nobody waits any more: stop the network work too. */
  if (self->waiting->len == 0 && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  IsplicLicenseList *self;    /* owned */
  GCancellable *cancellable;  /* owned: identifies the run */
} Run;

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  IsplicLicenseList *self = run->self;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;

  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);

  /* A stale run: aborted by set_client() or clear(), its waiters already answered. */
  if (run->cancellable != self->cancellable)
    goto out;

  waiting = g_steal_pointer (&self->waiting);
  g_clear_object (&self->cancellable);

  if (licenses != NULL)
    {
      isplic_license_list_update (self, licenses);
      if (self->error != NULL)
        {
          g_clear_error (&self->error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        }
      g_clear_pointer (&self->last_refresh, g_date_time_unref);
      self->last_refresh = g_date_time_new_now_local ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_REFRESH]);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  notify_loading (self);

  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiting, i);

      if (waiter->cancel_source != NULL)
        {
          g_source_destroy (waiter->cancel_source);
          g_clear_pointer (&waiter->cancel_source, g_source_unref);
        }
      if (licenses != NULL)
        g_task_return_boolean (waiter->task, TRUE);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
      waiter_free (waiter);
    }

out:
  g_object_unref (run->self);
  g_object_unref (run->cancellable);
  g_free (run);
}

void
isplic_license_list_refresh_async (IsplicLicenseList   *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_license_list_refresh_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "The license list has no client");
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Operation was cancelled");
      return;
    }

  /* Everyone left the running refresh and it is winding down: start afresh rather than join
   * a run that can only end in "cancelled". */
  if (self->waiting != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&self->waiting, g_ptr_array_unref);
      g_clear_object (&self->cancellable);
    }

  waiter = g_new0 (Waiter, 1);
  waiter->self = self;
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (waiter->task));
    }

  if (self->waiting == NULL)
    {
      Run *run = g_new0 (Run, 1);

      self->waiting = g_ptr_array_new ();
      self->cancellable = g_cancellable_new ();
      g_ptr_array_add (self->waiting, waiter);
      run->self = g_object_ref (self);
      run->cancellable = g_object_ref (self->cancellable);
      notify_loading (self);
      isplic_client_list_async (self->client, self->cancellable, refresh_cb, run);
    }
  else
    g_ptr_array_add (self->waiting, waiter);
}

gboolean
isplic_license_list_refresh_finish (IsplicLicenseList  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        isplic_license_list_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* Reconcile                                                                                   */

/* More scattered changes than this go out as one emission covering them all: each emission
 * costs a sort or filter model downstream a pass over all items. */
#define MAX_RUNS 8

typedef struct
{
  guint old_start;
  guint removed;
  guint new_start;
  guint added;
} ChangeRun;

static void
replace_range (GPtrArray  *items,
               guint       position,
               guint       removed,
               gpointer   *added,
               guint       n_added)
{
  guint old_len = items->len;
  guint tail = old_len - position - removed;

  for (guint i = 0; i < removed; i++)
    g_object_unref (g_ptr_array_index (items, position + i));

  if (n_added > removed)
    g_ptr_array_set_size (items, old_len + n_added - removed);
  memmove (items->pdata + position + n_added, items->pdata + position + removed,
           tail * sizeof (gpointer));
  for (guint i = 0; i < n_added; i++)
    items->pdata[position + i] = g_object_ref (added[i]);
  if (n_added < removed)
    {
      /* Shrink without letting the free func touch the moved pointers. */
      GDestroyNotify free_func = g_object_unref;
      g_ptr_array_set_free_func (items, NULL);
      g_ptr_array_set_size (items, old_len + n_added - removed);
      g_ptr_array_set_free_func (items, free_func);
    }
}

void
isplic_license_list_update (IsplicLicenseList *self,
                            GPtrArray         *licenses)
{
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(GHashTable) old_by_id = NULL;
  g_autoptr(GArray) runs = NULL;
  GHashTable *next_by_id;
  guint n_old, n_new;
  guint i, j;
  gboolean in_order = TRUE;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));
  g_return_if_fail (licenses != NULL);

  n_old = self->items->len;
  next = g_ptr_array_new_full (licenses->len, g_object_unref);
  next_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  /* Pass 1: the new content, reusing the existing objects (identity kept, updated in place). */
  for (i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      IsplicLicense *existing;
      const char *id;

      if (license == NULL || (id = isplic_license_get_id (license)) == NULL)
        continue;
      if (g_hash_table_contains (next_by_id, id))
        continue;
      existing = g_hash_table_lookup (self->by_id, id);
      if (existing != NULL)
        {
          isplic_license_update_from (existing, license);
          license = existing;
        }
      g_ptr_array_add (next, g_object_ref (license));
      g_hash_table_insert (next_by_id, (gpointer) isplic_license_get_id (license), license);
    }
  n_new = next->len;

  /* Pass 2: runs of removals and insertions between licenses kept in the same order. */
  runs = g_array_new (FALSE, FALSE, sizeof (ChangeRun));
  i = j = 0;
  while (i < n_old || j < n_new)
    {
      ChangeRun run = { i, 0, j, 0 };

      while (i < n_old &&
             !g_hash_table_contains (next_by_id,
                                     isplic_license_get_id (g_ptr_array_index (self->items, i))))
        i++;
      while (j < n_new &&
             !g_hash_table_contains (self->by_id,
                                     isplic_license_get_id (g_ptr_array_index (next, j))))
        j++;
      run.removed = i - run.old_start;
      run.added = j - run.new_start;
      if (run.removed > 0 || run.added > 0)
        g_array_append_val (runs, run);

      if (i < n_old && j < n_new)
        {
          if (g_ptr_array_index (self->items, i) != g_ptr_array_index (next, j))
            {
              in_order = FALSE;
              break;
            }
          i++;
          j++;
        }
      else if (i < n_old || j < n_new)
        {
          in_order = FALSE;
          break;
        }
    }

  old_by_id = self->by_id;
  self->by_id = next_by_id;

  if (in_order && runs->len <= MAX_RUNS)
    {
      int offset = 0;

      for (guint r = 0; r < runs->len; r++)
        {
          ChangeRun *run = &g_array_index (runs, ChangeRun, r);
          guint position = run->old_start + offset;

          replace_range (self->items, position, run->removed, next->pdata + run->new_start,
                         run->added);
          g_list_model_items_changed (G_LIST_MODEL (self), position, run->removed, run->added);
          offset += (int) run->added - (int) run->removed;
        }
    }
  else
    {
      guint prefix = 0, suffix = 0;
      g_autoptr(GPtrArray) old_items = self->items;

      while (prefix < n_old && prefix < n_new &&
             g_ptr_array_index (old_items, prefix) == g_ptr_array_index (next, prefix))
        prefix++;
      while (suffix < n_old - prefix && suffix < n_new - prefix &&
             g_ptr_array_index (old_items, n_old - 1 - suffix) ==
             g_ptr_array_index (next, n_new - 1 - suffix))
        suffix++;

      self->items = g_steal_pointer (&next);
      if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                    n_old - prefix - suffix, n_new - prefix - suffix);
    }

  g_assert (self->items->len == n_new);
  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
isplic_license_list_clear (IsplicLicenseList *self)
{
  guint old_len;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));

  abort_refresh (self);

  old_len = self->items->len;
  if (old_len == 0)
    return;
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

IsplicLicense *
isplic_license_list_lookup (IsplicLicenseList *self,
                            const char        *id)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

guint
isplic_license_list_find (IsplicLicenseList *self,
                          const char        *id)
{
  IsplicLicense *license;
  guint position;

  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), G_MAXUINT);

  license = isplic_license_list_lookup (self, id);
  if (license == NULL)
    return G_MAXUINT;
  if (g_ptr_array_find (self->items, license, &position))
    return position;
  return G_MAXUINT;
}
