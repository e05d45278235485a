/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator's money and history (issue 8, billmgr-api.md §10) over real HTTP on loopback:
 * the wire shape of every function, quotes that equal what is then charged, the
 * insufficient-funds refusal that changes nothing, free cart orders and trials, history entries
 * with a time, switched-off functions and the state file round trip.
 */
#include <glib/gstdio.h>

#include "test-sim-fixture.h"

/* "560.00 EUR" / "-3.50 EUR" → cents. */
static gint64
cents_of (const char *text)
{
  gint64 cents;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, " EUR"));
  g_assert_true (isplic_sim_parse_amount (text, &cents, &error));
  g_assert_no_error (error);
  return cents;
}

/* The amount after "Total amount: " in an orderinfo HTML fragment. */
static gint64
total_of (const char *html)
{
  const char *p = strstr (html, "Total amount: ");
  const char *end;
  g_autofree char *amount = NULL;

  g_assert_nonnull (p);
  p += strlen ("Total amount: ");
  end = strstr (p, " EUR");
  g_assert_nonnull (end);
  amount = g_strndup (p, end + 4 - p);
  return cents_of (amount);
}

static gint64
balance (Fixture *f)
{
  g_autoptr(JsonNode) root = call (f, "func=dashboard.info");
  JsonArray *elem = json_object_get_array_member (doc (root), "elem");
  gint64 cents;

  g_assert_cmpuint (json_array_get_length (elem), ==, 1);
  cents = cents_of (val (json_array_get_object_element (elem, 0), "realbalance"));
  g_assert_cmpint (cents, ==, isplic_sim_get_balance (f->sim));
  return cents;
}

static void
assert_ok (JsonNode *root)
{
  g_assert_false (json_object_has_member (doc (root), "error"));
  g_assert_true (json_object_has_member (doc (root), "ok"));
}

/* The insufficient-funds refusal for @need with @have and @limit (cents). */
static void
assert_no_money (JsonNode   *root,
                 const char *need,
                 const char *have,
                 const char *limit)
{
  JsonObject *e = error_of (root);
  g_autofree char *text = g_strdup_printf ("insufficient funds to complete the operation. "
                                           "Required amount %s. Your current balance: %s, "
                                           "credit limit %s", need, have, limit);

  assert_error (root, "money", "balance");
  g_assert_nonnull (strstr (val (e, "msg"), text));
}

static JsonObject *
history_elem (JsonNode *root,
              guint     i)
{
  JsonObject *d = doc (root);
  JsonNode *elem = json_object_get_member (d, "elem");

  g_assert_nonnull (elem);
  if (JSON_NODE_HOLDS_OBJECT (elem))
    {
      g_assert_cmpuint (i, ==, 0);
      return json_node_get_object (elem);
    }
  return json_array_get_object_element (json_node_get_array (elem), i);
}

static gboolean
is_date_time (const char *text)
{
  return g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$", text, 0, 0);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_balance_functions (Fixture       *f,
                        gconstpointer  data)
{
  isplic_sim_set_balance (f->sim, 12000);
  isplic_sim_set_credit_limit (f->sim, 5000);
  g_assert_cmpint (balance (f), ==, 12000);
  {
    g_autoptr(JsonNode) root = call (f, "func=dashboard.info");
    JsonObject *e = json_array_get_object_element (json_object_get_array_member (doc (root),
                                                                                 "elem"), 0);

    g_assert_cmpstr (val (e, "realbalance"), ==, "120.00 EUR");
  }
  {
    g_autoptr(JsonNode) root = call (f, "func=notify&notifiaction=count");

    g_assert_cmpstr (val (doc (root), "realbalance"), ==, "120.00 EUR");
  }
  {
    g_autoptr(JsonNode) root = call (f, "func=dashboard.subaccount_credit");
    JsonObject *e = json_array_get_object_element (json_object_get_array_member (doc (root),
                                                                                 "elem"), 0);

    g_assert_cmpstr (val (e, "credit"), ==, "50.00 EUR");
    g_assert_cmpstr (val (e, "available_credit"), ==, "50.00 EUR");
  }
  {
    g_autoptr(JsonNode) root = call (f, "func=whoami");
    JsonObject *u = json_object_get_object_member (doc (root), "user");

    g_assert_cmpstr (json_object_get_string_member (u, "$id"), ==, "1");
    g_assert_cmpstr (json_object_get_string_member (u, "$email"), ==, USER);
    g_assert_nonnull (json_object_get_string_member (u, "$realname"));
  }
  /* On credit: the balance is negative and the available credit shrinks. */
  isplic_sim_set_balance (f->sim, -1250);
  {
    g_autoptr(JsonNode) root = call (f, "func=dashboard.subaccount_credit");
    JsonObject *e = json_array_get_object_element (json_object_get_array_member (doc (root),
                                                                                 "elem"), 0);

    g_assert_cmpstr (val (e, "available_credit"), ==, "37.50 EUR");
  }
  g_assert_cmpint (balance (f), ==, -1250);
  {
    g_autoptr(JsonNode) root = call (f, "func=notify&notifiaction=count");

    g_assert_cmpstr (val (doc (root), "realbalance"), ==, "-12.50 EUR");
  }
  /* The default of a new simulator. */
  {
    g_autoptr(IsplicSim) sim = isplic_sim_new ();

    g_assert_cmpint (isplic_sim_get_balance (sim), ==, 50000);
    g_assert_cmpint (isplic_sim_get_credit_limit (sim), ==, 0);
  }
}

