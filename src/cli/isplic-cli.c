/* SPDX-License-Identifier: GPL-3.0-or-later */
/* isplic-cli: every license operation from the command line, for resellers who script.
 * It drives the same asynchronous core as the app with a GMainLoop. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

/* Global options: accepted before or after the command. */
static char *opt_account;
static char *opt_server;
static char *opt_user;
static char *opt_lang;
static char *opt_timeout;
/* The longest --timeout accepted: a day. */
#define MAX_TIMEOUT_SECONDS 86400
static gboolean opt_help;
static gboolean opt_version;

/* The server confirmed a change during the run (copied from IsplicCli for finish_output()). */
static gboolean changed_on_server;

static const GOptionEntry global_entries[] = {
  { "account", 0, 0, G_OPTION_ARG_STRING, &opt_account,
    N_("Use the stored account of this name: its server, user and language (“isplic-cli "
       "accounts” lists them; --server, --user and --lang still win)"), N_("NAME") },
  { "server", 0, 0, G_OPTION_ARG_STRING, &opt_server,
    N_("Billing server address, or “eu” or “ru” (default: the stored account’s, else eu)"),
    N_("URL") },
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user,
    N_("Account user name (default: the stored account’s)"), N_("NAME") },
  { "lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang,
    N_("Language of the server’s messages: en or ru (default: from the locale)"), N_("en|ru") },
  { "timeout", 0, 0, G_OPTION_ARG_STRING, &opt_timeout,
    N_("Seconds each request may take in all: connecting, the answer and all of its body; "
       "1 to 86400 (default: 60)"), N_("SECONDS") },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry help_entries[] = {
  { "help", 'h', 0, G_OPTION_ARG_NONE, &opt_help, N_("Show this help"), NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry main_only_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Show the version"), NULL },
  G_OPTION_ENTRY_NULL
};

/* The global options that take their value as the next argument ("--server URL"). */
static gboolean
global_option_takes_value (const char *arg)
{
  for (guint i = 0; global_entries[i].long_name != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("--", global_entries[i].long_name, NULL);

      if (g_str_equal (arg, name))
        return TRUE;
    }
  return FALSE;
}

/* Every message goes through the terminal filter as a whole: error messages can carry the
 * server's text (and usage errors the command line's), and none of our own formats holds a
 * control character. */
void
isplic_cli_printerr (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  safe = isplic_cli_safe (message);
  g_printerr ("isplic-cli: %s\n", safe);
}

void
isplic_cli_exit (IsplicCli *cli,
                 int        exit_code)
{
  cli->exit_code = exit_code;
  cli->finished = TRUE;
  g_main_loop_quit (cli->loop);
}

int
isplic_cli_exit_code_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return ISPLIC_CLI_EXIT_INTERRUPTED;
  if (error->domain == ISPLIC_BILLMGR_ERROR)
    return ISPLIC_CLI_EXIT_REFUSED;
  if (error->domain == ISPLIC_CLIENT_ERROR)
    {
      switch ((IsplicClientError) error->code)
        {
        case ISPLIC_CLIENT_ERROR_INSECURE:
        case ISPLIC_CLIENT_ERROR_INVALID_URL:
        case ISPLIC_CLIENT_ERROR_INVALID_INPUT:
          return ISPLIC_CLI_EXIT_USAGE;
        case ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN:
          return ISPLIC_CLI_EXIT_UNKNOWN;
        case ISPLIC_CLIENT_ERROR_NETWORK:
        case ISPLIC_CLIENT_ERROR_TLS:
        case ISPLIC_CLIENT_ERROR_TIMEOUT:
        case ISPLIC_CLIENT_ERROR_HTTP:
        case ISPLIC_CLIENT_ERROR_MALFORMED:
        default:
          return ISPLIC_CLI_EXIT_TRANSPORT;
        }
    }
  return ISPLIC_CLI_EXIT_TRANSPORT;
}

