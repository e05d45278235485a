/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-transport-private.h"
#include "isplic-transport-call-private.h"
#include "isplic-util.h"

/* Bytes asked of the body stream per read. */
#define READ_CHUNK (256 * 1024)
/* The longest wait before asking a busy server again, whatever its Retry-After says. */
#define MAX_RETRY_WAIT_MS 30000

void
isplic_wipe_string (char *text)
{
  if (text != NULL)
    {
      /* volatile so that the compiler keeps the wipe of memory about to be freed */
      volatile char *p = text;
      while (*p != '\0')
        *p++ = '\0';
    }
}

void
isplic_wipe_free (gpointer text)
{
  isplic_wipe_string (text);
  g_free (text);
}

static void
call_stop_timer (Call *call)
{
  if (call->timeout_source != NULL)
    {
      g_source_destroy (call->timeout_source);
      g_clear_pointer (&call->timeout_source, g_source_unref);
    }
}

static void
call_free (gpointer data)
{
  Call *call = data;

  call_stop_timer (call);
  if (call->retry_source != NULL)
    {
      g_source_destroy (call->retry_source);
      g_clear_pointer (&call->retry_source, g_source_unref);
    }
  if (call->outer_handler != 0)
    g_cancellable_disconnect (call->outer, call->outer_handler);
  g_free (call->host);
  g_free (call->url);
  g_clear_pointer (&call->request, g_bytes_unref);
  if (call->message != NULL)
    g_signal_handlers_disconnect_by_data (call->message, call);
  g_clear_object (&call->message);
  g_clear_object (&call->stream);
  g_free (call->buffer);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->outer);
  if (call->parse_data_free != NULL)
    call->parse_data_free (call->parse_data);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->journal);
  g_free (call);
}

static void
call_return_error (GTask  *task,
                   GError *error)
{
  isplic_call_journal_end (g_task_get_task_data (task), error);
  g_task_return_error (task, error);
}

static void G_GNUC_PRINTF (4, 5)
call_return_new_error (GTask      *task,
                       GQuark      domain,
                       int         code,
                       const char *format,
                       ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  call_return_error (task, error);
}

static void
call_return_value (GTask    *task,
                   gpointer  value)
{
  Call *call = g_task_get_task_data (task);

  isplic_call_journal_end (call, NULL);
  g_task_return_pointer (task, value, call->desc->result_free);
}

static void
outer_cancelled_cb (GCancellable *outer,
                    Call         *call)
{
  g_cancellable_cancel (call->cancellable);
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

/* Tells the caller that the answer is in once it is read and libsoup has let go of the
 * message, so that a request started then finds the connection free again. */
static void
maybe_tell_received (Call *call)
{
  if (!call->answer_read || !call->message_finished || call->received_told)
    return;
  call->received_told = TRUE;
  if (call->hooks.received != NULL)
    call->hooks.received (call->hooks.data);
}

static void
message_finished_cb (SoupMessage *message,
                     Call        *call)
{
  call->message_finished = TRUE;
  maybe_tell_received (call);
}

static void attempt_send (GTask *task);

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  g_clear_pointer (&call->retry_source, g_source_unref);
  if (g_cancellable_is_cancelled (call->cancellable))
    {
      call_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  call->attempt++;
  attempt_send (task);
  return G_SOURCE_REMOVE;
}

static gboolean
retry_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  /* Waking the parent (retry_cb) is all this is for. */
  return G_SOURCE_CONTINUE;
}

/* The server did not take the request (busy, rate limit). A read asks again after a while, a
 * few times; anything else reports it: nothing that changes or costs is sent again by itself.
 * Takes @task. */
static void
busy (GTask      *task,
      const char *cause)
{
  Call *call = g_task_get_task_data (task);
  GSource *cancel_source;
  guint wait;

  if (call->hooks.busy != NULL)
    call->hooks.busy (call->hooks.data);

  if (call->desc->kind != ISPLIC_CALL_READ || call->attempt >= ISPLIC_CALL_RETRIES ||
      g_cancellable_is_cancelled (call->cancellable))
    {
      call_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_BUSY, "%s", cause);
      g_object_unref (task);
      return;
    }

  wait = call->retry_delay << call->attempt;
  if (call->retry_after > 0)
    wait = MAX ((guint64) wait, MIN ((guint64) call->retry_after * 1000, MAX_RETRY_WAIT_MS));
  wait = MIN (wait, MAX_RETRY_WAIT_MS);
  g_debug ("%s: the server is busy; asking again in %u ms", call->desc->func, wait);

  call->retry_source = g_timeout_source_new (wait);
  g_source_set_name (call->retry_source, "[isplic] busy retry");
  g_source_set_callback (call->retry_source, retry_cb, task, NULL);
  cancel_source = g_cancellable_source_new (call->cancellable);
  g_source_set_callback (cancel_source, (GSourceFunc) (void (*) (void)) retry_cancelled_cb,
                         NULL, NULL);
  g_source_add_child_source (call->retry_source, cancel_source);
  g_source_unref (cancel_source);
  g_source_attach (call->retry_source, g_task_get_context (task));
}

