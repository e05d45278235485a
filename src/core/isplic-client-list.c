/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The license list, page by page (func=soft, p_cnt/p_num): pages judged strictly in order against
 * the count the server announced, a few asked ahead on a kept-alive connection, one at a time
 * after a busy answer. Split from isplic-client.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-transport-private.h"
#include "isplic-util.h"

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
parse_list_page (const char  *data,
                 gsize        length,
                 gpointer     parse_data,
                 GError     **error)
{
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

static const IsplicCallDesc list_page_call = {
  isplic_client_list_async, "soft", ISPLIC_CALL_READ, NULL, parse_list_page, list_page_free,
};

/* ------------------------------------------------------------------------------------------ */
/* List                                                                                        */

/* A list may hold a few more licenses than p_elems said (some were ordered meanwhile), never
 * many more. */
#define LIST_SLACK(total) MAX ((gint64) 16, (total) / 50)
/* Without p_elems (billmgr always sends it), at most this many pages are asked for. */
#define LIST_MAX_PAGES_UNCOUNTED 200

/*
 * Pages are judged strictly in order, one after another, while the next ones are already on
 * their way: once the first page's count says how many there are, two pages are asked for or
 * held at a time, and LIST_WINDOW once the second page has been judged (a page is in flight
 * until its whole answer is in, then held until judged). Once the server says it is busy, one
 * request at a time: every other page still on its way is called back at once and asked for
 * again in its turn.
 */
#define LIST_WINDOW 3

typedef struct _ListState ListState;

typedef struct
{
  ListState *state;      /* borrowed: held by @task */
  GTask *task;           /* owned: the list's, until this request's call has completed */
  GCancellable *cancellable;  /* owned: this request's, cancelled by the list's */
  guint page;
  gboolean received;     /* its whole answer has arrived */
  gboolean finished;     /* its call has completed; result below */
  gboolean dropped;      /* no longer in the queue: freed once its call completes */
  GAsyncResult *result;  /* owned, nullable */
} ListRequest;

struct _ListState
{
  GTask *task;          /* borrowed: the list's task, alive while any request is */
  GPtrArray *licenses;  /* owned */
  GHashTable *seen;     /* owned: ids (borrowed from the licenses) */
  GCancellable *cancellable;  /* owned: cancels every request of the list */
  GCancellable *outer;  /* owned, nullable: the caller's */
  gulong outer_handler;
  GQueue queue;         /* ListRequest (owned), consecutive pages from @page on */
  guint page;           /* the next page to judge */
  guint page_size;
  guint first_rows;     /* rows of the first page: the server's own page size */
  guint max_pages;      /* 0 until the first page tells */
  gint64 total;         /* p_elems of the first page; -1 until known or when not sent */
  gboolean busy;        /* the server said it is busy: one request at a time */
  gboolean ended;       /* the task has returned */
};

static void
list_request_free (ListRequest *request)
{
  g_clear_object (&request->cancellable);
  g_clear_object (&request->result);
  g_clear_object (&request->task);
  g_free (request);
}

static void
list_state_free (gpointer data)
{
  ListState *state = data;

  g_assert (g_queue_is_empty (&state->queue));
  if (state->outer_handler != 0)
    g_cancellable_disconnect (state->outer, state->outer_handler);
  g_clear_object (&state->outer);
  g_clear_object (&state->cancellable);
  g_clear_pointer (&state->seen, g_hash_table_unref);
  g_clear_pointer (&state->licenses, g_ptr_array_unref);
  g_free (state);
}

static GError *
paging_error (const char *why)
{
  return g_error_new (ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_PAGING,
                      _("The billing server’s list of licenses does not add up: %s The list "
                        "was not loaded; try again later."), why);
}

static void list_request_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);
static void list_received   (gpointer      data);
static void list_busy       (gpointer      data);

