/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-transport-private.h"
#include "isplic-util.h"

#define DEFAULT_TIMEOUT 60
#define DEFAULT_PAGE_SIZE 10000
#define DEFAULT_RETRY_DELAY 1000

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
  PROP_RETRY_DELAY,
  PROP_MAX_ANSWER_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                     */

static void
isplic_client_finalize (GObject *object)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->journal);
  g_free (self->base_url);
  g_free (self->user);
  isplic_wipe_free (self->password);
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
    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;
    case PROP_MAX_ANSWER_SIZE:
      g_value_set_uint64 (value, self->max_answer);
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
    case PROP_RETRY_DELAY:
      if (self->retry_delay != g_value_get_uint (value))
        {
          self->retry_delay = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MAX_ANSWER_SIZE:
      if (self->max_answer != g_value_get_uint64 (value))
        {
          self->max_answer = g_value_get_uint64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
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
  /* Milliseconds before a busy server is asked again (doubling each time); tests shorten it. */
  properties[PROP_RETRY_DELAY] = g_param_spec_uint ("retry-delay", NULL, NULL, 0, 30000,
                                                    DEFAULT_RETRY_DELAY, rw);
  /* The largest answer read, after decompression. */
  properties[PROP_MAX_ANSWER_SIZE] = g_param_spec_uint64 ("max-answer-size", NULL, NULL, 1,
                                                          ISPLIC_MAX_ANSWER_BYTES,
                                                          ISPLIC_MAX_ANSWER_BYTES, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isplic_client_init (IsplicClient *self)
{
  self->base_url = g_strdup (ISPLIC_SERVER_EU);
  self->lang = g_strdup ("en");
  self->timeout = DEFAULT_TIMEOUT;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->retry_delay = DEFAULT_RETRY_DELAY;
  self->max_answer = ISPLIC_MAX_ANSWER_BYTES;
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
  isplic_wipe_free (self->password);
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
isplic_client_set_journal (IsplicClient  *self,
                           IsplicJournal *journal)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  g_return_if_fail (journal == NULL || ISPLIC_IS_JOURNAL (journal));

  g_set_object (&self->journal, journal);
}

IsplicJournal *
isplic_client_get_journal (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->journal;
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
/* Parsers run in the worker thread                                                            */

static gpointer
parse_answer (const char  *data,
              gsize        length,
              gpointer     parse_data,
              GError     **error)
{

  if (!isplic_parse_answer (data, length, error))
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

static gpointer
parse_details (const char  *data,
               gsize        length,
               gpointer     parse_data,
               GError     **error)
{

  return isplic_parse_license_details (data, length, parse_data, error);
}

/* ------------------------------------------------------------------------------------------ */
/* What each operation sends                                                                   */

static const IsplicCallDesc sign_in_call = {
  isplic_client_sign_in_async, "soft", ISPLIC_CALL_READ, NULL, parse_answer, NULL,
};
static const IsplicCallDesc list_page_call = {
  isplic_client_list_async, "soft", ISPLIC_CALL_READ, NULL, parse_list_page, list_page_free,
};
static const IsplicCallDesc details_call = {
  isplic_client_get_details_async, "soft.edit", ISPLIC_CALL_READ, NULL, parse_details,
  g_object_unref,
};

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

  isplic_call_start (self, &sign_in_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                     cancellable, callback, user_data);
}

gboolean
isplic_client_sign_in_finish (IsplicClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_sign_in_async, NULL, error);
}

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

  if (!isplic_id_is_valid (id))
    {
      isplic_call_return_no_id (self, isplic_client_get_details_async, cancellable, callback, user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", id };
    isplic_call_start (self, &details_call, pairs, G_N_ELEMENTS (pairs), g_strdup (id), g_free,
                       cancellable, callback, user_data);
  }
}

IsplicLicense *
isplic_client_get_details_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  gpointer license = NULL;

  if (!isplic_call_finish (self, result, isplic_client_get_details_async, &license, error))
    return NULL;
  return license;
}

