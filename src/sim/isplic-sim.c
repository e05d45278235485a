/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IsplicSim: an in-memory billmgr for ispmanager 6 license reselling, served by a SoupServer on
 * loopback, with the real service's quirks (see billmgr-api.md): errors with HTTP 200, a one-row
 * list as a single object, order answers with both id and item.id, renewal answers nested in
 * doc.doc, trailing spaces in messages, group ids joined with ", ".
 * This file: the object and HTTP (with fault injection). The state file is handled in
 * isplic-sim-state.c, the billmgr functions in isplic-sim-api.c and isplic-sim-basket.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "isplic-sim.h"
#include "isplic-sim-private.h"

#include <libsoup/soup.h>
#include <string.h>

#define DEFAULT_PAGE_SIZE 20
#define DEFAULT_KEY_DELAY_MS 2000
#define DEFAULT_SESSION_IDLE_S 3600
#define MAX_LOGGED_REQUESTS 20000
#define SIM_FAULT_KINDS "http500, http503, malformed, truncated, timeout, timeout-after, " \
                        "drop-after, busy"
/* Kept with the fault in self->faults: it hits only requests with sok (the confirmed
 * operation); the form and the quote, without sok, are answered as usual. */
#define SIM_FAULT_SOK_ONLY 0x100

typedef struct {
  IsplicSim         *sim;   /* unowned */
  SoupServerMessage *msg;   /* owned */
  GSource           *source;
} Delayed;

