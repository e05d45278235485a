/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of isplic-cli that charge the account: order, renew and change-tariff. Each shows
 * the price and the balance before it charges; after a lost answer it looks into the account and
 * never sends again. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "isplic-cli-commands-private.h"
#include "isplic-cli-safe.h"

/* Option values. Only one command runs per process, so they can be file-wide. */
static gboolean opt_json;
static char *opt_tariff;
static char *opt_ip;
static char *opt_name;
static char *opt_period;
static char *opt_auto_renew;
static int opt_nodes = -1;
static gboolean opt_cart;
static gboolean opt_quote;
static gboolean opt_yes_charge;

/* What prepare() worked out for run(). */
static IsplicOrderParams order_params;
static const IsplicTariff *chosen_tariff;
static int chosen_period = 1;

/* --quote, --yes and --json of the commands that charge. */
static gboolean
check_quote_options (GError **error)
{
  if (opt_json && !opt_quote)
    return isplic_cli_usage (error, _("--json goes with --quote."));
  if (opt_yes_charge && opt_quote)
    return isplic_cli_usage (error, _("--yes does not go with --quote: a quote sends nothing."));
  return TRUE;
}

#define QUOTE_ENTRIES \
  { "quote", 0, 0, G_OPTION_ARG_NONE, &opt_quote, \
    N_("Print the price and the balance; send nothing that charges"), NULL }, \
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes_charge, \
    N_("Send even when the balance is known not to cover the price"), NULL }, \
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("With --quote: print JSON"), NULL }

/* order ------------------------------------------------------------------------------------ */

const GOptionEntry isplic_cli_order_entries[] = {
  { "tariff", 0, 0, G_OPTION_ARG_STRING, &opt_tariff,
    N_("Tariff: code or name (lite, pro, host, business, trial, business-trial)"), N_("CODE") },
  { "ip", 0, 0, G_OPTION_ARG_STRING, &opt_ip, N_("IP address of the server"), N_("IP") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("Name of the license"), N_("NAME") },
  { "period", 0, 0, G_OPTION_ARG_STRING, &opt_period,
    N_("Months paid: 1 or 12 (default 1; trials have none)"), N_("1|12") },
  { "auto-renew", 0, 0, G_OPTION_ARG_STRING, &opt_auto_renew,
    N_("Renew automatically every 1 or 12 months, or not (default off)"), N_("1|12|off") },
  { "nodes", 0, 0, G_OPTION_ARG_INT, &opt_nodes,
    N_("Number of nodes (business tariff only; default 1)"), N_("N") },
  { "cart", 0, 0, G_OPTION_ARG_NONE, &opt_cart,
    N_("Put the order in the cart instead of paying now"), NULL },
  QUOTE_ENTRIES,
  G_OPTION_ENTRY_NULL
};

gboolean
isplic_cli_order_prepare (IsplicCli *cli, GError **error)
{
  int auto_renew = 0;

  if (!isplic_cli_check_ids (cli, 0, 0, error) || !check_quote_options (error))
    return FALSE;
  if (!isplic_cli_check_tariff (opt_tariff, TRUE, &chosen_tariff, error))
    return FALSE;
  if (opt_ip == NULL)
    return isplic_cli_usage (error, _("--ip IP is required."));
  if (!isplic_cli_check_ip (opt_ip, error))
    return FALSE;
  if (opt_name == NULL || isplic_cli_is_blank (opt_name))
    return isplic_cli_usage (error, _("--name NAME is required."));
  if (!isplic_cli_check_name (opt_name, error))
    return FALSE;
  if (!isplic_cli_check_period (opt_period, &chosen_period, error))
    return FALSE;
  if (chosen_tariff->trial && opt_period != NULL)
    return isplic_cli_usage (error, _("Trial tariffs have no period; leave out --period."));
  if (opt_auto_renew != NULL && !isplic_cli_parse_auto_renew (opt_auto_renew, &auto_renew))
    return isplic_cli_usage (error, _("--auto-renew takes 1, 12 or off."));
  if (chosen_tariff->trial && auto_renew != 0)
    return isplic_cli_usage (error,
                             _("Trial licenses cannot be renewed, so they cannot auto-renew."));
  if (opt_nodes != -1 && !chosen_tariff->has_nodes)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--nodes is only for tariffs with nodes (business), not for %s."),
                   chosen_tariff->name);
      return FALSE;
    }
  if (chosen_tariff->has_nodes && opt_nodes != -1 && (opt_nodes < 1 || opt_nodes > 10000))
    return isplic_cli_usage (error, _("--nodes takes a number from 1 to 10000."));

  order_params.tariff_id = chosen_tariff->id;
  order_params.period = chosen_tariff->trial ? ISPLIC_TRIAL_PERIOD : chosen_period;
  order_params.auto_renew = auto_renew;
  order_params.name = opt_name;
  order_params.ip = opt_ip;
  order_params.nodes = chosen_tariff->has_nodes ? (guint) MAX (opt_nodes, 1) : 0;
  order_params.to_cart = opt_cart;
  return TRUE;
}

