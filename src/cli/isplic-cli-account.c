/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account's balance and the price list (issue 8). Both are optional on the billing server:
 * when one is not offered, the command says so and exits with 1. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

static gboolean opt_json;

/* balance ---------------------------------------------------------------------------------- */

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
no_args_prepare (IsplicCli *cli, GError **error)
{
  if (cli->n_args > 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unexpected argument “%s”"),
                   cli->args[0]);
      return FALSE;
    }
  return TRUE;
}

static void
balance_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicBalance) balance = NULL;
  g_autoptr(GError) error = NULL;

  balance = isplic_client_get_balance_finish (ISPLIC_CLIENT (source), result, &error);
  if (balance == NULL)
    {
      if (isplic_cli_is_not_offered (error))
        isplic_cli_exit_not_offered (cli,
                                     _("This billing server does not offer the account balance."));
      else
        isplic_cli_exit_error (cli, error);
      return;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      isplic_cli_json_money (builder, "balance", &balance->balance);
      isplic_cli_json_money (builder, "credit-limit", balance->credit_limit);
      isplic_cli_json_money (builder, "available", balance->available);
      json_builder_end_object (builder);
      isplic_cli_print_json (builder);
    }
  else
    {
      g_autofree char *amount = isplic_cli_money_text (&balance->balance);
      g_autofree char *credit = balance->credit_limit != NULL
                                ? isplic_cli_money_text (balance->credit_limit)
                                : g_strdup (_("not available"));
      g_autofree char *available = balance->available != NULL
                                   ? isplic_cli_money_text (balance->available)
                                   : g_strdup (_("not available"));

      g_print (_("Balance:          %s\n"), amount);
      g_print (_("Credit limit:     %s\n"), credit);
      g_print (_("Available credit: %s\n"), available);
    }
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
balance_run (IsplicCli *cli)
{
  isplic_client_get_balance_async (cli->client, cli->cancellable, balance_cb, cli);
}

/* prices ----------------------------------------------------------------------------------- */

static void
json_prices (JsonBuilder *builder, const IsplicPrice *price)
{
  json_builder_set_member_name (builder, "prices");
  json_builder_begin_array (builder);
  for (guint k = 0; k < price->prices->len; k++)
    {
      const IsplicMoney *money = &g_array_index (price->prices, IsplicMoney, k);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "months");
      json_builder_add_int_value (builder, money->period);
      isplic_cli_json_money (builder, "price", money);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char **
price_row (const char *id, const char *name, const IsplicPrice *price)
{
  char **row = g_new0 (char *, 5);

  row[0] = isplic_cli_cell (id);
  row[1] = isplic_cli_cell (name);
  row[2] = isplic_price_get (price, 1) != NULL ? isplic_cli_money_text (isplic_price_get (price, 1))
                                               : g_strdup ("-");
  row[3] = isplic_price_get (price, 12) != NULL
           ? isplic_cli_money_text (isplic_price_get (price, 12)) : g_strdup ("-");
  return row;
}

static void
prices_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GPtrArray) prices = NULL;
  g_autoptr(GError) error = NULL;

  prices = isplic_client_get_prices_finish (ISPLIC_CLIENT (source), result, &error);
  if (prices == NULL)
    {
      if (isplic_cli_is_not_offered (error))
        isplic_cli_exit_not_offered (cli, _("This billing server does not offer a price list."));
      else
        isplic_cli_exit_error (cli, error);
      return;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < prices->len; i++)
        {
          IsplicPrice *price = g_ptr_array_index (prices, i);

          json_builder_begin_object (builder);
          isplic_cli_json_string (builder, "id", price->id);
          isplic_cli_json_string (builder, "name", price->name);
          json_builder_set_member_name (builder, "available");
          json_builder_add_boolean_value (builder, price->available);
          json_prices (builder, price);
          json_builder_set_member_name (builder, "addons");
          json_builder_begin_array (builder);
          for (guint a = 0; price->addons != NULL && a < price->addons->len; a++)
            {
              IsplicPrice *addon = g_ptr_array_index (price->addons, a);

              json_builder_begin_object (builder);
              isplic_cli_json_string (builder, "id", addon->id);
              isplic_cli_json_string (builder, "name", addon->name);
              json_builder_set_member_name (builder, "min");
              json_builder_add_int_value (builder, addon->min);
              json_builder_set_member_name (builder, "max");
              json_builder_add_int_value (builder, addon->max);
              isplic_cli_json_string (builder, "measure", addon->measure);
              json_prices (builder, addon);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      isplic_cli_print_json (builder);
    }
  else
    {
      const char *headers[] = { C_("column", "CODE"), C_("column", "TARIFF"),
                                C_("column", "MONTH"), C_("column", "YEAR"), NULL };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < prices->len; i++)
        {
          IsplicPrice *price = g_ptr_array_index (prices, i);
          const IsplicTariff *tariff = isplic_tariff_lookup (price->id);
          const char *name = price->name != NULL ? price->name
                             : tariff != NULL ? tariff->name : NULL;

          g_ptr_array_add (rows, price_row (price->id, name, price));
          for (guint a = 0; price->addons != NULL && a < price->addons->len; a++)
            {
              IsplicPrice *addon = g_ptr_array_index (price->addons, a);
              /* The nodes add-on of Business; other add-ons by their own name. */
              g_autofree char *label = g_str_equal (addon->id, "55236")
                                       ? g_strdup (_("  per node"))
                                       : g_strdup_printf ("  + %s", addon->name != NULL
                                                                    ? addon->name : addon->id);

              g_ptr_array_add (rows, price_row (addon->id, label, addon));
            }
        }
      isplic_cli_print_table (headers, rows);
    }
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
prices_run (IsplicCli *cli)
{
  isplic_client_get_prices_async (cli->client, cli->cancellable, prices_cb, cli);
}

/* The commands ------------------------------------------------------------------------------ */

const IsplicCliCommand isplic_cli_account_commands[] = {
  { "balance", "", N_("Show the account balance and credit limit"),
    N_("With --json, amounts are objects: {\"amount\": \"500.00\", \"minor\": 50000,\n"
       "\"currency\": \"EUR\"} (amount: a decimal string; minor: hundredths), or null when the\n"
       "server gave none.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli balance\n"
       "  isplic-cli balance --json | jq -r .balance.amount"),
    json_entries, TRUE, no_args_prepare, balance_run },
  { "prices", "", N_("Show the price of each tariff per month and per year, and per node"),
    N_("The billing server’s price list; what one order costs with discounts is shown by\n"
       "“order … --quote”.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli prices\n"
       "  isplic-cli prices --json"),
    json_entries, TRUE, no_args_prepare, prices_run },
};

const guint isplic_cli_n_account_commands = G_N_ELEMENTS (isplic_cli_account_commands);
