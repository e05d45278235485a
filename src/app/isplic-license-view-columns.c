/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicLicenseView: the columns the person shows, hides and resizes (remembered in GSettings),
 * the ones that step aside when the view is narrow, and the list as one Tab stop. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "isplic-license-cells.h"
#include "isplic-license-view-private.h"

#define SCHEMA_ID "com.example.IspLic"
#define SAVE_WIDTHS_DELAY_MS 400

/* Settings ids of the columns, in IsplicLicenseColumn order. */
static const char * const column_ids[ISPLIC_LICENSE_N_COLUMNS] = {
  "name", "ip", "tariff", "status", "expires", "auto-renew", "cost",
};

/* What steps aside when the view is narrow, least important first: columns, and the "(in 5
 * days)" after the expiry date (ISPLIC_LICENSE_COLUMN_EXPIRES_DATE). */
static const IsplicLicenseColumn narrow_order[] = {
  ISPLIC_LICENSE_COLUMN_AUTO_RENEW,
  ISPLIC_LICENSE_COLUMN_COST,
  ISPLIC_LICENSE_COLUMN_TARIFF,
  ISPLIC_LICENSE_COLUMN_EXPIRES_DATE,
  ISPLIC_LICENSE_COLUMN_IP,
};

#define BIT(kind) (1u << (kind))

GtkColumnViewColumn *
isplic_license_view_get_column (IsplicLicenseView   *self,
                                IsplicLicenseColumn  kind)
{
  switch (kind)
    {
    case ISPLIC_LICENSE_COLUMN_NAME:
      return self->name_column;
    case ISPLIC_LICENSE_COLUMN_IP:
      return self->ip_column;
    case ISPLIC_LICENSE_COLUMN_TARIFF:
      return self->tariff_column;
    case ISPLIC_LICENSE_COLUMN_STATUS:
      return self->status_column;
    case ISPLIC_LICENSE_COLUMN_EXPIRES:
      return self->expires_column;
    case ISPLIC_LICENSE_COLUMN_AUTO_RENEW:
      return self->auto_renew_column;
    case ISPLIC_LICENSE_COLUMN_COST:
      return self->cost_column;
    case ISPLIC_LICENSE_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
apply_visibility (IsplicLicenseView *self)
{
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    {
      gboolean visible = !(self->user_hidden & BIT (kind)) && !(self->narrow_hidden & BIT (kind));
      GtkColumnViewColumn *column = isplic_license_view_get_column (self, kind);

      if (gtk_column_view_column_get_visible (column) != visible)
        gtk_column_view_column_set_visible (column, visible);
    }
}

gboolean
isplic_license_view_get_column_shown (IsplicLicenseView   *self,
                                      IsplicLicenseColumn  kind)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), FALSE);
  g_return_val_if_fail (kind < ISPLIC_LICENSE_N_COLUMNS, FALSE);
  return !(self->user_hidden & BIT (kind));
}

/* Settings */

static void
save_hidden (IsplicLicenseView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) hidden = NULL;

  if (self->settings == NULL)
    return;
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    if (self->user_hidden & BIT (kind))
      g_strv_builder_add (builder, column_ids[kind]);
  hidden = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "hidden-columns", (const char * const *) hidden);
}

static void
sync_actions (IsplicLicenseView *self)
{
  for (IsplicLicenseColumn kind = ISPLIC_LICENSE_COLUMN_IP; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    {
      g_autofree char *name = g_strconcat ("show-", column_ids[kind], NULL);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), name);

      g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                 g_variant_new_boolean (!(self->user_hidden & BIT (kind))));
    }
}

