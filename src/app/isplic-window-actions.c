/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-history-window.h"
#include "isplic-license-format.h"
#include "isplic-license-text.h"
#include "isplic-widget-util.h"
#include "isplic-window-private.h"

GPtrArray *
isplic_window_get_selected (IsplicWindow *self)
{
  return isplic_license_view_get_selected (self->view);
}

/* Only the selected licenses the operation applies to. */
static GPtrArray *
selected_with_status (IsplicWindow        *self,
                      IsplicLicenseStatus  status)
{
  g_autoptr(GPtrArray) selected = isplic_window_get_selected (self);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < selected->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (selected, i);

      if (isplic_license_get_status (license) == status)
        g_ptr_array_add (result, g_object_ref (license));
    }

  return result;
}

static IsplicLicense *
single_selected (IsplicWindow *self)
{
  g_autoptr(GPtrArray) selected = isplic_window_get_selected (self);

  if (selected->len != 1)
    return NULL;
  return g_object_ref (g_ptr_array_index (selected, 0));
}

static void
set_enabled (IsplicWindow *self,
             const char   *name,
             gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
isplic_window_update_actions (IsplicWindow *self)
{
  gboolean signed_in = isplic_window_client (self) != NULL;
  /* Nothing is bought or changed on the list kept from the last start: only on the server's. */
  gboolean current = signed_in && !isplic_session_get_stale (self->session);
  g_autoptr(GPtrArray) selected = NULL;
  gboolean any_active = FALSE;
  gboolean any_suspended = FALSE;
  gboolean any_trial = FALSE;
  gboolean takes_nodes = FALSE;
  guint n = 0;

  if (current)
    {
      selected = isplic_window_get_selected (self);
      n = selected->len;
      for (guint i = 0; i < n; i++)
        {
          IsplicLicenseStatus status = isplic_license_get_status (g_ptr_array_index (selected, i));

          any_active |= status == ISPLIC_LICENSE_STATUS_ACTIVE;
          any_suspended |= status == ISPLIC_LICENSE_STATUS_SUSPENDED;
          any_trial |= isplic_license_is_trial (g_ptr_array_index (selected, i));
        }
      if (n == 1)
        {
          const IsplicTariff *tariff =
            isplic_tariff_lookup (isplic_license_get_tariff_id (g_ptr_array_index (selected, 0)));

          takes_nodes = tariff != NULL && tariff->has_nodes;
        }
    }

  set_enabled (self, "order", current);
  set_enabled (self, "refresh", signed_in);
  set_enabled (self, "search", signed_in || isplic_session_get_stale (self->session));
  /* billmgr cannot renew a trial: say so on the button instead of opening a dead end. */
  set_enabled (self, "renew", n >= 1 && !any_trial);
  isplic_set_tooltip_text (self->renew_button, any_trial ? _("Trial licenses cannot be renewed")
                                                        : _("Renew (Ctrl+E)"));
  if (any_trial)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->renew_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    _("Trial licenses cannot be renewed"), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->renew_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  set_enabled (self, "delete", n >= 1);
  set_enabled (self, "suspend", any_active);
  set_enabled (self, "resume", any_suspended);
  set_enabled (self, "edit", n == 1);
  set_enabled (self, "change-tariff", n == 1);
  set_enabled (self, "change-nodes", takes_nodes);
  set_enabled (self, "new-key", n == 1);
  set_enabled (self, "details", n >= 1);
  set_enabled (self, "copy-ip", n == 1);
  set_enabled (self, "copy-key", n == 1 && isplic_license_get_key (g_ptr_array_index (selected, 0))
                                           != NULL);
  set_enabled (self, "toggle-details", signed_in);
  set_enabled (self, "history", signed_in);

  /* Several selected: the bar at the bottom names them and offers what applies to a group. */
  if (n >= 2)
    {
      g_autofree char *count = isplic_format_count (n);
      /* Translators: %s is a number of licenses, e.g. "1,997" */
      g_autofree char *text = g_strdup_printf (ngettext ("%s selected", "%s selected", n), count);

      gtk_label_set_text (self->selected_label, text);
    }
  gtk_action_bar_set_revealed (self->action_bar, n >= 2);
  /* Hidden, not only folded away: its buttons must not set the minimum width of the list. */
  gtk_widget_set_visible (GTK_WIDGET (self->action_bar), n >= 2);
  self->any_trial = any_trial;
  if (self->details_pane != NULL)
    isplic_details_pane_set_trial (self->details_pane, any_trial);
  isplic_window_export_update (self);
  isplic_window_queue_summary (self);
}

void
isplic_window_toast (IsplicWindow *self,
                     const char   *message)
{
  /* Toast titles are markup in libadwaita 1.2; messages are plain text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
isplic_window_show_details (IsplicWindow *self)
{
  g_autoptr(GPtrArray) selected = isplic_window_get_selected (self);

  if (selected->len == 0)
    return;
  adw_flap_set_reveal_flap (self->flap, TRUE);
  isplic_details_pane_set_licenses (isplic_window_get_details_pane (self), selected);
}

static void
dialog_succeeded_cb (GtkWidget    *dialog,
                     const char   *message,
                     GStrv         ids,
                     IsplicWindow *self)
{
  GStrv selection = g_object_get_data (G_OBJECT (dialog), "isplic-select-ids");

  if (message != NULL && *message != '\0')
    isplic_window_toast (self, message);
  /* A fresh order is processing for a while: it is watched until its key is ready. */
  if (ISPLIC_IS_ORDER_DIALOG (dialog))
    for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
      isplic_session_watch_order (self->session, ids[i]);
  isplic_window_refresh_and_select (self, (const char * const *) (selection != NULL ? selection
                                                                                    : ids));
}

static void
present_dialog (IsplicWindow *self,
                GtkWidget    *dialog)
{
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "succeeded", G_CALLBACK (dialog_succeeded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
order_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  IsplicWindow *self = user_data;

  GtkWidget *dialog;

  if (isplic_window_client (self) == NULL)
    return;
  dialog = isplic_order_dialog_new (isplic_window_client (self));
  /* A suspended, paid license of the chosen tariff is offered instead of buying. */
  isplic_order_dialog_set_licenses (ISPLIC_ORDER_DIALOG (dialog),
                                    G_LIST_MODEL (isplic_window_get_licenses (self)));
  present_dialog (self, dialog);
}

static void
renew_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  IsplicWindow *self = user_data;
  g_autoptr(GPtrArray) selected = isplic_window_get_selected (self);

  if (isplic_window_client (self) != NULL && selected->len > 0)
    present_dialog (self, isplic_renew_dialog_new (isplic_window_client (self), selected));
}

static void
edit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  IsplicWindow *self = user_data;
  g_autoptr(IsplicLicense) license = single_selected (self);

  if (isplic_window_client (self) != NULL && license != NULL)
    present_dialog (self, isplic_edit_dialog_new (isplic_window_client (self), license));
}

