/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account's cart, a license's history and auto-renewal of existing licenses (issue 8). Each
 * function is optional on the billing server: when it is not offered, the command says so and
 * exits with 1. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

static gboolean opt_json;
static char *opt_remove;
static gboolean opt_clear;
static gboolean opt_yes;
static char *opt_reuse_ip;
static char *opt_reuse_name;

/* cart ------------------------------------------------------------------------------------- */

static const GOptionEntry cart_entries[] = {
  { "remove", 0, 0, G_OPTION_ARG_STRING, &opt_remove,
    N_("Remove the item ITEM (an ID from the ITEM column) from the cart"), N_("ITEM") },
  { "clear", 0, 0, G_OPTION_ARG_NONE, &opt_clear, N_("Empty the cart (needs --yes)"), NULL },
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes, N_("Confirm emptying the cart"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
cart_prepare (IsplicCli *cli, GError **error)
{
  if (cli->n_args > 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unexpected argument “%s”"),
                   cli->args[0]);
      return FALSE;
    }
  if (opt_remove != NULL && opt_clear)
    return isplic_cli_usage (error, _("Choose one of --remove and --clear."));
  if (opt_remove != NULL && (*opt_remove == '\0' || strpbrk (opt_remove, "&=#?\r\n") != NULL))
    return isplic_cli_usage (error, _("--remove takes an item ID as “isplic-cli cart” shows it."));
  if (opt_clear && !opt_yes)
    return isplic_cli_usage (error, _("Emptying the cart cannot be undone; add --yes to confirm."));
  if (opt_yes && !opt_clear)
    return isplic_cli_usage (error, _("--yes goes with --clear."));
  return TRUE;
}

static void
print_cart (IsplicCart *cart)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      isplic_cli_json_string (builder, "billorder", cart->billorder);
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < cart->items->len; i++)
        {
          IsplicCartItem *item = g_ptr_array_index (cart->items, i);

          json_builder_begin_object (builder);
          isplic_cli_json_string (builder, "id", item->id);
          isplic_cli_json_string (builder, "type", item->type);
          isplic_cli_json_string (builder, "name", item->name);
          isplic_cli_json_string (builder, "ip", item->ip);
          json_builder_set_member_name (builder, "period");
          json_builder_add_int_value (builder, item->period);
          isplic_cli_json_money (builder, "cost", item->cost);
          isplic_cli_json_string (builder, "text", item->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      isplic_cli_json_money (builder, "total", cart->total);
      json_builder_end_object (builder);
      isplic_cli_print_json (builder);
    }
  else if (cart->items->len == 0)
    g_print ("%s\n", _("The cart is empty."));
  else
    {
      const char *headers[] = { C_("column", "ITEM"), C_("column", "NAME"), C_("column", "IP"),
                                C_("column", "PERIOD"), C_("column", "COST"), NULL };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      g_autofree char *total = isplic_cli_money_text (cart->total);

      for (guint i = 0; i < cart->items->len; i++)
        {
          IsplicCartItem *item = g_ptr_array_index (cart->items, i);
          char **row = g_new0 (char *, 6);

          row[0] = isplic_cli_cell (item->id);
          row[1] = isplic_cli_cell (item->name);
          row[2] = isplic_cli_cell (item->ip);
          row[3] = item->period > 0
                   ? g_strdup_printf (ngettext ("%d month", "%d months",
                                                (unsigned long) item->period), item->period)
                   : g_strdup ("-");
          row[4] = isplic_cli_money_text (item->cost);
          g_ptr_array_add (rows, row);
        }
      isplic_cli_print_table (headers, rows);
      g_print (_("Total: %s\n"), total);
    }
}

static void
cart_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(IsplicCart) cart = NULL;
  g_autoptr(GError) error = NULL;

  cart = isplic_client_get_cart_finish (ISPLIC_CLIENT (source), result, &error);
  if (cart == NULL)
    {
      if (isplic_cli_is_not_offered (error))
        isplic_cli_exit_not_offered (cli, _("This billing server does not offer a cart."));
      else
        isplic_cli_exit_error (cli, error);
      return;
    }
  print_cart (cart);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
