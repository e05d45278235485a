/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What goes over the wire: which calls may share a kept-alive connection (reads) and which never
 * do (changes, money), and how many list requests are in flight around a busy answer. A
 * SoupServer on loopback sees every request with the socket it came on. */
#include "config.h"

#include <string.h>

#include "isplic-core.h"
#include "isplic-test-utils.h"

#define LICENSES 12
#define ROWS_PER_PAGE 2

typedef struct
{
  SoupServer *server;
  char *url;
  GPtrArray *sockets;     /* GSocket of each request, in order (owned refs: no address reuse) */
  GPtrArray *funcs;       /* func of each request */
  GArray *pages;          /* p_num of each func=soft request */
  guint delay_ms;         /* each answer waits this long */
  gboolean busy_page_2;   /* the first request for page 2 is answered busy */
  gboolean busy_sent;
  gboolean busy_seen;     /* the client has read the busy answer */
  /* client side: requests queued and not yet unqueued by the client's session */
  guint in_flight;
  guint max_in_flight;
  guint max_in_flight_after_busy;
} Wire;

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static char *
soft_page (guint p_num)
{
  GString *page = g_string_new ("{\"doc\":{\"elem\":[");

  for (guint i = 0; i < ROWS_PER_PAGE; i++)
    {
      guint id = (p_num - 1) * ROWS_PER_PAGE + i + 1;

      if (id > LICENSES)
        break;
      g_string_append_printf (page, "%s{\"id\":{\"$\":\"%u\"},\"ip\":{\"$\":\"192.0.2.%u\"}}",
                              i == 0 ? "" : ",", 3100000 + id, id);
    }
  g_string_append_printf (page, "],\"p_elems\":{\"$\":\"%u\"}}}", LICENSES);
  return g_string_free (page, FALSE);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Wire *wire = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autofree char *form_text = g_strndup (g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (form_text);
  const char *func = g_hash_table_lookup (form, "func");
  char *body;

  g_ptr_array_add (wire->sockets, g_object_ref (soup_server_message_get_socket (msg)));
  g_ptr_array_add (wire->funcs, g_strdup (func));

  if (g_strcmp0 (func, "soft") == 0)
    {
      guint p_num = (guint) g_ascii_strtoull (g_hash_table_lookup (form, "p_num"), NULL, 10);

      g_array_append_val (wire->pages, p_num);
      if (p_num == 2 && wire->busy_page_2 && !wire->busy_sent)
        {
          wire->busy_sent = TRUE;
          soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                       "X-Test-Busy", "1");
          body = g_strdup ("{\"doc\":{\"error\":{\"$type\":\"busy\",\"msg\":{\"$\":"
                           "\"Request in process, please wait\"}}}}");
        }
      else
        {
          body = soft_page (p_num);
        }
    }
  else
    {
      body = g_strdup ("{\"doc\":{\"ok\":{}}}");
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body,
                                    strlen (body));
  if (wire->delay_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add (wire->delay_ms, unpause_cb, g_object_ref (msg));
    }
}

/* A request stops being in flight when its whole answer has arrived (got-body) or, for one
 * that never got there, when the session lets go of it. */
static void
request_over (SoupMessage *msg,
              Wire        *wire)
{
  if (g_object_get_data (G_OBJECT (msg), "isplic-over") != NULL)
    return;
  if (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                    "X-Test-Busy") != NULL)
    wire->busy_seen = TRUE;
  g_object_set_data (G_OBJECT (msg), "isplic-over", GINT_TO_POINTER (TRUE));
  wire->in_flight--;
}

static void
queued_cb (SoupSession *session,
           SoupMessage *msg,
           Wire        *wire)
{
  wire->in_flight++;
  wire->max_in_flight = MAX (wire->max_in_flight, wire->in_flight);
  if (wire->busy_seen)
    wire->max_in_flight_after_busy = MAX (wire->max_in_flight_after_busy, wire->in_flight);
  g_signal_connect (msg, "got-body", G_CALLBACK (request_over), wire);
}

static void
unqueued_cb (SoupSession *session,
             SoupMessage *msg,
             Wire        *wire)
{
  request_over (msg, wire);
}

static void
wire_setup (Wire *wire)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  memset (wire, 0, sizeof *wire);
  wire->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  wire->funcs = g_ptr_array_new_with_free_func (g_free);
  wire->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  wire->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (wire->server, NULL, handler, wire, NULL);
  soup_server_listen_local (wire->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (wire->server);
  wire->url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
wire_teardown (Wire *wire)
{
  soup_server_disconnect (wire->server);
  g_clear_object (&wire->server);
  g_ptr_array_unref (wire->sockets);
  g_ptr_array_unref (wire->funcs);
  g_array_unref (wire->pages);
  g_free (wire->url);
}

static IsplicClient *
wire_client (Wire *wire)
{
  IsplicClient *client = isplic_client_new (wire->url, "u", "p");

  g_signal_connect (isplic_client_get_session (client), "request-queued",
                    G_CALLBACK (queued_cb), wire);
  g_signal_connect (isplic_client_get_session (client), "request-unqueued",
                    G_CALLBACK (unqueued_cb), wire);
  return client;
}

static void
sign_in (IsplicClient *client)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  isplic_client_sign_in_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_sign_in_finish (client, result, &error));
  g_assert_no_error (error);
}

