/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The misbehaving billmgr's server side: a GSocketService on 127.0.0.1 accepting in a thread of
 * its own (with its own main context), one blocking thread per connection so that an endless or
 * dripping answer is paced by the socket alone, the scripts per func, and the request log.
 *
 * libsoup's SoupServer is not used on purpose: it cannot lie about a body's length or send one
 * that never ends.
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "isplic-hostile-private.h"
#include "isplic-test-utils.h"

#define MAX_HEAD (64 * 1024)
#define MAX_BODY (1024 * 1024)
#define DEFAULT_BODY "{\"doc\":{\"ok\":{}}}"

typedef struct {
  GPtrArray *behaviours;  /* of IsplicHostileBehaviour */
  guint served;           /* requests answered from this script so far */
} Script;

struct _IsplicHostile {
  GMutex lock;
  GCond cond;            /* signalled on every change to the log and to n_active */

  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  GCancellable *cancellable;
  char *url;
  char *base_url;
  gboolean ready;
  gint64 start_time;

  /* under lock */
  GHashTable *scripts;   /* func → Script; "*" for funcs without one */
  GPtrArray *log;        /* of IsplicHostileRequest */
  guint first;           /* the first entry not cleared */
  guint n_active;        /* connection threads still running */
};

static void
script_free (gpointer data)
{
  Script *script = data;

  g_ptr_array_unref (script->behaviours);
  g_free (script);
}

/* ---- the request log -------------------------------------------------------------------- */

void
isplic_hostile_request_free (IsplicHostileRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->func);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_free (request);
}

static IsplicHostileRequest *
request_copy (const IsplicHostileRequest *request)
{
  IsplicHostileRequest *copy = g_memdup2 (request, sizeof *request);
  GHashTableIter iter;
  gpointer key, value;

  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->func = g_strdup (request->func);
  copy->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, request->params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->params, g_strdup (key), g_strdup (value));
  return copy;
}

void
isplic_hostile_add_body_bytes (IsplicHostile *hostile,
                               guint          index,
                               gsize          n)
{
  g_mutex_lock (&hostile->lock);
  if (index < hostile->log->len)
    ((IsplicHostileRequest *) g_ptr_array_index (hostile->log, index))->body_bytes += n;
  g_mutex_unlock (&hostile->lock);
}

/**
 * isplic_hostile_count:
 * @func: (nullable): a billmgr func, or %NULL for all requests
 *
 * Returns: how many requests for @func the server has logged.
 */
guint
isplic_hostile_count (IsplicHostile *hostile,
                      const char    *func)
{
  guint n = 0;

  g_mutex_lock (&hostile->lock);
  for (guint i = hostile->first; i < hostile->log->len; i++)
    {
      IsplicHostileRequest *request = g_ptr_array_index (hostile->log, i);

      if (func == NULL || g_str_equal (request->func, func))
        n++;
    }
  g_mutex_unlock (&hostile->lock);
  return n;
}

/* Returns: (transfer full): a copy of the log, of IsplicHostileRequest. */
GPtrArray *
isplic_hostile_get_requests (IsplicHostile *hostile)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_hostile_request_free);

  g_mutex_lock (&hostile->lock);
  for (guint i = hostile->first; i < hostile->log->len; i++)
    g_ptr_array_add (copy, request_copy (g_ptr_array_index (hostile->log, i)));
  g_mutex_unlock (&hostile->lock);
  return copy;
}

/* Returns: (transfer full) (nullable): a copy of request @index, or %NULL. */
IsplicHostileRequest *
isplic_hostile_get_request (IsplicHostile *hostile,
                            guint          index)
{
  IsplicHostileRequest *copy = NULL;

  g_mutex_lock (&hostile->lock);
  if (index < hostile->log->len)
    copy = request_copy (g_ptr_array_index (hostile->log, index));
  g_mutex_unlock (&hostile->lock);
  return copy;
}

/* The @n-th (1-based) request for @func, or NULL; under the lock. */
static IsplicHostileRequest *
find_request_locked (IsplicHostile *hostile,
                     const char    *func,
                     guint          n)
{
  for (guint i = hostile->first; i < hostile->log->len; i++)
    {
      IsplicHostileRequest *request = g_ptr_array_index (hostile->log, i);

      if ((func == NULL || g_str_equal (request->func, func)) && --n == 0)
        return request;
    }
  return NULL;
}

typedef struct {
  IsplicHostile *hostile;
  const char *func;
  guint n;
  guint index;
} WaitFor;