static void
change_tariff_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  IsplicWindow *self = user_data;
  g_autoptr(IsplicLicense) license = single_selected (self);

  if (isplic_window_client (self) != NULL && license != NULL)
    present_dialog (self, isplic_tariff_dialog_new (isplic_window_client (self), license));
}

static void
change_nodes_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  IsplicWindow *self = user_data;
  g_autoptr(IsplicLicense) license = single_selected (self);

  if (isplic_window_client (self) != NULL && license != NULL)
    present_dialog (self, isplic_nodes_dialog_new (isplic_window_client (self), license));
}

static void
new_key_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  IsplicWindow *self = user_data;
  g_autoptr(IsplicLicense) license = single_selected (self);

  if (isplic_window_client (self) != NULL && license != NULL)
    present_dialog (self, isplic_key_dialog_new (isplic_window_client (self), license));
}

/* "131 of the 1,997 selected are already suspended and are left alone." for a suspend (or
 * resume) of a selection of which only @n_applied are active (or suspended). */
static char *
left_alone_note (IsplicGroupAction  action,
                 GPtrArray         *selected,
                 guint              n_applied)
{
  guint left = selected->len - n_applied;
  g_autofree char *n_left = isplic_format_count (left);
  g_autofree char *n_selected = isplic_format_count (selected->len);
  IsplicLicenseStatus already = action == ISPLIC_GROUP_ACTION_SUSPEND
                                ? ISPLIC_LICENSE_STATUS_SUSPENDED : ISPLIC_LICENSE_STATUS_ACTIVE;
  guint n_already = 0;

  for (guint i = 0; i < selected->len; i++)
    if (isplic_license_get_status (g_ptr_array_index (selected, i)) == already)
      n_already++;

  /* All of those left alone are in the state the action leads to: say so. */
  if (n_already == left && action == ISPLIC_GROUP_ACTION_SUSPEND)
    /* Translators: "131 of the 1,997 selected are already suspended and are left alone." */
    return g_strdup_printf (ngettext ("%s of the %s selected is already suspended and is left "
                                      "alone.",
                                      "%s of the %s selected are already suspended and are left "
                                      "alone.", left), n_left, n_selected);
  if (n_already == left)
    return g_strdup_printf (ngettext ("%s of the %s selected is already active and is left "
                                      "alone.",
                                      "%s of the %s selected are already active and are left "
                                      "alone.", left), n_left, n_selected);
  if (action == ISPLIC_GROUP_ACTION_SUSPEND)
    /* Translators: some are suspended, others still being ordered or processed */
    return g_strdup_printf (ngettext ("%s of the %s selected is not active and is left alone.",
                                      "%s of the %s selected are not active and are left alone.",
                                      left), n_left, n_selected);
  return g_strdup_printf (ngettext ("%s of the %s selected is not suspended and is left alone.",
                                    "%s of the %s selected are not suspended and are left alone.",
                                    left), n_left, n_selected);
}

