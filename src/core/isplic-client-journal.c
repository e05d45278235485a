/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The journal's open entries at start: a change or charge that was sent when the program (or the
 * machine) stopped before the answer was written. Each is looked into with the server — nothing
 * is ever sent again — then ended in the journal and told once.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-transport-private.h"
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

typedef enum {
  SEEN_NOTHING = 0,  /* the list cannot tell */
  SEEN_MADE,         /* the license shows the change */
  SEEN_NOT_MADE,     /* the license shows it was not made */
} Seen;

static Seen
seen_if (gboolean made)
{
  return made ? SEEN_MADE : SEEN_NOT_MADE;
}

/* What the license @id (NULL: not in the list) shows of the entry's change. */
static Seen
judge_license (IsplicJournalEntry *entry,
               const char         *id,
               IsplicLicense      *license)
{
  const char *op = entry->operation;
  IsplicLicenseStatus status;

  if (g_strcmp0 (op, "soft.delete") == 0)
    return seen_if (license == NULL
                    || isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_DELETED);
  if (license == NULL)
    return SEEN_NOTHING;
  status = isplic_license_get_status (license);
  if (g_strcmp0 (op, "soft.suspend") == 0 || g_strcmp0 (op, "soft.resume") == 0)
    {
      /* A license still being processed shows neither. */
      if (status == ISPLIC_LICENSE_STATUS_UNKNOWN || status == ISPLIC_LICENSE_STATUS_PROCESSING)
        return SEEN_NOTHING;
      return seen_if (status == (g_str_equal (op, "soft.suspend")
                                 ? ISPLIC_LICENSE_STATUS_SUSPENDED
                                 : ISPLIC_LICENSE_STATUS_ACTIVE));
    }
  if (g_str_has_prefix (op, "service.changepricelist"))
    {
      const char *tariff = g_hash_table_lookup (entry->params, "pricelist");
      const char *now = isplic_license_get_tariff_id (license);

      return tariff == NULL || now == NULL || *now == '\0' ? SEEN_NOTHING
             : seen_if (g_strcmp0 (tariff, now) == 0);
    }
  if (g_strcmp0 (op, "service.prolong") == 0)
    {
      g_autofree char *name = g_strconcat (ISPLIC_JOURNAL_ONLY_PREFIX "expires.", id, NULL);
      const char *before = g_hash_table_lookup (entry->params, name);
      g_autofree char *now = NULL;

      if (before == NULL || isplic_license_get_expires (license) == NULL)
        return SEEN_NOTHING;
      /* Renewed: a later expiry (or an earlier one: a suspended license renews from today). */
      now = g_date_time_format (isplic_license_get_expires (license), "%Y-%m-%d");
      return seen_if (g_strcmp0 (before, now) != 0);
    }
  if (g_strcmp0 (op, "soft.edit") == 0)
    {
      const char *ip = g_hash_table_lookup (entry->params, "ip");
      const char *name = g_hash_table_lookup (entry->params, "licname");
      const char *auto_renew = g_hash_table_lookup (entry->params, "autoprolong");
      const char *nodes = g_hash_table_lookup (entry->params, "addon_55236");

      /* A new key cannot be told from the list. */
      if (g_hash_table_contains (entry->params, "clicked_button")
          || (ip == NULL && name == NULL && auto_renew == NULL && nodes == NULL))
        return SEEN_NOTHING;
      if (nodes != NULL && isplic_license_get_nodes (license) <= 0)
        return SEEN_NOTHING;
      return seen_if ((nodes == NULL
                       || g_ascii_strtoll (nodes, NULL, 10) == isplic_license_get_nodes (license))
                      && (ip == NULL || isplic_ip_equal (ip, isplic_license_get_ip (license)))
                      && (name == NULL || g_strcmp0 (name, isplic_license_get_name (license)) == 0)
                      && (auto_renew == NULL
                          || isplic_parse_auto_renew (auto_renew)
                             == isplic_license_get_auto_renew (license)));
    }
  return SEEN_NOTHING;
}

/* A change of licenses that are in the list: judged by what each shows now. A charge is "not
 * done" only when no license shows it; a mix is told as it is. */
static gboolean
judge_change (IsplicJournalEntry *entry,
              GHashTable         *by_id)
{
  g_autoptr(GString) made = g_string_new (NULL);
  g_autoptr(GString) not_made = g_string_new (NULL);

  if (entry->licenses == NULL || entry->licenses[0] == NULL)
    return FALSE;
  for (guint i = 0; entry->licenses[i] != NULL; i++)
    {
      const char *id = entry->licenses[i];

      switch (judge_license (entry, id, g_hash_table_lookup (by_id, id)))
        {
        case SEEN_MADE:
          g_string_append_printf (made, "%s%s", made->len > 0 ? ", " : "", id);
          break;
        case SEEN_NOT_MADE:
          g_string_append_printf (not_made, "%s%s", not_made->len > 0 ? ", " : "", id);
          break;
        case SEEN_NOTHING:
        default:
          return FALSE;
        }
    }
  if (not_made->len == 0)
    {
      entry->outcome = ISPLIC_JOURNAL_DONE;
      /* Translators: %s is one license id or several, separated by commas. */
      entry->message = g_strdup_printf (_("It was made: the licenses show it (%s)."), made->str);
    }
  else if (made->len == 0)
    {
      entry->outcome = ISPLIC_JOURNAL_NOT_DONE;
      /* Translators: %s is one license id or several, separated by commas. */
      entry->message = g_strdup_printf (_("It was not made: the licenses do not show it (%s)."),
                                        not_made->str);
    }
  else
    {
      entry->outcome = ISPLIC_JOURNAL_UNKNOWN;
      /* Translators: both %s are license ids, separated by commas. */
      entry->message = g_strdup_printf (_("Only partly made: licenses %s show it, licenses %s do "
                                           "not. Check them before doing it again."),
                                        made->str, not_made->str);
    }
  return TRUE;
}

static void
judge (IsplicJournalEntry *entry,
       GPtrArray          *licenses,
       GHashTable         *by_id)
{
  if (g_strcmp0 (entry->operation, "soft.order.param") == 0 && licenses != NULL)
    {
      judge_order (entry, licenses);
      return;
    }
  if (by_id != NULL && judge_change (entry, by_id))
    return;
  /* The list cannot tell this one either way. */
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
  g_autoptr(GHashTable) by_id = NULL;

  if (licenses != NULL)
    {
      by_id = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < licenses->len; i++)
        g_hash_table_insert (by_id, (gpointer) isplic_license_get_id (licenses->pdata[i]),
                             licenses->pdata[i]);
    }
  for (guint i = 0; i < data->entries->len; i++)
    {
      IsplicJournalEntry *entry = data->entries->pdata[i];

      g_clear_pointer (&entry->message, g_free);
      judge (entry, licenses, by_id);
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
  if (data->entries->len == 0)
    {
      finish (task, NULL);
      return;
    }
  /* The evidence: the list as it is now. */
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