static void
load_hidden (IsplicLicenseView *self)
{
  g_auto(GStrv) hidden = NULL;

  self->user_hidden = 0;
  if (self->settings != NULL)
    hidden = g_settings_get_strv (self->settings, "hidden-columns");
  /* The name always stays: without it no row says which license it is. */
  for (IsplicLicenseColumn kind = ISPLIC_LICENSE_COLUMN_IP; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    if (hidden != NULL && g_strv_contains ((const char * const *) hidden, column_ids[kind]))
      self->user_hidden |= BIT (kind);
  sync_actions (self);
  apply_visibility (self);
}

static void
load_widths (IsplicLicenseView *self)
{
  g_autoptr(GVariant) widths = NULL;

  if (self->settings == NULL)
    return;
  widths = g_settings_get_value (self->settings, "column-widths");
  self->applying_widths = TRUE;
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    {
      int width = -1;

      /* Widths too small to read anything in are not taken back. */
      if (!g_variant_lookup (widths, column_ids[kind], "i", &width) || width < 24)
        width = -1;
      gtk_column_view_column_set_fixed_width (isplic_license_view_get_column (self, kind),
                                              MIN (width, 4000));
    }
  self->applying_widths = FALSE;
}

static gboolean
save_widths_cb (gpointer user_data)
{
  IsplicLicenseView *self = user_data;
  GVariantBuilder builder;

  self->save_widths_id = 0;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    {
      int width = gtk_column_view_column_get_fixed_width (isplic_license_view_get_column (self,
                                                                                         kind));

      if (width > 0)
        g_variant_builder_add (&builder, "{si}", column_ids[kind], width);
    }
  g_settings_set_value (self->settings, "column-widths", g_variant_builder_end (&builder));
  return G_SOURCE_REMOVE;
}

static void
fixed_width_changed_cb (IsplicLicenseView *self)
{
  /* A drag changes the width many times a second: it is written once it settles. */
  if (self->applying_widths || self->settings == NULL)
    return;
  g_clear_handle_id (&self->save_widths_id, g_source_remove);
  self->save_widths_id = g_timeout_add (SAVE_WIDTHS_DELAY_MS, save_widths_cb, self);
}

void
isplic_license_view_flush_column_widths (IsplicLicenseView *self)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));

  if (self->save_widths_id != 0)
    {
      g_clear_handle_id (&self->save_widths_id, g_source_remove);
      save_widths_cb (self);
    }
}

/* Actions of the header menu: "columns.show-ID" toggles, "columns.reset" */

static void
show_column_change_state_cb (GSimpleAction *action,
                             GVariant      *state,
                             gpointer       user_data)
{
  IsplicLicenseView *self = user_data;
  const char *id = g_action_get_name (G_ACTION (action)) + strlen ("show-");

  for (IsplicLicenseColumn kind = ISPLIC_LICENSE_COLUMN_IP; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    if (g_str_equal (id, column_ids[kind]))
      isplic_license_view_set_column_shown (self, kind, g_variant_get_boolean (state));
}

void
isplic_license_view_set_column_shown (IsplicLicenseView   *self,
                                      IsplicLicenseColumn  kind,
                                      gboolean             shown)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));
  g_return_if_fail (kind > ISPLIC_LICENSE_COLUMN_NAME && kind < ISPLIC_LICENSE_N_COLUMNS);

  if (shown)
    self->user_hidden &= ~BIT (kind);
  else
    self->user_hidden |= BIT (kind);
  sync_actions (self);
  apply_visibility (self);
  save_hidden (self);
}

static void
reset_activate_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  IsplicLicenseView *self = user_data;

  self->user_hidden = 0;
  self->narrow_hidden = 0;
  isplic_license_cells_set_compact_expires (self, FALSE);
  g_clear_handle_id (&self->save_widths_id, g_source_remove);
  self->applying_widths = TRUE;
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    gtk_column_view_column_set_fixed_width (isplic_license_view_get_column (self, kind), -1);
  self->applying_widths = FALSE;
  if (self->settings != NULL)
    {
      g_settings_reset (self->settings, "column-widths");
      g_settings_reset (self->settings, "hidden-columns");
    }
  sync_actions (self);
  apply_visibility (self);
}

static GMenuModel *
build_header_menu (IsplicLicenseView *self)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) shown = g_menu_new ();
  g_autoptr(GMenu) reset = g_menu_new ();

  for (IsplicLicenseColumn kind = ISPLIC_LICENSE_COLUMN_IP; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    {
      g_autofree char *action = g_strconcat ("columns.show-", column_ids[kind], NULL);
      const char *title = gtk_column_view_column_get_title (isplic_license_view_get_column (self,
                                                                                           kind));

      g_menu_append (shown, title, action);
    }
  g_menu_append_section (menu, _("Show Columns"), G_MENU_MODEL (shown));
  g_menu_append (reset, _("_Reset Columns"), "columns.reset");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (reset));
  return G_MENU_MODEL (menu);
}

