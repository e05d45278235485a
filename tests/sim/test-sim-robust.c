/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator under the conditions a careful client must survive (issue 7): the cart
 * (func=basket), switched-off functions, the busy/http503/drop-after faults, success answers that
 * carry "ok" and forms that do not, renewals of suspended licenses, and state files that are
 * hostile, shared or left half-written.
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "test-sim-fixture.h"

/* Orders into the cart (skipbasket off); returns the billorder. */
static char *
order_to_cart (Fixture    *f,
               const char *extra)
{
  g_autofree char *form = g_strdup_printf ("func=soft.order.param&sok=ok&clicked_button=finish"
                                           "&skipbasket=off&%s", extra);
  g_autoptr(JsonNode) root = call (f, form);
  JsonObject *d = doc (root);

  g_assert_false (json_object_has_member (d, "error"));
  g_assert_true (json_object_has_member (d, "ok"));
  return g_strdup (val (d, "billorder"));
}

/* doc.list[$name=itemlist] of a func=basket answer. */
static JsonObject *
itemlist (JsonNode *root)
{
  JsonArray *lists = json_object_get_array_member (doc (root), "list");

  g_assert_nonnull (lists);
  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      JsonObject *l = json_array_get_object_element (lists, i);

      if (g_strcmp0 (json_object_get_string_member (l, "$name"), "itemlist") == 0)
        return l;
    }
  g_assert_not_reached ();
}

static void
assert_ok (JsonNode *root)
{
  g_assert_false (json_object_has_member (doc (root), "error"));
  g_assert_true (json_object_has_member (doc (root), "ok"));
}

static void
assert_no_ok (JsonNode *root)
{
  g_assert_false (json_object_has_member (doc (root), "error"));
  g_assert_false (json_object_has_member (doc (root), "ok"));
}

