/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isplic-license-list.h"
#include "isplic-util.h"

struct _IsplicLicenseList
{
  GObject parent_instance;

  IsplicClient *client;       /* owned, nullable */
  GPtrArray *items;           /* owned: IsplicLicense, in the server's order */
  GHashTable *by_id;          /* owned: id → IsplicLicense, both borrowed from @items */
  GError *error;              /* owned, nullable */
  GDateTime *last_refresh;    /* owned, nullable */
  GPtrArray *waiting;         /* owned, nullable: GTasks joined to the running refresh */
  GCancellable *cancellable;  /* owned, nullable: the running refresh */
  struct _Reconcile *reconcile;  /* owned, nullable: a list being merged in slices (a refresh's or
                                  * an update's) */
  GSource *reconcile_source;     /* owned, nullable */
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
static void drop_reconcile (IsplicLicenseList *self);
static void finish_reconcile_now (IsplicLicenseList *self);
static gboolean reconcile_is_update (struct _Reconcile *rc);

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
  drop_reconcile (self);
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

  if (self->reconcile != NULL && !reconcile_is_update (self->reconcile))
    drop_reconcile (self);
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

/* The refresh is over: tell everyone who waited. @error NULL for success. */
static void
complete_refresh (IsplicLicenseList *self,
                  GPtrArray         *waiting,
                  const GError      *error)
{
  if (error == NULL)
    {
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
      if (error == NULL)
        g_task_return_boolean (waiter->task, TRUE);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
      waiter_free (waiter);
    }
}

static void start_reconcile (IsplicLicenseList *self, GPtrArray *licenses);

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

  if (licenses != NULL)
    {
      /* Merging a big list in one go would stall the main loop: it goes in slices, and the
       * waiters hear of it when it is done. */
      start_reconcile (self, licenses);
      goto out;
    }