cart_change_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (opt_clear)
    done = isplic_client_cart_clear_finish (ISPLIC_CLIENT (source), result, &error);
  else
    done = isplic_client_cart_remove_finish (ISPLIC_CLIENT (source), result, &error);
  if (!done)
    {
      if (isplic_cli_is_not_offered (error))
        isplic_cli_exit_not_offered (cli, opt_clear
                                          ? _("This billing server does not offer emptying the "
                                              "cart.")
                                          : _("This billing server does not offer removing items "
                                              "from the cart."));
      else
        isplic_cli_exit_error (cli, error);
      return;
    }

  cli->changed = TRUE;
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      if (opt_clear)
        {
          json_builder_set_member_name (builder, "cleared");
          json_builder_add_boolean_value (builder, TRUE);
        }
      else
        isplic_cli_json_string (builder, "removed", opt_remove);
      json_builder_end_object (builder);
      isplic_cli_print_json (builder);
    }
  else if (opt_clear)
    g_print ("%s\n", _("The cart is now empty."));
  else
    {
      g_autofree char *safe = isplic_cli_safe (opt_remove);

      g_print (_("Removed item %s from the cart.\n"), safe);
    }
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
cart_run (IsplicCli *cli)
{
  if (opt_clear)
    isplic_client_cart_clear_async (cli->client, cli->cancellable, cart_change_cb, cli);
  else if (opt_remove != NULL)
    isplic_client_cart_remove_async (cli->client, opt_remove, cli->cancellable, cart_change_cb,
                                     cli);
  else
    isplic_client_get_cart_async (cli->client, cli->cancellable, cart_cb, cli);
}

/* history ---------------------------------------------------------------------------------- */

static gboolean
history_prepare (IsplicCli *cli, GError **error)
{
  if (cli->n_args != 1)
    return isplic_cli_usage (error, cli->n_args == 0 ? _("Give one license ID.")
                                                     : _("Give one license ID only."));
  return isplic_cli_check_id (cli->args[0], error);
}

static char *
history_date (GDateTime *date)
{
  return date != NULL ? g_date_time_format (date, "%Y-%m-%d %H:%M:%S") : NULL;
}

static void
history_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = isplic_client_get_history_finish (ISPLIC_CLIENT (source), result, &error);
  if (entries == NULL)
    {
      if (isplic_cli_is_not_offered (error))
        isplic_cli_exit_not_offered (cli, _("This billing server does not offer license "
                                            "history."));
      else
        isplic_cli_exit_error (cli, error);
      return;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries->len; i++)
        {
          IsplicHistoryEntry *entry = g_ptr_array_index (entries, i);
          g_autofree char *date = history_date (entry->date);

          json_builder_begin_object (builder);
          isplic_cli_json_string (builder, "date", date);
          isplic_cli_json_string (builder, "change", entry->desc);
          isplic_cli_json_string (builder, "user", entry->user);
          isplic_cli_json_string (builder, "ip", entry->ip);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      isplic_cli_print_json (builder);
    }
  else if (entries->len == 0)
    g_print ("%s\n", _("No history."));
  else
    {
      const char *headers[] = { C_("column", "DATE"), C_("column", "USER"), C_("column", "IP"),
                                C_("column", "CHANGE"), NULL };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < entries->len; i++)
        {
          IsplicHistoryEntry *entry = g_ptr_array_index (entries, i);
          g_autofree char *date = history_date (entry->date);
          char **row = g_new0 (char *, 5);

          row[0] = isplic_cli_cell (date);
          row[1] = isplic_cli_cell (entry->user);
          row[2] = isplic_cli_cell (entry->ip);
          row[3] = isplic_cli_cell (entry->desc);
          g_ptr_array_add (rows, row);
        }
      isplic_cli_print_table (headers, rows);
    }
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

static void
history_run (IsplicCli *cli)
{
  isplic_client_get_history_async (cli->client, cli->args[0], cli->cancellable, history_cb, cli);
}

/* auto-renew ------------------------------------------------------------------------------- */

/* One license at a time; a refusal moves on to the next, anything else stops. */
static struct {
  int      months;
  guint    n_ids;   /* the IDs are cli->args[0 .. n_ids - 1]; the value is the last argument */
  guint    index;
  guint    n_refused;
  GArray  *done;    /* gboolean per ID, for --json */
  GPtrArray *errors;
} ar;

