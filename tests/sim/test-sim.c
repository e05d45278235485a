/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator over real loopback HTTP, with raw libsoup requests (not through IsplicClient):
 * these tests pin the wire shapes that the client is written against.
 */
#include <glib/gstdio.h>
#include <unistd.h>

#include "test-sim-fixture.h"

/* ------------------------------------------------------------------------------------------ */

static void
test_list_shapes (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) page1 = call (f, "func=soft&p_cnt=2&p_num=1");
  g_autoptr(JsonNode) page2 = NULL;
  g_autoptr(JsonNode) page3 = NULL;
  JsonObject *d = doc (page1);
  JsonArray *elems;
  JsonObject *row;

  g_assert_cmpstr (json_object_get_string_member (d, "$func"), ==, "soft");
  g_assert_cmpstr (json_object_get_string_member (d, "$lang"), ==, "en");
  elems = json_object_get_array_member (d, "elem");
  g_assert_cmpuint (json_array_get_length (elems), ==, 2);
  g_assert_cmpstr (val (d, "p_elems"), ==, "3");
  g_assert_cmpstr (val (d, "p_cnt"), ==, "2");
  g_assert_cmpstr (val (d, "p_num"), ==, "1");
  row = json_array_get_object_element (elems, 0);
  g_assert_cmpstr (val (row, "id"), ==, "3100001");
  g_assert_nonnull (val (row, "licname"));
  g_assert_nonnull (val (row, "ip"));
  g_assert_true (g_str_has_prefix (val (row, "pricelist"), "ispmanager 6 "));
  g_assert_cmpuint (strlen (val (row, "pricelist_id")), ==, 5);
  g_assert_cmpuint (strlen (val (row, "expiredate")), ==, 10);
  g_assert_cmpuint (strlen (val (row, "createdate")), ==, 10);
  g_assert_nonnull (orig (row, "status"));
  g_assert_cmpstr (orig (row, "status"), ==, orig (row, "item_status"));
  g_assert_nonnull (orig (row, "period"));
  g_assert_nonnull (orig (row, "autoprolong"));
  g_assert_true (strstr (val (row, "cost"), "EUR") != NULL);
  /* tparams echo without the secret. */
  g_assert_cmpstr (val (json_object_get_object_member (d, "tparams"), "func"), ==, "soft");
  g_assert_false (json_object_has_member (json_object_get_object_member (d, "tparams"),
                                          "authinfo"));

  /* One row: a single object, not an array (the quirk). */
  page2 = call (f, "func=soft&p_cnt=2&p_num=2");
  d = doc (page2);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (d, "elem")));
  g_assert_cmpstr (val (json_object_get_object_member (d, "elem"), "id"), ==, "3100003");

  /* out=sjson keeps a one-row list an array. */
  {
    g_autoptr(JsonNode) sj = call (f, "func=soft&p_cnt=2&p_num=2&out=sjson");

    g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (doc (sj), "elem")));
  }

  /* No rows: no elem at all. */
  page3 = call (f, "func=soft&p_cnt=2&p_num=3");
  d = doc (page3);
  g_assert_false (json_object_has_member (d, "elem"));
  g_assert_cmpstr (val (d, "p_elems"), ==, "3");
}

static void
test_list_default_page (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) first = call (f, "func=soft");
  g_autoptr(JsonNode) last = call (f, "func=soft&p_num=3");
  g_autoptr(JsonNode) all = call (f, "func=soft&p_cnt=10000");
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *rows;

  rows = json_object_get_array_member (doc (first), "elem");
  g_assert_cmpuint (json_array_get_length (rows), ==, 20);
  g_assert_cmpstr (val (doc (first), "p_elems"), ==, "45");
  g_assert_cmpstr (val (doc (first), "p_cnt"), ==, "20");
  rows = json_object_get_array_member (doc (last), "elem");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  g_assert_cmpstr (val (json_array_get_object_element (rows, 4), "id"), ==, "3100045");

  rows = json_object_get_array_member (doc (all), "elem");
  g_assert_cmpuint (json_array_get_length (rows), ==, 45);
  for (guint i = 0; i < 45; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_assert_true (g_hash_table_add (ids, (gpointer) val (row, "ip")));
    }
}

static void
test_list_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) lic = lookup (f, "3100004");
  g_autofree char *form = g_strdup_printf ("func=soft&filter=on&ip=%s",
                                           json_object_get_string_member (lic, "ip"));
  g_autoptr(JsonNode) byip = call (f, form);
  g_autoptr(JsonNode) byid = call (f, "func=soft&filter=on&id=3100002");
  g_autoptr(JsonNode) none = call (f, "func=soft&filter=on&licname=no-such-name-anywhere");
  JsonObject *row;

  row = json_object_get_object_member (doc (byip), "elem");
  g_assert_cmpstr (val (row, "id"), ==, "3100004");
  g_assert_cmpstr (val (doc (byip), "p_elems"), ==, "1");
  row = json_object_get_object_member (doc (byid), "elem");
  g_assert_cmpstr (val (row, "id"), ==, "3100002");
  g_assert_false (json_object_has_member (doc (none), "elem"));
  g_assert_cmpstr (val (doc (none), "p_elems"), ==, "0");
}

/* soft.filter: a persistent filter applied to later func=soft calls until dropped. */
static void
test_list_persistent_filter (Fixture       *f,
                             gconstpointer  data)
{
  {
    g_autoptr(JsonNode) set = call (f, "func=soft.filter&id=3100003&sok=ok");
    g_autoptr(JsonNode) list = call (f, "func=soft");
    g_autoptr(JsonNode) view = call (f, "func=soft.filter");

    g_assert_true (json_object_has_member (doc (set), "ok"));
    g_assert_cmpstr (val (doc (list), "p_elems"), ==, "1");
    g_assert_cmpstr (val (json_object_get_object_member (doc (list), "elem"), "id"), ==, "3100003");
    g_assert_cmpstr (val (doc (view), "id"), ==, "3100003");
  }
  {
    g_autoptr(JsonNode) drop = call (f, "func=soft.filter&clicked_button=drop&sok=ok");
    g_autoptr(JsonNode) list = call (f, "func=soft");

    g_assert_true (json_object_has_member (doc (drop), "ok"));
    g_assert_cmpstr (val (doc (list), "p_elems"), ==, "5");
  }
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *bad = g_strdup_printf ("%s?func=soft&out=json&authinfo=%s:wrong-secret",
                                          f->url, USER);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", bad);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *e;
  JsonArray *params;
  guint status;

  body = send (f, msg, &status, &error);
  g_assert_no_error (error);
  /* Application errors come with HTTP 200. */
  g_assert_cmpuint (status, ==, 200);
  text = body_text (body);
  g_assert_null (strstr (text, "wrong-secret"));
  root = parse (body);
  e = error_of (root);
  g_assert_cmpstr (json_object_get_string_member (e, "$type"), ==, "auth");
  g_assert_cmpstr (json_object_get_string_member (e, "$object"), ==, "badpassword");
  g_assert_cmpstr (val (e, "msg"), ==, "Invalid username or password ");
  g_assert_cmpstr (val (e, "detail"), ==, "Invalid username or password ");
  params = json_object_get_array_member (e, "param");
  g_assert_cmpuint (json_array_get_length (params), ==, 2);
  {
    JsonObject *p0 = json_array_get_object_element (params, 0);

    g_assert_cmpstr (json_object_get_string_member (p0, "$name"), ==, "object");
    g_assert_cmpstr (json_object_get_string_member (p0, "$"), ==, "badpassword");
  }
}

