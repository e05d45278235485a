/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of isplic-cli. Each one checks its arguments without I/O in prepare(), then run()
 * starts the core's asynchronous calls; every path ends in isplic_cli_exit(). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

/* Option values. Only one command runs per process, so they can be file-wide. */
static gboolean opt_json;
static gboolean opt_csv;
static char *opt_tariff;
static char *opt_ip;
static char *opt_name;
static char *opt_period;
static char *opt_auto_renew;
static int opt_nodes = -1;
static gboolean opt_cart;
static gboolean opt_yes;
static gboolean opt_quote;
static gboolean opt_yes_charge;

/* What prepare() worked out for run(). */
static IsplicOrderParams order_params;
static const IsplicTariff *chosen_tariff;
static int chosen_period = 1;

/* Writes @text to stdout as is: data output must not go through charset conversion. */
static void
print_raw (const char *text)
{
  fputs (text, stdout);
}

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

static gboolean
check_ids (IsplicCli *cli, guint min, guint max, GError **error)
{
  if (cli->n_args < min)
    return isplic_cli_usage (error, min == 1 && max == 1 ? _("Give one license ID.")
                                                         : _("Give at least one license ID."));
  if (cli->n_args > max)
    {
      if (max == 0)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                     _("Unexpected argument “%s”"), cli->args[0]);
      else
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                     _("Unexpected argument “%s”: give one license ID."), cli->args[max]);
      return FALSE;
    }
  for (guint i = 0; i < cli->n_args; i++)
    if (!isplic_cli_check_id (cli->args[i], error))
      return FALSE;
  return TRUE;
}

/* Leaves out repeated ids so that each license is handled (and, for a renewal, charged) once,
 * and says so on stderr. Called once the arguments are otherwise valid. */
static void
dedup_ids (IsplicCli *cli)
{
  g_autoptr(GHashTable) counts = NULL;
  char **unique;
  guint n_dropped = 0;

  unique = isplic_ids_dedup ((const char * const *) cli->args, &n_dropped);
  if (n_dropped == 0)
    {
      g_strfreev (unique);
      return;
    }

  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < cli->n_args; i++)
    g_hash_table_insert (counts, cli->args[i],
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                                  cli->args[i]))
                                           + 1));
  for (guint i = 0; unique[i] != NULL; i++)
    if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, unique[i])) > 1)
      isplic_cli_printerr (_("license %s was given more than once; it is handled once."),
                           unique[i]);

  g_strfreev (cli->args);
  cli->args = unique;
  cli->n_args = g_strv_length (unique);
}

static gboolean
check_tariff (const char *text, gboolean required, GError **error)
{
  chosen_tariff = NULL;
  if (text == NULL)
    {
      if (required)
        return isplic_cli_usage (error, _("--tariff CODE is required (see “isplic-cli tariffs”)."));
      return TRUE;
    }
  chosen_tariff = isplic_cli_tariff_find (text);
  if (chosen_tariff == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown tariff “%s”; “isplic-cli tariffs” lists the codes and names."),
                   text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_ip (const char *ip, GError **error)
{
  if (!isplic_ip_is_valid (ip))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an IP address (IPv4 like 203.0.113.10, or IPv6)."), ip);
      return FALSE;
    }
  return TRUE;
}

/* TRUE when @text is empty or only ASCII white space. */
static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Checks @name as the server will store it, trimmed, and trims it. The white space that
 * trimming removes may not hide a line break or a tab at either end: those refuse the name as
 * given. Empty names are left to the caller's own message. */
static gboolean
check_name (char *name, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  g_autofree char *problem = isplic_name_check (trimmed);

  if (problem == NULL && strpbrk (name, "\t\n\v\f\r") != NULL)
    problem = isplic_name_check (name);
  if (problem != NULL)
    return isplic_cli_usage (error, problem);
  g_strstrip (name);
  return TRUE;
}

static gboolean
check_period (GError **error)
{
  chosen_period = 1;
  if (opt_period != NULL && !isplic_cli_parse_period (opt_period, &chosen_period))
    return isplic_cli_usage (error, _("--period takes 1 (a month) or 12 (a year)."));
  return TRUE;
}

static const char * const *
ids (IsplicCli *cli)
{
  return (const char * const *) cli->args;
}

static char *
join_ids (IsplicCli *cli)
{
  return g_strjoinv (", ", cli->args);
}

/* TRUE when the request may or may not have been carried out and the run goes on: the caller
 * then asks the server what happened, never sending the request again. */
static gboolean
outcome_to_check (IsplicCli *cli, const GError *error)
{
  return g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN)
         && !cli->interrupted;
}

