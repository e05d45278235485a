/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-util.h"

#define DEFAULT_TIMEOUT 60
#define DEFAULT_PAGE_SIZE 5000

struct _IsplicClient
{
  GObject parent_instance;

  SoupSession *session;  /* owned */
  char *base_url;        /* owned */
  char *user;            /* owned, nullable */
  char *password;        /* owned, nullable; wiped on free */
  char *lang;            /* owned */
  guint timeout;         /* seconds; 0 = none */
  guint page_size;
};

G_DEFINE_FINAL_TYPE (IsplicClient, isplic_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_USER,
  PROP_PASSWORD,
  PROP_LANG,
  PROP_SESSION,
  PROP_TIMEOUT,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      /* volatile so that the compiler keeps the wipe of memory about to be freed */
      volatile char *p = text;
      while (*p != '\0')
        *p++ = '\0';
    }
}

static void
wipe_free (gpointer text)
{
  wipe_string (text);
  g_free (text);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                     */

static void
isplic_client_finalize (GObject *object)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->user);
  wipe_free (self->password);
  g_free (self->lang);

  G_OBJECT_CLASS (isplic_client_parent_class)->finalize (object);
}

static void
isplic_client_constructed (GObject *object)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  G_OBJECT_CLASS (isplic_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", "IspLic/" PACKAGE_VERSION,
                                                   NULL);
}

static void
isplic_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_LANG:
      g_value_set_string (value, self->lang);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      isplic_client_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_USER:
      isplic_client_set_user (self, g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      isplic_client_set_password (self, g_value_get_string (value));
      break;
    case PROP_LANG:
      isplic_client_set_lang (self, g_value_get_string (value));
      break;
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_TIMEOUT:
      isplic_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_PAGE_SIZE:
      isplic_client_set_page_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_client_class_init (IsplicClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = isplic_client_finalize;
  object_class->constructed = isplic_client_constructed;
  object_class->get_property = isplic_client_get_property;
  object_class->set_property = isplic_client_set_property;

  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, ISPLIC_SERVER_EU, rw);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, rw);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANG] = g_param_spec_string ("lang", NULL, NULL, "en", rw);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT / 1000,
                                                DEFAULT_TIMEOUT, rw);
  properties[PROP_PAGE_SIZE] = g_param_spec_uint ("page-size", NULL, NULL, 1, G_MAXINT,
                                                  DEFAULT_PAGE_SIZE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isplic_client_init (IsplicClient *self)
{
  self->base_url = g_strdup (ISPLIC_SERVER_EU);
  self->lang = g_strdup ("en");
  self->timeout = DEFAULT_TIMEOUT;
  self->page_size = DEFAULT_PAGE_SIZE;
}

IsplicClient *
isplic_client_new (const char *base_url,
                   const char *user,
                   const char *password)
{
  return isplic_client_new_with_session (NULL, base_url, user, password);
}

IsplicClient *
isplic_client_new_with_session (SoupSession *session,
                                const char  *base_url,
                                const char  *user,
                                const char  *password)
{
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  return g_object_new (ISPLIC_TYPE_CLIENT,
                       "session", session,
                       "base-url", base_url != NULL ? base_url : ISPLIC_SERVER_EU,
                       "user", user,
                       "password", password,
                       NULL);
}

const char *
isplic_client_get_base_url (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->base_url;
}

void
isplic_client_set_base_url (IsplicClient *self,
                            const char   *base_url)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (base_url == NULL)
    base_url = ISPLIC_SERVER_EU;
  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;
  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
isplic_client_get_user (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->user;
}

void
isplic_client_set_user (IsplicClient *self,
                        const char   *user)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (g_strcmp0 (self->user, user) == 0)
    return;
  g_free (self->user);
  self->user = g_strdup (user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

void
isplic_client_set_password (IsplicClient *self,
                            const char   *password)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (g_strcmp0 (self->password, password) == 0)
    return;
  wipe_free (self->password);
  self->password = g_strdup (password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

const char *
isplic_client_get_lang (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->lang;
}

void
isplic_client_set_lang (IsplicClient *self,
                        const char   *lang)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (lang == NULL || *lang == '\0')
    lang = "en";
  if (g_strcmp0 (self->lang, lang) == 0)
    return;
  g_free (self->lang);
  self->lang = g_strdup (lang);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANG]);
}

guint
isplic_client_get_timeout (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), 0);
  return self->timeout;
}

void
isplic_client_set_timeout (IsplicClient *self,
                           guint         seconds)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  seconds = MIN (seconds, G_MAXUINT / 1000);
  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
isplic_client_get_page_size (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), 0);
  return self->page_size;
}

void
isplic_client_set_page_size (IsplicClient *self,
                             guint         page_size)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  page_size = CLAMP (page_size, 1, G_MAXINT);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

SoupSession *
isplic_client_get_session (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->session;
}

/* ------------------------------------------------------------------------------------------ */
/* One request                                                                                 */

typedef enum {
  CALL_PLAIN = 0,
  CALL_MONEY = 1 << 0,  /* never retried; uncertain failures become OUTCOME_UNKNOWN */
} CallFlags;

typedef gpointer (*ParseFunc) (GBytes *body, gpointer parse_data, GError **error);