/* Asks for @page and queues the request at the tail. */
static void
list_request_start (ListState *state,
                    guint      page)
{
  ListRequest *request = g_new0 (ListRequest, 1);
  IsplicCallHooks hooks = { list_received, list_busy, request };
  char p_cnt[16];
  char p_num[16];
  const char *pairs[] = { "p_cnt", p_cnt, "p_num", p_num };

  request->state = state;
  request->task = g_object_ref (state->task);
  request->page = page;
  request->cancellable = g_cancellable_new ();
  if (g_cancellable_is_cancelled (state->cancellable))
    g_cancellable_cancel (request->cancellable);
  g_queue_push_tail (&state->queue, request);
  g_snprintf (p_cnt, sizeof p_cnt, "%u", state->page_size);
  g_snprintf (p_num, sizeof p_num, "%u", page);
  isplic_call_start_hooked (g_task_get_source_object (state->task), &list_page_call, pairs,
                            G_N_ELEMENTS (pairs), NULL, NULL, &hooks, request->cancellable,
                            list_request_cb, request);
}

/* Asks for the pages after the queued ones while the window has room, the first page's count
 * says there are more, and not past the last page it explains. */
static void
list_ask_ahead (ListState *state)
{
  /* Until a second page has shown that the server pages as it says, one page ahead only: a
   * server that repeats or invents pages is caught after three requests at most. */
  guint window = state->busy ? 1 : state->page >= 3 ? LIST_WINDOW : 2;

  if (state->ended || state->total < 0 || state->first_rows == 0)
    return;
  for (;;)
    {
      ListRequest *tail = g_queue_peek_tail (&state->queue);
      guint in_flight = 0;
      guint next = tail != NULL ? tail->page + 1 : state->page;

      for (GList *l = state->queue.head; l != NULL; l = l->next)
        if (!((ListRequest *) l->data)->received && !((ListRequest *) l->data)->finished)
          in_flight++;
      if (in_flight >= window || state->queue.length >= window)
        return;
      if ((guint64) (next - 1) * state->first_rows >= (guint64) state->total ||
          next > state->max_pages)
        return;
      list_request_start (state, next);
    }
}

static void
list_received (gpointer data)
{
  ListRequest *request = data;

  request->received = TRUE;
  list_ask_ahead (request->state);
}

static void
list_busy (gpointer data)
{
  ListRequest *request = data;
  ListState *state = request->state;

  state->busy = TRUE;
  if (request->dropped)
    return;
  /* It will be asked again: in flight once more. */
  request->received = FALSE;
  /* Nothing else may be on its way when it is: the others are called back, and asked for again
   * in their turn. */
  for (GList *l = state->queue.head; l != NULL; l = l->next)
    {
      ListRequest *other = l->data;

      if (other != request && !other->received)
        g_cancellable_cancel (other->cancellable);
    }
}

static void
list_end (ListState *state,
          GError    *error)
{
  state->ended = TRUE;
  if (state->outer_handler != 0)
    g_cancellable_disconnect (state->outer, state->outer_handler);
  state->outer_handler = 0;
  g_cancellable_cancel (state->cancellable);
  if (error != NULL)
    g_task_return_error (state->task, error);
  else
    g_task_return_pointer (state->task, g_steal_pointer (&state->licenses),
                           (GDestroyNotify) g_ptr_array_unref);
}

