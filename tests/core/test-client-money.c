/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The money calls of issue 8 over real loopback HTTP against the misbehaving server
 * (tests/lib/isplic-hostile-server), scripted with billmgr's §10 shapes: what each call sends,
 * what it reads from single objects and arrays, money as text, HTML orderinfo, dates with a
 * time; "missed" / "access" become NOT_OFFERED; malformed answers are errors; money calls are
 * never resent and end "outcome unknown" without billmgr's `ok`.
 */

#include "config.h"

#include <string.h>

#include "isplic-client.h"
#include "isplic-hostile-server.h"
#include "isplic-test-utils.h"
#include "isplic-util.h"

#define MISSED "{\"doc\":{\"error\":{\"$type\":\"missed\",\"$object\":\"func\"," \
  "\"msg\":{\"$\":\"Function not found \"}}}}"
#define ACCESS "{\"doc\":{\"error\":{\"$type\":\"access\"," \
  "\"msg\":{\"$\":\"Insufficient privileges to perform\"}}}}"

typedef struct
{
  IsplicHostile *server;
  IsplicClient *client;
  IsplicTestResult r;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = isplic_hostile_new ();
  f->client = isplic_client_new (isplic_hostile_get_url (f->server), "reseller@example.com",
                                 "secret");
  isplic_client_set_timeout (f->client, 10);
  g_object_set (f->client, "retry-delay", 20, NULL);
  memset (&f->r, 0, sizeof f->r);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, isplic_hostile_free);
}

static void
script (Fixture    *f,
        const char *func,
        const char *body)
{
  isplic_hostile_script (f->server, func, isplic_hostile_body (200, body), NULL);
}

static void
script_data (Fixture    *f,
             const char *func,
             const char *name)
{
  g_autofree char *body = isplic_test_read_data (name);

  script (f, func, body);
}

/* The last request of @func, which must have come. (transfer full) */
static IsplicHostileRequest *
last_request (Fixture    *f,
              const char *func)
{
  guint n = isplic_hostile_count (f->server, func);
  IsplicHostileRequest *request;

  g_assert_cmpuint (n, >, 0);
  request = isplic_hostile_wait_request (f->server, func, n, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  return request;
}

static const char *
param (IsplicHostileRequest *request,
       const char           *name)
{
  return g_hash_table_lookup (request->params, name);
}

static GAsyncResult *
wait (Fixture *f)
{
  return isplic_test_wait_result (&f->r);
}

static void
assert_money (const IsplicMoney *money,
              gint64             amount,
              const char        *currency)
{
  g_assert_nonnull (money);
  g_assert_cmpint (money->amount, ==, amount);
  g_assert_cmpstr (money->currency, ==, currency);
}

/* ------------------------------------------------------------------------------------------ */
/* Balance                                                                                     */

static IsplicBalance *
get_balance (Fixture  *f,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_get_balance_async (f->client, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  return isplic_client_get_balance_finish (f->client, result, error);
}

static void
test_balance (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(IsplicBalance) balance = NULL;
  g_autoptr(GError) error = NULL;

  script_data (f, "dashboard.info", "money-dashboard.json");
  script_data (f, "dashboard.subaccount_credit", "money-credit.json");
  balance = get_balance (f, &error);
  g_assert_no_error (error);
  assert_money (&balance->balance, 12000, "EUR");
  assert_money (balance->credit_limit, 5000, "EUR");
  assert_money (balance->available, 3000, "EUR");
  g_assert_cmpuint (isplic_hostile_count (f->server, "notify"), ==, 0);
  g_clear_pointer (&balance, isplic_balance_free);

  /* dashboard.info unknown: the notification counter, spelt as billmgr spells it; a credit
   * call without access only leaves the credit out */
  isplic_hostile_clear_log (f->server);
  script (f, "dashboard.info", MISSED);
  script_data (f, "notify", "money-notify.json");
  script (f, "dashboard.subaccount_credit", ACCESS);
  balance = get_balance (f, &error);
  g_assert_no_error (error);
  assert_money (&balance->balance, 123456, "RUB");
  g_assert_null (balance->credit_limit);
  g_assert_null (balance->available);
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "notify");
    g_assert_cmpstr (param (request, "notifiaction"), ==, "count");
  }
  g_clear_pointer (&balance, isplic_balance_free);

  /* dashboard.info without a balance: the fallback as well */
  script (f, "dashboard.info", "{\"doc\":{\"elem\":{\"realbalance\":{}}}}");
  balance = get_balance (f, &error);
  g_assert_no_error (error);
  assert_money (&balance->balance, 123456, "RUB");
  g_clear_pointer (&balance, isplic_balance_free);

  /* neither offered: NOT_OFFERED, whichever refusal */
  script (f, "dashboard.info", ACCESS);
  script (f, "notify", MISSED);
  balance = get_balance (f, &error);
  g_assert_null (balance);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_assert_nonnull (strstr (error->message, "Function not found"));
  g_clear_error (&error);

  /* a broken dashboard and no notify: the dashboard's problem is reported */
  script (f, "dashboard.info", "<html>Bad gateway</html>");
  balance = get_balance (f, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);

  /* a real refusal of another kind is not hidden */
  script (f, "dashboard.info",
          "{\"doc\":{\"error\":{\"$type\":\"auth\",\"msg\":\"Bad password\"}}}");
  balance = get_balance (f, &error);
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_AUTH);
}

