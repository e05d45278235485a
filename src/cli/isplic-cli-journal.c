/* SPDX-License-Identifier: GPL-3.0-or-later */
/* isplic-cli journal: what IspLic sent (the app and the CLI alike), from the local journal. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"

static gboolean opt_json;
static gboolean opt_open;

static const GOptionEntry journal_entries[] = {
  { "open", 0, 0, G_OPTION_ARG_NONE, &opt_open,
    N_("Only the entries with no answer written (sent, then the program stopped)"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
journal_prepare (IsplicCli *cli, GError **error)
{
  if (cli->n_args != 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("The journal command takes no arguments."));
      return FALSE;
    }
  return TRUE;
}

static char *
entry_time (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;
  local = g_date_time_to_local (date);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static void
print_json (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      IsplicJournalEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *sent = g_date_time_format_iso8601 (entry->sent);
      g_autofree char *ended = entry->ended ? g_date_time_format_iso8601 (entry->ended) : NULL;

      json_builder_begin_object (builder);
      isplic_cli_json_string (builder, "sent", sent);
      isplic_cli_json_string (builder, "ended", ended);
      isplic_cli_json_string (builder, "account", entry->account);
      isplic_cli_json_string (builder, "operation", entry->operation);
      json_builder_set_member_name (builder, "licenses");
      json_builder_begin_array (builder);
      for (guint k = 0; entry->licenses[k] != NULL; k++)
        json_builder_add_string_value (builder, entry->licenses[k]);
      json_builder_end_array (builder);
      isplic_cli_json_string (builder, "what", entry->what);
      {
        g_autofree char *description = isplic_journal_entry_describe (entry);

        isplic_cli_json_string (builder, "description", description);
      }
      json_builder_set_member_name (builder, "money");
      json_builder_add_boolean_value (builder, entry->money);
      isplic_cli_json_string (builder, "outcome", isplic_journal_outcome_to_nick (entry->outcome));
      isplic_cli_json_string (builder, "message", entry->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  isplic_cli_print_json (builder);
}

static const char *
outcome_label (IsplicJournalOutcome outcome)
{
  switch (outcome)
    {
    case ISPLIC_JOURNAL_DONE:
      return C_("journal", "done");
    case ISPLIC_JOURNAL_NOT_DONE:
      return C_("journal", "not done");
    case ISPLIC_JOURNAL_UNKNOWN:
      return C_("journal", "unknown");
    case ISPLIC_JOURNAL_OPEN:
    default:
      return C_("journal", "no answer");
    }
}

static void
journal_run (IsplicCli *cli)
{
  g_autofree char *path = isplic_journal_default_path ();
  g_autoptr(IsplicJournal) journal = isplic_journal_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = opt_open ? isplic_journal_open_entries (journal, NULL, &error)
                     : isplic_journal_read (journal, &error);
  if (entries == NULL)
    {
      isplic_cli_exit_error (cli, error);
      return;
    }
  if (opt_json)
    print_json (entries);
  else if (entries->len == 0)
    g_print ("%s\n", opt_open ? _("No open entries.") : _("The journal is empty."));
  else
    {
      const char *headers[] = { C_("column", "SENT"), C_("column", "ACCOUNT"),
                                C_("column", "LICENSES"), C_("column", "WHAT"),
                                C_("column", "OUTCOME"), C_("column", "ANSWER"), NULL };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < entries->len; i++)
        {
          IsplicJournalEntry *entry = g_ptr_array_index (entries, i);
          g_autofree char *sent = entry_time (entry->sent);
          g_autofree char *ids = g_strjoinv (",", entry->licenses);
          g_autofree char *description = isplic_journal_entry_describe (entry);
          char **row = g_new0 (char *, 7);

          row[0] = isplic_cli_cell (sent);
          row[1] = isplic_cli_cell (entry->account);
          row[2] = isplic_cli_cell (ids);
          row[3] = isplic_cli_cell (description);
          row[4] = isplic_cli_cell (outcome_label (entry->outcome));
          row[5] = isplic_cli_cell (entry->message);
          g_ptr_array_add (rows, row);
        }
      isplic_cli_print_table (headers, rows);
    }
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_OK);
}

const IsplicCliCommand isplic_cli_journal_commands[] = {
  { "journal", "", N_("Show what IspLic sent to the billing server, and the answers"),
    N_("The journal is kept on this computer for the app and the command-line tool alike,\n"
       "without passwords or license keys. A money operation is written before it is sent:\n"
       "an entry with no answer was sent when the program stopped, and is checked with the\n"
       "server at the next start.\n"
       "\n"
       "Examples:\n"
       "  isplic-cli journal\n"
       "  isplic-cli journal --open --json"),
    journal_entries, FALSE, journal_prepare, journal_run },
};

const guint isplic_cli_n_journal_commands = G_N_ELEMENTS (isplic_cli_journal_commands);
