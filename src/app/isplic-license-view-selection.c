/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicLicenseView: the selection by identity, row growth and the context menu. */
#include "config.h"

#include "isplic-license-cells.h"
#include "isplic-license-view-private.h"

/* Rows GTK must build widgets for are added a step per frame (see isplic_row_model_set_step). */
#define ROW_GROWTH_STEP 12
/* ...but a list filled in before the window's first paint (the one kept from the last start)
 * has a screenful at once: growing it in view costs more, in frames right after that paint. */
#define ROW_FIRST_SCREEN 36

GPtrArray *
isplic_license_view_get_selected (IsplicLicenseView *self)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (ISPLIC_IS_LICENSE_VIEW (self), result);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      IsplicLicense *license = isplic_row_model_peek (self->row_model, position);

      if (license != NULL)
        g_ptr_array_add (result, g_object_ref (license));
    }

  return result;
}

/* The selection model keeps positions; the set keeps licenses, so that when the rows show
 * other licenses (search, sort, refresh) the same licenses stay selected. */
static void
remember_selection (IsplicLicenseView *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_hash_table_remove_all (self->selected_set);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      IsplicLicense *license = isplic_row_model_peek (self->row_model, position);

      if (license != NULL)
        g_hash_table_add (self->selected_set, g_object_ref (license));
    }
}

static gboolean
grow_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  IsplicLicenseView *self = user_data;

  if (isplic_row_model_grow (self->row_model))
    return G_SOURCE_CONTINUE;
  self->grow_tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
isplic_license_view_stop_growing (IsplicLicenseView *self)
{
  if (self->grow_tick_id != 0 && self->grow_ticker != NULL)
    gtk_widget_remove_tick_callback (self->grow_ticker, self->grow_tick_id);
  self->grow_tick_id = 0;
  g_clear_weak_pointer (&self->grow_ticker);
  /* Also reached while the view is torn down. */
  if (self->row_model != NULL)
    isplic_row_model_flush (self->row_model);
}

static void
rows_pending_cb (IsplicLicenseView *self)
{
  GdkFrameClock *clock;
  GtkRoot *root;

  if (!isplic_row_model_get_pending (self->row_model))
    return;

  /* The rows grow a step per frame of the window, also while the list itself is not shown yet
   * (a list that arrives at sign-in comes while the loading page is shown): a frame builds a
   * step of rows, not the 200 GTK keeps (~100 ms at 100,000 licenses). */
  /* A window destroyed took its tick callback along. */
  if (self->grow_ticker == NULL)
    self->grow_tick_id = 0;
  root = gtk_widget_get_root (GTK_WIDGET (self->column_view));
  /* No frames come to a list in no window: all its rows at once. A window that has not painted
   * yet has a screenful of them in its first paint (growing that screen a step per frame in
   * view cost a frame of ~50 ms right after the first paint: the step that fills the screen
   * repaints most of it). A window not shown yet starts growing them when the list is
   * mapped. */
  if (root == NULL)
    {
      isplic_license_view_stop_growing (self);
      return;
    }
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (root));
  if (clock == NULL || gdk_frame_clock_get_frame_counter (clock) <= 0)
    while (g_list_model_get_n_items (G_LIST_MODEL (self->row_model)) < ROW_FIRST_SCREEN
           && isplic_row_model_grow (self->row_model))
      ;
  if (gtk_widget_get_mapped (GTK_WIDGET (root)) && self->grow_tick_id == 0)
    {
      g_set_weak_pointer (&self->grow_ticker, GTK_WIDGET (root));
      self->grow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (root), grow_tick_cb, self,
                                                         NULL);
    }
}

/* A list hidden in a window still on screen keeps growing with the window's frames; a window
 * taken off screen gets all its rows at once. */
static void
column_view_unmap_cb (IsplicLicenseView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->column_view));

  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (root)))
    isplic_license_view_stop_growing (self);
}

static void
rows_changed_cb (IsplicLicenseView *self)
{
  g_autoptr(GtkBitset) positions = NULL;
  g_autoptr(GtkBitset) current = NULL;
  g_autoptr(GtkBitset) mask = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->row_model));
  gboolean pending;

  positions = gtk_bitset_new_empty ();
  if (g_hash_table_size (self->selected_set) > 0)
    for (guint p = 0; p < n; p++)
      if (g_hash_table_contains (self->selected_set, isplic_row_model_peek (self->row_model, p)))
        gtk_bitset_add (positions, p);

  /* While rows are still being added, sorted or filtered, selected licenses may be in rows not
   * there yet: the set keeps them until the last step. */
  pending = isplic_license_view_get_pending (self);
  current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_equals (current, positions))
    {
      /* Same positions, but possibly other licenses in them. */
      if (!pending)
        remember_selection (self);
      g_signal_emit_by_name (self, "rows-changed");
      return;
    }

  mask = gtk_bitset_new_range (0, n);
  self->keep_selected_set = pending;
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), positions, mask);
  self->keep_selected_set = FALSE;
}

static void
selection_changed_cb (IsplicLicenseView *self)
{
  if (!self->keep_selected_set)
    remember_selection (self);
  g_signal_emit_by_name (self, "selection-changed");
}

static void
column_view_activate_cb (IsplicLicenseView *self,
                         guint              position)
{
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  g_signal_emit_by_name (self, "row-activated");
}

