/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The core's money calls against the simulator over loopback HTTP: the two were written from the
 * same notes (billmgr-api.md §10) by different hands, and this is where they must agree. Every
 * quote must equal what the account is then charged, to the cent.
 */

#include "config.h"

#include <string.h>

#include "isplic-core.h"
#include "isplic-sim.h"
#include "isplic-test-utils.h"

typedef struct
{
  IsplicSim *sim;
  IsplicClient *client;
  GPtrArray *licenses;  /* IsplicLicense */
} Fixture;

static GAsyncResult *
wait_result (IsplicTestResult *r)
{
  return isplic_test_wait_result (r);
}

static void
refresh (Fixture *f)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_clear_pointer (&f->licenses, g_ptr_array_unref);
  f->licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->sim = isplic_sim_new ();
  isplic_sim_generate (f->sim, 12, 7);
  isplic_sim_set_key_delay (f->sim, 0);
  isplic_sim_set_balance (f->sim, 100000);
  isplic_sim_start (f->sim, 0, &error);
  g_assert_no_error (error);
  url = isplic_sim_get_url (f->sim);
  f->client = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  refresh (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->licenses, g_ptr_array_unref);
  g_assert_finalize_object (f->client);
  isplic_sim_stop (f->sim);
  g_assert_finalize_object (f->sim);
}

/* An active, paid license on @tariff_id (NULL: any paid tariff but business), not @other. */
static IsplicLicense *
find (Fixture       *f,
      const char    *tariff_id,
      IsplicLicense *other)
{
  for (guint i = 0; i < f->licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (f->licenses, i);
      const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));

      if (license == other || tariff == NULL || tariff->trial ||
          isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_ACTIVE)
        continue;
      if (tariff_id != NULL ? g_strcmp0 (tariff->id, tariff_id) != 0 : tariff->has_nodes)
        continue;
      return license;
    }
  return NULL;
}

static void
test_balance_and_prices (Fixture       *f,
                         gconstpointer  data)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) prices = NULL;
  IsplicBalance *balance;
  gboolean seen_lite = FALSE;

  isplic_client_get_balance_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  balance = isplic_client_get_balance_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance->balance.amount, ==, isplic_sim_get_balance (f->sim));
  g_assert_cmpstr (balance->balance.currency, ==, "EUR");
  isplic_balance_free (balance);
  g_clear_object (&result);

  isplic_client_get_prices_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  prices = isplic_client_get_prices_finish (f->client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < prices->len; i++)
    {
      IsplicPrice *price = g_ptr_array_index (prices, i);
      const IsplicMoney *month = isplic_price_get (price, 1);
      const IsplicMoney *year = isplic_price_get (price, 12);

      if (g_strcmp0 (price->id, "55227") == 0)
        {
          seen_lite = TRUE;
          g_assert_nonnull (month);
          g_assert_nonnull (year);
          g_assert_cmpint (month->amount, ==, 500);
          g_assert_cmpint (year->amount, ==, 5000);
        }
      if (g_strcmp0 (price->id, "55230") == 0)
        g_assert_cmpuint (price->addons->len, >=, 1);
    }
  g_assert_true (seen_lite);
}