static void
group_action (IsplicWindow      *self,
              IsplicGroupAction  action)
{
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GStrvBuilder) ids = NULL;
  GtkWidget *dialog;

  if (isplic_window_client (self) == NULL)
    return;

  selected = isplic_window_get_selected (self);
  if (action == ISPLIC_GROUP_ACTION_SUSPEND)
    licenses = selected_with_status (self, ISPLIC_LICENSE_STATUS_ACTIVE);
  else if (action == ISPLIC_GROUP_ACTION_RESUME)
    licenses = selected_with_status (self, ISPLIC_LICENSE_STATUS_SUSPENDED);
  else
    licenses = g_ptr_array_ref (selected);

  if (licenses->len == 0)
    return;

  dialog = isplic_group_dialog_new (isplic_window_client (self), action, licenses);
  if (selected->len > licenses->len)
    {
      g_autofree char *note = left_alone_note (action, selected, licenses->len);

      isplic_group_dialog_add_note (ISPLIC_GROUP_DIALOG (dialog), note);
    }
  /* Afterwards the same licenses stay selected, those left alone too. */
  ids = g_strv_builder_new ();
  for (guint i = 0; i < selected->len; i++)
    g_strv_builder_add (ids, isplic_license_get_id (g_ptr_array_index (selected, i)));
  g_object_set_data_full (G_OBJECT (dialog), "isplic-select-ids", g_strv_builder_end (ids),
                          (GDestroyNotify) g_strfreev);
  present_dialog (self, dialog);
}

static void
suspend_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  group_action (user_data, ISPLIC_GROUP_ACTION_SUSPEND);
}

static void
resume_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  group_action (user_data, ISPLIC_GROUP_ACTION_RESUME);
}

static void
delete_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  group_action (user_data, ISPLIC_GROUP_ACTION_DELETE);
}

