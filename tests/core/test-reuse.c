/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reuse instead of buying, against the simulator over loopback HTTP: a suspended, paid license of
 * the tariff is offered; reusing it changes its IP and name and resumes it without a charge; the
 * simulator's once-a-month IP rule is known in advance from the edit form and refuses a second
 * change, which leaves the license as it was.
 */
#include "config.h"

#include <string.h>

#include "isplic-core.h"
#include "isplic-sim.h"
#include "isplic-test-utils.h"

static IsplicLicense *
lookup (GPtrArray  *licenses,
        const char *id)
{
  for (guint i = 0; i < licenses->len; i++)
    if (g_strcmp0 (isplic_license_get_id (licenses->pdata[i]), id) == 0)
      return licenses->pdata[i];
  return NULL;
}

static IsplicLicense *
details (IsplicClient *client,
         const char   *id)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IsplicLicense *license;

  isplic_client_get_details_async (client, id, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  license = isplic_client_get_details_finish (client, result, &error);
  g_assert_no_error (error);
  return license;
}

static gboolean
reuse (IsplicClient  *client,
       const char    *id,
       const char    *ip,
       const char    *name,
       GError       **error)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_reuse_async (client, id, ip, name, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  return isplic_client_reuse_finish (client, result, error);
}

static void
test_reuse (void)
{
  g_autoptr(IsplicSim) sim = isplic_sim_new ();
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GListStore) store = g_list_store_new (ISPLIC_TYPE_LICENSE);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(IsplicLicense) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  IsplicOrderParams params = { .tariff_id = "55227", .period = 12, .name = "pool-1",
                               .ip = "198.51.100.200", .auto_renew = 0 };
  IsplicLicense *license;
  gint64 balance;

  isplic_sim_generate (sim, 10, 3);
  isplic_sim_set_key_delay (sim, 0);
  isplic_sim_set_balance (sim, 100000);
  g_assert_true (isplic_sim_start (sim, 0, &error));
  url = isplic_sim_get_url (sim);
  client = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);

  /* A paid Lite license, then suspended: the pool. */
  {
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;
    const char *ids[2] = { NULL, NULL };

    isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    g_assert_true (isplic_client_order_finish (client, result, &id, NULL, &error));
    g_assert_no_error (error);
    ids[0] = id;
    g_clear_object (&result);
    memset (&r, 0, sizeof r);
    isplic_client_suspend_async (client, ids, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    g_assert_true (isplic_client_suspend_finish (client, result, &error));
  }

  /* Offered for a Lite order, not for a Pro one. */
  licenses = isplic_test_client_list (client);
  g_list_store_splice (store, 0, 0, licenses->pdata, licenses->len);
  candidates = isplic_reuse_candidates (G_LIST_MODEL (store), "55227", now);
  g_assert_nonnull (lookup (candidates, id));
  for (guint i = 0; i < candidates->len; i++)
    {
      g_assert_cmpint (isplic_license_get_status (candidates->pdata[i]), ==,
                       ISPLIC_LICENSE_STATUS_SUSPENDED);
      g_assert_cmpint (g_date_time_compare (isplic_license_get_expires (candidates->pdata[i]),
                                            now), >, 0);
    }
  g_clear_pointer (&candidates, g_ptr_array_unref);
  candidates = isplic_reuse_candidates (G_LIST_MODEL (store), "55228", now);
  g_assert_null (lookup (candidates, id));

  /* Its IP may change now (never changed since the order). */
  form = details (client, id);
  g_assert_null (isplic_license_next_ip_change (form, now));
  g_clear_object (&form);

  /* Reused: new IP and name, active again, nothing charged. */
  balance = isplic_sim_get_balance (sim);
  g_assert_true (reuse (client, id, "203.0.113.77", "web-77", &error));
  g_assert_no_error (error);
  g_assert_cmpint (isplic_sim_get_balance (sim), ==, balance);
  g_clear_pointer (&licenses, g_ptr_array_unref);
  licenses = isplic_test_client_list (client);
  license = lookup (licenses, id);
  g_assert_cmpstr (isplic_license_get_ip (license), ==, "203.0.113.77");
  g_assert_cmpstr (isplic_license_get_name (license), ==, "web-77");
  g_assert_cmpint (isplic_license_get_status (license), ==, ISPLIC_LICENSE_STATUS_ACTIVE);

  /* The IP just changed: the form says when it may change next, and the server refuses now. */
  form = details (client, id);
  g_assert_nonnull (isplic_license_get_ip_change_date (form));
  {
    g_autoptr(GDateTime) next = isplic_license_next_ip_change (form, now);

    g_assert_nonnull (next);
    g_assert_cmpint (g_date_time_difference (next, now) / G_TIME_SPAN_DAY, >=,
                     ISPLIC_REUSE_IP_DAYS - 1);
  }
  {
    const char *ids[] = { id, NULL };
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;

    isplic_client_suspend_async (client, ids, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    g_assert_true (isplic_client_suspend_finish (client, result, &error));
  }
  g_assert_false (reuse (client, id, "203.0.113.78", "web-78", &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&licenses, g_ptr_array_unref);
  licenses = isplic_test_client_list (client);
  license = lookup (licenses, id);
  g_assert_cmpstr (isplic_license_get_ip (license), ==, "203.0.113.77");
  g_assert_cmpint (isplic_license_get_status (license), ==, ISPLIC_LICENSE_STATUS_SUSPENDED);

  /* A bad IP is refused before anything is sent. */
  isplic_sim_clear_requests (sim);
  g_assert_false (reuse (client, id, "not-an-ip", "x", &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpuint (isplic_sim_count_requests (sim, "soft.edit"), ==, 0);

  isplic_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reuse/offer-reuse-and-ip-rule", test_reuse);
  return g_test_run ();
}