static gboolean
request_arrived (gpointer data)
{
  WaitFor *wait = data;
  gboolean found;

  g_mutex_lock (&wait->hostile->lock);
  found = find_request_locked (wait->hostile, wait->func, wait->n) != NULL;
  g_mutex_unlock (&wait->hostile->lock);
  return found;
}

static gboolean
request_done (gpointer data)
{
  WaitFor *wait = data;
  gboolean done;

  g_mutex_lock (&wait->hostile->lock);
  done = wait->index < wait->hostile->log->len
         && ((IsplicHostileRequest *) g_ptr_array_index (wait->hostile->log, wait->index))->done;
  g_mutex_unlock (&wait->hostile->lock);
  return done;
}

/**
 * isplic_hostile_wait_request:
 * @func: (nullable): a billmgr func, or %NULL for any
 * @n: which request for @func, from 1
 *
 * Waits, iterating the thread-default main context (where a client under test may be sending),
 * until the @n-th request for @func has arrived.
 *
 * Returns: (transfer full) (nullable): a copy of it, or %NULL after @timeout_ms.
 */
IsplicHostileRequest *
isplic_hostile_wait_request (IsplicHostile *hostile,
                             const char    *func,
                             guint          n,
                             guint          timeout_ms)
{
  WaitFor wait = { hostile, func, MAX (n, 1), 0 };
  IsplicHostileRequest *copy = NULL;

  if (!isplic_test_wait_until (request_arrived, &wait, timeout_ms))
    return NULL;
  g_mutex_lock (&hostile->lock);
  copy = request_copy (find_request_locked (hostile, func, wait.n));
  g_mutex_unlock (&hostile->lock);
  return copy;
}

/**
 * isplic_hostile_wait_done:
 *
 * Waits, iterating the thread-default main context, until the server has finished with request
 * @index: answered it in full, or seen the client go away.
 *
 * Returns: (transfer full) (nullable): a copy of it, or %NULL after @timeout_ms.
 */
IsplicHostileRequest *
isplic_hostile_wait_done (IsplicHostile *hostile,
                          guint          index,
                          guint          timeout_ms)
{
  WaitFor wait = { hostile, NULL, 0, index };

  if (!isplic_test_wait_until (request_done, &wait, timeout_ms))
    return NULL;
  return isplic_hostile_get_request (hostile, index);
}

/* Forgets the log so far: counts and waits start again from zero; indexes keep counting (the
 * scripts keep their position). */
void
isplic_hostile_clear_log (IsplicHostile *hostile)
{
  g_mutex_lock (&hostile->lock);
  hostile->first = hostile->log->len;
  g_mutex_unlock (&hostile->lock);
}

static char *
log_to_json (IsplicHostile *hostile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) requests = isplic_hostile_get_requests (hostile);

  json_builder_begin_array (builder);
  for (guint i = 0; i < requests->len; i++)
    {
      IsplicHostileRequest *request = g_ptr_array_index (requests, i);
      g_autoptr(GList) names = g_hash_table_get_keys (request->params);

      names = g_list_sort (names, (GCompareFunc) strcmp);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, request->index);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, request->method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, request->path);
      json_builder_set_member_name (builder, "func");
      json_builder_add_string_value (builder, request->func);
      json_builder_set_member_name (builder, "params");
      json_builder_begin_object (builder);
      for (GList *l = names; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_string_value (builder, g_hash_table_lookup (request->params, l->data));
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "time");
      json_builder_add_double_value (builder, request->time);
      json_builder_set_member_name (builder, "body_bytes");
      json_builder_add_int_value (builder, (gint64) request->body_bytes);
      json_builder_set_member_name (builder, "done");
      json_builder_add_boolean_value (builder, request->done);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ---- scripts ---------------------------------------------------------------------------- */

static void
set_script (IsplicHostile *hostile,
            const char    *func,
            GPtrArray     *behaviours)
{
  Script *script = g_new0 (Script, 1);

  script->behaviours = behaviours;
  g_mutex_lock (&hostile->lock);
  g_hash_table_replace (hostile->scripts, g_strdup (func), script);
  g_mutex_unlock (&hostile->lock);
}

/**
 * isplic_hostile_script:
 * @func: a billmgr func, or "*" for every func without a script of its own
 * @first: (transfer full): the first behaviour, then more, then %NULL
 *
 * Scripts the answers to @func: its first request gets @first, the next the second behaviour,
 * and so on; the last one repeats. Replaces any script @func had, and starts again from its
 * first behaviour. The "*" script is one queue shared by every func without a script. Set a
 * behaviour up before scripting it: it may be in use by a connection at once.
 */