G_DEFINE_FINAL_TYPE (IsplicSim, isplic_sim, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------------------------ */
/* small helpers */

static void
sim_session_free (gpointer data)
{
  SimSession *s = data;

  g_free (s->user);
  g_free (s);
}

static void
request_free (gpointer data)
{
  IsplicSimRequest *r = data;

  g_free (r->method);
  g_free (r->path);
  g_free (r->query);
  g_free (r->content_type);
  g_clear_pointer (&r->params, g_hash_table_unref);
  g_free (r->func);
  g_free (r);
}

/* ------------------------------------------------------------------------------------------ */
/* state */

void
sim_index_add (IsplicSim  *self,
           SimLicense *lic)
{
  g_hash_table_replace (self->by_id, lic->id_str, lic);
  if (lic->status != SIM_STATUS_DELETED && lic->ip[0])
    g_hash_table_replace (self->by_ip, lic->ip, lic);
  if (lic->key_ready_at > 0)
    g_ptr_array_add (self->pending, lic);
}

/* Licenses whose key delay has passed become active with a key. */
static void
settle (IsplicSim *self)
{
  gint64 now;
  gboolean changed = FALSE;

  if (self->pending->len == 0)
    return;
  now = g_get_real_time ();
  for (guint i = 0; i < self->pending->len;)
    {
      SimLicense *lic = self->pending->pdata[i];

      if (lic->key_ready_at > 0 && lic->key_ready_at <= now)
        {
          lic->key_ready_at = 0;
          if (lic->lickey[0] == '\0')
            {
              g_free (lic->lickey);
              lic->lickey = sim_make_key (self->rand, lic->id);
            }
          if (lic->status == SIM_STATUS_PROCESSING)
            lic->status = SIM_STATUS_ACTIVE;
          g_ptr_array_remove_index (self->pending, i);
          changed = TRUE;
        }
      else if (lic->key_ready_at <= 0)
        g_ptr_array_remove_index (self->pending, i);
      else
        i++;
    }
  if (changed)
    sim_state_save (self);
}

static gboolean
settle_timer_cb (gpointer user_data)
{
  IsplicSim *self = user_data;
  GSource *source = g_main_current_source ();

  settle (self);
  g_ptr_array_remove (self->timers, source);
  return G_SOURCE_REMOVE;
}

void
sim_schedule_settle (IsplicSim *self,
                 guint      delay_ms)
{
  GSource *source = g_timeout_source_new (delay_ms + 5);

  g_source_set_callback (source, settle_timer_cb, self, NULL);
  g_source_set_name (source, "[isplic-sim] key ready");
  g_source_attach (source, self->context);
  g_ptr_array_add (self->timers, source);
}

SimLicense *
sim_find_license (IsplicSim  *self,
              const char *id)
{
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* HTTP */

static GHashTable *
new_params (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
merge_form (GHashTable *into,
            GHashTable *form)
{
  GHashTableIter iter;
  gpointer k, v;

  if (form == NULL)
    return;
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_replace (into, g_utf8_make_valid (k, -1), g_utf8_make_valid (v ? v : "", -1));
}

static GHashTable *
parse_params (SoupServerMessage *msg)
{
  GHashTable *params = new_params ();
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *ctype = soup_message_headers_get_content_type (headers, NULL);

  if (query)
    {
      g_autoptr(GHashTable) form = soup_form_decode (query);

      merge_form (params, form);
    }
  if (body && body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

      if (ctype && g_ascii_strcasecmp (ctype, "multipart/form-data") == 0)
        {
          SoupMultipart *mp = soup_multipart_new_from_message (headers, bytes);

          /* Part by part (files too: their content becomes the value), as a form would. */
          for (int i = 0; mp && i < soup_multipart_get_length (mp); i++)
            {
              SoupMessageHeaders *part_headers;
              GBytes *part_body;
              g_autoptr(GHashTable) disp = NULL;
              const char *name;

              if (!soup_multipart_get_part (mp, i, &part_headers, &part_body)
                  || !soup_message_headers_get_content_disposition (part_headers, NULL, &disp))
                continue;
              name = g_hash_table_lookup (disp, "name");
              if (name)
                {
                  gsize n;
                  const char *data = g_bytes_get_data (part_body, &n);

                  /* Parameters are text: invalid UTF-8 becomes U+FFFD, as in a form. */
                  g_hash_table_replace (params, g_utf8_make_valid (name, -1),
                                        g_utf8_make_valid (data ? data : "", (gssize) n));
                }
            }
          g_clear_pointer (&mp, soup_multipart_free);
        }
      else
        {
          /* Whatever the content type says (or when there is none), the body is form data. */
          gsize n;
          const char *data = g_bytes_get_data (bytes, &n);
          g_autofree char *text = g_strndup (data, n);
          g_autoptr(GHashTable) form = soup_form_decode (text);

          merge_form (params, form);
        }
    }
  return params;
}

static char *
redact_query (const char *query)
{
  g_auto(GStrv) pairs = NULL;
  GString *out;

  if (query == NULL)
    return NULL;
  pairs = g_strsplit (query, "&", -1);
  out = g_string_new (NULL);
  for (guint i = 0; pairs[i]; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *raw = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      g_autofree char *name = g_uri_unescape_string (raw, NULL);

      if (i > 0)
        g_string_append_c (out, '&');
      if (name && sim_is_secret_param (name))
        g_string_append_printf (out, "%s=***", raw);
      else
        g_string_append (out, pairs[i]);
    }
  return g_string_free (out, FALSE);
}

static void
log_request (IsplicSim         *self,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *params)
{
  IsplicSimRequest *r;
  GHashTableIter iter;
  gpointer k, v;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (!self->logging && !self->log_stderr)
    return;
  r = g_new0 (IsplicSimRequest, 1);
  r->method = g_strdup (soup_server_message_get_method (msg));
  r->path = g_strdup (path);
  r->query = redact_query (g_uri_get_query (soup_server_message_get_uri (msg)));
  r->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  r->params = new_params ();
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_replace (r->params, g_strdup (k), g_strdup (sim_is_secret_param (k) ? "***" : v));
  r->func = g_strdup (g_hash_table_lookup (params, "func"));

  if (self->log_stderr)
    {
      g_autoptr(GPtrArray) keys = sim_sorted_keys (r->params);
      GString *line = g_string_new (NULL);

      g_string_append_printf (line, "isplic-billmgr-sim: %s %s", r->method, r->path);
      for (guint i = 0; i < keys->len; i++)
        g_string_append_printf (line, " %s=%s", (char *) keys->pdata[i],
                                (char *) g_hash_table_lookup (r->params, keys->pdata[i]));
      g_printerr ("%s\n", line->str);
      g_string_free (line, TRUE);
    }
  if (self->logging)
    {
      /* Bounded, so that a long-running simulator does not grow without end. */
      if (self->requests->len >= MAX_LOGGED_REQUESTS)
        g_ptr_array_remove_range (self->requests, 0, self->requests->len / 10);
      g_ptr_array_add (self->requests, r);
    }
  else
    request_free (r);
}

static void
delayed_free (Delayed *d)
{
  if (d->source)
    {
      g_source_destroy (d->source);
      g_source_unref (d->source);
    }
  g_clear_object (&d->msg);
  g_free (d);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *d = user_data;

  g_source_unref (d->source);
  d->source = NULL;
  soup_server_message_unpause (d->msg);
  g_ptr_array_remove_fast (d->sim->delayed, d);
  return G_SOURCE_REMOVE;
}

static void
respond (IsplicSim         *self,
         SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         char              *body,
         gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, len);
  if (self->latency_ms > 0)
    {
      Delayed *d = g_new0 (Delayed, 1);

      d->sim = self;
      d->msg = g_object_ref (msg);
      d->source = g_timeout_source_new (self->latency_ms);
      g_source_set_callback (d->source, delayed_cb, d, NULL);
      g_source_set_name (d->source, "[isplic-sim] latency");
      g_source_attach (d->source, self->context);
      g_ptr_array_add (self->delayed, d);
      soup_server_message_pause (msg);
    }
}

static void
hang (IsplicSim         *self,
      SoupServerMessage *msg)
{
  soup_server_message_pause (msg);
  g_ptr_array_add (self->hanging, g_object_ref (msg));
}

static IsplicSimFault
fault_for (IsplicSim  *self,
           const char *func,
           GHashTable *params)
{
  gpointer v;
  int fault;

  if (!(func && g_hash_table_lookup_extended (self->faults, func, NULL, &v))
      && !g_hash_table_lookup_extended (self->faults, "*", NULL, &v))
    return ISPLIC_SIM_FAULT_NONE;
  fault = GPOINTER_TO_INT (v);
  if ((fault & SIM_FAULT_SOK_ONLY) != 0 && !sim_has_sok (params))
    return ISPLIC_SIM_FAULT_NONE;
  return fault & ~SIM_FAULT_SOK_ONLY;
}

static char *
remote_text (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);

  if (G_IS_INET_SOCKET_ADDRESS (addr))
    return g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
  return g_strdup ("");
}

static gboolean
remote_is_loopback (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);

  return G_IS_INET_SOCKET_ADDRESS (addr)
         && g_inet_address_get_is_loopback (
              g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
}

static char *
requests_to_json (IsplicSim *self,
                  gsize     *len)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < self->requests->len; i++)
    {
      IsplicSimRequest *r = self->requests->pdata[i];
      GHashTableIter iter;
      gpointer k, v;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, r->method);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, r->path);
      json_builder_set_member_name (b, "query");
      if (r->query)
        json_builder_add_string_value (b, r->query);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "content_type");
      if (r->content_type)
        json_builder_add_string_value (b, r->content_type);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "func");
      if (r->func)
        json_builder_add_string_value (b, r->func);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "params");
      json_builder_begin_object (b);
      g_hash_table_iter_init (&iter, r->params);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          json_builder_set_member_name (b, k);
          json_builder_add_string_value (b, g_utf8_validate (v, -1, NULL) ? v : "");
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, len);
}

