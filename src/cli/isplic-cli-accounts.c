/* SPDX-License-Identifier: GPL-3.0-or-later */
/* isplic-cli accounts: the stored accounts the app and the CLI share (isplic-accounts.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"

static gboolean opt_json;

static const GOptionEntry accounts_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON (list)"), NULL },
  G_OPTION_ENTRY_NULL
};

typedef enum {
  ACCOUNTS_LIST,
  ACCOUNTS_ADD,
  ACCOUNTS_REMOVE,
  ACCOUNTS_USE,
  ACCOUNTS_RENAME,
} AccountsVerb;

static AccountsVerb verb;

static gboolean
accounts_prepare (IsplicCli *cli,
                  GError   **error)
{
  static const struct { const char *name; AccountsVerb verb; guint n_args; } verbs[] = {
    { "list", ACCOUNTS_LIST, 1 },
    { "add", ACCOUNTS_ADD, 2 },
    { "remove", ACCOUNTS_REMOVE, 2 },
    { "use", ACCOUNTS_USE, 2 },
    { "rename", ACCOUNTS_RENAME, 3 },
  };

  if (cli->n_args == 0)
    {
      verb = ACCOUNTS_LIST;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (cli->args[0], verbs[i].name))
      {
        if (cli->n_args != verbs[i].n_args)
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("Wrong number of arguments for “accounts %s”."), verbs[i].name);
            return FALSE;
          }
        verb = verbs[i].verb;
        if (verb == ACCOUNTS_ADD && (isplic_cli_option ("user") == NULL
                                     || *isplic_cli_option ("user") == '\0'))
          {
            g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                                 _("“accounts add” needs --user NAME (and --server URL)."));
            return FALSE;
          }
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
               _("Unknown accounts command “%s”: use list, add, remove, use or rename."),
               cli->args[0]);
  return FALSE;
}

static void
print_list (GSettings *settings)
{
  g_autoptr(GPtrArray) list = isplic_accounts_list (settings);
  g_autofree char *active = isplic_accounts_dup_active (settings);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          IsplicStoredAccount *account = list->pdata[i];

          json_builder_begin_object (builder);
          isplic_cli_json_string (builder, "name", account->name);
          isplic_cli_json_string (builder, "server", account->server_url);
          isplic_cli_json_string (builder, "user", account->user);
          isplic_cli_json_string (builder, "lang", *account->lang ? account->lang : NULL);
          json_builder_set_member_name (builder, "active");
          json_builder_add_boolean_value (builder, g_strcmp0 (active, account->name) == 0);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      isplic_cli_print_json (builder);
    }
  else if (list->len == 0)
    g_print ("%s\n", _("No accounts are stored. Add one with “isplic-cli accounts add NAME "
                       "--server URL --user NAME”, or sign in with the IspLic app."));
  else
    {
      const char *headers[] = { C_("column", "ACTIVE"), C_("column", "NAME"),
                                C_("column", "USER"), C_("column", "SERVER"),
                                C_("column", "LANGUAGE"), NULL };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < list->len; i++)
        {
          IsplicStoredAccount *account = list->pdata[i];
          char **row = g_new0 (char *, 6);

          row[0] = g_strdup (g_strcmp0 (active, account->name) == 0 ? "*" : "");
          row[1] = isplic_cli_cell (account->name);
          row[2] = isplic_cli_cell (account->user);
          row[3] = isplic_cli_cell (account->server_url);
          row[4] = isplic_cli_cell (*account->lang ? account->lang : C_("language", "auto"));
          g_ptr_array_add (rows, row);
        }
      isplic_cli_print_table (headers, rows);
    }
}

static char *
server_option (void)
{
  const char *server = isplic_cli_option ("server");

  if (server == NULL || *server == '\0' || g_ascii_strcasecmp (server, "eu") == 0)
    return g_strdup (ISPLIC_SERVER_EU);
  if (g_ascii_strcasecmp (server, "ru") == 0)
    return g_strdup (ISPLIC_SERVER_RU);
  return g_strdup (server);
}

typedef struct
{
  IsplicCli *cli;
} Forget;

static void
forget_password_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Forget *forget = user_data;
  g_autoptr(GError) error = NULL;

  if (!isplic_account_clear_password_finish (result, &error))
    isplic_cli_printerr (_("Could not forget the stored password: %s"), error->message);
  isplic_cli_exit (forget->cli, ISPLIC_CLI_EXIT_OK);
  g_free (forget);
}

/* The account's password, kept list and watch state go with it. */
static void
forget_account (IsplicCli                 *cli,
                const IsplicStoredAccount *account)
{
  g_autofree char *cache = isplic_license_cache_path (account->server_url, account->user);
  g_autofree char *watch = isplic_watch_default_path ();
  g_autofree char *name = isplic_journal_account_name (account->server_url, account->user);
  g_autoptr(GError) error = NULL;
  Forget *forget = g_new0 (Forget, 1);

  if (!isplic_license_cache_remove (cache, &error))
    {
      isplic_cli_printerr (_("Could not remove the kept list: %s"), error->message);
      g_clear_error (&error);
    }
  if (!isplic_watch_forget (watch, name, &error))
    isplic_cli_printerr (_("Could not forget the notifications of the account: %s"),
                         error->message);
  forget->cli = cli;
  isplic_account_clear_password_async (account->server_url, account->user, cli->cancellable,
                                       forget_password_cb, forget);
}

