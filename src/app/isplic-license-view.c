/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isplic-license-cells.h"
#include "isplic-license-format.h"
#include "isplic-license-view-private.h"

G_DEFINE_FINAL_TYPE (IsplicLicenseView, isplic_license_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LICENSES,
  PROP_SEARCH_TEXT,
  PROP_STATUS_FILTER,
  PROP_WARNING_DAYS,
  PROP_CONTEXT_MENU,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  ROWS_CHANGED,
  ROW_ACTIVATED,
  SHOWN_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
isplic_license_view_get_pending (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), FALSE);

  /* Also asked while the view is torn down. */
  return (self->filter_model != NULL && isplic_sorted_model_get_pending (self->filter_model))
         || (self->row_model != NULL && isplic_row_model_get_pending (self->row_model));
}

void
isplic_license_view_finish_pending (IsplicLicenseView *self)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));

  /* Sorts and filters here what the worker was doing, and says what moved. */
  isplic_sorted_model_finish (self->filter_model);
  isplic_license_view_stop_growing (self);
}

/* Filtering: in the sorted model, on its copy of the keys (isplic_license_search() semantics). */

static void
apply_filter_change (IsplicLicenseView *self)
{
  isplic_sorted_model_set_filter (self->filter_model, self->needle, self->status_filter,
                                  self->warning_days);
}

void
isplic_license_view_set_search_text (IsplicLicenseView *self,
                                     const char        *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *needle = NULL;

  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));

  stripped = g_strstrip (g_strdup (text ? text : ""));
  needle = *stripped ? isplic_fold_search_text (stripped) : NULL;
  if (g_strcmp0 (needle, self->needle) == 0)
    return;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  apply_filter_change (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

const char *
isplic_license_view_get_search_text (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), NULL);
  return self->needle;
}

void
isplic_license_view_set_status_filter (IsplicLicenseView  *self,
                                       IsplicStatusFilter  filter)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));

  if (filter > ISPLIC_STATUS_FILTER_EXPIRING)
    filter = ISPLIC_STATUS_FILTER_ALL;
  if (filter == self->status_filter)
    return;

  self->status_filter = filter;
  apply_filter_change (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_FILTER]);
}

IsplicStatusFilter
isplic_license_view_get_status_filter (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), ISPLIC_STATUS_FILTER_ALL);
  return self->status_filter;
}

void
isplic_license_view_set_warning_days (IsplicLicenseView *self,
                                      guint              days)
{
  GListModel *model;

  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));

  if (days == self->warning_days)
    return;

  self->warning_days = days;
  apply_filter_change (self);

  /* Re-bind the visible rows so the highlight follows the new period. */
  model = G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
  if (model != NULL)
    {
      g_object_ref (model);
      gtk_column_view_set_model (self->column_view, NULL);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (model));
      g_object_unref (model);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING_DAYS]);
}

guint
isplic_license_view_get_warning_days (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), 0);
  return self->warning_days;
}

/* Counts */

guint
isplic_license_view_get_n_shown (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

guint
isplic_license_view_get_n_total (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), 0);
  return self->licenses ? g_list_model_get_n_items (G_LIST_MODEL (self->licenses)) : 0;
}

static void
update_no_match (IsplicLicenseView *self)
{
  guint n = isplic_license_view_get_n_total (self);

  /* "No match" lies over the list rather than replacing it: hiding the list would make GTK
   * rebuild all its row widgets when results come back. */
  gtk_widget_set_visible (GTK_WIDGET (self->no_match_page),
                          n > 0 && isplic_license_view_get_n_shown (self) == 0);
}

static void
licenses_changed_cb (IsplicLicenseView *self)
{
  update_no_match (self);
}

static void
filter_items_changed_cb (IsplicLicenseView *self)
{
  update_no_match (self);
  g_signal_emit (self, signals[SHOWN_CHANGED], 0);
}

void
isplic_license_view_set_licenses (IsplicLicenseView *self,
                                  IsplicLicenseList *licenses)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));
  g_return_if_fail (licenses == NULL || ISPLIC_IS_LICENSE_LIST (licenses));

  if (self->licenses == licenses)
    return;

  if (self->licenses != NULL)
    g_signal_handlers_disconnect_by_data (self->licenses, self);
  g_set_object (&self->licenses, licenses);
  isplic_sorted_model_set_source (self->filter_model, G_LIST_MODEL (licenses));
  if (licenses != NULL)
    g_signal_connect_object (licenses, "items-changed", G_CALLBACK (licenses_changed_cb), self,
                             G_CONNECT_SWAPPED);
  update_no_match (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LICENSES]);
}

IsplicLicenseList *
isplic_license_view_get_licenses (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), NULL);
  return self->licenses;
}

/* Context menu */

void
isplic_license_view_set_context_menu (IsplicLicenseView *self,
                                      GMenuModel        *menu)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));
  /* The popover's items (a widget each, ~60 for the window's menu) are made when the menu is
   * shown (popup_row_menu()), not with the window. */
  if (!g_set_object (&self->context_menu, menu))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT_MENU]);
}

/* GObject */

static gboolean
isplic_license_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ISPLIC_LICENSE_VIEW (widget)->column_view));
}

