/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-application.h"
#include "isplic-license-format.h"
#include "isplic-preferences-window.h"
#include "isplic-window-private.h"

G_DEFINE_FINAL_TYPE (IsplicWindow, isplic_window, ADW_TYPE_APPLICATION_WINDOW)

/* Search and filter */

static void
search_changed_cb (IsplicWindow *self)
{
  isplic_license_view_set_search_text (self->view,
                                       gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
stop_search_cb (IsplicWindow *self)
{
  /* Escape in an empty search closes the pane, as it does elsewhere. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0'
      && adw_flap_get_reveal_flap (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
search_activate_cb (IsplicWindow *self)
{
  /* Enter in the search field moves to the results. */
  if (isplic_license_view_get_n_shown (self->view) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
status_filter_changed_cb (IsplicWindow *self)
{
  isplic_license_view_set_status_filter (self->view,
                                         gtk_drop_down_get_selected (self->status_dropdown));
}

/* The view clears its filters itself when it must show a license they hide. */
static void
view_search_text_cb (IsplicWindow *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  if (isplic_license_view_get_search_text (self->view) == NULL && *g_strstrip (text) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
view_status_filter_cb (IsplicWindow *self)
{
  gtk_drop_down_set_selected (self->status_dropdown,
                              isplic_license_view_get_status_filter (self->view));
}

/* Keys that must leave text fields alone, so they are not application accelerators: they come
 * here (in the bubble phase) only when the focused widget did not take them. Escape closes the
 * pane; Ctrl+C copies the selected license's IP when the list has the focus (a selected text
 * elsewhere is copied by its own widget); Ctrl+Shift+C copies its key. */
static gboolean
shortcut_key (IsplicWindow    *self,
              GtkWidget       *focus,
              guint            keyval,
              GdkModifierType  state)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK
                                  | GDK_SUPER_MASK | GDK_META_MASK);
  guint lower = gdk_keyval_to_lower (keyval);

  if (keyval == GDK_KEY_Escape && mods == 0 && adw_flap_get_reveal_flap (self->flap))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.close-details", NULL);
      return TRUE;
    }
  if (lower == GDK_KEY_c && mods == GDK_CONTROL_MASK && focus != NULL
      && (focus == GTK_WIDGET (self->view)
          || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view))))
    return gtk_widget_activate_action (GTK_WIDGET (self), "win.copy-ip", NULL);
  if (lower == GDK_KEY_c && mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
    return gtk_widget_activate_action (GTK_WIDGET (self), "win.copy-key", NULL);
  return FALSE;
}

/* Typing anywhere in the list starts a search. Not gtk_search_entry_set_key_capture_widget():
 * in GTK 4.8 it forwards every key to the entry first, so Delete never reached win.delete.
 * This runs in the bubble phase and takes only printable characters nobody else handled. */
static gboolean
type_to_search_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   IsplicWindow          *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gunichar c = gdk_keyval_to_unicode (keyval);
  char text[7];
  int length, position;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "licenses") != 0)
    return FALSE;
  if (shortcut_key (self, focus, keyval, state))
    return TRUE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK))
    return FALSE;
  if (c == 0 || !g_unichar_isgraph (c))
    return FALSE;
  if (focus != NULL && (focus == GTK_WIDGET (self->search_entry)
                        || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry))
                        || GTK_IS_EDITABLE (focus)))
    return FALSE;

  length = g_unichar_to_utf8 (c, text);
  text[length] = '\0';
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  position = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  gtk_editable_insert_text (GTK_EDITABLE (self->search_entry), text, length, &position);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  return TRUE;
}

/* Summary and states */