typedef struct
{
  char *host;                    /* owned: for messages */
  const char *uncertain;         /* the money operation's "may or may not" sentence */
  SoupMessage *message;          /* owned */
  GCancellable *cancellable;     /* owned: cancelled by the caller's one or by the timeout */
  GCancellable *outer;           /* owned, nullable: the caller's */
  gulong outer_handler;
  GSource *timeout_source;       /* owned, nullable */
  ParseFunc parse;
  gpointer parse_data;           /* owned by parse_data_free */
  GDestroyNotify parse_data_free;
  GDestroyNotify result_free;
  GBytes *body;                  /* owned, nullable: the answer */
  CallFlags flags;
  guint timeout;
  gboolean timed_out;
  gboolean body_written;
} Call;

static void
call_stop_timers (Call *call)
{
  if (call->timeout_source != NULL)
    {
      g_source_destroy (call->timeout_source);
      g_clear_pointer (&call->timeout_source, g_source_unref);
    }
  if (call->outer_handler != 0)
    {
      g_cancellable_disconnect (call->outer, call->outer_handler);
      call->outer_handler = 0;
    }
}

static void
call_free (gpointer data)
{
  Call *call = data;

  call_stop_timers (call);
  g_free (call->host);
  g_clear_object (&call->message);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->outer);
  if (call->parse_data_free != NULL)
    call->parse_data_free (call->parse_data);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_clear_pointer (&call->timeout_source, g_source_unref);
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

static void
wrote_body_cb (SoupMessage *message,
               Call        *call)
{
  call->body_written = TRUE;
}

static GError *
uncertain_error (Call       *call,
                 const char *cause)
{
  /* Translators: the first %s says what went wrong ("No answer came within 60 seconds."), the
   * second that the operation may or may not have happened. */
  return g_error_new (ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN,
                      _("%s %s Check the licenses before you try again."),
                      cause, call->uncertain);
}

/* Turns a transport failure into a message a person can act on. Never includes the body. */
static GError *
map_transport_error (Call         *call,
                     const GError *error)
{
  g_autofree char *cause = NULL;
  int code;

  if (call->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      code = ISPLIC_CLIENT_ERROR_TIMEOUT;
      cause = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The billing server did not answer within %u second.",
                                            "The billing server did not answer within %u seconds.",
                                            call->timeout),
                               call->timeout);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if ((call->flags & CALL_MONEY) && call->body_written)
        return uncertain_error (call, _("The request was cancelled after it had been sent."));
      return g_error_copy (error);
    }
  else if (error->domain == G_TLS_ERROR)
    {
      code = ISPLIC_CLIENT_ERROR_TLS;
      cause = g_strdup_printf (_("Could not set up a secure connection to %s: %s."),
                               call->host, error->message);
    }
  else if (error->domain == G_RESOLVER_ERROR)
    {
      code = ISPLIC_CLIENT_ERROR_NETWORK;
      cause = g_strdup_printf (_("Could not find the server %s. Check the address and the "
                                 "network connection."), call->host);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      code = ISPLIC_CLIENT_ERROR_NETWORK;
      cause = g_strdup_printf (_("The server %s refused the connection."), call->host);
    }
  else
    {
      code = ISPLIC_CLIENT_ERROR_NETWORK;
      cause = g_strdup_printf (_("Could not talk to the server %s: %s."),
                               call->host, error->message);
    }

  /* Once the request may have been sent, a money operation's fate is unknown. A timeout counts
   * even when the body was not seen leaving: being conservative costs one reconcile. */
  if ((call->flags & CALL_MONEY) && (call->body_written || call->timed_out))
    return uncertain_error (call, cause);

  return g_error_new_literal (ISPLIC_CLIENT_ERROR, code, cause);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gpointer result;

  result = call->parse (call->body, call->parse_data, &error);
  if (error != NULL)
    {
      if ((call->flags & CALL_MONEY) &&
          g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED))
        {
          g_autofree char *cause = g_strdup (error->message);
          g_clear_error (&error);
          error = uncertain_error (call, cause);
        }
      g_task_return_error (task, error);
      return;
    }

  if (!(call->flags & CALL_MONEY) && call->outer != NULL &&
      g_cancellable_is_cancelled (call->outer))
    {
      if (result != NULL && call->result_free != NULL)
        call->result_free (result);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
      return;
    }

  g_task_return_pointer (task, result, call->result_free);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  call_stop_timers (call);

  if (body == NULL)
    {
      g_task_return_error (task, map_transport_error (call, error));
      return;
    }

  status = soup_message_get_status (call->message);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *cause = NULL;
      const char *reason = soup_message_get_reason_phrase (call->message);

      if (SOUP_STATUS_IS_REDIRECTION (status))
        cause = g_strdup_printf (_("The billing server at %s redirected the request elsewhere "
                                   "(HTTP %u). Check the server address."), call->host, status);
      else
        /* Translators: "HTTP 500 Internal Server Error" */
        cause = g_strdup_printf (_("The billing server at %s answered with an error: HTTP %u %s."),
                                 call->host, status, reason != NULL ? reason : "");
      /* 4xx: the server says it did not take the request; anything else may have run it. */
      if ((call->flags & CALL_MONEY) && !SOUP_STATUS_IS_CLIENT_ERROR (status))
        g_task_return_error (task, uncertain_error (call, cause));
      else
        g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_HTTP, "%s", cause);
      return;
    }

  call->body = g_steal_pointer (&body);
  g_task_run_in_thread (task, parse_thread);
}