static gboolean
control_ms (GHashTable  *params,
            const char  *name,
            guint       *out,
            GError     **error)
{
  const char *v = g_hash_table_lookup (params, name);
  guint64 n;

  if (v == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (v, 10, 0, G_MAXINT32, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: not a number of ms", name);
      return FALSE;
    }
  *out = (guint) n;
  return TRUE;
}

/* /sim/control: lets a black-box test change the server while it runs. Parameters (any of):
 * fail=FUNC=KIND[,sok-only] (as --fail; KIND none clears), latency=MS, key_delay=MS,
 * clear_requests=1, disable=FUNC and enable=FUNC (as --disable), balance=AMOUNT and
 * credit_limit=AMOUNT ("120.00"). */
static gboolean
control (IsplicSim   *self,
         GHashTable  *params,
         GError     **error)
{
  const char *fail = g_hash_table_lookup (params, "fail");
  const char *disable = g_hash_table_lookup (params, "disable");
  const char *enable = g_hash_table_lookup (params, "enable");
  const char *balance = g_hash_table_lookup (params, "balance");
  const char *credit = g_hash_table_lookup (params, "credit_limit");
  gint64 balance_cents = 0, credit_cents = 0;
  guint latency = self->latency_ms, key_delay = self->key_delay_ms;

  if (!control_ms (params, "latency", &latency, error)
      || !control_ms (params, "key_delay", &key_delay, error))
    return FALSE;
  if ((disable && *disable == '\0') || (enable && *enable == '\0'))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "disable and enable take a function name");
      return FALSE;
    }
  if (fail && !isplic_sim_parse_fault (self, fail, error))
    return FALSE;
  if (balance && !isplic_sim_parse_amount (balance, &balance_cents, error))
    return FALSE;
  if (credit && (!isplic_sim_parse_amount (credit, &credit_cents, error) || credit_cents < 0))
    {
      if (error && *error == NULL)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "credit_limit must not be negative");
      return FALSE;
    }
  if (balance)
    isplic_sim_set_balance (self, balance_cents);
  if (credit)
    isplic_sim_set_credit_limit (self, credit_cents);
  if (disable)
    isplic_sim_set_function_enabled (self, disable, FALSE);
  if (enable)
    isplic_sim_set_function_enabled (self, enable, TRUE);
  self->latency_ms = latency;
  self->key_delay_ms = key_delay;
  if (g_hash_table_contains (params, "clear_requests"))
    isplic_sim_clear_requests (self);
  return TRUE;
}