static gboolean
summary_idle_cb (gpointer user_data)
{
  IsplicWindow *self = user_data;
  g_autofree char *text = NULL;
  /* No more licenses are counted per iteration than take about this long. */
  gint64 deadline = g_get_monotonic_time () + 3000;

  if (self->tally_dirty)
    {
      isplic_expiry_tally_init (&self->tally, self->warning_days, NULL);
      self->tally_dirty = FALSE;
      self->tally_running = TRUE;
    }
  while (self->tally_running)
    {
      if (isplic_expiry_tally_step (&self->tally, G_LIST_MODEL (self->licenses), 2048))
        {
          self->tally_running = FALSE;
          self->n_expiring = self->tally.n_expiring;
          self->due = self->tally.due;
          self->n_due = self->tally.n_due;
          self->due_mixed = !self->tally.due_known;
        }
      else if (g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

  self->summary_idle_id = 0;
  /* The top of a long kept list, shown at start: its counts are not the list's. */
  if (isplic_session_get_cache_partial (self->session))
    text = g_strdup (_("Reading the rest of the saved list…"));
  else
    text = isplic_format_summary (isplic_license_view_get_n_total (self->view),
                                  isplic_license_view_get_n_shown (self->view),
                                  self->n_expiring, self->warning_days);
  if (gtk_action_bar_get_revealed (self->action_bar))
    {
      /* "… · 3 selected", as the bar says. */
      g_autofree char *with_selected =
        g_strdup_printf ("%s · %s", text, gtk_label_get_text (self->selected_label));

      g_free (text);
      text = g_steal_pointer (&with_selected);
    }
  gtk_label_set_text (self->summary_label, text);
  isplic_window_money_update_label (self);

  return G_SOURCE_REMOVE;
}

void
isplic_window_queue_summary (IsplicWindow *self)
{
  if (self->summary_idle_id == 0)
    self->summary_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, summary_idle_cb, self, NULL);
}

void
isplic_window_invalidate_counts (IsplicWindow *self)
{
  self->tally_dirty = TRUE;
  isplic_window_queue_summary (self);
}

static void
update_subtitle (IsplicWindow *self)
{
  GDateTime *last = isplic_license_list_get_last_refresh (self->licenses);
  const GError *error = isplic_license_list_get_error (self->licenses);
  g_autofree char *time = NULL;
  g_autofree char *subtitle = NULL;

  if (last != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (last);

      time = g_date_time_format (local, "%H:%M");
    }

  if (isplic_session_get_stale (self->session) && isplic_session_get_saved_time (self->session))
    {
      g_autoptr(GDateTime) saved =
        g_date_time_to_local (isplic_session_get_saved_time (self->session));
      g_autofree char *when = g_date_time_format (saved, "%x %H:%M");

      /* Translators: the list kept from the last start is shown until the server answers;
       * %s is a date and time */
      subtitle = g_strdup_printf (_("Showing the list saved %s; updating…"), when);
    }
  else if (isplic_license_list_get_loading (self->licenses))
    subtitle = g_strdup (_("Updating…"));
  else if (error != NULL && time != NULL)
    /* Translators: the list on screen is older than the server's; %s is a time like 12:03 */
    subtitle = g_strdup_printf (_("Last updated %s — not current"), time);
  else if (error != NULL)
    subtitle = g_strdup (_("Not current"));
  else if (time != NULL)
    subtitle = g_strdup_printf (_("Updated %s"), time);

  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
}

void
isplic_window_update_state (IsplicWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->licenses));
  gboolean loading = isplic_license_list_get_loading (self->licenses);
  const GError *error = isplic_license_list_get_error (self->licenses);
  const char *page;

  if (n > 0)
    page = "list";
  else if (loading)
    page = "loading";
  else if (error != NULL)
    page = "error";
  else if (isplic_license_list_get_last_refresh (self->licenses) != NULL)
    page = "empty";
  else
    page = "loading";

  if (error != NULL)
    {
      /* The description is markup; the server's message is text. */
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
    }

  gtk_stack_set_visible_child_name (self->content_stack, page);
  gtk_stack_set_visible_child_name (self->refresh_stack, loading ? "spinner" : "button");
  gtk_spinner_set_spinning (self->refresh_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), n > 0);
  update_subtitle (self);
}

static void
licenses_changed_cb (IsplicWindow *self)
{
  isplic_window_invalidate_counts (self);
  isplic_window_update_state (self);
  isplic_window_export_update (self);
}

static void
filter_items_changed_cb (IsplicWindow *self)
{
  isplic_window_update_state (self);
  isplic_window_export_update (self);
  isplic_window_queue_summary (self);
}

/* The one license selected is watched: a change made to it in place (its key fetched, which
 * turns a Processing license Active) enables what now applies without reselecting it. */
static void
watch_license (IsplicWindow  *self,
               IsplicLicense *license)
{
  if (self->watched == license)
    return;
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_set_object (&self->watched, license);
  if (license != NULL)
    g_signal_connect_object (license, "notify",
                             G_CALLBACK (isplic_window_update_actions), self, G_CONNECT_SWAPPED);
}

/* The pane and the actions show the licenses selected now: after a delete, a refresh or a search
 * that took a license away they show none of it. */
