/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The order dialog's money (issue 8): the quote for the exact order, refreshed as the form
 * changes (debounced, the older request cancelled), the balance it is charged from, the warning
 * when the balance does not cover it, the catalogue's prices beside the choices, and the button
 * named after what it does.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialog-util-private.h"
#include "isplic-money-util-private.h"
#include "isplic-order-dialog-private.h"

/* How long the form must stay unchanged before its price is asked for. */
#define QUOTE_DELAY_MS 250

/* Known not to be covered by the balance: a paid order whose quote exceeds balance + credit. */
static gboolean
balance_short (IsplicOrderDialog *self)
{
  gboolean covers = TRUE;

  if (gtk_switch_get_active (self->cart_switch) || self->quote_state != QUOTE_READY)
    return FALSE;
  return isplic_balance_covers (self->balance, self->quote->total, &covers) && !covers;
}

/* The money side lets an order go: its price is known (or cannot be), and a balance that does
 * not cover it was accepted explicitly. */
gboolean
isplic_order_dialog_money_is_ready (IsplicOrderDialog *self)
{
  if (self->quote_state == QUOTE_PENDING)
    return FALSE;
  return !balance_short (self) || gtk_check_button_get_active (self->confirm_check);
}

/* Shows the quote, the balance it is charged from and the warning, and names the button after
 * what it does. */
void
isplic_order_dialog_update_money (IsplicOrderDialog *self)
{
  gboolean to_cart = gtk_switch_get_active (self->cart_switch);
  gboolean short_ = balance_short (self);
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  g_autofree char *button = NULL;

  if (self->quote_state == QUOTE_READY && self->quote->total != NULL)
    total = isplic_money_format_amount (self->quote->total);

  switch (self->quote_state)
    {
    case QUOTE_PENDING:
      text = g_strdup (_("Getting the price…"));
      break;
    case QUOTE_READY:
      if (total == NULL)
        text = g_strdup (_("Price not available"));
      else if (to_cart)
        /* Translators: %s is an amount like 56.00 EUR */
        text = g_strdup_printf (_("Total: %s, added to the cart, not charged"), total);
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
    g_autofree char *warning = short_ ? g_strdup_printf (_("Your balance of %s does not cover this order: the server will "
                           "probably refuse it. Top up the balance in the billing panel, add the "
                           "license to the cart, or order anyway."), balance) : NULL;

    isplic_money_show_shortfall (self->money_warning_label, self->confirm_check, warning);
  }

  if (!self->retry)
    {
      if (to_cart)
        button = g_strdup (_("Add to _Cart"));
      else if (total != NULL)
        /* Translators: the order button; %s is an amount like 56.00 EUR */
        button = g_strdup_printf (_("_Order for %s"), total);
      else
        button = g_strdup (_("_Order"));
      gtk_button_set_label (GTK_BUTTON (self->order_button), button);
    }
  isplic_order_dialog_update_sensitivity (self);
}

void
isplic_order_dialog_cancel_quote (IsplicOrderDialog *self)
{
  g_clear_handle_id (&self->quote_source, g_source_remove);
  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
}

static void
quote_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicOrderDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicQuote) quote = NULL;

  quote = isplic_client_order_quote_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;

  g_clear_object (&self->quote_cancellable);
  g_clear_pointer (&self->quote, isplic_quote_free);
  if (quote != NULL)
    {
      self->quote = g_steal_pointer (&quote);
      self->quote_state = QUOTE_READY;
    }
  else if (isplic_money_error_is_not_offered (error))
    self->quote_state = QUOTE_HIDDEN;
  else
    {
      g_debug ("order quote: %s", error->message);
      self->quote_state = QUOTE_FAILED;
    }
  isplic_order_dialog_update_money (self);
}