static void
parse_thread (GTask        *inner,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gpointer result;

  result = call->desc->parse (g_bytes_get_data (call->body, NULL), g_bytes_get_size (call->body),
                              call->parse_data, &error);
  if (error != NULL)
    g_task_return_error (inner, error);
  else
    g_task_return_pointer (inner, result, call->desc->result_free);
}

/* Back on the caller's context with the parsed answer: judge it. */
static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_pointer (&call->body, g_bytes_unref);

  if (error != NULL)
    {
      if (isplic_error_is_busy (error))
        {
          g_autofree char *cause =
            g_strdup_printf (_("The billing server is busy and did not process the request "
                               "(“%s”). Try again in a minute."), error->message);
          g_clear_error (&error);
          call->retry_after = 0;
          busy (task, cause);
          return;
        }
      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED) ||
          g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED))
        {
          g_autofree char *cause = g_strdup (error->message);
          int code = error->code;

          g_clear_error (&error);
          if (call->desc->kind == ISPLIC_CALL_READ)
            error = g_error_new_literal (ISPLIC_CLIENT_ERROR, code, cause);
          else
            error = isplic_call_after_sending_error (call, ISPLIC_CLIENT_ERROR_UNCONFIRMED, cause);
        }
      else if (call->desc->optional)
        error = isplic_call_map_not_offered (error);
      call_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (!isplic_call_is_money (call) && call->outer != NULL
      && g_cancellable_is_cancelled (call->outer))
    {
      if (value != NULL && call->desc->result_free != NULL)
        call->desc->result_free (value);
      call_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
      g_object_unref (task);
      return;
    }

  call_return_value (task, value);
  g_object_unref (task);
}

static void
answer_complete (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(GTask) inner = NULL;

  call_stop_timer (call);
  g_clear_object (&call->stream);
  call->body = g_bytes_new_take (g_steal_pointer (&call->buffer), call->length);
  call->answer_read = TRUE;
  maybe_tell_received (call);

  inner = g_task_new (NULL, NULL, parsed_cb, task);
  g_task_set_source_tag (inner, answer_complete);
  g_task_set_task_data (inner, call, NULL);
  g_task_run_in_thread (inner, parse_thread);
}

static void read_next (GTask *task);

static void
fail_too_large (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  call_stop_timer (call);
  /* Dropping the stream unread closes the connection: nothing more is received. */
  g_clear_object (&call->stream);
  g_clear_pointer (&call->buffer, g_free);
  call_return_error (task, isplic_call_too_large_error (call));
  g_object_unref (task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      call_stop_timer (call);
      g_clear_pointer (&call->buffer, g_free);
      call_return_error (task, isplic_call_map_transport_error (call, error));
      g_object_unref (task);
      return;
    }

  call->length += n;
  call->reading = 0;
  if (n == 0)
    answer_complete (task);
  else if (call->length > call->max_answer)
    fail_too_large (task);
  else
    read_next (task);
}

/* Reads the next piece of the answer into the buffer; never asks for more than one byte past
 * the limit, so the buffer never holds more than that. With a declared length the buffer is
 * allocated once, that length and one byte to see the end; without, it doubles as it fills. */
static void
read_next (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  gsize have = call->length;

  g_assert (have <= call->max_answer);
  if (have == call->capacity)
    {
      gsize want = call->expected > have ? call->expected + 1
                                         : MAX ((gsize) READ_CHUNK, call->capacity * 2);

      call->capacity = MIN (want, call->max_answer + 1);
      call->buffer = g_realloc (call->buffer, call->capacity);
    }
  call->reading = MIN ((gsize) READ_CHUNK, call->capacity - have);
  g_input_stream_read_async (call->stream, call->buffer + have, call->reading,
                             G_PRIORITY_DEFAULT, call->cancellable, read_cb, task);
}

