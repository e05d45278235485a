/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The misbehaving billmgr does what it claims: every behaviour proven with a raw client (a bare
 * socket where the bytes matter, a SoupSession where decoding matters), the script format, the
 * request log and its redaction, the executable, and the shared test helpers.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "isplic-core.h"
#include "isplic-hostile-server.h"
#include "isplic-test-utils.h"

#define MIB (1024 * 1024)
#define GIB ((guint64) 1024 * MIB)

/* ---- clients ---------------------------------------------------------------------------- */

static SoupMessage *
form_message (IsplicHostile *hostile,
              const char    *form)
{
  SoupMessage *msg = soup_message_new ("POST", isplic_hostile_get_url (hostile));
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  return msg;
}

/* One POST on a fresh session, blocking (the server has its own thread). */
static char *
post (IsplicHostile  *hostile,
      const char     *form,
      guint          *status,
      GError        **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = form_message (hostile, form);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, error);

  if (status != NULL)
    *status = soup_message_get_status (msg);
  if (body == NULL)
    return NULL;
  if (g_bytes_get_size (body) == 0)
    return g_strdup ("");  /* an empty GBytes may have no data pointer */
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static JsonObject *
parse_doc (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_object_get_object_member (
    json_node_get_object (json_parser_get_root (parser)), "doc"));
}

/* A bare connection: the request written by hand, the answer's head read up to the blank line. */
typedef struct {
  GSocketConnection *connection;
  GInputStream *in;
  char *head;
  GByteArray *rest;  /* body bytes that came with the head */
} Raw;

static void
raw_open (Raw           *raw,
          IsplicHostile *hostile,
          const char    *form)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (isplic_hostile_get_url (hostile), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *request = g_strdup_printf (
    "POST /billmgr HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
    "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s", strlen (form), form);

  memset (raw, 0, sizeof *raw);
  raw->connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri),
                                                     NULL, &error);
  g_assert_no_error (error);
  raw->in = g_io_stream_get_input_stream (G_IO_STREAM (raw->connection));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
raw_read_head (Raw *raw)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (raw->in, buffer, sizeof buffer, NULL, &error);
      guint8 *end;

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_byte_array_append (data, buffer, n);
      end = (guint8 *) g_strstr_len ((char *) data->data, data->len, "\r\n\r\n");
      if (end != NULL)
        {
          gsize head_len = end + 4 - data->data;

          raw->head = g_strndup ((char *) data->data, head_len);
          raw->rest = g_byte_array_new ();
          g_byte_array_append (raw->rest, data->data + head_len, data->len - head_len);
          return;
        }
    }
}

static void
raw_close (Raw *raw)
{
  g_io_stream_close (G_IO_STREAM (raw->connection), NULL, NULL);
  g_clear_object (&raw->connection);
  g_clear_pointer (&raw->head, g_free);
  g_clear_pointer (&raw->rest, g_byte_array_unref);
}

/* Reads until @limit bytes of body came (TRUE), or the server ended it (FALSE). */
static gboolean
raw_read_body (Raw     *raw,
               guint64  limit,
               guint64 *total)
{
  g_autofree guint8 *buffer = g_malloc (256 * 1024);

  *total = raw->rest->len;
  while (*total < limit)
    {
      gssize n = g_input_stream_read (raw->in, buffer, 256 * 1024, NULL, NULL);

      if (n <= 0)
        return FALSE;
      *total += n;
    }
  return TRUE;
}

/* ---- scripts and the log ---------------------------------------------------------------- */

