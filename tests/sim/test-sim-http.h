/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP for the simulator's tests: one request, the main context running while it is on the wire
 * (so an in-process server can answer it). */
#pragma once

#include <libsoup/soup.h>

typedef struct {
  GBytes *body;
  GError *error;
  gboolean done;
} TestSimResult;

static void
test_sim_send_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  TestSimResult *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &r->error);
  r->done = TRUE;
}

/* Sends @msg on @session and waits; returns the body or NULL with @error. */
static GBytes *
test_sim_send (SoupSession  *session,
               SoupMessage  *msg,
               GError      **error)
{
  TestSimResult r = { NULL, NULL, FALSE };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, test_sim_send_cb,
                                    &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  if (r.error)
    g_propagate_error (error, r.error);
  return r.body;
}