static JsonObject *
find_pricelist (JsonArray  *list,
                const char *id)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (val (o, "id"), id) == 0)
        return o;
    }
  g_assert_not_reached ();
}

static const char *
period_cost (JsonObject *pricelist,
             const char *length)
{
  JsonObject *price = json_object_get_object_member (pricelist, "price");
  JsonArray *periods = json_object_get_array_member (price, "period");

  g_assert_cmpstr (json_object_get_string_member (price, "$currency"), ==, "EUR");
  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonObject *p = json_array_get_object_element (periods, i);

      if (g_strcmp0 (json_object_get_string_member (p, "$length"), length) == 0)
        {
          g_assert_nonnull (json_object_get_string_member (p, "$type"));
          return json_object_get_string_member (p, "$cost");
        }
    }
  return NULL;
}

static void
test_pricelist (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) root = call (f, "func=pricelist.export&elid=1&onlyavailable=on");
  JsonArray *list = json_object_get_array_member (doc (root), "pricelist");
  JsonObject *lite, *biz, *trial, *addon;

  g_assert_cmpuint (json_array_get_length (list), ==, 6);
  lite = find_pricelist (list, "55227");
  g_assert_cmpstr (val (lite, "name"), ==, "ispmanager 6 Lite");
  g_assert_cmpstr (val (lite, "itemtype"), ==, "soft");
  g_assert_cmpstr (val (lite, "active"), ==, "on");
  g_assert_cmpstr (period_cost (lite, "1"), ==, "5.00");
  g_assert_cmpstr (period_cost (lite, "12"), ==, "50.00");
  g_assert_cmpstr (period_cost (find_pricelist (list, "55228"), "12"), ==, "100.00");
  g_assert_cmpstr (period_cost (find_pricelist (list, "55229"), "1"), ==, "20.00");
  trial = find_pricelist (list, "55239");
  g_assert_null (period_cost (trial, "1"));
  g_assert_cmpstr (period_cost (trial, "14"), ==, "0.00");
  g_assert_false (json_object_has_member (lite, "addon"));

  biz = find_pricelist (list, "55230");
  g_assert_cmpstr (period_cost (biz, "12"), ==, "400.00");
  addon = json_array_get_object_element (json_object_get_array_member (biz, "addon"), 0);
  g_assert_cmpstr (val (addon, "id"), ==, "55236");
  g_assert_cmpstr (val (addon, "intname"), ==, "nodes");
  g_assert_cmpstr (val (addon, "addonmin"), ==, "1");
  g_assert_cmpstr (val (addon, "addonlimit"), ==, "1000");
  g_assert_nonnull (val (addon, "measure"));
  g_assert_cmpstr (period_cost (addon, "1"), ==, "8.00");
  g_assert_cmpstr (period_cost (addon, "12"), ==, "80.00");

  /* One tariff: a single object (out=sjson: still an array). */
  {
    g_autoptr(JsonNode) one = call (f, "func=pricelist.export&pricelist=55228");
    g_autoptr(JsonNode) arr = call (f, "func=pricelist.export&pricelist=55228&out=sjson");
    JsonObject *o = json_object_get_object_member (doc (one), "pricelist");

    g_assert_cmpstr (val (o, "id"), ==, "55228");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc (arr),
                                                                           "pricelist")), ==, 1);
  }
  /* Without a login too. */
  {
    g_autofree char *url = g_strdup_printf ("%s?func=pricelist.export&out=json", f->url);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) anon = NULL;

    body = send (f, msg, NULL, &error);
    g_assert_no_error (error);
    anon = parse (body);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc (anon),
                                                                           "pricelist")), ==, 6);
  }
}