static void
test_session (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *login = g_strdup_printf ("%s?func=auth&out=json&username=%s&password=%s",
                                            f->url, USER, PASSWORD);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", login);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *list_url = NULL;
  JsonObject *auth;

  body = send (f, msg, NULL, &error);
  g_assert_no_error (error);
  root = parse (body);
  auth = json_object_get_object_member (doc (root), "auth");
  sid = g_strdup (json_object_get_string_member (auth, "$id"));
  g_assert_nonnull (sid);
  g_assert_cmpstr (json_object_get_string_member (auth, "$"), ==, sid);

  list_url = g_strdup_printf ("%s?func=soft&out=json&auth=%s", f->url, sid);
  {
    g_autoptr(SoupMessage) m2 = soup_message_new ("GET", list_url);
    g_autoptr(GBytes) b2 = send (f, m2, NULL, &error);
    g_autoptr(JsonNode) r2 = parse (b2);

    g_assert_false (json_object_has_member (doc (r2), "error"));
    g_assert_cmpstr (val (doc (r2), "p_elems"), ==, "5");
  }
  {
    g_autofree char *wrong = g_strdup_printf ("%s?func=soft&out=json&auth=nonsense", f->url);
    g_autoptr(SoupMessage) m3 = soup_message_new ("GET", wrong);
    g_autoptr(GBytes) b3 = send (f, m3, NULL, &error);
    g_autoptr(JsonNode) r3 = parse (b3);

    g_assert_cmpstr (json_object_get_string_member (error_of (r3), "$type"), ==, "auth");
  }
  /* Idle expiry: with a zero idle time the session is gone at once. */
  isplic_sim_set_session_idle (f->sim, 0);
  g_usleep (2000);
  {
    g_autoptr(SoupMessage) m4 = soup_message_new ("GET", list_url);
    g_autoptr(GBytes) b4 = send (f, m4, NULL, &error);
    g_autoptr(JsonNode) r4 = parse (b4);

    g_assert_cmpstr (json_object_get_string_member (error_of (r4), "$type"), ==, "auth");
  }
  /* A bad password on func=auth gives the same error shape. */
  {
    g_autofree char *badlogin = g_strdup_printf ("%s?func=auth&out=json&username=%s&password=x",
                                                 f->url, USER);
    g_autoptr(SoupMessage) m5 = soup_message_new ("GET", badlogin);
    g_autoptr(GBytes) b5 = send (f, m5, NULL, &error);
    g_autoptr(JsonNode) r5 = parse (b5);

    assert_error (r5, "auth", "badpassword");
  }
}

static void
test_special_password (Fixture       *f,
                       gconstpointer  data)
{
  const char *password = "p:a&s s%+#?é=/";
  g_autofree char *v = g_strdup_printf ("%s:%s", USER, password);
  g_autofree char *esc = g_uri_escape_string (v, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("func=soft&out=json&authinfo=%s", esc);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", f->url);
  g_autoptr(GBytes) req = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  IsplicSimRequest *r;
  GPtrArray *log;

  isplic_sim_set_account (f->sim, USER, password);
  soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, req);
  body = send (f, msg, NULL, &error);
  g_assert_no_error (error);
  root = parse (body);
  g_assert_false (json_object_has_member (doc (root), "error"));
  log = isplic_sim_get_requests (f->sim);
  r = log->pdata[log->len - 1];
  g_assert_cmpstr (g_hash_table_lookup (r->params, "authinfo"), ==, "***");
}

static JsonNode *
list_one_with (Fixture     *f,
               SoupMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = send (f, msg, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  return parse (body);
}

static void
assert_one_row (JsonNode *root)
{
  JsonObject *d = doc (root);

  g_assert_false (json_object_has_member (d, "error"));
  g_assert_cmpstr (val (d, "p_cnt"), ==, "1");
  g_assert_cmpstr (val (json_object_get_object_member (d, "elem"), "id"), ==, "3100001");
}

/* POSTs @form with @content_type (NULL: none) and checks the one-row answer. */
static void
assert_post_lists_one (Fixture    *f,
                       const char *form,
                       const char *content_type)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", f->url);
  g_autoptr(GBytes) req = g_bytes_new (form, strlen (form));
  g_autoptr(JsonNode) root = NULL;

  soup_message_set_request_body_from_bytes (msg, content_type, req);
  root = list_one_with (f, msg);
  assert_one_row (root);
}

static void
test_transports (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *auth = authinfo ();
  g_autofree char *form = g_strdup_printf ("func=soft&out=json&p_cnt=1&%s", auth);
  g_autofree char *get_url = g_strdup_printf ("%s?%s", f->url, form);
  g_autofree char *manager = g_strdup_printf ("%s/manager/billmgr?%s", f->base, form);
  GPtrArray *log;
  IsplicSimRequest *r;

  isplic_sim_clear_requests (f->sim);

  /* GET with a query. */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", get_url);
    g_autoptr(JsonNode) root = list_one_with (f, msg);

    assert_one_row (root);
  }
  /* POST urlencoded. */
  assert_post_lists_one (f, form, SOUP_FORM_MIME_TYPE_URLENCODED);
  /* POST without a Content-Type: still form data. */
  assert_post_lists_one (f, form, NULL);
  /* POST with a misleading Content-Type. */
  assert_post_lists_one (f, form, "text/plain");
  /* POST multipart/form-data, the curl -F way. */
  {
    SoupMultipart *mp = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *ai = g_strdup_printf ("%s:%s", USER, PASSWORD);

    soup_multipart_append_form_string (mp, "func", "soft");
    soup_multipart_append_form_string (mp, "out", "json");
    soup_multipart_append_form_string (mp, "p_cnt", "1");
    soup_multipart_append_form_string (mp, "authinfo", ai);
    msg = soup_message_new_from_multipart (f->url, mp);
    soup_multipart_free (mp);
    root = list_one_with (f, msg);
    assert_one_row (root);
  }
  /* An empty part and invalid UTF-8 are harmless. */
  {
    SoupMultipart *mp = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *ai = g_strdup_printf ("%s:%s", USER, PASSWORD);
    g_autoptr(GBytes) bad = g_bytes_new_static ("\xff\xfe", 2);

    soup_multipart_append_form_string (mp, "func", "soft");
    soup_multipart_append_form_string (mp, "out", "json");
    soup_multipart_append_form_string (mp, "p_cnt", "1");
    soup_multipart_append_form_string (mp, "empty", "");
    soup_multipart_append_form_file (mp, "junk", "junk.bin", "application/octet-stream", bad);
    soup_multipart_append_form_string (mp, "authinfo", ai);
    msg = soup_message_new_from_multipart (f->url, mp);
    soup_multipart_free (mp);
    root = list_one_with (f, msg);
    assert_one_row (root);
    g_assert_cmpstr (val (json_object_get_object_member (doc (root), "tparams"), "junk"), ==,
                     "\xef\xbf\xbd\xef\xbf\xbd");
  }
  /* Query and body are merged. */
  {
    g_autofree char *q = g_strdup_printf ("%s?func=soft&p_cnt=1", f->url);
    g_autofree char *b = g_strdup_printf ("out=json&%s", auth);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", q);
    g_autoptr(GBytes) req = g_bytes_new (b, strlen (b));
    g_autoptr(JsonNode) root = NULL;

    soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, req);
    root = list_one_with (f, msg);
    assert_one_row (root);
  }
  /* /manager/billmgr works too. */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", manager);
    g_autoptr(JsonNode) root = list_one_with (f, msg);

    assert_one_row (root);
  }

  log = isplic_sim_get_requests (f->sim);
  g_assert_cmpuint (log->len, ==, 8);
  r = log->pdata[0];
  g_assert_cmpstr (r->method, ==, "GET");
  g_assert_cmpstr (r->path, ==, "/billmgr");
  g_assert_nonnull (strstr (r->query, "authinfo=***"));
  g_assert_null (strstr (r->query, PASSWORD "&"));
  r = log->pdata[1];
  g_assert_cmpstr (r->method, ==, "POST");
  g_assert_null (r->query);
  g_assert_cmpstr (r->content_type, ==, SOUP_FORM_MIME_TYPE_URLENCODED);
  r = log->pdata[2];
  g_assert_null (r->content_type);
  r = log->pdata[4];
  g_assert_true (g_str_has_prefix (r->content_type, "multipart/form-data"));
  g_assert_cmpstr (r->func, ==, "soft");
  r = log->pdata[7];
  g_assert_cmpstr (r->path, ==, "/manager/billmgr");
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft"), ==, 8);

  /* Other paths: 404. */
  {
    g_autofree char *other = g_strdup_printf ("%s/manager/other?%s", f->base, form);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", other);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;
    guint status;

    body = send (f, msg, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 404);
  }
}