static void
test_default_and_script (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *other = NULL;
  guint status = 0;

  g_assert_true (g_str_has_prefix (isplic_hostile_get_url (hostile), "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (isplic_hostile_get_url (hostile), "/billmgr"));

  isplic_hostile_script (hostile, "service.prolong",
                         isplic_hostile_body (200, "{\"doc\":{}}"),
                         isplic_hostile_body (202, "{\"doc\":{\"ok\":{}}}"), NULL);
  a = post (hostile, "func=service.prolong&elid=1", &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (a, ==, "{\"doc\":{}}");
  b = post (hostile, "func=service.prolong&elid=1", &status, &error);
  g_assert_cmpuint (status, ==, 202);
  g_assert_cmpstr (b, ==, "{\"doc\":{\"ok\":{}}}");
  c = post (hostile, "func=service.prolong&elid=1", &status, &error);
  g_assert_cmpstr (c, ==, b);  /* the last behaviour repeats */
  other = post (hostile, "func=soft.edit&elid=1", &status, &error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (other, ==, "{\"doc\":{\"ok\":{}}}");

  g_assert_cmpuint (isplic_hostile_count (hostile, "service.prolong"), ==, 3);
  g_assert_cmpuint (isplic_hostile_count (hostile, "soft.edit"), ==, 1);
  g_assert_cmpuint (isplic_hostile_count (hostile, NULL), ==, 4);

  /* a new default for everything without a script */
  isplic_hostile_script (hostile, "*", isplic_hostile_status (500, NULL, "oops"), NULL);
  g_free (other);
  other = post (hostile, "func=soft", &status, &error);
  g_assert_cmpuint (status, ==, 500);
  g_assert_cmpstr (other, ==, "oops");

  isplic_hostile_clear_log (hostile);
  g_assert_cmpuint (isplic_hostile_count (hostile, NULL), ==, 0);
}

static void
test_log_redacts (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(IsplicHostileRequest) request = NULL;
  g_autoptr(GBytes) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (isplic_hostile_get_url (hostile), "?out=json&lang=en",
                                      NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *entry;
  const char *text;

  msg = soup_message_new ("POST", url);
  {
    const char *form = "func=auth&authinfo=reseller%40example.com%3As3cret-%C3%BC"
                       "&password=s3cret-2&elid=7";
    g_autoptr(GBytes) body = g_bytes_new_static (form, strlen (form));
    g_autoptr(GBytes) answer = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    answer = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
  }

  request = isplic_hostile_wait_done (hostile, 0, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/billmgr");
  g_assert_cmpstr (request->func, ==, "auth");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "authinfo"), ==,
                   ISPLIC_HOSTILE_REDACTED);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "password"), ==,
                   ISPLIC_HOSTILE_REDACTED);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "elid"), ==, "7");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "out"), ==, "json");  /* the query */
  g_assert_cmpfloat (request->time, >=, 0);
  g_assert_cmpuint (request->body_bytes, ==, strlen ("{\"doc\":{\"ok\":{}}}"));

  /* the same log over HTTP, for tests in Python; reading it is not logged */
  g_clear_object (&msg);
  {
    g_autofree char *log_url = g_strconcat (isplic_hostile_get_base_url (hostile),
                                            "/hostile/requests", NULL);
    msg = soup_message_new ("GET", log_url);
  }
  log = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_bytes_get_data (log, NULL);
  g_assert_null (g_strstr_len (text, g_bytes_get_size (log), "s3cret"));
  json_parser_load_from_data (parser, text, g_bytes_get_size (log), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                    ==, 1);
  entry = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "func"), ==, "auth");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (entry, "params"), "authinfo"), ==,
                   ISPLIC_HOSTILE_REDACTED);
  g_assert_true (json_object_get_boolean_member (entry, "done"));
  g_assert_cmpuint (isplic_hostile_count (hostile, NULL), ==, 1);
}

