/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The journal's open entries at start: a change or charge that was sent when the program (or the
 * machine) stopped before the answer was written. Each is looked into with the server — nothing
 * is ever sent again — then ended in the journal and told once.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-util.h"

typedef struct
{
  GPtrArray *entries;   /* owned: IsplicJournalEntry, open, of this account */
} Reconcile;

static void
reconcile_free (Reconcile *data)
{
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_free (data);
}

static gboolean
same_day_or_later (GDateTime *date,
                   GDateTime *since)
{
  g_autoptr(GDateTime) day = NULL;

  if (date == NULL || since == NULL)
    return FALSE;
  day = g_date_time_add_full (since, 0, 0, 0, -g_date_time_get_hour (since),
                              -g_date_time_get_minute (since),
                              -g_date_time_get_seconds (since));
  return g_date_time_compare (date, day) >= 0;
}

/* A paid order: one license per IP, so a license at the order's IP made since the order is the
 * order's, and none at that IP proves it was not placed. */
static void
judge_order (IsplicJournalEntry *entry,
             GPtrArray          *licenses)
{
  const char *ip = g_hash_table_lookup (entry->params, "ip");
  const char *cart = g_hash_table_lookup (entry->params, "skipbasket");

  if (g_strcmp0 (cart, "off") == 0 || ip == NULL)
    {
      entry->outcome = ISPLIC_JOURNAL_UNKNOWN;
      entry->message = g_strdup (_("It may be in the cart: check the cart in the billing panel."));
      return;
    }
  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = licenses->pdata[i];

      if (g_strcmp0 (isplic_license_get_ip (license), ip) != 0)
        continue;
      if (same_day_or_later (isplic_license_get_created (license), entry->sent))
        {
          entry->outcome = ISPLIC_JOURNAL_DONE;
          /* Translators: %s is a license id. */
          entry->message = g_strdup_printf (_("It was placed: license %s."),
                                            isplic_license_get_id (license));
        }
      else
        {
          entry->outcome = ISPLIC_JOURNAL_UNKNOWN;
          entry->message = g_strdup (_("A license older than the order is at that IP address: "
                                       "check the billing panel."));
        }
      return;
    }
  entry->outcome = ISPLIC_JOURNAL_NOT_DONE;
  entry->message = g_strdup (_("No license was created and nothing was charged."));
}

static void
judge (IsplicJournalEntry *entry,
       GPtrArray          *licenses)
{
  if (g_strcmp0 (entry->operation, "soft.order.param") == 0 && licenses != NULL)
    {
      judge_order (entry, licenses);
      return;
    }
  /* The list alone cannot prove a renewal, a tariff change or an edit either way. */
  entry->outcome = ISPLIC_JOURNAL_UNKNOWN;
  entry->message = g_strdup (entry->money
                             ? _("It may or may not have been charged: check the license and "
                                 "the account in the billing panel before doing it again.")
                             : _("It may or may not have been made: check the license before "
                                 "doing it again."));
}

static void
finish (GTask     *task,
        GPtrArray *licenses)
{
  IsplicClient *self = g_task_get_source_object (task);
  Reconcile *data = g_task_get_task_data (task);

  for (guint i = 0; i < data->entries->len; i++)
    {
      IsplicJournalEntry *entry = data->entries->pdata[i];

      g_clear_pointer (&entry->message, g_free);
      judge (entry, licenses);
      /* Ended: told once, not at every start. */
      isplic_journal_end (isplic_client_get_journal (self), entry->id, entry->outcome,
                          entry->message, NULL);
    }
  g_task_return_pointer (task, g_steal_pointer (&data->entries),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GError) error = NULL;

  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  if (licenses == NULL)
    {
      /* No evidence today: the entries stay open for the next start. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  finish (task, licenses);
}

void
isplic_client_reconcile_journal_async (IsplicClient        *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *account = NULL;
  Reconcile *data;
  gboolean orders = FALSE;

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_client_reconcile_journal_async);
  data = g_new0 (Reconcile, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) reconcile_free);
  if (isplic_client_get_journal (self) == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  account = isplic_journal_account_name (isplic_client_get_base_url (self),
                                         isplic_client_get_user (self));
  data->entries = isplic_journal_open_entries (isplic_client_get_journal (self), account, NULL);
  if (data->entries == NULL)
    data->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_journal_entry_free);
  for (guint i = 0; i < data->entries->len; i++)
    if (g_strcmp0 (((IsplicJournalEntry *) data->entries->pdata[i])->operation,
                   "soft.order.param") == 0)
      orders = TRUE;
  if (!orders)
    {
      finish (task, NULL);
      return;
    }
  isplic_client_list_async (self, cancellable, list_cb, g_steal_pointer (&task));
}

GPtrArray *
isplic_client_reconcile_journal_finish (IsplicClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
