/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The window's money: the account's balance and the cart indicator in the footer, refreshed
 * with the list. Both are optional on the server's side and hide quietly when it does not offer
 * them (or any other failure: the list is what matters; a stale figure is worse than none).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-license-format.h"
#include "isplic-money-util-private.h"
#include "isplic-widget-util.h"
#include "isplic-window-private.h"

typedef struct {
  IsplicWindow *self; /* owned */
  guint serial;
} MoneyData;

static MoneyData *
money_data_new (IsplicWindow *self)
{
  MoneyData *data = g_new0 (MoneyData, 1);

  data->self = g_object_ref (self);
  data->serial = self->money_serial;
  return data;
}

static void
money_data_free (MoneyData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoneyData, money_data_free)

static gboolean
money_data_is_current (MoneyData    *data,
                       const GError *error)
{
  IsplicWindow *self = data->self;

  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         && isplic_window_client (self) != NULL && data->serial == self->money_serial
         && self->balance_label != NULL;
}

void
isplic_window_money_update_label (IsplicWindow *self)
{
  IsplicMoney due;
  guint n_due;
  gboolean covers = TRUE;
  g_autofree char *amount = NULL;
  g_autofree char *label = NULL;

  if (self->balance_label == NULL || self->balance == NULL)
    return;

  due = self->due;
  n_due = self->n_due;

  amount = isplic_balance_format (self->balance);
  /* Translators: the account's balance in the window's footer */
  label = g_strdup_printf (_("Balance: %s"), amount);
  gtk_label_set_text (self->balance_label, label);

  if (n_due > 0 && !self->due_mixed && isplic_balance_covers (self->balance, &due, &covers) && !covers)
    {
      g_autofree char *due_text = isplic_money_format_amount (&due);
      g_autofree char *tooltip =
        g_strdup_printf (ngettext ("The balance does not cover the renewals due within %u day: "
                                   "%s for %u license without auto-renewal",
                                   "The balance does not cover the renewals due within %u days: "
                                   "%s for %u licenses without auto-renewal",
                                   self->warning_days),
                         self->warning_days, due_text, n_due);

      gtk_widget_add_css_class (GTK_WIDGET (self->balance_label), "warning");
      isplic_set_tooltip_text (GTK_WIDGET (self->balance_label), tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->balance_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->balance_label), "warning");
      isplic_set_tooltip_text (GTK_WIDGET (self->balance_label), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->balance_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "", -1);
    }
}

static void
balance_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MoneyData) data = user_data;
  IsplicWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicBalance) balance = NULL;

  balance = isplic_client_get_balance_finish (ISPLIC_CLIENT (source), result, &error);
  if (!money_data_is_current (data, error))
    return;

  if (balance == NULL)
    {
      if (!isplic_money_error_is_not_offered (error))
        g_debug ("balance: %s", error->message);
      g_clear_pointer (&self->balance, isplic_balance_free);
      gtk_widget_set_visible (GTK_WIDGET (self->balance_label), FALSE);
      return;
    }

  g_clear_pointer (&self->balance, isplic_balance_free);
  self->balance = g_steal_pointer (&balance);
  isplic_window_money_update_label (self);
  gtk_widget_set_visible (GTK_WIDGET (self->balance_label), TRUE);
}

static void
update_cart_button (IsplicWindow *self)
{
  guint n = self->cart != NULL ? self->cart->items->len : 0;
  g_autofree char *label = NULL;

  gtk_widget_set_visible (self->cart_button, n > 0);
  if (n == 0)
    return;

  if (self->cart->total != NULL)
    {
      g_autofree char *total = isplic_money_format_amount (self->cart->total);

      /* Translators: the cart indicator: the number of items, then their total */
      label = g_strdup_printf (ngettext ("Cart: %u item, %s", "Cart: %u items, %s", n), n, total);
    }
  else
    label = g_strdup_printf (ngettext ("Cart: %u item", "Cart: %u items", n), n);

  gtk_button_set_label (GTK_BUTTON (self->cart_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cart_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
cart_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MoneyData) data = user_data;
  IsplicWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicCart) cart = NULL;

  cart = isplic_client_get_cart_finish (ISPLIC_CLIENT (source), result, &error);
  if (!money_data_is_current (data, error))
    return;
  if (cart == NULL && !isplic_money_error_is_not_offered (error))
    g_debug ("cart: %s", error->message);

  g_clear_pointer (&self->cart, isplic_cart_free);
  self->cart = g_steal_pointer (&cart);
  update_cart_button (self);
}

void
isplic_window_money_refresh (IsplicWindow *self)
{
  if (isplic_window_client (self) == NULL)
    return;

  self->money_serial++;
  isplic_client_get_balance_async (isplic_window_client (self),
                                   isplic_session_get_cancellable (self->session), balance_cb,
                                   money_data_new (self));
  isplic_client_get_cart_async (isplic_window_client (self),
                                isplic_session_get_cancellable (self->session), cart_cb,
                                money_data_new (self));
}

void
isplic_window_money_clear (IsplicWindow *self)
{
  self->money_serial++;
  g_clear_pointer (&self->balance, isplic_balance_free);
  g_clear_pointer (&self->cart, isplic_cart_free);
  if (self->balance_label != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->balance_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->balance_label), "warning");
    }
  if (self->cart_button != NULL)
    gtk_widget_set_visible (self->cart_button, FALSE);
}

static void
cart_dialog_destroy_cb (IsplicWindow *self)
{
  isplic_window_money_refresh (self);
}

void
isplic_window_show_cart (IsplicWindow *self)
{
  GtkWidget *dialog;

  if (isplic_window_client (self) == NULL)
    return;

  dialog = isplic_cart_dialog_new (isplic_window_client (self));
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (cart_dialog_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}
