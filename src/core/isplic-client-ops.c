/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The operations that change the account: order, renew, edit, change tariff, suspend, resume,
 * delete, regenerate a key, and the checks that go with them (renewal preview, IP check). Each is
 * one static call description (isplic-transport-private.h) and its parser; the transport decides
 * what counts as confirmed, refused or unknown.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-transport-private.h"
#include "isplic-util.h"

/* ------------------------------------------------------------------------------------------ */
/* Parsers run in the worker thread                                                            */

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
parse_order (const char  *data,
             gsize        length,
             gpointer     parse_data,
             GError     **error)
{
  OrderResult order = { NULL, NULL };

  if (!isplic_parse_order (data, length, GPOINTER_TO_INT (parse_data), &order.license_id,
                           &order.billorder_id, error))
    return NULL;
  return g_memdup2 (&order, sizeof order);
}

/* A renewal's result: always non-NULL so that "renewed, no date given" is a success. */
typedef struct
{
  GDateTime *new_expiry;  /* owned, nullable */
} ProlongResult;

static void
prolong_result_free (gpointer data)
{
  ProlongResult *prolong = data;

  g_clear_pointer (&prolong->new_expiry, g_date_time_unref);
  g_free (prolong);
}

static gpointer
parse_prolong (const char  *data,
               gsize        length,
               gpointer     parse_data,
               GError     **error)
{
  GDateTime *expiry = NULL;
  ProlongResult *prolong;

  if (!isplic_parse_prolong (data, length, GPOINTER_TO_INT (parse_data), &expiry, error))
    return NULL;
  prolong = g_new0 (ProlongResult, 1);
  prolong->new_expiry = expiry;
  return prolong;
}

static gpointer
parse_new_key (const char  *data,
               gsize        length,
               gpointer     parse_data,
               GError     **error)
{

  return isplic_parse_new_key (data, length, error);
}

/* ------------------------------------------------------------------------------------------ */
/* What each operation sends                                                                   */

static const IsplicCallDesc order_call = {
  isplic_client_order_async, "soft.order.param", ISPLIC_CALL_MONEY,
  N_("The order may or may not have been placed."), parse_order, order_result_free,
};
static const IsplicCallDesc renew_preview_call = {
  isplic_client_renew_preview_async, "service.prolong", ISPLIC_CALL_READ, NULL, parse_prolong,
  prolong_result_free,
};
static const IsplicCallDesc renew_call = {
  isplic_client_renew_async, "service.prolong", ISPLIC_CALL_MONEY,
  N_("The renewal may or may not have gone through."), parse_prolong, prolong_result_free,
};
static const IsplicCallDesc edit_call = {
  isplic_client_edit_async, "soft.edit", ISPLIC_CALL_CHANGE, NULL, parse_ok, NULL,
};
static const IsplicCallDesc change_tariff_call = {
  isplic_client_change_tariff_async, "service.changepricelist", ISPLIC_CALL_MONEY,
  N_("The tariff change may or may not have gone through."), parse_ok, NULL,
};
static const IsplicCallDesc suspend_call = {
  isplic_client_suspend_async, "soft.suspend", ISPLIC_CALL_CHANGE, NULL, parse_ok, NULL,
};
static const IsplicCallDesc resume_call = {
  isplic_client_resume_async, "soft.resume", ISPLIC_CALL_CHANGE, NULL, parse_ok, NULL,
};
static const IsplicCallDesc delete_call = {
  isplic_client_delete_async, "soft.delete", ISPLIC_CALL_CHANGE, NULL, parse_ok, NULL,
};
static const IsplicCallDesc check_ip_call = {
  isplic_client_check_ip_async, "soft.checkip", ISPLIC_CALL_READ, NULL, parse_ok, NULL,
};
static const IsplicCallDesc new_key_call = {
  isplic_client_new_key_async, "soft.edit", ISPLIC_CALL_CHANGE, NULL, parse_new_key, g_free,
};


/* ------------------------------------------------------------------------------------------ */
/* Helpers for the operations                                                                  */

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
  return period <= 0 ? _("The period must be 1 or 12 months.") : isplic_call_no_id_message ();
}

/* The ids joined by ", ", each once; NULL when @ids is empty or has an invalid id.
 * (transfer full) */
static char *
join_ids (const char * const *ids)
{
  g_auto(GStrv) unique = NULL;

  if (ids == NULL || ids[0] == NULL)
    return NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    if (!isplic_id_is_valid (ids[i]))
      return NULL;
  unique = isplic_ids_dedup (ids, NULL);
  return g_strjoinv (", ", unique);
}

