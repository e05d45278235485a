/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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

  if (!g_set_object (&self->client, client))
    return;
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

void
isplic_license_list_refresh_async (IsplicLicenseList   *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_license_list_refresh_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet implemented");
}

gboolean
isplic_license_list_refresh_finish (IsplicLicenseList  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
isplic_license_list_update (IsplicLicenseList *self,
                            GPtrArray         *licenses)
{
  guint old_len;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));
  g_return_if_fail (licenses != NULL);

  old_len = self->items->len;
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      g_ptr_array_add (self->items, g_object_ref (license));
      g_hash_table_insert (self->by_id, (gpointer) isplic_license_get_id (license), license);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
isplic_license_list_clear (IsplicLicenseList *self)
{
  guint old_len;

  g_return_if_fail (ISPLIC_IS_LICENSE_LIST (self));

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