static void
handle_sim_endpoint (IsplicSim         *self,
                     SoupServerMessage *msg,
                     const char        *path)
{
  gsize len = 0;
  char *body;

  if (!remote_is_loopback (msg))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  if (strcmp (path, "/sim/state") == 0)
    {
      GString *text = sim_state_to_text (self, FALSE);

      len = text->len;
      body = g_string_free (text, FALSE);
    }
  else if (strcmp (path, "/sim/control") == 0)
    {
      g_autoptr(GHashTable) params = parse_params (msg);
      g_autoptr(GError) error = NULL;

      if (!control (self, params, &error))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
          soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY,
                                            error->message, strlen (error->message));
          return;
        }
      body = g_strdup ("{\"ok\":true}\n");
      len = strlen (body);
    }
  else
    body = requests_to_json (self, &len);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, len);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  IsplicSim *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean is_api = strcmp (path, "/billmgr") == 0 || strcmp (path, "/manager/billmgr") == 0;
  gboolean is_sim = strcmp (path, "/sim/state") == 0 || strcmp (path, "/sim/requests") == 0
                    || strcmp (path, "/sim/control") == 0;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *remote = NULL;
  const char *func;
  const char *ctype;
  IsplicSimFault fault;
  char *body;
  gsize len;

  if (!is_api && !is_sim)
    {
      static const char not_found[] = "<html><body><h1>404 Not Found</h1></body></html>";

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, not_found,
                                        strlen (not_found));
      return;
    }
  /* No HEAD: a function call has effects, and a HEAD answer would hide them. */
  if (strcmp (method, "GET") != 0 && strcmp (method, "POST") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Allow",
                                   "GET, POST");
      return;
    }

  settle (self);
  if (is_sim)
    {
      handle_sim_endpoint (self, msg, path);
      return;
    }

  params = parse_params (msg);
  func = g_hash_table_lookup (params, "func");
  log_request (self, msg, path, params);

  fault = fault_for (self, func, params);
  switch (fault)
    {
    case ISPLIC_SIM_FAULT_HTTP500:
      {
        static const char html[] =
          "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n"
          "<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n"
          "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

        soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
        soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html,
                                          strlen (html));
      }
      return;
    case ISPLIC_SIM_FAULT_MALFORMED:
      {
        static const char html[] =
          "<html><head><title>Maintenance</title></head><body><h1>The billing panel is being "
          "updated</h1><p>Please try again later.</p></body></html>";

        respond (self, msg, SOUP_STATUS_OK, "text/html", g_strdup (html), strlen (html));
      }
      return;
    case ISPLIC_SIM_FAULT_HTTP503:
      {
        static const char html[] =
          "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n"
          "<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
          "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

        soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
        soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html,
                                          strlen (html));
      }
      return;
    case ISPLIC_SIM_FAULT_BUSY:
      body = sim_api_busy (self, params, &ctype, &len);
      respond (self, msg, SOUP_STATUS_OK, ctype, body, len);
      return;
    case ISPLIC_SIM_FAULT_TIMEOUT:
      hang (self, msg);
      return;
    case ISPLIC_SIM_FAULT_NONE:
    case ISPLIC_SIM_FAULT_TIMEOUT_AFTER:
    case ISPLIC_SIM_FAULT_DROP_AFTER:
    case ISPLIC_SIM_FAULT_TRUNCATED:
    default:
      break;
    }

  remote = remote_text (msg);
  body = sim_api_run (self, params, remote, &ctype, &len);
  if (fault == ISPLIC_SIM_FAULT_TIMEOUT_AFTER || fault == ISPLIC_SIM_FAULT_DROP_AFTER)
    {
      g_free (body);
      hang (self, msg);
      /* drop-after: the connection closes at once, without a status line. */
      if (fault == ISPLIC_SIM_FAULT_DROP_AFTER)
        {
          GSocket *socket = soup_server_message_get_socket (msg);

          if (socket)
            g_socket_shutdown (socket, TRUE, TRUE, NULL);
        }
      return;
    }
  if (fault == ISPLIC_SIM_FAULT_TRUNCATED)
    len = len / 2;
  respond (self, msg, SOUP_STATUS_OK, ctype, body, len);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