static guint
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 3600, &seconds, NULL))
    return 0;
  return (guint) seconds;
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;
  guint status;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      call_stop_timer (call);
      call_return_error (task, isplic_call_map_transport_error (call, error));
      g_object_unref (task);
      return;
    }

  status = soup_message_get_status (call->message);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *cause = NULL;
      const char *reason = soup_message_get_reason_phrase (call->message);

      call_stop_timer (call);
      g_clear_object (&call->stream);
      if (reason == NULL)
        reason = "";

      if (isplic_call_status_is_busy (status))
        {
          /* Translators: "HTTP 503 Service Unavailable" */
          cause = g_strdup_printf (_("The billing server at %s did not process the request: it "
                                     "is busy or limiting requests (HTTP %u %s). Try again in a "
                                     "minute."), call->host, status, reason);
          call->retry_after = parse_retry_after (call->message);
          busy (task, cause);
          return;
        }
      if (SOUP_STATUS_IS_REDIRECTION (status))
        cause = g_strdup_printf (_("The billing server at %s redirected the request elsewhere "
                                   "(HTTP %u). Check the server address."), call->host, status);
      else
        /* Translators: "HTTP 500 Internal Server Error" */
        cause = g_strdup_printf (_("The billing server at %s answered with an error: HTTP %u %s."),
                                 call->host, status, reason);
      /* 4xx: the server says it did not take the request; anything else may have run it. */
      if (!SOUP_STATUS_IS_CLIENT_ERROR (status) && !SOUP_STATUS_IS_REDIRECTION (status))
        call_return_error (task, isplic_call_after_sending_error (call, ISPLIC_CLIENT_ERROR_HTTP,
                                                                 cause));
      else
        call_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_HTTP, "%s", cause);
      g_object_unref (task);
      return;
    }

  /* A declared length past the limit is refused before a byte of it is read. (Compressed
   * answers declare their compressed length: the reads below bound those.) */
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (call->message));
  if (length > 0 && (guint64) length > call->max_answer &&
      soup_message_headers_get_one (soup_message_get_response_headers (call->message),
                                    "Content-Encoding") == NULL)
    {
      fail_too_large (task);
      return;
    }

  /* A compressed answer declares its compressed length: no use for sizing what we read. */
  call->expected = 0;
  if (length > 0 && soup_message_headers_get_one (soup_message_get_response_headers (call->message),
                                                  "Content-Encoding") == NULL)
    call->expected = (gsize) length;
  call->length = 0;
  call->capacity = 0;
  read_next (task);
}

/* Sends the request once more (or for the first time). Takes @task. */
static void
attempt_send (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  GMainContext *context = g_task_get_context (task);

  if (call->message != NULL)
    g_signal_handlers_disconnect_by_data (call->message, call);
  g_clear_object (&call->message);
  g_clear_object (&call->cancellable);
  call->cancellable = g_cancellable_new ();
  call->answer_read = FALSE;
  call->message_finished = FALSE;
  call->received_told = FALSE;
  call->timed_out = FALSE;
  call->body_written = FALSE;
  if (call->outer != NULL && g_cancellable_is_cancelled (call->outer))
    g_cancellable_cancel (call->cancellable);

  call->message = soup_message_new ("POST", call->url);
  /* A read may go over a kept-alive connection (and libsoup may send it again when that
   * connection turns out closed); a change or a charge always opens its own, so that libsoup
   * never sends it a second time by itself. */
  soup_message_add_flags (call->message,
                          SOUP_MESSAGE_NO_REDIRECT
                          | (call->desc->kind == ISPLIC_CALL_READ ? SOUP_MESSAGE_IDEMPOTENT
                                                                  : SOUP_MESSAGE_NEW_CONNECTION));
  soup_message_headers_replace (soup_message_get_request_headers (call->message),
                                "Accept", "application/json");
  soup_message_set_request_body_from_bytes (call->message, "application/x-www-form-urlencoded",
                                            call->request);
  g_signal_connect (call->message, "wrote-body", G_CALLBACK (wrote_body_cb), call);
  g_signal_connect (call->message, "finished", G_CALLBACK (message_finished_cb), call);

  /* One deadline for the whole request: connecting, the headers and every byte of the body. */
  if (call->timeout > 0)
    {
      call->timeout_source = g_timeout_source_new (call->timeout * 1000);
      g_source_set_name (call->timeout_source, "[isplic] request timeout");
      g_source_set_callback (call->timeout_source, timeout_cb, call, NULL);
      g_source_attach (call->timeout_source, context);
    }

  soup_session_send_async (ISPLIC_CLIENT (g_task_get_source_object (task))->session,
                           call->message, G_PRIORITY_DEFAULT, call->cancellable, send_cb, task);
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

static GBytes *
build_request (IsplicClient       *self,
               const char         *func,
               const char * const *pairs,
               gsize               n_pairs)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree char *authinfo = NULL;
  char *body;

  authinfo = g_strconcat (self->user, ":", self->password != NULL ? self->password : "", NULL);
  g_ptr_array_add (all, (gpointer) "func");
  g_ptr_array_add (all, (gpointer) func);
  g_ptr_array_add (all, (gpointer) "out");
  g_ptr_array_add (all, (gpointer) "json");
  g_ptr_array_add (all, (gpointer) "lang");
  g_ptr_array_add (all, self->lang);
  for (gsize i = 0; i + 1 < n_pairs; i += 2)
    {
      /* Evidence for the journal only: never sent. */
      if (g_str_has_prefix (pairs[i], ISPLIC_JOURNAL_ONLY_PREFIX))
        continue;
      g_ptr_array_add (all, (gpointer) pairs[i]);
      g_ptr_array_add (all, (gpointer) pairs[i + 1]);
    }
  g_ptr_array_add (all, (gpointer) "authinfo");
  g_ptr_array_add (all, authinfo);
  body = isplic_form_encode ((const char * const *) all->pdata, all->len);
  isplic_wipe_string (authinfo);
  return g_bytes_new_with_free_func (body, strlen (body), isplic_wipe_free, body);
}

