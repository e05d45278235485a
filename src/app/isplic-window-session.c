/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicWindow's side of its IsplicSession: the sign-in page, signing out, refresh failures. */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-window-private.h"

static void
set_app_action_enabled (IsplicWindow *self,
                        const char   *name,
                        gboolean      enabled)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GAction *action;

  if (app == NULL)
    return;
  action = g_action_map_lookup_action (G_ACTION_MAP (app), name);
  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

IsplicSignInPage *
isplic_window_get_sign_in_page (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), NULL);

  if (self->sign_in_page != NULL)
    return self->sign_in_page;
  self->sign_in_page = g_object_new (ISPLIC_TYPE_SIGN_IN_PAGE, "vexpand", TRUE, NULL);
  g_signal_connect_object (self->sign_in_page, "sign-in", G_CALLBACK (isplic_window_sign_in),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "demo", G_CALLBACK (isplic_window_start_demo),
                           self, G_CONNECT_SWAPPED);
  if (self->sign_in_url != NULL)
    isplic_sign_in_page_set_server_url (self->sign_in_page, self->sign_in_url);
  if (self->sign_in_user != NULL)
    isplic_sign_in_page_set_user (self->sign_in_page, self->sign_in_user);
  isplic_sign_in_page_set_busy (self->sign_in_page, self->sign_in_busy);
  g_clear_pointer (&self->sign_in_url, g_free);
  g_clear_pointer (&self->sign_in_user, g_free);
  gtk_box_append (self->sign_in_box, GTK_WIDGET (self->sign_in_page));
  return self->sign_in_page;
}

/* Busy or not, on the page or, until it is built, for it. */
static void
set_sign_in_busy (IsplicWindow *self,
                  gboolean      busy)
{
  if (self->sign_in_page != NULL)
    isplic_sign_in_page_set_busy (self->sign_in_page, busy);
  else
    self->sign_in_busy = busy;
}

void
isplic_window_refresh_and_select (IsplicWindow       *self,
                                  const char * const *ids)
{
  isplic_session_refresh (self->session, ids);
}

static void
refresh_started_cb (IsplicWindow *self)
{
  isplic_window_money_refresh (self);
  isplic_window_update_state (self);
}

static void
refresh_retry_cb (IsplicWindow *self)
{
  isplic_window_refresh (self);
}

static void
refresh_finished (IsplicWindow *self)
{
  if (isplic_session_get_signed_in (self->session))
    {
      /* Expiry dates may have changed in place. */
      isplic_window_invalidate_counts (self);
      isplic_window_update_state (self);
      isplic_window_update_actions (self);
    }
}

static void
refreshed_cb (IsplicSession *session,
              GStrv          select_ids,
              IsplicWindow  *self)
{
  if (self->refresh_toast != NULL)
    adw_toast_dismiss (self->refresh_toast);
  if (select_ids != NULL)
    isplic_window_select_ids (self, (const char * const *) select_ids);
  refresh_finished (self);
}

static void
refresh_failed_cb (IsplicSession *session,
                   GError        *error,
                   IsplicWindow  *self)
{
  if (isplic_session_get_signed_in (session)
      && g_list_model_get_n_items (G_LIST_MODEL (self->licenses)) > 0)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      g_autofree char *title = g_strdup_printf (_("Could not refresh: %s"), escaped);
      AdwToast *toast = adw_toast_new (title);

      if (self->refresh_toast != NULL)
        adw_toast_dismiss (self->refresh_toast);
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 0);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (refresh_retry_cb), self,
                               G_CONNECT_SWAPPED);
      g_set_weak_pointer (&self->refresh_toast, toast);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  refresh_finished (self);
}

void
isplic_window_refresh (IsplicWindow *self)
{
  g_return_if_fail (ISPLIC_IS_WINDOW (self));
  isplic_window_refresh_and_select (self, NULL);
}