static void
test_basket (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *bo1 = NULL;
  g_autofree char *bo2 = NULL;
  g_autofree char *pro_id = NULL;
  g_autofree char *lite_id = NULL;

  /* Empty: a zero total and no elem. */
  {
    g_autoptr(JsonNode) root = call (f, "func=basket");

    assert_no_ok (root);
    g_assert_cmpstr (val (doc (root), "total_sum"), ==, "0.00 EUR");
    g_assert_false (json_object_has_member (itemlist (root), "elem"));
  }

  bo1 = order_to_cart (f, "pricelist=55228&period=12&licname=cart-pro&ip=198.51.100.31");
  bo2 = order_to_cart (f, "pricelist=55227&period=1&licname=cart-lite&ip=198.51.100.32");
  g_assert_cmpstr (bo1, !=, bo2);
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 5);
  {
    g_autoptr(JsonNode) root = call (f, "func=basket");
    JsonObject *d = doc (root);
    JsonArray *elems = json_object_get_array_member (itemlist (root), "elem");
    JsonObject *pro, *lite;

    assert_no_ok (root);
    g_assert_cmpstr (val (d, "total_sum"), ==, "105.00 EUR");
    g_assert_cmpstr (val (d, "billorder"), ==, bo2);
    g_assert_cmpuint (json_array_get_length (elems), ==, 2);
    pro = json_array_get_object_element (elems, 0);
    lite = json_array_get_object_element (elems, 1);
    g_assert_cmpstr (val (pro, "item.type"), ==, "soft");
    g_assert_cmpstr (val (pro, "pricelist"), ==, "ispmanager 6 Pro");
    g_assert_cmpstr (val (pro, "pricelist_id"), ==, "55228");
    g_assert_cmpstr (orig (pro, "period"), ==, "12");
    g_assert_cmpstr (val (pro, "item.period"), ==, "12");
    g_assert_cmpstr (val (pro, "cost"), ==, "100.00 EUR");
    g_assert_cmpstr (val (pro, "ip"), ==, "198.51.100.31");
    g_assert_cmpstr (val (pro, "licname"), ==, "cart-pro");
    g_assert_cmpstr (val (pro, "billorder"), ==, bo1);
    g_assert_cmpstr (val (lite, "cost"), ==, "5.00 EUR");
    g_assert_cmpstr (val (lite, "licname"), ==, "cart-lite");
    pro_id = g_strdup (val (pro, "id"));
    lite_id = g_strdup (val (lite, "id"));
    g_assert_cmpstr (val (pro, "item.id"), ==, pro_id);
    g_assert_cmpstr (pro_id, !=, lite_id);
  }
  /* Cart items take ids of the license sequence: a license ordered next gets a new one. */
  {
    g_autofree char *id = order (f, "pricelist=55227&period=1&licname=direct&ip=198.51.100.33");

    g_assert_cmpstr (id, !=, pro_id);
    g_assert_cmpstr (id, !=, lite_id);
    g_assert_cmpuint (g_ascii_strtoull (id, NULL, 10), >, g_ascii_strtoull (lite_id, NULL, 10));
  }

  /* Removing an unknown item is an error; removing one leaves one, as a single object. */
  {
    g_autoptr(JsonNode) bad = call (f, "func=basket&sok=ok&clicked_button=delete&id=42");
    g_autofree char *del = g_strdup_printf ("func=basket&sok=ok&clicked_button=delete&id=%s",
                                            pro_id);
    g_autoptr(JsonNode) gone = NULL;
    g_autoptr(JsonNode) list = NULL;
    g_autoptr(JsonNode) slist = NULL;
    JsonObject *elem;

    assert_error (bad, "missed", "id");
    gone = call (f, del);
    assert_ok (gone);
    list = call (f, "func=basket");
    elem = json_object_get_object_member (itemlist (list), "elem");
    g_assert_nonnull (elem);
    g_assert_cmpstr (val (elem, "id"), ==, lite_id);
    g_assert_cmpstr (val (doc (list), "total_sum"), ==, "5.00 EUR");
    /* out=sjson keeps the array. */
    slist = call (f, "func=basket&out=sjson");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (itemlist (slist),
                                                                           "elem")), ==, 1);
  }
  /* Empty the cart: clearbasket, and cart.empty. */
  {
    g_autoptr(JsonNode) clear = call (f, "func=basket&sok=ok&clicked_button=clearbasket");
    g_autoptr(JsonNode) list = call (f, "func=basket");
    g_autoptr(JsonNode) empty = NULL;
    g_autoptr(JsonNode) list2 = NULL;

    assert_ok (clear);
    g_assert_false (json_object_has_member (itemlist (list), "elem"));
    g_free (order_to_cart (f, "pricelist=55229&period=1&licname=again&ip=198.51.100.34"));
    empty = call (f, "func=cart.empty");
    assert_ok (empty);
    list2 = call (f, "func=basket");
    g_assert_false (json_object_has_member (itemlist (list2), "elem"));
    g_assert_cmpstr (val (doc (list2), "total_sum"), ==, "0.00 EUR");
  }
  /* The licenses were never touched by the cart. */
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 6);
}

/* A state with cart items is saved and loads again, items with their ids. */
static void
test_basket_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  Fixture f = { 0, };
  g_autofree char *item = NULL;

  fixture_setup (&f, GUINT_TO_POINTER (3));
  g_assert_true (isplic_sim_set_state_file (f.sim, path, &error));
  g_free (order_to_cart (&f, "pricelist=55228&period=1&licname=kept&ip=198.51.100.41"));
  {
    g_autoptr(JsonNode) root = call (&f, "func=basket");
    JsonObject *elem = json_object_get_object_member (itemlist (root), "elem");

    item = g_strdup (val (elem, "id"));
  }
  fixture_teardown (&f, NULL);

  {
    g_autoptr(IsplicSim) b = isplic_sim_new ();
    g_autoptr(JsonNode) dump = NULL;
    JsonArray *basket;

    g_assert_true (isplic_sim_set_state_file (b, path, &error));
    g_assert_no_error (error);
    dump = isplic_sim_dump (b);
    basket = json_object_get_array_member (json_node_get_object (dump), "basket");
    g_assert_cmpuint (json_array_get_length (basket), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (basket, 0),
                                                    "id"), ==, item);
    g_assert_true (isplic_sim_set_state_file (b, NULL, &error));
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_unknown_function (JsonNode   *root,
                         const char *text)
{
  JsonObject *e = error_of (root);

  g_assert_cmpstr (json_object_get_string_member (e, "$type"), ==, "missed");
  g_assert_cmpstr (json_object_get_string_member (e, "$object"), ==, "func");
  g_assert_true (g_str_has_prefix (val (e, "msg"), text));
  g_assert_false (json_object_has_member (doc (root), "ok"));
}

