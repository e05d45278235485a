/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The journal on real files: entries come back with their outcomes; an entry begun by a process
 * killed before it could end stays open for the next start; a torn line costs only itself; the
 * file is private.
 */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "isplic-core.h"
#include "isplic-test-utils.h"

#define ACCOUNT "reseller @ https://billing.example.com"

static void
test_round_trip (void)
{
  g_autofree char *path = isplic_journal_default_path ();
  g_autoptr(IsplicJournal) journal = isplic_journal_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "101", "102", NULL };
  g_autofree char *long_message = g_strnfill (5000, 'x');
  IsplicJournalEntry *entry;
  guint64 a, b, c;
  GStatBuf st;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  entries = isplic_journal_read (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  a = isplic_journal_begin (journal, ACCOUNT, "renew", ids, "Renew 2 licenses for 12 months",
                            TRUE, &error);
  g_assert_no_error (error);
  b = isplic_journal_begin (journal, ACCOUNT, "edit", (const char *[]) { "103", NULL },
                            "Rename \"web\" to \"web-01\"\n\033[31m", FALSE, &error);
  c = isplic_journal_begin (journal, "other @ https://other.example", "order", NULL,
                            "Order Lite", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a, <, b);
  g_assert_cmpuint (b, <, c);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (isplic_journal_end (journal, a, ISPLIC_JOURNAL_DONE, "ok", &error));
  g_assert_true (isplic_journal_end (journal, b, ISPLIC_JOURNAL_NOT_DONE, long_message, &error));
  g_assert_no_error (error);

  entries = isplic_journal_read (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  entry = entries->pdata[0];
  g_assert_cmpuint (entry->id, ==, a);
  g_assert_cmpstr (entry->operation, ==, "renew");
  g_assert_cmpstr (entry->account, ==, ACCOUNT);
  g_assert_cmpstr (entry->licenses[0], ==, "101");
  g_assert_cmpstr (entry->licenses[1], ==, "102");
  g_assert_null (entry->licenses[2]);
  g_assert_true (entry->money);
  g_assert_cmpint (entry->outcome, ==, ISPLIC_JOURNAL_DONE);
  g_assert_nonnull (entry->ended);
  g_assert_cmpstr (entry->message, ==, "ok");
  entry = entries->pdata[1];
  g_assert_cmpstr (entry->what, ==, "Rename \"web\" to \"web-01\"\n\033[31m");
  g_assert_false (entry->money);
  g_assert_cmpint (entry->outcome, ==, ISPLIC_JOURNAL_NOT_DONE);
  g_assert_cmpint (g_utf8_strlen (entry->message, -1), ==, 1000);
  entry = entries->pdata[2];
  g_assert_cmpint (entry->outcome, ==, ISPLIC_JOURNAL_OPEN);
  g_assert_null (entry->ended);
  g_assert_null (entry->licenses[0]);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Open entries, all or of one account. */
  entries = isplic_journal_open_entries (journal, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = isplic_journal_open_entries (journal, ACCOUNT, &error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_assert_true (isplic_journal_end (journal, c, ISPLIC_JOURNAL_UNKNOWN, NULL, &error));
  entries = isplic_journal_open_entries (journal, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 0);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* A process killed between writing the entry and its end: the entry is there, open. */
static void
test_killed_between (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "killed.jsonl", NULL);
  g_autoptr(IsplicJournal) journal = isplic_journal_new (path);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  pid_t pid;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      IsplicJournal *child = isplic_journal_new (path);

      if (isplic_journal_begin (child, ACCOUNT, "order", NULL, "Order Business", TRUE,
                                NULL) == 0)
        _exit (3);
      raise (SIGKILL);
      _exit (4);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  open = isplic_journal_open_entries (journal, ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((IsplicJournalEntry *) open->pdata[0])->what, ==, "Order Business");
  g_assert_true (((IsplicJournalEntry *) open->pdata[0])->money);
}

/* A line cut short (a crash mid-write, a full disk) or garbage costs only itself. */
static void
test_torn_lines (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "torn.jsonl", NULL);
  g_autoptr(IsplicJournal) journal = isplic_journal_new (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *torn = NULL;
  guint64 a, b;

  a = isplic_journal_begin (journal, ACCOUNT, "suspend", NULL, "Suspend", FALSE, &error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  torn = g_strconcat (contents, "{\"v\":1,\"type\":\"begin\",\"id\":5,\"ti", "\n",
                      "[1,2]\n\"text\"\n{\"type\":\"end\",\"id\":\"x\"}\n\n",
                      "{\"v\":1,\"type\":\"begin\",\"id\":7,\"time\":\"no date\","
                      "\"operation\":\"x\"}\n", NULL);
  g_assert_true (g_file_set_contents (path, torn, -1, NULL));
  b = isplic_journal_begin (journal, ACCOUNT, "resume", NULL, "Resume", FALSE, &error);
  g_assert_true (isplic_journal_end (journal, a, ISPLIC_JOURNAL_DONE, NULL, &error));
  /* An end for an entry that does not exist changes nothing. */
  g_assert_true (isplic_journal_end (journal, 424242, ISPLIC_JOURNAL_DONE, NULL, &error));
  g_assert_no_error (error);

  entries = isplic_journal_read (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (((IsplicJournalEntry *) entries->pdata[0])->id, ==, a);
  g_assert_cmpint (((IsplicJournalEntry *) entries->pdata[0])->outcome, ==, ISPLIC_JOURNAL_DONE);
  g_assert_cmpuint (((IsplicJournalEntry *) entries->pdata[1])->id, ==, b);
  g_assert_cmpint (((IsplicJournalEntry *) entries->pdata[1])->outcome, ==, ISPLIC_JOURNAL_OPEN);
}

static void
test_unwritable (void)
{
  g_autofree char *blocker = g_build_filename (g_get_user_data_dir (), "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "journal.jsonl", NULL);
  g_autoptr(IsplicJournal) journal = isplic_journal_new (path);
  g_autoptr(GError) error = NULL;

  /* A file where the folder should be: nothing can be written, and begin says so. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  g_assert_cmpuint (isplic_journal_begin (journal, ACCOUNT, "order", NULL, "Order", TRUE,
                                          &error), ==, 0);
  g_assert_nonnull (error);
}

/* An entry as read back: @params are names and values alternately, NULL-terminated. */
static IsplicJournalEntry *
entry_new (const char         *operation,
           const char         *licenses,
           const char * const *params)
{
  IsplicJournalEntry *entry = g_new0 (IsplicJournalEntry, 1);

  entry->operation = g_strdup (operation);
  entry->licenses = licenses != NULL ? g_strsplit (licenses, ",", -1) : g_new0 (char *, 1);
  entry->what = g_strdup ("raw request");
  entry->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; params != NULL && params[i] != NULL; i += 2)
    g_hash_table_insert (entry->params, g_strdup (params[i]), g_strdup (params[i + 1]));
  return entry;
}

static void
check_describe (const char         *operation,
                const char         *licenses,
                const char * const *params,
                const char         *expected)
{
  g_autoptr(IsplicJournalEntry) entry = entry_new (operation, licenses, params);
  g_autofree char *text = isplic_journal_entry_describe (entry);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_describe (void)
{
  const char *order[] = { "pricelist", "55227", "period", "12", "ip", "203.0.113.5",
                          "licname", "web-01", NULL };
  const char *renew[] = { "period", "1", "journal.expires.7", "2027-01-01", NULL };
  const char *rename[] = { "licname", "web-02", NULL };
  const char *move[] = { "ip", "203.0.113.9", NULL };
  const char *key[] = { "clicked_button", "newkey", NULL };
  const char *auto_off[] = { "autoprolong", "null", NULL };
  const char *tariff[] = { "pricelist", "55228", NULL };
  const char *nodes[] = { "addon_55236", "3", NULL };

  check_describe ("soft.order.param", NULL, order,
                  "Order ispmanager 6 Lite for 12 months at 203.0.113.5, named “web-01”");
  check_describe ("service.prolong", "7", renew, "Renew license 7 for 1 month");
  check_describe ("service.prolong", "1,2,3,4,5", renew,
                  "Renew licenses 1, 2, 3 and 2 more for 1 month");
  check_describe ("soft.edit", "7", rename, "Rename license 7 to “web-02”");
  check_describe ("soft.edit", "7", move, "Move license 7 to 203.0.113.9");
  check_describe ("soft.edit", "7", key, "New key for license 7");
  check_describe ("soft.edit", "7", auto_off, "Turn off auto-renewal of license 7");
  check_describe ("soft.edit", "7", nodes, "Set license 7 to 3 nodes");
  check_describe ("service.changepricelist.getmoney", "7", tariff,
                  "Change the tariff of license 7 to ispmanager 6 Pro");
  check_describe ("soft.suspend", "7,8", NULL, "Suspend licenses 7, 8");
  check_describe ("soft.delete", "7", NULL, "Delete license 7");
  /* What cannot be told as a sentence is shown as written. */
  check_describe ("soft.edit", "7", NULL, "raw request");
  check_describe ("something.new", "7", NULL, "raw request");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = isplic_test_private_home ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/journal/round-trip", test_round_trip);
  g_test_add_func ("/journal/killed-between", test_killed_between);
  g_test_add_func ("/journal/torn-lines", test_torn_lines);
  g_test_add_func ("/journal/unwritable", test_unwritable);
  g_test_add_func ("/journal/describe", test_describe);
  status = g_test_run ();
  isplic_test_remove_tree (home);
  return status;
}
