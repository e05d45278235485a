/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fixture of the in-process simulator tests: a simulator on loopback, a libsoup session and
 * helpers to call it and read billmgr's JSON. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "isplic-sim.h"
#include "test-sim-http.h"

#define USER ISPLIC_SIM_DEFAULT_USER
#define PASSWORD ISPLIC_SIM_DEFAULT_PASSWORD

typedef struct {
  IsplicSim   *sim;
  SoupSession *session;
  char        *url;   /* …/billmgr */
  char        *base;  /* http://127.0.0.1:PORT */
} Fixture;

G_GNUC_UNUSED static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n = GPOINTER_TO_UINT (data);

  f->sim = isplic_sim_new ();
  isplic_sim_set_key_delay (f->sim, 200);
  isplic_sim_set_logging (f->sim, TRUE);
  isplic_sim_generate (f->sim, n ? n : 5, 42);
  /* Enough for every order of the tests that are not about money (those set their own). */
  isplic_sim_set_balance (f->sim, 1000000);
  g_assert_true (isplic_sim_start (f->sim, 0, &error));
  g_assert_no_error (error);
  f->url = isplic_sim_get_url (f->sim);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", isplic_sim_get_port (f->sim));
  g_assert_true (g_str_has_suffix (f->url, "/billmgr"));
  f->session = soup_session_new ();
  soup_session_set_timeout (f->session, 10);
}

G_GNUC_UNUSED static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  isplic_sim_stop (f->sim);
  g_assert_finalize_object (f->sim);
  g_free (f->url);
  g_free (f->base);
}

/* Sends @msg while the main context runs the server; returns the body or NULL with @error. */
G_GNUC_UNUSED static GBytes *
send (Fixture      *f,
      SoupMessage  *msg,
      guint        *status,
      GError      **error)
{
  GBytes *body = test_sim_send (f->session, msg, error);

  if (status)
    *status = soup_message_get_status (msg);
  return body;
}

/* The timeout applies to new connections only, so a short one needs a fresh session. */
G_GNUC_UNUSED static void
use_timeout (Fixture *f,
             guint    seconds)
{
  g_clear_object (&f->session);
  f->session = soup_session_new ();
  soup_session_set_timeout (f->session, seconds);
}

G_GNUC_UNUSED static char *
authinfo (void)
{
  g_autofree char *v = g_strdup_printf ("%s:%s", USER, PASSWORD);
  g_autofree char *esc = g_uri_escape_string (v, NULL, TRUE);

  return g_strdup_printf ("authinfo=%s", esc);
}

G_GNUC_UNUSED static char *
body_text (GBytes *bytes)
{
  gsize n;
  const char *data = g_bytes_get_data (bytes, &n);

  return g_strndup (data, n);
}

G_GNUC_UNUSED static JsonNode *
parse (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize n;
  const char *data = g_bytes_get_data (bytes, &n);

  json_parser_load_from_data (parser, data, (gssize) n, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* POSTs @form (urlencoded, authinfo and out=json added) and returns the root; asserts HTTP 200. */
G_GNUC_UNUSED static JsonNode *
call (Fixture    *f,
      const char *form)
{
  g_autofree char *auth = authinfo ();
  g_autofree char *text = g_strdup_printf ("out=json&%s&%s", form, auth);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", f->url);
  g_autoptr(GBytes) req = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, req);
  body = send (f, msg, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  return parse (body);
}

G_GNUC_UNUSED static JsonObject *
doc (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_get_object_member (json_node_get_object (root), "doc");
}

/* o[name]["$"] */
G_GNUC_UNUSED static const char *
val (JsonObject *o,
     const char *name)
{
  JsonObject *m;

  g_assert_true (json_object_has_member (o, name));
  m = json_object_get_object_member (o, name);
  return json_object_get_string_member (m, "$");
}

G_GNUC_UNUSED static const char *
orig (JsonObject *o,
      const char *name)
{
  return json_object_get_string_member (json_object_get_object_member (o, name), "$orig");
}

G_GNUC_UNUSED static JsonObject *
error_of (JsonNode *root)
{
  JsonObject *d = doc (root);

  g_assert_true (json_object_has_member (d, "error"));
  return json_object_get_object_member (d, "error");
}

G_GNUC_UNUSED static void
assert_error (JsonNode   *root,
              const char *type,
              const char *object)
{
  JsonObject *e = error_of (root);

  g_assert_cmpstr (json_object_get_string_member (e, "$type"), ==, type);
  if (object)
    g_assert_cmpstr (json_object_get_string_member (e, "$object"), ==, object);
  g_assert_nonnull (val (e, "msg"));
  g_assert_false (json_object_has_member (doc (root), "ok"));
}

G_GNUC_UNUSED static JsonObject *
lookup (Fixture    *f,
        const char *id)
{
  JsonObject *o = isplic_sim_lookup (f->sim, id);

  g_assert_nonnull (o);
  return o;
}

G_GNUC_UNUSED static char *
today_plus_months (const char *from,
                   int         months)
{
  GDate d;
  int y, m, day;

  g_assert_cmpint (sscanf (from, "%d-%d-%d", &y, &m, &day), ==, 3);
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, m, y);
  g_date_add_months (&d, months);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

G_GNUC_UNUSED static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Spins the main loop for @ms milliseconds. */
G_GNUC_UNUSED static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}


G_GNUC_UNUSED static char *
order (Fixture    *f,
       const char *extra)
{
  g_autofree char *form = g_strdup_printf ("func=soft.order.param&sok=ok&clicked_button=finish"
                                           "&skipbasket=on&%s", extra);
  g_autoptr(JsonNode) root = call (f, form);
  JsonObject *d = doc (root);

  g_assert_false (json_object_has_member (d, "error"));
  g_assert_true (json_object_has_member (d, "ok"));
  g_assert_cmpstr (val (d, "id"), ==, val (d, "item.id"));
  return g_strdup (val (d, "id"));
}

G_GNUC_UNUSED static guint
get_status (Fixture    *f,
            const char *url)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = send (f, msg, &status, &error);
  g_assert_no_error (error);
  return status;
}
