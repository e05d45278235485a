/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of isplic-cli. Each one checks its arguments without I/O in prepare(), then run()
 * starts the core's asynchronous calls; every path ends in isplic_cli_exit(). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "isplic-cli-commands-private.h"
#include "isplic-cli-safe.h"

/* Option values. Only one command runs per process, so they can be file-wide. */
static gboolean opt_json;
static gboolean opt_csv;
static char *opt_tariff;
static char *opt_ip;
static char *opt_name;
static char *opt_period;
static gboolean opt_yes;

/* What prepare() worked out for run(). */
static const IsplicTariff *chosen_tariff;
static int chosen_period = 1;

/* Writes @text to stdout as is: data output must not go through charset conversion. */
void
isplic_cli_print_raw (const char *text)
{
  fputs (text, stdout);
}

gboolean
isplic_cli_check_ids (IsplicCli *cli, guint min, guint max, GError **error)
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
void
isplic_cli_dedup_ids (IsplicCli *cli)
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

gboolean
isplic_cli_check_tariff (const char          *text,
                         gboolean             required,
                         const IsplicTariff **tariff,
                         GError             **error)
{
  *tariff = NULL;
  if (text == NULL)
    {
      if (required)
        return isplic_cli_usage (error, _("--tariff CODE is required (see “isplic-cli tariffs”)."));
      return TRUE;
    }
  *tariff = isplic_cli_tariff_find (text);
  if (*tariff == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown tariff “%s”; “isplic-cli tariffs” lists the codes and names."),
                   text);
      return FALSE;
    }
  return TRUE;
}

gboolean
isplic_cli_check_ip (const char *ip, GError **error)
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
gboolean
isplic_cli_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Checks @name as the server will store it, trimmed, and trims it. The white space that
 * trimming removes may not hide a line break or a tab at either end: those refuse the name as
 * given. Empty names are left to the caller's own message. */
gboolean
isplic_cli_check_name (char *name, GError **error)
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

/* --period: 1 when not given. */
gboolean
isplic_cli_check_period (const char  *text,
                         int         *period,
                         GError     **error)
{
  *period = 1;
  if (text != NULL && !isplic_cli_parse_period (text, period))
    return isplic_cli_usage (error, _("--period takes 1 (a month) or 12 (a year)."));
  return TRUE;
}

const char * const *
isplic_cli_ids (IsplicCli *cli)
{
  return (const char * const *) cli->args;
}

char *
isplic_cli_join_ids (IsplicCli *cli)
{
  return g_strjoinv (", ", cli->args);
}

/* TRUE when the request may or may not have been carried out and the run goes on: the caller
 * then asks the server what happened, never sending the request again. */
gboolean
isplic_cli_outcome_to_check (IsplicCli *cli, const GError *error)
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
  if (!isplic_cli_check_ids (cli, 0, 0, error))
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
  return isplic_cli_check_ids (cli, 1, 1, error);
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
  isplic_cli_print_raw (text);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
show_run (IsplicCli *cli)
{
  isplic_client_get_details_async (cli->client, cli->args[0], cli->cancellable, show_cb, cli);
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
  if (!isplic_cli_check_ids (cli, 1, 1, error))
    return FALSE;
  if (opt_name == NULL && opt_ip == NULL)
    return isplic_cli_usage (error, _("Give --name NAME, --ip IP or both."));
  if (opt_name != NULL && isplic_cli_is_blank (opt_name))
    return isplic_cli_usage (error, _("The name cannot be empty."));
  if (opt_name != NULL && !isplic_cli_check_name (opt_name, error))
    return FALSE;
  if (opt_ip != NULL && !isplic_cli_check_ip (opt_ip, error))
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

/* suspend, resume, delete ------------------------------------------------------------------ */

static gboolean
group_prepare (IsplicCli *cli, GError **error)
{
  if (!isplic_cli_check_ids (cli, 1, G_MAXUINT, error))
    return FALSE;
  isplic_cli_dedup_ids (cli);
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

  joined = isplic_cli_join_ids (cli);
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
  group_calls[action].start (cli->client, isplic_cli_ids (cli), cli->cancellable, group_cb, cli);
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
  if (!isplic_cli_check_ids (cli, 1, G_MAXUINT, error))
    return FALSE;
  if (!opt_yes)
    return isplic_cli_usage (error,
                             _("Deleting a license cannot be undone; add --yes to confirm."));
  isplic_cli_dedup_ids (cli);
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
  return isplic_cli_check_ip (cli->args[0], error)
         && isplic_cli_check_tariff (opt_tariff, TRUE, &chosen_tariff, error)
         && isplic_cli_check_period (opt_period, &chosen_period, error);
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
  return isplic_cli_check_ids (cli, 1, 1, error);
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
  isplic_cli_print_raw (safe_key);
  isplic_cli_print_raw ("\n");
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
  return isplic_cli_check_ids (cli, 0, 0, error);
}

static void
tariffs_run (IsplicCli *cli)
{
  g_autofree char *text = isplic_cli_format_tariffs (opt_json);

  isplic_cli_print_raw (text);
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
    isplic_cli_order_entries, TRUE, isplic_cli_order_prepare, isplic_cli_order_run },
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
    isplic_cli_renew_entries, TRUE, isplic_cli_renew_prepare, isplic_cli_renew_run },
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
    isplic_cli_change_tariff_entries, TRUE, isplic_cli_change_tariff_prepare,
    isplic_cli_change_tariff_run },
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
  isplic_cli_charge_cleanup ();
  g_clear_pointer (&opt_tariff, g_free);
  g_clear_pointer (&opt_ip, g_free);
  g_clear_pointer (&opt_name, g_free);
  g_clear_pointer (&opt_period, g_free);
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