static void
test_disabled (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *enable = g_strdup_printf ("%s/sim/control?enable=basket", f->base);
  g_autofree char *disable = g_strdup_printf ("%s/sim/control?disable=soft.order.param", f->base);
  g_autofree char *empty = g_strdup_printf ("%s/sim/control?disable=", f->base);

  /* The same answer as for a function the server never had, in either language. */
  {
    g_autoptr(JsonNode) never = call (f, "func=basket.frobnicate");

    assert_unknown_function (never, "Unknown function");
  }
  isplic_sim_set_function_enabled (f->sim, "basket", FALSE);
  {
    g_autoptr(JsonNode) en = call (f, "func=basket");
    g_autoptr(JsonNode) ru = call (f, "func=basket&lang=ru");
    g_autoptr(JsonNode) other = call (f, "func=cart.empty");

    assert_unknown_function (en, "Unknown function");
    assert_unknown_function (ru, "Неизвестная функция");
    assert_ok (other);
  }
  /* Through /sim/control: back on, and another one off. */
  g_assert_cmpuint (get_status (f, enable), ==, 200);
  g_assert_cmpuint (get_status (f, disable), ==, 200);
  g_assert_cmpuint (get_status (f, empty), ==, 400);
  {
    g_autoptr(JsonNode) basket = call (f, "func=basket");
    g_autoptr(JsonNode) placed = call (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                          "&skipbasket=on&pricelist=55227&period=1&licname=x"
                                          "&ip=198.51.100.51");

    g_assert_true (json_object_has_member (doc (basket), "total_sum"));
    assert_unknown_function (placed, "Unknown function");
    /* Nothing was ordered. */
    g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 5);
  }
  isplic_sim_set_function_enabled (f->sim, "soft.order.param", TRUE);
  g_free (order (f, "pricelist=55227&period=1&licname=x&ip=198.51.100.51"));
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 6);
}

/* Every confirmed change carries "ok"; forms and views never do. */
/* @template with every "@ID@" replaced by @id. */
static char *
with_id (const char *template,
         const char *id)
{
  GString *s = g_string_new (template);

  g_string_replace (s, "@ID@", id, 0);
  return g_string_free (s, FALSE);
}

static void
test_ok_element (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;

  isplic_sim_set_key_delay (f->sim, 0);
  id = order (f, "pricelist=55227&period=1&licname=ok-check&ip=198.51.100.61");
  g_free (order_to_cart (f, "pricelist=55227&period=1&licname=ok-cart&ip=198.51.100.62"));

  {
    const char *const with_ok[] = {
      "func=service.prolong&elid=@ID@&period=1&sok=ok",
      "func=service.changepricelist&elid=@ID@&pricelist=55228&sok=ok",
      "func=soft.edit&elid=@ID@&licname=renamed&sok=ok",
      "func=soft.edit&elid=@ID@&clicked_button=newkey&sok=ok",
      "func=soft.suspend&elid=@ID@",
      "func=soft.resume&elid=@ID@",
      "func=soft.checkip&ip=198.51.100.63&pricelist=55227&period=1&x=@ID@",
      "func=soft.filter&licname=ok&sok=ok&x=@ID@",
      "func=soft.filter&clicked_button=drop&sok=ok&x=@ID@",
      "func=cart.empty&x=@ID@",
      "func=soft.delete&elid=@ID@&sok=ok",
    };
    const char *const without_ok[] = {
      "func=service.prolong&elid=@ID@&period=1",
      "func=service.prolong&elid=@ID@&period=12&sok=",
      "func=service.changepricelist&elid=@ID@",
      "func=soft.edit&elid=@ID@",
      "func=soft.order.param&pricelist=55227&x=@ID@",
      "func=soft&x=@ID@",
      "func=soft.filter&x=@ID@",
      "func=basket&x=@ID@",
    };

    /* The views first, while the license exists. */
    for (guint i = 0; i < G_N_ELEMENTS (without_ok); i++)
      {
        g_autofree char *form = with_id (without_ok[i], id);
        g_autoptr(JsonNode) root = call (f, form);

        g_test_message ("no ok: %s", form);
        assert_no_ok (root);
      }
    for (guint i = 0; i < G_N_ELEMENTS (with_ok); i++)
      {
        g_autofree char *form = with_id (with_ok[i], id);
        g_autoptr(JsonNode) root = call (f, form);

        g_test_message ("ok: %s", form);
        assert_ok (root);
      }
  }
  /* Orders: a license id, or a billorder, with ok (asserted by the helpers). */
  g_free (order (f, "pricelist=55227&period=1&licname=ok2&ip=198.51.100.64"));
  g_free (order_to_cart (f, "pricelist=55227&period=1&licname=ok3&ip=198.51.100.65"));
}