/* The order form's quote equals the charge; cart orders and trials are free. */
static void
test_order_charge (Fixture       *f,
                   gconstpointer  data)
{
  const char *params = "pricelist=55230&period=12&addon_55236=3&licname=biz&ip=198.51.100.90";
  g_autofree char *form = g_strdup_printf ("func=soft.order.param&%s", params);
  g_autoptr(JsonNode) quote = call (f, form);
  JsonObject *d = doc (quote);
  JsonArray *slist = json_object_get_array_member (d, "slist");
  gint64 total, before;
  g_autofree char *id = NULL;
  gboolean saw_period = FALSE;

  g_assert_false (json_object_has_member (d, "ok"));
  total = total_of (val (d, "orderinfo"));
  g_assert_cmpint (total, ==, 40000 + 2 * 8000);
  g_assert_nonnull (strstr (val (d, "orderinfo"), "Total amount: 560.00 EUR"));
  for (guint i = 0; i < json_array_get_length (slist); i++)
    {
      JsonObject *s = json_array_get_object_element (slist, i);
      JsonArray *vals = json_object_get_array_member (s, "val");

      if (g_strcmp0 (json_object_get_string_member (s, "$name"), "period") != 0)
        continue;
      saw_period = TRUE;
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (vals, 0),
                                                      "$cost"), ==, "56.00");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (vals, 1),
                                                      "$cost"), ==, "560.00");
    }
  g_assert_true (saw_period);

  isplic_sim_set_balance (f->sim, 60000);
  before = balance (f);
  id = order (f, params);
  g_assert_cmpint (balance (f), ==, before - total);

  /* A month of Lite, quoted then ordered. */
  {
    g_autoptr(JsonNode) q = call (f, "func=soft.order.param&pricelist=55227&period=1");
    g_autofree char *lid = NULL;

    before = balance (f);
    g_assert_cmpint (total_of (val (doc (q), "orderinfo")), ==, 500);
    lid = order (f, "pricelist=55227&period=1&licname=l&ip=198.51.100.91");
    g_assert_cmpint (balance (f), ==, before - 500);
  }

  /* Cart orders and trials cost nothing now. */
  before = balance (f);
  {
    g_autoptr(JsonNode) cart = call (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                        "&pricelist=55229&period=12&licname=c&ip=198.51.100.92");

    assert_ok (cart);
    g_assert_nonnull (val (doc (cart), "billorder"));
  }
  {
    g_autoptr(JsonNode) q = call (f, "func=soft.order.param&pricelist=55239");

    g_assert_cmpint (total_of (val (doc (q), "orderinfo")), ==, 0);
    g_free (order (f, "pricelist=55239&period=-100&licname=t&ip=198.51.100.93"));
  }
  g_assert_cmpint (balance (f), ==, before);
}

static void
test_insufficient (Fixture       *f,
                   gconstpointer  data)
{
  guint n = isplic_sim_get_n_licenses (f->sim);
  g_autofree char *id = order (f, "pricelist=55227&period=1&licname=poor&ip=198.51.100.100");
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonNode) dump_before = NULL;
  g_autoptr(JsonNode) dump_after = NULL;

  isplic_sim_set_balance (f->sim, 1000);
  before = lookup (f, id);
  dump_before = isplic_sim_dump (f->sim);

  {
    g_autoptr(JsonNode) r = call (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                     "&skipbasket=on&pricelist=55228&period=12&licname=x"
                                     "&ip=198.51.100.101");

    assert_no_money (r, "100.00 EUR", "10.00 EUR", "0.00 EUR");
  }
  {
    g_autofree char *form = g_strdup_printf ("func=service.prolong&sok=ok&period=12&elid=%s", id);
    g_autoptr(JsonNode) r = call (f, form);

    assert_no_money (r, "50.00 EUR", "10.00 EUR", "0.00 EUR");
  }
  {
    g_autofree char *form = g_strdup_printf ("func=service.changepricelist.getmoney&sok=ok"
                                             "&pricelist=55230&elid=%s", id);
    g_autoptr(JsonNode) r = call (f, form);

    assert_error (r, "money", "balance");
  }
  {
    g_autofree char *form = g_strdup_printf ("func=service.changepricelist&sok=ok"
                                             "&pricelist=55230&elid=%s", id);
    g_autoptr(JsonNode) r = call (f, form);

    assert_error (r, "money", "balance");
  }
  /* In Russian. */
  {
    g_autoptr(JsonNode) r = call (f, "lang=ru&func=soft.order.param&sok=ok&clicked_button=finish"
                                     "&skipbasket=on&pricelist=55228&period=12&licname=x"
                                     "&ip=198.51.100.101");

    assert_error (r, "money", "balance");
    g_assert_nonnull (strstr (val (error_of (r), "msg"), "Недостаточно средств"));
    g_assert_nonnull (strstr (val (error_of (r), "msg"), "100.00 EUR"));
  }

  /* Nothing changed: licenses, the license, the balance, the history. */
  dump_after = isplic_sim_dump (f->sim);
  g_assert_true (json_node_equal (dump_before, dump_after));
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, n + 1);
  g_assert_cmpint (balance (f), ==, 1000);
  {
    g_autoptr(JsonObject) after = lookup (f, id);

    g_assert_cmpstr (json_object_get_string_member (after, "expiredate"), ==,
                     json_object_get_string_member (before, "expiredate"));
    g_assert_cmpstr (json_object_get_string_member (after, "pricelist"), ==, "55227");
  }

  /* The credit limit covers it: the balance goes below zero. */
  isplic_sim_set_credit_limit (f->sim, 10000);
  g_free (order (f, "pricelist=55228&period=12&licname=x&ip=198.51.100.101"));
  g_assert_cmpint (balance (f), ==, 1000 - 10000);
  {
    g_autoptr(JsonNode) r = call (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                     "&skipbasket=on&pricelist=55227&period=12&licname=y"
                                     "&ip=198.51.100.102");

    assert_no_money (r, "50.00 EUR", "-90.00 EUR", "100.00 EUR");
  }
}

