/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The money reconcile: after an order, a renewal or a tariff change ended with
 * ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN, look at the account for evidence of what happened. Never
 * guess: DONE and NOT_DONE only when the evidence proves it, UNKNOWN otherwise. Nothing here
 * sends a money request.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-transport-private.h"
#include "isplic-util.h"

/* The verdict travels as the task's pointer: a plain boolean result could not carry NOT_DONE. */
#define VERDICT_TO_POINTER(v) GINT_TO_POINTER ((v) + 1)
#define VERDICT_FROM_POINTER(p) ((IsplicVerdict) (GPOINTER_TO_INT (p) - 1))

static gboolean
is_address_char (char c)
{
  return g_ascii_isxdigit (c) || c == '.' || c == ':';
}

/* TRUE when @text names @ip as a whole word ("Lite, 203.0.113.10 (web)"). */
static gboolean
text_names_ip (const char *text,
               const char *ip)
{
  gsize length = strlen (ip);

  if (text == NULL || length == 0)
    return FALSE;
  for (const char *p = strstr (text, ip); p != NULL; p = strstr (p + 1, ip))
    if ((p == text || !is_address_char (p[-1])) && !is_address_char (p[length]))
      return TRUE;
  return FALSE;
}

static guint64
id_number (IsplicLicense *license)
{
  return g_ascii_strtoull (isplic_license_get_id (license), NULL, 10);
}

/* ------------------------------------------------------------------------------------------ */
/* Order                                                                                       */

typedef struct
{
  char *ip;                 /* owned */
  char *name;               /* owned */
  GHashTable *ids_before;   /* owned, nullable: ids known before the order was sent */
  IsplicLicense *license;   /* owned, nullable: the result */
  char *cart_item;          /* owned, nullable: the result */
} ReconcileOrder;

static void
reconcile_order_free (gpointer data)
{
  ReconcileOrder *match = data;

  g_free (match->ip);
  g_free (match->name);
  g_clear_pointer (&match->ids_before, g_hash_table_unref);
  g_clear_object (&match->license);
  g_free (match->cart_item);
  g_free (match);
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
  gboolean old_at_ip = FALSE;
  GError *error = NULL;

  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  if (licenses == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* One license per IP: a license at the order's IP that was not there before is the order's,
   * whatever name the server gave it (it may shorten or normalise names). */
  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);

      if (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_DELETED)
        continue;
      if (!isplic_ip_equal (isplic_license_get_ip (license), match->ip))
        continue;
      if (match->ids_before == NULL ||
          g_hash_table_contains (match->ids_before, isplic_license_get_id (license)))
        {
          old_at_ip = TRUE;
          continue;
        }
      /* The newest one wins if, against the odds, there are several. */
      if (found == NULL || id_number (license) > id_number (found))
        found = license;
    }

  if (found != NULL)
    {
      match->license = g_object_ref (found);
      g_task_return_pointer (task, VERDICT_TO_POINTER (ISPLIC_VERDICT_DONE), NULL);
    }
  else if (match->ids_before == NULL && old_at_ip)
    /* A license at that IP, but nobody knows whether it is new. */
    g_task_return_pointer (task, VERDICT_TO_POINTER (ISPLIC_VERDICT_UNKNOWN), NULL);
  else
    g_task_return_pointer (task, VERDICT_TO_POINTER (ISPLIC_VERDICT_NOT_DONE), NULL);
}

static gpointer
parse_cart (const char  *data,
            gsize        length,
            gpointer     parse_data,
            GError     **error)
{

  return isplic_parse_cart (data, length, error);
}

static const IsplicCallDesc cart_call = {
  isplic_client_reconcile_order_async, "basket", ISPLIC_CALL_READ, NULL, parse_cart,
  (GDestroyNotify) g_ptr_array_unref, .optional = TRUE,
};

static void
reconcile_order_cart_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReconcileOrder *match = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  if (!isplic_call_finish (ISPLIC_CLIENT (source), result, isplic_client_reconcile_order_async,
                           (gpointer *) &items, &error))
    {
      /* No cart to look in (billmgr does not offer it here, or it failed): no evidence. */
      g_autoptr(GError) why = error;
      g_task_return_new_error (task, why->domain, why->code,
                               _("Could not read the cart to check: %s"), why->message);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      IsplicCartItem *item = g_ptr_array_index (items, i);

      if (isplic_ip_equal (item->ip, match->ip) || text_names_ip (item->text, match->ip))
        {
          match->cart_item = g_strdup (item->id != NULL ? item->id : "");
          g_task_return_pointer (task, VERDICT_TO_POINTER (ISPLIC_VERDICT_DONE), NULL);
          return;
        }
    }
  g_task_return_pointer (task, VERDICT_TO_POINTER (ISPLIC_VERDICT_NOT_DONE), NULL);
}

void
isplic_client_reconcile_order_async (IsplicClient            *self,
                                     const IsplicOrderParams *params,
                                     const char * const      *ids_before,
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

  if (!isplic_ip_is_valid (params->ip))
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                               _("The order to look for has no valid IP address."));
      return;
    }

  match = g_new0 (ReconcileOrder, 1);
  match->ip = g_strstrip (g_strdup (params->ip));
  match->name = g_strstrip (g_strdup (params->name != NULL ? params->name : ""));
  if (ids_before != NULL)
    {
      match->ids_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; ids_before[i] != NULL; i++)
        g_hash_table_add (match->ids_before, g_strdup (ids_before[i]));
    }
  g_task_set_task_data (task, match, reconcile_order_free);

  if (params->to_cart)
    isplic_call_start (self, &cart_call, NULL, 0, NULL, NULL, cancellable,
                       reconcile_order_cart_cb, g_steal_pointer (&task));
  else
    isplic_client_list_async (self, cancellable, reconcile_order_list_cb,
                              g_steal_pointer (&task));
}

