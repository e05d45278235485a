/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-money-util-private.h"

gboolean
isplic_money_error_is_not_offered (const GError *error)
{
  return g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
}

char *
isplic_balance_format (const IsplicBalance *balance)
{
  g_autofree char *amount = NULL;

  g_return_val_if_fail (balance != NULL, NULL);

  amount = isplic_money_format_amount (&balance->balance);
  if (balance->credit_limit != NULL && balance->credit_limit->amount != 0)
    {
      g_autofree char *limit = isplic_money_format_amount (balance->credit_limit);

      /* Translators: the account's balance, then its credit limit */
      return g_strdup_printf (_("%s (credit limit %s)"), amount, limit);
    }
  return g_steal_pointer (&amount);
}

IsplicBalance *
isplic_balance_copy (const IsplicBalance *balance)
{
  IsplicBalance *copy;

  if (balance == NULL)
    return NULL;
  copy = g_new0 (IsplicBalance, 1);
  copy->balance = balance->balance;
  copy->credit_limit = isplic_money_copy (balance->credit_limit);
  copy->available = isplic_money_copy (balance->available);
  return copy;
}

void
isplic_money_set_warning (GtkLabel   *label,
                          const char *text)
{
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  gtk_label_set_text (label, text != NULL ? text : "");
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
}

char *
isplic_money_charge_text (const IsplicMoney   *total,
                          const IsplicBalance *balance)
{
  g_autofree char *amount = isplic_money_format_amount (total);
  g_autofree char *left = NULL;

  if (balance == NULL)
    return g_strdup_printf (_("Total: %s, charged now"), amount);
  left = isplic_money_format_amount (&balance->balance);
  return g_strdup_printf (_("Total: %s, charged now from your balance of %s"), amount, left);
}

void
isplic_money_show_shortfall (GtkLabel       *label,
                             GtkCheckButton *check,
                             const char     *warning)
{
  isplic_money_set_warning (label, warning);
  if (warning == NULL)
    gtk_check_button_set_active (check, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (check), warning != NULL);
}

char *
isplic_billing_panel_uri (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (base_url == NULL)
    return NULL;
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                     g_uri_get_path (uri), NULL, NULL);
}

typedef struct
{
  GObject *dialog;             /* owned */
  IsplicBalance **slot;        /* in @dialog */
  const gboolean *disposed;    /* in @dialog */
  void (*update) (gpointer dialog);
} BalanceLoad;

static void
balance_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BalanceLoad *load = user_data;
  IsplicBalance *balance;

  /* Optional (§10): without a balance the dialog works on, without its line. */
  balance = isplic_client_get_balance_finish (ISPLIC_CLIENT (source), result, NULL);
  if (balance != NULL && !*load->disposed)
    {
      g_clear_pointer (load->slot, isplic_balance_free);
      *load->slot = g_steal_pointer (&balance);
      load->update (load->dialog);
    }
  g_clear_pointer (&balance, isplic_balance_free);
  g_object_unref (load->dialog);
  g_free (load);
}

void
isplic_dialog_load_balance (gpointer         dialog,
                            IsplicClient    *client,
                            GCancellable    *cancellable,
                            IsplicBalance  **slot,
                            const gboolean  *disposed,
                            void           (*update) (gpointer dialog))
{
  BalanceLoad *load = g_new0 (BalanceLoad, 1);

  load->dialog = g_object_ref (dialog);
  load->slot = slot;
  load->disposed = disposed;
  load->update = update;
  isplic_client_get_balance_async (client, cancellable, balance_loaded_cb, load);
}