/* Renewal of one license and of a group: the quoted cost is what is charged. */
static void
test_renew_charge (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a = order (f, "pricelist=55227&period=1&licname=ra&ip=198.51.100.110");
  g_autofree char *b = order (f, "pricelist=55229&period=12&licname=rb&ip=198.51.100.111");
  g_autoptr(JsonObject) la = lookup (f, a);
  g_autoptr(JsonObject) lb = lookup (f, b);
  gint64 before;

  {
    g_autofree char *form = g_strdup_printf ("func=service.prolong&elid=%s&period=12", a);
    g_autoptr(JsonNode) q = call (f, form);
    JsonObject *d = doc (q);
    g_autofree char *newdate = today_plus_months (json_object_get_string_member (la, "expiredate"),
                                                  12);

    g_assert_false (json_object_has_member (d, "ok"));
    g_assert_cmpstr (val (d, "cost"), ==, "50.00 EUR");
    g_assert_cmpint (total_of (val (d, "orderinfo")), ==, 5000);
    g_assert_cmpstr (val (d, "newexpiredate"), ==, newdate);
  }

  /* The bulk form: per license the new expiry and cost, and the total. */
  {
    g_autofree char *form = g_strdup_printf ("func=groupedit&faction=service.prolong"
                                             "&elid=%s, %s&period=1", a, b);
    g_autoptr(JsonNode) q = call (f, form);
    JsonObject *d = doc (q);
    JsonArray *elem = json_object_get_array_member (d, "elem");
    JsonObject *ea = json_array_get_object_element (elem, 0);
    JsonObject *eb = json_array_get_object_element (elem, 1);
    g_autofree char *na = today_plus_months (json_object_get_string_member (la, "expiredate"), 1);
    g_autofree char *nb = today_plus_months (json_object_get_string_member (lb, "expiredate"), 1);
    gint64 total = total_of (val (d, "orderinfo"));

    g_assert_cmpuint (json_array_get_length (elem), ==, 2);
    g_assert_cmpstr (val (ea, "id"), ==, a);
    g_assert_cmpstr (val (ea, "newexpiredate"), ==, na);
    g_assert_cmpstr (val (ea, "cost"), ==, "5.00 EUR");
    g_assert_cmpstr (val (eb, "newexpiredate"), ==, nb);
    g_assert_cmpstr (val (eb, "cost"), ==, "20.00 EUR");
    g_assert_cmpint (total, ==, 2500);
    g_assert_cmpstr (val (d, "cost"), ==, "25.00 EUR");

    before = balance (f);
    g_free (form);
    form = g_strdup_printf ("func=groupedit&faction=service.prolong&elid=%s, %s&period=1&sok=ok",
                            a, b);
    {
      g_autoptr(JsonNode) r = call (f, form);
      g_autoptr(JsonObject) a2 = lookup (f, a);
      g_autoptr(JsonObject) b2 = lookup (f, b);

      assert_ok (r);
      g_assert_cmpint (balance (f), ==, before - total);
      g_assert_cmpstr (json_object_get_string_member (a2, "expiredate"), ==, na);
      g_assert_cmpstr (json_object_get_string_member (b2, "expiredate"), ==, nb);
    }
  }

  /* service.prolong with a group charges the sum too. */
  {
    g_autofree char *form = g_strdup_printf ("func=service.prolong&elid=%s, %s&period=12", a, b);
    g_autoptr(JsonNode) q = call (f, form);
    gint64 total = total_of (val (doc (q), "orderinfo"));

    g_assert_cmpint (total, ==, 5000 + 20000);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc (q), "elem")),
                      ==, 2);
    before = balance (f);
    g_free (form);
    form = g_strdup_printf ("func=service.prolong&elid=%s, %s&period=12&sok=ok", a, b);
    {
      g_autoptr(JsonNode) r = call (f, form);

      assert_ok (r);
    }
    g_assert_cmpint (balance (f), ==, before - total);
  }

  /* Not enough for the group: neither is renewed. */
  isplic_sim_set_balance (f->sim, 2400);
  {
    g_autofree char *form = g_strdup_printf ("func=groupedit&faction=service.prolong"
                                             "&elid=%s, %s&period=1&sok=ok", a, b);
    g_autoptr(JsonObject) a1 = lookup (f, a);
    g_autoptr(JsonNode) r = call (f, form);
    g_autoptr(JsonObject) a2 = lookup (f, a);

    assert_no_money (r, "25.00 EUR", "24.00 EUR", "0.00 EUR");
    g_assert_cmpstr (json_object_get_string_member (a2, "expiredate"), ==,
                     json_object_get_string_member (a1, "expiredate"));
    g_assert_cmpint (balance (f), ==, 2400);
  }
}