/* The ids of the licenses that existed before the order was sent: a license at the order's IP
 * that is not among them is the order's. (owned) */
static GStrv order_ids_before;

static void
order_reconcile_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicLicense) license = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cart_item = NULL;
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;

  g_autofree char *safe_ip = isplic_cli_safe (order_params.ip);

  if (!isplic_client_reconcile_order_finish (ISPLIC_CLIENT (source), result, &verdict, &license,
                                             &cart_item, &error))
    isplic_cli_printerr (_("Could not tell whether the order was placed (%s). Check the billing "
                           "panel before ordering again."), error->message);
  else if (verdict == ISPLIC_VERDICT_DONE && license != NULL)
    {
      g_autofree char *safe_id = isplic_cli_safe (isplic_license_get_id (license));

      g_print (_("The order was placed after all: license %s.\n"), safe_id);
    }
  else if (verdict == ISPLIC_VERDICT_DONE)
    {
      g_autofree char *safe_item = isplic_cli_safe (cart_item != NULL ? cart_item : "?");

      g_print (_("The order is in the cart after all (item %s).\n"), safe_item);
    }
  else if (verdict == ISPLIC_VERDICT_NOT_DONE && order_params.to_cart)
    g_print (_("The cart holds no order for IP %s, so the order was not put in the cart. Check "
               "the cart again in a few minutes before ordering again.\n"), safe_ip);
  else if (verdict == ISPLIC_VERDICT_NOT_DONE)
    g_print (_("The order for IP %s was not placed: no license was created and nothing was "
               "charged. Check again with “isplic-cli list” in a few minutes before ordering "
               "again.\n"), safe_ip);
  else
    isplic_cli_printerr (_("Could not tell whether the order was placed: IP %s already had a "
                           "license. Check the billing panel before ordering again."), safe_ip);

  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_UNKNOWN);
}

static void
order_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *license_id = NULL;
  g_autofree char *billorder_id = NULL;
  g_autofree char *safe_id = NULL;

  if (!isplic_client_order_finish (ISPLIC_CLIENT (source), result, &license_id, &billorder_id,
                                   &error))
    {
      if (isplic_cli_outcome_to_check (cli, error))
        {
          isplic_cli_printerr ("%s", error->message);
          isplic_cli_printerr ("%s", _("Checking whether the order was placed…"));
          /* Never send the order again: only look for its result. */
          isplic_client_reconcile_order_async (ISPLIC_CLIENT (source), &order_params,
                                               (const char * const *) order_ids_before,
                                               cli->cancellable, order_reconcile_cb, cli);
          return;
        }
      isplic_cli_exit_error (cli, error);
      return;
    }

  /* The ID alone on stdout so that scripts can capture it; the note goes to stderr. */
  if (license_id != NULL)
    {
      safe_id = isplic_cli_safe (license_id);
      g_print ("%s\n", safe_id);
      g_printerr (_("Ordered license %s. Its key appears once the order has been processed: "
                    "see “isplic-cli show %s”.\n"), safe_id, safe_id);
    }
  else if (billorder_id != NULL)
    {
      safe_id = isplic_cli_safe (billorder_id);
      g_print ("%s\n", safe_id);
      g_printerr (_("Added to the cart as order %s; pay for it in billmgr to get the license.\n"),
                  safe_id);
    }
  else
    g_printerr ("%s\n", _("The server accepted the order but gave no ID; see “isplic-cli list”."));

  cli->changed = TRUE;
  if (order_params.to_cart)
    isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
  else
    isplic_cli_exit_charged (cli, ISPLIC_CLI_EXIT_OK);
}

static void
order_list_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids;

  /* Nothing has been sent yet: a failure here costs nothing. */
  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  if (licenses == NULL)
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  ids = g_ptr_array_new ();
  for (guint i = 0; i < licenses->len; i++)
    g_ptr_array_add (ids, g_strdup (isplic_license_get_id (g_ptr_array_index (licenses, i))));
  g_ptr_array_add (ids, NULL);
  g_strfreev (order_ids_before);
  order_ids_before = (GStrv) g_ptr_array_free (ids, FALSE);

  isplic_client_order_async (cli->client, &order_params, cli->cancellable, order_cb, cli);
}