static gboolean
auto_renew_prepare (IsplicCli *cli, GError **error)
{
  g_auto(GStrv) unique = NULL;
  g_autofree char *value = NULL;

  if (cli->n_args < 2)
    return isplic_cli_usage (error, _("Give one or more license IDs, then 1, 12 or off."));
  if (!isplic_cli_parse_auto_renew (cli->args[cli->n_args - 1], &ar.months))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("“%s” is not 1, 12 or off (the last argument is the renewal period)."),
                   cli->args[cli->n_args - 1]);
      return FALSE;
    }
  for (guint i = 0; i + 1 < cli->n_args; i++)
    if (!isplic_cli_check_id (cli->args[i], error))
      return FALSE;

  /* Each license once. */
  value = cli->args[cli->n_args - 1];
  cli->args[cli->n_args - 1] = NULL;
  unique = isplic_ids_dedup ((const char * const *) cli->args, NULL);
  g_strfreev (cli->args);
  cli->n_args = g_strv_length (unique);
  cli->args = g_new0 (char *, cli->n_args + 2);
  for (guint i = 0; i < cli->n_args; i++)
    cli->args[i] = g_strdup (unique[i]);
  cli->args[cli->n_args] = g_steal_pointer (&value);
  ar.n_ids = cli->n_args;
  cli->n_args++;
  return TRUE;
}

static const char *
auto_renew_label (int months)
{
  switch (months)
    {
    case 1:
      return C_("auto-renew", "monthly");
    case 12:
      return C_("auto-renew", "yearly");
    default:
      return C_("auto-renew", "off");
    }
}

static void auto_renew_next (IsplicCli *cli);

static void
auto_renew_finish_all (IsplicCli *cli)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < ar.done->len; i++)
        {
          json_builder_begin_object (builder);
          isplic_cli_json_string (builder, "id", cli->args[i]);
          json_builder_set_member_name (builder, "auto-renew");
          json_builder_add_int_value (builder, ar.months);
          json_builder_set_member_name (builder, "done");
          json_builder_add_boolean_value (builder, g_array_index (ar.done, gboolean, i));
          isplic_cli_json_string (builder, "error", g_ptr_array_index (ar.errors, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      isplic_cli_print_json (builder);
    }
  isplic_cli_exit (cli, ar.n_refused > 0 ? ISPLIC_CLI_EXIT_REFUSED : ISPLIC_CLI_EXIT_OK);
}

static void
auto_renew_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  const char *id = cli->args[ar.index];
  gboolean done;

  done = isplic_client_set_auto_renew_finish (ISPLIC_CLIENT (source), result, &error);
  if (!done)
    {
      if (isplic_cli_is_not_offered (error))
        {
          isplic_cli_exit_not_offered (cli, _("This billing server does not offer changing "
                                              "auto-renewal."));
          return;
        }
      if (error->domain != ISPLIC_BILLMGR_ERROR)
        {
          isplic_cli_exit_error (cli, error);
          return;
        }
      isplic_cli_printerr (_("License %s: %s"), id, error->message);
      ar.n_refused++;
    }
  else
    {
      cli->changed = TRUE;
      if (!opt_json)
        g_print (_("License %s: auto-renewal %s.\n"), id, auto_renew_label (ar.months));
    }
  g_array_append_val (ar.done, done);
  g_ptr_array_add (ar.errors, done ? NULL : g_strdup (error->message));
  ar.index++;
  auto_renew_next (cli);
}

static void
auto_renew_next (IsplicCli *cli)
{
  if (ar.index >= ar.n_ids)
    {
      auto_renew_finish_all (cli);
      return;
    }
  isplic_client_set_auto_renew_async (cli->client, cli->args[ar.index], ar.months,
                                      cli->cancellable, auto_renew_cb, cli);
}

static void
auto_renew_run (IsplicCli *cli)
{
  ar.index = 0;
  ar.done = g_array_new (FALSE, FALSE, sizeof (gboolean));
  ar.errors = g_ptr_array_new_with_free_func (g_free);
  auto_renew_next (cli);
}

/* reuse ------------------------------------------------------------------------------------ */

static const GOptionEntry reuse_entries[] = {
  { "ip", 0, 0, G_OPTION_ARG_STRING, &opt_reuse_ip, N_("The new IP address"), N_("IP") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_reuse_name, N_("The new name"), N_("NAME") },
  G_OPTION_ENTRY_NULL
};

static gboolean
reuse_prepare (IsplicCli *cli, GError **error)
{
  g_autofree char *why = NULL;

  if (cli->n_args != 1)
    return isplic_cli_usage (error, cli->n_args == 0 ? _("Give one license ID.")
                                                     : _("Give one license ID only."));
  if (!isplic_cli_check_id (cli->args[0], error))
    return FALSE;
  if (opt_reuse_ip == NULL || !isplic_ip_is_valid (opt_reuse_ip))
    return isplic_cli_usage (error,
                             _("Give the new IP address with --ip, e.g. --ip 203.0.113.20."));
  if (opt_reuse_name != NULL && (why = isplic_name_check (opt_reuse_name)) != NULL)
    return isplic_cli_usage (error, why);
  return TRUE;
}