static gboolean
quote_timeout_cb (gpointer user_data)
{
  IsplicOrderDialog *self = user_data;
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);
  g_autofree char *name = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->name_row));
  g_autofree char *ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));
  IsplicOrderParams params = { 0, };

  self->quote_source = 0;
  if (tariff == NULL || self->client == NULL)
    {
      self->quote_state = QUOTE_FAILED;
      isplic_order_dialog_update_money (self);
      return G_SOURCE_REMOVE;
    }

  params.tariff_id = tariff->id;
  params.period = isplic_order_dialog_get_period (self);
  params.auto_renew = isplic_order_dialog_get_auto_renew (self);
  params.name = name;
  params.ip = ip;
  params.nodes = tariff->has_nodes
                 ? (guint) gtk_spin_button_get_value_as_int (self->nodes_spin) : 0;
  params.to_cart = gtk_switch_get_active (self->cart_switch);
  self->quote_cancellable = g_cancellable_new ();
  isplic_client_order_quote_async (self->client, &params, self->quote_cancellable, quote_cb,
                                   g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Asks for the price of the form as it now is, once it stays unchanged for a moment; the
 * answer to an older form is dropped. */
void
isplic_order_dialog_schedule_quote (IsplicOrderDialog *self)
{
  if (self->quote_state == QUOTE_HIDDEN || self->disposed)
    return;
  isplic_order_dialog_cancel_quote (self);
  g_clear_pointer (&self->quote, isplic_quote_free);
  self->quote_state = QUOTE_PENDING;
  self->quote_source = g_timeout_add (QUOTE_DELAY_MS, quote_timeout_cb, self);
  isplic_order_dialog_update_money (self);
}

static const IsplicPrice *
find_price (GPtrArray  *prices,
            const char *id)
{
  for (guint i = 0; prices != NULL && id != NULL && i < prices->len; i++)
    {
      const IsplicPrice *price = g_ptr_array_index (prices, i);

      if (g_strcmp0 (price->id, id) == 0)
        return price;
    }
  return NULL;
}

/* The catalogue's prices of the chosen tariff (per month and per year) and of one more node, in
 * the rows' subtitles. */
void
isplic_order_dialog_update_prices (IsplicOrderDialog *self)
{
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);
  const IsplicPrice *price = tariff != NULL ? find_price (self->prices, tariff->id) : NULL;
  const IsplicPrice *addon = NULL;
  g_autofree char *tariff_text = NULL;
  g_autofree char *nodes_text = NULL;

  if (price != NULL && !tariff->trial)
    {
      const IsplicMoney *month = isplic_price_get (price, 1);
      const IsplicMoney *year = isplic_price_get (price, 12);
      g_autofree char *m = month != NULL ? isplic_money_format (month) : NULL;
      g_autofree char *y = year != NULL ? isplic_money_format (year) : NULL;

      if (m != NULL && y != NULL)
        /* Translators: a tariff's prices, e.g. "5.00 EUR per month, 50.00 EUR per year" */
        tariff_text = g_strdup_printf (_("%s, %s"), m, y);
      else
        tariff_text = g_strdup (m != NULL ? m : y);
      if (price->addons != NULL && tariff->nodes_addon != NULL)
        addon = find_price (price->addons, tariff->nodes_addon);
    }
  else if (price != NULL)
    tariff_text = g_strdup (_("Free"));

  if (addon != NULL)
    {
      const IsplicMoney *one = isplic_price_get (addon, isplic_order_dialog_get_period (self));
      g_autofree char *amount = one != NULL ? isplic_money_format (one) : NULL;

      if (amount != NULL)
        /* Translators: the price of one more node of a Business license */
        nodes_text = g_strdup_printf (_("Each node beyond the first: %s"), amount);
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tariff_row), tariff_text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->nodes_row), nodes_text);
}

static void
prices_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IsplicOrderDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *prices;

  prices = isplic_client_get_prices_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || prices == NULL)
    return;
  g_clear_pointer (&self->prices, g_ptr_array_unref);
  self->prices = prices;
  isplic_order_dialog_update_prices (self);
}

void
isplic_order_dialog_payment_changed_cb (IsplicOrderDialog *self)
{
  isplic_order_dialog_schedule_quote (self);
}

void
isplic_order_dialog_load_money (IsplicOrderDialog *self)
{
  isplic_dialog_load_balance (self, self->client, self->cancellable, &self->balance,
                              &self->disposed,
                              (void (*) (gpointer)) isplic_order_dialog_update_money);
  isplic_client_get_prices_async (self->client, self->cancellable, prices_cb,
                                  g_object_ref (self));
}