void
isplic_cli_exit_error (IsplicCli    *cli,
                       const GError *error)
{
  int exit_code = isplic_cli_exit_code_for_error (error);

  if (cli->interrupted)
    {
      /* Ctrl+C always ends with 130. A money operation cancelled after its request was sent
       * fails with OUTCOME_UNKNOWN, whose message says so: show it. */
      isplic_cli_printerr ("%s", _("Interrupted."));
      if (exit_code == ISPLIC_CLI_EXIT_UNKNOWN)
        isplic_cli_printerr ("%s", error->message);
      exit_code = ISPLIC_CLI_EXIT_INTERRUPTED;
    }
  else
    isplic_cli_printerr ("%s", error->message);

  isplic_cli_exit (cli, exit_code);
}

static const char *
tool_description (void)
{
  return _("The password comes from the environment variable ISPLIC_PASSWORD, else from the\n"
           "keyring (stored by the IspLic app), else from a prompt when run in a terminal.\n"
           "\n"
           "Exit status:\n"
           "  0  done\n"
           "  1  the server refused (its message is printed), the billing server does not\n"
           "     offer the function (“does not offer …”), or the balance is known not to\n"
           "     cover the price (nothing was sent; --yes sends anyway)\n"
           "  2  usage error: nothing was sent\n"
           "  3  network or transport failure\n"
           "  4  outcome unknown: an order, renewal, tariff change or change of nodes may\n"
           "     or may not have\n"
           "     gone through; isplic-cli checks and prints what it found, and never\n"
           "     sends the request again by itself\n"
           "  5  done, but the result could not be printed (standard output failed):\n"
           "     do not retry\n"
           "130  interrupted (Ctrl+C)\n"
           "\n"
           "Examples:\n"
           "  export ISPLIC_PASSWORD=…\n"
           "  isplic-cli --user reseller@example.com list\n"
           "  isplic-cli list --csv > licenses.csv\n"
           "  isplic-cli order --tariff lite --ip 203.0.113.10 --name web-01\n"
           "  isplic-cli renew 3100234 3100235 --period 12\n"
           "  isplic-cli renew 3100234 3100235 --period 12 --quote\n"
           "  isplic-cli balance\n"
           "\n"
           "Money: before an order, a renewal, a tariff change or a change of nodes, the price\n"
           "and the balance are printed on stderr as far as the server tells them, and what\n"
           "the balance dropped by afterwards. With --json, amounts are objects\n"
           "{\"amount\": \"56.00\", \"minor\": 5600, \"currency\": \"EUR\"} (minor: hundredths),\n"
           "or null when the server gave none.\n"
           "\n"
           "Run “isplic-cli help COMMAND” or “isplic-cli COMMAND --help” for a command’s options.");
}

static char *
tool_summary (void)
{
  const IsplicCliCommand *commands;
  GString *summary = g_string_new (_("Manage ispmanager 6 licenses on a billmgr reseller account."));
  guint n_commands;
  guint width = 0;

  commands = isplic_cli_commands_get (&n_commands);
  for (guint i = 0; i < n_commands; i++)
    width = MAX (width, strlen (commands[i].name));

  g_string_append_printf (summary, "\n\n%s", _("Commands:"));
  for (guint i = 0; i < n_commands; i++)
    g_string_append_printf (summary, "\n  %-*s  %s", (int) width, commands[i].name,
                            _(commands[i].summary));

  return g_string_free (summary, FALSE);
}

static GOptionContext *
create_context (const IsplicCliCommand *command)
{
  GOptionContext *context;
  GOptionGroup *group;

  if (command == NULL)
    {
      g_autofree char *summary = tool_summary ();

      context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
      g_option_context_set_summary (context, summary);
      g_option_context_set_description (context, tool_description ());
    }
  else
    {
      g_autofree char *parameters = NULL;

      if (command->parameters != NULL && *command->parameters != '\0')
        parameters = g_strdup_printf ("%s %s", command->name, _(command->parameters));
      else
        parameters = g_strdup (command->name);
      context = g_option_context_new (parameters);
      g_option_context_set_summary (context, _(command->summary));
      if (command->description != NULL)
        g_option_context_set_description (context, _(command->description));
    }

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Our own --help, so that help goes through one path and ends with exit 0. */
  g_option_context_set_help_enabled (context, FALSE);

  if (command == NULL)
    {
      g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);
      g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
      g_option_context_add_main_entries (context, main_only_entries, GETTEXT_PACKAGE);
    }
  else
    {
      /* Two groups rather than the main group, so that the help lists the command's own
       * options first (GOption prints groups in order, and the main group last). */
      /* GLib's own heading, with GLib's translations. */
      group = g_option_group_new (command->name, g_dgettext ("glib20", "Application Options:"),
                                  _(command->summary), NULL, NULL);
      g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
      if (command->entries != NULL)
        g_option_group_add_entries (group, command->entries);
      g_option_group_add_entries (group, help_entries);
      g_option_context_add_group (context, group);

      group = g_option_group_new ("global", _("Global Options:"), _("Show the global options"),
                                  NULL, NULL);
      g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
      g_option_group_add_entries (group, global_entries);
      g_option_context_add_group (context, group);
    }

  return context;
}