static void
test_load_script (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL, *other = NULL;
  guint status = 0;
  const char *script =
    "{\"soft.edit\": [{\"kind\": \"body\", \"body\": \"{\\\"doc\\\":{\\\"a\\\":1}}\"},"
    "                 {\"kind\": \"status\", \"status\": 460,"
    "                  \"headers\": {\"Retry-After\": \"7\"}}],"
    " \"*\": {\"kind\": \"body\", \"status\": 418, \"body\": \"teapot\"}}";

  g_assert_true (isplic_hostile_load_script (hostile, script, &error));
  g_assert_no_error (error);
  first = post (hostile, "func=soft.edit", &status, &error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (first, ==, "{\"doc\":{\"a\":1}}");
  second = post (hostile, "func=soft.edit", &status, &error);
  g_assert_cmpuint (status, ==, 460);
  g_assert_cmpstr (second, ==, "");
  other = post (hostile, "func=whatever", &status, &error);
  g_assert_cmpuint (status, ==, 418);
  g_assert_cmpstr (other, ==, "teapot");

  /* bad scripts are refused whole */
  g_assert_false (isplic_hostile_load_script (hostile, "[1]", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (isplic_hostile_load_script (
    hostile, "{\"*\": [{\"kind\": \"drop\"}], \"soft\": [{\"kind\": \"explode\"}]}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "explode"));
  g_clear_error (&error);
  g_assert_false (isplic_hostile_load_script (hostile, "{\"soft\": []}", &error));
  g_clear_error (&error);
  g_assert_false (isplic_hostile_load_script (hostile, "{\"soft\": [{\"kind\": \"drip\","
                                                       " \"interval_ms\": -4}]}", &error));
  g_clear_error (&error);
  g_free (other);
  other = post (hostile, "func=whatever", &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 418);  /* "*" was not replaced by the refused script */
}

/* The client under test may live in this thread's main context: waiting for its request must
 * keep that context running. */
static void
test_wait_in_context (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = form_message (hostile, "func=soft.edit&elid=9");
  g_autoptr(IsplicHostileRequest) request = NULL;
  g_autoptr(IsplicHostileRequest) none = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  none = isplic_hostile_wait_request (hostile, "soft.edit", 1, 50);
  g_assert_null (none);
  isplic_hostile_script (hostile, "soft.edit", isplic_hostile_body (200, "{\"doc\":{\"x\":1}}"),
                         NULL);
  body = isplic_test_send (session, msg, &error);
  g_assert_no_error (error);
  request = isplic_hostile_wait_request (hostile, "soft.edit", 1, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "elid"), ==, "9");
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   "{\"doc\":{\"x\":1}}", strlen ("{\"doc\":{\"x\":1}}"));
}

/* ---- bodies ----------------------------------------------------------------------------- */

/* The test process's peak resident memory (the server runs in it): bounded whatever is read. */
static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static void
test_endless (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(IsplicHostileRequest) chunked = NULL;
  g_autoptr(IsplicHostileRequest) lying = NULL;
  Raw raw;
  guint64 total = 0;

  isplic_hostile_script (hostile, "soft", isplic_hostile_behaviour_new (ISPLIC_HOSTILE_ENDLESS),
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_ENDLESS_LENGTH), NULL);

  raw_open (&raw, hostile, "func=soft");
  raw_read_head (&raw);
  g_assert_true (g_str_has_prefix (raw.head, "HTTP/1.1 200 "));
  g_assert_nonnull (strstr (raw.head, "Transfer-Encoding: chunked\r\n"));
  g_assert_true (raw_read_body (&raw, 64 * MIB + 1, &total));
  raw_close (&raw);
  chunked = isplic_hostile_wait_done (hostile, 0, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (chunked);
  /* it only stopped because we did: it wrote what we read and at most a socket's worth more */
  g_assert_cmpuint (chunked->body_bytes, >, 64 * MIB);
  g_assert_cmpuint (chunked->body_bytes, <, total + 16 * MIB);

  raw_open (&raw, hostile, "func=soft");
  raw_read_head (&raw);
  g_assert_nonnull (strstr (raw.head, "Content-Length: 8589934592\r\n"));
  g_assert_null (strstr (raw.head, "chunked"));
  g_assert_cmpmem (raw.rest->data, MIN (raw.rest->len, 16), "{\"doc\":{\"elem\":[",
                   MIN (raw.rest->len, 16));
  g_assert_true (raw_read_body (&raw, 16 * MIB, &total));
  raw_close (&raw);
  lying = isplic_hostile_wait_done (hostile, 1, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (lying);
  g_assert_cmpuint (lying->body_bytes, >=, 16 * MIB);
  g_test_message ("endless: %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT " bytes sent; peak RSS "
                  "%" G_GUINT64_FORMAT " KiB", chunked->body_bytes, lying->body_bytes,
                  peak_rss_kib ());
}

static void
test_gzip_bomb (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(SoupSession) session = soup_session_new ();  /* decodes gzip by default */
  g_autoptr(SoupMessage) msg = form_message (hostile, "func=soft");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(IsplicHostileRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = g_malloc (MIB);
  g_autoptr(GTimer) timer = g_timer_new ();
  guint64 inflated = 0;
  double headers_time;
  char tail[4] = "";  /* the last three bytes read, however the reads were cut */
  gssize n;

  isplic_hostile_script (hostile, "soft",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_GZIP_BOMB), NULL);
  stream = soup_session_send (session, msg, NULL, &error);
  g_assert_no_error (error);
  /* the bomb is built on first use: well under 2 s, to the headers */
  headers_time = g_timer_elapsed (timer, NULL);
  g_assert_cmpfloat (headers_time, <, 2.0);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Content-Encoding"), ==, "gzip");

  /* read it all: past 1 GiB, to a clean end (the gzip trailer's CRC and length check out) */
  while ((n = g_input_stream_read (stream, buffer, MIB, NULL, &error)) > 0)
    {
      if (inflated == 0)
        g_assert_cmpmem (buffer, 16, "{\"doc\":{\"elem\":[", 16);
      inflated += n;
      if (n >= 3)
        memcpy (tail, buffer + n - 3, 3);
      else
        {
          memmove (tail, tail + n, 3 - n);
          memcpy (tail + 3 - n, buffer, n);
        }
    }
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpuint (inflated, >, GIB);
  g_assert_cmpstr (tail, ==, "}}}");

  request = isplic_hostile_wait_done (hostile, 0, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  g_assert_cmpuint (request->body_bytes, <, 4 * MIB);  /* a few MB on the wire */
  g_test_message ("gzip bomb: built and headers in %.3f s; %" G_GUINT64_FORMAT " bytes sent, %"
                  G_GUINT64_FORMAT " inflated, %.2f s in all; peak RSS %" G_GUINT64_FORMAT " KiB",
                  headers_time, request->body_bytes, inflated, g_timer_elapsed (timer, NULL),
                  peak_rss_kib ());
}

static void
test_gzip_body (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(IsplicHostileBehaviour) behaviour = NULL;
  g_autoptr(IsplicHostileRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) big = g_string_new ("{\"doc\":{\"msg\":\"");

  for (guint i = 0; i < 1000; i++)
    g_string_append (big, "aaaaaaaaaa");
  g_string_append (big, "\"}}");
  g_assert_true (isplic_hostile_load_script (
    hostile, "{\"soft\": {\"kind\": \"body\", \"gzip\": true,"
             "\"body\": \"{\\\"doc\\\":{\\\"msg\\\":\\\"aaaaaaaaaa…\\\"}}\"}}", &error));
  behaviour = isplic_hostile_body (200, big->str);
  isplic_hostile_behaviour_set_gzip (behaviour, TRUE);
  isplic_hostile_script (hostile, "soft.edit", isplic_hostile_behaviour_ref (behaviour), NULL);

  text = post (hostile, "func=soft", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "{\"doc\":{\"msg\":\"aaaaaaaaaa…\"}}");
  g_free (text);
  text = post (hostile, "func=soft.edit", NULL, &error);
  g_assert_cmpstr (text, ==, big->str);
  request = isplic_hostile_wait_done (hostile, 1, ISPLIC_TEST_WAIT_MS);
  g_assert_cmpuint (request->body_bytes, <, big->len / 10);  /* it really was compressed */
}

static void
test_drip (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(IsplicHostileRequest) request = NULL;
  GSocket *socket;
  gint64 start;
  guint64 got;
  Raw raw;

  isplic_hostile_script (hostile, "soft", isplic_hostile_drip (50), NULL);
  raw_open (&raw, hostile, "func=soft");
  raw_read_head (&raw);  /* the head comes at once */
  g_assert_true (g_str_has_prefix (raw.head, "HTTP/1.1 200 "));
  got = raw.rest->len;
  socket = g_socket_connection_get_socket (raw.connection);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 600 * 1000)
    {
      char byte[64];
      gssize n;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN, 100 * 1000, NULL, NULL))
        continue;
      n = g_socket_receive (socket, byte, sizeof byte, NULL, NULL);
      g_assert_cmpint (n, >, 0);
      g_assert_cmpint (n, <=, 2);  /* a byte at a time */
      got += n;
    }
  /* about 12 in 600 ms at one per 50 ms: slow, and still coming */
  g_assert_cmpuint (got, >=, 3);
  g_assert_cmpuint (got, <=, 20);
  raw_close (&raw);
  request = isplic_hostile_wait_done (hostile, 0, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  g_assert_cmpuint (request->body_bytes, <=, 22);
}

static void
test_hang (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(IsplicHostileRequest) request = NULL;
  g_autoptr(IsplicHostileRequest) done = NULL;
  g_autoptr(GError) error = NULL;
  Raw raw;

  isplic_hostile_script (hostile, "service.prolong",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_HANG), NULL);
  raw_open (&raw, hostile, "func=service.prolong&elid=3");
  request = isplic_hostile_wait_request (hostile, "service.prolong", 1, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  g_assert_false (g_socket_condition_timed_wait (g_socket_connection_get_socket (raw.connection),
                                                 G_IO_IN, 300 * 1000, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  done = isplic_hostile_get_request (hostile, 0);
  g_assert_false (done->done);
  g_clear_pointer (&done, isplic_hostile_request_free);
  raw_close (&raw);
  done = isplic_hostile_wait_done (hostile, 0, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (done);
  g_assert_cmpuint (done->body_bytes, ==, 0);

  /* freeing the server ends a hanging request too (g_autoptr frees it with one open) */
  raw_open (&raw, hostile, "func=service.prolong&elid=4");
  g_clear_pointer (&request, isplic_hostile_request_free);
  request = isplic_hostile_wait_request (hostile, "service.prolong", 2, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  g_clear_pointer (&hostile, isplic_hostile_free);
  raw_close (&raw);
}

static void
test_drop (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(IsplicHostileRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  isplic_hostile_script (hostile, "service.prolong",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_DROP), NULL);
  answer = post (hostile, "func=service.prolong&elid=3100001&sok=ok", NULL, &error);
  g_assert_null (answer);
  g_assert_nonnull (error);  /* the connection closed without an answer */
  g_test_message ("drop: %s", error->message);
  request = isplic_hostile_wait_done (hostile, 0, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);  /* … after the request was taken ("charged") */
  g_assert_cmpstr (request->func, ==, "service.prolong");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "elid"), ==, "3100001");
  g_assert_cmpuint (request->body_bytes, ==, 0);
  g_assert_cmpuint (isplic_hostile_count (hostile, "service.prolong"), ==, 1);
}

static void
test_status (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  const guint statuses[] = { 403, 429, 460, 503 };

  isplic_hostile_script (hostile, "soft",
                         isplic_hostile_status (403, NULL, NULL),
                         isplic_hostile_status (429, "1", "{\"doc\":{\"error\":{\"msg\":"
                                                          "{\"$\":\"slow down\"}}}}"),
                         isplic_hostile_status (460, "30", NULL),
                         isplic_hostile_status (503, "120", "Service Unavailable"), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(SoupMessage) msg = form_message (hostile, "func=soft");
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
      const char *retry_after = soup_message_headers_get_one (
        soup_message_get_response_headers (msg), "Retry-After");

      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, statuses[i]);
      switch (statuses[i])
        {
        case 403:
          g_assert_null (retry_after);
          g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
          break;
        case 429:
          g_assert_cmpstr (retry_after, ==, "1");
          g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                          "slow down"));
          break;
        case 460:
          g_assert_cmpstr (retry_after, ==, "30");
          break;
        default:
          g_assert_cmpstr (retry_after, ==, "120");
          g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                           "Service Unavailable", 19);
          break;
        }
    }
}

/* ---- pages ------------------------------------------------------------------------------ */

static GPtrArray *
page_ids (IsplicHostile *hostile,
          guint          p_num,
          guint          p_cnt,
          guint         *p_elems)
{
  g_autofree char *form = g_strdup_printf ("func=soft&p_num=%u&p_cnt=%u", p_num, p_cnt);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = post (hostile, form, NULL, &error);
  g_autoptr(JsonObject) doc = NULL;
  JsonArray *elem;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  doc = parse_doc (text);
  elem = json_object_get_array_member (doc, "elem");
  for (guint i = 0; i < json_array_get_length (elem); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                       json_object_get_object_member (json_array_get_object_element (elem, i),
                                                      "id"), "$")));
  *p_elems = atoi (json_object_get_string_member (json_object_get_object_member (doc, "p_elems"),
                                                  "$"));
  return ids;
}

