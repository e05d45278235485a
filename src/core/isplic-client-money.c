/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The money calls of issue 8: balance, prices, quotes and previews, auto-renewal and nodes (the
 * cart and history are in isplic-client-cart.c) (isplic-client-money.h). Each is a static call description for the transport
 * (isplic-transport-private.h) and a parser run in the worker thread; each is optional on the
 * server, so billmgr's "missed" / "access" become ISPLIC_CLIENT_ERROR_NOT_OFFERED.
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
parse_balance (const char  *data,
               gsize        length,
               gpointer     parse_data,
               GError     **error)
{
  return isplic_parse_balance (data, length, error);
}

typedef struct
{
  IsplicMoney *credit_limit;  /* owned, nullable */
  IsplicMoney *available;     /* owned, nullable */
} CreditResult;

static void
credit_result_free (gpointer data)
{
  CreditResult *credit = data;

  g_free (credit->credit_limit);
  g_free (credit->available);
  g_free (credit);
}

static gpointer
parse_credit (const char  *data,
              gsize        length,
              gpointer     parse_data,
              GError     **error)
{
  CreditResult credit = { NULL, NULL };

  if (!isplic_parse_credit (data, length, &credit.credit_limit, &credit.available, error))
    return NULL;
  return g_memdup2 (&credit, sizeof credit);
}

static gpointer
parse_prices (const char  *data,
              gsize        length,
              gpointer     parse_data,
              GError     **error)
{
  return isplic_parse_prices (data, length, error);
}

static gpointer
parse_quote (const char  *data,
             gsize        length,
             gpointer     parse_data,
             GError     **error)
{
  return isplic_parse_quote (data, length, error);
}

static gpointer
parse_renewal_quote (const char  *data,
                     gsize        length,
                     gpointer     parse_data,
                     GError     **error)
{
  return isplic_parse_renewal_quote (data, length, error);
}

static gpointer
parse_tariff_quote (const char  *data,
                    gsize        length,
                    gpointer     parse_data,
                    GError     **error)
{
  return isplic_parse_tariff_quote (data, length, error);
}

