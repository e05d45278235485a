/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicSortedModel: the licenses shown, filtered and sorted in a worker thread and put in place
 * with one items-changed (see isplic-sorted-model.h). */
#include "config.h"

#include <string.h>

#include "isplic-sorted-model.h"

#define DEFAULT_THREADED_MIN 2000

/* The licenses as the worker sees them: a copy of their keys, in the source's order. Made on
 * the main thread when the source or any license's keys changed since the last one (a search
 * keystroke or a click on a column copies nothing); never changed, shared by the jobs. */
typedef struct
{
  GPtrArray *licenses;    /* IsplicLicense (references) */
  IsplicLicenseKeyCopy *keys; /* as many as licenses */
  guint serial;           /* isplic_license_get_keys_serial() when made */
} Snapshot;

/* A request: made and freed on the main thread, computed in a worker (or at once). */
typedef struct
{
  guint generation;
  Snapshot *snapshot;     /* a reference */
  IsplicSortKey keys[ISPLIC_SORTED_MODEL_MAX_KEYS];
  guint n_keys;
  char *needle;           /* nullable */
  IsplicStatusFilter status;
  IsplicExpiryWindow window;  /* the "expiring" filter's dates */
  /* the result: positions in the snapshot, in the order shown */
  guint *order;
  guint n_order;
} Job;

struct _IsplicSortedModel
{
  GObject parent_instance;

  GListModel *source;     /* owned, nullable */
  IsplicSortKey keys[ISPLIC_SORTED_MODEL_MAX_KEYS];
  guint n_keys;
  char *needle;           /* owned, nullable */
  IsplicStatusFilter status;
  guint warning_days;
  guint threaded_min;

  Snapshot *snapshot;     /* a reference, nullable: NULL once the source changed */
  Job *shown;             /* owned, nullable: NULL passes the source through */
  guint generation;       /* of the newest request */
  gboolean pending;
  guint request_id;       /* idle that starts the worker */
  GCancellable *cancellable; /* of the worker running for the newest request */
};

static void isplic_sorted_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IsplicSortedModel, isplic_sorted_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      isplic_sorted_model_list_init))

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Snapshots and jobs */

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  for (guint i = 0; i < snapshot->licenses->len; i++)
    isplic_license_key_copy_clear (&snapshot->keys[i]);
  g_ptr_array_unref (snapshot->licenses);
  g_free (snapshot->keys);
}

static void
snapshot_unref (Snapshot *snapshot)
{
  g_atomic_rc_box_release_full (snapshot, snapshot_free);
}

static Snapshot *
snapshot_new (GListModel *source)
{
  Snapshot *snapshot = g_atomic_rc_box_new0 (Snapshot);
  guint n = source != NULL ? g_list_model_get_n_items (source) : 0;

  snapshot->serial = isplic_license_get_keys_serial ();
  snapshot->licenses = g_ptr_array_new_full (n, g_object_unref);
  snapshot->keys = g_new (IsplicLicenseKeyCopy, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      IsplicLicense *license = g_list_model_get_item (source, i);

      g_ptr_array_add (snapshot->licenses, license);
      isplic_license_copy_keys (license, &snapshot->keys[i]);
    }
  return snapshot;
}