static void
test_pages_liar (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  isplic_hostile_script (hostile, "soft",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_PAGES_LIAR), NULL);
  for (guint p_num = 1; p_num <= 30; p_num++)
    {
      guint p_elems = 0;
      g_autoptr(GPtrArray) ids = page_ids (hostile, p_num, 25, &p_elems);

      g_assert_cmpuint (ids->len, ==, 25);  /* always a full page … */
      g_assert_cmpuint (p_elems, ==, 3);    /* … of a list said to hold 3 */
      for (guint i = 0; i < ids->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (g_ptr_array_index (ids, i))));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 30 * 25);
}

static void
test_pages_repeat (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(GPtrArray) first = NULL;
  guint p_elems = 0;

  isplic_hostile_script (hostile, "soft",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_PAGES_REPEAT), NULL);
  first = page_ids (hostile, 1, 10, &p_elems);
  g_assert_cmpuint (first->len, ==, 10);
  g_assert_cmpuint (p_elems, >, 10);
  for (guint p_num = 2; p_num <= 5; p_num++)
    {
      g_autoptr(GPtrArray) ids = page_ids (hostile, p_num, 10, &p_elems);

      g_assert_cmpuint (ids->len, ==, first->len);
      for (guint i = 0; i < ids->len; i++)
        g_assert_cmpstr (g_ptr_array_index (ids, i), ==, g_ptr_array_index (first, i));
    }
}