/* Lists the licenses first, so that after a lost answer only a license that is new can count as
 * the order's; then orders. */
static void
order_proceed (IsplicCli *cli, const IsplicMoney *charge)
{
  isplic_client_list_async (cli->client, cli->cancellable, order_list_cb, cli);
}

/* A paid order shows its price and the balance first (isplic_cli_quote_order()); an order for
 * the cart charges nothing. */
void
isplic_cli_order_run (IsplicCli *cli)
{
  if (opt_quote)
    isplic_cli_quote_order (cli, &order_params, opt_json, FALSE, NULL);
  else if (order_params.to_cart)
    isplic_client_order_async (cli->client, &order_params, cli->cancellable, order_cb, cli);
  else
    isplic_cli_quote_order (cli, &order_params, FALSE, opt_yes_charge, order_proceed);
}

/* renew ------------------------------------------------------------------------------------ */

const GOptionEntry isplic_cli_renew_entries[] = {
  { "period", 0, 0, G_OPTION_ARG_STRING, &opt_period,
    N_("Months to add: 1 or 12 (default 1)"), N_("1|12") },
  QUOTE_ENTRIES,
  G_OPTION_ENTRY_NULL
};

/* Renewing goes one license at a time: fetch it (its expiry before, to reconcile with), renew
 * it, report the new expiry. One request per license keeps every outcome exact: whether billmgr
 * renews a group of IDs in one service.prolong is not documented, and after a lost answer only
 * that one license needs checking. A refusal moves on to the next license; a transport failure
 * or an unknown outcome stops before anything else is sent. */
typedef struct {
  IsplicLicense *before;     /* the license being renewed, as it was (owned) */
  guint          index;
  guint          n_renewed;
  guint          n_refused;
} RenewState;

static RenewState renew_state;

static void renew_next (IsplicCli *cli);

gboolean
isplic_cli_renew_prepare (IsplicCli *cli, GError **error)
{
  if (!isplic_cli_check_ids (cli, 1, G_MAXUINT, error)
      || !isplic_cli_check_period (opt_period, &chosen_period, error)
      || !check_quote_options (error))
    return FALSE;
  isplic_cli_dedup_ids (cli);
  return TRUE;
}

/* Tells which licenses were never sent when the run stops early. */
static void
renew_report_rest (IsplicCli *cli, guint from)
{
  g_autofree char *rest = NULL;

  if (from >= cli->n_args)
    return;
  rest = g_strjoinv (", ", cli->args + from);
  isplic_cli_printerr (_("Not sent, so not renewed: %s."), rest);
}

static void
renew_stop (IsplicCli *cli, int exit_code)
{
  renew_report_rest (cli, renew_state.index + 1);
  isplic_cli_exit (cli, exit_code);
}

/* Goes on with the next license. */
static void
renew_advance (IsplicCli *cli)
{
  renew_state.index++;
  renew_next (cli);
}

/* The server refused license @id: says why and goes on with the others. */
static void
renew_refused (IsplicCli *cli, const char *id, const GError *error)
{
  isplic_cli_printerr (_("License %s: %s"), id, error->message);
  renew_state.n_refused++;
  renew_advance (cli);
}

static void
renew_reconcile_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *date = NULL;
  const char *id = cli->args[renew_state.index];
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;

  if (!isplic_client_reconcile_renew_finish (ISPLIC_CLIENT (source), result, &verdict, &expiry,
                                             &error))
    isplic_cli_printerr (_("Could not tell whether license %s was renewed (%s). Check the billing "
                           "panel before renewing again."), id, error->message);
  else
    {
      date = isplic_cli_format_date (expiry);
      if (verdict == ISPLIC_VERDICT_DONE)
        g_print (_("License %s was renewed after all: it now expires on %s.\n"), id, date);
      else if (verdict == ISPLIC_VERDICT_NOT_DONE)
        g_print (_("License %s was not renewed: it still expires on %s.\n"), id, date);
      else
        isplic_cli_printerr (_("Could not tell whether license %s was renewed: the billing "
                               "server did not give its expiry date. Check the billing panel "
                               "before renewing again."), id);
    }

  renew_stop (cli, ISPLIC_CLI_EXIT_UNKNOWN);
}