/* list ------------------------------------------------------------------------------------- */

static const GOptionEntry list_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print a JSON array of objects"), NULL },
  { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_csv, N_("Print CSV (RFC 4180) with a header row"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
list_prepare (IsplicCli *cli, GError **error)
{
  if (!check_ids (cli, 0, 0, error))
    return FALSE;
  if (opt_json && opt_csv)
    return isplic_cli_usage (error, _("Choose one of --json and --csv."));
  return TRUE;
}

static void
list_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GError) error = NULL;

  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  if (licenses == NULL)
    {
      isplic_cli_exit_error (cli, error);
      return;
    }

  /* Written as formatted; each license is let go once written. */
  if (opt_json)
    isplic_cli_write_json (g_steal_pointer (&licenses), stdout);
  else if (opt_csv)
    isplic_cli_write_csv (g_steal_pointer (&licenses), stdout);
  else if (licenses->len == 0)
    printf ("%s\n", _("No licenses."));
  else
    isplic_cli_write_table (g_steal_pointer (&licenses), stdout);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
list_run (IsplicCli *cli)
{
  isplic_client_list_async (cli->client, cli->cancellable, list_cb, cli);
}

/* show ------------------------------------------------------------------------------------- */

static const GOptionEntry show_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print a JSON object"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
show_prepare (IsplicCli *cli, GError **error)
{
  return check_ids (cli, 1, 1, error);
}

static void
show_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicLicense) license = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (license == NULL)
    {
      isplic_cli_exit_error (cli, error);
      return;
    }

  text = opt_json ? isplic_cli_format_license_json (license) : isplic_cli_format_details (license);
  print_raw (text);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
show_run (IsplicCli *cli)
{
  isplic_client_get_details_async (cli->client, cli->args[0], cli->cancellable, show_cb, cli);
}

/* order ------------------------------------------------------------------------------------ */