void
isplic_hostile_script (IsplicHostile          *hostile,
                       const char             *func,
                       IsplicHostileBehaviour *first,
                       ...)
{
  GPtrArray *behaviours = g_ptr_array_new_with_free_func (
    (GDestroyNotify) isplic_hostile_behaviour_unref);
  va_list args;

  g_return_if_fail (func != NULL && first != NULL);
  va_start (args, first);
  for (IsplicHostileBehaviour *b = first; b != NULL; b = va_arg (args, IsplicHostileBehaviour *))
    g_ptr_array_add (behaviours, b);
  va_end (args);
  set_script (hostile, func, behaviours);
}

/**
 * isplic_hostile_load_script:
 * @json_text: `{"FUNC": [behaviour, …], "*": [behaviour, …]}`; a single behaviour object may
 *   stand for a list of one. A behaviour is `{"kind": "body"|"endless"|"endless-length"|
 *   "gzip-bomb"|"drip"|"hang"|"drop"|"status"|"pages-liar"|"pages-repeat", "status": N,
 *   "headers": {"Name": "value"}, "body": "…", "gzip": bool, "interval_ms": N, "p_elems": N}`.
 *
 * Adds (or replaces) the scripts of every func named. Nothing changes on an error.
 */
gboolean
isplic_hostile_load_script (IsplicHostile  *hostile,
                            const char     *json_text,
                            GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) scripts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  JsonObjectIter iter;
  const char *func;
  JsonNode *node;
  GHashTableIter hiter;
  gpointer key, value;

  if (!json_parser_load_from_data (parser, json_text, -1, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "a script is an object of func → behaviours");
      return FALSE;
    }
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &func, &node))
    {
      GPtrArray *behaviours = g_ptr_array_new_with_free_func (
        (GDestroyNotify) isplic_hostile_behaviour_unref);

      g_hash_table_replace (scripts, g_strdup (func), behaviours);
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              IsplicHostileBehaviour *b = isplic_hostile_behaviour_from_json (
                json_array_get_element (array, i), error);

              if (b == NULL)
                {
                  g_prefix_error (error, "%s[%u]: ", func, i);
                  return FALSE;
                }
              g_ptr_array_add (behaviours, b);
            }
        }
      else
        {
          IsplicHostileBehaviour *b = isplic_hostile_behaviour_from_json (node, error);

          if (b == NULL)
            {
              g_prefix_error (error, "%s: ", func);
              return FALSE;
            }
          g_ptr_array_add (behaviours, b);
        }
      if (behaviours->len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: a script needs at least one behaviour", func);
          return FALSE;
        }
    }
  g_hash_table_iter_init (&hiter, scripts);
  while (g_hash_table_iter_next (&hiter, &key, &value))
    {
      g_hash_table_iter_steal (&hiter);
      set_script (hostile, key, value);
      g_free (key);
    }
  return TRUE;
}

gboolean
isplic_hostile_load_script_file (IsplicHostile  *hostile,
                                 const char     *path,
                                 GError        **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  if (!isplic_hostile_load_script (hostile, text, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

/* The behaviour for the next request of @func; under the lock. */
static IsplicHostileBehaviour *
next_behaviour_locked (IsplicHostile *hostile,
                       const char    *func)
{
  Script *script = g_hash_table_lookup (hostile->scripts, func);
  guint step;

  if (script == NULL)
    script = g_hash_table_lookup (hostile->scripts, "*");
  if (script == NULL)
    return isplic_hostile_body (200, DEFAULT_BODY);
  step = MIN (script->served, script->behaviours->len - 1);
  script->served++;
  return isplic_hostile_behaviour_ref (g_ptr_array_index (script->behaviours, step));
}

/* ---- one connection --------------------------------------------------------------------- */

typedef struct {
  char *method;
  char *path;
  char *target;
  GHashTable *params;  /* decoded, not redacted */
} Request;

static void
request_clear (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->target);
  g_clear_pointer (&request->params, g_hash_table_unref);
}

static void
merge_form (GHashTable *params,
            const char *form)
{
  g_autoptr(GHashTable) decoded = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (form == NULL || *form == '\0')
    return;
  decoded = soup_form_decode (form);
  g_hash_table_iter_init (&iter, decoded);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (params, g_strdup (key), g_strdup (value));
}

/* The request line and the body's length from a request head (CRLF line ends). A chunked
 * request body is not supported: no billmgr client sends one. */
static gboolean
parse_head (const char *head,
            Request    *request,
            gsize      *length)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  g_auto(GStrv) words = g_strsplit (lines[0], " ", -1);

  if (g_strv_length (words) != 3 || !g_str_has_prefix (words[2], "HTTP/1.")
      || words[1][0] != '/')
    return FALSE;
  request->method = g_strdup (words[0]);
  request->target = g_strdup (words[1]);
  *length = 0;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      guint64 n;

      if (colon == NULL)
        continue;
      if (g_ascii_strncasecmp (lines[i], "Content-Length", colon - lines[i]) == 0
          && colon - lines[i] == strlen ("Content-Length"))
        {
          g_autofree char *value = g_strstrip (g_strdup (colon + 1));

          if (!g_ascii_string_to_unsigned (value, 10, 0, MAX_BODY, &n, NULL))
            return FALSE;
          *length = n;
        }
    }
  return TRUE;
}