gboolean
isplic_cli_print_help (const char *command_name)
{
  const IsplicCliCommand *command = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *help = NULL;

  if (command_name != NULL)
    {
      command = isplic_cli_command_lookup (command_name);
      if (command == NULL)
        return FALSE;
    }

  context = create_context (command);
  /* main_help FALSE prints every group, so a command's help shows the global options too. */
  help = g_option_context_get_help (context, FALSE, NULL);
  fputs (help, stdout);
  fflush (stdout);
  return TRUE;
}

/* Finds the command among the arguments and removes it; global options may come before it. */
static const char *
take_command (int   *argc,
              char **argv)
{
  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        return NULL;
      if (arg[0] == '-')
        {
          if (global_option_takes_value (arg))
            i++;
          continue;
        }

      memmove (&argv[i], &argv[i + 1], sizeof (char *) * (size_t) (*argc - i));
      (*argc)--;
      return arg;
    }
  return NULL;
}

static gboolean
sigint_cb (gpointer user_data)
{
  IsplicCli *cli = user_data;

  /* A second Ctrl+C leaves at once, whatever is still running. */
  if (cli->interrupted)
    exit (ISPLIC_CLI_EXIT_INTERRUPTED);

  cli->interrupted = TRUE;
  g_cancellable_cancel (cli->cancellable);
  return G_SOURCE_CONTINUE;
}

static char *
default_lang (void)
{
  const char * const *languages = g_get_language_names ();

  if (languages != NULL && languages[0] != NULL && g_str_has_prefix (languages[0], "ru"))
    return g_strdup ("ru");
  return g_strdup ("en");
}

/* The app's settings, when its GSettings schema is installed; NULL otherwise. */
GSettings *
isplic_cli_open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL
      || !g_settings_schema_has_key (schema, "server-url")
      || !g_settings_schema_has_key (schema, "user")
      || !g_settings_schema_has_key (schema, "accounts"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

const char *
isplic_cli_option (const char *name)
{
  if (g_str_equal (name, "server"))
    return opt_server;
  if (g_str_equal (name, "user"))
    return opt_user;
  if (g_str_equal (name, "lang"))
    return opt_lang;
  g_return_val_if_reached (NULL);
}

/* (transfer full) "“A”, “B”": the stored accounts' names, for messages; NULL when none. */
char *
isplic_cli_account_names (GSettings *settings)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) names = NULL;

  if (settings == NULL)
    return NULL;
  list = isplic_accounts_list (settings);
  if (list->len == 0)
    return NULL;
  names = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++)
    {
      IsplicStoredAccount *account = list->pdata[i];

      if (i > 0)
        g_string_append (names, ", ");
      /* Translators: an account name in a list of them. */
      g_string_append_printf (names, _("“%s”"), account->name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Server URL, user name and language of --account, or of the account the app uses. */
static gboolean
load_stored_account (char   **server_url,
                     char   **user,
                     char   **lang,
                     GError **error)
{
  g_autoptr(GSettings) settings = isplic_cli_open_settings ();
  g_autoptr(IsplicStoredAccount) account = NULL;

  if (opt_account != NULL)
    {
      g_autofree char *known = NULL;

      if (settings != NULL)
        account = isplic_accounts_lookup (settings, opt_account);
      if (account == NULL)
        {
          known = isplic_cli_account_names (settings);
          if (known != NULL)
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("There is no account named “%s”. Known accounts: %s."), opt_account,
                         known);
          else
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("There is no account named “%s”: no account is stored yet (add one "
                           "with “isplic-cli accounts add” or sign in with the IspLic app)."),
                         opt_account);
          return FALSE;
        }
      *server_url = g_strdup (account->server_url);
      *user = g_strdup (account->user);
      *lang = g_strdup (account->lang);
      return TRUE;
    }
  if (settings == NULL)
    return TRUE;
  *server_url = g_settings_get_string (settings, "server-url");
  *user = g_settings_get_string (settings, "user");
  account = isplic_accounts_find (settings, *server_url, *user);
  if (account != NULL)
    *lang = g_strdup (account->lang);
  return TRUE;
}

