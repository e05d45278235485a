/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicSession: a fresh order is watched until it is active with a key. */
#include "config.h"

#include "isplic-session.h"

/* The first look, then each wait doubles up to the longest; the watch ends after the whole. */
#define POLL_FIRST_MS 10000
#define POLL_LONGEST_MS 160000
#define POLL_TOTAL_MS (10 * 60 * 1000)

typedef struct {
  IsplicSession *session;     /* unowned: the polls are the session's data */
  GHashTable *polls;          /* id → Poll */
  guint first_ms;
} Polls;

typedef struct {
  Polls *owner;
  char *id;
  GCancellable *cancellable;  /* owned: cancelled on sign-out (with the session's) and when done */
  GCancellable *session_cancellable; /* owned */
  gulong cancelled_id;
  guint source;
  guint wait_ms;
  guint waited_ms;
  gboolean seen_pending;      /* it was seen processing: its readiness is news */
  gboolean in_flight;
} Poll;

static void poll_schedule (Poll *poll, guint delay_ms);

static void
poll_free (gpointer data)
{
  Poll *poll = data;

  g_clear_handle_id (&poll->source, g_source_remove);
  /* A request in flight sees the cancellation and lets go of the poll. */
  g_cancellable_disconnect (poll->session_cancellable, poll->cancelled_id);
  g_cancellable_cancel (poll->cancellable);
  g_clear_object (&poll->session_cancellable);
  g_clear_object (&poll->cancellable);
  g_free (poll->id);
  g_free (poll);
}

static void
polls_free (gpointer data)
{
  Polls *polls = data;

  /* Requests in flight hold the Poll: they are told by their cancellable to let go. */
  g_hash_table_unref (polls->polls);
  g_free (polls);
}

static Polls *
get_polls (IsplicSession *self)
{
  Polls *polls = g_object_get_data (G_OBJECT (self), "isplic-order-polls");

  if (polls == NULL)
    {
      polls = g_new0 (Polls, 1);
      polls->session = self;
      polls->first_ms = POLL_FIRST_MS;
      polls->polls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, poll_free);
      g_object_set_data_full (G_OBJECT (self), "isplic-order-polls", polls, polls_free);
    }
  return polls;
}

static void
poll_done (Poll *poll)
{
  g_hash_table_remove (poll->owner->polls, poll->id);
}

typedef struct {
  Polls *owner;
  char *id;
} Request;

static void
details_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicLicense) details = NULL;
  IsplicLicense *license;
  Poll *poll;
  gboolean ready;

  details = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Signed out, or the session is gone (with its polls): nothing to touch. */
      g_free (request->id);
      g_free (request);
      return;
    }

  poll = g_hash_table_lookup (request->owner->polls, request->id);
  g_free (request->id);
  g_free (request);
  if (poll == NULL)
    return;
  poll->in_flight = FALSE;

  /* A failed look is tried again at the next step, as a processing one. */
  ready = details != NULL
          && isplic_license_get_status (details) == ISPLIC_LICENSE_STATUS_ACTIVE
          && isplic_license_get_key (details) != NULL;
  if (!ready)
    {
      poll->seen_pending = TRUE;
      if (poll->waited_ms >= POLL_TOTAL_MS)
        {
          g_debug ("Order %s still not active after %u s: no longer watched", poll->id,
                   poll->waited_ms / 1000);
          poll_done (poll);
          return;
        }
      poll_schedule (poll, poll->wait_ms);
      poll->wait_ms = MIN (poll->wait_ms * 2, POLL_LONGEST_MS);
      return;
    }

  /* The list's own object takes the news, so the row and the pane show it at once. */
  license = isplic_license_list_lookup (isplic_session_get_licenses (poll->owner->session),
                                        poll->id);
  if (license != NULL)
    isplic_license_update_from (license, details);
  if (poll->seen_pending)
    g_signal_emit_by_name (poll->owner->session, "order-ready",
                           license != NULL ? license : details);
  poll_done (poll);
}

static gboolean
poll_tick_cb (gpointer user_data)
{
  Poll *poll = user_data;
  IsplicClient *client = isplic_session_get_client (poll->owner->session);
  Request *request;

  poll->source = 0;
  if (client == NULL || g_cancellable_is_cancelled (poll->cancellable))
    {
      poll_done (poll);
      return G_SOURCE_REMOVE;
    }

  request = g_new0 (Request, 1);
  request->owner = poll->owner;
  request->id = g_strdup (poll->id);
  poll->in_flight = TRUE;
  isplic_client_get_details_async (client, poll->id, poll->cancellable, details_cb, request);
  return G_SOURCE_REMOVE;
}

static void
poll_schedule (Poll  *poll,
               guint  delay_ms)
{
  poll->waited_ms += delay_ms;
  poll->source = g_timeout_add (delay_ms, poll_tick_cb, poll);
}

void
isplic_session_watch_order (IsplicSession *self,
                            const char    *id)
{
  Polls *polls;
  Poll *poll;

  g_return_if_fail (ISPLIC_IS_SESSION (self));
  g_return_if_fail (id != NULL);

  if (isplic_session_get_client (self) == NULL)
    return;
  polls = get_polls (self);
  if (g_hash_table_contains (polls->polls, id))
    return;

  poll = g_new0 (Poll, 1);
  poll->owner = polls;
  poll->id = g_strdup (id);
  poll->cancellable = g_cancellable_new ();
  poll->session_cancellable = g_object_ref (isplic_session_get_cancellable (self));
  poll->cancelled_id = g_cancellable_connect (poll->session_cancellable,
                                              G_CALLBACK (g_cancellable_cancel),
                                              g_object_ref (poll->cancellable), g_object_unref);
  poll->wait_ms = polls->first_ms;
  g_hash_table_insert (polls->polls, poll->id, poll);
  /* A first look at once: an order that is ready already is not news. */
  poll_schedule (poll, 0);
}

void
isplic_session_set_order_poll_interval (IsplicSession *self,
                                        guint          first_ms)
{
  g_return_if_fail (ISPLIC_IS_SESSION (self));
  get_polls (self)->first_ms = MAX (first_ms, 1);
}

guint
isplic_session_get_n_watched_orders (IsplicSession *self)
{
  Polls *polls;

  g_return_val_if_fail (ISPLIC_IS_SESSION (self), 0);
  polls = g_object_get_data (G_OBJECT (self), "isplic-order-polls");
  return polls != NULL ? g_hash_table_size (polls->polls) : 0;
}