static void
test_jsonp_xml_ru (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *auth = authinfo ();
  g_autofree char *u1 = g_strdup_printf ("%s?func=soft&out=json&p_cnt=1&callback=jQuery_123&%s",
                                         f->url, auth);
  g_autofree char *u2 = g_strdup_printf ("%s?func=soft&out=xml&p_cnt=2&%s", f->url, auth);
  g_autofree char *u3 = g_strdup_printf ("%s?func=soft&out=xml&authinfo=x:y", f->url);
  g_autofree char *u4 = g_strdup_printf ("%s?func=soft&out=json&lang=ru&filter=on&status=2&%s",
                                         f->url, auth);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u1);
    g_autoptr(GBytes) body = send (f, msg, NULL, &error);
    g_autofree char *text = body_text (body);
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (g_str_has_prefix (text, "jQuery_123({\"doc\":"));
    g_assert_true (g_str_has_suffix (text, ");"));
    text[strlen (text) - 2] = '\0';
    g_assert_true (json_parser_load_from_data (parser, text + strlen ("jQuery_123("), -1, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u2);
    g_autoptr(GBytes) body = send (f, msg, NULL, &error);
    g_autofree char *text = body_text (body);

    g_assert_true (g_str_has_prefix (text, "<?xml"));
    g_assert_nonnull (strstr (text, "<doc lang=\"en\" func=\"soft\""));
    g_assert_nonnull (strstr (text, "<elem><id>3100001</id>"));
    g_assert_nonnull (strstr (text, "<p_elems>5</p_elems>"));
    g_assert_nonnull (strstr (text, "<status orig="));
  }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u3);
    g_autoptr(GBytes) body = send (f, msg, NULL, &error);
    g_autofree char *text = body_text (body);

    g_assert_nonnull (strstr (text, "<error type=\"auth\" object=\"badpassword\""));
    g_assert_nonnull (strstr (text, "<msg>Invalid username or password </msg>"));
  }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u4);
    g_autoptr(GBytes) body = send (f, msg, NULL, &error);
    g_autoptr(JsonNode) root = parse (body);
    JsonObject *d = doc (root);
    JsonNode *elem = json_object_get_member (d, "elem");
    JsonObject *row;

    g_assert_nonnull (elem);
    row = JSON_NODE_HOLDS_ARRAY (elem)
            ? json_array_get_object_element (json_node_get_array (elem), 0)
            : json_node_get_object (elem);
    g_assert_cmpstr (json_object_get_string_member (d, "$lang"), ==, "ru");
    g_assert_cmpstr (val (row, "status"), ==, "Активен");
    g_assert_cmpstr (orig (row, "status"), ==, "2");
  }
}


static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = order (f, "pricelist=55227&period=1&autoprolong=1&licname=new-one"
                                  "&ip=198.51.100.250");
  g_autofree char *form = g_strdup_printf ("func=soft.edit&elid=%s", id);
  g_autofree char *prefix = g_strdup_printf ("%s-", id);
  g_autofree char *now = today ();
  g_autofree char *month = today_plus_months (now, 1);
  g_autoptr(JsonObject) state = NULL;

  g_assert_cmpstr (id, ==, "3100006");
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 6);
  {
    g_autoptr(JsonNode) root = call (f, form);
    JsonObject *d = doc (root);

    g_assert_cmpstr (orig (d, "status"), ==, "5");
    g_assert_cmpstr (val (d, "lickey"), ==, "");
    g_assert_cmpstr (val (d, "ip"), ==, "198.51.100.250");
    g_assert_cmpstr (val (d, "licname"), ==, "new-one");
    g_assert_cmpstr (val (d, "createdate"), ==, now);
    g_assert_cmpstr (val (d, "expiredate"), ==, month);
  }
  wait_ms (300);
  {
    g_autoptr(JsonNode) root = call (f, form);
    JsonObject *d = doc (root);
    const char *key = val (d, "lickey");

    g_assert_cmpstr (orig (d, "status"), ==, "2");
    g_assert_true (g_str_has_prefix (key, prefix));
    g_assert_cmpuint (strlen (key), ==, strlen (prefix) + 32);
    for (const char *p = key + strlen (prefix); *p; p++)
      g_assert_true (g_ascii_isxdigit (*p));
  }
  state = lookup (f, id);
  g_assert_cmpint (json_object_get_int_member (state, "status"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (state, "autoprolong"), ==, "1");

  /* One license per IP. */
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                        "&skipbasket=on&pricelist=55228&period=12&licname=dup"
                                        "&ip=198.51.100.250");

    assert_error (root, "exists", "ip");
    g_assert_cmpstr (val (error_of (root), "msg"), ==,
                     "The IP address 198.51.100.250 already has an ispmanager license ");
  }
  /* Invalid IP, with the real message (trailing space). */
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                        "&skipbasket=on&pricelist=55228&period=12&licname=x"
                                        "&ip=1.2.3");
    JsonArray *params;

    assert_error (root, "value", "ip");
    g_assert_cmpstr (val (error_of (root), "msg"), ==,
                     "The value of field 'IP address' is invalid '1.2.3'. ");
    params = json_object_get_array_member (error_of (root), "param");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (params, 1), "$"),
                     ==, "1.2.3");
  }
  /* Missing name, trial with a month, business without nodes, unknown tariff, bad autoprolong. */
  {
#define ORDER "func=soft.order.param&sok=ok&clicked_button=finish&skipbasket=on"
    g_autoptr(JsonNode) r1 = call (f, ORDER "&pricelist=55228&period=12&ip=198.51.100.251");
    g_autoptr(JsonNode) r2 = call (f, ORDER "&pricelist=55239&period=1&licname=t"
                                      "&ip=198.51.100.251");
    g_autoptr(JsonNode) r3 = call (f, ORDER "&pricelist=55230&period=1&licname=b"
                                      "&ip=198.51.100.251");
    g_autoptr(JsonNode) r4 = call (f, ORDER "&pricelist=99999&period=1&licname=b"
                                      "&ip=198.51.100.251");
    g_autoptr(JsonNode) r5 = call (f, ORDER "&pricelist=55227&period=1&licname=b"
                                      "&ip=198.51.100.251&autoprolong=7");
    g_autoptr(JsonNode) r6 = call (f, ORDER "&pricelist=55230&period=1&licname=b"
                                      "&ip=198.51.100.251&addon_55236=0");
#undef ORDER

    assert_error (r1, "missed", "licname");
    assert_error (r2, "value", "period");
    assert_error (r3, "missed", "addon_55236");
    assert_error (r4, "value", "pricelist");
    assert_error (r5, "value", "autoprolong");
    assert_error (r6, "value", "addon_55236");
  }
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 6);

  /* A trial and a business license with nodes; IPv6 is fine. */
  {
    g_autofree char *tid = order (f, "pricelist=55239&period=-100&licname=trial&ip=2001:db8::77");
    g_autofree char *bid = order (f, "pricelist=55230&period=12&licname=biz&ip=198.51.100.252"
                                     "&addon_55236=3&autoprolong=12");
    g_autoptr(JsonObject) t = lookup (f, tid);
    g_autoptr(JsonObject) b = lookup (f, bid);

    g_assert_cmpint (json_object_get_int_member (t, "period"), ==, -100);
    g_assert_cmpstr (json_object_get_string_member (t, "autoprolong"), ==, "null");
    g_assert_cmpint (json_object_get_int_member (b, "nodes"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (b, "pricelist"), ==, "55230");
  }

  /* Into the cart: a billorder, no license. */
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.order.param&sok=ok&clicked_button=finish"
                                        "&pricelist=55229&period=1&licname=cart&ip=198.51.100.253");
    g_autoptr(JsonNode) dump = NULL;
    JsonObject *d = doc (root);
    JsonArray *basket;

    g_assert_true (json_object_has_member (d, "ok"));
    g_assert_nonnull (val (d, "billorder.id"));
    g_assert_false (json_object_has_member (d, "id"));
    g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 8);
    dump = isplic_sim_dump (f->sim);
    basket = json_object_get_array_member (json_node_get_object (dump), "basket");
    g_assert_cmpuint (json_array_get_length (basket), ==, 1);
  }
  /* Without sok: the order form, nothing created. */
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.order.param&pricelist=55229");

    g_assert_true (json_object_has_member (doc (root), "slist"));
    g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 8);
  }
}