/* Tariff change: the preview's charge is what getmoney (and the plain call) draws. */
static void
test_tariff_charge (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a = order (f, "pricelist=55227&period=12&licname=ta&ip=198.51.100.120");
  g_autofree char *b = order (f, "pricelist=55227&period=12&licname=tb&ip=198.51.100.121");
  g_autoptr(JsonObject) la = lookup (f, a);
  gint64 charge, before;

  {
    g_autofree char *form = g_strdup_printf ("func=service.changepricelist.pricelist&elid=%s"
                                             "&pricelist=55230&addon_55236=2", a);
    g_autoptr(JsonNode) q = call (f, form);
    JsonObject *d = doc (q);
    g_autoptr(JsonObject) still = lookup (f, a);

    g_assert_false (json_object_has_member (d, "ok"));
    g_assert_cmpstr (val (d, "oldpricelist"), ==, "ispmanager 6 Lite");
    g_assert_cmpstr (val (d, "newpricelist"), ==, "ispmanager 6 Business");
    g_assert_cmpstr (val (d, "oldprice"), ==, "50.00 EUR / Year");
    g_assert_cmpstr (val (d, "newprice"), ==, "480.00 EUR / Year");
    g_assert_cmpstr (val (d, "oldexpiredate"), ==,
                     json_object_get_string_member (la, "expiredate"));
    g_assert_cmpstr (val (d, "newexpiredate"), ==,
                     json_object_get_string_member (la, "expiredate"));
    charge = cents_of (val (d, "cost"));
    g_assert_cmpint (total_of (val (d, "money_info")), ==, charge);
    /* Ordered today: the whole year is left, the whole difference is due. */
    g_assert_cmpint (charge, ==, 48000 - 5000);
    /* A preview changes nothing. */
    g_assert_cmpstr (json_object_get_string_member (still, "pricelist"), ==, "55227");
  }
  before = balance (f);
  {
    g_autofree char *form = g_strdup_printf ("func=service.changepricelist.getmoney&sok=ok"
                                             "&elid=%s&pricelist=55230&addon_55236=2", a);
    g_autoptr(JsonNode) r = call (f, form);
    g_autoptr(JsonObject) now = lookup (f, a);

    assert_ok (r);
    g_assert_cmpstr (json_object_get_string_member (now, "pricelist"), ==, "55230");
    g_assert_cmpint (json_object_get_int_member (now, "nodes"), ==, 2);
  }
  g_assert_cmpint (balance (f), ==, before - charge);

  /* The plain call charges the same as its preview; a cheaper tariff costs nothing. */
  {
    g_autofree char *form = g_strdup_printf ("func=service.changepricelist.getmoney&elid=%s"
                                             "&pricelist=55228", b);
    g_autoptr(JsonNode) q = call (f, form);

    charge = cents_of (val (doc (q), "cost"));
    g_assert_cmpint (charge, ==, 10000 - 5000);
    before = balance (f);
    g_free (form);
    form = g_strdup_printf ("func=service.changepricelist&sok=ok&elid=%s&pricelist=55228", b);
    {
      g_autoptr(JsonNode) r = call (f, form);

      assert_ok (r);
    }
    g_assert_cmpint (balance (f), ==, before - charge);
    g_free (form);
    form = g_strdup_printf ("func=service.changepricelist&sok=ok&elid=%s&pricelist=55227", b);
    before = balance (f);
    {
      g_autoptr(JsonNode) r = call (f, form);

      assert_ok (r);
    }
    g_assert_cmpint (balance (f), ==, before);
  }

  /* A trial moved to a paid tariff pays the whole new period, which starts today. */
  {
    g_autofree char *t = order (f, "pricelist=55239&period=-100&licname=tt&ip=198.51.100.122");
    g_autofree char *form = g_strdup_printf ("func=service.changepricelist.pricelist&elid=%s"
                                             "&pricelist=55228&period=1", t);
    g_autoptr(JsonNode) q = call (f, form);
    g_autofree char *day = today ();
    g_autofree char *month = today_plus_months (day, 1);

    g_assert_cmpstr (val (doc (q), "cost"), ==, "10.00 EUR");
    g_assert_cmpstr (val (doc (q), "newexpiredate"), ==, month);
    before = balance (f);
    g_free (form);
    form = g_strdup_printf ("func=service.changepricelist.getmoney&sok=ok&elid=%s"
                            "&pricelist=55228&period=1", t);
    {
      g_autoptr(JsonNode) r = call (f, form);
      g_autoptr(JsonObject) now = lookup (f, t);

      assert_ok (r);
      g_assert_cmpstr (json_object_get_string_member (now, "expiredate"), ==, month);
    }
    g_assert_cmpint (balance (f), ==, before - 1000);
  }
}