static void
accounts_run (IsplicCli *cli)
{
  g_autoptr(GSettings) settings = isplic_cli_open_settings ();
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (settings == NULL)
    {
      isplic_cli_printerr ("%s", _("The IspLic app’s settings are not installed here: there are "
                                   "no stored accounts."));
      isplic_cli_exit (cli, verb == ACCOUNTS_LIST ? ISPLIC_CLI_EXIT_OK : ISPLIC_CLI_EXIT_USAGE);
      return;
    }

  switch (verb)
    {
    case ACCOUNTS_LIST:
      print_list (settings);
      break;
    case ACCOUNTS_ADD:
      {
        g_autofree char *server = server_option ();

        ok = isplic_accounts_add (settings, cli->args[1], server, isplic_cli_option ("user"),
                                  isplic_cli_option ("lang"), &error);
      }
      break;
    case ACCOUNTS_USE:
      ok = isplic_accounts_switch (settings, cli->args[1], &error);
      break;
    case ACCOUNTS_RENAME:
      ok = isplic_accounts_rename (settings, cli->args[1], cli->args[2], &error);
      break;
    case ACCOUNTS_REMOVE:
      {
        g_autoptr(IsplicStoredAccount) account = isplic_accounts_lookup (settings, cli->args[1]);

        ok = isplic_accounts_remove (settings, cli->args[1], &error);
        if (ok)
          {
            g_settings_sync ();
            forget_account (cli, account);
            return;
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }

  g_settings_sync ();
  if (!ok)
    {
      g_autofree char *known = NULL;

      isplic_cli_printerr ("%s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
          && (known = isplic_cli_account_names (settings)) != NULL)
        isplic_cli_printerr (_("Known accounts: %s."), known);
      isplic_cli_exit (cli, ISPLIC_CLI_EXIT_USAGE);
      return;
    }
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

const IsplicCliCommand isplic_cli_accounts_commands[] = {
  { "accounts", N_("[list | add NAME | remove NAME | use NAME | rename NAME NEW-NAME]"),
    N_("List, add, remove or pick the stored accounts"),
    N_("The accounts are shared with the IspLic app; the active one (marked *) is used when\n"
       "neither --account nor --user is given. Each account keeps its password in the Secret\n"
       "Service. “remove” also forgets the account’s password, kept list and notifications.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli accounts --json\n"
       "  isplic-cli accounts add \"EU partner\" --server eu --user me@example.com\n"
       "  isplic-cli accounts use \"EU partner\"\n"
       "  isplic-cli --account \"EU partner\" list"),
    accounts_entries, FALSE, accounts_prepare, accounts_run },
};

const guint isplic_cli_n_accounts_commands = G_N_ELEMENTS (isplic_cli_accounts_commands);