static void
selection_changed_cb (IsplicWindow *self)
{
  g_autoptr(GPtrArray) selected = isplic_window_get_selected (self);

  watch_license (self, selected->len == 1 ? g_ptr_array_index (selected, 0) : NULL);
  isplic_window_update_actions (self);
  if (adw_flap_get_reveal_flap (self->flap))
    isplic_details_pane_set_licenses (isplic_window_get_details_pane (self), selected);
}

/* The pane, built when it is first shown (a few milliseconds less before the first paint). */
IsplicDetailsPane *
isplic_window_get_details_pane (IsplicWindow *self)
{
  IsplicClient *client;

  if (self->details_pane != NULL)
    return self->details_pane;
  self->details_pane = ISPLIC_DETAILS_PANE (isplic_details_pane_new ());
  adw_flap_set_flap (self->flap, GTK_WIDGET (self->details_pane));
  g_signal_connect_object (self->details_pane, "license-changed",
                           G_CALLBACK (isplic_window_invalidate_counts), self,
                           G_CONNECT_SWAPPED);
  client = isplic_session_get_signed_in (self->session)
           ? isplic_session_get_client (self->session) : NULL;
  isplic_details_pane_set_client (self->details_pane, client);
  isplic_details_pane_set_trial (self->details_pane, self->any_trial);
  return self->details_pane;
}

static void
flap_revealed_cb (IsplicWindow *self)
{
  if (adw_flap_get_reveal_flap (self->flap))
    selection_changed_cb (self);
  else if (self->details_pane != NULL)
    isplic_details_pane_set_license (self->details_pane, NULL);
}

static void
sign_in_box_mapped_cb (IsplicWindow *self)
{
  isplic_window_get_sign_in_page (self);
}

/* Settings */

static void
warning_days_changed_cb (IsplicWindow *self)
{
  self->warning_days = g_settings_get_uint (self->settings, "expiry-warning-days");
  isplic_license_view_set_warning_days (self->view, self->warning_days);
  isplic_window_invalidate_counts (self);
}

