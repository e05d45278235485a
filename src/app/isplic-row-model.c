/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-row-model.h"

/* IsplicRow */

struct _IsplicRow
{
  GObject parent_instance;

  IsplicLicense *license; /* owned, nullable; NULL while stale */
  /* While in a model: its source and this row's position there. A row nobody watches is only
   * marked stale when the source changes, and looks its license up when asked. */
  GListModel *source;     /* unowned: the row model owns it and detaches its rows first */
  guint position;
  gboolean stale;
  guint watchers;         /* isplic_row_watch() calls */
  GArray *watches;        /* Watch, nullable: those with a function */
  gulong license_notify;  /* forwards the license's changes while watched */
};

typedef struct
{
  IsplicRowChangedFunc func;
  gpointer data;
} Watch;

G_DEFINE_FINAL_TYPE (IsplicRow, isplic_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_LICENSE,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static void
isplic_row_finalize (GObject *object)
{
  IsplicRow *self = ISPLIC_ROW (object);

  g_clear_signal_handler (&self->license_notify, self->license);
  g_clear_object (&self->license);
  g_clear_pointer (&self->watches, g_array_unref);

  G_OBJECT_CLASS (isplic_row_parent_class)->finalize (object);
}

static void
isplic_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IsplicRow *self = ISPLIC_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_LICENSE:
      g_value_set_object (value, self->license);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_row_class_init (IsplicRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isplic_row_finalize;
  object_class->get_property = isplic_row_get_property;

  row_properties[ROW_PROP_LICENSE] =
    g_param_spec_object ("license", NULL, NULL, ISPLIC_TYPE_LICENSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
isplic_row_init (IsplicRow *self)
{
}

IsplicLicense *
isplic_row_get_license (IsplicRow *self)
{
  g_return_val_if_fail (ISPLIC_IS_ROW (self), NULL);

  if (self->stale)
    {
      self->stale = FALSE;
      if (self->source != NULL)
        self->license = g_list_model_get_item (self->source, self->position);
    }
  return self->license;
}

static IsplicRow *
row_new (GListModel *source,
         guint       position)
{
  IsplicRow *row = g_object_new (ISPLIC_TYPE_ROW, NULL);

  row->source = source;
  row->position = position;
  row->stale = TRUE;
  return row;
}

/* The row leaves its model: it keeps the license it has, and no longer follows the source. */
static void
row_detach (gpointer data)
{
  IsplicRow *row = data;

  if (row == NULL)
    return;
  row->source = NULL;
  row->stale = FALSE;
  g_object_unref (row);
}

/* Tells the watchers and the "license" handlers that the row shows something else. */
static void
row_changed (IsplicRow *self)
{
  /* By index: a function may watch or unwatch rows (this one too). */
  for (guint i = 0; self->watches != NULL && i < self->watches->len; i++)
    {
      Watch watch = g_array_index (self->watches, Watch, i);

      watch.func (self, watch.data);
    }
  g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_LICENSE]);
}

static void
row_license_notify_cb (IsplicLicense *license,
                       GParamSpec    *pspec,
                       IsplicRow     *self)
{
  row_changed (self);
}

static void
row_follow_license (IsplicRow *self)
{
  g_clear_signal_handler (&self->license_notify, self->license);
  if (self->watchers > 0 && self->license != NULL)
    self->license_notify = g_signal_connect (self->license, "notify",
                                             G_CALLBACK (row_license_notify_cb), self);
}

/**
 * isplic_row_watch:
 *
 * Someone shows this row (a cell): until isplic_row_unwatch(), the row follows its source at
 * once, and notifies "license" both when it shows another license and when its license
 * changes. Calls nest.
 */
void
isplic_row_watch (IsplicRow            *self,
                  IsplicRowChangedFunc  func,
                  gpointer              data)
{
  g_return_if_fail (ISPLIC_IS_ROW (self));

  if (func != NULL)
    {
      Watch watch = { func, data };

      if (self->watches == NULL)
        self->watches = g_array_sized_new (FALSE, FALSE, sizeof (Watch), 8);
      g_array_append_val (self->watches, watch);
    }
  if (self->watchers++ > 0)
    return;
  isplic_row_get_license (self);
  row_follow_license (self);
}

void
isplic_row_unwatch (IsplicRow            *self,
                    IsplicRowChangedFunc  func,
                    gpointer              data)
{
  g_return_if_fail (ISPLIC_IS_ROW (self));
  g_return_if_fail (self->watchers > 0);

  for (guint i = 0; func != NULL && self->watches != NULL && i < self->watches->len; i++)
    {
      Watch *watch = &g_array_index (self->watches, Watch, i);

      if (watch->func == func && watch->data == data)
        {
          g_array_remove_index_fast (self->watches, i);
          break;
        }
    }
  if (--self->watchers == 0)
    g_clear_signal_handler (&self->license_notify, self->license);
}

/* The source changed at this row's position. */
static void
row_source_changed (IsplicRow *self)
{
  g_autoptr(IsplicLicense) license = NULL;

  /* Only the ~200 rows with widgets are watched; a sort moves all 10,000. The others forget
   * their license and look it up if asked: fetching 10,000 items from a GtkFilterListModel on
   * every keystroke cost more than the filtering itself. */
  if (self->watchers == 0)
    {
      g_clear_object (&self->license);
      self->stale = TRUE;
      return;
    }

  license = g_list_model_get_item (self->source, self->position);
  self->stale = FALSE;
  if (license == self->license)
    return;
  g_clear_signal_handler (&self->license_notify, self->license);
  g_set_object (&self->license, license);
  row_follow_license (self);
  row_changed (self);
}

/* IsplicRowModel */

/* Rows past this many never get widgets at once (GTK 4.8 keeps up to 200), so they need no steps. */
#define GROW_LIMIT 256

struct _IsplicRowModel
{
  GObject parent_instance;

  guint step;       /* 0: grow at once */
  gboolean pending; /* fewer rows than the source has */

  GListModel *model; /* owned, nullable */
  /* IsplicRow, owned; NULL until asked for. Only the rows GTK shows (and the few others asked
   * for) exist: creating 100,000 objects when the list arrived was a stall of ~50 ms, and
   * following a sort or search touched each of them. */
  GPtrArray *rows;
};

static void isplic_row_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IsplicRowModel, isplic_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      isplic_row_model_list_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ROWS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
isplic_row_model_get_item_type (GListModel *list)
{
  return ISPLIC_TYPE_ROW;
}

static guint
isplic_row_model_get_n_items (GListModel *list)
{
  return ISPLIC_ROW_MODEL (list)->rows->len;
}

static gpointer
isplic_row_model_get_item (GListModel *list,
                           guint       position)
{
  IsplicRowModel *self = ISPLIC_ROW_MODEL (list);
  IsplicRow *row;

  if (position >= self->rows->len)
    return NULL;
  row = g_ptr_array_index (self->rows, position);
  if (row == NULL)
    {
      row = row_new (self->model, position);
      g_ptr_array_index (self->rows, position) = row;
    }
  return g_object_ref (row);
}

static void
isplic_row_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = isplic_row_model_get_item_type;
  iface->get_n_items = isplic_row_model_get_n_items;
  iface->get_item = isplic_row_model_get_item;
}