  waiting = g_steal_pointer (&self->waiting);
  g_clear_object (&self->cancellable);
  complete_refresh (self, waiting, error);

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
  if (self->waiting != NULL && self->reconcile == NULL &&
      g_cancellable_is_cancelled (self->cancellable))
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
/* Work per main-loop slice when merging a refresh. */
#define SLICE_USEC 4000
/* Below this many items a refresh is merged at once. */
#define SLICE_THRESHOLD 4096

typedef struct
{
  guint old_start;
  guint removed;
  guint new_start;
  guint added;
} ChangeRun;

typedef struct _Reconcile
{
  GTask *task;             /* owned, nullable: isplic_license_list_update_async()'s; NULL for a
                            * refresh's merge, whose waiters are the list's */
  GPtrArray *incoming;     /* owned: the new licenses */
  gboolean owns_incoming;  /* the array is ours: slots are dropped as they are merged */
  GPtrArray *next;         /* owned: the new content; pointers borrowed from the old items
                            * (kept licenses) or from @fresh (new ones) */
  GPtrArray *fresh;        /* owned: a reference to each license new to the list */
  GHashTable *next_by_id;  /* owned: id → license in @next */
  GArray *runs;            /* owned: ChangeRun */
  ChangeRun run;           /* the run being collected in phase 2 */
  gboolean run_open;
  guint pos;               /* phase 1: position in @incoming */
  guint i, j;              /* phase 2: positions in the old items and in @next */
  gboolean matched;        /* phase 1 done */
  gboolean compared;       /* phase 2 done */
  gboolean in_order;
} Reconcile;

static Reconcile *
reconcile_new (GPtrArray *licenses,
               gboolean   take)
{
  Reconcile *rc = g_new0 (Reconcile, 1);

  rc->incoming = g_ptr_array_ref (licenses);
  if (take)
    {
      /* Freeing 100,000 duplicates at the end would stall the main loop for as long as the
       * merge itself: each is released in the slice that merges it. */
      g_ptr_array_set_free_func (rc->incoming, NULL);
      rc->owns_incoming = TRUE;
    }
  rc->next = g_ptr_array_sized_new (licenses->len);
  rc->fresh = g_ptr_array_new_with_free_func (g_object_unref);
  rc->next_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  rc->runs = g_array_new (FALSE, FALSE, sizeof (ChangeRun));
  rc->in_order = TRUE;
  return rc;
}

static gboolean
reconcile_is_update (Reconcile *rc)
{
  return rc->task != NULL;
}

static void
reconcile_free (Reconcile *rc)
{
  if (rc->task != NULL)
    {
      g_task_return_new_error (rc->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Operation was cancelled");
      g_clear_object (&rc->task);
    }
  if (rc->owns_incoming)
    for (guint i = rc->pos; i < rc->incoming->len; i++)
      g_clear_object ((IsplicLicense **) &rc->incoming->pdata[i]);
  g_clear_pointer (&rc->incoming, g_ptr_array_unref);
  g_clear_pointer (&rc->next, g_ptr_array_unref);
  g_clear_pointer (&rc->fresh, g_ptr_array_unref);
  g_clear_pointer (&rc->next_by_id, g_hash_table_unref);
  g_clear_pointer (&rc->runs, g_array_unref);
  g_free (rc);
}

static inline gboolean
past_deadline (gint64  deadline,
               guint  *counter)
{
  return deadline != 0 && (++*counter & 127) == 0 && g_get_monotonic_time () > deadline;
}

/* Does a share of the work; TRUE when everything is computed. @deadline 0: no limit. Nothing
 * here changes the model's content (existing licenses are updated in place, which is not a
 * change of the list). */
static gboolean
reconcile_step (IsplicLicenseList *self,
                Reconcile         *rc,
                gint64             deadline)
{
  guint n_old = self->items->len;
  guint counter = 0;

  /* Phase 1: the new content, reusing the existing objects (identity kept, updated in place). */
  while (!rc->matched)
    {
      IsplicLicense *license;
      IsplicLicense *existing;
      const char *id;

      if (rc->pos == rc->incoming->len)
        {
          rc->matched = TRUE;
          break;
        }
      if (past_deadline (deadline, &counter))
        return FALSE;

      license = g_ptr_array_index (rc->incoming, rc->pos);
      if (rc->owns_incoming)
        rc->incoming->pdata[rc->pos] = NULL;  /* the reference is now ours */
      else if (license != NULL)
        g_object_ref (license);
      rc->pos++;

      if (license == NULL)
        continue;
      id = isplic_license_get_id (license);
      if (g_hash_table_contains (rc->next_by_id, id))
        {
          g_object_unref (license);
          continue;
        }
      existing = g_hash_table_lookup (self->by_id, id);
      if (existing != NULL)
        {
          isplic_license_update_from (existing, license);
          g_object_unref (license);
          license = existing;
        }
      else
        g_ptr_array_add (rc->fresh, license);
      g_ptr_array_add (rc->next, license);
      g_hash_table_insert (rc->next_by_id, (gpointer) isplic_license_get_id (license), license);
    }

  /* Phase 2: runs of removals and insertions between licenses kept in the same order. */
  if (!rc->compared && n_old == 0)
    {
      ChangeRun run = { 0, 0, 0, rc->next->len };

      if (run.added > 0)
        g_array_append_val (rc->runs, run);
      rc->compared = TRUE;
    }
  while (!rc->compared)
    {
      guint n_new = rc->next->len;
      IsplicLicense *old_item = rc->i < n_old ? g_ptr_array_index (self->items, rc->i) : NULL;
      IsplicLicense *new_item = rc->j < n_new ? g_ptr_array_index (rc->next, rc->j) : NULL;

      if (past_deadline (deadline, &counter))
        return FALSE;

      if (old_item != NULL &&
          !g_hash_table_contains (rc->next_by_id, isplic_license_get_id (old_item)))
        {
          /* removed */
          if (!rc->run_open)
            rc->run = (ChangeRun) { rc->i, 0, rc->j, 0 }, rc->run_open = TRUE;
          rc->i++;
          continue;
        }
      if (new_item != NULL &&
          !g_hash_table_contains (self->by_id, isplic_license_get_id (new_item)))
        {
          /* inserted */
          if (!rc->run_open)
            rc->run = (ChangeRun) { rc->i, 0, rc->j, 0 }, rc->run_open = TRUE;
          rc->j++;
          continue;
        }
      if (rc->run_open)
        {
          rc->run.removed = rc->i - rc->run.old_start;
          rc->run.added = rc->j - rc->run.new_start;
          g_array_append_val (rc->runs, rc->run);
          rc->run_open = FALSE;
        }
      if (old_item == NULL && new_item == NULL)
        {
          rc->compared = TRUE;
          break;
        }
      if (old_item != new_item)
        {
          /* a kept license moved (or one side ran out of kept ones): not in order */
          rc->in_order = FALSE;
          rc->compared = TRUE;
          break;
        }
      rc->i++;
      rc->j++;
    }
  return TRUE;
}

/* Replaces @removed items at @position with @n_added new ones (a reference is taken). */
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
      g_ptr_array_set_free_func (items, NULL);
      g_ptr_array_set_size (items, old_len + n_added - removed);
      g_ptr_array_set_free_func (items, g_object_unref);
    }
}