/* Judges one page in order. FALSE when the list has ended (done or failed). */
static gboolean
list_judge_page (ListState    *state,
                 GAsyncResult *result)
{
  GError *error = NULL;
  ListPage *page = NULL;
  g_autofree char *why = NULL;
  guint added = 0;
  guint rows;
  gint64 total;
  gint64 have;
  char total_text[32];
  char have_text[32];
  gboolean done = FALSE;

  if (!isplic_call_finish (g_task_get_source_object (state->task), result,
                           isplic_client_list_async, (gpointer *) &page, &error))
    {
      list_end (state, error);
      return FALSE;
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
  rows = page->licenses->len;
  total = page->total;
  have = state->licenses->len;
  list_page_free (page);

  /* The first page says how many pages there can be; no server gets more. */
  if (state->page == 1)
    {
      state->first_rows = rows;
      state->total = total;
      if (total >= 0)
        state->max_pages = (guint) MIN ((total + LIST_SLACK (total)) / MAX (rows, 1) + 2,
                                        (gint64) G_MAXUINT);
      else
        state->max_pages = LIST_MAX_PAGES_UNCOUNTED;
    }

  g_snprintf (total_text, sizeof total_text, "%" G_GINT64_FORMAT, total);
  g_snprintf (have_text, sizeof have_text, "%" G_GINT64_FORMAT, have);
  if (total >= 0 && have > total + LIST_SLACK (total))
    /* Translators: both %s are numbers of licenses */
    why = g_strdup_printf (_("it said there were %s licenses but sent %s."), total_text,
                           have_text);
  else if (total >= 0 && have >= total)
    done = TRUE;
  else if (added == 0 && total >= 0)
    /* Translators: both %s are numbers of licenses */
    why = g_strdup_printf (_("its pages repeat: %s of the %s licenses it announced came."),
                           have_text, total_text);
  else if (added == 0 || (total < 0 && rows < MIN (state->page_size, state->first_rows)))
    done = TRUE;  /* no count: a server that ignores paging, or the last, short page (shorter
                   * than the first, which may be the server's own page size) */
  else if (state->page >= state->max_pages)
    why = g_strdup_printf (_("it kept sending new pages (%u so far) beyond what its count of "
                             "licenses explains."), state->page);

  if (why != NULL)
    {
      list_end (state, paging_error (why));
      return FALSE;
    }
  if (done)
    {
      list_end (state, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Judges the pages that have come, in order, and asks for what is missing. */
static void
list_advance (ListState *state)
{
  for (;;)
    {
      ListRequest *head = g_queue_peek_head (&state->queue);
      gboolean more;

      if (state->ended || head == NULL || !head->finished)
        break;
      g_queue_pop_head (&state->queue);
      more = list_judge_page (state, head->result);
      list_request_free (head);
      if (!more)
        break;
      state->page++;
    }
  if (!state->ended && g_queue_is_empty (&state->queue))
    list_request_start (state, state->page);
  list_ask_ahead (state);
}

/* Takes @request and every request after it out of the queue (they are asked for again). */
static void
list_drop_from (ListState   *state,
                ListRequest *request)
{
  GList *link = g_queue_find (&state->queue, request);

  while (link != NULL)
    {
      ListRequest *dropped = link->data;
      GList *next = link->next;

      g_queue_delete_link (&state->queue, link);
      if (dropped->finished)
        {
          list_request_free (dropped);
        }
      else
        {
          dropped->dropped = TRUE;
          g_cancellable_cancel (dropped->cancellable);
        }
      link = next;
    }
}

static void
list_request_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ListRequest *request = user_data;
  ListState *state = request->state;
  /* Keeps the state alive to the end of this function, whatever is freed in it. */
  g_autoptr(GTask) task = g_object_ref (request->task);

  request->finished = TRUE;
  request->result = g_object_ref (result);

  if (request->dropped)
    {
      list_request_free (request);
      return;
    }
  if (state->ended)
    {
      /* A page asked ahead of a list that has ended. */
      g_queue_remove (&state->queue, request);
      list_request_free (request);
      return;
    }
  /* Called back because the server turned busy: asked for again in its turn. */
  if (g_cancellable_is_cancelled (request->cancellable) &&
      !g_cancellable_is_cancelled (state->cancellable))
    list_drop_from (state, request);

  list_advance (state);
}

static void
list_outer_cancelled_cb (GCancellable *outer,
                         ListState    *state)
{
  g_cancellable_cancel (state->cancellable);
}

static void
list_cancel_cb (GCancellable *cancellable,
                ListState    *state)
{
  for (GList *l = state->queue.head; l != NULL; l = l->next)
    g_cancellable_cancel (((ListRequest *) l->data)->cancellable);
}

void
isplic_client_list_async (IsplicClient        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListState *state;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_list_async);
  state = g_new0 (ListState, 1);
  state->task = task;
  state->licenses = g_ptr_array_new_with_free_func (g_object_unref);
  state->seen = g_hash_table_new (g_str_hash, g_str_equal);
  state->cancellable = g_cancellable_new ();
  state->page = 1;
  state->page_size = self->page_size;
  state->total = -1;
  g_task_set_task_data (task, state, list_state_free);
  g_signal_connect (state->cancellable, "cancelled", G_CALLBACK (list_cancel_cb), state);
  if (cancellable != NULL)
    {
      state->outer = g_object_ref (cancellable);
      state->outer_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (list_outer_cancelled_cb),
                                                    state, NULL);
    }

  list_request_start (state, 1);
}

GPtrArray *
isplic_client_list_finish (IsplicClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gpointer licenses = NULL;

  isplic_call_finish (self, result, isplic_client_list_async, &licenses, error);
  return licenses;
}