static gboolean
resolve_account (char   **server_url,
                 char   **user,
                 char   **lang,
                 GError **error)
{
  g_autofree char *stored_server = NULL;
  g_autofree char *stored_user = NULL;
  g_autofree char *stored_lang = NULL;

  if (!load_stored_account (&stored_server, &stored_user, &stored_lang, error))
    return FALSE;
  if (opt_lang == NULL && stored_lang != NULL && *stored_lang != '\0')
    {
      g_free (*lang);
      *lang = g_steal_pointer (&stored_lang);
    }

  if (opt_server != NULL && *opt_server != '\0')
    {
      if (g_ascii_strcasecmp (opt_server, "eu") == 0)
        *server_url = g_strdup (ISPLIC_SERVER_EU);
      else if (g_ascii_strcasecmp (opt_server, "ru") == 0)
        *server_url = g_strdup (ISPLIC_SERVER_RU);
      else
        *server_url = g_strdup (opt_server);
    }
  else if (stored_server != NULL && *stored_server != '\0')
    *server_url = g_steal_pointer (&stored_server);
  else
    *server_url = g_strdup (ISPLIC_SERVER_EU);

  if (opt_user != NULL && *opt_user != '\0')
    *user = g_strdup (opt_user);
  else if (stored_user != NULL && *stored_user != '\0')
    *user = g_steal_pointer (&stored_user);
  else
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("No account: pass --user NAME (and --server URL), "
                             "or sign in once with the IspLic app."));
      return FALSE;
    }

  if (!isplic_url_is_secure (*server_url))
    {
      g_autoptr(GUri) uri = g_uri_parse (*server_url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL
          || (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0
              && g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("“%s” is not a server address; use https://host/manager/billmgr"),
                     *server_url);
      else
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("Refusing to send the password over plain http:// to a host that is not "
                       "this computer; use https:// for “%s”"), *server_url);
      return FALSE;
    }

  return TRUE;
}

typedef struct {
  IsplicCli              *cli;
  const IsplicCliCommand *command;
  char                   *server_url;
  char                   *user;
  char                   *lang;
  guint                   timeout;       /* seconds; 0 for the default */
} StartData;

/* Tells what became of the changes and charges an earlier run sent without seeing the answer,
 * then runs the command. */
static void
journal_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StartData *start = user_data;
  IsplicCli *cli = start->cli;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = isplic_client_reconcile_journal_finish (ISPLIC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      IsplicJournalEntry *entry = entries->pdata[i];
      g_autoptr(GDateTime) local = g_date_time_to_local (entry->sent);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *what = isplic_cli_safe (entry->what);
      g_autofree char *message = isplic_cli_safe (entry->message);

      /* Translators: "what" is a request as sent ("service.prolong elid=1 period=12"). */
      isplic_cli_printerr (_("An earlier run sent “%s” at %s and stopped before the answer. %s"),
                           what, when, message);
    }
  if (error != NULL)
    isplic_cli_printerr (_("Could not check what an earlier run left unanswered (%s); it is "
                           "checked again next time."), error->message);
  start->command->run (cli);
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  StartData *start = user_data;
  IsplicCli *cli = start->cli;
  g_autoptr(GError) error = NULL;
  char *password;

  password = isplic_cli_password_finish (result, &error);
  if (password == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          isplic_cli_printerr ("%s", error->message);
          isplic_cli_exit (cli, ISPLIC_CLI_EXIT_USAGE);
        }
      else
        isplic_cli_exit_error (cli, error);
      return;
    }

  cli->client = isplic_client_new (start->server_url, start->user, password);
  isplic_account_password_free (password);
  isplic_client_set_lang (cli->client, start->lang);
  if (start->timeout > 0)
    isplic_client_set_timeout (cli->client, start->timeout);
  {
    g_autofree char *path = isplic_journal_default_path ();
    g_autoptr(IsplicJournal) journal = isplic_journal_new (path);

    /* Every change and charge is written down before it is sent. */
    isplic_client_set_journal (cli->client, journal);
  }
  /* First what an earlier run left unanswered, then the command. */
  isplic_client_reconcile_journal_async (cli->client, cli->cancellable, journal_cb, start);
}