static void
isplic_license_view_dispose (GObject *object)
{
  IsplicLicenseView *self = ISPLIC_LICENSE_VIEW (object);

  isplic_license_view_stop_growing (self);
  isplic_license_view_dispose_columns (self);
  if (self->row_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->row_popover));
      self->row_popover = NULL;
    }
  g_clear_object (&self->context_menu);

  /* Tearing the models down emits items-changed; nothing of ours should react any more. */
  if (self->licenses != NULL)
    g_signal_handlers_disconnect_by_data (self->licenses, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->row_model != NULL)
    g_signal_handlers_disconnect_by_data (self->row_model, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_LICENSE_VIEW);
  g_clear_object (&self->licenses);
  g_clear_pointer (&self->selected_set, g_hash_table_unref);

  G_OBJECT_CLASS (isplic_license_view_parent_class)->dispose (object);
}

static void
isplic_license_view_finalize (GObject *object)
{
  IsplicLicenseView *self = ISPLIC_LICENSE_VIEW (object);

  g_free (self->needle);

  G_OBJECT_CLASS (isplic_license_view_parent_class)->finalize (object);
}

static void
isplic_license_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsplicLicenseView *self = ISPLIC_LICENSE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LICENSES:
      g_value_set_object (value, self->licenses);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->needle);
      break;
    case PROP_STATUS_FILTER:
      g_value_set_uint (value, self->status_filter);
      break;
    case PROP_WARNING_DAYS:
      g_value_set_uint (value, self->warning_days);
      break;
    case PROP_CONTEXT_MENU:
      g_value_set_object (value, self->context_menu);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_license_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IsplicLicenseView *self = ISPLIC_LICENSE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LICENSES:
      isplic_license_view_set_licenses (self, g_value_get_object (value));
      break;
    case PROP_SEARCH_TEXT:
      isplic_license_view_set_search_text (self, g_value_get_string (value));
      break;
    case PROP_STATUS_FILTER:
      isplic_license_view_set_status_filter (self, g_value_get_uint (value));
      break;
    case PROP_WARNING_DAYS:
      isplic_license_view_set_warning_days (self, g_value_get_uint (value));
      break;
    case PROP_CONTEXT_MENU:
      isplic_license_view_set_context_menu (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static guint
new_signal (GObjectClass *klass,
            const char   *name)
{
  return g_signal_new (name, G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                       G_TYPE_NONE, 0);
}

static void
isplic_license_view_class_init (IsplicLicenseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = isplic_license_view_dispose;
  object_class->finalize = isplic_license_view_finalize;
  object_class->get_property = isplic_license_view_get_property;
  object_class->set_property = isplic_license_view_set_property;
  widget_class->grab_focus = isplic_license_view_grab_focus;
  isplic_license_view_class_init_columns (widget_class);

  properties[PROP_LICENSES] = g_param_spec_object ("licenses", NULL, NULL,
                                                   ISPLIC_TYPE_LICENSE_LIST, flags);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_FILTER] = g_param_spec_uint ("status-filter", NULL, NULL,
                                                      ISPLIC_STATUS_FILTER_ALL,
                                                      ISPLIC_STATUS_FILTER_EXPIRING,
                                                      ISPLIC_STATUS_FILTER_ALL, flags);
  properties[PROP_WARNING_DAYS] = g_param_spec_uint ("warning-days", NULL, NULL, 0, G_MAXUINT,
                                                     14, flags);
  properties[PROP_CONTEXT_MENU] = g_param_spec_object ("context-menu", NULL, NULL,
                                                       G_TYPE_MENU_MODEL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] = new_signal (object_class, "selection-changed");
  signals[ROWS_CHANGED] = new_signal (object_class, "rows-changed");
  signals[ROW_ACTIVATED] = new_signal (object_class, "row-activated");
  signals[SHOWN_CHANGED] = new_signal (object_class, "shown-changed");

  g_type_ensure (ISPLIC_TYPE_ROW_MODEL);
  g_type_ensure (ISPLIC_TYPE_SORTED_MODEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/IspLic/isplic-license-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, column_view);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, selection);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, row_model);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, name_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, tariff_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, ip_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, status_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, expires_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, cost_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, auto_renew_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, name_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, ip_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, tariff_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, status_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, expires_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, auto_renew_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, cost_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, name_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, ip_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, tariff_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, status_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, expires_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, auto_renew_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, cost_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicLicenseView, row_popover);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                isplic_license_view_context_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, isplic_license_view_context_key_cb,
                                NULL);
}

static void
isplic_license_view_init (IsplicLicenseView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_set = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->warning_days = 14;

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  isplic_license_view_init_selection (self);

  apply_filter_change (self);

  isplic_license_cells_init_factory (self->name_factory, ISPLIC_LICENSE_COLUMN_NAME, self);
  isplic_license_cells_init_factory (self->ip_factory, ISPLIC_LICENSE_COLUMN_IP, self);
  isplic_license_cells_init_factory (self->tariff_factory, ISPLIC_LICENSE_COLUMN_TARIFF, self);
  isplic_license_cells_init_factory (self->status_factory, ISPLIC_LICENSE_COLUMN_STATUS, self);
  isplic_license_cells_init_factory (self->expires_factory, ISPLIC_LICENSE_COLUMN_EXPIRES, self);
  isplic_license_cells_init_factory (self->auto_renew_factory, ISPLIC_LICENSE_COLUMN_AUTO_RENEW,
                                     self);
  isplic_license_cells_init_factory (self->cost_factory, ISPLIC_LICENSE_COLUMN_COST, self);
  isplic_license_view_init_columns (self);
}

GtkWidget *
isplic_license_view_new (void)
{
  return g_object_new (ISPLIC_TYPE_LICENSE_VIEW, NULL);
}
