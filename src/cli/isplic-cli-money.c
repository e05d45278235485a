/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Money in isplic-cli (issue 8): quotes (--quote) for orders, renewals, tariff changes and
 * nodes, the price and balance shown before each charge, and the nodes command. Every function
 * here is optional on the billing server: ISPLIC_CLIENT_ERROR_NOT_OFFERED ends a command that
 * needs it with a plain sentence and exit 1, and the display before a charge is then left out
 * quietly. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

static gboolean opt_json;
static gboolean opt_quote;
static gboolean opt_yes_charge;

/* Quotes and the display before a charge ----------------------------------------------------- */

typedef enum { QUOTE_ORDER, QUOTE_RENEW, QUOTE_TARIFF, QUOTE_NODES } QuoteKind;

/* One run asks at most one quote: what it asked and what came back. */
static struct {
  QuoteKind           kind;
  gboolean            precharge;     /* FALSE: --quote (print and exit) */
  gboolean            json;
  gboolean            force;
  IsplicCliProceed    proceed;
  const IsplicOrderParams *params;
  char               *id;
  char               *tariff_id;
  int                 period;
  guint               nodes;
  IsplicQuote        *quote;         /* order, nodes */
  IsplicRenewalQuote *renewal;
  IsplicTariffQuote  *tariff;
  IsplicBalance      *balance;       /* before the charge; NULL when unknown */
  int                 charged_exit;  /* the exit code once the balance after is printed */
} q;

static const IsplicMoney *
quoted_charge (void)
{
  switch (q.kind)
    {
    case QUOTE_RENEW:
      return q.renewal != NULL ? q.renewal->total : NULL;
    case QUOTE_TARIFF:
      return q.tariff != NULL ? q.tariff->charge : NULL;
    case QUOTE_ORDER:
    case QUOTE_NODES:
    default:
      return q.quote != NULL ? q.quote->total : NULL;
    }
}

/* 1 when the balance (with the credit limit when needed) covers @charge, 0 when it is known
 * not to, -1 when that is not known (no quote, no balance, an unknown credit limit, different
 * currencies). */
static int
covered (const IsplicMoney *charge)
{
  IsplicMoney spendable;
  int cmp = 0;

  if (charge == NULL || q.balance == NULL
      || !isplic_money_compare (charge, &q.balance->balance, &cmp))
    return -1;
  if (cmp <= 0)
    return 1;
  if (q.balance->credit_limit == NULL
      || !isplic_money_add (&q.balance->balance, q.balance->credit_limit, &spendable)
      || !isplic_money_compare (charge, &spendable, &cmp))
    return -1;
  return cmp <= 0 ? 1 : 0;
}

static gboolean
known_not_covered (const IsplicMoney *charge)
{
  return covered (charge) == 0;
}

static void
json_balance_members (JsonBuilder *builder, const IsplicMoney *charge)
{
  int is_covered = covered (charge);

  isplic_cli_json_money (builder, "balance", q.balance != NULL ? &q.balance->balance : NULL);
  isplic_cli_json_money (builder, "credit-limit",
                         q.balance != NULL ? q.balance->credit_limit : NULL);
  json_builder_set_member_name (builder, "covered");
  if (is_covered < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, is_covered == 1);
}

static void
print_balance_lines (const IsplicMoney *charge)
{
  if (q.balance != NULL)
    {
      g_autofree char *balance = isplic_cli_money_text (&q.balance->balance);

      g_print (_("Balance: %s\n"), balance);
    }
  else
    g_print ("%s\n", _("Balance: not available"));
  if (known_not_covered (charge))
    g_print ("%s\n", _("The balance does not cover this."));
}