static void
test_checkip (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) lic = lookup (f, "3100001");
  const char *ip = json_object_get_string_member (lic, "ip");
  g_autofree char *taken = g_strdup_printf ("func=soft.checkip&pricelist=55227&period=1&ip=%s", ip);
  g_autofree char *msg = g_strdup_printf ("The IP address %s already has an ispmanager license ",
                                          ip);
  g_autoptr(JsonNode) free_ip = call (f, "func=soft.checkip&pricelist=55227&period=1"
                                         "&ip=203.0.113.254");
  g_autoptr(JsonNode) bad = call (f, "func=soft.checkip&pricelist=55227&period=1&ip=300.1.1.1");
  g_autoptr(JsonNode) missing = call (f, "func=soft.checkip&pricelist=55227&period=1");
  g_autoptr(JsonNode) used = call (f, taken);

  g_assert_true (json_object_has_member (doc (free_ip), "ok"));
  g_assert_false (json_object_has_member (doc (free_ip), "error"));
  assert_error (bad, "value", "ip");
  assert_error (missing, "missed", "ip");
  assert_error (used, "exists", "ip");
  g_assert_cmpstr (val (error_of (used), "msg"), ==, msg);
}

static void
test_prolong (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *now = today ();
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *form = NULL;

  isplic_sim_set_key_delay (f->sim, 0);
  id = order (f, "pricelist=55228&period=1&licname=renew-me&ip=203.0.113.200");
  expected = today_plus_months (now, 1 + 12);

  /* The form: current and new expiry and the period choices. */
  form = g_strdup_printf ("func=service.prolong&elid=%s&period=12", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    JsonObject *d = doc (root);
    g_autofree char *cur = today_plus_months (now, 1);

    g_assert_cmpstr (val (d, "expiredate"), ==, cur);
    g_assert_cmpstr (val (d, "newexpiredate"), ==, expected);
    g_assert_nonnull (val (d, "title_name"));
    g_assert_true (json_object_has_member (d, "slist"));
    g_assert_false (json_object_has_member (d, "ok"));
  }
  g_free (form);
  form = g_strdup_printf ("func=service.prolong&elid=%s&period=12&sok=ok", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    JsonObject *d = doc (root);
    g_autoptr(JsonObject) state = lookup (f, id);

    g_assert_true (json_object_has_member (d, "ok"));
    /* The new date is nested in doc.doc. */
    g_assert_false (json_object_has_member (d, "newexpiredate"));
    g_assert_cmpstr (val (json_object_get_object_member (d, "doc"), "newexpiredate"), ==, expected);
    g_assert_cmpstr (json_object_get_string_member (state, "expiredate"), ==, expected);
  }

  /* A suspended license renews from today. */
  g_free (form);
  form = g_strdup_printf ("func=soft.suspend&elid=%s", id);
  g_clear_pointer (&expected, g_free);
  expected = today_plus_months (now, 1);
  {
    g_autoptr(JsonNode) r1 = call (f, form);
    g_autofree char *p = g_strdup_printf ("func=service.prolong&elid=%s&period=1&sok=ok", id);
    g_autoptr(JsonNode) r2 = call (f, p);

    g_assert_true (json_object_has_member (doc (r1), "ok"));
    g_assert_cmpstr (val (json_object_get_object_member (doc (r2), "doc"), "newexpiredate"),
                     ==, expected);
  }

  /* Trials cannot be renewed; unknown ids and bad periods are refused. */
  {
    g_autofree char *tid = order (f, "pricelist=55240&period=-100&licname=t&ip=203.0.113.201");
    g_autofree char *p = g_strdup_printf ("func=service.prolong&elid=%s&period=1&sok=ok", tid);
    g_autoptr(JsonNode) r1 = call (f, p);
    g_autoptr(JsonNode) r2 = call (f, "func=service.prolong&elid=999&period=1&sok=ok");
    g_autofree char *p3 = g_strdup_printf ("func=service.prolong&elid=%s&period=5&sok=ok", id);
    g_autoptr(JsonNode) r3 = call (f, p3);
    g_autoptr(JsonObject) t = lookup (f, tid);

    assert_error (r1, "not_supported", NULL);
    g_assert_nonnull (strstr (val (error_of (r1), "msg"), "Trial"));
    assert_error (r2, "missed", "elid");
    g_assert_nonnull (strstr (val (error_of (r2), "msg"), "'999'"));
    assert_error (r3, "value", "period");
    g_assert_cmpstr (json_object_get_string_member (t, "expiredate"), !=, expected);
  }

  /* Several ids joined by ", " renew together; one refusal renews none of them. */
  {
    g_autofree char *a = order (f, "pricelist=55227&period=1&licname=ga&ip=203.0.113.202");
    g_autofree char *b = order (f, "pricelist=55229&period=12&licname=gb&ip=203.0.113.203");
    g_autofree char *tid = order (f, "pricelist=55239&period=-100&licname=gt&ip=203.0.113.204");
    g_autofree char *mixed = g_strdup_printf ("func=service.prolong&elid=%s, %s&period=1&sok=ok",
                                              a, tid);
    g_autofree char *both = g_strdup_printf ("func=service.prolong&elid=%s, %s&period=12&sok=ok",
                                             a, b);
    g_autofree char *a_once = today_plus_months (now, 1);
    g_autofree char *a_after = today_plus_months (now, 1 + 12);
    g_autofree char *b_after = today_plus_months (now, 12 + 12);
    g_autoptr(JsonNode) r1 = call (f, mixed);
    g_autoptr(JsonObject) a1 = lookup (f, a);
    g_autoptr(JsonNode) r2 = NULL;
    g_autoptr(JsonObject) a2 = NULL;
    g_autoptr(JsonObject) b2 = NULL;

    assert_error (r1, "not_supported", NULL);
    g_assert_cmpstr (json_object_get_string_member (a1, "expiredate"), ==, a_once);

    r2 = call (f, both);
    a2 = lookup (f, a);
    b2 = lookup (f, b);
    g_assert_true (json_object_has_member (doc (r2), "ok"));
    g_assert_false (json_object_has_member (doc (r2), "doc"));
    g_assert_cmpstr (json_object_get_string_member (a2, "expiredate"), ==, a_after);
    g_assert_cmpstr (json_object_get_string_member (b2, "expiredate"), ==, b_after);
  }
}