static gpointer
parse_ok (const char  *data,
          gsize        length,
          gpointer     parse_data,
          GError     **error)
{
  if (!isplic_parse_ok (data, length, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* What each operation sends                                                                   */

static void balance_dashboard_cb (GObject *source, GAsyncResult *result, gpointer user_data);
static void balance_notify_cb (GObject *source, GAsyncResult *result, gpointer user_data);
static void balance_credit_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static const IsplicCallDesc dashboard_call = {
  balance_dashboard_cb, "dashboard.info", ISPLIC_CALL_READ, NULL, parse_balance,
  (GDestroyNotify) isplic_balance_free,
  .optional = TRUE,
};
static const IsplicCallDesc notify_call = {
  balance_notify_cb, "notify", ISPLIC_CALL_READ, NULL, parse_balance,
  (GDestroyNotify) isplic_balance_free,
  .optional = TRUE,
};
static const IsplicCallDesc credit_call = {
  balance_credit_cb, "dashboard.subaccount_credit", ISPLIC_CALL_READ, NULL, parse_credit,
  credit_result_free,
  .optional = TRUE,
};
static const IsplicCallDesc prices_call = {
  isplic_client_get_prices_async, "pricelist.export", ISPLIC_CALL_READ, NULL, parse_prices,
  (GDestroyNotify) g_ptr_array_unref,
  .optional = TRUE,
};
static const IsplicCallDesc order_quote_call = {
  isplic_client_order_quote_async, "soft.order.param", ISPLIC_CALL_READ, NULL, parse_quote,
  (GDestroyNotify) isplic_quote_free,
  .optional = TRUE,
};
static const IsplicCallDesc renew_quote_call = {
  isplic_client_renew_quote_async, "service.prolong", ISPLIC_CALL_READ, NULL,
  parse_renewal_quote, (GDestroyNotify) isplic_renewal_quote_free,
  .optional = TRUE,
};
static const IsplicCallDesc renew_group_quote_call = {
  isplic_client_renew_quote_async, "groupedit", ISPLIC_CALL_READ, NULL, parse_renewal_quote,
  (GDestroyNotify) isplic_renewal_quote_free,
  .optional = TRUE,
};
static const IsplicCallDesc tariff_quote_call = {
  isplic_client_change_tariff_quote_async, "service.changepricelist.pricelist",
  ISPLIC_CALL_READ, NULL, parse_tariff_quote, (GDestroyNotify) isplic_tariff_quote_free,
  .optional = TRUE,
};
static const IsplicCallDesc tariff_pay_call = {
  isplic_client_change_tariff_pay_async, "service.changepricelist.getmoney", ISPLIC_CALL_MONEY,
  N_("The tariff change may or may not have gone through."), parse_ok, NULL,
  .optional = TRUE,
};
static const IsplicCallDesc auto_renew_call = {
  isplic_client_set_auto_renew_async, "soft.edit", ISPLIC_CALL_CHANGE, NULL, parse_ok, NULL,
  .optional = TRUE,
};
static const IsplicCallDesc nodes_quote_call = {
  isplic_client_nodes_quote_async, "soft.edit", ISPLIC_CALL_READ, NULL, parse_quote,
  (GDestroyNotify) isplic_quote_free,
  .optional = TRUE,
};
static const IsplicCallDesc nodes_call = {
  isplic_client_set_nodes_async, "soft.edit", ISPLIC_CALL_MONEY,
  N_("The change of the number of nodes may or may not have gone through."), parse_ok, NULL,
  .optional = TRUE,
};

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                     */

/* (transfer full) */
static char *
unknown_tariff_message (const char *tariff_id)
{
  return g_strdup_printf (_("“%s” is not a known tariff."), tariff_id != NULL ? tariff_id : "");
}

/* The ids joined by ", ", each once; NULL when @ids is empty or has an invalid id.
 * *n_ids is their number. (transfer full) */
static char *
join_ids (const char * const *ids,
          guint              *n_ids)
{
  g_auto(GStrv) unique = NULL;

  *n_ids = 0;
  if (ids == NULL || ids[0] == NULL)
    return NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    if (!isplic_id_is_valid (ids[i]))
      return NULL;
  unique = isplic_ids_dedup (ids, NULL);
  *n_ids = g_strv_length (unique);
  return g_strjoinv (", ", unique);
}

/* The add-on that counts nodes (Business). */
static const char *
nodes_addon (void)
{
  guint n;
  const IsplicTariff *tariffs = isplic_tariffs_get (&n);

  for (guint i = 0; i < n; i++)
    if (tariffs[i].has_nodes && tariffs[i].nodes_addon != NULL)
      return tariffs[i].nodes_addon;
  g_return_val_if_reached ("55236");
}

gpointer
isplic_call_finish_pointer (IsplicClient  *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  gpointer value = NULL;

  if (!isplic_call_finish (self, result, source_tag, &value, error))
    return NULL;
  return value;
}

/* ------------------------------------------------------------------------------------------ */
/* Balance                                                                                     */

typedef struct
{
  IsplicBalance *balance;  /* owned, nullable */
  GError *first_error;     /* owned, nullable: dashboard.info's failure */
} BalanceState;

static void
balance_state_free (gpointer data)
{
  BalanceState *state = data;

  g_clear_pointer (&state->balance, isplic_balance_free);
  g_clear_error (&state->first_error);
  g_free (state);
}

static void
balance_fetch_credit (GTask *task)
{
  isplic_call_start (g_task_get_source_object (task), &credit_call, NULL, 0, NULL, NULL,
                     g_task_get_cancellable (task), balance_credit_cb, task);
}

static void
balance_credit_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BalanceState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  CreditResult *credit = NULL;

  if (isplic_call_finish (ISPLIC_CLIENT (source), result, balance_credit_cb,
                          (gpointer *) &credit, &error))
    {
      state->balance->credit_limit = g_steal_pointer (&credit->credit_limit);
      state->balance->available = g_steal_pointer (&credit->available);
      credit_result_free (credit);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  else
    g_debug ("no credit limit: %s", error->message);

  g_task_return_pointer (task, g_steal_pointer (&state->balance),
                         (GDestroyNotify) isplic_balance_free);
}

static void
balance_notify_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BalanceState *state = g_task_get_task_data (task);
  GError *error = NULL;

  state->balance = isplic_call_finish_pointer (ISPLIC_CLIENT (source), result, balance_notify_cb, &error);
  if (state->balance == NULL)
    {
      /* Not offered here either: dashboard.info's own failure says more, if it was not that. */
      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED) &&
          !g_error_matches (state->first_error, ISPLIC_CLIENT_ERROR,
                            ISPLIC_CLIENT_ERROR_NOT_OFFERED))
        {
          g_clear_error (&error);
          error = g_steal_pointer (&state->first_error);
        }
      g_task_return_error (task, error);
      return;
    }
  balance_fetch_credit (g_steal_pointer (&task));
}