static void
signed_in_changed_cb (IsplicWindow *self)
{
  if (!isplic_session_get_signed_in (self->session))
    return;

  /* The password now lives in the client only. */
  set_sign_in_busy (self, FALSE);
  if (self->sign_in_page != NULL)
    {
      isplic_sign_in_page_set_password (self->sign_in_page, "");
      isplic_sign_in_page_set_error (self->sign_in_page, NULL);
    }

  if (self->details_pane != NULL)
    isplic_details_pane_set_client (self->details_pane,
                                    isplic_session_get_client (self->session));
  gtk_widget_set_visible (self->demo_label, isplic_session_get_demo (self->session));
  gtk_stack_set_visible_child_name (self->main_stack, "licenses");
  set_app_action_enabled (self, "sign-out", TRUE);

  isplic_window_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
sign_in_failed_cb (IsplicSession *session,
                   GError        *error,
                   IsplicWindow  *self)
{
  IsplicSignInPage *page = isplic_window_get_sign_in_page (self);

  isplic_sign_in_page_set_busy (page, FALSE);
  isplic_sign_in_page_set_error (page, error->message);
  isplic_sign_in_page_focus (page);
}

void
isplic_window_sign_in (IsplicWindow *self)
{
  g_autofree char *url = NULL;
  IsplicSignInPage *page;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  page = isplic_window_get_sign_in_page (self);
  url = isplic_sign_in_page_dup_server_url (page);
  isplic_sign_in_page_set_error (page, NULL);
  isplic_sign_in_page_set_busy (page, TRUE);
  isplic_session_sign_in (self->session, url, isplic_sign_in_page_get_user (page),
                          isplic_sign_in_page_get_password (page),
                          isplic_sign_in_page_get_remember (page));
}

void
isplic_window_start_demo (IsplicWindow *self)
{
  g_autoptr(GError) error = NULL;
  IsplicSignInPage *page;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  page = isplic_window_get_sign_in_page (self);
  if (!isplic_session_start_demo (self->session, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not start the demo: %s"),
                                                  error->message);

      isplic_sign_in_page_set_error (page, message);
      return;
    }
  isplic_sign_in_page_set_error (page, NULL);
  isplic_sign_in_page_set_busy (page, TRUE);
}

static void
restore_finished_cb (IsplicSession *session,
                     gboolean       signing_in,
                     IsplicWindow  *self)
{
  /* A page built later starts with "remember" on, as this sets it. */
  if (signing_in && self->sign_in_page != NULL)
    isplic_sign_in_page_set_remember (self->sign_in_page, TRUE);
  set_sign_in_busy (self, signing_in);
  if (!signing_in && self->sign_in_page != NULL)
    isplic_sign_in_page_focus (self->sign_in_page);
}

void
isplic_window_restore_session (IsplicWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  url = g_settings_get_string (self->settings, "server-url");
  user = g_settings_get_string (self->settings, "user");
  isplic_window_prefill (self, url, user);
  if (isplic_session_restore (self->session))
    set_sign_in_busy (self, TRUE);
}

void
isplic_window_prefill (IsplicWindow *self,
                       const char   *server_url,
                       const char   *user)
{
  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  if (self->sign_in_page == NULL)
    {
      if (server_url != NULL)
        {
          g_free (self->sign_in_url);
          self->sign_in_url = g_strdup (server_url);
        }
      if (user != NULL)
        {
          g_free (self->sign_in_user);
          self->sign_in_user = g_strdup (user);
        }
      return;
    }
  if (server_url != NULL)
    isplic_sign_in_page_set_server_url (self->sign_in_page, server_url);
  if (user != NULL)
    isplic_sign_in_page_set_user (self->sign_in_page, user);
  isplic_sign_in_page_focus (self->sign_in_page);
}

void
isplic_window_clear_account_view (IsplicWindow *self)
{
  if (self->refresh_toast != NULL)
    adw_toast_dismiss (self->refresh_toast);
  adw_flap_set_reveal_flap (self->flap, FALSE);
  if (self->details_pane != NULL)
    {
      isplic_details_pane_set_license (self->details_pane, NULL);
      isplic_details_pane_set_client (self->details_pane, NULL);
    }
  isplic_window_money_clear (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, ISPLIC_STATUS_FILTER_ALL);
  gtk_widget_set_visible (self->demo_label, FALSE);
}

void
isplic_window_show_sign_in (IsplicWindow *self,
                            const char   *server_url,
                            const char   *user)
{
  IsplicSignInPage *page = isplic_window_get_sign_in_page (self);

  isplic_window_prefill (self, server_url, user);
  isplic_sign_in_page_set_password (page, "");
  isplic_sign_in_page_set_busy (page, FALSE);
  isplic_sign_in_page_set_error (page, NULL);

  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  set_app_action_enabled (self, "sign-out", FALSE);
  isplic_window_update_actions (self);
  isplic_window_update_state (self);
  isplic_sign_in_page_focus (page);
}

void
isplic_window_sign_out_now (IsplicWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  isplic_window_clear_account_view (self);
  isplic_session_sign_out (self->session);

  url = g_settings_get_string (self->settings, "server-url");
  user = g_settings_get_string (self->settings, "user");
  isplic_window_show_sign_in (self, url, user);
}

static void
sign_out_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      IsplicWindow     *self)
{
  if (g_strcmp0 (response, "sign-out") == 0)
    isplic_window_sign_out_now (self);
}