/* ------------------------------------------------------------------------------------------ */
/* Prices                                                                                      */

static void
test_prices (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) prices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicHostileRequest) request = NULL;
  IsplicPrice *business;

  script_data (f, "pricelist.export", "money-pricelist.json");
  isplic_client_get_prices_async (f->client, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  prices = isplic_client_get_prices_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prices->len, ==, 3);
  business = g_ptr_array_index (prices, 1);
  assert_money (isplic_price_get (business, 1), 4000, "EUR");
  assert_money (isplic_price_get (g_ptr_array_index (business->addons, 0), 1), 250, "EUR");
  request = last_request (f, "pricelist.export");
  g_assert_cmpstr (param (request, "elid"), ==, "1");
  g_assert_cmpstr (param (request, "onlyavailable"), ==, "on");
  g_clear_object (&result);
  g_clear_pointer (&prices, g_ptr_array_unref);

  /* a single object */
  script_data (f, "pricelist.export", "money-pricelist-one.json");
  isplic_client_get_prices_async (f->client, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  prices = isplic_client_get_prices_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prices->len, ==, 1);
  g_clear_object (&result);
  g_clear_pointer (&prices, g_ptr_array_unref);

  script (f, "pricelist.export", MISSED);
  isplic_client_get_prices_async (f->client, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  g_assert_null (isplic_client_get_prices_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);
  g_clear_object (&result);

  script (f, "pricelist.export", "{\"doc\":{\"pricelist\":\"none\"}}");
  isplic_client_get_prices_async (f->client, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  g_assert_null (isplic_client_get_prices_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
}

/* ------------------------------------------------------------------------------------------ */
/* Quotes                                                                                      */

static IsplicQuote *
order_quote (Fixture                 *f,
             const IsplicOrderParams *params,
             GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_order_quote_async (f->client, params, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  return isplic_client_order_quote_finish (f->client, result, error);
}

static void
test_order_quote (Fixture       *f,
                  gconstpointer  data)
{
  IsplicOrderParams params = { "55230", 1, 0, "web-01", "203.0.113.10", 2, FALSE };
  g_autoptr(IsplicQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  script_data (f, "soft.order.param", "money-order-quote.json");
  quote = order_quote (f, &params, &error);
  g_assert_no_error (error);
  assert_money (quote->total, 5600, "EUR");
  g_assert_cmpuint (quote->periods->len, ==, 2);
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "soft.order.param");

    /* the form, not the order */
    g_assert_null (param (request, "sok"));
    g_assert_null (param (request, "clicked_button"));
    g_assert_cmpstr (param (request, "pricelist"), ==, "55230");
    g_assert_cmpstr (param (request, "period"), ==, "1");
    g_assert_cmpstr (param (request, "addon_55236"), ==, "2");
    g_assert_cmpstr (param (request, "licname"), ==, "web-01");
    g_assert_cmpstr (param (request, "ip"), ==, "203.0.113.10");
    g_assert_cmpstr (param (request, "skipbasket"), ==, "on");
    g_assert_cmpstr (param (request, "autoprolong"), ==, "null");
  }
  g_clear_pointer (&quote, isplic_quote_free);

  /* nested in doc.doc, Russian; a form half filled (no valid IP yet) still gets a quote */
  params.tariff_id = "55227";
  params.period = 12;
  params.ip = "203.0.113";
  script_data (f, "soft.order.param", "money-order-quote-ru.json");
  quote = order_quote (f, &params, &error);
  g_assert_no_error (error);
  assert_money (quote->total, 450000, "RUB");
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "soft.order.param");
    g_assert_null (param (request, "ip"));
    g_assert_null (param (request, "addon_55236"));
  }
  g_clear_pointer (&quote, isplic_quote_free);

  /* a form without a total: a quote without one */
  script (f, "soft.order.param", "{\"doc\":{\"pricelist\":{\"$\":\"55227\"}}}");
  quote = order_quote (f, &params, &error);
  g_assert_no_error (error);
  g_assert_null (quote->total);
  g_clear_pointer (&quote, isplic_quote_free);

  /* refused locally: nothing sent */
  isplic_hostile_clear_log (f->server);
  params.tariff_id = "99999";
  quote = order_quote (f, &params, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  params.tariff_id = "55227";
  params.period = 5;
  quote = order_quote (f, &params, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft.order.param"), ==, 0);

  /* a value error is the server's refusal, not "not offered" */
  params.period = 1;
  script (f, "soft.order.param", "{\"doc\":{\"error\":{\"$type\":\"value\",\"$object\":\"ip\","
          "\"msg\":{\"$\":\"The 'IP' field has invalid value.\"}}}}");
  quote = order_quote (f, &params, &error);
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
}

static IsplicRenewalQuote *
renew_quote (Fixture            *f,
             const char * const *ids,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_renew_quote_async (f->client, ids, 12, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  return isplic_client_renew_quote_finish (f->client, result, error);
}

static void
test_renew_quote (Fixture       *f,
                  gconstpointer  data)
{
  const char * const one[] = { "3100001", NULL };
  const char * const two[] = { "3100001", "3100002", "3100001", NULL };
  g_autoptr(IsplicRenewalQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  script_data (f, "service.prolong", "money-prolong-quote.json");
  quote = renew_quote (f, one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->items->len, ==, 1);
  assert_money (quote->total, 6000, "EUR");
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "service.prolong");
    g_assert_null (param (request, "sok"));
    g_assert_cmpstr (param (request, "elid"), ==, "3100001");
    g_assert_cmpstr (param (request, "period"), ==, "12");
  }
  g_clear_pointer (&quote, isplic_renewal_quote_free);

  script_data (f, "groupedit", "money-group-prolong.json");
  quote = renew_quote (f, two, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->items->len, ==, 2);
  assert_money (quote->total, 46000, "EUR");
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "groupedit");
    g_assert_cmpstr (param (request, "faction"), ==, "service.prolong");
    g_assert_cmpstr (param (request, "elid"), ==, "3100001, 3100002");
    g_assert_null (param (request, "sok"));
  }
  g_clear_pointer (&quote, isplic_renewal_quote_free);

  script (f, "groupedit", ACCESS);
  quote = renew_quote (f, two, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);

  /* an unknown license is not "not offered" */
  script (f, "service.prolong", "{\"doc\":{\"error\":{\"$type\":\"missed\",\"$object\":\"elid\","
          "\"msg\":{\"$\":\"License not found\"}}}}");
  quote = renew_quote (f, one, &error);
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_MISSED);
}