/* Builds the request URL from base-url: no user info, no query, no fragment. */
static char *
clean_url (const char  *base_url,
           char       **host,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) clean = NULL;
  const char *scheme;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_URL,
                   _("“%s” is not a valid server address. It should look like %s."),
                   base_url, ISPLIC_SERVER_EU);
      return NULL;
    }

  clean = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
  *host = g_strdup (g_uri_get_host (uri));
  return g_uri_to_string (clean);
}

/*
 * Starts one billmgr request. @pairs holds parameter names and values alternately (borrowed).
 * The task completes exactly once: with @parse's result, or with an error.
 */
static void
call_start (IsplicClient        *self,
            gpointer             source_tag,
            const char          *func,
            const char * const  *pairs,
            gsize                n_pairs,
            CallFlags            flags,
            const char          *uncertain,
            ParseFunc            parse,
            gpointer             parse_data,
            GDestroyNotify       parse_data_free,
            GDestroyNotify       result_free,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authinfo = NULL;
  char *body;
  gsize body_length;
  Call *call;

  call = g_new0 (Call, 1);
  call->flags = flags;
  call->uncertain = uncertain;
  call->parse = parse;
  call->parse_data = parse_data;
  call->parse_data_free = parse_data_free;
  call->result_free = result_free;
  call->timeout = self->timeout;
  call->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    call->outer = g_object_ref (cancellable);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, call_free);
  /* We decide about cancellation ourselves: a money operation that went through must say so. */
  g_task_set_check_cancellable (task, FALSE);

  url = clean_url (self->base_url, &call->host, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!isplic_url_is_secure (url))
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INSECURE,
                               _("Refusing to send the password unencrypted to %s. Use an "
                                 "https:// address; plain http:// is only allowed to this "
                                 "computer (localhost)."), call->host);
      return;
    }
  if (self->user == NULL || *self->user == '\0')
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                               _("No user name is set."));
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
      return;
    }

  authinfo = g_strconcat (self->user, ":", self->password != NULL ? self->password : "", NULL);
  all = g_ptr_array_new ();
  g_ptr_array_add (all, (gpointer) "func");
  g_ptr_array_add (all, (gpointer) func);
  g_ptr_array_add (all, (gpointer) "out");
  g_ptr_array_add (all, (gpointer) "json");
  g_ptr_array_add (all, (gpointer) "lang");
  g_ptr_array_add (all, self->lang);
  for (gsize i = 0; i + 1 < n_pairs; i += 2)
    {
      g_ptr_array_add (all, (gpointer) pairs[i]);
      g_ptr_array_add (all, (gpointer) pairs[i + 1]);
    }
  g_ptr_array_add (all, (gpointer) "authinfo");
  g_ptr_array_add (all, authinfo);
  body = isplic_form_encode ((const char * const *) all->pdata, all->len);
  wipe_string (authinfo);
  body_length = strlen (body);

  call->message = soup_message_new ("POST", url);
  if (call->message == NULL)
    {
      wipe_free (body);
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_URL,
                               _("“%s” is not a valid server address."), self->base_url);
      return;
    }
  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (call->message),
                                "Accept", "application/json");
  {
    g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (body, body_length, wipe_free, body);
    soup_message_set_request_body_from_bytes (call->message,
                                              "application/x-www-form-urlencoded", bytes);
  }
  g_signal_connect (call->message, "wrote-body", G_CALLBACK (wrote_body_cb), call);

  if (call->outer != NULL)
    call->outer_handler = g_cancellable_connect (call->outer, G_CALLBACK (outer_cancelled_cb),
                                                 g_object_ref (call->cancellable),
                                                 g_object_unref);
  if (call->timeout > 0)
    {
      call->timeout_source = g_timeout_source_new (call->timeout * 1000);
      g_source_set_name (call->timeout_source, "[isplic] request timeout");
      g_source_set_callback (call->timeout_source, timeout_cb, call, NULL);
      g_source_attach (call->timeout_source, g_task_get_context (task));
    }

  soup_session_send_and_read_async (self->session, call->message, G_PRIORITY_DEFAULT,
                                    call->cancellable, send_cb, g_steal_pointer (&task));
}

/* Success with *out (nullable) or failure. */
static gboolean
call_finish (IsplicClient  *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             gpointer      *out,
             GError       **error)
{
  GError *local_error = NULL;
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (out != NULL)
    *out = value;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Parsers run in the worker thread                                                            */

static gpointer
parse_ok (GBytes    *body,
          gpointer   parse_data,
          GError   **error)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (!isplic_parse_ok (data, length, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  GPtrArray *licenses;  /* owned */
  gint64 total;
} ListPage;

static void
list_page_free (gpointer data)
{
  ListPage *page = data;

  g_clear_pointer (&page->licenses, g_ptr_array_unref);
  g_free (page);
}

static gpointer
parse_list_page (GBytes    *body,
                 gpointer   parse_data,
                 GError   **error)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  ListPage *page;
  GPtrArray *licenses;
  gint64 total;

  licenses = isplic_parse_license_list (data, length, &total, error);
  if (licenses == NULL)
    return NULL;
  page = g_new0 (ListPage, 1);
  page->licenses = licenses;
  page->total = total;
  return page;
}

static gpointer
parse_details (GBytes    *body,
               gpointer   parse_data,
               GError   **error)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  return isplic_parse_license_details (data, length, parse_data, error);
}