/* A suspended license renews from today, in the preview and in the renewal, even when that makes
 * its expiry earlier than it is now (billmgr-api.md §10.3). */
static void
test_suspended_renewal (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *now = today ();
  g_autofree char *year = today_plus_months (now, 12);
  g_autofree char *month = today_plus_months (now, 1);
  g_autofree char *id = NULL;
  g_autofree char *suspend = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *renew = NULL;

  isplic_sim_set_key_delay (f->sim, 0);
  id = order (f, "pricelist=55228&period=12&licname=susp&ip=198.51.100.71");
  suspend = g_strdup_printf ("func=soft.suspend&elid=%s", id);
  preview = g_strdup_printf ("func=service.prolong&elid=%s&period=1", id);
  renew = g_strdup_printf ("func=service.prolong&elid=%s&period=1&sok=ok", id);
  {
    g_autoptr(JsonNode) r = call (f, suspend);

    assert_ok (r);
  }
  {
    g_autoptr(JsonNode) root = call (f, preview);
    JsonObject *d = doc (root);

    assert_no_ok (root);
    g_assert_cmpstr (val (d, "expiredate"), ==, year);
    g_assert_cmpstr (val (d, "newexpiredate"), ==, month);
  }
  {
    g_autoptr(JsonNode) root = call (f, renew);
    JsonObject *inner = json_object_get_object_member (doc (root), "doc");
    g_autoptr(JsonObject) state = lookup (f, id);

    assert_ok (root);
    g_assert_cmpstr (val (inner, "expiredate"), ==, year);
    g_assert_cmpstr (val (inner, "newexpiredate"), ==, month);
    g_assert_cmpstr (json_object_get_string_member (state, "expiredate"), ==, month);
    /* Suspended by the reseller, it stays suspended. */
    g_assert_cmpint (json_object_get_int_member (state, "status"), ==, 3);
  }
  /* An active license renews from its expiry. */
  {
    g_autofree char *resume = g_strdup_printf ("func=soft.resume&elid=%s", id);
    g_autoptr(JsonNode) r1 = call (f, resume);
    g_autoptr(JsonNode) r2 = call (f, preview);
    g_autofree char *two = today_plus_months (now, 2);

    assert_ok (r1);
    g_assert_cmpstr (val (doc (r2), "newexpiredate"), ==, two);
  }
}

static GBytes *
get_url (Fixture    *f,
         const char *query,
         guint      *status,
         GError    **error)
{
  g_autofree char *auth = authinfo ();
  g_autofree char *u = g_strdup_printf ("%s?%s&out=json&%s", f->url, query, auth);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);

  return send (f, msg, status, error);
}