static void
sync_rows (IsplicRowModel *self,
           guint           first,
           guint           last)
{
  for (guint p = first; p < last; p++)
    {
      IsplicRow *row = g_ptr_array_index (self->rows, p);

      if (row != NULL)
        row_source_changed (row);
    }
}

/* Adds rows up to @target (at most the source's length). */
static void
append_rows (IsplicRowModel *self,
             guint           target)
{
  guint old_len = self->rows->len;

  target = MIN (target, g_list_model_get_n_items (self->model));
  if (target <= old_len)
    return;
  g_ptr_array_set_size (self->rows, target);
  g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, target - old_len);
}

static void
set_pending (IsplicRowModel *self,
             gboolean        pending)
{
  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
source_items_changed_cb (GListModel     *model,
                         guint           position,
                         guint           removed,
                         guint           added,
                         IsplicRowModel *self)
{
  guint old_len = self->rows->len;
  guint new_len = g_list_model_get_n_items (model);
  guint common = MIN (old_len, new_len);

  /* Rows before @position are unchanged; with as many added as removed, so are those after. */
  if (removed == added)
    sync_rows (self, position, MIN (position + added, common));
  else
    sync_rows (self, position, common);

  if (new_len > old_len)
    {
      guint target = new_len;

      /* Growing back past the rows GTK keeps widgets for: one step now, the rest by steps. */
      if (self->step > 0 && old_len < GROW_LIMIT && MIN (new_len, GROW_LIMIT) - old_len > 2 * self->step)
        target = old_len + self->step;
      append_rows (self, target);
      set_pending (self, target < new_len);
    }
  else if (new_len < old_len)
    {
      g_ptr_array_remove_range (self->rows, new_len, old_len - new_len);
      g_list_model_items_changed (G_LIST_MODEL (self), new_len, old_len - new_len, 0);
      set_pending (self, FALSE);
    }
  else
    set_pending (self, FALSE);

  g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
}

static void
isplic_row_model_dispose (GObject *object)
{
  IsplicRowModel *self = ISPLIC_ROW_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, source_items_changed_cb, self);
  g_clear_object (&self->model);
  g_ptr_array_set_size (self->rows, 0);

  G_OBJECT_CLASS (isplic_row_model_parent_class)->dispose (object);
}