typedef struct
{
  char *license_id;    /* owned, nullable */
  char *billorder_id;  /* owned, nullable */
} OrderResult;

static void
order_result_free (gpointer data)
{
  OrderResult *order = data;

  g_free (order->license_id);
  g_free (order->billorder_id);
  g_free (order);
}

static gpointer
parse_order (GBytes    *body,
             gpointer   parse_data,
             GError   **error)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  OrderResult order = { NULL, NULL };

  if (!isplic_parse_order (data, length, &order.license_id, &order.billorder_id, error))
    return NULL;
  return g_memdup2 (&order, sizeof order);
}

static gpointer
parse_prolong (GBytes    *body,
               gpointer   parse_data,
               GError   **error)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  GDateTime *expiry = NULL;

  if (!isplic_parse_prolong (data, length, &expiry, error))
    return NULL;
  return expiry;
}

static gpointer
parse_new_key (GBytes    *body,
               gpointer   parse_data,
               GError   **error)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  return isplic_parse_new_key (data, length, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers for the operations                                                                  */

static void
return_invalid_input (IsplicClient        *self,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      const char          *message)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                           "%s", message);
}

static const char *
no_id_message (void)
{
  return _("No license number was given.");
}

/* Fails the call: no (valid) license id was given. */
static void
return_no_id (IsplicClient        *self,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  return_invalid_input (self, source_tag, cancellable, callback, user_data, no_id_message ());
}

/* (transfer full) */
static char *
unknown_tariff_message (const char *tariff_id)
{
  return g_strdup_printf (_("“%s” is not a known tariff."), tariff_id != NULL ? tariff_id : "");
}

/* The message for a renewal with a bad @period or no valid id. */
static const char *
renew_input_message (int period)
{
  return period <= 0 ? _("The period must be 1 or 12 months.") : no_id_message ();
}

/* NULL when @ids is empty or has an empty id. (transfer full) */
static char *
join_ids (const char * const *ids)
{
  if (ids == NULL || ids[0] == NULL)
    return NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *p = ids[i];
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0' || strchr (ids[i], ',') != NULL)
        return NULL;
    }
  return g_strjoinv (", ", (char **) ids);
}