static void
test_fault_kinds (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) before = lookup (f, "3100001");

  /* busy: HTTP 200, billmgr's busy error, nothing done. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "service.prolong=busy", &error));
  {
    g_autoptr(JsonNode) en = call (f, "func=service.prolong&elid=3100001&period=1&sok=ok");
    g_autoptr(JsonNode) ru = call (f, "func=service.prolong&elid=3100001&period=1&sok=ok"
                                      "&lang=ru");
    g_autoptr(JsonObject) after = lookup (f, "3100001");

    assert_error (en, "busy", NULL);
    g_assert_cmpstr (val (error_of (en), "msg"), ==, "Request in process, please wait");
    assert_error (ru, "busy", NULL);
    g_assert_cmpstr (val (error_of (ru), "msg"), ==,
                     "Ваш запрос обрабатывается, пожалуйста, подождите");
    g_assert_cmpstr (json_object_get_string_member (after, "expiredate"), ==,
                     json_object_get_string_member (before, "expiredate"));
  }
  isplic_sim_set_fault (f->sim, "service.prolong", ISPLIC_SIM_FAULT_NONE);

  /* http503: an HTML page, nothing done. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "soft.order.param=http503", &error));
  {
    guint status = 0;
    g_autoptr(GBytes) body = get_url (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                         "&skipbasket=on&pricelist=55227&period=1&licname=a"
                                         "&ip=198.51.100.81", &status, &error);
    g_autofree char *text = body_text (body);

    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 503);
    g_assert_true (g_str_has_prefix (text, "<html>"));
    g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 5);
  }

  /* drop-after: the order is placed, then the connection closes without an answer — at once,
   * not after the client's timeout. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "soft.order.param=drop-after", &error));
  use_timeout (f, 20);
  isplic_sim_clear_requests (f->sim);
  {
    gint64 start = g_get_monotonic_time ();
    guint status = 0;
    g_autoptr(GBytes) body = get_url (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                         "&skipbasket=on&pricelist=55227&period=1&licname=b"
                                         "&ip=198.51.100.82", &status, &error);

    g_assert_null (body);
    g_assert_nonnull (error);
    g_test_message ("drop-after: %s (status %u)", error->message, status);
    g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
    g_clear_error (&error);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 6);
    /* Sent once: nothing resent it behind our back. */
    g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.order.param"), ==, 1);
  }
  /* The server keeps serving. */
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_NONE);
  {
    g_autoptr(JsonNode) root = call (f, "func=soft&p_cnt=100");

    g_assert_cmpstr (val (doc (root), "p_elems"), ==, "6");
  }
}

/* ,sok-only: the quote (no sok) is answered as usual, only the operation fails. */
static void
test_fault_sok_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) before = lookup (f, "3100001");

  g_assert_true (isplic_sim_parse_fault (f->sim, "service.prolong=busy,sok-only", &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) quote = call (f, "func=service.prolong&elid=3100001&period=1");
    g_autoptr(JsonNode) done = call (f, "func=service.prolong&elid=3100001&period=1&sok=ok");
    g_autoptr(JsonObject) after = lookup (f, "3100001");

    g_assert_false (json_object_has_member (doc (quote), "error"));
    g_assert_nonnull (val (doc (quote), "cost"));
    assert_error (done, "busy", NULL);
    g_assert_cmpstr (json_object_get_string_member (after, "expiredate"), ==,
                     json_object_get_string_member (before, "expiredate"));
  }
  /* Without the flag the quote fails too. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "service.prolong=busy", &error));
  {
    g_autoptr(JsonNode) quote = call (f, "func=service.prolong&elid=3100001&period=1");

    assert_error (quote, "busy", NULL);
  }
  g_assert_true (isplic_sim_parse_fault (f->sim, "service.prolong=none", &error));
  {
    g_autoptr(JsonNode) done = call (f, "func=service.prolong&elid=3100001&period=1&sok=ok");

    g_assert_false (json_object_has_member (doc (done), "error"));
  }
  g_assert_false (isplic_sim_parse_fault (f->sim, "service.prolong=busy,sok", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
}

/* ------------------------------------------------------------------------------------------ */
/* State files */