/* Nodes of a Business license: the quote, the charge, the refusal; fewer are free. */
static void
test_nodes_charge (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = order (f, "pricelist=55230&period=1&addon_55236=2&licname=n"
                                  "&ip=198.51.100.130");
  g_autofree char *quote_form = g_strdup_printf ("func=soft.edit&elid=%s&addon_55236=5", id);
  g_autofree char *edit_form = g_strdup_printf ("func=soft.edit&elid=%s&addon_55236=5&sok=ok", id);
  g_autoptr(JsonNode) q = call (f, quote_form);
  gint64 total, before;

  g_assert_false (json_object_has_member (doc (q), "ok"));
  total = total_of (val (doc (q), "orderinfo"));
  /* Ordered today: the whole month is left. */
  g_assert_cmpint (total, ==, 3 * 800);

  isplic_sim_set_balance (f->sim, total - 1);
  {
    g_autoptr(JsonNode) r = call (f, edit_form);
    g_autoptr(JsonObject) lic = lookup (f, id);

    assert_no_money (r, "24.00 EUR", "23.99 EUR", "0.00 EUR");
    g_assert_cmpint (json_object_get_int_member (lic, "nodes"), ==, 2);
  }
  isplic_sim_set_balance (f->sim, 10000);
  before = balance (f);
  {
    g_autoptr(JsonNode) r = call (f, edit_form);
    g_autoptr(JsonObject) lic = lookup (f, id);

    assert_ok (r);
    g_assert_cmpint (json_object_get_int_member (lic, "nodes"), ==, 5);
  }
  g_assert_cmpint (balance (f), ==, before - total);

  /* Fewer nodes, auto-renewal: free. */
  g_free (edit_form);
  edit_form = g_strdup_printf ("func=soft.edit&elid=%s&addon_55236=1&autoprolong=12&sok=ok", id);
  {
    g_autoptr(JsonNode) r = call (f, edit_form);
    g_autoptr(JsonObject) lic = lookup (f, id);

    assert_ok (r);
    g_assert_cmpint (json_object_get_int_member (lic, "nodes"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (lic, "autoprolong"), ==, "12");
  }
  g_assert_cmpint (balance (f), ==, before - total);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = order (f, "pricelist=55227&period=1&licname=h&ip=198.51.100.140");
  const char *const steps[] = {
    "func=soft.edit&autoprolong=1&sok=ok",
    "func=soft.edit&autoprolong=null&sok=ok",
    "func=soft.edit&licname=renamed&sok=ok",
    "func=service.prolong&period=1&sok=ok",
    "func=service.changepricelist&pricelist=55228&sok=ok",
    "func=soft.suspend",
    "func=soft.resume",
  };
  const char *const expected[] = {   /* newest first */
    "The service has been resumed",
    "The service has been suspended",
    "The tariff plan has been changed",
    "The service has been renewed until",
    "The license name has been changed to renamed",
    "Auto-renewal is turned off",
    "Auto-renewal period is set to Month",
    "The service has been ordered",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *form = g_strdup_printf ("%s&elid=%s", steps[i], id);
      g_autoptr(JsonNode) r = call (f, form);

      assert_ok (r);
    }

  {
    g_autofree char *form = g_strdup_printf ("func=service.history&elid=%s", id);
    g_autoptr(JsonNode) r = call (f, form);

    g_assert_cmpstr (val (doc (r), "p_elems"), ==, "8");
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        JsonObject *e = history_elem (r, i);

        g_assert_true (g_str_has_prefix (val (e, "desc"), expected[i]));
        g_assert_true (is_date_time (val (e, "changedate")));
        g_assert_cmpstr (val (e, "user"), ==, USER);
        g_assert_cmpstr (val (e, "ip"), ==, "127.0.0.1");
      }
  }
  /* Paged: the third page of three rows has two; one row is a single object. */
  {
    g_autofree char *form = g_strdup_printf ("func=service.history&elid=%s&p_cnt=3&p_num=3", id);
    g_autoptr(JsonNode) r = call (f, form);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc (r), "elem")),
                      ==, 2);
    g_assert_cmpstr (val (history_elem (r, 1), "desc"), ==, "The service has been ordered");
    g_free (form);
    form = g_strdup_printf ("func=service.history&elid=%s&p_cnt=1&p_num=1", id);
    {
      g_autoptr(JsonNode) one = call (f, form);

      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (doc (one), "elem")));
      g_assert_cmpstr (val (history_elem (one, 0), "desc"), ==, "The service has been resumed");
    }
  }
  /* In Russian. */
  {
    g_autofree char *form = g_strdup_printf ("func=service.history&elid=%s&lang=ru&p_cnt=1", id);
    g_autoptr(JsonNode) r = call (f, form);

    g_assert_cmpstr (val (history_elem (r, 0), "desc"), ==, "Услуга включена");
  }
  /* A generated license begins with its order on its creation date. */
  {
    g_autoptr(JsonObject) gen = lookup (f, "3100001");
    g_autoptr(JsonNode) r = call (f, "func=service.history&elid=3100001");
    JsonObject *e = history_elem (r, 0);
    g_autofree char *start = g_strdup_printf ("%s 00:00:00",
                                              json_object_get_string_member (gen, "createdate"));

    g_assert_cmpstr (val (doc (r), "p_elems"), ==, "1");
    g_assert_cmpstr (val (e, "changedate"), ==, start);
  }
  {
    g_autoptr(JsonNode) r = call (f, "func=service.history&elid=999");

    assert_error (r, "missed", "elid");
  }
}