static const GOptionEntry order_entries[] = {
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

static gboolean
order_prepare (IsplicCli *cli, GError **error)
{
  int auto_renew = 0;

  if (!check_ids (cli, 0, 0, error) || !check_quote_options (error))
    return FALSE;
  if (!check_tariff (opt_tariff, TRUE, error))
    return FALSE;
  if (opt_ip == NULL)
    return isplic_cli_usage (error, _("--ip IP is required."));
  if (!check_ip (opt_ip, error))
    return FALSE;
  if (opt_name == NULL || is_blank (opt_name))
    return isplic_cli_usage (error, _("--name NAME is required."));
  if (!check_name (opt_name, error))
    return FALSE;
  if (!check_period (error))
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
      if (outcome_to_check (cli, error))
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
static void
order_run (IsplicCli *cli)
{
  if (opt_quote)
    isplic_cli_quote_order (cli, &order_params, opt_json, FALSE, NULL);
  else if (order_params.to_cart)
    isplic_client_order_async (cli->client, &order_params, cli->cancellable, order_cb, cli);
  else
    isplic_cli_quote_order (cli, &order_params, FALSE, opt_yes_charge, order_proceed);
}

/* renew ------------------------------------------------------------------------------------ */

static const GOptionEntry renew_entries[] = {
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

static gboolean
renew_prepare (IsplicCli *cli, GError **error)
{
  if (!check_ids (cli, 1, G_MAXUINT, error) || !check_period (error)
      || !check_quote_options (error))
    return FALSE;
  dedup_ids (cli);
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
      if (outcome_to_check (cli, error))
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
static void
renew_run (IsplicCli *cli)
{
  if (opt_quote)
    isplic_cli_quote_renew (cli, chosen_period, opt_json, FALSE, NULL);
  else
    isplic_cli_quote_renew (cli, chosen_period, FALSE, opt_yes_charge, renew_proceed);
}

/* edit ------------------------------------------------------------------------------------- */

static const GOptionEntry edit_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("New name of the license"), N_("NAME") },
  { "ip", 0, 0, G_OPTION_ARG_STRING, &opt_ip,
    N_("New IP address (the server allows this once a month)"), N_("IP") },
  G_OPTION_ENTRY_NULL
};

static gboolean
edit_prepare (IsplicCli *cli, GError **error)
{
  if (!check_ids (cli, 1, 1, error))
    return FALSE;
  if (opt_name == NULL && opt_ip == NULL)
    return isplic_cli_usage (error, _("Give --name NAME, --ip IP or both."));
  if (opt_name != NULL && is_blank (opt_name))
    return isplic_cli_usage (error, _("The name cannot be empty."));
  if (opt_name != NULL && !check_name (opt_name, error))
    return FALSE;
  if (opt_ip != NULL && !check_ip (opt_ip, error))
    return FALSE;
  return TRUE;
}

static void
edit_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!isplic_client_edit_finish (ISPLIC_CLIENT (source), result, &error))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  g_print (_("License %s updated.\n"), cli->args[0]);
  cli->changed = TRUE;
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
edit_run (IsplicCli *cli)
{
  isplic_client_edit_async (cli->client, cli->args[0], opt_name, opt_ip, cli->cancellable,
                            edit_cb, cli);
}

/* change-tariff ---------------------------------------------------------------------------- */

static const GOptionEntry change_tariff_entries[] = {
  { "tariff", 0, 0, G_OPTION_ARG_STRING, &opt_tariff,
    N_("New tariff: code or name (lite, pro, host, business…)"), N_("CODE") },
  { "nodes", 0, 0, G_OPTION_ARG_INT, &opt_nodes,
    N_("Number of nodes (business tariff only; default the license's own)"), N_("N") },
  QUOTE_ENTRIES,
  G_OPTION_ENTRY_NULL
};

/* The node count to send with the change; 0: not given (the server keeps the license's). */
static guint tariff_nodes;

static gboolean
change_tariff_prepare (IsplicCli *cli, GError **error)
{
  if (!check_ids (cli, 1, 1, error) || !check_tariff (opt_tariff, TRUE, error)
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
      if (outcome_to_check (cli, error))
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
static void
change_tariff_run (IsplicCli *cli)
{
  if (opt_quote)
    isplic_cli_quote_tariff (cli, chosen_tariff->id, tariff_nodes, opt_json, FALSE, NULL);
  else
    isplic_cli_quote_tariff (cli, chosen_tariff->id, tariff_nodes, FALSE, opt_yes_charge,
                             change_tariff_proceed);
}

/* suspend, resume, delete ------------------------------------------------------------------ */

static gboolean
group_prepare (IsplicCli *cli, GError **error)
{
  if (!check_ids (cli, 1, G_MAXUINT, error))
    return FALSE;
  dedup_ids (cli);
  return TRUE;
}

typedef enum { GROUP_SUSPEND, GROUP_RESUME, GROUP_DELETE } GroupAction;

/* The client's calls for each action, by GroupAction. */
static const struct {
  void     (*start)  (IsplicClient *client, const char * const *ids, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*finish) (IsplicClient *client, GAsyncResult *result, GError **error);
} group_calls[] = {
  [GROUP_SUSPEND] = { isplic_client_suspend_async, isplic_client_suspend_finish },
  [GROUP_RESUME] = { isplic_client_resume_async, isplic_client_resume_finish },
  [GROUP_DELETE] = { isplic_client_delete_async, isplic_client_delete_finish },
};

/* The action the running command does. */
static GroupAction group_action;

static void
group_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  GroupAction action = group_action;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;

  if (!group_calls[action].finish (ISPLIC_CLIENT (source), result, &error))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }

  joined = join_ids (cli);
  switch (action)
    {
    case GROUP_SUSPEND:
      g_print (ngettext ("Suspended license %s.\n", "Suspended licenses %s.\n", cli->n_args),
               joined);
      break;
    case GROUP_RESUME:
      g_print (ngettext ("Resumed license %s.\n", "Resumed licenses %s.\n", cli->n_args),
               joined);
      break;
    case GROUP_DELETE:
    default:
      g_print (ngettext ("Deleted license %s.\n", "Deleted licenses %s.\n", cli->n_args),
               joined);
      break;
    }
  cli->changed = TRUE;
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
group_run (IsplicCli *cli, GroupAction action)
{
  group_action = action;
  group_calls[action].start (cli->client, ids (cli), cli->cancellable, group_cb, cli);
}

static void
suspend_run (IsplicCli *cli)
{
  group_run (cli, GROUP_SUSPEND);
}

static void
resume_run (IsplicCli *cli)
{
  group_run (cli, GROUP_RESUME);
}

static const GOptionEntry delete_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes,
    N_("Confirm: deleting cannot be undone"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
delete_prepare (IsplicCli *cli, GError **error)
{
  if (!check_ids (cli, 1, G_MAXUINT, error))
    return FALSE;
  if (!opt_yes)
    return isplic_cli_usage (error,
                             _("Deleting a license cannot be undone; add --yes to confirm."));
  dedup_ids (cli);
  return TRUE;
}

static void
delete_run (IsplicCli *cli)
{
  group_run (cli, GROUP_DELETE);
}

/* check-ip --------------------------------------------------------------------------------- */

static const GOptionEntry check_ip_entries[] = {
  { "tariff", 0, 0, G_OPTION_ARG_STRING, &opt_tariff,
    N_("Tariff: code or name (lite, pro, host, business…)"), N_("CODE") },
  { "period", 0, 0, G_OPTION_ARG_STRING, &opt_period,
    N_("Months: 1 or 12 (default 1)"), N_("1|12") },
  G_OPTION_ENTRY_NULL
};

static gboolean
check_ip_prepare (IsplicCli *cli, GError **error)
{
  if (cli->n_args != 1)
    return isplic_cli_usage (error, cli->n_args == 0 ? _("Give the IP address to check.")
                                                     : _("Give one IP address."));
  return check_ip (cli->args[0], error) && check_tariff (opt_tariff, TRUE, error)
         && check_period (error);
}

static void
check_ip_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!isplic_client_check_ip_finish (ISPLIC_CLIENT (source), result, &error))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  g_print (_("%s can take a license on %s.\n"), cli->args[0], chosen_tariff->name);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
check_ip_run (IsplicCli *cli)
{
  int period = chosen_tariff->trial ? ISPLIC_TRIAL_PERIOD : chosen_period;

  isplic_client_check_ip_async (cli->client, cli->args[0], chosen_tariff->id, period,
                                cli->cancellable, check_ip_cb, cli);
}

/* new-key ---------------------------------------------------------------------------------- */

static gboolean
new_key_prepare (IsplicCli *cli, GError **error)
{
  return check_ids (cli, 1, 1, error);
}

static void
new_key_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *safe_key = NULL;

  key = isplic_client_new_key_finish (ISPLIC_CLIENT (source), result, &error);
  if (key == NULL)
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  safe_key = isplic_cli_safe (key);
  print_raw (safe_key);
  print_raw ("\n");
  cli->changed = TRUE;
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
new_key_run (IsplicCli *cli)
{
  isplic_client_new_key_async (cli->client, cli->args[0], cli->cancellable, new_key_cb, cli);
}

/* tariffs, version, help ------------------------------------------------------------------- */

static const GOptionEntry tariffs_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print a JSON array"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
no_args_prepare (IsplicCli *cli, GError **error)
{
  return check_ids (cli, 0, 0, error);
}

static void
tariffs_run (IsplicCli *cli)
{
  g_autofree char *text = isplic_cli_format_tariffs (opt_json);

  print_raw (text);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
version_run (IsplicCli *cli)
{
  g_print ("isplic-cli %s\n", PACKAGE_VERSION);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static gboolean
help_prepare (IsplicCli *cli, GError **error)
{
  if (cli->n_args > 1)
    return isplic_cli_usage (error, _("Give at most one command."));
  if (cli->n_args == 1 && isplic_cli_command_lookup (cli->args[0]) == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unknown command “%s”"),
                   cli->args[0]);
      return FALSE;
    }
  return TRUE;
}

static void
help_run (IsplicCli *cli)
{
  isplic_cli_print_help (cli->n_args == 1 ? cli->args[0] : NULL);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

/* The help of order and edit states the limit. */
G_STATIC_ASSERT (ISPLIC_NAME_MAX_CHARS == 100);

/* The table ------------------------------------------------------------------------------- */

static const IsplicCliCommand commands[] = {
  { "list", "", N_("List all licenses"),
    N_("Columns: ID, NAME, IP, TARIFF, STATUS, EXPIRES, AUTO-RENEW. With --json or --csv every\n"
       "field is printed, named as in the model: id, name, ip, tariff-id, tariff, status,\n"
       "status-label, period, created, expires, auto-renew, cost, nodes, key.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli list\n"
       "  isplic-cli list --json | jq -r '.[] | select(.status == \"suspended\") | .id'\n"
       "  isplic-cli list --csv > licenses.csv"),
    list_entries, TRUE, list_prepare, list_run },
  { "show", N_("ID"), N_("Show every field of one license, including its key"),
    N_("Examples:\n"
       "  isplic-cli show 3100234\n"
       "  isplic-cli show 3100234 --json | jq -r .key"),
    show_entries, TRUE, show_prepare, show_run },
  { "order", N_("--tariff CODE --ip IP --name NAME"), N_("Order a new license"),
    N_("Prints the new license’s ID (or, with --cart, the cart order’s ID) on stdout.\n"
       "A name has at most 100 characters, with no line breaks, control or text-direction\n"
       "characters, and at least one visible character.\n"
       "The key is issued once the order has been processed; “show ID” prints it.\n"
       "An order is never sent twice: if the answer is lost, isplic-cli looks for the\n"
       "license and exits with 4.\n"
       "\n"
       "With --quote, prints the total of exactly this order (from the order form, discounts\n"
       "applied) and the balance, and orders nothing. Before a paid order, the price and the\n"
       "balance are printed on stderr (“Charging 56.00 EUR; balance 500.00 EUR”) as far as\n"
       "the server tells them; when the balance and credit limit are known not to cover the\n"
       "price, nothing is sent and the exit status is 1, unless --yes is given.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli order --tariff business --nodes 3 --period 12 --ip 203.0.113.11 \\\n"
       "                   --name cluster --quote\n"
       "  isplic-cli order --tariff lite --ip 203.0.113.10 --name web-01\n"
       "  isplic-cli order --tariff business --nodes 3 --ip 203.0.113.11 --name cluster \\\n"
       "                   --period 12 --auto-renew 12\n"
       "  isplic-cli order --tariff trial --ip 203.0.113.12 --name try-me\n"
       "  ID=$(isplic-cli order --tariff pro --ip 2001:db8::10 --name web-02)"),
    order_entries, TRUE, order_prepare, order_run },
  { "renew", N_("ID…"), N_("Renew licenses"),
    N_("Renews the given licenses one after the other and prints each new expiry.\n"
       "Trial licenses cannot be renewed. If the server refuses one license, the others are\n"
       "still renewed and the exit status is 1; after a network failure nothing more is sent.\n"
       "\n"
       "With --quote, prints each license’s expiry, new expiry and cost, and the total and\n"
       "the balance, and renews nothing. Before renewing, the total and the balance are\n"
       "printed on stderr; when they are known not to be covered, nothing is sent and the\n"
       "exit status is 1, unless --yes is given.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli renew 3100234 3100235 --period 12 --quote\n"
       "  isplic-cli renew 3100234\n"
       "  isplic-cli renew 3100234 3100235 --period 12"),
    renew_entries, TRUE, renew_prepare, renew_run },
  { "edit", N_("ID"), N_("Change the name or IP address of a license"),
    N_("A name has at most 100 characters, with no line breaks, control or text-direction\n"
       "characters, and at least one visible character.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli edit 3100234 --name web-01-old\n"
       "  isplic-cli edit 3100234 --ip 203.0.113.20"),
    edit_entries, TRUE, edit_prepare, edit_run },
  { "change-tariff", N_("ID --tariff CODE [--nodes N]"), N_("Move a license to another tariff"),
    N_("With --quote, prints the old and new price, the new expiry and what is charged now,\n"
       "and the balance, and changes nothing. Before the change, what is charged now and the\n"
       "balance are printed on stderr; when they are known not to be covered, nothing is sent\n"
       "and the exit status is 1, unless --yes is given. --nodes sets the number of nodes of\n"
       "a business license (without it the license keeps its own).\n"
       "\n"
       "Examples:\n"
       "  isplic-cli change-tariff 3100234 --tariff business --nodes 3 --quote\n"
       "  isplic-cli change-tariff 3100234 --tariff pro\n"
       "  isplic-cli change-tariff 3100234 --tariff 55229"),
    change_tariff_entries, TRUE, change_tariff_prepare, change_tariff_run },
  { "suspend", N_("ID…"), N_("Suspend licenses"),
    N_("Examples:\n"
       "  isplic-cli suspend 3100234\n"
       "  isplic-cli suspend 3100234 3100235 3100236"),
    NULL, TRUE, group_prepare, suspend_run },
  { "resume", N_("ID…"), N_("Resume suspended licenses"),
    N_("Examples:\n"
       "  isplic-cli resume 3100234 3100235"),
    NULL, TRUE, group_prepare, resume_run },
  { "check-ip", N_("IP --tariff CODE"), N_("Check whether an IP address can take a license"),
    N_("Exits with 0 when the IP can take the tariff, and with 1 and the server’s reason\n"
       "when it cannot (for example, it already has a license).\n"
       "\n"
       "Examples:\n"
       "  isplic-cli check-ip 203.0.113.10 --tariff lite\n"
       "  isplic-cli check-ip 2001:db8::10 --tariff business --period 12"),
    check_ip_entries, TRUE, check_ip_prepare, check_ip_run },
  { "new-key", N_("ID"), N_("Issue a new key for a license and print it"),
    N_("The old key stops working. The server allows this about once a month.\n"
       "\n"
       "Example:\n"
       "  isplic-cli new-key 3100234"),
    NULL, TRUE, new_key_prepare, new_key_run },
  { "delete", N_("ID… --yes"), N_("Delete licenses"),
    N_("Deleting cannot be undone, so --yes is required.\n"
       "\n"
       "Example:\n"
       "  isplic-cli delete 3100234 3100235 --yes"),
    delete_entries, TRUE, delete_prepare, delete_run },
};

/* After the money commands (isplic-cli-account.c, isplic-cli-money.c, isplic-cli-cart.c). */
static const IsplicCliCommand tail_commands[] = {
  { "tariffs", "", N_("List the tariffs and the names --tariff accepts"),
    N_("Example:\n"
       "  isplic-cli tariffs"),
    tariffs_entries, FALSE, no_args_prepare, tariffs_run },
  { "version", "", N_("Show the version"), NULL, NULL, FALSE, no_args_prepare, version_run },
  { "help", N_("[COMMAND]"), N_("Show the help of the tool or of a command"),
    N_("Example:\n"
       "  isplic-cli help order"),
    NULL, FALSE, help_prepare, help_run },
};

void
isplic_cli_commands_cleanup (void)
{
  isplic_cli_money_cleanup ();
  isplic_cli_cart_cleanup ();
  g_clear_object (&renew_state.before);
  g_clear_pointer (&opt_tariff, g_free);
  g_clear_pointer (&opt_ip, g_free);
  g_clear_pointer (&opt_name, g_free);
  g_clear_pointer (&opt_period, g_free);
  g_clear_pointer (&opt_auto_renew, g_free);
}

/* Every command in the order of the help, built once (never freed: it lives as long as the
 * process). */
const IsplicCliCommand *
isplic_cli_commands_get (guint *n_commands)
{
  static GArray *all;

  if (all == NULL)
    {
      all = g_array_new (FALSE, FALSE, sizeof (IsplicCliCommand));
      g_array_append_vals (all, commands, G_N_ELEMENTS (commands));
      g_array_append_vals (all, isplic_cli_account_commands, isplic_cli_n_account_commands);
      g_array_append_vals (all, isplic_cli_money_commands, isplic_cli_n_money_commands);
      g_array_append_vals (all, isplic_cli_cart_commands, isplic_cli_n_cart_commands);
      g_array_append_vals (all, isplic_cli_journal_commands, isplic_cli_n_journal_commands);
      g_array_append_vals (all, isplic_cli_accounts_commands, isplic_cli_n_accounts_commands);
      g_array_append_vals (all, tail_commands, G_N_ELEMENTS (tail_commands));
    }
  *n_commands = all->len;
  return (const IsplicCliCommand *) (void *) all->data;
}

const IsplicCliCommand *
isplic_cli_command_lookup (const char *name)
{
  guint n_commands;
  const IsplicCliCommand *all = isplic_cli_commands_get (&n_commands);

  for (guint i = 0; i < n_commands; i++)
    if (g_strcmp0 (all[i].name, name) == 0)
      return &all[i];
  return NULL;
}