static void
balance_dashboard_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BalanceState *state = g_task_get_task_data (task);
  GError *error = NULL;

  state->balance = isplic_call_finish_pointer (ISPLIC_CLIENT (source), result, balance_dashboard_cb, &error);
  if (state->balance != NULL)
    {
      balance_fetch_credit (g_steal_pointer (&task));
      return;
    }
  /* Not offered, or no balance in it: the notification counter carries the balance too. */
  if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED) ||
      g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED))
    {
      const char * const pairs[] = { "notifiaction", "count" };  /* sic: billmgr's spelling */
      GCancellable *cancellable = g_task_get_cancellable (task);

      state->first_error = error;
      isplic_call_start (ISPLIC_CLIENT (source), &notify_call, pairs, G_N_ELEMENTS (pairs),
                         NULL, NULL, cancellable, balance_notify_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

void
isplic_client_get_balance_async (IsplicClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_get_balance_async);
  g_task_set_task_data (task, g_new0 (BalanceState, 1), balance_state_free);
  isplic_call_start (self, &dashboard_call, NULL, 0, NULL, NULL, cancellable,
                     balance_dashboard_cb, task);
}

IsplicBalance *
isplic_client_get_balance_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_get_balance_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Prices                                                                                      */

void
isplic_client_get_prices_async (IsplicClient        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  const char * const pairs[] = { "elid", "1", "onlyavailable", "on" };

  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  isplic_call_start (self, &prices_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL, cancellable,
                     callback, user_data);
}

GPtrArray *
isplic_client_get_prices_finish (IsplicClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_get_prices_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Order quote                                                                                 */

void
isplic_client_order_quote_async (IsplicClient            *self,
                                 const IsplicOrderParams *params,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  const IsplicTariff *tariff;
  g_autofree char *period = NULL;
  g_autofree char *addon = NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *name_problem = NULL;
  const char *pairs[16];
  gsize n = 0;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  g_return_if_fail (params != NULL);

  tariff = isplic_tariff_lookup (params->tariff_id);
  if (tariff == NULL || (!tariff->trial && params->period != 1 && params->period != 12))
    {
      g_autofree char *message = tariff == NULL
                                 ? unknown_tariff_message (params->tariff_id)
                                 : g_strdup (_("The period must be 1 or 12 months."));

      isplic_call_return_invalid_input (self, isplic_client_order_quote_async, cancellable,
                                        callback, user_data, message);
      return;
    }

  period = g_strdup_printf ("%d", tariff->trial ? ISPLIC_TRIAL_PERIOD : params->period);
  pairs[n++] = "skipbasket";
  pairs[n++] = params->to_cart ? "off" : "on";
  pairs[n++] = "pricelist";
  pairs[n++] = tariff->id;
  pairs[n++] = "period";
  pairs[n++] = period;
  pairs[n++] = "autoprolong";
  pairs[n++] = params->auto_renew == 12 ? "12" : params->auto_renew == 1 ? "1" : "null";
  if (params->name != NULL && (name_problem = isplic_name_check (params->name)) == NULL)
    {
      pairs[n++] = "licname";
      pairs[n++] = params->name;
    }
  if (isplic_ip_is_valid (params->ip))
    {
      pairs[n++] = "ip";
      pairs[n++] = params->ip;
    }
  if (tariff->has_nodes && tariff->nodes_addon != NULL)
    {
      addon = g_strconcat ("addon_", tariff->nodes_addon, NULL);
      nodes = g_strdup_printf ("%u", MAX (params->nodes, 1));
      pairs[n++] = addon;
      pairs[n++] = nodes;
    }
  g_assert (n <= G_N_ELEMENTS (pairs));

  isplic_call_start (self, &order_quote_call, pairs, n, NULL, NULL, cancellable, callback,
                     user_data);
}

IsplicQuote *
isplic_client_order_quote_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_order_quote_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Renewal quote                                                                               */

void
isplic_client_renew_quote_async (IsplicClient        *self,
                                 const char * const  *ids,
                                 int                  period,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *elid = NULL;
  g_autofree char *period_text = NULL;
  guint n_ids;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  elid = join_ids (ids, &n_ids);
  if (elid == NULL || period <= 0)
    {
      isplic_call_return_invalid_input (self, isplic_client_renew_quote_async, cancellable,
                                        callback, user_data,
                                        period <= 0 ? _("The period must be 1 or 12 months.")
                                                    : isplic_call_no_id_message ());
      return;
    }

  period_text = g_strdup_printf ("%d", period);
  if (n_ids == 1)
    {
      const char * const pairs[] = { "elid", elid, "period", period_text };

      isplic_call_start (self, &renew_quote_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                         cancellable, callback, user_data);
    }
  else
    {
      const char * const pairs[] = { "faction", "service.prolong", "elid", elid,
                                     "period", period_text };

      isplic_call_start (self, &renew_group_quote_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                         cancellable, callback, user_data);
    }
}

IsplicRenewalQuote *
isplic_client_renew_quote_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_renew_quote_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Tariff change                                                                               */

void
isplic_call_start_tariff_change (IsplicClient          *self,
                                 const IsplicCallDesc  *desc,
                                 const char            *id,
                                 const char            *tariff_id,
                                 guint                  nodes,
                                 gboolean               confirm,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  const IsplicTariff *tariff = isplic_tariff_lookup (tariff_id);
  g_autofree char *message = NULL;
  g_autofree char *addon = NULL;
  g_autofree char *count = NULL;
  const char *pairs[8];
  gsize n = 0;

  if (tariff == NULL)
    message = unknown_tariff_message (tariff_id);
  else if (!isplic_id_is_valid (id))
    message = g_strdup (isplic_call_no_id_message ());
  else if (nodes > ISPLIC_NODES_MAX)
    message = g_strdup_printf (_("The number of nodes must be between 1 and %u."),
                               ISPLIC_NODES_MAX);
  if (message != NULL)
    {
      isplic_call_return_invalid_input (self, desc->source_tag, cancellable, callback, user_data,
                                        message);
      return;
    }

  pairs[n++] = "elid";
  pairs[n++] = id;
  pairs[n++] = "pricelist";
  pairs[n++] = tariff->id;
  if (nodes > 0 && tariff->has_nodes && tariff->nodes_addon != NULL)
    {
      addon = g_strconcat ("addon_", tariff->nodes_addon, NULL);
      count = g_strdup_printf ("%u", nodes);
      pairs[n++] = addon;
      pairs[n++] = count;
    }
  if (confirm)
    {
      pairs[n++] = "sok";
      pairs[n++] = "ok";
    }
  isplic_call_start (self, desc, pairs, n, NULL, NULL, cancellable, callback, user_data);
}

void
isplic_client_change_tariff_quote_async (IsplicClient        *self,
                                         const char          *id,
                                         const char          *tariff_id,
                                         guint                nodes,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  isplic_call_start_tariff_change (self, &tariff_quote_call, id, tariff_id, nodes, FALSE,
                                   cancellable, callback, user_data);
}

IsplicTariffQuote *
isplic_client_change_tariff_quote_finish (IsplicClient  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_change_tariff_quote_async, error);
}

void
isplic_client_change_tariff_pay_async (IsplicClient        *self,
                                       const char          *id,
                                       const char          *tariff_id,
                                       guint                nodes,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  isplic_call_start_tariff_change (self, &tariff_pay_call, id, tariff_id, nodes, TRUE,
                                   cancellable, callback, user_data);
}

gboolean
isplic_client_change_tariff_pay_finish (IsplicClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_change_tariff_pay_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Auto-renewal and nodes                                                                      */

void
isplic_client_set_auto_renew_async (IsplicClient        *self,
                                    const char          *id,
                                    int                  months,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (months != 0 && months != 1 && months != 12)
    {
      isplic_call_return_invalid_input (self, isplic_client_set_auto_renew_async, cancellable,
                                        callback, user_data,
                                        _("Automatic renewal must be off, monthly or yearly."));
      return;
    }
  if (!isplic_id_is_valid (id))
    {
      isplic_call_return_no_id (self, isplic_client_set_auto_renew_async, cancellable, callback,
                                user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", id,
                                   "autoprolong", months == 12 ? "12" : months == 1 ? "1" : "null",
                                   "sok", "ok" };

    isplic_call_start (self, &auto_renew_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                       cancellable, callback, user_data);
  }
}

gboolean
isplic_client_set_auto_renew_finish (IsplicClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_set_auto_renew_async, NULL, error);
}

/* Sends soft.edit with the node count, with or without sok. */
static void
nodes_call_start (IsplicClient          *self,
                  const IsplicCallDesc  *desc,
                  const char            *id,
                  guint                  nodes,
                  gboolean               confirm,
                  GCancellable          *cancellable,
                  GAsyncReadyCallback    callback,
                  gpointer               user_data)
{
  g_autofree char *addon = NULL;
  g_autofree char *count = NULL;

  if (!isplic_id_is_valid (id))
    {
      isplic_call_return_no_id (self, desc->source_tag, cancellable, callback, user_data);
      return;
    }
  if (nodes < 1 || nodes > ISPLIC_NODES_MAX)
    {
      g_autofree char *message = g_strdup_printf (_("The number of nodes must be between 1 and "
                                                    "%u."), ISPLIC_NODES_MAX);

      isplic_call_return_invalid_input (self, desc->source_tag, cancellable, callback,
                                        user_data, message);
      return;
    }

  addon = g_strconcat ("addon_", nodes_addon (), NULL);
  count = g_strdup_printf ("%u", nodes);
  {
    const char * const pairs[] = { "elid", id, addon, count, "sok", "ok" };

    isplic_call_start (self, desc, pairs, confirm ? 6 : 4, NULL, NULL, cancellable, callback,
                       user_data);
  }
}

void
isplic_client_nodes_quote_async (IsplicClient        *self,
                                 const char          *id,
                                 guint                nodes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  nodes_call_start (self, &nodes_quote_call, id, nodes, FALSE, cancellable, callback,
                    user_data);
}

IsplicQuote *
isplic_client_nodes_quote_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return isplic_call_finish_pointer (self, result, isplic_client_nodes_quote_async, error);
}

void
isplic_client_set_nodes_async (IsplicClient        *self,
                               const char          *id,
                               guint                nodes,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  nodes_call_start (self, &nodes_call, id, nodes, TRUE, cancellable, callback, user_data);
}

gboolean
isplic_client_set_nodes_finish (IsplicClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_set_nodes_async, NULL, error);
}