static gboolean
id_is_valid (const char *id)
{
  const char * const ids[] = { id, NULL };
  g_autofree char *joined = NULL;

  if (id == NULL)
    return FALSE;
  joined = join_ids (ids);
  return joined != NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Sign in                                                                                     */

void
isplic_client_sign_in_async (IsplicClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  const char * const pairs[] = { "p_cnt", "1", "p_num", "1" };

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  call_start (self, isplic_client_sign_in_async, "soft", pairs, G_N_ELEMENTS (pairs),
              CALL_PLAIN, NULL, parse_ok, NULL, NULL, NULL, cancellable, callback, user_data);
}

gboolean
isplic_client_sign_in_finish (IsplicClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return call_finish (self, result, isplic_client_sign_in_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* List                                                                                        */

typedef struct
{
  GPtrArray *licenses;  /* owned */
  GHashTable *seen;     /* owned: ids (borrowed from the licenses) */
  guint page;
  guint page_size;
} ListState;

static void
list_state_free (gpointer data)
{
  ListState *state = data;

  g_clear_pointer (&state->seen, g_hash_table_unref);
  g_clear_pointer (&state->licenses, g_ptr_array_unref);
  g_free (state);
}

static void list_fetch_page (GTask *task);

static void
list_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListState *state = g_task_get_task_data (task);
  GError *error = NULL;
  ListPage *page = NULL;
  guint added = 0;
  gboolean done;

  if (!call_finish (ISPLIC_CLIENT (source), result, list_fetch_page, (gpointer *) &page, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < page->licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (page->licenses, i);
      const char *id = isplic_license_get_id (license);

      if (!g_hash_table_add (state->seen, (gpointer) id))
        continue;
      g_ptr_array_add (state->licenses, g_object_ref (license));
      added++;
    }

  /* Stop when p_elems is reached; when a page brings nothing new (a server that ignores paging
   * would otherwise loop for ever); and, without p_elems, at a short page. */
  if (added == 0)
    done = TRUE;
  else if (page->total >= 0)
    done = (gint64) state->licenses->len >= page->total;
  else
    done = page->licenses->len < state->page_size;

  list_page_free (page);

  if (done)
    {
      g_task_return_pointer (task, g_steal_pointer (&state->licenses),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  state->page++;
  list_fetch_page (g_steal_pointer (&task));
}

static void
list_fetch_page (GTask *task)
{
  ListState *state = g_task_get_task_data (task);
  char p_cnt[16];
  char p_num[16];
  const char *pairs[] = { "p_cnt", p_cnt, "p_num", p_num };

  g_snprintf (p_cnt, sizeof p_cnt, "%u", state->page_size);
  g_snprintf (p_num, sizeof p_num, "%u", state->page);
  call_start (g_task_get_source_object (task), list_fetch_page, "soft",
              pairs, G_N_ELEMENTS (pairs), CALL_PLAIN, NULL, parse_list_page, NULL, NULL,
              list_page_free, g_task_get_cancellable (task), list_page_cb, task);
}

void
isplic_client_list_async (IsplicClient        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  ListState *state;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_list_async);
  state = g_new0 (ListState, 1);
  state->licenses = g_ptr_array_new_with_free_func (g_object_unref);
  state->seen = g_hash_table_new (g_str_hash, g_str_equal);
  state->page = 1;
  state->page_size = self->page_size;
  g_task_set_task_data (task, state, list_state_free);

  list_fetch_page (task);
}

GPtrArray *
isplic_client_list_finish (IsplicClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gpointer licenses = NULL;

  call_finish (self, result, isplic_client_list_async, &licenses, error);
  return licenses;
}

/* ------------------------------------------------------------------------------------------ */
/* Details                                                                                     */

void
isplic_client_get_details_async (IsplicClient        *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!id_is_valid (id))
    {
      return_no_id (self, isplic_client_get_details_async, cancellable, callback, user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", id };
    call_start (self, isplic_client_get_details_async, "soft.edit", pairs, G_N_ELEMENTS (pairs),
                CALL_PLAIN, NULL, parse_details, g_strdup (id), g_free, g_object_unref,
                cancellable, callback, user_data);
  }
}

IsplicLicense *
isplic_client_get_details_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  gpointer license = NULL;

  if (!call_finish (self, result, isplic_client_get_details_async, &license, error))
    return NULL;
  return license;
}

/* ------------------------------------------------------------------------------------------ */
/* Order                                                                                       */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
validate_order (const IsplicOrderParams  *params,
                const IsplicTariff      **tariff_out,
                char                    **message)
{
  const IsplicTariff *tariff;

  tariff = isplic_tariff_lookup (params->tariff_id);
  if (tariff == NULL)
    {
      *message = g_strdup_printf (_("“%s” is not a known tariff."),
                                  params->tariff_id != NULL ? params->tariff_id : "");
      return FALSE;
    }
  if (is_blank (params->name))
    {
      *message = g_strdup (_("The license needs a name."));
      return FALSE;
    }
  if (!isplic_ip_is_valid (params->ip))
    {
      *message = g_strdup_printf (_("“%s” is not a valid IP address."),
                                  params->ip != NULL ? params->ip : "");
      return FALSE;
    }
  if (!tariff->trial && params->period != 1 && params->period != 12)
    {
      *message = g_strdup (_("The period must be 1 or 12 months."));
      return FALSE;
    }
  if (params->auto_renew != 0 && params->auto_renew != 1 && params->auto_renew != 12)
    {
      *message = g_strdup (_("Automatic renewal must be off, monthly or yearly."));
      return FALSE;
    }
  *tariff_out = tariff;
  return TRUE;
}

void
isplic_client_order_async (IsplicClient            *self,
                           const IsplicOrderParams *params,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  const IsplicTariff *tariff = NULL;
  g_autofree char *message = NULL;
  g_autofree char *period = NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *addon = NULL;
  const char *pairs[20];
  gsize n = 0;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  g_return_if_fail (params != NULL);

  if (!validate_order (params, &tariff, &message))
    {
      return_invalid_input (self, isplic_client_order_async, cancellable, callback, user_data,
                            message);
      return;
    }

  period = g_strdup_printf ("%d", tariff->trial ? ISPLIC_TRIAL_PERIOD : params->period);

  pairs[n++] = "clicked_button";
  pairs[n++] = "finish";
  pairs[n++] = "sok";
  pairs[n++] = "ok";
  pairs[n++] = "skipbasket";
  pairs[n++] = params->to_cart ? "off" : "on";
  pairs[n++] = "pricelist";
  pairs[n++] = tariff->id;
  pairs[n++] = "period";
  pairs[n++] = period;
  pairs[n++] = "autoprolong";
  pairs[n++] = params->auto_renew == 12 ? "12" : params->auto_renew == 1 ? "1" : "null";
  pairs[n++] = "licname";
  pairs[n++] = params->name;
  pairs[n++] = "ip";
  pairs[n++] = params->ip;
  if (tariff->has_nodes && tariff->nodes_addon != NULL)
    {
      addon = g_strconcat ("addon_", tariff->nodes_addon, NULL);
      nodes = g_strdup_printf ("%u", MAX (params->nodes, 1));
      pairs[n++] = addon;
      pairs[n++] = nodes;
    }
  g_assert (n <= G_N_ELEMENTS (pairs));

  call_start (self, isplic_client_order_async, "soft.order.param", pairs, n, CALL_MONEY,
              _("The order may or may not have been placed."),
              parse_order, NULL, NULL, order_result_free, cancellable, callback, user_data);
}

gboolean
isplic_client_order_finish (IsplicClient  *self,
                            GAsyncResult  *result,
                            char         **license_id,
                            char         **billorder_id,
                            GError       **error)
{
  OrderResult *order = NULL;

  if (license_id != NULL)
    *license_id = NULL;
  if (billorder_id != NULL)
    *billorder_id = NULL;
  if (!call_finish (self, result, isplic_client_order_async, (gpointer *) &order, error))
    return FALSE;
  if (license_id != NULL)
    *license_id = g_steal_pointer (&order->license_id);
  if (billorder_id != NULL)
    *billorder_id = g_steal_pointer (&order->billorder_id);
  order_result_free (order);
  return TRUE;
}

typedef struct
{
  char *name;  /* owned */
  char *ip;    /* owned */
} ReconcileOrder;

static void
reconcile_order_free (gpointer data)
{
  ReconcileOrder *match = data;

  g_free (match->name);
  g_free (match->ip);
  g_free (match);
}

static gboolean
ip_equal (const char *a,
          const char *b)
{
  g_autoptr(GInetAddress) address_a = NULL;
  g_autoptr(GInetAddress) address_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  /* "2001:db8::1" and "2001:DB8:0::1" are the same address */
  address_a = g_inet_address_new_from_string (a);
  address_b = g_inet_address_new_from_string (b);
  return address_a != NULL && address_b != NULL && g_inet_address_equal (address_a, address_b);
}

static guint64
id_number (IsplicLicense *license)
{
  return g_ascii_strtoull (isplic_license_get_id (license), NULL, 10);
}

static void
reconcile_order_list_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReconcileOrder *match = g_task_get_task_data (task);
  g_autoptr(GPtrArray) licenses = NULL;
  IsplicLicense *found = NULL;
  GError *error = NULL;

  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  if (licenses == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      g_autofree char *name = NULL;

      if (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_DELETED)
        continue;
      if (!ip_equal (isplic_license_get_ip (license), match->ip))
        continue;
      name = g_strstrip (g_strdup (isplic_license_get_name (license)));
      if (g_strcmp0 (name, match->name) != 0)
        continue;
      /* The newest one wins if, against the odds, there are several. */
      if (found == NULL || id_number (license) > id_number (found))
        found = license;
    }

  if (found != NULL)
    g_task_return_pointer (task, g_object_ref (found), g_object_unref);
  else
    g_task_return_pointer (task, NULL, NULL);
}

void
isplic_client_reconcile_order_async (IsplicClient            *self,
                                     const IsplicOrderParams *params,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  ReconcileOrder *match;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  g_return_if_fail (params != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_reconcile_order_async);

  if (params->ip == NULL || params->name == NULL)
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                               _("The order to look for has no name or IP address."));
      return;
    }

  match = g_new0 (ReconcileOrder, 1);
  match->name = g_strstrip (g_strdup (params->name));
  match->ip = g_strstrip (g_strdup (params->ip));
  g_task_set_task_data (task, match, reconcile_order_free);

  isplic_client_list_async (self, cancellable, reconcile_order_list_cb, g_steal_pointer (&task));
}