static void
isplic_row_model_finalize (GObject *object)
{
  IsplicRowModel *self = ISPLIC_ROW_MODEL (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (isplic_row_model_parent_class)->finalize (object);
}

static void
isplic_row_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IsplicRowModel *self = ISPLIC_ROW_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_row_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IsplicRowModel *self = ISPLIC_ROW_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      isplic_row_model_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_row_model_class_init (IsplicRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_row_model_dispose;
  object_class->finalize = isplic_row_model_finalize;
  object_class->get_property = isplic_row_model_get_property;
  object_class->set_property = isplic_row_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * IsplicRowModel:pending:
   * Whether the model still has fewer rows than its source (see isplic_row_model_set_step()).
   */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IsplicRowModel::rows-changed:
   * Emitted after the rows followed a change of the source (contents and length).
   */
  signals[SIGNAL_ROWS_CHANGED] = g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 0);
}

static void
isplic_row_model_init (IsplicRowModel *self)
{
  self->rows = g_ptr_array_new_with_free_func (row_detach);
}

IsplicRowModel *
isplic_row_model_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);
  return g_object_new (ISPLIC_TYPE_ROW_MODEL, "model", model, NULL);
}

GListModel *
isplic_row_model_get_model (IsplicRowModel *self)
{
  g_return_val_if_fail (ISPLIC_IS_ROW_MODEL (self), NULL);
  return self->model;
}

void
isplic_row_model_set_model (IsplicRowModel *self,
                            GListModel     *model)
{
  guint old_len;

  g_return_if_fail (ISPLIC_IS_ROW_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, source_items_changed_cb, self);
  g_set_object (&self->model, model);

  old_len = self->rows->len;
  g_ptr_array_set_size (self->rows, 0);
  if (model != NULL)
    {
      guint n = g_list_model_get_n_items (model);

      g_signal_connect (model, "items-changed", G_CALLBACK (source_items_changed_cb), self);
      g_ptr_array_set_size (self->rows, n);
    }

  if (old_len > 0 || self->rows->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->rows->len);
  set_pending (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
}

IsplicLicense *
isplic_row_model_peek (IsplicRowModel *self,
                       guint           position)
{
  IsplicRow *row;
  IsplicLicense *license;

  g_return_val_if_fail (ISPLIC_IS_ROW_MODEL (self), NULL);

  if (position >= self->rows->len)
    return NULL;

  row = g_ptr_array_index (self->rows, position);
  if (row != NULL)
    return isplic_row_get_license (row);
  /* No row made for it: the source's own item, which the license list keeps alive. */
  license = g_list_model_get_item (self->model, position);
  g_object_unref (license);
  return license;
}

/**
 * isplic_row_model_set_step:
 * @step: rows to add per step, or 0 to always follow the source at once
 *
 * When the source grows from a few rows to many (a search is erased), GTK 4.8 builds widgets
 * for up to 200 new rows in one frame, a stall of 100-300 ms. With a step, such a growth adds
 * only @step rows at once and sets "pending"; the owner then calls isplic_row_model_grow() once
 * per frame (or isplic_row_model_flush()). Growth of at most twice @step, or past the first
 * 256 rows, is always done at once.
 */
void
isplic_row_model_set_step (IsplicRowModel *self,
                           guint           step)
{
  g_return_if_fail (ISPLIC_IS_ROW_MODEL (self));

  self->step = step;
  if (step == 0)
    isplic_row_model_flush (self);
}

gboolean
isplic_row_model_get_pending (IsplicRowModel *self)
{
  g_return_val_if_fail (ISPLIC_IS_ROW_MODEL (self), FALSE);

  return self->pending;
}

/* Adds the next step of rows; returns whether more are pending. */
gboolean
isplic_row_model_grow (IsplicRowModel *self)
{
  guint len, n;

  g_return_val_if_fail (ISPLIC_IS_ROW_MODEL (self), FALSE);

  if (!self->pending || self->model == NULL)
    {
      set_pending (self, FALSE);
      return FALSE;
    }

  len = self->rows->len;
  n = g_list_model_get_n_items (self->model);
  if (self->step > 0 && len < GROW_LIMIT && MIN (n, GROW_LIMIT) - len > 2 * self->step)
    append_rows (self, len + self->step);
  else
    append_rows (self, n);

  set_pending (self, self->rows->len < n);
  g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
  return self->pending;
}

/* Adds every pending row at once. */
void
isplic_row_model_flush (IsplicRowModel *self)
{
  g_return_if_fail (ISPLIC_IS_ROW_MODEL (self));

  if (!self->pending || self->model == NULL)
    return;
  append_rows (self, g_list_model_get_n_items (self->model));
  set_pending (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
}