/* The first argument like "-5" when @command takes license IDs, else NULL. */
static const char *
negative_id (const IsplicCliCommand *command,
             int                     argc,
             char                  **argv)
{
  if (command->parameters == NULL || !g_str_has_prefix (command->parameters, "ID"))
    return NULL;
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        break;
      if (arg[0] == '-' && g_ascii_isdigit (arg[1]))
        return arg;
      if (global_option_takes_value (arg))
        i++;
    }
  return NULL;
}

static int
usage_error (const char *command_name,
             const char *message)
{
  isplic_cli_printerr ("%s", message);
  if (command_name != NULL)
    g_printerr (_("Run “isplic-cli help %s” for its usage.\n"), command_name);
  else
    g_printerr (_("Run “isplic-cli --help” for the list of commands.\n"));
  return ISPLIC_CLI_EXIT_USAGE;
}

static int
run (int    argc,
     char **argv)
{
  const IsplicCliCommand *command = NULL;
  const char *command_name;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *lang = NULL;
  g_auto(GStrv) args = NULL;
  IsplicCli cli = { 0 };
  StartData start = { 0 };
  guint64 timeout = 0;
  guint sigint_id;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("isplic-cli");

  command_name = take_command (&argc, argv);
  if (command_name != NULL)
    {
      command = isplic_cli_command_lookup (command_name);
      if (command == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), command_name);

          return usage_error (NULL, message);
        }
    }

  /* g_option_context_parse_strv() would be nicer, but argv is what we have; copy it so
   * GOption may rearrange it. */
  args = g_new0 (char *, (gsize) argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  context = create_context (command);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      const char *negative = command != NULL ? negative_id (command, argc, argv) : NULL;

      if (negative != NULL)
        {
          g_autofree char *message = NULL;

          /* GOption reads "-5" as an option; for a command taking IDs it is a bad ID. */
          message = g_strdup_printf (_("“%s” is not a license ID (IDs are whole numbers above "
                                       "zero, without leading zeros, as “isplic-cli list” "
                                       "shows)."), negative);
          return usage_error (command->name, message);
        }
      return usage_error (command != NULL ? command->name : NULL, error->message);
    }

  if (command == NULL)
    {
      if (opt_version)
        {
          g_print ("isplic-cli %s\n", PACKAGE_VERSION);
          return ISPLIC_CLI_EXIT_OK;
        }
      if (opt_help)
        {
          isplic_cli_print_help (NULL);
          return ISPLIC_CLI_EXIT_OK;
        }
      if (args[1] != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), args[1]);

          return usage_error (NULL, message);
        }
      return usage_error (NULL, _("No command given."));
    }

  if (opt_help)
    {
      isplic_cli_print_help (command->name);
      return ISPLIC_CLI_EXIT_OK;
    }

  /* What is left after the program name are the command's positional arguments. */
  cli.args = g_strdupv (args + 1);
  cli.n_args = g_strv_length (cli.args);
  for (guint i = 0; i < cli.n_args; i++)
    if (cli.args[i][0] == '-' && cli.args[i][1] != '\0')
      {
        g_autofree char *message = g_strdup_printf (_("Unknown option “%s”"), cli.args[i]);

        g_strfreev (cli.args);
        return usage_error (command->name, message);
      }

  if (opt_lang != NULL && !g_str_equal (opt_lang, "en") && !g_str_equal (opt_lang, "ru"))
    {
      g_strfreev (cli.args);
      return usage_error (command->name, _("--lang takes “en” or “ru”"));
    }
  /* A whole number of seconds: "-1", "0", "1.5", "abc" or "1e9" would otherwise be read as
   * something else than what was meant. */
  if (opt_timeout != NULL
      && !g_ascii_string_to_unsigned (opt_timeout, 10, 1, MAX_TIMEOUT_SECONDS, &timeout, NULL))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("--timeout takes a whole number of seconds from 1 to %d, "
                                   "not “%s”"), MAX_TIMEOUT_SECONDS, opt_timeout);
      g_strfreev (cli.args);
      return usage_error (command->name, message);
    }
  lang = opt_lang != NULL ? g_strdup (opt_lang) : default_lang ();

  if (command->prepare != NULL && !command->prepare (&cli, &error))
    {
      g_strfreev (cli.args);
      return usage_error (command->name, error->message);
    }

  if (command->needs_account && !resolve_account (&server_url, &user, &lang, &error))
    {
      g_strfreev (cli.args);
      return usage_error (command->name, error->message);
    }

  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &cli);

  if (command->needs_account)
    {
      start.cli = &cli;
      start.command = command;
      start.server_url = server_url;
      start.user = user;
      start.lang = lang;
      start.timeout = (guint) timeout;
      isplic_cli_password_async (server_url, user, cli.cancellable, password_cb, &start);
    }
  else
    command->run (&cli);

  if (!cli.finished)
    g_main_loop_run (cli.loop);

  g_source_remove (sigint_id);
  g_clear_object (&cli.client);
  g_clear_object (&cli.cancellable);
  g_clear_pointer (&cli.loop, g_main_loop_unref);
  g_strfreev (cli.args);
  isplic_cli_commands_cleanup ();
  g_clear_pointer (&opt_account, g_free);
  g_clear_pointer (&opt_server, g_free);
  g_clear_pointer (&opt_user, g_free);
  g_clear_pointer (&opt_lang, g_free);
  g_clear_pointer (&opt_timeout, g_free);

  if (cli.changed)
    changed_on_server = TRUE;
  return cli.exit_code;
}