static void
job_free (Job *job)
{
  if (job == NULL)
    return;
  snapshot_unref (job->snapshot);
  g_free (job->needle);
  g_free (job->order);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
idle_free_job_cb (gpointer data)
{
  job_free (data);
  return G_SOURCE_REMOVE;
}

static gboolean
is_active (IsplicSortedModel *self)
{
  return self->n_keys > 0 || self->needle != NULL || self->status != ISPLIC_STATUS_FILTER_ALL;
}

/* Main thread. */
static Job *
job_new (IsplicSortedModel *self)
{
  Job *job = g_new0 (Job, 1);

  if (self->snapshot != NULL && self->snapshot->serial != isplic_license_get_keys_serial ())
    g_clear_pointer (&self->snapshot, snapshot_unref);
  if (self->snapshot == NULL)
    self->snapshot = snapshot_new (self->source);

  job->generation = self->generation;
  job->snapshot = g_atomic_rc_box_acquire (self->snapshot);
  memcpy (job->keys, self->keys, sizeof job->keys);
  job->n_keys = self->n_keys;
  job->needle = g_strdup (self->needle);
  job->status = self->status;
  isplic_expiry_window_init (&job->window, self->warning_days, NULL);
  return job;
}

static gboolean
entry_passes (const Job                  *job,
              const IsplicLicenseKeyCopy *keys)
{
  switch (job->status)
    {
    case ISPLIC_STATUS_FILTER_ACTIVE:
      if (keys->status_rank != isplic_license_status_rank (ISPLIC_LICENSE_STATUS_ACTIVE))
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_SUSPENDED:
      if (keys->status_rank != isplic_license_status_rank (ISPLIC_LICENSE_STATUS_SUSPENDED))
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_EXPIRING:
      if (!isplic_key_copy_is_expiring_in (keys, &job->window))
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_ALL:
    default:
      break;
    }
  return isplic_key_copy_search (keys, job->needle);
}

typedef int (*KeyCompareFunc) (const IsplicLicenseKeyCopy *a, const IsplicLicenseKeyCopy *b);

static const KeyCompareFunc compare_funcs[ISPLIC_LICENSE_N_COLUMNS] = {
  [ISPLIC_LICENSE_COLUMN_NAME] = isplic_key_copy_compare_name,
  [ISPLIC_LICENSE_COLUMN_IP] = isplic_key_copy_compare_ip,
  [ISPLIC_LICENSE_COLUMN_TARIFF] = isplic_key_copy_compare_tariff,
  [ISPLIC_LICENSE_COLUMN_STATUS] = isplic_key_copy_compare_status,
  [ISPLIC_LICENSE_COLUMN_EXPIRES] = isplic_key_copy_compare_expires,
  [ISPLIC_LICENSE_COLUMN_AUTO_RENEW] = isplic_key_copy_compare_auto_renew,
  [ISPLIC_LICENSE_COLUMN_COST] = isplic_key_copy_compare_cost,
};

/* As GTK's column view sorter: the first column that tells them apart, inverted when
 * descending; equal ones keep the source's order (GtkSortListModel's sort is stable). */
static int
compare_positions (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  const Job *job = data;
  guint pa = *(const guint *) a;
  guint pb = *(const guint *) b;

  for (guint k = 0; k < job->n_keys; k++)
    {
      int cmp = compare_funcs[job->keys[k].column] (&job->snapshot->keys[pa],
                                                    &job->snapshot->keys[pb]);

      if (cmp != 0)
        return job->keys[k].descending ? -cmp : cmp;
    }
  return (pa > pb) - (pa < pb);
}

/* Any thread: reads only the job. */
static void
job_run (Job          *job,
         GCancellable *cancellable)
{
  guint n = job->snapshot->licenses->len;

  job->order = g_new (guint, MAX (n, 1));
  job->n_order = 0;
  for (guint i = 0; i < n; i++)
    if (entry_passes (job, &job->snapshot->keys[i]))
      job->order[job->n_order++] = i;
  if (job->n_keys > 0 && !g_cancellable_is_cancelled (cancellable))
    g_qsort_with_data (job->order, job->n_order, sizeof (guint), compare_positions, job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;

  if (!g_cancellable_is_cancelled (cancellable))
    job_run (job, cancellable);
  /* The job goes back to the main thread, which frees it (its snapshot holds licenses). */
  g_task_return_pointer (task, job, NULL);
}

/* Showing a result */

static IsplicLicense *
shown_at (IsplicSortedModel *self,
          Job               *shown,
          guint              position)
{
  if (shown == NULL)
    {
      IsplicLicense *license = g_list_model_get_item (self->source, position);

      /* The source keeps it alive. */
      g_object_unref (license);
      return license;
    }
  return g_ptr_array_index (shown->snapshot->licenses, shown->order[position]);
}

static guint
shown_len (IsplicSortedModel *self,
           Job               *shown)
{
  if (shown == NULL)
    return self->source != NULL ? g_list_model_get_n_items (self->source) : 0;
  return shown->n_order;
}

static void
set_pending (IsplicSortedModel *self,
             gboolean           pending)
{
  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* Shows @job (NULL: the source itself) in one items-changed, over the rows between the first
 * and the last that differ. */
static void
show (IsplicSortedModel *self,
      Job               *job)
{
  Job *old = self->shown;
  guint n_old = shown_len (self, old);
  guint n_new = shown_len (self, job);
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new
         && shown_at (self, old, prefix) == shown_at (self, job, prefix))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix
         && shown_at (self, old, n_old - 1 - suffix) == shown_at (self, job, n_new - 1 - suffix))
    suffix++;

  self->shown = job;
  /* Final before anyone hears of the change: the selection is put back by identity. */
  self->pending = FALSE;
  if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix,
                                n_new - prefix - suffix);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  /* Dropping 100,000 references can wait for the next iteration. */
  if (old != NULL)
    g_idle_add_full (G_PRIORITY_LOW, idle_free_job_cb, old, NULL);
}