/* Makes the computed content the model's, in as few items-changed emissions as possible. */
static void
reconcile_apply (IsplicLicenseList *self,
                 Reconcile         *rc)
{
  g_autoptr(GHashTable) old_by_id = NULL;
  guint n_old = self->items->len;
  guint n_new = rc->next->len;

  g_assert (rc->matched && rc->compared);

  old_by_id = self->by_id;
  self->by_id = g_steal_pointer (&rc->next_by_id);

  if (rc->in_order && n_old == 0)
    {
      /* A first fill: the new array becomes the model's, with the references of @fresh. */
      g_ptr_array_unref (self->items);
      self->items = g_steal_pointer (&rc->next);
      g_ptr_array_set_free_func (self->items, g_object_unref);
      g_ptr_array_set_free_func (rc->fresh, NULL);
      g_clear_pointer (&rc->fresh, g_ptr_array_unref);
      if (n_new > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_new);
    }
  else if (rc->in_order && rc->runs->len <= MAX_RUNS)
    {
      int offset = 0;

      for (guint r = 0; r < rc->runs->len; r++)
        {
          ChangeRun *run = &g_array_index (rc->runs, ChangeRun, r);
          guint position = run->old_start + offset;

          replace_range (self->items, position, run->removed, rc->next->pdata + run->new_start,
                         run->added);
          g_list_model_items_changed (G_LIST_MODEL (self), position, run->removed, run->added);
          offset += (int) run->added - (int) run->removed;
        }
    }
  else
    {
      g_autoptr(GPtrArray) old_items = self->items;
      guint prefix = 0, suffix = 0;

      while (prefix < n_old && prefix < n_new &&
             g_ptr_array_index (old_items, prefix) == g_ptr_array_index (rc->next, prefix))
        prefix++;
      while (suffix < n_old - prefix && suffix < n_new - prefix &&
             g_ptr_array_index (old_items, n_old - 1 - suffix) ==
             g_ptr_array_index (rc->next, n_new - 1 - suffix))
        suffix++;

      /* The kept licenses' references move with them; the new ones' come from @fresh; the
       * removed ones' go when @old_items does, after the change is announced. */
      self->items = g_steal_pointer (&rc->next);
      g_ptr_array_set_free_func (self->items, g_object_unref);
      g_ptr_array_set_free_func (rc->fresh, NULL);
      g_clear_pointer (&rc->fresh, g_ptr_array_unref);
      g_ptr_array_set_free_func (old_items, NULL);
      if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                    n_old - prefix - suffix, n_new - prefix - suffix);
      for (guint i = 0; i < n_old; i++)
        {
          IsplicLicense *item = g_ptr_array_index (old_items, i);

          if (!g_hash_table_contains (self->by_id, isplic_license_get_id (item)))
            g_object_unref (item);
        }
    }

  g_assert (self->items->len == n_new);
  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
drop_reconcile (IsplicLicenseList *self)
{
  if (self->reconcile_source != NULL)
    {
      g_source_destroy (self->reconcile_source);
      g_clear_pointer (&self->reconcile_source, g_source_unref);
    }
  g_clear_pointer (&self->reconcile, reconcile_free);
}