isplic_sim_dispose (GObject *object)
{
  IsplicSim *self = ISPLIC_SIM (object);

  isplic_sim_stop (self);
  G_OBJECT_CLASS (isplic_sim_parent_class)->dispose (object);
}

static void
isplic_sim_finalize (GObject *object)
{
  IsplicSim *self = ISPLIC_SIM (object);

  g_free (self->user);
  g_free (self->password);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_ip);
  g_ptr_array_unref (self->pending);
  g_ptr_array_unref (self->licenses);
  g_ptr_array_unref (self->deleted);
  g_ptr_array_unref (self->basket);
  g_ptr_array_unref (self->history);
  g_rand_free (self->rand);
  g_hash_table_unref (self->faults);
  g_hash_table_unref (self->disabled);
  sim_state_unlock (self);
  g_free (self->state_file);
  for (guint i = 0; i < G_N_ELEMENTS (self->filter); i++)
    g_free (self->filter[i]);
  g_ptr_array_unref (self->requests);
  g_hash_table_unref (self->sessions);
  g_ptr_array_unref (self->hanging);
  g_ptr_array_unref (self->delayed);
  g_ptr_array_unref (self->timers);
  G_OBJECT_CLASS (isplic_sim_parent_class)->finalize (object);
}

static void
isplic_sim_class_init (IsplicSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_sim_dispose;
  object_class->finalize = isplic_sim_finalize;
}

static void
timer_source_free (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

static void
isplic_sim_init (IsplicSim *self)
{
  self->user = g_strdup (ISPLIC_SIM_DEFAULT_USER);
  self->password = g_strdup (ISPLIC_SIM_DEFAULT_PASSWORD);
  self->licenses = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  self->deleted = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  self->basket = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_history_free);
  self->balance = ISPLIC_SIM_DEFAULT_BALANCE;
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_ip = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_ptr_array_new ();
  self->next_id = SIM_FIRST_ID;
  self->next_billorder = SIM_FIRST_BILLORDER;
  self->rand = g_rand_new ();
  self->key_delay_ms = DEFAULT_KEY_DELAY_MS;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->session_idle_s = DEFAULT_SESSION_IDLE_S;
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->disabled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->lock_fd = -1;
  self->requests = g_ptr_array_new_with_free_func (request_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sim_session_free);
  self->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  self->delayed = g_ptr_array_new_with_free_func ((GDestroyNotify) delayed_free);
  self->timers = g_ptr_array_new_with_free_func (timer_source_free);
}

/* ------------------------------------------------------------------------------------------ */
/* public API */