static void
test_disabled (Fixture       *f,
               gconstpointer  data)
{
  static const char *const funcs[] = {
    "dashboard.info", "notify", "dashboard.subaccount_credit", "whoami", "pricelist.export",
    "service.history", "service.changepricelist.pricelist", "service.changepricelist.getmoney",
    "groupedit",
  };

  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    {
      g_autofree char *form = g_strdup_printf ("func=%s&elid=3100001&faction=service.prolong"
                                               "&pricelist=55228", funcs[i]);
      g_autoptr(JsonNode) on = call (f, form);
      g_autoptr(JsonNode) off = NULL;
      JsonObject *e;

      g_assert_false (json_object_has_member (doc (on), "error")
                      && g_strcmp0 (json_object_get_string_member (error_of (on), "$object"),
                                    "func") == 0);
      isplic_sim_set_function_enabled (f->sim, funcs[i], FALSE);
      off = call (f, form);
      assert_error (off, "missed", "func");
      e = error_of (off);
      g_assert_nonnull (strstr (val (e, "msg"), "Unknown function"));
      isplic_sim_set_function_enabled (f->sim, funcs[i], TRUE);
    }
  /* The bulk renewal goes with service.prolong. */
  isplic_sim_set_function_enabled (f->sim, "service.prolong", FALSE);
  {
    g_autoptr(JsonNode) r = call (f, "func=groupedit&faction=service.prolong&elid=3100001");

    assert_error (r, "missed", "func");
  }
  /* Switched off over /sim/control, without a login for pricelist.export too. */
  {
    g_autofree char *url = g_strdup_printf ("%s/sim/control?disable=pricelist.export", f->base);

    g_assert_cmpuint (get_status (f, url), ==, 200);
  }
  {
    g_autofree char *url = g_strdup_printf ("%s?func=pricelist.export&out=json", f->url);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) r = NULL;

    body = send (f, msg, NULL, &error);
    g_assert_no_error (error);
    r = parse (body);
    assert_error (r, "missed", "func");
  }
}