/* ------------------------------------------------------------------------------------------ */
/* Order                                                                                       */

static gboolean
validate_order (const IsplicOrderParams  *params,
                const IsplicTariff      **tariff_out,
                char                    **message)
{
  const IsplicTariff *tariff;

  tariff = isplic_tariff_lookup (params->tariff_id);
  if (tariff == NULL)
    {
      *message = unknown_tariff_message (params->tariff_id);
      return FALSE;
    }
  if ((*message = isplic_name_check (params->name)) != NULL)
    return FALSE;
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
      isplic_call_return_invalid_input (self, isplic_client_order_async, cancellable, callback,
                                        user_data, message);
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

  isplic_call_start (self, &order_call, pairs, n, GINT_TO_POINTER (params->to_cart), NULL,
                     cancellable, callback, user_data);
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
  if (!isplic_call_finish (self, result, isplic_client_order_async, (gpointer *) &order, error))
    return FALSE;
  if (license_id != NULL)
    *license_id = g_steal_pointer (&order->license_id);
  if (billorder_id != NULL)
    *billorder_id = g_steal_pointer (&order->billorder_id);
  order_result_free (order);
  return TRUE;
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

  if (!isplic_id_is_valid (id) || period <= 0)
    {
      isplic_call_return_invalid_input (self, isplic_client_renew_preview_async, cancellable,
                                        callback, user_data, renew_input_message (period));
      return;
    }

  period_text = g_strdup_printf ("%d", period);
  {
    const char * const pairs[] = { "elid", id, "period", period_text };
    isplic_call_start (self, &renew_preview_call, pairs, G_N_ELEMENTS (pairs),
                       GINT_TO_POINTER (FALSE), NULL, cancellable, callback, user_data);
  }
}

/* Takes the result's new expiry: (transfer full, nullable). */
static GDateTime *
steal_new_expiry (ProlongResult *prolong)
{
  GDateTime *expiry = g_steal_pointer (&prolong->new_expiry);

  prolong_result_free (prolong);
  return expiry;
}

GDateTime *
isplic_client_renew_preview_finish (IsplicClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  ProlongResult *prolong = NULL;

  if (!isplic_call_finish (self, result, isplic_client_renew_preview_async,
                           (gpointer *) &prolong, error))
    return NULL;
  return steal_new_expiry (prolong);
}

/* @evidence (nullable): journal-only pairs, names and values alternately, NULL-terminated. */
static void
renew_start (IsplicClient        *self,
             const char * const  *ids,
             const char * const  *evidence,
             int                  period,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *elid = NULL;
  g_autofree char *period_text = NULL;

  elid = join_ids (ids);
  if (elid == NULL || period <= 0)
    {
      isplic_call_return_invalid_input (self, isplic_client_renew_async, cancellable, callback,
                                        user_data, renew_input_message (period));
      return;
    }

  period_text = g_strdup_printf ("%d", period);
  pairs = g_ptr_array_new ();
  g_ptr_array_add (pairs, (gpointer) "elid");
  g_ptr_array_add (pairs, elid);
  g_ptr_array_add (pairs, (gpointer) "period");
  g_ptr_array_add (pairs, period_text);
  g_ptr_array_add (pairs, (gpointer) "sok");
  g_ptr_array_add (pairs, (gpointer) "ok");
  for (guint i = 0; evidence != NULL && evidence[i] != NULL && evidence[i + 1] != NULL; i += 2)
    {
      g_ptr_array_add (pairs, (gpointer) evidence[i]);
      g_ptr_array_add (pairs, (gpointer) evidence[i + 1]);
    }
  isplic_call_start (self, &renew_call, (const char * const *) pairs->pdata, pairs->len,
                     GINT_TO_POINTER (TRUE), NULL, cancellable, callback, user_data);
}

void
isplic_client_renew_async (IsplicClient        *self,
                           const char * const  *ids,
                           int                  period,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  renew_start (self, ids, NULL, period, cancellable, callback, user_data);
}