IsplicLicense *
isplic_client_reconcile_order_finish (IsplicClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  gpointer license = NULL;

  /* NULL without an error: no such license was found. */
  call_finish (self, result, isplic_client_reconcile_order_async, &license, error);
  return license;
}

/* ------------------------------------------------------------------------------------------ */
/* Renew                                                                                       */

void
isplic_client_renew_preview_async (IsplicClient        *self,
                                   const char          *id,
                                   int                  period,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *period_text = NULL;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!id_is_valid (id) || period <= 0)
    {
      return_invalid_input (self, isplic_client_renew_preview_async, cancellable, callback,
                            user_data, renew_input_message (period));
      return;
    }

  period_text = g_strdup_printf ("%d", period);
  {
    const char * const pairs[] = { "elid", id, "period", period_text };
    call_start (self, isplic_client_renew_preview_async, "service.prolong",
                pairs, G_N_ELEMENTS (pairs), CALL_PLAIN, NULL, parse_prolong, NULL, NULL,
                (GDestroyNotify) g_date_time_unref, cancellable, callback, user_data);
  }
}

GDateTime *
isplic_client_renew_preview_finish (IsplicClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  gpointer expiry = NULL;

  if (!call_finish (self, result, isplic_client_renew_preview_async, &expiry, error))
    return NULL;
  return expiry;
}

void
isplic_client_renew_async (IsplicClient        *self,
                           const char * const  *ids,
                           int                  period,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *elid = NULL;
  g_autofree char *period_text = NULL;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  elid = join_ids (ids);
  if (elid == NULL || period <= 0)
    {
      return_invalid_input (self, isplic_client_renew_async, cancellable, callback, user_data,
                            renew_input_message (period));
      return;
    }

  period_text = g_strdup_printf ("%d", period);
  {
    const char * const pairs[] = { "elid", elid, "period", period_text, "sok", "ok" };
    call_start (self, isplic_client_renew_async, "service.prolong", pairs, G_N_ELEMENTS (pairs),
                CALL_MONEY, _("The renewal may or may not have gone through."),
                parse_prolong, NULL, NULL, (GDestroyNotify) g_date_time_unref,
                cancellable, callback, user_data);
  }
}

gboolean
isplic_client_renew_finish (IsplicClient  *self,
                            GAsyncResult  *result,
                            GDateTime    **new_expiry,
                            GError       **error)
{
  gpointer expiry = NULL;

  if (new_expiry != NULL)
    *new_expiry = NULL;
  if (!call_finish (self, result, isplic_client_renew_async, &expiry, error))
    return FALSE;
  if (new_expiry != NULL)
    *new_expiry = expiry;
  else
    g_clear_pointer ((GDateTime **) &expiry, g_date_time_unref);
  return TRUE;
}