static void
reuse_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *safe_ip = NULL;

  if (!isplic_client_reuse_finish (ISPLIC_CLIENT (source), result, &error))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  cli->changed = TRUE;
  safe_ip = isplic_cli_cell (opt_reuse_ip);
  g_print (_("License %s reused: now at %s and active again. Nothing was charged.\n"),
           cli->args[0], safe_ip);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

/* Checks with the license's own form that it can be reused now, before sending anything. */
static void
reuse_details_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IsplicCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicLicense) license = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = NULL;
  GDateTime *expires;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (license == NULL)
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  expires = isplic_license_get_expires (license);
  if (isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_SUSPENDED)
    {
      isplic_cli_printerr (_("License %s is not suspended: only a suspended license is reused. "
                             "Nothing was sent.\n"), cli->args[0]);
      isplic_cli_exit (cli, ISPLIC_CLI_EXIT_REFUSED);
      return;
    }
  if (expires == NULL || g_date_time_compare (expires, now) <= 0)
    {
      isplic_cli_printerr (_("License %s is no longer paid for: renew it instead of reusing it. "
                             "Nothing was sent.\n"), cli->args[0]);
      isplic_cli_exit (cli, ISPLIC_CLI_EXIT_REFUSED);
      return;
    }
  next = isplic_license_next_ip_change (license, now);
  if (next != NULL && g_strcmp0 (isplic_license_get_ip (license), opt_reuse_ip) != 0)
    {
      g_autofree char *date = isplic_cli_format_date (next);

      isplic_cli_printerr (_("The IP address of license %s can change once a month; the next "
                             "change is possible on %s. Nothing was sent.\n"),
                           cli->args[0], date);
      isplic_cli_exit (cli, ISPLIC_CLI_EXIT_REFUSED);
      return;
    }
  isplic_client_reuse_async (cli->client, cli->args[0], opt_reuse_ip, opt_reuse_name,
                             cli->cancellable, reuse_cb, cli);
}

static void
reuse_run (IsplicCli *cli)
{
  isplic_client_get_details_async (cli->client, cli->args[0], cli->cancellable,
                                   reuse_details_cb, cli);
}

/* The commands ------------------------------------------------------------------------------ */

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  G_OPTION_ENTRY_NULL
};

const IsplicCliCommand isplic_cli_cart_commands[] = {
  { "cart", "", N_("List the cart, remove an item from it or empty it"),
    N_("Orders placed with “order --cart” wait in the cart until paid in the billing panel.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli cart\n"
       "  isplic-cli cart --json\n"
       "  isplic-cli cart --remove 4521\n"
       "  isplic-cli cart --clear --yes"),
    cart_entries, TRUE, cart_prepare, cart_run },
  { "history", N_("ID"), N_("Show a license’s history: date, change, user and IP"),
    N_("Examples:\n"
       "  isplic-cli history 3100234\n"
       "  isplic-cli history 3100234 --json"),
    json_entries, TRUE, history_prepare, history_run },
  { "auto-renew", N_("ID… 1|12|off"),
    N_("Renew licenses automatically every 1 or 12 months, or not"),
    N_("If the server refuses one license, the others are still changed and the exit status\n"
       "is 1.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli auto-renew 3100234 12\n"
       "  isplic-cli auto-renew 3100234 3100235 off"),
    json_entries, TRUE, auto_renew_prepare, auto_renew_run },
  { "reuse", N_("ID --ip IP [--name NAME]"),
    N_("Reuse a suspended, paid license for a new server instead of buying one"),
    N_("Gives the license the new IP address (and name) and resumes it; nothing is charged.\n"
       "The license must be suspended and still paid for, and its IP address may change once\n"
       "a month: both are checked before anything is sent.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli reuse 3100234 --ip 203.0.113.20 --name web-20"),
    reuse_entries, TRUE, reuse_prepare, reuse_run },
};

const guint isplic_cli_n_cart_commands = G_N_ELEMENTS (isplic_cli_cart_commands);

void
isplic_cli_cart_cleanup (void)
{
  g_clear_pointer (&opt_remove, g_free);
  g_clear_pointer (&opt_reuse_ip, g_free);
  g_clear_pointer (&opt_reuse_name, g_free);
  g_clear_pointer (&ar.done, g_array_unref);
  g_clear_pointer (&ar.errors, g_ptr_array_unref);
}