static void
print_renewal_quote (void)
{
  IsplicRenewalQuote *renewal = q.renewal;

  if (q.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "period");
      json_builder_add_int_value (builder, q.period);
      json_builder_set_member_name (builder, "licenses");
      json_builder_begin_array (builder);
      for (guint i = 0; i < renewal->items->len; i++)
        {
          IsplicRenewalItem *item = g_ptr_array_index (renewal->items, i);

          json_builder_begin_object (builder);
          isplic_cli_json_string (builder, "id", item->id);
          isplic_cli_json_date (builder, "expires", item->expiry);
          isplic_cli_json_date (builder, "new-expires", item->new_expiry);
          isplic_cli_json_money (builder, "cost", item->cost);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      isplic_cli_json_money (builder, "total", renewal->total);
      json_balance_members (builder, renewal->total);
      json_builder_end_object (builder);
      isplic_cli_print_json (builder);
    }
  else
    {
      const char *headers[] = { C_("column", "ID"), C_("column", "EXPIRES"),
                                C_("column", "NEW EXPIRY"), C_("column", "COST"), NULL };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      g_autofree char *total = isplic_cli_money_text (renewal->total);

      for (guint i = 0; i < renewal->items->len; i++)
        {
          IsplicRenewalItem *item = g_ptr_array_index (renewal->items, i);
          g_autofree char *expiry = isplic_date_format (item->expiry);
          g_autofree char *new_expiry = isplic_date_format (item->new_expiry);
          char **row = g_new0 (char *, 5);

          row[0] = isplic_cli_cell (item->id);
          row[1] = isplic_cli_cell (expiry);
          row[2] = isplic_cli_cell (new_expiry);
          row[3] = isplic_cli_money_text (item->cost);
          g_ptr_array_add (rows, row);
        }
      isplic_cli_print_table (headers, rows);
      g_print (_("Total: %s\n"), total);
      print_balance_lines (renewal->total);
    }
}

/* "200.00 EUR per year" when the period is known. (transfer full) */
static char *
money_with_period (const IsplicMoney *money)
{
  g_autofree char *text = NULL;

  if (money == NULL || money->period <= 0)
    return isplic_cli_money_text (money);
  text = isplic_money_format (money);
  return isplic_cli_safe (text);
}

static void
print_tariff_quote (void)
{
  IsplicTariffQuote *tariff = q.tariff;

  if (q.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      isplic_cli_json_string (builder, "id", q.id);
      isplic_cli_json_string (builder, "old-tariff", tariff->old_tariff);
      isplic_cli_json_string (builder, "new-tariff", tariff->new_tariff);
      if (q.nodes > 0)
        {
          json_builder_set_member_name (builder, "nodes");
          json_builder_add_int_value (builder, q.nodes);
        }
      isplic_cli_json_money (builder, "old-price", tariff->old_price);
      isplic_cli_json_money (builder, "new-price", tariff->new_price);
      isplic_cli_json_date (builder, "old-expires", tariff->old_expiry);
      isplic_cli_json_date (builder, "new-expires", tariff->new_expiry);
      isplic_cli_json_money (builder, "charge", tariff->charge);
      isplic_cli_json_string (builder, "text", tariff->money_info);
      json_balance_members (builder, tariff->charge);
      json_builder_end_object (builder);
      isplic_cli_print_json (builder);
    }
  else
    {
      g_autofree char *old_tariff = isplic_cli_cell (tariff->old_tariff);
      g_autofree char *new_tariff = isplic_cli_cell (tariff->new_tariff);
      g_autofree char *old_price = money_with_period (tariff->old_price);
      g_autofree char *new_price = money_with_period (tariff->new_price);
      g_autofree char *old_expiry = isplic_date_format (tariff->old_expiry);
      g_autofree char *new_expiry = isplic_date_format (tariff->new_expiry);
      g_autofree char *charge = isplic_cli_money_text (tariff->charge);

      g_print (_("Old tariff: %s, %s, expires %s\n"), old_tariff, old_price,
               old_expiry != NULL ? old_expiry : "-");
      g_print (_("New tariff: %s, %s, expires %s\n"), new_tariff, new_price,
               new_expiry != NULL ? new_expiry : "-");
      g_print (_("Charged now: %s\n"), charge);
      print_balance_lines (tariff->charge);
    }
}

/* Order and nodes quotes. */
static void
print_total_quote (void)
{
  if (q.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      if (q.kind == QUOTE_NODES)
        {
          isplic_cli_json_string (builder, "id", q.id);
          json_builder_set_member_name (builder, "nodes");
          json_builder_add_int_value (builder, q.nodes);
        }
      else
        {
          json_builder_set_member_name (builder, "cart");
          json_builder_add_boolean_value (builder, q.params != NULL && q.params->to_cart);
        }
      isplic_cli_json_money (builder, "total", q.quote->total);
      isplic_cli_json_string (builder, "text", q.quote->text);
      json_balance_members (builder, q.quote->total);
      json_builder_end_object (builder);
      isplic_cli_print_json (builder);
    }
  else
    {
      g_autofree char *total = isplic_cli_money_text (q.quote->total);

      g_print (_("Total: %s\n"), total);
      print_balance_lines (q.quote->total);
      if (q.kind == QUOTE_ORDER && q.params != NULL && q.params->to_cart)
        g_print ("%s\n", _("With --cart nothing is charged now: the order waits in the cart "
                           "until it is paid in the billing panel."));
    }
}