/* The model is only weakly referenced by its worker's task: a job superseded or finished by
 * hand may still be running when the model's owner lets it go, and the model (with its source,
 * the whole list) goes then, not when the job ends. */
static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *model_ref = user_data;
  g_autoptr(IsplicSortedModel) self = g_weak_ref_get (model_ref);
  g_autoptr(Job) job = g_task_propagate_pointer (G_TASK (result), NULL);

  g_weak_ref_clear (model_ref);
  g_free (model_ref);
  /* Gone, superseded by a newer request, or finished by hand. */
  if (self == NULL || job == NULL || job->generation != self->generation || !self->pending
      || job->order == NULL)
    return;
  g_clear_object (&self->cancellable);
  show (self, g_steal_pointer (&job));
}

static gboolean
start_job_cb (gpointer data)
{
  IsplicSortedModel *self = data;
  g_autoptr(GTask) task = NULL;
  GWeakRef *model_ref = g_new0 (GWeakRef, 1);
  Job *job;

  self->request_id = 0;
  job = job_new (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_weak_ref_init (model_ref, self);
  task = g_task_new (NULL, self->cancellable, job_done_cb, model_ref);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, job_thread);
  return G_SOURCE_REMOVE;
}

static void
cancel_request (IsplicSortedModel *self)
{
  g_clear_handle_id (&self->request_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
compute_now (IsplicSortedModel *self)
{
  Job *job = job_new (self);

  job_run (job, NULL);
  show (self, job);
}

/* What is shown must follow the source, sort or filter: supersedes any earlier request. */
static void
request (IsplicSortedModel *self)
{
  guint n = self->source != NULL ? g_list_model_get_n_items (self->source) : 0;

  self->generation++;
  cancel_request (self);

  if (!is_active (self))
    {
      if (self->shown != NULL)
        show (self, NULL);
      else
        set_pending (self, FALSE);
      return;
    }
  if (n < self->threaded_min)
    {
      compute_now (self);
      return;
    }

  /* Several changes in one iteration (a filter and a sort, a list arriving in runs) make one
   * request. */
  self->request_id = g_idle_add_full (G_PRIORITY_DEFAULT, start_job_cb, self, NULL);
  set_pending (self, TRUE);
}

static void
source_items_changed_cb (GListModel        *source,
                         guint              position,
                         guint              removed,
                         guint              added,
                         IsplicSortedModel *self)
{
  g_clear_pointer (&self->snapshot, snapshot_unref);
  /* Passed through while shown so (also while a sort is awaited: the old order stays). */
  if (self->shown == NULL)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (is_active (self))
    request (self);
}

/* GListModel */

static GType
isplic_sorted_model_get_item_type (GListModel *list)
{
  return ISPLIC_TYPE_LICENSE;
}

static guint
isplic_sorted_model_get_n_items (GListModel *list)
{
  IsplicSortedModel *self = ISPLIC_SORTED_MODEL (list);

  return shown_len (self, self->shown);
}

static gpointer
isplic_sorted_model_get_item (GListModel *list,
                              guint       position)
{
  IsplicSortedModel *self = ISPLIC_SORTED_MODEL (list);

  if (position >= shown_len (self, self->shown))
    return NULL;
  return g_object_ref (shown_at (self, self->shown, position));
}

static void
isplic_sorted_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = isplic_sorted_model_get_item_type;
  iface->get_n_items = isplic_sorted_model_get_n_items;
  iface->get_item = isplic_sorted_model_get_item;
}

/* GObject */

static void
isplic_sorted_model_dispose (GObject *object)
{
  IsplicSortedModel *self = ISPLIC_SORTED_MODEL (object);

  cancel_request (self);
  self->generation++;
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_items_changed_cb, self);
  g_clear_object (&self->source);
  g_clear_pointer (&self->shown, job_free);
  g_clear_pointer (&self->snapshot, snapshot_unref);

  G_OBJECT_CLASS (isplic_sorted_model_parent_class)->dispose (object);
}

static void
isplic_sorted_model_finalize (GObject *object)
{
  IsplicSortedModel *self = ISPLIC_SORTED_MODEL (object);

  g_free (self->needle);

  G_OBJECT_CLASS (isplic_sorted_model_parent_class)->finalize (object);
}