/* Writing the result is the last step, after the server has done the work: a full disk or a
 * closed pipe must not make a completed order look like a network failure (3) that a script
 * would retry. Writes fail with EPIPE rather than killing us (SIGPIPE is ignored), and the
 * final flush and close of stdout are checked. */
static int
finish_output (int exit_code)
{
  gboolean failed = FALSE;
  int saved_errno = 0;
  g_autofree char *reason = NULL;

  if (fflush (stdout) != 0)
    {
      saved_errno = errno;
      failed = TRUE;
    }
  if (ferror (stdout))
    failed = TRUE;
  if (fclose (stdout) != 0 && !failed)
    {
      saved_errno = errno;
      failed = TRUE;
    }
  if (!failed)
    return exit_code;

  reason = saved_errno != 0 ? g_strdup (g_strerror (saved_errno))
                            : g_strdup (_("write error"));
  if (changed_on_server)
    isplic_cli_printerr (_("Done, but the result could not be printed (%s). Do not run the "
                           "command again: “isplic-cli list” shows the result."), reason);
  else
    isplic_cli_printerr (_("Could not write the output (%s)."), reason);

  if (exit_code == ISPLIC_CLI_EXIT_OK)
    return ISPLIC_CLI_EXIT_NOT_PRINTED;
  return exit_code;
}

int
main (int    argc,
      char **argv)
{
  signal (SIGPIPE, SIG_IGN);
#ifdef __GLIBC__
  /* A list arrives as pages of megabytes, each read, parsed and freed in turn: keep such blocks
   * in the heap for the next page rather than mapping (and faulting in) fresh memory for every
   * one. The process is short-lived; what it frees goes back when it exits. */
  mallopt (M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
  return finish_output (run (argc, argv));
}