static void
renew_after_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicLicense) license = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = cli->args[renew_state.index];

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (license != NULL && isplic_license_get_expires (license) != NULL)
    {
      g_autofree char *date = isplic_cli_format_date (isplic_license_get_expires (license));

      g_print (_("License %s renewed until %s.\n"), id, date);
    }
  else
    g_print (_("License %s renewed.\n"), id);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }

  renew_advance (cli);
}

static void
renew_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) new_expiry = NULL;
  const char *id = cli->args[renew_state.index];

  if (!isplic_client_renew_finish (ISPLIC_CLIENT (source), result, &new_expiry, &error))
    {
      if (isplic_cli_outcome_to_check (cli, error))
        {
          isplic_cli_printerr (_("License %s: %s"), id, error->message);
          isplic_cli_printerr ("%s", _("Checking whether the renewal went through…"));
          /* Never renew again: only look at the license. */
          isplic_client_reconcile_renew_async (ISPLIC_CLIENT (source), id,
                                               isplic_license_get_expires (renew_state.before),
                                               cli->cancellable, renew_reconcile_cb, cli);
          return;
        }
      if (error->domain == ISPLIC_BILLMGR_ERROR)
        {
          renew_refused (cli, id, error);
          return;
        }
      isplic_cli_exit_error (cli, error);
      renew_report_rest (cli, renew_state.index + 1);
      return;
    }

  renew_state.n_renewed++;
  cli->changed = TRUE;
  if (new_expiry != NULL)
    {
      g_autofree char *date = isplic_cli_format_date (new_expiry);

      g_print (_("License %s renewed until %s.\n"), id, date);
      renew_advance (cli);
      return;
    }

  /* The server did not say: read the new expiry. */
  isplic_client_get_details_async (cli->client, id, cli->cancellable, renew_after_cb, cli);
}

static void
renew_before_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  const char *id = cli->args[renew_state.index];

  g_clear_object (&renew_state.before);
  renew_state.before = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (renew_state.before == NULL)
    {
      if (error->domain == ISPLIC_BILLMGR_ERROR)
        {
          /* An unknown ID: nothing was sent for it. */
          renew_refused (cli, id, error);
          return;
        }
      isplic_cli_exit_error (cli, error);
      renew_report_rest (cli, renew_state.index);
      return;
    }

  isplic_client_renew_licenses_async (cli->client, &renew_state.before, 1, chosen_period,
                                      cli->cancellable, renew_cb, cli);
}

static void
renew_next (IsplicCli *cli)
{
  if (renew_state.index >= cli->n_args)
    {
      isplic_cli_exit_charged (cli, renew_state.n_refused > 0 ? ISPLIC_CLI_EXIT_REFUSED
                                                              : ISPLIC_CLI_EXIT_OK);
      return;
    }
  isplic_client_get_details_async (cli->client, cli->args[renew_state.index], cli->cancellable,
                                   renew_before_cb, cli);
}

static void
renew_proceed (IsplicCli *cli, const IsplicMoney *charge)
{
  renew_state.index = 0;
  renew_next (cli);
}

/* The price of renewing them all and the balance first. */
void
isplic_cli_renew_run (IsplicCli *cli)
{
  if (opt_quote)
    isplic_cli_quote_renew (cli, chosen_period, opt_json, FALSE, NULL);
  else
    isplic_cli_quote_renew (cli, chosen_period, FALSE, opt_yes_charge, renew_proceed);
}

/* change-tariff ---------------------------------------------------------------------------- */

const GOptionEntry isplic_cli_change_tariff_entries[] = {
  { "tariff", 0, 0, G_OPTION_ARG_STRING, &opt_tariff,
    N_("New tariff: code or name (lite, pro, host, business…)"), N_("CODE") },
  { "nodes", 0, 0, G_OPTION_ARG_INT, &opt_nodes,
    N_("Number of nodes (business tariff only; default the license's own)"), N_("N") },
  QUOTE_ENTRIES,
  G_OPTION_ENTRY_NULL
};

/* The node count to send with the change; 0: not given (the server keeps the license's). */
static guint tariff_nodes;

