/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Running in the background (issue 11): asked once, when a signed-in window is first closed;
 * then the application holds itself, checks the account every few hours and turns what needs
 * attention into desktop notifications, each opening the window at its licenses. It starts with
 * the session through the Background portal inside Flatpak, an autostart entry otherwise.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libportal/portal.h>

#include "isplic-application-private.h"

/* The first check after the application starts in the background: after the desktop settles. */
#define FIRST_CHECK_SECONDS 60

static void schedule (IsplicApplication *self, guint seconds);

static const char *
notice_id (IsplicWatchKind kind)
{
  switch (kind)
    {
    case ISPLIC_WATCH_EXPIRING:
      return "expiring";
    case ISPLIC_WATCH_BALANCE:
      return "balance";
    case ISPLIC_WATCH_ORDER_READY:
      return "order-ready";
    case ISPLIC_WATCH_LONG_SUSPENDED:
    default:
      return "suspended";
    }
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  IsplicApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = isplic_background_check_finish (ISPLIC_BACKGROUND (source),
                                                                 result, &error);

  if (notices == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Background check: %s", error->message);
      g_object_unref (self);
      return;
    }
  for (guint i = 0; i < notices->len; i++)
    {
      IsplicWatchNotice *notice = notices->pdata[i];
      g_autoptr(GNotification) notification = g_notification_new (notice->title);

      g_notification_set_body (notification, notice->body);
      g_notification_set_default_action_and_target_value (
        notification, "app.show-licenses",
        g_variant_new_strv ((const char * const *) notice->ids, -1));
      if (notice->kind == ISPLIC_WATCH_BALANCE || notice->kind == ISPLIC_WATCH_LONG_SUSPENDED)
        g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_application_send_notification (G_APPLICATION (self), notice_id (notice->kind),
                                       notification);
    }
  g_object_unref (self);
}

void
isplic_application_background_check (IsplicApplication *self)
{
  if (self->background == NULL)
    self->background = isplic_background_new (self->settings);
  if (self->background_cancellable == NULL)
    self->background_cancellable = g_cancellable_new ();
  isplic_background_check_async (self->background, self->background_cancellable, check_cb,
                                 g_object_ref (self));
}

static gboolean
timer_cb (gpointer user_data)
{
  IsplicApplication *self = user_data;

  self->background_timer = 0;
  isplic_application_background_check (self);
  schedule (self, g_settings_get_uint (self->settings, "background-check-hours") * 3600);
  return G_SOURCE_REMOVE;
}

static void
schedule (IsplicApplication *self,
          guint              seconds)
{
  g_clear_handle_id (&self->background_timer, g_source_remove);
  self->background_timer = g_timeout_add_seconds (seconds, timer_cb, self);
}

/* Holds the application (it stays without a window) and checks, or lets it go. */
static void
update_mode (IsplicApplication *self)
{
  gboolean enabled = g_settings_get_boolean (self->settings, "run-in-background");

  if (enabled && !self->background_hold)
    {
      g_application_hold (G_APPLICATION (self));
      self->background_hold = TRUE;
      schedule (self, FIRST_CHECK_SECONDS);
    }
  else if (!enabled && self->background_hold)
    {
      g_clear_handle_id (&self->background_timer, g_source_remove);
      g_cancellable_cancel (self->background_cancellable);
      g_clear_object (&self->background_cancellable);
      self->background_hold = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

static void
portal_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!xdp_portal_request_background_finish (XDP_PORTAL (source), result, &error))
    g_message ("The Background portal refused: %s",
               error != NULL ? error->message : "no reason given");
}

/* Starts with the session or not: the portal in Flatpak, an autostart entry otherwise. */
static void
apply_autostart (gboolean enabled)
{
  g_autoptr(GError) error = NULL;

  if (xdp_portal_running_under_flatpak ())
    {
      g_autoptr(XdpPortal) portal = xdp_portal_new ();
      g_autoptr(GPtrArray) command = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (command, g_strdup ("isplic"));
      g_ptr_array_add (command, g_strdup ("--background"));
      xdp_portal_request_background (portal, NULL,
                                     _("Check your licenses and balance a few times a day"),
                                     command,
                                     enabled ? XDP_BACKGROUND_FLAG_AUTOSTART
                                             : XDP_BACKGROUND_FLAG_NONE,
                                     NULL, portal_cb, NULL);
      return;
    }
  if (!isplic_background_set_autostart (enabled, &error))
    g_message ("Could not change the autostart entry: %s", error->message);
}

static void
run_in_background_changed_cb (IsplicApplication *self)
{
  update_mode (self);
  apply_autostart (g_settings_get_boolean (self->settings, "run-in-background"));
}

static void
show_licenses_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  g_autofree const char **ids = g_variant_get_strv (param, NULL);
  GApplication *app = user_data;

  /* The window, at those licenses (it signs in first when it was not open). */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-license",
                                  g_variant_new_string (ids[0] != NULL ? ids[0] : ""));
  {
    GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

    if (ISPLIC_IS_WINDOW (window) && ids[0] != NULL)
      isplic_window_select_ids (ISPLIC_WINDOW (window), ids);
  }
}

void
isplic_application_background_start (IsplicApplication *self)
{
  static const GActionEntry entries[] = {
    { "show-licenses", show_licenses_action, "as" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  g_signal_connect_swapped (self->settings, "changed::run-in-background",
                            G_CALLBACK (run_in_background_changed_cb), self);
  update_mode (self);
}

void
isplic_application_background_stop (IsplicApplication *self)
{
  g_clear_handle_id (&self->background_timer, g_source_remove);
  g_cancellable_cancel (self->background_cancellable);
  g_clear_object (&self->background_cancellable);
  g_clear_object (&self->background);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
}

/* Asking once */

static void
consent_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  IsplicApplication *self = user_data;
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  g_settings_set_boolean (self->settings, "background-asked", TRUE);
  if (g_strcmp0 (response, "background") == 0)
    g_settings_set_boolean (self->settings, "run-in-background", TRUE);
  /* Asked: the window closes as it was going to. */
  if (window != NULL)
    gtk_window_close (window);
}

static gboolean
close_request_cb (IsplicWindow      *window,
                  IsplicApplication *self)
{
  AdwMessageDialog *dialog;

  if (g_settings_get_boolean (self->settings, "background-asked")
      || g_settings_get_boolean (self->settings, "run-in-background")
      || !isplic_window_get_signed_in (window) || isplic_window_get_demo (window))
    return FALSE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (window), _("Keep Checking in the Background?"),
    _("IspLic can keep running without a window and check the account a few times a day, "
      "with a notification when licenses are about to expire without auto-renewal, when the "
      "balance will not cover the renewals due, when an order becomes active, or when a "
      "license has been suspended for 20 days. You can change this in Preferences.")));
  adw_message_dialog_add_responses (dialog, "close", _("_Not Now"),
                                    "background", _("_Run in Background"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "background",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "background");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect (dialog, "response", G_CALLBACK (consent_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

void
isplic_application_watch_window (IsplicApplication *self,
                                 IsplicWindow      *window)
{
  g_signal_connect_object (window, "close-request", G_CALLBACK (close_request_cb), self, 0);
}
