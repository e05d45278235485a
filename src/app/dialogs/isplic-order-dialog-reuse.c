/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reuse instead of buying (issue 11): when the account has a suspended license of the chosen
 * tariff that is still paid for, the order dialog offers to give it the IP address and name of
 * the form and resume it — nothing is charged — before charging for a new one. Its own form says
 * whether its IP may change now (once a month).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialog-util-private.h"
#include "isplic-order-dialog-private.h"

void
isplic_order_dialog_clear_reuse (IsplicOrderDialog *self)
{
  if (self->reuse_cancellable != NULL)
    g_cancellable_cancel (self->reuse_cancellable);
  g_clear_object (&self->reuse_cancellable);
  g_clear_object (&self->reuse_candidate);
  g_clear_object (&self->reuse_form);
  g_clear_object (&self->licenses);
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);

  return g_date_time_format (local, "%Y-%m-%d");
}

static void
show_offer (IsplicOrderDialog *self)
{
  IsplicLicense *license = self->reuse_candidate;
  const char *name = isplic_license_get_name (license);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *paid_until = format_date (isplic_license_get_expires (license));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (name == NULL || *name == '\0')
    name = isplic_license_get_id (license);
  /* Translators: %s is a license name. */
  title = g_strdup_printf (_("Reuse “%s”"), name);
  if (self->reuse_form != NULL)
    next = isplic_license_next_ip_change (self->reuse_form, now);
  if (next != NULL)
    {
      g_autofree char *date = format_date (next);

      subtitle = g_strdup_printf (_("Suspended, paid until %s. Its IP address can change once a "
                                    "month: the next change is possible on %s."),
                                  paid_until, date);
    }
  else
    subtitle = g_strdup_printf (_("Suspended, paid until %s. It takes the IP address and name "
                                  "above and is resumed; nothing is charged."), paid_until);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reuse_row), title);
  adw_action_row_set_subtitle (self->reuse_row, subtitle);
  gtk_widget_set_sensitive (self->reuse_button, next == NULL && self->reuse_form != NULL);
  gtk_widget_set_visible (self->reuse_group, TRUE);
}

static void
form_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(IsplicOrderDialog) self = user_data;
  g_autoptr(IsplicLicense) form = NULL;
  g_autoptr(GError) error = NULL;

  form = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (form == NULL || self->reuse_candidate == NULL
      || g_strcmp0 (isplic_license_get_id (form),
                    isplic_license_get_id (self->reuse_candidate)) != 0)
    {
      /* Without its form the offer cannot be trusted: leave it out. */
      gtk_widget_set_visible (self->reuse_group, FALSE);
      return;
    }
  g_set_object (&self->reuse_form, form);
  show_offer (self);
}

void
isplic_order_dialog_update_reuse (IsplicOrderDialog *self)
{
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) candidates = NULL;
  IsplicLicense *candidate;

  if (self->licenses == NULL || self->client == NULL || tariff == NULL || tariff->trial)
    {
      gtk_widget_set_visible (self->reuse_group, FALSE);
      return;
    }
  candidates = isplic_reuse_candidates (self->licenses, tariff->id, now);
  candidate = candidates->len > 0 ? candidates->pdata[0] : NULL;
  if (candidate == NULL)
    {
      gtk_widget_set_visible (self->reuse_group, FALSE);
      g_clear_object (&self->reuse_candidate);
      return;
    }
  if (candidate == self->reuse_candidate)
    return;

  g_set_object (&self->reuse_candidate, candidate);
  g_clear_object (&self->reuse_form);
  if (self->reuse_cancellable != NULL)
    g_cancellable_cancel (self->reuse_cancellable);
  g_clear_object (&self->reuse_cancellable);
  self->reuse_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->reuse_group, FALSE);
  isplic_client_get_details_async (self->client, isplic_license_get_id (candidate),
                                   self->reuse_cancellable, form_cb, g_object_ref (self));
}

void
isplic_order_dialog_set_licenses (IsplicOrderDialog *self,
                                  GListModel        *licenses)
{
  g_return_if_fail (ISPLIC_IS_ORDER_DIALOG (self));
  g_return_if_fail (licenses == NULL || G_IS_LIST_MODEL (licenses));

  g_set_object (&self->licenses, licenses);
  isplic_order_dialog_update_reuse (self);
}

static void
reuse_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicOrderDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *id;

  if (!isplic_client_reuse_finish (ISPLIC_CLIENT (source), result, &error))
    {
      if (self->disposed)
        return;
      isplic_order_dialog_set_busy (self, FALSE, NULL);
      isplic_dialog_set_message (self->error_label, error->message);
      isplic_order_dialog_update_sensitivity (self);
      return;
    }
  if (self->disposed)
    return;
  id = isplic_license_get_id (self->reuse_candidate);
  /* Translators: %s is the license's new name. */
  message = g_strdup_printf (_("License %s reused; nothing was charged"),
                             gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  isplic_order_dialog_finish_success (self, message, id);
}

static void
confirm_cb (AdwMessageDialog *dialog,
            const char       *response,
            gpointer          user_data)
{
  IsplicOrderDialog *self = user_data;
  g_autofree char *name = NULL;
  g_autofree char *ip = NULL;

  if (g_strcmp0 (response, "reuse") != 0 || self->busy || self->reuse_candidate == NULL)
    return;
  name = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->name_row));
  ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));
  isplic_dialog_set_message (self->error_label, NULL);
  isplic_order_dialog_set_busy (self, TRUE, _("Reusing the license…"));
  /* No cancellable, as for an order: nothing is abandoned half-way. */
  isplic_client_reuse_async (self->client, isplic_license_get_id (self->reuse_candidate), ip,
                             name, NULL, reuse_cb, g_object_ref (self));
}

void
isplic_order_dialog_reuse_clicked_cb (IsplicOrderDialog *self)
{
  g_autofree char *name = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->name_row));
  g_autofree char *ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));
  g_autofree char *why = isplic_name_check (name);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *old_name;
  AdwMessageDialog *dialog;

  if (self->busy || self->reuse_candidate == NULL)
    return;
  if (!isplic_ip_is_valid (ip) || why != NULL)
    {
      isplic_dialog_set_message (self->error_label,
                                 _("Enter the new server's name and IP address above first."));
      return;
    }
  old_name = isplic_license_get_name (self->reuse_candidate);
  /* Translators: %s is a license name. */
  heading = g_strdup_printf (_("Reuse “%s”?"), old_name ? old_name : "");
  /* Translators: %s are the new IP address and the new name. */
  body = g_strdup_printf (_("Its IP address becomes %s and its name %s, and it is resumed. "
                            "Nothing is charged. Its IP address cannot change again for a "
                            "month."), ip, name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reuse", _("_Reuse"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reuse", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "reuse");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