/* Reads one request: the head (at most MAX_HEAD) and a Content-Length body (at most MAX_BODY). */
static gboolean
read_request (IsplicHostileConn *conn,
              Request           *request)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn->connection));
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *head = NULL;
  g_autofree char *body = NULL;
  const char *query;
  gsize head_len = 0;
  gsize length = 0;
  guint8 buffer[8192];

  while (head_len == 0)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, conn->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      g_byte_array_append (data, buffer, n);
      for (gsize i = 3; i < data->len && head_len == 0; i++)
        if (memcmp (data->data + i - 3, "\r\n\r\n", 4) == 0)
          head_len = i + 1;
      if (head_len == 0 && data->len > MAX_HEAD)
        return FALSE;
    }
  head = g_strndup ((const char *) data->data, head_len - 4);
  if (!parse_head (head, request, &length))
    return FALSE;
  while (data->len < head_len + length)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, conn->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      g_byte_array_append (data, buffer, n);
    }
  body = g_strndup ((const char *) data->data + head_len, length);

  request->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  query = strchr (request->target, '?');
  request->path = query ? g_strndup (request->target, query - request->target)
                        : g_strdup (request->target);
  merge_form (request->params, query ? query + 1 : NULL);
  merge_form (request->params, body);
  return TRUE;
}

static gboolean
is_secret (const char *name)
{
  return g_ascii_strcasecmp (name, "authinfo") == 0 || g_ascii_strcasecmp (name, "password") == 0
         || g_ascii_strcasecmp (name, "passwd") == 0;
}

static guint
log_request (IsplicHostile *hostile,
             Request       *request)
{
  IsplicHostileRequest *entry = g_new0 (IsplicHostileRequest, 1);
  const char *func = g_hash_table_lookup (request->params, "func");
  GHashTableIter iter;
  gpointer key, value;
  guint index;

  entry->method = g_strdup (request->method);
  entry->path = g_strdup (request->path);
  entry->func = g_strdup (func ? func : "");
  entry->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, request->params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (entry->params, g_strdup (key),
                         g_strdup (is_secret (key) ? ISPLIC_HOSTILE_REDACTED : value));
  entry->time = (g_get_monotonic_time () - hostile->start_time) / (double) G_USEC_PER_SEC;

  g_mutex_lock (&hostile->lock);
  index = entry->index = hostile->log->len;
  g_ptr_array_add (hostile->log, entry);
  g_cond_broadcast (&hostile->cond);
  g_mutex_unlock (&hostile->lock);
  return index;
}

static void
serve_log (IsplicHostileConn *conn)
{
  g_autofree char *json = log_to_json (conn->hostile);
  g_autofree char *framing = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT, strlen (json));

  if (isplic_hostile_conn_write_head (conn, 200, NULL, framing))
    g_output_stream_write_all (conn->out, json, strlen (json), NULL, conn->cancellable, NULL);
}