void
isplic_license_view_select_ids (IsplicLicenseView  *self,
                                const char * const *ids)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);
  guint first = GTK_INVALID_LIST_POSITION;
  guint found = 0;
  guint wanted = 0;
  guint n;

  g_return_if_fail (ISPLIC_IS_LICENSE_VIEW (self));

  if (ids == NULL || self->licenses == NULL)
    return;

  /* Positions are set below for every row the filter shows, in their final order. */
  isplic_license_view_finish_pending (self);

  for (guint i = 0; ids[i] != NULL; i++)
    if (isplic_license_list_lookup (self->licenses, ids[i]) != NULL)
      wanted++;
  if (wanted == 0)
    return;

  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GtkBitset) positions = gtk_bitset_new_empty ();
      g_autoptr(GtkBitset) mask = NULL;

      found = 0;
      n = g_list_model_get_n_items (model);
      for (guint pos = 0; pos < n && found < wanted; pos++)
        {
          g_autoptr(IsplicLicense) license = g_list_model_get_item (model, pos);

          if (g_strv_contains (ids, isplic_license_get_id (license)))
            {
              gtk_bitset_add (positions, pos);
              found++;
              if (first == GTK_INVALID_LIST_POSITION)
                first = pos;
            }
        }

      if (found == wanted || attempt == 1)
        {
          mask = gtk_bitset_new_range (0, n);
          gtk_selection_model_set_selection (selection, positions, mask);
          break;
        }

      /* A filter hides one of them: show everything so the person sees the result. */
      first = GTK_INVALID_LIST_POSITION;
      isplic_license_view_set_search_text (self, NULL);
      isplic_license_view_set_status_filter (self, ISPLIC_STATUS_FILTER_ALL);
      /* The rows the filters brought back would come a step per frame: the selection needs
       * them all now. */
      isplic_license_view_stop_growing (self);
    }

  if (first != GTK_INVALID_LIST_POSITION)
    isplic_license_view_scroll_to (self, first);
}

/* Ctrl+click */

/* (nullable) the list item of the row under (@x, @y) of the column view. */
static GtkListItem *
item_at (IsplicLicenseView *self,
         double             x,
         double             y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);

  for (GtkWidget *w = picked; w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkListItem *item = isplic_license_cells_find_item (w);

      if (item != NULL)
        return item;
      if (w == GTK_WIDGET (self->column_view))
        break;
    }
  return NULL;
}

/* GTK 4.8's column view selects a Ctrl+clicked row and unselects it again straight away (its
 * row and its cell both handle the click), so Ctrl+click could never add a row. The click is
 * taken here, before the rows see it, and toggles the row as everywhere else on the desktop.
 * Plain and Shift clicks go on to the rows. */
static void
ctrl_click_cb (GtkGestureClick   *gesture,
               int                n_press,
               double             x,
               double             y,
               IsplicLicenseView *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);
  GtkListItem *item;
  guint position;

  if ((state & GDK_CONTROL_MASK) == 0 || (state & GDK_SHIFT_MASK) != 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  item = item_at (self, x, y);
  position = item != NULL ? gtk_list_item_get_position (item) : GTK_INVALID_LIST_POSITION;
  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_selection_model_is_selected (selection, position))
    gtk_selection_model_unselect_item (selection, position);
  else
    gtk_selection_model_select_item (selection, position, FALSE);

  /* The focus goes to the clicked row, as with a plain click: Ctrl+Space and the arrows go on
   * from there. */
  for (GtkWidget *w = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
       w != NULL && w != GTK_WIDGET (self->column_view); w = gtk_widget_get_parent (w))
    {
      GtkWidget *parent = gtk_widget_get_parent (w);

      if (parent != NULL && GTK_IS_LIST_VIEW (parent))
        {
          gtk_widget_grab_focus (w);
          return;
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* A sort done by steps has ended: the positions of the selected licenses are final. */
static void
models_pending_cb (IsplicLicenseView *self)
{
  if (self->selection == NULL || isplic_license_view_get_pending (self))
    return;
  rows_changed_cb (self);
}

/* Context menu */

static void
popup_row_menu (IsplicLicenseView *self,
                double             x,
                double             y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  if (gtk_popover_menu_get_menu_model (self->row_popover) != self->context_menu)
    gtk_popover_menu_set_menu_model (self->row_popover, self->context_menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

static void
context_click_cb (GtkGestureClick   *gesture,
                  int                n_press,
                  double             x,
                  double             y,
                  IsplicLicenseView *self)
{
  GtkListItem *item = item_at (self, x, y);

  if (item != NULL && gtk_list_item_get_position (item) != GTK_INVALID_LIST_POSITION)
    {
      guint position = gtk_list_item_get_position (item);

      if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_row_menu (self, x, y);
}

gboolean
isplic_license_view_context_key_cb (GtkWidget *widget,
                                    GVariant  *args,
                                    gpointer   user_data)
{
  IsplicLicenseView *self = ISPLIC_LICENSE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t bounds;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view))
      || !gtk_widget_compute_bounds (focus, GTK_WIDGET (self->column_view), &bounds))
    return FALSE;

  popup_row_menu (self, bounds.origin.x + 24, bounds.origin.y + bounds.size.height);
  return TRUE;
}

void
isplic_license_view_init_selection (IsplicLicenseView *self)
{
  GtkGesture *gesture;

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->row_model, "rows-changed", G_CALLBACK (rows_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (column_view_activate_cb),
                           self, G_CONNECT_SWAPPED);

  isplic_row_model_set_step (self->row_model, ROW_GROWTH_STEP);
  g_signal_connect_object (self->row_model, "notify::pending", G_CALLBACK (rows_pending_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending", G_CALLBACK (models_pending_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "unmap", G_CALLBACK (column_view_unmap_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "map", G_CALLBACK (rows_pending_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_parent (GTK_WIDGET (self->row_popover), GTK_WIDGET (self->column_view));
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (ctrl_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
}