static void
details_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  isplic_window_show_details (user_data);
}

static void
close_details_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  IsplicWindow *self = user_data;

  adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  isplic_window_refresh (user_data);
}

static void
search_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  IsplicWindow *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
isplic_window_search (IsplicWindow *self,
                      const char   *text)
{
  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
copy_ip_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  IsplicWindow *self = user_data;
  g_autoptr(IsplicLicense) license = single_selected (self);
  const char *ip = license ? isplic_license_get_ip (license) : NULL;

  if (ip == NULL || *ip == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), ip);
  isplic_window_toast (self, _("IP address copied"));
}

static void
copy_key_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  IsplicWindow *self = user_data;
  g_autoptr(IsplicLicense) license = single_selected (self);
  const char *key = license ? isplic_license_get_key (license) : NULL;

  if (key == NULL || *key == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), key);
  isplic_window_toast (self, _("License key copied"));
}

static void
toggle_details_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  IsplicWindow *self = user_data;

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
history_destroyed_cb (GtkWidget    *history,
                      IsplicWindow *self)
{
  g_object_set_data (G_OBJECT (self), "isplic-history-window", NULL);
}

/* Signed out, or on another account: the History window was the account's. */
static void
history_client_changed_cb (GtkWindow *history)
{
  gtk_window_destroy (history);
}

/* After each refresh (and so after each change the window made): what was sent since. */
static void
history_refreshed_cb (IsplicHistoryWindow *history,
                      GStrv                ids,
                      IsplicSession       *session)
{
  isplic_history_window_reload (history);
}

/* One History window per window: opened again, it reads the journal again. */
static void
history_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  IsplicWindow *self = user_data;
  GtkWidget *history = g_object_get_data (G_OBJECT (self), "isplic-history-window");

  if (isplic_window_client (self) == NULL)
    return;
  if (history != NULL)
    isplic_history_window_reload (ISPLIC_HISTORY_WINDOW (history));
  else
    {
      history = isplic_history_window_new (isplic_window_client (self), self->licenses);
      gtk_window_set_transient_for (GTK_WINDOW (history), GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (history), TRUE);
      g_object_set_data (G_OBJECT (self), "isplic-history-window", history);
      g_signal_connect_object (history, "destroy", G_CALLBACK (history_destroyed_cb), self, 0);
      g_signal_connect_object (self->session, "notify::client",
                               G_CALLBACK (history_client_changed_cb), history,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->session, "refreshed", G_CALLBACK (history_refreshed_cb),
                               history, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (history));
}

static const GActionEntry win_entries[] = {
  { "order", order_action },
  { "renew", renew_action },
  { "edit", edit_action },
  { "change-tariff", change_tariff_action },
  { "change-nodes", change_nodes_action },
  { "new-key", new_key_action },
  { "suspend", suspend_action },
  { "resume", resume_action },
  { "delete", delete_action },
  { "details", details_action },
  { "close-details", close_details_action },
  { "refresh", refresh_action },
  { "search", search_action },
  { "copy-ip", copy_ip_action },
  { "copy-key", copy_key_action },
  { "toggle-details", toggle_details_action },
  { "history", history_action },
};

static void
order_ready_cb (IsplicWindow  *self,
                IsplicLicense *license)
{
  g_autofree char *name = isplic_bidi_isolate (isplic_license_get_name (license));
  /* Translators: a fresh order is ready; %s is the license's name, e.g. "web-01" */
  g_autofree char *message = g_strdup_printf (_("%s is active; its key is ready"), name);

  isplic_window_toast (self, message);
  isplic_window_update_actions (self);
}

void
isplic_window_install_actions (IsplicWindow *self)
{
  g_signal_connect_object (self->session, "order-ready", G_CALLBACK (order_ready_cb), self,
                           G_CONNECT_SWAPPED);
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries),
                                   self);  isplic_window_install_export_actions (self);
}
