/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The cart (func=basket: list, remove an item, empty) and a license's history
 * (func=service.history, paged) of isplic-client-money.h. Optional on the server like every call
 * of issue 8: billmgr's "missed" / "access" become ISPLIC_CLIENT_ERROR_NOT_OFFERED.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-transport-private.h"
#include "isplic-util.h"

/* ------------------------------------------------------------------------------------------ */
/* Parsers (worker thread)                                                                     */

static gpointer
parse_cart (const char  *data,
            gsize        length,
            gpointer     parse_data,
            GError     **error)
{
  return isplic_parse_basket (data, length, error);
}

/* A cart change is confirmed by `ok`, or by the cart it answers with: without the removed item
 * (@parse_data, its id), or empty (@parse_data NULL: the cart was cleared). */
static gpointer
parse_cart_change (const char  *data,
                   gsize        length,
                   gpointer     parse_data,
                   GError     **error)
{
  const char *removed = parse_data;
  GError *local = NULL;
  g_autoptr(IsplicCart) cart = NULL;

  if (isplic_parse_ok (data, length, &local))
    return GINT_TO_POINTER (TRUE);
  if (!g_error_matches (local, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED))
    {
      g_propagate_error (error, local);
      return NULL;
    }

  cart = isplic_parse_basket (data, length, NULL);
  if (cart != NULL)
    {
      gboolean gone = removed != NULL || cart->items->len == 0;

      for (guint i = 0; removed != NULL && i < cart->items->len; i++)
        {
          IsplicCartItem *item = g_ptr_array_index (cart->items, i);

          if (g_strcmp0 (item->id, removed) == 0)
            gone = FALSE;
        }
      if (gone)
        {
          g_clear_error (&local);
          return GINT_TO_POINTER (TRUE);
        }
    }
  g_propagate_error (error, local);
  return NULL;
}

typedef struct
{
  GPtrArray *entries;  /* owned: IsplicHistoryEntry */
  gint64 total;
} HistoryPage;

static void
history_page_free (gpointer data)
{
  HistoryPage *page = data;

  g_clear_pointer (&page->entries, g_ptr_array_unref);
  g_free (page);
}

static gpointer
parse_history (const char  *data,
               gsize        length,
               gpointer     parse_data,
               GError     **error)
{
  HistoryPage page = { NULL, -1 };

  page.entries = isplic_parse_history (data, length, &page.total, error);
  if (page.entries == NULL)
    return NULL;
  return g_memdup2 (&page, sizeof page);
}

static void history_page_cb (GObject *source, GAsyncResult *result, gpointer user_data);

/* ------------------------------------------------------------------------------------------ */
/* What each operation sends                                                                   */

static const IsplicCallDesc cart_call = {
  isplic_client_get_cart_async, "basket", ISPLIC_CALL_READ, NULL, parse_cart,
  (GDestroyNotify) isplic_cart_free,
  .optional = TRUE,
};
static const IsplicCallDesc cart_remove_call = {
  isplic_client_cart_remove_async, "basket", ISPLIC_CALL_CHANGE, NULL, parse_cart_change, NULL,
  .optional = TRUE,
};
static const IsplicCallDesc cart_clear_call = {
  isplic_client_cart_clear_async, "basket", ISPLIC_CALL_CHANGE, NULL, parse_cart_change, NULL,
  .optional = TRUE,
};
static const IsplicCallDesc history_call = {
  history_page_cb, "service.history", ISPLIC_CALL_READ, NULL, parse_history, history_page_free,
  .optional = TRUE,
};

/* ------------------------------------------------------------------------------------------ */
/* Cart                                                                                        */

void
isplic_client_get_cart_async (IsplicClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  isplic_call_start (self, &cart_call, NULL, 0, NULL, NULL, cancellable, callback, user_data);
}

IsplicCart *
isplic_client_get_cart_finish (IsplicClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_get_cart_async, error);
}

void
isplic_client_cart_remove_async (IsplicClient        *self,
                                 const char          *item_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!isplic_id_is_valid (item_id))
    {
      isplic_call_return_invalid_input (self, isplic_client_cart_remove_async, cancellable,
                                        callback, user_data,
                                        _("No valid cart item number was given."));
      return;
    }

  {
    const char * const pairs[] = { "id", item_id, "clicked_button", "delete" };

    isplic_call_start (self, &cart_remove_call, pairs, G_N_ELEMENTS (pairs), g_strdup (item_id),
                       g_free, cancellable, callback, user_data);
  }
}