/* ---- escape sequences ------------------------------------------------------------------- */

static void
test_escape_sequences (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  guint n_strings = 0;
  const IsplicTestHostileString *strings = isplic_test_get_hostile_strings (&n_strings);

  g_assert_cmpuint (n_strings, >=, 4);
  g_assert_cmpstr (isplic_test_hostile_string ("osc52-clipboard"), ==, "\033]52;c;SGVsbG8=\007");
  g_assert_false (isplic_test_has_raw_controls ("plain\ttext\nстрока, 名前"));
  for (guint i = 0; i < n_strings; i++)
    {
      g_autofree char *quoted = isplic_test_json_quote (strings[i].text);
      g_autofree char *body = g_strdup_printf ("{\"doc\":{\"error\":{\"$type\":\"x\","
                                               "\"msg\":{\"$\":%s}}}}", quoted);
      g_autoptr(JsonObject) doc = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("hostile string %s: %s", strings[i].name, quoted);
      /* a line break is hostile inside one field only: the checker allows it in output */
      if (!g_str_equal (strings[i].name, "fake-line"))
        g_assert_true (isplic_test_has_raw_controls (strings[i].text));
      else
        g_assert_nonnull (strchr (strings[i].text, '\n'));
      g_assert_false (isplic_test_has_raw_controls (quoted));  /* escaped: plain ASCII */
      isplic_hostile_script (hostile, "soft.edit", isplic_hostile_body (200, body), NULL);
      text = post (hostile, "func=soft.edit", NULL, &error);
      g_assert_no_error (error);
      doc = parse_doc (text);
      /* what a JSON reader gets back is the raw string, controls and all */
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (
                           json_object_get_object_member (doc, "error"), "msg"), "$"), ==,
                       strings[i].text);
    }
}