/* Narrow views */

/* The column headers, in the order of the columns (the person may reorder them). */
static void
measure_headers (IsplicLicenseView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL;

  for (guint i = 0; title != NULL && i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      /* A hidden header measures nothing: it keeps what it measured when shown. */
      if (gtk_widget_get_visible (title))
        for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
          if (isplic_license_view_get_column (self, kind) == column)
            gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, NULL,
                                &self->header_widths[kind], NULL, NULL);
      title = gtk_widget_get_next_sibling (title);
    }
}

/* What the column takes at its natural width: its header or its widest text, or the width the
 * person gave it. */
static int
column_width (IsplicLicenseView   *self,
              IsplicLicenseColumn  kind)
{
  int fixed = gtk_column_view_column_get_fixed_width (isplic_license_view_get_column (self, kind));

  if (fixed > 0)
    return fixed;
  return MAX (self->header_widths[kind],
              isplic_license_cells_estimate_width (GTK_WIDGET (self), kind, TRUE));
}

/* Hides the less important columns while the shown ones do not fit in @width, least important
 * first; they come back when there is room. A function of the width alone, so the view never
 * goes back and forth. */
static void
fit_columns (IsplicLicenseView *self,
             int                width)
{
  guint hidden = 0;
  int total = 0;

  if (width <= 0)
    return;
  measure_headers (self);
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    if (!(self->user_hidden & BIT (kind)))
      total += column_width (self, kind);

  for (guint i = 0; i < G_N_ELEMENTS (narrow_order) && total > width; i++)
    {
      IsplicLicenseColumn kind = narrow_order[i];

      if (kind == ISPLIC_LICENSE_COLUMN_EXPIRES_DATE)
        {
          int full = column_width (self, ISPLIC_LICENSE_COLUMN_EXPIRES);
          int date = MAX (self->header_widths[ISPLIC_LICENSE_COLUMN_EXPIRES],
                          isplic_license_cells_estimate_width (GTK_WIDGET (self), kind, TRUE));

          if ((self->user_hidden & BIT (ISPLIC_LICENSE_COLUMN_EXPIRES)) || date >= full)
            continue;
          hidden |= BIT (kind);
          total -= full - date;
          continue;
        }
      if (self->user_hidden & BIT (kind))
        continue;
      hidden |= BIT (kind);
      total -= column_width (self, kind);
    }

  if (hidden != self->narrow_hidden)
    {
      self->narrow_hidden = hidden;
      apply_visibility (self);
      isplic_license_cells_set_compact_expires (
        self, (hidden & BIT (ISPLIC_LICENSE_COLUMN_EXPIRES_DATE)) != 0);
    }
}

guint
isplic_license_view_get_narrow_hidden (IsplicLicenseView *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), 0);
  return self->narrow_hidden;
}

static void
isplic_license_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  IsplicLicenseView *self = ISPLIC_LICENSE_VIEW (widget);

  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the name, status and expiry date must fit: narrower, the details pane folds over
       * the list (AdwFlap folds below its content's minimum) instead of squeezing it. */
      int need = isplic_license_cells_estimate_width (widget, ISPLIC_LICENSE_COLUMN_NAME, FALSE);

      if (!(self->user_hidden & BIT (ISPLIC_LICENSE_COLUMN_STATUS)))
        need += isplic_license_cells_estimate_width (widget, ISPLIC_LICENSE_COLUMN_STATUS, TRUE);
      if (!(self->user_hidden & BIT (ISPLIC_LICENSE_COLUMN_EXPIRES)))
        need += isplic_license_cells_estimate_width (widget, ISPLIC_LICENSE_COLUMN_EXPIRES_DATE,
                                                     TRUE);
      *minimum = MAX (*minimum, need);
      *natural = MAX (*natural, *minimum);
    }
}

static void
isplic_license_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  IsplicLicenseView *self = ISPLIC_LICENSE_VIEW (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  /* Decided before the children get their sizes, so the column view is laid out once. */
  fit_columns (self, width);
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* Sorting keeps the selection in view */

void
isplic_license_view_scroll_to (IsplicLicenseView *self,
                               guint              position)
{
  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));

  /* "list.scroll-to-item" belongs to the column view's inner list view in GTK 4.8 (which has
   * no gtk_column_view_scroll_to()). */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