gboolean
isplic_client_cart_remove_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_cart_remove_async, NULL, error);
}

void
isplic_client_cart_clear_async (IsplicClient        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  const char * const pairs[] = { "clicked_button", "clearbasket" };

  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  isplic_call_start (self, &cart_clear_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                     cancellable, callback, user_data);
}

gboolean
isplic_client_cart_clear_finish (IsplicClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_cart_clear_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* History                                                                                     */

/* Pages asked for at most when the server gives no count. */
#define HISTORY_MAX_PAGES_UNCOUNTED 100

typedef struct
{
  char *id;              /* owned */
  GPtrArray *entries;    /* owned: IsplicHistoryEntry */
  char *last_page;       /* owned, nullable: the previous page's fingerprint */
  guint page;            /* 1-based */
  guint page_size;
  guint max_pages;
} HistoryState;

static void
history_state_free (gpointer data)
{
  HistoryState *state = data;

  g_free (state->id);
  g_clear_pointer (&state->entries, g_ptr_array_unref);
  g_free (state->last_page);
  g_free (state);
}

/* The page's content as one string, to tell a repeated page. (transfer full) */
static char *
page_fingerprint (GPtrArray *entries)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      IsplicHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *date = entry->date != NULL
                              ? g_date_time_format (entry->date, "%F %T") : NULL;

      g_string_append_printf (text, "%s\x1f%s\x1f%s\x1f%s\x1e", date ? date : "",
                              entry->desc ? entry->desc : "", entry->user ? entry->user : "",
                              entry->ip ? entry->ip : "");
    }
  return g_string_free (text, FALSE);
}

static void
history_fetch_page (GTask *task)
{
  HistoryState *state = g_task_get_task_data (task);
  g_autofree char *p_cnt = g_strdup_printf ("%u", state->page_size);
  g_autofree char *p_num = g_strdup_printf ("%u", state->page);
  const char * const pairs[] = { "elid", state->id, "p_cnt", p_cnt, "p_num", p_num };

  isplic_call_start (g_task_get_source_object (task), &history_call, pairs,
                     G_N_ELEMENTS (pairs), NULL, NULL, g_task_get_cancellable (task),
                     history_page_cb, task);
}

static void
history_page_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HistoryState *state = g_task_get_task_data (task);
  HistoryPage *page;
  g_autofree char *fingerprint = NULL;
  GError *error = NULL;
  guint rows;
  gint64 total;
  gboolean done;

  page = isplic_call_finish_pointer (ISPLIC_CLIENT (source), result, history_page_cb, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  rows = page->entries->len;
  total = page->total;
  fingerprint = page_fingerprint (page->entries);
  if (state->page == 1)
    state->max_pages = total >= 0
                       ? (guint) MIN (total / MAX (state->page_size, 1) + 2, (gint64) G_MAXUINT)
                       : HISTORY_MAX_PAGES_UNCOUNTED;

  /* A page that repeats the one before (a server that ignores p_num) adds nothing. */
  done = rows == 0 || g_strcmp0 (fingerprint, state->last_page) == 0;
  if (!done)
    {
      g_ptr_array_extend_and_steal (state->entries, g_steal_pointer (&page->entries));
      done = (total >= 0 && state->entries->len >= total) || rows < state->page_size;
    }
  history_page_free (page);

  if (done)
    {
      g_task_return_pointer (task, g_steal_pointer (&state->entries),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (state->page >= state->max_pages)
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_PAGING,
                               _("The billing server’s history of the license never ends: it "
                                 "kept sending new pages (%u so far)."), state->page);
      return;
    }
  g_free (state->last_page);
  state->last_page = g_steal_pointer (&fingerprint);
  state->page++;
  history_fetch_page (g_steal_pointer (&task));
}

void
isplic_client_get_history_async (IsplicClient        *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  HistoryState *state;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!isplic_id_is_valid (id))
    {
      isplic_call_return_no_id (self, isplic_client_get_history_async, cancellable, callback,
                                user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_get_history_async);
  state = g_new0 (HistoryState, 1);
  state->id = g_strdup (id);
  state->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_history_entry_free);
  state->page = 1;
  state->page_size = MAX (self->page_size, 1);
  g_task_set_task_data (task, state, history_state_free);
  history_fetch_page (task);
}

GPtrArray *
isplic_client_get_history_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_get_history_async, error);
}