typedef struct
{
  GDateTime *old_expiry;  /* owned, nullable */
  GDateTime *expiry;      /* owned, nullable: the result */
  gboolean renewed;
} ReconcileRenew;

static void
reconcile_renew_free (gpointer data)
{
  ReconcileRenew *state = data;

  g_clear_pointer (&state->old_expiry, g_date_time_unref);
  g_clear_pointer (&state->expiry, g_date_time_unref);
  g_free (state);
}

static void
reconcile_renew_details_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReconcileRenew *state = g_task_get_task_data (task);
  g_autoptr(IsplicLicense) license = NULL;
  GDateTime *expiry;
  GError *error = NULL;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (license == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  expiry = isplic_license_get_expires (license);
  if (expiry != NULL)
    state->expiry = g_date_time_ref (expiry);
  state->renewed = expiry != NULL &&
                   (state->old_expiry == NULL ||
                    g_date_time_compare (expiry, state->old_expiry) > 0);
  g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
}

void
isplic_client_reconcile_renew_async (IsplicClient        *self,
                                     const char          *id,
                                     GDateTime           *old_expiry,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReconcileRenew *state;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_reconcile_renew_async);
  state = g_new0 (ReconcileRenew, 1);
  if (old_expiry != NULL)
    state->old_expiry = g_date_time_ref (old_expiry);
  g_task_set_task_data (task, state, reconcile_renew_free);

  isplic_client_get_details_async (self, id, cancellable, reconcile_renew_details_cb,
                                   g_steal_pointer (&task));
}

gboolean
isplic_client_reconcile_renew_finish (IsplicClient  *self,
                                      GAsyncResult  *result,
                                      gboolean      *renewed,
                                      GDateTime    **expiry,
                                      GError       **error)
{
  ReconcileRenew *state;

  if (renewed != NULL)
    *renewed = FALSE;
  if (expiry != NULL)
    *expiry = NULL;
  if (!call_finish (self, result, isplic_client_reconcile_renew_async, NULL, error))
    return FALSE;

  state = g_task_get_task_data (G_TASK (result));
  if (renewed != NULL)
    *renewed = state->renewed;
  if (expiry != NULL)
    *expiry = state->expiry != NULL ? g_date_time_ref (state->expiry) : NULL;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Edit                                                                                        */

void
isplic_client_edit_async (IsplicClient        *self,
                          const char          *id,
                          const char          *name,
                          const char          *ip,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  const char *pairs[8];
  gsize n = 0;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!id_is_valid (id))
    {
      return_no_id (self, isplic_client_edit_async, cancellable, callback, user_data);
      return;
    }
  if (name != NULL && is_blank (name))
    {
      return_invalid_input (self, isplic_client_edit_async, cancellable, callback, user_data,
                            _("The license needs a name."));
      return;
    }
  if (ip != NULL && !isplic_ip_is_valid (ip))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a valid IP address."), ip);
      return_invalid_input (self, isplic_client_edit_async, cancellable, callback, user_data,
                            message);
      return;
    }
  if (name == NULL && ip == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, isplic_client_edit_async);
      g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      return;
    }

  pairs[n++] = "elid";
  pairs[n++] = id;
  if (name != NULL)
    {
      pairs[n++] = "licname";
      pairs[n++] = name;
    }
  if (ip != NULL)
    {
      pairs[n++] = "ip";
      pairs[n++] = ip;
    }
  pairs[n++] = "sok";
  pairs[n++] = "ok";

  call_start (self, isplic_client_edit_async, "soft.edit", pairs, n, CALL_PLAIN, NULL,
              parse_ok, NULL, NULL, NULL, cancellable, callback, user_data);
}

gboolean
isplic_client_edit_finish (IsplicClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return call_finish (self, result, isplic_client_edit_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Change tariff                                                                               */

void
isplic_client_change_tariff_async (IsplicClient        *self,
                                   const char          *id,
                                   const char          *tariff_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  const IsplicTariff *tariff;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  tariff = isplic_tariff_lookup (tariff_id);
  if (!id_is_valid (id) || tariff == NULL)
    {
      g_autofree char *message = NULL;

      if (tariff == NULL)
        message = unknown_tariff_message (tariff_id);
      else
        message = g_strdup (no_id_message ());
      return_invalid_input (self, isplic_client_change_tariff_async, cancellable, callback,
                            user_data, message);
      return;
    }

  {
    const char * const pairs[] = { "elid", id, "pricelist", tariff->id, "sok", "ok" };
    call_start (self, isplic_client_change_tariff_async, "service.changepricelist",
                pairs, G_N_ELEMENTS (pairs), CALL_MONEY,
                _("The tariff change may or may not have gone through."),
                parse_ok, NULL, NULL, NULL, cancellable, callback, user_data);
  }
}

gboolean
isplic_client_change_tariff_finish (IsplicClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return call_finish (self, result, isplic_client_change_tariff_async, NULL, error);
}

static void
reconcile_tariff_details_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *tariff_id = g_task_get_task_data (task);
  g_autoptr(IsplicLicense) license = NULL;
  const IsplicTariff *now;
  GError *error = NULL;
  gboolean changed;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (license == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  changed = g_strcmp0 (isplic_license_get_tariff_id (license), tariff_id) == 0;
  if (!changed && isplic_license_get_tariff_id (license) == NULL)
    {
      now = isplic_tariff_find (isplic_license_get_tariff_name (license));
      changed = now != NULL && g_strcmp0 (now->id, tariff_id) == 0;
    }
  /* The value is the answer: a boolean task result cannot carry FALSE-without-error. */
  g_task_return_pointer (task, GINT_TO_POINTER (changed ? 2 : 1), NULL);
}

void
isplic_client_reconcile_tariff_async (IsplicClient        *self,
                                      const char          *id,
                                      const char          *tariff_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_reconcile_tariff_async);
  if (tariff_id == NULL || *tariff_id == '\0')
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                               _("No tariff was given."));
      return;
    }
  g_task_set_task_data (task, g_strdup (tariff_id), g_free);

  isplic_client_get_details_async (self, id, cancellable, reconcile_tariff_details_cb,
                                   g_steal_pointer (&task));
}