IsplicSim *
isplic_sim_new (void)
{
  return g_object_new (ISPLIC_TYPE_SIM, NULL);
}

void
isplic_sim_set_account (IsplicSim  *self,
                        const char *user,
                        const char *password)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (user != NULL && password != NULL);

  g_free (self->user);
  self->user = g_strdup (user);
  g_free (self->password);
  self->password = g_strdup (password);
  g_hash_table_remove_all (self->sessions);
}

void
isplic_sim_generate (IsplicSim *self,
                     guint      n,
                     guint32    seed)
{
  g_autoptr(GPtrArray) lics = NULL;

  g_return_if_fail (ISPLIC_IS_SIM (self));

  sim_state_clear (self);
  lics = sim_generate (n, seed, SIM_FIRST_ID);
  for (guint i = 0; i < lics->len; i++)
    {
      SimLicense *lic = lics->pdata[i];

      lics->pdata[i] = NULL;
      g_ptr_array_add (self->licenses, lic);
      sim_index_add (self, lic);
    }
  self->next_id = SIM_FIRST_ID + n;
  sim_state_save (self);
}

void
isplic_sim_set_balance (IsplicSim *self,
                        gint64     cents)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->balance = cents;
  sim_state_save (self);
}

gint64
isplic_sim_get_balance (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  return self->balance;
}

void
isplic_sim_set_credit_limit (IsplicSim *self,
                             gint64     cents)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (cents >= 0);
  self->credit_limit = cents;
  sim_state_save (self);
}

gint64
isplic_sim_get_credit_limit (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  return self->credit_limit;
}

gboolean
isplic_sim_parse_amount (const char  *text,
                         gint64      *cents,
                         GError     **error)
{
  g_return_val_if_fail (cents != NULL, FALSE);

  if (!sim_money_parse (text, cents))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an amount such as 120.00"), text ? text : "");
      return FALSE;
    }
  return TRUE;
}

void
isplic_sim_set_latency (IsplicSim *self,
                        guint      latency_ms)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->latency_ms = latency_ms;
}

void
isplic_sim_set_key_delay (IsplicSim *self,
                          guint      delay_ms)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->key_delay_ms = delay_ms;
}

void
isplic_sim_set_page_size (IsplicSim *self,
                          guint      rows)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (rows > 0);
  self->page_size = rows;
}

void
isplic_sim_set_session_idle (IsplicSim *self,
                             guint      seconds)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->session_idle_s = seconds;
}

void
isplic_sim_set_fault (IsplicSim      *self,
                      const char     *func,
                      IsplicSimFault  fault)
{
  isplic_sim_set_fault_full (self, func, fault, FALSE);
}

void
isplic_sim_set_fault_full (IsplicSim      *self,
                           const char     *func,
                           IsplicSimFault  fault,
                           gboolean        sok_only)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (func != NULL);

  if (fault == ISPLIC_SIM_FAULT_NONE)
    g_hash_table_remove (self->faults, func);
  else
    g_hash_table_replace (self->faults, g_strdup (func),
                          GINT_TO_POINTER (fault | (sok_only ? SIM_FAULT_SOK_ONLY : 0)));
}

gboolean
isplic_sim_parse_fault (IsplicSim   *self,
                        const char  *spec,
                        GError     **error)
{
  static const struct { const char *name; IsplicSimFault fault; } kinds[] = {
    { "http500", ISPLIC_SIM_FAULT_HTTP500 },
    { "malformed", ISPLIC_SIM_FAULT_MALFORMED },
    { "timeout", ISPLIC_SIM_FAULT_TIMEOUT },
    { "timeout-after", ISPLIC_SIM_FAULT_TIMEOUT_AFTER },
    { "truncated", ISPLIC_SIM_FAULT_TRUNCATED },
    { "drop-after", ISPLIC_SIM_FAULT_DROP_AFTER },
    { "busy", ISPLIC_SIM_FAULT_BUSY },
    { "http503", ISPLIC_SIM_FAULT_HTTP503 },
    { "none", ISPLIC_SIM_FAULT_NONE },
  };
  static const char sok_only[] = ",sok-only";
  const char *eq;
  g_autofree char *func = NULL;
  g_autofree char *kind = NULL;
  gboolean only_sok = FALSE;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  eq = strchr (spec, '=');
  if (eq == NULL || eq == spec)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s” is not FUNC=KIND[,sok-only] (KIND: " SIM_FAULT_KINDS ", none)",
                   spec);
      return FALSE;
    }
  func = g_strndup (spec, eq - spec);
  kind = g_strdup (eq + 1);
  if (g_str_has_suffix (kind, sok_only))
    {
      kind[strlen (kind) - strlen (sok_only)] = '\0';
      only_sok = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kind, kinds[i].name) == 0)
      {
        isplic_sim_set_fault_full (self, func, kinds[i].fault, only_sok);
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "Unknown fault kind “%s” (use " SIM_FAULT_KINDS " or none)", kind);
  return FALSE;
}

