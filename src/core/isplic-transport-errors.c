/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a failed call to billmgr means for the person: a message to act on and, once a change or
 * a charge may have left, an outcome that is unknown or unconfirmed rather than failed. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-transport-call-private.h"
#include "isplic-util.h"

GError *
isplic_call_uncertain_error (Call       *call,
                             const char *cause)
{
  /* Translators: the first %s says what went wrong ("No answer came within 60 seconds."), the
   * second that the operation may or may not have happened. */
  return g_error_new (ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN,
                      _("%s %s Check the licenses before you try again."),
                      cause, _(call->desc->uncertain));
}

/* A failure after the request may have reached the server: a money call's outcome is unknown,
 * a change's is unconfirmed, a read just failed with @code. */
GError *
isplic_call_after_sending_error (Call       *call,
                                 int         code,
                                 const char *cause)
{
  if (isplic_call_is_money (call))
    return isplic_call_uncertain_error (call, cause);
  if (call->desc->kind == ISPLIC_CALL_CHANGE && code != ISPLIC_CLIENT_ERROR_BUSY)
    return g_error_new (ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED,
                        _("%s The change may or may not have been made."), cause);
  return g_error_new_literal (ISPLIC_CLIENT_ERROR, code, cause);
}

/* Turns a transport failure into a message a person can act on. Never includes the body. */
GError *
isplic_call_map_transport_error (Call         *call,
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
      if (isplic_call_is_money (call) && call->body_written)
        return isplic_call_uncertain_error (call, _("The request was cancelled after it had "
                                                    "been sent."));
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
  if (isplic_call_is_money (call) && (call->body_written || call->timed_out))
    return isplic_call_uncertain_error (call, cause);

  return g_error_new_literal (ISPLIC_CLIENT_ERROR, code, cause);
}

gboolean
isplic_error_is_busy (const GError *error)
{
  if (error == NULL || error->domain != ISPLIC_BILLMGR_ERROR)
    return FALSE;
  return g_strcmp0 (isplic_billmgr_error_get_type_name (error), "busy") == 0 ||
         strstr (error->message, "Request in process") != NULL ||
         strstr (error->message, "Ваш запрос обрабатывается") != NULL;
}

gboolean
isplic_call_status_is_busy (guint status)
{
  return status == 403 || status == 429 || status == 460 || status == 503;
}

GError *
isplic_call_too_large_error (Call *call)
{
  g_autofree char *limit = g_format_size_full (call->max_answer, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *cause = g_strdup_printf (_("The billing server’s answer is larger than %s, "
                                              "far more than any account needs; it was not "
                                              "read to the end."), limit);

  return isplic_call_after_sending_error (call, ISPLIC_CLIENT_ERROR_TOO_LARGE, cause);
}

/* billmgr's refusal of an optional function: "missed" (unknown function) or "access" (no
 * access), but not a "missed" that names the license (an unknown elid). Takes @error, returns
 * the error to report. */
GError *
isplic_call_map_not_offered (GError *error)
{
  GError *mapped;

  if (error->domain != ISPLIC_BILLMGR_ERROR ||
      (error->code != ISPLIC_BILLMGR_ERROR_MISSED && error->code != ISPLIC_BILLMGR_ERROR_ACCESS) ||
      g_strcmp0 (isplic_billmgr_error_get_field (error), "elid") == 0)
    return error;
  /* Translators: %s is the billing server's own message */
  mapped = g_error_new (ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED,
                        _("The billing server does not offer this function (“%s”)."),
                        error->message);
  g_error_free (error);
  return mapped;
}