void
isplic_call_start (IsplicClient          *self,
                   const IsplicCallDesc  *desc,
                   const char * const    *pairs,
                   gsize                  n_pairs,
                   gpointer               parse_data,
                   GDestroyNotify         parse_data_free,
                   GCancellable          *cancellable,
                   GAsyncReadyCallback    callback,
                   gpointer               user_data)
{
  isplic_call_start_hooked (self, desc, pairs, n_pairs, parse_data, parse_data_free, NULL,
                            cancellable, callback, user_data);
}

void
isplic_call_start_hooked (IsplicClient          *self,
                          const IsplicCallDesc  *desc,
                          const char * const    *pairs,
                          gsize                  n_pairs,
                          gpointer               parse_data,
                          GDestroyNotify         parse_data_free,
                          const IsplicCallHooks *hooks,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Call *call;

  call = g_new0 (Call, 1);
  call->desc = desc;
  if (hooks != NULL)
    call->hooks = *hooks;
  call->parse_data = parse_data;
  call->parse_data_free = parse_data_free;
  call->timeout = self->timeout;
  call->max_answer = self->max_answer;
  call->retry_delay = self->retry_delay;
  call->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    call->outer = g_object_ref (cancellable);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desc->source_tag);
  g_task_set_task_data (task, call, call_free);
  /* We decide about cancellation ourselves: a money operation that went through must say so. */
  g_task_set_check_cancellable (task, FALSE);

  call->url = clean_url (self->base_url, &call->host, &error);
  if (call->url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!isplic_url_is_secure (call->url))
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
  {
    g_autoptr(SoupMessage) probe = soup_message_new ("POST", call->url);
    if (probe == NULL)
      {
        g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_URL,
                                 _("“%s” is not a valid server address."), self->base_url);
        return;
      }
  }

  call->request = build_request (self, desc->func, pairs, n_pairs);
  if (desc->kind != ISPLIC_CALL_READ && self->journal != NULL
      && !isplic_call_journal_begin (self, call, pairs, n_pairs, &error))
    {
      /* A charge is never sent unrecorded: after a crash nobody could tell it had been. */
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                               _("Nothing was sent: %s"), error->message);
      return;
    }
  if (call->outer != NULL)
    call->outer_handler = g_cancellable_connect (call->outer, G_CALLBACK (outer_cancelled_cb),
                                                 call, NULL);
  attempt_send (g_steal_pointer (&task));
}

gboolean
isplic_call_finish (IsplicClient  *self,
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

void
isplic_call_return_invalid_input (IsplicClient        *self,
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

const char *
isplic_call_no_id_message (void)
{
  return _("No valid license number was given (a license number is a positive whole number).");
}

void
isplic_call_return_no_id (IsplicClient        *self,
                          gpointer             source_tag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  isplic_call_return_invalid_input (self, source_tag, cancellable, callback, user_data,
                                    isplic_call_no_id_message ());
}