gboolean
isplic_cli_change_tariff_prepare (IsplicCli *cli, GError **error)
{
  if (!isplic_cli_check_ids (cli, 1, 1, error)
      || !isplic_cli_check_tariff (opt_tariff, TRUE, &chosen_tariff, error)
      || !check_quote_options (error))
    return FALSE;
  if (opt_nodes != -1 && !chosen_tariff->has_nodes)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--nodes is only for tariffs with nodes (business), not for %s."),
                   chosen_tariff->name);
      return FALSE;
    }
  if (opt_nodes != -1 && (opt_nodes < 1 || opt_nodes > ISPLIC_NODES_MAX))
    {
      g_autofree char *message = g_strdup_printf (_("--nodes takes a number from 1 to %u."),
                                                  ISPLIC_NODES_MAX);

      return isplic_cli_usage (error, message);
    }
  tariff_nodes = opt_nodes != -1 ? (guint) opt_nodes : 0;
  return TRUE;
}

/* TRUE when the change is confirmed with service.changepricelist.getmoney: the quote said what
 * is charged now. */
static gboolean tariff_paid;

static void
change_tariff_reconcile_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;

  if (!isplic_client_reconcile_tariff_finish (ISPLIC_CLIENT (source), result, &verdict, &error))
    isplic_cli_printerr (_("Could not tell whether the tariff was changed (%s). Check the billing "
                           "panel before trying again."), error->message);
  else if (verdict == ISPLIC_VERDICT_DONE)
    g_print (_("The tariff was changed after all: license %s is on %s.\n"), cli->args[0],
             chosen_tariff->name);
  else if (verdict == ISPLIC_VERDICT_NOT_DONE)
    g_print (_("The tariff of license %s was not changed.\n"), cli->args[0]);
  else
    isplic_cli_printerr (_("Could not tell whether the tariff of license %s was changed: the "
                           "billing server did not say which tariff it is on. Check the billing "
                           "panel before trying again."), cli->args[0]);

  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_UNKNOWN);
}

static void
change_tariff_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (tariff_paid)
    done = isplic_client_change_tariff_pay_finish (ISPLIC_CLIENT (source), result, &error);
  else
    done = isplic_client_change_tariff_finish (ISPLIC_CLIENT (source), result, &error);
  if (!done && tariff_paid && g_error_matches (error, ISPLIC_CLIENT_ERROR,
                                               ISPLIC_CLIENT_ERROR_NOT_OFFERED))
    {
      /* billmgr does not know getmoney: nothing was done; the plain call as before. */
      tariff_paid = FALSE;
      isplic_client_change_tariff_async (cli->client, cli->args[0], chosen_tariff->id,
                                         tariff_nodes, cli->cancellable, change_tariff_cb, cli);
      return;
    }
  if (!done)
    {
      if (isplic_cli_outcome_to_check (cli, error))
        {
          isplic_cli_printerr ("%s", error->message);
          isplic_cli_printerr ("%s", _("Checking whether the tariff was changed…"));
          isplic_client_reconcile_tariff_async (ISPLIC_CLIENT (source), cli->args[0],
                                                chosen_tariff->id, cli->cancellable,
                                                change_tariff_reconcile_cb, cli);
          return;
        }
      isplic_cli_exit_error (cli, error);
      return;
    }
  g_print (_("License %s is now on %s.\n"), cli->args[0], chosen_tariff->name);
  cli->changed = TRUE;
  isplic_cli_exit_charged (cli, ISPLIC_CLI_EXIT_OK);
}

static void
change_tariff_proceed (IsplicCli *cli, const IsplicMoney *charge)
{
  tariff_paid = charge != NULL && charge->amount > 0;
  if (tariff_paid)
    isplic_client_change_tariff_pay_async (cli->client, cli->args[0], chosen_tariff->id,
                                           tariff_nodes, cli->cancellable, change_tariff_cb, cli);
  else
    isplic_client_change_tariff_async (cli->client, cli->args[0], chosen_tariff->id,
                                       tariff_nodes, cli->cancellable, change_tariff_cb, cli);
}

/* The old and new price and what is charged now, and the balance first. */
void
isplic_cli_change_tariff_run (IsplicCli *cli)
{
  if (opt_quote)
    isplic_cli_quote_tariff (cli, chosen_tariff->id, tariff_nodes, opt_json, FALSE, NULL);
  else
    isplic_cli_quote_tariff (cli, chosen_tariff->id, tariff_nodes, FALSE, opt_yes_charge,
                             change_tariff_proceed);
}

void
isplic_cli_charge_cleanup (void)
{
  g_clear_object (&renew_state.before);
  g_clear_pointer (&opt_tariff, g_free);
  g_clear_pointer (&opt_ip, g_free);
  g_clear_pointer (&opt_name, g_free);
  g_clear_pointer (&opt_period, g_free);
  g_clear_pointer (&opt_auto_renew, g_free);
}