gboolean
isplic_client_reconcile_order_finish (IsplicClient   *self,
                                      GAsyncResult   *result,
                                      IsplicVerdict  *verdict,
                                      IsplicLicense **license,
                                      char          **cart_item,
                                      GError        **error)
{
  ReconcileOrder *match;
  gpointer value = NULL;

  if (verdict != NULL)
    *verdict = ISPLIC_VERDICT_UNKNOWN;
  if (license != NULL)
    *license = NULL;
  if (cart_item != NULL)
    *cart_item = NULL;
  if (!isplic_call_finish (self, result, isplic_client_reconcile_order_async, &value, error))
    return FALSE;

  match = g_task_get_task_data (G_TASK (result));
  if (verdict != NULL)
    *verdict = VERDICT_FROM_POINTER (value);
  if (license != NULL)
    *license = match->license != NULL ? g_object_ref (match->license) : NULL;
  if (cart_item != NULL)
    *cart_item = g_strdup (match->cart_item);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Renew                                                                                       */

typedef struct
{
  GDateTime *old_expiry;  /* owned, nullable */
  GDateTime *expiry;      /* owned, nullable: the result */
} ReconcileRenew;

static void
reconcile_renew_free (gpointer data)
{
  ReconcileRenew *state = data;

  g_clear_pointer (&state->old_expiry, g_date_time_unref);
  g_clear_pointer (&state->expiry, g_date_time_unref);
  g_free (state);
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

static void
reconcile_renew_details_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReconcileRenew *state = g_task_get_task_data (task);
  g_autoptr(IsplicLicense) license = NULL;
  IsplicVerdict verdict;
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

  /* A renewal moves the expiry: later for an active license, possibly earlier for a suspended
   * one (it counts from today). Without both dates there is no evidence. */
  if (expiry == NULL || state->old_expiry == NULL)
    verdict = ISPLIC_VERDICT_UNKNOWN;
  else if (same_day (expiry, state->old_expiry))
    verdict = ISPLIC_VERDICT_NOT_DONE;
  else
    verdict = ISPLIC_VERDICT_DONE;
  g_task_return_pointer (task, VERDICT_TO_POINTER (verdict), NULL);
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
isplic_client_reconcile_renew_finish (IsplicClient   *self,
                                      GAsyncResult   *result,
                                      IsplicVerdict  *verdict,
                                      GDateTime     **expiry,
                                      GError        **error)
{
  ReconcileRenew *state;
  gpointer value = NULL;

  if (verdict != NULL)
    *verdict = ISPLIC_VERDICT_UNKNOWN;
  if (expiry != NULL)
    *expiry = NULL;
  if (!isplic_call_finish (self, result, isplic_client_reconcile_renew_async, &value, error))
    return FALSE;

  state = g_task_get_task_data (G_TASK (result));
  if (verdict != NULL)
    *verdict = VERDICT_FROM_POINTER (value);
  if (expiry != NULL)
    *expiry = state->expiry != NULL ? g_date_time_ref (state->expiry) : NULL;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Change tariff                                                                               */

static void
reconcile_tariff_details_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *tariff_id = g_task_get_task_data (task);
  g_autoptr(IsplicLicense) license = NULL;
  const char *now_id;
  IsplicVerdict verdict;
  GError *error = NULL;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (license == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  now_id = isplic_license_get_tariff_id (license);
  if (now_id == NULL || *now_id == '\0')
    {
      const IsplicTariff *now = isplic_tariff_find (isplic_license_get_tariff_name (license));
      now_id = now != NULL ? now->id : NULL;
    }

  if (now_id == NULL)
    verdict = ISPLIC_VERDICT_UNKNOWN;
  else if (g_strcmp0 (now_id, tariff_id) == 0)
    verdict = ISPLIC_VERDICT_DONE;
  else
    verdict = ISPLIC_VERDICT_NOT_DONE;
  g_task_return_pointer (task, VERDICT_TO_POINTER (verdict), NULL);
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
  const IsplicTariff *tariff;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_reconcile_tariff_async);
  tariff = isplic_tariff_lookup (tariff_id);
  if (tariff == NULL)
    {
      g_task_return_new_error (task, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT,
                               _("No tariff was given."));
      return;
    }
  g_task_set_task_data (task, g_strdup (tariff->id), g_free);

  isplic_client_get_details_async (self, id, cancellable, reconcile_tariff_details_cb,
                                   g_steal_pointer (&task));
}

gboolean
isplic_client_reconcile_tariff_finish (IsplicClient   *self,
                                       GAsyncResult   *result,
                                       IsplicVerdict  *verdict,
                                       GError        **error)
{
  gpointer value = NULL;

  if (verdict != NULL)
    *verdict = ISPLIC_VERDICT_UNKNOWN;
  if (!isplic_call_finish (self, result, isplic_client_reconcile_tariff_async, &value, error))
    return FALSE;
  if (verdict != NULL)
    *verdict = VERDICT_FROM_POINTER (value);
  return TRUE;
}