static gpointer
connection_thread (gpointer data)
{
  IsplicHostileConn *conn = data;
  IsplicHostile *hostile = conn->hostile;
  Request request = { NULL };

  conn->socket = g_socket_connection_get_socket (conn->connection);
  conn->out = g_io_stream_get_output_stream (G_IO_STREAM (conn->connection));
  conn->index = G_MAXUINT;

  if (read_request (conn, &request))
    {
      if (g_str_has_prefix (request.path, "/hostile/"))
        {
          serve_log (conn);
        }
      else
        {
          const char *func = g_hash_table_lookup (request.params, "func");
          g_autoptr(IsplicHostileBehaviour) behaviour = NULL;

          conn->index = log_request (hostile, &request);
          g_mutex_lock (&hostile->lock);
          behaviour = next_behaviour_locked (hostile, func ? func : "");
          g_mutex_unlock (&hostile->lock);
          isplic_hostile_behave (conn, behaviour, request.params);
        }
    }
  request_clear (&request);
  /* a close that fails (the client is gone, or we are cancelled) still frees the socket */
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  g_object_unref (conn->connection);

  g_mutex_lock (&hostile->lock);
  if (conn->index < hostile->log->len)
    ((IsplicHostileRequest *) g_ptr_array_index (hostile->log, conn->index))->done = TRUE;
  hostile->n_active--;
  g_cond_broadcast (&hostile->cond);
  g_mutex_unlock (&hostile->lock);
  g_free (conn);
  return NULL;
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  IsplicHostile *hostile = user_data;
  IsplicHostileConn *conn = g_new0 (IsplicHostileConn, 1);

  conn->hostile = hostile;
  conn->connection = g_object_ref (connection);
  conn->cancellable = hostile->cancellable;
  g_mutex_lock (&hostile->lock);
  hostile->n_active++;
  g_mutex_unlock (&hostile->lock);
  g_thread_unref (g_thread_new ("hostile-conn", connection_thread, conn));
  return TRUE;
}

/* ---- the server ------------------------------------------------------------------------- */

static gpointer
server_thread (gpointer data)
{
  IsplicHostile *hostile = data;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (hostile->context);
  service = g_socket_service_new ();
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), hostile);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_socket_service_start (service);

  g_mutex_lock (&hostile->lock);
  hostile->base_url = g_strdup_printf (
    "http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  hostile->url = g_strconcat (hostile->base_url, "/billmgr", NULL);
  hostile->ready = TRUE;
  g_cond_broadcast (&hostile->cond);
  g_mutex_unlock (&hostile->lock);

  g_main_loop_run (hostile->loop);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (hostile->context);
  return NULL;
}

/**
 * isplic_hostile_new:
 *
 * Starts a misbehaving billmgr on 127.0.0.1 (a free port) in a thread of its own. Every func
 * answers `{"doc":{"ok":{}}}` until scripted.
 *
 * Returns: (transfer full): the server; stop it with isplic_hostile_free().
 */
IsplicHostile *
isplic_hostile_new (void)
{
  IsplicHostile *hostile = g_new0 (IsplicHostile, 1);

  g_mutex_init (&hostile->lock);
  g_cond_init (&hostile->cond);
  hostile->context = g_main_context_new ();
  hostile->loop = g_main_loop_new (hostile->context, FALSE);
  hostile->cancellable = g_cancellable_new ();
  hostile->scripts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, script_free);
  hostile->log = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_hostile_request_free);
  hostile->start_time = g_get_monotonic_time ();
  hostile->thread = g_thread_new ("hostile-server", server_thread, hostile);

  g_mutex_lock (&hostile->lock);
  while (!hostile->ready)
    g_cond_wait (&hostile->cond, &hostile->lock);
  g_mutex_unlock (&hostile->lock);
  return hostile;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Stops accepting, ends every connection (endless writers and hanging requests included) and
 * waits for their threads before freeing. */
void
isplic_hostile_free (IsplicHostile *hostile)
{
  GSource *quit;

  if (hostile == NULL)
    return;
  /* through the server's context: a quit before its loop runs would be lost */
  quit = g_idle_source_new ();
  g_source_set_callback (quit, quit_cb, hostile->loop, NULL);
  g_source_attach (quit, hostile->context);
  g_source_unref (quit);
  g_thread_join (hostile->thread);
  g_cancellable_cancel (hostile->cancellable);
  g_mutex_lock (&hostile->lock);
  while (hostile->n_active > 0)
    g_cond_wait (&hostile->cond, &hostile->lock);
  g_mutex_unlock (&hostile->lock);

  g_main_loop_unref (hostile->loop);
  g_main_context_unref (hostile->context);
  g_object_unref (hostile->cancellable);
  g_hash_table_unref (hostile->scripts);
  g_ptr_array_unref (hostile->log);
  g_free (hostile->url);
  g_free (hostile->base_url);
  g_mutex_clear (&hostile->lock);
  g_cond_clear (&hostile->cond);
  g_free (hostile);
}

/* Returns: `http://127.0.0.1:PORT/billmgr`. */
const char *
isplic_hostile_get_url (IsplicHostile *hostile)
{
  return hostile->url;
}

/* Returns: `http://127.0.0.1:PORT`, for /hostile/requests and odd paths. */
const char *
isplic_hostile_get_base_url (IsplicHostile *hostile)
{
  return hostile->base_url;
}