gboolean
isplic_sim_set_state_file (IsplicSim   *self,
                           const char  *path,
                           GError     **error)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), FALSE);

  g_clear_pointer (&self->state_file, g_free);
  sim_state_unlock (self);
  if (path == NULL)
    return TRUE;
  if (!sim_state_open (self, path, error))
    return FALSE;
  self->state_file = g_strdup (path);
  return TRUE;
}

gboolean
isplic_sim_start (IsplicSim  *self,
                  guint       port,
                  GError    **error)
{
  g_autoptr(GInetAddress) lo = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  GSList *uris;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "isplic-billmgr-sim ", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  addr = g_inet_socket_address_new (lo, (guint16) port);
  if (!soup_server_listen (self->server, addr, 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  self->context = g_main_context_ref_thread_default ();
  uris = soup_server_get_uris (self->server);
  self->port = uris ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

void
isplic_sim_stop (IsplicSim *self)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));

  g_ptr_array_set_size (self->timers, 0);
  g_ptr_array_set_size (self->delayed, 0);
  if (self->server)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  g_ptr_array_set_size (self->hanging, 0);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = 0;
}

char *
isplic_sim_get_url (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);

  if (self->server == NULL)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u/billmgr", self->port);
}

guint
isplic_sim_get_port (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  return self->port;
}

void
isplic_sim_set_logging (IsplicSim *self,
                        gboolean   enabled)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->logging = enabled;
}

void
isplic_sim_set_log_stderr (IsplicSim *self,
                           gboolean   enabled)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->log_stderr = enabled;
}

GPtrArray *
isplic_sim_get_requests (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  return self->requests;
}

void
isplic_sim_clear_requests (IsplicSim *self)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_ptr_array_set_size (self->requests, 0);
}

guint
isplic_sim_count_requests (IsplicSim  *self,
                           const char *func)
{
  guint n = 0;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  for (guint i = 0; i < self->requests->len; i++)
    {
      IsplicSimRequest *r = self->requests->pdata[i];

      if (g_strcmp0 (r->func, func) == 0)
        n++;
    }
  return n;
}

JsonObject *
isplic_sim_lookup (IsplicSim  *self,
                   const char *id)
{
  SimLicense *lic;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  settle (self);
  lic = sim_find_license (self, id);
  return lic ? sim_license_to_json (lic) : NULL;
}

guint
isplic_sim_get_n_licenses (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  return self->licenses->len;
}

JsonNode *
isplic_sim_dump (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  settle (self);
  return sim_state_build (self, FALSE);
}

/* Speed check without HTTP: the body of func=soft for @p_cnt rows (transfer full). */
char *
isplic_sim_render_list (IsplicSim *self,
                        guint      p_cnt,
                        gsize     *len)
{
  g_autoptr(GHashTable) params = new_params ();
  const char *ctype;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  g_hash_table_insert (params, g_strdup ("func"), g_strdup ("soft"));
  g_hash_table_insert (params, g_strdup ("out"), g_strdup ("json"));
  g_hash_table_insert (params, g_strdup ("p_cnt"), g_strdup_printf ("%u", p_cnt));
  g_hash_table_insert (params, g_strdup ("authinfo"),
                       g_strdup_printf ("%s:%s", self->user, self->password));
  return sim_api_run (self, params, "127.0.0.1", &ctype, len);
}
