/* SPDX-License-Identifier: GPL-3.0-or-later */
/* isplic-billmgr-sim: the billmgr simulator as a program, for demos and the CLI and UI tests. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "isplic-sim.h"

#define DEFAULT_LICENSES 25

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  gint port = 0;
  gint licenses = -1;
  gint64 seed = 1;
  gint latency = 0;
  gint key_delay = -1;
  gint page_size = 0;
  g_auto(GStrv) faults = NULL;
  g_auto(GStrv) disabled = NULL;
  g_autofree char *state = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *credit_limit = NULL;
  gint64 balance_cents = 0, credit_cents = 0;
  gboolean log = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Listen on 127.0.0.1:PORT (default 0: any free port)"), N_("PORT") },
    { "licenses", 'n', 0, G_OPTION_ARG_INT, &licenses,
      N_("Generate N licenses, replacing a loaded state (default 25 when there is no state file)"),
      "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed for the generated licenses (default 1)"), N_("SEED") },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency,
      N_("Delay every answer by MS milliseconds (default 0)"), "MS" },
    { "key-delay", 0, 0, G_OPTION_ARG_INT, &key_delay,
      N_("A new order stays processing without a key for MS milliseconds (default 2000)"), "MS" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size,
      N_("Rows per page of func=soft without p_cnt (default 20)"), N_("ROWS") },
    { "fail", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      N_("Inject a fault into billing function FUNC (or * for all); repeatable. KIND: "
         "http500 or http503 (an HTML error page, nothing done), malformed (not JSON), "
         "truncated (done, half the answer), timeout (never answered, nothing done), "
         "timeout-after (done, never answered), drop-after (done, connection closed without "
         "an answer), busy (billmgr's \"Request in process, please wait\", nothing done). "
         "With ,sok-only after KIND only the operation (sok=ok) fails, not its form or quote"),
      N_("FUNC=KIND[,sok-only]") },
    { "disable", 0, 0, G_OPTION_ARG_STRING_ARRAY, &disabled,
      N_("Answer billing function FUNC (e.g. basket) as an unknown function; repeatable"),
      N_("FUNC") },
    { "balance", 0, 0, G_OPTION_ARG_STRING, &balance,
      N_("The account's balance in EUR, e.g. 120.00 (default 500.00, or the state file's)"),
      N_("AMOUNT") },
    { "credit-limit", 0, 0, G_OPTION_ARG_STRING, &credit_limit,
      N_("How far below zero the balance may go, in EUR (default 0)"), N_("AMOUNT") },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state,
      N_("Load the state from FILE if it exists and save it there after each change"),
      N_("FILE") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user,
      N_("Accepted user name (default reseller@example.com)"), N_("USER") },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password,
      N_("Accepted password (default demo)"), N_("PASSWORD") },
    { "log", 0, 0, G_OPTION_ARG_NONE, &log,
      N_("Print each request on stderr (secrets redacted)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicSim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  gboolean loaded;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("A simulated billmgr (ispmanager license reselling API) on "
                                  "loopback.\nPrints its URL on the first line of stdout and runs "
                                  "until SIGINT or SIGTERM."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  isplic-billmgr-sim --port 8080 --licenses 200\n"
                                      "  isplic-billmgr-sim --state demo.json --latency 300"
                                      " --fail soft.order.param=timeout-after\n"
                                      "  isplic-billmgr-sim --disable basket --fail "
                                      "service.prolong=busy\n"
                                      "  isplic-billmgr-sim --balance 120.00 --credit-limit 50 "
                                      "--disable pricelist.export\n\n"
                                      "A state file is used by one simulator at a time "
                                      "(FILE.lock); files larger than 1 GiB or nested more "
                                      "than 64 levels are refused. Exit status: 0 after "
                                      "SIGINT or SIGTERM, 1 when the state file or the port "
                                      "cannot be used, 2 for a bad option.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("isplic-billmgr-sim: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || latency < 0 || page_size < 0 || seed < 0
      || seed > G_MAXUINT32)
    {
      g_printerr ("isplic-billmgr-sim: %s\n", _("invalid option value"));
      return 2;
    }

  if ((balance && !isplic_sim_parse_amount (balance, &balance_cents, &error))
      || (credit_limit && !isplic_sim_parse_amount (credit_limit, &credit_cents, &error)))
    {
      g_printerr ("isplic-billmgr-sim: %s\n", error->message);
      return 2;
    }
  if (credit_cents < 0)
    {
      g_printerr ("isplic-billmgr-sim: %s\n", _("--credit-limit must not be negative"));
      return 2;
    }

  sim = isplic_sim_new ();
  isplic_sim_set_account (sim, user ? user : ISPLIC_SIM_DEFAULT_USER,
                          password ? password : ISPLIC_SIM_DEFAULT_PASSWORD);
  isplic_sim_set_latency (sim, (guint) latency);
  if (key_delay >= 0)
    isplic_sim_set_key_delay (sim, (guint) key_delay);
  if (page_size > 0)
    isplic_sim_set_page_size (sim, (guint) page_size);
  isplic_sim_set_log_stderr (sim, log);
  /* For GET /sim/requests. */
  isplic_sim_set_logging (sim, TRUE);
  for (guint i = 0; faults && faults[i]; i++)
    if (!isplic_sim_parse_fault (sim, faults[i], &error))
      {
        g_printerr ("isplic-billmgr-sim: %s\n", error->message);
        return 2;
      }

  for (guint i = 0; disabled && disabled[i]; i++)
    {
      if (disabled[i][0] == '\0')
        {
          g_printerr ("isplic-billmgr-sim: %s\n", _("--disable takes a function name"));
          return 2;
        }
      isplic_sim_set_function_enabled (sim, disabled[i], FALSE);
    }

  loaded = state != NULL && g_file_test (state, G_FILE_TEST_EXISTS);
  if (!isplic_sim_set_state_file (sim, state, &error))
    {
      g_printerr ("isplic-billmgr-sim: %s\n", error->message);
      return 1;
    }
  if (licenses >= 0 || !loaded)
    isplic_sim_generate (sim, licenses >= 0 ? (guint) licenses : DEFAULT_LICENSES, (guint32) seed);
  /* Given on the command line, they win over the state file's. */
  if (balance)
    isplic_sim_set_balance (sim, balance_cents);
  if (credit_limit)
    isplic_sim_set_credit_limit (sim, credit_cents);

  if (!isplic_sim_start (sim, (guint) port, &error))
    {
      g_printerr ("isplic-billmgr-sim: %s\n", error->message);
      return 1;
    }
  /* Before the URL is printed: whoever reads it may stop us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  url = isplic_sim_get_url (sim);
  printf ("%s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);
  isplic_sim_stop (sim);
  return 0;
}