/* The refresh's merge is done: apply it and answer the waiters. */
static void
end_reconcile (IsplicLicenseList *self)
{
  Reconcile *rc = g_steal_pointer (&self->reconcile);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->reconcile_source != NULL)
    {
      g_source_destroy (self->reconcile_source);
      g_clear_pointer (&self->reconcile_source, g_source_unref);
    }
  reconcile_apply (self, rc);
  task = g_steal_pointer (&rc->task);
  reconcile_free (rc);

  /* An update's merge: not a refresh, whose waiters and state are untouched. */
  if (task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiting = g_steal_pointer (&self->waiting);
  g_clear_object (&self->cancellable);
  complete_refresh (self, waiting, NULL);
}

static gboolean
reconcile_slice_cb (gpointer user_data)
{
  IsplicLicenseList *self = user_data;

  /* An update whose cancellable fired: told so, and dropped (this source with it). */
  if (reconcile_is_update (self->reconcile)
      && g_task_return_error_if_cancelled (self->reconcile->task))
    {
      g_clear_object (&self->reconcile->task);
      drop_reconcile (self);
      return G_SOURCE_REMOVE;
    }
  if (!reconcile_step (self, self->reconcile, g_get_monotonic_time () + SLICE_USEC))
    return G_SOURCE_CONTINUE;
  end_reconcile (self);
  return G_SOURCE_REMOVE;
}

/* Merges self->reconcile in slices of the main loop, or at once when the lists are small. */
static void
run_reconcile (IsplicLicenseList *self)
{
  if (self->reconcile->incoming->len + self->items->len < SLICE_THRESHOLD)
    {
      reconcile_step (self, self->reconcile, 0);
      end_reconcile (self);
      return;
    }

  self->reconcile_source = g_idle_source_new ();
  g_source_set_priority (self->reconcile_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_name (self->reconcile_source, "[isplic] license list merge");
  g_source_set_callback (self->reconcile_source, reconcile_slice_cb, self, NULL);
  g_source_attach (self->reconcile_source, g_main_context_get_thread_default ());
}

static void
start_reconcile (IsplicLicenseList *self,
                 GPtrArray         *licenses)
{
  /* An update still being merged goes first. */
  finish_reconcile_now (self);
  self->reconcile = reconcile_new (licenses, TRUE);
  run_reconcile (self);
}

/* A direct change while a refresh is being merged: finish that merge first, so that the changes
 * apply in the order they were asked for. */
static void
finish_reconcile_now (IsplicLicenseList *self)
{
  if (self->reconcile == NULL)
    return;
  reconcile_step (self, self->reconcile, 0);
  end_reconcile (self);
}

void
isplic_license_list_update (IsplicLicenseList *self,
                            GPtrArray         *licenses)
{
  Reconcile *rc;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));
  g_return_if_fail (licenses != NULL);

  finish_reconcile_now (self);

  rc = reconcile_new (licenses, FALSE);
  reconcile_step (self, rc, 0);
  reconcile_apply (self, rc);
  reconcile_free (rc);
}

void
isplic_license_list_update_async (IsplicLicenseList   *self,
                                  GPtrArray           *licenses,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));
  g_return_if_fail (licenses != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_license_list_update_async);
  finish_reconcile_now (self);
  if (g_task_return_error_if_cancelled (task))
    return;
  self->reconcile = reconcile_new (licenses, FALSE);
  self->reconcile->task = g_steal_pointer (&task);
  run_reconcile (self);
}

gboolean
isplic_license_list_update_finish (IsplicLicenseList  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        isplic_license_list_update_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
isplic_license_list_clear (IsplicLicenseList *self)
{
  guint old_len;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));

  abort_refresh (self);
  /* An update being merged is dropped with the rest. */
  drop_reconcile (self);

  old_len = self->items->len;
  if (old_len == 0)
    return;
  g_hash_table_remove_all (self->by_id);
  /* The licenses are let go of over the next iterations (100,000 take ~50 ms). */
  isplic_release_in_slices (g_steal_pointer (&self->items));
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
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

IsplicLicense *
isplic_license_list_peek (IsplicLicenseList *self,
                          guint              position)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_LIST (self), NULL);

  return position < self->items->len ? g_ptr_array_index (self->items, position) : NULL;
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