static void
test_shapes (void)
{
  const char *shapes[] = {
    ISPLIC_HOSTILE_DOC_OK, ISPLIC_HOSTILE_DOC_EMPTY, ISPLIC_HOSTILE_DOC_PROLONG_FORM,
    ISPLIC_HOSTILE_DOC_ERROR_ARRAY, ISPLIC_HOSTILE_DOC_ERROR_STRING, ISPLIC_HOSTILE_DOC_ERROR_EMPTY,
    ISPLIC_HOSTILE_DOC_BUSY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(JsonObject) doc = parse_doc (shapes[i]);

      g_assert_nonnull (doc);
      g_assert_cmpint (json_object_has_member (doc, "ok"), ==, i == 0);
    }
}

/* ---- the executable --------------------------------------------------------------------- */

static void
test_executable (void)
{
  g_autofree char *dir = isplic_test_make_temp_dir ();
  g_autofree char *script = g_build_filename (dir, "script.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  gsize len;

  g_file_set_contents (script, "{\"service.prolong\": [{\"kind\": \"status\", \"status\": 429,"
                       "\"headers\": {\"Retry-After\": \"5\"}}, {\"kind\": \"drop\"}]}", -1,
                       &error);
  g_assert_no_error (error);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, HOSTILE_SERVER_EXE, "--script", script, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line (out, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, "/billmgr"));

  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) form = g_bytes_new_static ("func=service.prolong&authinfo=u%3Ap", 35);
    g_autoptr(GBytes) body = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Retry-After"), ==, "5");
  }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) form = g_bytes_new_static ("func=service.prolong", 20);
    g_autoptr(GBytes) body = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_null (body);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  {
    g_autoptr(GUri) base = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    g_autoptr(GUri) log_uri = g_uri_parse_relative (base, "/hostile/requests", G_URI_FLAGS_NONE,
                                                    NULL);
    g_autoptr(SoupMessage) msg = soup_message_new_from_uri ("GET", log_uri);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *requests;

    g_assert_no_error (error);
    json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                &error);
    g_assert_no_error (error);
    requests = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (requests), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (
                         json_array_get_object_element (requests, 0), "params"), "authinfo"), ==,
                     ISPLIC_HOSTILE_REDACTED);
  }

  /* closing its stdin ends it */
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);

  /* a bad script: a clear error, exit status 2 */
  g_file_set_contents (script, "{\"soft\": {\"kind\": \"nonsense\"}}", -1, &error);
  g_clear_object (&process);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, HOSTILE_SERVER_EXE, "--script", script, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);

  isplic_test_remove_tree (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* ---- the real client --------------------------------------------------------------------- */

/* IsplicClient in this thread's main context talks to the server in its own: a plain edit that
 * the server confirms succeeds, its request is logged with the password redacted, and a refusal
 * is not a success. (The shapes of issue 7 §1 are for the core's own tests.) */
static void
test_real_client (void)
{
  g_autoptr(IsplicHostile) hostile = isplic_hostile_new ();
  g_autoptr(IsplicClient) client = isplic_client_new (isplic_hostile_get_url (hostile),
                                                      "reseller@example.com", "p:a&s%s+w#o?rd");
  g_autoptr(IsplicHostileRequest) request = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  IsplicTestResult r = { NULL, 0 };
  g_autofree char *quoted = isplic_test_json_quote (isplic_test_hostile_string ("erase-line"));
  g_autofree char *refusal = g_strdup_printf ("{\"doc\":{\"error\":{\"$type\":\"value\","
                                              "\"msg\":{\"$\":%s}}}}", quoted);

  isplic_client_set_timeout (client, 10);
  isplic_hostile_script (hostile, "soft.edit", isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_OK),
                         isplic_hostile_body (200, refusal), NULL);

  isplic_client_edit_async (client, "3100001", "web-01", NULL, NULL, isplic_test_result_cb, &r);
  {
    g_autoptr(GAsyncResult) result = isplic_test_wait_result (&r);

    g_assert_true (isplic_client_edit_finish (client, result, &error));
    g_assert_no_error (error);
  }
  request = isplic_hostile_wait_request (hostile, "soft.edit", 1, ISPLIC_TEST_WAIT_MS);
  g_assert_nonnull (request);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "elid"), ==, "3100001");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "authinfo"), ==,
                   ISPLIC_HOSTILE_REDACTED);

  isplic_client_edit_async (client, "3100001", "web-02", NULL, NULL, isplic_test_result_cb, &r);
  {
    g_autoptr(GAsyncResult) result = isplic_test_wait_result (&r);

    g_assert_false (isplic_client_edit_finish (client, result, &error));
    g_assert_nonnull (error);
    g_test_message ("refusal: %s", error->message);
  }
  requests = isplic_hostile_get_requests (hostile);
  g_assert_cmpuint (requests->len, ==, 2);
  for (guint i = 0; i < requests->len; i++)
    {
      IsplicHostileRequest *each = g_ptr_array_index (requests, i);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, each->params);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_assert_null (strstr (value, "p:a&s"));
    }
  g_assert_finalize_object (g_steal_pointer (&client));
}