/* Balance, credit limit and history survive the state file; /sim/state shows them. */
static void
test_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  Fixture f = { 0, };
  g_autofree char *id = NULL;
  gint64 left;

  fixture_setup (&f, GUINT_TO_POINTER (3));
  g_assert_true (isplic_sim_set_state_file (f.sim, path, &error));
  isplic_sim_set_balance (f.sim, 20000);
  isplic_sim_set_credit_limit (f.sim, 3000);
  id = order (&f, "pricelist=55228&period=1&licname=kept&ip=198.51.100.150");
  {
    g_autofree char *form = g_strdup_printf ("func=soft.edit&elid=%s&autoprolong=12&sok=ok", id);
    g_autoptr(JsonNode) r = call (&f, form);

    assert_ok (r);
  }
  left = balance (&f);
  g_assert_cmpint (left, ==, 19000);
  {
    g_autofree char *url = g_strdup_printf ("%s/sim/state", f.base);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(JsonNode) root = NULL;
    JsonObject *o;
    JsonArray *history;

    body = send (&f, msg, NULL, &error);
    g_assert_no_error (error);
    root = parse (body);
    o = json_node_get_object (root);
    g_assert_cmpint (json_object_get_int_member (o, "balance"), ==, 19000);
    g_assert_cmpint (json_object_get_int_member (o, "credit_limit"), ==, 3000);
    history = json_object_get_array_member (o, "history");
    g_assert_cmpuint (json_array_get_length (history), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1),
                                                    "event"), ==, "autoprolong");
  }
  fixture_teardown (&f, NULL);

  {
    g_autoptr(IsplicSim) b = isplic_sim_new ();
    g_autoptr(JsonNode) dump = NULL;
    JsonArray *history;
    JsonObject *first;

    g_assert_true (isplic_sim_set_state_file (b, path, &error));
    g_assert_no_error (error);
    g_assert_cmpint (isplic_sim_get_balance (b), ==, 19000);
    g_assert_cmpint (isplic_sim_get_credit_limit (b), ==, 3000);
    dump = isplic_sim_dump (b);
    history = json_object_get_array_member (json_node_get_object (dump), "history");
    g_assert_cmpuint (json_array_get_length (history), ==, 2);
    first = json_array_get_object_element (history, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "event"), ==, "order");
    g_assert_cmpstr (json_object_get_string_member (first, "ip"), ==, "127.0.0.1");
    g_assert_cmpint (json_object_get_int_member (first, "license"), ==,
                     g_ascii_strtoll (id, NULL, 10));
    g_assert_true (isplic_sim_set_state_file (b, NULL, &error));
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_parse_amount (void)
{
  static const struct { const char *text; gint64 cents; } good[] = {
    { "120", 12000 }, { "120.5", 12050 }, { "120.00", 12000 }, { " 0.07 ", 7 },
    { "-5.25", -525 }, { "56.00 EUR", 5600 },
  };
  static const char *const bad[] = { "", "abc", "1.234", "1,5", "12.", "1e3", "--1" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 c = 0;

      g_assert_true (isplic_sim_parse_amount (good[i].text, &c, NULL));
      g_assert_cmpint (c, ==, good[i].cents);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 c = 0;

      g_assert_false (isplic_sim_parse_amount (bad[i], &c, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) \
  g_test_add ("/sim-money/" name, Fixture, GUINT_TO_POINTER (5), fixture_setup, fn, \
              fixture_teardown)

  ADD ("balance-functions", test_balance_functions);
  ADD ("pricelist", test_pricelist);
  ADD ("order-charge", test_order_charge);
  ADD ("insufficient", test_insufficient);
  ADD ("renew-charge", test_renew_charge);
  ADD ("tariff-charge", test_tariff_charge);
  ADD ("nodes-charge", test_nodes_charge);
  ADD ("history", test_history);
  ADD ("disabled", test_disabled);
  g_test_add_func ("/sim-money/state", test_state);
  g_test_add_func ("/sim-money/parse-amount", test_parse_amount);

  return g_test_run ();
}