void
isplic_window_sign_out (IsplicWindow *self)
{
  GtkWidget *dialog;
  const char *body;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  if (!isplic_session_get_signed_in (self->session))
    return;

  if (isplic_session_get_demo (self->session))
    body = _("The demo server and its sample licenses will be discarded.");
  else
    body = _("IspLic will forget the saved password for this account. You can sign in again at "
             "any time.");

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The list kept from the last start is on show (or taken off): the list page while it is,
 * marked in the subtitle, with every action that buys or changes disabled. While it is being
 * read at start, too: it is on show at the first paint, and that page is the one to lay out
 * (the sign-in page is not even built then). */
static void
stale_changed_cb (IsplicWindow *self)
{
  if (isplic_session_get_stale (self->session) || isplic_session_get_reading_cache (self->session))
    gtk_stack_set_visible_child_name (self->main_stack, "licenses");
  else if (!isplic_session_get_signed_in (self->session))
    gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  isplic_window_update_state (self);
  isplic_window_update_actions (self);
}

/* What an earlier run sent without seeing the answer, looked into with the server: told once. */
static void
journal_told_cb (IsplicSession *session,
                 GPtrArray     *entries,
                 IsplicWindow  *self)
{
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;

  for (guint i = 0; i < entries->len; i++)
    {
      IsplicJournalEntry *entry = entries->pdata[i];
      g_autoptr(GDateTime) local = g_date_time_to_local (entry->sent);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *what = isplic_journal_entry_describe (entry);

      if (body->len > 0)
        g_string_append (body, "\n\n");
      /* Translators: what was sent, e.g. "Renew license 3100234 for 12 months"; when; and what
       * the reconcile found */
      g_string_append_printf (body, _("“%s”, sent %s: %s"), what, when,
                              entry->message != NULL ? entry->message : "");
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (self),
    ngettext ("IspLic Stopped Before an Answer", "IspLic Stopped Before Answers", entries->len),
    body->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
isplic_window_connect_session (IsplicWindow *self)
{
  g_signal_connect_object (self->session, "journal-told", G_CALLBACK (journal_told_cb), self, 0);
  g_signal_connect_object (self->session, "notify::stale", G_CALLBACK (stale_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::reading-cache", G_CALLBACK (stale_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* The summary says the rest of a long kept list is being read while only its head is in. */
  g_signal_connect_object (self->session, "notify::cache-partial",
                           G_CALLBACK (isplic_window_queue_summary), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::signed-in", G_CALLBACK (signed_in_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "sign-in-failed", G_CALLBACK (sign_in_failed_cb), self,
                           0);
  g_signal_connect_object (self->session, "restore-finished", G_CALLBACK (restore_finished_cb),
                           self, 0);
  g_signal_connect_object (self->session, "refresh-started", G_CALLBACK (refresh_started_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "refreshed", G_CALLBACK (refreshed_cb), self, 0);
  g_signal_connect_object (self->session, "refresh-failed", G_CALLBACK (refresh_failed_cb), self,
                           0);
}
