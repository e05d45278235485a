/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The renew dialog's money (issue 8): one quote for the whole group and the period shown (each
 * license's cost beside its dates, the total), the balance it is charged from, and the warning
 * and confirmation when the balance does not cover it. For one license the quote also brings the
 * new expiry (it is the same request as the preview).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialog-util-private.h"
#include "isplic-money-util-private.h"
#include "isplic-renew-dialog-private.h"

/* Known not to be covered: the quote's total is more than balance + credit. */
static gboolean
balance_short (IsplicRenewDialog *self)
{
  gboolean covers = TRUE;

  if (self->quote_state != QUOTE_READY)
    return FALSE;
  return isplic_balance_covers (self->balance, self->quote->total, &covers) && !covers;
}

gboolean
isplic_renew_dialog_money_is_ready (IsplicRenewDialog *self)
{
  if (self->quote_state == QUOTE_PENDING)
    return FALSE;
  return !balance_short (self) || gtk_check_button_get_active (self->money_confirm_check);
}

/* (transfer full, nullable) the quoted cost of renewing @license. */
char *
isplic_renew_dialog_quoted_cost (IsplicRenewDialog *self,
             IsplicLicense     *license)
{
  if (self->quote_state != QUOTE_READY)
    return NULL;
  for (guint i = 0; i < self->quote->items->len; i++)
    {
      IsplicRenewalItem *item = g_ptr_array_index (self->quote->items, i);

      if (item->cost != NULL && g_strcmp0 (item->id, isplic_license_get_id (license)) == 0)
        return isplic_money_format_amount (item->cost);
    }
  return NULL;
}

/* The total, the balance it is charged from, and the warning when it does not cover it. */
void
isplic_renew_dialog_update_money (IsplicRenewDialog *self)
{
  g_autofree char *text = NULL;
  gboolean short_ = balance_short (self);

  switch (self->quote_state)
    {
    case QUOTE_PENDING:
      text = g_strdup (_("Getting the price…"));
      break;
    case QUOTE_READY:
      if (self->quote->total == NULL)
        text = g_strdup (_("Price not available"));
      else
        text = isplic_money_charge_text (self->quote->total, self->balance);
      break;
    case QUOTE_FAILED:
      text = g_strdup (_("Price not available"));
      break;
    case QUOTE_HIDDEN:
    default:
      break;
    }
  isplic_dialog_set_message (self->quote_label, text);

  {
    g_autofree char *balance = short_ ? isplic_balance_format (self->balance) : NULL;
    g_autofree char *warning = short_ ? g_strdup_printf (_("Your balance of %s does not cover this renewal: the server will "
                           "probably refuse it. Top up the balance in the billing panel first, "
                           "or renew anyway."), balance) : NULL;

    isplic_money_show_shortfall (self->money_warning_label, self->money_confirm_check, warning);
  }
  isplic_renew_dialog_update_dates (self);
}

static void
quote_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicRenewDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicRenewalQuote) quote = NULL;

  quote = isplic_client_renew_quote_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;

  g_clear_object (&self->quote_cancellable);
  g_clear_pointer (&self->quote, isplic_renewal_quote_free);
  if (quote != NULL)
    {
      self->quote = g_steal_pointer (&quote);
      self->quote_state = QUOTE_READY;
    }
  else if (isplic_money_error_is_not_offered (error))
    {
      self->quote_offered = FALSE;
      self->quote_state = QUOTE_HIDDEN;
    }
  else
    {
      g_debug ("renewal quote: %s", error->message);
      self->quote_state = QUOTE_FAILED;
    }

  if (self->licenses->len == 1 && self->previews->len == 1)
    {
      Preview *preview = g_ptr_array_index (self->previews, 0);
      IsplicRenewalItem *item = self->quote != NULL && self->quote->items->len > 0
                                ? g_ptr_array_index (self->quote->items, 0) : NULL;

      if (item != NULL && item->new_expiry != NULL)
        {
          g_clear_pointer (&preview->after, g_date_time_unref);
          preview->after = g_date_time_ref (item->new_expiry);
        }
      else if (self->preview_cancellable != NULL)
        {
          /* No date from the quote: the preview asks for it (the computed date shows till). */
          self->preview_fallback = TRUE;
          self->preview_index = 0;
          isplic_renew_dialog_ask_next_preview (self);
        }
    }
  isplic_renew_dialog_update_money (self);
}

/* One quote for the whole group and the period shown; an older one is cancelled. */
void
isplic_renew_dialog_ask_quote (IsplicRenewDialog *self)
{
  g_auto(GStrv) ids = NULL;

  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  g_clear_pointer (&self->quote, isplic_renewal_quote_free);
  self->preview_fallback = FALSE;

  if (self->client == NULL || !self->quote_offered || self->has_trial
      || self->licenses->len == 0)
    {
      self->quote_state = QUOTE_HIDDEN;
      isplic_renew_dialog_update_money (self);
      return;
    }

  ids = isplic_dialog_license_ids (self->licenses);
  self->quote_state = QUOTE_PENDING;
  self->quote_cancellable = g_cancellable_new ();
  isplic_client_renew_quote_async (self->client, (const char * const *) ids,
                                   isplic_renew_dialog_get_period (self), self->quote_cancellable,
                                   quote_cb, g_object_ref (self));
  isplic_renew_dialog_update_money (self);
}

void
isplic_renew_dialog_load_money (IsplicRenewDialog *self)
{
  isplic_dialog_load_balance (self, self->client, self->cancellable, &self->balance,
                              &self->disposed,
                              (void (*) (gpointer)) isplic_renew_dialog_update_money);
}