/* Says what is about to be charged, on stderr; refuses when the balance is known not to cover
 * it (unless --yes), else goes on. */
static void
precharge_decide (IsplicCli *cli)
{
  const IsplicMoney *charge = quoted_charge ();
  g_autofree char *price = charge != NULL ? isplic_cli_money_text (charge) : NULL;
  g_autofree char *balance = q.balance != NULL ? isplic_cli_money_text (&q.balance->balance)
                                               : NULL;

  if (price != NULL && balance != NULL)
    isplic_cli_printerr (_("Charging %s; balance %s"), price, balance);
  else if (price != NULL)
    isplic_cli_printerr (_("Charging %s"), price);

  if (known_not_covered (charge) && !q.force)
    {
      g_autofree char *credit = isplic_cli_money_text (q.balance->credit_limit);

      isplic_cli_printerr (_("The balance (%s, credit limit %s) does not cover %s. Nothing was "
                             "sent. Top up the account, or add --yes to send it anyway."),
                           balance, credit, price);
      isplic_cli_exit (cli, ISPLIC_CLI_EXIT_REFUSED);
      return;
    }
  q.proceed (cli, charge);
}

static void
quote_balance_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  q.balance = isplic_client_get_balance_finish (ISPLIC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  /* Any other failure: the balance is simply not shown. */

  if (q.precharge)
    {
      precharge_decide (cli);
      return;
    }
  switch (q.kind)
    {
    case QUOTE_RENEW:
      print_renewal_quote ();
      break;
    case QUOTE_TARIFF:
      print_tariff_quote ();
      break;
    case QUOTE_ORDER:
    case QUOTE_NODES:
    default:
      print_total_quote ();
      break;
    }
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static const char *
not_offered_message (void)
{
  switch (q.kind)
    {
    case QUOTE_RENEW:
      return _("This billing server does not offer renewal quotes.");
    case QUOTE_TARIFF:
      return _("This billing server does not offer tariff change quotes.");
    case QUOTE_NODES:
      return _("This billing server does not offer node quotes.");
    case QUOTE_ORDER:
    default:
      return _("This billing server does not offer order quotes.");
    }
}

static void
quote_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  IsplicClient *client = ISPLIC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  gboolean got;

  switch (q.kind)
    {
    case QUOTE_RENEW:
      q.renewal = isplic_client_renew_quote_finish (client, result, &error);
      got = q.renewal != NULL;
      break;
    case QUOTE_TARIFF:
      q.tariff = isplic_client_change_tariff_quote_finish (client, result, &error);
      got = q.tariff != NULL;
      break;
    case QUOTE_NODES:
      q.quote = isplic_client_nodes_quote_finish (client, result, &error);
      got = q.quote != NULL;
      break;
    case QUOTE_ORDER:
    default:
      q.quote = isplic_client_order_quote_finish (client, result, &error);
      got = q.quote != NULL;
      break;
    }

  if (!got)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          isplic_cli_exit_error (cli, error);
          return;
        }
      if (!q.precharge)
        {
          if (isplic_cli_is_not_offered (error))
            isplic_cli_exit_not_offered (cli, not_offered_message ());
          else
            isplic_cli_exit_error (cli, error);
          return;
        }
      /* Before a charge the quote is a courtesy: without it, the operation itself decides. */
    }

  isplic_client_get_balance_async (cli->client, cli->cancellable, quote_balance_cb, cli);
}

static void
quote_start (IsplicCli *cli)
{
  switch (q.kind)
    {
    case QUOTE_RENEW:
      isplic_client_renew_quote_async (cli->client, (const char * const *) cli->args, q.period,
                                       cli->cancellable, quote_cb, cli);
      break;
    case QUOTE_TARIFF:
      isplic_client_change_tariff_quote_async (cli->client, q.id, q.tariff_id, q.nodes,
                                               cli->cancellable, quote_cb, cli);
      break;
    case QUOTE_NODES:
      isplic_client_nodes_quote_async (cli->client, q.id, q.nodes, cli->cancellable, quote_cb,
                                       cli);
      break;
    case QUOTE_ORDER:
    default:
      isplic_client_order_quote_async (cli->client, q.params, cli->cancellable, quote_cb, cli);
      break;
    }
}