static void
test_order_quote_is_the_charge (Fixture       *f,
                                gconstpointer  data)
{
  IsplicOrderParams params = { .tariff_id = "55230", .period = 12, .name = "quoted",
                               .ip = "198.51.100.77", .nodes = 3 };
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IsplicQuote *quote;
  gint64 before = isplic_sim_get_balance (f->sim);
  gint64 total;

  isplic_client_order_quote_async (f->client, &params, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  quote = isplic_client_order_quote_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (quote->total);
  total = quote->total->amount;
  g_test_message ("order quote: %s", quote->text);
  isplic_quote_free (quote);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before);  /* a quote costs nothing */
  g_clear_object (&result);

  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_order_finish (f->client, result, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (before - isplic_sim_get_balance (f->sim), ==, total);
}

static void
test_renew_quote_is_the_charge (Fixture       *f,
                                gconstpointer  data)
{
  IsplicLicense *a = find (f, NULL, NULL);
  IsplicLicense *b = find (f, NULL, a);
  const char *one[] = { isplic_license_get_id (a), NULL };
  const char *two[] = { isplic_license_get_id (a), isplic_license_get_id (b), NULL };
  const char * const *cases[] = { one, two };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      IsplicTestResult r = { 0 };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      IsplicRenewalQuote *quote;
      gint64 before = isplic_sim_get_balance (f->sim);
      gint64 total;

      isplic_client_renew_quote_async (f->client, cases[i], 12, NULL, isplic_test_result_cb, &r);
      result = wait_result (&r);
      quote = isplic_client_renew_quote_finish (f->client, result, &error);
      g_assert_no_error (error);
      g_assert_nonnull (quote->total);
      g_assert_cmpuint (quote->items->len, ==, g_strv_length ((char **) cases[i]));
      for (guint j = 0; j < quote->items->len; j++)
        {
          IsplicRenewalItem *item = g_ptr_array_index (quote->items, j);
          g_assert_nonnull (item->new_expiry);
        }
      total = quote->total->amount;
      isplic_renewal_quote_free (quote);
      g_clear_object (&result);

      isplic_client_renew_async (f->client, cases[i], 12, NULL, isplic_test_result_cb, &r);
      result = wait_result (&r);
      g_assert_true (isplic_client_renew_finish (f->client, result, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (before - isplic_sim_get_balance (f->sim), ==, total);
    }
}

static void
test_tariff_quote_is_the_charge (Fixture       *f,
                                 gconstpointer  data)
{
  IsplicLicense *license = find (f, "55227", NULL);
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IsplicTariffQuote *quote;
  gint64 before = isplic_sim_get_balance (f->sim);
  gint64 charge;

  if (license == NULL)
    license = find (f, "55228", NULL);
  g_assert_nonnull (license);
  isplic_client_change_tariff_quote_async (f->client, isplic_license_get_id (license), "55229",
                                           0, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  quote = isplic_client_change_tariff_quote_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (quote->old_price);
  g_assert_nonnull (quote->new_price);
  g_assert_nonnull (quote->charge);
  charge = quote->charge->amount;
  g_assert_cmpint (charge, >, 0);
  isplic_tariff_quote_free (quote);
  g_clear_object (&result);

  isplic_client_change_tariff_pay_async (f->client, isplic_license_get_id (license), "55229",
                                         0, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_change_tariff_pay_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (before - isplic_sim_get_balance (f->sim), ==, charge);
}

/* Tariff quote for @license to @tariff_id with @nodes (0: not given). (transfer full) */
static IsplicTariffQuote *
tariff_quote (Fixture       *f,
              IsplicLicense *license,
              const char    *tariff_id,
              guint          nodes)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IsplicTariffQuote *quote;

  isplic_client_change_tariff_quote_async (f->client, isplic_license_get_id (license), tariff_id,
                                           nodes, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  quote = isplic_client_change_tariff_quote_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (quote);
  g_assert_nonnull (quote->new_price);
  g_assert_nonnull (quote->charge);
  return quote;
}

/* To Business with four nodes: the nodes are priced in the quote (more than with the default
 * one), the charge is exactly the quote, and the license then has four nodes. */
static void
test_tariff_nodes_quote_is_the_charge (Fixture       *f,
                                       gconstpointer  data)
{
  IsplicLicense *license = find (f, "55227", NULL);
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicTariffQuote) one = NULL;
  g_autoptr(IsplicTariffQuote) four = NULL;
  g_autofree char *id = NULL;
  gint64 before = isplic_sim_get_balance (f->sim);

  if (license == NULL)
    license = find (f, "55228", NULL);
  g_assert_nonnull (license);
  id = g_strdup (isplic_license_get_id (license));

  one = tariff_quote (f, license, "55230", 0);
  four = tariff_quote (f, license, "55230", 4);
  g_assert_cmpint (four->new_price->amount, >, one->new_price->amount);
  /* Three nodes beyond the first: 8.00 EUR a month or 80.00 a year each. */
  g_assert_true (four->new_price->amount - one->new_price->amount == 3 * 800
                 || four->new_price->amount - one->new_price->amount == 3 * 8000);
  g_assert_cmpint (four->charge->amount, >, one->charge->amount);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before);

  isplic_client_change_tariff_pay_async (f->client, id, "55230", 4, NULL, isplic_test_result_cb,
                                         &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_change_tariff_pay_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (before - isplic_sim_get_balance (f->sim), ==, four->charge->amount);

  refresh (f);
  for (guint i = 0; i < f->licenses->len; i++)
    {
      IsplicLicense *after = g_ptr_array_index (f->licenses, i);

      if (g_strcmp0 (isplic_license_get_id (after), id) == 0)
        {
          g_assert_cmpstr (isplic_license_get_tariff_id (after), ==, "55230");
          g_assert_cmpint (isplic_license_get_nodes (after), ==, 4);
          return;
        }
    }
  g_assert_not_reached ();
}

/* More nodes than ISPLIC_NODES_MAX are refused before anything is sent. */
static void
test_tariff_nodes_too_many (Fixture       *f,
                            gconstpointer  data)
{
  IsplicLicense *license = find (f, NULL, NULL);
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = isplic_sim_get_balance (f->sim);

  g_assert_nonnull (license);
  isplic_client_change_tariff_pay_async (f->client, isplic_license_get_id (license), "55230",
                                         ISPLIC_NODES_MAX + 1, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_false (isplic_client_change_tariff_pay_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before);
}

static void
test_nodes_quote_is_the_charge (Fixture       *f,
                                gconstpointer  data)
{
  IsplicOrderParams params = { .tariff_id = "55230", .period = 1, .name = "nodes",
                               .ip = "198.51.100.78", .nodes = 1 };
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  IsplicQuote *quote;
  gint64 before;
  gint64 total;

  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_clear_object (&result);

  before = isplic_sim_get_balance (f->sim);
  isplic_client_nodes_quote_async (f->client, id, 3, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  quote = isplic_client_nodes_quote_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (quote->total);
  total = quote->total->amount;
  isplic_quote_free (quote);
  g_clear_object (&result);

  isplic_client_set_nodes_async (f->client, id, 3, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_set_nodes_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (before - isplic_sim_get_balance (f->sim), ==, total);
}

static void
test_cart_history_auto_renew (Fixture       *f,
                              gconstpointer  data)
{
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "in-cart",
                               .ip = "198.51.100.79", .to_cart = TRUE };
  IsplicLicense *license = find (f, NULL, NULL);
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  IsplicCart *cart;
  g_autofree char *item = NULL;
  gint64 before = isplic_sim_get_balance (f->sim);
  gboolean seen = FALSE;

  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_order_finish (f->client, result, NULL, NULL, &error));
  g_clear_object (&result);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before);  /* the cart is not charged */

  isplic_client_get_cart_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  cart = isplic_client_get_cart_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cart->items->len, ==, 1);
  g_assert_cmpstr (((IsplicCartItem *) g_ptr_array_index (cart->items, 0))->ip, ==,
                   "198.51.100.79");
  g_assert_nonnull (cart->total);
  g_assert_cmpint (cart->total->amount, ==, 500);
  item = g_strdup (((IsplicCartItem *) g_ptr_array_index (cart->items, 0))->id);
  isplic_cart_free (cart);
  g_clear_object (&result);

  isplic_client_cart_remove_async (f->client, item, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_cart_remove_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  isplic_client_get_cart_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  cart = isplic_client_get_cart_finish (f->client, result, &error);
  g_assert_cmpuint (cart->items->len, ==, 0);
  isplic_cart_free (cart);
  g_clear_object (&result);

  /* a change, whatever it was: a history entry */
  isplic_client_set_auto_renew_async (f->client, isplic_license_get_id (license),
                                      isplic_license_get_auto_renew (license) == 12 ? 1 : 12,
                                      NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_true (isplic_client_set_auto_renew_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  isplic_client_get_history_async (f->client, isplic_license_get_id (license), NULL,
                                   isplic_test_result_cb, &r);
  result = wait_result (&r);
  history = isplic_client_get_history_finish (f->client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      IsplicHistoryEntry *entry = g_ptr_array_index (history, i);
      g_assert_nonnull (entry->date);
      g_test_message ("history: %s", entry->desc);
      if (entry->desc != NULL && strstr (entry->desc, "Auto-renewal") != NULL)
        seen = TRUE;
    }
  g_assert_true (seen);
}

static void
test_not_offered (Fixture       *f,
                  gconstpointer  data)
{
  const char *functions[] = { "dashboard.info", "notify", "pricelist.export", "basket",
                              "service.history" };
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IsplicLicense *license = find (f, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    isplic_sim_set_function_enabled (f->sim, functions[i], FALSE);

  isplic_client_get_balance_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_null (isplic_client_get_balance_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);
  g_clear_object (&result);

  isplic_client_get_prices_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_null (isplic_client_get_prices_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);
  g_clear_object (&result);

  isplic_client_get_cart_async (f->client, NULL, isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_null (isplic_client_get_cart_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);
  g_clear_object (&result);

  isplic_client_get_history_async (f->client, isplic_license_get_id (license), NULL,
                                   isplic_test_result_cb, &r);
  result = wait_result (&r);
  g_assert_null (isplic_client_get_history_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The main job still works. */
  {
    const char *ids[] = { isplic_license_get_id (license), NULL };
    isplic_client_renew_async (f->client, ids, 1, NULL, isplic_test_result_cb, &r);
    result = wait_result (&r);
    g_assert_true (isplic_client_renew_finish (f->client, result, NULL, &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/money-sim/balance-and-prices", test_balance_and_prices);
  ADD ("/money-sim/order-quote-is-the-charge", test_order_quote_is_the_charge);
  ADD ("/money-sim/renew-quote-is-the-charge", test_renew_quote_is_the_charge);
  ADD ("/money-sim/tariff-quote-is-the-charge", test_tariff_quote_is_the_charge);
  ADD ("/money-sim/tariff-nodes-quote-is-the-charge", test_tariff_nodes_quote_is_the_charge);
  ADD ("/money-sim/tariff-nodes-too-many", test_tariff_nodes_too_many);
  ADD ("/money-sim/nodes-quote-is-the-charge", test_nodes_quote_is_the_charge);
  ADD ("/money-sim/cart-history-auto-renew", test_cart_history_auto_renew);
  ADD ("/money-sim/not-offered", test_not_offered);
#undef ADD

  return g_test_run ();
}