gboolean
isplic_client_reconcile_tariff_finish (IsplicClient  *self,
                                       GAsyncResult  *result,
                                       gboolean      *changed,
                                       GError       **error)
{
  gpointer value = NULL;

  if (changed != NULL)
    *changed = FALSE;
  if (!call_finish (self, result, isplic_client_reconcile_tariff_async, &value, error))
    return FALSE;
  if (changed != NULL)
    *changed = GPOINTER_TO_INT (value) == 2;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Suspend, resume, delete                                                                     */

static void
group_action (IsplicClient        *self,
              gpointer             source_tag,
              const char          *func,
              const char * const  *ids,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autofree char *elid = join_ids (ids);

  if (elid == NULL)
    {
      return_no_id (self, source_tag, cancellable, callback, user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", elid, "sok", "ok" };
    call_start (self, source_tag, func, pairs, G_N_ELEMENTS (pairs), CALL_PLAIN, NULL,
                parse_ok, NULL, NULL, NULL, cancellable, callback, user_data);
  }
}

void
isplic_client_suspend_async (IsplicClient        *self,
                             const char * const  *ids,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  group_action (self, isplic_client_suspend_async, "soft.suspend", ids, cancellable, callback,
                user_data);
}

gboolean
isplic_client_suspend_finish (IsplicClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return call_finish (self, result, isplic_client_suspend_async, NULL, error);
}

void
isplic_client_resume_async (IsplicClient        *self,
                            const char * const  *ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  group_action (self, isplic_client_resume_async, "soft.resume", ids, cancellable, callback,
                user_data);
}

gboolean
isplic_client_resume_finish (IsplicClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return call_finish (self, result, isplic_client_resume_async, NULL, error);
}

void
isplic_client_delete_async (IsplicClient        *self,
                            const char * const  *ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  group_action (self, isplic_client_delete_async, "soft.delete", ids, cancellable, callback,
                user_data);
}

gboolean
isplic_client_delete_finish (IsplicClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return call_finish (self, result, isplic_client_delete_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Check IP                                                                                    */

void
isplic_client_check_ip_async (IsplicClient        *self,
                              const char          *ip,
                              const char          *tariff_id,
                              int                  period,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  const IsplicTariff *tariff;
  g_autofree char *period_text = NULL;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  tariff = isplic_tariff_lookup (tariff_id);
  if (!isplic_ip_is_valid (ip) || tariff == NULL)
    {
      g_autofree char *message = NULL;

      if (tariff == NULL)
        message = unknown_tariff_message (tariff_id);
      else
        message = g_strdup_printf (_("“%s” is not a valid IP address."), ip != NULL ? ip : "");
      return_invalid_input (self, isplic_client_check_ip_async, cancellable, callback,
                            user_data, message);
      return;
    }

  if (tariff->trial)
    period = ISPLIC_TRIAL_PERIOD;
  else if (period != 12)
    period = 1;
  period_text = g_strdup_printf ("%d", period);
  {
    const char * const pairs[] = { "ip", ip, "pricelist", tariff->id, "period", period_text,
                                   "sok", "ok" };
    call_start (self, isplic_client_check_ip_async, "soft.checkip", pairs, G_N_ELEMENTS (pairs),
                CALL_PLAIN, NULL, parse_ok, NULL, NULL, NULL, cancellable, callback, user_data);
  }
}

gboolean
isplic_client_check_ip_finish (IsplicClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return call_finish (self, result, isplic_client_check_ip_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* New key                                                                                     */

void
isplic_client_new_key_async (IsplicClient        *self,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!id_is_valid (id))
    {
      return_no_id (self, isplic_client_new_key_async, cancellable, callback, user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", id, "clicked_button", "newkey", "sok", "ok" };
    call_start (self, isplic_client_new_key_async, "soft.edit", pairs, G_N_ELEMENTS (pairs),
                CALL_PLAIN, NULL, parse_new_key, NULL, NULL, g_free,
                cancellable, callback, user_data);
  }
}

char *
isplic_client_new_key_finish (IsplicClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gpointer key = NULL;

  if (!call_finish (self, result, isplic_client_new_key_async, &key, error))
    return NULL;
  return key;
}