static void
quote_setup (QuoteKind kind, IsplicCliProceed proceed, gboolean json, gboolean force)
{
  q.kind = kind;
  q.precharge = proceed != NULL;
  q.proceed = proceed;
  q.json = json;
  q.force = force;
}

void
isplic_cli_quote_order (IsplicCli *cli, const IsplicOrderParams *params, gboolean json,
                        gboolean force, IsplicCliProceed proceed)
{
  quote_setup (QUOTE_ORDER, proceed, json, force);
  q.params = params;
  quote_start (cli);
}

void
isplic_cli_quote_renew (IsplicCli *cli, int period, gboolean json, gboolean force,
                        IsplicCliProceed proceed)
{
  quote_setup (QUOTE_RENEW, proceed, json, force);
  q.period = period;
  quote_start (cli);
}

void
isplic_cli_quote_tariff (IsplicCli *cli, const char *tariff_id, guint nodes, gboolean json,
                         gboolean force, IsplicCliProceed proceed)
{
  quote_setup (QUOTE_TARIFF, proceed, json, force);
  q.nodes = nodes;
  g_free (q.id);
  q.id = g_strdup (cli->args[0]);
  g_free (q.tariff_id);
  q.tariff_id = g_strdup (tariff_id);
  quote_start (cli);
}

static void
balance_after_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicBalance) after = NULL;
  g_autofree char *now = NULL;
  IsplicMoney charged = { 0 };
  IsplicMoney minus_after;

  after = isplic_client_get_balance_finish (ISPLIC_CLIENT (source), result, NULL);
  if (after != NULL)
    {
      now = isplic_cli_money_text (&after->balance);
      minus_after = after->balance;
      minus_after.amount = -minus_after.amount;
      if (isplic_money_add (&q.balance->balance, &minus_after, &charged) && charged.amount > 0)
        {
          g_autofree char *drop = NULL;

          charged.period = 0;
          drop = isplic_cli_money_text (&charged);
          isplic_cli_printerr (_("Charged %s; balance now %s"), drop, now);
        }
      else
        isplic_cli_printerr (_("Balance now %s"), now);
    }
  isplic_cli_exit (cli, q.charged_exit);
}

void
isplic_cli_exit_charged (IsplicCli *cli, int exit_code)
{
  /* Only when the balance before was known: the drop is then what was charged. */
  if (q.balance == NULL || !cli->changed || cli->interrupted)
    {
      isplic_cli_exit (cli, exit_code);
      return;
    }
  q.charged_exit = exit_code;
  isplic_client_get_balance_async (cli->client, cli->cancellable, balance_after_cb, cli);
}

void
isplic_cli_money_cleanup (void)
{
  g_clear_pointer (&q.quote, isplic_quote_free);
  g_clear_pointer (&q.renewal, isplic_renewal_quote_free);
  g_clear_pointer (&q.tariff, isplic_tariff_quote_free);
  g_clear_pointer (&q.balance, isplic_balance_free);
  g_clear_pointer (&q.id, g_free);
  g_clear_pointer (&q.tariff_id, g_free);
}

/* nodes ------------------------------------------------------------------------------------ */

static const GOptionEntry nodes_entries[] = {
  { "quote", 0, 0, G_OPTION_ARG_NONE, &opt_quote,
    N_("Print what the change would cost and the balance; change nothing"), NULL },
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes_charge,
    N_("Send even when the balance does not cover the price"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
nodes_prepare (IsplicCli *cli, GError **error)
{
  guint64 n = 0;

  if (cli->n_args != 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give one license ID and the number of nodes."));
      return FALSE;
    }
  if (!isplic_id_is_valid (cli->args[0]))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("“%s” is not a license ID (IDs are whole numbers above zero, without "
                     "leading zeros, as “isplic-cli list” shows)."), cli->args[0]);
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (cli->args[1], 10, 1, ISPLIC_NODES_MAX, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("The number of nodes is a whole number from 1 to %d, not “%s”."),
                   ISPLIC_NODES_MAX, cli->args[1]);
      return FALSE;
    }
  if (opt_json && !opt_quote)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--json goes with --quote."));
  q.nodes = (guint) n;
  return !(opt_json && !opt_quote);
}