void
isplic_window_show_preferences (IsplicWindow *self)
{
  IsplicClient *client;
  GtkWidget *prefs;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  client = isplic_session_get_client (self->session);
  prefs = isplic_preferences_window_new (self->settings,
                                         client ? isplic_client_get_base_url (client) : NULL,
                                         client ? isplic_client_get_user (client) : NULL,
                                         isplic_session_get_demo (self->session));
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
shortcuts_destroy_cb (IsplicWindow *self)
{
  g_object_set_data (G_OBJECT (self), "isplic-shortcuts", NULL);
}

void
isplic_window_show_shortcuts (IsplicWindow *self)
{
  GtkWindow *shortcuts;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  /* Not GtkApplicationWindow's automatic gtk/help-overlay.ui: that one is built with every
   * window, ~10 ms of the start-up, and is rarely opened. */
  shortcuts = g_object_get_data (G_OBJECT (self), "isplic-shortcuts");
  if (shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/com/example/IspLic/isplic-shortcuts-window.ui");

      /* GTK keeps the window (as every toplevel) and destroys it with this one. */
      shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
      gtk_window_set_transient_for (shortcuts, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (shortcuts, TRUE);
      gtk_window_set_hide_on_close (shortcuts, TRUE);
      g_object_set_data (G_OBJECT (self), "isplic-shortcuts", shortcuts);
      g_signal_connect_object (shortcuts, "destroy", G_CALLBACK (shortcuts_destroy_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (shortcuts);
}

void
isplic_window_select_ids (IsplicWindow       *self,
                          const char * const *ids)
{
  g_return_if_fail (ISPLIC_IS_WINDOW (self));
  isplic_license_view_select_ids (self->view, ids);
}

/* GObject */

static gboolean
isplic_window_close_request (GtkWindow *window)
{
  IsplicWindow *self = ISPLIC_WINDOW (window);
  int width, height;

  /* Nothing is stored in demo mode. */
  if (!isplic_session_get_demo (self->session))
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (isplic_window_parent_class)->close_request (window);
}

static void
isplic_window_dispose (GObject *object)
{
  IsplicWindow *self = ISPLIC_WINDOW (object);

  if (self->session != NULL)
    {
      isplic_session_shutdown (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_clear_handle_id (&self->summary_idle_id, g_source_remove);
  g_clear_weak_pointer (&self->refresh_toast);
  watch_license (self, NULL);

  /* Tearing the models down emits items-changed; nothing of ours should react any more. */
  if (self->licenses != NULL)
    g_signal_handlers_disconnect_by_data (self->licenses, self);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_WINDOW);
  self->sign_in_page = NULL;
  g_clear_pointer (&self->sign_in_url, g_free);
  g_clear_pointer (&self->sign_in_user, g_free);
  g_clear_object (&self->licenses);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->balance, isplic_balance_free);
  g_clear_pointer (&self->cart, isplic_cart_free);
  g_clear_object (&self->accounts_menu);

  G_OBJECT_CLASS (isplic_window_parent_class)->dispose (object);
}

static void
isplic_window_class_init (IsplicWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isplic_window_dispose;
  window_class->close_request = isplic_window_close_request;

  g_type_ensure (ISPLIC_TYPE_LICENSE);
  g_type_ensure (ISPLIC_TYPE_SIGN_IN_PAGE);
  g_type_ensure (ISPLIC_TYPE_DETAILS_PANE);
  g_type_ensure (ISPLIC_TYPE_LICENSE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/IspLic/isplic-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, sign_in_box);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, order_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, renew_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, action_bar);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, selected_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, sign_in_menu_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, view);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, cart_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, balance_label);
  gtk_widget_class_bind_template_callback (widget_class, isplic_window_show_cart);

  gtk_widget_class_bind_template_callback (widget_class, sign_in_box_mapped_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_revealed_cb);

  /* Delete opens the delete confirmation; a text field with focus handles the key first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
}

static void
name_menu_button (GtkWidget  *button,
                  const char *name)
{
  GtkWidget *inner = gtk_widget_get_first_child (button);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (inner != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (inner), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* The main menu's popover, ~50 widgets, is made when the menu is first opened (click, F10),
 * not with the window. */
static void
create_main_menu_cb (GtkMenuButton *button,
                     gpointer       user_data)
{
  IsplicWindow *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
isplic_window_init (IsplicWindow *self)
{
  GtkEventController *key;
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->warning_days = g_settings_get_uint (self->settings, "expiry-warning-days");
  self->tally_dirty = TRUE;

  self->session = isplic_session_new (self->settings);
  self->licenses = g_object_ref (isplic_session_get_licenses (self->session));
  isplic_window_connect_session (self);
  isplic_license_view_set_warning_days (self->view, self->warning_days);
  isplic_license_view_set_licenses (self->view, self->licenses);
  g_signal_connect_object (self->licenses, "items-changed", G_CALLBACK (licenses_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->licenses, "notify::loading",
                           G_CALLBACK (isplic_window_update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->licenses, "notify::error",
                           G_CALLBACK (isplic_window_update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "shown-changed", G_CALLBACK (filter_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "rows-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "row-activated", G_CALLBACK (isplic_window_show_details),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::search-text", G_CALLBACK (view_search_text_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::status-filter", G_CALLBACK (view_status_filter_cb),
                           self, G_CONNECT_SWAPPED);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (type_to_search_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  g_object_bind_property (self->details_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->settings, "changed::expiry-warning-days",
                           G_CALLBACK (warning_days_changed_cb), self, G_CONNECT_SWAPPED);

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button), create_main_menu_cb,
                                         self, NULL);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->sign_in_menu_button),
                                         create_main_menu_cb, self, NULL);
  /* GTK 4.8 drops a GtkMenuButton's accessible label given in .ui; name it and its button. */
  name_menu_button (self->menu_button, _("Main menu"));
  name_menu_button (self->sign_in_menu_button, _("Main menu"));
  /* Likewise GtkDropDown's own button. */
  name_menu_button (GTK_WIDGET (self->status_dropdown), _("Status filter"));
  /* The drop-down sits at the window's right edge: its list opens leftwards from there instead
   * of centred on it, past the edge. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->status_dropdown));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_widget_set_halign (child, GTK_ALIGN_END);

  isplic_window_install_actions (self);
  isplic_window_install_accounts (self);
  isplic_window_update_state (self);
  isplic_window_update_actions (self);
}

IsplicWindow *
isplic_window_new (AdwApplication *application)
{
  return g_object_new (ISPLIC_TYPE_WINDOW, "application", application, NULL);
}

gboolean
isplic_window_get_signed_in (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), FALSE);
  return isplic_session_get_signed_in (self->session);
}

gboolean
isplic_window_get_demo (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), FALSE);
  return isplic_session_get_demo (self->session);
}

IsplicClient *
isplic_window_get_client (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), NULL);
  return isplic_session_get_client (self->session);
}

IsplicLicenseList *
isplic_window_get_licenses (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), NULL);
  return self->licenses;
}