static void
test_changepricelist (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *form = NULL;
  g_autofree char *same = NULL;
  g_autofree char *trial = NULL;
  g_autofree char *view = NULL;

  isplic_sim_set_key_delay (f->sim, 0);
  id = order (f, "pricelist=55227&period=1&licname=tariff&ip=203.0.113.210");
  view = g_strdup_printf ("func=service.changepricelist&elid=%s", id);
  {
    g_autoptr(JsonNode) root = call (f, view);

    g_assert_cmpstr (val (doc (root), "pricelist"), ==, "55227");
    g_assert_true (json_object_has_member (doc (root), "slist"));
  }
  form = g_strdup_printf ("func=service.changepricelist&elid=%s&pricelist=55228&sok=ok", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    g_autoptr(JsonObject) state = lookup (f, id);

    g_assert_true (json_object_has_member (doc (root), "ok"));
    g_assert_cmpstr (json_object_get_string_member (state, "pricelist"), ==, "55228");
  }
  same = g_strdup_printf ("func=service.changepricelist&elid=%s&pricelist=55228&sok=ok", id);
  trial = g_strdup_printf ("func=service.changepricelist&elid=%s&pricelist=55239&sok=ok", id);
  {
    g_autoptr(JsonNode) r1 = call (f, same);
    g_autoptr(JsonNode) r2 = call (f, trial);
    g_autoptr(JsonObject) state = lookup (f, id);

    assert_error (r1, "value", "pricelist");
    assert_error (r2, "value", "pricelist");
    g_assert_cmpstr (json_object_get_string_member (state, "pricelist"), ==, "55228");
  }
  /* To business: nodes default to 1 or come from addon_55236. */
  g_free (form);
  form = g_strdup_printf ("func=service.changepricelist&elid=%s&pricelist=55230&addon_55236=4"
                          "&sok=ok", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    g_autoptr(JsonObject) state = lookup (f, id);

    g_assert_true (json_object_has_member (doc (root), "ok"));
    g_assert_cmpint (json_object_get_int_member (state, "nodes"), ==, 4);
  }
}

static void
test_group (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) l1 = NULL;
  g_autoptr(JsonObject) l2 = NULL;

  isplic_sim_set_key_delay (f->sim, 0);
  g_free (order (f, "pricelist=55227&period=1&licname=g1&ip=203.0.113.220"));
  g_free (order (f, "pricelist=55227&period=1&licname=g2&ip=203.0.113.221"));
  g_free (order (f, "pricelist=55227&period=1&licname=g3&ip=203.0.113.222"));

  {
    g_autoptr(JsonNode) root = call (f, "func=soft.suspend&elid=3100006, 3100007");

    g_assert_true (json_object_has_member (doc (root), "ok"));
    l1 = lookup (f, "3100006");
    l2 = lookup (f, "3100007");
    g_assert_cmpint (json_object_get_int_member (l1, "status"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (l2, "status"), ==, 3);
  }
  /* One unknown id: an error naming it, and nothing changes. */
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.resume&elid=3100006, 3199999");
    g_autoptr(JsonObject) s = lookup (f, "3100006");

    assert_error (root, "missed", "elid");
    g_assert_nonnull (strstr (val (error_of (root), "msg"), "3199999"));
    g_assert_cmpint (json_object_get_int_member (s, "status"), ==, 3);
  }
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.resume&elid=3100006, 3100007");
    g_autoptr(JsonObject) s1 = lookup (f, "3100006");
    g_autoptr(JsonObject) s2 = lookup (f, "3100007");

    g_assert_true (json_object_has_member (doc (root), "ok"));
    g_assert_cmpint (json_object_get_int_member (s1, "status"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (s2, "status"), ==, 2);
  }
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.delete&elid=3100007, 3100008&sok=ok");
    g_autoptr(JsonNode) list = call (f, "func=soft&p_cnt=100");
    g_autoptr(JsonObject) s = lookup (f, "3100007");
    g_autoptr(JsonNode) again = call (f, "func=soft.edit&elid=3100007");
    g_autoptr(JsonNode) reuse = call (f, "func=soft.checkip&ip=203.0.113.221");

    g_assert_true (json_object_has_member (doc (root), "ok"));
    g_assert_cmpstr (val (doc (list), "p_elems"), ==, "6");
    g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, 6);
    g_assert_cmpint (json_object_get_int_member (s, "status"), ==, 4);
    assert_error (again, "missed", "elid");
    /* A deleted license frees its IP. */
    g_assert_true (json_object_has_member (doc (reuse), "ok"));
  }
  /* A deleted license cannot be renewed. */
  {
    g_autoptr(JsonNode) root = call (f, "func=service.prolong&elid=3100007&period=1&sok=ok");

    assert_error (root, "access", "elid");
    g_assert_nonnull (strstr (val (error_of (root), "msg"), "deleted"));
  }
  g_assert_cmpstr (json_object_get_string_member (l2, "ip"), ==, "203.0.113.221");
}

static void
test_edit_newkey_ip_limit (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *form = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *now = today ();

  isplic_sim_set_key_delay (f->sim, 0);
  id = order (f, "pricelist=55227&period=1&licname=edit-me&ip=203.0.113.230");
  {
    g_autoptr(JsonObject) s = lookup (f, id);

    old_key = g_strdup (json_object_get_string_member (s, "lickey"));
  }
  form = g_strdup_printf ("func=soft.edit&elid=%s&clicked_button=newkey&sok=ok", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    JsonObject *d = doc (root);
    g_autofree char *prefix = g_strdup_printf ("%s-", id);
    g_autoptr(JsonObject) s = lookup (f, id);

    g_assert_true (json_object_has_member (d, "ok"));
    g_assert_true (g_str_has_prefix (val (d, "lickey"), prefix));
    g_assert_cmpstr (val (d, "lickey"), !=, old_key);
    g_assert_cmpstr (json_object_get_string_member (s, "lickey"), ==, val (d, "lickey"));
    g_assert_cmpstr (json_object_get_string_member (s, "lickey_change_date"), ==, now);
  }
  /* Key changes are not limited. */
  {
    g_autoptr(JsonNode) root = call (f, form);

    g_assert_true (json_object_has_member (doc (root), "ok"));
  }

  g_free (form);
  form = g_strdup_printf ("func=soft.edit&elid=%s&licname=renamed&ip=203.0.113.231&sok=ok", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    JsonObject *d = doc (root);
    JsonObject *inner;
    g_autoptr(JsonObject) s = lookup (f, id);

    g_assert_true (json_object_has_member (d, "ok"));
    inner = json_object_get_object_member (d, "doc");
    g_assert_cmpstr (val (inner, "ip"), ==, "203.0.113.231");
    g_assert_cmpstr (val (inner, "licname"), ==, "renamed");
    g_assert_cmpstr (val (inner, "ip_change_date"), ==, now);
    g_assert_cmpstr (json_object_get_string_member (s, "ip"), ==, "203.0.113.231");
  }
  /* Only one IP change in 30 days; renaming alone is fine. */
  g_free (form);
  form = g_strdup_printf ("func=soft.edit&elid=%s&ip=203.0.113.232&sok=ok", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    g_autoptr(JsonObject) s = lookup (f, id);

    assert_error (root, "value", "ip");
    g_assert_nonnull (strstr (val (error_of (root), "msg"), "30 days"));
    g_assert_cmpstr (json_object_get_string_member (s, "ip"), ==, "203.0.113.231");
  }
  g_free (form);
  form = g_strdup_printf ("func=soft.edit&elid=%s&licname=again&ip=203.0.113.231&sok=ok", id);
  {
    g_autoptr(JsonNode) root = call (f, form);

    g_assert_true (json_object_has_member (doc (root), "ok"));
  }
  /* Another license's IP is refused; an empty name too. */
  {
    g_autoptr(JsonObject) other = lookup (f, "3100001");
    g_autofree char *f2 = g_strdup_printf ("func=soft.edit&elid=3100002&ip=%s&sok=ok",
                                           json_object_get_string_member (other, "ip"));
    g_autoptr(JsonNode) r1 = call (f, f2);
    g_autofree char *f3 = g_strdup_printf ("func=soft.edit&elid=%s&licname=%%20&sok=ok", id);
    g_autoptr(JsonNode) r2 = call (f, f3);

    assert_error (r1, "exists", "ip");
    assert_error (r2, "missed", "licname");
  }
  /* The view has the key and the dates at doc level. */
  g_free (form);
  form = g_strdup_printf ("func=soft.edit&elid=%s", id);
  {
    g_autoptr(JsonNode) root = call (f, form);
    JsonObject *d = doc (root);

    g_assert_cmpstr (val (d, "licname"), ==, "again");
    g_assert_cmpuint (strlen (val (d, "lickey")), >, 10);
    g_assert_cmpstr (val (d, "ip_change_date"), ==, now);
    g_assert_cmpstr (val (d, "elid"), ==, id);
  }
  /* Unknown function and missing elid. */
  {
    g_autoptr(JsonNode) r1 = call (f, "func=soft.frobnicate");
    g_autoptr(JsonNode) r2 = call (f, "func=soft.edit");

    assert_error (r1, "missed", "func");
    assert_error (r2, "missed", "elid");
  }
}