static void
isplic_sorted_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsplicSortedModel *self = ISPLIC_SORTED_MODEL (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_sorted_model_class_init (IsplicSortedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_sorted_model_dispose;
  object_class->finalize = isplic_sorted_model_finalize;
  object_class->get_property = isplic_sorted_model_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isplic_sorted_model_init (IsplicSortedModel *self)
{
  self->threaded_min = DEFAULT_THREADED_MIN;
  self->warning_days = 14;
}

IsplicSortedModel *
isplic_sorted_model_new (GListModel *source)
{
  IsplicSortedModel *self = g_object_new (ISPLIC_TYPE_SORTED_MODEL, NULL);

  isplic_sorted_model_set_source (self, source);
  return self;
}

void
isplic_sorted_model_set_source (IsplicSortedModel *self,
                                GListModel        *source)
{
  guint n_old;

  g_return_if_fail (ISPLIC_IS_SORTED_MODEL (self));
  g_return_if_fail (source == NULL || G_IS_LIST_MODEL (source));

  if (self->source == source)
    return;

  /* Another list: nothing of the old one stays shown, even for a moment. */
  self->generation++;
  cancel_request (self);
  n_old = shown_len (self, self->shown);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_items_changed_cb, self);
  g_clear_pointer (&self->shown, job_free);
  g_clear_pointer (&self->snapshot, snapshot_unref);
  g_set_object (&self->source, source);
  if (source != NULL)
    g_signal_connect (source, "items-changed", G_CALLBACK (source_items_changed_cb), self);

  if (is_active (self) && source != NULL && g_list_model_get_n_items (source) > 0)
    {
      /* Shown sorted from the start: done here, at any length. */
      Job *job = job_new (self);

      job_run (job, NULL);
      self->shown = job;
    }
  set_pending (self, FALSE);
  if (n_old > 0 || shown_len (self, self->shown) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, shown_len (self, self->shown));
}

void
isplic_sorted_model_set_sort (IsplicSortedModel   *self,
                              const IsplicSortKey *keys,
                              guint                n_keys)
{
  g_return_if_fail (ISPLIC_IS_SORTED_MODEL (self));
  g_return_if_fail (n_keys <= ISPLIC_SORTED_MODEL_MAX_KEYS);
  g_return_if_fail (keys != NULL || n_keys == 0);

  for (guint k = 0; k < n_keys; k++)
    g_return_if_fail (keys[k].column < ISPLIC_LICENSE_N_COLUMNS);
  if (n_keys == self->n_keys
      && (n_keys == 0 || memcmp (keys, self->keys, n_keys * sizeof *keys) == 0))
    return;

  memset (self->keys, 0, sizeof self->keys);
  if (n_keys > 0)
    memcpy (self->keys, keys, n_keys * sizeof *keys);
  self->n_keys = n_keys;
  request (self);
}

void
isplic_sorted_model_set_filter (IsplicSortedModel  *self,
                                const char         *folded_needle,
                                IsplicStatusFilter  status,
                                guint               warning_days)
{
  g_return_if_fail (ISPLIC_IS_SORTED_MODEL (self));

  if (folded_needle != NULL && *folded_needle == '\0')
    folded_needle = NULL;
  if (g_strcmp0 (folded_needle, self->needle) == 0 && status == self->status
      && (warning_days == self->warning_days || status != ISPLIC_STATUS_FILTER_EXPIRING))
    {
      self->warning_days = warning_days;
      return;
    }

  g_free (self->needle);
  self->needle = g_strdup (folded_needle);
  self->status = status;
  self->warning_days = warning_days;
  request (self);
}

void
isplic_sorted_model_set_threaded_min (IsplicSortedModel *self,
                                      guint              n)
{
  g_return_if_fail (ISPLIC_IS_SORTED_MODEL (self));
  self->threaded_min = n;
}

gboolean
isplic_sorted_model_get_pending (IsplicSortedModel *self)
{
  g_return_val_if_fail (ISPLIC_IS_SORTED_MODEL (self), FALSE);
  return self->pending;
}

void
isplic_sorted_model_finish (IsplicSortedModel *self)
{
  g_return_if_fail (ISPLIC_IS_SORTED_MODEL (self));

  if (!self->pending)
    return;
  /* The worker's result, when it comes, is for an older generation. */
  self->generation++;
  cancel_request (self);
  compute_now (self);
}