/* Reading the column view's sorter. GTK 4.8 has no API for the columns its sorter compares by
 * (gtk_column_view_sorter_get_primary_sort_column() is 4.10), so the sorter is asked to compare
 * twice nothing while the columns' sorters only note that they were asked: the first time all
 * answer "equal", so each is reached in the sorter's order (the primary first; two items, as the
 * sorter finds an item equal to itself without asking); then each in
 * turn answers "larger", and the sign of the sorter's answer is that column's direction. The
 * sort itself is done by the sorted model, in a worker thread. */
#define PROBE_OFF (-2)
#define PROBE_NONE (-1)

static int
probe_compare (IsplicLicenseView   *self,
               IsplicLicenseColumn  column,
               gconstpointer        a,
               gconstpointer        b,
               int                (*compare) (IsplicLicense *, IsplicLicense *))
{
  gboolean seen = FALSE;

  /* Nothing else sorts by these sorters, but should anything, it gets the real order. */
  if (self->probe_column == PROBE_OFF)
    return compare ((IsplicLicense *) a, (IsplicLicense *) b);
  for (guint i = 0; i < self->probed->len && !seen; i++)
    seen = g_array_index (self->probed, IsplicLicenseColumn, i) == column;
  if (!seen)
    g_array_append_val (self->probed, column);
  return (int) column == self->probe_column ? 1 : 0;
}

#define DEFINE_PROBE(name, COLUMN)                                                  \
  static int                                                                        \
  probe_##name (gconstpointer a, gconstpointer b, gpointer data)                    \
  {                                                                                 \
    return probe_compare (data, ISPLIC_LICENSE_COLUMN_##COLUMN, a, b,               \
                          isplic_license_compare_##name);                           \
  }

DEFINE_PROBE (name, NAME)
DEFINE_PROBE (ip, IP)
DEFINE_PROBE (tariff, TARIFF)
DEFINE_PROBE (status, STATUS)
DEFINE_PROBE (expires, EXPIRES)
DEFINE_PROBE (auto_renew, AUTO_RENEW)
DEFINE_PROBE (cost, COST)

static guint
read_sort_keys (IsplicLicenseView *self,
                IsplicSortKey      keys[ISPLIC_SORTED_MODEL_MAX_KEYS])
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  guint n;

  if (self->probed == NULL)
    return 0;
  g_array_set_size (self->probed, 0);
  self->probe_column = PROBE_NONE;
  gtk_sorter_compare (sorter, self, self->column_view);
  n = MIN (self->probed->len, ISPLIC_SORTED_MODEL_MAX_KEYS);
  for (guint k = 0; k < n; k++)
    {
      keys[k].column = g_array_index (self->probed, IsplicLicenseColumn, k);
      self->probe_column = keys[k].column;
      keys[k].descending =
        gtk_sorter_compare (sorter, self, self->column_view) == GTK_ORDERING_SMALLER;
    }
  self->probe_column = PROBE_OFF;
  return n;
}

static void
sorter_changed_cb (IsplicLicenseView *self)
{
  IsplicSortKey keys[ISPLIC_SORTED_MODEL_MAX_KEYS];
  guint n = read_sort_keys (self, keys);

  self->follow_selection = TRUE;
  isplic_sorted_model_set_sort (self->filter_model, keys, n);
}

/* After a sort, once the rows are in their new places (and the selection with them), the first
 * selected row is scrolled into view rather than left wherever it went. */
static void
follow_rows_changed_cb (IsplicLicenseView *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->row_model));
  guint first;

  if (!self->follow_selection)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  first = gtk_bitset_is_empty (selected) ? GTK_INVALID_LIST_POSITION
                                          : gtk_bitset_get_minimum (selected);
  if (first != GTK_INVALID_LIST_POSITION && first < n)
    isplic_license_view_scroll_to (self, first);
  if (!isplic_license_view_get_pending (self))
    self->follow_selection = FALSE;
}

/* One Tab stop */

