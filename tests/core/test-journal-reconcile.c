/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The journal's open entries judged at the next start by evidence, against the simulator over
 * loopback HTTP: each entry is what a run killed between sending and the answer leaves behind;
 * the change itself was made (or not) by another client, as the server would have. Done only
 * when the licenses show it, not done only when they show it was not made, unknown otherwise.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "isplic-core.h"
#include "isplic-sim.h"
#include "isplic-test-utils.h"

static void
edit (IsplicClient *client,
      const char   *id,
      const char   *name,
      const char   *ip)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  isplic_client_edit_async (client, id, name, ip, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  isplic_client_edit_finish (client, result, &error);
  g_assert_no_error (error);
}

static void
suspend (IsplicClient *client,
         const char   *id)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[2] = { id, NULL };

  isplic_client_suspend_async (client, ids, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_suspend_finish (client, result, &error));
  g_assert_no_error (error);
}

/* An entry as the transport writes it before sending, left open. */
static guint64
left_open (IsplicJournal      *journal,
           const char         *account,
           const char         *operation,
           const char         *id,
           gboolean            money,
           const char * const *params,
           gsize               n_params)
{
  g_autoptr(GError) error = NULL;
  const char *ids[2] = { id, NULL };
  guint64 entry;

  entry = isplic_journal_begin_full (journal, account, operation, ids, operation, money, params,
                                     n_params, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entry, >, 0);
  return entry;
}

static IsplicJournalEntry *
find (GPtrArray *entries,
      guint64    id)
{
  for (guint i = 0; i < entries->len; i++)
    if (((IsplicJournalEntry *) entries->pdata[i])->id == id)
      return entries->pdata[i];
  g_assert_not_reached ();
}