void
isplic_client_renew_licenses_async (IsplicClient        *self,
                                    IsplicLicense * const *licenses,
                                    guint                n_licenses,
                                    int                  period,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  g_return_if_fail (licenses != NULL || n_licenses == 0);

  for (guint i = 0; i < n_licenses; i++)
    {
      const char *id = isplic_license_get_id (licenses[i]);
      GDateTime *expires = isplic_license_get_expires (licenses[i]);

      g_ptr_array_add (ids, (gpointer) id);
      if (expires != NULL && isplic_id_is_valid (id))
        {
          g_ptr_array_add (evidence, g_strconcat (ISPLIC_JOURNAL_ONLY_PREFIX "expires.", id,
                                                  NULL));
          g_ptr_array_add (evidence, g_date_time_format (expires, "%Y-%m-%d"));
        }
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (evidence, NULL);
  renew_start (self, (const char * const *) ids->pdata, (const char * const *) evidence->pdata,
               period, cancellable, callback, user_data);
}

gboolean
isplic_client_renew_finish (IsplicClient  *self,
                            GAsyncResult  *result,
                            GDateTime    **new_expiry,
                            GError       **error)
{
  ProlongResult *prolong = NULL;
  GDateTime *expiry;

  if (new_expiry != NULL)
    *new_expiry = NULL;
  if (!isplic_call_finish (self, result, isplic_client_renew_async, (gpointer *) &prolong, error))
    return FALSE;
  expiry = steal_new_expiry (prolong);
  if (new_expiry != NULL)
    *new_expiry = expiry;
  else
    g_clear_pointer (&expiry, g_date_time_unref);
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
  g_autofree char *message = NULL;
  const char *pairs[8];
  gsize n = 0;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!isplic_id_is_valid (id))
    {
      isplic_call_return_no_id (self, isplic_client_edit_async, cancellable, callback, user_data);
      return;
    }
  if (name != NULL)
    message = isplic_name_check (name);
  if (message == NULL && ip != NULL && !isplic_ip_is_valid (ip))
    message = g_strdup_printf (_("“%s” is not a valid IP address."), ip);
  if (message != NULL)
    {
      isplic_call_return_invalid_input (self, isplic_client_edit_async, cancellable, callback,
                                        user_data, message);
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

  isplic_call_start (self, &edit_call, pairs, n, NULL, NULL, cancellable, callback, user_data);
}

gboolean
isplic_client_edit_finish (IsplicClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_edit_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Change tariff                                                                               */

void
isplic_client_change_tariff_async (IsplicClient        *self,
                                   const char          *id,
                                   const char          *tariff_id,
                                   guint                nodes,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  isplic_call_start_tariff_change (self, &change_tariff_call, id, tariff_id, nodes, TRUE,
                                   cancellable, callback, user_data);
}

gboolean
isplic_client_change_tariff_finish (IsplicClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_change_tariff_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Suspend, resume, delete                                                                     */

static void
group_action (IsplicClient          *self,
              const IsplicCallDesc  *desc,
              const char * const    *ids,
              GCancellable          *cancellable,
              GAsyncReadyCallback    callback,
              gpointer               user_data)
{
  g_autofree char *elid = join_ids (ids);

  if (elid == NULL)
    {
      isplic_call_return_no_id (self, desc->source_tag, cancellable, callback, user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", elid, "sok", "ok" };
    isplic_call_start (self, desc, pairs, G_N_ELEMENTS (pairs), NULL, NULL, cancellable,
                       callback, user_data);
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
  group_action (self, &suspend_call, ids, cancellable, callback, user_data);
}

gboolean
isplic_client_suspend_finish (IsplicClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_suspend_async, NULL, error);
}

void
isplic_client_resume_async (IsplicClient        *self,
                            const char * const  *ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  group_action (self, &resume_call, ids, cancellable, callback, user_data);
}

gboolean
isplic_client_resume_finish (IsplicClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_resume_async, NULL, error);
}

void
isplic_client_delete_async (IsplicClient        *self,
                            const char * const  *ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  group_action (self, &delete_call, ids, cancellable, callback, user_data);
}

gboolean
isplic_client_delete_finish (IsplicClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_delete_async, NULL, error);
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
      isplic_call_return_invalid_input (self, isplic_client_check_ip_async, cancellable,
                                        callback, user_data, message);
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
    isplic_call_start (self, &check_ip_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                       cancellable, callback, user_data);
  }
}

gboolean
isplic_client_check_ip_finish (IsplicClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_check_ip_async, NULL, error);
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

  if (!isplic_id_is_valid (id))
    {
      isplic_call_return_no_id (self, isplic_client_new_key_async, cancellable, callback, user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", id, "clicked_button", "newkey", "sok", "ok" };
    isplic_call_start (self, &new_key_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                       cancellable, callback, user_data);
  }
}

char *
isplic_client_new_key_finish (IsplicClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gpointer key = NULL;

  if (!isplic_call_finish (self, result, isplic_client_new_key_async, &key, error))
    return NULL;
  return key;
}