/* Tab leaves the list instead of walking its rows (arrows move between rows). */
static gboolean
tab_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                IsplicLicenseView     *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkDirectionType direction;
  gboolean moved;

  if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || root == NULL)
    return FALSE;

  /* With the list out of the focus chain for a moment, the window moves to what comes after
   * (or before) it; at the end of the chain it starts over. */
  gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), FALSE);
  moved = gtk_widget_child_focus (root, direction);
  if (!moved)
    moved = gtk_widget_child_focus (root, direction);
  gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), TRUE);
  return moved;
}

/* Set-up */

void
isplic_license_view_class_init_columns (GtkWidgetClass *widget_class)
{
  widget_class->measure = isplic_license_view_measure;
  widget_class->size_allocate = isplic_license_view_size_allocate;
}

void
isplic_license_view_init_columns (IsplicLicenseView *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  GtkEventController *keys;
  const GActionEntry reset_entry[] = {
    { .name = "reset", .activate = reset_activate_cb },
  };

  /* AdwBin lays its child out with a GtkBinLayout, which would bypass measure() and
   * size_allocate() above. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  self->expires_cells = g_hash_table_new (NULL, NULL);

  self->column_actions = g_simple_action_group_new ();
  for (IsplicLicenseColumn kind = ISPLIC_LICENSE_COLUMN_IP; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    {
      g_autofree char *name = g_strconcat ("show-", column_ids[kind], NULL);
      g_autoptr(GSimpleAction) action = g_simple_action_new_stateful (name, NULL,
                                                                      g_variant_new_boolean (TRUE));

      g_signal_connect_object (action, "change-state", G_CALLBACK (show_column_change_state_cb),
                               self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
    }
  g_action_map_add_action_entries (G_ACTION_MAP (self->column_actions), reset_entry,
                                   G_N_ELEMENTS (reset_entry), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns",
                                  G_ACTION_GROUP (self->column_actions));

  /* Right-click on a column header. */
  menu = build_header_menu (self);
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    {
      GtkColumnViewColumn *column = isplic_license_view_get_column (self, kind);

      gtk_column_view_column_set_header_menu (column, menu);
      gtk_column_view_column_set_resizable (column, TRUE);
      g_signal_connect_object (column, "notify::fixed-width",
                               G_CALLBACK (fixed_width_changed_cb), self, G_CONNECT_SWAPPED);
    }

  /* Widths and hidden columns are kept where the schema is installed (not in every test). */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "hidden-columns"))
    {
      self->settings = g_settings_new (SCHEMA_ID);
      g_signal_connect_object (self->settings, "changed::hidden-columns",
                               G_CALLBACK (load_hidden), self, G_CONNECT_SWAPPED);
    }
  load_hidden (self);
  load_widths (self);

  self->probe_column = PROBE_OFF;
  self->probed = g_array_new (FALSE, FALSE, sizeof (IsplicLicenseColumn));
  gtk_custom_sorter_set_sort_func (self->name_sorter, probe_name, self, NULL);
  gtk_custom_sorter_set_sort_func (self->ip_sorter, probe_ip, self, NULL);
  gtk_custom_sorter_set_sort_func (self->tariff_sorter, probe_tariff, self, NULL);
  gtk_custom_sorter_set_sort_func (self->status_sorter, probe_status, self, NULL);
  gtk_custom_sorter_set_sort_func (self->expires_sorter, probe_expires, self, NULL);
  gtk_custom_sorter_set_sort_func (self->auto_renew_sorter, probe_auto_renew, self, NULL);
  gtk_custom_sorter_set_sort_func (self->cost_sorter, probe_cost, self, NULL);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  /* After isplic-license-view-selection.c's handler, which puts the selection back. */
  g_signal_connect_object (self->row_model, "rows-changed", G_CALLBACK (follow_rows_changed_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (tab_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
}

void
isplic_license_view_dispose_columns (IsplicLicenseView *self)
{
  if (self->save_widths_id != 0 && self->settings != NULL)
    isplic_license_view_flush_column_widths (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->column_actions);
  g_clear_pointer (&self->probed, g_array_unref);
  if (self->expires_cells != NULL)
    {
      isplic_license_cells_forget (self);
      g_clear_pointer (&self->expires_cells, g_hash_table_unref);
    }
}