static void
test_judged_by_evidence (void)
{
  g_autoptr(IsplicSim) sim = isplic_sim_new ();
  g_autoptr(IsplicClient) server_side = NULL;
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(IsplicJournal) journal = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GPtrArray) judged = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isplic_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.jsonl", NULL);
  g_autofree char *url = NULL;
  g_autofree char *account = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *evidence = NULL;
  const char *active[6] = { NULL };
  const char *other_tariff;
  guint n_active = 0;
  guint64 suspended, not_suspended, edited, not_edited, tariff, new_key, renewed, no_evidence;

  isplic_sim_generate (sim, 30, 7);
  isplic_sim_set_key_delay (sim, 0);
  isplic_sim_set_logging (sim, TRUE);
  g_assert_true (isplic_sim_start (sim, 0, &error));
  url = isplic_sim_get_url (sim);
  server_side = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  client = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  journal = isplic_journal_new (path);
  isplic_client_set_journal (client, journal);
  account = isplic_journal_account_name (url, ISPLIC_SIM_DEFAULT_USER);

  licenses = isplic_test_client_list (server_side);
  for (guint i = 0; i < licenses->len && n_active < G_N_ELEMENTS (active); i++)
    if (isplic_license_get_status (licenses->pdata[i]) == ISPLIC_LICENSE_STATUS_ACTIVE
        && isplic_license_get_expires (licenses->pdata[i]) != NULL)
      active[n_active++] = isplic_license_get_id (licenses->pdata[i]);
  g_assert_cmpuint (n_active, ==, G_N_ELEMENTS (active));

  /* A suspension the server made, and one it never received. */
  {
    const char *params[] = { "elid", active[0], "sok", "ok" };
    suspended = left_open (journal, account, "soft.suspend", active[0], FALSE, params, 4);
    params[1] = active[1];
    not_suspended = left_open (journal, account, "soft.suspend", active[1], FALSE, params, 4);
    suspend (server_side, active[0]);
  }
  /* A new name made, and one not made (the simulator's IPs changed lately: no IP change). */
  {
    const char *params[] = { "elid", active[2], "licname", "moved" };
    edited = left_open (journal, account, "soft.edit", active[2], FALSE, params, 4);
    params[1] = active[3];
    not_edited = left_open (journal, account, "soft.edit", active[3], FALSE, params, 4);
    edit (server_side, active[2], "moved", NULL);
  }
  /* A tariff change to a tariff the license does not have: not made. */
  {
    IsplicLicense *license = NULL;

    for (guint i = 0; i < licenses->len; i++)
      if (g_strcmp0 (isplic_license_get_id (licenses->pdata[i]), active[4]) == 0)
        license = licenses->pdata[i];
    other_tariff = g_strcmp0 (isplic_license_get_tariff_id (license), "55227") == 0 ? "55228"
                                                                                    : "55227";
    {
      const char *params[] = { "elid", active[4], "pricelist", other_tariff, "sok", "ok" };
      tariff = left_open (journal, account, "service.changepricelist", active[4], TRUE, params, 6);
    }
    /* A renewal whose evidence says the license expired on another day: it moved. */
    expires = g_date_time_format (isplic_license_get_expires (license), "%Y-%m-%d");
    evidence = g_strconcat ("journal.expires.", active[4], NULL);
    {
      const char *params[] = { "elid", active[4], "period", "1", evidence, "2001-01-01" };
      renewed = left_open (journal, account, "service.prolong", active[4], TRUE, params, 6);
    }
    /* One without evidence cannot be told. */
    {
      const char *params[] = { "elid", active[4], "period", "1" };
      no_evidence = left_open (journal, account, "service.prolong", active[4], TRUE, params, 4);
    }
  }
  /* A new key cannot be told from the list. */
  {
    const char *params[] = { "elid", active[5], "clicked_button", "newkey" };
    new_key = left_open (journal, account, "soft.edit", active[5], FALSE, params, 4);
  }

  {
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;

    isplic_client_reconcile_journal_async (client, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    judged = isplic_client_reconcile_journal_finish (client, result, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (judged->len, ==, 8);
  g_assert_cmpint (find (judged, suspended)->outcome, ==, ISPLIC_JOURNAL_DONE);
  g_assert_cmpint (find (judged, not_suspended)->outcome, ==, ISPLIC_JOURNAL_NOT_DONE);
  g_assert_cmpint (find (judged, edited)->outcome, ==, ISPLIC_JOURNAL_DONE);
  g_assert_cmpint (find (judged, not_edited)->outcome, ==, ISPLIC_JOURNAL_NOT_DONE);
  g_assert_cmpint (find (judged, tariff)->outcome, ==, ISPLIC_JOURNAL_NOT_DONE);
  g_assert_cmpint (find (judged, renewed)->outcome, ==, ISPLIC_JOURNAL_DONE);
  g_assert_cmpint (find (judged, no_evidence)->outcome, ==, ISPLIC_JOURNAL_UNKNOWN);
  g_assert_cmpint (find (judged, new_key)->outcome, ==, ISPLIC_JOURNAL_UNKNOWN);
  g_assert_nonnull (strstr (find (judged, suspended)->message, active[0]));

  /* The same renewal judged with the expiry the license really has: not renewed. */
  {
    const char *params[] = { "elid", active[4], "period", "1", evidence, expires };
    renewed = left_open (journal, account, "service.prolong", active[4], TRUE, params, 6);
  }
  {
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;

    isplic_client_reconcile_journal_async (client, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    again = isplic_client_reconcile_journal_finish (client, result, &error);
    g_assert_no_error (error);
  }
  /* Told once: only the new entry is still open. */
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpint (find (again, renewed)->outcome, ==, ISPLIC_JOURNAL_NOT_DONE);
  /* Nothing was sent for any of them. */
  g_assert_cmpuint (isplic_sim_count_requests (sim, "service.prolong"), ==, 0);
  g_assert_cmpuint (isplic_sim_count_requests (sim, "service.changepricelist"), ==, 0);


  /* A real renewal: the expiry goes into the journal with it, never into the request. */
  {
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    IsplicLicense *license = NULL;
    GPtrArray *requests;
    IsplicSimRequest *sent = NULL;
    IsplicJournalEntry *last;

    for (guint i = 0; i < licenses->len; i++)
      if (g_strcmp0 (isplic_license_get_id (licenses->pdata[i]), active[5]) == 0)
        license = licenses->pdata[i];
    isplic_client_renew_licenses_async (client, &license, 1, 1, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    g_assert_true (isplic_client_renew_finish (client, result, NULL, &error));
    g_assert_no_error (error);
    requests = isplic_sim_get_requests (sim);
    for (guint i = 0; i < requests->len; i++)
      if (g_strcmp0 (((IsplicSimRequest *) requests->pdata[i])->func, "service.prolong") == 0)
        sent = requests->pdata[i];
    g_assert_nonnull (sent);
    g_assert_cmpstr (g_hash_table_lookup (sent->params, "elid"), ==, active[5]);
    {
      GHashTableIter iter;
      const char *name;

      g_hash_table_iter_init (&iter, sent->params);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        g_assert_false (g_str_has_prefix (name, "journal."));
    }
    entries = isplic_journal_read (journal, &error);
    g_assert_no_error (error);
    last = entries->pdata[entries->len - 1];
    g_clear_pointer (&evidence, g_free);
    g_clear_pointer (&expires, g_free);
    evidence = g_strconcat ("journal.expires.", active[5], NULL);
    expires = g_date_time_format (isplic_license_get_expires (license), "%Y-%m-%d");
    g_assert_cmpstr (last->operation, ==, "service.prolong");
    g_assert_cmpint (last->outcome, ==, ISPLIC_JOURNAL_DONE);
    g_assert_cmpstr (g_hash_table_lookup (last->params, evidence), ==, expires);
    g_assert_null (strstr (last->what, "journal."));
  }

  g_unlink (path);
  isplic_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/journal/reconcile/evidence", test_judged_by_evidence);
  return g_test_run ();
}