/* Orders a license for @ip; the answer must time out, with @n_licenses on the server after. */
static void
assert_order_times_out (Fixture    *f,
                        const char *auth,
                        const char *ip,
                        guint       n_licenses)
{
  g_autofree char *u = g_strdup_printf ("%s?func=soft.order.param&sok=ok&clicked_button=finish"
                                        "&skipbasket=on&pricelist=55227&period=1&licname=t"
                                        "&ip=%s&out=json&%s", f->url, ip, auth);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = send (f, msg, NULL, &error);

  g_assert_null (body);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, n_licenses);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *auth = authinfo ();
  g_autoptr(GError) error = NULL;

  /* HTTP 500 with an HTML body. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "soft=http500", &error));
  {
    g_autofree char *u = g_strdup_printf ("%s?func=soft&out=json&%s", f->url, auth);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
    guint status;
    g_autoptr(GBytes) body = send (f, msg, &status, &error);
    g_autofree char *text = body_text (body);

    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 500);
    g_assert_true (g_str_has_prefix (text, "<html>"));
  }
  /* Other functions are not affected. */
  {
    g_autoptr(JsonNode) root = call (f, "func=soft.checkip&ip=203.0.113.240");

    g_assert_true (json_object_has_member (doc (root), "ok"));
  }
  /* Malformed: HTTP 200, not JSON. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "soft=malformed", &error));
  {
    g_autofree char *u = g_strdup_printf ("%s?func=soft&out=json&%s", f->url, auth);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
    guint status;
    g_autoptr(GBytes) body = send (f, msg, &status, &error);
    g_autofree char *text = body_text (body);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) perr = NULL;

    g_assert_cmpuint (status, ==, 200);
    g_assert_true (g_str_has_prefix (text, "<html>"));
    g_assert_false (json_parser_load_from_data (parser, text, -1, &perr));
  }
  /* Truncated JSON. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "*=truncated", &error));
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_NONE);
  {
    g_autofree char *u = g_strdup_printf ("%s?func=soft.checkip&ip=203.0.113.241&out=json&%s",
                                          f->url, auth);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
    g_autoptr(GBytes) body = send (f, msg, NULL, &error);
    g_autofree char *text = body_text (body);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) perr = NULL;

    g_assert_true (g_str_has_prefix (text, "{\"doc\":"));
    g_assert_false (json_parser_load_from_data (parser, text, -1, &perr));
  }
  isplic_sim_set_fault (f->sim, "*", ISPLIC_SIM_FAULT_NONE);
  g_assert_false (isplic_sim_parse_fault (f->sim, "soft=explode", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (isplic_sim_parse_fault (f->sim, "nofunc", &error));
  g_clear_error (&error);

  /* Timeout: never answered; the client's timeout fires. */
  use_timeout (f, 1);
  g_assert_true (isplic_sim_parse_fault (f->sim, "soft.order.param=timeout", &error));
  assert_order_times_out (f, auth, "203.0.113.242", 5);
  /* timeout-after: the order happens, the answer never comes. */
  g_assert_true (isplic_sim_parse_fault (f->sim, "soft.order.param=timeout-after", &error));
  assert_order_times_out (f, auth, "203.0.113.243", 6);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.order.param"), ==, 2);
}

static void
test_latency (Fixture       *f,
              gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();

  isplic_sim_set_latency (f->sim, 300);
  {
    g_autoptr(JsonNode) root = call (f, "func=soft&p_cnt=1");

    g_assert_true (json_object_has_member (doc (root), "elem"));
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
}

/* A client that gives up while the answer is delayed leaves the server working. */
static void
test_latency_abandoned (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *auth = authinfo ();
  g_autofree char *u = g_strdup_printf ("%s?func=soft&out=json&%s", f->url, auth);
  g_autoptr(GError) error = NULL;

  isplic_sim_set_latency (f->sim, 1500);
  use_timeout (f, 1);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
    g_autoptr(GBytes) body = send (f, msg, NULL, &error);

    g_assert_null (body);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    g_clear_error (&error);
  }
  wait_ms (800);
  isplic_sim_set_latency (f->sim, 0);
  use_timeout (f, 10);
  {
    g_autoptr(JsonNode) root = call (f, "func=soft&p_cnt=1");

    g_assert_true (json_object_has_member (doc (root), "elem"));
  }
  /* An empty sok is no sok: the form, not a change. */
  {
    g_autoptr(JsonNode) root = call (f, "func=service.prolong&elid=3100001&period=1&sok=");

    g_assert_false (json_object_has_member (doc (root), "ok"));
    g_assert_true (json_object_has_member (doc (root), "newexpiredate"));
  }
}

static void
test_log_redaction (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *auth = authinfo ();
  g_autofree char *u = g_strdup_printf ("%s?func=soft&out=json&%s", f->url, auth);
  g_autofree char *login = g_strdup_printf ("%s?func=auth&out=json&username=%s&password=%s",
                                            f->url, USER, PASSWORD);
  g_autofree char *requests = g_strdup_printf ("%s/sim/requests", f->base);
  g_autoptr(GError) error = NULL;
  GPtrArray *log;

  isplic_sim_clear_requests (f->sim);
  {
    g_autoptr(SoupMessage) m1 = soup_message_new ("GET", u);
    g_autoptr(GBytes) b1 = send (f, m1, NULL, &error);
    g_autoptr(SoupMessage) m2 = soup_message_new ("GET", login);
    g_autoptr(GBytes) b2 = send (f, m2, NULL, &error);
    g_autoptr(JsonNode) r3 = call (f, "func=soft.checkip&ip=203.0.113.9");
    g_autofree char *t2 = body_text (b2);
    g_autofree char *t1 = body_text (b1);
    g_autoptr(JsonNode) d3 = json_node_copy (r3);

    g_assert_nonnull (t1);
    g_assert_nonnull (d3);
    /* Not even tparams echo the password. */
    g_assert_null (strstr (t2, PASSWORD "\""));
    g_assert_null (strstr (t2, "\"password\""));
  }
  log = isplic_sim_get_requests (f->sim);
  g_assert_cmpuint (log->len, ==, 3);
  for (guint i = 0; i < log->len; i++)
    {
      IsplicSimRequest *r = log->pdata[i];
      GHashTableIter iter;
      gpointer k, v;

      g_assert_true (r->query == NULL || strstr (r->query, PASSWORD) == NULL);
      g_hash_table_iter_init (&iter, r->params);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_assert_null (strstr (v, PASSWORD));
    }
  {
    IsplicSimRequest *login_req = log->pdata[1];

    g_assert_cmpstr (g_hash_table_lookup (login_req->params, "password"), ==, "***");
    g_assert_cmpstr (g_hash_table_lookup (login_req->params, "username"), ==, USER);
  }
  g_assert_cmpstr (((IsplicSimRequest *) log->pdata[2])->func, ==, "soft.checkip");

  /* The same log over HTTP. */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", requests);
    g_autoptr(GBytes) body = send (f, msg, NULL, &error);
    g_autofree char *text = body_text (body);
    g_autoptr(JsonNode) root = parse (body);
    JsonArray *arr = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (arr), ==, 3);
    g_assert_null (strstr (text, PASSWORD "\""));
    g_assert_null (strstr (text, ":" PASSWORD));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arr, 2), "func"),
                     ==, "soft.checkip");
  }
}