static void
renew (IsplicClient *client)
{
  const char *ids[] = { "3100001", NULL };
  IsplicTestResult done = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_renew_async (client, ids, 1, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  /* Only the connection matters here, not what the answer means. */
  isplic_client_renew_finish (client, result, NULL, NULL);
}

static void
edit (IsplicClient *client)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  isplic_client_edit_async (client, "3100001", "renamed", NULL, NULL, isplic_test_result_cb,
                            &done);
  result = isplic_test_wait_result (&done);
  isplic_client_edit_finish (client, result, NULL);
}

/* TRUE when request @i came on a socket that no earlier request used. */
static gboolean
on_new_connection (Wire  *wire,
                   guint  i)
{
  for (guint k = 0; k < i; k++)
    if (g_ptr_array_index (wire->sockets, k) == g_ptr_array_index (wire->sockets, i))
      return FALSE;
  return TRUE;
}

static void
test_connections (void)
{
  Wire wire;
  g_autoptr(IsplicClient) client = NULL;

  wire_setup (&wire);
  client = wire_client (&wire);

  /* Reads share the kept-alive connection. */
  sign_in (client);
  sign_in (client);
  g_assert_cmpuint (wire.sockets->len, ==, 2);
  g_assert_true (g_ptr_array_index (wire.sockets, 0) == g_ptr_array_index (wire.sockets, 1));

  /* A charge and a change never do, however many idle connections there are. */
  renew (client);
  g_assert_cmpuint (wire.sockets->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (wire.funcs, 2), ==, "service.prolong");
  g_assert_true (on_new_connection (&wire, 2));

  sign_in (client);
  renew (client);
  edit (client);
  renew (client);
  g_assert_cmpuint (wire.sockets->len, ==, 7);
  g_assert_true (!on_new_connection (&wire, 3));  /* the read went over a kept one */
  for (guint i = 4; i < 7; i++)
    {
      g_test_message ("request %u: %s", i, (const char *) g_ptr_array_index (wire.funcs, i));
      g_assert_true (on_new_connection (&wire, i));
    }

  g_clear_object (&client);
  wire_teardown (&wire);
}

static gint
compare_uint (gconstpointer a,
              gconstpointer b)
{
  return (gint) *(const guint *) a - (gint) *(const guint *) b;
}

static void
test_list_pages (void)
{
  Wire wire;
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GPtrArray) licenses = NULL;

  wire_setup (&wire);
  wire.delay_ms = 40;
  client = wire_client (&wire);
  isplic_client_set_page_size (client, ROWS_PER_PAGE);

  /* Every page once, in order; once the first has told how many there are, the next two are
   * asked for together, and three once the second has been judged, never more. */
  licenses = isplic_test_client_list (client);
  g_assert_cmpuint (licenses->len, ==, LICENSES);
  g_assert_cmpuint (wire.pages->len, ==, LICENSES / ROWS_PER_PAGE);
  g_assert_cmpuint (g_array_index (wire.pages, guint, 0), ==, 1);
  /* those in flight together may arrive in any order */
  g_array_sort (wire.pages, compare_uint);
  for (guint i = 0; i < wire.pages->len; i++)
    g_assert_cmpuint (g_array_index (wire.pages, guint, i), ==, i + 1);
  g_assert_cmpuint (wire.max_in_flight, ==, 3);
  g_clear_pointer (&licenses, g_ptr_array_unref);

  /* Page 2 answers busy while page 3 is on its way: page 3 is called back before page 2 is
   * asked again, and from then on one request at a time. */
  g_array_set_size (wire.pages, 0);
  wire.busy_page_2 = TRUE;
  g_object_set (client, "retry-delay", 5, NULL);
  licenses = isplic_test_client_list (client);
  g_assert_true (wire.busy_seen);
  for (guint i = 0; i < wire.pages->len; i++)
    g_test_message ("page %u", g_array_index (wire.pages, guint, i));
  g_assert_cmpuint (licenses->len, ==, LICENSES);
  for (guint i = 0; i < licenses->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 3100000 + i + 1);

      g_assert_cmpstr (isplic_license_get_id (g_ptr_array_index (licenses, i)), ==, id);
    }
  /* at least page 2 asked again after the busy answer, and alone */
  g_assert_cmpuint (wire.max_in_flight_after_busy, ==, 1);
  g_assert_cmpuint (wire.in_flight, ==, 0);

  g_clear_object (&client);
  wire_teardown (&wire);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/connections", test_connections);
  g_test_add_func ("/wire/list-pages", test_list_pages);

  return g_test_run ();
}