static void
test_state_nesting (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autoptr(IsplicSim) sim = isplic_sim_new ();
  gsize n = 1000000;
  g_autofree char *deep = g_malloc (n);

  /* A million '[' would overflow json-glib's recursive parser: refused before parsing. */
  memset (deep, '[', n);
  g_assert_true (g_file_set_contents (path, deep, (gssize) n, &error));
  g_assert_false (isplic_sim_set_state_file (sim, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested more than 64 levels"));
  g_clear_error (&error);

  /* 65 levels inside an otherwise good file too. */
  {
    GString *s = g_string_new ("{\"licenses\":[{\"id\":\"5\",\"ip\":\"192.0.2.1\","
                               "\"pricelist\":\"55227\",\"status\":2,\"extra\":");

    for (int i = 0; i < 62; i++)
      g_string_append_c (s, '[');
    for (int i = 0; i < 62; i++)
      g_string_append_c (s, ']');
    g_string_append (s, "}]}");
    g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, &error));
    g_assert_false (isplic_sim_set_state_file (sim, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
    g_string_free (s, TRUE);
  }
  /* Brackets inside strings do not count: a name of 200 '[' and '{' loads. */
  {
    g_autofree char *brackets = g_strnfill (200, '[');
    g_autofree char *braces = g_strnfill (200, '{');
    g_autofree char *text = g_strdup_printf ("{\"licenses\":[{\"id\":\"5\",\"ip\":\"192.0.2.1\","
                                             "\"licname\":\"%s\\\"%s\",\"pricelist\":\"55227\","
                                             "\"status\":2}]}", brackets, braces);
    g_autoptr(JsonObject) lic = NULL;

    g_assert_true (g_file_set_contents (path, text, -1, &error));
    g_assert_true (isplic_sim_set_state_file (sim, path, &error));
    g_assert_no_error (error);
    lic = isplic_sim_lookup (sim, "5");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (lic, "licname"), "[[[["));
    g_assert_true (isplic_sim_set_state_file (sim, NULL, &error));
  }
  /* Absurd sizes are refused without reading (a sparse file of just over 1 GiB). */
  {
    int fd = g_open (path, O_WRONLY | O_TRUNC, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, (off_t) 1024 * 1024 * 1024 + 1), ==, 0);
    close (fd);
    g_assert_false (isplic_sim_set_state_file (sim, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "too large"));
    g_clear_error (&error);
  }
  /* A refused file is not locked. */
  {
    g_autofree char *lock = g_strconcat (path, ".lock", NULL);

    g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
touch (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "partial", -1, &error));
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d))
    n++;
  return n;
}

/* Saves go through ".FILE.tmp-PID-XXXXXX"; ours of a dead process are removed on start. */
static void
test_state_stale_temps (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autofree char *dead = g_build_filename (dir, ".state.json.tmp-2147483646-a1B2c3", NULL);
  g_autofree char *live_name = g_strdup_printf (".state.json.tmp-%d-a1B2c3", (int) getppid ());
  g_autofree char *live = g_build_filename (dir, live_name, NULL);
  g_autofree char *other = g_build_filename (dir, ".other.json.tmp-2147483646-a1B2c3", NULL);
  g_autofree char *glib_tmp = g_build_filename (dir, "state.json.X1Y2Z3", NULL);
  g_autofree char *odd = g_build_filename (dir, ".state.json.tmp-2147483646-short", NULL);
  g_autoptr(IsplicSim) sim = isplic_sim_new ();

  touch (dead);
  touch (live);
  touch (other);
  touch (glib_tmp);
  touch (odd);
  g_assert_true (isplic_sim_set_state_file (sim, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  /* A running process's, another file's and foreign names stay. */
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (glib_tmp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (odd, G_FILE_TEST_EXISTS));

  /* A save leaves the state file (0600: it holds keys) and no temporary file. */
  isplic_sim_generate (sim, 4, 1);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  /* state.json, its lock and the four kept files. */
  g_assert_cmpuint (count_entries (dir), ==, 6);
  g_assert_true (isplic_sim_set_state_file (sim, NULL, &error));
  g_assert_cmpuint (count_entries (dir), ==, 5);

  g_unlink (live);
  g_unlink (other);
  g_unlink (glib_tmp);
  g_unlink (odd);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, n, fn) \
  g_test_add ("/sim-robust/" name, Fixture, GUINT_TO_POINTER (n), fixture_setup, fn, \
              fixture_teardown)

  ADD ("basket", 5, test_basket);
  ADD ("disabled", 5, test_disabled);
  ADD ("ok-element", 5, test_ok_element);
  ADD ("suspended-renewal", 5, test_suspended_renewal);
  ADD ("fault-kinds", 5, test_fault_kinds);
  ADD ("fault-sok-only", 5, test_fault_sok_only);
  g_test_add_func ("/sim-robust/basket-state", test_basket_state);
  g_test_add_func ("/sim-robust/state-nesting", test_state_nesting);
  g_test_add_func ("/sim-robust/state-stale-temps", test_state_stale_temps);

  return g_test_run ();
}