static void
test_state_endpoint (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *u = g_strdup_printf ("%s/sim/state", f->base);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
  g_autoptr(GError) error = NULL;
  guint status;
  g_autoptr(GBytes) body = send (f, msg, &status, &error);
  g_autoptr(JsonNode) root = parse (body);
  JsonArray *lics = json_object_get_array_member (json_node_get_object (root), "licenses");
  JsonObject *first = json_array_get_object_element (lics, 0);

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (lics), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "3100001");
  g_assert_true (json_object_has_member (first, "lickey"));
  g_assert_true (json_object_has_member (first, "expiredate"));
}

/* /sim/control changes faults, latency and the key delay of a running server. */
static void
test_control_endpoint (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *auth = authinfo ();
  g_autofree char *list = g_strdup_printf ("%s?func=soft&out=json&%s", f->url, auth);
  g_autofree char *fail = g_strdup_printf ("%s/sim/control?fail=soft%%3Dhttp500", f->base);
  g_autofree char *clear = g_strdup_printf ("%s/sim/control?fail=soft%%3Dnone&key_delay=0"
                                            "&clear_requests=1", f->base);
  g_autofree char *bad = g_strdup_printf ("%s/sim/control?fail=soft%%3Dexplode", f->base);
  g_autofree char *bad_ms = g_strdup_printf ("%s/sim/control?latency=soon", f->base);

  g_assert_cmpuint (get_status (f, list), ==, 200);
  g_assert_cmpuint (get_status (f, fail), ==, 200);
  g_assert_cmpuint (get_status (f, list), ==, 500);
  g_assert_cmpuint (get_status (f, bad), ==, 400);
  g_assert_cmpuint (get_status (f, bad_ms), ==, 400);
  g_assert_cmpuint (get_status (f, clear), ==, 200);
  g_assert_cmpuint (isplic_sim_get_requests (f->sim)->len, ==, 0);
  g_assert_cmpuint (get_status (f, list), ==, 200);
  /* key_delay=0: an order is active with a key at once. */
  {
    g_autofree char *id = order (f, "pricelist=55227&period=1&licname=now&ip=192.0.2.250");
    g_autoptr(JsonObject) o = lookup (f, id);

    g_assert_cmpint (json_object_get_int_member (o, "status"), ==, 2);
    g_assert_cmpuint (strlen (json_object_get_string_member (o, "lickey")), >, 10);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Without a fixture */

static void
test_state_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autoptr(IsplicSim) a = isplic_sim_new ();
  g_autoptr(IsplicSim) b = isplic_sim_new ();
  g_autoptr(JsonNode) da = NULL;
  g_autoptr(JsonNode) db = NULL;
  g_autoptr(JsonObject) lic = NULL;

  g_assert_no_error (error);
  g_assert_true (isplic_sim_set_state_file (a, path, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  isplic_sim_generate (a, 12, 3);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  da = isplic_sim_dump (a);

  /* One simulator per state file: b is refused while a has it, naming a's process. */
  {
    g_autofree char *lock = g_strconcat (path, ".lock", NULL);
    g_autofree char *pid = g_strdup_printf ("(pid %d)", (int) getpid ());

    g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));
    g_assert_false (isplic_sim_set_state_file (b, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
    g_assert_nonnull (strstr (error->message, "in use by another simulator"));
    g_assert_nonnull (strstr (error->message, pid));
    g_clear_error (&error);
    g_assert_cmpuint (isplic_sim_get_n_licenses (b), ==, 0);
    /* Letting the file go removes the lock. */
    g_assert_true (isplic_sim_set_state_file (a, NULL, &error));
    g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  }

  g_assert_true (isplic_sim_set_state_file (b, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (isplic_sim_get_n_licenses (b), ==, 12);
  db = isplic_sim_dump (b);
  g_assert_true (json_node_equal (da, db));
  lic = isplic_sim_lookup (b, "3100012");
  g_assert_nonnull (lic);
  g_assert_null (isplic_sim_lookup (b, "3100013"));
  g_assert_true (isplic_sim_set_state_file (b, NULL, &error));

  /* Any JSON of the same shape loads too (here pretty-printed, with the fields reordered by
   * json-glib), and gives the same state. */
  {
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autoptr(IsplicSim) c = isplic_sim_new ();
    g_autoptr(JsonNode) dc = NULL;

    json_generator_set_root (gen, da);
    json_generator_set_pretty (gen, TRUE);
    g_assert_true (json_generator_to_file (gen, path, &error));
    g_assert_true (isplic_sim_set_state_file (c, path, &error));
    g_assert_no_error (error);
    dc = isplic_sim_dump (c);
    g_assert_true (json_node_equal (da, dc));
  }
  /* Two live licenses on one IP are refused. */
  {
    g_autoptr(IsplicSim) c = isplic_sim_new ();
    const char *two = "{\"licenses\":["
      "{\"id\":\"5\",\"ip\":\"192.0.2.1\",\"pricelist\":\"55227\",\"status\":2},"
      "{\"id\":\"6\",\"ip\":\"192.0.2.1\",\"pricelist\":\"55228\",\"status\":2}]}";

    g_assert_true (g_file_set_contents (path, two, -1, NULL));
    g_assert_false (isplic_sim_set_state_file (c, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
  /* A broken file is an error, not a crash. */
  g_assert_true (g_file_set_contents (path, "{not json", -1, NULL));
  {
    g_autoptr(IsplicSim) c = isplic_sim_new ();

    g_assert_false (isplic_sim_set_state_file (c, path, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* Every truncation of a state file is refused cleanly (the fast reader must not overrun). */
static void
test_state_file_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.json", NULL);
  g_autoptr(IsplicSim) a = isplic_sim_new ();
  g_autofree char *text = NULL;
  gsize len;
  guint loaded = 0;

  g_assert_true (isplic_sim_set_state_file (a, path, &error));
  isplic_sim_generate (a, 3, 11);
  g_assert_true (g_file_get_contents (path, &text, &len, &error));
  for (gsize n = 0; n < len; n++)
    {
      g_autoptr(IsplicSim) b = isplic_sim_new ();

      g_assert_true (g_file_set_contents (cut, text, (gssize) n, &error));
      if (isplic_sim_set_state_file (b, cut, &error))
        loaded++;
      else
        g_clear_error (&error);
    }
  /* Only the cut that drops just the final newline is still a whole document. */
  g_assert_cmpuint (loaded, ==, 1);
  g_unlink (cut);
  g_unlink (path);
  g_rmdir (dir);
}

/* Changes over HTTP are saved and survive a restart. */
static void
test_state_roundtrip_http (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  Fixture f = { 0, };
  g_autofree char *id = NULL;

  fixture_setup (&f, GUINT_TO_POINTER (4));
  g_assert_true (isplic_sim_set_state_file (f.sim, path, &error));
  isplic_sim_set_key_delay (f.sim, 0);
  id = order (&f, "pricelist=55229&period=12&licname=persist&ip=192.0.2.222");
  {
    g_autoptr(JsonNode) r = call (&f, "func=soft.suspend&elid=3100001");

    g_assert_true (json_object_has_member (doc (r), "ok"));
  }
  fixture_teardown (&f, NULL);

  {
    g_autoptr(IsplicSim) b = isplic_sim_new ();
    g_autoptr(JsonObject) o = NULL;
    g_autoptr(JsonObject) s = NULL;

    g_assert_true (isplic_sim_set_state_file (b, path, &error));
    g_assert_cmpuint (isplic_sim_get_n_licenses (b), ==, 5);
    o = isplic_sim_lookup (b, id);
    g_assert_cmpstr (json_object_get_string_member (o, "licname"), ==, "persist");
    g_assert_cmpstr (json_object_get_string_member (o, "ip"), ==, "192.0.2.222");
    g_assert_cmpint (json_object_get_int_member (o, "period"), ==, 12);
    s = isplic_sim_lookup (b, "3100001");
    g_assert_cmpint (json_object_get_int_member (s, "status"), ==, 3);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_generate_deterministic (void)
{
  g_autoptr(IsplicSim) a = isplic_sim_new ();
  g_autoptr(IsplicSim) b = isplic_sim_new ();
  g_autoptr(JsonNode) da = NULL;
  g_autoptr(JsonNode) db = NULL;
  g_autoptr(JsonNode) dc = NULL;
  JsonArray *lics;
  guint statuses[6] = { 0, };
  guint trials = 0, soon = 0, ipv6 = 0;
  g_autofree char *now = today ();
  g_autofree char *in14 = NULL;

  isplic_sim_generate (a, 300, 99);
  isplic_sim_generate (b, 300, 99);
  da = isplic_sim_dump (a);
  db = isplic_sim_dump (b);
  g_assert_true (json_node_equal (da, db));
  isplic_sim_generate (b, 300, 100);
  dc = isplic_sim_dump (b);
  g_assert_false (json_node_equal (da, dc));

  {
    GDate d;
    int y, m, day;

    sscanf (now, "%d-%d-%d", &y, &m, &day);
    g_date_clear (&d, 1);
    g_date_set_dmy (&d, day, m, y);
    g_date_add_days (&d, 14);
    in14 = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d),
                            g_date_get_day (&d));
  }
  lics = json_object_get_array_member (json_node_get_object (da), "licenses");
  g_assert_cmpuint (json_array_get_length (lics), ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      JsonObject *o = json_array_get_object_element (lics, i);
      const char *exp = json_object_get_string_member (o, "expiredate");
      int st = (int) json_object_get_int_member (o, "status");

      g_assert_cmpint (st, >=, 1);
      g_assert_cmpint (st, <=, 5);
      statuses[st]++;
      trials += json_object_get_int_member (o, "period") == -100;
      soon += strcmp (exp, now) >= 0 && strcmp (exp, in14) <= 0;
      ipv6 += strchr (json_object_get_string_member (o, "ip"), ':') != NULL;
      if (st != 5)
        {
          g_autofree char *prefix = NULL;

          prefix = g_strdup_printf ("%s-", json_object_get_string_member (o, "id"));

          g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "lickey"), prefix));
        }
    }
  /* Mostly active, some suspended, a few processing; trials, soon-expiring and IPv6 present. */
  g_assert_cmpuint (statuses[2], >, 200);
  g_assert_cmpuint (statuses[3], >, 5);
  g_assert_cmpuint (statuses[5], >, 0);
  g_assert_cmpuint (trials, >, 5);
  g_assert_cmpuint (soon, >, 10);
  g_assert_cmpuint (ipv6, >, 2);
}

static double
render_seconds (IsplicSim *sim,
                guint      n,
                gsize     *len)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *body = isplic_sim_render_list (sim, n, len);

  g_assert_true (g_str_has_prefix (body, "{\"doc\":"));
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
test_large (void)
{
  g_autoptr(IsplicSim) sim = isplic_sim_new ();
  g_autoptr(JsonNode) dump = NULL;
  g_autoptr(GHashTable) ips = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *lics;
  gint64 start = g_get_monotonic_time ();
  double t10k, t100k, tpage;
  gsize len10k, len100k, lenpage;

  isplic_sim_generate (sim, 100000, 1);
  g_test_message ("generate 100,000: %.3f s", (g_get_monotonic_time () - start) / 1e6);
  dump = isplic_sim_dump (sim);
  lics = json_object_get_array_member (json_node_get_object (dump), "licenses");
  g_assert_cmpuint (json_array_get_length (lics), ==, 100000);
  for (guint i = 0; i < 100000; i++)
    g_assert_true (g_hash_table_add (ips, (gpointer) json_object_get_string_member (
                                       json_array_get_object_element (lics, i), "ip")));

  tpage = render_seconds (sim, 20, &lenpage);
  t100k = render_seconds (sim, 100000, &len100k);
  isplic_sim_generate (sim, 10000, 1);
  t10k = render_seconds (sim, 10000, &len10k);
  g_test_message ("render func=soft: 10,000 rows %.3f s (%zu bytes); "
                  "100,000 rows %.3f s (%zu bytes); a 20-row page of 100,000 %.4f s",
                  t10k, len10k, t100k, len100k, tpage);
  /* Generous bounds (the machine may be busy); the aim is < 1 s for 100k. A page costs the
   * same whatever the size of the account. */
#if defined(__SANITIZE_ADDRESS__)
  g_assert_cmpfloat (t100k, <, 20.0);
  g_assert_cmpfloat (tpage, <, 0.2);
#else
  g_assert_cmpfloat (t100k, <, 5.0);
  g_assert_cmpfloat (tpage, <, 0.05);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, n, fn) \
  g_test_add ("/sim/" name, Fixture, GUINT_TO_POINTER (n), fixture_setup, fn, fixture_teardown)

  ADD ("list/shapes", 3, test_list_shapes);
  ADD ("list/default-page", 45, test_list_default_page);
  ADD ("list/filter", 5, test_list_filter);
  ADD ("list/persistent-filter", 5, test_list_persistent_filter);
  ADD ("auth/badpassword", 5, test_auth);
  ADD ("auth/session", 5, test_session);
  ADD ("auth/special-password", 5, test_special_password);
  ADD ("http/transports", 5, test_transports);
  ADD ("http/jsonp-xml-ru", 5, test_jsonp_xml_ru);
  ADD ("order", 5, test_order);
  ADD ("checkip", 5, test_checkip);
  ADD ("prolong", 5, test_prolong);
  ADD ("changepricelist", 5, test_changepricelist);
  ADD ("group", 5, test_group);
  ADD ("edit", 5, test_edit_newkey_ip_limit);
  ADD ("faults", 5, test_faults);
  ADD ("latency", 5, test_latency);
  ADD ("latency-abandoned", 5, test_latency_abandoned);
  ADD ("log-redaction", 5, test_log_redaction);
  ADD ("state-endpoint", 5, test_state_endpoint);
  ADD ("control-endpoint", 5, test_control_endpoint);
  g_test_add_func ("/sim/state-file", test_state_file);
  g_test_add_func ("/sim/state-file-truncated", test_state_file_truncated);
  g_test_add_func ("/sim/state-roundtrip-http", test_state_roundtrip_http);
  g_test_add_func ("/sim/generate-deterministic", test_generate_deterministic);
  g_test_add_func ("/sim/large", test_large);

  return g_test_run ();
}