/* ---- the shared helpers ----------------------------------------------------------------- */

static gboolean
never (gpointer data)
{
  (*(guint *) data)++;
  return FALSE;
}

static void
return_later_cb (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  g_usleep (20 * 1000);
  g_task_return_int (task, 42);
}

static void
test_utils (void)
{
  g_autofree char *dir = isplic_test_make_temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "a", "b", NULL);
  g_autofree char *file = g_build_filename (sub, "c.txt", NULL);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  IsplicTestResult r = { NULL, 0 };
  gint64 start = g_get_monotonic_time ();
  guint checks = 0;

  g_assert_false (isplic_test_wait_until (never, &checks, 100));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (checks, >, 2);  /* it iterated, not slept */

  task = g_task_new (NULL, NULL, isplic_test_result_cb, &r);
  g_task_run_in_thread (task, return_later_cb);
  g_clear_object (&task);
  result = isplic_test_wait_result (&r);
  g_assert_cmpint (g_task_propagate_int (G_TASK (result), NULL), ==, 42);

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  isplic_test_remove_tree (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  {
    g_autofree char *path = isplic_test_data_path ("ok.json");
    g_autofree char *ok = isplic_test_read_data ("ok.json");

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_assert_nonnull (strstr (ok, "ok"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/default-and-script", test_default_and_script);
  g_test_add_func ("/hostile/log-redacts", test_log_redacts);
  g_test_add_func ("/hostile/load-script", test_load_script);
  g_test_add_func ("/hostile/wait-in-context", test_wait_in_context);
  g_test_add_func ("/hostile/endless", test_endless);
  g_test_add_func ("/hostile/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/hostile/gzip-body", test_gzip_body);
  g_test_add_func ("/hostile/drip", test_drip);
  g_test_add_func ("/hostile/hang", test_hang);
  g_test_add_func ("/hostile/drop", test_drop);
  g_test_add_func ("/hostile/status", test_status);
  g_test_add_func ("/hostile/pages-liar", test_pages_liar);
  g_test_add_func ("/hostile/pages-repeat", test_pages_repeat);
  g_test_add_func ("/hostile/escape-sequences", test_escape_sequences);
  g_test_add_func ("/hostile/shapes", test_shapes);
  g_test_add_func ("/hostile/executable", test_executable);
  g_test_add_func ("/hostile/real-client", test_real_client);
  g_test_add_func ("/test-utils/helpers", test_utils);

  return g_test_run ();
}