static void
test_tariff_change (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsplicTariffQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  script_data (f, "service.changepricelist.pricelist", "money-changepricelist.json");
  isplic_client_change_tariff_quote_async (f->client, "3100001", "55230", 0, NULL,
                                           isplic_test_result_cb, &f->r);
  result = wait (f);
  quote = isplic_client_change_tariff_quote_finish (f->client, result, &error);
  g_assert_no_error (error);
  assert_money (quote->old_price, 5000, "EUR");
  assert_money (quote->new_price, 40000, "EUR");
  assert_money (quote->charge, 23333, "EUR");
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "service.changepricelist.pricelist");
    g_assert_cmpstr (param (request, "elid"), ==, "3100001");
    g_assert_cmpstr (param (request, "pricelist"), ==, "55230");
    g_assert_null (param (request, "sok"));
  }
  g_clear_object (&result);

  /* confirmed by getmoney with ok */
  script (f, "service.changepricelist.getmoney", ISPLIC_HOSTILE_DOC_OK);
  isplic_client_change_tariff_pay_async (f->client, "3100001", "55230", 0, NULL,
                                         isplic_test_result_cb, &f->r);
  result = wait (f);
  g_assert_true (isplic_client_change_tariff_pay_finish (f->client, result, &error));
  g_assert_no_error (error);
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "service.changepricelist.getmoney");
    g_assert_cmpstr (param (request, "sok"), ==, "ok");
  }
  g_clear_object (&result);

  /* the money call: without ok, lost, or busy — outcome unknown or not processed; never sent
   * twice */
  {
    IsplicHostileBehaviour *behaviours[] = {
      isplic_hostile_body (200, "{\"doc\":{\"money_info\":{\"$\":\"233.33 EUR\"}}}"),
      isplic_hostile_behaviour_new (ISPLIC_HOSTILE_DROP),
      isplic_hostile_status (503, NULL, NULL),
      isplic_hostile_body (200, MISSED),
      isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_EMPTY),
    };
    const int codes[] = {
      ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN,
      ISPLIC_CLIENT_ERROR_BUSY, ISPLIC_CLIENT_ERROR_NOT_OFFERED,
      ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN,
    };

    for (guint i = 0; i < G_N_ELEMENTS (behaviours); i++)
      {
        isplic_hostile_clear_log (f->server);
        isplic_hostile_script (f->server, "service.changepricelist.getmoney", behaviours[i],
                               NULL);
        isplic_client_change_tariff_pay_async (f->client, "3100001", "55230", 0, NULL,
                                               isplic_test_result_cb, &f->r);
        result = wait (f);
        g_assert_false (isplic_client_change_tariff_pay_finish (f->client, result, &error));
        g_assert_error (error, ISPLIC_CLIENT_ERROR, codes[i]);
        g_clear_error (&error);
        g_clear_object (&result);
        isplic_test_spin (100);
        g_assert_cmpuint (isplic_hostile_count (f->server, "service.changepricelist.getmoney"),
                          ==, 1);
      }
  }

  /* an error given as an array: a refusal with all its messages, sent once */
  isplic_hostile_clear_log (f->server);
  script (f, "service.changepricelist.getmoney", ISPLIC_HOSTILE_DOC_ERROR_ARRAY);
  isplic_client_change_tariff_pay_async (f->client, "3100001", "55230", 0, NULL,
                                         isplic_test_result_cb, &f->r);
  result = wait (f);
  g_assert_false (isplic_client_change_tariff_pay_finish (f->client, result, &error));
  g_assert_true (error->domain == ISPLIC_BILLMGR_ERROR);
  g_assert_nonnull (strstr (error->message, "Insufficient funds"));
  g_assert_nonnull (strstr (error->message, "Required amount 10.00"));
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.changepricelist.getmoney"), ==, 1);

  /* unknown tariff: nothing sent */
  isplic_hostile_clear_log (f->server);
  isplic_client_change_tariff_pay_async (f->client, "3100001", "1", 0, NULL,
                                         isplic_test_result_cb, &f->r);
  result = wait (f);
  g_assert_false (isplic_client_change_tariff_pay_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.changepricelist.getmoney"), ==, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Cart                                                                                        */

static gboolean
cart_remove (Fixture    *f,
             const char *body,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  script (f, "basket", body);
  isplic_client_cart_remove_async (f->client, "901", NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  return isplic_client_cart_remove_finish (f->client, result, error);
}

static gboolean
cart_clear (Fixture    *f,
            const char *body,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  script (f, "basket", body);
  isplic_client_cart_clear_async (f->client, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  return isplic_client_cart_clear_finish (f->client, result, error);
}

static void
test_cart (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *full = isplic_test_read_data ("money-basket.json");
  const char *without_901 =
    "{\"doc\":{\"total_sum\":{\"$\":\"400.00 EUR\"},\"list\":{\"$name\":\"itemlist\",\"elem\":"
    "{\"id\":{\"$\":\"902\"},\"cost\":{\"$\":\"400.00 EUR\"}}}}}";
  const char *empty = "{\"doc\":{\"total_sum\":{\"$\":\"0.00 EUR\"},"
                      "\"list\":{\"$name\":\"itemlist\"}}}";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsplicCart) cart = NULL;
  g_autoptr(GError) error = NULL;

  script (f, "basket", full);
  isplic_client_get_cart_async (f->client, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  cart = isplic_client_get_cart_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cart->items->len, ==, 2);
  assert_money (cart->total, 46000, "EUR");
  assert_money (((IsplicCartItem *) g_ptr_array_index (cart->items, 1))->cost, 40000, "EUR");

  /* removal: ok, or the cart without the item */
  g_assert_true (cart_remove (f, ISPLIC_HOSTILE_DOC_OK, &error));
  g_assert_no_error (error);
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "basket");
    g_assert_cmpstr (param (request, "id"), ==, "901");
    g_assert_cmpstr (param (request, "clicked_button"), ==, "delete");
  }
  g_assert_true (cart_remove (f, without_901, &error));
  g_assert_no_error (error);
  /* the cart still with the item, or nothing: not confirmed */
  g_assert_false (cart_remove (f, full, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
  g_clear_error (&error);
  g_assert_false (cart_remove (f, ISPLIC_HOSTILE_DOC_EMPTY, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
  g_clear_error (&error);
  g_assert_false (cart_remove (f, MISSED, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);

  /* emptying: ok, or an empty cart */
  g_assert_true (cart_clear (f, empty, &error));
  g_assert_no_error (error);
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "basket");
    g_assert_cmpstr (param (request, "clicked_button"), ==, "clearbasket");
  }
  g_assert_true (cart_clear (f, ISPLIC_HOSTILE_DOC_OK, &error));
  g_assert_false (cart_clear (f, without_901, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
  g_clear_error (&error);

  /* a change is never resent: a busy server is reported */
  isplic_hostile_clear_log (f->server);
  isplic_hostile_script (f->server, "basket", isplic_hostile_status (503, NULL, NULL), NULL);
  isplic_client_cart_clear_async (f->client, NULL, isplic_test_result_cb, &f->r);
  g_clear_object (&result);
  result = wait (f);
  g_assert_false (isplic_client_cart_clear_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_BUSY);
  g_assert_cmpuint (isplic_hostile_count (f->server, "basket"), ==, 1);
}

/* ------------------------------------------------------------------------------------------ */
/* History                                                                                     */

static char *
history_page (guint first,
              guint n,
              int   p_elems)
{
  GString *body = g_string_new ("{\"doc\":{\"elem\":[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"changedate\":{\"$\":\"2026-03-01 10:%02u:00\"},"
                            "\"desc\":{\"$\":\"change %u\"},\"user\":{\"$\":\"u\"}}",
                            i > 0 ? "," : "", (first + i) % 60, first + i);
  g_string_append (body, "]");
  if (p_elems >= 0)
    g_string_append_printf (body, ",\"p_elems\":{\"$\":\"%d\"}", p_elems);
  g_string_append (body, "}}");
  return g_string_free (body, FALSE);
}

static GPtrArray *
get_history (Fixture  *f,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_get_history_async (f->client, "3100001", NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  return isplic_client_get_history_finish (f->client, result, error);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *page1 = history_page (0, 2, 3);
  g_autofree char *page2 = history_page (2, 1, 3);
  g_autofree char *uncounted = history_page (0, 2, -1);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  IsplicHistoryEntry *entry;

  isplic_client_set_page_size (f->client, 2);

  /* two pages up to p_elems */
  isplic_hostile_script (f->server, "service.history", isplic_hostile_body (200, page1),
                         isplic_hostile_body (200, page2), NULL);
  entries = get_history (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  entry = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (entry->desc, ==, "change 2");
  g_assert_cmpint (g_date_time_get_minute (entry->date), ==, 2);
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "service.history");
    g_assert_cmpstr (param (request, "elid"), ==, "3100001");
    g_assert_cmpstr (param (request, "p_cnt"), ==, "2");
    g_assert_cmpstr (param (request, "p_num"), ==, "2");
  }
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.history"), ==, 2);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* a server that ignores p_num and gives no count: the repeated page ends it */
  isplic_hostile_clear_log (f->server);
  script (f, "service.history", uncounted);
  entries = get_history (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.history"), ==, 2);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* full pages of new entries for ever, no count: stopped at the bound */
  {
    g_autoptr(GString) json = g_string_new ("{\"service.history\":[");

    for (guint i = 0; i < 105; i++)
      {
        g_autofree char *page = history_page (i * 2, 2, -1);
        g_autofree char *quoted = isplic_test_json_quote (page);

        g_string_append_printf (json, "%s{\"kind\":\"body\",\"body\":%s}", i > 0 ? "," : "",
                                quoted);
      }
    g_string_append (json, "]}");
    isplic_hostile_clear_log (f->server);
    g_assert_true (isplic_hostile_load_script (f->server, json->str, &error));
    g_assert_no_error (error);
  }
  entries = get_history (f, &error);
  g_assert_null (entries);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_PAGING);
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.history"), ==, 100);
  g_clear_error (&error);

  script (f, "service.history", ACCESS);
  entries = get_history (f, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
  g_clear_error (&error);

  script (f, "service.history", "[]");
  entries = get_history (f, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
}

/* ------------------------------------------------------------------------------------------ */
/* Auto-renewal and nodes                                                                      */

static gboolean
set_auto_renew (Fixture  *f,
                int       months,
                GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_set_auto_renew_async (f->client, "3100001", months, NULL,
                                      isplic_test_result_cb, &f->r);
  result = wait (f);
  return isplic_client_set_auto_renew_finish (f->client, result, error);
}

static void
test_auto_renew (Fixture       *f,
                 gconstpointer  data)
{
  const struct { int months; const char *sent; } cases[] = { { 0, "null" }, { 1, "1" },
                                                             { 12, "12" } };
  g_autoptr(GError) error = NULL;

  script (f, "soft.edit", ISPLIC_HOSTILE_DOC_OK);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IsplicHostileRequest) request = NULL;

      g_assert_true (set_auto_renew (f, cases[i].months, &error));
      g_assert_no_error (error);
      request = last_request (f, "soft.edit");
      g_assert_cmpstr (param (request, "autoprolong"), ==, cases[i].sent);
      g_assert_cmpstr (param (request, "sok"), ==, "ok");
      g_assert_cmpstr (param (request, "elid"), ==, "3100001");
    }

  script (f, "soft.edit", "{\"doc\":{\"autoprolong\":{\"$\":\"1\"}}}");
  g_assert_false (set_auto_renew (f, 1, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
  g_clear_error (&error);

  isplic_hostile_clear_log (f->server);
  g_assert_false (set_auto_renew (f, 6, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft.edit"), ==, 0);
}

static gboolean
set_nodes (Fixture  *f,
           guint     nodes,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_set_nodes_async (f->client, "3100001", nodes, NULL, isplic_test_result_cb,
                                 &f->r);
  result = wait (f);
  return isplic_client_set_nodes_finish (f->client, result, error);
}

static void
test_nodes (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsplicQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  script (f, "soft.edit", "{\"doc\":{\"addon_55236\":{\"$\":\"3\"},\"orderinfo\":{\"$\":"
          "\"<div>Nodes: 3</div><div>Total amount: 7.50&nbsp;€</div>\"}}}");
  isplic_client_nodes_quote_async (f->client, "3100001", 3, NULL, isplic_test_result_cb, &f->r);
  result = wait (f);
  quote = isplic_client_nodes_quote_finish (f->client, result, &error);
  g_assert_no_error (error);
  assert_money (quote->total, 750, "EUR");
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "soft.edit");
    g_assert_cmpstr (param (request, "addon_55236"), ==, "3");
    g_assert_null (param (request, "sok"));
  }

  script (f, "soft.edit", ISPLIC_HOSTILE_DOC_OK);
  g_assert_true (set_nodes (f, 3, &error));
  g_assert_no_error (error);
  {
    g_autoptr(IsplicHostileRequest) request = last_request (f, "soft.edit");
    g_assert_cmpstr (param (request, "addon_55236"), ==, "3");
    g_assert_cmpstr (param (request, "sok"), ==, "ok");
  }

  /* it costs money and the server wants payment first: not confirmed, never resent */
  isplic_hostile_clear_log (f->server);
  script (f, "soft.edit", "{\"doc\":{\"orderinfo\":{\"$\":\"Total amount: 7.50 EUR\"}}}");
  g_assert_false (set_nodes (f, 3, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);
  isplic_test_spin (100);
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft.edit"), ==, 1);

  /* the answer lost after the server charged: outcome unknown, never resent */
  isplic_hostile_clear_log (f->server);
  isplic_hostile_script (f->server, "soft.edit",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_DROP), NULL);
  g_assert_false (set_nodes (f, 3, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);
  isplic_test_spin (100);
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft.edit"), ==, 1);

  /* refused */
  script (f, "soft.edit", ISPLIC_HOSTILE_DOC_ERROR_ARRAY);
  g_assert_false (set_nodes (f, 3, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_OTHER);
  g_assert_nonnull (strstr (error->message, "Insufficient funds"));
  g_clear_error (&error);

  isplic_hostile_clear_log (f->server);
  g_assert_false (set_nodes (f, 0, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (set_nodes (f, ISPLIC_NODES_MAX + 1, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft.edit"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/client-money/balance", test_balance);
  ADD ("/client-money/prices", test_prices);
  ADD ("/client-money/order-quote", test_order_quote);
  ADD ("/client-money/renew-quote", test_renew_quote);
  ADD ("/client-money/tariff-change", test_tariff_change);
  ADD ("/client-money/cart", test_cart);
  ADD ("/client-money/history", test_history);
  ADD ("/client-money/auto-renew", test_auto_renew);
  ADD ("/client-money/nodes", test_nodes);
#undef ADD

  return g_test_run ();
}