/* After a lost answer: reads the license and says what it found; never sends the change again. */
static void
nodes_check_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicLicense) license = NULL;
  g_autoptr(GError) error = NULL;
  int nodes;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (license == NULL)
    isplic_cli_printerr (_("Could not tell whether the number of nodes of license %s was "
                           "changed (%s). Check the billing panel before trying again."),
                         cli->args[0], error->message);
  else if ((nodes = isplic_license_get_nodes (license)) == (int) q.nodes)
    g_print (ngettext ("The change went through after all: license %s has %d node.\n",
                       "The change went through after all: license %s has %d nodes.\n",
                       (unsigned long) nodes), cli->args[0], nodes);
  else
    g_print (ngettext ("License %s still has %d node: the change was not made.\n",
                       "License %s still has %d nodes: the change was not made.\n",
                       (unsigned long) nodes), cli->args[0], nodes);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_UNKNOWN);
}

static void
nodes_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!isplic_client_set_nodes_finish (ISPLIC_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN)
          && !cli->interrupted)
        {
          isplic_cli_printerr ("%s", error->message);
          isplic_cli_printerr ("%s", _("Checking whether the number of nodes was changed…"));
          isplic_client_get_details_async (cli->client, cli->args[0], cli->cancellable,
                                           nodes_check_cb, cli);
          return;
        }
      if (isplic_cli_is_not_offered (error))
        isplic_cli_exit_not_offered (cli, _("This billing server does not offer changing the "
                                            "number of nodes."));
      else
        isplic_cli_exit_error (cli, error);
      return;
    }
  g_print (ngettext ("License %s now has %u node.\n", "License %s now has %u nodes.\n", q.nodes),
           cli->args[0], q.nodes);
  cli->changed = TRUE;
  isplic_cli_exit_charged (cli, ISPLIC_CLI_EXIT_OK);
}

static void
nodes_proceed (IsplicCli *cli, const IsplicMoney *charge)
{
  isplic_client_set_nodes_async (cli->client, cli->args[0], q.nodes, cli->cancellable, nodes_cb,
                                 cli);
}

/* The license is read first: only a tariff that takes nodes can have them, and billmgr may
 * accept the change for another tariff and do nothing. When the license cannot be read, the
 * check is left out. */
static void
nodes_license_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicLicense) license = NULL;
  g_autoptr(GError) error = NULL;
  const IsplicTariff *tariff;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  /* Any other failure: no check, as before; the change itself says what the server thinks. */
  tariff = NULL;
  if (license != NULL)
    {
      tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
      if (tariff == NULL)
        tariff = isplic_tariff_find (isplic_license_get_tariff_name (license));
    }
  if (tariff != NULL && !tariff->has_nodes)
    {
      g_autofree char *name = isplic_cli_safe (tariff->name);

      isplic_cli_printerr (_("License %s is on %s, which has no nodes: only Business licenses "
                             "have them. Nothing was sent."), cli->args[0], name);
      isplic_cli_exit (cli, ISPLIC_CLI_EXIT_REFUSED);
      return;
    }
  quote_start (cli);
}

static void
nodes_run (IsplicCli *cli)
{
  quote_setup (QUOTE_NODES, opt_quote ? NULL : nodes_proceed, opt_json, opt_yes_charge);
  g_free (q.id);
  q.id = g_strdup (cli->args[0]);
  isplic_client_get_details_async (cli->client, cli->args[0], cli->cancellable,
                                   nodes_license_cb, cli);
}

/* The commands ------------------------------------------------------------------------------ */

const IsplicCliCommand isplic_cli_money_commands[] = {
  { "nodes", N_("ID N"), N_("Change the number of nodes of a Business license"),
    N_("Only Business licenses have nodes; for any other tariff nothing is sent and the exit\n"
       "status is 1.\n"
       "\n"
       "Shows the price and the balance first (on stderr). When the balance is known not to\n"
       "cover the price, nothing is sent and the exit status is 1, unless --yes is given.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli nodes 3100234 3 --quote\n"
       "  isplic-cli nodes 3100234 3"),
    nodes_entries, TRUE, nodes_prepare, nodes_run },
};

const guint isplic_cli_n_money_commands = G_N_ELEMENTS (isplic_cli_money_commands);
